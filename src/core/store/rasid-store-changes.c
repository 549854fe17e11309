/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-changes.c: the change log (schema v7) that lets the report
 * model and the facet index follow other connections' writes, and the
 * mirror of the gazetteer and actor list. */
#include "rasid-store.h"
#include "rasid-store-private.h"

#include <math.h>
#include <string.h>

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
  g_autoptr(RasidCachedStmt) head = NULL;
  g_autoptr(RasidCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (latest != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  head = _rasid_store_cached (self, "SELECT coalesce (max (seq), 0) FROM report_changes", error);
  if (head == NULL)
    return NULL;
  if ((rc = sqlite3_step (head)) != SQLITE_ROW)
    return _rasid_store_set_error (self, error, rc, "Reading the change log failed"), NULL;
  *latest = sqlite3_column_int64 (head, 0);
  if (since < 0)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  stmt = _rasid_store_cached (self, "SELECT DISTINCT report_id FROM report_changes WHERE seq > ? AND seq <= ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, *latest);
  return _rasid_store_step_ids (self, stmt, error);
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
  g_autoptr(RasidCachedStmt) stmt = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _rasid_store_cached (self, "DELETE FROM report_changes "
                                    "WHERE seq <= (SELECT max (seq) FROM report_changes) - ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep);
  if (!rasid_store_begin (self, error))
    return FALSE;
  return _rasid_store_end_write (self, _rasid_store_step_done (self, stmt, "Trimming the change log failed", error), error);
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
  g_autoptr(sqlite3_stmt) stmt = _rasid_store_prepare (self, sql, error);
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
    return _rasid_store_set_error (self, error, rc, "Reading the gazetteer failed"), NULL;
  return g_steal_pointer (&rows);
}

/* Mirrors the gazetteer and the actor list into the database, so names
 * resolve in queries and exports without loading them. Every refresh of
 * every process calls it: only rows that differ are written, so the usual
 * call reads and takes no write lock at all.
 * @places: (element-type RasidPlace), @actors: (element-type RasidActor) */
gboolean
rasid_store_sync_lexicons (RasidStore *self, GPtrArray *places, GPtrArray *actors, GError **error)
{
  g_autoptr(GHashTable) stored_places = NULL;
  g_autoptr(GHashTable) stored_actors = NULL;
  g_autoptr(GPtrArray) changed_places = g_ptr_array_new ();
  g_autoptr(GPtrArray) changed_actors = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) ins_place = NULL;
  g_autoptr(sqlite3_stmt) ins_actor = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (places != NULL && actors != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

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
  ins_place = _rasid_store_prepare (self, "INSERT OR REPLACE INTO places (id, level, parent, name_ar, name_en, lat, lon) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  ins_actor = _rasid_store_prepare (self, "INSERT OR REPLACE INTO actors (id, name_ar, name_en) VALUES (?, ?, ?)", error);
  if (ins_place == NULL || ins_actor == NULL)
    goto fail;
  for (guint i = 0; i < changed_places->len; i++)
    {
      const RasidPlace *p = g_ptr_array_index (changed_places, i);
      _rasid_bind_text (ins_place, 1, p->id);
      _rasid_bind_text (ins_place, 2, rasid_place_level_to_string (p->level));
      _rasid_bind_text (ins_place, 3, p->parent);
      _rasid_bind_text (ins_place, 4, p->name_ar);
      _rasid_bind_text (ins_place, 5, p->name_en);
      if (isnan (p->lat)) sqlite3_bind_null (ins_place, 6); else sqlite3_bind_double (ins_place, 6, p->lat);
      if (isnan (p->lon)) sqlite3_bind_null (ins_place, 7); else sqlite3_bind_double (ins_place, 7, p->lon);
      if (!_rasid_store_step_done (self, ins_place, "Storing the gazetteer failed", error))
        goto fail;
      sqlite3_reset (ins_place);
    }
  for (guint i = 0; i < changed_actors->len; i++)
    {
      const RasidActor *a = g_ptr_array_index (changed_actors, i);
      _rasid_bind_text (ins_actor, 1, a->id);
      _rasid_bind_text (ins_actor, 2, a->name_ar);
      _rasid_bind_text (ins_actor, 3, a->name_en);
      if (!_rasid_store_step_done (self, ins_actor, "Storing the actor list failed", error))
        goto fail;
      sqlite3_reset (ins_actor);
    }
  return _rasid_store_end_write (self, TRUE, error);

fail:
  return _rasid_store_end_write (self, FALSE, NULL);
}
