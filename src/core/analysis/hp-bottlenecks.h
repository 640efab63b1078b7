/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-metric.h"
#include "hp-node-stats.h"
#include "hp-profile.h"

G_BEGIN_DECLS

#define HP_BOTTLENECKS_DEFAULT_TOP 5

/* One of the slowest nodes of a profile by some metric.
 * @share is @value_us over the sum of that metric across every node that
 * executed at least once (0..1; 0 when that sum is 0). */
typedef struct {
  HpNodeStats *stats;     /* borrowed from the profile */
  const char  *node_id;   /* interned */
  guint        rank;      /* 1-based */
  double       value_us;
  double       share;
} HpBottleneck;

/* Nodes are ordered by the metric, largest first. Equal values are ordered
 * by node id, ascending: two ids that are both decimal integers compare as
 * numbers (ComfyUI's "9" before "10"), any other pair with strcmp().
 * Nodes that never executed (metric NaN) are left out. */
int     hp_bottleneck_compare_node_ids (const char *a,
                                        const char *b);

GArray *hp_bottlenecks_compute         (HpProfile  *profile,
                                        HpMetric    metric,
                                        guint       top_n);
/* The slowest nodes of one run: value = the node's duration in @run
 * (executed nodes only), share = value / the run's execution time, or /
 * the sum of its executed node durations when the execution time is
 * unknown. Same order and tie rule as hp_bottlenecks_compute(). */
GArray *hp_bottlenecks_compute_for_run (HpProfile  *profile,
                                        HpRun      *run,
                                        guint       top_n);
void    hp_bottlenecks_apply_ranks     (HpProfile  *profile,
                                        HpMetric    metric,
                                        guint       top_n);

G_END_DECLS
