/* test-gazetteer.c: the gazetteer in OCHA/HDX CSV form, imported through
 * rasid-cli import-places, and how much of the reference tables in
 * shared/reference the shipped gazetteer alone recognises. */
#include "rasid-analyzer.h"
#include "rasid-gazetteer.h"
#include "rasid-lexicon.h"
#include "rasid-csv.h"
#include "rasid-test-util.h"

#include <string.h>

static void
test_csv_forms (void)
{
  /* The COD-AB column names, and the plain ones, with quoting. */
  const char *cod =
    "ADM2_EN,ADM2_AR,ADM2_PCODE,ADM1_EN,ADM1_PCODE\r\n"
    "\"Jisr-Ash-Shugur\",جسر الشغور,SY0703,Idleb,SY07\r\n"
    "\"Harim, the district\",حارم,SY0702,Idleb,SY07\r\n"
    ",,,,\r\n";
  const char *plain =
    "\xEF\xBB\xBFpcode,name_en,name_ar,aliases_ar,adm1_pcode,lat,lon\n"
    "C4242,Test Village,قرية الاختبار,\"قريه الاختبار | الاختبار الشرقية\",SY07,35.8,36.3\n";
  guint n, skipped;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = rasid_gazetteer_csv_to_tsv (cod, strlen (cod), &n, &skipped, &error);
  g_autofree char *b = NULL;
  g_autoptr(RasidGazetteer) gaz = rasid_gazetteer_new ();
  const RasidPlace *p;

  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_true (g_str_has_prefix (a, "SY0703\tdistrict\tSY07\tجسر الشغور\tJisr-Ash-Shugur\t"));
  b = rasid_gazetteer_csv_to_tsv (plain, strlen (plain), &n, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (rasid_gazetteer_load_tsv (gaz, a, strlen (a), &error));
  g_assert_true (rasid_gazetteer_load_tsv (gaz, b, strlen (b), &error));
  rasid_gazetteer_finish (gaz);
  p = rasid_gazetteer_lookup (gaz, "C4242");
  g_assert_nonnull (p);
  g_assert_cmpint (p->level, ==, RASID_PLACE_TOWN);
  g_assert_cmpstr (p->parent, ==, "SY07");
  g_assert_cmpstr (p->aliases_ar[1], ==, "الاختبار الشرقية");
  g_assert_cmpfloat_with_epsilon (p->lat, 35.8, 1e-9);
  g_assert_cmpstr (rasid_gazetteer_lookup (gaz, "SY0702")->name_en, ==, "Harim, the district");

  g_clear_error (&error);
  g_assert_null (rasid_gazetteer_csv_to_tsv ("a,b\n1,2\n", 8, &n, &skipped, &error));
  g_assert_nonnull (error);
}

static char *
reference_dir (void)
{
  return g_build_filename (SOURCE_ROOT, "..", "shared", "reference", "gazetteer", NULL);
}

static const char *tables[] = {
  "syria_admin1_governorates.csv", "syria_admin2_districts.csv", "syria_admin3_subdistricts.csv",
};

/* rasid-cli import-places takes each reference table; the merged gazetteer
 * then knows every P-code with a complete parent chain. */
static void
test_import_reference (void)
{
  g_autofree char *dir = reference_dir ();
  g_autofree char *home = rasid_test_tmpdir ();
  g_autofree char *old_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autoptr(RasidGazetteer) merged = NULL;
  g_autoptr(GError) error = NULL;
  guint rows = 0;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("shared/reference/gazetteer is not beside the source tree");
      return;
    }
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *csv = g_build_filename (dir, tables[t], NULL);
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
      g_autoptr(GSubprocess) proc = NULL;

      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
      proc = g_subprocess_launcher_spawn (launcher, &error, RASID_CLI, "import-places", csv, NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
      g_assert_no_error (error);
    }

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  merged = rasid_gazetteer_new_default (&error);
  g_assert_no_error (error);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *csv = g_build_filename (dir, tables[t], NULL);
      g_autofree char *data = NULL;
      gsize len;
      g_autoptr(GPtrArray) table = NULL;

      g_file_get_contents (csv, &data, &len, NULL);
      table = rasid_csv_parse (data, len, &error);
      for (guint r = 1; r < table->len; r++)
        {
          char **row = g_ptr_array_index (table, r);
          const RasidPlace *p = rasid_gazetteer_lookup (merged, row[0]);
          g_assert_nonnull (p);
          g_assert_cmpuint (p->level, ==, t);
          g_assert_nonnull (p->admin[0]);
          g_assert_true (g_str_has_prefix (row[0], p->admin[0]));
          rows++;
        }
    }
  g_test_message ("imported %u reference places through rasid-cli import-places", rows);
  g_assert_cmpuint (rows, ==, 14 + 62 + 272);
  if (old_home)
    g_setenv ("XDG_DATA_HOME", old_home, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");
  rasid_test_rmdir (home);
}

/* Shipped gazetteer alone: is each reference name recognised in a sentence,
 * as the right P-code, or at least in the right governorate? */
static void
test_reference_coverage (void)
{
  g_autofree char *dir = reference_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidGazetteer) shipped = NULL;
  g_autofree char *home = rasid_test_tmpdir ();
  guint total_all = 0, gov_all = 0;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("shared/reference/gazetteer is not beside the source tree");
      return;
    }
  /* No user places: an empty data home. */
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  shipped = rasid_gazetteer_new_default (&error);
  g_assert_no_error (error);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *csv = g_build_filename (dir, tables[t], NULL);
      g_autofree char *data = NULL;
      gsize len;
      g_autoptr(GPtrArray) table = NULL;
      guint total = 0, exact = 0, same_gov = 0;

      g_file_get_contents (csv, &data, &len, NULL);
      table = rasid_csv_parse (data, len, &error);
      g_assert_no_error (error);
      for (guint r = 1; r < table->len; r++)
        {
          char **row = g_ptr_array_index (table, r);
          const char *pcode = row[0], *name = row[3];
          g_autofree char *sentence = g_strdup_printf ("قصف مدفعي على %s", name);
          g_autoptr(GPtrArray) tokens = rasid_tokens_from_text (sentence);
          g_autoptr(GPtrArray) found = rasid_gazetteer_match (shipped, tokens);
          gboolean hit = FALSE, gov = FALSE;

          for (guint i = 0; i < found->len; i++)
            {
              const RasidPlace *p = ((RasidPlaceMatch *) g_ptr_array_index (found, i))->place;
              hit |= g_str_equal (p->id, pcode);
              gov |= p->admin[0] && strncmp (p->admin[0], pcode, 4) == 0;
            }
          total++;
          exact += hit;
          same_gov += gov || hit;
        }
      g_test_message ("%s: %u names, %u recognised as the same P-code (%.1f%%), %u in the right governorate (%.1f%%)",
                      tables[t], total, exact, 100.0 * exact / total, same_gov, 100.0 * same_gov / total);
      g_print ("# coverage %s: exact %.1f%%, governorate %.1f%% of %u\n", tables[t],
               100.0 * exact / total, 100.0 * same_gov / total, total);
      total_all += total;
      gov_all += same_gov;
      if (t == 0)
        g_assert_cmpuint (exact, ==, total);
    }
  /* The floor: nine in ten reference names land in the right governorate. */
  g_assert_cmpfloat (100.0 * gov_all / total_all, >=, 90.0);
  rasid_test_rmdir (home);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gazetteer/csv-forms", test_csv_forms);
  g_test_add_func ("/gazetteer/import-reference", test_import_reference);
  g_test_add_func ("/gazetteer/reference-coverage", test_reference_coverage);
  return g_test_run ();
}
