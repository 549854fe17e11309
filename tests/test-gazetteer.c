/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gazetteer.c: the gazetteer in OCHA/HDX CSV form, imported through
 * rasid-cli import-places, and how much of the reference tables in
 * shared/reference the shipped gazetteer alone recognises. */
#include "rasid-analyzer.h"
#include "rasid-gazetteer.h"
#include "rasid-lexicon.h"
#include "rasid-csv.h"
#include "rasid-actors.h"
#include "rasid-store.h"
#include "rasid-test-util.h"

#include <sqlite3.h>
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

/* The rows of reference table @t (its header first). */
static GPtrArray *
read_table (const char *dir, guint t)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (dir, tables[t], NULL);
  g_autofree char *data = NULL;
  gsize len;
  GPtrArray *table;

  g_assert_true (g_file_get_contents (csv, &data, &len, NULL));
  table = rasid_csv_parse (data, len, &error);
  g_assert_no_error (error);
  return table;
}

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
      g_autoptr(GPtrArray) table = read_table (dir, t);

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
      g_autoptr(GPtrArray) table = read_table (dir, t);
      guint total = 0, exact = 0, same_gov = 0;

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

/* The place named @name_ar nearest above @p (itself excluded), or NULL. */
static const RasidPlace *
same_name_above (RasidGazetteer *gaz, const RasidPlace *p)
{
  const RasidPlace *q = p->parent ? rasid_gazetteer_lookup (gaz, p->parent) : NULL;

  for (guint depth = 0; q && depth < 12; depth++)
    {
      if (g_str_equal (q->name_ar, p->name_ar))
        return q;
      q = q->parent ? rasid_gazetteer_lookup (gaz, q->parent) : NULL;
    }
  return NULL;
}

static gboolean
mentions (RasidGazetteer *gaz, const char *text, const char *id)
{
  g_autoptr(GPtrArray) tokens = rasid_tokens_from_text (text);
  g_autoptr(GPtrArray) found = rasid_gazetteer_match (gaz, tokens);

  /* The place or one inside it: a bare town name means the town first. */
  for (guint i = 0; i < found->len; i++)
    {
      const RasidPlace *p = ((RasidPlaceMatch *) g_ptr_array_index (found, i))->place;
      if (g_str_equal (p->id, id) || g_strcmp0 (p->admin[0], id) == 0 || g_strcmp0 (p->admin[1], id) == 0 ||
          g_strcmp0 (p->admin[2], id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "Idleb" beside "Idlib", "Al Ma'ra" beside "Maarat al-Numan" on one
 * screen: a town and the units named after it share one English name, in
 * the shipped table as written, in the loaded gazetteer, and in the
 * database's copy that exports and the report list read. */
static void
test_one_english_name (void)
{
  g_autofree char *path = g_build_filename (SOURCE_ROOT, "data", "gazetteer", "places.tsv", NULL);
  g_autofree char *data = NULL;
  g_autofree char *home = rasid_test_tmpdir ();
  g_autofree char *db = g_build_filename (home, "cache.db", NULL);
  g_autoptr(RasidGazetteer) raw = rasid_gazetteer_new ();
  g_autoptr(RasidGazetteer) shipped = NULL;
  g_autoptr(RasidActors) actors = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  GPtrArray *places;
  gsize len;
  guint shared = 0, mirrored = 0;
  static const struct { const char *ids[4]; const char *name; } chosen[] = {
    { { "SY07", "SY0700", "SY070000", "city-idlib" }, "Idlib" },
    { { "SY0702", "SY070200", "city-maarat-al-numan", NULL }, "Maarat al-Numan" },
    { { "SY0704", "SY070400", "city-jisr-ash-shughur", NULL }, "Jisr ash-Shughur" },
  };

  /* The table as shipped, before any rule of the loader. */
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (rasid_gazetteer_load_tsv (raw, data, len, &error));
  g_assert_no_error (error);
  places = rasid_gazetteer_get_places (raw);
  for (guint i = 0; i < places->len; i++)
    {
      const RasidPlace *p = g_ptr_array_index (places, i);
      const RasidPlace *above = same_name_above (raw, p);
      if (above == NULL)
        continue;
      if (g_strcmp0 (above->name_en, p->name_en) != 0)
        g_error ("%s is “%s” but %s, the same place, is “%s”", p->id, p->name_en, above->id, above->name_en);
      shared++;
    }
  g_assert_cmpuint (shared, >, 150);

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  shipped = rasid_gazetteer_new_default (&error);
  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (chosen); c++)
    for (guint k = 0; k < 4 && chosen[c].ids[k]; k++)
      g_assert_cmpstr (rasid_gazetteer_lookup (shipped, chosen[c].ids[k])->name_en, ==, chosen[c].name);
  /* OCHA's spelling, kept as an alias, still finds the place. */
  g_assert_true (mentions (shipped, "Shelling on Idleb", "SY07"));
  g_assert_true (mentions (shipped, "Clashes in Jisr-Ash-Shugur", "SY0704"));

  /* The database's copy, which exports and the report list read. */
  store = rasid_store_open (db, &error);
  g_assert_no_error (error);
  actors = rasid_actors_new_default (&error);
  g_assert_no_error (error);
  places = rasid_gazetteer_get_places (shipped);
  g_assert_true (rasid_store_sync_lexicons (store, places, rasid_actors_get_all (actors), &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT id, name_en FROM places", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const RasidPlace *p = rasid_gazetteer_lookup (shipped, (const char *) sqlite3_column_text (stmt, 0));
      g_assert_nonnull (p);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, p->name_en);
      mirrored++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  g_assert_cmpuint (mirrored, ==, places->len);
  g_unsetenv ("XDG_DATA_HOME");
  rasid_test_rmdir (home);
}

/* A user's import that spells the governorate the OCHA way takes the city,
 * district and subdistrict of the same name along. */
static void
test_user_spelling_shared (void)
{
  g_autofree char *path = g_build_filename (SOURCE_ROOT, "data", "gazetteer", "places.tsv", NULL);
  g_autofree char *data = NULL;
  const char *user = "SY07\tgovernorate\t\tإدلب\tIdleb\tادلب\tIdlib\t35.93\t36.63\n";
  g_autoptr(RasidGazetteer) gaz = rasid_gazetteer_new ();
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (rasid_gazetteer_load_tsv (gaz, data, len, &error));
  g_assert_true (rasid_gazetteer_load_tsv (gaz, user, strlen (user), &error));
  g_assert_no_error (error);
  rasid_gazetteer_finish (gaz);
  g_assert_cmpstr (rasid_gazetteer_lookup (gaz, "SY07")->name_en, ==, "Idleb");
  g_assert_cmpstr (rasid_gazetteer_lookup (gaz, "SY0700")->name_en, ==, "Idleb");
  g_assert_cmpstr (rasid_gazetteer_lookup (gaz, "SY070000")->name_en, ==, "Idleb");
  g_assert_cmpstr (rasid_gazetteer_lookup (gaz, "city-idlib")->name_en, ==, "Idleb");
  /* Other places keep their own names. */
  g_assert_cmpstr (rasid_gazetteer_lookup (gaz, "town-saraqib")->name_en, ==, "Saraqib");
  g_assert_true (mentions (gaz, "Airstrikes on Idlib", "SY07"));
}

static RasidReportPlace *
report_place (const char *id, const char *admin1, const char *qualifier)
{
  RasidReportPlace *p = g_new0 (RasidReportPlace, 1);

  p->id = g_strdup (id);
  p->admin1 = g_strdup (admin1);
  p->qualifier = g_strdup (qualifier);
  return p;
}

static void
report_place_free (RasidReportPlace *p)
{
  g_free (p->id);
  g_free (p->admin1);
  g_free (p->qualifier);
  g_free (p);
}

/* The chips a report shows, given its places as triples (id, governorate,
 * qualifier or NULL) ended by a NULL id: @expected, the ids in order. */
static void
assert_shown (RasidGazetteer *gaz, const char *const *triples, const char *expected)
{
  g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func ((GDestroyNotify) report_place_free);
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; triples[i]; i += 3)
    g_ptr_array_add (places, report_place (triples[i], triples[i + 1], triples[i + 2]));
  shown = rasid_gazetteer_places_to_show (gaz, places);
  for (guint i = 0; i < shown->len; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "", ((RasidReportPlace *) g_ptr_array_index (shown, i))->id);
  g_assert_cmpstr (ids->str, ==, expected);
}

/* "سراقب، إدلب، إدلب": a chip never names a place a more precise one of
 * the same report already implies. */
static void
test_places_to_show (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = rasid_test_tmpdir ();
  g_autoptr(RasidGazetteer) gaz = NULL;

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  gaz = rasid_gazetteer_new_default (&error);
  g_assert_no_error (error);

  assert_shown (gaz, (const char *[]) { "town-saraqib", "SY07", NULL, "SY07", "SY07", NULL,
                                        "city-idlib", "SY07", NULL, "SY0700", "SY07", NULL, NULL },
                "town-saraqib city-idlib");
  g_assert_true (rasid_gazetteer_contains (gaz, "SY070000", "city-idlib"));
  g_assert_false (rasid_gazetteer_contains (gaz, "city-idlib", "SY070000"));
  g_assert_false (rasid_gazetteer_contains (gaz, "SY07", "SY07"));

  /* "معربليت جنوب إدلب": the qualified governorate is implied too. */
  assert_shown (gaz, (const char *[]) { "village-maarblit", "SY07", NULL, "SY07", "SY07", "south",
                                        "SY0702", "SY07", "south", NULL },
                "village-maarblit SY0702");

  /* A neighbourhood implies its city; places apart stay. */
  assert_shown (gaz, (const char *[]) { "city-damascus", "SY01", NULL, "nbhd-mazzeh-damascus", "SY01", NULL,
                                        "city-idlib", "SY07", NULL, NULL },
                "nbhd-mazzeh-damascus city-idlib");

  /* Without a gazetteer the governorate is still known. */
  assert_shown (NULL, (const char *[]) { "SY07", "SY07", NULL, "town-saraqib", "SY07", NULL,
                                         "SY0700", "SY07", NULL, NULL },
                "town-saraqib SY0700");
  g_unsetenv ("XDG_DATA_HOME");
  rasid_test_rmdir (home);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gazetteer/csv-forms", test_csv_forms);
  g_test_add_func ("/gazetteer/import-reference", test_import_reference);
  g_test_add_func ("/gazetteer/reference-coverage", test_reference_coverage);
  g_test_add_func ("/gazetteer/one-english-name", test_one_english_name);
  g_test_add_func ("/gazetteer/user-spelling-shared", test_user_spelling_shared);
  g_test_add_func ("/gazetteer/places-to-show", test_places_to_show);
  return g_test_run ();
}
