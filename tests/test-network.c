/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-network.c: real fetching from a real libsoup server on 127.0.0.1:
 * conditional GET, redirects and a redirect loop, HTTP errors with
 * Retry-After, a stalled server, an endless body, invalid and hostile
 * documents. Every case checks what the database holds afterwards and that
 * earlier reports survived. A raw socket server beside it misbehaves where
 * libsoup's server would not: headers and bodies a byte a second, endless
 * headers, a Content-Length it never honours. Local files (devices, FIFOs,
 * folders, files past the limit) go through the same fetcher. */
#include "rasid-fetcher.h"
#include "rasid-ingest.h"
#include "rasid-test-util.h"

#include <libsoup/soup.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

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
  GSocketService *raw;
  char          *raw_base;
  GBytes        *gzip_bomb;
} Fixture;

/* Raw server threads outlive a test by up to a second: they look here, not
 * at the fixture, to know when to stop. */
static gint raw_quit;

static gboolean
raw_sleep (void)
{
  for (int i = 0; i < 10; i++)
    {
      if (g_atomic_int_get (&raw_quit))
        return FALSE;
      g_usleep (G_USEC_PER_SEC / 10);
    }
  return TRUE;
}

static gboolean
raw_write (GOutputStream *out, const char *text)
{
  return !g_atomic_int_get (&raw_quit) &&
         g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

/* One connection: reads the request line, then misbehaves as the path says. */
static gboolean
on_raw_run (GThreadedSocketService *service, GSocketConnection *conn, GObject *source, gpointer user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  char request[4096] = { 0 };
  gsize got = 0;
  gssize n;

  while (got < sizeof request - 1 && !strstr (request, "\r\n\r\n") &&
         (n = g_input_stream_read (in, request + got, sizeof request - 1 - got, NULL, NULL)) > 0)
    got += n;

  if (g_str_has_prefix (request, "GET /dribble-body "))
    {
      /* A whole answer, at one byte a second: each read is quick enough. */
      const char *feed = "<rss version=\"2.0\"><channel><title>slow</title></channel></rss>"
                         "                                                                  ";
      if (raw_write (out, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"))
        for (const char *p = feed; *p && raw_sleep (); p++)
          if (!g_output_stream_write_all (out, p, 1, NULL, NULL, NULL))
            break;
    }
  else if (g_str_has_prefix (request, "GET /dribble-headers "))
    {
      if (raw_write (out, "HTTP/1.1 200 OK\r\nX-Slow: "))
        for (int i = 0; i < 60 && raw_sleep () && raw_write (out, "a"); i++)
          ;
    }
  else if (g_str_has_prefix (request, "GET /endless-headers "))
    {
      /* As fast as the client reads, up to 256 MB. */
      g_autofree char *line = g_strdup_printf ("X-Junk: %01000d\r\n", 0);
      if (raw_write (out, "HTTP/1.1 200 OK\r\n"))
        for (int i = 0; i < 256 * 1024 && raw_write (out, line); i++)
          ;
    }
  else if (g_str_has_prefix (request, "GET /huge-length "))
    {
      /* Announces a gigabyte, then stalls. */
      if (raw_write (out, "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 1000000000\r\n\r\n<rss>"))
        for (int i = 0; i < 30 && raw_sleep (); i++)
          ;
    }
  else
    raw_write (out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return TRUE;
}

/* 32 MB of spaces, gzipped to about 32 KB. */
static GBytes *
make_gzip_bomb (void)
{
  g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (gzip));
  g_autofree char *block = g_malloc (1024 * 1024);

  memset (block, ' ', 1024 * 1024);
  g_assert_true (g_output_stream_write_all (out, "<rss version=\"2.0\"><channel>", 28, NULL, NULL, NULL));
  for (int i = 0; i < 32; i++)
    g_assert_true (g_output_stream_write_all (out, block, 1024 * 1024, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

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

/* A feed of one item with a summary only: the article is on the page at
 * @base@page. */
static void
respond_summaries (SoupServerMessage *msg, const char *channel, const char *title, const char *guid,
                   const char *base, const char *page)
{
  g_autofree char *feed = g_strdup_printf (
    "<rss version=\"2.0\"><channel><title>%s</title>"
    "<item><title>%s</title><guid>%s</guid>"
    "<link>%s%s</link><description>ملخص قصير.</description></item>"
    "</channel></rss>", channel, title, guid, base, page);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed, strlen (feed));
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
    respond_summaries (msg, "ملخصات", "فيلق الرحمن يجتمع مع جيش الإسلام شمال حلب", "s1", f->base,
                       "fixtures/smart-page.html");
  else if (g_str_equal (path, "/slow-summaries.xml"))
    /* The article page of its one item answers a byte a second. */
    respond_summaries (msg, "ملخصات بطيئة", "افتتاح مدرسة جديدة في مدينة الباب", "slow1", f->raw_base,
                       "dribble-body");
  else if (g_str_equal (path, "/gzip-bomb.xml"))
    {
      soup_message_headers_replace (resp, "Content-Encoding", "gzip");
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (f->gzip_bomb, NULL), g_bytes_get_size (f->gzip_bomb));
    }
  else if (g_str_equal (path, "/deep.json"))
    {
      GString *deep = g_string_new (NULL);
      for (int i = 0; i < 200000; i++)
        g_string_append (deep, i % 2 ? "[" : "{\"a\":");
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, deep->str, deep->len);
      g_string_free (deep, FALSE);
    }
  else if (g_str_equal (path, "/to-file"))
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "file:///etc/passwd");
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
                                 : g_str_has_suffix (path, "-1256.xml") ? "application/rss+xml; charset=windows-1256"
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

  /* The raw server, on 127.0.0.1 too. */
  {
    g_autoptr(GSocketAddress) raw_address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_atomic_int_set (&raw_quit, 0);
    f->raw = g_threaded_socket_service_new (8);
    g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (f->raw), raw_address, G_SOCKET_TYPE_STREAM,
                                                  G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
    g_assert_no_error (error);
    g_signal_connect (f->raw, "run", G_CALLBACK (on_raw_run), NULL);
    g_socket_service_start (f->raw);
    f->raw_base = g_strdup_printf ("http://127.0.0.1:%u/",
                                   g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  }
  f->gzip_bomb = make_gzip_bomb ();

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
  g_atomic_int_set (&raw_quit, 1);
  g_socket_service_stop (f->raw);
  g_socket_listener_close (G_SOCKET_LISTENER (f->raw));
  g_clear_object (&f->raw);
  g_free (f->raw_base);
  g_bytes_unref (f->gzip_bomb);
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

/* A page source at @path read with the rules in the fixture @rules. */
static gint64
add_page (Fixture *f, const char *path, const char *rules)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = rasid_test_read_fixture (rules, NULL);
  gint64 id = add (f, path);

  g_assert_true (rasid_store_set_source_options (f->store, id, "html", json, -1, -1, -1, &error));
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
  g_autoptr(RasidFilter) filter = rasid_filter_new ();

  add_page (f, "/fixtures/smart-page.html", "smart-rules.json");
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
  g_autoptr(RasidFilter) filter = rasid_filter_new ();

  add_page (f, "/fixtures/list-page-1256.html", "list-rules.json");
  refresh (f);
  filter->query = g_strdup ("الباب");
  g_assert_cmpint (rasid_store_count_reports (f->store, filter, &error), ==, 1);
  g_clear_pointer (&filter->query, g_free);
  filter->place_id = g_strdup ("SY02");
  g_assert_cmpint (rasid_store_count_reports (f->store, filter, &error), ==, 1);
}

/* An XML feed's charset: a BOM first, then the encoding declaration, then
 * the Content-Type's charset (all three served as windows-1256). */
static void
test_feed_http_charset (Fixture *f, gconstpointer data)
{
  const char *paths[] = { "/fixtures/feeds/charset-nodecl-1256.xml", "/fixtures/feeds/charset-bom-1256.xml",
                          "/fixtures/feeds/charset-decl-1256.xml" };
  const char *words[] = { "اللطامنة", "منبج", "سراقب" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RasidFilter) filter = rasid_filter_new ();
      gint64 id = add (f, paths[i]);
      g_autoptr(RasidSource) s = NULL;

      refresh (f);
      s = source (f, id);
      g_assert_null (s->last_error);
      g_assert_null (s->last_warning);
      g_assert_cmpuint (s->new_count, ==, 1);
      /* Decoded right: the title's words are found. */
      filter->query = g_strdup (words[i]);
      g_assert_cmpint (rasid_store_count_reports (f->store, filter, &error), ==, 1);
    }
}

/* A feed cut off: its complete items are stored, and the source's last
 * warning says how many were recovered. */
static void
test_feed_recovered_warning (Fixture *f, gconstpointer data)
{
  gint64 id = add (f, "/fixtures/feeds/malformed-truncated.rss");
  g_autoptr(RasidSource) s = NULL;

  refresh (f);
  s = source (f, id);
  g_assert_null (s->last_error);
  g_assert_nonnull (s->last_warning);
  g_assert_nonnull (strstr (s->last_warning, "2 items recovered"));
}

static gint64
add_url (Fixture *f, const char *url)
{
  g_autoptr(GError) error = NULL;
  gint64 id = rasid_store_add_source (f->store, url, NULL, NULL, FALSE, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
add_raw (Fixture *f, const char *path)
{
  g_autofree char *url = g_strconcat (f->raw_base, path, NULL);

  return add_url (f, url);
}

static void
assert_error_has (Fixture *f, gint64 id, const char *words)
{
  g_autoptr(RasidSource) s = source (f, id);

  g_test_message ("%s: %s", s->url, s->last_error);
  if (s->last_error == NULL || strstr (s->last_error, words) == NULL)
    g_error ("%s: expected an error with “%s”, got “%s”", s->url, words, s->last_error);
}

/* Each read comes within the 2 s timeout, so only the deadline (2 × 3 s)
 * ends these; it used to take as long as the server liked. */
static void
test_deadline (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 body = add_raw (f, "dribble-body");
  gint64 headers = add_raw (f, "dribble-headers");
  gint64 slow = add (f, "/slow-summaries.xml");
  gint64 good = add (f, "/feed.xml");
  g_autoptr(RasidSource) s = NULL;
  g_autoptr(RasidSource) g = NULL;
  gint64 start, elapsed;

  g_assert_true (rasid_store_set_source_options (f->store, slow, NULL, NULL, 1, -1, -1, &error));
  start = g_get_monotonic_time ();
  refresh (f);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("refresh with dribbling servers: %.1f s", elapsed / (double) G_USEC_PER_SEC);

  assert_error_has (f, body, "deadline");
  assert_error_has (f, headers, "deadline");
  /* The article page is under the deadline too: the report keeps its summary. */
  s = source (f, slow);
  g_assert_null (s->last_error);
  g_assert_cmpuint (s->new_count, ==, 1);
  g = source (f, good);
  g_assert_cmpuint (g->new_count, ==, 2);
  g_assert_cmpint (count (f), ==, 3);
  g_assert_cmpint (elapsed, >=, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, 12 * G_USEC_PER_SEC);
}

static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *hwm;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(hwm = strstr (status, "VmHWM:")))
    return 0;
  return g_ascii_strtoll (hwm + strlen ("VmHWM:"), NULL, 10);
}

/* Bodies past the 1 MB limit however they come, headers without end, a
 * JSON bomb, a redirect to a local file: each a clear error, quickly, and
 * never the whole thing in memory. */
static void
test_bounded (Fixture *f, gconstpointer data)
{
  gint64 good = add (f, "/feed.xml");
  gint64 bomb = add (f, "/gzip-bomb.xml");
  gint64 deep = add (f, "/deep.json");
  gint64 to_file = add (f, "/to-file");
  gint64 huge = add_raw (f, "huge-length");
  gint64 endless = add_raw (f, "endless-headers");
  gint64 before = peak_rss_kb ();
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  refresh (f);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("hostile servers: %.1f s, peak RSS %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " kB",
                  elapsed / (double) G_USEC_PER_SEC, before, peak_rss_kb ());
  (void) good;
  assert_error_has (f, bomb, "larger than");
  assert_error_has (f, huge, "larger than");
  assert_error_has (f, deep, "deeper than 256");
  assert_error_has (f, to_file, "");
  assert_error_has (f, endless, "");
  g_assert_cmpint (count (f), ==, 2);
  /* The announced gigabyte is refused at the headers, not after a timeout. */
  g_assert_cmpint (elapsed, <, 6 * G_USEC_PER_SEC);
  g_assert_cmpint (peak_rss_kb () - before, <, 128 * 1024);
}

typedef struct {
  GMainLoop        *loop;
  RasidFetchResult *result;
  GError           *error;
} Fetched;

static void
on_fetched (GObject *object, GAsyncResult *res, gpointer user_data)
{
  Fetched *r = user_data;

  r->result = rasid_fetcher_fetch_finish (RASID_FETCHER (object), res, &r->error);
  g_main_loop_quit (r->loop);
}

static void
fetch_expecting (RasidFetcher *fetcher, GMainLoop *loop, const char *url, int code)
{
  Fetched r = { loop, NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  rasid_fetcher_fetch_async (fetcher, url, NULL, NULL, NULL, on_fetched, &r);
  g_main_loop_run (loop);
  g_test_message ("%s: %s", url, r.error ? r.error->message : "fetched");
  if (code < 0)
    {
      g_assert_no_error (r.error);
      g_assert_nonnull (r.result->body);
    }
  else
    {
      g_assert_null (r.result);
      g_assert_error (r.error, RASID_FETCH_ERROR, code);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_clear_error (&r.error);
  g_clear_pointer (&r.result, rasid_fetch_result_free);
}

/* file:///dev/zero used to be read until memory ran out (3.5 GB), and a
 * FIFO blocked the fetch for ever. */
static void
test_local_files (Fixture *f, gconstpointer data)
{
  g_autoptr(RasidFetcher) fetcher = rasid_fetcher_new ();
  g_autofree char *fifo = g_build_filename (f->dir, "fifo", NULL);
  g_autofree char *big = g_build_filename (f->dir, "big.xml", NULL);
  g_autofree char *small = rasid_test_fixture ("atom.xml");
  g_autofree char *fifo_url = g_filename_to_uri (fifo, NULL, NULL);
  g_autofree char *big_url = g_filename_to_uri (big, NULL, NULL);
  g_autofree char *dir_url = g_filename_to_uri (f->dir, NULL, NULL);
  g_autofree char *small_url = g_filename_to_uri (small, NULL, NULL);
  g_autofree char *filler = g_malloc0 (1024 * 1024 + 1);
  gint64 zero;

  rasid_fetcher_set_limits (fetcher, 2, 1024 * 1024);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_set_contents (big, filler, 1024 * 1024 + 1, NULL));

  fetch_expecting (fetcher, f->loop, "file:///dev/zero", RASID_FETCH_ERROR_NOT_REGULAR);
  fetch_expecting (fetcher, f->loop, fifo_url, RASID_FETCH_ERROR_NOT_REGULAR);
  fetch_expecting (fetcher, f->loop, dir_url, RASID_FETCH_ERROR_NOT_REGULAR);
  fetch_expecting (fetcher, f->loop, big_url, RASID_FETCH_ERROR_TOO_LARGE);
  fetch_expecting (fetcher, f->loop, small_url, -1);
  fetch_expecting (fetcher, f->loop, "resource:///io/github/rasid/Rasid/sources.tsv", -1);

  /* And as a source, the refusal is its health. */
  zero = add_url (f, "file:///dev/zero");
  refresh (f);
  assert_error_has (f, zero, "Not a regular file");
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
  g_test_add ("/network/feed-charset", Fixture, NULL, setup, test_feed_http_charset, teardown);
  g_test_add ("/network/feed-recovered", Fixture, NULL, setup, test_feed_recovered_warning, teardown);
  g_test_add ("/network/deadline", Fixture, NULL, setup, test_deadline, teardown);
  g_test_add ("/network/bounded", Fixture, NULL, setup, test_bounded, teardown);
  g_test_add ("/network/local-files", Fixture, NULL, setup, test_local_files, teardown);
  return g_test_run ();
}
