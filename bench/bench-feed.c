/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-feed.c: feed parsing throughput (items/s) over one large RSS 2.0
 * and one large Atom 1.0 document with HTML content, built in memory.
 *
 *   bench-feed [--items N] [--rounds R]
 *
 * Only rasid_feed_parse() is timed; the best of R rounds is printed. */
#include "rasid-feed.h"
#include "bench-common.h"

#include <string.h>

static char *
html_body (guint i)
{
  g_autofree char *title = NULL, *body = NULL;
  g_autofree char *escaped = NULL;

  bench_report (i, &title, &body);
  escaped = g_markup_escape_text (body, -1);
  /* Typical publisher markup: paragraphs, a link, an image, an entity. */
  return g_strdup_printf ("<p>%s</p><p>Read more at <a href=\"/r/%u\">the site</a>&nbsp;&hellip;</p>"
                          "<img src=\"/img/%u.jpg\" alt=\"\"/><p>%s</p>", escaped, i, i, escaped);
}

static GString *
build_rss (guint n)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
                               "<title>مصدر اختبار</title><link>http://127.0.0.1/</link>\n");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = NULL, *body = NULL, *html = html_body (i);
      g_autofree char *et = NULL, *eb = NULL;

      bench_report (i, &title, &body);
      et = g_markup_escape_text (title, -1);
      eb = g_markup_escape_text (body, -1);
      g_string_append_printf (xml, "<item><title>%s</title><guid isPermaLink=\"false\">bench-%u</guid>"
                                   "<link>http://127.0.0.1/r/%u</link><dc:creator>مراسل</dc:creator>"
                                   "<category>أخبار</category>"
                                   "<pubDate>Sat, 12 May 2018 %02u:%02u:00 +0300</pubDate>"
                                   "<description>%s</description>"
                                   "<content:encoded><![CDATA[%s]]></content:encoded></item>\n",
                              et, i, i, (i / 60) % 24, i % 60, eb, html);
    }
  g_string_append (xml, "</channel></rss>\n");
  return xml;
}

static GString *
build_atom (guint n)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>مصدر اختبار</title>"
                               "<link href=\"http://127.0.0.1/\"/><id>urn:bench</id>"
                               "<updated>2018-05-12T10:00:00Z</updated>\n");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = NULL, *body = NULL, *html = html_body (i);
      g_autofree char *et = NULL, *eb = NULL, *eh = NULL;

      bench_report (i, &title, &body);
      et = g_markup_escape_text (title, -1);
      eb = g_markup_escape_text (body, -1);
      eh = g_markup_escape_text (html, -1);
      g_string_append_printf (xml, "<entry><title type=\"text\">%s</title><id>urn:bench:%u</id>"
                                   "<link rel=\"alternate\" href=\"http://127.0.0.1/r/%u\"/>"
                                   "<author><name>مراسل</name></author><category term=\"أخبار\"/>"
                                   "<published>2018-05-12T%02u:%02u:00+03:00</published>"
                                   "<updated>2018-05-12T%02u:%02u:00+03:00</updated>"
                                   "<summary type=\"text\">%s</summary>"
                                   "<content type=\"html\">%s</content></entry>\n",
                              et, i, i, (i / 60) % 24, i % 60, (i / 60) % 24, i % 60, eb, eh);
    }
  g_string_append (xml, "</feed>\n");
  return xml;
}

static void
run (const char *name, GString *doc, guint n, guint rounds)
{
  double best = 0;

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RasidFeed) feed = NULL;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      feed = rasid_feed_parse (doc->str, doc->len, "http://127.0.0.1/feed", &error);
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      if (feed == NULL || feed->items->len != n)
        g_error ("%s: %s (%u items)", name, error ? error->message : "wrong item count",
                 feed ? feed->items->len : 0);
      if (n / seconds > best)
        best = n / seconds;
    }
  g_print ("%-5s %u items, %.1f MB: %.0f items/s (best of %u)\n", name, n, doc->len / 1e6, best, rounds);
}

int
main (int argc, char **argv)
{
  int items = 20000, rounds = 3;
  GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Items per document", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds; the best is printed", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rss = NULL;
  g_autoptr(GString) atom = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || items <= 0 || rounds <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "--items and --rounds must be positive");
      return 2;
    }
  rss = build_rss (items);
  atom = build_atom (items);
  run ("rss", rss, items, rounds);
  run ("atom", atom, items, rounds);
  return 0;
}
