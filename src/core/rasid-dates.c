/* rasid-dates.c: RFC 822, ISO 8601 and Arabic-style dates ("2018/05/12 11:47",
 * Arabic-Indic digits, Arabic and Levantine month names) to Unix time. */
#include "rasid-dates.h"
#include "rasid-normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Syria has kept UTC+3 all year since 2022; older tzdata may say +2 in
 * winter, so the fixed offset is both the fallback and the usual answer. */
GTimeZone *
rasid_syria_timezone (void)
{
  static GTimeZone *tz;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      tz = g_time_zone_new_offset (3 * 3600);
      g_once_init_leave (&done, 1);
    }
  return tz;
}

/* Normalised month names: English, Arabic (Egyptian/Gulf), Levantine. */
static int
month_from_word (const char *word)
{
  static const struct { const char *name; int month; } months[] = {
    { "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "may", 5 }, { "jun", 6 },
    { "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "oct", 10 }, { "nov", 11 }, { "dec", 12 },
    { "يناير", 1 }, { "فبراير", 2 }, { "مارس", 3 }, { "ابريل", 4 }, { "مايو", 5 },
    { "يونيو", 6 }, { "يونيه", 6 }, { "يوليو", 7 }, { "يوليه", 7 }, { "اغسطس", 8 },
    { "سبتمبر", 9 }, { "اكتوبر", 10 }, { "نوفمبر", 11 }, { "ديسمبر", 12 },
    { "كانون الثاني", 1 }, { "شباط", 2 }, { "اذار", 3 }, { "نيسان", 4 }, { "ايار", 5 },
    { "حزيران", 6 }, { "تموز", 7 }, { "اب", 8 }, { "ايلول", 9 }, { "تشرين الاول", 10 },
    { "تشرين الثاني", 11 }, { "كانون الاول", 12 },
  };
  g_autofree char *norm = rasid_normalize (word);
  g_autofree char *lower = g_ascii_strdown (norm, -1);

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      /* English by its three-letter prefix, Arabic names whole. */
      if (i < 12 ? g_str_has_prefix (lower, months[i].name) : g_str_equal (lower, months[i].name))
        return months[i].month;
    }
  return 0;
}

static gint64
from_parts (int year, int month, int day, int hour, int minute, double seconds, GTimeZone *tz)
{
  g_autoptr(GDateTime) dt = NULL;

  if (year < 100)
    year += year < 70 ? 2000 : 1900;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || seconds < 0 || seconds >= 61)
    return 0;
  dt = g_date_time_new (tz, year, month, day, hour, minute, MIN (seconds, 59.0));
  return dt ? g_date_time_to_unix (dt) : 0;
}

static GTimeZone *
zone_from_word (const char *word)
{
  static const struct { const char *name; int hours; } zones[] = {
    { "GMT", 0 }, { "UT", 0 }, { "UTC", 0 }, { "Z", 0 }, { "EST", -5 }, { "EDT", -4 },
    { "CST", -6 }, { "CDT", -5 }, { "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
    { "EET", 2 }, { "EEST", 3 }, { "AST", 3 },
  };

  if ((word[0] == '+' || word[0] == '-') && strlen (word) >= 5 &&
      g_ascii_isdigit (word[1]) && g_ascii_isdigit (word[4]))
    {
      int h = (word[1] - '0') * 10 + (word[2] - '0');
      int m = (word[strlen (word) - 2] - '0') * 10 + (word[strlen (word) - 1] - '0');
      int off = (h * 3600 + m * 60) * (word[0] == '-' ? -1 : 1);
      return g_time_zone_new_offset (off);
    }
  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    if (g_ascii_strcasecmp (word, zones[i].name) == 0)
      return g_time_zone_new_offset (zones[i].hours * 3600);
  return NULL;
}

/**
 * rasid_parse_date:
 * @text: a date as a feed or page writes it
 * @default_tz: the zone to assume when the text names none
 *
 * Returns: Unix time, or 0 when @text is not a date.
 */
gint64
rasid_parse_date (const char *text, GTimeZone *default_tz)
{
  g_autofree char *digits = NULL;
  g_autofree char *clean = NULL;
  g_auto(GStrv) words = NULL;
  int y, mo, d, h = 0, mi = 0;
  double s = 0;
  char sep1, sep2;
  guint n;

  if (text == NULL)
    return 0;
  if (default_tz == NULL)
    default_tz = rasid_syria_timezone ();

  digits = rasid_normalize_digits (text);
  clean = g_strstrip (g_strdup (digits));
  if (*clean == 0)
    return 0;

  /* ISO 8601 with a zone. */
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (clean, default_tz);
    if (dt)
      return g_date_time_to_unix (dt);
  }

  /* 2018/05/12 11:47, 2018-05-12 11:47:03, 2018.05.12 */
  if (sscanf (clean, "%d%c%d%c%d", &y, &sep1, &mo, &sep2, &d) == 5 && y > 1900 &&
      sep1 == sep2 && strchr ("/-.", sep1))
    {
      const char *t = strpbrk (clean, " T");
      if (t)
        sscanf (t + 1, "%d:%d:%lf", &h, &mi, &s);
      return from_parts (y, mo, d, h, mi, s, default_tz);
    }
  /* 12/05/2018 11:47: day first, as Arabic sites write it. */
  if (sscanf (clean, "%d%c%d%c%d", &d, &sep1, &mo, &sep2, &y) == 5 && y > 1900 &&
      sep1 == sep2 && strchr ("/-.", sep1))
    {
      const char *t = strchr (clean, ' ');
      if (t)
        sscanf (t + 1, "%d:%d:%lf", &h, &mi, &s);
      return from_parts (y, mo, d, h, mi, s, default_tz);
    }

  {
    /* Commas, Latin or Arabic (a multibyte character), separate words too. */
    g_auto(GStrv) parts = g_strsplit (clean, "،", -1);
    g_autofree char *joined = g_strjoinv (" ", parts);
    g_auto(GStrv) raw = g_strsplit_set (joined, " ,", -1);
    g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; raw[i]; i++)
      if (*raw[i])
        g_ptr_array_add (kept, g_strdup (raw[i]));
    g_ptr_array_add (kept, NULL);
    words = (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
  }
  n = g_strv_length (words);

  /* RFC 822 "Sat, 12 May 2018 11:47:00 +0300" and Arabic "السبت 12 أيار 2018 11:47",
   * "12 تشرين الأول 2018": day, month word(s), year, optional time and zone. */
  for (guint i = 0; i + 2 < n; i++)
    {
      int month = 0;
      guint yi = 0;

      if (!g_ascii_isdigit (words[i][0]))
        continue;
      if (i + 3 < n)
        {
          g_autofree char *two = g_strdup_printf ("%s %s", words[i + 1], words[i + 2]);
          if (strchr (words[i + 2], ':') == NULL && !g_ascii_isdigit (words[i + 2][0]) &&
              (month = month_from_word (two)) != 0)
            yi = i + 3;
        }
      if (month == 0 && (month = month_from_word (words[i + 1])) != 0)
        yi = i + 2;
      if (month == 0 || yi >= n || !g_ascii_isdigit (words[yi][0]))
        continue;

      d = atoi (words[i]);
      y = atoi (words[yi]);
      if (yi + 1 < n && strchr (words[yi + 1], ':'))
        {
          g_autoptr(GTimeZone) zone = NULL;

          sscanf (words[yi + 1], "%d:%d:%lf", &h, &mi, &s);
          if (yi + 2 < n)
            zone = zone_from_word (words[yi + 2]);
          return from_parts (y, month, d, h, mi, s, zone ? zone : default_tz);
        }
      return from_parts (y, month, d, h, mi, s, default_tz);
    }

  return 0;
}

/**
 * rasid_resolve_clock:
 * @reference: Unix time the clock reading was seen (or the page's date)
 *
 * A ticker says only "- 11:22". Picks the latest moment with that clock time
 * in @tz that is not more than an hour after @reference, so a 23:50 item read
 * at 00:10 belongs to the previous day.
 */
gint64
rasid_resolve_clock (int hour, int minute, gint64 reference, GTimeZone *tz)
{
  g_autoptr(GDateTime) ref = NULL;
  g_autoptr(GDateTime) cand = NULL;
  gint64 t;

  if (tz == NULL)
    tz = rasid_syria_timezone ();
  ref = g_date_time_new_from_unix_utc (reference);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (ref, tz);
    cand = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                            g_date_time_get_day_of_month (local), hour, minute, 0);
  }
  if (cand == NULL)
    return reference;
  t = g_date_time_to_unix (cand);
  if (t > reference + 3600)
    t -= 24 * 3600;
  return t;
}

char *
rasid_format_iso8601 (gint64 unix_time, GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz ? tz : rasid_syria_timezone ());

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}
