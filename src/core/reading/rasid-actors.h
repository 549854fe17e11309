/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-actors.h: factions and states named in reports, by canonical id. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  char  *id;
  char  *name_ar;
  char  *name_en;
  char **aliases_ar;
  char **aliases_en;
} RasidActor;

#define RASID_TYPE_ACTORS (rasid_actors_get_type ())
G_DECLARE_FINAL_TYPE (RasidActors, rasid_actors, RASID, ACTORS, GObject)

RasidActors      *rasid_actors_new          (void);
RasidActors      *rasid_actors_new_default  (GError      **error);
gboolean          rasid_actors_load_tsv     (RasidActors  *self,
                                             const char   *data,
                                             gsize         len,
                                             GError      **error);
const RasidActor *rasid_actors_lookup       (RasidActors  *self,
                                             const char   *id);
GPtrArray        *rasid_actors_get_all      (RasidActors  *self);
GPtrArray        *rasid_actors_match        (RasidActors  *self,
                                             GPtrArray    *tokens);

G_END_DECLS
