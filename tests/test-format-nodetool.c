/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "hp-nodetool-reader.h"
#include "hp-profile-io.h"

/* NodeTool's WorkflowPerformanceProfile export, worked by hand from
 * tests/fixtures/nodetool-profile.json (durations in ms, per node):
 *   input      5      4      6
 *   caption    3200   2800   3000
 *   translate  900.5  1100.5
 * Rebuilt runs: nodetool-001 = {5, 3200, 900.5}, nodetool-002 =
 * {4, 2800, 1100.5}, nodetool-003 = {6, 3000}. No run has a time. */

#define MS 1000
#define NOTE "NodeTool export: no run timestamps; runs rebuilt from per-node duration lists"

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, length, NULL));
  return data;
}

static void
test_detect (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("nodetool-profile.json", &length);
  g_autofree char *description = NULL;

  g_assert_cmpint (hp_format_detect (data, length, &description), ==, HP_FORMAT_NODETOOL);
  g_assert_cmpstr (description, ==, "NodeTool performance profile");
  g_assert_cmpstr (hp_format_kind_to_string (HP_FORMAT_NODETOOL), ==, "nodetool");
  g_assert_cmpint (hp_format_kind_from_string ("nodetool"), ==, HP_FORMAT_NODETOOL);
}

static void
test_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "nodetool-profile.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_file (path, &error);
  HpWorkflowGraph *graph;
  HpGraphNode *node;
  HpNodeStats *stats;
  HpRun *run;

  g_assert_no_error (error);
  graph = hp_profile_get_graph (profile);
  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==, "6f2b1c9a4e7d4b0e8a1f3c5d7e9b2a40");
  g_assert_cmpstr (hp_workflow_graph_get_name (graph), ==, "Image caption and translate");
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 3);
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 0);
  node = hp_workflow_graph_lookup_node (graph, "translate");
  g_assert_cmpstr (node->type, ==, "Translate");
  g_assert_cmpstr (node->title, ==, "Translate to German");

  /* Three runs, one per index, in index order, none with a time. */
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("nodetool-%03u", i + 1);

      run = hp_profile_get_run (profile, i);
      g_assert_cmpstr (hp_run_get_id (run), ==, id);
      g_assert_cmpint (hp_run_get_started_us (run), ==, HP_TIME_UNKNOWN);
      g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
      g_assert_cmpstr (hp_run_get_note (run), ==, NOTE);
    }
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "caption")), ==, 3200 * MS);
  /* 900.5 ms = 900500 µs */
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "translate")), ==, 900500);
  /* translate has only two values: not in the third run. */
  run = hp_profile_get_run (profile, 2);
  g_assert_cmpuint (hp_run_get_node_runs (run)->len, ==, 2);
  g_assert_null (hp_run_lookup_node_run (run, "translate"));

  /* caption: 3200, 2800, 3000 → mean 3000, median 3000, min 2800,
   * max 3200; p95: sorted 2800 3000 3200, h = 2 · 0.95 = 1.9 →
   * 3000 + 0.9 · 200 = 3180 ms. */
  stats = hp_profile_lookup_node_stats (profile, "caption");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 3);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 3000.0 * MS, 1e-6);
  g_assert_cmpfloat (hp_node_stats_get_median_us (stats), ==, 3000 * MS);
  g_assert_cmpfloat (hp_node_stats_get_min_us (stats), ==, 2800 * MS);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 3200 * MS);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_p95_us (stats), 3180.0 * MS, 1e-6);
  /* The last run (nodetool-003) gave caption 3000 ms. */
  g_assert_cmpfloat (hp_node_stats_get_last_us (stats), ==, 3000 * MS);

  /* translate: (900.5 + 1100.5) / 2 = 1000.5 ms, in 2 runs. */
  stats = hp_profile_lookup_node_stats (profile, "translate");
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 2);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 1000.5 * MS, 1e-6);
  /* input: 5, 4, 6 → mean 5 ms */
  stats = hp_profile_lookup_node_stats (profile, "input");
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 5.0 * MS, 1e-6);
}

typedef struct {
  const char *name;
  const char *data;
  int         code;
  const char *place;
} BadInput;

#define HEAD "{\"workflowId\":\"w\",\"runCount\":1,\"nodeData\":{"

static const BadInput bad_inputs[] = {
  { "duration-type", HEAD "\"caption\":{\"nodeId\":\"caption\",\"durations\":[3200,\"2800\"]}}}",
    HP_FORMAT_ERROR_TYPE, "nt.json: $.nodeData.caption.durations[1]: expected a duration in ms" },
  { "negative-duration", HEAD "\"caption\":{\"durations\":[-3200]}}}",
    HP_FORMAT_ERROR_VALUE, "nt.json: $.nodeData.caption.durations[0]: negative duration -3200 ms" },
  { "absurd-duration", HEAD "\"caption\":{\"durations\":[1e300]}}}",
    HP_FORMAT_ERROR_VALUE, "$.nodeData.caption.durations[0]: duration of" },
  { "durations-not-array", HEAD "\"caption\":{\"durations\":3200}}}",
    HP_FORMAT_ERROR_TYPE, "$.nodeData.caption.durations: expected an array" },
  { "missing-durations", HEAD "\"caption\":{\"nodeId\":\"caption\"}}}",
    HP_FORMAT_ERROR_MISSING, "$.nodeData.caption.durations: missing" },
  { "node-id-mismatch", HEAD "\"caption\":{\"nodeId\":\"other\",\"durations\":[]}}}",
    HP_FORMAT_ERROR_VALUE, "$.nodeData.caption.nodeId: “other” differs from its key “caption”" },
  { "node-not-object", HEAD "\"a b\":[1,2]}}",
    HP_FORMAT_ERROR_TYPE, "$.nodeData[\"a b\"]: expected an object" },
  { "label-type", HEAD "\"c\":{\"nodeLabel\":7,\"durations\":[]}}}",
    HP_FORMAT_ERROR_TYPE, "$.nodeData.c.nodeLabel: expected a string, found a number" },
  { "bad-timestamp", "{\"workflowId\":\"w\",\"timestamp\":-5,\"nodeData\":{}}",
    HP_FORMAT_ERROR_VALUE, "$.timestamp" },
  { "bottleneck-type", "{\"workflowId\":\"w\",\"bottlenecks\":[3],\"nodeData\":{}}",
    HP_FORMAT_ERROR_TYPE, "$.bottlenecks[0]" },
  { "truncated", HEAD "\"caption\":{\"durations\":[3200,",
    HP_FORMAT_ERROR_TRUNCATED, "nt.json:1:" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;

  /* Through detection, so each of these must still be recognised. */
  profile = hp_profile_load_data (bad->data, strlen (bad->data), "nt.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, bad->code);
  if (!g_str_has_prefix (error->message, "nt.json") || strstr (error->message, bad->place) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, bad->place);
}

static void
test_bad_direct (void)
{
  g_autoptr(GError) error = NULL;
  HpProfile *profile;

  profile = hp_nodetool_read ("{\"workflowId\":\"w\"}", 18, "nt.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "nt.json: $.nodeData: missing"));
  g_clear_error (&error);

  profile = hp_nodetool_read ("[]", 2, "nt.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
  g_clear_error (&error);

  profile = hp_nodetool_read ("", 0, "nt.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY);
}

static void
test_empty_node_data (void)
{
  static const char data[] = "{\"workflowId\":\"w\",\"runCount\":0,\"nodeData\":{}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (data, strlen (data), "nt.json", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 0);
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (profile)), ==, "w");
  g_assert_finalize_object (g_steal_pointer (&profile));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/nodetool/detect", test_detect);
  g_test_add_func ("/format/nodetool/fixture", test_fixture);
  g_test_add_func ("/format/nodetool/empty", test_empty_node_data);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format/nodetool/bad-input/%s", bad_inputs[i].name);

      g_test_add_data_func (name, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/format/nodetool/bad-input/direct", test_bad_direct);

  return g_test_run ();
}
