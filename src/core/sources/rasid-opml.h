/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-opml.h: source lists in and out as OPML, as feed readers exchange them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *url;
  char *title;
} RasidOpmlEntry;

GPtrArray *rasid_opml_parse        (const char  *data,
                                    gsize        len,
                                    GError     **error);
char      *rasid_opml_build        (GPtrArray   *sources,
                                    const char  *title);
void       rasid_opml_entry_free   (RasidOpmlEntry *entry);

G_END_DECLS
