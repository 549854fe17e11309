/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report-model.h: a GListModel of reports read from the cache a page
 * at a time. */
#pragma once

#include <gio/gio.h>

#include "rasid-facet-index.h"
#include "rasid-store.h"

G_BEGIN_DECLS

#define RASID_TYPE_REPORT_MODEL (rasid_report_model_get_type ())
G_DECLARE_FINAL_TYPE (RasidReportModel, rasid_report_model, RASID, REPORT_MODEL, GObject)

RasidReportModel  *rasid_report_model_new          (RasidStore        *store,
                                                    RasidFacetIndex   *index);
void               rasid_report_model_set_filter   (RasidReportModel  *self,
                                                    const RasidFilter *filter);
const RasidFilter *rasid_report_model_get_filter   (RasidReportModel  *self);
void               rasid_report_model_reload       (RasidReportModel  *self);
gboolean           rasid_report_model_get_loading  (RasidReportModel  *self);
RasidStore        *rasid_report_model_get_store    (RasidReportModel  *self);
GArray            *rasid_report_model_get_ids      (RasidReportModel  *self);
gboolean           rasid_report_model_has_pages    (RasidReportModel  *self,
                                                    guint              position,
                                                    guint              n);
void               rasid_report_model_prefetch_async (RasidReportModel    *self,
                                                      guint                position,
                                                      guint                n,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           rasid_report_model_prefetch_finish (RasidReportModel   *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
guint              rasid_report_model_find         (RasidReportModel  *self,
                                                    gint64             id);

G_END_DECLS
