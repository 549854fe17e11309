/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-stories.c: stories in the cache (schema v9): filing each new
 * report in a story inside the ingest's transaction, listing and loading
 * stories, and clustering the whole cache again. Each connection keeps the
 * recent stories in memory (rasid-story.c) and catches up with what other
 * connections filed before it files anything itself. */
#include "rasid-store.h"
#include "rasid-store-private.h"

#include <string.h>
#include "rasid-story.h"

/* The recent stories of one database, shared by every connection of this
 * process to it. Clustering runs inside the write queue, so one thread at
 * a time uses them; a report one worker filed is not read and analysed
 * again by the next (with one index per connection, each worker re-read
 * every report the others filed). Only the data_version a connection last
 * saw is its own. */
typedef struct {
  RasidStoryIndex *index;
  gboolean         loaded;
  gint64           last_rowid;    /* highest story_reports rowid the index has */
  gint64           n_rows;        /* story_reports rows then */
  gint64           evicted_at;
} StoryState;

static GHashTable *story_states;   /* database key → StoryState, under the write queue */

static void
story_state_free (StoryState *st)
{
  rasid_story_index_free (st->index);
  g_free (st);
}

/* A file's connections share; each in-memory database is its own. */
static char *
state_key (RasidStore *self)
{
  const char *path = rasid_store_get_path (self);

  if (path == NULL || *path == 0 || g_str_equal (path, ":memory:") || g_str_has_prefix (path, "file::memory:"))
    return g_strdup_printf ("connection:%p", (void *) self);
  return g_strdup (path);
}

/* Call with the write queue held. */
static StoryState *
get_state (RasidStore *self)
{
  g_autofree char *key = state_key (self);
  StoryState *st;

  if (story_states == NULL)
    story_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) story_state_free);
  st = g_hash_table_lookup (story_states, key);
  if (st == NULL)
    {
      st = g_new0 (StoryState, 1);
      st->index = rasid_story_index_new ();
      g_hash_table_insert (story_states, g_steal_pointer (&key), st);
    }
  return st;
}

/**
 * rasid_store_forget_stories:
 *
 * Drops the stories in memory of this connection's database; they are
 * read again at the next report filed. A rolled-back write does it itself
 * (rasid_store_rollback()), before another writer can use them.
 */
void
rasid_store_forget_stories (RasidStore *self)
{
  g_autofree char *key = NULL;

  g_return_if_fail (RASID_IS_STORE (self));
  key = state_key (self);
  _rasid_store_lock_writes ();
  if (story_states != NULL)
    g_hash_table_remove (story_states, key);
  _rasid_store_unlock_writes ();
}

/* The data_version this connection saw when the index was last brought up
 * to date through it; -1: never. */
static gint64
seen_version (RasidStore *self)
{
  gint64 *v = g_object_get_data (G_OBJECT (self), "rasid-story-seen-version");

  return v ? *v : -1;
}

static void
set_seen_version (RasidStore *self, gint64 version)
{
  gint64 *v = g_object_get_data (G_OBJECT (self), "rasid-story-seen-version");

  if (v == NULL)
    {
      v = g_new (gint64, 1);
      g_object_set_data_full (G_OBJECT (self), "rasid-story-seen-version", v, g_free);
    }
  *v = version;
}

static gint64
single_int64 (RasidStore *self, const char *sql, gint64 arg, GError **error)
{
  g_autoptr(RasidCachedStmt) stmt = _rasid_store_cached (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  if (arg >= 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  _rasid_store_set_error (self, error, rc, "Reading stories failed");
  return -1;
}

static RasidPlaceLevel
level_from_name (const char *name)
{
  for (guint l = RASID_PLACE_GOVERNORATE; l <= RASID_PLACE_REGION; l++)
    if (name && g_str_equal (name, rasid_place_level_to_string (l)))
      return l;
  return RASID_PLACE_TOWN;
}

/* A stored report's features, from its stored readings. With @cited_known,
 * the outlet it cites is the one stored; otherwise it is read from its text. */
static RasidStoryReport *
read_report (RasidStore *self, gint64 report_id, gint64 source_id, gboolean cited_known, const char *cited,
             GError **error)
{
  g_autoptr(RasidCachedStmt) row = _rasid_store_cached (self,
    "SELECT published, title, attribution, body, killed, injured FROM reports WHERE id = ?", error);
  g_autoptr(RasidCachedStmt) places = NULL;
  g_autoptr(RasidCachedStmt) actors = NULL;
  g_autoptr(RasidCachedStmt) events = NULL;
  g_autoptr(GArray) place_list = g_array_new (FALSE, TRUE, sizeof (RasidStoryPlace));
  g_autoptr(GPtrArray) actor_list = g_ptr_array_new ();
  g_autoptr(GPtrArray) event_list = g_ptr_array_new ();
  RasidStoryReport *r;
  int rc;

  if (row == NULL)
    return NULL;
  sqlite3_bind_int64 (row, 1, report_id);
  if ((rc = sqlite3_step (row)) != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND, "No report %" G_GINT64_FORMAT, report_id);
      else
        _rasid_store_set_error (self, error, rc, "Reading a report failed");
      return NULL;
    }
  places = _rasid_store_cached (self, "SELECT p.place_id, p.admin1, p.admin2, p.admin3, g.level FROM report_places p "
                                      "LEFT JOIN places g ON g.id = p.place_id WHERE p.report_id = ? ORDER BY p.position", error);
  actors = _rasid_store_cached (self, "SELECT actor_id FROM report_actors WHERE report_id = ? ORDER BY position", error);
  events = _rasid_store_cached (self, "SELECT event FROM report_events WHERE report_id = ?", error);
  if (places == NULL || actors == NULL || events == NULL)
    return NULL;

  sqlite3_bind_int64 (places, 1, report_id);
  while ((rc = sqlite3_step (places)) == SQLITE_ROW)
    {
      RasidStoryPlace p = { 0 };
      p.id = g_intern_string ((const char *) sqlite3_column_text (places, 0));
      for (guint k = 0; k < 3; k++)
        p.admin[k] = sqlite3_column_text (places, 1 + k) ? g_intern_string ((const char *) sqlite3_column_text (places, 1 + k)) : NULL;
      p.level = level_from_name ((const char *) sqlite3_column_text (places, 4));
      g_array_append_val (place_list, p);
    }
  sqlite3_bind_int64 (actors, 1, report_id);
  while ((rc = sqlite3_step (actors)) == SQLITE_ROW)
    g_ptr_array_add (actor_list, (gpointer) g_intern_string ((const char *) sqlite3_column_text (actors, 0)));
  g_ptr_array_add (actor_list, NULL);
  sqlite3_bind_int64 (events, 1, report_id);
  while ((rc = sqlite3_step (events)) == SQLITE_ROW)
    g_ptr_array_add (event_list, (gpointer) g_intern_string ((const char *) sqlite3_column_text (events, 0)));
  g_ptr_array_add (event_list, NULL);

  r = rasid_story_report_new (report_id, source_id, sqlite3_column_int64 (row, 0),
                              (const char *) sqlite3_column_text (row, 1),
                              (const char *) sqlite3_column_text (row, 2),
                              cited_known ? NULL : (const char *) sqlite3_column_text (row, 3),
                              (const char * const *) event_list->pdata,
                              (RasidStoryPlace *) place_list->data, place_list->len,
                              (const char * const *) actor_list->pdata,
                              sqlite3_column_type (row, 4) == SQLITE_NULL ? -1 : sqlite3_column_int (row, 4),
                              sqlite3_column_type (row, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (row, 5));
  if (cited_known)
    rasid_story_report_set_cited (r, cited);
  return r;
}

static RasidStoryRole
role_from_name (const char *name)
{
  for (RasidStoryRole role = RASID_STORY_ROLE_FIRST; role <= RASID_STORY_ROLE_CITATION; role++)
    if (g_strcmp0 (name, rasid_story_role_to_string (role)) == 0)
      return role;
  return RASID_STORY_ROLE_CORROBORATION;
}

/* Reads into the index every report of the stories @sql selects (its one
 * parameter @arg): whole stories, so their summaries stay right. */
static gboolean
load_stories (RasidStore *self, StoryState *st, const char *sql, gint64 arg, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = _rasid_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, arg);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 report_id = sqlite3_column_int64 (stmt, 1);
      RasidStoryReport *r;

      if (rasid_story_index_has_report (st->index, report_id))
        continue;
      r = read_report (self, report_id, sqlite3_column_int64 (stmt, 2), TRUE,
                       (const char *) sqlite3_column_text (stmt, 3), error);
      if (r == NULL)
        return FALSE;
      rasid_story_report_set_role (r, role_from_name ((const char *) sqlite3_column_text (stmt, 4)));
      rasid_story_index_add (st->index, sqlite3_column_int64 (stmt, 0), r);
    }
  if (rc != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Reading stories failed");
  return TRUE;
}

static gboolean
note_rows (RasidStore *self, StoryState *st, GError **error)
{
  gint64 version;

  if ((st->last_rowid = single_int64 (self, "SELECT coalesce (max (rowid), 0) FROM story_reports", -1, error)) < 0 ||
      (st->n_rows = single_int64 (self, "SELECT count (*) FROM story_reports", -1, error)) < 0 ||
      (version = single_int64 (self, "PRAGMA data_version", -1, error)) < 0)
    return FALSE;
  set_seen_version (self, version);
  return TRUE;
}

/* Brings the index up to what is committed. Called inside the write, so
 * nothing can be filed by another connection meanwhile. */
static gboolean
sync_index (RasidStore *self, StoryState *st, GError **error)
{
  gint64 version, latest, n_rows;

  if (st->loaded)
    {
      if ((version = single_int64 (self, "PRAGMA data_version", -1, error)) < 0)
        return FALSE;
      if (version == seen_version (self))
        return TRUE;
      /* Another connection committed: if it filed reports this process has
       * not seen (another process), read the stories it touched. A removal
       * (pruning, a source removed) means reading everything again. */
      if ((n_rows = single_int64 (self, "SELECT count (*) FROM story_reports WHERE rowid <= ?", st->last_rowid, error)) < 0)
        return FALSE;
      if (n_rows == st->n_rows)
        {
          if (!load_stories (self, st,
                             "SELECT sr.story_id, sr.report_id, sr.source_id, sr.cited_source, sr.role FROM story_reports sr "
                             "WHERE sr.story_id IN (SELECT story_id FROM story_reports WHERE rowid > ?1) "
                             "ORDER BY sr.rowid", st->last_rowid, error))
            return FALSE;
          return note_rows (self, st, error);
        }
      rasid_story_index_free (st->index);
      st->index = rasid_story_index_new ();
    }
  if ((latest = single_int64 (self, "SELECT coalesce (max (last_time), 0) FROM stories", -1, error)) < 0)
    return FALSE;
  if (!load_stories (self, st,
                     "SELECT sr.story_id, sr.report_id, sr.source_id, sr.cited_source, sr.role FROM story_reports sr "
                     "JOIN stories s ON s.id = sr.story_id WHERE s.last_time >= ?1 ORDER BY sr.rowid",
                     latest - RASID_STORY_HORIZON, error))
    return FALSE;
  st->loaded = TRUE;
  st->evicted_at = latest;
  return note_rows (self, st, error);
}

static void
bind_figure (sqlite3_stmt *stmt, int i, int value)
{
  if (value >= 0)
    sqlite3_bind_int (stmt, i, value);
  else
    sqlite3_bind_null (stmt, i);
}

static gboolean
member_listed (GArray *members, gint64 report_id)
{
  for (guint i = 0; i < members->len; i++)
    if (g_array_index (members, RasidStoryMember, i).report_id == report_id)
      return TRUE;
  return FALSE;
}

/* Files @r (taken) in its story: the write and the summary. */
static gboolean
file_report (RasidStore *self, StoryState *st, RasidStoryReport *r, GError **error)
{
  g_autoptr(RasidStoryReport) owned = r;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (RasidStoryMember));
  g_autoptr(RasidCachedStmt) stmt = NULL;
  RasidStorySummary before = { 0 }, after;
  gint64 report_id = rasid_story_report_get_id (r);
  gint64 source_id = rasid_story_report_get_source_id (r);
  gboolean changed;
  double score = 0;
  gint64 story_id;

  story_id = rasid_story_index_match (st->index, r, &score);
  if (story_id == 0)
    {
      stmt = _rasid_store_cached (self, "INSERT INTO stories (first_time, last_time, updated) VALUES (0, 0, 0)", error);
      if (stmt == NULL || !_rasid_store_step_done (self, stmt, "Starting a story failed", error))
        return FALSE;
      story_id = sqlite3_last_insert_rowid (_rasid_store_get_db (self));
      g_clear_pointer (&stmt, _rasid_store_cached_release);
      before.killed_min = before.killed_max = before.injured_min = before.injured_max = -1;
    }
  else
    rasid_story_index_summarize (st->index, story_id, &before, NULL);

  stmt = _rasid_store_cached (self, "INSERT INTO story_reports (story_id, report_id, source_id, cited_source, role, score) "
                                    "VALUES (?, ?, ?, ?, 'corroboration', ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, story_id);
  sqlite3_bind_int64 (stmt, 2, report_id);
  sqlite3_bind_int64 (stmt, 3, source_id);
  _rasid_bind_text (stmt, 4, rasid_story_report_get_cited (r));
  sqlite3_bind_double (stmt, 5, score);
  if (!_rasid_store_step_done (self, stmt, "Filing a report in its story failed", error))
    return FALSE;
  g_clear_pointer (&stmt, _rasid_store_cached_release);

  /* As just written; the summary below lists only the roles that change. */
  rasid_story_report_set_role (r, RASID_STORY_ROLE_CORROBORATION);
  rasid_story_index_add (st->index, story_id, g_steal_pointer (&owned));
  rasid_story_index_summarize (st->index, story_id, &after, members);
  changed = before.killed_min != after.killed_min || before.killed_max != after.killed_max ||
            before.injured_min != after.injured_min || before.injured_max != after.injured_max;

  stmt = _rasid_store_cached (self,
    "UPDATE stories SET first_report_id = ?2, first_source_id = ?3, first_time = ?4, last_time = ?5, event = ?6, "
    "n_reports = ?7, n_outlets = ?8, n_citations = ?9, killed_min = ?10, killed_max = ?11, injured_min = ?12, "
    "injured_max = ?13, headline = (SELECT title FROM reports WHERE id = ?2), updated = ?5 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, story_id);
  sqlite3_bind_int64 (stmt, 2, after.first_report_id);
  sqlite3_bind_int64 (stmt, 3, after.first_source_id);
  sqlite3_bind_int64 (stmt, 4, after.first_time);
  sqlite3_bind_int64 (stmt, 5, after.last_time);
  _rasid_bind_text (stmt, 6, after.event);
  sqlite3_bind_int (stmt, 7, after.n_reports);
  sqlite3_bind_int (stmt, 8, after.n_outlets);
  sqlite3_bind_int (stmt, 9, after.n_citations);
  bind_figure (stmt, 10, after.killed_min);
  bind_figure (stmt, 11, after.killed_max);
  bind_figure (stmt, 12, after.injured_min);
  bind_figure (stmt, 13, after.injured_max);
  if (!_rasid_store_step_done (self, stmt, "Updating a story failed", error))
    return FALSE;
  g_clear_pointer (&stmt, _rasid_store_cached_release);

  /* Roles move when an earlier report arrives late: the summary lists only
   * the rows whose role changed, so a long story costs one write, not one
   * per report. The new report is marked when it moved the figures. */
  if (changed && !member_listed (members, report_id))
    {
      RasidStoryMember m = { report_id, rasid_story_report_get_role (r) };

      g_array_append_val (members, m);
    }
  stmt = _rasid_store_cached (self, "UPDATE story_reports SET role = ?2, changed_story = changed_story OR ?3 "
                                    "WHERE report_id = ?1 AND (role IS NOT ?2 OR ?3)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      RasidStoryMember *m = &g_array_index (members, RasidStoryMember, i);
      sqlite3_bind_int64 (stmt, 1, m->report_id);
      sqlite3_bind_text (stmt, 2, rasid_story_role_to_string (m->role), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, m->report_id == report_id && changed);
      if (!_rasid_store_step_done (self, stmt, "Updating a story's roles failed", error))
        return FALSE;
      sqlite3_reset (stmt);
    }

  st->last_rowid = MAX (st->last_rowid, sqlite3_last_insert_rowid (_rasid_store_get_db (self)));
  st->n_rows++;
  /* Stories no report can join any more leave memory, once an hour of news. */
  if (rasid_story_index_get_latest (st->index) - st->evicted_at > 3600)
    {
      st->evicted_at = rasid_story_index_get_latest (st->index);
      rasid_story_index_evict (st->index, st->evicted_at - RASID_STORY_HORIZON);
    }
  return TRUE;
}

/**
 * rasid_store_cluster_report:
 * @report_id: a report just stored by rasid_store_upsert_report()
 * @analysis: what the analyser read from it
 * @body: (nullable): its text, for the outlets it cites
 *
 * Files the report in the story it tells of, or starts one. Call inside
 * the write that stored it: a report is never committed without its story.
 */
gboolean
rasid_store_cluster_report (RasidStore *self, gint64 report_id, RasidAnalysis *analysis, const char *body,
                            GError **error)
{
  StoryState *st;
  gint64 published, source_id;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (analysis != NULL, FALSE);

  st = get_state (self);
  if (!sync_index (self, st, error))
    return FALSE;
  if (rasid_story_index_has_report (st->index, report_id) ||
      single_int64 (self, "SELECT count (*) FROM story_reports WHERE report_id = ?", report_id, error) != 0)
    return error == NULL || *error == NULL;
  if ((published = single_int64 (self, "SELECT published FROM reports WHERE id = ?", report_id, error)) < 0 ||
      (source_id = single_int64 (self, "SELECT source_id FROM report_sources WHERE report_id = ? ORDER BY rowid LIMIT 1",
                                 report_id, error)) < 0)
    return FALSE;
  return file_report (self, st, rasid_story_report_new_from_analysis (report_id, source_id, published, analysis, body),
                      error);
}

/**
 * rasid_store_rebuild_stories:
 * @n_stories: (out) (optional)
 *
 * Forgets every story and files every stored report again, oldest first,
 * from its stored readings, a thousand reports per write.
 */
gboolean
rasid_store_rebuild_stories (RasidStore *self, guint *n_stories, GError **error)
{
  gint64 after_published = G_MININT64, after_id = 0;
  StoryState *st;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);

  if (!rasid_store_begin (self, error))
    return FALSE;
  if (!_rasid_store_end_write (self, _rasid_store_exec (self, "DELETE FROM stories", error), error))
    return FALSE;
  rasid_store_forget_stories (self);
  for (;;)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      guint n = 0;
      int rc = SQLITE_DONE;
      gboolean ok = TRUE;

      if (!rasid_store_begin (self, error))
        return FALSE;
      st = get_state (self);
      ok = sync_index (self, st, error);
      stmt = ok ? _rasid_store_prepare (self, "SELECT r.id, r.published, "
                                              "(SELECT source_id FROM report_sources WHERE report_id = r.id ORDER BY rowid LIMIT 1) "
                                              "FROM reports r WHERE (r.published, r.id) > (?1, ?2) "
                                              "AND r.id NOT IN (SELECT report_id FROM story_reports) "
                                              "ORDER BY r.published, r.id LIMIT 1000", error) : NULL;
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, after_published);
          sqlite3_bind_int64 (stmt, 2, after_id);
        }
      while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RasidStoryReport *r;

          after_id = sqlite3_column_int64 (stmt, 0);
          after_published = sqlite3_column_int64 (stmt, 1);
          n++;
          r = read_report (self, after_id, sqlite3_column_int64 (stmt, 2), FALSE, NULL, error);
          ok = r != NULL && file_report (self, st, r, error);
        }
      if (ok && rc != SQLITE_DONE)
        ok = _rasid_store_set_error (self, error, rc, "Reading reports failed");
      g_clear_pointer (&stmt, sqlite3_finalize);
      /* A rollback forgets the stories filed in it. */
      if (!_rasid_store_end_write (self, ok, error))
        return FALSE;
      if (n == 0)
        break;
    }
  if (n_stories)
    {
      gint64 n = single_int64 (self, "SELECT count (*) FROM stories", -1, error);
      if (n < 0)
        return FALSE;
      *n_stories = n;
    }
  return TRUE;
}

/* ---- reading stories -------------------------------------------------------- */

void
rasid_story_free (RasidStory *story)
{
  if (story == NULL)
    return;
  g_free (story->event);
  g_free (story->headline);
  g_free (story->first_source);
  g_clear_pointer (&story->reports, g_ptr_array_unref);
  g_clear_pointer (&story->places, g_ptr_array_unref);
  g_clear_pointer (&story->actors, g_ptr_array_unref);
  g_free (story);
}

static void
story_report_free (RasidStoryReportRow *row)
{
  g_free (row->source);
  g_free (row->guid);
  g_free (row->link);
  g_free (row->title);
  g_free (row->role);
  g_free (row->cited_source);
  g_free (row);
}

static int
column_figure (sqlite3_stmt *stmt, int i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, i);
}

static const char *const story_orders[] = {
  [RASID_STORY_ORDER_NEWEST] = "newest",
  [RASID_STORY_ORDER_CORROBORATION] = "corroboration",
  [RASID_STORY_ORDER_FIRST_REPORT] = "first",
};

gboolean
rasid_story_order_from_string (const char *text, RasidStoryOrder *order)
{
  g_return_val_if_fail (order != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (story_orders); i++)
    if (g_str_equal (text, story_orders[i]))
      {
        *order = (RasidStoryOrder) i;
        return TRUE;
      }
  return FALSE;
}

const char *
rasid_story_order_to_string (RasidStoryOrder order)
{
  g_return_val_if_fail (order < G_N_ELEMENTS (story_orders), NULL);
  return story_orders[order];
}

/**
 * rasid_store_query_stories:
 * @filter: (nullable): a story matches when one of its reports does
 *
 * Returns: (transfer full) (element-type gint64): story ids, the latest
 * told of first.
 */
GArray *
rasid_store_query_stories (RasidStore *self, const RasidFilter *filter, GError **error)
{
  return rasid_store_query_stories_full (self, filter, 0, RASID_STORY_ORDER_NEWEST, error);
}

/**
 * rasid_store_query_stories_full:
 * @filter: (nullable): a story matches when one of its reports does
 * @min_outlets: only stories confirmed by at least this many outlets
 * @order: the order of the answer
 *
 * Threshold and order are applied by SQL to every matching story, so a
 * caller that shows only the first few shows the right few.
 *
 * Returns: (transfer full) (element-type gint64): story ids.
 */
GArray *
rasid_store_query_stories_full (RasidStore *self, const RasidFilter *filter, guint min_outlets,
                                RasidStoryOrder order, GError **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) report_ids = NULL;
  g_autofree char *sql = NULL;
  const char *scope = "";
  const char *order_by;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (order < G_N_ELEMENTS (story_orders), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter != NULL && !rasid_filter_is_empty (filter))
    {
      if ((report_ids = rasid_store_query_ids (self, filter, error)) == NULL)
        return NULL;
      if (!_rasid_store_exec (self, "CREATE TEMP TABLE IF NOT EXISTS story_scope (id INTEGER PRIMARY KEY);"
                                    "DELETE FROM temp.story_scope", error))
        return NULL;
      {
        g_autoptr(RasidCachedStmt) ins = _rasid_store_cached (self, "INSERT OR IGNORE INTO temp.story_scope (id) VALUES (?)", error);
        if (ins == NULL)
          return NULL;
        for (guint i = 0; i < report_ids->len; i++)
          {
            sqlite3_bind_int64 (ins, 1, g_array_index (report_ids, gint64, i));
            if (!_rasid_store_step_done (self, ins, "Scoping stories failed", error))
              return NULL;
            sqlite3_reset (ins);
          }
      }
      scope = "AND s.id IN (SELECT sr.story_id FROM temp.story_scope t JOIN story_reports sr ON sr.report_id = t.id) ";
    }
  switch (order)
    {
    case RASID_STORY_ORDER_CORROBORATION:
      order_by = "s.n_outlets DESC, s.n_reports DESC, s.last_time DESC, s.id DESC";
      break;
    case RASID_STORY_ORDER_FIRST_REPORT:
      order_by = "s.first_time ASC, s.id ASC";
      break;
    case RASID_STORY_ORDER_NEWEST:
    default:
      order_by = "s.last_time DESC, s.id DESC";
      break;
    }
  sql = g_strdup_printf ("SELECT s.id FROM stories s WHERE s.n_outlets >= ?1 %sORDER BY %s", scope, order_by);
  if ((stmt = _rasid_store_prepare (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, min_outlets);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (out, id);
    }
  if (rc != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Listing stories failed"), NULL;
  return g_steal_pointer (&out);
}

typedef struct {
  gint64 id, first_time, last_time;
  int    n_outlets, n_reports;
} StoryKey;

static int
compare_newest (gconstpointer a, gconstpointer b)
{
  const StoryKey *x = a, *y = b;

  if (x->last_time != y->last_time)
    return x->last_time > y->last_time ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

static int
compare_corroboration (gconstpointer a, gconstpointer b)
{
  const StoryKey *x = a, *y = b;

  if (x->n_outlets != y->n_outlets)
    return x->n_outlets > y->n_outlets ? -1 : 1;
  if (x->n_reports != y->n_reports)
    return x->n_reports > y->n_reports ? -1 : 1;
  return compare_newest (a, b);
}

static int
compare_first_report (gconstpointer a, gconstpointer b)
{
  const StoryKey *x = a, *y = b;

  if (x->first_time != y->first_time)
    return x->first_time < y->first_time ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/**
 * rasid_store_select_stories:
 * @ids: (array length=n_ids): story ids, ascending (as the facet index gives them)
 * @min_outlets: only stories confirmed by at least this many outlets
 * @order: the order of the answer
 *
 * Of the stories @ids names, those past the threshold, in the order
 * rasid_store_query_stories_full() gives them; those gone are left out.
 * One pass over the stories table in id order, beside @ids: cheaper than
 * handing SQL tens of thousands of ids.
 *
 * Returns: (transfer full) (element-type gint64): story ids.
 */
GArray *
rasid_store_select_stories (RasidStore *self, const gint64 *ids, guint n_ids, guint min_outlets,
                            RasidStoryOrder order, GError **error)
{
  g_autoptr(RasidCachedStmt) stmt = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (StoryKey));
  GArray *out;
  guint next = 0;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (order < G_N_ELEMENTS (story_orders), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_ids > 0)
    {
      stmt = _rasid_store_cached (self, "SELECT id, first_time, last_time, n_outlets, n_reports FROM stories "
                                        "WHERE id BETWEEN ?1 AND ?2 AND n_outlets >= ?3 ORDER BY id", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, ids[0]);
      sqlite3_bind_int64 (stmt, 2, ids[n_ids - 1]);
      sqlite3_bind_int64 (stmt, 3, min_outlets);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          StoryKey key = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
                           sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 4) };

          while (next < n_ids && ids[next] < key.id)
            next++;
          if (next == n_ids)
            break;
          if (ids[next] == key.id)
            g_array_append_val (keys, key);
        }
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return _rasid_store_set_error (self, error, rc, "Listing stories failed"), NULL;
    }
  switch (order)
    {
    case RASID_STORY_ORDER_CORROBORATION:
      g_array_sort (keys, compare_corroboration);
      break;
    case RASID_STORY_ORDER_FIRST_REPORT:
      g_array_sort (keys, compare_first_report);
      break;
    case RASID_STORY_ORDER_NEWEST:
    default:
      g_array_sort (keys, compare_newest);
      break;
    }
  out = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys->len);
  for (guint i = 0; i < keys->len; i++)
    g_array_append_val (out, g_array_index (keys, StoryKey, i).id);
  return out;
}

/**
 * rasid_store_load_story:
 *
 * Returns: (transfer full): the story with its reports (earliest first),
 * places and actors, or %NULL with %RASID_STORE_ERROR_NOT_FOUND.
 */
RasidStory *
rasid_store_load_story (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(RasidCachedStmt) head = NULL;
  g_autoptr(RasidCachedStmt) rows = NULL;
  g_autoptr(RasidCachedStmt) names = NULL;
  RasidStory *story;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);

  head = _rasid_store_cached (self,
    "SELECT s.first_report_id, s.first_source_id, (SELECT coalesce (title, url) FROM sources WHERE id = s.first_source_id), "
    "s.first_time, s.last_time, s.event, s.n_reports, s.n_outlets, s.n_citations, s.killed_min, s.killed_max, "
    "s.injured_min, s.injured_max, s.headline FROM stories s WHERE s.id = ?", error);
  if (head == NULL)
    return NULL;
  sqlite3_bind_int64 (head, 1, id);
  if ((rc = sqlite3_step (head)) != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND, "No story %" G_GINT64_FORMAT, id);
      else
        _rasid_store_set_error (self, error, rc, "Reading a story failed");
      return NULL;
    }
  story = g_new0 (RasidStory, 1);
  story->id = id;
  story->first_report_id = sqlite3_column_int64 (head, 0);
  story->first_source_id = sqlite3_column_int64 (head, 1);
  story->first_source = _rasid_column_dup (head, 2);
  story->first_time = sqlite3_column_int64 (head, 3);
  story->last_time = sqlite3_column_int64 (head, 4);
  story->event = _rasid_column_dup (head, 5);
  story->n_reports = sqlite3_column_int (head, 6);
  story->n_outlets = sqlite3_column_int (head, 7);
  story->n_citations = sqlite3_column_int (head, 8);
  story->killed_min = column_figure (head, 9);
  story->killed_max = column_figure (head, 10);
  story->injured_min = column_figure (head, 11);
  story->injured_max = column_figure (head, 12);
  story->headline = _rasid_column_dup (head, 13);
  story->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) story_report_free);
  story->places = g_ptr_array_new_with_free_func (g_free);
  story->actors = g_ptr_array_new_with_free_func (g_free);

  rows = _rasid_store_cached (self,
    "SELECT sr.report_id, sr.source_id, (SELECT coalesce (title, url) FROM sources WHERE id = sr.source_id), "
    "(SELECT guid FROM report_sources WHERE report_id = sr.report_id AND source_id = sr.source_id), "
    "r.link, r.title, r.published, sr.role, sr.cited_source, r.killed, r.injured, sr.changed_story "
    "FROM story_reports sr JOIN reports r ON r.id = sr.report_id WHERE sr.story_id = ? "
    "ORDER BY r.published, r.id", error);
  if (rows == NULL)
    return rasid_story_free (story), NULL;
  sqlite3_bind_int64 (rows, 1, id);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      RasidStoryReportRow *row = g_new0 (RasidStoryReportRow, 1);
      row->report_id = sqlite3_column_int64 (rows, 0);
      row->source_id = sqlite3_column_int64 (rows, 1);
      row->source = _rasid_column_dup (rows, 2);
      row->guid = _rasid_column_dup (rows, 3);
      row->link = _rasid_column_dup (rows, 4);
      row->title = _rasid_column_dup (rows, 5);
      row->published = sqlite3_column_int64 (rows, 6);
      row->role = _rasid_column_dup (rows, 7);
      row->cited_source = _rasid_column_dup (rows, 8);
      row->killed = column_figure (rows, 9);
      row->injured = column_figure (rows, 10);
      row->changed_story = sqlite3_column_int (rows, 11);
      g_ptr_array_add (story->reports, row);
    }
  if (rc != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Reading a story's reports failed"), rasid_story_free (story), NULL;

  /* The union of its reports' places and actors, most named first. */
  names = _rasid_store_cached (self,
    "SELECT 'p', place_id, count (*) AS n, min (position) AS f FROM report_places WHERE report_id IN "
    "  (SELECT report_id FROM story_reports WHERE story_id = ?1) GROUP BY place_id "
    "UNION ALL SELECT 'a', actor_id, count (*), min (position) FROM report_actors WHERE report_id IN "
    "  (SELECT report_id FROM story_reports WHERE story_id = ?1) GROUP BY actor_id "
    "ORDER BY 1, 3 DESC, 4, 2", error);
  if (names == NULL)
    return rasid_story_free (story), NULL;
  sqlite3_bind_int64 (names, 1, id);
  while ((rc = sqlite3_step (names)) == SQLITE_ROW)
    g_ptr_array_add (*sqlite3_column_text (names, 0) == 'p' ? story->places : story->actors,
                     _rasid_column_dup (names, 1));
  if (rc != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Reading a story's places failed"), rasid_story_free (story), NULL;
  return story;
}

/**
 * rasid_store_get_story_of_report:
 *
 * Returns: the id of the story @report_id is filed in, 0 when none, -1 on error.
 */
gint64
rasid_store_get_story_of_report (RasidStore *self, gint64 report_id, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (self), -1);
  return single_int64 (self, "SELECT story_id FROM story_reports WHERE report_id = ?", report_id, error);
}
