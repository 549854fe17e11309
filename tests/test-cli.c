/* test-cli.c: rasid-cli as a user runs it: help, version, wrong arguments,
 * the demo fetched offline and listed, damaged databases refused. */
#include "rasid-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>

static char *home;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *r, const char *input, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) RASID_CLI);
  va_start (args, input);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Never the user's real database. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (proc);
}

static char *
db_path (const char *name)
{
  return g_build_filename (home, name, NULL);
}

static void
test_help_and_version (void)
{
  g_auto(Run) help = { 0 };
  g_auto(Run) version = { 0 };
  g_auto(Run) cmd_help = { 0 };

  run_cli (&help, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "Usage: rasid-cli"));
  g_assert_nonnull (strstr (help.out, "list"));
  run_cli (&version, NULL, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "rasid-cli 0."));
  run_cli (&cmd_help, NULL, "list", "--help", NULL);
  g_assert_cmpint (cmd_help.status, ==, 0);
  g_assert_nonnull (strstr (cmd_help.out, "--place"));
}

static void
test_wrong_arguments (void)
{
  const char *cases[][4] = {
    { NULL },
    { "frobnicate", NULL },
    { "--bogus", NULL },
    { "--db", NULL },
    { "list", "--limit", "-1", NULL },
    { "list", "unexpected", NULL },
    { "list", "--since", "not-a-date", NULL },
    { "list", "--no-such-option", NULL },
    { "add-source", NULL },
    { "add-source", "ftp://example.org/feed", NULL },
    { "fetch", "--interval", "0", NULL },
    { "add-source", "--kind", "bogus", NULL },
    { "preview", NULL },
    { "prune", NULL },
    { "remove-source", "abc", NULL },
    { "import-opml", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };
      run_cli (&r, NULL, cases[i][0], cases[i][0] ? cases[i][1] : NULL, cases[i][0] && cases[i][1] ? cases[i][2] : NULL,
               NULL);
      if (r.status != 2)
        g_error ("case %u (%s …) exited %d, expected the usage error 2: %s", i, cases[i][0], r.status, r.err);
      g_assert_nonnull (strstr (r.err, "Usage:"));
    }
}

static JsonArray *
parse_array (JsonParser *parser, const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_fetch_and_list (void)
{
  g_autofree char *db = db_path ("cli.db");
  g_auto(Run) fetch = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) idlib = { 0 };
  g_auto(Run) sources = { 0 };
  g_auto(Run) table = { 0 };
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  JsonArray *all, *filtered;
  gboolean seed_found = FALSE;

  run_cli (&fetch, NULL, "--db", db, "fetch", "--once", "--offline", NULL);
  g_assert_cmpint (fetch.status, ==, 0);
  g_assert_nonnull (strstr (fetch.out, "new reports"));

  run_cli (&list, NULL, "--db", db, "list", "--json", "--limit", "0", NULL);
  g_assert_cmpint (list.status, ==, 0);
  all = parse_array (p1, list.out);
  g_assert_cmpuint (json_array_get_length (all), >=, 55);
  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *o = json_array_get_object_element (all, i);
      if (g_str_has_prefix (json_object_get_string_member (o, "title"), "مقتل طفل وجرح سبعة"))
        {
          seed_found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (o, "time"), ==, "11:22");
          g_assert_cmpstr (json_object_get_string_member (o, "attribution"), ==, "مصادر محلية");
          g_assert_cmpstr (json_object_get_string_member (o, "published"), ==, "2018-05-12T11:22:00+03:00");
          g_assert_true (json_object_get_boolean_member (o, "breaking"));
        }
    }
  g_assert_true (seed_found);

  /* --db after the command works too; filter by governorate. */
  run_cli (&idlib, NULL, "list", "--json", "--place", "SY07", "--limit", "0", "--db", db, NULL);
  g_assert_cmpint (idlib.status, ==, 0);
  filtered = parse_array (p2, idlib.out);
  g_assert_cmpuint (json_array_get_length (filtered), >, 0);
  g_assert_cmpuint (json_array_get_length (filtered), <, json_array_get_length (all));
  for (guint i = 0; i < json_array_get_length (filtered); i++)
    {
      JsonArray *places = json_object_get_array_member (json_array_get_object_element (filtered, i), "places");
      gboolean in_idlib = FALSE;
      for (guint k = 0; k < json_array_get_length (places); k++)
        in_idlib |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (places, k), "admin1"), "SY07") == 0;
      g_assert_true (in_idlib);
    }

  run_cli (&table, NULL, "--db", db, "list", "--query", "ادلب", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "إدلب"));

  run_cli (&sources, NULL, "--db", db, "sources", NULL);
  g_assert_cmpint (sources.status, ==, 0);
  g_assert_nonnull (strstr (sources.out, "resource:///io/github/rasid/Rasid/demo/smart-breaking.rss"));
}

static void
test_analyze (void)
{
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  run_cli (&r, "مقتل قائد عسكري تابع لـ \"قسد \"على يد مجهولين شرق ديرالزور(مصدر عسكري) - 11:20\n\n"
               "\"قسد\" تعتقل عشرات الشبان من بلدة المنصور غرب مدينة الرقة - ٢١:٢١\n",
           "analyze", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (g_strstrip (r.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  json_parser_load_from_data (parser, lines[0], -1, &error);
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "time"), ==, "11:20");
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "مصدر عسكري");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "places"), 0), "admin1"),
                   ==, "SY09");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "actors"), 0), "id"),
                   ==, "sdf");
  json_parser_load_from_data (parser, lines[1], -1, &error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "time"), ==, "21:21");
}

static void
test_damaged_database (void)
{
  g_autofree char *db = db_path ("notes.db");
  const char notes[] = "my notes, not a database\n";
  g_auto(Run) r = { 0 };
  g_autofree char *after = NULL;
  gsize len;

  g_assert_true (g_file_set_contents (db, notes, -1, NULL));
  run_cli (&r, NULL, "--db", db, "list", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "damaged"));
  g_assert_true (g_file_get_contents (db, &after, &len, NULL));
  g_assert_cmpstr (after, ==, notes);
}

static void
test_preview (void)
{
  g_autofree char *page = rasid_test_fixture ("smart-page.html");
  g_autofree char *rules = rasid_test_fixture ("smart-rules.json");
  g_autofree char *feed = rasid_test_fixture ("rss2-entities.xml");
  g_auto(Run) ticker = { 0 };
  g_auto(Run) article = { 0 };
  g_auto(Run) rss = { 0 };
  g_auto(Run) forced = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o, *item;
  JsonArray *items;

  run_cli (&ticker, NULL, "preview", page, "--rules", rules, NULL);
  g_assert_cmpint (ticker.status, ==, 0);
  json_parser_load_from_data (parser, ticker.out, -1, &error);
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "html");
  items = json_object_get_array_member (o, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 10);
  item = json_array_get_object_element (items, 5);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (item, "title"), "(مصادر محلية) - 11:22"));
  /* Published resolved in Syria's zone. */
  g_assert_true (g_str_has_suffix (json_object_get_string_member (item, "published"), "11:22:00+03:00"));

  run_cli (&article, NULL, "preview", page, NULL);
  g_assert_cmpint (article.status, ==, 0);
  json_parser_load_from_data (parser, article.out, -1, &error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "author"), ==, "عبيدة النبواني");
  g_assert_cmpstr (json_object_get_string_member (item, "published"), ==, "2018-05-12T11:47:00+03:00");

  run_cli (&rss, NULL, "preview", feed, NULL);
  g_assert_cmpint (rss.status, ==, 0);
  g_assert_nonnull (strstr (rss.out, "\"kind\" : \"rss\""));
  /* A forced kind that does not fit is an error, with nothing stored anywhere. */
  run_cli (&forced, NULL, "preview", "--kind", "atom", feed, NULL);
  g_assert_cmpint (forced.status, ==, 1);
  g_assert_nonnull (strstr (forced.err, "Expected a atom document"));
}

static void
test_sources_opml (void)
{
  g_autofree char *db = db_path ("opml.db");
  g_autofree char *opml = g_build_filename (home, "in.opml", NULL);
  g_autofree char *out = g_build_filename (home, "out.opml", NULL);
  g_autofree char *rules = rasid_test_fixture ("smart-rules.json");
  g_autofree char *bad_rules = g_build_filename (home, "bad.json", NULL);
  g_autofree char *exported = NULL;
  g_auto(Run) imp = { 0 };
  g_auto(Run) exp = { 0 };
  g_auto(Run) add = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) rm = { 0 };
  const char *doc =
    "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>x</title></head><body>"
    "<outline text=\"سوريا\"><outline text=\"عنب بلدي\" type=\"rss\" xmlUrl=\"https://www.enabbaladi.net/feed\"/>"
    "<outline text=\"نورث برس\" xmlUrl=\"https://npasyria.com/feed\"/></outline>"
    "<outline text=\"سيئ\" xmlUrl=\"javascript:alert(1)\"/></body></opml>";

  g_assert_true (g_file_set_contents (opml, doc, -1, NULL));
  run_cli (&imp, NULL, "--db", db, "import-opml", opml, NULL);
  g_assert_cmpint (imp.status, ==, 0);
  g_assert_nonnull (strstr (imp.out, "2 sources imported, 1 skipped"));

  run_cli (&add, NULL, "--db", db, "add-source", "https://smartnews-agency.com/ar", "--kind", "html",
           "--rules", rules, "--ticker", "--interval", "5", NULL);
  g_assert_cmpint (add.status, ==, 0);
  g_assert_true (g_file_set_contents (bad_rules, "{\"item\": \"//li[\"}", -1, NULL));
  run_cli (&bad, NULL, "--db", db, "add-source", "https://example.org/", "--rules", bad_rules, NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "Invalid XPath"));

  run_cli (&exp, NULL, "--db", db, "export-opml", "-o", out, NULL);
  g_assert_cmpint (exp.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &exported, NULL, NULL));
  g_assert_nonnull (strstr (exported, "xmlUrl=\"https://www.enabbaladi.net/feed\""));
  g_assert_nonnull (strstr (exported, "text=\"عنب بلدي\""));
  g_assert_nonnull (strstr (exported, "https://smartnews-agency.com/ar"));
  g_assert_null (strstr (exported, "javascript"));

  run_cli (&rm, NULL, "--db", db, "remove-source", "1", NULL);
  g_assert_cmpint (rm.status, ==, 0);
  run_cli (&list, NULL, "--db", db, "sources", "--json", NULL);
  g_assert_null (strstr (list.out, "enabbaladi"));
  g_assert_nonnull (strstr (list.out, "npasyria"));
}

static void
test_discover (void)
{
  g_autofree char *page = rasid_test_fixture ("smart-page.html");
  g_auto(Run) r = { 0 };

  run_cli (&r, NULL, "discover", page, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "rss.xml"));
  g_assert_nonnull (strstr (r.out, "application/rss+xml"));
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  home = rasid_test_tmpdir ();
  g_test_add_func ("/cli/help-version", test_help_and_version);
  g_test_add_func ("/cli/wrong-arguments", test_wrong_arguments);
  g_test_add_func ("/cli/fetch-list", test_fetch_and_list);
  g_test_add_func ("/cli/analyze", test_analyze);
  g_test_add_func ("/cli/damaged-database", test_damaged_database);
  g_test_add_func ("/cli/preview", test_preview);
  g_test_add_func ("/cli/sources-opml", test_sources_opml);
  g_test_add_func ("/cli/discover", test_discover);
  ret = g_test_run ();
  rasid_test_rmdir (home);
  return ret;
}
