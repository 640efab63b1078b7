/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-duration-summary.h"

G_BEGIN_DECLS

#define HP_NODE_STATS_RECENT_MAX 20

/* Statistics of one node across the runs of a profile. Durations are in
 * microseconds (doubles: means and percentiles are fractional) and NaN
 * while the node has never executed. HpProfile keeps them up to date. */
#define HP_TYPE_NODE_STATS (hp_node_stats_get_type ())
G_DECLARE_FINAL_TYPE (HpNodeStats, hp_node_stats, HP, NODE_STATS, GObject)

HpNodeStats  *hp_node_stats_new                 (const char              *node_id);

const char   *hp_node_stats_get_node_id         (HpNodeStats             *self);
const char   *hp_node_stats_get_node_type       (HpNodeStats             *self);
const char   *hp_node_stats_get_title           (HpNodeStats             *self);
void          hp_node_stats_set_labels          (HpNodeStats             *self,
                                                 const char              *node_type,
                                                 const char              *title);

guint         hp_node_stats_get_executed_count  (HpNodeStats             *self);
guint         hp_node_stats_get_cached_count    (HpNodeStats             *self);
guint         hp_node_stats_get_failed_count    (HpNodeStats             *self);
/* Runs that contain this node at all, whatever its status there. */
guint         hp_node_stats_get_run_count       (HpNodeStats             *self);
gboolean      hp_node_stats_has_durations       (HpNodeStats             *self);

const HpDurationSummary *
              hp_node_stats_get_summary         (HpNodeStats             *self);
double        hp_node_stats_get_mean_us         (HpNodeStats             *self);
double        hp_node_stats_get_min_us          (HpNodeStats             *self);
double        hp_node_stats_get_max_us          (HpNodeStats             *self);
double        hp_node_stats_get_median_us       (HpNodeStats             *self);
double        hp_node_stats_get_p95_us          (HpNodeStats             *self);
double        hp_node_stats_get_p99_us          (HpNodeStats             *self);
double        hp_node_stats_get_stddev_us       (HpNodeStats             *self);
double        hp_node_stats_get_last_us         (HpNodeStats             *self);
const double *hp_node_stats_get_recent_us       (HpNodeStats             *self,
                                                 guint                   *n_values);

/* 1-based rank among the bottlenecks, 0 when the node is not one. */
guint         hp_node_stats_get_bottleneck_rank (HpNodeStats             *self);
void          hp_node_stats_set_bottleneck_rank (HpNodeStats             *self,
                                                 guint                    rank);

/* Replaces every figure at once and notifies the properties that changed.
 * @recent holds the last durations, oldest first (at most 20 are kept). */
void          hp_node_stats_update              (HpNodeStats             *self,
                                                 guint                    run_count,
                                                 guint                    executed_count,
                                                 guint                    cached_count,
                                                 guint                    failed_count,
                                                 const HpDurationSummary *summary,
                                                 const double            *recent,
                                                 guint                    n_recent);

G_END_DECLS
