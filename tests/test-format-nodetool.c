/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "hp-nodetool-log-reader.h"
#include "hp-nodetool-reader.h"
#include "hp-nodetool-workflow-reader.h"
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

/* ------------------------------------------------------------------ */
/* Workflow JSON and job log                                           */
/* ------------------------------------------------------------------ */

#define WORKFLOW_ID "6f2b1c9a4e7d4b0e8a1f3c5d7e9b2a40"
/* 2024-06-10T07:03:20Z = 1718003000 s since the epoch */
#define T0_MS G_GINT64_CONSTANT (1718003000000)

static HpProfile *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  HpProfile *profile = hp_profile_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static void
test_detect_workflow_and_log (void)
{
  static const char bare_graph[] = "{\"nodes\": [], \"edges\": []}";
  static const char bare_message[] = "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"running\"}\n";
  gsize length;
  g_autofree char *workflow = read_fixture ("nodetool-workflow.json", &length);
  g_autofree char *log = NULL;
  g_autofree char *description = NULL;

  g_assert_cmpint (hp_format_detect (workflow, length, &description), ==, HP_FORMAT_NODETOOL_WORKFLOW);
  g_assert_cmpstr (description, ==, "NodeTool workflow");
  g_clear_pointer (&description, g_free);
  log = read_fixture ("nodetool-job-log.jsonl", &length);
  g_assert_cmpint (hp_format_detect (log, length, &description), ==, HP_FORMAT_NODETOOL_LOG);
  g_assert_cmpstr (description, ==, "NodeTool job log");

  g_assert_cmpint (hp_format_detect (bare_graph, strlen (bare_graph), NULL), ==, HP_FORMAT_NODETOOL_WORKFLOW);
  g_assert_cmpint (hp_format_detect (bare_message, strlen (bare_message), NULL), ==, HP_FORMAT_NODETOOL_LOG);
  g_assert_cmpstr (hp_format_kind_to_string (HP_FORMAT_NODETOOL_WORKFLOW), ==, "nodetool-workflow");
  g_assert_cmpint (hp_format_kind_from_string ("nodetool-log"), ==, HP_FORMAT_NODETOOL_LOG);
}

static void
test_workflow_fixture (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("nodetool-workflow.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  const char *input = g_intern_string ("input");
  const char *translate = g_intern_string ("translate");
  HpGraphNode *node;
  const HpGraphEdge *edge;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 0);
  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==, WORKFLOW_ID);
  g_assert_cmpstr (hp_workflow_graph_get_name (graph), ==, "Image caption and translate");
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 5);

  /* "huggingface.image_to_text.ImageToText" → its last part, as the
   * profiler export writes nodeType. */
  node = hp_workflow_graph_lookup_node (graph, "caption");
  g_assert_cmpstr (node->type, ==, "ImageToText");
  g_assert_cmpstr (node->title, ==, "Caption");
  g_assert_true (node->has_position);
  g_assert_cmpfloat (node->x, ==, 320);
  g_assert_cmpfloat (node->y, ==, 80);
  g_assert_cmpfloat (node->width, ==, 240);
  g_assert_cmpfloat (node->height, ==, 0);   /* not given */
  node = hp_workflow_graph_lookup_node (graph, "input");
  g_assert_cmpfloat (node->height, ==, 180);
  /* Inside the group at (600, 40): (30, 60) → (630, 100), and
   * (280, 60.5) → (880, 100.5). */
  node = hp_workflow_graph_lookup_node (graph, "translate");
  g_assert_cmpfloat (node->x, ==, 630);
  g_assert_cmpfloat (node->y, ==, 100);
  node = hp_workflow_graph_lookup_node (graph, "output");
  g_assert_cmpfloat (node->x, ==, 880);
  g_assert_cmpfloat (node->y, ==, 100.5);
  g_assert_null (node->title);
  g_assert_cmpstr (node->type, ==, "StringOutput");

  /* Four edges; translate's inputs: "text" first (slot 0), "context"
   * second (slot 1); input's one output "output" is slot 0. */
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 4);
  edge = hp_workflow_graph_get_edge (graph, 3);
  g_assert_true (edge->from_node == input);
  g_assert_cmpint (edge->from_slot, ==, 0);
  g_assert_true (edge->to_node == translate);
  g_assert_cmpint (edge->to_slot, ==, 1);
  edge = hp_workflow_graph_get_edge (graph, 1);
  g_assert_true (edge->to_node == translate);
  g_assert_cmpint (edge->to_slot, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&profile));
}

static void
test_log_fixture (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("nodetool-job-log.jsonl");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  const HpProgressEvent *progress;
  HpNodeStats *stats;
  HpNodeRun *node_run;
  HpRun *run;
  guint n_events;

  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==, WORKFLOW_ID);
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 3);
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 0);
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "translate")->type, ==, "Translate");
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "translate")->title, ==, "Translate to German");
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);

  /* job-a, timed by receive times: running at T0, completed at
   * T0 + 4130 ms. */
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, "job-a");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_started_us (run), ==, T0_MS * 1000);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, (T0_MS + 4130) * 1000);
  g_assert_nonnull (strstr (hp_run_get_note (run), "received (received_ms)"));
  g_assert_cmpuint (hp_run_get_node_runs (run)->len, ==, 3);
  /* input: received 10 → 15 ms = 5 ms; result {"output":"ok"} is 15
   * characters of JSON. */
  node_run = hp_run_lookup_node_run (run, "input");
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 5 * MS);
  g_assert_cmpint (hp_node_run_get_start_us (node_run), ==, (T0_MS + 10) * 1000);
  g_assert_cmpint (hp_node_run_get_output_size (node_run), ==, 15);
  /* caption: 20 → 3220 ms = 3200 ms, progress 1/4 at 1020, 2/4 at 2020 */
  node_run = hp_run_lookup_node_run (run, "caption");
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 3200 * MS);
  progress = hp_node_run_get_progress (node_run, &n_events);
  g_assert_cmpuint (n_events, ==, 2);
  g_assert_cmpint (progress[0].time_us, ==, (T0_MS + 1020) * 1000);
  g_assert_cmpfloat (progress[0].value, ==, 1);
  g_assert_cmpfloat (progress[0].max, ==, 4);
  g_assert_cmpfloat (progress[1].value, ==, 2);
  /* translate: 3225 → 4125.5 ms = 900.5 ms = 900500 µs */
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "translate")), ==, 900500);

  /* job-b, timed by the messages: started 07:05:00 = T0 + 100 s,
   * finished 07:05:02.830 → 2.83 s; failed at caption. */
  run = hp_profile_get_run (profile, 1);
  g_assert_cmpstr (hp_run_get_id (run), ==, "job-b");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_FAILED);
  g_assert_cmpint (hp_run_get_started_us (run), ==, (T0_MS + 100000) * 1000);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, (T0_MS + 102830) * 1000);
  g_assert_cmpstr (hp_run_get_note (run), ==,
                   "NodeTool log: node times from the messages' started_at/completed_at; "
                   "job error: CUDA out of memory");
  /* input: .010 → .014 = 4 ms */
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "input")), ==, 4 * MS);
  /* caption: .020 → 2.820 = 2800 ms, failed */
  node_run = hp_run_lookup_node_run (run, "caption");
  g_assert_cmpint (hp_node_run_get_status (node_run), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 2800 * MS);
  g_assert_cmpstr (hp_node_run_get_error (node_run), ==, "CUDA out of memory");
  g_assert_null (hp_run_lookup_node_run (run, "translate"));

  /* input over both jobs: 5 and 4 ms → mean 4.5 ms, min 4, max 5. */
  stats = hp_profile_lookup_node_stats (profile, "input");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 2);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 4.5 * MS, 1e-6);
  g_assert_cmpfloat (hp_node_stats_get_min_us (stats), ==, 4 * MS);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 5 * MS);
  g_assert_finalize_object (g_steal_pointer (&profile));
}

static void
test_log_unfinished (void)
{
  /* Node messages before any job_update and without receive times: one
   * unnamed job, never finished; its node has no duration. */
  static const char data[] =
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"running\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"completed\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"b\",\"status\":\"running\"}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (data, strlen (data), "log.jsonl", &error);
  HpRun *run;

  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, "nodetool-job-1");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpstr (hp_run_get_note (run), ==,
                   "NodeTool log: no timestamps or receive times; node durations unknown; "
                   "the log ends before the job finished");
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "a")), ==, HP_NODE_STATUS_COMPLETED);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "a")), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "b")), ==, HP_NODE_STATUS_RUNNING);
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (profile)), ==, "nodetool-workflow");
}

static void
test_log_node_runs_again (void)
{
  /* Found by tests/fuzz (nodetool-log): a node that runs more than once in
   * a job became two node runs with the same id, a profile that saved but
   * never opened again. Now one node run, like the Dify reader's: a
   * 0.000–0.100 (100 ms), fails 0.300–0.350 (50 ms), runs again after the
   * failure 0.400–0.420 (20 ms) → start 0.000, end 0.420, duration
   * 100 + 50 + 20 = 170 ms, completed, one retry; b 0.100–0.300 = 200 ms. */
  static const char data[] =
    "{\"type\":\"job_update\",\"status\":\"running\",\"job_id\":\"j\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"running\",\"started_at\":\"2024-06-10T07:05:00.000Z\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"completed\",\"completed_at\":\"2024-06-10T07:05:00.100Z\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"b\",\"status\":\"completed\",\"started_at\":\"2024-06-10T07:05:00.100Z\","
    "\"completed_at\":\"2024-06-10T07:05:00.300Z\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"running\",\"started_at\":\"2024-06-10T07:05:00.300Z\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"error\",\"completed_at\":\"2024-06-10T07:05:00.350Z\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"running\",\"started_at\":\"2024-06-10T07:05:00.400Z\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"completed\",\"completed_at\":\"2024-06-10T07:05:00.420Z\"}\n"
    "{\"type\":\"job_update\",\"status\":\"completed\",\"job_id\":\"j\"}\n";
  const gint64 t0 = G_GINT64_CONSTANT (1718003100000000);   /* 2024-06-10T07:05:00Z */
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_nodetool_log_read (data, strlen (data), "log.jsonl", &error);
  g_autoptr(HpProfile) again = NULL;
  g_autoptr(GBytes) saved = NULL;
  HpNodeRun *a;
  HpRun *run;

  g_assert_no_error (error);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (run)), ==, 2);
  a = hp_run_lookup_node_run (run, "a");
  g_assert_cmpint (hp_node_run_get_start_us (a), ==, t0);
  g_assert_cmpint (hp_node_run_get_end_us (a), ==, t0 + 420 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (a), ==, 170 * MS);
  g_assert_cmpint (hp_node_run_get_status (a), ==, HP_NODE_STATUS_COMPLETED);
  g_assert_cmpint (hp_node_run_get_retries (a), ==, 1);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "b")), ==, 200 * MS);

  /* And it opens again once saved. */
  saved = hp_profile_serialize (profile, HP_FORMAT_HOTPATH, &error);
  g_assert_no_error (error);
  again = hp_profile_load_data (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved), "saved", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (hp_profile_get_run (again, 0), "a")),
                   ==, 170 * MS);
}

static void
test_log_node_runs_again_half_timed (void)
{
  /* Found by tests/fuzz (nodetool-log) after the fix above: the first
   * execution has only an end (received at t0), the second only a start
   * (started_at t0 + 500 ms, its end line has no time). The span covers
   * both known times, t0 to t0 + 500 ms, never ending before it starts;
   * the duration is unknown. */
  static const char data[] =
    "{\"received_ms\":1718003100000,\"message\":{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"completed\"}}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"running\",\"started_at\":\"2024-06-10T07:05:00.500Z\"}\n"
    "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"completed\"}\n";
  const gint64 t0 = G_GINT64_CONSTANT (1718003100000000);   /* 2024-06-10T07:05:00Z */
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_nodetool_log_read (data, strlen (data), "log.jsonl", &error);
  g_autoptr(HpProfile) again = NULL;
  g_autoptr(GBytes) saved = NULL;
  HpNodeRun *a;

  g_assert_no_error (error);
  a = hp_run_lookup_node_run (hp_profile_get_run (profile, 0), "a");
  g_assert_cmpint (hp_node_run_get_start_us (a), ==, t0);
  g_assert_cmpint (hp_node_run_get_end_us (a), ==, t0 + 500 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (a), ==, HP_TIME_UNKNOWN);
  saved = hp_profile_serialize (profile, HP_FORMAT_HOTPATH, &error);
  g_assert_no_error (error);
  again = hp_profile_load_data (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved), "saved", &error);
  g_assert_no_error (error);
}

static void
test_merge (void)
{
  g_autoptr(HpProfile) merged = load_fixture ("nodetool-profile.json");
  g_autoptr(HpProfile) workflow = load_fixture ("nodetool-workflow.json");
  g_autoptr(HpProfile) log = load_fixture ("nodetool-job-log.jsonl");
  HpWorkflowGraph *graph = hp_profile_get_graph (merged);
  HpNodeStats *stats;
  HpGraphNode *node;

  /* The export's workflowId and the workflow's id are the same id. */
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (workflow)), ==,
                   hp_workflow_graph_get_id (graph));
  g_assert_cmpuint (hp_profile_merge (merged, workflow), ==, 0);
  g_assert_cmpuint (hp_profile_merge (merged, log), ==, 0);

  /* export's 3 nodes + group + output = 5; edges from the workflow;
   * runs: 3 rebuilt + job-a + job-b = 5. */
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 5);
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 4);
  g_assert_cmpuint (hp_profile_get_n_runs (merged), ==, 5);
  node = hp_workflow_graph_lookup_node (graph, "translate");
  g_assert_true (node->has_position);
  g_assert_cmpfloat (node->x, ==, 630);
  g_assert_cmpfloat (node->y, ==, 100);
  g_assert_cmpstr (node->title, ==, "Translate to German");
  node = hp_workflow_graph_lookup_node (graph, "caption");
  g_assert_cmpfloat (node->x, ==, 320);
  g_assert_cmpstr (node->type, ==, "ImageToText");
  /* caption runs in 3 rebuilt runs, job-a and job-b (failed there). */
  stats = hp_profile_lookup_node_stats (merged, "caption");
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 5);
  g_assert_cmpuint (hp_node_stats_get_failed_count (stats), ==, 1);
  /* translate: 900.5, 1100.5 (export) and 900.5 (job-a) →
   * 2901.5 / 3 = 967.1666… ms; max 1100.5 ms. */
  stats = hp_profile_lookup_node_stats (merged, "translate");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 3);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 2901.5 / 3 * MS, 1e-3);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 1100.5 * MS);
}

static const BadInput bad_workflows[] = {
  { "wf-nodes-missing", "{\"id\":\"w\",\"name\":\"n\",\"graph\":{\"edges\":[]}}",
    HP_FORMAT_ERROR_MISSING, "nt.json: $.graph.nodes: missing" },
  { "wf-nodes-type", "{\"id\":\"w\",\"name\":\"n\",\"graph\":{\"nodes\":{},\"edges\":[]}}",
    HP_FORMAT_ERROR_TYPE, "nt.json: $.graph.nodes: expected an array, found an object" },
  { "wf-node-id-missing", "{\"nodes\":[{\"type\":\"x\"}],\"edges\":[]}",
    HP_FORMAT_ERROR_MISSING, "nt.json: $.nodes[0].id: missing" },
  { "wf-duplicate-node", "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"a\"}],\"edges\":[]}",
    HP_FORMAT_ERROR_DUPLICATE, "nt.json: $.nodes[1].id: node “a” appears twice" },
  { "wf-position-type", "{\"nodes\":[{\"id\":\"a\",\"ui_properties\":{\"position\":{\"x\":\"1\",\"y\":2}}}],\"edges\":[]}",
    HP_FORMAT_ERROR_TYPE, "nt.json: $.nodes[0].ui_properties.position.x: expected a number, found a string" },
  { "wf-position-y-missing", "{\"nodes\":[{\"id\":\"a\",\"ui_properties\":{\"position\":{\"x\":1}}}],\"edges\":[]}",
    HP_FORMAT_ERROR_MISSING, "$.nodes[0].ui_properties.position.y: missing" },
  { "wf-absurd-x", "{\"nodes\":[{\"id\":\"a\",\"ui_properties\":{\"position\":{\"x\":1e300,\"y\":0}}}],\"edges\":[]}",
    HP_FORMAT_ERROR_VALUE, "$.nodes[0].ui_properties.position.x: 1e+300 is out of range" },
  { "wf-negative-width", "{\"nodes\":[{\"id\":\"a\",\"ui_properties\":{\"width\":-5}}],\"edges\":[]}",
    HP_FORMAT_ERROR_VALUE, "$.nodes[0].ui_properties.width: -5 is negative" },
  { "wf-unknown-parent", "{\"nodes\":[{\"id\":\"a\",\"parent_id\":\"g\"}],\"edges\":[]}",
    HP_FORMAT_ERROR_UNKNOWN_NODE, "$.nodes[0].parent_id: no node “g”" },
  { "wf-parent-loop", "{\"nodes\":[{\"id\":\"a\",\"parent_id\":\"b\"},{\"id\":\"b\",\"parent_id\":\"a\"}],\"edges\":[]}",
    HP_FORMAT_ERROR_VALUE, "$.nodes[0].parent_id: the parents form a loop" },
  { "wf-edge-unknown-node", "{\"nodes\":[{\"id\":\"a\"}],\"edges\":[{\"source\":\"a\",\"target\":\"z\"}]}",
    HP_FORMAT_ERROR_UNKNOWN_NODE, "nt.json: $.edges[0].target: no node “z”" },
  { "wf-edge-source-missing", "{\"nodes\":[{\"id\":\"a\"}],\"edges\":[{\"target\":\"a\"}]}",
    HP_FORMAT_ERROR_MISSING, "$.edges[0].source: missing" },
  { "wf-edge-handle-type", "{\"nodes\":[{\"id\":\"a\"}],\"edges\":[{\"source\":\"a\",\"target\":\"a\",\"sourceHandle\":1}]}",
    HP_FORMAT_ERROR_TYPE, "$.edges[0].sourceHandle: expected a string" },
  { "wf-duplicate-edge", "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"edges\":["
    "{\"source\":\"a\",\"target\":\"b\"},{\"source\":\"a\",\"target\":\"b\"}]}",
    HP_FORMAT_ERROR_DUPLICATE, "$.edges[1]: the edge a → b appears twice" },
  { "wf-truncated", "{\"id\":\"w\",\"name\":\"n\",\"graph\":{\"nodes\":[{\"id\":",
    HP_FORMAT_ERROR_TRUNCATED, "nt.json:1:" },
};

#define WRAP(m) "{\"received_ms\":1718003000000,\"message\":" m "}\n"

static const BadInput bad_logs[] = {
  { "log-status-missing", "{\"type\":\"job_update\",\"job_id\":\"j\"}\n",
    HP_FORMAT_ERROR_MISSING, "nt.json:1:1: $.status: missing" },
  { "log-status-unknown", "{\"type\":\"job_update\",\"job_id\":\"j\",\"status\":\"done\"}\n",
    HP_FORMAT_ERROR_VALUE, "nt.json:1:1: $.status: unknown job status “done”" },
  { "log-node-id-missing", WRAP ("{\"type\":\"node_update\",\"status\":\"running\"}"),
    HP_FORMAT_ERROR_MISSING, "nt.json:1:1: $.message.node_id: missing" },
  { "log-node-id-type", "{\"type\":\"node_update\",\"node_id\":[1],\"status\":\"running\"}\n",
    HP_FORMAT_ERROR_TYPE, "$.node_id: expected an id (a string or an integer), found an array" },
  { "log-progress-type", "{\"type\":\"node_progress\",\"node_id\":\"a\",\"progress\":\"1\",\"total\":4}\n",
    HP_FORMAT_ERROR_TYPE, "$.progress: expected a number, found a string" },
  { "log-progress-negative", "{\"type\":\"node_progress\",\"node_id\":\"a\",\"progress\":-1,\"total\":4}\n",
    HP_FORMAT_ERROR_VALUE, "$.progress: -1 is out of range" },
  { "log-received-negative", "{\"received_ms\":-5,\"message\":{\"type\":\"job_update\",\"status\":\"running\"}}\n",
    HP_FORMAT_ERROR_VALUE, "nt.json:1:1: $.received_ms: -5 is before 1970" },
  { "log-message-type", "{\"received_ms\":1718003000000,\"message\":{\"type\":\"job_update\",\"status\":\"running\"}}\n"
    "{\"received_ms\":1718003000000,\"message\":\"hello\"}\n",
    HP_FORMAT_ERROR_TYPE, "nt.json:2:1: $.message: expected an object" },
  { "log-bad-time", "{\"type\":\"job_update\",\"status\":\"running\",\"started_at\":\"yesterday\"}\n",
    HP_FORMAT_ERROR_VALUE, "$.started_at: “yesterday” is not a time" },
  { "log-time-number", "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"running\",\"started_at\":5}\n",
    HP_FORMAT_ERROR_TYPE, "$.started_at: expected an ISO 8601 time (a string), found a number" },
  { "log-ends-before-start", "{\"type\":\"node_update\",\"node_id\":\"a\",\"status\":\"completed\","
    "\"started_at\":\"2024-06-10T07:05:01Z\",\"completed_at\":\"2024-06-10T07:05:00Z\"}\n",
    HP_FORMAT_ERROR_VALUE, "$.completed_at: node “a” ends before it started" },
  { "log-job-ends-before-start", "{\"type\":\"job_update\",\"status\":\"completed\","
    "\"started_at\":\"2024-06-10T07:05:01Z\",\"finished_at\":\"2024-06-10T07:05:00Z\"}\n",
    HP_FORMAT_ERROR_VALUE, "$.finished_at: the job finished before it started" },
  { "log-malformed-line", "{\"type\":\"job_update\",\"status\":\"running\"}\n  {\"type\": job_update}\n",
    HP_FORMAT_ERROR_SYNTAX, "nt.json:2:" },
  { "log-truncated", "{\"type\":\"job_update\",\"status\":\"running\"}\n{\"type\":\"node_update\",\"node_id\":\"a",
    HP_FORMAT_ERROR_TRUNCATED, "nt.json:2:" },
  { "log-no-messages", "{\"type\":\"output_update\",\"node_id\":\"a\"}\n",
    HP_FORMAT_ERROR_MISSING, "nt.json: no job_update, node_update or node_progress messages" },
};

static void
test_bad_workflow_log_direct (void)
{
  g_autoptr(GError) error = NULL;
  HpProfile *profile;

  profile = hp_nodetool_workflow_read ("[]", 2, "nt.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
  g_clear_error (&error);
  profile = hp_nodetool_workflow_read ("{\"id\":\"w\"}", 10, "nt.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "nt.json: $.graph: missing"));
  g_clear_error (&error);
  profile = hp_nodetool_log_read (" \n", 2, "nt.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY);
  g_clear_error (&error);
  profile = hp_nodetool_log_read ("[1]\n", 4, "nt.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "nt.json:1:1: $: expected a message object"));
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
  g_test_add_func ("/format/nodetool/workflow-log/detect", test_detect_workflow_and_log);
  g_test_add_func ("/format/nodetool/workflow/fixture", test_workflow_fixture);
  g_test_add_func ("/format/nodetool/log/fixture", test_log_fixture);
  g_test_add_func ("/format/nodetool/log/unfinished", test_log_unfinished);
  g_test_add_func ("/format/nodetool/log/node-runs-again", test_log_node_runs_again);
  g_test_add_func ("/format/nodetool/log/node-runs-again-half-timed", test_log_node_runs_again_half_timed);
  g_test_add_func ("/format/nodetool/merge", test_merge);
  for (guint i = 0; i < G_N_ELEMENTS (bad_workflows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format/nodetool/bad-input/%s", bad_workflows[i].name);

      g_test_add_data_func (name, &bad_workflows[i], test_bad_input);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_logs); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format/nodetool/bad-input/%s", bad_logs[i].name);

      g_test_add_data_func (name, &bad_logs[i], test_bad_input);
    }
  g_test_add_func ("/format/nodetool/bad-input/workflow-log-direct", test_bad_workflow_log_direct);

  return g_test_run ();
}
