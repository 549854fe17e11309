/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-trends-chart.c: the trend chart of the desk's filter. The series
 * is computed in a worker (from the facet index once it is read, as the
 * sidebar's counts, else from SQL) whenever the filter, the stack or the
 * bucket changes, and only while the chart is mapped: hidden, it costs
 * nothing and catches up when shown. Drawn by the core's renderer
 * (rasid-trends-draw.c) in the theme's colours, right to left in Arabic.
 *
 * Every bar can be reached: the plot takes focus, the arrow keys move a
 * highlighted bar whose counts are its tooltip and its accessible name,
 * and Enter or a click emits ::period-activated with the bar's period,
 * which the window turns into a time filter. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rasid-trends-chart-private.h"
#include "rasid-trends-draw.h"
#include "rasid-util.h"

typedef RasidFilter RasidTrendsFilter;
G_DEFINE_BOXED_TYPE (RasidTrendsFilter, rasid_trends_filter, rasid_filter_copy, rasid_filter_free)


/* What only this file uses, beside the struct the save code shares. */
typedef struct {
  gboolean count_stories;       /* count stories, not reports */
  gboolean series_in_stories;   /* the series shown counts stories */
} RasidTrendsChartPrivate;

G_DEFINE_FINAL_TYPE_WITH_PRIVATE (RasidTrendsChart, rasid_trends_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DB_PATH,
  PROP_INDEX,
  PROP_ANALYZER,
  PROP_FILTER,
  PROP_STACK,
  PROP_BUCKET,
  PROP_COUNT_STORIES,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_PERIOD_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- computing the series -------------------------------------------------- */

typedef struct {
  RasidFilter      *filter;
  RasidFacetIndex  *index;
  RasidTrendOptions options;
  RasidTrendSeries *series;
} Job;



static void
job_free (Job *job)
{
  g_clear_pointer (&job->filter, rasid_filter_free);
  g_clear_object (&job->index);
  g_clear_pointer (&job->series, rasid_trend_series_free);
  g_free (job);
}

static gboolean
job_run (RasidStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  Job *job = data;

  job->series = rasid_trend_series_compute (store, job->index, job->filter, &job->options, error);
  return job->series != NULL;
}

const char *
_rasid_trends_chart_title (RasidTrendBucket bucket, RasidTrendStack stack)
{
  gboolean day = bucket == RASID_TREND_BUCKET_DAY;

  switch (stack)
    {
    case RASID_TREND_STACK_GOVERNORATE:
      return day ? _("Reports per day by governorate") : _("Reports per hour by governorate");
    case RASID_TREND_STACK_FACTION:
      return day ? _("Reports per day by faction") : _("Reports per hour by faction");
    case RASID_TREND_STACK_EVENT:
    default:
      return day ? _("Reports per day by event type") : _("Reports per hour by event type");
    }
}

/* The title of a series in stories; in reports, _rasid_trends_chart_title(). */
static const char *
stories_title (RasidTrendBucket bucket, RasidTrendStack stack)
{
  gboolean day = bucket == RASID_TREND_BUCKET_DAY;

  switch (stack)
    {
    case RASID_TREND_STACK_GOVERNORATE:
      return day ? _("Stories per day by governorate") : _("Stories per hour by governorate");
    case RASID_TREND_STACK_FACTION:
      return day ? _("Stories per day by faction") : _("Stories per hour by faction");
    case RASID_TREND_STACK_EVENT:
    default:
      return day ? _("Stories per day by event type") : _("Stories per hour by event type");
    }
}

/* A bar as its tooltip and a screen reader say it, in reports or stories. */
static char *
describe_bar (RasidTrendsChart *self, guint bar)
{
  RasidTrendsChartPrivate *priv = rasid_trends_chart_get_instance_private (self);

  return rasid_trends_describe_bar (self->series, (const char * const *) self->labels, bar, priv->series_in_stories);
}

/* The whole chart in words, for its accessible description. */
static char *
describe (RasidTrendsChart *self)
{
  RasidTrendsChartPrivate *priv = rasid_trends_chart_get_instance_private (self);

  return rasid_trends_describe (self->series, (const char * const *) self->labels, priv->series_in_stories);
}

static void
set_highlight (RasidTrendsChart *self, int bar)
{
  g_autofree char *text = NULL;

  if (self->series == NULL || bar >= (int) self->series->n_buckets)
    bar = -1;
  if (bar == self->highlight)
    return;
  self->highlight = bar;
  /* The focused plot's name is the bar's counts: a screen reader says it
   * as the arrow keys move. */
  text = bar >= 0 ? describe_bar (self, bar) : g_strdup (_("Trend chart"));
  rasid_set_accessible_label (self->plot, text);
  gtk_widget_queue_draw (self->plot);
  gtk_widget_trigger_tooltip_query (self->plot);
}

static void
show_series (RasidTrendsChart *self, RasidTrendSeries *series, gboolean in_stories)
{
  RasidTrendsChartPrivate *priv = rasid_trends_chart_get_instance_private (self);
  RasidGazetteer *gazetteer = self->analyzer ? rasid_analyzer_get_gazetteer (self->analyzer) : NULL;
  RasidActors *actors = self->analyzer ? rasid_analyzer_get_actors (self->analyzer) : NULL;
  int highlight = self->highlight;

  g_clear_pointer (&self->series, rasid_trend_series_free);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->description, g_free);
  self->series = series;
  priv->series_in_stories = in_stories;
  self->labels = rasid_trends_labels (series, gazetteer, actors, rasid_ui_prefers_arabic ());
  if (series->stack == RASID_TREND_STACK_EVENT)
    for (guint i = 0; i < series->n_keys; i++)
      {
        g_free (self->labels[i]);
        self->labels[i] = g_strdup (rasid_event_label (series->keys[i]));
      }
  self->description = describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->plot), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
  gtk_label_set_text (self->title, in_stories ? stories_title (series->bucket, series->stack)
                                             : _rasid_trends_chart_title (series->bucket, series->stack));
  if (series->truncated)
    {
      g_autofree char *text = g_strdup_printf (series->bucket == RASID_TREND_BUCKET_HOUR
                                               ? g_dngettext (GETTEXT_PACKAGE, "Only the latest %u hour is shown", "Only the latest %u hours are shown", series->n_buckets)
                                               : g_dngettext (GETTEXT_PACKAGE, "Only the latest %u day is shown", "Only the latest %u days are shown", series->n_buckets),
                                               series->n_buckets);
      gtk_label_set_text (self->status, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status), series->truncated);
  self->highlight = -2;   /* the label is set anew below */
  set_highlight (self, highlight < (int) series->n_buckets ? highlight : -1);
  gtk_widget_queue_draw (self->plot);
}

static void
on_computed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(RasidTrendsChart) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  Job *job;

  if (!rasid_store_run_finish (result, &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Counting the reports for the chart failed: %s", error->message);
          gtk_label_set_text (self->status, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
        }
      return;
    }
  job = data;
  /* A newer computation replaced this one. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable || g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_object (&self->cancellable);
  show_series (self, g_steal_pointer (&job->series), job->options.unit == RASID_FACET_UNIT_STORIES);
}

static void
compute (RasidTrendsChart *self)
{
  Job *job;

  if (self->db_path == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->dirty = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (Job, 1);
  job->filter = self->filter ? rasid_filter_copy (self->filter) : rasid_filter_new ();
  job->index = self->index ? g_object_ref (self->index) : NULL;
  job->options.stack = self->stack;
  job->options.bucket = self->bucket;
  job->options.unit = rasid_trends_chart_get_count_stories (self) ? RASID_FACET_UNIT_STORIES : RASID_FACET_UNIT_REPORTS;
  rasid_store_run_async (self->db_path, job_run, job, (GDestroyNotify) job_free, self->cancellable, on_computed,
                         g_object_ref (self));
}

/* The series is out of date: computed now when shown, else once shown. */
static void
invalidate (RasidTrendsChart *self)
{
  self->dirty = TRUE;
  compute (self);
}

static void
rasid_trends_chart_map (GtkWidget *widget)
{
  RasidTrendsChart *self = RASID_TRENDS_CHART (widget);

  GTK_WIDGET_CLASS (rasid_trends_chart_parent_class)->map (widget);
  if (self->dirty)
    compute (self);
}

static void
rasid_trends_chart_unmap (GtkWidget *widget)
{
  RasidTrendsChart *self = RASID_TRENDS_CHART (widget);

  /* Work under way is dropped, and done again when shown. */
  if (self->cancellable)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->dirty = TRUE;
    }
  GTK_WIDGET_CLASS (rasid_trends_chart_parent_class)->unmap (widget);
}

/* ---- drawing and pointing -------------------------------------------------- */

gboolean
_rasid_trends_chart_is_rtl (RasidTrendsChart *self)
{
  return gtk_widget_get_direction (self->plot) == GTK_TEXT_DIR_RTL;
}

static RasidTrendsColor
to_color (const GdkRGBA *c)
{
  return (RasidTrendsColor) { c->red, c->green, c->blue, c->alpha };
}

/* The theme's text colour for text and axes, its accent for the chosen
 * bar; the keys' colours from the palette that suits a light or a dark
 * background. */
static void
theme_palette (RasidTrendsChart *self, RasidTrendsPalette *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (self->plot);
  GdkRGBA fg, accent;
  gboolean dark;

  gtk_style_context_get_color (context, &fg);
  dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
  *palette = dark ? *rasid_trends_palette_dark () : *rasid_trends_palette_print ();
  palette->background.alpha = 0;
  palette->foreground = to_color (&fg);
  palette->grid = to_color (&fg);
  palette->grid.alpha = 0.12;
  if (gtk_style_context_lookup_color (context, "accent_color", &accent))
    palette->highlight = to_color (&accent);
}

static void
widget_style (RasidTrendsChart *self, RasidTrendsStyle *style, const RasidTrendsPalette *palette)
{
  memset (style, 0, sizeof *style);
  style->palette = palette;
  style->labels = (const char * const *) self->labels;
  style->rtl = _rasid_trends_chart_is_rtl (self);
  style->highlight = self->highlight;
  style->font = NULL;
}

static gboolean
measure (RasidTrendsChart *self, RasidTrendsGeometry *geometry)
{
  RasidTrendsPalette palette;
  RasidTrendsStyle style;
  g_autofree char *font = NULL;

  if (self->series == NULL)
    return FALSE;
  theme_palette (self, &palette);
  widget_style (self, &style, &palette);
  font = pango_font_description_to_string (pango_context_get_font_description (gtk_widget_get_pango_context (self->plot)));
  style.font = font;
  rasid_trends_measure (gtk_widget_get_pango_context (self->plot), self->series, &style,
                        gtk_widget_get_width (self->plot), gtk_widget_get_height (self->plot), geometry);
  return TRUE;
}

static void
draw_plot (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  RasidTrendsChart *self = user_data;
  RasidTrendsPalette palette;
  RasidTrendsStyle style;
  g_autofree char *font = NULL;

  if (self->series == NULL)
    return;
  theme_palette (self, &palette);
  widget_style (self, &style, &palette);
  font = pango_font_description_to_string (pango_context_get_font_description (gtk_widget_get_pango_context (self->plot)));
  style.font = font;
  rasid_trends_draw (cr, gtk_widget_get_pango_context (self->plot), self->series, &style, width, height);
  if (gtk_widget_has_visible_focus (self->plot))
    {
      GdkRGBA accent;
      if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (self->plot), "accent_color", &accent))
        gdk_rgba_parse (&accent, "#3584e4");
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
}

gboolean
rasid_trends_chart_get_bar_area (RasidTrendsChart *self, guint bar, graphene_rect_t *area)
{
  RasidTrendsGeometry g;
  double x, w;

  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), FALSE);
  if (!measure (self, &g) || bar >= g.n_buckets)
    return FALSE;
  rasid_trends_bar_extent (&g, bar, &x, &w);
  graphene_rect_init (area, x, g.y, w, g.height);
  return TRUE;
}

static int
bar_at (RasidTrendsChart *self, double x, double y)
{
  RasidTrendsGeometry g;

  return measure (self, &g) ? rasid_trends_bar_at (&g, x, y) : -1;
}

static void
activate_bar (RasidTrendsChart *self, int bar)
{
  gint64 since, until;

  if (self->series == NULL || bar < 0 || bar >= (int) self->series->n_buckets)
    return;
  rasid_trend_series_get_period (self->series, bar, &since, &until);
  g_signal_emit (self, signals[SIGNAL_PERIOD_ACTIVATED], 0, since, until);
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, RasidTrendsChart *self)
{
  int bar = bar_at (self, x, y);

  if (bar >= 0)
    set_highlight (self, bar);
}

static void
on_leave (GtkEventControllerMotion *motion, RasidTrendsChart *self)
{
  if (!gtk_widget_has_focus (self->plot))
    set_highlight (self, -1);
}

static void
on_released (GtkGestureClick *click, int n_press, double x, double y, RasidTrendsChart *self)
{
  int bar = bar_at (self, x, y);

  if (bar < 0)
    return;
  gtk_widget_grab_focus (self->plot);
  set_highlight (self, bar);
  activate_bar (self, bar);
}

/* The latest bar with reports, where the keyboard starts. */
static int
latest_bar (RasidTrendsChart *self)
{
  for (int b = (int) self->series->n_buckets - 1; b >= 0; b--)
    if (self->series->totals[b])
      return b;
  return (int) self->series->n_buckets - 1;
}

static gboolean
on_key_pressed (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state, RasidTrendsChart *self)
{
  int n = self->series ? (int) self->series->n_buckets : 0;
  int bar = self->highlight;
  /* Towards later: right in English, left in Arabic, as the bars run. */
  int later = _rasid_trends_chart_is_rtl (self) ? -1 : 1;

  if (n == 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      bar = bar < 0 ? latest_bar (self) : CLAMP (bar + later, 0, n - 1);
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      bar = bar < 0 ? latest_bar (self) : CLAMP (bar - later, 0, n - 1);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      bar = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      bar = n - 1;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      activate_bar (self, bar < 0 ? latest_bar (self) : bar);
      return TRUE;
    default:
      return FALSE;
    }
  set_highlight (self, bar);
  return TRUE;
}

static void
on_focus_enter (GtkEventControllerFocus *focus, RasidTrendsChart *self)
{
  if (self->series && self->highlight < 0 && self->series->n_buckets)
    set_highlight (self, latest_bar (self));
  gtk_widget_queue_draw (self->plot);
}

static void
on_focus_leave (GtkEventControllerFocus *focus, RasidTrendsChart *self)
{
  gtk_widget_queue_draw (self->plot);
}

static gboolean
on_query_tooltip (GtkWidget *plot, int x, int y, gboolean keyboard, GtkTooltip *tooltip, RasidTrendsChart *self)
{
  int bar = keyboard ? self->highlight : bar_at (self, x, y);
  g_autofree char *text = NULL;
  graphene_rect_t area;

  if (self->series == NULL || bar < 0)
    return FALSE;
  text = describe_bar (self, bar);
  gtk_tooltip_set_text (tooltip, text);
  if (rasid_trends_chart_get_bar_area (self, bar, &area))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) area.origin.x, (int) area.origin.y,
                                                         MAX (1, (int) area.size.width), (int) area.size.height });
  return TRUE;
}

/* ---- pickers ---------------------------------------------------------------- */

static void
on_stack_picked (GtkDropDown *picker, GParamSpec *pspec, RasidTrendsChart *self)
{
  rasid_trends_chart_set_stack (self, gtk_drop_down_get_selected (picker));
}

static void
on_bucket_picked (GtkDropDown *picker, GParamSpec *pspec, RasidTrendsChart *self)
{
  rasid_trends_chart_set_bucket (self, gtk_drop_down_get_selected (picker));
}

/* ---- the object ----------------------------------------------------------------- */

GtkWidget *
rasid_trends_chart_new (void)
{
  return g_object_new (RASID_TYPE_TRENDS_CHART, NULL);
}

void
rasid_trends_chart_set_db_path (RasidTrendsChart *self, const char *db_path)
{
  g_return_if_fail (RASID_IS_TRENDS_CHART (self));
  if (g_strcmp0 (self->db_path, db_path) == 0)
    return;
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB_PATH]);
}

void
rasid_trends_chart_set_index (RasidTrendsChart *self, RasidFacetIndex *index)
{
  g_return_if_fail (RASID_IS_TRENDS_CHART (self));
  g_return_if_fail (index == NULL || RASID_IS_FACET_INDEX (index));
  if (g_set_object (&self->index, index))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

void
rasid_trends_chart_set_analyzer (RasidTrendsChart *self, RasidAnalyzer *analyzer)
{
  g_return_if_fail (RASID_IS_TRENDS_CHART (self));
  if (!g_set_object (&self->analyzer, analyzer))
    return;
  /* Names only: shown again with the same counts. */
  if (self->series)
    {
      RasidTrendsChartPrivate *priv = rasid_trends_chart_get_instance_private (self);
      RasidTrendSeries *series = self->series;
      self->series = NULL;
      show_series (self, series, priv->series_in_stories);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYZER]);
}

/**
 * rasid_trends_chart_set_filter:
 * @filter: (nullable): the desk's filter, copied; its since and until are
 *   the chart's period when set
 */
void
rasid_trends_chart_set_filter (RasidTrendsChart *self, const RasidFilter *filter)
{
  g_return_if_fail (RASID_IS_TRENDS_CHART (self));
  g_clear_pointer (&self->filter, rasid_filter_free);
  self->filter = filter ? rasid_filter_copy (filter) : NULL;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

const RasidFilter *
rasid_trends_chart_get_filter (RasidTrendsChart *self)
{
  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), NULL);
  return self->filter;
}

void
rasid_trends_chart_set_stack (RasidTrendsChart *self, RasidTrendStack stack)
{
  g_return_if_fail (RASID_IS_TRENDS_CHART (self));
  g_return_if_fail (stack <= RASID_TREND_STACK_EVENT);
  if (self->stack == stack)
    return;
  self->stack = stack;
  gtk_drop_down_set_selected (self->stack_picker, stack);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
}

RasidTrendStack
rasid_trends_chart_get_stack (RasidTrendsChart *self)
{
  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), 0);
  return self->stack;
}

void
rasid_trends_chart_set_bucket (RasidTrendsChart *self, RasidTrendBucket bucket)
{
  g_return_if_fail (RASID_IS_TRENDS_CHART (self));
  g_return_if_fail (bucket <= RASID_TREND_BUCKET_DAY);
  if (self->bucket == bucket)
    return;
  self->bucket = bucket;
  gtk_drop_down_set_selected (self->bucket_picker, bucket);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUCKET]);
}

RasidTrendBucket
rasid_trends_chart_get_bucket (RasidTrendsChart *self)
{
  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), 0);
  return self->bucket;
}

/**
 * rasid_trends_chart_set_count_stories:
 * @count_stories: count stories (a story once, in the bar of its first
 *   report the filter matches), not reports
 *
 * As the desk's list shows stories or reports.
 */
void
rasid_trends_chart_set_count_stories (RasidTrendsChart *self, gboolean count_stories)
{
  RasidTrendsChartPrivate *priv;

  g_return_if_fail (RASID_IS_TRENDS_CHART (self));
  priv = rasid_trends_chart_get_instance_private (self);
  count_stories = !!count_stories;
  if (priv->count_stories == count_stories)
    return;
  priv->count_stories = count_stories;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_STORIES]);
}

gboolean
rasid_trends_chart_get_count_stories (RasidTrendsChart *self)
{
  RasidTrendsChartPrivate *priv;

  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), FALSE);
  priv = rasid_trends_chart_get_instance_private (self);
  return priv->count_stories;
}

/**
 * rasid_trends_chart_get_series_in_stories:
 *
 * Returns: whether the series shown (rasid_trends_chart_get_series())
 *   counts stories
 */
gboolean
rasid_trends_chart_get_series_in_stories (RasidTrendsChart *self)
{
  RasidTrendsChartPrivate *priv;

  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), FALSE);
  priv = rasid_trends_chart_get_instance_private (self);
  return priv->series_in_stories;
}

/**
 * rasid_trends_chart_reload:
 *
 * Counts again under the same settings, after a refresh brought reports:
 * now if shown, else when shown.
 */
void
rasid_trends_chart_reload (RasidTrendsChart *self)
{
  g_return_if_fail (RASID_IS_TRENDS_CHART (self));
  invalidate (self);
}

/**
 * rasid_trends_chart_get_series:
 *
 * Returns: (nullable): the series shown, NULL until the first is counted
 */
const RasidTrendSeries *
rasid_trends_chart_get_series (RasidTrendsChart *self)
{
  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), NULL);
  return self->series;
}

/* The chart in words, as its accessible description says it. */
const char *
rasid_trends_chart_get_description (RasidTrendsChart *self)
{
  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), NULL);
  return self->description;
}

int
rasid_trends_chart_get_highlight (RasidTrendsChart *self)
{
  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), -1);
  return self->highlight;
}

/* The drawing, for tests that point and type at it. */
GtkWidget *
rasid_trends_chart_get_plot (RasidTrendsChart *self)
{
  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), NULL);
  return self->plot;
}

static void
rasid_trends_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RasidTrendsChart *self = RASID_TRENDS_CHART (object);

  switch (prop_id)
    {
    case PROP_DB_PATH: g_value_set_string (value, self->db_path); break;
    case PROP_INDEX: g_value_set_object (value, self->index); break;
    case PROP_ANALYZER: g_value_set_object (value, self->analyzer); break;
    case PROP_FILTER: g_value_set_boxed (value, self->filter); break;
    case PROP_STACK: g_value_set_string (value, rasid_trend_stack_to_string (self->stack)); break;
    case PROP_BUCKET: g_value_set_string (value, rasid_trend_bucket_to_string (self->bucket)); break;
    case PROP_COUNT_STORIES: g_value_set_boolean (value, rasid_trends_chart_get_count_stories (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_trends_chart_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RasidTrendsChart *self = RASID_TRENDS_CHART (object);

  switch (prop_id)
    {
    case PROP_DB_PATH: rasid_trends_chart_set_db_path (self, g_value_get_string (value)); break;
    case PROP_INDEX: rasid_trends_chart_set_index (self, g_value_get_object (value)); break;
    case PROP_ANALYZER: rasid_trends_chart_set_analyzer (self, g_value_get_object (value)); break;
    case PROP_FILTER: rasid_trends_chart_set_filter (self, g_value_get_boxed (value)); break;
    case PROP_STACK:
      {
        RasidTrendStack stack;
        if (rasid_trend_stack_from_string (g_value_get_string (value), &stack))
          rasid_trends_chart_set_stack (self, stack);
      }
      break;
    case PROP_BUCKET:
      {
        RasidTrendBucket bucket;
        if (rasid_trend_bucket_from_string (g_value_get_string (value), &bucket))
          rasid_trends_chart_set_bucket (self, bucket);
      }
      break;
    case PROP_COUNT_STORIES: rasid_trends_chart_set_count_stories (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_trends_chart_dispose (GObject *object)
{
  RasidTrendsChart *self = RASID_TRENDS_CHART (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_TRENDS_CHART);
  G_OBJECT_CLASS (rasid_trends_chart_parent_class)->dispose (object);
}

static void
rasid_trends_chart_finalize (GObject *object)
{
  RasidTrendsChart *self = RASID_TRENDS_CHART (object);

  g_free (self->db_path);
  g_clear_object (&self->index);
  g_clear_object (&self->analyzer);
  g_clear_pointer (&self->filter, rasid_filter_free);
  g_clear_pointer (&self->series, rasid_trend_series_free);
  g_clear_pointer (&self->labels, g_strfreev);
  g_free (self->description);
  G_OBJECT_CLASS (rasid_trends_chart_parent_class)->finalize (object);
}

static void
rasid_trends_chart_class_init (RasidTrendsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rasid_trends_chart_get_property;
  object_class->set_property = rasid_trends_chart_set_property;
  object_class->dispose = rasid_trends_chart_dispose;
  object_class->finalize = rasid_trends_chart_finalize;
  widget_class->map = rasid_trends_chart_map;
  widget_class->unmap = rasid_trends_chart_unmap;

  properties[PROP_DB_PATH] = g_param_spec_string ("db-path", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INDEX] = g_param_spec_object ("index", NULL, NULL, RASID_TYPE_FACET_INDEX,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANALYZER] = g_param_spec_object ("analyzer", NULL, NULL, RASID_TYPE_ANALYZER,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] = g_param_spec_boxed ("filter", NULL, NULL, RASID_TYPE_TRENDS_FILTER,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* As strings, so GSettings can keep them (g_settings_bind). */
  properties[PROP_STACK] = g_param_spec_string ("stack", NULL, NULL, "governorate",
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUCKET] = g_param_spec_string ("bucket", NULL, NULL, "auto",
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Stories per bar instead of reports, as the desk's list shows them. */
  properties[PROP_COUNT_STORIES] = g_param_spec_boolean ("count-stories", NULL, NULL, FALSE,
                                                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RasidTrendsChart::period-activated:
   * @since: the bar's start, Unix time
   * @until: its end (excluded)
   *
   * A bar was clicked, or chosen with Enter: filter to its period.
   */
  signals[SIGNAL_PERIOD_ACTIVATED] = g_signal_new ("period-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-trends-chart.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidTrendsChart, box);
  gtk_widget_class_bind_template_child (widget_class, RasidTrendsChart, title);
  gtk_widget_class_bind_template_child (widget_class, RasidTrendsChart, stack_picker);
  gtk_widget_class_bind_template_child (widget_class, RasidTrendsChart, bucket_picker);
  gtk_widget_class_bind_template_child (widget_class, RasidTrendsChart, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RasidTrendsChart, plot);
  gtk_widget_class_bind_template_child (widget_class, RasidTrendsChart, status);
  gtk_widget_class_install_action (widget_class, "trends.save", "s", _rasid_trends_chart_action_save);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trends-chart");
}

static void
rasid_trends_chart_init (RasidTrendsChart *self)
{
  GtkEventController *motion, *key, *focus;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* On the desk the chart is as narrow as the list: the title wraps under
   * the pickers' width instead of losing its last words. */
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_wrap_mode (self->title, PANGO_WRAP_WORD_CHAR);
  self->highlight = -1;
  self->dirty = TRUE;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->plot), draw_plot, self, NULL);
  rasid_set_accessible_label (self->plot, _("Trend chart"));
  rasid_set_accessible_label (GTK_WIDGET (self->stack_picker), _("Split the bars by"));
  rasid_set_accessible_label (GTK_WIDGET (self->bucket_picker), _("One bar per"));
  rasid_set_accessible_label (self->menu_button, _("Chart Menu"));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (self->plot, motion);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (self->plot, GTK_EVENT_CONTROLLER (click));
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (self->plot, key);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "enter", G_CALLBACK (on_focus_enter), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (self->plot, focus);
  g_signal_connect (self->plot, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  g_signal_connect (self->stack_picker, "notify::selected", G_CALLBACK (on_stack_picked), self);
  g_signal_connect (self->bucket_picker, "notify::selected", G_CALLBACK (on_bucket_picked), self);
}
