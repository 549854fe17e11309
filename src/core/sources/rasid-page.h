/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-page.h: news pages with no feed: per-source XPath rules, ticker
 * blocks split into items, single articles, and feed discovery. */
#pragma once

#include "rasid-feed.h"

G_BEGIN_DECLS

typedef struct {
  char *url;
  char *title;
  char *type;
} RasidDiscoveredFeed;

gboolean   rasid_page_looks_like_html    (const char  *data,
                                          gsize        len);
RasidFeed *rasid_page_parse              (const char  *data,
                                          gsize        len,
                                          const char  *base_url,
                                          const char  *charset,
                                          const char  *rules_json,
                                          gint64       now,
                                          GError     **error);
gboolean   rasid_page_rules_validate     (const char  *rules_json,
                                          GError     **error);
GPtrArray *rasid_page_discover_feeds     (const char  *data,
                                          gsize        len,
                                          const char  *base_url);
RasidDiscoveredFeed *rasid_page_choose_feed (GPtrArray *feeds);
GPtrArray *rasid_split_ticker            (const char  *text);
void       rasid_discovered_feed_free    (RasidDiscoveredFeed *feed);

G_END_DECLS
