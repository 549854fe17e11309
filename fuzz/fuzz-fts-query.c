/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-fts-query.c: rasid_fts_query_from_user() over arbitrary search
 * text. Its promise is that user input never reaches FTS5 as syntax, so
 * every query it builds is run against an FTS5 table configured like the
 * store's: an FTS5 syntax error is a bug. */
#include "fuzz-common.h"
#include "rasid-store.h"

#include <sqlite3.h>

static sqlite3 *db;
static sqlite3_stmt *match;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  if (sqlite3_open (":memory:", &db) != SQLITE_OK ||
      sqlite3_exec (db, "CREATE VIRTUAL TABLE t USING fts5 (text, "
                        "tokenize = 'unicode61 remove_diacritics 2');"
                        "INSERT INTO t (text) VALUES ('قصف على ريف حلب الشمالي')",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT rowid FROM t WHERE t MATCH ?", -1, &match, NULL) != SQLITE_OK)
    {
      fprintf (stderr, "Cannot set up FTS5: %s\n", sqlite3_errmsg (db));
      abort ();
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = fuzz_cstring (data, size);
  g_autofree char *query = rasid_fts_query_from_user (text);
  int rc;

  if (query == NULL)
    return 0;
  fuzz_check (*query != 0, "NULL, not empty, for no terms");
  fuzz_check_utf8 (query, "query");

  sqlite3_reset (match);
  sqlite3_bind_text (match, 1, query, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (match)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      fprintf (stderr, "FTS5 rejected %s: %s\n", query, sqlite3_errmsg (db));
      abort ();
    }
  sqlite3_clear_bindings (match);
  return 0;
}
