/* SPDX-License-Identifier: GPL-3.0-or-later */
/* feed-expect.h: checks the feeds in tests/fixtures/feeds/ against the
 * values in expect.tsv, one expectation a line, as the reference parsers'
 * suites do. Used by test-feed.c, and by hand to count agreement. */
#pragma once

#include "rasid-feed.h"
#include "rasid-ingest.h"

#include <stdio.h>
#include <string.h>

/* The value of @field ("kind", "item0.title" …) in what parsing gave. */
static char *
feed_expect_value (RasidFeed *feed, const GError *error, const char *field)
{
  RasidFeedItem *item = NULL;
  guint i;

  if (g_str_equal (field, "error"))
    return g_strdup (error == NULL ? "" : error->code == RASID_FEED_ERROR_UNKNOWN_FORMAT ? "unknown-format"
                                       : "malformed");
  if (feed == NULL)
    return g_strdup_printf ("(no feed: %s)", error ? error->message : "?");
  if (g_str_equal (field, "kind"))
    return g_strdup (feed->kind);
  if (g_str_equal (field, "title"))
    return g_strdup (feed->title ? feed->title : "");
  if (g_str_equal (field, "link"))
    return g_strdup (feed->link ? feed->link : "");
  if (g_str_equal (field, "count"))
    return g_strdup_printf ("%u", feed->items->len);
  if (g_str_equal (field, "warning"))
#ifdef FEED_EXPECT_NO_WARNING
    return g_strdup ("");   /* measuring a version from before warnings */
#else
    return g_strdup (feed->warning ? "yes" : "");
#endif
  if (sscanf (field, "item%u.", &i) != 1 || strchr (field, '.') == NULL)
    return g_strdup ("(unknown field)");
  if (i >= feed->items->len)
    return g_strdup ("(no such item)");
  item = g_ptr_array_index (feed->items, i);
  field = strchr (field, '.') + 1;
#define STR(f) if (g_str_equal (field, #f)) return g_strdup (item->f ? item->f : "")
  STR (title); STR (link); STR (guid); STR (summary); STR (content); STR (author);
#undef STR
  if (g_str_equal (field, "published"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, item->published);
  if (g_str_equal (field, "updated"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, item->updated);
  return g_strdup ("(unknown field)");
}

/* Runs every expectation; each mismatch is added to @failures as a line.
 * Returns the number of expectations. */
static guint
feed_expect_run (const char *dir, GPtrArray *failures)
{
  g_autofree char *path = g_build_filename (dir, "expect.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint total = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    g_error ("cannot read %s", path);
  lines = g_strsplit (text, "\n", -1);
  for (guint l = 0; lines[l]; l++)
    {
      g_auto(GStrv) cols = NULL;
      g_autofree char *file = NULL, *data = NULL, *base = NULL, *got = NULL, *want = NULL;
      g_autoptr(RasidFeed) feed = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;

      if (lines[l][0] == '#' || lines[l][0] == 0)
        continue;
      cols = g_strsplit (lines[l], "\t", 3);
      if (g_strv_length (cols) != 3)
        g_error ("expect.tsv line %u: three columns expected", l + 1);
      total++;
      file = g_build_filename (dir, cols[0], NULL);
      if (!g_file_get_contents (file, &data, &len, NULL))
        g_error ("cannot read %s", file);
      base = g_strdup_printf ("http://example.org/feeds/%s", cols[0]);
      feed = rasid_parse_document ("auto", NULL, data, len, base, NULL, 0, &error);
      got = feed_expect_value (feed, error, cols[1]);
      want = g_strcompress (cols[2]);
      if (g_strcmp0 (got, want) != 0)
        g_ptr_array_add (failures, g_strdup_printf ("%s %s: expected \"%s\", got \"%s\"", cols[0], cols[1], want, got));
    }
  return total;
}
