/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-html.c: a self-contained right-to-left HTML briefing. */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-dates.h"

static void
html_text (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static const char html_style[] =
  "body { font-family: \"Noto Naskh Arabic\", \"Noto Sans Arabic\", \"Amiri\", serif; line-height: 1.7;\n"
  "       max-width: 48em; margin: 2em auto; padding: 0 1em; color: #1b1b1b; background: #fff; }\n"
  "h1 { font-size: 1.8em; margin-block-end: 0.2em; }\n"
  ".filter, .summary { color: #555; margin: 0.2em 0; }\n"
  ".report { border-block-start: 1px solid #ccc; padding-block: 0.8em; }\n"
  ".report h2 { font-size: 1.25em; margin: 0 0 0.3em; }\n"
  ".meta { color: #555; font-size: 0.9em; margin: 0 0 0.5em; padding: 0; list-style: none; }\n"
  ".meta li { display: inline; }\n"
  ".meta li + li::before { content: \" · \"; }\n"
  ".meta b { font-weight: 600; }\n"
  ".date, .url { direction: ltr; unicode-bidi: isolate; }\n"
  ".body p { margin: 0 0 0.6em; }\n"
  ".link { font-size: 0.9em; word-break: break-all; }\n"
  "@media print {\n"
  "  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }\n"
  "  h1 { font-size: 18pt; }\n"
  "  .report { break-inside: avoid-page; page-break-inside: avoid; }\n"
  "  .report h2 { font-size: 13pt; break-after: avoid-page; page-break-after: avoid; }\n"
  "  a { color: #000; text-decoration: none; }\n"
  "  .meta, .filter, .summary { color: #333; }\n"
  "}\n";

static gboolean
html_begin (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *title = rasid_exporter_title (ex);

  /* The policy forbids scripts and anything fetched from elsewhere, even if
   * some text ever slipped through the escaping. */
  g_string_append (out, "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        "style-src 'unsafe-inline'\">\n"
                        "<meta name=\"generator\" content=\"Rasid " PACKAGE_VERSION "\">\n<title>");
  html_text (out, title);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<div class=\"header\">\n<h1>", html_style);
  html_text (out, title);
  g_string_append (out, "</h1>\n");
  if (ex->options->filter_description && *ex->options->filter_description)
    {
      g_string_append (out, "<p class=\"filter\"><b>" LABEL_FILTER ":</b> ");
      html_text (out, ex->options->filter_description);
      g_string_append (out, "</p>\n");
    }
  g_string_append_printf (out, "<p class=\"summary\">" LABEL_COUNT ": %u · " LABEL_GENERATED
                          ": <span class=\"date\">%s</span></p>\n</div>\n", ex->n_ids, ex->generated);
  return rasid_exporter_write (ex, out, error);
}

static gboolean
html_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) fields = rasid_export_report_fields (report);
  g_autofree char *title = rasid_export_one_line (rasid_report_get_title (report));
  g_autofree char *body = rasid_export_unix_lines (rasid_report_get_body (report));
  g_autofree char *iso = rasid_format_iso8601 (rasid_report_get_published (report), NULL);
  g_auto(GStrv) paragraphs = g_strsplit (body, "\n\n", -1);
  const char *link = rasid_report_get_link (report);

  g_string_append_printf (out, "<div class=\"report\" id=\"report-%" G_GINT64_FORMAT "\">\n<h2>",
                          rasid_report_get_id (report));
  html_text (out, title);
  g_string_append (out, "</h2>\n<ul class=\"meta\">\n");
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);

      g_string_append_printf (out, "<li><b>%s:</b> ", field->label);
      if (g_str_equal (field->label, LABEL_DATE))
        {
          g_string_append_printf (out, "<span class=\"date\" title=\"%s\">", iso);
          html_text (out, field->value);
          g_string_append (out, "</span>");
        }
      else
        html_text (out, field->value);
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ul>\n<div class=\"body\">\n");
  for (guint i = 0; paragraphs[i]; i++)
    {
      g_auto(GStrv) lines = NULL;

      if (*g_strstrip (paragraphs[i]) == 0)
        continue;
      lines = g_strsplit (paragraphs[i], "\n", -1);
      g_string_append (out, "<p>");
      for (guint k = 0; lines[k]; k++)
        {
          if (k)
            g_string_append (out, "<br>\n");
          html_text (out, lines[k]);
        }
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</div>\n");
  if (link && *link)
    {
      g_string_append (out, "<p class=\"link\"><b>" LABEL_LINK ":</b> ");
      /* Only web addresses become links: no javascript:, data: or file:. */
      if (rasid_export_is_web_link (link))
        {
          g_string_append (out, "<a class=\"url\" href=\"");
          html_text (out, link);
          g_string_append (out, "\" rel=\"noreferrer noopener\">");
          html_text (out, link);
          g_string_append (out, "</a>");
        }
      else
        {
          g_string_append (out, "<span class=\"url\">");
          html_text (out, link);
          g_string_append (out, "</span>");
        }
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</div>\n");
  return rasid_exporter_write (ex, out, error);
}

static gboolean
html_end (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new ("</body>\n</html>\n");

  return rasid_exporter_write (ex, out, error) && rasid_exporter_close_out (ex, error);
}

const RasidExportWriter rasid_export_html = {
  .name = "html", .extension = "html", .passes = 1, .text = TRUE,
  .begin = html_begin, .report = html_report, .end = html_end,
};
