/* rasid-window-filter.c: the desk's filter: the win.filter-* and
 * win.clear-* actions, the search entry, the chips that show the active
 * filter, and watches (a filter saved under a name). */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-dates.h"
#include "rasid-store-async.h"
#include "rasid-util.h"
#include "rasid-window-private.h"

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
  if (self->filter->source_id)
    {
      /* The sidebar has read the sources (in a worker); until it has, a
       * generic name, and its next count puts the real one. */
      const char *title = rasid_sidebar_get_source_title (self->sidebar, self->filter->source_id);
      add_filter_chip (self, title ? title : _("Source"), "win.clear-source");
    }
  if (self->filter->since || self->filter->until)
    {
      g_autofree char *label = NULL;

      if (g_strcmp0 (self->time_preset, "1h") == 0)
        label = g_strdup (_("Last hour"));
      else if (g_strcmp0 (self->time_preset, "24h") == 0)
        label = g_strdup (_("Last 24 hours"));
      else if (g_strcmp0 (self->time_preset, "7d") == 0)
        label = g_strdup (_("Last 7 days"));
      else
        {
          g_autofree char *when = rasid_format_absolute (self->filter->since);
          /* Translators: a time filter, "since <date>" */
          label = g_strdup_printf (_("Since %s"), when);
        }
      add_filter_chip (self, label, "win.clear-time");
    }
  if (self->filter->unread_only)
    add_filter_chip (self, _("Unread only"), "win.unread-only");
  if (self->filter->starred_only)
    add_filter_chip (self, _("Starred only"), "win.starred-only");
  if (self->filter->breaking_only)
    add_filter_chip (self, C_("news", "Breaking only"), "win.breaking-only");
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), !rasid_filter_is_empty (self->filter));
}

void
_rasid_window_apply_filter (RasidWindow *self)
{
  rasid_report_model_set_filter (self->model, self->filter);
  rasid_story_list_set_filter (self->story_list, self->filter);
  rasid_sidebar_update (self->sidebar, self->filter, self->time_preset);
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
  _rasid_window_apply_filter (self);
}

static void
action_filter_actor (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  set_text_field (&self->filter->actor_id, g_variant_get_string (param, NULL));
  _rasid_window_apply_filter (self);
}

static void
action_filter_event (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  set_text_field (&self->filter->event, g_variant_get_string (param, NULL));
  _rasid_window_apply_filter (self);
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
  _rasid_window_apply_filter (self);
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
  if (g_str_equal (name, "win.clear-source") || g_str_equal (name, "win.clear-filters"))
    self->filter->source_id = 0;
  if (g_str_equal (name, "win.clear-time") || g_str_equal (name, "win.clear-filters"))
    {
      self->filter->since = self->filter->until = 0;
      g_free (self->time_preset);
      self->time_preset = g_strdup ("any");
    }
  if (g_str_equal (name, "win.clear-filters"))
    self->filter->unread_only = self->filter->starred_only = self->filter->breaking_only = FALSE;
  _rasid_window_apply_filter (self);
}

static void
action_filter_source (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);

  self->filter->source_id = self->filter->source_id == id ? 0 : id;
  _rasid_window_apply_filter (self);
}

static void
action_filter_time (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  const char *preset = g_variant_get_string (param, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  self->filter->until = 0;
  if (g_str_equal (preset, "1h"))
    self->filter->since = now - 3600;
  else if (g_str_equal (preset, "24h"))
    self->filter->since = now - 86400;
  else if (g_str_equal (preset, "7d"))
    self->filter->since = now - 7 * 86400;
  else
    {
      preset = "any";
      self->filter->since = 0;
    }
  g_free (self->time_preset);
  self->time_preset = g_strdup (preset);
  _rasid_window_apply_filter (self);
}

static void
action_filter_since (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  self->filter->since = g_variant_get_int64 (param);
  self->filter->until = 0;
  g_free (self->time_preset);
  self->time_preset = g_strdup ("custom");
  _rasid_window_apply_filter (self);
}

static void
action_toggle_state_filter (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  if (g_str_equal (name, "win.unread-only"))
    self->filter->unread_only = !self->filter->unread_only;
  else if (g_str_equal (name, "win.starred-only"))
    self->filter->starred_only = !self->filter->starred_only;
  else
    self->filter->breaking_only = !self->filter->breaking_only;
  _rasid_window_apply_filter (self);
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
      _rasid_window_apply_filter (self);
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

/* ---- watches ------------------------------------------------------------- */

static void
on_watch_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rasid_store_write_finish (RASID_STORE (object), res, &error))
    g_warning ("Cannot change the watch: %s", error->message);
  rasid_sidebar_update (self->sidebar, self->filter, self->time_preset);
}

/* A name that says what the watch selects, as a starting suggestion. */
char *
_rasid_window_describe_filter (RasidWindow *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box)); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (child)));
      if (out->len)
        g_string_append (out, " · ");
      g_string_append (out, gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
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
  g_return_if_fail (name && *name);
  rasid_store_add_watch_async (rasid_application_get_store (self->app), name, self->filter, NULL,
                               on_watch_done, g_object_ref (self));
}

static void
action_save_watch (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  g_autofree char *suggestion = _rasid_window_describe_filter (self);
  GtkWidget *dialog, *entry;

  if (rasid_filter_is_empty (self->filter))
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
      rasid_filter_free (self->filter);
      self->filter = g_steal_pointer (&filter);
      g_free (self->time_preset);
      self->time_preset = g_strdup ("any");
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), self->filter->query ? self->filter->query : "");
      _rasid_window_apply_filter (self);
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

/* New reports for a watch raise one desktop notification per watch. */
static void
on_watches_changed (RasidSidebar *sidebar, RasidWindow *self)
{
  GPtrArray *watches = rasid_sidebar_get_watches (sidebar);

  if (self->filter->source_id)
    update_chips (self);

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

void
_rasid_window_filter_setup (RasidWindow *self)
{
  g_signal_connect (self->sidebar, "watches-changed", G_CALLBACK (on_watches_changed), self);
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
  gtk_widget_class_install_action (widget_class, "win.unread-only", NULL, action_toggle_state_filter);
  gtk_widget_class_install_action (widget_class, "win.starred-only", NULL, action_toggle_state_filter);
  gtk_widget_class_install_action (widget_class, "win.breaking-only", NULL, action_toggle_state_filter);
  gtk_widget_class_install_action (widget_class, "win.save-watch", NULL, action_save_watch);
  gtk_widget_class_install_action (widget_class, "win.apply-watch", "x", action_apply_watch);
  gtk_widget_class_install_action (widget_class, "win.remove-watch", "x", action_remove_watch);
  /* A window binding, not an application accelerator: those run before the
   * focused widget, and Ctrl+Backspace in the search entry deletes a word. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, GDK_CONTROL_MASK, "win.clear-filters", NULL);
}
