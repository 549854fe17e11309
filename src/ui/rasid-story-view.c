/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-view.c: a story's reports one under another, earliest first,
 * each with its outlet, time, role and figures; a report that moved the
 * story's figures is marked. Activating one emits ::report-activated with
 * its id; the window opens it. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-story.h"
#include "rasid-story-view.h"
#include "rasid-util.h"

struct _RasidStoryView {
  GtkWidget         parent_instance;
  GtkLabel         *summary_label;
  GtkLabel         *headline_label;
  GtkLabel         *figures_label;
  GtkListBox       *reports_box;
  RasidStoryObject *story;
};

G_DEFINE_FINAL_TYPE (RasidStoryView, rasid_story_view, GTK_TYPE_WIDGET)

enum { SIGNAL_REPORT_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "first") == 0)
    return C_("story role", "First report");
  if (g_strcmp0 (role, "update") == 0)
    return C_("story role", "Update");
  if (g_strcmp0 (role, "citation") == 0)
    return C_("story role", "Citation");
  return C_("story role", "Corroboration");
}

static char *
report_figures (const RasidStoryReportRow *row)
{
  g_autofree char *killed = row->killed >= 0 ? rasid_story_format_range (row->killed, row->killed, TRUE) : NULL;
  g_autofree char *injured = row->injured >= 0 ? rasid_story_format_range (row->injured, row->injured, FALSE) : NULL;

  if (killed && injured)
    return g_strdup_printf (_("%s · %s"), killed, injured);
  return g_strdup (killed ? killed : injured);
}

static GtkWidget *
make_report_row (const RasidStoryReportRow *r)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *source = gtk_label_new (NULL), *role = gtk_label_new (role_label (r->role));
  GtkWidget *time = gtk_label_new (NULL), *title = gtk_label_new (NULL);
  g_autofree char *when = rasid_format_absolute (r->published);
  g_autofree char *figures = report_figures (r);
  g_autofree char *name = NULL;
  /* The first report sets the figures; marked are those that moved them after. */
  gboolean moved = r->changed_story && g_strcmp0 (r->role, "first") != 0;
  const char *changed = moved ? _("Changed the story") : NULL;

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  rasid_label_set_text_aligned (GTK_LABEL (source), r->source ? r->source : "");
  gtk_widget_set_hexpand (source, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (source), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (source, "heading");
  gtk_widget_add_css_class (role, "caption");
  gtk_widget_add_css_class (role, "dim-label");
  gtk_widget_add_css_class (role, "story-role");
  gtk_label_set_text (GTK_LABEL (time), when);
  gtk_widget_add_css_class (time, "caption");
  gtk_widget_add_css_class (time, "numeric");
  gtk_box_append (GTK_BOX (top), source);
  gtk_box_append (GTK_BOX (top), role);
  gtk_box_append (GTK_BOX (top), time);
  gtk_box_append (GTK_BOX (box), top);
  rasid_label_set_text_aligned (GTK_LABEL (title), r->title ? r->title : "");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), title);
  if (figures || changed)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      if (figures)
        {
          GtkWidget *f = gtk_label_new (figures);
          gtk_widget_add_css_class (f, "story-figures");
          gtk_widget_add_css_class (f, "caption");
          gtk_box_append (GTK_BOX (line), f);
        }
      if (changed)
        {
          GtkWidget *mark = gtk_label_new (changed);
          gtk_widget_add_css_class (mark, "badge");
          gtk_widget_add_css_class (mark, "story-changed");
          gtk_widget_set_tooltip_text (mark, _("This report raised the figures or added a place"));
          gtk_box_append (GTK_BOX (line), mark);
        }
      gtk_box_append (GTK_BOX (box), line);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  if (moved)
    gtk_widget_add_css_class (row, "changed-story");
  name = g_strjoin (C_("list separator", ", "), r->title ? r->title : "", r->source ? r->source : "", when,
                    role_label (r->role), figures ? figures : "", changed, NULL);
  rasid_set_accessible_label (row, name);
  g_object_set_data_full (G_OBJECT (row), "rasid-report-id", g_memdup2 (&r->report_id, sizeof r->report_id), g_free);
  return row;
}

void
rasid_story_view_set_story (RasidStoryView *self, RasidStoryObject *story)
{
  const RasidStory *s;
  GtkWidget *child;
  g_autofree char *summary = NULL, *killed = NULL, *injured = NULL, *first = NULL;
  g_autoptr(GString) figures = g_string_new (NULL);

  g_return_if_fail (RASID_IS_STORY_VIEW (self));
  g_set_object (&self->story, story);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reports_box))))
    gtk_list_box_remove (self->reports_box, child);
  if (story == NULL)
    return;
  s = rasid_story_object_get_story (story);
  first = rasid_format_absolute (s->first_time);
  {
    g_autofree char *outlets = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u outlet reporting", "%u outlets reporting", s->n_outlets),
                                                s->n_outlets);
    g_autofree char *reports = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", s->n_reports),
                                                s->n_reports);
    /* Translators: "4 outlets · 6 reports · first: SANA, 3 Dec 2026 10:20" */
    /* The outlet's name and the time in isolates (FSI … PDI): an Arabic
     * name in an English line keeps its own order, and the line its own. */
    g_autofree char *who = g_strdup_printf ("\u2068%s\u2069", s->first_source ? s->first_source : "");
    g_autofree char *when = g_strdup_printf ("\u2068%s\u2069", first);

    summary = g_strdup_printf (_("%s · %s · first: %s, %s"), outlets, reports, who, when);
  }
  gtk_label_set_text (self->summary_label, summary);
  rasid_label_set_text_aligned (self->headline_label, s->headline ? s->headline : "");
  killed = rasid_story_format_range (s->killed_min, s->killed_max, TRUE);
  injured = rasid_story_format_range (s->injured_min, s->injured_max, FALSE);
  if (killed)
    g_string_append (figures, killed);
  if (injured)
    g_string_append_printf (figures, "%s%s", figures->len ? " · " : "", injured);
  gtk_label_set_text (self->figures_label, figures->str);
  gtk_widget_set_visible (GTK_WIDGET (self->figures_label), figures->len > 0);
  for (guint i = 0; i < s->reports->len; i++)
    gtk_list_box_append (self->reports_box, make_report_row (g_ptr_array_index (s->reports, i)));
}

RasidStoryObject *
rasid_story_view_get_story (RasidStoryView *self)
{
  g_return_val_if_fail (RASID_IS_STORY_VIEW (self), NULL);
  return self->story;
}

GtkListBox *
rasid_story_view_get_reports_box (RasidStoryView *self)
{
  g_return_val_if_fail (RASID_IS_STORY_VIEW (self), NULL);
  return self->reports_box;
}

static void
on_row_activated (GtkListBox *box, GtkListBoxRow *row, RasidStoryView *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "rasid-report-id");

  if (id)
    g_signal_emit (self, signals[SIGNAL_REPORT_ACTIVATED], 0, *id);
}

static void
rasid_story_view_dispose (GObject *object)
{
  RasidStoryView *self = RASID_STORY_VIEW (object);

  g_clear_object (&self->story);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_STORY_VIEW);
  G_OBJECT_CLASS (rasid_story_view_parent_class)->dispose (object);
}

static void
rasid_story_view_class_init (RasidStoryViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rasid_story_view_dispose;
  signals[SIGNAL_REPORT_ACTIVATED] = g_signal_new ("report-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-story-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidStoryView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryView, headline_label);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryView, figures_label);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryView, reports_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "storyview");
}

static void
rasid_story_view_init (RasidStoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
