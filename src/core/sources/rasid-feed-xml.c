/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-feed-xml.c: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and 0.3 through
 * libxml2, with no network, no DTD loading and no entity expansion. A
 * malformed document is read in recovery mode: its complete items are kept
 * and feed->warning says so. Elements are matched by namespace URI (RSS
 * core elements in no namespace), by conventional prefix only when the
 * document uses a prefix it never declared. */
#include "rasid-feed-private.h"
#include "rasid-dates.h"
#include "rasid-html.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

typedef enum {
  NS_NONE,     /* no namespace: RSS core, and Atom documents that forgot theirs */
  NS_RSS,      /* RSS 1.0, RSS 0.90 and the namespaces some RSS 2.0 feeds declare */
  NS_ATOM,
  NS_ATOM03,
  NS_DC,
  NS_DCTERMS,
  NS_CONTENT,
  NS_XHTML,
  NS_RDF,
  NS_OTHER,
} Ns;

static const struct {
  const char *uri;     /* compared without a trailing "/" or "#" */
  const char *prefix;  /* what publishers write when they forget xmlns */
  Ns          ns;
} namespaces[] = {
  { "http://purl.org/rss/1.0", NULL, NS_RSS },
  { "http://my.netscape.com/rdf/simple/0.9", NULL, NS_RSS },
  { "http://backend.userland.com/rss2", NULL, NS_RSS },
  { "http://blogs.law.harvard.edu/tech/rss", NULL, NS_RSS },
  { "http://www.w3.org/2005/Atom", "atom", NS_ATOM },
  { "http://purl.org/atom/ns", "atom03", NS_ATOM03 },
  { "http://purl.org/dc/elements/1.1", "dc", NS_DC },
  { "http://purl.org/dc/terms", "dcterms", NS_DCTERMS },
  { "http://purl.org/rss/1.0/modules/content", "content", NS_CONTENT },
  { "http://www.w3.org/1999/xhtml", "xhtml", NS_XHTML },
  { "http://www.w3.org/1999/02/22-rdf-syntax-ns", "rdf", NS_RDF },
};

/* The namespace and local name of @n. libxml2 names an element whose
 * prefix is undeclared "prefix:local", in no namespace. */
static Ns
node_ns (xmlNode *n, const char **local)
{
  const char *name = (const char *) n->name;

  *local = name;
  if (n->ns == NULL || n->ns->href == NULL)
    {
      const char *colon = strchr (name, ':');

      if (colon == NULL)
        return NS_NONE;
      *local = colon + 1;
      for (guint i = 0; i < G_N_ELEMENTS (namespaces); i++)
        if (namespaces[i].prefix && strlen (namespaces[i].prefix) == (gsize) (colon - name) &&
            g_ascii_strncasecmp (name, namespaces[i].prefix, colon - name) == 0)
          return namespaces[i].ns;
      return NS_OTHER;
    }
  /* Known once per declaration: the answer is kept in the xmlNs. */
  if (n->ns->_private)
    return (Ns) (GPOINTER_TO_UINT (n->ns->_private) - 1);
  n->ns->_private = GUINT_TO_POINTER (NS_OTHER + 1);
  for (guint i = 0; i < G_N_ELEMENTS (namespaces); i++)
    {
      const char *href = (const char *) n->ns->href;
      gsize ulen = strlen (namespaces[i].uri);

      if (g_ascii_strncasecmp (href, namespaces[i].uri, ulen) == 0 &&
          (href[ulen] == 0 || ((href[ulen] == '/' || href[ulen] == '#') && href[ulen + 1] == 0)))
        {
          n->ns->_private = GUINT_TO_POINTER (namespaces[i].ns + 1);
          return namespaces[i].ns;
        }
    }
  return NS_OTHER;
}

/* Whether @n is element @name (case-insensitively, as feedparser) in @ns. */
static gboolean
is_el (xmlNode *n, Ns ns, const char *name)
{
  const char *local;

  return n->type == XML_ELEMENT_NODE && node_ns (n, &local) == ns && g_ascii_strcasecmp (local, name) == 0;
}

/* An RSS core element: in no namespace, or in an RSS namespace. */
static gboolean
is_core (xmlNode *n, const char *name)
{
  const char *local;
  Ns ns;

  if (n->type != XML_ELEMENT_NODE)
    return FALSE;
  ns = node_ns (n, &local);
  return (ns == NS_NONE || ns == NS_RSS) && g_ascii_strcasecmp (local, name) == 0;
}

/* ---- text ---------------------------------------------------------------- */

/* The text below @node. Entity references are skipped, never expanded:
 * that is what keeps billion-laughs documents harmless. */
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

/* Inline markup (Atom type="xhtml", xhtml:body) serialised back. */
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
get_prop (xmlNode *n, const char *name)
{
  xmlChar *v = xmlGetProp (n, (const xmlChar *) name);
  char *ret = v ? g_strdup ((const char *) v) : NULL;

  xmlFree (v);
  return ret;
}

static void
set_once (char **field, char *value)
{
  if (*field == NULL && value && *value)
    *field = value;
  else
    g_free (value);
}

static void
set_last (char **field, char *value)
{
  if (value && *value)
    {
      g_free (*field);
      *field = value;
    }
  else
    g_free (value);
}

static char *
html_to_text_take (char *html)
{
  g_autofree char *owned = html;

  return rasid_html_to_text (owned, -1);
}

/* Base64 decoded, if it decodes to UTF-8 text. */
static char *
base64_text (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  gsize len = 0;
  g_autofree guchar *bytes = NULL;

  g_strdelimit (copy, " \t\r\n", ' ');
  g_strstrip (copy);
  {
    /* g_base64_decode stops at no error; check the alphabet first. */
    char *w = copy;
    for (const char *p = copy; *p; p++)
      if (g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '=')
        *w++ = *p;
      else if (*p != ' ')
        return NULL;
    *w = 0;
  }
  bytes = g_base64_decode (copy, &len);
  if (bytes == NULL || !g_utf8_validate ((const char *) bytes, len, NULL))
    return NULL;
  return g_strndup ((const char *) bytes, len);
}

/* An Atom text construct (1.0 type text/html/xhtml, or a media type whose
 * content is base64) or an Atom 0.3 content (type plus mode xml, escaped
 * or base64), as plain text. */
static char *
atom_text (xmlNode *n)
{
  g_autofree char *type = get_prop (n, "type");
  g_autofree char *mode = get_prop (n, "mode");
  g_autofree char *text = NULL;
  gboolean html, xhtml;

  if (type)
    g_strstrip (type);
  html = type && (g_ascii_strcasecmp (type, "html") == 0 || g_ascii_strcasecmp (type, "text/html") == 0);
  xhtml = type && (g_ascii_strcasecmp (type, "xhtml") == 0 || g_ascii_strcasecmp (type, "application/xhtml+xml") == 0);

  if (mode && g_ascii_strcasecmp (mode, "base64") == 0)
    {
      g_autofree char *raw = node_text (n);
      text = base64_text (raw);
      if (text == NULL)
        return NULL;
      return html || xhtml ? rasid_html_to_text (text, -1) : g_strdup (text);
    }
  if (xhtml || (mode && g_ascii_strcasecmp (mode, "xml") == 0 && html))
    {
      g_autofree char *markup = node_markup (n);
      return rasid_html_to_text (markup, -1);
    }
  if (html)
    {
      text = node_text (n);
      return rasid_html_to_text (text, -1);
    }
  text = node_text (n);
  if (type && g_ascii_strcasecmp (type, "text") != 0 && !g_str_has_prefix (type, "text/") &&
      !g_str_has_suffix (type, "/xml") && !g_str_has_suffix (type, "+xml") && strchr (type, '/'))
    {
      /* RFC 4287 4.1.3.3: any other media type is base64. */
      g_autofree char *decoded = base64_text (text);
      return decoded ? rasid_feed_text_or_html (decoded) : NULL;
    }
  if (mode && g_ascii_strcasecmp (mode, "escaped") == 0)
    return rasid_feed_text_or_html (text);
  return g_steal_pointer (&text);
}

/* ---- links --------------------------------------------------------------- */

/* @href made absolute: against the xml:base in force at @n, if any (with
 * the document's address below it), else against @fallback. RSS passes
 * the channel's <link> as @fallback: relative item links in RSS are
 * written relative to the site, which is often not where the feed is. */
static char *
link_at (xmlNode *n, const char *href, const char *fallback)
{
  g_autofree char *base = NULL;

  if (href == NULL)
    return NULL;
  for (xmlNode *a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
    if (xmlHasNsProp (a, (const xmlChar *) "base", XML_XML_NAMESPACE))
      {
        xmlChar *b = xmlNodeGetBase (n->doc, n);
        base = b ? g_strdup ((const char *) b) : NULL;
        xmlFree (b);
        return rasid_feed_web_link (base, href);
      }
  return rasid_feed_web_link (fallback ? fallback : (const char *) n->doc->URL, href);
}

/* The alternate link among Atom <link>s of @node: the first with no rel or
 * rel="alternate", preferring an HTML one; else the first that is not
 * "self" or an enclosure. */
static char *
atom_link (xmlNode *node, Ns ns, const char *fallback)
{
  xmlNode *alternate = NULL, *other = NULL;

  for (xmlNode *n = node->children; n; n = n->next)
    if (is_el (n, ns, "link"))
      {
        g_autofree char *rel = get_prop (n, "rel");
        g_autofree char *type = get_prop (n, "type");

        if (rel == NULL || g_ascii_strcasecmp (rel, "alternate") == 0)
          {
            if (alternate == NULL || (type && g_str_has_prefix (type, "text/html")))
              {
                gboolean had = alternate != NULL;
                alternate = n;
                if (had || (type && g_str_has_prefix (type, "text/html")))
                  break;
              }
          }
        else if (other == NULL && g_ascii_strcasecmp (rel, "self") != 0 &&
                 g_ascii_strcasecmp (rel, "enclosure") != 0)
          other = n;
      }
  for (xmlNode *n = alternate ? alternate : other; n; n = NULL)
    {
      g_autofree char *href = get_prop (n, "href");
      return link_at (n, href, fallback);
    }
  return NULL;
}

/* ---- dates --------------------------------------------------------------- */

/* Dates by source, earliest rank first: feedparser's precedence. */
typedef struct {
  gint64 published;  /* pubDate, dcterms:issued, Atom published, Atom 0.3 issued */
  gint64 created;    /* dcterms:created, Atom 0.3 created */
  gint64 updated;    /* dcterms:modified, dc:date, Atom updated, Atom 0.3 modified */
  GTimeZone *zone;   /* for dates that give none: the source's */
} Dates;

static void
date_once (const Dates *dates, gint64 *field, xmlNode *n)
{
  g_autofree char *text = NULL;

  if (*field != 0)
    return;
  text = node_text (n);
  *field = rasid_parse_date (text, dates->zone);
}

static void
dates_finish (const Dates *d, RasidFeedItem *item)
{
  item->published = d->published ? d->published : d->created ? d->created : d->updated;
  item->updated = d->updated;
}

/* Dublin Core and DC terms, shared by RSS and Atom items. */
static gboolean
read_dc (xmlNode *n, RasidFeedItem *item, Dates *dates, GPtrArray *categories)
{
  const char *local;
  Ns ns = node_ns (n, &local);

  if (ns == NS_DC)
    {
      if (g_ascii_strcasecmp (local, "creator") == 0 || g_ascii_strcasecmp (local, "author") == 0)
        set_once (&item->author, node_text (n));
      else if (g_ascii_strcasecmp (local, "date") == 0)
        date_once (dates, &dates->updated, n);
      else if (g_ascii_strcasecmp (local, "subject") == 0)
        g_ptr_array_add (categories, node_text (n));
      else
        return FALSE;
      return TRUE;
    }
  if (ns == NS_DCTERMS)
    {
      if (g_ascii_strcasecmp (local, "issued") == 0)
        date_once (dates, &dates->published, n);
      else if (g_ascii_strcasecmp (local, "created") == 0)
        date_once (dates, &dates->created, n);
      else if (g_ascii_strcasecmp (local, "modified") == 0)
        date_once (dates, &dates->updated, n);
      return TRUE;
    }
  return FALSE;
}

/* ---- RSS ----------------------------------------------------------------- */

/* One reading of a document. */
typedef struct {
  gboolean recovering;  /* libxml2 reported errors and read on */
  guint    incomplete;  /* items left out: the document ended inside them */
  GTimeZone *zone;      /* dates that give no zone are read in it; NULL: Syria */
} Reader;

/* Closed elements carry this in _private (see on_end_element). */
#define CLOSED ((void *) 1)

/* Whether an item was closed; when the document is malformed, one that was
 * not is cut off, and is left out. */
static gboolean
complete (Reader *r, xmlNode *item)
{
  if (!r->recovering || item->_private == CLOSED)
    return TRUE;
  r->incomplete++;
  return FALSE;
}

static RasidFeedItem *
parse_rss_item (xmlNode *node, const char *site, GTimeZone *zone)
{
  g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL, *description = NULL, *link = NULL;
  g_autofree char *guid_link = NULL, *dc_title = NULL, *dc_description = NULL;
  Dates dates = { 0, 0, 0, zone };

  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_core (n, "title"))
        set_once (&title, node_text (n));
      else if (is_core (n, "link"))
        {
          /* The last <link> wins, as in feedparser and gofeed. */
          g_autofree char *href = node_text (n);
          set_last (&link, link_at (n, href, site));
        }
      else if (is_core (n, "guid"))
        {
          g_autofree char *permalink = get_prop (n, "isPermaLink");
          char *guid = node_text (n);

          if ((permalink == NULL || g_ascii_strcasecmp (g_strstrip (permalink), "false") != 0) &&
              strstr (guid, "://"))
            set_once (&guid_link, link_at (n, guid, site));
          set_once (&item->guid, guid);
        }
      else if (is_core (n, "description"))
        set_once (&description, node_text (n));
      else if (is_el (n, NS_CONTENT, "encoded"))
        set_once (&item->content, html_to_text_take (node_text (n)));
      else if (is_el (n, NS_XHTML, "body"))
        set_once (&item->content, html_to_text_take (node_markup (n)));
      else if (is_core (n, "author"))
        set_once (&item->author, node_text (n));
      else if (is_core (n, "pubDate"))
        date_once (&dates, &dates.published, n);
      else if (is_core (n, "category"))
        g_ptr_array_add (categories, node_text (n));
      else if (read_dc (n, item, &dates, categories))
        ;
      else if (is_el (n, NS_DC, "title"))
        set_once (&dc_title, node_text (n));
      else if (is_el (n, NS_DC, "description"))
        set_once (&dc_description, node_text (n));
      else if (is_el (n, NS_ATOM, "link") && link == NULL)
        set_once (&guid_link, atom_link (node, NS_ATOM, site));
    }

  /* RDF items name themselves in rdf:about. */
  if (item->guid == NULL)
    item->guid = get_prop (node, "about");
  /* Dublin Core's title and description only stand in for RSS's own. */
  if (title || dc_title)
    item->title = rasid_feed_text_or_html (title ? title : dc_title);
  if (description || dc_description)
    item->summary = rasid_html_to_text (description ? description : dc_description, -1);
  if (item->content == NULL && item->summary)
    item->content = g_strdup (item->summary);
  /* No <link>: a permalink guid (or an atom:link) is the item's address. */
  item->link = link ? g_steal_pointer (&link) : g_steal_pointer (&guid_link);
  dates_finish (&dates, item);
  rasid_feed_item_finish (item, categories);
  return g_steal_pointer (&item);
}

static RasidFeed *
parse_rss (Reader *r, xmlNode *root, gboolean rdf)
{
  RasidFeed *feed = rasid_feed_new_of_kind (rdf ? "rdf" : "rss");
  xmlNode *channel = NULL;

  if (is_core (root, "channel"))
    channel = root;
  for (xmlNode *n = root->children; n && channel == NULL; n = n->next)
    if (is_core (n, "channel"))
      channel = n;
  if (channel)
    {
      for (xmlNode *n = channel->children; n; n = n->next)
        {
          if (is_core (n, "title") && feed->title == NULL)
            {
              g_autofree char *title = node_text (n);
              feed->title = rasid_feed_text_or_html (title);
            }
          else if (is_core (n, "link") && feed->link == NULL)
            {
              g_autofree char *href = node_text (n);
              feed->link = link_at (n, href, NULL);
            }
        }
      if (feed->link == NULL)
        feed->link = atom_link (channel, NS_ATOM, NULL);
    }
  /* RSS 2.0 nests items in the channel; RSS 1.0 puts them beside it, and
   * some RSS 2.0 feeds do too. */
  for (xmlNode *n = channel ? channel->children : NULL; n; n = n->next)
    if (is_core (n, "item") && complete (r, n))
      g_ptr_array_add (feed->items, parse_rss_item (n, feed->link, r->zone));
  if (channel != root)
    for (xmlNode *n = root->children; n; n = n->next)
      if (is_core (n, "item") && complete (r, n))
        g_ptr_array_add (feed->items, parse_rss_item (n, feed->link, r->zone));
  return feed;
}

/* ---- Atom ---------------------------------------------------------------- */

/* Atom elements are in the document's Atom namespace (1.0 or 0.3), or in
 * none when the publisher left xmlns out. */
static gboolean
is_atom (xmlNode *n, Ns ns, const char *name)
{
  const char *local;
  Ns own;

  if (n->type != XML_ELEMENT_NODE)
    return FALSE;
  own = node_ns (n, &local);
  return (own == ns || own == NS_NONE) && g_ascii_strcasecmp (local, name) == 0;
}

static RasidFeedItem *
parse_atom_entry (xmlNode *e, Ns ns, GTimeZone *zone)
{
  g_autoptr(RasidFeedItem) item = rasid_feed_item_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  Dates dates = { 0, 0, 0, zone };

  for (xmlNode *n = e->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_atom (n, ns, "id"))
        set_once (&item->guid, node_text (n));
      else if (is_atom (n, ns, "title"))
        set_once (&item->title, atom_text (n));
      else if (is_atom (n, ns, "summary"))
        set_once (&item->summary, atom_text (n));
      else if (is_atom (n, ns, "content"))
        set_once (&item->content, atom_text (n));
      else if (is_atom (n, ns, "author"))
        {
          for (xmlNode *name = n->children; name; name = name->next)
            if (is_atom (name, ns, "name"))
              set_once (&item->author, node_text (name));
        }
      else if (is_atom (n, ns, "published") || is_atom (n, ns, "issued"))
        date_once (&dates, &dates.published, n);
      else if (is_atom (n, ns, "created"))
        date_once (&dates, &dates.created, n);
      else if (is_atom (n, ns, "updated") || is_atom (n, ns, "modified"))
        date_once (&dates, &dates.updated, n);
      else if (is_atom (n, ns, "category"))
        {
          char *term = get_prop (n, "term");
          if (term == NULL)
            term = node_text (n);
          set_once (&term, NULL);
          if (term)
            g_ptr_array_add (categories, term);
        }
      else
        read_dc (n, item, &dates, categories);
    }
  dates_finish (&dates, item);
  item->link = atom_link (e, ns, NULL);
  if (item->link == NULL && ns != NS_NONE)
    item->link = atom_link (e, NS_NONE, NULL);
  if (item->content == NULL && item->summary)
    item->content = g_strdup (item->summary);
  rasid_feed_item_finish (item, categories);
  return g_steal_pointer (&item);
}

static RasidFeed *
parse_atom (Reader *r, xmlNode *root, Ns ns)
{
  RasidFeed *feed = rasid_feed_new_of_kind ("atom");

  /* An entry document (RFC 4287 4.1.2) is one item. */
  if (is_atom (root, ns, "entry"))
    {
      g_ptr_array_add (feed->items, parse_atom_entry (root, ns, r->zone));
      return feed;
    }
  for (xmlNode *n = root->children; n; n = n->next)
    if (is_atom (n, ns, "title") && feed->title == NULL)
      feed->title = atom_text (n);
  feed->link = atom_link (root, ns, NULL);
  for (xmlNode *e = root->children; e; e = e->next)
    if (is_atom (e, ns, "entry") && complete (r, e))
      g_ptr_array_add (feed->items, parse_atom_entry (e, ns, r->zone));
  return feed;
}

/* ---- the document ---------------------------------------------------------- */

typedef struct {
  guint n_errors;
  char *first;          /* "line N: message" of the first error */
} ParseErrors;

static void
on_xml_error (void *user_data, const xmlError *error)
{
  ParseErrors *errors = user_data;

  if (error->level < XML_ERR_ERROR)
    return;
  errors->n_errors++;
  if (errors->first == NULL)
    {
      /* libxml2 quotes the offending bytes, which need not be UTF-8. */
      g_autofree char *message = g_utf8_make_valid (error->message ? error->message : "?", -1);
      errors->first = g_strdup_printf ("line %d: %s", error->line, g_strstrip (message));
    }
}

static endElementNsSAX2Func sax2_end_element;

/* Marks each element as it closes, so that recovery can tell an item the
 * document completed from one it was cut off in. */
static void
on_end_element (void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
  xmlParserCtxt *ctxt = ctx;
  xmlNode *node = ctxt->node;

  sax2_end_element (ctx, localname, prefix, uri);
  if (node)
    node->_private = CLOSED;
}

/* An encoding="" in the XML declaration at the start of @data. */
static gboolean
declares_encoding (const char *data, gsize len)
{
  g_autofree char *head = NULL;
  const char *end;

  if (len < 5 || memcmp (data, "<?xml", 5) != 0)
    return FALSE;
  head = g_strndup (data, MIN (len, 256));
  end = strstr (head, "?>");
  if (end)
    head[end - head] = 0;
  return strstr (head, "encoding") != NULL;
}

/* UTF-16 and UTF-32 documents, by BOM or by their first "<": the byte
 * repair would misread them. */
static gboolean
is_wide (const char *data, gsize len)
{
  return len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF') ||
                      (data[0] == 0 || data[1] == 0));
}

RasidFeed *
rasid_feed_parse_xml (const char *data, gsize len, const char *base, const char *charset, GTimeZone *zone,
                      GError **error)
{
  xmlParserCtxt *ctxt;
  ParseErrors errors = { 0 };
  Reader reader = { .zone = zone };
  g_autofree char *repaired = NULL;
  g_autofree char *with_bom = NULL;
  const char *encoding = NULL;
  gboolean bom = FALSE;
  guint n_malformed = 0;
  xmlDoc *doc;
  xmlNode *root;
  RasidFeed *feed = NULL;
  const char *local;
  Ns ns;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* White space before "<?xml" is an error to libxml2 and nothing to a
   * reader: it goes, after any UTF-8 byte-order mark. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      bom = TRUE;
      data += 3, len -= 3;
    }
  if (!is_wide (data, len))
    {
      gsize repaired_len = 0;

      while (len > 0 && g_ascii_isspace (*data))
        data++, len--;
      repaired = rasid_xml_repair (data, len, &repaired_len, &n_malformed);
      if (repaired)
        data = repaired, len = repaired_len;
      /* A BOM, then the declaration, then the HTTP charset: the first wins. */
      if (bom)
        encoding = "UTF-8";
      else if (charset && *charset && !declares_encoding (data, len))
        encoding = charset;
    }
  else if (bom)
    data -= 3, len += 3;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "out of memory");
      return NULL;
    }
  sax2_end_element = xmlSAX2EndElementNs;
  ctxt->sax->endElementNs = on_end_element;
  /* Per-thread in libxml2, so concurrent fetch threads do not collide. */
  xmlSetStructuredErrorFunc (&errors, (xmlStructuredErrorFunc) on_xml_error);
  /* No NOENT (entities stay references), no DTDLOAD, no network. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) MIN (len, G_MAXINT), base, encoding,
                           XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_RECOVER |
                           XML_PARSE_NOXINCNODE);
  xmlSetStructuredErrorFunc (NULL, NULL);

  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED,
                   "Not well-formed XML (%s)", errors.first ? errors.first : "empty document");
      goto out;
    }
  reader.recovering = errors.n_errors > 0;

  ns = node_ns (root, &local);
  if (is_core (root, "rss") || is_core (root, "channel"))
    feed = parse_rss (&reader, root, FALSE);
  else if (is_el (root, NS_RDF, "RDF") || (ns == NS_NONE && g_ascii_strcasecmp (local, "rdf") == 0))
    feed = parse_rss (&reader, root, TRUE);
  else if ((ns == NS_ATOM || ns == NS_ATOM03 || ns == NS_NONE) &&
           (g_ascii_strcasecmp (local, "feed") == 0 || g_ascii_strcasecmp (local, "entry") == 0))
    feed = parse_atom (&reader, root, ns);
  else
    {
      /* Recovery makes names of bytes that need not be UTF-8. */
      g_autofree char *name = g_utf8_make_valid ((const char *) root->name, -1);
      g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_UNKNOWN_FORMAT,
                   "Not a feed: the document's root element is <%s>", name);
      goto out;
    }

  if (errors.n_errors > 0 && feed->items->len == 0 && errors.first)
    {
      /* Nothing to recover: say why rather than report an empty feed. */
      g_set_error (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "Not well-formed XML (%s)", errors.first);
      g_clear_pointer (&feed, rasid_feed_free);
    }
  else if (errors.n_errors > 0 || n_malformed > 0)
    feed->warning = g_strdup_printf ("Malformed XML (%s): %u items recovered%s",
                                     errors.first ? errors.first : "bare \"&\" or unknown entities",
                                     feed->items->len,
                                     reader.incomplete ? " (one cut off at the end left out)" : "");

out:
  g_free (errors.first);
  if (doc)
    xmlFreeDoc (doc);
  xmlFreeParserCtxt (ctxt);
  return feed;
}
