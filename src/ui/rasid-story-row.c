/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-row.c: a story in the list: how many outlets told it (the
 * badge), who told it first and how long ago, the first headline and the
 * range of the outlets' figures. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-story.h"
#include "rasid-story-row.h"
#include "rasid-util.h"

struct _RasidStoryRow {
  GtkWidget         parent_instance;
  GtkWidget        *box;
  GtkLabel         *outlets_label;
  GtkLabel         *first_label;
  GtkLabel         *time_label;
  GtkLabel         *headline_label;
  GtkLabel         *figures_label;
  RasidStoryObject *story;
};

G_DEFINE_FINAL_TYPE (RasidStoryRow, rasid_story_row, GTK_TYPE_WIDGET)

/* "٣–٧ قتلى حسب المصدر · ١٢ جريحًا", or NULL without figures. */
static char *
format_figures (const RasidStory *story)
{
  g_autofree char *killed = rasid_story_format_range (story->killed_min, story->killed_max, TRUE);
  g_autofree char *injured = rasid_story_format_range (story->injured_min, story->injured_max, FALSE);

  if (killed && injured)
    /* Translators: a story's death toll, then its injured: "3 killed · 12 injured" */
    return g_strdup_printf (_("%s · %s"), killed, injured);
  return g_strdup (killed ? killed : injured);
}

void
rasid_story_row_set_story (RasidStoryRow *self, RasidStoryObject *story)
{
  const RasidStory *s;
  g_autofree char *badge = NULL, *relative = NULL, *figures = NULL, *name = NULL;
  GtkWidget *parent;

  g_return_if_fail (RASID_IS_STORY_ROW (self));
  g_set_object (&self->story, story);
  if (story == NULL)
    return;
  s = rasid_story_object_get_story (story);
  badge = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u outlet reporting", "%u outlets reporting", s->n_outlets), s->n_outlets);
  relative = rasid_format_relative (s->first_time, g_get_real_time () / G_USEC_PER_SEC);
  figures = format_figures (s);
  gtk_label_set_text (self->outlets_label, badge);
  rasid_label_set_text_aligned (self->first_label, s->first_source ? s->first_source : "");
  gtk_label_set_text (self->time_label, relative);
  rasid_label_set_text_aligned (self->headline_label, s->headline ? s->headline : "");
  gtk_label_set_text (self->figures_label, figures ? figures : "");
  gtk_widget_set_visible (GTK_WIDGET (self->figures_label), figures != NULL);

  /* Read as shown: headline, outlets, first reporter, time, figures. */
  name = g_strjoin (C_("list separator", ", "), s->headline ? s->headline : "", badge,
                    s->first_source ? s->first_source : "", relative, figures, NULL);
  rasid_set_accessible_label (GTK_WIDGET (self), name);
  if ((parent = gtk_widget_get_parent (GTK_WIDGET (self))))
    rasid_set_accessible_label (parent, name);
}

RasidStoryObject *
rasid_story_row_get_story (RasidStoryRow *self)
{
  g_return_val_if_fail (RASID_IS_STORY_ROW (self), NULL);
  return self->story;
}

const char *
rasid_story_row_get_badge (RasidStoryRow *self)
{
  g_return_val_if_fail (RASID_IS_STORY_ROW (self), NULL);
  return gtk_label_get_text (self->outlets_label);
}

const char *
rasid_story_row_get_figures (RasidStoryRow *self)
{
  g_return_val_if_fail (RASID_IS_STORY_ROW (self), NULL);
  return gtk_label_get_text (self->figures_label);
}

static gboolean
on_time_query_tooltip (GtkWidget *label, int x, int y, gboolean keyboard, GtkTooltip *tooltip, RasidStoryRow *self)
{
  g_autofree char *absolute = NULL;

  if (self->story == NULL)
    return FALSE;
  absolute = rasid_format_absolute (rasid_story_object_get_story (self->story)->first_time);
  gtk_tooltip_set_text (tooltip, absolute);
  return TRUE;
}

static void
rasid_story_row_dispose (GObject *object)
{
  RasidStoryRow *self = RASID_STORY_ROW (object);

  g_clear_object (&self->story);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_STORY_ROW);
  G_OBJECT_CLASS (rasid_story_row_parent_class)->dispose (object);
}

static void
rasid_story_row_class_init (RasidStoryRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rasid_story_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-story-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidStoryRow, box);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryRow, outlets_label);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryRow, first_label);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryRow, headline_label);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryRow, figures_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "storyrow");
}

static void
rasid_story_row_init (RasidStoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->time_label), TRUE);
  g_signal_connect (self->time_label, "query-tooltip", G_CALLBACK (on_time_query_tooltip), self);
}

GtkWidget *
rasid_story_row_new (void)
{
  return g_object_new (RASID_TYPE_STORY_ROW, NULL);
}
