/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-feed-private.h: what the feed readers (rasid-feed-xml.c,
 * rasid-feed-json.c) share with rasid-feed.c. */
#pragma once

#include "rasid-feed.h"

G_BEGIN_DECLS

RasidFeed *rasid_feed_new_of_kind    (const char    *kind);
void       rasid_feed_item_finish    (RasidFeedItem *item,
                                      GPtrArray     *categories);
gboolean   rasid_feed_looks_like_html (const char   *text);
char      *rasid_feed_text_or_html   (const char    *text);

RasidFeed *rasid_feed_parse_xml      (const char    *data,
                                      gsize          len,
                                      const char    *base_url,
                                      const char    *charset,
                                      GTimeZone     *zone,
                                      GError       **error);
RasidFeed *rasid_feed_parse_json     (const char    *data,
                                      gsize          len,
                                      const char    *base_url,
                                      GTimeZone     *zone,
                                      GError       **error);

char      *rasid_xml_repair          (const char    *data,
                                      gsize          len,
                                      gsize         *out_len,
                                      guint         *n_malformed);

G_END_DECLS
