/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report-selection.h: the report list's selection model, which tells
 * the view of a list as far as it is scrolled. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-report-model.h"

G_BEGIN_DECLS

#define RASID_REPORT_SELECTION_STEP 48   /* rows told to the view at a time */

#define RASID_TYPE_REPORT_SELECTION (rasid_report_selection_get_type ())
G_DECLARE_FINAL_TYPE (RasidReportSelection, rasid_report_selection, RASID, REPORT_SELECTION, GObject)

RasidReportSelection *rasid_report_selection_new          (RasidReportModel     *model);
gboolean              rasid_report_selection_reveal_more  (RasidReportSelection *self);
void                  rasid_report_selection_reveal_to    (RasidReportSelection *self,
                                                           guint                 position);
gboolean              rasid_report_selection_get_pending  (RasidReportSelection *self);

G_END_DECLS
