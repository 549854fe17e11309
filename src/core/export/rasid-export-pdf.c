/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-pdf.c: an A4 briefing laid out with Pango on cairo, twice:
 * once to count the pages, once to draw them with "page N of M". */
#include "config.h"

#include "rasid-export-private.h"
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define A4_WIDTH     595.2756
#define A4_HEIGHT    841.8898
#define MARGIN       56.0       /* 2 cm */
#define TOP          (MARGIN + 10.0)
#define BOTTOM       (A4_HEIGHT - MARGIN - 14.0)
#define TEXT_WIDTH   (A4_WIDTH - 2 * MARGIN)

/* Families in order: Pango takes the first that has the glyphs. */
#define PDF_FAMILIES "Noto Naskh Arabic,Noto Sans Arabic,Sans"

typedef struct {
  PangoContext    *pango;
  cairo_surface_t *surface;
  cairo_t         *cr;            /* NULL in the first pass, which only counts pages */
  double           y;
  guint            page;
  guint            n_pages;
} PdfState;

#define PDF(ex) ((PdfState *) (ex)->state)

static void
pdf_clear (gpointer state)
{
  PdfState *st = state;

  g_clear_pointer (&st->cr, cairo_destroy);
  g_clear_pointer (&st->surface, cairo_surface_destroy);
  g_clear_object (&st->pango);
}

static PangoLayout *
pdf_layout (Exporter *ex, const char *text, const char *style, gboolean auto_dir)
{
  PangoLayout *layout = pango_layout_new (PDF (ex)->pango);
  g_autofree char *font = g_strconcat (PDF_FAMILIES " ", style, NULL);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (TEXT_WIDTH * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* With the context's base direction RTL, RIGHT is the start of an Arabic
   * paragraph; an auto-directed English paragraph flips to the left. */
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_auto_dir (layout, auto_dir);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
pdf_color (Exporter *ex, double r, double g, double b)
{
  if (PDF (ex)->cr)
    cairo_set_source_rgb (PDF (ex)->cr, r, g, b);
}

static void
pdf_page_chrome (Exporter *ex)
{
  g_autofree char *footer = g_strdup_printf (PAGE_OF_FORMAT, PDF (ex)->page, PDF (ex)->n_pages);
  g_autoptr(PangoLayout) layout = pdf_layout (ex, footer, "9", FALSE);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (PDF (ex)->cr, 0.35, 0.35, 0.35);
  cairo_move_to (PDF (ex)->cr, MARGIN, A4_HEIGHT - MARGIN);
  pango_cairo_show_layout (PDF (ex)->cr, layout);
  if (PDF (ex)->page > 1)
    {
      g_autoptr(PangoLayout) head = pdf_layout (ex, rasid_exporter_title (ex), "8", FALSE);

      pango_layout_set_ellipsize (head, PANGO_ELLIPSIZE_END);
      cairo_move_to (PDF (ex)->cr, MARGIN, MARGIN - 18);
      pango_cairo_show_layout (PDF (ex)->cr, head);
    }
}

static void
pdf_new_page (Exporter *ex)
{
  if (PDF (ex)->cr)
    {
      pdf_page_chrome (ex);
      cairo_show_page (PDF (ex)->cr);
    }
  PDF (ex)->page++;
  PDF (ex)->y = TOP;
}

/* Places @layout line by line, starting a page where one is full; both
 * passes run this, so they agree on every page break. */
static void
pdf_flow (Exporter *ex, PangoLayout *layout, const char *link)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      int y0, y1;
      double height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      height = (double) (y1 - y0) / PANGO_SCALE;
      if (PDF (ex)->y + height > BOTTOM && PDF (ex)->y > TOP)
        pdf_new_page (ex);
      if (PDF (ex)->cr)
        {
          double baseline = (double) (pango_layout_iter_get_baseline (iter) - y0) / PANGO_SCALE;

          if (link)
            {
              g_autoptr(GString) attrs = g_string_new ("uri='");
              for (const char *p = link; *p; p++)
                {
                  if (*p == '\'' || *p == '\\')
                    g_string_append_c (attrs, '\\');
                  g_string_append_c (attrs, *p);
                }
              g_string_append_c (attrs, '\'');
              cairo_tag_begin (PDF (ex)->cr, CAIRO_TAG_LINK, attrs->str);
            }
          cairo_move_to (PDF (ex)->cr, MARGIN + (double) logical.x / PANGO_SCALE, PDF (ex)->y + baseline);
          pango_cairo_show_layout_line (PDF (ex)->cr, pango_layout_iter_get_line_readonly (iter));
          if (link)
            cairo_tag_end (PDF (ex)->cr, CAIRO_TAG_LINK);
        }
      PDF (ex)->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}


/* A horizontal rule across the text block at the current line (drawn only
 * on the pass that renders; the counting pass has no cairo context). */
static void
pdf_rule (Exporter *ex, double gray, double width)
{
  if (PDF (ex)->cr == NULL)
    return;
  cairo_set_source_rgb (PDF (ex)->cr, gray, gray, gray);
  cairo_set_line_width (PDF (ex)->cr, width);
  cairo_move_to (PDF (ex)->cr, MARGIN, PDF (ex)->y);
  cairo_line_to (PDF (ex)->cr, A4_WIDTH - MARGIN, PDF (ex)->y);
  cairo_stroke (PDF (ex)->cr);
}

static gboolean
pdf_begin (Exporter *ex, GError **error)
{
  g_autoptr(PangoLayout) title = NULL;
  g_autofree char *summary = NULL;

  if (PDF (ex)->pango == NULL)
    {
      cairo_font_options_t *font_options = cairo_font_options_create ();

      PDF (ex)->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      /* Unhinted metrics at 72 dpi: one unit is one point, and the layout
       * does not depend on the surface, so both passes match. */
      pango_cairo_context_set_resolution (PDF (ex)->pango, 72.0);
      cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (PDF (ex)->pango, font_options);
      cairo_font_options_destroy (font_options);
      pango_context_set_base_dir (PDF (ex)->pango, PANGO_DIRECTION_RTL);
      pango_context_set_language (PDF (ex)->pango, pango_language_from_string ("ar"));
    }

  if (ex->pass == 1)
    {
      PDF (ex)->n_pages = PDF (ex)->page;
      PDF (ex)->surface = cairo_pdf_surface_create (ex->tmp_path, A4_WIDTH, A4_HEIGHT);
      cairo_pdf_surface_set_metadata (PDF (ex)->surface, CAIRO_PDF_METADATA_TITLE, rasid_exporter_title (ex));
      cairo_pdf_surface_set_metadata (PDF (ex)->surface, CAIRO_PDF_METADATA_CREATOR, "Rasid " PACKAGE_VERSION);
      PDF (ex)->cr = cairo_create (PDF (ex)->surface);
      if (cairo_status (PDF (ex)->cr) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the PDF “%s”: %s", ex->path,
                       cairo_status_to_string (cairo_status (PDF (ex)->cr)));
          return FALSE;
        }
    }
  PDF (ex)->page = 1;
  PDF (ex)->y = MARGIN;

  title = pdf_layout (ex, rasid_exporter_title (ex), "Bold 20", FALSE);
  pdf_color (ex, 0, 0, 0);
  pdf_flow (ex, title, NULL);
  PDF (ex)->y += 4;
  if (ex->options->filter_description && *ex->options->filter_description)
    {
      g_autofree char *text = g_strdup_printf (LABEL_FILTER ": %s", ex->options->filter_description);
      g_autoptr(PangoLayout) filter = pdf_layout (ex, text, "11", FALSE);

      pdf_color (ex, 0.25, 0.25, 0.25);
      pdf_flow (ex, filter, NULL);
    }
  summary = g_strdup_printf (LABEL_COUNT ": %u  ·  " LABEL_GENERATED ": %s", ex->n_ids, ex->generated);
  {
    g_autoptr(PangoLayout) layout = pdf_layout (ex, summary, "9", FALSE);
    pdf_color (ex, 0.35, 0.35, 0.35);
    pdf_flow (ex, layout, NULL);
  }
  PDF (ex)->y += 8;
  pdf_rule (ex, 0.2, 1.0);
  PDF (ex)->y += 10;
  return TRUE;
}

static gboolean
pdf_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GPtrArray) fields = rasid_export_report_fields (report);
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *title_text = rasid_export_one_line (rasid_report_get_title (report));
  g_autofree char *body_text = rasid_export_unix_lines (rasid_report_get_body (report));
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  const char *link = rasid_report_get_link (report);

  /* A title is never left alone at the foot of a page. */
  if (PDF (ex)->y + 60 > BOTTOM && PDF (ex)->y > TOP)
    pdf_new_page (ex);

  title = pdf_layout (ex, title_text, "Bold 13", TRUE);
  pdf_color (ex, 0, 0, 0);
  pdf_flow (ex, title, NULL);
  PDF (ex)->y += 2;

  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);
      g_autofree char *value = rasid_export_one_line (field->value);

      g_string_append_printf (meta, "%s%s: %s", i ? "  ·  " : "", field->label, value);
    }
  layout = pdf_layout (ex, meta->str, "9", FALSE);
  pdf_color (ex, 0.3, 0.3, 0.3);
  pdf_flow (ex, layout, NULL);
  g_clear_object (&layout);

  g_strstrip (body_text);
  if (*body_text)
    {
      PDF (ex)->y += 3;
      layout = pdf_layout (ex, body_text, "10.5", TRUE);
      pdf_color (ex, 0.1, 0.1, 0.1);
      pdf_flow (ex, layout, NULL);
      g_clear_object (&layout);
    }
  if (link && *link)
    {
      PDF (ex)->y += 2;
      layout = pdf_layout (ex, link, "8.5", TRUE);
      pdf_color (ex, 0.1, 0.3, 0.65);
      pdf_flow (ex, layout, rasid_export_is_web_link (link) ? link : NULL);
      g_clear_object (&layout);
    }

  PDF (ex)->y += 6;
  if (PDF (ex)->y < BOTTOM)
    pdf_rule (ex, 0.8, 0.5);
  PDF (ex)->y += 10;
  return TRUE;
}

static gboolean
pdf_end (Exporter *ex, GError **error)
{
  cairo_status_t status;

  if (ex->pass == 0)
    return TRUE;      /* the page count is known now */
  pdf_page_chrome (ex);
  cairo_show_page (PDF (ex)->cr);
  g_clear_pointer (&PDF (ex)->cr, cairo_destroy);
  cairo_surface_finish (PDF (ex)->surface);
  status = cairo_surface_status (PDF (ex)->surface);
  g_clear_pointer (&PDF (ex)->surface, cairo_surface_destroy);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Writing the PDF “%s” failed: %s", ex->path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return rasid_exporter_sync_file (ex->tmp_path, error);
}

const RasidExportWriter rasid_export_pdf = {
  .name = "pdf", .extension = "pdf", .passes = 2, .text = FALSE,
  .state_size = sizeof (PdfState), .clear = pdf_clear,
  .begin = pdf_begin, .report = pdf_report, .end = pdf_end,
};
