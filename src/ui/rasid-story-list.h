/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-list.h: the desk's list when it shows stories. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-facet-index.h"
#include "rasid-store.h"
#include "rasid-story-object.h"

G_BEGIN_DECLS

#define RASID_STORY_LIST_MAX 500   /* stories one list holds */

#define RASID_TYPE_STORY_LIST (rasid_story_list_get_type ())
G_DECLARE_FINAL_TYPE (RasidStoryList, rasid_story_list, RASID, STORY_LIST, GtkWidget)

void              rasid_story_list_set_db_path  (RasidStoryList    *self,
                                                 const char        *db_path);
void              rasid_story_list_set_index    (RasidStoryList    *self,
                                                 RasidFacetIndex   *index);
void              rasid_story_list_set_filter   (RasidStoryList    *self,
                                                 const RasidFilter *filter);
void              rasid_story_list_set_active   (RasidStoryList    *self,
                                                 gboolean           active);
void              rasid_story_list_reload       (RasidStoryList    *self);
GListModel       *rasid_story_list_get_model    (RasidStoryList    *self);
gboolean          rasid_story_list_get_loading  (RasidStoryList    *self);
GtkListView      *rasid_story_list_get_list_view (RasidStoryList   *self);
void              rasid_story_list_select       (RasidStoryList    *self,
                                                 guint              position);
RasidStoryObject *rasid_story_list_get_selected (RasidStoryList    *self);
void              rasid_story_list_unselect     (RasidStoryList    *self);

G_END_DECLS
