/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report.h: one stored report, as list models and views see it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  char *id;
  char *name_ar;
  char *name_en;
  char *admin1;
  char *qualifier;
} RasidReportPlace;

typedef struct {
  char *id;
  char *name_ar;
  char *name_en;
} RasidReportActor;

#define RASID_TYPE_REPORT (rasid_report_get_type ())
G_DECLARE_FINAL_TYPE (RasidReport, rasid_report, RASID, REPORT, GObject)

RasidReport *rasid_report_new              (gint64       id);
gint64       rasid_report_get_id           (RasidReport *self);
const char  *rasid_report_get_title        (RasidReport *self);
const char  *rasid_report_get_body         (RasidReport *self);
const char  *rasid_report_get_link         (RasidReport *self);
const char  *rasid_report_get_author       (RasidReport *self);
const char  *rasid_report_get_dateline     (RasidReport *self);
const char  *rasid_report_get_attribution  (RasidReport *self);
const char  *rasid_report_get_clock        (RasidReport *self);
const char  *rasid_report_get_source_title (RasidReport *self);
gint64       rasid_report_get_published    (RasidReport *self);
gint64       rasid_report_get_first_seen   (RasidReport *self);
gboolean     rasid_report_get_breaking     (RasidReport *self);
gboolean     rasid_report_get_read         (RasidReport *self);
void         rasid_report_set_read         (RasidReport *self,
                                            gboolean     read);
gboolean     rasid_report_get_starred      (RasidReport *self);
void         rasid_report_set_starred      (RasidReport *self,
                                            gboolean     starred);
GPtrArray   *rasid_report_get_places       (RasidReport *self);
GPtrArray   *rasid_report_get_actors       (RasidReport *self);
const char * const *rasid_report_get_events (RasidReport *self);
int          rasid_report_get_killed       (RasidReport *self);
int          rasid_report_get_injured      (RasidReport *self);

/* Filled by the store. */
typedef struct {
  char    *title, *body, *link, *author, *dateline, *attribution, *clock, *source_title;
  gint64   published, first_seen;
  gboolean breaking, read, starred;
  int      killed, injured;
  char   **events;
} RasidReportFields;

void         rasid_report_update_from      (RasidReport       *self,
                                            RasidReport       *fresh);
void         rasid_report_take_fields      (RasidReport       *self,
                                            RasidReportFields *fields);
void         rasid_report_add_place        (RasidReport       *self,
                                            RasidReportPlace  *place);
void         rasid_report_add_actor        (RasidReport       *self,
                                            RasidReportActor  *actor);

G_END_DECLS
