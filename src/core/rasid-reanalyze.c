/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-reanalyze.c: reads every stored report again with the analyser as
 * it is now (after the gazetteer or the actor list changed), and mirrors
 * the lexicons into the store. */
#include "rasid-reanalyze.h"

#define BATCH 500

/* The gazetteer and actor list as rows in the store, so names resolve in
 * queries and exports without loading them. */
gboolean
rasid_reanalyze_sync_lexicons (RasidStore *store, RasidAnalyzer *analyzer, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (store), FALSE);
  g_return_val_if_fail (RASID_IS_ANALYZER (analyzer), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return rasid_store_sync_lexicons (store, rasid_gazetteer_get_places (rasid_analyzer_get_gazetteer (analyzer)),
                                    rasid_actors_get_all (rasid_analyzer_get_actors (analyzer)), error);
}

/**
 * rasid_reanalyze_store:
 *
 * Replaces every stored report's places, actors, events and casualty
 * counts with what @analyzer reads in it now; read and starred state,
 * attribution and times stay. Reports are read in batches of 500, each
 * analysed outside the write lock and written in one short transaction, so
 * readers and other writers are never held up for long. A report removed
 * meanwhile by another writer is skipped.
 *
 * Returns: the number of reports read again, or -1 with @error set.
 */
gint64
rasid_reanalyze_store (RasidStore *store, RasidAnalyzer *analyzer, GCancellable *cancellable, GError **error)
{
  gint64 last = 0, done = 0;

  g_return_val_if_fail (RASID_IS_STORE (store), -1);
  g_return_val_if_fail (RASID_IS_ANALYZER (analyzer), -1);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!rasid_reanalyze_sync_lexicons (store, analyzer, error))
    return -1;
  for (;;)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_analysis_free);

      if (!rasid_store_read_texts (store, last, BATCH, ids, texts, error))
        return -1;
      if (ids->len == 0)
        return done;
      last = g_array_index (ids, gint64, ids->len - 1);

      for (guint i = 0; i < ids->len; i++)
        {
          const char *title = g_ptr_array_index (texts, 2 * i);
          const char *body = g_ptr_array_index (texts, 2 * i + 1);
          g_ptr_array_add (analyses, rasid_analyzer_analyze (analyzer, title ? title : "",
                                                             body && *body ? body : NULL));
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !rasid_store_begin (store, error))
        return -1;
      for (guint i = 0; i < ids->len; i++)
        {
          const char *body = g_ptr_array_index (texts, 2 * i + 1);
          gboolean found;

          if (!rasid_store_replace_readings (store, g_array_index (ids, gint64, i), g_ptr_array_index (texts, 2 * i),
                                             body && *body ? body : NULL, g_ptr_array_index (analyses, i),
                                             &found, error))
            {
              rasid_store_rollback (store);
              return -1;
            }
          done += found;
        }
      if (!rasid_store_commit (store, error))
        {
          rasid_store_rollback (store);
          return -1;
        }
    }
}
