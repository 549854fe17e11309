/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-article-view.h: the selected report, read in full. */
#pragma once

#include <gtk/gtk.h>

#include "rasid-gazetteer.h"
#include "rasid-report.h"

G_BEGIN_DECLS

#define RASID_TYPE_ARTICLE_VIEW (rasid_article_view_get_type ())
G_DECLARE_FINAL_TYPE (RasidArticleView, rasid_article_view, RASID, ARTICLE_VIEW, GtkWidget)

void         rasid_article_view_set_report (RasidArticleView *self,
                                            RasidReport      *report);
RasidReport *rasid_article_view_get_report (RasidArticleView *self);
void         rasid_article_view_set_gazetteer (RasidArticleView *self,
                                               RasidGazetteer   *gazetteer);

G_END_DECLS
