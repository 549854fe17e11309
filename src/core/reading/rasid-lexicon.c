/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-lexicon.c: the matcher under places and actors. Names are stored by
 * their normalised form; multi-word names are also stored run together
 * ("ديرالزور") because real tickers drop the space before ال. */
#include "rasid-lexicon.h"
#include "rasid-normalize.h"

#include <string.h>

#define MAX_WORDS 7

struct _RasidLexicon {
  GHashTable *names;        /* normalised name → GPtrArray of values */
  GHashTable *first_words;  /* first word of a name → bit n-1 set for each length n of names starting with it */
  guint       max_words;
};

RasidLexicon *
rasid_lexicon_new (void)
{
  RasidLexicon *self = g_new0 (RasidLexicon, 1);

  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->first_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_words = 1;
  return self;
}

void
rasid_lexicon_free (RasidLexicon *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->names);
  g_hash_table_unref (self->first_words);
  g_free (self);
}

static void
add_key (RasidLexicon *self, const char *key, guint n_words, gpointer value)
{
  GPtrArray *values = g_hash_table_lookup (self->names, key);
  g_autofree char *first = NULL;
  const char *space;

  if (values == NULL)
    {
      values = g_ptr_array_new ();
      g_hash_table_insert (self->names, g_strdup (key), values);
    }
  if (!g_ptr_array_find (values, value, NULL))
    g_ptr_array_add (values, value);

  space = strchr (key, ' ');
  first = space ? g_strndup (key, space - key) : g_strdup (key);
  {
    guint lengths = GPOINTER_TO_UINT (g_hash_table_lookup (self->first_words, first));
    g_hash_table_replace (self->first_words, g_steal_pointer (&first), GUINT_TO_POINTER (lengths | (1u << (n_words - 1))));
  }
  self->max_words = MAX (self->max_words, n_words);
}

void
rasid_lexicon_add (RasidLexicon *self, const char *name, gpointer value)
{
  g_autofree char *norm = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *key = NULL;
  guint n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  norm = rasid_normalize (name);
  words = rasid_tokenize (norm);
  n = g_strv_length (words);
  if (n == 0 || n > MAX_WORDS)
    return;
  key = g_strjoinv (" ", words);
  add_key (self, key, n, value);
  if (n > 1)
    {
      g_autofree char *joined = g_strjoinv ("", words);
      add_key (self, joined, 1, value);
    }
}

/* Prefix combinations as they attach to names: وب، فب، ول، بال، لل … */
static const char *clitic_prefixes[] = { "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل" };

/**
 * rasid_clitic_reading:
 * @variant: 0 … the successive readings of @word without its prefixes
 * @buf: (out caller-allocates): where a reading that is not a plain suffix
 *   of @word is written (ل + لرقة → الرقة); at least strlen (@word) + 3 bytes
 * @prefix: (out) (optional): the prefix taken off, a static string
 *
 * Returns: (nullable): the reading, pointing into @word or @buf; %NULL when
 * there are no more. Allocates nothing: this runs for every word read.
 */
const char *
rasid_clitic_reading (const char *word, guint variant, char *buf, const char **prefix)
{
  guint seen = 0;

  if (prefix)
    *prefix = "";
  if (variant == 0)
    return word;
  for (guint i = 0; i < G_N_ELEMENTS (clitic_prefixes); i++)
    {
      gsize plen = strlen (clitic_prefixes[i]);
      const char *rest = word + plen;

      if (strncmp (word, clitic_prefixes[i], plen) != 0 || g_utf8_strlen (rest, -1) < 2)
        continue;
      if (prefix)
        *prefix = clitic_prefixes[i];
      /* "للرقة" is ل + الرقة with the alef swallowed. */
      if (strncmp (rest, "ل", 2) == 0 && g_str_has_suffix (clitic_prefixes[i], "ل") && strncmp (rest, "ال", 4) != 0)
        {
          if (++seen == variant)
            {
              strcpy (buf, "ا");
              strcat (buf, rest);
              return buf;
            }
        }
      if (++seen == variant)
        return rest;
    }
  return NULL;
}

char *
rasid_strip_clitic_full (const char *word, guint variant, const char **prefix)
{
  g_autofree char *buf = g_malloc (strlen (word) + 3);
  const char *reading = rasid_clitic_reading (word, variant, buf, prefix);

  return reading ? g_strdup (reading) : NULL;
}

char *
rasid_strip_clitic (const char *word, guint variant)
{
  return rasid_strip_clitic_full (word, variant, NULL);
}

static void
token_free (RasidToken *token)
{
  g_free (token->word);
  g_free (token);
}

/* Words of @text, normalised, each knowing whether a quote mark touches it:
 * reports quote faction names ("الحر"), which tells them from plain words. */
GPtrArray *
rasid_tokens_from_text (const char *text)
{
  g_autofree char *norm = rasid_normalize (text);

  return rasid_tokens_from_normalized (norm);
}

/* The same, for text already through rasid_normalize(). */
GPtrArray *
rasid_tokens_from_normalized (const char *norm)
{
  GPtrArray *tokens;
  const char *start = NULL;
  gunichar before = 0, prev = 0;

  g_return_val_if_fail (norm != NULL, NULL);

  tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);

  for (const char *p = norm;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;
      gboolean word = c != 0 && rasid_unichar_is_word (c);

      if (word && start == NULL)
        {
          start = p;
          before = prev;
        }
      else if (!word && start != NULL)
        {
          RasidToken *t = g_new0 (RasidToken, 1);
          t->word = g_strndup (start, p - start);
          t->quoted = before == '"' || c == '"';
          g_ptr_array_add (tokens, t);
          start = NULL;
        }
      if (c == 0)
        break;
      prev = c;
    }
  return tokens;
}

/* Key for tokens [start, start+len) with the first word read as @first. */
static char *
key_for (GPtrArray *tokens, guint start, guint len, const char *first)
{
  GString *key = g_string_new (first);

  for (guint i = 1; i < len; i++)
    {
      RasidToken *t = g_ptr_array_index (tokens, start + i);
      g_string_append_c (key, ' ');
      g_string_append (key, t->word);
    }
  return g_string_free (key, FALSE);
}

/**
 * rasid_lexicon_scan:
 * @tokens: (element-type RasidToken): from rasid_tokens_from_text()
 *
 * Greedy longest match from left to right; matches never overlap.
 *
 * Returns: (transfer full) (element-type RasidLexiconMatch): the matches.
 */
GArray *
rasid_lexicon_scan (RasidLexicon *self, GPtrArray *tokens)
{
  GArray *matches;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (tokens != NULL, NULL);

  matches = g_array_new (FALSE, FALSE, sizeof (RasidLexiconMatch));
  for (guint i = 0; i < tokens->len;)
    {
      RasidToken *t = g_ptr_array_index (tokens, i);
      gboolean found = FALSE;

      g_autofree char *buf = g_malloc (strlen (t->word) + 3);

      for (guint v = 0; !found; v++)
        {
          const char *prefix = "";
          const char *first = rasid_clitic_reading (t->word, v, buf, &prefix);
          guint lengths;

          if (first == NULL)
            break;
          lengths = GPOINTER_TO_UINT (g_hash_table_lookup (self->first_words, first));

          if (lengths == 0)
            continue;
          for (guint len = MIN (self->max_words, tokens->len - i); len >= 1 && !found; len--)
            {
              g_autofree char *key = NULL;
              gpointer stored_key, values;

              /* Only the lengths some name starting with this word has. */
              if (!(lengths & (1u << (len - 1))))
                continue;
              key = key_for (tokens, i, len, first);

              if (g_hash_table_lookup_extended (self->names, key, &stored_key, &values))
                {
                  RasidLexiconMatch m = { i, len, stored_key, values };
                  t->clitic = v > 0;
                  t->prefix = prefix;
                  g_array_append_val (matches, m);
                  i += len;
                  found = TRUE;
                }
            }
        }
      if (!found)
        i++;
    }
  return matches;
}
