/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-facet-index.h: every report's facets (places, factions, events,
 * sources, time, flags) in memory, so the desk's list and sidebar counts
 * come from one pass over compact arrays instead of SQL joins. */
#pragma once

#include "rasid-store.h"

G_BEGIN_DECLS

/* What the counts count. */
typedef enum {
  RASID_FACET_UNIT_REPORTS,
  RASID_FACET_UNIT_STORIES,   /* a story once, when one of its reports passes */
} RasidFacetUnit;

#define RASID_TYPE_FACET_INDEX (rasid_facet_index_get_type ())
G_DECLARE_FINAL_TYPE (RasidFacetIndex, rasid_facet_index, RASID, FACET_INDEX, GObject)

RasidFacetIndex *rasid_facet_index_new            (void);
gboolean         rasid_facet_index_sync           (RasidFacetIndex   *self,
                                                   RasidStore        *store,
                                                   GError           **error);
gboolean         rasid_facet_index_is_loaded      (RasidFacetIndex   *self);
guint            rasid_facet_index_get_n_reports  (RasidFacetIndex   *self);
GArray          *rasid_facet_index_query_ids      (RasidFacetIndex   *self,
                                                   RasidStore        *store,
                                                   const RasidFilter *filter,
                                                   GError           **error);
GHashTable      *rasid_facet_index_count_places   (RasidFacetIndex   *self,
                                                   RasidStore        *store,
                                                   const RasidFilter *filter,
                                                   guint              level,
                                                   const char        *parent,
                                                   GError           **error);
GHashTable      *rasid_facet_index_count_actors   (RasidFacetIndex   *self,
                                                   RasidStore        *store,
                                                   const RasidFilter *filter,
                                                   GError           **error);
GHashTable      *rasid_facet_index_count_events   (RasidFacetIndex   *self,
                                                   RasidStore        *store,
                                                   const RasidFilter *filter,
                                                   GError           **error);
GHashTable      *rasid_facet_index_count_sources  (RasidFacetIndex   *self,
                                                   RasidStore        *store,
                                                   const RasidFilter *filter,
                                                   GError           **error);
GHashTable      *rasid_facet_index_count_places_full  (RasidFacetIndex   *self,
                                                       RasidStore        *store,
                                                       const RasidFilter *filter,
                                                       RasidFacetUnit     unit,
                                                       guint              level,
                                                       const char        *parent,
                                                       GError           **error);
GHashTable      *rasid_facet_index_count_actors_full  (RasidFacetIndex   *self,
                                                       RasidStore        *store,
                                                       const RasidFilter *filter,
                                                       RasidFacetUnit     unit,
                                                       GError           **error);
GHashTable      *rasid_facet_index_count_events_full  (RasidFacetIndex   *self,
                                                       RasidStore        *store,
                                                       const RasidFilter *filter,
                                                       RasidFacetUnit     unit,
                                                       GError           **error);
GHashTable      *rasid_facet_index_count_sources_full (RasidFacetIndex   *self,
                                                       RasidStore        *store,
                                                       const RasidFilter *filter,
                                                       RasidFacetUnit     unit,
                                                       GError           **error);
GArray          *rasid_facet_index_query_story_ids    (RasidFacetIndex   *self,
                                                       RasidStore        *store,
                                                       const RasidFilter *filter,
                                                       GError           **error);
GArray          *rasid_facet_index_query_stories      (RasidFacetIndex   *self,
                                                       RasidStore        *store,
                                                       const RasidFilter *filter,
                                                       guint              min_outlets,
                                                       RasidStoryOrder    order,
                                                       GError           **error);
gint64           rasid_facet_index_get_story          (RasidFacetIndex   *self,
                                                       gint64             id);

G_END_DECLS
