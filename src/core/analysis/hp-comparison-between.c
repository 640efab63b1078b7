/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comparison.h"

#include "hp-comparison-private.h"

static void
add_nodes_of (HpComparison *self,
              HpRun        *source)
{
  GPtrArray *node_runs = hp_run_get_node_runs (source);

  g_assert (self != NULL);

  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *node_run = g_ptr_array_index (node_runs, i);
      HpNodeDelta delta = { 0 };

      delta.node_id = hp_node_run_get_node_id (node_run);
      if (g_hash_table_contains (self->index_by_id, delta.node_id))
        continue;
      _hp_comparison_set_current (&delta, self->run);
      _hp_comparison_set_reference (&delta, self->reference);
      _hp_comparison_finish_delta (&delta);
      _hp_comparison_append_node (self, &delta);
    }
}

/**
 * hp_comparison_compute_between:
 * @run: the run to judge ("B")
 * @reference: the run to compare it with ("A"); may be @run itself, and
 *   may come from another profile
 *
 * Compares any two runs: per node, @run − @reference, and the execution,
 * queue and total times. The nodes are every node either run has, keyed
 * by node id: first @reference's in its order, then those only @run has.
 * A node only one run has is in the comparison with in_current or
 * in_reference %FALSE (never a value of 0); a node that did not execute
 * on a side (cached, failed, skipped) has no value there, as in
 * hp_comparison_compute(). The kind is %HP_REFERENCE_RUN.
 *
 * Returns: (transfer full): the comparison
 */
HpComparison *
hp_comparison_compute_between (HpRun *run,
                               HpRun *reference)
{
  HpComparison *self;

  g_return_val_if_fail (HP_IS_RUN (run), NULL);
  g_return_val_if_fail (HP_IS_RUN (reference), NULL);

  self = _hp_comparison_new (HP_REFERENCE_RUN, run, reference,
                             MAX (hp_run_get_node_runs (run)->len,
                                  hp_run_get_node_runs (reference)->len));
  add_nodes_of (self, reference);
  add_nodes_of (self, run);
  return self;
}
