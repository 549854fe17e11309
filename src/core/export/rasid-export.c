/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export.c: selected reports handed on as CSV, XLSX, JSON, GeoJSON,
 * HTML, PDF or Markdown. Reports are read from the store a page at a time
 * and written to a temporary file beside the destination, renamed into
 * place only when everything was written. Each format is a writer in its
 * own file (rasid-export-private.h). */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-dates.h"
#include "rasid-report-json.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* The formats, in the order of RasidExportFormat: adding one is one file
 * (rasid-export-NAME.c) and one line here. */
static const RasidExportWriter *const writers[] = {
  [RASID_EXPORT_CSV]      = &rasid_export_csv,
  [RASID_EXPORT_XLSX]     = &rasid_export_xlsx,
  [RASID_EXPORT_JSON]     = &rasid_export_json,
  [RASID_EXPORT_GEOJSON]  = &rasid_export_geojson,
  [RASID_EXPORT_HTML]     = &rasid_export_html,
  [RASID_EXPORT_PDF]      = &rasid_export_pdf,
  [RASID_EXPORT_MARKDOWN] = &rasid_export_markdown,
};

gboolean
rasid_export_format_from_string (const char *text, RasidExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    if (g_ascii_strcasecmp (text, writers[i]->name) == 0)
      {
        *format = i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (text, "markdown") == 0)
    {
      *format = RASID_EXPORT_MARKDOWN;
      return TRUE;
    }
  return FALSE;
}

const char *
rasid_export_format_to_string (RasidExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (writers), NULL);
  return writers[format]->name;
}

const char *
rasid_export_format_extension (RasidExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (writers), NULL);
  return writers[format]->extension;
}

RasidExportOptions *
rasid_export_options_new (RasidExportFormat format)
{
  RasidExportOptions *options;

  g_return_val_if_fail (format < G_N_ELEMENTS (writers), NULL);

  options = g_new0 (RasidExportOptions, 1);
  options->format = format;
  /* Without the mark, spreadsheet programs read UTF-8 CSV as a legacy
   * code page and show the Arabic as mojibake. */
  options->bom = TRUE;
  return options;
}

RasidExportOptions *
rasid_export_options_copy (const RasidExportOptions *options)
{
  RasidExportOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);
  copy = g_memdup2 (options, sizeof *options);
  copy->title = g_strdup (options->title);
  copy->filter_description = g_strdup (options->filter_description);
  return copy;
}

void
rasid_export_options_free (RasidExportOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->title);
  g_free (options->filter_description);
  g_free (options);
}

/**
 * rasid_export_neutralize_cell:
 *
 * A spreadsheet runs a cell starting with = + - @ (and, in some programs,
 * after a tab or carriage return) as a formula; a report title from a
 * hostile feed must stay text. OWASP's advice: prefix a single quote.
 *
 * Returns: (transfer full) (nullable): @text, safe for a spreadsheet cell.
 */
char *
rasid_export_neutralize_cell (const char *text)
{
  if (text == NULL)
    return NULL;
  if (text[0] != 0 && strchr ("=+-@\t\r", text[0]) != NULL)
    return g_strconcat ("'", text, NULL);
  return g_strdup (text);
}

/* ---- the exporter ------------------------------------------------------- */

void
rasid_exporter_free (Exporter *ex)
{
  g_clear_pointer (&ex->out, fclose);
  if (ex->state && ex->writer && ex->writer->clear)
    ex->writer->clear (ex->state);
  g_free (ex->state);
  if (ex->tmp_path && !ex->committed)
    g_unlink (ex->tmp_path);
  g_free (ex->tmp_path);
  g_free (ex->path);
  g_free (ex->generated);
  g_free (ex->generated_iso);
  g_free (ex);
}

const char *
rasid_exporter_title (Exporter *ex)
{
  return ex->options->title && *ex->options->title ? ex->options->title : DEFAULT_TITLE;
}

gboolean
rasid_exporter_errno_error (GError **error, int saved_errno, const char *what, const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s “%s”: %s",
               what, display, g_strerror (saved_errno));
  return FALSE;
}

/* A hidden temporary file in the destination's folder, so the final rename
 * stays on one file system and is atomic. */
static gboolean
exporter_open_temp (Exporter *ex, gboolean keep_open, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (ex->path);
  g_autofree char *base = g_path_get_basename (ex->path);
  int fd;

  ex->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  /* 0666 under the umask: an export is an ordinary document, not a secret. */
  fd = g_mkstemp_full (ex->tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_clear_pointer (&ex->tmp_path, g_free);
      return rasid_exporter_errno_error (error, saved_errno, "Cannot write in", dir);
    }
  if (!keep_open)
    {
      close (fd);
      return TRUE;
    }
  ex->out = fdopen (fd, "wb");
  if (ex->out == NULL)
    {
      int saved_errno = errno;
      close (fd);
      return rasid_exporter_errno_error (error, saved_errno, "Cannot write", ex->tmp_path);
    }
  return TRUE;
}

/* Flushes and closes the text output, reporting a full disk here rather
 * than leaving a truncated file behind. */
gboolean
rasid_exporter_close_out (Exporter *ex, GError **error)
{
  FILE *out = g_steal_pointer (&ex->out);
  gboolean failed;
  int saved_errno;

  failed = fflush (out) != 0 || ferror (out) || fsync (fileno (out)) != 0;
  saved_errno = errno;
  if (fclose (out) != 0 && !failed)
    {
      failed = TRUE;
      saved_errno = errno;
    }
  if (failed)
    return rasid_exporter_errno_error (error, saved_errno ? saved_errno : EIO, "Cannot write", ex->path);
  return TRUE;
}

gboolean
rasid_exporter_write (Exporter *ex, const GString *text, GError **error)
{
  if (fwrite (text->str, 1, text->len, ex->out) != text->len)
    return rasid_exporter_errno_error (error, errno ? errno : EIO, "Cannot write", ex->path);
  return TRUE;
}

gboolean
rasid_exporter_text_end (Exporter *ex, GError **error)
{
  return rasid_exporter_close_out (ex, error);
}

gboolean
rasid_exporter_sync_file (const char *path, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      return rasid_exporter_errno_error (error, saved_errno, "Cannot write", path);
    }
  close (fd);
  return TRUE;
}

/* Sets "“@path” @problem" as @code in G_IO_ERROR; returns FALSE. */
static gboolean
path_error (const char *path, GIOErrorEnum code, const char *problem, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, code, "“%s” %s", display, problem);
  return FALSE;
}

static gboolean
exists_error (const char *path, GError **error)
{
  return path_error (path, G_IO_ERROR_EXISTS, "already exists; choose another name or allow replacing it", error);
}

static gboolean
same_inode (const GStatBuf *a, const GStatBuf *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* @a and @b name the same directory entry: the same file now, or (for a
 * name that does not exist yet) the same name in the same folder, however
 * either path reaches it through symbolic links. Only stat(): opening and
 * closing the database file would drop SQLite's locks on it. */
static gboolean
same_entry (const char *a, const char *b)
{
  g_autofree char *dir_a = g_path_get_dirname (a), *dir_b = g_path_get_dirname (b);
  g_autofree char *base_a = g_path_get_basename (a), *base_b = g_path_get_basename (b);
  GStatBuf sa, sb;

  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return same_inode (&sa, &sb);
  return g_str_equal (base_a, base_b) && g_stat (dir_a, &sa) == 0 && g_stat (dir_b, &sb) == 0 &&
         same_inode (&sa, &sb);
}

/* Never write over the cache being read, nor over its journal, WAL or
 * shared memory: a rename there replaces the database under its live
 * connections. SQLite follows a symbolic link to the database and keeps its
 * -wal and -shm beside the real file, so both names are guarded. */
static gboolean
check_not_database (const char *db_path, const char *path, GError **error)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *real = realpath (db_path, NULL);
  const char *bases[] = { db_path, real };

  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    for (guint i = 0; bases[b] && i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *name = g_strconcat (bases[b], suffixes[i], NULL);

        if (same_entry (name, path))
          {
            g_autofree char *display = g_filename_display_name (path);
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "“%s” is Rasid's database or one of its files; an export never writes over it", display);
            return FALSE;
          }
      }
  return TRUE;
}

/* What may stand at @path before an export takes its place: nothing, or a
 * regular file when @overwrite. A device, a pipe, a socket or a symbolic
 * link would be replaced by a file, not written to. */
static gboolean
check_destination (const char *path, gboolean overwrite, GError **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return TRUE;
  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "“%s” is a folder", display);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    return path_error (path, G_IO_ERROR_NOT_REGULAR_FILE,
                       "is not a regular file; an export replaces only regular files", error);
  if (!overwrite)
    return exists_error (path, error);
  return TRUE;
}

/* Moves the finished temporary file into place. Without overwrite a hard
 * link claims the name atomically, so a file that appeared meanwhile is
 * never replaced either. */
gboolean
rasid_exporter_commit (Exporter *ex, GError **error)
{
  if (!ex->options->overwrite)
    {
      if (link (ex->tmp_path, ex->path) == 0)
        {
          ex->committed = TRUE;
          g_unlink (ex->tmp_path);
          return TRUE;
        }
      if (errno == EEXIST)
        return exists_error (ex->path, error);
      /* FAT and exFAT (USB sticks) have no hard links: check, then rename. */
      if (g_file_test (ex->path, G_FILE_TEST_EXISTS))
        return exists_error (ex->path, error);
    }
  /* Whatever appeared there while the reports were written is looked at
   * again: the rename would replace it. */
  else if (!check_destination (ex->path, TRUE, error))
    return FALSE;
  if (g_rename (ex->tmp_path, ex->path) != 0)
    return rasid_exporter_errno_error (error, errno, "Cannot write", ex->path);
  ex->committed = TRUE;
  return TRUE;
}

/**
 * rasid_exporter_new:
 * @text: open the temporary file for rasid_exporter_write()
 *
 * Checks that @path may take an export (not the database nor one of its
 * files; nothing there, or a regular file when @options->overwrite) and
 * opens a temporary file beside it. Every writer of a whole file (the
 * reports' formats, the event table, the briefing) starts here and ends
 * with rasid_exporter_commit(); freed uncommitted, the temporary file goes.
 *
 * Returns: (transfer full) (nullable): the exporter, or %NULL with @error.
 */
Exporter *
rasid_exporter_new (RasidStore *store, const RasidExportOptions *options, const char *path, gboolean text,
                    GCancellable *cancellable, GError **error)
{
  g_autoptr(Exporter) ex = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* Say so before the work, not after it. */
  if (!check_not_database (rasid_store_get_path (store), path, error) ||
      !check_destination (path, options->overwrite, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  ex = g_new0 (Exporter, 1);
  ex->options = options;
  ex->path = g_strdup (path);
  ex->generated = rasid_export_format_local (now, "%Y-%m-%d %H:%M");
  ex->generated_iso = rasid_format_iso8601 (now, NULL);
  if (!exporter_open_temp (ex, text, error))
    return NULL;
  return g_steal_pointer (&ex);
}

/* ---- the export --------------------------------------------------------- */

/**
 * rasid_export_reports:
 * @gazetteer: (nullable): for admin names and coordinates
 * @ids: (element-type gint64): the reports, in the order to write them
 * @path: the destination; replaced only with @options->overwrite
 * @progress: (nullable): called after each page of reports, in this thread
 *
 * Writes the reports to a temporary file beside @path and renames it into
 * place at the end. Reports are loaded RASID_EXPORT_PAGE_SIZE at a time;
 * @cancellable is checked between pages. On any failure, cancellation
 * included (G_IO_ERROR_CANCELLED), no file is left behind.
 *
 * Returns: TRUE when @path holds the export.
 */
gboolean
rasid_export_reports (RasidStore *store, RasidGazetteer *gazetteer, GArray *ids, const RasidExportOptions *options,
                      const char *path, GCancellable *cancellable, RasidExportProgress progress,
                      gpointer progress_data, GError **error)
{
  g_autoptr(Exporter) ex = NULL;
  const RasidExportWriter *writer;
  guint done = 0, total;

  g_return_val_if_fail (RASID_IS_STORE (store), FALSE);
  g_return_val_if_fail (gazetteer == NULL || RASID_IS_GAZETTEER (gazetteer), FALSE);
  g_return_val_if_fail (ids != NULL && g_array_get_element_size (ids) == sizeof (gint64), FALSE);
  g_return_val_if_fail (options != NULL && options->format < G_N_ELEMENTS (writers), FALSE);
  g_return_val_if_fail (path != NULL && *path, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  writer = writers[options->format];
  ex = rasid_exporter_new (store, options, path, writer->text, cancellable, error);
  if (ex == NULL)
    return FALSE;
  ex->writer = writer;
  ex->state = writer->state_size ? g_malloc0 (writer->state_size) : NULL;
  ex->gazetteer = gazetteer;
  ex->n_ids = ids->len;
  total = ids->len * writer->passes;

  for (ex->pass = 0; ex->pass < writer->passes; ex->pass++)
    {
      ex->n_written = 0;
      if (!writer->begin (ex, error))
        return FALSE;
      for (guint start = 0; start < ids->len; start += RASID_EXPORT_PAGE_SIZE)
        {
          guint n = MIN (RASID_EXPORT_PAGE_SIZE, ids->len - start);
          g_autoptr(GPtrArray) reports = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          reports = rasid_store_load_reports (store, &g_array_index (ids, gint64, start), n, error);
          if (reports == NULL)
            return FALSE;
          for (guint i = 0; i < reports->len; i++)
            if (!writer->report (ex, g_ptr_array_index (reports, i), error))
              return FALSE;
          done += n;
          if (progress)
            progress (done, total, progress_data);
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !writer->end (ex, error))
        return FALSE;
    }
  return rasid_exporter_commit (ex, error);
}

/* ---- in a thread, for the window ---------------------------------------- */

typedef struct {
  char               *db_path;
  GArray             *ids;
  RasidExportOptions *options;
  char               *path;
  RasidExportProgress progress;
  gpointer            progress_data;
  GMainContext       *context;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_array_unref (job->ids);
  rasid_export_options_free (job->options);
  g_free (job->path);
  g_main_context_unref (job->context);
  g_free (job);
}

typedef struct {
  RasidExportProgress progress;
  gpointer            data;
  guint               done, total;
} ProgressCall;

static gboolean
progress_in_context (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->progress (call->done, call->total, call->data);
  return G_SOURCE_REMOVE;
}

static void
progress_from_thread (guint done, guint total, gpointer user_data)
{
  ExportJob *job = user_data;
  ProgressCall *call = g_new (ProgressCall, 1);

  call->progress = job->progress;
  call->data = job->progress_data;
  call->done = done;
  call->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_in_context, call, g_free);
}

static void
export_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidGazetteer) gazetteer = NULL;

  /* Its own connection and its own gazetteer: nothing is shared with the
   * main thread while the export runs. */
  if ((store = rasid_store_open (job->db_path, &error)) == NULL ||
      (gazetteer = rasid_gazetteer_new_default (&error)) == NULL ||
      !rasid_export_reports (store, gazetteer, job->ids, job->options, job->path, cancellable,
                             job->progress ? progress_from_thread : NULL, job, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * rasid_export_reports_async:
 * @db_path: the cache to read, opened anew in the worker thread
 * @progress: (nullable): called on the caller's thread-default main context;
 *   every call arrives before @callback
 *
 * rasid_export_reports() in a thread. The ids and options are copied.
 */
void
rasid_export_reports_async (const char *db_path, GArray *ids, const RasidExportOptions *options, const char *path,
                            GCancellable *cancellable, RasidExportProgress progress, gpointer progress_data,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (db_path != NULL && ids != NULL && options != NULL && path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (ExportJob, 1);
  job->db_path = g_strdup (db_path);
  /* A copy: the caller may keep changing its selection. */
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_array_append_vals (job->ids, ids->data, ids->len);
  job->options = rasid_export_options_copy (options);
  job->path = g_strdup (path);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rasid_export_reports_async);
  g_task_set_name (task, "rasid-export");
  /* The result says whether the file was written, even if a cancel came
   * after the rename. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
rasid_export_reports_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rasid_export_reports_async, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

