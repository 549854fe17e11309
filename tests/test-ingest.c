/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ingest.c: the bundled demo arrives through the ordinary source path,
 * with the seed's times, attributions and article; a broken source fails
 * alone and loses nothing already stored. */
#include "rasid-ingest.h"
#include "rasid-dates.h"
#include "rasid-store-private.h"
#include "rasid-test-util.h"

#include <string.h>

typedef struct {
  char          *dir;
  char          *path;
  RasidAnalyzer *analyzer;
  RasidIngest   *ingest;
  GMainLoop     *loop;
  guint          n_new;
  GPtrArray     *errors;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = rasid_test_tmpdir ();
  f->path = g_build_filename (f->dir, "rasid.db", NULL);
  f->analyzer = rasid_analyzer_new_default (&error);
  g_assert_no_error (error);
  f->ingest = rasid_ingest_new (f->path, f->analyzer);
  /* Tests never reach the internet: bundled and file:// sources only. */
  rasid_ingest_set_network_enabled (f->ingest, FALSE);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->errors = g_ptr_array_new_with_free_func (g_free);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->ingest);
  g_clear_object (&f->analyzer);
  g_main_loop_unref (f->loop);
  g_ptr_array_unref (f->errors);
  rasid_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
on_source_done (RasidIngest *ingest, gint64 id, guint n_new, guint n_updated, const char *error, Fixture *f)
{
  if (error)
    g_ptr_array_add (f->errors, g_strdup (error));
}

static void
on_refreshed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rasid_ingest_refresh_finish (RASID_INGEST (object), res, &f->n_new, &error));
  g_assert_no_error (error);
  g_main_loop_quit (f->loop);
}

static void
refresh (Fixture *f)
{
  gulong id = g_signal_connect (f->ingest, "source-done", G_CALLBACK (on_source_done), f);

  rasid_ingest_refresh_async (f->ingest, RASID_REFRESH_ALL, NULL, on_refreshed, f);
  g_main_loop_run (f->loop);
  g_signal_handler_disconnect (f->ingest, id);
  g_assert_false (rasid_ingest_get_busy (f->ingest));
}

static GPtrArray *
load (RasidStore *store, RasidFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = rasid_store_query_ids (store, filter, &error);
  GPtrArray *reports;

  g_assert_no_error (error);
  reports = rasid_store_load_reports (store, (gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  return reports;
}

/* The seed's ten ticker items: headline start, attribution, clock. */
static const struct { const char *start; const char *attribution; const char *clock; } seed_items[] = {
  { "هيئة الصحة التابعة", NULL, "09:33" },
  { "تسجيل أول إصابتين", "مصدر طبي", "21:08" },
  { "تسجيل 65 إصابة", "وسائل إعلام النظام", "08:50" },
  { "\"الجبهة الوطنية للتحرير\" تسقط", "مصدر عسكرية", "11:52" },
  { "\"الإدارة الذاتية\" تعلن", "مصدر طبي", "11:25" },
  { "مقتل طفل وجرح سبعة", "مصادر محلية", "11:22" },
  { "مقتل قائد عسكري", "مصدر عسكري", "11:20" },
  { "\"قسد\" تشن حملة", "مصدر عسكري", "11:19" },
  { "\"قسد\" تعتقل عشرات", "مصدر عسكري من \"قسد\"", "21:21" },
  { "مقتل مقاتلين سابقين", "مصادر محلية", "21:20" },
};

static void
test_demo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidFilter) breaking = rasid_filter_new ();
  g_autoptr(RasidFilter) article = rasid_filter_new ();
  g_autoptr(GPtrArray) ticker = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  RasidReport *a;
  guint network = 0;

  refresh (f);
  g_assert_cmpuint (f->errors->len, ==, 0);
  store = rasid_store_open (f->path, &error);
  g_assert_no_error (error);

  /* Default sources: the three demo files and real publishers' feeds,
   * which an offline refresh leaves alone. */
  sources = rasid_store_list_sources (store, &error);
  for (guint i = 0; i < sources->len; i++)
    network += g_str_has_prefix (((RasidSource *) g_ptr_array_index (sources, i))->url, "https://");
  g_assert_cmpuint (network, >=, 5);
  g_assert_cmpuint (sources->len, ==, network + 3);

  breaking->breaking_only = TRUE;
  breaking->source_id = 1;
  ticker = load (store, breaking);
  g_assert_cmpuint (ticker->len, ==, G_N_ELEMENTS (seed_items));
  for (guint k = 0; k < G_N_ELEMENTS (seed_items); k++)
    {
      RasidReport *match = NULL;
      g_autofree char *local = NULL;

      for (guint i = 0; i < ticker->len; i++)
        if (g_str_has_prefix (rasid_report_get_title (g_ptr_array_index (ticker, i)), seed_items[k].start))
          match = g_ptr_array_index (ticker, i);
      g_assert_nonnull (match);
      g_assert_cmpstr (rasid_report_get_attribution (match), ==, seed_items[k].attribution);
      g_assert_cmpstr (rasid_report_get_clock (match), ==, seed_items[k].clock);
      /* The time it was published, in Syria, is the ticker's clock. */
      local = rasid_format_iso8601 (rasid_report_get_published (match), NULL);
      g_assert_cmpstr (local + 11, >=, seed_items[k].clock);
      g_assert_true (strncmp (local + 11, seed_items[k].clock, 5) == 0);
      g_assert_true (rasid_report_get_breaking (match));
    }

  article->query = g_strdup ("\"فيلق الرحمن\" اجتماعنا");
  found = load (store, article);
  g_assert_cmpuint (found->len, ==, 1);
  a = g_ptr_array_index (found, 0);
  g_assert_cmpstr (rasid_report_get_title (a), ==, "\"فيلق الرحمن\": اجتماعنا مع \"جيش الإسلام\" شمال حلب يهدف لتجاوز الواقع إلى الأمام");
  g_assert_cmpstr (rasid_report_get_author (a), ==, "عبيدة النبواني");
  g_assert_cmpstr (rasid_report_get_dateline (a), ==, "سمارت - حلب");
  {
    g_autofree char *iso = rasid_format_iso8601 (rasid_report_get_published (a), NULL);
    g_assert_cmpstr (iso, ==, "2018-05-12T11:47:00+03:00");
  }
  g_assert_nonnull (strstr (rasid_report_get_body (a), "وائل علوان"));
  g_assert_nonnull (strstr (rasid_report_get_body (a), "\n\n"));

  /* Enough further reports to make filtering meaningful. */
  g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), >=, 55);

  /* Again: nothing new, nothing duplicated. */
  refresh (f);
  g_assert_cmpuint (f->n_new, ==, 0);
  g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), >=, 55);
}

static void
test_broken_source (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autofree char *bad = rasid_test_fixture ("invalid.xml");
  g_autofree char *bad_uri = g_filename_to_uri (bad, NULL, NULL);
  g_autoptr(RasidSource) source = NULL;
  gint64 before, id;

  refresh (f);
  store = rasid_store_open (f->path, &error);
  before = rasid_store_count_reports (store, NULL, &error);
  id = rasid_store_add_source (store, bad_uri, NULL, NULL, FALSE, &error);
  rasid_store_add_source (store, "file:///nonexistent/rasid/feed.xml", NULL, NULL, FALSE, &error);

  refresh (f);
  g_assert_cmpuint (f->errors->len, ==, 2);
  g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), ==, before);
  source = rasid_store_get_source (store, id, &error);
  g_assert_nonnull (source->last_error);
  g_assert_nonnull (strstr (source->last_error, "XML"));
  g_assert_cmpuint (source->failures, ==, 1);
}

static void
test_retention (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(GArray) ids = NULL;

  refresh (f);
  store = rasid_store_open (f->path, &error);
  ids = rasid_store_query_ids (store, NULL, &error);
  g_assert_true (rasid_store_set_flags (store, g_array_index (ids, gint64, 3), -1, 1, &error));

  /* The demo is from 2018: a 30-day window keeps only the starred report,
   * and the next fetch does not bring the others back. */
  rasid_ingest_set_retention (f->ingest, 30);
  refresh (f);
  g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), ==, 1);
  refresh (f);
  g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), ==, 1);
  {
    g_autoptr(RasidFilter) search = rasid_filter_new ();
    search->query = g_strdup ("قسد");
    /* The index lost the pruned reports too. */
    g_assert_cmpint (rasid_store_count_reports (store, search, &error), <=, 1);
  }
}


static char *
make_feed (guint first, guint n)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>");

  for (guint i = first; i < first + n; i++)
    {
      g_string_append_printf (xml, "<item><guid>item-%u</guid><title>قصف على مدينة سراقب شرق إدلب رقم %u</title>"
                                   "<pubDate>Mon, 07 May 2018 10:%02u:00 +0300</pubDate><description>", i, i, i % 60);
      for (guint j = 0; j < 40; j++)
        g_string_append_printf (xml, "قالت مصادر محلية إن القصف طال الأحياء السكنية في المدينة %u. ", j);
      g_string_append (xml, "</description></item>");
    }
  g_string_append (xml, "</channel></rss>");
  return g_string_free (xml, FALSE);
}

/* A full disk fails the document whole: nothing of it is counted or kept,
 * nothing stored before is lost, and once there is room it goes in. */
static void
test_full_disk (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  g_autofree char *first = make_feed (0, 20);
  g_autofree char *second = make_feed (20, 300);
  g_autofree char *limit = NULL;
  RasidSource source = { 0 };
  guint n_new = 99, n_updated = 99;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = _rasid_store_get_db (store);
  gint64 pages;

  source.id = rasid_store_add_source (store, "https://example.org/feed", NULL, "rss", FALSE, &error);
  source.kind = (char *) "rss";
  g_assert_true (rasid_ingest_document (store, f->analyzer, &source, first, strlen (first), NULL, 1526100000,
                                        &n_new, &n_updated, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_new, ==, 20);

  /* The disk fills: the file may grow by a few pages only. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 4);
  g_assert_true (_rasid_store_exec (store, limit, &error));

  g_assert_false (rasid_ingest_document (store, f->analyzer, &source, second, strlen (second), NULL, 1526100000,
                                         &n_new, &n_updated, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "full"));
  g_clear_error (&error);
  g_assert_cmpuint (n_new, ==, 0);
  g_assert_cmpuint (n_updated, ==, 0);
  g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), ==, 20);

  /* The queue is free again and the cache whole. */
  g_assert_true (_rasid_store_exec (store, "PRAGMA max_page_count = 1073741823", &error));
  g_assert_true (rasid_ingest_document (store, f->analyzer, &source, second, strlen (second), NULL, 1526100000,
                                        &n_new, &n_updated, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_new, ==, 300);
  g_assert_cmpint (rasid_store_count_reports (store, NULL, &error), ==, 320);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}


/* A feed's dates that give no zone are read in the source's zone; dates
 * that give one keep it. */
static void
test_source_zone (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (f->path, &error);
  /* Other headlines per source: one story from two sources is one report. */
#define ZONE_FEED \
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>" \
    "<item><guid>a</guid><title>قصف على سراقب رقم %u</title><pubDate>2024-07-08 12:00:00</pubDate></item>" \
    "<item><guid>b</guid><title>قصف على أريحا رقم %u</title><pubDate>Mon, 08 Jul 2024 12:00:00 +0000</pubDate></item>" \
    "</channel></rss>"
  const char *zones[] = { NULL, "Europe/Berlin" };
  /* 12:00 in Damascus (+03:00), in Berlin in summer (+02:00), and UTC. */
  const gint64 expected[] = { 1720429200, 1720432800 };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/%u", z);
      g_autofree char *feed = g_strdup_printf (ZONE_FEED, z, z);
      RasidSource source = { 0 };
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GPtrArray) reports = NULL;
      guint n_new, n_updated;

      source.id = rasid_store_add_source (store, url, NULL, "rss", FALSE, &error);
      source.kind = (char *) "rss";
      source.time_zone = (char *) zones[z];
      g_assert_true (rasid_ingest_document (store, f->analyzer, &source, feed, strlen (feed), NULL, 1720500000,
                                            &n_new, &n_updated, NULL, &error));
      g_assert_no_error (error);
      {
        g_autoptr(RasidFilter) filter = rasid_filter_new ();
        filter->source_id = source.id;
        reports = load (store, filter);
      }
      g_assert_cmpuint (reports->len, ==, 2);
      for (guint i = 0; i < reports->len; i++)
        {
          RasidReport *r = g_ptr_array_index (reports, i);
          if (strstr (rasid_report_get_title (r), "سراقب"))
            g_assert_cmpint (rasid_report_get_published (r), ==, expected[z]);
          else
            g_assert_cmpint (rasid_report_get_published (r), ==, 1720440000);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/ingest/demo", Fixture, NULL, setup, test_demo, teardown);
  g_test_add ("/ingest/broken-source", Fixture, NULL, setup, test_broken_source, teardown);
  g_test_add ("/ingest/retention", Fixture, NULL, setup, test_retention, teardown);
  g_test_add ("/ingest/full-disk", Fixture, NULL, setup, test_full_disk, teardown);
  g_test_add ("/ingest/source-zone", Fixture, NULL, setup, test_source_zone, teardown);
  return g_test_run ();
}
