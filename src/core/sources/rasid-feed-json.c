/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-feed-json.c: JSON Feed 1.0/1.1 (recognised by its structure as well
 * as by its version) and WordPress REST post lists, through json-glib after
 * rasid_json_check() has bounded the document. */
#include "rasid-feed-private.h"
#include "rasid-dates.h"
#include "rasid-html.h"

#include <string.h>
#include <json-glib/json-glib.h>


static const char *
obj_string (JsonObject *obj, const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static char *
obj_scalar (JsonObject *obj, const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static JsonObject *
obj_object (JsonObject *obj, const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
obj_array (JsonObject *obj, const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The first name in a JSON Feed 1.1 "authors" list, else the 1.0
 * "author"'s name. */
static char *
authors_names (JsonArray *authors, JsonObject *author)
{
  const char *name;

  for (guint i = 0; authors && i < json_array_get_length (authors); i++)
    {
      JsonNode *a = json_array_get_element (authors, i);

      name = JSON_NODE_HOLDS_OBJECT (a) ? obj_string (json_node_get_object (a), "name") : NULL;
      if (name && *name)
        return g_strdup (name);
    }
  name = obj_string (author, "name");
  return name && *name ? g_strdup (name) : NULL;
}

/* A JSON Feed by its version, or, for the many that write another version
 * or none, by its shape: an "items" list beside a feed's own members. */
static gboolean
is_jsonfeed (JsonObject *root)
{
  const char *version = obj_string (root, "version");

  if (version && (g_str_has_prefix (version, "https://jsonfeed.org/version/") ||
                  g_str_has_prefix (version, "http://jsonfeed.org/version/")))
    return TRUE;
  return obj_array (root, "items") != NULL &&
         (version || json_object_has_member (root, "title") || json_object_has_member (root, "home_page_url") ||
          json_object_has_member (root, "feed_url"));
}

static RasidFeed *
parse_jsonfeed (JsonObject *root, const char *base, GTimeZone *zone)
{
  RasidFeed *feed = rasid_feed_new_of_kind ("jsonfeed");
  JsonArray *items = obj_array (root, "items");
  g_autofree char *feed_author = authors_names (obj_array (root, "authors"), obj_object (root, "author"));

  feed->title = g_strdup (obj_string (root, "title"));
  feed->link = rasid_feed_web_link (base, obj_string (root, "home_page_url"));
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(RasidFeedItem) item = NULL;
      g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
      JsonArray *tags;
      const char *s;

      if (o == NULL)
        continue;
      item = rasid_feed_item_new ();
      item->guid = obj_scalar (o, "id");
      item->link = rasid_feed_web_link (base, obj_string (o, "url"));
      if (item->link == NULL)
        item->link = rasid_feed_web_link (base, obj_string (o, "external_url"));
      item->title = rasid_feed_text_or_html (obj_string (o, "title"));
      if ((s = obj_string (o, "content_html")))
        item->content = rasid_html_to_text (s, -1);
      else if ((s = obj_string (o, "content_text")))
        item->content = g_strdup (s);
      if ((s = obj_string (o, "summary")))
        item->summary = g_strdup (s);
      item->published = rasid_parse_date (obj_string (o, "date_published"), zone);
      item->updated = rasid_parse_date (obj_string (o, "date_modified"), zone);
      if (item->published == 0)
        item->published = item->updated;
      /* 1.1 "authors" (the first, as gofeed), then 1.0 "author", then the feed's. */
      item->author = authors_names (obj_array (o, "authors"), obj_object (o, "author"));
      if (item->author == NULL)
        item->author = g_strdup (feed_author);
      tags = obj_array (o, "tags");
      for (guint t = 0; tags && t < json_array_get_length (tags); t++)
        {
          JsonNode *tag = json_array_get_element (tags, t);
          if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
            g_ptr_array_add (categories, g_strdup (json_node_get_string (tag)));
        }
      if (item->content == NULL && item->summary)
        item->content = g_strdup (item->summary);
      rasid_feed_item_finish (item, categories);
      g_ptr_array_add (feed->items, g_steal_pointer (&item));
    }
  return feed;
}

/* WordPress REST: a bare array of posts with "rendered" HTML fields. */
static RasidFeed *
parse_wordpress (JsonArray *posts, const char *base, GTimeZone *zone)
{
  RasidFeed *feed = rasid_feed_new_of_kind ("wordpress");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  feed->link = rasid_feed_is_web_link (base) ? g_strdup (base) : NULL;
  for (guint i = 0; i < json_array_get_length (posts); i++)
    {
      JsonNode *node = json_array_get_element (posts, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(RasidFeedItem) item = NULL;
      const char *gmt;

      if (o == NULL)
        continue;
      item = rasid_feed_item_new ();
      item->guid = g_strdup (obj_string (obj_object (o, "guid"), "rendered"));
      if (item->guid == NULL)
        item->guid = obj_scalar (o, "id");
      item->link = rasid_feed_web_link (base, obj_string (o, "link"));
      item->title = rasid_html_to_text (obj_string (obj_object (o, "title"), "rendered"), -1);
      item->content = rasid_html_to_text (obj_string (obj_object (o, "content"), "rendered"), -1);
      item->summary = rasid_html_to_text (obj_string (obj_object (o, "excerpt"), "rendered"), -1);
      /* date_gmt has no zone suffix; it is UTC by definition. */
      if ((gmt = obj_string (o, "date_gmt")))
        item->published = rasid_parse_date (gmt, utc);
      if (item->published == 0)
        item->published = rasid_parse_date (obj_string (o, "date"), zone);
      item->updated = rasid_parse_date (obj_string (o, "modified_gmt"), utc);
      if (item->content && *item->content == 0)
        g_clear_pointer (&item->content, g_free);
      if (item->content == NULL && item->summary)
        item->content = g_strdup (item->summary);
      rasid_feed_item_finish (item, NULL);
      g_ptr_array_add (feed->items, g_steal_pointer (&item));
    }
  return feed;
}

/**
 * rasid_json_check:
 * @len: the length of @data, or -1 when it is nul-terminated
 *
 * What json-glib must never see, found in one linear pass: nesting deeper
 * than %RASID_JSON_MAX_DEPTH (json-glib recurses once per level and a
 * document 200 000 deep overflows the stack), data after the first value
 * (json-glib 1.6 keeps the first of several and leaks the rest), and the
 * single-quoted strings and comments json-glib tolerates but JSON has not
 * (inside them, this scan could lose track of where strings end).
 */
gboolean
rasid_json_check (const char *data, gssize len, GError **error)
{
  gsize n;
  guint depth = 0;
  gboolean in_string = FALSE, ended = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = len < 0 ? strlen (data) : (gsize) len;
  for (gsize i = 0; i < n; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (ended && !g_ascii_isspace (c))
        {
          g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED,
                               "Not well-formed JSON (data after the end of the document)");
          return FALSE;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          if (++depth > RASID_JSON_MAX_DEPTH)
            {
              g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED,
                           "Not accepted JSON (nested deeper than %d levels)", RASID_JSON_MAX_DEPTH);
              return FALSE;
            }
          break;
        case '}':
        case ']':
          /* An unbalanced closer is json-glib's to report. */
          if (depth > 0 && --depth == 0)
            ended = TRUE;
          break;
        case '\'':
        case '/':
          g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED,
                               "Not well-formed JSON (single quotes or comments outside strings)");
          return FALSE;
        default:
          break;
        }
    }
  return TRUE;
}

RasidFeed *
rasid_feed_parse_json (const char *data, gsize len, const char *base, GTimeZone *zone, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_ENCODING,
                           "JSON document is not valid UTF-8");
      return NULL;
    }
  if (!rasid_json_check (data, len, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      /* json-glib quotes the input, cut by bytes. */
      g_autofree char *message = g_utf8_make_valid (local->message, -1);
      g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "Not well-formed JSON (%s)", message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (root) && is_jsonfeed (json_node_get_object (root)))
    return parse_jsonfeed (json_node_get_object (root), base, zone);
  if (JSON_NODE_HOLDS_ARRAY (root))
    return parse_wordpress (json_node_get_array (root), base, zone);

  g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT,
                       "JSON document is neither a JSON Feed nor a WordPress post list");
  return NULL;
}
