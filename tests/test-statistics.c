/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>

#include "hp-duration-summary.h"
#include "hp-profile.h"

#define EPS 1e-9
#define MS 1000   /* µs per millisecond */

/* ---- hp_percentile_sorted ---------------------------------------------- */

static void
test_percentile_interpolated (void)
{
  const double v[] = { 1, 2, 3, 4 };

  /* h = (n − 1)·p = 3p; value = v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋]) */
  g_assert_cmpfloat (hp_percentile_sorted (v, 4, 0.0), ==, 1.0);                    /* h = 0 */
  g_assert_cmpfloat_with_epsilon (hp_percentile_sorted (v, 4, 0.25), 1.75, EPS);    /* h = 0.75 → 1 + 0.75 */
  g_assert_cmpfloat_with_epsilon (hp_percentile_sorted (v, 4, 0.5), 2.5, EPS);      /* h = 1.5 → 2 + 0.5 */
  g_assert_cmpfloat_with_epsilon (hp_percentile_sorted (v, 4, 0.95), 3.85, EPS);    /* h = 2.85 → 3 + 0.85 */
  g_assert_cmpfloat_with_epsilon (hp_percentile_sorted (v, 4, 0.99), 3.97, EPS);    /* h = 2.97 → 3 + 0.97 */
  g_assert_cmpfloat (hp_percentile_sorted (v, 4, 1.0), ==, 4.0);                    /* h = 3, the last */
}

static void
test_percentile_exact_rank (void)
{
  const double v[] = { 10, 20, 30, 40, 50 };

  /* n = 5: h = 4p lands on ranks for p = 0.25, 0.5, 0.75 */
  g_assert_cmpfloat (hp_percentile_sorted (v, 5, 0.25), ==, 20.0);  /* h = 1 */
  g_assert_cmpfloat (hp_percentile_sorted (v, 5, 0.5), ==, 30.0);   /* h = 2 */
  g_assert_cmpfloat (hp_percentile_sorted (v, 5, 0.75), ==, 40.0);  /* h = 3 */
  /* p = 0.9: h = 3.6 → 40 + 0.6·10 = 46 */
  g_assert_cmpfloat_with_epsilon (hp_percentile_sorted (v, 5, 0.9), 46.0, EPS);
}

static void
test_percentile_edge (void)
{
  const double one[] = { 7 };
  const double two[] = { 10, 20 };

  g_assert_true (isnan (hp_percentile_sorted (NULL, 0, 0.5)));   /* no values */
  g_assert_cmpfloat (hp_percentile_sorted (one, 1, 0.0), ==, 7.0);
  g_assert_cmpfloat (hp_percentile_sorted (one, 1, 0.99), ==, 7.0);
  /* two values: h = p → 10 + 10p */
  g_assert_cmpfloat_with_epsilon (hp_percentile_sorted (two, 2, 0.5), 15.0, EPS);
  g_assert_cmpfloat_with_epsilon (hp_percentile_sorted (two, 2, 0.95), 19.5, EPS);
  /* out-of-range p clamps to 0..1 */
  g_assert_cmpfloat (hp_percentile_sorted (two, 2, -1.0), ==, 10.0);
  g_assert_cmpfloat (hp_percentile_sorted (two, 2, 2.0), ==, 20.0);
}

/* ---- hp_duration_summary_compute --------------------------------------- */

static void
test_summary_four (void)
{
  double v[] = { 4, 1, 3, 2 };   /* unsorted on purpose */
  HpDurationSummary s;

  hp_duration_summary_compute (v, 4, &s);

  /* sorted in place */
  g_assert_cmpfloat (v[0], ==, 1.0);
  g_assert_cmpfloat (v[3], ==, 4.0);

  g_assert_cmpuint (s.count, ==, 4);
  g_assert_cmpfloat_with_epsilon (s.mean, 2.5, EPS);     /* 10 / 4 */
  g_assert_cmpfloat (s.min, ==, 1.0);
  g_assert_cmpfloat (s.max, ==, 4.0);
  g_assert_cmpfloat_with_epsilon (s.median, 2.5, EPS);   /* h = 1.5 */
  g_assert_cmpfloat_with_epsilon (s.p95, 3.85, EPS);     /* h = 2.85 */
  g_assert_cmpfloat_with_epsilon (s.p99, 3.97, EPS);     /* h = 2.97 */
  /* deviations ±1.5, ±0.5: squares 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / (4 − 1) */
  g_assert_cmpfloat_with_epsilon (s.stddev, sqrt (5.0 / 3.0), EPS);
  g_assert_cmpfloat_with_epsilon (s.stddev, 1.2909944487, 1e-9);
}

static void
test_summary_single (void)
{
  double v[] = { 7 };
  HpDurationSummary s;

  hp_duration_summary_compute (v, 1, &s);
  g_assert_cmpuint (s.count, ==, 1);
  g_assert_cmpfloat (s.mean, ==, 7.0);
  g_assert_cmpfloat (s.min, ==, 7.0);
  g_assert_cmpfloat (s.max, ==, 7.0);
  g_assert_cmpfloat (s.median, ==, 7.0);
  g_assert_cmpfloat (s.p95, ==, 7.0);
  g_assert_cmpfloat (s.p99, ==, 7.0);
  g_assert_cmpfloat (s.stddev, ==, 0.0);   /* one value: 0 by definition */
}

static void
test_summary_two (void)
{
  double v[] = { 20, 10 };
  HpDurationSummary s;

  hp_duration_summary_compute (v, 2, &s);
  g_assert_cmpuint (s.count, ==, 2);
  g_assert_cmpfloat_with_epsilon (s.mean, 15.0, EPS);
  g_assert_cmpfloat_with_epsilon (s.median, 15.0, EPS);  /* h = 0.5 */
  g_assert_cmpfloat_with_epsilon (s.p95, 19.5, EPS);     /* h = 0.95 → 10 + 9.5 */
  g_assert_cmpfloat_with_epsilon (s.p99, 19.9, EPS);     /* h = 0.99 → 10 + 9.9 */
  /* deviations ±5: squares 50, / (2 − 1) → √50 */
  g_assert_cmpfloat_with_epsilon (s.stddev, sqrt (50.0), EPS);
  g_assert_cmpfloat_with_epsilon (s.stddev, 7.0710678119, 1e-9);
}

static void
test_summary_ten (void)
{
  double v[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
  HpDurationSummary s;

  hp_duration_summary_compute (v, 10, &s);
  g_assert_cmpfloat_with_epsilon (s.mean, 5.5, EPS);     /* 55 / 10 */
  g_assert_cmpfloat_with_epsilon (s.median, 5.5, EPS);   /* h = 4.5 → 5 + 0.5 */
  g_assert_cmpfloat_with_epsilon (s.p95, 9.55, EPS);     /* h = 8.55 → 9 + 0.55 */
  g_assert_cmpfloat_with_epsilon (s.p99, 9.91, EPS);     /* h = 8.91 → 9 + 0.91 */
  /* sample variance of 1..n is n(n + 1)/12 = 110/12 */
  g_assert_cmpfloat_with_epsilon (s.stddev, sqrt (110.0 / 12.0), EPS);
}

static void
test_summary_empty (void)
{
  HpDurationSummary s;

  hp_duration_summary_compute (NULL, 0, &s);
  g_assert_cmpuint (s.count, ==, 0);
  g_assert_true (isnan (s.mean));
  g_assert_true (isnan (s.min));
  g_assert_true (isnan (s.max));
  g_assert_true (isnan (s.median));
  g_assert_true (isnan (s.p95));
  g_assert_true (isnan (s.p99));
  g_assert_true (isnan (s.stddev));
}

/* ---- through a profile -------------------------------------------------- */

/* A run started at @start_s seconds holding one node run. A negative
 * @duration_ms leaves the duration unknown. */
static HpRun *
make_run (const char   *run_id,
          gint64        start_s,
          const char   *node_id,
          HpNodeStatus  status,
          gint64        duration_ms)
{
  HpRun *run = hp_run_new (run_id);
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (node_id, status);

  hp_run_set_started_us (run, start_s * G_USEC_PER_SEC);
  hp_run_set_finished_us (run, start_s * G_USEC_PER_SEC + 5 * G_USEC_PER_SEC);
  if (duration_ms >= 0)
    hp_node_run_set_duration_us (node_run, duration_ms * MS);
  hp_run_add_node_run (run, node_run);
  return run;
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
test_profile_statuses (void)
{
  HpProfile *profile = hp_profile_new ();
  HpNodeStats *stats;
  const double *recent;
  guint n_recent;

  /* Added out of order; start order is r1 … r7. */
  add_run (profile, make_run ("r5", 5, "n", HP_NODE_STATUS_FAILED, 999));
  add_run (profile, make_run ("r2", 2, "n", HP_NODE_STATUS_COMPLETED, 300));
  add_run (profile, make_run ("r7", 7, "n", HP_NODE_STATUS_PENDING, -1));
  add_run (profile, make_run ("r1", 1, "n", HP_NODE_STATUS_COMPLETED, 100));
  add_run (profile, make_run ("r4", 4, "n", HP_NODE_STATUS_CACHED, 0));
  add_run (profile, make_run ("r6", 6, "n", HP_NODE_STATUS_SKIPPED, -1));
  add_run (profile, make_run ("r3", 3, "n", HP_NODE_STATUS_COMPLETED, 200));

  stats = hp_profile_lookup_node_stats (profile, "n");
  g_assert_nonnull (stats);

  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 7);       /* every run holds n */
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 3);  /* r1, r2, r3 */
  g_assert_cmpuint (hp_node_stats_get_cached_count (stats), ==, 1);    /* r4 */
  g_assert_cmpuint (hp_node_stats_get_failed_count (stats), ==, 1);    /* r5 (its 999 ms is ignored) */
  g_assert_true (hp_node_stats_has_durations (stats));

  /* durations 100, 300, 200 ms; sorted 100, 200, 300 */
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 200000.0, 1e-6);
  g_assert_cmpfloat (hp_node_stats_get_min_us (stats), ==, 100000.0);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 300000.0);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_median_us (stats), 200000.0, 1e-6);  /* h = 1 */
  /* p95: h = 1.9 → 200 + 0.9·100 = 290 ms; p99: h = 1.98 → 298 ms */
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_p95_us (stats), 290000.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_p99_us (stats), 298000.0, 1e-6);
  /* deviations −100, 0, +100 ms: squares 2·10¹⁰ µs², / 2 → 10¹⁰ → 100 ms */
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_stddev_us (stats), 100000.0, 1e-6);

  /* Last: r3, the latest run in which n executed (later runs did not). */
  g_assert_cmpfloat (hp_node_stats_get_last_us (stats), ==, 200000.0);
  recent = hp_node_stats_get_recent_us (stats, &n_recent);
  g_assert_cmpuint (n_recent, ==, 3);
  g_assert_cmpfloat (recent[0], ==, 100000.0);   /* r1 */
  g_assert_cmpfloat (recent[1], ==, 300000.0);   /* r2 */
  g_assert_cmpfloat (recent[2], ==, 200000.0);   /* r3 */

  g_assert_finalize_object (profile);
}

static void
test_profile_recent_window (void)
{
  HpProfile *profile = hp_profile_new ();
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  HpNodeStats *stats;
  const double *recent;
  guint n_recent;

  /* 25 runs, run i lasting i ms, given newest first in one batch */
  for (int i = 25; i >= 1; i--)
    {
      g_autofree char *id = g_strdup_printf ("run-%02d", i);

      g_ptr_array_add (runs, make_run (id, i, "k", HP_NODE_STATUS_COMPLETED, i));
    }
  g_assert_true (hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, &error));
  g_assert_no_error (error);

  stats = hp_profile_lookup_node_stats (profile, "k");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 25);

  /* only the last 20, oldest first: 6, 7, …, 25 ms */
  recent = hp_node_stats_get_recent_us (stats, &n_recent);
  g_assert_cmpuint (n_recent, ==, HP_NODE_STATS_RECENT_MAX);
  g_assert_cmpuint (n_recent, ==, 20);
  for (guint i = 0; i < n_recent; i++)
    g_assert_cmpfloat (recent[i], ==, (double) (i + 6) * MS);
  g_assert_cmpfloat (hp_node_stats_get_last_us (stats), ==, 25.0 * MS);

  /* all 25 still count: mean 13 ms; median h = 12 → 13 ms;
   * p95 h = 22.8 → 23.8 ms; p99 h = 23.76 → 24.76 ms; sd √(25·26/12) ms */
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 13000.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_median_us (stats), 13000.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_p95_us (stats), 23800.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_p99_us (stats), 24760.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_stddev_us (stats), sqrt (650.0 / 12.0) * MS, 1e-6);
  g_assert_cmpfloat (hp_node_stats_get_min_us (stats), ==, 1000.0);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 25000.0);

  g_clear_pointer (&runs, g_ptr_array_unref);
  g_assert_finalize_object (profile);
}

static void
test_profile_never_executed (void)
{
  HpProfile *profile = hp_profile_new ();
  HpNodeStats *stats;
  guint n_recent;

  /* "g" is only in the graph; "c" only ever cached */
  g_assert_nonnull (hp_workflow_graph_add_node (hp_profile_get_graph (profile), "g", "VAEDecode", NULL, NULL));
  add_run (profile, make_run ("r1", 1, "c", HP_NODE_STATUS_CACHED, 0));
  add_run (profile, make_run ("r2", 2, "c", HP_NODE_STATUS_CACHED, 0));

  stats = hp_profile_lookup_node_stats (profile, "g");
  g_assert_nonnull (stats);
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 0);
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 0);
  g_assert_false (hp_node_stats_has_durations (stats));
  g_assert_true (isnan (hp_node_stats_get_mean_us (stats)));
  g_assert_true (isnan (hp_node_stats_get_last_us (stats)));

  stats = hp_profile_lookup_node_stats (profile, "c");
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 2);
  g_assert_cmpuint (hp_node_stats_get_cached_count (stats), ==, 2);
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 0);
  g_assert_false (hp_node_stats_has_durations (stats));
  g_assert_true (isnan (hp_node_stats_get_mean_us (stats)));
  g_assert_true (isnan (hp_node_stats_get_min_us (stats)));
  g_assert_true (isnan (hp_node_stats_get_max_us (stats)));
  g_assert_true (isnan (hp_node_stats_get_median_us (stats)));
  g_assert_true (isnan (hp_node_stats_get_p95_us (stats)));
  g_assert_true (isnan (hp_node_stats_get_p99_us (stats)));
  g_assert_true (isnan (hp_node_stats_get_stddev_us (stats)));
  g_assert_true (isnan (hp_node_stats_get_last_us (stats)));
  hp_node_stats_get_recent_us (stats, &n_recent);
  g_assert_cmpuint (n_recent, ==, 0);

  g_assert_finalize_object (profile);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
count_changed (HpProfile *profile,
               gpointer   user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_profile_remove_updates (void)
{
  HpProfile *profile = hp_profile_new ();
  HpNodeStats *stats;
  g_autoptr(HpRun) stray = hp_run_new ("stray");
  HpRun *r2;
  guint mean_notifies = 0;
  guint last_notifies = 0;
  guint changed = 0;
  guint n_recent;

  add_run (profile, make_run ("r1", 1, "n", HP_NODE_STATUS_COMPLETED, 100));
  add_run (profile, make_run ("r2", 2, "n", HP_NODE_STATUS_COMPLETED, 300));
  add_run (profile, make_run ("r3", 3, "n", HP_NODE_STATUS_COMPLETED, 200));

  stats = hp_profile_lookup_node_stats (profile, "n");
  g_signal_connect (stats, "notify::mean-us", G_CALLBACK (count_notify), &mean_notifies);
  g_signal_connect (stats, "notify::last-us", G_CALLBACK (count_notify), &last_notifies);
  g_signal_connect (profile, "changed", G_CALLBACK (count_changed), &changed);

  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 200000.0, 1e-6);  /* (100 + 300 + 200) / 3 */

  r2 = hp_profile_lookup_run (profile, "r2");
  g_assert_true (hp_profile_remove_run (profile, r2));
  g_assert_true (hp_profile_remove_run (profile, hp_profile_get_run (profile, 0)));   /* r1 */
  g_assert_false (hp_profile_remove_run (profile, stray));   /* not in the profile */

  /* left: r3 alone (200 ms) */
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 1);
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 1);
  g_assert_cmpfloat (hp_node_stats_get_mean_us (stats), ==, 200000.0);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 200000.0);
  g_assert_cmpfloat (hp_node_stats_get_stddev_us (stats), ==, 0.0);
  g_assert_cmpfloat (hp_node_stats_get_last_us (stats), ==, 200000.0);
  hp_node_stats_get_recent_us (stats, &n_recent);
  g_assert_cmpuint (n_recent, ==, 1);
  /* removing r2: mean 200 → 150 ms; removing r1: 150 → 200 ms */
  g_assert_cmpuint (mean_notifies, ==, 2);
  /* the recent list changed both times (last-us stands for it) */
  g_assert_cmpuint (last_notifies, ==, 2);

  /* A run without this node changes nothing of its figures: no notify. */
  add_run (profile, make_run ("other", 9, "m", HP_NODE_STATUS_COMPLETED, 10));
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpuint (mean_notifies, ==, 2);
  g_assert_cmpuint (last_notifies, ==, 2);

  /* Clearing all runs leaves the node with NaN figures, notified. */
  hp_profile_clear_runs (profile);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpuint (mean_notifies, ==, 3);
  g_assert_true (isnan (hp_node_stats_get_mean_us (stats)));
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 0);

  g_assert_finalize_object (profile);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/statistics/percentile/interpolated", test_percentile_interpolated);
  g_test_add_func ("/statistics/percentile/exact-rank", test_percentile_exact_rank);
  g_test_add_func ("/statistics/percentile/edge", test_percentile_edge);
  g_test_add_func ("/statistics/summary/four", test_summary_four);
  g_test_add_func ("/statistics/summary/single", test_summary_single);
  g_test_add_func ("/statistics/summary/two", test_summary_two);
  g_test_add_func ("/statistics/summary/ten", test_summary_ten);
  g_test_add_func ("/statistics/summary/empty", test_summary_empty);
  g_test_add_func ("/statistics/profile/statuses", test_profile_statuses);
  g_test_add_func ("/statistics/profile/recent-window", test_profile_recent_window);
  g_test_add_func ("/statistics/profile/never-executed", test_profile_never_executed);
  g_test_add_func ("/statistics/profile/remove-updates", test_profile_remove_updates);

  return g_test_run ();
}
