/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-normalize.c: the one Arabic normaliser. */
#include "rasid-normalize.h"

static void
check (const char *in, const char *expected)
{
  g_autofree char *out = rasid_normalize (in);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_hamza_and_alef (void)
{
  check ("إدلب", "ادلب");
  check ("أريحا", "اريحا");
  check ("آذار", "اذار");
  check ("ٱلله", "الله");
  check ("مؤتمر", "موتمر");
  check ("رئيس", "رييس");
}

static void
test_ta_marbuta_and_maqsura (void)
{
  check ("حماة", "حماه");
  check ("حماه", "حماه");
  check ("مستشفى", "مستشفي");
}

static void
test_marks (void)
{
  check ("مُقَاتِلٌ", "مقاتل");
  check ("مقتـــل", "مقتل");
  check ("قسد\u200f\u200b", "قسد");
  check ("\xef\xbb\xbfحلب", "حلب");
}

static void
test_digits_and_quotes (void)
{
  check ("٣ قتلى", "3 قتلي");
  check ("۱۲:۰۵", "12:05");
  check ("«قسد»", "\"قسد\"");
  check ("“الحر”", "\"الحر\"");
  check ("  درعا   البلد \n", "درعا البلد");
  check ("Aleppo", "aleppo");
}

static void
test_presentation_forms (void)
{
  /* ﻻ (lam-alef ligature) and isolated forms fold to letters. */
  check ("\xef\xbb\xbb", "لا");
}

static void
test_tokenize (void)
{
  g_autofree char *norm = rasid_normalize ("مقتل طفل وسط مدينة جسرالشغور (مصادر محلية) - 11:22");
  g_auto(GStrv) words = rasid_tokenize (norm);

  g_assert_cmpuint (g_strv_length (words), ==, 9);
  g_assert_cmpstr (words[4], ==, "جسرالشغور");
  g_assert_cmpstr (words[7], ==, "11");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/normalize/hamza-alef", test_hamza_and_alef);
  g_test_add_func ("/normalize/ta-marbuta", test_ta_marbuta_and_maqsura);
  g_test_add_func ("/normalize/marks", test_marks);
  g_test_add_func ("/normalize/digits-quotes", test_digits_and_quotes);
  g_test_add_func ("/normalize/presentation-forms", test_presentation_forms);
  g_test_add_func ("/normalize/tokenize", test_tokenize);
  return g_test_run ();
}
