/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-trends-chart.h: the desk's trend chart for the current filter:
 * reports per hour or day, stacked by governorate, faction or event type,
 * a bar chosen to filter to its period. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-analyzer.h"
#include "rasid-facet-index.h"
#include "rasid-trends.h"

G_BEGIN_DECLS

#define RASID_TYPE_TRENDS_CHART (rasid_trends_chart_get_type ())
G_DECLARE_FINAL_TYPE (RasidTrendsChart, rasid_trends_chart, RASID, TRENDS_CHART, GtkWidget)

/* The "filter" property's type: a RasidFilter, copied. */
#define RASID_TYPE_TRENDS_FILTER (rasid_trends_filter_get_type ())
GType rasid_trends_filter_get_type (void) G_GNUC_CONST;

GtkWidget              *rasid_trends_chart_new          (void);
void                    rasid_trends_chart_set_db_path  (RasidTrendsChart  *self,
                                                         const char        *db_path);
void                    rasid_trends_chart_set_index    (RasidTrendsChart  *self,
                                                         RasidFacetIndex   *index);
void                    rasid_trends_chart_set_analyzer (RasidTrendsChart  *self,
                                                         RasidAnalyzer     *analyzer);
void                    rasid_trends_chart_set_filter   (RasidTrendsChart  *self,
                                                         const RasidFilter *filter);
const RasidFilter      *rasid_trends_chart_get_filter   (RasidTrendsChart  *self);
void                    rasid_trends_chart_set_stack    (RasidTrendsChart  *self,
                                                         RasidTrendStack    stack);
RasidTrendStack         rasid_trends_chart_get_stack    (RasidTrendsChart  *self);
void                    rasid_trends_chart_set_bucket   (RasidTrendsChart  *self,
                                                         RasidTrendBucket   bucket);
RasidTrendBucket        rasid_trends_chart_get_bucket   (RasidTrendsChart  *self);
void                    rasid_trends_chart_set_count_stories (RasidTrendsChart *self,
                                                         gboolean           count_stories);
gboolean                rasid_trends_chart_get_count_stories (RasidTrendsChart *self);
gboolean                rasid_trends_chart_get_series_in_stories (RasidTrendsChart *self);
void                    rasid_trends_chart_reload       (RasidTrendsChart  *self);
const RasidTrendSeries *rasid_trends_chart_get_series   (RasidTrendsChart  *self);
const char             *rasid_trends_chart_get_description (RasidTrendsChart *self);
int                     rasid_trends_chart_get_highlight (RasidTrendsChart *self);
gboolean                rasid_trends_chart_get_bar_area (RasidTrendsChart  *self,
                                                         guint              bar,
                                                         graphene_rect_t   *area);
GtkWidget              *rasid_trends_chart_get_plot     (RasidTrendsChart  *self);
char                   *rasid_trends_chart_suggest_file_name (RasidTrendsChart *self,
                                                         const char        *extension);
gboolean                rasid_trends_chart_save         (RasidTrendsChart  *self,
                                                         const char        *path,
                                                         GError           **error);

G_END_DECLS
