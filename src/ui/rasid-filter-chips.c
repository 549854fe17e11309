/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-filter-chips.c: the chips above the report list, one for each part
 * of the active filter, each removing its part when pressed. They follow
 * the desk's RasidDeskFilter ("changed") rather than being told. A place
 * whose name alone would be ambiguous says its level, as the sidebar's
 * tree does and with the same words ("محافظة إدلب", not "إدلب"). */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-filter-chips.h"
#include "rasid-sidebar.h"
#include "rasid-util.h"

struct _RasidFilterChips {
  GtkWidget        parent_instance;
  RasidDeskFilter *filter;
  RasidAnalyzer   *analyzer;
  GPtrArray       *sources;      /* RasidSource, as the sidebar last read them */
  GPtrArray       *short_names;  /* each chip's text without a place's level, for file names */
  GHashTable      *levels;       /* a place name in the UI's language → the levels it names (bits) */
  gboolean         levels_ar;    /* the names in levels are Arabic ones */
  guint            levels_n;     /* of so many places */
};

G_DEFINE_FINAL_TYPE (RasidFilterChips, rasid_filter_chips, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_FILTER, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
add_chip (RasidFilterChips *self, const char *label, const char *short_name, const char *clear_action)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *tip = g_strdup_printf (_("Remove the filter “%s”"), label);

  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "filter-chip");
  gtk_widget_set_tooltip_text (button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), clear_action);
  gtk_widget_set_parent (button, GTK_WIDGET (self));
  g_ptr_array_add (self->short_names, g_strdup (short_name ? short_name : label));
}

/* Whether another place of another level has the same name in the UI's
 * language: then the level tells them apart. The levels of every name are
 * gathered once: a pass over the gazetteer at each change of the filter
 * cost the UI thread milliseconds before the sidebar's count had started. */
static gboolean
needs_level (RasidFilterChips *self, RasidGazetteer *gazetteer, const RasidPlace *p)
{
  GPtrArray *places = rasid_gazetteer_get_places (gazetteer);
  const char *name = rasid_pick_name (p->name_ar, p->name_en);
  guint levels;

  if (name == NULL)
    return FALSE;
  /* Tests switch the UI's language within one process; places are added. */
  if (self->levels && (self->levels_ar != rasid_ui_prefers_arabic () || self->levels_n != places->len))
    g_clear_pointer (&self->levels, g_hash_table_unref);
  if (self->levels == NULL)
    {
      self->levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      self->levels_ar = rasid_ui_prefers_arabic ();
      self->levels_n = places->len;
      for (guint i = 0; i < places->len; i++)
        {
          const RasidPlace *q = g_ptr_array_index (places, i);
          const char *n = rasid_pick_name (q->name_ar, q->name_en);

          if (n)
            g_hash_table_insert (self->levels, g_strdup (n),
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->levels, n)) |
                                                   1u << MIN ((guint) q->level, 31u)));
        }
    }
  levels = GPOINTER_TO_UINT (g_hash_table_lookup (self->levels, name));
  return (levels & ~(1u << MIN ((guint) p->level, 31u))) != 0;
}

static const char *
source_title (RasidFilterChips *self, gint64 id)
{
  for (guint i = 0; self->sources && i < self->sources->len; i++)
    {
      RasidSource *s = g_ptr_array_index (self->sources, i);
      if (s->id == id)
        return s->title;
    }
  return NULL;
}

static void
rebuild (RasidFilterChips *self)
{
  const RasidFilter *f = self->filter ? rasid_desk_filter_get_filter (self->filter) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_ptr_array_set_size (self->short_names, 0);
  gtk_widget_set_visible (GTK_WIDGET (self), f && !rasid_filter_is_empty (f));
  if (f == NULL || self->analyzer == NULL)
    return;
  if (f->place_id)
    {
      RasidGazetteer *gazetteer = rasid_analyzer_get_gazetteer (self->analyzer);
      const RasidPlace *p = rasid_gazetteer_lookup (gazetteer, f->place_id);
      const char *name = p ? rasid_pick_name (p->name_ar, p->name_en) : f->place_id;
      g_autofree char *label = p ? rasid_place_label (p, needs_level (self, gazetteer, p)) : g_strdup (name);

      add_chip (self, label, name, "win.clear-place");
    }
  if (f->actor_id)
    {
      const RasidActor *a = rasid_actors_lookup (rasid_analyzer_get_actors (self->analyzer), f->actor_id);
      add_chip (self, a ? rasid_pick_name (a->name_ar, a->name_en) : f->actor_id, NULL, "win.clear-actor");
    }
  if (f->event)
    add_chip (self, rasid_event_label (f->event), NULL, "win.clear-event");
  if (f->query && *f->query)
    {
      g_autofree char *label = g_strdup_printf ("“%s”", f->query);
      add_chip (self, label, NULL, "win.clear-search");
    }
  if (f->source_id)
    {
      /* The sidebar reads the sources in a worker; until it has, a
       * generic name, and its next count brings the real one. */
      const char *title = source_title (self, f->source_id);
      add_chip (self, title ? title : _("Source"), NULL, "win.clear-source");
    }
  if (f->since || f->until)
    {
      const char *preset = rasid_desk_filter_get_time_preset (self->filter);
      g_autofree char *label = NULL;

      if (g_strcmp0 (preset, "1h") == 0)
        label = g_strdup (_("Last hour"));
      else if (g_strcmp0 (preset, "24h") == 0)
        label = g_strdup (_("Last 24 hours"));
      else if (g_strcmp0 (preset, "7d") == 0)
        label = g_strdup (_("Last 7 days"));
      else if (f->since && f->until)
        {
          g_autofree char *from = rasid_format_absolute (f->since);
          g_autofree char *to = rasid_format_absolute (f->until);
          /* Translators: a time filter, a period such as a bar of the trend chart */
          label = g_strdup_printf (_("From %s to %s"), from, to);
        }
      else if (f->until)
        {
          g_autofree char *when = rasid_format_absolute (f->until);
          /* Translators: a time filter, "until <date>" */
          label = g_strdup_printf (_("Until %s"), when);
        }
      else
        {
          g_autofree char *when = rasid_format_absolute (f->since);
          /* Translators: a time filter, "since <date>" */
          label = g_strdup_printf (_("Since %s"), when);
        }
      add_chip (self, label, NULL, "win.clear-time");
    }
  if (f->unread_only)
    add_chip (self, _("Unread only"), NULL, "win.unread-only");
  if (f->starred_only)
    add_chip (self, _("Starred only"), NULL, "win.starred-only");
  if (f->breaking_only)
    add_chip (self, C_("news", "Breaking only"), NULL, "win.breaking-only");
}

/**
 * rasid_filter_chips_describe:
 * @short_names: leave out a place's level, for a file name
 *
 * The chips' texts joined, as a name that says what the filter selects:
 * "محافظة إدلب · قوات الحكومة السورية". Empty when no filter is set.
 */
char *
rasid_filter_chips_describe (RasidFilterChips *self, gboolean short_names)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint i = 0;

  g_return_val_if_fail (RASID_IS_FILTER_CHIPS (self), NULL);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c; c = gtk_widget_get_next_sibling (c), i++)
    {
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (c)));

      if (out->len)
        g_string_append (out, " · ");
      g_string_append (out, short_names ? g_ptr_array_index (self->short_names, i) : gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
rasid_filter_chips_set_filter (RasidFilterChips *self, RasidDeskFilter *filter)
{
  g_return_if_fail (RASID_IS_FILTER_CHIPS (self));
  g_return_if_fail (filter == NULL || RASID_IS_DESK_FILTER (filter));

  if (self->filter == filter)
    return;
  if (self->filter)
    g_signal_handlers_disconnect_by_func (self->filter, rebuild, self);
  g_set_object (&self->filter, filter);
  if (filter)
    g_signal_connect_object (filter, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

RasidDeskFilter *
rasid_filter_chips_get_filter (RasidFilterChips *self)
{
  g_return_val_if_fail (RASID_IS_FILTER_CHIPS (self), NULL);
  return self->filter;
}

void
rasid_filter_chips_set_analyzer (RasidFilterChips *self, RasidAnalyzer *analyzer)
{
  g_return_if_fail (RASID_IS_FILTER_CHIPS (self));
  if (g_set_object (&self->analyzer, analyzer))
    g_clear_pointer (&self->levels, g_hash_table_unref);
  rebuild (self);
}

/* The sources as last read, for a source chip's title. */
void
rasid_filter_chips_set_sources (RasidFilterChips *self, GPtrArray *sources)
{
  g_return_if_fail (RASID_IS_FILTER_CHIPS (self));
  if (sources)
    g_ptr_array_ref (sources);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  self->sources = sources;
  if (self->filter && rasid_desk_filter_get_source (self->filter))
    rebuild (self);
}

static void
rasid_filter_chips_dispose (GObject *object)
{
  RasidFilterChips *self = RASID_FILTER_CHIPS (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->filter);
  g_clear_object (&self->analyzer);
  g_clear_pointer (&self->levels, g_hash_table_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  G_OBJECT_CLASS (rasid_filter_chips_parent_class)->dispose (object);
}

static void
rasid_filter_chips_finalize (GObject *object)
{
  RasidFilterChips *self = RASID_FILTER_CHIPS (object);

  g_ptr_array_unref (self->short_names);
  G_OBJECT_CLASS (rasid_filter_chips_parent_class)->finalize (object);
}

static void
rasid_filter_chips_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RasidFilterChips *self = RASID_FILTER_CHIPS (object);

  switch (prop_id)
    {
    case PROP_FILTER: g_value_set_object (value, self->filter); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_filter_chips_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RasidFilterChips *self = RASID_FILTER_CHIPS (object);

  switch (prop_id)
    {
    case PROP_FILTER: rasid_filter_chips_set_filter (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_filter_chips_class_init (RasidFilterChipsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_filter_chips_dispose;
  object_class->finalize = rasid_filter_chips_finalize;
  object_class->get_property = rasid_filter_chips_get_property;
  object_class->set_property = rasid_filter_chips_set_property;
  properties[PROP_FILTER] = g_param_spec_object ("filter", NULL, NULL, RASID_TYPE_DESK_FILTER,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filter-chips");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rasid_filter_chips_init (RasidFilterChips *self)
{
  self->short_names = g_ptr_array_new_with_free_func (g_free);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 4);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
