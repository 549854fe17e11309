/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-desk-filter.h: the desk's filter as an object the sidebar, the
 * chips, the lists and watches listen to. */
#pragma once

#include <glib-object.h>

#include "rasid-store.h"

G_BEGIN_DECLS

#define RASID_TYPE_DESK_FILTER (rasid_desk_filter_get_type ())
G_DECLARE_FINAL_TYPE (RasidDeskFilter, rasid_desk_filter, RASID, DESK_FILTER, GObject)

RasidDeskFilter   *rasid_desk_filter_new             (void);
const RasidFilter *rasid_desk_filter_get_filter      (RasidDeskFilter   *self);
void               rasid_desk_filter_set_filter      (RasidDeskFilter   *self,
                                                      const RasidFilter *filter);
void               rasid_desk_filter_clear           (RasidDeskFilter   *self);
gboolean           rasid_desk_filter_is_empty        (RasidDeskFilter   *self);

const char        *rasid_desk_filter_get_place       (RasidDeskFilter   *self);
void               rasid_desk_filter_set_place       (RasidDeskFilter   *self,
                                                      const char        *place_id);
const char        *rasid_desk_filter_get_actor       (RasidDeskFilter   *self);
void               rasid_desk_filter_set_actor       (RasidDeskFilter   *self,
                                                      const char        *actor_id);
const char        *rasid_desk_filter_get_event       (RasidDeskFilter   *self);
void               rasid_desk_filter_set_event       (RasidDeskFilter   *self,
                                                      const char        *event);
gint64             rasid_desk_filter_get_source      (RasidDeskFilter   *self);
void               rasid_desk_filter_set_source      (RasidDeskFilter   *self,
                                                      gint64             source_id);
const char        *rasid_desk_filter_get_query       (RasidDeskFilter   *self);
void               rasid_desk_filter_set_query       (RasidDeskFilter   *self,
                                                      const char        *query);
gint64             rasid_desk_filter_get_since       (RasidDeskFilter   *self);
gint64             rasid_desk_filter_get_until       (RasidDeskFilter   *self);
void               rasid_desk_filter_set_since       (RasidDeskFilter   *self,
                                                      gint64             since);
const char        *rasid_desk_filter_get_time_preset (RasidDeskFilter   *self);
void               rasid_desk_filter_set_time_preset (RasidDeskFilter   *self,
                                                      const char        *preset);
gboolean           rasid_desk_filter_get_unread_only (RasidDeskFilter   *self);
gboolean           rasid_desk_filter_get_starred_only (RasidDeskFilter  *self);
gboolean           rasid_desk_filter_get_breaking_only (RasidDeskFilter *self);

G_END_DECLS
