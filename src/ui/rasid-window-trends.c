/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-window-trends.c: the trend chart above the list: shown or hidden
 * (the show-trends property, its action win.show-trends and the header's
 * toggle, kept in GSettings), following the desk's filter and the list's
 * unit, and a bar chosen becoming the filter's period. */
#include "config.h"

#include "rasid-window-private.h"

void
_rasid_window_set_show_trends (RasidWindow *self, gboolean show)
{
  show = !!show;
  if (self->show_trends == show)
    return;
  self->show_trends = show;
  /* The revealer follows the property (rasid-window.ui); hidden, the chart
   * is unmapped and counts nothing until shown again. */
  g_object_notify (G_OBJECT (self), "show-trends");
}

static void
on_filter_changed (RasidDeskFilter *filter, RasidWindow *self)
{
  rasid_trends_chart_set_filter (self->trends, rasid_desk_filter_get_filter (filter));
}

/* A bar's period becomes the desk's time, one change for since and until;
 * the preset turns "custom", so the chip shows it and win.clear-time
 * clears it as it clears a day picked in the sidebar. */
static void
on_period_activated (RasidTrendsChart *chart, gint64 since, gint64 until, RasidWindow *self)
{
  g_object_freeze_notify (G_OBJECT (self->filter));
  rasid_desk_filter_set_since (self->filter, since);
  g_object_set (self->filter, "until", until, NULL);
  g_object_thaw_notify (G_OBJECT (self->filter));
}

void
_rasid_window_trends_setup (RasidWindow *self)
{
  RasidStore *store = rasid_application_get_store (self->app);
  GSettings *settings = rasid_application_get_settings (self->app);

  rasid_trends_chart_set_db_path (self->trends, rasid_store_get_path (store));
  rasid_trends_chart_set_index (self->trends, rasid_application_get_facet_index (self->app));
  rasid_trends_chart_set_analyzer (self->trends, rasid_application_get_analyzer (self->app));
  rasid_trends_chart_set_filter (self->trends, rasid_desk_filter_get_filter (self->filter));
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (on_filter_changed), self, 0);
  g_signal_connect (self->trends, "period-activated", G_CALLBACK (on_period_activated), self);
  /* The chart counts what the list shows. */
  g_object_bind_property (self, "show-stories", self->trends, "count-stories", G_BINDING_SYNC_CREATE);
  g_settings_bind (settings, "trends-stack", self->trends, "stack", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "trends-bucket", self->trends, "bucket", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-trends", self, "show-trends", G_SETTINGS_BIND_DEFAULT);
}

void
_rasid_window_class_trends_init (RasidWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (RASID_TYPE_TRENDS_CHART);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, trends_revealer);
  gtk_widget_class_bind_template_child (widget_class, RasidWindow, trends);
  gtk_widget_class_install_property_action (widget_class, "win.show-trends", "show-trends");
}
