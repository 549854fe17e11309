/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-trends.c: the trend chart alone in a window under Xvfb, on a
 * real cache of the analysis corpus over ten days: the series shown and
 * described, bars running right to left in Arabic, a click and Enter on a
 * bar emitting that bar's period, the arrow keys moving a highlighted bar
 * named for screen readers, nothing counted while hidden, the stack and
 * bucket pickers, and PNG and SVG files that are what they say. Saves
 * docs/screenshot-trends(-en).png. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "rasid-trends-chart.h"
#include "rasid-util.h"
#include "rasid-test-util.h"
#include "rasid-test-ui-util.h"

/* 2024-05-01 00:00 in Damascus (UTC+3). */
#define DAY0 G_GINT64_CONSTANT (1714510800)
#define DAY  86400

static char *home;
static gboolean arabic;

typedef struct {
  gint64 since, until;
  guint  count;
} Activated;

static void
on_period (RasidTrendsChart *chart, gint64 since, gint64 until, Activated *a)
{
  a->since = since;
  a->until = until;
  a->count++;
}

static char *
build_cache (RasidAnalyzer *analyzer, gint64 *n_reports)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *corpus = NULL;
  g_auto(GStrv) lines = NULL;
  char *path = g_build_filename (home, "trends.db", NULL);
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  gint64 source;

  g_assert_no_error (error);
  source = rasid_store_add_source (store, "https://example.org/feed", "Example", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (CORPUS_DIR "/reports.tsv", &corpus, NULL, &error));
  lines = g_strsplit (corpus, "\n", -1);
  g_assert_true (rasid_store_begin (store, &error));
  for (guint i = 1; lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", 2);
      g_autoptr(RasidFeedItem) item = NULL;
      g_autoptr(RasidAnalysis) a = NULL;
      RasidUpsertResult result;

      if (cols[0] == NULL || *cols[0] == 0)
        continue;
      item = rasid_feed_item_new ();
      item->guid = g_strdup_printf ("r%u", i);
      item->title = g_strdup (cols[0]);
      /* Ten days, more reports each day than the day before. */
      item->published = DAY0 + (gint64) (sqrt ((double) i / 450) * 10 * DAY);
      a = rasid_analyzer_analyze (analyzer, item->title, NULL);
      rasid_store_upsert_report (store, source, item, a, DAY0, &result, &error);
      g_assert_no_error (error);
    }
  g_assert_true (rasid_store_commit (store, &error));
  *n_reports = rasid_store_count_reports (store, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static GtkWidget *
find_widget_type (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget_type (c, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
    }
  g_assert_not_reached ();
}

static void
press_key (RasidTrendsChart *chart, guint keyval)
{
  GtkEventController *key = find_controller (rasid_trends_chart_get_plot (chart), GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (key, "key-pressed", keyval, 0, 0, &handled);
  g_assert_true (handled);
}

static gint64
count (const char *path, const RasidFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (path, &error);
  gint64 n;

  g_assert_no_error (error);
  n = rasid_store_count_reports (store, filter, &error);
  g_assert_no_error (error);
  return n;
}

static void
check_png (const char *path)
{
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 5000);
  g_assert_cmpmem (data, 8, signature, 8);
  /* The header says 1200 × 600. */
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (data + 16)), ==, 1200);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (data + 20)), ==, 600);
}

static guint
count_elements (xmlNode *node, const char *name)
{
  guint n = 0;

  for (; node; node = node->next)
    {
      if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name))
        n++;
      n += count_elements (node->children, name);
    }
  return n;
}

static void
check_svg (const char *path, guint min_shapes)
{
  xmlDoc *doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNode *root;

  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_nonnull (root);
  g_assert_cmpstr ((const char *) root->name, ==, "svg");
  /* Bars and glyphs are paths (or rectangles). */
  g_assert_cmpuint (count_elements (root, "path") + count_elements (root, "rect"), >=, min_shapes);
  xmlFreeDoc (doc);
}

static void
test_chart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  g_autofree char *path = NULL;
  g_autofree char *png = g_build_filename (home, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (home, "chart.svg", NULL);
  g_autofree char *name = NULL;
  g_autoptr(RasidFilter) idlib = rasid_filter_new ();
  RasidTrendsChart *chart;
  GtkWidget *window, *plot;
  const RasidTrendSeries *s;
  gint64 n_reports, since, until;
  graphene_rect_t first, last, area;
  Activated activated = { 0 };
  int later;

  g_assert_no_error (error);
  path = build_cache (analyzer, &n_reports);
  g_assert_cmpint (n_reports, >, 400);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 400);
  gtk_window_set_title (GTK_WINDOW (window), "Rasid");
  chart = RASID_TRENDS_CHART (rasid_trends_chart_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (chart), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (chart), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (chart), 12);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  g_object_set (chart, "db-path", path, "analyzer", analyzer, "stack", "governorate", "bucket", "auto", NULL);
  g_signal_connect (chart, "period-activated", G_CALLBACK (on_period), &activated);
  plot = rasid_trends_chart_get_plot (chart);
  gtk_window_present (GTK_WINDOW (window));

  /* The series: every report, one bar a day for ten days. */
  WAIT_UNTIL (rasid_trends_chart_get_series (chart) != NULL, 20);
  s = rasid_trends_chart_get_series (chart);
  g_assert_cmpint (s->total, ==, n_reports);
  g_assert_cmpint (s->bucket, ==, RASID_TREND_BUCKET_DAY);
  g_assert_cmpuint (s->n_buckets, ==, 10);
  g_assert_cmpint (s->starts[0], ==, DAY0);
  g_assert_cmpuint (s->n_keys, >, 3);
  g_test_message ("description: %s", rasid_trends_chart_get_description (chart));
  {
    g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, n_reports);
    g_assert_nonnull (strstr (rasid_trends_chart_get_description (chart), total));
    g_assert_nonnull (strstr (rasid_trends_chart_get_description (chart), arabic ? "التقارير في اليوم" : "Reports per day"));
  }
  g_assert_nonnull (rasid_get_accessible_label (plot));
  WAIT_UNTIL (gtk_widget_get_width (plot) > 100, 10);

  /* Time runs from the start edge: the first day at the right in Arabic. */
  g_assert_cmpint (gtk_widget_get_direction (plot), ==, arabic ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  g_assert_true (rasid_trends_chart_get_bar_area (chart, 0, &first));
  g_assert_true (rasid_trends_chart_get_bar_area (chart, s->n_buckets - 1, &last));
  if (arabic)
    g_assert_cmpfloat (first.origin.x, >, last.origin.x);
  else
    g_assert_cmpfloat (first.origin.x, <, last.origin.x);

  /* A click on the fourth day's bar: that day, from Damascus's midnight. */
  g_assert_true (rasid_trends_chart_get_bar_area (chart, 3, &area));
  g_signal_emit_by_name (find_controller (plot, GTK_TYPE_GESTURE_CLICK), "released", 1,
                         (double) area.origin.x + area.size.width / 2, (double) area.origin.y + area.size.height - 2);
  g_assert_cmpuint (activated.count, ==, 1);
  g_assert_cmpint (activated.since, ==, DAY0 + 3 * DAY);
  g_assert_cmpint (activated.until, ==, DAY0 + 4 * DAY);
  g_assert_cmpint (rasid_trends_chart_get_highlight (chart), ==, 3);
  /* Outside the bars: nothing. */
  g_signal_emit_by_name (find_controller (plot, GTK_TYPE_GESTURE_CLICK), "released", 1, 1.0, 1.0);
  g_assert_cmpuint (activated.count, ==, 1);

  /* The keyboard: Home is the first day; the key towards later (right in
   * English, left in Arabic) the next; Enter chooses it. */
  gtk_widget_grab_focus (plot);
  press_key (chart, GDK_KEY_Home);
  g_assert_cmpint (rasid_trends_chart_get_highlight (chart), ==, 0);
  later = arabic ? GDK_KEY_Left : GDK_KEY_Right;
  press_key (chart, later);
  g_assert_cmpint (rasid_trends_chart_get_highlight (chart), ==, 1);
  press_key (chart, arabic ? GDK_KEY_Right : GDK_KEY_Left);
  press_key (chart, later);
  press_key (chart, later);
  g_assert_cmpint (rasid_trends_chart_get_highlight (chart), ==, 2);
  press_key (chart, GDK_KEY_Return);
  g_assert_cmpuint (activated.count, ==, 2);
  rasid_trend_series_get_period (s, 2, &since, &until);
  g_assert_cmpint (activated.since, ==, since);
  g_assert_cmpint (activated.until, ==, until);
  /* The highlighted bar is the plot's name: its day and counts. */
  g_test_message ("bar 2: %s", rasid_get_accessible_label (plot));
  {
    g_autofree char *n = g_strdup_printf ("%u", s->totals[2]);
    g_assert_nonnull (strstr (rasid_get_accessible_label (plot), n));
    g_assert_nonnull (strstr (rasid_get_accessible_label (plot), arabic ? "أيار" : "May"));
  }

  /* By event type. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget_type (GTK_WIDGET (chart), GTK_TYPE_DROP_DOWN)), 2);
  WAIT_UNTIL (rasid_trends_chart_get_series (chart)->stack == RASID_TREND_STACK_EVENT, 20);
  g_assert_cmpint (rasid_trends_chart_get_stack (chart), ==, RASID_TREND_STACK_EVENT);
  g_assert_cmpint (rasid_trends_chart_get_series (chart)->total, ==, n_reports);

  /* Hidden, a new filter costs nothing; shown, the chart catches up. */
  idlib->place_id = g_strdup ("SY07");
  gtk_widget_set_visible (GTK_WIDGET (chart), FALSE);
  rasid_trends_chart_set_filter (chart, idlib);
  spin (500);
  g_assert_cmpint (rasid_trends_chart_get_series (chart)->total, ==, n_reports);
  gtk_widget_set_visible (GTK_WIDGET (chart), TRUE);
  WAIT_UNTIL (rasid_trends_chart_get_series (chart)->total == count (path, idlib), 20);
  g_assert_cmpint (count (path, idlib), <, n_reports);

  /* A refresh brings a report: reloaded, the chart counts it. */
  {
    g_autoptr(RasidStore) store = rasid_store_open (path, &error);
    g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
    g_autoptr(RasidAnalysis) a = NULL;
    RasidUpsertResult result;
    gint64 before = rasid_trends_chart_get_series (chart)->total;

    g_assert_no_error (error);
    item->guid = g_strdup ("late");
    item->title = g_strdup ("قصف مدفعي يستهدف أطراف مدينة سراقب شرقي إدلب فجر اليوم");
    item->published = DAY0 + 9 * DAY + 3600;
    a = rasid_analyzer_analyze (analyzer, item->title, NULL);
    rasid_store_upsert_report (store, 1, item, a, DAY0, &result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (result, ==, RASID_UPSERT_NEW);
    g_assert_cmpint (count (path, idlib), ==, before + 1);
    rasid_trends_chart_reload (chart);
    WAIT_UNTIL (rasid_trends_chart_get_series (chart)->total == before + 1, 20);
    n_reports++;
  }

  /* Hours: 24 bars a day. */
  rasid_trends_chart_set_bucket (chart, RASID_TREND_BUCKET_HOUR);
  WAIT_UNTIL (rasid_trends_chart_get_series (chart)->bucket == RASID_TREND_BUCKET_HOUR, 20);
  s = rasid_trends_chart_get_series (chart);
  g_assert_cmpuint (s->n_buckets, >, 24);
  g_assert_cmpint (s->starts[s->n_buckets] - s->starts[0], ==, (gint64) s->n_buckets * 3600);

  /* Saved: a real PNG and an SVG that parses, named after the filter. */
  name = rasid_trends_chart_suggest_file_name (chart, "png");
  g_test_message ("file name: %s", name);
  g_assert_true (g_str_has_prefix (name, arabic ? "rasid-trends-إدلب-2024-05-" : "rasid-trends-idlib-2024-05-"));
  g_assert_true (g_str_has_suffix (name, ".png"));
  g_assert_true (rasid_trends_chart_save (chart, png, &error));
  g_assert_no_error (error);
  check_png (png);
  g_assert_true (rasid_trends_chart_save (chart, svg, &error));
  g_assert_no_error (error);
  check_svg (svg, 50);

  /* The screenshot: every report by governorate, a day a bar, the fourth
   * day highlighted as the keyboard leaves it. */
  rasid_trends_chart_set_filter (chart, NULL);
  g_object_set (chart, "stack", "governorate", "bucket", "day", NULL);
  WAIT_UNTIL (rasid_trends_chart_get_series (chart)->total == n_reports &&
              rasid_trends_chart_get_series (chart)->stack == RASID_TREND_STACK_GOVERNORATE &&
              rasid_trends_chart_get_series (chart)->bucket == RASID_TREND_BUCKET_DAY, 20);
  press_key (chart, GDK_KEY_Home);
  press_key (chart, later);
  press_key (chart, later);
  press_key (chart, later);
  spin (400);
  rasid_test_save_screenshot (home, window, arabic ? "screenshot-trends.png" : "screenshot-trends-en.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  int out;

  home = rasid_test_ui_init (&argc, argv, &arabic);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func (arabic ? "/ui/trends/arabic" : "/ui/trends/english", test_chart);
  out = g_test_run ();
  rasid_test_rmdir (home);
  return out;
}
