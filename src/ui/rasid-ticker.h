/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-ticker.h: the breaking-news strip. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-report-model.h"

G_BEGIN_DECLS

/* How long the window may be out of focus before the ticker stops moving. */
#define RASID_TICKER_IDLE_SECONDS 10

#define RASID_TYPE_TICKER (rasid_ticker_get_type ())
G_DECLARE_FINAL_TYPE (RasidTicker, rasid_ticker, RASID, TICKER, GtkWidget)

GtkWidget *rasid_ticker_new          (void);
void       rasid_ticker_set_model    (RasidTicker      *self,
                                      RasidReportModel *model);
void       rasid_ticker_set_speed    (RasidTicker      *self,
                                      double            pixels_per_second);
guint      rasid_ticker_get_n_items  (RasidTicker      *self);
const char *rasid_ticker_get_item_text (RasidTicker    *self,
                                        guint           index);
gboolean   rasid_ticker_get_scrolling (RasidTicker     *self);

G_END_DECLS
