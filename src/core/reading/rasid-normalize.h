/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-normalize.h: one Arabic normaliser for matching and search. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rasid_normalize            (const char *text);
char     *rasid_normalize_digits     (const char *text);
gboolean  rasid_unichar_is_word      (gunichar c);
char    **rasid_tokenize             (const char *normalized);

G_END_DECLS
