/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-ingest.c: a refresh takes every due source through the same path,
 * whether it is a publisher's feed or a bundled demo file: fetched on the
 * main context (libsoup/GIO, asynchronous), then parsed, analysed and stored
 * in a worker thread with its own database connection, one transaction per
 * document. A failing document rolls back alone; earlier reports stay. */
#include "rasid-ingest.h"
#include "rasid-dates.h"
#include "rasid-fetcher.h"
#include "rasid-page.h"
#include "rasid-reanalyze.h"
#include "rasid-source-health.h"

#include <libsoup/soup.h>

#include <string.h>

#define PARALLEL_FETCHES 8

struct _RasidIngest {
  GObject        parent_instance;
  char          *db_path;
  RasidAnalyzer *analyzer;
  RasidFetcher  *fetcher;
  gboolean       network_enabled;
  gboolean       busy;
  guint          timeout;
  gsize          max_body;
  guint          retention_days;
};

#define MAX_FULL_TEXT_PAGES 30

G_DEFINE_FINAL_TYPE (RasidIngest, rasid_ingest, G_TYPE_OBJECT)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_PROGRESS, SIGNAL_SOURCE_DONE, SIGNAL_STORE_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
rasid_ingest_finalize (GObject *object)
{
  RasidIngest *self = RASID_INGEST (object);

  g_free (self->db_path);
  g_clear_object (&self->analyzer);
  g_clear_object (&self->fetcher);
  G_OBJECT_CLASS (rasid_ingest_parent_class)->finalize (object);
}

static void
rasid_ingest_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, RASID_INGEST (object)->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_ingest_class_init (RasidIngestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rasid_ingest_finalize;
  object_class->get_property = rasid_ingest_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (done, total) sources of the running refresh */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* (source id, new, updated, error message or NULL) */
  signals[SIGNAL_SOURCE_DONE] = g_signal_new ("source-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_INT64,
                                              G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
  /* (source id, GError) a document arrived but could not be kept: a full
   * disk, a damaged or locked database. Emitted just before ::source-done,
   * so a caller can tell this from a server that is down. */
  signals[SIGNAL_STORE_FAILED] = g_signal_new ("store-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_ERROR);
}

static void
rasid_ingest_init (RasidIngest *self)
{
  self->network_enabled = TRUE;
  self->fetcher = rasid_fetcher_new ();
  self->timeout = 30;
  self->max_body = 16 * 1024 * 1024;
}

RasidIngest *
rasid_ingest_new (const char *db_path, RasidAnalyzer *analyzer)
{
  RasidIngest *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (RASID_IS_ANALYZER (analyzer), NULL);

  self = g_object_new (RASID_TYPE_INGEST, NULL);
  self->db_path = g_strdup (db_path);
  self->analyzer = g_object_ref (analyzer);
  return self;
}

void
rasid_ingest_set_network_enabled (RasidIngest *self, gboolean enabled)
{
  g_return_if_fail (RASID_IS_INGEST (self));

  self->network_enabled = enabled;
}

/* Reports published more than @days ago go at each refresh (0: keep all). */
void
rasid_ingest_set_retention (RasidIngest *self, guint days)
{
  g_return_if_fail (RASID_IS_INGEST (self));

  self->retention_days = days;
}

/* Per-request timeout and the largest document accepted. */
void
rasid_ingest_set_limits (RasidIngest *self, guint timeout_seconds, gsize max_body_bytes)
{
  g_return_if_fail (RASID_IS_INGEST (self));

  rasid_fetcher_set_limits (self->fetcher, timeout_seconds, max_body_bytes);
  self->timeout = timeout_seconds;
  self->max_body = max_body_bytes;
}

gboolean
rasid_ingest_get_busy (RasidIngest *self)
{
  g_return_val_if_fail (RASID_IS_INGEST (self), FALSE);

  return self->busy;
}

static void
set_busy (RasidIngest *self, gboolean busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- the synchronous core, run in worker threads ------------------------ */

/**
 * rasid_parse_document:
 * @kind: the source's kind: "auto", "html", "rss", "atom", "rdf", "jsonfeed", "wordpress"
 * @rules: (nullable): extraction rules for HTML pages
 * @charset: (nullable): from the HTTP Content-Type
 *
 * Picks the parser: HTML pages (by kind, by rules, or by their look) go to
 * the page reader, everything else to the feed parser. A forced kind that
 * does not match the document is an error, not a guess.
 */
RasidFeed *
rasid_parse_document (const char *kind, const char *rules, const char *data, gsize len,
                      const char *base_url, const char *charset, gint64 now, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return rasid_parse_document_in_zone (kind, rules, data, len, base_url, charset, NULL, now, error);
}

/**
 * rasid_parse_document_in_zone:
 * @zone: (nullable): the source's zone, for a feed's dates that give none
 *   (%NULL: Syria's). A page's rules carry their own offset.
 *
 * As rasid_parse_document().
 */
RasidFeed *
rasid_parse_document_in_zone (const char *kind, const char *rules, const char *data, gsize len,
                              const char *base_url, const char *charset, GTimeZone *zone, gint64 now,
                              GError **error)
{
  RasidFeed *feed;
  gboolean any = kind == NULL || g_str_equal (kind, "auto");

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((kind && g_str_equal (kind, "html")) || (rules && *rules) ||
      (any && rasid_page_looks_like_html (data, len)))
    return rasid_page_parse (data, len, base_url, charset, rules, now, error);

  feed = rasid_feed_parse_full (data, len, base_url, charset, zone, error);
  if (feed && !any && !g_str_equal (feed->kind, kind))
    {
      g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT,
                   "Expected a %s document but found %s", kind, feed->kind);
      g_clear_pointer (&feed, rasid_feed_free);
    }
  return feed;
}

/* Items that carry only a summary get the article from their own page.
 * Runs in a worker thread, with a session of its own. */
static void
fetch_full_text (RasidFeed *feed, guint timeout, gsize max_body, GCancellable *cancellable)
{
  g_autoptr(SoupSession) session = NULL;
  guint fetched = 0;

  for (guint i = 0; i < feed->items->len && fetched < MAX_FULL_TEXT_PAGES; i++)
    {
      RasidFeedItem *item = g_ptr_array_index (feed->items, i);
      g_autoptr(GBytes) page = NULL;
      g_autoptr(RasidFeed) article = NULL;
      g_autoptr(GError) error = NULL;
      gboolean summary_only = item->content == NULL || g_strcmp0 (item->content, item->summary) == 0 ||
                              strlen (item->content) < 400;

      if (!summary_only || item->link == NULL ||
          !(g_str_has_prefix (item->link, "http://") || g_str_has_prefix (item->link, "https://")))
        continue;
      if (session == NULL)
        session = rasid_fetcher_new_sync_session (timeout);
      fetched++;
      page = rasid_fetcher_get_sync (session, item->link, max_body, cancellable, &error);
      if (page)
        article = rasid_page_parse (g_bytes_get_data (page, NULL), g_bytes_get_size (page), item->link,
                                    NULL, NULL, 0, &error);
      if (article && article->items->len > 0)
        {
          RasidFeedItem *a = g_ptr_array_index (article->items, 0);
          if (a->content && (!item->content || strlen (a->content) > strlen (item->content)))
            {
              g_free (item->content);
              item->content = g_steal_pointer (&a->content);
            }
          if (item->author == NULL)
            item->author = g_steal_pointer (&a->author);
          if (item->published == 0)
            item->published = a->published;
        }
      else if (error)
        g_debug ("No full text for %s: %s", item->link, error->message);
    }
}

static gboolean
store_feed (RasidStore *store, RasidAnalyzer *analyzer, const RasidSource *source, RasidFeed *feed,
            gint64 now, guint *n_new, guint *n_updated, GError **error)
{
  g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_analysis_free);
  guint added = 0, updated = 0;

  *n_new = *n_updated = 0;
  for (guint i = 0; i < feed->items->len; i++)
    {
      RasidFeedItem *item = g_ptr_array_index (feed->items, i);
      gboolean empty = (item->title == NULL || *item->title == 0) && (item->content == NULL || *item->content == 0);

      /* A ticker's every item is breaking news. */
      item->breaking |= source->is_ticker;
      g_ptr_array_add (analyses, empty ? NULL : rasid_analyzer_analyze (analyzer, item->title ? item->title : "",
                                                                        item->content));
    }

  /* Analysed above, outside the store's write queue: one document is read
   * while another is written. */
  if (!rasid_store_begin (store, error))
    return FALSE;
  /* Removed by another process while it was fetched: keep nothing of it. */
  if (!rasid_store_has_source (store, source->id, error))
    {
      gboolean failed = error && *error;
      rasid_store_rollback (store);
      return !failed;
    }
  for (guint i = 0; i < feed->items->len; i++)
    {
      RasidAnalysis *analysis = g_ptr_array_index (analyses, i);
      RasidUpsertResult result;
      RasidFeedItem *item = g_ptr_array_index (feed->items, i);
      gint64 id;

      if (analysis == NULL)
        continue;
      /* Filed in its story in the same write: a report is never committed
       * without one, and the lookup costs microseconds (bench-stories). */
      if ((id = rasid_store_upsert_report (store, source->id, item, analysis, now, &result, error)) == 0 ||
          (result == RASID_UPSERT_NEW &&
           !rasid_store_cluster_report (store, id, analysis, item->content ? item->content : item->summary, error)))
        {
          rasid_store_rollback (store);
          return FALSE;
        }
      added += result == RASID_UPSERT_NEW;
      updated += result == RASID_UPSERT_UPDATED;
    }
  if (!rasid_store_commit (store, error))
    {
      rasid_store_rollback (store);
      return FALSE;
    }
  /* Counted only once committed: a rolled-back batch stored nothing. */
  *n_new = added;
  *n_updated = updated;
  return TRUE;
}

/**
 * rasid_ingest_document:
 * @source: where @data came from (its id, kind, rules, ticker flag)
 *
 * Parses, analyses and stores one fetched document in one transaction.
 */
gboolean
rasid_ingest_document (RasidStore *store, RasidAnalyzer *analyzer, const RasidSource *source,
                       const char *data, gsize len, const char *base_url, gint64 now,
                       guint *n_new, guint *n_updated, char **feed_title, GError **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(RasidFeed) feed = NULL;

  g_return_val_if_fail (RASID_IS_STORE (store), FALSE);
  g_return_val_if_fail (RASID_IS_ANALYZER (analyzer), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (n_new != NULL && n_updated != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  zone = rasid_date_zone_new (source->time_zone);
  feed = rasid_parse_document_in_zone (source->kind, source->rules, data, len, base_url, NULL, zone, now, error);
  *n_new = *n_updated = 0;
  if (feed == NULL)
    return FALSE;
  if (feed_title)
    *feed_title = g_strdup (feed->title);
  return store_feed (store, analyzer, source, feed, now, n_new, n_updated, error);
}

/* data/sources.tsv: url, title, kind, ticker flag. Added on first run only,
 * so a user's removals stay removed. */
gboolean
rasid_ingest_ensure_default_sources (RasidStore *store, GError **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (RASID_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  existing = rasid_store_list_sources (store, error);
  if (existing == NULL)
    return FALSE;
  if (existing->len > 0)
    return TRUE;
  bytes = g_resources_lookup_data ("/io/github/rasid/Rasid/sources.tsv", G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;

      if (*lines[i] == 0 || *lines[i] == '#')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (f) < 4)
        continue;
      if (rasid_store_add_source (store, f[0], f[1], f[2], g_str_equal (f[3], "1"), error) == 0)
        return FALSE;
    }
  return TRUE;
}

/* ---- the asynchronous refresh -------------------------------------------- */

typedef struct {
  GPtrArray *sources;     /* RasidSource to fetch */
  guint      next;
  guint      active;
  guint      done;
  guint      n_new;
  gboolean   due_only;
  gboolean   network;
  gint64     only_id;     /* one source, just added: not a refresh of the desk */
} Refresh;

static void
refresh_free (Refresh *r)
{
  g_clear_pointer (&r->sources, g_ptr_array_unref);
  g_free (r);
}

static RasidStore *
open_store (RasidIngest *self, GError **error)
{
  return rasid_store_open_for_thread (self->db_path, error);
}

static gboolean
is_network_url (const char *url)
{
  return g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://");
}

/* Worker: default sources on first run, lexicons mirrored, due sources listed. */
static void
list_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  RasidIngest *self = source_object;
  Refresh *r = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = open_store (self, &error);
  g_autoptr(GPtrArray) all = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (r->only_id)
    {
      RasidSource *one = store ? rasid_store_get_source (store, r->only_id, &error) : NULL;

      if (one == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      r->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_source_free);
      g_ptr_array_add (r->sources, one);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (store == NULL ||
      !rasid_ingest_ensure_default_sources (store, &error) ||
      !rasid_reanalyze_sync_lexicons (store, self->analyzer, &error) ||
      !rasid_store_trim_changes (store, RASID_STORE_CHANGES_KEPT, &error) ||
      (self->retention_days > 0 &&
       rasid_store_prune (store, now - (gint64) self->retention_days * 86400, &error) < 0) ||
      (all = rasid_store_list_sources (store, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  r->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_source_free);
  for (guint i = 0; i < all->len; i++)
    {
      RasidSource *s = g_ptr_array_index (all, i);

      if (!s->enabled || (!r->network && is_network_url (s->url)))
        continue;
      if (r->due_only && s->next_fetch > now)
        continue;
      g_ptr_array_add (r->sources, g_ptr_array_steal_index (all, i));
      i--;
    }
  g_task_return_boolean (task, TRUE);
}

typedef struct {
  RasidIngest      *self;
  GTask            *refresh;   /* the running refresh, owned */
  RasidSource      *source;    /* borrowed from the refresh */
  RasidFetchResult *fetched;   /* NULL when the fetch itself failed */
  char             *error;     /* fetch error or stored failure */
  RasidSourceCause  cause;     /* why, classified when the error happened */
  GError           *store_error;  /* set when the document could not be stored */
  char             *warning;   /* read, but not all of it: a malformed feed */
  guint             n_new, n_updated;
} SourceJob;

static void
source_job_free (SourceJob *job)
{
  g_clear_object (&job->refresh);
  g_clear_pointer (&job->fetched, rasid_fetch_result_free);
  g_free (job->error);
  g_clear_error (&job->store_error);
  g_free (job->warning);
  g_free (job);
}

/* Worker: store one fetched document, or record why there was none. */
static void
store_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SourceJob *job = task_data;
  RasidIngest *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = open_store (self, &error);
  g_autofree char *title = NULL;
  RasidFetchResult *f = job->fetched;
  guint status = f ? f->status : 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (store == NULL)
    {
      job->error = g_strdup (error->message);
      job->cause = RASID_SOURCE_CAUSE_STORE;
      job->store_error = g_steal_pointer (&error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (job->error == NULL && f && f->body)
    {
      g_autoptr(GTimeZone) zone = rasid_date_zone_new (job->source->time_zone);
      g_autoptr(RasidFeed) feed = rasid_parse_document_in_zone (job->source->kind, job->source->rules,
                                                                g_bytes_get_data (f->body, NULL),
                                                                g_bytes_get_size (f->body),
                                                                f->final_url ? f->final_url : job->source->url,
                                                                f->charset, zone, now, &error);
      /* Past the retention window: pruned reports must not come back. */
      for (guint i = 0; feed && self->retention_days > 0 && i < feed->items->len; i++)
        {
          RasidFeedItem *item = g_ptr_array_index (feed->items, i);
          if (item->published && item->published < now - (gint64) self->retention_days * 86400)
            g_ptr_array_remove_index (feed->items, i--);
        }
      if (feed && job->source->full_text)
        fetch_full_text (feed, self->timeout, self->max_body, cancellable);
      if (feed)
        {
          title = g_strdup (feed->title);
          /* A malformed feed read in part: the source's health says so. */
          job->warning = g_strdup (feed->warning);
        }
      if (feed == NULL || !store_feed (store, self->analyzer, job->source, feed, now, &job->n_new, &job->n_updated, &error))
        {
          job->error = g_strdup (error->message);
          job->cause = feed != NULL ? RASID_SOURCE_CAUSE_STORE : rasid_source_cause_from_error (error);
          if (feed != NULL)
            job->store_error = g_error_copy (error);
        }
      g_clear_error (&error);
    }
  else if (job->error == NULL && f && status != 304)
    {
      job->error = g_strdup_printf ("HTTP %u", status);
      job->cause = rasid_source_cause_from_status (status);
    }

  if (!rasid_store_record_fetch (store, job->source->id, status, job->error,
                                 job->error ? rasid_source_cause_to_string (job->cause) : NULL,
                                 job->warning, job->n_new, job->n_updated,
                                 f ? f->etag : NULL, f ? f->last_modified : NULL, title,
                                 f ? f->retry_after : 0, &error))
    g_warning ("Cannot record the fetch of %s: %s", job->source->url, error->message);
  g_task_return_boolean (task, TRUE);
}

static void start_fetches (GTask *refresh);

static void
on_stored (GObject *object, GAsyncResult *res, gpointer user_data)
{
  SourceJob *job = g_task_get_task_data (G_TASK (res));
  GTask *refresh = job->refresh;
  Refresh *r = g_task_get_task_data (refresh);
  RasidIngest *self = job->self;

  r->active--;
  r->done++;
  r->n_new += job->n_new;
  if (job->store_error)
    g_signal_emit (self, signals[SIGNAL_STORE_FAILED], 0, job->source->id, job->store_error);
  g_signal_emit (self, signals[SIGNAL_SOURCE_DONE], 0, job->source->id, job->n_new, job->n_updated, job->error);
  if (!r->only_id)
    g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, r->done, r->sources->len);
  start_fetches (refresh);
}

static void
on_fetched (GObject *object, GAsyncResult *res, gpointer user_data)
{
  SourceJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) store_task = NULL;

  job->fetched = rasid_fetcher_fetch_finish (RASID_FETCHER (object), res, &error);
  if (job->fetched == NULL)
    {
      job->error = g_strdup (error->message);
      job->cause = rasid_source_cause_from_error (error);
    }
  /* Storing is not cancelled half-way: the transaction finishes or rolls back. */
  store_task = g_task_new (job->self, NULL, on_stored, NULL);
  g_task_set_task_data (store_task, job, (GDestroyNotify) source_job_free);
  g_task_run_in_thread (store_task, store_thread);
}

/* Keeps up to PARALLEL_FETCHES sources in flight; completes the refresh when
 * the last one is stored. */
static void
start_fetches (GTask *refresh)
{
  Refresh *r = g_task_get_task_data (refresh);
  RasidIngest *self = g_task_get_source_object (refresh);
  GCancellable *cancellable = g_task_get_cancellable (refresh);

  while (r->active < PARALLEL_FETCHES && r->next < r->sources->len &&
         !g_cancellable_is_cancelled (cancellable))
    {
      SourceJob *job = g_new0 (SourceJob, 1);

      job->self = self;
      job->refresh = g_object_ref (refresh);
      job->source = g_ptr_array_index (r->sources, r->next++);
      r->active++;
      rasid_fetcher_fetch_async (self->fetcher, job->source->url, job->source->etag,
                                 job->source->last_modified, cancellable, on_fetched, job);
    }
  if (r->active == 0 && (r->next == r->sources->len || g_cancellable_is_cancelled (cancellable)))
    {
      if (!r->only_id)
        set_busy (self, FALSE);
      if (!g_task_return_error_if_cancelled (refresh))
        g_task_return_boolean (refresh, TRUE);
      g_object_unref (refresh);
    }
}

static void
on_listed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  GTask *refresh = user_data;    /* owned */
  RasidIngest *self = RASID_INGEST (object);
  Refresh *r = g_task_get_task_data (refresh);
  g_autoptr(GError) error = NULL;


  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      if (!r->only_id)
        set_busy (self, FALSE);
      g_task_return_error (refresh, g_steal_pointer (&error));
      g_object_unref (refresh);
      return;
    }
  if (!r->only_id)
    g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, 0, r->sources->len);
  start_fetches (refresh);
}

/* Starts the refresh @r (taken): lists its sources in a worker, then
 * fetches them; completes with rasid_ingest_refresh_finish(). */
static void
start_refresh (RasidIngest *self, Refresh *r, GCancellable *cancellable, GAsyncReadyCallback callback,
               gpointer user_data)
{
  GTask *refresh = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) list = NULL;

  g_task_set_source_tag (refresh, rasid_ingest_refresh_async);
  g_task_set_task_data (refresh, r, (GDestroyNotify) refresh_free);
  /* The list task shares the refresh's data: it fills r->sources. */
  list = g_task_new (self, cancellable, on_listed, refresh);
  g_task_set_task_data (list, r, NULL);
  g_task_run_in_thread (list, list_thread);
}

/**
 * rasid_ingest_refresh_async:
 *
 * Fetches every enabled source (only those due unless %RASID_REFRESH_ALL).
 * Emits #RasidIngest::source-done per source and ::progress as it goes.
 */
void
rasid_ingest_refresh_async (RasidIngest *self, RasidRefreshFlags flags, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  Refresh *r;

  g_return_if_fail (RASID_IS_INGEST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  r = g_new0 (Refresh, 1);
  r->due_only = !(flags & RASID_REFRESH_ALL);
  r->network = self->network_enabled;
  set_busy (self, TRUE);
  start_refresh (self, r, cancellable, callback, user_data);
}

/**
 * rasid_ingest_refresh_source_async:
 *
 * Fetches source @source_id now, whatever its schedule, whether it is
 * enabled and whether network sources are being fetched: an analyst who
 * just added it wants to see it. Emits #RasidIngest::source-done for it,
 * but neither ::progress nor #RasidIngest:busy, which belong to the
 * refresh of all sources. Complete with rasid_ingest_refresh_finish().
 */
void
rasid_ingest_refresh_source_async (RasidIngest *self, gint64 source_id, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  Refresh *r;

  g_return_if_fail (RASID_IS_INGEST (self));
  g_return_if_fail (source_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  r = g_new0 (Refresh, 1);
  r->only_id = source_id;
  r->network = TRUE;
  start_refresh (self, r, cancellable, callback, user_data);
}

gboolean
rasid_ingest_refresh_finish (RasidIngest *self, GAsyncResult *result, guint *n_new, GError **error)
{
  Refresh *r;

  g_return_val_if_fail (RASID_IS_INGEST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  r = g_task_get_task_data (G_TASK (result));
  if (n_new)
    *n_new = r ? r->n_new : 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}
