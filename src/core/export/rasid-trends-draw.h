/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-trends-draw.h: a trend series as a stacked bar chart on any cairo
 * surface (the desk's widget, PNG, SVG, the PDF briefing), and in words
 * for screen readers and tooltips. */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "rasid-actors.h"
#include "rasid-gazetteer.h"
#include "rasid-trends.h"

G_BEGIN_DECLS

typedef struct {
  double red, green, blue, alpha;
} RasidTrendsColor;

#define RASID_TRENDS_N_COLORS 6

typedef struct {
  RasidTrendsColor background;   /* alpha 0: none painted */
  RasidTrendsColor foreground;   /* text and axes */
  RasidTrendsColor grid;
  RasidTrendsColor highlight;    /* the bar chosen by keyboard or pointer */
  RasidTrendsColor keys[RASID_TRENDS_N_COLORS];   /* the named keys, in order */
  RasidTrendsColor other, none;
} RasidTrendsPalette;

typedef struct {
  const RasidTrendsPalette *palette;
  const char * const       *labels;   /* n_keys names, then "other", then "none" */
  const char               *title;    /* nullable: a line above the chart */
  const char               *font;     /* a Pango font description; NULL: "Sans 9" */
  gboolean                  rtl;      /* time runs right to left, the legend from the right */
  int                       highlight;   /* a bar, or -1 */
} RasidTrendsStyle;

/* Where the bars are, for drawing and for finding the bar under a point. */
typedef struct {
  double x, y, width, height;   /* the plot: bars stand on y + height */
  double slot;                  /* the width given each bar */
  guint  n_buckets;
  gboolean rtl;
} RasidTrendsGeometry;

const RasidTrendsPalette *rasid_trends_palette_print (void);
const RasidTrendsPalette *rasid_trends_palette_dark  (void);

char      **rasid_trends_labels         (const RasidTrendSeries *series,
                                         RasidGazetteer         *gazetteer,
                                         RasidActors            *actors,
                                         gboolean                arabic);
const char *rasid_trends_other_label    (RasidTrendStack         stack);
const char *rasid_trends_none_label     (RasidTrendStack         stack);

void      rasid_trends_measure          (PangoContext             *pango,
                                         const RasidTrendSeries   *series,
                                         const RasidTrendsStyle   *style,
                                         double                    width,
                                         double                    height,
                                         RasidTrendsGeometry      *geometry);
void      rasid_trends_draw             (cairo_t                  *cr,
                                         PangoContext             *pango,
                                         const RasidTrendSeries   *series,
                                         const RasidTrendsStyle   *style,
                                         double                    width,
                                         double                    height);
int       rasid_trends_bar_at           (const RasidTrendsGeometry *geometry,
                                         double                    x,
                                         double                    y);
void      rasid_trends_bar_extent       (const RasidTrendsGeometry *geometry,
                                         guint                     bar,
                                         double                   *x,
                                         double                   *width);

char     *rasid_trends_describe         (const RasidTrendSeries   *series,
                                         const char * const       *labels,
                                         gboolean                  stories);
char     *rasid_trends_describe_bar     (const RasidTrendSeries   *series,
                                         const char * const       *labels,
                                         guint                     bar,
                                         gboolean                  stories);
char     *rasid_trends_format_period    (const RasidTrendSeries   *series,
                                         guint                     bar);

gboolean  rasid_trends_write_png        (const RasidTrendSeries   *series,
                                         const RasidTrendsStyle   *style,
                                         int                       width,
                                         int                       height,
                                         const char               *path,
                                         GError                  **error);
gboolean  rasid_trends_write_svg        (const RasidTrendSeries   *series,
                                         const RasidTrendsStyle   *style,
                                         double                    width,
                                         double                    height,
                                         const char               *path,
                                         GError                  **error);

G_END_DECLS
