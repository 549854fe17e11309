/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-csv.h: RFC 4180 CSV, read and written. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *rasid_csv_parse        (const char *data,
                                   gsize       len,
                                   GError    **error);
void       rasid_csv_append_field (GString    *out,
                                   const char *field);

G_END_DECLS
