/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-private.h: what the export's writers share: the exporter they
 * write through, the interface each format implements (one file a format:
 * rasid-export-csv.c, -xlsx.c, -json.c, -geojson.c, -html.c, -pdf.c,
 * -markdown.c) and what every format says about a report
 * (rasid-export-fields.c). */
#pragma once

#include <stdio.h>

#include "rasid-export.h"
#include "rasid-report-json.h"

G_BEGIN_DECLS

/* The documents are Arabic briefings (dir="rtl" lang="ar"), whatever the
 * language of the desktop: their labels are fixed Arabic. */
#define DEFAULT_TITLE      "موجز راصد"
#define LABEL_DATE         "التاريخ"
#define LABEL_SOURCE       "المصدر"
#define LABEL_PLACES       "الأماكن"
#define LABEL_FACTIONS     "الأطراف"
#define LABEL_EVENTS       "الأحداث"
#define LABEL_CASUALTIES   "الضحايا"
#define LABEL_KILLED       "قتلى"
#define LABEL_INJURED      "جرحى"
#define LABEL_ATTRIBUTION  "نقلاً عن"
#define LABEL_LINK         "الرابط"
#define LABEL_COUNT        "عدد التقارير"
#define LABEL_GENERATED    "أُعدّ في"
#define LABEL_FILTER       "التصفية"
#define PAGE_OF_FORMAT     "صفحة %u من %u"

typedef struct _Exporter Exporter;

/* One export format. A text format writes through rasid_exporter_write() to
 * the temporary file the exporter opened; any other opens ex->tmp_path
 * itself. Its own state, @state_size bytes zeroed, is ex->state, emptied by
 * @clear (if any) when the export ends, however it ends. */
typedef struct {
  const char *name;              /* for --format */
  const char *extension;
  guint       passes;            /* each report is given to @report once a pass */
  gboolean    text;
  gsize       state_size;
  void      (*clear)  (gpointer state);
  gboolean  (*begin)  (Exporter *ex, GError **error);
  gboolean  (*report) (Exporter *ex, RasidReport *report, GError **error);
  gboolean  (*end)    (Exporter *ex, GError **error);
} RasidExportWriter;

extern const RasidExportWriter rasid_export_csv;
extern const RasidExportWriter rasid_export_xlsx;
extern const RasidExportWriter rasid_export_json;
extern const RasidExportWriter rasid_export_geojson;
extern const RasidExportWriter rasid_export_html;
extern const RasidExportWriter rasid_export_pdf;
extern const RasidExportWriter rasid_export_markdown;

struct _Exporter {
  const RasidExportOptions *options;
  const RasidExportWriter  *writer;
  gpointer        state;          /* the writer's own */
  RasidGazetteer *gazetteer;
  char           *path;
  char           *tmp_path;
  gboolean        committed;
  guint           pass;
  guint           n_ids;
  guint           n_written;      /* reports (or features) written in this pass */
  char           *generated;      /* when, in Syrian time, for the documents' headers */
  char           *generated_iso;
  FILE           *out;            /* the text formats */
};

Exporter   *rasid_exporter_new          (RasidStore *store,
                                         const RasidExportOptions *options,
                                         const char *path,
                                         gboolean    text,
                                         GCancellable *cancellable,
                                         GError    **error);
gboolean    rasid_exporter_commit       (Exporter   *ex,
                                         GError    **error);
void        rasid_exporter_free         (Exporter   *ex);
const char *rasid_exporter_title        (Exporter   *ex);
gboolean    rasid_exporter_errno_error  (GError    **error,
                                         int         saved_errno,
                                         const char *what,
                                         const char *path);
gboolean    rasid_exporter_write        (Exporter   *ex,
                                         const GString *text,
                                         GError    **error);
gboolean    rasid_exporter_close_out    (Exporter   *ex,
                                         GError    **error);
gboolean    rasid_exporter_text_end     (Exporter   *ex,
                                         GError    **error);
gboolean    rasid_exporter_sync_file    (const char *path,
                                         GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exporter, rasid_exporter_free)

/* XLSX cells as the report table writes them (rasid-export-xlsx.c). */
char       *rasid_export_xlsx_text       (const char  *text);
gboolean    rasid_export_xlsx_check      (int          status,
                                          GError     **error);

/* ---- what every format says about a report (rasid-export-fields.c) ---- */

/* The labelled lines of the readable formats (HTML, PDF, Markdown). */
typedef struct {
  const char *label;
  char       *value;
} Field;

void        rasid_export_report_admins   (Exporter    *ex,
                                          RasidReport *report,
                                          RasidPlaceAdmin admin[3]);
const char *rasid_export_event_label     (const char  *id);
char       *rasid_export_join_places     (RasidReport *report,
                                          const char  *separator,
                                          gboolean     unique);
char       *rasid_export_join_actors     (RasidReport *report,
                                          const char  *separator);
char       *rasid_export_join_events     (RasidReport *report,
                                          gboolean     labels,
                                          const char  *separator);
char       *rasid_export_format_local    (gint64       unix_time,
                                          const char  *format);
char       *rasid_export_casualties_text (RasidReport *report);
GPtrArray  *rasid_export_report_fields   (RasidReport *report);
char       *rasid_export_one_line        (const char  *text);
char       *rasid_export_unix_lines      (const char  *text);
gboolean    rasid_export_is_web_link     (const char  *link);

/* CSV and XLSX: one row per report, these columns. */
enum {
  COL_ID, COL_PUBLISHED, COL_SOURCE, COL_TITLE, COL_TEXT, COL_LINK,
  COL_ADMIN1, COL_ADMIN1_AR, COL_ADMIN1_EN,
  COL_ADMIN2, COL_ADMIN2_AR, COL_ADMIN2_EN,
  COL_ADMIN3, COL_ADMIN3_AR, COL_ADMIN3_EN,
  COL_PLACES, COL_FACTIONS, COL_EVENTS, COL_KILLED, COL_INJURED, COL_ATTRIBUTION,
  N_COLUMNS
};

typedef struct {
  char *cell[N_COLUMNS];
} Row;

extern const char *const rasid_export_column_names[N_COLUMNS];

void        rasid_export_row_clear       (Row         *row);
void        rasid_export_row_fill        (Exporter    *ex,
                                          RasidReport *report,
                                          Row         *row);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, rasid_export_row_clear)

/* ---- shared by JSON and GeoJSON (rasid-export-json.c) ---- */

void        rasid_export_json_append_node    (GString     *out,
                                              JsonNode    *node);
gboolean    rasid_export_json_envelope_begin (Exporter    *ex,
                                              JsonBuilder *b,
                                              const char  *list,
                                              GError     **error);

G_END_DECLS
