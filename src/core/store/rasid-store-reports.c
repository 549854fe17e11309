/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-reports.c: a report in and out: the upsert that folds one
 * story from several sources into one report, its readings (places,
 * actors, events, search text), loading, flags, reanalysis and pruning. */
#include "rasid-store.h"
#include "rasid-store-private.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include "rasid-dates.h"
#include "rasid-normalize.h"

/* ---- reports ------------------------------------------------------------- */

static gint64
find_existing (RasidStore *self, gint64 source_id, const char *guid, const char *link,
               const char *hash, gboolean *linked, GError **error)
{
  /* One statement, its arms tried in order: this source's own item, then
   * the same story from another source by link, then by its normalised
   * headline. Each arm is an index lookup; LIMIT 1 stops at the first. */
  g_autoptr(RasidCachedStmt) stmt = _rasid_store_cached (self,
    "SELECT report_id, 1 FROM report_sources WHERE source_id = ?1 AND guid = ?2 "
    "UNION ALL SELECT id, 0 FROM reports WHERE link = ?3 "
    "UNION ALL SELECT id, 0 FROM reports WHERE content_hash = ?4 LIMIT 1", error);
  int rc;

  *linked = FALSE;
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, source_id);
  _rasid_bind_text (stmt, 2, guid);
  _rasid_bind_text (stmt, 3, link);
  _rasid_bind_text (stmt, 4, hash);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *linked = sqlite3_column_int (stmt, 1);
      return sqlite3_column_int64 (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Looking up the report failed"), -1;
  return 0;
}

/* Replaces the readings of report @id: places, actors, events, search text. */
static gboolean
write_readings (RasidStore *self, gint64 id, const char *title, const char *body,
                RasidAnalysis *a, gboolean replace, GError **error)
{
  g_autoptr(RasidCachedStmt) stmt = NULL;
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
      g_autoptr(RasidCachedStmt) del = _rasid_store_cached (self, clear[i], error);
      if (del == NULL)
        return FALSE;
      sqlite3_bind_int64 (del, 1, id);
      if (!_rasid_store_step_done (self, del, "Clearing readings failed", error))
        return FALSE;
    }

  stmt = _rasid_store_cached (self, "INSERT OR IGNORE INTO report_places (report_id, place_id, qualifier, admin1, admin2, admin3, position) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < a->places->len; i++)
    {
      RasidPlaceMatch *m = g_ptr_array_index (a->places, i);
      sqlite3_bind_int64 (stmt, 1, id);
      _rasid_bind_text (stmt, 2, m->place->id);
      _rasid_bind_text (stmt, 3, m->qualifier);
      _rasid_bind_text (stmt, 4, m->place->admin[0]);
      _rasid_bind_text (stmt, 5, m->place->admin[1]);
      _rasid_bind_text (stmt, 6, m->place->admin[2]);
      sqlite3_bind_int (stmt, 7, i);
      if (!_rasid_store_step_done (self, stmt, "Storing places failed", error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  g_clear_pointer (&stmt, _rasid_store_cached_release);

  stmt = _rasid_store_cached (self, "INSERT OR IGNORE INTO report_actors (report_id, actor_id, position) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < a->actors->len; i++)
    {
      RasidActor *actor = g_ptr_array_index (a->actors, i);
      sqlite3_bind_int64 (stmt, 1, id);
      _rasid_bind_text (stmt, 2, actor->id);
      sqlite3_bind_int (stmt, 3, i);
      if (!_rasid_store_step_done (self, stmt, "Storing actors failed", error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  g_clear_pointer (&stmt, _rasid_store_cached_release);

  stmt = _rasid_store_cached (self, "INSERT OR IGNORE INTO report_events (report_id, event) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < a->events->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      _rasid_bind_text (stmt, 2, g_ptr_array_index (a->events, i));
      if (!_rasid_store_step_done (self, stmt, "Storing events failed", error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  g_clear_pointer (&stmt, _rasid_store_cached_release);

  stmt = _rasid_store_cached (self, "INSERT INTO reports_fts (rowid, text) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  _rasid_bind_text (stmt, 2, norm);
  return _rasid_store_step_done (self, stmt, "Indexing the report failed", error);
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
  g_autoptr(RasidCachedStmt) stmt = NULL;
  const char *title = a->headline && *a->headline ? a->headline : (item->title ? item->title : "");
  const char *body = item->content ? item->content : item->summary;
  gboolean linked = FALSE;
  gint64 published = item->published;
  gint64 id;

  g_return_val_if_fail (RASID_IS_STORE (self), 0);
  g_return_val_if_fail (item != NULL, 0);
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

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
      g_autoptr(RasidCachedStmt) cmp = _rasid_store_cached (self, "SELECT title IS ?2 AND body IS ?3 FROM reports WHERE id = ?1", error);
      gboolean same;

      if (cmp == NULL)
        return 0;
      sqlite3_bind_int64 (cmp, 1, id);
      _rasid_bind_text (cmp, 2, title);
      _rasid_bind_text (cmp, 3, body);
      if (sqlite3_step (cmp) != SQLITE_ROW)
        return _rasid_store_set_error (self, error, sqlite3_errcode (self->db), "Reading the report failed"), 0;
      same = sqlite3_column_int (cmp, 0);
      *result = RASID_UPSERT_UNCHANGED;
      /* Only the source that published it may rewrite a report. */
      if (!same && linked)
        {
          stmt = _rasid_store_cached (self,
                          "UPDATE reports SET title = ?2, body = ?3, author = coalesce (?4, author), "
                          "dateline = coalesce (?5, dateline), attribution = ?6, clock = ?7, "
                          "breaking = max (breaking, ?8), updated = ?9, killed = ?10, injured = ?11 "
                          "WHERE id = ?1", error);
          if (stmt == NULL)
            return 0;
          sqlite3_bind_int64 (stmt, 1, id);
          _rasid_bind_text (stmt, 2, title);
          _rasid_bind_text (stmt, 3, body);
          _rasid_bind_text (stmt, 4, item->author);
          _rasid_bind_text (stmt, 5, dateline);
          _rasid_bind_text (stmt, 6, a->attribution);
          _rasid_bind_text (stmt, 7, a->clock);
          sqlite3_bind_int (stmt, 8, item->breaking);
          sqlite3_bind_int64 (stmt, 9, now);
          if (a->killed >= 0) sqlite3_bind_int (stmt, 10, a->killed); else sqlite3_bind_null (stmt, 10);
          if (a->injured >= 0) sqlite3_bind_int (stmt, 11, a->injured); else sqlite3_bind_null (stmt, 11);
          if (!_rasid_store_step_done (self, stmt, "Updating the report failed", error) ||
              !write_readings (self, id, title, body, a, TRUE, error))
            return 0;
          *result = RASID_UPSERT_UPDATED;
        }
    }
  else
    {
      stmt = _rasid_store_cached (self,
                      "INSERT INTO reports (guid, link, title, body, author, dateline, published, first_seen, "
                      "updated, attribution, clock, breaking, content_hash, killed, injured) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return 0;
      _rasid_bind_text (stmt, 1, guid);
      _rasid_bind_text (stmt, 2, item->link);
      _rasid_bind_text (stmt, 3, title);
      _rasid_bind_text (stmt, 4, body);
      _rasid_bind_text (stmt, 5, item->author);
      _rasid_bind_text (stmt, 6, dateline);
      sqlite3_bind_int64 (stmt, 7, published);
      sqlite3_bind_int64 (stmt, 8, now);
      sqlite3_bind_int64 (stmt, 9, now);
      _rasid_bind_text (stmt, 10, a->attribution);
      _rasid_bind_text (stmt, 11, a->clock);
      sqlite3_bind_int (stmt, 12, item->breaking);
      _rasid_bind_text (stmt, 13, hash);
      if (a->killed >= 0) sqlite3_bind_int (stmt, 14, a->killed); else sqlite3_bind_null (stmt, 14);
      if (a->injured >= 0) sqlite3_bind_int (stmt, 15, a->injured); else sqlite3_bind_null (stmt, 15);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _rasid_store_set_error (self, error, sqlite3_errcode (self->db), "Storing the report failed"), 0;
      id = sqlite3_last_insert_rowid (self->db);
      if (!write_readings (self, id, title, body, a, FALSE, error))
        return 0;
      *result = RASID_UPSERT_NEW;
    }

  if (!linked)
    {
      g_autoptr(RasidCachedStmt) link = _rasid_store_cached (self, "INSERT OR IGNORE INTO report_sources (report_id, source_id, guid) "
                                                    "VALUES (?, ?, ?)", error);
      if (link == NULL)
        return 0;
      sqlite3_bind_int64 (link, 1, id);
      sqlite3_bind_int64 (link, 2, source_id);
      _rasid_bind_text (link, 3, guid);
      if (!_rasid_store_step_done (self, link, "Linking the report to its source failed", error))
        return 0;
      /* Another source of a report stored before: the facet index must hear of it. */
      if (*result != RASID_UPSERT_NEW && sqlite3_changes (self->db) > 0)
        {
          g_autoptr(RasidCachedStmt) log = _rasid_store_cached (self, "INSERT INTO report_changes (report_id) VALUES (?)", error);
          if (log == NULL)
            return 0;
          sqlite3_bind_int64 (log, 1, id);
          if (!_rasid_store_step_done (self, log, "Noting the change failed", error))
            return 0;
        }
    }
  return id;
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
  g_autoptr(RasidCachedStmt) stmt = NULL;
  g_autoptr(RasidCachedStmt) places = NULL;
  g_autoptr(RasidCachedStmt) actors = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _rasid_store_cached (self, report_columns, error);
  if (stmt == NULL)
    return NULL;
  places = _rasid_store_cached (self, "SELECT p.place_id, coalesce (g.name_ar, p.place_id), g.name_en, p.admin1, p.qualifier "
                          "FROM report_places p LEFT JOIN places g ON g.id = p.place_id "
                          "WHERE p.report_id = ? ORDER BY p.position", error);
  actors = _rasid_store_cached (self, "SELECT a.actor_id, coalesce (g.name_ar, a.actor_id), g.name_en "
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
          _rasid_store_set_error (self, error, rc, "Loading a report failed");
          return NULL;
        }
      report = rasid_report_new (sqlite3_column_int64 (stmt, 0));
      f.title = _rasid_column_dup (stmt, 1);
      f.body = _rasid_column_dup (stmt, 2);
      f.link = _rasid_column_dup (stmt, 3);
      f.author = _rasid_column_dup (stmt, 4);
      f.dateline = _rasid_column_dup (stmt, 5);
      f.attribution = _rasid_column_dup (stmt, 6);
      f.clock = _rasid_column_dup (stmt, 7);
      f.source_title = _rasid_column_dup (stmt, 8);
      f.published = sqlite3_column_int64 (stmt, 9);
      f.first_seen = sqlite3_column_int64 (stmt, 10);
      f.breaking = sqlite3_column_int (stmt, 11);
      f.read = sqlite3_column_int (stmt, 12);
      f.starred = sqlite3_column_int (stmt, 13);
      f.killed = sqlite3_column_type (stmt, 14) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 14);
      f.injured = sqlite3_column_type (stmt, 15) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 15);
      events = _rasid_column_dup (stmt, 16);
      f.events = events ? g_strsplit (events, " ", -1) : g_new0 (char *, 1);
      rasid_report_take_fields (report, &f);

      sqlite3_reset (places);
      sqlite3_bind_int64 (places, 1, ids[i]);
      while (sqlite3_step (places) == SQLITE_ROW)
        {
          RasidReportPlace *p = g_new0 (RasidReportPlace, 1);
          p->id = _rasid_column_dup (places, 0);
          p->name_ar = _rasid_column_dup (places, 1);
          p->name_en = _rasid_column_dup (places, 2);
          p->admin1 = _rasid_column_dup (places, 3);
          p->qualifier = _rasid_column_dup (places, 4);
          rasid_report_add_place (report, p);
        }
      sqlite3_reset (actors);
      sqlite3_bind_int64 (actors, 1, ids[i]);
      while (sqlite3_step (actors) == SQLITE_ROW)
        {
          RasidReportActor *a = g_new0 (RasidReportActor, 1);
          a->id = _rasid_column_dup (actors, 0);
          a->name_ar = _rasid_column_dup (actors, 1);
          a->name_en = _rasid_column_dup (actors, 2);
          rasid_report_add_actor (report, a);
        }
      g_ptr_array_add (out, g_steal_pointer (&report));
    }
  return g_steal_pointer (&out);
}

RasidReport *
rasid_store_load_report (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(GPtrArray) reports = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reports = rasid_store_load_reports (self, &id, 1, error);
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
  g_autoptr(RasidCachedStmt) stmt = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _rasid_store_cached (self, "UPDATE reports SET read = coalesce (?2, read), "
                                    "starred = coalesce (?3, starred) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (read >= 0) sqlite3_bind_int (stmt, 2, read); else sqlite3_bind_null (stmt, 2);
  if (starred >= 0) sqlite3_bind_int (stmt, 3, starred); else sqlite3_bind_null (stmt, 3);
  if (!rasid_store_begin (self, error))
    return FALSE;
  return _rasid_store_end_write (self, _rasid_store_step_done (self, stmt, "Saving the report state failed", error), error);
}

/**
 * rasid_store_read_texts:
 * @after: read reports with a larger id only
 * @ids: (out caller-allocates) (element-type gint64): their ids, in order
 * @texts: (out caller-allocates): title then body (may be NULL) of each
 *
 * The text of the next @limit reports after @after, for reading them again.
 * Returns: FALSE with @error set on failure.
 */
gboolean
rasid_store_read_texts (RasidStore *self, gint64 after, guint limit, GArray *ids, GPtrArray *texts, GError **error)
{
  g_autoptr(RasidCachedStmt) select = NULL;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL && texts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  select = _rasid_store_cached (self, "SELECT id, title, body FROM reports WHERE id > ? ORDER BY id LIMIT ?", error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_int64 (select, 1, after);
  sqlite3_bind_int64 (select, 2, limit);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);
      g_array_append_val (ids, id);
      g_ptr_array_add (texts, _rasid_column_dup (select, 1));
      g_ptr_array_add (texts, _rasid_column_dup (select, 2));
    }
  if (rc != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Reading reports failed");
  return TRUE;
}

/**
 * rasid_store_replace_readings:
 * @found: (out): FALSE when report @id is gone (removed by another writer)
 *
 * Replaces what was read from report @id (places, actors, events, casualty
 * counts, search text) with @analysis; read and starred state, attribution
 * and times stay. Call inside rasid_store_begin()/commit().
 */
gboolean
rasid_store_replace_readings (RasidStore *self, gint64 id, const char *title, const char *body,
                              RasidAnalysis *a, gboolean *found, GError **error)
{
  g_autoptr(RasidCachedStmt) update = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->write_depth > 0, FALSE);
  g_return_val_if_fail (a != NULL && found != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *found = FALSE;
  update = _rasid_store_cached (self, "UPDATE reports SET killed = ?2, injured = ?3 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, id);
  if (a->killed >= 0) sqlite3_bind_int (update, 2, a->killed); else sqlite3_bind_null (update, 2);
  if (a->injured >= 0) sqlite3_bind_int (update, 3, a->injured); else sqlite3_bind_null (update, 3);
  if (!_rasid_store_step_done (self, update, "Updating the report failed", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return TRUE;
  *found = TRUE;
  return write_readings (self, id, title ? title : "", body, a, TRUE, error);
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

  g_return_val_if_fail (RASID_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!rasid_store_begin (self, error))
    return -1;
  if (!_rasid_store_exec (self, sql, error))
    return _rasid_store_end_write (self, FALSE, NULL), -1;
  removed = sqlite3_changes (self->db);
  return _rasid_store_end_write (self, TRUE, error) ? removed : -1;
}
