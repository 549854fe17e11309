/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-feed.c: the parsed feed and its items, links, and the choice of
 * reader: XML (rasid-feed-xml.c) or JSON (rasid-feed-json.c). Feeds are
 * untrusted input: nothing is loaded while parsing, nothing is expanded. */
#include "rasid-feed-private.h"
#include "rasid-html.h"
#include "rasid-normalize.h"

#include <string.h>

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
  g_free (feed->warning);
  g_clear_pointer (&feed->items, g_ptr_array_unref);
  g_free (feed);
}

RasidFeed *
rasid_feed_new_of_kind (const char *kind)
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
  /* A scheme other than http(s) is refused before GLib resolves it: it
   * asserts on "javascript:a/..//b", whose dot segments leave a "//" path
   * with no host. Only a web address is a base (an xml:base may be anything). */
  {
    const char *p = stripped;

    while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
      p++;
    if (*p == ':' && p > stripped && g_ascii_isalpha (*stripped) &&
        g_ascii_strncasecmp (stripped, "http:", 5) != 0 && g_ascii_strncasecmp (stripped, "https:", 6) != 0)
      return NULL;
  }
  if (base && *base && rasid_feed_is_web_link (base))
    resolved = g_uri_resolve_relative (base, stripped, G_URI_FLAGS_NONE, NULL);
  if (resolved == NULL)
    resolved = g_steal_pointer (&stripped);
  return rasid_feed_is_web_link (resolved) ? g_steal_pointer (&resolved) : NULL;
}

/**
 * rasid_feed_looks_like_html:
 *
 * Whether text from an element of no declared type (RSS, JSON Feed titles)
 * is markup: it closes a tag or holds a reference, as feedparser decides.
 * "a < b" and "AT&T" stay text.
 */
gboolean
rasid_feed_looks_like_html (const char *text)
{
  const char *p;

  if (text == NULL)
    return FALSE;
  for (p = strchr (text, '<'); p; p = strchr (p + 1, '<'))
    if (p[1] == '/' && g_ascii_isalpha (p[2]))
      return TRUE;
  for (p = strchr (text, '&'); p; p = strchr (p + 1, '&'))
    {
      const char *q = p + 1;

      if (*q == '#')
        q++;
      while (g_ascii_isalnum (*q))
        q++;
      if (*q == ';' && q > p + 1)
        return TRUE;
    }
  /* Opening tags alone: a line break or a paragraph. */
  return strstr (text, "<br") || strstr (text, "<p>") || strstr (text, "<img");
}

/* Plain text from text that may be HTML: what RSS and JSON Feed titles
 * need. Markup is reduced to text; anything else is kept as written. */
char *
rasid_feed_text_or_html (const char *text)
{
  if (text == NULL)
    return NULL;
  if (rasid_feed_looks_like_html (text))
    return rasid_html_to_text (text, -1);
  return g_strdup (text);
}

/* Finishes an item: one line of title, breaking flag from categories. */
void
rasid_feed_item_finish (RasidFeedItem *item, GPtrArray *categories)
{
  g_return_if_fail (item != NULL);

  if (item->title)
    {
      g_auto(GStrv) words = g_strsplit_set (item->title, " \t\r\n", -1);
      GString *line = g_string_new (NULL);

      for (guint i = 0; words[i]; i++)
        if (*words[i])
          g_string_append_printf (line, line->len ? " %s" : "%s", words[i]);
      g_free (item->title);
      item->title = g_string_free (line, FALSE);
    }
  if (categories)
    {
      for (guint i = 0; i < categories->len; i++)
        item->breaking |= category_is_breaking (g_ptr_array_index (categories, i));
      g_ptr_array_add (categories, NULL);
      item->categories = g_strdupv ((char **) categories->pdata);
    }
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
  g_return_if_fail (feed != NULL);

  repair (&feed->title);
  repair (&feed->link);
  repair (&feed->warning);
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
 * rasid_feed_parse_with_charset:
 * @base_url: (nullable): where the document came from, for relative links
 * @charset: (nullable): the charset of the HTTP Content-Type, used for an
 *   XML document that declares no encoding and starts with no byte-order mark
 *
 * Reads what it can: a malformed XML feed gives its complete items and a
 * feed->warning saying how many were recovered.
 *
 * Returns: (transfer full): the feed, or %NULL with @error set.
 */
RasidFeed *
rasid_feed_parse_with_charset (const char *data, gsize len, const char *base_url, const char *charset,
                               GError **error)
{
  return rasid_feed_parse_full (data, len, base_url, charset, NULL, error);
}

/**
 * rasid_feed_parse_full:
 * @charset: (nullable): as for rasid_feed_parse_with_charset()
 * @zone: (nullable): the zone of dates that give none (the source's);
 *   %NULL reads them as Syria's time
 *
 * Returns: (transfer full): the feed, or %NULL with @error set.
 */
RasidFeed *
rasid_feed_parse_full (const char *data, gsize len, const char *base_url, const char *charset, GTimeZone *zone,
                       GError **error)
{
  gsize skip = 0;
  RasidFeed *feed;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

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
    feed = rasid_feed_parse_json (data + skip, len - skip, base_url, zone, error);
  else
    feed = rasid_feed_parse_xml (data, len, base_url, charset, zone, error);
  if (feed)
    rasid_feed_sanitize (feed);
  return feed;
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
  return rasid_feed_parse_with_charset (data, len, base_url, NULL, error);
}
