/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-fields.c: what every export format says about a report (its
 * places, factions, events and casualties in words, its labelled lines, its
 * spreadsheet row), so that each writer only lays it out. */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-dates.h"

#include <string.h>

void
rasid_export_report_admins (Exporter *ex, RasidReport *report, RasidPlaceAdmin admin[3])
{
  GPtrArray *places = rasid_report_get_places (report);

  memset (admin, 0, 3 * sizeof *admin);
  if (places->len > 0)
    rasid_report_json_place_admins (ex->gazetteer, g_ptr_array_index (places, 0), admin);
}

const char *
rasid_export_event_label (const char *id)
{
  /* The Arabic of src/ui's event labels, for documents people read. */
  static const struct { const char *id; const char *label; } labels[] = {
    { "killing", "قتل" }, { "injury", "إصابة" }, { "arrest", "اعتقال" }, { "kidnapping", "خطف" },
    { "assassination", "اغتيال" }, { "airstrike", "غارة جوية" }, { "drone-strike", "ضربة بطائرة مسيّرة" },
    { "shelling", "قصف" }, { "explosion", "انفجار" }, { "clashes", "اشتباكات" }, { "protest", "احتجاج" },
    { "displacement", "نزوح" }, { "disease-outbreak", "تفشي مرض" }, { "conscription", "تجنيد" },
    { "aircraft-downed", "إسقاط طائرة" }, { "return", "عودة" }, { "territorial-control", "سيطرة" },
    { "agreement", "اتفاق" }, { "meeting", "اجتماع" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].id, id))
      return labels[i].label;
  return id;
}

/* NULL when the list is empty, so a cell or a line can be left out.
 * @unique: name a city and its governorate of the same name once, for
 * people; the spreadsheet column keeps one name per place. */
char *
rasid_export_join_places (RasidReport *report, const char *separator, gboolean unique)
{
  GPtrArray *places = rasid_report_get_places (report);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < places->len; i++)
    {
      RasidReportPlace *p = g_ptr_array_index (places, i);
      const char *name = p->name_ar ? p->name_ar : p->id;

      if (unique && g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, (gpointer) name);
      g_string_append_printf (out, "%s%s", out->len ? separator : "", name);
    }
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

char *
rasid_export_join_actors (RasidReport *report, const char *separator)
{
  GPtrArray *actors = rasid_report_get_actors (report);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < actors->len; i++)
    {
      RasidReportActor *a = g_ptr_array_index (actors, i);
      g_string_append_printf (out, "%s%s", i ? separator : "", a->name_ar ? a->name_ar : a->id);
    }
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

char *
rasid_export_join_events (RasidReport *report, gboolean labels, const char *separator)
{
  const char * const *events = rasid_report_get_events (report);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; events && events[i]; i++)
    g_string_append_printf (out, "%s%s", i ? separator : "", labels ? rasid_export_event_label (events[i]) : events[i]);
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

char *
rasid_export_format_local (gint64 unix_time, const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, rasid_syria_timezone ());

  return g_date_time_format (local, format);
}

char *
rasid_export_casualties_text (RasidReport *report)
{
  int killed = rasid_report_get_killed (report), injured = rasid_report_get_injured (report);

  if (killed >= 0 && injured >= 0)
    return g_strdup_printf (LABEL_KILLED " %d، " LABEL_INJURED " %d", killed, injured);
  if (killed >= 0)
    return g_strdup_printf (LABEL_KILLED " %d", killed);
  if (injured >= 0)
    return g_strdup_printf (LABEL_INJURED " %d", injured);
  return NULL;
}

static void
field_free (Field *field)
{
  g_free (field->value);
  g_free (field);
}

static void
add_field (GPtrArray *fields, const char *label, char *value)
{
  Field *field;

  if (value == NULL || *value == 0)
    {
      g_free (value);
      return;
    }
  field = g_new (Field, 1);
  field->label = label;
  field->value = value;
  g_ptr_array_add (fields, field);
}

GPtrArray *
rasid_export_report_fields (RasidReport *report)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  add_field (fields, LABEL_DATE, rasid_export_format_local (rasid_report_get_published (report), "%Y-%m-%d %H:%M"));
  add_field (fields, LABEL_SOURCE, g_strdup (rasid_report_get_source_title (report)));
  add_field (fields, LABEL_ATTRIBUTION, g_strdup (rasid_report_get_attribution (report)));
  add_field (fields, LABEL_PLACES, rasid_export_join_places (report, "، ", TRUE));
  add_field (fields, LABEL_FACTIONS, rasid_export_join_actors (report, "، "));
  add_field (fields, LABEL_EVENTS, rasid_export_join_events (report, TRUE, "، "));
  add_field (fields, LABEL_CASUALTIES, rasid_export_casualties_text (report));
  return fields;
}

/* A title on one line: feeds put tabs and line breaks in headlines. */
char *
rasid_export_one_line (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", " \t\r\n\f\v", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Body text with "\n" line ends only. */
char *
rasid_export_unix_lines (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
rasid_export_is_web_link (const char *link)
{
  return link && (g_ascii_strncasecmp (link, "https://", 8) == 0 || g_ascii_strncasecmp (link, "http://", 7) == 0);
}

/* Stable English names: scripts read these columns. */
const char *const rasid_export_column_names[N_COLUMNS] = {
  "id", "published", "source", "title", "text", "link",
  "admin1_pcode", "admin1_name_ar", "admin1_name_en",
  "admin2_pcode", "admin2_name_ar", "admin2_name_en",
  "admin3_pcode", "admin3_name_ar", "admin3_name_en",
  "places", "factions", "events", "killed", "injured", "attribution",
};

void
rasid_export_row_clear (Row *row)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_pointer (&row->cell[i], g_free);
}

void
rasid_export_row_fill (Exporter *ex, RasidReport *report, Row *row)
{
  RasidPlaceAdmin admin[3];
  int killed = rasid_report_get_killed (report), injured = rasid_report_get_injured (report);

  rasid_export_report_admins (ex, report, admin);
  row->cell[COL_ID] = g_strdup_printf ("%" G_GINT64_FORMAT, rasid_report_get_id (report));
  row->cell[COL_PUBLISHED] = rasid_format_iso8601 (rasid_report_get_published (report), NULL);
  row->cell[COL_SOURCE] = g_strdup (rasid_report_get_source_title (report));
  row->cell[COL_TITLE] = g_strdup (rasid_report_get_title (report));
  row->cell[COL_TEXT] = g_strdup (rasid_report_get_body (report));
  row->cell[COL_LINK] = g_strdup (rasid_report_get_link (report));
  for (guint level = 0; level < 3; level++)
    {
      row->cell[COL_ADMIN1 + 3 * level] = g_strdup (admin[level].pcode);
      row->cell[COL_ADMIN1_AR + 3 * level] = g_strdup (admin[level].name_ar);
      row->cell[COL_ADMIN1_EN + 3 * level] = g_strdup (admin[level].name_en);
    }
  row->cell[COL_PLACES] = rasid_export_join_places (report, " | ", FALSE);
  row->cell[COL_FACTIONS] = rasid_export_join_actors (report, " | ");
  row->cell[COL_EVENTS] = rasid_export_join_events (report, FALSE, " | ");
  row->cell[COL_KILLED] = killed >= 0 ? g_strdup_printf ("%d", killed) : NULL;
  row->cell[COL_INJURED] = injured >= 0 ? g_strdup_printf ("%d", injured) : NULL;
  row->cell[COL_ATTRIBUTION] = g_strdup (rasid_report_get_attribution (report));
}

