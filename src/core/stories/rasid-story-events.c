/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-events.c: stories as an event table analysts can merge with
 * ACLED's: its column names and order, its event types, fatalities taken
 * as the lowest figure an outlet gave, with the range in the notes.
 * docs/stories.md gives the mapping. */
#include "config.h"
#include "rasid-story-events.h"

#include <math.h>
#include "rasid-csv.h"
#include "rasid-dates.h"
#include "rasid-story.h"

const char *const rasid_story_event_columns[RASID_EVENT_N_COLUMNS + 1] = {
  "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
  "actor2", "assoc_actor_2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
  "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
  "notes", "fatalities", "tags", "timestamp", NULL,
};

static const struct { const char *event, *type, *sub; } mapping[] = {
  { "airstrike", "Explosions/Remote violence", "Air/drone strike" },
  { "drone-strike", "Explosions/Remote violence", "Air/drone strike" },
  { "shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack" },
  { "explosion", "Explosions/Remote violence", "Remote explosive/landmine/IED" },
  { "clashes", "Battles", "Armed clash" },
  { "territorial-control", "Battles", "Non-state actor overtakes territory" },
  { "assassination", "Violence against civilians", "Attack" },
  { "killing", "Violence against civilians", "Attack" },
  { "injury", "Violence against civilians", "Attack" },
  { "kidnapping", "Violence against civilians", "Abduction/forced disappearance" },
  { "arrest", "Strategic developments", "Arrests" },
  { "protest", "Protests", "Peaceful protest" },
  { "agreement", "Strategic developments", "Agreement" },
  { "aircraft-downed", "Strategic developments", "Other" },
  { "displacement", "Strategic developments", "Other" },
  { "return", "Strategic developments", "Other" },
  { "conscription", "Strategic developments", "Other" },
  { "meeting", "Strategic developments", "Other" },
};

/**
 * rasid_story_acled_event_type:
 * @first_actor: (nullable): the story's first actor id
 * @sub_event_type: (out): ACLED's sub-event type
 *
 * Returns: ACLED's event type for Rasid's @event, or %NULL for events ACLED
 * does not record (outbreaks of disease).
 */
const char *
rasid_story_acled_event_type (const char *event, const char *first_actor, const char **sub_event_type)
{
  for (guint i = 0; event && i < G_N_ELEMENTS (mapping); i++)
    if (g_str_equal (mapping[i].event, event))
      {
        *sub_event_type = mapping[i].sub;
        /* Territory taken by the government is "regained" in ACLED's words. */
        if (g_str_equal (event, "territorial-control") && first_actor &&
            g_str_equal (first_actor, "syrian-government"))
          *sub_event_type = "Government regains territory";
        return mapping[i].type;
      }
  *sub_event_type = NULL;
  return NULL;
}

static const char *
place_name (RasidGazetteer *g, const char *id)
{
  const RasidPlace *p = id ? rasid_gazetteer_lookup (g, id) : NULL;
  return p ? (p->name_en ? p->name_en : p->name_ar) : "";
}

static const char *
actor_name (RasidActors *actors, GPtrArray *ids, guint i)
{
  const RasidActor *a = actors && i < ids->len ? rasid_actors_lookup (actors, ids->pdata[i]) : NULL;
  return a ? (a->name_en ? a->name_en : a->name_ar) : "";
}

static void
field (GString *out, const char *value, gboolean last)
{
  rasid_csv_append_field (out, value ? value : "");
  g_string_append (out, last ? "\r\n" : ",");
}

/* 1: a town or a point in it; 2: an area around a town ("north of", a
 * subdistrict or district); 3: a governorate or a region. */
static int
geo_precision (const RasidPlace *p)
{
  if (p == NULL || p->level == RASID_PLACE_GOVERNORATE || p->level == RASID_PLACE_REGION)
    return 3;
  if (p->level == RASID_PLACE_DISTRICT || p->level == RASID_PLACE_SUBDISTRICT)
    return 2;
  return 1;
}

/**
 * rasid_story_event_row:
 * @story: a story loaded with rasid_store_load_story()
 *
 * Returns: (transfer full) (nullable): the story's cells in the order of
 * rasid_story_event_columns ("" where Rasid knows nothing), or %NULL when
 * ACLED does not record its event.
 */
char **
rasid_story_event_row (const RasidStory *s, RasidGazetteer *gazetteer, RasidActors *actors)
{
  g_autoptr(GStrvBuilder) row = NULL;
  g_autoptr(GDateTime) utc = NULL, when = NULL;
  g_autoptr(GString) sources = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) tags = g_string_new (NULL);
  g_autofree char *date = NULL, *year = NULL, *lat = NULL, *lon = NULL, *prec = NULL, *fatal = NULL;
  g_autofree char *notes = NULL, *stamp = NULL, *range = NULL, *first = NULL;
  const RasidPlace *place = NULL;
  const char *type, *sub = NULL;

  g_return_val_if_fail (s != NULL, NULL);
  g_return_val_if_fail (RASID_IS_GAZETTEER (gazetteer), NULL);

  type = rasid_story_acled_event_type (s->event, s->actors->len ? s->actors->pdata[0] : NULL, &sub);
  if (type == NULL)
    return NULL;
  /* The most precise of the places most named. */
  for (guint k = 0; k < s->places->len; k++)
    {
      const RasidPlace *p = rasid_gazetteer_lookup (gazetteer, s->places->pdata[k]);
      if (p && (place == NULL || geo_precision (p) < geo_precision (place)))
        place = p;
    }
  utc = g_date_time_new_from_unix_utc (s->first_time);
  when = g_date_time_to_timezone (utc, rasid_syria_timezone ());
  date = g_date_time_format (when, "%Y-%m-%d");
  year = g_date_time_format (when, "%Y");
  for (guint k = 0; k < s->reports->len; k++)
    {
      RasidStoryReportRow *r = s->reports->pdata[k];
      if (r->source && !g_hash_table_contains (seen, r->source))
        {
          g_hash_table_add (seen, r->source);
          g_string_append_printf (sources, "%s%s", sources->len ? "; " : "", r->source);
        }
    }
  range = s->killed_min >= 0 && s->killed_min != s->killed_max
            ? g_strdup_printf ("Fatalities %d-%d depending on the source. ", s->killed_min, s->killed_max) : g_strdup ("");
  first = rasid_format_iso8601 (s->first_time, NULL);
  notes = g_strdup_printf ("%s. %sFirst reported by %s at %s; %u outlets, %u citing another.",
                           s->headline ? s->headline : "", range, s->first_source ? s->first_source : "?",
                           first, s->n_outlets, s->n_citations);
  if (s->killed_min != s->killed_max)
    g_string_append (tags, "fatalities disputed");
  if (s->n_outlets < 2)
    g_string_append_printf (tags, "%sone outlet", tags->len ? "; " : "");
  if (place && !isnan (place->lat))
    {
      lat = g_strdup_printf ("%.4f", place->lat);
      lon = g_strdup_printf ("%.4f", place->lon);
    }
  prec = g_strdup_printf ("%d", geo_precision (place));
  fatal = g_strdup_printf ("%d", MAX (s->killed_min, 0));
  stamp = g_strdup_printf ("%" G_GINT64_FORMAT, s->last_time);

  row = g_strv_builder_new ();
  g_strv_builder_add (row, date);
  g_strv_builder_add (row, year);
  g_strv_builder_add (row, "1");   /* the day is known: every report is dated */
  g_strv_builder_add (row, type);
  g_strv_builder_add (row, sub);
  g_strv_builder_add (row, actor_name (actors, s->actors, 0));
  g_strv_builder_add (row, "");
  g_strv_builder_add (row, actor_name (actors, s->actors, 1));
  g_strv_builder_add (row, "");
  g_strv_builder_add (row, "");    /* interaction: not known */
  g_strv_builder_add (row, g_str_equal (type, "Violence against civilians") ? "Civilian targeting" : "");
  g_strv_builder_add (row, "760");
  g_strv_builder_add (row, "Middle East");
  g_strv_builder_add (row, "Syria");
  g_strv_builder_add (row, place ? place_name (gazetteer, place->level == RASID_PLACE_GOVERNORATE ? place->id : place->admin[0]) : "");
  g_strv_builder_add (row, place ? place_name (gazetteer, place->admin[1]) : "");
  g_strv_builder_add (row, place ? place_name (gazetteer, place->admin[2]) : "");
  g_strv_builder_add (row, place ? place_name (gazetteer, place->id) : "");
  g_strv_builder_add (row, lat ? lat : "");
  g_strv_builder_add (row, lon ? lon : "");
  g_strv_builder_add (row, prec);
  g_strv_builder_add (row, sources->str);
  g_strv_builder_add (row, "");    /* source_scale: outlets have no scale in Rasid yet */
  g_strv_builder_add (row, notes);
  g_strv_builder_add (row, fatal);
  g_strv_builder_add (row, tags->str);
  g_strv_builder_add (row, stamp);
  return g_strv_builder_end (row);
}

/**
 * rasid_story_events_write_csv:
 * @story_ids: stories, in the order of the rows
 * @out: the CSV is appended here, header first
 *
 * One row per story whose event ACLED records.
 */
gboolean
rasid_story_events_write_csv (RasidStore *store, const gint64 *story_ids, guint n_ids, RasidGazetteer *gazetteer,
                              RasidActors *actors, GString *out, GError **error)
{
  g_return_val_if_fail (RASID_IS_STORE (store), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint c = 0; c < RASID_EVENT_N_COLUMNS; c++)
    field (out, rasid_story_event_columns[c], c + 1 == RASID_EVENT_N_COLUMNS);
  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(RasidStory) s = rasid_store_load_story (store, story_ids[i], error);
      g_auto(GStrv) row = NULL;

      if (s == NULL)
        return FALSE;
      if ((row = rasid_story_event_row (s, gazetteer, actors)) == NULL)
        continue;
      for (guint c = 0; c < RASID_EVENT_N_COLUMNS; c++)
        field (out, row[c], c + 1 == RASID_EVENT_N_COLUMNS);
    }
  return TRUE;
}
