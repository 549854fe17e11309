/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-fetcher.c: one SoupSession for every source, with a User-Agent that
 * names Rasid, conditional GET, a timeout per read, a deadline for the
 * whole fetch, caps on connections and a body size limit enforced while
 * reading (after decompression, so a gzip bomb stops at the limit too).
 * Local files must be regular files under the same limit. TLS errors are
 * never overridden. */
#include "config.h"
#include "rasid-fetcher.h"

#include <stdlib.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#define CHUNK 65536

struct _RasidFetcher {
  GObject      parent_instance;
  SoupSession *session;
  gsize        max_body;
  guint        timeout;
};

G_DEFINE_FINAL_TYPE (RasidFetcher, rasid_fetcher, G_TYPE_OBJECT)
G_DEFINE_QUARK (rasid-fetch-error-quark, rasid_fetch_error)

typedef struct {
  SoupMessage      *msg;
  GInputStream     *stream;
  GByteArray       *body;
  RasidFetchResult *result;
  /* Cancelled by the caller's cancellable or by the deadline. */
  GCancellable     *cancellable;
  GCancellable     *caller;
  gulong            caller_handler;
  GSource          *deadline;
  guint             deadline_seconds;
  gboolean          expired;
} FetchData;

static void
stop_deadline (FetchData *d)
{
  if (d->deadline)
    {
      g_source_destroy (d->deadline);
      g_clear_pointer (&d->deadline, g_source_unref);
    }
}

static void
fetch_data_free (FetchData *d)
{
  stop_deadline (d);
  if (d->caller)
    g_cancellable_disconnect (d->caller, d->caller_handler);
  g_clear_object (&d->caller);
  g_clear_object (&d->cancellable);
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
#define DEFAULT_TIMEOUT 30

static void
rasid_fetcher_init (RasidFetcher *self)
{
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", DEFAULT_TIMEOUT,
                                                 "idle-timeout", 60,
                                                 "max-conns", 12,
                                                 "max-conns-per-host", 2,
                                                 NULL);
  self->max_body = 16 * 1024 * 1024;
  self->timeout = DEFAULT_TIMEOUT;
}

RasidFetcher *
rasid_fetcher_new (void)
{
  return g_object_new (RASID_TYPE_FETCHER, NULL);
}

/**
 * rasid_fetcher_set_limits:
 * @timeout_seconds: for each read; a whole fetch gets this times
 *   %RASID_FETCH_DEADLINE_FACTOR
 * @max_body_bytes: the largest document accepted, decompressed
 */
void
rasid_fetcher_set_limits (RasidFetcher *self, guint timeout_seconds, gsize max_body_bytes)
{
  g_return_if_fail (RASID_IS_FETCHER (self));
  g_return_if_fail (timeout_seconds > 0);

  g_object_set (self->session, "timeout", timeout_seconds, NULL);
  self->timeout = timeout_seconds;
  self->max_body = max_body_bytes;
}

static GError *
too_large_error (gsize max_body)
{
  /* The number apart: xgettext cannot read G_GSIZE_FORMAT. */
  g_autofree char *bytes = g_strdup_printf ("%" G_GSIZE_FORMAT, max_body);

  return g_error_new (RASID_FETCH_ERROR, RASID_FETCH_ERROR_TOO_LARGE, _("The document is larger than %s bytes"),
                      bytes);
}

static GError *
deadline_error (guint seconds)
{
  return g_error_new (RASID_FETCH_ERROR, RASID_FETCH_ERROR_DEADLINE,
                      _("Gave up after %u seconds (deadline): the server sends too slowly"), seconds);
}

/* Every way a fetch ends goes through these two, which stop the clock. */
static void
fetch_fail (GTask *task, GError *error)
{
  FetchData *d = g_task_get_task_data (task);

  stop_deadline (d);
  if (d->expired && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      error = deadline_error (d->deadline_seconds);
    }
  g_task_return_error (task, error);
}

static void
fetch_succeed (GTask *task)
{
  FetchData *d = g_task_get_task_data (task);

  stop_deadline (d);
  g_task_return_pointer (task, g_steal_pointer (&d->result), (GDestroyNotify) rasid_fetch_result_free);
}

static void read_more (GTask *task);

static void
on_read (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *d = g_task_get_task_data (task);
  RasidFetcher *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);

  if (chunk == NULL)
    {
      fetch_fail (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      d->result->body = g_byte_array_free_to_bytes (g_steal_pointer (&d->body));
      fetch_succeed (task);
      return;
    }
  if (d->body->len + g_bytes_get_size (chunk) > self->max_body)
    {
      /* Stop reading: an endless or oversized body never reaches memory whole. */
      fetch_fail (task, too_large_error (self->max_body));
      return;
    }
  g_byte_array_append (d->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  FetchData *d = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (d->stream, CHUNK, G_PRIORITY_DEFAULT, d->cancellable, on_read, task);
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
  RasidFetcher *self = g_task_get_source_object (task);
  GError *error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  d->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (d->stream == NULL)
    {
      fetch_fail (task, error);
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
      fetch_succeed (task);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* Not an error of the fetch itself: the caller records the status and
       * honours Retry-After. */
      d->result->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
      fetch_succeed (task);
      return;
    }
  /* A body announced too large is refused before it is read (uncompressed
   * only: a compressed length says nothing of the decoded size). */
  if (soup_message_headers_get_one (headers, "Content-Encoding") == NULL &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > self->max_body)
    {
      fetch_fail (task, too_large_error (self->max_body));
      return;
    }
  d->body = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static void
on_file_opened (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->stream = G_INPUT_STREAM (g_file_read_finish (G_FILE (source), res, &error));
  if (d->stream == NULL)
    {
      fetch_fail (task, error);
      return;
    }
  d->result = g_new0 (RasidFetchResult, 1);
  d->result->status = 200;
  d->result->final_url = g_file_get_uri (G_FILE (source));
  d->body = g_byte_array_new ();
  /* Read like a response body: a file that grows while it is read still
   * stops at the limit. */
  read_more (g_steal_pointer (&task));
}

static void
on_file_info (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *d = g_task_get_task_data (task);
  RasidFetcher *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), res, &error);

  if (info == NULL)
    {
      fetch_fail (task, error);
      return;
    }
  /* Devices (/dev/zero), FIFOs (which would block on open), sockets and
   * folders are no documents. Links are followed to what they name. */
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *uri = g_file_get_uri (G_FILE (source));
      fetch_fail (task, g_error_new (RASID_FETCH_ERROR, RASID_FETCH_ERROR_NOT_REGULAR,
                                     _("Not a regular file: “%s”"), uri));
      return;
    }
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      (guint64) g_file_info_get_size (info) > self->max_body)
    {
      fetch_fail (task, too_large_error (self->max_body));
      return;
    }
  g_file_read_async (G_FILE (source), G_PRIORITY_DEFAULT, d->cancellable, on_file_opened, g_steal_pointer (&task));
}

static void
on_caller_cancelled (GCancellable *caller, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
on_deadline (gpointer user_data)
{
  FetchData *d = user_data;

  d->expired = TRUE;
  g_cancellable_cancel (d->cancellable);
  g_clear_pointer (&d->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* The task's own cancellable follows the caller's and the clock. */
static FetchData *
fetch_data_new (RasidFetcher *self, GTask *task, GCancellable *caller)
{
  FetchData *d = g_new0 (FetchData, 1);

  g_task_set_task_data (task, d, (GDestroyNotify) fetch_data_free);
  d->cancellable = g_cancellable_new ();
  if (caller)
    {
      d->caller = g_object_ref (caller);
      d->caller_handler = g_cancellable_connect (caller, G_CALLBACK (on_caller_cancelled),
                                                 g_object_ref (d->cancellable), g_object_unref);
    }
  d->deadline_seconds = self->timeout * RASID_FETCH_DEADLINE_FACTOR;
  d->deadline = g_timeout_source_new_seconds (d->deadline_seconds);
  g_source_set_static_name (d->deadline, "[rasid] fetch deadline");
  g_source_set_callback (d->deadline, on_deadline, d, NULL);
  g_source_attach (d->deadline, g_task_get_context (task));
  return d;
}

/**
 * rasid_fetcher_fetch_async:
 * @etag: (nullable): from the last successful fetch, for a conditional GET
 * @last_modified: (nullable): likewise
 *
 * Completes with a #RasidFetchResult; its body is %NULL unless the status
 * is 2xx (304 and HTTP errors carry only the status and headers). Network,
 * TLS, size-limit, deadline and not-a-file failures complete with an error.
 */
void
rasid_fetcher_fetch_async (RasidFetcher *self, const char *url, const char *etag,
                           const char *last_modified, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *scheme = NULL;
  FetchData *d;

  g_return_if_fail (RASID_IS_FETCHER (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rasid_fetcher_fetch_async);
  scheme = g_uri_parse_scheme (url);
  d = fetch_data_new (self, task, cancellable);

  if (scheme && (g_ascii_strcasecmp (scheme, "file") == 0 || g_ascii_strcasecmp (scheme, "resource") == 0))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (url);
      g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, d->cancellable, on_file_info,
                               g_steal_pointer (&task));
      return;
    }
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      fetch_fail (task, g_error_new (RASID_FETCH_ERROR, RASID_FETCH_ERROR_UNSUPPORTED,
                                     _("Unsupported address “%s”: use http, https or file"), url));
      return;
    }

  d->msg = soup_message_new ("GET", url);
  if (d->msg == NULL)
    {
      fetch_fail (task, g_error_new (RASID_FETCH_ERROR, RASID_FETCH_ERROR_UNSUPPORTED,
                                     _("Not a valid address: “%s”"), url));
      return;
    }
  if (etag)
    soup_message_headers_replace (soup_message_get_request_headers (d->msg), "If-None-Match", etag);
  if (last_modified)
    soup_message_headers_replace (soup_message_get_request_headers (d->msg), "If-Modified-Since", last_modified);
  soup_message_headers_replace (soup_message_get_request_headers (d->msg), "Accept",
                                "application/rss+xml, application/atom+xml, application/feed+json, "
                                "application/json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
  soup_session_send_async (self->session, d->msg, G_PRIORITY_DEFAULT, d->cancellable, on_sent,
                           g_steal_pointer (&task));
}

RasidFetchResult *
rasid_fetcher_fetch_finish (RasidFetcher *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (RASID_IS_FETCHER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- blocking GETs for worker threads ------------------------------------ */

/* Worker threads block in libsoup, so their deadlines are kept by a thread
 * of their own that cancels what has run out of time. */
static gpointer
run_deadline_context (gpointer data)
{
  GMainContext *context = data;

  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static GMainContext *
deadline_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    {
      GMainContext *c = g_main_context_new ();
      g_thread_unref (g_thread_new ("rasid-deadline", run_deadline_context, c));
      g_once_init_leave (&context, c);
    }
  return context;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

typedef struct {
  gint64 end;        /* monotonic time by which every GET must be done */
  guint  seconds;
} SyncDeadline;

gpointer
rasid_fetcher_new_sync_session (guint timeout_seconds)
{
  SoupSession *session = soup_session_new_with_options ("user-agent", USER_AGENT, "timeout", timeout_seconds,
                                                        "max-conns-per-host", 2, NULL);
  SyncDeadline *deadline = g_new0 (SyncDeadline, 1);

  deadline->seconds = MAX (timeout_seconds, 1) * RASID_FETCH_DEADLINE_FACTOR;
  deadline->end = g_get_monotonic_time () + deadline->seconds * G_USEC_PER_SEC;
  g_object_set_data_full (G_OBJECT (session), "rasid-deadline", deadline, g_free);
  return session;
}

static GBytes *
get_sync (SoupSession *session, const char *url, gsize max_body, GCancellable *cancellable, GError **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autofree guint8 *buf = g_malloc (CHUNK);
  SoupMessageHeaders *headers;
  gssize n;

  if (msg == NULL)
    {
      g_set_error (error, RASID_FETCH_ERROR, RASID_FETCH_ERROR_UNSUPPORTED, _("Not a valid address: “%s”"), url);
      return NULL;
    }
  in = soup_session_send (session, msg, cancellable, error);
  if (in == NULL)
    return NULL;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_set_error (error, RASID_FETCH_ERROR, RASID_FETCH_ERROR_HTTP, "HTTP %u", soup_message_get_status (msg));
      return NULL;
    }
  headers = soup_message_get_response_headers (msg);
  if (soup_message_headers_get_one (headers, "Content-Encoding") == NULL &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > max_body)
    {
      g_propagate_error (error, too_large_error (max_body));
      return NULL;
    }
  while ((n = g_input_stream_read (in, buf, CHUNK, cancellable, error)) > 0)
    {
      if (body->len + (gsize) n > max_body)
        {
          g_propagate_error (error, too_large_error (max_body));
          return NULL;
        }
      g_byte_array_append (body, buf, n);
    }
  if (n < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

/**
 * rasid_fetcher_get_sync:
 * @session: from rasid_fetcher_new_sync_session(), used by this thread only
 *
 * A blocking GET for worker threads (article pages for full text), with the
 * same size limit as the asynchronous path and the session's deadline.
 */
GBytes *
rasid_fetcher_get_sync (gpointer session, const char *url, gsize max_body, GCancellable *cancellable,
                        GError **error)
{
  SyncDeadline *deadline;
  g_autoptr(GCancellable) ours = g_cancellable_new ();
  g_autoptr(GSource) timer = NULL;
  g_autoptr(GError) local = NULL;
  gulong handler = 0;
  gint64 left;
  GBytes *body;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  deadline = g_object_get_data (G_OBJECT (session), "rasid-deadline");
  left = deadline ? deadline->end - g_get_monotonic_time () : G_MAXINT64;
  if (left <= 0)
    {
      g_propagate_error (error, deadline_error (deadline->seconds));
      return NULL;
    }
  if (cancellable)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled), g_object_ref (ours),
                                     g_object_unref);
  if (deadline)
    {
      timer = g_timeout_source_new ((guint) MIN (left / 1000 + 1, G_MAXUINT));
      g_source_set_static_name (timer, "[rasid] sync fetch deadline");
      g_source_set_callback (timer, cancel_cb, g_object_ref (ours), g_object_unref);
      g_source_attach (timer, deadline_context ());
    }
  body = get_sync (session, url, max_body, ours, &local);
  if (timer)
    g_source_destroy (timer);
  if (cancellable)
    g_cancellable_disconnect (cancellable, handler);

  if (body == NULL)
    {
      /* Cancelled, but not by the caller: the clock ran out. */
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) && deadline &&
          !g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (&local);
          local = deadline_error (deadline->seconds);
        }
      g_propagate_error (error, g_steal_pointer (&local));
    }
  return body;
}
