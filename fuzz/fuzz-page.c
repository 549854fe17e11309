/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-page.c: rasid_page_parse() and rasid_page_discover_feeds() over
 * arbitrary HTML pages. The first byte picks what is done with the rest:
 * its low two bits read it as an article (no rules), with SMART's ticker
 * rules, with list rules (title, link, time, author XPaths), or look for
 * feed links; the next bits pick the charset an HTTP header would give. */
#include "fuzz-common.h"
#include "rasid-page.h"

static const char *const rules[] = {
  NULL,
  "{\"item\": \"//div[@id='breaking']//div[@class='ticker-text']\", \"ticker\": true, \"utc_offset\": \"+03:00\"}",
  "{\"item\": \"//ul[@class='news']/li\", \"title\": \"a\", \"link\": \"a/@href\", "
  "\"time\": \"span[@class='date']\", \"author\": \"string(@data-author)\", \"body\": \"p\"}",
};

static const char *const charsets[] = { NULL, "utf-8", "windows-1256" };

/* 2018-05-12 09:00 UTC, the day of the seed pages. */
#define NOW G_GINT64_CONSTANT (1526115600)

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_feed (RasidFeed *feed, GError *error)
{
  if (feed == NULL)
    {
      fuzz_check (error != NULL, "a NULL feed comes with an error");
      fuzz_check_utf8 (error->message, "error message");
      return;
    }
  fuzz_check (error == NULL, "a feed comes without an error");
  fuzz_check_utf8 (feed->title, "page title");
  for (guint i = 0; i < feed->items->len; i++)
    {
      RasidFeedItem *item = g_ptr_array_index (feed->items, i);

      fuzz_check (item->title != NULL && *item->title != 0, "items have a title");
      fuzz_check_utf8 (item->title, "title");
      fuzz_check_utf8 (item->link, "link");
      fuzz_check (item->link == NULL || rasid_feed_is_web_link (item->link), "item links are http(s)");
      fuzz_check_utf8 (item->guid, "guid");
      fuzz_check_utf8 (item->content, "content");
      fuzz_check_utf8 (item->author, "author");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *page;
  gsize len;
  guint mode;
  const char *charset;

  if (size < 1)
    return 0;
  mode = data[0] % (G_N_ELEMENTS (rules) + 1);
  charset = charsets[(data[0] >> 2) % G_N_ELEMENTS (charsets)];
  page = (const char *) data + 1;
  len = size - 1;
  (void) rasid_page_looks_like_html (page, len);

  if (mode < G_N_ELEMENTS (rules))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RasidFeed) feed = rasid_page_parse (page, len, "https://example.org/ar/news/1",
                                                    charset, rules[mode], NOW, &error);
      check_feed (feed, error);
    }
  else
    {
      g_autoptr(GPtrArray) feeds = rasid_page_discover_feeds (page, len, "https://example.org/ar/");

      for (guint i = 0; i < feeds->len; i++)
        {
          RasidDiscoveredFeed *f = g_ptr_array_index (feeds, i);

          fuzz_check (f->url != NULL, "discovered feeds have a URL");
          fuzz_check_utf8 (f->url, "feed URL");
          fuzz_check_utf8 (f->title, "feed title");
        }
    }
  return 0;
}
