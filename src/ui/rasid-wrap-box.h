/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-wrap-box.h: children in lines, each as wide as it needs, wrapped
 * in the reading direction. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RASID_TYPE_WRAP_BOX (rasid_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (RasidWrapBox, rasid_wrap_box, RASID, WRAP_BOX, GtkWidget)

GtkWidget *rasid_wrap_box_new        (void);
void       rasid_wrap_box_append     (RasidWrapBox *self,
                                      GtkWidget    *child);
void       rasid_wrap_box_remove_all (RasidWrapBox *self);

G_END_DECLS
