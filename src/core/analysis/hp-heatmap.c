/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-heatmap.h"

#include <math.h>

#include "hp-bottlenecks.h"
#include "hp-comparison.h"
#include "hp-heat.h"

struct _HpHeatmap
{
  gatomicrefcount   ref_count;
  HpHeatmapOptions  options;
  HpRun            *run;        /* nullable */
  double            total_us;
  GArray           *cells;      /* HpHeatmapCell */
  GHashTable       *index;      /* interned node id → position + 1 */
};

G_DEFINE_BOXED_TYPE (HpHeatmap, hp_heatmap, hp_heatmap_ref, hp_heatmap_unref)

/**
 * hp_heatmap_options_init:
 * @options: (out caller-allocates): options to fill
 *
 * Sets the defaults: share mode by the mean, 5 % / 20 % heat thresholds,
 * a 20 % change threshold over a 50 ms noise floor, top 5 bottlenecks.
 */
void
hp_heatmap_options_init (HpHeatmapOptions *options)
{
  g_return_if_fail (options != NULL);

  options->mode = HP_HEATMAP_SHARE;
  options->metric = HP_METRIC_MEAN;
  options->low_pct = HP_HEAT_DEFAULT_LOW_PCT;
  options->high_pct = HP_HEAT_DEFAULT_HIGH_PCT;
  options->threshold_pct = HP_REGRESSION_DEFAULT_THRESHOLD_PCT;
  options->noise_floor_us = HP_REGRESSION_DEFAULT_NOISE_FLOOR_US;
  options->top_n = HP_BOTTLENECKS_DEFAULT_TOP;
}

/**
 * hp_heatmap_mode_to_string:
 *
 * Returns: "share" or "change" (the GSettings values)
 */
const char *
hp_heatmap_mode_to_string (HpHeatmapMode mode)
{
  switch (mode)
    {
    case HP_HEATMAP_SHARE:
      return "share";
    case HP_HEATMAP_CHANGE:
      return "change";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * hp_heatmap_mode_from_string:
 * @name: "share" or "change"
 * @out: (out) (optional): the mode
 *
 * Returns: %TRUE when @name names a mode; @out is untouched otherwise
 */
gboolean
hp_heatmap_mode_from_string (const char    *name,
                             HpHeatmapMode *out)
{
  HpHeatmapMode mode;

  if (g_strcmp0 (name, "share") == 0)
    mode = HP_HEATMAP_SHARE;
  else if (g_strcmp0 (name, "change") == 0)
    mode = HP_HEATMAP_CHANGE;
  else
    return FALSE;
  if (out != NULL)
    *out = mode;
  return TRUE;
}

/**
 * hp_heat_class_label:
 *
 * Returns: a short word for @heat_class
 */
const char *
hp_heat_class_label (HpHeatClass heat_class)
{
  switch (heat_class)
    {
    case HP_HEAT_CLASS_NONE:
      return "no data";
    case HP_HEAT_CLASS_LOW:
      return "low";
    case HP_HEAT_CLASS_MEDIUM:
      return "medium";
    case HP_HEAT_CLASS_HIGH:
      return "high";
    case HP_HEAT_CLASS_FASTER:
      return "faster";
    case HP_HEAT_CLASS_SAME:
      return "same";
    case HP_HEAT_CLASS_SLOWER:
      return "slower";
    case HP_HEAT_CLASS_CACHED:
      return "cached";
    default:
      g_return_val_if_reached (NULL);
    }
}

static HpHeatClass
class_for_share (double                  share,
                 const HpHeatmapOptions *options)
{
  g_assert (options != NULL);

  if (isnan (share))
    return HP_HEAT_CLASS_NONE;
  switch (hp_heat_level_for_share (share, options->low_pct, options->high_pct))
    {
    case HP_HEAT_MEDIUM:
      return HP_HEAT_CLASS_MEDIUM;
    case HP_HEAT_HIGH:
      return HP_HEAT_CLASS_HIGH;
    case HP_HEAT_LOW:
    default:
      return HP_HEAT_CLASS_LOW;
    }
}

static HpHeatmapCell *
add_cell (HpHeatmap  *self,
          const char *node_id)
{
  HpHeatmapCell cell = {
    .node_id = node_id,
    .run_us = NAN,
    .value_us = NAN,
    .share = NAN,
    .reference_us = NAN,
    .delta_us = NAN,
    .delta_pct = NAN,
    .heat_class = HP_HEAT_CLASS_NONE,
  };

  g_assert (node_id == g_intern_string (node_id));

  g_array_append_val (self->cells, cell);
  g_hash_table_insert (self->index, (gpointer) node_id, GUINT_TO_POINTER (self->cells->len));
  return &g_array_index (self->cells, HpHeatmapCell, self->cells->len - 1);
}

/* Where the selected run stands for one node: status and duration. */
static void
fill_run_facts (HpHeatmapCell *cell,
                HpRun         *run)
{
  HpNodeRun *node_run;

  if (run == NULL || (node_run = hp_run_lookup_node_run (run, cell->node_id)) == NULL)
    return;

  cell->in_run = TRUE;
  cell->status = hp_node_run_get_status (node_run);
  switch (cell->status)
    {
    case HP_NODE_STATUS_COMPLETED:
    case HP_NODE_STATUS_CACHED:
    case HP_NODE_STATUS_FAILED:
    case HP_NODE_STATUS_RUNNING:
      cell->did_run = TRUE;
      break;
    case HP_NODE_STATUS_SKIPPED:
    case HP_NODE_STATUS_PENDING:
    default:
      cell->did_run = FALSE;
      break;
    }

  if (cell->status == HP_NODE_STATUS_CACHED)
    cell->run_us = 0.0;
  else if (cell->did_run && hp_node_run_get_duration_us (node_run) != HP_TIME_UNKNOWN)
    cell->run_us = (double) hp_node_run_get_duration_us (node_run);
}

/* The run's execution time, or the sum of its node durations when the
 * run's own times are missing. */
static double
run_total_us (HpHeatmap *self)
{
  gint64 execution;
  double sum = 0.0;

  g_assert (self->run != NULL);

  execution = hp_run_get_execution_us (self->run);
  if (execution != HP_TIME_UNKNOWN && execution > 0)
    return (double) execution;
  for (guint i = 0; i < self->cells->len; i++)
    {
      const HpHeatmapCell *cell = &g_array_index (self->cells, HpHeatmapCell, i);

      if (!isnan (cell->run_us))
        sum += cell->run_us;
    }
  return sum;
}

static void
compute_share (HpHeatmap *self,
               HpProfile *profile)
{
  const HpHeatmapOptions *options = &self->options;

  if (options->metric == HP_METRIC_LAST)
    {
      self->total_us = self->run != NULL ? run_total_us (self) : NAN;
      for (guint i = 0; i < self->cells->len; i++)
        {
          HpHeatmapCell *cell = &g_array_index (self->cells, HpHeatmapCell, i);

          cell->value_us = cell->run_us;
          if (cell->in_run && cell->status == HP_NODE_STATUS_CACHED)
            {
              cell->share = 0.0;
              cell->heat_class = HP_HEAT_CLASS_CACHED;
              continue;
            }
          if (!isnan (cell->value_us) && self->total_us > 0.0)
            cell->share = cell->value_us / self->total_us;
          cell->heat_class = class_for_share (cell->share, options);
        }
    }
  else
    {
      self->total_us = 0.0;
      for (guint i = 0; i < self->cells->len; i++)
        {
          HpHeatmapCell *cell = &g_array_index (self->cells, HpHeatmapCell, i);
          HpNodeStats *stats = hp_profile_lookup_node_stats (profile, cell->node_id);

          if (stats != NULL)
            cell->value_us = hp_node_stats_get_metric_us (stats, options->metric);
          if (!isnan (cell->value_us))
            self->total_us += cell->value_us;
        }
      for (guint i = 0; i < self->cells->len; i++)
        {
          HpHeatmapCell *cell = &g_array_index (self->cells, HpHeatmapCell, i);

          if (!isnan (cell->value_us) && self->total_us > 0.0)
            cell->share = cell->value_us / self->total_us;
          cell->heat_class = class_for_share (cell->share, options);
        }
    }
}

/* "Change" compares the run with the node's own history before it: the
 * same reference as the comparison panel's "mean" (hp_comparison_compute
 * with HP_REFERENCE_MEAN), so the canvas and the panel never disagree. */
static void
compute_change (HpHeatmap *self,
                HpProfile *profile,
                HpRun     *run)
{
  const HpHeatmapOptions *options = &self->options;
  g_autoptr(HpComparison) comparison = NULL;

  self->total_us = NAN;
  if (run != NULL)
    comparison = hp_comparison_compute (profile, run, HP_REFERENCE_MEAN);

  for (guint i = 0; i < self->cells->len; i++)
    {
      HpHeatmapCell *cell = &g_array_index (self->cells, HpHeatmapCell, i);
      const HpNodeDelta *delta;

      if (cell->in_run && cell->status == HP_NODE_STATUS_CACHED)
        {
          cell->heat_class = HP_HEAT_CLASS_CACHED;
          continue;
        }
      /* Only a completed node with an earlier completed run compares. */
      delta = comparison != NULL ? hp_comparison_lookup_node (comparison, cell->node_id) : NULL;
      if (!cell->in_run || cell->status != HP_NODE_STATUS_COMPLETED ||
          delta == NULL || !delta->has_delta)
        continue;

      cell->value_us = cell->run_us;
      cell->reference_us = delta->reference_us;
      cell->delta_us = delta->delta_us;
      cell->delta_pct = delta->delta_pct;
      switch (hp_change_classify (cell->delta_us, cell->delta_pct,
                                  options->threshold_pct, options->noise_floor_us))
        {
        case HP_CHANGE_SLOWER:
          cell->heat_class = HP_HEAT_CLASS_SLOWER;
          break;
        case HP_CHANGE_FASTER:
          cell->heat_class = HP_HEAT_CLASS_FASTER;
          break;
        case HP_CHANGE_SAME:
        default:
          cell->heat_class = HP_HEAT_CLASS_SAME;
          break;
        }
    }
}

static void
apply_ranks (HpHeatmap *self,
             HpProfile *profile,
             HpRun     *run)
{
  g_autoptr(GArray) top = NULL;

  if (self->options.top_n == 0)
    return;
  /* The same ranking as the bottleneck panel: "last" is the selected run. */
  if (self->options.metric == HP_METRIC_LAST)
    {
      if (run == NULL)
        return;
      top = hp_bottlenecks_compute_for_run (profile, run, self->options.top_n);
    }
  else
    {
      top = hp_bottlenecks_compute (profile, self->options.metric, self->options.top_n);
    }
  for (guint i = 0; i < top->len; i++)
    {
      const HpBottleneck *b = &g_array_index (top, HpBottleneck, i);
      gpointer pos = g_hash_table_lookup (self->index, b->node_id);

      if (pos != NULL)
        g_array_index (self->cells, HpHeatmapCell, GPOINTER_TO_UINT (pos) - 1).bottleneck_rank = b->rank;
    }
}

/**
 * hp_heatmap_compute:
 * @profile: a profile
 * @run: (nullable): the selected run, %NULL when there is none
 * @options: what to colour by
 *
 * Works out the colour class and figures of every node of @profile's
 * graph (and of nodes that only its runs know), in graph order.
 *
 * Returns: (transfer full): the heatmap
 */
HpHeatmap *
hp_heatmap_compute (HpProfile              *profile,
                    HpRun                  *run,
                    const HpHeatmapOptions *options)
{
  HpHeatmap *self;
  HpWorkflowGraph *graph;
  GListModel *node_stats;
  guint n_stats;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (run == NULL || HP_IS_RUN (run), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_new0 (HpHeatmap, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->options = *options;
  self->run = run != NULL ? g_object_ref (run) : NULL;
  self->cells = g_array_new (FALSE, TRUE, sizeof (HpHeatmapCell));
  self->index = g_hash_table_new (g_str_hash, g_str_equal);

  graph = hp_profile_get_graph (profile);
  for (guint i = 0; i < hp_workflow_graph_get_n_nodes (graph); i++)
    {
      HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      if (!g_hash_table_contains (self->index, node->id))
        add_cell (self, node->id);
    }
  node_stats = hp_profile_get_node_stats (profile);
  n_stats = g_list_model_get_n_items (node_stats);
  for (guint i = 0; i < n_stats; i++)
    {
      g_autoptr(HpNodeStats) stats = g_list_model_get_item (node_stats, i);
      const char *node_id = hp_node_stats_get_node_id (stats);

      if (!g_hash_table_contains (self->index, node_id))
        add_cell (self, node_id);
    }

  for (guint i = 0; i < self->cells->len; i++)
    fill_run_facts (&g_array_index (self->cells, HpHeatmapCell, i), run);

  if (options->mode == HP_HEATMAP_CHANGE)
    compute_change (self, profile, run);
  else
    compute_share (self, profile);
  apply_ranks (self, profile, run);

  return self;
}

HpHeatmap *
hp_heatmap_ref (HpHeatmap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hp_heatmap_unref (HpHeatmap *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_object (&self->run);
  g_array_unref (self->cells);
  g_hash_table_unref (self->index);
  g_free (self);
}

const HpHeatmapOptions *
hp_heatmap_get_options (HpHeatmap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->options;
}

/**
 * hp_heatmap_get_run:
 *
 * Returns: (transfer none) (nullable): the run the heatmap was computed for
 */
HpRun *
hp_heatmap_get_run (HpHeatmap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->run;
}

double
hp_heatmap_get_total_us (HpHeatmap *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->total_us;
}

guint
hp_heatmap_get_n_cells (HpHeatmap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->cells->len;
}

const HpHeatmapCell *
hp_heatmap_get_cell (HpHeatmap *self,
                     guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->cells->len, NULL);
  return &g_array_index (self->cells, HpHeatmapCell, index);
}

/**
 * hp_heatmap_lookup:
 * @node_id: a node id (need not be interned)
 *
 * Returns: (nullable): the node's cell, %NULL for an unknown node
 */
const HpHeatmapCell *
hp_heatmap_lookup (HpHeatmap  *self,
                   const char *node_id)
{
  gpointer pos;

  g_return_val_if_fail (self != NULL, NULL);

  if (node_id == NULL)
    return NULL;
  pos = g_hash_table_lookup (self->index, node_id);
  return pos != NULL ? &g_array_index (self->cells, HpHeatmapCell, GPOINTER_TO_UINT (pos) - 1) : NULL;
}
