/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-regressions.c: replays the inputs the fuzzers once broke Rasid with
 * (fuzz/crashes/) through the ordinary build, checking what callers rely
 * on: no crash, valid UTF-8 out, an error with every refused document. */
#include "rasid-dates.h"
#include "rasid-feed.h"
#include "rasid-html.h"
#include "rasid-page.h"
#include "rasid-test-util.h"

#include <string.h>

static void
assert_feed_utf8 (RasidFeed *feed)
{
  g_assert_true (feed->title == NULL || g_utf8_validate (feed->title, -1, NULL));
  for (guint i = 0; i < feed->items->len; i++)
    {
      RasidFeedItem *item = g_ptr_array_index (feed->items, i);
      g_assert_true (item->title == NULL || g_utf8_validate (item->title, -1, NULL));
      g_assert_true (item->content == NULL || g_utf8_validate (item->content, -1, NULL));
      g_assert_true (item->summary == NULL || g_utf8_validate (item->summary, -1, NULL));
      g_assert_true (item->author == NULL || g_utf8_validate (item->author, -1, NULL));
    }
}

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  if (g_str_has_prefix (name, "feed-"))
    {
      g_autoptr(RasidFeed) feed = rasid_feed_parse (bytes, len, "https://example.org/", &error);
      if (feed)
        assert_feed_utf8 (feed);
      else
        {
          g_assert_nonnull (error);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }
  else if (g_str_has_prefix (name, "html-"))
    {
      g_autofree char *text = rasid_html_to_text (bytes, len);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
  else if (g_str_has_prefix (name, "dates-"))
    {
      g_autofree char *line = g_strndup (bytes, len);
      rasid_parse_date (line, NULL);
    }
  else if (g_str_has_prefix (name, "page-"))
    {
      /* The page harness's first byte picks its mode; the rest is the page. */
      g_autoptr(RasidFeed) feed = rasid_page_parse (bytes + 1, len - 1, "https://example.org/", "utf-8", NULL, 0, &error);
      if (feed)
        assert_feed_utf8 (feed);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GDir) dir = g_dir_open (CRASHES_DIR, 0, NULL);
  const char *name;

  g_test_init (&argc, &argv, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *test = g_strdup_printf ("/regressions/%s", name);
      g_test_add_data_func_full (test, g_build_filename (CRASHES_DIR, name, NULL), replay, g_free);
    }
  return g_test_run ();
}
