/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-feed-repair.c: the bytes of an XML feed made fit for libxml2 before
 * it reads them. Publishers write HTML into XML: undeclared named entities
 * (&rsquo;), bare ampersands (AT&T, ?a=1&b=2), Windows-1252 numeric
 * references (&#146;) and UTF-8 escaped byte by byte (&#226;&#128;&#166;).
 * libxml2 drops the first and refuses the rest; here each becomes a numeric
 * reference to the character meant, or "&amp;". Comments, CDATA sections,
 * processing instructions and the DOCTYPE are copied untouched; entities the
 * DOCTYPE declares are left to libxml2 (which never expands them). Only
 * ASCII bytes are inspected, so any ASCII-compatible encoding is safe. */
#include "rasid-feed-private.h"
#include "rasid-entities.h"

#include <string.h>

/* Windows-1252 0x80–0x9F, which publishers write as &#128;–&#159;. 0 where
 * Windows-1252 has no character either. */
static const guint16 cp1252[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

typedef struct {
  const char *data;
  gsize       len;
  GString    *out;      /* NULL until something changes */
  gsize       copied;   /* data[0, copied) is in out */
  guint       malformed;
  GHashTable *declared; /* entity names the DOCTYPE declares, or NULL */
} Repair;

/* Replaces data[from, to) by @text. */
static void
replace (Repair *r, gsize from, gsize to, const char *text)
{
  if (r->out == NULL)
    r->out = g_string_sized_new (r->len + r->len / 16 + 64);
  g_string_append_len (r->out, r->data + r->copied, from - r->copied);
  g_string_append (r->out, text);
  r->copied = to;
}

static gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* A numeric reference at data[i] ("&#…;"): its value in *value and the
 * index after it, or 0 when there is none. */
static gsize
numeric_ref (const Repair *r, gsize i, guint32 *value)
{
  gsize j = i + 2, start;
  gboolean hex = FALSE;
  guint64 v = 0;

  if (i + 2 >= r->len || r->data[i] != '&' || r->data[i + 1] != '#')
    return 0;
  if (r->data[j] == 'x' || r->data[j] == 'X')
    hex = TRUE, j++;
  start = j;
  for (; j < r->len && j - start < 10; j++)
    {
      int d = hex ? g_ascii_xdigit_value (r->data[j]) : g_ascii_digit_value (r->data[j]);
      if (d < 0)
        break;
      v = v * (hex ? 16 : 10) + d;
    }
  if (j == start || j >= r->len || r->data[j] != ';')
    return 0;
  *value = v > 0x10FFFF ? 0xFFFFFFFF : (guint32) v;
  return j + 1;
}

/* UTF-8 escaped one byte per reference: "&#226;&#128;&#166;" is "…". */
static gsize
double_encoded (const Repair *r, gsize i, guint32 lead, gunichar *c)
{
  char bytes[4] = { (char) lead };
  guint need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  gsize j = i;

  if (lead < 0xC2 || lead > 0xF4)
    return 0;
  j = numeric_ref (r, j, &lead);
  for (guint k = 1; k < need; k++)
    {
      guint32 v;
      gsize next = numeric_ref (r, j, &v);

      if (next == 0 || v < 0x80 || v > 0xBF)
        return 0;
      bytes[k] = (char) v;
      j = next;
    }
  *c = g_utf8_get_char_validated (bytes, need);
  return *c < 0x110000 ? j : 0;
}

static void
fix_numeric (Repair *r, gsize i, gsize end, guint32 value, gsize *next)
{
  char ref[16];
  gunichar c;
  gsize j;

  *next = end;
  if ((j = double_encoded (r, i, value, &c)) > 0)
    {
      g_snprintf (ref, sizeof ref, "&#%u;", c);
      replace (r, i, j, ref);
      *next = j;
    }
  else if (value >= 0x80 && value <= 0x9F && cp1252[value - 0x80])
    {
      g_snprintf (ref, sizeof ref, "&#%u;", cp1252[value - 0x80]);
      replace (r, i, end, ref);
    }
  else if (!is_xml_char (value))
    {
      /* &#0;, &#xD800; …: nothing a reader could see. */
      replace (r, i, end, "");
      r->malformed++;
    }
}

static void
fix_named (Repair *r, gsize i, gsize *next)
{
  gsize j = i + 1;
  const char *utf8;
  GString *refs;

  while (j < r->len && j - i <= RASID_HTML_ENTITY_MAX + 1 && g_ascii_isalnum (r->data[j]))
    j++;
  if (j == i + 1 || j >= r->len || r->data[j] != ';')
    {
      /* A bare ampersand: "AT&T", "?a=1&b=2". */
      replace (r, i, i + 1, "&amp;");
      r->malformed++;
      *next = i + 1;
      return;
    }
  *next = j + 1;
#define IS(word) (j - i - 1 == strlen (word) && memcmp (r->data + i + 1, word, strlen (word)) == 0)
  if (IS ("amp") || IS ("lt") || IS ("gt") || IS ("quot") || IS ("apos"))
    return;
#undef IS
  if (r->declared)
    {
      g_autofree char *name = g_strndup (r->data + i + 1, j - i - 1);
      if (g_hash_table_contains (r->declared, name))
        return;
    }
  utf8 = rasid_html_entity_lookup (r->data + i + 1, j - i - 1);
  if (utf8 == NULL)
    {
      /* Not HTML either: keep it as the text it is. */
      replace (r, i, i + 1, "&amp;");
      r->malformed++;
      return;
    }
  refs = g_string_new (NULL);
  for (const char *p = utf8; *p; p = g_utf8_next_char (p))
    g_string_append_printf (refs, "&#%u;", g_utf8_get_char (p));
  replace (r, i, j + 1, refs->str);
  g_string_free (refs, TRUE);
}

/* The index after @end_marker, searching from @i, or the end of data. */
static gsize
skip_past (const Repair *r, gsize i, const char *end_marker)
{
  gsize n = strlen (end_marker);

  while (i + n <= r->len)
    {
      const char *hit = memchr (r->data + i, end_marker[0], r->len - i);

      if (hit == NULL)
        break;
      i = hit - r->data;
      if (i + n <= r->len && memcmp (hit, end_marker, n) == 0)
        return i + n;
      i++;
    }
  return r->len;
}

/* A DOCTYPE, with its internal subset: notes the entity names declared. */
static gsize
skip_doctype (Repair *r, gsize i)
{
  gboolean subset = FALSE;

  for (; i < r->len; i++)
    {
      char c = r->data[i];

      if (c == '[')
        subset = TRUE;
      else if (c == ']')
        subset = FALSE;
      else if (c == '>' && !subset)
        return i + 1;
      else if ((c == '"' || c == '\'') && subset)
        {
          const char *q = memchr (r->data + i + 1, c, r->len - i - 1);
          i = q ? (gsize) (q - r->data) : r->len;
        }
      else if (c == '<' && subset && i + 8 < r->len && memcmp (r->data + i, "<!ENTITY", 8) == 0)
        {
          gsize j = i + 8, start;

          while (j < r->len && (g_ascii_isspace (r->data[j]) || r->data[j] == '%'))
            j++;
          for (start = j; j < r->len && !g_ascii_isspace (r->data[j]) && r->data[j] != '"' &&
                          r->data[j] != '\'' && r->data[j] != '>'; j++)
            ;
          if (j > start)
            {
              if (r->declared == NULL)
                r->declared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              g_hash_table_add (r->declared, g_strndup (r->data + start, j - start));
            }
          i = j - 1;
        }
    }
  return r->len;
}

/**
 * rasid_xml_repair:
 * @n_malformed: (out): how many errors were mended (bare ampersands,
 *   unknown entities, references to no character); HTML entities and
 *   Windows-1252 references are not counted: they are merely common
 *
 * Returns: (transfer full) (nullable): the mended document, or %NULL when
 * nothing needed mending.
 */
char *
rasid_xml_repair (const char *data, gsize len, gsize *out_len, guint *n_malformed)
{
  Repair r = { data, len, NULL, 0, 0, NULL };
  /* The next '&' and '<' at or after i, or NULL. */
  const char *amp, *lt;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (out_len != NULL, NULL);
  g_return_val_if_fail (n_malformed != NULL, NULL);

  amp = len ? memchr (data, '&', len) : NULL;
  lt = len ? memchr (data, '<', len) : NULL;
  while (i < len)
    {
      const char *p;
      gsize next;
      guint32 value;

      /* Runs of ordinary bytes go by in one step: memchr is vectorised,
       * and each of the two is looked for again only once passed. */
      if (amp && amp < data + i)
        amp = memchr (data + i, '&', len - i);
      if (lt && lt < data + i)
        lt = memchr (data + i, '<', len - i);
      p = amp && (lt == NULL || amp < lt) ? amp : lt;
      if (p == NULL)
        break;
      i = p - data;
      if (*p == '&')
        {
          gsize end = numeric_ref (&r, i, &value);
          if (end > 0)
            fix_numeric (&r, i, end, value, &next);
          else if (i + 1 < len && data[i + 1] == '#')
            {
              replace (&r, i, i + 1, "&amp;");
              r.malformed++;
              next = i + 1;
            }
          else
            fix_named (&r, i, &next);
          i = next;
        }
      else if (len - i >= 4 && memcmp (p, "<!--", 4) == 0)
        i = skip_past (&r, i + 4, "-->");
      else if (len - i >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
        i = skip_past (&r, i + 9, "]]>");
      else if (len - i >= 2 && p[1] == '?')
        i = skip_past (&r, i + 2, "?>");
      else if (len - i >= 9 && memcmp (p, "<!DOCTYPE", 9) == 0)
        i = skip_doctype (&r, i + 9);
      else
        i++;
    }
  g_clear_pointer (&r.declared, g_hash_table_unref);
  *n_malformed = r.malformed;
  if (r.out == NULL)
    return NULL;
  g_string_append_len (r.out, data + r.copied, len - r.copied);
  *out_len = r.out->len;
  return g_string_free (r.out, FALSE);
}
