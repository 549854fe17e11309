/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: rasid-cli as a user runs it: help, version, wrong arguments,
 * the demo fetched offline and listed, damaged databases refused, exit
 * codes, exports that must not replace what is not theirs, and add-source
 * against a real libsoup server on 127.0.0.1. */
#include "rasid-test-util.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

static char *home;
static char *server_url;   /* http://127.0.0.1:PORT/ */

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
  /* The javascript: outline never leaves the OPML parser (http(s) only). */
  g_assert_nonnull (strstr (imp.out, "2 sources imported"));

  /* Not looked at first (there is no network here): --no-check. */
  run_cli (&add, NULL, "--db", db, "add-source", "https://smartnews-agency.com/ar", "--kind", "html",
           "--rules", rules, "--ticker", "--interval", "5", "--no-check", NULL);
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

/* ---- exit codes --------------------------------------------------------- */

static void
exec_sql (const char *db, const char *sql)
{
  sqlite3 *conn = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  if (sqlite3_exec (conn, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (conn);
}

static gint64
query_int (const char *db, const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

/* Overwrites the root page of @table with bytes no b-tree page starts with:
 * the file still opens (page 1 and the schema are intact) and the damage
 * shows only when the table is read or written. */
static void
damage_table (const char *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rootpage FROM sqlite_master WHERE name = '%s'", table);
  gint64 root, page_size;
  g_autofree char *garbage = NULL;
  FILE *f;

  /* Everything into the main file first, so the damage is not undone by a WAL. */
  exec_sql (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  root = query_int (db, sql);
  page_size = query_int (db, "PRAGMA page_size");
  g_assert_cmpint (root, >, 1);
  garbage = g_malloc (page_size);
  memset (garbage, 0xA5, page_size);
  f = fopen (db, "r+b");
  g_assert_nonnull (f);
  g_assert_cmpint (fseek (f, (root - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, page_size, f), ==, (gsize) page_size);
  g_assert_cmpint (fclose (f), ==, 0);
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents (to, data, len, NULL));
}

/* Damage found after the database opened is 3, like damage found at open,
 * whichever command meets it. */
static void
test_damage_after_open (void)
{
  g_autofree char *good = db_path ("good.db");
  g_autofree char *no_sources = db_path ("no-sources.db");
  g_autofree char *no_reports = db_path ("no-reports.db");
  g_autofree char *feed = rasid_test_fixture ("rss2-entities.xml");
  g_autofree char *feed_uri = g_filename_to_uri (feed, NULL, NULL);
  g_auto(Run) fetch = { 0 };
  g_auto(Run) add = { 0 };
  g_auto(Run) reanalyze = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) refetch = { 0 };
  g_auto(Run) sources = { 0 };
  g_auto(Run) opened = { 0 };
  g_auto(Run) opened_too = { 0 };

  run_cli (&fetch, NULL, "--db", good, "fetch", "--once", "--offline", NULL);
  g_assert_cmpint (fetch.status, ==, 0);
  /* A WAL left beside it would not travel with the copies. */
  exec_sql (good, "PRAGMA wal_checkpoint(TRUNCATE)");
  copy_file (good, no_sources);
  copy_file (good, no_reports);
  damage_table (no_sources, "sources");
  damage_table (no_reports, "reports");

  /* Both open: what touches neither table works. */
  run_cli (&opened, NULL, "--db", no_sources, "prune", "--older-than", "100000", NULL);
  g_assert_cmpint (opened.status, ==, 0);
  run_cli (&opened_too, NULL, "--db", no_reports, "sources", NULL);
  g_assert_cmpint (opened_too.status, ==, 0);

  run_cli (&add, NULL, "--db", no_sources, "add-source", "--no-check", feed_uri, NULL);
  g_assert_cmpint (add.status, ==, 3);
  g_assert_nonnull (strstr (add.err, "damaged"));
  run_cli (&sources, NULL, "--db", no_sources, "sources", NULL);
  g_assert_cmpint (sources.status, ==, 3);

  run_cli (&reanalyze, NULL, "--db", no_reports, "reanalyze", NULL);
  g_assert_cmpint (reanalyze.status, ==, 3);
  g_assert_nonnull (strstr (reanalyze.err, "damaged"));
  run_cli (&list, NULL, "--db", no_reports, "list", NULL);
  g_assert_cmpint (list.status, ==, 3);
  /* fetch meets it while storing each source: 3 as well, not "0 new". */
  run_cli (&refetch, NULL, "--db", no_reports, "fetch", "--once", "--offline", NULL);
  g_assert_cmpint (refetch.status, ==, 3);
  g_assert_nonnull (strstr (refetch.err, "could not be stored"));
}

/* Reading commands do not invent a cache where there is none. */
static void
test_missing_database (void)
{
  g_autofree char *dir = g_build_filename (home, "no", "such", "folder", NULL);
  g_autofree char *db = g_build_filename (dir, "rasid.db", NULL);
  g_autofree char *out = g_build_filename (home, "never.csv", NULL);
  const char *commands[][6] = {
    { "list", NULL },
    { "sources", NULL },
    { "export", "--format", "csv", "-o", out, NULL },
    { "export-opml", NULL },
    { "prune", "--older-than", "30", NULL },
    { "reanalyze", NULL },
    { "remove-source", "1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) r = { 0 };
      const char * const *c = commands[i];

      run_cli (&r, NULL, "--db", db, c[0], c[1], c[1] ? c[2] : NULL, c[1] && c[2] ? c[3] : NULL,
               c[1] && c[2] && c[3] ? c[4] : NULL, NULL);
      if (r.status != 4)
        g_error ("%s on a missing database exited %d: %s", c[0], r.status, r.err);
      g_assert_nonnull (strstr (r.err, "no database at"));
      g_assert_nonnull (strstr (r.err, db));
      g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
}

/* A document that arrived and could not be stored fails fetch; what is said
 * to be new is what was committed. The trigger stands in for a full disk:
 * it aborts the second source's transaction half-way through its items. */
static void
test_fetch_not_stored (void)
{
  g_autofree char *db = db_path ("unstored.db");
  g_autofree char *a = g_build_filename (home, "a.rss", NULL);
  g_autofree char *b = g_build_filename (home, "b.rss", NULL);
  g_autofree char *a_uri = g_filename_to_uri (a, NULL, NULL);
  g_autofree char *b_uri = g_filename_to_uri (b, NULL, NULL);
  g_autofree char *trigger = NULL;
  g_auto(Run) add_a = { 0 };
  g_auto(Run) add_b = { 0 };
  g_auto(Run) fetch = { 0 };
  g_auto(Run) list = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) rss_a = g_string_new ("<rss version=\"2.0\"><channel><title>أ</title>");
  g_autoptr(GString) rss_b = g_string_new ("<rss version=\"2.0\"><channel><title>ب</title>");
  gint64 b_id;

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (rss_a, "<item><title>قصف على إدلب رقم %u</title><guid>a%u</guid>"
                                   "<pubDate>Sat, 12 May 2018 1%u:00:00 +0300</pubDate></item>", i, i, i);
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (rss_b, "<item><title>اشتباكات في حلب رقم %u</title><guid>b%u</guid>"
                                   "<pubDate>Sat, 12 May 2018 0%u:00:00 +0300</pubDate></item>", i, i, i);
  g_string_append (rss_a, "</channel></rss>");
  g_string_append (rss_b, "</channel></rss>");
  g_assert_true (g_file_set_contents (a, rss_a->str, -1, NULL));
  g_assert_true (g_file_set_contents (b, rss_b->str, -1, NULL));

  run_cli (&add_a, NULL, "--db", db, "add-source", a_uri, NULL);
  g_assert_cmpint (add_a.status, ==, 0);
  run_cli (&add_b, NULL, "--db", db, "add-source", b_uri, NULL);
  g_assert_cmpint (add_b.status, ==, 0);
  b_id = g_ascii_strtoll (add_b.out, NULL, 10);
  g_assert_cmpint (b_id, >, 0);
  trigger = g_strdup_printf ("CREATE TRIGGER full_disk BEFORE INSERT ON report_sources "
                             "WHEN NEW.source_id = %" G_GINT64_FORMAT " AND "
                             "(SELECT count(*) FROM report_sources WHERE source_id = NEW.source_id) >= 2 "
                             "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END", b_id);
  exec_sql (db, trigger);

  run_cli (&fetch, NULL, "--db", db, "fetch", "--once", "--offline", NULL);
  g_assert_cmpint (fetch.status, ==, 1);
  g_assert_nonnull (strstr (fetch.out, "3 new reports"));
  g_assert_nonnull (strstr (fetch.err, "disk is full"));
  g_assert_nonnull (strstr (fetch.err, "1 source could not be stored"));

  /* The half-written batch was rolled back: 3 reports, as announced. */
  run_cli (&list, NULL, "--db", db, "list", "--json", "--limit", "0", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpuint (json_array_get_length (parse_array (parser, list.out)), ==, 3);
}

/* A source that cannot be reached is not a failure of fetch: it is
 * recorded in the source's health, and the rest is stored. */
static void
test_fetch_remote_down (void)
{
  g_autofree char *db = db_path ("down.db");
  g_autofree char *missing = g_strdup_printf ("%smissing.rss", server_url);
  g_auto(Run) add = { 0 };
  g_auto(Run) fetch = { 0 };
  g_auto(Run) sources = { 0 };

  run_cli (&add, NULL, "--db", db, "add-source", "--no-check", missing, NULL);
  g_assert_cmpint (add.status, ==, 0);
  run_cli (&fetch, NULL, "--db", db, "fetch", "--once", NULL);
  g_assert_cmpint (fetch.status, ==, 0);
  g_assert_nonnull (strstr (fetch.err, "404"));
  g_assert_nonnull (strstr (fetch.out, "0 new reports"));
  run_cli (&sources, NULL, "--db", db, "sources", "--json", NULL);
  g_assert_nonnull (strstr (sources.out, "HTTP 404"));
}

/* ---- export: standard output, and nothing replaced that is not a file ------ */

static char *
demo_db (void)
{
  char *db = db_path ("export.db");

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_auto(Run) fetch = { 0 };
      run_cli (&fetch, NULL, "--db", db, "fetch", "--once", "--offline", NULL);
      g_assert_cmpint (fetch.status, ==, 0);
    }
  return db;
}

static void
test_export_stdout (void)
{
  g_autofree char *db = demo_db ();
  g_auto(Run) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  JsonObject *root;

  run_cli (&r, NULL, "--db", db, "export", "--format", "json", "--place", "SY07", "-o", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "reports")), >, 0);
  /* The count goes to stderr, and no file called "-" appears. */
  g_assert_nonnull (strstr (r.err, "written to standard output"));
  g_assert_false (g_file_test ("-", G_FILE_TEST_EXISTS));
  dir = g_dir_open (home, 0, NULL);
  for (const char *name; (name = g_dir_read_name (dir));)
    g_assert_false (g_str_equal (name, "-"));
}

static void
test_export_not_regular (void)
{
  g_autofree char *db = demo_db ();
  g_autofree char *fifo = g_build_filename (home, "pipe", NULL);
  g_autofree char *target = g_build_filename (home, "target.csv", NULL);
  g_autofree char *link = g_build_filename (home, "link.csv", NULL);
  const char *devices[] = { "/dev/null", fifo, link };
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_set_contents (target, "keep\n", -1, NULL));
  g_assert_cmpint (symlink (target, link), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_auto(Run) r = { 0 };
      g_autofree char *kept = NULL;

      run_cli (&r, NULL, "--db", db, "export", "--format", "csv", "-o", devices[i], "--force", NULL);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, "not a regular file"));
      g_assert_cmpint (g_lstat (devices[i], &st), ==, 0);
      g_assert_false (S_ISREG (st.st_mode));
      g_assert_true (g_file_get_contents (target, &kept, NULL, NULL));
      g_assert_cmpstr (kept, ==, "keep\n");
    }
  g_assert_true (g_file_test ("/dev/null", G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

/* Not the database, not its -wal, -shm or -journal, whether they exist
 * yet or not, and not through a symbolic link or another path either. */
static void
test_export_not_database (void)
{
  g_autofree char *db = demo_db ();
  g_autofree char *link_dir = g_build_filename (home, "linked", NULL);
  g_autofree char *via_link = g_build_filename (link_dir, "export.db", NULL);
  g_autofree char *db_link = g_build_filename (home, "db-link.db", NULL);
  g_autofree char *dotted = g_build_filename (home, ".", "export.db-journal", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm_of_link = g_strconcat (db_link, "-shm", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  struct {
    const char *db, *output;
  } cases[] = {
    { db, db },
    { db, via_link },
    { db, wal },
    { db, dotted },
    { db_link, db },
    { db_link, shm_of_link },
  };

  g_assert_cmpint (symlink (home, link_dir), ==, 0);
  g_assert_cmpint (symlink (db, db_link), ==, 0);
  g_assert_true (g_file_get_contents (db, &before, &before_len, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };

      run_cli (&r, NULL, "--db", cases[i].db, "export", "--format", "csv", "-o", cases[i].output, "--force", NULL);
      if (r.status != 1 || strstr (r.err, "database") == NULL)
        g_error ("export of %s to %s exited %d: %s", cases[i].db, cases[i].output, r.status, r.err);
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS) && !g_file_test (db, G_FILE_TEST_EXISTS));
    }
  g_assert_true (g_file_get_contents (db, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (dotted, G_FILE_TEST_EXISTS));
}

/* ---- add-source looks at the address first --------------------------------- */

static const char home_page[] =
  "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><title>الموقع - الصفحة الرئيسية</title>"
  "<link rel=\"alternate\" type=\"application/json\" href=\"/wp-json/wp/v2/pages/7\">"
  "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"الموقع » خلاصة التعليقات\" href=\"/comments/feed/\">"
  "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"الموقع » الخلاصة\" href=\"/feed/\">"
  "</head><body><h1>الموقع</h1><p>أخبار</p></body></html>";

static const char plain_page[] =
  "<!DOCTYPE html><html><head><title>صفحة بلا خلاصة</title></head>"
  "<body><article><h1>عنوان</h1><p>نص طويل عن حلب.</p></article></body></html>";

static const char main_feed[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>الموقع</title><link>http://x/</link>"
  "<item><title>قصف على معرة النعمان</title><link>http://x/1</link><guid>1</guid>"
  "<pubDate>Sat, 12 May 2018 11:00:00 +0300</pubDate></item>"
  "<item><title>اشتباكات في ريف حلب</title><link>http://x/2</link><guid>2</guid>"
  "<pubDate>Sat, 12 May 2018 12:00:00 +0300</pubDate></item></channel></rss>";

static const char comments_feed[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>التعليقات</title>"
  "<item><title>تعليق</title><guid>c1</guid></item></channel></rss>";

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  const struct {
    const char *path, *type, *body;
  } pages[] = {
    { "/", "text/html; charset=utf-8", home_page },
    { "/plain.html", "text/html; charset=utf-8", plain_page },
    { "/feed/", "application/rss+xml", main_feed },
    { "/comments/feed/", "application/rss+xml", comments_feed },
    { "/wp-json/wp/v2/pages/7", "application/json", "{\"id\": 7}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (path, pages[i].path))
      {
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, pages[i].type, SOUP_MEMORY_STATIC, pages[i].body,
                                          strlen (pages[i].body));
        return;
      }
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* The server answers in its own thread: the tests wait on rasid-cli. */
static gpointer
server_thread (gpointer data)
{
  GAsyncQueue *ready = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_async_queue_push (ready, g_uri_to_string (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (loop);   /* until the test program exits */
  return NULL;
}

static void
test_add_source_home_page (void)
{
  g_autofree char *db = db_path ("home.db");
  g_autofree char *feed = g_strdup_printf ("%sfeed/", server_url);
  g_auto(Run) add = { 0 };
  g_auto(Run) sources = { 0 };
  g_auto(Run) fetch = { 0 };
  g_auto(Run) list = { 0 };
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  JsonArray *array;

  run_cli (&add, NULL, "--db", db, "add-source", server_url, NULL);
  g_assert_cmpint (add.status, ==, 0);
  /* It says which feed it chose: the news, not the comments or the page's JSON. */
  g_assert_nonnull (strstr (add.err, feed));
  g_assert_nonnull (strstr (add.err, "الموقع » الخلاصة"));

  run_cli (&sources, NULL, "--db", db, "sources", "--json", NULL);
  array = parse_array (p1, sources.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "url"), ==, feed);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "title"), ==, "الموقع");

  /* And what it fetches are the feed's reports, not the home page. */
  run_cli (&fetch, NULL, "--db", db, "fetch", "--once", NULL);
  g_assert_cmpint (fetch.status, ==, 0);
  run_cli (&list, NULL, "--db", db, "list", "--json", NULL);
  array = parse_array (p2, list.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_null (strstr (json_object_get_string_member (json_array_get_object_element (array, i), "title"),
                           "الصفحة الرئيسية"));
}

static void
test_add_source_refused (void)
{
  g_autofree char *db = db_path ("refused.db");
  g_autofree char *plain = g_strdup_printf ("%splain.html", server_url);
  g_autofree char *missing = g_strdup_printf ("%sno-such-feed", server_url);
  g_auto(Run) page = { 0 };
  g_auto(Run) not_found = { 0 };
  g_auto(Run) down = { 0 };
  g_auto(Run) as_page = { 0 };
  g_auto(Run) unchecked = { 0 };
  g_auto(Run) sources = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  /* A page with no feed is not turned into a source of junk reports. */
  run_cli (&page, NULL, "--db", db, "add-source", plain, NULL);
  g_assert_cmpint (page.status, ==, 1);
  g_assert_nonnull (strstr (page.err, "announces no feed"));
  g_assert_nonnull (strstr (page.err, "--kind html"));
  /* An address that answers 404, or nothing at all. */
  run_cli (&not_found, NULL, "--db", db, "add-source", missing, NULL);
  g_assert_cmpint (not_found.status, ==, 1);
  g_assert_nonnull (strstr (not_found.err, "404"));
  run_cli (&down, NULL, "--db", db, "add-source", "http://127.0.0.1:1/feed", NULL);
  g_assert_cmpint (down.status, ==, 1);
  g_assert_nonnull (strstr (down.err, "cannot check"));
  /* Nothing was stored; the cache was not even created. */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  /* Asked for by name, the page is followed; --no-check adds unseen. */
  run_cli (&as_page, NULL, "--db", db, "add-source", plain, "--kind", "html", NULL);
  g_assert_cmpint (as_page.status, ==, 0);
  run_cli (&unchecked, NULL, "--db", db, "add-source", missing, "--no-check", NULL);
  g_assert_cmpint (unchecked.status, ==, 0);
  run_cli (&sources, NULL, "--db", db, "sources", "--json", NULL);
  array = parse_array (parser, sources.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
}


/* A source's zone for dates that give none: checked by name, stored. */
static void
test_add_source_time_zone (void)
{
  g_autofree char *db = db_path ("zone.db");
  g_auto(Run) bad = { 0 };
  g_auto(Run) add = { 0 };
  g_auto(Run) list = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *source;

  run_cli (&bad, NULL, "--db", db, "add-source", "--no-check", "--time-zone", "Nowhere/City",
           "https://example.org/feed", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "Nowhere/City"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  run_cli (&add, NULL, "--db", db, "add-source", "--no-check", "--time-zone", "Europe/Istanbul",
           "https://example.org/feed", NULL);
  g_assert_cmpint (add.status, ==, 0);
  run_cli (&list, NULL, "--db", db, "sources", "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, list.out, -1, &error));
  source = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (source, "time_zone"), ==, "Europe/Istanbul");
  g_assert_true (json_object_has_member (source, "last_warning"));
}

int
main (int argc, char **argv)
{
  int ret;
  g_autoptr(GAsyncQueue) ready = g_async_queue_new ();

  g_test_init (&argc, &argv, NULL);
  home = rasid_test_tmpdir ();
  g_thread_unref (g_thread_new ("server", server_thread, ready));
  server_url = g_async_queue_pop (ready);
  g_test_add_func ("/cli/help-version", test_help_and_version);
  g_test_add_func ("/cli/wrong-arguments", test_wrong_arguments);
  g_test_add_func ("/cli/fetch-list", test_fetch_and_list);
  g_test_add_func ("/cli/analyze", test_analyze);
  g_test_add_func ("/cli/damaged-database", test_damaged_database);
  g_test_add_func ("/cli/preview", test_preview);
  g_test_add_func ("/cli/sources-opml", test_sources_opml);
  g_test_add_func ("/cli/discover", test_discover);
  g_test_add_func ("/cli/damage-after-open", test_damage_after_open);
  g_test_add_func ("/cli/missing-database", test_missing_database);
  g_test_add_func ("/cli/fetch-not-stored", test_fetch_not_stored);
  g_test_add_func ("/cli/fetch-remote-down", test_fetch_remote_down);
  g_test_add_func ("/cli/export-stdout", test_export_stdout);
  g_test_add_func ("/cli/export-not-regular", test_export_not_regular);
  g_test_add_func ("/cli/export-not-database", test_export_not_database);
  g_test_add_func ("/cli/add-source-home-page", test_add_source_home_page);
  g_test_add_func ("/cli/add-source-refused", test_add_source_refused);
  g_test_add_func ("/cli/add-source-time-zone", test_add_source_time_zone);
  ret = g_test_run ();
  rasid_test_rmdir (home);
  return ret;
}
