/* rasid-store-private.h: hooks for tests that build old databases, and
 * for the facet index, which reads the store's tables. */
#pragma once

#include <sqlite3.h>

#include "rasid-store.h"

G_BEGIN_DECLS

RasidStore *_rasid_store_open_at_version (const char *path,
                                          int         version,
                                          GError    **error);
gboolean    _rasid_store_exec            (RasidStore *self,
                                          const char *sql,
                                          GError    **error);

sqlite3    *_rasid_store_get_db          (RasidStore *self);

/* report_places' columns, in the order the facet index keeps them. */
typedef enum {
  RASID_PLACE_COLUMN_PLACE,
  RASID_PLACE_COLUMN_ADMIN1,
  RASID_PLACE_COLUMN_ADMIN2,
  RASID_PLACE_COLUMN_ADMIN3,
} RasidPlaceColumn;

RasidPlaceColumn _rasid_place_column     (const char *place_id);

G_END_DECLS
