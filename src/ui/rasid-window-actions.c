/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window-actions.c: what the desk does to reports: open, star and
 * mark them, one or the selection, move through the list, copy and open
 * links; and the sources' dialogs. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-add-source-dialog.h"
#include "rasid-preferences.h"
#include "rasid-store-async.h"
#include "rasid-util.h"
#include "rasid-window-private.h"

/* ---- selection and report state ------------------------------------------ */

static void
on_flags_saved (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rasid_store_write_finish (RASID_STORE (object), res, &error))
    g_warning ("Cannot save the report state: %s", error->message);
}

/* Writes go to a worker: a fetch may hold the write lock for a moment. */
static void
save_flags (RasidWindow *self, RasidReport *report, int read, int starred)
{
  if (read >= 0)
    rasid_report_set_read (report, read);
  if (starred >= 0)
    rasid_report_set_starred (report, starred);
  rasid_store_set_flags_async (rasid_application_get_store (self->app), rasid_report_get_id (report), read, starred,
                               NULL, on_flags_saved, NULL);
}

static RasidReport *
current_report (RasidWindow *self)
{
  return rasid_article_view_get_report (self->article_view);
}

/* A link to open or copy only when the open report has a web link. */
static void
update_link_actions (RasidWindow *self)
{
  RasidReport *report = current_report (self);
  gboolean web = report && rasid_link_is_web (rasid_report_get_link (report));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-original", web);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-link", web);
}

void
_rasid_window_show_report (RasidWindow *self, RasidReport *report)
{
  rasid_article_view_set_report (self->article_view, report);
  /* The open report's changes (a refresh rewrote it) reach the actions
   * through the group, which lets go of the report shown before. */
  g_signal_group_set_target (self->report_signals, report);
  update_link_actions (self);
  if (report && !rasid_report_get_read (report))
    save_flags (self, report, TRUE, -1);
}

guint
_rasid_window_n_selected (RasidWindow *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return (guint) gtk_bitset_get_size (selected);
}

/* Calls @func on each selected report; returns how many there were. */
static guint
foreach_selected (RasidWindow *self, void (*func) (RasidWindow *, RasidReport *, gpointer), gpointer data)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter it;
  guint pos, n = 0;

  for (gboolean ok = gtk_bitset_iter_init_first (&it, selected, &pos); ok; ok = gtk_bitset_iter_next (&it, &pos))
    {
      g_autoptr(RasidReport) report = g_list_model_get_item (G_LIST_MODEL (self->model), pos);
      if (report)
        {
          func (self, report, data);
          n++;
        }
    }
  return n;
}

static void
count_unread_unstarred (RasidWindow *self, RasidReport *report, gpointer data)
{
  guint *counts = data;

  counts[0] += !rasid_report_get_read (report);
  counts[1] += !rasid_report_get_starred (report);
}

/* Several selected reports: a bar under the list counts them and acts on
 * them, and the window's subtitle says how many. */
static void
update_selection_ui (RasidWindow *self)
{
  guint n = _rasid_window_n_selected (self);
  guint counts[2] = { 0, 0 };
  g_autofree char *text = NULL;
  const char *read_text, *star_text;

  _rasid_window_update_list_state (self);
  gtk_action_bar_set_revealed (self->selection_bar, n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-none", n > 0);
  if (n <= 1)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected", n), n);
  gtk_label_set_text (self->selection_label, text);
  foreach_selected (self, count_unread_unstarred, counts);
  read_text = counts[0] > 0 ? _("Mark as Read") : _("Mark as Unread");
  star_text = counts[1] > 0 ? _("Star") : _("Remove Star");
  gtk_button_set_label (self->selection_read_button, read_text);
  gtk_button_set_label (self->selection_star_button, star_text);
}

static void
set_read_cb (RasidWindow *self, RasidReport *report, gpointer data)
{
  if (rasid_report_get_read (report) != GPOINTER_TO_INT (data))
    save_flags (self, report, GPOINTER_TO_INT (data), -1);
}

static void
set_starred_cb (RasidWindow *self, RasidReport *report, gpointer data)
{
  if (rasid_report_get_starred (report) != GPOINTER_TO_INT (data))
    save_flags (self, report, -1, GPOINTER_TO_INT (data));
}

/* Marks the selection read, or unread when all of it is read already;
 * stars likewise. */
static void
action_selection_flag (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  guint counts[2] = { 0, 0 };

  foreach_selected (self, count_unread_unstarred, counts);
  if (g_str_equal (name, "win.mark-selection-read"))
    foreach_selected (self, set_read_cb, GINT_TO_POINTER (counts[0] > 0));
  else
    foreach_selected (self, set_starred_cb, GINT_TO_POINTER (counts[1] > 0));
  update_selection_ui (self);
}

static void
action_select_none (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

static void
on_selection_changed (GtkSelectionModel *model, guint position, guint n_items, RasidWindow *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);
  g_autoptr(RasidReport) report = NULL;

  update_selection_ui (self);
  if (gtk_bitset_get_size (selected) != 1)
    return;
  report = g_list_model_get_item (G_LIST_MODEL (model), gtk_bitset_get_minimum (selected));
  _rasid_window_show_report (self, report);
}

void
rasid_window_select (RasidWindow *self, guint position)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  /* A report further down than the view has been told of. */
  rasid_report_selection_reveal_to (self->selection, position);
  /* Through the view's action, not the model: the view then extends a
   * selection (Shift+Down) from this row, not from the last one clicked. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.select-item", "(ubb)", position, FALSE, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
move_selection (RasidWindow *self, int delta)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
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

  if (rasid_link_is_web (link))
    gtk_show_uri (GTK_WINDOW (self), link, GDK_CURRENT_TIME);
}

static void
action_copy_link (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  RasidReport *report = current_report (self);
  const char *link = report ? rasid_report_get_link (report) : NULL;

  if (!rasid_link_is_web (link))
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), link);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Link copied")));
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
    _rasid_window_show_report (self, report);
}

/* ---- sources ------------------------------------------------------------- */

static void
action_add_source (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (rasid_add_source_dialog_new (self->app, GTK_WINDOW (self))));
}

/* From the desk's source strip: the sources, failing ones among them. */
static void
action_show_sources (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  RasidPreferences *prefs = rasid_preferences_new (self->app, GTK_WINDOW (self));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sources");
  gtk_window_present (GTK_WINDOW (prefs));
}

void
_rasid_window_actions_setup (RasidWindow *self)
{
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->ticker, "report-activated", G_CALLBACK (on_ticker_activated), self);
  self->report_signals = g_signal_group_new (RASID_TYPE_REPORT);
  g_signal_group_connect_swapped (self->report_signals, "changed", G_CALLBACK (update_link_actions), self);
}

void
_rasid_window_class_actions_init (RasidWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.add-source", NULL, action_add_source);
  gtk_widget_class_install_action (widget_class, "win.show-sources", NULL, action_show_sources);
  gtk_widget_class_install_action (widget_class, "win.next-report", NULL, action_move);
  gtk_widget_class_install_action (widget_class, "win.previous-report", NULL, action_move);
  gtk_widget_class_install_action (widget_class, "win.toggle-read", NULL, action_toggle_flag);
  gtk_widget_class_install_action (widget_class, "win.toggle-star", NULL, action_toggle_flag);
  gtk_widget_class_install_action (widget_class, "win.open-original", NULL, action_open_original);
  gtk_widget_class_install_action (widget_class, "win.copy-link", NULL, action_copy_link);
  gtk_widget_class_install_action (widget_class, "win.select-none", NULL, action_select_none);
  gtk_widget_class_install_action (widget_class, "win.mark-selection-read", NULL, action_selection_flag);
  gtk_widget_class_install_action (widget_class, "win.star-selection", NULL, action_selection_flag);

  /* Single keys, as the window's bindings: they run after the focused
   * widget has had the key, so a letter typed into the search entry is
   * text, and everywhere else in the window it acts on the reports. An
   * application accelerator would run first and take the letter. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "win.next-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "win.next-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "win.previous-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "win.previous-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "win.toggle-read", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.toggle-star", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "win.open-original", NULL);
}
