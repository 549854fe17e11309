/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-reanalyze.h: reading stored reports again after the places or
 * actors changed. Above the store, which knows rows and SQL only. */
#pragma once

#include "rasid-analyzer.h"
#include "rasid-store.h"

G_BEGIN_DECLS

gboolean rasid_reanalyze_sync_lexicons (RasidStore     *store,
                                        RasidAnalyzer  *analyzer,
                                        GError        **error);
gint64   rasid_reanalyze_store         (RasidStore     *store,
                                        RasidAnalyzer  *analyzer,
                                        GCancellable   *cancellable,
                                        GError        **error);

G_END_DECLS
