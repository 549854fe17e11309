/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-trends.c: reports per hour or per day for a filter, each bar split
 * among the keys (governorates, factions or event types) that have the
 * most reports, then "other" and "none". The facet index feeds the
 * reports from memory, or SQL before the index has been read; both go
 * through one builder, so they cannot count differently.
 *
 * A report is counted once in its bar, so a bar is as high as the
 * reports it holds: one naming two governorates goes to whichever of
 * them has more reports in the series (the legend's order), one naming
 * only keys beyond the top N to "other", one naming none to "none".
 * Bars follow the analyst's local days and hours (Syria's by default,
 * as the desk shows times and the sidebar's since-date starts days). */
#include "rasid-trends.h"
#include "rasid-dates.h"
#include "rasid-store-private.h"

#include <string.h>

#define DEFAULT_TOP_N 6

typedef struct {
  gint64  published;
  guint32 first;     /* into keys */
  guint32 n;
} Row;

struct _RasidTrendBuilder {
  RasidTrendOptions options;
  gint64            filter_since, filter_until;
  GArray           *rows;    /* Row */
  GArray           *keys;    /* guint32 */
  guint32           max_key;
  gint64            min_published, max_published;
};

RasidTrendBuilder *
_rasid_trend_builder_new (const RasidFilter *filter, const RasidTrendOptions *options)
{
  RasidTrendBuilder *b = g_new0 (RasidTrendBuilder, 1);

  if (options)
    b->options = *options;
  b->options.zone = b->options.zone ? g_time_zone_ref (b->options.zone) : g_time_zone_ref (rasid_syria_timezone ());
  if (b->options.top_n == 0)
    b->options.top_n = DEFAULT_TOP_N;
  if (b->options.now == 0)
    b->options.now = g_get_real_time () / G_USEC_PER_SEC;
  b->filter_since = filter ? filter->since : 0;
  b->filter_until = filter ? filter->until : 0;
  b->rows = g_array_sized_new (FALSE, FALSE, sizeof (Row), 1024);
  b->keys = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 1024);
  b->min_published = G_MAXINT64;
  b->max_published = G_MININT64;
  return b;
}

static void
builder_free (RasidTrendBuilder *b)
{
  g_time_zone_unref (b->options.zone);
  g_array_unref (b->rows);
  g_array_unref (b->keys);
  g_free (b);
}

/* One report matching the filter, with its keys: every @stride-th of
 * @keys (places come as rows of four). Repeated keys and 0 are dropped. */
void
_rasid_trend_builder_add (RasidTrendBuilder *b, gint64 published, const guint32 *keys, guint n_keys, guint stride)
{
  Row row = { published, b->keys->len, 0 };

  for (guint i = 0; i < n_keys; i++)
    {
      guint32 k = keys[i * stride];
      gboolean seen = k == 0;

      for (guint j = 0; j < row.n && !seen; j++)
        seen = g_array_index (b->keys, guint32, row.first + j) == k;
      if (seen)
        continue;
      g_array_append_val (b->keys, k);
      row.n++;
      b->max_key = MAX (b->max_key, k);
    }
  g_array_append_val (b->rows, row);
  b->min_published = MIN (b->min_published, published);
  b->max_published = MAX (b->max_published, published);
}

/* The start of the local hour or day holding @t. */
static gint64
floor_local (GTimeZone *zone, RasidTrendBucket bucket, gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autoptr(GDateTime) start = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                                                g_date_time_get_day_of_month (local),
                                                bucket == RASID_TREND_BUCKET_HOUR ? g_date_time_get_hour (local) : 0,
                                                0, 0);

  /* GLib moves a midnight a clock change skipped to when the day starts. */
  if (start == NULL || g_date_time_to_unix (start) > t)
    return t;
  return g_date_time_to_unix (start);
}

/* The next bound after @start: a day lasts 23 to 25 hours across a clock
 * change, so the next one is found by flooring well inside it. */
static gint64
next_bound (GTimeZone *zone, RasidTrendBucket bucket, gint64 start)
{
  gint64 next = bucket == RASID_TREND_BUCKET_HOUR ? floor_local (zone, bucket, start + 3600 + 60)
                                                  : floor_local (zone, bucket, start + 86400 + 7200);

  return next > start ? next : start + (bucket == RASID_TREND_BUCKET_HOUR ? 3600 : 86400);
}

typedef struct {
  guint32 key;
  guint   total;
  const char *name;
} Ranked;

static int
compare_ranked (gconstpointer a, gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

/* Finds the bars, ranks the keys and counts: @names[k] is key k's id. */
RasidTrendSeries *
_rasid_trend_builder_finish (RasidTrendBuilder *b, const char * const *names, guint n_names)
{
  RasidTrendSeries *s = g_new0 (RasidTrendSeries, 1);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree guint *key_totals = NULL;
  g_autofree int *rank = NULL;
  g_autoptr(GArray) ranked = NULL;
  gint64 since, until, start;
  guint columns;

  s->stack = b->options.stack;
  s->zone = g_time_zone_ref (b->options.zone);
  s->keys = g_new0 (char *, 1);

  /* The period: the filter's, else the reports' own; one left open at the
   * end after a start reaches to now. */
  since = b->filter_since ? b->filter_since : (b->rows->len ? b->min_published : 0);
  if (b->filter_until)
    until = b->filter_until;
  else if (b->filter_since)
    until = MAX (b->options.now, b->rows->len ? b->max_published + 1 : 0);
  else
    until = b->rows->len ? b->max_published + 1 : 0;
  if (b->options.bucket == RASID_TREND_BUCKET_AUTO)
    s->bucket = until - since <= RASID_TREND_AUTO_HOURS * 3600 ? RASID_TREND_BUCKET_HOUR : RASID_TREND_BUCKET_DAY;
  else
    s->bucket = b->options.bucket;
  if (until <= since || (since == 0 && b->rows->len == 0))
    {
      s->starts = g_new0 (gint64, 1);
      builder_free (b);
      return s;
    }

  /* The bounds, the latest RASID_TREND_MAX_BUCKETS of them. */
  {
    gint64 unit = s->bucket == RASID_TREND_BUCKET_HOUR ? 3600 : 86400;

    start = floor_local (s->zone, s->bucket, since);
    if ((until - start) / unit > RASID_TREND_MAX_BUCKETS + 2)
      start = floor_local (s->zone, s->bucket, until - (gint64) (RASID_TREND_MAX_BUCKETS + 1) * unit);
    for (gint64 t = start; t < until; t = next_bound (s->zone, s->bucket, t))
      g_array_append_val (starts, t);
    g_array_append_val (starts, (gint64) { next_bound (s->zone, s->bucket, g_array_index (starts, gint64, starts->len - 1)) });
    if (starts->len > RASID_TREND_MAX_BUCKETS + 1)
      g_array_remove_range (starts, 0, starts->len - RASID_TREND_MAX_BUCKETS - 1);
    s->n_buckets = starts->len - 1;
    s->truncated = g_array_index (starts, gint64, 0) > since;
    s->since = MAX (since, g_array_index (starts, gint64, 0));
    s->until = until;
    s->starts = (gint64 *) g_array_free (g_steal_pointer (&starts), FALSE);
  }

  /* The keys with the most reports in the period. */
  key_totals = g_new0 (guint, (gsize) b->max_key + 1);
  for (guint i = 0; i < b->rows->len; i++)
    {
      const Row *row = &g_array_index (b->rows, Row, i);

      if (row->published < s->since || row->published >= s->until)
        continue;
      for (guint j = 0; j < row->n; j++)
        key_totals[g_array_index (b->keys, guint32, row->first + j)]++;
    }
  ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  for (guint32 k = 1; k <= b->max_key; k++)
    if (key_totals[k])
      g_array_append_val (ranked, ((Ranked) { k, key_totals[k], k < n_names ? names[k] : NULL }));
  g_array_sort (ranked, compare_ranked);
  s->n_keys = MIN (ranked->len, b->options.top_n);
  g_free (s->keys);
  s->keys = g_new0 (char *, s->n_keys + 1);
  s->key_totals = g_new0 (guint, s->n_keys + 1);
  rank = g_new (int, (gsize) b->max_key + 1);
  for (guint32 k = 0; k <= b->max_key; k++)
    rank[k] = -1;
  for (guint i = 0; i < s->n_keys; i++)
    {
      const Ranked *r = &g_array_index (ranked, Ranked, i);

      s->keys[i] = g_strdup (r->name);
      s->key_totals[i] = r->total;
      rank[r->key] = i;
    }

  /* Each report in its bar, under its best-ranked key. */
  columns = s->n_keys + 2;
  s->counts = g_new0 (guint, (gsize) s->n_buckets * columns);
  s->totals = g_new0 (guint, s->n_buckets);
  for (guint i = 0; i < b->rows->len; i++)
    {
      const Row *row = &g_array_index (b->rows, Row, i);
      int bucket = rasid_trend_series_find_bucket (s, row->published);
      int best = G_MAXINT;
      guint column;

      if (bucket < 0 || row->published < s->since)
        continue;
      for (guint j = 0; j < row->n; j++)
        {
          int r = rank[g_array_index (b->keys, guint32, row->first + j)];
          if (r >= 0 && r < best)
            best = r;
        }
      column = best != G_MAXINT ? (guint) best : row->n ? s->n_keys : s->n_keys + 1;
      s->counts[bucket * columns + column]++;
      s->totals[bucket]++;
      s->total++;
    }
  for (guint i = 0; i < s->n_buckets; i++)
    s->max_total = MAX (s->max_total, s->totals[i]);
  builder_free (b);
  return s;
}

/**
 * rasid_trend_series_find_bucket:
 *
 * Returns: the bar holding time @t, or -1 outside them all
 */
int
rasid_trend_series_find_bucket (const RasidTrendSeries *s, gint64 t)
{
  guint lo = 0, hi = s->n_buckets;

  g_return_val_if_fail (s != NULL, -1);
  if (s->n_buckets == 0 || t < s->starts[0] || t >= s->starts[s->n_buckets])
    return -1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (s->starts[mid] <= t)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/**
 * rasid_trend_series_get_count:
 * @key: a named key's index, or RASID_TREND_COLUMN_OTHER / _NONE
 */
guint
rasid_trend_series_get_count (const RasidTrendSeries *s, guint bucket, int key)
{
  guint column;

  g_return_val_if_fail (s != NULL && bucket < s->n_buckets, 0);
  g_return_val_if_fail (key >= RASID_TREND_COLUMN_NONE && key < (int) s->n_keys, 0);
  column = key == RASID_TREND_COLUMN_OTHER ? s->n_keys : key == RASID_TREND_COLUMN_NONE ? s->n_keys + 1 : (guint) key;
  return s->counts[bucket * (s->n_keys + 2) + column];
}

/**
 * rasid_trend_series_get_period:
 *
 * The period a bar stands for, within the filter's: what choosing the
 * bar filters to, and exactly the reports it counts.
 */
void
rasid_trend_series_get_period (const RasidTrendSeries *s, guint bucket, gint64 *since, gint64 *until)
{
  g_return_if_fail (s != NULL && bucket < s->n_buckets);
  if (since)
    *since = MAX (s->starts[bucket], s->since);
  if (until)
    *until = MIN (s->starts[bucket + 1], s->until);
}

gboolean
rasid_trend_series_equal (const RasidTrendSeries *a, const RasidTrendSeries *b)
{
  if (a->stack != b->stack || a->bucket != b->bucket || a->since != b->since || a->until != b->until ||
      a->truncated != b->truncated || a->n_buckets != b->n_buckets || a->n_keys != b->n_keys ||
      a->total != b->total || a->max_total != b->max_total)
    return FALSE;
  if (memcmp (a->starts, b->starts, (a->n_buckets + 1) * sizeof (gint64)) != 0 ||
      (a->n_buckets && (memcmp (a->totals, b->totals, a->n_buckets * sizeof (guint)) != 0 ||
                        memcmp (a->counts, b->counts, a->n_buckets * (a->n_keys + 2) * sizeof (guint)) != 0)))
    return FALSE;
  for (guint i = 0; i < a->n_keys; i++)
    if (g_strcmp0 (a->keys[i], b->keys[i]) != 0 || a->key_totals[i] != b->key_totals[i])
      return FALSE;
  return TRUE;
}

void
rasid_trend_series_free (RasidTrendSeries *s)
{
  if (s == NULL)
    return;
  g_clear_pointer (&s->zone, g_time_zone_unref);
  g_free (s->starts);
  g_strfreev (s->keys);
  g_free (s->key_totals);
  g_free (s->counts);
  g_free (s->totals);
  g_free (s);
}

/* ---- from SQL -------------------------------------------------------------- */

/**
 * rasid_trend_series_from_sql:
 *
 * The series from the database: the filter's reports (through the same
 * temp.scope the sidebar's SQL counts use) joined to their keys; in
 * stories, joined to their stories first.
 */
RasidTrendSeries *
rasid_trend_series_from_sql (RasidStore *store, const RasidFilter *filter, const RasidTrendOptions *options,
                             GError **error)
{
  static const char *sql[] = {
    [RASID_TREND_STACK_GOVERNORATE] = "SELECT s.id, r.published, t.admin1 FROM temp.scope s JOIN reports r ON r.id = s.id "
                                      "LEFT JOIN report_places t ON t.report_id = s.id ORDER BY s.id",
    [RASID_TREND_STACK_FACTION] = "SELECT s.id, r.published, t.actor_id FROM temp.scope s JOIN reports r ON r.id = s.id "
                                  "LEFT JOIN report_actors t ON t.report_id = s.id ORDER BY s.id",
    [RASID_TREND_STACK_EVENT] = "SELECT s.id, r.published, t.event FROM temp.scope s JOIN reports r ON r.id = s.id "
                                "LEFT JOIN report_events t ON t.report_id = s.id ORDER BY s.id",
  };
  /* Stories: each once, at its first matching report, with the keys of all of them. */
#define STORY_ROWS(table, column)                                                                          \
  "WITH f AS (SELECT sr.story_id AS story, min (r.published) AS published FROM temp.scope s "              \
  "JOIN story_reports sr ON sr.report_id = s.id JOIN reports r ON r.id = s.id GROUP BY sr.story_id) "      \
  "SELECT f.story, f.published, t." column " FROM f JOIN story_reports sr ON sr.story_id = f.story "       \
  "JOIN temp.scope s ON s.id = sr.report_id LEFT JOIN " table " t ON t.report_id = sr.report_id ORDER BY f.story"
  static const char *story_sql[] = {
    [RASID_TREND_STACK_GOVERNORATE] = STORY_ROWS ("report_places", "admin1"),
    [RASID_TREND_STACK_FACTION] = STORY_ROWS ("report_actors", "actor_id"),
    [RASID_TREND_STACK_EVENT] = STORY_ROWS ("report_events", "event"),
  };
#undef STORY_ROWS
  RasidTrendStack stack = options ? options->stack : RASID_TREND_STACK_GOVERNORATE;
  gboolean stories = options && options->unit == RASID_FACET_UNIT_STORIES;
  g_autoptr(RasidFilter) all = rasid_filter_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  RasidTrendBuilder *b;
  RasidTrendSeries *series;
  gint64 current = -1, published = 0;
  int rc;

  g_return_val_if_fail (RASID_IS_STORE (store), NULL);
  g_return_val_if_fail (stack <= RASID_TREND_STACK_EVENT, NULL);
  if (!rasid_store_prepare_scope (store, filter ? filter : all, error) ||
      (stmt = _rasid_store_prepare (store, (stories ? story_sql : sql)[stack], error)) == NULL)
    return NULL;
  g_ptr_array_add (names, NULL);   /* 0: none */
  b = _rasid_trend_builder_new (filter, options);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *key = (const char *) sqlite3_column_text (stmt, 2);
      guint32 k = 0;

      if (id != current)
        {
          if (current >= 0)
            _rasid_trend_builder_add (b, published, (guint32 *) keys->data, keys->len, 1);
          g_array_set_size (keys, 0);
          current = id;
          published = sqlite3_column_int64 (stmt, 1);
        }
      if (key)
        {
          gpointer found;
          if (g_hash_table_lookup_extended (ids, key, NULL, &found))
            k = GPOINTER_TO_UINT (found);
          else
            {
              g_ptr_array_add (names, g_strdup (key));
              k = names->len - 1;
              g_hash_table_insert (ids, g_ptr_array_index (names, k), GUINT_TO_POINTER (k));
            }
        }
      g_array_append_val (keys, k);
    }
  if (rc != SQLITE_DONE)
    {
      series = _rasid_trend_builder_finish (b, NULL, 0);
      rasid_trend_series_free (series);
      _rasid_store_set_error (store, error, rc, "Counting reports per period failed");
      return NULL;
    }
  if (current >= 0)
    _rasid_trend_builder_add (b, published, (guint32 *) keys->data, keys->len, 1);
  return _rasid_trend_builder_finish (b, (const char * const *) names->pdata, names->len);
}

/**
 * rasid_trend_series_compute:
 * @index: (nullable): the facet index, answering once it has been read
 *
 * The series for @filter, from the index when it is loaded (a pass over
 * memory), else from SQL, as the desk's list does.
 */
RasidTrendSeries *
rasid_trend_series_compute (RasidStore *store, RasidFacetIndex *index, const RasidFilter *filter,
                            const RasidTrendOptions *options, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (store), NULL);
  g_return_val_if_fail (index == NULL || RASID_IS_FACET_INDEX (index), NULL);
  if (index && rasid_facet_index_is_loaded (index))
    return rasid_trend_series_from_index (index, store, filter, options, error);
  return rasid_trend_series_from_sql (store, filter, options, error);
}

/* ---- names for settings and the command line ------------------------------ */

static const char *stack_names[] = { "governorate", "faction", "event" };
static const char *bucket_names[] = { "auto", "hour", "day" };

const char *
rasid_trend_stack_to_string (RasidTrendStack stack)
{
  g_return_val_if_fail (stack < G_N_ELEMENTS (stack_names), NULL);
  return stack_names[stack];
}

gboolean
rasid_trend_stack_from_string (const char *text, RasidTrendStack *stack)
{
  for (guint i = 0; text && i < G_N_ELEMENTS (stack_names); i++)
    if (g_str_equal (text, stack_names[i]))
      {
        *stack = i;
        return TRUE;
      }
  return FALSE;
}

const char *
rasid_trend_bucket_to_string (RasidTrendBucket bucket)
{
  g_return_val_if_fail (bucket < G_N_ELEMENTS (bucket_names), NULL);
  return bucket_names[bucket];
}

gboolean
rasid_trend_bucket_from_string (const char *text, RasidTrendBucket *bucket)
{
  for (guint i = 0; text && i < G_N_ELEMENTS (bucket_names); i++)
    if (g_str_equal (text, bucket_names[i]))
      {
        *bucket = i;
        return TRUE;
      }
  return FALSE;
}
