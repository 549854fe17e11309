/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-application.h: the application: options, the shared cache and
 * analyser, actions and settings. */
#pragma once

#include <adwaita.h>

#include "rasid-analyzer.h"
#include "rasid-facet-index.h"
#include "rasid-ingest.h"
#include "rasid-store.h"

G_BEGIN_DECLS

#define RASID_TYPE_APPLICATION (rasid_application_get_type ())
G_DECLARE_FINAL_TYPE (RasidApplication, rasid_application, RASID, APPLICATION, AdwApplication)

RasidApplication *rasid_application_new          (void);
RasidStore       *rasid_application_get_store    (RasidApplication *self);
RasidIngest      *rasid_application_get_ingest   (RasidApplication *self);
RasidAnalyzer    *rasid_application_get_analyzer (RasidApplication *self);
RasidFacetIndex  *rasid_application_get_facet_index (RasidApplication *self);
GSettings        *rasid_application_get_settings (RasidApplication *self);
gboolean          rasid_application_get_offline  (RasidApplication *self);

G_END_DECLS
