/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-sources.c: the sources an analyst follows and their health. */
#include "rasid-store.h"
#include "rasid-store-private.h"

#include <string.h>

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
  g_free (s->last_error_kind);
  g_free (s->rules);
  g_free (s->last_warning);
  g_free (s->time_zone);
  g_free (s);
}

/* Runs @stmt, an UPDATE of source @id, as one write: NOT_FOUND when there
 * is no such source. */
static gboolean
update_source (RasidStore *self, sqlite3_stmt *stmt, gint64 id, GError **error)
{
  if (!rasid_store_begin (self, error))
    return FALSE;
  if (!_rasid_store_step_done (self, stmt, "Changing the source failed", error))
    return _rasid_store_end_write (self, FALSE, NULL);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND, "No source with id %" G_GINT64_FORMAT, id);
      return _rasid_store_end_write (self, FALSE, NULL);
    }
  return _rasid_store_end_write (self, TRUE, error);
}

/* NULL / -1 leave a field as it is; an empty @rules clears them. */
gboolean
rasid_store_set_source_options (RasidStore *self, gint64 id, const char *kind, const char *rules,
                                int full_text, int enabled, int refresh_interval, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _rasid_store_prepare (self,
    "UPDATE sources SET kind = coalesce (?2, kind), "
    "  rules = CASE WHEN ?3 IS NULL THEN rules WHEN ?3 = '' THEN NULL ELSE ?3 END, "
    "  full_text = coalesce (?4, full_text), enabled = coalesce (?5, enabled), "
    "  refresh_interval = coalesce (?6, refresh_interval), next_fetch = NULL WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  _rasid_bind_text (stmt, 2, kind);
  _rasid_bind_text (stmt, 3, rules);
  if (full_text >= 0) sqlite3_bind_int (stmt, 4, full_text); else sqlite3_bind_null (stmt, 4);
  if (enabled >= 0) sqlite3_bind_int (stmt, 5, enabled); else sqlite3_bind_null (stmt, 5);
  if (refresh_interval > 0) sqlite3_bind_int (stmt, 6, refresh_interval); else sqlite3_bind_null (stmt, 6);
  return update_source (self, stmt, id, error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _rasid_store_prepare (self, "UPDATE sources SET time_zone = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  _rasid_bind_text (stmt, 2, zone && *zone ? zone : NULL);
  return update_source (self, stmt, id, error);
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

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rasid_store_begin (self, error))
    return FALSE;
  return _rasid_store_end_write (self, _rasid_store_exec (self, sql, error), error);
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
  g_return_val_if_fail (url != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  stmt = _rasid_store_prepare (self,
                  "INSERT INTO sources (url, title, kind, is_ticker) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (url) DO UPDATE SET url = excluded.url RETURNING id", error);
  if (stmt == NULL)
    return 0;
  _rasid_bind_text (stmt, 1, url);
  _rasid_bind_text (stmt, 2, title);
  _rasid_bind_text (stmt, 3, kind ? kind : "auto");
  sqlite3_bind_int (stmt, 4, is_ticker);
  if (!rasid_store_begin (self, error))
    return 0;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _rasid_store_set_error (self, error, rc, "Adding the source failed");
      return _rasid_store_end_write (self, FALSE, NULL), 0;
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return _rasid_store_end_write (self, TRUE, error) ? id : 0;
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
  g_autoptr(RasidCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _rasid_store_cached (self, "SELECT 1 FROM sources WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    _rasid_store_set_error (self, error, rc, "Reading the source failed");
  return FALSE;
}

#define SOURCE_COLUMNS \
  "s.id, s.url, s.title, s.kind, s.enabled, s.is_ticker, s.refresh_interval, s.etag, " \
  "s.last_modified, s.last_fetch, s.last_success, s.last_error, s.last_status, s.new_count, " \
  "s.updated_count, s.failures, s.next_fetch, " \
  "(SELECT count(*) FROM report_sources rs WHERE rs.source_id = s.id), s.rules, s.full_text, " \
  "s.last_warning, s.time_zone, s.last_error_kind"

static RasidSource *
source_from_row (sqlite3_stmt *stmt)
{
  RasidSource *s = g_new0 (RasidSource, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->url = _rasid_column_dup (stmt, 1);
  s->title = _rasid_column_dup (stmt, 2);
  s->kind = _rasid_column_dup (stmt, 3);
  s->enabled = sqlite3_column_int (stmt, 4);
  s->is_ticker = sqlite3_column_int (stmt, 5);
  s->refresh_interval = sqlite3_column_int (stmt, 6);
  s->etag = _rasid_column_dup (stmt, 7);
  s->last_modified = _rasid_column_dup (stmt, 8);
  s->last_fetch = sqlite3_column_int64 (stmt, 9);
  s->last_success = sqlite3_column_int64 (stmt, 10);
  s->last_error = _rasid_column_dup (stmt, 11);
  s->last_status = sqlite3_column_int (stmt, 12);
  s->new_count = sqlite3_column_int (stmt, 13);
  s->updated_count = sqlite3_column_int (stmt, 14);
  s->failures = sqlite3_column_int (stmt, 15);
  s->next_fetch = sqlite3_column_int64 (stmt, 16);
  s->report_count = sqlite3_column_int64 (stmt, 17);
  s->rules = _rasid_column_dup (stmt, 18);
  s->full_text = sqlite3_column_int (stmt, 19);
  s->last_warning = _rasid_column_dup (stmt, 20);
  s->time_zone = _rasid_column_dup (stmt, 21);
  s->last_error_kind = _rasid_column_dup (stmt, 22);
  return s;
}

GPtrArray *
rasid_store_list_sources (RasidStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_source_free);
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _rasid_store_prepare (self, "SELECT " SOURCE_COLUMNS " FROM sources s ORDER BY s.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, source_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _rasid_store_set_error (self, error, rc, "Listing sources failed");
      return NULL;
    }
  return g_steal_pointer (&out);
}

RasidSource *
rasid_store_get_source (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _rasid_store_prepare (self, "SELECT " SOURCE_COLUMNS " FROM sources s WHERE s.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    return source_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND, "No source with id %" G_GINT64_FORMAT, id);
  else
    _rasid_store_set_error (self, error, rc, "Reading the source failed");
  return NULL;
}

/* Records one fetch: success (@error_message NULL) or failure, for the
 * health table and the back-off of failing sources. @error_kind is the
 * cause's name (rasid_source_cause_to_string()), kept only with an error. */
gboolean
rasid_store_record_fetch (RasidStore *self, gint64 source_id, int http_status,
                          const char *error_message, const char *error_kind, const char *warning,
                          guint new_count, guint updated_count,
                          const char *etag, const char *last_modified, const char *title,
                          gint64 retry_after, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _rasid_store_prepare (self,
                  "UPDATE sources SET last_fetch = ?1, last_status = ?2, last_error = ?3, "
                  "  last_success = CASE WHEN ?3 IS NULL THEN ?1 ELSE last_success END, "
                  "  new_count = CASE WHEN ?3 IS NULL THEN ?4 ELSE new_count END, "
                  "  updated_count = CASE WHEN ?3 IS NULL THEN ?5 ELSE updated_count END, "
                  "  failures = CASE WHEN ?3 IS NULL THEN 0 ELSE failures + 1 END, "
                  "  etag = CASE WHEN ?3 IS NULL THEN coalesce (?6, etag) ELSE etag END, "
                  "  last_modified = CASE WHEN ?3 IS NULL THEN coalesce (?7, last_modified) ELSE last_modified END, "
                  "  title = coalesce (title, ?8), last_warning = ?11, "
                  "  last_error_kind = CASE WHEN ?3 IS NULL THEN NULL ELSE coalesce (?12, 'other') END, "
                  /* Back off exponentially while a source fails: 2^n minutes, at most a
                   * day; a server's Retry-After (429/503) pushes it further. */
                  "  next_fetch = max (?1 + ?10, CASE WHEN ?3 IS NULL THEN ?1 + refresh_interval "
                  "    ELSE ?1 + min (86400, 60 * (1 << min (failures + 1, 10))) END) "
                  "WHERE id = ?9", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, http_status);
  _rasid_bind_text (stmt, 3, error_message);
  sqlite3_bind_int (stmt, 4, new_count);
  sqlite3_bind_int (stmt, 5, updated_count);
  _rasid_bind_text (stmt, 6, etag);
  _rasid_bind_text (stmt, 7, last_modified);
  _rasid_bind_text (stmt, 8, title);
  sqlite3_bind_int64 (stmt, 9, source_id);
  sqlite3_bind_int64 (stmt, 10, MAX (retry_after, 0));
  _rasid_bind_text (stmt, 11, error_message ? NULL : warning);
  _rasid_bind_text (stmt, 12, error_kind);
  if (!rasid_store_begin (self, error))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return _rasid_store_end_write (self, _rasid_store_set_error (self, error, rc, "Recording the fetch failed"), NULL);
  return _rasid_store_end_write (self, TRUE, error);
}
