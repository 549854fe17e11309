/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-normalize.c: folds the spelling variation of real Arabic reports
 * (hamza and alef forms, ta marbuta, alef maqsura, tashkeel, tatweel,
 * Arabic-Indic digits, quote styles, invisible marks) so that a search or a
 * gazetteer name matches however a publisher typed it. */
#include "rasid-normalize.h"

/* Returns the replacement for @c: a character, or 0 to drop it. */
static gunichar
fold_char (gunichar c)
{
  /* Tashkeel, Quranic marks, superscript alef and tatweel carry no identity. */
  if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x0610 && c <= 0x061A) ||
      (c >= 0x06D6 && c <= 0x06ED) || c == 0x0640)
    return 0;
  /* Zero-width and bidi controls, BOM, Arabic letter mark. */
  if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
      (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0x061C || c == 0x00AD)
    return 0;

  switch (c)
    {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
      return 0x0627;              /* آ أ إ ٱ → ا */
    case 0x0624: return 0x0648;   /* ؤ → و */
    case 0x0626: return 0x064A;   /* ئ → ي */
    case 0x0649: return 0x064A;   /* ى → ي */
    case 0x06CC: return 0x064A;   /* Persian yeh */
    case 0x0629: return 0x0647;   /* ة → ه */
    case 0x06C0: return 0x0647;
    case 0x06A9: return 0x0643;   /* Persian kaf */
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0x300C: case 0x300D: case 0xFF02:
      return '"';
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x0060: case 0x00B4:
      return '\'';
    case 0xFD3E: return '(';
    case 0xFD3F: return ')';
    case 0x060C: return ',';      /* Arabic comma */
    case 0x061B: return ';';
    case 0x061F: return '?';
    case 0x066B: return '.';      /* Arabic decimal separator */
    case 0x066C: return ',';
    case 0x2013: case 0x2014: case 0x2212: return '-';
    default: break;
    }

  if (c >= 0x0660 && c <= 0x0669)
    return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9)
    return '0' + (c - 0x06F0);
  if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F)
    return ' ';
  return g_unichar_tolower (c);
}

/**
 * rasid_normalize:
 * @text: UTF-8 text, possibly invalid
 *
 * Returns: (transfer full): the folded text with runs of space collapsed.
 */
char *
rasid_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfkc = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  /* NFKC turns presentation forms (ﻻ, ﺍ …) and full-width forms back into
   * letters. They all lie at U+FB00 and above; skipping NFKC when there are
   * none makes the common case several times cheaper. */
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    if ((guchar) *p >= 0xEF && g_utf8_get_char (p) >= 0xFB00)
      {
        nfkc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
        break;
      }
  if (nfkc == NULL)
    nfkc = g_steal_pointer (&valid);
  out = g_string_sized_new (strlen (nfkc));

  for (const char *p = nfkc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = fold_char (g_utf8_get_char (p));

      if (c == 0)
        continue;
      if (c == ' ')
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Only the digits folded: for reading times and numbers from raw text. */
char *
rasid_normalize_digits (const char *text)
{
  GString *out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);

  /* Walking invalid UTF-8 with g_utf8_next_char() can step past the end. */
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0660 && c <= 0x0669)
        c = '0' + (c - 0x0660);
      else if (c >= 0x06F0 && c <= 0x06F9)
        c = '0' + (c - 0x06F0);
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
rasid_unichar_is_word (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Splits normalised text into words; punctuation and quotes separate them. */
char **
rasid_tokenize (const char *normalized)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  const char *start = NULL;

  g_return_val_if_fail (normalized != NULL, NULL);

  for (const char *p = normalized;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;
      gboolean word = c != 0 && rasid_unichar_is_word (c);

      if (word && start == NULL)
        start = p;
      else if (!word && start != NULL)
        {
          g_ptr_array_add (words, g_strndup (start, p - start));
          start = NULL;
        }
      if (c == 0)
        break;
    }
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}
