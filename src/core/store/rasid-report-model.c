/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report-model.c: the list behind the report view. It holds only the
 * ids matching the filter (queried in a worker thread on its own
 * connection) and loads reports in pages of PAGE_SIZE when a row asks, so a
 * cache of hundreds of thousands of reports costs a few megabytes. A reload
 * that only adds newer reports is announced as an insertion at the top, so
 * the view keeps its scroll position and selection. */
#include "rasid-report-model.h"

#include <string.h>

#define PAGE_SIZE 64
#define MAX_PAGES 32
/* Read with the ids in the worker, so that the view's first rows (and its
 * first few steps down) need no disk read on the main thread. */
#define FIRST_PAGES 4

struct _RasidReportModel {
  GObject       parent_instance;
  RasidStore   *store;        /* main-thread connection, for pages */
  RasidFacetIndex *index;     /* answers the query when set */
  RasidFilter  *filter;
  GArray       *ids;
  GHashTable   *pages;        /* page index → GPtrArray of RasidReport */
  GQueue        page_order;   /* least recently loaded first */
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      replace;      /* the next result is a new list, not an update */
  guint         generation;
  guint         ids_version;  /* bumped whenever ids changes: pages are by position */
  gint64        seen_change;  /* the change log's newest entry at the last query; -1 before */
};

static void rasid_report_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RasidReportModel, rasid_report_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rasid_report_model_list_init))

enum { PROP_0, PROP_LOADING, PROP_N_ITEMS, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_REPLACING, SIGNAL_REPLACED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
rasid_report_model_dispose (GObject *object)
{
  RasidReportModel *self = RASID_REPORT_MODEL (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->index);
  G_OBJECT_CLASS (rasid_report_model_parent_class)->dispose (object);
}

static void
rasid_report_model_finalize (GObject *object)
{
  RasidReportModel *self = RASID_REPORT_MODEL (object);

  g_clear_pointer (&self->filter, rasid_filter_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->page_order);
  G_OBJECT_CLASS (rasid_report_model_parent_class)->finalize (object);
}

static void
rasid_report_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RasidReportModel *self = RASID_REPORT_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_report_model_class_init (RasidReportModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rasid_report_model_dispose;
  object_class->finalize = rasid_report_model_finalize;
  object_class->get_property = rasid_report_model_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Around a change that replaces the whole list (a new filter). A view
   * may detach itself meanwhile: GTK walks every added item of an
   * items-changed, which for 100 000 rows costs seconds, while setting a
   * model anew costs only the visible rows. */
  signals[SIGNAL_REPLACING] = g_signal_new ("replacing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REPLACED] = g_signal_new ("replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rasid_report_model_init (RasidReportModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->filter = rasid_filter_new ();
  self->seen_change = -1;
  g_queue_init (&self->page_order);
}

static GType
get_item_type (GListModel *model)
{
  return RASID_TYPE_REPORT;
}

static guint
get_n_items (GListModel *model)
{
  return RASID_REPORT_MODEL (model)->ids->len;
}

static void
keep_page (RasidReportModel *self, guint page, GPtrArray *reports)
{
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), reports);
  g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->page_order) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_head (&self->page_order));
}

static GPtrArray *
read_page (RasidStore *store, GArray *ids, guint page, GError **error)
{
  guint start = page * PAGE_SIZE;

  return rasid_store_load_reports (store, &g_array_index (ids, gint64, start), MIN (PAGE_SIZE, ids->len - start), error);
}

static GPtrArray *
load_page (RasidReportModel *self, guint page)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *reports = read_page (self->store, self->ids, page, &error);

  if (reports == NULL)
    {
      g_warning ("Cannot load reports: %s", error->message);
      return NULL;
    }
  keep_page (self, page, reports);
  return reports;
}

static gpointer
get_item (GListModel *model, guint position)
{
  RasidReportModel *self = RASID_REPORT_MODEL (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *reports;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;
  reports = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (reports == NULL && (reports = load_page (self, page)) == NULL)
    return NULL;
  /* A report deleted since the query leaves a gap: find by id. */
  id = g_array_index (self->ids, gint64, position);
  for (guint i = 0; i < reports->len; i++)
    if (rasid_report_get_id (g_ptr_array_index (reports, i)) == id)
      return g_object_ref (g_ptr_array_index (reports, i));
  return rasid_report_new (id);
}

static void
rasid_report_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/**
 * rasid_report_model_new:
 * @index: (nullable): the facet index to ask; without one, SQL answers
 */
RasidReportModel *
rasid_report_model_new (RasidStore *store, RasidFacetIndex *index)
{
  RasidReportModel *self;

  g_return_val_if_fail (RASID_IS_STORE (store), NULL);
  g_return_val_if_fail (index == NULL || RASID_IS_FACET_INDEX (index), NULL);

  self = g_object_new (RASID_TYPE_REPORT_MODEL, NULL);
  self->store = g_object_ref (store);
  self->index = index ? g_object_ref (index) : NULL;
  return self;
}

RasidStore *
rasid_report_model_get_store (RasidReportModel *self)
{
  g_return_val_if_fail (RASID_IS_REPORT_MODEL (self), NULL);

  return self->store;
}

const RasidFilter *
rasid_report_model_get_filter (RasidReportModel *self)
{
  g_return_val_if_fail (RASID_IS_REPORT_MODEL (self), NULL);

  return self->filter;
}

gboolean
rasid_report_model_get_loading (RasidReportModel *self)
{
  g_return_val_if_fail (RASID_IS_REPORT_MODEL (self), FALSE);

  return self->loading;
}

typedef struct {
  RasidFilter     *filter;
  RasidFacetIndex *index;
  guint            generation;   /* the reload that asked */
  GArray          *ids;          /* gint64, the result */
  GPtrArray       *first_pages;  /* GPtrArray of RasidReport, pages 0… */
  gint64           since;        /* the model's seen_change when it asked; -1 for a new list */
  gint64           latest;       /* the change log's newest entry now */
  GPtrArray       *fresh;        /* RasidReport: those changed since, read anew; NULL: too many */
} QueryData;

#define MAX_REREAD 512   /* more changed reports than this: read every page anew */

static void
query_data_free (QueryData *q)
{
  rasid_filter_free (q->filter);
  g_clear_object (&q->index);
  g_clear_pointer (&q->ids, g_array_unref);
  g_clear_pointer (&q->first_pages, g_ptr_array_unref);
  g_clear_pointer (&q->fresh, g_ptr_array_unref);
  g_free (q);
}

static gboolean
query_job (RasidStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  QueryData *q = data;
  g_autoptr(GArray) changed = NULL;

  /* What changed since the last query, asked first: a change after this
   * is in the next query's answer. */
  if ((changed = rasid_store_changes_since (store, q->since, &q->latest, error)) == NULL)
    return FALSE;
  if (changed->len <= MAX_REREAD &&
      (q->fresh = rasid_store_load_reports (store, (gint64 *) changed->data, changed->len, error)) == NULL)
    return FALSE;

  /* While the index reads the cache the first time (the sidebar's counts
   * start that), SQL gives the same answer. */
  if (q->index && rasid_facet_index_is_loaded (q->index))
    q->ids = rasid_facet_index_query_ids (q->index, store, q->filter, error);
  else
    q->ids = rasid_store_query_ids (store, q->filter, error);
  if (q->ids == NULL)
    return FALSE;
  q->first_pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint page = 0; page < FIRST_PAGES && page * PAGE_SIZE < q->ids->len; page++)
    {
      GPtrArray *reports;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          (reports = read_page (store, q->ids, page, error)) == NULL)
        return FALSE;
      g_ptr_array_add (q->first_pages, reports);
    }
  return TRUE;
}

static void
set_loading (RasidReportModel *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Every report in memory, by id. */
static GHashTable *
reports_by_id (RasidReportModel *self)
{
  GHashTable *known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  GHashTableIter it;
  gpointer page;

  g_hash_table_iter_init (&it, self->pages);
  while (g_hash_table_iter_next (&it, NULL, &page))
    for (guint i = 0; i < ((GPtrArray *) page)->len; i++)
      {
        RasidReport *r = g_ptr_array_index ((GPtrArray *) page, i);
        gint64 id = rasid_report_get_id (r);
        g_hash_table_insert (known, g_memdup2 (&id, sizeof id), g_object_ref (r));
      }
  return known;
}

/* Pages for the new ids: @first read by the query, then any page whose
 * reports are all in @known (reports read before, now elsewhere). In the
 * first pages too, a report in @known keeps its object, which rows show. */
static void
repage (RasidReportModel *self, GPtrArray *first, GHashTable *known)
{
  guint n_pages = (self->ids->len + PAGE_SIZE - 1) / PAGE_SIZE;

  self->ids_version++;
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
  for (guint page = 0; page < first->len; page++)
    {
      GPtrArray *reports = g_ptr_array_index (first, page);

      for (guint i = 0; known && i < reports->len; i++)
        {
          gint64 id = rasid_report_get_id (g_ptr_array_index (reports, i));
          RasidReport *shown = g_hash_table_lookup (known, &id);

          if (shown)
            {
              g_object_unref (g_ptr_array_index (reports, i));
              g_ptr_array_index (reports, i) = g_object_ref (shown);
            }
        }
      keep_page (self, page, g_ptr_array_ref (reports));
    }
  for (guint page = first->len; known && page < n_pages && g_queue_get_length (&self->page_order) < MAX_PAGES; page++)
    {
      guint start = page * PAGE_SIZE, n = MIN (PAGE_SIZE, self->ids->len - start);
      g_autoptr(GPtrArray) reports = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        {
          RasidReport *r = g_hash_table_lookup (known, &g_array_index (self->ids, gint64, start + i));
          if (r == NULL)
            break;
          g_ptr_array_add (reports, g_object_ref (r));
        }
      if (reports->len == n)
        keep_page (self, page, g_steal_pointer (&reports));
    }
}

static void
on_query_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidReportModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) known = NULL;
  QueryData *q;
  guint old_n, added;
  gboolean prefix_only;

  if (!rasid_store_run_finish (res, (gpointer *) &q, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Cannot query reports: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }
  if (q->generation != self->generation)
    return;
  ids = g_steal_pointer (&q->ids);

  old_n = self->ids->len;
  /* Only newer reports arrived when the old list is the tail of the new one. */
  prefix_only = !self->replace && ids->len >= old_n && old_n > 0 &&
                memcmp (&g_array_index (ids, gint64, ids->len - old_n), self->ids->data,
                        old_n * sizeof (gint64)) == 0;
  added = ids->len - old_n;

  /* Views detach while the old contents are still what they saw. */
  if (!prefix_only)
    g_signal_emit (self, signals[SIGNAL_REPLACING], 0);
  self->replace = FALSE;
  /* Where the list only grew at the top, the reports already read stay:
   * an analyst scrolled far down would otherwise wait on the disk, and the
   * rows keep their objects. Those changed since the last query were read
   * anew with the ids, and the objects take their new contents. */
  self->seen_change = q->latest;
  if (prefix_only && q->fresh)
    {
      known = reports_by_id (self);
      for (guint i = 0; i < q->fresh->len; i++)
        {
          RasidReport *fresh = g_ptr_array_index (q->fresh, i);
          gint64 id = rasid_report_get_id (fresh);
          RasidReport *shown = g_hash_table_lookup (known, &id);

          if (shown)
            rasid_report_update_from (shown, fresh);
        }
    }
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  repage (self, q->first_pages, known);
  set_loading (self, FALSE);

  if (prefix_only)
    {
      if (added > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
    }
  else
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->ids->len);
      g_signal_emit (self, signals[SIGNAL_REPLACED], 0);
    }
  if (old_n != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Re-runs the query off the main thread; the list changes when it is done. */
void
rasid_report_model_reload (RasidReportModel *self)
{
  QueryData *q;

  g_return_if_fail (RASID_IS_REPORT_MODEL (self));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;

  q = g_new0 (QueryData, 1);
  q->filter = rasid_filter_copy (self->filter);
  q->index = self->index ? g_object_ref (self->index) : NULL;
  /* A new filter is a new list: nothing shown to update. */
  q->since = self->replace ? -1 : self->seen_change;
  q->generation = self->generation;
  set_loading (self, TRUE);
  rasid_store_run_async (rasid_store_get_path (self->store), query_job, q, (GDestroyNotify) query_data_free,
                         self->cancellable, on_query_done, g_object_ref (self));
}

void
rasid_report_model_set_filter (RasidReportModel *self, const RasidFilter *filter)
{
  g_return_if_fail (RASID_IS_REPORT_MODEL (self));

  g_clear_pointer (&self->filter, rasid_filter_free);
  self->filter = rasid_filter_copy (filter);
  /* A new filter is a new list: never mistake it for an insertion. */
  self->replace = TRUE;
  rasid_report_model_reload (self);
}

/* Whether the reports at @position…@position+@n are in memory. */
gboolean
rasid_report_model_has_pages (RasidReportModel *self, guint position, guint n)
{
  guint end;

  g_return_val_if_fail (RASID_IS_REPORT_MODEL (self), FALSE);

  end = MIN (position + n, self->ids->len);
  for (guint page = position / PAGE_SIZE; page * PAGE_SIZE < end; page++)
    if (!g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
      return FALSE;
  return TRUE;
}

typedef struct {
  guint      ids_version;
  GArray    *pages;     /* guint: the page numbers */
  GPtrArray *slices;    /* GArray of gint64: their ids */
  GPtrArray *reports;   /* GPtrArray of RasidReport: what was read */
} Prefetch;

static void
prefetch_free (Prefetch *p)
{
  g_array_unref (p->pages);
  g_ptr_array_unref (p->slices);
  g_clear_pointer (&p->reports, g_ptr_array_unref);
  g_free (p);
}

static gboolean
prefetch_job (RasidStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  Prefetch *p = data;

  p->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < p->slices->len; i++)
    {
      GArray *ids = g_ptr_array_index (p->slices, i);
      GPtrArray *reports;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          (reports = rasid_store_load_reports (store, (gint64 *) ids->data, ids->len, error)) == NULL)
        return FALSE;
      g_ptr_array_add (p->reports, reports);
    }
  return TRUE;
}

static void
on_prefetched (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RasidReportModel *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  Prefetch *p;

  if (!rasid_store_run_finish (res, (gpointer *) &p, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A list that changed meanwhile has other reports at those positions. */
  if (p->ids_version == self->ids_version)
    for (guint i = 0; i < p->pages->len; i++)
      if (!g_hash_table_contains (self->pages, GUINT_TO_POINTER (g_array_index (p->pages, guint, i))))
        keep_page (self, g_array_index (p->pages, guint, i), g_ptr_array_ref (g_ptr_array_index (p->reports, i)));
  g_task_return_boolean (task, TRUE);
}

/**
 * rasid_report_model_prefetch_async:
 *
 * Reads the reports at @position…@position+@n that are not in memory, in a
 * worker, so that the view can be told of them without the main thread
 * waiting on the disk.
 */
void
rasid_report_model_prefetch_async (RasidReportModel *self, guint position, guint n, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  guint end;
  Prefetch *p;

  g_return_if_fail (RASID_IS_REPORT_MODEL (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  end = MIN (position + n, self->ids->len);
  p = g_new0 (Prefetch, 1);
  g_task_set_source_tag (task, rasid_report_model_prefetch_async);
  p->ids_version = self->ids_version;
  p->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  p->slices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint page = position / PAGE_SIZE; page * PAGE_SIZE < end; page++)
    if (!g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
      {
        guint start = page * PAGE_SIZE;
        GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PAGE_SIZE);

        g_array_append_vals (ids, &g_array_index (self->ids, gint64, start), MIN (PAGE_SIZE, self->ids->len - start));
        g_array_append_val (p->pages, page);
        g_ptr_array_add (p->slices, ids);
      }
  if (p->pages->len == 0)
    {
      prefetch_free (p);
      g_task_return_boolean (task, TRUE);
      return;
    }
  rasid_store_run_async (rasid_store_get_path (self->store), prefetch_job, p, (GDestroyNotify) prefetch_free,
                         cancellable, on_prefetched, g_steal_pointer (&task));
}

gboolean
rasid_report_model_prefetch_finish (RasidReportModel *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (RASID_IS_REPORT_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The ids of every report listed, newest first: a copy. */
GArray *
rasid_report_model_get_ids (RasidReportModel *self)
{
  GArray *copy;

  g_return_val_if_fail (RASID_IS_REPORT_MODEL (self), NULL);

  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->ids->len);
  g_array_append_vals (copy, self->ids->data, self->ids->len);
  return copy;
}

/* Position of report @id, or G_MAXUINT. */
guint
rasid_report_model_find (RasidReportModel *self, gint64 id)
{
  g_return_val_if_fail (RASID_IS_REPORT_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}
