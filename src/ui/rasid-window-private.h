/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window-private.h: the desk's instance struct, shared by the files
 * that make up RasidWindow, each on one concern: rasid-window.c (the
 * object, its panes and refreshing), -list.c (the report list), -filter.c
 * (the filter's actions, search and watches), -actions.c (actions on
 * reports and the selection), -stories.c (the list of stories),
 * -trends.c (the trend chart above the list) and -export.c. */
#pragma once

#include "rasid-desk-filter.h"
#include "rasid-filter-chips.h"
#include "rasid-report-selection.h"
#include "rasid-source-status.h"
#include "rasid-trends-chart.h"
#include "rasid-window.h"

G_BEGIN_DECLS

struct _RasidWindow {
  AdwApplicationWindow parent_instance;

  /* template */
  AdwWindowTitle    *window_title;
  GtkProgressBar    *progress;
  GtkRevealer       *offline_revealer;
  GtkLabel          *offline_label;
  RasidSourceStatus *source_status;
  RasidTicker       *ticker;
  GtkScrolledWindow *list_scroller;
  GtkWidget         *new_reports_button;
  AdwButtonContent  *new_reports_content;
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
  GtkPaned          *outer_paned;
  GtkPaned          *inner_paned;
  RasidSidebar      *sidebar;
  RasidFilterChips  *chips;
  GtkStack          *list_stack;
  GtkSpinner        *loading_spinner;
  GtkListView       *list_view;
  RasidArticleView  *article_view;
  GtkStack          *mode_stack;
  RasidStoryList    *story_list;
  GtkStack          *article_stack;
  RasidStoryView    *story_view;
  GtkWidget         *back_to_story_button;
  gboolean           show_stories;
  GCancellable      *story_report_cancellable;
  GtkRevealer       *trends_revealer;
  RasidTrendsChart  *trends;
  gboolean           show_trends;
  GtkButton         *refresh_button;
  GtkButton         *cancel_export_button;
  GtkActionBar      *selection_bar;
  GtkLabel          *selection_label;
  GtkButton         *selection_star_button;
  GtkButton         *selection_read_button;
  AdwToastOverlay   *toasts;
  GCancellable      *export_cancellable;

  RasidApplication  *app;
  RasidReportModel  *model;
  RasidReportModel  *ticker_model;
  RasidReportSelection *selection;
  gboolean           replacing_list;  /* between the model's replacing and replaced */
  gboolean           prefetching;     /* reading the next rows' reports in a worker */
  gboolean           holding_scroll;  /* a new list the view has not laid out yet */
  guint              new_above;       /* reports that arrived above the rows in view */
  guint              new_shown;       /* the count the button says */
  GtkSelectionModel *empty_selection;
  GSignalGroup      *report_signals;  /* the open report's */
  RasidDeskFilter   *filter;         /* what the desk shows; the sidebar and chips follow it */
  GCancellable      *cancellable;
  GNetworkMonitor   *monitor;
  guint              refresh_timer;
  guint              search_timeout;
  gboolean           busy;
  guint              failed_sources;
  GtkCssProvider    *text_size;
  GHashTable        *notified;        /* watch id → new count already notified */
};


/* rasid-window-list.c */
void     _rasid_window_class_list_init      (RasidWindowClass  *klass);
void     _rasid_window_list_setup           (RasidWindow       *self);
void     _rasid_window_update_list_state    (RasidWindow       *self);

/* rasid-window-filter.c */
void     _rasid_window_class_filter_init    (RasidWindowClass  *klass);
void     _rasid_window_filter_setup         (RasidWindow       *self);
char    *_rasid_window_describe_filter      (RasidWindow       *self);

/* rasid-window-actions.c */
void     _rasid_window_class_actions_init   (RasidWindowClass  *klass);
void     _rasid_window_actions_setup        (RasidWindow       *self);
void     _rasid_window_show_report          (RasidWindow       *self,
                                             RasidReport       *report);
guint    _rasid_window_n_selected           (RasidWindow       *self);

/* rasid-window-stories.c */
void     _rasid_window_class_stories_init   (RasidWindowClass  *klass);
void     _rasid_window_stories_setup        (RasidWindow       *self);
void     _rasid_window_set_show_stories     (RasidWindow       *self,
                                             gboolean           show);

/* rasid-window-trends.c */
void     _rasid_window_class_trends_init    (RasidWindowClass  *klass);
void     _rasid_window_trends_setup         (RasidWindow       *self);
void     _rasid_window_set_show_trends      (RasidWindow       *self,
                                             gboolean           show);

/* rasid-window-export.c */
void     _rasid_window_class_export_init    (RasidWindowClass  *klass);

G_END_DECLS
