/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-view.h: one story in the article pane: its reports in time order. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-story-object.h"

G_BEGIN_DECLS

#define RASID_TYPE_STORY_VIEW (rasid_story_view_get_type ())
G_DECLARE_FINAL_TYPE (RasidStoryView, rasid_story_view, RASID, STORY_VIEW, GtkWidget)

void              rasid_story_view_set_story   (RasidStoryView   *self,
                                                RasidStoryObject *story);
RasidStoryObject *rasid_story_view_get_story   (RasidStoryView   *self);
GtkListBox       *rasid_story_view_get_reports_box (RasidStoryView *self);

G_END_DECLS
