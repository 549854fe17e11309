/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-html.h: untrusted HTML to plain, sanitised paragraphs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rasid_html_to_text (const char *html,
                          gssize      len);

G_END_DECLS
