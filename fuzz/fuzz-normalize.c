/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-normalize.c: rasid_normalize() and rasid_tokenize() over arbitrary
 * bytes; rasid_normalize() is documented to accept invalid UTF-8. */
#include "fuzz-common.h"
#include "rasid-normalize.h"

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
  g_autofree char *norm = rasid_normalize (text);
  g_auto(GStrv) words = NULL;

  fuzz_check (norm != NULL, "never NULL");
  fuzz_check_utf8 (norm, "normalised text");
  fuzz_check (norm[0] != ' ' && (norm[0] == 0 || norm[strlen (norm) - 1] != ' '),
              "no leading or trailing space");
  fuzz_check (strstr (norm, "  ") == NULL, "runs of space collapsed");

  words = rasid_tokenize (norm);
  for (guint i = 0; words[i]; i++)
    {
      fuzz_check (*words[i] != 0, "no empty word");
      fuzz_check_utf8 (words[i], "word");
    }
  return 0;
}
