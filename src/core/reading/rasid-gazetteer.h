/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-gazetteer.h: the Syrian place hierarchy and its matcher. */
#pragma once

#include <glib-object.h>

#include "rasid-report.h"

G_BEGIN_DECLS

typedef enum {
  RASID_PLACE_GOVERNORATE,
  RASID_PLACE_DISTRICT,
  RASID_PLACE_SUBDISTRICT,
  RASID_PLACE_CITY,
  RASID_PLACE_TOWN,
  RASID_PLACE_VILLAGE,
  RASID_PLACE_NEIGHBOURHOOD,
  RASID_PLACE_CAMP,
  RASID_PLACE_CROSSING,
  RASID_PLACE_AIRPORT,
  RASID_PLACE_OILFIELD,
  RASID_PLACE_REGION,
} RasidPlaceLevel;

typedef struct {
  char            *id;
  RasidPlaceLevel  level;
  char            *parent;
  char            *name_ar;
  char            *name_en;
  char           **aliases_ar;
  char           **aliases_en;
  double           lat, lon;     /* NAN when unknown */
  /* Derived from the parent chain when the gazetteer is complete. */
  const char      *admin[3];     /* governorate, district, subdistrict ids */
} RasidPlace;

typedef struct {
  const RasidPlace *place;
  char             *qualifier;   /* "north", "countryside-east" …, or NULL */
  guint             token;       /* where in the text */
} RasidPlaceMatch;

#define RASID_TYPE_GAZETTEER (rasid_gazetteer_get_type ())
G_DECLARE_FINAL_TYPE (RasidGazetteer, rasid_gazetteer, RASID, GAZETTEER, GObject)

RasidGazetteer   *rasid_gazetteer_new              (void);
RasidGazetteer   *rasid_gazetteer_new_default      (GError        **error);
gboolean          rasid_gazetteer_load_tsv         (RasidGazetteer *self,
                                                    const char     *data,
                                                    gsize           len,
                                                    GError        **error);
char             *rasid_gazetteer_csv_to_tsv       (const char     *data,
                                                    gsize           len,
                                                    guint          *n_rows,
                                                    guint          *n_skipped,
                                                    GError        **error);
char             *rasid_gazetteer_user_path        (void);
void              rasid_gazetteer_finish           (RasidGazetteer *self);
const RasidPlace *rasid_gazetteer_lookup           (RasidGazetteer *self,
                                                    const char     *id);
GPtrArray        *rasid_gazetteer_get_places       (RasidGazetteer *self);
GPtrArray        *rasid_gazetteer_match            (RasidGazetteer *self,
                                                    GPtrArray      *tokens);
const char       *rasid_place_level_to_string      (RasidPlaceLevel level);
gboolean          rasid_gazetteer_contains         (RasidGazetteer *self,
                                                    const char     *outer_id,
                                                    const char     *inner_id);
GPtrArray        *rasid_gazetteer_places_to_show   (RasidGazetteer *self,
                                                    GPtrArray      *places);

void              rasid_place_match_free           (RasidPlaceMatch *match);

G_END_DECLS
