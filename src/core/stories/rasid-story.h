/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story.h: which reports tell of one event. The clusterer works in
 * memory on what the analyser read; rasid-store-stories.c keeps its result. */
#pragma once

#include "rasid-analyzer.h"

G_BEGIN_DECLS

typedef enum {
  RASID_STORY_ROLE_FIRST,           /* the earliest report of the story */
  RASID_STORY_ROLE_CORROBORATION,   /* another outlet, on its own account */
  RASID_STORY_ROLE_UPDATE,          /* an outlet already in the story, again */
  RASID_STORY_ROLE_CITATION,        /* an outlet that only cites another */
} RasidStoryRole;

/* A place as the clusterer compares it: ids are interned (g_intern_string). */
typedef struct {
  const char      *id;
  const char      *admin[3];   /* governorate, district, subdistrict, or NULL */
  RasidPlaceLevel  level;
} RasidStoryPlace;

typedef struct _RasidStoryReport RasidStoryReport;
typedef struct _RasidStoryIndex  RasidStoryIndex;

typedef struct {
  gint64      id;
  gint64      first_report_id, first_source_id;
  gint64      first_time, last_time;
  guint       n_reports;
  guint       n_outlets;       /* outlets reporting on their own account */
  guint       n_citations;     /* outlets that only cite another */
  int         killed_min, killed_max;     /* over outlets' latest figures; -1: none */
  int         injured_min, injured_max;
  const char *event;           /* the story's main event type, or NULL */
} RasidStorySummary;

typedef struct {
  gint64         report_id;
  RasidStoryRole role;
} RasidStoryMember;

RasidStoryReport *rasid_story_report_new      (gint64                 report_id,
                                               gint64                 source_id,
                                               gint64                 time,
                                               const char            *headline,
                                               const char            *attribution,
                                               const char            *body,
                                               const char * const    *events,
                                               const RasidStoryPlace *places,
                                               guint                  n_places,
                                               const char * const    *actors,
                                               int                    killed,
                                               int                    injured);
RasidStoryReport *rasid_story_report_new_from_analysis (gint64          report_id,
                                               gint64                 source_id,
                                               gint64                 time,
                                               RasidAnalysis         *analysis,
                                               const char            *body);
void              rasid_story_report_free     (RasidStoryReport      *report);
gint64            rasid_story_report_get_id   (const RasidStoryReport *report);
gint64            rasid_story_report_get_source_id (const RasidStoryReport *report);
const char       *rasid_story_report_get_cited (const RasidStoryReport *report);
void              rasid_story_report_set_cited (RasidStoryReport      *report,
                                               const char            *cited);
RasidStoryRole    rasid_story_report_get_role (const RasidStoryReport *report);
void              rasid_story_report_set_role (RasidStoryReport      *report,
                                               RasidStoryRole         role);
gboolean          rasid_story_report_is_aggregate (const RasidStoryReport *report);
double            rasid_story_report_similarity (const RasidStoryReport *a,
                                               const RasidStoryReport *b);

RasidStoryIndex  *rasid_story_index_new       (void);
void              rasid_story_index_free      (RasidStoryIndex       *self);
gint64            rasid_story_index_match     (RasidStoryIndex       *self,
                                               const RasidStoryReport *report,
                                               double                *score);
void              rasid_story_index_add       (RasidStoryIndex       *self,
                                               gint64                 story_id,
                                               RasidStoryReport      *report);
gboolean          rasid_story_index_has_report (RasidStoryIndex      *self,
                                               gint64                 report_id);
gboolean          rasid_story_index_summarize (RasidStoryIndex       *self,
                                               gint64                 story_id,
                                               RasidStorySummary     *summary,
                                               GArray                *members);
guint             rasid_story_index_evict     (RasidStoryIndex       *self,
                                               gint64                 before);
guint             rasid_story_index_get_n_stories (RasidStoryIndex   *self);
gint64            rasid_story_index_get_latest (RasidStoryIndex      *self);
guint64           rasid_story_index_get_n_compared (RasidStoryIndex  *self);

const char       *rasid_story_role_to_string  (RasidStoryRole         role);
char             *rasid_story_format_range    (int                    min,
                                               int                    max,
                                               gboolean               killed);

#define RASID_STORY_HORIZON (4 * 86400)   /* stories older than this take no new report */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidStoryReport, rasid_story_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidStoryIndex, rasid_story_index_free)

G_END_DECLS
