/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-object.h: a story (rasid_store_load_story ()) as a GObject,
 * so a GListModel can hold it and a list row can show it. */
#pragma once

#include "rasid-store.h"

G_BEGIN_DECLS

#define RASID_TYPE_STORY_OBJECT (rasid_story_object_get_type ())
G_DECLARE_FINAL_TYPE (RasidStoryObject, rasid_story_object, RASID, STORY_OBJECT, GObject)

RasidStoryObject *rasid_story_object_new      (RasidStory             *story);
const RasidStory *rasid_story_object_get_story (RasidStoryObject      *self);
gint64            rasid_story_object_get_id   (RasidStoryObject       *self);

G_END_DECLS
