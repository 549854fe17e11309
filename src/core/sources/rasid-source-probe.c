/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-source-probe.c: fetch an address, and if it is a page, the feed it
 * announces (rasid_page_choose_feed()); parse what came in a worker. A page
 * that announces none is refused here, so it never becomes a source whose
 * one "report" is the page itself. */
#include "config.h"
#include "rasid-source-probe.h"
#include "rasid-ingest.h"
#include "rasid-page.h"

#include <glib/gi18n-lib.h>

typedef struct {
  RasidFetcher     *fetcher;
  RasidSourceProbe *probe;
  RasidSourceCause  cause;
  guint             status;
  GBytes           *body;
  char             *charset;
  char             *base_url;
} ProbeData;

static void
probe_data_free (ProbeData *d)
{
  g_clear_object (&d->fetcher);
  g_clear_pointer (&d->probe, rasid_source_probe_free);
  g_clear_pointer (&d->body, g_bytes_unref);
  g_free (d->charset);
  g_free (d->base_url);
  g_free (d);
}

void
rasid_source_probe_free (RasidSourceProbe *probe)
{
  if (probe == NULL)
    return;
  g_free (probe->url);
  g_free (probe->page_url);
  g_clear_pointer (&probe->feed, rasid_feed_free);
  g_free (probe);
}

static void
fail (GTask *task, RasidSourceCause cause, GError *error)
{
  ProbeData *d = g_task_get_task_data (task);

  d->cause = cause;
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
parse_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ProbeData *d = task_data;
  GError *error = NULL;
  RasidFeed *feed = rasid_parse_document ("auto", NULL, g_bytes_get_data (d->body, NULL), g_bytes_get_size (d->body),
                                          d->base_url, d->charset, g_get_real_time () / G_USEC_PER_SEC, &error);

  if (feed && g_strcmp0 (feed->kind, "html") == 0)
    {
      g_clear_pointer (&feed, rasid_feed_free);
      g_set_error (&error, RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT, "Not a feed: a web page");
    }
  if (feed == NULL)
    {
      d->cause = rasid_source_cause_from_error (error);
      g_task_return_error (task, error);
      return;
    }
  d->probe->feed = feed;
  g_task_return_pointer (task, g_steal_pointer (&d->probe), (GDestroyNotify) rasid_source_probe_free);
}

static void on_fetched (GObject *object, GAsyncResult *res, gpointer user_data);

static void
on_fetched (GObject *object, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;   /* owned */
  ProbeData *d = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(RasidFetchResult) r = rasid_fetcher_fetch_finish (RASID_FETCHER (object), res, &error);
  const char *data;
  gsize len;

  if (r == NULL)
    {
      fail (task, rasid_source_cause_from_error (error), error);
      return;
    }
  d->status = r->status;
  if (r->body == NULL)
    {
      fail (task, RASID_SOURCE_CAUSE_HTTP,
            g_error_new (RASID_FETCH_ERROR, RASID_FETCH_ERROR_HTTP, "HTTP %u", r->status));
      return;
    }
  data = g_bytes_get_data (r->body, &len);
  if (rasid_page_looks_like_html (data, len))
    {
      g_autoptr(GPtrArray) feeds = NULL;
      RasidDiscoveredFeed *chosen;

      if (d->probe->page_url != NULL)
        {
          /* The announced feed is itself a page: follow no further. */
          fail (task, RASID_SOURCE_CAUSE_NOT_FEED,
                g_error_new (RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT,
                             "The feed %s announced by %s is a web page", d->probe->url, d->probe->page_url));
          return;
        }
      feeds = rasid_page_discover_feeds (data, len, r->final_url ? r->final_url : d->probe->url);
      if ((chosen = rasid_page_choose_feed (feeds)) == NULL)
        {
          fail (task, RASID_SOURCE_CAUSE_NOT_FEED,
                g_error_new (RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT,
                             "%s is a web page that announces no feed", d->probe->url));
          return;
        }
      d->probe->page_url = g_steal_pointer (&d->probe->url);
      d->probe->url = g_strdup (chosen->url);
      d->probe->n_announced = feeds->len;
      rasid_fetcher_fetch_async (d->fetcher, d->probe->url, NULL, NULL, g_task_get_cancellable (task),
                                 on_fetched, task);
      return;
    }
  d->body = g_bytes_ref (r->body);
  d->charset = g_strdup (r->charset);
  d->base_url = g_strdup (r->final_url ? r->final_url : d->probe->url);
  g_task_run_in_thread (task, parse_thread);
  g_object_unref (task);
}

/**
 * rasid_source_probe_async:
 *
 * Fetches @url as rasid_fetcher_fetch_async() does; a page is searched for
 * the feeds it announces and the likeliest one fetched instead. Completes
 * with the parsed feed, or an error and its #RasidSourceCause.
 */
void
rasid_source_probe_async (RasidFetcher *fetcher, const char *url, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  ProbeData *d;

  g_return_if_fail (RASID_IS_FETCHER (fetcher));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rasid_source_probe_async);
  d = g_new0 (ProbeData, 1);
  d->fetcher = g_object_ref (fetcher);
  d->probe = g_new0 (RasidSourceProbe, 1);
  d->probe->url = g_strdup (url);
  g_task_set_task_data (task, d, (GDestroyNotify) probe_data_free);
  rasid_fetcher_fetch_async (fetcher, url, NULL, NULL, cancellable, on_fetched, task);
}

/**
 * rasid_source_probe_finish:
 * @cause: (out) (optional): why it failed, %RASID_SOURCE_CAUSE_NONE on success
 * @http_status: (out) (optional): the last answer's status, 0 when none came
 */
RasidSourceProbe *
rasid_source_probe_finish (GAsyncResult *result, RasidSourceCause *cause, guint *http_status, GError **error)
{
  ProbeData *d;
  RasidSourceProbe *probe;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  d = g_task_get_task_data (G_TASK (result));
  probe = g_task_propagate_pointer (G_TASK (result), error);
  if (cause)
    *cause = probe ? RASID_SOURCE_CAUSE_NONE : d->cause;
  if (http_status)
    *http_status = d->status;
  return probe;
}
