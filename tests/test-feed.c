/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-feed.c: every syndication format, and hostile documents: XML and
 * JSON bombs, links with schemes Rasid must not keep, OPML lists that name
 * local files. */
#include "rasid-feed.h"
#include "rasid-ingest.h"
#include "rasid-opml.h"
#include "rasid-test-util.h"
#include "feed-expect.h"

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

/* Every category of issue 12, each with its own fixtures in
 * tests/fixtures/feeds/ and what a careful reader expects in expect.tsv. */
static void
test_expectations (void)
{
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = rasid_test_fixture ("feeds");
  guint total = feed_expect_run (dir, failures);

  for (guint i = 0; i < failures->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (failures, i));
  g_test_message ("%u of %u expectations met", total - failures->len, total);
  g_assert_cmpuint (total, >=, 70);
  g_assert_cmpuint (failures->len, ==, 0);
}

/* A feed cut off in its third item: two items, and a warning that says so. */
static void
test_recovery_warning (void)
{
  const char *cut = "<rss version=\"2.0\"><channel><title>t</title><item><title>one</title></item>"
                    "<item><title>two</title><link>https://example.org/2</link></item><item><title>thr";
  const char *clean = "<rss version=\"2.0\"><channel><title>t</title><item><title>one</title></item></channel></rss>";
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = rasid_feed_parse (cut, strlen (cut), NULL, &error);
  g_autoptr(RasidFeed) good = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (feed->items->len, ==, 2);
  g_assert_cmpstr (item (feed, 1)->link, ==, "https://example.org/2");
  g_assert_nonnull (feed->warning);
  g_assert_nonnull (strstr (feed->warning, "2 items recovered"));
  good = rasid_feed_parse (clean, strlen (clean), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (good->warning);
}

/* Declared entities stay unexpanded, undeclared HTML ones are decoded,
 * and neither DTD nor entity is fetched. */
static void
test_declared_entities_not_expanded (void)
{
  const char *doc = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                    "<rss><channel><item><title>a &secret; &eacute; b</title></item></channel></rss>";
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = rasid_feed_parse (doc, strlen (doc), NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (item (feed, 0)->title, ==, "a é b");
}

/* "[[[…]]]" or {"a":{"a":…1}} @depth levels deep. */
static char *
nested_json (gboolean objects, guint depth)
{
  GString *s = g_string_sized_new (depth * 6 + 2);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, objects ? "{\"a\":" : "[");
  g_string_append (s, objects ? "1" : "");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, objects ? '}' : ']');
  return g_string_free (s, FALSE);
}

/* json-glib recurses once per level: 200 000 levels overflowed the stack
 * (SIGSEGV) in fetch and preview alike. */
static void
test_deep_json (void)
{
  for (int objects = 0; objects <= 1; objects++)
    {
      g_autofree char *deep = nested_json (objects, 200000);
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_autoptr(GError) e3 = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_null (rasid_feed_parse (deep, strlen (deep), NULL, &e1));
      g_assert_error (e1, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
      g_assert_nonnull (strstr (e1->message, "deeper than 256"));
      /* The path preview and refresh take. */
      g_assert_null (rasid_parse_document ("auto", NULL, deep, strlen (deep), NULL, NULL, 0, &e2));
      g_assert_error (e2, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
      g_assert_null (rasid_parse_document ("jsonfeed", NULL, deep, strlen (deep), NULL, NULL, 0, &e3));
      g_assert_error (e3, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
    }
  /* The limit itself is still read. */
  for (int objects = 0; objects <= 1; objects++)
    {
      g_autofree char *ok = nested_json (objects, RASID_JSON_MAX_DEPTH);
      g_autofree char *over = nested_json (objects, RASID_JSON_MAX_DEPTH + 1);
      g_autoptr(GError) error = NULL;

      g_assert_true (rasid_json_check (ok, -1, &error));
      g_assert_no_error (error);
      g_assert_false (rasid_json_check (over, -1, &error));
      g_assert_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
    }
}

/* The scan must agree with json-glib on where strings end, or brackets
 * hidden from it would reach json-glib. */
static void
test_json_check_strings (void)
{
  g_autofree char *deep = nested_json (FALSE, 1000);
  /* Brackets and escaped quotes inside strings are text. */
  const char *fine = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"a \\\" [[[[{{{{ \\\\\","
                     " \"items\": [{\"id\": \"1\", \"title\": \"[\\\"]\", \"content_text\": \"x\"}]}";
  const char *sneaky[][2] = {
    { "['\"', ", "]" },     /* a double quote in a single-quoted string */
    { "[/* \" */ ", "]" },  /* a double quote in a comment */
    { "[1] ", "" },         /* a second document after the first */
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = rasid_feed_parse (fine, strlen (fine), NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (feed->items->len, ==, 1);
  g_assert_cmpstr (item (feed, 0)->title, ==, "[\"]");
  for (guint i = 0; i < G_N_ELEMENTS (sneaky); i++)
    {
      g_autofree char *doc = g_strconcat (sneaky[i][0], deep, sneaky[i][1], NULL);
      g_autoptr(GError) e = NULL;

      g_assert_null (rasid_feed_parse (doc, strlen (doc), NULL, &e));
      g_assert_error (e, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED);
    }
}

static void
test_web_links_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeed) feed = parse_fixture ("bad-links.rss", &error);
  const char *expected[] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                             "https://fixtures.example/ar/news/8", "https://Example.org/9", NULL };

  g_assert_no_error (error);
  g_assert_null (feed->link);
  g_assert_cmpuint (feed->items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (item (feed, i)->link, ==, expected[i]);

  /* Atom, JSON Feed and WordPress alike; a local document's relative links
   * would be local files. */
  {
    const char *atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"data:,x\"/>"
                       "<entry><id>a</id><title>t</title><link href=\"javascript:void(0)\"/></entry>"
                       "<entry><id>b</id><title>t</title><link href=\"b.html\"/></entry></feed>";
    const char *json = "{\"version\": \"https://jsonfeed.org/version/1\", \"home_page_url\": \"file:///etc/\","
                       " \"items\": [{\"id\": \"1\", \"url\": \"javascript:x()\", \"title\": \"t\"},"
                       " {\"id\": \"2\", \"url\": \"https://ok.example/2\", \"title\": \"t\"}]}";
    const char *wp = "[{\"id\": 1, \"link\": \"file:///etc/passwd\", \"title\": {\"rendered\": \"t\"}}]";
    g_autoptr(RasidFeed) a = rasid_feed_parse (atom, strlen (atom), "file:///home/user/feed.atom", &error);
    g_autoptr(RasidFeed) j = rasid_feed_parse (json, strlen (json), "https://ok.example/feed.json", &error);
    g_autoptr(RasidFeed) w = rasid_feed_parse (wp, strlen (wp), "file:///home/user/posts.json", &error);

    g_assert_no_error (error);
    g_assert_null (a->link);
    g_assert_null (item (a, 0)->link);
    g_assert_null (item (a, 1)->link);
    g_assert_null (j->link);
    g_assert_null (item (j, 0)->link);
    g_assert_cmpstr (item (j, 1)->link, ==, "https://ok.example/2");
    g_assert_null (w->link);
    g_assert_null (item (w, 0)->link);
  }
  g_assert_true (rasid_feed_is_web_link ("http://a.example"));
  g_assert_false (rasid_feed_is_web_link ("http://"));
  g_assert_false (rasid_feed_is_web_link ("https:/a.example"));
  g_assert_false (rasid_feed_is_web_link ("ftp://a.example/"));
  g_assert_false (rasid_feed_is_web_link (NULL));
}

static void
test_opml_web_feeds_only (void)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *data = rasid_test_read_fixture ("hostile.opml", &len);
  g_autoptr(GPtrArray) entries = rasid_opml_parse (data, len, &error);
  RasidOpmlEntry *e;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e->url, ==, "https://www.enabbaladi.net/feed");
  g_assert_cmpstr (e->title, ==, "عنب بلدي");
  e = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (e->url, ==, "HTTP://npasyria.com/feed");
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
  g_test_add_func ("/feed/expectations", test_expectations);
  g_test_add_func ("/feed/recovery-warning", test_recovery_warning);
  g_test_add_func ("/feed/declared-entities", test_declared_entities_not_expanded);
  g_test_add_func ("/feed/deep-json", test_deep_json);
  g_test_add_func ("/feed/json-check-strings", test_json_check_strings);
  g_test_add_func ("/feed/web-links-only", test_web_links_only);
  g_test_add_func ("/feed/opml-web-feeds-only", test_opml_web_feeds_only);
  return g_test_run ();
}
