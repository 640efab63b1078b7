/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Groups and subgraphs: membership, nesting, wall time as the union of
 * intervals, the readers and the report. */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "hp-cli-test-utils.h"
#include "hp-comfyui-workflow-reader.h"
#include "hp-group-totals.h"
#include "hp-nodetool-workflow-reader.h"
#include "hp-profile-io.h"

#define MS 1000

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static HpProfile *
load_fixture (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  HpProfile *profile = hp_profile_load_file (path, &error);

  g_assert_no_error (error);
  return profile;
}

static HpGraphGroup *
group_by_title (HpWorkflowGraph *graph,
                const char      *title)
{
  for (guint i = 0; i < hp_workflow_graph_get_n_groups (graph); i++)
    if (g_strcmp0 (hp_graph_group_get_title (hp_workflow_graph_get_group (graph, i)), title) == 0)
      return hp_workflow_graph_get_group (graph, i);
  g_error ("no group “%s”", title);
  return NULL;
}

static char *
node_list (HpGraphGroup *group)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hp_graph_group_get_n_nodes (group); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", hp_graph_group_get_node (group, i));
  return g_string_free (out, FALSE);
}

static HpGraphNode *
add_node (HpWorkflowGraph *graph,
          const char      *id,
          double           x,
          double           y,
          double           w,
          double           h)
{
  HpGraphNode *node = hp_workflow_graph_add_node (graph, id, "T", NULL, NULL);

  g_assert_nonnull (node);
  hp_graph_node_set_position (node, x, y, w, h);
  return node;
}

static void
test_membership_centre (void)
{
  g_autoptr(HpWorkflowGraph) graph = hp_workflow_graph_new ();
  g_autoptr(HpGraphGroup) outer = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, "outer", "Outer");
  g_autoptr(HpGraphGroup) inner = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, "inner", "Inner");
  g_autoptr(HpGraphGroup) twin = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, "twin", NULL);
  g_autoptr(GPtrArray) of_a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outer_nodes = NULL;
  g_autofree char *inner_nodes = NULL;

  hp_graph_group_set_bounds (outer, 0, 0, 100, 100);
  hp_graph_group_set_bounds (inner, 5, 5, 40, 40);
  hp_graph_group_set_bounds (twin, 5, 5, 40, 40);
  /* a: centre (20, 20), inside both boxes */
  add_node (graph, "a", 10, 10, 20, 20);
  /* b: sticks out of the outer box (x 80–120) but its centre (100, 20)
   * is on the right edge: a member (edges included) */
  add_node (graph, "b", 80, 10, 40, 20);
  /* c: centre (110, 60) outside, though its left half (90–110) is inside */
  add_node (graph, "c", 90, 50, 40, 20);
  /* d: no position, so in no box */
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "d", "T", NULL, NULL));
  /* e: no size, so the layout's 240 × 80: centre (−100 + 120, 0 + 40) = (20, 40) */
  add_node (graph, "e", -100, 0, 0, 0);

  g_assert_true (hp_workflow_graph_add_group (graph, outer, NULL));
  g_assert_true (hp_workflow_graph_add_group (graph, inner, NULL));
  g_assert_true (hp_workflow_graph_add_group (graph, twin, NULL));
  g_assert_false (hp_workflow_graph_add_group (graph, inner, &error));
  g_assert_error (error, HP_WORKFLOW_GRAPH_ERROR, HP_WORKFLOW_GRAPH_ERROR_DUPLICATE_GROUP);

  g_assert_cmpuint (hp_workflow_graph_get_n_groups (graph), ==, 3);
  outer_nodes = node_list (outer);
  inner_nodes = node_list (inner);
  g_assert_cmpstr (outer_nodes, ==, "a b e");
  g_assert_cmpstr (inner_nodes, ==, "a e");
  /* The inner box lies wholly in the outer one; of the two identical
   * boxes the earlier (inner) is the parent of the later (twin). */
  g_assert_null (hp_graph_group_get_parent_id (outer));
  g_assert_cmpstr (hp_graph_group_get_parent_id (inner), ==, "outer");
  g_assert_cmpstr (hp_graph_group_get_parent_id (twin), ==, "inner");
  g_assert_cmpstr (hp_graph_group_get_title (twin), ==, "twin");

  /* innermost first: twin (2 nodes, later), inner (2), outer (3) — ties
   * keep the list order, so inner before twin */
  of_a = hp_workflow_graph_get_groups_of_node (graph, "a");
  g_assert_cmpuint (of_a->len, ==, 3);
  g_assert_true (g_ptr_array_index (of_a, 0) == inner);
  g_assert_true (g_ptr_array_index (of_a, 1) == twin);
  g_assert_true (g_ptr_array_index (of_a, 2) == outer);

  /* A node added later joins when next asked. */
  add_node (graph, "f", 50, 50, 10, 10);   /* centre (55, 55): outer only */
  g_assert_true (hp_graph_group_contains_node (hp_workflow_graph_get_group (graph, 0), "f"));
  g_assert_false (hp_graph_group_contains_node (inner, "f"));
  g_assert_false (hp_graph_group_contains_node (outer, "c"));
  g_assert_false (hp_graph_group_contains_node (outer, "d"));

  g_clear_object (&graph);
  g_assert_finalize_object (g_steal_pointer (&twin));
}

static void
test_membership_explicit (void)
{
  g_autoptr(HpWorkflowGraph) graph = hp_workflow_graph_new ();
  g_autoptr(HpGraphGroup) box = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, "box", "Box");
  g_autoptr(HpGraphGroup) outer = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, "outer", "Outer");
  g_autofree char *box_nodes = NULL;
  g_autofree char *outer_nodes = NULL;

  /* Named members win over geometry: "far" is outside the box. */
  add_node (graph, "near", 0, 0, 10, 10);
  add_node (graph, "far", 1000, 1000, 10, 10);
  add_node (graph, "box", 0, 0, 100, 100);
  hp_graph_group_set_bounds (box, 0, 0, 100, 100);
  hp_graph_group_add_member (box, "far");
  hp_graph_group_add_member (box, "far");     /* once */
  /* NodeTool nests a Group node by naming it as a child. */
  hp_graph_group_add_member (outer, "box");
  hp_graph_group_add_member (outer, "near");
  g_assert_true (hp_workflow_graph_add_group (graph, box, NULL));
  g_assert_true (hp_workflow_graph_add_group (graph, outer, NULL));

  box_nodes = node_list (box);
  outer_nodes = node_list (outer);
  g_assert_cmpstr (box_nodes, ==, "far");
  g_assert_cmpuint (hp_graph_group_get_n_explicit_members (box), ==, 1);
  /* outer: near, box (a node: the Group node itself) and box's far */
  g_assert_cmpstr (outer_nodes, ==, "near far box");
  g_assert_cmpstr (hp_graph_group_get_parent_id (box), ==, "outer");
}

static void
test_union (void)
{
  /* [0, 100) ∪ [50, 150) ∪ [200, 250) = [0, 150) ∪ [200, 250) = 150 + 50 = 200 */
  static const gint64 pairs[] = { 200, 250, 0, 100, 50, 150 };
  /* [0, 10) inside [0, 100): 100; [5, 5) empty, [9, 3) reversed: nothing */
  static const gint64 nested[] = { 0, 100, 0, 10, 5, 5, 9, 3 };
  /* touching intervals join: [0, 10) ∪ [10, 20) = 20 */
  static const gint64 touching[] = { 10, 20, 0, 10 };

  g_assert_cmpint (hp_group_totals_union_us (pairs, 3), ==, 200);
  g_assert_cmpint (hp_group_totals_union_us (nested, 4), ==, 100);
  g_assert_cmpint (hp_group_totals_union_us (touching, 2), ==, 20);
  g_assert_cmpint (hp_group_totals_union_us (NULL, 0), ==, 0);
}

static HpNodeRun *
timed (const char *id,
       gint64      start_ms,
       gint64      end_ms)
{
  HpNodeRun *node_run = hp_node_run_new (id, HP_NODE_STATUS_COMPLETED);

  hp_node_run_set_times (node_run, 1700000000000000 + start_ms * MS, 1700000000000000 + end_ms * MS);
  return node_run;
}

static void
add_timed (HpRun      *run,
           const char *id,
           gint64      start_ms,
           gint64      end_ms)
{
  g_autoptr(HpNodeRun) node_run = timed (id, start_ms, end_ms);

  hp_run_add_node_run (run, node_run);
}

static HpGroupTotals *
totals_by_id (GPtrArray  *totals,
              const char *id)
{
  for (guint i = 0; i < totals->len; i++)
    if (g_strcmp0 (hp_group_totals_get_id (g_ptr_array_index (totals, i)), id) == 0)
      return g_ptr_array_index (totals, i);
  g_error ("no totals for “%s”", id);
  return NULL;
}

static void
test_wall_time (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(HpGraphGroup) group = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, "g", "G");
  g_autoptr(HpRun) run = hp_run_new ("r");
  g_autoptr(GPtrArray) totals = NULL;
  HpGroupTotals *t;

  add_node (graph, "a", 0, 0, 10, 10);
  add_node (graph, "b", 20, 0, 10, 10);
  add_node (graph, "c", 40, 0, 10, 10);
  add_node (graph, "d", 60, 0, 10, 10);
  add_node (graph, "out", 500, 0, 10, 10);
  hp_graph_group_set_bounds (group, 0, 0, 100, 100);
  hp_workflow_graph_add_group (graph, group, NULL);

  hp_run_set_started_us (run, 1700000000000000);
  hp_run_set_finished_us (run, 1700000000000000 + 400 * MS);
  add_timed (run, "a", 0, 100);
  add_timed (run, "b", 50, 150);
  add_timed (run, "c", 200, 250);
  {
    g_autoptr(HpNodeRun) cached = hp_node_run_new ("d", HP_NODE_STATUS_CACHED);

    hp_run_add_node_run (run, cached);
  }
  add_timed (run, "out", 0, 400);
  g_assert_true (hp_profile_add_run (profile, run, NULL));

  totals = hp_group_totals_compute (profile, run);
  g_assert_cmpuint (totals->len, ==, 1);
  t = g_ptr_array_index (totals, 0);
  /* [0, 100) ∪ [50, 150) ∪ [200, 250) = 200 ms; sum 100 + 100 + 50 = 250 ms */
  g_assert_cmpint (hp_group_totals_get_wall_us (t), ==, 200 * MS);
  g_assert_cmpint (hp_group_totals_get_sum_us (t), ==, 250 * MS);
  g_assert_true (hp_group_totals_has_intervals (t));
  /* a b c d; a b c executed, d cached */
  g_assert_cmpuint (hp_group_totals_get_n_nodes (t), ==, 4);
  g_assert_cmpuint (hp_group_totals_get_n_executed (t), ==, 3);
  g_assert_cmpuint (hp_group_totals_get_n_cached (t), ==, 1);
  /* 200 of the run's 400 ms */
  g_assert_cmpfloat_with_epsilon (hp_group_totals_get_share (t), 0.5, 1e-12);
}

static void
test_no_intervals (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(HpGraphGroup) group = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, "g", "G");
  g_autoptr(HpRun) run = hp_run_new ("r");
  g_autoptr(HpNodeRun) b = hp_node_run_new ("b", HP_NODE_STATUS_COMPLETED);
  g_autoptr(GPtrArray) totals = NULL;
  HpGroupTotals *t;

  add_node (graph, "a", 0, 0, 10, 10);
  add_node (graph, "b", 20, 0, 10, 10);
  hp_graph_group_set_bounds (group, 0, 0, 100, 100);
  hp_workflow_graph_add_group (graph, group, NULL);

  /* a has an interval, b only a duration (Dify-like): the union is
   * unknown, so the wall time is the sum 100 + 70 = 170 ms, flagged */
  add_timed (run, "a", 0, 100);
  hp_node_run_set_duration_us (b, 70 * MS);
  hp_run_add_node_run (run, b);
  g_assert_true (hp_profile_add_run (profile, run, NULL));

  totals = hp_group_totals_compute (profile, run);
  t = g_ptr_array_index (totals, 0);
  g_assert_false (hp_group_totals_has_intervals (t));
  g_assert_cmpint (hp_group_totals_get_wall_us (t), ==, 170 * MS);
  g_assert_cmpint (hp_group_totals_get_sum_us (t), ==, 170 * MS);
  /* the run has no start and end: no share */
  g_assert_true (isnan (hp_group_totals_get_share (t)));

  /* no run: nothing executed, no time */
  g_clear_pointer (&totals, g_ptr_array_unref);
  totals = hp_group_totals_compute (profile, NULL);
  t = g_ptr_array_index (totals, 0);
  g_assert_cmpint (hp_group_totals_get_wall_us (t), ==, 0);
  g_assert_cmpuint (hp_group_totals_get_n_executed (t), ==, 0);
  g_assert_cmpuint (hp_group_totals_get_n_nodes (t), ==, 2);
}

static void
test_subgraph_paths (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(HpRun) run = hp_run_new ("r");
  g_autoptr(GPtrArray) totals = NULL;
  g_autoptr(GListModel) roots = NULL;
  HpGraphGroup *sg12, *sg125;
  HpGroupTotals *t12, *t125, *t9;

  g_assert_nonnull (hp_workflow_graph_add_node (graph, "7", "Load", NULL, NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "12", "uuid", "Upscaler", NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "12:5", "Scale", NULL, NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "12:5:3", "Blur", NULL, NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "12:6", "Sharpen", NULL, NULL));

  /* "12:5:3" implies 12 and 12:5; the host node 12 is not inside 12 */
  g_assert_cmpuint (hp_workflow_graph_get_n_groups (graph), ==, 2);
  sg12 = hp_workflow_graph_get_group (graph, 0);
  sg125 = hp_workflow_graph_get_group (graph, 1);
  g_assert_cmpint (hp_graph_group_get_kind (sg12), ==, HP_GRAPH_GROUP_KIND_SUBGRAPH);
  g_assert_cmpstr (hp_graph_group_get_id (sg12), ==, "12");
  g_assert_cmpstr (hp_graph_group_get_id (sg125), ==, "12:5");
  g_assert_null (hp_graph_group_get_parent_id (sg12));
  g_assert_cmpstr (hp_graph_group_get_parent_id (sg125), ==, "12");
  g_assert_cmpuint (hp_graph_group_get_n_nodes (sg12), ==, 3);      /* 12:5, 12:5:3, 12:6 */
  g_assert_cmpuint (hp_graph_group_get_n_nodes (sg125), ==, 1);     /* 12:5:3 */
  g_assert_true (hp_graph_group_contains_node (sg12, "12:5:3"));
  g_assert_false (hp_graph_group_contains_node (sg12, "12"));
  /* no definition name: the host node's title; 12:5 has no host title */
  g_assert_cmpstr (hp_graph_group_get_title (sg12), ==, "Upscaler");
  g_assert_cmpstr (hp_graph_group_get_title (sg125), ==, "12:5");
  hp_workflow_graph_set_subgraph_title (graph, "12:5", "Refine");
  g_assert_cmpuint (hp_workflow_graph_get_n_groups (graph), ==, 2);
  g_assert_true (hp_workflow_graph_get_group (graph, 1) == sg125);   /* the same object */
  g_assert_cmpstr (hp_graph_group_get_title (sg125), ==, "Refine");

  /* A run whose node "9:1" the graph lacks still gets subgraph 9. */
  hp_run_set_started_us (run, 1700000000000000);
  hp_run_set_finished_us (run, 1700000000000000 + 1000 * MS);
  add_timed (run, "12:5", 0, 300);
  add_timed (run, "12:5:3", 300, 500);
  add_timed (run, "12:6", 100, 400);
  add_timed (run, "9:1", 600, 700);
  g_assert_true (hp_profile_add_run (profile, run, NULL));

  totals = hp_group_totals_compute (profile, run);
  g_assert_cmpuint (totals->len, ==, 3);
  t12 = totals_by_id (totals, "12");
  t125 = totals_by_id (totals, "12:5");
  t9 = totals_by_id (totals, "9");
  /* 12: [0, 300) ∪ [300, 500) ∪ [100, 400) = [0, 500) = 500 ms; sum 300 + 200 + 300 = 800 */
  g_assert_cmpint (hp_group_totals_get_wall_us (t12), ==, 500 * MS);
  g_assert_cmpint (hp_group_totals_get_sum_us (t12), ==, 800 * MS);
  /* 12:5: only 12:5:3, [300, 500) = 200 ms */
  g_assert_cmpint (hp_group_totals_get_wall_us (t125), ==, 200 * MS);
  g_assert_cmpint (hp_group_totals_get_wall_us (t9), ==, 100 * MS);
  g_assert_cmpuint (hp_group_totals_get_n_nodes (t9), ==, 1);

  /* The tree: 12 (child 12:5) and 9 at the top. */
  roots = hp_group_totals_get_roots (totals);
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (hp_group_totals_get_children (t12)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (hp_group_totals_get_children (t125)), ==, 0);
}

static void
test_fixture_totals (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("groups-profile.hotpath");
  HpRun *latest = hp_profile_get_latest_run (profile);
  g_autoptr(GPtrArray) totals = NULL;
  HpDurationSummary summary;
  HpGroupTotals *t;

  g_assert_cmpstr (hp_run_get_id (latest), ==, "r2");
  totals = hp_group_totals_compute (profile, latest);
  /* three groups, then subgraphs 12 and 12:3 */
  g_assert_cmpuint (totals->len, ==, 5);

  /* Prompts holds Positive [100, 200) and Negative [150, 300):
   * union [100, 300) = 200 ms, sum 100 + 150 = 250 ms, share 200 / 1900 */
  t = totals_by_id (totals, "group-1");
  g_assert_cmpstr (hp_group_totals_get_title (t), ==, "Prompts");
  g_assert_cmpint (hp_group_totals_get_wall_us (t), ==, 200 * MS);
  g_assert_cmpint (hp_group_totals_get_sum_us (t), ==, 250 * MS);
  g_assert_cmpfloat_with_epsilon (hp_group_totals_get_share (t), 200.0 / 1900.0, 1e-12);
  g_assert_cmpuint (g_list_model_get_n_items (hp_group_totals_get_children (t)), ==, 1);

  /* Negative prompt (nested): Negative only, 150 ms */
  t = totals_by_id (totals, "group-2");
  g_assert_cmpstr (hp_group_totals_get_parent_id (t), ==, "group-1");
  g_assert_cmpint (hp_group_totals_get_wall_us (t), ==, 150 * MS);

  /* Sampling: KSampler [300, 1300) and VAE Decode [1300, 1500), whose
   * centre is on the box's edge: 1200 ms */
  t = totals_by_id (totals, "group-3");
  g_assert_cmpuint (hp_group_totals_get_n_nodes (t), ==, 2);
  g_assert_cmpint (hp_group_totals_get_wall_us (t), ==, 1200 * MS);

  /* Upscale (12): [1500, 1600) ∪ [1550, 1700) ∪ [1700, 1800) ∪ [1800, 1850)
   * = [1500, 1850) = 350 ms; sum 100 + 150 + 100 + 50 = 400 ms */
  t = totals_by_id (totals, "12");
  g_assert_cmpstr (hp_group_totals_get_title (t), ==, "Upscale");
  g_assert_cmpint (hp_group_totals_get_wall_us (t), ==, 350 * MS);
  g_assert_cmpint (hp_group_totals_get_sum_us (t), ==, 400 * MS);
  /* Refine (12:3): [1700, 1850) = 150 ms */
  t = totals_by_id (totals, "12:3");
  g_assert_cmpstr (hp_group_totals_get_title (t), ==, "Refine");
  g_assert_cmpstr (hp_group_totals_get_parent_id (t), ==, "12");
  g_assert_cmpint (hp_group_totals_get_wall_us (t), ==, 150 * MS);

  /* Over both runs: Prompts 100 ms in r1 (side by side [0, 100)) and 200
   * in r2: mean 150, p95 = 100 + 0.95 × (200 − 100) = 195 */
  hp_group_totals_summarize (profile, hp_group_totals_get_group (totals_by_id (totals, "group-1")), &summary);
  g_assert_cmpuint (summary.count, ==, 2);
  g_assert_cmpfloat_with_epsilon (summary.mean, 150.0 * MS, 1e-6);
  g_assert_cmpfloat_with_epsilon (summary.p95, 195.0 * MS, 1e-6);
  /* Upscale in r1: [1300, 1450) ∪ [1450, 1550) ∪ [1550, 1600) = 300 ms;
   * mean (300 + 350) / 2 = 325 */
  hp_group_totals_summarize (profile, hp_group_totals_get_group (totals_by_id (totals, "12")), &summary);
  g_assert_cmpfloat_with_epsilon (summary.mean, 325.0 * MS, 1e-6);
}

static void
assert_workflow_groups (HpWorkflowGraph *graph)
{
  HpGraphGroup *prompts = group_by_title (graph, "Prompts");
  HpGraphGroup *negative = group_by_title (graph, "Negative prompt");
  HpGraphGroup *sampling = group_by_title (graph, "Sampling");
  g_autofree char *prompts_nodes = node_list (prompts);
  g_autofree char *negative_nodes = node_list (negative);
  g_autofree char *sampling_nodes = node_list (sampling);
  double x, y, w, h;

  g_assert_true (hp_graph_group_get_bounds (prompts, &x, &y, &w, &h));
  g_assert_cmpfloat (x, ==, 350);
  g_assert_cmpfloat (y, ==, -60);
  g_assert_cmpfloat (w, ==, 400);
  g_assert_cmpfloat (h, ==, 420);
  g_assert_cmpstr (hp_graph_group_get_color (prompts), ==, "#3f789e");
  g_assert_null (hp_graph_group_get_color (negative));
  /* Positive (400, 0) 300 × 100: centre (550, 50); Negative (400, 200):
   * centre (550, 250); both in [350, 750] × [−60, 360] */
  g_assert_cmpstr (prompts_nodes, ==, "2 3");
  g_assert_cmpstr (negative_nodes, ==, "3");
  /* KSampler centre (950, 200); VAE Decode (1360, 100) 200 × 100: centre
   * (1460, 150), on the right edge 760 + 700 = 1460 */
  g_assert_cmpstr (sampling_nodes, ==, "4 5");
  g_assert_cmpstr (hp_graph_group_get_parent_id (negative), ==, hp_graph_group_get_id (prompts));
  g_assert_null (hp_graph_group_get_parent_id (sampling));
}

static void
test_comfyui_v04 (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui-workflow-groups.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);

  /* three groups and no subgraph: the editor graph has the host node 12,
   * not the nodes inside (those come with a run's prompt) */
  g_assert_cmpuint (hp_workflow_graph_get_n_groups (graph), ==, 3);
  /* no ids in schema 0.4: numbered by place */
  g_assert_cmpstr (hp_graph_group_get_id (hp_workflow_graph_get_group (graph, 0)), ==, "group-1");
  g_assert_cmpstr (hp_graph_group_get_id (hp_workflow_graph_get_group (graph, 2)), ==, "group-3");
  assert_workflow_groups (graph);
  /* host 12 → "Upscale", whose node 3 hosts "Refine"; the group inside
   * the definition is not one of the graph's */
  g_assert_cmpstr (hp_workflow_graph_get_subgraph_title (graph, "12"), ==, "Upscale");
  g_assert_cmpstr (hp_workflow_graph_get_subgraph_title (graph, "12:3"), ==, "Refine");
  g_assert_null (hp_workflow_graph_get_subgraph_title (graph, "3"));
}

static const char v1_workflow[] =
  "{\"version\": 1, \"state\": {\"lastGroupId\": 7, \"lastNodeId\": 3, \"lastLinkId\": 1, \"lastRerouteId\": 0},\n"
  " \"nodes\": [{\"id\": 1, \"type\": \"A\", \"pos\": [0, 0], \"size\": [100, 50]},\n"
  "            {\"id\": 2, \"type\": \"f00d\", \"pos\": [300, 0], \"size\": [100, 50]},\n"
  "            {\"id\": \"x\", \"type\": \"B\", \"pos\": {\"0\": 600, \"1\": 0}, \"size\": {\"0\": 100, \"1\": 50}}],\n"
  " \"links\": [{\"id\": 1, \"origin_id\": 1, \"origin_slot\": 0, \"target_id\": 2, \"target_slot\": 0, \"type\": \"X\"}],\n"
  " \"groups\": [{\"id\": 7, \"title\": \"Front\", \"bounding\": [-10, -10, 420, 80], \"color\": \"#a1309b\"}],\n"
  " \"definitions\": {\"subgraphs\": [{\"id\": \"f00d\", \"name\": \"Inner\", \"nodes\": []}]}}";

static void
test_comfyui_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_comfyui_workflow_read (v1_workflow, strlen (v1_workflow), "v1.json", &error);
  HpWorkflowGraph *graph;
  HpGraphGroup *front;
  g_autofree char *nodes = NULL;

  g_assert_no_error (error);
  graph = hp_profile_get_graph (profile);
  g_assert_cmpuint (hp_workflow_graph_get_n_groups (graph), ==, 1);
  front = hp_workflow_graph_get_group (graph, 0);
  g_assert_cmpstr (hp_graph_group_get_id (front), ==, "7");
  g_assert_cmpstr (hp_graph_group_get_title (front), ==, "Front");
  g_assert_cmpstr (hp_graph_group_get_color (front), ==, "#a1309b");
  /* [−10, 410] × [−10, 70]: centres (50, 25) and (350, 25) in, (650, 25) out */
  nodes = node_list (front);
  g_assert_cmpstr (nodes, ==, "1 2");
  g_assert_cmpstr (hp_workflow_graph_get_subgraph_title (graph, "2"), ==, "Inner");
}

typedef struct {
  const char   *name;
  const char   *json;
  HpFormatError code;
  const char   *where;
} BadCase;

#define NODES "{\"nodes\": [{\"id\": 1, \"type\": \"A\"}], \"links\": [], "

static const BadCase bad_cases[] = {
  { "groups-type", NODES "\"groups\": {}}", HP_FORMAT_ERROR_TYPE, "$.groups: expected an array of groups" },
  { "group-type", NODES "\"groups\": [5]}", HP_FORMAT_ERROR_TYPE, "$.groups[0]: expected an object" },
  { "bounding-missing", NODES "\"groups\": [{\"title\": \"G\"}]}", HP_FORMAT_ERROR_MISSING, "$.groups[0].bounding: missing" },
  { "bounding-type", NODES "\"groups\": [{\"title\": \"G\", \"bounding\": \"0 0 1 1\"}]}",
    HP_FORMAT_ERROR_TYPE, "$.groups[0].bounding: expected the box [x, y, width, height], found a string" },
  { "bounding-short", NODES "\"groups\": [{\"title\": \"G\", \"bounding\": [0, 0, 1]}]}",
    HP_FORMAT_ERROR_VALUE, "$.groups[0].bounding: an array of 3 values" },
  { "bounding-element", NODES "\"groups\": [{\"title\": \"G\", \"bounding\": [0, 0, \"1\", 1]}]}",
    HP_FORMAT_ERROR_TYPE, "$.groups[0].bounding[2]: expected a number" },
  { "bounding-negative", NODES "\"groups\": [{\"title\": \"G\", \"bounding\": [0, 0, 10, -1]}]}",
    HP_FORMAT_ERROR_VALUE, "$.groups[0].bounding[3]: negative size" },
  { "bounding-absurd", NODES "\"groups\": [{\"title\": \"G\", \"bounding\": [1e300, 0, 10, 1]}]}",
    HP_FORMAT_ERROR_VALUE, "$.groups[0].bounding[0]: the coordinate is absurd" },
  { "title-type", NODES "\"groups\": [{\"title\": 5, \"bounding\": [0, 0, 1, 1]}]}",
    HP_FORMAT_ERROR_TYPE, "$.groups[0].title" },
  { "duplicate-id", NODES "\"groups\": [{\"id\": 1, \"bounding\": [0, 0, 1, 1]}, {\"id\": 1, \"bounding\": [0, 0, 1, 1]}]}",
    HP_FORMAT_ERROR_DUPLICATE, "$.groups[1].id: group id “1” appears more than once" },
  { "definitions-type", NODES "\"definitions\": []}", HP_FORMAT_ERROR_TYPE, "$.definitions: expected an object" },
  { "subgraphs-type", NODES "\"definitions\": {\"subgraphs\": 1}}", HP_FORMAT_ERROR_TYPE, "$.definitions.subgraphs: expected an array" },
  { "subgraph-id-missing", NODES "\"definitions\": {\"subgraphs\": [{\"name\": \"S\"}]}}",
    HP_FORMAT_ERROR_MISSING, "$.definitions.subgraphs[0].id: missing" },
  { "subgraph-nodes-type", NODES "\"definitions\": {\"subgraphs\": [{\"id\": \"u\", \"nodes\": {}}]}}",
    HP_FORMAT_ERROR_TYPE, "$.definitions.subgraphs[0].nodes: expected an array of nodes" },
};

static void
test_comfyui_bad (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_comfyui_workflow_read (bad->json, strlen (bad->json), "bad.json", &error);

  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, (int) bad->code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, bad->where) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, bad->where);
}

static void
test_nodetool (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("nodetool-workflow.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpGraphGroup *group;
  g_autofree char *nodes = NULL;
  double x, y, w, h;

  g_assert_cmpuint (hp_workflow_graph_get_n_groups (graph), ==, 1);
  group = hp_workflow_graph_get_group (graph, 0);
  g_assert_cmpstr (hp_graph_group_get_id (group), ==, "group");
  g_assert_cmpstr (hp_graph_group_get_title (group), ==, "Post-processing");
  /* the Group node's position (600, 40), width 400, height 300 */
  g_assert_true (hp_graph_group_get_bounds (group, &x, &y, &w, &h));
  g_assert_cmpfloat (x, ==, 600);
  g_assert_cmpfloat (y, ==, 40);
  g_assert_cmpfloat (w, ==, 400);
  g_assert_cmpfloat (h, ==, 300);
  /* its children by parent_id */
  nodes = node_list (group);
  g_assert_cmpstr (nodes, ==, "translate output");
}

static void
test_report_json (void)
{
  g_autofree char *path = fixture ("groups-profile.hotpath");
  g_auto(HpCliResult) json = { 0 };
  g_auto(HpCliResult) text = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *groups;
  JsonObject *prompts = NULL, *upscale = NULL, *refine = NULL;

  hp_cli_run (&json, "report", "--format", "json", path, NULL);
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);

  groups = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "groups");
  g_assert_cmpuint (json_array_get_length (groups), ==, 5);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      const char *title = json_object_get_string_member (g, "title");

      if (g_strcmp0 (title, "Prompts") == 0)
        prompts = g;
      else if (g_strcmp0 (title, "Upscale") == 0)
        upscale = g;
      else if (g_strcmp0 (title, "Refine") == 0)
        refine = g;
    }
  g_assert_nonnull (prompts);
  g_assert_nonnull (upscale);
  g_assert_nonnull (refine);
  /* latest run r2, worked out in test_fixture_totals */
  g_assert_cmpstr (json_object_get_string_member (prompts, "kind"), ==, "group");
  g_assert_cmpfloat (json_object_get_double_member (prompts, "wall_ms"), ==, 200);
  g_assert_cmpfloat (json_object_get_double_member (prompts, "sum_ms"), ==, 250);
  g_assert_true (json_object_get_null_member (prompts, "parent"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (prompts, "nodes")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (upscale, "kind"), ==, "subgraph");
  g_assert_cmpfloat (json_object_get_double_member (upscale, "wall_ms"), ==, 350);
  g_assert_cmpfloat (json_object_get_double_member (upscale, "sum_ms"), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (refine, "parent"), ==, "12");
  g_assert_true (json_object_get_boolean_member (refine, "intervals"));

  /* the text report has a Groups section */
  hp_cli_run (&text, "report", path, NULL);
  g_assert_nonnull (strstr (text.out, "Groups"));
  g_assert_nonnull (strstr (text.out, "Prompts"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/groups/membership/centre-and-nesting", test_membership_centre);
  g_test_add_func ("/groups/membership/explicit", test_membership_explicit);
  g_test_add_func ("/groups/wall/union", test_union);
  g_test_add_func ("/groups/wall/run", test_wall_time);
  g_test_add_func ("/groups/wall/no-intervals", test_no_intervals);
  g_test_add_func ("/groups/subgraph/paths", test_subgraph_paths);
  g_test_add_func ("/groups/fixture/totals", test_fixture_totals);
  g_test_add_func ("/groups/comfyui/v0.4", test_comfyui_v04);
  g_test_add_func ("/groups/comfyui/v1", test_comfyui_v1);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/groups/comfyui/bad/%s", bad_cases[i].name);

      g_test_add_data_func (name, &bad_cases[i], test_comfyui_bad);
    }
  g_test_add_func ("/groups/nodetool/group-node", test_nodetool);
  g_test_add_func ("/groups/report/json", test_report_json);

  return g_test_run ();
}
