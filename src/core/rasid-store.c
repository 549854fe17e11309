/* rasid-store.c: the SQLite cache under everything. WAL so readers on other
 * threads never wait for a fetch; a versioned schema migrated forward in one
 * transaction; a damaged, locked or newer file is reported, never replaced. */
#include "rasid-store.h"
#include "rasid-store-private.h"
#include "rasid-dates.h"
#include "rasid-normalize.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

struct _RasidStore {
  GObject     parent_instance;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → prepared statement, for hot paths */
  char       *scope_key;    /* the filter temp.scope holds the reports of */
  char    *path;
  int      version;
  guint    write_depth;   /* 1 inside a write, more inside nested ones */
  gint64   write_patience; /* µs a writer waits for another process */
};

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

static gboolean
set_error (RasidStore *self, GError **error, int rc, const char *what)
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

static gboolean
exec (RasidStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_error (self, error, rc, "SQL failed");
  return TRUE;
}

static sqlite3_stmt *
prepare (RasidStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (self->db, sql, -1, 0, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc, "Preparing a query failed");
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Statements run for every stored report are prepared once per connection;
 * a g_autoptr(CachedStmt) only resets its statement when it goes. */
typedef sqlite3_stmt CachedStmt;

static void
cached_release (CachedStmt *stmt)
{
  if (stmt)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cached_release)

static CachedStmt *
cached (RasidStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt)
    return stmt;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc, "Preparing a query failed");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt, int i, const char *text)
{
  if (text)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static char *
column_dup (sqlite3_stmt *stmt, int i)
{
  const unsigned char *t = sqlite3_column_text (stmt, i);
  return t ? g_strdup ((const char *) t) : NULL;
}

/* ---- schema ---------------------------------------------------------------
 * Each step takes the schema from version N-1 to N. Never edit a step that
 * has shipped: add another. */

static gboolean migrate_fts (RasidStore *self, GError **error);
static gboolean end_write (RasidStore *self, gboolean ok, GError **error);
static gboolean step_done (RasidStore *self, sqlite3_stmt *stmt, const char *what, GError **error);

static const char *migration_v1 =
  "CREATE TABLE sources ("
  "  id INTEGER PRIMARY KEY,"
  "  url TEXT NOT NULL UNIQUE,"
  "  title TEXT,"
  "  kind TEXT NOT NULL DEFAULT 'auto',"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  is_ticker INTEGER NOT NULL DEFAULT 0,"
  "  refresh_interval INTEGER NOT NULL DEFAULT 900,"
  "  rules TEXT,"
  "  etag TEXT, last_modified TEXT,"
  "  last_fetch INTEGER, last_success INTEGER, last_error TEXT, last_status INTEGER,"
  "  new_count INTEGER NOT NULL DEFAULT 0, updated_count INTEGER NOT NULL DEFAULT 0,"
  "  failures INTEGER NOT NULL DEFAULT 0, next_fetch INTEGER"
  ");"
  "CREATE TABLE reports ("
  "  id INTEGER PRIMARY KEY,"
  "  guid TEXT, link TEXT,"
  "  title TEXT NOT NULL, body TEXT, author TEXT, dateline TEXT,"
  "  published INTEGER NOT NULL, first_seen INTEGER NOT NULL, updated INTEGER NOT NULL,"
  "  attribution TEXT, clock TEXT,"
  "  breaking INTEGER NOT NULL DEFAULT 0,"
  "  content_hash TEXT NOT NULL,"
  "  read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX reports_published ON reports (published DESC, id DESC);"
  "CREATE INDEX reports_link ON reports (link);"
  "CREATE INDEX reports_hash ON reports (content_hash);"
  "CREATE TABLE report_sources ("
  "  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
  "  source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,"
  "  guid TEXT NOT NULL,"
  "  PRIMARY KEY (source_id, guid)"
  ");"
  "CREATE INDEX report_sources_report ON report_sources (report_id);";

static const char *migration_v2 =
  "CREATE TABLE places ("
  "  id TEXT PRIMARY KEY, level TEXT NOT NULL, parent TEXT,"
  "  name_ar TEXT NOT NULL, name_en TEXT, lat REAL, lon REAL"
  ");"
  "CREATE TABLE actors (id TEXT PRIMARY KEY, name_ar TEXT NOT NULL, name_en TEXT);"
  "CREATE TABLE report_places ("
  "  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
  "  place_id TEXT NOT NULL, qualifier TEXT,"
  "  admin1 TEXT, admin2 TEXT, admin3 TEXT, position INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (report_id, place_id)"
  ");"
  "CREATE INDEX report_places_place ON report_places (place_id);"
  "CREATE INDEX report_places_admin1 ON report_places (admin1);"
  "CREATE INDEX report_places_admin2 ON report_places (admin2);"
  "CREATE INDEX report_places_admin3 ON report_places (admin3);"
  "CREATE TABLE report_actors ("
  "  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
  "  actor_id TEXT NOT NULL, position INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (report_id, actor_id)"
  ");"
  "CREATE INDEX report_actors_actor ON report_actors (actor_id);"
  "CREATE TABLE report_events ("
  "  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
  "  event TEXT NOT NULL,"
  "  PRIMARY KEY (report_id, event)"
  ");"
  "CREATE INDEX report_events_event ON report_events (event);"
  "ALTER TABLE reports ADD COLUMN killed INTEGER;"
  "ALTER TABLE reports ADD COLUMN injured INTEGER;";

/* v4: per-source full-text fetching; rules already had a column. */
static const char *migration_v4 =
  "ALTER TABLE sources ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0;";

/* v5: watches. */
static const char *migration_v5 =
  "CREATE TABLE watches ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, filter TEXT NOT NULL,"
  "  created INTEGER NOT NULL, last_seen INTEGER NOT NULL DEFAULT 0"
  ");";

/* v6: covering indexes, so the sidebar's counts read indexes only. */
static const char *migration_v6 =
  "DROP INDEX report_places_admin1; DROP INDEX report_places_admin2; DROP INDEX report_places_admin3;"
  "CREATE INDEX report_places_admin1 ON report_places (admin1, report_id);"
  "CREATE INDEX report_places_admin2 ON report_places (admin2, report_id);"
  "CREATE INDEX report_places_admin3 ON report_places (admin3, report_id);"
  "DROP INDEX report_actors_actor; CREATE INDEX report_actors_actor ON report_actors (actor_id, report_id);"
  "DROP INDEX report_events_event; CREATE INDEX report_events_event ON report_events (event, report_id);";

/* v7: a log of changes to reports already stored, which the facet index
 * replays: new reports need no entry (their ids are above the highest it
 * has read). A source linked to a report already stored is logged by
 * rasid_store_upsert_report() itself: a trigger on every link costs ingest
 * a third of its speed. */
static const char *migration_v7 =
  "CREATE TABLE report_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, report_id INTEGER NOT NULL);"
  "CREATE TRIGGER reports_changed AFTER UPDATE ON reports BEGIN "
  "  INSERT INTO report_changes (report_id) VALUES (NEW.id); END;"
  "CREATE TRIGGER reports_deleted AFTER DELETE ON reports BEGIN "
  "  INSERT INTO report_changes (report_id) VALUES (OLD.id); END;"

  "CREATE TRIGGER report_sources_removed AFTER DELETE ON report_sources BEGIN "
  "  INSERT INTO report_changes (report_id) VALUES (OLD.report_id); END;";

/* v8: what a fetch that succeeded still has to say (a malformed feed read
 * in part), and the zone a source's dates without one are read in. */
static const char *migration_v8 =
  "ALTER TABLE sources ADD COLUMN last_warning TEXT;"
  "ALTER TABLE sources ADD COLUMN time_zone TEXT;";

static gboolean
migrate_to (RasidStore *self, int version, GError **error)
{
  switch (version)
    {
    case 1: return exec (self, migration_v1, error);
    case 2: return exec (self, migration_v2, error);
    case 3: return migrate_fts (self, error);
    case 4: return exec (self, migration_v4, error);
    case 5: return exec (self, migration_v5, error);
    case 6: return exec (self, migration_v6, error);
    case 7: return exec (self, migration_v7, error);
    case 8: return exec (self, migration_v8, error);
    default: g_assert_not_reached ();
    }
}

/* v3: full-text index over normalised text, filled from what is stored. */
static gboolean
migrate_fts (RasidStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  int rc;

  if (!exec (self, "CREATE VIRTUAL TABLE reports_fts USING fts5 (text, "
                   "tokenize = 'unicode61 remove_diacritics 2')", error))
    return FALSE;
  select = prepare (self, "SELECT id, title, body, attribution FROM reports", error);
  insert = prepare (self, "INSERT INTO reports_fts (rowid, text) VALUES (?, ?)", error);
  if (select == NULL || insert == NULL)
    return FALSE;
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autofree char *joined = g_strjoin ("\n", (const char *) sqlite3_column_text (select, 1),
                                           sqlite3_column_text (select, 2) ? (const char *) sqlite3_column_text (select, 2) : "",
                                           sqlite3_column_text (select, 3) ? (const char *) sqlite3_column_text (select, 3) : "",
                                           NULL);
      g_autofree char *norm = rasid_normalize (joined);

      sqlite3_bind_int64 (insert, 1, sqlite3_column_int64 (select, 0));
      sqlite3_bind_text (insert, 2, norm, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (insert)) != SQLITE_DONE)
        return set_error (self, error, rc, "Indexing stored reports failed");
      sqlite3_reset (insert);
    }
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, "Reading stored reports failed");
  return TRUE;
}

static int
read_user_version (RasidStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      set_error (self, error, rc, "Reading the schema version failed");
      return -1;
    }
  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (RasidStore *self, int target, GError **error)
{
  int version = read_user_version (self, error);

  if (version < 0)
    return FALSE;
  if (version > RASID_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NEWER,
                   "The database %s was written by a newer version of Rasid (schema %d, this version knows %d); "
                   "it was left untouched",
                   self->path, version, RASID_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (version >= target)
    {
      self->version = version;
      return TRUE;
    }

  if (!rasid_store_begin (self, error))
    return FALSE;
  /* Another process may have migrated while we waited for the lock. */
  version = read_user_version (self, error);
  if (version < 0)
    return end_write (self, FALSE, NULL);
  for (int v = MAX (version, 0) + 1; v <= target; v++)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", v);
      if (!migrate_to (self, v, error) || !exec (self, pragma, error))
        return end_write (self, FALSE, NULL);
    }
  if (!end_write (self, TRUE, error))
    return FALSE;
  self->version = MAX (target, version);
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
      set_error (self, error, rc, "Cannot open the database");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, busy_timeout_ms);
  /* Past SQLite's own busy wait, a writer backs off and tries again for a
   * while longer: another process's long batch is no reason to fail. */
  self->write_patience = (gint64) busy_timeout_ms * 1000 * 12;

  /* Reading the schema first tells a damaged file from a healthy one. */
  if (!exec (self, "SELECT count(*) FROM sqlite_master", error))
    return NULL;
  if (read_user_version (self, error) > RASID_STORE_SCHEMA_VERSION)
    return migrate (self, target, error) ? NULL : NULL;
  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      /* A fetched document is one transaction: keep its pages in memory.
       */
      !exec (self, "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY", error))
    return NULL;
  if (!migrate (self, target, error))
    return NULL;
  return g_steal_pointer (&self);
}

RasidStore *
rasid_store_open_full (const char *path, guint busy_timeout_ms, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return open_at (path, busy_timeout_ms, RASID_STORE_SCHEMA_VERSION, error);
}

RasidStore *
rasid_store_open (const char *path, GError **error)
{
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
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  StoreJob *job = g_new0 (StoreJob, 1);

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
  StoreJob *job = g_task_get_task_data (G_TASK (result));

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

gboolean
_rasid_store_exec (RasidStore *self, const char *sql, GError **error)
{
  return exec (self, sql, error);
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
  return self->path;
}

int
rasid_store_get_schema_version (RasidStore *self)
{
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

  if (self->write_depth > 0)
    {
      if (!exec (self, "SAVEPOINT rasid_nested", error))
        return FALSE;
      self->write_depth++;
      return TRUE;
    }

  g_rec_mutex_lock (&write_queue);
  deadline = g_get_monotonic_time () + self->write_patience;
  for (;;)
    {
      g_autoptr(GError) local = NULL;

      if (exec (self, "BEGIN IMMEDIATE", &local))
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

/* On failure the transaction stays open: call rasid_store_rollback(). */
gboolean
rasid_store_commit (RasidStore *self, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->write_depth > 0, FALSE);

  if (self->write_depth > 1)
    {
      if (!exec (self, "RELEASE rasid_nested", error))
        return FALSE;
      self->write_depth--;
      return TRUE;
    }
  if (!exec (self, "COMMIT", error))
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
      self->write_depth--;
      return;
    }
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  if (self->write_depth == 1)
    {
      self->write_depth = 0;
      g_rec_mutex_unlock (&write_queue);
    }
}

/* Ends a write begun with rasid_store_begin(): commits when @ok, else (or
 * when the commit fails) rolls back. Returns whether it was committed. */
static gboolean
end_write (RasidStore *self, gboolean ok, GError **error)
{
  if (ok && rasid_store_commit (self, error))
    return TRUE;
  rasid_store_rollback (self);
  return FALSE;
}

/* ---- sources ------------------------------------------------------------- */

void
rasid_source_free (RasidSource *s)
{
  if (s == NULL)
    return;
  g_free (s->url);
  g_free (s->title);
  g_free (s->kind);
  g_free (s->etag);
  g_free (s->last_modified);
  g_free (s->last_error);
  g_free (s->rules);
  g_free (s->last_warning);
  g_free (s->time_zone);
  g_free (s);
}

/* NULL / -1 leave a field as it is; an empty @rules clears them. */
gboolean
rasid_store_set_source_options (RasidStore *self, gint64 id, const char *kind, const char *rules,
                                int full_text, int enabled, int refresh_interval, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self,
    "UPDATE sources SET kind = coalesce (?2, kind), "
    "  rules = CASE WHEN ?3 IS NULL THEN rules WHEN ?3 = '' THEN NULL ELSE ?3 END, "
    "  full_text = coalesce (?4, full_text), enabled = coalesce (?5, enabled), "
    "  refresh_interval = coalesce (?6, refresh_interval), next_fetch = NULL WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, rules);
  if (full_text >= 0) sqlite3_bind_int (stmt, 4, full_text); else sqlite3_bind_null (stmt, 4);
  if (enabled >= 0) sqlite3_bind_int (stmt, 5, enabled); else sqlite3_bind_null (stmt, 5);
  if (refresh_interval > 0) sqlite3_bind_int (stmt, 6, refresh_interval); else sqlite3_bind_null (stmt, 6);
  if (!rasid_store_begin (self, error))
    return FALSE;
  if (!step_done (self, stmt, "Changing the source failed", error))
    return end_write (self, FALSE, NULL);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND, "No source with id %" G_GINT64_FORMAT, id);
      return end_write (self, FALSE, NULL);
    }
  return end_write (self, TRUE, error);
}

/**
 * rasid_store_set_source_time_zone:
 * @zone: (nullable): an IANA zone such as "Europe/Istanbul", or NULL for
 *   the default (Syria)
 *
 * The zone in which this source's dates that carry none are read.
 */
gboolean
rasid_store_set_source_time_zone (RasidStore *self, gint64 id, const char *zone, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "UPDATE sources SET time_zone = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, zone && *zone ? zone : NULL);
  if (!rasid_store_begin (self, error))
    return FALSE;
  if (!step_done (self, stmt, "Changing the source failed", error))
    return end_write (self, FALSE, NULL);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND, "No source with id %" G_GINT64_FORMAT, id);
      return end_write (self, FALSE, NULL);
    }
  return end_write (self, TRUE, error);
}

/* Removes the source; its reports stay when another source also has them,
 * and starred reports always stay. */
gboolean
rasid_store_remove_source (RasidStore *self, gint64 id, GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "DROP TABLE IF EXISTS temp.doomed;"
    "CREATE TEMP TABLE doomed AS SELECT r.id FROM reports r JOIN report_sources rs ON rs.report_id = r.id "
    "  WHERE rs.source_id = %1$" G_GINT64_FORMAT " AND r.starred = 0 AND NOT EXISTS "
    "  (SELECT 1 FROM report_sources o WHERE o.report_id = r.id AND o.source_id != %1$" G_GINT64_FORMAT ");"
    "DELETE FROM reports_fts WHERE rowid IN (SELECT id FROM doomed);"
    "DELETE FROM reports WHERE id IN (SELECT id FROM doomed);"
    "DROP TABLE doomed;"
    "DELETE FROM sources WHERE id = %1$" G_GINT64_FORMAT ";", id);

  if (!rasid_store_begin (self, error))
    return FALSE;
  return end_write (self, exec (self, sql, error), error);
}

/* Adds a source, or returns the id of the one already at @url. */
gint64
rasid_store_add_source (RasidStore *self, const char *url, const char *title, const char *kind,
                        gboolean is_ticker, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), 0);
  stmt = prepare (self,
                  "INSERT INTO sources (url, title, kind, is_ticker) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (url) DO UPDATE SET url = excluded.url RETURNING id", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, url);
  bind_text (stmt, 2, title);
  bind_text (stmt, 3, kind ? kind : "auto");
  sqlite3_bind_int (stmt, 4, is_ticker);
  if (!rasid_store_begin (self, error))
    return 0;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      set_error (self, error, rc, "Adding the source failed");
      return end_write (self, FALSE, NULL), 0;
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return end_write (self, TRUE, error) ? id : 0;
}

/**
 * rasid_store_has_source:
 *
 * Whether source @id is (still) followed: another process may have removed
 * it while its feed was being fetched. Returns FALSE with @error unset when
 * it is gone.
 */
gboolean
rasid_store_has_source (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(CachedStmt) stmt = cached (self, "SELECT 1 FROM sources WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    set_error (self, error, rc, "Reading the source failed");
  return FALSE;
}

#define SOURCE_COLUMNS \
  "s.id, s.url, s.title, s.kind, s.enabled, s.is_ticker, s.refresh_interval, s.etag, " \
  "s.last_modified, s.last_fetch, s.last_success, s.last_error, s.last_status, s.new_count, " \
  "s.updated_count, s.failures, s.next_fetch, " \
  "(SELECT count(*) FROM report_sources rs WHERE rs.source_id = s.id), s.rules, s.full_text, " \
  "s.last_warning, s.time_zone"

static RasidSource *
source_from_row (sqlite3_stmt *stmt)
{
  RasidSource *s = g_new0 (RasidSource, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->url = column_dup (stmt, 1);
  s->title = column_dup (stmt, 2);
  s->kind = column_dup (stmt, 3);
  s->enabled = sqlite3_column_int (stmt, 4);
  s->is_ticker = sqlite3_column_int (stmt, 5);
  s->refresh_interval = sqlite3_column_int (stmt, 6);
  s->etag = column_dup (stmt, 7);
  s->last_modified = column_dup (stmt, 8);
  s->last_fetch = sqlite3_column_int64 (stmt, 9);
  s->last_success = sqlite3_column_int64 (stmt, 10);
  s->last_error = column_dup (stmt, 11);
  s->last_status = sqlite3_column_int (stmt, 12);
  s->new_count = sqlite3_column_int (stmt, 13);
  s->updated_count = sqlite3_column_int (stmt, 14);
  s->failures = sqlite3_column_int (stmt, 15);
  s->next_fetch = sqlite3_column_int64 (stmt, 16);
  s->report_count = sqlite3_column_int64 (stmt, 17);
  s->rules = column_dup (stmt, 18);
  s->full_text = sqlite3_column_int (stmt, 19);
  s->last_warning = column_dup (stmt, 20);
  s->time_zone = column_dup (stmt, 21);
  return s;
}

GPtrArray *
rasid_store_list_sources (RasidStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_source_free);
  int rc;

  stmt = prepare (self, "SELECT " SOURCE_COLUMNS " FROM sources s ORDER BY s.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, source_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, "Listing sources failed");
      return NULL;
    }
  return g_steal_pointer (&out);
}

RasidSource *
rasid_store_get_source (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT " SOURCE_COLUMNS " FROM sources s WHERE s.id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    return source_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND, "No source with id %" G_GINT64_FORMAT, id);
  else
    set_error (self, error, rc, "Reading the source failed");
  return NULL;
}

/* Records one fetch: success (@error_message NULL) or failure, for the
 * health table and the back-off of failing sources. */
gboolean
rasid_store_record_fetch (RasidStore *self, gint64 source_id, int http_status,
                          const char *error_message, const char *warning, guint new_count, guint updated_count,
                          const char *etag, const char *last_modified, const char *title,
                          gint64 retry_after, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int rc;

  stmt = prepare (self,
                  "UPDATE sources SET last_fetch = ?1, last_status = ?2, last_error = ?3, "
                  "  last_success = CASE WHEN ?3 IS NULL THEN ?1 ELSE last_success END, "
                  "  new_count = CASE WHEN ?3 IS NULL THEN ?4 ELSE new_count END, "
                  "  updated_count = CASE WHEN ?3 IS NULL THEN ?5 ELSE updated_count END, "
                  "  failures = CASE WHEN ?3 IS NULL THEN 0 ELSE failures + 1 END, "
                  "  etag = CASE WHEN ?3 IS NULL THEN coalesce (?6, etag) ELSE etag END, "
                  "  last_modified = CASE WHEN ?3 IS NULL THEN coalesce (?7, last_modified) ELSE last_modified END, "
                  "  title = coalesce (title, ?8), last_warning = ?11, "
                  /* Back off exponentially while a source fails: 2^n minutes, at most a
                   * day; a server's Retry-After (429/503) pushes it further. */
                  "  next_fetch = max (?1 + ?10, CASE WHEN ?3 IS NULL THEN ?1 + refresh_interval "
                  "    ELSE ?1 + min (86400, 60 * (1 << min (failures + 1, 10))) END) "
                  "WHERE id = ?9", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, http_status);
  bind_text (stmt, 3, error_message);
  sqlite3_bind_int (stmt, 4, new_count);
  sqlite3_bind_int (stmt, 5, updated_count);
  bind_text (stmt, 6, etag);
  bind_text (stmt, 7, last_modified);
  bind_text (stmt, 8, title);
  sqlite3_bind_int64 (stmt, 9, source_id);
  sqlite3_bind_int64 (stmt, 10, MAX (retry_after, 0));
  bind_text (stmt, 11, error_message ? NULL : warning);
  if (!rasid_store_begin (self, error))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return end_write (self, set_error (self, error, rc, "Recording the fetch failed"), NULL);
  return end_write (self, TRUE, error);
}

/* ---- reports ------------------------------------------------------------- */

static gint64
find_existing (RasidStore *self, gint64 source_id, const char *guid, const char *link,
               const char *hash, gboolean *linked, GError **error)
{
  /* One statement, its arms tried in order: this source's own item, then
   * the same story from another source by link, then by its normalised
   * headline. Each arm is an index lookup; LIMIT 1 stops at the first. */
  g_autoptr(CachedStmt) stmt = cached (self,
    "SELECT report_id, 1 FROM report_sources WHERE source_id = ?1 AND guid = ?2 "
    "UNION ALL SELECT id, 0 FROM reports WHERE link = ?3 "
    "UNION ALL SELECT id, 0 FROM reports WHERE content_hash = ?4 LIMIT 1", error);
  int rc;

  *linked = FALSE;
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, source_id);
  bind_text (stmt, 2, guid);
  bind_text (stmt, 3, link);
  bind_text (stmt, 4, hash);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *linked = sqlite3_column_int (stmt, 1);
      return sqlite3_column_int64 (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, "Looking up the report failed"), -1;
  return 0;
}

static gboolean
step_done (RasidStore *self, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_error (self, error, rc, what);
  return TRUE;
}

/* Replaces the readings of report @id: places, actors, events, search text. */
static gboolean
write_readings (RasidStore *self, gint64 id, const char *title, const char *body,
                RasidAnalysis *a, gboolean replace, GError **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  const char *norm = a->search_text;
  const char *clear[] = {
    "DELETE FROM report_places WHERE report_id = ?",
    "DELETE FROM report_actors WHERE report_id = ?",
    "DELETE FROM report_events WHERE report_id = ?",
    "DELETE FROM reports_fts WHERE rowid = ?",
  };

  /* A new report has nothing to replace. */
  for (guint i = 0; replace && i < G_N_ELEMENTS (clear); i++)
    {
      g_autoptr(CachedStmt) del = cached (self, clear[i], error);
      if (del == NULL)
        return FALSE;
      sqlite3_bind_int64 (del, 1, id);
      if (!step_done (self, del, "Clearing readings failed", error))
        return FALSE;
    }

  stmt = cached (self, "INSERT OR IGNORE INTO report_places (report_id, place_id, qualifier, admin1, admin2, admin3, position) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < a->places->len; i++)
    {
      RasidPlaceMatch *m = g_ptr_array_index (a->places, i);
      sqlite3_bind_int64 (stmt, 1, id);
      bind_text (stmt, 2, m->place->id);
      bind_text (stmt, 3, m->qualifier);
      bind_text (stmt, 4, m->place->admin[0]);
      bind_text (stmt, 5, m->place->admin[1]);
      bind_text (stmt, 6, m->place->admin[2]);
      sqlite3_bind_int (stmt, 7, i);
      if (!step_done (self, stmt, "Storing places failed", error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  g_clear_pointer (&stmt, cached_release);

  stmt = cached (self, "INSERT OR IGNORE INTO report_actors (report_id, actor_id, position) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < a->actors->len; i++)
    {
      RasidActor *actor = g_ptr_array_index (a->actors, i);
      sqlite3_bind_int64 (stmt, 1, id);
      bind_text (stmt, 2, actor->id);
      sqlite3_bind_int (stmt, 3, i);
      if (!step_done (self, stmt, "Storing actors failed", error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  g_clear_pointer (&stmt, cached_release);

  stmt = cached (self, "INSERT OR IGNORE INTO report_events (report_id, event) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < a->events->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      bind_text (stmt, 2, g_ptr_array_index (a->events, i));
      if (!step_done (self, stmt, "Storing events failed", error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  g_clear_pointer (&stmt, cached_release);

  stmt = cached (self, "INSERT INTO reports_fts (rowid, text) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, norm);
  return step_done (self, stmt, "Indexing the report failed", error);
}

/**
 * rasid_store_upsert_report:
 * @item: as parsed from the source
 * @analysis: what the analyser read from it
 * @now: Unix time of the fetch (first-seen for new reports)
 *
 * Stores @item, matched by (source, guid), then by link, then by the hash
 * of its normalised headline, so one story from several sources is one
 * report. Call inside rasid_store_begin()/commit().
 *
 * Returns: the report id, or 0 with @error set.
 */
gint64
rasid_store_upsert_report (RasidStore *self, gint64 source_id, RasidFeedItem *item,
                           RasidAnalysis *a, gint64 now, RasidUpsertResult *result, GError **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *guid = NULL;
  g_autofree char *dateline = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  const char *title = a->headline && *a->headline ? a->headline : (item->title ? item->title : "");
  const char *body = item->content ? item->content : item->summary;
  gboolean linked = FALSE;
  gint64 published = item->published;
  gint64 id;

  g_return_val_if_fail (RASID_IS_STORE (self), 0);

  hash = g_strdup (a->dedup_key);
  guid = g_strdup (item->guid ? item->guid : item->link ? item->link : hash);
  if (a->dateline_agency)
    dateline = g_strdup_printf ("%s - %s", a->dateline_agency, a->dateline_place);
  if (published == 0)
    published = a->clock ? rasid_resolve_clock (atoi (a->clock), atoi (a->clock + 3), now, NULL) : now;

  id = find_existing (self, source_id, guid, item->link, hash, &linked, error);
  if (id < 0)
    return 0;

  if (id > 0)
    {
      g_autoptr(CachedStmt) cmp = cached (self, "SELECT title IS ?2 AND body IS ?3 FROM reports WHERE id = ?1", error);
      gboolean same;

      if (cmp == NULL)
        return 0;
      sqlite3_bind_int64 (cmp, 1, id);
      bind_text (cmp, 2, title);
      bind_text (cmp, 3, body);
      if (sqlite3_step (cmp) != SQLITE_ROW)
        return set_error (self, error, sqlite3_errcode (self->db), "Reading the report failed"), 0;
      same = sqlite3_column_int (cmp, 0);
      *result = RASID_UPSERT_UNCHANGED;
      /* Only the source that published it may rewrite a report. */
      if (!same && linked)
        {
          stmt = cached (self,
                          "UPDATE reports SET title = ?2, body = ?3, author = coalesce (?4, author), "
                          "dateline = coalesce (?5, dateline), attribution = ?6, clock = ?7, "
                          "breaking = max (breaking, ?8), updated = ?9, killed = ?10, injured = ?11 "
                          "WHERE id = ?1", error);
          if (stmt == NULL)
            return 0;
          sqlite3_bind_int64 (stmt, 1, id);
          bind_text (stmt, 2, title);
          bind_text (stmt, 3, body);
          bind_text (stmt, 4, item->author);
          bind_text (stmt, 5, dateline);
          bind_text (stmt, 6, a->attribution);
          bind_text (stmt, 7, a->clock);
          sqlite3_bind_int (stmt, 8, item->breaking);
          sqlite3_bind_int64 (stmt, 9, now);
          if (a->killed >= 0) sqlite3_bind_int (stmt, 10, a->killed); else sqlite3_bind_null (stmt, 10);
          if (a->injured >= 0) sqlite3_bind_int (stmt, 11, a->injured); else sqlite3_bind_null (stmt, 11);
          if (!step_done (self, stmt, "Updating the report failed", error) ||
              !write_readings (self, id, title, body, a, TRUE, error))
            return 0;
          *result = RASID_UPSERT_UPDATED;
        }
    }
  else
    {
      stmt = cached (self,
                      "INSERT INTO reports (guid, link, title, body, author, dateline, published, first_seen, "
                      "updated, attribution, clock, breaking, content_hash, killed, injured) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return 0;
      bind_text (stmt, 1, guid);
      bind_text (stmt, 2, item->link);
      bind_text (stmt, 3, title);
      bind_text (stmt, 4, body);
      bind_text (stmt, 5, item->author);
      bind_text (stmt, 6, dateline);
      sqlite3_bind_int64 (stmt, 7, published);
      sqlite3_bind_int64 (stmt, 8, now);
      sqlite3_bind_int64 (stmt, 9, now);
      bind_text (stmt, 10, a->attribution);
      bind_text (stmt, 11, a->clock);
      sqlite3_bind_int (stmt, 12, item->breaking);
      bind_text (stmt, 13, hash);
      if (a->killed >= 0) sqlite3_bind_int (stmt, 14, a->killed); else sqlite3_bind_null (stmt, 14);
      if (a->injured >= 0) sqlite3_bind_int (stmt, 15, a->injured); else sqlite3_bind_null (stmt, 15);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return set_error (self, error, sqlite3_errcode (self->db), "Storing the report failed"), 0;
      id = sqlite3_last_insert_rowid (self->db);
      if (!write_readings (self, id, title, body, a, FALSE, error))
        return 0;
      *result = RASID_UPSERT_NEW;
    }

  if (!linked)
    {
      g_autoptr(CachedStmt) link = cached (self, "INSERT OR IGNORE INTO report_sources (report_id, source_id, guid) "
                                                    "VALUES (?, ?, ?)", error);
      if (link == NULL)
        return 0;
      sqlite3_bind_int64 (link, 1, id);
      sqlite3_bind_int64 (link, 2, source_id);
      bind_text (link, 3, guid);
      if (!step_done (self, link, "Linking the report to its source failed", error))
        return 0;
      /* Another source of a report stored before: the facet index must hear of it. */
      if (*result != RASID_UPSERT_NEW && sqlite3_changes (self->db) > 0)
        {
          g_autoptr(CachedStmt) log = cached (self, "INSERT INTO report_changes (report_id) VALUES (?)", error);
          if (log == NULL)
            return 0;
          sqlite3_bind_int64 (log, 1, id);
          if (!step_done (self, log, "Noting the change failed", error))
            return 0;
        }
    }
  return id;
}

/* ---- queries ------------------------------------------------------------- */

RasidFilter *
rasid_filter_new (void)
{
  return g_new0 (RasidFilter, 1);
}

RasidFilter *
rasid_filter_copy (const RasidFilter *f)
{
  RasidFilter *copy = g_new0 (RasidFilter, 1);

  if (f == NULL)
    return copy;
  *copy = *f;
  copy->place_id = g_strdup (f->place_id);
  copy->actor_id = g_strdup (f->actor_id);
  copy->event = g_strdup (f->event);
  copy->query = g_strdup (f->query);
  return copy;
}

void
rasid_filter_free (RasidFilter *f)
{
  if (f == NULL)
    return;
  g_free (f->place_id);
  g_free (f->actor_id);
  g_free (f->event);
  g_free (f->query);
  g_free (f);
}

char *
rasid_filter_to_json (const RasidFilter *f)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *name; const char *value; } texts[] = {
    { "place", f->place_id }, { "actor", f->actor_id }, { "event", f->event }, { "query", f->query },
  };

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i].value)
      {
        json_builder_set_member_name (b, texts[i].name);
        json_builder_add_string_value (b, texts[i].value);
      }
  if (f->source_id)
    {
      json_builder_set_member_name (b, "source");
      json_builder_add_int_value (b, f->source_id);
    }
  if (f->breaking_only)
    {
      json_builder_set_member_name (b, "breaking");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Watches keep what a filter selects, not when: time windows and
 * read/starred state are left out on purpose. */
RasidFilter *
rasid_filter_from_json (const char *json, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RasidFilter) f = rasid_filter_new ();
  JsonObject *o;

  /* Watches come from other processes' writes: bound the nesting first. */
  if (!rasid_json_check (json, -1, error) || !json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, RASID_STORE_ERROR, RASID_STORE_ERROR_FAILED, "A filter must be a JSON object");
      return NULL;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  f->place_id = g_strdup (json_object_get_string_member_with_default (o, "place", NULL));
  f->actor_id = g_strdup (json_object_get_string_member_with_default (o, "actor", NULL));
  f->event = g_strdup (json_object_get_string_member_with_default (o, "event", NULL));
  f->query = g_strdup (json_object_get_string_member_with_default (o, "query", NULL));
  f->source_id = json_object_get_int_member_with_default (o, "source", 0);
  f->breaking_only = json_object_get_boolean_member_with_default (o, "breaking", FALSE);
  return g_steal_pointer (&f);
}

gboolean
rasid_filter_is_empty (const RasidFilter *f)
{
  return f == NULL || (!f->place_id && !f->actor_id && !f->source_id && !f->event &&
                       !(f->query && *f->query) && !f->since && !f->until && !f->unread_only &&
                       !f->starred_only && !f->breaking_only);
}

/**
 * rasid_fts_query_from_user:
 * @text: what the user typed: words, "a phrase", prefix*
 *
 * Every term is normalised and quoted, so FTS5 operators in user input are
 * only ever literal text. Terms are ANDed.
 *
 * Returns: (nullable): an FTS5 MATCH expression, or %NULL for no terms.
 */
char *
rasid_fts_query_from_user (const char *text)
{
  g_autofree char *norm = rasid_normalize (text);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = norm;

  while (*p)
    {
      g_autoptr(GString) term = g_string_new (NULL);
      gboolean phrase = FALSE, prefix = FALSE;
      g_auto(GStrv) words = NULL;
      g_autofree char *joined = NULL;

      while (*p == ' ')
        p++;
      if (*p == 0)
        break;
      if (*p == '"')
        {
          const char *end = strchr (p + 1, '"');
          phrase = TRUE;
          g_string_append_len (term, p + 1, end ? end - p - 1 : (gssize) strlen (p + 1));
          p = end ? end + 1 : p + strlen (p);
        }
      else
        {
          const char *end = strchr (p, ' ');
          g_string_append_len (term, p, end ? end - p : (gssize) strlen (p));
          p = end ? end : p + strlen (p);
        }
      prefix = !phrase && term->len > 0 && term->str[term->len - 1] == '*';
      /* Punctuation inside a term becomes word breaks, as the index saw them. */
      words = rasid_tokenize (term->str);
      if (words[0] == NULL)
        continue;
      joined = g_strjoinv (" ", words);
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "\"%s\"%s", joined, prefix ? " *" : "");
    }
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* A filter as SQL over reports r, with the values to bind in order. */
typedef struct {
  GString *sql;
  GArray  *binds;   /* Bind */
} Where;

typedef struct {
  char   *text;     /* NULL: bind integer */
  gint64  integer;
} Bind;

static void
bind_clear (Bind *b)
{
  g_free (b->text);
}

static void
where_text (Where *w, const char *clause, const char *value, guint times)
{
  g_string_append_printf (w->sql, " AND %s", clause);
  for (guint i = 0; i < times; i++)
    g_array_append_val (w->binds, ((Bind) { g_strdup (value), 0 }));
}

static void
where_int (Where *w, const char *clause, gint64 value)
{
  g_string_append_printf (w->sql, " AND %s", clause);
  g_array_append_val (w->binds, ((Bind) { NULL, value }));
}

/* Which of report_places' columns a place filter reads: a P-code says its
 * level (SY07, SY0703, SY070300); any other id is a town's. */
RasidPlaceColumn
_rasid_place_column (const char *id)
{
  gsize len = strlen (id);

  for (gsize i = 2; i < len; i++)
    if (!g_ascii_isdigit (id[i]))
      return RASID_PLACE_COLUMN_PLACE;
  if (len < 4 || !g_ascii_isalpha (id[0]) || !g_ascii_isalpha (id[1]))
    return RASID_PLACE_COLUMN_PLACE;
  switch (len)
    {
    case 4: return RASID_PLACE_COLUMN_ADMIN1;
    case 6: return RASID_PLACE_COLUMN_ADMIN2;
    case 8: return RASID_PLACE_COLUMN_ADMIN3;
    default: return RASID_PLACE_COLUMN_PLACE;
    }
}

static const char *place_columns[] = { "place_id", "admin1", "admin2", "admin3" };

static void
where_build (Where *w, const RasidFilter *f)
{
  w->sql = g_string_new (" WHERE 1");
  w->binds = g_array_new (FALSE, TRUE, sizeof (Bind));
  g_array_set_clear_func (w->binds, (GDestroyNotify) bind_clear);
  if (f == NULL)
    return;
  if (f->place_id)
    {
      /* A P-code says its level (SY07, SY0703, SY070300): one index then
       * finds every report in the place or below it. */
      g_autofree char *clause = g_strdup_printf ("r.id IN (SELECT report_id FROM report_places WHERE %s = ?)",
                                                 place_columns[_rasid_place_column (f->place_id)]);
      where_text (w, clause, f->place_id, 1);
    }
  if (f->actor_id)
    where_text (w, "r.id IN (SELECT report_id FROM report_actors WHERE actor_id = ?)", f->actor_id, 1);
  if (f->event)
    where_text (w, "r.id IN (SELECT report_id FROM report_events WHERE event = ?)", f->event, 1);
  if (f->source_id)
    where_int (w, "r.id IN (SELECT report_id FROM report_sources WHERE source_id = ?)", f->source_id);
  if (f->query && *f->query)
    {
      g_autofree char *fts = rasid_fts_query_from_user (f->query);
      if (fts)
        where_text (w, "r.id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)", fts, 1);
    }
  if (f->since)
    where_int (w, "r.published >= ?", f->since);
  if (f->until)
    where_int (w, "r.published < ?", f->until);
  if (f->unread_only)
    g_string_append (w->sql, " AND r.read = 0");
  if (f->starred_only)
    g_string_append (w->sql, " AND r.starred = 1");
  if (f->breaking_only)
    g_string_append (w->sql, " AND r.breaking = 1");
}

static void
where_clear (Where *w)
{
  g_string_free (w->sql, TRUE);
  g_array_unref (w->binds);
}

static sqlite3_stmt *
prepare_where (RasidStore *self, const char *head, Where *w, const char *tail, GError **error)
{
  g_autofree char *sql = g_strconcat (head, w->sql->str, tail ? tail : "", NULL);
  sqlite3_stmt *stmt = prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  for (guint k = 0; k < w->binds->len; k++)
    {
      Bind *b = &g_array_index (w->binds, Bind, k);
      if (b->text)
        bind_text (stmt, k + 1, b->text);
      else
        sqlite3_bind_int64 (stmt, k + 1, b->integer);
    }
  return stmt;
}

/* The first column of every row of @stmt, as gint64. */
static GArray *
step_ids (RasidStore *self, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, "Searching the reports failed");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * rasid_store_query_ids:
 *
 * Returns: (transfer full) (element-type gint64): ids of matching reports,
 * newest first. Ids only: rows are loaded a page at a time by the list.
 */
GArray *
rasid_store_query_ids (RasidStore *self, const RasidFilter *filter, GError **error)
{
  Where w;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  where_build (&w, filter);
  stmt = prepare_where (self, "SELECT r.id FROM reports r", &w, " ORDER BY r.published DESC, r.id DESC", error);
  where_clear (&w);
  if (stmt == NULL)
    return NULL;
  return step_ids (self, stmt, error);
}

/**
 * rasid_store_match_ids:
 * @query: full-text search in the user's syntax
 *
 * Returns: (transfer full) (element-type gint64): ids of the reports whose
 * text matches, in no particular order; all of them when @query makes no
 * search (only punctuation, say), as the filter treats it.
 */
GArray *
rasid_store_match_ids (RasidStore *self, const char *query, GError **error)
{
  g_autofree char *fts = rasid_fts_query_from_user (query);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = cached (self, fts ? "SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?" : "SELECT id FROM reports", error);
  if (stmt == NULL)
    return NULL;
  if (fts)
    bind_text (stmt, 1, fts);
  return step_ids (self, stmt, error);
}

gint64
rasid_store_count_reports (RasidStore *self, const RasidFilter *filter, GError **error)
{
  Where w;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  where_build (&w, filter);
  stmt = prepare_where (self, "SELECT count(*) FROM reports r", &w, NULL, error);
  where_clear (&w);
  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return set_error (self, error, rc, "Counting reports failed"), -1;
  return sqlite3_column_int64 (stmt, 0);
}

static char *
filter_key (const RasidFilter *f)
{
  g_autofree char *json = rasid_filter_to_json (f);

  return g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%d%d", json, f->since, f->until,
                          f->unread_only, f->starred_only);
}

/**
 * rasid_store_prepare_scope:
 *
 * Notes the reports matching @filter in a temporary table, so that the
 * sidebar's counts of places, actors, events and sources under that same
 * filter join it instead of evaluating the filter again for each.
 */
gboolean
rasid_store_prepare_scope (RasidStore *self, const RasidFilter *filter, GError **error)
{
  g_autofree char *key = filter_key (filter);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Where w;
  int rc;

  /* Made anew each time: the same filter may match other reports now. */
  g_clear_pointer (&self->scope_key, g_free);
  if (!exec (self, "DROP TABLE IF EXISTS temp.scope; CREATE TEMP TABLE scope (id INTEGER PRIMARY KEY)", error))
    return FALSE;
  where_build (&w, filter);
  stmt = prepare_where (self, "INSERT INTO temp.scope SELECT r.id FROM reports r", &w, NULL, error);
  where_clear (&w);
  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return set_error (self, error, rc, "Selecting the reports to count failed");
  self->scope_key = g_steal_pointer (&key);
  return TRUE;
}

/* Whether temp.scope holds exactly the reports of @filter. */
static gboolean
scope_matches (RasidStore *self, const RasidFilter *filter)
{
  g_autofree char *key = NULL;

  if (self->scope_key == NULL || filter == NULL)
    return FALSE;
  key = filter_key (filter);
  return g_str_equal (key, self->scope_key);
}

static gboolean
where_is_empty (Where *w)
{
  return w->binds->len == 0 && g_str_equal (w->sql->str, " WHERE 1");
}

/* The value in the first column → the count in the second, for each row. */
static GHashTable *
count_grouped (RasidStore *self, const char *head, Where *w, const char *tail, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  stmt = prepare_where (self, head, w, tail, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_text (stmt, 0))
      g_hash_table_insert (counts, column_dup (stmt, 0), GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, "Counting failed");
      return NULL;
    }
  return g_steal_pointer (&counts);
}

/* Counts reports per facet value, from the link table @table (as t), under
 * @others: the filter with the facet's own part cleared, since a facet's
 * counts say what choosing each value would give. @own_set says whether
 * @filter had that part. @extra, if set, is one more clause binding
 * @extra_value @extra_times times. */
static GHashTable *
count_facet (RasidStore *self, const RasidFilter *filter, const RasidFilter *others, gboolean own_set,
             const char *select, const char *table, const char *group,
             const char *extra, const char *extra_value, guint extra_times, GError **error)
{
  g_autofree char *head = NULL;
  g_autofree char *tail = g_strdup_printf (" GROUP BY %s", group);
  GHashTable *counts;
  Where w;

  where_build (&w, others);
  /* With no other filter the reports table has nothing to say; under the
   * scope's filter, the scope already knows the reports. */
  if (where_is_empty (&w))
    head = g_strdup_printf ("SELECT %s FROM %s t", select, table);
  else if (!own_set && scope_matches (self, filter))
    {
      where_clear (&w);
      where_build (&w, NULL);
      head = g_strdup_printf ("SELECT %s FROM %s t JOIN temp.scope scope ON scope.id = t.report_id", select, table);
    }
  else
    head = g_strdup_printf ("SELECT %s FROM reports r JOIN %s t ON t.report_id = r.id", select, table);
  if (extra)
    where_text (&w, extra, extra_value, extra_times);
  counts = count_grouped (self, head, &w, tail, error);
  where_clear (&w);
  return counts;
}

/**
 * rasid_store_count_places:
 * @level: 0 governorates, 1 districts, 2 subdistricts, 3 any matched place
 * @parent: (nullable): only places under this id
 *
 * Counts reports per place under every filter but the place filter itself.
 *
 * Returns: (transfer full): place id → count (GINT_TO_POINTER)
 */
GHashTable *
rasid_store_count_places (RasidStore *self, const RasidFilter *filter, guint level,
                          const char *parent, GError **error)
{
  static const char *columns[] = { "t.admin1", "t.admin2", "t.admin3", "t.place_id" };
  g_autoptr(RasidFilter) others = rasid_filter_copy (filter);
  g_autofree char *select = NULL;

  g_return_val_if_fail (level < G_N_ELEMENTS (columns), NULL);
  g_clear_pointer (&others->place_id, g_free);
  /* A report names several places under one governorate: count it once. */
  select = g_strdup_printf ("%s, count(DISTINCT t.report_id)", columns[level]);
  return count_facet (self, filter, others, filter && filter->place_id, select, "report_places", columns[level],
                      parent ? "(t.admin1 = ? OR t.admin2 = ? OR t.admin3 = ?)" : NULL, parent, 3, error);
}

GHashTable *
rasid_store_count_actors (RasidStore *self, const RasidFilter *filter, GError **error)
{
  g_autoptr(RasidFilter) others = rasid_filter_copy (filter);

  g_clear_pointer (&others->actor_id, g_free);
  return count_facet (self, filter, others, filter && filter->actor_id, "t.actor_id, count(*)",
                      "report_actors", "t.actor_id", NULL, NULL, 0, error);
}

GHashTable *
rasid_store_count_sources (RasidStore *self, const RasidFilter *filter, GError **error)
{
  g_autoptr(RasidFilter) others = rasid_filter_copy (filter);

  others->source_id = 0;
  return count_facet (self, filter, others, filter && filter->source_id, "CAST (t.source_id AS TEXT), count(DISTINCT t.report_id)",
                      "report_sources", "t.source_id", NULL, NULL, 0, error);
}

GHashTable *
rasid_store_count_events (RasidStore *self, const RasidFilter *filter, GError **error)
{
  g_autoptr(RasidFilter) others = rasid_filter_copy (filter);

  g_clear_pointer (&others->event, g_free);
  return count_facet (self, filter, others, filter && filter->event, "t.event, count(*)",
                      "report_events", "t.event", NULL, NULL, 0, error);
}

/* ---- watches ---------------------------------------------------------- */

void
rasid_watch_free (RasidWatch *watch)
{
  if (watch == NULL)
    return;
  g_free (watch->name);
  g_free (watch->filter_json);
  g_free (watch);
}

/* A new watch starts "seen" up to now: it tells only of what comes next. */
gint64
rasid_store_add_watch (RasidStore *self, const char *name, const RasidFilter *filter, GError **error)
{
  g_autofree char *json = rasid_filter_to_json (filter);
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "INSERT INTO watches (name, filter, created, last_seen) "
                                                "VALUES (?, ?, ?, (SELECT coalesce (max (id), 0) FROM reports)) RETURNING id", error);
  gint64 id;
  int rc;

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, json);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  if (!rasid_store_begin (self, error))
    return 0;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return end_write (self, set_error (self, error, rc, "Saving the watch failed"), NULL), 0;
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return end_write (self, TRUE, error) ? id : 0;
}

gboolean
rasid_store_remove_watch (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "DELETE FROM watches WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rasid_store_begin (self, error))
    return FALSE;
  return end_write (self, step_done (self, stmt, "Removing the watch failed", error), error);
}

gboolean
rasid_store_mark_watch_seen (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "UPDATE watches SET last_seen = (SELECT coalesce (max (id), 0) FROM reports) "
                                                "WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rasid_store_begin (self, error))
    return FALSE;
  return end_write (self, step_done (self, stmt, "Updating the watch failed", error), error);
}

/* Each watch with the number of matching reports newer than it was last seen. */
GPtrArray *
rasid_store_list_watches (RasidStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT id, name, filter, last_seen FROM watches ORDER BY name", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_watch_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RasidWatch *w = g_new0 (RasidWatch, 1);
      g_autoptr(RasidFilter) filter = NULL;

      w->id = sqlite3_column_int64 (stmt, 0);
      w->name = column_dup (stmt, 1);
      w->filter_json = column_dup (stmt, 2);
      w->last_seen = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (out, w);
      filter = rasid_filter_from_json (w->filter_json, NULL);
      if (filter)
        {
          Where where;
          g_autoptr(sqlite3_stmt) count = NULL;

          where_build (&where, filter);
          where_int (&where, "r.id > ?", w->last_seen);
          count = prepare_where (self, "SELECT count(*) FROM reports r", &where, NULL, error);
          where_clear (&where);
          if (count == NULL)
            return NULL;
          if (sqlite3_step (count) == SQLITE_ROW)
            w->new_count = sqlite3_column_int64 (count, 0);
        }
    }
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, "Listing watches failed"), NULL;
  return g_steal_pointer (&out);
}

static const char *report_columns =
  "SELECT r.id, r.title, r.body, r.link, r.author, r.dateline, r.attribution, r.clock, "
  "  (SELECT coalesce (s.title, s.url) FROM report_sources rs JOIN sources s ON s.id = rs.source_id "
  "   WHERE rs.report_id = r.id ORDER BY rs.rowid LIMIT 1), "
  "  r.published, r.first_seen, r.breaking, r.read, r.starred, r.killed, r.injured, "
  "  (SELECT group_concat (event, ' ') FROM report_events e WHERE e.report_id = r.id) "
  "FROM reports r WHERE r.id = ?";

/**
 * rasid_store_load_reports:
 *
 * Returns: (transfer full) (element-type RasidReport): one report per id
 * still stored, in the order of @ids.
 */
GPtrArray *
rasid_store_load_reports (RasidStore *self, const gint64 *ids, guint n_ids, GError **error)
{
  g_autoptr(CachedStmt) stmt = cached (self, report_columns, error);
  g_autoptr(CachedStmt) places = NULL;
  g_autoptr(CachedStmt) actors = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);

  if (stmt == NULL)
    return NULL;
  places = cached (self, "SELECT p.place_id, coalesce (g.name_ar, p.place_id), g.name_en, p.admin1, p.qualifier "
                          "FROM report_places p LEFT JOIN places g ON g.id = p.place_id "
                          "WHERE p.report_id = ? ORDER BY p.position", error);
  actors = cached (self, "SELECT a.actor_id, coalesce (g.name_ar, a.actor_id), g.name_en "
                          "FROM report_actors a LEFT JOIN actors g ON g.id = a.actor_id "
                          "WHERE a.report_id = ? ORDER BY a.position", error);
  if (places == NULL || actors == NULL)
    return NULL;

  for (guint i = 0; i < n_ids; i++)
    {
      RasidReportFields f = { 0 };
      g_autoptr(RasidReport) report = NULL;
      g_autofree char *events = NULL;
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        {
          set_error (self, error, rc, "Loading a report failed");
          return NULL;
        }
      report = rasid_report_new (sqlite3_column_int64 (stmt, 0));
      f.title = column_dup (stmt, 1);
      f.body = column_dup (stmt, 2);
      f.link = column_dup (stmt, 3);
      f.author = column_dup (stmt, 4);
      f.dateline = column_dup (stmt, 5);
      f.attribution = column_dup (stmt, 6);
      f.clock = column_dup (stmt, 7);
      f.source_title = column_dup (stmt, 8);
      f.published = sqlite3_column_int64 (stmt, 9);
      f.first_seen = sqlite3_column_int64 (stmt, 10);
      f.breaking = sqlite3_column_int (stmt, 11);
      f.read = sqlite3_column_int (stmt, 12);
      f.starred = sqlite3_column_int (stmt, 13);
      f.killed = sqlite3_column_type (stmt, 14) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 14);
      f.injured = sqlite3_column_type (stmt, 15) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 15);
      events = column_dup (stmt, 16);
      f.events = events ? g_strsplit (events, " ", -1) : g_new0 (char *, 1);
      rasid_report_take_fields (report, &f);

      sqlite3_reset (places);
      sqlite3_bind_int64 (places, 1, ids[i]);
      while (sqlite3_step (places) == SQLITE_ROW)
        {
          RasidReportPlace *p = g_new0 (RasidReportPlace, 1);
          p->id = column_dup (places, 0);
          p->name_ar = column_dup (places, 1);
          p->name_en = column_dup (places, 2);
          p->admin1 = column_dup (places, 3);
          p->qualifier = column_dup (places, 4);
          rasid_report_add_place (report, p);
        }
      sqlite3_reset (actors);
      sqlite3_bind_int64 (actors, 1, ids[i]);
      while (sqlite3_step (actors) == SQLITE_ROW)
        {
          RasidReportActor *a = g_new0 (RasidReportActor, 1);
          a->id = column_dup (actors, 0);
          a->name_ar = column_dup (actors, 1);
          a->name_en = column_dup (actors, 2);
          rasid_report_add_actor (report, a);
        }
      g_ptr_array_add (out, g_steal_pointer (&report));
    }
  return g_steal_pointer (&out);
}

RasidReport *
rasid_store_load_report (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(GPtrArray) reports = rasid_store_load_reports (self, &id, 1, error);

  if (reports == NULL)
    return NULL;
  if (reports->len == 0)
    {
      g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND,
                   "No report with id %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (reports, 0));
}

/* @read, @starred: 0 or 1 to set, -1 to leave. */
gboolean
rasid_store_set_flags (RasidStore *self, gint64 id, int read, int starred, GError **error)
{
  g_autoptr(CachedStmt) stmt = cached (self, "UPDATE reports SET read = coalesce (?2, read), "
                                                "starred = coalesce (?3, starred) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (read >= 0) sqlite3_bind_int (stmt, 2, read); else sqlite3_bind_null (stmt, 2);
  if (starred >= 0) sqlite3_bind_int (stmt, 3, starred); else sqlite3_bind_null (stmt, 3);
  if (!rasid_store_begin (self, error))
    return FALSE;
  return end_write (self, step_done (self, stmt, "Saving the report state failed", error), error);
}

/**
 * rasid_store_reanalyze:
 *
 * Reads every stored report again (after the gazetteer or the actor list
 * changed) and replaces its places, actors, events and casualty counts.
 * Read and starred state, attribution and times stay. Works in batches of
 * 500 reports per transaction so readers are never held up for long.
 *
 * Returns: the number of reports read again, or -1 with @error set.
 */
gint64
rasid_store_reanalyze (RasidStore *self, RasidAnalyzer *analyzer, GCancellable *cancellable, GError **error)
{
  gint64 last = 0, done = 0;

  if (!rasid_store_sync_lexicons (self, analyzer, error))
    return -1;
  for (;;)
    {
      g_autoptr(CachedStmt) select = cached (self, "SELECT id, title, body FROM reports WHERE id > ? ORDER BY id LIMIT 500", error);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_analysis_free);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      int rc;

      if (select == NULL)
        return -1;
      sqlite3_bind_int64 (select, 1, last);
      while ((rc = sqlite3_step (select)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (select, 0);
          g_array_append_val (ids, id);
          g_ptr_array_add (texts, column_dup (select, 1));
          g_ptr_array_add (texts, column_dup (select, 2));
        }
      if (rc != SQLITE_DONE)
        return set_error (self, error, rc, "Reading reports failed"), -1;
      g_clear_pointer (&select, cached_release);
      if (ids->len == 0)
        return done;
      last = g_array_index (ids, gint64, ids->len - 1);

      /* Read outside the write lock: other writers wait only for the rows. */
      for (guint i = 0; i < ids->len; i++)
        {
          const char *title = g_ptr_array_index (texts, 2 * i);
          const char *body = g_ptr_array_index (texts, 2 * i + 1);
          g_ptr_array_add (analyses, rasid_analyzer_analyze (analyzer, title ? title : "", body && *body ? body : NULL));
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !rasid_store_begin (self, error))
        return -1;
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          const char *title = g_ptr_array_index (texts, 2 * i);
          const char *body = g_ptr_array_index (texts, 2 * i + 1);
          RasidAnalysis *a = g_ptr_array_index (analyses, i);
          g_autoptr(CachedStmt) update = cached (self, "UPDATE reports SET killed = ?2, injured = ?3 WHERE id = ?1", error);

          if (update == NULL)
            return end_write (self, FALSE, NULL), -1;
          sqlite3_bind_int64 (update, 1, id);
          if (a->killed >= 0) sqlite3_bind_int (update, 2, a->killed); else sqlite3_bind_null (update, 2);
          if (a->injured >= 0) sqlite3_bind_int (update, 3, a->injured); else sqlite3_bind_null (update, 3);
          if (!step_done (self, update, "Updating the report failed", error))
            return end_write (self, FALSE, NULL), -1;
          /* Removed by another writer since it was read: nothing to redo. */
          if (sqlite3_changes (self->db) == 0)
            continue;
          if (!write_readings (self, id, title ? title : "", body && *body ? body : NULL, a, TRUE, error))
            return end_write (self, FALSE, NULL), -1;
          done++;
        }
      if (!end_write (self, TRUE, error))
        return -1;
    }
}

/**
 * rasid_store_prune:
 * @published_before: Unix time; older reports go, starred ones stay
 *
 * The retention setting. Returns: reports removed, or -1 with @error set.
 */
gint64
rasid_store_prune (RasidStore *self, gint64 published_before, GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "DELETE FROM reports_fts WHERE rowid IN (SELECT id FROM reports WHERE published < %1$" G_GINT64_FORMAT " AND starred = 0);"
    "DELETE FROM reports WHERE published < %1$" G_GINT64_FORMAT " AND starred = 0;", published_before);
  gint64 removed;

  if (!rasid_store_begin (self, error))
    return -1;
  if (!exec (self, sql, error))
    return end_write (self, FALSE, NULL), -1;
  removed = sqlite3_changes (self->db);
  return end_write (self, TRUE, error) ? removed : -1;
}

/**
 * rasid_store_changes_since:
 * @since: the newest change number the caller saw, or -1 if it saw none
 * @latest: (out): the newest change number
 *
 * Returns: (transfer full) (element-type gint64): the distinct ids of
 * reports rewritten, marked, relinked or deleted after change @since, or
 * NULL with @error set. Since -1, none (the caller has nothing to update).
 */
GArray *
rasid_store_changes_since (RasidStore *self, gint64 since, gint64 *latest, GError **error)
{
  g_autoptr(CachedStmt) head = cached (self, "SELECT coalesce (max (seq), 0) FROM report_changes", error);
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if (head == NULL)
    return NULL;
  if ((rc = sqlite3_step (head)) != SQLITE_ROW)
    return set_error (self, error, rc, "Reading the change log failed"), NULL;
  *latest = sqlite3_column_int64 (head, 0);
  if (since < 0)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  stmt = cached (self, "SELECT DISTINCT report_id FROM report_changes WHERE seq > ? AND seq <= ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, *latest);
  return step_ids (self, stmt, error);
}

/**
 * rasid_store_trim_changes:
 * @keep: how many of the latest entries stay
 *
 * Keeps the change log (schema v7) from growing without end: a facet index
 * further behind than what is left reads everything again.
 */
gboolean
rasid_store_trim_changes (RasidStore *self, guint keep, GError **error)
{
  g_autoptr(CachedStmt) stmt = cached (self, "DELETE FROM report_changes "
                                             "WHERE seq <= (SELECT max (seq) FROM report_changes) - ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep);
  if (!rasid_store_begin (self, error))
    return FALSE;
  return end_write (self, step_done (self, stmt, "Trimming the change log failed", error), error);
}

/* One row of places or actors as a string, to tell whether it changed. */
static char *
lexicon_row (const char *id, const char *level, const char *parent, const char *name_ar, const char *name_en,
             double lat, double lon)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%.6f\x1f%.6f", id, level ? level : "", parent ? parent : "",
                          name_ar ? name_ar : "", name_en ? name_en : "", isnan (lat) ? 0.0 : lat, isnan (lon) ? 0.0 : lon);
}

static GHashTable *
stored_lexicon (RasidStore *self, const char *sql, GError **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (rows, lexicon_row ((const char *) sqlite3_column_text (stmt, 0),
                                         (const char *) sqlite3_column_text (stmt, 1),
                                         (const char *) sqlite3_column_text (stmt, 2),
                                         (const char *) sqlite3_column_text (stmt, 3),
                                         (const char *) sqlite3_column_text (stmt, 4),
                                         sqlite3_column_type (stmt, 5) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 5),
                                         sqlite3_column_type (stmt, 6) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 6)));
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, "Reading the gazetteer failed"), NULL;
  return g_steal_pointer (&rows);
}

/* Mirrors the gazetteer and the actor list into the database, so names
 * resolve in queries and exports without loading them. Every refresh of
 * every process calls it: only rows that differ are written, so the usual
 * call reads and takes no write lock at all. */
gboolean
rasid_store_sync_lexicons (RasidStore *self, RasidAnalyzer *analyzer, GError **error)
{
  GPtrArray *places = rasid_gazetteer_get_places (rasid_analyzer_get_gazetteer (analyzer));
  GPtrArray *actors = rasid_actors_get_all (rasid_analyzer_get_actors (analyzer));
  g_autoptr(GHashTable) stored_places = NULL;
  g_autoptr(GHashTable) stored_actors = NULL;
  g_autoptr(GPtrArray) changed_places = g_ptr_array_new ();
  g_autoptr(GPtrArray) changed_actors = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) ins_place = NULL;
  g_autoptr(sqlite3_stmt) ins_actor = NULL;

  stored_places = stored_lexicon (self, "SELECT id, level, parent, name_ar, name_en, lat, lon FROM places", error);
  if (stored_places == NULL)
    return FALSE;
  stored_actors = stored_lexicon (self, "SELECT id, NULL, NULL, name_ar, name_en, NULL, NULL FROM actors", error);
  if (stored_actors == NULL)
    return FALSE;
  for (guint i = 0; i < places->len; i++)
    {
      const RasidPlace *p = g_ptr_array_index (places, i);
      g_autofree char *row = lexicon_row (p->id, rasid_place_level_to_string (p->level), p->parent,
                                          p->name_ar, p->name_en, p->lat, p->lon);
      if (!g_hash_table_contains (stored_places, row))
        g_ptr_array_add (changed_places, (gpointer) p);
    }
  for (guint i = 0; i < actors->len; i++)
    {
      const RasidActor *a = g_ptr_array_index (actors, i);
      g_autofree char *row = lexicon_row (a->id, NULL, NULL, a->name_ar, a->name_en, NAN, NAN);
      if (!g_hash_table_contains (stored_actors, row))
        g_ptr_array_add (changed_actors, (gpointer) a);
    }
  if (changed_places->len == 0 && changed_actors->len == 0)
    return TRUE;

  if (!rasid_store_begin (self, error))
    return FALSE;
  ins_place = prepare (self, "INSERT OR REPLACE INTO places (id, level, parent, name_ar, name_en, lat, lon) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  ins_actor = prepare (self, "INSERT OR REPLACE INTO actors (id, name_ar, name_en) VALUES (?, ?, ?)", error);
  if (ins_place == NULL || ins_actor == NULL)
    goto fail;
  for (guint i = 0; i < changed_places->len; i++)
    {
      const RasidPlace *p = g_ptr_array_index (changed_places, i);
      bind_text (ins_place, 1, p->id);
      bind_text (ins_place, 2, rasid_place_level_to_string (p->level));
      bind_text (ins_place, 3, p->parent);
      bind_text (ins_place, 4, p->name_ar);
      bind_text (ins_place, 5, p->name_en);
      if (isnan (p->lat)) sqlite3_bind_null (ins_place, 6); else sqlite3_bind_double (ins_place, 6, p->lat);
      if (isnan (p->lon)) sqlite3_bind_null (ins_place, 7); else sqlite3_bind_double (ins_place, 7, p->lon);
      if (!step_done (self, ins_place, "Storing the gazetteer failed", error))
        goto fail;
      sqlite3_reset (ins_place);
    }
  for (guint i = 0; i < changed_actors->len; i++)
    {
      const RasidActor *a = g_ptr_array_index (changed_actors, i);
      bind_text (ins_actor, 1, a->id);
      bind_text (ins_actor, 2, a->name_ar);
      bind_text (ins_actor, 3, a->name_en);
      if (!step_done (self, ins_actor, "Storing the actor list failed", error))
        goto fail;
      sqlite3_reset (ins_actor);
    }
  return end_write (self, TRUE, error);

fail:
  return end_write (self, FALSE, NULL);
}
