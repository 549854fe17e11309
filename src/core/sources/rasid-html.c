/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-html.c: publishers' HTML becomes paragraphs of plain text separated
 * by blank lines. Nothing is fetched, no script survives, images are dropped:
 * the article view shows text only, so hostile markup has nowhere to run. */
#include "rasid-html.h"

#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

static gboolean
is_block (const char *name)
{
  static const char *blocks[] = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "tr", "table", "section", "article", "header", "footer", "pre", "hr", "dd", "dt", "figcaption",
  };
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (g_ascii_strcasecmp (name, blocks[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_skipped (const char *name)
{
  static const char *skipped[] = {
    "script", "style", "noscript", "iframe", "template", "svg", "math",
    "head", "form", "button", "select", "textarea", "nav",
  };
  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    if (g_ascii_strcasecmp (name, skipped[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Plug-ins: <embed> is void in HTML5, but libxml2's HTML 4 parser nests
 * the text after it inside it; <object>'s content is its fallback text,
 * which sanitisers keep. The element goes, what it holds stays. */
static gboolean
is_unwrapped (const char *name)
{
  return g_ascii_strcasecmp (name, "embed") == 0 || g_ascii_strcasecmp (name, "object") == 0 ||
         g_ascii_strcasecmp (name, "applet") == 0;
}

static void
append_space_collapsed (GString *para, const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0xA0)
        {
          if (para->len > 0 && para->str[para->len - 1] != ' ')
            g_string_append_c (para, ' ');
        }
      else
        g_string_append_unichar (para, c);
    }
}

static void
flush (GPtrArray *paras, GString *para)
{
  g_autofree char *text = g_strstrip (g_strdup (para->str));

  if (*text)
    g_ptr_array_add (paras, g_steal_pointer (&text));
  g_string_truncate (para, 0);
}

static void
walk (xmlNode *node, GPtrArray *paras, GString *para, guint depth)
{
  if (depth > 256)              /* hostile nesting */
    return;
  for (xmlNode *n = node; n; n = n->next)
    {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        append_space_collapsed (para, (const char *) n->content);
      else if (n->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) n->name;

          if (is_skipped (name))
            continue;
          if (is_unwrapped (name))
            {
              walk (n->children, paras, para, depth + 1);
              continue;
            }
          if (is_block (name))
            flush (paras, para);
          walk (n->children, paras, para, depth + 1);
          if (is_block (name))
            flush (paras, para);
        }
    }
}

/**
 * rasid_html_to_text:
 *
 * Returns: (transfer full): paragraphs joined by "\n\n"; "" for empty input.
 */
char *
rasid_html_to_text (const char *html, gssize len)
{
  g_autoptr(GPtrArray) paras = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) para = g_string_new (NULL);
  g_autofree char *wrapped = NULL;
  htmlDocPtr doc;

  g_autofree char *valid = NULL;

  if (html == NULL)
    return g_strdup ("");
  if (len < 0)
    len = strlen (html);
  /* Everything below walks UTF-8: repair it first (and stop at a NUL). */
  valid = g_utf8_make_valid (html, len);
  html = valid;
  len = strlen (valid);

  /* Most titles and many summaries are plain text: no parser needed. */
  if (memchr (html, '<', len) == NULL && memchr (html, '&', len) == NULL)
    {
      g_auto(GStrv) lines = g_strsplit (html, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        {
          append_space_collapsed (para, lines[i]);
          /* A blank line separates paragraphs, as <p> would. */
          if (*g_strstrip (lines[i]) == 0)
            flush (paras, para);
          else
            g_string_append_c (para, ' ');
        }
      flush (paras, para);
      g_ptr_array_add (paras, NULL);
      return g_strjoinv ("\n\n", (char **) paras->pdata);
    }

  /* Fragments are parsed inside a UTF-8 document so the encoding is never guessed. */
  wrapped = g_strdup_printf ("<html><head><meta charset=\"utf-8\"></head><body>%.*s</body></html>",
                             (int) len, html);
  doc = htmlReadMemory (wrapped, strlen (wrapped), NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
  if (doc == NULL)
    return g_strdup ("");

  walk (xmlDocGetRootElement (doc), paras, para, 0);
  flush (paras, para);
  xmlFreeDoc (doc);

  g_ptr_array_add (paras, NULL);
  return g_strjoinv ("\n\n", (char **) paras->pdata);
}
