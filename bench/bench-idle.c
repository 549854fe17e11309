/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-idle.c: what the desk costs when nobody touches it, under Xvfb.
 *
 * CPU (the default): for each renderer (cairo, then gl, each in its own
 * process since GSK_RENDERER is read once), the real window on a cache of
 * N reports, ticker running, left alone; prints the share of one core the
 * process used (/proc/self/stat utime + stime, all threads) over --seconds
 * in each state:
 *   visible     the window has the focus
 *   unfocused   another window has it (measured once the desk has had
 *               --grace seconds to notice)
 *   minimised   the window is iconified (there is no window manager under
 *               Xvfb, so the bench unmaps it as a window manager does)
 *
 * Memory (--arrivals): reports arrive from another process, --per-minute
 * of them (100) every --interval seconds (60: the real rate; 6 plays ten
 * minutes in one), for --minutes refreshes (10); after each, the window
 * refreshes as on its timer and resident memory is printed.
 *
 *   bench-idle [--reports N] [--seconds S] [--renderer cairo|gl|both]
 *   bench-idle --arrivals [--minutes M] [--per-minute K] [--interval S] */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gdk/x11/gdkx.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rasid-application.h"
#include "rasid-window.h"
#include "bench-common.h"
#include "rasid-test-ui-util.h"

static int opt_reports = 5000;
static int opt_seconds = 30;
static int opt_grace = -1;
static int opt_minutes = 10;
static int opt_per_minute = 100;
static int opt_interval = 60;
static gboolean opt_arrivals;
static gboolean opt_child;
static char *opt_renderer;
static char *opt_db;

static guint paints;

/* ---- the cache ------------------------------------------------------------ */

/* Adds @n reports, the last published at @newest and each @step seconds
 * after the one before, one in 50 breaking (the ticker's), guids from
 * @first on. */
static void
add_reports (RasidStore *store, RasidAnalyzer *analyzer, gint64 source, guint first, guint n, gint64 newest,
             int step)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (rasid_store_begin (store, &error));
  for (guint k = 0; k < n; k++)
    {
      guint i = first + k;
      g_autofree char *title = NULL, *body = NULL;
      g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
      g_autoptr(RasidAnalysis) a = NULL;
      RasidUpsertResult r;

      bench_report (i, &title, &body);
      item->guid = g_strdup_printf ("idle-%u", i);
      item->link = g_strdup_printf ("https://example.org/report/%u", i);
      item->title = g_steal_pointer (&title);
      item->content = g_steal_pointer (&body);
      item->published = newest - (gint64) (n - 1 - k) * step;
      item->breaking = i % 50 == 0;
      a = rasid_analyzer_analyze (analyzer, item->title, item->content);
      rasid_store_upsert_report (store, source, item, a, now, &r, &error);
      g_assert_no_error (error);
    }
  g_assert_true (rasid_store_commit (store, &error));
}

static void
build_cache (const char *path, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  gint64 source, start = g_get_monotonic_time ();

  g_assert_no_error (error);
  /* One source, disabled: a refresh fetches nothing, the reports come from
   * the bench. Its being there keeps the demo sources out. */
  source = rasid_store_add_source (store, "file:///nonexistent/bench-idle.xml", "bench", NULL, FALSE, &error);
  rasid_store_set_source_options (store, source, NULL, NULL, -1, 0, -1, &error);
  g_assert_no_error (error);
  /* Every 30 s over the days before now, newest last. */
  for (guint i = 0; i < n; i += 1000)
    add_reports (store, analyzer, source, i, MIN (1000, n - i),
                 g_get_real_time () / G_USEC_PER_SEC - (gint64) (n - MIN (n, i + 1000)) * 30 - 600, 30);
  g_print ("built a cache of %u reports in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);
}

/* ---- measuring ------------------------------------------------------------ */

/* CPU time of the whole process (every thread), in seconds. */
static double
cpu_seconds (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) || !(after = strrchr (stat, ')')))
    return 0;
  /* After the command's ")": state is field 3, utime 14, stime 15. */
  fields = g_strsplit (after + 2, " ", -1);
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
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

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  paints++;
}

/* Leaves the desk alone for @seconds and prints what it used meanwhile. */
static void
measure (RasidWindow *win, const char *state)
{
  double cpu0 = cpu_seconds (), cpu1;
  gint64 t0 = g_get_monotonic_time (), t1;
  guint paints0 = paints;

  spin (opt_seconds * 1000);
  cpu1 = cpu_seconds ();
  t1 = g_get_monotonic_time ();
  g_print ("%-6s %-10s CPU %6.2f %% of a core   %5.1f frames/s   (active %s, mapped %s, ticker %s)   RSS %ld KiB\n",
           g_getenv ("GSK_RENDERER"), state, 100.0 * (cpu1 - cpu0) / ((t1 - t0) / 1e6),
           (paints - paints0) / ((t1 - t0) / 1e6), gtk_window_is_active (GTK_WINDOW (win)) ? "yes" : "no",
           gtk_widget_get_mapped (GTK_WIDGET (win)) ? "yes" : "no",
           rasid_ticker_get_scrolling (rasid_window_get_ticker (win)) ? "running" : "still", rss_kib ());
}

static GdkToplevelState
toplevel_state (RasidWindow *win)
{
  return gdk_toplevel_get_state (GDK_TOPLEVEL (gtk_native_get_surface (GTK_NATIVE (win))));
}

static RasidWindow *
wait_for_desk (RasidApplication *app)
{
  RasidWindow *win = NULL;

  WAIT_UNTIL ((win = RASID_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)))) != NULL, 30);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (win)), 30);
  WAIT_UNTIL (!rasid_window_get_busy (win) &&
              g_list_model_get_n_items (G_LIST_MODEL (rasid_window_get_report_model (win))) > 0, 60);
  WAIT_UNTIL (rasid_ticker_get_n_items (rasid_window_get_ticker (win)) > 0, 30);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (win)), "after-paint", G_CALLBACK (on_after_paint), NULL);
  return win;
}

static void
run_cpu (RasidApplication *app)
{
  RasidWindow *win = wait_for_desk (app);
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (win)));
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (win)));
  GtkWidget *other;

  /* The first refresh and the sidebar's counts are done: the desk idles. */
  gtk_window_present (GTK_WINDOW (win));
  WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (win)), 10);
  spin (3000);
  measure (win, "visible");

  /* Another window takes the focus; the desk stays in view. */
  other = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (other), 200, 100);
  gtk_window_present (GTK_WINDOW (other));
  WAIT_UNTIL (!gtk_window_is_active (GTK_WINDOW (win)), 10);
  spin (opt_grace * 1000 + 1000);
  measure (win, "unfocused");
  gtk_window_destroy (GTK_WINDOW (other));

  /* Iconified as a window manager does it (ICCCM): unmapped by another
   * client while the application still wants it shown. */
  XUnmapWindow (xdisplay, xid);
  XFlush (xdisplay);
  WAIT_UNTIL (toplevel_state (win) & GDK_TOPLEVEL_STATE_MINIMIZED, 10);
  spin (2000);
  measure (win, "minimised");

  XMapWindow (xdisplay, xid);
  XFlush (xdisplay);
  WAIT_UNTIL (!(toplevel_state (win) & GDK_TOPLEVEL_STATE_MINIMIZED), 10);
  g_application_quit (G_APPLICATION (app));
}

/* ---- arrivals ------------------------------------------------------------ */

static guint refreshes;
static glong rss_first;

/* The other process has added reports: refresh as the timer would, and
 * print resident memory once the window has taken them in. */
static gboolean
on_arrivals (gpointer data)
{
  RasidWindow *win = data;
  RasidReportModel *model = rasid_window_get_report_model (win);
  glong rss;

  gtk_widget_activate_action (GTK_WIDGET (win), "win.refresh", NULL);
  WAIT_UNTIL (!rasid_window_get_busy (win), 60);
  spin (1500);   /* the sidebar's counts and the ticker follow */
  rss = rss_kib ();
  refreshes++;
  if (rss_first == 0)
    rss_first = rss;
  g_print ("refresh %3u: %6u reports listed   RSS %7ld KiB   (%+ld KiB since the first)\n", refreshes,
           g_list_model_get_n_items (G_LIST_MODEL (model)), rss, rss - rss_first);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_done (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

static void
run_arrivals (RasidApplication *app)
{
  RasidWindow *win = wait_for_desk (app);

  spin (3000);
  g_print ("desk ready: RSS %ld KiB\n", rss_kib ());
  g_unix_signal_add (SIGUSR1, on_arrivals, win);
  g_unix_signal_add (SIGUSR2, on_done, app);
  /* Tells the other process to start. */
  g_print ("READY\n");
}

static void
on_activate (GApplication *app, gpointer data)
{
  /* At default priority: a window redrawing without pause (software GL
   * takes longer than a frame) would starve an idle for ever. */
  g_timeout_add_once (0, (GSourceOnceFunc) (opt_arrivals ? run_arrivals : run_cpu), app);
}

static int
run_child (void)
{
  g_autoptr(RasidApplication) app = rasid_application_new ();
  char *app_argv[5] = { "rasid", "--offline", "--db", opt_db, NULL };

  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
  setvbuf (stdout, NULL, _IOLBF, 0);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), 4, app_argv);
}

/* ---- the driver ------------------------------------------------------------ */

static GPid
spawn_child (const char *renderer, gboolean arrivals, int *stdout_fd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *seconds = g_strdup_printf ("%d", opt_seconds);
  g_autofree char *grace = g_strdup_printf ("%d", opt_grace);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "GSK_RENDERER", renderer, TRUE);
  const char *argv[] = { self, "--child", "--db", opt_db, "--seconds", seconds, "--grace", grace,
                         arrivals ? "--arrivals" : NULL, NULL };
  GPid pid;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL,
                                 stdout_fd, NULL, &error))
    g_error ("bench-idle: %s", error->message);
  return pid;
}

static int
wait_child (GPid pid)
{
  int status = 0;

  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* Copies the child's output through until it closes, or until a line
 * equal to @until (not printed); returns whether that line came. */
static gboolean
relay (GIOChannel *out, const char *until)
{
  char *line = NULL;

  while (g_io_channel_read_line (out, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
    {
      g_autofree char *l = line;

      if (until && g_str_equal (g_strchomp (l), until))
        return TRUE;
      g_print ("%s%s", l, until ? "\n" : "");
    }
  return FALSE;
}

static int
run_cpu_driver (void)
{
  const char *renderers[] = { "cairo", "gl" };
  int status = 0;

  g_print ("CPU over %d s per state; unfocused measured after %d s unfocused\n", opt_seconds, opt_grace + 1);
  for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
    {
      int fd;
      GPid pid;
      g_autoptr(GIOChannel) out = NULL;

      if (opt_renderer && !g_str_equal (opt_renderer, "both") && !g_str_equal (opt_renderer, renderers[i]))
        continue;
      pid = spawn_child (renderers[i], FALSE, &fd);
      out = g_io_channel_unix_new (fd);
      g_io_channel_set_close_on_unref (out, TRUE);
      relay (out, NULL);
      status |= wait_child (pid);
    }
  return status;
}

static int
run_arrivals_driver (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  g_autoptr(GIOChannel) out = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  int fd;
  GPid pid;

  g_print ("arrivals: %d reports every %d s, %d times (%d reports a minute %s)\n", opt_per_minute, opt_interval,
           opt_minutes, opt_per_minute, opt_interval == 60 ? "in real time" : "played faster");
  pid = spawn_child (opt_renderer && !g_str_equal (opt_renderer, "both") ? opt_renderer : "cairo", TRUE, &fd);
  out = g_io_channel_unix_new (fd);
  g_io_channel_set_close_on_unref (out, TRUE);
  if (!relay (out, "READY"))
    return wait_child (pid) | 1;

  store = rasid_store_open (opt_db, &error);
  g_assert_no_error (error);
  sources = rasid_store_list_sources (store, &error);
  g_assert_no_error (error);
  for (int m = 0; m < opt_minutes; m++)
    {
      gint64 next = g_get_monotonic_time () + (gint64) opt_interval * G_USEC_PER_SEC;
      g_autofree char *line = NULL;

      add_reports (store, analyzer, ((RasidSource *) g_ptr_array_index (sources, 0))->id,
                   opt_reports + m * opt_per_minute, opt_per_minute, g_get_real_time () / G_USEC_PER_SEC, 0);
      kill (pid, SIGUSR1);
      /* The child's line for this refresh. */
      if (g_io_channel_read_line (out, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
        g_print ("%s", line);
      if (g_get_monotonic_time () < next)
        g_usleep (next - g_get_monotonic_time ());
    }
  kill (pid, SIGUSR2);
  relay (out, NULL);
  return wait_child (pid);
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[] = {
    { "reports", 'n', 0, G_OPTION_ARG_INT, &opt_reports, "Reports in the cache (default 5000)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &opt_seconds, "Seconds measured per state (default 30)", "S" },
    { "grace", 0, 0, G_OPTION_ARG_INT, &opt_grace, "Seconds unfocused before measuring (default: the desk's own)", "S" },
    { "renderer", 'r', 0, G_OPTION_ARG_STRING, &opt_renderer, "cairo, gl or both (default both)", "NAME" },
    { "arrivals", 0, 0, G_OPTION_ARG_NONE, &opt_arrivals, "Measure memory while reports arrive", NULL },
    { "minutes", 0, 0, G_OPTION_ARG_INT, &opt_minutes, "Refreshes with arrivals (default 10)", "M" },
    { "per-minute", 0, 0, G_OPTION_ARG_INT, &opt_per_minute, "Reports arriving per refresh (default 100)", "K" },
    { "interval", 0, 0, G_OPTION_ARG_INT, &opt_interval, "Seconds between refreshes (default 60)", "S" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "Cache to use or build (default: a temporary one)", "PATH" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_child, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- Rasid's desk left alone: CPU and memory");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || opt_reports < 1 || opt_seconds < 1 ||
      opt_minutes < 1 || opt_per_minute < 1 || opt_interval < 1)
    {
      g_printerr ("bench-idle: %s\n", error ? error->message : "counts must be positive");
      return 2;
    }
  if (opt_grace < 0)
    opt_grace = RASID_TICKER_IDLE_SECONDS;
  if (opt_child)
    return run_child ();

  if (opt_db == NULL)
    {
      dir = g_dir_make_tmp ("rasid-bench-idle-XXXXXX", NULL);
      opt_db = g_build_filename (dir, "rasid.db", NULL);
    }
  if (!g_file_test (opt_db, G_FILE_TEST_EXISTS))
    build_cache (opt_db, opt_reports);
  status = opt_arrivals ? run_arrivals_driver () : run_cpu_driver ();
  if (dir)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *f = g_strconcat (opt_db, suffixes[i], NULL);
          g_unlink (f);
        }
      g_rmdir (dir);
    }
  return status;
}
