/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comparison.h"

#include <math.h>

#include "hp-comparison-private.h"

G_DEFINE_BOXED_TYPE (HpComparison, hp_comparison, hp_comparison_ref, hp_comparison_unref)

static const char * const kind_names[] = {
  [HP_REFERENCE_PREVIOUS] = "previous",
  [HP_REFERENCE_MEAN] = "mean",
  [HP_REFERENCE_BASELINE] = "baseline",
  [HP_REFERENCE_RUN] = "run",
};

/**
 * hp_reference_kind_to_string:
 *
 * Returns: "previous", "mean", "baseline" or "run"
 */
const char *
hp_reference_kind_to_string (HpReferenceKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/**
 * hp_reference_kind_from_string:
 * @name: a name as hp_reference_kind_to_string() gives (case is ignored)
 * @out: (out) (optional): the kind
 *
 * Returns: %TRUE when @name names a reference kind
 */
gboolean
hp_reference_kind_from_string (const char      *name,
                               HpReferenceKind *out)
{
  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_ascii_strcasecmp (name, kind_names[i]) == 0)
        {
          if (out != NULL)
            *out = (HpReferenceKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Computes the delta of @delta from its two values, NaN when one is
 * unknown. */
void
_hp_comparison_finish_delta (HpNodeDelta *delta)
{
  g_assert (delta != NULL);

  delta->has_delta = !isnan (delta->current_us) && !isnan (delta->reference_us);
  delta->delta_us = NAN;
  delta->delta_pct = NAN;
  if (!delta->has_delta)
    return;
  delta->delta_us = delta->current_us - delta->reference_us;
  delta->delta_pct = delta->reference_us != 0.0 ? delta->delta_us / delta->reference_us * 100.0 : NAN;
}

/* A node's value in a run: its duration when it executed there, else NaN;
 * and whether the run has the node at all, with its status. */
static void
node_side (HpRun        *run,
           const char   *node_id,
           double       *value_us,
           gboolean     *present,
           HpNodeStatus *status)
{
  HpNodeRun *node_run = run != NULL ? hp_run_lookup_node_run (run, node_id) : NULL;

  *present = node_run != NULL;
  *status = node_run != NULL ? hp_node_run_get_status (node_run) : HP_NODE_STATUS_COMPLETED;
  *value_us = node_run != NULL && hp_node_run_is_executed (node_run) ?
              (double) hp_node_run_get_duration_us (node_run) : NAN;
}

void
_hp_comparison_set_current (HpNodeDelta *delta,
                            HpRun       *run)
{
  g_assert (delta != NULL && delta->node_id != NULL);

  node_side (run, delta->node_id, &delta->current_us, &delta->in_current, &delta->current_status);
}

void
_hp_comparison_set_reference (HpNodeDelta *delta,
                              HpRun       *reference)
{
  g_assert (delta != NULL && delta->node_id != NULL);

  node_side (reference, delta->node_id, &delta->reference_us, &delta->in_reference,
             &delta->reference_status);
}

/* One of a run's times (hp-run.h) in µs, NaN when unknown. */
double
_hp_comparison_run_time_us (HpRun     *run,
                            HpRunTime  which)
{
  gint64 t;

  switch (which)
    {
    case HP_RUN_TIME_EXECUTION:
      t = hp_run_get_execution_us (run);
      break;
    case HP_RUN_TIME_QUEUE:
      t = hp_run_get_queue_us (run);
      break;
    case HP_RUN_TIME_TOTAL:
      t = hp_run_get_total_us (run);
      break;
    default:
      g_return_val_if_reached (NAN);
    }
  return t == HP_TIME_UNKNOWN ? NAN : (double) t;
}

/* A new comparison without nodes, its run-time totals filled from the two
 * runs (left NaN on the reference side when there is no reference run). */
HpComparison *
_hp_comparison_new (HpReferenceKind  kind,
                    HpRun           *run,
                    HpRun           *reference,
                    guint            n_nodes_hint)
{
  HpComparison *self = g_new0 (HpComparison, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->run = g_object_ref (run);
  self->reference = reference != NULL ? g_object_ref (reference) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (self->times); i++)
    {
      self->times[i].in_current = self->times[i].in_reference = TRUE;
      self->times[i].current_us = _hp_comparison_run_time_us (run, (HpRunTime) i);
      self->times[i].reference_us = reference != NULL ?
                                    _hp_comparison_run_time_us (reference, (HpRunTime) i) : NAN;
      _hp_comparison_finish_delta (&self->times[i]);
    }
  self->nodes = g_array_sized_new (FALSE, TRUE, sizeof (HpNodeDelta), n_nodes_hint);
  self->index_by_id = g_hash_table_new (NULL, NULL);
  return self;
}

void
_hp_comparison_append_node (HpComparison      *self,
                            const HpNodeDelta *delta)
{
  g_assert (self != NULL && delta != NULL && delta->node_id != NULL);

  g_array_append_val (self->nodes, *delta);
  g_hash_table_insert (self->index_by_id, (gpointer) delta->node_id,
                       GUINT_TO_POINTER (self->nodes->len));
}

static HpRun *
find_previous_succeeded (HpProfile *profile,
                         guint      position)
{
  while (position-- > 0)
    {
      HpRun *run = hp_profile_get_run (profile, position);

      if (hp_run_get_status (run) == HP_RUN_STATUS_SUCCEEDED)
        return run;
    }
  return NULL;
}

typedef struct {
  double sum;
  guint  count;
} MeanAccumulator;

/* Per-node means of the executed durations in the runs before @position,
 * as interned id → MeanAccumulator; and the mean of each run time over the
 * succeeded runs among them that have it (NaN when none has). */
static GHashTable *
accumulate_history (HpProfile *profile,
                    guint      position,
                    double     time_means_us[HP_RUN_TIME_TOTAL + 1])
{
  GHashTable *means = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  MeanAccumulator times[HP_RUN_TIME_TOTAL + 1] = { { 0 } };

  for (guint r = 0; r < position; r++)
    {
      HpRun *run = hp_profile_get_run (profile, r);
      GPtrArray *node_runs = hp_run_get_node_runs (run);

      for (guint t = 0; t < G_N_ELEMENTS (times); t++)
        {
          double value = _hp_comparison_run_time_us (run, (HpRunTime) t);

          if (hp_run_get_status (run) == HP_RUN_STATUS_SUCCEEDED && !isnan (value))
            {
              times[t].sum += value;
              times[t].count++;
            }
        }

      for (guint i = 0; i < node_runs->len; i++)
        {
          HpNodeRun *node_run = g_ptr_array_index (node_runs, i);
          const char *node_id = hp_node_run_get_node_id (node_run);
          MeanAccumulator *acc;

          if (!hp_node_run_is_executed (node_run))
            continue;
          acc = g_hash_table_lookup (means, node_id);
          if (acc == NULL)
            {
              acc = g_new0 (MeanAccumulator, 1);
              g_hash_table_insert (means, (gpointer) node_id, acc);
            }
          acc->sum += (double) hp_node_run_get_duration_us (node_run);
          acc->count++;
        }
    }

  for (guint t = 0; t < G_N_ELEMENTS (times); t++)
    time_means_us[t] = times[t].count > 0 ? times[t].sum / times[t].count : NAN;
  return means;
}

/**
 * hp_comparison_compute:
 * @profile: the profile @run belongs to
 * @run: the run to judge
 * @kind: what to compare it with; not %HP_REFERENCE_RUN (see
 *   hp_comparison_compute_between())
 *
 * Compares @run with a reference, per node (in the order of
 * hp_profile_get_node_stats()) and in total. The total compares the runs'
 * execution times (finished − started): queue time is left out because it
 * depends on the server's load, not on the workflow.
 *
 * Returns: (transfer full) (nullable): the comparison, or %NULL when there
 *   is no reference: no earlier succeeded run (PREVIOUS), no earlier run
 *   at all (MEAN), no pinned baseline or @run is the baseline (BASELINE)
 */
HpComparison *
hp_comparison_compute (HpProfile       *profile,
                       HpRun           *run,
                       HpReferenceKind  kind)
{
  g_autoptr(GHashTable) means = NULL;
  double time_means_us[HP_RUN_TIME_TOTAL + 1];
  HpComparison *self;
  HpRun *reference = NULL;
  GListModel *node_stats;
  int position;
  guint n;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (HP_IS_RUN (run), NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  position = hp_profile_get_run_position (profile, run);
  g_return_val_if_fail (position >= 0, NULL);

  switch (kind)
    {
    case HP_REFERENCE_PREVIOUS:
      reference = find_previous_succeeded (profile, (guint) position);
      if (reference == NULL)
        return NULL;
      break;
    case HP_REFERENCE_MEAN:
      if (position == 0)
        return NULL;
      means = accumulate_history (profile, (guint) position, time_means_us);
      break;
    case HP_REFERENCE_BASELINE:
      reference = hp_profile_get_baseline (profile);
      if (reference == NULL || reference == run)
        return NULL;
      break;
    case HP_REFERENCE_RUN:
    default:
      g_return_val_if_reached (NULL);
    }

  node_stats = hp_profile_get_node_stats (profile);
  n = g_list_model_get_n_items (node_stats);
  self = _hp_comparison_new (kind, run, reference, n);
  if (means != NULL)
    {
      for (guint t = 0; t < G_N_ELEMENTS (self->times); t++)
        {
          self->times[t].reference_us = time_means_us[t];
          _hp_comparison_finish_delta (&self->times[t]);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HpNodeStats) stats = g_list_model_get_item (node_stats, i);
      HpNodeDelta delta = { 0 };

      delta.node_id = hp_node_stats_get_node_id (stats);
      _hp_comparison_set_current (&delta, run);
      if (means != NULL)
        {
          MeanAccumulator *acc = g_hash_table_lookup (means, delta.node_id);

          delta.reference_us = acc != NULL ? acc->sum / acc->count : NAN;
          delta.in_reference = acc != NULL;
          delta.reference_status = HP_NODE_STATUS_COMPLETED;
        }
      else
        {
          _hp_comparison_set_reference (&delta, reference);
        }
      _hp_comparison_finish_delta (&delta);
      _hp_comparison_append_node (self, &delta);
    }

  return self;
}

/**
 * hp_comparison_ref:
 *
 * Returns: (transfer full): @self
 */
HpComparison *
hp_comparison_ref (HpComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hp_comparison_unref (HpComparison *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->run);
  g_clear_object (&self->reference);
  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_pointer (&self->index_by_id, g_hash_table_unref);
  g_free (self);
}

HpReferenceKind
hp_comparison_get_kind (HpComparison *self)
{
  g_return_val_if_fail (self != NULL, HP_REFERENCE_PREVIOUS);
  return self->kind;
}

/**
 * hp_comparison_get_run:
 *
 * Returns: (transfer none): the run being judged
 */
HpRun *
hp_comparison_get_run (HpComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->run;
}

/**
 * hp_comparison_get_reference_run:
 *
 * Returns: (transfer none) (nullable): the run compared against; %NULL for
 *   %HP_REFERENCE_MEAN, whose reference is many runs
 */
HpRun *
hp_comparison_get_reference_run (HpComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reference;
}

/**
 * hp_comparison_get_total:
 * @current_us: (out) (optional): the run's execution time
 * @reference_us: (out) (optional): the reference's execution time
 * @delta_us: (out) (optional): @current_us − @reference_us
 * @delta_pct: (out) (optional): the delta in percent of the reference
 *   (NaN when the reference is 0)
 *
 * The totals compare execution times (finished − started), not queue time.
 * Unknown figures are stored as NaN.
 *
 * Returns: %FALSE when either execution time is unknown
 */
gboolean
hp_comparison_get_total (HpComparison *self,
                         double       *current_us,
                         double       *reference_us,
                         double       *delta_us,
                         double       *delta_pct)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return hp_comparison_get_run_time (self, HP_RUN_TIME_EXECUTION, current_us, reference_us,
                                     delta_us, delta_pct);
}

/**
 * hp_comparison_get_run_time:
 * @which: execution, queue or total time (see hp-run.h)
 * @current_us: (out) (optional): the run's time
 * @reference_us: (out) (optional): the reference's (for
 *   %HP_REFERENCE_MEAN the mean over the earlier succeeded runs that
 *   have that time)
 * @delta_us: (out) (optional): @current_us − @reference_us
 * @delta_pct: (out) (optional): the delta in percent of the reference
 *   (NaN when the reference is 0)
 *
 * Unknown figures are stored as NaN.
 *
 * Returns: %FALSE when either time is unknown
 */
gboolean
hp_comparison_get_run_time (HpComparison *self,
                            HpRunTime     which,
                            double       *current_us,
                            double       *reference_us,
                            double       *delta_us,
                            double       *delta_pct)
{
  const HpNodeDelta *t;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail ((guint) which < G_N_ELEMENTS (self->times), FALSE);

  t = &self->times[which];
  if (current_us != NULL)
    *current_us = t->current_us;
  if (reference_us != NULL)
    *reference_us = t->reference_us;
  if (delta_us != NULL)
    *delta_us = t->delta_us;
  if (delta_pct != NULL)
    *delta_pct = t->delta_pct;
  return t->has_delta;
}

/**
 * hp_comparison_get_n_nodes:
 *
 * Returns: how many nodes the comparison lists: every node of the
 *   profile, or for hp_comparison_compute_between() every node either run
 *   has
 */
guint
hp_comparison_get_n_nodes (HpComparison *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->nodes->len;
}

/**
 * hp_comparison_get_node:
 * @i: a position, below hp_comparison_get_n_nodes()
 *
 * Returns: (transfer none): the @i-th node's delta
 */
const HpNodeDelta *
hp_comparison_get_node (HpComparison *self,
                        guint         i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->nodes->len, NULL);
  return &g_array_index (self->nodes, HpNodeDelta, i);
}

/**
 * hp_comparison_lookup_node:
 * @node_id: a node id
 *
 * Returns: (transfer none) (nullable): that node's delta, %NULL for a node
 *   the profile does not have
 */
const HpNodeDelta *
hp_comparison_lookup_node (HpComparison *self,
                           const char   *node_id)
{
  GQuark quark;
  guint index;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  quark = g_quark_try_string (node_id);
  if (quark == 0)
    return NULL;
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, g_quark_to_string (quark)));
  return index > 0 ? &g_array_index (self->nodes, HpNodeDelta, index - 1) : NULL;
}

/**
 * hp_change_classify:
 * @delta_us: current − reference
 * @delta_pct: the same in percent of the reference (NaN when unknown)
 * @threshold_pct: the percentage a change must exceed
 * @noise_floor_us: the microseconds it must exceed too
 *
 * Both limits are strict; comparisons with NaN are false, so an unknown
 * delta is never slower or faster.
 *
 * Returns: whether the delta is a regression, an improvement or neither
 */
HpChange
hp_change_classify (double delta_us,
                    double delta_pct,
                    double threshold_pct,
                    double noise_floor_us)
{
  if (delta_pct > threshold_pct && delta_us > noise_floor_us)
    return HP_CHANGE_SLOWER;
  if (-delta_pct > threshold_pct && -delta_us > noise_floor_us)
    return HP_CHANGE_FASTER;
  return HP_CHANGE_SAME;
}

static gboolean
is_regression (double delta_us,
               double delta_pct,
               double threshold_pct,
               double noise_floor_us)
{
  return hp_change_classify (delta_us, delta_pct, threshold_pct, noise_floor_us) == HP_CHANGE_SLOWER;
}

/**
 * hp_comparison_find_regressions:
 * @threshold_pct: the percentage a delta must exceed
 *   (%HP_REGRESSION_DEFAULT_THRESHOLD_PCT)
 * @noise_floor_us: the microseconds a delta must exceed too
 *   (%HP_REGRESSION_DEFAULT_NOISE_FLOOR_US)
 *
 * A regression is a delta strictly above both limits; a delta whose
 * percentage is unknown (zero reference) never is one.
 *
 * Returns: (transfer full) (element-type HpRegression): the whole run
 *   first when it regressed (node_id %NULL), then the nodes in node order
 */
GArray *
hp_comparison_find_regressions (HpComparison *self,
                                double        threshold_pct,
                                double        noise_floor_us)
{
  GArray *regressions;

  g_return_val_if_fail (self != NULL, NULL);

  regressions = g_array_new (FALSE, TRUE, sizeof (HpRegression));

  if (self->times[HP_RUN_TIME_EXECUTION].has_delta &&
      is_regression (self->times[HP_RUN_TIME_EXECUTION].delta_us,
                     self->times[HP_RUN_TIME_EXECUTION].delta_pct, threshold_pct, noise_floor_us))
    {
      HpRegression r = { NULL, self->times[HP_RUN_TIME_EXECUTION].delta_us,
                         self->times[HP_RUN_TIME_EXECUTION].delta_pct };

      g_array_append_val (regressions, r);
    }

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const HpNodeDelta *d = &g_array_index (self->nodes, HpNodeDelta, i);

      if (d->has_delta && is_regression (d->delta_us, d->delta_pct, threshold_pct, noise_floor_us))
        {
          HpRegression r = { d->node_id, d->delta_us, d->delta_pct };

          g_array_append_val (regressions, r);
        }
    }

  return regressions;
}
