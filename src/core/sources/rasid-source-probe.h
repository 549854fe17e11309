/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-source-probe.h: what adding an address would give, before it is
 * added: the feed (found on the page if the address is a home page), its
 * title and items, or why there is none. */
#pragma once

#include "rasid-feed.h"
#include "rasid-fetcher.h"
#include "rasid-source-health.h"

G_BEGIN_DECLS

typedef struct {
  char      *url;          /* the address to follow: the feed itself */
  char      *page_url;     /* the page it was announced on, or NULL */
  guint      n_announced;  /* feeds the page announced */
  RasidFeed *feed;         /* parsed; ->warning when read in part */
} RasidSourceProbe;

void              rasid_source_probe_async  (RasidFetcher        *fetcher,
                                             const char          *url,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
RasidSourceProbe *rasid_source_probe_finish (GAsyncResult        *result,
                                             RasidSourceCause    *cause,
                                             guint               *http_status,
                                             GError             **error);
void              rasid_source_probe_free   (RasidSourceProbe    *probe);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidSourceProbe, rasid_source_probe_free)

G_END_DECLS
