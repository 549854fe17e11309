/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-trends.c: the trend chart's series on a large cache, from the
 * facet index and from SQL, beside the sidebar's counts from the index
 * (the chart must follow a filter as fast as they do). Builds a cache of
 * N synthetic reports (100 000 by default, one every 30 s: 35 days) or
 * reuses --db; checks that both ways give the same series; prints the
 * median of --rounds runs.
 *
 *   bench-trends [--reports N] [--db PATH] [--rounds R] */
#include "config.h"

#include <locale.h>

#include "rasid-facet-index.h"
#include "rasid-trends.h"
#include "bench-common.h"

static void
build_cache (const char *path, int n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  gint64 source, start = g_get_monotonic_time ();

  g_assert_no_error (error);
  source = rasid_store_add_source (store, "file:///nonexistent/bench.xml", "bench", NULL, FALSE, &error);
  g_assert_no_error (error);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *title = NULL, *body = NULL;
      g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
      g_autoptr(RasidAnalysis) a = NULL;
      RasidUpsertResult r;

      bench_report (i, &title, &body);
      item->guid = g_strdup_printf ("t%d", i);
      item->title = g_steal_pointer (&title);
      item->content = g_steal_pointer (&body);
      item->published = 1526100000 + (gint64) i * 30;
      a = rasid_analyzer_analyze (analyzer, item->title, item->content);
      if (i % 1000 == 0)
        g_assert_true (rasid_store_begin (store, &error));
      rasid_store_upsert_report (store, source, item, a, 1526100000, &r, &error);
      g_assert_no_error (error);
      if (i % 1000 == 999 || i == n - 1)
        g_assert_true (rasid_store_commit (store, &error));
    }
  g_print ("built a cache of %d reports in %.1f s: %s\n", n, (g_get_monotonic_time () - start) / 1e6, path);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(BenchCacheOptions) o = { .reports = 100000, .rounds = 5 };
  struct { const char *label; const char *place, *actor, *query, *event; } cases[] = {
    { "no filter", NULL, NULL, NULL, NULL },
    { "governorate Idlib", "SY07", NULL, NULL, NULL },
    { "Idlib + faction HTS", "SY07", "hts", NULL, NULL },
    { "search \"ادلب\"", NULL, NULL, "ادلب", NULL },
    { "event killing", NULL, NULL, NULL, "killing" },
  };
  static const char *stacks[] = { "governorate", "faction", "event" };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidFacetIndex) index = NULL;
  gint64 t0;

  setlocale (LC_ALL, "");
  if (!bench_parse_cache_options (&argc, &argv, "— the trend series: facet index against SQL", 1, &o))
    return 2;
  store = bench_open_cache (&o, "rasid-bench-trends-XXXXXX", build_cache);
  index = rasid_facet_index_new ();
  t0 = g_get_monotonic_time ();
  g_assert_true (rasid_facet_index_sync (index, store, &error));
  g_print ("index: first read of %u reports %.1f ms\n", rasid_facet_index_get_n_reports (index),
           (g_get_monotonic_time () - t0) / 1000.0);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(RasidFilter) f = rasid_filter_new ();
      g_autofree double *sidebar = g_new (double, o.rounds);

      f->place_id = g_strdup (cases[c].place);
      f->actor_id = g_strdup (cases[c].actor);
      f->query = g_strdup (cases[c].query);
      f->event = g_strdup (cases[c].event);
      /* The sidebar's four counts from the index, for scale. */
      for (int r = 0; r < o.rounds; r++)
        {
          gint64 s = g_get_monotonic_time ();
          g_hash_table_unref (rasid_facet_index_count_places (index, store, f, 0, NULL, &error));
          g_hash_table_unref (rasid_facet_index_count_actors (index, store, f, &error));
          g_hash_table_unref (rasid_facet_index_count_events (index, store, f, &error));
          g_hash_table_unref (rasid_facet_index_count_sources (index, store, f, &error));
          sidebar[r] = (g_get_monotonic_time () - s) / 1000.0;
        }
      g_assert_no_error (error);
      for (guint k = 0; k < G_N_ELEMENTS (stacks); k++)
        {
          RasidTrendOptions options = { .bucket = RASID_TREND_BUCKET_DAY };
          g_autofree double *sql_ms = g_new (double, o.rounds), *index_ms = g_new (double, o.rounds);
          g_autoptr(RasidTrendSeries) from_sql = NULL, from_index = NULL;

          g_assert_true (rasid_trend_stack_from_string (stacks[k], &options.stack));
          for (int r = 0; r < o.rounds; r++)
            {
              gint64 s = g_get_monotonic_time ();

              g_clear_pointer (&from_sql, rasid_trend_series_free);
              g_clear_pointer (&from_index, rasid_trend_series_free);
              from_sql = rasid_trend_series_from_sql (store, f, &options, &error);
              g_assert_no_error (error);
              sql_ms[r] = (g_get_monotonic_time () - s) / 1000.0;
              s = g_get_monotonic_time ();
              from_index = rasid_trend_series_from_index (index, store, f, &options, &error);
              g_assert_no_error (error);
              index_ms[r] = (g_get_monotonic_time () - s) / 1000.0;
            }
          /* A figure for a wrong answer would be worthless. */
          if (!rasid_trend_series_equal (from_sql, from_index))
            g_error ("%s by %s: the index and SQL disagree", cases[c].label, stacks[k]);
          g_print ("series %-22s by %-11s index %6.1f ms   SQL %7.1f ms   (sidebar counts %5.1f ms; %u reports, %u bars)\n",
                   cases[c].label, stacks[k], bench_median (index_ms, o.rounds), bench_median (sql_ms, o.rounds),
                   bench_median (sidebar, o.rounds), from_index->total, from_index->n_buckets);
        }
    }
  bench_remove_cache (&store, &o);
  return 0;
}
