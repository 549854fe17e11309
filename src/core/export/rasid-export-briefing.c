/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-briefing.c: one A4 page to print or send: the top stories
 * of a filter and period (by outlets, then reports, then recency) and the reports per
 * day by governorate (rasid-trends-draw.c), laid out with Pango on cairo in the desktop's language, right to
 * left in Arabic. The list is cut to what fits, with "and N more". */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-dates.h"
#include "rasid-story.h"
#include "rasid-trends-draw.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#define A4_WIDTH     595.2756
#define A4_HEIGHT    841.8898
#define MARGIN       42.0       /* 1.5 cm */
#define TEXT_WIDTH   (A4_WIDTH - 2 * MARGIN)
#define FOOTER_Y     (A4_HEIGHT - MARGIN)
#define LIST_BOTTOM  (FOOTER_Y - 14.0)
#define CHART_HEIGHT 150.0
#define CHART_KEYS   5
#define DEFAULT_DAYS 7
#define BRIEFING_MAX_STORIES 60   /* more than a page can hold */

#define FAMILIES "Noto Naskh Arabic,Noto Sans Arabic,Sans"

typedef struct {
  PangoContext *pango;
  cairo_t      *cr;
  gboolean      rtl;
  double        y;
} Page;

/* The page follows the language the briefing is written in: the
 * translation of its own name says which. */
static gboolean
language_is_rtl (void)
{
  const char *name = _("Rasid briefing");

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC)
      return TRUE;
  return FALSE;
}

static PangoLayout *
page_layout (Page *page, const char *text, const char *style, double width, gboolean auto_dir)
{
  PangoLayout *layout = pango_layout_new (page->pango);
  g_autofree char *font = g_strconcat (FAMILIES " ", style, NULL);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* The start of a line: the right in Arabic. A headline in the other
   * script flips to its own start. */
  pango_layout_set_alignment (layout, page->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_auto_dir (layout, auto_dir);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Shows @layout across the text block at the current line, and moves down. */
static void
page_show (Page *page, PangoLayout *layout, double gray)
{
  cairo_set_source_rgb (page->cr, gray, gray, gray);
  cairo_move_to (page->cr, MARGIN, page->y);
  pango_cairo_show_layout (page->cr, layout);
  page->y += layout_height (layout);
}

static void
page_text (Page *page, const char *text, const char *style, double gray)
{
  g_autoptr(PangoLayout) layout = page_layout (page, text, style, TEXT_WIDTH, FALSE);
  page_show (page, layout, gray);
}

static void
page_rule (Page *page, double gray, double width)
{
  cairo_set_source_rgb (page->cr, gray, gray, gray);
  cairo_set_line_width (page->cr, width);
  cairo_move_to (page->cr, MARGIN, page->y);
  cairo_line_to (page->cr, A4_WIDTH - MARGIN, page->y);
  cairo_stroke (page->cr);
}

/* ---- the period and the reports per day ------------------------------- */

static gint64
syria_midnight (gint64 t, int add_days)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, rasid_syria_timezone ());
  g_autoptr(GDateTime) day = g_date_time_new (rasid_syria_timezone (), g_date_time_get_year (local),
                                              g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                                              0, 0, 0);
  g_autoptr(GDateTime) shifted = g_date_time_add_days (day, add_days);

  return g_date_time_to_unix (shifted);
}

/* The chart of the reports per day (per hour for a day or three) by
 * governorate, drawn by the renderer the desk and its image export use. */
static void
draw_chart (Page *page, const RasidTrendSeries *series, RasidGazetteer *gazetteer)
{
  g_auto(GStrv) labels = rasid_trends_labels (series, gazetteer, NULL, page->rtl);
  RasidTrendsStyle style = {
    .palette = rasid_trends_palette_print (),
    .labels = (const char * const *) labels,
    .font = FAMILIES " 7.5",
    .rtl = page->rtl,
    .highlight = -1,
  };

  page_text (page, series->bucket == RASID_TREND_BUCKET_HOUR ? _("Reports per hour") : _("Reports per day"),
             "Bold 10", 0.15);
  page->y += 4;
  cairo_save (page->cr);
  cairo_translate (page->cr, MARGIN, page->y);
  rasid_trends_draw (page->cr, page->pango, series, &style, TEXT_WIDTH, CHART_HEIGHT);
  cairo_restore (page->cr);
  page->y += CHART_HEIGHT;
}

/* ---- the stories -------------------------------------------------------- */

/* By outlets, then the latest told of first. */
static char *
story_places (const RasidStory *s, RasidGazetteer *gazetteer, gboolean rtl)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < s->places->len && i < 4; i++)
    {
      const RasidPlace *p = gazetteer ? rasid_gazetteer_lookup (gazetteer, s->places->pdata[i]) : NULL;
      const char *name = p ? (rtl || p->name_en == NULL ? p->name_ar : p->name_en) : s->places->pdata[i];

      g_string_append_printf (out, "%s%s", out->len ? (rtl ? "، " : ", ") : "", name);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A name or a time set in a line of the other direction keeps its own:
 * without the isolates the figures after an Arabic outlet's name join its
 * run and are read backwards. */
static char *
isolate (const char *text)
{
  return g_strconcat ("\u2068", text, "\u2069", NULL);
}

/* Dates and times always read left to right, even at the end of an
 * Arabic line, where the bidi algorithm would otherwise reverse their parts. */
static char *
ltr (const char *text)
{
  return g_strconcat ("\u2066", text, "\u2069", NULL);
}

static char *
story_meta (const RasidStory *s, RasidGazetteer *gazetteer, gboolean rtl)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *when = rasid_export_format_local (s->first_time, "%Y-%m-%d %H:%M");
  g_autofree char *killed = rasid_story_format_range (s->killed_min, s->killed_max, TRUE);
  g_autofree char *injured = rasid_story_format_range (s->injured_min, s->injured_max, FALSE);
  g_autofree char *places = story_places (s, gazetteer, rtl);

  g_autofree char *source = isolate (s->first_source ? s->first_source : "?");
  g_autofree char *when_iso = ltr (when);

  /* TRANSLATORS: a story's first report in the briefing: its outlet, the time */
  g_string_printf (out, _("First: %s, %s"), source, when_iso);
  g_string_append (out, "  ·  ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u outlet", "%u outlets", s->n_outlets), s->n_outlets);
  if (killed)
    g_string_append_printf (out, "  ·  %s", killed);
  if (injured)
    g_string_append_printf (out, "  ·  %s", injured);
  if (*places)
    {
      g_autofree char *isolated = isolate (places);
      g_string_append_printf (out, "  ·  %s", isolated);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The latest report the filter matches, for a period left open. */
static gboolean
latest_report_time (RasidStore *store, const RasidFilter *filter, gint64 *when, GError **error)
{
  g_autoptr(GArray) ids = rasid_store_query_ids (store, filter, error);
  g_autoptr(GPtrArray) reports = NULL;

  *when = 0;
  if (ids == NULL)
    return FALSE;
  if (ids->len == 0)
    return TRUE;
  if ((reports = rasid_store_load_reports (store, (gint64 *) ids->data, 1, error)) == NULL)
    return FALSE;
  if (reports->len)
    *when = rasid_report_get_published (g_ptr_array_index (reports, 0));
  return TRUE;
}

static gboolean
cairo_error (cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Writing the PDF “%s” failed: %s", path,
               cairo_status_to_string (status));
  return FALSE;
}

/**
 * rasid_export_briefing:
 * @gazetteer: (nullable): for the places' names
 * @filter: (nullable): the reports to brief on; its since and until are the
 *   period. Left open, the period ends with the day of the latest report
 *   the filter matches and starts seven days before its end.
 * @options: the title (default: "Rasid briefing" in the desktop's language),
 *   the filter in words, overwrite; the format is not looked at
 * @n_stories: (out) (optional): the stories of the period
 *
 * Writes a one-page A4 PDF: title, filter and period in words, the number
 * of reports and stories, a bar chart of the reports per day stacked by
 * governorate (per hour for up to three days), and the top
 * stories by outlets, then reports, then recency, as many as fit, with "and N more".
 * Atomic, with the other exports' guards.
 */
gboolean
rasid_export_briefing (RasidStore *store, RasidGazetteer *gazetteer, const RasidFilter *filter,
                       const RasidExportOptions *options, const char *path, GCancellable *cancellable,
                       guint *n_stories, GError **error)
{
  g_autoptr(Exporter) ex = NULL;
  g_autoptr(RasidFilter) scope = filter ? rasid_filter_copy (filter) : rasid_filter_new ();
  g_autoptr(GArray) story_ids = NULL;
  g_autoptr(RasidTrendSeries) series = NULL;
  RasidTrendOptions trend_options = { .stack = RASID_TREND_STACK_GOVERNORATE, .top_n = CHART_KEYS };
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_story_free);
  g_autoptr(GObject) pango_owner = NULL;   /* the PangoContext */
  PangoContext *pango;
  g_autofree char *from = NULL, *to = NULL, *period = NULL, *footer = NULL;
  cairo_surface_t *surface;
  cairo_font_options_t *font_options;
  cairo_status_t status;
  const char *title, *description;
  gint64 n_reports;
  guint shown = 0, n_stories_all;
  Page page = { 0 };

  g_return_val_if_fail (RASID_IS_STORE (store), FALSE);
  g_return_val_if_fail (gazetteer == NULL || RASID_IS_GAZETTEER (gazetteer), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL && *path, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((ex = rasid_exporter_new (store, options, path, FALSE, cancellable, error)) == NULL)
    return FALSE;

  /* The period. */
  if (scope->until == 0)
    {
      gint64 latest;

      if (!latest_report_time (store, scope, &latest, error))
        return FALSE;
      scope->until = syria_midnight (latest ? latest : g_get_real_time () / G_USEC_PER_SEC, 1);
    }
  if (scope->since == 0)
    scope->since = syria_midnight (scope->until - 1, 1 - DEFAULT_DAYS);
  if (scope->since >= scope->until)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The period ends before it starts");
      return FALSE;
    }

  if ((n_reports = rasid_store_count_reports (store, scope, error)) < 0 ||
      (series = rasid_trend_series_from_sql (store, scope, &trend_options, error)) == NULL ||
      (story_ids = rasid_store_query_stories_full (store, scope, options->min_outlets,
                                                   RASID_STORY_ORDER_CORROBORATION, error)) == NULL)
    return FALSE;
  /* Ordered by outlets, then reports, then recency in SQL; a page holds
   * far fewer than BRIEFING_MAX_STORIES, so no more are read. */
  n_stories_all = story_ids->len;
  for (guint i = 0; i < MIN (story_ids->len, BRIEFING_MAX_STORIES); i++)
    {
      RasidStory *story;

      if (i % RASID_EXPORT_PAGE_SIZE == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if ((story = rasid_store_load_story (store, g_array_index (story_ids, gint64, i), error)) == NULL)
        return FALSE;
      g_ptr_array_add (stories, story);
    }

  /* The page. */
  page.rtl = language_is_rtl ();
  pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_owner = G_OBJECT (pango);
  /* Unhinted metrics at 72 dpi: one unit is one point. */
  pango_cairo_context_set_resolution (pango, 72.0);
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango, font_options);
  cairo_font_options_destroy (font_options);
  pango_context_set_base_dir (pango, page.rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  pango_context_set_language (pango, pango_language_from_string (page.rtl ? "ar" : "en"));
  page.pango = pango;

  title = options->title && *options->title ? options->title : _("Rasid briefing");
  description = options->filter_description && *options->filter_description ? options->filter_description
                                                                              : _("All reports");
  surface = cairo_pdf_surface_create (ex->tmp_path, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Rasid " PACKAGE_VERSION);
  page.cr = cairo_create (surface);
  cairo_surface_destroy (surface);
  if (!cairo_error (cairo_status (page.cr), ex->path, error))
    {
      cairo_destroy (page.cr);
      return FALSE;
    }
  page.y = MARGIN;

  page_text (&page, title, "Bold 19", 0);
  page.y += 2;
  page_text (&page, description, "10.5", 0.2);
  {
    g_autofree char *day0 = rasid_export_format_local (scope->since, "%Y-%m-%d");
    g_autofree char *day1 = rasid_export_format_local (scope->until - 1, "%Y-%m-%d");

    from = ltr (day0);
    to = ltr (day1);
  }
  /* TRANSLATORS: the briefing's period, two dates */
  period = g_strdup_printf (_("From %s to %s"), from, to);
  page_text (&page, period, "10.5", 0.2);
  {
    g_autofree char *text = NULL;
    /* Two counts, each with its own plural: printed one by one. */
    g_autofree char *a = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", (gulong) n_reports),
                                          (guint) n_reports);
    g_autofree char *b = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", n_stories_all),
                                          n_stories_all);
    text = g_strdup_printf ("%s  ·  %s", a, b);
    page_text (&page, text, "9", 0.35);
  }
  page.y += 6;
  page_rule (&page, 0.2, 1.0);
  page.y += 8;

  draw_chart (&page, series, gazetteer);
  page.y += 8;
  page_rule (&page, 0.2, 1.0);
  page.y += 8;

  page_text (&page, _("Top stories"), "Bold 12", 0.1);
  page.y += 4;
  for (guint i = 0; i < stories->len; i++)
    {
      RasidStory *s = g_ptr_array_index (stories, i);
      g_autofree char *headline = g_strdup_printf ("%u. %s", i + 1, s->headline ? s->headline : "");
      g_autofree char *meta = story_meta (s, gazetteer, page.rtl);
      g_autoptr(PangoLayout) head = page_layout (&page, headline, "Bold 10.5", TEXT_WIDTH, TRUE);
      g_autoptr(PangoLayout) line = page_layout (&page, meta, "8.5", TEXT_WIDTH, FALSE);
      double need = layout_height (head) + layout_height (line) + 7;
      double more = i + 1 < n_stories_all ? 16 : 0;   /* room kept for "and N more" */

      if (page.y + need + more > LIST_BOTTOM)
        break;
      page_show (&page, head, 0);
      page_show (&page, line, 0.35);
      page.y += 7;
      shown++;
    }
  if (n_stories_all == 0)
    page_text (&page, _("No story in this period."), "10", 0.35);
  else if (shown < n_stories_all)
    {
      guint rest = n_stories_all - shown;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more story",
                                                            "and %u more stories", rest), rest);
      page_text (&page, text, "Italic 9.5", 0.3);
    }

  /* TRANSLATORS: the foot of the briefing: when it was made */
  {
    g_autofree char *generated = ltr (ex->generated);
    footer = g_strdup_printf (_("Rasid · prepared %s (Syrian time)"), generated);
  }
  page.y = FOOTER_Y;
  page_text (&page, footer, "8", 0.45);

  cairo_show_page (page.cr);
  surface = cairo_get_target (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_destroy (page.cr);
  if (!cairo_error (status, ex->path, error) || !rasid_exporter_sync_file (ex->tmp_path, error) ||
      !rasid_exporter_commit (ex, error))
    return FALSE;
  if (n_stories)
    *n_stories = n_stories_all;
  return TRUE;
}
