/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-xlsx.c: one row per report in an Excel workbook, written
 * with constant memory. */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-dates.h"

#include <string.h>
#include <xlsxwriter.h>

typedef struct {
  lxw_workbook  *workbook;
  lxw_worksheet *sheet;
  lxw_format    *header_format;
  lxw_format    *date_format;
  guint          row;
  guint          n_links;
} XlsxState;

#define XLSX(ex) ((XlsxState *) (ex)->state)

static void
xlsx_clear (gpointer state)
{
  XlsxState *st = state;

  /* Freed, not closed: closing would write the whole workbook first. */
  g_clear_pointer (&st->workbook, lxw_workbook_free);
}

/* Excel's own limits: longer strings and links make the file unreadable. */
#define XLSX_MAX_STRING 32767
#define XLSX_MAX_URL 2079

gboolean
rasid_export_xlsx_check (int status, GError **error)
{
  if (status == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Writing the spreadsheet failed: %s", lxw_strerror (status));
  return FALSE;
}

/* A cell's text as every reader sees it: neutralised, with "\n" line ends
 * and no other control characters (libxlsxwriter writes those as _xHHHH_
 * escapes, which only Excel decodes), no longer than a cell holds. */
char *
rasid_export_xlsx_text (const char *text)
{
  g_autofree char *safe = rasid_export_neutralize_cell (text);
  g_autofree char *lines = rasid_export_unix_lines (safe);
  g_autoptr(GString) out = g_string_new (NULL);
  glong n = 0;

  for (const char *p = lines; *p && n < XLSX_MAX_STRING; p = g_utf8_next_char (p), n++)
    {
      if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
        continue;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
xlsx_begin (Exporter *ex, GError **error)
{
  /* Constant memory: rows go to disk as they are written. */
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE };
  static const double widths[N_COLUMNS] = {
    8, 20, 18, 60, 80, 40, 12, 16, 16, 12, 16, 16, 12, 16, 16, 30, 30, 20, 8, 8, 20,
  };

  XLSX (ex)->workbook = workbook_new_opt (ex->tmp_path, &options);
  if (XLSX (ex)->workbook == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the spreadsheet “%s”", ex->path);
      return FALSE;
    }
  if (!rasid_export_xlsx_check (workbook_set_properties (XLSX (ex)->workbook, &(lxw_doc_properties) {
                      .title = (char *) rasid_exporter_title (ex),
                      .comments = ex->options->filter_description,
                    }), error))
    return FALSE;
  XLSX (ex)->sheet = workbook_add_worksheet (XLSX (ex)->workbook, "التقارير");
  worksheet_right_to_left (XLSX (ex)->sheet);
  worksheet_freeze_panes (XLSX (ex)->sheet, 1, 0);

  XLSX (ex)->header_format = workbook_add_format (XLSX (ex)->workbook);
  format_set_bold (XLSX (ex)->header_format);
  format_set_bg_color (XLSX (ex)->header_format, 0xE8ECEF);
  format_set_bottom (XLSX (ex)->header_format, LXW_BORDER_THIN);
  XLSX (ex)->date_format = workbook_add_format (XLSX (ex)->workbook);
  format_set_num_format (XLSX (ex)->date_format, "yyyy-mm-dd hh:mm");

  for (guint i = 0; i < N_COLUMNS; i++)
    if (!rasid_export_xlsx_check (worksheet_set_column (XLSX (ex)->sheet, i, i, widths[i], NULL), error) ||
        !rasid_export_xlsx_check (worksheet_write_string (XLSX (ex)->sheet, 0, i, rasid_export_column_names[i], XLSX (ex)->header_format), error))
      return FALSE;
  XLSX (ex)->row = 1;
  return TRUE;
}

static gboolean
xlsx_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_auto(Row) row = { { 0 } };
  lxw_row_t r = XLSX (ex)->row++;

  rasid_export_row_fill (ex, report, &row);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      const char *cell = row.cell[i];
      lxw_error status = LXW_NO_ERROR;

      if (cell == NULL || *cell == 0)
        continue;
      switch (i)
        {
        case COL_ID:
        case COL_KILLED:
        case COL_INJURED:
          status = worksheet_write_number (XLSX (ex)->sheet, r, i, g_ascii_strtod (cell, NULL), NULL);
          break;

        case COL_PUBLISHED:
          {
            /* Excel dates have no zone: the wall clock in Syria, as read there. */
            g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (rasid_report_get_published (report));
            g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, rasid_syria_timezone ());
            lxw_datetime when = {
              g_date_time_get_year (local), g_date_time_get_month (local), g_date_time_get_day_of_month (local),
              g_date_time_get_hour (local), g_date_time_get_minute (local), g_date_time_get_second (local),
            };
            status = worksheet_write_datetime (XLSX (ex)->sheet, r, i, &when, XLSX (ex)->date_format);
          }
          break;

        case COL_LINK:
          if (rasid_export_is_web_link (cell) && strlen (cell) <= XLSX_MAX_URL && XLSX (ex)->n_links < LXW_MAX_NUMBER_URLS)
            {
              XLSX (ex)->n_links++;
              status = worksheet_write_url (XLSX (ex)->sheet, r, i, cell, NULL);
              break;
            }
          G_GNUC_FALLTHROUGH;

        default:
          {
            g_autofree char *text = rasid_export_xlsx_text (cell);
            status = worksheet_write_string (XLSX (ex)->sheet, r, i, text, NULL);
          }
          break;
        }
      if (!rasid_export_xlsx_check (status, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
xlsx_end (Exporter *ex, GError **error)
{
  lxw_workbook *workbook = g_steal_pointer (&XLSX (ex)->workbook);

  worksheet_autofilter (XLSX (ex)->sheet, 0, 0, XLSX (ex)->row - 1, N_COLUMNS - 1);
  return rasid_export_xlsx_check (workbook_close (workbook), error) && rasid_exporter_sync_file (ex->tmp_path, error);
}

const RasidExportWriter rasid_export_xlsx = {
  .name = "xlsx", .extension = "xlsx", .passes = 1, .text = FALSE,
  .state_size = sizeof (XlsxState), .clear = xlsx_clear,
  .begin = xlsx_begin, .report = xlsx_report, .end = xlsx_end,
};
