/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-store-private.h: what the store's files share (the instance, the
 * statement helpers, the write queue's end), hooks for tests that build old
 * databases, and the facet index, which reads the store's tables. */
#pragma once

#include <sqlite3.h>

#include "rasid-store.h"

G_BEGIN_DECLS

struct _RasidStore {
  GObject     parent_instance;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → prepared statement, for hot paths */
  char       *scope_key;    /* the filter temp.scope holds the reports of */
  char    *path;
  int      version;
  guint    write_depth;   /* 1 inside a write, more inside nested ones */
  gint64   write_patience; /* µs a writer waits for another process */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Statements run for every stored report are prepared once per connection;
 * a g_autoptr(RasidCachedStmt) only resets its statement when it goes. */
typedef sqlite3_stmt RasidCachedStmt;

void             _rasid_store_cached_release (RasidCachedStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidCachedStmt, _rasid_store_cached_release)

/* Sets @error from SQLite's result code @rc; returns FALSE. */
gboolean         _rasid_store_set_error  (RasidStore    *self,
                                          GError       **error,
                                          int            rc,
                                          const char    *what);
sqlite3_stmt    *_rasid_store_prepare    (RasidStore    *self,
                                          const char    *sql,
                                          GError       **error);
RasidCachedStmt *_rasid_store_cached     (RasidStore    *self,
                                          const char    *sql,
                                          GError       **error);
gboolean         _rasid_store_step_done  (RasidStore    *self,
                                          sqlite3_stmt  *stmt,
                                          const char    *what,
                                          GError       **error);
GArray          *_rasid_store_step_ids   (RasidStore    *self,
                                          sqlite3_stmt  *stmt,
                                          GError       **error);
/* The process's write queue, for state that only writers touch. */
void             _rasid_store_lock_writes   (void);
void             _rasid_store_unlock_writes (void);

/* Ends a write begun with rasid_store_begin(): commits when @ok, else (or
 * when the commit fails) rolls back. Returns whether it was committed. */
gboolean         _rasid_store_end_write  (RasidStore    *self,
                                          gboolean       ok,
                                          GError       **error);
gint64           _rasid_store_count_above (RasidStore   *self,
                                          const RasidFilter *filter,
                                          gint64         above,
                                          GError       **error);
int              _rasid_store_read_user_version (RasidStore *self,
                                          GError       **error);
gboolean         _rasid_store_migrate    (RasidStore    *self,
                                          int            target,
                                          GError       **error);

static inline void
_rasid_bind_text (sqlite3_stmt *stmt, int i, const char *text)
{
  if (text)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static inline char *
_rasid_column_dup (sqlite3_stmt *stmt, int i)
{
  const unsigned char *t = sqlite3_column_text (stmt, i);
  return t ? g_strdup ((const char *) t) : NULL;
}

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
