/* rasid-cli: the cache from a terminal: list reports, fetch sources, manage
 * sources and read text through the analyser. A thin layer over core. */
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

/* The exit codes README.md documents. */
enum {
  EXIT_OK = 0,
  EXIT_FAILURE_ = 1,       /* the command failed; for fetch, a source's reports could not be stored */
  EXIT_USAGE = 2,
  EXIT_DATABASE = 3,       /* the database is damaged, locked, from a newer Rasid or cannot be opened */
  EXIT_NO_DATABASE = 4,    /* a command that needs a cache found none at the path */
};

static char *opt_db;

static const char *usage_text = N_(
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
  "\n"
  "Options:\n"
  "  --db PATH    Use this database instead of $XDG_DATA_HOME/rasid/rasid.db\n"
  "  --version    Print the version and exit\n"
  "  -h, --help   Show this help; COMMAND --help shows a command's options\n");

static int
usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_printerr ("rasid-cli: %s\n\n%s", msg, _(usage_text));
  return EXIT_USAGE;
}

/* The one place an error becomes an exit code: whenever the database turns
 * out damaged, locked, newer or unopenable, at open or later, that is 3. */
static int
exit_code_for (const GError *error)
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
static int
fail (const GError *error)
{
  g_printerr ("rasid-cli: %s\n", error->message);
  return exit_code_for (error);
}

typedef enum {
  OPEN_OR_CREATE,   /* commands that add to the cache start one */
  OPEN_EXISTING,    /* commands that read or change what is cached need one */
} OpenMode;

static RasidStore *
open_store (OpenMode mode, int *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = opt_db ? g_strdup (opt_db) : rasid_store_default_path ();
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
    *exit_code = fail (error);
  return store;
}

/* Parses a command's own options; leaves positional arguments in argv. */
static gboolean
parse_command (const char *name, const char *params, GOptionEntry *entries, int *argc, char ***argv, int *exit_code)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (params);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_strdup_printf ("rasid-cli %s", name);

  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      *exit_code = usage_error (_("%s: %s"), name, error->message);
      return FALSE;
    }
  return TRUE;
}

static gint64
parse_when (const char *text, gboolean *ok)
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

/* ---- list ---------------------------------------------------------------- */

static void
add_string_member (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *out = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  out = json_generator_to_data (gen, NULL);
  g_print ("%s\n", out);
}

static int
cmd_list (int argc, char **argv)
{
  g_autofree char *place = NULL, *actor = NULL, *query = NULL, *since = NULL, *until = NULL, *event = NULL;
  gboolean json = FALSE, unread = FALSE, starred = FALSE, breaking = FALSE;
  int limit = 50;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_("Only reports in this place (P-code or id) or below it"), N_("ID") },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Only reports naming this actor"), N_("ID") },
    { "event", 0, 0, G_OPTION_ARG_STRING, &event, N_("Only reports of this event type"), N_("TYPE") },
    { "query", 'q', 0, G_OPTION_ARG_STRING, &query, N_("Full-text search (normalised Arabic)"), N_("TEXT") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Published at or after this date"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Published before this date"), N_("DATE") },
    { "unread", 0, 0, G_OPTION_ARG_NONE, &unread, N_("Only unread reports"), NULL },
    { "starred", 0, 0, G_OPTION_ARG_NONE, &starred, N_("Only starred reports"), NULL },
    { "breaking", 0, 0, G_OPTION_ARG_NONE, &breaking, N_("Only breaking news"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N reports (0: all; default 50)"), N_("N") },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok_since, ok_until;
  int code = EXIT_OK;

  if (!parse_command ("list", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (_("list: unexpected argument “%s”"), argv[1]);
  if (limit < 0)
    return usage_error (_("list: --limit must not be negative"));
  filter->since = parse_when (since, &ok_since);
  filter->until = parse_when (until, &ok_until);
  if (!ok_since || !ok_until)
    return usage_error (_("list: cannot read the date “%s”"), !ok_since ? since : until);
  filter->place_id = g_steal_pointer (&place);
  filter->actor_id = g_steal_pointer (&actor);
  filter->event = g_steal_pointer (&event);
  filter->query = g_steal_pointer (&query);
  filter->unread_only = unread;
  filter->starred_only = starred;
  filter->breaking_only = breaking;

  if ((store = open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  ids = rasid_store_query_ids (store, filter, &error);
  if (ids == NULL)
    return fail (error);
  if (limit > 0 && ids->len > (guint) limit)
    g_array_set_size (ids, limit);
  reports = rasid_store_load_reports (store, (gint64 *) ids->data, ids->len, &error);
  if (reports == NULL)
    return fail (error);

  if (json)
    {
      g_autoptr(RasidGazetteer) gazetteer = rasid_gazetteer_new_default (&error);
      g_autoptr(JsonNode) array = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *out = NULL;

      if (gazetteer == NULL)
        return fail (error);
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

/* ---- fetch --------------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  GError    *error;
  guint      n_new;
  guint      n_not_stored;   /* sources whose document arrived but was not kept */
  int        store_code;     /* the worst exit code among them */
} FetchState;

static void
on_source_done (RasidIngest *ingest, gint64 source_id, guint n_new, guint n_updated, const char *error,
                gpointer user_data)
{
  if (error)
    g_printerr (_("source %u: %s\n"), (guint) source_id, error);
  else
    g_print (_("source %u: %u new, %u updated\n"), (guint) source_id, n_new, n_updated);
}

/* A server that is down is the source's trouble, shown in `sources`; a
 * document that arrived and could not be stored is this command failing. */
static void
on_store_failed (RasidIngest *ingest, gint64 source_id, const GError *error, gpointer user_data)
{
  FetchState *st = *(FetchState **) user_data;

  st->n_not_stored++;
  st->store_code = MAX (st->store_code, exit_code_for (error));
}

static void
on_refreshed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  FetchState *st = user_data;

  rasid_ingest_refresh_finish (RASID_INGEST (object), res, &st->n_new, &st->error);
  g_main_loop_quit (st->loop);
}

static int
cmd_fetch (int argc, char **argv)
{
  gboolean once = FALSE, offline = FALSE;
  int interval = 15, keep_days = 0;
  GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Fetch every enabled source once and exit"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Only local (file:// and bundled) sources"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, N_("Minutes between passes without --once (default 15)"), N_("MIN") },
    { "keep-days", 0, 0, G_OPTION_ARG_INT, &keep_days, N_("Remove reports published more than DAYS ago (starred stay)"), N_("DAYS") },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidAnalyzer) analyzer = NULL;
  g_autoptr(RasidIngest) ingest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  FetchState *current = NULL;
  int code = EXIT_OK;

  if (!parse_command ("fetch", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (_("fetch: unexpected argument “%s”"), argv[1]);
  if (interval < 1)
    return usage_error (_("fetch: --interval must be at least 1 minute"));
  if (keep_days < 0)
    return usage_error (_("fetch: --keep-days must not be negative"));
  /* Opening first gives a damaged or newer database its clear message. */
  if ((store = open_store (OPEN_OR_CREATE, &code)) == NULL)
    return code;
  analyzer = rasid_analyzer_new_default (&error);
  if (analyzer == NULL)
    return fail (error);
  ingest = rasid_ingest_new (rasid_store_get_path (store), analyzer);
  rasid_ingest_set_network_enabled (ingest, !offline);
  rasid_ingest_set_retention (ingest, keep_days);
  g_signal_connect (ingest, "source-done", G_CALLBACK (on_source_done), NULL);
  g_signal_connect (ingest, "store-failed", G_CALLBACK (on_store_failed), &current);

  for (;;)
    {
      FetchState st = { loop, NULL, 0, 0, EXIT_OK };

      current = &st;
      rasid_ingest_refresh_async (ingest, once ? RASID_REFRESH_ALL : RASID_REFRESH_DUE_ONLY, NULL, on_refreshed, &st);
      g_main_loop_run (loop);
      current = NULL;
      if (st.error)
        {
          code = fail (st.error);
          g_error_free (st.error);
          return code;
        }
      /* Only what was committed: a batch rolled back is not counted. */
      g_print (_("%u new reports\n"), st.n_new);
      if (st.n_not_stored > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "rasid-cli: %u source could not be stored\n",
                                 "rasid-cli: %u sources could not be stored\n", st.n_not_stored),
                    st.n_not_stored);
      if (once || st.store_code == EXIT_DATABASE)
        return st.store_code;
      g_usleep ((gulong) interval * 60 * G_USEC_PER_SEC);
    }
}

/* ---- sources ------------------------------------------------------------- */

static int
cmd_sources (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  int code = EXIT_OK;

  if (!parse_command ("sources", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (_("sources: unexpected argument “%s”"), argv[1]);
  if ((store = open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if ((sources = rasid_store_list_sources (store, &error)) == NULL)
    return fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < sources->len; i++)
        {
          RasidSource *s = g_ptr_array_index (sources, i);
          g_autofree char *ok = s->last_success ? rasid_format_iso8601 (s->last_success, NULL) : NULL;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, s->id);
          add_string_member (b, "url", s->url);
          add_string_member (b, "title", s->title);
          add_string_member (b, "kind", s->kind);
          json_builder_set_member_name (b, "enabled");
          json_builder_add_boolean_value (b, s->enabled);
          json_builder_set_member_name (b, "ticker");
          json_builder_add_boolean_value (b, s->is_ticker);
          add_string_member (b, "last_success", ok);
          add_string_member (b, "last_error", s->last_error);
          add_string_member (b, "last_warning", s->last_warning);
          add_string_member (b, "time_zone", s->time_zone);
          json_builder_set_member_name (b, "last_status");
          json_builder_add_int_value (b, s->last_status);
          json_builder_set_member_name (b, "reports");
          json_builder_add_int_value (b, s->report_count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  /* The health table: one source per two lines. */
  g_print ("%3s  %-3s  %-6s %7s  %-16s  %6s  %5s %5s  %s\n", "id", "on", "kind", "reports", "last success",
           "status", "new", "upd", "title / address / last error");
  for (guint i = 0; i < sources->len; i++)
    {
      RasidSource *s = g_ptr_array_index (sources, i);
      g_autofree char *ok = s->last_success ? rasid_format_iso8601 (s->last_success, NULL) : g_strdup ("never");

      if (s->last_success)
        ok[16] = 0;
      g_print ("%3" G_GINT64_FORMAT "  %-3s  %-6s %7" G_GINT64_FORMAT "  %-16s  %6d  %5u %5u  %s\n"
               "%54s%s%s%s\n",
               s->id, s->enabled ? "on" : "off", s->kind ? s->kind : "auto", s->report_count, ok,
               s->last_status, s->new_count, s->updated_count, s->title ? s->title : "",
               "", s->url, s->last_error ? "  ERROR: " : "", s->last_error ? s->last_error : "");
      if (s->last_warning)
        g_print ("%54s%s%s\n", "", "WARNING: ", s->last_warning);
    }
  return EXIT_OK;
}

static const char *kinds[] = { "auto", "rss", "atom", "rdf", "jsonfeed", "wordpress", "html", NULL };

/* Reads a rules file and checks it compiles before anything is stored. */
static char *
load_rules (const char *path, int *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rules = NULL;

  if (!g_file_get_contents (path, &rules, NULL, &error))
    {
      g_printerr (_("rasid-cli: cannot read the rules: %s\n"), error->message);
      *code = EXIT_FAILURE_;
      return NULL;
    }
  if (!rasid_page_rules_validate (rules, &error))
    {
      g_printerr ("rasid-cli: %s: %s\n", path, error->message);
      *code = EXIT_FAILURE_;
      return NULL;
    }
  return g_steal_pointer (&rules);
}

static gboolean
is_supported_address (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri && g_strv_contains ((const char *[]) { "http", "https", "file", "resource", NULL },
                                 g_uri_get_scheme (uri));
}

static int
cmd_remove_source (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidSource) source = NULL;
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  gint64 id;
  int code = EXIT_OK;

  if (!parse_command ("remove-source", "ID", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (_("remove-source: give exactly one source id (see `rasid-cli sources`)"));
  id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end || id <= 0)
    return usage_error (_("remove-source: “%s” is not a source id"), argv[1]);
  if ((store = open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if ((source = rasid_store_get_source (store, id, &error)) == NULL ||
      !rasid_store_remove_source (store, id, &error))
    return fail (error);
  return EXIT_OK;
}

/* ---- fetching one document: preview, discover ---------------------------- */

typedef struct {
  GMainLoop        *loop;
  RasidFetchResult *result;
  GError           *error;
} FetchOne;

static void
on_fetched_one (GObject *object, GAsyncResult *res, gpointer user_data)
{
  FetchOne *f = user_data;

  f->result = rasid_fetcher_fetch_finish (RASID_FETCHER (object), res, &f->error);
  g_main_loop_quit (f->loop);
}

/* @target: a URL or a local path. */
static RasidFetchResult *
fetch_one (const char *target, char **url_out, GError **error)
{
  g_autoptr(RasidFetcher) fetcher = rasid_fetcher_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  FetchOne f = { loop, NULL, NULL };

  if (is_supported_address (target))
    url = g_strdup (target);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (target);
      if (!g_file_query_exists (file, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such file or address: %s", target);
          return NULL;
        }
      url = g_file_get_uri (file);
    }
  rasid_fetcher_fetch_async (fetcher, url, NULL, NULL, NULL, on_fetched_one, &f);
  g_main_loop_run (loop);
  if (f.error)
    {
      g_propagate_error (error, f.error);
      return NULL;
    }
  if (f.result->body == NULL)
    {
      g_set_error (error, RASID_FETCH_ERROR, RASID_FETCH_ERROR_HTTP, "HTTP %u from %s", f.result->status, url);
      rasid_fetch_result_free (f.result);
      return NULL;
    }
  if (url_out)
    *url_out = g_strdup (f.result->final_url ? f.result->final_url : url);
  return f.result;
}


static int
cmd_preview (int argc, char **argv)
{
  g_autofree char *kind = NULL, *rules_path = NULL, *rules = NULL, *url = NULL;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("auto, rss, atom, rdf, jsonfeed, wordpress or html"), N_("KIND") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path, N_("Extraction rules (JSON) to try on an HTML page"), N_("FILE") },
    { NULL }
  };
  g_autoptr(RasidFetchResult) fetched = NULL;
  g_autoptr(RasidFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int code = EXIT_OK;

  if (!parse_command ("preview", "URL|FILE", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (_("preview: give exactly one URL or file"));
  if (kind && !g_strv_contains (kinds, kind))
    return usage_error (_("preview: unknown kind “%s”"), kind);
  if (rules_path && (rules = load_rules (rules_path, &code)) == NULL)
    return code;
  if ((fetched = fetch_one (argv[1], &url, &error)) == NULL ||
      (feed = rasid_parse_document (kind ? kind : "auto", rules, g_bytes_get_data (fetched->body, NULL),
                                    g_bytes_get_size (fetched->body), url, fetched->charset,
                                    g_get_real_time () / G_USEC_PER_SEC, &error)) == NULL)
    return fail (error);

  json_builder_begin_object (b);
  add_string_member (b, "kind", feed->kind);
  add_string_member (b, "title", feed->title);
  add_string_member (b, "link", feed->link);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < feed->items->len; i++)
    json_builder_add_value (b, rasid_report_json_feed_item (g_ptr_array_index (feed->items, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b);
  return EXIT_OK;
}

static int
cmd_discover (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidFetchResult) fetched = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *url = NULL;
  int code = EXIT_OK;

  if (!parse_command ("discover", "URL|FILE", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (_("discover: give exactly one URL or file"));
  if ((fetched = fetch_one (argv[1], &url, &error)) == NULL)
    return fail (error);
  feeds = rasid_page_discover_feeds (g_bytes_get_data (fetched->body, NULL), g_bytes_get_size (fetched->body), url);
  json_builder_begin_array (b);
  for (guint i = 0; i < feeds->len; i++)
    {
      RasidDiscoveredFeed *f = g_ptr_array_index (feeds, i);
      json_builder_begin_object (b);
      add_string_member (b, "url", f->url);
      add_string_member (b, "title", f->title);
      add_string_member (b, "type", f->type);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  print_json (b);
  return feeds->len > 0 ? EXIT_OK : EXIT_FAILURE_;
}

/* ---- add-source: what the address really is ------------------------------ */

/* The feed a home page announces that is most likely its news: RSS, Atom or
 * RDF before JSON Feed, and those before plain application/json (WordPress
 * announces a page's own REST record that way); comment feeds last. Ties
 * keep the page's order. */
static RasidDiscoveredFeed *
choose_feed (GPtrArray *feeds)
{
  RasidDiscoveredFeed *best = NULL;
  int best_rank = G_MAXINT;

  for (guint i = 0; i < feeds->len; i++)
    {
      RasidDiscoveredFeed *f = g_ptr_array_index (feeds, i);
      g_autofree char *url = g_ascii_strdown (f->url, -1);
      g_autofree char *title = f->title ? g_utf8_strdown (f->title, -1) : g_strdup ("");
      int rank;

      if (g_strcmp0 (f->type, "application/json") == 0)
        rank = 2;
      else if (g_strcmp0 (f->type, "application/feed+json") == 0)
        rank = 1;
      else
        rank = 0;
      if (strstr (url, "comments") || strstr (title, "comments") || strstr (title, "تعليقات") ||
          strstr (title, "التعليقات"))
        rank += 10;
      if (rank < best_rank)
        {
          best = f;
          best_rank = rank;
        }
    }
  return best;
}

/* Parses @fetched as a document of @kind (NULL: whatever it is). */
static RasidFeed *
parse_fetched (RasidFetchResult *fetched, const char *url, const char *kind, GError **error)
{
  return rasid_parse_document (kind ? kind : "auto", NULL, g_bytes_get_data (fetched->body, NULL),
                               g_bytes_get_size (fetched->body), url, fetched->charset,
                               g_get_real_time () / G_USEC_PER_SEC, error);
}

static int
cant_check (const char *url, const GError *error)
{
  g_printerr (_("rasid-cli: cannot check %s: %s\n"
                "Nothing was added; --no-check adds the address without looking at it.\n"), url, error->message);
  return EXIT_FAILURE_;
}

static int
cmd_add_source (int argc, char **argv)
{
  g_autofree char *title = NULL, *kind = NULL, *rules_path = NULL, *rules = NULL, *zone = NULL;
  gboolean ticker = FALSE, full_text = FALSE, no_check = FALSE;
  int interval = 0;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("A name for the source"), N_("TITLE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("auto, rss, atom, rdf, jsonfeed, wordpress or html (default auto)"), N_("KIND") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path, N_("Extraction rules (JSON) for an HTML page"), N_("FILE") },
    { "ticker", 0, 0, G_OPTION_ARG_NONE, &ticker, N_("Every item of this source is breaking news"), NULL },
    { "full-text", 0, 0, G_OPTION_ARG_NONE, &full_text, N_("Fetch each item's page for the whole article"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, N_("Minutes between fetches (default 15)"), N_("MIN") },
    { "no-check", 0, 0, G_OPTION_ARG_NONE, &no_check, N_("Add the address as given, without fetching it first"), NULL },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &zone, N_("Read the source's dates that give no zone in ZONE (default Asia/Damascus)"), N_("ZONE") },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidFetchResult) fetched = NULL;
  g_autoptr(RasidFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *final_url = NULL;
  gboolean page_source;
  gint64 id;
  int code = EXIT_OK;

  if (!parse_command ("add-source", "URL", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (_("add-source: give exactly one URL"));
  if (kind && !g_strv_contains (kinds, kind))
    return usage_error (_("add-source: unknown kind “%s”"), kind);
  if (interval < 0 || interval > 10080)
    return usage_error (_("add-source: --interval must be between 1 and 10080 minutes"));
  if (!is_supported_address (argv[1]))
    return usage_error (_("add-source: “%s” is not an http(s) or file address"), argv[1]);
  if (rules_path && (rules = load_rules (rules_path, &code)) == NULL)
    return code;
  if (zone)
    {
      /* GLib falls back to UTC for a name it does not know: ask for it by identifier. */
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
      if (tz == NULL)
        return usage_error (_("add-source: unknown time zone “%s” (use a name such as Europe/Istanbul)"), zone);
    }
  if (kind && g_str_equal (kind, "auto"))
    g_clear_pointer (&kind, g_free);
  /* Asked for by name: the page itself is the source, read with its rules
   * or as one article per fetch. */
  page_source = rules != NULL || g_strcmp0 (kind, "html") == 0;
  url = g_strdup (argv[1]);

  /* Look before storing: a home page stored as a source gives one junk
   * report a fetch, and an address that answers nothing gives none. */
  if (!no_check)
    {
      if ((fetched = fetch_one (url, &final_url, &error)) == NULL)
        return cant_check (url, error);
      if (!page_source && kind == NULL &&
          rasid_page_looks_like_html (g_bytes_get_data (fetched->body, NULL), g_bytes_get_size (fetched->body)))
        {
          g_autoptr(GPtrArray) feeds = rasid_page_discover_feeds (g_bytes_get_data (fetched->body, NULL),
                                                                  g_bytes_get_size (fetched->body), final_url);
          RasidDiscoveredFeed *chosen = choose_feed (feeds);

          if (chosen == NULL)
            {
              g_printerr (_("rasid-cli: %s is a web page that announces no feed; nothing was added.\n"
                            "To follow the page itself, give --kind html (and --rules FILE for a list of items).\n"),
                          url);
              return EXIT_FAILURE_;
            }
          /* `discover` lists them all. */
          g_printerr (_("%s is a web page; following the feed it announces: %s (%s)\n"), url, chosen->url,
                      chosen->title ? chosen->title : chosen->type);
          g_free (url);
          url = g_strdup (chosen->url);
          g_clear_pointer (&final_url, g_free);
          g_clear_pointer (&fetched, rasid_fetch_result_free);
          if ((fetched = fetch_one (url, &final_url, &error)) == NULL)
            return cant_check (url, error);
        }
      if (!page_source && (feed = parse_fetched (fetched, final_url, kind, &error)) == NULL)
        {
          g_printerr (_("rasid-cli: %s is not a feed Rasid can read: %s\n"), url, error->message);
          return EXIT_FAILURE_;
        }
      /* A page Rasid did not take for a feed, and no one said it was one. */
      if (feed && kind == NULL && g_strcmp0 (feed->kind, "html") == 0)
        {
          g_printerr (_("rasid-cli: %s is a web page that announces no feed; nothing was added.\n"
                        "To follow the page itself, give --kind html (and --rules FILE for a list of items).\n"),
                      url);
          return EXIT_FAILURE_;
        }
    }

  if ((store = open_store (OPEN_OR_CREATE, &code)) == NULL)
    return code;
  /* One write: a source is added with all its options or not at all. */
  if (!rasid_store_begin (store, &error))
    return fail (error);
  id = rasid_store_add_source (store, url, title ? title : (feed ? feed->title : NULL), kind, ticker, &error);
  if (id == 0 ||
      !rasid_store_set_source_options (store, id, kind, rules, full_text ? 1 : -1, -1, interval * 60, &error) ||
      (zone && !rasid_store_set_source_time_zone (store, id, zone, &error)) ||
      !rasid_store_commit (store, &error))
    {
      rasid_store_rollback (store);
      return fail (error);
    }
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return EXIT_OK;
}

/* ---- OPML and retention --------------------------------------------------- */

static int
cmd_import_opml (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(GPtrArray) entries_ = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  guint added = 0, skipped = 0;
  int code = EXIT_OK;

  if (!parse_command ("import-opml", "FILE", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (_("import-opml: give exactly one OPML file"));
  if (!g_file_get_contents (argv[1], &data, &len, &error) ||
      (entries_ = rasid_opml_parse (data, len, &error)) == NULL)
    {
      g_printerr ("rasid-cli: %s: %s\n", argv[1], error->message);
      return EXIT_FAILURE_;
    }
  if ((store = open_store (OPEN_OR_CREATE, &code)) == NULL)
    return code;
  if (!rasid_store_begin (store, &error))
    return fail (error);
  for (guint i = 0; i < entries_->len; i++)
    {
      RasidOpmlEntry *e = g_ptr_array_index (entries_, i);
      if (!is_supported_address (e->url))
        {
          g_printerr (_("rasid-cli: skipping “%s”: not an http(s) or file address\n"), e->url);
          skipped++;
          continue;
        }
      if (rasid_store_add_source (store, e->url, e->title, NULL, FALSE, &error) == 0)
        {
          rasid_store_rollback (store);
          return fail (error);
        }
      added++;
    }
  if (!rasid_store_commit (store, &error))
    return fail (error);
  g_print (_("%u sources imported, %u skipped\n"), added, skipped);
  return EXIT_OK;
}

static int
cmd_export_opml (int argc, char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *opml = NULL;
  int code = EXIT_OK;

  if (!parse_command ("export-opml", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (_("export-opml: unexpected argument “%s”"), argv[1]);
  if ((store = open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if ((sources = rasid_store_list_sources (store, &error)) == NULL)
    return fail (error);
  opml = rasid_opml_build (sources, "Rasid sources");
  if (output == NULL)
    {
      g_print ("%s", opml);
      return EXIT_OK;
    }
  /* g_file_set_contents writes a temporary file and renames it. */
  if (!g_file_set_contents (output, opml, -1, &error))
    return fail (error);
  return EXIT_OK;
}

static int
cmd_prune (int argc, char **argv)
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

  if (!parse_command ("prune", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (_("prune: unexpected argument “%s”"), argv[1]);
  if (days < 1)
    return usage_error (_("prune: give --older-than DAYS (at least 1)"));
  if ((store = open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  removed = rasid_store_prune (store, g_get_real_time () / G_USEC_PER_SEC - (gint64) days * 86400, &error);
  if (removed < 0)
    return fail (error);
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

static int
cmd_export (int argc, char **argv)
{
  g_autofree char *place = NULL, *actor = NULL, *query = NULL, *since = NULL, *until = NULL, *event = NULL;
  g_autofree char *ids_text = NULL, *format_name = NULL, *output = NULL, *title = NULL;
  gboolean force = FALSE, no_bom = FALSE;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("csv, xlsx, json, geojson, html, pdf or md"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE (- for standard output)"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { "no-bom", 0, 0, G_OPTION_ARG_NONE, &no_bom, N_("CSV: no UTF-8 byte-order mark"), NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title of the document"), N_("TEXT") },
    { "ids", 0, 0, G_OPTION_ARG_STRING, &ids_text, N_("Only these reports, in this order"), N_("ID,ID,…") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_("Only reports in this place (P-code or id) or below it"), N_("ID") },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Only reports naming this actor"), N_("ID") },
    { "event", 0, 0, G_OPTION_ARG_STRING, &event, N_("Only reports of this event type"), N_("TYPE") },
    { "query", 'q', 0, G_OPTION_ARG_STRING, &query, N_("Full-text search (normalised Arabic)"), N_("TEXT") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Published at or after this date"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Published before this date"), N_("DATE") },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidGazetteer) gazetteer = NULL;
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  g_autoptr(RasidExportOptions) options = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  RasidExportFormat format;
  g_autofree char *tmp_dir = NULL, *path = NULL;
  gboolean ok_since, ok_until, to_stdout;
  GStatBuf st;
  int code = EXIT_OK;

  if (!parse_command ("export", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (_("export: unexpected argument “%s”"), argv[1]);
  if (format_name == NULL)
    return usage_error (_("export: give --format csv|xlsx|json|geojson|html|pdf|md"));
  if (!rasid_export_format_from_string (format_name, &format))
    return usage_error (_("export: unknown format “%s”"), format_name);
  if (output == NULL || *output == 0)
    return usage_error (_("export: give the file to write with -o FILE, or -o - for standard output"));
  if (ids_text && (place || actor || event || query || since || until))
    return usage_error (_("export: --ids cannot be combined with filter options"));
  if (ids_text && (ids = parse_ids (ids_text)) == NULL)
    return usage_error (_("export: “%s” is not a list of report ids like 1,2,3"), ids_text);
  filter->since = parse_when (since, &ok_since);
  filter->until = parse_when (until, &ok_until);
  if (!ok_since || !ok_until)
    return usage_error (_("export: cannot read the date “%s”"), !ok_since ? since : until);
  filter->place_id = g_strdup (place);
  filter->actor_id = g_strdup (actor);
  filter->event = g_strdup (event);
  filter->query = g_strdup (query);

  options = rasid_export_options_new (format);
  options->bom = !no_bom;
  options->overwrite = force;
  options->title = g_strdup (title);
  options->filter_description = describe_filter (filter, since, until, ids_text);

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
  if ((store = open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if (ids == NULL && (ids = rasid_store_query_ids (store, filter, &error)) == NULL)
    return fail (error);
  if (to_stdout)
    {
      /* Written whole to a private file first, so a failure half-way
       * leaves nothing on standard output but an error on stderr. */
      g_autofree char *name = NULL;

      if ((tmp_dir = g_dir_make_tmp ("rasid-export-XXXXXX", &error)) == NULL)
        return fail (error);
      name = g_strdup_printf ("export.%s", rasid_export_format_extension (format));
      path = g_build_filename (tmp_dir, name, NULL);
      options->overwrite = FALSE;
    }
  else
    path = g_strdup (output);
  if ((gazetteer = rasid_gazetteer_new_default (&error)) == NULL ||
      !rasid_export_reports (store, gazetteer, ids, options, path, NULL, NULL, NULL, &error) ||
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
      return fail (error);
    }
  if (tmp_dir)
    {
      g_unlink (path);
      g_rmdir (tmp_dir);
      /* Standard output holds the document: the count goes to stderr. */
      g_printerr (_("%u reports written to standard output\n"), ids->len);
    }
  else
    g_print (_("%u reports written to %s\n"), ids->len, output);
  return EXIT_OK;
}

/* ---- gazetteer ------------------------------------------------------------ */

static int
cmd_import_places (int argc, char **argv)
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

  if (!parse_command ("import-places", "FILE.csv", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (_("import-places: give exactly one CSV file"));
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

static int
cmd_reanalyze (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidAnalyzer) analyzer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n;
  int code = EXIT_OK;

  if (!parse_command ("reanalyze", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (_("reanalyze: unexpected argument “%s”"), argv[1]);
  if ((store = open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if ((analyzer = rasid_analyzer_new_default (&error)) == NULL ||
      (n = rasid_reanalyze_store (store, analyzer, NULL, &error)) < 0)
    return fail (error);
  g_print (_("%u reports read again\n"), (guint) n);
  return EXIT_OK;
}

/* ---- analyze ------------------------------------------------------------- */

static int
cmd_analyze (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidAnalyzer) analyzer = NULL;
  g_autoptr(GError) error = NULL;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int code = EXIT_OK;

  if (!parse_command ("analyze", "< LINES", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (_("analyze: reads report lines on stdin; unexpected argument “%s”"), argv[1]);
  analyzer = rasid_analyzer_new_default (&error);
  if (analyzer == NULL)
    return fail (error);
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

int
main (int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int argc, char **argv);
  } commands[] = {
    { "list", cmd_list },
    { "fetch", cmd_fetch },
    { "sources", cmd_sources },
    { "add-source", cmd_add_source },
    { "remove-source", cmd_remove_source },
    { "preview", cmd_preview },
    { "discover", cmd_discover },
    { "import-opml", cmd_import_opml },
    { "export-opml", cmd_export_opml },
    { "export", cmd_export },
    { "prune", cmd_prune },
    { "import-places", cmd_import_places },
    { "reanalyze", cmd_reanalyze },
    { "analyze", cmd_analyze },
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
          g_print ("%s", _(usage_text));
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
            return usage_error (_("--db needs a path"));
          g_free (opt_db);
          opt_db = g_strdup (value);
          continue;
        }
      if (arg[0] == '-')
        return usage_error (_("unknown option “%s”"), arg);
      break;
    }
  if (i >= argc)
    return usage_error (_("no command given"));

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
              g_free (opt_db);
              opt_db = g_strdup (joined ? sub_argv[k] + 5 : sub_argv[k + 1]);
              memmove (sub_argv + k, sub_argv + k + (joined ? 1 : 2), (sub_argc - k - (joined ? 1 : 2)) * sizeof (char *));
              sub_argc -= joined ? 1 : 2;
              k--;
            }
        return commands[c].run (sub_argc, sub_argv);
      }
  return usage_error (_("unknown command “%s”"), argv[i]);
}
