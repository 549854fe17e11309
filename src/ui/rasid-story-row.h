/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-row.h: one story in the list. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-story-object.h"

G_BEGIN_DECLS

#define RASID_TYPE_STORY_ROW (rasid_story_row_get_type ())
G_DECLARE_FINAL_TYPE (RasidStoryRow, rasid_story_row, RASID, STORY_ROW, GtkWidget)

GtkWidget        *rasid_story_row_new        (void);
void              rasid_story_row_set_story  (RasidStoryRow    *self,
                                              RasidStoryObject *story);
RasidStoryObject *rasid_story_row_get_story  (RasidStoryRow    *self);
const char       *rasid_story_row_get_badge  (RasidStoryRow    *self);
const char       *rasid_story_row_get_figures (RasidStoryRow   *self);

G_END_DECLS
