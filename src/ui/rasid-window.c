/* rasid-window.c: the desk: ticker, report list, article view and filter
 * sidebar. This file holds the object, its template and panes, the report
 * list (rows, revealing more as it scrolls, new reports above the view)
 * and refreshing; its other concerns are in rasid-window-*.c, sharing the
 * struct through rasid-window-private.h. The window owns the filter;
 * everything that changes it is an action (win.filter-place …), so chips,
 * sidebar rows, shortcuts and tests all go the same way. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-report-row.h"
#include "rasid-util.h"
#include "rasid-window-private.h"

G_DEFINE_FINAL_TYPE (RasidWindow, rasid_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_STORIES,
  PROP_FILTER,
  PROP_UNREAD_ONLY,
  PROP_STARRED_ONLY,
  PROP_BREAKING_ONLY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void refresh (RasidWindow *self, RasidRefreshFlags flags);

/* ---- list ---------------------------------------------------------------- */

static void
on_row_menu_closed (GtkPopover *popover)
{
  /* Unparented after the popover has finished with the click. */
  g_idle_add_once ((GSourceOnceFunc) gtk_widget_unparent, popover);
}

/* The row's menu: what the article's header offers, for this row's report
 * (shown in the article as the menu opens), and the selection's actions
 * when several rows are selected. */
static void
popup_row_menu (RasidWindow *self, GtkListItem *item, double x, double y)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  RasidReport *report = rasid_report_row_get_report (RASID_REPORT_ROW (row));
  guint pos = gtk_list_item_get_position (item);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  GtkWidget *popover;

  if (report == NULL || pos == GTK_INVALID_LIST_POSITION)
    return;
  if (!gtk_list_item_get_selected (item))
    rasid_window_select (self, pos);
  else
    _rasid_window_show_report (self, report);
  g_menu_append (section, rasid_report_get_starred (report) ? _("Remove Star") : _("Star"), "win.toggle-star");
  g_menu_append (section, rasid_report_get_read (report) ? _("Mark as Unread") : _("Mark as Read"), "win.toggle-read");
  g_menu_append (section, _("Copy Link"), "win.copy-link");
  g_menu_append (section, _("Open Original"), "win.open-original");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  if (_rasid_window_n_selected (self) > 1)
    {
      g_autoptr(GMenu) selection = g_menu_new ();

      g_menu_append (selection, _("Export Selected Reports…"), "win.export-selection");
      g_menu_append (selection, _("Clear Selection"), "win.select-none");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (selection));
    }
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_add_css_class (popover, "report-row-menu");
  gtk_widget_set_parent (popover, row);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  if (x >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (on_row_menu_closed), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
on_row_right_click (GtkGestureClick *gesture, int n_press, double x, double y, GtkListItem *item)
{
  RasidWindow *self = RASID_WINDOW (gtk_widget_get_root (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture))));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_row_menu (self, item, x, y);
}

static void
on_row_long_press (GtkGestureLongPress *gesture, double x, double y, GtkListItem *item)
{
  RasidWindow *self = RASID_WINDOW (gtk_widget_get_root (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture))));

  popup_row_menu (self, item, x, y);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *row = rasid_report_row_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *press = gtk_gesture_long_press_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_row_right_click), item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (on_row_long_press), item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (press));
  /* For the Menu key, which reaches the list, not the row. */
  g_object_set_data (G_OBJECT (row), "rasid-list-item", item);
  gtk_list_item_set_child (item, row);
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

void
_rasid_window_update_list_state (RasidWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint selected = _rasid_window_n_selected (self);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", n), n);

  gboolean loading = n == 0 && (rasid_report_model_get_loading (self->model) || self->busy);

  if (self->show_stories)
    {
      guint n_stories = g_list_model_get_n_items (rasid_story_list_get_model (self->story_list));

      g_free (subtitle);
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", n_stories), n_stories);
      selected = 0;
    }

  if (selected > 1)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected", selected),
                                                selected);
      g_autofree char *both = g_strconcat (subtitle, "  ·  ", count, NULL);
      g_free (subtitle);
      subtitle = g_steal_pointer (&both);
    }
  adw_window_title_set_subtitle (self->window_title, subtitle);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (loading)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  /* A spinning spinner is a CSS animation, hidden page or not, and an
   * animation anywhere in the window has GTK restyle it every frame: the
   * desk drew 60 frames a second doing nothing. It spins only when seen. */
  gtk_spinner_set_spinning (self->loading_spinner, loading);
}

/* ---- reports arriving above the view --------------------------------------
 * GtkListView keeps the rows in view when reports are inserted above them,
 * so new reports would go unseen: a button over the list says how many and
 * goes to them. */

static void
hide_new_reports (RasidWindow *self)
{
  self->new_above = self->new_shown = 0;
  gtk_widget_set_visible (self->new_reports_button, FALSE);
}

static void
update_new_reports (RasidWindow *self)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  g_autofree char *label = NULL;

  if (self->new_above == 0 || self->new_above == self->new_shown)
    return;
  /* Laid out at the top, the new rows are in view already. */
  if (gtk_adjustment_get_value (vadj) <= 0)
    {
      hide_new_reports (self);
      return;
    }
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new report", "%u new reports", self->new_above),
                           self->new_above);
  adw_button_content_set_label (self->new_reports_content, label);
  gtk_widget_set_visible (self->new_reports_button, TRUE);
  self->new_shown = self->new_above;
}

static void
on_list_items_changed (GListModel *list, guint position, guint removed, guint added, RasidWindow *self)
{
  /* Only reports inserted at the top of a list already shown (a new list,
   * the first one included, comes between replacing and replaced). */
  if (self->replacing_list || position != 0 || removed != 0 || added == 0)
    return;
  self->new_above += added;
}

static void maybe_reveal (RasidWindow *self);

static void
on_rows_prefetched (GObject *model, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->prefetching = FALSE;
  /* Closed meanwhile. */
  if (self->selection == NULL)
    return;
  if (!rasid_report_model_prefetch_finish (RASID_REPORT_MODEL (model), res, &error))
    {
      g_warning ("Cannot read reports ahead: %s", error->message);
      /* The rows will read their reports themselves. */
      rasid_report_selection_reveal_more (self->selection);
      return;
    }
  maybe_reveal (self);
}

/* The view is told of more reports when it nears the end of those it has
 * (within two screens), once a worker has read them. */
static void
maybe_reveal (RasidWindow *self)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  double page = gtk_adjustment_get_page_size (vadj);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  if (!rasid_report_selection_get_pending (self->selection) || page <= 0 || self->prefetching ||
      gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_value (vadj) - page >= 2 * page)
    return;
  if (rasid_report_model_has_pages (self->model, shown, RASID_REPORT_SELECTION_STEP))
    rasid_report_selection_reveal_more (self->selection);
  else
    {
      self->prefetching = TRUE;
      rasid_report_model_prefetch_async (self->model, shown, RASID_REPORT_SELECTION_STEP, NULL, on_rows_prefetched,
                                         g_object_ref (self));
    }
}

static void
on_list_scrolled (GtkAdjustment *vadj, RasidWindow *self)
{
  if (gtk_adjustment_get_value (vadj) <= 0 && self->new_above > 0)
    hide_new_reports (self);
  maybe_reveal (self);
}

static void
on_new_reports_clicked (GtkButton *button, RasidWindow *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->list_scroller), 0);
  hide_new_reports (self);
}

static void
on_model_replacing (RasidReportModel *model, RasidWindow *self)
{
  self->replacing_list = TRUE;
  hide_new_reports (self);
  /* An empty stand-in rather than NULL, which GTK 4.8 does not survive here. */
  if (self->empty_selection == NULL)
    self->empty_selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_list_store_new (RASID_TYPE_REPORT))));
  gtk_list_view_set_model (self->list_view, self->empty_selection);
}

/* GTK 4.8's list view finds the row at a scroll position from the heights
 * of the rows it has laid out, and it lays out a new list only at its next
 * allocation. A scroll in between (a wheel turned, a kinetic scroll still
 * running, a program moving the scroll bar as the filter's results arrive)
 * finds no row there: "GtkListView failed to scroll to given position".
 * So from a new list until the view has laid it out, the scroll bar does
 * not move the view; a new list starts at its top in any case. */
static void
hold_scrolling (RasidWindow *self, gboolean hold)
{
  GtkAdjustment *adjustments[] = {
    gtk_scrolled_window_get_vadjustment (self->list_scroller),
    gtk_scrolled_window_get_hadjustment (self->list_scroller),
  };

  if (hold == self->holding_scroll)
    return;
  self->holding_scroll = hold;
  /* The view's own handlers are those with the view as their data. */
  for (guint i = 0; i < G_N_ELEMENTS (adjustments); i++)
    if (hold)
      g_signal_handlers_block_matched (adjustments[i], G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self->list_view);
    else
      g_signal_handlers_unblock_matched (adjustments[i], G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self->list_view);
}

static void
on_model_replaced (RasidReportModel *model, RasidWindow *self)
{
  self->replacing_list = FALSE;
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  hold_scrolling (self, TRUE);
}

/* After each frame: whether the view wants more rows, and where new reports went. */
static void
on_list_painted (GdkFrameClock *clock, RasidWindow *self)
{
  /* A frame in which the view was shown has laid out its new list. */
  if (self->holding_scroll && gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    hold_scrolling (self, FALSE);
  /* A tall window may show more than the first step. */
  maybe_reveal (self);
  /* After the frame, the view has placed the inserted rows. */
  update_new_reports (self);
}

/* End goes to the last report of the list, not the last the view has been
 * told of: the view is told of all of them first, and then moves. */
static gboolean
on_list_key (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state, RasidWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  state &= gtk_accelerator_get_default_mod_mask ();

  if ((keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End) && n > 0)
    rasid_report_selection_reveal_to (self->selection, n - 1);
  /* Tab leaves the list for the next pane instead of walking its rows
   * (GTK 4.8's list view has no tab-behavior yet); arrows move in it. */
  if ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab || keyval == GDK_KEY_ISO_Left_Tab) &&
      (state & ~GDK_SHIFT_MASK) == 0)
    {
      gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK);

      if (!back)
        return gtk_widget_child_focus (GTK_WIDGET (self->article_view), GTK_DIR_TAB_FORWARD) ||
               gtk_widget_child_focus (GTK_WIDGET (self->sidebar), GTK_DIR_TAB_FORWARD);
      return (gtk_widget_get_visible (GTK_WIDGET (self->chips)) &&
              gtk_widget_child_focus (GTK_WIDGET (self->chips), GTK_DIR_TAB_BACKWARD)) ||
             gtk_widget_child_focus (GTK_WIDGET (self->sidebar), GTK_DIR_TAB_BACKWARD);
    }
  if ((keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && state == GDK_SHIFT_MASK)) && focus)
    {
      GtkWidget *row = gtk_widget_get_first_child (focus);
      GtkListItem *item = row ? g_object_get_data (G_OBJECT (row), "rasid-list-item") : NULL;

      if (item)
        {
          popup_row_menu (self, item, -1, -1);
          return GDK_EVENT_STOP;
        }
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_list_realize (GtkWidget *list_view, RasidWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (list_view), "after-paint", G_CALLBACK (on_list_painted),
                           self, 0);
}

static void
on_model_notify (GObject *model, GParamSpec *pspec, RasidWindow *self)
{
  _rasid_window_update_list_state (self);
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
  rasid_story_list_reload (self->story_list);
  rasid_sidebar_recount (self->sidebar);
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
  self->text_size = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->text_size),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_signal_connect_object (settings, "changed::text-scale", G_CALLBACK (apply_text_scale), self, 0);
  apply_text_scale (settings, "text-scale", self);

  self->model = rasid_report_model_new (store, rasid_application_get_facet_index (self->app));
  self->selection = rasid_report_selection_new (self->model);
  g_signal_connect (self->selection, "items-changed", G_CALLBACK (on_list_items_changed), self);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->list_scroller), "value-changed",
                    G_CALLBACK (on_list_scrolled), self);
  g_signal_connect (self->list_view, "realize", G_CALLBACK (on_list_realize), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_name (keys, "rasid-list-end");
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
  }
  g_signal_connect (self->model, "notify::n-items", G_CALLBACK (on_model_notify), self);
  g_signal_connect (self->model, "notify::loading", G_CALLBACK (on_model_notify), self);
  g_signal_connect (self->model, "replacing", G_CALLBACK (on_model_replacing), self);
  g_signal_connect (self->model, "replaced", G_CALLBACK (on_model_replaced), self);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
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
  _rasid_window_stories_setup (self);
  g_settings_bind (settings, "story-sort", self->story_list, "sort", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "story-min-outlets", self->story_list, "min-outlets", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-stories", self, "show-stories", G_SETTINGS_BIND_DEFAULT);

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
  gtk_widget_class_bind_template_callback (widget_class, on_new_reports_clicked);
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

  _rasid_window_class_filter_init (klass);
  _rasid_window_class_actions_init (klass);
  _rasid_window_class_stories_init (klass);
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
