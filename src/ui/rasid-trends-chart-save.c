/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-trends-chart-save.c: the chart saved as PNG or SVG from its menu
 * (trends.save): a file chooser with a name from the filter and period,
 * and the core's writers in the print palette. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-trends-chart-private.h"
#include "rasid-trends-draw.h"
#include "rasid-util.h"

#define SAVE_PNG_WIDTH  1200
#define SAVE_PNG_HEIGHT 600
#define SAVE_SVG_WIDTH  800.0
#define SAVE_SVG_HEIGHT 400.0

/* Letters, digits and dashes from @text, for a file name. */
static void
append_slug (GString *out, const char *text)
{
  gboolean dash = out->len > 0;

  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (dash)
            g_string_append_c (out, '-');
          g_string_append_unichar (out, g_unichar_tolower (c));
          dash = FALSE;
        }
      else
        dash = out->len > 0;
    }
}

/**
 * rasid_trends_chart_suggest_file_name:
 * @extension: "png" or "svg"
 *
 * "rasid-trends-idlib-2024-05-04-2024-05-10.png": what the filter shows
 * and the period, so saved charts sort and say what they are.
 */
char *
rasid_trends_chart_suggest_file_name (RasidTrendsChart *self, const char *extension)
{
  g_autoptr(GString) slug = g_string_new (NULL);
  const RasidFilter *f = self->filter;
  RasidGazetteer *gazetteer = self->analyzer ? rasid_analyzer_get_gazetteer (self->analyzer) : NULL;
  RasidActors *actors = self->analyzer ? rasid_analyzer_get_actors (self->analyzer) : NULL;
  GString *name;

  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), NULL);
  if (f && f->place_id)
    {
      const RasidPlace *p = gazetteer ? rasid_gazetteer_lookup (gazetteer, f->place_id) : NULL;
      append_slug (slug, p ? rasid_pick_name (p->name_ar, p->name_en) : f->place_id);
    }
  if (f && f->actor_id)
    {
      const RasidActor *a = actors ? rasid_actors_lookup (actors, f->actor_id) : NULL;
      append_slug (slug, a ? rasid_pick_name (a->name_ar, a->name_en) : f->actor_id);
    }
  if (f && f->event)
    append_slug (slug, f->event);
  if (f && f->query)
    append_slug (slug, f->query);
  name = g_string_new ("rasid-trends");
  if (slug->len)
    g_string_append_printf (name, "-%s", slug->str);
  if (self->series && self->series->n_buckets)
    {
      g_autoptr(GDateTime) a = g_date_time_new_from_unix_utc (self->series->since);
      g_autoptr(GDateTime) b = g_date_time_new_from_unix_utc (self->series->until - 1);
      g_autoptr(GDateTime) la = g_date_time_to_timezone (a, self->series->zone);
      g_autoptr(GDateTime) lb = g_date_time_to_timezone (b, self->series->zone);
      g_autofree char *da = g_date_time_format (la, "%Y-%m-%d");
      g_autofree char *db = g_date_time_format (lb, "%Y-%m-%d");

      g_string_append_printf (name, "-%s", da);
      if (!g_str_equal (da, db))
        g_string_append_printf (name, "-%s", db);
    }
  g_string_append_printf (name, ".%s", extension);
  return g_string_free (name, FALSE);
}

/**
 * rasid_trends_chart_save:
 * @path: ends in ".svg" for SVG, else PNG
 *
 * The chart as shown (its series, labels and direction) in the print
 * palette, with its title, so it reads on a white page.
 */
gboolean
rasid_trends_chart_save (RasidTrendsChart *self, const char *path, GError **error)
{
  RasidTrendsStyle style = { 0 };

  g_return_val_if_fail (RASID_IS_TRENDS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  if (self->series == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The chart has not been counted yet"));
      return FALSE;
    }
  style.palette = rasid_trends_palette_print ();
  style.labels = (const char * const *) self->labels;
  /* As the chart shows it: in reports or in stories. */
  style.title = gtk_label_get_text (self->title);
  style.rtl = _rasid_trends_chart_is_rtl (self);
  style.highlight = -1;
  if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG"))
    {
      style.font = "Sans 9";
      return rasid_trends_write_svg (self->series, &style, SAVE_SVG_WIDTH, SAVE_SVG_HEIGHT, path, error);
    }
  style.font = "Sans 11";
  return rasid_trends_write_png (self->series, &style, SAVE_PNG_WIDTH, SAVE_PNG_HEIGHT, path, error);
}

static void
on_save_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  g_autoptr(RasidTrendsChart) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      (path = g_file_get_path (file)) && !rasid_trends_chart_save (self, path, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The chart could not be saved: %s"), error->message);
      gtk_label_set_text (self->status, text);
      gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
_rasid_trends_chart_action_save (GtkWidget *widget, const char *action, GVariant *param)
{
  RasidTrendsChart *self = RASID_TRENDS_CHART (widget);
  const char *format = g_variant_get_string (param, NULL);
  gboolean svg = g_str_equal (format, "svg");
  g_autofree char *name = rasid_trends_chart_suggest_file_name (self, svg ? "svg" : "png");
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->series == NULL)
    return;
  chooser = gtk_file_chooser_native_new (svg ? _("Save Chart as SVG") : _("Save Chart as PNG"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, svg ? _("SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
