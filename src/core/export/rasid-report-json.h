/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report-json.h: the one JSON form of a report (docs/export-json.md),
 * written by the JSON export, `rasid-cli list --json`, `preview` and `analyze`. */
#pragma once

#include <json-glib/json-glib.h>

#include "rasid-analyzer.h"
#include "rasid-feed.h"
#include "rasid-gazetteer.h"
#include "rasid-report.h"

G_BEGIN_DECLS

/* Which front end a report is written for. Each writes the fields that apply
 * to it under the documented names; the command line's forms keep, beside
 * them, the fields their scripts read before (docs/export-json.md, "The same
 * report from the command line"). */
typedef enum {
  RASID_REPORT_JSON_EXPORT,    /* the export: the documented report, nothing else */
  RASID_REPORT_JSON_LIST,      /* list --json: a cached report, its marks, and the old names */
  RASID_REPORT_JSON_PREVIEW,   /* preview: what a source gives, before the analyser reads it */
  RASID_REPORT_JSON_ANALYZE,   /* analyze: what the analyser reads in one line */
} RasidReportJsonForm;

/* A place's governorate, district and subdistrict. */
typedef struct {
  const char *pcode;
  const char *name_ar;
  const char *name_en;
} RasidPlaceAdmin;

void       rasid_report_json_place_admins (RasidGazetteer         *gazetteer,
                                           const RasidReportPlace *place,
                                           RasidPlaceAdmin         admin[3]);

JsonNode  *rasid_report_json_report       (RasidReport            *report,
                                           RasidGazetteer         *gazetteer,
                                           RasidReportJsonForm     form);
JsonNode  *rasid_report_json_feed_item    (const RasidFeedItem    *item);
JsonNode  *rasid_report_json_reading      (const RasidAnalysis    *analysis,
                                           const char             *line);

void       rasid_report_json_add_string   (JsonBuilder            *builder,
                                           const char             *name,
                                           const char             *value);
void       rasid_report_json_add_count    (JsonBuilder            *builder,
                                           const char             *name,
                                           int                     value);

/* Appends @node as text: strings as stored (only `"`, `\` and control
 * characters escaped), numbers without locale or noise. @indent < 0 writes
 * one line; otherwise two spaces a level, starting at level @indent. */
void       rasid_report_json_print        (GString                *out,
                                           JsonNode               *node,
                                           int                     indent);
char      *rasid_report_json_to_string    (JsonNode               *node,
                                           gboolean                pretty);

G_END_DECLS
