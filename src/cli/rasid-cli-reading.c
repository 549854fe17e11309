/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-cli-reading.c: the commands on reading reports: import-places,
 * reanalyze, analyze. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rasid-analyzer.h"
#include "rasid-dates.h"
#include "rasid-export.h"
#include "rasid-fetcher.h"
#include "rasid-ingest.h"
#include "rasid-opml.h"
#include "rasid-page.h"
#include "rasid-reanalyze.h"
#include "rasid-report-json.h"
#include "rasid-store.h"
#include "rasid-cli-private.h"

/* ---- gazetteer ------------------------------------------------------------ */

int
rasid_cli_import_places (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL, *tsv = NULL, *existing = NULL, *merged = NULL;
  g_autofree char *path = rasid_gazetteer_user_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new ("id\tlevel\tparent\tname_ar\tname_en\taliases_ar\taliases_en\tlat\tlon\n");
  g_autoptr(RasidGazetteer) check = rasid_gazetteer_new ();
  gsize len;
  guint n = 0, skipped = 0;
  int code = EXIT_OK;

  if (!rasid_cli_parse_command ("import-places", "FILE.csv", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return rasid_cli_usage_error (_("import-places: give exactly one CSV file"));
  if (!g_file_get_contents (argv[1], &data, &len, &error) ||
      (tsv = rasid_gazetteer_csv_to_tsv (data, len, &n, &skipped, &error)) == NULL)
    {
      g_printerr ("rasid-cli: %s: %s\n", argv[1], error->message);
      return EXIT_FAILURE_;
    }
  if (!rasid_gazetteer_load_tsv (check, tsv, strlen (tsv), &error))
    {
      g_printerr ("rasid-cli: %s: %s\n", argv[1], error->message);
      return EXIT_FAILURE_;
    }

  /* Merge by id into the user's places file; a new row replaces an old one. */
  g_file_get_contents (path, &existing, NULL, NULL);
  merged = g_strconcat (existing ? existing : "", existing && *existing && !g_str_has_suffix (existing, "\n") ? "\n" : "",
                        tsv, NULL);
  {
    g_auto(GStrv) lines = g_strsplit (merged, "\n", -1);
    for (guint i = 0; lines[i]; i++)
      {
        char *tab = strchr (lines[i], '\t');
        g_autofree char *id = NULL;

        if (*lines[i] == 0 || *lines[i] == '#' || tab == NULL || g_str_has_prefix (lines[i], "id\t"))
          continue;
        id = g_strndup (lines[i], tab - lines[i]);
        if (!g_hash_table_contains (rows, id))
          g_ptr_array_add (order, g_strdup (id));
        g_hash_table_replace (rows, g_steal_pointer (&id), g_strdup (lines[i]));
      }
  }
  for (guint i = 0; i < order->len; i++)
    {
      g_string_append (out, g_hash_table_lookup (rows, g_ptr_array_index (order, i)));
      g_string_append_c (out, '\n');
    }
  g_ptr_array_set_free_func (order, g_free);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_set_contents (path, out->str, out->len, &error))
    {
      g_printerr (_("rasid-cli: cannot write %s: %s\n"), path, error ? error->message : g_strerror (errno));
      return EXIT_FAILURE_;
    }
  g_print (_("%u places imported into %s (%u rows skipped without a P-code or an Arabic name)\n"
           "Run `rasid-cli reanalyze` to read the stored reports with them.\n"), n, path, skipped);
  return EXIT_OK;
}

int
rasid_cli_reanalyze (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidAnalyzer) analyzer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n;
  int code = EXIT_OK;

  if (!rasid_cli_parse_command ("reanalyze", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("reanalyze: unexpected argument “%s”"), argv[1]);
  if ((store = rasid_cli_open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if ((analyzer = rasid_analyzer_new_default (&error)) == NULL ||
      (n = rasid_reanalyze_store (store, analyzer, NULL, &error)) < 0)
    return rasid_cli_fail (error);
  g_print (_("%u reports read again\n"), (guint) n);
  return EXIT_OK;
}

/* ---- analyze ------------------------------------------------------------- */

int
rasid_cli_analyze (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidAnalyzer) analyzer = NULL;
  g_autoptr(GError) error = NULL;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int code = EXIT_OK;

  if (!rasid_cli_parse_command ("analyze", "< LINES", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("analyze: reads report lines on stdin; unexpected argument “%s”"), argv[1]);
  analyzer = rasid_analyzer_new_default (&error);
  if (analyzer == NULL)
    return rasid_cli_fail (error);
  while ((len = getline (&line, &cap, stdin)) >= 0)
    {
      g_autofree char *text = NULL;
      g_autoptr(RasidAnalysis) a = NULL;
      g_autofree char *json = NULL;

      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = 0;
      text = g_utf8_make_valid (line, len);
      if (*g_strstrip (text) == 0)
        continue;
      a = rasid_analyzer_analyze (analyzer, text, NULL);
      json = rasid_analysis_to_json (a, text);
      g_print ("%s\n", json);
    }
  free (line);
  return EXIT_OK;
}

