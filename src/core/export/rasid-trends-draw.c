/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-trends-draw.c: one renderer for the trend chart, whatever the
 * surface: the desk's widget draws it in the theme's colours, PNG and SVG
 * export and the PDF briefing in a print palette. Right to left, time
 * runs from the right and the axis of counts stands at the right; the
 * legend starts at the start edge. Numbers are written as the rest of
 * the desk writes them (Western digits, in Arabic too). */
#include "config.h"

#include "rasid-trends-draw.h"

#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define DEFAULT_FONT "Sans 9"

/* ---- palettes ---------------------------------------------------------- */

#define HEX(rgb) { ((rgb) >> 16 & 0xff) / 255.0, ((rgb) >> 8 & 0xff) / 255.0, ((rgb) & 0xff) / 255.0, 1.0 }

/* Distinct in print and for the common colour blindnesses (Okabe–Ito,
 * darkened where it would be faint on paper). */
static const RasidTrendsPalette print_palette = {
  .background = { 1, 1, 1, 1 },
  .foreground = HEX (0x202020),
  .grid = HEX (0xdddddd),
  .highlight = HEX (0x1c71d8),
  .keys = { HEX (0x0072b2), HEX (0xe69f00), HEX (0x009e73), HEX (0xcc79a7), HEX (0xd55e00), HEX (0x56b4e9) },
  .other = HEX (0x9a9996),
  .none = HEX (0xd0cfcc),
};

static const RasidTrendsPalette dark_palette = {
  .background = { 0, 0, 0, 0 },
  .foreground = HEX (0xeeeeee),
  .grid = { 1, 1, 1, 0.12 },
  .highlight = HEX (0x78aeed),
  .keys = { HEX (0x62a0ea), HEX (0xf6d32d), HEX (0x57e389), HEX (0xdc8add), HEX (0xffa348), HEX (0x99c1f1) },
  .other = HEX (0x9a9996),
  .none = HEX (0x5e5c64),
};

const RasidTrendsPalette *
rasid_trends_palette_print (void)
{
  return &print_palette;
}

const RasidTrendsPalette *
rasid_trends_palette_dark (void)
{
  return &dark_palette;
}

/* ---- labels and words -------------------------------------------------- */

const char *
rasid_trends_other_label (RasidTrendStack stack)
{
  switch (stack)
    {
    case RASID_TREND_STACK_GOVERNORATE: return _("Other governorates");
    case RASID_TREND_STACK_FACTION: return _("Other factions");
    case RASID_TREND_STACK_EVENT:
    default: return _("Other event types");
    }
}

const char *
rasid_trends_none_label (RasidTrendStack stack)
{
  switch (stack)
    {
    case RASID_TREND_STACK_GOVERNORATE: return _("No governorate named");
    case RASID_TREND_STACK_FACTION: return _("No faction named");
    case RASID_TREND_STACK_EVENT:
    default: return _("No event type");
    }
}

/**
 * rasid_trends_labels:
 * @gazetteer: (nullable): governorates' names
 * @actors: (nullable): factions' names
 * @arabic: Arabic names, else English ones where known
 *
 * Returns: (transfer full): the series' n_keys names, then "other" and
 *   "none", NULL-terminated. Event types keep their ids: the desk has
 *   their names.
 */
char **
rasid_trends_labels (const RasidTrendSeries *series, RasidGazetteer *gazetteer, RasidActors *actors, gboolean arabic)
{
  char **labels = g_new0 (char *, series->n_keys + 3);

  for (guint i = 0; i < series->n_keys; i++)
    {
      const char *id = series->keys[i], *ar = NULL, *en = NULL;

      if (series->stack == RASID_TREND_STACK_GOVERNORATE && gazetteer)
        {
          const RasidPlace *p = rasid_gazetteer_lookup (gazetteer, id);
          if (p)
            ar = p->name_ar, en = p->name_en;
        }
      else if (series->stack == RASID_TREND_STACK_FACTION && actors)
        {
          const RasidActor *a = rasid_actors_lookup (actors, id);
          if (a)
            ar = a->name_ar, en = a->name_en;
        }
      labels[i] = g_strdup (!arabic && en && *en ? en : ar ? ar : id);
    }
  labels[series->n_keys] = g_strdup (rasid_trends_other_label (series->stack));
  labels[series->n_keys + 1] = g_strdup (rasid_trends_none_label (series->stack));
  return labels;
}

static char *
format_local (const RasidTrendSeries *s, gint64 t, const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, s->zone);
  g_autofree char *text = g_date_time_format (local, format);
  const char *start = text ? text : "";

  /* %e pads a day under 10 with a figure space (U+2007): not at the start
   * of a label. */
  while (g_str_has_prefix (start, " ") || g_str_has_prefix (start, "\u2007"))
    start = g_utf8_next_char (start);
  return g_strstrip (g_strdup (start));
}

/**
 * rasid_trends_format_period:
 *
 * A bar's period in words: "3 May 2024", or "3 May 2024, 14:00–15:00".
 */
char *
rasid_trends_format_period (const RasidTrendSeries *s, guint bar)
{
  gint64 since, until;

  g_return_val_if_fail (s != NULL && bar < s->n_buckets, NULL);
  rasid_trend_series_get_period (s, bar, &since, &until);
  if (s->bucket == RASID_TREND_BUCKET_DAY)
    /* Translators: a day of the trend chart, strftime format */
    return format_local (s, s->starts[bar], _("%e %B %Y"));
  {
    /* The desk's own format for a date and time. */
    g_autofree char *start = format_local (s, since, _("%e %B %Y, %H:%M"));
    g_autofree char *end = format_local (s, until, "%H:%M");

    return g_strdup_printf ("%s–%s", start, end);
  }
}

/* "Idlib 12, Aleppo 8, other governorates 3" for one bar. */
static void
append_breakdown (GString *out, const RasidTrendSeries *s, const char * const *labels, guint bar)
{
  gboolean first = TRUE;

  for (int k = 0; k < (int) s->n_keys + 2; k++)
    {
      int column = k < (int) s->n_keys ? k : k == (int) s->n_keys ? RASID_TREND_COLUMN_OTHER : RASID_TREND_COLUMN_NONE;
      guint n = rasid_trend_series_get_count (s, bar, column);

      if (n == 0)
        continue;
      /* Translators: between the items of a list */
      g_string_append (out, first ? "" : _(", "));
      g_string_append_printf (out, "%s %u", labels[k], n);
      first = FALSE;
    }
}

/**
 * rasid_trends_describe_bar:
 * @stories: the series counts stories, not reports
 *
 * One bar as a tooltip or a screen reader says it: its period, its
 * reports (or stories) and how they split.
 */
char *
rasid_trends_describe_bar (const RasidTrendSeries *s, const char * const *labels, guint bar, gboolean stories)
{
  g_autofree char *period = NULL;
  GString *out;

  g_return_val_if_fail (s != NULL && labels != NULL && bar < s->n_buckets, NULL);
  period = rasid_trends_format_period (s, bar);
  out = g_string_new (NULL);
  if (stories)
    /* Translators: a bar of the trend chart: its period, its stories */
    g_string_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s: %u story", "%s: %u stories", s->totals[bar]), period,
                     s->totals[bar]);
  else
    /* Translators: a bar of the trend chart: its period, its reports */
    g_string_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s: %u report", "%s: %u reports", s->totals[bar]), period,
                     s->totals[bar]);
  if (s->totals[bar])
    {
      /* Translators: before the split of a bar's reports by governorate, faction or event type */
      g_string_append (out, _(" — "));
      append_breakdown (out, s, labels, bar);
    }
  return g_string_free (out, FALSE);
}

/**
 * rasid_trends_describe:
 *
 * @stories: the series counts stories, not reports
 *
 * The whole chart in a few sentences, for its accessible description.
 */
char *
rasid_trends_describe (const RasidTrendSeries *s, const char * const *labels, gboolean stories)
{
  g_autofree char *first = NULL, *last = NULL, *peak_period = NULL;
  GString *out;
  guint peak = 0;

  g_return_val_if_fail (s != NULL && labels != NULL, NULL);
  if (s->n_buckets == 0 || s->total == 0)
    return g_strdup (stories ? _("No stories in this period") : _("Nothing in this period"));
  out = g_string_new (NULL);
  first = rasid_trends_format_period (s, 0);
  last = rasid_trends_format_period (s, s->n_buckets - 1);
  if (stories)
    g_string_printf (out, s->bucket == RASID_TREND_BUCKET_DAY ? _("Stories per day from %s to %s")
                                                              : _("Stories per hour from %s to %s"), first, last);
  else
    g_string_printf (out, s->bucket == RASID_TREND_BUCKET_DAY ? _("Reports per day from %s to %s")
                                                              : _("Reports per hour from %s to %s"), first, last);
  g_string_append (out, ": ");
  if (stories)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", s->total), s->total);
  else
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", s->total), s->total);
  g_string_append (out, ". ");
  for (guint i = 1; i < s->n_buckets; i++)
    if (s->totals[i] > s->totals[peak])
      peak = i;
  peak_period = rasid_trends_format_period (s, peak);
  /* Translators: the trend chart's highest bar: its period, its reports */
  g_string_append_printf (out, _("Most: %s, %u."), peak_period, s->totals[peak]);
  if (s->n_keys)
    {
      g_string_append (out, " ");
      for (guint k = 0; k < s->n_keys; k++)
        g_string_append_printf (out, "%s%s %u", k ? _(", ") : "", labels[k], s->key_totals[k]);
      g_string_append (out, ".");
    }
  return g_string_free (out, FALSE);
}

/* ---- layout ------------------------------------------------------------- */

typedef struct {
  PangoContext         *pango;
  PangoFontDescription *font;
  double                line;      /* a line of text */
  double                title_h;
  double                legend_h;
  double                axis_w;    /* the counts' labels */
  guint                 x_rows;
  guint                 top, step; /* the axis of counts: 0, step … top */
} Metrics;

static PangoLayout *
new_layout (Metrics *m, const char *text, double scale)
{
  PangoLayout *layout = pango_layout_new (m->pango);

  if (scale != 1.0)
    {
      PangoFontDescription *desc = pango_font_description_copy (m->font);
      pango_font_description_set_size (desc, (int) (pango_font_description_get_size (desc) * scale));
      pango_layout_set_font_description (layout, desc);
      pango_font_description_free (desc);
    }
  else
    pango_layout_set_font_description (layout, m->font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
layout_size (PangoLayout *layout, double *w, double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (w)
    *w = (double) logical.width / PANGO_SCALE;
  if (h)
    *h = (double) logical.height / PANGO_SCALE;
}

/* 1, 2 or 5 times a power of ten, at least @raw. */
static guint
nice_step (double raw)
{
  double power = pow (10, floor (log10 (MAX (raw, 1))));

  for (guint i = 0; i < 3; i++)
    {
      static const double factors[] = { 1, 2, 5 };
      if (factors[i] * power >= raw)
        return (guint) (factors[i] * power);
    }
  return (guint) (10 * power);
}

typedef struct {
  int    column;   /* RASID_TREND_COLUMN_* or a key */
  guint  label;    /* into labels */
} LegendItem;

/* The columns that have reports, in stacking order. */
static guint
legend_items (const RasidTrendSeries *s, LegendItem *items)
{
  guint n = 0;

  for (int k = 0; k < (int) s->n_keys + 2; k++)
    {
      int column = k < (int) s->n_keys ? k : k == (int) s->n_keys ? RASID_TREND_COLUMN_OTHER : RASID_TREND_COLUMN_NONE;
      gboolean any = FALSE;

      for (guint b = 0; b < s->n_buckets && !any; b++)
        any = rasid_trend_series_get_count (s, b, column) > 0;
      if (any)
        items[n++] = (LegendItem) { column, k };
    }
  return n;
}

/* Lays out the legend in lines across @width; draws it when @cr is set. */
static double
legend_flow (Metrics *m, cairo_t *cr, const RasidTrendSeries *s, const RasidTrendsStyle *style, double y0, double width)
{
  g_autofree LegendItem *items = g_new (LegendItem, s->n_keys + 2);
  guint n = legend_items (s, items);
  double swatch = m->line * 0.7, gap = m->line * 0.35, spacing = m->line * 1.1;
  double x = 0, y = y0, lines = n ? 1 : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) label = new_layout (m, style->labels[items[i].label], 1.0);
      double w, h, item_w, left;

      layout_size (label, &w, &h);
      item_w = swatch + gap + w;
      if (x > 0 && x + item_w > width)
        {
          x = 0;
          y += m->line * 1.25;
          lines++;
        }
      left = style->rtl ? width - x - item_w : x;
      if (cr)
        {
          const RasidTrendsPalette *p = style->palette;
          const RasidTrendsColor *c = items[i].column >= 0 ? &p->keys[items[i].column % RASID_TRENDS_N_COLORS]
                                      : items[i].column == RASID_TREND_COLUMN_OTHER ? &p->other : &p->none;

          cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
          cairo_rectangle (cr, style->rtl ? left + w + gap : left, y + (m->line - swatch) / 2, swatch, swatch);
          cairo_fill (cr);
          cairo_set_source_rgba (cr, p->foreground.red, p->foreground.green, p->foreground.blue, p->foreground.alpha);
          cairo_move_to (cr, style->rtl ? left : left + swatch + gap, y + (m->line - h) / 2);
          pango_cairo_show_layout (cr, label);
        }
      x += item_w + spacing;
    }
  return lines * m->line * 1.25;
}

static void
metrics_init (Metrics *m, PangoContext *pango, const RasidTrendSeries *s, const RasidTrendsStyle *style, double width)
{
  g_autoptr(PangoLayout) probe = NULL;
  g_autofree char *top_text = NULL;
  guint max = s->max_total;

  memset (m, 0, sizeof *m);
  m->pango = pango;
  m->font = pango_font_description_from_string (style->font ? style->font : DEFAULT_FONT);
  probe = new_layout (m, "0123456789", 1.0);
  layout_size (probe, NULL, &m->line);
  if (style->title)
    {
      g_autoptr(PangoLayout) title = new_layout (m, style->title, 1.15);
      pango_layout_set_width (title, (int) (width * PANGO_SCALE));
      layout_size (title, NULL, &m->title_h);
      m->title_h += m->line * 0.4;
    }
  m->legend_h = legend_flow (m, NULL, s, style, 0, width);
  m->step = nice_step (MAX (max, 1) / 4.0);
  m->top = MAX (m->step, (max + m->step - 1) / m->step * m->step);
  top_text = g_strdup_printf ("%u", m->top);
  {
    g_autoptr(PangoLayout) label = new_layout (m, top_text, 0.9);
    layout_size (label, &m->axis_w, NULL);
  }
  m->axis_w += m->line * 0.5;
  m->x_rows = s->bucket == RASID_TREND_BUCKET_HOUR ? 2 : 1;
}

static void
metrics_clear (Metrics *m)
{
  pango_font_description_free (m->font);
}

static void
geometry_from_metrics (const Metrics *m, const RasidTrendSeries *s, const RasidTrendsStyle *style, double width,
                       double height, RasidTrendsGeometry *g)
{
  double top = m->title_h + m->line * 0.6;
  double bottom = height - m->legend_h - m->x_rows * m->line * 1.1 - m->line * 0.5;

  g->rtl = style->rtl;
  g->n_buckets = s->n_buckets;
  g->x = style->rtl ? m->line * 0.2 : m->axis_w;
  g->width = MAX (1, width - m->axis_w - m->line * 0.2);
  g->y = top;
  g->height = MAX (1, bottom - top);
  g->slot = s->n_buckets ? g->width / s->n_buckets : g->width;
}

/**
 * rasid_trends_measure:
 *
 * Where rasid_trends_draw() puts the bars at this size, for finding the
 * bar under the pointer.
 */
void
rasid_trends_measure (PangoContext *pango, const RasidTrendSeries *s, const RasidTrendsStyle *style, double width,
                      double height, RasidTrendsGeometry *g)
{
  Metrics m;

  g_return_if_fail (PANGO_IS_CONTEXT (pango) && s != NULL && style != NULL && g != NULL);
  metrics_init (&m, pango, s, style, width);
  geometry_from_metrics (&m, s, style, width, height, g);
  metrics_clear (&m);
}

/* The left edge of bar @bar and its width; time runs from the start edge. */
void
rasid_trends_bar_extent (const RasidTrendsGeometry *g, guint bar, double *x, double *width)
{
  g_return_if_fail (g != NULL);
  *x = g->rtl ? g->x + g->width - (bar + 1) * g->slot : g->x + bar * g->slot;
  *width = g->slot;
}

/* The bar under (@x, @y), anywhere in its column of the plot, or -1. */
int
rasid_trends_bar_at (const RasidTrendsGeometry *g, double x, double y)
{
  int bar;

  g_return_val_if_fail (g != NULL, -1);
  if (g->n_buckets == 0 || x < g->x || x >= g->x + g->width || y < g->y || y > g->y + g->height)
    return -1;
  bar = (int) ((x - g->x) / g->slot);
  bar = CLAMP (bar, 0, (int) g->n_buckets - 1);
  return g->rtl ? (int) g->n_buckets - 1 - bar : bar;
}

/* ---- drawing ------------------------------------------------------------- */

static void
set_color (cairo_t *cr, const RasidTrendsColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

/* Shows @layout centred on @cx, kept within 0…@width. */
static void
show_centred (cairo_t *cr, PangoLayout *layout, double cx, double y, double width, double *left, double *right)
{
  double w, x;

  layout_size (layout, &w, NULL);
  x = CLAMP (cx - w / 2, 0, MAX (0, width - w));
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  if (left)
    *left = x;
  if (right)
    *right = x + w;
}

/* Every how many bars a label fits, on round hours or days. */
static guint
label_every (const RasidTrendSeries *s, double slot, double label_w)
{
  static const guint hours[] = { 1, 2, 3, 4, 6, 12, 24, 48, 72, 168 };
  static const guint days[] = { 1, 2, 3, 7, 14, 28, 56, 91, 182, 364 };
  const guint *steps = s->bucket == RASID_TREND_BUCKET_HOUR ? hours : days;
  guint need = (guint) ceil (label_w / MAX (slot, 0.01));

  for (guint i = 0; i < G_N_ELEMENTS (hours); i++)
    if (steps[i] >= need)
      return steps[i];
  return need;
}

static void
draw_x_axis (cairo_t *cr, Metrics *m, const RasidTrendSeries *s, const RasidTrendsStyle *style,
             const RasidTrendsGeometry *g, double width)
{
  /* Translators: a day under the trend chart's bars, strftime format; short */
  const char *day_format = C_("trend axis", "%e %b");
  g_autoptr(PangoLayout) probe = NULL;
  double probe_w, y = g->y + g->height + m->line * 0.25;
  double last_edge = style->rtl ? G_MAXDOUBLE : -G_MAXDOUBLE;
  guint every;

  {
    g_autofree char *sample = s->bucket == RASID_TREND_BUCKET_HOUR ? g_strdup ("00:00") : format_local (s, s->starts[0], day_format);
    probe = new_layout (m, sample, 0.9);
    layout_size (probe, &probe_w, NULL);
  }
  every = label_every (s, g->slot, probe_w + m->line * 0.8);
  set_color (cr, &style->palette->foreground);
  for (guint b = 0; b < s->n_buckets; b++)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (s->starts[b]);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, s->zone);
      gboolean hourly = s->bucket == RASID_TREND_BUCKET_HOUR;
      guint position = hourly ? (guint) g_date_time_get_hour (local)
                              : (guint) ((s->starts[b] + g_date_time_get_utc_offset (local) / G_USEC_PER_SEC) / 86400);
      double x, w;

      rasid_trends_bar_extent (g, b, &x, &w);
      if (position % every == 0 || (every > 1 && b == 0 && s->n_buckets < every))
        {
          g_autofree char *text = format_local (s, s->starts[b], hourly ? "%H:%M" : day_format);
          g_autoptr(PangoLayout) label = new_layout (m, text, 0.9);

          /* A tick, and the label under the bar's middle. */
          cairo_rectangle (cr, x + w / 2 - 0.5, g->y + g->height, 1, m->line * 0.2);
          cairo_fill (cr);
          show_centred (cr, label, x + w / 2, y, width, NULL, NULL);
        }
      /* Hours: the day under the first bar of each, where it fits. */
      if (hourly && (g_date_time_get_hour (local) == 0 || b == 0))
        {
          g_autofree char *text = format_local (s, s->starts[b], day_format);
          g_autoptr(PangoLayout) label = new_layout (m, text, 0.9);
          double lw, anchor;

          layout_size (label, &lw, NULL);
          /* The date starts at its day's first bar and runs into the day. */
          anchor = style->rtl ? x + w - lw : x;
          anchor = CLAMP (anchor, 0, MAX (0, width - lw));
          if (style->rtl ? anchor + lw + m->line * 0.5 <= last_edge : anchor >= last_edge + m->line * 0.5)
            {
              cairo_move_to (cr, anchor, y + m->line * 1.05);
              pango_cairo_show_layout (cr, label);
              last_edge = style->rtl ? anchor : anchor + lw;
            }
        }
    }
}

/**
 * rasid_trends_draw:
 * @pango: (nullable): the context to lay text out in (its direction,
 *   font options and resolution); NULL: one made for @cr
 *
 * Draws @series as a stacked bar chart filling @width × @height from the
 * current origin of @cr.
 */
void
rasid_trends_draw (cairo_t *cr, PangoContext *pango, const RasidTrendSeries *s, const RasidTrendsStyle *style,
                   double width, double height)
{
  g_autoptr(GObject) own = NULL;   /* a PangoContext */
  const RasidTrendsPalette *p;
  RasidTrendsGeometry g;
  Metrics m;

  g_return_if_fail (cr != NULL && s != NULL && style != NULL && style->palette != NULL && style->labels != NULL);
  if (pango == NULL)
    {
      pango = pango_cairo_create_context (cr);
      own = G_OBJECT (pango);
      pango_context_set_base_dir (pango, style->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    }
  p = style->palette;
  metrics_init (&m, pango, s, style, width);
  geometry_from_metrics (&m, s, style, width, height, &g);

  cairo_save (cr);
  if (p->background.alpha > 0)
    {
      set_color (cr, &p->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }
  if (style->title)
    {
      g_autoptr(PangoLayout) title = new_layout (&m, style->title, 1.15);

      pango_layout_set_width (title, (int) (width * PANGO_SCALE));
      /* At the start edge of the chart's direction, whatever the title's script. */
      pango_layout_set_auto_dir (title, FALSE);
      pango_layout_set_alignment (title, style->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      set_color (cr, &p->foreground);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, title);
    }

  /* The counts: faint lines across, figures at the start edge. */
  cairo_set_line_width (cr, 1);
  for (guint v = 0; v <= m.top; v += m.step)
    {
      double y = round (g.y + g.height - g.height * v / m.top) + 0.5;
      g_autofree char *text = g_strdup_printf ("%u", v);
      g_autoptr(PangoLayout) label = new_layout (&m, text, 0.9);
      double w, h;

      if (v > 0)
        {
          set_color (cr, &p->grid);
          cairo_move_to (cr, g.x, y);
          cairo_line_to (cr, g.x + g.width, y);
          cairo_stroke (cr);
        }
      layout_size (label, &w, &h);
      set_color (cr, &p->foreground);
      cairo_move_to (cr, style->rtl ? g.x + g.width + m.line * 0.3 : g.x - w - m.line * 0.3, y - h / 2);
      pango_cairo_show_layout (cr, label);
    }

  /* The bars: the first key at the bottom, then the others, "other", "none". */
  for (guint b = 0; b < s->n_buckets; b++)
    {
      double x, w, gap, y = g.y + g.height;

      rasid_trends_bar_extent (&g, b, &x, &w);
      gap = w >= 4 ? MIN (w * 0.2, 6) : 0;
      if ((int) b == style->highlight)
        {
          RasidTrendsColor tint = p->highlight;
          tint.alpha = 0.15;
          set_color (cr, &tint);
          cairo_rectangle (cr, x, g.y, w, g.height);
          cairo_fill (cr);
        }
      for (int k = 0; k < (int) s->n_keys + 2; k++)
        {
          int column = k < (int) s->n_keys ? k : k == (int) s->n_keys ? RASID_TREND_COLUMN_OTHER : RASID_TREND_COLUMN_NONE;
          guint n = rasid_trend_series_get_count (s, b, column);
          double h = g.height * n / m.top;

          if (n == 0)
            continue;
          set_color (cr, column >= 0 ? &p->keys[column % RASID_TRENDS_N_COLORS]
                         : column == RASID_TREND_COLUMN_OTHER ? &p->other : &p->none);
          cairo_rectangle (cr, x + gap / 2, y - h, w - gap, h);
          cairo_fill (cr);
          y -= h;
        }
      if ((int) b == style->highlight)
        {
          set_color (cr, &p->highlight);
          cairo_set_line_width (cr, 2);
          cairo_rectangle (cr, x + 1, g.y + 1, w - 2, g.height - 1);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 1);
        }
    }

  /* The base line, the periods, the legend. */
  set_color (cr, &p->foreground);
  cairo_rectangle (cr, g.x, round (g.y + g.height), g.width, 1);
  cairo_fill (cr);
  draw_x_axis (cr, &m, s, style, &g, width);
  legend_flow (&m, cr, s, style, height - m.legend_h, width);

  if (s->total == 0)
    {
      g_autoptr(PangoLayout) empty = new_layout (&m, _("Nothing in this period"), 1.0);
      double w, h;

      layout_size (empty, &w, &h);
      set_color (cr, &p->foreground);
      cairo_move_to (cr, g.x + (g.width - w) / 2, g.y + (g.height - h) / 2);
      pango_cairo_show_layout (cr, empty);
    }
  cairo_restore (cr);
  metrics_clear (&m);
}

/* ---- files ----------------------------------------------------------------- */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static PangoContext *
file_context (cairo_t *cr, const RasidTrendsStyle *style, double resolution)
{
  PangoContext *pango = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Metrics as on paper: the file looks the same wherever it is opened. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (pango, resolution);
  pango_context_set_base_dir (pango, style->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  return pango;
}

/* A file has a margin around the chart, in its background. */
static void
draw_with_margin (cairo_t *cr, PangoContext *pango, const RasidTrendSeries *s, const RasidTrendsStyle *style,
                  double width, double height)
{
  double margin = MIN (width, height) * 0.04;
  const RasidTrendsColor *bg = &style->palette->background;

  if (bg->alpha > 0)
    {
      set_color (cr, bg);
      cairo_paint (cr);
    }
  cairo_save (cr);
  cairo_translate (cr, margin, margin);
  rasid_trends_draw (cr, pango, s, style, width - 2 * margin, height - 2 * margin);
  cairo_restore (cr);
}

static gboolean
finish_file (cairo_surface_t *surface, cairo_t *cr, GByteArray *bytes, const char *path, GError **error)
{
  cairo_status_t status;

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Drawing the chart for “%s” failed: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  /* Whole or not at all: written beside and renamed. */
  return g_file_set_contents (path, (const char *) bytes->data, bytes->len, error);
}

/**
 * rasid_trends_write_png:
 *
 * The chart as a PNG of @width × @height pixels at 96 dpi.
 */
gboolean
rasid_trends_write_png (const RasidTrendSeries *s, const RasidTrendsStyle *style, int width, int height,
                        const char *path, GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GObject) pango = NULL;   /* a PangoContext */
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (s != NULL && style != NULL && path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  pango = G_OBJECT (file_context (cr, style, 96));
  draw_with_margin (cr, PANGO_CONTEXT (pango), s, style, width, height);
  cairo_surface_flush (surface);
  status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Writing the PNG “%s” failed: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return finish_file (surface, cr, bytes, path, error);
}

/**
 * rasid_trends_write_svg:
 *
 * The chart as SVG, @width × @height points; text is drawn as outlines,
 * so it reads the same without the fonts.
 */
gboolean
rasid_trends_write_svg (const RasidTrendSeries *s, const RasidTrendsStyle *style, double width, double height,
                        const char *path, GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GObject) pango = NULL;   /* a PangoContext */
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (s != NULL && style != NULL && path != NULL, FALSE);
  surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  cr = cairo_create (surface);
  pango = G_OBJECT (file_context (cr, style, 72));
  draw_with_margin (cr, PANGO_CONTEXT (pango), s, style, width, height);
  cairo_show_page (cr);
  /* The stream is complete once the surface is finished. */
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Writing the SVG “%s” failed: %s", path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_surface_destroy (surface);
  return g_file_set_contents (path, (const char *) bytes->data, bytes->len, error);
}
