/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window-export.c: exporting from the desk: the dialog that asks
 * which reports (the selection or the filter's) and in which format, the
 * file chooser, progress and cancelling; the stories' event table and
 * briefing when the list shows stories. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-dates.h"
#include "rasid-export.h"
#include "rasid-util.h"
#include "rasid-window-private.h"

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

/* The file an export chooser answered, or NULL. The next export starts
 * in its folder; the chooser has asked before replacing a file. */
static char *
take_chosen_file (GtkNativeDialog *dialog, int response, RasidWindow *self, RasidExportOptions *options)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_path = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_object_unref (dialog);
      return NULL;
    }
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  folder = g_file_get_parent (file);
  folder_path = folder ? g_file_get_path (folder) : NULL;
  if (folder_path)
    g_settings_set_string (rasid_application_get_settings (self->app), "export-folder", folder_path);
  options->overwrite = TRUE;
  g_object_unref (dialog);
  return g_file_get_path (file);
}

static void
on_export_file_chosen (GtkNativeDialog *dialog, int response, ExportRequest *req)
{
  req->path = take_chosen_file (dialog, response, req->self, req->options);
  if (req->path)
    start_export (req);
  else
    export_request_free (req);
}

/* A file name from what the filter shows and today's date, safe on any
 * file system: "إدلب-2026-12-03.xlsx"; a place without its level, which
 * the folder it goes to usually tells. */
char *
rasid_window_suggest_export_name (RasidWindow *self, RasidExportFormat format)
{
  g_autofree char *description = rasid_filter_chips_describe (self->chips, TRUE);
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
  req->options->filter_description = _rasid_window_describe_filter (self);
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
  req->filter = rasid_filter_copy (rasid_desk_filter_get_filter (self->filter));
  req->options = rasid_export_options_new (story_export_format (kind));
  req->options->bom = g_settings_get_boolean (rasid_application_get_settings (self->app), "export-bom");
  /* The stories the list shows: its "outlets at least" too. */
  g_object_get (self->story_list, "min-outlets", &req->options->min_outlets, NULL);
  req->options->filter_description = _rasid_window_describe_filter (self);
  if (req->options->min_outlets > 1)
    {
      g_autofree char *filter = req->options->filter_description;
      g_autofree char *threshold = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "confirmed by at least %u outlet",
                                                                 "confirmed by at least %u outlets",
                                                                 req->options->min_outlets),
                                                    req->options->min_outlets);

      req->options->filter_description = filter && *filter ? g_strdup_printf ("%s · %s", filter, threshold)
                                                           : g_steal_pointer (&threshold);
    }
  return req;
}

static void
on_story_export_file_chosen (GtkNativeDialog *dialog, int response, StoryExportRequest *req)
{
  req->path = take_chosen_file (dialog, response, req->self, req->options);
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
  req->options->filter_description = _rasid_window_describe_filter (self);
  req->path = g_strdup (path);
  start_export (req);
}

gboolean
rasid_window_get_exporting (RasidWindow *self)
{
  return self->export_cancellable != NULL;
}

void
_rasid_window_class_export_init (RasidWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.export", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "win.export-selection", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "win.cancel-export", NULL, action_cancel_export);
}
