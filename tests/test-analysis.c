/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>

#include "hp-bottlenecks.h"
#include "hp-heat.h"
#include "hp-comparison.h"
#include "hp-metric.h"
#include "hp-profile.h"

#define MS 1000.0     /* µs per millisecond */
#define S  1000000.0  /* µs per second */

/* ---- building profiles -------------------------------------------------- */

/* Times are rounded to whole µs, so 500.004 ms is exactly 500004 µs. */
static HpRun *
new_run (const char  *id,
         double       start_s,
         double       execution_s,
         HpRunStatus  status)
{
  HpRun *run = hp_run_new (id);

  hp_run_set_started_us (run, llround (start_s * S));
  if (execution_s >= 0)
    hp_run_set_finished_us (run, llround ((start_s + execution_s) * S));
  hp_run_set_status (run, status);
  return run;
}

/* @duration_us < 0 leaves the duration unknown */
static void
add_node (HpRun        *run,
          const char   *node_id,
          HpNodeStatus  status,
          double        duration_us)
{
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (node_id, status);

  if (duration_us >= 0)
    hp_node_run_set_duration_us (node_run, llround (duration_us));
  hp_run_add_node_run (run, node_run);
}

static void
add_run (HpProfile *profile,
         HpRun     *run)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hp_profile_add_run (profile, run, &error));
  g_assert_no_error (error);
  g_object_unref (run);
}

static void
add_graph_nodes (HpProfile          *profile,
                 const char * const *ids)
{
  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_nonnull (hp_workflow_graph_add_node (hp_profile_get_graph (profile), ids[i], "T", NULL, NULL));
}

/* ---- metric ------------------------------------------------------------- */

static void
test_metric_names (void)
{
  const char *names[] = { "mean", "last", "median", "p95", "max" };
  HpMetric metric = HP_METRIC_MAX;

  g_assert_cmpstr (hp_metric_to_string (HP_METRIC_MEAN), ==, "mean");
  g_assert_cmpstr (hp_metric_to_string (HP_METRIC_LAST), ==, "last");
  g_assert_cmpstr (hp_metric_to_string (HP_METRIC_MEDIAN), ==, "median");
  g_assert_cmpstr (hp_metric_to_string (HP_METRIC_P95), ==, "p95");
  g_assert_cmpstr (hp_metric_to_string (HP_METRIC_MAX), ==, "max");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (hp_metric_from_string (names[i], &metric));
      g_assert_cmpint (metric, ==, (HpMetric) i);
    }
  g_assert_true (hp_metric_from_string ("P95", &metric));
  g_assert_cmpint (metric, ==, HP_METRIC_P95);

  metric = HP_METRIC_LAST;
  g_assert_false (hp_metric_from_string ("p99", &metric));
  g_assert_false (hp_metric_from_string ("", &metric));
  g_assert_false (hp_metric_from_string (NULL, &metric));
  g_assert_cmpint (metric, ==, HP_METRIC_LAST);   /* untouched on failure */

  g_assert_cmpstr (hp_reference_kind_to_string (HP_REFERENCE_PREVIOUS), ==, "previous");
  g_assert_cmpstr (hp_reference_kind_to_string (HP_REFERENCE_MEAN), ==, "mean");
  g_assert_cmpstr (hp_reference_kind_to_string (HP_REFERENCE_BASELINE), ==, "baseline");
}

/* ---- bottlenecks -------------------------------------------------------- */

/* Nodes (graph order) and their durations in ms over three runs:
 *   "3":  100, 200, 900         mean 400, last 900, median 200, p95 830, max 900
 *   "10": 400, 400, 400         400 for every metric
 *   "9":  400, 400, 400         400 for every metric
 *   "4":   50, cached, 150      mean 100, last 150, median 100, p95 145, max 150
 *   "7":  cached ×3             never executed
 *   "2":  1000, failed, absent  1000 for every metric
 * p95 of "3": h = 2·0.95 = 1.9 → 200 + 0.9·(900 − 200) = 830;
 * p95 of "4": h = 0.95 → 50 + 0.95·100 = 145. */
static HpProfile *
bottleneck_profile (void)
{
  const char * const ids[] = { "3", "10", "9", "4", "7", "2", NULL };
  HpProfile *profile = hp_profile_new ();
  HpRun *r1 = new_run ("r1", 100, 10, HP_RUN_STATUS_SUCCEEDED);
  HpRun *r2 = new_run ("r2", 200, 10, HP_RUN_STATUS_SUCCEEDED);
  HpRun *r3 = new_run ("r3", 300, 10, HP_RUN_STATUS_SUCCEEDED);

  add_graph_nodes (profile, ids);

  add_node (r1, "3", HP_NODE_STATUS_COMPLETED, 100 * MS);
  add_node (r2, "3", HP_NODE_STATUS_COMPLETED, 200 * MS);
  add_node (r3, "3", HP_NODE_STATUS_COMPLETED, 900 * MS);
  add_node (r1, "10", HP_NODE_STATUS_COMPLETED, 400 * MS);
  add_node (r2, "10", HP_NODE_STATUS_COMPLETED, 400 * MS);
  add_node (r3, "10", HP_NODE_STATUS_COMPLETED, 400 * MS);
  add_node (r1, "9", HP_NODE_STATUS_COMPLETED, 400 * MS);
  add_node (r2, "9", HP_NODE_STATUS_COMPLETED, 400 * MS);
  add_node (r3, "9", HP_NODE_STATUS_COMPLETED, 400 * MS);
  add_node (r1, "4", HP_NODE_STATUS_COMPLETED, 50 * MS);
  add_node (r2, "4", HP_NODE_STATUS_CACHED, 0);
  add_node (r3, "4", HP_NODE_STATUS_COMPLETED, 150 * MS);
  add_node (r1, "7", HP_NODE_STATUS_CACHED, 0);
  add_node (r2, "7", HP_NODE_STATUS_CACHED, 0);
  add_node (r3, "7", HP_NODE_STATUS_CACHED, 0);
  add_node (r1, "2", HP_NODE_STATUS_COMPLETED, 1000 * MS);
  add_node (r2, "2", HP_NODE_STATUS_FAILED, 5 * MS);

  /* given newest first on purpose */
  add_run (profile, r3);
  add_run (profile, r1);
  add_run (profile, r2);
  return profile;
}

typedef struct {
  const char *id;
  double      value_ms;
  double      share;
} ExpectedBottleneck;

static void
assert_bottlenecks (GArray                   *got,
                    const ExpectedBottleneck *expected,
                    guint                     n_expected)
{
  g_assert_cmpuint (got->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const HpBottleneck *b = &g_array_index (got, HpBottleneck, i);

      g_assert_cmpstr (b->node_id, ==, expected[i].id);
      g_assert_cmpuint (b->rank, ==, i + 1);
      g_assert_nonnull (b->stats);
      g_assert_true (hp_node_stats_get_node_id (b->stats) == b->node_id);
      g_assert_cmpfloat_with_epsilon (b->value_us, expected[i].value_ms * MS, 1e-6);
      g_assert_cmpfloat_with_epsilon (b->share, expected[i].share, 1e-12);
    }
}

static void
test_bottlenecks_mean (void)
{
  HpProfile *profile = bottleneck_profile ();
  g_autoptr(GArray) top = NULL;
  g_autoptr(GArray) all = NULL;
  /* sum over executed nodes: 400 + 400 + 400 + 100 + 1000 = 2300;
   * "3", "9" and "10" tie at 400: by id as numbers 3 < 9 < 10 */
  const ExpectedBottleneck expected[] = {
    { "2", 1000, 1000.0 / 2300 },   /* 0.43478… */
    { "3", 400, 400.0 / 2300 },     /* 0.17391… */
    { "9", 400, 400.0 / 2300 },
    { "10", 400, 400.0 / 2300 },
    { "4", 100, 100.0 / 2300 },     /* 0.04347… */
  };

  top = hp_bottlenecks_compute (profile, HP_METRIC_MEAN, 3);
  assert_bottlenecks (top, expected, 3);

  /* default top 5 = every executed node here; "7" (only cached) is absent */
  all = hp_bottlenecks_compute (profile, HP_METRIC_MEAN, HP_BOTTLENECKS_DEFAULT_TOP);
  assert_bottlenecks (all, expected, 5);

  g_assert_finalize_object (profile);
}

static void
test_bottlenecks_last (void)
{
  HpProfile *profile = bottleneck_profile ();
  g_autoptr(GArray) got = NULL;
  /* last: "2" 1000 (its latest execution, r1), "3" 900, "9"/"10" 400, "4" 150;
   * sum 1000 + 900 + 400 + 400 + 150 = 2850 */
  const ExpectedBottleneck expected[] = {
    { "2", 1000, 1000.0 / 2850 },
    { "3", 900, 900.0 / 2850 },
    { "9", 400, 400.0 / 2850 },
    { "10", 400, 400.0 / 2850 },
    { "4", 150, 150.0 / 2850 },
  };

  /* top_n larger than the node count: all executed nodes, no more */
  got = hp_bottlenecks_compute (profile, HP_METRIC_LAST, 100);
  assert_bottlenecks (got, expected, G_N_ELEMENTS (expected));

  g_assert_finalize_object (profile);
}

static void
test_bottlenecks_median (void)
{
  HpProfile *profile = bottleneck_profile ();
  g_autoptr(GArray) got = NULL;
  /* median: "2" 1000, "9"/"10" 400, "3" 200, "4" 100; sum 2100 */
  const ExpectedBottleneck expected[] = {
    { "2", 1000, 1000.0 / 2100 },
    { "9", 400, 400.0 / 2100 },
    { "10", 400, 400.0 / 2100 },
    { "3", 200, 200.0 / 2100 },
    { "4", 100, 100.0 / 2100 },
  };

  got = hp_bottlenecks_compute (profile, HP_METRIC_MEDIAN, 5);
  assert_bottlenecks (got, expected, G_N_ELEMENTS (expected));

  g_assert_finalize_object (profile);
}

static void
test_bottlenecks_p95 (void)
{
  HpProfile *profile = bottleneck_profile ();
  g_autoptr(GArray) got = NULL;
  /* p95: "2" 1000, "3" 830, "9"/"10" 400, "4" 145; sum 2775 */
  const ExpectedBottleneck expected[] = {
    { "2", 1000, 1000.0 / 2775 },
    { "3", 830, 830.0 / 2775 },
    { "9", 400, 400.0 / 2775 },
    { "10", 400, 400.0 / 2775 },
    { "4", 145, 145.0 / 2775 },
  };

  got = hp_bottlenecks_compute (profile, HP_METRIC_P95, 5);
  assert_bottlenecks (got, expected, G_N_ELEMENTS (expected));

  g_assert_finalize_object (profile);
}

static void
test_bottlenecks_max (void)
{
  HpProfile *profile = bottleneck_profile ();
  g_autoptr(GArray) got = NULL;
  /* max: "2" 1000, "3" 900, "9"/"10" 400, "4" 150; sum 2850; top 2 */
  const ExpectedBottleneck expected[] = {
    { "2", 1000, 1000.0 / 2850 },
    { "3", 900, 900.0 / 2850 },
  };

  got = hp_bottlenecks_compute (profile, HP_METRIC_MAX, 2);
  assert_bottlenecks (got, expected, G_N_ELEMENTS (expected));

  g_assert_finalize_object (profile);
}

static void
test_bottlenecks_empty (void)
{
  HpProfile *profile = bottleneck_profile ();
  HpProfile *empty = hp_profile_new ();
  g_autoptr(GArray) none = NULL;
  g_autoptr(GArray) zero = NULL;

  none = hp_bottlenecks_compute (empty, HP_METRIC_MEAN, 5);
  g_assert_cmpuint (none->len, ==, 0);
  zero = hp_bottlenecks_compute (profile, HP_METRIC_MEAN, 0);
  g_assert_cmpuint (zero->len, ==, 0);

  g_assert_finalize_object (empty);
  g_assert_finalize_object (profile);
}

static void
test_bottlenecks_zero_sum (void)
{
  HpProfile *profile = hp_profile_new ();
  HpRun *run = new_run ("r", 1, 1, HP_RUN_STATUS_SUCCEEDED);
  g_autoptr(GArray) got = NULL;

  /* two executed nodes that took no time: shares are 0, not 0/0 */
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 0);
  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0);
  add_run (profile, run);

  got = hp_bottlenecks_compute (profile, HP_METRIC_MEAN, 5);
  g_assert_cmpuint (got->len, ==, 2);
  g_assert_cmpstr (g_array_index (got, HpBottleneck, 0).node_id, ==, "a");   /* tie: strcmp */
  g_assert_cmpfloat (g_array_index (got, HpBottleneck, 0).share, ==, 0.0);
  g_assert_cmpfloat (g_array_index (got, HpBottleneck, 1).share, ==, 0.0);

  g_assert_finalize_object (profile);
}

static void
test_bottlenecks_id_order (void)
{
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("9", "10"), <, 0);    /* numbers */
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("10", "9"), >, 0);
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("10", "10"), ==, 0);
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("2", "12345678901234567890123"), <, 0);   /* no overflow */
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("10", "9a"), <, 0);   /* strcmp: '1' < '9' */
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("b", "a"), >, 0);
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("", "1"), <, 0);      /* "" is not a number */
  /* same number, different spelling: still a strict order ("007" < "7") */
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("007", "7"), <, 0);
  g_assert_cmpint (hp_bottleneck_compare_node_ids ("7", "007"), >, 0);
}

static guint
rank_of (HpProfile  *profile,
         const char *id)
{
  return hp_node_stats_get_bottleneck_rank (hp_profile_lookup_node_stats (profile, id));
}

static void
test_bottlenecks_apply_ranks (void)
{
  HpProfile *profile = bottleneck_profile ();

  /* mean, top 3: "2", "3", "9" (see test_bottlenecks_mean) */
  hp_bottlenecks_apply_ranks (profile, HP_METRIC_MEAN, 3);
  g_assert_cmpuint (rank_of (profile, "2"), ==, 1);
  g_assert_cmpuint (rank_of (profile, "3"), ==, 2);
  g_assert_cmpuint (rank_of (profile, "9"), ==, 3);
  g_assert_cmpuint (rank_of (profile, "10"), ==, 0);
  g_assert_cmpuint (rank_of (profile, "4"), ==, 0);
  g_assert_cmpuint (rank_of (profile, "7"), ==, 0);

  /* median, top 5: "2", "9", "10", "3", "4"; every old rank replaced */
  hp_bottlenecks_apply_ranks (profile, HP_METRIC_MEDIAN, 5);
  g_assert_cmpuint (rank_of (profile, "2"), ==, 1);
  g_assert_cmpuint (rank_of (profile, "9"), ==, 2);
  g_assert_cmpuint (rank_of (profile, "10"), ==, 3);
  g_assert_cmpuint (rank_of (profile, "3"), ==, 4);
  g_assert_cmpuint (rank_of (profile, "4"), ==, 5);
  g_assert_cmpuint (rank_of (profile, "7"), ==, 0);

  /* top 0 clears every rank */
  hp_bottlenecks_apply_ranks (profile, HP_METRIC_MEDIAN, 0);
  g_assert_cmpuint (rank_of (profile, "2"), ==, 0);
  g_assert_cmpuint (rank_of (profile, "4"), ==, 0);

  g_assert_finalize_object (profile);
}

/* ---- comparison --------------------------------------------------------- */

/* Runs in start order (execution time, then node durations in ms):
 *   r1  t=0    succeeded 10 s   1: 100   2: 200   3: cached  4: —
 *   r2  t=100  succeeded 12 s   1: 300   2: 200   3: 50      4: 0
 *   r3  t=200  failed     1 s   1: 1000  2: failed
 *   r4  t=300  succeeded 15 s   1: 400   2: 250   3: cached  4: 10  */
static HpProfile *
comparison_profile (void)
{
  const char * const ids[] = { "1", "2", "3", "4", NULL };
  HpProfile *profile = hp_profile_new ();
  HpRun *r1 = new_run ("r1", 0, 10, HP_RUN_STATUS_SUCCEEDED);
  HpRun *r2 = new_run ("r2", 100, 12, HP_RUN_STATUS_SUCCEEDED);
  HpRun *r3 = new_run ("r3", 200, 1, HP_RUN_STATUS_FAILED);
  HpRun *r4 = new_run ("r4", 300, 15, HP_RUN_STATUS_SUCCEEDED);

  add_graph_nodes (profile, ids);

  add_node (r1, "1", HP_NODE_STATUS_COMPLETED, 100 * MS);
  add_node (r1, "2", HP_NODE_STATUS_COMPLETED, 200 * MS);
  add_node (r1, "3", HP_NODE_STATUS_CACHED, 0);

  add_node (r2, "1", HP_NODE_STATUS_COMPLETED, 300 * MS);
  add_node (r2, "2", HP_NODE_STATUS_COMPLETED, 200 * MS);
  add_node (r2, "3", HP_NODE_STATUS_COMPLETED, 50 * MS);
  add_node (r2, "4", HP_NODE_STATUS_COMPLETED, 0);

  add_node (r3, "1", HP_NODE_STATUS_COMPLETED, 1000 * MS);
  add_node (r3, "2", HP_NODE_STATUS_FAILED, 30 * MS);

  add_node (r4, "1", HP_NODE_STATUS_COMPLETED, 400 * MS);
  add_node (r4, "2", HP_NODE_STATUS_COMPLETED, 250 * MS);
  add_node (r4, "3", HP_NODE_STATUS_CACHED, 0);
  add_node (r4, "4", HP_NODE_STATUS_COMPLETED, 10 * MS);

  add_run (profile, r4);
  add_run (profile, r2);
  add_run (profile, r1);
  add_run (profile, r3);
  return profile;
}

static void
assert_delta (HpComparison *cmp,
              const char   *id,
              double        current_ms,    /* NAN: absent */
              double        reference_ms,  /* NAN: absent */
              double        expected_pct)  /* NAN: unknown */
{
  const HpNodeDelta *d = hp_comparison_lookup_node (cmp, id);
  gboolean has_delta = !isnan (current_ms) && !isnan (reference_ms);

  g_assert_nonnull (d);
  g_assert_cmpstr (d->node_id, ==, id);
  g_assert_cmpint (d->has_delta, ==, has_delta);
  if (isnan (current_ms))
    g_assert_true (isnan (d->current_us));
  else
    g_assert_cmpfloat_with_epsilon (d->current_us, current_ms * MS, 1e-6);
  if (isnan (reference_ms))
    g_assert_true (isnan (d->reference_us));
  else
    g_assert_cmpfloat_with_epsilon (d->reference_us, reference_ms * MS, 1e-3);

  if (!has_delta)
    {
      g_assert_true (isnan (d->delta_us));
      g_assert_true (isnan (d->delta_pct));
      return;
    }
  g_assert_cmpfloat_with_epsilon (d->delta_us, (current_ms - reference_ms) * MS, 1e-3);
  if (isnan (expected_pct))
    g_assert_true (isnan (d->delta_pct));
  else
    g_assert_cmpfloat_with_epsilon (d->delta_pct, expected_pct, 1e-9);
}

static void
test_comparison_previous (void)
{
  HpProfile *profile = comparison_profile ();
  HpRun *r4 = hp_profile_lookup_run (profile, "r4");
  g_autoptr(HpComparison) cmp = hp_comparison_compute (profile, r4, HP_REFERENCE_PREVIOUS);
  double cur, ref, delta, pct;

  g_assert_nonnull (cmp);
  g_assert_cmpint (hp_comparison_get_kind (cmp), ==, HP_REFERENCE_PREVIOUS);
  g_assert_true (hp_comparison_get_run (cmp) == r4);
  /* r3 failed, so the previous successful run is r2 */
  g_assert_cmpstr (hp_run_get_id (hp_comparison_get_reference_run (cmp)), ==, "r2");

  /* execution 15 s vs 12 s: +3 s, 3/12 = +25 % */
  g_assert_true (hp_comparison_get_total (cmp, &cur, &ref, &delta, &pct));
  g_assert_cmpfloat (cur, ==, 15 * S);
  g_assert_cmpfloat (ref, ==, 12 * S);
  g_assert_cmpfloat (delta, ==, 3 * S);
  g_assert_cmpfloat_with_epsilon (pct, 25.0, 1e-9);
  g_assert_true (hp_comparison_get_total (cmp, NULL, NULL, NULL, NULL));

  /* nodes in graph (node-stats) order */
  g_assert_cmpuint (hp_comparison_get_n_nodes (cmp), ==, 4);
  g_assert_cmpstr (hp_comparison_get_node (cmp, 0)->node_id, ==, "1");
  g_assert_cmpstr (hp_comparison_get_node (cmp, 3)->node_id, ==, "4");
  g_assert_true (hp_comparison_get_node (cmp, 1) == hp_comparison_lookup_node (cmp, "2"));

  assert_delta (cmp, "1", 400, 300, 100.0 / 300 * 100);   /* +100 ms, +33.33… % */
  assert_delta (cmp, "2", 250, 200, 25.0);                /* +50 ms, 50/200 */
  assert_delta (cmp, "3", NAN, 50, NAN);                  /* cached now: no delta */
  assert_delta (cmp, "4", 10, 0, NAN);                    /* +10 ms, reference 0 → NaN % */

  g_assert_null (hp_comparison_lookup_node (cmp, "hp-test-analysis-unknown-node-91b2"));

  g_assert_finalize_object (profile);
}

static void
test_comparison_previous_none (void)
{
  HpProfile *profile = comparison_profile ();
  g_autoptr(HpComparison) first = NULL;
  g_autoptr(HpComparison) after_failed = NULL;

  /* the first run has nothing before it */
  first = hp_comparison_compute (profile, hp_profile_lookup_run (profile, "r1"), HP_REFERENCE_PREVIOUS);
  g_assert_null (first);

  /* a failed run is judged too, against r2 */
  after_failed = hp_comparison_compute (profile, hp_profile_lookup_run (profile, "r3"), HP_REFERENCE_PREVIOUS);
  g_assert_nonnull (after_failed);
  g_assert_cmpstr (hp_run_get_id (hp_comparison_get_reference_run (after_failed)), ==, "r2");
  assert_delta (after_failed, "1", 1000, 300, 700.0 / 300 * 100);
  assert_delta (after_failed, "2", NAN, 200, NAN);   /* failed now */

  g_clear_pointer (&after_failed, hp_comparison_unref);
  g_assert_finalize_object (profile);
}

static void
test_comparison_mean (void)
{
  HpProfile *profile = comparison_profile ();
  g_autoptr(HpComparison) cmp = NULL;
  g_autoptr(HpComparison) second = NULL;
  g_autoptr(HpComparison) first = NULL;
  double cur, ref, delta, pct;

  cmp = hp_comparison_compute (profile, hp_profile_lookup_run (profile, "r4"), HP_REFERENCE_MEAN);
  g_assert_nonnull (cmp);
  g_assert_cmpint (hp_comparison_get_kind (cmp), ==, HP_REFERENCE_MEAN);
  g_assert_null (hp_comparison_get_reference_run (cmp));

  /* total: succeeded runs before r4 are r1 (10 s), r2 (12 s): mean 11 s;
   * 15 − 11 = +4 s, 4/11 = +36.36… % (r3 failed: left out) */
  g_assert_true (hp_comparison_get_total (cmp, &cur, &ref, &delta, &pct));
  g_assert_cmpfloat (cur, ==, 15 * S);
  g_assert_cmpfloat_with_epsilon (ref, 11 * S, 1e-6);
  g_assert_cmpfloat_with_epsilon (delta, 4 * S, 1e-6);
  g_assert_cmpfloat_with_epsilon (pct, 400.0 / 11, 1e-9);

  /* "1": executed in r1, r2, r3 (the run failed, the node completed):
   *   (100 + 300 + 1000) / 3 = 466.67 ms; 400 − 466.67 = −66.67 ms;
   *   −66.67 / 466.67 = −1/7 = −14.2857 % */
  assert_delta (cmp, "1", 400, 1400.0 / 3, -100.0 / 7);
  /* "2": r1 200, r2 200 (failed in r3): 200; +50 ms, +25 % */
  assert_delta (cmp, "2", 250, 200, 25.0);
  /* "3": only r2 executed it (50); cached now */
  assert_delta (cmp, "3", NAN, 50, NAN);
  /* "4": only r2 (0 ms): +10 ms, NaN % */
  assert_delta (cmp, "4", 10, 0, NAN);

  /* r2 against the mean of r1 only (later runs do not count) */
  second = hp_comparison_compute (profile, hp_profile_lookup_run (profile, "r2"), HP_REFERENCE_MEAN);
  g_assert_nonnull (second);
  g_assert_true (hp_comparison_get_total (second, NULL, &ref, &delta, &pct));
  g_assert_cmpfloat (ref, ==, 10 * S);
  g_assert_cmpfloat (delta, ==, 2 * S);           /* 12 − 10 */
  g_assert_cmpfloat_with_epsilon (pct, 20.0, 1e-9);
  assert_delta (second, "1", 300, 100, 200.0);    /* +200 ms, +200 % */
  assert_delta (second, "2", 200, 200, 0.0);      /* no change */
  assert_delta (second, "3", 50, NAN, NAN);       /* r1 had it cached */
  assert_delta (second, "4", 0, NAN, NAN);        /* r1 did not have it */

  /* no history before the first run */
  first = hp_comparison_compute (profile, hp_profile_lookup_run (profile, "r1"), HP_REFERENCE_MEAN);
  g_assert_null (first);

  g_clear_pointer (&cmp, hp_comparison_unref);
  g_clear_pointer (&second, hp_comparison_unref);
  g_assert_finalize_object (profile);
}

static void
test_comparison_baseline (void)
{
  HpProfile *profile = comparison_profile ();
  HpRun *r1 = hp_profile_lookup_run (profile, "r1");
  HpRun *r4 = hp_profile_lookup_run (profile, "r4");
  g_autoptr(HpComparison) none = NULL;
  g_autoptr(HpComparison) self_cmp = NULL;
  g_autoptr(HpComparison) cmp = NULL;
  g_autoptr(HpComparison) copy = NULL;
  double delta, pct;

  /* nothing pinned */
  none = hp_comparison_compute (profile, r4, HP_REFERENCE_BASELINE);
  g_assert_null (none);

  hp_profile_set_baseline (profile, r1);

  /* the baseline against itself */
  self_cmp = hp_comparison_compute (profile, r1, HP_REFERENCE_BASELINE);
  g_assert_null (self_cmp);

  cmp = hp_comparison_compute (profile, r4, HP_REFERENCE_BASELINE);
  g_assert_nonnull (cmp);
  g_assert_cmpint (hp_comparison_get_kind (cmp), ==, HP_REFERENCE_BASELINE);
  g_assert_true (hp_comparison_get_reference_run (cmp) == r1);

  /* 15 s vs 10 s: +5 s, +50 % */
  g_assert_true (hp_comparison_get_total (cmp, NULL, NULL, &delta, &pct));
  g_assert_cmpfloat (delta, ==, 5 * S);
  g_assert_cmpfloat_with_epsilon (pct, 50.0, 1e-9);

  assert_delta (cmp, "1", 400, 100, 300.0);     /* +300 ms, +300 % */
  assert_delta (cmp, "2", 250, 200, 25.0);
  assert_delta (cmp, "3", NAN, NAN, NAN);       /* cached on both sides */
  assert_delta (cmp, "4", 10, NAN, NAN);        /* not in the baseline */

  /* boxed: a copy is another reference to the same comparison */
  copy = g_boxed_copy (HP_TYPE_COMPARISON, cmp);
  g_assert_true (copy == cmp);

  /* the comparison keeps its runs alive after the profile goes */
  g_clear_pointer (&copy, hp_comparison_unref);
  g_assert_finalize_object (profile);
  g_assert_cmpstr (hp_run_get_id (hp_comparison_get_run (cmp)), ==, "r4");
  g_assert_cmpstr (hp_run_get_id (hp_comparison_get_reference_run (cmp)), ==, "r1");
}

static void
test_comparison_total_unknown (void)
{
  HpProfile *profile = comparison_profile ();
  HpRun *running = new_run ("r5", 400, -1, HP_RUN_STATUS_RUNNING);   /* not finished */
  g_autoptr(HpComparison) cmp = NULL;
  double cur = 0, ref = 0, delta = 0, pct = 0;

  add_node (running, "1", HP_NODE_STATUS_COMPLETED, 500 * MS);
  add_node (running, "2", HP_NODE_STATUS_RUNNING, -1);
  add_run (profile, running);

  cmp = hp_comparison_compute (profile, hp_profile_lookup_run (profile, "r5"), HP_REFERENCE_PREVIOUS);
  g_assert_nonnull (cmp);
  g_assert_cmpstr (hp_run_get_id (hp_comparison_get_reference_run (cmp)), ==, "r4");
  g_assert_false (hp_comparison_get_total (cmp, &cur, &ref, &delta, &pct));
  g_assert_true (isnan (cur));
  g_assert_cmpfloat (ref, ==, 15 * S);   /* the reference side is known */
  g_assert_true (isnan (delta));
  g_assert_true (isnan (pct));
  assert_delta (cmp, "1", 500, 400, 25.0);
  assert_delta (cmp, "2", NAN, 250, NAN);    /* still running */

  g_clear_pointer (&cmp, hp_comparison_unref);
  g_assert_finalize_object (profile);
}

/* ---- regressions -------------------------------------------------------- */

typedef struct {
  const char *id;
  double      reference_ms;
  double      current_ms;
} Pair;

/* A profile of two runs, "ref" pinned as baseline and "cur" after it. */
static HpProfile *
pair_profile (const Pair *pairs,
              guint       n_pairs,
              double      reference_s,
              double      current_s)
{
  HpProfile *profile = hp_profile_new ();
  HpRun *ref = new_run ("ref", 0, reference_s, HP_RUN_STATUS_SUCCEEDED);
  HpRun *cur = new_run ("cur", 100, current_s, HP_RUN_STATUS_SUCCEEDED);

  for (guint i = 0; i < n_pairs; i++)
    {
      g_assert_nonnull (hp_workflow_graph_add_node (hp_profile_get_graph (profile), pairs[i].id, "T", NULL, NULL));
      add_node (ref, pairs[i].id, HP_NODE_STATUS_COMPLETED, pairs[i].reference_ms * MS);
      add_node (cur, pairs[i].id, HP_NODE_STATUS_COMPLETED, pairs[i].current_ms * MS);
    }
  add_run (profile, ref);
  add_run (profile, cur);
  hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, "ref"));
  return profile;
}

static void
assert_regression (GArray     *regressions,
                   guint       i,
                   const char *id,
                   double      delta_us,
                   double      delta_pct)
{
  const HpRegression *r;

  g_assert_cmpuint (i, <, regressions->len);
  r = &g_array_index (regressions, HpRegression, i);
  g_assert_cmpstr (r->node_id, ==, id);
  g_assert_cmpfloat_with_epsilon (r->delta_us, delta_us, 1e-6);
  g_assert_cmpfloat_with_epsilon (r->delta_pct, delta_pct, 1e-9);
}

/* Limits chosen so that "exactly at" is exact in binary: 25 % (= 1/4) and
 * a 100 ms noise floor. Both must be exceeded, strictly. */
static void
test_regressions_limits (void)
{
  const Pair pairs[] = {
    { "at-both", 400, 500 },          /* +100 ms, +25 %: at both limits → no */
    { "above-both", 400, 500.004 },   /* +100.004 ms, +25.001 % → yes */
    { "pct-below", 1000, 1249.999 },  /* +249.999 ms, +24.9999 % → no */
    { "floor-below", 200, 299.999 },  /* +99.999 ms, +49.9995 % → no */
    { "zero-ref", 0, 500 },           /* +500 ms, NaN % → never */
    { "faster", 400, 300 },           /* −100 ms → no */
    { "above-both-2", 400, 500.001 }, /* +100.001 ms, +25.00025 % → yes */
    { "pct-at", 800, 1000 },          /* +200 ms, exactly +25 % → no */
    { "floor-at", 200, 300 },         /* exactly +100 ms, +50 % → no */
  };
  /* whole run 10 s → 12.6 s: +2.6 s, +26 % → yes, listed first */
  HpProfile *profile = pair_profile (pairs, G_N_ELEMENTS (pairs), 10, 12.6);
  g_autoptr(HpComparison) cmp = NULL;
  g_autoptr(GArray) strict = NULL;
  g_autoptr(GArray) defaults = NULL;

  cmp = hp_comparison_compute (profile, hp_profile_lookup_run (profile, "cur"), HP_REFERENCE_BASELINE);
  g_assert_nonnull (cmp);

  strict = hp_comparison_find_regressions (cmp, 25.0, 100000.0);
  g_assert_cmpuint (strict->len, ==, 3);
  assert_regression (strict, 0, NULL, 2.6 * S, 26.0);
  assert_regression (strict, 1, "above-both", 100004, 100004.0 / 400000 * 100);    /* 25.001 % */
  assert_regression (strict, 2, "above-both-2", 100001, 100001.0 / 400000 * 100);  /* 25.00025 % */

  /* defaults 20 % and 50 ms: everything slower by ≥ 24.9999 % and ≥ 99.999 ms */
  defaults = hp_comparison_find_regressions (cmp, HP_REGRESSION_DEFAULT_THRESHOLD_PCT,
                                             HP_REGRESSION_DEFAULT_NOISE_FLOOR_US);
  g_assert_cmpuint (defaults->len, ==, 8);
  assert_regression (defaults, 0, NULL, 2.6 * S, 26.0);
  assert_regression (defaults, 1, "at-both", 100000, 25.0);
  assert_regression (defaults, 2, "above-both", 100004, 25.001);
  assert_regression (defaults, 3, "pct-below", 249999, 24.9999);
  assert_regression (defaults, 4, "floor-below", 99999, 49.9995);
  assert_regression (defaults, 5, "above-both-2", 100001, 25.00025);
  assert_regression (defaults, 6, "pct-at", 200000, 25.0);
  assert_regression (defaults, 7, "floor-at", 100000, 50.0);

  g_clear_pointer (&cmp, hp_comparison_unref);
  g_assert_finalize_object (profile);
}

static void
test_regressions_defaults (void)
{
  const Pair pairs[] = {
    { "a", 250, 300.001 },   /* +50.001 ms, +20.0004 % → yes, just above both */
    { "b", 1000, 1199 },     /* +199 ms, +19.9 % → no, just below the threshold */
    { "c", 100, 149.999 },   /* +49.999 ms, +49.999 % → no, just below the floor */
    { "d", 100, 160 },       /* +60 ms, +60 % → yes */
  };
  /* whole run 100 ms → 140 ms: +40 %, but only +40 ms < 50 ms → not listed */
  HpProfile *profile = pair_profile (pairs, G_N_ELEMENTS (pairs), 0.1, 0.14);
  g_autoptr(HpComparison) cmp = NULL;
  g_autoptr(GArray) got = NULL;
  g_autoptr(GArray) lenient = NULL;
  double pct;

  cmp = hp_comparison_compute (profile, hp_profile_lookup_run (profile, "cur"), HP_REFERENCE_BASELINE);
  g_assert_true (hp_comparison_get_total (cmp, NULL, NULL, NULL, &pct));
  g_assert_cmpfloat_with_epsilon (pct, 40.0, 1e-9);

  got = hp_comparison_find_regressions (cmp, HP_REGRESSION_DEFAULT_THRESHOLD_PCT,
                                        HP_REGRESSION_DEFAULT_NOISE_FLOOR_US);
  g_assert_cmpuint (got->len, ==, 2);
  assert_regression (got, 0, "a", 50001, 50001.0 / 250000 * 100);   /* 20.0004 % */
  assert_regression (got, 1, "d", 60000, 60.0);

  /* a 30 ms floor lets the whole run (+40 ms) in, first, and "c" (+49.999 ms) */
  lenient = hp_comparison_find_regressions (cmp, 20.0, 30000);
  g_assert_cmpuint (lenient->len, ==, 4);
  assert_regression (lenient, 0, NULL, 40000, 40.0);
  assert_regression (lenient, 1, "a", 50001, 20.0004);
  assert_regression (lenient, 2, "c", 49999, 49.999);
  assert_regression (lenient, 3, "d", 60000, 60.0);

  g_clear_pointer (&cmp, hp_comparison_unref);
  g_assert_finalize_object (profile);
}

static void
test_heat_levels (void)
{
  /* Defaults 5 % and 20 %: the lower bound of each class belongs to it. */
  g_assert_cmpint (hp_heat_level_for_share (0.0, 5, 20), ==, HP_HEAT_LOW);
  g_assert_cmpint (hp_heat_level_for_share (0.0499, 5, 20), ==, HP_HEAT_LOW);    /* 4.99 % */
  g_assert_cmpint (hp_heat_level_for_share (0.05, 5, 20), ==, HP_HEAT_MEDIUM);   /* 5 % */
  g_assert_cmpint (hp_heat_level_for_share (0.1999, 5, 20), ==, HP_HEAT_MEDIUM); /* 19.99 % */
  g_assert_cmpint (hp_heat_level_for_share (0.25, 5, 20), ==, HP_HEAT_HIGH);     /* 25 % */
  g_assert_cmpint (hp_heat_level_for_share (1.0, 5, 20), ==, HP_HEAT_HIGH);
  /* a node that never ran is not hot */
  g_assert_cmpint (hp_heat_level_for_share (NAN, 5, 20), ==, HP_HEAT_LOW);
  /* user thresholds 10 % / 50 %: 30 % is medium, not high */
  g_assert_cmpint (hp_heat_level_for_share (0.30, 10, 50), ==, HP_HEAT_MEDIUM);
}

static void
test_change_classify (void)
{
  /* threshold 20 %, noise floor 50 ms = 50000 µs; both must be exceeded */
  g_assert_cmpint (hp_change_classify (60000, 25, 20, 50000), ==, HP_CHANGE_SLOWER);
  g_assert_cmpint (hp_change_classify (60000, 20, 20, 50000), ==, HP_CHANGE_SAME);   /* at the threshold */
  g_assert_cmpint (hp_change_classify (50000, 25, 20, 50000), ==, HP_CHANGE_SAME);   /* at the floor */
  g_assert_cmpint (hp_change_classify (-60000, -25, 20, 50000), ==, HP_CHANGE_FASTER);
  g_assert_cmpint (hp_change_classify (-400000, -13.3, 20, 50000), ==, HP_CHANGE_SAME); /* big but under 20 % */
  g_assert_cmpint (hp_change_classify (-10000, -90, 20, 50000), ==, HP_CHANGE_SAME);  /* fast but under 50 ms */
  g_assert_cmpint (hp_change_classify (60000, NAN, 20, 50000), ==, HP_CHANGE_SAME);   /* zero reference */
}

/* cli-small.hotpath's r4, built here: execution 2600 ms; Load cached,
 * Sample 2400 ms, Save 200 ms. */
static void
test_bottlenecks_for_run (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(HpRun) run = hp_run_new ("r4");
  g_autoptr(HpRun) unknown = hp_run_new ("no-times");
  g_autoptr(HpNodeRun) load = hp_node_run_new ("1", HP_NODE_STATUS_CACHED);
  g_autoptr(HpNodeRun) sample = hp_node_run_new ("2", HP_NODE_STATUS_COMPLETED);
  g_autoptr(HpNodeRun) save = hp_node_run_new ("3", HP_NODE_STATUS_COMPLETED);
  g_autoptr(HpNodeRun) a = hp_node_run_new ("a", HP_NODE_STATUS_COMPLETED);
  g_autoptr(HpNodeRun) b = hp_node_run_new ("b", HP_NODE_STATUS_COMPLETED);
  g_autoptr(GArray) top = NULL;
  g_autoptr(GArray) sums = NULL;
  const HpBottleneck *first;

  hp_run_set_started_us (run, 1000000);
  hp_run_set_finished_us (run, 1000000 + 2600000);
  hp_node_run_set_duration_us (load, 0);
  hp_node_run_set_duration_us (sample, 2400000);
  hp_node_run_set_duration_us (save, 200000);
  hp_run_add_node_run (run, load);
  hp_run_add_node_run (run, sample);
  hp_run_add_node_run (run, save);
  g_assert_true (hp_profile_add_run (profile, run, NULL));

  top = hp_bottlenecks_compute_for_run (profile, run, 5);
  /* cached Load is not a bottleneck; shares of the 2600 ms run */
  g_assert_cmpuint (top->len, ==, 2);
  first = &g_array_index (top, HpBottleneck, 0);
  g_assert_cmpstr (first->node_id, ==, "2");
  g_assert_cmpuint (first->rank, ==, 1);
  g_assert_cmpfloat_with_epsilon (first->value_us, 2400000, 1e-9);
  g_assert_cmpfloat_with_epsilon (first->share, 2400.0 / 2600, 1e-12);   /* 92.3 % */
  g_assert_nonnull (first->stats);
  g_assert_cmpfloat_with_epsilon (g_array_index (top, HpBottleneck, 1).share, 200.0 / 2600, 1e-12);

  /* Without run times, shares are of the node sum: 300 / (300 + 100) */
  hp_node_run_set_duration_us (a, 300000);
  hp_node_run_set_duration_us (b, 100000);
  hp_run_add_node_run (unknown, a);
  hp_run_add_node_run (unknown, b);
  g_assert_true (hp_profile_add_run (profile, unknown, NULL));
  sums = hp_bottlenecks_compute_for_run (profile, unknown, 1);
  g_assert_cmpuint (sums->len, ==, 1);
  g_assert_cmpstr (g_array_index (sums, HpBottleneck, 0).node_id, ==, "a");
  g_assert_cmpfloat_with_epsilon (g_array_index (sums, HpBottleneck, 0).share, 0.75, 1e-12);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/metric/names", test_metric_names);
  g_test_add_func ("/analysis/bottlenecks/mean", test_bottlenecks_mean);
  g_test_add_func ("/analysis/bottlenecks/last", test_bottlenecks_last);
  g_test_add_func ("/analysis/bottlenecks/median", test_bottlenecks_median);
  g_test_add_func ("/analysis/bottlenecks/p95", test_bottlenecks_p95);
  g_test_add_func ("/analysis/bottlenecks/max", test_bottlenecks_max);
  g_test_add_func ("/analysis/bottlenecks/empty", test_bottlenecks_empty);
  g_test_add_func ("/analysis/bottlenecks/zero-sum", test_bottlenecks_zero_sum);
  g_test_add_func ("/analysis/bottlenecks/id-order", test_bottlenecks_id_order);
  g_test_add_func ("/analysis/bottlenecks/apply-ranks", test_bottlenecks_apply_ranks);
  g_test_add_func ("/analysis/comparison/previous", test_comparison_previous);
  g_test_add_func ("/analysis/comparison/previous-none", test_comparison_previous_none);
  g_test_add_func ("/analysis/comparison/mean", test_comparison_mean);
  g_test_add_func ("/analysis/comparison/baseline", test_comparison_baseline);
  g_test_add_func ("/analysis/comparison/total-unknown", test_comparison_total_unknown);
  g_test_add_func ("/analysis/regressions/limits", test_regressions_limits);
  g_test_add_func ("/analysis/regressions/defaults", test_regressions_defaults);

  g_test_add_func ("/analysis/heat/levels", test_heat_levels);
  g_test_add_func ("/analysis/bottlenecks/for-run", test_bottlenecks_for_run);
  g_test_add_func ("/analysis/change/classify", test_change_classify);
  return g_test_run ();
}
