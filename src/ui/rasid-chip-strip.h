/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-chip-strip.h: one line of place and faction chips, drawn by one
 * widget. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  RASID_CHIP_PLACE,
  RASID_CHIP_ACTOR,
} RasidChipKind;

#define RASID_TYPE_CHIP_STRIP (rasid_chip_strip_get_type ())
G_DECLARE_FINAL_TYPE (RasidChipStrip, rasid_chip_strip, RASID, CHIP_STRIP, GtkWidget)

GtkWidget *rasid_chip_strip_new       (void);
void       rasid_chip_strip_set_chips (RasidChipStrip       *self,
                                       const char *const    *texts,
                                       const RasidChipKind  *kinds,
                                       guint                 n);
const char *rasid_chip_strip_get_chip (RasidChipStrip       *self,
                                       guint                 i,
                                       gboolean             *ellipsized);

G_END_DECLS
