/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-story-facets.c: the sidebar's counts in stories and the story
 * list's query, from the facet index, beside the counts in reports from
 * the index (what "as fast" means) and the same answers from SQL. Builds a
 * cache of N reports filed in stories as ingest files them (each event
 * told by three outlets, one every five minutes) or reuses --db; checks
 * that index and SQL agree; prints the median of --rounds runs.
 *
 *   bench-story-facets [--reports N] [--db PATH] [--rounds R] */
#include "config.h"

#include <locale.h>

#include "rasid-facet-index.h"
#include "rasid-test-story-counts.h"
#include "bench-common.h"

static void
build_cache (const char *path, int n)
{
  static const char *templates[][3] = {
    { "مقتل %u مدنيين بقصف مدفعي لقوات النظام على بلدة %s", "قوات النظام تقصف %s بالمدفعية وتقتل %u",
      "%u قتلى بقصف مدفعي على %s" },
    { "غارات جوية روسية على أطراف %s (مصادر محلية)", "الطائرات الروسية تشن غارات على محيط %s",
      "غارات روسية على محيط %s" },
    { "انفجار عبوة ناسفة وسط %s يوقع %u جرحى", "جرح %u أشخاص بانفجار عبوة في %s", "انفجار في %s و%u جرحى" },
    { "قسد تعتقل %u شبان في حملة مداهمات في %s", "حملة اعتقالات تطال %u شبان في %s", "اعتقال %u شبان في %s" },
    { "اشتباكات بين هيئة تحرير الشام والجيش الوطني في %s", "اقتتال بين فصائل في %s", "مواجهات مسلحة في %s" },
    { "مظاهرة في %s تطالب بالإفراج عن المعتقلين", "وقفة احتجاجية في %s", "محتجون في %s يطالبون بالمعتقلين" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  g_autoptr(GPtrArray) towns = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  towns = bench_towns_from_gazetteer (analyzer);
  for (guint s = 0; s < 8; s++)
    {
      g_autofree char *url = g_strdup_printf ("https://outlet%u.example/feed", s);
      rasid_store_add_source (store, url, NULL, "rss", FALSE, &error);
      g_assert_no_error (error);
    }
  for (int i = 0; i < n; i++)
    {
      guint event = i / 3, outlet = i % 3, kind = event % G_N_ELEMENTS (templates);
      const char *town = g_ptr_array_index (towns, (event * 7919u) % towns->len);
      const char *form = templates[kind][outlet];
      guint count = 1 + event % 9;
      g_autofree char *title = bench_story_title (form, town, count);
      g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
      g_autoptr(RasidAnalysis) a = NULL;
      RasidUpsertResult result;
      gint64 id;

      item->guid = g_strdup_printf ("bench-%d", i);
      /* The event's number keeps headlines apart, or the upsert would fold them. */
      item->title = g_strdup_printf ("%s - %02u:%02u (%u)", title, (event / 12) % 24, (event * 5) % 60, event);
      item->published = 1709600000 + (gint64) event * 300 + outlet * 240;
      a = rasid_analyzer_analyze (analyzer, item->title, NULL);
      if (i % 500 == 0)
        g_assert_true (rasid_store_begin (store, &error));
      id = rasid_store_upsert_report (store, 1 + (event + outlet) % 8, item, a, item->published, &result, &error);
      g_assert_no_error (error);
      if (result == RASID_UPSERT_NEW)
        g_assert_true (rasid_store_cluster_report (store, id, a, NULL, &error));
      if (i % 500 == 499 || i == n - 1)
        g_assert_true (rasid_store_commit (store, &error));
    }
  g_print ("built a cache of %d reports in stories in %.1f s: %s\n", n, (g_get_monotonic_time () - start) / 1e6, path);
}

static void
same_counts (GHashTable *a, GHashTable *b, const char *what)
{
  GHashTableIter it;
  gpointer k, v;

  g_hash_table_iter_init (&it, a);
  while (g_hash_table_iter_next (&it, &k, &v))
    if (g_hash_table_lookup (b, k) != v)
      g_error ("%s: %s is %u by SQL, %u by the index", what, (char *) k, GPOINTER_TO_UINT (v),
               GPOINTER_TO_UINT (g_hash_table_lookup (b, k)));
  if (g_hash_table_size (a) != g_hash_table_size (b))
    g_error ("%s: %u values by SQL, %u by the index", what, g_hash_table_size (a), g_hash_table_size (b));
}

/* The sidebar's four counts (governorates, factions, events, sources). */
static void
index_counts (RasidFacetIndex *index, RasidStore *store, const RasidFilter *f, RasidFacetUnit unit, GHashTable **out)
{
  g_autoptr(GError) error = NULL;

  out[0] = rasid_facet_index_count_places_full (index, store, f, unit, 0, NULL, &error);
  out[1] = rasid_facet_index_count_actors_full (index, store, f, unit, &error);
  out[2] = rasid_facet_index_count_events_full (index, store, f, unit, &error);
  out[3] = rasid_facet_index_count_sources_full (index, store, f, unit, &error);
  g_assert_no_error (error);
}

static void
sql_counts (RasidStore *store, const RasidFilter *f, GHashTable **out)
{
  g_autoptr(GError) error = NULL;

  out[0] = story_counts_sql (store, f, STORY_COUNT_PLACES, 0, NULL, &error);
  out[1] = story_counts_sql (store, f, STORY_COUNT_ACTORS, 0, NULL, &error);
  out[2] = story_counts_sql (store, f, STORY_COUNT_EVENTS, 0, NULL, &error);
  out[3] = story_counts_sql (store, f, STORY_COUNT_SOURCES, 0, NULL, &error);
  g_assert_no_error (error);
}

static void
clear_counts (GHashTable **counts)
{
  for (guint i = 0; i < 4; i++)
    g_clear_pointer (&counts[i], g_hash_table_unref);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(BenchCacheOptions) o = { .reports = 100000, .rounds = 5 };
  struct { const char *label; const char *place, *actor, *query, *event; gint64 since_days; } cases[] = {
    { "no filter", NULL, NULL, NULL, NULL, 0 },
    { "governorate Idlib", "SY07", NULL, NULL, NULL, 0 },
    { "Aleppo + faction HTS", "SY02", "hts", NULL, NULL, 0 },
    { "search (air strikes)", NULL, NULL, "غارات", NULL, 0 },
    { "event arrest", NULL, NULL, NULL, "arrest", 0 },
    { "last 7 days", NULL, NULL, NULL, NULL, 7 },
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidFacetIndex) index = NULL;
  gint64 t0, latest = 0;

  setlocale (LC_ALL, "");
  if (!bench_parse_cache_options (&argc, &argv, "— counts in stories and the story list: facet index against SQL", 3,
                                  &o))
    return 2;
  store = bench_open_cache (&o, "rasid-bench-story-facets-XXXXXX", build_cache);
  index = rasid_facet_index_new ();
  t0 = g_get_monotonic_time ();
  g_assert_true (rasid_facet_index_sync (index, store, &error));
  {
    g_autoptr(GArray) all = rasid_store_query_stories (store, NULL, &error);
    g_autoptr(GArray) newest = rasid_store_query_ids (store, NULL, &error);

    g_assert_no_error (error);
    g_print ("index: first read of %u reports (%u stories) %.1f ms\n", rasid_facet_index_get_n_reports (index), all->len,
             (g_get_monotonic_time () - t0) / 1000.0);
    if (newest->len > 0)
      {
        g_autoptr(RasidReport) r = rasid_store_load_report (store, g_array_index (newest, gint64, 0), &error);
        latest = rasid_report_get_published (r);
      }
  }
  g_print ("%-22s %9s %9s %9s   %9s %9s %6s\n", "", "counts:", "", "", "list:", "", "");
  g_print ("%-22s %9s %9s %9s   %9s %9s %6s\n", "filter", "reports", "stories", "SQL", "index", "SQL", "n");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(RasidFilter) f = rasid_filter_new ();
      g_autofree double *report_ms = g_new (double, o.rounds), *story_ms = g_new (double, o.rounds);
      g_autofree double *sql_ms = g_new (double, o.rounds), *list_ms = g_new (double, o.rounds);
      g_autofree double *list_sql_ms = g_new (double, o.rounds);
      GHashTable *in_reports[4] = { NULL }, *in_stories[4] = { NULL }, *by_sql[4] = { NULL };
      g_autoptr(GArray) list = NULL, list_sql = NULL;

      f->place_id = g_strdup (cases[c].place);
      f->actor_id = g_strdup (cases[c].actor);
      f->query = g_strdup (cases[c].query);
      f->event = g_strdup (cases[c].event);
      f->since = cases[c].since_days ? latest - cases[c].since_days * 86400 : 0;
      for (int r = 0; r < o.rounds; r++)
        {
          gint64 s = g_get_monotonic_time ();

          clear_counts (in_reports);
          clear_counts (in_stories);
          clear_counts (by_sql);
          g_clear_pointer (&list, g_array_unref);
          g_clear_pointer (&list_sql, g_array_unref);
          index_counts (index, store, f, RASID_FACET_UNIT_REPORTS, in_reports);
          report_ms[r] = (g_get_monotonic_time () - s) / 1000.0;
          s = g_get_monotonic_time ();
          index_counts (index, store, f, RASID_FACET_UNIT_STORIES, in_stories);
          story_ms[r] = (g_get_monotonic_time () - s) / 1000.0;
          s = g_get_monotonic_time ();
          sql_counts (store, f, by_sql);
          sql_ms[r] = (g_get_monotonic_time () - s) / 1000.0;
          s = g_get_monotonic_time ();
          list = rasid_facet_index_query_stories (index, store, f, 1, RASID_STORY_ORDER_NEWEST, &error);
          g_assert_no_error (error);
          list_ms[r] = (g_get_monotonic_time () - s) / 1000.0;
          s = g_get_monotonic_time ();
          list_sql = rasid_store_query_stories_full (store, f, 1, RASID_STORY_ORDER_NEWEST, &error);
          g_assert_no_error (error);
          list_sql_ms[r] = (g_get_monotonic_time () - s) / 1000.0;
        }
      /* A figure for a wrong answer would be worthless. */
      for (guint k = 0; k < 4; k++)
        same_counts (by_sql[k], in_stories[k], cases[c].label);
      if (list->len != list_sql->len || memcmp (list->data, list_sql->data, list->len * sizeof (gint64)) != 0)
        g_error ("%s: the story lists differ", cases[c].label);
      g_print ("%-22s %6.1f ms %6.1f ms %6.1f ms   %6.1f ms %6.1f ms %6u\n", cases[c].label,
               bench_median (report_ms, o.rounds), bench_median (story_ms, o.rounds), bench_median (sql_ms, o.rounds),
               bench_median (list_ms, o.rounds), bench_median (list_sql_ms, o.rounds), list->len);
      clear_counts (in_reports);
      clear_counts (in_stories);
      clear_counts (by_sql);
    }
  bench_remove_cache (&store, &o);
  return 0;
}
