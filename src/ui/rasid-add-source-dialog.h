/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-add-source-dialog.h: check an address, preview its feed, add it. */
#pragma once

#include <adwaita.h>

#include "rasid-application.h"

G_BEGIN_DECLS

#define RASID_TYPE_ADD_SOURCE_DIALOG (rasid_add_source_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RasidAddSourceDialog, rasid_add_source_dialog, RASID, ADD_SOURCE_DIALOG, AdwWindow)

RasidAddSourceDialog *rasid_add_source_dialog_new       (RasidApplication     *app,
                                                         GtkWindow            *parent);
const char           *rasid_add_source_dialog_get_state (RasidAddSourceDialog *self);

G_END_DECLS
