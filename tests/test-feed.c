/* test-feed.c: every syndication format, and hostile documents. */
#include "rasid-feed.h"
#include "rasid-test-util.h"

#include <string.h>

static RasidFeed *
parse_fixture (const char *name, GError **error)
{
  gsize len;
  g_autofree char *data = rasid_test_read_fixture (name, &len);
  g_autofree char *base = g_strdup_printf ("https://fixtures.example/%s", name);

  return rasid_feed_parse (data, len, base, error);
}

static RasidFeedItem *
item (RasidFeed *feed, guint i)
{
  g_assert_cmpuint (i, <, feed->items->len);
  return g_ptr_array_index (feed->items, i);
}

static void
test_rss2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = parse_fixture ("rss2-entities.xml", &error);
  RasidFeedItem *first;

  g_assert_no_error (error);
  g_assert_cmpstr (feed->kind, ==, "rss");
  g_assert_cmpstr (feed->title, ==, "عنب بلدي");
  g_assert_cmpuint (feed->items->len, ==, 2);
  first = item (feed, 0);
  g_assert_cmpstr (first->title, ==, "مقتل مدنيين & جرح آخرين بقصف على \"معرة النعمان\"");
  g_assert_cmpstr (first->link, ==, "https://www.enabbaladi.net/archives/1001");
  g_assert_cmpstr (first->guid, ==, "enab-1001");
  g_assert_cmpstr (first->author, ==, "فريق التحرير");
  g_assert_true (first->breaking);
  g_assert_cmpint (first->published, ==, 1526109300);
  /* Paragraphs kept, script dropped, nothing of the image. */
  g_assert_cmpstr (first->content, ==, "عنب بلدي - إدلب\n\nقصفت قوات النظام مدينة معرة النعمان.");
  g_assert_null (strstr (first->content, "alert"));
  g_assert_cmpint (item (feed, 1)->published, ==, 0);
  g_assert_false (item (feed, 1)->breaking);
  g_assert_cmpstr (item (feed, 1)->content, ==, "نص مهم فقط");
}

static void
test_atom (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = parse_fixture ("atom.xml", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->kind, ==, "atom");
  g_assert_cmpuint (feed->items->len, ==, 2);
  g_assert_cmpstr (item (feed, 0)->title, ==, "اشتباكات بين قسد وتنظيم الدولة شرق دير الزور");
  g_assert_cmpstr (item (feed, 0)->link, ==, "https://npasyria.com/2018/05/1");
  g_assert_cmpstr (item (feed, 0)->content, ==, "الفقرة الأولى.\n\nالفقرة الثانية.");
  g_assert_cmpstr (item (feed, 0)->author, ==, "مراسل");
  g_assert_cmpint (item (feed, 0)->published, ==, 1526104800);
  /* No <published>: falls back to <updated>. */
  g_assert_cmpint (item (feed, 1)->published, ==, 1526068800);
}

static void
test_rdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = parse_fixture ("rdf.xml", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->kind, ==, "rdf");
  g_assert_cmpuint (feed->items->len, ==, 1);
  g_assert_cmpstr (item (feed, 0)->guid, ==, "https://old.example/a");
}

static void
test_jsonfeed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = parse_fixture ("jsonfeed.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->kind, ==, "jsonfeed");
  g_assert_cmpuint (feed->items->len, ==, 2);
  g_assert_cmpstr (item (feed, 0)->content, ==, "سمارت - إدلب\n\nشنت الطائرات الروسية غارات.");
  g_assert_true (item (feed, 0)->breaking);
  g_assert_cmpstr (item (feed, 0)->author, ==, "محرر");
  g_assert_cmpstr (item (feed, 1)->guid, ==, "2");
}

static void
test_wordpress (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = parse_fixture ("wordpress.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->kind, ==, "wordpress");
  g_assert_cmpstr (item (feed, 0)->title, ==, "افتتاح “مشروع” في حمص");
  g_assert_cmpint (item (feed, 0)->published, ==, 1526112000);
}

static void
test_legacy_encodings (void)
{
  const char *names[] = { "windows-1256.xml", "iso-8859-6.xml", "bom.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RasidFeed) feed = parse_fixture (names[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (feed->title, ==, "موقع قديم");
      g_assert_cmpstr (item (feed, 0)->title, ==, "قصف مدفعي على بلدة اللطامنة شمال حماة");
    }
}

static void
test_xxe_is_not_expanded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = parse_fixture ("xxe.xml", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (feed->items->len, ==, 1);
  g_assert_null (strstr (item (feed, 0)->title, "root:"));
  g_assert_cmpstr (item (feed, 0)->title, ==, "سرقة ملف");
}

static void
test_billion_laughs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = NULL;
  gint64 start = g_get_monotonic_time ();

  feed = parse_fixture ("billion-laughs.xml", &error);
  /* Either refused or parsed without expansion; never gigabytes of "lol". */
  if (feed)
    {
      g_assert_cmpuint (feed->items->len, ==, 1);
      g_assert_cmpuint (strlen (item (feed, 0)->title), <, 100);
    }
  else
    g_assert_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = parse_fixture ("invalid.xml", &error);

  g_assert_null (feed);
  g_assert_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
}

static void
test_not_a_feed (void)
{
  const char *html = "<html><body><p>hi</p></body></html>";
  const char *json = "{\"hello\": 1}";
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;

  g_assert_null (rasid_feed_parse (html, strlen (html), NULL, &e1));
  g_assert_error (e1, RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT);
  g_assert_null (rasid_feed_parse (json, strlen (json), NULL, &e2));
  g_assert_error (e2, RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT);
  g_assert_null (rasid_feed_parse ("   ", 3, NULL, &e3));
  g_assert_error (e3, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/feed/rss2", test_rss2);
  g_test_add_func ("/feed/atom", test_atom);
  g_test_add_func ("/feed/rdf", test_rdf);
  g_test_add_func ("/feed/jsonfeed", test_jsonfeed);
  g_test_add_func ("/feed/wordpress", test_wordpress);
  g_test_add_func ("/feed/legacy-encodings", test_legacy_encodings);
  g_test_add_func ("/feed/xxe", test_xxe_is_not_expanded);
  g_test_add_func ("/feed/billion-laughs", test_billion_laughs);
  g_test_add_func ("/feed/invalid", test_invalid);
  g_test_add_func ("/feed/not-a-feed", test_not_a_feed);
  return g_test_run ();
}
