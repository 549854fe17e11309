/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-story-list.c: the stories of the desk's filter, read in a worker:
 * the facet index finds the stories with a matching report and the stories
 * table gives their threshold and order (rasid_facet_index_query_stories ();
 * SQL, rasid_store_query_stories_full (), until the index has been read),
 * then the first RASID_STORY_LIST_MAX are read whole; a line under the list
 * says how many more there are.
 * The list holds those stories whole, reports included: a story is small
 * and opening one then reads nothing on the UI thread. Sort and threshold
 * are properties with actions (stories.sort, stories.min-outlets), bound to
 * GSettings by the window. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-story-list.h"
#include "rasid-story-row.h"
#include "rasid-util.h"

struct _RasidStoryList {
  GtkWidget           parent_instance;
  GtkDropDown        *sort_dropdown;
  GtkSpinButton      *min_spin;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkListView        *list_view;
  GtkLabel           *more_label;

  GListStore         *store;
  GtkSingleSelection *selection;
  char               *db_path;
  RasidFacetIndex    *index;
  RasidFilter        *filter;
  RasidStoryOrder     order;
  guint               min_outlets;
  gboolean            active;
  gboolean            stale;
  gboolean            loading;
  gboolean            replacing;   /* the selection changes only because the rows are read anew */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (RasidStoryList, rasid_story_list, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SORT, PROP_MIN_OUTLETS, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_STORY_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- loading, in a worker ---------------------------------------------------- */

typedef struct {
  RasidFilter *filter;
  RasidFacetIndex *index;   /* nullable */
  RasidStoryOrder order;
  guint        min_outlets;
  GPtrArray   *stories;   /* RasidStoryObject */
  guint        n_matching;  /* stories past the threshold, shown or not */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  rasid_filter_free (job->filter);
  g_clear_object (&job->index);
  g_clear_pointer (&job->stories, g_ptr_array_unref);
  g_free (job);
}

static gboolean
load_job (RasidStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  LoadJob *job = data;
  g_autoptr(GArray) ids = NULL;

  /* While the index reads the cache the first time (the sidebar's counts
   * start that), SQL gives the same answer. */
  if (job->index && rasid_facet_index_is_loaded (job->index))
    ids = rasid_facet_index_query_stories (job->index, store, job->filter, job->min_outlets, job->order, error);
  else
    ids = rasid_store_query_stories_full (store, job->filter, job->min_outlets, job->order, error);
  if (ids == NULL)
    return FALSE;
  job->n_matching = ids->len;
  job->stories = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len && job->stories->len < RASID_STORY_LIST_MAX; i++)
    {
      g_autoptr(GError) local = NULL;
      RasidStory *story;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      story = rasid_store_load_story (store, g_array_index (ids, gint64, i), &local);
      if (story == NULL)
        {
          /* Pruned since the query: not an error. */
          if (g_error_matches (local, RASID_STORE_ERROR, RASID_STORE_ERROR_NOT_FOUND))
            {
              job->n_matching--;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_ptr_array_add (job->stories, rasid_story_object_new (story));
    }
  return TRUE;
}

static void
set_loading (RasidStoryList *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_stack (RasidStoryList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : self->loading ? "loading" : "empty");
}

static void
on_loaded (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidStoryList) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadJob *job;

  if (!rasid_store_run_finish (res, (gpointer *) &job, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot list stories: %s", error->message);
      set_loading (self, FALSE);
      update_stack (self);
      return;
    }
  {
    RasidStoryObject *was = gtk_single_selection_get_selected_item (self->selection);
    gint64 selected = was ? rasid_story_object_get_id (was) : 0;
    guint position = GTK_INVALID_LIST_POSITION;

    /* The open story stays open, read anew, with one signal. */
    for (guint i = 0; selected && i < job->stories->len; i++)
      if (rasid_story_object_get_id (g_ptr_array_index (job->stories, i)) == selected)
        position = i;
    self->replacing = TRUE;
    g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                         job->stories->pdata, job->stories->len);
    gtk_single_selection_set_selected (self->selection, position);
    self->replacing = FALSE;
    if (selected)
      g_signal_emit (self, signals[SIGNAL_STORY_SELECTED], 0, gtk_single_selection_get_selected_item (self->selection));
  }
  if (job->n_matching > job->stories->len)
    {
      /* Translators: the story list is cut; "the first 500 of 1234 stories". */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The first %u of %u story",
                                                            "The first %u of %u stories", job->n_matching),
                                               job->stories->len, job->n_matching);
      gtk_label_set_text (self->more_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), job->n_matching > job->stories->len);
  set_loading (self, FALSE);
  update_stack (self);
}

/**
 * rasid_story_list_reload:
 *
 * Reads the stories again in a worker; a reload still running is
 * cancelled. The rows already shown stay until the new ones are read.
 */
void
rasid_story_list_reload (RasidStoryList *self)
{
  LoadJob *job;

  g_return_if_fail (RASID_IS_STORY_LIST (self));
  if (self->db_path == NULL)
    return;
  if (!self->active)
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (LoadJob, 1);
  job->filter = self->filter ? rasid_filter_copy (self->filter) : rasid_filter_new ();
  job->index = self->index ? g_object_ref (self->index) : NULL;
  job->order = self->order;
  job->min_outlets = self->min_outlets;
  set_loading (self, TRUE);
  update_stack (self);
  rasid_store_run_async (self->db_path, load_job, job, (GDestroyNotify) load_job_free, self->cancellable,
                         on_loaded, g_object_ref (self));
}

void
rasid_story_list_set_db_path (RasidStoryList *self, const char *db_path)
{
  g_return_if_fail (RASID_IS_STORY_LIST (self));
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
}

/* The desk's facet index (nullable): the stories of a filter come from it
 * once it has been read. */
void
rasid_story_list_set_index (RasidStoryList *self, RasidFacetIndex *index)
{
  g_return_if_fail (RASID_IS_STORY_LIST (self));
  g_return_if_fail (index == NULL || RASID_IS_FACET_INDEX (index));
  g_set_object (&self->index, index);
}

void
rasid_story_list_set_filter (RasidStoryList *self, const RasidFilter *filter)
{
  g_return_if_fail (RASID_IS_STORY_LIST (self));
  g_clear_pointer (&self->filter, rasid_filter_free);
  self->filter = filter ? rasid_filter_copy (filter) : NULL;
  rasid_story_list_reload (self);
}

/* Hidden, the list does not read; shown again, it reads what it missed. */
void
rasid_story_list_set_active (RasidStoryList *self, gboolean active)
{
  g_return_if_fail (RASID_IS_STORY_LIST (self));
  self->active = active;
  if (active && self->stale)
    rasid_story_list_reload (self);
}

GListModel *
rasid_story_list_get_model (RasidStoryList *self)
{
  g_return_val_if_fail (RASID_IS_STORY_LIST (self), NULL);
  return G_LIST_MODEL (self->store);
}

gboolean
rasid_story_list_get_loading (RasidStoryList *self)
{
  g_return_val_if_fail (RASID_IS_STORY_LIST (self), FALSE);
  return self->loading;
}

GtkListView *
rasid_story_list_get_list_view (RasidStoryList *self)
{
  g_return_val_if_fail (RASID_IS_STORY_LIST (self), NULL);
  return self->list_view;
}

void
rasid_story_list_select (RasidStoryList *self, guint position)
{
  g_return_if_fail (RASID_IS_STORY_LIST (self));
  gtk_single_selection_set_selected (self->selection, position);
}

void
rasid_story_list_unselect (RasidStoryList *self)
{
  g_return_if_fail (RASID_IS_STORY_LIST (self));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

RasidStoryObject *
rasid_story_list_get_selected (RasidStoryList *self)
{
  g_return_val_if_fail (RASID_IS_STORY_LIST (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
on_selection_changed (GtkSelectionModel *model, guint position, guint n_items, RasidStoryList *self)
{
  if (self->replacing)
    return;
  g_signal_emit (self, signals[SIGNAL_STORY_SELECTED], 0, gtk_single_selection_get_selected_item (self->selection));
}

/* ---- rows ------------------------------------------------------------------ */

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_list_item_set_child (item, rasid_story_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  rasid_story_row_set_story (RASID_STORY_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  rasid_story_row_set_story (RASID_STORY_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ---- sort and threshold ---------------------------------------------------------- */

/* The dropdown lists the orders in RasidStoryOrder's order. */
static void
set_order (RasidStoryList *self, RasidStoryOrder order)
{
  if (self->order == order)
    return;
  self->order = order;
  if (gtk_drop_down_get_selected (self->sort_dropdown) != (guint) order)
    gtk_drop_down_set_selected (self->sort_dropdown, order);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
  rasid_story_list_reload (self);
}

static void
set_min_outlets (RasidStoryList *self, guint min)
{
  min = CLAMP (min, 1, 20);
  if (self->min_outlets == min)
    return;
  self->min_outlets = min;
  if ((guint) gtk_spin_button_get_value_as_int (self->min_spin) != min)
    gtk_spin_button_set_value (self->min_spin, min);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_OUTLETS]);
  rasid_story_list_reload (self);
}

static void
on_sort_selected (GtkDropDown *dropdown, GParamSpec *pspec, RasidStoryList *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (i <= RASID_STORY_ORDER_FIRST_REPORT)
    set_order (self, (RasidStoryOrder) i);
}

static void
on_min_changed (GtkSpinButton *spin, RasidStoryList *self)
{
  set_min_outlets (self, gtk_spin_button_get_value_as_int (spin));
}

/* ---- object ------------------------------------------------------------------ */

static void
rasid_story_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RasidStoryList *self = RASID_STORY_LIST (object);

  switch (prop_id)
    {
    case PROP_SORT: g_value_set_string (value, rasid_story_order_to_string (self->order)); break;
    case PROP_MIN_OUTLETS: g_value_set_uint (value, self->min_outlets); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_story_list_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RasidStoryList *self = RASID_STORY_LIST (object);

  switch (prop_id)
    {
    case PROP_SORT:
      {
        /* An unknown name (an old setting) is the newest first. */
        RasidStoryOrder order = RASID_STORY_ORDER_NEWEST;

        rasid_story_order_from_string (g_value_get_string (value), &order);
        set_order (self, order);
      }
      break;
    case PROP_MIN_OUTLETS: set_min_outlets (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_story_list_dispose (GObject *object)
{
  RasidStoryList *self = RASID_STORY_LIST (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->list_view)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_STORY_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (rasid_story_list_parent_class)->dispose (object);
}

static void
rasid_story_list_finalize (GObject *object)
{
  RasidStoryList *self = RASID_STORY_LIST (object);

  g_clear_pointer (&self->filter, rasid_filter_free);
  g_clear_object (&self->index);
  g_free (self->db_path);
  G_OBJECT_CLASS (rasid_story_list_parent_class)->finalize (object);
}

static void
rasid_story_list_class_init (RasidStoryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rasid_story_list_get_property;
  object_class->set_property = rasid_story_list_set_property;
  object_class->dispose = rasid_story_list_dispose;
  object_class->finalize = rasid_story_list_finalize;

  properties[PROP_SORT] = g_param_spec_string ("sort", NULL, NULL, "newest",
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_OUTLETS] = g_param_spec_uint ("min-outlets", NULL, NULL, 1, 20, 1,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STORY_SELECTED] = g_signal_new ("story-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, RASID_TYPE_STORY_OBJECT);

  gtk_widget_class_install_property_action (widget_class, "stories.sort", "sort");
  gtk_widget_class_install_property_action (widget_class, "stories.min-outlets", "min-outlets");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-story-list.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidStoryList, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryList, min_spin);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryList, stack);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryList, spinner);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryList, list_view);
  gtk_widget_class_bind_template_child (widget_class, RasidStoryList, more_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rasid_story_list_init (RasidStoryList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->order = RASID_STORY_ORDER_NEWEST;
  self->min_outlets = 1;
  self->store = g_list_store_new (RASID_TYPE_STORY_OBJECT);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->sort_dropdown, "notify::selected", G_CALLBACK (on_sort_selected), self);
  g_signal_connect (self->min_spin, "value-changed", G_CALLBACK (on_min_changed), self);
  update_stack (self);
}
