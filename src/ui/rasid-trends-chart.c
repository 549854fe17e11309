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

#include "rasid-trends-chart.h"
#include "rasid-trends-draw.h"
#include "rasid-util.h"

#define SAVE_PNG_WIDTH  1200
#define SAVE_PNG_HEIGHT 600
#define SAVE_SVG_WIDTH  800.0
#define SAVE_SVG_HEIGHT 400.0

typedef RasidFilter RasidTrendsFilter;
G_DEFINE_BOXED_TYPE (RasidTrendsFilter, rasid_trends_filter, rasid_filter_copy, rasid_filter_free)

struct _RasidTrendsChart {
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkLabel         *title;
  GtkDropDown      *stack_picker;
  GtkDropDown      *bucket_picker;
  GtkWidget        *menu_button;
  GtkWidget        *plot;
  GtkLabel         *status;

  char             *db_path;
  RasidFacetIndex  *index;
  RasidAnalyzer    *analyzer;
  RasidFilter      *filter;
  RasidTrendStack   stack;
  RasidTrendBucket  bucket;

  RasidTrendSeries *series;
  char            **labels;        /* the series' keys, "other", "none", as shown */
  char             *description;   /* the chart in words */
  int               highlight;     /* a bar, or -1 */
  gboolean          dirty;         /* the series no longer fits the settings */
  GCancellable     *cancellable;   /* the running computation */
};

G_DEFINE_FINAL_TYPE (RasidTrendsChart, rasid_trends_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DB_PATH,
  PROP_INDEX,
  PROP_ANALYZER,
  PROP_FILTER,
  PROP_STACK,
  PROP_BUCKET,
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

static const char *
chart_title (RasidTrendBucket bucket, RasidTrendStack stack)
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
  text = bar >= 0 ? rasid_trends_describe_bar (self->series, (const char * const *) self->labels, bar)
                  : g_strdup (_("Trend chart"));
  rasid_set_accessible_label (self->plot, text);
  gtk_widget_queue_draw (self->plot);
  gtk_widget_trigger_tooltip_query (self->plot);
}

static void
show_series (RasidTrendsChart *self, RasidTrendSeries *series)
{
  RasidGazetteer *gazetteer = self->analyzer ? rasid_analyzer_get_gazetteer (self->analyzer) : NULL;
  RasidActors *actors = self->analyzer ? rasid_analyzer_get_actors (self->analyzer) : NULL;
  int highlight = self->highlight;

  g_clear_pointer (&self->series, rasid_trend_series_free);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->description, g_free);
  self->series = series;
  self->labels = rasid_trends_labels (series, gazetteer, actors, rasid_ui_prefers_arabic ());
  if (series->stack == RASID_TREND_STACK_EVENT)
    for (guint i = 0; i < series->n_keys; i++)
      {
        g_free (self->labels[i]);
        self->labels[i] = g_strdup (rasid_event_label (series->keys[i]));
      }
  self->description = rasid_trends_describe (series, (const char * const *) self->labels);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->plot), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
  gtk_label_set_text (self->title, chart_title (series->bucket, series->stack));
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
  show_series (self, g_steal_pointer (&job->series));
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

static gboolean
is_rtl (RasidTrendsChart *self)
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
  style->rtl = is_rtl (self);
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
  int later = is_rtl (self) ? -1 : 1;

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
  text = rasid_trends_describe_bar (self->series, (const char * const *) self->labels, bar);
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

/* ---- saving ------------------------------------------------------------------ */

/* Letters, digits and dashes from @text, for a file name. */
static void
append_slug (GString *out, const char *text)
{
  gboolean dash = out->len > 0;

  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (dash)
            g_string_append_c (out, '-');
          g_string_append_unichar (out, g_unichar_tolower (c));
          dash = FALSE;
        }
      else
        dash = out->len > 0;
    }
}

/**
 * rasid_trends_chart_suggest_file_name:
 * @extension: "png" or "svg"
 *
 * "rasid-trends-idlib-2024-05-04-2024-05-10.png": what the filter shows
 * and the period, so saved charts sort and say what they are.
 */
char *
rasid_trends_chart_suggest_file_name (RasidTrendsChart *self, const char *extension)
{
  g_autoptr(GString) slug = g_string_new (NULL);
  const RasidFilter *f = self->filter;
  RasidGazetteer *gazetteer = self->analyzer ? rasid_analyzer_get_gazetteer (self->analyzer) : NULL;
  RasidActors *actors = self->analyzer ? rasid_analyzer_get_actors (self->analyzer) : NULL;
  GString *name;

  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), NULL);
  if (f && f->place_id)
    {
      const RasidPlace *p = gazetteer ? rasid_gazetteer_lookup (gazetteer, f->place_id) : NULL;
      append_slug (slug, p ? rasid_pick_name (p->name_ar, p->name_en) : f->place_id);
    }
  if (f && f->actor_id)
    {
      const RasidActor *a = actors ? rasid_actors_lookup (actors, f->actor_id) : NULL;
      append_slug (slug, a ? rasid_pick_name (a->name_ar, a->name_en) : f->actor_id);
    }
  if (f && f->event)
    append_slug (slug, f->event);
  if (f && f->query)
    append_slug (slug, f->query);
  name = g_string_new ("rasid-trends");
  if (slug->len)
    g_string_append_printf (name, "-%s", slug->str);
  if (self->series && self->series->n_buckets)
    {
      g_autoptr(GDateTime) a = g_date_time_new_from_unix_utc (self->series->since);
      g_autoptr(GDateTime) b = g_date_time_new_from_unix_utc (self->series->until - 1);
      g_autoptr(GDateTime) la = g_date_time_to_timezone (a, self->series->zone);
      g_autoptr(GDateTime) lb = g_date_time_to_timezone (b, self->series->zone);
      g_autofree char *da = g_date_time_format (la, "%Y-%m-%d");
      g_autofree char *db = g_date_time_format (lb, "%Y-%m-%d");

      g_string_append_printf (name, "-%s", da);
      if (!g_str_equal (da, db))
        g_string_append_printf (name, "-%s", db);
    }
  g_string_append_printf (name, ".%s", extension);
  return g_string_free (name, FALSE);
}

/**
 * rasid_trends_chart_save:
 * @path: ends in ".svg" for SVG, else PNG
 *
 * The chart as shown (its series, labels and direction) in the print
 * palette, with its title, so it reads on a white page.
 */
gboolean
rasid_trends_chart_save (RasidTrendsChart *self, const char *path, GError **error)
{
  RasidTrendsStyle style = { 0 };

  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  if (self->series == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The chart has not been counted yet"));
      return FALSE;
    }
  style.palette = rasid_trends_palette_print ();
  style.labels = (const char * const *) self->labels;
  style.title = chart_title (self->series->bucket, self->series->stack);
  style.rtl = is_rtl (self);
  style.highlight = -1;
  if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG"))
    {
      style.font = "Sans 9";
      return rasid_trends_write_svg (self->series, &style, SAVE_SVG_WIDTH, SAVE_SVG_HEIGHT, path, error);
    }
  style.font = "Sans 11";
  return rasid_trends_write_png (self->series, &style, SAVE_PNG_WIDTH, SAVE_PNG_HEIGHT, path, error);
}

static void
on_save_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  g_autoptr(RasidTrendsChart) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      (path = g_file_get_path (file)) && !rasid_trends_chart_save (self, path, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The chart could not be saved: %s"), error->message);
      gtk_label_set_text (self->status, text);
      gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
action_save (GtkWidget *widget, const char *action, GVariant *param)
{
  RasidTrendsChart *self = RASID_TRENDS_CHART (widget);
  const char *format = g_variant_get_string (param, NULL);
  gboolean svg = g_str_equal (format, "svg");
  g_autofree char *name = rasid_trends_chart_suggest_file_name (self, svg ? "svg" : "png");
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->series == NULL)
    return;
  chooser = gtk_file_chooser_native_new (svg ? _("Save Chart as SVG") : _("Save Chart as PNG"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, svg ? _("SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
      RasidTrendSeries *series = self->series;
      self->series = NULL;
      show_series (self, series);
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
  gtk_widget_class_install_action (widget_class, "trends.save", "s", action_save);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trends-chart");
}

static void
rasid_trends_chart_init (RasidTrendsChart *self)
{
  GtkEventController *motion, *key, *focus;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
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
