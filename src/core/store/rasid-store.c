/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store.c: the SQLite cache under everything: opening (WAL, so readers
 * on other threads never wait for a fetch), one connection per thread, the
 * write queue every writer goes through, and the helpers the store's other
 * files share. A damaged, locked or newer file is reported, never replaced.
 * The schema is in rasid-store-schema.c; each concern has its own file. */
#include "rasid-store.h"
#include "rasid-store-private.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

G_DEFINE_FINAL_TYPE (RasidStore, rasid_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (rasid-store-error-quark, rasid_store_error)

static void
rasid_store_finalize (GObject *object)
{
  RasidStore *self = RASID_STORE (object);

  /* A write left open would keep the process's queue locked. */
  while (self->write_depth > 0)
    rasid_store_rollback (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_free (self->scope_key);
  if (self->db)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  G_OBJECT_CLASS (rasid_store_parent_class)->finalize (object);
}

static void
rasid_store_class_init (RasidStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rasid_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
rasid_store_init (RasidStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

gboolean
_rasid_store_set_error (RasidStore *self, GError **error, int rc, const char *what)
{
  int code;
  const char *msg = self && self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = RASID_STORE_ERROR_LOCKED;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = RASID_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      code = RASID_STORE_ERROR_OPEN;
      break;
    default:
      code = RASID_STORE_ERROR_FAILED;
    }
  if (code == RASID_STORE_ERROR_LOCKED)
    g_set_error (error, RASID_STORE_ERROR, code,
                 "The database %s is in use by another program (%s)",
                 self ? self->path : "", msg);
  else if (code == RASID_STORE_ERROR_CORRUPT)
    g_set_error (error, RASID_STORE_ERROR, code,
                 "The database %s is damaged (%s); it was left untouched",
                 self ? self->path : "", msg);
  else
    g_set_error (error, RASID_STORE_ERROR, code, "%s: %s", what, msg);
  return FALSE;
}

gboolean
_rasid_store_exec (RasidStore *self, const char *sql, GError **error)
{
  int rc;

  /* Every named call of the store reaches one of these helpers first: a
   * call on something that is not a store names itself here. */
  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _rasid_store_set_error (self, error, rc, "SQL failed");
  return TRUE;
}

sqlite3_stmt *
_rasid_store_prepare (RasidStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  rc = sqlite3_prepare_v3 (self->db, sql, -1, 0, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _rasid_store_set_error (self, error, rc, "Preparing a query failed");
      return NULL;
    }
  return stmt;
}

void
_rasid_store_cached_release (RasidCachedStmt *stmt)
{
  if (stmt)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

RasidCachedStmt *
_rasid_store_cached (RasidStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt)
    return stmt;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _rasid_store_set_error (self, error, rc, "Preparing a query failed");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}


gboolean
_rasid_store_step_done (RasidStore *self, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _rasid_store_set_error (self, error, rc, what);
  return TRUE;
}


static RasidStore *
open_at (const char *path, guint busy_timeout_ms, int target, GError **error)
{
  g_autoptr(RasidStore) self = g_object_new (RASID_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  int rc;

  self->path = g_strdup (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_OPEN,
                   "Cannot create the folder %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  /* Nothing here may open the file itself: closing any descriptor of it
   * would drop this process's POSIX locks that SQLite holds through its
   * other connections, and another process could then checkpoint and
   * delete the WAL under them. A file that is not a database is refused
   * by SQLite's first read below (SQLITE_NOTADB); an empty one is new. */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _rasid_store_set_error (self, error, rc, "Cannot open the database");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, busy_timeout_ms);
  /* Past SQLite's own busy wait, a writer backs off and tries again for a
   * while longer: another process's long batch is no reason to fail. */
  self->write_patience = (gint64) busy_timeout_ms * 1000 * 12;

  /* Reading the schema first tells a damaged file from a healthy one. */
  if (!_rasid_store_exec (self, "SELECT count(*) FROM sqlite_master", error))
    return NULL;
  if (_rasid_store_read_user_version (self, error) > RASID_STORE_SCHEMA_VERSION)
    return _rasid_store_migrate (self, target, error) ? NULL : NULL;
  if (!_rasid_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_rasid_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !_rasid_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      /* A fetched document is one transaction: keep its pages in memory.
       */
      !_rasid_store_exec (self, "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY", error))
    return NULL;
  if (!_rasid_store_migrate (self, target, error))
    return NULL;
  return g_steal_pointer (&self);
}

RasidStore *
rasid_store_open_full (const char *path, guint busy_timeout_ms, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return open_at (path, busy_timeout_ms, RASID_STORE_SCHEMA_VERSION, error);
}

RasidStore *
rasid_store_open (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return rasid_store_open_full (path, 5000, error);
}

/**
 * rasid_store_open_for_thread:
 *
 * The calling thread's own connection to @path, opened once and kept: a
 * worker that runs query after query keeps its page cache and prepared
 * statements warm. One connection per thread, as SQLite wants.
 */
RasidStore *
rasid_store_open_for_thread (const char *path, GError **error)
{
  static GPrivate cache = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);
  GHashTable *stores = g_private_get (&cache);
  RasidStore *store;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (stores == NULL)
    {
      stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&cache, stores);
    }
  if ((store = g_hash_table_lookup (stores, path)))
    return g_object_ref (store);
  if ((store = rasid_store_open (path, error)) == NULL)
    return NULL;
  g_hash_table_insert (stores, g_strdup (path), g_object_ref (store));
  return store;
}

typedef struct {
  char          *path;
  RasidStoreJob  func;
  gpointer       data;
  GDestroyNotify destroy;
} StoreJob;

static void
store_job_free (StoreJob *job)
{
  if (job->destroy)
    job->destroy (job->data);
  g_free (job->path);
  g_free (job);
}

static void
store_job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StoreJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open_for_thread (job->path, &error);

  if (store == NULL || !job->func (store, job->data, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rasid_store_run_async:
 * @data: (transfer full): handed to @func, freed with @destroy
 *
 * Database work for the UI thread, which must never wait on disk or on a
 * writer's lock: @func runs in a worker thread with that thread's own
 * connection. rasid_store_run_finish() gives @data back to read results.
 */
void
rasid_store_run_async (const char *path, RasidStoreJob func, gpointer data, GDestroyNotify destroy,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  job = g_new0 (StoreJob, 1);
  job->path = g_strdup (path);
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  g_task_set_source_tag (task, rasid_store_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) store_job_free);
  g_task_run_in_thread (task, store_job_thread);
}

gboolean
rasid_store_run_finish (GAsyncResult *result, gpointer *data, GError **error)
{
  StoreJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rasid_store_run_async, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (data)
    *data = job->data;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Tests build databases as earlier versions of Rasid left them. */
RasidStore *
_rasid_store_open_at_version (const char *path, int version, GError **error)
{
  return open_at (path, 5000, version, error);
}

/* The facet index reads the tables itself, read-only. */
sqlite3 *
_rasid_store_get_db (RasidStore *self)
{
  return self->db;
}

char *
rasid_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "rasid", "rasid.db", NULL);
}

const char *
rasid_store_get_path (RasidStore *self)
{
  g_return_val_if_fail (RASID_IS_STORE (self), NULL);

  return self->path;
}

int
rasid_store_get_schema_version (RasidStore *self)
{
  g_return_val_if_fail (RASID_IS_STORE (self), -1);

  return self->version;
}

/* ---- the write queue -------------------------------------------------------
 * Every write goes through rasid_store_begin(): writers in one process take
 * their turn on this mutex instead of spinning in SQLite's busy handler,
 * and BEGIN IMMEDIATE takes SQLite's write lock before anything is read,
 * so a transaction never fails half-way because another process wrote.
 * Another process holding the lock is waited for with back-off. Nested
 * writes (a named write inside a caller's transaction) are savepoints. */

static GRecMutex write_queue;

static gboolean
is_busy (const GError *error)
{
  return g_error_matches (error, RASID_STORE_ERROR, RASID_STORE_ERROR_LOCKED);
}

gboolean
rasid_store_begin (RasidStore *self, GError **error)
{
  gint64 deadline;
  gulong delay = 2000;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->write_depth > 0)
    {
      if (!_rasid_store_exec (self, "SAVEPOINT rasid_nested", error))
        return FALSE;
      self->write_depth++;
      return TRUE;
    }

  g_rec_mutex_lock (&write_queue);
  deadline = g_get_monotonic_time () + self->write_patience;
  for (;;)
    {
      g_autoptr(GError) local = NULL;

      if (_rasid_store_exec (self, "BEGIN IMMEDIATE", &local))
        {
          self->write_depth = 1;
          return TRUE;
        }
      if (!is_busy (local) || g_get_monotonic_time () + (gint64) delay > deadline)
        {
          g_rec_mutex_unlock (&write_queue);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* Jittered, so two waiting processes do not retry in step. */
      g_usleep (delay / 2 + g_random_int_range (0, (gint32) delay));
      delay = MIN (delay * 2, 200000);
    }
}

void
_rasid_store_lock_writes (void)
{
  g_rec_mutex_lock (&write_queue);
}

void
_rasid_store_unlock_writes (void)
{
  g_rec_mutex_unlock (&write_queue);
}

/* On failure the transaction stays open: call rasid_store_rollback(). */
gboolean
rasid_store_commit (RasidStore *self, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->write_depth > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->write_depth > 1)
    {
      if (!_rasid_store_exec (self, "RELEASE rasid_nested", error))
        return FALSE;
      self->write_depth--;
      return TRUE;
    }
  if (!_rasid_store_exec (self, "COMMIT", error))
    return FALSE;
  self->write_depth = 0;
  g_rec_mutex_unlock (&write_queue);
  return TRUE;
}

void
rasid_store_rollback (RasidStore *self)
{
  g_return_if_fail (RASID_IS_STORE (self));

  if (self->write_depth > 1)
    {
      sqlite3_exec (self->db, "ROLLBACK TO rasid_nested; RELEASE rasid_nested", NULL, NULL, NULL);
      rasid_store_forget_stories (self);
      self->write_depth--;
      return;
    }
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  if (self->write_depth == 1)
    {
      /* Still holding the queue: no other writer sees stories that were not kept. */
      rasid_store_forget_stories (self);
      self->write_depth = 0;
      g_rec_mutex_unlock (&write_queue);
    }
}

/* Ends a write begun with rasid_store_begin(): commits when @ok, else (or
 * when the commit fails) rolls back. Returns whether it was committed. */
gboolean
_rasid_store_end_write (RasidStore *self, gboolean ok, GError **error)
{
  if (ok && rasid_store_commit (self, error))
    return TRUE;
  rasid_store_rollback (self);
  return FALSE;
}
