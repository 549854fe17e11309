/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-events.c: stories as an event table in ACLED's columns, as
 * CSV or XLSX, written through the exporter like the report table (atomic,
 * never over the database); and the thread both this and the briefing run
 * in for the window. The cells are rasid_story_event_row()'s. */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-csv.h"
#include "rasid-dates.h"
#include "rasid-story-events.h"

#include <xlsxwriter.h>

static gboolean
events_csv_row (Exporter *ex, const char *const *cells, gboolean neutralize, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < RASID_EVENT_N_COLUMNS; c++)
    {
      g_autofree char *safe = neutralize ? rasid_export_neutralize_cell (cells[c]) : g_strdup (cells[c]);

      if (c)
        g_string_append_c (out, ',');
      rasid_csv_append_field (out, safe);
    }
  g_string_append (out, "\r\n");   /* RFC 4180 */
  return rasid_exporter_write (ex, out, error);
}

typedef struct {
  lxw_workbook  *workbook;
  lxw_worksheet *sheet;
  lxw_format    *header, *date;
} EventsXlsx;

static void
events_xlsx_clear (EventsXlsx *x)
{
  /* Freed, not closed: closing would write the whole workbook first. */
  g_clear_pointer (&x->workbook, lxw_workbook_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EventsXlsx, events_xlsx_clear)

static gboolean
events_xlsx_begin (Exporter *ex, EventsXlsx *x, GError **error)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE };
  static const double widths[RASID_EVENT_N_COLUMNS] = {
    12, 6, 8, 24, 28, 30, 14, 30, 14, 10, 16, 6, 12, 8, 16, 18, 18, 20, 10, 10, 8, 40, 10, 80, 8, 24, 12,
  };

  if ((x->workbook = workbook_new_opt (ex->tmp_path, &options)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the spreadsheet “%s”", ex->path);
      return FALSE;
    }
  if (!rasid_export_xlsx_check (workbook_set_properties (x->workbook, &(lxw_doc_properties) {
                                  .title = (char *) rasid_exporter_title (ex),
                                  .comments = ex->options->filter_description,
                                }), error))
    return FALSE;
  x->sheet = workbook_add_worksheet (x->workbook, "events");
  worksheet_right_to_left (x->sheet);
  worksheet_freeze_panes (x->sheet, 1, 0);
  x->header = workbook_add_format (x->workbook);
  format_set_bold (x->header);
  format_set_bg_color (x->header, 0xE8ECEF);
  format_set_bottom (x->header, LXW_BORDER_THIN);
  x->date = workbook_add_format (x->workbook);
  format_set_num_format (x->date, "yyyy-mm-dd");
  for (guint c = 0; c < RASID_EVENT_N_COLUMNS; c++)
    if (!rasid_export_xlsx_check (worksheet_set_column (x->sheet, c, c, widths[c], NULL), error) ||
        !rasid_export_xlsx_check (worksheet_write_string (x->sheet, 0, c, rasid_story_event_columns[c], x->header), error))
      return FALSE;
  return TRUE;
}

static gboolean
events_xlsx_row (EventsXlsx *x, lxw_row_t r, const char *const *cells, GError **error)
{
  for (guint c = 0; c < RASID_EVENT_N_COLUMNS; c++)
    {
      const char *cell = cells[c];
      lxw_error status;

      if (*cell == 0)
        continue;
      switch (c)
        {
        case RASID_EVENT_COL_DATE:
          {
            /* A real date, as ACLED's own sheets have it. */
            lxw_datetime when = { 0 };
            if (sscanf (cell, "%d-%d-%d", &when.year, &when.month, &when.day) != 3)
              goto text;
            status = worksheet_write_datetime (x->sheet, r, c, &when, x->date);
          }
          break;

        case RASID_EVENT_COL_YEAR:
        case RASID_EVENT_COL_TIME_PRECISION:
        case RASID_EVENT_COL_ISO:
        case RASID_EVENT_COL_LATITUDE:
        case RASID_EVENT_COL_LONGITUDE:
        case RASID_EVENT_COL_GEO_PRECISION:
        case RASID_EVENT_COL_FATALITIES:
        case RASID_EVENT_COL_TIMESTAMP:
          status = worksheet_write_number (x->sheet, r, c, g_ascii_strtod (cell, NULL), NULL);
          break;

        default:
        text:
          {
            g_autofree char *text = rasid_export_xlsx_text (cell);
            status = worksheet_write_string (x->sheet, r, c, text, NULL);
          }
          break;
        }
      if (!rasid_export_xlsx_check (status, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rasid_export_events:
 * @gazetteer: for the admin names, coordinates and precision
 * @actors: (nullable): for the actors' names
 * @story_ids: (element-type gint64): the stories, in the order of the rows
 * @options: @options->format is RASID_EXPORT_CSV or RASID_EXPORT_XLSX
 * @n_events: (out) (optional): the rows written (stories whose event ACLED
 *   does not record are left out)
 *
 * Writes the stories as an event table in ACLED's columns and order
 * (docs/stories.md), to a temporary file beside @path renamed into place at
 * the end, with the report table's guards.
 */
gboolean
rasid_export_events (RasidStore *store, RasidGazetteer *gazetteer, RasidActors *actors, GArray *story_ids,
                     const RasidExportOptions *options, const char *path, GCancellable *cancellable,
                     guint *n_events, GError **error)
{
  g_autoptr(Exporter) ex = NULL;
  g_auto(EventsXlsx) x = { 0 };
  gboolean csv;
  guint n = 0;

  g_return_val_if_fail (RASID_IS_STORE (store), FALSE);
  g_return_val_if_fail (RASID_IS_GAZETTEER (gazetteer), FALSE);
  g_return_val_if_fail (story_ids != NULL && g_array_get_element_size (story_ids) == sizeof (gint64), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (options->format == RASID_EXPORT_CSV || options->format == RASID_EXPORT_XLSX, FALSE);
  g_return_val_if_fail (path != NULL && *path, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv = options->format == RASID_EXPORT_CSV;
  if ((ex = rasid_exporter_new (store, options, path, csv, cancellable, error)) == NULL)
    return FALSE;
  if (csv)
    {
      g_autoptr(GString) bom = g_string_new (options->bom ? "\xEF\xBB\xBF" : "");

      if (!rasid_exporter_write (ex, bom, error) ||
          !events_csv_row (ex, rasid_story_event_columns, FALSE, error))
        return FALSE;
    }
  else if (!events_xlsx_begin (ex, &x, error))
    return FALSE;

  for (guint i = 0; i < story_ids->len; i++)
    {
      g_autoptr(RasidStory) story = NULL;
      g_auto(GStrv) cells = NULL;

      if (i % RASID_EXPORT_PAGE_SIZE == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if ((story = rasid_store_load_story (store, g_array_index (story_ids, gint64, i), error)) == NULL)
        return FALSE;
      if ((cells = rasid_story_event_row (story, gazetteer, actors)) == NULL)
        continue;
      /* Headlines and outlet names come from feeds: a cell stays text. */
      if (csv ? !events_csv_row (ex, (const char *const *) cells, TRUE, error)
              : !events_xlsx_row (&x, n + 1, (const char *const *) cells, error))
        return FALSE;
      n++;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (csv)
    {
      if (!rasid_exporter_text_end (ex, error))
        return FALSE;
    }
  else
    {
      worksheet_autofilter (x.sheet, 0, 0, n, RASID_EVENT_N_COLUMNS - 1);
      if (!rasid_export_xlsx_check (workbook_close (g_steal_pointer (&x.workbook)), error) ||
          !rasid_exporter_sync_file (ex->tmp_path, error))
        return FALSE;
    }
  if (!rasid_exporter_commit (ex, error))
    return FALSE;
  if (n_events)
    *n_events = n;
  return TRUE;
}

/* ---- in a thread, for the window: the events and the briefing ----------- */

typedef struct {
  char               *db_path;
  RasidFilter        *filter;
  RasidExportOptions *options;
  char               *path;
  gboolean            briefing;
} StoryJob;

static void
story_job_free (StoryJob *job)
{
  g_free (job->db_path);
  rasid_filter_free (job->filter);
  rasid_export_options_free (job->options);
  g_free (job->path);
  g_free (job);
}

static void
story_job_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  StoryJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidGazetteer) gazetteer = NULL;
  g_autoptr(RasidActors) actors = NULL;
  g_autoptr(GArray) ids = NULL;
  guint n = 0;
  gboolean ok;

  /* Its own connection, gazetteer and actors: nothing shared with the
   * main thread while it runs. */
  if ((store = rasid_store_open (job->db_path, &error)) == NULL ||
      (gazetteer = rasid_gazetteer_new_default (&error)) == NULL)
    ok = FALSE;
  else if (job->briefing)
    ok = rasid_export_briefing (store, gazetteer, job->filter, job->options, job->path, cancellable, &n, &error);
  else
    ok = (actors = rasid_actors_new_default (&error)) != NULL &&
         (ids = rasid_store_query_stories_full (store, job->filter, job->options->min_outlets,
                                                RASID_STORY_ORDER_NEWEST, &error)) != NULL &&
         rasid_export_events (store, gazetteer, actors, ids, job->options, job->path, cancellable, &n, &error);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n);
}

static void
story_job_start (gpointer source_tag, gboolean briefing, const char *db_path, const RasidFilter *filter,
                 const RasidExportOptions *options, const char *path, GCancellable *cancellable,
                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  StoryJob *job = g_new0 (StoryJob, 1);

  job->db_path = g_strdup (db_path);
  job->filter = filter ? rasid_filter_copy (filter) : rasid_filter_new ();
  job->options = rasid_export_options_copy (options);
  job->path = g_strdup (path);
  job->briefing = briefing;
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, briefing ? "rasid-export-briefing" : "rasid-export-events");
  /* The result says whether the file was written, even if a cancel came
   * after the rename. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) story_job_free);
  g_task_run_in_thread (task, story_job_thread);
}

static gboolean
story_job_finish (GAsyncResult *result, gpointer source_tag, guint *n, GError **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (n)
    *n = value;
  return TRUE;
}

/**
 * rasid_export_events_async:
 * @db_path: the cache to read, opened anew in the worker thread
 * @filter: (nullable): the stories with a report matching it
 *   (rasid_store_query_stories()); copied
 *
 * rasid_store_query_stories() and rasid_export_events() in a thread.
 */
void
rasid_export_events_async (const char *db_path, const RasidFilter *filter, const RasidExportOptions *options,
                           const char *path, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (db_path != NULL && options != NULL && path != NULL);
  g_return_if_fail (options->format == RASID_EXPORT_CSV || options->format == RASID_EXPORT_XLSX);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  story_job_start (rasid_export_events_async, FALSE, db_path, filter, options, path, cancellable, callback,
                   user_data);
}

gboolean
rasid_export_events_finish (GAsyncResult *result, guint *n_events, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return story_job_finish (result, rasid_export_events_async, n_events, error);
}

/**
 * rasid_export_briefing_async:
 * @db_path: the cache to read, opened anew in the worker thread
 * @filter: (nullable): as for rasid_export_briefing(); copied
 *
 * rasid_export_briefing() in a thread.
 */
void
rasid_export_briefing_async (const char *db_path, const RasidFilter *filter, const RasidExportOptions *options,
                             const char *path, GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (db_path != NULL && options != NULL && path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  story_job_start (rasid_export_briefing_async, TRUE, db_path, filter, options, path, cancellable, callback,
                   user_data);
}

gboolean
rasid_export_briefing_finish (GAsyncResult *result, guint *n_stories, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return story_job_finish (result, rasid_export_briefing_async, n_stories, error);
}
