/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-preferences.c: refresh, retention and appearance settings, and the
 * sources an analyst follows with their health (the cause of a failure in
 * the UI's language, the library's message in the tooltip): add through
 * RasidAddSourceDialog, enable or disable, remove, and OPML in and out.
 * Every database write runs in a worker thread. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-add-source-dialog.h"
#include "rasid-dates.h"
#include "rasid-opml.h"
#include "rasid-preferences.h"
#include "rasid-source-health.h"
#include "rasid-store-async.h"
#include "rasid-util.h"

#include <string.h>

struct _RasidPreferences {
  AdwPreferencesWindow parent_instance;

  AdwPreferencesGroup *sources_group;
  AdwActionRow        *add_row;
  GtkSwitch           *auto_refresh_switch;
  GtkSpinButton       *interval_spin;
  GtkSpinButton       *retention_spin;
  GtkSpinButton       *ticker_spin;
  GtkSpinButton       *text_scale_spin;
  AdwComboRow         *direction_row;
  AdwComboRow         *scheme_row;

  RasidApplication    *app;
  GPtrArray           *rows;       /* source rows currently shown */
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (RasidPreferences, rasid_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void reload_sources (RasidPreferences *self);

/* ---- database work, through the store's named calls (each in a worker) ---- */

static RasidStore *
get_store (RasidPreferences *self)
{
  return rasid_application_get_store (self->app);
}

static void
toast (RasidPreferences *self, const char *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static void
toast_error (RasidPreferences *self, const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
show_sources (RasidPreferences *self, GPtrArray *sources);

static void
on_sources_listed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = rasid_store_list_sources_finish (RASID_STORE (object), res, &error);

  if (sources == NULL)
    toast_error (self, error);
  else
    show_sources (self, sources);
}

static void
reload_sources (RasidPreferences *self)
{
  rasid_store_list_sources_async (get_store (self), self->cancellable, on_sources_listed, g_object_ref (self));
}

/* After any change to the sources, the list shows them as they are now. */
static void
on_source_written (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rasid_store_write_finish (RASID_STORE (object), res, &error))
    toast_error (self, error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    reload_sources (self);
}

static void
on_opml_imported (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 count = rasid_store_import_opml_finish (RASID_STORE (object), res, &error);

  if (count < 0)
    {
      toast_error (self, error);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u source imported",
                                                          "%u sources imported", (gulong) count), (guint) count);
    toast (self, text);
  }
  reload_sources (self);
}

static void
on_opml_written (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), res, NULL, &error))
    toast_error (self, error);
  else
    toast (self, _("Sources exported"));
}

static void
on_sources_for_opml (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = rasid_store_list_sources_finish (RASID_STORE (object), res, &error);
  GFile *file = g_object_get_data (G_OBJECT (self), "opml-file");
  g_autoptr(GBytes) bytes = NULL;
  char *opml;

  if (sources == NULL)
    {
      toast_error (self, error);
      return;
    }
  opml = rasid_opml_build (sources, "Rasid sources");
  bytes = g_bytes_new_take (opml, strlen (opml));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, on_opml_written, g_object_ref (self));
}

/* ---- the source rows ------------------------------------------------------ */

static void
on_enabled_changed (GtkSwitch *sw, GParamSpec *pspec, RasidPreferences *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (sw), "source-id");

  rasid_store_set_source_enabled_async (get_store (self), id, gtk_switch_get_active (sw), self->cancellable,
                                        on_source_written, g_object_ref (self));
}

static void
on_remove_clicked (GtkButton *button, RasidPreferences *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "source-id");

  rasid_store_remove_source_async (get_store (self), id, self->cancellable, on_source_written, g_object_ref (self));
}

static char *
health_text (RasidSource *s)
{
  g_autofree char *ok = s->last_success ? rasid_format_absolute (s->last_success) : NULL;

  if (s->last_error)
    {
      g_autofree char *cause = rasid_source_cause_describe (rasid_source_cause_from_string (s->last_error_kind),
                                                           (guint) MAX (s->last_status, 0));
      /* Translators: a source's health: why its last fetch failed, then its last success */
      return g_strdup_printf (_("Failing: %s · last success: %s"), cause, ok ? ok : _("never"));
    }
  if (ok && s->last_warning)
    /* Translators: a source's health: fetched, but the feed was malformed and read in part */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fetched %s · %u report · the feed is malformed and was read in part",
                                         "Fetched %s · %u reports · the feed is malformed and was read in part",
                                         (gulong) s->report_count), ok, (guint) s->report_count);
  if (ok)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fetched %s · %u report", "Fetched %s · %u reports",
                                         (gulong) s->report_count), ok, (guint) s->report_count);
  return g_strdup (_("Not fetched yet"));
}

/* Working sources first, then those not fetched yet, failing ones last;
 * the newest first within each, so a source just added is at the top. */
static int
source_rank (const RasidSource *s)
{
  return s->last_error ? 2 : s->last_fetch == 0 ? 1 : 0;
}

static gint
compare_sources (gconstpointer a, gconstpointer b)
{
  const RasidSource *x = *(RasidSource **) a, *y = *(RasidSource **) b;
  int rx = source_rank (x), ry = source_rank (y);

  if (rx != ry)
    return rx - ry;
  return (y->id > x->id) - (y->id < x->id);
}

static void
show_sources (RasidPreferences *self, GPtrArray *sources)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->sources_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (sources)
    g_ptr_array_sort (sources, compare_sources);
  for (guint i = 0; sources && i < sources->len; i++)
    {
      RasidSource *s = g_ptr_array_index (sources, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *health = health_text (s);
      g_autofree char *subtitle = g_markup_printf_escaped ("%s\n%s", s->url, health);
      g_autofree char *title = g_markup_escape_text (s->title ? s->title : s->url, -1);
      g_autofree char *remove_tip = g_strdup_printf (_("Stop following %s"), s->title ? s->title : s->url);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      if (s->last_error)
        gtk_widget_add_css_class (row, "source-failing");
      /* The library's own words, for whoever needs them. */
      if (s->last_error || s->last_warning)
        gtk_widget_set_tooltip_text (row, s->last_error ? s->last_error : s->last_warning);
      gtk_switch_set_active (GTK_SWITCH (sw), s->enabled);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (sw, _("Fetch this source"));
      {
        /* Each switch says whose it is: a screen reader reads them in a row. */
        /* Translators: the accessible name of a source's on/off switch */
        g_autofree char *fetch_name = g_strdup_printf (_("Fetch %s"), s->title ? s->title : s->url);
        gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, fetch_name, -1);
      }
      g_object_set_data_full (G_OBJECT (sw), "source-id", g_memdup2 (&s->id, sizeof s->id), g_free);
      g_signal_connect (sw, "notify::active", G_CALLBACK (on_enabled_changed), self);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_tip, -1);
      g_object_set_data_full (G_OBJECT (remove), "source-id", g_memdup2 (&s->id, sizeof s->id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->sources_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

/* ---- adding ---------------------------------------------------------------- */

static void
on_add_activated (RasidPreferences *self)
{
  RasidAddSourceDialog *dialog = rasid_add_source_dialog_new (self->app, GTK_WINDOW (self));

  g_signal_connect_object (dialog, "sources-changed", G_CALLBACK (reload_sources), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- OPML ------------------------------------------------------------------ */

static void
on_opml_chosen (GtkNativeDialog *dialog, int response, RasidPreferences *self)
{
  gboolean export = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "export"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (export)
        {
          g_object_set_data_full (G_OBJECT (self), "opml-file", g_object_ref (file), g_object_unref);
          rasid_store_list_sources_async (get_store (self), self->cancellable, on_sources_for_opml, g_object_ref (self));
        }
      else if (path)
        rasid_store_import_opml_async (get_store (self), path, self->cancellable, on_opml_imported, g_object_ref (self));
    }
  g_object_unref (dialog);
}

static void
choose_opml (RasidPreferences *self, gboolean export)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  /* GtkFileDialog is GTK 4.10; Debian 12 has 4.8. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_file_chooser_native_new (export ? _("Export Sources") : _("Import Sources"), GTK_WINDOW (self),
                                        export ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        export ? _("_Export") : _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("OPML source lists"));
  gtk_file_filter_add_pattern (filter, "*.opml");
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (export)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "rasid-sources.opml");
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_object_set_data (G_OBJECT (dialog), "export", GINT_TO_POINTER (export));
  g_signal_connect (dialog, "response", G_CALLBACK (on_opml_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_import_clicked (GtkButton *button, RasidPreferences *self)
{
  choose_opml (self, FALSE);
}

static void
on_export_clicked (GtkButton *button, RasidPreferences *self)
{
  choose_opml (self, TRUE);
}

/* ---- settings ------------------------------------------------------------- */

static gboolean
enum_to_selected (GValue *value, GVariant *variant, gpointer user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i]; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_enum (const GValue *value, const GVariantType *type, gpointer user_data)
{
  const char * const *nicks = user_data;
  guint i = g_value_get_uint (value);

  return i < g_strv_length ((char **) nicks) ? g_variant_new_string (nicks[i]) : NULL;
}

static void
rasid_preferences_dispose (GObject *object)
{
  RasidPreferences *self = RASID_PREFERENCES (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (rasid_preferences_parent_class)->dispose (object);
}

static void
rasid_preferences_class_init (RasidPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_preferences_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, sources_group);
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, add_row);
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, auto_refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, ticker_spin);
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, text_scale_spin);
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, direction_row);
  gtk_widget_class_bind_template_child (widget_class, RasidPreferences, scheme_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
}

/* AdwPreferencesWindow's own search entry has no name but its type's. */
static void
name_search_entries (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Search preferences"), -1);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    name_search_entries (c);
}

static void
rasid_preferences_init (RasidPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  name_search_entries (GTK_WIDGET (self));
}

RasidPreferences *
rasid_preferences_new (RasidApplication *app, GtkWindow *parent)
{
  static const char *directions[] = { "auto", "rtl", "ltr", NULL };
  static const char *schemes[] = { "default", "light", "dark", NULL };
  RasidPreferences *self = g_object_new (RASID_TYPE_PREFERENCES, "transient-for", parent,
                                         "application", app, NULL);
  GSettings *settings = rasid_application_get_settings (app);

  self->app = app;
  g_settings_bind (settings, "auto-refresh", self->auto_refresh_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "refresh-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "retention-days", self->retention_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "ticker-speed", self->ticker_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "text-scale", self->text_scale_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "text-direction", self->direction_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) directions, NULL);
  g_settings_bind_with_mapping (settings, "color-scheme", self->scheme_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) schemes, NULL);
  reload_sources (self);
  return self;
}
