/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report-row.c: time (relative, with the absolute time as tooltip),
 * source, headline, place and faction chips, unread and starred state. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-application.h"
#include "rasid-chip-strip.h"
#include "rasid-report-row.h"
#include "rasid-util.h"

#define MAX_CHIPS 4

struct _RasidReportRow {
  GtkWidget    parent_instance;
  GtkWidget   *box;
  GtkLabel    *source_label;
  GtkLabel    *time_label;
  GtkLabel    *title_label;
  RasidChipStrip *chips;
  GtkWidget   *unread_dot;
  GtkWidget   *star_icon;
  GtkWidget   *breaking_label;
  RasidReport *report;
  gulong       notify_id;
  gulong       changed_id;
};

G_DEFINE_FINAL_TYPE (RasidReportRow, rasid_report_row, GTK_TYPE_WIDGET)

RasidReport *
rasid_report_row_get_report (RasidReportRow *self)
{
  g_return_val_if_fail (RASID_IS_REPORT_ROW (self), NULL);
  return self->report;
}

/* The row's accessible name: what it shows, in the order it is read
 * (headline, source, time), then its state, joined with the language's own
 * list separator. Set on the list item that holds the row too: that is
 * the widget with keyboard focus, the one a screen reader announces. */
static void
update_accessible (RasidReportRow *self)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *sep = C_("list separator", ", ");
  const char *parts[6];
  guint n = 0;
  GtkWidget *parent;

  parts[n++] = rasid_report_get_title (self->report);
  parts[n++] = rasid_report_get_source_title (self->report);
  parts[n++] = gtk_label_get_text (self->time_label);
  if (!rasid_report_get_read (self->report))
    parts[n++] = _("Unread");
  if (rasid_report_get_starred (self->report))
    parts[n++] = _("Starred");
  if (rasid_report_get_breaking (self->report))
    parts[n++] = C_("news", "Breaking");
  for (guint i = 0; i < n; i++)
    if (parts[i] && *parts[i])
      g_string_append_printf (name, "%s%s", name->len ? sep : "", parts[i]);
  rasid_set_accessible_label (GTK_WIDGET (self), name->str);
  if ((parent = gtk_widget_get_parent (GTK_WIDGET (self))))
    rasid_set_accessible_label (parent, name->str);
}

static void
update_state (RasidReportRow *self)
{
  gboolean read = rasid_report_get_read (self->report);

  gtk_widget_set_visible (self->unread_dot, !read);
  gtk_widget_set_visible (self->star_icon, rasid_report_get_starred (self->report));
  if (read)
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "unread");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "unread");
  update_accessible (self);
}

/* The report was read anew (a source rewrote it): bind it again. */
static void
on_report_changed (RasidReport *report, RasidReportRow *self)
{
  g_autoptr(RasidReport) same = g_object_ref (report);

  rasid_report_row_set_report (self, NULL);
  rasid_report_row_set_report (self, same);
}

static void
on_report_notify (RasidReport *report, GParamSpec *pspec, RasidReportRow *self)
{
  update_state (self);
}

/* The application's gazetteer, to tell which places lie inside which. */
static RasidGazetteer *
row_gazetteer (void)
{
  GApplication *app = g_application_get_default ();
  RasidAnalyzer *analyzer = RASID_IS_APPLICATION (app) ? rasid_application_get_analyzer (RASID_APPLICATION (app)) : NULL;

  return analyzer ? rasid_analyzer_get_gazetteer (analyzer) : NULL;
}

void
rasid_report_row_set_report (RasidReportRow *self, RasidReport *report)
{
  const char *texts[MAX_CHIPS + 2];
  RasidChipKind kinds[MAX_CHIPS + 2];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *relative = NULL;
  GPtrArray *places, *actors;
  g_autoptr(GPtrArray) shown_places = NULL;
  guint chips = 0;

  if (self->report)
    {
      g_clear_signal_handler (&self->notify_id, self->report);
      g_clear_signal_handler (&self->changed_id, self->report);
    }
  g_set_object (&self->report, report);
  if (report == NULL)
    {
      rasid_chip_strip_set_chips (self->chips, NULL, NULL, 0);
      return;
    }

  relative = rasid_format_relative (rasid_report_get_published (report), now);
  rasid_label_set_text_aligned (self->title_label, rasid_report_get_title (report));
  rasid_label_set_text_aligned (self->source_label, rasid_report_get_source_title (report));
  gtk_label_set_text (self->time_label, relative);
  gtk_widget_set_visible (self->breaking_label, rasid_report_get_breaking (report));

  /* No chip for a place a more precise one implies ("سراقب، إدلب"). */
  places = shown_places = rasid_gazetteer_places_to_show (row_gazetteer (), rasid_report_get_places (report));
  actors = rasid_report_get_actors (report);
  for (guint i = 0; i < places->len && chips < MAX_CHIPS; i++, chips++)
    {
      RasidReportPlace *p = g_ptr_array_index (places, i);
      texts[chips] = rasid_pick_name (p->name_ar, p->name_en);
      kinds[chips] = RASID_CHIP_PLACE;
    }
  for (guint i = 0; i < actors->len && chips < MAX_CHIPS + 2; i++, chips++)
    {
      RasidReportActor *a = g_ptr_array_index (actors, i);
      texts[chips] = rasid_pick_name (a->name_ar, a->name_en);
      kinds[chips] = RASID_CHIP_ACTOR;
    }
  rasid_chip_strip_set_chips (self->chips, texts, kinds, chips);
  gtk_widget_set_visible (GTK_WIDGET (self->chips), chips > 0);

  self->notify_id = g_signal_connect (report, "notify", G_CALLBACK (on_report_notify), self);
  self->changed_id = g_signal_connect (report, "changed", G_CALLBACK (on_report_changed), self);
  update_state (self);
}

/* The absolute time as a tooltip, computed when asked: setting tooltips
 * while binding costs an X round trip per row. */
static gboolean
on_time_query_tooltip (GtkWidget *label, int x, int y, gboolean keyboard, GtkTooltip *tooltip, RasidReportRow *self)
{
  g_autofree char *absolute = NULL;

  if (self->report == NULL)
    return FALSE;
  absolute = rasid_format_absolute (rasid_report_get_published (self->report));
  gtk_tooltip_set_text (tooltip, absolute);
  return TRUE;
}

static void
rasid_report_row_dispose (GObject *object)
{
  RasidReportRow *self = RASID_REPORT_ROW (object);

  if (self->report)
    {
      g_clear_signal_handler (&self->notify_id, self->report);
      g_clear_signal_handler (&self->changed_id, self->report);
    }
  g_clear_object (&self->report);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_REPORT_ROW);
  G_OBJECT_CLASS (rasid_report_row_parent_class)->dispose (object);
}

static void
rasid_report_row_class_init (RasidReportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_report_row_dispose;
  g_type_ensure (RASID_TYPE_CHIP_STRIP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-report-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidReportRow, box);
  gtk_widget_class_bind_template_child (widget_class, RasidReportRow, source_label);
  gtk_widget_class_bind_template_child (widget_class, RasidReportRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, RasidReportRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RasidReportRow, chips);
  gtk_widget_class_bind_template_child (widget_class, RasidReportRow, unread_dot);
  gtk_widget_class_bind_template_child (widget_class, RasidReportRow, star_icon);
  gtk_widget_class_bind_template_child (widget_class, RasidReportRow, breaking_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reportrow");
}

static void
rasid_report_row_init (RasidReportRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->time_label), TRUE);
  g_signal_connect (self->time_label, "query-tooltip", G_CALLBACK (on_time_query_tooltip), self);
}

GtkWidget *
rasid_report_row_new (void)
{
  return g_object_new (RASID_TYPE_REPORT_ROW, NULL);
}
