/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h: what every Rasid fuzz target shares. GLib warnings and
 * criticals abort, so libFuzzer reports a g_return_if_fail() reached from
 * untrusted input as a crash rather than scrolling it past. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize   (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

static inline void
fuzz_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* An invariant of the code under test, not of the input: abort so the
 * input is saved as a crash. */
#define fuzz_check(cond, what)                                              \
  G_STMT_START {                                                            \
    if (G_UNLIKELY (!(cond)))                                               \
      {                                                                     \
        fprintf (stderr, "fuzz_check failed at %s:%d: %s (%s)\n",           \
                 __FILE__, __LINE__, #cond, what);                          \
        abort ();                                                           \
      }                                                                     \
  } G_STMT_END

/* Callers (the analyzer, the store, GTK labels) take these strings as
 * UTF-8 without re-validating, so every string a parser returns must be. */
#define fuzz_check_utf8(s, what)                                            \
  fuzz_check ((s) == NULL || g_utf8_validate ((s), -1, NULL), what)

/* libFuzzer's buffer is not NUL-terminated; the entry points taking a C
 * string get an exact-size copy, so ASan still sees a read past its end. */
static inline char *
fuzz_cstring (const uint8_t *data, size_t size)
{
  char *s = g_malloc (size + 1);

  if (size > 0)
    memcpy (s, data, size);
  s[size] = 0;
  return s;
}
