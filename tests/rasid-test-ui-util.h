/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-test-ui-util.h: what the UI test programs and the desk benchmarks
 * share: spinning the main loop, waiting for a condition, screenshots of a
 * window, and a process set up in one language with a home of its own. */
#pragma once

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

static gboolean
rasid_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static inline void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, rasid_test_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The test case running now, for messages: a failure aborts the program,
 * and TAP then prints no case name of its own. */
static inline const char *
rasid_test_case_name (void)
{
  const char *path = g_test_get_path ();

  return path && *path ? path : g_get_prgname ();
}

/* Spins the main loop until @cond holds, failing after @seconds. */
#define WAIT_UNTIL(cond, seconds)                                                    \
  G_STMT_START {                                                                     \
    gint64 deadline_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;         \
    while (!(cond))                                                                  \
      {                                                                              \
        if (g_get_monotonic_time () > deadline_)                                     \
          g_error ("%s: timed out waiting for: %s", rasid_test_case_name (), #cond); \
        spin (50);                                                                   \
      }                                                                              \
  } G_STMT_END

typedef gboolean (*RasidTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget @match accepts under @root, @root itself first, depth
 * first; NULL when none does. */
static inline GtkWidget *
rasid_test_find_widget (GtkWidget *root, RasidTestWidgetMatch match, gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = rasid_test_find_widget (c, match, data);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
rasid_test_is_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* The first widget of @type under @root. */
static inline GtkWidget *
rasid_test_find_widget_of_type (GtkWidget *root, GType type)
{
  return rasid_test_find_widget (root, rasid_test_is_type, GSIZE_TO_POINTER (type));
}

static void
rasid_test_on_frame_painted (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* Saves @window as @name in $RASID_SCREENSHOT_DIR, or else in @fallback_dir.
 * GTK 4.8's widget paintable draws nothing while the widget awaits a
 * layout (one run in twenty-five caught the window just after the
 * new-reports button appeared): then wait for the frame, and try again. */
static inline void
rasid_test_save_screenshot (const char *fallback_dir, GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("RASID_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

  if (dir == NULL)
    dir = fallback_dir;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  for (guint tries = 0; node == NULL && tries < 20; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        {
          gboolean painted = FALSE;
          gulong id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                        G_CALLBACK (rasid_test_on_frame_painted), &painted);

          gtk_widget_queue_draw (window);
          WAIT_UNTIL (painted, 5);
          g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), id);
        }
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Takes --lang LOCALE out of @argv (ar_SY.UTF-8 without it) and runs the
 * process in that language, with fresh XDG folders in a new temporary home
 * so the window starts as on a first run. Returns the home (the caller
 * removes it) and sets *@arabic. */
static inline char *
rasid_test_ui_init (int *argc, char **argv, gboolean *arabic)
{
  const char *localedir = g_getenv ("RASID_LOCALEDIR");
  const char *dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  const char *lang = "ar_SY.UTF-8";
  g_autoptr(GError) error = NULL;
  char *home;
  int out = 1;

  for (int i = 1; i < *argc; i++)
    if (g_str_equal (argv[i], "--lang") && i + 1 < *argc)
      lang = argv[++i];
    else
      argv[out++] = argv[i];
  *argc = out;
  argv[out] = NULL;

  home = g_dir_make_tmp ("rasid-test-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *d = g_build_filename (home, dirs[i], NULL);
      g_mkdir_with_parents (d, 0700);
      g_setenv (dirs[i], d, TRUE);
    }
  g_setenv ("LANG", lang, TRUE);
  g_setenv ("LC_ALL", lang, TRUE);
  g_setenv ("LANGUAGE", lang, TRUE);
  *arabic = g_str_has_prefix (lang, "ar");
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The locale %s is not available (the dev script generates it)", lang);
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return home;
}

static int rasid_test_cases_status;

static inline void
rasid_test_run_cases (GApplication *app)
{
  rasid_test_cases_status = g_test_run ();
  g_application_quit (app);
}

static inline void
rasid_test_on_activate (GApplication *app, gpointer data)
{
  g_idle_add_once ((GSourceOnceFunc) rasid_test_run_cases, app);
}

/* Runs @app with @argv and, once it is activated, every GTest case added
 * so far inside its main loop (a case may spin it), then quits it; the
 * window and its cache are set up once for all the cases. Returns the
 * application's exit status if it failed, else the cases'. */
static inline int
rasid_test_ui_run_cases (GApplication *app, int argc, char **argv)
{
  int status;

  g_signal_connect_after (app, "activate", G_CALLBACK (rasid_test_on_activate), NULL);
  status = g_application_run (app, argc, argv);
  return status != 0 ? status : rasid_test_cases_status;
}

/* Runs @app offline on the cache in @home (rasid.db), with the cases, as
 * rasid_test_ui_run_cases () does. */
static inline int
rasid_test_ui_run_offline (GApplication *app, const char *home)
{
  g_autofree char *db = g_build_filename (home, "rasid.db", NULL);
  char *app_argv[] = { "rasid", "--offline", "--db", db, NULL };

  return rasid_test_ui_run_cases (app, 4, app_argv);
}

/* Adds a case as /ui/@group/arabic/@name (or english), on a fixture of
 * @size that @setup prepares. */
static inline void
rasid_test_ui_add_case (const char *group, gboolean arabic, const char *name, const char *summary, gsize size,
                        GTestFixtureFunc setup, GTestFixtureFunc func)
{
  g_autofree char *path = g_strdup_printf ("/ui/%s/%s/%s", group, arabic ? "arabic" : "english", name);

  g_test_add_vtable (path, size, summary, setup, func, NULL);
}
