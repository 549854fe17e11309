/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window-stories.c: the list showing stories instead of reports,
 * an opened story, and the reports opened from it. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-window-private.h"

/* ---- stories --------------------------------------------------------------
 * The list can show stories (every report of one event) instead of reports:
 * the show-stories property, its action win.show-stories and the header's
 * toggle, bound to GSettings. The filter applies to both lists. */

void
_rasid_window_set_show_stories (RasidWindow *self, gboolean show)
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
  _rasid_window_update_list_state (self);
  g_object_notify (G_OBJECT (self), "show-stories");
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
  _rasid_window_update_list_state (self);
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
  _rasid_window_show_report (self, job->report);
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

void
_rasid_window_stories_setup (RasidWindow *self)
{
  g_signal_connect (self->story_list, "story-selected", G_CALLBACK (on_story_selected), self);
  g_signal_connect (rasid_story_list_get_model (self->story_list), "items-changed",
                    G_CALLBACK (on_story_list_changed), self);
  g_signal_connect (self->story_view, "report-activated", G_CALLBACK (on_story_report_activated), self);
}

void
_rasid_window_class_stories_init (RasidWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_property_action (widget_class, "win.show-stories", "show-stories");
  gtk_widget_class_install_action (widget_class, "win.back-to-story", NULL, action_back_to_story);
}
