/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-html.c: rasid_html_to_text() over arbitrary markup. */
#include "fuzz-common.h"
#include "rasid-html.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = NULL;

  if (size > G_MAXINT)
    return 0;
  /* Given a length, the function must not read past it: no copy, so ASan
   * watches the end of libFuzzer's buffer. */
  text = rasid_html_to_text ((const char *) data, (gssize) size);
  fuzz_check (text != NULL, "never NULL");
  fuzz_check_utf8 (text, "plain text");
  fuzz_check (strstr (text, "\n\n\n") == NULL, "paragraphs are separated by one blank line");
  return 0;
}
