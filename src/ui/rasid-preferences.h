/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-preferences.h: settings and the sources page. */
#pragma once

#include <adwaita.h>

#include "rasid-application.h"

G_BEGIN_DECLS

#define RASID_TYPE_PREFERENCES (rasid_preferences_get_type ())
G_DECLARE_FINAL_TYPE (RasidPreferences, rasid_preferences, RASID, PREFERENCES, AdwPreferencesWindow)

RasidPreferences *rasid_preferences_new (RasidApplication *app,
                                         GtkWindow        *parent);

G_END_DECLS
