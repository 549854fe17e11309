/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-async.h: the store's writes for the UI thread, one named call
 * each. Every call runs in a worker on that thread's own connection and
 * goes through the store's write queue; @self is the UI thread's store and
 * is only asked for its path there. */
#pragma once

#include "rasid-store.h"

G_BEGIN_DECLS

void        rasid_store_list_sources_async      (RasidStore          *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray  *rasid_store_list_sources_finish     (RasidStore          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

void        rasid_store_add_source_async        (RasidStore          *self,
                                                 const char          *url,
                                                 const char          *title,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gint64      rasid_store_add_source_finish       (RasidStore          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

void        rasid_store_set_source_enabled_async (RasidStore         *self,
                                                 gint64               id,
                                                 gboolean             enabled,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
void        rasid_store_remove_source_async     (RasidStore          *self,
                                                 gint64               id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
void        rasid_store_import_opml_async       (RasidStore          *self,
                                                 const char          *path,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* Returns the number of sources an OPML import added, or -1 with @error. */
gint64      rasid_store_import_opml_finish      (RasidStore          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

void        rasid_store_add_watch_async         (RasidStore          *self,
                                                 const char          *name,
                                                 const RasidFilter   *filter,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
void        rasid_store_remove_watch_async      (RasidStore          *self,
                                                 gint64               id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
void        rasid_store_mark_watch_seen_async   (RasidStore          *self,
                                                 gint64               id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* @read, @starred: 0 or 1 to set, -1 to leave. */
void        rasid_store_set_flags_async         (RasidStore          *self,
                                                 gint64               id,
                                                 int                  read,
                                                 int                  starred,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* The end of every call above that returns no value. */
gboolean    rasid_store_write_finish            (RasidStore          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
