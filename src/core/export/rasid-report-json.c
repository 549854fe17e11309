/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report-json.c: the one serialiser of a report, used by every front end
 * that writes one as JSON. docs/export-json.md is its contract; a form only
 * chooses which of the documented fields apply, and for the command line
 * which older names are kept beside them. */
#include "config.h"

#include "rasid-report-json.h"
#include "rasid-dates.h"

#include <math.h>
#include <string.h>

/* What each front end writes: the documented groups of fields, and the
 * command line's older names. */
typedef struct {
  gboolean stored;      /* id, first_seen, source: a report in the cache */
  gboolean fetched;     /* published, text, link, author, breaking: what the source gave */
  gboolean reading;     /* dateline, attribution, places, factions, events, casualties */
  gboolean marks;       /* read, starred */
  gboolean old_names;   /* time, actors, places' name and admin P-codes (and body for a stored report) */
} Form;

static const Form forms[] = {
  [RASID_REPORT_JSON_EXPORT]  = { TRUE, TRUE, TRUE, FALSE, FALSE },
  [RASID_REPORT_JSON_LIST]    = { TRUE, TRUE, TRUE, TRUE, TRUE },
  [RASID_REPORT_JSON_PREVIEW] = { FALSE, TRUE, FALSE, FALSE, FALSE },
  [RASID_REPORT_JSON_ANALYZE] = { FALSE, FALSE, TRUE, FALSE, TRUE },
};

/* A string member, null for NULL: every JSON writer's commonest line. */
void
rasid_report_json_add_string (JsonBuilder *b, const char *name, const char *value)
{
  g_return_if_fail (JSON_IS_BUILDER (b));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* A count member, null when @value is negative: not known. */
void
rasid_report_json_add_count (JsonBuilder *b, const char *name, int value)
{
  g_return_if_fail (JSON_IS_BUILDER (b));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (b, name);
  if (value >= 0)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_double_or_null (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_time (JsonBuilder *b, const char *name, gint64 unix_time, gboolean null_when_unknown)
{
  g_autofree char *text = NULL;

  if (unix_time != 0 || !null_when_unknown)
    text = rasid_format_iso8601 (unix_time, NULL);
  rasid_report_json_add_string (b, name, text);
}

/* @known: the gazetteer's place, or NULL when it does not know it. */
static void
admins_of (RasidGazetteer *gazetteer, const RasidReportPlace *place, const RasidPlace *known, RasidPlaceAdmin admin[3])
{
  for (guint level = 0; level < 3; level++)
    {
      const char *id = known && known->admin[level] ? known->admin[level] : level == 0 ? place->admin1 : NULL;
      const RasidPlace *unit = id && gazetteer ? rasid_gazetteer_lookup (gazetteer, id) : NULL;

      admin[level].pcode = id;
      admin[level].name_ar = unit ? unit->name_ar : NULL;
      admin[level].name_en = unit ? unit->name_en : NULL;
    }
}

/**
 * rasid_report_json_place_admins:
 * The governorate, district and subdistrict of @place: from the gazetteer
 * when it knows the place, else the governorate the store kept. Names are
 * NULL without a gazetteer.
 */
void
rasid_report_json_place_admins (RasidGazetteer *gazetteer, const RasidReportPlace *place, RasidPlaceAdmin admin[3])
{
  g_return_if_fail (place != NULL);
  g_return_if_fail (admin != NULL);

  admins_of (gazetteer, place, gazetteer ? rasid_gazetteer_lookup (gazetteer, place->id) : NULL, admin);
}

/* @known: the gazetteer's place when the caller has it already (a reading),
 * else NULL to look it up. */
static void
add_place (JsonBuilder *b, RasidGazetteer *gazetteer, const RasidReportPlace *p, const RasidPlace *known,
           const Form *form)
{
  static const char *levels[] = { "admin1", "admin2", "admin3" };
  RasidPlaceAdmin admin[3];

  if (known == NULL && gazetteer)
    known = rasid_gazetteer_lookup (gazetteer, p->id);
  admins_of (gazetteer, p, known, admin);

  json_builder_begin_object (b);
  rasid_report_json_add_string (b, "id", p->id);
  rasid_report_json_add_string (b, "name_ar", p->name_ar);
  rasid_report_json_add_string (b, "name_en", p->name_en);
  rasid_report_json_add_string (b, "qualifier", p->qualifier);
  for (guint level = 0; level < 3; level++)
    {
      if (form->old_names || admin[level].pcode == NULL)
        {
          /* The command line wrote the P-code alone. */
          rasid_report_json_add_string (b, levels[level], admin[level].pcode);
          continue;
        }
      json_builder_set_member_name (b, levels[level]);
      json_builder_begin_object (b);
      rasid_report_json_add_string (b, "pcode", admin[level].pcode);
      rasid_report_json_add_string (b, "name_ar", admin[level].name_ar);
      rasid_report_json_add_string (b, "name_en", admin[level].name_en);
      json_builder_end_object (b);
    }
  add_double_or_null (b, "lat", known ? known->lat : NAN);
  add_double_or_null (b, "lon", known ? known->lon : NAN);
  if (form->old_names)
    rasid_report_json_add_string (b, "name", p->name_ar);
  json_builder_end_object (b);
}

static void
add_actors (JsonBuilder *b, const char *name, GPtrArray *actors, gboolean old_form)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < actors->len; i++)
    {
      RasidReportActor *a = g_ptr_array_index (actors, i);

      json_builder_begin_object (b);
      rasid_report_json_add_string (b, "id", a->id);
      if (old_form)
        rasid_report_json_add_string (b, "name", a->name_ar);
      else
        {
          rasid_report_json_add_string (b, "name_ar", a->name_ar);
          rasid_report_json_add_string (b, "name_en", a->name_en);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* places, factions, events, casualties */
static void
add_reading_lists (JsonBuilder *b, RasidReport *report, GPtrArray *known, RasidGazetteer *gazetteer, const Form *form)
{
  GPtrArray *places = rasid_report_get_places (report);
  const char * const *events = rasid_report_get_events (report);

  json_builder_set_member_name (b, "places");
  json_builder_begin_array (b);
  for (guint i = 0; i < places->len; i++)
    add_place (b, gazetteer, g_ptr_array_index (places, i), known ? g_ptr_array_index (known, i) : NULL, form);
  json_builder_end_array (b);
  add_actors (b, "factions", rasid_report_get_actors (report), FALSE);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; events && events[i]; i++)
    json_builder_add_string_value (b, events[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "casualties");
  json_builder_begin_object (b);
  rasid_report_json_add_count (b, "killed", rasid_report_get_killed (report));
  rasid_report_json_add_count (b, "injured", rasid_report_get_injured (report));
  json_builder_end_object (b);
}

/* The members of a stored or fetched report, in the documented order. */
static void
add_report_members (JsonBuilder *b, RasidReport *report, RasidGazetteer *gazetteer, const Form *form)
{
  if (form->stored)
    {
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, rasid_report_get_id (report));
    }
  if (form->fetched)
    add_time (b, "published", rasid_report_get_published (report), !form->stored);
  if (form->stored)
    {
      add_time (b, "first_seen", rasid_report_get_first_seen (report), FALSE);
      rasid_report_json_add_string (b, "source", rasid_report_get_source_title (report));
    }
  rasid_report_json_add_string (b, "title", rasid_report_get_title (report));
  if (form->fetched)
    {
      rasid_report_json_add_string (b, "text", rasid_report_get_body (report));
      rasid_report_json_add_string (b, "link", rasid_report_get_link (report));
      rasid_report_json_add_string (b, "author", rasid_report_get_author (report));
    }
  if (form->reading)
    {
      rasid_report_json_add_string (b, "dateline", rasid_report_get_dateline (report));
      rasid_report_json_add_string (b, "attribution", rasid_report_get_attribution (report));
    }
  if (form->fetched)
    {
      json_builder_set_member_name (b, "breaking");
      json_builder_add_boolean_value (b, rasid_report_get_breaking (report));
    }
  if (form->reading)
    add_reading_lists (b, report, NULL, gazetteer, form);
  if (form->marks)
    {
      json_builder_set_member_name (b, "read");
      json_builder_add_boolean_value (b, rasid_report_get_read (report));
      json_builder_set_member_name (b, "starred");
      json_builder_add_boolean_value (b, rasid_report_get_starred (report));
    }
  if (form->old_names)
    {
      rasid_report_json_add_string (b, "time", rasid_report_get_clock (report));
      rasid_report_json_add_string (b, "body", rasid_report_get_body (report));
      add_actors (b, "actors", rasid_report_get_actors (report), TRUE);
    }
}

/**
 * rasid_report_json_report:
 * @report: a report from the store
 * @gazetteer: (nullable): for the places' governorates, districts and
 *   coordinates; without it they are null but for the governorate's P-code
 *
 * Returns: (transfer full): @report as a JSON object, as @form writes it.
 */
JsonNode *
rasid_report_json_report (RasidReport *report, RasidGazetteer *gazetteer, RasidReportJsonForm form)
{
  g_autoptr(JsonBuilder) b = NULL;

  g_return_val_if_fail (RASID_IS_REPORT (report), NULL);
  g_return_val_if_fail (form < G_N_ELEMENTS (forms), NULL);

  b = json_builder_new ();
  json_builder_begin_object (b);
  add_report_members (b, report, gazetteer, &forms[form]);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/**
 * rasid_report_json_feed_item:
 * Returns: (transfer full): what a source gives for one report, before the
 * analyser reads it, as `rasid-cli preview` writes it: the documented fields
 * a source fills (`published` null when it gave no date), its guid as `id`,
 * and its `summary` and `content`, of which the cache keeps the content, or
 * else the summary, as `text`.
 */
JsonNode *
rasid_report_json_feed_item (const RasidFeedItem *item)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(RasidReport) report = NULL;
  RasidReportFields fields = { 0 };

  g_return_val_if_fail (item != NULL, NULL);

  fields.title = g_strdup (item->title);
  fields.body = g_strdup (item->content ? item->content : item->summary);
  fields.link = g_strdup (item->link);
  fields.author = g_strdup (item->author);
  fields.published = item->published;
  fields.breaking = item->breaking;
  fields.killed = fields.injured = -1;
  report = rasid_report_new (0);
  rasid_report_take_fields (report, &fields);

  b = json_builder_new ();
  json_builder_begin_object (b);
  rasid_report_json_add_string (b, "id", item->guid);
  add_report_members (b, report, NULL, &forms[RASID_REPORT_JSON_PREVIEW]);
  rasid_report_json_add_string (b, "summary", item->summary);
  rasid_report_json_add_string (b, "content", item->content);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/**
 * rasid_report_json_reading:
 * @line: the text that was read
 *
 * Returns: (transfer full): what the analyser read in @line, as
 * `rasid-cli analyze` writes it: the line as `text`, then the documented
 * fields a reading fills, then the older names (`actors`, `source` for the
 * attribution, `time`).
 */
JsonNode *
rasid_report_json_reading (const RasidAnalysis *analysis, const char *line)
{
  const Form *form = &forms[RASID_REPORT_JSON_ANALYZE];
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(RasidReport) report = NULL;
  g_autoptr(GPtrArray) known = g_ptr_array_new ();
  RasidReportFields fields = { 0 };

  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (line != NULL, NULL);

  fields.title = g_strdup (analysis->headline);
  fields.attribution = g_strdup (analysis->attribution);
  fields.clock = g_strdup (analysis->clock);
  if (analysis->dateline_agency)
    fields.dateline = g_strdup_printf ("%s - %s", analysis->dateline_agency, analysis->dateline_place);
  fields.killed = analysis->killed;
  fields.injured = analysis->injured;
  fields.events = g_new0 (char *, analysis->events->len + 1);
  for (guint i = 0; i < analysis->events->len; i++)
    fields.events[i] = g_strdup (g_ptr_array_index (analysis->events, i));
  report = rasid_report_new (0);
  rasid_report_take_fields (report, &fields);
  for (guint i = 0; i < analysis->places->len; i++)
    {
      const RasidPlaceMatch *m = g_ptr_array_index (analysis->places, i);
      RasidReportPlace *p = g_new0 (RasidReportPlace, 1);

      p->id = g_strdup (m->place->id);
      p->name_ar = g_strdup (m->place->name_ar);
      p->name_en = g_strdup (m->place->name_en);
      p->admin1 = g_strdup (m->place->admin[0]);
      p->qualifier = g_strdup (m->qualifier);
      rasid_report_add_place (report, p);
      g_ptr_array_add (known, (gpointer) m->place);
    }
  for (guint i = 0; i < analysis->actors->len; i++)
    {
      const RasidActor *actor = g_ptr_array_index (analysis->actors, i);
      RasidReportActor *a = g_new0 (RasidReportActor, 1);

      a->id = g_strdup (actor->id);
      a->name_ar = g_strdup (actor->name_ar);
      a->name_en = g_strdup (actor->name_en);
      rasid_report_add_actor (report, a);
    }

  /* A reading leads with the line read: scripts read it that way. */
  b = json_builder_new ();
  json_builder_begin_object (b);
  rasid_report_json_add_string (b, "text", line);
  add_reading_lists (b, report, known, NULL, form);
  rasid_report_json_add_string (b, "title", rasid_report_get_title (report));
  rasid_report_json_add_string (b, "dateline", rasid_report_get_dateline (report));
  rasid_report_json_add_string (b, "attribution", rasid_report_get_attribution (report));
  add_actors (b, "actors", rasid_report_get_actors (report), TRUE);
  rasid_report_json_add_string (b, "source", rasid_report_get_attribution (report));
  rasid_report_json_add_string (b, "time", rasid_report_get_clock (report));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- text ---------------------------------------------------------------- */

static void
print_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p; p++)
    switch (*p)
      {
      case '"': g_string_append (out, "\\\""); break;
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, *p);
      }
  g_string_append_c (out, '"');
}

/* Locale-independent, without the noise of %.17g. */
static void
print_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.6f", value);
  end = buf + strlen (buf);
  while (end > buf && end[-1] == '0')
    *--end = 0;
  if (end > buf && end[-1] == '.')
    *--end = 0;
  g_string_append (out, buf);
}

static void
print_break (GString *out, int indent)
{
  if (indent < 0)
    return;
  g_string_append_c (out, '\n');
  for (int i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

static void
print_value (GString *out, JsonNode *node, int indent)
{
  int inner = indent < 0 ? -1 : indent + 1;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        print_string (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        print_double (out, json_node_get_double (node));
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            g_string_append (out, i ? "," : "");
            print_break (out, inner);
            print_value (out, json_array_get_element (array, i), inner);
          }
        if (n > 0)
          print_break (out, indent);
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        /* In the order the members were added (json-glib keeps it). */
        g_autoptr(GList) names = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (GList *l = names; l; l = l->next)
          {
            g_string_append (out, l != names ? "," : "");
            print_break (out, inner);
            print_string (out, l->data);
            g_string_append (out, indent < 0 ? ":" : ": ");
            print_value (out, json_object_get_member (object, l->data), inner);
          }
        if (names)
          print_break (out, indent);
        g_string_append_c (out, '}');
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

void
rasid_report_json_print (GString *out, JsonNode *node, int indent)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (node != NULL);

  print_value (out, node, indent);
}

/* Returns: (transfer full): @node as a document, on one line unless @pretty. */
char *
rasid_report_json_to_string (JsonNode *node, gboolean pretty)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  print_value (out, node, pretty ? 0 : -1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
