/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hp_comparison_compute_between(): any two runs, B − A, per node and in
 * total, with nodes only one side has; and the run-time totals and node
 * presence the profile references now carry too. */
#include <glib.h>
#include <math.h>

#include "hp-comparison.h"
#include "hp-profile.h"

#define MS 1000.0     /* µs per millisecond */

static HpRun *
new_run (const char *id,
         gint64      queued_ms,
         gint64      started_ms,
         gint64      finished_ms)
{
  HpRun *run = hp_run_new (id);

  if (queued_ms >= 0)
    hp_run_set_queued_us (run, queued_ms * 1000);
  hp_run_set_started_us (run, started_ms * 1000);
  if (finished_ms >= 0)
    hp_run_set_finished_us (run, finished_ms * 1000);
  hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
  return run;
}

/* @duration_ms < 0 leaves the duration unknown */
static void
add_node (HpRun        *run,
          const char   *node_id,
          HpNodeStatus  status,
          gint64        duration_ms)
{
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (node_id, status);

  if (duration_ms >= 0)
    hp_node_run_set_duration_us (node_run, duration_ms * 1000);
  hp_run_add_node_run (run, node_run);
}

/* A (the reference) and B (the judged run), times in ms:
 *   node  A                 B
 *   1     completed 1000    completed 1500   +500, +50 %
 *   2     cached            completed  800   no delta (cached in A)
 *   3     completed    0    completed  100   +100, percent undefined (A is 0)
 *   4     completed  500    —                only in A
 *   5     completed  200    completed  300   +100, +50 %
 *   6     —                 completed  700   only in B
 *   7     failed     400    completed  100   no delta (failed in A)
 * A: queued 900, started 1000, finished 4000: queue 100, execution 3000,
 *    total 3100.
 * B: queued 9950, started 10000, finished 12500: queue 50, execution
 *    2500, total 2550. */
static void
build_a_b (HpRun **a,
           HpRun **b)
{
  *a = new_run ("A", 900, 1000, 4000);
  add_node (*a, "1", HP_NODE_STATUS_COMPLETED, 1000);
  add_node (*a, "2", HP_NODE_STATUS_CACHED, 0);
  add_node (*a, "3", HP_NODE_STATUS_COMPLETED, 0);
  add_node (*a, "4", HP_NODE_STATUS_COMPLETED, 500);
  add_node (*a, "5", HP_NODE_STATUS_COMPLETED, 200);
  add_node (*a, "7", HP_NODE_STATUS_FAILED, 400);

  *b = new_run ("B", 9950, 10000, 12500);
  add_node (*b, "6", HP_NODE_STATUS_COMPLETED, 700);
  add_node (*b, "5", HP_NODE_STATUS_COMPLETED, 300);
  add_node (*b, "1", HP_NODE_STATUS_COMPLETED, 1500);
  add_node (*b, "2", HP_NODE_STATUS_COMPLETED, 800);
  add_node (*b, "3", HP_NODE_STATUS_COMPLETED, 100);
  add_node (*b, "7", HP_NODE_STATUS_COMPLETED, 100);
}

static const HpNodeDelta *
node (HpComparison *cmp,
      const char   *id)
{
  const HpNodeDelta *d = hp_comparison_lookup_node (cmp, id);

  g_assert_nonnull (d);
  g_assert_cmpstr (d->node_id, ==, id);
  return d;
}

static void
test_between_nodes (void)
{
  g_autoptr(HpRun) a = NULL;
  g_autoptr(HpRun) b = NULL;
  g_autoptr(HpComparison) cmp = NULL;
  static const char *order[] = { "1", "2", "3", "4", "5", "7", "6" };
  const HpNodeDelta *d;

  build_a_b (&a, &b);
  cmp = hp_comparison_compute_between (b, a);
  g_assert_nonnull (cmp);
  g_assert_cmpint (hp_comparison_get_kind (cmp), ==, HP_REFERENCE_RUN);
  g_assert_true (hp_comparison_get_run (cmp) == b);
  g_assert_true (hp_comparison_get_reference_run (cmp) == a);

  /* The union, A's nodes in A's order, then 6, the one only B has. */
  g_assert_cmpuint (hp_comparison_get_n_nodes (cmp), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (hp_comparison_get_node (cmp, i)->node_id, ==, order[i]);

  /* 1: 1500 − 1000 = +500 ms; 500 / 1000 = +50 % */
  d = node (cmp, "1");
  g_assert_true (d->has_delta && d->in_current && d->in_reference);
  g_assert_cmpfloat (d->reference_us, ==, 1000 * MS);
  g_assert_cmpfloat (d->current_us, ==, 1500 * MS);
  g_assert_cmpfloat (d->delta_us, ==, 500 * MS);
  g_assert_cmpfloat_with_epsilon (d->delta_pct, 50.0, 1e-9);

  /* 2: cached in A, so A has no value (not 0), and no delta; it is in
   * both runs, with A's status cached. */
  d = node (cmp, "2");
  g_assert_false (d->has_delta);
  g_assert_true (d->in_current && d->in_reference);
  g_assert_cmpint (d->reference_status, ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (d->current_status, ==, HP_NODE_STATUS_COMPLETED);
  g_assert_true (isnan (d->reference_us));
  g_assert_cmpfloat (d->current_us, ==, 800 * MS);
  g_assert_true (isnan (d->delta_us) && isnan (d->delta_pct));

  /* 3: A executed in 0 ms: +100 ms, percent of 0 undefined */
  d = node (cmp, "3");
  g_assert_true (d->has_delta);
  g_assert_cmpfloat (d->reference_us, ==, 0.0);
  g_assert_cmpfloat (d->delta_us, ==, 100 * MS);
  g_assert_true (isnan (d->delta_pct));

  /* 4: only in A: B side missing, not 0 */
  d = node (cmp, "4");
  g_assert_false (d->has_delta);
  g_assert_true (d->in_reference);
  g_assert_false (d->in_current);
  g_assert_cmpfloat (d->reference_us, ==, 500 * MS);
  g_assert_true (isnan (d->current_us) && isnan (d->delta_us));

  /* 5: 300 − 200 = +100 ms, 100 / 200 = +50 % */
  d = node (cmp, "5");
  g_assert_cmpfloat (d->delta_us, ==, 100 * MS);
  g_assert_cmpfloat_with_epsilon (d->delta_pct, 50.0, 1e-9);

  /* 6: only in B */
  d = node (cmp, "6");
  g_assert_false (d->has_delta);
  g_assert_false (d->in_reference);
  g_assert_true (d->in_current);
  g_assert_cmpfloat (d->current_us, ==, 700 * MS);
  g_assert_true (isnan (d->reference_us));

  /* 7: failed in A after 400 ms: a failure says nothing about speed */
  d = node (cmp, "7");
  g_assert_false (d->has_delta);
  g_assert_cmpint (d->reference_status, ==, HP_NODE_STATUS_FAILED);
  g_assert_true (isnan (d->reference_us));

  g_assert_null (hp_comparison_lookup_node (cmp, "8"));
  g_assert_null (hp_comparison_lookup_node (cmp, "no such node id anywhere"));
}

static void
test_between_totals (void)
{
  g_autoptr(HpRun) a = NULL;
  g_autoptr(HpRun) b = NULL;
  g_autoptr(HpComparison) cmp = NULL;
  g_autoptr(GArray) regressions = NULL;
  double cur, ref, delta, pct;

  build_a_b (&a, &b);
  cmp = hp_comparison_compute_between (b, a);

  /* execution 2500 vs 3000: −500 ms, −500 / 3000 = −16.667 % */
  g_assert_true (hp_comparison_get_total (cmp, &cur, &ref, &delta, &pct));
  g_assert_cmpfloat (cur, ==, 2500 * MS);
  g_assert_cmpfloat (ref, ==, 3000 * MS);
  g_assert_cmpfloat (delta, ==, -500 * MS);
  g_assert_cmpfloat_with_epsilon (pct, -50.0 / 3.0, 1e-9);
  g_assert_true (hp_comparison_get_run_time (cmp, HP_RUN_TIME_EXECUTION, NULL, NULL, &delta, NULL));
  g_assert_cmpfloat (delta, ==, -500 * MS);

  /* queue 50 vs 100: −50 ms, −50 % */
  g_assert_true (hp_comparison_get_run_time (cmp, HP_RUN_TIME_QUEUE, &cur, &ref, &delta, &pct));
  g_assert_cmpfloat (cur, ==, 50 * MS);
  g_assert_cmpfloat (ref, ==, 100 * MS);
  g_assert_cmpfloat (delta, ==, -50 * MS);
  g_assert_cmpfloat_with_epsilon (pct, -50.0, 1e-9);

  /* total 2550 vs 3100: −550 ms, −550 / 3100 = −17.742 % */
  g_assert_true (hp_comparison_get_run_time (cmp, HP_RUN_TIME_TOTAL, &cur, &ref, &delta, &pct));
  g_assert_cmpfloat (cur, ==, 2550 * MS);
  g_assert_cmpfloat (ref, ==, 3100 * MS);
  g_assert_cmpfloat (delta, ==, -550 * MS);
  g_assert_cmpfloat_with_epsilon (pct, -550.0 / 3100.0 * 100.0, 1e-9);

  /* Regressions at 20 % / 50 ms: 1 (+500 ms, +50 %) and 5 (+100 ms,
   * +50 %), in the comparison's node order; 3's +100 ms has no percent,
   * so never one; the whole run got faster. */
  regressions = hp_comparison_find_regressions (cmp, 20.0, 50 * MS);
  g_assert_cmpuint (regressions->len, ==, 2);
  g_assert_cmpstr (g_array_index (regressions, HpRegression, 0).node_id, ==, "1");
  g_assert_cmpstr (g_array_index (regressions, HpRegression, 1).node_id, ==, "5");
}

static void
test_between_unknown_times (void)
{
  g_autoptr(HpRun) a = new_run ("A", -1, 1000, 4000);
  g_autoptr(HpRun) b = new_run ("B", 9950, 10000, -1);
  g_autoptr(HpComparison) cmp = hp_comparison_compute_between (b, a);
  double cur, ref, delta, pct;

  /* B has no end: execution unknown on B's side. */
  g_assert_false (hp_comparison_get_total (cmp, &cur, &ref, &delta, &pct));
  g_assert_true (isnan (cur));
  g_assert_cmpfloat (ref, ==, 3000 * MS);
  g_assert_true (isnan (delta) && isnan (pct));
  /* A was never queued: queue unknown on A's side, B's is 50 ms. */
  g_assert_false (hp_comparison_get_run_time (cmp, HP_RUN_TIME_QUEUE, &cur, &ref, NULL, NULL));
  g_assert_cmpfloat (cur, ==, 50 * MS);
  g_assert_true (isnan (ref));
  /* No nodes on either side: an empty comparison. */
  g_assert_cmpuint (hp_comparison_get_n_nodes (cmp), ==, 0);
}

static void
test_between_same_run (void)
{
  g_autoptr(HpRun) a = NULL;
  g_autoptr(HpRun) b = NULL;
  g_autoptr(HpComparison) cmp = NULL;
  const HpNodeDelta *d;

  build_a_b (&a, &b);
  cmp = hp_comparison_compute_between (a, a);
  /* Every node of A, each 0 where it executed, none "only" on a side. */
  g_assert_cmpuint (hp_comparison_get_n_nodes (cmp), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      d = hp_comparison_get_node (cmp, i);
      g_assert_true (d->in_current && d->in_reference);
      if (d->has_delta)
        g_assert_cmpfloat (d->delta_us, ==, 0.0);
    }
  /* 2 cached and 7 failed have no delta even against themselves. */
  g_assert_false (node (cmp, "2")->has_delta);
  g_assert_false (node (cmp, "7")->has_delta);
  g_assert_true (node (cmp, "1")->has_delta);
}

/* Runs of two profiles, whose node ids are interned the same way: the
 * comparison keeps no reference to either profile. */
static void
test_between_two_profiles (void)
{
  g_autoptr(HpProfile) p1 = hp_profile_new ();
  g_autoptr(HpProfile) p2 = hp_profile_new ();
  g_autoptr(GError) error = NULL;
  HpRun *a = new_run ("same-id", 0, 1000, 2000);
  HpRun *b = new_run ("same-id", 0, 1000, 2500);
  HpComparison *cmp;
  double delta;

  add_node (a, "1", HP_NODE_STATUS_COMPLETED, 1000);
  add_node (b, "1", HP_NODE_STATUS_COMPLETED, 1200);
  g_assert_true (hp_profile_add_run (p1, a, &error));
  g_assert_true (hp_profile_add_run (p2, b, &error));
  g_assert_no_error (error);

  cmp = hp_comparison_compute_between (b, a);
  /* 1200 − 1000 = +200 ms; execution 1500 − 1000 = +500 ms */
  g_assert_cmpfloat (node (cmp, "1")->delta_us, ==, 200 * MS);
  g_assert_true (hp_comparison_get_total (cmp, NULL, NULL, &delta, NULL));
  g_assert_cmpfloat (delta, ==, 500 * MS);

  g_object_unref (a);
  g_object_unref (b);
  g_assert_finalize_object (g_steal_pointer (&p1));
  g_assert_finalize_object (g_steal_pointer (&p2));
  hp_comparison_unref (cmp);
}

/* The profile references carry presence, statuses and the three run
 * times too. Runs, oldest first (ms):
 *   r1  queue 100  exec 1000  total 1100   1: 400   2: cached
 *   r2  queue 300  exec 2000  total 2300   1: 600   2: cached
 *   r3  queue  20  exec 1200  total 1220   1: 500   2: cached   3: 10 */
static void
test_profile_references_times (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(HpComparison) mean = NULL;
  g_autoptr(HpComparison) previous = NULL;
  const gint64 spec[3][3] = { { 100, 1000, 400 }, { 300, 2000, 600 }, { 20, 1200, 500 } };
  const HpNodeDelta *d;
  double cur, ref, delta;
  HpRun *r3 = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("r%u", i + 1);
      gint64 start = 100000 * (i + 1);
      HpRun *run = new_run (id, start - spec[i][0], start, start + spec[i][1]);

      add_node (run, "1", HP_NODE_STATUS_COMPLETED, spec[i][2]);
      add_node (run, "2", HP_NODE_STATUS_CACHED, 0);
      if (i == 2)
        add_node (run, "3", HP_NODE_STATUS_COMPLETED, 10);
      g_assert_true (hp_profile_add_run (profile, run, NULL));
      r3 = run;
      g_object_unref (run);
    }

  /* Mean of r1, r2: queue (100 + 300) / 2 = 200 → 20 − 200 = −180;
   * total (1100 + 2300) / 2 = 1700 → 1220 − 1700 = −480;
   * execution (1000 + 2000) / 2 = 1500 → −300. */
  mean = hp_comparison_compute (profile, r3, HP_REFERENCE_MEAN);
  g_assert_true (hp_comparison_get_run_time (mean, HP_RUN_TIME_QUEUE, &cur, &ref, &delta, NULL));
  g_assert_cmpfloat (ref, ==, 200 * MS);
  g_assert_cmpfloat (delta, ==, -180 * MS);
  g_assert_true (hp_comparison_get_run_time (mean, HP_RUN_TIME_TOTAL, &cur, &ref, &delta, NULL));
  g_assert_cmpfloat (ref, ==, 1700 * MS);
  g_assert_cmpfloat (delta, ==, -480 * MS);
  g_assert_true (hp_comparison_get_total (mean, NULL, NULL, &delta, NULL));
  g_assert_cmpfloat (delta, ==, -300 * MS);
  /* Node 1: mean 500, in both; node 3 never ran before r3: not in the mean. */
  d = node (mean, "1");
  g_assert_true (d->in_current && d->in_reference);
  g_assert_cmpfloat (d->reference_us, ==, 500 * MS);
  d = node (mean, "3");
  g_assert_true (d->in_current);
  g_assert_false (d->in_reference);

  /* Previous: r2. Queue 20 − 300 = −280; node 2 cached on both sides. */
  previous = hp_comparison_compute (profile, r3, HP_REFERENCE_PREVIOUS);
  g_assert_true (hp_comparison_get_run_time (previous, HP_RUN_TIME_QUEUE, NULL, NULL, &delta, NULL));
  g_assert_cmpfloat (delta, ==, -280 * MS);
  d = node (previous, "2");
  g_assert_false (d->has_delta);
  g_assert_true (d->in_current && d->in_reference);
  g_assert_cmpint (d->current_status, ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (d->reference_status, ==, HP_NODE_STATUS_CACHED);
  d = node (previous, "3");
  g_assert_false (d->in_reference);

  g_assert_cmpstr (hp_reference_kind_to_string (HP_REFERENCE_RUN), ==, "run");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run-diff/between/nodes", test_between_nodes);
  g_test_add_func ("/run-diff/between/totals", test_between_totals);
  g_test_add_func ("/run-diff/between/unknown-times", test_between_unknown_times);
  g_test_add_func ("/run-diff/between/same-run", test_between_same_run);
  g_test_add_func ("/run-diff/between/two-profiles", test_between_two_profiles);
  g_test_add_func ("/run-diff/profile-references/times", test_profile_references_times);

  return g_test_run ();
}
