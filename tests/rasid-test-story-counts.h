/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-test-story-counts.h: the sidebar's counts in stories, in plain
 * SQL, as the reference test-facet-index checks the facet index against
 * and bench-story-facets times it against: per value, the distinct stories
 * with a report that names it and passes every part of the filter but that
 * facet's own. */
#pragma once

#include <sqlite3.h>

#include "rasid-store.h"
#include "rasid-store-private.h"

typedef enum {
  STORY_COUNT_PLACES,
  STORY_COUNT_ACTORS,
  STORY_COUNT_EVENTS,
  STORY_COUNT_SOURCES,
} StoryCountFacet;

/* The reports passing @filter but its part for @facet, in temp.story_ref_scope. */
static inline gboolean
story_counts_scope (RasidStore *store, const RasidFilter *filter, StoryCountFacet facet, GError **error)
{
  g_autoptr(RasidFilter) others = filter ? rasid_filter_copy (filter) : rasid_filter_new ();
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt = NULL;

  switch (facet)
    {
    case STORY_COUNT_PLACES: g_clear_pointer (&others->place_id, g_free); break;
    case STORY_COUNT_ACTORS: g_clear_pointer (&others->actor_id, g_free); break;
    case STORY_COUNT_EVENTS: g_clear_pointer (&others->event, g_free); break;
    case STORY_COUNT_SOURCES: default: others->source_id = 0; break;
    }
  /* As the store finds them. */
  if ((ids = rasid_store_query_ids (store, others, error)) == NULL ||
      !_rasid_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS story_ref_scope (id INTEGER PRIMARY KEY);"
                                 "DELETE FROM temp.story_ref_scope", error))
    return FALSE;
  g_assert_cmpint (sqlite3_prepare_v2 (_rasid_store_get_db (store), "INSERT INTO temp.story_ref_scope (id) VALUES (?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Counts in the scope story_counts_scope() left for @facet; @level and
 * @parent as rasid_store_count_places() takes them. */
static inline GHashTable *
story_counts_in_scope (RasidStore *store, StoryCountFacet facet, guint level, const char *parent)
{
  static const char *place_columns[] = { "t.admin1", "t.admin2", "t.admin3", "t.place_id" };
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  switch (facet)
    {
    case STORY_COUNT_PLACES:
      sql = g_strdup_printf ("SELECT %1$s, count (DISTINCT sr.story_id) FROM temp.story_ref_scope s "
                             "JOIN report_places t ON t.report_id = s.id JOIN story_reports sr ON sr.report_id = s.id "
                             "WHERE %1$s IS NOT NULL %2$s GROUP BY 1", place_columns[level],
                             parent ? "AND (t.admin1 = ?1 OR t.admin2 = ?1 OR t.admin3 = ?1)" : "");
      break;
    case STORY_COUNT_ACTORS:
      sql = g_strdup ("SELECT t.actor_id, count (DISTINCT sr.story_id) FROM temp.story_ref_scope s "
                      "JOIN report_actors t ON t.report_id = s.id JOIN story_reports sr ON sr.report_id = s.id GROUP BY 1");
      break;
    case STORY_COUNT_EVENTS:
      sql = g_strdup ("SELECT t.event, count (DISTINCT sr.story_id) FROM temp.story_ref_scope s "
                      "JOIN report_events t ON t.report_id = s.id JOIN story_reports sr ON sr.report_id = s.id GROUP BY 1");
      break;
    case STORY_COUNT_SOURCES:
    default:
      sql = g_strdup ("SELECT CAST (t.source_id AS TEXT), count (DISTINCT sr.story_id) FROM temp.story_ref_scope s "
                      "JOIN report_sources t ON t.report_id = s.id JOIN story_reports sr ON sr.report_id = s.id GROUP BY 1");
      break;
    }
  g_assert_cmpint (sqlite3_prepare_v2 (_rasid_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (parent)
    sqlite3_bind_text (stmt, 1, parent, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return counts;
}

/* One facet's counts, scope and all. */
static inline GHashTable *
story_counts_sql (RasidStore *store, const RasidFilter *filter, StoryCountFacet facet, guint level,
                  const char *parent, GError **error)
{
  if (!story_counts_scope (store, filter, facet, error))
    return NULL;
  return story_counts_in_scope (store, facet, level, parent);
}
