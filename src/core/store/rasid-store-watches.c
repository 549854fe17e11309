/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-watches.c: watches, named filters that tell when new reports
 * match them. */
#include "rasid-store.h"
#include "rasid-store-private.h"

#include <json-glib/json-glib.h>

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
  g_autofree char *json = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (filter != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  json = rasid_filter_to_json (filter);
  stmt = _rasid_store_prepare (self, "INSERT INTO watches (name, filter, created, last_seen) "
                                     "VALUES (?, ?, ?, (SELECT coalesce (max (id), 0) FROM reports)) RETURNING id", error);
  if (stmt == NULL)
    return 0;
  _rasid_bind_text (stmt, 1, name);
  _rasid_bind_text (stmt, 2, json);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  if (!rasid_store_begin (self, error))
    return 0;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _rasid_store_end_write (self, _rasid_store_set_error (self, error, rc, "Saving the watch failed"), NULL), 0;
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return _rasid_store_end_write (self, TRUE, error) ? id : 0;
}

gboolean
rasid_store_remove_watch (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _rasid_store_prepare (self, "DELETE FROM watches WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rasid_store_begin (self, error))
    return FALSE;
  return _rasid_store_end_write (self, _rasid_store_step_done (self, stmt, "Removing the watch failed", error), error);
}

gboolean
rasid_store_mark_watch_seen (RasidStore *self, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RASID_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _rasid_store_prepare (self, "UPDATE watches SET last_seen = (SELECT coalesce (max (id), 0) FROM reports) "
                                     "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rasid_store_begin (self, error))
    return FALSE;
  return _rasid_store_end_write (self, _rasid_store_step_done (self, stmt, "Updating the watch failed", error), error);
}

/* Each watch with the number of matching reports newer than it was last seen. */
GPtrArray *
rasid_store_list_watches (RasidStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_watch_free);
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _rasid_store_prepare (self, "SELECT id, name, filter, last_seen FROM watches ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RasidWatch *w = g_new0 (RasidWatch, 1);
      g_autoptr(RasidFilter) filter = NULL;

      w->id = sqlite3_column_int64 (stmt, 0);
      w->name = _rasid_column_dup (stmt, 1);
      w->filter_json = _rasid_column_dup (stmt, 2);
      w->last_seen = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (out, w);
      filter = rasid_filter_from_json (w->filter_json, NULL);
      if (filter && (w->new_count = _rasid_store_count_above (self, filter, w->last_seen, error)) < 0)
        return NULL;
    }
  if (rc != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Listing watches failed"), NULL;
  return g_steal_pointer (&out);
}
