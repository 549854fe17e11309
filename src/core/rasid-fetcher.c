/* rasid-fetcher.c: one SoupSession for every source, with a User-Agent that
 * names Rasid, conditional GET, a timeout, caps on connections and a body
 * size limit enforced while reading. TLS errors are never overridden. */
#include "config.h"
#include "rasid-fetcher.h"

#include <stdlib.h>
#include <libsoup/soup.h>

#define CHUNK 65536

struct _RasidFetcher {
  GObject      parent_instance;
  SoupSession *session;
  gsize        max_body;
};

G_DEFINE_FINAL_TYPE (RasidFetcher, rasid_fetcher, G_TYPE_OBJECT)
G_DEFINE_QUARK (rasid-fetch-error-quark, rasid_fetch_error)

typedef struct {
  SoupMessage      *msg;
  GInputStream     *stream;
  GByteArray       *body;
  RasidFetchResult *result;
} FetchData;

static void
fetch_data_free (FetchData *d)
{
  g_clear_object (&d->msg);
  g_clear_object (&d->stream);
  g_clear_pointer (&d->body, g_byte_array_unref);
  g_clear_pointer (&d->result, rasid_fetch_result_free);
  g_free (d);
}

void
rasid_fetch_result_free (RasidFetchResult *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->body, g_bytes_unref);
  g_free (r->etag);
  g_free (r->last_modified);
  g_free (r->content_type);
  g_free (r->charset);
  g_free (r->final_url);
  g_free (r);
}

static void
rasid_fetcher_finalize (GObject *object)
{
  RasidFetcher *self = RASID_FETCHER (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (rasid_fetcher_parent_class)->finalize (object);
}

static void
rasid_fetcher_class_init (RasidFetcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rasid_fetcher_finalize;
}

#define USER_AGENT "Rasid/" PACKAGE_VERSION " (+https://github.com/rasid/rasid; news monitor)"

static void
rasid_fetcher_init (RasidFetcher *self)
{
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", 30,
                                                 "idle-timeout", 60,
                                                 "max-conns", 12,
                                                 "max-conns-per-host", 2,
                                                 NULL);
  self->max_body = 16 * 1024 * 1024;
}

RasidFetcher *
rasid_fetcher_new (void)
{
  return g_object_new (RASID_TYPE_FETCHER, NULL);
}

void
rasid_fetcher_set_limits (RasidFetcher *self, guint timeout_seconds, gsize max_body_bytes)
{
  g_object_set (self->session, "timeout", timeout_seconds, NULL);
  self->max_body = max_body_bytes;
}

static void read_more (GTask *task);

static void
on_read (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *d = g_task_get_task_data (task);
  RasidFetcher *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);

  if (chunk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      d->result->body = g_byte_array_free_to_bytes (g_steal_pointer (&d->body));
      g_task_return_pointer (task, g_steal_pointer (&d->result), (GDestroyNotify) rasid_fetch_result_free);
      return;
    }
  if (d->body->len + g_bytes_get_size (chunk) > self->max_body)
    {
      /* Stop reading: an endless or oversized body never reaches memory whole. */
      g_task_return_new_error (task, RASID_FETCH_ERROR, RASID_FETCH_ERROR_TOO_LARGE,
                               "The document is larger than %" G_GSIZE_FORMAT " bytes", self->max_body);
      return;
    }
  g_byte_array_append (d->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  FetchData *d = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (d->stream, CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read, task);
}

static gint64
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;

  if (value == NULL)
    return 0;
  if (g_ascii_isdigit (value[0]))
    return MIN (atoll (value), 7 * 24 * 3600);
  when = soup_date_time_new_from_http_string (value);
  if (when)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      return MAX (0, g_date_time_difference (when, now) / G_TIME_SPAN_SECOND);
    }
  return 0;
}

static void
on_sent (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  d->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (d->stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (d->msg);
  headers = soup_message_get_response_headers (d->msg);
  d->result = g_new0 (RasidFetchResult, 1);
  d->result->status = status;
  d->result->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  d->result->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
  {
    GHashTable *params = NULL;
    d->result->content_type = g_strdup (soup_message_headers_get_content_type (headers, &params));
    if (params)
      {
        d->result->charset = g_strdup (g_hash_table_lookup (params, "charset"));
        g_hash_table_unref (params);
      }
  }
  d->result->final_url = g_uri_to_string (soup_message_get_uri (d->msg));

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      g_task_return_pointer (task, g_steal_pointer (&d->result), (GDestroyNotify) rasid_fetch_result_free);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* Not an error of the fetch itself: the caller records the status and
       * honours Retry-After. */
      d->result->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
      g_task_return_pointer (task, g_steal_pointer (&d->result), (GDestroyNotify) rasid_fetch_result_free);
      return;
    }
  d->body = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static void
on_file_loaded (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RasidFetcher *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFetchResult) r = g_new0 (RasidFetchResult, 1);
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_load_contents_finish (G_FILE (source), res, &contents, &len, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (len > self->max_body)
    {
      g_free (contents);
      g_task_return_new_error (task, RASID_FETCH_ERROR, RASID_FETCH_ERROR_TOO_LARGE,
                               "The document is larger than %" G_GSIZE_FORMAT " bytes", self->max_body);
      return;
    }
  r->body = g_bytes_new_take (contents, len);
  r->status = 200;
  r->final_url = g_file_get_uri (G_FILE (source));
  g_task_return_pointer (task, g_steal_pointer (&r), (GDestroyNotify) rasid_fetch_result_free);
}

/**
 * rasid_fetcher_fetch_async:
 * @etag: (nullable): from the last successful fetch, for a conditional GET
 * @last_modified: (nullable): likewise
 *
 * Completes with a #RasidFetchResult; its body is %NULL unless the status
 * is 2xx (304 and HTTP errors carry only the status and headers). Network,
 * TLS and size-limit failures complete with an error.
 */
void
rasid_fetcher_fetch_async (RasidFetcher *self, const char *url, const char *etag,
                           const char *last_modified, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *scheme = g_uri_parse_scheme (url);
  FetchData *d;

  g_task_set_source_tag (task, rasid_fetcher_fetch_async);

  if (scheme && (g_ascii_strcasecmp (scheme, "file") == 0 || g_ascii_strcasecmp (scheme, "resource") == 0))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (url);
      g_file_load_contents_async (file, cancellable, on_file_loaded, g_steal_pointer (&task));
      return;
    }
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_task_return_new_error (task, RASID_FETCH_ERROR, RASID_FETCH_ERROR_UNSUPPORTED,
                               "Unsupported address “%s”: use http, https or file", url);
      return;
    }

  d = g_new0 (FetchData, 1);
  d->msg = soup_message_new ("GET", url);
  g_task_set_task_data (task, d, (GDestroyNotify) fetch_data_free);
  if (d->msg == NULL)
    {
      g_task_return_new_error (task, RASID_FETCH_ERROR, RASID_FETCH_ERROR_UNSUPPORTED,
                               "Not a valid address: “%s”", url);
      return;
    }
  if (etag)
    soup_message_headers_replace (soup_message_get_request_headers (d->msg), "If-None-Match", etag);
  if (last_modified)
    soup_message_headers_replace (soup_message_get_request_headers (d->msg), "If-Modified-Since", last_modified);
  soup_message_headers_replace (soup_message_get_request_headers (d->msg), "Accept",
                                "application/rss+xml, application/atom+xml, application/feed+json, "
                                "application/json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
  soup_session_send_async (self->session, d->msg, G_PRIORITY_DEFAULT, cancellable, on_sent,
                           g_steal_pointer (&task));
}

RasidFetchResult *
rasid_fetcher_fetch_finish (RasidFetcher *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gpointer
rasid_fetcher_new_sync_session (guint timeout_seconds)
{
  return soup_session_new_with_options ("user-agent", USER_AGENT, "timeout", timeout_seconds,
                                        "max-conns-per-host", 2, NULL);
}

/* A blocking GET for worker threads (article pages for full text), with the
 * same size limit as the asynchronous path. */
GBytes *
rasid_fetcher_get_sync (gpointer session, const char *url, gsize max_body, GCancellable *cancellable,
                        GError **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 buf[CHUNK];
  gssize n;

  if (msg == NULL)
    {
      g_set_error (error, RASID_FETCH_ERROR, RASID_FETCH_ERROR_UNSUPPORTED, "Not a valid address: “%s”", url);
      return NULL;
    }
  in = soup_session_send (SOUP_SESSION (session), msg, cancellable, error);
  if (in == NULL)
    return NULL;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_set_error (error, RASID_FETCH_ERROR, RASID_FETCH_ERROR_HTTP, "HTTP %u", soup_message_get_status (msg));
      return NULL;
    }
  while ((n = g_input_stream_read (in, buf, sizeof buf, cancellable, error)) > 0)
    {
      if (body->len + (gsize) n > max_body)
        {
          g_set_error (error, RASID_FETCH_ERROR, RASID_FETCH_ERROR_TOO_LARGE,
                       "The document is larger than %" G_GSIZE_FORMAT " bytes", max_body);
          return NULL;
        }
      g_byte_array_append (body, buf, n);
    }
  if (n < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}
