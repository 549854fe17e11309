/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-events.h: stories as an event table in ACLED's columns. */
#pragma once

#include "rasid-store.h"

G_BEGIN_DECLS

/* The columns whose cells are numbers or a date, for typed spreadsheets. */
enum {
  RASID_EVENT_COL_DATE = 0,
  RASID_EVENT_COL_YEAR = 1,
  RASID_EVENT_COL_TIME_PRECISION = 2,
  RASID_EVENT_COL_ISO = 11,
  RASID_EVENT_COL_LATITUDE = 18,
  RASID_EVENT_COL_LONGITUDE = 19,
  RASID_EVENT_COL_GEO_PRECISION = 20,
  RASID_EVENT_COL_FATALITIES = 24,
  RASID_EVENT_COL_TIMESTAMP = 26,
  RASID_EVENT_N_COLUMNS = 27,
};

extern const char *const rasid_story_event_columns[RASID_EVENT_N_COLUMNS + 1];

const char *rasid_story_acled_event_type (const char *event,
                                          const char *first_actor,
                                          const char **sub_event_type);
char      **rasid_story_event_row        (const RasidStory *story,
                                          RasidGazetteer *gazetteer,
                                          RasidActors    *actors);
gboolean    rasid_story_events_write_csv (RasidStore     *store,
                                          const gint64   *story_ids,
                                          guint           n_ids,
                                          RasidGazetteer *gazetteer,
                                          RasidActors    *actors,
                                          GString        *out,
                                          GError        **error);

G_END_DECLS
