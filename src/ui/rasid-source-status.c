/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-source-status.c: a strip on the desk that says when sources fail:
 * prominent when every publisher's feed failed (with the shared cause, such
 * as names that do not resolve), quiet when only some did; its button opens
 * the sources in Preferences (win.show-sources). It reads the sources'
 * health after each refresh and each single fetch, and hides itself while
 * the network is down, which the desk's offline strip already says. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-source-health.h"
#include "rasid-source-status.h"
#include "rasid-store-async.h"

struct _RasidSourceStatus {
  GtkWidget         parent_instance;

  GtkRevealer      *revealer;
  GtkWidget        *box;
  GtkLabel         *label;
  GtkWidget        *button;

  RasidApplication *app;
  GNetworkMonitor  *monitor;
  GCancellable     *cancellable;
  RasidSourceHealth health;
  gboolean          all_failing;
};

G_DEFINE_FINAL_TYPE (RasidSourceStatus, rasid_source_status, GTK_TYPE_WIDGET)

static void
show (RasidSourceStatus *self)
{
  const RasidSourceHealth *h = &self->health;
  gboolean online = g_network_monitor_get_network_available (self->monitor) &&
                    !(self->app && rasid_application_get_offline (self->app));
  g_autofree char *text = NULL;

  self->all_failing = h->n_network > 0 && h->n_network_failing == h->n_network;
  if (self->all_failing)
    {
      g_autofree char *cause = rasid_source_cause_describe (h->common_cause, 0);
      text = h->common_cause != RASID_SOURCE_CAUSE_OTHER && h->common_cause != RASID_SOURCE_CAUSE_HTTP
        ? g_strdup_printf (_("No publisher’s feed could be fetched: %s"), cause)
        : g_strdup (_("No publisher’s feed could be fetched"));
    }
  else if (h->n_failing > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u source is failing", "%u sources are failing",
                                         h->n_failing), h->n_failing);
  gtk_label_set_text (self->label, text ? text : "");
  if (self->all_failing)
    gtk_widget_add_css_class (self->box, "all-failing");
  else
    gtk_widget_remove_css_class (self->box, "all-failing");
  gtk_revealer_set_reveal_child (self->revealer, online && text != NULL);
}

static void
on_listed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidSourceStatus) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = rasid_store_list_sources_finish (RASID_STORE (object), res, &error);

  if (sources == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read the sources' health: %s", error->message);
      return;
    }
  rasid_source_health_summarize (sources, &self->health);
  show (self);
}

/* Reads the sources' health again (in a worker). */
void
rasid_source_status_update (RasidSourceStatus *self)
{
  g_return_if_fail (RASID_IS_SOURCE_STATUS (self));
  if (self->app == NULL || rasid_application_get_store (self->app) == NULL)
    return;
  rasid_store_list_sources_async (rasid_application_get_store (self->app), self->cancellable, on_listed,
                                  g_object_ref (self));
}

static void
on_busy_changed (RasidIngest *ingest, GParamSpec *pspec, RasidSourceStatus *self)
{
  if (!rasid_ingest_get_busy (ingest))
    rasid_source_status_update (self);
}

/* A source fetched on its own (just added), not in a refresh. */
static void
on_source_done (RasidIngest *ingest, gint64 id, guint n_new, guint n_updated, const char *error,
                RasidSourceStatus *self)
{
  if (!rasid_ingest_get_busy (ingest))
    rasid_source_status_update (self);
}

static void
on_network_changed (RasidSourceStatus *self)
{
  show (self);
}

void
rasid_source_status_set_application (RasidSourceStatus *self, RasidApplication *app)
{
  RasidIngest *ingest;

  g_return_if_fail (RASID_IS_SOURCE_STATUS (self));
  g_return_if_fail (self->app == NULL);
  self->app = app;
  ingest = rasid_application_get_ingest (app);
  if (ingest)
    {
      g_signal_connect_object (ingest, "notify::busy", G_CALLBACK (on_busy_changed), self, 0);
      g_signal_connect_object (ingest, "source-done", G_CALLBACK (on_source_done), self, 0);
    }
  rasid_source_status_update (self);
}

guint
rasid_source_status_get_n_failing (RasidSourceStatus *self)
{
  g_return_val_if_fail (RASID_IS_SOURCE_STATUS (self), 0);
  return self->health.n_failing;
}

gboolean
rasid_source_status_get_all_failing (RasidSourceStatus *self)
{
  g_return_val_if_fail (RASID_IS_SOURCE_STATUS (self), FALSE);
  return self->all_failing && gtk_revealer_get_reveal_child (self->revealer);
}

/* What the strip says, "" when it is hidden. */
const char *
rasid_source_status_get_text (RasidSourceStatus *self)
{
  g_return_val_if_fail (RASID_IS_SOURCE_STATUS (self), NULL);
  return gtk_revealer_get_reveal_child (self->revealer) ? gtk_label_get_text (self->label) : "";
}

static void
rasid_source_status_dispose (GObject *object)
{
  RasidSourceStatus *self = RASID_SOURCE_STATUS (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_SOURCE_STATUS);
  G_OBJECT_CLASS (rasid_source_status_parent_class)->dispose (object);
}

static void
rasid_source_status_class_init (RasidSourceStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_source_status_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-source-status.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidSourceStatus, revealer);
  gtk_widget_class_bind_template_child (widget_class, RasidSourceStatus, box);
  gtk_widget_class_bind_template_child (widget_class, RasidSourceStatus, label);
  gtk_widget_class_bind_template_child (widget_class, RasidSourceStatus, button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rasid_source_status_init (RasidSourceStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self, G_CONNECT_SWAPPED);
}
