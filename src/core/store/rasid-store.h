/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store.h: the local SQLite cache. One RasidStore per thread. */
#pragma once

#include <gio/gio.h>

#include "rasid-analyzer.h"
#include "rasid-feed.h"
#include "rasid-report.h"

G_BEGIN_DECLS

#define RASID_STORE_ERROR (rasid_store_error_quark ())
#define RASID_STORE_SCHEMA_VERSION 11
#define RASID_STORE_CHANGES_KEPT 100000   /* entries of the change log each refresh keeps */

typedef enum {
  RASID_STORE_ERROR_OPEN,
  RASID_STORE_ERROR_CORRUPT,
  RASID_STORE_ERROR_LOCKED,
  RASID_STORE_ERROR_NEWER,
  RASID_STORE_ERROR_FAILED,
  RASID_STORE_ERROR_NOT_FOUND,
} RasidStoreError;

typedef enum {
  RASID_UPSERT_UNCHANGED,
  RASID_UPSERT_NEW,
  RASID_UPSERT_UPDATED,
} RasidUpsertResult;

typedef struct {
  gint64   id;
  char    *url;
  char    *title;
  char    *kind;
  gboolean enabled;
  gboolean is_ticker;
  gboolean full_text;          /* fetch each item's page for the article */
  char    *rules;              /* JSON extraction rules for HTML pages */
  guint    refresh_interval;   /* seconds */
  char    *etag;
  char    *last_modified;
  gint64   last_fetch;
  gint64   last_success;
  char    *last_error;
  char    *last_error_kind;    /* a RasidSourceCause's name (rasid-source-health.h), or NULL */
  char    *last_warning;       /* a fetch that worked but had to recover */
  char    *time_zone;          /* IANA zone for dates without one; NULL: Syria */
  int      last_status;
  guint    new_count;
  guint    updated_count;
  guint    failures;
  gint64   next_fetch;
  gint64   report_count;
} RasidSource;

typedef struct {
  char    *place_id;      /* any level: matches the place and all below it */
  char    *actor_id;
  gint64   source_id;     /* 0: any */
  char    *event;
  char    *query;         /* full-text, user syntax */
  gint64   since, until;  /* 0: open */
  gboolean unread_only;
  gboolean starred_only;
  gboolean breaking_only;
} RasidFilter;

typedef struct {
  gint64  id;
  char   *name;
  char   *filter_json;
  gint64  last_seen;     /* highest report id the analyst has seen for it */
  gint64  new_count;     /* matching reports above last_seen */
} RasidWatch;

#define RASID_TYPE_STORE (rasid_store_get_type ())
G_DECLARE_FINAL_TYPE (RasidStore, rasid_store, RASID, STORE, GObject)

GQuark        rasid_store_error_quark      (void);
char         *rasid_store_default_path     (void);
RasidStore   *rasid_store_open             (const char   *path,
                                            GError      **error);
RasidStore   *rasid_store_open_for_thread  (const char   *path,
                                            GError      **error);
/* Runs @func on the calling worker thread's own connection to @path. */
typedef gboolean (*RasidStoreJob) (RasidStore   *store,
                                   gpointer      data,
                                   GCancellable *cancellable,
                                   GError      **error);
void          rasid_store_run_async        (const char          *path,
                                            RasidStoreJob        func,
                                            gpointer             data,
                                            GDestroyNotify       destroy,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      rasid_store_run_finish       (GAsyncResult        *result,
                                            gpointer            *data,
                                            GError             **error);
RasidStore   *rasid_store_open_full        (const char   *path,
                                            guint         busy_timeout_ms,
                                            GError      **error);
const char   *rasid_store_get_path         (RasidStore   *self);
int           rasid_store_get_schema_version (RasidStore *self);

gboolean      rasid_store_begin            (RasidStore   *self,
                                            GError      **error);
gboolean      rasid_store_commit           (RasidStore   *self,
                                            GError      **error);
void          rasid_store_rollback         (RasidStore   *self);

/* Sources */
gint64        rasid_store_add_source       (RasidStore   *self,
                                            const char   *url,
                                            const char   *title,
                                            const char   *kind,
                                            gboolean      is_ticker,
                                            GError      **error);
gboolean      rasid_store_set_source_options (RasidStore *self,
                                            gint64        id,
                                            const char   *kind,
                                            const char   *rules,
                                            int           full_text,
                                            int           enabled,
                                            int           refresh_interval,
                                            GError      **error);
gboolean      rasid_store_set_source_time_zone (RasidStore *self,
                                            gint64        id,
                                            const char   *zone,
                                            GError      **error);
gboolean      rasid_store_remove_source    (RasidStore   *self,
                                            gint64        id,
                                            GError      **error);
GPtrArray    *rasid_store_list_sources     (RasidStore   *self,
                                            GError      **error);
gboolean      rasid_store_has_source       (RasidStore   *self,
                                            gint64        id,
                                            GError      **error);
RasidSource  *rasid_store_get_source       (RasidStore   *self,
                                            gint64        id,
                                            GError      **error);
gboolean      rasid_store_record_fetch     (RasidStore   *self,
                                            gint64        source_id,
                                            int           http_status,
                                            const char   *error_message,
                                            const char   *error_kind,
                                            const char   *warning,
                                            guint         new_count,
                                            guint         updated_count,
                                            const char   *etag,
                                            const char   *last_modified,
                                            const char   *title,
                                            gint64        retry_after,
                                            GError      **error);
void          rasid_source_free            (RasidSource  *source);

/* Reports */
gint64        rasid_store_upsert_report    (RasidStore        *self,
                                            gint64             source_id,
                                            RasidFeedItem     *item,
                                            RasidAnalysis     *analysis,
                                            gint64             now,
                                            RasidUpsertResult *result,
                                            GError           **error);
GArray       *rasid_store_query_ids        (RasidStore        *self,
                                            const RasidFilter *filter,
                                            GError           **error);
GArray       *rasid_store_match_ids        (RasidStore        *self,
                                            const char        *query,
                                            GError           **error);
gint64        rasid_store_count_reports    (RasidStore        *self,
                                            const RasidFilter *filter,
                                            GError           **error);
GPtrArray    *rasid_store_load_reports     (RasidStore        *self,
                                            const gint64      *ids,
                                            guint              n_ids,
                                            GError           **error);
RasidReport  *rasid_store_load_report      (RasidStore        *self,
                                            gint64             id,
                                            GError           **error);
gboolean      rasid_store_set_flags        (RasidStore        *self,
                                            gint64             id,
                                            int                read,
                                            int                starred,
                                            GError           **error);
GHashTable   *rasid_store_count_places     (RasidStore        *self,
                                            const RasidFilter *filter,
                                            guint              level,
                                            const char        *parent,
                                            GError           **error);
GHashTable   *rasid_store_count_actors     (RasidStore        *self,
                                            const RasidFilter *filter,
                                            GError           **error);
gboolean      rasid_store_read_texts       (RasidStore        *self,
                                            gint64             after,
                                            guint              limit,
                                            GArray            *ids,
                                            GPtrArray         *texts,
                                            GError           **error);
gboolean      rasid_store_replace_readings (RasidStore        *self,
                                            gint64             id,
                                            const char        *title,
                                            const char        *body,
                                            RasidAnalysis     *analysis,
                                            gboolean          *found,
                                            GError           **error);
gint64        rasid_store_prune            (RasidStore        *self,
                                            gint64             published_before,
                                            GError           **error);
GArray       *rasid_store_changes_since    (RasidStore        *self,
                                            gint64             since,
                                            gint64            *latest,
                                            GError           **error);
gboolean      rasid_store_trim_changes     (RasidStore        *self,
                                            guint              keep,
                                            GError           **error);
gboolean      rasid_store_sync_lexicons    (RasidStore        *self,
                                            GPtrArray         *places,
                                            GPtrArray         *actors,
                                            GError           **error);

gboolean      rasid_store_prepare_scope    (RasidStore        *self,
                                            const RasidFilter *filter,
                                            GError           **error);
GHashTable   *rasid_store_count_sources    (RasidStore        *self,
                                            const RasidFilter *filter,
                                            GError           **error);
GHashTable   *rasid_store_count_events     (RasidStore        *self,
                                            const RasidFilter *filter,
                                            GError           **error);

/* Watches: named filters that tell when new reports match them. */
gint64        rasid_store_add_watch        (RasidStore        *self,
                                            const char        *name,
                                            const RasidFilter *filter,
                                            GError           **error);
gboolean      rasid_store_remove_watch     (RasidStore        *self,
                                            gint64             id,
                                            GError           **error);
GPtrArray    *rasid_store_list_watches     (RasidStore        *self,
                                            GError           **error);
gboolean      rasid_store_mark_watch_seen  (RasidStore        *self,
                                            gint64             id,
                                            GError           **error);
void          rasid_watch_free             (RasidWatch        *watch);

RasidFilter  *rasid_filter_new             (void);
RasidFilter  *rasid_filter_copy            (const RasidFilter *filter);
void          rasid_filter_free            (RasidFilter       *filter);
gboolean      rasid_filter_is_empty        (const RasidFilter *filter);
char         *rasid_fts_query_from_user    (const char        *text);
char         *rasid_filter_to_json         (const RasidFilter *filter);
RasidFilter  *rasid_filter_from_json       (const char        *json,
                                            GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidSource, rasid_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidFilter, rasid_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidWatch, rasid_watch_free)

/* Stories: reports that tell of one event (rasid-store-stories.c, schema v9). */
typedef struct {
  gint64  report_id;
  gint64  source_id;
  char   *source;         /* the outlet's title or address */
  char   *guid;           /* its guid for this report */
  char   *link;
  char   *title;
  gint64  published;
  char   *role;           /* "first", "corroboration", "update", "citation" */
  char   *cited_source;   /* the outlet it cites, or NULL */
  int     killed, injured;   /* -1: no figure */
  gboolean changed_story; /* it moved the story's figures */
} RasidStoryReportRow;

typedef struct {
  gint64     id;
  gint64     first_report_id, first_source_id;
  char      *first_source;
  gint64     first_time, last_time;
  char      *event;
  char      *headline;    /* the first report's */
  guint      n_reports, n_outlets, n_citations;
  int        killed_min, killed_max, injured_min, injured_max;   /* -1: none */
  GPtrArray *reports;     /* RasidStoryReportRow, earliest first */
  GPtrArray *places;      /* place ids, most named first */
  GPtrArray *actors;      /* actor ids */
} RasidStory;

gboolean      rasid_store_cluster_report   (RasidStore        *self,
                                            gint64             report_id,
                                            RasidAnalysis     *analysis,
                                            const char        *body,
                                            GError           **error);
void          rasid_store_forget_stories   (RasidStore        *self);
gboolean      rasid_store_rebuild_stories  (RasidStore        *self,
                                            guint             *n_stories,
                                            GError           **error);
/* How a list of stories is ordered. */
typedef enum {
  RASID_STORY_ORDER_NEWEST,        /* latest told of first */
  RASID_STORY_ORDER_CORROBORATION, /* most outlets first, then newest */
  RASID_STORY_ORDER_FIRST_REPORT,  /* earliest first report first */
} RasidStoryOrder;

gboolean      rasid_story_order_from_string (const char       *text,
                                            RasidStoryOrder   *order);
const char   *rasid_story_order_to_string  (RasidStoryOrder    order);

GArray       *rasid_store_query_stories    (RasidStore        *self,
                                            const RasidFilter *filter,
                                            GError           **error);
GArray       *rasid_store_query_stories_full (RasidStore      *self,
                                            const RasidFilter *filter,
                                            guint              min_outlets,
                                            RasidStoryOrder    order,
                                            GError           **error);
GArray       *rasid_store_select_stories   (RasidStore        *self,
                                            const gint64      *ids,
                                            guint              n_ids,
                                            guint              min_outlets,
                                            RasidStoryOrder    order,
                                            GError           **error);
RasidStory   *rasid_store_load_story       (RasidStore        *self,
                                            gint64             id,
                                            GError           **error);
gint64        rasid_store_get_story_of_report (RasidStore     *self,
                                            gint64             report_id,
                                            GError           **error);
void          rasid_story_free             (RasidStory        *story);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidStory, rasid_story_free)

G_END_DECLS
