/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ingest.c: fetch from loopback + parse + analyse + store, against a
 * plain SQLite insert of the same rows measured in the same run.
 *
 *   bench-ingest [--reports N] [--per-document M] [--days D]
 *
 * The reports are spread evenly over D days (default 1: a whole cache in
 * one day, the stress case for stories, which compare a report with the
 * stories of its places and days). Prints reports/s for both, the ratio,
 * the stories filed, and peak resident memory. */
#include "rasid-ingest.h"
#include "bench-common.h"

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>
#include <glib/gstdio.h>

static GPtrArray *documents;   /* GBytes, one RSS document each */
static int n_reports = 100000, n_days = 1;

#define BENCH_START G_GINT64_CONSTANT (1526072400)   /* 2018-05-12 00:00 in Syria */

static gint64
bench_time (guint i)
{
  return BENCH_START + (gint64) i * n_days * 86400 / n_reports;
}

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
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (bench_time (i));
      g_autofree char *date = g_date_time_format (when, "%a, %d %b %Y %H:%M:%S +0000");

      g_string_append_printf (xml, "<item><title>%s</title><guid>bench-%u</guid><link>http://127.0.0.1/r/%u</link>"
                                   "<pubDate>%s</pubDate><description>%s</description></item>\n",
                              et, i, i, date, eb);
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

/* Baseline (a): the rows Rasid writes for each report (report, source
 * link, places, actors, events, full-text entry), into Rasid's own schema,
 * with plain prepared INSERTs in one transaction per document. The
 * analysis that decides those rows runs before the clock starts. */
static double
plain_same_rows (const char *path, RasidAnalyzer *analyzer, guint n, guint per_doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_analysis_free);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db;
  sqlite3_stmt *rep, *src, *pl, *ac, *ev, *fts;
  gint64 start;

  g_assert_no_error (error);
  g_object_unref (g_steal_pointer (&store));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = NULL;
      char *body = NULL;
      bench_report (i, &title, &body);
      g_ptr_array_add (analyses, rasid_analyzer_analyze (analyzer, title, body));
      g_ptr_array_add (bodies, body);
    }
  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;"
                    "INSERT INTO sources (id, url) VALUES (1, 'http://127.0.0.1/');", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO reports (guid, link, title, body, published, first_seen, updated, attribution, clock, content_hash) "
                          "VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)", -1, &rep, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO report_sources (report_id, source_id, guid) VALUES (?, 1, ?)", -1, &src, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO report_places (report_id, place_id, qualifier, admin1, admin2, admin3, position) VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &pl, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO report_actors (report_id, actor_id, position) VALUES (?, ?, ?)", -1, &ac, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO report_events (report_id, event) VALUES (?, ?)", -1, &ev, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO reports_fts (rowid, text) VALUES (?, ?)", -1, &fts, NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      RasidAnalysis *a = g_ptr_array_index (analyses, i);
      g_autofree char *guid = g_strdup_printf ("bench-%u", i);
      g_autofree char *link = g_strdup_printf ("http://127.0.0.1/r/%u", i);
      g_autofree char *text = g_strconcat (a->headline, "\n", (char *) g_ptr_array_index (bodies, i), NULL);
      gint64 id;

      if (i % per_doc == 0)
        sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      sqlite3_bind_text (rep, 1, guid, -1, SQLITE_STATIC);
      sqlite3_bind_text (rep, 2, link, -1, SQLITE_STATIC);
      sqlite3_bind_text (rep, 3, a->headline, -1, SQLITE_STATIC);
      sqlite3_bind_text (rep, 4, g_ptr_array_index (bodies, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (rep, 5, bench_time (i));
      sqlite3_bind_text (rep, 6, a->attribution, -1, SQLITE_STATIC);
      sqlite3_bind_text (rep, 7, a->clock, -1, SQLITE_STATIC);
      sqlite3_bind_text (rep, 8, guid, -1, SQLITE_STATIC);
      sqlite3_step (rep);
      sqlite3_reset (rep);
      id = sqlite3_last_insert_rowid (db);
      sqlite3_bind_int64 (src, 1, id);
      sqlite3_bind_text (src, 2, guid, -1, SQLITE_STATIC);
      sqlite3_step (src);
      sqlite3_reset (src);
      for (guint k = 0; k < a->places->len; k++)
        {
          RasidPlaceMatch *m = g_ptr_array_index (a->places, k);
          sqlite3_bind_int64 (pl, 1, id);
          sqlite3_bind_text (pl, 2, m->place->id, -1, SQLITE_STATIC);
          sqlite3_bind_text (pl, 3, m->qualifier, -1, SQLITE_STATIC);
          sqlite3_bind_text (pl, 4, m->place->admin[0], -1, SQLITE_STATIC);
          sqlite3_bind_text (pl, 5, m->place->admin[1], -1, SQLITE_STATIC);
          sqlite3_bind_text (pl, 6, m->place->admin[2], -1, SQLITE_STATIC);
          sqlite3_bind_int (pl, 7, k);
          sqlite3_step (pl);
          sqlite3_reset (pl);
        }
      for (guint k = 0; k < a->actors->len; k++)
        {
          sqlite3_bind_int64 (ac, 1, id);
          sqlite3_bind_text (ac, 2, ((RasidActor *) g_ptr_array_index (a->actors, k))->id, -1, SQLITE_STATIC);
          sqlite3_bind_int (ac, 3, k);
          sqlite3_step (ac);
          sqlite3_reset (ac);
        }
      for (guint k = 0; k < a->events->len; k++)
        {
          sqlite3_bind_int64 (ev, 1, id);
          sqlite3_bind_text (ev, 2, g_ptr_array_index (a->events, k), -1, SQLITE_STATIC);
          sqlite3_step (ev);
          sqlite3_reset (ev);
        }
      sqlite3_bind_int64 (fts, 1, id);
      sqlite3_bind_text (fts, 2, text, -1, SQLITE_STATIC);
      sqlite3_step (fts);
      sqlite3_reset (fts);
      if (i % per_doc == per_doc - 1 || i == n - 1)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  sqlite3_finalize (rep);
  sqlite3_finalize (src);
  sqlite3_finalize (pl);
  sqlite3_finalize (ac);
  sqlite3_finalize (ev);
  sqlite3_finalize (fts);
  sqlite3_close (db);
  return n / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

/* Baseline (b): one row and one full-text entry per report, nothing else. */
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
      sqlite3_bind_int64 (ins, 5, bench_time (i));
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
    { "days", 'd', 0, G_OPTION_ARG_INT, &n_days, "Days the reports are spread over (default 1)", "D" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- Rasid ingest throughput");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rasid-bench-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "rasid.db", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "plain.db", NULL);
  g_autofree char *same_path = g_build_filename (dir, "same.db", NULL);
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
  double rate, plain_rate, same_rate, seconds;
  glong rss_before;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || reports < 1 || per_doc < 1 || n_days < 1)
    {
      g_printerr ("bench-ingest: %s\n", error ? error->message : "N, M and D must be positive");
      return 2;
    }
  n_reports = reports;
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

  same_rate = plain_same_rows (same_path, analyzer, reports, per_doc);
  plain_rate = plain_sqlite (plain_path, reports, per_doc);

  g_print ("reports: %d in %u documents of %d, fetched from %s\n", reports, n_docs, per_doc, base);
  g_print ("rasid ingest (fetch+parse+analyse+store):          %.0f reports/s (%.2f s)\n", rate, seconds);
  g_print ("(a) plain SQLite insert of the same rows Rasid writes: %.0f reports/s\n", same_rate);
  g_print ("(b) plain SQLite insert of one row + FTS per report:   %.0f reports/s\n", plain_rate);
  g_print ("ratio rasid/(a): %.3f (target >= 0.5); rasid/(b): %.3f\n", rate / same_rate, rate / plain_rate);
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;

    if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2 (db, "SELECT count (*), coalesce (max (n_reports), 0), coalesce (avg (n_reports), 0) FROM stories",
                            -1, &q, NULL) == SQLITE_OK && sqlite3_step (q) == SQLITE_ROW)
      g_print ("stories: %d over %d day(s), the largest %d reports, %.1f on average\n",
               sqlite3_column_int (q, 0), n_days, sqlite3_column_int (q, 1), sqlite3_column_double (q, 2));
    sqlite3_finalize (q);
    sqlite3_close (db);
  }
  g_print ("peak RSS: %ld KiB (%ld KiB before ingest, incl. the generated documents)\n",
           bench_peak_rss_kib (), rss_before);

  g_clear_object (&store);
  g_unlink (db_path);
  g_unlink (plain_path);
  g_unlink (same_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL), *shm = g_strconcat (db_path, "-shm", NULL);
    g_autofree char *pwal = g_strconcat (plain_path, "-wal", NULL), *pshm = g_strconcat (plain_path, "-shm", NULL);
    g_autofree char *swal = g_strconcat (same_path, "-wal", NULL), *sshm = g_strconcat (same_path, "-shm", NULL);
    g_unlink (wal); g_unlink (shm); g_unlink (pwal); g_unlink (pshm); g_unlink (swal); g_unlink (sshm);
  }
  g_rmdir (dir);
  return 0;
}
