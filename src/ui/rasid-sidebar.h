/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-sidebar.h: filters by place hierarchy and faction, with counts. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-analyzer.h"
#include "rasid-desk-filter.h"
#include "rasid-facet-index.h"
#include "rasid-store.h"

G_BEGIN_DECLS

#define RASID_TYPE_SIDEBAR (rasid_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (RasidSidebar, rasid_sidebar, RASID, SIDEBAR, GtkWidget)

void rasid_sidebar_setup          (RasidSidebar      *self,
                                   const char        *db_path,
                                   RasidAnalyzer     *analyzer,
                                   RasidFacetIndex   *index);
void rasid_sidebar_set_filter     (RasidSidebar      *self,
                                   RasidDeskFilter   *filter);
void rasid_sidebar_recount        (RasidSidebar      *self);
void rasid_sidebar_set_count_stories (RasidSidebar   *self,
                                      gboolean        count_stories);
gboolean rasid_sidebar_get_count_stories (RasidSidebar *self);
GPtrArray *rasid_sidebar_get_watches (RasidSidebar   *self);
GPtrArray *rasid_sidebar_get_sources (RasidSidebar   *self);
const char *rasid_sidebar_get_source_title (RasidSidebar *self,
                                            gint64        id);
guint rasid_sidebar_get_place_count (RasidSidebar    *self,
                                     const char      *place_id);

char *rasid_place_label (const RasidPlace *place,
                         gboolean          qualified);

G_END_DECLS
