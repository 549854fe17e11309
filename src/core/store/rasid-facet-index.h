/* rasid-facet-index.h: every report's facets (places, factions, events,
 * sources, time, flags) in memory, so the desk's list and sidebar counts
 * come from one pass over compact arrays instead of SQL joins. */
#pragma once

#include "rasid-store.h"

G_BEGIN_DECLS

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

G_END_DECLS
