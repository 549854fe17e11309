/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-fetcher.h: downloads a source's document: libsoup for http(s),
 * GIO for file:// and resource://, within a size limit and a deadline. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RASID_FETCH_ERROR (rasid_fetch_error_quark ())

typedef enum {
  RASID_FETCH_ERROR_HTTP,
  RASID_FETCH_ERROR_TOO_LARGE,
  RASID_FETCH_ERROR_UNSUPPORTED,
  RASID_FETCH_ERROR_OFFLINE,
  RASID_FETCH_ERROR_DEADLINE,
  RASID_FETCH_ERROR_NOT_REGULAR,
} RasidFetchError;

/* A fetch as a whole (connecting, headers, body) must end within the
 * per-read timeout times this. */
#define RASID_FETCH_DEADLINE_FACTOR 3

typedef struct {
  GBytes *body;           /* NULL when not modified */
  guint   status;         /* HTTP status, 200 for local files */
  char   *etag;
  char   *last_modified;
  char   *content_type;
  char   *charset;        /* from Content-Type, or NULL */
  char   *final_url;
  gint64  retry_after;    /* seconds, 0 when the server sent none */
} RasidFetchResult;

#define RASID_TYPE_FETCHER (rasid_fetcher_get_type ())
G_DECLARE_FINAL_TYPE (RasidFetcher, rasid_fetcher, RASID, FETCHER, GObject)

GQuark            rasid_fetch_error_quark    (void);
RasidFetcher     *rasid_fetcher_new          (void);
void              rasid_fetcher_set_limits   (RasidFetcher        *self,
                                              guint                timeout_seconds,
                                              gsize                max_body_bytes);
void              rasid_fetcher_fetch_async  (RasidFetcher        *self,
                                              const char          *url,
                                              const char          *etag,
                                              const char          *last_modified,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
RasidFetchResult *rasid_fetcher_fetch_finish (RasidFetcher        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void              rasid_fetch_result_free    (RasidFetchResult    *result);

/* For worker threads, which may not use the main thread's session. All the
 * GETs made through one such session end within timeout_seconds ×
 * RASID_FETCH_DEADLINE_FACTOR of its creation. */
gpointer          rasid_fetcher_new_sync_session (guint             timeout_seconds);
GBytes           *rasid_fetcher_get_sync     (gpointer             session,
                                              const char          *url,
                                              gsize                max_body_bytes,
                                              GCancellable        *cancellable,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidFetchResult, rasid_fetch_result_free)

G_END_DECLS
