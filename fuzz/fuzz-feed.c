/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-feed.c: rasid_feed_parse() over arbitrary documents (RSS, RDF, Atom
 * through libxml2 after the byte repair, in recovery mode; JSON Feed and
 * WordPress through json-glib). The first byte picks an HTTP charset, so
 * the Content-Type path is fuzzed too. */
#include "fuzz-common.h"
#include "rasid-feed.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_item (const RasidFeedItem *item)
{
  fuzz_check (item != NULL, "items hold no NULL");
  fuzz_check_utf8 (item->guid, "guid");
  fuzz_check_utf8 (item->link, "link");
  fuzz_check (item->link == NULL || rasid_feed_is_web_link (item->link), "item links are http(s)");
  fuzz_check_utf8 (item->title, "title");
  fuzz_check_utf8 (item->summary, "summary");
  fuzz_check_utf8 (item->content, "content");
  fuzz_check_utf8 (item->author, "author");
  for (guint i = 0; item->categories && item->categories[i]; i++)
    fuzz_check_utf8 (item->categories[i], "category");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = NULL;

  /* The parser takes a length, so it gets libFuzzer's own buffer: reading
   * one byte past the document is an ASan report. */
  static const char *charsets[] = { NULL, "windows-1256", "utf-8", "iso-8859-6", "x-no-such-charset" };
  const char *charset = size > 0 ? charsets[data[0] % G_N_ELEMENTS (charsets)] : NULL;

  feed = rasid_feed_parse_with_charset ((const char *) data, size,
                                        "https://example.org/news/feed.xml", charset, &error);
  if (feed == NULL)
    {
      fuzz_check (error != NULL, "a NULL feed comes with an error");
      fuzz_check_utf8 (error->message, "error message");
      return 0;
    }
  fuzz_check (error == NULL, "a feed comes without an error");
  fuzz_check (feed->kind != NULL && feed->items != NULL, "kind and items are set");
  fuzz_check_utf8 (feed->title, "feed title");
  fuzz_check_utf8 (feed->warning, "feed warning");
  fuzz_check_utf8 (feed->link, "feed link");
  fuzz_check (feed->link == NULL || rasid_feed_is_web_link (feed->link), "the feed link is http(s)");
  for (guint i = 0; i < feed->items->len; i++)
    check_item (g_ptr_array_index (feed->items, i));
  return 0;
}
