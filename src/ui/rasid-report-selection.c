/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report-selection.c: a multiple selection over the report model,
 * for two reasons GtkMultiSelection cannot serve:
 *
 * - GTK 4.8's GtkListView makes a row widget for up to 200 items around
 *   the view, though a screen shows a dozen, and makes them all before it
 *   paints a new list (and destroys them all before the next). So the view
 *   is told of a list as far as it has been scrolled: FIRST_STEP items at
 *   first, then STEP more whenever the window finds the view near the end
 *   of them (rasid_report_selection_reveal_more()). The report model, and
 *   so the count, export and select-all, always have the whole list.
 * - GtkMultiSelection asks the model for every added item when items are
 *   added, which reads every page of a 100 000-report list.
 *
 * The selection is a bitset over positions, spliced as reports arrive. */
#include "rasid-report-selection.h"

#define FIRST_STEP 32     /* rows enough to fill a tall window */
#define STEP       RASID_REPORT_SELECTION_STEP

struct _RasidReportSelection {
  GObject           parent_instance;
  RasidReportModel *model;
  guint             source_n;   /* items in the model */
  guint             revealed;   /* items announced to the view */
  GtkBitset        *selected;
  gboolean          replacing;  /* the model's next change is a new list */
};

static void rasid_report_selection_list_init (GListModelInterface *iface);
static void rasid_report_selection_selection_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RasidReportSelection, rasid_report_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rasid_report_selection_list_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, rasid_report_selection_selection_init))

static GType
get_item_type (GListModel *list)
{
  return RASID_TYPE_REPORT;
}

static guint
get_n_items (GListModel *list)
{
  return RASID_REPORT_SELECTION (list)->revealed;
}

static gpointer
get_item (GListModel *list, guint position)
{
  RasidReportSelection *self = RASID_REPORT_SELECTION (list);

  if (position >= self->revealed)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->model), position);
}

static void
rasid_report_selection_list_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
is_selected (GtkSelectionModel *model, guint position)
{
  return gtk_bitset_contains (RASID_REPORT_SELECTION (model)->selected, position);
}

static GtkBitset *
get_selection_in_range (GtkSelectionModel *model, guint position, guint n_items)
{
  return gtk_bitset_ref (RASID_REPORT_SELECTION (model)->selected);
}

/* Takes @next as the selection and tells the view what changed. */
static void
replace_selection (RasidReportSelection *self, GtkBitset *next)
{
  g_autoptr(GtkBitset) changed = gtk_bitset_copy (self->selected);

  gtk_bitset_difference (changed, next);   /* symmetric difference */
  gtk_bitset_unref (self->selected);
  self->selected = gtk_bitset_ref (next);
  /* The view hears only of rows it has been told of. */
  if (!gtk_bitset_is_empty (changed) && gtk_bitset_get_minimum (changed) < self->revealed)
    {
      guint first = gtk_bitset_get_minimum (changed);
      guint last = MIN (gtk_bitset_get_maximum (changed), self->revealed - 1);
      gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), first, last - first + 1);
    }
}

static gboolean
set_selection (GtkSelectionModel *model, GtkBitset *selected, GtkBitset *mask)
{
  RasidReportSelection *self = RASID_REPORT_SELECTION (model);
  g_autoptr(GtkBitset) next = gtk_bitset_copy (self->selected);
  g_autoptr(GtkBitset) chosen = gtk_bitset_copy (selected);

  gtk_bitset_intersect (chosen, mask);
  gtk_bitset_subtract (next, mask);
  gtk_bitset_union (next, chosen);
  replace_selection (self, next);
  return TRUE;
}

/* Every report of the list, shown yet or not, as export expects. */
static gboolean
select_all (GtkSelectionModel *model)
{
  RasidReportSelection *self = RASID_REPORT_SELECTION (model);
  g_autoptr(GtkBitset) all = gtk_bitset_new_range (0, self->source_n);

  replace_selection (self, all);
  return TRUE;
}

static gboolean
unselect_all (GtkSelectionModel *model)
{
  RasidReportSelection *self = RASID_REPORT_SELECTION (model);
  g_autoptr(GtkBitset) none = gtk_bitset_new_empty ();

  replace_selection (self, none);
  return TRUE;
}

static void
rasid_report_selection_selection_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = is_selected;
  iface->get_selection_in_range = get_selection_in_range;
  iface->set_selection = set_selection;
  iface->select_all = select_all;
  iface->unselect_all = unselect_all;
}

static void
on_replacing (RasidReportModel *model, RasidReportSelection *self)
{
  self->replacing = TRUE;
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, RasidReportSelection *self)
{
  guint old_revealed = self->revealed;

  self->source_n = g_list_model_get_n_items (model);
  /* Reports arriving above the list: pass them on, selection and all. */
  if (!self->replacing && position + removed <= old_revealed)
    {
      gtk_bitset_splice (self->selected, position, removed, added);
      self->revealed = old_revealed - removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }
  self->replacing = FALSE;
  /* A new list: a screenful now, more as the view nears its end. */
  gtk_bitset_remove_all (self->selected);
  self->revealed = MIN (self->source_n, FIRST_STEP);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_revealed, self->revealed);
}

static void
rasid_report_selection_dispose (GObject *object)
{
  RasidReportSelection *self = RASID_REPORT_SELECTION (object);

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (rasid_report_selection_parent_class)->dispose (object);
}

static void
rasid_report_selection_finalize (GObject *object)
{
  gtk_bitset_unref (RASID_REPORT_SELECTION (object)->selected);
  G_OBJECT_CLASS (rasid_report_selection_parent_class)->finalize (object);
}

static void
rasid_report_selection_class_init (RasidReportSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rasid_report_selection_dispose;
  object_class->finalize = rasid_report_selection_finalize;
}

static void
rasid_report_selection_init (RasidReportSelection *self)
{
  self->selected = gtk_bitset_new_empty ();
}

RasidReportSelection *
rasid_report_selection_new (RasidReportModel *model)
{
  RasidReportSelection *self = g_object_new (RASID_TYPE_REPORT_SELECTION, NULL);

  self->model = g_object_ref (model);
  self->source_n = self->revealed = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_connect (model, "replacing", G_CALLBACK (on_replacing), self);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}

/* Whether part of the list is still to be announced. */
gboolean
rasid_report_selection_get_pending (RasidReportSelection *self)
{
  return self->revealed < self->source_n;
}

static void
reveal_up_to (RasidReportSelection *self, guint n)
{
  guint start = self->revealed;

  n = MIN (n, self->source_n);
  if (n <= start)
    return;
  self->revealed = n;
  g_list_model_items_changed (G_LIST_MODEL (self), start, 0, n - start);
}

/**
 * rasid_report_selection_reveal_more:
 *
 * Tells the view of the next STEP reports, for when it nears the end of
 * those it has. Returns: whether more remains.
 */
gboolean
rasid_report_selection_reveal_more (RasidReportSelection *self)
{
  reveal_up_to (self, self->revealed + STEP);
  return self->revealed < self->source_n;
}

/* Tells the view of the reports down to @position and a step beyond. */
void
rasid_report_selection_reveal_to (RasidReportSelection *self, guint position)
{
  reveal_up_to (self, MAX (position + 1, position + STEP));
}
