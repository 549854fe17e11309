/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-opml.c: OPML 1.0/2.0 outlines with xmlUrl, nested folders
 * flattened, http(s) feeds only. Parsed like any untrusted XML: no
 * entities, no network. */
#include "rasid-opml.h"
#include "rasid-feed.h"
#include "rasid-store.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

void
rasid_opml_entry_free (RasidOpmlEntry *entry)
{
  g_free (entry->url);
  g_free (entry->title);
  g_free (entry);
}

static void
collect (xmlNode *node, GPtrArray *out, guint depth)
{
  if (depth > 32)
    return;
  for (xmlNode *n = node; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (g_str_equal ((const char *) n->name, "outline"))
        {
          xmlChar *url = xmlGetProp (n, (const xmlChar *) "xmlUrl");
          g_autofree char *stripped = url ? g_strstrip (g_strdup ((const char *) url)) : NULL;

          /* A shared list names web feeds only: file:, resource: and the
           * rest would have Rasid read local files for whoever wrote it. */
          if (rasid_feed_is_web_link (stripped))
            {
              xmlChar *title = xmlGetProp (n, (const xmlChar *) "title");
              xmlChar *text = xmlGetProp (n, (const xmlChar *) "text");
              RasidOpmlEntry *e = g_new0 (RasidOpmlEntry, 1);

              e->url = g_steal_pointer (&stripped);
              e->title = g_strdup ((const char *) (title ? title : text));
              g_ptr_array_add (out, e);
              xmlFree (title);
              xmlFree (text);
            }
          xmlFree (url);
        }
      collect (n->children, out, depth + 1);
    }
}

/**
 * rasid_opml_parse:
 *
 * Returns: (transfer full) (element-type RasidOpmlEntry): the http(s)
 * feeds listed; outlines with any other address are left out.
 */
GPtrArray *
rasid_opml_parse (const char *data, gsize len, GError **error)
{
  xmlDoc *doc;
  xmlNode *root;
  GPtrArray *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = xmlReadMemory (data, (int) MIN (len, G_MAXINT), NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL ||
      !g_str_equal ((const char *) root->name, "opml"))
    {
      if (doc)
        xmlFreeDoc (doc);
      g_set_error_literal (error, RASID_FEED_ERROR, RASID_FEED_ERROR_MALFORMED, "Not an OPML document");
      return NULL;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) rasid_opml_entry_free);
  collect (root->children, out, 0);
  xmlFreeDoc (doc);
  return out;
}

/* @sources: RasidSource from the store. */
char *
rasid_opml_build (GPtrArray *sources, const char *title)
{
  xmlBuffer *buf = xmlBufferCreate ();
  xmlTextWriter *w = xmlNewTextWriterMemory (buf, 0);
  g_autofree char *result = NULL;

  g_return_val_if_fail (sources != NULL, NULL);

  xmlTextWriterSetIndent (w, 1);
  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  xmlTextWriterStartElement (w, BAD_CAST "opml");
  xmlTextWriterWriteAttribute (w, BAD_CAST "version", BAD_CAST "2.0");
  xmlTextWriterStartElement (w, BAD_CAST "head");
  xmlTextWriterWriteElement (w, BAD_CAST "title", BAD_CAST title);
  xmlTextWriterEndElement (w);
  xmlTextWriterStartElement (w, BAD_CAST "body");
  for (guint i = 0; i < sources->len; i++)
    {
      RasidSource *s = g_ptr_array_index (sources, i);
      const char *name = s->title ? s->title : s->url;

      xmlTextWriterStartElement (w, BAD_CAST "outline");
      xmlTextWriterWriteAttribute (w, BAD_CAST "type", BAD_CAST (g_strcmp0 (s->kind, "html") == 0 ? "link" : "rss"));
      xmlTextWriterWriteAttribute (w, BAD_CAST "text", BAD_CAST name);
      xmlTextWriterWriteAttribute (w, BAD_CAST "title", BAD_CAST name);
      xmlTextWriterWriteAttribute (w, BAD_CAST "xmlUrl", BAD_CAST s->url);
      xmlTextWriterEndElement (w);
    }
  xmlTextWriterEndElement (w);
  xmlTextWriterEndElement (w);
  xmlTextWriterEndDocument (w);
  xmlFreeTextWriter (w);
  result = g_strdup ((const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  return g_steal_pointer (&result);
}
