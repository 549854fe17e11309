/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-ingest.h: sources → fetch → parse → analyse → store. */
#pragma once

#include <gio/gio.h>

#include "rasid-analyzer.h"
#include "rasid-store.h"

G_BEGIN_DECLS

typedef enum {
  RASID_REFRESH_DUE_ONLY = 0,
  RASID_REFRESH_ALL      = 1 << 0,   /* ignore each source's schedule */
} RasidRefreshFlags;

#define RASID_TYPE_INGEST (rasid_ingest_get_type ())
G_DECLARE_FINAL_TYPE (RasidIngest, rasid_ingest, RASID, INGEST, GObject)

RasidIngest *rasid_ingest_new                 (const char         *db_path,
                                               RasidAnalyzer      *analyzer);
void         rasid_ingest_set_network_enabled (RasidIngest        *self,
                                               gboolean            enabled);
void         rasid_ingest_set_retention       (RasidIngest        *self,
                                               guint               days);
void         rasid_ingest_set_limits          (RasidIngest        *self,
                                               guint               timeout_seconds,
                                               gsize               max_body_bytes);
gboolean     rasid_ingest_get_busy            (RasidIngest        *self);
void         rasid_ingest_refresh_async       (RasidIngest        *self,
                                               RasidRefreshFlags   flags,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
void         rasid_ingest_refresh_source_async (RasidIngest     *self,
                                               gint64              source_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean     rasid_ingest_refresh_finish      (RasidIngest        *self,
                                               GAsyncResult       *result,
                                               guint              *n_new,
                                               GError            **error);

gboolean     rasid_ingest_document            (RasidStore         *store,
                                               RasidAnalyzer      *analyzer,
                                               const RasidSource  *source,
                                               const char         *data,
                                               gsize               len,
                                               const char         *base_url,
                                               gint64              now,
                                               guint              *n_new,
                                               guint              *n_updated,
                                               char              **feed_title,
                                               GError            **error);
RasidFeed   *rasid_parse_document             (const char         *kind,
                                               const char         *rules,
                                               const char         *data,
                                               gsize               len,
                                               const char         *base_url,
                                               const char         *charset,
                                               gint64              now,
                                               GError            **error);
RasidFeed   *rasid_parse_document_in_zone     (const char         *kind,
                                               const char         *rules,
                                               const char         *data,
                                               gsize               len,
                                               const char         *base_url,
                                               const char         *charset,
                                               GTimeZone          *zone,
                                               gint64              now,
                                               GError            **error);
gboolean     rasid_ingest_ensure_default_sources (RasidStore      *store,
                                                  GError         **error);

G_END_DECLS
