/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-node-stats.h"

G_BEGIN_DECLS

/* Which figure of a node's statistics to rank, colour or compare by. */
typedef enum {
  HP_METRIC_MEAN,
  HP_METRIC_LAST,
  HP_METRIC_MEDIAN,
  HP_METRIC_P95,
  HP_METRIC_MAX,
} HpMetric;

const char *hp_metric_to_string        (HpMetric     metric);
gboolean    hp_metric_from_string      (const char  *name,
                                        HpMetric    *out);
double      hp_node_stats_get_metric_us (HpNodeStats *stats,
                                         HpMetric     metric);

G_END_DECLS
