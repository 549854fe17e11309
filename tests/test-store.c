/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the SQLite cache: creation, round trip, migrations from
 * every earlier schema, and files it must refuse without touching. */
#include "rasid-store.h"
#include "rasid-store-async.h"
#include "rasid-reanalyze.h"
#include "rasid-store-private.h"
#include "rasid-test-util.h"

#include <sqlite3.h>
#include <string.h>

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = rasid_test_tmpdir ();
  f->path = g_build_filename (f->dir, "rasid.db", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  rasid_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static RasidAnalyzer *
analyzer (void)
{
  g_autoptr(GError) error = NULL;
  RasidAnalyzer *a = rasid_analyzer_new_default (&error);

  g_assert_no_error (error);
  return a;
}

static gint64
store_item (RasidStore *store, RasidAnalyzer *an, gint64 source, const char *guid, const char *title,
            const char *body, gint64 published, RasidUpsertResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
  g_autoptr(RasidAnalysis) a = NULL;
  gint64 id;

  item->guid = g_strdup (guid);
  item->title = g_strdup (title);
  item->content = g_strdup (body);
  item->published = published;
  a = rasid_analyzer_analyze (an, title, body);
  g_assert_true (rasid_store_begin (store, &error));
  id = rasid_store_upsert_report (store, source, item, a, 1526100000, result, &error);
  g_assert_no_error (error);
  g_assert_true (rasid_store_commit (store, &error));
  return id;
}

static void
test_create (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_cmpint (rasid_store_get_schema_version (store), ==, RASID_STORE_SCHEMA_VERSION);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_object (&store);

  /* WAL on, version recorded: read back with plain SQLite. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, RASID_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  g_autoptr(RasidAnalyzer) an = analyzer ();
  g_autoptr(RasidReport) report = NULL;
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  g_autoptr(GArray) ids = NULL;
  RasidUpsertResult result;
  gint64 source, other, id, again;

  g_assert_no_error (error);
  g_assert_true (rasid_reanalyze_sync_lexicons (store, an, &error));
  source = rasid_store_add_source (store, "https://a.example/feed", "أ", NULL, FALSE, &error);
  other = rasid_store_add_source (store, "https://b.example/feed", "ب", NULL, FALSE, &error);
  g_assert_cmpint (source, >, 0);
  g_assert_cmpint (rasid_store_add_source (store, "https://a.example/feed", NULL, NULL, FALSE, &error), ==, source);

  id = store_item (store, an, source, "g1", "مقتل طفل بقصف على مدينة إدلب (مصادر محلية) - 11:22",
                   "سمارت - إدلب\n\nقصفت قوات النظام المدينة.", 1526113320, &result);
  g_assert_cmpint (result, ==, RASID_UPSERT_NEW);

  /* The same item again: unchanged. Edited: updated. Same text from another
   * source: the same report, now with two sources. */
  again = store_item (store, an, source, "g1", "مقتل طفل بقصف على مدينة إدلب (مصادر محلية) - 11:22",
                      "سمارت - إدلب\n\nقصفت قوات النظام المدينة.", 1526113320, &result);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (result, ==, RASID_UPSERT_UNCHANGED);
  store_item (store, an, source, "g1", "مقتل طفل بقصف على مدينة إدلب (مصادر محلية) - 11:22",
              "سمارت - إدلب\n\nقصفت قوات النظام المدينة. تحديث.", 1526113320, &result);
  g_assert_cmpint (result, ==, RASID_UPSERT_UPDATED);
  again = store_item (store, an, other, "other-guid", "مقتل طفل بقصف على مدينة ادلب", NULL, 0, &result);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), ==, 1);

  report = rasid_store_load_report (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rasid_report_get_title (report), ==, "مقتل طفل بقصف على مدينة إدلب");
  g_assert_cmpstr (rasid_report_get_attribution (report), ==, "مصادر محلية");
  g_assert_cmpstr (rasid_report_get_clock (report), ==, "11:22");
  g_assert_cmpstr (rasid_report_get_dateline (report), ==, "سمارت - إدلب");
  g_assert_cmpint (rasid_report_get_published (report), ==, 1526113320);
  g_assert_cmpuint (rasid_report_get_places (report)->len, >=, 1);
  g_assert_cmpstr (((RasidReportPlace *) g_ptr_array_index (rasid_report_get_places (report), 0))->admin1, ==, "SY07");

  /* Filters: place at governorate level, actor, normalised full-text search. */
  filter->place_id = g_strdup ("SY07");
  ids = rasid_store_query_ids (store, filter, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  g_free (filter->place_id);
  filter->place_id = g_strdup ("SY02");
  ids = rasid_store_query_ids (store, filter, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&filter->place_id, g_free);
  filter->actor_id = g_strdup ("syrian-government");
  g_assert_cmpint (rasid_store_count_reports (store, filter, &error), ==, 1);
  g_clear_pointer (&filter->actor_id, g_free);
  {
    /* -1: any count; FTS syntax in user input is text, never an error. */
    static const struct { const char *query; gint64 count; } searches[] = {
      { "ادلب", 1 }, { "\"قوات النظام\"", 1 }, { "قصف*", 1 }, { "حلب", 0 }, { "NEAR( \"\" OR * -", -1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
      {
        gint64 n;

        g_free (filter->query);
        filter->query = g_strdup (searches[i].query);
        n = rasid_store_count_reports (store, filter, &error);
        g_assert_no_error (error);
        if (searches[i].count >= 0)
          g_assert_cmpint (n, ==, searches[i].count);
        else
          g_assert_cmpint (n, >=, 0);
      }
  }

  /* Read and starred survive reopening. */
  g_assert_true (rasid_store_set_flags (store, id, 1, 1, &error));
  g_clear_object (&store);
  g_clear_object (&report);
  store = rasid_store_open (f->path, &error);
  report = rasid_store_load_report (store, id, &error);
  g_assert_true (rasid_report_get_read (report));
  g_assert_true (rasid_report_get_starred (report));
}

static void
test_counts (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  g_autoptr(RasidAnalyzer) an = analyzer ();
  g_autoptr(GHashTable) govs = NULL;
  g_autoptr(GHashTable) actors = NULL;
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  RasidUpsertResult r;
  gint64 s = rasid_store_add_source (store, "file:///x", NULL, NULL, FALSE, &error);

  store_item (store, an, s, "1", "اشتباكات بين قسد وتنظيم الدولة في ريف دير الزور الشرقي", NULL, 1, &r);
  store_item (store, an, s, "2", "غارات روسية على مدينة إدلب", NULL, 2, &r);
  store_item (store, an, s, "3", "قسد تعتقل شبانا في الرقة", NULL, 3, &r);

  govs = rasid_store_count_places (store, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (govs, "SY09")), ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (govs, "SY07")), ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (govs, "SY11")), ==, 1);
  /* Place counts honour the other filters (here: the actor). */
  filter->actor_id = g_strdup ("sdf");
  g_clear_pointer (&govs, g_hash_table_unref);
  govs = rasid_store_count_places (store, filter, 0, NULL, &error);
  g_assert_false (g_hash_table_contains (govs, "SY07"));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (govs, "SY11")), ==, 1);
  actors = rasid_store_count_actors (store, NULL, &error);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (actors, "sdf")), ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (actors, "russia")), ==, 1);

  /* Under a prepared scope the sidebar's counts come from it, and must be
   * the counts the filter gives without it. */
  g_clear_pointer (&filter->actor_id, g_free);
  filter->query = g_strdup ("قسد");
  for (int scoped = 0; scoped < 2; scoped++)
    {
      g_autoptr(GHashTable) places = NULL, by_actor = NULL, events = NULL, sources = NULL, under = NULL;
      g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, s);

      if (scoped)
        g_assert_true (rasid_store_prepare_scope (store, filter, &error));
      places = rasid_store_count_places (store, filter, 0, NULL, &error);
      by_actor = rasid_store_count_actors (store, filter, &error);
      events = rasid_store_count_events (store, filter, &error);
      sources = rasid_store_count_sources (store, filter, &error);
      under = rasid_store_count_places (store, filter, 0, "SY09", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_hash_table_size (places), ==, 2);
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (places, "SY09")), ==, 1);
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (places, "SY11")), ==, 1);
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (by_actor, "sdf")), ==, 2);
      g_assert_false (g_hash_table_contains (by_actor, "russia"));
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (sources, sid)), ==, 2);
      g_assert_true (g_hash_table_contains (events, "clashes"));
      g_assert_cmpuint (g_hash_table_size (under), ==, 1);
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (under, "SY09")), ==, 1);
    }

  /* A scope prepared again after the data changed holds the new reports. */
  store_item (store, an, s, "4", "قسد تشن حملة في مدينة إدلب", NULL, 4, &r);
  g_assert_true (rasid_store_prepare_scope (store, filter, &error));
  {
    g_autoptr(GHashTable) places = rasid_store_count_places (store, filter, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (places, "SY07")), ==, 1);
  }
}

static const char *story_of_7 =
  "INSERT INTO stories (id, first_report_id, first_time, last_time, n_reports, updated) VALUES (3, 7, 1, 1, 1, 1);"
  "INSERT INTO story_reports (story_id, report_id, source_id, role) VALUES (3, 7, 1, 'first');";

/* A database left by each earlier version opens, is migrated, keeps its
 * reports and gains what the newer schema adds. */
static void
test_migrations (Fixture *f, gconstpointer data)
{
  for (int version = 1; version < RASID_STORE_SCHEMA_VERSION; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/v%d.db", f->dir, version);
      g_autoptr(RasidStore) old = _rasid_store_open_at_version (path, version, &error);
      g_autoptr(RasidStore) store = NULL;
      g_autoptr(RasidFilter) filter = rasid_filter_new ();

      g_assert_no_error (error);
      g_assert_cmpint (rasid_store_get_schema_version (old), ==, version);
      g_assert_true (_rasid_store_exec (old,
        "INSERT INTO sources (id, url) VALUES (1, 'https://old.example/');"
        "INSERT INTO reports (id, guid, title, body, published, first_seen, updated, content_hash, starred) "
        "VALUES (7, 'old-1', 'تقرير قديم عن إدلب', 'نص', 1, 1, 1, 'h', 1);"
        "INSERT INTO report_sources VALUES (7, 1, 'old-1');", &error));
      /* From v3 on, Rasid indexed each report as it stored it. */
      if (version >= 3)
        g_assert_true (_rasid_store_exec (old, "INSERT INTO reports_fts (rowid, text) VALUES (7, 'تقرير قديم عن ادلب نص')", &error));
      /* From v9 on, it filed it in a story. */
      if (version >= 9)
        g_assert_true (_rasid_store_exec (old, story_of_7, &error));
      g_clear_object (&old);

      store = rasid_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rasid_store_get_schema_version (store), ==, RASID_STORE_SCHEMA_VERSION);
      g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), ==, 1);
      /* The FTS index added in v3 covers the old report. */
      filter->query = g_strdup ("ادلب");
      g_assert_cmpint (rasid_store_count_reports (store, filter, &error), ==, 1);
      g_assert_no_error (error);
      {
        g_autoptr(RasidReport) r = rasid_store_load_report (store, 7, &error);
        g_assert_true (rasid_report_get_starred (r));
      }
      /* v11: a report leaving its story (here with the story) is logged
       * for the facet index. */
      if (version < 9)
        g_assert_true (_rasid_store_exec (store, story_of_7, &error));
      g_assert_cmpint (rasid_store_get_story_of_report (store, 7, &error), ==, 3);
      {
        gint64 latest = 0;
        g_autoptr(GArray) changed = rasid_store_changes_since (store, 0, &latest, &error);
        g_autoptr(GArray) after = NULL;

        g_assert_no_error (error);
        g_assert_cmpuint (changed->len, ==, 0);
        g_assert_true (_rasid_store_exec (store, "DELETE FROM stories", &error));
        after = rasid_store_changes_since (store, latest, &latest, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (after->len, ==, 1);
        g_assert_cmpint (g_array_index (after, gint64, 0), ==, 7);
        g_assert_cmpint (rasid_store_get_story_of_report (store, 7, &error), ==, 0);
      }
    }
}

/* Opening @path fails with @code, its message saying @says unless that is
 * NULL, and leaves the file as @before was. */
static void
assert_refused (const char *path, gint code, const char *says, const char *before, gsize before_len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  g_autofree char *after = NULL;
  gsize after_len;

  g_assert_null (store);
  g_assert_error (error, RASID_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  if (says)
    g_assert_nonnull (strstr (error->message, says));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);
}

/* Closes @store with its whole database in the main file (no WAL), which
 * the caller then reads or damages. */
static void
close_to_one_file (RasidStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_rasid_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE", &error));
  g_object_unref (store);
}

static void
test_refuses_newer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RasidStore *store = rasid_store_open (f->path, &error);
  g_autofree char *before = NULL;
  gsize len;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", RASID_STORE_SCHEMA_VERSION + 1);

  g_assert_true (_rasid_store_exec (store, pragma, &error));
  close_to_one_file (store);
  g_assert_true (g_file_get_contents (f->path, &before, &len, NULL));
  assert_refused (f->path, RASID_STORE_ERROR_NEWER, "newer", before, len);
}

static void
test_refuses_corrupt (Fixture *f, gconstpointer data)
{
  const char garbage[] = "this is not a database, but somebody's notes\n";

  g_assert_true (g_file_set_contents (f->path, garbage, sizeof garbage, NULL));
  assert_refused (f->path, RASID_STORE_ERROR_CORRUPT, NULL, garbage, sizeof garbage);
  g_assert_false (g_file_test (g_strconcat (f->path, "-wal", NULL), G_FILE_TEST_EXISTS));
}

static void
test_refuses_damaged_pages (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  close_to_one_file (rasid_store_open (f->path, &error));
  g_assert_no_error (error);
  /* Keep the header, wreck the schema page. */
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 200);
  memset (contents + 100, 0xA5, len - 100);
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  assert_refused (f->path, RASID_STORE_ERROR_CORRUPT, NULL, contents, len);
}

static void
test_locked (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  sqlite3 *other;

  /* Another program holds an exclusive lock on a database not yet migrated. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
  store = rasid_store_open_full (f->path, 200, &error);
  g_assert_null (store);
  g_assert_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_LOCKED);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  /* Once released, it opens (and keeps the other program's table). */
  g_clear_error (&error);
  store = rasid_store_open (f->path, &error);
  g_assert_no_error (error);
}

/* A place added to the gazetteer reaches stored reports through
 * reanalyse, and read/starred state survives it. */
static void
test_reanalyze (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  g_autoptr(RasidAnalyzer) an = analyzer ();
  g_autoptr(RasidGazetteer) extended = NULL;
  g_autoptr(RasidAnalyzer) an2 = NULL;
  g_autoptr(RasidReport) before = NULL;
  g_autoptr(RasidReport) after = NULL;
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  const char *row = "C9999\ttown\tSY07\tقرية الزهور العليا\tUpper Zuhur\t\t\t\t\n";
  RasidUpsertResult r;
  gint64 s = rasid_store_add_source (store, "file:///x", NULL, NULL, FALSE, &error);
  gint64 id = store_item (store, an, s, "z1", "مقتل ثلاثة مدنيين في قرية الزهور العليا", NULL, 1, &r);

  g_assert_true (rasid_store_set_flags (store, id, 1, 1, &error));
  before = rasid_store_load_report (store, id, &error);
  g_assert_cmpuint (rasid_report_get_places (before)->len, ==, 0);

  extended = rasid_gazetteer_new_default (&error);
  g_assert_true (rasid_gazetteer_load_tsv (extended, row, strlen (row), &error));
  rasid_gazetteer_finish (extended);
  an2 = rasid_analyzer_new (extended, rasid_analyzer_get_actors (an));
  g_assert_cmpint (rasid_reanalyze_store (store, an2, NULL, &error), ==, 1);
  g_assert_no_error (error);

  after = rasid_store_load_report (store, id, &error);
  g_assert_cmpuint (rasid_report_get_places (after)->len, ==, 1);
  g_assert_cmpstr (((RasidReportPlace *) g_ptr_array_index (rasid_report_get_places (after), 0))->name_ar, ==, "قرية الزهور العليا");
  g_assert_true (rasid_report_get_read (after));
  g_assert_true (rasid_report_get_starred (after));
  g_assert_cmpint (rasid_report_get_killed (after), ==, 3);
  filter->place_id = g_strdup ("SY07");
  g_assert_cmpint (rasid_store_count_reports (store, filter, &error), ==, 1);
}


/* The named calls the window uses: each in a worker, through the queue. */
static void
on_async_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (res);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async_writes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  g_autoptr(RasidAnalyzer) an = analyzer ();
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) watches = NULL;
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  g_autoptr(RasidReport) report = NULL;
  g_autofree char *opml_path = g_build_filename (f->dir, "shared.opml", NULL);
  const char *opml =
    "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>"
    "<outline type=\"rss\" text=\"A\" xmlUrl=\"https://example.org/a.rss\"/>"
    "<outline type=\"rss\" text=\"Secrets\" xmlUrl=\"file:///etc/passwd\"/>"
    "<outline type=\"rss\" text=\"Bundled\" xmlUrl=\"resource:///io/github/rasid/Rasid/x\"/>"
    "<outline type=\"rss\" text=\"B\" xmlUrl=\"http://example.org/b.rss\"/>"
    "</body></opml>";
  GAsyncResult *res = NULL;
  RasidUpsertResult r;
  gint64 id, report_id;

  rasid_store_add_source_async (store, "https://example.org/feed", "مثال", NULL, on_async_done, &res);
  id = rasid_store_add_source_finish (store, wait_for (&res), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&res);

  rasid_store_set_source_enabled_async (store, id, FALSE, NULL, on_async_done, &res);
  g_assert_true (rasid_store_write_finish (store, wait_for (&res), &error));
  g_clear_object (&res);
  rasid_store_set_source_enabled_async (store, id + 100, FALSE, NULL, on_async_done, &res);
  g_assert_false (rasid_store_write_finish (store, wait_for (&res), &error));
  g_assert_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&res);

  /* Only http(s) feeds come in from a shared OPML file. */
  g_assert_true (g_file_set_contents (opml_path, opml, -1, NULL));
  rasid_store_import_opml_async (store, opml_path, NULL, on_async_done, &res);
  g_assert_cmpint (rasid_store_import_opml_finish (store, wait_for (&res), &error), ==, 2);
  g_assert_no_error (error);
  g_clear_object (&res);

  rasid_store_list_sources_async (store, NULL, on_async_done, &res);
  sources = rasid_store_list_sources_finish (store, wait_for (&res), &error);
  g_assert_no_error (error);
  g_clear_object (&res);
  g_assert_cmpuint (sources->len, ==, 3);
  g_assert_false (((RasidSource *) g_ptr_array_index (sources, 0))->enabled);
  for (guint i = 0; i < sources->len; i++)
    g_assert_true (g_str_has_prefix (((RasidSource *) g_ptr_array_index (sources, i))->url, "http"));

  report_id = store_item (store, an, id, "g1", "قصف على سراقب", NULL, 1526100000, &r);
  rasid_store_set_flags_async (store, report_id, 1, 1, NULL, on_async_done, &res);
  g_assert_true (rasid_store_write_finish (store, wait_for (&res), &error));
  g_clear_object (&res);
  report = rasid_store_load_report (store, report_id, &error);
  g_assert_true (rasid_report_get_read (report));
  g_assert_true (rasid_report_get_starred (report));

  filter->place_id = g_strdup ("SY07");
  rasid_store_add_watch_async (store, "إدلب", filter, NULL, on_async_done, &res);
  g_assert_true (rasid_store_write_finish (store, wait_for (&res), &error));
  g_clear_object (&res);
  watches = rasid_store_list_watches (store, &error);
  g_assert_cmpuint (watches->len, ==, 1);
  rasid_store_remove_watch_async (store, ((RasidWatch *) g_ptr_array_index (watches, 0))->id, NULL, on_async_done, &res);
  g_assert_true (rasid_store_write_finish (store, wait_for (&res), &error));
  g_clear_object (&res);
  g_clear_pointer (&watches, g_ptr_array_unref);
  watches = rasid_store_list_watches (store, &error);
  g_assert_cmpuint (watches->len, ==, 0);

  rasid_store_remove_source_async (store, id, NULL, on_async_done, &res);
  g_assert_true (rasid_store_write_finish (store, wait_for (&res), &error));
  g_clear_object (&res);
  g_assert_false (rasid_store_has_source (store, id, &error));
  g_assert_no_error (error);
}

/* Writers on two connections of one process, and a write nested in a
 * caller's transaction, all commit; a failed nested write leaves the
 * outer one intact. */
static void
writer_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);

  for (guint i = 0; store && i < 200; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/%p/%u", (void *) g_thread_self (), i);
      if (rasid_store_add_source (store, url, NULL, NULL, FALSE, &error) == 0)
        break;
    }
  if (error)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
test_write_queue (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sources = NULL;
  gint64 id;

  for (guint i = 0; i < 4; i++)
    {
      GTask *task = g_task_new (NULL, NULL, NULL, NULL);
      g_task_set_task_data (task, f->path, NULL);
      g_task_run_in_thread (task, writer_thread);
      g_ptr_array_add (tasks, task);
    }
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);
      while (!g_task_get_completed (task))
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (g_task_propagate_boolean (task, &error));
      g_assert_no_error (error);
    }
  sources = rasid_store_list_sources (store, &error);
  g_assert_cmpuint (sources->len, ==, 800);

  /* Nested: a named write inside the caller's transaction is a savepoint. */
  g_assert_true (rasid_store_begin (store, &error));
  id = rasid_store_add_source (store, "https://example.org/nested", NULL, NULL, FALSE, &error);
  g_assert_cmpint (id, >, 0);
  g_assert_false (rasid_store_set_source_options (store, id + 10000, NULL, NULL, -1, 0, -1, &error));
  g_assert_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (rasid_store_commit (store, &error));
  g_assert_true (rasid_store_has_source (store, id, &error));

  /* Rolled back whole: nothing of it stays, and the queue is free again. */
  g_assert_true (rasid_store_begin (store, &error));
  id = rasid_store_add_source (store, "https://example.org/dropped", NULL, NULL, FALSE, &error);
  rasid_store_rollback (store);
  g_assert_false (rasid_store_has_source (store, id, &error));
  g_assert_cmpint (rasid_store_add_source (store, "https://example.org/after", NULL, NULL, FALSE, &error), >, 0);
}


/* The lexicons are mirrored once; later calls write nothing (every refresh
 * of every process makes one), and a changed place is written again. */
static void
test_sync_lexicons (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  g_autoptr(RasidAnalyzer) an = analyzer ();
  g_autoptr(RasidGazetteer) extended = NULL;
  g_autoptr(RasidAnalyzer) an2 = NULL;
  const char *row = "C9999\ttown\tSY07\tقرية الزهور العليا\tUpper Zuhur\t\t\t\t\n";
  sqlite3 *db = _rasid_store_get_db (store);
  int before;

  g_assert_true (rasid_reanalyze_sync_lexicons (store, an, &error));
  before = sqlite3_total_changes (db);
  g_assert_cmpint (before, >, 1000);
  g_assert_true (rasid_reanalyze_sync_lexicons (store, an, &error));
  g_assert_cmpint (sqlite3_total_changes (db), ==, before);

  extended = rasid_gazetteer_new_default (&error);
  g_assert_true (rasid_gazetteer_load_tsv (extended, row, strlen (row), &error));
  rasid_gazetteer_finish (extended);
  an2 = rasid_analyzer_new (extended, rasid_analyzer_get_actors (an));
  g_assert_true (rasid_reanalyze_sync_lexicons (store, an2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_total_changes (db), ==, before + 1);
}

static void
test_fts_query (void)
{
  g_autofree char *a = rasid_fts_query_from_user ("إدلب \"قوات النظام\" قصف*");
  g_autofree char *b = rasid_fts_query_from_user ("  ");
  g_autofree char *c = rasid_fts_query_from_user ("a\"b OR c");

  g_assert_cmpstr (a, ==, "\"ادلب\" \"قوات النظام\" \"قصف\" *");
  g_assert_null (b);
  g_assert_nonnull (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store/create", Fixture, NULL, setup, test_create, teardown);
  g_test_add ("/store/round-trip", Fixture, NULL, setup, test_round_trip, teardown);
  g_test_add ("/store/counts", Fixture, NULL, setup, test_counts, teardown);
  g_test_add ("/store/migrations", Fixture, NULL, setup, test_migrations, teardown);
  g_test_add ("/store/refuses-newer", Fixture, NULL, setup, test_refuses_newer, teardown);
  g_test_add ("/store/refuses-corrupt", Fixture, NULL, setup, test_refuses_corrupt, teardown);
  g_test_add ("/store/refuses-damaged-pages", Fixture, NULL, setup, test_refuses_damaged_pages, teardown);
  g_test_add ("/store/locked", Fixture, NULL, setup, test_locked, teardown);
  g_test_add ("/store/reanalyze", Fixture, NULL, setup, test_reanalyze, teardown);
  g_test_add ("/store/async-writes", Fixture, NULL, setup, test_async_writes, teardown);
  g_test_add ("/store/write-queue", Fixture, NULL, setup, test_write_queue, teardown);
  g_test_add ("/store/sync-lexicons", Fixture, NULL, setup, test_sync_lexicons, teardown);
  g_test_add_func ("/store/fts-query", test_fts_query);
  return g_test_run ();
}
