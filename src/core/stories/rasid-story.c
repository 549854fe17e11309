/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story.c: the clusterer. A report is compared only with the recent
 * stories filed under its places (and their governorate, district and
 * subdistrict) and its day, never with the whole cache; docs/stories.md
 * gives the rules and their reasons. */
#include "config.h"
#include "rasid-story.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include "rasid-normalize.h"

/* ---- events --------------------------------------------------------------- */

enum {
  F_ATTACK    = 1 << 0,   /* air, drone, artillery, bombs, assassinations */
  F_CASUALTY  = 1 << 1,   /* deaths and injuries: the outcome of most others */
  F_CLASH     = 1 << 2,
  F_DETENTION = 1 << 3,
  F_PROTEST   = 1 << 4,
  F_DISPLACE  = 1 << 5,
  F_HEALTH    = 1 << 6,
  F_POLITICAL = 1 << 7,
  F_AIRCRAFT  = 1 << 8,
};

static const struct { const char *event; guint family; } event_families[] = {
  { "airstrike", F_ATTACK }, { "drone-strike", F_ATTACK }, { "shelling", F_ATTACK },
  { "explosion", F_ATTACK }, { "assassination", F_ATTACK },
  { "killing", F_CASUALTY }, { "injury", F_CASUALTY },
  { "clashes", F_CLASH }, { "territorial-control", F_CLASH },
  { "arrest", F_DETENTION }, { "kidnapping", F_DETENTION }, { "conscription", F_DETENTION },
  { "protest", F_PROTEST }, { "displacement", F_DISPLACE }, { "return", F_DISPLACE },
  { "disease-outbreak", F_HEALTH }, { "agreement", F_POLITICAL }, { "meeting", F_POLITICAL },
  { "aircraft-downed", F_AIRCRAFT },
};


static int
event_bit (const char *event)
{
  const char **ids = rasid_event_types ();

  for (int i = 0; ids[i]; i++)
    if (g_str_equal (ids[i], event))
      return i;
  return -1;
}

static guint
family_of (const char *event)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_families); i++)
    if (g_str_equal (event_families[i].event, event))
      return event_families[i].family;
  return 0;
}

/* Seconds within which two reports can tell of one event of these families:
 * a strike is reported within hours, a campaign of arrests over days. */
static gint64
window_for (guint families)
{
  if (families & (F_DETENTION | F_DISPLACE | F_HEALTH | F_POLITICAL | F_PROTEST))
    return 36 * 3600;
  if (families & F_CLASH)
    return 24 * 3600;
  return 8 * 3600;
}

#define UPDATE_WINDOW (72 * 3600)   /* "the toll rises" from the same outlet */

/* ---- one report's features ------------------------------------------------ */

struct _RasidStoryReport {
  gint64           report_id, source_id, time;
  guint32          events;        /* bits: indexes in rasid_event_types () */
  guint32          strikes;       /* which of airstrike, drone, shelling, explosion */
  guint            families;
  RasidStoryPlace *places;
  guint            n_places;
  const char     **actors;        /* interned, NULL-terminated */
  int              killed, injured;
  guint32         *shingles;      /* sorted, unique hashes of 3-character shingles */
  guint            n_shingles;
  char            *cited;         /* the outlet cited, or NULL */
  guint            update : 1;    /* a revised figure: "ارتفاع حصيلة" */
  guint            aggregate : 1; /* a toll over a period, not one incident */
  guint            again : 1;     /* "a second strike", "renewed shelling" */
  int              role;          /* the RasidStoryRole last written, -1: unknown */
};

static gboolean
has_word (char **words, const char * const *stems)
{
  static const char *prefixes[] = { "", "و", "ف", "ل", "ب", "ال", "وال", "لل", "بال", NULL };

  for (guint i = 0; words[i]; i++)
    for (guint s = 0; stems[s]; s++)
      for (guint p = 0; prefixes[p]; p++)
        {
          gsize lp = strlen (prefixes[p]);
          if (strncmp (words[i], prefixes[p], lp) == 0 && g_str_equal (words[i] + lp, stems[s]))
            return TRUE;
        }
  return FALSE;
}

/* Outlets that Syrian reports cite by name, normalised. */
static const char *const outlets[] = {
  "المرصد السوري لحقوق الانسان", "المرصد السوري", "المرصد", "سانا", "الوكاله السوريه للانباء",
  "وكاله سانا", "عنب بلدي", "نورث برس", "نورث بريس", "سمارت", "وكاله سمارت", "رويترز",
  "فرانس برس", "الاناضول", "وكاله الاناضول", "تلفزيون سوريا", "صحيفه الوطن", "فرات بوست",
  "الشبكه السوريه لحقوق الانسان", "وسائل اعلام النظام", "وسائل اعلام رسميه", "الاعلام الرسمي",
  "وكاله هاوار", "هاوار", "روداو", "شبكه شام", "الاعلام الحربي", NULL,
};

/* Words that introduce what another says: "بحسب المرصد السوري". */
static const char *const citing_words[] = {
  "بحسب", "حسب", "وفق", "وفقا", "عن", "ذكرت", "ذكر", "نقلت", "اوردت", "اكدت", "نشرت", "اعلنت", NULL,
};

static const char *
outlet_at (const char *text)
{
  for (guint i = 0; outlets[i]; i++)
    {
      gsize len = strlen (outlets[i]);
      if (strncmp (text, outlets[i], len) == 0 &&
          (text[len] == 0 || !rasid_unichar_is_word (g_utf8_get_char (text + len))))
        return outlets[i];
    }
  return NULL;
}

/* The outlet a report cites for its news, from its attribution
 * "(المرصد السوري)" or a "بحسب …" in its text, or NULL. */
static char *
find_citation (const char *norm_attribution, const char *norm_text)
{
  const char *hit;

  if (norm_attribution && *norm_attribution)
    {
      for (const char *p = norm_attribution; *p; p = g_utf8_next_char (p))
        if ((p == norm_attribution || *(p - 1) == ' ') && (hit = outlet_at (p)))
          return g_strdup (hit);
    }
  if (norm_text == NULL)
    return NULL;
  for (guint i = 0; citing_words[i]; i++)
    {
      gsize len = strlen (citing_words[i]);
      for (const char *p = strstr (norm_text, citing_words[i]); p; p = strstr (p + len, citing_words[i]))
        {
          const char *after = p + len;
          if (p != norm_text && !g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (p))))
            continue;
          if (*after != ' ')
            continue;
          after++;
          /* "نقلا عن", "بحسب ما ذكرت": a word may come between. */
          if ((hit = outlet_at (after)))
            return g_strdup (hit);
          if (g_str_has_prefix (after, "ما "))
            {
              const char *sp = strchr (after + strlen ("ما "), ' ');
              if (sp && (hit = outlet_at (sp + 1)))
                return g_strdup (hit);
            }
        }
    }
  return NULL;
}

static int
cmp_u32 (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

/* Three-character shingles of the normalised headline, spaces folded out:
 * run-together words ("جسرالشغور") then cost one shingle, not a word. */
static void
shingle (RasidStoryReport *r, const char *norm)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (const char *p = norm; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (rasid_unichar_is_word (c))
        g_array_append_val (chars, c);
    }
  for (guint i = 0; i + 2 < chars->len; i++)
    {
      gunichar *c = &g_array_index (chars, gunichar, i);
      guint32 h = (c[0] * 2654435761u) ^ (c[1] * 2246822519u) ^ (c[2] * 3266489917u);
      h ^= h >> 15;
      g_array_append_val (out, h);
    }
  g_array_sort (out, cmp_u32);
  r->n_shingles = 0;
  r->shingles = g_new (guint32, MAX (out->len, 1));
  for (guint i = 0; i < out->len; i++)
    if (i == 0 || g_array_index (out, guint32, i) != g_array_index (out, guint32, i - 1))
      r->shingles[r->n_shingles++] = g_array_index (out, guint32, i);
}

/* Words of a period: a toll "over the day", "since the start of the month". */
static const char *const period_words[] = {
  "يوميه", "اليوميه", "خلال", "منذ", "الشهر", "شهر", "الاسبوع", "اسبوعيه", "الماضي", "الماضيه",
  "العام", "مطلع", "بدايه", "الاسبوعيه", "الشهريه", "شهريه", NULL,
};
static const char *const toll_words[] = { "حصيله", "احصائيه", "توثيق", "يوثق", "وثق", "توثق", "اجمالي", NULL };
static const char *const rise_words[] = { "ارتفاع", "ارتفعت", "ترتفع", "يرتفع", "تحديث", NULL };
static const char *const again_words[] = { "ثانيه", "ثاني", "جديده", "جديد", "مجددا", "تعاود", "يعاود", "تجدد",
                                           "مسائيه", "مساء", "اخري", "ثالثه", NULL };

/* "5", "خمسه": a count as a revised toll gives it. */
static int
number_word (const char *word)
{
  static const char *const words[] = { "", "واحد", "اثنين", "ثلاثه", "اربعه", "خمسه", "سته", "سبعه", "ثمانيه",
                                       "تسعه", "عشره", NULL };

  if (g_ascii_isdigit (word[0]))
    return atoi (word);
  for (int n = 1; words[n]; n++)
    if (g_str_equal (word, words[n]))
      return n;
  return -1;
}

RasidStoryReport *
rasid_story_report_new (gint64 report_id, gint64 source_id, gint64 time, const char *headline,
                        const char *attribution, const char *body, const char * const *events,
                        const RasidStoryPlace *places, guint n_places, const char * const *actors,
                        int killed, int injured)
{
  RasidStoryReport *r = g_new0 (RasidStoryReport, 1);
  g_autofree char *norm = rasid_normalize (headline ? headline : "");
  g_autofree char *norm_attr = attribution ? rasid_normalize (attribution) : NULL;
  g_autofree char *norm_body = body ? rasid_normalize (body) : NULL;
  g_autofree char *text = g_strconcat (norm, " ", norm_body ? norm_body : "", NULL);
  g_auto(GStrv) words = rasid_tokenize (norm);
  guint n_actors = actors ? g_strv_length ((char **) actors) : 0;

  r->report_id = report_id;
  r->source_id = source_id;
  r->time = time;
  r->role = -1;
  r->killed = killed;
  r->injured = injured;
  for (guint i = 0; events && events[i]; i++)
    {
      int bit = event_bit (events[i]);
      if (bit >= 0)
        r->events |= 1u << bit;
      r->families |= family_of (events[i]);
      if (g_str_equal (events[i], "airstrike")) r->strikes |= 1;
      else if (g_str_equal (events[i], "drone-strike")) r->strikes |= 2;
      else if (g_str_equal (events[i], "shelling")) r->strikes |= 4;
      else if (g_str_equal (events[i], "explosion")) r->strikes |= 8;
    }
  r->n_places = n_places;
  r->places = g_new0 (RasidStoryPlace, MAX (n_places, 1));
  for (guint i = 0; i < n_places; i++)
    {
      r->places[i].id = g_intern_string (places[i].id);
      r->places[i].level = places[i].level;
      for (guint k = 0; k < 3; k++)
        r->places[i].admin[k] = places[i].admin[k] ? g_intern_string (places[i].admin[k]) : NULL;
    }
  r->actors = g_new0 (const char *, n_actors + 1);
  for (guint i = 0; i < n_actors; i++)
    r->actors[i] = g_intern_string (actors[i]);
  shingle (r, norm);
  r->cited = find_citation (norm_attr, text);
  r->update = has_word (words, rise_words);
  r->aggregate = !r->update && has_word (words, toll_words) && has_word (words, period_words);
  r->again = has_word (words, again_words);
  /* "ارتفاع حصيلة … إلى 5 قتلى": the analyser reads counts after the word
   * for the dead, a revision gives it after "إلى". */
  if (r->update)
    for (guint i = 0; words[i] && words[i + 1]; i++)
      if (g_str_equal (words[i], "الي") && number_word (words[i + 1]) >= 0)
        {
          static const char *const hurt[] = { "جرحي", "مصابين", "اصابه", "اصابات", "الجرحي", "المصابين", NULL };
          static const char *const dead[] = { "قتلي", "قتيلا", "القتلي", "قتيل", "شهداء", "الشهداء", NULL };

          if (has_word (words, hurt) && !has_word (words, dead))
            r->injured = number_word (words[i + 1]);
          else
            r->killed = number_word (words[i + 1]);
          break;
        }
  return r;
}

RasidStoryReport *
rasid_story_report_new_from_analysis (gint64 report_id, gint64 source_id, gint64 time,
                                      RasidAnalysis *a, const char *body)
{
  g_autofree RasidStoryPlace *places = g_new0 (RasidStoryPlace, MAX (a->places->len, 1));
  g_autofree const char **actors = g_new0 (const char *, a->actors->len + 1);
  g_autofree const char **events = g_new0 (const char *, a->events->len + 1);

  for (guint i = 0; i < a->places->len; i++)
    {
      const RasidPlace *p = ((RasidPlaceMatch *) g_ptr_array_index (a->places, i))->place;
      places[i].id = p->id;
      places[i].level = p->level;
      memcpy (places[i].admin, p->admin, sizeof p->admin);
    }
  for (guint i = 0; i < a->actors->len; i++)
    actors[i] = ((RasidActor *) g_ptr_array_index (a->actors, i))->id;
  for (guint i = 0; i < a->events->len; i++)
    events[i] = g_ptr_array_index (a->events, i);
  return rasid_story_report_new (report_id, source_id, time, a->headline, a->attribution, body,
                                 events, places, a->places->len, actors, a->killed, a->injured);
}

void
rasid_story_report_free (RasidStoryReport *r)
{
  if (r == NULL)
    return;
  g_free (r->places);
  g_free (r->actors);
  g_free (r->shingles);
  g_free (r->cited);
  g_free (r);
}

gint64
rasid_story_report_get_id (const RasidStoryReport *r)
{
  return r->report_id;
}

gint64
rasid_story_report_get_source_id (const RasidStoryReport *r)
{
  return r->source_id;
}

const char *
rasid_story_report_get_cited (const RasidStoryReport *r)
{
  return r->cited;
}

/* What the store kept wins over what the text says now: the role an
 * outlet had when it joined does not change with the outlet list. */
void
rasid_story_report_set_cited (RasidStoryReport *r, const char *cited)
{
  g_free (r->cited);
  r->cited = g_strdup (cited);
}

RasidStoryRole
rasid_story_report_get_role (const RasidStoryReport *r)
{
  g_return_val_if_fail (r != NULL, RASID_STORY_ROLE_CORROBORATION);
  return r->role < 0 ? RASID_STORY_ROLE_CORROBORATION : (RasidStoryRole) r->role;
}

/* The role the store holds for @r, so that a summary writes only the
 * roles that change. */
void
rasid_story_report_set_role (RasidStoryReport *r, RasidStoryRole role)
{
  g_return_if_fail (r != NULL);
  r->role = role;
}

gboolean
rasid_story_report_is_aggregate (const RasidStoryReport *r)
{
  return r->aggregate;
}

/* Jaccard similarity of the headlines' shingles. */
double
rasid_story_report_similarity (const RasidStoryReport *a, const RasidStoryReport *b)
{
  guint i = 0, k = 0, both = 0;

  if (a->n_shingles == 0 || b->n_shingles == 0)
    return 0;
  while (i < a->n_shingles && k < b->n_shingles)
    {
      if (a->shingles[i] == b->shingles[k])
        both++, i++, k++;
      else if (a->shingles[i] < b->shingles[k])
        i++;
      else
        k++;
    }
  return (double) both / (a->n_shingles + b->n_shingles - both);
}

/* ---- comparing two reports ------------------------------------------------ */

static gboolean
is_point (RasidPlaceLevel level)
{
  return level >= RASID_PLACE_CITY && level != RASID_PLACE_REGION;
}

static gboolean
is_above (const RasidStoryPlace *outer, const RasidStoryPlace *inner)
{
  for (guint k = 0; k < 3; k++)
    if (inner->admin[k] == outer->id)
      return TRUE;
  return FALSE;
}

static const RasidStoryPlace *
first_point (const RasidStoryReport *r)
{
  for (guint i = 0; i < r->n_places; i++)
    if (is_point (r->places[i].level))
      return &r->places[i];
  return NULL;
}

/* How surely two reports are in one place, 0–1; -1 when they are surely not
 * (two different towns, or different governorates). */
static double
place_score (const RasidStoryReport *a, const RasidStoryReport *b)
{
  const RasidStoryPlace *pa = first_point (a), *pb = first_point (b);
  double best = 0;
  gboolean shared_gov = FALSE;

  if (a->n_places == 0 || b->n_places == 0)
    return 0.3;
  for (guint i = 0; i < a->n_places; i++)
    for (guint k = 0; k < b->n_places; k++)
      {
        const RasidStoryPlace *p = &a->places[i], *q = &b->places[k];
        double s = 0;

        if (p->id == q->id)
          s = is_point (p->level) ? 1.0 : p->level == RASID_PLACE_GOVERNORATE ? 0.35 : 0.6;
        else if (is_above (p, q) || is_above (q, p))
          {
            const RasidStoryPlace *outer = is_above (p, q) ? p : q;
            s = outer->level == RASID_PLACE_SUBDISTRICT ? 0.75 : outer->level == RASID_PLACE_DISTRICT ? 0.55 : 0.4;
          }
        else if (p->admin[2] && p->admin[2] == q->admin[2])
          s = 0.3;
        else if (p->admin[1] && p->admin[1] == q->admin[1])
          s = 0.2;
        if ((p->admin[0] && (p->admin[0] == q->admin[0] || p->admin[0] == q->id)) ||
            (q->admin[0] && q->admin[0] == p->id) || p->id == q->id)
          shared_gov = TRUE;
        best = MAX (best, s);
      }
  /* The main town of each differs, and neither names the other's. */
  if (pa && pb && pa->id != pb->id)
    {
      gboolean crossed = FALSE;
      for (guint k = 0; k < b->n_places && !crossed; k++)
        crossed = b->places[k].id == pa->id;
      for (guint i = 0; i < a->n_places && !crossed; i++)
        crossed = a->places[i].id == pb->id;
      if (!crossed)
        return -1;
    }
  if (!shared_gov && best == 0)
    return -1;
  return best;
}

static gboolean
share_actor (const RasidStoryReport *a, const RasidStoryReport *b)
{
  for (guint i = 0; a->actors[i]; i++)
    for (guint k = 0; b->actors[k]; k++)
      if (a->actors[i] == b->actors[k])
        return TRUE;
  return FALSE;
}

static gboolean
families_fit (guint fa, guint fb)
{
  guint outcome_of = F_ATTACK | F_CLASH | F_CASUALTY;

  if (fa == 0 || fb == 0)
    return TRUE;
  if (fa & fb & ~(guint) F_CASUALTY)
    return TRUE;
  if (fa == F_CASUALTY && (fb & outcome_of))
    return TRUE;
  if (fb == F_CASUALTY && (fa & outcome_of))
    return TRUE;
  return FALSE;
}

/* The score of @r joining the story of @m; below zero: surely not. */
static double
pair_score (const RasidStoryReport *r, const RasidStoryReport *m)
{
  gboolean same_source = r->source_id == m->source_id;
  gboolean update = same_source && r->update;
  gint64 window = update ? UPDATE_WINDOW : window_for (r->families | m->families);
  gint64 dt = ABS (r->time - m->time);
  double text, place, s;

  if (dt > window || r->aggregate != m->aggregate || !families_fit (r->families, m->families))
    return -1;
  text = rasid_story_report_similarity (r, m);
  /* Tolls of the day are told once a day: the same day and the same count
   * or wording, wherever the incidents they sum were. */
  if (r->aggregate)
    return dt < 8 * 3600 && ((r->killed >= 0 && r->killed == m->killed) || text >= 0.3) ? 1 : -1;
  /* Neither names a known place: tickers word every town's shelling alike,
   * so only a near rewording of one line is one event. */
  if (r->n_places == 0 && m->n_places == 0 && text < 0.75)
    return -1;
  place = place_score (r, m);
  /* A different town can still be a rewording of the same line. */
  if (place < 0 && text < 0.7)
    return -1;

  s = 0.35 * MAX (place, 0) + 0.6 * text + 0.3 * (1.0 - (double) dt / window);
  if (r->n_places == 0 || m->n_places == 0)
    s -= 0.1;
  if (r->families == 0 || m->families == 0)
    s -= 0.1;
  if (r->strikes && m->strikes && !(r->strikes & m->strikes))
    s -= 0.1;
  if (r->actors[0] && m->actors[0])
    s += share_actor (r, m) ? 0.08 : -0.08;
  if (r->killed > 0 && m->killed > 0)
    {
      if (r->killed == m->killed)
        s += 0.1;
      else if (same_source && !update)
        s -= 0.3;
    }
  if (r->injured > 0 && r->injured == m->injured)
    s += 0.05;
  /* "A second strike", hours after the first: another event. */
  if (r->again && r->time - m->time > 2 * 3600)
    s -= 0.3;
  /* An outlet tells of one event once, unless it revises it: another line
   * from it about the same town is another event. */
  if (same_source)
    s += update ? 0.25 : text >= 0.6 ? 0 : -0.35;
  return s;
}

/* ---- the index -------------------------------------------------------------- */

#define THRESHOLD 0.55
#define MAX_COMPARED 8
#define MAX_CANDIDATES 64   /* stories compared under one name and day */
#define MAX_STORY_REPORTS 500
#define BUCKET 86400

typedef struct {
  gint64     id;
  gint64     first_time, last_time;
  GPtrArray *members;     /* RasidStoryReport, owned */
  GArray    *keys;        /* guint64 keys it is filed under */
  GPtrArray *names;       /* the distinct names of its members (interned) */
  guint64    stamp;
} Story;

struct _RasidStoryIndex {
  GHashTable *stories;    /* id → Story */
  GHashTable *keys;       /* guint64 → GPtrArray of Story (borrowed) */
  GHashTable *reports;    /* report id → Story */
  guint64     stamp;
  guint64     n_compared;
  gint64      latest;
};

static void
story_free (Story *s)
{
  g_ptr_array_unref (s->members);
  g_array_unref (s->keys);
  g_ptr_array_unref (s->names);
  g_free (s);
}

RasidStoryIndex *
rasid_story_index_new (void)
{
  RasidStoryIndex *self = g_new0 (RasidStoryIndex, 1);

  self->stories = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) story_free);
  self->keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->reports = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
rasid_story_index_free (RasidStoryIndex *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->reports);
  g_hash_table_unref (self->stories);
  g_free (self);
}

static guint64
make_key (const char *interned, gint64 bucket)
{
  return ((guint64) GPOINTER_TO_SIZE (interned) * 0x9E3779B97F4A7C15ull) ^ (guint64) bucket;
}

/* The names a report is filed and looked up under: its places and the
 * areas above them; without a place, its event families. */
static void
report_names (const RasidStoryReport *r, GPtrArray *names)
{
  for (guint i = 0; i < r->n_places; i++)
    {
      g_ptr_array_add (names, (gpointer) r->places[i].id);
      for (guint k = 0; k < 3; k++)
        if (r->places[i].admin[k])
          g_ptr_array_add (names, (gpointer) r->places[i].admin[k]);
    }
  for (guint f = 0; f < 9; f++)
    if (r->families & (1u << f) || (r->families == 0 && f == 0))
      {
        char name[16];
        g_snprintf (name, sizeof name, "family:%u", r->families ? f : 99);
        g_ptr_array_add (names, (gpointer) g_intern_string (name));
      }
}

/* Files @s under @name for the days from @first to @last (buckets). */
static void
file_name (RasidStoryIndex *self, Story *s, const char *name, gint64 first, gint64 last)
{
  for (gint64 b = first; b <= last; b++)
    {
      guint64 key = make_key (name, b);
      GPtrArray *list = g_hash_table_lookup (self->keys, &key);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->keys, g_memdup2 (&key, sizeof key), list);
        }
      g_ptr_array_add (list, s);
      g_array_append_val (s->keys, key);
    }
}

/**
 * rasid_story_index_match:
 * @score: (out) (optional): the best score
 *
 * Returns: the id of the story @report tells of, or 0 for a new one.
 */
gint64
rasid_story_index_match (RasidStoryIndex *self, const RasidStoryReport *report, double *score)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  Story *best = NULL;
  double best_score = THRESHOLD;
  static int debug = -1;

  g_return_val_if_fail (self != NULL && report != NULL, 0);

  if (debug < 0)
    debug = g_getenv ("RASID_STORY_DEBUG") != NULL;
  self->stamp++;
  report_names (report, names);
  for (gint64 b = (report->time - UPDATE_WINDOW) / BUCKET; b <= (report->time + UPDATE_WINDOW) / BUCKET; b++)
    for (guint i = 0; i < names->len; i++)
      {
        guint64 key = make_key (names->pdata[i], b);
        GPtrArray *list = g_hash_table_lookup (self->keys, &key);

        /* The stories filed latest under a name first, and no more than
         * MAX_CANDIDATES of them: on a day when one town has hundreds of
         * stories, a report still costs a bounded number of comparisons. */
        for (guint k = list ? list->len : 0, seen = 0; k-- > 0 && seen < MAX_CANDIDATES;)
          {
            Story *s = list->pdata[k];
            double top = -1;
            guint vetoes = 0, fits = 0;

            if (s->stamp == self->stamp)
              continue;
            s->stamp = self->stamp;
            /* A story is one event: past MAX_STORY_REPORTS in four days it
             * is a stream of alike reports, and each report more would cost
             * its length in the summary. */
            if (s->members->len >= MAX_STORY_REPORTS)
              continue;
            seen++;
            /* The first report and the latest few speak for a story: a
             * long one costs no more than a short one. */
            for (guint m = 0; m < s->members->len; m++)
              {
                double v;

                if (m > 0 && m + MAX_COMPARED <= s->members->len)
                  continue;
                v = pair_score (report, s->members->pdata[m]);
                self->n_compared++;
                if (v < 0)
                  vetoes++;
                else
                  fits++;
                top = MAX (top, v);
              }
            /* A story most of whose reports say "not this one" is not it. */
            if (debug)
              g_printerr ("story %" G_GINT64_FORMAT " for report %" G_GINT64_FORMAT ": %.3f (%u against, %u for)\n",
                          s->id, report->report_id, top, vetoes, fits);
            if (vetoes > fits)
              continue;
            if (top > best_score || (top == best_score && best && s->id > best->id))
              {
                best = s;
                best_score = top;
              }
          }
      }
  if (score)
    *score = best ? best_score : 0;
  return best ? best->id : 0;
}

/**
 * rasid_story_index_add:
 * @report: (transfer full)
 *
 * Files @report in story @story_id, which is created when new.
 */
static int
member_cmp (gconstpointer a, gconstpointer b)
{
  const RasidStoryReport *x = *(RasidStoryReport **) a, *y = *(RasidStoryReport **) b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->report_id < y->report_id ? -1 : x->report_id > y->report_id;
}

void
rasid_story_index_add (RasidStoryIndex *self, gint64 story_id, RasidStoryReport *report)
{
  Story *s;

  g_return_if_fail (self != NULL && story_id > 0 && report != NULL);

  if (g_hash_table_contains (self->reports, &report->report_id))
    {
      rasid_story_report_free (report);
      return;
    }
  s = g_hash_table_lookup (self->stories, &story_id);
  if (s == NULL)
    {
      s = g_new0 (Story, 1);
      s->id = story_id;
      s->members = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_story_report_free);
      s->keys = g_array_new (FALSE, FALSE, sizeof (guint64));
      s->names = g_ptr_array_new ();
      s->first_time = s->last_time = report->time;
      g_hash_table_insert (self->stories, &s->id, s);
    }
  {
    /* Filed under every name of its members for every day it spans, so a
     * late report finds it. Only what is new is filed: a new name for the
     * whole span, the old names for the days the span grew by. Refiling
     * every member made a long story cost its length on every report. */
    gint64 old_first = s->members->len ? s->first_time / BUCKET : G_MAXINT64;
    gint64 old_last = s->members->len ? s->last_time / BUCKET : G_MININT64;
    guint n_old_names = s->names->len;
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    gint64 first, last;

    s->first_time = MIN (s->first_time, report->time);
    s->last_time = MAX (s->last_time, report->time);
    first = s->first_time / BUCKET;
    last = s->last_time / BUCKET;
    for (guint i = 0; i < n_old_names; i++)
      {
        if (first < old_first)
          file_name (self, s, s->names->pdata[i], first, MIN (old_first - 1, last));
        if (last > old_last)
          file_name (self, s, s->names->pdata[i], MAX (old_last + 1, first), last);
      }
    report_names (report, names);
    for (guint i = 0; i < names->len; i++)
      if (!g_ptr_array_find (s->names, names->pdata[i], NULL))
        {
          g_ptr_array_add (s->names, names->pdata[i]);
          file_name (self, s, names->pdata[i], first, last);
        }
  }
  self->latest = MAX (self->latest, report->time);
  {
    /* Kept in time order as it grows: reports mostly come last. */
    guint at = s->members->len;

    while (at > 0 && member_cmp (&s->members->pdata[at - 1], &report) > 0)
      at--;
    g_ptr_array_insert (s->members, at, report);
  }
  g_hash_table_insert (self->reports, g_memdup2 (&report->report_id, sizeof (gint64)), s);
}

gboolean
rasid_story_index_has_report (RasidStoryIndex *self, gint64 report_id)
{
  return g_hash_table_contains (self->reports, &report_id);
}


/**
 * rasid_story_index_summarize:
 * @members: (element-type RasidStoryMember) (nullable): filled with the
 *   reports whose role is not the one last recorded for them (unknown
 *   counts as changed), earliest first; their new role is recorded
 *
 * What a story knows: its first report, its outlets, their figures. A
 * report added at the end of a long story changes no one else's role, so
 * the caller writes one row, not the story.
 */
gboolean
rasid_story_index_summarize (RasidStoryIndex *self, gint64 story_id, RasidStorySummary *out, GArray *members)
{
  Story *s = g_hash_table_lookup (self->stories, &story_id);
  g_autoptr(GHashTable) independent = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) citing = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) killed = g_hash_table_new (g_int64_hash, g_int64_equal);   /* source → latest report */
  g_autoptr(GHashTable) injured = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint event_counts[32] = { 0 };
  gboolean any_independent_figure = FALSE;
  GHashTableIter iter;
  gpointer value;
  int best_event = -1;

  g_return_val_if_fail (self != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (s == NULL)
    return FALSE;
  out->id = s->id;
  out->n_reports = s->members->len;
  out->killed_min = out->killed_max = out->injured_min = out->injured_max = -1;
  for (guint i = 0; i < s->members->len; i++)
    {
      RasidStoryReport *r = s->members->pdata[i];
      RasidStoryMember m = { r->report_id, RASID_STORY_ROLE_CORROBORATION };

      if (i == 0)
        {
          m.role = RASID_STORY_ROLE_FIRST;
          out->first_report_id = r->report_id;
          out->first_source_id = r->source_id;
          out->first_time = r->time;
        }
      else if (r->cited)
        m.role = RASID_STORY_ROLE_CITATION;
      else if (g_hash_table_contains (seen, &r->source_id))
        m.role = RASID_STORY_ROLE_UPDATE;
      g_hash_table_add (seen, &r->source_id);
      if (r->cited)
        g_hash_table_add (citing, &r->source_id);
      else
        g_hash_table_add (independent, &r->source_id);
      if (members && (int) m.role != r->role)
        {
          g_array_append_val (members, m);
          r->role = m.role;
        }
      out->last_time = r->time;
      for (guint b = 0; b < 32; b++)
        event_counts[b] += (r->events >> b) & 1;
      /* Each outlet's latest figure: its own revisions replace its first. */
      if (r->killed >= 0)
        g_hash_table_insert (killed, &r->source_id, r);
      if (r->injured >= 0)
        g_hash_table_insert (injured, &r->source_id, r);
      any_independent_figure |= !r->cited && (r->killed >= 0 || r->injured >= 0);
    }
  out->n_outlets = g_hash_table_size (independent);
  g_hash_table_iter_init (&iter, citing);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    out->n_citations += !g_hash_table_contains (independent, value);

  /* A citation repeats another's figure: counted only when no outlet gives its own. */
  g_hash_table_iter_init (&iter, killed);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RasidStoryReport *r = value;
      if (r->cited && any_independent_figure)
        continue;
      out->killed_min = out->killed_min < 0 ? r->killed : MIN (out->killed_min, r->killed);
      out->killed_max = MAX (out->killed_max, r->killed);
    }
  g_hash_table_iter_init (&iter, injured);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RasidStoryReport *r = value;
      if (r->cited && any_independent_figure)
        continue;
      out->injured_min = out->injured_min < 0 ? r->injured : MIN (out->injured_min, r->injured);
      out->injured_max = MAX (out->injured_max, r->injured);
    }

  /* The main event: the most told, what happened before what it caused. */
  for (int b = 0; b < 32; b++)
    {
      const char **ids = rasid_event_types ();
      gboolean outcome;

      if (event_counts[b] == 0)
        continue;
      outcome = family_of (ids[b]) == F_CASUALTY;
      if (best_event < 0 ||
          (!outcome && family_of (ids[best_event]) == F_CASUALTY) ||
          ((outcome == (family_of (ids[best_event]) == F_CASUALTY)) && event_counts[b] > event_counts[best_event]))
        best_event = b;
    }
  out->event = best_event >= 0 ? rasid_event_types ()[best_event] : NULL;
  return TRUE;
}

/**
 * rasid_story_index_evict:
 * @before: Unix time
 *
 * Forgets the stories last told of before @before: they take no new report.
 * Returns: how many were forgotten.
 */
guint
rasid_story_index_evict (RasidStoryIndex *self, gint64 before)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->stories);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Story *s = value;

      if (s->last_time >= before)
        continue;
      for (guint k = 0; k < s->keys->len; k++)
        {
          GPtrArray *list = g_hash_table_lookup (self->keys, &g_array_index (s->keys, guint64, k));
          if (list)
            {
              g_ptr_array_remove (list, s);   /* keeps the order of filing */
              if (list->len == 0)
                g_hash_table_remove (self->keys, &g_array_index (s->keys, guint64, k));
            }
        }
      for (guint m = 0; m < s->members->len; m++)
        g_hash_table_remove (self->reports, &((RasidStoryReport *) s->members->pdata[m])->report_id);
      g_hash_table_iter_remove (&iter);
      n++;
    }
  return n;
}

guint
rasid_story_index_get_n_stories (RasidStoryIndex *self)
{
  return g_hash_table_size (self->stories);
}

gint64
rasid_story_index_get_latest (RasidStoryIndex *self)
{
  return self->latest;
}

/* Pairs of reports compared so far: the clusterer's work, for the bench. */
guint64
rasid_story_index_get_n_compared (RasidStoryIndex *self)
{
  return self->n_compared;
}

const char *
rasid_story_role_to_string (RasidStoryRole role)
{
  static const char *names[] = { "first", "corroboration", "update", "citation" };

  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (names), NULL);
  return names[role];
}

/**
 * rasid_story_format_range:
 * @killed: %TRUE for deaths, %FALSE for injuries
 *
 * Returns: "3–7 killed depending on the source", "3 killed", or NULL when
 * no outlet gave a figure.
 */
char *
rasid_story_format_range (int min, int max, gboolean killed)
{
  if (min < 0)
    return NULL;
  if (min == max)
    return g_strdup_printf (killed ? g_dngettext (GETTEXT_PACKAGE, "%d killed", "%d killed", max)
                                   : g_dngettext (GETTEXT_PACKAGE, "%d injured", "%d injured", max), max);
  /* TRANSLATORS: the outlets' figures differ: "٣–٧ قتلى حسب المصدر" */
  return g_strdup_printf (killed ? g_dngettext (GETTEXT_PACKAGE, "%d–%d killed depending on the source",
                                                "%d–%d killed depending on the source", max)
                                 : g_dngettext (GETTEXT_PACKAGE, "%d–%d injured depending on the source",
                                                "%d–%d injured depending on the source", max),
                          min, max);
}
