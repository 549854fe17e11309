/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-async.c: named asynchronous store calls for the UI thread,
 * which must never wait on disk or on another writer. Each runs the
 * synchronous call of the same name in a GTask worker. */
#include "rasid-store-async.h"
#include "rasid-opml.h"

typedef struct _Args Args;

/* One call on the worker's connection: FALSE with @error set on failure;
 * a call with a result leaves it in @args. */
typedef gboolean (*StoreCall) (RasidStore *store, Args *args, GError **error);

/* What the task returns on success, for its _finish to take. */
typedef enum {
  RESULT_BOOLEAN,
  RESULT_INT,      /* args->count */
  RESULT_POINTER,  /* args->pointer, freed by args->pointer_free */
} ResultKind;

struct _Args {
  StoreCall       call;
  ResultKind      kind;
  gint64          id;
  int             a, b;
  char           *text;
  char           *title;
  RasidFilter    *filter;
  gint64          count;
  gpointer        pointer;
  GDestroyNotify  pointer_free;
};

static void
args_free (Args *args)
{
  g_free (args->text);
  g_free (args->title);
  rasid_filter_free (args->filter);
  if (args->pointer && args->pointer_free)
    args->pointer_free (args->pointer);
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

/* Runs args->call on the worker thread's own connection: the UI thread's
 * store only lends its path. */
static void
call_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open_for_thread (rasid_store_get_path (source), &error);

  if (store == NULL || !args->call (store, args, &error))
    g_task_return_error (task, error);
  else if (args->kind == RESULT_POINTER)
    g_task_return_pointer (task, g_steal_pointer (&args->pointer), args->pointer_free);
  else if (args->kind == RESULT_INT)
    g_task_return_int (task, args->count);
  else
    g_task_return_boolean (task, TRUE);
}

/* Starts @call with @args (taken) in a worker; @tag is the public
 * function, for its _finish to check. */
static void
start (RasidStore *self, Args *args, StoreCall call, ResultKind kind, gpointer tag, GCancellable *cancellable,
       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  args->call = call;
  args->kind = kind;
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, args, (GDestroyNotify) args_free);
  g_task_run_in_thread (task, call_thread);
}

gboolean
rasid_store_write_finish (RasidStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- sources ------------------------------------------------------------- */

static gboolean
call_list_sources (RasidStore *store, Args *args, GError **error)
{
  args->pointer = rasid_store_list_sources (store, error);
  args->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return args->pointer != NULL;
}

void
rasid_store_list_sources_async (RasidStore *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, args_new (0, 0, 0, NULL, NULL), call_list_sources, RESULT_POINTER, rasid_store_list_sources_async,
         cancellable, callback, user_data);
}

GPtrArray *
rasid_store_list_sources_finish (RasidStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
call_add_source (RasidStore *store, Args *args, GError **error)
{
  args->count = rasid_store_add_source (store, args->text, args->title, NULL, FALSE, error);
  return args->count > 0;
}

void
rasid_store_add_source_async (RasidStore *self, const char *url, const char *title, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, args_new (0, 0, 0, url, title), call_add_source, RESULT_INT, rasid_store_add_source_async,
         cancellable, callback, user_data);
}

gint64
rasid_store_add_source_finish (RasidStore *self, GAsyncResult *result, GError **error)
{
  gssize id;

  g_return_val_if_fail (RASID_IS_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, args_new (id, enabled ? 1 : 0, 0, NULL, NULL), call_set_source_enabled, RESULT_BOOLEAN,
         rasid_store_set_source_enabled_async, cancellable, callback, user_data);
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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, args_new (id, 0, 0, NULL, NULL), call_remove_source, RESULT_BOOLEAN, rasid_store_remove_source_async,
         cancellable, callback, user_data);
}

/* All of a file's feeds in one write: an import is taken whole or not at
 * all. Only http(s) feeds are followed, so a shared OPML file cannot make
 * Rasid read local files. */
static gboolean
call_import_opml (RasidStore *store, Args *args, GError **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (args->text, &contents, &len, error) ||
      (entries = rasid_opml_parse (contents, len, error)) == NULL ||
      !rasid_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      RasidOpmlEntry *e = g_ptr_array_index (entries, i);

      if (!g_str_has_prefix (e->url, "http://") && !g_str_has_prefix (e->url, "https://"))
        continue;
      if (rasid_store_add_source (store, e->url, e->title, NULL, FALSE, error) == 0)
        {
          rasid_store_rollback (store);
          return FALSE;
        }
      args->count++;
    }
  if (!rasid_store_commit (store, error))
    {
      rasid_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

void
rasid_store_import_opml_async (RasidStore *self, const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (RASID_IS_STORE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, args_new (0, 0, 0, path, NULL), call_import_opml, RESULT_INT, rasid_store_import_opml_async,
         cancellable, callback, user_data);
}

gint64
rasid_store_import_opml_finish (RasidStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  args = args_new (0, 0, 0, name, NULL);
  args->filter = rasid_filter_copy (filter);
  start (self, args, call_add_watch, RESULT_BOOLEAN, rasid_store_add_watch_async, cancellable, callback, user_data);
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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, args_new (id, 0, 0, NULL, NULL), call_remove_watch, RESULT_BOOLEAN, rasid_store_remove_watch_async,
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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, args_new (id, 0, 0, NULL, NULL), call_mark_watch_seen, RESULT_BOOLEAN,
         rasid_store_mark_watch_seen_async, cancellable, callback, user_data);
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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, args_new (id, read, starred, NULL, NULL), call_set_flags, RESULT_BOOLEAN, rasid_store_set_flags_async,
         cancellable, callback, user_data);
}
