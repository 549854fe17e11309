/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report-selection.c: the report list's selection model on a real
 * cache: a new list shown a screenful first and then in steps, selection
 * by position, select-all beyond what is shown, and reports arriving above
 * a selection. */
#include "rasid-report-selection.h"
#include "rasid-test-util.h"

typedef struct {
  char                 *dir;
  RasidStore           *store;
  RasidAnalyzer        *analyzer;
  RasidFacetIndex      *index;
  RasidReportModel     *model;
  RasidReportSelection *selection;
  guint                 changes;      /* items-changed seen by the view */
  guint                 view_n;       /* what the view believes it holds */
  guint                 selection_changes;
} Fixture;

static void
add_reports (Fixture *f, guint first, guint n, gint64 published)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rasid_store_begin (f->store, &error));
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
      g_autoptr(RasidAnalysis) a = NULL;
      RasidUpsertResult result;

      item->guid = g_strdup_printf ("g%u", i);
      item->title = g_strdup_printf ("قصف على مدينة إدلب رقم %u", i);
      item->published = published + i;
      a = rasid_analyzer_analyze (f->analyzer, item->title, NULL);
      rasid_store_upsert_report (f->store, 1, item, a, published, &result, &error);
      g_assert_no_error (error);
    }
  g_assert_true (rasid_store_commit (f->store, &error));
}

static void
wait_loaded (Fixture *f)
{
  while (rasid_report_model_get_loading (f->model))
    g_main_context_iteration (NULL, TRUE);
}

/* What a view does: keep its own count from the changes it is told of. */
static void
on_items_changed (GListModel *list, guint position, guint removed, guint added, Fixture *f)
{
  g_assert_cmpuint (position + removed, <=, f->view_n);
  f->view_n = f->view_n - removed + added;
  g_assert_cmpuint (f->view_n, ==, g_list_model_get_n_items (list));
  f->changes++;
}

static void
on_selection_changed (GtkSelectionModel *model, guint position, guint n, Fixture *f)
{
  f->selection_changes++;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = rasid_test_tmpdir ();
  path = g_build_filename (f->dir, "rasid.db", NULL);
  f->store = rasid_store_open (path, &error);
  g_assert_no_error (error);
  f->analyzer = rasid_analyzer_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpint (rasid_store_add_source (f->store, "https://example.org/feed", "مثال", NULL, FALSE, &error), ==, 1);
  add_reports (f, 0, 600, 1526100000);

  f->index = rasid_facet_index_new ();
  f->model = rasid_report_model_new (f->store, f->index);
  f->selection = rasid_report_selection_new (f->model);
  g_signal_connect (f->selection, "items-changed", G_CALLBACK (on_items_changed), f);
  g_signal_connect (f->selection, "selection-changed", G_CALLBACK (on_selection_changed), f);
  rasid_report_model_reload (f->model);
  wait_loaded (f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->selection);
  g_clear_object (&f->model);
  g_clear_object (&f->index);
  g_clear_object (&f->analyzer);
  g_clear_object (&f->store);
  rasid_test_rmdir (f->dir);
  g_free (f->dir);
}

static guint
reveal_everything (Fixture *f)
{
  guint steps = 0;

  while (rasid_report_selection_reveal_more (f->selection))
    steps++;
  return steps + 1;
}

static void
test_reveal (Fixture *f, gconstpointer data)
{
  g_autoptr(RasidFilter) filter = rasid_filter_new ();
  guint steps;

  /* A screenful first, however long the list. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 600);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->selection)), ==, 32);
  g_assert_true (rasid_report_selection_get_pending (f->selection));
  {
    g_autoptr(RasidReport) first = g_list_model_get_item (G_LIST_MODEL (f->selection), 0);
    g_autoptr(RasidReport) beyond = g_list_model_get_item (G_LIST_MODEL (f->selection), 32);
    g_assert_cmpstr (rasid_report_get_title (first), ==, "قصف على مدينة إدلب رقم 599");
    g_assert_null (beyond);
  }
  /* Then a step at a time, as the view nears the end of what it has. */
  g_assert_true (rasid_report_selection_reveal_more (f->selection));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->selection)), ==, 80);
  rasid_report_selection_reveal_to (f->selection, 99);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->selection)), ==, 147);
  rasid_report_selection_reveal_to (f->selection, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->selection)), ==, 147);
  steps = reveal_everything (f);
  g_assert_cmpuint (steps, ==, 10);     /* (600 - 147) / 48, rounded up */
  g_assert_false (rasid_report_selection_get_pending (f->selection));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->selection)), ==, 600);
  g_assert_false (rasid_report_selection_reveal_more (f->selection));

  /* A new filter is a new list: a screenful again. */
  filter->query = g_strdup ("رقم 59*");
  rasid_report_model_set_filter (f->model, filter);
  wait_loaded (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 11);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->selection)), ==, 11);
  g_assert_false (rasid_report_selection_get_pending (f->selection));
}

static void
test_select (Fixture *f, gconstpointer data)
{
  GtkSelectionModel *sel = GTK_SELECTION_MODEL (f->selection);
  g_autoptr(GtkBitset) all = NULL;
  g_autoptr(GtkBitset) after = NULL;

  g_assert_true (gtk_selection_model_select_item (sel, 3, TRUE));
  g_assert_true (gtk_selection_model_is_selected (sel, 3));
  g_assert_cmpuint (f->selection_changes, ==, 1);
  g_assert_true (gtk_selection_model_select_range (sel, 10, 5, FALSE));
  g_assert_true (gtk_selection_model_is_selected (sel, 3));
  g_assert_true (gtk_selection_model_is_selected (sel, 14));
  g_assert_false (gtk_selection_model_is_selected (sel, 15));
  g_assert_true (gtk_selection_model_unselect_item (sel, 12));
  g_assert_false (gtk_selection_model_is_selected (sel, 12));
  /* Selecting what is selected changes nothing and says nothing. */
  {
    guint before = f->selection_changes;
    gtk_selection_model_select_item (sel, 3, FALSE);
    g_assert_cmpuint (f->selection_changes, ==, before);
  }

  /* Reports arriving above the list move the selection with their rows. */
  reveal_everything (f);
  add_reports (f, 600, 2, 1526200000);
  rasid_report_model_reload (f->model);
  wait_loaded (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->selection)), ==, 602);
  g_assert_true (gtk_selection_model_is_selected (sel, 5));
  g_assert_false (gtk_selection_model_is_selected (sel, 3));
  after = gtk_selection_model_get_selection (sel);
  g_assert_cmpuint (gtk_bitset_get_size (after), ==, 5);

  /* Select all means the whole list, shown yet or not (export takes it). */
  {
    g_autoptr(RasidFilter) filter = rasid_filter_new ();
    filter->place_id = g_strdup ("SY07");
    rasid_report_model_set_filter (f->model, filter);
    wait_loaded (f);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->selection)), ==, 32);
  {
    g_autoptr(GtkBitset) none = gtk_selection_model_get_selection (sel);
    g_assert_true (gtk_bitset_is_empty (none));
  }
  g_assert_true (gtk_selection_model_select_all (sel));
  all = gtk_selection_model_get_selection (sel);
  g_assert_cmpuint (gtk_bitset_get_size (all), ==, 602);
  g_assert_true (gtk_selection_model_unselect_all (sel));
  g_assert_false (gtk_selection_model_is_selected (sel, 0));
}

static void
on_prefetched (GObject *model, GAsyncResult *res, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rasid_report_model_prefetch_finish (RASID_REPORT_MODEL (model), res, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* The reports the view is told of next are read in a worker first. */
static void
test_prefetch (Fixture *f, gconstpointer data)
{
  gboolean done = FALSE;

  /* The query read the first four pages with the ids. */
  g_assert_true (rasid_report_model_has_pages (f->model, 0, 256));
  g_assert_false (rasid_report_model_has_pages (f->model, 256, 48));
  rasid_report_model_prefetch_async (f->model, 256, 48, NULL, on_prefetched, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rasid_report_model_has_pages (f->model, 256, 48));
  g_assert_false (rasid_report_model_has_pages (f->model, 320, 1));
  {
    g_autoptr(RasidReport) r = g_list_model_get_item (G_LIST_MODEL (f->model), 300);
    g_assert_cmpstr (rasid_report_get_title (r), ==, "قصف على مدينة إدلب رقم 299");
  }
  /* Nothing to read: done at once. */
  done = FALSE;
  rasid_report_model_prefetch_async (f->model, 0, 64, NULL, on_prefetched, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
count_signal (gpointer instance, guint *n)
{
  (*n)++;
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

/* A refresh that brings new reports keeps the objects the view shows and
 * what was read further down; reports changed meanwhile take their new
 * contents in place, so their rows follow. */
static void
test_live_update (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidReport) shown = g_list_model_get_item (G_LIST_MODEL (f->model), 5);
  g_autoptr(RasidReport) far = NULL;
  g_autoptr(RasidReport) far_after = NULL;
  g_autoptr(RasidReport) shown_after = NULL;
  gboolean done = FALSE;
  guint changed = 0, far_changed = 0, far_read = 0;

  g_assert_cmpstr (rasid_report_get_title (shown), ==, "قصف على مدينة إدلب رقم 594");
  g_signal_connect (shown, "changed", G_CALLBACK (count_signal), &changed);
  rasid_report_model_prefetch_async (f->model, 256, 128, NULL, on_prefetched, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  far = g_list_model_get_item (G_LIST_MODEL (f->model), 300);
  g_assert_false (rasid_report_get_read (far));
  g_signal_connect (far, "changed", G_CALLBACK (count_signal), &far_changed);
  g_signal_connect (far, "notify::read", G_CALLBACK (count_notify), &far_read);

  /* Meanwhile: the source rewrites one, another is marked read elsewhere, two arrive. */
  {
    g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
    g_autoptr(RasidAnalysis) a = NULL;
    RasidUpsertResult result;

    item->guid = g_strdup ("g594");
    item->title = g_strdup ("قصف على مدينة حلب رقم 594 بعد التحديث");
    item->published = 1526100000 + 594;
    a = rasid_analyzer_analyze (f->analyzer, item->title, NULL);
    g_assert_true (rasid_store_begin (f->store, &error));
    rasid_store_upsert_report (f->store, 1, item, a, 1526100000, &result, &error);
    g_assert_no_error (error);
    g_assert_true (rasid_store_commit (f->store, &error));
    g_assert_cmpint (result, ==, RASID_UPSERT_UPDATED);
  }
  g_assert_true (rasid_store_set_flags (f->store, rasid_report_get_id (far), TRUE, -1, &error));
  add_reports (f, 600, 2, 1526100000);
  rasid_report_model_reload (f->model);
  wait_loaded (f);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 602);
  shown_after = g_list_model_get_item (G_LIST_MODEL (f->model), 7);
  g_assert_true (shown_after == shown);
  g_assert_cmpstr (rasid_report_get_title (shown), ==, "قصف على مدينة حلب رقم 594 بعد التحديث");
  g_assert_cmpuint (changed, ==, 1);
  /* What was read further down is still in memory, at its new place. */
  g_assert_true (rasid_report_model_has_pages (f->model, 256, 128));
  far_after = g_list_model_get_item (G_LIST_MODEL (f->model), 302);
  g_assert_true (far_after == far);
  g_assert_true (rasid_report_get_read (far));
  /* Marked read is a flag, not new contents: an open article is not shown anew. */
  g_assert_cmpuint (far_read, ==, 1);
  g_assert_cmpuint (far_changed, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/report-selection/reveal", Fixture, NULL, setup, test_reveal, teardown);
  g_test_add ("/report-selection/select", Fixture, NULL, setup, test_select, teardown);
  g_test_add ("/report-selection/prefetch", Fixture, NULL, setup, test_prefetch, teardown);
  g_test_add ("/report-selection/live-update", Fixture, NULL, setup, test_live_update, teardown);
  return g_test_run ();
}
