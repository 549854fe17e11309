/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-page.c: reads HTML news pages. With rules (JSON stored with the
 * source), XPath picks items and their title, link, time and body; a ticker
 * block like SMART's ("… (مصادر محلية) - 11:22 …") is split into one item per
 * entry, each clock time resolved to a full time in Syria. Without rules the
 * page is read as one article (title, editor, published time, paragraphs).
 * The parser never touches the network and drops scripts and images. */
#include "rasid-page.h"
#include "rasid-dates.h"
#include "rasid-html.h"
#include "rasid-normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

typedef struct {
  char     *item;      /* XPath selecting item nodes */
  char     *title;     /* relative XPaths, optional */
  char     *link;
  char     *time;
  char     *body;
  char     *author;
  gboolean  ticker;    /* split each item's text at "- HH:MM" */
  int       utc_offset_minutes;
} Rules;

static void
rules_clear (Rules *r)
{
  g_free (r->item);
  g_free (r->title);
  g_free (r->link);
  g_free (r->time);
  g_free (r->body);
  g_free (r->author);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rules, rules_clear)

static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (n));
  return NULL;
}

static void
ignore_xml_error (void *data, xmlErrorPtr error)
{
}

static gboolean
xpath_compiles (const char *expr, GError **error)
{
  xmlXPathCompExprPtr comp;

  if (expr == NULL)
    return TRUE;
  /* The error is reported through @error, not libxml2's stderr. */
  xmlSetStructuredErrorFunc (NULL, ignore_xml_error);
  comp = xmlXPathCompile ((const xmlChar *) expr);
  xmlSetStructuredErrorFunc (NULL, NULL);
  if (comp == NULL)
    {
      g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "Invalid XPath in the rules: %s", expr);
      return FALSE;
    }
  xmlXPathFreeCompExpr (comp);
  return TRUE;
}

/* Rules: {"item": XPATH, "title": XPATH, "link": XPATH, "time": XPATH,
 * "body": XPATH, "author": XPATH, "ticker": true, "utc_offset": "+03:00"} */
static gboolean
rules_parse (const char *json, Rules *r, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonObject *o;
  JsonNode *ticker;
  g_autofree char *offset = NULL;

  memset (r, 0, sizeof *r);
  r->utc_offset_minutes = 180;
  if (!rasid_json_check (json, -1, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, json, -1, &local))
    {
      g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "The rules are not valid JSON: %s", local->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "The rules must be a JSON object");
      return FALSE;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  r->item = member_string (o, "item");
  r->title = member_string (o, "title");
  r->link = member_string (o, "link");
  r->time = member_string (o, "time");
  r->body = member_string (o, "body");
  r->author = member_string (o, "author");
  ticker = json_object_get_member (o, "ticker");
  r->ticker = ticker && JSON_NODE_HOLDS_VALUE (ticker) && json_node_get_value_type (ticker) == G_TYPE_BOOLEAN &&
              json_node_get_boolean (ticker);
  offset = member_string (o, "utc_offset");
  if (offset)
    {
      int h = 0, m = 0;
      if (sscanf (offset, "%d:%d", &h, &m) < 1 || ABS (h) > 14)
        {
          g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "Bad utc_offset “%s” (use +03:00)", offset);
          return FALSE;
        }
      r->utc_offset_minutes = h * 60 + (offset[0] == '-' ? -m : m);
    }
  if (r->item == NULL)
    {
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "The rules need an \"item\" XPath");
      return FALSE;
    }
  return xpath_compiles (r->item, error) && xpath_compiles (r->title, error) && xpath_compiles (r->link, error) &&
         xpath_compiles (r->time, error) && xpath_compiles (r->body, error) && xpath_compiles (r->author, error);
}

gboolean
rasid_page_rules_validate (const char *rules_json, GError **error)
{
  g_auto(Rules) r = { 0 };

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return rules_parse (rules_json, &r, error);
}

/* @tag ("<head") as a whole tag name in @text: not "<heading>", which is
 * an XML document's, and no page's. */
static gboolean
has_tag (const char *text, const char *tag)
{
  gsize n = strlen (tag);

  for (const char *p = strstr (text, tag); p; p = strstr (p + 1, tag))
    if (p[n] == '>' || p[n] == '/' || g_ascii_isspace (p[n]))
      return TRUE;
  return FALSE;
}

gboolean
rasid_page_looks_like_html (const char *data, gsize len)
{
  g_autofree char *head = NULL;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  head = g_ascii_strdown (data, MIN (len, 1024));
  return strstr (head, "<!doctype html") || has_tag (head, "<html") ||
         (has_tag (head, "<head") && !strstr (head, "<rss") && !strstr (head, "<feed"));
}

static htmlDocPtr
read_html (const char *data, gsize len, const char *base_url, const char *charset)
{
  /* The HTTP charset wins; else libxml2 reads <meta charset> and BOMs. */
  return htmlReadMemory (data, (int) MIN (len, G_MAXINT), base_url, charset,
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_COMPACT);
}

/* The text under @node, blocks separated by blank lines, scripts dropped. */
static char *
node_plain_text (xmlNode *node)
{
  xmlBuffer *buf;
  g_autofree char *markup = NULL;

  if (node->type == XML_ATTRIBUTE_NODE || node->type == XML_TEXT_NODE)
    {
      xmlChar *content = xmlNodeGetContent (node);
      char *text = g_strstrip (g_strdup (content ? (const char *) content : ""));
      xmlFree (content);
      return text;
    }
  buf = xmlBufferCreate ();
  htmlNodeDump (buf, node->doc, node);
  markup = g_strdup ((const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  return rasid_html_to_text (markup, -1);
}

/* Evaluates @expr relative to @node: a node set's text, or a value. */
static char *
xpath_text (xmlXPathContext *ctx, xmlNode *node, const char *expr, gboolean join_paragraphs)
{
  xmlXPathObject *res;
  GString *out;

  if (expr == NULL)
    return NULL;
  ctx->node = node;
  res = xmlXPathEvalExpression ((const xmlChar *) expr, ctx);
  if (res == NULL)
    return NULL;
  out = g_string_new (NULL);
  if (res->type == XPATH_NODESET && res->nodesetval)
    for (int i = 0; i < res->nodesetval->nodeNr; i++)
      {
        g_autofree char *t = node_plain_text (res->nodesetval->nodeTab[i]);
        if (*t == 0)
          continue;
        if (out->len)
          g_string_append (out, join_paragraphs ? "\n\n" : " ");
        g_string_append (out, t);
      }
  else
    {
      xmlChar *s = xmlXPathCastToString (res);
      g_string_append (out, (const char *) s);
      xmlFree (s);
    }
  xmlXPathFreeObject (res);
  return out->len ? g_strstrip (g_string_free (out, FALSE)) : (g_string_free (out, TRUE), NULL);
}

/* Only http(s) links leave the page reader: see rasid_feed_web_link(). */
static char *
resolve (const char *base, const char *href)
{
  return rasid_feed_web_link (base, href);
}

static char *
web_base (const char *base)
{
  return rasid_feed_is_web_link (base) ? g_strdup (base) : NULL;
}

/**
 * rasid_split_ticker:
 * @text: a ticker block: "item one (source) - 11:22 item two - 09:33 …"
 *
 * Returns: (transfer full) (element-type utf8): each entry with its
 * trailing " - HH:MM" kept, so the analyser reads attribution and time.
 */
GPtrArray *
rasid_split_ticker (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("\\s*[-–]\\s*(\\d{1,2}:\\d{2})(?=\\s|$)", G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *digits = NULL;
  GPtrArray *items;
  int last = 0;

  g_return_val_if_fail (text != NULL, NULL);

  digits = rasid_normalize_digits (text);
  items = g_ptr_array_new_with_free_func (g_free);
  g_regex_match (re, digits, 0, &info);
  while (g_match_info_matches (info))
    {
      int start, end;
      g_autofree char *piece = NULL;

      g_match_info_fetch_pos (info, 0, &start, &end);
      piece = g_strstrip (g_strndup (digits + last, end - last));
      if (g_utf8_strlen (piece, -1) > 8)
        g_ptr_array_add (items, g_steal_pointer (&piece));
      last = end;
      g_match_info_next (info, NULL);
    }
  return items;
}

static gint64
clock_of (const char *line, gint64 now, GTimeZone *tz)
{
  const char *colon = strrchr (line, ':');

  if (colon == NULL || colon - line < 1 || !g_ascii_isdigit (colon[-1]) || !g_ascii_isdigit (colon[1]))
    return 0;
  {
    const char *h = colon - 1;
    if (h > line && g_ascii_isdigit (h[-1]))
      h--;
    return rasid_resolve_clock (atoi (h), atoi (colon + 1), now, tz);
  }
}

static void
add_ticker_items (RasidFeed *feed, const char *block, const char *link, gint64 now, GTimeZone *tz)
{
  g_autoptr(GPtrArray) lines = rasid_split_ticker (block);

  for (guint i = 0; i < lines->len; i++)
    {
      RasidFeedItem *item = rasid_feed_item_new ();
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *norm = rasid_normalize (line);

      item->title = g_strdup (line);
      /* Tickers have no ids: the normalised text is the identity. Items
       * share the page, so each link gets its own fragment: the store
       * treats a link as one story. */
      item->guid = g_compute_checksum_for_string (G_CHECKSUM_SHA1, norm, -1);
      item->link = link ? g_strdup_printf ("%s#rasid-%.12s", link, item->guid) : NULL;
      item->published = clock_of (line, now, tz);
      item->breaking = TRUE;
      g_ptr_array_add (feed->items, item);
    }
}

static RasidFeed *
parse_with_rules (htmlDocPtr doc, const char *base, const Rules *r, gint64 now)
{
  RasidFeed *feed = g_new0 (RasidFeed, 1);
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  xmlXPathObject *items;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (r->utc_offset_minutes * 60);

  feed->kind = g_strdup ("html");
  feed->items = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_feed_item_free);
  feed->link = web_base (base);
  feed->title = xpath_text (ctx, xmlDocGetRootElement (doc), "string(//title)", FALSE);

  ctx->node = xmlDocGetRootElement (doc);
  items = xmlXPathEvalExpression ((const xmlChar *) r->item, ctx);
  if (items && items->type == XPATH_NODESET && items->nodesetval)
    for (int i = 0; i < items->nodesetval->nodeNr; i++)
      {
        xmlNode *node = items->nodesetval->nodeTab[i];
        g_autofree char *href = xpath_text (ctx, node, r->link, FALSE);
        g_autofree char *link = resolve (base, href);
        g_autofree char *when = NULL;
        RasidFeedItem *item;

        if (r->ticker)
          {
            g_autofree char *block = r->title ? xpath_text (ctx, node, r->title, FALSE) : node_plain_text (node);
            if (block)
              {
                /* Paragraph breaks inside the block are just spaces here. */
                g_strdelimit (block, "\n", ' ');
                add_ticker_items (feed, block, link ? link : feed->link, now, tz);
              }
            continue;
          }
        item = rasid_feed_item_new ();
        item->title = r->title ? xpath_text (ctx, node, r->title, FALSE) : node_plain_text (node);
        item->link = g_steal_pointer (&link);
        item->content = xpath_text (ctx, node, r->body, TRUE);
        item->author = xpath_text (ctx, node, r->author, FALSE);
        when = xpath_text (ctx, node, r->time, FALSE);
        if (when)
          {
            item->published = rasid_parse_date (when, tz);
            if (item->published == 0)
              item->published = clock_of (when, now, tz);
          }
        if (item->title)
          g_strdelimit (item->title, "\n", ' ');
        item->guid = g_strdup (item->link);
        if (item->title == NULL || *item->title == 0)
          rasid_feed_item_free (item);
        else
          g_ptr_array_add (feed->items, item);
      }
  if (items)
    xmlXPathFreeObject (items);
  xmlXPathFreeContext (ctx);
  return feed;
}

static char *
meta_content (xmlXPathContext *ctx, const char *names)
{
  g_auto(GStrv) list = g_strsplit (names, ",", -1);

  for (guint i = 0; list[i]; i++)
    {
      g_autofree char *expr = g_strdup_printf ("string(//meta[@property='%s' or @name='%s' or @itemprop='%s']/@content)",
                                               list[i], list[i], list[i]);
      g_autofree char *v = xpath_text (ctx, xmlDocGetRootElement (ctx->doc), expr, FALSE);
      if (v && *v)
        return g_steal_pointer (&v);
    }
  return NULL;
}

/* "تاريخ النشر: 2018/05/12 11:47" and friends, anywhere in the text. */
static gint64
find_labelled_date (const char *text, GTimeZone *tz)
{
  static const char *labels[] = { "تاريخ النشر", "نشر بتاريخ", "تاريخ الخبر", "Published" };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      const char *at = strstr (text, labels[i]);
      if (at)
        {
          g_autofree char *rest = g_strndup (at + strlen (labels[i]), 64);
          char *start = rest, *end;
          gint64 t;

          /* "تاريخ النشر: 2018/05/12 11:47 | …": after the colon, up to a bar or line end. */
          while (*start == ':' || *start == ' ')
            start++;
          if ((end = strpbrk (start, "|\n")))
            *end = 0;
          if ((t = rasid_parse_date (g_strstrip (start), tz)))
            return t;
        }
    }
  return 0;
}

/* A page with no rules is one article. */
static RasidFeed *
parse_article (htmlDocPtr doc, const char *base)
{
  RasidFeed *feed = g_new0 (RasidFeed, 1);
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  RasidFeedItem *item = rasid_feed_item_new ();
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *when = NULL;
  g_autofree char *all = NULL;
  g_autofree char *canonical = NULL;

  feed->kind = g_strdup ("html");
  feed->items = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_feed_item_free);
  feed->link = web_base (base);
  feed->title = xpath_text (ctx, root, "string(//title)", FALSE);

  item->title = meta_content (ctx, "og:title,twitter:title,headline");
  if (item->title == NULL)
    item->title = xpath_text (ctx, root, "(//article//h1 | //h1)[1]", FALSE);
  if (item->title == NULL)
    item->title = g_strdup (feed->title);
  item->author = meta_content (ctx, "author,article:author,dc.creator");
  when = meta_content (ctx, "article:published_time,datePublished,date,dc.date,pubdate");
  if (when == NULL)
    when = xpath_text (ctx, root, "string((//time/@datetime)[1])", FALSE);
  item->published = when ? rasid_parse_date (when, NULL) : 0;
  item->content = xpath_text (ctx, root, "//article//p[normalize-space()]", TRUE);
  if (item->content == NULL)
    item->content = xpath_text (ctx, root, "//p[normalize-space()]", TRUE);
  all = node_plain_text (root);
  if (item->published == 0 && all)
    item->published = find_labelled_date (all, NULL);
  canonical = xpath_text (ctx, root, "string(//link[@rel='canonical']/@href)", FALSE);
  item->link = resolve (base, canonical);
  if (item->link == NULL)
    item->link = web_base (base);
  item->guid = g_strdup (item->link);
  if (item->title)
    g_strdelimit (item->title, "\n", ' ');
  xmlXPathFreeContext (ctx);

  if (item->title && *item->title)
    g_ptr_array_add (feed->items, item);
  else
    rasid_feed_item_free (item);
  return feed;
}

/**
 * rasid_page_parse:
 * @charset: (nullable): from the HTTP Content-Type
 * @rules_json: (nullable): the source's extraction rules
 * @now: the fetch time, against which ticker clock times are resolved
 */
RasidFeed *
rasid_page_parse (const char *data, gsize len, const char *base_url, const char *charset,
                  const char *rules_json, gint64 now, GError **error)
{
  g_auto(Rules) rules = { 0 };
  htmlDocPtr doc;
  RasidFeed *feed;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (rules_json && *rules_json && !rules_parse (rules_json, &rules, error))
    return NULL;
  doc = read_html (data, len, base_url, charset);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      if (doc)
        xmlFreeDoc (doc);
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "Not an HTML page");
      return NULL;
    }
  feed = rules.item ? parse_with_rules (doc, base_url, &rules, now) : parse_article (doc, base_url);
  xmlFreeDoc (doc);
  rasid_feed_sanitize (feed);
  return feed;
}

void
rasid_discovered_feed_free (RasidDiscoveredFeed *feed)
{
  g_free (feed->url);
  g_free (feed->title);
  g_free (feed->type);
  g_free (feed);
}

/* A web page may announce only web feeds, or adding what it announces
 * would read a local file; a local page may name local feeds beside it. */
static char *
discovered_url (const char *base, const char *href)
{
  g_autofree char *scheme = base ? g_uri_parse_scheme (base) : NULL;
  g_autofree char *url = NULL;
  g_autofree char *url_scheme = NULL;

  if (scheme == NULL || g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    return rasid_feed_web_link (base, href);
  url = g_uri_resolve_relative (base, href, G_URI_FLAGS_NONE, NULL);
  url_scheme = url ? g_uri_parse_scheme (url) : NULL;
  if (url_scheme && g_ascii_strcasecmp (url_scheme, scheme) == 0)
    return g_steal_pointer (&url);
  return rasid_feed_web_link (base, href);
}

/**
 * rasid_page_discover_feeds:
 *
 * Returns: (transfer full) (element-type RasidDiscoveredFeed): the feeds a
 * home page announces with <link rel="alternate">.
 */
GPtrArray *
rasid_page_discover_feeds (const char *data, gsize len, const char *base_url)
{
  GPtrArray *out;
  htmlDocPtr doc;
  xmlXPathContext *ctx;
  xmlXPathObject *links;
  static const char *types[] = { "application/rss+xml", "application/atom+xml", "application/feed+json",
                                 "application/json", "application/rdf+xml" };

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_discovered_feed_free);
  doc = read_html (data, len, base_url, NULL);
  if (doc == NULL)
    return out;
  ctx = xmlXPathNewContext (doc);
  links = xmlXPathEvalExpression ((const xmlChar *) "//link[@href]", ctx);
  if (links && links->nodesetval)
    for (int i = 0; i < links->nodesetval->nodeNr; i++)
      {
        xmlNode *n = links->nodesetval->nodeTab[i];
        xmlChar *rel = xmlGetProp (n, (const xmlChar *) "rel");
        xmlChar *type = xmlGetProp (n, (const xmlChar *) "type");
        xmlChar *href = xmlGetProp (n, (const xmlChar *) "href");
        xmlChar *title = xmlGetProp (n, (const xmlChar *) "title");
        g_autofree char *rel_l = rel ? g_ascii_strdown ((const char *) rel, -1) : NULL;
        g_autofree char *type_l = type ? g_ascii_strdown ((const char *) type, -1) : NULL;
        gboolean feed_type = FALSE;

        for (guint t = 0; type_l && t < G_N_ELEMENTS (types); t++)
          feed_type |= g_str_equal (type_l, types[t]);
        if (rel_l && strstr (rel_l, "alternate") && feed_type && href)
          {
            RasidDiscoveredFeed *f = g_new0 (RasidDiscoveredFeed, 1);
            f->url = discovered_url (base_url, (const char *) href);
            f->title = title ? g_strdup ((const char *) title) : NULL;
            f->type = g_strdup (type_l);
            if (f->url)
              g_ptr_array_add (out, f);
            else
              rasid_discovered_feed_free (f);
          }
        xmlFree (rel);
        xmlFree (type);
        xmlFree (href);
        xmlFree (title);
      }
  if (links)
    xmlXPathFreeObject (links);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return out;
}

/**
 * rasid_page_choose_feed:
 * @feeds: (element-type RasidDiscoveredFeed): from rasid_page_discover_feeds()
 *
 * The feed a home page announces that is most likely its news: RSS, Atom or
 * RDF before JSON Feed, and those before plain application/json (WordPress
 * announces a page's own REST record that way); comment feeds last. Ties
 * keep the page's order. The CLI's add-source and the window's both use it.
 *
 * Returns: (transfer none) (nullable): one of @feeds, NULL when it is empty
 */
RasidDiscoveredFeed *
rasid_page_choose_feed (GPtrArray *feeds)
{
  RasidDiscoveredFeed *best = NULL;
  int best_rank = G_MAXINT;

  g_return_val_if_fail (feeds != NULL, NULL);
  for (guint i = 0; i < feeds->len; i++)
    {
      RasidDiscoveredFeed *f = g_ptr_array_index (feeds, i);
      g_autofree char *url = g_ascii_strdown (f->url, -1);
      g_autofree char *title = f->title ? g_utf8_strdown (f->title, -1) : g_strdup ("");
      int rank;

      if (g_strcmp0 (f->type, "application/json") == 0)
        rank = 2;
      else if (g_strcmp0 (f->type, "application/feed+json") == 0)
        rank = 1;
      else
        rank = 0;
      if (strstr (url, "comments") || strstr (title, "comments") || strstr (title, "تعليقات") ||
          strstr (title, "التعليقات"))
        rank += 10;
      if (rank < best_rank)
        {
          best = f;
          best_rank = rank;
        }
    }
  return best;
}
