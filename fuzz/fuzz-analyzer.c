/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-analyzer.c: rasid_analyzer_analyze() with the shipped gazetteer and
 * actor tables. The first line of the input is the title, the rest (if
 * any) the body. Input is made valid UTF-8 first, as every caller does
 * (the feed parser's output is UTF-8; rasid-cli analyze calls
 * g_utf8_make_valid()). */
#include "fuzz-common.h"
#include "rasid-analyzer.h"

static RasidAnalyzer *analyzer;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  analyzer = rasid_analyzer_new_default (&error);
  if (analyzer == NULL)
    {
      fprintf (stderr, "Cannot load the default analyzer: %s\n", error->message);
      abort ();
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_utf8_make_valid ((const char *) data, (gssize) size);
  g_autoptr(RasidAnalysis) a = NULL;
  g_autofree char *json = NULL;
  char *body = strchr (text, '\n');

  if (body)
    *body++ = 0;
  a = rasid_analyzer_analyze (analyzer, text, body);
  fuzz_check (a != NULL && a->headline != NULL, "an analysis has a headline");
  fuzz_check_utf8 (a->headline, "headline");
  fuzz_check_utf8 (a->attribution, "attribution");
  fuzz_check_utf8 (a->clock, "clock");
  fuzz_check_utf8 (a->dateline_agency, "dateline agency");
  fuzz_check_utf8 (a->dateline_place, "dateline place");
  fuzz_check (a->killed >= -1 && a->injured >= -1, "counts are -1 or more");

  json = rasid_analysis_to_json (a, text);
  fuzz_check (json != NULL, "analysis serialises");
  return 0;
}
