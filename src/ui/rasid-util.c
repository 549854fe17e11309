/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-util.c: times and names as the desk shows them. Times are shown in
 * Syria's zone: analysts read reports in the zone they were written in. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-dates.h"
#include "rasid-util.h"

gboolean
rasid_ui_prefers_arabic (void)
{
  const char * const *langs = g_get_language_names ();

  return langs && langs[0] && g_str_has_prefix (langs[0], "ar");
}

/* Arabic names under an Arabic UI; English ones otherwise, when known. */
const char *
rasid_pick_name (const char *name_ar, const char *name_en)
{
  if (!rasid_ui_prefers_arabic () && name_en && *name_en)
    return name_en;
  return name_ar ? name_ar : name_en;
}

char *
rasid_format_relative (gint64 t, gint64 now)
{
  gint64 d = now - t;

  if (d < 60)
    return g_strdup (_("just now"));
  if (d < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", d / 60), (int) (d / 60));
  if (d < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", d / 3600), (int) (d / 3600));
  if (d < 30 * 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", d / 86400), (int) (d / 86400));
  return rasid_format_absolute (t);
}

char *
rasid_format_absolute (gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, rasid_syria_timezone ());

  /* Translators: a report's date and time, strftime format */
  g_autofree char *text = g_date_time_format (local, _("%e %B %Y, %H:%M"));
  const char *start = text ? text : "";

  /* %e pads a day under 10 with a figure space (U+2007) or a space: an
   * invisible blank at the start of a label, or inside an isolate. */
  while (g_str_has_prefix (start, " ") || g_str_has_prefix (start, "\u2007"))
    start = g_utf8_next_char (start);
  return g_strdup (start);
}

char *
rasid_format_clock (gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, rasid_syria_timezone ());

  return g_date_time_format (local, "%H:%M");
}

const char *
rasid_event_label (const char *id)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "killing", N_("Killing") }, { "injury", N_("Injury") }, { "arrest", N_("Arrest") },
    { "kidnapping", N_("Kidnapping") }, { "assassination", N_("Assassination") },
    { "airstrike", N_("Airstrike") }, { "drone-strike", N_("Drone strike") },
    { "shelling", N_("Shelling") }, { "explosion", N_("Explosion") }, { "clashes", N_("Clashes") },
    { "protest", N_("Protest") }, { "displacement", N_("Displacement") },
    { "disease-outbreak", N_("Disease outbreak") }, { "conscription", N_("Conscription") },
    { "aircraft-downed", N_("Aircraft downed") }, { "return", N_("Return") },
    { "territorial-control", N_("Territorial control") }, { "agreement", N_("Agreement") },
    { "meeting", N_("Meeting") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].id, id) == 0)
      return _(labels[i].label);
  return id;
}

/* A place name inside its qualifier: "north of %s", "ريف %s الشمالي". */
char *
rasid_place_with_qualifier (const char *q, const char *name)
{
  static const struct { const char *id; const char *format; } formats[] = {
    { "north", N_("north of %s") }, { "south", N_("south of %s") }, { "east", N_("east of %s") },
    { "west", N_("west of %s") }, { "center", N_("central %s") },
    { "north-east", N_("north-east of %s") }, { "north-west", N_("north-west of %s") },
    { "south-east", N_("south-east of %s") }, { "south-west", N_("south-west of %s") },
    { "countryside", N_("countryside of %s") }, { "countryside-north", N_("northern countryside of %s") },
    { "countryside-south", N_("southern countryside of %s") }, { "countryside-east", N_("eastern countryside of %s") },
    { "countryside-west", N_("western countryside of %s") }, { "countryside-center", N_("central countryside of %s") },
  };

  for (guint i = 0; q && i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (formats[i].id, q))
      {
        /* Substituted by hand: a translated format is never passed to printf. */
        g_auto(GStrv) parts = g_strsplit (_(formats[i].format), "%s", 2);
        if (parts[0] && parts[1])
          return g_strconcat (parts[0], name, parts[1], NULL);
      }
  return g_strdup (name);
}

/* Whether @link is one the desk may hand to the browser: http or https with
 * a host. Reports stored before the parsers kept only such links may hold
 * javascript:, data: or file: ones. */
gboolean
rasid_link_is_web (const char *link)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (link == NULL || (uri = g_uri_parse (link, G_URI_FLAGS_NONE, NULL)) == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != 0;
}

/* GTK 4.8 cannot read an accessible property back; the name set here is
 * kept beside it so the UI test can check that no control goes unnamed. */
void
rasid_set_accessible_label (GtkWidget *widget, const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (widget), "rasid-a11y-name", g_strdup (label), g_free);
}

const char *
rasid_get_accessible_label (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "rasid-a11y-name");
}

/* The direction of @text's first letter, or NEUTRAL without one. */
static PangoDirection
text_direction (const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC: case G_UNICODE_SCRIPT_HEBREW: case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA: case G_UNICODE_SCRIPT_NKO:
          return PANGO_DIRECTION_RTL;
        default:
          return PANGO_DIRECTION_LTR;
        }
    }
  return PANGO_DIRECTION_NEUTRAL;
}

/* Sets @text and starts it on the side its own script starts: an Arabic
 * headline in the English layout is aligned right, an English one in the
 * Arabic layout left, so each reads with an even start edge. */
void
rasid_label_set_text_aligned (GtkLabel *label, const char *text)
{
  PangoDirection dir = text_direction (text);
  gboolean widget_rtl = gtk_widget_get_direction (GTK_WIDGET (label)) == GTK_TEXT_DIR_RTL;
  gboolean text_rtl = dir == PANGO_DIRECTION_RTL;

  gtk_label_set_text (label, text ? text : "");
  if (dir == PANGO_DIRECTION_NEUTRAL)
    text_rtl = widget_rtl;
  /* xalign is mirrored in a right-to-left widget; the lines of a wrapped
   * paragraph already follow its own direction (Pango's auto-dir). */
  gtk_label_set_xalign (label, text_rtl == widget_rtl ? 0.0f : 1.0f);
}
