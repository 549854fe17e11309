/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-wrap-box.c: the article's chips. GtkFlowBox lines its children up
 * in columns as wide as the widest child, so one long English faction name
 * put every chip on a line of its own; here each chip takes its natural
 * width and a line breaks when the next one does not fit. (AdwWrapBox does
 * this from libadwaita 1.7; Debian 12 has 1.2.) */
#include "rasid-wrap-box.h"

struct _RasidWrapBox {
  GtkWidget parent_instance;
  int       spacing;
};

G_DEFINE_FINAL_TYPE (RasidWrapBox, rasid_wrap_box, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SPACING, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Lays the children out in @width; with @allocate, places them. Returns the
 * height used. */
static int
flow (RasidWrapBox *self, int width, gboolean allocate)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int x = 0, y = 0, line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      int min_w, nat_w, child_w, child_h;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
      child_w = MAX (min_w, MIN (nat_w, width));
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_w, NULL, &child_h, NULL, NULL);
      if (x > 0 && x + child_w > width)
        {
          y += line_height + self->spacing;
          x = 0;
          line_height = 0;
        }
      if (allocate)
        gtk_widget_size_allocate (child, &(GtkAllocation) { rtl ? width - x - child_w : x, y, child_w, child_h }, -1);
      x += child_w + self->spacing;
      line_height = MAX (line_height, child_h);
    }
  return y + line_height;
}

static GtkSizeRequestMode
rasid_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rasid_wrap_box_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                        int *minimum_baseline, int *natural_baseline)
{
  RasidWrapBox *self = RASID_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the widest chip; at most all of them on one line. */
      int min = 0, nat = 0, n = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          min = MAX (min, child_min);
          nat += child_nat + (n++ > 0 ? self->spacing : 0);
        }
      *minimum = min;
      *natural = MAX (min, nat);
    }
  else
    {
      int width = for_size;

      if (width < 0)
        rasid_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
      *minimum = *natural = flow (self, width, FALSE);
    }
}

static void
rasid_wrap_box_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  flow (RASID_WRAP_BOX (widget), width, TRUE);
}

static void
rasid_wrap_box_dispose (GObject *object)
{
  rasid_wrap_box_remove_all (RASID_WRAP_BOX (object));
  G_OBJECT_CLASS (rasid_wrap_box_parent_class)->dispose (object);
}

static void
rasid_wrap_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, RASID_WRAP_BOX (object)->spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_wrap_box_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPACING:
      RASID_WRAP_BOX (object)->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (object));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rasid_wrap_box_class_init (RasidWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_wrap_box_dispose;
  object_class->get_property = rasid_wrap_box_get_property;
  object_class->set_property = rasid_wrap_box_set_property;
  widget_class->get_request_mode = rasid_wrap_box_get_request_mode;
  widget_class->measure = rasid_wrap_box_measure;
  widget_class->size_allocate = rasid_wrap_box_size_allocate;

  properties[PROP_SPACING] = g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rasid_wrap_box_init (RasidWrapBox *self)
{
}

GtkWidget *
rasid_wrap_box_new (void)
{
  return g_object_new (RASID_TYPE_WRAP_BOX, NULL);
}

void
rasid_wrap_box_append (RasidWrapBox *self, GtkWidget *child)
{
  gtk_widget_set_parent (child, GTK_WIDGET (self));
}

void
rasid_wrap_box_remove_all (RasidWrapBox *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
}
