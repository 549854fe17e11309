/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-export-json.c: the JSON export (docs/export-json.md), each report
 * written by the one serialiser, rasid-report-json.c. */
#include "config.h"

#include "rasid-export-private.h"
#include "rasid-report-json.h"

/* Appends @node at the depth of a report in the document, and frees it. */
void
rasid_export_json_append_node (GString *out, JsonNode *node)
{
  rasid_report_json_print (out, node, 2);
  json_node_unref (node);
}

/* The envelope's members up to the opening of its list, as "  "name": value,". */
gboolean
rasid_export_json_envelope_begin (Exporter *ex, JsonBuilder *b, const char *list, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  rasid_report_json_print (out, root, 0);
  /* Reopen the object: drop the closing "\n}" and go on with the list. */
  g_string_truncate (out, out->len - 2);
  g_string_append_printf (out, ",\n  \"%s\": [", list);
  return rasid_exporter_write (ex, out, error);
}

static gboolean
json_begin (Exporter *ex, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, 1);
  rasid_report_json_add_string (b, "generator", "Rasid " PACKAGE_VERSION);
  rasid_report_json_add_string (b, "exported", ex->generated_iso);
  rasid_report_json_add_string (b, "title", rasid_exporter_title (ex));
  rasid_report_json_add_string (b, "filter", ex->options->filter_description);
  return rasid_export_json_envelope_begin (ex, b, "reports", error);
}

static gboolean
json_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GString) out = g_string_new (ex->n_written ? ",\n    " : "\n    ");

  rasid_export_json_append_node (out, rasid_report_json_report (report, ex->gazetteer, RASID_REPORT_JSON_EXPORT));
  ex->n_written++;
  return rasid_exporter_write (ex, out, error);
}

static gboolean
json_end (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "%s],\n  \"count\": %u\n}\n", ex->n_written ? "\n  " : "", ex->n_written);
  return rasid_exporter_write (ex, out, error) && rasid_exporter_close_out (ex, error);
}

const RasidExportWriter rasid_export_json = {
  .name = "json", .extension = "json", .passes = 1, .text = TRUE,
  .begin = json_begin, .report = json_report, .end = json_end,
};
