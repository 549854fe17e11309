/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-markdown.c: a Markdown briefing, its text escaped so that a
 * headline never becomes markup. */
#include "config.h"

#include "rasid-export-private.h"

#include <string.h>

/* CommonMark: any ASCII punctuation may be backslash-escaped. Escape what
 * could start markup anywhere, and what starts a block at a line's start. */
static void
md_text (GString *out, const char *text)
{
  gboolean line_start = TRUE;

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (line_start)
        {
          const char *q = p;

          while (g_ascii_isdigit (*q))
            q++;
          if (strchr ("#+-=", *p) && *p)
            g_string_append_c (out, '\\');
          else if (q > p && (*q == '.' || *q == ')'))
            {
              g_string_append_len (out, p, q - p);
              g_string_append_c (out, '\\');
              p = q;
            }
        }
      if (strchr ("\\`*_[]<>|~&!", *p) && *p)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
      line_start = *p == '\n';
    }
}

static gboolean
md_begin (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new ("# ");
  g_autofree char *title = rasid_export_one_line (rasid_exporter_title (ex));

  md_text (out, title);
  g_string_append (out, "\n\n");
  if (ex->options->filter_description && *ex->options->filter_description)
    {
      g_autofree char *filter = rasid_export_one_line (ex->options->filter_description);
      g_string_append (out, "**" LABEL_FILTER ":** ");
      md_text (out, filter);
      g_string_append (out, "\n\n");
    }
  g_string_append_printf (out, "**" LABEL_COUNT ":** %u · **" LABEL_GENERATED ":** %s\n", ex->n_ids, ex->generated);
  return rasid_exporter_write (ex, out, error);
}

static gboolean
md_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GString) out = g_string_new ("\n---\n\n## ");
  g_autoptr(GPtrArray) fields = rasid_export_report_fields (report);
  g_autofree char *title = rasid_export_one_line (rasid_report_get_title (report));
  g_autofree char *body = rasid_export_unix_lines (rasid_report_get_body (report));
  g_auto(GStrv) paragraphs = g_strsplit (body, "\n\n", -1);
  const char *link = rasid_report_get_link (report);

  md_text (out, title);
  g_string_append (out, "\n\n");
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);
      g_autofree char *value = rasid_export_one_line (field->value);

      g_string_append_printf (out, "- **%s:** ", field->label);
      md_text (out, value);
      g_string_append_c (out, '\n');
    }
  if (link && *link)
    {
      g_string_append (out, "- **" LABEL_LINK ":** ");
      /* An autolink cannot hold spaces or angle brackets. */
      if (rasid_export_is_web_link (link) && strpbrk (link, " <>\t\r\n") == NULL)
        g_string_append_printf (out, "<%s>", link);
      else
        md_text (out, link);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; paragraphs[i]; i++)
    {
      if (*g_strstrip (paragraphs[i]) == 0)
        continue;
      g_string_append_c (out, '\n');
      md_text (out, paragraphs[i]);
      g_string_append_c (out, '\n');
    }
  return rasid_exporter_write (ex, out, error);
}

const RasidExportWriter rasid_export_markdown = {
  .name = "md", .extension = "md", .passes = 1, .text = TRUE,
  .begin = md_begin, .report = md_report, .end = rasid_exporter_text_end,
};
