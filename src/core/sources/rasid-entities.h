/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-entities.h: the HTML5 named character references, which feeds use
 * in XML without declaring them (&rsquo;, &eacute;, &nbsp; …). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest name, without "&" and ";". */
#define RASID_HTML_ENTITY_MAX 32

const char *rasid_html_entity_lookup (const char *name,
                                      gsize       len);

G_END_DECLS
