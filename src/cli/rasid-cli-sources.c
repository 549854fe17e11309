/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-cli-sources.c: the commands on sources: fetch, sources, add-source,
 * remove-source, preview, discover, import-opml, export-opml. */
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

/* ---- JSON ---------------------------------------------------------------- */

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
  st->store_code = MAX (st->store_code, rasid_cli_exit_code_for (error));
}

static void
on_refreshed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  FetchState *st = user_data;

  rasid_ingest_refresh_finish (RASID_INGEST (object), res, &st->n_new, &st->error);
  g_main_loop_quit (st->loop);
}

int
rasid_cli_fetch (int argc, char **argv)
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

  if (!rasid_cli_parse_command ("fetch", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("fetch: unexpected argument “%s”"), argv[1]);
  if (interval < 1)
    return rasid_cli_usage_error (_("fetch: --interval must be at least 1 minute"));
  if (keep_days < 0)
    return rasid_cli_usage_error (_("fetch: --keep-days must not be negative"));
  /* Opening first gives a damaged or newer database its clear message. */
  if ((store = rasid_cli_open_store (OPEN_OR_CREATE, &code)) == NULL)
    return code;
  analyzer = rasid_analyzer_new_default (&error);
  if (analyzer == NULL)
    return rasid_cli_fail (error);
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
          code = rasid_cli_fail (st.error);
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

int
rasid_cli_sources (int argc, char **argv)
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

  if (!rasid_cli_parse_command ("sources", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("sources: unexpected argument “%s”"), argv[1]);
  if ((store = rasid_cli_open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if ((sources = rasid_store_list_sources (store, &error)) == NULL)
    return rasid_cli_fail (error);
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
          rasid_report_json_add_string (b, "url", s->url);
          rasid_report_json_add_string (b, "title", s->title);
          rasid_report_json_add_string (b, "kind", s->kind);
          json_builder_set_member_name (b, "enabled");
          json_builder_add_boolean_value (b, s->enabled);
          json_builder_set_member_name (b, "ticker");
          json_builder_add_boolean_value (b, s->is_ticker);
          rasid_report_json_add_string (b, "last_success", ok);
          rasid_report_json_add_string (b, "last_error", s->last_error);
          rasid_report_json_add_string (b, "last_warning", s->last_warning);
          rasid_report_json_add_string (b, "time_zone", s->time_zone);
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

int
rasid_cli_remove_source (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidSource) source = NULL;
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  gint64 id;
  int code = EXIT_OK;

  if (!rasid_cli_parse_command ("remove-source", "ID", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return rasid_cli_usage_error (_("remove-source: give exactly one source id (see `rasid-cli sources`)"));
  id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end || id <= 0)
    return rasid_cli_usage_error (_("remove-source: “%s” is not a source id"), argv[1]);
  if ((store = rasid_cli_open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if ((source = rasid_store_get_source (store, id, &error)) == NULL ||
      !rasid_store_remove_source (store, id, &error))
    return rasid_cli_fail (error);
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


int
rasid_cli_preview (int argc, char **argv)
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

  if (!rasid_cli_parse_command ("preview", "URL|FILE", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return rasid_cli_usage_error (_("preview: give exactly one URL or file"));
  if (kind && !g_strv_contains (kinds, kind))
    return rasid_cli_usage_error (_("preview: unknown kind “%s”"), kind);
  if (rules_path && (rules = load_rules (rules_path, &code)) == NULL)
    return code;
  if ((fetched = fetch_one (argv[1], &url, &error)) == NULL ||
      (feed = rasid_parse_document (kind ? kind : "auto", rules, g_bytes_get_data (fetched->body, NULL),
                                    g_bytes_get_size (fetched->body), url, fetched->charset,
                                    g_get_real_time () / G_USEC_PER_SEC, &error)) == NULL)
    return rasid_cli_fail (error);

  json_builder_begin_object (b);
  rasid_report_json_add_string (b, "kind", feed->kind);
  rasid_report_json_add_string (b, "title", feed->title);
  rasid_report_json_add_string (b, "link", feed->link);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < feed->items->len; i++)
    json_builder_add_value (b, rasid_report_json_feed_item (g_ptr_array_index (feed->items, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b);
  return EXIT_OK;
}

int
rasid_cli_discover (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidFetchResult) fetched = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *url = NULL;
  int code = EXIT_OK;

  if (!rasid_cli_parse_command ("discover", "URL|FILE", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return rasid_cli_usage_error (_("discover: give exactly one URL or file"));
  if ((fetched = fetch_one (argv[1], &url, &error)) == NULL)
    return rasid_cli_fail (error);
  feeds = rasid_page_discover_feeds (g_bytes_get_data (fetched->body, NULL), g_bytes_get_size (fetched->body), url);
  json_builder_begin_array (b);
  for (guint i = 0; i < feeds->len; i++)
    {
      RasidDiscoveredFeed *f = g_ptr_array_index (feeds, i);
      json_builder_begin_object (b);
      rasid_report_json_add_string (b, "url", f->url);
      rasid_report_json_add_string (b, "title", f->title);
      rasid_report_json_add_string (b, "type", f->type);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  print_json (b);
  return feeds->len > 0 ? EXIT_OK : EXIT_FAILURE_;
}

/* ---- add-source: what the address really is ------------------------------ */

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

int
rasid_cli_add_source (int argc, char **argv)
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

  if (!rasid_cli_parse_command ("add-source", "URL", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return rasid_cli_usage_error (_("add-source: give exactly one URL"));
  if (kind && !g_strv_contains (kinds, kind))
    return rasid_cli_usage_error (_("add-source: unknown kind “%s”"), kind);
  if (interval < 0 || interval > 10080)
    return rasid_cli_usage_error (_("add-source: --interval must be between 1 and 10080 minutes"));
  if (!is_supported_address (argv[1]))
    return rasid_cli_usage_error (_("add-source: “%s” is not an http(s) or file address"), argv[1]);
  if (rules_path && (rules = load_rules (rules_path, &code)) == NULL)
    return code;
  if (zone)
    {
      /* GLib falls back to UTC for a name it does not know: ask for it by identifier. */
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
      if (tz == NULL)
        return rasid_cli_usage_error (_("add-source: unknown time zone “%s” (use a name such as Europe/Istanbul)"), zone);
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
          RasidDiscoveredFeed *chosen = rasid_page_choose_feed (feeds);

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

  if ((store = rasid_cli_open_store (OPEN_OR_CREATE, &code)) == NULL)
    return code;
  /* One write: a source is added with all its options or not at all. */
  if (!rasid_store_begin (store, &error))
    return rasid_cli_fail (error);
  id = rasid_store_add_source (store, url, title ? title : (feed ? feed->title : NULL), kind, ticker, &error);
  if (id == 0 ||
      !rasid_store_set_source_options (store, id, kind, rules, full_text ? 1 : -1, -1, interval * 60, &error) ||
      (zone && !rasid_store_set_source_time_zone (store, id, zone, &error)) ||
      !rasid_store_commit (store, &error))
    {
      rasid_store_rollback (store);
      return rasid_cli_fail (error);
    }
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return EXIT_OK;
}

/* ---- OPML and retention --------------------------------------------------- */

int
rasid_cli_import_opml (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(GPtrArray) entries_ = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  guint added = 0, skipped = 0;
  int code = EXIT_OK;

  if (!rasid_cli_parse_command ("import-opml", "FILE", entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return rasid_cli_usage_error (_("import-opml: give exactly one OPML file"));
  if (!g_file_get_contents (argv[1], &data, &len, &error) ||
      (entries_ = rasid_opml_parse (data, len, &error)) == NULL)
    {
      g_printerr ("rasid-cli: %s: %s\n", argv[1], error->message);
      return EXIT_FAILURE_;
    }
  if ((store = rasid_cli_open_store (OPEN_OR_CREATE, &code)) == NULL)
    return code;
  if (!rasid_store_begin (store, &error))
    return rasid_cli_fail (error);
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
          return rasid_cli_fail (error);
        }
      added++;
    }
  if (!rasid_store_commit (store, &error))
    return rasid_cli_fail (error);
  g_print (_("%u sources imported, %u skipped\n"), added, skipped);
  return EXIT_OK;
}

int
rasid_cli_export_opml (int argc, char **argv)
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

  if (!rasid_cli_parse_command ("export-opml", "", entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("export-opml: unexpected argument “%s”"), argv[1]);
  if ((store = rasid_cli_open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if ((sources = rasid_store_list_sources (store, &error)) == NULL)
    return rasid_cli_fail (error);
  opml = rasid_opml_build (sources, "Rasid sources");
  if (output == NULL)
    {
      g_print ("%s", opml);
      return EXIT_OK;
    }
  /* g_file_set_contents writes a temporary file and renames it. */
  if (!g_file_set_contents (output, opml, -1, &error))
    return rasid_cli_fail (error);
  return EXIT_OK;
}

