/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-dates.c: rasid_parse_date() over arbitrary date strings, in the
 * default zone and in a source's zone with summer time. */
#include "fuzz-common.h"
#include "rasid-dates.h"

static GTimeZone *utc_zone, *east_zone, *west_zone, *dst_zone;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  utc_zone = g_time_zone_new_utc ();
  east_zone = g_time_zone_new_offset (14 * 3600);
  west_zone = g_time_zone_new_offset (-12 * 3600);
  dst_zone = rasid_date_zone_new ("America/New_York");
  return 0;
}

/* Whatever was read must be a date GDateTime can show in any zone, and
 * what Rasid writes of it must read back as the same instant. */
static void
check_date (gint64 t)
{
  GTimeZone *zones[] = { NULL, utc_zone, east_zone, west_zone, dst_zone };

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autofree char *iso = rasid_format_iso8601 (t, zones[i]);

      fuzz_check (iso != NULL, "a parsed date formats");
      /* Local mean time before 1884 is off by seconds an offset cannot write. */
      if (zones[i] != dst_zone || t > G_GINT64_CONSTANT (-2717650800))
        fuzz_check (rasid_parse_date (iso, dst_zone) == t, "a formatted date reads back");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = fuzz_cstring (data, size);
  gint64 t, u;

  t = rasid_parse_date (text, NULL);
  if (t != 0)
    check_date (t);
  u = rasid_parse_date (text, dst_zone);
  if (u != 0)
    check_date (u);
  return 0;
}
