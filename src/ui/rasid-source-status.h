/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-source-status.h: the sources' health on the desk. */
#pragma once

#include <adwaita.h>

#include "rasid-application.h"

G_BEGIN_DECLS

#define RASID_TYPE_SOURCE_STATUS (rasid_source_status_get_type ())
G_DECLARE_FINAL_TYPE (RasidSourceStatus, rasid_source_status, RASID, SOURCE_STATUS, GtkWidget)

void        rasid_source_status_set_application (RasidSourceStatus *self,
                                                 RasidApplication  *app);
void        rasid_source_status_update          (RasidSourceStatus *self);
guint       rasid_source_status_get_n_failing   (RasidSourceStatus *self);
gboolean    rasid_source_status_get_all_failing (RasidSourceStatus *self);
const char *rasid_source_status_get_text        (RasidSourceStatus *self);

G_END_DECLS
