/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-cli: the cache from a terminal: list reports, fetch sources, manage
 * sources and read text through the analyser. A thin layer over core: this
 * file parses the global options and hands over to one function a command,
 * in a file per group of commands (rasid-cli-private.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "rasid-dates.h"
#include "rasid-store.h"
#include "rasid-cli-private.h"

char *rasid_cli_db;

const char *rasid_cli_usage_text = N_(
  "Usage: rasid-cli [--db PATH] COMMAND [OPTIONS]\n"
  "\n"
  "Commands:\n"
  "  list         List cached reports, newest first\n"
  "  fetch        Fetch all enabled sources into the cache\n"
  "  sources      Show sources and their health\n"
  "  add-source   Follow a new source: add-source URL [--kind K] [--rules FILE] [--ticker]\n"
  "  remove-source  Stop following a source: remove-source ID\n"
  "  preview      Show as JSON what Rasid would take from URL or FILE, storing nothing\n"
  "  discover     List the feeds a site's home page announces\n"
  "  import-opml  Follow every feed in an OPML file\n"
  "  export-opml  Write the sources as OPML\n"
  "  export       Write reports as CSV, XLSX, JSON, GeoJSON, HTML, PDF or Markdown\n"
  "  prune        Remove reports older than a number of days (starred ones stay)\n"
  "  import-places  Merge a gazetteer in the OCHA/HDX CSV form into your places\n"
  "  reanalyze    Read every stored report again with the current places and actors\n"
  "  analyze      Read report lines on stdin, write one JSON reading per line\n"
  "  stories      List stories: the reports of one event, its first report, outlets and figures\n"
  "\n"
  "Options:\n"
  "  --db PATH    Use this database instead of $XDG_DATA_HOME/rasid/rasid.db\n"
  "  --version    Print the version and exit\n"
  "  -h, --help   Show this help; COMMAND --help shows a command's options\n");

int
rasid_cli_usage_error (const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_printerr ("rasid-cli: %s\n\n%s", msg, _(rasid_cli_usage_text));
  return EXIT_USAGE;
}

/* The one place an error becomes an exit code: whenever the database turns
 * out damaged, locked, newer or unopenable, at open or later, that is 3. */
int
rasid_cli_exit_code_for (const GError *error)
{
  if (error->domain == RASID_STORE_ERROR)
    switch ((RasidStoreError) error->code)
      {
      case RASID_STORE_ERROR_OPEN:
      case RASID_STORE_ERROR_CORRUPT:
      case RASID_STORE_ERROR_LOCKED:
      case RASID_STORE_ERROR_NEWER:
        return EXIT_DATABASE;
      case RASID_STORE_ERROR_FAILED:
      case RASID_STORE_ERROR_NOT_FOUND:
      default:
        break;
      }
  return EXIT_FAILURE_;
}

/* Reports @error as the command's failure. */
int
rasid_cli_fail (const GError *error)
{
  g_printerr ("rasid-cli: %s\n", error->message);
  return rasid_cli_exit_code_for (error);
}


RasidStore *
rasid_cli_open_store (OpenMode mode, int *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rasid_cli_db ? g_strdup (rasid_cli_db) : rasid_store_default_path ();
  RasidStore *store;

  /* rasid_store_open() would create the file and its folder: a typo in
   * --db must not pass for an empty cache. A stat, never an open: nothing
   * but SQLite opens the file. */
  if (mode == OPEN_EXISTING && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("rasid-cli: there is no database at %s; give --db an existing one, "
                    "or run `rasid-cli fetch` to start it\n"), path);
      *exit_code = EXIT_NO_DATABASE;
      return NULL;
    }
  if ((store = rasid_store_open (path, &error)) == NULL)
    *exit_code = rasid_cli_fail (error);
  return store;
}

/* Parses a command's own options; leaves positional arguments in argv. */
gboolean
rasid_cli_parse_command (const char *name, const char *params, GOptionEntry *entries, int *argc, char ***argv, int *exit_code)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (params);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_strdup_printf ("rasid-cli %s", name);

  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      *exit_code = rasid_cli_usage_error (_("%s: %s"), name, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
rasid_cli_parse_filter_command (const char *name, const char *params, const GOptionEntry *entries,
                                RasidCliFilterArgs *args, RasidCliFilterWording wording, int *argc, char ***argv,
                                int *exit_code)
{
  const gboolean stories = wording == RASID_CLI_FILTER_STORIES;
  const GOptionEntry filter_entries[] = {
    { "place", 0, 0, G_OPTION_ARG_STRING, &args->place,
      stories ? N_("Only stories with a report in this place (P-code or id) or below it")
              : N_("Only reports in this place (P-code or id) or below it"), N_("ID") },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &args->actor,
      stories ? N_("Only stories with a report naming this actor") : N_("Only reports naming this actor"), N_("ID") },
    { "event", 0, 0, G_OPTION_ARG_STRING, &args->event,
      stories ? N_("Only stories with a report of this event type") : N_("Only reports of this event type"), N_("TYPE") },
    { "query", 'q', 0, G_OPTION_ARG_STRING, &args->query, N_("Full-text search (normalised Arabic)"), N_("TEXT") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &args->since,
      stories ? N_("With a report published at or after this date") : N_("Published at or after this date"),
      N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &args->until,
      stories ? N_("With a report published before this date") : N_("Published before this date"), N_("DATE") },
    { "unread", 0, 0, G_OPTION_ARG_NONE, &args->unread,
      stories ? N_("Only stories with unread reports") : N_("Only unread reports"), NULL },
    { "starred", 0, 0, G_OPTION_ARG_NONE, &args->starred,
      stories ? N_("Only stories with starred reports") : N_("Only starred reports"), NULL },
    { "breaking", 0, 0, G_OPTION_ARG_NONE, &args->breaking,
      stories ? N_("Only stories with breaking news") : N_("Only breaking news"), NULL },
  };
  g_autoptr(GArray) all = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));

  for (const GOptionEntry *e = entries; e && e->long_name; e++)
    g_array_append_vals (all, e, 1);
  g_array_append_vals (all, filter_entries, G_N_ELEMENTS (filter_entries));
  return rasid_cli_parse_command (name, params, (GOptionEntry *) all->data, argc, argv, exit_code);
}

RasidFilter *
rasid_cli_filter_from_args (const char *name, const RasidCliFilterArgs *args, int *exit_code)
{
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  gboolean ok_since, ok_until;

  filter->since = rasid_cli_parse_when (args->since, &ok_since);
  filter->until = rasid_cli_parse_when (args->until, &ok_until);
  if (!ok_since || !ok_until)
    {
      *exit_code = rasid_cli_usage_error (_("%s: cannot read the date “%s”"), name,
                                          !ok_since ? args->since : args->until);
      return NULL;
    }
  filter->place_id = g_strdup (args->place);
  filter->actor_id = g_strdup (args->actor);
  filter->event = g_strdup (args->event);
  filter->query = g_strdup (args->query);
  filter->unread_only = args->unread;
  filter->starred_only = args->starred;
  filter->breaking_only = args->breaking;
  return g_steal_pointer (&filter);
}

gboolean
rasid_cli_filter_args_any (const RasidCliFilterArgs *args)
{
  return args->place || args->actor || args->event || args->query || args->since || args->until ||
         args->unread || args->starred || args->breaking;
}

void
rasid_cli_filter_args_clear (RasidCliFilterArgs *args)
{
  g_clear_pointer (&args->place, g_free);
  g_clear_pointer (&args->actor, g_free);
  g_clear_pointer (&args->event, g_free);
  g_clear_pointer (&args->query, g_free);
  g_clear_pointer (&args->since, g_free);
  g_clear_pointer (&args->until, g_free);
}

gint64
rasid_cli_parse_when (const char *text, gboolean *ok)
{
  gint64 t;

  *ok = TRUE;
  if (text == NULL)
    return 0;
  t = rasid_parse_date (text, NULL);
  if (t == 0)
    *ok = FALSE;
  return t;
}

int
main (int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int argc, char **argv);
  } commands[] = {
    { "list", rasid_cli_list },
    { "fetch", rasid_cli_fetch },
    { "sources", rasid_cli_sources },
    { "add-source", rasid_cli_add_source },
    { "remove-source", rasid_cli_remove_source },
    { "preview", rasid_cli_preview },
    { "discover", rasid_cli_discover },
    { "import-opml", rasid_cli_import_opml },
    { "export-opml", rasid_cli_export_opml },
    { "export", rasid_cli_export },
    { "prune", rasid_cli_prune },
    { "import-places", rasid_cli_import_places },
    { "reanalyze", rasid_cli_reanalyze },
    { "analyze", rasid_cli_analyze },
    { "stories", rasid_cli_stories },
  };
  int i;

  setlocale (LC_ALL, "");
  /* RASID_LOCALEDIR: translations of an uninstalled build. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RASID_LOCALEDIR") ? g_getenv ("RASID_LOCALEDIR") : LOCALEDIR);
  textdomain (GETTEXT_PACKAGE);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  /* Global options come before the command. */
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          g_print ("%s", _(rasid_cli_usage_text));
          return EXIT_OK;
        }
      if (g_str_equal (arg, "--version"))
        {
          g_print ("rasid-cli %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      if (g_str_equal (arg, "--db") || g_str_has_prefix (arg, "--db="))
        {
          const char *value = arg[4] == '=' ? arg + 5 : (i + 1 < argc ? argv[++i] : NULL);
          if (value == NULL || *value == 0)
            return rasid_cli_usage_error (_("--db needs a path"));
          g_free (rasid_cli_db);
          rasid_cli_db = g_strdup (value);
          continue;
        }
      if (arg[0] == '-')
        return rasid_cli_usage_error (_("unknown option “%s”"), arg);
      break;
    }
  if (i >= argc)
    return rasid_cli_usage_error (_("no command given"));

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      {
        /* The command sees itself as argv[0]; a --db after it is accepted too. */
        int sub_argc = argc - i;
        char **sub_argv = argv + i;
        for (int k = 1; k < sub_argc; k++)
          if ((g_str_equal (sub_argv[k], "--db") && k + 1 < sub_argc) || g_str_has_prefix (sub_argv[k], "--db="))
            {
              gboolean joined = sub_argv[k][4] == '=';
              g_free (rasid_cli_db);
              rasid_cli_db = g_strdup (joined ? sub_argv[k] + 5 : sub_argv[k + 1]);
              memmove (sub_argv + k, sub_argv + k + (joined ? 1 : 2), (sub_argc - k - (joined ? 1 : 2)) * sizeof (char *));
              sub_argc -= joined ? 1 : 2;
              k--;
            }
        return commands[c].run (sub_argc, sub_argv);
      }
  return rasid_cli_usage_error (_("unknown command “%s”"), argv[i]);
}

