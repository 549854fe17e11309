/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-report.c: a report loaded from the cache. Read and starred are
 * properties, and "changed" says the rest was read anew, so every row and
 * view showing the report follows changes. */
#include "rasid-report.h"

#include <string.h>

struct _RasidReport {
  GObject           parent_instance;
  gint64            id;
  RasidReportFields f;
  GPtrArray        *places;
  GPtrArray        *actors;
};

G_DEFINE_FINAL_TYPE (RasidReport, rasid_report, G_TYPE_OBJECT)

enum { PROP_0, PROP_READ, PROP_STARRED, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
place_free (RasidReportPlace *p)
{
  g_free (p->id);
  g_free (p->name_ar);
  g_free (p->name_en);
  g_free (p->admin1);
  g_free (p->qualifier);
  g_free (p);
}

static void
actor_free (RasidReportActor *a)
{
  g_free (a->id);
  g_free (a->name_ar);
  g_free (a->name_en);
  g_free (a);
}

static void
fields_clear (RasidReportFields *f)
{
  g_free (f->title);
  g_free (f->body);
  g_free (f->link);
  g_free (f->author);
  g_free (f->dateline);
  g_free (f->attribution);
  g_free (f->clock);
  g_free (f->source_title);
  g_strfreev (f->events);
  memset (f, 0, sizeof *f);
}

static void
rasid_report_finalize (GObject *object)
{
  RasidReport *self = RASID_REPORT (object);

  fields_clear (&self->f);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_clear_pointer (&self->actors, g_ptr_array_unref);
  G_OBJECT_CLASS (rasid_report_parent_class)->finalize (object);
}

static void
rasid_report_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RasidReport *self = RASID_REPORT (object);

  switch (prop_id)
    {
    case PROP_READ:
      g_value_set_boolean (value, self->f.read);
      break;
    case PROP_STARRED:
      g_value_set_boolean (value, self->f.starred);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_report_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RasidReport *self = RASID_REPORT (object);

  switch (prop_id)
    {
    case PROP_READ:
      rasid_report_set_read (self, g_value_get_boolean (value));
      break;
    case PROP_STARRED:
      rasid_report_set_starred (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_report_class_init (RasidReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rasid_report_finalize;
  object_class->get_property = rasid_report_get_property;
  object_class->set_property = rasid_report_set_property;

  properties[PROP_READ] = g_param_spec_boolean ("read", NULL, NULL, FALSE,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARRED] = g_param_spec_boolean ("starred", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
}

static void
rasid_report_init (RasidReport *self)
{
  self->places = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);
  self->actors = g_ptr_array_new_with_free_func ((GDestroyNotify) actor_free);
  self->f.killed = self->f.injured = -1;
}

RasidReport *
rasid_report_new (gint64 id)
{
  RasidReport *self = g_object_new (RASID_TYPE_REPORT, NULL);

  self->id = id;
  return self;
}

void
rasid_report_take_fields (RasidReport *self, RasidReportFields *fields)
{
  g_return_if_fail (RASID_IS_REPORT (self));
  g_return_if_fail (fields != NULL);

  fields_clear (&self->f);
  self->f = *fields;
  memset (fields, 0, sizeof *fields);
}

static gboolean
same_places (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (((RasidReportPlace *) g_ptr_array_index (a, i))->id, ((RasidReportPlace *) g_ptr_array_index (b, i))->id) ||
        g_strcmp0 (((RasidReportPlace *) g_ptr_array_index (a, i))->qualifier,
                   ((RasidReportPlace *) g_ptr_array_index (b, i))->qualifier))
      return FALSE;
  return TRUE;
}

static gboolean
same_actors (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (((RasidReportActor *) g_ptr_array_index (a, i))->id, ((RasidReportActor *) g_ptr_array_index (b, i))->id))
      return FALSE;
  return TRUE;
}

/* Whether what a reader sees, flags apart, is the same. */
static gboolean
same_contents (RasidReport *a, RasidReport *b)
{
  const RasidReportFields *x = &a->f, *y = &b->f;

  return g_strcmp0 (x->title, y->title) == 0 && g_strcmp0 (x->body, y->body) == 0 &&
         g_strcmp0 (x->link, y->link) == 0 && g_strcmp0 (x->author, y->author) == 0 &&
         g_strcmp0 (x->dateline, y->dateline) == 0 && g_strcmp0 (x->attribution, y->attribution) == 0 &&
         g_strcmp0 (x->clock, y->clock) == 0 && g_strcmp0 (x->source_title, y->source_title) == 0 &&
         x->published == y->published && x->breaking == y->breaking && x->killed == y->killed &&
         x->injured == y->injured &&
         ((x->events == NULL && y->events == NULL) ||
          (x->events && y->events && g_strv_equal ((const char * const *) x->events, (const char * const *) y->events))) &&
         same_places (a->places, b->places) && same_actors (a->actors, b->actors);
}

/**
 * rasid_report_update_from:
 * @fresh: the same report, read again
 *
 * Takes @fresh's contents, so that what shows this object shows them: emits
 * "changed" when more than the flags differ (an open article is not shown
 * anew because it was marked read), and notifies read and starred when
 * they differ. @fresh is left with the old contents.
 */
void
rasid_report_update_from (RasidReport *self, RasidReport *fresh)
{
  RasidReportFields old;
  GPtrArray *places, *actors;
  gboolean same;

  g_return_if_fail (RASID_IS_REPORT (self));
  g_return_if_fail (RASID_IS_REPORT (fresh));
  g_return_if_fail (self->id == fresh->id);

  old = self->f;
  places = self->places;
  actors = self->actors;
  same = same_contents (self, fresh);
  self->f = fresh->f;
  self->places = fresh->places;
  self->actors = fresh->actors;
  fresh->f = old;
  fresh->places = places;
  fresh->actors = actors;
  if (!same)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (self->f.read != old.read)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
  if (self->f.starred != old.starred)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARRED]);
}

void
rasid_report_add_place (RasidReport *self, RasidReportPlace *place)
{
  g_return_if_fail (RASID_IS_REPORT (self));
  g_return_if_fail (place != NULL);

  g_ptr_array_add (self->places, place);
}

void
rasid_report_add_actor (RasidReport *self, RasidReportActor *actor)
{
  g_return_if_fail (RASID_IS_REPORT (self));
  g_return_if_fail (actor != NULL);

  g_ptr_array_add (self->actors, actor);
}

gint64
rasid_report_get_id (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), 0);

  return self->id;
}

const char *
rasid_report_get_title (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->f.title;
}

const char *
rasid_report_get_body (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->f.body;
}

const char *
rasid_report_get_link (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->f.link;
}

const char *
rasid_report_get_author (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->f.author;
}

const char *
rasid_report_get_dateline (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->f.dateline;
}

const char *
rasid_report_get_attribution (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->f.attribution;
}

const char *
rasid_report_get_clock (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->f.clock;
}

const char *
rasid_report_get_source_title (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->f.source_title;
}

gint64
rasid_report_get_published (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), 0);

  return self->f.published;
}

gint64
rasid_report_get_first_seen (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), 0);

  return self->f.first_seen;
}

gboolean
rasid_report_get_breaking (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), 0);

  return self->f.breaking;
}

gboolean
rasid_report_get_read (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), 0);

  return self->f.read;
}

gboolean
rasid_report_get_starred (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), 0);

  return self->f.starred;
}

GPtrArray *
rasid_report_get_places (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->places;
}

GPtrArray *
rasid_report_get_actors (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return self->actors;
}

const char * const *
rasid_report_get_events (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), NULL);

  return (const char * const *) self->f.events;
}

int
rasid_report_get_killed (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), -1);

  return self->f.killed;
}

int
rasid_report_get_injured (RasidReport *self)
{
  g_return_val_if_fail (RASID_IS_REPORT (self), -1);

  return self->f.injured;
}

void
rasid_report_set_read (RasidReport *self, gboolean read)
{
  g_return_if_fail (RASID_IS_REPORT (self));

  read = !!read;
  if (self->f.read == read)
    return;
  self->f.read = read;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
}

void
rasid_report_set_starred (RasidReport *self, gboolean starred)
{
  g_return_if_fail (RASID_IS_REPORT (self));

  starred = !!starred;
  if (self->f.starred == starred)
    return;
  self->f.starred = starred;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARRED]);
}
