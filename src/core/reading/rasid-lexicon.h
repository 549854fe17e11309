/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-lexicon.h: longest-match lookup of normalised multi-word names in
 * Arabic text, tolerant of clitics and run-together words. Shared by the
 * gazetteer and the actor list. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RasidLexicon RasidLexicon;

typedef struct {
  char     *word;     /* normalised */
  gboolean  quoted;   /* a quote mark touches it in the source */
  gboolean  clitic;   /* matched only after stripping a prefix (و ب ل ك ف) */
  const char *prefix; /* that prefix, a static string */
} RasidToken;

typedef struct {
  guint         start;   /* first token */
  guint         length;  /* tokens covered */
  const char   *key;     /* borrowed: the normalised name that matched */
  GPtrArray    *values;  /* borrowed: everything registered under the name */
} RasidLexiconMatch;

RasidLexicon *rasid_lexicon_new        (void);
void          rasid_lexicon_free       (RasidLexicon *self);
void          rasid_lexicon_add        (RasidLexicon *self,
                                        const char   *name,
                                        gpointer      value);
GArray       *rasid_lexicon_scan       (RasidLexicon *self,
                                        GPtrArray    *tokens);

GPtrArray    *rasid_tokens_from_text   (const char   *text);
GPtrArray    *rasid_tokens_from_normalized (const char *normalized);
const char   *rasid_clitic_reading     (const char   *word,
                                        guint         variant,
                                        char         *buf,
                                        const char  **prefix);
char         *rasid_strip_clitic       (const char   *word,
                                        guint         variant);
char         *rasid_strip_clitic_full  (const char   *word,
                                        guint         variant,
                                        const char  **prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidLexicon, rasid_lexicon_free)

G_END_DECLS
