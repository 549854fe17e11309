/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-article-view.c: title, editor, time, dateline, a link to the
 * original, the body as selectable plain paragraphs (never HTML: nothing
 * runs, nothing loads), and the readings as chips that filter on click. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-article-view.h"
#include "rasid-util.h"
#include "rasid-wrap-box.h"

struct _RasidArticleView {
  GtkWidget    parent_instance;
  GtkStack    *stack;
  GtkLabel    *title_label;
  GtkLabel    *meta_label;
  GtkLabel    *source_label;
  GtkWidget   *breaking_label;
  GtkWidget   *original_button;
  GtkWidget   *star_button;
  GtkWidget   *read_button;
  GtkWidget   *copy_button;
  GtkWidget   *places_box;
  GtkWidget   *actors_box;
  GtkWidget   *events_box;
  GtkLabel    *body_label;
  GtkScrolledWindow *scroller;
  RasidReport *report;
  gulong       changed_id;
  gulong       notify_id;
  RasidGazetteer *gazetteer;   /* for the hierarchy above each place */
};

G_DEFINE_FINAL_TYPE (RasidArticleView, rasid_article_view, GTK_TYPE_WIDGET)

static void
clear_box (GtkWidget *box)
{
  rasid_wrap_box_remove_all (RASID_WRAP_BOX (box));
}

static void
add_chip (GtkWidget *box, const char *label, const char *tooltip, const char *action, const char *target,
          const char *kind)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "chip");
  gtk_widget_add_css_class (button, kind);
  if (tooltip)
    gtk_widget_set_tooltip_text (button, tooltip);
  if (action)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (target));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  rasid_wrap_box_append (RASID_WRAP_BOX (box), button);
}

static void on_report_changed (RasidArticleView *self);

/* The star and read buttons say what they will do, and show the state. */
static void
update_header (RasidArticleView *self)
{
  gboolean starred = rasid_report_get_starred (self->report);
  gboolean read = rasid_report_get_read (self->report);
  const char *star_text = starred ? _("Remove Star") : _("Star");
  const char *read_text = read ? _("Mark as Unread") : _("Mark as Read");

  gtk_button_set_icon_name (GTK_BUTTON (self->star_button), starred ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->star_button, star_text);
  rasid_set_accessible_label (self->star_button, star_text);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->star_button), GTK_ACCESSIBLE_STATE_PRESSED,
                               starred ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
  if (starred)
    gtk_widget_add_css_class (self->star_button, "starred");
  else
    gtk_widget_remove_css_class (self->star_button, "starred");
  gtk_button_set_icon_name (GTK_BUTTON (self->read_button), read ? "mail-unread-symbolic" : "mail-read-symbolic");
  gtk_widget_set_tooltip_text (self->read_button, read_text);
  rasid_set_accessible_label (self->read_button, read_text);
}

static void
on_report_notify (RasidArticleView *self)
{
  update_header (self);
}

/* Where @place_id lies: its subdistrict, district and governorate, named
 * as such ("ناحية سراقب، منطقة إدلب، محافظة إدلب"), or NULL. */
static char *
place_hierarchy (RasidArticleView *self, const char *place_id)
{
  const RasidPlace *place = self->gazetteer ? rasid_gazetteer_lookup (self->gazetteer, place_id) : NULL;
  g_autoptr(GString) where = g_string_new (NULL);

  for (int level = 2; place && level >= 0; level--)
    {
      const RasidPlace *above;
      const char *name;

      if (place->admin[level] == NULL || g_str_equal (place->admin[level], place->id) ||
          (above = rasid_gazetteer_lookup (self->gazetteer, place->admin[level])) == NULL)
        continue;
      name = rasid_pick_name (above->name_ar, above->name_en);
      if (where->len)
        /* Translators: between the parts of a place's hierarchy */
        g_string_append (where, C_("list separator", ", "));
      switch (level)
        {
        /* Translators: a subdistrict (nahiya) */
        case 2: g_string_append_printf (where, _("%s Subdistrict"), name); break;
        /* Translators: a district (mintaqa) */
        case 1: g_string_append_printf (where, _("%s District"), name); break;
        default: g_string_append_printf (where, _("%s Governorate"), name); break;
        }
    }
  return where->len ? g_string_free (g_steal_pointer (&where), FALSE) : NULL;
}

void
rasid_article_view_set_report (RasidArticleView *self, RasidReport *report)
{
  g_autofree char *when = NULL;
  g_autoptr(GString) meta = g_string_new (NULL);
  GPtrArray *places, *actors;
  g_autoptr(GPtrArray) shown_places = NULL;
  const char * const *events;
  const char *s;

  if (self->report != report)
    {
      if (self->report)
        {
          g_clear_signal_handler (&self->changed_id, self->report);
          g_clear_signal_handler (&self->notify_id, self->report);
        }
      g_set_object (&self->report, report);
      /* A source rewrote it while it is open: show the new text. */
      if (report)
        {
          self->changed_id = g_signal_connect_swapped (report, "changed", G_CALLBACK (on_report_changed), self);
          self->notify_id = g_signal_connect_swapped (report, "notify", G_CALLBACK (on_report_notify), self);
        }
    }
  clear_box (self->places_box);
  clear_box (self->actors_box);
  clear_box (self->events_box);
  if (report == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "article");

  rasid_label_set_text_aligned (self->title_label, rasid_report_get_title (report));
  gtk_widget_set_visible (self->breaking_label, rasid_report_get_breaking (report));
  update_header (self);

  /* Each part is a bidi isolate (FSI … PDI): an English date between an
   * Arabic name and dateline would otherwise have its day moved to the far
   * end of the line. */
  when = rasid_format_absolute (rasid_report_get_published (report));
  if ((s = rasid_report_get_author (report)) && *s)
    g_string_append_printf (meta, "\u2068%s\u2069", s);
  g_string_append_printf (meta, "%s\u2068%s\u2069", meta->len ? "  ·  " : "", when);
  if ((s = rasid_report_get_dateline (report)) && *s)
    g_string_append_printf (meta, "  ·  \u2068%s\u2069", s);
  gtk_label_set_text (self->meta_label, meta->str);

  {
    const char *source = rasid_report_get_source_title (report);
    const char *attribution = rasid_report_get_attribution (report);
    g_autofree char *line = NULL;

    if (attribution)
      /* Translators: "<publisher>, citing <the source the report names>" */
      line = g_strdup_printf (_("%s, citing %s"), source ? source : "", attribution);
    else
      line = g_strdup (source ? source : "");
    gtk_label_set_text (self->source_label, line);
  }
  /* Only a web page opens: never a script, a data: document or a local file. */
  gtk_widget_set_visible (self->original_button, rasid_link_is_web (rasid_report_get_link (report)));
  gtk_widget_set_visible (self->copy_button, rasid_link_is_web (rasid_report_get_link (report)));

  /* No chip for a place a more precise one implies ("سراقب، إدلب"). */
  places = shown_places = rasid_gazetteer_places_to_show (self->gazetteer, rasid_report_get_places (report));
  for (guint i = 0; i < places->len; i++)
    {
      RasidReportPlace *p = g_ptr_array_index (places, i);
      const char *name = rasid_pick_name (p->name_ar, p->name_en);
      g_autofree char *named = NULL;
      g_autofree char *label = NULL;
      g_autofree char *tip = NULL;
      g_autofree char *where = NULL;

      /* Damascus the governorate and Damascus the city would read alike. */
      for (guint j = 0; j < places->len && named == NULL; j++)
        {
          RasidReportPlace *o = g_ptr_array_index (places, j);
          if (j != i && g_strcmp0 (p->id, p->admin1) == 0 && g_strcmp0 (name, rasid_pick_name (o->name_ar, o->name_en)) == 0)
            /* Translators: a governorate, told apart from its city of the same name */
            named = g_strdup_printf (_("%s Governorate"), name);
        }
      label = rasid_place_with_qualifier (p->qualifier, named ? named : name);
      where = place_hierarchy (self, p->id);
      tip = g_strdup_printf (_("Show reports from %s"), named ? named : name);
      if (where)
        {
          g_autofree char *both = g_strconcat (tip, "\n", where, NULL);
          g_free (tip);
          tip = g_steal_pointer (&both);
        }
      add_chip (self->places_box, label, tip, "win.filter-place", p->id, "place");
    }
  actors = rasid_report_get_actors (report);
  for (guint i = 0; i < actors->len; i++)
    {
      RasidReportActor *a = g_ptr_array_index (actors, i);
      g_autofree char *tip = g_strdup_printf (_("Show reports naming %s"), rasid_pick_name (a->name_ar, a->name_en));
      add_chip (self->actors_box, rasid_pick_name (a->name_ar, a->name_en), tip, "win.filter-actor", a->id, "actor");
    }
  events = rasid_report_get_events (report);
  for (guint i = 0; events && events[i]; i++)
    {
      g_autofree char *tip = g_strdup_printf (_("Show reports of %s"), rasid_event_label (events[i]));
      add_chip (self->events_box, rasid_event_label (events[i]), tip, "win.filter-event", events[i], "event");
    }
  if (rasid_report_get_killed (report) > 0 || rasid_report_get_injured (report) > 0)
    {
      g_autofree char *text = NULL;
      int k = MAX (rasid_report_get_killed (report), 0), inj = MAX (rasid_report_get_injured (report), 0);

      /* Translators: casualty counts of a report */
      text = g_strdup_printf (_("Killed: %d · Injured: %d"), k, inj);
      add_chip (self->events_box, text, NULL, NULL, NULL, "casualties");
    }
  gtk_widget_set_visible (self->places_box, places->len > 0);
  gtk_widget_set_visible (self->actors_box, actors->len > 0);
  gtk_widget_set_visible (self->events_box, events && events[0]);

  rasid_label_set_text_aligned (self->body_label, rasid_report_get_body (report));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

void
rasid_article_view_set_gazetteer (RasidArticleView *self, RasidGazetteer *gazetteer)
{
  g_set_object (&self->gazetteer, gazetteer);
}

RasidReport *
rasid_article_view_get_report (RasidArticleView *self)
{
  return self->report;
}

static void
on_report_changed (RasidArticleView *self)
{
  rasid_article_view_set_report (self, self->report);
}

static void
rasid_article_view_dispose (GObject *object)
{
  RasidArticleView *self = RASID_ARTICLE_VIEW (object);

  if (self->report)
    {
      g_clear_signal_handler (&self->changed_id, self->report);
      g_clear_signal_handler (&self->notify_id, self->report);
    }
  g_clear_object (&self->report);
  g_clear_object (&self->gazetteer);
  gtk_widget_dispose_template (GTK_WIDGET (self), RASID_TYPE_ARTICLE_VIEW);
  G_OBJECT_CLASS (rasid_article_view_parent_class)->dispose (object);
}

static void
rasid_article_view_class_init (RasidArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_article_view_dispose;
  g_type_ensure (RASID_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-article-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, stack);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, title_label);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, source_label);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, breaking_label);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, original_button);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, star_button);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, read_button);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, places_box);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, actors_box);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, events_box);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, body_label);
  gtk_widget_class_bind_template_child (widget_class, RasidArticleView, scroller);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "articleview");
}

static void
rasid_article_view_init (RasidArticleView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
