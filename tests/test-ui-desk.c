/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-desk.c: the desk's filter and keyboard under Xvfb, in the real
 * window (--offline, the bundled demo): a place chip names its level where
 * the name alone is ambiguous; letters typed into the search entry stay
 * text and never star, mark or move reports, while the same letters act
 * in the list; the stories toggle has a shortcut, listed in the shortcuts
 * window; the trend chart above the list shows and hides (kept in
 * GSettings, with a shortcut), follows the filter and the list's unit, and
 * a bar chosen becomes the filter's period. Keys are typed as a user types them, through the X server
 * (XTest), so they take GTK's whole way from the server to the widget.
 * Saves screenshots to docs/. */
#include "config.h"

#include <dlfcn.h>
#include <string.h>

#ifdef HAVE_X11
#include <gdk/x11/gdkx.h>
#include <X11/keysym.h>
#endif

#include "rasid-application.h"
#include "rasid-filter-chips.h"
#include "rasid-trends-chart.h"
#include "rasid-util.h"
#include "rasid-window.h"
#include "rasid-test-util.h"
#include "rasid-test-ui-util.h"

static char *home;
static gboolean arabic;
static RasidApplication *the_app;
static RasidWindow *the_window;

typedef struct
{
  RasidApplication *app;
  RasidWindow *win;
  guint total;
} Desk;

static guint
n_reports (RasidWindow *win)
{
  return g_list_model_get_n_items (G_LIST_MODEL (rasid_window_get_report_model (win)));
}

static gboolean
settled (RasidWindow *win)
{
  return !rasid_window_get_busy (win);
}

/* The texts of the filter's chips, as shown, joined with " | ". */
static char *
chip_texts (RasidWindow *win)
{
  GtkWidget *chips = rasid_test_find_widget_of_type (GTK_WIDGET (win), RASID_TYPE_FILTER_CHIPS);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (chips);
  for (GtkWidget *c = gtk_widget_get_first_child (chips); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *label = rasid_test_find_widget_of_type (c, GTK_TYPE_LABEL);

      if (out->len)
        g_string_append (out, " | ");
      g_string_append (out, gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
desk_setup (Desk *d, gconstpointer summary)
{
  g_test_summary (summary);
  d->app = the_app;
  if (the_window == NULL)
    {
      WAIT_UNTIL ((the_window = RASID_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (the_app)))) != NULL,
                  30);
      WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (the_window)), 30);
      WAIT_UNTIL (settled (the_window) && n_reports (the_window) >= 55, 60);
      spin (500);
    }
  d->win = the_window;
  WAIT_UNTIL (settled (d->win), 20);
  d->total = n_reports (d->win);
}

/* ---- typing through the X server ------------------------------------------ */

#ifdef HAVE_X11
typedef int (*FakeKeyEvent) (Display *display, unsigned int keycode, Bool is_press, unsigned long delay);
static FakeKeyEvent fake_key_event;

/* libXtst is there at run time (GTK's X11 backend needs no headers of it). */
static gboolean
have_xtest (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      void *lib = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      if (lib)
        fake_key_event = (FakeKeyEvent) dlsym (lib, "XTestFakeKeyEvent");
      g_once_init_leave (&done, 1);
    }
  return fake_key_event != NULL && GDK_IS_X11_DISPLAY (gdk_display_get_default ());
}

static Display *
xdisplay (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

static void
key (KeySym sym, gboolean press)
{
  KeyCode code = XKeysymToKeycode (xdisplay (), sym);

  g_assert_cmpuint (code, !=, 0);
  fake_key_event (xdisplay (), code, press, 0);
}

/* The X server's focus on @win, as a window manager would give it. */
static void
focus_window (RasidWindow *win)
{
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (win)));

  XSetInputFocus (xdisplay (), xid, RevertToParent, CurrentTime);
  XFlush (xdisplay ());
  WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (win)), 10);
}

/* Types @text (ASCII letters and spaces) as keys pressed and released,
 * then lets GTK handle them. */
static void
type_text (const char *text)
{
  for (const char *p = text; *p; p++)
    {
      KeySym sym = *p == ' ' ? XK_space : (KeySym) (guchar) *p;

      key (sym, TRUE);
      key (sym, FALSE);
      XFlush (xdisplay ());
      spin (30);
    }
  spin (200);
}

/* Control (and Shift) with @sym. */
static void
press_with_control (KeySym sym, gboolean shift)
{
  key (XK_Control_L, TRUE);
  if (shift)
    key (XK_Shift_L, TRUE);
  key (sym, TRUE);
  key (sym, FALSE);
  if (shift)
    key (XK_Shift_L, FALSE);
  key (XK_Control_L, FALSE);
  XFlush (xdisplay ());
  spin (200);
}

/* The list focused, in the window the X server focuses, for a shortcut
 * pressed through it; FALSE, the case skipped, without XTest. */
static gboolean
focus_list_for_shortcut (RasidWindow *win)
{
  if (!have_xtest ())
    {
      g_test_skip ("XTest is not available to press the shortcut");
      return FALSE;
    }
  focus_window (win);
  gtk_widget_grab_focus (GTK_WIDGET (rasid_window_get_list_view (win)));
  return TRUE;
}
#else
static gboolean have_xtest (void) { return FALSE; }
#endif

/* ---- cases -------------------------------------------------------------- */

static void
test_place_chip_level (Desk *d, gconstpointer data)
{
  RasidWindow *win = d->win;
  g_autofree char *texts = NULL;
  static const struct { const char *id, *ar, *en; } cases[] = {
    /* Governorate, district, subdistrict and city are all "Idlib". */
    { "SY07", "محافظة إدلب", "Idlib Governorate" },
    { "SY0700", "منطقة إدلب", "Idlib District" },
    { "city-idlib", "مدينة إدلب", "Idlib city" },
    /* One name, one place. */
    { "town-dabiq", "دابق", "Dabiq" },
    /* Its district is "مركز ريف دمشق" in Arabic but "Rural Damascus" in English. */
    { "SY03", "ريف دمشق", "Rural Damascus Governorate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = NULL;

      gtk_widget_activate_action (GTK_WIDGET (win), "win.filter-place", "s", cases[i].id);
      WAIT_UNTIL (settled (win), 20);
      shown = chip_texts (win);
      g_test_message ("%s: %s", cases[i].id, shown);
      g_assert_cmpstr (shown, ==, arabic ? cases[i].ar : cases[i].en);
    }

  /* A faction on top of Idlib the governorate, the screenshot of both. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.filter-place", "s", "SY07");
  gtk_widget_activate_action (GTK_WIDGET (win), "win.filter-actor", "s", "syrian-government");
  WAIT_UNTIL (settled (win), 20);
  texts = chip_texts (win);
  g_assert_true (g_str_has_prefix (texts, arabic ? "محافظة إدلب | " : "Idlib Governorate | "));
  /* The export's file name keeps the plain name. */
  {
    g_autofree char *name = rasid_window_suggest_export_name (win, RASID_EXPORT_CSV);
    g_test_message ("file name: %s", name);
    g_assert_true (g_str_has_prefix (name, arabic ? "إدلب-" : "Idlib-"));
  }
  spin (600);
  rasid_test_save_screenshot (home, GTK_WIDGET (win), arabic ? "screenshot-place-chip.png" : "screenshot-place-chip-en.png");
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear-filters", NULL);
  WAIT_UNTIL (settled (win) && n_reports (win) == d->total, 20);
  g_assert_false (gtk_widget_get_visible (rasid_test_find_widget_of_type (GTK_WIDGET (win), RASID_TYPE_FILTER_CHIPS)));
}

static RasidReport *
open_report (RasidWindow *win)
{
  return rasid_article_view_get_report (rasid_window_get_article_view (win));
}

static guint
selected_position (RasidWindow *win)
{
  GtkSelectionModel *model = gtk_list_view_get_model (rasid_window_get_list_view (win));
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);

  return gtk_bitset_get_size (selected) == 1 ? gtk_bitset_get_minimum (selected) : G_MAXUINT;
}

static void
test_keys_in_search (Desk *d, gconstpointer data)
{
#ifdef HAVE_X11
  RasidWindow *win = d->win;
  GtkWidget *entry = rasid_test_find_widget_of_type (GTK_WIDGET (win), GTK_TYPE_SEARCH_ENTRY);
  RasidReport *report;
  /* j n: next report; k p: previous; m: read; s: star. */
  const char *typed = "jams pink";

  if (!have_xtest ())
    {
      g_test_skip ("XTest is not available to type keys");
      return;
    }
  focus_window (win);
  rasid_window_select (win, 2);
  WAIT_UNTIL ((report = open_report (win)) != NULL && rasid_report_get_read (report), 10);
  if (rasid_report_get_starred (report))
    gtk_widget_activate_action (GTK_WIDGET (win), "win.toggle-star", NULL);
  g_assert_false (rasid_report_get_starred (report));

  /* The same letters in the list act on the report: the keys do arrive. */
  gtk_widget_grab_focus (GTK_WIDGET (rasid_window_get_list_view (win)));
  type_text ("s");
  WAIT_UNTIL (rasid_report_get_starred (report), 5);
  type_text ("s");
  WAIT_UNTIL (!rasid_report_get_starred (report), 5);

  /* In the search entry they are text, nothing else. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.search", NULL);
  WAIT_UNTIL (gtk_widget_has_focus (entry) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (win)), entry), 5);
  /* As a person would: after the search bar has opened. A key pressed in
   * its first few milliseconds is lost (not acted on) under Xvfb. */
  spin (300);
  g_assert_cmpuint (selected_position (win), ==, 2);
  type_text (typed);
  /* Had a shortcut taken a letter, the text would stay short of it. */
  for (guint i = 0; i < 20 && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), typed) != 0; i++)
    spin (100);
  g_test_message ("entry: “%s”", gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, typed);
  g_assert_true (open_report (win) == report);
  g_assert_false (rasid_report_get_starred (report));
  g_assert_true (rasid_report_get_read (report));
  spin (300);
  rasid_test_save_screenshot (home, GTK_WIDGET (win), arabic ? "screenshot-search-keys.png" : "screenshot-search-keys-en.png");

  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear-filters", NULL);
  WAIT_UNTIL (settled (win) && n_reports (win) == d->total, 20);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gtk_widget_grab_focus (GTK_WIDGET (rasid_window_get_list_view (win)));
#else
  g_test_skip ("Built without X11");
#endif
}

/* The shortcuts window's entry for @action, NULL if none. */
static GtkWidget *
find_shortcut (GtkWidget *widget, const char *action)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *name = NULL;

      g_object_get (widget, "action-name", &name, NULL);
      return g_strcmp0 (name, action) == 0 ? widget : NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_shortcut (c, action);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
is_control_shift (const char *accel, guint keyval)
{
  guint parsed = 0;
  GdkModifierType mods = 0;

  return accel && gtk_accelerator_parse (accel, &parsed, &mods) && parsed == keyval &&
         mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK);
}

/* @action has Control+Shift+@keyval, listed under it in the shortcuts
 * window, saved as @screenshot unless it is NULL. */
static void
assert_shortcut_listed (Desk *d, const char *action, guint keyval, const char *screenshot)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (d->app), action);
  GtkShortcutsWindow *overlay;
  GtkWidget *entry;
  g_autofree char *shown = NULL;

  g_assert_nonnull (accels);
  g_assert_true (is_control_shift (accels[0], keyval));
  gtk_widget_activate_action (GTK_WIDGET (d->win), "win.show-help-overlay", NULL);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (d->win));
  g_assert_nonnull (overlay);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (overlay)), 10);
  entry = find_shortcut (GTK_WIDGET (overlay), action);
  g_assert_nonnull (entry);
  g_object_get (entry, "accelerator", &shown, NULL);
  g_test_message ("shortcuts window: %s", shown);
  g_assert_true (is_control_shift (shown, keyval));
  if (screenshot)
    {
      spin (500);
      rasid_test_save_screenshot (home, GTK_WIDGET (overlay), screenshot);
    }
  gtk_window_close (GTK_WINDOW (overlay));
  WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (overlay)), 5);
}

static gboolean
showing_stories (RasidWindow *win)
{
  gboolean show;

  g_object_get (win, "show-stories", &show, NULL);
  return show;
}

static void
test_stories_shortcut (Desk *d, gconstpointer data)
{
  RasidWindow *win = d->win;
  gboolean stories;

  /* An accelerator, listed in the shortcuts window under it. */
  assert_shortcut_listed (d, "win.show-stories", GDK_KEY_s,
                          arabic ? "screenshot-shortcuts.png" : "screenshot-shortcuts-en.png");

#ifdef HAVE_X11
  if (!focus_list_for_shortcut (win))
    return;
  /* Pressed, it switches the list to stories and back. */
  stories = showing_stories (win);
  press_with_control (XK_s, TRUE);
  WAIT_UNTIL (showing_stories (win) != stories, 5);
  press_with_control (XK_s, TRUE);
  WAIT_UNTIL (showing_stories (win) == stories, 5);
  WAIT_UNTIL (settled (win), 20);
#else
  (void) stories;
#endif
}

/* ---- the trend chart ------------------------------------------------------ */

static RasidTrendsChart *
trends_chart (RasidWindow *win)
{
  GtkWidget *chart = rasid_test_find_widget_of_type (GTK_WIDGET (win), RASID_TYPE_TRENDS_CHART);

  g_assert_nonnull (chart);
  return RASID_TRENDS_CHART (chart);
}

static gboolean
is_trends_toggle (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.show-trends") == 0;
}

static gboolean
showing_trends (RasidWindow *win)
{
  gboolean show;

  g_object_get (win, "show-trends", &show, NULL);
  return show;
}

/* The chart shows a series counted under the desk's filter now, in @unit,
 * with @total in its bars. */
static gboolean
chart_shows (RasidWindow *win, gboolean in_stories, guint total)
{
  RasidTrendsChart *chart = trends_chart (win);
  const RasidTrendSeries *series = rasid_trends_chart_get_series (chart);

  return series != NULL && rasid_trends_chart_get_series_in_stories (chart) == in_stories && series->total == total;
}

static void
test_trends_toggle (Desk *d, gconstpointer data)
{
  RasidWindow *win = d->win;
  GSettings *settings = rasid_application_get_settings (d->app);
  RasidTrendsChart *chart = trends_chart (win);
  GtkWidget *toggle = rasid_test_find_widget (GTK_WIDGET (win), is_trends_toggle, NULL);

  /* Hidden on a first run, and then it counts nothing. */
  g_assert_nonnull (toggle);
  g_assert_false (showing_trends (win));
  g_assert_false (g_settings_get_boolean (settings, "show-trends"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_null (rasid_trends_chart_get_series (chart));

  /* The header's toggle shows it, the setting keeps it, and it counts the
   * reports the list holds. */
  gtk_widget_activate (toggle);
  WAIT_UNTIL (showing_trends (win), 5);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_true (g_settings_get_boolean (settings, "show-trends"));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (chart)), 5);
  WAIT_UNTIL (chart_shows (win, FALSE, n_reports (win)), 20);
  g_assert_cmpuint (rasid_trends_chart_get_series (chart)->total, ==, d->total);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), >=, 190);

  /* Its split and bar size are kept too. */
  rasid_trends_chart_set_stack (chart, RASID_TREND_STACK_EVENT);
  {
    g_autofree char *stack = g_settings_get_string (settings, "trends-stack");
    g_assert_cmpstr (stack, ==, "event");
  }
  g_settings_set_string (settings, "trends-stack", "governorate");
  g_assert_cmpint (rasid_trends_chart_get_stack (chart), ==, RASID_TREND_STACK_GOVERNORATE);
  g_settings_set_string (settings, "trends-bucket", "day");
  g_assert_cmpint (rasid_trends_chart_get_bucket (chart), ==, RASID_TREND_BUCKET_DAY);
  g_settings_set_string (settings, "trends-bucket", "auto");
  g_assert_cmpint (rasid_trends_chart_get_bucket (chart), ==, RASID_TREND_BUCKET_AUTO);
  WAIT_UNTIL (chart_shows (win, FALSE, d->total) &&
              rasid_trends_chart_get_series (chart)->stack == RASID_TREND_STACK_GOVERNORATE, 20);
  spin (600);
  rasid_test_save_screenshot (home, GTK_WIDGET (win), arabic ? "screenshot-desk-trends.png" : "screenshot-desk-trends-en.png");

  /* The setting, changed as at the next start, hides and shows it. */
  g_settings_set_boolean (settings, "show-trends", FALSE);
  g_assert_false (showing_trends (win));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (chart)), 5);
  g_settings_set_boolean (settings, "show-trends", TRUE);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (chart)), 5);

  /* A shortcut, listed in the shortcuts window. */
  assert_shortcut_listed (d, "win.show-trends", GDK_KEY_t, NULL);

#ifdef HAVE_X11
  if (!focus_list_for_shortcut (win))
    return;
  /* Pressed, it hides the chart and shows it again. */
  press_with_control (XK_t, TRUE);
  WAIT_UNTIL (!showing_trends (win) && !gtk_widget_get_mapped (GTK_WIDGET (chart)), 5);
  g_assert_false (g_settings_get_boolean (settings, "show-trends"));
  press_with_control (XK_t, TRUE);
  WAIT_UNTIL (showing_trends (win) && gtk_widget_get_mapped (GTK_WIDGET (chart)), 5);
  g_assert_true (g_settings_get_boolean (settings, "show-trends"));
#endif
}

/* Shown for the cases after the toggle's. */
static void
show_trends (RasidWindow *win)
{
  g_object_set (win, "show-trends", TRUE, NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (trends_chart (win))), 5);
}

static void
test_trends_follow_filter (Desk *d, gconstpointer data)
{
  RasidWindow *win = d->win;
  RasidTrendsChart *chart = trends_chart (win);
  guint idlib;

  show_trends (win);
  WAIT_UNTIL (chart_shows (win, FALSE, d->total), 20);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.filter-place", "s", "SY07");
  g_assert_cmpstr (rasid_trends_chart_get_filter (chart)->place_id, ==, "SY07");
  WAIT_UNTIL (settled (win), 20);
  idlib = n_reports (win);
  g_test_message ("Idlib: %u of %u reports", idlib, d->total);
  g_assert_cmpuint (idlib, >, 0);
  g_assert_cmpuint (idlib, <, d->total);
  /* The bars hold the list's reports, and only those. */
  WAIT_UNTIL (chart_shows (win, FALSE, idlib), 20);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear-filters", NULL);
  g_assert_null (rasid_trends_chart_get_filter (chart)->place_id);
  WAIT_UNTIL (settled (win) && n_reports (win) == d->total, 20);
  WAIT_UNTIL (chart_shows (win, FALSE, d->total), 20);
}

static void
test_trends_bar_period (Desk *d, gconstpointer data)
{
#ifdef HAVE_X11
  RasidWindow *win = d->win;
  RasidDeskFilter *filter = rasid_window_get_filter (win);
  RasidTrendsChart *chart = trends_chart (win);
  GtkWidget *plot = rasid_trends_chart_get_plot (chart);
  const RasidTrendSeries *series;
  g_autofree char *chips = NULL;
  gint64 since, until;
  guint in_bar;
  int bar;

  if (!have_xtest ())
    {
      g_test_skip ("XTest is not available to type keys");
      return;
    }
  show_trends (win);
  WAIT_UNTIL (chart_shows (win, FALSE, d->total), 20);
  series = rasid_trends_chart_get_series (chart);
  g_assert_cmpuint (series->n_buckets, >, 1);

  /* Focused, the plot highlights its latest bar with reports; Enter
   * chooses it. */
  focus_window (win);
  gtk_widget_grab_focus (plot);
  WAIT_UNTIL (rasid_trends_chart_get_highlight (chart) >= 0, 5);
  bar = rasid_trends_chart_get_highlight (chart);
  rasid_trend_series_get_period (series, bar, &since, &until);
  in_bar = series->totals[bar];
  g_test_message ("bar %d of %u: %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ", %u reports", bar, series->n_buckets,
                  since, until, in_bar);
  g_assert_cmpuint (in_bar, >, 0);
  g_assert_cmpuint (in_bar, <, d->total);
  key (XK_Return, TRUE);
  key (XK_Return, FALSE);
  XFlush (xdisplay ());
  WAIT_UNTIL (rasid_desk_filter_get_since (filter) == since, 5);

  /* The filter's period is the bar's, a custom time the chip shows, and
   * the list holds the bar's reports. */
  g_assert_cmpint (rasid_desk_filter_get_until (filter), ==, until);
  g_assert_cmpstr (rasid_desk_filter_get_time_preset (filter), ==, "custom");
  WAIT_UNTIL (settled (win) && n_reports (win) == in_bar, 20);
  chips = chip_texts (win);
  g_test_message ("chips: %s", chips);
  g_assert_true (gtk_widget_get_visible (rasid_test_find_widget_of_type (GTK_WIDGET (win), RASID_TYPE_FILTER_CHIPS)));
  g_assert_cmpstr (chips, !=, "");
  {
    /* The chip says the whole period, its end too. */
    g_autofree char *from = rasid_format_absolute (since);
    g_autofree char *to = rasid_format_absolute (until);

    g_assert_nonnull (strstr (chips, from));
    g_assert_nonnull (strstr (chips, to));
  }
  for (guint i = 0; i < in_bar; i++)
    {
      g_autoptr(RasidReport) report = NULL;

      WAIT_UNTIL ((report = g_list_model_get_item (G_LIST_MODEL (rasid_window_get_report_model (win)), i)) != NULL &&
                  rasid_report_get_published (report) != 0, 10);
      g_assert_cmpint (rasid_report_get_published (report), >=, since);
      g_assert_cmpint (rasid_report_get_published (report), <, until);
    }
  /* The chart counts that period now: the bar alone. */
  WAIT_UNTIL (chart_shows (win, FALSE, in_bar), 20);

  /* Clearing the time clears both ends. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear-time", NULL);
  g_assert_cmpint (rasid_desk_filter_get_since (filter), ==, 0);
  g_assert_cmpint (rasid_desk_filter_get_until (filter), ==, 0);
  g_assert_cmpstr (rasid_desk_filter_get_time_preset (filter), ==, "any");
  WAIT_UNTIL (settled (win) && n_reports (win) == d->total, 20);
  WAIT_UNTIL (chart_shows (win, FALSE, d->total), 20);
  gtk_widget_grab_focus (GTK_WIDGET (rasid_window_get_list_view (win)));
#else
  g_test_skip ("Built without X11");
#endif
}

static void
test_trends_in_stories (Desk *d, gconstpointer data)
{
  RasidWindow *win = d->win;
  RasidTrendsChart *chart = trends_chart (win);
  RasidStoryList *list = rasid_window_get_story_list (win);
  GtkWidget *title;
  guint stories;

  show_trends (win);
  WAIT_UNTIL (chart_shows (win, FALSE, d->total), 20);
  g_object_set (win, "show-stories", TRUE, NULL);
  g_assert_true (rasid_trends_chart_get_count_stories (chart));
  WAIT_UNTIL (!rasid_story_list_get_loading (list) && g_list_model_get_n_items (rasid_story_list_get_model (list)) > 0, 20);
  stories = g_list_model_get_n_items (rasid_story_list_get_model (list));
  g_test_message ("%u stories of %u reports", stories, d->total);
  g_assert_cmpuint (stories, <, d->total);
  /* A story once, however many of its reports: every story the filter
   * matches. The list leaves out stories no outlet told on its own account
   * (n_outlets 0, below its threshold of 1), the chart does not. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) all = rasid_store_query_stories (rasid_application_get_store (d->app), NULL, &error);

    g_assert_no_error (error);
    g_test_message ("%u stories listed, %u matching", stories, all->len);
    g_assert_cmpuint (all->len, >=, stories);
    g_assert_cmpuint (all->len, <, d->total);
    WAIT_UNTIL (chart_shows (win, TRUE, all->len), 20);
    /* And says so to a screen reader. */
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", all->len), all->len);
      const char *description = rasid_trends_chart_get_description (chart);

      g_test_message ("description: %s", description);
      g_assert_true (g_str_has_prefix (description, arabic ? "القصص في" : "Stories per"));
      g_assert_nonnull (strstr (description, count));
    }
  }
  title = rasid_test_find_widget_of_type (GTK_WIDGET (chart), GTK_TYPE_LABEL);
  g_test_message ("title: %s", gtk_label_get_text (GTK_LABEL (title)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (title)), arabic ? "القصص" : "Stories per"));

  g_object_set (win, "show-stories", FALSE, NULL);
  g_assert_false (rasid_trends_chart_get_count_stories (chart));
  WAIT_UNTIL (chart_shows (win, FALSE, d->total), 20);
  WAIT_UNTIL (settled (win), 20);
}

/* ---- running ------------------------------------------------------------ */

static const struct
{
  const char *name, *summary;
  void (*func) (Desk *, gconstpointer);
} desk_cases[] = {
  { "place-chip-level", "A place chip names its level where the name alone is ambiguous, in the UI's language",
    test_place_chip_level },
  { "keys-in-search", "Letters typed into the search entry are text: no report starred, marked or moved; in the list "
    "they act", test_keys_in_search },
  { "stories-shortcut", "The stories toggle has a shortcut, listed in the shortcuts window, and it toggles",
    test_stories_shortcut },
  { "trends-toggle", "The trend chart shows and hides with the header's toggle, the setting and a shortcut listed in "
    "the shortcuts window; it counts nothing hidden and the list's reports shown", test_trends_toggle },
  { "trends-follow-filter", "The trend chart follows a filter change: its bars hold the list's reports",
    test_trends_follow_filter },
  { "trends-bar-period", "Enter on a bar sets the filter's since and until to its period, the list shows only its "
    "reports, and clearing the time clears both", test_trends_bar_period },
  { "trends-in-stories", "With stories listed the trend chart counts stories, as many as the list",
    test_trends_in_stories },
};

int
main (int argc, char **argv)
{
  int status;

  home = rasid_test_ui_init (&argc, argv, &arabic);
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (desk_cases); i++)
    rasid_test_ui_add_case ("desk", arabic, desk_cases[i].name, desk_cases[i].summary, sizeof (Desk),
                            (GTestFixtureFunc) desk_setup, (GTestFixtureFunc) desk_cases[i].func);

  the_app = rasid_application_new ();
  status = rasid_test_ui_run_offline (G_APPLICATION (the_app), home);
  g_clear_object (&the_app);
  rasid_test_rmdir (home);
  return status;
}
