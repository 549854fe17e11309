/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-common.h: synthetic but realistic report text for the benchmarks. */
#pragma once

#include <glib.h>
#include <sys/resource.h>

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
