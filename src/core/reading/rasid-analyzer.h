/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-analyzer.h: everything Rasid reads out of one report. */
#pragma once

#include "rasid-actors.h"
#include "rasid-gazetteer.h"

G_BEGIN_DECLS

typedef struct {
  char      *headline;      /* the text without a trailing "(source) - HH:MM" */
  char      *attribution;   /* "مصادر محلية", or NULL */
  char      *clock;         /* "11:22" in Latin digits, or NULL */
  char      *dateline_agency;
  char      *dateline_place;
  GPtrArray *places;        /* RasidPlaceMatch */
  GPtrArray *actors;        /* RasidActor, borrowed from the actor list */
  GPtrArray *events;        /* const char * event ids */
  int        killed;        /* -1 when the report gives no number */
  int        injured;
  char      *search_text;   /* normalised headline, body and attribution, for the index */
  char      *dedup_key;     /* hash of the normalised headline: one story, many sources */
} RasidAnalysis;

#define RASID_TYPE_ANALYZER (rasid_analyzer_get_type ())
G_DECLARE_FINAL_TYPE (RasidAnalyzer, rasid_analyzer, RASID, ANALYZER, GObject)

RasidAnalyzer  *rasid_analyzer_new            (RasidGazetteer *gazetteer,
                                               RasidActors    *actors);
RasidAnalyzer  *rasid_analyzer_new_default    (GError        **error);
RasidGazetteer *rasid_analyzer_get_gazetteer  (RasidAnalyzer  *self);
RasidActors    *rasid_analyzer_get_actors     (RasidAnalyzer  *self);
RasidAnalysis  *rasid_analyzer_analyze        (RasidAnalyzer  *self,
                                               const char     *title,
                                               const char     *body);
const char    **rasid_event_types             (void);

void            rasid_analysis_free           (RasidAnalysis  *analysis);
char           *rasid_analysis_to_json        (RasidAnalysis  *analysis,
                                               const char     *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidAnalysis, rasid_analysis_free)

G_END_DECLS
