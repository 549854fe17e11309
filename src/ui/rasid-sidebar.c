/* rasid-sidebar.c: the filters, each with the number of reports it would
 * show under the other active filters: watches (with new-report badges),
 * the place hierarchy (governorate → district → subdistrict → town, opened
 * along the chosen place, with type-ahead over every place), factions,
 * event types, sources, time presets and read/starred state. Counting runs
 * in a worker thread on its own connection; rows only activate window
 * actions, so the window owns the filter. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rasid-dates.h"
#include "rasid-normalize.h"
#include "rasid-sidebar.h"
#include "rasid-util.h"

#define MAX_SEARCH_ROWS 60

struct _RasidSidebar {
  GtkWidget       parent_instance;
  GtkListBox     *watches_list;
  GtkListBox     *places_list;
  GtkListBox     *actors_list;
  GtkListBox     *events_list;
  GtkListBox     *sources_list;
  GtkListBox     *time_list;
  GtkListBox     *state_list;
  GtkSearchEntry *place_search;
  char           *db_path;
  RasidAnalyzer  *analyzer;
  RasidFacetIndex *index;
  RasidFilter    *filter;
  char           *time_preset;
  GHashTable     *place_counts;
  GHashTable     *actor_counts;
  GHashTable     *event_counts;
  GHashTable     *source_counts;
  GPtrArray      *sources;       /* RasidSource */
  GPtrArray      *watches;       /* RasidWatch */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (RasidSidebar, rasid_sidebar, GTK_TYPE_WIDGET)

enum { SIGNAL_WATCHES_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  RasidFilter *filter;
  RasidFacetIndex *index;
  char        *chain[3];      /* governorate, district, subdistrict of the chosen place */
  gboolean     all_places;    /* type-ahead is open: count every place */
  GHashTable  *places;
  GHashTable  *actors;
  GHashTable  *events;
  GHashTable  *sources_count;
  GPtrArray   *sources;
  GPtrArray   *watches;
} CountJob;

static void
count_job_free (CountJob *job)
{
  rasid_filter_free (job->filter);
  g_clear_object (&job->index);
  for (guint i = 0; i < 3; i++)
    g_free (job->chain[i]);
  g_clear_pointer (&job->places, g_hash_table_unref);
  g_clear_pointer (&job->actors, g_hash_table_unref);
  g_clear_pointer (&job->events, g_hash_table_unref);
  g_clear_pointer (&job->sources_count, g_hash_table_unref);
  g_clear_pointer (&job->sources, g_ptr_array_unref);
  g_clear_pointer (&job->watches, g_ptr_array_unref);
  g_free (job);
}

static void
merge_counts (GHashTable *into, GHashTable *from)
{
  GHashTableIter it;
  gpointer k, v;

  if (from == NULL)
    return;
  g_hash_table_iter_init (&it, from);
  while (g_hash_table_iter_next (&it, &k, &v))
    g_hash_table_insert (into, g_strdup (k), v);
}

static gboolean
count_job (RasidStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  CountJob *job = data;

  if ((job->places = rasid_facet_index_count_places (job->index, store, job->filter, 0, NULL, error)) == NULL ||
      (job->actors = rasid_facet_index_count_actors (job->index, store, job->filter, error)) == NULL ||
      (job->events = rasid_facet_index_count_events (job->index, store, job->filter, error)) == NULL ||
      (job->sources_count = rasid_facet_index_count_sources (job->index, store, job->filter, error)) == NULL ||
      (job->sources = rasid_store_list_sources (store, error)) == NULL ||
      (job->watches = rasid_store_list_watches (store, error)) == NULL)
    return FALSE;
  /* The levels opened along the chosen place, or every level for type-ahead. */
  for (guint level = 1; level <= 3; level++)
    {
      const char *parent = job->chain[level - 1];
      g_autoptr(GHashTable) counts = NULL;

      if (!job->all_places && parent == NULL)
        break;
      counts = rasid_facet_index_count_places (job->index, store, job->filter, level, job->all_places ? NULL : parent, error);
      if (counts == NULL)
        return FALSE;
      merge_counts (job->places, counts);
    }
  return TRUE;
}

static GtkWidget *
make_row (const char *name, const char *detail, gint64 count, const char *action, GVariant *target,
          gboolean selected, int indent, const char *search_key)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);
  g_autofree char *accessible = NULL;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (box, indent * 14);
  gtk_box_append (GTK_BOX (box), label);
  if (detail)
    {
      GtkWidget *d = gtk_label_new (detail);
      gtk_widget_add_css_class (d, "dim-label");
      gtk_widget_add_css_class (d, "caption");
      gtk_label_set_ellipsize (GTK_LABEL (d), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), d);
    }
  if (count >= 0)
    {
      g_autofree char *count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
      GtkWidget *count_label = gtk_label_new (count_text);
      gtk_widget_add_css_class (count_label, "dim-label");
      gtk_widget_add_css_class (count_label, "numeric");
      gtk_box_append (GTK_BOX (box), count_label);
      accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u report", "%s, %u reports", (gulong) count),
                                    name, (guint) count);
    }
  else
    accessible = g_strdup (name);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  if (target)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  if (selected)
    {
      gtk_widget_add_css_class (row, "selected-filter");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, TRUE, -1);
    }
  if (search_key)
    g_object_set_data_full (G_OBJECT (row), "search-key", g_strdup (search_key), g_free);
  return row;
}

static gint64
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
append_place (RasidSidebar *self, const RasidPlace *p, int indent, const char *detail)
{
  const char *chosen = self->filter ? self->filter->place_id : NULL;
  g_autofree char *key = rasid_normalize (p->name_ar);
  g_autofree char *key_all = NULL;

  /* Type-ahead finds a place by any of its names. */
  key_all = g_strconcat (key, " ", p->name_en ? p->name_en : "", NULL);
  for (guint a = 0; p->aliases_ar && p->aliases_ar[a]; a++)
    {
      g_autofree char *alias = rasid_normalize (p->aliases_ar[a]);
      g_autofree char *joined = g_strconcat (key_all, " ", alias, NULL);
      g_free (key_all);
      key_all = g_steal_pointer (&joined);
    }
  {
    g_autofree char *lower = g_utf8_strdown (key_all, -1);
    gtk_list_box_append (self->places_list,
                         make_row (rasid_pick_name (p->name_ar, p->name_en), detail, count_of (self->place_counts, p->id),
                                   "win.filter-place", g_variant_new_string (p->id), g_strcmp0 (chosen, p->id) == 0,
                                   indent, lower));
  }
}

/* Children of @parent_id at the next level down. */
static void
append_children (RasidSidebar *self, GPtrArray *places, const char *parent_id, RasidPlaceLevel level, int indent)
{
  for (guint k = 0; k < places->len; k++)
    {
      const RasidPlace *c = g_ptr_array_index (places, k);
      gboolean child;

      if (level == RASID_PLACE_CITY)   /* towns, villages, neighbourhoods … under a subdistrict */
        child = c->level >= RASID_PLACE_CITY && c->level != RASID_PLACE_REGION &&
                g_strcmp0 (c->admin[2], parent_id) == 0 && count_of (self->place_counts, c->id) > 0;
      else
        child = c->level == level && g_strcmp0 (c->parent, parent_id) == 0;
      if (child)
        append_place (self, c, indent, NULL);
    }
}

static void
rebuild_places (RasidSidebar *self)
{
  RasidGazetteer *gazetteer = rasid_analyzer_get_gazetteer (self->analyzer);
  GPtrArray *places = rasid_gazetteer_get_places (gazetteer);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->place_search));
  const RasidPlace *chosen = self->filter && self->filter->place_id
                             ? rasid_gazetteer_lookup (gazetteer, self->filter->place_id) : NULL;

  remove_all_rows (self->places_list);
  if (text && *text)
    {
      g_autofree char *norm = rasid_normalize (text);
      g_autofree char *needle = g_utf8_strdown (norm, -1);
      guint shown = 0;

      /* Every level, places with reports first. */
      for (int pass = 0; pass < 2 && shown < MAX_SEARCH_ROWS; pass++)
        for (guint i = 0; i < places->len && shown < MAX_SEARCH_ROWS; i++)
          {
            const RasidPlace *p = g_ptr_array_index (places, i);
            g_autofree char *name = rasid_normalize (p->name_ar);
            gboolean match = strstr (name, needle) != NULL;
            const RasidPlace *gov = p->admin[0] ? rasid_gazetteer_lookup (gazetteer, p->admin[0]) : NULL;

            for (guint a = 0; !match && p->aliases_ar && p->aliases_ar[a]; a++)
              {
                g_autofree char *alias = rasid_normalize (p->aliases_ar[a]);
                match = strstr (alias, needle) != NULL;
              }
            if (!match && p->name_en)
              {
                g_autofree char *en = g_utf8_strdown (p->name_en, -1);
                match = strstr (en, needle) != NULL;
              }
            if (!match || (pass == 0) != (count_of (self->place_counts, p->id) > 0))
              continue;
            append_place (self, p, 0, gov && gov != p ? rasid_pick_name (gov->name_ar, gov->name_en) : NULL);
            shown++;
          }
      return;
    }

  for (guint i = 0; i < places->len; i++)
    {
      const RasidPlace *gov = g_ptr_array_index (places, i);

      if (gov->level != RASID_PLACE_GOVERNORATE)
        continue;
      append_place (self, gov, 0, NULL);
      if (chosen == NULL || g_strcmp0 (chosen->admin[0], gov->id) != 0)
        continue;
      /* Open the tree along the chosen place. */
      for (guint d = 0; d < places->len; d++)
        {
          const RasidPlace *dist = g_ptr_array_index (places, d);
          if (dist->level != RASID_PLACE_DISTRICT || g_strcmp0 (dist->parent, gov->id) != 0)
            continue;
          append_place (self, dist, 1, NULL);
          if (g_strcmp0 (chosen->admin[1], dist->id) != 0)
            continue;
          for (guint s = 0; s < places->len; s++)
            {
              const RasidPlace *sub = g_ptr_array_index (places, s);
              if (sub->level != RASID_PLACE_SUBDISTRICT || g_strcmp0 (sub->parent, dist->id) != 0)
                continue;
              append_place (self, sub, 2, NULL);
              if (g_strcmp0 (chosen->admin[2], sub->id) == 0)
                append_children (self, places, sub->id, RASID_PLACE_CITY, 3);
            }
        }
    }
}

static void
build_rows (RasidSidebar *self)
{
  GPtrArray *actors;
  static const struct { const char *id; const char *label; } presets[] = {
    { "any", N_("Any time") }, { "1h", N_("Last hour") }, { "24h", N_("Last 24 hours") }, { "7d", N_("Last 7 days") },
  };

  remove_all_rows (self->actors_list);
  remove_all_rows (self->events_list);
  remove_all_rows (self->sources_list);
  remove_all_rows (self->time_list);
  remove_all_rows (self->state_list);
  remove_all_rows (self->watches_list);
  if (self->analyzer == NULL)
    return;
  rebuild_places (self);

  for (guint i = 0; self->watches && i < self->watches->len; i++)
    {
      RasidWatch *w = g_ptr_array_index (self->watches, i);
      GtkWidget *row = make_row (w->name, NULL, -1, "win.apply-watch", g_variant_new_int64 (w->id), FALSE, 0, NULL);
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      if (w->new_count > 0)
        {
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, w->new_count);
          g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new report", "%u new reports",
                                                               (gulong) w->new_count), (guint) w->new_count);
          GtkWidget *badge = gtk_label_new (n);
          gtk_widget_add_css_class (badge, "badge");
          gtk_widget_set_tooltip_text (badge, tip);
          gtk_box_append (GTK_BOX (box), badge);
        }
      {
        GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
        g_autofree char *tip = g_strdup_printf (_("Remove the watch “%s”"), w->name);
        gtk_widget_add_css_class (remove, "flat");
        gtk_widget_set_tooltip_text (remove, tip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "win.remove-watch");
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_int64 (w->id));
        gtk_box_append (GTK_BOX (box), remove);
      }
      gtk_list_box_append (self->watches_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->watches_list), self->watches && self->watches->len > 0);

  actors = rasid_actors_get_all (rasid_analyzer_get_actors (self->analyzer));
  {
    /* A borrowed view, most reported first; g_ptr_array_copy() would take the free function too. */
    g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (actors->len);
    const char *chosen_actor = self->filter ? self->filter->actor_id : NULL;

    for (guint i = 0; i < actors->len; i++)
      {
        RasidActor *a = g_ptr_array_index (actors, i);
        guint pos = sorted->len;
        if (count_of (self->actor_counts, a->id) == 0 && g_strcmp0 (chosen_actor, a->id) != 0)
          continue;
        while (pos > 0 && count_of (self->actor_counts, ((RasidActor *) g_ptr_array_index (sorted, pos - 1))->id) <
                          count_of (self->actor_counts, a->id))
          pos--;
        g_ptr_array_insert (sorted, pos, a);
      }
    for (guint i = 0; i < sorted->len; i++)
      {
        RasidActor *a = g_ptr_array_index (sorted, i);
        gtk_list_box_append (self->actors_list,
                             make_row (rasid_pick_name (a->name_ar, a->name_en), NULL, count_of (self->actor_counts, a->id),
                                       "win.filter-actor", g_variant_new_string (a->id),
                                       g_strcmp0 (chosen_actor, a->id) == 0, 0, NULL));
      }
  }

  for (const char **e = rasid_event_types (); *e; e++)
    {
      gint64 n = count_of (self->event_counts, *e);
      gboolean chosen = self->filter && g_strcmp0 (self->filter->event, *e) == 0;
      if (n > 0 || chosen)
        gtk_list_box_append (self->events_list,
                             make_row (rasid_event_label (*e), NULL, n, "win.filter-event", g_variant_new_string (*e),
                                       chosen, 0, NULL));
    }

  for (guint i = 0; self->sources && i < self->sources->len; i++)
    {
      RasidSource *s = g_ptr_array_index (self->sources, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, s->id);
      gint64 n = count_of (self->source_counts, id);
      gboolean chosen = self->filter && self->filter->source_id == s->id;
      if (n > 0 || chosen)
        gtk_list_box_append (self->sources_list,
                             make_row (s->title ? s->title : s->url, NULL, n, "win.filter-source",
                                       g_variant_new_int64 (s->id), chosen, 0, NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_list_box_append (self->time_list,
                         make_row (_(presets[i].label), NULL, -1, "win.filter-time", g_variant_new_string (presets[i].id),
                                   g_strcmp0 (self->time_preset ? self->time_preset : "any", presets[i].id) == 0, 0, NULL));
  gtk_list_box_append (self->state_list,
                       make_row (_("Unread only"), NULL, -1, "win.unread-only", NULL,
                                 self->filter && self->filter->unread_only, 0, NULL));
  gtk_list_box_append (self->state_list,
                       make_row (_("Starred only"), NULL, -1, "win.starred-only", NULL,
                                 self->filter && self->filter->starred_only, 0, NULL));
  gtk_list_box_append (self->state_list,
                       make_row (C_("news", "Breaking only"), NULL, -1, "win.breaking-only", NULL,
                                 self->filter && self->filter->breaking_only, 0, NULL));
}

/* A row's action and target: which row it is, across rebuilds. */
static char *
row_key (GtkWidget *row)
{
  GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row));
  g_autofree char *text = target ? g_variant_print (target, TRUE) : NULL;
  const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (row));

  return g_strdup_printf ("%s %s", action ? action : "", text ? text : "");
}

static GtkWidget *
find_row (GtkWidget *widget, const char *key)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      g_autofree char *k = row_key (widget);
      return g_str_equal (k, key) ? widget : NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, key);
      if (found)
        return found;
    }
  return NULL;
}

/* The rows are made anew with every count: a keyboard user's place among
 * them is kept. */
static void
rebuild (RasidSidebar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  g_autofree char *key = NULL;

  while (focus && focus != GTK_WIDGET (self) && !GTK_IS_LIST_BOX_ROW (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus && GTK_IS_LIST_BOX_ROW (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    key = row_key (focus);
  build_rows (self);
  if (key && (focus = find_row (GTK_WIDGET (self), key)))
    gtk_widget_grab_focus (focus);
}

static void
on_counted (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidSidebar) self = user_data;
  g_autoptr(GError) error = NULL;
  CountJob *job;

  if (!rasid_store_run_finish (res, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot count reports: %s", error->message);
      return;
    }
  g_clear_pointer (&self->place_counts, g_hash_table_unref);
  g_clear_pointer (&self->actor_counts, g_hash_table_unref);
  g_clear_pointer (&self->event_counts, g_hash_table_unref);
  g_clear_pointer (&self->source_counts, g_hash_table_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->watches, g_ptr_array_unref);
  self->place_counts = g_steal_pointer (&job->places);
  self->actor_counts = g_steal_pointer (&job->actors);
  self->event_counts = g_steal_pointer (&job->events);
  self->source_counts = g_steal_pointer (&job->sources_count);
  self->sources = g_steal_pointer (&job->sources);
  self->watches = g_steal_pointer (&job->watches);
  rebuild (self);
  g_signal_emit (self, signals[SIGNAL_WATCHES_CHANGED], 0);
}

static void
recount (RasidSidebar *self)
{
  CountJob *job;
  const RasidPlace *chosen = NULL;

  if (self->db_path == NULL || self->analyzer == NULL || self->index == NULL)
    return;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (CountJob, 1);
  job->filter = rasid_filter_copy (self->filter);
  job->index = g_object_ref (self->index);
  if (self->filter && self->filter->place_id)
    chosen = rasid_gazetteer_lookup (rasid_analyzer_get_gazetteer (self->analyzer), self->filter->place_id);
  for (guint i = 0; chosen && i < 3; i++)
    job->chain[i] = g_strdup (chosen->admin[i]);
  job->all_places = *gtk_editable_get_text (GTK_EDITABLE (self->place_search)) != 0;
  rasid_store_run_async (self->db_path, count_job, job, (GDestroyNotify) count_job_free,
                         self->cancellable, on_counted, g_object_ref (self));
}

/**
 * rasid_sidebar_update:
 * @time_preset: (nullable): "any", "1h", "24h", "7d" or "custom"
 *
 * Shows @filter as the active one and counts again under it.
 */
void
rasid_sidebar_update (RasidSidebar *self, const RasidFilter *filter, const char *time_preset)
{
  g_clear_pointer (&self->filter, rasid_filter_free);
  self->filter = rasid_filter_copy (filter);
  g_free (self->time_preset);
  self->time_preset = g_strdup (time_preset);
  recount (self);
}

void
rasid_sidebar_setup (RasidSidebar *self, const char *db_path, RasidAnalyzer *analyzer, RasidFacetIndex *index)
{
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  g_set_object (&self->analyzer, analyzer);
  g_set_object (&self->index, index);
  rebuild (self);
}

guint
rasid_sidebar_get_place_count (RasidSidebar *self, const char *place_id)
{
  return count_of (self->place_counts, place_id);
}

/* The title of source @id as last read, or NULL. */
const char *
rasid_sidebar_get_source_title (RasidSidebar *self, gint64 id)
{
  for (guint i = 0; self->sources && i < self->sources->len; i++)
    {
      RasidSource *s = g_ptr_array_index (self->sources, i);
      if (s->id == id)
        return s->title;
    }
  return NULL;
}

GPtrArray *
rasid_sidebar_get_watches (RasidSidebar *self)
{
  return self->watches;
}

static void
on_place_search_changed (GtkSearchEntry *entry, RasidSidebar *self)
{
  rebuild_places (self);
  recount (self);
}

/* Reports since the start of the chosen day, in Syria. */
static void
on_since_day_selected (GtkCalendar *calendar, RasidSidebar *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) start = g_date_time_new (rasid_syria_timezone (), g_date_time_get_year (day),
                                                g_date_time_get_month (day), g_date_time_get_day_of_month (day), 0, 0, 0);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.filter-since", "x", g_date_time_to_unix (start));
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER)));
}

static void
rasid_sidebar_dispose (GObject *object)
{
  RasidSidebar *self = RASID_SIDEBAR (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->analyzer);
  g_clear_object (&self->index);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_SIDEBAR);
  G_OBJECT_CLASS (rasid_sidebar_parent_class)->dispose (object);
}

static void
rasid_sidebar_finalize (GObject *object)
{
  RasidSidebar *self = RASID_SIDEBAR (object);

  g_free (self->db_path);
  g_free (self->time_preset);
  rasid_filter_free (self->filter);
  g_clear_pointer (&self->place_counts, g_hash_table_unref);
  g_clear_pointer (&self->actor_counts, g_hash_table_unref);
  g_clear_pointer (&self->event_counts, g_hash_table_unref);
  g_clear_pointer (&self->source_counts, g_hash_table_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->watches, g_ptr_array_unref);
  G_OBJECT_CLASS (rasid_sidebar_parent_class)->finalize (object);
}

static void
rasid_sidebar_class_init (RasidSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_sidebar_dispose;
  object_class->finalize = rasid_sidebar_finalize;

  /* The watch list (and its new-report counts) was read again. */
  signals[SIGNAL_WATCHES_CHANGED] = g_signal_new ("watches-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, watches_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, places_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, actors_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, events_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, sources_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, time_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, state_list);
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, place_search);
  gtk_widget_class_bind_template_callback (widget_class, on_place_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_since_day_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidebar");
}

static void
rasid_sidebar_init (RasidSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
