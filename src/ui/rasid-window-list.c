/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window-list.c: the desk's report list: its rows and their menu,
 * what the header and the empty page say about it, telling the view of
 * more rows as it nears their end (read in a worker first), the button for
 * reports that arrived above the rows in view, and holding the scroll bar
 * while a new list awaits its layout. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-report-row.h"
#include "rasid-window-private.h"

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

/* Called once the window has its application: the list's model, rows and
 * the signals it follows. */
void
_rasid_window_list_setup (RasidWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

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
}

void
_rasid_window_class_list_init (RasidWindowClass *klass)
{
  gtk_widget_class_bind_template_callback (GTK_WIDGET_CLASS (klass), on_new_reports_clicked);
}
