/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-facet-index.c: the in-memory facet index must give exactly what the
 * SQL gives (ids in order, every count, in reports and in stories, and the
 * story list) for many filters, on a real cache filled from the analysis
 * corpus, and keep doing so while another connection marks, rewrites,
 * adds, links, prunes and removes reports, and files them in stories
 * anew. */
#include "rasid-facet-index.h"
#include "rasid-reanalyze.h"
#include "rasid-store-private.h"
#include "rasid-test-story-counts.h"
#include "rasid-test-cache.h"

#include <sqlite3.h>
#include <string.h>

typedef struct {
  RasidTestCache   c;
  guint            compared;
  guint            stories_compared;   /* filters under which some story counted */
} Fixture;

static gint64
store_item_full (Fixture *f, gint64 source, const char *guid, const char *title, gint64 published, gboolean breaking,
                 gboolean file)
{
  return rasid_test_cache_store (&f->c, source, guid, title, published, breaking, 1526100000, file);
}

static gint64
store_item (Fixture *f, gint64 source, const char *guid, const char *title, gint64 published, gboolean breaking)
{
  return store_item_full (f, source, guid, title, published, breaking, TRUE);
}

static RasidFilter *
add_filter (Fixture *f)
{
  return rasid_test_cache_add_filter (&f->c);
}

/* Every fifth report shares its time with the one before: the order's
 * tie-break is the id. */
static void
store_corpus_title (guint i, const char *guid, const char *title, gpointer data)
{
  Fixture *f = data;

  store_item (f, f->c.sources[i % 3], guid, title, 1526100000 + (i - i % 5 / 4) * 60, i % 7 == 0);
}

/* The corpus, a report a minute, and filters over what it holds. */
static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) governorates = NULL, districts = NULL, subdistricts = NULL, towns = NULL;
  g_autoptr(GPtrArray) actors = NULL, events = NULL;
  const char *queries[] = { "ادلب", "\"قوات النظام\"", "قصف*", "إدلب قسد", "!!!" };
  guint n;

  rasid_test_cache_open (&f->c);

  g_assert_true (rasid_store_begin (f->c.writer, &error));
  n = rasid_test_cache_each_corpus_title (store_corpus_title, f);
  g_assert_true (rasid_store_commit (f->c.writer, &error));
  g_assert_cmpuint (n, >, 400);

  governorates = rasid_test_cache_distinct (&f->c, "SELECT DISTINCT admin1 FROM report_places WHERE admin1 IS NOT NULL ORDER BY 1");
  districts = rasid_test_cache_distinct (&f->c, "SELECT DISTINCT admin2 FROM report_places WHERE admin2 IS NOT NULL ORDER BY 1 LIMIT 12");
  subdistricts = rasid_test_cache_distinct (&f->c, "SELECT DISTINCT admin3 FROM report_places WHERE admin3 IS NOT NULL ORDER BY 1 LIMIT 12");
  towns = rasid_test_cache_distinct (&f->c, "SELECT DISTINCT place_id FROM report_places WHERE length (place_id) > 8 ORDER BY 1 LIMIT 12");
  actors = rasid_test_cache_distinct (&f->c, "SELECT DISTINCT actor_id FROM report_actors ORDER BY 1");
  events = rasid_test_cache_distinct (&f->c, "SELECT DISTINCT event FROM report_events ORDER BY 1");
  g_assert_cmpuint (governorates->len, ==, 14);
  g_assert_cmpuint (actors->len, >, 10);
  g_assert_cmpuint (events->len, >, 3);
  g_assert_cmpuint (towns->len, >, 3);

  add_filter (f);
  for (guint i = 0; i < governorates->len; i++)
    add_filter (f)->place_id = g_strdup (g_ptr_array_index (governorates, i));
  for (guint i = 0; i < districts->len; i++)
    add_filter (f)->place_id = g_strdup (g_ptr_array_index (districts, i));
  for (guint i = 0; i < subdistricts->len; i++)
    add_filter (f)->place_id = g_strdup (g_ptr_array_index (subdistricts, i));
  for (guint i = 0; i < towns->len; i++)
    add_filter (f)->place_id = g_strdup (g_ptr_array_index (towns, i));
  for (guint i = 0; i < actors->len; i++)
    add_filter (f)->actor_id = g_strdup (g_ptr_array_index (actors, i));
  for (guint i = 0; i < events->len; i++)
    add_filter (f)->event = g_strdup (g_ptr_array_index (events, i));
  for (guint s = 0; s < 3; s++)
    add_filter (f)->source_id = f->c.sources[s];
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    add_filter (f)->query = g_strdup (queries[i]);
  add_filter (f)->unread_only = TRUE;
  add_filter (f)->starred_only = TRUE;
  add_filter (f)->breaking_only = TRUE;
  add_filter (f)->since = 1526100000 + 200 * 60;
  add_filter (f)->until = 1526100000 + 100 * 60;
  add_filter (f)->place_id = g_strdup ("SY99");            /* no such place */
  add_filter (f)->actor_id = g_strdup ("no-such-actor");
  /* Combinations: each facet's counts under the others. */
  for (guint i = 0; i < governorates->len; i++)
    {
      RasidFilter *c = add_filter (f);
      c->place_id = g_strdup (g_ptr_array_index (governorates, i));
      c->actor_id = g_strdup (g_ptr_array_index (actors, i % actors->len));
      c = add_filter (f);
      c->place_id = g_strdup (g_ptr_array_index (governorates, i));
      c->event = g_strdup (g_ptr_array_index (events, i % events->len));
      c->query = g_strdup (queries[i % 3]);
      c->source_id = f->c.sources[i % 3];
      c = add_filter (f);
      c->actor_id = g_strdup (g_ptr_array_index (actors, i % actors->len));
      c->since = 1526100000 + i * 1000;
      c->unread_only = TRUE;
    }
}

static void
teardown (Fixture *f, gconstpointer data)
{
  rasid_test_cache_close (&f->c);
}

static void
assert_same_counts (GHashTable *expected, GHashTable *got, const char *what)
{
  GHashTableIter it;
  gpointer k, v;

  g_assert_nonnull (expected);
  g_assert_nonnull (got);
  g_hash_table_iter_init (&it, expected);
  while (g_hash_table_iter_next (&it, &k, &v))
    if (GPOINTER_TO_INT (g_hash_table_lookup (got, k)) != GPOINTER_TO_INT (v))
      g_error ("%s: %s counted %d by SQL, %d by the index", what, (char *) k, GPOINTER_TO_INT (v),
               GPOINTER_TO_INT (g_hash_table_lookup (got, k)));
  g_assert_cmpuint (g_hash_table_size (expected), ==, g_hash_table_size (got));
}

/* In stories: every count against the SQL reference, and the story list
 * (each order, two thresholds) against rasid_store_query_stories_full(). */
static void
compare_stories (Fixture *f, const RasidFilter *filter, guint n, const char *label)
{
  static const struct { StoryCountFacet facet; const char *name; } lists[] = {
    { STORY_COUNT_ACTORS, "actors" }, { STORY_COUNT_EVENTS, "events" }, { STORY_COUNT_SOURCES, "sources" },
  };
  /* Each level, and one parent per filter in turn (the SQL takes time). */
  const char *parents[] = { NULL, n % 2 ? "SY07" : "SY0200" };
  g_autoptr(GError) error = NULL;
  gboolean counted = FALSE;

  /* The scope of the places' counts once, for every level and parent. */
  g_assert_true (story_counts_scope (f->c.reader, filter, STORY_COUNT_PLACES, &error));
  for (guint level = 0; level < 4; level++)
    for (guint p = 0; p < G_N_ELEMENTS (parents); p++)
      {
        g_autoptr(GHashTable) a = story_counts_in_scope (f->c.reader, STORY_COUNT_PLACES, level, parents[p]);
        g_autoptr(GHashTable) b = rasid_facet_index_count_places_full (f->c.index, f->c.reader, filter, RASID_FACET_UNIT_STORIES,
                                                                       level, parents[p], &error);
        g_autofree char *what = g_strdup_printf ("%s stories by place level %u under %s", label, level, parents[p]);

        g_assert_no_error (error);
        assert_same_counts (a, b, what);
        counted |= g_hash_table_size (a) > 0;
      }
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    {
      g_autoptr(GHashTable) a = story_counts_sql (f->c.reader, filter, lists[k].facet, 0, NULL, &error);
      g_autoptr(GHashTable) b = NULL;
      g_autofree char *what = g_strdup_printf ("%s stories by %s", label, lists[k].name);

      switch (lists[k].facet)
        {
        case STORY_COUNT_ACTORS:
          b = rasid_facet_index_count_actors_full (f->c.index, f->c.reader, filter, RASID_FACET_UNIT_STORIES, &error);
          break;
        case STORY_COUNT_EVENTS:
          b = rasid_facet_index_count_events_full (f->c.index, f->c.reader, filter, RASID_FACET_UNIT_STORIES, &error);
          break;
        default:
          b = rasid_facet_index_count_sources_full (f->c.index, f->c.reader, filter, RASID_FACET_UNIT_STORIES, &error);
          break;
        }
      g_assert_no_error (error);
      assert_same_counts (a, b, what);
    }
  /* Newest first, and in turn most outlets, first reported, or a threshold. */
  for (guint k = 0; k < 2; k++)
    {
      static const struct { RasidStoryOrder order; guint min; } turns[] = {
        { RASID_STORY_ORDER_CORROBORATION, 1 }, { RASID_STORY_ORDER_FIRST_REPORT, 1 }, { RASID_STORY_ORDER_CORROBORATION, 2 },
      };
      RasidStoryOrder order = k == 0 ? RASID_STORY_ORDER_NEWEST : turns[n % 3].order;
      guint min = k == 0 ? 1 : turns[n % 3].min;
      g_autoptr(GArray) want = rasid_store_query_stories_full (f->c.reader, filter, min, order, &error);
      g_autoptr(GArray) got = rasid_facet_index_query_stories (f->c.index, f->c.reader, filter, min, order, &error);

      g_assert_no_error (error);
      if (want->len != got->len || memcmp (want->data, got->data, want->len * sizeof (gint64)) != 0)
        g_error ("%s: the story list (%s, at least %u outlets) has %u stories by SQL, %u by the index, or another order",
                 label, rasid_story_order_to_string (order), min, want->len, got->len);
    }
  if (counted)
    f->stories_compared++;
}

/* The index against SQL, for every filter: the ids in order and every count. */
static void
compare_all (Fixture *f)
{
  for (guint i = 0; i < f->c.filters->len; i++)
    {
      RasidFilter *filter = g_ptr_array_index (f->c.filters, i);
      g_autofree char *label = rasid_filter_to_json (filter);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) want = rasid_store_query_ids (f->c.reader, filter, &error);
      g_autoptr(GArray) got = rasid_facet_index_query_ids (f->c.index, f->c.reader, filter, &error);
      const char *parents[] = { NULL, "SY07", "SY02", "SY0200", "SY070100" };

      g_assert_no_error (error);
      g_assert_cmpuint (want->len, ==, got->len);
      g_assert_cmpmem (want->data, want->len * sizeof (gint64), got->data, got->len * sizeof (gint64));
      for (guint level = 0; level < 4; level++)
        for (guint p = 0; p < G_N_ELEMENTS (parents); p++)
          {
            g_autoptr(GHashTable) a = rasid_store_count_places (f->c.reader, filter, level, parents[p], &error);
            g_autoptr(GHashTable) b = rasid_facet_index_count_places (f->c.index, f->c.reader, filter, level, parents[p], &error);
            g_autofree char *what = g_strdup_printf ("%s places level %u under %s", label, level, parents[p]);
            assert_same_counts (a, b, what);
          }
      {
        g_autoptr(GHashTable) a = rasid_store_count_actors (f->c.reader, filter, &error);
        g_autoptr(GHashTable) b = rasid_facet_index_count_actors (f->c.index, f->c.reader, filter, &error);
        g_autoptr(GHashTable) c = rasid_store_count_events (f->c.reader, filter, &error);
        g_autoptr(GHashTable) d = rasid_facet_index_count_events (f->c.index, f->c.reader, filter, &error);
        g_autoptr(GHashTable) e = rasid_store_count_sources (f->c.reader, filter, &error);
        g_autoptr(GHashTable) g = rasid_facet_index_count_sources (f->c.index, f->c.reader, filter, &error);
        g_autofree char *wa = g_strconcat (label, " actors", NULL);
        g_autofree char *we = g_strconcat (label, " events", NULL);
        g_autofree char *ws = g_strconcat (label, " sources", NULL);

        g_assert_no_error (error);
        assert_same_counts (a, b, wa);
        assert_same_counts (c, d, we);
        assert_same_counts (e, g, ws);
      }
      compare_stories (f, filter, i, label);
      f->compared++;
    }
}

static gint64
nth_id (Fixture *f, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = rasid_store_query_ids (f->c.writer, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, n);
  return g_array_index (ids, gint64, n);
}

static void
test_matches_sql (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rasid_facet_index_sync (f->c.index, f->c.reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rasid_facet_index_get_n_reports (f->c.index), ==, rasid_store_count_reports (f->c.reader, NULL, &error));
  compare_all (f);
  g_assert_cmpuint (f->compared, >, 100);
  g_assert_cmpuint (f->stories_compared, >, 100);
  /* Stories of several reports, or counting stories would be counting reports. */
  {
    g_autoptr(GArray) stories = rasid_store_query_stories (f->c.reader, NULL, &error);
    g_autoptr(GHashTable) reports = rasid_facet_index_count_places (f->c.index, f->c.reader, NULL, 0, NULL, &error);
    g_autoptr(GHashTable) in_stories = rasid_facet_index_count_places_full (f->c.index, f->c.reader, NULL,
                                                                            RASID_FACET_UNIT_STORIES, 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (stories->len, <, rasid_facet_index_get_n_reports (f->c.index) * 9 / 10);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (in_stories, "SY07")), <,
                      GPOINTER_TO_UINT (g_hash_table_lookup (reports, "SY07")));
  }
}

static void
test_follows_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RasidUpsertResult result;
  gint64 id;

  compare_all (f);

  /* Read and starred, as the analyst marks them. */
  for (guint i = 0; i < 40; i += 3)
    g_assert_true (rasid_store_set_flags (f->c.writer, nth_id (f, i), TRUE, i % 2, &error));
  compare_all (f);

  /* A source rewrites a report: new places and factions. */
  {
    g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
    g_autoptr(RasidAnalysis) a = NULL;

    item->guid = g_strdup ("r10");
    item->title = g_strdup ("قصف لقوات النظام على مدينة دير الزور وهيئة تحرير الشام ترد في إدلب");
    item->published = 1526100000 + 10 * 60;
    a = rasid_analyzer_analyze (f->c.analyzer, item->title, NULL);
    id = rasid_store_upsert_report (f->c.writer, f->c.sources[10 % 3], item, a, 1526100000, &result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (result, ==, RASID_UPSERT_UPDATED);
  }
  compare_all (f);

  /* Another source carries an old report: only a link is added. */
  {
    g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
    g_autoptr(RasidAnalysis) a = NULL;
    g_autoptr(RasidReport) old = rasid_store_load_report (f->c.writer, nth_id (f, 100), &error);

    item->guid = g_strdup ("copy-of-100");
    item->title = g_strdup (rasid_report_get_title (old));
    item->published = rasid_report_get_published (old);
    a = rasid_analyzer_analyze (f->c.analyzer, item->title, NULL);
    g_assert_cmpint (rasid_store_upsert_report (f->c.writer, f->c.sources[2], item, a, 1526100000, &result, &error), ==,
                     rasid_report_get_id (old));
    g_assert_no_error (error);
  }
  compare_all (f);

  /* New reports, some older than everything, some newest. */
  store_item (f, f->c.sources[0], "new-1", "غارات روسية على مدينة سراقب شرق إدلب", 1526100000 + 99999, TRUE);
  store_item (f, f->c.sources[1], "new-2", "اشتباكات بين قسد وتنظيم الدولة في دير الزور", 1000, FALSE);
  compare_all (f);

  /* Retention: the oldest go, starred ones stay. */
  g_assert_cmpint (rasid_store_prune (f->c.writer, 1526100000 + 30 * 60, &error), >, 10);
  compare_all (f);

  /* A source goes with the reports only it had. */
  g_assert_true (rasid_store_remove_source (f->c.writer, f->c.sources[1], &error));
  compare_all (f);

  /* The newest report is deleted and its id taken by the next one. */
  id = store_item (f, f->c.sources[0], "newest", "قصف على مدينة منبج", 1526100000 + 200000, FALSE);
  compare_all (f);
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM reports_fts WHERE rowid = %1$" G_GINT64_FORMAT ";"
                                            "DELETE FROM reports WHERE id = %1$" G_GINT64_FORMAT, id);
    g_assert_true (_rasid_store_exec (f->c.writer, sql, &error));
  }
  g_assert_cmpint (store_item (f, f->c.sources[2], "reused", "اشتباكات في مدينة درعا", 1526100000 + 300000, FALSE), ==, id);
  compare_all (f);

  /* The change log trimmed past what the index read: it reads everything again. */
  g_assert_true (rasid_store_set_flags (f->c.writer, nth_id (f, 3), FALSE, TRUE, &error));
  g_assert_true (rasid_store_set_flags (f->c.writer, nth_id (f, 4), FALSE, TRUE, &error));
  g_assert_true (rasid_store_trim_changes (f->c.writer, 1, &error));
  compare_all (f);

  /* Everything read again by the analyser. */
  g_assert_cmpint (rasid_reanalyze_store (f->c.writer, f->c.analyzer, NULL, &error), >, 100);
  g_assert_no_error (error);
  compare_all (f);
}

static gint64
single (Fixture *f, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_rasid_store_get_db (f->c.writer), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_write (Fixture *f, const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rasid_store_begin (f->c.writer, &error));
  g_assert_true (_rasid_store_exec (f->c.writer, sql, &error));
  g_assert_true (rasid_store_commit (f->c.writer, &error));
  g_assert_no_error (error);
}

/* The index knows each report's story however it came to be filed or
 * unfiled: never a stale one. */
static void
test_stories_follow (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 late, reused, top_row, top_report, story;

  compare_all (f);

  /* Stored without a story and read so; filed in a later write. */
  late = store_item_full (f, f->c.sources[0], "late", "قصف مدفعي على بلدة كفرنبل جنوب إدلب", 1526100000 + 7777, FALSE, FALSE);
  compare_all (f);
  g_assert_cmpint (rasid_facet_index_get_story (f->c.index, late), ==, 0);
  {
    g_autoptr(RasidAnalysis) a = rasid_analyzer_analyze (f->c.analyzer, "قصف مدفعي على بلدة كفرنبل جنوب إدلب", NULL);

    g_assert_true (rasid_store_begin (f->c.writer, &error));
    g_assert_true (rasid_store_cluster_report (f->c.writer, late, a, NULL, &error));
    g_assert_true (rasid_store_commit (f->c.writer, &error));
  }
  compare_all (f);
  g_assert_cmpint (rasid_facet_index_get_story (f->c.index, late), ==, rasid_store_get_story_of_report (f->c.reader, late, &error));
  g_assert_cmpint (rasid_facet_index_get_story (f->c.index, late), >, 0);

  /* A rowid taken again: the top row goes, a report the index read without
   * a story is filed in its rowid (no log entry of its own), and the top
   * row's report comes back above it. */
  reused = store_item_full (f, f->c.sources[1], "reused-row", "اشتباكات في مدينة الباب شرق حلب", 1526100000 + 8888, FALSE, FALSE);
  compare_all (f);
  top_row = single (f, "SELECT max (rowid) FROM story_reports");
  top_report = single (f, "SELECT report_id FROM story_reports ORDER BY rowid DESC LIMIT 1");
  story = single (f, "SELECT story_id FROM story_reports GROUP BY story_id HAVING count (*) > 2 ORDER BY story_id LIMIT 1");
  {
    g_autofree char *sql = g_strdup_printf (
      "DELETE FROM story_reports WHERE rowid = %1$" G_GINT64_FORMAT ";"
      "INSERT INTO story_reports (story_id, report_id, source_id, role) VALUES (%2$" G_GINT64_FORMAT ", %3$" G_GINT64_FORMAT ", 1, 'corroboration');"
      "INSERT INTO story_reports (story_id, report_id, source_id, role) VALUES (%2$" G_GINT64_FORMAT ", %4$" G_GINT64_FORMAT ", 1, 'corroboration');",
      top_row, story, reused, top_report);
    exec_write (f, sql);
  }
  g_assert_cmpint (single (f, "SELECT rowid FROM story_reports WHERE report_id = (SELECT max (id) FROM reports)"), ==, top_row);
  compare_all (f);
  g_assert_cmpint (rasid_facet_index_get_story (f->c.index, reused), ==, story);
  g_assert_cmpint (rasid_facet_index_get_story (f->c.index, top_report), ==, story);

  /* A report moved to another story, whose id is far from the others'. */
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO stories (id, first_report_id, first_time, last_time, n_reports, n_outlets, updated) "
      "VALUES (4000000000, %1$" G_GINT64_FORMAT ", 1526100000, 1526200000, 1, 3, 1);"
      "UPDATE story_reports SET story_id = 4000000000 WHERE report_id = %1$" G_GINT64_FORMAT, late);
    exec_write (f, sql);
  }
  compare_all (f);
  g_assert_cmpint (rasid_facet_index_get_story (f->c.index, late), ==, 4000000000);

  /* Every story made again from scratch. */
  g_assert_true (rasid_store_rebuild_stories (f->c.writer, NULL, &error));
  g_assert_no_error (error);
  compare_all (f);
  g_assert_cmpint (rasid_facet_index_get_story (f->c.index, late), ==, rasid_store_get_story_of_report (f->c.reader, late, &error));

  /* Pruned: stories lose reports, some go. */
  g_assert_cmpint (rasid_store_prune (f->c.writer, 1526100000 + 60 * 60, &error), >, 10);
  compare_all (f);
}

typedef struct {
  Fixture *f;
  gint    *stop;
  guint    passes;
} Reader;

/* A worker as the desk's: its own connection, queries and counts in turn. */
static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (r->f->c.path, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (r->stop))
    {
      RasidFilter *filter = g_ptr_array_index (r->f->c.filters, r->passes % r->f->c.filters->len);
      g_autoptr(GArray) ids = rasid_facet_index_query_ids (r->f->c.index, store, filter, &error);
      g_autoptr(GHashTable) places = rasid_facet_index_count_places (r->f->c.index, store, filter, 0, NULL, &error);
      g_autoptr(GHashTable) actors = rasid_facet_index_count_actors (r->f->c.index, store, filter, &error);

      g_assert_no_error (error);
      g_assert_nonnull (ids);
      g_assert_nonnull (places);
      g_assert_nonnull (actors);
      r->passes++;
    }
  return NULL;
}

/* Two workers ask while a third connection writes; afterwards the index
 * still agrees with SQL. */
static void
test_concurrent (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint stop = 0;
  Reader readers[2] = { { f, &stop, 0 }, { f, &stop, 0 } };
  GThread *threads[2];

  for (guint t = 0; t < 2; t++)
    threads[t] = g_thread_new ("reader", reader_thread, &readers[t]);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *guid = g_strdup_printf ("during-%u", i);

      g_assert_true (rasid_store_set_flags (f->c.writer, nth_id (f, i % 50), i % 2, (i / 2) % 2, &error));
      g_assert_true (rasid_store_begin (f->c.writer, &error));
      store_item (f, f->c.sources[i % 3], guid, i % 2 ? "غارات روسية على مدينة سراقب شرق إدلب" : "اشتباكات بين قسد وتنظيم الدولة في دير الزور",
                  1526100000 + 50000 + i, i % 5 == 0);
      g_assert_true (rasid_store_commit (f->c.writer, &error));
      g_usleep (2000);
    }
  g_atomic_int_set (&stop, 1);
  for (guint t = 0; t < 2; t++)
    g_thread_join (threads[t]);
  g_assert_cmpuint (readers[0].passes + readers[1].passes, >, 20);
  compare_all (f);
}

/* A corrupt or missing table is an error, not a crash or an empty desk. */
static void
test_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_rasid_store_exec (f->c.writer, "DROP TABLE report_changes", &error));
  g_assert_null (rasid_facet_index_query_ids (f->c.index, f->c.reader, NULL, &error));
  g_assert_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_FAILED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/facet-index/matches-sql", Fixture, NULL, setup, test_matches_sql, teardown);
  g_test_add ("/facet-index/follows-changes", Fixture, NULL, setup, test_follows_changes, teardown);
  g_test_add ("/facet-index/stories-follow", Fixture, NULL, setup, test_stories_follow, teardown);
  g_test_add ("/facet-index/concurrent", Fixture, NULL, setup, test_concurrent, teardown);
  g_test_add ("/facet-index/error", Fixture, NULL, setup, test_error, teardown);
  return g_test_run ();
}
