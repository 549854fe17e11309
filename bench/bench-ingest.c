/* bench-ingest.c: fetch from loopback + parse + analyse + store, against a
 * plain SQLite insert of the same rows measured in the same run.
 *
 *   bench-ingest [--reports N] [--per-document M]
 *
 * Prints reports/s for both, the ratio, and peak resident memory. */
#include "rasid-ingest.h"
#include "bench-common.h"

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>
#include <glib/gstdio.h>

static GPtrArray *documents;   /* GBytes, one RSS document each */

static GBytes *
build_document (guint first, guint n)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                               "<title>مصدر اختبار</title><link>http://127.0.0.1/</link>\n");

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *title = NULL, *body = NULL;
      g_autofree char *et = NULL, *eb = NULL;

      bench_report (i, &title, &body);
      et = g_markup_escape_text (title, -1);
      eb = g_markup_escape_text (body, -1);
      g_string_append_printf (xml, "<item><title>%s</title><guid>bench-%u</guid><link>http://127.0.0.1/r/%u</link>"
                                   "<pubDate>Sat, 12 May 2018 %02u:%02u:00 +0300</pubDate><description>%s</description></item>\n",
                              et, i, i, (i / 60) % 24, i % 60, eb);
    }
  g_string_append (xml, "</channel></rss>\n");
  return g_string_free_to_bytes (xml);
}

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  guint k;

  if (sscanf (path, "/feed/%u", &k) == 1 && k < documents->len)
    {
      GBytes *doc = g_ptr_array_index (documents, k);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (doc, NULL), g_bytes_get_size (doc));
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
on_done (GObject *object, GAsyncResult *res, gpointer loop)
{
  g_autoptr(GError) error = NULL;
  guint n_new = 0;

  if (!rasid_ingest_refresh_finish (RASID_INGEST (object), res, &n_new, &error))
    g_error ("refresh failed: %s", error->message);
  g_main_loop_quit (loop);
}

/* The baseline: the same rows into a plain table with a plain FTS5 index,
 * one transaction per document, no parsing, no analysis. */
static double
plain_sqlite (const char *path, guint n, guint per_doc)
{
  sqlite3 *db;
  sqlite3_stmt *ins, *fts;
  gint64 start;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "CREATE TABLE reports (id INTEGER PRIMARY KEY, guid TEXT UNIQUE, link TEXT, title TEXT, body TEXT, published INTEGER);"
                    "CREATE INDEX reports_published ON reports (published);"
                    "CREATE VIRTUAL TABLE reports_fts USING fts5 (text);", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO reports (guid, link, title, body, published) VALUES (?, ?, ?, ?, ?)", -1, &ins, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO reports_fts (rowid, text) VALUES (?, ?)", -1, &fts, NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = NULL, *body = NULL, *guid = g_strdup_printf ("bench-%u", i);
      g_autofree char *link = g_strdup_printf ("http://127.0.0.1/r/%u", i);
      g_autofree char *text = NULL;

      bench_report (i, &title, &body);
      text = g_strconcat (title, "\n", body, NULL);
      if (i % per_doc == 0)
        sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      sqlite3_bind_text (ins, 1, guid, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 2, link, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 3, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 4, body, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ins, 5, 1526100000 + i);
      sqlite3_step (ins);
      sqlite3_reset (ins);
      sqlite3_bind_int64 (fts, 1, sqlite3_last_insert_rowid (db));
      sqlite3_bind_text (fts, 2, text, -1, SQLITE_STATIC);
      sqlite3_step (fts);
      sqlite3_reset (fts);
      if (i % per_doc == per_doc - 1 || i == n - 1)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  sqlite3_finalize (ins);
  sqlite3_finalize (fts);
  sqlite3_close (db);
  return n / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  int reports = 100000, per_doc = 1000;
  GOptionEntry entries[] = {
    { "reports", 'n', 0, G_OPTION_ARG_INT, &reports, "Reports in all (default 100000)", "N" },
    { "per-document", 'm', 0, G_OPTION_ARG_INT, &per_doc, "Reports per feed document (default 1000)", "M" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- Rasid ingest throughput");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rasid-bench-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "rasid.db", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "plain.db", NULL);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(RasidAnalyzer) analyzer = NULL;
  g_autoptr(RasidIngest) ingest = NULL;
  g_autoptr(RasidStore) store = NULL;
  GSList *uris;
  g_autofree char *base = NULL;
  guint n_docs;
  gint64 start, stored;
  double rate, plain_rate, seconds;
  glong rss_before;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || reports < 1 || per_doc < 1)
    {
      g_printerr ("bench-ingest: %s\n", error ? error->message : "N and M must be positive");
      return 2;
    }
  n_docs = (reports + per_doc - 1) / per_doc;
  documents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint d = 0; d < n_docs; d++)
    g_ptr_array_add (documents, build_document (d * per_doc, MIN ((guint) per_doc, reports - d * per_doc)));

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  if (!soup_server_listen (server, addr, 0, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  analyzer = rasid_analyzer_new_default (&error);
  store = rasid_store_open (db_path, &error);
  g_assert_no_error (error);
  for (guint d = 0; d < n_docs; d++)
    {
      g_autofree char *url = g_strdup_printf ("%sfeed/%u", base, d);
      rasid_store_add_source (store, url, NULL, "rss", FALSE, &error);
    }
  ingest = rasid_ingest_new (db_path, analyzer);
  rasid_ingest_set_limits (ingest, 60, 256 * 1024 * 1024);

  rss_before = bench_peak_rss_kib ();
  start = g_get_monotonic_time ();
  rasid_ingest_refresh_async (ingest, RASID_REFRESH_ALL, NULL, on_done, loop);
  g_main_loop_run (loop);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  stored = rasid_store_count_reports (store, NULL, &error);
  if (stored != reports)
    g_error ("stored %" G_GINT64_FORMAT " of %d reports", stored, reports);
  rate = reports / seconds;

  plain_rate = plain_sqlite (plain_path, reports, per_doc);

  g_print ("reports: %d in %u documents of %d, fetched from %s\n", reports, n_docs, per_doc, base);
  g_print ("rasid ingest (fetch+parse+analyse+store): %.0f reports/s (%.2f s)\n", rate, seconds);
  g_print ("plain SQLite insert of the same rows:      %.0f reports/s\n", plain_rate);
  g_print ("ratio rasid/plain: %.3f (target >= 0.5)\n", rate / plain_rate);
  g_print ("peak RSS: %ld KiB (%ld KiB before ingest, incl. the generated documents)\n",
           bench_peak_rss_kib (), rss_before);

  g_clear_object (&store);
  g_unlink (db_path);
  g_unlink (plain_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL), *shm = g_strconcat (db_path, "-shm", NULL);
    g_autofree char *pwal = g_strconcat (plain_path, "-wal", NULL), *pshm = g_strconcat (plain_path, "-shm", NULL);
    g_unlink (wal); g_unlink (shm); g_unlink (pwal); g_unlink (pshm);
  }
  g_rmdir (dir);
  return 0;
}
