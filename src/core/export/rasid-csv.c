/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-csv.c: CSV as spreadsheets and humanitarian data teams write it:
 * quoted fields with doubled quotes and embedded line breaks, CRLF or LF,
 * an optional UTF-8 byte-order mark. */
#include "rasid-csv.h"
#include "rasid-feed.h"

#include <string.h>

/**
 * rasid_csv_parse:
 *
 * Returns: (transfer full) (element-type GStrv): one row per record.
 */
GPtrArray *
rasid_csv_parse (const char *data, gsize len, GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE, field_started = FALSE;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  if (!g_utf8_validate (data + i, len - i, NULL))
    {
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_ENCODING, "The CSV file is not UTF-8");
      return NULL;
    }
  for (; i <= len; i++)
    {
      char c = i < len ? data[i] : '\n';

      if (quoted)
        {
          if (i == len)
            {
              g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED,
                                   "The CSV file ends inside a quoted field");
              return NULL;
            }
          if (c == '"' && i + 1 < len && data[i + 1] == '"')
            {
              g_string_append_c (field, '"');
              i++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
          continue;
        }
      if (c == '"' && field->len == 0)
        {
          quoted = field_started = TRUE;
          continue;
        }
      if (c == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          field_started = TRUE;
          continue;
        }
      if (c == '\r')
        continue;
      if (c == '\n')
        {
          if (field->len || field_started || row->len)
            {
              g_ptr_array_add (row, g_strdup (field->str));
              g_ptr_array_add (row, NULL);
              g_ptr_array_add (rows, g_ptr_array_free (g_steal_pointer (&row), FALSE));
              row = g_ptr_array_new_with_free_func (g_free);
            }
          g_string_truncate (field, 0);
          field_started = FALSE;
          continue;
        }
      g_string_append_c (field, c);
    }
  return g_steal_pointer (&rows);
}

/* Appends @field quoted when it needs to be (no separator is added). */
void
rasid_csv_append_field (GString *out, const char *field)
{
  g_return_if_fail (out != NULL);

  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
