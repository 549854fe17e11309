/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-sources.c: the real window under Xvfb against a loopback libsoup
 * server: every source failing shows the desk's strip; sources are added
 * through the Add Source dialog (a feed, a home page announcing one, a 404,
 * a page that is no feed, a refused port) and the outcome checked in the
 * dialog and the store. Kept apart from test-ui.c, whose window runs
 * --offline. Saves screenshots to docs/. */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "rasid-add-source-dialog.h"
#include "rasid-application.h"
#include "rasid-source-status.h"
#include "rasid-window.h"
#include "rasid-test-util.h"
#include "rasid-test-ui-util.h"

static char *home;
static gboolean arabic;
static char *base;
static char *refused;

static const char feed_xml[] =
  "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>شبكة أخبار الاختبار</title>"
  "<item><title>قصف مدفعي على بلدة كفرنبل في ريف إدلب الجنوبي</title><link>http://127.0.0.1/a</link><guid>a</guid>"
  "<pubDate>Mon, 06 May 2024 10:00:00 +0300</pubDate></item>"
  "<item><title>اشتباكات بين فصائل المعارضة وقوات النظام في ريف حلب</title><link>http://127.0.0.1/b</link><guid>b</guid>"
  "<pubDate>Mon, 06 May 2024 11:00:00 +0300</pubDate></item>"
  "<item><title>افتتاح مدرسة جديدة في مدينة دير الزور</title><link>http://127.0.0.1/c</link><guid>c</guid>"
  "<pubDate>Mon, 06 May 2024 12:00:00 +0300</pubDate></item>"
  "<item><title>انقطاع الكهرباء عن أحياء في مدينة حمص</title><link>http://127.0.0.1/d</link><guid>d</guid>"
  "<pubDate>Mon, 06 May 2024 09:00:00 +0300</pubDate></item>"
  "</channel></rss>";
static const char home_html[] =
  "<!DOCTYPE html><html><head><title>الرئيسية</title>"
  "<link rel='alternate' type='application/rss+xml' title='الأخبار' href='/feed.xml'>"
  "</head><body><p>أهلًا</p></body></html>";
static const char plain_html[] =
  "<!DOCTYPE html><html><head><title>عن الموقع</title></head><body><h1>عن الموقع</h1><p>لا خلاصة هنا.</p></body></html>";

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  static const struct { const char *path, *type, *body; } pages[] = {
    { "/feed.xml", "application/rss+xml", feed_xml },
    { "/home.html", "text/html; charset=utf-8", home_html },
    { "/about.html", "text/html; charset=utf-8", plain_html },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (path, pages[i].path))
      {
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, pages[i].type, SOUP_MEMORY_STATIC, pages[i].body, strlen (pages[i].body));
        return;
      }
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static GtkWindow *
find_window (RasidApplication *app, GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static RasidSource *
source_at (RasidApplication *app, const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = rasid_store_list_sources (rasid_application_get_store (app), &error);

  g_assert_no_error (error);
  for (guint i = 0; i < sources->len; i++)
    if (g_str_equal (((RasidSource *) g_ptr_array_index (sources, i))->url, url))
      return g_ptr_array_steal_index (sources, i);
  return NULL;
}

/* The source at @url once it has been fetched, else NULL. */
static RasidSource *
fetched_source (RasidApplication *app, const char *url)
{
  RasidSource *s = source_at (app, url);

  if (s && s->last_fetch == 0)
    g_clear_pointer (&s, rasid_source_free);
  return s;
}

static gboolean
has_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (has_label (c, text))
      return TRUE;
  return FALSE;
}

/* The "Add Anyway" button. */
static GtkWidget *
find_anyway (RasidAddSourceDialog *dialog)
{
  GtkWidget *w = GTK_WIDGET (dialog);
  GtkWidget *stack = rasid_test_find_widget_of_type (w, GTK_TYPE_STACK);
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (stack), "error");
  GtkWidget *last = gtk_widget_get_last_child (page);

  g_assert_true (GTK_IS_BUTTON (last));
  return last;
}

/* Types @url in the dialog's entry and presses Enter. */
static void
type_and_enter (RasidAddSourceDialog *dialog, const char *url)
{
  GtkWidget *row = rasid_test_find_widget_of_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);

  gtk_editable_set_text (GTK_EDITABLE (row), url);
  g_signal_emit_by_name (row, "entry-activated");
}

static gboolean
entry_has_focus (RasidAddSourceDialog *dialog)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
  GtkWidget *row = rasid_test_find_widget_of_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);

  return focus && (focus == row || gtk_widget_is_ancestor (focus, row));
}

static const char *
state (RasidAddSourceDialog *dialog)
{
  return rasid_add_source_dialog_get_state (dialog);
}

static void
run_checks (RasidApplication *app)
{
  RasidWindow *win;
  RasidSourceStatus *status;
  RasidAddSourceDialog *dialog;
  g_autofree char *missing = g_strconcat (base, "/missing.xml", NULL);
  g_autofree char *home_url = g_strconcat (base, "/home.html", NULL);
  g_autofree char *feed_url = g_strconcat (base, "/feed.xml", NULL);
  g_autofree char *about_url = g_strconcat (base, "/about.html", NULL);

  WAIT_UNTIL ((win = RASID_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)))) != NULL, 30);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (win)), 30);
  status = RASID_SOURCE_STATUS (rasid_test_find_widget_of_type (GTK_WIDGET (win), RASID_TYPE_SOURCE_STATUS));
  g_assert_nonnull (status);

  /* Both publishers fail: the desk says so, loudly. */
  WAIT_UNTIL (rasid_source_status_get_all_failing (status), 30);
  g_assert_cmpuint (rasid_source_status_get_n_failing (status), ==, 2);
  g_test_message ("strip: %s", rasid_source_status_get_text (status));
  if (arabic)
    g_assert_nonnull (strstr (rasid_source_status_get_text (status), "تعذّر جلب"));
  else
    g_assert_cmpstr (rasid_source_status_get_text (status), ==, "No publisher’s feed could be fetched");
  spin (600);
  rasid_test_save_screenshot (home, GTK_WIDGET (win), arabic ? "screenshot-sources-failing.png" : "screenshot-sources-failing-en.png");

  /* The menu's Add Source… opens the dialog, its entry focused. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.add-source", NULL);
  WAIT_UNTIL ((dialog = (RasidAddSourceDialog *) find_window (app, RASID_TYPE_ADD_SOURCE_DIALOG)) != NULL, 10);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)), 10);
  g_assert_cmpstr (state (dialog), ==, "empty");

  /* A 404: said in words, nothing to add, no "add anyway". */
  type_and_enter (dialog, missing);
  WAIT_UNTIL (g_str_equal (state (dialog), "error"), 20);
  g_assert_true (entry_has_focus (dialog));
  g_assert_true (has_label (GTK_WIDGET (dialog), "404"));
  g_assert_false (gtk_widget_get_visible (find_anyway (dialog)));

  /* A page that is no feed and announces none. */
  type_and_enter (dialog, about_url);
  WAIT_UNTIL (g_str_equal (state (dialog), "error"), 20);
  g_assert_true (has_label (GTK_WIDGET (dialog), arabic ? "ليست خلاصة" : "This is not a feed"));

  /* A refused port: a network failure, so "Add Anyway" is offered. */
  type_and_enter (dialog, refused);
  WAIT_UNTIL (g_str_equal (state (dialog), "error"), 20);
  g_assert_true (entry_has_focus (dialog));
  g_assert_true (has_label (GTK_WIDGET (dialog), arabic ? "رفض الخادم" : "refused the connection"));
  g_assert_true (gtk_widget_get_visible (find_anyway (dialog)));
  g_assert_false (has_label (GTK_WIDGET (dialog), "Could not connect") &&
                  !gtk_expander_get_expanded (GTK_EXPANDER (rasid_test_find_widget_of_type (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER))));
  spin (400);
  rasid_test_save_screenshot (home, GTK_WIDGET (dialog), arabic ? "screenshot-add-source-error.png" : "screenshot-add-source-error-en.png");

  /* A home page: its feed is found and previewed, then added and fetched at once. */
  type_and_enter (dialog, home_url);
  WAIT_UNTIL (g_str_equal (state (dialog), "preview"), 20);
  g_assert_true (entry_has_focus (dialog));
  g_assert_true (has_label (GTK_WIDGET (dialog), "شبكة أخبار الاختبار"));
  g_assert_true (has_label (GTK_WIDGET (dialog), "افتتاح مدرسة جديدة"));
  /* Three latest headlines, newest first: the oldest is not shown. */
  g_assert_false (has_label (GTK_WIDGET (dialog), "انقطاع الكهرباء"));
  spin (400);
  rasid_test_save_screenshot (home, GTK_WIDGET (dialog), arabic ? "screenshot-add-source.png" : "screenshot-add-source-en.png");
  /* Enter again on the address previewed adds it. */
  type_and_enter (dialog, home_url);
  WAIT_UNTIL (g_str_equal (state (dialog), "empty"), 20);
  g_assert_true (entry_has_focus (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rasid_test_find_widget_of_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW))), ==, "");
  {
    RasidSource *s = NULL;

    WAIT_UNTIL ((s = fetched_source (app, feed_url)) != NULL, 30);
    g_assert_cmpint (s->last_success, >, 0);
    g_assert_cmpint (s->report_count, ==, 4);
    g_assert_cmpstr (s->title, ==, "شبكة أخبار الاختبار");
    rasid_source_free (s);
  }
  /* The home page itself was not added. */
  g_assert_null (source_at (app, home_url));
  WAIT_UNTIL (has_label (GTK_WIDGET (dialog), "4"), 20);
  /* One publisher works now: the strip counts the two failing ones, quietly. */
  WAIT_UNTIL (!rasid_source_status_get_all_failing (status) && rasid_source_status_get_n_failing (status) == 2, 20);
  g_assert_cmpstr (rasid_source_status_get_text (status), !=, "");

  /* The refused address, added anyway, stays as a failing source. */
  type_and_enter (dialog, refused);
  WAIT_UNTIL (g_str_equal (state (dialog), "error"), 20);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "source.add-anyway", NULL);
  WAIT_UNTIL (g_str_equal (state (dialog), "empty"), 20);
  {
    RasidSource *s = NULL;
    WAIT_UNTIL ((s = fetched_source (app, refused)) != NULL, 30);
    g_assert_cmpstr (s->last_error_kind, ==, "refused");
    rasid_source_free (s);
  }
  gtk_window_close (GTK_WINDOW (dialog));

  /* The strip's button opens the sources in Preferences. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.show-sources", NULL);
  {
    AdwPreferencesWindow *prefs = NULL;
    WAIT_UNTIL ((prefs = (AdwPreferencesWindow *) find_window (app, ADW_TYPE_PREFERENCES_WINDOW)) != NULL, 10);
    WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (prefs)), 10);
    g_assert_cmpstr (adw_preferences_window_get_visible_page_name (prefs), ==, "sources");
    spin (800);
    /* Causes in the UI's words, never the library's. */
    g_assert_true (has_label (GTK_WIDGET (prefs), arabic ? "رفض الخادم" : "refused the connection"));
    g_assert_false (has_label (GTK_WIDGET (prefs), "Connection refused"));
    rasid_test_save_screenshot (home, GTK_WIDGET (prefs), arabic ? "screenshot-sources.png" : "screenshot-sources-en.png");
    gtk_window_close (GTK_WINDOW (prefs));
  }
  g_application_quit (G_APPLICATION (app));
}

static void
on_activate (GApplication *app, gpointer user_data)
{
  g_idle_add_once ((GSourceOnceFunc) run_checks, app);
}

static void
test_sources (void)
{
  g_autoptr(RasidApplication) app = rasid_application_new ();
  g_autofree char *db = g_build_filename (home, "rasid.db", NULL);
  char *argv[] = { "rasid", "--db", db, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  GSList *uris;

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  base[strlen (base) - 1] = 0;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
    bound = g_socket_get_local_address (socket, NULL);
    refused = g_strdup_printf ("http://127.0.0.1:%u/rss", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  }
  /* Two publishers, both failing; with sources, no demo is added. */
  {
    g_autoptr(RasidStore) store = rasid_store_open (db, &error);
    g_autofree char *gone = g_strconcat (base, "/gone.xml", NULL);

    g_assert_no_error (error);
    g_assert_cmpint (rasid_store_add_source (store, gone, "منشور مفقود", "auto", FALSE, &error), >, 0);
    g_assert_cmpint (rasid_store_add_source (store, "http://127.0.0.1:9/rss", "منفذ مغلق", "auto", FALSE, &error), >, 0);
  }
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

int
main (int argc, char **argv)
{
  int out;

  home = rasid_test_ui_init (&argc, argv, &arabic);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func (arabic ? "/ui/sources/arabic" : "/ui/sources/english", test_sources);
  out = g_test_run ();
  rasid_test_rmdir (home);
  return out;
}
