/* rasid-feed.c: parses syndication documents with libxml2 and json-glib.
 * Entities are never expanded and nothing is loaded from the network or
 * disk while parsing (no DTDs, no XInclude): feeds are untrusted input. */
#include "rasid-feed.h"
#include "rasid-dates.h"
#include "rasid-html.h"
#include "rasid-normalize.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

G_DEFINE_QUARK (rasid-feed-error-quark, rasid_feed_error)

RasidFeedItem *
rasid_feed_item_new (void)
{
  return g_new0 (RasidFeedItem, 1);
}

void
rasid_feed_item_free (RasidFeedItem *item)
{
  if (item == NULL)
    return;
  g_free (item->guid);
  g_free (item->link);
  g_free (item->title);
  g_free (item->summary);
  g_free (item->content);
  g_free (item->author);
  g_strfreev (item->categories);
  g_free (item);
}

void
rasid_feed_free (RasidFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->kind);
  g_free (feed->title);
  g_free (feed->link);
  g_clear_pointer (&feed->items, g_ptr_array_unref);
  g_free (feed);
}

static RasidFeed *
feed_new (const char *kind)
{
  RasidFeed *feed = g_new0 (RasidFeed, 1);

  feed->kind = g_strdup (kind);
  feed->items = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_feed_item_free);
  return feed;
}

static gboolean
category_is_breaking (const char *category)
{
  static const char *words[] = { "عاجل", "breaking", "urgent", "breaking news", "اخبار عاجله" };
  g_autofree char *norm = rasid_normalize (category);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (norm, words[i]))
      return TRUE;
  return FALSE;
}

/**
 * rasid_feed_is_web_link:
 *
 * Whether @url is an absolute http(s) address with a host: the only links
 * Rasid keeps. javascript:, data:, file: and the rest would give the
 * article's "original" button nothing to open, or something to run.
 */
gboolean
rasid_feed_is_web_link (const char *url)
{
  const char *rest;

  if (url == NULL)
    return FALSE;
  if (g_ascii_strncasecmp (url, "http://", 7) == 0)
    rest = url + 7;
  else if (g_ascii_strncasecmp (url, "https://", 8) == 0)
    rest = url + 8;
  else
    return FALSE;
  return *rest != 0 && strchr ("/\\?#@:", *rest) == NULL;
}

/**
 * rasid_feed_web_link:
 * @base: (nullable): where the document came from
 * @href: (nullable): a link as the document gives it
 *
 * Returns: (transfer full) (nullable): @href made absolute against @base,
 * or %NULL unless that is an http(s) address.
 */
char *
rasid_feed_web_link (const char *base, const char *href)
{
  g_autofree char *stripped = NULL;
  g_autofree char *resolved = NULL;

  if (href == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (href));
  if (*stripped == 0)
    return NULL;
  if (base && *base)
    resolved = g_uri_resolve_relative (base, stripped, G_URI_FLAGS_NONE, NULL);
  if (resolved == NULL)
    resolved = g_steal_pointer (&stripped);
  return rasid_feed_is_web_link (resolved) ? g_steal_pointer (&resolved) : NULL;
}

static char *
resolve_link (const char *base, const char *href)
{
  return rasid_feed_web_link (base, href);
}

/* Finishes an item: plain-text title, breaking flag from categories. */
static void
item_finish (RasidFeedItem *item, GPtrArray *categories)
{
  if (item->title)
    {
      /* Titles often carry entities or tags; reduce them to one plain line. */
      g_autofree char *plain = rasid_html_to_text (item->title, -1);
      g_free (item->title);
      item->title = g_strdelimit (g_steal_pointer (&plain), "\n", ' ');
      g_strstrip (item->title);
    }
  if (categories)
    {
      for (guint i = 0; i < categories->len; i++)
        item->breaking |= category_is_breaking (g_ptr_array_index (categories, i));
      g_ptr_array_add (categories, NULL);
      item->categories = g_strdupv ((char **) categories->pdata);
    }
}

/* ---- XML ---------------------------------------------------------------- */

/* Collects the text below @node. Entity references are skipped, never
 * expanded: that is what keeps billion-laughs documents harmless. */
static void
collect_text (xmlNode *node, GString *out, guint depth)
{
  if (depth > 64)
    return;
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *) n->content);
      else if (n->type == XML_ELEMENT_NODE)
        collect_text (n, out, depth + 1);
    }
}

static char *
node_text (xmlNode *node)
{
  GString *out = g_string_new (NULL);

  collect_text (node, out, 0);
  return g_strstrip (g_string_free (out, FALSE));
}

/* Inline XHTML (Atom type="xhtml") is serialised back to markup first. */
static char *
node_markup (xmlNode *node)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (xmlNode *n = node->children; n; n = n->next)
    {
      xmlBuffer *buf = xmlBufferCreate ();
      xmlNodeDump (buf, node->doc, n, 0, 0);
      g_string_append (out, (const char *) xmlBufferContent (buf));
      xmlBufferFree (buf);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
node_html_as_text (xmlNode *node, gboolean xhtml)
{
  g_autofree char *markup = xhtml ? node_markup (node) : node_text (node);

  return rasid_html_to_text (markup, -1);
}

static gboolean
is_named (xmlNode *n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && g_strcmp0 ((const char *) n->name, name) == 0;
}

static gboolean
ns_is (xmlNode *n, const char *href)
{
  return n->ns && n->ns->href && g_str_has_prefix ((const char *) n->ns->href, href);
}

static char *
get_prop (xmlNode *n, const char *name)
{
  xmlChar *v = xmlGetProp (n, (const xmlChar *) name);
  char *ret = v ? g_strdup ((const char *) v) : NULL;

  xmlFree (v);
  return ret;
}

#define NS_CONTENT "http://purl.org/rss/1.0/modules/content"
#define NS_DC "http://purl.org/dc/elements/1.1"
#define NS_ATOM "http://www.w3.org/2005/Atom"

static void
set_once (char **field, char *value)
{
  if (*field == NULL && value && *value)
    *field = value;
  else
    g_free (value);
}

static RasidFeedItem *
parse_rss_item (xmlNode *node, const char *base)
{
  g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *description = NULL;

  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_named (n, "title"))
        set_once (&item->title, node_text (n));
      else if (is_named (n, "link") && !ns_is (n, NS_ATOM))
        set_once (&item->link, node_text (n));
      else if (is_named (n, "guid"))
        set_once (&item->guid, node_text (n));
      else if (is_named (n, "description"))
        set_once (&description, node_text (n));
      else if (is_named (n, "encoded") && ns_is (n, NS_CONTENT))
        set_once (&item->content, node_html_as_text (n, FALSE));
      else if ((is_named (n, "creator") && ns_is (n, NS_DC)) || is_named (n, "author"))
        set_once (&item->author, node_text (n));
      else if (is_named (n, "pubDate") || (is_named (n, "date") && ns_is (n, NS_DC)))
        {
          g_autofree char *t = node_text (n);
          if (item->published == 0)
            item->published = rasid_parse_date (t, NULL);
        }
      else if (is_named (n, "category") || (is_named (n, "subject") && ns_is (n, NS_DC)))
        g_ptr_array_add (categories, node_text (n));
    }

  /* RDF items name themselves in rdf:about. */
  if (item->guid == NULL)
    item->guid = get_prop (node, "about");
  if (description)
    item->summary = rasid_html_to_text (description, -1);
  if (item->content == NULL && item->summary)
    item->content = g_strdup (item->summary);
  {
    g_autofree char *raw = g_steal_pointer (&item->link);
    item->link = resolve_link (base, raw);
  }
  item_finish (item, categories);
  return g_steal_pointer (&item);
}

static xmlNode *
first_child (xmlNode *node, const char *name)
{
  for (xmlNode *n = node ? node->children : NULL; n; n = n->next)
    if (is_named (n, name))
      return n;
  return NULL;
}

static RasidFeed *
parse_rss (xmlNode *root, const char *base, gboolean rdf)
{
  RasidFeed *feed = feed_new (rdf ? "rdf" : "rss");
  xmlNode *channel = first_child (root, "channel");
  xmlNode *n;

  if (channel)
    {
      if ((n = first_child (channel, "title")))
        feed->title = node_text (n);
      if ((n = first_child (channel, "link")))
        {
          g_autofree char *l = node_text (n);
          feed->link = resolve_link (base, l);
        }
    }
  /* RSS 2.0 nests items in the channel; RSS 1.0 puts them beside it. */
  for (xmlNode *parent = rdf ? root : channel; parent; parent = NULL)
    for (n = parent->children; n; n = n->next)
      if (is_named (n, "item"))
        g_ptr_array_add (feed->items, parse_rss_item (n, feed->link ? feed->link : base));
  return feed;
}

static char *
atom_link (xmlNode *node, const char *base)
{
  g_autofree char *fallback = NULL;

  for (xmlNode *n = node->children; n; n = n->next)
    if (is_named (n, "link"))
      {
        g_autofree char *rel = get_prop (n, "rel");
        g_autofree char *href = get_prop (n, "href");

        if (rel == NULL || g_str_equal (rel, "alternate"))
          return resolve_link (base, href);
        if (fallback == NULL && !g_str_equal (rel, "self"))
          fallback = g_steal_pointer (&href);
      }
  return resolve_link (base, fallback);
}

static char *
atom_text (xmlNode *n)
{
  g_autofree char *type = get_prop (n, "type");

  if (type && (g_str_equal (type, "html") || g_str_equal (type, "text/html")))
    return node_html_as_text (n, FALSE);
  if (type && g_str_equal (type, "xhtml"))
    return node_html_as_text (n, TRUE);
  return node_text (n);
}

static RasidFeed *
parse_atom (xmlNode *root, const char *base)
{
  RasidFeed *feed = feed_new ("atom");
  xmlNode *n;
  g_autofree char *xml_base = (char *) xmlNodeGetBase (root->doc, root);

  if (xml_base)
    base = xml_base;
  if ((n = first_child (root, "title")))
    feed->title = atom_text (n);
  feed->link = atom_link (root, base);

  for (xmlNode *e = root->children; e; e = e->next)
    {
      g_autoptr(RasidFeedItem) item = NULL;
      g_autoptr(GPtrArray) categories = NULL;

      if (!is_named (e, "entry"))
        continue;
      item = rasid_feed_item_new ();
      categories = g_ptr_array_new_with_free_func (g_free);
      for (n = e->children; n; n = n->next)
        {
          if (is_named (n, "id"))
            set_once (&item->guid, node_text (n));
          else if (is_named (n, "title"))
            set_once (&item->title, atom_text (n));
          else if (is_named (n, "summary"))
            set_once (&item->summary, atom_text (n));
          else if (is_named (n, "content"))
            set_once (&item->content, atom_text (n));
          else if (is_named (n, "author"))
            {
              xmlNode *name = first_child (n, "name");
              if (name)
                set_once (&item->author, node_text (name));
            }
          else if (is_named (n, "published") || is_named (n, "updated"))
            {
              g_autofree char *t = node_text (n);
              gint64 when = rasid_parse_date (t, NULL);
              if (is_named (n, "published"))
                item->published = when;
              else
                item->updated = when;
            }
          else if (is_named (n, "category"))
            {
              char *term = get_prop (n, "term");
              if (term)
                g_ptr_array_add (categories, term);
            }
        }
      if (item->published == 0)
        item->published = item->updated;
      item->link = atom_link (e, base);
      if (item->content == NULL && item->summary)
        item->content = g_strdup (item->summary);
      item_finish (item, categories);
      g_ptr_array_add (feed->items, g_steal_pointer (&item));
    }
  return feed;
}

typedef struct {
  gboolean fatal;
  char *message;
} ParseErrors;

static void
on_xml_error (void *user_data, const xmlError *error)
{
  ParseErrors *errors = user_data;

  /* Feeds routinely use HTML entities (&nbsp;) undeclared in XML; that alone
   * is no reason to refuse the document. */
  if (error->code == XML_ERR_UNDECLARED_ENTITY || error->code == XML_WAR_UNDECLARED_ENTITY ||
      error->level < XML_ERR_ERROR)
    return;
  errors->fatal = TRUE;
  if (errors->message == NULL)
    {
      /* libxml2 quotes the offending bytes, which need not be UTF-8. */
      g_autofree char *message = g_utf8_make_valid (error->message ? error->message : "?", -1);
      errors->message = g_strdup_printf ("line %d: %s", error->line, g_strstrip (message));
    }
}

static RasidFeed *
parse_xml (const char *data, gsize len, const char *base, GError **error)
{
  xmlParserCtxt *ctxt = xmlNewParserCtxt ();
  ParseErrors errors = { 0 };
  xmlDoc *doc;
  xmlNode *root;
  RasidFeed *feed = NULL;

  if (ctxt == NULL)
    {
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "out of memory");
      return NULL;
    }
  /* Per-thread in libxml2, so concurrent fetch threads do not collide. */
  xmlSetStructuredErrorFunc (&errors, (xmlStructuredErrorFunc) on_xml_error);
  /* No NOENT (entities stay references), no DTDLOAD, no network. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) MIN (len, G_MAXINT), base, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_RECOVER |
                           XML_PARSE_NOXINCNODE);
  xmlSetStructuredErrorFunc (NULL, NULL);

  if (doc == NULL || errors.fatal || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED,
                   "Not well-formed XML (%s)", errors.message ? errors.message : "empty document");
      goto out;
    }

  if (is_named (root, "rss"))
    feed = parse_rss (root, base, FALSE);
  else if (is_named (root, "RDF"))
    feed = parse_rss (root, base, TRUE);
  else if (is_named (root, "feed"))
    feed = parse_atom (root, base);
  else
    g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT,
                 "Not a feed: the document's root element is <%s>", (const char *) root->name);

out:
  g_free (errors.message);
  if (doc)
    xmlFreeDoc (doc);
  xmlFreeParserCtxt (ctxt);
  return feed;
}

/* ---- JSON ---------------------------------------------------------------- */

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

static RasidFeed *
parse_jsonfeed (JsonObject *root, const char *base)
{
  RasidFeed *feed = feed_new ("jsonfeed");
  JsonArray *items = obj_array (root, "items");

  feed->title = g_strdup (obj_string (root, "title"));
  feed->link = resolve_link (base, obj_string (root, "home_page_url"));
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(RasidFeedItem) item = NULL;
      g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
      JsonArray *authors, *tags;
      const char *s;

      if (o == NULL)
        continue;
      item = rasid_feed_item_new ();
      item->guid = obj_scalar (o, "id");
      item->link = resolve_link (base, obj_string (o, "url"));
      item->title = g_strdup (obj_string (o, "title"));
      if ((s = obj_string (o, "content_html")))
        item->content = rasid_html_to_text (s, -1);
      else if ((s = obj_string (o, "content_text")))
        item->content = g_strdup (s);
      if ((s = obj_string (o, "summary")))
        item->summary = g_strdup (s);
      item->published = rasid_parse_date (obj_string (o, "date_published"), NULL);
      item->updated = rasid_parse_date (obj_string (o, "date_modified"), NULL);
      if (item->published == 0)
        item->published = item->updated;
      authors = obj_array (o, "authors");
      if (authors && json_array_get_length (authors) > 0)
        {
          JsonNode *a = json_array_get_element (authors, 0);
          if (JSON_NODE_HOLDS_OBJECT (a))
            item->author = g_strdup (obj_string (json_node_get_object (a), "name"));
        }
      if (item->author == NULL)
        item->author = g_strdup (obj_string (obj_object (o, "author"), "name"));
      tags = obj_array (o, "tags");
      for (guint t = 0; tags && t < json_array_get_length (tags); t++)
        {
          JsonNode *tag = json_array_get_element (tags, t);
          if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
            g_ptr_array_add (categories, g_strdup (json_node_get_string (tag)));
        }
      if (item->content == NULL && item->summary)
        item->content = g_strdup (item->summary);
      item_finish (item, categories);
      g_ptr_array_add (feed->items, g_steal_pointer (&item));
    }
  return feed;
}

/* WordPress REST: a bare array of posts with "rendered" HTML fields. */
static RasidFeed *
parse_wordpress (JsonArray *posts, const char *base)
{
  RasidFeed *feed = feed_new ("wordpress");

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
      item->link = resolve_link (base, obj_string (o, "link"));
      item->title = g_strdup (obj_string (obj_object (o, "title"), "rendered"));
      item->content = rasid_html_to_text (obj_string (obj_object (o, "content"), "rendered"), -1);
      item->summary = rasid_html_to_text (obj_string (obj_object (o, "excerpt"), "rendered"), -1);
      /* date_gmt has no zone suffix; it is UTC by definition. */
      if ((gmt = obj_string (o, "date_gmt")))
        item->published = rasid_parse_date (gmt, g_time_zone_new_utc ());
      if (item->published == 0)
        item->published = rasid_parse_date (obj_string (o, "date"), NULL);
      item->updated = rasid_parse_date (obj_string (o, "modified_gmt"), NULL);
      if (item->content && *item->content == 0)
        g_clear_pointer (&item->content, g_free);
      if (item->content == NULL && item->summary)
        item->content = g_strdup (item->summary);
      item_finish (item, NULL);
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

static RasidFeed *
parse_json (const char *data, gsize len, const char *base, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonNode *root;

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
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      const char *version = obj_string (json_node_get_object (root), "version");
      if (version && g_str_has_prefix (version, "https://jsonfeed.org/version/"))
        return parse_jsonfeed (json_node_get_object (root), base);
    }
  if (JSON_NODE_HOLDS_ARRAY (root))
    return parse_wordpress (json_node_get_array (root), base);

  g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT,
                       "JSON document is neither a JSON Feed nor a WordPress post list");
  return NULL;
}

static void
repair (char **field)
{
  if (*field && !g_utf8_validate (*field, -1, NULL))
    {
      char *valid = g_utf8_make_valid (*field, -1);
      g_free (*field);
      *field = valid;
    }
}

/**
 * rasid_feed_sanitize:
 *
 * Every string a feed hands on is valid UTF-8 afterwards: json-glib decodes
 * lone surrogates into invalid bytes and libxml2 passes invalid bytes of
 * pages that lie about their charset.
 */
void
rasid_feed_sanitize (RasidFeed *feed)
{
  repair (&feed->title);
  repair (&feed->link);
  for (guint i = 0; i < feed->items->len; i++)
    {
      RasidFeedItem *item = g_ptr_array_index (feed->items, i);
      repair (&item->guid);
      repair (&item->link);
      repair (&item->title);
      repair (&item->summary);
      repair (&item->content);
      repair (&item->author);
      for (guint c = 0; item->categories && item->categories[c]; c++)
        repair (&item->categories[c]);
    }
}

/**
 * rasid_feed_parse:
 * @base_url: (nullable): where the document came from, for relative links
 *
 * Returns: (transfer full): the feed, or %NULL with @error set.
 */
RasidFeed *
rasid_feed_parse (const char *data, gsize len, const char *base_url, GError **error)
{
  gsize skip = 0;
  RasidFeed *feed;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* Skip a UTF-8 byte-order mark and leading white space to sniff the format. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;
  while (skip < len && g_ascii_isspace (data[skip]))
    skip++;
  if (skip == len)
    {
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "Empty document");
      return NULL;
    }
  if (data[skip] == '{' || data[skip] == '[')
    feed = parse_json (data + skip, len - skip, base_url, error);
  else
    /* libxml2 reads the declared encoding (windows-1256, ISO-8859-6 …) and BOMs itself. */
    feed = parse_xml (data, len, base_url, error);
  if (feed)
    rasid_feed_sanitize (feed);
  return feed;
}
