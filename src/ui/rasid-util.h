/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-util.h: small formatting helpers shared by the desk's widgets. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean  rasid_ui_prefers_arabic    (void);
char     *rasid_format_relative      (gint64      unix_time,
                                      gint64      now);
char     *rasid_format_absolute      (gint64      unix_time);
char     *rasid_format_clock         (gint64      unix_time);
const char *rasid_pick_name          (const char *name_ar,
                                      const char *name_en);
const char *rasid_event_label        (const char *event_id);
char       *rasid_place_with_qualifier (const char *qualifier,
                                        const char *name);
gboolean    rasid_link_is_web        (const char *link);
void        rasid_set_accessible_label (GtkWidget  *widget,
                                        const char *label);
const char *rasid_get_accessible_label (GtkWidget  *widget);
void        rasid_label_set_text_aligned (GtkLabel   *label,
                                          const char *text);

G_END_DECLS
