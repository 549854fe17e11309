/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-cli-stories.c: `rasid-cli stories`, the stories the cache holds,
 * each with its reports, first report, outlets and figures, to check and
 * script the clusterer; --rebuild files every report again. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rasid-cli-private.h"
#include "rasid-dates.h"
#include "rasid-report-json.h"
#include "rasid-story.h"

static void
add_time (JsonBuilder *b, const char *name, gint64 t)
{
  g_autofree char *iso = rasid_format_iso8601 (t, NULL);

  rasid_report_json_add_string (b, name, iso);
}

static void
add_strings (JsonBuilder *b, const char *name, GPtrArray *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < values->len; i++)
    json_builder_add_string_value (b, values->pdata[i]);
  json_builder_end_array (b);
}

static void
story_to_json (JsonBuilder *b, RasidStory *s)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, s->id);
  rasid_report_json_add_string (b, "headline", s->headline);
  rasid_report_json_add_string (b, "event", s->event);
  json_builder_set_member_name (b, "first");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "report_id");
  json_builder_add_int_value (b, s->first_report_id);
  rasid_report_json_add_string (b, "source", s->first_source);
  add_time (b, "time", s->first_time);
  json_builder_end_object (b);
  add_time (b, "last_time", s->last_time);
  json_builder_set_member_name (b, "outlets");
  json_builder_add_int_value (b, s->n_outlets);
  json_builder_set_member_name (b, "citations");
  json_builder_add_int_value (b, s->n_citations);
  rasid_report_json_add_count (b, "killed_min", s->killed_min);
  rasid_report_json_add_count (b, "killed_max", s->killed_max);
  rasid_report_json_add_count (b, "injured_min", s->injured_min);
  rasid_report_json_add_count (b, "injured_max", s->injured_max);
  json_builder_set_member_name (b, "figures_disagree");
  json_builder_add_boolean_value (b, s->killed_min != s->killed_max || s->injured_min != s->injured_max);
  add_strings (b, "places", s->places);
  add_strings (b, "actors", s->actors);
  json_builder_set_member_name (b, "reports");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->reports->len; i++)
    {
      RasidStoryReportRow *r = s->reports->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, r->report_id);
      rasid_report_json_add_string (b, "source", r->source);
      rasid_report_json_add_string (b, "guid", r->guid);
      rasid_report_json_add_string (b, "link", r->link);
      rasid_report_json_add_string (b, "title", r->title);
      add_time (b, "published", r->published);
      rasid_report_json_add_string (b, "role", r->role);
      rasid_report_json_add_string (b, "cites", r->cited_source);
      rasid_report_json_add_count (b, "killed", r->killed);
      rasid_report_json_add_count (b, "injured", r->injured);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_story (RasidStory *s)
{
  g_autofree char *first = rasid_format_iso8601 (s->first_time, NULL);
  g_autofree char *killed = rasid_story_format_range (s->killed_min, s->killed_max, TRUE);
  g_autofree char *injured = rasid_story_format_range (s->injured_min, s->injured_max, FALSE);

  first[MIN (strlen (first), 16)] = 0;
  g_print ("#%" G_GINT64_FORMAT "  %s  %s\n", s->id, first, s->headline ? s->headline : "");
  /* TRANSLATORS: a story's first report: its outlet and the time */
  g_print (_("  first: %s  %s\n"), s->first_source ? s->first_source : "?", first);
  g_print (g_dngettext (GETTEXT_PACKAGE, "  %u outlet", "  %u outlets", s->n_outlets), s->n_outlets);
  if (s->n_citations)
    g_print (g_dngettext (GETTEXT_PACKAGE, ", %u citing another", ", %u citing another", s->n_citations), s->n_citations);
  if (killed)
    g_print ("; %s", killed);
  if (injured)
    g_print ("; %s", injured);
  g_print ("\n");
  for (guint i = 0; i < s->reports->len; i++)
    {
      RasidStoryReportRow *r = s->reports->pdata[i];
      g_autofree char *when = rasid_format_iso8601 (r->published, NULL);

      when[MIN (strlen (when), 16)] = 0;
      g_print ("    %-13s %s  %s  %s  %s\n", r->role, when, r->source ? r->source : "?",
               r->guid ? r->guid : "", r->link ? r->link : "");
    }
}

int
rasid_cli_stories (int argc, char **argv)
{
  g_auto(RasidCliFilterArgs) args = { 0 };
  gboolean json = FALSE, rebuild = FALSE;
  int limit = 50, min_outlets = 0;
  g_autofree char *sort = NULL;
  RasidStoryOrder order = RASID_STORY_ORDER_NEWEST;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N stories (0: all; default 50)"), N_("N") },
    { "min-outlets", 0, 0, G_OPTION_ARG_INT, &min_outlets, N_("Only stories confirmed by at least N outlets"), N_("N") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("newest (default), corroboration (most outlets first) or first (earliest first report first)"), N_("ORDER") },
    { "rebuild", 0, 0, G_OPTION_ARG_NONE, &rebuild, N_("File every stored report in its story again first"), NULL },
    { NULL }
  };
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidFilter) filter = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  int code = EXIT_OK;

  if (!rasid_cli_parse_filter_command ("stories", "", entries, &args, RASID_CLI_FILTER_STORIES, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return rasid_cli_usage_error (_("stories: unexpected argument “%s”"), argv[1]);
  if (limit < 0)
    return rasid_cli_usage_error (_("stories: --limit must not be negative"));
  if (min_outlets < 0)
    return rasid_cli_usage_error (_("stories: --min-outlets must not be negative"));
  if (sort != NULL && !rasid_story_order_from_string (sort, &order))
    return rasid_cli_usage_error (_("stories: unknown order “%s”; give newest, corroboration or first"), sort);
  if ((filter = rasid_cli_filter_from_args ("stories", &args, &code)) == NULL)
    return code;

  if ((store = rasid_cli_open_store (OPEN_EXISTING, &code)) == NULL)
    return code;
  if (rebuild)
    {
      guint n = 0;

      if (!rasid_store_rebuild_stories (store, &n, &error))
        return rasid_cli_fail (error);
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u story after filing every report again\n",
                               "%u stories after filing every report again\n", n), n);
    }
  if ((ids = rasid_store_query_stories_full (store, filter, min_outlets, order, &error)) == NULL)
    return rasid_cli_fail (error);
  if (limit > 0 && ids->len > (guint) limit)
    g_array_set_size (ids, limit);

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RasidStory) story = rasid_store_load_story (store, g_array_index (ids, gint64, i), &error);

      if (story == NULL)
        return rasid_cli_fail (error);
      if (json)
        story_to_json (builder, story);
      else
        print_story (story);
    }
  if (json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      out = json_generator_to_data (gen, NULL);
      g_print ("%s\n", out);
    }
  return EXIT_OK;
}
