/* rasid-window.c: the desk: ticker, report list, article view and filter
 * sidebar. The window owns the filter; everything that changes it is an
 * action (win.filter-place …), so chips, sidebar rows, shortcuts and tests
 * all go the same way. Refreshes run in the background with progress. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-dates.h"
#include "rasid-export.h"
#include "rasid-report-row.h"
#include "rasid-report-selection.h"
#include "rasid-add-source-dialog.h"
#include "rasid-preferences.h"
#include "rasid-source-status.h"
#include "rasid-story-list.h"
#include "rasid-story-view.h"
#include "rasid-util.h"
#include "rasid-window.h"
#include "rasid-store-async.h"

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
  GtkBox            *chips_box;
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
  RasidFilter       *filter;
  GCancellable      *cancellable;
  GNetworkMonitor   *monitor;
  guint              refresh_timer;
  guint              search_timeout;
  gboolean           busy;
  guint              failed_sources;
  char              *time_preset;     /* "any", "1h", "24h", "7d" or "custom" */
  GtkCssProvider    *text_size;
  GHashTable        *notified;        /* watch id → new count already notified */
};

G_DEFINE_FINAL_TYPE (RasidWindow, rasid_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_SHOW_STORIES, N_PROPS };
static GParamSpec *properties[N_PROPS];


static void refresh (RasidWindow *self, RasidRefreshFlags flags);
static void update_list_state (RasidWindow *self);
static void show_report (RasidWindow *self, RasidReport *report);

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

static void
apply_filter (RasidWindow *self)
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
  apply_filter (self);
}

static void
action_filter_source (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);

  self->filter->source_id = self->filter->source_id == id ? 0 : id;
  apply_filter (self);
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
  apply_filter (self);
}

static void
action_filter_since (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  self->filter->since = g_variant_get_int64 (param);
  self->filter->until = 0;
  g_free (self->time_preset);
  self->time_preset = g_strdup ("custom");
  apply_filter (self);
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
static char *
describe_filter (RasidWindow *self)
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
  g_autofree char *suggestion = describe_filter (self);
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
      apply_filter (self);
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

/* ---- export --------------------------------------------------------------- */

static const RasidExportFormat export_formats[] = {
  RASID_EXPORT_CSV, RASID_EXPORT_XLSX, RASID_EXPORT_PDF, RASID_EXPORT_HTML,
  RASID_EXPORT_MARKDOWN, RASID_EXPORT_JSON, RASID_EXPORT_GEOJSON,
};

typedef struct {
  RasidWindow        *self;
  GArray             *ids;
  RasidExportOptions *options;
  char               *path;
} ExportRequest;

static void
export_request_free (ExportRequest *req)
{
  g_clear_pointer (&req->ids, g_array_unref);
  g_clear_pointer (&req->options, rasid_export_options_free);
  g_free (req->path);
  g_free (req);
}

static void
on_export_progress (guint done, guint total, gpointer user_data)
{
  RasidWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->progress, total ? (double) done / total : 0.0);
}

static void
end_export (RasidWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_export_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
  g_clear_object (&self->export_cancellable);
}

static void
on_export_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  ExportRequest *req = user_data;
  RasidWindow *self = req->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (rasid_export_reports_finish (res, &error))
    {
      g_autofree char *name = g_path_get_basename (req->path);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u report to %s", "Exported %u reports to %s",
                                           req->ids->len), req->ids->len, name);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup (_("Export cancelled; no file was written"));
  else
    text = g_strdup_printf (_("Export failed: %s"), error->message);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
  end_export (self);
  g_object_unref (self);
  export_request_free (req);
}

static void
start_export (ExportRequest *req)
{
  RasidWindow *self = req->self;

  self->export_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_export_button), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  g_object_ref (self);
  rasid_export_reports_async (rasid_store_get_path (rasid_application_get_store (self->app)), req->ids, req->options,
                              req->path, self->export_cancellable, on_export_progress, self, on_export_done, req);
}

static void
on_export_file_chosen (GtkNativeDialog *dialog, int response, ExportRequest *req)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *folder_path = folder ? g_file_get_path (folder) : NULL;

      req->path = g_file_get_path (file);
      /* The next export starts in the same folder. */
      if (folder_path)
        g_settings_set_string (rasid_application_get_settings (req->self->app), "export-folder", folder_path);
      /* The file chooser has asked before replacing a file. */
      req->options->overwrite = TRUE;
    }
  g_object_unref (dialog);
  if (req->path)
    start_export (req);
  else
    export_request_free (req);
}

/* A file name from what the filter shows and today's date, safe on any
 * file system: "إدلب-2026-12-03.xlsx". */
char *
rasid_window_suggest_export_name (RasidWindow *self, RasidExportFormat format)
{
  g_autofree char *description = describe_filter (self);
  g_autoptr(GDateTime) now = g_date_time_new_now (rasid_syria_timezone ());
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GString) name = g_string_new (NULL);
  guint chars = 0;

  for (const char *p = description; p && *p && chars < 60; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          g_string_append_unichar (name, c);
          chars++;
        }
      /* Spaces, separators, quotes, slashes and the like: one dash. */
      else if (name->len && name->str[name->len - 1] != '-')
        {
          g_string_append_c (name, '-');
          chars++;
        }
    }
  while (name->len && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    /* Translators: the start of an export's file name when no filter is set; no spaces or slashes */
    g_string_append (name, _("reports"));
  g_string_append_printf (name, "-%s.%s", date, rasid_export_format_extension (format));
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static guint
saved_format_index (RasidWindow *self)
{
  g_autofree char *saved = g_settings_get_string (rasid_application_get_settings (self->app), "export-format");

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    if (g_strcmp0 (saved, rasid_export_format_extension (export_formats[i])) == 0)
      return i;
  return 0;
}

static void
on_export_response (AdwMessageDialog *dialog, const char *response, ExportRequest *req)
{
  RasidWindow *self = req->self;
  GSettings *settings = rasid_application_get_settings (self->app);
  GtkDropDown *formats = g_object_get_data (G_OBJECT (dialog), "formats");
  GtkCheckButton *selected_check = g_object_get_data (G_OBJECT (dialog), "selected");
  GArray *selected = g_object_get_data (G_OBJECT (dialog), "selected-ids");
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  RasidExportFormat format;

  if (!g_str_equal (response, "export"))
    {
      export_request_free (req);
      return;
    }
  if (gtk_check_button_get_active (selected_check))
    {
      g_clear_pointer (&req->ids, g_array_unref);
      req->ids = g_array_ref (selected);
    }
  format = export_formats[gtk_drop_down_get_selected (formats)];
  g_settings_set_string (settings, "export-format", rasid_export_format_extension (format));
  req->options = rasid_export_options_new (format);
  req->options->bom = g_settings_get_boolean (settings, "export-bom");
  req->options->filter_description = describe_filter (self);
  name = rasid_window_suggest_export_name (self, format);
  folder = g_settings_get_string (settings, "export-folder");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chooser = gtk_file_chooser_native_new (_("Export Reports"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  if (*folder && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_file_chosen), req);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The selected reports' ids, in list order. */
static GArray *
selected_ids (RasidWindow *self, GArray *all)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter it;
  guint pos;

  for (gboolean ok = gtk_bitset_iter_init_first (&it, selected, &pos); ok; ok = gtk_bitset_iter_next (&it, &pos))
    if (pos < all->len)
      g_array_append_val (ids, g_array_index (all, gint64, pos));
  return ids;
}

/* The selected reports when more than one is selected, else every report
 * the filter shows: what Ctrl+E suggests. */
static GArray *
reports_to_export (RasidWindow *self)
{
  g_autoptr(GArray) all = rasid_report_model_get_ids (self->model);
  g_autoptr(GArray) chosen = selected_ids (self, all);

  return chosen->len > 1 ? g_steal_pointer (&chosen) : g_steal_pointer (&all);
}

static GtkWidget *
export_choice (const char *label, GtkCheckButton *group)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  if (group)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  return check;
}

/* The export dialog says what it will export: the selection or everything
 * the filter shows, the first when several reports are selected or the
 * user came from the selection's own Export button. */
static void
open_export_dialog (RasidWindow *self, gboolean from_selection)
{
  ExportRequest *req = g_new0 (ExportRequest, 1);
  const char *labels[] = { "CSV", _("Excel (XLSX)"), _("PDF briefing"), "HTML", "Markdown", "JSON", "GeoJSON", NULL };
  g_autoptr(GArray) selected = NULL;
  g_autofree char *selected_text = NULL, *all_text = NULL;
  GtkWidget *dialog, *formats, *box, *selected_check, *all_check, *format_label;

  req->self = self;
  req->ids = rasid_report_model_get_ids (self->model);
  selected = selected_ids (self, req->ids);
  if (req->ids->len == 0)
    {
      export_request_free (req);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("No reports to export")));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Reports"), _("Which reports, and in which format?"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  selected_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The selected report (%u)", "The selected reports (%u)",
                                                selected->len), selected->len);
  all_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Everything the filter shows (%u)",
                                           "Everything the filter shows (%u)", req->ids->len), req->ids->len);
  selected_check = export_choice (selected_text, NULL);
  all_check = export_choice (all_text, GTK_CHECK_BUTTON (selected_check));
  gtk_widget_add_css_class (selected_check, "export-selected");
  gtk_widget_add_css_class (all_check, "export-all");
  gtk_widget_set_sensitive (selected_check, selected->len > 0);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (selected->len > 1 || (from_selection && selected->len > 0)
                                                 ? selected_check : all_check), TRUE);
  gtk_box_append (GTK_BOX (box), selected_check);
  gtk_box_append (GTK_BOX (box), all_check);
  format_label = gtk_label_new (_("Format"));
  gtk_label_set_xalign (GTK_LABEL (format_label), 0);
  gtk_widget_set_margin_top (format_label, 6);
  gtk_widget_add_css_class (format_label, "heading");
  gtk_box_append (GTK_BOX (box), format_label);
  formats = gtk_drop_down_new_from_strings (labels);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (formats), saved_format_index (self));
  rasid_set_accessible_label (formats, _("Format"));
  gtk_box_append (GTK_BOX (box), formats);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "export", _("_Export…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  g_object_set_data (G_OBJECT (dialog), "formats", formats);
  g_object_set_data (G_OBJECT (dialog), "selected", selected_check);
  g_object_set_data_full (G_OBJECT (dialog), "selected-ids", g_steal_pointer (&selected), (GDestroyNotify) g_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), req);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- exporting stories ------------------------------------------------------
 * When the list shows stories, the export offers them as an event table
 * in ACLED's columns or the one-page briefing, both for the desk's filter,
 * written in a thread by the export itself. */

typedef struct {
  RasidWindow        *self;
  RasidStoryExport    kind;
  RasidFilter        *filter;
  RasidExportOptions *options;
  char               *path;
} StoryExportRequest;

static void
story_export_request_free (StoryExportRequest *req)
{
  g_clear_pointer (&req->filter, rasid_filter_free);
  g_clear_pointer (&req->options, rasid_export_options_free);
  g_free (req->path);
  g_free (req);
}

static RasidExportFormat
story_export_format (RasidStoryExport kind)
{
  switch (kind)
    {
    case RASID_STORY_EXPORT_EVENTS_XLSX: return RASID_EXPORT_XLSX;
    case RASID_STORY_EXPORT_BRIEFING: return RASID_EXPORT_PDF;
    case RASID_STORY_EXPORT_EVENTS_CSV: default: return RASID_EXPORT_CSV;
    }
}

static void
on_story_export_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  StoryExportRequest *req = user_data;
  RasidWindow *self = req->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *name = g_path_get_basename (req->path);
  guint n = 0;
  gboolean ok = req->kind == RASID_STORY_EXPORT_BRIEFING ? rasid_export_briefing_finish (res, &n, &error)
                                                          : rasid_export_events_finish (res, &n, &error);

  if (ok && req->kind == RASID_STORY_EXPORT_BRIEFING)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrote a briefing of %u story to %s",
                                         "Wrote a briefing of %u stories to %s", n), n, name);
  else if (ok)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u event to %s", "Exported %u events to %s", n),
                            n, name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup (_("Export cancelled; no file was written"));
  else
    text = g_strdup_printf (_("Export failed: %s"), error->message);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
  end_export (self);
  g_object_unref (self);
  story_export_request_free (req);
}

static void
start_story_export (StoryExportRequest *req)
{
  RasidWindow *self = req->self;
  const char *db = rasid_store_get_path (rasid_application_get_store (self->app));

  self->export_cancellable = g_cancellable_new ();
  gtk_progress_bar_pulse (self->progress);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_export_button), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  g_object_ref (self);
  if (req->kind == RASID_STORY_EXPORT_BRIEFING)
    rasid_export_briefing_async (db, req->filter, req->options, req->path, self->export_cancellable,
                                 on_story_export_done, req);
  else
    rasid_export_events_async (db, req->filter, req->options, req->path, self->export_cancellable,
                               on_story_export_done, req);
}

static StoryExportRequest *
story_export_request_new (RasidWindow *self, RasidStoryExport kind)
{
  StoryExportRequest *req = g_new0 (StoryExportRequest, 1);

  req->self = self;
  req->kind = kind;
  req->filter = rasid_filter_copy (self->filter);
  req->options = rasid_export_options_new (story_export_format (kind));
  req->options->bom = g_settings_get_boolean (rasid_application_get_settings (self->app), "export-bom");
  req->options->filter_description = describe_filter (self);
  return req;
}

static void
on_story_export_file_chosen (GtkNativeDialog *dialog, int response, StoryExportRequest *req)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *folder_path = folder ? g_file_get_path (folder) : NULL;

      req->path = g_file_get_path (file);
      if (folder_path)
        g_settings_set_string (rasid_application_get_settings (req->self->app), "export-folder", folder_path);
      req->options->overwrite = TRUE;
    }
  g_object_unref (dialog);
  if (req->path)
    start_story_export (req);
  else
    story_export_request_free (req);
}

static void
on_story_export_response (AdwMessageDialog *dialog, const char *response, RasidWindow *self)
{
  GtkDropDown *kinds = g_object_get_data (G_OBJECT (dialog), "kinds");
  StoryExportRequest *req;
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL, *folder = NULL;

  if (!g_str_equal (response, "export"))
    return;
  req = story_export_request_new (self, (RasidStoryExport) gtk_drop_down_get_selected (kinds));
  name = rasid_window_suggest_export_name (self, req->options->format);
  folder = g_settings_get_string (rasid_application_get_settings (self->app), "export-folder");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chooser = gtk_file_chooser_native_new (_("Export Stories"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  if (*folder && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (chooser, "response", G_CALLBACK (on_story_export_file_chosen), req);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The list shows stories: the events table or the briefing of the filter's stories. */
static void
open_story_export_dialog (RasidWindow *self)
{
  const char *labels[] = { _("Events table (CSV)"), _("Events table (XLSX)"), _("Briefing (PDF)"), NULL };
  GtkWidget *dialog, *kinds;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Stories"),
                                   _("Every story the filter shows, as an event table in ACLED's columns or a one-page briefing"));
  kinds = gtk_drop_down_new_from_strings (labels);
  rasid_set_accessible_label (kinds, _("Format"));
  gtk_widget_add_css_class (kinds, "story-export-kind");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), kinds);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "export", _("_Export…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  g_object_set_data (G_OBJECT (dialog), "kinds", kinds);
  g_signal_connect (dialog, "response", G_CALLBACK (on_story_export_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * rasid_window_export_stories:
 *
 * Writes the filter's stories as @kind to @path without dialogs, as the
 * stories' export dialog would; for tests and scripted use. Returns at once.
 */
void
rasid_window_export_stories (RasidWindow *self, RasidStoryExport kind, const char *path)
{
  StoryExportRequest *req;

  g_return_if_fail (RASID_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  req = story_export_request_new (self, kind);
  req->options->overwrite = TRUE;
  req->path = g_strdup (path);
  start_story_export (req);
}

static void
action_export (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  if (self->show_stories && g_str_equal (name, "win.export"))
    open_story_export_dialog (self);
  else
    open_export_dialog (self, g_str_equal (name, "win.export-selection"));
}

static void
action_cancel_export (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  if (self->export_cancellable)
    g_cancellable_cancel (self->export_cancellable);
}

/**
 * rasid_window_export:
 *
 * Exports what Ctrl+E would (the selection, else the filter's reports) to
 * @path without dialogs; for tests and scripted use. Returns at once.
 */
void
rasid_window_export (RasidWindow *self, RasidExportFormat format, const char *path)
{
  ExportRequest *req = g_new0 (ExportRequest, 1);

  req->self = self;
  req->ids = reports_to_export (self);
  req->options = rasid_export_options_new (format);
  req->options->overwrite = TRUE;
  req->options->filter_description = describe_filter (self);
  req->path = g_strdup (path);
  start_export (req);
}

gboolean
rasid_window_get_exporting (RasidWindow *self)
{
  return self->export_cancellable != NULL;
}

/* ---- stories --------------------------------------------------------------
 * The list can show stories (every report of one event) instead of reports:
 * the show-stories property, its action win.show-stories and the header's
 * toggle, bound to GSettings. The filter applies to both lists. */

static void
set_show_stories (RasidWindow *self, gboolean show)
{
  show = !!show;
  if (self->show_stories == show)
    return;
  self->show_stories = show;
  gtk_stack_set_visible_child_name (self->mode_stack, show ? "stories" : "reports");
  rasid_story_list_set_active (self->story_list, show);
  if (show)
    {
      RasidStoryObject *story = rasid_story_list_get_selected (self->story_list);

      gtk_widget_set_visible (self->new_reports_button, FALSE);
      if (story)
        {
          rasid_story_view_set_story (self->story_view, story);
          gtk_stack_set_visible_child_name (self->article_stack, "story");
        }
    }
  else
    {
      gtk_stack_set_visible_child_name (self->article_stack, "report");
      gtk_widget_set_visible (self->back_to_story_button, FALSE);
    }
  update_list_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_STORIES]);
}

static void
on_story_selected (RasidStoryList *list, RasidStoryObject *story, RasidWindow *self)
{
  if (story == NULL)
    return;
  g_cancellable_cancel (self->story_report_cancellable);
  rasid_story_view_set_story (self->story_view, story);
  gtk_widget_set_visible (self->back_to_story_button, FALSE);
  gtk_stack_set_visible_child_name (self->article_stack, "story");
}

static void
on_story_list_changed (GListModel *model, guint position, guint removed, guint added, RasidWindow *self)
{
  update_list_state (self);
}

typedef struct {
  gint64       id;
  RasidReport *report;
} StoryReportJob;

static void
story_report_job_free (StoryReportJob *job)
{
  g_clear_object (&job->report);
  g_free (job);
}

static gboolean
load_report_job (RasidStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  StoryReportJob *job = data;

  job->report = rasid_store_load_report (store, job->id, error);
  return job->report != NULL;
}

static void
on_story_report_loaded (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  StoryReportJob *job;

  if (!rasid_store_run_finish (res, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Cannot open the report: %s"), error->message);
          adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
        }
      return;
    }
  show_report (self, job->report);
  gtk_widget_set_visible (self->back_to_story_button, TRUE);
  gtk_stack_set_visible_child_name (self->article_stack, "report");
}

/* A report of the open story: read it in a worker, then show it. */
static void
on_story_report_activated (RasidStoryView *view, gint64 id, RasidWindow *self)
{
  StoryReportJob *job = g_new0 (StoryReportJob, 1);

  job->id = id;
  g_cancellable_cancel (self->story_report_cancellable);
  g_clear_object (&self->story_report_cancellable);
  self->story_report_cancellable = g_cancellable_new ();
  rasid_store_run_async (rasid_store_get_path (rasid_application_get_store (self->app)), load_report_job, job,
                         (GDestroyNotify) story_report_job_free, self->story_report_cancellable,
                         on_story_report_loaded, g_object_ref (self));
}

static void
action_back_to_story (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidWindow *self = RASID_WINDOW (widget);

  if (rasid_story_view_get_story (self->story_view) == NULL)
    return;
  gtk_widget_set_visible (self->back_to_story_button, FALSE);
  gtk_stack_set_visible_child_name (self->article_stack, "story");
}

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

static void
show_report (RasidWindow *self, RasidReport *report)
{
  rasid_article_view_set_report (self->article_view, report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-original",
                                 report && rasid_link_is_web (rasid_report_get_link (report)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-link",
                                 report && rasid_link_is_web (rasid_report_get_link (report)));
  if (report && !rasid_report_get_read (report))
    save_flags (self, report, TRUE, -1);
}

static guint
n_selected (RasidWindow *self)
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
  guint n = n_selected (self);
  guint counts[2] = { 0, 0 };
  g_autofree char *text = NULL;
  const char *read_text, *star_text;

  update_list_state (self);
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
  show_report (self, report);
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
    show_report (self, report);
}

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
    show_report (self, report);
  g_menu_append (section, rasid_report_get_starred (report) ? _("Remove Star") : _("Star"), "win.toggle-star");
  g_menu_append (section, rasid_report_get_read (report) ? _("Mark as Unread") : _("Mark as Read"), "win.toggle-read");
  g_menu_append (section, _("Copy Link"), "win.copy-link");
  g_menu_append (section, _("Open Original"), "win.open-original");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  if (n_selected (self) > 1)
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

static void
update_list_state (RasidWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint selected = n_selected (self);
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
      return (gtk_widget_get_visible (GTK_WIDGET (self->chips_box)) &&
              gtk_widget_child_focus (GTK_WIDGET (self->chips_box), GTK_DIR_TAB_BACKWARD)) ||
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
  update_list_state (self);
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
  rasid_sidebar_update (self->sidebar, self->filter, self->time_preset);
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
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
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

  ticker_filter->breaking_only = TRUE;
  self->ticker_model = rasid_report_model_new (store, rasid_application_get_facet_index (self->app));
  rasid_report_model_set_filter (self->ticker_model, ticker_filter);
  rasid_ticker_set_model (self->ticker, self->ticker_model);
  g_settings_bind (settings, "ticker-speed", self->ticker, "speed", G_SETTINGS_BIND_GET);
  g_signal_connect (self->ticker, "report-activated", G_CALLBACK (on_ticker_activated), self);

  rasid_article_view_set_gazetteer (self->article_view,
                                    rasid_analyzer_get_gazetteer (rasid_application_get_analyzer (self->app)));
  rasid_sidebar_setup (self->sidebar, rasid_store_get_path (store), rasid_application_get_analyzer (self->app),
                       rasid_application_get_facet_index (self->app));
  g_signal_connect (self->sidebar, "watches-changed", G_CALLBACK (on_watches_changed), self);

  g_signal_connect_object (ingest, "progress", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (ingest, "source-done", G_CALLBACK (on_source_done), self, 0);
  self->monitor = g_network_monitor_get_default ();
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self, 0);
  update_offline (self);
  rasid_source_status_set_application (self->source_status, self->app);

  rasid_story_list_set_db_path (self->story_list, rasid_store_get_path (store));
  g_signal_connect (self->story_list, "story-selected", G_CALLBACK (on_story_selected), self);
  g_signal_connect (rasid_story_list_get_model (self->story_list), "items-changed",
                    G_CALLBACK (on_story_list_changed), self);
  g_signal_connect (self->story_view, "report-activated", G_CALLBACK (on_story_report_activated), self);
  g_settings_bind (settings, "story-sort", self->story_list, "sort", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "story-min-outlets", self->story_list, "min-outlets", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-stories", self, "show-stories", G_SETTINGS_BIND_DEFAULT);

  apply_filter (self);
  update_list_state (self);
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

  rasid_filter_free (self->filter);
  g_free (self->time_preset);
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
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RasidWindow *self = RASID_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_STORIES: set_show_stories (self, g_value_get_boolean (value)); break;
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
  g_type_ensure (RASID_TYPE_STORY_LIST);
  g_type_ensure (RASID_TYPE_STORY_VIEW);

  object_class->get_property = rasid_window_get_property;
  object_class->set_property = rasid_window_set_property;
  properties[PROP_SHOW_STORIES] = g_param_spec_boolean ("show-stories", NULL, NULL, FALSE,
                                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                        G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_property_action (widget_class, "win.show-stories", "show-stories");
  gtk_widget_class_install_action (widget_class, "win.back-to-story", NULL, action_back_to_story);

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
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, chips_box);
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
  gtk_widget_class_install_action (widget_class, "win.clear-source", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.clear-time", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.filter-source", "x", action_filter_source);
  gtk_widget_class_install_action (widget_class, "win.filter-time", "s", action_filter_time);
  gtk_widget_class_install_action (widget_class, "win.filter-since", "x", action_filter_since);
  gtk_widget_class_install_action (widget_class, "win.unread-only", NULL, action_toggle_state_filter);
  gtk_widget_class_install_action (widget_class, "win.starred-only", NULL, action_toggle_state_filter);
  gtk_widget_class_install_action (widget_class, "win.breaking-only", NULL, action_toggle_state_filter);
  gtk_widget_class_install_action (widget_class, "win.save-watch", NULL, action_save_watch);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "win.cancel-export", NULL, action_cancel_export);
  gtk_widget_class_install_action (widget_class, "win.apply-watch", "x", action_apply_watch);
  gtk_widget_class_install_action (widget_class, "win.remove-watch", "x", action_remove_watch);
  gtk_widget_class_install_action (widget_class, "win.add-source", NULL, action_add_source);
  gtk_widget_class_install_action (widget_class, "win.show-sources", NULL, action_show_sources);
  gtk_widget_class_install_action (widget_class, "win.next-report", NULL, action_move);
  gtk_widget_class_install_action (widget_class, "win.previous-report", NULL, action_move);
  gtk_widget_class_install_action (widget_class, "win.toggle-read", NULL, action_toggle_flag);
  gtk_widget_class_install_action (widget_class, "win.toggle-star", NULL, action_toggle_flag);
  gtk_widget_class_install_action (widget_class, "win.open-original", NULL, action_open_original);
  gtk_widget_class_install_action (widget_class, "win.copy-link", NULL, action_copy_link);
  gtk_widget_class_install_action (widget_class, "win.export-selection", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "win.select-none", NULL, action_select_none);
  gtk_widget_class_install_action (widget_class, "win.mark-selection-read", NULL, action_selection_flag);
  gtk_widget_class_install_action (widget_class, "win.star-selection", NULL, action_selection_flag);
  /* A window binding, not an application accelerator: those run before the
   * focused widget, and Ctrl+Backspace in the search entry deletes a word. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, GDK_CONTROL_MASK, "win.clear-filters", NULL);
}

static void
rasid_window_init (RasidWindow *self)
{
  self->filter = rasid_filter_new ();
  self->time_preset = g_strdup ("any");
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
gboolean rasid_window_get_busy (RasidWindow *self) { return self->busy || rasid_report_model_get_loading (self->model); }
