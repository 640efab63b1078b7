/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Critical path and parallelization on small graphs worked by hand. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "hp-critical-path.h"

#define S  1000000.0  /* µs per second */
#define T0 G_GINT64_CONSTANT (1700000000000000)  /* run start, µs since the epoch */

/* ---- building graphs and runs ------------------------------------------- */

/* @edges: "a>b" strings; every node named in them is added, plus @ids */
static HpWorkflowGraph *
new_graph (const char * const *ids,
           const char * const *edges)
{
  HpWorkflowGraph *graph = hp_workflow_graph_new ();

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_assert_nonnull (hp_workflow_graph_add_node (graph, ids[i], "T", NULL, NULL));
  for (guint i = 0; edges != NULL && edges[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (edges[i], ">", 2);
      g_autoptr(GError) error = NULL;

      for (guint k = 0; k < 2; k++)
        if (hp_workflow_graph_lookup_node (graph, ends[k]) == NULL)
          g_assert_nonnull (hp_workflow_graph_add_node (graph, ends[k], "T", NULL, NULL));
      g_assert_true (hp_workflow_graph_add_edge (graph, ends[0], 0, ends[1], 0, &error));
      g_assert_no_error (error);
    }
  return graph;
}

/* @execution_s < 0 leaves the finish time unknown */
static HpRun *
new_run (double execution_s)
{
  HpRun *run = hp_run_new ("r");

  hp_run_set_started_us (run, T0);
  if (execution_s >= 0)
    hp_run_set_finished_us (run, T0 + llround (execution_s * S));
  hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
  return run;
}

/* A node run from @start_s to @end_s after the run's start; cached nodes
 * get start = end. */
static void
add_node (HpRun        *run,
          const char   *id,
          HpNodeStatus  status,
          double        start_s,
          double        end_s)
{
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (id, status);

  hp_node_run_set_times (node_run, T0 + llround (start_s * S), T0 + llround (end_s * S));
  hp_run_add_node_run (run, node_run);
}

static void
assert_path (HpCriticalPath *path,
             const char     *expected)   /* "a,b,d" */
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < hp_critical_path_get_n_nodes (path); i++)
    g_string_append_printf (got, "%s%s", i > 0 ? "," : "", hp_critical_path_get_node (path, i));
  g_assert_cmpstr (got->str, ==, expected);
}

static HpCriticalPath *
compute (HpWorkflowGraph *graph,
         HpRun           *run)
{
  g_autoptr(GError) error = NULL;
  HpCriticalPath *path = hp_critical_path_compute (graph, run, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

/* ---- tests -------------------------------------------------------------- */

/* a(1 s) → b(2 s) → c(3 s), one after the other, run 6 s:
 * path a,b,c = 1 + 2 + 3 = 6 s; efficiency 6/6 = 1; nothing independent. */
static void
test_chain (void)
{
  const char * const edges[] = { "a>b", "b>c", NULL };
  const char * const ids[] = { "a", "b", "c", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (ids, edges);
  g_autoptr(HpRun) run = new_run (6);
  g_autoptr(HpCriticalPath) path = NULL;

  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 1);
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 1, 3);
  add_node (run, "c", HP_NODE_STATUS_COMPLETED, 3, 6);
  path = compute (graph, run);

  assert_path (path, "a,b,c");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 6 * S);
  g_assert_cmpfloat (hp_critical_path_get_execution_us (path), ==, 6 * S);
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_efficiency (path), 1.0, 1e-12);
  g_assert_cmpfloat (hp_critical_path_get_saving_us (path), ==, 0);
  g_assert_cmpuint (hp_critical_path_get_n_serial_pairs (path), ==, 0);
  g_assert_true (hp_critical_path_get_run (path) == run);
  g_assert_true (hp_critical_path_contains (path, "b"));
  g_assert_false (hp_critical_path_contains (path, "zz-not-a-node"));
}

/* The diamond a→b, a→c, b→d, c→d with a 1, b 5, c 3, d 1 s, run serially
 * a [0,1) b [1,6) c [6,9) d [9,10): path a,b,d = 1 + 5 + 1 = 7 s
 * (a,c,d = 5); efficiency 7/10 = 0.7; saving 10 − 7 = 3 s. The only
 * independent pair is b, c (no path between them): serial, b first,
 * saving min(5, 3) = 3 s. */
static void
test_diamond_serial (void)
{
  const char * const edges[] = { "a>b", "a>c", "b>d", "c>d", NULL };
  const char * const ids[] = { "a", "b", "c", "d", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (ids, edges);
  g_autoptr(HpRun) run = new_run (10);
  g_autoptr(HpCriticalPath) path = NULL;
  const HpSerialPair *pair;

  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 1);
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 1, 6);
  add_node (run, "c", HP_NODE_STATUS_COMPLETED, 6, 9);
  add_node (run, "d", HP_NODE_STATUS_COMPLETED, 9, 10);
  path = compute (graph, run);

  assert_path (path, "a,b,d");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 7 * S);
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_efficiency (path), 0.7, 1e-12);
  g_assert_cmpfloat (hp_critical_path_get_saving_us (path), ==, 3 * S);
  g_assert_false (hp_critical_path_contains (path, "c"));

  g_assert_cmpuint (hp_critical_path_get_n_serial_pairs (path), ==, 1);
  pair = hp_critical_path_get_serial_pair (path, 0);
  g_assert_cmpstr (pair->first, ==, "b");
  g_assert_cmpstr (pair->second, ==, "c");
  g_assert_cmpfloat (pair->first_us, ==, 5 * S);
  g_assert_cmpfloat (pair->second_us, ==, 3 * S);
  g_assert_cmpfloat (pair->saving_us, ==, 3 * S);
}

/* The same diamond run in parallel: b [1,6) and c [1,4) overlap, d [6,7):
 * 7 s of 7 → efficiency 1, no serial pair. The order of the node runs
 * (c before b) does not matter. */
static void
test_diamond_parallel (void)
{
  const char * const edges[] = { "a>b", "a>c", "b>d", "c>d", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, edges);
  g_autoptr(HpRun) run = new_run (7);
  g_autoptr(HpCriticalPath) path = NULL;

  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 1);
  add_node (run, "c", HP_NODE_STATUS_COMPLETED, 1, 4);
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 1, 6);
  add_node (run, "d", HP_NODE_STATUS_COMPLETED, 6, 7);
  path = compute (graph, run);

  assert_path (path, "a,b,d");
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_efficiency (path), 1.0, 1e-12);
  g_assert_cmpfloat (hp_critical_path_get_saving_us (path), ==, 0);
  g_assert_cmpuint (hp_critical_path_get_n_serial_pairs (path), ==, 0);
}

/* Two unconnected chains a(2)→b(2) and c(1)→d(4), all serial:
 * a [0,2) b [2,4) c [4,5) d [5,9), run 9 s.
 * Paths: a,b = 4, c,d = 5 → c,d; efficiency 5/9; saving 4 s.
 * Independent pairs (each from a different chain), all serial:
 *   a–c min(2,1) = 1, a–d min(2,4) = 2, b–c 1, b–d 2;
 * largest saving first, ties by first id then second id:
 *   (a,d) 2, (b,d) 2, (a,c) 1, (b,c) 1. */
static void
test_parallel_branches (void)
{
  const char * const edges[] = { "a>b", "c>d", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, edges);
  g_autoptr(HpRun) run = new_run (9);
  g_autoptr(HpCriticalPath) path = NULL;
  const char *expected[][2] = { { "a", "d" }, { "b", "d" }, { "a", "c" }, { "b", "c" } };
  const double savings[] = { 2, 2, 1, 1 };

  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 2);
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 2, 4);
  add_node (run, "c", HP_NODE_STATUS_COMPLETED, 4, 5);
  add_node (run, "d", HP_NODE_STATUS_COMPLETED, 5, 9);
  path = compute (graph, run);

  assert_path (path, "c,d");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 5 * S);
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_efficiency (path), 5.0 / 9.0, 1e-12);
  g_assert_cmpfloat (hp_critical_path_get_saving_us (path), ==, 4 * S);

  g_assert_cmpuint (hp_critical_path_get_n_serial_pairs (path), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const HpSerialPair *pair = hp_critical_path_get_serial_pair (path, i);

      g_assert_cmpstr (pair->first, ==, expected[i][0]);
      g_assert_cmpstr (pair->second, ==, expected[i][1]);
      g_assert_cmpfloat (pair->saving_us, ==, savings[i] * S);
    }
}

/* Cached nodes weigh 0 but stay on the path (a longer chain wins a tie):
 * Load (cached) → Sample 2.4 s → Save 0.2 s: path 1,2,3 = 0 + 2.4 + 0.2
 * = 2.6 s, of a 2.6 s run → efficiency 1. */
static void
test_cached_chain (void)
{
  const char * const edges[] = { "1>2", "2>3", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, edges);
  g_autoptr(HpRun) run = new_run (2.6);
  g_autoptr(HpCriticalPath) path = NULL;

  add_node (run, "1", HP_NODE_STATUS_CACHED, 0, 0);
  add_node (run, "2", HP_NODE_STATUS_COMPLETED, 0, 2.4);
  add_node (run, "3", HP_NODE_STATUS_COMPLETED, 2.4, 2.6);
  path = compute (graph, run);

  assert_path (path, "1,2,3");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 2.6 * S);
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_efficiency (path), 1.0, 1e-12);
}

/* The diamond with its heavy branch cached: a 1, b cached (0), c 3, d 1:
 * a,b,d = 2 < a,c,d = 5 → path a,c,d. A cached node also has no interval
 * worth pairing: no serial pair (b–c is the only independent pair). */
static void
test_cached_branch (void)
{
  const char * const edges[] = { "a>b", "a>c", "b>d", "c>d", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, edges);
  g_autoptr(HpRun) run = new_run (5);
  g_autoptr(HpCriticalPath) path = NULL;

  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 1);
  add_node (run, "b", HP_NODE_STATUS_CACHED, 1, 1);
  add_node (run, "c", HP_NODE_STATUS_COMPLETED, 1, 4);
  add_node (run, "d", HP_NODE_STATUS_COMPLETED, 4, 5);
  path = compute (graph, run);

  assert_path (path, "a,c,d");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 5 * S);
  g_assert_cmpuint (hp_critical_path_get_n_serial_pairs (path), ==, 0);
}

/* A failed node weighs what it ran; the skipped node after it weighs 0:
 * a 1 s → b failed after 4 s → c skipped: path a,b,c = 5 s of a 5 s run. */
static void
test_failed_node (void)
{
  const char * const edges[] = { "a>b", "b>c", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, edges);
  g_autoptr(HpRun) run = new_run (5);
  g_autoptr(HpNodeRun) skipped = hp_node_run_new ("c", HP_NODE_STATUS_SKIPPED);
  g_autoptr(HpCriticalPath) path = NULL;

  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 1);
  add_node (run, "b", HP_NODE_STATUS_FAILED, 1, 5);
  hp_run_add_node_run (run, skipped);
  path = compute (graph, run);

  assert_path (path, "a,b,c");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 5 * S);
  g_assert_cmpint (hp_critical_path_node_weight_us (skipped), ==, 0);
  g_assert_cmpint (hp_critical_path_node_weight_us (NULL), ==, 0);
}

/* Equal branches a→b(2)→d and a→c(2)→d (all else 0): equal length and
 * node count, so the smaller id wins: a,b,d. */
static void
test_tie (void)
{
  const char * const edges[] = { "a>c", "a>b", "c>d", "b>d", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, edges);
  g_autoptr(HpRun) run = new_run (4);
  g_autoptr(HpCriticalPath) path = NULL;

  add_node (run, "c", HP_NODE_STATUS_COMPLETED, 0, 2);
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 2, 4);
  path = compute (graph, run);

  assert_path (path, "a,b,d");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 2 * S);
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_efficiency (path), 0.5, 1e-12);
}

/* No finish time: efficiency and saving are unknown. Nodes the graph
 * lacks are unconnected: x 3 s [0,3) and y 1 s [3,4) → path x = 3 s; x
 * and y are independent and serial: one pair, saving min(3, 1) = 1 s. */
static void
test_unknown_execution_and_extra_nodes (void)
{
  g_autoptr(HpWorkflowGraph) graph = hp_workflow_graph_new ();
  g_autoptr(HpRun) run = new_run (-1);
  g_autoptr(HpCriticalPath) path = NULL;

  add_node (run, "x", HP_NODE_STATUS_COMPLETED, 0, 3);
  add_node (run, "y", HP_NODE_STATUS_COMPLETED, 3, 4);
  path = compute (graph, run);

  assert_path (path, "x");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 3 * S);
  g_assert_true (isnan (hp_critical_path_get_execution_us (path)));
  g_assert_true (isnan (hp_critical_path_get_efficiency (path)));
  g_assert_true (isnan (hp_critical_path_get_saving_us (path)));
  g_assert_cmpuint (hp_critical_path_get_n_serial_pairs (path), ==, 1);
  g_assert_cmpfloat (hp_critical_path_get_serial_pair (path, 0)->saving_us, ==, 1 * S);
}

/* Nothing at all: an empty path of 0 µs; a run of 0 s has no efficiency. */
static void
test_empty (void)
{
  g_autoptr(HpWorkflowGraph) graph = hp_workflow_graph_new ();
  g_autoptr(HpRun) run = new_run (0);
  g_autoptr(HpCriticalPath) path = compute (graph, run);

  g_assert_cmpuint (hp_critical_path_get_n_nodes (path), ==, 0);
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 0);
  g_assert_true (isnan (hp_critical_path_get_efficiency (path)));
  g_assert_cmpfloat (hp_critical_path_get_saving_us (path), ==, 0);
}

/* e → a → b → c → a, c → d: the cycle is a, b, c; e (upstream) and d
 * (downstream) are not on it and are not named. No path, an error. */
static void
test_cycle (void)
{
  const char * const edges[] = { "e>a", "a>b", "b>c", "c>a", "c>d", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, edges);
  g_autoptr(HpRun) run = new_run (3);
  g_autoptr(GError) error = NULL;
  HpCriticalPath *path;

  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 1);
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 1, 2);
  add_node (run, "c", HP_NODE_STATUS_COMPLETED, 2, 3);
  path = hp_critical_path_compute (graph, run, &error);

  g_assert_null (path);
  g_assert_error (error, HP_CRITICAL_PATH_ERROR, HP_CRITICAL_PATH_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "cycle through nodes “a”, “b”, “c”;"));
  g_assert_null (strstr (error->message, "“d”"));
  g_assert_null (strstr (error->message, "“e”"));
}

/* A node linked to itself is a cycle of one; with no error pointer the
 * call still just returns NULL. */
static void
test_self_loop (void)
{
  const char * const edges[] = { "a>a", NULL };
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, edges);
  g_autoptr(HpRun) run = new_run (1);
  g_autoptr(GError) error = NULL;

  g_assert_null (hp_critical_path_compute (graph, run, NULL));
  g_assert_null (hp_critical_path_compute (graph, run, &error));
  g_assert_error (error, HP_CRITICAL_PATH_ERROR, HP_CRITICAL_PATH_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "“a”"));
}

/* Several slots between the same two nodes are one dependency, and the
 * run is released with the path. */
static void
test_duplicate_edges_and_refs (void)
{
  g_autoptr(HpWorkflowGraph) graph = new_graph (NULL, (const char * const[]) { "a>b", NULL });
  HpRun *run = new_run (2);
  HpCriticalPath *path;
  g_autoptr(GError) error = NULL;

  g_assert_true (hp_workflow_graph_add_edge (graph, "a", 1, "b", 1, &error));
  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 1);
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 1, 2);
  path = compute (graph, run);
  assert_path (path, "a,b");
  g_assert_cmpfloat (hp_critical_path_get_length_us (path), ==, 2 * S);

  g_object_unref (run);
  hp_critical_path_unref (hp_critical_path_ref (path));
  hp_critical_path_unref (path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/critical-path/chain", test_chain);
  g_test_add_func ("/critical-path/diamond/serial", test_diamond_serial);
  g_test_add_func ("/critical-path/diamond/parallel", test_diamond_parallel);
  g_test_add_func ("/critical-path/parallel-branches", test_parallel_branches);
  g_test_add_func ("/critical-path/cached/chain", test_cached_chain);
  g_test_add_func ("/critical-path/cached/branch", test_cached_branch);
  g_test_add_func ("/critical-path/failed-node", test_failed_node);
  g_test_add_func ("/critical-path/tie", test_tie);
  g_test_add_func ("/critical-path/unknown-execution", test_unknown_execution_and_extra_nodes);
  g_test_add_func ("/critical-path/empty", test_empty);
  g_test_add_func ("/critical-path/cycle", test_cycle);
  g_test_add_func ("/critical-path/self-loop", test_self_loop);
  g_test_add_func ("/critical-path/duplicate-edges", test_duplicate_edges_and_refs);

  return g_test_run ();
}
