/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-ticker.c: the latest breaking items, moving in the reading
 * direction (in Arabic they enter from the left and move right). The strip
 * steps: every few seconds the next item moves to the start edge, so that
 * on average it moves at the speed set, and between steps nothing is drawn.
 * A step is one frame: scrolling every frame, or even sliding for a few,
 * costs a desk left open all day too much, with software GL most of all
 * (a full-window frame there takes some 60 ms of a core). It stands still while
 * hovered or focused, once the window has been out of focus for
 * RASID_TICKER_IDLE_SECONDS, and while it is minimised or hidden; with
 * animations disabled it is a static, keyboard-navigable row. Items come
 * from a report model, so arriving reports never block it: only the
 * model's pages touch disk. */
#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "rasid-ticker.h"
#include "rasid-util.h"

#define MAX_ITEMS 20
#define SPACING 36
#define MIN_PAUSE_MS 4000    /* the shortest rest between steps */

struct _RasidTicker {
  GtkWidget         parent_instance;
  RasidReportModel *model;
  GPtrArray        *items;      /* GtkButton children, in reading order */
  GHashTable       *shown;      /* ids of the items shown now, to mark those new next time */
  double            offset;     /* pixels scrolled in reading direction */
  double            speed;
  guint             current;    /* the item at the start edge */
  guint             step_id;    /* the timeout to the next step */
  guint             idle_id;    /* the window lost the focus: the timeout to sleep */
  guint             idle_seconds;
  gboolean          running;
  gboolean          asleep;     /* the window has been out of focus a while */
  gboolean          hovered;
  gboolean          focused;
  GtkWindow        *window;     /* the toplevel, while rooted */
  GdkSurface       *surface;    /* its surface, while mapped: minimised or not */
};

G_DEFINE_FINAL_TYPE (RasidTicker, rasid_ticker, GTK_TYPE_WIDGET)

enum { SIGNAL_REPORT_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_SPEED, PROP_IDLE_SECONDS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
animations_enabled (RasidTicker *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

static int
content_width (RasidTicker *self)
{
  int total = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      int nat;
      gtk_widget_measure (g_ptr_array_index (self->items, i), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
      total += nat + SPACING;
    }
  return total;
}

/* Where item @index starts along the strip. */
static double
item_start (RasidTicker *self, guint index)
{
  double start = 0;

  for (guint i = 0; i < index && i < self->items->len; i++)
    {
      int w;
      gtk_widget_measure (g_ptr_array_index (self->items, i), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
      start += w + SPACING;
    }
  return start;
}

static void schedule_step (RasidTicker *self);

static gboolean
step (gpointer user_data)
{
  RasidTicker *self = user_data;

  self->step_id = 0;
  if (!self->running || self->items->len == 0)
    return G_SOURCE_REMOVE;
  /* Under the pointer or the keyboard it stands still. */
  if (!self->hovered && !self->focused)
    {
      self->current = (self->current + 1) % self->items->len;
      self->offset = item_start (self, self->current);
      /* Only the ticker is laid out anew and drawn: its size stays. */
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
  schedule_step (self);
  return G_SOURCE_REMOVE;
}

/* The rest before the next step: the current item's width at the speed
 * set, so the strip moves on average as fast as it did scrolling. */
static void
schedule_step (RasidTicker *self)
{
  double width = item_start (self, self->current + 1) - item_start (self, self->current);
  guint ms = (guint) MAX (MIN_PAUSE_MS, 1000.0 * width / self->speed);

  g_clear_handle_id (&self->step_id, g_source_remove);
  self->step_id = g_timeout_add (ms, step, self);
}

static gboolean
minimised (RasidTicker *self)
{
  return self->surface && GDK_IS_TOPLEVEL (self->surface) &&
         (gdk_toplevel_get_state (GDK_TOPLEVEL (self->surface)) & GDK_TOPLEVEL_STATE_MINIMIZED);
}

static void
update_animation (RasidTicker *self)
{
  gboolean want = animations_enabled (self) && gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->asleep &&
                  !minimised (self) && self->items->len > 0 &&
                  content_width (self) > gtk_widget_get_width (GTK_WIDGET (self));

  if (want == self->running)
    return;
  self->running = want;
  if (want)
    schedule_step (self);
  else
    g_clear_handle_id (&self->step_id, g_source_remove);
  if (!animations_enabled (self) || self->items->len == 0)
    {
      /* Static: every item from the start edge. */
      self->offset = 0;
      self->current = 0;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
}

static void
rasid_ticker_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  RasidTicker *self = RASID_TICKER (widget);

  *minimum = *natural = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      int min, nat;
      gtk_widget_measure (g_ptr_array_index (self->items, i), orientation, -1, &min, &nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_VERTICAL)
        {
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else
        *natural += nat + SPACING;
    }
}

/* Positions run in reading order from the start edge, shifted by the offset
 * and wrapped, then mirrored for right-to-left. */
static void
rasid_ticker_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  RasidTicker *self = RASID_TICKER (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  double period = MAX (content_width (self), width + SPACING);
  double start = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (self->items, i);
      int w;
      double r;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
      r = fmod (start - self->offset, period);
      if (r + w < 0)
        r += period;
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? (int) (width - r - w) : (int) r, 0, w, height },
                                -1);
      start += w + SPACING;
    }
  update_animation (self);
}

static void
on_item_clicked (GtkButton *button, RasidTicker *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "report-id");

  g_signal_emit (self, signals[SIGNAL_REPORT_ACTIVATED], 0, id);
}

/* Keyboard focus on an item scrolls it to the start edge. */
static void
on_item_focus (GtkEventControllerFocus *focus, RasidTicker *self)
{
  GtkWidget *child = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus));
  guint index = 0;
  double start;

  while (index < self->items->len && g_ptr_array_index (self->items, index) != child)
    index++;
  start = item_start (self, index);
  if (start + 1 > gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 || self->offset != 0)
    {
      self->offset = start;
      self->current = index;
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
clear_items (RasidTicker *self)
{
  for (guint i = 0; i < self->items->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->items, i));
  g_ptr_array_set_size (self->items, 0);
}

static void
rebuild (RasidTicker *self)
{
  guint n = self->model ? MIN (g_list_model_get_n_items (G_LIST_MODEL (self->model)), MAX_ITEMS) : 0;
  gboolean first_fill = g_hash_table_size (self->shown) == 0;
  /* Only the ids shown last time are kept: an item is new if it was not
   * among them. (Every id ever shown, kept, grew all day.) */
  g_autoptr(GHashTable) before = g_steal_pointer (&self->shown);
  gboolean arrived = FALSE;

  self->shown = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  clear_items (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RasidReport) report = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      g_autofree char *clock = rasid_format_clock (rasid_report_get_published (report));
      const char *attribution = rasid_report_get_attribution (report);
      g_autofree char *text = attribution
        ? g_strdup_printf ("%s (%s) - %s", rasid_report_get_title (report), attribution, clock)
        : g_strdup_printf ("%s - %s", rasid_report_get_title (report), clock);
      GtkWidget *button = gtk_button_new_with_label (text);
      GtkEventController *focus = gtk_event_controller_focus_new ();
      gint64 *id = g_new (gint64, 1);

      *id = rasid_report_get_id (report);
      g_object_set_data_full (G_OBJECT (button), "report-id", id, g_free);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "ticker-item");
      if (!first_fill && !g_hash_table_contains (before, id))
        {
          gtk_widget_add_css_class (button, "new");
          arrived = TRUE;
        }
      g_hash_table_add (self->shown, g_memdup2 (id, sizeof *id));
      gtk_widget_set_tooltip_text (button, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (on_item_clicked), self);
      g_signal_connect (focus, "enter", G_CALLBACK (on_item_focus), self);
      gtk_widget_add_controller (button, focus);
      gtk_widget_set_parent (button, GTK_WIDGET (self));
      g_ptr_array_add (self->items, button);
    }
  /* New items come first: the strip starts again from them. */
  if (arrived || self->current >= self->items->len)
    self->current = 0;
  /* The same item stays at the start edge, whatever the widths now. */
  self->offset = item_start (self, self->current);
  if (self->running)
    schedule_step (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, RasidTicker *self)
{
  /* Only the first MAX_ITEMS matter. */
  if (position < MAX_ITEMS)
    rebuild (self);
}

void
rasid_ticker_set_model (RasidTicker *self, RasidReportModel *model)
{
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model)
    g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  rebuild (self);
}

void
rasid_ticker_set_speed (RasidTicker *self, double pixels_per_second)
{
  pixels_per_second = CLAMP (pixels_per_second, 1.0, 1000.0);
  if (self->speed == pixels_per_second)
    return;
  self->speed = pixels_per_second;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

static void
rasid_ticker_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPEED:
      g_value_set_double (value, RASID_TICKER (object)->speed);
      break;
    case PROP_IDLE_SECONDS:
      g_value_set_uint (value, RASID_TICKER (object)->idle_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_ticker_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPEED:
      rasid_ticker_set_speed (RASID_TICKER (object), g_value_get_double (value));
      break;
    case PROP_IDLE_SECONDS:
      RASID_TICKER (object)->idle_seconds = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

guint
rasid_ticker_get_n_items (RasidTicker *self)
{
  return self->items->len;
}

const char *
rasid_ticker_get_item_text (RasidTicker *self, guint index)
{
  g_return_val_if_fail (index < self->items->len, NULL);
  return gtk_button_get_label (g_ptr_array_index (self->items, index));
}

/* Whether the strip moves (steps) when left alone. */
gboolean
rasid_ticker_get_scrolling (RasidTicker *self)
{
  return self->running;
}

static void
on_enter (GtkEventControllerMotion *motion, double x, double y, RasidTicker *self)
{
  self->hovered = TRUE;
}

static void
on_leave (GtkEventControllerMotion *motion, RasidTicker *self)
{
  self->hovered = FALSE;
}

static void
on_focus_enter (GtkEventControllerFocus *focus, RasidTicker *self)
{
  self->focused = TRUE;
}

static void
on_focus_leave (GtkEventControllerFocus *focus, RasidTicker *self)
{
  self->focused = FALSE;
}

static void
on_animations_setting (GObject *settings, GParamSpec *pspec, RasidTicker *self)
{
  update_animation (self);
}

static gboolean
on_idle_timeout (gpointer user_data)
{
  RasidTicker *self = user_data;

  self->idle_id = 0;
  self->asleep = TRUE;
  update_animation (self);
  return G_SOURCE_REMOVE;
}

/* Out of focus the strip goes on for a while (the analyst may be looking
 * from another window), then stands still until the window is back. */
static void
on_window_active (GtkWindow *window, GParamSpec *pspec, RasidTicker *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (gtk_window_is_active (window))
    self->asleep = FALSE;
  else if (!self->asleep)
    self->idle_id = g_timeout_add_seconds (self->idle_seconds, on_idle_timeout, self);
  update_animation (self);
}

static void
on_surface_state (GdkSurface *surface, GParamSpec *pspec, RasidTicker *self)
{
  update_animation (self);
}

static void
rasid_ticker_root (GtkWidget *widget)
{
  RasidTicker *self = RASID_TICKER (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (rasid_ticker_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->window = GTK_WINDOW (root);
      g_signal_connect_object (root, "notify::is-active", G_CALLBACK (on_window_active), self, 0);
      on_window_active (self->window, NULL, self);
    }
}

static void
rasid_ticker_unroot (GtkWidget *widget)
{
  RasidTicker *self = RASID_TICKER (widget);

  if (self->window)
    g_signal_handlers_disconnect_by_func (self->window, on_window_active, self);
  self->window = NULL;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->asleep = FALSE;
  GTK_WIDGET_CLASS (rasid_ticker_parent_class)->unroot (widget);
}

static void
rasid_ticker_map (GtkWidget *widget)
{
  RasidTicker *self = RASID_TICKER (widget);

  GTK_WIDGET_CLASS (rasid_ticker_parent_class)->map (widget);
  /* Minimised, a window may stay mapped (X11) but nobody sees it. */
  self->surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  if (self->surface)
    g_signal_connect_object (self->surface, "notify::state", G_CALLBACK (on_surface_state), self, 0);
  update_animation (self);
}

static void
rasid_ticker_unmap (GtkWidget *widget)
{
  RasidTicker *self = RASID_TICKER (widget);

  if (self->surface)
    g_signal_handlers_disconnect_by_func (self->surface, on_surface_state, self);
  self->surface = NULL;
  GTK_WIDGET_CLASS (rasid_ticker_parent_class)->unmap (widget);
  update_animation (self);
}

static void
rasid_ticker_dispose (GObject *object)
{
  RasidTicker *self = RASID_TICKER (object);

  self->running = FALSE;
  g_clear_handle_id (&self->step_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  if (self->items)
    clear_items (self);
  G_OBJECT_CLASS (rasid_ticker_parent_class)->dispose (object);
}

static void
rasid_ticker_finalize (GObject *object)
{
  RasidTicker *self = RASID_TICKER (object);

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->shown);
  G_OBJECT_CLASS (rasid_ticker_parent_class)->finalize (object);
}

static void
rasid_ticker_class_init (RasidTickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_ticker_dispose;
  object_class->finalize = rasid_ticker_finalize;
  object_class->get_property = rasid_ticker_get_property;
  object_class->set_property = rasid_ticker_set_property;
  widget_class->measure = rasid_ticker_measure;
  widget_class->size_allocate = rasid_ticker_size_allocate;
  widget_class->map = rasid_ticker_map;
  widget_class->unmap = rasid_ticker_unmap;
  widget_class->root = rasid_ticker_root;
  widget_class->unroot = rasid_ticker_unroot;

  signals[SIGNAL_REPORT_ACTIVATED] = g_signal_new ("report-activated", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 1, G_TYPE_INT64);
  /* Pixels per second in the reading direction. */
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 1.0, 1000.0, 40.0,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Seconds out of focus before the strip stands still. */
  properties[PROP_IDLE_SECONDS] = g_param_spec_uint ("idle-seconds", NULL, NULL, 1, 3600, RASID_TICKER_IDLE_SECONDS,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "ticker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rasid_ticker_init (RasidTicker *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->items = g_ptr_array_new ();
  self->shown = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->speed = 40.0;
  self->idle_seconds = RASID_TICKER_IDLE_SECONDS;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  g_signal_connect (motion, "enter", G_CALLBACK (on_enter), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (focus, "enter", G_CALLBACK (on_focus_enter), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-enable-animations",
                           G_CALLBACK (on_animations_setting), self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Breaking news ticker"), -1);
}

GtkWidget *
rasid_ticker_new (void)
{
  return g_object_new (RASID_TYPE_TICKER, NULL);
}
