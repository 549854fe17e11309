/* rasid-store-async.c: named asynchronous store calls for the UI thread,
 * which must never wait on disk or on another writer. Each runs the
 * synchronous call of the same name in a GTask worker. */
#include "rasid-store-async.h"
#include "rasid-opml.h"

typedef struct _Args Args;

/* A write that returns only success: runs on the worker's connection. */
typedef gboolean (*WriteCall) (RasidStore *store, Args *args, GError **error);

struct _Args {
  WriteCall    call;
  gint64       id;
  int          a, b;
  char        *text;
  char        *title;
  RasidFilter *filter;
};

static void
args_free (Args *args)
{
  g_free (args->text);
  g_free (args->title);
  rasid_filter_free (args->filter);
  g_free (args);
}

static Args *
args_new (gint64 id, int a, int b, const char *text, const char *title)
{
  Args *args = g_new0 (Args, 1);

  args->id = id;
  args->a = a;
  args->b = b;
  args->text = g_strdup (text);
  args->title = g_strdup (title);
  return args;
}

static void
run (RasidStore *self, Args *args, gpointer tag, GTaskThreadFunc func, GCancellable *cancellable,
     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, args, (GDestroyNotify) args_free);
  g_task_run_in_thread (task, func);
}

/* The worker's own connection; the UI thread's store only lends its path. */
static RasidStore *
worker_store (GTask *task)
{
  GError *error = NULL;
  RasidStore *store = rasid_store_open_for_thread (rasid_store_get_path (g_task_get_source_object (task)), &error);

  if (store == NULL)
    g_task_return_error (task, error);
  return store;
}

static void
write_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(RasidStore) store = worker_store (task);
  Args *args = data;
  GError *error = NULL;

  if (store == NULL)
    return;
  if (args->call (store, args, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_write (RasidStore *self, Args *args, WriteCall call, gpointer tag, GCancellable *cancellable,
           GAsyncReadyCallback callback, gpointer user_data)
{
  args->call = call;
  run (self, args, tag, write_thread, cancellable, callback, user_data);
}

gboolean
rasid_store_write_finish (RasidStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- sources ------------------------------------------------------------- */

static void
list_sources_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(RasidStore) store = worker_store (task);
  GError *error = NULL;
  GPtrArray *sources;

  if (store == NULL)
    return;
  if ((sources = rasid_store_list_sources (store, &error)))
    g_task_return_pointer (task, sources, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
rasid_store_list_sources_async (RasidStore *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  run (self, args_new (0, 0, 0, NULL, NULL), rasid_store_list_sources_async, list_sources_thread,
       cancellable, callback, user_data);
}

GPtrArray *
rasid_store_list_sources_finish (RasidStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_source_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(RasidStore) store = worker_store (task);
  Args *args = data;
  GError *error = NULL;
  gint64 id;

  if (store == NULL)
    return;
  if ((id = rasid_store_add_source (store, args->text, args->title, NULL, FALSE, &error)) > 0)
    g_task_return_int (task, id);
  else
    g_task_return_error (task, error);
}

void
rasid_store_add_source_async (RasidStore *self, const char *url, const char *title, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  g_return_if_fail (url != NULL);
  run (self, args_new (0, 0, 0, url, title), rasid_store_add_source_async, add_source_thread,
       cancellable, callback, user_data);
}

gint64
rasid_store_add_source_finish (RasidStore *self, GAsyncResult *result, GError **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? id : 0;
}

static gboolean
call_set_source_enabled (RasidStore *store, Args *args, GError **error)
{
  return rasid_store_set_source_options (store, args->id, NULL, NULL, -1, args->a, -1, error);
}

void
rasid_store_set_source_enabled_async (RasidStore *self, gint64 id, gboolean enabled, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  run_write (self, args_new (id, enabled ? 1 : 0, 0, NULL, NULL), call_set_source_enabled, rasid_store_set_source_enabled_async,
             cancellable, callback, user_data);
}

static gboolean
call_remove_source (RasidStore *store, Args *args, GError **error)
{
  return rasid_store_remove_source (store, args->id, error);
}

void
rasid_store_remove_source_async (RasidStore *self, gint64 id, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  run_write (self, args_new (id, 0, 0, NULL, NULL), call_remove_source, rasid_store_remove_source_async,
             cancellable, callback, user_data);
}

/* All of a file's feeds in one write: an import is taken whole or not at
 * all. Only http(s) feeds are followed, so a shared OPML file cannot make
 * Rasid read local files. */
static void
import_opml_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(RasidStore) store = worker_store (task);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *contents = NULL;
  Args *args = data;
  GError *error = NULL;
  gint64 added = 0;
  gsize len;

  if (store == NULL)
    return;
  if (!g_file_get_contents (args->text, &contents, &len, &error) ||
      (entries = rasid_opml_parse (contents, len, &error)) == NULL ||
      !rasid_store_begin (store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      RasidOpmlEntry *e = g_ptr_array_index (entries, i);

      if (!g_str_has_prefix (e->url, "http://") && !g_str_has_prefix (e->url, "https://"))
        continue;
      if (rasid_store_add_source (store, e->url, e->title, NULL, FALSE, &error) == 0)
        {
          rasid_store_rollback (store);
          g_task_return_error (task, error);
          return;
        }
      added++;
    }
  if (!rasid_store_commit (store, &error))
    {
      rasid_store_rollback (store);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, added);
}

void
rasid_store_import_opml_async (RasidStore *self, const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  g_return_if_fail (path != NULL);
  run (self, args_new (0, 0, 0, path, NULL), rasid_store_import_opml_async, import_opml_thread,
       cancellable, callback, user_data);
}

gint64
rasid_store_import_opml_finish (RasidStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- watches and flags --------------------------------------------------- */

static gboolean
call_add_watch (RasidStore *store, Args *args, GError **error)
{
  return rasid_store_add_watch (store, args->text, args->filter, error) > 0;
}

void
rasid_store_add_watch_async (RasidStore *self, const char *name, const RasidFilter *filter,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Args *args;

  g_return_if_fail (RASID_IS_STORE (self));
  g_return_if_fail (name != NULL && filter != NULL);
  args = args_new (0, 0, 0, name, NULL);
  args->filter = rasid_filter_copy (filter);
  run_write (self, args, call_add_watch, rasid_store_add_watch_async,
             cancellable, callback, user_data);
}

static gboolean
call_remove_watch (RasidStore *store, Args *args, GError **error)
{
  return rasid_store_remove_watch (store, args->id, error);
}

void
rasid_store_remove_watch_async (RasidStore *self, gint64 id, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  run_write (self, args_new (id, 0, 0, NULL, NULL), call_remove_watch, rasid_store_remove_watch_async,
             cancellable, callback, user_data);
}

static gboolean
call_mark_watch_seen (RasidStore *store, Args *args, GError **error)
{
  return rasid_store_mark_watch_seen (store, args->id, error);
}

void
rasid_store_mark_watch_seen_async (RasidStore *self, gint64 id, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  run_write (self, args_new (id, 0, 0, NULL, NULL), call_mark_watch_seen, rasid_store_mark_watch_seen_async,
             cancellable, callback, user_data);
}

static gboolean
call_set_flags (RasidStore *store, Args *args, GError **error)
{
  return rasid_store_set_flags (store, args->id, args->a, args->b, error);
}

void
rasid_store_set_flags_async (RasidStore *self, gint64 id, int read, int starred, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  run_write (self, args_new (id, read, starred, NULL, NULL), call_set_flags, rasid_store_set_flags_async,
             cancellable, callback, user_data);
}
