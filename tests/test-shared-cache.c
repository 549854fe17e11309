/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-shared-cache.c: several real processes on one cache, as analysts run
 * them: rasid-cli fetch and list loops, short-lived writers (add-source,
 * remove-source, export, prune, reanalyze), an outside sqlite3, fetches
 * killed with SIGKILL, and this process holding its own connection open the
 * whole time like the window does. Afterwards nothing may be damaged and
 * every report once seen committed must still be there.
 *
 *   test-shared-cache --seconds N [--cli PATH] [--no-holder]
 *
 * build-aux/stress-shared-cache runs it for longer. */
#include "rasid-store.h"
#include "rasid-store-private.h"
#include "rasid-test-util.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#define N_FEEDS 3
#define ITEMS_PER_FEED 15

static double seconds = 8;
static gboolean with_holder = TRUE;
static const char *cli = RASID_CLI;

typedef struct {
  char        *dir;
  char        *db;
  char        *base;          /* http://127.0.0.1:PORT */
  SoupServer  *server;
  GMainLoop   *loop;
  gint64       deadline;
  guint        running;       /* loops still going */
  guint        requests[N_FEEDS];
  guint        extra_serial;

  RasidStore  *holder;        /* this process's long-lived connection */
  GHashTable  *seen;          /* guid → TRUE: reports seen committed */
  GHashTable  *commands;      /* command name → runs (GUINT_TO_POINTER) */
  GString     *damage;        /* every message that says something broke */
  guint        killed;
  guint        failed_exits;
  guint        holder_checks;
  guint        n_damage;
} Stress;

static void G_GNUC_PRINTF (2, 3)
add_damage (Stress *st, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (st->damage, format, args);
  va_end (args);
  st->n_damage++;
}

/* ---- the publishers: feeds that grow on every request ------------------- */

static const char *places[] = { "جسرالشغور غرب إدلب", "مدينة الباب شرق حلب", "ريف ديرالزور الشرقي",
                                "مدينة درعا", "سراقب شرق ادلب" };

static void
serve_feed (SoupServerMessage *msg, Stress *st, guint feed)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>");
  guint serial = st->requests[feed]++;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_string_append_printf (xml, "<title>مصدر %u</title><link>%s/</link>", feed, st->base);
  /* Each request adds three items and keeps the latest fifteen. */
  for (guint i = 0; i < ITEMS_PER_FEED; i++)
    {
      guint n = serial * 3 + i;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (now - i * 60);
      g_autofree char *date = g_date_time_format (when, "%a, %d %b %Y %H:%M:%S +0000");

      g_string_append_printf (xml,
                              "<item><guid isPermaLink=\"false\">feed-%u-item-%u</guid>"
                              "<title>قصف مدفعي على %s رقم %u من المصدر %u</title>"
                              "<link>%s/story/%u/%u</link><pubDate>%s</pubDate>"
                              "<description>قالت مصادر محلية إن القصف طال %s صباح اليوم (مصادر محلية).</description></item>",
                              feed, n, places[n % G_N_ELEMENTS (places)], n, feed, st->base, feed, n, date,
                              places[(n + 1) % G_N_ELEMENTS (places)]);
    }
  g_string_append (xml, "</channel></rss>");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml; charset=utf-8", SOUP_MEMORY_COPY, xml->str, xml->len);
}

/* Sources the writers add and remove: old items, so prune has work. */
static void
serve_extra (SoupServerMessage *msg, Stress *st, const char *path)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>مؤقت</title>");

  for (guint i = 0; i < 5; i++)
    g_string_append_printf (xml, "<item><guid>%s-%u</guid><title>خبر قديم %u عن حماة من %s</title>"
                                 "<pubDate>Mon, 0%u Jan 2001 10:00:00 +0000</pubDate></item>",
                            path, i, i, path, i + 1);
  g_string_append (xml, "</channel></rss>");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, xml->str, xml->len);
}

static void
on_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  Stress *st = user_data;
  guint feed;

  if (sscanf (path, "/feed/%u", &feed) == 1 && feed < N_FEEDS)
    serve_feed (msg, st, feed);
  else if (g_str_has_prefix (path, "/extra/"))
    serve_extra (msg, st, path + 7);
  else
    soup_server_message_set_status (msg, 404, NULL);
}

/* ---- what every process said -------------------------------------------- */

static const char *damage_words[] = {
  "malformed", "disk I/O", "not a database", "damaged", "locked", "in use by another",
  "FOREIGN KEY", "constraint failed", "corrupt", "Cannot record", "CRITICAL", "WARNING",
};

static void
look_for_damage (Stress *st, const char *who, const char *text)
{
  for (guint i = 0; text && i < G_N_ELEMENTS (damage_words); i++)
    if (strstr (text, damage_words[i]))
      {
        add_damage (st, "%s: %s\n", who, text);
        return;
      }
}

/* ---- the loops ---------------------------------------------------------- */

typedef enum { LOOP_FETCH, LOOP_LIST, LOOP_WRITERS, LOOP_OUTSIDE, N_LOOPS } LoopKind;

typedef struct {
  Stress   *st;
  LoopKind  kind;
  guint     step;
  char     *name;          /* the command now running */
  gint64    extra_id;      /* writers: the source they added */
  gboolean  expect_kill;
} Loop;

static void loop_next (Loop *loop);

static gboolean
kill_it (gpointer data)
{
  GSubprocess *proc = data;

  g_subprocess_send_signal (proc, SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
on_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  Loop *loop = user_data;
  Stress *st = loop->st;
  GSubprocess *proc = G_SUBPROCESS (object);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  guint runs;

  g_subprocess_communicate_utf8_finish (proc, res, &out, &err, &error);
  g_assert_no_error (error);
  runs = GPOINTER_TO_UINT (g_hash_table_lookup (st->commands, loop->name));
  g_hash_table_insert (st->commands, g_strdup (loop->name), GUINT_TO_POINTER (runs + 1));

  look_for_damage (st, loop->name, err);
  if (g_subprocess_get_if_signaled (proc))
    {
      if (g_subprocess_get_term_sig (proc) == SIGKILL && loop->expect_kill)
        st->killed++;
      else
        add_damage (st, "%s died of signal %d\n", loop->name, g_subprocess_get_term_sig (proc));
    }
  else if (g_subprocess_get_exit_status (proc) != 0)
    {
      st->failed_exits++;
      add_damage (st, "%s exited with %d: %s\n", loop->name,
                              g_subprocess_get_exit_status (proc), err ? err : "");
    }
  loop_next (loop);
}

static void
spawn (Loop *loop, const char *name, gboolean kill_soon, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_free (loop->name);
  loop->name = g_strdup (name);
  loop->expect_kill = kill_soon;
  va_start (args, kill_soon);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  if (kill_soon)
    g_timeout_add_full (G_PRIORITY_DEFAULT, g_random_int_range (20, 400), kill_it,
                        g_object_ref (proc), g_object_unref);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_done, loop);
}

static gint64
source_id_for (Stress *st, const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = st->holder ? g_object_ref (st->holder) : rasid_store_open (st->db, &error);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  gint64 id = 0;

  if (store == NULL)
    {
      add_damage (st, "checker: %s\n", error->message);
      return 0;
    }
  db = _rasid_store_get_db (store);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM sources WHERE url = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, url, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

static void
loop_next (Loop *loop)
{
  Stress *st = loop->st;
  guint step = loop->step++;

  if (g_get_monotonic_time () >= st->deadline)
    {
      if (--st->running == 0)
        g_main_loop_quit (st->loop);
      return;
    }

  switch (loop->kind)
    {
    case LOOP_FETCH:
      /* Every fifth fetch is killed part-way, as by a crash or a power cut. */
      spawn (loop, "fetch", step % 5 == 4, cli, "--db", st->db, "fetch", "--once", NULL);
      break;
    case LOOP_LIST:
      if (step % 2)
        spawn (loop, "list", FALSE, cli, "--db", st->db, "list", "-n", "5", NULL);
      else
        spawn (loop, "list --json", FALSE, cli, "--db", st->db, "list", "--json", "-q", "ادلب", "-n", "20", NULL);
      break;
    case LOOP_WRITERS:
      switch (step % 5)
        {
        case 0:
          {
            g_autofree char *url = g_strdup_printf ("%s/extra/%u", st->base, st->extra_serial++);
            spawn (loop, "add-source", FALSE, cli, "--db", st->db, "add-source", url, NULL);
            loop->extra_id = 0;
            g_object_set_data_full (G_OBJECT (st->server), "last-extra", g_steal_pointer (&url), g_free);
          }
          break;
        case 1:
          {
            g_autofree char *out = g_build_filename (st->dir, "export.json", NULL);
            spawn (loop, "export", FALSE, cli, "--db", st->db, "export", "-f", "json", "--force", "-o", out, NULL);
          }
          break;
        case 2:
          spawn (loop, "prune", FALSE, cli, "--db", st->db, "prune", "--older-than", "3650", NULL);
          break;
        case 3:
          spawn (loop, "reanalyze", FALSE, cli, "--db", st->db, "reanalyze", NULL);
          break;
        case 4:
          {
            const char *url = g_object_get_data (G_OBJECT (st->server), "last-extra");
            gint64 id = url ? source_id_for (st, url) : 0;
            g_autofree char *arg = g_strdup_printf ("%" G_GINT64_FORMAT, id);

            if (id == 0)
              {
                add_damage (st, "add-source left no source for %s\n", url);
                loop_next (loop);
                return;
              }
            spawn (loop, "remove-source", FALSE, cli, "--db", st->db, "remove-source", arg, NULL);
          }
          break;
        }
      break;
    case LOOP_OUTSIDE:
      /* Another program entirely, opening and closing the file (with a busy
       * timeout, as any program sharing a SQLite file needs). */
      spawn (loop, "sqlite3", FALSE, "sqlite3", "-cmd", ".timeout 5000", st->db, "SELECT count(*) FROM reports; SELECT count(*) FROM sources;", NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- the window's part: one connection kept open, others come and go ---- */

static void
remember_committed (Stress *st)
{
  sqlite3 *db = _rasid_store_get_db (st->holder);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT guid FROM report_sources WHERE guid LIKE 'feed-%'", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      add_damage (st, "holder: %s\n", sqlite3_errmsg (db));
      return;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (st->seen, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    add_damage (st, "holder: %s\n", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
}

static void
open_briefly (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Stress *st = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) other = rasid_store_open (st->db, &error);
  g_autoptr(RasidFilter) filter = rasid_filter_new ();

  /* Workers open their own connections while the holder's stays open. */
  if (other == NULL || rasid_store_count_reports (other, filter, &error) < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_opened_briefly (GObject *object, GAsyncResult *res, gpointer user_data)
{
  Stress *st = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    add_damage (st, "worker connection: %s\n", error->message);
}

static gboolean
wal_deleted_under_us (void)
{
  g_autoptr(GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (fds && (name = g_dir_read_name (fds)))
    {
      g_autofree char *fd = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (fd, NULL);
      if (target && strstr (target, "rasid.db") && strstr (target, "(deleted)"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
holder_tick (gpointer data)
{
  Stress *st = data;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_opened_briefly, st);
  g_autoptr(GError) error = NULL;

  st->holder_checks++;
  /* --no-holder: only the CLI processes keep connections; look briefly. */
  if (!with_holder && (st->holder = rasid_store_open (st->db, &error)) == NULL)
    add_damage (st, "checker: %s\n", error->message);
  if (st->holder)
    remember_committed (st);
  if (!with_holder)
    g_clear_object (&st->holder);
  if (wal_deleted_under_us ())
    add_damage (st, "holder: the WAL was deleted under an open connection\n");
  g_task_set_task_data (task, st, NULL);
  g_task_run_in_thread (task, open_briefly);
  return g_get_monotonic_time () < st->deadline ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* ---- the test ----------------------------------------------------------- */

static void
test_shared_cache (void)
{
  Stress st = { 0 };
  Loop loops[N_LOOPS + 1] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *integrity = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint missing = 0, total_runs = 0;
  gint64 reports = 0;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  st.dir = rasid_test_tmpdir ();
  st.db = g_build_filename (st.dir, "rasid.db", NULL);
  st.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st.commands = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st.damage = g_string_new (NULL);
  st.loop = g_main_loop_new (NULL, FALSE);

  st.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (st.server, NULL, on_request, &st, NULL);
  soup_server_listen_local (st.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (st.server);
  st.base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* The window's connection, open for the whole run. */
  st.holder = rasid_store_open (st.db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_FEEDS; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/feed/%u", st.base, i);
      g_assert_cmpint (rasid_store_add_source (st.holder, url, NULL, "rss", FALSE, &error), >, 0);
      g_assert_no_error (error);
    }

  st.deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  /* Two fetch loops, one list loop, the writers, the outside program. */
  for (guint i = 0; i < G_N_ELEMENTS (loops); i++)
    {
      loops[i].st = &st;
      loops[i].kind = i == 0 ? LOOP_FETCH : (LoopKind) (i - 1);
      if (loops[i].kind == LOOP_OUTSIDE && !g_find_program_in_path ("sqlite3"))
        continue;
      st.running++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (loops); i++)
    if (loops[i].kind != LOOP_OUTSIDE || g_find_program_in_path ("sqlite3"))
      loop_next (&loops[i]);
  g_timeout_add (150, holder_tick, &st);
  if (!with_holder)
    g_clear_object (&st.holder);
  g_main_loop_run (st.loop);
  if (st.holder == NULL)
    {
      st.holder = rasid_store_open (st.db, &error);
      g_assert_no_error (error);
    }

  /* The holder's connection still works and sees every report it saw. */
  remember_committed (&st);
  db = _rasid_store_get_db (st.holder);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  integrity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM reports", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    reports = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT 1 FROM report_sources WHERE guid = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  g_hash_table_iter_init (&iter, st.seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        missing++;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  g_hash_table_iter_init (&iter, st.commands);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("%s: %u runs", (const char *) key, GPOINTER_TO_UINT (value));
      total_runs += GPOINTER_TO_UINT (value);
    }
  g_test_message ("%.0f s, %u commands (%u fetches killed with SIGKILL), %u checks by the open connection; "
                  "%" G_GINT64_FORMAT " reports stored, %u seen committed, %u of them missing; "
                  "damage messages and failed exits: %u; integrity_check: %s",
                  seconds, total_runs, st.killed, st.holder_checks, reports, g_hash_table_size (st.seen), missing,
                  st.n_damage, integrity);
  if (st.damage->len)
    g_test_message ("what went wrong:\n%s", st.damage->str);

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpuint (missing, ==, 0);
  g_assert_cmpuint (g_hash_table_size (st.seen), >, 0);
  g_assert_cmpstr (st.damage->str, ==, "");
  g_assert_cmpuint (total_runs, >=, 10);

  g_clear_object (&st.holder);
  g_clear_object (&st.server);
  g_main_loop_unref (st.loop);
  g_hash_table_unref (st.seen);
  g_hash_table_unref (st.commands);
  g_string_free (st.damage, TRUE);
  g_free (st.base);
  for (guint i = 0; i < G_N_ELEMENTS (loops); i++)
    g_free (loops[i].name);
  rasid_test_rmdir (st.dir);
  g_free (st.db);
  g_free (st.dir);
}

int
main (int argc, char **argv)
{
  const char *env = g_getenv ("RASID_STRESS_SECONDS");

  g_test_init (&argc, &argv, NULL);
  if (env)
    seconds = g_ascii_strtod (env, NULL);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--seconds") && i + 1 < argc)
        seconds = g_ascii_strtod (argv[++i], NULL);
      else if (g_str_equal (argv[i], "--no-holder"))
        with_holder = FALSE;
      else if (g_str_equal (argv[i], "--cli") && i + 1 < argc)
        cli = argv[++i];
    }
  g_test_add_func ("/shared-cache/processes", test_shared_cache);
  return g_test_run ();
}
