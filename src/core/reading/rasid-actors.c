/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-actors.c: the actor list (shipped, then the user's own actors.tsv)
 * and its matcher. Sub-units are aliases of their parent, so الفرقة الرابعة
 * counts as the government; the longest name wins, so الجيش السوري الحر is
 * the FSA and not the army. */
#include "rasid-actors.h"
#include "rasid-lexicon.h"
#include "rasid-normalize.h"

#include <string.h>
#include <gio/gio.h>

struct _RasidActors {
  GObject       parent_instance;
  GHashTable   *by_id;
  GPtrArray    *actors;
  RasidLexicon *lexicon;
};

G_DEFINE_FINAL_TYPE (RasidActors, rasid_actors, G_TYPE_OBJECT)

static void
actor_free (RasidActor *a)
{
  g_free (a->id);
  g_free (a->name_ar);
  g_free (a->name_en);
  g_strfreev (a->aliases_ar);
  g_strfreev (a->aliases_en);
  g_free (a);
}

static void
rasid_actors_finalize (GObject *object)
{
  RasidActors *self = RASID_ACTORS (object);

  g_clear_pointer (&self->lexicon, rasid_lexicon_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->actors, g_ptr_array_unref);
  G_OBJECT_CLASS (rasid_actors_parent_class)->finalize (object);
}

static void
rasid_actors_class_init (RasidActorsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rasid_actors_finalize;
}

static void
rasid_actors_init (RasidActors *self)
{
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->actors = g_ptr_array_new_with_free_func ((GDestroyNotify) actor_free);
}

RasidActors *
rasid_actors_new (void)
{
  return g_object_new (RASID_TYPE_ACTORS, NULL);
}

static char **
split_list (const char *field)
{
  g_auto(GStrv) parts = g_strsplit (field ? field : "", "|", -1);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++)
    {
      char *s = g_strstrip (parts[i]);
      /* Quote marks in the table are decoration: matching ignores them. */
      g_strdelimit (s, "\"", ' ');
      g_strstrip (s);
      if (*s)
        g_ptr_array_add (out, g_strdup (s));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static void
rebuild (RasidActors *self)
{
  g_clear_pointer (&self->lexicon, rasid_lexicon_free);
  self->lexicon = rasid_lexicon_new ();
  for (guint i = 0; i < self->actors->len; i++)
    {
      RasidActor *a = g_ptr_array_index (self->actors, i);

      rasid_lexicon_add (self->lexicon, a->name_ar, a);
      rasid_lexicon_add (self->lexicon, a->name_en, a);
      for (guint k = 0; a->aliases_ar[k]; k++)
        rasid_lexicon_add (self->lexicon, a->aliases_ar[k], a);
      for (guint k = 0; a->aliases_en[k]; k++)
        rasid_lexicon_add (self->lexicon, a->aliases_en[k], a);
    }
}

/* Rows: id, name_ar, name_en, aliases_ar, aliases_en. A repeated id replaces. */
gboolean
rasid_actors_load_tsv (RasidActors *self, const char *data, gsize len, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (RASID_IS_ACTORS (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = g_strndup (data, len);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;
      RasidActor *a, *old;
      char *line = g_strchomp (lines[i]);

      if (*line == 0 || *line == '#' || (i == 0 && g_str_has_prefix (line, "id\t")))
        continue;
      f = g_strsplit (line, "\t", -1);
      if (g_strv_length (f) < 3 || *f[0] == 0 || *f[1] == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Actor list line %u: expected id, Arabic name and English name", i + 1);
          return FALSE;
        }
      a = g_new0 (RasidActor, 1);
      a->id = g_strdup (f[0]);
      a->name_ar = g_strdup (f[1]);
      a->name_en = g_strdup (f[2]);
      a->aliases_ar = split_list (g_strv_length (f) > 3 ? f[3] : NULL);
      a->aliases_en = split_list (g_strv_length (f) > 4 ? f[4] : NULL);
      if ((old = g_hash_table_lookup (self->by_id, a->id)))
        {
          g_hash_table_remove (self->by_id, old->id);
          g_ptr_array_remove (self->actors, old);
        }
      g_ptr_array_add (self->actors, a);
      g_hash_table_insert (self->by_id, a->id, a);
    }
  rebuild (self);
  return TRUE;
}

RasidActors *
rasid_actors_new_default (GError **error)
{
  g_autoptr(RasidActors) self = rasid_actors_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *user_path = g_build_filename (g_get_user_data_dir (), "rasid", "actors.tsv", NULL);
  g_autofree char *user_data = NULL;
  gsize user_len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data ("/io/github/rasid/Rasid/actors.tsv", G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL ||
      !rasid_actors_load_tsv (self, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return NULL;
  if (g_file_get_contents (user_path, &user_data, &user_len, NULL))
    {
      g_autoptr(GError) local = NULL;
      if (!rasid_actors_load_tsv (self, user_data, user_len, &local))
        g_warning ("Ignoring the rest of %s: %s", user_path, local->message);
    }
  return g_steal_pointer (&self);
}

const RasidActor *
rasid_actors_lookup (RasidActors *self, const char *id)
{
  g_return_val_if_fail (RASID_IS_ACTORS (self), NULL);
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

GPtrArray *
rasid_actors_get_all (RasidActors *self)
{
  g_return_val_if_fail (RASID_IS_ACTORS (self), NULL);
  return self->actors;
}

/* Names that are also everyday words count only when the report quotes
 * them, as Syrian outlets do with faction names: "الحر", "الهيئة". */
static gboolean
needs_quotes (const char *key)
{
  static const char *const words[] = { "الحر", "الهيئه", "الجبهه", "الفيلق", "الفرقه", "الوطني", NULL };
  return g_strv_contains (words, key);
}

static gboolean
is_currency_or_language (GPtrArray *tokens, guint start)
{
  static const char *const nouns[] = { "الليره", "ليره", "اللغه", "لغه", "بالليره", "الجامعه", "الدولار",
                                       "دولار", "بالدولار", "للدولار", "الدولارات", "الجنسيه", NULL };

  if (start == 0)
    return FALSE;
  return g_strv_contains (nouns, ((RasidToken *) g_ptr_array_index (tokens, start - 1))->word);
}

/* "النظام الصحي", "النظام الغذائي": a system, not the regime. A definite
 * adjective of relation right after النظام (other than السوري, which the
 * longer alias already covers) makes it a common noun. */
static gboolean
is_common_nizam (GPtrArray *tokens, RasidLexiconMatch *m)
{
  const char *next;

  if (m->length != 1 || !g_str_equal (m->key, "النظام") || m->start + 1 >= tokens->len)
    return FALSE;
  next = ((RasidToken *) g_ptr_array_index (tokens, m->start + 1))->word;
  return g_str_has_prefix (next, "ال") && (g_str_has_suffix (next, "ي") || g_str_has_suffix (next, "يه"));
}

/**
 * rasid_actors_match:
 *
 * Returns: (transfer container) (element-type RasidActor): each actor once,
 * in order of first mention.
 */
GPtrArray *
rasid_actors_match (RasidActors *self, GPtrArray *tokens)
{
  g_autoptr(GArray) hits = NULL;
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (RASID_IS_ACTORS (self), out);
  g_return_val_if_fail (tokens != NULL, out);
  if (self->lexicon == NULL)
    rebuild (self);
  hits = rasid_lexicon_scan (self->lexicon, tokens);

  for (guint i = 0; i < hits->len; i++)
    {
      RasidLexiconMatch *m = &g_array_index (hits, RasidLexiconMatch, i);
      RasidToken *first = g_ptr_array_index (tokens, m->start);
      RasidActor *a = g_ptr_array_index (m->values, 0);

      if (m->length == 1 && needs_quotes (m->key) && !first->quoted)
        continue;
      if (is_currency_or_language (tokens, m->start) || is_common_nizam (tokens, m))
        continue;
      if (!g_ptr_array_find (out, a, NULL))
        g_ptr_array_add (out, a);
    }
  return out;
}
