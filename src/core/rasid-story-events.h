/* rasid-story-events.h: stories as an event table in ACLED's columns. */
#pragma once

#include "rasid-store.h"

G_BEGIN_DECLS

const char *rasid_story_acled_event_type (const char *event,
                                          const char *first_actor,
                                          const char **sub_event_type);
gboolean    rasid_story_events_write_csv (RasidStore     *store,
                                          const gint64   *story_ids,
                                          guint           n_ids,
                                          RasidGazetteer *gazetteer,
                                          RasidActors    *actors,
                                          GString        *out,
                                          GError        **error);

G_END_DECLS
