/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-analyze.c: analysis throughput (reports/s) on synthetic ticker
 * lines, next to the cost of normalising the same text alone. */
#include "rasid-analyzer.h"
#include "rasid-normalize.h"
#include "bench-common.h"

int
main (int argc, char **argv)
{
  int n = 100000;
  GOptionEntry entries[] = {
    { "reports", 'n', 0, G_OPTION_ARG_INT, &n, "Reports to analyse (default 100000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- Rasid analysis throughput");
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidAnalyzer) analyzer = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  gint64 start, load_start;
  double analyse_s, normalise_s, load_s;
  guint places = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || n < 1)
    {
      g_printerr ("bench-analyze: %s\n", error ? error->message : "N must be positive");
      return 2;
    }
  for (int i = 0; i < n; i++)
    {
      char *t, *b;
      bench_report (i, &t, &b);
      g_ptr_array_add (titles, t);
      g_ptr_array_add (bodies, b);
    }

  load_start = g_get_monotonic_time ();
  analyzer = rasid_analyzer_new_default (&error);
  g_assert_no_error (error);
  load_s = (g_get_monotonic_time () - load_start) / (double) G_USEC_PER_SEC;

  start = g_get_monotonic_time ();
  for (int i = 0; i < n; i++)
    {
      g_autofree char *a = rasid_normalize (g_ptr_array_index (titles, i));
      g_autofree char *b = rasid_normalize (g_ptr_array_index (bodies, i));
    }
  normalise_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  start = g_get_monotonic_time ();
  for (int i = 0; i < n; i++)
    {
      g_autoptr(RasidAnalysis) a = rasid_analyzer_analyze (analyzer, g_ptr_array_index (titles, i),
                                                           g_ptr_array_index (bodies, i));
      places += a->places->len;
    }
  analyse_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_print ("gazetteer + actors loaded and compiled in %.1f ms\n", load_s * 1000);
  g_print ("analysis: %.0f reports/s (%d reports, %.2f s, %u places found)\n", n / analyse_s, n, analyse_s, places);
  g_print ("normalisation alone (baseline): %.0f reports/s; analysis costs %.1fx normalisation\n",
           n / normalise_s, analyse_s / normalise_s);
  g_print ("peak RSS: %ld KiB\n", bench_peak_rss_kib ());
  return 0;
}
