/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-cli-reports.c: the commands on the cached reports: list, export,
 * prune. */
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

/* ---- list ---------------------------------------------------------------- */

int
rasid_cli_list (int argc, char **argv)
{
  g_auto(RasidCliFilterArgs) args = { 0 };
  gboolean json = FALSE;
  int limit = 50;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N reports (0: all; default 50)"), N_("N") },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidFilter) filter = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  int code = EXIT_OK;

  if (!rasid_cli_parse_filter_command ("list", "", entries, &args, RASID_CLI_FILTER_REPORTS, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("list: unexpected argument “%s”"), argv[1]);
  if (limit < 0)
    return rasid_cli_usage_error (_("list: --limit must not be negative"));
  if ((filter = rasid_cli_filter_from_args ("list", &args, &code)) == NULL)
    return code;

  if ((store = rasid_cli_open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  ids = rasid_store_query_ids (store, filter, &error);
  if (ids == NULL)
    return rasid_cli_fail (error);
  if (limit > 0 && ids->len > (guint) limit)
    g_array_set_size (ids, limit);
  reports = rasid_store_load_reports (store, (gint64 *) ids->data, ids->len, &error);
  if (reports == NULL)
    return rasid_cli_fail (error);

  if (json)
    {
      g_autoptr(RasidGazetteer) gazetteer = rasid_gazetteer_new_default (&error);
      g_autoptr(JsonNode) array = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *out = NULL;

      if (gazetteer == NULL)
        return rasid_cli_fail (error);
      json_node_take_array (array, json_array_sized_new (reports->len));
      for (guint i = 0; i < reports->len; i++)
        json_array_add_element (json_node_get_array (array),
                                rasid_report_json_report (g_ptr_array_index (reports, i), gazetteer,
                                                          RASID_REPORT_JSON_LIST));
      out = rasid_report_json_to_string (array, TRUE);
      g_print ("%s\n", out);
      return EXIT_OK;
    }

  for (guint i = 0; i < reports->len; i++)
    {
      RasidReport *r = g_ptr_array_index (reports, i);
      g_autofree char *published = rasid_format_iso8601 (rasid_report_get_published (r), NULL);
      GPtrArray *places = rasid_report_get_places (r);
      g_autoptr(GString) where = g_string_new (NULL);

      for (guint k = 0; k < places->len; k++)
        {
          RasidReportPlace *p = g_ptr_array_index (places, k);
          g_string_append_printf (where, "%s%s", k ? "، " : "", p->name_ar);
        }
      published[16] = 0;      /* minutes are enough in a table */
      g_print ("%6" G_GINT64_FORMAT "  %s  %s%s  [%s]\n", rasid_report_get_id (r), published,
               rasid_report_get_breaking (r) ? "⚡ " : "", rasid_report_get_title (r), where->str);
    }
  return EXIT_OK;
}

int
rasid_cli_prune (int argc, char **argv)
{
  int days = -1;
  GOptionEntry entries[] = {
    { "older-than", 0, 0, G_OPTION_ARG_INT, &days, N_("Remove reports published more than DAYS days ago"), N_("DAYS") },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 removed;
  int code = EXIT_OK;

  if (!rasid_cli_parse_command ("prune", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("prune: unexpected argument “%s”"), argv[1]);
  if (days < 1)
    return rasid_cli_usage_error (_("prune: give --older-than DAYS (at least 1)"));
  if ((store = rasid_cli_open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  removed = rasid_store_prune (store, g_get_real_time () / G_USEC_PER_SEC - (gint64) days * 86400, &error);
  if (removed < 0)
    return rasid_cli_fail (error);
  g_print (_("%u reports removed\n"), (guint) removed);
  return EXIT_OK;
}

/* ---- export --------------------------------------------------------------- */

/* "1,2,3": the reports an analyst picked, in that order. */
static GArray *
parse_ids (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; parts[i]; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *end = NULL;
      gint64 id = g_ascii_strtoll (part, &end, 10);

      if (*part == 0 || end == part || *end || id <= 0)
        return NULL;
      g_array_append_val (ids, id);
    }
  return ids->len ? g_steal_pointer (&ids) : NULL;
}

/* The filter in words, for the header of the document. */
static char *
describe_filter (const RasidFilter *filter, const char *since, const char *until, const char *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(RasidGazetteer) gazetteer = NULL;
  g_autoptr(RasidActors) actors = NULL;

  if (ids)
    g_string_append_printf (out, "تقارير مختارة: %s", ids);
  if (filter->place_id)
    {
      const RasidPlace *place = NULL;

      if ((gazetteer = rasid_gazetteer_new_default (NULL)))
        place = rasid_gazetteer_lookup (gazetteer, filter->place_id);
      if (place)
        g_string_append_printf (out, "%sالمكان: %s (%s)", out->len ? " · " : "", place->name_ar, place->id);
      else
        g_string_append_printf (out, "%sالمكان: %s", out->len ? " · " : "", filter->place_id);
    }
  if (filter->actor_id)
    {
      const RasidActor *actor = NULL;

      if ((actors = rasid_actors_new_default (NULL)))
        actor = rasid_actors_lookup (actors, filter->actor_id);
      g_string_append_printf (out, "%sالطرف: %s", out->len ? " · " : "", actor ? actor->name_ar : filter->actor_id);
    }
  if (filter->event)
    g_string_append_printf (out, "%sالحدث: %s", out->len ? " · " : "", filter->event);
  if (since)
    g_string_append_printf (out, "%sمن: %s", out->len ? " · " : "", since);
  if (until)
    g_string_append_printf (out, "%sإلى: %s", out->len ? " · " : "", until);
  if (filter->query)
    g_string_append_printf (out, "%sبحث: «%s»", out->len ? " · " : "", filter->query);
  if (out->len == 0)
    g_string_append (out, "كل التقارير");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The filter in the desktop's language, for the briefing, which says its
 * period itself. */
static char *
describe_filter_local (const RasidFilter *filter)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *sep = " · ";
  gboolean rtl = FALSE;

  /* Arabic names when the briefing is written in Arabic (as it decides). */
  for (const char *p = _("Rasid briefing"); *p && !rtl; p = g_utf8_next_char (p))
    rtl = g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC;

  if (filter->place_id)
    {
      g_autoptr(RasidGazetteer) gazetteer = rasid_gazetteer_new_default (NULL);
      const RasidPlace *place = gazetteer ? rasid_gazetteer_lookup (gazetteer, filter->place_id) : NULL;
      g_autofree char *name = place ? g_strdup_printf ("%s (%s)", rtl || !place->name_en ? place->name_ar : place->name_en,
                                                       place->id)
                                    : g_strdup (filter->place_id);
      g_string_append_printf (out, _("Place: %s"), name);
    }
  if (filter->actor_id)
    {
      g_autoptr(RasidActors) actors = rasid_actors_new_default (NULL);
      const RasidActor *actor = actors ? rasid_actors_lookup (actors, filter->actor_id) : NULL;

      if (out->len)
        g_string_append (out, sep);
      g_string_append_printf (out, _("Party: %s"),
                              actor ? (rtl || !actor->name_en ? actor->name_ar : actor->name_en) : filter->actor_id);
    }
  if (filter->event)
    {
      if (out->len)
        g_string_append (out, sep);
      g_string_append_printf (out, _("Event: %s"), filter->event);
    }
  if (filter->query)
    {
      if (out->len)
        g_string_append (out, sep);
      g_string_append_printf (out, _("Search: “%s”"), filter->query);
    }
  if (out->len == 0)
    g_string_append (out, _("All reports"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Streams the finished export to standard output; a closed pipe or a full
 * device is an error, not a silent truncation. */
static gboolean
copy_to_stdout (const char *path, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  char buf[64 * 1024];
  gssize n;

  if (in == NULL)
    return FALSE;
  fflush (stdout);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf, NULL, error)) > 0)
    if (fwrite (buf, 1, n, stdout) != (gsize) n)
      break;
  if (n < 0)
    return FALSE;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write to standard output: %s",
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_events (RasidStore *store, RasidGazetteer *gazetteer, GArray *story_ids, const RasidExportOptions *options,
              const char *path, guint *n_written, GError **error)
{
  g_autoptr(RasidActors) actors = rasid_actors_new_default (error);

  return actors && rasid_export_events (store, gazetteer, actors, story_ids, options, path, NULL, n_written, error);
}

int
rasid_cli_export (int argc, char **argv)
{
  g_auto(RasidCliFilterArgs) args = { 0 };
  g_autofree char *ids_text = NULL, *format_name = NULL, *output = NULL, *title = NULL;
  gboolean force = FALSE, no_bom = FALSE, events = FALSE, briefing = FALSE;
  int min_outlets = 0;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("csv, xlsx, json, geojson, html, pdf or md"), N_("FORMAT") },
    { "events", 0, 0, G_OPTION_ARG_NONE, &events, N_("The stories as an event table in ACLED's columns (csv or xlsx)"), NULL },
    { "briefing", 0, 0, G_OPTION_ARG_NONE, &briefing, N_("A one-page PDF briefing of the top stories"), NULL },
    { "min-outlets", 0, 0, G_OPTION_ARG_INT, &min_outlets, N_("With --events or --briefing: only stories confirmed by at least N outlets"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE (- for standard output)"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { "no-bom", 0, 0, G_OPTION_ARG_NONE, &no_bom, N_("CSV: no UTF-8 byte-order mark"), NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title of the document"), N_("TEXT") },
    { "ids", 0, 0, G_OPTION_ARG_STRING, &ids_text, N_("Only these reports, in this order"), N_("ID,ID,…") },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidGazetteer) gazetteer = NULL;
  g_autoptr(RasidFilter) filter = NULL;
  g_autoptr(RasidExportOptions) options = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  RasidExportFormat format;
  g_autofree char *tmp_dir = NULL, *path = NULL;
  gboolean to_stdout;
  guint n_written = 0;
  GStatBuf st;
  int code = EXIT_OK;

  if (!rasid_cli_parse_filter_command ("export", "", entries, &args, RASID_CLI_FILTER_REPORTS, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("export: unexpected argument “%s”"), argv[1]);
  if (events && briefing)
    return rasid_cli_usage_error (_("export: give --events or --briefing, not both"));
  if (briefing && format_name == NULL)
    format_name = g_strdup ("pdf");
  if (format_name == NULL)
    return rasid_cli_usage_error (_("export: give --format csv|xlsx|json|geojson|html|pdf|md"));
  if (!rasid_export_format_from_string (format_name, &format))
    return rasid_cli_usage_error (_("export: unknown format “%s”"), format_name);
  if (events && format != RASID_EXPORT_CSV && format != RASID_EXPORT_XLSX)
    return rasid_cli_usage_error (_("export: --events is written as csv or xlsx"));
  if (briefing && format != RASID_EXPORT_PDF)
    return rasid_cli_usage_error (_("export: --briefing is written as pdf"));
  if ((events || briefing) && ids_text)
    return rasid_cli_usage_error (_("export: --ids picks reports, not stories; use the filter options"));
  if (min_outlets != 0 && !events && !briefing)
    return rasid_cli_usage_error (_("export: --min-outlets counts the outlets of stories; give --events or --briefing"));
  if (min_outlets < 0)
    return rasid_cli_usage_error (_("export: --min-outlets must not be negative"));
  if (output == NULL || *output == 0)
    return rasid_cli_usage_error (_("export: give the file to write with -o FILE, or -o - for standard output"));
  if (ids_text && rasid_cli_filter_args_any (&args))
    return rasid_cli_usage_error (_("export: --ids cannot be combined with filter options"));
  if (ids_text && (ids = parse_ids (ids_text)) == NULL)
    return rasid_cli_usage_error (_("export: “%s” is not a list of report ids like 1,2,3"), ids_text);
  if ((filter = rasid_cli_filter_from_args ("export", &args, &code)) == NULL)
    return code;

  options = rasid_export_options_new (format);
  options->bom = !no_bom;
  options->overwrite = force;
  options->min_outlets = min_outlets;
  options->title = g_strdup (title);
  options->filter_description = briefing ? describe_filter_local (filter)
                                         : describe_filter (filter, args.since, args.until, ids_text);

  to_stdout = g_str_equal (output, "-");
  /* Refuse early, before the database is even opened. The library checks
   * again, and also that the file is not the database itself. */
  if (!to_stdout && g_lstat (output, &st) == 0)
    {
      if (!S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
        {
          g_printerr (_("rasid-cli: “%s” is not a regular file; an export replaces only regular files\n"), output);
          return EXIT_FAILURE_;
        }
      if (!force)
        {
          g_printerr (_("rasid-cli: “%s” already exists; use --force to replace it\n"), output);
          return EXIT_FAILURE_;
        }
    }
  if ((store = rasid_cli_open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  /* The events are stories: those with a report the filter matches. */
  if (events && (ids = rasid_store_query_stories_full (store, filter, options->min_outlets,
                                                       RASID_STORY_ORDER_NEWEST, &error)) == NULL)
    return rasid_cli_fail (error);
  if (!briefing && ids == NULL && (ids = rasid_store_query_ids (store, filter, &error)) == NULL)
    return rasid_cli_fail (error);
  if (to_stdout)
    {
      /* Written whole to a private file first, so a failure half-way
       * leaves nothing on standard output but an error on stderr. */
      g_autofree char *name = NULL;

      if ((tmp_dir = g_dir_make_tmp ("rasid-export-XXXXXX", &error)) == NULL)
        return rasid_cli_fail (error);
      name = g_strdup_printf ("export.%s", rasid_export_format_extension (format));
      path = g_build_filename (tmp_dir, name, NULL);
      options->overwrite = FALSE;
    }
  else
    path = g_strdup (output);
  if ((gazetteer = rasid_gazetteer_new_default (&error)) == NULL ||
      !(events ? write_events (store, gazetteer, ids, options, path, &n_written, &error)
        : briefing ? rasid_export_briefing (store, gazetteer, filter, options, path, NULL, &n_written, &error)
        : rasid_export_reports (store, gazetteer, ids, options, path, NULL, NULL, NULL, &error)) ||
      (to_stdout && !copy_to_stdout (path, &error)))
    {
      if (tmp_dir)
        {
          g_unlink (path);
          g_rmdir (tmp_dir);
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_printerr (_("rasid-cli: “%s” already exists; use --force to replace it\n"), output);
          return EXIT_FAILURE_;
        }
      return rasid_cli_fail (error);
    }
  if (tmp_dir)
    {
      g_unlink (path);
      g_rmdir (tmp_dir);
      /* Standard output holds the document: the count goes to stderr. */
      if (events)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u event written to standard output\n",
                                 "%u events written to standard output\n", n_written), n_written);
      else if (briefing)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "Briefing on %u story written to standard output\n",
                                 "Briefing on %u stories written to standard output\n", n_written), n_written);
      else
        g_printerr (_("%u reports written to standard output\n"), ids->len);
    }
  else if (events)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u event written to %s\n", "%u events written to %s\n", n_written),
             n_written, output);
  else if (briefing)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Briefing on %u story written to %s\n",
                          "Briefing on %u stories written to %s\n", n_written), n_written, output);
  else
    g_print (_("%u reports written to %s\n"), ids->len, output);
  return EXIT_OK;
}

