/* test-dates.c: the dates publishers write, and ticker clock times. */
#include "rasid-dates.h"

static gint64
utc (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static void
test_rfc822 (void)
{
  g_assert_cmpint (rasid_parse_date ("Sat, 12 May 2018 11:47:00 +0300", NULL), ==, utc (2018, 5, 12, 8, 47));
  g_assert_cmpint (rasid_parse_date ("12 May 2018 11:47 GMT", NULL), ==, utc (2018, 5, 12, 11, 47));
  g_assert_cmpint (rasid_parse_date ("Fri, 11 May 2018 21:08:00 -0000", NULL), ==, utc (2018, 5, 11, 21, 8));
}

static void
test_iso8601 (void)
{
  g_assert_cmpint (rasid_parse_date ("2018-05-12T11:47:00+03:00", NULL), ==, utc (2018, 5, 12, 8, 47));
  g_assert_cmpint (rasid_parse_date ("2018-05-12T08:47:00Z", NULL), ==, utc (2018, 5, 12, 8, 47));
}

static void
test_arabic (void)
{
  /* The seed page: "تاريخ النشر: 2018/05/12 11:47", Syria time. */
  g_assert_cmpint (rasid_parse_date ("2018/05/12 11:47", NULL), ==, utc (2018, 5, 12, 8, 47));
  g_assert_cmpint (rasid_parse_date ("٢٠١٨/٠٥/١٢ ١١:٤٧", NULL), ==, utc (2018, 5, 12, 8, 47));
  g_assert_cmpint (rasid_parse_date ("12 أيار 2018 11:47", NULL), ==, utc (2018, 5, 12, 8, 47));
  g_assert_cmpint (rasid_parse_date ("السبت 12 مايو 2018", NULL), ==, utc (2018, 5, 11, 21, 0));
  g_assert_cmpint (rasid_parse_date ("3 تشرين الأول 2019 10:00", NULL), ==, utc (2019, 10, 3, 7, 0));
  g_assert_cmpint (rasid_parse_date ("12/05/2018 11:47", NULL), ==, utc (2018, 5, 12, 8, 47));
}

static void
test_garbage (void)
{
  g_assert_cmpint (rasid_parse_date ("", NULL), ==, 0);
  g_assert_cmpint (rasid_parse_date ("not a date", NULL), ==, 0);
  g_assert_cmpint (rasid_parse_date ("99 Foo 2018", NULL), ==, 0);
  g_assert_cmpint (rasid_parse_date ("2018/13/45 99:99", NULL), ==, 0);
}

static void
test_clock (void)
{
  /* Seen at 12:00 Damascus: 11:22 is today. */
  gint64 noon = utc (2018, 5, 12, 9, 0);
  g_assert_cmpint (rasid_resolve_clock (11, 22, noon, NULL), ==, utc (2018, 5, 12, 8, 22));
  /* 21:20 seen at 12:00 is yesterday evening. */
  g_assert_cmpint (rasid_resolve_clock (21, 20, noon, NULL), ==, utc (2018, 5, 11, 18, 20));
  /* Midnight rollover: 23:50 seen at 00:10 is the previous day. */
  g_assert_cmpint (rasid_resolve_clock (23, 50, utc (2018, 5, 11, 21, 10), NULL), ==, utc (2018, 5, 11, 20, 50));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dates/rfc822", test_rfc822);
  g_test_add_func ("/dates/iso8601", test_iso8601);
  g_test_add_func ("/dates/arabic", test_arabic);
  g_test_add_func ("/dates/garbage", test_garbage);
  g_test_add_func ("/dates/clock", test_clock);
  return g_test_run ();
}
