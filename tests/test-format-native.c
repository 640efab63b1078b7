/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "hp-json-scanner.h"
#include "hp-native-reader.h"
#include "hp-native-writer.h"
#include "hp-profile.h"

#define MS(x) ((gint64) (x) * 1000)   /* whole milliseconds to µs */

static HpProfile *
load_fixture (const char  *name,
              GError     **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return hp_native_read (data, length, name, error);
}

static HpProfile *
read_string (const char  *json,
             GError     **error)
{
  return hp_native_read (json, strlen (json), "bad.hotpath", error);
}

/* ------------------------------------------------------------------ */
/* A small hand-written profile: tests/fixtures/native-small.hotpath   */

static void
test_small_runs (void)
{
  g_autoptr(GError) error = NULL;
  HpProfile *profile = load_fixture ("native-small.hotpath", &error);
  HpRun *run;

  g_assert_no_error (error);
  g_assert_nonnull (profile);

  /* The file lists run-c, run-a, run-b; they start at …200000, …000000
   * and …100000 ms, so the profile orders them a, b, c. */
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 3);
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (profile, 0)), ==, "run-a");
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (profile, 1)), ==, "run-b");
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (profile, 2)), ==, "run-c");
  g_assert_true (hp_profile_get_latest_run (profile) == hp_profile_get_run (profile, 2));
  g_assert_true (hp_profile_get_baseline (profile) == hp_profile_lookup_run (profile, "run-a"));

  run = hp_profile_lookup_run (profile, "run-a");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  /* queued 1699999999500 ms, started 1700000000000 ms, finished 1700000003500 ms */
  g_assert_cmpint (hp_run_get_queued_us (run), ==, G_GINT64_CONSTANT (1699999999500000));
  g_assert_cmpint (hp_run_get_started_us (run), ==, G_GINT64_CONSTANT (1700000000000000));
  /* queue = 500 ms, execution = 3500 ms, total = 4000 ms */
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 500000);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 3500000);
  g_assert_cmpint (hp_run_get_total_us (run), ==, 4000000);
  g_assert_cmpstr (hp_run_get_note (run), ==, "first run");

  run = hp_profile_lookup_run (profile, "run-b");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_FAILED);
  g_assert_cmpint (hp_run_get_queued_us (run), ==, HP_TIME_UNKNOWN);   /* absent */
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_CACHED), ==, 1);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_FAILED), ==, 1);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_SKIPPED), ==, 1);

  run = hp_profile_lookup_run (profile, "run-c");
  g_assert_cmpint (hp_run_get_queued_us (run), ==, HP_TIME_UNKNOWN);   /* null */
  /* no queue time: total = execution = 1700000203200 − 1700000200000 = 3200 ms */
  g_assert_cmpint (hp_run_get_total_us (run), ==, 3200000);
  /* node "99" is not in workflow.nodes, but the run keeps it */
  g_assert_cmpuint (hp_run_get_node_runs (run)->len, ==, 4);

  g_assert_finalize_object (profile);
}

static void
test_small_node_runs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = load_fixture ("native-small.hotpath", &error);
  HpRun *run;
  HpNodeRun *node_run;
  const HpProgressEvent *progress;
  guint n;

  g_assert_no_error (error);

  run = hp_profile_lookup_run (profile, "run-a");
  node_run = hp_run_lookup_node_run (run, "2");
  /* start = 1700000000000 ms + 1000 ms; duration 2000.5 ms = 2000500 µs */
  g_assert_cmpint (hp_node_run_get_start_us (node_run), ==, G_GINT64_CONSTANT (1700000001000000));
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 2000500);
  g_assert_cmpint (hp_node_run_get_end_us (node_run), ==, G_GINT64_CONSTANT (1700000003000500));
  g_assert_cmpint (hp_node_run_get_peak_memory (node_run), ==, G_GINT64_CONSTANT (6500000000));
  g_assert_cmpint (hp_node_run_get_output_size (node_run), ==, -1);
  g_assert_cmpint (hp_node_run_get_output_size (hp_run_lookup_node_run (run, "3")), ==, 1234567);

  /* run-c lists its nodes before started_at: offsets still count from it */
  run = hp_profile_lookup_run (profile, "run-c");
  node_run = hp_run_lookup_node_run (run, "3");
  /* start 1700000200000 + 2600.25 ms, end_ms 3100.25 → duration 500 ms */
  g_assert_cmpint (hp_node_run_get_start_us (node_run), ==, G_GINT64_CONSTANT (1700000202600250));
  g_assert_cmpint (hp_node_run_get_end_us (node_run), ==, G_GINT64_CONSTANT (1700000203100250));
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 500000);

  node_run = hp_run_lookup_node_run (run, "2");
  progress = hp_node_run_get_progress (node_run, &n);
  g_assert_cmpuint (n, ==, 2);
  /* 1700000200000 ms + 1300 ms */
  g_assert_cmpint (progress[0].time_us, ==, G_GINT64_CONSTANT (1700000201300000));
  g_assert_cmpfloat (progress[0].value, ==, 10);
  g_assert_cmpfloat (progress[0].max, ==, 20);
  g_assert_cmpint (progress[1].time_us, ==, G_GINT64_CONSTANT (1700000202600250));

  /* "duration_ms": 1.5e1 is 15 ms */
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "99")), ==, 15000);

  run = hp_profile_lookup_run (profile, "run-b");
  node_run = hp_run_lookup_node_run (run, "2");
  g_assert_cmpint (hp_node_run_get_status (node_run), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpstr (hp_node_run_get_error (node_run), ==, "CUDA out of memory\nTried to allocate 2.00 GiB");
  g_assert_cmpint (hp_node_run_get_retries (node_run), ==, 2);
  g_assert_cmpint (hp_node_run_get_tokens (node_run), ==, 0);
  g_assert_cmpfloat (hp_node_run_get_cost (node_run), ==, 0.0015);
  g_assert_cmpstr (hp_node_run_get_currency (node_run), ==, "USD");
  node_run = hp_run_lookup_node_run (run, "1");
  g_assert_cmpint (hp_node_run_get_status (node_run), ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_node_run_get_tokens (node_run), ==, -1);
}

static void
test_small_graph (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = load_fixture ("native-small.hotpath", &error);
  HpWorkflowGraph *graph;
  HpGraphNode *node;
  const HpGraphEdge *edge;

  g_assert_no_error (error);
  graph = hp_profile_get_graph (profile);

  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==, "txt2img");
  /* \u00e9 is é (C3 A9), \ud83d\ude00 the surrogate pair of U+1F600 (F0 9F 98 80) */
  g_assert_cmpstr (hp_workflow_graph_get_name (graph), ==, "Tiny \"txt2img\" \xc3\xa9 \xf0\x9f\x98\x80");

  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 3);
  node = hp_workflow_graph_get_node (graph, 0);
  g_assert_cmpstr (node->id, ==, "1");
  g_assert_cmpstr (node->type, ==, "CheckpointLoaderSimple");
  g_assert_cmpstr (node->title, ==, "Load Checkpoint");
  g_assert_true (node->has_position);
  g_assert_cmpfloat (node->x, ==, 10);
  g_assert_cmpfloat (node->y, ==, 20);
  g_assert_cmpfloat (node->width, ==, 315);
  g_assert_cmpfloat (node->height, ==, 98);
  node = hp_workflow_graph_get_node (graph, 1);
  g_assert_true (node->has_position);
  g_assert_cmpfloat (node->x, ==, 400.5);
  g_assert_cmpfloat (node->width, ==, 0);   /* no "size" */
  node = hp_workflow_graph_get_node (graph, 2);
  g_assert_false (node->has_position);
  g_assert_null (node->title);

  /* the edges come before the nodes in the file */
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 2);
  edge = hp_workflow_graph_get_edge (graph, 1);
  g_assert_cmpstr (edge->from_node, ==, "2");
  g_assert_cmpstr (edge->to_node, ==, "3");
}

static void
test_small_stats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = load_fixture ("native-small.hotpath", &error);
  HpNodeStats *stats;
  const double *recent;
  guint n;

  g_assert_no_error (error);

  /* graph order 1, 2, 3, then "99" seen only in a run */
  g_assert_cmpuint (g_list_model_get_n_items (hp_profile_get_node_stats (profile)), ==, 4);

  /* node 1: executed in run-a (1000 ms), cached in run-b and run-c */
  stats = hp_profile_lookup_node_stats (profile, "1");
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 3);
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 1);
  g_assert_cmpuint (hp_node_stats_get_cached_count (stats), ==, 2);
  g_assert_cmpuint (hp_node_stats_get_failed_count (stats), ==, 0);
  g_assert_cmpfloat (hp_node_stats_get_mean_us (stats), ==, 1000000);
  g_assert_cmpfloat (hp_node_stats_get_stddev_us (stats), ==, 0);   /* one value */

  /* node 2: 2000.5 ms (run-a), failed in run-b (excluded), 2600.25 ms (run-c) */
  stats = hp_profile_lookup_node_stats (profile, "2");
  g_assert_cmpstr (hp_node_stats_get_node_type (stats), ==, "KSampler");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 2);
  g_assert_cmpuint (hp_node_stats_get_failed_count (stats), ==, 1);
  g_assert_cmpuint (hp_node_stats_get_cached_count (stats), ==, 0);
  /* mean = median = (2000500 + 2600250) / 2 = 2300375 µs */
  g_assert_cmpfloat (hp_node_stats_get_mean_us (stats), ==, 2300375);
  g_assert_cmpfloat (hp_node_stats_get_median_us (stats), ==, 2300375);
  g_assert_cmpfloat (hp_node_stats_get_min_us (stats), ==, 2000500);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 2600250);
  /* p95: h = (2 − 1)·0.95 = 0.95 → 2000500 + 0.95·599750 = 2570262.5 */
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_p95_us (stats), 2570262.5, 1e-6);
  /* stddev: both values are 299875 from the mean; sqrt(2·299875² / 1)
   * = 299875·√2 ≈ 424087.6 */
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_stddev_us (stats), 299875 * G_SQRT2, 1e-6);
  g_assert_cmpfloat (hp_node_stats_get_last_us (stats), ==, 2600250);
  recent = hp_node_stats_get_recent_us (stats, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (recent[0], ==, 2000500);   /* oldest first */
  g_assert_cmpfloat (recent[1], ==, 2600250);

  /* node 3: 400 ms (run-a), skipped (run-b), 500 ms (run-c) → mean 450 ms */
  stats = hp_profile_lookup_node_stats (profile, "3");
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 3);
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 2);
  g_assert_cmpfloat (hp_node_stats_get_mean_us (stats), ==, 450000);
  g_assert_cmpfloat (hp_node_stats_get_median_us (stats), ==, 450000);

  stats = hp_profile_lookup_node_stats (profile, "99");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 1);
  g_assert_cmpfloat (hp_node_stats_get_mean_us (stats), ==, 15000);
}

/* ------------------------------------------------------------------ */
/* Round trip                                                           */

static HpProfile *
build_full_profile (void)
{
  HpProfile *profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(HpRun) r1 = hp_run_new ("r1 \"quoted\"");
  g_autoptr(HpRun) r2 = hp_run_new ("r2");
  g_autoptr(HpRun) r3 = hp_run_new ("r3");
  HpRun *runs[3];
  HpNodeRun *nr;
  HpGraphNode *node;
  gint64 t0 = G_GINT64_CONSTANT (1700000000123456);   /* µs precision on purpose */

  hp_workflow_graph_set_id (graph, "wf-\xc3\xbcn\xc3\xaf" "code");
  hp_workflow_graph_set_name (graph, "round \"trip\"\n\t\\ \x01 \x1f / \xf0\x9f\x98\x80");
  node = hp_workflow_graph_add_node (graph, "A", "Loader", "Load \"it\"", NULL);
  hp_graph_node_set_position (node, 1.25, -3, 100, 50.5);
  node = hp_workflow_graph_add_node (graph, "B", NULL, NULL, NULL);
  hp_graph_node_set_position (node, 0.1, 1e-7, 0, 0);
  hp_workflow_graph_add_node (graph, "C", "Saver", NULL, NULL);
  hp_workflow_graph_add_edge (graph, "A", 0, "B", 1, NULL);
  hp_workflow_graph_add_edge (graph, "B", 2, "C", 0, NULL);

  hp_run_set_queued_us (r1, t0 - 250001);
  hp_run_set_started_us (r1, t0);
  hp_run_set_finished_us (r1, t0 + 9000001);
  hp_run_set_note (r1, "note with \"quotes\"");

  /* start, end and duration = end − start */
  nr = hp_node_run_new ("A", HP_NODE_STATUS_COMPLETED);
  hp_node_run_set_times (nr, t0 + 1, t0 + 1000002);
  hp_node_run_add_progress (nr, t0 + 500, 1, 20);
  hp_node_run_add_progress (nr, HP_TIME_UNKNOWN, 2.5, NAN);
  hp_node_run_add_progress (nr, t0 + 900, 1.0 / 3.0, 20);
  hp_node_run_set_error (nr, "multi\nline \"err\" \\ \x1f \xc3\xa9");
  hp_node_run_set_tokens (nr, 1234);
  hp_node_run_set_cost (nr, 0.1 + 0.2, "USD");
  hp_node_run_set_peak_memory (nr, G_GINT64_CONSTANT (7000000000));
  hp_node_run_set_output_size (nr, 0);
  hp_node_run_set_retries (nr, 3);
  hp_run_add_node_run (r1, nr);
  g_object_unref (nr);
  /* start, end, and a duration that is not end − start */
  nr = hp_node_run_new ("B", HP_NODE_STATUS_COMPLETED);
  hp_node_run_set_times (nr, t0 + 2000000, t0 + 3000000);
  hp_node_run_set_duration_us (nr, 700000);
  hp_node_run_set_cost (nr, NAN, "EUR");
  hp_run_add_node_run (r1, nr);
  g_object_unref (nr);
  /* start and duration, end unknown */
  nr = hp_node_run_new ("C", HP_NODE_STATUS_RUNNING);
  hp_node_run_set_times (nr, t0 + 3000000, HP_TIME_UNKNOWN);
  hp_node_run_set_duration_us (nr, 12);
  hp_run_add_node_run (r1, nr);
  g_object_unref (nr);
  /* start and end, duration unknown; a node not in the graph */
  nr = hp_node_run_new ("X1", HP_NODE_STATUS_COMPLETED);
  hp_node_run_set_times (nr, t0 - 5, t0 + 5);
  hp_node_run_set_duration_us (nr, HP_TIME_UNKNOWN);
  hp_run_add_node_run (r1, nr);
  g_object_unref (nr);
  /* start only */
  nr = hp_node_run_new ("X2", HP_NODE_STATUS_RUNNING);
  hp_node_run_set_times (nr, t0 + 4000000, HP_TIME_UNKNOWN);
  hp_run_add_node_run (r1, nr);
  g_object_unref (nr);

  /* r2: start unknown (node times are then written from 1970) */
  hp_run_set_status (r2, HP_RUN_STATUS_FAILED);
  hp_run_set_queued_us (r2, t0 + 20000000);
  /* end and duration */
  nr = hp_node_run_new ("A", HP_NODE_STATUS_FAILED);
  hp_node_run_set_times (nr, HP_TIME_UNKNOWN, t0 + 21000000);
  hp_node_run_set_duration_us (nr, 1);
  hp_run_add_node_run (r2, nr);
  g_object_unref (nr);
  /* duration only */
  nr = hp_node_run_new ("B", HP_NODE_STATUS_COMPLETED);
  hp_node_run_set_duration_us (nr, 999999);
  hp_run_add_node_run (r2, nr);
  g_object_unref (nr);
  /* end only */
  nr = hp_node_run_new ("C", HP_NODE_STATUS_SKIPPED);
  hp_node_run_set_times (nr, HP_TIME_UNKNOWN, t0 + 22000000);
  hp_run_add_node_run (r2, nr);
  g_object_unref (nr);
  /* nothing */
  nr = hp_node_run_new ("X1", HP_NODE_STATUS_PENDING);
  hp_run_add_node_run (r2, nr);
  g_object_unref (nr);

  /* r3: no times at all, no node runs */
  hp_run_set_status (r3, HP_RUN_STATUS_INTERRUPTED);

  runs[0] = r3;
  runs[1] = r1;
  runs[2] = r2;
  g_assert_true (hp_profile_add_runs (profile, runs, 3, NULL));
  hp_profile_set_baseline (profile, r2);
  return profile;
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_node_run (HpNodeRun *a,
                      HpNodeRun *b)
{
  const HpProgressEvent *pa;
  const HpProgressEvent *pb;
  guint na;
  guint nb;

  g_assert_true (hp_node_run_get_node_id (a) == hp_node_run_get_node_id (b));
  g_assert_cmpint (hp_node_run_get_status (a), ==, hp_node_run_get_status (b));
  g_assert_cmpint (hp_node_run_get_start_us (a), ==, hp_node_run_get_start_us (b));
  g_assert_cmpint (hp_node_run_get_end_us (a), ==, hp_node_run_get_end_us (b));
  g_assert_cmpint (hp_node_run_get_duration_us (a), ==, hp_node_run_get_duration_us (b));
  g_assert_cmpstr (hp_node_run_get_error (a), ==, hp_node_run_get_error (b));
  g_assert_cmpint (hp_node_run_get_tokens (a), ==, hp_node_run_get_tokens (b));
  assert_same_double (hp_node_run_get_cost (a), hp_node_run_get_cost (b));
  g_assert_cmpstr (hp_node_run_get_currency (a), ==, hp_node_run_get_currency (b));
  g_assert_cmpint (hp_node_run_get_peak_memory (a), ==, hp_node_run_get_peak_memory (b));
  g_assert_cmpint (hp_node_run_get_output_size (a), ==, hp_node_run_get_output_size (b));
  g_assert_cmpint (hp_node_run_get_retries (a), ==, hp_node_run_get_retries (b));

  pa = hp_node_run_get_progress (a, &na);
  pb = hp_node_run_get_progress (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpint (pa[i].time_us, ==, pb[i].time_us);
      assert_same_double (pa[i].value, pb[i].value);
      assert_same_double (pa[i].max, pb[i].max);
    }
}

static void
assert_same_profile (HpProfile *a,
                     HpProfile *b)
{
  HpWorkflowGraph *ga = hp_profile_get_graph (a);
  HpWorkflowGraph *gb = hp_profile_get_graph (b);

  g_assert_cmpstr (hp_workflow_graph_get_id (ga), ==, hp_workflow_graph_get_id (gb));
  g_assert_cmpstr (hp_workflow_graph_get_name (ga), ==, hp_workflow_graph_get_name (gb));
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (ga), ==, hp_workflow_graph_get_n_nodes (gb));
  for (guint i = 0; i < hp_workflow_graph_get_n_nodes (ga); i++)
    {
      HpGraphNode *na = hp_workflow_graph_get_node (ga, i);
      HpGraphNode *nb = hp_workflow_graph_get_node (gb, i);

      g_assert_true (na->id == nb->id);
      g_assert_cmpstr (na->type, ==, nb->type);
      g_assert_cmpstr (na->title, ==, nb->title);
      g_assert_cmpint (na->has_position, ==, nb->has_position);
      g_assert_cmpfloat (na->x, ==, nb->x);
      g_assert_cmpfloat (na->y, ==, nb->y);
      g_assert_cmpfloat (na->width, ==, nb->width);
      g_assert_cmpfloat (na->height, ==, nb->height);
    }
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (ga), ==, hp_workflow_graph_get_n_edges (gb));
  for (guint i = 0; i < hp_workflow_graph_get_n_edges (ga); i++)
    {
      const HpGraphEdge *ea = hp_workflow_graph_get_edge (ga, i);
      const HpGraphEdge *eb = hp_workflow_graph_get_edge (gb, i);

      g_assert_true (ea->from_node == eb->from_node);
      g_assert_true (ea->to_node == eb->to_node);
      g_assert_cmpint (ea->from_slot, ==, eb->from_slot);
      g_assert_cmpint (ea->to_slot, ==, eb->to_slot);
    }

  g_assert_cmpuint (hp_profile_get_n_runs (a), ==, hp_profile_get_n_runs (b));
  for (guint i = 0; i < hp_profile_get_n_runs (a); i++)
    {
      HpRun *ra = hp_profile_get_run (a, i);
      HpRun *rb = hp_profile_get_run (b, i);
      GPtrArray *na = hp_run_get_node_runs (ra);
      GPtrArray *nb = hp_run_get_node_runs (rb);

      g_assert_cmpstr (hp_run_get_id (ra), ==, hp_run_get_id (rb));
      g_assert_cmpint (hp_run_get_status (ra), ==, hp_run_get_status (rb));
      g_assert_cmpint (hp_run_get_queued_us (ra), ==, hp_run_get_queued_us (rb));
      g_assert_cmpint (hp_run_get_started_us (ra), ==, hp_run_get_started_us (rb));
      g_assert_cmpint (hp_run_get_finished_us (ra), ==, hp_run_get_finished_us (rb));
      g_assert_cmpstr (hp_run_get_note (ra), ==, hp_run_get_note (rb));
      g_assert_cmpuint (na->len, ==, nb->len);
      for (guint k = 0; k < na->len; k++)
        assert_same_node_run (g_ptr_array_index (na, k), g_ptr_array_index (nb, k));
    }

  if (hp_profile_get_baseline (a) == NULL)
    g_assert_null (hp_profile_get_baseline (b));
  else
    g_assert_cmpstr (hp_run_get_id (hp_profile_get_baseline (a)), ==,
                     hp_run_get_id (hp_profile_get_baseline (b)));
}

static void
test_round_trip (void)
{
  g_autoptr(HpProfile) original = build_full_profile ();
  g_autoptr(GString) first = hp_native_write (original);
  g_autoptr(GString) second = NULL;
  g_autoptr(GError) error = NULL;
  HpProfile *copy;

  /* detection relies on "format" being the first member */
  g_assert_true (g_str_has_prefix (first->str, "{\n  \"format\": \"hotpath\",\n  \"version\": 1,"));
  /* control characters are escaped; the shortest exact double is written */
  g_assert_nonnull (strstr (first->str, "round \\\"trip\\\"\\n\\t\\\\ \\u0001 \\u001f / "));
  g_assert_nonnull (strstr (first->str, "\"cost\":0.30000000000000004"));
  /* r1 started at …000123.456 ms; B starts 2000 ms later, no trailing zeros */
  g_assert_nonnull (strstr (first->str, "\"started_at\":1700000000123.456"));
  g_assert_nonnull (strstr (first->str, "{\"id\":\"B\",\"status\":\"completed\",\"start_ms\":2000,\"duration_ms\":700,\"end_ms\":3000,"));

  copy = hp_native_read (first->str, first->len, "copy.hotpath", &error);
  g_assert_no_error (error);
  assert_same_profile (original, copy);

  second = hp_native_write (copy);
  g_assert_cmpstr (first->str, ==, second->str);
  g_assert_finalize_object (copy);
}

static void
test_round_trip_small (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = load_fixture ("native-small.hotpath", &error);
  g_autoptr(GString) first = NULL;
  g_autoptr(GString) second = NULL;
  g_autoptr(HpProfile) copy = NULL;

  g_assert_no_error (error);
  first = hp_native_write (profile);
  copy = hp_native_read (first->str, first->len, "copy.hotpath", &error);
  g_assert_no_error (error);
  assert_same_profile (profile, copy);
  second = hp_native_write (copy);
  g_assert_cmpstr (first->str, ==, second->str);
}

static void
test_empty_profile (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(GString) json = hp_native_write (profile);
  g_autoptr(HpProfile) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = hp_native_read (json->str, json->len, "empty.hotpath", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (copy), ==, 0);
  g_assert_null (hp_profile_get_baseline (copy));
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (hp_profile_get_graph (copy)), ==, 0);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* Dismissed insights are part of the document: they survive a save and a
 * reload, sorted; files without the member (older files) have none. */
static void
test_dismissed_insights (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(HpProfile) copy = NULL;
  g_autoptr(HpProfile) old = NULL;
  g_autoptr(GString) json = NULL;
  g_autoptr(GString) again = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *keys;
  guint notified = 0;

  g_signal_connect_swapped (profile, "notify::dismissed-insights", G_CALLBACK (count_cb), &notified);

  g_assert_null (hp_profile_get_dismissed_insights (profile)[0]);
  hp_profile_set_dismissed_insight (profile, "regression:3,8", TRUE);
  hp_profile_set_dismissed_insight (profile, "regression", TRUE);
  hp_profile_set_dismissed_insight (profile, "dominant_node:3", TRUE);
  hp_profile_set_dismissed_insight (profile, "dominant_node:3", TRUE);   /* no change */
  hp_profile_set_dismissed_insight (profile, "retries:9", TRUE);
  hp_profile_set_dismissed_insight (profile, "retries:9", FALSE);
  hp_profile_set_dismissed_insight (profile, "cache_drop:1", FALSE);     /* no change */
  /* 4 additions (regression:3,8, regression, dominant_node:3, retries:9)
   * and 1 removal (retries:9); the repeated and the absent key change
   * nothing: 5 notifications */
  g_assert_cmpuint (notified, ==, 5);
  g_assert_true (hp_profile_is_insight_dismissed (profile, "regression"));
  g_assert_false (hp_profile_is_insight_dismissed (profile, "retries:9"));

  json = hp_native_write (profile);
  /* sorted by bytes: "d" < "r", and "regression" is a prefix of "regression:3,8" */
  g_assert_nonnull (strstr (json->str, "\"dismissed_insights\": [\"dominant_node:3\", \"regression\", \"regression:3,8\"]"));

  copy = hp_native_read (json->str, json->len, "copy.hotpath", &error);
  g_assert_no_error (error);
  keys = hp_profile_get_dismissed_insights (copy);
  g_assert_cmpuint (g_strv_length ((char **) keys), ==, 3);
  g_assert_cmpstr (keys[0], ==, "dominant_node:3");
  g_assert_cmpstr (keys[1], ==, "regression");
  g_assert_cmpstr (keys[2], ==, "regression:3,8");
  again = hp_native_write (copy);
  g_assert_cmpstr (json->str, ==, again->str);

  /* An older file without the member loads with none, and is written
   * back without it. */
  old = load_fixture ("native-small.hotpath", &error);
  g_assert_no_error (error);
  g_assert_null (hp_profile_get_dismissed_insights (old)[0]);
  g_string_free (again, TRUE);
  again = hp_native_write (old);
  g_assert_null (strstr (again->str, "dismissed_insights"));
}

/* ------------------------------------------------------------------ */
/* Bad input                                                            */

typedef struct {
  const char   *name;
  const char   *json;
  HpFormatError code;
  const char   *where;     /* "LINE:COL: PATH: " expected in the message */
} BadCase;

/* Documents whose errors are on line 3 share these two lines:
 *   line 1: {"format":"hotpath","version":1,
 *   line 2: "runs":[{"id":"r1","status":"succeeded","started_at":1000,"nodes":[
 * and line 3 holds the node runs, starting at column 1. */
#define HEAD "{\"format\":\"hotpath\",\"version\":1,\n" \
             "\"runs\":[{\"id\":\"r1\",\"status\":\"succeeded\",\"started_at\":1000,\"nodes\":[\n"
#define TAIL "\n]}]}"
/* line 1 of run-level cases; line 2 then starts with "runs" */
#define HEAD1 "{\"format\":\"hotpath\",\"version\":1,\n"

static const BadCase bad_cases[] = {
  /* line 3: {"id":"a","status":"completed","duration_ms":"5"}
   * { 1, "id" 2–5, : 6, "a" 7–9, , 10, "status" 11–18, : 19,
   * "completed" 20–30, , 31, "duration_ms" 32–44, : 45, value at 46 */
  { "node-duration-type", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"duration_ms\":\"5\"}" TAIL,
    HP_FORMAT_ERROR_TYPE, "bad.hotpath:3:46: $.runs[0].nodes[0].duration_ms: expected a number" },
  { "node-duration-negative", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"duration_ms\":-5}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:46: $.runs[0].nodes[0].duration_ms: the duration is negative" },
  /* 2e13 ms = 2e16 µs > HP_FORMAT_MAX_DURATION_US (1e16) */
  { "node-duration-absurd", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"duration_ms\":20000000000000}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:46: $.runs[0].nodes[0].duration_ms: " },
  /* the object itself starts at 3:1 */
  { "node-status-missing", HEAD "{\"id\":\"a\"}" TAIL,
    HP_FORMAT_ERROR_MISSING, "3:1: $.runs[0].nodes[0]: node run “a” has no “status”" },
  { "node-id-missing", HEAD "{\"status\":\"completed\"}" TAIL,
    HP_FORMAT_ERROR_MISSING, "3:1: $.runs[0].nodes[0]: the node run has no “id”" },
  /* {"id":"a","status":"cached"} is 28 columns, "," 29, "{" 30,
   * "id" 31–34, : 35, second "a" at 36 */
  { "node-duplicate-in-run", HEAD "{\"id\":\"a\",\"status\":\"cached\"},{\"id\":\"a\",\"status\":\"cached\"}" TAIL,
    HP_FORMAT_ERROR_DUPLICATE, "3:36: $.runs[0].nodes[1].id: node “a” appears more than once" },
  /* ... , 31, "start_ms" 32–41, : 42, 10 43–44, , 45, "end_ms" 46–53, : 54, 5 at 55 */
  { "node-ends-before-start", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"start_ms\":10,\"end_ms\":5}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:55: $.runs[0].nodes[0].end_ms: the node run ends before it starts" },
  /* started_at 1000 ms − 2000 ms lies before 1970; value at 43 */
  { "node-start-before-1970", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"start_ms\":-2000}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:43: $.runs[0].nodes[0].start_ms: the time -1000.000 ms" },
  /* Found by tests/fuzz (native): a 20-digit time overflowed gint64 while
   * its digits were summed (UBSan). 1.7e19 ms > 1e15 ms; value at 43. */
  { "node-start-20-digits", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"start_ms\":16988292032999999990}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:43: $.runs[0].nodes[0].start_ms: 16988292032999999990 ms is out of range" },
  /* "status" value at 20 */
  { "node-status-unknown", HEAD "{\"id\":\"a\",\"status\":\"done\"}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:20: $.runs[0].nodes[0].status: unknown node status “done”" },
  /* , 31, "tokens" 32–39, : 40, -1 at 41 */
  { "node-tokens-negative", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"tokens\":-1}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:41: $.runs[0].nodes[0].tokens: -1 is negative" },
  { "node-retries-fraction", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"retries\":1.5}" TAIL,
    HP_FORMAT_ERROR_TYPE, "3:42: $.runs[0].nodes[0].retries: expected an integer" },
  /* "failed" 20–27, , 28, "error" 29–35, : 36, " 37, b 38, a 39, d 40, ␠ 41, 0xFF at 42 */
  { "string-invalid-utf8", HEAD "{\"id\":\"a\",\"status\":\"failed\",\"error\":\"bad \xff byte\"}" TAIL,
    HP_FORMAT_ERROR_SYNTAX, "3:42: $.runs[0].nodes[0].error: invalid UTF-8" },
  /* the backslash at 38 */
  { "string-lone-surrogate", HEAD "{\"id\":\"a\",\"status\":\"failed\",\"error\":\"\\ud800x\"}" TAIL,
    HP_FORMAT_ERROR_SYNTAX, "3:38: $.runs[0].nodes[0].error: invalid escape: \\uD800 is a high surrogate" },
  { "string-lone-low-surrogate", HEAD "{\"id\":\"a\",\"status\":\"failed\",\"error\":\"\\udc00\"}" TAIL,
    HP_FORMAT_ERROR_SYNTAX, "3:38: $.runs[0].nodes[0].error: invalid escape: \\uDC00 is a low surrogate" },
  /* " 37, a 38, backslash 39 */
  { "string-nul", HEAD "{\"id\":\"a\",\"status\":\"failed\",\"error\":\"a\\u0000\"}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:39: $.runs[0].nodes[0].error: strings may not contain the NUL" },
  { "string-raw-tab", HEAD "{\"id\":\"a\",\"status\":\"failed\",\"error\":\"a\tb\"}" TAIL,
    HP_FORMAT_ERROR_SYNTAX, "3:39: $.runs[0].nodes[0].error: control character U+0009" },
  { "string-bad-escape", HEAD "{\"id\":\"a\",\"status\":\"failed\",\"error\":\"a\\qb\"}" TAIL,
    HP_FORMAT_ERROR_SYNTAX, "3:39: $.runs[0].nodes[0].error: invalid escape \\‘q’" },
  /* an unknown member nested 70 deep: "cached" 20–27, , 28, "x" 29–31,
   * : 32, the k-th "[" at 32 + k. Five containers are open before it, so
   * the 60th "[" (column 92) would be level 65. */
  { "unknown-member-too-deep",
    HEAD "{\"id\":\"a\",\"status\":\"cached\",\"x\":"
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:92: $.runs[0].nodes[0].x[0][0][0]" },

  /* line 2: "runs" 1–6, : 7, [ 8, { 9 */
  { "run-status-missing", HEAD1 "\"runs\":[{\"id\":\"r1\"}]}",
    HP_FORMAT_ERROR_MISSING, "2:9: $.runs[0]: run “r1” has no “status”" },
  { "run-id-missing", HEAD1 "\"runs\":[{\"status\":\"succeeded\"}]}",
    HP_FORMAT_ERROR_MISSING, "2:9: $.runs[0]: the run has no “id”" },
  /* { 9, "id" 10–13, : 14, "r1" 15–18, , 19, "status" 20–27, : 28,
   * "succeeded" 29–39, } 40, , 41, { 42, "id" 43–46, : 47, "r1" at 48 */
  { "run-duplicate-id", HEAD1 "\"runs\":[{\"id\":\"r1\",\"status\":\"succeeded\"},{\"id\":\"r1\",\"status\":\"failed\"}]}",
    HP_FORMAT_ERROR_DUPLICATE, "2:48: $.runs[1].id: run id “r1” appears more than once" },
  { "run-status-unknown", HEAD1 "\"runs\":[{\"id\":\"r1\",\"status\":\"ok\"}]}",
    HP_FORMAT_ERROR_VALUE, "2:29: $.runs[0].status: unknown run status “ok”" },
  /* , 40, "started_at" 41–52, : 53, value at 54; 9999999999999 ms is
   * after HP_FORMAT_MAX_TIMESTAMP_US (year 2200) */
  { "run-started-absurd", HEAD1 "\"runs\":[{\"id\":\"r1\",\"status\":\"succeeded\",\"started_at\":9999999999999}]}",
    HP_FORMAT_ERROR_VALUE, "2:54: $.runs[0].started_at: the time 9999999999999.000 ms since 1970 lies outside 1970–2200" },
  { "run-started-type", HEAD1 "\"runs\":[{\"id\":\"r1\",\"status\":\"succeeded\",\"started_at\":\"yesterday\"}]}",
    HP_FORMAT_ERROR_TYPE, "2:54: $.runs[0].started_at: expected a number of milliseconds or null, found a string" },
  /* 2000 54–57, , 58, "finished_at" 59–71, : 72, 1000 at 73 */
  { "run-finishes-before-start", HEAD1 "\"runs\":[{\"id\":\"r1\",\"status\":\"succeeded\",\"started_at\":2000,\"finished_at\":1000}]}",
    HP_FORMAT_ERROR_VALUE, "2:73: $.runs[0].finished_at: the run finishes before it starts" },

  /* { 1, "format" 2–9, : 10, "hotpath" 11–19, , 20, "version" 21–29, : 30, value 31 */
  { "version-newer", "{\"format\":\"hotpath\",\"version\":2,\"runs\":[]}",
    HP_FORMAT_ERROR_VERSION, "1:31: $.version: the file has format version 2, newer than" },
  { "version-zero", "{\"format\":\"hotpath\",\"version\":0}",
    HP_FORMAT_ERROR_VALUE, "1:31: $.version: format version 0 does not exist" },
  { "version-type", "{\"format\":\"hotpath\",\"version\":\"1\"}",
    HP_FORMAT_ERROR_TYPE, "1:31: $.version: expected a whole number, found a string" },
  { "format-missing", "{\"version\":1,\"runs\":[]}",
    HP_FORMAT_ERROR_MISSING, "1:1: $: the member “format” is missing" },
  { "version-missing", "{\"format\":\"hotpath\",\"runs\":[]}",
    HP_FORMAT_ERROR_MISSING, "1:1: $: the member “version” is missing" },
  { "format-other", "{\"format\":\"chrome\",\"version\":1}",
    HP_FORMAT_ERROR_UNKNOWN_FORMAT, "1:11: $.format: this is a “chrome” document" },
  { "top-level-array", "[1,2]",
    HP_FORMAT_ERROR_TYPE, "1:1: $: expected an object, found an array" },
  /* } 32, ␠ 33, x 34 */
  { "trailing-garbage", "{\"format\":\"hotpath\",\"version\":1} x",
    HP_FORMAT_ERROR_SYNTAX, "1:34: $: expected the end of the document" },
  { "double-comma", "{\"format\":\"hotpath\",,\"version\":1}",
    HP_FORMAT_ERROR_SYNTAX, "1:21: $: expected a member name in double quotes, found ‘,’" },
  { "missing-colon", "{\"format\" \"hotpath\"}",
    HP_FORMAT_ERROR_SYNTAX, "1:11: $.format: expected ‘:’ after the member name" },
  { "leading-zero", "{\"format\":\"hotpath\",\"version\":01}",
    HP_FORMAT_ERROR_SYNTAX, "1:32: $.version: expected the end of the number" },
  { "bad-literal", "{\"format\":\"hotpath\",\"version\":1,\"baseline\":nul}",
    HP_FORMAT_ERROR_SYNTAX, "1:44: $.baseline: expected ‘null’, found ‘nul’" },
  /* the second "format" key 21–28, : 29, value 30 */
  { "duplicate-member", "{\"format\":\"hotpath\",\"format\":\"hotpath\",\"version\":1}",
    HP_FORMAT_ERROR_DUPLICATE, "1:30: $.format: member “format” appears twice" },
  /* , 32, "runs" 33–38, : 39, [ 40, { 41, "id" 42–45, : 46, "r1" 47–50, end at 51 */
  { "truncated", "{\"format\":\"hotpath\",\"version\":1,\"runs\":[{\"id\":\"r1\"",
    HP_FORMAT_ERROR_TRUNCATED, "1:51: $.runs[0].id: the document ends too early" },
  { "truncated-number", "{\"format\":\"hotpath\",\"version\":1",
    HP_FORMAT_ERROR_TRUNCATED, "1:32: $.version: the document ends too early" },
  { "whitespace-only", " \n\t ",
    HP_FORMAT_ERROR_EMPTY, "bad.hotpath: the file is empty" },
  /* "runs" 33–38, : 39, { 40 */
  { "runs-type", "{\"format\":\"hotpath\",\"version\":1,\"runs\":{}}",
    HP_FORMAT_ERROR_TYPE, "1:40: $.runs: expected an array, found an object" },
  /* columns count characters: "workflow" 33–42, : 43, { 44, "name" 45–50,
   * : 51, "Été" 52–56 (5 characters, 7 bytes), , 57, "id" 58–61, : 62, 5 at 63 */
  { "column-counts-characters", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"name\":\"\xc3\x89t\xc3\xa9\",\"id\":5}}",
    HP_FORMAT_ERROR_TYPE, "1:63: $.workflow.id: expected a string or null, found a number" },
  /* line 2: "edges" 1–7, : 8, [ 9, { 10, "from" 11–16, : 17, "a" 18–20, , 21,
   * "from_slot" 22–32, : 33, 0 34, , 35, "to" 36–39, : 40, "b" at 41 */
  { "edge-unknown-node", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"nodes\":[{\"id\":\"a\"}],\n"
    "\"edges\":[{\"from\":\"a\",\"from_slot\":0,\"to\":\"b\",\"to_slot\":0}]}}",
    HP_FORMAT_ERROR_UNKNOWN_NODE, "2:41: $.workflow.edges[0].to: the edge names node “b”, which is not in workflow.nodes" },
  /* line 2: { 1, "id" 2–5, : 6, "a" 7–9, } 10, , 11, { 12, "id" 13–16, : 17, "a" at 18 */
  { "graph-duplicate-node", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"nodes\":[\n"
    "{\"id\":\"a\"},{\"id\":\"a\"}]}}",
    HP_FORMAT_ERROR_DUPLICATE, "2:18: $.workflow.nodes[1].id: node id “a” appears more than once" },
  /* "workflow" 33–42, : 43, { 44, "nodes" 45–51, : 52, [ 53, { 54 */
  { "graph-node-id-missing", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"nodes\":[{\"type\":\"X\"}]}}",
    HP_FORMAT_ERROR_MISSING, "1:54: $.workflow.nodes[0]: the node has no “id”" },
  /* ... { 54, "id" 55–58, : 59, "a" 60–62, , 63, "pos" 64–68, : 69, [ at 70 */
  { "graph-pos-short", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"nodes\":[{\"id\":\"a\",\"pos\":[1]}]}}",
    HP_FORMAT_ERROR_VALUE, "1:70: $.workflow.nodes[0].pos: expected two numbers [x, y], found 1" },
  /* ... , 63, "size" 64–69, : 70, [ at 71 */
  { "graph-size-without-pos", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"nodes\":[{\"id\":\"a\",\"size\":[1,2]}]}}",
    HP_FORMAT_ERROR_MISSING, "1:71: $.workflow.nodes[0].size: “size” is given without “pos”" },
  /* line 3: , 31, "progress" 32–41, : 42, [ 43, the event's [ at 44 */
  { "progress-short", HEAD "{\"id\":\"a\",\"status\":\"completed\",\"progress\":[[1,2]]}" TAIL,
    HP_FORMAT_ERROR_VALUE, "3:44: $.runs[0].nodes[0].progress[0]: a progress event is [time_ms, value, max], found 2 values" },
  /* "baseline" 33–42, : 43, "zz" at 44 */
 /* { 1, "format" 2–9, : 10, "hotpath" 11–19, , 20, "version" 21–29, : 30,
   * 1 31, , 32, "dismissed_insights" 33–52, : 53, [ 54, first element at 55 */
  { "dismissed-element-type", "{\"format\":\"hotpath\",\"version\":1,\"dismissed_insights\":[5]}",
    HP_FORMAT_ERROR_TYPE, "1:55: $.dismissed_insights[0]: expected a string, found a number" },
  { "dismissed-not-array", "{\"format\":\"hotpath\",\"version\":1,\"dismissed_insights\":\"regression\"}",
    HP_FORMAT_ERROR_TYPE, "1:54: $.dismissed_insights: expected an array, found a string" },
  /* "a" 55–57, , 58, "" at 59 */
  { "dismissed-empty-key", "{\"format\":\"hotpath\",\"version\":1,\"dismissed_insights\":[\"a\",\"\"]}",
    HP_FORMAT_ERROR_VALUE, "1:59: $.dismissed_insights[1]: an insight key may not be empty" },
  { "baseline-unknown", "{\"format\":\"hotpath\",\"version\":1,\"baseline\":\"zz\",\"runs\":[]}",
    HP_FORMAT_ERROR_UNKNOWN_NODE, "1:44: $.baseline: the baseline names run “zz”, which is not in runs" },
};

static void
test_bad_case (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = read_string (bad->json, &error);

  g_assert_null (profile);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, HP_FORMAT_ERROR, (int) bad->code);
  if (strstr (error->message, bad->where) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, bad->where);
  g_assert_true (g_str_has_prefix (error->message, "bad.hotpath:"));
}

typedef struct {
  const char   *file;
  HpFormatError code;
  const char   *where;
} BadFixture;

static const BadFixture bad_fixtures[] = {
  { "native-empty.hotpath", HP_FORMAT_ERROR_EMPTY, "native-empty.hotpath: the file is empty" },
  /* line 23 is `       {"id": "2", "status": "compl`: 7 spaces, { 8, "id" 9–12,
   * : 13, ␠ 14, "2" 15–17, , 18, ␠ 19, "status" 20–27, : 28, ␠ 29,
   * "compl 30–35, the end at 36 */
  { "native-bad-truncated.hotpath", HP_FORMAT_ERROR_TRUNCATED,
    "native-bad-truncated.hotpath:23:36: $.runs[0].nodes[1].status: the document ends too early" },
  /* line 6: 4 spaces, { 5, "id" 6–9, : 10, ␠ 11, "r1" at 12 */
  { "native-bad-duplicate-run.hotpath", HP_FORMAT_ERROR_DUPLICATE,
    "native-bad-duplicate-run.hotpath:6:12: $.runs[1].id: " },
  /* line 6: 6 spaces, { 7, "id" 8–11, : 12, ␠ 13, "1" 14–16, , 17, ␠ 18,
   * "status" 19–26, : 27, ␠ 28, "completed" 29–39, , 40, ␠ 41,
   * "start_ms" 42–51, : 52, ␠ 53, 0 54, , 55, ␠ 56, "duration_ms" 57–69,
   * : 70, ␠ 71, -12.5 at 72 */
  { "native-bad-negative-duration.hotpath", HP_FORMAT_ERROR_VALUE,
    "native-bad-negative-duration.hotpath:6:72: $.runs[0].nodes[0].duration_ms: the duration is negative (-12.500 ms)" },
  /* line 3: 2 spaces, "version" 3–11, : 12, ␠ 13, 2 at 14 */
  { "native-bad-version.hotpath", HP_FORMAT_ERROR_VERSION,
    "native-bad-version.hotpath:3:14: $.version: " },
  /* line 4: 2 spaces, "workflow" 3–12, : 13, ␠ 14, { 15, "name" 16–21, : 22,
   * ␠ 23, " 24, c 25, a 26, f 27, the Latin-1 é (0xE9) at 28 */
  { "native-bad-utf8.hotpath", HP_FORMAT_ERROR_SYNTAX,
    "native-bad-utf8.hotpath:4:28: $.workflow.name: invalid UTF-8 in a string (byte 0xE9)" },
};

static void
test_bad_fixture (gconstpointer data)
{
  const BadFixture *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = load_fixture (bad->file, &error);

  g_assert_null (profile);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, HP_FORMAT_ERROR, (int) bad->code);
  if (strstr (error->message, bad->where) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, bad->where);
}

/* Every prefix of a valid document is an error, never a crash. */
static void
assert_prefixes_fail (const char *data,
                      gsize       length)
{
  gsize end = length;

  /* Trailing whitespace after the last "}" may go without harm. */
  while (end > 0 && data[end - 1] != '}')
    end--;
  g_assert_cmpuint (end, >, 0);

  for (gsize cut = 0; cut < end; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *copy = g_memdup2 (data, cut);   /* no bytes past the cut */
      g_autoptr(HpProfile) profile = hp_native_read (copy, cut, "cut.hotpath", &error);

      g_assert_null (profile);
      g_assert_nonnull (error);
      g_assert_true (error->domain == HP_FORMAT_ERROR);
      if (cut == 0)
        g_assert_cmpint (error->code, ==, HP_FORMAT_ERROR_EMPTY);
      else if (error->code != HP_FORMAT_ERROR_TRUNCATED && error->code != HP_FORMAT_ERROR_SYNTAX)
        g_error ("cut at %" G_GSIZE_FORMAT ": unexpected error %d: %s", cut, error->code, error->message);
      g_assert_true (g_str_has_prefix (error->message, "cut.hotpath"));
    }
}

static void
test_truncate_everywhere (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "native-small.hotpath", NULL);
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(HpProfile) profile = build_full_profile ();
  g_autoptr(GString) json = hp_native_write (profile);

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  assert_prefixes_fail (data, length);
  assert_prefixes_fail (json->str, json->len);
}

/* Any single byte replaced by a troublesome one: either a profile or an
 * HP_FORMAT_ERROR with a positioned message, never a crash. */
static void
test_mutate_everywhere (void)
{
  static const char replacements[] = { '"', '{', '}', '[', ']', '\\', ',', ':', '9', '-', 'e', '\0', '\x80', '\xff' };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "native-small.hotpath", NULL);
  g_autofree char *data = NULL;
  gsize length;
  guint n_errors = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  for (gsize at = 0; at < length; at++)
    for (guint k = 0; k < G_N_ELEMENTS (replacements); k++)
      {
        g_autofree char *copy = g_memdup2 (data, length);
        g_autoptr(GError) error = NULL;
        g_autoptr(HpProfile) profile = NULL;

        copy[at] = replacements[k];
        profile = hp_native_read (copy, length, "mutant.hotpath", &error);
        if (profile == NULL)
          {
            g_assert_nonnull (error);
            g_assert_true (error->domain == HP_FORMAT_ERROR);
            g_assert_true (g_str_has_prefix (error->message, "mutant.hotpath:"));
            n_errors++;
          }
        else
          {
            g_assert_no_error (error);
          }
      }
  g_assert_cmpuint (n_errors, >, 0);
}

/* ------------------------------------------------------------------ */
/* The scanner on its own                                               */

static void
test_scanner_values (void)
{
  const char *json = "{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\", \"n\":[-0, 1.5e3, 2E-2, 0.25],"
                     " \"t\":true, \"f\":false, \"z\":null, \"i\":-9007199254740993}";
  g_autoptr(HpJsonScanner) s = hp_json_scanner_new (json, strlen (json), "scan");
  const char *key;
  const char *str;
  gsize key_length;
  gsize length;
  double d;
  gboolean b;
  gint64 i;

  g_assert_true (hp_json_scanner_start (s));
  g_assert_true (hp_json_scanner_begin_object (s));

  g_assert_true (hp_json_scanner_next_member (s, &key, &key_length));
  g_assert_cmpstr (key, ==, "s");
  g_assert_true (hp_json_scanner_read_string (s, &str, &length));
  /* a " b \ c / d BS FF LF CR TAB: 12 bytes, é 2 bytes, 😀 4 bytes: 18 */
  g_assert_cmpstr (str, ==, "a\"b\\c/d\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  g_assert_cmpuint (length, ==, 18);

  g_assert_true (hp_json_scanner_next_member (s, &key, NULL));
  g_assert_true (hp_json_scanner_begin_array (s));
  g_assert_true (hp_json_scanner_next_element (s, NULL));
  g_assert_true (hp_json_scanner_read_double (s, &d));
  g_assert_cmpfloat (d, ==, 0);
  g_assert_true (hp_json_scanner_next_element (s, NULL));
  g_assert_true (hp_json_scanner_read_double (s, &d));
  g_assert_cmpfloat (d, ==, 1500);
  g_assert_true (hp_json_scanner_next_element (s, NULL));
  g_assert_true (hp_json_scanner_read_double (s, &d));
  g_assert_cmpfloat (d, ==, 0.02);
  g_assert_true (hp_json_scanner_next_element (s, NULL));
  g_assert_true (hp_json_scanner_skip_value (s));
  g_assert_false (hp_json_scanner_next_element (s, NULL));
  g_assert_false (hp_json_scanner_failed (s));

  g_assert_true (hp_json_scanner_next_member (s, &key, NULL));
  g_assert_true (hp_json_scanner_read_boolean (s, &b));
  g_assert_true (b);
  g_assert_true (hp_json_scanner_next_member (s, &key, NULL));
  g_assert_true (hp_json_scanner_read_boolean (s, &b));
  g_assert_false (b);
  g_assert_true (hp_json_scanner_next_member (s, &key, NULL));
  g_assert_cmpint (hp_json_scanner_peek (s), ==, HP_JSON_VALUE_NULL);
  g_assert_true (hp_json_scanner_read_null (s));
  g_assert_true (hp_json_scanner_next_member (s, &key, NULL));
  g_assert_true (hp_json_scanner_read_int64 (s, &i));
  g_assert_cmpint (i, ==, G_GINT64_CONSTANT (-9007199254740993));   /* exact, beyond a double */
  g_assert_false (hp_json_scanner_next_member (s, &key, NULL));
  g_assert_false (hp_json_scanner_failed (s));
  g_assert_true (hp_json_scanner_finish (s));
}

static void
test_scanner_position (void)
{
  /* line 1 "{", line 2 two spaces + "\"a\": [1,", line 3 "  x]}" */
  const char *json = "{\n  \"a\": [1,\n  x]}";
  g_autoptr(HpJsonScanner) s = hp_json_scanner_new (json, strlen (json), "pos.json");
  g_autoptr(GError) error = NULL;
  guint line;
  guint column;

  g_assert_true (hp_json_scanner_start (s));
  g_assert_true (hp_json_scanner_begin_object (s));
  g_assert_true (hp_json_scanner_next_member (s, NULL, NULL));
  g_assert_true (hp_json_scanner_begin_array (s));
  g_assert_true (hp_json_scanner_next_element (s, NULL));
  g_assert_true (hp_json_scanner_skip_value (s));
  g_assert_true (hp_json_scanner_next_element (s, NULL));
  g_assert_false (hp_json_scanner_skip_value (s));

  error = hp_json_scanner_take_error (s);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX);
  /* x is on line 3, column 3; it is the second element of a */
  g_assert_cmpstr (error->message, ==,
                   "pos.json:3:3: $.a[1]: expected a value (object, array, string, number, true, false or null), found ‘x’");

  hp_json_scanner_get_position (s, 0, &line, &column);
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 1);
  hp_json_scanner_get_position (s, 2, &line, &column);   /* first byte of line 2 */
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 1);
}

/* Groups and subgraph names: kept through a save and a reload; a file
 * without them (older files) has none and is written back without them. */
static void
test_groups_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(HpProfile) copy = NULL;
  g_autoptr(HpProfile) old = NULL;
  g_autoptr(GString) json = NULL;
  g_autoptr(GString) again = NULL;
  g_autoptr(GString) old_json = NULL;
  HpWorkflowGraph *graph;
  HpGraphGroup *group;
  double x, y, w, h;
  const char *doc =
    "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"nodes\":["
    "{\"id\":\"a\",\"pos\":[10,10],\"size\":[20,20]},{\"id\":\"b\"},{\"id\":\"12:1\"}],"
    "\"groups\":[{\"id\":\"g1\",\"title\":\"Box \\u00e9\",\"bounding\":[0,0,100.5,50],\"color\":\"#3f789e\"},"
    "{\"id\":\"g2\",\"nodes\":[\"b\",\"zz\"],\"future\":[1,{\"x\":null}]},"
    "{\"id\":\"12\",\"kind\":\"subgraph\",\"title\":\"Upscale\"}]}}";

  profile = read_string (doc, &error);
  g_assert_no_error (error);
  graph = hp_profile_get_graph (profile);
  /* g1, g2, then subgraph 12 (from node 12:1) */
  g_assert_cmpuint (hp_workflow_graph_get_n_groups (graph), ==, 3);
  group = hp_workflow_graph_get_group (graph, 0);
  g_assert_cmpstr (hp_graph_group_get_title (group), ==, "Box é");
  g_assert_true (hp_graph_group_get_bounds (group, &x, &y, &w, &h));
  g_assert_cmpfloat (w, ==, 100.5);
  g_assert_cmpstr (hp_graph_group_get_color (group), ==, "#3f789e");
  /* a's centre (20, 20) is inside; b has no position */
  g_assert_cmpuint (hp_graph_group_get_n_nodes (group), ==, 1);
  group = hp_workflow_graph_get_group (graph, 1);
  g_assert_false (hp_graph_group_get_bounds (group, NULL, NULL, NULL, NULL));
  g_assert_cmpstr (hp_graph_group_get_title (group), ==, "g2");
  /* named members, one (zz) not in the graph */
  g_assert_cmpuint (hp_graph_group_get_n_nodes (group), ==, 2);
  g_assert_cmpstr (hp_graph_group_get_title (hp_workflow_graph_get_group (graph, 2)), ==, "Upscale");

  json = hp_native_write (profile);
  g_assert_nonnull (strstr (json->str, "\"groups\": [\n      {\"id\":\"g1\",\"title\":\"Box é\",\"bounding\":[0,0,100.5,50],\"color\":\"#3f789e\"},\n"
                                       "      {\"id\":\"g2\",\"nodes\":[\"b\",\"zz\"]},\n"
                                       "      {\"id\":\"12\",\"kind\":\"subgraph\",\"title\":\"Upscale\"}\n    ]"));
  copy = hp_native_read (json->str, json->len, "copy.hotpath", &error);
  g_assert_no_error (error);
  again = hp_native_write (copy);
  g_assert_cmpstr (json->str, ==, again->str);

  old = load_fixture ("native-small.hotpath", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_workflow_graph_get_n_groups (hp_profile_get_graph (old)), ==, 0);
  old_json = hp_native_write (old);
  g_assert_null (strstr (old_json->str, "\"groups\""));
}

static const BadCase bad_group_cases[] = {
  /* { 1, "format" 2–9, : 10, "hotpath" 11–19, , 20, "version" 21–29, : 30,
   * 1 31, , 32, "workflow" 33–42, : 43, { 44, "groups" 45–52, : 53, [ at 54 */
  { "groups-type", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":{}}}",
    HP_FORMAT_ERROR_TYPE, "1:54: $.workflow.groups: expected an array, found an object" },
  /* [ 54, { 55 */
  { "group-id-missing", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":[{\"title\":\"x\"}]}}",
    HP_FORMAT_ERROR_MISSING, "1:55: $.workflow.groups[0]: the group has no “id”" },
  /* { 55, "id" 56–59, : 60, 5 at 61 */
  { "group-id-type", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":[{\"id\":5}]}}",
    HP_FORMAT_ERROR_TYPE, "1:61: $.workflow.groups[0].id: expected a string, found a number" },
  /* "a" 61–63, , 64, "bounding" 65–74, : 75, [ 76, 0 77, , 78, 0 79, , 80, 1 81, the ] at 82 */
  { "group-bounding-short", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":[{\"id\":\"a\",\"bounding\":[0,0,1]}]}}",
    HP_FORMAT_ERROR_VALUE, "1:76: $.workflow.groups[0].bounding: expected four numbers [x, y, width, height], found 3" },
  /* [ 76, 0 77, , 78, 0 79, , 80, "1" at 81 */
  { "group-bounding-type", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":[{\"id\":\"a\",\"bounding\":[0,0,\"1\",1]}]}}",
    HP_FORMAT_ERROR_TYPE, "1:81: $.workflow.groups[0].bounding[2]: expected a number, found a string" },
  /* [ 76, 0 77, , 78, 0 79, , 80, 1 81, , 82, -1 at 83 */
  { "group-bounding-negative", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":[{\"id\":\"a\",\"bounding\":[0,0,1,-1]}]}}",
    HP_FORMAT_ERROR_VALUE, "1:83: $.workflow.groups[0].bounding[3]: negative size" },
  /* "kind" 65–70, : 71, "box" at 72 */
  { "group-kind", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":[{\"id\":\"a\",\"kind\":\"box\"}]}}",
    HP_FORMAT_ERROR_VALUE, "1:72: $.workflow.groups[0].kind: unknown kind “box”" },
  /* "nodes" 65–71, : 72, [ 73, 3 at 74 */
  { "group-nodes-type", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":[{\"id\":\"a\",\"nodes\":[3]}]}}",
    HP_FORMAT_ERROR_TYPE, "1:74: $.workflow.groups[0].nodes[0]: expected a string, found a number" },
  /* {"id":"a"} 55–64, , 65, { 66, "id" 67–70, : 71, "a" at 72 */
  { "group-duplicate", "{\"format\":\"hotpath\",\"version\":1,\"workflow\":{\"groups\":[{\"id\":\"a\"},{\"id\":\"a\"}]}}",
    HP_FORMAT_ERROR_DUPLICATE, "1:72: $.workflow.groups[1].id: group “a” appears more than once" },
};

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format-native/small/runs", test_small_runs);
  g_test_add_func ("/format-native/small/node-runs", test_small_node_runs);
  g_test_add_func ("/format-native/small/graph", test_small_graph);
  g_test_add_func ("/format-native/small/stats", test_small_stats);
  g_test_add_func ("/format-native/round-trip/full", test_round_trip);
  g_test_add_func ("/format-native/round-trip/small", test_round_trip_small);
  g_test_add_func ("/format-native/round-trip/empty", test_empty_profile);
  g_test_add_func ("/format-native/round-trip/dismissed-insights", test_dismissed_insights);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format-native/bad/%s", bad_cases[i].name);
      g_test_add_data_func (name, &bad_cases[i], test_bad_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_fixtures); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format-native/bad-file/%s", bad_fixtures[i].file);
      g_test_add_data_func (name, &bad_fixtures[i], test_bad_fixture);
    }
  g_test_add_func ("/format-native/bad/truncate-everywhere", test_truncate_everywhere);
  g_test_add_func ("/format-native/bad/mutate-everywhere", test_mutate_everywhere);
  g_test_add_func ("/format-native/scanner/values", test_scanner_values);
  g_test_add_func ("/format-native/scanner/position", test_scanner_position);
  g_test_add_func ("/format-native/round-trip/groups", test_groups_round_trip);
  for (guint i = 0; i < G_N_ELEMENTS (bad_group_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format-native/bad/%s", bad_group_cases[i].name);
      g_test_add_data_func (name, &bad_group_cases[i], test_bad_case);
    }

  return g_test_run ();
}
