/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: every export format written by the real rasid-cli from a
 * real cache and read back by independent readers (check_export.py); the
 * library's cancellation, refusal to overwrite and threaded export. */
#include "rasid-export.h"
#include "rasid-analyzer.h"
#include "rasid-reanalyze.h"
#include "rasid-dates.h"
#include "rasid-test-util.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  const char *title;
  const char *body;
  const char *link;
  gboolean    exact;    /* store the title as is: the analyser would trim it */
} Crafted;

/* Hostile and awkward reports: formula injection in every spelling OWASP
 * lists, quotes, commas and line breaks, tashkeel, markup. */
static const Crafted crafted[] = {
  { "مقتل طفل بقصف على مدينة إدلب",
    "سمارت - إدلب\n\nقصفت قوات النظام المدينة، وقال ناشطون إن \"الطيران\" استهدف السوق, والمشفى.\nسطر ثانٍ.",
    "https://example.org/ar/1?a=1&b=2", FALSE },
  { "وَصَلَتْ قَافِلَةُ مُسَاعَدَاتٍ إِلَى مَدِينَةِ حَلَب",
    "تَحْمِلُ القافلة \"موادّ غذائيّة\"، وأدوية.\r\nسطرٌ بنهاية CRLF.",
    "https://example.org/ar/2", FALSE },
  { "=HYPERLINK(\"http://x\",\"انقر هنا\")", "=SUM(A1:A9)\n\nنص عادي بعد سطر خطر.", "https://example.org/ar/3", TRUE },
  { "+1 قتيل في درعا", "+963 رقم هاتف", "https://example.org/ar/4", TRUE },
  { "-2 جرحى في حمص", "- بند يبدأ بشرطة", "https://example.org/ar/5", TRUE },
  { "@SUM(1) تجربة", "@mention في النص", "https://example.org/ar/6", TRUE },
  { "\tعنوان يبدأ بمسافة جدولة", "\tنص يبدأ بمسافة جدولة", "https://example.org/ar/7", TRUE },
  { "\rعنوان يبدأ بعودة السطر", "\rنص يبدأ بعودة السطر", "https://example.org/ar/8", TRUE },
  { "<script>alert(\"x\")</script> & تجربة الترميز", "<b>ليس وسماً</b> & \"اقتباس\" 'مفرد'",
    "javascript:alert(1)", TRUE },
  { "# عنوان *نجمة* _خط_ [رابط](http://x) `رمز`", "1. ليس قائمة\n> ليس اقتباساً\n| ليس جدولاً |",
    "https://example.org/ar/10", TRUE },
};

#define N_CRAFTED G_N_ELEMENTS (crafted)
#define EXPORT_TITLE "موجز إدلب وحلب: تقريرٌ تجريبيّ"
#define SOURCE_TITLE "=سمارت \"تجريبي\", <عاجل>"

static char *top_dir;
static gboolean keep_files;   /* RASID_TEST_KEEP=1: leave the exports for a look */
static char *db_path;
static GArray *crafted_ids;

static gint64
store_report (RasidStore *store, RasidAnalyzer *analyzer, gint64 source, const char *guid, const char *title,
              const char *body, const char *link, gint64 published, gboolean exact)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
  g_autoptr(RasidAnalysis) analysis = rasid_analyzer_analyze (analyzer, title, body);
  RasidUpsertResult result;
  gint64 id;

  item->guid = g_strdup (guid);
  item->title = g_strdup (title);
  item->content = g_strdup (body);
  item->link = g_strdup (link);
  item->published = published;
  if (exact)
    {
      g_free (analysis->headline);
      analysis->headline = g_strdup (title);
    }
  id = rasid_store_upsert_report (store, source, item, analysis, published + 60, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, RASID_UPSERT_NEW);
  return id;
}

/* The cache every test reads: the crafted reports, then enough plain ones
 * that an export needs several pages. */
static void
build_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (db_path, &error);
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  g_autoptr(GPtrArray) reports = NULL;
  gint64 source;

  g_assert_no_error (error);
  g_assert_true (rasid_reanalyze_sync_lexicons (store, analyzer, &error));
  source = rasid_store_add_source (store, "https://example.org/feed", SOURCE_TITLE, NULL, FALSE, &error);
  g_assert_no_error (error);

  crafted_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_assert_true (rasid_store_begin (store, &error));
  for (guint i = 0; i < N_CRAFTED; i++)
    {
      g_autofree char *guid = g_strdup_printf ("crafted-%u", i);
      gint64 id = store_report (store, analyzer, source, guid, crafted[i].title, crafted[i].body, crafted[i].link,
                                1526113320 + i * 600, crafted[i].exact);
      g_array_append_val (crafted_ids, id);
    }
  for (guint i = 0; i < 450; i++)
    {
      g_autofree char *guid = g_strdup_printf ("bulk-%u", i);
      g_autofree char *title = g_strdup_printf ("تقرير رقم %u عن قصف على ريف حماة الشمالي", i);
      store_report (store, analyzer, source, guid, title, "نص قصير.", NULL, 1500000000 + i * 60, FALSE);
    }
  g_assert_true (rasid_store_commit (store, &error));

  /* The store kept every hostile string byte for byte. */
  reports = rasid_store_load_reports (store, (gint64 *) crafted_ids->data, crafted_ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, N_CRAFTED);
  for (guint i = 0; i < N_CRAFTED; i++)
    {
      RasidReport *r = g_ptr_array_index (reports, i);
      g_autofree char *want = g_strdup (crafted[i].title);

      g_assert_cmpstr (rasid_report_get_title (r), ==, crafted[i].exact ? want : g_strstrip (want));
      g_assert_cmpstr (rasid_report_get_body (r), ==, crafted[i].body);
      g_assert_cmpstr (rasid_report_get_link (r), ==, crafted[i].link);
      g_assert_cmpstr (rasid_report_get_source_title (r), ==, SOURCE_TITLE);
    }
}

static void
add_admin (JsonBuilder *b, RasidGazetteer *gazetteer, const char *pcode)
{
  const RasidPlace *admin = pcode ? rasid_gazetteer_lookup (gazetteer, pcode) : NULL;

  if (admin == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pcode");
  json_builder_add_string_value (b, admin->id);
  json_builder_set_member_name (b, "name_ar");
  json_builder_add_string_value (b, admin->name_ar);
  json_builder_set_member_name (b, "name_en");
  json_builder_add_string_value (b, admin->name_en);
  json_builder_end_object (b);
}

static void
add_nullable (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* What check_export.py compares against: the crafted reports as stored,
 * their first place's governorate and the points a map can show. */
static char *
write_expected (const char *dir, gboolean bom)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (db_path, &error);
  g_autoptr(RasidGazetteer) gazetteer = rasid_gazetteer_new_default (&error);
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *path = g_build_filename (dir, "expected.json", NULL);
  gboolean idlib_seen = FALSE;

  g_assert_no_error (error);
  reports = rasid_store_load_reports (store, (gint64 *) crafted_ids->data, crafted_ids->len, &error);
  g_assert_no_error (error);

  json_builder_begin_object (b);
  add_nullable (b, "title", EXPORT_TITLE);
  json_builder_set_member_name (b, "bom");
  json_builder_add_boolean_value (b, bom);
  json_builder_set_member_name (b, "reports");
  json_builder_begin_array (b);
  for (guint i = 0; i < reports->len; i++)
    {
      RasidReport *r = g_ptr_array_index (reports, i);
      GPtrArray *places = rasid_report_get_places (r);
      RasidReportPlace *first = places->len ? g_ptr_array_index (places, 0) : NULL;
      const RasidPlace *known = first ? rasid_gazetteer_lookup (gazetteer, first->id) : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, rasid_report_get_id (r));
      json_builder_set_member_name (b, "published");
      json_builder_add_int_value (b, rasid_report_get_published (r));
      add_nullable (b, "title", rasid_report_get_title (r));
      add_nullable (b, "text", rasid_report_get_body (r));
      add_nullable (b, "link", rasid_report_get_link (r));
      add_nullable (b, "source", rasid_report_get_source_title (r));
      json_builder_set_member_name (b, "admin1");
      add_admin (b, gazetteer, known && known->admin[0] ? known->admin[0] : first ? first->admin1 : NULL);
      json_builder_set_member_name (b, "places");
      json_builder_begin_array (b);
      for (guint k = 0; k < places->len; k++)
        json_builder_add_string_value (b, ((RasidReportPlace *) g_ptr_array_index (places, k))->name_ar);
      json_builder_end_array (b);
      json_builder_end_object (b);
      /* The analyser put the first report in Idlib governorate. */
      if (i == 0)
        {
          g_assert_nonnull (known);
          g_assert_cmpstr (known->admin[0], ==, "SY07");
          idlib_seen = TRUE;
        }
    }
  json_builder_end_array (b);
  g_assert_true (idlib_seen);

  json_builder_set_member_name (b, "features");
  json_builder_begin_array (b);
  for (guint i = 0; i < reports->len; i++)
    {
      RasidReport *r = g_ptr_array_index (reports, i);
      GPtrArray *places = rasid_report_get_places (r);

      for (guint k = 0; k < places->len; k++)
        {
          RasidReportPlace *p = g_ptr_array_index (places, k);
          const RasidPlace *known = rasid_gazetteer_lookup (gazetteer, p->id);

          if (known == NULL || isnan (known->lat) || isnan (known->lon))
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "report_id");
          json_builder_add_int_value (b, rasid_report_get_id (r));
          add_nullable (b, "place_id", p->id);
          add_nullable (b, "place_name", p->name_ar);
          add_nullable (b, "admin1", known->admin[0] ? known->admin[0] : p->admin1);
          json_builder_set_member_name (b, "lon");
          json_builder_add_double_value (b, known->lon);
          json_builder_set_member_name (b, "lat");
          json_builder_add_double_value (b, known->lat);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  g_assert_true (json_generator_to_file (gen, path, &error));
  g_assert_no_error (error);
  return path;
}

static char *
ids_argument (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < crafted_ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (crafted_ids, gint64, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Runs a program; returns its exit status, with its output in @out and @err. */
static int
run (char **out, char **err, const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL, *e = NULL;

  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error);
  g_assert_no_error (error);
  if (out)
    *out = g_steal_pointer (&o);
  if (err)
    *err = g_steal_pointer (&e);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

static int
run_cli_argv (char **err, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) RASID_CLI);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, db_path);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  return run (NULL, err, (const char * const *) argv->pdata);
}

static int
run_cli (char **err, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  const char *arg;

  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return run_cli_argv (err, (const char * const *) args->pdata);
}

static gboolean
folder_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_test_message ("left in %s: %s", path, name);
      return FALSE;
    }
  return TRUE;
}

/* ---- each format, through the CLI, read back ----------------------------- */

static void
test_format (gconstpointer data)
{
  const char *format = data;
  gboolean no_bom = g_str_equal (format, "csv-no-bom");
  const char *name = no_bom ? "csv" : format;
  g_autofree char *dir = g_build_filename (top_dir, format, NULL);
  g_autofree char *file = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *ids = ids_argument ();
  g_autofree char *err = NULL, *out = NULL;
  const char *check_argv[6] = { PYTHON3, CHECK_EXPORT, name, NULL, NULL, NULL };
  int status;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  file = g_strdup_printf ("%s%creports.%s", dir, G_DIR_SEPARATOR, name);
  expected = write_expected (dir, !no_bom);

  status = run_cli (&err, "export", "--format", name, "-o", file, "--title", EXPORT_TITLE, "--ids", ids,
                    no_bom ? "--no-bom" : NULL, NULL);
  if (status != 0)
    g_test_message ("rasid-cli: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  check_argv[3] = file;
  check_argv[4] = expected;
  g_clear_pointer (&err, g_free);
  status = run (&out, &err, check_argv);
  if (status != 0)
    g_test_message ("check_export.py %s:\n%s%s", name, out, err);
  g_assert_cmpint (status, ==, 0);

  /* Nothing but the export and the expectations: no temporary file left. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *entry;
    while ((entry = g_dir_read_name (d)))
      g_assert_true (g_str_equal (entry, "expected.json") || g_str_has_prefix (entry, "reports."));
  }
  if (!keep_files)
    rasid_test_rmdir (dir);
}

/* A filter picks reports without --ids; the JSON says which ones. */
static void
test_filter (void)
{
  g_autofree char *file = g_build_filename (top_dir, "idlib.json", NULL);
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *reports;

  g_assert_cmpint (run_cli (&err, "export", "--place", "SY07", "--format", "json", "-o", file, NULL), ==, 0);
  json_parser_load_from_file (parser, file, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  reports = json_object_get_array_member (root, "reports");
  g_assert_cmpuint (json_array_get_length (reports), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (reports, 0), "id"), ==,
                   g_array_index (crafted_ids, gint64, 0));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "filter"), "SY07"));
  g_unlink (file);
}

/* ---- arguments and existing files ---------------------------------------- */

static void
test_usage (void)
{
  g_autofree char *file = g_build_filename (top_dir, "never.csv", NULL);
  const char *wrong[][12] = {
    { "export", "-o", file, NULL },                                        /* no format */
    { "export", "--format", "docx", "-o", file, NULL },                    /* unknown format */
    { "export", "--format", "csv", NULL },                                 /* no file */
    { "export", "--format", "csv", "-o", file, "--ids", "1,x", NULL },     /* not an id */
    { "export", "--format", "csv", "-o", file, "--ids", "1", "--place", "SY07", NULL },
    { "export", "--format", "csv", "-o", file, "extra", NULL },
    { "export", "--format", "csv", "-o", file, "--since", "not a date", NULL },
    { "export", "--format", "csv", "-o", file, "--bogus", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli_argv (&err, wrong[i]), ==, 2);
      g_assert_nonnull (strstr (err, "Usage: rasid-cli"));
      g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
    }
}

static void
test_refuse_overwrite (void)
{
  g_autofree char *file = g_build_filename (top_dir, "existing.csv", NULL);
  g_autofree char *err = NULL, *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidExportOptions) options = rasid_export_options_new (RASID_EXPORT_CSV);

  g_assert_true (g_file_set_contents (file, "keep me\n", -1, NULL));
  g_assert_cmpint (run_cli (&err, "export", "--format", "csv", "-o", file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_nonnull (strstr (err, "--force"));
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me\n");
  g_clear_pointer (&contents, g_free);

  /* The library says the same, and leaves the file as it was. */
  store = rasid_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_false (rasid_export_reports (store, NULL, crafted_ids, options, file, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me\n");
  g_clear_pointer (&contents, g_free);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "export", "--format", "csv", "-o", file, "--force", NULL), ==, 0);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBFid,published,"));
  g_unlink (file);
}

/* ---- the library: cancellation and the threaded export -------------------- */

typedef struct {
  GCancellable *cancellable;
  guint         calls;
  guint         last_done, last_total;
} Progress;

static void
cancel_after_first_page (guint done, guint total, gpointer user_data)
{
  Progress *p = user_data;

  p->calls++;
  p->last_done = done;
  p->last_total = total;
  g_cancellable_cancel (p->cancellable);
}

static void
test_cancel (gconstpointer data)
{
  RasidExportFormat format = GPOINTER_TO_UINT (data);
  g_autofree char *dir = g_build_filename (top_dir, "cancel", NULL);
  g_autofree char *file = g_build_filename (dir, "out.bin", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (db_path, &error);
  g_autoptr(RasidGazetteer) gazetteer = rasid_gazetteer_new_default (&error);
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(RasidExportOptions) options = rasid_export_options_new (format);
  Progress progress = { cancellable, 0, 0, 0 };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  ids = rasid_store_query_ids (store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 2 * RASID_EXPORT_PAGE_SIZE);

  g_assert_false (rasid_export_reports (store, gazetteer, ids, options, file, cancellable,
                                        cancel_after_first_page, &progress, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.calls, ==, 1);
  g_assert_cmpuint (progress.last_done, ==, RASID_EXPORT_PAGE_SIZE);
  g_assert_cmpuint (progress.last_total, ==, ids->len * (format == RASID_EXPORT_PDF ? 2 : 1));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_true (folder_is_empty (dir));
  rasid_test_rmdir (dir);
}

typedef struct {
  GMainLoop *loop;
  GThread   *main_thread;
  guint      calls;
  guint      done, total;
  gboolean   ok;
  GError    *error;
} AsyncState;

static void
on_async_progress (guint done, guint total, gpointer user_data)
{
  AsyncState *st = user_data;

  /* The window may touch widgets here: it must be its own thread. */
  g_assert_true (g_thread_self () == st->main_thread);
  g_assert_cmpuint (done, >, st->done);
  st->calls++;
  st->done = done;
  st->total = total;
}

static void
on_async_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncState *st = user_data;

  st->ok = rasid_export_reports_finish (result, &st->error);
  g_main_loop_quit (st->loop);
}

static void
test_async (void)
{
  g_autofree char *file = g_build_filename (top_dir, "async.geojson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (db_path, &error);
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  g_autoptr(GArray) ids = rasid_store_query_ids (store, filter, &error);
  g_autoptr(RasidExportOptions) options = rasid_export_options_new (RASID_EXPORT_GEOJSON);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  AsyncState st = { loop, g_thread_self (), 0, 0, 0, FALSE, NULL };

  g_assert_no_error (error);
  options->title = g_strdup (EXPORT_TITLE);
  rasid_export_reports_async (db_path, ids, options, file, NULL, on_async_progress, &st, on_async_done, &st);
  /* The job took copies: the caller's selection and options may change. */
  g_array_set_size (ids, 0);
  g_clear_pointer (&options, rasid_export_options_free);
  g_main_loop_run (loop);

  g_assert_no_error (st.error);
  g_assert_true (st.ok);
  g_assert_cmpuint (st.calls, ==, 3);     /* 460 reports: three pages */
  g_assert_cmpuint (st.done, ==, st.total);
  json_parser_load_from_file (parser, file, &error);
  g_assert_no_error (error);
  /* Every bulk report is in Hama's countryside, which the gazetteer maps. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "features")), >=, 450);
  g_unlink (file);
}

static void
test_names (void)
{
  RasidExportFormat format;
  static const char *names[] = { "csv", "xlsx", "json", "geojson", "html", "pdf", "md" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (rasid_export_format_from_string (names[i], &format));
      g_assert_cmpint (format, ==, i);
      g_assert_cmpstr (rasid_export_format_to_string (format), ==, names[i]);
      g_assert_cmpstr (rasid_export_format_extension (format), ==, names[i]);
    }
  g_assert_true (rasid_export_format_from_string ("Markdown", &format));
  g_assert_cmpint (format, ==, RASID_EXPORT_MARKDOWN);
  g_assert_false (rasid_export_format_from_string ("docx", &format));
  g_assert_false (rasid_export_format_from_string (NULL, &format));
}

static void
test_neutralize (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "=1+2", "'=1+2" }, { "+1", "'+1" }, { "-2", "'-2" }, { "@SUM(1)", "'@SUM(1)" },
    { "\tx", "'\tx" }, { "\rx", "'\rx" }, { "", "" }, { "مقتل", "مقتل" }, { "1-2", "1-2" },
    { " =1", " =1" }, { "'=1", "'=1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = rasid_export_neutralize_cell (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_null (rasid_export_neutralize_cell (NULL));
}

/* The window exports through the same function, in a thread: it refuses
 * the database and its companions, and anything not a regular file, even
 * when allowed to replace. */
static void
test_refuse_not_ours (void)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (db_path, "-journal", NULL);
  g_autofree char *fifo = g_build_filename (top_dir, "fifo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (db_path, &error);
  g_autoptr(RasidExportOptions) options = rasid_export_options_new (RASID_EXPORT_CSV);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char *database_files[] = { db_path, wal, journal };
  AsyncState st = { loop, g_thread_self (), 0, 0, 0, FALSE, NULL };
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  gboolean had_journal = g_file_test (journal, G_FILE_TEST_EXISTS);

  g_assert_no_error (error);
  options->overwrite = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (database_files); i++)
    {
      g_assert_false (rasid_export_reports (store, NULL, crafted_ids, options, database_files[i], NULL, NULL, NULL,
                                            &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  g_assert_true (had_journal || !g_file_test (journal, G_FILE_TEST_EXISTS));

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (rasid_export_reports (store, NULL, crafted_ids, options, fifo, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  g_assert_false (rasid_export_reports (store, NULL, crafted_ids, options, "/dev/null", NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  g_unlink (fifo);

  /* The threaded export the window runs, onto the database it reads. */
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (db_path, &before, &before_len, NULL));
  rasid_export_reports_async (db_path, crafted_ids, options, db_path, NULL, NULL, NULL, on_async_done, &st);
  g_main_loop_run (loop);
  g_assert_false (st.ok);
  g_assert_error (st.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&st.error);
  g_assert_true (g_file_get_contents (db_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* ---- stories: the event table and the briefing ---------------------------- */

#define STORY_TIME 1526113320   /* 2018-05-12 11:22 in Syria */

static char *stories_db;
static char *disputed_headline;
static guint n_recorded;        /* stories whose event ACLED records */

/* Two outlets on one air strike with different tolls, a later killing
 * elsewhere told once, and an outbreak ACLED does not record. */
static void
build_stories_cache (void)
{
  static const struct { guint source; gint64 at; const char *title, *body; } items[] = {
    { 0, 0, "مقتل 5 مدنيين بغارات جوية على مدينة سراقب شرق إدلب", "قتل 5 مدنيين بغارات جوية للطيران الحربي على مدينة سراقب." },
    { 1, 1800, "مقتل 7 مدنيين بغارات جوية على مدينة سراقب بريف إدلب", "قتل 7 مدنيين بغارات جوية على مدينة سراقب." },
    { 0, 3 * 3600, "مقتل شاب برصاص مجهولين في مدينة درعا", "قتل شاب برصاص مجهولين في مدينة درعا." },
    { 1, 4 * 3600, "تسجيل 12 إصابة جديدة بفيروس كورونا في مدينة الحسكة", "سجلت 12 إصابة جديدة بفيروس كورونا." },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidAnalyzer) analyzer = rasid_analyzer_new_default (&error);
  g_autoptr(GArray) stories = NULL;
  gint64 sources[2], ids[G_N_ELEMENTS (items)];

  if (stories_db)
    return;
  stories_db = g_build_filename (top_dir, "stories.db", NULL);
  store = rasid_store_open (stories_db, &error);
  g_assert_no_error (error);
  g_assert_true (rasid_reanalyze_sync_lexicons (store, analyzer, &error));
  sources[0] = rasid_store_add_source (store, "https://example.org/observatory", "المرصد التجريبي", NULL, FALSE, &error);
  sources[1] = rasid_store_add_source (store, "https://example.org/agency", "وكالة تجريبية", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (rasid_store_begin (store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *guid = g_strdup_printf ("story-%u", i);
      g_autoptr(RasidAnalysis) analysis = rasid_analyzer_analyze (analyzer, items[i].title, items[i].body);

      ids[i] = store_report (store, analyzer, sources[items[i].source], guid, items[i].title, items[i].body, NULL,
                             STORY_TIME + items[i].at, FALSE);
      g_assert_true (rasid_store_cluster_report (store, ids[i], analysis, items[i].body, &error));
      g_assert_no_error (error);
    }
  g_assert_true (rasid_store_commit (store, &error));

  /* The two outlets' reports are one story with the range of their tolls. */
  {
    gint64 story_id = rasid_store_get_story_of_report (store, ids[0], &error);
    g_autoptr(RasidStory) story = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (story_id, ==, rasid_store_get_story_of_report (store, ids[1], &error));
    story = rasid_store_load_story (store, story_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (story->n_outlets, ==, 2);
    g_assert_cmpint (story->killed_min, ==, 5);
    g_assert_cmpint (story->killed_max, ==, 7);
    g_assert_cmpstr (story->event, ==, "airstrike");
    disputed_headline = g_strdup (story->headline);
  }
  stories = rasid_store_query_stories (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stories->len, ==, 3);
  for (guint i = 0; i < stories->len; i++)
    {
      g_autoptr(RasidStory) story = rasid_store_load_story (store, g_array_index (stories, gint64, i), &error);
      g_assert_no_error (error);
      n_recorded += g_strcmp0 (story->event, "disease-outbreak") != 0;
    }
  /* The outbreak is a story of its own, which the event table leaves out. */
  g_assert_cmpuint (n_recorded, ==, 2);
}

static int
run_check (const char *kind, const char *file, JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strconcat (file, ".expected.json", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { PYTHON3, CHECK_EXPORT, kind, file, expected, NULL };
  int status;

  json_generator_set_root (gen, root);
  g_assert_true (json_generator_to_file (gen, expected, &error));
  g_assert_no_error (error);
  status = run (&out, &err, argv);
  if (status != 0)
    g_test_message ("check_export.py %s:\n%s%s", kind, out, err);
  return status;
}

static int
run_stories_cli (char **out, char **err, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (argv, (char *) RASID_CLI);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, stories_db);
  va_start (ap, first);
  for (const char *arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return run (out, err, (const char * const *) argv->pdata);
}

static void
test_events (gconstpointer data)
{
  const char *format = data;
  g_autofree char *file = g_strdup_printf ("%s%cevents.%s", top_dir, G_DIR_SEPARATOR, format);
  g_autofree char *kind = g_strconcat ("events-", format, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int status;

  build_stories_cache ();
  status = run_stories_cli (&out, &err, "export", "--events", "-f", format, "-o", file, NULL);
  if (status != 0)
    g_test_message ("rasid-cli: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "2 events written"));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n_rows");
  json_builder_add_int_value (b, n_recorded);
  json_builder_set_member_name (b, "disputed");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "headline");
  json_builder_add_string_value (b, disputed_headline);
  json_builder_set_member_name (b, "min");
  json_builder_add_int_value (b, 5);
  json_builder_set_member_name (b, "max");
  json_builder_add_int_value (b, 7);
  json_builder_set_member_name (b, "event_type");
  json_builder_add_string_value (b, "Explosions/Remote violence");
  json_builder_set_member_name (b, "sub_event_type");
  json_builder_add_string_value (b, "Air/drone strike");
  json_builder_end_object (b);
  json_builder_end_object (b);
  g_assert_cmpint (run_check (kind, file, b), ==, 0);
}

/* The CSV on standard output, and the combinations refused. */
static void
test_events_cli (void)
{
  g_autofree char *out = NULL, *err = NULL;

  build_stories_cache ();
  g_assert_cmpint (run_stories_cli (&out, &err, "export", "--events", "-f", "csv", "--no-bom", "-o", "-", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "event_date,year,time_precision,event_type,sub_event_type,actor1,"));
  g_assert_nonnull (strstr (err, "written to standard output"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* A place filter keeps the stories with a report there: Daraa's only. */
  g_assert_cmpint (run_stories_cli (&out, &err, "export", "--events", "-f", "csv", "--place", "SY12", "-o", "-", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Violence against civilians"));
  g_assert_null (strstr (out, "Air/drone strike"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_stories_cli (&out, &err, "export", "--events", "-f", "pdf", "-o", "-", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_stories_cli (&out, &err, "export", "--events", "--briefing", "-o", "x.pdf", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_stories_cli (&out, &err, "export", "--briefing", "-f", "csv", "-o", "x.csv", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* The desk's "at least N outlets" reaches the event table: only the air
   * strike two outlets told. */
  g_assert_cmpint (run_stories_cli (&out, &err, "export", "--events", "-f", "csv", "--min-outlets", "2", "-o", "-", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Air/drone strike"));
  g_assert_null (strstr (out, "Violence against civilians"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_stories_cli (&out, &err, "export", "-f", "csv", "--min-outlets", "2", "-o", "-", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* stories: the threshold, and most outlets first. */
  g_assert_cmpint (run_stories_cli (&out, &err, "stories", "--json", "--min-outlets", "2", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "سراقب"));
  g_assert_null (strstr (out, "درعا"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_stories_cli (&out, &err, "stories", "--sort", "corroboration", "--limit", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "سراقب"));
  g_assert_null (strstr (out, "درعا"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_stories_cli (&out, &err, "stories", "--sort", "newest", "--limit", "1", NULL), ==, 0);
  g_assert_null (strstr (out, "سراقب"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_stories_cli (&out, &err, "stories", "--sort", "loudest", NULL), ==, 2);
}

static void
test_briefing (void)
{
  g_autofree char *file = g_build_filename (top_dir, "briefing.pdf", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int status;

  build_stories_cache ();
  status = run_stories_cli (&out, &err, "export", "--briefing", "-o", file, NULL);
  if (status != 0)
    g_test_message ("rasid-cli: %s", err);
  g_assert_cmpint (status, ==, 0);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "top");
  json_builder_add_string_value (b, disputed_headline);
  /* By outlets first: the air strike, though the killing in Daraa is later. */
  json_builder_set_member_name (b, "top_mark");
  json_builder_add_string_value (b, "سراقب");
  json_builder_set_member_name (b, "later_mark");
  json_builder_add_string_value (b, "درعا");
  json_builder_set_member_name (b, "contains");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "Top stories");
  json_builder_add_string_value (b, "Reports per day");
  json_builder_add_string_value (b, "From 2018-05-06 to 2018-05-12");
  json_builder_add_string_value (b, "4 reports");
  json_builder_add_string_value (b, "3 stories");
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_assert_cmpint (run_check ("briefing", file, b), ==, 0);

  /* The desk's threshold: only the story two outlets told. */
  {
    g_autofree char *confirmed = g_build_filename (top_dir, "briefing-confirmed.pdf", NULL);
    g_autoptr(JsonBuilder) c = json_builder_new ();

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    status = run_stories_cli (&out, &err, "export", "--briefing", "--min-outlets", "2", "-o", confirmed, NULL);
    if (status != 0)
      g_test_message ("rasid-cli: %s", err);
    g_assert_cmpint (status, ==, 0);
    json_builder_begin_object (c);
    json_builder_set_member_name (c, "top");
    json_builder_add_string_value (c, disputed_headline);
    json_builder_set_member_name (c, "top_mark");
    json_builder_add_string_value (c, "سراقب");
    json_builder_set_member_name (c, "contains");
    json_builder_begin_array (c);
    json_builder_add_string_value (c, "1 story");
    json_builder_end_array (c);
    json_builder_set_member_name (c, "absent");
    json_builder_begin_array (c);
    json_builder_add_string_value (c, "درعا");
    json_builder_add_string_value (c, "3 stories");
    json_builder_end_array (c);
    json_builder_end_object (c);
    g_assert_cmpint (run_check ("briefing", confirmed, c), ==, 0);
  }
}

typedef struct {
  GMainLoop *loop;
  gboolean   briefing;
  gboolean   ok;
  guint      n;
  GError    *error;
} StoryAsync;

static void
on_story_async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  StoryAsync *st = user_data;

  st->ok = st->briefing ? rasid_export_briefing_finish (result, &st->n, &st->error)
                        : rasid_export_events_finish (result, &st->n, &st->error);
  g_main_loop_quit (st->loop);
}

/* What the window calls: the filter and options copied, the work in a
 * thread on its own connection, the count back on the caller's context. */
static void
test_story_async (void)
{
  g_autofree char *csv = g_build_filename (top_dir, "async-events.csv", NULL);
  g_autofree char *pdf = g_build_filename (top_dir, "async-briefing.pdf", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  g_autoptr(RasidExportOptions) options = rasid_export_options_new (RASID_EXPORT_CSV);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  StoryAsync st = { loop, FALSE, FALSE, 0, NULL };

  build_stories_cache ();
  filter->place_id = g_strdup ("SY07");
  rasid_export_events_async (stories_db, filter, options, csv, NULL, on_story_async_done, &st);
  g_clear_pointer (&filter, rasid_filter_free);
  g_main_loop_run (loop);
  g_assert_no_error (st.error);
  g_assert_true (st.ok);
  g_assert_cmpuint (st.n, ==, 1);   /* Idlib's: the air strike on Saraqib */
  g_assert_true (g_file_get_contents (csv, &data, NULL, &error));
  g_assert_nonnull (strstr (data, "Air/drone strike"));
  g_assert_null (strstr (data, "Violence against civilians"));

  st = (StoryAsync) { loop, TRUE, FALSE, 0, NULL };
  g_clear_pointer (&options, rasid_export_options_free);
  options = rasid_export_options_new (RASID_EXPORT_PDF);
  rasid_export_briefing_async (stories_db, NULL, options, pdf, NULL, on_story_async_done, &st);
  g_main_loop_run (loop);
  g_assert_no_error (st.error);
  g_assert_true (st.ok);
  g_assert_cmpuint (st.n, ==, 3);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* Never over the database it reads. */
  st = (StoryAsync) { loop, FALSE, FALSE, 0, NULL };
  options->format = RASID_EXPORT_CSV;
  options->overwrite = TRUE;
  rasid_export_events_async (stories_db, NULL, options, stories_db, NULL, on_story_async_done, &st);
  g_main_loop_run (loop);
  g_assert_false (st.ok);
  g_assert_error (st.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&st.error);
  g_unlink (csv);
  g_unlink (pdf);
}

int
main (int argc, char **argv)
{
  static const char *formats[] = { "csv", "csv-no-bom", "xlsx", "json", "geojson", "html", "pdf", "md" };
  g_autofree char *data_home = NULL;
  int status;

  /* Failure messages quote Arabic: print it, not question marks. */
  setlocale (LC_ALL, "");
  keep_files = g_getenv ("RASID_TEST_KEEP") != NULL;
  top_dir = rasid_test_tmpdir ();
  /* Never the user's own places or database, in this process or the CLI's. */
  data_home = g_build_filename (top_dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  db_path = g_build_filename (top_dir, "rasid.db", NULL);

  g_test_init (&argc, &argv, NULL);
  build_cache ();

  g_test_add_func ("/export/names", test_names);
  g_test_add_func ("/export/neutralize", test_neutralize);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_strdup_printf ("/export/cli/%s", formats[i]);
      g_test_add_data_func (path, formats[i], test_format);
    }
  g_test_add_func ("/export/cli/filter", test_filter);
  g_test_add_func ("/export/cli/usage", test_usage);
  g_test_add_func ("/export/cli/refuse-overwrite", test_refuse_overwrite);
  g_test_add_data_func ("/export/cancel/csv", GUINT_TO_POINTER (RASID_EXPORT_CSV), test_cancel);
  g_test_add_data_func ("/export/cancel/xlsx", GUINT_TO_POINTER (RASID_EXPORT_XLSX), test_cancel);
  g_test_add_data_func ("/export/cancel/pdf", GUINT_TO_POINTER (RASID_EXPORT_PDF), test_cancel);
  g_test_add_func ("/export/async", test_async);
  g_test_add_func ("/export/refuse-not-ours", test_refuse_not_ours);
  g_test_add_data_func ("/export/events/csv", "csv", test_events);
  g_test_add_data_func ("/export/events/xlsx", "xlsx", test_events);
  g_test_add_func ("/export/events/cli", test_events_cli);
  g_test_add_func ("/export/briefing", test_briefing);
  g_test_add_func ("/export/story-async", test_story_async);

  status = g_test_run ();
  if (keep_files)
    g_printerr ("exports kept in %s\n", top_dir);
  else if (status == 0)
    rasid_test_rmdir (top_dir);
  g_array_unref (crafted_ids);
  g_free (db_path);
  g_free (stories_db);
  g_free (disputed_headline);
  g_free (top_dir);
  return status;
}
