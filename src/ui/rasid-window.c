/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window.c: the desk: ticker, report list, article view and filter
 * sidebar. This file holds the object, its template, properties and panes,
 * and refreshing; its other concerns are in rasid-window-*.c, sharing the
 * struct through rasid-window-private.h: -list.c (the report list), -filter.c
 * (the filter's actions, search and watches), -actions.c (what is done to
 * reports), -stories.c, -trends.c and -export.c. The window owns the filter, a
 * RasidDeskFilter; everything that changes it is an action (win.filter-place
 * …), so chips, sidebar rows, shortcuts and tests all go the same way. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-util.h"
#include "rasid-window-private.h"

G_DEFINE_FINAL_TYPE (RasidWindow, rasid_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_STORIES,
  PROP_SHOW_TRENDS,
  PROP_FILTER,
  PROP_UNREAD_ONLY,
  PROP_STARRED_ONLY,
  PROP_BREAKING_ONLY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void refresh (RasidWindow *self, RasidRefreshFlags flags);

/* ---- refresh ------------------------------------------------------------- */

static void
update_offline (RasidWindow *self)
{
  gboolean offline = rasid_application_get_offline (self->app) ||
                     !g_network_monitor_get_network_available (self->monitor);

  if (offline)
    gtk_label_set_text (self->offline_label, _("Offline: showing the cached reports; network sources are not fetched"));
  gtk_revealer_set_reveal_child (self->offline_revealer, offline);
}

static void
on_network_changed (GNetworkMonitor *monitor, gboolean available, RasidWindow *self)
{
  update_offline (self);
  rasid_ingest_set_network_enabled (rasid_application_get_ingest (self->app),
                                    available && !rasid_application_get_offline (self->app));
}

static void
on_progress (RasidIngest *ingest, guint done, guint total, RasidWindow *self)
{
  gtk_progress_bar_set_fraction (self->progress, total ? (double) done / total : 0.0);
}

static void
on_source_done (RasidIngest *ingest, gint64 source_id, guint n_new, guint n_updated, const char *error,
                RasidWindow *self)
{
  if (error)
    self->failed_sources++;
  /* Show what arrived as it arrives; the model keeps scroll and selection. */
  if (n_new + n_updated > 0)
    {
      rasid_report_model_reload (self->model);
      rasid_report_model_reload (self->ticker_model);
    }
}

static void
on_refreshed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  RasidWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_new = 0;

  if (!rasid_ingest_refresh_finish (RASID_INGEST (object), res, &n_new, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->busy = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-refresh", FALSE);
  if (error)
    {
      g_autofree char *text = g_strdup_printf (_("Refresh failed: %s"), error->message);
      gtk_label_set_text (self->offline_label, text);
      gtk_revealer_set_reveal_child (self->offline_revealer, TRUE);
    }
  else if (self->failed_sources > 0 && !rasid_application_get_offline (self->app))
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->refresh_button),
                                 g_dngettext (GETTEXT_PACKAGE, "One source could not be fetched",
                                              "Some sources could not be fetched", self->failed_sources));
  rasid_report_model_reload (self->model);
  rasid_report_model_reload (self->ticker_model);
  rasid_story_list_reload (self->story_list);
  rasid_sidebar_recount (self->sidebar);
  rasid_trends_chart_reload (self->trends);
  _rasid_window_update_list_state (self);
  g_object_unref (self);
}

static void
refresh (RasidWindow *self, RasidRefreshFlags flags)
{
  if (self->busy)
    return;
  self->busy = TRUE;
  self->failed_sources = 0;
  rasid_ingest_set_retention (rasid_application_get_ingest (self->app),
                              g_settings_get_uint (rasid_application_get_settings (self->app), "retention-days"));
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-refresh", TRUE);
  rasid_ingest_refresh_async (rasid_application_get_ingest (self->app), flags, self->cancellable,
                              on_refreshed, g_object_ref (self));
}

static void
action_refresh (GtkWidget *widget, const char *name, GVariant *param)
{
  refresh (RASID_WINDOW (widget), RASID_REFRESH_ALL);
}

static void
action_cancel_refresh (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-refresh", FALSE);
}

static gboolean
refresh_timer_cb (gpointer user_data)
{
  RasidWindow *self = user_data;

  if (g_settings_get_boolean (rasid_application_get_settings (self->app), "auto-refresh"))
    refresh (self, RASID_REFRESH_DUE_ONLY);
  return G_SOURCE_CONTINUE;
}

/* Background refresh every refresh-interval minutes; each source's own
 * interval and back-off still decide whether it is due. */
static void
arm_refresh_timer (RasidWindow *self)
{
  guint minutes = g_settings_get_uint (rasid_application_get_settings (self->app), "refresh-interval");

  g_clear_handle_id (&self->refresh_timer, g_source_remove);
  self->refresh_timer = g_timeout_add_seconds (MAX (minutes, 1) * 60, refresh_timer_cb, self);
}

/* ---- life cycle ---------------------------------------------------------- */

static gboolean
rasid_window_close_request (GtkWindow *window)
{
  RasidWindow *self = RASID_WINDOW (window);
  GSettings *settings = rasid_application_get_settings (self->app);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_int (settings, "sidebar-position", gtk_paned_get_position (self->outer_paned));
  g_settings_set_int (settings, "list-position", gtk_paned_get_position (self->inner_paned));
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (rasid_window_parent_class)->close_request (window);
}

/* The article text size setting, as a style for the article body. */
static void
apply_text_scale (GSettings *settings, const char *key, RasidWindow *self)
{
  g_autofree char *css = NULL;
  char scale[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (scale, sizeof scale, 1.08 * g_settings_get_double (settings, "text-scale"));
  css = g_strdup_printf (".article-body { font-size: %sem; }", scale);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_css_provider_load_from_data (self->text_size, css, -1);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* Divider positions apply once the window has its size. */
static void
restore_panes (RasidWindow *self)
{
  GSettings *settings = rasid_application_get_settings (self->app);

  gtk_paned_set_position (self->outer_paned, g_settings_get_int (settings, "sidebar-position"));
  gtk_paned_set_position (self->inner_paned, g_settings_get_int (settings, "list-position"));
}

/* Needs the application, which GtkWindow sets only after construction. */
static void
rasid_window_setup (RasidWindow *self)
{
  GSettings *settings;
  RasidStore *store;
  g_autoptr(RasidFilter) ticker_filter = rasid_filter_new ();
  RasidIngest *ingest;

  self->app = RASID_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  settings = rasid_application_get_settings (self->app);
  store = rasid_application_get_store (self->app);
  ingest = rasid_application_get_ingest (self->app);

  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect (self, "map", G_CALLBACK (restore_panes), NULL);
  self->text_size = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->text_size),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_signal_connect_object (settings, "changed::text-scale", G_CALLBACK (apply_text_scale), self, 0);
  apply_text_scale (settings, "text-scale", self);

  self->model = rasid_report_model_new (store, rasid_application_get_facet_index (self->app));
  self->selection = rasid_report_selection_new (self->model);
  _rasid_window_list_setup (self);
  _rasid_window_actions_setup (self);

  ticker_filter->breaking_only = TRUE;
  self->ticker_model = rasid_report_model_new (store, rasid_application_get_facet_index (self->app));
  rasid_report_model_set_filter (self->ticker_model, ticker_filter);
  rasid_ticker_set_model (self->ticker, self->ticker_model);
  g_settings_bind (settings, "ticker-speed", self->ticker, "speed", G_SETTINGS_BIND_GET);

  rasid_article_view_set_gazetteer (self->article_view,
                                    rasid_analyzer_get_gazetteer (rasid_application_get_analyzer (self->app)));
  rasid_sidebar_setup (self->sidebar, rasid_store_get_path (store), rasid_application_get_analyzer (self->app),
                       rasid_application_get_facet_index (self->app));
  _rasid_window_filter_setup (self);

  g_signal_connect_object (ingest, "progress", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (ingest, "source-done", G_CALLBACK (on_source_done), self, 0);
  self->monitor = g_network_monitor_get_default ();
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self, 0);
  update_offline (self);
  rasid_source_status_set_application (self->source_status, self->app);

  rasid_story_list_set_db_path (self->story_list, rasid_store_get_path (store));
  rasid_story_list_set_index (self->story_list, rasid_application_get_facet_index (self->app));
  _rasid_window_stories_setup (self);
  g_settings_bind (settings, "story-sort", self->story_list, "sort", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "story-min-outlets", self->story_list, "min-outlets", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-stories", self, "show-stories", G_SETTINGS_BIND_DEFAULT);
  /* The sidebar counts what the list shows. */
  g_object_bind_property (self, "show-stories", self->sidebar, "count-stories", G_BINDING_SYNC_CREATE);
  _rasid_window_trends_setup (self);

  _rasid_window_update_list_state (self);
  refresh (self, RASID_REFRESH_DUE_ONLY);
  g_signal_connect_object (settings, "changed::refresh-interval", G_CALLBACK (arm_refresh_timer), self, G_CONNECT_SWAPPED);
  arm_refresh_timer (self);
}

static void
rasid_window_dispose (GObject *object)
{
  RasidWindow *self = RASID_WINDOW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  if (self->export_cancellable)
    g_cancellable_cancel (self->export_cancellable);
  g_cancellable_cancel (self->story_report_cancellable);
  g_clear_object (&self->story_report_cancellable);
  g_clear_handle_id (&self->refresh_timer, g_source_remove);
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_WINDOW);
  g_clear_object (&self->report_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->empty_selection);
  g_clear_object (&self->model);
  g_clear_object (&self->ticker_model);
  g_clear_object (&self->cancellable);
  if (self->text_size)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->text_size));
  g_clear_object (&self->text_size);
  G_OBJECT_CLASS (rasid_window_parent_class)->dispose (object);
}

static void
rasid_window_finalize (GObject *object)
{
  RasidWindow *self = RASID_WINDOW (object);

  g_clear_object (&self->filter);
  g_hash_table_unref (self->notified);
  G_OBJECT_CLASS (rasid_window_parent_class)->finalize (object);
}

static void
rasid_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RasidWindow *self = RASID_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_STORIES: g_value_set_boolean (value, self->show_stories); break;
    case PROP_SHOW_TRENDS: g_value_set_boolean (value, self->show_trends); break;
    case PROP_FILTER: g_value_set_object (value, self->filter); break;
    /* The filter's, through the window for the property actions. */
    case PROP_UNREAD_ONLY:
    case PROP_STARRED_ONLY:
    case PROP_BREAKING_ONLY: g_object_get_property (G_OBJECT (self->filter), pspec->name, value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RasidWindow *self = RASID_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_STORIES: _rasid_window_set_show_stories (self, g_value_get_boolean (value)); break;
    case PROP_SHOW_TRENDS: _rasid_window_set_show_trends (self, g_value_get_boolean (value)); break;
    case PROP_UNREAD_ONLY:
    case PROP_STARRED_ONLY:
    case PROP_BREAKING_ONLY: g_object_set_property (G_OBJECT (self->filter), pspec->name, value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_window_class_init (RasidWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rasid_window_dispose;
  object_class->finalize = rasid_window_finalize;
  window_class->close_request = rasid_window_close_request;

  g_type_ensure (RASID_TYPE_TICKER);
  g_type_ensure (RASID_TYPE_SIDEBAR);
  g_type_ensure (RASID_TYPE_ARTICLE_VIEW);
  g_type_ensure (RASID_TYPE_SOURCE_STATUS);
  g_type_ensure (RASID_TYPE_FILTER_CHIPS);
  g_type_ensure (RASID_TYPE_STORY_LIST);
  g_type_ensure (RASID_TYPE_STORY_VIEW);

  object_class->get_property = rasid_window_get_property;
  object_class->set_property = rasid_window_set_property;
  properties[PROP_SHOW_STORIES] = g_param_spec_boolean ("show-stories", NULL, NULL, FALSE,
                                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                        G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_TRENDS] = g_param_spec_boolean ("show-trends", NULL, NULL, FALSE,
                                                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                       G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] = g_param_spec_object ("filter", NULL, NULL, RASID_TYPE_DESK_FILTER,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD_ONLY] = g_param_spec_boolean ("unread-only", NULL, NULL, FALSE,
                                                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARRED_ONLY] = g_param_spec_boolean ("starred-only", NULL, NULL, FALSE,
                                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BREAKING_ONLY] = g_param_spec_boolean ("breaking-only", NULL, NULL, FALSE,
                                                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, source_status);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, ticker);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, chips);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, new_reports_button);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, new_reports_content);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, story_list);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, article_stack);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, story_view);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, back_to_story_button);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, cancel_export_button);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, selection_star_button);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, selection_read_button);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, toasts);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, action_refresh);
  gtk_widget_class_install_action (widget_class, "win.cancel-refresh", NULL, action_cancel_refresh);

  _rasid_window_class_list_init (klass);
  _rasid_window_class_filter_init (klass);
  _rasid_window_class_actions_init (klass);
  _rasid_window_class_stories_init (klass);
  _rasid_window_class_trends_init (klass);
  _rasid_window_class_export_init (klass);
}

static void
relay_notify (GObject *filter, GParamSpec *pspec, RasidWindow *self)
{
  g_object_notify (G_OBJECT (self), pspec->name);
}

static void
rasid_window_init (RasidWindow *self)
{
  self->filter = rasid_desk_filter_new ();
  /* The window's flag properties notify as the filter's do. */
  g_signal_connect_object (self->filter, "notify::unread-only", G_CALLBACK (relay_notify), self, 0);
  g_signal_connect_object (self->filter, "notify::starred-only", G_CALLBACK (relay_notify), self, 0);
  g_signal_connect_object (self->filter, "notify::breaking-only", G_CALLBACK (relay_notify), self, 0);
  self->notified = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->story_report_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-refresh", FALSE);
}

RasidWindow *
rasid_window_new (RasidApplication *app)
{
  RasidWindow *self = g_object_new (RASID_TYPE_WINDOW, "application", app, NULL);

  rasid_window_setup (self);
  return self;
}

RasidReportModel *rasid_window_get_report_model (RasidWindow *self) { return self->model; }
RasidTicker *rasid_window_get_ticker (RasidWindow *self) { return self->ticker; }
GtkListView *rasid_window_get_list_view (RasidWindow *self) { return self->list_view; }
RasidSidebar *rasid_window_get_sidebar (RasidWindow *self) { return self->sidebar; }
RasidArticleView *rasid_window_get_article_view (RasidWindow *self) { return self->article_view; }
RasidStoryList *rasid_window_get_story_list (RasidWindow *self) { return self->story_list; }
RasidStoryView *rasid_window_get_story_view (RasidWindow *self) { return self->story_view; }
RasidDeskFilter *rasid_window_get_filter (RasidWindow *self) { return self->filter; }
gboolean rasid_window_get_busy (RasidWindow *self) { return self->busy || rasid_report_model_get_loading (self->model); }
