/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window.h: the analyst's desk. */
#pragma once

#include <adwaita.h>

#include "rasid-application.h"
#include "rasid-export.h"
#include "rasid-article-view.h"
#include "rasid-desk-filter.h"
#include "rasid-report-model.h"
#include "rasid-sidebar.h"
#include "rasid-story-list.h"
#include "rasid-story-view.h"
#include "rasid-ticker.h"

G_BEGIN_DECLS

typedef enum {
  RASID_STORY_EXPORT_EVENTS_CSV,    /* in the order the export dialog offers them */
  RASID_STORY_EXPORT_EVENTS_XLSX,
  RASID_STORY_EXPORT_BRIEFING,
} RasidStoryExport;

#define RASID_TYPE_WINDOW (rasid_window_get_type ())
G_DECLARE_FINAL_TYPE (RasidWindow, rasid_window, RASID, WINDOW, AdwApplicationWindow)

RasidWindow      *rasid_window_new              (RasidApplication *app);
RasidReportModel *rasid_window_get_report_model (RasidWindow      *self);
RasidTicker      *rasid_window_get_ticker       (RasidWindow      *self);
GtkListView      *rasid_window_get_list_view    (RasidWindow      *self);
RasidSidebar     *rasid_window_get_sidebar      (RasidWindow      *self);
RasidArticleView *rasid_window_get_article_view (RasidWindow      *self);
RasidStoryList   *rasid_window_get_story_list   (RasidWindow      *self);
RasidStoryView   *rasid_window_get_story_view   (RasidWindow      *self);
RasidDeskFilter  *rasid_window_get_filter       (RasidWindow      *self);
gboolean          rasid_window_get_busy         (RasidWindow      *self);
void              rasid_window_save_watch       (RasidWindow      *self,
                                                 const char       *name);
void              rasid_window_export           (RasidWindow      *self,
                                                 RasidExportFormat format,
                                                 const char       *path);
void              rasid_window_export_stories   (RasidWindow      *self,
                                                 RasidStoryExport  kind,
                                                 const char       *path);
gboolean          rasid_window_get_exporting    (RasidWindow      *self);
char             *rasid_window_suggest_export_name (RasidWindow   *self,
                                                    RasidExportFormat format);
void              rasid_window_select           (RasidWindow      *self,
                                                 guint             position);

G_END_DECLS
