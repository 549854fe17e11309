/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-source-health.c: a fetch's failure classified into the causes the
 * UI tells (rasid-source-health.c), against a real libsoup server on
 * 127.0.0.1, a port nothing listens on and one that never answers; the
 * probe an address is checked with before it is added
 * (rasid-source-probe.c); and the cause stored with the source by a real
 * fetch through RasidIngest. */
#include "rasid-ingest.h"
#include "rasid-page.h"
#include "rasid-source-health.h"
#include "rasid-source-probe.h"
#include "rasid-test-util.h"

#include <libsoup/soup.h>
#include <string.h>

static const char feed_xml[] =
  "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>وكالة الاختبار</title>"
  "<item><title>قصف على بلدة كفرنبل في ريف إدلب</title><link>http://127.0.0.1/a</link><guid>a</guid>"
  "<pubDate>Mon, 06 May 2024 10:00:00 +0300</pubDate></item>"
  "<item><title>اشتباكات في ريف حلب الشمالي</title><link>http://127.0.0.1/b</link><guid>b</guid>"
  "<pubDate>Mon, 06 May 2024 11:00:00 +0300</pubDate></item>"
  "<item><title>افتتاح مدرسة في دير الزور</title><link>http://127.0.0.1/c</link><guid>c</guid>"
  "<pubDate>Mon, 06 May 2024 12:00:00 +0300</pubDate></item>"
  "</channel></rss>";
static const char home_html[] =
  "<!DOCTYPE html><html><head><title>الرئيسية</title>"
  "<link rel='alternate' type='application/rss+xml' title='التعليقات' href='/comments.xml'>"
  "<link rel='alternate' type='application/rss+xml' title='الأخبار' href='/feed.xml'>"
  "</head><body><p>أهلًا</p></body></html>";
static const char plain_html[] =
  "<!DOCTYPE html><html><head><title>صفحة عادية</title></head><body><h1>عن الموقع</h1>"
  "<p>لا خلاصة هنا.</p></body></html>";
static const char unknown_xml[] = "<?xml version='1.0'?><inventory><thing>x</thing></inventory>";
static const char malformed_xml[] = "<?xml version='1.0'?><rss version='2.0'><channel><title>x</ti";
static gboolean missing_appears;   /* /missing answers with the feed */

typedef struct {
  SoupServer     *server;
  char           *base;
  char           *refused;     /* an address nothing listens on */
  GSocketListener *silent;     /* accepts connections, never answers */
  char           *stalled;
  char           *dir;
  RasidFetcher   *fetcher;
} Fixture;

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  static const struct { const char *path, *type, *body; } pages[] = {
    { "/feed.xml", "application/rss+xml", feed_xml },
    { "/comments.xml", "application/rss+xml", feed_xml },
    { "/home.html", "text/html; charset=utf-8", home_html },
    { "/about.html", "text/html; charset=utf-8", plain_html },
    { "/unknown.xml", "application/xml", unknown_xml },
    { "/malformed.xml", "application/rss+xml", malformed_xml },
  };

  if (missing_appears && g_str_equal (path, "/missing"))
    path = "/feed.xml";
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (path, pages[i].path))
      {
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, pages[i].type, SOUP_MEMORY_STATIC, pages[i].body,
                                          strlen (pages[i].body));
        return;
      }
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static char *
refused_address (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  /* Closed without listening: the port refuses. */
  return g_strdup_printf ("http://127.0.0.1:%u/feed.xml",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  guint16 port;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, NULL, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);
  if (g_str_has_suffix (f->base, "/"))
    f->base[strlen (f->base) - 1] = 0;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->refused = refused_address ();
  f->silent = g_socket_listener_new ();
  port = g_socket_listener_add_any_inet_port (f->silent, NULL, &error);
  g_assert_no_error (error);
  f->stalled = g_strdup_printf ("http://127.0.0.1:%u/feed.xml", port);
  f->dir = rasid_test_tmpdir ();
  f->fetcher = rasid_fetcher_new ();
  rasid_fetcher_set_limits (f->fetcher, 1, 1024 * 1024);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->fetcher);
  g_socket_listener_close (f->silent);
  g_clear_object (&f->silent);
  g_clear_object (&f->server);
  rasid_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_free (f->refused);
  g_free (f->stalled);
}

static void
on_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (res);
}

static GAsyncResult *
wait_for (GAsyncResult **res)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*res == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *res;
}

static RasidSourceProbe *
probe (Fixture *f, const char *url, RasidSourceCause *cause, guint *status, GError **error)
{
  g_autoptr(GAsyncResult) res = NULL;

  rasid_source_probe_async (f->fetcher, url, NULL, on_done, &res);
  return rasid_source_probe_finish (wait_for (&res), cause, status, error);
}

static void
test_causes_of_errors (void)
{
  static const struct { GQuark (*domain) (void); int code; RasidSourceCause cause; } cases[] = {
    { g_resolver_error_quark, G_RESOLVER_ERROR_NOT_FOUND, RASID_SOURCE_CAUSE_RESOLVE },
    { g_resolver_error_quark, G_RESOLVER_ERROR_TEMPORARY_FAILURE, RASID_SOURCE_CAUSE_RESOLVE },
    { g_io_error_quark, G_IO_ERROR_CONNECTION_REFUSED, RASID_SOURCE_CAUSE_REFUSED },
    { g_io_error_quark, G_IO_ERROR_TIMED_OUT, RASID_SOURCE_CAUSE_TIMED_OUT },
    { g_io_error_quark, G_IO_ERROR_NETWORK_UNREACHABLE, RASID_SOURCE_CAUSE_NETWORK },
    { g_tls_error_quark, G_TLS_ERROR_BAD_CERTIFICATE, RASID_SOURCE_CAUSE_TLS },
    { rasid_fetch_error_quark, RASID_FETCH_ERROR_DEADLINE, RASID_SOURCE_CAUSE_TIMED_OUT },
    { rasid_fetch_error_quark, RASID_FETCH_ERROR_TOO_LARGE, RASID_SOURCE_CAUSE_TOO_LARGE },
    { rasid_fetch_error_quark, RASID_FETCH_ERROR_NOT_REGULAR, RASID_SOURCE_CAUSE_UNSUPPORTED },
    { rasid_fetch_error_quark, RASID_FETCH_ERROR_HTTP, RASID_SOURCE_CAUSE_HTTP },
    { rasid_feed_error_quark, RASID_FEED_ERROR_MALFORMED, RASID_SOURCE_CAUSE_MALFORMED },
    { rasid_feed_error_quark, RASID_FEED_ERROR_UNKNOWN_FORMAT, RASID_SOURCE_CAUSE_NOT_FEED },
    { rasid_store_error_quark, RASID_STORE_ERROR_LOCKED, RASID_SOURCE_CAUSE_STORE },
    { g_io_error_quark, G_IO_ERROR_FAILED, RASID_SOURCE_CAUSE_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain (), cases[i].code, "x");
      RasidSourceCause cause = rasid_source_cause_from_error (error);

      g_assert_cmpint (cause, ==, cases[i].cause);
      /* Stored by name and read back as the same cause. */
      g_assert_cmpint (rasid_source_cause_from_string (rasid_source_cause_to_string (cause)), ==, cause);
    }
  g_assert_cmpint (rasid_source_cause_from_string (NULL), ==, RASID_SOURCE_CAUSE_NONE);
  g_assert_cmpint (rasid_source_cause_from_string ("written-by-a-newer-rasid"), ==, RASID_SOURCE_CAUSE_OTHER);
  g_assert_cmpint (rasid_source_cause_from_status (200), ==, RASID_SOURCE_CAUSE_NONE);
  g_assert_cmpint (rasid_source_cause_from_status (304), ==, RASID_SOURCE_CAUSE_NONE);
  g_assert_cmpint (rasid_source_cause_from_status (503), ==, RASID_SOURCE_CAUSE_HTTP);
  g_assert_true (rasid_source_cause_is_network (RASID_SOURCE_CAUSE_REFUSED));
  g_assert_false (rasid_source_cause_is_network (RASID_SOURCE_CAUSE_HTTP));
  g_assert_false (rasid_source_cause_is_network (RASID_SOURCE_CAUSE_NOT_FEED));
  {
    g_autofree char *text = rasid_source_cause_describe (RASID_SOURCE_CAUSE_HTTP, 404);
    g_assert_nonnull (strstr (text, "404"));
  }
}

static void
test_choose_feed (void)
{
  g_autoptr(GPtrArray) feeds = rasid_page_discover_feeds (home_html, strlen (home_html), "http://127.0.0.1/");
  RasidDiscoveredFeed *chosen = rasid_page_choose_feed (feeds);

  g_assert_cmpuint (feeds->len, ==, 2);
  /* The comments feed comes first on the page, but the news is chosen. */
  g_assert_cmpstr (chosen->url, ==, "http://127.0.0.1/feed.xml");
  g_ptr_array_set_size (feeds, 0);
  g_assert_null (rasid_page_choose_feed (feeds));
}

static void
test_probe (Fixture *f, gconstpointer data)
{
  struct { const char *path; RasidSourceCause cause; guint status; } cases[] = {
    { "/missing", RASID_SOURCE_CAUSE_HTTP, 404 },
    { "/about.html", RASID_SOURCE_CAUSE_NOT_FEED, 200 },
    { "/unknown.xml", RASID_SOURCE_CAUSE_NOT_FEED, 200 },
    { "/malformed.xml", RASID_SOURCE_CAUSE_MALFORMED, 200 },
  };

  {
    g_autofree char *url = g_strconcat (f->base, "/feed.xml", NULL);
    RasidSourceCause cause = RASID_SOURCE_CAUSE_OTHER;
    g_autoptr(GError) error = NULL;
    g_autoptr(RasidSourceProbe) p = probe (f, url, &cause, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cause, ==, RASID_SOURCE_CAUSE_NONE);
    g_assert_cmpstr (p->url, ==, url);
    g_assert_null (p->page_url);
    g_assert_cmpstr (p->feed->title, ==, "وكالة الاختبار");
    g_assert_cmpuint (p->feed->items->len, ==, 3);
  }
  {
    g_autofree char *url = g_strconcat (f->base, "/home.html", NULL);
    g_autofree char *feed = g_strconcat (f->base, "/feed.xml", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(RasidSourceProbe) p = probe (f, url, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (p->page_url, ==, url);
    g_assert_cmpstr (p->url, ==, feed);
    g_assert_cmpuint (p->n_announced, ==, 2);
    g_assert_cmpuint (p->feed->items->len, ==, 3);
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strconcat (f->base, cases[i].path, NULL);
      RasidSourceCause cause = RASID_SOURCE_CAUSE_NONE;
      guint status = 0;
      g_autoptr(GError) error = NULL;
      g_autoptr(RasidSourceProbe) p = probe (f, url, &cause, &status, &error);

      g_test_message ("%s: %s", cases[i].path, error ? error->message : "no error");
      g_assert_null (p);
      g_assert_nonnull (error);
      g_assert_cmpint (cause, ==, cases[i].cause);
      g_assert_cmpuint (status, ==, cases[i].status);
    }
  {
    RasidSourceCause cause = RASID_SOURCE_CAUSE_NONE;
    g_autoptr(GError) error = NULL;
    g_autoptr(RasidSourceProbe) p = probe (f, f->refused, &cause, NULL, &error);

    g_assert_null (p);
    g_assert_cmpint (cause, ==, RASID_SOURCE_CAUSE_REFUSED);
    g_assert_true (rasid_source_cause_is_network (cause));
  }
  {
    RasidSourceCause cause = RASID_SOURCE_CAUSE_NONE;
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time ();
    g_autoptr(RasidSourceProbe) p = probe (f, f->stalled, &cause, NULL, &error);

    g_test_message ("stalled: %s", error ? error->message : "no error");
    g_assert_null (p);
    g_assert_cmpint (cause, ==, RASID_SOURCE_CAUSE_TIMED_OUT);
    /* One-second reads, three seconds for the whole fetch. */
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  }
}

static RasidSource *
find_source (GPtrArray *sources, gint64 id)
{
  for (guint i = 0; i < sources->len; i++)
    if (((RasidSource *) g_ptr_array_index (sources, i))->id == id)
      return g_ptr_array_index (sources, i);
  g_assert_not_reached ();
}

/* A real fetch through the ingest records the cause with the source, and a
 * later success clears it. */
static void
test_ingest_records_cause (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "rasid.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (db, &error);
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  g_autoptr(RasidIngest) ingest = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  RasidSourceHealth health;
  struct { const char *url; const char *kind; guint status; gint64 id; } cases[] = {
    { "/feed.xml", NULL, 200 },
    { "/missing", "http", 404 },
    { "/unknown.xml", "not-feed", 200 },
    { "/malformed.xml", "malformed", 200 },
    { NULL, "refused", 0 },
    { NULL, "timed-out", 0 },
  };

  g_assert_no_error (error);
  ingest = rasid_ingest_new (db, analyzer);
  rasid_ingest_set_limits (ingest, 1, 1024 * 1024);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = cases[i].url ? g_strconcat (f->base, cases[i].url, NULL)
                                          : g_strdup (i == 4 ? f->refused : f->stalled);
      g_autoptr(GAsyncResult) res = NULL;
      guint n_new = 0;

      cases[i].id = rasid_store_add_source (store, url, NULL, "auto", FALSE, &error);
      g_assert_no_error (error);
      rasid_ingest_refresh_source_async (ingest, cases[i].id, NULL, on_done, &res);
      g_assert_true (rasid_ingest_refresh_finish (ingest, wait_for (&res), &n_new, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_new, ==, i == 0 ? 3 : 0);
    }
  /* Not a refresh of the desk: never busy. */
  g_assert_false (rasid_ingest_get_busy (ingest));
  sources = rasid_store_list_sources (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RasidSource *s = find_source (sources, cases[i].id);

      g_test_message ("%s: %s (%s)", s->url, s->last_error, s->last_error_kind);
      g_assert_cmpstr (s->last_error_kind, ==, cases[i].kind);
      g_assert_true ((s->last_error == NULL) == (cases[i].kind == NULL));
      g_assert_cmpint (s->last_status, ==, cases[i].status);
    }
  rasid_source_health_summarize (sources, &health);
  g_assert_cmpuint (health.n_enabled, ==, 6);
  g_assert_cmpuint (health.n_failing, ==, 5);
  g_assert_cmpuint (health.n_network, ==, 6);
  g_assert_cmpuint (health.n_network_failing, ==, 5);
  g_assert_cmpint (health.common_cause, ==, RASID_SOURCE_CAUSE_OTHER);

  /* Every network source refused: the cause the desk's banner names. */
  g_assert_true (rasid_store_remove_source (store, cases[0].id, &error));
  for (guint i = 1; i < G_N_ELEMENTS (cases); i++)
    if (i != 4)
      g_assert_true (rasid_store_set_source_options (store, cases[i].id, NULL, NULL, -1, FALSE, -1, &error));
  g_clear_pointer (&sources, g_ptr_array_unref);
  sources = rasid_store_list_sources (store, &error);
  rasid_source_health_summarize (sources, &health);
  g_assert_cmpuint (health.n_enabled, ==, 1);
  g_assert_cmpuint (health.n_network_failing, ==, 1);
  g_assert_cmpint (health.common_cause, ==, RASID_SOURCE_CAUSE_REFUSED);

  /* The missing feed appears: the next fetch clears the cause. */
  {
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(RasidSource) s = NULL;

    missing_appears = TRUE;
    rasid_ingest_refresh_source_async (ingest, cases[1].id, NULL, on_done, &res);
    g_assert_true (rasid_ingest_refresh_finish (ingest, wait_for (&res), NULL, &error));
    missing_appears = FALSE;
    s = rasid_store_get_source (store, cases[1].id, &error);
    g_assert_no_error (error);
    g_assert_null (s->last_error);
    g_assert_null (s->last_error_kind);
    g_assert_cmpint (s->last_status, ==, 200);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/source-health/causes", test_causes_of_errors);
  g_test_add_func ("/source-health/choose-feed", test_choose_feed);
  g_test_add ("/source-health/probe", Fixture, NULL, setup, test_probe, teardown);
  g_test_add ("/source-health/ingest", Fixture, NULL, setup, test_ingest_records_cause, teardown);
  return g_test_run ();
}
