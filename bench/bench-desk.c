/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-desk.c: the desk on a large cache, under Xvfb like the UI tests.
 * Builds a cache of N reports (100 000 by default; reused when --db names
 * one already built), starts the real window on it and prints the time to
 * the first drawn list, the latency of filters (list and sidebar counts)
 * and resident memory.
 *
 *   bench-desk [--reports N] [--db PATH] */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "rasid-application.h"
#include "rasid-facet-index.h"
#include "rasid-window.h"
#include "bench-common.h"
#include "rasid-test-ui-util.h"

static gint64 start_time;
static guint paints;      /* frames the window has painted */
static GArray *drawn;     /* double: each click's time to the painted frame */

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}
static double first_draw_ms = -1;
static gboolean counts_done;

static void
build_cache (const char *path, int n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  gint64 source, start = g_get_monotonic_time ();

  g_assert_no_error (error);
  source = rasid_store_add_source (store, "file:///nonexistent/bench.xml", "bench", NULL, FALSE, &error);
  rasid_store_set_source_options (store, source, NULL, NULL, -1, 0, -1, &error);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *title = NULL, *body = NULL, *guid = g_strdup_printf ("d%d", i);
      g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
      g_autoptr(RasidAnalysis) a = NULL;
      RasidUpsertResult r;

      bench_report (i, &title, &body);
      item->guid = g_strdup (guid);
      item->title = g_steal_pointer (&title);
      item->content = g_steal_pointer (&body);
      item->published = 1526100000 + i * 30;
      item->breaking = i % 50 == 0;
      a = rasid_analyzer_analyze (analyzer, item->title, item->content);
      if (i % 1000 == 0)
        rasid_store_begin (store, &error);
      rasid_store_upsert_report (store, source, item, a, 1526100000, &r, &error);
      g_assert_no_error (error);
      if (i % 1000 == 999 || i == n - 1)
        rasid_store_commit (store, &error);
    }
  g_print ("built a cache of %d reports in %.1f s: %s\n", n, (g_get_monotonic_time () - start) / 1e6, path);
}

static glong
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, "VmRSS:")))
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

/* The data side alone: the list query and every sidebar count, on one
 * warm connection, as the worker threads run them. */
static void
time_queries (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  struct { const char *label; const char *place, *actor, *query, *event; } cases[] = {
    { "no filter", NULL, NULL, NULL, NULL },
    { "governorate Idlib", "SY07", NULL, NULL, NULL },
    { "Idlib + faction HTS", "SY07", "hts", NULL, NULL },
    { "faction SDF", NULL, "sdf", NULL, NULL },
    { "search \"ادلب\"", NULL, NULL, "ادلب", NULL },
    { "event killing", NULL, NULL, NULL, "killing" },
  };

  g_assert_no_error (error);
  /* Warm the connection as a long-running worker's would be. */
  g_array_unref (rasid_store_query_ids (store, NULL, &error));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RasidFilter) f = rasid_filter_new ();
      g_autoptr(GArray) ids = NULL;
      gint64 t0, t1, t2;

      f->place_id = g_strdup (cases[i].place);
      f->actor_id = g_strdup (cases[i].actor);
      f->query = g_strdup (cases[i].query);
      f->event = g_strdup (cases[i].event);
      t0 = g_get_monotonic_time ();
      ids = rasid_store_query_ids (store, f, &error);
      t1 = g_get_monotonic_time ();
      {
        gint64 s0 = g_get_monotonic_time (), s1, s2, s3, s4, s5;
        if (!rasid_filter_is_empty (f))
          rasid_store_prepare_scope (store, f, &error);
        s1 = g_get_monotonic_time ();
        g_hash_table_unref (rasid_store_count_places (store, f, 0, NULL, &error));
        if (f->place_id)
          g_hash_table_unref (rasid_store_count_places (store, f, 1, f->place_id, &error));
        s2 = g_get_monotonic_time ();
        g_hash_table_unref (rasid_store_count_actors (store, f, &error));
        s3 = g_get_monotonic_time ();
        g_hash_table_unref (rasid_store_count_events (store, f, &error));
        s4 = g_get_monotonic_time ();
        g_hash_table_unref (rasid_store_count_sources (store, f, &error));
        s5 = g_get_monotonic_time ();
        if (g_getenv ("BENCH_DESK_DETAIL"))
          g_print ("  scope %.1f places %.1f actors %.1f events %.1f sources %.1f ms\n", (s1 - s0) / 1000.0,
                   (s2 - s1) / 1000.0, (s3 - s2) / 1000.0, (s4 - s3) / 1000.0, (s5 - s4) / 1000.0);
      }
      t2 = g_get_monotonic_time ();
      g_assert_no_error (error);
      g_print ("query %-22s list %6.1f ms   counts %6.1f ms   (%u reports)\n", cases[i].label,
               (t1 - t0) / 1000.0, (t2 - t1) / 1000.0, ids->len);
    }

  /* The same through the facet index the desk uses: SQL above is the
   * baseline, measured in the same run. */
  {
    g_autoptr(RasidFacetIndex) index = rasid_facet_index_new ();
    glong rss_before = rss_kib ();
    gint64 t0 = g_get_monotonic_time ();

    g_assert_true (rasid_facet_index_sync (index, store, &error));
    g_print ("index: first read of %u reports %.1f ms, resident memory +%ld KiB\n",
             rasid_facet_index_get_n_reports (index), (g_get_monotonic_time () - t0) / 1000.0, rss_kib () - rss_before);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(RasidFilter) f = rasid_filter_new ();
        g_autoptr(GArray) ids = NULL, sql_ids = NULL;
        gint64 s0, s1, s2, s3;

        f->place_id = g_strdup (cases[i].place);
        f->actor_id = g_strdup (cases[i].actor);
        f->query = g_strdup (cases[i].query);
        f->event = g_strdup (cases[i].event);
        s0 = g_get_monotonic_time ();
        ids = rasid_facet_index_query_ids (index, store, f, &error);
        s1 = g_get_monotonic_time ();
        g_hash_table_unref (rasid_facet_index_count_places (index, store, f, 0, NULL, &error));
        if (f->place_id)
          g_hash_table_unref (rasid_facet_index_count_places (index, store, f, 1, f->place_id, &error));
        g_hash_table_unref (rasid_facet_index_count_actors (index, store, f, &error));
        g_hash_table_unref (rasid_facet_index_count_events (index, store, f, &error));
        g_hash_table_unref (rasid_facet_index_count_sources (index, store, f, &error));
        s2 = g_get_monotonic_time ();
        sql_ids = rasid_store_query_ids (store, f, &error);
        s3 = g_get_monotonic_time ();
        g_assert_no_error (error);
        g_assert_cmpuint (ids->len, ==, sql_ids->len);
        g_print ("index %-22s list %6.1f ms   counts %6.1f ms   (SQL list again %.1f ms: ratio %.2f)\n", cases[i].label,
                 (s1 - s0) / 1000.0, (s2 - s1) / 1000.0, (s3 - s2) / 1000.0, (double) (s1 - s0) / MAX (1, s3 - s2));
      }
  }
}

static gboolean
on_first_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  first_draw_ms = (g_get_monotonic_time () - start_time) / 1000.0;
  return G_SOURCE_REMOVE;
}

static void
on_counts (RasidSidebar *sidebar, gpointer data)
{
  counts_done = TRUE;
}

static gint64 last_paint;
static GArray *frame_gaps;   /* double, ms between painted frames, while scrolling */

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  paints++;
  if (frame_gaps && last_paint)
    {
      double gap = (now - last_paint) / 1000.0;
      g_array_append_val (frame_gaps, gap);
    }
  last_paint = now;
}

/* Scrolls the list down as a reader does with a wheel or a touchpad: a
 * quarter of a screen a frame, for @frames frames, and reports the time
 * between painted frames (16.7 ms is 60 frames a second). */
static void
time_scrolling (RasidWindow *win, guint frames)
{
  GtkWidget *list = GTK_WIDGET (rasid_window_get_list_view (win));
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  guint slow = 0;
  double total = 0;

  spin (700);
  frame_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  last_paint = 0;
  for (guint i = 0; i < frames; i++)
    {
      guint before = paints;

      gtk_adjustment_set_value (vadj, gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj) / 4);
      while (paints == before)
        g_main_context_iteration (NULL, TRUE);
    }
  for (guint i = 0; i < frame_gaps->len; i++)
    {
      total += g_array_index (frame_gaps, double, i);
      slow += g_array_index (frame_gaps, double, i) > 33.4;
    }
  g_array_sort (frame_gaps, compare_doubles);
  g_print ("scrolling %u frames (a quarter screen each; %u rows told to the view): frame gap mean %.1f ms, "
           "90th percentile %.1f ms, worst %.1f ms, %u frames over 33 ms\n", frames,
           g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))),
           total / frame_gaps->len, g_array_index (frame_gaps, double, frame_gaps->len * 9 / 10),
           g_array_index (frame_gaps, double, frame_gaps->len - 1), slow);
  g_clear_pointer (&frame_gaps, g_array_unref);
}

/* Applies @action and times the list and the sidebar counts under it:
 * when each is ready, and when the window has painted it. */
static void
time_filter (RasidWindow *win, const char *label, const char *action, GVariant *param)
{
  RasidReportModel *model = rasid_window_get_report_model (win);
  gint64 t0;
  double list_ms = -1, counts_ms = -1, drawn_ms = -1;
  guint paints_at_ready = 0;

  /* One click at a time: the previous change has been drawn. */
  spin (700);
  t0 = g_get_monotonic_time ();

  counts_done = FALSE;
  gtk_widget_activate_action_variant (GTK_WIDGET (win), action, param);
  while (list_ms < 0 || counts_ms < 0 || drawn_ms < 0)
    {
      g_main_context_iteration (NULL, TRUE);
      /* The list is ready once the view holds the new rows. */
      if (list_ms < 0 && !rasid_report_model_get_loading (model))
        list_ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (counts_ms < 0 && counts_done)
        counts_ms = (g_get_monotonic_time () - t0) / 1000.0;
      /* Drawn: a frame painted after both were ready. */
      if (list_ms >= 0 && counts_ms >= 0 && paints_at_ready == 0)
        paints_at_ready = paints + 1;
      else if (paints_at_ready && paints >= paints_at_ready && drawn_ms < 0)
        drawn_ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (g_get_monotonic_time () - t0 > 60 * G_USEC_PER_SEC)
        g_error ("filter %s did not settle", label);
    }
  g_array_append_val (drawn, drawn_ms);
  g_print ("window: filter %-20s list %6.1f ms   counts %6.1f ms   both drawn %6.1f ms   (%u reports)\n", label,
           list_ms, counts_ms, drawn_ms, g_list_model_get_n_items (G_LIST_MODEL (model)));
}

static void
run (RasidApplication *app)
{
  RasidWindow *win = NULL;
  RasidReportModel *model;

  while ((win = RASID_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)))) == NULL)
    spin (5);
  model = rasid_window_get_report_model (win);
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_add_tick_callback (GTK_WIDGET (win), on_first_frame, NULL, NULL);
  while (first_draw_ms < 0)
    g_main_context_iteration (NULL, TRUE);
  g_print ("start-up to the first drawn list: %.1f ms (%u reports listed)\n", first_draw_ms,
           g_list_model_get_n_items (G_LIST_MODEL (model)));
  spin (1500);   /* let the first refresh and counts finish */
  g_signal_connect (rasid_window_get_sidebar (win), "watches-changed", G_CALLBACK (on_counts), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (win)), "after-paint", G_CALLBACK (on_after_paint), NULL);

  drawn = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint round = 0; round < 2; round++)
    {
      time_filter (win, "governorate Idlib", "win.filter-place", g_variant_new_string ("SY07"));
      time_filter (win, "+ faction HTS", "win.filter-actor", g_variant_new_string ("hts"));
      time_filter (win, "clear", "win.clear-filters", NULL);
      time_filter (win, "faction SDF", "win.filter-actor", g_variant_new_string ("sdf"));
      time_filter (win, "clear", "win.clear-filters", NULL);
      time_filter (win, "search \"ادلب\"", "win.search-text", g_variant_new_string ("ادلب"));
      time_filter (win, "clear", "win.clear-filters", NULL);
      time_filter (win, "event killing", "win.filter-event", g_variant_new_string ("killing"));
      time_filter (win, "clear", "win.clear-filters", NULL);
    }
  g_array_sort (drawn, compare_doubles);
  g_print ("window: list and counts drawn after a click: median %.1f ms, 90th percentile %.1f ms, worst %.1f ms "
           "(%u clicks; target 100 ms)\n",
           g_array_index (drawn, double, drawn->len / 2), g_array_index (drawn, double, drawn->len * 9 / 10),
           g_array_index (drawn, double, drawn->len - 1), drawn->len);
  g_clear_pointer (&drawn, g_array_unref);
  time_scrolling (win, 400);
  g_print ("resident memory: %ld KiB (peak %ld KiB)\n", rss_kib (), bench_peak_rss_kib ());
  g_application_quit (G_APPLICATION (app));
}

static void
on_activate (GApplication *app, gpointer data)
{
  g_idle_add_once ((GSourceOnceFunc) run, app);
}

int
main (int argc, char **argv)
{
  int reports = 100000;
  g_autofree char *db = NULL;
  GOptionEntry entries[] = {
    { "reports", 'n', 0, G_OPTION_ARG_INT, &reports, "Reports in the cache (default 100000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Cache to use or build (default: a temporary one)", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- Rasid desk latency");
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidApplication) app = NULL;
  g_autofree char *dir = NULL;
  char *app_argv[5] = { "rasid", "--offline", "--db", NULL, NULL };
  int status;

  setlocale (LC_ALL, "");   /* Arabic labels in the figures */
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || reports < 1)
    {
      g_printerr ("bench-desk: %s\n", error ? error->message : "N must be positive");
      return 2;
    }
  if (db == NULL)
    {
      dir = g_dir_make_tmp ("rasid-bench-desk-XXXXXX", NULL);
      db = g_build_filename (dir, "rasid.db", NULL);
    }
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    build_cache (db, reports);
  if (g_getenv ("BENCH_DESK_WINDOW_ONLY") == NULL)
    time_queries (db);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  /* Under Xvfb, OpenGL is Mesa's software rasteriser, which would be timed
   * instead of Rasid: cairo, as the UI tests use, unless told otherwise. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_print ("renderer: %s (GSK_RENDERER)\n", g_getenv ("GSK_RENDERER"));
  app_argv[3] = db;
  app = rasid_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  start_time = g_get_monotonic_time ();
  status = g_application_run (G_APPLICATION (app), 4, app_argv);
  /* A cache this run built in a temporary folder goes with it. */
  if (dir)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *f = g_strconcat (db, suffixes[i], NULL);
          g_unlink (f);
        }
      g_rmdir (dir);
    }
  return status;
}
