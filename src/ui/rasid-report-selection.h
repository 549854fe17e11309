/* rasid-report-selection.h: the report list's selection model, which shows
 * a new list a screenful first. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-report-model.h"

G_BEGIN_DECLS

#define RASID_TYPE_REPORT_SELECTION (rasid_report_selection_get_type ())
G_DECLARE_FINAL_TYPE (RasidReportSelection, rasid_report_selection, RASID, REPORT_SELECTION, GObject)

RasidReportSelection *rasid_report_selection_new          (RasidReportModel     *model);
gboolean              rasid_report_selection_reveal_more  (RasidReportSelection *self);
void                  rasid_report_selection_reveal_all   (RasidReportSelection *self);
gboolean              rasid_report_selection_get_pending  (RasidReportSelection *self);

G_END_DECLS
