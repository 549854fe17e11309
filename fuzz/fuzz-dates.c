/* fuzz-dates.c: rasid_parse_date() over arbitrary date strings. */
#include "fuzz-common.h"
#include "rasid-dates.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = fuzz_cstring (data, size);
  gint64 t;

  t = rasid_parse_date (text, NULL);
  if (t != 0)
    {
      g_autofree char *iso = rasid_format_iso8601 (t, NULL);

      /* Whatever was read must be a date GDateTime can represent again. */
      fuzz_check (iso != NULL, "a parsed date formats");
    }
  return 0;
}
