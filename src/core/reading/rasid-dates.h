/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-dates.h: reading the dates publishers write. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GTimeZone *rasid_syria_timezone   (void);
GTimeZone *rasid_date_zone_new    (const char *identifier);
gint64     rasid_parse_date       (const char *text,
                                   GTimeZone  *default_tz);
gint64     rasid_resolve_clock    (int         hour,
                                   int         minute,
                                   gint64      reference,
                                   GTimeZone  *tz);
char      *rasid_format_iso8601   (gint64      unix_time,
                                   GTimeZone  *tz);

G_END_DECLS
