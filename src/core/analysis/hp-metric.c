/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-metric.h"

#include <math.h>

static const char * const metric_names[] = {
  [HP_METRIC_MEAN] = "mean",
  [HP_METRIC_LAST] = "last",
  [HP_METRIC_MEDIAN] = "median",
  [HP_METRIC_P95] = "p95",
  [HP_METRIC_MAX] = "max",
};

/**
 * hp_metric_to_string:
 * @metric: a metric
 *
 * Returns: the metric's stable lowercase name ("mean", "last", "median",
 *   "p95", "max"), as used on the command line and in reports
 */
const char *
hp_metric_to_string (HpMetric metric)
{
  g_return_val_if_fail ((guint) metric < G_N_ELEMENTS (metric_names), NULL);
  return metric_names[metric];
}

/**
 * hp_metric_from_string:
 * @name: a metric name, as hp_metric_to_string() gives (case is ignored)
 * @out: (out) (optional): where to store the metric
 *
 * Returns: %TRUE when @name names a metric; @out is untouched otherwise
 */
gboolean
hp_metric_from_string (const char *name,
                       HpMetric   *out)
{
  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (metric_names); i++)
    {
      if (g_ascii_strcasecmp (name, metric_names[i]) == 0)
        {
          if (out != NULL)
            *out = (HpMetric) i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * hp_node_stats_get_metric_us:
 * @stats: a node's statistics
 * @metric: which figure
 *
 * Returns: that figure in microseconds; NaN when the node never executed
 */
double
hp_node_stats_get_metric_us (HpNodeStats *stats,
                             HpMetric     metric)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (stats), NAN);

  switch (metric)
    {
    case HP_METRIC_MEAN:
      return hp_node_stats_get_mean_us (stats);
    case HP_METRIC_LAST:
      return hp_node_stats_get_last_us (stats);
    case HP_METRIC_MEDIAN:
      return hp_node_stats_get_median_us (stats);
    case HP_METRIC_P95:
      return hp_node_stats_get_p95_us (stats);
    case HP_METRIC_MAX:
      return hp_node_stats_get_max_us (stats);
    default:
      g_return_val_if_reached (NAN);
    }
}
