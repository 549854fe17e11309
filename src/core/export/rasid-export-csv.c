/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-csv.c: one row per report, RFC 4180, for any spreadsheet. */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-csv.h"

static gboolean
csv_begin (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new (ex->options->bom ? "\xEF\xBB\xBF" : "");

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      rasid_csv_append_field (out, rasid_export_column_names[i]);
    }
  g_string_append (out, "\r\n");   /* RFC 4180 */
  return rasid_exporter_write (ex, out, error);
}

static gboolean
csv_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_auto(Row) row = { { 0 } };
  g_autoptr(GString) out = g_string_new (NULL);

  rasid_export_row_fill (ex, report, &row);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autofree char *safe = rasid_export_neutralize_cell (row.cell[i]);

      if (i)
        g_string_append_c (out, ',');
      rasid_csv_append_field (out, safe);
    }
  g_string_append (out, "\r\n");
  return rasid_exporter_write (ex, out, error);
}

const RasidExportWriter rasid_export_csv = {
  .name = "csv", .extension = "csv", .passes = 1, .text = TRUE,
  .begin = csv_begin, .report = csv_report, .end = rasid_exporter_text_end,
};
