/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-filter-chips.h: the active filter as removable chips above the
 * report list. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-analyzer.h"
#include "rasid-desk-filter.h"

G_BEGIN_DECLS

#define RASID_TYPE_FILTER_CHIPS (rasid_filter_chips_get_type ())
G_DECLARE_FINAL_TYPE (RasidFilterChips, rasid_filter_chips, RASID, FILTER_CHIPS, GtkWidget)

void             rasid_filter_chips_set_filter   (RasidFilterChips *self,
                                                  RasidDeskFilter  *filter);
RasidDeskFilter *rasid_filter_chips_get_filter   (RasidFilterChips *self);
void             rasid_filter_chips_set_analyzer (RasidFilterChips *self,
                                                  RasidAnalyzer    *analyzer);
void             rasid_filter_chips_set_sources  (RasidFilterChips *self,
                                                  GPtrArray        *sources);
char            *rasid_filter_chips_describe     (RasidFilterChips *self,
                                                  gboolean          short_names);

G_END_DECLS
