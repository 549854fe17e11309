/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export.h: hands selected reports on as CSV, XLSX, JSON, GeoJSON,
 * HTML, PDF or Markdown, written atomically next to the destination. */
#pragma once

#include <gio/gio.h>

#include "rasid-gazetteer.h"
#include "rasid-store.h"

G_BEGIN_DECLS

/* Reports are loaded this many at a time, never the whole selection. */
#define RASID_EXPORT_PAGE_SIZE 200

typedef enum {
  RASID_EXPORT_CSV,
  RASID_EXPORT_XLSX,
  RASID_EXPORT_JSON,
  RASID_EXPORT_GEOJSON,
  RASID_EXPORT_HTML,
  RASID_EXPORT_PDF,
  RASID_EXPORT_MARKDOWN,
} RasidExportFormat;

typedef struct {
  RasidExportFormat format;
  gboolean          bom;                 /* CSV: start with a UTF-8 byte-order mark */
  gboolean          overwrite;           /* replace an existing file */
  char             *title;               /* NULL: a default Arabic title */
  char             *filter_description;  /* what selected the reports, or NULL */
  guint             min_outlets;         /* stories (events, briefing): confirmed by at least this many outlets */
} RasidExportOptions;

/* @done of @total units of work. A PDF is laid out twice (once to count its
 * pages), so there each report counts twice. */
typedef void (*RasidExportProgress) (guint    done,
                                     guint    total,
                                     gpointer user_data);

gboolean            rasid_export_format_from_string (const char         *text,
                                                     RasidExportFormat  *format);
const char         *rasid_export_format_to_string   (RasidExportFormat   format);
const char         *rasid_export_format_extension   (RasidExportFormat   format);

RasidExportOptions *rasid_export_options_new        (RasidExportFormat   format);
RasidExportOptions *rasid_export_options_copy       (const RasidExportOptions *options);
void                rasid_export_options_free       (RasidExportOptions *options);

char               *rasid_export_neutralize_cell    (const char         *text);

gboolean            rasid_export_reports            (RasidStore         *store,
                                                     RasidGazetteer     *gazetteer,
                                                     GArray             *ids,
                                                     const RasidExportOptions *options,
                                                     const char         *path,
                                                     GCancellable       *cancellable,
                                                     RasidExportProgress progress,
                                                     gpointer            progress_data,
                                                     GError            **error);
void                rasid_export_reports_async      (const char         *db_path,
                                                     GArray             *ids,
                                                     const RasidExportOptions *options,
                                                     const char         *path,
                                                     GCancellable       *cancellable,
                                                     RasidExportProgress progress,
                                                     gpointer            progress_data,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean            rasid_export_reports_finish     (GAsyncResult       *result,
                                                     GError            **error);

/* Stories as an event table in ACLED's columns (rasid-export-events.c):
 * RASID_EXPORT_CSV or RASID_EXPORT_XLSX. */
gboolean            rasid_export_events             (RasidStore         *store,
                                                     RasidGazetteer     *gazetteer,
                                                     RasidActors        *actors,
                                                     GArray             *story_ids,
                                                     const RasidExportOptions *options,
                                                     const char         *path,
                                                     GCancellable       *cancellable,
                                                     guint              *n_events,
                                                     GError            **error);
void                rasid_export_events_async       (const char         *db_path,
                                                     const RasidFilter  *filter,
                                                     const RasidExportOptions *options,
                                                     const char         *path,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean            rasid_export_events_finish      (GAsyncResult       *result,
                                                     guint              *n_events,
                                                     GError            **error);

/* A one-page A4 PDF of the top stories for a filter and period, with the
 * reports per day (rasid-export-briefing.c). */
gboolean            rasid_export_briefing           (RasidStore         *store,
                                                     RasidGazetteer     *gazetteer,
                                                     const RasidFilter  *filter,
                                                     const RasidExportOptions *options,
                                                     const char         *path,
                                                     GCancellable       *cancellable,
                                                     guint              *n_stories,
                                                     GError            **error);
void                rasid_export_briefing_async     (const char         *db_path,
                                                     const RasidFilter  *filter,
                                                     const RasidExportOptions *options,
                                                     const char         *path,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean            rasid_export_briefing_finish    (GAsyncResult       *result,
                                                     guint              *n_stories,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidExportOptions, rasid_export_options_free)

G_END_DECLS
