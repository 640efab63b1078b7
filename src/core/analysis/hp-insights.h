/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-insight.h"
#include "hp-profile.h"
#include "hp-run.h"

G_BEGIN_DECLS

/* The limits of the insight rules; docs/analysis.md explains each one. */
typedef struct {
  double threshold_pct;       /* regression: slower by more than this, %       (20) */
  double noise_floor_us;      /* … and by more than this; also the least
                               * saving, cost of a cache miss, spread          (50 ms) */
  double dominant_share;      /* a node taking at least this share of the run  (0.5) */
  double cache_drop_rate;     /* cached in more than this share of earlier runs (0.5) */
  guint  cache_drop_min_runs; /* … over at least this many earlier runs        (2) */
  double failure_rate;        /* failing in at least this share of its runs    (0.2) */
  guint  min_runs;            /* error-prone and variance need this many runs  (5) */
  double variance_cv;         /* coefficient of variation from which it varies (0.5) */
  double efficiency_below;    /* parallelization: efficiency under this        (0.8) */
  double hot_spot_share;      /* tokens / cost: at least this share of the run (0.5) */
} HpInsightOptions;

void       hp_insight_options_init (HpInsightOptions       *options);

GPtrArray *hp_insights_compute     (HpProfile              *profile,
                                    HpRun                  *run,
                                    const HpInsightOptions *options);

G_END_DECLS
