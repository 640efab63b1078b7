/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The heatmap: the figure and colour class of every node for a run, a
 * metric and a mode (what the graph canvas paints).
 *
 * tests/fixtures/cli-small.hotpath, worked by hand (ms; runs in start order):
 *   r1 succeeded  exec 3000   1 Load: 1000     2 Sample: 1800             3 Save: 200
 *   r2 succeeded  exec 2100   1: cached        2: 1900                    3: 200
 *   r3 failed     exec  500   1: cached        2: failed (500)            3: skipped
 *   r4 succeeded  exec 2600   1: cached        2: 2400                    3: 200
 * Executed (completed) durations only count in statistics:
 *   Load   [1000]              mean 1000    last 1000
 *   Sample [1800, 1900, 2400]  mean 6100/3 = 2033.33   last 2400
 *   Save   [200, 200, 200]     mean 200     last 200 */
#include <glib.h>
#include <math.h>

#include "hp-heatmap.h"
#include "hp-profile-io.h"

#define MS 1000.0  /* µs per millisecond */

static HpProfile *
load_small (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "cli-small.hotpath", NULL);
  HpProfile *profile = hp_profile_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static HpHeatmap *
compute (HpProfile     *profile,
         const char    *run_id,
         HpHeatmapMode  mode,
         HpMetric       metric)
{
  HpHeatmapOptions options;
  HpRun *run = run_id != NULL ? hp_profile_lookup_run (profile, run_id) : NULL;

  g_assert_true (run_id == NULL || run != NULL);
  hp_heatmap_options_init (&options);
  options.mode = mode;
  options.metric = metric;
  return hp_heatmap_compute (profile, run, &options);
}

static void
test_defaults (void)
{
  HpHeatmapOptions options;
  HpHeatmapMode mode = HP_HEATMAP_CHANGE;

  hp_heatmap_options_init (&options);
  g_assert_cmpint (options.mode, ==, HP_HEATMAP_SHARE);
  g_assert_cmpfloat (options.low_pct, ==, 5.0);
  g_assert_cmpfloat (options.high_pct, ==, 20.0);
  g_assert_cmpfloat (options.threshold_pct, ==, 20.0);
  g_assert_cmpfloat (options.noise_floor_us, ==, 50 * MS);
  g_assert_cmpuint (options.top_n, ==, 5);

  g_assert_cmpstr (hp_heatmap_mode_to_string (HP_HEATMAP_SHARE), ==, "share");
  g_assert_cmpstr (hp_heatmap_mode_to_string (HP_HEATMAP_CHANGE), ==, "change");
  g_assert_true (hp_heatmap_mode_from_string ("share", &mode));
  g_assert_cmpint (mode, ==, HP_HEATMAP_SHARE);
  g_assert_true (hp_heatmap_mode_from_string ("change", &mode));
  g_assert_cmpint (mode, ==, HP_HEATMAP_CHANGE);
  /* Unknown names leave the output alone. */
  g_assert_false (hp_heatmap_mode_from_string ("Share", &mode));
  g_assert_false (hp_heatmap_mode_from_string ("", &mode));
  g_assert_false (hp_heatmap_mode_from_string (NULL, &mode));
  g_assert_cmpint (mode, ==, HP_HEATMAP_CHANGE);

  g_assert_cmpstr (hp_heat_class_label (HP_HEAT_CLASS_CACHED), ==, "cached");
  g_assert_cmpstr (hp_heat_class_label (HP_HEAT_CLASS_SLOWER), ==, "slower");
}

static void
test_share_last_run (void)
{
  g_autoptr(HpProfile) profile = load_small ();
  g_autoptr(HpHeatmap) map = compute (profile, "r4", HP_HEATMAP_SHARE, HP_METRIC_LAST);
  const HpHeatmapCell *load, *sample, *save;

  g_assert_cmpuint (hp_heatmap_get_n_cells (map), ==, 3);
  /* Cells follow the graph's order. */
  g_assert_cmpstr (hp_heatmap_get_cell (map, 0)->node_id, ==, "1");
  g_assert_cmpstr (hp_heatmap_get_cell (map, 2)->node_id, ==, "3");
  /* r4 ran from 1700000300000 to 1700000302600 ms: 2600 ms. */
  g_assert_cmpfloat (hp_heatmap_get_total_us (map), ==, 2600 * MS);

  sample = hp_heatmap_lookup (map, "2");
  g_assert_nonnull (sample);
  g_assert_true (sample->in_run && sample->did_run);
  g_assert_cmpint (sample->status, ==, HP_NODE_STATUS_COMPLETED);
  g_assert_cmpfloat (sample->run_us, ==, 2400 * MS);
  /* 2400 / 2600 = 0.923 → 92.3 % ≥ 20 % → high */
  g_assert_cmpfloat_with_epsilon (sample->share, 2400.0 / 2600.0, 1e-12);
  g_assert_cmpint (sample->heat_class, ==, HP_HEAT_CLASS_HIGH);

  save = hp_heatmap_lookup (map, "3");
  /* 200 / 2600 = 7.7 %: from 5 % up to 20 % → medium */
  g_assert_cmpfloat_with_epsilon (save->share, 200.0 / 2600.0, 1e-12);
  g_assert_cmpint (save->heat_class, ==, HP_HEAT_CLASS_MEDIUM);

  load = hp_heatmap_lookup (map, "1");
  g_assert_true (load->in_run && load->did_run);
  g_assert_cmpint (load->status, ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (load->heat_class, ==, HP_HEAT_CLASS_CACHED);
  g_assert_cmpfloat (load->share, ==, 0.0);

  /* Ranks the nodes that ran in r4, as the bottleneck panel does for the
   * selected run: Sample 2400, Save 200; Load was cached (no rank). */
  g_assert_cmpuint (sample->bottleneck_rank, ==, 1);
  g_assert_cmpuint (save->bottleneck_rank, ==, 2);
  g_assert_cmpuint (load->bottleneck_rank, ==, 0);

  g_assert_null (hp_heatmap_lookup (map, "99"));
  g_assert_null (hp_heatmap_lookup (map, NULL));
}

static void
test_share_thresholds (void)
{
  g_autoptr(HpProfile) profile = load_small ();
  g_autoptr(HpHeatmap) map = NULL;
  HpHeatmapOptions options;

  hp_heatmap_options_init (&options);
  options.metric = HP_METRIC_LAST;
  /* Save's 7.7 % is below a 10 % yellow line; Sample's 92.3 % is below a
   * 95 % red line. */
  options.low_pct = 10.0;
  options.high_pct = 95.0;
  options.top_n = 1;
  map = hp_heatmap_compute (profile, hp_profile_lookup_run (profile, "r4"), &options);
  g_assert_cmpint (hp_heatmap_lookup (map, "3")->heat_class, ==, HP_HEAT_CLASS_LOW);
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_MEDIUM);
  /* Only the top 1 is ranked. */
  g_assert_cmpuint (hp_heatmap_lookup (map, "2")->bottleneck_rank, ==, 1);
  g_assert_cmpuint (hp_heatmap_lookup (map, "1")->bottleneck_rank, ==, 0);
}

static void
test_share_failed_run (void)
{
  g_autoptr(HpProfile) profile = load_small ();
  g_autoptr(HpHeatmap) map = compute (profile, "r3", HP_HEATMAP_SHARE, HP_METRIC_LAST);
  const HpHeatmapCell *sample = hp_heatmap_lookup (map, "2");
  const HpHeatmapCell *save = hp_heatmap_lookup (map, "3");

  /* r3 ran 500 ms; Sample failed after 500 ms: the time went there,
   * 500 / 500 = 100 % → high. */
  g_assert_cmpfloat (hp_heatmap_get_total_us (map), ==, 500 * MS);
  g_assert_cmpint (sample->status, ==, HP_NODE_STATUS_FAILED);
  g_assert_true (sample->did_run);
  g_assert_cmpfloat (sample->share, ==, 1.0);
  g_assert_cmpint (sample->heat_class, ==, HP_HEAT_CLASS_HIGH);
  /* Save was skipped: recorded, but did not run; no figure. */
  g_assert_true (save->in_run);
  g_assert_false (save->did_run);
  g_assert_true (isnan (save->run_us));
  g_assert_true (isnan (save->share));
  g_assert_cmpint (save->heat_class, ==, HP_HEAT_CLASS_NONE);
  g_assert_cmpint (hp_heatmap_lookup (map, "1")->heat_class, ==, HP_HEAT_CLASS_CACHED);
}

static void
test_share_mean (void)
{
  g_autoptr(HpProfile) profile = load_small ();
  g_autoptr(HpHeatmap) map = compute (profile, "r4", HP_HEATMAP_SHARE, HP_METRIC_MEAN);
  const HpHeatmapCell *load = hp_heatmap_lookup (map, "1");
  const HpHeatmapCell *sample = hp_heatmap_lookup (map, "2");
  const HpHeatmapCell *save = hp_heatmap_lookup (map, "3");
  /* Sum of means: 1000 + 2033.33 + 200 = 3233.33 ms */
  double total = 1000 * MS + 6100 * MS / 3 + 200 * MS;

  g_assert_cmpfloat_with_epsilon (hp_heatmap_get_total_us (map), total, 1e-6);
  /* Load: 1000 / 3233.33 = 30.9 % → high, though cached in r4 (the figure
   * is its history; the run's status is still reported). */
  g_assert_cmpfloat_with_epsilon (load->share, 1000 * MS / total, 1e-12);
  g_assert_cmpint (load->heat_class, ==, HP_HEAT_CLASS_HIGH);
  g_assert_cmpint (load->status, ==, HP_NODE_STATUS_CACHED);
  /* Sample: 2033.33 / 3233.33 = 62.9 % → high */
  g_assert_cmpfloat_with_epsilon (sample->value_us, 6100 * MS / 3, 1e-6);
  g_assert_cmpint (sample->heat_class, ==, HP_HEAT_CLASS_HIGH);
  g_assert_cmpfloat (sample->run_us, ==, 2400 * MS);
  /* Save: 200 / 3233.33 = 6.2 % → medium */
  g_assert_cmpfloat_with_epsilon (save->share, 200 * MS / total, 1e-12);
  g_assert_cmpint (save->heat_class, ==, HP_HEAT_CLASS_MEDIUM);
  /* Ranks by mean: Sample, Load, Save. */
  g_assert_cmpuint (sample->bottleneck_rank, ==, 1);
  g_assert_cmpuint (load->bottleneck_rank, ==, 2);
  g_assert_cmpuint (save->bottleneck_rank, ==, 3);
}

static void
test_change (void)
{
  g_autoptr(HpProfile) profile = load_small ();
  g_autoptr(HpHeatmap) map = compute (profile, "r4", HP_HEATMAP_CHANGE, HP_METRIC_MEAN);
  const HpHeatmapCell *sample = hp_heatmap_lookup (map, "2");
  const HpHeatmapCell *save = hp_heatmap_lookup (map, "3");
  HpHeatmapOptions options;

  g_assert_true (isnan (hp_heatmap_get_total_us (map)));
  /* Sample in r4: 2400 vs the mean of its earlier completed runs r1, r2
   * (1800, 1900 → 1850; r3 failed) → +550 ms, +29.73 %: over 20 % and
   * 50 ms → slower (the comparison panel's "mean" says the same). */
  g_assert_cmpfloat_with_epsilon (sample->reference_us, 1850 * MS, 1e-6);
  g_assert_cmpfloat_with_epsilon (sample->delta_us, 550 * MS, 1e-6);
  g_assert_cmpfloat_with_epsilon (sample->delta_pct, 550.0 / 1850 * 100, 1e-9);
  g_assert_cmpint (sample->heat_class, ==, HP_HEAT_CLASS_SLOWER);
  /* Save: 200 vs 200 → 0 → same */
  g_assert_cmpfloat (save->delta_us, ==, 0.0);
  g_assert_cmpint (save->heat_class, ==, HP_HEAT_CLASS_SAME);
  g_assert_cmpint (hp_heatmap_lookup (map, "1")->heat_class, ==, HP_HEAT_CLASS_CACHED);
  g_clear_pointer (&map, hp_heatmap_unref);

  /* At 30 %: +29.73 % is not enough → same. */
  hp_heatmap_options_init (&options);
  options.mode = HP_HEATMAP_CHANGE;
  options.threshold_pct = 30.0;
  map = hp_heatmap_compute (profile, hp_profile_lookup_run (profile, "r4"), &options);
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_SAME);
  g_clear_pointer (&map, hp_heatmap_unref);

  /* At 20 % with a 600 ms floor, the 550 ms are swallowed → same. */
  options.threshold_pct = 20.0;
  options.noise_floor_us = 600 * MS;
  map = hp_heatmap_compute (profile, hp_profile_lookup_run (profile, "r4"), &options);
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_SAME);
  g_clear_pointer (&map, hp_heatmap_unref);

  /* r2: Sample 1900 vs r1's 1800 → +100 ms, +5.6 %: same at 20 %, slower at 5 %. */
  options.noise_floor_us = 50 * MS;
  options.threshold_pct = 5.0;
  map = hp_heatmap_compute (profile, hp_profile_lookup_run (profile, "r2"), &options);
  g_assert_cmpfloat_with_epsilon (hp_heatmap_lookup (map, "2")->delta_pct, 100.0 / 1800 * 100, 1e-9);
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_SLOWER);
  g_clear_pointer (&map, hp_heatmap_unref);

  /* r1 is the first run: no history, so no change class at all. */
  map = hp_heatmap_compute (profile, hp_profile_lookup_run (profile, "r1"), &options);
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_NONE);
  g_assert_true (isnan (hp_heatmap_lookup (map, "2")->delta_us));
  g_clear_pointer (&map, hp_heatmap_unref);

  /* r3: a failed node and a skipped node have nothing to compare. */
  map = hp_heatmap_compute (profile, hp_profile_lookup_run (profile, "r3"), &options);
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_NONE);
  g_assert_true (isnan (hp_heatmap_lookup (map, "2")->delta_us));
  g_assert_cmpint (hp_heatmap_lookup (map, "3")->heat_class, ==, HP_HEAT_CLASS_NONE);
}

static void
test_no_runs (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(HpHeatmap) map = NULL;
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpHeatmapOptions options;

  g_assert_nonnull (hp_workflow_graph_add_node (graph, "a", "T", "A", NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "b", "T", "B", NULL));
  hp_heatmap_options_init (&options);
  for (int mode = HP_HEATMAP_SHARE; mode <= HP_HEATMAP_CHANGE; mode++)
    for (int metric = HP_METRIC_MEAN; metric <= HP_METRIC_MAX; metric++)
      {
        options.mode = mode;
        options.metric = metric;
        map = hp_heatmap_compute (profile, NULL, &options);
        g_assert_null (hp_heatmap_get_run (map));
        g_assert_cmpuint (hp_heatmap_get_n_cells (map), ==, 2);
        for (guint i = 0; i < 2; i++)
          {
            const HpHeatmapCell *cell = hp_heatmap_get_cell (map, i);

            g_assert_false (cell->in_run);
            g_assert_false (cell->did_run);
            g_assert_cmpint (cell->heat_class, ==, HP_HEAT_CLASS_NONE);
            g_assert_cmpuint (cell->bottleneck_rank, ==, 0);
          }
        g_clear_pointer (&map, hp_heatmap_unref);
      }
}

/* A run without start and finish times: the share is of the sum of its
 * node durations. A node only the runs know (not in the graph) still gets
 * a cell, after the graph's nodes. */
static void
test_share_without_run_times (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(HpRun) run = hp_run_new ("x");
  g_autoptr(HpHeatmap) map = NULL;
  g_autoptr(GError) error = NULL;
  HpHeatmapOptions options;
  const char *ids[] = { "a", "b", "c" };
  const gint64 durations[] = { 900000, 80000, 20000 };

  g_assert_nonnull (hp_workflow_graph_add_node (hp_profile_get_graph (profile), "b", "T", "B", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(HpNodeRun) node_run = hp_node_run_new (ids[i], HP_NODE_STATUS_COMPLETED);

      hp_node_run_set_duration_us (node_run, durations[i]);
      hp_run_add_node_run (run, node_run);
    }
  g_assert_true (hp_profile_add_run (profile, run, &error));
  g_assert_no_error (error);

  hp_heatmap_options_init (&options);
  options.metric = HP_METRIC_LAST;
  map = hp_heatmap_compute (profile, run, &options);
  g_assert_cmpuint (hp_heatmap_get_n_cells (map), ==, 3);
  g_assert_cmpstr (hp_heatmap_get_cell (map, 0)->node_id, ==, "b");
  /* 900 + 80 + 20 = 1000 ms */
  g_assert_cmpfloat (hp_heatmap_get_total_us (map), ==, 1000 * MS);
  /* a 90 % → high; b 8 % → medium; c 2 % → low */
  g_assert_cmpint (hp_heatmap_lookup (map, "a")->heat_class, ==, HP_HEAT_CLASS_HIGH);
  g_assert_cmpint (hp_heatmap_lookup (map, "b")->heat_class, ==, HP_HEAT_CLASS_MEDIUM);
  g_assert_cmpint (hp_heatmap_lookup (map, "c")->heat_class, ==, HP_HEAT_CLASS_LOW);
  g_assert_cmpfloat (hp_heatmap_lookup (map, "c")->share, ==, 0.02);

  /* The heatmap keeps its run alive. */
  g_assert_true (hp_heatmap_get_run (map) == run);
  hp_heatmap_ref (map);
  hp_heatmap_unref (map);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/heatmap/defaults", test_defaults);
  g_test_add_func ("/heatmap/share/last-run", test_share_last_run);
  g_test_add_func ("/heatmap/share/thresholds", test_share_thresholds);
  g_test_add_func ("/heatmap/share/failed-run", test_share_failed_run);
  g_test_add_func ("/heatmap/share/mean", test_share_mean);
  g_test_add_func ("/heatmap/share/without-run-times", test_share_without_run_times);
  g_test_add_func ("/heatmap/change", test_change);
  g_test_add_func ("/heatmap/no-runs", test_no_runs);

  return g_test_run ();
}
