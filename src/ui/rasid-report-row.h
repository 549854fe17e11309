/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report-row.h: one report in the list. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-report.h"

G_BEGIN_DECLS

#define RASID_TYPE_REPORT_ROW (rasid_report_row_get_type ())
G_DECLARE_FINAL_TYPE (RasidReportRow, rasid_report_row, RASID, REPORT_ROW, GtkWidget)

GtkWidget *rasid_report_row_new        (void);
void       rasid_report_row_set_report (RasidReportRow *self,
                                        RasidReport    *report);
RasidReport *rasid_report_row_get_report (RasidReportRow *self);

G_END_DECLS
