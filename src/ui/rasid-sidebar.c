/* rasid-sidebar.c: governorates (and, under the chosen one, its districts)
 * and factions, each with the number of reports under the other active
 * filters. Counts are computed in a worker thread; rows only ever activate
 * win.filter-place / win.filter-actor, so the window owns the filter. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-sidebar.h"
#include "rasid-util.h"
#include "rasid-normalize.h"

#include <string.h>

struct _RasidSidebar {
  GtkWidget      parent_instance;
  GtkListBox    *places_list;
  GtkListBox    *actors_list;
  GtkSearchEntry *place_search;
  char          *db_path;
  RasidAnalyzer *analyzer;
  RasidFilter   *filter;
  GHashTable    *place_counts;   /* governorates and districts */
  GHashTable    *actor_counts;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (RasidSidebar, rasid_sidebar, GTK_TYPE_WIDGET)

typedef struct {
  char        *path;
  RasidFilter *filter;
  GHashTable  *places;
  GHashTable  *actors;
} CountJob;

static void
count_job_free (CountJob *job)
{
  g_free (job->path);
  rasid_filter_free (job->filter);
  g_clear_pointer (&job->places, g_hash_table_unref);
  g_clear_pointer (&job->actors, g_hash_table_unref);
  g_free (job);
}

static void
count_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CountJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = rasid_store_open (job->path, &error);
  g_autoptr(GHashTable) districts = NULL;

  if (store == NULL ||
      (job->places = rasid_store_count_places (store, job->filter, 0, NULL, &error)) == NULL ||
      (job->actors = rasid_store_count_actors (store, job->filter, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Districts only under the chosen governorate: the tree opens one level. */
  if (job->filter->place_id && strlen (job->filter->place_id) >= 4 && g_str_has_prefix (job->filter->place_id, "SY"))
    {
      g_autofree char *gov = g_strndup (job->filter->place_id, 4);
      districts = rasid_store_count_places (store, job->filter, 1, gov, &error);
      if (districts)
        {
          GHashTableIter it;
          gpointer k, v;
          g_hash_table_iter_init (&it, districts);
          while (g_hash_table_iter_next (&it, &k, &v))
            g_hash_table_insert (job->places, g_strdup (k), v);
        }
    }
  g_task_return_boolean (task, TRUE);
}

static GtkWidget *
make_row (const char *name, guint count, const char *action, const char *target, gboolean selected, int indent)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  GtkWidget *count_label = gtk_label_new (count_text);
  g_autofree char *accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u report", "%s, %u reports", count),
                                                 name, count);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (box, indent * 16);
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (target));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  if (selected)
    gtk_widget_add_css_class (row, "selected-filter");
  g_object_set_data_full (G_OBJECT (row), "search-key", rasid_normalize (name), g_free);
  return row;
}

static guint
count_of (GHashTable *counts, const char *id)
{
  return counts ? GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)) : 0;
}

/* gtk_list_box_remove_all() is GTK 4.12; Debian 12 has 4.8. */
static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

static void
rebuild (RasidSidebar *self)
{
  RasidGazetteer *gazetteer;
  GPtrArray *places, *actors;
  const char *chosen = self->filter ? self->filter->place_id : NULL;
  g_autofree char *chosen_gov = chosen && g_str_has_prefix (chosen, "SY") ? g_strndup (chosen, 4) : NULL;

  remove_all_rows (self->places_list);
  remove_all_rows (self->actors_list);
  if (self->analyzer == NULL)
    return;
  gazetteer = rasid_analyzer_get_gazetteer (self->analyzer);
  places = rasid_gazetteer_get_places (gazetteer);

  for (guint i = 0; i < places->len; i++)
    {
      const RasidPlace *gov = g_ptr_array_index (places, i);

      if (gov->level != RASID_PLACE_GOVERNORATE)
        continue;
      gtk_list_box_append (self->places_list,
                           make_row (rasid_pick_name (gov->name_ar, gov->name_en), count_of (self->place_counts, gov->id),
                                     "win.filter-place", gov->id, g_strcmp0 (chosen, gov->id) == 0, 0));
      if (g_strcmp0 (chosen_gov, gov->id) != 0)
        continue;
      for (guint k = 0; k < places->len; k++)
        {
          const RasidPlace *d = g_ptr_array_index (places, k);
          if (d->level != RASID_PLACE_DISTRICT || g_strcmp0 (d->parent, gov->id) != 0)
            continue;
          gtk_list_box_append (self->places_list,
                               make_row (rasid_pick_name (d->name_ar, d->name_en), count_of (self->place_counts, d->id),
                                         "win.filter-place", d->id, g_strcmp0 (chosen, d->id) == 0, 1));
        }
    }

  actors = rasid_actors_get_all (rasid_analyzer_get_actors (self->analyzer));
  {
    /* Factions with reports first, most reported first. */
    /* A borrowed view: g_ptr_array_copy() would take the free function too. */
    g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (actors->len);
    for (guint i = 0; i < actors->len; i++)
      g_ptr_array_add (sorted, g_ptr_array_index (actors, i));
    for (guint i = 0; i < sorted->len; i++)
      for (guint k = i + 1; k < sorted->len; k++)
        {
          RasidActor *a = g_ptr_array_index (sorted, i), *b = g_ptr_array_index (sorted, k);
          if (count_of (self->actor_counts, b->id) > count_of (self->actor_counts, a->id))
            {
              sorted->pdata[i] = b;
              sorted->pdata[k] = a;
            }
        }
    for (guint i = 0; i < sorted->len; i++)
      {
        RasidActor *a = g_ptr_array_index (sorted, i);
        const char *chosen_actor = self->filter ? self->filter->actor_id : NULL;
        guint n = count_of (self->actor_counts, a->id);

        if (n == 0 && g_strcmp0 (chosen_actor, a->id) != 0)
          continue;
        gtk_list_box_append (self->actors_list,
                             make_row (rasid_pick_name (a->name_ar, a->name_en), n, "win.filter-actor", a->id,
                                       g_strcmp0 (chosen_actor, a->id) == 0, 0));
      }
  }
  gtk_list_box_invalidate_filter (self->places_list);
}

static void
on_counted (GObject *object, GAsyncResult *res, gpointer user_data)
{
  RasidSidebar *self = RASID_SIDEBAR (object);
  g_autoptr(GError) error = NULL;
  CountJob *job = g_task_get_task_data (G_TASK (res));

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot count reports: %s", error->message);
      return;
    }
  g_clear_pointer (&self->place_counts, g_hash_table_unref);
  g_clear_pointer (&self->actor_counts, g_hash_table_unref);
  self->place_counts = g_steal_pointer (&job->places);
  self->actor_counts = g_steal_pointer (&job->actors);
  rebuild (self);
}

void
rasid_sidebar_update (RasidSidebar *self, const RasidFilter *filter)
{
  g_autoptr(GTask) task = NULL;
  CountJob *job;

  g_clear_pointer (&self->filter, rasid_filter_free);
  self->filter = rasid_filter_copy (filter);
  if (self->db_path == NULL)
    return;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (CountJob, 1);
  job->path = g_strdup (self->db_path);
  job->filter = rasid_filter_copy (filter);
  task = g_task_new (self, self->cancellable, on_counted, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  g_task_run_in_thread (task, count_thread);
}

void
rasid_sidebar_setup (RasidSidebar *self, const char *db_path, RasidAnalyzer *analyzer)
{
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  g_set_object (&self->analyzer, analyzer);
  rebuild (self);
}

guint
rasid_sidebar_get_place_count (RasidSidebar *self, const char *place_id)
{
  return count_of (self->place_counts, place_id);
}

/* Type-ahead over place names, normalised: "ادلب" finds "إدلب". */
static gboolean
filter_places (GtkListBoxRow *row, gpointer user_data)
{
  RasidSidebar *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->place_search));
  g_autofree char *needle = NULL;
  const char *key;

  if (text == NULL || *text == 0)
    return TRUE;
  needle = rasid_normalize (text);
  key = g_object_get_data (G_OBJECT (row), "search-key");
  return key && strstr (key, needle) != NULL;
}

static void
on_place_search_changed (GtkSearchEntry *entry, RasidSidebar *self)
{
  gtk_list_box_invalidate_filter (self->places_list);
}

static void
rasid_sidebar_dispose (GObject *object)
{
  RasidSidebar *self = RASID_SIDEBAR (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->analyzer);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_SIDEBAR);
  G_OBJECT_CLASS (rasid_sidebar_parent_class)->dispose (object);
}

static void
rasid_sidebar_finalize (GObject *object)
{
  RasidSidebar *self = RASID_SIDEBAR (object);

  g_free (self->db_path);
  rasid_filter_free (self->filter);
  g_clear_pointer (&self->place_counts, g_hash_table_unref);
  g_clear_pointer (&self->actor_counts, g_hash_table_unref);
  G_OBJECT_CLASS (rasid_sidebar_parent_class)->finalize (object);
}

static void
rasid_sidebar_class_init (RasidSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_sidebar_dispose;
  object_class->finalize = rasid_sidebar_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, places_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, actors_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, place_search);
  gtk_widget_class_bind_template_callback (widget_class, on_place_search_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidebar");
}

static void
rasid_sidebar_init (RasidSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->places_list, filter_places, self, NULL);
}
