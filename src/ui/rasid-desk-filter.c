/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-desk-filter.c: the desk's filter as an object. Its properties are
 * what an analyst chooses (place, actor, event, source, time, flags and a
 * search); the sidebar, the chips, the report and story lists and watches
 * listen to its one "changed" signal, emitted once for each change however
 * many properties it touched. The query value itself stays core's
 * RasidFilter (rasid_desk_filter_get_filter()), so a watch is a saved
 * RasidFilter and applying one is rasid_desk_filter_set_filter(). */
#include "config.h"

#include "rasid-desk-filter.h"

struct _RasidDeskFilter {
  GObject      parent_instance;
  RasidFilter *filter;
  char        *time_preset;   /* "any", "1h", "24h", "7d" or "custom" */
};

G_DEFINE_FINAL_TYPE (RasidDeskFilter, rasid_desk_filter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLACE,
  PROP_ACTOR,
  PROP_EVENT,
  PROP_SOURCE,
  PROP_QUERY,
  PROP_SINCE,
  PROP_UNTIL,
  PROP_TIME_PRESET,
  PROP_UNREAD_ONLY,
  PROP_STARRED_ONLY,
  PROP_BREAKING_ONLY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
set_string (RasidDeskFilter *self, char **field, const char *value, guint prop)
{
  if (value && *value == 0)
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
set_int64 (RasidDeskFilter *self, gint64 *field, gint64 value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_flag (RasidDeskFilter *self, gboolean *field, gboolean value, guint prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* All the properties a change notifies arrive here together, after
 * g_object_thaw_notify() when several were set at once: one "changed". */
static void
rasid_desk_filter_dispatch_properties_changed (GObject *object, guint n_pspecs, GParamSpec **pspecs)
{
  G_OBJECT_CLASS (rasid_desk_filter_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);
  if (n_pspecs > 0)
    g_signal_emit (object, signals[SIGNAL_CHANGED], 0);
}

static void
rasid_desk_filter_finalize (GObject *object)
{
  RasidDeskFilter *self = RASID_DESK_FILTER (object);

  rasid_filter_free (self->filter);
  g_free (self->time_preset);
  G_OBJECT_CLASS (rasid_desk_filter_parent_class)->finalize (object);
}

static void
rasid_desk_filter_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RasidDeskFilter *self = RASID_DESK_FILTER (object);
  RasidFilter *f = self->filter;

  switch (prop_id)
    {
    case PROP_PLACE: g_value_set_string (value, f->place_id); break;
    case PROP_ACTOR: g_value_set_string (value, f->actor_id); break;
    case PROP_EVENT: g_value_set_string (value, f->event); break;
    case PROP_SOURCE: g_value_set_int64 (value, f->source_id); break;
    case PROP_QUERY: g_value_set_string (value, f->query); break;
    case PROP_SINCE: g_value_set_int64 (value, f->since); break;
    case PROP_UNTIL: g_value_set_int64 (value, f->until); break;
    case PROP_TIME_PRESET: g_value_set_string (value, self->time_preset); break;
    case PROP_UNREAD_ONLY: g_value_set_boolean (value, f->unread_only); break;
    case PROP_STARRED_ONLY: g_value_set_boolean (value, f->starred_only); break;
    case PROP_BREAKING_ONLY: g_value_set_boolean (value, f->breaking_only); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_desk_filter_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RasidDeskFilter *self = RASID_DESK_FILTER (object);
  RasidFilter *f = self->filter;

  switch (prop_id)
    {
    case PROP_PLACE: set_string (self, &f->place_id, g_value_get_string (value), prop_id); break;
    case PROP_ACTOR: set_string (self, &f->actor_id, g_value_get_string (value), prop_id); break;
    case PROP_EVENT: set_string (self, &f->event, g_value_get_string (value), prop_id); break;
    case PROP_SOURCE: set_int64 (self, &f->source_id, g_value_get_int64 (value), prop_id); break;
    case PROP_QUERY: set_string (self, &f->query, g_value_get_string (value), prop_id); break;
    case PROP_SINCE: rasid_desk_filter_set_since (self, g_value_get_int64 (value)); break;
    case PROP_UNTIL: set_int64 (self, &f->until, g_value_get_int64 (value), prop_id); break;
    case PROP_TIME_PRESET: rasid_desk_filter_set_time_preset (self, g_value_get_string (value)); break;
    case PROP_UNREAD_ONLY: set_flag (self, &f->unread_only, g_value_get_boolean (value), prop_id); break;
    case PROP_STARRED_ONLY: set_flag (self, &f->starred_only, g_value_get_boolean (value), prop_id); break;
    case PROP_BREAKING_ONLY: set_flag (self, &f->breaking_only, g_value_get_boolean (value), prop_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_desk_filter_class_init (RasidDeskFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rasid_desk_filter_finalize;
  object_class->get_property = rasid_desk_filter_get_property;
  object_class->set_property = rasid_desk_filter_set_property;
  object_class->dispatch_properties_changed = rasid_desk_filter_dispatch_properties_changed;

  /* A gazetteer id of any level: the place and everything in it. */
  properties[PROP_PLACE] = g_param_spec_string ("place", NULL, NULL, NULL, flags);
  properties[PROP_ACTOR] = g_param_spec_string ("actor", NULL, NULL, NULL, flags);
  properties[PROP_EVENT] = g_param_spec_string ("event", NULL, NULL, NULL, flags);
  /* A source's id; 0 for any. */
  properties[PROP_SOURCE] = g_param_spec_int64 ("source", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* Full-text search, in the user's syntax. */
  properties[PROP_QUERY] = g_param_spec_string ("query", NULL, NULL, NULL, flags);
  /* Unix times; 0 for open. Setting since makes the preset "custom". */
  properties[PROP_SINCE] = g_param_spec_int64 ("since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UNTIL] = g_param_spec_int64 ("until", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* How the time was chosen: "any", "1h", "24h", "7d" (setting one sets
   * since from now) or "custom". */
  properties[PROP_TIME_PRESET] = g_param_spec_string ("time-preset", NULL, NULL, "any", flags);
  properties[PROP_UNREAD_ONLY] = g_param_spec_boolean ("unread-only", NULL, NULL, FALSE, flags);
  properties[PROP_STARRED_ONLY] = g_param_spec_boolean ("starred-only", NULL, NULL, FALSE, flags);
  properties[PROP_BREAKING_ONLY] = g_param_spec_boolean ("breaking-only", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Once per change, after the property notifications it made. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
}

static void
rasid_desk_filter_init (RasidDeskFilter *self)
{
  self->filter = rasid_filter_new ();
  self->time_preset = g_strdup ("any");
}

RasidDeskFilter *
rasid_desk_filter_new (void)
{
  return g_object_new (RASID_TYPE_DESK_FILTER, NULL);
}

/* The filter as the store and the models take it; owned by @self and
 * changed in place, so copy it to keep it. */
const RasidFilter *
rasid_desk_filter_get_filter (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), NULL);
  return self->filter;
}

/**
 * rasid_desk_filter_set_filter:
 * @filter: (nullable): what to show; NULL clears every filter
 *
 * Replaces the whole filter, as applying a watch does, with one "changed".
 * The time preset becomes "custom" when @filter has a time, else "any".
 */
void
rasid_desk_filter_set_filter (RasidDeskFilter *self, const RasidFilter *filter)
{
  RasidFilter *f;

  g_return_if_fail (RASID_IS_DESK_FILTER (self));
  f = self->filter;
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &f->place_id, filter ? filter->place_id : NULL, PROP_PLACE);
  set_string (self, &f->actor_id, filter ? filter->actor_id : NULL, PROP_ACTOR);
  set_string (self, &f->event, filter ? filter->event : NULL, PROP_EVENT);
  set_int64 (self, &f->source_id, filter ? filter->source_id : 0, PROP_SOURCE);
  set_string (self, &f->query, filter ? filter->query : NULL, PROP_QUERY);
  set_int64 (self, &f->since, filter ? filter->since : 0, PROP_SINCE);
  set_int64 (self, &f->until, filter ? filter->until : 0, PROP_UNTIL);
  set_string (self, &self->time_preset, f->since || f->until ? "custom" : "any", PROP_TIME_PRESET);
  set_flag (self, &f->unread_only, filter && filter->unread_only, PROP_UNREAD_ONLY);
  set_flag (self, &f->starred_only, filter && filter->starred_only, PROP_STARRED_ONLY);
  set_flag (self, &f->breaking_only, filter && filter->breaking_only, PROP_BREAKING_ONLY);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rasid_desk_filter_clear:
 *
 * Shows everything. "changed" comes even when nothing was set: clearing
 * asks the lists to read everything anew, as it always did.
 */
void
rasid_desk_filter_clear (RasidDeskFilter *self)
{
  g_return_if_fail (RASID_IS_DESK_FILTER (self));
  if (rasid_filter_is_empty (self->filter))
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  else
    rasid_desk_filter_set_filter (self, NULL);
}

gboolean
rasid_desk_filter_is_empty (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), TRUE);
  return rasid_filter_is_empty (self->filter);
}

/**
 * rasid_desk_filter_set_since:
 * @since: a Unix time, or 0
 *
 * Reports from @since on, open-ended: a time the user chose ("custom").
 */
void
rasid_desk_filter_set_since (RasidDeskFilter *self, gint64 since)
{
  g_return_if_fail (RASID_IS_DESK_FILTER (self));
  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->filter->since, since, PROP_SINCE);
  set_int64 (self, &self->filter->until, 0, PROP_UNTIL);
  set_string (self, &self->time_preset, since ? "custom" : "any", PROP_TIME_PRESET);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rasid_desk_filter_set_time_preset:
 * @preset: (nullable): "1h", "24h", "7d"; anything else is any time
 *
 * Reports of the last hour, day or week, counted from now.
 */
void
rasid_desk_filter_set_time_preset (RasidDeskFilter *self, const char *preset)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 since;

  g_return_if_fail (RASID_IS_DESK_FILTER (self));
  if (g_strcmp0 (preset, "1h") == 0)
    since = now - 3600;
  else if (g_strcmp0 (preset, "24h") == 0)
    since = now - 86400;
  else if (g_strcmp0 (preset, "7d") == 0)
    since = now - 7 * 86400;
  else
    {
      /* "custom" without a time is no time at all. */
      preset = "any";
      since = 0;
    }
  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->filter->since, since, PROP_SINCE);
  set_int64 (self, &self->filter->until, 0, PROP_UNTIL);
  set_string (self, &self->time_preset, preset, PROP_TIME_PRESET);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
rasid_desk_filter_get_time_preset (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), NULL);
  return self->time_preset;
}

#define STRING_ACCESSORS(name, field, prop)                                      \
  const char *                                                                   \
  rasid_desk_filter_get_##name (RasidDeskFilter *self)                           \
  {                                                                              \
    g_return_val_if_fail (RASID_IS_DESK_FILTER (self), NULL);                    \
    return self->filter->field;                                                  \
  }                                                                              \
  void                                                                           \
  rasid_desk_filter_set_##name (RasidDeskFilter *self, const char *value)        \
  {                                                                              \
    g_return_if_fail (RASID_IS_DESK_FILTER (self));                              \
    set_string (self, &self->filter->field, value, prop);                        \
  }

STRING_ACCESSORS (place, place_id, PROP_PLACE)
STRING_ACCESSORS (actor, actor_id, PROP_ACTOR)
STRING_ACCESSORS (event, event, PROP_EVENT)
STRING_ACCESSORS (query, query, PROP_QUERY)

gint64
rasid_desk_filter_get_source (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), 0);
  return self->filter->source_id;
}

void
rasid_desk_filter_set_source (RasidDeskFilter *self, gint64 source_id)
{
  g_return_if_fail (RASID_IS_DESK_FILTER (self));
  set_int64 (self, &self->filter->source_id, source_id, PROP_SOURCE);
}

gint64
rasid_desk_filter_get_since (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), 0);
  return self->filter->since;
}

gint64
rasid_desk_filter_get_until (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), 0);
  return self->filter->until;
}

gboolean
rasid_desk_filter_get_unread_only (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), FALSE);
  return self->filter->unread_only;
}

gboolean
rasid_desk_filter_get_starred_only (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), FALSE);
  return self->filter->starred_only;
}

gboolean
rasid_desk_filter_get_breaking_only (RasidDeskFilter *self)
{
  g_return_val_if_fail (RASID_IS_DESK_FILTER (self), FALSE);
  return self->filter->breaking_only;
}
