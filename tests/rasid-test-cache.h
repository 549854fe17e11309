/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-test-cache.h: a real cache in a temporary folder, for the tests
 * that compare the facet index with SQL: a writer (another process's
 * connection, as the CLI's), a reader (the worker thread's), an index,
 * three sources, and the filters a test collects. */
#pragma once

#include "rasid-facet-index.h"
#include "rasid-store-private.h"
#include "rasid-test-util.h"

#include <sqlite3.h>

typedef struct {
  char            *dir;
  char            *path;
  RasidAnalyzer   *analyzer;
  RasidStore      *writer;
  RasidStore      *reader;
  RasidFacetIndex *index;
  gint64           sources[3];
  GPtrArray       *filters;
} RasidTestCache;

static inline void
rasid_test_cache_open (RasidTestCache *c)
{
  g_autoptr(GError) error = NULL;

  c->dir = rasid_test_tmpdir ();
  c->path = g_build_filename (c->dir, "rasid.db", NULL);
  c->analyzer = rasid_analyzer_new_default (&error);
  g_assert_no_error (error);
  c->writer = rasid_store_open (c->path, &error);
  g_assert_no_error (error);
  c->reader = rasid_store_open (c->path, &error);
  g_assert_no_error (error);
  c->index = rasid_facet_index_new ();
  for (guint s = 0; s < 3; s++)
    {
      g_autofree char *url = g_strdup_printf ("https://source%u.example/feed", s);
      c->sources[s] = rasid_store_add_source (c->writer, url, url, NULL, FALSE, &error);
      g_assert_no_error (error);
    }
  c->filters = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_filter_free);
}

static inline void
rasid_test_cache_close (RasidTestCache *c)
{
  g_clear_object (&c->index);
  g_clear_object (&c->reader);
  g_clear_object (&c->writer);
  g_clear_object (&c->analyzer);
  g_ptr_array_unref (c->filters);
  rasid_test_rmdir (c->dir);
  g_free (c->dir);
  g_free (c->path);
}

/* Stores a report through the writer as ingest does, filing a new one in
 * its story in the same write, unless @file is FALSE. */
static inline gint64
rasid_test_cache_store (RasidTestCache *c, gint64 source, const char *guid, const char *title, gint64 published,
                        gboolean breaking, gint64 fetched, gboolean file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
  g_autoptr(RasidAnalysis) a = NULL;
  RasidUpsertResult result;
  gint64 id;

  item->guid = g_strdup (guid);
  item->title = g_strdup (title);
  item->published = published;
  item->breaking = breaking;
  a = rasid_analyzer_analyze (c->analyzer, title, NULL);
  id = rasid_store_upsert_report (c->writer, source, item, a, fetched, &result, &error);
  g_assert_no_error (error);
  if (file && result == RASID_UPSERT_NEW)
    g_assert_true (rasid_store_cluster_report (c->writer, id, a, NULL, &error));
  g_assert_no_error (error);
  return id;
}

/* Calls @func with each headline of the analysis corpus, its line's number
 * @i (from 1, the header left out) and a guid made of it; returns how
 * many. */
typedef void (*RasidTestCorpusFunc) (guint i, const char *guid, const char *title, gpointer data);

static inline guint
rasid_test_cache_each_corpus_title (RasidTestCorpusFunc func, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *corpus = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (CORPUS_DIR "/reports.tsv", &corpus, NULL, &error));
  lines = g_strsplit (corpus, "\n", -1);
  for (guint i = 1; lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", 2);
      g_autofree char *guid = g_strdup_printf ("r%u", i);

      if (cols[0] == NULL || *cols[0] == 0)
        continue;
      func (i, guid, cols[0], data);
      n++;
    }
  return n;
}

/* The first column of @sql's rows, through the writer, as filter material. */
static inline GPtrArray *
rasid_test_cache_distinct (RasidTestCache *c, const char *sql)
{
  sqlite3 *db = _rasid_store_get_db (c->writer);
  sqlite3_stmt *stmt = NULL;
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return values;
}

/* A new empty filter, freed with the cache. */
static inline RasidFilter *
rasid_test_cache_add_filter (RasidTestCache *c)
{
  RasidFilter *filter = rasid_filter_new ();

  g_ptr_array_add (c->filters, filter);
  return filter;
}
