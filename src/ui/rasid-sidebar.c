/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-sidebar.c: the filters, each with the number of reports (or, while
 * the desk lists stories, of stories: count-stories) it would show under
 * the other active filters: watches (with new-report badges),
 * the place hierarchy (governorate → district → subdistrict → town, opened
 * along the chosen place, with type-ahead over every place), factions,
 * event types, sources, time presets and read/starred state. Counting runs
 * in a worker thread on its own connection. The sidebar follows the desk's
 * RasidDeskFilter; its rows only activate window actions, which change it. */
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
  GtkScrolledWindow *scroller;
  char           *db_path;
  RasidAnalyzer  *analyzer;
  RasidFacetIndex *index;
  gboolean        count_stories; /* the counts are of stories, not reports */
  RasidDeskFilter *desk_filter;
  RasidFilter    *filter;        /* a copy of desk_filter's, as last counted */
  char           *time_preset;
  GHashTable     *place_counts;
  GHashTable     *actor_counts;
  GHashTable     *event_counts;
  GHashTable     *source_counts;
  GPtrArray      *sources;       /* RasidSource */
  GPtrArray      *watches;       /* RasidWatch */
  GCancellable   *cancellable;
  GHashTable     *expanded;      /* ids of the places opened in the tree */
  char           *revealed;      /* the chosen place last scrolled into view */
  double          scroll_value;  /* kept across a rebuild */
  guint           scroll_tick;
};

G_DEFINE_FINAL_TYPE (RasidSidebar, rasid_sidebar, GTK_TYPE_WIDGET)

enum { SIGNAL_WATCHES_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_COUNT_STORIES, N_PROPS };
static GParamSpec *properties[N_PROPS];

typedef struct {
  RasidFilter *filter;
  RasidFacetIndex *index;
  RasidFacetUnit unit;
  GPtrArray   *expanded;      /* (RasidPlaceLevel, id) of each opened place, as "L:id" */
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
  g_clear_pointer (&job->expanded, g_ptr_array_unref);
  g_clear_pointer (&job->places, g_hash_table_unref);
  g_clear_pointer (&job->actors, g_hash_table_unref);
  g_clear_pointer (&job->events, g_hash_table_unref);
  g_clear_pointer (&job->sources_count, g_hash_table_unref);
  g_clear_pointer (&job->sources, g_ptr_array_unref);
  g_clear_pointer (&job->watches, g_ptr_array_unref);
  g_free (job);
}

/* A place's count from its own level wins: "any matched place" counts of
 * a district would count only the reports naming the district itself. */
static void
merge_counts (GHashTable *into, GHashTable *from)
{
  GHashTableIter it;
  gpointer k, v;

  if (from == NULL)
    return;
  g_hash_table_iter_init (&it, from);
  while (g_hash_table_iter_next (&it, &k, &v))
    if (!g_hash_table_contains (into, k))
      g_hash_table_insert (into, g_strdup (k), v);
}

static gboolean
count_job (RasidStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  CountJob *job = data;

  if ((job->places = rasid_facet_index_count_places_full (job->index, store, job->filter, job->unit, 0, NULL, error)) == NULL ||
      (job->actors = rasid_facet_index_count_actors_full (job->index, store, job->filter, job->unit, error)) == NULL ||
      (job->events = rasid_facet_index_count_events_full (job->index, store, job->filter, job->unit, error)) == NULL ||
      (job->sources_count = rasid_facet_index_count_sources_full (job->index, store, job->filter, job->unit, error)) == NULL ||
      (job->sources = rasid_store_list_sources (store, error)) == NULL ||
      (job->watches = rasid_store_list_watches (store, error)) == NULL)
    return FALSE;
  /* Every level for type-ahead, admin levels before "any place". */
  for (guint level = 1; job->all_places && level <= 3; level++)
    {
      g_autoptr(GHashTable) counts = rasid_facet_index_count_places_full (job->index, store, job->filter, job->unit,
                                                                           level, NULL, error);
      if (counts == NULL)
        return FALSE;
      merge_counts (job->places, counts);
    }
  /* The children of each opened place: its next admin level, then the
   * towns, camps … directly in it. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; !job->all_places && i < job->expanded->len; i++)
      {
        const char *entry = g_ptr_array_index (job->expanded, i);
        guint level = entry[0] - '0';
        g_autoptr(GHashTable) counts = NULL;

        if (pass == 0 && level >= RASID_PLACE_SUBDISTRICT)
          continue;
        counts = rasid_facet_index_count_places_full (job->index, store, job->filter, job->unit,
                                                      pass == 0 ? level + 1 : 3, entry + 2, error);
        if (counts == NULL)
          return FALSE;
        merge_counts (job->places, counts);
      }
  return TRUE;
}

static GtkWidget *
make_row (RasidSidebar *self, const char *name, const char *detail, gint64 count, const char *action, GVariant *target,
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
      if (self->count_stories)
        {
          /* Translators: the tooltip of a sidebar row's count while the desk lists stories */
          g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story with a matching report",
                                                               "%u stories with a matching report", (gulong) count),
                                                  (guint) count);

          gtk_widget_set_tooltip_text (count_label, tip);
          /* Translators: a sidebar row while the desk lists stories; "Idlib, 12 stories" */
          accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u story", "%s, %u stories", (gulong) count),
                                        name, (guint) count);
        }
      else
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

/* One row of the place tree as it will be shown. */
typedef struct {
  const RasidPlace *place;
  guint             depth;
  gboolean          expandable;
  const char       *detail;     /* the governorate, in type-ahead */
} PlaceEntry;

/**
 * rasid_place_label:
 * @qualified: say the level
 *
 * A place's name in the UI's language, with its level when @qualified:
 * "محافظة إدلب", "منطقة إدلب", "ناحية إدلب", "مدينة إدلب". The tree names
 * the level where a name repeats in view, the filter's chips where the
 * gazetteer has the name at another level.
 */
char *
rasid_place_label (const RasidPlace *p, gboolean qualified)
{
  const char *name;

  g_return_val_if_fail (p != NULL, NULL);
  name = rasid_pick_name (p->name_ar, p->name_en);
  if (!qualified)
    return g_strdup (name);
  switch (p->level)
    {
    /* Translators: a governorate (muhafaza), told apart from the district or city of the same name */
    case RASID_PLACE_GOVERNORATE: return g_strdup_printf (_("%s Governorate"), name);
    /* Translators: a district (mintaqa) */
    case RASID_PLACE_DISTRICT: return g_strdup_printf (_("%s District"), name);
    /* Translators: a subdistrict (nahiya) */
    case RASID_PLACE_SUBDISTRICT: return g_strdup_printf (_("%s Subdistrict"), name);
    /* Translators: a city, told apart from the governorate or district of the same name */
    case RASID_PLACE_CITY: return g_strdup_printf (_("%s city"), name);
    /* Translators: a town, told apart from the subdistrict of the same name */
    case RASID_PLACE_TOWN: return g_strdup_printf (_("%s town"), name);
    /* Translators: a village, told apart from the subdistrict of the same name */
    case RASID_PLACE_VILLAGE: return g_strdup_printf (_("%s village"), name);
    default: return g_strdup (name);
    }
}

/* The chosen place, or one of the places above it. */
static gboolean
on_chosen_chain (RasidSidebar *self, const RasidPlace *p)
{
  RasidGazetteer *gazetteer = rasid_analyzer_get_gazetteer (self->analyzer);
  const char *chosen = self->filter ? self->filter->place_id : NULL;

  return chosen && (g_str_equal (chosen, p->id) || rasid_gazetteer_contains (gazetteer, p->id, chosen));
}

static GtkWidget *
make_place_row (RasidSidebar *self, const PlaceEntry *e, const char *label)
{
  const RasidPlace *p = e->place;
  const char *chosen = self->filter ? self->filter->place_id : NULL;
  gint64 count = count_of (self->place_counts, p->id);
  g_autofree char *key = rasid_normalize (p->name_ar);
  g_autofree char *lower = NULL;
  GtkWidget *row = make_row (self, label, e->detail, count, "win.filter-place", g_variant_new_string (p->id),
                             g_strcmp0 (chosen, p->id) == 0, 0, NULL);
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *expander;

  /* Type-ahead finds a place by any of its names. */
  {
    g_autoptr(GString) all = g_string_new (key);
    g_string_append_printf (all, " %s", p->name_en ? p->name_en : "");
    for (guint a = 0; p->aliases_ar && p->aliases_ar[a]; a++)
      {
        g_autofree char *alias = rasid_normalize (p->aliases_ar[a]);
        g_string_append_printf (all, " %s", alias);
      }
    lower = g_utf8_strdown (all->str, -1);
    g_object_set_data_full (G_OBJECT (row), "search-key", g_steal_pointer (&lower), g_free);
  }

  gtk_widget_set_margin_start (box, e->depth * 16);
  if (e->expandable)
    {
      gboolean open = g_hash_table_contains (self->expanded, p->id);
      g_autofree char *tip = g_strdup_printf (open ? _("Hide the places in %s") : _("Show the places in %s"), label);

      expander = gtk_button_new_from_icon_name (open ? "pan-down-symbolic" : "pan-end-symbolic");
      gtk_widget_add_css_class (expander, "flat");
      gtk_widget_add_css_class (expander, "place-expander");
      gtk_widget_set_valign (expander, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (expander, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (expander), "sidebar.toggle-place");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (expander), g_variant_new_string (p->id));
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_EXPANDED, open, -1);
    }
  else
    {
      /* Leaves line up with their expandable siblings. */
      expander = gtk_image_new ();
      gtk_widget_set_size_request (expander, 34, -1);
    }
  gtk_box_prepend (GTK_BOX (box), expander);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LEVEL, e->depth + 1, -1);
  /* A place no report under the filter names, kept for its place in the tree. */
  if (count == 0 && g_strcmp0 (chosen, p->id) != 0)
    gtk_widget_add_css_class (row, "dim-label");
  g_object_set_data (G_OBJECT (row), "place-id", p->id);
  return row;
}

/* Whether @c sits right under @x in the tree: the next admin level, or a
 * town, camp … in @x with no finer admin unit between. */
static gboolean
is_child (const RasidPlace *c, const RasidPlace *x)
{
  if (x == NULL)
    return c->level == RASID_PLACE_GOVERNORATE;
  if (x->level > RASID_PLACE_SUBDISTRICT || c == x)
    return FALSE;
  if (c->level <= RASID_PLACE_SUBDISTRICT)
    return c->level == x->level + 1 && g_strcmp0 (c->parent, x->id) == 0;
  return g_strcmp0 (c->admin[x->level], x->id) == 0 &&
         (x->level == RASID_PLACE_SUBDISTRICT || c->admin[x->level + 1] == NULL);
}

/* The rows under @parent (NULL: the governorates), opened where the user
 * or the chosen place opened them. Below the governorates a place no
 * report names is left out; the governorates stay, dimmed, to keep the
 * country's shape. */
static void
collect_places (RasidSidebar *self, GPtrArray *places, const RasidPlace *parent, guint depth, GArray *out)
{
  for (guint i = 0; i < places->len; i++)
    {
      const RasidPlace *c = g_ptr_array_index (places, i);
      gint64 n;
      PlaceEntry e = { c, depth, FALSE, NULL };

      if (!is_child (c, parent))
        continue;
      n = count_of (self->place_counts, c->id);
      if (parent && n == 0 && !on_chosen_chain (self, c))
        continue;
      e.expandable = c->level <= RASID_PLACE_SUBDISTRICT && (n > 0 || on_chosen_chain (self, c));
      g_array_append_val (out, e);
      if (e.expandable && g_hash_table_contains (self->expanded, c->id))
        collect_places (self, places, c, depth + 1, out);
    }
}

static void
rebuild_places (RasidSidebar *self)
{
  RasidGazetteer *gazetteer = rasid_analyzer_get_gazetteer (self->analyzer);
  GPtrArray *places = rasid_gazetteer_get_places (gazetteer);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->place_search));
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (PlaceEntry));
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  remove_all_rows (self->places_list);
  if (text && *text)
    {
      g_autofree char *norm = rasid_normalize (text);
      g_autofree char *needle = g_utf8_strdown (norm, -1);

      /* Every level, places with reports first. */
      for (int pass = 0; pass < 2 && entries->len < MAX_SEARCH_ROWS; pass++)
        for (guint i = 0; i < places->len && entries->len < MAX_SEARCH_ROWS; i++)
          {
            const RasidPlace *p = g_ptr_array_index (places, i);
            g_autofree char *name = rasid_normalize (p->name_ar);
            gboolean match = strstr (name, needle) != NULL;
            const RasidPlace *gov = p->admin[0] ? rasid_gazetteer_lookup (gazetteer, p->admin[0]) : NULL;
            PlaceEntry e = { p, 0, FALSE, NULL };

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
            e.detail = gov && gov != p ? rasid_pick_name (gov->name_ar, gov->name_en) : NULL;
            g_array_append_val (entries, e);
          }
    }
  else
    collect_places (self, places, NULL, 0, entries);

  for (guint i = 0; i < entries->len; i++)
    {
      const RasidPlace *p = g_array_index (entries, PlaceEntry, i).place;
      const char *name = rasid_pick_name (p->name_ar, p->name_en);
      g_hash_table_insert (names, (gpointer) name, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (names, name)) + 1));
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const PlaceEntry *e = &g_array_index (entries, PlaceEntry, i);
      const char *name = rasid_pick_name (e->place->name_ar, e->place->name_en);
      g_autofree char *label = rasid_place_label (e->place, GPOINTER_TO_UINT (g_hash_table_lookup (names, name)) > 1);

      gtk_list_box_append (self->places_list, make_place_row (self, e, label));
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
      GtkWidget *row = make_row (self, w->name, NULL, -1, "win.apply-watch", g_variant_new_int64 (w->id), FALSE, 0, NULL);
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
        const char *name = rasid_pick_name (a->name_ar, a->name_en);
        GtkWidget *row = make_row (self, name, NULL, count_of (self->actor_counts, a->id), "win.filter-actor",
                                   g_variant_new_string (a->id), g_strcmp0 (chosen_actor, a->id) == 0, 0, NULL);

        /* "Syrian government for…": the whole name on hover. */
        gtk_widget_set_tooltip_text (row, name);
        gtk_list_box_append (self->actors_list, row);
      }
  }

  for (const char **e = rasid_event_types (); *e; e++)
    {
      gint64 n = count_of (self->event_counts, *e);
      gboolean chosen = self->filter && g_strcmp0 (self->filter->event, *e) == 0;
      if (n > 0 || chosen)
        gtk_list_box_append (self->events_list,
                             make_row (self, rasid_event_label (*e), NULL, n, "win.filter-event", g_variant_new_string (*e),
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
                             make_row (self, s->title ? s->title : s->url, NULL, n, "win.filter-source",
                                       g_variant_new_int64 (s->id), chosen, 0, NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_list_box_append (self->time_list,
                         make_row (self, _(presets[i].label), NULL, -1, "win.filter-time", g_variant_new_string (presets[i].id),
                                   g_strcmp0 (self->time_preset ? self->time_preset : "any", presets[i].id) == 0, 0, NULL));
  gtk_list_box_append (self->state_list,
                       make_row (self, _("Unread only"), NULL, -1, "win.unread-only", NULL,
                                 self->filter && self->filter->unread_only, 0, NULL));
  gtk_list_box_append (self->state_list,
                       make_row (self, _("Starred only"), NULL, -1, "win.starred-only", NULL,
                                 self->filter && self->filter->starred_only, 0, NULL));
  gtk_list_box_append (self->state_list,
                       make_row (self, C_("news", "Breaking only"), NULL, -1, "win.breaking-only", NULL,
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

static void recount (RasidSidebar *self);

/* Brings the chosen place's row into view once the rows have their
 * size, or else puts the view back where it was before the rebuild. */
static gboolean
settle_scroll (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  RasidSidebar *self = RASID_SIDEBAR (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  const char *chosen = self->filter ? self->filter->place_id : NULL;
  GtkWidget *row = NULL;
  double y = 0;

  self->scroll_tick = 0;
  if (chosen && g_strcmp0 (chosen, self->revealed) != 0)
    {
      g_autofree char *key = g_strdup_printf ("win.filter-place '%s'", chosen);
      row = find_row (GTK_WIDGET (self->places_list), key);
    }
  if (row && gtk_widget_translate_coordinates (row, gtk_scrolled_window_get_child (self->scroller), 0, 0, NULL, &y))
    {
      double page = gtk_adjustment_get_page_size (adj), h = gtk_widget_get_height (row);

      g_free (self->revealed);
      self->revealed = g_strdup (chosen);
      if (y < self->scroll_value || y + h > self->scroll_value + page)
        self->scroll_value = MAX (0, y - page / 3);
    }
  gtk_adjustment_set_value (adj, self->scroll_value);
  return G_SOURCE_REMOVE;
}

/* The rows are made anew with every count: a keyboard user's place among
 * them, and everyone's scroll position, are kept. */
static void
rebuild (RasidSidebar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  gboolean on_expander = focus && gtk_widget_has_css_class (focus, "place-expander");
  g_autofree char *key = NULL;

  self->scroll_value = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
  while (focus && focus != GTK_WIDGET (self) && !GTK_IS_LIST_BOX_ROW (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus && GTK_IS_LIST_BOX_ROW (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    key = row_key (focus);
  build_rows (self);
  if (key && (focus = find_row (GTK_WIDGET (self), key)))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (focus));
      GtkWidget *first = box ? gtk_widget_get_first_child (box) : NULL;

      gtk_widget_grab_focus (on_expander && first && gtk_widget_has_css_class (first, "place-expander") ? first : focus);
    }
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), settle_scroll, NULL, NULL);
}

/* Opens or closes a place in the tree; its children are counted first. */
static void
toggle_place (RasidSidebar *self, const char *id, int open)
{
  gboolean is_open = g_hash_table_contains (self->expanded, id);

  if (open < 0)
    open = !is_open;
  if (open == is_open)
    return;
  if (open)
    g_hash_table_add (self->expanded, g_strdup (id));
  else
    g_hash_table_remove (self->expanded, id);
  recount (self);
}

static void
toggle_place_action (GtkWidget *widget, const char *action, GVariant *param)
{
  toggle_place (RASID_SIDEBAR (widget), g_variant_get_string (param, NULL), -1);
}

/* As in a tree view: + or the arrow towards the end opens the focused
 * place, - or the arrow towards the start closes it. */
static gboolean
on_places_key (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
               RasidSidebar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  const char *id;
  int open;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_plus || keyval == GDK_KEY_KP_Add || keyval == (rtl ? GDK_KEY_Left : GDK_KEY_Right))
    open = TRUE;
  else if (keyval == GDK_KEY_minus || keyval == GDK_KEY_KP_Subtract || keyval == (rtl ? GDK_KEY_Right : GDK_KEY_Left))
    open = FALSE;
  else
    return FALSE;
  while (focus && !GTK_IS_LIST_BOX_ROW (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL || (id = g_object_get_data (G_OBJECT (focus), "place-id")) == NULL)
    return FALSE;
  toggle_place (self, id, open);
  return TRUE;
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
  job->unit = self->count_stories ? RASID_FACET_UNIT_STORIES : RASID_FACET_UNIT_REPORTS;
  job->expanded = g_ptr_array_new_with_free_func (g_free);
  {
    GHashTableIter it;
    gpointer id;

    g_hash_table_iter_init (&it, self->expanded);
    while (g_hash_table_iter_next (&it, &id, NULL))
      if ((chosen = rasid_gazetteer_lookup (rasid_analyzer_get_gazetteer (self->analyzer), id)) &&
          chosen->level <= RASID_PLACE_SUBDISTRICT)
        g_ptr_array_add (job->expanded, g_strdup_printf ("%u:%s", chosen->level, chosen->id));
  }
  job->all_places = *gtk_editable_get_text (GTK_EDITABLE (self->place_search)) != 0;
  rasid_store_run_async (self->db_path, count_job, job, (GDestroyNotify) count_job_free,
                         self->cancellable, on_counted, g_object_ref (self));
}

/* The desk's filter changed: show it as the active one and count again
 * under it. */
static void
on_filter_changed (RasidSidebar *self)
{
  const RasidFilter *filter = rasid_desk_filter_get_filter (self->desk_filter);
  const char *place = filter->place_id;

  if (place && self->analyzer && g_strcmp0 (place, self->filter ? self->filter->place_id : NULL) != 0)
    {
      const RasidPlace *p = rasid_gazetteer_lookup (rasid_analyzer_get_gazetteer (self->analyzer), place);

      /* A chip or a row chose it: open the tree down to it. */
      for (guint level = 0; p && level < 3; level++)
        if (p->admin[level])
          g_hash_table_add (self->expanded, g_strdup (p->admin[level]));
    }
  /* A copy: the counts run in a worker, and a rebuild compares the new
   * place with the one before. */
  g_clear_pointer (&self->filter, rasid_filter_free);
  self->filter = rasid_filter_copy (filter);
  g_free (self->time_preset);
  self->time_preset = g_strdup (rasid_desk_filter_get_time_preset (self->desk_filter));
  recount (self);
}

/**
 * rasid_sidebar_set_filter:
 *
 * The filter the rows show as chosen and count under; the sidebar follows
 * its changes. Its rows change it only through the window's actions.
 */
void
rasid_sidebar_set_filter (RasidSidebar *self, RasidDeskFilter *filter)
{
  g_return_if_fail (RASID_IS_SIDEBAR (self));
  g_return_if_fail (RASID_IS_DESK_FILTER (filter));

  if (self->desk_filter)
    g_signal_handlers_disconnect_by_func (self->desk_filter, on_filter_changed, self);
  g_set_object (&self->desk_filter, filter);
  g_signal_connect_object (filter, "changed", G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  on_filter_changed (self);
}

/* Counts again: reports arrived, or watches changed. */
void
rasid_sidebar_recount (RasidSidebar *self)
{
  g_return_if_fail (RASID_IS_SIDEBAR (self));
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

/**
 * rasid_sidebar_set_count_stories:
 *
 * Whether the rows count stories (with a report the filter would show)
 * instead of reports: the window binds it to what its list shows.
 */
void
rasid_sidebar_set_count_stories (RasidSidebar *self, gboolean count_stories)
{
  g_return_if_fail (RASID_IS_SIDEBAR (self));
  count_stories = !!count_stories;
  if (self->count_stories == count_stories)
    return;
  self->count_stories = count_stories;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_STORIES]);
  recount (self);
}

gboolean
rasid_sidebar_get_count_stories (RasidSidebar *self)
{
  g_return_val_if_fail (RASID_IS_SIDEBAR (self), FALSE);
  return self->count_stories;
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

/* The sources (RasidSource) as last read, or NULL. */
GPtrArray *
rasid_sidebar_get_sources (RasidSidebar *self)
{
  return self->sources;
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
  if (self->scroll_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  g_clear_object (&self->analyzer);
  g_clear_object (&self->index);
  g_clear_object (&self->desk_filter);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_SIDEBAR);
  G_OBJECT_CLASS (rasid_sidebar_parent_class)->dispose (object);
}

static void
rasid_sidebar_finalize (GObject *object)
{
  RasidSidebar *self = RASID_SIDEBAR (object);

  g_free (self->db_path);
  g_free (self->time_preset);
  g_free (self->revealed);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
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
rasid_sidebar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RasidSidebar *self = RASID_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_COUNT_STORIES: g_value_set_boolean (value, self->count_stories); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_sidebar_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RasidSidebar *self = RASID_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_COUNT_STORIES: rasid_sidebar_set_count_stories (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_sidebar_class_init (RasidSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rasid_sidebar_get_property;
  object_class->set_property = rasid_sidebar_set_property;
  object_class->dispose = rasid_sidebar_dispose;
  object_class->finalize = rasid_sidebar_finalize;

  /* The counts are of stories (the window binds its show-stories here). */
  properties[PROP_COUNT_STORIES] = g_param_spec_boolean ("count-stories", NULL, NULL, FALSE,
                                                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  gtk_widget_class_bind_template_child (widget_class, RasidSidebar, scroller);
  gtk_widget_class_install_action (widget_class, "sidebar.toggle-place", "s", toggle_place_action);
  gtk_widget_class_bind_template_callback (widget_class, on_place_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_since_day_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidebar");
}

static void
rasid_sidebar_init (RasidSidebar *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_places_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->places_list), keys);
}
