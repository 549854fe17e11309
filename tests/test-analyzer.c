/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-analyzer.c: readings of the seed's ticker items and of the traps
 * real Syrian reports set. The labelled corpus lives in corpus tests. */
#include "rasid-analyzer.h"
#include "rasid-test-util.h"

#include <string.h>

static RasidAnalyzer *shared;

static RasidAnalysis *
analyze (const char *text)
{
  return rasid_analyzer_analyze (shared, text, NULL);
}

static gboolean
has_place (RasidAnalysis *a, const char *admin1)
{
  for (guint i = 0; i < a->places->len; i++)
    {
      RasidPlaceMatch *m = g_ptr_array_index (a->places, i);
      if (g_strcmp0 (m->place->admin[0], admin1) == 0 || g_strcmp0 (m->place->id, admin1) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
qualifier_of (RasidAnalysis *a, const char *id)
{
  for (guint i = 0; i < a->places->len; i++)
    {
      RasidPlaceMatch *m = g_ptr_array_index (a->places, i);
      if (g_strcmp0 (m->place->admin[0], id) == 0 || g_strcmp0 (m->place->id, id) == 0)
        return m->qualifier;
    }
  return NULL;
}

static gboolean
has_actor (RasidAnalysis *a, const char *id)
{
  for (guint i = 0; i < a->actors->len; i++)
    if (g_str_equal (((RasidActor *) g_ptr_array_index (a->actors, i))->id, id))
      return TRUE;
  return FALSE;
}

static gboolean
has_event (RasidAnalysis *a, const char *id)
{
  for (guint i = 0; i < a->events->len; i++)
    if (g_str_equal (g_ptr_array_index (a->events, i), id))
      return TRUE;
  return FALSE;
}

static void
test_seed_jisr (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("مقتل طفل وجرح سبعة مدنيين بإنفجار مجهول السبب وسط مدينة جسرالشغور غرب إدلب (مصادر محلية) - 11:22");

  g_assert_cmpstr (a->attribution, ==, "مصادر محلية");
  g_assert_cmpstr (a->clock, ==, "11:22");
  g_assert_cmpstr (a->headline, ==, "مقتل طفل وجرح سبعة مدنيين بإنفجار مجهول السبب وسط مدينة جسرالشغور غرب إدلب");
  g_assert_true (has_place (a, "SY07"));
  g_assert_true (has_event (a, "killing"));
  g_assert_true (has_event (a, "injury"));
  g_assert_true (has_event (a, "explosion"));
  g_assert_cmpint (a->killed, ==, 1);
  g_assert_cmpint (a->injured, ==, 7);
}

static void
test_seed_deir (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("مقتل قائد عسكري تابع لـ \"قسد \"على يد مجهولين شرق ديرالزور(مصدر عسكري) - 11:20");

  g_assert_cmpstr (a->attribution, ==, "مصدر عسكري");
  g_assert_cmpstr (a->clock, ==, "11:20");
  g_assert_true (has_place (a, "SY09"));
  g_assert_cmpstr (qualifier_of (a, "SY09"), ==, "east");
  g_assert_true (has_actor (a, "sdf"));
}

static void
test_seed_nlf_russia (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("\"الجبهة الوطنية للتحرير\" تسقط طائرة استطلاع يرجح أنها روسية فوق بلدة معربليت جنوب إدلب (مصدر عسكرية) - 11:52");

  g_assert_true (has_actor (a, "nlf"));
  g_assert_true (has_actor (a, "russia"));
  g_assert_true (has_place (a, "SY07"));
  g_assert_cmpstr (a->attribution, ==, "مصدر عسكرية");
}

static void
test_seed_no_attribution (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("هيئة الصحة التابعة لــ\"قسد\" تسجل حالتي وفاة جديدتين بفيروس\" كورونا\" في شمال شرقي سوريا ليرتفع العدد إلى 12 وفاة - 09:33");

  g_assert_null (a->attribution);
  g_assert_cmpstr (a->clock, ==, "09:33");
  g_assert_true (has_actor (a, "sdf"));
  g_assert_true (has_event (a, "disease-outbreak"));
}

static void
test_fsa_is_not_the_army (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("مقتل مقاتلين سابقين في \"الجيش الحر\" برصاص مجهولين في درعا البلد (مصادر محلية) - 21:20");
  g_autoptr(RasidAnalysis) b = analyze ("لواء المعتصم التابع للجيش السوري الحر");

  g_assert_true (has_actor (a, "fsa"));
  g_assert_false (has_actor (a, "syrian-government"));
  g_assert_true (has_place (a, "SY12"));
  g_assert_cmpint (a->killed, ==, 2);
  g_assert_true (has_actor (b, "fsa"));
  g_assert_true (has_actor (b, "liwa-al-mutasim"));
  g_assert_false (has_actor (b, "syrian-government"));
}

static void
test_rif_dimashq_vs_rif_halab (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("قصف مدفعي على ريف دمشق");
  g_autoptr(RasidAnalysis) b = analyze ("قصف مدفعي على ريف حلب الشمالي");

  g_assert_true (has_place (a, "SY03"));
  g_assert_false (has_place (a, "SY01"));
  g_assert_true (has_place (b, "SY02"));
  g_assert_cmpstr (qualifier_of (b, "SY02"), ==, "countryside-north");
}

static void
test_false_friends (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("خرجت المظاهرات السلمية في عدة مدن");
  g_autoptr(RasidAnalysis) b = analyze ("عزف النشيد حماة الديار في الحفل");
  g_autoptr(RasidAnalysis) c = analyze ("قصف على مدينة السلمية شرق حماة");

  g_assert_cmpuint (a->places->len, ==, 0);
  g_assert_false (has_place (b, "SY05"));
  g_assert_true (has_place (c, "SY05"));
}

static void
test_normalised_spellings (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("غارات على ادلب وحماه");

  g_assert_true (has_place (a, "SY07"));
  g_assert_true (has_place (a, "SY05"));
}

static void
test_arabic_indic_clock (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("اشتباكات في الرقة (ناشطون) - ٠٩:٠٥");

  g_assert_cmpstr (a->clock, ==, "09:05");
  g_assert_cmpstr (a->attribution, ==, "ناشطون");
}

static void
test_dateline (void)
{
  g_autoptr(RasidAnalysis) a = rasid_analyzer_analyze (shared, "عنوان", "سمارت - حلب\n\nقال الناطق …");

  g_assert_cmpstr (a->dateline_agency, ==, "سمارت");
  g_assert_cmpstr (a->dateline_place, ==, "حلب");
}

static void
test_json (void)
{
  g_autoptr(RasidAnalysis) a = analyze ("\"قسد\" تعتقل عشرات الشبان من بلدة المنصور غرب مدينة الرقة (مصدر عسكري من \"قسد\") - 21:21");
  g_autofree char *json = rasid_analysis_to_json (a, "x");

  g_assert_true (g_str_has_prefix (json, "{\"text\":\"x\",\"places\":["));
  g_assert_nonnull (strstr (json, "\"admin1\":\"SY11\""));
  g_assert_nonnull (strstr (json, "\"time\":\"21:21\""));
  g_assert_nonnull (strstr (json, "\"source\":\"مصدر عسكري من"));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  shared = rasid_analyzer_new_default (&error);
  g_assert_no_error (error);
  g_test_add_func ("/analyzer/seed/jisr-ash-shughur", test_seed_jisr);
  g_test_add_func ("/analyzer/seed/deir-ez-zor", test_seed_deir);
  g_test_add_func ("/analyzer/seed/nlf-russia", test_seed_nlf_russia);
  g_test_add_func ("/analyzer/seed/no-attribution", test_seed_no_attribution);
  g_test_add_func ("/analyzer/fsa-not-army", test_fsa_is_not_the_army);
  g_test_add_func ("/analyzer/rif-dimashq", test_rif_dimashq_vs_rif_halab);
  g_test_add_func ("/analyzer/false-friends", test_false_friends);
  g_test_add_func ("/analyzer/spellings", test_normalised_spellings);
  g_test_add_func ("/analyzer/arabic-indic-clock", test_arabic_indic_clock);
  g_test_add_func ("/analyzer/dateline", test_dateline);
  g_test_add_func ("/analyzer/json", test_json);
  ret = g_test_run ();
  g_clear_object (&shared);
  return ret;
}
