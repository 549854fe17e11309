/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-trends-chart-private.h: what the chart's files share: the
 * instance, and the helpers saving uses (rasid-trends-chart-save.c). */
#pragma once

#include "rasid-trends-chart.h"

G_BEGIN_DECLS

struct _RasidTrendsChart {
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkLabel         *title;
  GtkDropDown      *stack_picker;
  GtkDropDown      *bucket_picker;
  GtkWidget        *menu_button;
  GtkWidget        *plot;
  GtkLabel         *status;

  char             *db_path;
  RasidFacetIndex  *index;
  RasidAnalyzer    *analyzer;
  RasidFilter      *filter;
  RasidTrendStack   stack;
  RasidTrendBucket  bucket;

  RasidTrendSeries *series;
  char            **labels;        /* the series' keys, "other", "none", as shown */
  char             *description;   /* the chart in words */
  int               highlight;     /* a bar, or -1 */
  gboolean          dirty;         /* the series no longer fits the settings */
  GCancellable     *cancellable;   /* the running computation */
};

const char *_rasid_trends_chart_title       (RasidTrendBucket  bucket,
                                             RasidTrendStack   stack);
gboolean    _rasid_trends_chart_is_rtl      (RasidTrendsChart *self);
void        _rasid_trends_chart_action_save (GtkWidget        *widget,
                                             const char       *action,
                                             GVariant         *param);

G_END_DECLS
