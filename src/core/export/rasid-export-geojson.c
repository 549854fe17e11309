/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-geojson.c: an RFC 7946 FeatureCollection, one Point per
 * report and place with coordinates. */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-dates.h"
#include "rasid-report-json.h"

#include <math.h>

static gboolean
geojson_begin (Exporter *ex, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rasid_report_json_add_string (b, "type", "FeatureCollection");
  /* RFC 7946 allows foreign members; readers that do not know them skip them. */
  rasid_report_json_add_string (b, "title", rasid_exporter_title (ex));
  return rasid_export_json_envelope_begin (ex, b, "features", error);
}

/* One Point per report-place the gazetteer can put on a map. */
static gboolean
geojson_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *published = rasid_format_iso8601 (rasid_report_get_published (report), NULL);
  GPtrArray *places = rasid_report_get_places (report);

  for (guint i = 0; i < places->len; i++)
    {
      RasidReportPlace *p = g_ptr_array_index (places, i);
      const RasidPlace *known = ex->gazetteer ? rasid_gazetteer_lookup (ex->gazetteer, p->id) : NULL;
      g_autoptr(JsonBuilder) b = NULL;
      RasidPlaceAdmin admin[3];

      if (known == NULL || !isfinite (known->lat) || !isfinite (known->lon))
        continue;
      rasid_report_json_place_admins (ex->gazetteer, p, admin);
      b = json_builder_new ();
      json_builder_begin_object (b);
      rasid_report_json_add_string (b, "type", "Feature");
      json_builder_set_member_name (b, "geometry");
      json_builder_begin_object (b);
      rasid_report_json_add_string (b, "type", "Point");
      json_builder_set_member_name (b, "coordinates");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, known->lon);
      json_builder_add_double_value (b, known->lat);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "report_id");
      json_builder_add_int_value (b, rasid_report_get_id (report));
      rasid_report_json_add_string (b, "title", rasid_report_get_title (report));
      rasid_report_json_add_string (b, "published", published);
      rasid_report_json_add_string (b, "link", rasid_report_get_link (report));
      rasid_report_json_add_string (b, "place_id", p->id);
      rasid_report_json_add_string (b, "place_name", p->name_ar);
      rasid_report_json_add_string (b, "place_name_en", p->name_en);
      rasid_report_json_add_string (b, "qualifier", p->qualifier);
      rasid_report_json_add_string (b, "admin1", admin[0].pcode);
      rasid_report_json_add_string (b, "admin1_name", admin[0].name_ar);
      rasid_report_json_add_string (b, "admin1_name_en", admin[0].name_en);
      json_builder_end_object (b);
      json_builder_end_object (b);
      g_string_append (out, ex->n_written++ ? ",\n    " : "\n    ");
      rasid_export_json_append_node (out, json_builder_get_root (b));
    }
  return out->len == 0 || rasid_exporter_write (ex, out, error);
}

static gboolean
geojson_end (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new (ex->n_written ? "\n  ]\n}\n" : "]\n}\n");

  return rasid_exporter_write (ex, out, error) && rasid_exporter_close_out (ex, error);
}

const RasidExportWriter rasid_export_geojson = {
  .name = "geojson", .extension = "geojson", .passes = 1, .text = TRUE,
  .begin = geojson_begin, .report = geojson_report, .end = geojson_end,
};
