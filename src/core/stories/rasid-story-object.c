/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-object.c: a loaded story, immutable, for list models. A story
 * read again is a new object: the rows rebind, nothing is patched in place. */
#include "config.h"

#include "rasid-story-object.h"

struct _RasidStoryObject {
  GObject     parent_instance;
  RasidStory *story;
};

G_DEFINE_FINAL_TYPE (RasidStoryObject, rasid_story_object, G_TYPE_OBJECT)

static void
rasid_story_object_finalize (GObject *object)
{
  RasidStoryObject *self = RASID_STORY_OBJECT (object);

  g_clear_pointer (&self->story, rasid_story_free);
  G_OBJECT_CLASS (rasid_story_object_parent_class)->finalize (object);
}

static void
rasid_story_object_class_init (RasidStoryObjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rasid_story_object_finalize;
}

static void
rasid_story_object_init (RasidStoryObject *self)
{
}

/**
 * rasid_story_object_new:
 * @story: (transfer full): a story from rasid_store_load_story ()
 */
RasidStoryObject *
rasid_story_object_new (RasidStory *story)
{
  RasidStoryObject *self;

  g_return_val_if_fail (story != NULL, NULL);
  self = g_object_new (RASID_TYPE_STORY_OBJECT, NULL);
  self->story = story;
  return self;
}

const RasidStory *
rasid_story_object_get_story (RasidStoryObject *self)
{
  g_return_val_if_fail (RASID_IS_STORY_OBJECT (self), NULL);
  return self->story;
}

gint64
rasid_story_object_get_id (RasidStoryObject *self)
{
  g_return_val_if_fail (RASID_IS_STORY_OBJECT (self), 0);
  return self->story->id;
}
