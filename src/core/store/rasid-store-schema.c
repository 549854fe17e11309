/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-schema.c: the schema, one migration per version, applied
 * forward in one transaction when a database is opened. */
#include "rasid-store.h"
#include "rasid-store-private.h"

#include <string.h>
#include "rasid-normalize.h"

/* ---- schema ---------------------------------------------------------------
 * Each step takes the schema from version N-1 to N. Never edit a step that
 * has shipped: add another. */

static gboolean migrate_fts (RasidStore *self, GError **error);

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

/* v9: stories, reports of one event from several outlets
 * (rasid-store-stories.c). A story goes with its last report. */
static const char *migration_v9 =
  "CREATE TABLE stories ("
  "  id INTEGER PRIMARY KEY,"
  "  first_report_id INTEGER, first_source_id INTEGER,"
  "  first_time INTEGER NOT NULL, last_time INTEGER NOT NULL,"
  "  event TEXT, headline TEXT,"
  "  n_reports INTEGER NOT NULL DEFAULT 0, n_outlets INTEGER NOT NULL DEFAULT 0,"
  "  n_citations INTEGER NOT NULL DEFAULT 0,"
  "  killed_min INTEGER, killed_max INTEGER, injured_min INTEGER, injured_max INTEGER,"
  "  updated INTEGER NOT NULL"
  ");"
  "CREATE INDEX stories_last ON stories (last_time DESC, id DESC);"
  "CREATE TABLE story_reports ("
  "  story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
  "  report_id INTEGER NOT NULL UNIQUE REFERENCES reports (id) ON DELETE CASCADE,"
  "  source_id INTEGER NOT NULL,"
  "  cited_source TEXT,"
  "  role TEXT NOT NULL,"
  "  changed_story INTEGER NOT NULL DEFAULT 0,"
  "  score REAL"
  ");"
  "CREATE INDEX story_reports_story ON story_reports (story_id);"
  "CREATE TRIGGER story_reports_emptied AFTER DELETE ON story_reports "
  "  WHEN NOT EXISTS (SELECT 1 FROM story_reports WHERE story_id = OLD.story_id) BEGIN "
  "  DELETE FROM stories WHERE id = OLD.story_id; END;";

/* v10: the cause of a source's last failure (rasid-source-health.h), so
 * the UI tells it in the analyst's language. */
static const char *migration_v10 =
  "ALTER TABLE sources ADD COLUMN last_error_kind TEXT;";

/* v11: the facet index knows each report's story. A report filed in a
 * story adds a story_reports row, which the index follows by rowid (no log
 * entry: ingest files every new report, and a row each would double the
 * log); a row removed or moved is logged, so the index reads that report
 * again, and knows rowids above what survives may be taken again. */
static const char *migration_v11 =
  "CREATE TRIGGER story_reports_unfiled AFTER DELETE ON story_reports BEGIN "
  "  INSERT INTO report_changes (report_id) VALUES (OLD.report_id); END;"
  "CREATE TRIGGER story_reports_moved AFTER UPDATE OF story_id, report_id ON story_reports BEGIN "
  "  INSERT INTO report_changes (report_id) VALUES (OLD.report_id);"
  "  INSERT INTO report_changes (report_id) VALUES (NEW.report_id); END;";

static gboolean
migrate_to (RasidStore *self, int version, GError **error)
{
  switch (version)
    {
    case 1: return _rasid_store_exec (self, migration_v1, error);
    case 2: return _rasid_store_exec (self, migration_v2, error);
    case 3: return migrate_fts (self, error);
    case 4: return _rasid_store_exec (self, migration_v4, error);
    case 5: return _rasid_store_exec (self, migration_v5, error);
    case 6: return _rasid_store_exec (self, migration_v6, error);
    case 7: return _rasid_store_exec (self, migration_v7, error);
    case 8: return _rasid_store_exec (self, migration_v8, error);
    case 9: return _rasid_store_exec (self, migration_v9, error);
    case 10: return _rasid_store_exec (self, migration_v10, error);
    case 11: return _rasid_store_exec (self, migration_v11, error);
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

  if (!_rasid_store_exec (self, "CREATE VIRTUAL TABLE reports_fts USING fts5 (text, "
                   "tokenize = 'unicode61 remove_diacritics 2')", error))
    return FALSE;
  select = _rasid_store_prepare (self, "SELECT id, title, body, attribution FROM reports", error);
  insert = _rasid_store_prepare (self, "INSERT INTO reports_fts (rowid, text) VALUES (?, ?)", error);
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
        return _rasid_store_set_error (self, error, rc, "Indexing stored reports failed");
      sqlite3_reset (insert);
    }
  if (rc != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Reading stored reports failed");
  return TRUE;
}

int
_rasid_store_read_user_version (RasidStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = _rasid_store_prepare (self, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _rasid_store_set_error (self, error, rc, "Reading the schema version failed");
      return -1;
    }
  return sqlite3_column_int (stmt, 0);
}

gboolean
_rasid_store_migrate (RasidStore *self, int target, GError **error)
{
  int version = _rasid_store_read_user_version (self, error);

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
  version = _rasid_store_read_user_version (self, error);
  if (version < 0)
    return _rasid_store_end_write (self, FALSE, NULL);
  for (int v = MAX (version, 0) + 1; v <= target; v++)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", v);
      if (!migrate_to (self, v, error) || !_rasid_store_exec (self, pragma, error))
        return _rasid_store_end_write (self, FALSE, NULL);
    }
  if (!_rasid_store_end_write (self, TRUE, error))
    return FALSE;
  self->version = MAX (target, version);
  return TRUE;
}
