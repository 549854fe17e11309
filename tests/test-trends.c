/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trends.c: the trend series (rasid-trends.c) from the facet index
 * must be the one from SQL, for many filters, each stack and bucket, and
 * after the cache changes; and both must be right: bars on Damascus's
 * days and hours, each bar's height the reports SQL counts in its period,
 * every report once, the top keys ranked by their reports, the latest
 * bars kept when there are too many. On a real cache filled from the
 * analysis corpus. */
#include "rasid-dates.h"
#include "rasid-facet-index.h"
#include "rasid-store-private.h"
#include "rasid-trends.h"
#include "rasid-test-cache.h"

#include <sqlite3.h>
#include <string.h>

/* 2024-05-01 00:00 in Damascus (UTC+3). */
#define DAY0 G_GINT64_CONSTANT (1714510800)
#define HOUR 3600
#define DAY  86400

typedef struct {
  RasidTestCache   c;
  guint            n_reports;
} Fixture;

/* Filed in its story in the same write, as ingest does. */
static gint64
store_item (Fixture *f, gint64 source, const char *guid, const char *title, gint64 published)
{
  return rasid_test_cache_store (&f->c, source, guid, title, published, FALSE, DAY0, TRUE);
}

static RasidFilter *
add_filter (Fixture *f)
{
  return rasid_test_cache_add_filter (&f->c);
}

static void
store_corpus_title (guint i, const char *guid, const char *title, gpointer data)
{
  Fixture *f = data;

  store_item (f, f->c.sources[i % 3], guid, title, DAY0 + (gint64) i * 37 * 60);
}

/* The corpus over twelve days, 37 minutes apart, and a few reports a
 * minute either side of Damascus's midnight (21:00 UTC). */
static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) governorates = NULL, actors = NULL, events = NULL;

  rasid_test_cache_open (&f->c);
  g_assert_true (rasid_store_begin (f->c.writer, &error));
  rasid_test_cache_each_corpus_title (store_corpus_title, f);
  store_item (f, f->c.sources[0], "m1", "قصف مدفعي على بلدة كفرنبل في ريف إدلب الجنوبي", DAY0 + DAY - 60);
  store_item (f, f->c.sources[1], "m2", "غارات جوية على مدينة سراقب شرق إدلب", DAY0 + DAY);
  store_item (f, f->c.sources[2], "m3", "اشتباكات بين قسد وتنظيم الدولة في دير الزور", DAY0 + 2 * DAY - 1);
  g_assert_true (rasid_store_commit (f->c.writer, &error));
  /* Some corpus headlines repeat, and are one report. */
  f->n_reports = rasid_store_count_reports (f->c.writer, NULL, &error);
  g_assert_cmpuint (f->n_reports, >, 400);

  governorates = rasid_test_cache_distinct (&f->c, "SELECT admin1 FROM report_places WHERE admin1 IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC");
  actors = rasid_test_cache_distinct (&f->c, "SELECT actor_id FROM report_actors GROUP BY 1 ORDER BY count(*) DESC LIMIT 6");
  events = rasid_test_cache_distinct (&f->c, "SELECT event FROM report_events GROUP BY 1 ORDER BY count(*) DESC LIMIT 6");
  g_assert_cmpuint (governorates->len, >, 8);

  add_filter (f);
  for (guint i = 0; i < 5; i++)
    add_filter (f)->place_id = g_strdup (g_ptr_array_index (governorates, i));
  add_filter (f)->place_id = g_strdup ("SY0703");
  for (guint i = 0; i < actors->len; i++)
    add_filter (f)->actor_id = g_strdup (g_ptr_array_index (actors, i));
  for (guint i = 0; i < events->len; i++)
    add_filter (f)->event = g_strdup (g_ptr_array_index (events, i));
  add_filter (f)->source_id = f->c.sources[1];
  add_filter (f)->query = g_strdup ("قصف*");
  add_filter (f)->query = g_strdup ("\"قوات النظام\"");
  add_filter (f)->since = DAY0 + 3 * DAY + 5 * HOUR + 17;     /* a bar's period starts mid-hour */
  add_filter (f)->until = DAY0 + 4 * DAY;
  {
    RasidFilter *c = add_filter (f);
    c->since = DAY0 + DAY;
    c->until = DAY0 + 2 * DAY + 12 * HOUR;                    /* 36 hours: AUTO gives hours */
  }
  {
    RasidFilter *c = add_filter (f);
    c->place_id = g_strdup (g_ptr_array_index (governorates, 0));
    c->event = g_strdup (g_ptr_array_index (events, 0));
    c->since = DAY0 + 2 * DAY;
  }
  {
    RasidFilter *c = add_filter (f);
    c->actor_id = g_strdup (g_ptr_array_index (actors, 0));
    c->query = g_strdup ("ادلب");
  }
  add_filter (f)->place_id = g_strdup ("SY99");   /* nothing */
}

static void
teardown (Fixture *f, gconstpointer data)
{
  rasid_test_cache_close (&f->c);
}

/* Every bar's height is what SQL counts in the bar's period; its columns
 * add up to it; each named key has what SQL says of it. */
static void
check_against_counts (Fixture *f, const RasidFilter *filter, const RasidTrendSeries *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFilter) period = filter ? rasid_filter_copy (filter) : rasid_filter_new ();
  guint sum = 0;

  for (guint b = 0; b < s->n_buckets; b++)
    {
      guint columns = 0;

      rasid_trend_series_get_period (s, b, &period->since, &period->until);
      g_assert_cmpint (period->since, <, period->until);
      g_assert_cmpint (rasid_store_count_reports (f->c.reader, period, &error), ==, s->totals[b]);
      for (int k = RASID_TREND_COLUMN_NONE; k < (int) s->n_keys; k++)
        columns += rasid_trend_series_get_count (s, b, k);
      g_assert_cmpuint (columns, ==, s->totals[b]);
      g_assert_cmpuint (s->totals[b], <=, s->max_total);
      sum += s->totals[b];
    }
  g_assert_cmpuint (sum, ==, s->total);
  period->since = s->since;
  period->until = s->until;
  if (s->n_buckets)
    g_assert_cmpint (rasid_store_count_reports (f->c.reader, period, &error), ==, s->total);
  g_assert_no_error (error);

  /* A key's total is the reports naming it, as the sidebar counts them
   * when the filter has no part of the same facet. */
  if (s->n_keys && (s->stack != RASID_TREND_STACK_GOVERNORATE || period->place_id == NULL) &&
      (s->stack != RASID_TREND_STACK_FACTION || period->actor_id == NULL) &&
      (s->stack != RASID_TREND_STACK_EVENT || period->event == NULL))
    {
      g_autoptr(GHashTable) counts = s->stack == RASID_TREND_STACK_GOVERNORATE ? rasid_store_count_places (f->c.reader, period, 0, NULL, &error)
                                     : s->stack == RASID_TREND_STACK_FACTION ? rasid_store_count_actors (f->c.reader, period, &error)
                                     : rasid_store_count_events (f->c.reader, period, &error);
      GHashTableIter it;
      gpointer key, value;

      g_assert_no_error (error);
      for (guint i = 0; i < s->n_keys; i++)
        g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, s->keys[i])), ==, s->key_totals[i]);
      /* Ranked: no key left out has more reports than the last one in. */
      g_hash_table_iter_init (&it, counts);
      while (g_hash_table_iter_next (&it, &key, &value))
        if (!g_strv_contains ((const char * const *) s->keys, key))
          g_assert_cmpuint (GPOINTER_TO_UINT (value), <=, s->key_totals[s->n_keys - 1]);
      for (guint i = 1; i < s->n_keys; i++)
        g_assert_cmpuint (s->key_totals[i - 1], >=, s->key_totals[i]);
    }
}

/* Bars start on Damascus's hours or midnights, one after another. */
static void
check_bounds (const RasidTrendSeries *s)
{
  if (s->n_buckets == 0)
    return;
  for (guint b = 0; b <= s->n_buckets; b++)
    {
      gint64 local = s->starts[b] + 3 * HOUR;

      g_assert_cmpint (local % (s->bucket == RASID_TREND_BUCKET_HOUR ? HOUR : DAY), ==, 0);
      if (b)
        g_assert_cmpint (s->starts[b] - s->starts[b - 1], ==, s->bucket == RASID_TREND_BUCKET_HOUR ? HOUR : DAY);
    }
}

static guint
compare_all (Fixture *f, gboolean check)
{
  static const RasidTrendBucket buckets[] = { RASID_TREND_BUCKET_AUTO, RASID_TREND_BUCKET_HOUR, RASID_TREND_BUCKET_DAY };
  guint compared = 0;

  for (guint i = 0; i < f->c.filters->len; i++)
    for (RasidTrendStack stack = RASID_TREND_STACK_GOVERNORATE; stack <= RASID_TREND_STACK_EVENT; stack++)
      for (guint b = 0; b < 2 * G_N_ELEMENTS (buckets); b++)
        {
          const RasidFilter *filter = g_ptr_array_index (f->c.filters, i);
          RasidFacetUnit unit = b < G_N_ELEMENTS (buckets) ? RASID_FACET_UNIT_REPORTS : RASID_FACET_UNIT_STORIES;
          RasidTrendOptions options = { .stack = stack, .bucket = buckets[b % G_N_ELEMENTS (buckets)], .top_n = 3 + i % 4,
                                        .now = DAY0 + 13 * DAY, .unit = unit };
          g_autoptr(GError) error = NULL;
          g_autoptr(RasidTrendSeries) sql = rasid_trend_series_from_sql (f->c.reader, filter, &options, &error);
          g_autoptr(RasidTrendSeries) mem = rasid_trend_series_from_index (f->c.index, f->c.reader, filter, &options, &error);

          g_assert_no_error (error);
          if (!rasid_trend_series_equal (sql, mem))
            {
              g_autofree char *json = rasid_filter_to_json (filter);
              g_error ("%s, stack %u, bucket %u, unit %u: SQL gives %u bars, %u, %u keys; the index %u, %u, %u", json,
                       stack, options.bucket, unit, sql->n_buckets, sql->total, sql->n_keys, mem->n_buckets, mem->total,
                       mem->n_keys);
            }
          if (check && unit == RASID_FACET_UNIT_STORIES)
            {
              /* Every story the filter lists, once (all of them, when no bar was cut). */
              g_autoptr(GArray) stories = rasid_store_query_stories (f->c.reader, filter, &error);

              g_assert_no_error (error);
              if (!sql->truncated)
                g_assert_cmpuint (sql->total, ==, stories->len);
              g_assert_cmpuint (sql->total, <=, stories->len);
            }
          else if (check)
            {
              check_against_counts (f, filter, sql);
              check_bounds (sql);
            }
          compared++;
        }
  return compared;
}

static void
test_index_matches_sql (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rasid_facet_index_sync (f->c.index, f->c.reader, &error));
  g_assert_cmpuint (compare_all (f, TRUE), >, 200);
}

static void
test_follows_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  compare_all (f, FALSE);
  store_item (f, f->c.sources[0], "late", "غارات روسية على محيط مدينة جسر الشغور غرب إدلب", DAY0 + 20 * DAY);
  store_item (f, f->c.sources[1], "early", "اشتباكات بين قسد وتنظيم الدولة في دير الزور", DAY0 - 3 * DAY);
  compare_all (f, FALSE);
  g_assert_cmpint (rasid_store_prune (f->c.writer, DAY0 + 2 * DAY, &error), >, 10);
  g_assert_no_error (error);
  compare_all (f, TRUE);
}

static RasidTrendSeries *
series (Fixture *f, const RasidFilter *filter, RasidTrendStack stack, RasidTrendBucket bucket, guint top_n)
{
  g_autoptr(GError) error = NULL;
  RasidTrendOptions options = { .stack = stack, .bucket = bucket, .top_n = top_n, .now = DAY0 + 13 * DAY };
  RasidTrendSeries *s;

  g_assert_true (rasid_facet_index_sync (f->c.index, f->c.reader, &error));
  s = rasid_trend_series_compute (f->c.reader, f->c.index, filter, &options, &error);
  g_assert_no_error (error);
  return s;
}

static void
test_days_and_hours (Fixture *f, gconstpointer data)
{
  g_autoptr(RasidFilter) all = rasid_filter_new ();
  g_autoptr(RasidFilter) since = rasid_filter_new ();
  g_autoptr(RasidFilter) short_period = rasid_filter_new ();
  g_autoptr(RasidFilter) nothing = rasid_filter_new ();
  g_autoptr(RasidTrendSeries) days = NULL, hours = NULL, open = NULL, few = NULL, nil = NULL, empty = NULL;
  g_autoptr(RasidTrendSeries) top2 = NULL;
  gint64 a, b;
  int first;

  /* Twelve days of reports: AUTO gives days, from Damascus's first midnight. */
  days = series (f, all, RASID_TREND_STACK_GOVERNORATE, RASID_TREND_BUCKET_AUTO, 0);
  g_assert_cmpint (days->bucket, ==, RASID_TREND_BUCKET_DAY);
  g_assert_cmpint (days->starts[0], ==, DAY0);
  g_assert_cmpuint (days->n_buckets, ==, 12);
  g_assert_false (days->truncated);
  g_assert_cmpuint (days->total, ==, f->n_reports);
  g_assert_cmpuint (days->n_keys, ==, 6);
  /* A minute before midnight is the first day; midnight, the second. */
  g_assert_cmpint (rasid_trend_series_find_bucket (days, DAY0 + DAY - 60), ==, 0);
  g_assert_cmpint (rasid_trend_series_find_bucket (days, DAY0 + DAY), ==, 1);
  g_assert_cmpint (rasid_trend_series_find_bucket (days, DAY0 - 1), ==, -1);
  /* The first day: at most 1440 / 37 = 38 corpus reports and the one at 23:59. */
  g_assert_cmpuint (days->totals[0], >, 30);
  g_assert_cmpuint (days->totals[0], <=, 38 + 1);
  check_against_counts (f, all, days);

  /* By hour, the same reports, 24 bars a day. */
  hours = series (f, all, RASID_TREND_STACK_EVENT, RASID_TREND_BUCKET_HOUR, 0);
  g_assert_cmpint (hours->bucket, ==, RASID_TREND_BUCKET_HOUR);
  g_assert_cmpuint (hours->total, ==, f->n_reports);
  g_assert_cmpint (hours->starts[0], ==, DAY0);
  g_assert_cmpint (rasid_trend_series_find_bucket (hours, DAY0 + DAY - 60), ==, 23);
  check_bounds (hours);

  /* Since a time, open at the end: to now, empty days included. */
  since->since = DAY0 + 10 * DAY + 7 * HOUR + 30 * 60;
  open = series (f, since, RASID_TREND_STACK_FACTION, RASID_TREND_BUCKET_DAY, 0);
  g_assert_cmpint (open->since, ==, since->since);
  g_assert_cmpint (open->until, ==, DAY0 + 13 * DAY);
  g_assert_cmpuint (open->n_buckets, ==, 3);
  g_assert_cmpuint (open->totals[2], ==, 0);
  /* The first bar's period starts where the filter does. */
  rasid_trend_series_get_period (open, 0, &a, &b);
  g_assert_cmpint (a, ==, since->since);
  g_assert_cmpint (b, ==, DAY0 + 11 * DAY);
  check_against_counts (f, since, open);

  /* 36 hours: AUTO draws hours. */
  short_period->since = DAY0 + DAY;
  short_period->until = DAY0 + 2 * DAY + 12 * HOUR;
  few = series (f, short_period, RASID_TREND_STACK_GOVERNORATE, RASID_TREND_BUCKET_AUTO, 0);
  g_assert_cmpint (few->bucket, ==, RASID_TREND_BUCKET_HOUR);
  g_assert_cmpuint (few->n_buckets, ==, 36);

  /* Two keys: the rest go to "other", reports with no place to "none". */
  top2 = series (f, all, RASID_TREND_STACK_GOVERNORATE, RASID_TREND_BUCKET_DAY, 2);
  g_assert_cmpuint (top2->n_keys, ==, 2);
  {
    guint other = 0, none = 0, named = 0;

    for (guint i = 0; i < top2->n_buckets; i++)
      {
        other += rasid_trend_series_get_count (top2, i, RASID_TREND_COLUMN_OTHER);
        none += rasid_trend_series_get_count (top2, i, RASID_TREND_COLUMN_NONE);
        named += rasid_trend_series_get_count (top2, i, 0) + rasid_trend_series_get_count (top2, i, 1);
      }
    g_assert_cmpuint (other, >, 0);
    g_assert_cmpuint (none, >, 0);
    g_assert_cmpuint (other + none + named, ==, f->n_reports);
    /* The first key keeps every report naming it; the second may lose some to it. */
    g_assert_cmpuint (named, <=, top2->key_totals[0] + top2->key_totals[1]);
    g_assert_cmpuint (named, >=, top2->key_totals[0]);
  }

  /* Nothing matches: no bars; a period with nothing: empty bars. */
  nothing->place_id = g_strdup ("SY99");
  nil = series (f, nothing, RASID_TREND_STACK_EVENT, RASID_TREND_BUCKET_AUTO, 0);
  g_assert_cmpuint (nil->n_buckets, ==, 0);
  g_assert_cmpuint (nil->total, ==, 0);
  nothing->since = DAY0 + 5 * DAY;
  nothing->until = DAY0 + 7 * DAY;
  empty = series (f, nothing, RASID_TREND_STACK_EVENT, RASID_TREND_BUCKET_DAY, 0);
  g_assert_cmpuint (empty->n_buckets, ==, 2);
  g_assert_cmpuint (empty->max_total, ==, 0);

  first = rasid_trend_series_find_bucket (days, DAY0 + 5 * DAY + 1);
  g_assert_cmpint (first, ==, 5);
}

/* More hours than bars allowed: the latest are kept. */
static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autoptr(RasidFilter) all = rasid_filter_new ();
  g_autoptr(RasidTrendSeries) hours = NULL;

  store_item (f, f->c.sources[0], "far", "انفجار عبوة ناسفة قرب دوار مدينة الباب بعد منتصف الليل", DAY0 + 30 * DAY + 5 * HOUR);
  hours = series (f, all, RASID_TREND_STACK_GOVERNORATE, RASID_TREND_BUCKET_HOUR, 0);
  g_assert_cmpuint (hours->n_buckets, ==, RASID_TREND_MAX_BUCKETS);
  g_assert_true (hours->truncated);
  g_assert_cmpint (hours->starts[hours->n_buckets - 1], ==, DAY0 + 30 * DAY + 5 * HOUR);
  g_assert_cmpint (hours->since, ==, hours->starts[0]);
  check_bounds (hours);
  check_against_counts (f, all, hours);
  /* Days still show all of it. */
  {
    g_autoptr(RasidTrendSeries) days = series (f, all, RASID_TREND_STACK_GOVERNORATE, RASID_TREND_BUCKET_DAY, 0);
    g_assert_false (days->truncated);
    g_assert_cmpuint (days->n_buckets, ==, 31);
    g_assert_cmpuint (days->total, ==, f->n_reports + 1);
  }
}

/* Before the index is read, compute() asks SQL, and the answer is the same. */
static void
test_compute_before_load (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RasidTrendOptions options = { .stack = RASID_TREND_STACK_FACTION, .now = DAY0 + 13 * DAY };
  g_autoptr(RasidTrendSeries) before = NULL, after = NULL;

  g_assert_false (rasid_facet_index_is_loaded (f->c.index));
  before = rasid_trend_series_compute (f->c.reader, f->c.index, NULL, &options, &error);
  g_assert_no_error (error);
  g_assert_false (rasid_facet_index_is_loaded (f->c.index));
  g_assert_true (rasid_facet_index_sync (f->c.index, f->c.reader, &error));
  after = rasid_trend_series_compute (f->c.reader, f->c.index, NULL, &options, &error);
  g_assert_true (rasid_trend_series_equal (before, after));
  g_assert_cmpuint (after->total, ==, f->n_reports);
}

static void
test_names (void)
{
  RasidTrendStack stack;
  RasidTrendBucket bucket;

  for (RasidTrendStack s = 0; s <= RASID_TREND_STACK_EVENT; s++)
    {
      g_assert_true (rasid_trend_stack_from_string (rasid_trend_stack_to_string (s), &stack));
      g_assert_cmpint (stack, ==, s);
    }
  for (RasidTrendBucket b = 0; b <= RASID_TREND_BUCKET_DAY; b++)
    {
      g_assert_true (rasid_trend_bucket_from_string (rasid_trend_bucket_to_string (b), &bucket));
      g_assert_cmpint (bucket, ==, b);
    }
  g_assert_false (rasid_trend_stack_from_string ("week", &stack));
  g_assert_false (rasid_trend_bucket_from_string (NULL, &bucket));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trends/names", test_names);
  g_test_add ("/trends/index-matches-sql", Fixture, NULL, setup, test_index_matches_sql, teardown);
  g_test_add ("/trends/follows-changes", Fixture, NULL, setup, test_follows_changes, teardown);
  g_test_add ("/trends/days-and-hours", Fixture, NULL, setup, test_days_and_hours, teardown);
  g_test_add ("/trends/truncated", Fixture, NULL, setup, test_truncated, teardown);
  g_test_add ("/trends/compute-before-load", Fixture, NULL, setup, test_compute_before_load, teardown);
  return g_test_run ();
}
