/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-profile.h"
#include "hp-trend.h"

G_BEGIN_DECLS

/* Shared by the trend chart's files only. */
char *hp_trend_text_verdict (HpTrend             *trend,
                             GTimeZone           *tz);
char *hp_trend_text_subject (HpTrend             *trend,
                             HpProfile           *profile);
char *hp_trend_text_bucket  (HpTrend             *trend,
                             const HpTrendBucket *bucket,
                             GTimeZone           *tz);

G_END_DECLS
