/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-bottlenecks.h"

#include <math.h>
#include <string.h>

static gboolean
is_decimal (const char *s)
{
  g_assert (s != NULL);

  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/**
 * hp_bottleneck_compare_node_ids:
 * @a: a node id
 * @b: another node id
 *
 * Orders node ids the way bottleneck ties are broken: numerically when
 * both are decimal integers (of any length), otherwise with strcmp().
 *
 * Returns: negative, 0 or positive, like strcmp()
 */
int
hp_bottleneck_compare_node_ids (const char *a,
                                const char *b)
{
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  if (is_decimal (a) && is_decimal (b))
    {
      const char *da = a;
      const char *db = b;
      size_t la;
      size_t lb;
      int cmp;

      /* Compare digit strings without converting, so no length overflows. */
      while (da[0] == '0' && da[1] != '\0')
        da++;
      while (db[0] == '0' && db[1] != '\0')
        db++;
      la = strlen (da);
      lb = strlen (db);
      if (la != lb)
        return la < lb ? -1 : 1;
      cmp = strcmp (da, db);
      if (cmp != 0)
        return cmp;
      /* Same number written differently ("7", "007"): keep a total order. */
    }
  return strcmp (a, b);
}

static int
bottleneck_compare (gconstpointer a,
                    gconstpointer b)
{
  const HpBottleneck *ba = a;
  const HpBottleneck *bb = b;

  if (ba->value_us != bb->value_us)
    return ba->value_us > bb->value_us ? -1 : 1;
  return hp_bottleneck_compare_node_ids (ba->node_id, bb->node_id);
}

/**
 * hp_bottlenecks_compute:
 * @profile: a profile
 * @metric: the figure to rank by
 * @top_n: how many nodes at most (%HP_BOTTLENECKS_DEFAULT_TOP usually)
 *
 * Ranks the executed nodes of @profile by @metric, slowest first.
 *
 * Returns: (transfer full) (element-type HpBottleneck): at most @top_n
 *   bottlenecks, ranks 1, 2, …; the stats pointers are borrowed
 */
GArray *
hp_bottlenecks_compute (HpProfile *profile,
                        HpMetric   metric,
                        guint      top_n)
{
  GListModel *node_stats;
  GArray *all;
  double sum = 0.0;
  guint n;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);

  node_stats = hp_profile_get_node_stats (profile);
  n = g_list_model_get_n_items (node_stats);
  all = g_array_sized_new (FALSE, TRUE, sizeof (HpBottleneck), n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HpNodeStats) stats = g_list_model_get_item (node_stats, i);
      HpBottleneck b = { 0 };

      b.value_us = hp_node_stats_get_metric_us (stats, metric);
      if (isnan (b.value_us))
        continue;
      /* The profile's list holds a reference, so borrowing is safe. */
      b.stats = stats;
      b.node_id = hp_node_stats_get_node_id (stats);
      sum += b.value_us;
      g_array_append_val (all, b);
    }

  g_array_sort (all, bottleneck_compare);
  if (all->len > top_n)
    g_array_set_size (all, top_n);

  for (guint i = 0; i < all->len; i++)
    {
      HpBottleneck *b = &g_array_index (all, HpBottleneck, i);

      b->rank = i + 1;
      b->share = sum > 0.0 ? b->value_us / sum : 0.0;
    }

  return all;
}

/**
 * hp_bottlenecks_compute_for_run:
 * @profile: the profile @run belongs to (for the node statistics)
 * @run: a run
 * @top_n: how many nodes to return at most
 *
 * Returns: (transfer full) (element-type HpBottleneck): @run's slowest
 *   executed nodes, slowest first
 */
GArray *
hp_bottlenecks_compute_for_run (HpProfile *profile,
                                HpRun     *run,
                                guint      top_n)
{
  GPtrArray *node_runs;
  GArray *all;
  gint64 execution;
  double total = 0.0;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (HP_IS_RUN (run), NULL);

  node_runs = hp_run_get_node_runs (run);
  all = g_array_sized_new (FALSE, TRUE, sizeof (HpBottleneck), node_runs->len);

  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *node_run = g_ptr_array_index (node_runs, i);
      HpBottleneck b = { 0 };

      if (!hp_node_run_is_executed (node_run))
        continue;
      b.node_id = hp_node_run_get_node_id (node_run);
      b.stats = hp_profile_lookup_node_stats (profile, b.node_id);
      b.value_us = (double) hp_node_run_get_duration_us (node_run);
      total += b.value_us;
      g_array_append_val (all, b);
    }

  /* Parallel branches can make the node sum exceed the wall-clock time;
   * the share is of the time the user waited. */
  execution = hp_run_get_execution_us (run);
  if (execution != HP_TIME_UNKNOWN && execution > 0)
    total = (double) execution;

  g_array_sort (all, bottleneck_compare);
  if (all->len > top_n)
    g_array_set_size (all, top_n);

  for (guint i = 0; i < all->len; i++)
    {
      HpBottleneck *b = &g_array_index (all, HpBottleneck, i);

      b->rank = i + 1;
      b->share = total > 0.0 ? b->value_us / total : 0.0;
    }

  return all;
}

/**
 * hp_bottlenecks_apply_ranks:
 * @profile: a profile
 * @metric: the figure to rank by
 * @top_n: how many nodes get a rank
 *
 * Sets the bottleneck rank of each of @profile's node statistics: 1..@top_n
 * for the bottlenecks hp_bottlenecks_compute() finds, 0 for every other node.
 */
void
hp_bottlenecks_apply_ranks (HpProfile *profile,
                            HpMetric   metric,
                            guint      top_n)
{
  g_autoptr(GArray) bottlenecks = NULL;
  GListModel *node_stats;
  guint n;

  g_return_if_fail (HP_IS_PROFILE (profile));

  bottlenecks = hp_bottlenecks_compute (profile, metric, top_n);
  node_stats = hp_profile_get_node_stats (profile);
  n = g_list_model_get_n_items (node_stats);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HpNodeStats) stats = g_list_model_get_item (node_stats, i);
      guint rank = 0;

      for (guint j = 0; j < bottlenecks->len; j++)
        {
          if (g_array_index (bottlenecks, HpBottleneck, j).stats == stats)
            {
              rank = j + 1;
              break;
            }
        }
      hp_node_stats_set_bottleneck_rank (stats, rank);
    }
}
