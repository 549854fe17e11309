/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-chip-strip.c: the chips under each report in the list. They were
 * a label each, six widgets per row; GTK 4.8 makes some 200 rows for every
 * new list and throws the old ones away, so here one widget lays the chips
 * out in the reading direction and draws them as pills. Chips that do not
 * fit the width are left out rather than squeezed. Colours come from the
 * theme (accent and warning), so dark style and high contrast follow. */
#include "rasid-chip-strip.h"

#define SPACING    4
#define PAD_X      8
#define PAD_Y      1
#define MAX_CHARS  24    /* a longer name is ellipsized */

typedef struct {
  char          *text;
  RasidChipKind  kind;
  PangoLayout   *layout;   /* made when first measured */
  int            width, height;
  int            x;        /* where it was drawn, -1 when left out */
} Chip;

struct _RasidChipStrip {
  GtkWidget  parent_instance;
  GArray    *chips;   /* Chip */
};

G_DEFINE_FINAL_TYPE (RasidChipStrip, rasid_chip_strip, GTK_TYPE_WIDGET)

static void
chip_clear (Chip *chip)
{
  g_free (chip->text);
  g_clear_object (&chip->layout);
}

static void
drop_layouts (RasidChipStrip *self)
{
  for (guint i = 0; i < self->chips->len; i++)
    g_clear_object (&g_array_index (self->chips, Chip, i).layout);
}

static void
ensure_layouts (RasidChipStrip *self)
{
  int max_width = -1;

  for (guint i = 0; i < self->chips->len; i++)
    {
      Chip *chip = &g_array_index (self->chips, Chip, i);
      PangoRectangle logical;

      if (chip->layout)
        continue;
      if (max_width < 0)
        {
          PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
          PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
          max_width = MAX_CHARS * pango_font_metrics_get_approximate_char_width (metrics);
          pango_font_metrics_unref (metrics);
        }
      chip->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), chip->text);
      pango_layout_set_width (chip->layout, max_width);
      pango_layout_set_ellipsize (chip->layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_extents (chip->layout, NULL, &logical);
      chip->width = logical.width + 2 * PAD_X;
      chip->height = logical.height + 2 * PAD_Y;
    }
}

static void
rasid_chip_strip_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                          int *minimum_baseline, int *natural_baseline)
{
  RasidChipStrip *self = RASID_CHIP_STRIP (widget);
  int width = 0, height = 0;

  ensure_layouts (self);
  for (guint i = 0; i < self->chips->len; i++)
    {
      Chip *chip = &g_array_index (self->chips, Chip, i);
      width += chip->width + (i > 0 ? SPACING : 0);
      height = MAX (height, chip->height);
    }
  /* Any width will do: what does not fit is not drawn. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 0;
      *natural = width;
    }
  else
    *minimum = *natural = height;
}

/* The theme's colour @name, or @fallback. */
static GdkRGBA
theme_color (GtkWidget *widget, const char *name, const char *fallback)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &color))
    gdk_rgba_parse (&color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return color;
}

static GdkRGBA
text_color (GtkWidget *widget)
{
  GdkRGBA color;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
#endif
  return color;
}

static void
rasid_chip_strip_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RasidChipStrip *self = RASID_CHIP_STRIP (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int width = gtk_widget_get_width (widget);
  GdkRGBA fg = text_color (widget);
  GdkRGBA place = theme_color (widget, "accent_bg_color", "#3584e4");
  GdkRGBA actor = theme_color (widget, "warning_bg_color", "#e5a50a");
  int x = 0;

  place.alpha *= 0.15;
  actor.alpha *= 0.18;
  ensure_layouts (self);
  for (guint i = 0; i < self->chips->len; i++)
    {
      Chip *chip = &g_array_index (self->chips, Chip, i);
      float left = rtl ? width - x - chip->width : x;
      GskRoundedRect pill;
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (left, 0, chip->width, chip->height);

      chip->x = -1;
      if (x + chip->width > width)
        {
          for (guint j = i + 1; j < self->chips->len; j++)
            g_array_index (self->chips, Chip, j).x = -1;
          break;
        }
      chip->x = left;
      gsk_rounded_rect_init_from_rect (&pill, &bounds, chip->height / 2.0);
      gtk_snapshot_push_rounded_clip (snapshot, &pill);
      gtk_snapshot_append_color (snapshot, chip->kind == RASID_CHIP_PLACE ? &place : &actor, &bounds);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (left + PAD_X, PAD_Y));
      gtk_snapshot_append_layout (snapshot, chip->layout, &fg);
      gtk_snapshot_restore (snapshot);
      x += chip->width + SPACING;
    }
}

/* A name cut short ("Syrian government for…") is shown whole on hover;
 * asked for only then, so binding a row sets nothing. */
static gboolean
rasid_chip_strip_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  RasidChipStrip *self = RASID_CHIP_STRIP (widget);

  for (guint i = 0; !keyboard && i < self->chips->len; i++)
    {
      Chip *chip = &g_array_index (self->chips, Chip, i);

      if (chip->layout && chip->x >= 0 && x >= chip->x && x < chip->x + chip->width && y < chip->height &&
          pango_layout_is_ellipsized (chip->layout))
        {
          gtk_tooltip_set_text (tooltip, chip->text);
          return TRUE;
        }
    }
  return FALSE;
}

/* The text of chip @i, and whether the strip shows it cut short. */
const char *
rasid_chip_strip_get_chip (RasidChipStrip *self, guint i, gboolean *ellipsized)
{
  Chip *chip;

  g_return_val_if_fail (RASID_IS_CHIP_STRIP (self), NULL);
  if (i >= self->chips->len)
    return NULL;
  chip = &g_array_index (self->chips, Chip, i);
  ensure_layouts (self);
  if (ellipsized)
    *ellipsized = pango_layout_is_ellipsized (chip->layout);
  return chip->text;
}

/* The font (text size setting, dark style) or direction changed. */
static void
rasid_chip_strip_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (rasid_chip_strip_parent_class)->css_changed (widget, change);
  drop_layouts (RASID_CHIP_STRIP (widget));
  gtk_widget_queue_resize (widget);
}

static void
rasid_chip_strip_direction_changed (GtkWidget *widget, GtkTextDirection previous)
{
  drop_layouts (RASID_CHIP_STRIP (widget));
  gtk_widget_queue_resize (widget);
}

static void
rasid_chip_strip_finalize (GObject *object)
{
  g_array_unref (RASID_CHIP_STRIP (object)->chips);
  G_OBJECT_CLASS (rasid_chip_strip_parent_class)->finalize (object);
}

static void
rasid_chip_strip_class_init (RasidChipStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rasid_chip_strip_finalize;
  widget_class->measure = rasid_chip_strip_measure;
  widget_class->snapshot = rasid_chip_strip_snapshot;
  widget_class->query_tooltip = rasid_chip_strip_query_tooltip;
  widget_class->css_changed = rasid_chip_strip_css_changed;
  widget_class->direction_changed = rasid_chip_strip_direction_changed;
  gtk_widget_class_set_css_name (widget_class, "chipstrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rasid_chip_strip_init (RasidChipStrip *self)
{
  self->chips = g_array_new (FALSE, TRUE, sizeof (Chip));
  g_array_set_clear_func (self->chips, (GDestroyNotify) chip_clear);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
rasid_chip_strip_new (void)
{
  return g_object_new (RASID_TYPE_CHIP_STRIP, NULL);
}

static void
update_accessible (RasidChipStrip *self)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < self->chips->len; i++)
    {
      if (i > 0)
        g_string_append (all, "، ");
      g_string_append (all, g_array_index (self->chips, Chip, i).text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, all->str, -1);
}

/**
 * rasid_chip_strip_set_chips:
 * @texts: (array length=n): what each chip says
 * @kinds: (array length=n): and what it is
 */
void
rasid_chip_strip_set_chips (RasidChipStrip *self, const char *const *texts, const RasidChipKind *kinds, guint n)
{
  if (self->chips->len == 0 && n == 0)
    return;
  g_array_set_size (self->chips, 0);
  for (guint i = 0; i < n; i++)
    {
      Chip chip = { g_strdup (texts[i]), kinds[i], NULL, 0, 0, -1 };
      g_array_append_val (self->chips, chip);
    }
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
