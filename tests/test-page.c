/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-page.c: news pages with no feed: the seed's ticker block split into
 * its ten items with times resolved in Syria, the seed's article read with
 * no rules, per-source XPath rules, legacy encodings, feed discovery, and
 * only http(s) links coming out of any of them. */
#include "rasid-page.h"
#include "rasid-dates.h"
#include "rasid-test-util.h"

#include <string.h>

static gint64
utc (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static RasidFeed *
parse (const char *name, const char *rules_name, gint64 now)
{
  gsize len;
  g_autofree char *data = rasid_test_read_fixture (name, &len);
  g_autofree char *rules = rules_name ? rasid_test_read_fixture (rules_name, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  RasidFeed *feed = rasid_page_parse (data, len, "https://smartnews-agency.com/ar/news/297410", NULL, rules, now, &error);

  g_assert_no_error (error);
  return feed;
}

static void
test_split_ticker (void)
{
  g_autoptr(GPtrArray) items = rasid_split_ticker ("خبر أول (مصدر) - 11:22 خبر ثان - 09:05 وتكملة بلا وقت");

  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (items, 0), ==, "خبر أول (مصدر) - 11:22");
  g_assert_cmpstr (g_ptr_array_index (items, 1), ==, "خبر ثان - 09:05");
}

static void
test_seed_ticker (void)
{
  /* Read at 12:00 Damascus on 12 May 2018. */
  g_autoptr(RasidFeed) feed = parse ("smart-page.html", "smart-rules.json", utc (2018, 5, 12, 9, 0));
  RasidFeedItem *jisr = NULL;

  g_assert_cmpuint (feed->items->len, ==, 10);
  for (guint i = 0; i < feed->items->len; i++)
    {
      RasidFeedItem *item = g_ptr_array_index (feed->items, i);
      g_assert_true (item->breaking);
      g_assert_nonnull (item->guid);
      if (g_str_has_prefix (item->title, "مقتل طفل"))
        jisr = item;
    }
  g_assert_nonnull (jisr);
  g_assert_true (g_str_has_suffix (jisr->title, "(مصادر محلية) - 11:22"));
  g_assert_cmpint (jisr->published, ==, utc (2018, 5, 12, 8, 22));
  /* 21:08 read at noon is the evening before: midnight rollover. */
  g_assert_cmpint (((RasidFeedItem *) g_ptr_array_index (feed->items, 1))->published, ==, utc (2018, 5, 11, 18, 8));
  g_assert_true (g_str_has_prefix (((RasidFeedItem *) g_ptr_array_index (feed->items, 0))->title, "هيئة الصحة"));
}

static void
test_seed_article (void)
{
  g_autoptr(RasidFeed) feed = parse ("smart-page.html", NULL, 0);
  RasidFeedItem *a;

  g_assert_cmpuint (feed->items->len, ==, 1);
  a = g_ptr_array_index (feed->items, 0);
  g_assert_cmpstr (a->title, ==, "\"فيلق الرحمن\": اجتماعنا مع \"جيش الإسلام\" شمال حلب يهدف لتجاوز الواقع إلى الأمام");
  g_assert_cmpstr (a->author, ==, "عبيدة النبواني");
  g_assert_cmpint (a->published, ==, utc (2018, 5, 12, 8, 47));
  g_assert_cmpstr (a->link, ==, "https://smartnews-agency.com/ar/news/297410");
  g_assert_true (g_str_has_prefix (a->content, "سمارت - حلب\n\nقال الناطق الرسمي"));
  g_assert_nonnull (strstr (a->content, "سحبتالسلطات التركية"));
  /* Scripts, images, navigation and footer are not the article. */
  g_assert_null (strstr (a->content, "tracker"));
  g_assert_null (strstr (a->content, "alert"));
  g_assert_null (strstr (a->content, "جميع الحقوق"));
}

static void
test_rules_and_encoding (void)
{
  g_autoptr(RasidFeed) feed = parse ("list-page-1256.html", "list-rules.json", 0);
  RasidFeedItem *first;

  g_assert_cmpuint (feed->items->len, ==, 2);
  first = g_ptr_array_index (feed->items, 0);
  g_assert_cmpstr (feed->title, ==, "أخبار المدينة");
  g_assert_cmpstr (first->title, ==, "مقتل شاب برصاص مجهولين في مدينة الباب شرق حلب");
  g_assert_cmpstr (first->link, ==, "https://smartnews-agency.com/n/1");
  g_assert_cmpint (first->published, ==, utc (2018, 5, 12, 7, 30));
}

static void
test_bad_rules (void)
{
  const char *bad[] = { "not json", "[]", "{}", "{\"item\": \"//div[\"}", "{\"item\": \"//li\", \"utc_offset\": \"x\"}" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (rasid_page_rules_validate (bad[i], &error));
      g_assert_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
    }
}

static void
test_discovery (void)
{
  gsize len;
  g_autofree char *data = rasid_test_read_fixture ("smart-page.html", &len);
  g_autoptr(GPtrArray) feeds = rasid_page_discover_feeds (data, len, "https://smartnews-agency.com/ar/");
  RasidDiscoveredFeed *f;

  g_assert_cmpuint (feeds->len, ==, 1);
  f = g_ptr_array_index (feeds, 0);
  g_assert_cmpstr (f->url, ==, "https://smartnews-agency.com/ar/rss.xml");
  g_assert_cmpstr (f->type, ==, "application/rss+xml");
  g_assert_cmpstr (f->title, ==, "سمارت - آخر الأخبار");
}

/* Rules are JSON too: bounded before json-glib sees them. */
static void
test_deep_rules (void)
{
  GString *deep = g_string_new ("{\"item\": \"//li\", \"x\": ");
  g_autofree char *rules = NULL;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  const char *page = "<html><body><ul><li>عنوان</li></ul></body></html>";

  for (guint i = 0; i < 200000; i++)
    g_string_append (deep, "{\"a\":[");
  rules = g_string_free (deep, FALSE);
  g_assert_false (rasid_page_rules_validate (rules, &e1));
  g_assert_error (e1, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
  g_assert_null (rasid_page_parse (page, strlen (page), "https://a.example/", NULL, rules, 0, &e2));
  g_assert_error (e2, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
}

static void
test_web_links_only (void)
{
  const char *page =
    "<html><head><title>t</title><link rel=\"canonical\" href=\"javascript:alert(1)\">"
    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"file:///etc/passwd\">"
    "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom.xml\"></head><body><ul>"
    "<li><a href=\"javascript:alert(1)\">خبر أول عن حلب</a></li>"
    "<li><a href=\"data:text/html,x\">خبر ثان عن حمص</a></li>"
    "<li><a href=\"file:///etc/passwd\">خبر ثالث عن درعا</a></li>"
    "<li><a href=\"/ar/4\">خبر رابع عن إدلب</a></li></ul>"
    "<h1>مقال</h1><p>نص المقال.</p></body></html>";
  const char *rules = "{\"item\": \"//li\", \"link\": \"a/@href\"}";
  const char *ticker = "{\"item\": \"//ul\", \"ticker\": true}";
  const char *ticker_page = "<html><body><ul><li>قصف على بلدة كفرنبل جنوب إدلب - 10:05</li></ul></body></html>";
  const char *expected[] = { NULL, NULL, NULL, "https://a.example/ar/4" };
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) listed = rasid_page_parse (page, strlen (page), "https://a.example/", NULL, rules, 0, &error);
  g_autoptr(RasidFeed) article = rasid_page_parse (page, strlen (page), "https://a.example/p", NULL, NULL, 0, &error);
  g_autoptr(RasidFeed) local = rasid_page_parse (page, strlen (page), "file:///tmp/p.html", NULL, NULL, 0, &error);
  g_autoptr(RasidFeed) local_ticker = rasid_page_parse (ticker_page, strlen (ticker_page), "file:///tmp/t.html",
                                                        NULL, ticker, 0, &error);
  g_autoptr(GPtrArray) feeds = rasid_page_discover_feeds (page, strlen (page), "https://a.example/");
  g_autoptr(GPtrArray) local_feeds = rasid_page_discover_feeds (page, strlen (page), "file:///tmp/p.html");

  g_assert_no_error (error);
  g_assert_cmpuint (listed->items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((RasidFeedItem *) g_ptr_array_index (listed->items, i))->link, ==, expected[i]);
  /* A bad canonical link falls back to the page's own address… */
  g_assert_cmpstr (((RasidFeedItem *) g_ptr_array_index (article->items, 0))->link, ==, "https://a.example/p");
  /* …which is no link at all when the page is a local file. */
  g_assert_null (local->link);
  g_assert_null (((RasidFeedItem *) g_ptr_array_index (local->items, 0))->link);
  g_assert_cmpuint (local_ticker->items->len, ==, 1);
  g_assert_null (((RasidFeedItem *) g_ptr_array_index (local_ticker->items, 0))->link);

  /* A web page cannot point Rasid at a local file; a local page may name
   * the feeds beside it. */
  g_assert_cmpuint (feeds->len, ==, 1);
  g_assert_cmpstr (((RasidDiscoveredFeed *) g_ptr_array_index (feeds, 0))->url, ==, "https://a.example/atom.xml");
  g_assert_cmpuint (local_feeds->len, ==, 2);
  g_assert_cmpstr (((RasidDiscoveredFeed *) g_ptr_array_index (local_feeds, 0))->url, ==, "file:///etc/passwd");
  g_assert_cmpstr (((RasidDiscoveredFeed *) g_ptr_array_index (local_feeds, 1))->url, ==, "file:///atom.xml");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/page/split-ticker", test_split_ticker);
  g_test_add_func ("/page/seed-ticker", test_seed_ticker);
  g_test_add_func ("/page/seed-article", test_seed_article);
  g_test_add_func ("/page/rules-encoding", test_rules_and_encoding);
  g_test_add_func ("/page/bad-rules", test_bad_rules);
  g_test_add_func ("/page/discovery", test_discovery);
  g_test_add_func ("/page/deep-rules", test_deep_rules);
  g_test_add_func ("/page/web-links-only", test_web_links_only);
  return g_test_run ();
}
