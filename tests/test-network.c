/* test-network.c: real fetching from a real libsoup server on 127.0.0.1:
 * conditional GET, redirects and a redirect loop, HTTP errors with
 * Retry-After, a stalled server, an endless body, invalid and hostile
 * documents. Every case checks what the database holds afterwards and that
 * earlier reports survived. */
#include "rasid-ingest.h"
#include "rasid-test-util.h"

#include <libsoup/soup.h>
#include <string.h>

typedef struct {
  char          *dir;
  char          *path;
  SoupServer    *server;
  char          *base;
  RasidAnalyzer *analyzer;
  RasidIngest   *ingest;
  RasidStore    *store;
  GMainLoop     *loop;
  guint          feed_hits;
  guint          not_modified;
  char          *user_agent;
} Fixture;

static const char *good_feed =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<rss version=\"2.0\"><channel><title>مصدر محلي</title>"
  "<item><title>قصف مدفعي على بلدة كفرنبل جنوب إدلب (ناشطون) - 10:05</title><guid>n1</guid>"
  "<pubDate>Sat, 12 May 2018 10:05:00 +0300</pubDate></item>"
  "<item><title>اشتباكات بين قسد وتنظيم الدولة شرق دير الزور</title><guid>n2</guid>"
  "<pubDate>Sat, 12 May 2018 09:00:00 +0300</pubDate></item>"
  "</channel></rss>";

static void
on_wrote_chunk (SoupServerMessage *msg, gpointer user_data)
{
  static char chunk[32768];
  guint *sent = user_data;

  /* Feeds the body forever (bounded so a broken client cannot hang the test). */
  if (++*sent > 4096)
    {
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      return;
    }
  memset (chunk, ' ', sizeof chunk);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, chunk, sizeof chunk);
}

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  g_free (f->user_agent);
  f->user_agent = g_strdup (soup_message_headers_get_one (req, "User-Agent"));

  if (g_str_equal (path, "/feed.xml"))
    {
      const char *inm = soup_message_headers_get_one (req, "If-None-Match");
      f->feed_hits++;
      soup_message_headers_replace (resp, "ETag", "\"v1\"");
      if (g_strcmp0 (inm, "\"v1\"") == 0)
        {
          f->not_modified++;
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, good_feed, strlen (good_feed));
    }
  else if (g_str_equal (path, "/summaries.xml"))
    {
      /* Summaries only; the article is on the linked page. */
      g_autofree char *feed = g_strdup_printf (
        "<rss version=\"2.0\"><channel><title>ملخصات</title>"
        "<item><title>فيلق الرحمن يجتمع مع جيش الإسلام شمال حلب</title><guid>s1</guid>"
        "<link>%sfixtures/smart-page.html</link><description>ملخص قصير.</description></item>"
        "</channel></rss>", f->base);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed, strlen (feed));
    }
  else if (g_str_equal (path, "/moved"))
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/feed.xml");
    }
  else if (g_str_equal (path, "/loop"))
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/loop");
    }
  else if (g_str_equal (path, "/missing"))
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  else if (g_str_equal (path, "/broken"))
    soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  else if (g_str_equal (path, "/busy"))
    {
      soup_message_headers_replace (resp, "Retry-After", "7200");
      soup_server_message_set_status (msg, 429, "Too Many Requests");
    }
  else if (g_str_equal (path, "/stall"))
    {
      /* Accept the request and never answer. */
      soup_server_message_pause (msg);
    }
  else if (g_str_equal (path, "/endless"))
    {
      guint *sent = g_new0 (guint, 1);
      soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      g_object_set_data_full (G_OBJECT (msg), "sent", sent, g_free);
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk), sent);
      on_wrote_chunk (msg, sent);
    }
  else
    {
      /* /fixtures/NAME serves tests/fixtures/NAME as it is on disk. */
      g_autofree char *data = NULL;
      gsize len;

      if (g_str_has_prefix (path, "/fixtures/") && strstr (path, "..") == NULL)
        {
          g_autofree char *file = rasid_test_fixture (path + strlen ("/fixtures/"));
          if (g_file_get_contents (file, &data, &len, NULL))
            {
              /* The charset travels in the header, as servers send it. */
              const char *type = g_str_has_suffix (path, "-1256.html") ? "text/html; charset=windows-1256"
                                 : g_str_has_suffix (path, ".html") ? "text/html; charset=utf-8" : "application/xml";
              soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
              soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, g_steal_pointer (&data), len);
              return;
            }
        }
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  f->dir = rasid_test_tmpdir ();
  f->path = g_build_filename (f->dir, "rasid.db", NULL);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  /* 127.0.0.1 and nothing else. */
  g_assert_true (soup_server_listen (f->server, address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);
  g_assert_true (g_str_has_prefix (f->base, "http://127.0.0.1:"));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  f->analyzer = rasid_analyzer_new_default (&error);
  g_assert_no_error (error);
  f->ingest = rasid_ingest_new (f->path, f->analyzer);
  rasid_ingest_set_limits (f->ingest, 2, 1024 * 1024);
  f->store = rasid_store_open (f->path, &error);
  g_assert_no_error (error);
  /* A non-empty source list: the defaults (with internet feeds) stay out. */
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->ingest);
  g_clear_object (&f->analyzer);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_main_loop_unref (f->loop);
  rasid_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->base);
  g_free (f->user_agent);
}

static gint64
add (Fixture *f, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (f->base, path + 1, NULL);
  gint64 id = rasid_store_add_source (f->store, url, NULL, NULL, FALSE, &error);

  g_assert_no_error (error);
  return id;
}

static void
on_refreshed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rasid_ingest_refresh_finish (RASID_INGEST (object), res, NULL, &error));
  g_main_loop_quit (f->loop);
}

static void
refresh (Fixture *f)
{
  rasid_ingest_refresh_async (f->ingest, RASID_REFRESH_ALL, NULL, on_refreshed, f);
  g_main_loop_run (f->loop);
}

static RasidSource *
source (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  RasidSource *s = rasid_store_get_source (f->store, id, &error);

  g_assert_no_error (error);
  return s;
}

static gint64
count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = rasid_store_count_reports (f->store, NULL, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_fetch_and_not_modified (Fixture *f, gconstpointer data)
{
  gint64 id = add (f, "/feed.xml");
  g_autoptr(RasidSource) first = NULL;
  g_autoptr(RasidSource) second = NULL;

  refresh (f);
  first = source (f, id);
  g_assert_null (first->last_error);
  g_assert_cmpint (first->last_status, ==, 200);
  g_assert_cmpuint (first->new_count, ==, 2);
  g_assert_cmpstr (first->etag, ==, "\"v1\"");
  g_assert_cmpstr (first->title, ==, "مصدر محلي");
  g_assert_cmpint (count (f), ==, 2);
  g_assert_nonnull (f->user_agent);
  g_assert_true (g_str_has_prefix (f->user_agent, "Rasid/"));

  /* The second fetch is conditional and costs nothing. */
  refresh (f);
  second = source (f, id);
  g_assert_cmpuint (f->not_modified, ==, 1);
  g_assert_cmpint (second->last_status, ==, 304);
  g_assert_null (second->last_error);
  g_assert_cmpint (count (f), ==, 2);
}

static void
test_redirects (Fixture *f, gconstpointer data)
{
  gint64 moved = add (f, "/moved");
  gint64 loop = add (f, "/loop");
  g_autoptr(RasidSource) m = NULL;
  g_autoptr(RasidSource) l = NULL;

  refresh (f);
  m = source (f, moved);
  l = source (f, loop);
  g_assert_null (m->last_error);
  g_assert_cmpint (count (f), ==, 2);
  g_assert_nonnull (l->last_error);
  g_assert_cmpuint (l->failures, ==, 1);
}

static void
test_http_errors_keep_reports (Fixture *f, gconstpointer data)
{
  gint64 good = add (f, "/feed.xml");
  gint64 missing, broken, busy;
  g_autoptr(RasidSource) s404 = NULL;
  g_autoptr(RasidSource) s500 = NULL;
  g_autoptr(RasidSource) s429 = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  refresh (f);
  g_assert_cmpint (count (f), ==, 2);
  (void) good;
  missing = add (f, "/missing");
  broken = add (f, "/broken");
  busy = add (f, "/busy");
  refresh (f);

  s404 = source (f, missing);
  s500 = source (f, broken);
  s429 = source (f, busy);
  g_assert_cmpint (s404->last_status, ==, 404);
  g_assert_cmpstr (s404->last_error, ==, "HTTP 404");
  g_assert_cmpint (s500->last_status, ==, 500);
  g_assert_cmpint (s429->last_status, ==, 429);
  /* Retry-After: 7200 is respected. */
  g_assert_cmpint (s429->next_fetch, >=, now + 7200);
  /* A failing source backs off. */
  g_assert_cmpint (s404->next_fetch, >, now);
  g_assert_cmpint (count (f), ==, 2);
}

static void
test_stalled_server_times_out (Fixture *f, gconstpointer data)
{
  gint64 id = add (f, "/stall");
  g_autoptr(RasidSource) s = NULL;
  gint64 start = g_get_monotonic_time ();

  refresh (f);
  s = source (f, id);
  g_assert_nonnull (s->last_error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static void
test_endless_body_is_cut (Fixture *f, gconstpointer data)
{
  gint64 good = add (f, "/feed.xml");
  gint64 id;
  g_autoptr(RasidSource) s = NULL;

  refresh (f);
  (void) good;
  id = add (f, "/endless");
  refresh (f);
  s = source (f, id);
  g_assert_nonnull (s->last_error);
  g_assert_nonnull (strstr (s->last_error, "larger than"));
  g_assert_cmpint (count (f), ==, 2);
}

static void
test_hostile_documents (Fixture *f, gconstpointer data)
{
  gint64 good = add (f, "/feed.xml");
  gint64 invalid, xxe, lol, legacy;
  g_autoptr(RasidSource) si = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  refresh (f);
  (void) good;
  invalid = add (f, "/fixtures/invalid.xml");
  xxe = add (f, "/fixtures/xxe.xml");
  lol = add (f, "/fixtures/billion-laughs.xml");
  legacy = add (f, "/fixtures/windows-1256.xml");
  refresh (f);

  si = source (f, invalid);
  g_assert_nonnull (si->last_error);
  (void) xxe; (void) lol; (void) legacy;
  /* The earlier two, the XXE item (unexpanded), perhaps the laughs item,
   * and the windows-1256 item, decoded. */
  ids = rasid_store_query_ids (f->store, NULL, &error);
  reports = rasid_store_load_reports (f->store, (gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < reports->len; i++)
    {
      const char *title = rasid_report_get_title (g_ptr_array_index (reports, i));
      g_assert_null (strstr (title, "root:"));
      g_assert_cmpuint (strlen (title), <, 500);
    }
  {
    g_autoptr(RasidFilter) filter = rasid_filter_new ();
    filter->query = g_strdup ("اللطامنة");
    g_assert_cmpint (rasid_store_count_reports (f->store, filter, &error), ==, 1);
  }
  g_assert_cmpint (count (f), >=, 4);
}

/* Each syndication format, over HTTP. */
static void
test_formats (Fixture *f, gconstpointer data)
{
  const char *paths[] = { "/fixtures/atom.xml", "/fixtures/rdf.xml", "/fixtures/jsonfeed.json",
                          "/fixtures/wordpress.json", "/fixtures/rss2-entities.xml" };
  const guint expected[] = { 2, 1, 2, 1, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      gint64 id = add (f, paths[i]);
      g_autoptr(RasidSource) s = NULL;

      refresh (f);
      s = source (f, id);
      if (s->last_error)
        g_error ("%s: %s", paths[i], s->last_error);
      g_assert_cmpuint (s->new_count, ==, expected[i]);
    }
  g_assert_cmpint (count (f), ==, 8);
}

static void
test_full_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add (f, "/summaries.xml");
  g_autoptr(GArray) ids = NULL;
  g_autoptr(RasidReport) report = NULL;

  g_assert_true (rasid_store_set_source_options (f->store, id, NULL, NULL, 1, -1, -1, &error));
  refresh (f);
  ids = rasid_store_query_ids (f->store, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  report = rasid_store_load_report (f->store, g_array_index (ids, gint64, 0), &error);
  g_assert_nonnull (strstr (rasid_report_get_body (report), "قال الناطق الرسمي باسم"));
  g_assert_cmpstr (rasid_report_get_author (report), ==, "عبيدة النبواني");
  g_assert_cmpstr (rasid_report_get_dateline (report), ==, "سمارت - حلب");
}

static void
test_html_ticker_page (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rules = rasid_test_read_fixture ("smart-rules.json", NULL);
  gint64 id = add (f, "/fixtures/smart-page.html");
  g_autoptr(RasidFilter) filter = rasid_filter_new ();

  g_assert_true (rasid_store_set_source_options (f->store, id, "html", rules, -1, -1, -1, &error));
  refresh (f);
  filter->breaking_only = TRUE;
  g_assert_cmpint (rasid_store_count_reports (f->store, filter, &error), ==, 10);
  /* Read again: the same ten, not twenty. */
  refresh (f);
  g_assert_cmpint (count (f), ==, 10);
}

static void
test_html_legacy_charset (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rules = rasid_test_read_fixture ("list-rules.json", NULL);
  gint64 id = add (f, "/fixtures/list-page-1256.html");
  g_autoptr(RasidFilter) filter = rasid_filter_new ();

  g_assert_true (rasid_store_set_source_options (f->store, id, "html", rules, -1, -1, -1, &error));
  refresh (f);
  filter->query = g_strdup ("الباب");
  g_assert_cmpint (rasid_store_count_reports (f->store, filter, &error), ==, 1);
  g_clear_pointer (&filter->query, g_free);
  filter->place_id = g_strdup ("SY02");
  g_assert_cmpint (rasid_store_count_reports (f->store, filter, &error), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/network/fetch-and-304", Fixture, NULL, setup, test_fetch_and_not_modified, teardown);
  g_test_add ("/network/redirects", Fixture, NULL, setup, test_redirects, teardown);
  g_test_add ("/network/http-errors", Fixture, NULL, setup, test_http_errors_keep_reports, teardown);
  g_test_add ("/network/stalled", Fixture, NULL, setup, test_stalled_server_times_out, teardown);
  g_test_add ("/network/endless", Fixture, NULL, setup, test_endless_body_is_cut, teardown);
  g_test_add ("/network/hostile", Fixture, NULL, setup, test_hostile_documents, teardown);
  g_test_add ("/network/formats", Fixture, NULL, setup, test_formats, teardown);
  g_test_add ("/network/full-text", Fixture, NULL, setup, test_full_text, teardown);
  g_test_add ("/network/html-ticker", Fixture, NULL, setup, test_html_ticker_page, teardown);
  g_test_add ("/network/html-charset", Fixture, NULL, setup, test_html_legacy_charset, teardown);
  return g_test_run ();
}
