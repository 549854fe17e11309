/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-feed.h: a fetched document read as a list of items (RSS, RDF, Atom,
 * JSON Feed, WordPress REST). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RASID_FEED_ERROR (rasid_feed_error_quark ())

typedef enum {
  RASID_FEED_ERROR_UNKNOWN_FORMAT,
  RASID_FEED_ERROR_MALFORMED,
  RASID_FEED_ERROR_ENCODING,
} RasidFeedError;

typedef struct {
  char    *guid;
  char    *link;
  char    *title;
  char    *summary;     /* plain text */
  char    *content;     /* plain paragraphs separated by "\n\n" */
  char    *author;
  gint64   published;   /* Unix time, 0 when the document gave none */
  gint64   updated;
  char   **categories;
  gboolean breaking;
} RasidFeedItem;

typedef struct {
  char      *kind;      /* "rss", "rdf", "atom", "jsonfeed", "wordpress" */
  char      *title;
  char      *link;
  GPtrArray *items;     /* of RasidFeedItem */
  char      *warning;   /* (nullable) read, but malformed: what was recovered */
} RasidFeed;

/* Deepest nesting of arrays and objects read, as libxml2 bounds XML at 256. */
#define RASID_JSON_MAX_DEPTH 256

GQuark         rasid_feed_error_quark (void);

RasidFeedItem *rasid_feed_item_new    (void);
void           rasid_feed_item_free   (RasidFeedItem *item);
void           rasid_feed_free        (RasidFeed     *feed);

void           rasid_feed_sanitize    (RasidFeed     *feed);
RasidFeed     *rasid_feed_parse       (const char    *data,
                                       gsize          len,
                                       const char    *base_url,
                                       GError       **error);
RasidFeed     *rasid_feed_parse_full  (const char    *data,
                                       gsize          len,
                                       const char    *base_url,
                                       const char    *charset,
                                       GTimeZone     *zone,
                                       GError       **error);
RasidFeed     *rasid_feed_parse_with_charset (const char *data,
                                              gsize       len,
                                              const char *base_url,
                                              const char *charset,
                                              GError    **error);

gboolean       rasid_feed_is_web_link (const char    *url);
char          *rasid_feed_web_link    (const char    *base,
                                       const char    *href);

/* Every JSON document goes through this before json-glib sees it. */
gboolean       rasid_json_check       (const char    *data,
                                       gssize         len,
                                       GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidFeedItem, rasid_feed_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RasidFeed, rasid_feed_free)

G_END_DECLS
