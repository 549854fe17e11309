/* rasid-window.c: the desk: ticker, report list, article view and filter
 * sidebar. The window owns the filter; everything that changes it is an
 * action (win.filter-place …), so chips, sidebar rows, shortcuts and tests
 * all go the same way. Refreshes run in the background with progress. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-report-row.h"
#include "rasid-util.h"
#include "rasid-window.h"

struct _RasidWindow {
  AdwApplicationWindow parent_instance;

  /* template */
  AdwWindowTitle    *window_title;
  GtkProgressBar    *progress;
  GtkRevealer       *offline_revealer;
  GtkLabel          *offline_label;
  RasidTicker       *ticker;
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
  GtkPaned          *outer_paned;
  GtkPaned          *inner_paned;
  RasidSidebar      *sidebar;
  GtkBox            *chips_box;
  GtkStack          *list_stack;
  GtkListView       *list_view;
  RasidArticleView  *article_view;
  GtkButton         *refresh_button;

  RasidApplication  *app;
  RasidReportModel  *model;
  RasidReportModel  *ticker_model;
  GtkMultiSelection *selection;
  RasidFilter       *filter;
  GCancellable      *cancellable;
  GNetworkMonitor   *monitor;
  guint              refresh_timer;
  guint              search_timeout;
  gboolean           busy;
  guint              failed_sources;
};

G_DEFINE_FINAL_TYPE (RasidWindow, rasid_window, ADW_TYPE_APPLICATION_WINDOW)


static void refresh (RasidWindow *self, RasidRefreshFlags flags);

/* ---- filter -------------------------------------------------------------- */

static void
add_filter_chip (RasidWindow *self, const char *label, const char *clear_action)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *tip = g_strdup_printf (_("Remove the filter “%s”"), label);

  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "filter-chip");
  gtk_widget_set_tooltip_text (button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), clear_action);
  gtk_box_append (self->chips_box, button);
}

static void
update_chips (RasidWindow *self)
{
  GtkWidget *child;
  RasidGazetteer *gazetteer = rasid_analyzer_get_gazetteer (rasid_application_get_analyzer (self->app));
  RasidActors *actors = rasid_analyzer_get_actors (rasid_application_get_analyzer (self->app));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box))))
    gtk_box_remove (self->chips_box, child);
  if (self->filter->place_id)
    {
      const RasidPlace *p = rasid_gazetteer_lookup (gazetteer, self->filter->place_id);
      add_filter_chip (self, p ? rasid_pick_name (p->name_ar, p->name_en) : self->filter->place_id, "win.clear-place");
    }
  if (self->filter->actor_id)
    {
      const RasidActor *a = rasid_actors_lookup (actors, self->filter->actor_id);
      add_filter_chip (self, a ? rasid_pick_name (a->name_ar, a->name_en) : self->filter->actor_id, "win.clear-actor");
    }
  if (self->filter->event)
    add_filter_chip (self, rasid_event_label (self->filter->event), "win.clear-event");
  if (self->filter->query && *self->filter->query)
    {
      g_autofree char *label = g_strdup_printf ("“%s”", self->filter->query);
      add_filter_chip (self, label, "win.clear-search");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), !rasid_filter_is_empty (self->filter));
}

static void
apply_filter (RasidWindow *self)
{
  rasid_report_model_set_filter (self->model, self->filter);
  rasid_sidebar_update (self->sidebar, self->filter);
  update_chips (self);
}

static void
set_text_field (char **field, const char *value)
{
  /* Choosing the active filter again removes it. */
  if (value && g_strcmp0 (*field, value) == 0)
    value = NULL;
  g_free (*field);
  *field = value && *value ? g_strdup (value) : NULL;
}

static void
action_filter_place (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  set_text_field (&self->filter->place_id, g_variant_get_string (param, NULL));
  apply_filter (self);
}

static void
action_filter_actor (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  set_text_field (&self->filter->actor_id, g_variant_get_string (param, NULL));
  apply_filter (self);
}

static void
action_filter_event (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  set_text_field (&self->filter->event, g_variant_get_string (param, NULL));
  apply_filter (self);
}

static void
action_search_text (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  const char *text = g_variant_get_string (param, NULL);

  gtk_search_bar_set_search_mode (self->search_bar, *text != 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_free (self->filter->query);
  self->filter->query = *text ? g_strdup (text) : NULL;
  apply_filter (self);
}

static void
action_clear (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  if (g_str_equal (name, "win.clear-place") || g_str_equal (name, "win.clear-filters"))
    g_clear_pointer (&self->filter->place_id, g_free);
  if (g_str_equal (name, "win.clear-actor") || g_str_equal (name, "win.clear-filters"))
    g_clear_pointer (&self->filter->actor_id, g_free);
  if (g_str_equal (name, "win.clear-event") || g_str_equal (name, "win.clear-filters"))
    g_clear_pointer (&self->filter->event, g_free);
  if (g_str_equal (name, "win.clear-search") || g_str_equal (name, "win.clear-filters"))
    {
      g_clear_pointer (&self->filter->query, g_free);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
  apply_filter (self);
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  RasidWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  self->search_timeout = 0;
  if (g_strcmp0 (text, self->filter->query ? self->filter->query : "") != 0)
    {
      g_free (self->filter->query);
      self->filter->query = *text ? g_strdup (text) : NULL;
      apply_filter (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_search_changed (GtkSearchEntry *entry, RasidWindow *self)
{
  /* GtkSearchEntry already debounces; one more short delay batches typing. */
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  self->search_timeout = g_timeout_add (50, search_timeout_cb, self);
}

static void
action_search (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- selection and report state ------------------------------------------ */

typedef struct {
  char  *path;
  gint64 id;
  int    read, starred;
} FlagJob;

static void
flag_job_free (FlagJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
flag_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  FlagJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (job->path, &error);

  if (store == NULL || !rasid_store_set_flags (store, job->id, job->read, job->starred, &error))
    g_warning ("Cannot save the report state: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

/* Writes go to a worker: a fetch may hold the write lock for a moment. */
static void
save_flags (RasidWindow *self, RasidReport *report, int read, int starred)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  FlagJob *job = g_new0 (FlagJob, 1);

  if (read >= 0)
    rasid_report_set_read (report, read);
  if (starred >= 0)
    rasid_report_set_starred (report, starred);
  job->path = g_strdup (rasid_store_get_path (rasid_application_get_store (self->app)));
  job->id = rasid_report_get_id (report);
  job->read = read;
  job->starred = starred;
  g_task_set_task_data (task, job, (GDestroyNotify) flag_job_free);
  g_task_run_in_thread (task, flag_thread);
}

static RasidReport *
current_report (RasidWindow *self)
{
  return rasid_article_view_get_report (self->article_view);
}

static void
show_report (RasidWindow *self, RasidReport *report)
{
  rasid_article_view_set_report (self->article_view, report);
  if (report && !rasid_report_get_read (report))
    save_flags (self, report, TRUE, -1);
}

static void
on_selection_changed (GtkSelectionModel *model, guint position, guint n_items, RasidWindow *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);
  g_autoptr(RasidReport) report = NULL;

  if (gtk_bitset_get_size (selected) != 1)
    return;
  report = g_list_model_get_item (G_LIST_MODEL (model), gtk_bitset_get_minimum (selected));
  show_report (self, report);
}

void
rasid_window_select (RasidWindow *self, guint position)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
move_selection (RasidWindow *self, int delta)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  int pos;

  if (n == 0)
    return;
  pos = gtk_bitset_is_empty (selected) ? (delta > 0 ? -1 : (int) n) : (int) gtk_bitset_get_minimum (selected);
  pos = CLAMP (pos + delta, 0, (int) n - 1);
  rasid_window_select (self, pos);
}

static void
action_move (GtkWidget *widget, const char *name, GVariant *param)
{
  move_selection (RASID_WINDOW (widget), g_str_equal (name, "win.next-report") ? 1 : -1);
}

static void
action_toggle_flag (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  RasidReport *report = current_report (self);

  if (report == NULL)
    return;
  if (g_str_equal (name, "win.toggle-read"))
    save_flags (self, report, !rasid_report_get_read (report), -1);
  else
    save_flags (self, report, -1, !rasid_report_get_starred (report));
}

static void
action_open_original (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  RasidReport *report = current_report (self);
  const char *link = report ? rasid_report_get_link (report) : NULL;

  if (link && (g_str_has_prefix (link, "http://") || g_str_has_prefix (link, "https://")))
    gtk_show_uri (GTK_WINDOW (self), link, GDK_CURRENT_TIME);
}

static void
on_ticker_activated (RasidTicker *ticker, gint64 id, RasidWindow *self)
{
  guint pos = rasid_report_model_find (self->model, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidReport) report = NULL;

  if (pos != G_MAXUINT)
    {
      rasid_window_select (self, pos);
      return;
    }
  /* Not under the current filter: show it all the same. */
  report = rasid_store_load_report (rasid_application_get_store (self->app), id, &error);
  if (report)
    show_report (self, report);
}

/* ---- list ---------------------------------------------------------------- */

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_list_item_set_child (item, rasid_report_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  rasid_report_row_set_report (RASID_REPORT_ROW (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  rasid_report_row_set_report (RASID_REPORT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
update_list_state (RasidWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", n), n);

  adw_window_title_set_subtitle (self->window_title, subtitle);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (rasid_report_model_get_loading (self->model) || self->busy)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
on_model_notify (GObject *model, GParamSpec *pspec, RasidWindow *self)
{
  update_list_state (self);
}

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
  rasid_sidebar_update (self->sidebar, self->filter);
  update_list_state (self);
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
  g_autoptr(GtkListItemFactory) factory = NULL;
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

  self->model = rasid_report_model_new (store);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->model, "notify::n-items", G_CALLBACK (on_model_notify), self);
  g_signal_connect (self->model, "notify::loading", G_CALLBACK (on_model_notify), self);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  ticker_filter->breaking_only = TRUE;
  self->ticker_model = rasid_report_model_new (store);
  rasid_report_model_set_filter (self->ticker_model, ticker_filter);
  rasid_ticker_set_model (self->ticker, self->ticker_model);
  g_settings_bind (settings, "ticker-speed", self->ticker, "speed", G_SETTINGS_BIND_GET);
  g_signal_connect (self->ticker, "report-activated", G_CALLBACK (on_ticker_activated), self);

  rasid_sidebar_setup (self->sidebar, rasid_store_get_path (store), rasid_application_get_analyzer (self->app));

  g_signal_connect_object (ingest, "progress", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (ingest, "source-done", G_CALLBACK (on_source_done), self, 0);
  self->monitor = g_network_monitor_get_default ();
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self, 0);
  update_offline (self);

  apply_filter (self);
  update_list_state (self);
  refresh (self, RASID_REFRESH_DUE_ONLY);
  self->refresh_timer = g_timeout_add_seconds (60, refresh_timer_cb, self);
}

static void
rasid_window_dispose (GObject *object)
{
  RasidWindow *self = RASID_WINDOW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_timer, g_source_remove);
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->ticker_model);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rasid_window_parent_class)->dispose (object);
}

static void
rasid_window_finalize (GObject *object)
{
  RasidWindow *self = RASID_WINDOW (object);

  rasid_filter_free (self->filter);
  G_OBJECT_CLASS (rasid_window_parent_class)->finalize (object);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, ticker);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, chips_box);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, refresh_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, action_refresh);
  gtk_widget_class_install_action (widget_class, "win.cancel-refresh", NULL, action_cancel_refresh);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, action_search);
  gtk_widget_class_install_action (widget_class, "win.search-text", "s", action_search_text);
  gtk_widget_class_install_action (widget_class, "win.filter-place", "s", action_filter_place);
  gtk_widget_class_install_action (widget_class, "win.filter-actor", "s", action_filter_actor);
  gtk_widget_class_install_action (widget_class, "win.filter-event", "s", action_filter_event);
  gtk_widget_class_install_action (widget_class, "win.clear-place", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.clear-actor", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.clear-event", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.clear-search", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.next-report", NULL, action_move);
  gtk_widget_class_install_action (widget_class, "win.previous-report", NULL, action_move);
  gtk_widget_class_install_action (widget_class, "win.toggle-read", NULL, action_toggle_flag);
  gtk_widget_class_install_action (widget_class, "win.toggle-star", NULL, action_toggle_flag);
  gtk_widget_class_install_action (widget_class, "win.open-original", NULL, action_open_original);
}

static void
rasid_window_init (RasidWindow *self)
{
  self->filter = rasid_filter_new ();
  self->cancellable = g_cancellable_new ();
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
RasidSidebar *rasid_window_get_sidebar (RasidWindow *self) { return self->sidebar; }
RasidArticleView *rasid_window_get_article_view (RasidWindow *self) { return self->article_view; }
gboolean rasid_window_get_busy (RasidWindow *self) { return self->busy || rasid_report_model_get_loading (self->model); }
