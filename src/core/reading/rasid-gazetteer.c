/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-gazetteer.c: loads the place tables (shipped, then the user's own)
 * and reads places out of report text with the context rules real tickers
 * need: clitics, qualifiers (شمال/ريف …), and words that are only sometimes
 * places (السلمية in المظاهرات السلمية, حماة in حماة الديار). */
#include "rasid-gazetteer.h"
#include "rasid-csv.h"
#include "rasid-lexicon.h"
#include "rasid-normalize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

struct _RasidGazetteer {
  GObject       parent_instance;
  GHashTable   *by_id;        /* id → RasidPlace */
  GPtrArray    *places;       /* load order */
  RasidLexicon *lexicon;
  GHashTable   *ambiguous;    /* normalised name → evidence needed */
  GPtrArray    *foreign;      /* names of places outside Syria */
};

G_DEFINE_FINAL_TYPE (RasidGazetteer, rasid_gazetteer, G_TYPE_OBJECT)

static const char *level_names[] = {
  "governorate", "district", "subdistrict", "city", "town", "village", "neighbourhood",
  "camp", "crossing", "airport", "oilfield", "region",
};

/* Which of several same-named places a bare mention most likely means. */
static const int level_rank[] = { 0, 3, 4, 1, 2, 5, 6, 7, 7, 7, 7, 5 };

const char *
rasid_place_level_to_string (RasidPlaceLevel level)
{
  return level < G_N_ELEMENTS (level_names) ? level_names[level] : "unknown";
}

static gboolean
level_from_string (const char *s, RasidPlaceLevel *level)
{
  for (guint i = 0; i < G_N_ELEMENTS (level_names); i++)
    if (g_str_equal (s, level_names[i]))
      {
        *level = i;
        return TRUE;
      }
  return FALSE;
}

static void
place_free (RasidPlace *p)
{
  g_free (p->id);
  g_free (p->parent);
  g_free (p->name_ar);
  g_free (p->name_en);
  g_strfreev (p->aliases_ar);
  g_strfreev (p->aliases_en);
  g_free (p);
}

void
rasid_place_match_free (RasidPlaceMatch *match)
{
  g_free (match->qualifier);
  g_free (match);
}

static void
rasid_gazetteer_finalize (GObject *object)
{
  RasidGazetteer *self = RASID_GAZETTEER (object);

  g_clear_pointer (&self->lexicon, rasid_lexicon_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_clear_pointer (&self->ambiguous, g_hash_table_unref);
  g_clear_pointer (&self->foreign, g_ptr_array_unref);
  G_OBJECT_CLASS (rasid_gazetteer_parent_class)->finalize (object);
}

static void
rasid_gazetteer_class_init (RasidGazetteerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rasid_gazetteer_finalize;
}

static void
rasid_gazetteer_init (RasidGazetteer *self)
{
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->places = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);
  self->ambiguous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->foreign = g_ptr_array_new_with_free_func (g_free);
}

RasidGazetteer *
rasid_gazetteer_new (void)
{
  return g_object_new (RASID_TYPE_GAZETTEER, NULL);
}

static char **
split_aliases (const char *field)
{
  g_auto(GStrv) parts = g_strsplit (field ? field : "", "|", -1);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++)
    {
      char *a = g_strstrip (parts[i]);
      if (*a)
        g_ptr_array_add (out, g_strdup (a));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static double
parse_coord (const char *s)
{
  char *end = NULL;
  double v;

  if (s == NULL || *s == 0)
    return NAN;
  v = g_ascii_strtod (s, &end);
  return end && *end == 0 ? v : NAN;
}

/* Adds or replaces @place; a later file (the user's) wins over the shipped one. */
static void
add_place (RasidGazetteer *self, RasidPlace *place)
{
  RasidPlace *old = g_hash_table_lookup (self->by_id, place->id);

  if (old)
    {
      g_hash_table_remove (self->by_id, old->id);
      g_ptr_array_remove (self->places, old);
    }
  g_ptr_array_add (self->places, place);
  g_hash_table_insert (self->by_id, place->id, place);
}

/**
 * rasid_gazetteer_load_tsv:
 *
 * Reads `id level parent name_ar name_en aliases_ar aliases_en lat lon`
 * rows (the format of data/gazetteer/places.tsv and of a user's places.tsv).
 */
gboolean
rasid_gazetteer_load_tsv (RasidGazetteer *self, const char *data, gsize len, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (RASID_IS_GAZETTEER (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = g_strndup (data, len);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;
      RasidPlace *p;
      RasidPlaceLevel level;
      char *line = lines[i];

      g_strchomp (line);
      if (*line == 0 || *line == '#' || (i == 0 && g_str_has_prefix (line, "id\t")))
        continue;
      f = g_strsplit (line, "\t", -1);
      if (g_strv_length (f) < 5 || *f[0] == 0 || *f[3] == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Gazetteer line %u: expected at least 5 tab-separated fields with an id and an Arabic name", i + 1);
          return FALSE;
        }
      if (!level_from_string (f[1], &level))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Gazetteer line %u: unknown level “%s”", i + 1, f[1]);
          return FALSE;
        }
      p = g_new0 (RasidPlace, 1);
      p->id = g_strdup (f[0]);
      p->level = level;
      p->parent = *f[2] ? g_strdup (f[2]) : NULL;
      p->name_ar = g_strdup (f[3]);
      p->name_en = g_strdup (f[4]);
      p->aliases_ar = split_aliases (g_strv_length (f) > 5 ? f[5] : NULL);
      p->aliases_en = split_aliases (g_strv_length (f) > 6 ? f[6] : NULL);
      p->lat = parse_coord (g_strv_length (f) > 7 ? f[7] : NULL);
      p->lon = parse_coord (g_strv_length (f) > 8 ? f[8] : NULL);
      add_place (self, p);
    }
  return TRUE;
}

enum { EVIDENCE_WEAK = 1, EVIDENCE_STRONG = 2 };

/* One name a line; "name !" needs strong evidence. */
static void
load_ambiguous (RasidGazetteer *self, const char *data, gsize len)
{
  g_autofree char *text = g_strndup (data, len);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      gboolean strict = g_str_has_suffix (line, "!");

      if (*line == 0 || *line == '#')
        continue;
      if (strict)
        line[strlen (line) - 1] = 0;
      g_hash_table_insert (self->ambiguous, rasid_normalize (g_strstrip (line)),
                           GINT_TO_POINTER (strict ? EVIDENCE_STRONG : EVIDENCE_WEAK));
    }
}

/* Foreign places that reports name: matched so that they are not misread. */
static RasidPlace foreign_place = { .id = (char *) "foreign", .level = RASID_PLACE_REGION };

static void
load_foreign (RasidGazetteer *self, const char *data, gsize len)
{
  g_autofree char *text = g_strndup (data, len);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_ptr_array_set_size (self->foreign, 0);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (*line && *line != '#')
        g_ptr_array_add (self->foreign, g_strdup (line));
    }
}

/* A town and the units named after it are one place to a reader: "Idlib"
 * the city, subdistrict, district and governorate are spelled alike, as
 * the highest of them is. The shipped table already agrees; this keeps a
 * user's import (OCHA's "Idleb" for SY07 alone) from splitting the
 * spelling again. The old spelling still finds the place. */
static void
share_english_name (RasidGazetteer *self, RasidPlace *p)
{
  const RasidPlace *top = NULL;
  const RasidPlace *q = p->parent ? g_hash_table_lookup (self->by_id, p->parent) : NULL;

  for (guint depth = 0; q && depth < 12; depth++)
    {
      if (q->level <= RASID_PLACE_SUBDISTRICT && g_str_equal (q->name_ar, p->name_ar) && q->name_en && *q->name_en)
        top = q;
      q = q->parent ? g_hash_table_lookup (self->by_id, q->parent) : NULL;
    }
  if (top && g_strcmp0 (top->name_en, p->name_en) != 0)
    {
      g_free (p->name_en);
      p->name_en = g_strdup (top->name_en);
      rasid_lexicon_add (self->lexicon, p->name_en, p);
    }
}

/* Computes parent chains and builds the matcher; call after loading. */
void
rasid_gazetteer_finish (RasidGazetteer *self)
{
  g_return_if_fail (RASID_IS_GAZETTEER (self));

  g_clear_pointer (&self->lexicon, rasid_lexicon_free);
  self->lexicon = rasid_lexicon_new ();
  for (guint i = 0; i < self->foreign->len; i++)
    rasid_lexicon_add (self->lexicon, g_ptr_array_index (self->foreign, i), &foreign_place);

  for (guint i = 0; i < self->places->len; i++)
    {
      RasidPlace *p = g_ptr_array_index (self->places, i);
      const RasidPlace *q = p;

      memset (p->admin, 0, sizeof p->admin);
      for (guint depth = 0; q && depth < 12; depth++)
        {
          if (q->level <= RASID_PLACE_SUBDISTRICT)
            p->admin[q->level] = q->id;
          q = q->parent ? g_hash_table_lookup (self->by_id, q->parent) : NULL;
        }

      rasid_lexicon_add (self->lexicon, p->name_ar, p);
      if (p->name_en && *p->name_en)
        rasid_lexicon_add (self->lexicon, p->name_en, p);
      share_english_name (self, p);
      for (guint a = 0; p->aliases_ar[a]; a++)
        rasid_lexicon_add (self->lexicon, p->aliases_ar[a], p);
      for (guint a = 0; p->aliases_en[a]; a++)
        rasid_lexicon_add (self->lexicon, p->aliases_en[a], p);
    }
}

/**
 * rasid_gazetteer_new_default:
 *
 * The shipped gazetteer, merged with `$XDG_DATA_HOME/rasid/places.tsv` when
 * the user keeps one.
 */
RasidGazetteer *
rasid_gazetteer_new_default (GError **error)
{
  g_autoptr(RasidGazetteer) self = rasid_gazetteer_new ();
  g_autoptr(GBytes) places = NULL;
  g_autoptr(GBytes) ambiguous = NULL;
  g_autoptr(GBytes) foreign = NULL;
  g_autofree char *user_path = rasid_gazetteer_user_path ();
  g_autofree char *user_data = NULL;
  gsize user_len = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  places = g_resources_lookup_data ("/io/github/rasid/Rasid/gazetteer/places.tsv",
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (places == NULL)
    return NULL;
  if (!rasid_gazetteer_load_tsv (self, g_bytes_get_data (places, NULL), g_bytes_get_size (places), error))
    return NULL;
  ambiguous = g_resources_lookup_data ("/io/github/rasid/Rasid/gazetteer/ambiguous.txt",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (ambiguous)
    load_ambiguous (self, g_bytes_get_data (ambiguous, NULL), g_bytes_get_size (ambiguous));
  foreign = g_resources_lookup_data ("/io/github/rasid/Rasid/gazetteer/foreign.txt",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (foreign)
    load_foreign (self, g_bytes_get_data (foreign, NULL), g_bytes_get_size (foreign));

  if (g_file_get_contents (user_path, &user_data, &user_len, NULL))
    {
      g_autoptr(GError) local = NULL;
      if (!rasid_gazetteer_load_tsv (self, user_data, user_len, &local))
        g_warning ("Ignoring the rest of %s: %s", user_path, local->message);
    }
  rasid_gazetteer_finish (self);
  return g_steal_pointer (&self);
}

const RasidPlace *
rasid_gazetteer_lookup (RasidGazetteer *self, const char *id)
{
  g_return_val_if_fail (RASID_IS_GAZETTEER (self), NULL);
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

GPtrArray *
rasid_gazetteer_get_places (RasidGazetteer *self)
{
  g_return_val_if_fail (RASID_IS_GAZETTEER (self), NULL);
  return self->places;
}

/**
 * rasid_gazetteer_contains:
 * @self: (nullable): without it, only the governorate is known
 *
 * Whether @inner_id lies inside @outer_id (a town in its subdistrict, a
 * neighbourhood in its city …); a place does not contain itself.
 */
gboolean
rasid_gazetteer_contains (RasidGazetteer *self, const char *outer_id, const char *inner_id)
{
  const RasidPlace *q;

  g_return_val_if_fail (self == NULL || RASID_IS_GAZETTEER (self), FALSE);
  if (self == NULL || outer_id == NULL || inner_id == NULL || g_str_equal (outer_id, inner_id))
    return FALSE;
  q = g_hash_table_lookup (self->by_id, inner_id);
  q = q && q->parent ? g_hash_table_lookup (self->by_id, q->parent) : NULL;
  for (guint depth = 0; q && depth < 12; depth++)
    {
      if (g_str_equal (q->id, outer_id))
        return TRUE;
      q = q->parent ? g_hash_table_lookup (self->by_id, q->parent) : NULL;
    }
  return FALSE;
}

/**
 * rasid_gazetteer_places_to_show:
 * @self: (nullable): the gazetteer; without it only governorates are known
 * @places: (element-type RasidReportPlace): a report's places, in order
 *
 * The places a report's chips name: those a more precise place of the same
 * report already implies are left out ("سراقب، إدلب" names Idlib twice
 * over). So is one with a qualifier: "معربليت جنوب إدلب" read as two chips
 * said Idlib twice, as rows show no qualifier.
 *
 * Returns: (transfer container) (element-type RasidReportPlace): borrowed
 *   from @places.
 */
GPtrArray *
rasid_gazetteer_places_to_show (RasidGazetteer *self, GPtrArray *places)
{
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (self == NULL || RASID_IS_GAZETTEER (self), out);
  g_return_val_if_fail (places != NULL, out);

  for (guint i = 0; i < places->len; i++)
    {
      const RasidReportPlace *p = g_ptr_array_index (places, i);
      gboolean implied = FALSE;

      for (guint j = 0; j < places->len && !implied; j++)
        {
          const RasidReportPlace *q = g_ptr_array_index (places, j);
          if (j == i || g_strcmp0 (q->id, p->id) == 0)
            continue;
          implied = rasid_gazetteer_contains (self, p->id, q->id) ||
                    (self == NULL && g_strcmp0 (q->admin1, p->id) == 0);
        }
      /* The same place named twice: the first mention stands. */
      for (guint j = 0; j < i && !implied; j++)
        implied = g_strcmp0 (((const RasidReportPlace *) g_ptr_array_index (places, j))->id, p->id) == 0;
      if (!implied)
        g_ptr_array_add (out, (gpointer) p);
    }
  return out;
}

/* ---- import ------------------------------------------------------------- */

char *
rasid_gazetteer_user_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "rasid", "places.tsv", NULL);
}

static int
column (char **header, const char * const *names)
{
  for (guint n = 0; names[n]; n++)
    for (guint i = 0; header[i]; i++)
      if (g_ascii_strcasecmp (g_strstrip (header[i]), names[n]) == 0)
        return i;
  return -1;
}

static const char *
cell (char **row, int col)
{
  return col >= 0 && (guint) col < g_strv_length (row) ? row[col] : "";
}

/* One TSV field: no tabs or line breaks; aliases joined with "|". */
static char *
tsv_field (const char *value, gboolean list)
{
  g_autofree char *copy = g_strdup (value ? value : "");
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  g_strdelimit (copy, "\t\r\n", ' ');
  if (!list)
    return g_strdup (g_strstrip (copy));
  parts = g_strsplit_set (copy, "|;", -1);
  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]))
      g_ptr_array_add (kept, parts[i]);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("|", (char **) kept->pdata);
}

static const char *
level_for_pcode (const char *pcode)
{
  gsize len = strlen (pcode);
  gboolean digits = len > 2;

  for (gsize i = 2; i < len; i++)
    digits &= g_ascii_isdigit (pcode[i]);
  if (digits && g_ascii_isalpha (pcode[0]) && g_ascii_isalpha (pcode[1]))
    {
      if (len == 4)
        return "governorate";
      if (len == 6)
        return "district";
      if (len == 8)
        return "subdistrict";
    }
  return "town";          /* communities (C-codes) and anything finer */
}

/**
 * rasid_gazetteer_csv_to_tsv:
 *
 * Reads a gazetteer in the OCHA/HDX CSV form (P-code, English and Arabic
 * names and aliases, parent P-codes, coordinates; COD-AB column names such
 * as ADM2_PCODE/ADM2_AR/ADM1_PCODE work as well as pcode/name_ar/adm1_pcode)
 * and returns it as rows of the places.tsv format.
 */
char *
rasid_gazetteer_csv_to_tsv (const char *data, gsize len, guint *n_rows, guint *n_skipped, GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = NULL;
  char **header;
  int id_col, ar_col, en_col, ali_ar_col, ali_en_col, lat_col, lon_col, parent_cols[8];
  guint n_parents = 0;
  int level = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);
  g_return_val_if_fail (n_skipped != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rows = rasid_csv_parse (data, len, error);
  out = g_string_new (NULL);
  *n_rows = *n_skipped = 0;
  if (rows == NULL)
    return NULL;
  if (rows->len < 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The CSV file is empty");
      return NULL;
    }
  header = g_ptr_array_index (rows, 0);

  /* The finest administrative level the table has is its own. */
  for (int n = 4; n >= 1 && level == 0; n--)
    {
      g_autofree char *a = g_strdup_printf ("adm%d_pcode", n);
      g_autofree char *b = g_strdup_printf ("admin%dpcode", n);
      if (column (header, (const char *[]) { a, b, NULL }) >= 0)
        level = n;
    }
  id_col = column (header, (const char *[]) { "pcode", "p_code", "location_pcode", "id", NULL });
  if (id_col < 0 && level > 0)
    {
      g_autofree char *a = g_strdup_printf ("adm%d_pcode", level);
      g_autofree char *b = g_strdup_printf ("admin%dpcode", level);
      id_col = column (header, (const char *[]) { a, b, NULL });
      level--;            /* the parents are the levels above */
    }
  {
    g_autofree char *a_ar = g_strdup_printf ("adm%d_ar", level + 1), *b_ar = g_strdup_printf ("admin%dname_ar", level + 1);
    g_autofree char *a_en = g_strdup_printf ("adm%d_en", level + 1), *b_en = g_strdup_printf ("admin%dname_en", level + 1);
    ar_col = column (header, (const char *[]) { "name_ar", "arabic", "name_arabic", a_ar, b_ar, NULL });
    en_col = column (header, (const char *[]) { "name_en", "name", "english", a_en, b_en, NULL });
  }
  ali_ar_col = column (header, (const char *[]) { "aliases_ar", "alt_names_ar", "alias_ar", NULL });
  ali_en_col = column (header, (const char *[]) { "aliases_en", "alt_names_en", "alias_en", NULL });
  lat_col = column (header, (const char *[]) { "lat", "latitude", "y", NULL });
  lon_col = column (header, (const char *[]) { "lon", "long", "longitude", "x", NULL });
  /* Parents, most specific first. */
  for (int n = 4; n >= 1; n--)
    {
      g_autofree char *a = g_strdup_printf ("adm%d_pcode", n);
      g_autofree char *b = g_strdup_printf ("admin%dpcode", n);
      int c = column (header, (const char *[]) { a, b, NULL });
      if (c >= 0 && c != id_col)
        parent_cols[n_parents++] = c;
    }
  if (id_col < 0 || ar_col < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The CSV file needs a P-code column (pcode or ADMn_PCODE) and an Arabic name column "
                           "(name_ar or ADMn_AR)");
      return NULL;
    }

  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      g_autofree char *id = tsv_field (cell (row, id_col), FALSE);
      g_autofree char *ar = tsv_field (cell (row, ar_col), FALSE);
      g_autofree char *en = tsv_field (cell (row, en_col), FALSE);
      g_autofree char *ali_ar = tsv_field (cell (row, ali_ar_col), TRUE);
      g_autofree char *ali_en = tsv_field (cell (row, ali_en_col), TRUE);
      g_autofree char *lat = tsv_field (cell (row, lat_col), FALSE);
      g_autofree char *lon = tsv_field (cell (row, lon_col), FALSE);
      const char *parent = "";

      if (*id == 0 || *ar == 0)
        {
          (*n_skipped)++;
          continue;
        }
      for (guint p = 0; p < n_parents && *parent == 0; p++)
        if (g_strcmp0 (cell (row, parent_cols[p]), id) != 0)
          parent = cell (row, parent_cols[p]);
      g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, level_for_pcode (id),
                              parent, ar, en, ali_ar, ali_en, lat, lon);
      (*n_rows)++;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- matching ------------------------------------------------------------ */

static const char *
token_word (GPtrArray *tokens, gint i)
{
  if (i < 0 || (guint) i >= tokens->len)
    return NULL;
  return ((RasidToken *) g_ptr_array_index (tokens, i))->word;
}

/* A word with its clitics stripped equals one of @set. */
static gboolean
word_in (const char *word, const char * const *set)
{
  if (word == NULL)
    return FALSE;
  for (guint v = 0;; v++)
    {
      g_autofree char *w = rasid_strip_clitic (word, v);
      if (w == NULL)
        return FALSE;
      if (g_strv_contains (set, w))
        return TRUE;
    }
}

static const char *const directions[] = { "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي",
                                          "شرقي", "غربي", NULL };
static const char *const direction_keys[] = { "north", "south", "east", "west", "center", "north",
                                              "south", "east", "west" };
static const char *const adjectives[] = { "الشمالي", "الجنوبي", "الشرقي", "الغربي", "الاوسط",
                                          "الشماليه", "الجنوبيه", "الشرقيه", "الغربيه", NULL };
static const char *const adjective_keys[] = { "north", "south", "east", "west", "center",
                                              "north", "south", "east", "west" };
/* Words that show the next word is a place. */
static const char *const place_nouns[] = { "مدينه", "بلده", "قريه", "ناحيه", "منطقه", "مخيم",
                                           "حي", "ريف", "محافظه", "بلدات", "قري", "مدن", "مناطق",
                                           "احياء", "معبر", "مطار", "حقل", "قضاء", "اطراف", NULL };
static const char *const prepositions[] = { "في", "من", "الي", "علي", "قرب", "بين", "نحو", "باتجاه",
                                            "محيط", "داخل", "عند", "حتي", "شمال", "جنوب", "شرق",
                                            "غرب", "وسط", "بلده", "مدينه", "قريه", NULL };

static int
index_of (const char *const *set, const char *word)
{
  for (guint i = 0; set[i]; i++)
    if (g_strcmp0 (set[i], word) == 0)
      return i;
  return -1;
}

static int
stripped_index (const char *const *set, const char *word)
{
  if (word == NULL)
    return -1;
  for (guint v = 0;; v++)
    {
      g_autofree char *w = rasid_strip_clitic (word, v);
      int idx;
      if (w == NULL)
        return -1;
      if ((idx = index_of (set, w)) >= 0)
        return idx;
    }
}

/* شمال X، شمال شرق X، ريف X الشمالي، X الشرقي … */
static char *
qualifier_for (GPtrArray *tokens, guint start, guint length)
{
  int d1 = stripped_index (directions, token_word (tokens, (gint) start - 1));
  int d0 = stripped_index (directions, token_word (tokens, (gint) start - 2));
  int adj = index_of (adjectives, token_word (tokens, start + length));
  gboolean countryside = word_in (token_word (tokens, (gint) start - 1),
                                  (const char *const[]) { "ريف", "ارياف", NULL });

  if (countryside)
    {
      if (adj >= 0)
        return g_strdup_printf ("countryside-%s", adjective_keys[adj]);
      if (d0 >= 0)
        return g_strdup_printf ("countryside-%s", direction_keys[d0]);
      return g_strdup ("countryside");
    }
  /* "شمال شرق حلب": two directions make a compound one. */
  if (d1 >= 0 && d0 >= 0 && g_strcmp0 (direction_keys[d0], direction_keys[d1]) != 0)
    return g_strdup_printf ("%s-%s", direction_keys[d0], direction_keys[d1]);
  if (d1 >= 0)
    return g_strdup (direction_keys[d1]);
  if (adj >= 0)
    return g_strdup (adjective_keys[adj]);
  return NULL;
}

/* Phrases in which a place name means something else. */
static gboolean
is_false_friend (GPtrArray *tokens, guint start, guint length, const char *name)
{
  const char *prev = token_word (tokens, (gint) start - 1);
  const char *next = token_word (tokens, start + length);

  if (g_str_equal (name, "حماه") && word_in (next, (const char *const[]) { "الديار", NULL }))
    return TRUE;                      /* حماة الديار: the army's anthem */
  if ((g_str_equal (name, "السلميه") || g_str_equal (name, "سلميه")) &&
      word_in (prev, (const char *const[]) { "المظاهرات", "التظاهرات", "الاحتجاجات", "الطرق",
                                             "الوسائل", "الحلول", "الثوره", "المقاومه", "مظاهرات",
                                             "احتجاجات", "الطريقه", "بالطرق", "الوقفات", NULL }))
    return TRUE;                      /* المظاهرات السلمية: peaceful protests */
  if (g_str_equal (name, "درعا") &&
      word_in (next, (const char *const[]) { "بشريا", "بشري", "بشريه", "واقيا", "حصينا", "للنظام", NULL }))
    return TRUE;                      /* درعاً بشرياً: a human shield */
  return FALSE;
}

/* How strongly the words around a name say it is a place. */
static int
evidence (GPtrArray *tokens, guint start, guint length, RasidToken *first, GArray *all, guint self_index)
{
  const char *prev = token_word (tokens, (gint) start - 1);
  const char *next = token_word (tokens, start + length);

  if (word_in (prev, place_nouns) || stripped_index (directions, prev) >= 0 ||
      index_of (adjectives, next) >= 0)
    return EVIDENCE_STRONG;
  /* "التل المطل …": a definite adjective after the word makes it a noun
   * phrase, whatever precedes it. */
  if (next && g_str_has_prefix (next, "ال") && !word_in (next, place_nouns))
    {
      gboolean next_is_place = FALSE;
      for (guint i = 0; i < all->len; i++)
        next_is_place |= g_array_index (all, RasidLexiconMatch, i).start == start + length;
      if (!next_is_place)
        return 0;
    }
  /* بالباب، لدوما: a preposition written onto the name; "و" is only "and". */
  if (first->clitic && (strstr (first->prefix, "ب") || strstr (first->prefix, "ل") || strstr (first->prefix, "ك")))
    return EVIDENCE_WEAK;
  if (word_in (prev, prepositions))
    return EVIDENCE_WEAK;
  /* Another place close by: "الباب شرق حلب". */
  for (guint i = 0; i < all->len; i++)
    {
      RasidLexiconMatch *m = &g_array_index (all, RasidLexiconMatch, i);
      if (i != self_index && ABS ((gint) m->start - (gint) start) <= 4 &&
          !g_ptr_array_find (m->values, &foreign_place, NULL))
        return EVIDENCE_WEAK;
    }
  return 0;
}

static gboolean
place_has_id (gconstpointer place, gconstpointer id)
{
  return g_str_equal (((const RasidPlace *) place)->id, id);
}

static const RasidPlace *
choose (GPtrArray *candidates, GHashTable *governorates_seen, gboolean city_hint)
{
  const RasidPlace *best = NULL;
  int best_score = G_MAXINT;

  for (guint i = 0; i < candidates->len; i++)
    {
      const RasidPlace *p = g_ptr_array_index (candidates, i);
      int score = p == &foreign_place ? 1000 : level_rank[p->level] * 10;

      /* Another mention of its governorate favours a place, but not when
       * that mention is this very name ("حلب" the city vs. the governorate). */
      if (p->admin[0] && g_hash_table_contains (governorates_seen, p->admin[0]) &&
          p->level != RASID_PLACE_GOVERNORATE &&
          !g_ptr_array_find_with_equal_func (candidates, p->admin[0], place_has_id, NULL))
        score -= 100;
      if (city_hint && (p->level == RASID_PLACE_CITY || p->level == RASID_PLACE_TOWN))
        score -= 200;
      if (score < best_score)
        best = p, best_score = score;
    }
  return best;
}

/**
 * rasid_gazetteer_match:
 * @tokens: (element-type RasidToken): from rasid_tokens_from_text()
 *
 * Returns: (transfer full) (element-type RasidPlaceMatch): each place once.
 */
GPtrArray *
rasid_gazetteer_match (RasidGazetteer *self, GPtrArray *tokens)
{
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GHashTable) governorates = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_place_match_free);

  g_return_val_if_fail (RASID_IS_GAZETTEER (self), out);
  g_return_val_if_fail (tokens != NULL, out);
  if (self->lexicon == NULL)
    rasid_gazetteer_finish (self);

  hits = rasid_lexicon_scan (self->lexicon, tokens);

  /* First pass: which governorates does the text name outright? */
  for (guint i = 0; i < hits->len; i++)
    {
      RasidLexiconMatch *m = &g_array_index (hits, RasidLexiconMatch, i);
      for (guint c = 0; c < m->values->len; c++)
        {
          const RasidPlace *p = g_ptr_array_index (m->values, c);
          if (p->level == RASID_PLACE_GOVERNORATE)
            g_hash_table_add (governorates, (gpointer) p->id);
        }
    }

  for (guint i = 0; i < hits->len; i++)
    {
      RasidLexiconMatch *m = &g_array_index (hits, RasidLexiconMatch, i);
      RasidToken *first = g_ptr_array_index (tokens, m->start);
      const char *name = m->key;
      const char *prev = token_word (tokens, (gint) m->start - 1);
      gboolean city_hint = word_in (prev, (const char *const[]) { "مدينه", "بلده", "قريه", NULL });
      const RasidPlace *p;
      RasidPlaceMatch *pm;

      int needed = GPOINTER_TO_INT (g_hash_table_lookup (self->ambiguous, name));

      if (is_false_friend (tokens, m->start, m->length, name))
        continue;
      if (m->length == 1 && needed > 0 && evidence (tokens, m->start, m->length, first, hits, i) < needed)
        continue;
      p = choose (m->values, governorates, city_hint);
      if (p == &foreign_place)
        continue;
      if (p == NULL || g_hash_table_contains (seen, p->id))
        continue;
      g_hash_table_add (seen, p->id);
      pm = g_new0 (RasidPlaceMatch, 1);
      pm->place = p;
      pm->token = m->start;
      pm->qualifier = qualifier_for (tokens, m->start, m->length);
      g_ptr_array_add (out, pm);
    }
  return out;
}
