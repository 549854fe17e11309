/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-stories.c: what filing each report in its story costs, against the
 * plain upsert it rides on, measured in the same run on the same reports.
 *
 *   bench-stories [--reports N] [--per-write M] [--sources S]
 *
 * The reports are analysed before the clock starts (ingest analyses outside
 * the write too); both runs store them in writes of M reports; the second
 * also clusters each one. Prints µs per report for each, the difference
 * (the clusterer's cost), the ratio and the stories made. */
#include "rasid-store.h"
#include "rasid-story.h"
#include "bench-common.h"


typedef struct {
  RasidFeedItem *item;
  RasidAnalysis *analysis;
  gint64         source;
} Prepared;

/* Returns µs per report. */
static double
run (const char *path, Prepared *reports, guint n, guint per_write, guint n_sources, gboolean cluster, guint *n_stories)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  gint64 start;

  g_assert_no_error (error);
  for (guint s = 0; s < n_sources; s++)
    {
      g_autofree char *url = g_strdup_printf ("https://outlet%u.example/feed", s);
      rasid_store_add_source (store, url, NULL, "rss", FALSE, &error);
      g_assert_no_error (error);
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      RasidUpsertResult result;
      gint64 id;

      if (i % per_write == 0)
        g_assert_true (rasid_store_begin (store, &error));
      id = rasid_store_upsert_report (store, reports[i].source, reports[i].item, reports[i].analysis,
                                      reports[i].item->published, &result, &error);
      g_assert_no_error (error);
      if (cluster && result == RASID_UPSERT_NEW)
        g_assert_true (rasid_store_cluster_report (store, id, reports[i].analysis, reports[i].item->content, &error));
      if (i % per_write == per_write - 1 || i == n - 1)
        g_assert_true (rasid_store_commit (store, &error));
    }
  start = g_get_monotonic_time () - start;
  if (n_stories)
    {
      g_autoptr(GArray) ids = rasid_store_query_stories (store, NULL, &error);
      g_assert_no_error (error);
      *n_stories = ids->len;
    }
  return (double) start / n;
}

int
main (int argc, char **argv)
{
  int reports = 100000, per_write = 500, sources = 8;
  GOptionEntry entries[] = {
    { "reports", 'n', 0, G_OPTION_ARG_INT, &reports, "Reports in all (default 100000)", "N" },
    { "per-write", 'm', 0, G_OPTION_ARG_INT, &per_write, "Reports per write (default 500)", "M" },
    { "sources", 's', 0, G_OPTION_ARG_INT, &sources, "Outlets telling each event (default 8)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- the cost of filing reports in stories");
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidAnalyzer) analyzer = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rasid-bench-XXXXXX", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "plain.db", NULL);
  g_autofree char *stories_path = g_build_filename (dir, "stories.db", NULL);
  g_autofree Prepared *prepared = NULL;
  double plain, clustered;
  guint n_stories = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || reports <= 0 || per_write <= 0 || sources <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "sizes must be positive");
      return 2;
    }
  analyzer = rasid_analyzer_new_default (&error);
  g_assert_no_error (error);

  /* Each event told by three outlets a few minutes apart, each in its own
   * words, in one of the gazetteer's towns; an event every five minutes:
   * 100 000 reports are 116 days of news, 870 a day. */
  {
    g_autoptr(GPtrArray) towns = bench_towns_from_gazetteer (analyzer);
    static const char *templates[][3] = {
      { "مقتل %u مدنيين بقصف مدفعي لقوات النظام على بلدة %s", "قوات النظام تقصف %s بالمدفعية وتقتل %u",
        "%u قتلى بقصف مدفعي على %s" },
      { "غارات جوية روسية على أطراف %s (مصادر محلية)", "الطائرات الروسية تشن غارات على محيط %s",
        "غارات روسية على محيط %s" },
      { "انفجار عبوة ناسفة وسط %s يوقع %u جرحى", "جرح %u أشخاص بانفجار عبوة في %s", "انفجار في %s و%u جرحى" },
      { "قسد تعتقل %u شبان في حملة مداهمات في %s", "حملة اعتقالات تطال %u شبان في %s", "اعتقال %u شبان في %s" },
      { "اشتباكات بين فصيلين في %s", "اقتتال بين فصائل في %s", "مواجهات مسلحة في %s" },
      { "مظاهرة في %s تطالب بالإفراج عن المعتقلين", "وقفة احتجاجية في %s", "محتجون في %s يطالبون بالمعتقلين" },
    };

    prepared = g_new0 (Prepared, reports);
    for (int i = 0; i < reports; i++)
      {
        guint event = i / 3, outlet = i % 3, kind = event % G_N_ELEMENTS (templates);
        const char *town = g_ptr_array_index (towns, (event * 7919u) % towns->len);
        const char *form = templates[kind][outlet];
        guint count = 1 + event % 9;
        g_autofree char *title = bench_story_title (form, town, count);

        prepared[i].item = rasid_feed_item_new ();
        prepared[i].item->guid = g_strdup_printf ("bench-%d", i);
        prepared[i].item->title = g_strdup_printf ("%s - %02u:%02u", title, (event / 12) % 24, (event * 5) % 60);
        prepared[i].item->published = 1709600000 + (gint64) event * 300 + outlet * 240;
        prepared[i].analysis = rasid_analyzer_analyze (analyzer, prepared[i].item->title, NULL);
        prepared[i].source = 1 + (event + outlet) % sources;
      }
  }

  plain = run (plain_path, prepared, reports, per_write, sources, FALSE, NULL);
  clustered = run (stories_path, prepared, reports, per_write, sources, TRUE, &n_stories);

  g_print ("reports: %d, writes of %d, %d outlets\n", reports, per_write, sources);
  g_print ("upsert alone:        %8.1f us/report\n", plain);
  g_print ("upsert + story:      %8.1f us/report\n", clustered);
  g_print ("story filing:        %8.1f us/report\n", clustered - plain);
  g_print ("ratio:               %8.2fx the plain upsert\n", clustered / plain);
  g_print ("stories:             %8u (%.2f reports each)\n", n_stories, n_stories ? (double) reports / n_stories : 0.0);
  g_print ("peak memory:         %8ld KiB\n", bench_peak_rss_kib ());

  for (int i = 0; i < reports; i++)
    {
      rasid_feed_item_free (prepared[i].item);
      rasid_analysis_free (prepared[i].analysis);
    }
  bench_unlink_cache (plain_path);
  bench_unlink_cache (stories_path);
  g_rmdir (dir);
  return 0;
}
