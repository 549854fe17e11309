/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-dates.c: the dates feeds and pages write (RFC 822/2822 with its
 * obsolete forms, W3C-DTF/RFC 3339/ISO 8601, asctime, and the Arabic,
 * Greek, Hungarian and Korean forms publishers use) to Unix time. A text
 * that is not a whole, valid date is no date (0), never a guess. */
#include "rasid-dates.h"
#include "rasid-normalize.h"

#include <string.h>

/* Longer texts are not dates; the bound keeps the work on the stack. */
#define MAX_DATE_LEN 512

/* Results are kept where GDateTime can show them in any zone. */
#define MIN_UNIX G_GINT64_CONSTANT (-62135510400)   /* 0001-01-02T00:00:00Z */
#define MAX_UNIX G_GINT64_CONSTANT (253402214399)   /* 9999-12-30T23:59:59Z */

/* Syria has kept UTC+3 all year since 2022; older tzdata may say +2 in
 * winter, so the fixed offset is both the fallback and the usual answer. */
GTimeZone *
rasid_syria_timezone (void)
{
  static GTimeZone *tz;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* Syria's own rules (UTC+2 with summer time until October 2022,
       * UTC+3 since), so an old winter report reads at the hour Syrians
       * read it; a system without tzdata gets today's fixed offset. */
      tz = g_time_zone_new_identifier ("Asia/Damascus");
      if (tz == NULL)
        tz = g_time_zone_new_offset (3 * 3600);
      g_once_init_leave (&done, 1);
    }
  return tz;
}

/**
 * rasid_date_zone_new:
 * @identifier: (nullable): a tz name ("Europe/Berlin"), "UTC" or an offset
 *   ("+05:30"), as a source's settings hold it
 *
 * Returns: (transfer full): that zone, or Syria's when @identifier is
 *   %NULL, empty or unknown.
 */
GTimeZone *
rasid_date_zone_new (const char *identifier)
{
  GTimeZone *tz = NULL;

  if (identifier != NULL && *identifier != 0)
    tz = g_time_zone_new_identifier (identifier);
  return tz ? tz : g_time_zone_ref (rasid_syria_timezone ());
}

typedef struct
{
  int year, month, day;         /* -1 while unknown */
  int year_digits;              /* how the year was written, for two-digit years */
  int hour, minute, second;     /* hour -1 when the text gives no time */
  int offset;                   /* seconds east of UTC, when has_zone */
  gboolean has_zone;
} DateParts;

static void
parts_init (DateParts *p)
{
  p->year = p->month = p->day = -1;
  p->year_digits = 4;
  p->hour = -1;
  p->minute = p->second = 0;
  p->offset = 0;
  p->has_zone = FALSE;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_alpha (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Letters of a word: ASCII letters and any byte of a non-ASCII character. */
static inline gboolean
is_word_byte (char c)
{
  return is_alpha (c) || (guchar) c >= 0x80;
}

static int
digit_run (const char *s)
{
  int n = 0;

  while (is_digit (s[n]))
    n++;
  return n;
}

static int
digits_value (const char *s, int n)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

static gboolean
word_is (const char *w, int len, const char *lower)
{
  return (int) strlen (lower) == len && g_ascii_strncasecmp (w, lower, len) == 0;
}

/* English month names: any prefix of three letters or more ("Sep", "Sept",
 * "September"). */
static int
english_month (const char *w, int len)
{
  static const char *const names[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
  };

  if (len < 3)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (len <= (int) strlen (names[i]) && g_ascii_strncasecmp (w, names[i], len) == 0)
      return i + 1;
  return 0;
}

/* Month names after rasid_normalize() (so lower case, Arabic letters
 * folded): Egyptian/Gulf and Levantine Arabic, Greek (feedparser's
 * abbreviations) and Hungarian. Matched at @p as whole words, so the
 * two-word Levantine names work. */
static int
foreign_month (const char *p, int *len)
{
  static const struct { const char *name; int month; } months[] = {
    { "كانون الثاني", 1 }, { "كانون الاول", 12 }, { "تشرين الاول", 10 }, { "تشرين الثاني", 11 },
    { "يناير", 1 }, { "فبراير", 2 }, { "مارس", 3 }, { "ابريل", 4 }, { "مايو", 5 },
    { "يونيو", 6 }, { "يونيه", 6 }, { "يوليو", 7 }, { "يوليه", 7 }, { "اغسطس", 8 },
    { "سبتمبر", 9 }, { "اكتوبر", 10 }, { "نوفمبر", 11 }, { "ديسمبر", 12 },
    { "شباط", 2 }, { "اذار", 3 }, { "نيسان", 4 }, { "ايار", 5 },
    { "حزيران", 6 }, { "تموز", 7 }, { "اب", 8 }, { "ايلول", 9 },
    { "ιαν", 1 }, { "φεβ", 2 }, { "μάώ", 3 }, { "μαώ", 3 }, { "απρ", 4 }, { "μάι", 5 },
    { "μαϊ", 5 }, { "μαι", 5 }, { "ιούν", 6 }, { "ιον", 6 }, { "ιούλ", 7 }, { "ιολ", 7 },
    { "αύγ", 8 }, { "αυγ", 8 }, { "σεπ", 9 }, { "οκτ", 10 }, { "νοέ", 11 }, { "νοε", 11 },
    { "δεκ", 12 },
    { "január", 1 }, { "február", 2 }, { "februári", 2 }, { "március", 3 }, { "április", 4 },
    { "május", 5 }, { "máujus", 5 }, { "június", 6 }, { "július", 7 }, { "augusztus", 8 },
    { "szeptember", 9 }, { "október", 10 }, { "november", 11 }, { "december", 12 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      int n = strlen (months[i].name);

      if (strncmp (p, months[i].name, n) == 0 && !is_word_byte (p[n]))
        {
          *len = n;
          return months[i].month;
        }
    }
  return 0;
}

/* Zone abbreviations, in minutes east of UTC. RFC 822 names and the US
 * "ET/CT/MT/PT" as standard time, and AST as Atlantic time, as feedparser
 * reads them (Arab publishers write +03:00, not "AST"). */
static gboolean
zone_name (const char *w, int len, int *minutes)
{
  static const struct { const char *name; int minutes; } zones[] = {
    { "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "wet", 0 }, { "zulu", 0 },
    { "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
    { "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
    { "et", -300 }, { "ct", -360 }, { "mt", -420 }, { "pt", -480 },
    { "at", -240 }, { "adt", -180 }, { "akst", -540 }, { "akdt", -480 },
    { "hst", -600 }, { "hdt", -540 }, { "nst", -210 }, { "ndt", -150 },
    { "bst", 60 }, { "ist", 330 }, { "west", 60 }, { "cet", 60 }, { "cest", 120 },
    { "met", 60 }, { "mest", 120 }, { "mez", 60 }, { "mesz", 120 }, { "eet", 120 },
    { "eest", 180 }, { "ast", -240 }, { "msk", 180 }, { "msd", 240 }, { "trt", 180 },
    { "idt", 180 }, { "gst", 240 }, { "irst", 210 }, { "pkt", 300 }, { "ict", 420 },
    { "wib", 420 }, { "hkt", 480 }, { "sgt", 480 }, { "awst", 480 }, { "pht", 480 },
    { "jst", 540 }, { "kst", 540 }, { "acst", 570 }, { "aest", 600 }, { "aedt", 660 },
    { "nzst", 720 }, { "nzdt", 780 }, { "sast", 120 }, { "wat", 60 }, { "cat", 120 },
    { "eat", 180 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    if (word_is (w, len, zones[i].name))
      {
        *minutes = zones[i].minutes;
        return TRUE;
      }
  /* RFC 822's military zones were published with the wrong sign, so RFC 2822
   * 4.3 reads them as -0000. Only A, M, N, Y (and Z) keep RFC 822's values,
   * as feedparser and other readers that publishers test against do. */
  if (len == 1 && is_alpha (w[0]))
    {
      switch (g_ascii_toupper (w[0]))
        {
        case 'A': *minutes = -60; break;
        case 'M': *minutes = -720; break;
        case 'N': *minutes = 60; break;
        case 'Y': *minutes = 720; break;
        default: *minutes = 0; break;
        }
      return TRUE;
    }
  return FALSE;
}

/* A numeric offset at @s ("+03:00", "-0500", "+03", "+3", "-3:30").
 * Returns the bytes read, or 0 when it is not one or is out of range. */
static int
parse_offset (const char *s, int *seconds)
{
  int sign, n, h, m = 0;
  const char *p = s + 1;

  if (*s != '+' && *s != '-')
    return 0;
  sign = *s == '-' ? -1 : 1;
  n = digit_run (p);
  if (n == 1 || n == 2)
    {
      h = digits_value (p, n);
      p += n;
      if (*p == ':')
        {
          if (digit_run (p + 1) != 2)
            return 0;
          m = digits_value (p + 1, 2);
          p += 3;
        }
    }
  else if (n == 3 || n == 4)
    {
      h = digits_value (p, n - 2);
      m = digits_value (p + n - 2, 2);
      p += n;
    }
  else
    return 0;
  if (h > 23 || m > 59)
    return 0;
  *seconds = sign * (h * 3600 + m * 60);
  return p - s;
}

/* A zone written as a word, with what may follow it: "GMT", "EST",
 * "GMT+3", "UTC-05:00", "Etc/GMT", "Etc/GMT-3" (tz names' inverted sign).
 * Returns the bytes read, or 0. */
static int
parse_zone_word (const char *s, int *seconds)
{
  const char *p = s;
  gboolean etc = FALSE;
  int len, minutes;

  if (g_ascii_strncasecmp (p, "etc/", 4) == 0)
    {
      etc = TRUE;
      p += 4;
    }
  for (len = 0; is_alpha (p[len]); len++)
    ;
  if (len == 0 || !zone_name (p, len, &minutes))
    return 0;
  *seconds = minutes * 60;
  p += len;
  if ((*p == '+' || *p == '-') && (word_is (p - len, len, "gmt") || word_is (p - len, len, "utc") ||
                                   word_is (p - len, len, "ut")))
    {
      int off, n = parse_offset (p, &off);

      if (n == 0)
        return 0;
      *seconds = etc ? -off : off;
      p += n;
    }
  return p - s;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static gint64
days_from_civil (int y, int m, int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int
days_in_month (int y, int m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[m - 1];
}

/* Checks the parts and turns them into Unix time; 0 when they are not a date. */
static gint64
parts_to_unix (DateParts *p, GTimeZone *default_tz)
{
  gint64 local;
  int year = p->year;

  if (p->year < 0 || p->month < 0 || p->day < 0)
    return 0;
  /* RFC 2822 4.3: two-digit years 00-49 are 2000-2049, 50-99 and three-digit years add 1900. */
  if (p->year_digits <= 2)
    year += year < 50 ? 2000 : 1900;
  else if (p->year_digits == 3)
    year += 1900;
  if (year < 1 || year > 9999 || p->month < 1 || p->month > 12 || p->day < 1 ||
      p->day > days_in_month (year, p->month))
    return 0;
  if (p->hour < 0)
    p->hour = 0;
  /* 60 is a leap second (RFC 3339); Unix time has no room for it. */
  if (p->hour > 23 || p->minute > 59 || p->second > 60)
    return 0;
  local = days_from_civil (year, p->month, p->day) * 86400 +
          p->hour * 3600 + p->minute * 60 + MIN (p->second, 59);

  if (p->has_zone)
    local -= p->offset;
  else
    {
      /* A wall-clock time in the source's zone, as GDateTime would read it. */
      gint64 t = local;
      int interval = g_time_zone_adjust_time (default_tz, G_TIME_TYPE_STANDARD, &t);

      local = t - g_time_zone_get_offset (default_tz, interval);
    }
  if (local < MIN_UNIX || local > MAX_UNIX)
    return 0;
  return local;
}

/* Reads a time "hh:mm[:ss[.fff]]" or basic "hhmm[ss]" at @s; @extended says
 * which. Returns bytes read or 0. */
static int
parse_time (const char *s, gboolean extended, DateParts *p)
{
  const char *q = s;
  int n = digit_run (q);

  if (extended)
    {
      if (n < 1 || n > 2 || q[n] != ':')
        return 0;
      p->hour = digits_value (q, n);
      q += n + 1;
      if (digit_run (q) != 2)
        return 0;
      p->minute = digits_value (q, 2);
      q += 2;
      if (*q == ':')
        {
          if (digit_run (q + 1) != 2)
            return 0;
          p->second = digits_value (q + 1, 2);
          q += 3;
        }
    }
  else
    {
      if (n != 2 && n != 4 && n != 6)
        return 0;
      p->hour = digits_value (q, 2);
      if (n >= 4)
        p->minute = digits_value (q + 2, 2);
      if (n == 6)
        p->second = digits_value (q + 4, 2);
      q += n;
    }
  /* Fractions of the last unit are dropped: the store keeps whole seconds. */
  if ((*q == '.' || *q == ',') && is_digit (q[1]))
    q += 1 + digit_run (q + 1);
  return q - s;
}

static gboolean
set_ordinal (DateParts *p, int year, int ordinal)
{
  int y = year;
  int days = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365;

  if (ordinal < 1 || ordinal > days)
    return FALSE;
  p->year = year;
  p->month = 1;
  while (ordinal > days_in_month (y, p->month))
    ordinal -= days_in_month (y, p->month++);
  p->day = ordinal;
  return TRUE;
}

/* ISO week date: Monday of week 1 is the Monday on or before 4 January. */
static gboolean
set_week (DateParts *p, int year, int week, int weekday)
{
  gint64 jan4 = days_from_civil (year, 1, 4);
  int jan4_wd = (int) (((jan4 + 3) % 7 + 7) % 7) + 1;  /* 1970-01-01 was a Thursday */
  gint64 day = jan4 - (jan4_wd - 1) + (week - 1) * 7 + (weekday - 1);
  gint64 next_jan4 = days_from_civil (year + 1, 1, 4);
  int next_wd = (int) (((next_jan4 + 3) % 7 + 7) % 7) + 1;
  gint64 z, era, doe, yoe, doy, mp;

  if (week < 1 || weekday < 1 || weekday > 7 || day >= next_jan4 - (next_wd - 1))
    return FALSE;
  /* Back to a civil date (inverse of days_from_civil). */
  z = day + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  p->day = doy - (153 * mp + 2) / 5 + 1;
  p->month = mp < 10 ? mp + 3 : mp - 9;
  p->year = yoe + era * 400 + (p->month <= 2);
  return TRUE;
}

/* W3C-DTF, RFC 3339 and the ISO 8601 forms feeds use: the whole text or
 * nothing. Dates: YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD, YYYY-DDD, YYYYDDD,
 * YYYY-Www-D, YYYYWwwD, YY-MM-DD, YYMMDD, -YY-MM, -YYMM, Google's
 * YYYY-0MM-DD and a month name (YYYY-július-13). Then 'T' or spaces, a
 * time, and a zone (Z, ±hh[:mm], ±hhmm, or a zone name after a space). */
static gboolean
parse_iso (const char *s, DateParts *p)
{
  const char *q = s;
  int n;

  if (*q == '-')
    {
      /* -YYMM, -YY-MM: a month of this century. */
      q++;
      if (digit_run (q) == 4 && q[4] == 0)
        {
          p->year = digits_value (q, 2), p->month = digits_value (q + 2, 2);
        }
      else if (digit_run (q) == 2 && q[2] == '-' && digit_run (q + 3) == 2 && q[5] == 0)
        {
          p->year = digits_value (q, 2), p->month = digits_value (q + 3, 2);
        }
      else
        return FALSE;
      p->year += 2000;
      p->day = 1;
      return TRUE;
    }

  n = digit_run (q);
  if (n == 4)
    {
      p->year = digits_value (q, 4);
      q += 4;
      if (*q == '-' && (q[1] == 'W' || q[1] == 'w') && digit_run (q + 2) == 2)
        {
          int week = digits_value (q + 2, 2), wd = 1;

          q += 4;
          if (*q == '-' && digit_run (q + 1) == 1)
            wd = q[1] - '0', q += 2;
          if (!set_week (p, p->year, week, wd))
            return FALSE;
        }
      else if ((*q == 'W' || *q == 'w') && (digit_run (q + 1) == 2 || digit_run (q + 1) == 3))
        {
          int m = digit_run (q + 1);

          if (!set_week (p, p->year, digits_value (q + 1, 2), m == 3 ? q[3] - '0' : 1))
            return FALSE;
          q += 1 + m;
        }
      else if (*q == '-' && is_digit (q[1]))
        {
          int m = digit_run (q + 1);

          q++;
          if (m == 3 && q[0] == '0' && q[3] == '-' && is_digit (q[4]))
            {
              /* Google once wrote months with three digits. */
              p->month = digits_value (q, 3);
              q += 3;
            }
          else if (m == 3)
            {
              if (!set_ordinal (p, p->year, digits_value (q, 3)))
                return FALSE;
              q += 3;
            }
          else if (m <= 2)
            {
              p->month = digits_value (q, m);
              q += m;
            }
          else
            return FALSE;
          if (p->day < 0 && *q == '-' && (digit_run (q + 1) == 1 || digit_run (q + 1) == 2))
            {
              p->day = digits_value (q + 1, digit_run (q + 1));
              q += 1 + digit_run (q + 1);
            }
          else if (p->day < 0)
            {
              /* Year and month alone: no time may follow. */
              p->day = 1;
              return *q == 0;
            }
        }
      else if (*q == '-' && is_word_byte (q[1]))
        {
          int len = 0, m;

          q++;
          while (is_word_byte (q[len]))
            len++;
          m = english_month (q, len);
          if (m == 0)
            {
              int flen = 0;

              m = foreign_month (q, &flen);
              if (flen != len)
                m = 0;
            }
          if (m == 0 || q[len] != '-')
            return FALSE;
          q += len + 1;
          n = digit_run (q);
          if (n < 1 || n > 2)
            return FALSE;
          p->month = m;
          p->day = digits_value (q, n);
          q += n;
        }
      else if (*q == 0)
        {
          p->month = p->day = 1;
          return TRUE;
        }
      else
        return FALSE;
    }
  else if (n == 8)
    {
      p->year = digits_value (q, 4);
      p->month = digits_value (q + 4, 2);
      p->day = digits_value (q + 6, 2);
      q += 8;
    }
  else if (n == 7)
    {
      if (!set_ordinal (p, digits_value (q, 4), digits_value (q + 4, 3)))
        return FALSE;
      q += 7;
    }
  else if (n == 6 || (n == 2 && q[2] == '-' && digit_run (q + 3) == 2 &&
                                q[5] == '-' && digit_run (q + 6) == 2))
    {
      /* Two-digit years are this century in ISO 8601. */
      if (n == 6)
        {
          p->year = 2000 + digits_value (q, 2);
          p->month = digits_value (q + 2, 2);
          p->day = digits_value (q + 4, 2);
          q += 6;
        }
      else
        {
          p->year = 2000 + digits_value (q, 2);
          p->month = digits_value (q + 3, 2);
          p->day = digits_value (q + 6, 2);
          q += 8;
        }
      return *q == 0;
    }
  else
    return FALSE;

  if (*q == 0)
    return TRUE;

  /* The time, after 'T' or spaces. */
  if (*q == 'T' || *q == 't')
    q++;
  else if (*q == ' ')
    while (*q == ' ')
      q++;
  else
    return FALSE;
  n = digit_run (q);
  n = parse_time (q, n <= 2 && q[n] == ':', p);
  if (n == 0)
    return FALSE;
  q += n;

  /* The zone. */
  {
    const char *z = q;

    while (*z == ' ')
      z++;
    if (*z == 'Z' || *z == 'z')
      {
        if (is_word_byte (z[1]))
          {
            n = parse_zone_word (z, &p->offset);
            if (n == 0)
              return FALSE;
            z += n;
          }
        else
          p->offset = 0, z++;
        p->has_zone = TRUE;
      }
    else if (*z == '+' || *z == '-')
      {
        n = parse_offset (z, &p->offset);
        if (n == 0)
          return FALSE;
        z += n;
        p->has_zone = TRUE;
      }
    else if (is_alpha (*z))
      {
        n = parse_zone_word (z, &p->offset);
        if (n == 0)
          return FALSE;
        z += n;
        p->has_zone = TRUE;
      }
    while (*z == ' ')
      z++;
    return *z == 0;
  }
}

static gboolean
is_weekday (const char *w, int len)
{
  static const char *const names[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  };

  if (len < 3)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (len <= (int) strlen (names[i]) && g_ascii_strncasecmp (w, names[i], len) == 0)
      return TRUE;
  return FALSE;
}

/* Words that mark the hour of a 12-hour clock: English and Arabic
 * (ص/صباحا morning, م/مساء evening), and Korean 오전/오후 (Nate). */
static int
meridian (const char *w, int len)
{
  if (word_is (w, len, "am"))
    return 1;
  if (word_is (w, len, "pm"))
    return 2;
  if ((len == 2 && strncmp (w, "ص", 2) == 0) || (len == 10 && strncmp (w, "صباحا", 10) == 0) ||
      (len == 6 && strncmp (w, "오전", 6) == 0))
    return 1;
  if ((len == 2 && strncmp (w, "م", 2) == 0) || (len == 8 && strncmp (w, "مساء", 8) == 0) ||
      (len == 6 && strncmp (w, "오후", 6) == 0))
    return 2;
  return 0;
}

static gboolean
set_loose_number (DateParts *p, int value, int digits)
{
  if (digits >= 3 || (p->day >= 0 && p->year < 0))
    {
      if (p->year >= 0 || digits > 4)
        return FALSE;
      p->year = value;
      p->year_digits = digits;
    }
  else if (p->day < 0)
    p->day = value;
  else
    return FALSE;
  return TRUE;
}

/* Everything that is not ISO 8601: RFC 822/2822 and its obsolete forms
 * (any order of day, month and year, weekday or not, commas, RFC 850's
 * dashes), asctime, numeric dates (2018/05/12, 12.05.2018; day first when
 * both could be the month, as Arabic sites write), perforce, Greek, Korean
 * and Arabic dates. Unknown words before the time are skipped (weekdays in
 * any language, "at"); a short unknown word where the zone goes is UTC
 * (RFC 2822 4.3). */
static gboolean
parse_words (const char *s, DateParts *p)
{
  const char *q = s;
  int ampm = 0;
  gboolean korean = FALSE;

  while (*q)
    {
      if (is_digit (*q))
        {
          int n = digit_run (q);
          char sep = q[n];

          /* No part of a date written this way has more digits. */
          if (n > 5)
            return FALSE;

          if (sep == ':' && is_digit (q[n + 1]))
            {
              int len;

              if (p->hour >= 0 || n > 2)
                return FALSE;
              len = parse_time (q, TRUE, p);
              if (len == 0 || q[len] == ':')
                return FALSE;
              q += len;
              /* "10:00-05:00", "10:00+0300": a zone right after the time. */
              if (*q == '+' || *q == '-')
                {
                  int off;

                  len = parse_offset (q, &off);
                  if (len == 0)
                    return FALSE;
                  p->offset = off, p->has_zone = TRUE;
                  q += len;
                }
              continue;
            }
          if ((sep == '/' || sep == '-' || sep == '.') && is_digit (q[n + 1]))
            {
              int a = digits_value (q, n), an = n, b, bn, c, cn;
              const char *r = q + n + 1;

              bn = digit_run (r);
              if (bn > 2 || r[bn] != sep || !is_digit (r[bn + 1]))
                return FALSE;
              b = digits_value (r, bn);
              r += bn + 1;
              cn = digit_run (r);
              if (cn > 4)
                return FALSE;
              c = digits_value (r, cn);
              r += cn;
              if (p->year >= 0 || p->month >= 0 || p->day >= 0)
                return FALSE;
              if (an == 4 && cn <= 2)
                p->year = a, p->month = b, p->day = c;
              else if (cn == 4 && an <= 2)
                {
                  /* Day first unless only the other reading is a date. */
                  if (a <= 12 && b > 12)
                    p->month = a, p->day = b;
                  else
                    p->day = a, p->month = b;
                  p->year = c;
                }
              else
                return FALSE;
              q = r;
              continue;
            }
          /* Korean: 2004년 05월 28일 (OnBlog). */
          if (strncmp (q + n, "년", 3) == 0 || strncmp (q + n, "월", 3) == 0 ||
              strncmp (q + n, "일", 3) == 0)
            {
              int *field = strncmp (q + n, "년", 3) == 0 ? &p->year :
                           strncmp (q + n, "월", 3) == 0 ? &p->month : &p->day;

              if (*field >= 0)
                return FALSE;
              *field = digits_value (q, n);
              korean = TRUE;
              q += n + 3;
              continue;
            }
          if (!set_loose_number (p, digits_value (q, n), n))
            return FALSE;
          q += n;
          continue;
        }
      /* A sign after the time and a space starts the zone, or nothing. */
      if ((*q == '+' || *q == '-') && p->hour >= 0 && !p->has_zone && q > s && q[-1] == ' ')
        {
          int len = parse_offset (q, &p->offset);

          if (len == 0)
            return FALSE;
          p->has_zone = TRUE;
          q += len;
          continue;
        }
      if (is_word_byte (*q))
        {
          int len = 0, m, fl, minutes;

          while (is_word_byte (q[len]))
            len++;
          /* "a.m.", "p.m." */
          if (len == 1 && (*q == 'a' || *q == 'p' || *q == 'A' || *q == 'P') && q[1] == '.' &&
              (q[2] == 'm' || q[2] == 'M') && q[3] == '.')
            {
              ampm = (*q == 'a' || *q == 'A') ? 1 : 2;
              q += 4;
              continue;
            }
          if ((m = meridian (q, len)) != 0)
            {
              /* Korean puts it before the time; in Arabic, م before the
               * time is the era (ميلادي). */
              if (len == 6)
                korean = TRUE;
              if (p->hour >= 0 || len == 6)
                ampm = m;
              q += len;
              continue;
            }
          /* هـ (folded to ه) marks a Hijri date, which this does not read. */
          if (len == 2 && strncmp (q, "ه", 2) == 0)
            return FALSE;
          if ((m = english_month (q, len)) != 0)
            {
              if (p->month >= 0)
                return FALSE;
              p->month = m;
              q += len;
              continue;
            }
          /* Foreign names are non-ASCII, or Hungarian's long ASCII ones. */
          if (((guchar) *q >= 0x80 || len >= 9) && (m = foreign_month (q, &fl)) != 0)
            {
              if (p->month >= 0)
                return FALSE;
              p->month = m;
              q += fl;
              continue;
            }
          if (p->hour >= 0 && !p->has_zone && is_alpha (*q))
            {
              int zl = parse_zone_word (q, &p->offset);

              if (zl > 0)
                {
                  p->has_zone = TRUE;
                  q += zl;
                  continue;
                }
              /* RFC 2822: an unknown alphabetic zone is -0000. */
              if (len <= 5 && !zone_name (q, len, &minutes) && !is_weekday (q, len) &&
                  q > s && q[-1] == ' ' && (q[len] == 0 || q[len] == ' '))
                {
                  p->offset = 0;
                  p->has_zone = TRUE;
                  q += len;
                  continue;
                }
            }
          if (g_ascii_strncasecmp (q, "etc/", 4) == 0)
            {
              q += 4;
              continue;
            }
          /* Any other word (weekday, "at", a label) says nothing. */
          q += len;
          continue;
        }
      q++;
    }

  if (ampm != 0)
    {
      if (p->hour < 0 || p->hour > 12)
        return FALSE;
      if (ampm == 1 && p->hour == 12)
        p->hour = 0;
      else if (ampm == 2 && p->hour < 12)
        p->hour += 12;
    }
  if (korean && !p->has_zone)
    {
      p->offset = 9 * 3600;
      p->has_zone = TRUE;
    }
  return TRUE;
}

/* Copies @text into @buf without RFC 822 comments, runs of white space,
 * space around colons and the ends' space. FALSE when it does not fit or a comment is open. */
static gboolean
clean_copy (const char *text, char *buf, gsize size)
{
  gsize n = 0;
  int depth = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p; p++)
    {
      char c = *p;

      if (c == '(')
        {
          depth++;
          c = ' ';
        }
      else if (c == ')' && depth > 0)
        {
          depth--;
          c = ' ';
        }
      else if (depth > 0)
        continue;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        {
          space = n > 0 && buf[n - 1] != ':';
          continue;
        }
      if (n + 2 >= size)
        return FALSE;
      /* RFC 2822's obsolete syntax allows space around a time's colons. */
      if (space && c != ':')
        buf[n++] = ' ';
      space = FALSE;
      buf[n++] = c;
    }
  buf[n] = 0;
  /* A comment left open is a text cut short. */
  return depth == 0;
}

/**
 * rasid_parse_date:
 * @text: (nullable): a date as a feed or page writes it
 * @default_tz: (nullable): the zone of a date that names none: the
 *   source's zone; %NULL for Syria's
 *
 * Reads RFC 822/2822 (with the obsolete syntax), W3C-DTF/RFC 3339/ISO 8601
 * (reduced precision, ordinal and week dates), asctime, and the Arabic,
 * Greek, Hungarian and Korean forms. A date without a time is midnight.
 *
 * Returns: Unix time, or 0 when @text is not a whole, valid date.
 */
gint64
rasid_parse_date (const char *text, GTimeZone *default_tz)
{
  g_autofree char *folded = NULL;
  char buf[MAX_DATE_LEN];
  DateParts parts;
  const char *src = text;

  if (text == NULL)
    return 0;
  if (default_tz == NULL)
    default_tz = rasid_syria_timezone ();

  /* Non-ASCII text is folded once: Arabic-Indic digits, Arabic comma,
   * hamza forms, tashkeel, odd spaces, lower case. */
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x80)
      {
        if (strlen (p) > 4 * MAX_DATE_LEN)
          return 0;
        src = folded = rasid_normalize (text);
        break;
      }
  if (!clean_copy (src, buf, sizeof buf) || buf[0] == 0)
    return 0;

  parts_init (&parts);
  if (parse_iso (buf, &parts))
    return parts_to_unix (&parts, default_tz);

  /* A text in ISO 8601's shape with no space in it is ISO 8601 or nothing. */
  if (digit_run (buf) >= 4 && strchr (buf, ' ') == NULL && strchr (buf, '/') == NULL &&
      strchr (buf, '.') == NULL)
    return 0;
  if (buf[0] == '-' || buf[0] == '+')
    return 0;

  parts_init (&parts);
  if (parse_words (buf, &parts))
    return parts_to_unix (&parts, default_tz);
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

  gint64 offset;

  if (local == NULL)
    return NULL;
  /* By hand rather than g_date_time_format(): RFC 3339 wants four-digit
   * years, and %Y writes year 99 as "99". */
  offset = g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                          g_date_time_get_year (local), g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local), g_date_time_get_hour (local),
                          g_date_time_get_minute (local), g_date_time_get_second (local),
                          offset < 0 ? '-' : '+', (int) (ABS (offset) / 3600),
                          (int) (ABS (offset) / 60 % 60));
}
