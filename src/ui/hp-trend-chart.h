/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-session.h"
#include "hp-trend.h"

G_BEGIN_DECLS

/* The trend of the session's selected node, or of the whole run when no
 * node is selected, over the profile's history: per-bucket mean with the
 * p95 and p99 bands, every run as a dot, the baseline run as a dashed
 * line, and a sentence saying whether it is getting slower. */
#define HP_TYPE_TREND_CHART (hp_trend_chart_get_type ())
G_DECLARE_FINAL_TYPE (HpTrendChart, hp_trend_chart, HP, TREND_CHART, GtkWidget)

GtkWidget           *hp_trend_chart_new          (void);

HpSession           *hp_trend_chart_get_session  (HpTrendChart        *self);
void                 hp_trend_chart_set_session  (HpTrendChart        *self,
                                                  HpSession           *session);

/* Hour, day, week or automatic (the default), as the dropdown offers. */
HpTrendBucketSize    hp_trend_chart_get_buckets  (HpTrendChart        *self);
void                 hp_trend_chart_set_buckets  (HpTrendChart        *self,
                                                  HpTrendBucketSize    buckets);

/* The trend drawn (after pending updates), NULL without a session. */
HpTrend             *hp_trend_chart_get_trend    (HpTrendChart        *self);
const char          *hp_trend_chart_get_verdict  (HpTrendChart        *self);

G_END_DECLS
