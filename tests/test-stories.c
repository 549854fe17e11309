/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stories.c: the story clusterer (rasid-story.c) measured on the
 * labelled set in tests/stories/, and stories in the store
 * (rasid-store-stories.c): roles, figures, rebuild, filters. */
#include "rasid-store.h"
#include "rasid-story.h"
#include "rasid-story-events.h"
#include "rasid-csv.h"
#include "rasid-test-util.h"

#include <string.h>

typedef struct {
  char   *cluster;
  char   *half;
  char   *outlet;
  gint64  time;
  char   *title;
  char   *body;
} Labelled;

static void
labelled_free (Labelled *l)
{
  g_free (l->cluster);
  g_free (l->half);
  g_free (l->outlet);
  g_free (l->title);
  g_free (l->body);
  g_free (l);
}

static int
by_time (gconstpointer a, gconstpointer b)
{
  const Labelled *x = *(Labelled **) a, *y = *(Labelled **) b;
  return x->time < y->time ? -1 : x->time > y->time;
}

/* The set in time order, as reports arrive. */
static GPtrArray *
load_set (void)
{
  g_autofree char *path = g_build_filename (STORIES_DIR, "labelled.tsv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *set = g_ptr_array_new_with_free_func ((GDestroyNotify) labelled_free);
  g_autoptr(GTimeZone) damascus = g_time_zone_new_offset (3 * 3600);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;
      g_autoptr(GDateTime) dt = NULL;
      g_auto(GStrv) body_lines = NULL;
      Labelled *l;

      if (*lines[i] == 0 || *lines[i] == '#')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 6);
      {
        g_autofree char *iso = g_strconcat (f[3], ":00", NULL);
        dt = g_date_time_new_from_iso8601 (iso, damascus);
      }
      g_assert_nonnull (dt);
      l = g_new0 (Labelled, 1);
      l->cluster = g_strdup (f[0]);
      l->half = g_strdup (f[1]);
      l->outlet = g_strdup (f[2]);
      l->time = g_date_time_to_unix (dt);
      l->title = g_strdup (f[4]);
      body_lines = g_strsplit (f[5], "\\n", -1);
      l->body = *f[5] ? g_strjoinv ("\n", body_lines) : NULL;
      g_ptr_array_add (set, l);
    }
  g_ptr_array_sort (set, by_time);
  return set;
}

static gint64
outlet_id (GHashTable *outlets, const char *name)
{
  gpointer id = g_hash_table_lookup (outlets, name);

  if (id == NULL)
    {
      id = GUINT_TO_POINTER (g_hash_table_size (outlets) + 1);
      g_hash_table_insert (outlets, g_strdup (name), id);
    }
  return GPOINTER_TO_UINT (id);
}

/* Pairwise precision and recall of @assigned (story per report) against
 * the labels, over the reports of @half (NULL: all). */
static void
pairwise (GPtrArray *set, const gint64 *assigned, const char *half, double *precision, double *recall)
{
  guint tp = 0, fp = 0, fn = 0;

  for (guint i = 0; i < set->len; i++)
    for (guint k = i + 1; k < set->len; k++)
      {
        Labelled *a = set->pdata[i], *b = set->pdata[k];
        gboolean same, together;

        if (half && (!g_str_equal (a->half, half) || !g_str_equal (b->half, half)))
          continue;
        same = g_str_equal (a->cluster, b->cluster);
        together = assigned[i] == assigned[k];
        tp += same && together;
        fp += !same && together;
        fn += same && !together;
      }
  *precision = tp + fp ? (double) tp / (tp + fp) : 1;
  *recall = tp + fn ? (double) tp / (tp + fn) : 1;
}

static void
print_mistakes (GPtrArray *set, const gint64 *assigned, const char *half)
{
  for (guint i = 0; i < set->len; i++)
    for (guint k = i + 1; k < set->len; k++)
      {
        Labelled *a = set->pdata[i], *b = set->pdata[k];
        gboolean same, together;

        if (!g_str_equal (a->half, half) || !g_str_equal (b->half, half))
          continue;
        same = g_str_equal (a->cluster, b->cluster);
        together = assigned[i] == assigned[k];
        if (same != together)
          g_test_message ("%s: %s/%s ~ %s/%s", same ? "split" : "merged", a->cluster, a->outlet, b->cluster, b->outlet);
      }
}

static RasidAnalyzer *
analyzer (void)
{
  static RasidAnalyzer *analyzer;

  if (analyzer == NULL)
    {
      g_autoptr(GError) error = NULL;
      analyzer = rasid_analyzer_new_default (&error);
      g_assert_no_error (error);
    }
  return analyzer;
}

/* The clusterer alone, report by report as they arrive, on each half. */
static void
test_quality (void)
{
  g_autoptr(GPtrArray) set = load_set ();
  g_autoptr(GHashTable) outlets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RasidStoryIndex) index = rasid_story_index_new ();
  g_autofree gint64 *assigned = g_new0 (gint64, set->len);
  const char *halves[] = { "tune", "held" };
  gint64 next = 1;
  guint n_pairs = 0;

  g_assert_cmpuint (set->len, >=, 100);
  for (guint i = 0; i < set->len; i++)
    {
      Labelled *l = set->pdata[i];
      g_autoptr(RasidAnalysis) a = rasid_analyzer_analyze (analyzer (), l->title, l->body);
      RasidStoryReport *r = rasid_story_report_new_from_analysis (i + 1, outlet_id (outlets, l->outlet), l->time, a, l->body);
      gint64 story = rasid_story_index_match (index, r, NULL);

      if (story == 0)
        story = next++;
      assigned[i] = story;
      rasid_story_index_add (index, story, r);
    }

  for (guint h = 0; h < G_N_ELEMENTS (halves); h++)
    {
      double p, r;

      pairwise (set, assigned, halves[h], &p, &r);
      g_test_message ("%s half: pairwise precision %.3f, recall %.3f", halves[h], p, r);
      g_print ("# %s half: pairwise precision %.3f, recall %.3f\n", halves[h], p, r);
      print_mistakes (set, assigned, halves[h]);
      g_assert_cmpfloat (p, >=, 0.95);
      g_assert_cmpfloat (r, >=, 0.85);
    }
  for (guint i = 0; i < set->len; i++)
    for (guint k = i + 1; k < set->len; k++)
      n_pairs++;
  g_print ("# %u reports, %" G_GINT64_FORMAT " stories, %u labelled pairs\n", set->len, next - 1, n_pairs);
}

/* The traps, one by one: each must stay apart from what it resembles. */
static void
test_traps (void)
{
  g_autoptr(GPtrArray) set = load_set ();
  g_autoptr(GHashTable) outlets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RasidStoryIndex) index = rasid_story_index_new ();
  g_autoptr(GHashTable) story_of = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_hash_table_unref);
  const char *apart[][2] = {
    { "t-ariha-am", "t-ariha-pm" }, { "h-sarmin-am", "h-sarmin-pm" },     /* one town, one day */
    { "t-ariha-am", "t-toll" }, { "h-sarmin-am", "h-toll" },              /* a toll, an incident */
    { "t-jasim", "t-jasim-protest" }, { "t-jasim", "t-jasim-arrest" },    /* days later */
    { "h-tafas", "h-tafas-arrest" }, { "h-manbij", "h-manbij-2" },
    { "t-darat", "t-atarib" }, { "h-taftanaz", "h-binnish" },             /* neighbours */
  };
  gint64 next = 1;

  for (guint i = 0; i < set->len; i++)
    {
      Labelled *l = set->pdata[i];
      g_autoptr(RasidAnalysis) a = rasid_analyzer_analyze (analyzer (), l->title, l->body);
      RasidStoryReport *r = rasid_story_report_new_from_analysis (i + 1, outlet_id (outlets, l->outlet), l->time, a, l->body);
      gint64 story = rasid_story_index_match (index, r, NULL);

      if (story == 0)
        story = next++;
      rasid_story_index_add (index, story, r);
      if (!g_hash_table_contains (story_of, l->cluster))
        g_hash_table_insert (story_of, l->cluster, g_hash_table_new (NULL, NULL));
      g_hash_table_add (g_hash_table_lookup (story_of, l->cluster), GINT_TO_POINTER (story));
    }
  for (guint t = 0; t < G_N_ELEMENTS (apart); t++)
    {
      GHashTable *x = g_hash_table_lookup (story_of, apart[t][0]), *y = g_hash_table_lookup (story_of, apart[t][1]);
      GHashTableIter iter;
      gpointer key;

      g_assert_nonnull (x);
      g_assert_nonnull (y);
      g_hash_table_iter_init (&iter, x);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_hash_table_contains (y, key))
          g_error ("%s and %s share a story", apart[t][0], apart[t][1]);
    }
}

/* ---- in the store --------------------------------------------------------- */

typedef struct {
  char       *dir;
  RasidStore *store;
  GPtrArray  *set;
  GArray     *report_ids;   /* per labelled report */
} StoreFixture;

static void
store_fixture_set_up (StoreFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  f->dir = rasid_test_tmpdir ();
  path = g_build_filename (f->dir, "cache.db", NULL);
  f->store = rasid_store_open (path, &error);
  g_assert_no_error (error);
  f->set = load_set ();
  f->report_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* A few documents, each in one write as ingest stores them. */
  for (guint i = 0; i < f->set->len; i++)
    {
      Labelled *l = f->set->pdata[i];
      g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
      g_autoptr(RasidAnalysis) a = rasid_analyzer_analyze (analyzer (), l->title, l->body);
      gint64 source = GPOINTER_TO_SIZE (g_hash_table_lookup (sources, l->outlet));
      RasidUpsertResult result;
      gint64 id;

      if (source == 0)
        {
          g_autofree char *url = g_strdup_printf ("https://%s.example/feed", l->outlet);
          source = rasid_store_add_source (f->store, url, l->outlet, "rss", FALSE, &error);
          g_assert_no_error (error);
          g_hash_table_insert (sources, g_strdup (l->outlet), GSIZE_TO_POINTER (source));
        }
      item->guid = g_strdup_printf ("%s-%u", l->outlet, i);
      item->link = g_strdup_printf ("https://%s.example/%u", l->outlet, i);
      item->title = g_strdup (l->title);
      item->content = g_strdup (l->body);
      item->published = l->time;
      if (i % 10 == 0)
        g_assert_true (rasid_store_begin (f->store, &error));
      id = rasid_store_upsert_report (f->store, source, item, a, l->time, &result, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result, ==, RASID_UPSERT_NEW);
      g_assert_true (rasid_store_cluster_report (f->store, id, a, item->content, &error));
      g_assert_no_error (error);
      if (i % 10 == 9 || i + 1 == f->set->len)
        g_assert_true (rasid_store_commit (f->store, &error));
      g_array_append_val (f->report_ids, id);
    }
}

static void
store_fixture_tear_down (StoreFixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_ptr_array_unref (f->set);
  g_array_unref (f->report_ids);
  rasid_test_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
index_of (StoreFixture *f, const char *cluster, const char *outlet, guint nth)
{
  for (guint i = 0; i < f->set->len; i++)
    {
      Labelled *l = f->set->pdata[i];
      if (g_str_equal (l->cluster, cluster) && g_str_equal (l->outlet, outlet) && nth-- == 0)
        return i;
    }
  g_assert_not_reached ();
}

static RasidStory *
story_of (StoreFixture *f, const char *cluster, const char *outlet)
{
  g_autoptr(GError) error = NULL;
  gint64 report = g_array_index (f->report_ids, gint64, index_of (f, cluster, outlet, 0));
  gint64 id = rasid_store_get_story_of_report (f->store, report, &error);
  RasidStory *story;

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  story = rasid_store_load_story (f->store, id, &error);
  g_assert_no_error (error);
  return story;
}

static const RasidStoryReportRow *
row_of (RasidStory *story, const char *source, guint nth)
{
  for (guint i = 0; i < story->reports->len; i++)
    {
      RasidStoryReportRow *row = story->reports->pdata[i];
      if (g_str_equal (row->source, source) && nth-- == 0)
        return row;
    }
  return NULL;
}

/* What a story knows: first report, outlets, citations, updates, figures. */
static void
test_store_summary (StoreFixture *f, gconstpointer data)
{
  g_autoptr(RasidStory) ariha = story_of (f, "t-ariha-am", "smart");
  g_autoptr(RasidStory) azaz = story_of (f, "t-azaz", "smart");
  g_autofree char *range = NULL;

  /* First told by SMART's ticker at 09:52; the local network only cites the
   * Observatory; the Observatory's "toll rises" is an update. */
  g_assert_cmpstr (ariha->first_source, ==, "smart");
  g_assert_cmpstr (row_of (ariha, "smart", 0)->role, ==, "first");
  g_assert_cmpstr (row_of (ariha, "baab", 0)->role, ==, "citation");
  g_assert_cmpstr (row_of (ariha, "baab", 0)->cited_source, ==, "المرصد السوري");
  g_assert_cmpstr (row_of (ariha, "sohr", 1)->role, ==, "update");
  g_assert_true (row_of (ariha, "sohr", 1)->changed_story);
  g_assert_cmpuint (ariha->n_outlets, ==, 4);
  g_assert_cmpuint (ariha->n_citations, ==, 1);
  g_assert_cmpuint (ariha->n_reports, ==, 6);
  g_assert_cmpstr (ariha->event, ==, "airstrike");
  /* Each outlet's latest figure: SMART 3, the Observatory 5 (revised), Enab 3, North Press 4. */
  g_assert_cmpint (ariha->killed_min, ==, 3);
  g_assert_cmpint (ariha->killed_max, ==, 5);
  g_assert_true (g_ptr_array_find_with_equal_func (ariha->places, "city-ariha", g_str_equal, NULL));
  g_assert_nonnull (row_of (ariha, "smart", 0)->guid);
  g_assert_nonnull (row_of (ariha, "smart", 0)->link);

  /* SMART revised 4 to 7; the Observatory and North Press say 5, Enab 7. */
  g_assert_cmpint (azaz->killed_min, ==, 5);
  g_assert_cmpint (azaz->killed_max, ==, 7);
  g_assert_cmpstr (row_of (azaz, "smart", 1)->role, ==, "update");
  range = rasid_story_format_range (azaz->killed_min, azaz->killed_max, TRUE);
  g_assert_cmpstr (range, ==, "5–7 killed depending on the source");
}

/* Clustering again from the stored readings gives the same stories. */
static void
test_store_rebuild (StoreFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *before = g_new0 (gint64, f->set->len);
  g_autofree gint64 *after = g_new0 (gint64, f->set->len);
  double p_before, r_before, p_after, r_after;
  guint n = 0;

  for (guint i = 0; i < f->set->len; i++)
    before[i] = rasid_store_get_story_of_report (f->store, g_array_index (f->report_ids, gint64, i), &error);
  g_assert_true (rasid_store_rebuild_stories (f->store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 30);
  for (guint i = 0; i < f->set->len; i++)
    {
      after[i] = rasid_store_get_story_of_report (f->store, g_array_index (f->report_ids, gint64, i), &error);
      g_assert_cmpint (after[i], >, 0);
    }
  pairwise (f->set, before, NULL, &p_before, &r_before);
  pairwise (f->set, after, NULL, &p_after, &r_after);
  g_assert_cmpfloat (p_before, >=, 0.95);
  g_assert_cmpfloat (ABS (p_before - p_after), <, 0.02);
  g_assert_cmpfloat (ABS (r_before - r_after), <, 0.02);
}

/* Stories for a filter: those with a report that matches it. */
static void
test_store_query (StoreFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  g_autoptr(GArray) all = rasid_store_query_stories (f->store, NULL, &error);
  g_autoptr(GArray) here = NULL;
  g_autoptr(RasidStory) azaz = story_of (f, "t-azaz", "smart");
  gint64 last = G_MAXINT64;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 30);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(RasidStory) s = rasid_store_load_story (f->store, g_array_index (all, gint64, i), &error);
      g_assert_no_error (error);
      g_assert_cmpint (s->last_time, <=, last);
      last = s->last_time;
    }
  filter->place_id = g_strdup ("city-azaz");
  here = rasid_store_query_stories (f->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (here->len, ==, 1);
  g_assert_cmpint (g_array_index (here, gint64, 0), ==, azaz->id);

  /* A report pruned away leaves its story; the last one takes the story with it. */
  g_assert_cmpint (rasid_store_prune (f->store, G_MAXINT64 - 1, &error), >, 0);
  g_clear_pointer (&here, g_array_unref);
  here = rasid_store_query_stories (f->store, NULL, &error);
  g_assert_cmpuint (here->len, ==, 0);
}

/* Threshold and order apply to every matching story, in SQL, so the first
 * few of a long list are the right few; each order is checked against the
 * stories themselves. */
static void
test_store_query_order (StoreFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = rasid_store_query_stories (f->store, NULL, &error);
  guint max_outlets = 0, n_confirmed = 0;
  RasidStoryOrder order;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(RasidStory) s = rasid_store_load_story (f->store, g_array_index (all, gint64, i), &error);
      g_assert_no_error (error);
      max_outlets = MAX (max_outlets, s->n_outlets);
      n_confirmed += s->n_outlets >= 2;
    }
  /* The labelled set has corroborated stories and single-outlet ones. */
  g_assert_cmpuint (max_outlets, >=, 3);
  g_assert_cmpuint (n_confirmed, >, 0);
  g_assert_cmpuint (n_confirmed, <, all->len);

  for (order = RASID_STORY_ORDER_NEWEST; order <= RASID_STORY_ORDER_FIRST_REPORT; order++)
    {
      g_autoptr(GArray) ids = rasid_store_query_stories_full (f->store, NULL, 2, order, &error);
      g_autoptr(RasidStory) prev = NULL;
      RasidStoryOrder back;

      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, n_confirmed);
      g_assert_true (rasid_story_order_from_string (rasid_story_order_to_string (order), &back));
      g_assert_cmpint (back, ==, order);
      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(RasidStory) s = rasid_store_load_story (f->store, g_array_index (ids, gint64, i), &error);

          g_assert_no_error (error);
          g_assert_cmpuint (s->n_outlets, >=, 2);
          if (prev != NULL && order == RASID_STORY_ORDER_NEWEST)
            g_assert_cmpint (prev->last_time, >=, s->last_time);
          else if (prev != NULL && order == RASID_STORY_ORDER_CORROBORATION)
            g_assert_cmpuint (prev->n_outlets, >=, s->n_outlets);
          else if (prev != NULL)
            g_assert_cmpint (prev->first_time, <=, s->first_time);
          g_clear_pointer (&prev, rasid_story_free);
          prev = g_steal_pointer (&s);
        }
    }
  {
    /* Most outlets first: the very first has the most of all. */
    g_autoptr(GArray) ids = rasid_store_query_stories_full (f->store, NULL, 0, RASID_STORY_ORDER_CORROBORATION, &error);
    g_autoptr(RasidStory) top = rasid_store_load_story (f->store, g_array_index (ids, gint64, 0), &error);
    g_autoptr(GArray) none = rasid_store_query_stories_full (f->store, NULL, max_outlets + 1, RASID_STORY_ORDER_NEWEST, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, all->len);
    g_assert_cmpuint (top->n_outlets, ==, max_outlets);
    g_assert_cmpuint (none->len, ==, 0);
  }
  g_assert_false (rasid_story_order_from_string ("loudest", &order));
}

/* The event table: ACLED's columns in ACLED's order, fatalities the lowest
 * figure, the range in the notes. */
static void
test_store_events (StoreFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStory) azaz = story_of (f, "t-azaz", "smart");
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  char **header, **row;
  const char *expected[] = { "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "interaction", "civilian_targeting", "iso", "region", "country",
    "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp" };

  g_assert_true (rasid_story_events_write_csv (f->store, &azaz->id, 1, rasid_analyzer_get_gazetteer (analyzer ()),
                                               rasid_analyzer_get_actors (analyzer ()), csv, &error));
  g_assert_no_error (error);
  rows = rasid_csv_parse (csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  header = rows->pdata[0];
  row = rows->pdata[1];
  g_assert_cmpuint (g_strv_length (header), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (g_strv_length (row), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (header[i], ==, expected[i]);
  g_assert_cmpstr (row[0], ==, "2024-03-05");
  g_assert_cmpstr (row[3], ==, "Explosions/Remote violence");
  g_assert_cmpstr (row[4], ==, "Remote explosive/landmine/IED");
  g_assert_cmpstr (row[13], ==, "Syria");
  g_assert_cmpstr (row[14], ==, "Aleppo");
  g_assert_cmpstr (row[17], ==, "Azaz");
  g_assert_cmpstr (row[20], ==, "1");
  g_assert_cmpstr (row[24], ==, "5");
  g_assert_nonnull (strstr (row[23], "Fatalities 5-7 depending on the source"));
  g_assert_nonnull (strstr (row[25], "fatalities disputed"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stories/quality", test_quality);
  g_test_add_func ("/stories/traps", test_traps);
  g_test_add ("/stories/store/summary", StoreFixture, NULL, store_fixture_set_up, test_store_summary, store_fixture_tear_down);
  g_test_add ("/stories/store/rebuild", StoreFixture, NULL, store_fixture_set_up, test_store_rebuild, store_fixture_tear_down);
  g_test_add ("/stories/store/query", StoreFixture, NULL, store_fixture_set_up, test_store_query, store_fixture_tear_down);
  g_test_add ("/stories/store/query-order", StoreFixture, NULL, store_fixture_set_up, test_store_query_order, store_fixture_tear_down);
  g_test_add ("/stories/store/events", StoreFixture, NULL, store_fixture_set_up, test_store_events, store_fixture_tear_down);
  return g_test_run ();
}
