/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-common.h: synthetic but realistic report text for the benchmarks,
 * and what those on a cache share: options, the cache, medians. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "rasid-store.h"

static const char *bench_towns[][2] = {
  { "سراقب", "إدلب" }, { "معرة النعمان", "إدلب" }, { "منبج", "حلب" }, { "الباب", "حلب" },
  { "دوما", "ريف دمشق" }, { "داريا", "ريف دمشق" }, { "تلبيسة", "حمص" }, { "اللطامنة", "حماة" },
  { "جبلة", "اللاذقية" }, { "القامشلي", "الحسكة" }, { "الميادين", "دير الزور" }, { "بانياس", "طرطوس" },
  { "الطبقة", "الرقة" }, { "نوى", "درعا" }, { "شهبا", "السويداء" }, { "خان أرنبة", "القنيطرة" },
};

static const char *bench_dirs[] = { "شمال", "جنوب", "شرق", "غرب" };

/* The @i-th synthetic headline and body, deterministic. */
static inline void
bench_report (guint i, char **title, char **body)
{
  guint t = (i * 7) % G_N_ELEMENTS (bench_towns);
  const char *town = bench_towns[t][0], *gov = bench_towns[t][1], *dir = bench_dirs[i % 4];
  g_autofree char *head = NULL;

  switch (i % 8)
    {
    case 0: head = g_strdup_printf ("مقتل %u مدنيين بقصف مدفعي لقوات النظام على بلدة %s %s %s", 1 + i % 9, town, dir, gov); break;
    case 1: head = g_strdup_printf ("اشتباكات بين قسد وتنظيم الدولة في ريف %s الشرقي قرب %s", gov, town); break;
    case 2: head = g_strdup_printf ("غارات روسية على أطراف مدينة %s %s %s وأنباء عن جرحى", town, dir, gov); break;
    case 3: head = g_strdup_printf ("الجيش الوطني السوري يعتقل %u شبان في مدينة %s", 2 + i % 20, town); break;
    case 4: head = g_strdup_printf ("انفجار عبوة ناسفة وسط مدينة %s %s %s يوقع %u جرحى", town, dir, gov, 1 + i % 12); break;
    case 5: head = g_strdup_printf ("هيئة تحرير الشام تشن حملة مداهمات في بلدة %s %s %s", town, dir, gov); break;
    case 6: head = g_strdup_printf ("مظاهرة في %s تطالب بالإفراج عن المعتقلين لدى الأجهزة الأمنية", town); break;
    default: head = g_strdup_printf ("طائرة مسيرة تركية تستهدف سيارة قرب %s شمال %s", town, gov); break;
    }
  *title = g_strdup_printf ("%s رقم %u (مصادر محلية) - %02u:%02u", head, i, (i / 60) % 24, i % 60);
  *body = g_strdup_printf ("سمارت - %s\n\n%s، بحسب ما أفاد مراسلون محليون. وأضافت المصادر أن التوتر "
                           "ما زال قائما في المنطقة وسط انتشار أمني كثيف.", gov, head);
}

static inline glong
bench_peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* The gazetteer's towns and cities (their Arabic names), where the story
 * benchmarks set their events. */
static inline GPtrArray *
bench_towns_from_gazetteer (RasidAnalyzer *analyzer)
{
  GPtrArray *places = rasid_gazetteer_get_places (rasid_analyzer_get_gazetteer (analyzer));
  GPtrArray *towns = g_ptr_array_new ();

  for (guint i = 0; i < places->len; i++)
    {
      const RasidPlace *p = g_ptr_array_index (places, i);
      if (p->level == RASID_PLACE_TOWN || p->level == RASID_PLACE_CITY)
        g_ptr_array_add (towns, p->name_ar);
    }
  return towns;
}

/* A story benchmark's headline from its template: templates name the count
 * before or after the town, or not at all. */
static inline char *
bench_story_title (const char *form, const char *town, guint count)
{
  char *title;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  if (strstr (form, "%u") == NULL)
    title = g_strdup_printf (form, town);
  else if (strstr (form, "%u") < strstr (form, "%s"))
    title = g_strdup_printf (form, count, town);
  else
    title = g_strdup_printf (form, town, count);
#pragma GCC diagnostic pop
  return title;
}

static inline int
bench_compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The median of @n figures (sorts them). */
static inline double
bench_median (double *ms, guint n)
{
  qsort (ms, n, sizeof (double), bench_compare_doubles);
  return ms[n / 2];
}

/* What a benchmark on a cache is given: --reports, --rounds and --db (or
 * the cache it makes in @tmp without it). */
typedef struct {
  int   reports;
  int   rounds;
  char *db;
  char *tmp;
} BenchCacheOptions;

static inline void
bench_cache_options_clear (BenchCacheOptions *o)
{
  g_clear_pointer (&o->db, g_free);
  g_clear_pointer (&o->tmp, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchCacheOptions, bench_cache_options_clear)

/* FALSE, said on stderr, when the options are wrong or give fewer reports
 * than @min_reports. */
static inline gboolean
bench_parse_cache_options (int *argc, char ***argv, const char *summary, int min_reports, BenchCacheOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new (summary);
  GOptionEntry entries[] = {
    { "reports", 'n', 0, G_OPTION_ARG_INT, &o->reports, "Reports in the cache (default 100000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o->db, "Use (or build) the cache at PATH", "PATH" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &o->rounds, "Runs per figure; the median is printed (default 5)", "R" },
    { NULL }
  };

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, argc, argv, &error) || o->reports < min_reports || o->rounds < 1)
    {
      g_printerr ("%s\n", error ? error->message : "bad arguments");
      return FALSE;
    }
  return TRUE;
}

/* Opens the cache at --db, built by @build with --reports reports when the
 * file is not there; without --db, in a new temporary folder named from
 * @tmp_template, for bench_remove_cache (). */
static inline RasidStore *
bench_open_cache (BenchCacheOptions *o, const char *tmp_template, void (*build) (const char *path, int n))
{
  g_autoptr(GError) error = NULL;
  RasidStore *store;

  if (o->db == NULL)
    {
      o->tmp = g_dir_make_tmp (tmp_template, &error);
      g_assert_no_error (error);
      o->db = g_build_filename (o->tmp, "rasid.db", NULL);
    }
  if (!g_file_test (o->db, G_FILE_TEST_EXISTS))
    build (o->db, o->reports);
  store = rasid_store_open (o->db, &error);
  g_assert_no_error (error);
  return store;
}

/* Removes a cache's file and its -wal and -shm. */
static inline void
bench_unlink_cache (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* Closes the cache that bench_open_cache () made, and removes it; one
 * given with --db stays. */
static inline void
bench_remove_cache (RasidStore **store, const BenchCacheOptions *o)
{
  if (o->tmp == NULL)
    return;
  g_clear_object (store);
  bench_unlink_cache (o->db);
  g_rmdir (o->tmp);
}
