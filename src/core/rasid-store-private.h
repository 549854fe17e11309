/* rasid-store-private.h: hooks for tests that build old databases. */
#pragma once

#include "rasid-store.h"

G_BEGIN_DECLS

RasidStore *_rasid_store_open_at_version (const char *path,
                                          int         version,
                                          GError    **error);
gboolean    _rasid_store_exec            (RasidStore *self,
                                          const char *sql,
                                          GError    **error);

G_END_DECLS
