/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window-filter.c: the desk's filter: the win.filter-* and
 * win.clear-* actions that change it, the search entry, and watches (a
 * filter saved under a name). The filter is a RasidDeskFilter; the
 * sidebar and the chips follow it themselves, and the window hands each
 * change to the report and story lists. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-store-async.h"
#include "rasid-util.h"
#include "rasid-window-private.h"

/* ---- filter -------------------------------------------------------------- */

/* The report and story lists take the query value itself. */
static void
on_filter_changed (RasidDeskFilter *filter, RasidWindow *self)
{
  rasid_report_model_set_filter (self->model, rasid_desk_filter_get_filter (filter));
  rasid_story_list_set_filter (self->story_list, rasid_desk_filter_get_filter (filter));
}

/* A watch, a chip or a clear changed the search: the entry says so. What
 * the entry itself set arrives here equal to its text. */
static void
on_query_changed (RasidDeskFilter *filter, GParamSpec *pspec, RasidWindow *self)
{
  const char *query = rasid_desk_filter_get_query (filter);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), query ? query : "") != 0)
    {
      g_clear_handle_id (&self->search_timeout, g_source_remove);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query ? query : "");
    }
}

/* Choosing the active filter again removes it. */
static const char *
toggled (const char *current, const char *chosen)
{
  return g_strcmp0 (current, chosen) == 0 ? NULL : chosen;
}

static void
action_filter_place (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidDeskFilter *filter = RASID_WINDOW (widget)->filter;

  rasid_desk_filter_set_place (filter, toggled (rasid_desk_filter_get_place (filter), g_variant_get_string (param, NULL)));
}

static void
action_filter_actor (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidDeskFilter *filter = RASID_WINDOW (widget)->filter;

  rasid_desk_filter_set_actor (filter, toggled (rasid_desk_filter_get_actor (filter), g_variant_get_string (param, NULL)));
}

static void
action_filter_event (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidDeskFilter *filter = RASID_WINDOW (widget)->filter;

  rasid_desk_filter_set_event (filter, toggled (rasid_desk_filter_get_event (filter), g_variant_get_string (param, NULL)));
}

static void
action_filter_source (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidDeskFilter *filter = RASID_WINDOW (widget)->filter;
  gint64 id = g_variant_get_int64 (param);

  rasid_desk_filter_set_source (filter, rasid_desk_filter_get_source (filter) == id ? 0 : id);
}

static void
action_filter_time (GtkWidget *widget, const char *name, GVariant *param)
{
  rasid_desk_filter_set_time_preset (RASID_WINDOW (widget)->filter, g_variant_get_string (param, NULL));
}

static void
action_filter_since (GtkWidget *widget, const char *name, GVariant *param)
{
  rasid_desk_filter_set_since (RASID_WINDOW (widget)->filter, g_variant_get_int64 (param));
}

static void
action_search_text (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  const char *text = g_variant_get_string (param, NULL);

  gtk_search_bar_set_search_mode (self->search_bar, *text != 0);
  rasid_desk_filter_set_query (self->filter, text);
}

static void
action_clear (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidDeskFilter *filter = RASID_WINDOW (widget)->filter;

  if (g_str_equal (name, "win.clear-filters"))
    rasid_desk_filter_clear (filter);
  else if (g_str_equal (name, "win.clear-place"))
    rasid_desk_filter_set_place (filter, NULL);
  else if (g_str_equal (name, "win.clear-actor"))
    rasid_desk_filter_set_actor (filter, NULL);
  else if (g_str_equal (name, "win.clear-event"))
    rasid_desk_filter_set_event (filter, NULL);
  else if (g_str_equal (name, "win.clear-search"))
    rasid_desk_filter_set_query (filter, NULL);
  else if (g_str_equal (name, "win.clear-source"))
    rasid_desk_filter_set_source (filter, 0);
  else if (g_str_equal (name, "win.clear-time"))
    rasid_desk_filter_set_time_preset (filter, "any");
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  RasidWindow *self = user_data;

  self->search_timeout = 0;
  rasid_desk_filter_set_query (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
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

/* ---- watches ------------------------------------------------------------- */

static void
on_watch_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rasid_store_write_finish (RASID_STORE (object), res, &error))
    g_warning ("Cannot change the watch: %s", error->message);
  rasid_sidebar_recount (self->sidebar);
}

/* What the filter selects, as its chips say it: a watch's suggested name,
 * an export's description. */
char *
_rasid_window_describe_filter (RasidWindow *self)
{
  return rasid_filter_chips_describe (self->chips, FALSE);
}

static void
on_save_watch_response (AdwMessageDialog *dialog, const char *response, RasidWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "save") && *name)
    rasid_window_save_watch (self, name);
}

/* Saves the current filter as a watch named @name. */
void
rasid_window_save_watch (RasidWindow *self, const char *name)
{
  g_return_if_fail (RASID_IS_WINDOW (self));
  g_return_if_fail (name && *name);
  rasid_store_add_watch_async (rasid_application_get_store (self->app), name, rasid_desk_filter_get_filter (self->filter),
                               NULL, on_watch_done, g_object_ref (self));
}

static void
action_save_watch (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  g_autofree char *suggestion = _rasid_window_describe_filter (self);
  GtkWidget *dialog, *entry;

  if (rasid_desk_filter_is_empty (self->filter))
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing to Watch"),
                                       _("Choose a place, a faction, an event type or a search first; a watch tells you when new reports match them."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save as Watch"),
                                   _("Rasid tells you when new reports match this filter."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), suggestion);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Watch name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_watch_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A watch is a saved filter: applying it sets the desk's filter to it. */
static void
action_apply_watch (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  GPtrArray *watches = rasid_sidebar_get_watches (self->sidebar);
  gint64 id = g_variant_get_int64 (param);

  for (guint i = 0; watches && i < watches->len; i++)
    {
      RasidWatch *w = g_ptr_array_index (watches, i);
      g_autoptr(RasidFilter) filter = NULL;

      if (w->id != id || (filter = rasid_filter_from_json (w->filter_json, NULL)) == NULL)
        continue;
      rasid_desk_filter_set_filter (self->filter, filter);
      g_hash_table_remove (self->notified, &id);
      rasid_store_mark_watch_seen_async (rasid_application_get_store (self->app), id, NULL,
                                         on_watch_done, g_object_ref (self));
      return;
    }
}

static void
action_remove_watch (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  rasid_store_remove_watch_async (rasid_application_get_store (self->app), g_variant_get_int64 (param), NULL,
                                  on_watch_done, g_object_ref (self));
}

/* After each of the sidebar's counts: the sources' titles for a source
 * chip, and one desktop notification per watch with new reports. */
static void
on_watches_changed (RasidSidebar *sidebar, RasidWindow *self)
{
  GPtrArray *watches = rasid_sidebar_get_watches (sidebar);

  rasid_filter_chips_set_sources (self->chips, rasid_sidebar_get_sources (sidebar));

  for (guint i = 0; watches && i < watches->len; i++)
    {
      RasidWatch *w = g_ptr_array_index (watches, i);
      gint64 told = GPOINTER_TO_INT (g_hash_table_lookup (self->notified, &w->id));
      g_autoptr(GNotification) note = NULL;
      g_autofree char *title = NULL, *body = NULL, *id = NULL;

      if (w->new_count <= told)
        continue;
      g_hash_table_insert (self->notified, g_memdup2 (&w->id, sizeof w->id), GINT_TO_POINTER ((int) w->new_count));
      title = g_strdup_printf (_("New reports for “%s”"), w->name);
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new report matches this watch.",
                                           "%u new reports match this watch.", (gulong) w->new_count), (guint) w->new_count);
      note = g_notification_new (title);
      g_notification_set_body (note, body);
      g_notification_set_default_action_and_target (note, "app.show-watch", "x", w->id);
      id = g_strdup_printf ("watch-%" G_GINT64_FORMAT, w->id);
      g_application_send_notification (G_APPLICATION (self->app), id, note);
    }
}

/* The lists, the sidebar and the chips follow the filter from now on. */
void
_rasid_window_filter_setup (RasidWindow *self)
{
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (on_filter_changed), self, 0);
  g_signal_connect_object (self->filter, "notify::query", G_CALLBACK (on_query_changed), self, 0);
  g_signal_connect (self->sidebar, "watches-changed", G_CALLBACK (on_watches_changed), self);
  /* "changed" runs its handlers in this order: the list's query and the
   * sidebar's count go to their workers before the chips are built on
   * this thread, so neither waits for the chips. */
  rasid_sidebar_set_filter (self->sidebar, self->filter);
  rasid_filter_chips_set_analyzer (self->chips, rasid_application_get_analyzer (self->app));
  rasid_filter_chips_set_filter (self->chips, self->filter);
  on_filter_changed (self->filter, self);
}

void
_rasid_window_class_filter_init (RasidWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
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
  gtk_widget_class_install_action (widget_class, "win.clear-source", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.clear-time", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.filter-source", "x", action_filter_source);
  gtk_widget_class_install_action (widget_class, "win.filter-time", "s", action_filter_time);
  gtk_widget_class_install_action (widget_class, "win.filter-since", "x", action_filter_since);
  /* The flags are the window's properties, kept equal to the filter's:
   * their actions have a state that rows and menus show. */
  gtk_widget_class_install_property_action (widget_class, "win.unread-only", "unread-only");
  gtk_widget_class_install_property_action (widget_class, "win.starred-only", "starred-only");
  gtk_widget_class_install_property_action (widget_class, "win.breaking-only", "breaking-only");
  gtk_widget_class_install_action (widget_class, "win.save-watch", NULL, action_save_watch);
  gtk_widget_class_install_action (widget_class, "win.apply-watch", "x", action_apply_watch);
  gtk_widget_class_install_action (widget_class, "win.remove-watch", "x", action_remove_watch);
  /* A window binding, not an application accelerator: those run before the
   * focused widget, and Ctrl+Backspace in the search entry deletes a word. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, GDK_CONTROL_MASK, "win.clear-filters", NULL);
  /* Likewise, so a slash typed into the search is text. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_slash, 0, "win.search", NULL);
}
