/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-trends.h: the reports a filter matches per hour or per day, each
 * bar split by governorate, faction or event type: the series the trend
 * chart, its PNG/SVG export and the PDF briefing draw. */
#pragma once

#include "rasid-facet-index.h"
#include "rasid-store.h"

G_BEGIN_DECLS

typedef enum {
  RASID_TREND_STACK_GOVERNORATE,
  RASID_TREND_STACK_FACTION,
  RASID_TREND_STACK_EVENT,
} RasidTrendStack;

typedef enum {
  RASID_TREND_BUCKET_AUTO,   /* hours for up to three days, else days */
  RASID_TREND_BUCKET_HOUR,
  RASID_TREND_BUCKET_DAY,
} RasidTrendBucket;

/* Bars beyond this are cut from the start: the latest ones are shown. */
#define RASID_TREND_MAX_BUCKETS 400
#define RASID_TREND_AUTO_HOURS  (3 * 24)   /* longest span AUTO draws by hour */

typedef struct {
  RasidTrendStack  stack;
  RasidTrendBucket bucket;
  guint            top_n;   /* keys shown by name; 0: 6 */
  GTimeZone       *zone;    /* whose days and hours; NULL: Syria's */
  gint64           now;     /* the end of a period open at the end; 0: the clock */
  RasidFacetUnit   unit;    /* reports per bar, or stories: a story in the bar of
                             * its first report the filter matches, under the keys
                             * of all its reports the filter matches */
} RasidTrendOptions;

/* The two columns after the named keys. */
typedef enum {
  RASID_TREND_COLUMN_OTHER = -1,   /* keys beyond the top N */
  RASID_TREND_COLUMN_NONE  = -2,   /* reports with no such key */
} RasidTrendColumn;

typedef struct {
  RasidTrendStack  stack;
  RasidTrendBucket bucket;      /* HOUR or DAY, never AUTO */
  GTimeZone       *zone;
  gint64           since, until;   /* what the bars cover, within the filter's period */
  gboolean         truncated;   /* earlier bars were cut (RASID_TREND_MAX_BUCKETS) */
  guint            n_buckets;
  gint64          *starts;      /* n_buckets + 1 bounds: bucket i is [starts[i], starts[i + 1]) */
  guint            n_keys;      /* named keys, most reports first */
  char           **keys;        /* their ids (place P-code, actor id, event id), NULL-terminated */
  guint           *key_totals;  /* reports naming each key, however they were stacked */
  guint           *counts;      /* n_buckets rows of n_keys + 2: the keys, other, none */
  guint           *totals;      /* reports per bucket */
  guint            total;       /* reports in all bars */
  guint            max_total;   /* the highest bar */
} RasidTrendSeries;

RasidTrendSeries *rasid_trend_series_compute   (RasidStore              *store,
                                                RasidFacetIndex         *index,
                                                const RasidFilter       *filter,
                                                const RasidTrendOptions *options,
                                                GError                 **error);
RasidTrendSeries *rasid_trend_series_from_sql  (RasidStore              *store,
                                                const RasidFilter       *filter,
                                                const RasidTrendOptions *options,
                                                GError                 **error);
RasidTrendSeries *rasid_trend_series_from_index (RasidFacetIndex        *index,
                                                RasidStore              *store,
                                                const RasidFilter       *filter,
                                                const RasidTrendOptions *options,
                                                GError                 **error);
guint             rasid_trend_series_get_count (const RasidTrendSeries  *series,
                                                guint                    bucket,
                                                int                      key);
void              rasid_trend_series_get_period (const RasidTrendSeries *series,
                                                guint                    bucket,
                                                gint64                  *since,
                                                gint64                  *until);
int               rasid_trend_series_find_bucket (const RasidTrendSeries *series,
                                                gint64                   t);
gboolean          rasid_trend_series_equal     (const RasidTrendSeries  *a,
                                                const RasidTrendSeries  *b);
void              rasid_trend_series_free      (RasidTrendSeries        *series);

const char       *rasid_trend_stack_to_string  (RasidTrendStack          stack);
gboolean          rasid_trend_stack_from_string (const char             *text,
                                                RasidTrendStack         *stack);
const char       *rasid_trend_bucket_to_string (RasidTrendBucket         bucket);
gboolean          rasid_trend_bucket_from_string (const char            *text,
                                                RasidTrendBucket        *bucket);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidTrendSeries, rasid_trend_series_free)

/* For the facet index and the SQL reader: reports fed one by one with
 * their keys, as numbers (0 is none) whose names come at the end. */
typedef struct _RasidTrendBuilder RasidTrendBuilder;

RasidTrendBuilder *_rasid_trend_builder_new    (const RasidFilter       *filter,
                                                const RasidTrendOptions *options);
void               _rasid_trend_builder_add    (RasidTrendBuilder       *builder,
                                                gint64                   published,
                                                const guint32           *keys,
                                                guint                    n_keys,
                                                guint                    stride);
RasidTrendSeries  *_rasid_trend_builder_finish (RasidTrendBuilder       *builder,
                                                const char * const      *names,
                                                guint                    n_names);

G_END_DECLS
