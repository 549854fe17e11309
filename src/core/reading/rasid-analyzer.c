/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-analyzer.c: reads a report for places, actors, the source it cites,
 * the ticker's clock time, its dateline, event types and casualty counts. */
#include "rasid-analyzer.h"
#include "rasid-lexicon.h"
#include "rasid-normalize.h"
#include "rasid-report-json.h"

#include <stdlib.h>
#include <string.h>

struct _RasidAnalyzer {
  GObject         parent_instance;
  RasidGazetteer *gazetteer;
  RasidActors    *actors;
};

G_DEFINE_FINAL_TYPE (RasidAnalyzer, rasid_analyzer, G_TYPE_OBJECT)

static void
rasid_analyzer_finalize (GObject *object)
{
  RasidAnalyzer *self = RASID_ANALYZER (object);

  g_clear_object (&self->gazetteer);
  g_clear_object (&self->actors);
  G_OBJECT_CLASS (rasid_analyzer_parent_class)->finalize (object);
}

static void
rasid_analyzer_class_init (RasidAnalyzerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rasid_analyzer_finalize;
}

static void
rasid_analyzer_init (RasidAnalyzer *self)
{
}

RasidAnalyzer *
rasid_analyzer_new (RasidGazetteer *gazetteer, RasidActors *actors)
{
  RasidAnalyzer *self;

  g_return_val_if_fail (RASID_IS_GAZETTEER (gazetteer), NULL);
  g_return_val_if_fail (RASID_IS_ACTORS (actors), NULL);

  self = g_object_new (RASID_TYPE_ANALYZER, NULL);
  self->gazetteer = g_object_ref (gazetteer);
  self->actors = g_object_ref (actors);
  return self;
}

RasidAnalyzer *
rasid_analyzer_new_default (GError **error)
{
  g_autoptr(RasidGazetteer) gazetteer = rasid_gazetteer_new_default (error);
  g_autoptr(RasidActors) actors = NULL;

  if (gazetteer == NULL)
    return NULL;
  actors = rasid_actors_new_default (error);
  if (actors == NULL)
    return NULL;
  return rasid_analyzer_new (gazetteer, actors);
}

RasidGazetteer *
rasid_analyzer_get_gazetteer (RasidAnalyzer *self)
{
  g_return_val_if_fail (RASID_IS_ANALYZER (self), NULL);

  return self->gazetteer;
}

RasidActors *
rasid_analyzer_get_actors (RasidAnalyzer *self)
{
  g_return_val_if_fail (RASID_IS_ANALYZER (self), NULL);

  return self->actors;
}

void
rasid_analysis_free (RasidAnalysis *a)
{
  if (a == NULL)
    return;
  g_free (a->headline);
  g_free (a->attribution);
  g_free (a->clock);
  g_free (a->dateline_agency);
  g_free (a->dateline_place);
  g_clear_pointer (&a->places, g_ptr_array_unref);
  g_clear_pointer (&a->actors, g_ptr_array_unref);
  g_clear_pointer (&a->events, g_ptr_array_unref);
  g_free (a->search_text);
  g_free (a->dedup_key);
  g_free (a);
}

/* ---- ticker line: "text (source) - 11:22" -------------------------------- */

static gboolean
is_space_or_dash (gunichar c)
{
  return g_unichar_isspace (c) || c == '-' || c == 0x2013 || c == 0x2014 || c == 0x0640;
}

/* Splits the trailing clock time and parenthesised attribution off @line. */
static void
read_ticker_line (const char *line, RasidAnalysis *a)
{
  g_autofree char *text = rasid_normalize_digits (line);
  char *end;
  int len;

  g_strstrip (text);
  len = strlen (text);

  /* "- 11:22" or "- 9:05" at the very end. */
  if (len >= 4 && g_ascii_isdigit (text[len - 1]) && g_ascii_isdigit (text[len - 2]) && text[len - 3] == ':')
    {
      int colon = len - 3;
      int start = colon - 1;

      while (start > 0 && g_ascii_isdigit (text[start - 1]) && colon - start < 2)
        start--;
      if (g_ascii_isdigit (text[start]))
        {
          int hh = atoi (text + start), mm = atoi (text + colon + 1);
          char *before = text + start;
          gboolean dashed = FALSE;

          /* Require a dash or space before the time, not a number glued to words. */
          while (before > text)
            {
              const char *prev = g_utf8_prev_char (before);
              gunichar c = g_utf8_get_char (prev);
              if (!is_space_or_dash (c))
                break;
              dashed |= c == '-';
              before = (char *) prev;
            }
          if (hh < 24 && mm < 60 && (dashed || before == text))
            {
              a->clock = g_strdup_printf ("%02d:%02d", hh, mm);
              *before = 0;
            }
        }
    }

  /* A trailing "(مصدر عسكري)" is the attribution, however it is spaced. */
  g_strchomp (text);
  end = text + strlen (text);
  if (end > text && end[-1] == ')')
    {
      char *open = strrchr (text, '(');
      if (open && !strchr (open + 1, '(') && end - open < 120)
        {
          g_autofree char *clean = g_strndup (open + 1, (end - 1) - (open + 1));

          g_strstrip (clean);
          /* Collapse inner runs of space: "( مصدر عسكري )". */
          {
            g_auto(GStrv) words = g_strsplit_set (clean, " \t", -1);
            g_autoptr(GPtrArray) kept = g_ptr_array_new ();
            for (guint i = 0; words[i]; i++)
              if (*words[i])
                g_ptr_array_add (kept, words[i]);
            g_ptr_array_add (kept, NULL);
            g_free (clean);
            clean = g_strjoinv (" ", (char **) kept->pdata);
          }
          if (*clean && g_utf8_strlen (clean, -1) <= 60)
            {
              a->attribution = g_steal_pointer (&clean);
              *open = 0;
            }
        }
    }
  g_strstrip (text);
  a->headline = g_steal_pointer (&text);
}

/* "سمارت - حلب" as the body's first line: agency and place. */
static void
read_dateline (const char *body, RasidAnalysis *a)
{
  g_autofree char *first = NULL;
  const char *nl;
  char *dash;

  if (body == NULL)
    return;
  nl = strchr (body, '\n');
  first = nl ? g_strndup (body, nl - body) : g_strdup (body);
  g_strstrip (first);
  if (g_utf8_strlen (first, -1) > 60)
    {
      /* Some agencies run the dateline into the first sentence: "سمارت - حلب: قال …". */
      char *colon = strstr (first, ":");
      if (colon == NULL || g_utf8_strlen (first, colon - first) > 40)
        return;
      *colon = 0;
    }
  dash = strstr (first, " - ");
  if (dash == NULL)
    dash = strstr (first, " – ");
  if (dash == NULL || dash == first)
    return;
  *dash = 0;
  a->dateline_agency = g_strstrip (g_strdup (first));
  a->dateline_place = g_strstrip (g_strdup (dash + (g_str_has_prefix (dash + 1, "-") ? 3 : 5)));
  if (*a->dateline_agency == 0 || *a->dateline_place == 0 ||
      g_utf8_strlen (a->dateline_place, -1) > 25)
    {
      g_clear_pointer (&a->dateline_agency, g_free);
      g_clear_pointer (&a->dateline_place, g_free);
    }
}

/* ---- events and casualties ----------------------------------------------- */

typedef struct { const char *stem; const char *event; } EventWord;

/* Normalised word stems (matched as word prefixes after clitics). */
static const EventWord event_words[] = {
  { "مقتل", "killing" }, { "قتل", "killing" }, { "قتلي", "killing" }, { "مصرع", "killing" },
  { "استشهاد", "killing" }, { "شهداء", "killing" }, { "يقتل", "killing" }, { "تقتل", "killing" },
  { "جرح", "injury" }, { "جرحي", "injury" }, { "اصابه", "injury" }, { "اصابات", "injury" },
  { "مصاب", "injury" }, { "يصاب", "injury" }, { "اصيب", "injury" },
  { "اعتقال", "arrest" }, { "اعتقالات", "arrest" }, { "تعتقل", "arrest" }, { "يعتقل", "arrest" },
  { "اعتقل", "arrest" }, { "احتجاز", "arrest" }, { "مداهمه", "arrest" }, { "توقيف", "arrest" },
  { "خطف", "kidnapping" }, { "اختطاف", "kidnapping" }, { "يختطف", "kidnapping" }, { "تختطف", "kidnapping" },
  { "اغتيال", "assassination" }, { "اغتيل", "assassination" }, { "يغتال", "assassination" },
  { "غاره", "airstrike" }, { "غارات", "airstrike" }, { "الطيران", "airstrike" }, { "قصف جوي", "airstrike" },
  { "طائره مسيره", "drone-strike" }, { "مسيره", "drone-strike" }, { "درون", "drone-strike" },
  { "قصف", "shelling" }, { "قذائف", "shelling" }, { "قذيفه", "shelling" }, { "صواريخ", "shelling" },
  { "مدفعي", "shelling" }, { "صاروخي", "shelling" }, { "راجمات", "shelling" },
  { "انفجار", "explosion" }, { "تفجير", "explosion" }, { "عبوه", "explosion" }, { "لغم", "explosion" },
  { "مفخخه", "explosion" }, { "ناسفه", "explosion" },
  { "اشتباكات", "clashes" }, { "اشتباك", "clashes" }, { "معارك", "clashes" }, { "مواجهات", "clashes" },
  { "مظاهره", "protest" }, { "مظاهرات", "protest" }, { "احتجاج", "protest" }, { "احتجاجات", "protest" },
  { "وقفه احتجاجيه", "protest" }, { "تظاهر", "protest" }, { "يتظاهر", "protest" }, { "اعتصام", "protest" },
  { "نزوح", "displacement" }, { "تهجير", "displacement" }, { "نازحين", "displacement" }, { "نازح", "displacement" },
  { "كورونا", "disease-outbreak" }, { "الكوليرا", "disease-outbreak" }, { "كوليرا", "disease-outbreak" },
  { "وباء", "disease-outbreak" }, { "اللشمانيا", "disease-outbreak" }, { "الحصبه", "disease-outbreak" },
  { "تجنيد", "conscription" }, { "التجنيد", "conscription" },
  { "اسقاط", "aircraft-downed" }, { "تسقط", "aircraft-downed" }, { "يسقط", "aircraft-downed" },
  { "عوده", "return" },
  { "سيطره", "territorial-control" }, { "تسيطر", "territorial-control" }, { "يسيطر", "territorial-control" },
  { "اتفاق", "agreement" }, { "تسويه", "agreement" }, { "هدنه", "agreement" },
  { "اجتماع", "meeting" }, { "اجتمع", "meeting" },
};

static const char *event_ids[] = {
  "killing", "injury", "arrest", "kidnapping", "assassination", "airstrike", "drone-strike",
  "shelling", "explosion", "clashes", "protest", "displacement", "disease-outbreak",
  "conscription", "aircraft-downed", "return", "territorial-control", "agreement", "meeting", NULL,
};

const char **
rasid_event_types (void)
{
  return event_ids;
}

static const char *
intern_event (const char *id)
{
  for (guint i = 0; event_ids[i]; i++)
    if (g_str_equal (event_ids[i], id))
      return event_ids[i];
  return NULL;
}

/* Event stems indexed by their first word, built once: matching is then a
 * hash lookup per reading of each token instead of a scan of the table. */
static GHashTable *
event_index (void)
{
  static GHashTable *index;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
      for (guint e = 0; e < G_N_ELEMENTS (event_words); e++)
        {
          const char *space = strchr (event_words[e].stem, ' ');
          g_autofree char *first = space ? g_strndup (event_words[e].stem, space - event_words[e].stem)
                                         : g_strdup (event_words[e].stem);
          GPtrArray *list = g_hash_table_lookup (index, first);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (index, g_strdup (first), list);
            }
          /* Multi-word stems first, so "طائره مسيره" wins over a shorter reading. */
          if (space)
            g_ptr_array_insert (list, 0, (gpointer) &event_words[e]);
          else
            g_ptr_array_add (list, (gpointer) &event_words[e]);
        }
      g_once_init_leave (&done, 1);
    }
  return index;
}

/* Does the rest of a multi-word @stem follow token @i? */
static gboolean
stem_rest_matches (GPtrArray *tokens, guint i, const char *stem, guint *words)
{
  const char *rest = strchr (stem, ' ');
  guint n = 1;

  while (rest)
    {
      const char *next = strchr (rest + 1, ' ');
      gsize len = next ? (gsize) (next - rest - 1) : strlen (rest + 1);
      const char *w;

      if (i + n >= tokens->len)
        return FALSE;
      w = ((RasidToken *) g_ptr_array_index (tokens, i + n))->word;
      if (strlen (w) != len || strncmp (w, rest + 1, len) != 0)
        return FALSE;
      n++;
      rest = next;
    }
  *words = n;
  return TRUE;
}

/* The event word at token @i, read with and without its clitics. */
static const EventWord *
event_at (GPtrArray *tokens, guint i, guint *words)
{
  GHashTable *index = event_index ();
  const char *w = ((RasidToken *) g_ptr_array_index (tokens, i))->word;

  g_autofree char *buf = g_malloc (strlen (w) + 3);

  for (guint v = 0;; v++)
    {
      const char *s = rasid_clitic_reading (w, v, buf, NULL);
      GPtrArray *list;

      if (s == NULL)
        return NULL;
      if ((list = g_hash_table_lookup (index, s)) == NULL)
        continue;
      for (guint k = 0; k < list->len; k++)
        {
          const EventWord *e = g_ptr_array_index (list, k);
          if (stem_rest_matches (tokens, i, e->stem, words))
            return e;
        }
    }
}

static const struct { const char *word; int value; } number_words[] = {
  { "واحد", 1 }, { "واحده", 1 }, { "اثنان", 2 }, { "اثنين", 2 }, { "اثنتين", 2 }, { "اثنتان", 2 },
  { "ثلاثه", 3 }, { "ثلاث", 3 }, { "اربعه", 4 }, { "اربع", 4 }, { "خمسه", 5 }, { "خمس", 5 },
  { "سته", 6 }, { "ست", 6 }, { "سبعه", 7 }, { "سبع", 7 }, { "ثمانيه", 8 }, { "ثماني", 8 },
  { "ثمان", 8 }, { "تسعه", 9 }, { "تسع", 9 }, { "عشره", 10 }, { "عشر", 10 },
  { "عشرين", 20 }, { "عشرون", 20 }, { "ثلاثين", 30 }, { "اربعين", 40 }, { "خمسين", 50 },
  { "مئه", 100 }, { "مائه", 100 },
  /* "dozens": a floor, not a count. */
  { "عشرات", 20 }, { "العشرات", 20 },
};

/* Singular and dual nouns for people: "مقتل طفل" is one, "طفلين" two. */
static const char *const person_singular[] = { "طفل", "طفله", "شاب", "رجل", "امراه", "مدني", "مقاتل",
  "عنصر", "قائد", "جندي", "ضابط", "مسن", "سيده", "فتاه", "شخص", "مواطن", "ناشط", "صحفي", "عسكري", NULL };
static const char *const person_dual[] = { "طفلين", "شابين", "رجلين", "امراتين", "مقاتلين",
  "عنصرين", "قائدين", "جنديين", "ضابطين", "شخصين", "سيدتين", "طفلتين", NULL };

static int
number_at (GPtrArray *tokens, guint i)
{
  const char *w;

  if (i >= tokens->len)
    return -1;
  w = ((RasidToken *) g_ptr_array_index (tokens, i))->word;
  if (g_ascii_isdigit (w[0]))
    return atoi (w);
  for (guint v = 0; v < 6; v++)
    {
      g_autofree char *s = rasid_strip_clitic (w, v);
      if (s == NULL)
        break;
      for (guint k = 0; k < G_N_ELEMENTS (number_words); k++)
        if (g_str_equal (s, number_words[k].word))
          return number_words[k].value;
      if (g_strv_contains (person_dual, s))
        return 2;
      if (g_strv_contains (person_singular, s))
        return 1;
    }
  return -1;
}

/* The count that follows a killing or injury word: "مقتل ثلاثة", "جرح 7". */
static int
count_after (GPtrArray *tokens, guint i)
{
  for (guint k = i; k < MIN (i + 2, tokens->len); k++)
    {
      int n = number_at (tokens, k);
      if (n >= 0)
        return n;
    }
  return -1;
}

static void
read_events (GPtrArray *tokens, RasidAnalysis *a)
{
  for (guint i = 0; i < tokens->len; i++)
    {
      guint words = 0;
      const EventWord *e = event_at (tokens, i, &words);
      const char *id;

      if (e == NULL)
        continue;
      id = intern_event (e->event);
      if (id && !g_ptr_array_find (a->events, id, NULL))
        g_ptr_array_add (a->events, (gpointer) id);
      if (g_str_equal (id, "killing") && a->killed < 0)
        a->killed = count_after (tokens, i + words);
      else if (g_str_equal (id, "injury") && a->injured < 0)
        a->injured = count_after (tokens, i + words);
      i += words - 1;
    }
}

/**
 * rasid_analyzer_analyze:
 * @title: the headline or ticker line
 * @body: (nullable): plain paragraphs
 */
RasidAnalysis *
rasid_analyzer_analyze (RasidAnalyzer *self, const char *title, const char *body)
{
  RasidAnalysis *a = g_new0 (RasidAnalysis, 1);
  g_autofree char *all = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) title_tokens = NULL;

  g_return_val_if_fail (RASID_IS_ANALYZER (self), a);

  a->killed = a->injured = -1;
  a->events = g_ptr_array_new ();
  read_ticker_line (title ? title : "", a);
  read_dateline (body, a);

  /* Each part is normalised once and reused: tokens, index text, dedup key. */
  {
    g_autofree char *norm_headline = rasid_normalize (a->headline);
    g_autofree char *norm_body = rasid_normalize (body ? body : "");
    g_autofree char *norm_attribution = rasid_normalize (a->attribution ? a->attribution : "");

    all = g_strconcat (norm_headline, "\n", norm_body, NULL);
    tokens = rasid_tokens_from_normalized (all);
    a->places = rasid_gazetteer_match (self->gazetteer, tokens);
    a->actors = rasid_actors_match (self->actors, tokens);

    /* Events and counts come from the headline: bodies recount history. */
    title_tokens = rasid_tokens_from_normalized (norm_headline);
    read_events (title_tokens, a);

    a->search_text = g_strconcat (norm_headline, "\n", norm_body, "\n", norm_attribution, NULL);
    a->dedup_key = g_compute_checksum_for_string (G_CHECKSUM_SHA1, norm_headline, -1);
  }
  return a;
}

/* The line format of `rasid-cli analyze`, written by the one serialiser of a
 * report (rasid-report-json.c). */
char *
rasid_analysis_to_json (RasidAnalysis *a, const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (a != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  node = rasid_report_json_reading (a, text);
  return rasid_report_json_to_string (node, FALSE);
}
