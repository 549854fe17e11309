/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-application.c: opens the cache and the analyser once, keeps the
 * settings, sets the reading direction and colour scheme, and creates the
 * desk window. A cache that cannot be opened gets a dialog, never a repair. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-application.h"
#include "rasid-preferences.h"
#include "rasid-window.h"

struct _RasidApplication {
  AdwApplication  parent_instance;
  GSettings      *settings;
  RasidStore     *store;
  RasidFacetIndex *facet_index;
  RasidAnalyzer  *analyzer;
  RasidIngest    *ingest;
  char           *db_path;
  gboolean        offline;
};

G_DEFINE_FINAL_TYPE (RasidApplication, rasid_application, ADW_TYPE_APPLICATION)

static const char *rtl_languages[] = { "ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug", NULL };

/* GTK derives the direction from its own translations; Rasid decides from
 * the UI language itself, so Arabic is right-to-left even where GTK's
 * catalogue is missing, and the user may force either direction. */
static void
apply_direction (RasidApplication *self)
{
  int mode = g_settings_get_enum (self->settings, "text-direction");
  GtkTextDirection dir = GTK_TEXT_DIR_LTR;

  if (mode == 1)
    dir = GTK_TEXT_DIR_RTL;
  else if (mode == 0)
    {
      const char * const *langs = g_get_language_names ();
      g_autofree char *lang = g_strdup (langs && langs[0] ? langs[0] : "C");
      char *cut = strpbrk (lang, "_.@");

      if (cut)
        *cut = 0;
      if (g_strv_contains (rtl_languages, lang))
        dir = GTK_TEXT_DIR_RTL;
    }
  gtk_widget_set_default_direction (dir);
}

static void
apply_color_scheme (RasidApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  int scheme = g_settings_get_enum (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[CLAMP (scheme, 0, 2)]);
}

static void
on_setting_changed (GSettings *settings, const char *key, RasidApplication *self)
{
  if (g_str_equal (key, "text-direction"))
    apply_direction (self);
  else if (g_str_equal (key, "color-scheme"))
    apply_color_scheme (self);
}

static void
rasid_application_finalize (GObject *object)
{
  RasidApplication *self = RASID_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->ingest);
  g_clear_object (&self->analyzer);
  g_clear_object (&self->facet_index);
  g_clear_object (&self->store);
  g_free (self->db_path);
  G_OBJECT_CLASS (rasid_application_parent_class)->finalize (object);
}

static void
on_error_response (AdwMessageDialog *dialog, const char *response, RasidApplication *self)
{
  g_application_release (G_APPLICATION (self));
}

/* A fatal start-up problem, explained to the user. The file stays as it was. */
static void
show_fatal (RasidApplication *self, const char *heading, const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (on_error_response), self);
  g_application_hold (G_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
open_cache (RasidApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = self->db_path ? g_strdup (self->db_path) : rasid_store_default_path ();

  self->store = rasid_store_open (path, &error);
  if (self->store == NULL)
    {
      g_autofree char *body = NULL;
      const char *why;

      if (g_error_matches (error, RASID_STORE_ERROR, RASID_STORE_ERROR_NEWER))
        why = _("It was written by a newer version of Rasid. Update Rasid to open it.");
      else if (g_error_matches (error, RASID_STORE_ERROR, RASID_STORE_ERROR_CORRUPT))
        why = _("The file is damaged. Restore it from a backup, or start Rasid with another database using --db.");
      else if (g_error_matches (error, RASID_STORE_ERROR, RASID_STORE_ERROR_LOCKED))
        why = _("Another program is using it. Close that program and start Rasid again.");
      else
        why = _("Check that the folder exists and can be written.");
      body = g_strdup_printf (_("%s\n\nThe file was not changed: %s\n\nDetails: %s"), why, path, error->message);
      show_fatal (self, _("Cannot Open the Report Cache"), body);
      return FALSE;
    }

  self->analyzer = rasid_analyzer_new_default (&error);
  if (self->analyzer == NULL)
    {
      show_fatal (self, _("Cannot Load the Gazetteer"), error->message);
      return FALSE;
    }
  self->facet_index = rasid_facet_index_new ();
  self->ingest = rasid_ingest_new (path, self->analyzer);
  rasid_ingest_set_network_enabled (self->ingest, !self->offline);
  return TRUE;
}

static void
rasid_application_activate (GApplication *app)
{
  RasidApplication *self = RASID_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      if (self->store == NULL && !open_cache (self))
        return;
      window = GTK_WINDOW (rasid_window_new (self));
    }
  gtk_window_present (window);
}

static int
rasid_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  RasidApplication *self = RASID_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("rasid %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      if (*db == 0)
        {
          g_printerr ("rasid: --db needs a path\n");
          return 2;
        }
      self->db_path = g_canonicalize_filename (db, NULL);
    }
  self->offline = g_variant_dict_contains (options, "offline");
  return -1;
}

static void
action_quit (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing the windows saves their state and cancels their work. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (app);
}

static void
action_about (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Rasid developers"), NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", gtk_application_get_active_window (app),
                "application-name", _("Rasid"),
                "application-icon", APP_ID,
                "developer-name", _("The Rasid developers"),
                "version", PACKAGE_VERSION,
                "comments", _("Watch Arabic-language conflict reporting: a live ticker, reports read for places and factions, filters and export."),
                "website", "https://github.com/rasid/rasid",
                "issue-url", "https://github.com/rasid/rasid/issues",
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                "translator-credits", _("translator-credits"),
                NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Gazetteer"),
                                      _("Place names and P-codes compiled from public facts about Syria's administrative divisions (UN OCHA COD-AB)."),
                                      GTK_LICENSE_UNKNOWN, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
action_preferences (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  RasidApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->store)
    gtk_window_present (GTK_WINDOW (rasid_preferences_new (self, parent)));
}

/* From a watch notification: open that watch in the desk. */
static void
action_show_watch (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (app);
  if (window)
    gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.apply-watch", param);
}

static void
rasid_application_startup (GApplication *app)
{
  RasidApplication *self = RASID_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "quit", action_quit },
    { "about", action_about },
    { "show-watch", action_show_watch, "x" },
    { "preferences", action_preferences },
  };
  /* Only keys with a modifier: application accelerators run before the
   * focused widget, so a single letter here would never reach the search
   * entry. The window binds single keys itself (rasid-window-actions.c). */
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.refresh", { "<Control>r", "F5", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.show-stories", { "<Control><Shift>s", NULL } },
    { "win.show-trends", { "<Control><Shift>t", NULL } },
    { "win.add-source", { "<Control>n", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (rasid_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_setting_changed), self);
  apply_direction (self);
  apply_color_scheme (self);
}

static void
rasid_application_class_init (RasidApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rasid_application_finalize;
  app_class->activate = rasid_application_activate;
  app_class->startup = rasid_application_startup;
  app_class->handle_local_options = rasid_application_handle_local_options;
}

static void
rasid_application_init (RasidApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use this report database instead of the default"), N_("PATH") },
    { "offline", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Do not fetch network sources; only bundled and local ones"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

RasidApplication *
rasid_application_new (void)
{
  return g_object_new (RASID_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/rasid/Rasid",
                       NULL);
}

RasidStore *rasid_application_get_store (RasidApplication *self) { return self->store; }
RasidIngest *rasid_application_get_ingest (RasidApplication *self) { return self->ingest; }
RasidAnalyzer *rasid_application_get_analyzer (RasidApplication *self) { return self->analyzer; }

/* Shared by the report list, the ticker and the sidebar: read once. */
RasidFacetIndex *rasid_application_get_facet_index (RasidApplication *self) { return self->facet_index; }
GSettings *rasid_application_get_settings (RasidApplication *self) { return self->settings; }
gboolean rasid_application_get_offline (RasidApplication *self) { return self->offline; }
