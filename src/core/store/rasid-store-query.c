/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-query.c: filters, full-text search and the counts the
 * sidebar shows when the facet index is not ready. */
#include "rasid-store.h"
#include "rasid-store-private.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include "rasid-normalize.h"

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
  sqlite3_stmt *stmt = _rasid_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  for (guint k = 0; k < w->binds->len; k++)
    {
      Bind *b = &g_array_index (w->binds, Bind, k);
      if (b->text)
        _rasid_bind_text (stmt, k + 1, b->text);
      else
        sqlite3_bind_int64 (stmt, k + 1, b->integer);
    }
  return stmt;
}

/* The first column of every row of @stmt, as gint64. */
GArray *
_rasid_store_step_ids (RasidStore *self, sqlite3_stmt *stmt, GError **error)
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
      _rasid_store_set_error (self, error, rc, "Searching the reports failed");
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
  return _rasid_store_step_ids (self, stmt, error);
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
  g_autoptr(RasidCachedStmt) stmt = NULL;

  stmt = _rasid_store_cached (self, fts ? "SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?" : "SELECT id FROM reports", error);
  if (stmt == NULL)
    return NULL;
  if (fts)
    _rasid_bind_text (stmt, 1, fts);
  return _rasid_store_step_ids (self, stmt, error);
}

/* Reports matching @filter with an id above @above: a watch's new ones. */
gint64
_rasid_store_count_above (RasidStore *self, const RasidFilter *filter, gint64 above, GError **error)
{
  Where w;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  where_build (&w, filter);
  where_int (&w, "r.id > ?", above);
  stmt = prepare_where (self, "SELECT count(*) FROM reports r", &w, NULL, error);
  where_clear (&w);
  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _rasid_store_set_error (self, error, rc, "Counting reports failed"), -1;
  return sqlite3_column_int64 (stmt, 0);
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
    return _rasid_store_set_error (self, error, rc, "Counting reports failed"), -1;
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
  if (!_rasid_store_exec (self, "DROP TABLE IF EXISTS temp.scope; CREATE TEMP TABLE scope (id INTEGER PRIMARY KEY)", error))
    return FALSE;
  where_build (&w, filter);
  stmt = prepare_where (self, "INSERT INTO temp.scope SELECT r.id FROM reports r", &w, NULL, error);
  where_clear (&w);
  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return _rasid_store_set_error (self, error, rc, "Selecting the reports to count failed");
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
      g_hash_table_insert (counts, _rasid_column_dup (stmt, 0), GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      _rasid_store_set_error (self, error, rc, "Counting failed");
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
