/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "hp-dify-reader.h"
#include "hp-profile-io.h"

/* Dify node executions and event logs, with figures worked out by hand
 * from the fixtures (tests/fixtures/README.md). The app: Start →
 * Knowledge Retrieval → LLM → Answer, and Start → Web Search in parallel
 * with the retrieval (both name Start as predecessor).
 *
 *   node ids: start 1718000000001, retrieval 1718000000101,
 *             web search 1718000000202, llm, answer
 *
 * elapsed_time (s) per run:
 *   A (dify-node-executions.json, no run id, created 1718000000):
 *      start 0.012  retrieval 0.834  web 1.207  llm 2.5  answer 0.003
 *   B (…-runs.json, 6a7d…0b00, created 1718000600):
 *      start 0.010  retrieval 0.766  web 1.5    llm 3.5  answer 0.005
 *   C (…-runs.json, 7b8e…1c00, created 1718001200):
 *      start 0.011  retrieval 0.9    web failed after 30.0 (timeout)
 *   D (dify-events.jsonl, 8c9f…2d00, created 1718001800, 3.2 s):
 *      start 0.009  retrieval 0.7    web 1.1    llm 2.0  answer 0.004
 *   E (dify-events-sse.txt, 9d0a…3e00, created 1718002400, stopped 5.0 s):
 *      start 0.008  retrieval 0.81   web 1.3    llm started, never finished */

#define S G_USEC_PER_SEC
#define MS 1000
#define START "1718000000001"
#define RETRIEVAL "1718000000101"
#define WEB "1718000000202"
#define RUN_A "dify-run-5f1c2a8e-0001-4e1a-9c61-3b2d7c9e0a01"
#define RUN_B "6a7d51e2-3b0c-4f7e-8d21-9c4b2e1f0b00"
#define RUN_C "7b8e62f3-4c1d-4a1b-9e32-0d5c3f2a1c00"
#define RUN_D "8c9f7304-5d2e-4b2c-af43-1e6d4a3b2d00"
#define RUN_E "9d0a8415-6e3f-4c3d-b054-2f7e5b4c3e00"

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

static gboolean
has_edge (HpWorkflowGraph *graph,
          const char      *from,
          const char      *to)
{
  for (guint i = 0; i < hp_workflow_graph_get_n_edges (graph); i++)
    {
      const HpGraphEdge *e = hp_workflow_graph_get_edge (graph, i);

      if (g_strcmp0 (e->from_node, from) == 0 && g_strcmp0 (e->to_node, to) == 0)
        return TRUE;
    }
  return FALSE;
}

static gint64
node_duration (HpRun      *run,
               const char *node_id)
{
  HpNodeRun *node_run = hp_run_lookup_node_run (run, node_id);

  g_assert_nonnull (node_run);
  return hp_node_run_get_duration_us (node_run);
}

static void
assert_detected (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autofree char *data = NULL;
  g_autofree char *description = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpint (hp_format_detect (data, length, &description), ==, HP_FORMAT_DIFY);
  g_assert_cmpstr (description, ==, "Dify workflow run");
}

static void
test_detect (void)
{
  assert_detected ("dify-node-executions.json");
  assert_detected ("dify-node-executions-runs.json");
  assert_detected ("dify-events.jsonl");
  assert_detected ("dify-events-sse.txt");
  g_assert_cmpstr (hp_format_kind_to_string (HP_FORMAT_DIFY), ==, "dify");
  g_assert_cmpint (hp_format_kind_from_string ("dify"), ==, HP_FORMAT_DIFY);
}

static void
test_executions_object (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("dify-node-executions.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpGraphNode *node;
  HpNodeRun *llm;
  GPtrArray *node_runs;
  HpRun *run;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  run = hp_profile_get_run (profile, 0);
  /* No workflow_run_id in the API's items: named after index 1's id. */
  g_assert_cmpstr (hp_run_get_id (run), ==, RUN_A);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  /* Start: the earliest created_at, 1718000000 s. End: the latest
   * created_at + elapsed_time: answer 1718000004 + 0.003 s (the LLM ends
   * at 1718000001 + 2.5 = …003.5). Execution 4.003 s. */
  g_assert_cmpint (hp_run_get_started_us (run), ==, (gint64) 1718000000 * S);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 4003 * MS);

  /* The file lists index 5 down to 1; the run keeps index order. */
  node_runs = hp_run_get_node_runs (run);
  g_assert_cmpuint (node_runs->len, ==, 5);
  g_assert_cmpstr (hp_node_run_get_node_id (g_ptr_array_index (node_runs, 0)), ==, START);
  g_assert_cmpstr (hp_node_run_get_node_id (g_ptr_array_index (node_runs, 4)), ==, "answer");

  /* elapsed_time × 1e6 µs */
  g_assert_cmpint (node_duration (run, START), ==, 12 * MS);
  g_assert_cmpint (node_duration (run, RETRIEVAL), ==, 834 * MS);
  g_assert_cmpint (node_duration (run, WEB), ==, 1207 * MS);
  g_assert_cmpint (node_duration (run, "llm"), ==, 2500 * MS);
  g_assert_cmpint (node_duration (run, "answer"), ==, 3 * MS);

  llm = hp_run_lookup_node_run (run, "llm");
  g_assert_cmpint (hp_node_run_get_start_us (llm), ==, (gint64) 1718000001 * S);
  g_assert_cmpint (hp_node_run_get_tokens (llm), ==, 1234);
  /* total_price is the string "0.002468" */
  g_assert_cmpfloat_with_epsilon (hp_node_run_get_cost (llm), 0.002468, 1e-12);
  g_assert_cmpstr (hp_node_run_get_currency (llm), ==, "USD");
  /* No execution_metadata: no tokens, no cost. */
  g_assert_cmpint (hp_node_run_get_tokens (hp_run_lookup_node_run (run, "answer")), ==, -1);
  g_assert_true (isnan (hp_node_run_get_cost (hp_run_lookup_node_run (run, "answer"))));

  /* Graph: 5 nodes; edges from predecessor_node_id. Retrieval and web
   * search share Start as predecessor: two parallel edges. */
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 5);
  node = hp_workflow_graph_lookup_node (graph, RETRIEVAL);
  g_assert_cmpstr (node->type, ==, "knowledge-retrieval");
  g_assert_cmpstr (node->title, ==, "Knowledge Retrieval");
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 4);
  g_assert_true (has_edge (graph, START, RETRIEVAL));
  g_assert_true (has_edge (graph, START, WEB));
  g_assert_true (has_edge (graph, RETRIEVAL, "llm"));
  g_assert_true (has_edge (graph, "llm", "answer"));
  g_assert_true (g_str_has_prefix (hp_workflow_graph_get_id (graph), "dify-"));
}

static void
test_executions_runs (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("dify-node-executions-runs.json");
  g_autoptr(HpProfile) other = load_fixture ("dify-node-executions.json");
  HpNodeStats *stats;
  HpNodeRun *web;
  HpRun *b, *c;

  /* Items of two runs, interleaved: grouped by workflow_run_id. */
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  b = hp_profile_get_run (profile, 0);
  c = hp_profile_get_run (profile, 1);
  g_assert_cmpstr (hp_run_get_id (b), ==, RUN_B);
  g_assert_cmpstr (hp_run_get_id (c), ==, RUN_C);
  g_assert_cmpint (hp_run_get_status (b), ==, HP_RUN_STATUS_SUCCEEDED);
  /* B ends with answer at 1718000605 + 0.005 s: 5.005 s after 600. */
  g_assert_cmpint (hp_run_get_execution_us (b), ==, 5005 * MS);

  /* C: the web search failed after 30 s, so the run failed; the LLM
   * and the answer never ran. */
  g_assert_cmpint (hp_run_get_status (c), ==, HP_RUN_STATUS_FAILED);
  web = hp_run_lookup_node_run (c, WEB);
  g_assert_cmpint (hp_node_run_get_status (web), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpstr (hp_node_run_get_error (web), ==, "Request timed out after 30s");
  g_assert_null (hp_run_lookup_node_run (c, "llm"));
  g_assert_cmpuint (hp_run_count_nodes (c, HP_NODE_STATUS_COMPLETED), ==, 2);

  /* Same nodes and types: the same workflow id as the other file. */
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (profile)), ==,
                   hp_workflow_graph_get_id (hp_profile_get_graph (other)));

  /* Statistics over A, B and C once merged. */
  g_assert_cmpuint (hp_profile_merge (profile, other), ==, 0);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 3);
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (profile, 0)), ==, RUN_A);

  /* Retrieval: 834, 766, 900 ms → mean 2500/3, median 834, min 766. */
  stats = hp_profile_lookup_node_stats (profile, RETRIEVAL);
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 3);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 2500.0 * MS / 3, 1e-6);
  g_assert_cmpfloat (hp_node_stats_get_median_us (stats), ==, 834 * MS);
  g_assert_cmpfloat (hp_node_stats_get_min_us (stats), ==, 766 * MS);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 900 * MS);

  /* Web search: 1207 and 1500 ms, failed once → mean 1353.5 ms. */
  stats = hp_profile_lookup_node_stats (profile, WEB);
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 2);
  g_assert_cmpuint (hp_node_stats_get_failed_count (stats), ==, 1);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 1353.5 * MS, 1e-6);

  /* LLM: 2500 and 3500 ms → mean 3000; p95: h = (2−1)·0.95,
   * 2500 + 0.95 · 1000 = 3450 ms. */
  stats = hp_profile_lookup_node_stats (profile, "llm");
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 2);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 3000.0 * MS, 1e-6);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_p95_us (stats), 3450.0 * MS, 1e-6);

  /* Start: 12, 10, 11 ms → mean and median 11 ms. */
  stats = hp_profile_lookup_node_stats (profile, START);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 11.0 * MS, 1e-6);
  g_assert_cmpfloat (hp_node_stats_get_median_us (stats), ==, 11 * MS);
}

static void
test_events_jsonl (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("dify-events.jsonl");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpNodeRun *llm;
  HpRun *run;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, RUN_D);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_null (hp_run_get_note (run));
  /* workflow_started at 1718001800 s; workflow_finished elapsed 3.2 s. */
  g_assert_cmpint (hp_run_get_started_us (run), ==, (gint64) G_GINT64_CONSTANT (1718001800) * S);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 3200 * MS);

  /* node_started then node_finished of each node: one node run each,
   * in index order (the text_chunk event is skipped). */
  g_assert_cmpuint (hp_run_get_node_runs (run)->len, ==, 5);
  g_assert_cmpint (node_duration (run, START), ==, 9 * MS);
  g_assert_cmpint (node_duration (run, RETRIEVAL), ==, 700 * MS);
  g_assert_cmpint (node_duration (run, WEB), ==, 1100 * MS);
  g_assert_cmpint (node_duration (run, "answer"), ==, 4 * MS);
  llm = hp_run_lookup_node_run (run, "llm");
  g_assert_cmpint (hp_node_run_get_status (llm), ==, HP_NODE_STATUS_COMPLETED);
  g_assert_cmpint (hp_node_run_get_duration_us (llm), ==, 2000 * MS);
  g_assert_cmpint (hp_node_run_get_tokens (llm), ==, 1000);
  g_assert_cmpfloat_with_epsilon (hp_node_run_get_cost (llm), 0.002, 1e-12);

  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==, "wf-dify-rag-0001");
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 4);
  g_assert_true (has_edge (graph, START, RETRIEVAL));
  g_assert_true (has_edge (graph, START, WEB));
}

static void
test_events_sse (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("dify-events-sse.txt");
  g_autoptr(HpProfile) jsonl = load_fixture ("dify-events.jsonl");
  HpNodeStats *stats;
  HpRun *run;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, RUN_E);
  /* workflow_finished says stopped: interrupted, after 5.0 s. */
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 5 * S);
  g_assert_cmpint (node_duration (run, RETRIEVAL), ==, 810 * MS);
  /* The LLM started and never finished: running, no duration. */
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "llm")), ==, HP_NODE_STATUS_RUNNING);
  g_assert_cmpint (node_duration (run, "llm"), ==, HP_TIME_UNKNOWN);
  g_assert_null (hp_run_lookup_node_run (run, "answer"));

  /* D and E together: retrieval 700 and 810 ms → mean 755 ms; the LLM
   * executed once (2000 ms), in 2 runs. */
  hp_profile_merge (profile, jsonl);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  stats = hp_profile_lookup_node_stats (profile, RETRIEVAL);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 755.0 * MS, 1e-6);
  stats = hp_profile_lookup_node_stats (profile, "llm");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 1);
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 2);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 2000.0 * MS, 1e-6);
}

/* Found by tests/fuzz (dify): an unfinished log whose only node ended
 * before the run's start (created_at in whole seconds) gave a run that
 * finished before it started, saved as a file that never opened again.
 * Run 1718001800 s; node from 1718001799 s for 0.009 s → ends at
 * 1718001799.009 s, before the run: the run ends as it starts. */
static void
test_unfinished_node_before_run (void)
{
  static const char log[] =
    "{\"event\":\"workflow_started\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"r\",\"created_at\":1718001800}}\n"
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"1\",\"node_id\":\"start\",\"index\":1,"
    "\"status\":\"succeeded\",\"elapsed_time\":0.009,\"created_at\":1718001799}}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (log, strlen (log), "log.jsonl", &error);
  g_autoptr(HpProfile) again = NULL;
  g_autoptr(GBytes) saved = NULL;
  HpRun *run;

  g_assert_no_error (error);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpint (hp_run_get_started_us (run), ==, G_GINT64_CONSTANT (1718001800) * S);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, G_GINT64_CONSTANT (1718001800) * S);
  g_assert_cmpint (hp_node_run_get_end_us (hp_run_lookup_node_run (run, "start")), ==, G_GINT64_CONSTANT (1718001799) * S + 9 * MS);

  saved = hp_profile_serialize (profile, HP_FORMAT_HOTPATH, &error);
  g_assert_no_error (error);
  again = hp_profile_load_data (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved), "saved", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hp_run_get_finished_us (hp_profile_get_run (again, 0)), ==, G_GINT64_CONSTANT (1718001800) * S);
}

/* Found by tests/fuzz (dify, ASan): a node run twice, the second time
 * with a price but no currency, kept the first currency by handing the
 * node run its own string, which hp_node_run_set_cost () freed before
 * copying (use after free). 0.5 + 0.25 = 0.75 USD. */
static void
test_merged_cost_keeps_currency (void)
{
  static const char log[] =
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"1\",\"node_id\":\"llm\",\"index\":1,"
    "\"status\":\"succeeded\",\"elapsed_time\":0.1,\"created_at\":1718001800,"
    "\"execution_metadata\":{\"total_price\":\"0.5\",\"currency\":\"USD\"}}}\n"
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"2\",\"node_id\":\"llm\",\"index\":2,"
    "\"status\":\"succeeded\",\"elapsed_time\":0.1,\"created_at\":1718001801,"
    "\"execution_metadata\":{\"total_price\":0.25}}}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (log, strlen (log), "log.jsonl", &error);
  HpNodeRun *llm;

  g_assert_no_error (error);
  llm = hp_run_lookup_node_run (hp_profile_get_run (profile, 0), "llm");
  g_assert_cmpfloat_with_epsilon (hp_node_run_get_cost (llm), 0.75, 1e-9);
  g_assert_cmpstr (hp_node_run_get_currency (llm), ==, "USD");
}

/* Found by fuzzing: two executions of one node, the first with its start
 * only and the second with its end only, the end before that start. The
 * merged node run spans every known time — from the second's end,
 * 1718001700 s, to the first's end, its start 1718001800 s + 0.1 s elapsed
 * — instead of ending before it starts, and the profile saves and loads
 * again. */
static void
test_merged_times_span (void)
{
  static const char log[] =
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"1\",\"node_id\":\"llm\",\"index\":1,"
    "\"status\":\"succeeded\",\"elapsed_time\":0.1,\"created_at\":1718001800}}\n"
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"2\",\"node_id\":\"llm\",\"index\":2,"
    "\"status\":\"succeeded\",\"elapsed_time\":0.1,\"finished_at\":1718001700}}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (log, strlen (log), "log.jsonl", &error);
  g_autoptr(HpProfile) again = NULL;
  g_autoptr(GBytes) saved = NULL;
  HpNodeRun *llm;

  g_assert_no_error (error);
  llm = hp_run_lookup_node_run (hp_profile_get_run (profile, 0), "llm");
  g_assert_cmpint (hp_node_run_get_start_us (llm), ==, G_GINT64_CONSTANT (1718001700) * G_USEC_PER_SEC);
  g_assert_cmpint (hp_node_run_get_end_us (llm), ==, G_GINT64_CONSTANT (1718001800100000));
  saved = hp_profile_serialize (profile, HP_FORMAT_HOTPATH, &error);
  g_assert_no_error (error);
  again = hp_profile_load_data (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved), "saved.hotpath", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (again), ==, 1);
}

static void
test_unfinished_log_and_merged_attempts (void)
{
  /* An iteration body run twice and a retried node in one run, and a
   * log that ends before workflow_finished. */
  static const char log[] =
    "{\"event\":\"workflow_started\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"r\",\"created_at\":1718000000}}\n"
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"1\",\"node_id\":\"body\",\"index\":1,"
    "\"status\":\"succeeded\",\"elapsed_time\":0.25,\"execution_metadata\":{\"total_tokens\":5}}}\n"
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"2\",\"node_id\":\"body\",\"index\":2,"
    "\"status\":\"succeeded\",\"elapsed_time\":0.5,\"execution_metadata\":{\"total_tokens\":7}}}\n"
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"3\",\"node_id\":\"http\",\"index\":3,"
    "\"status\":\"retry\",\"error\":\"502\",\"elapsed_time\":1.0}}\n"
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"4\",\"node_id\":\"http\",\"index\":4,"
    "\"status\":\"succeeded\",\"elapsed_time\":0.75}}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (log, strlen (log), "log.jsonl", &error);
  HpNodeRun *body, *http;
  HpRun *run;

  g_assert_no_error (error);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpstr (hp_run_get_note (run), ==, "The event log ends before workflow_finished");
  g_assert_cmpuint (hp_run_get_node_runs (run)->len, ==, 2);
  /* body: 0.25 + 0.5 s = 750 ms, 5 + 7 = 12 tokens */
  body = hp_run_lookup_node_run (run, "body");
  g_assert_cmpint (hp_node_run_get_duration_us (body), ==, 750 * MS);
  g_assert_cmpint (hp_node_run_get_tokens (body), ==, 12);
  /* http: a retry (1.0 s) then success (0.75 s): 1750 ms, 1 retry,
   * completed. */
  http = hp_run_lookup_node_run (run, "http");
  g_assert_cmpint (hp_node_run_get_duration_us (http), ==, 1750 * MS);
  g_assert_cmpint (hp_node_run_get_retries (http), ==, 1);
  g_assert_cmpint (hp_node_run_get_status (http), ==, HP_NODE_STATUS_COMPLETED);
}

/* ------------------------------------------------------------------ */
/* Bad input                                                           */

typedef struct {
  const char *name;
  const char *source;
  const char *data;
  int         code;
  const char *place;     /* must appear in the message */
} BadInput;

#define EXEC_OK "{\"id\":\"e1\",\"node_id\":\"a\",\"node_type\":\"start\",\"elapsed_time\":0.1}"
#define EVENT_START "{\"event\":\"workflow_started\",\"workflow_run_id\":\"r\",\"data\":{\"created_at\":1718000000}}\n"

static const BadInput bad_inputs[] = {
  { "wrong-type", "bad.json",
    "[{\"node_id\":\"a\",\"node_type\":\"llm\",\"elapsed_time\":\"2.5\"}]",
    HP_FORMAT_ERROR_TYPE, "bad.json: $[0].elapsed_time: expected a number, found a string" },
  { "missing-node-id", "bad.json",
    "{\"data\":[" EXEC_OK ",{\"id\":\"e2\",\"node_type\":\"answer\",\"elapsed_time\":0.1}]}",
    HP_FORMAT_ERROR_MISSING, "bad.json: $.data[1].node_id: missing" },
  { "node-id-type", "bad.json",
    "[{\"node_id\":true,\"node_type\":\"llm\",\"elapsed_time\":1}]",
    HP_FORMAT_ERROR_TYPE, "$[0].node_id" },
  { "negative-elapsed", "bad.json",
    "[{\"node_id\":\"a\",\"node_type\":\"llm\",\"elapsed_time\":-2.5}]",
    HP_FORMAT_ERROR_VALUE, "bad.json: $[0].elapsed_time: negative duration -2.5 s" },
  { "absurd-created-at", "bad.json",
    "[{\"node_id\":\"a\",\"node_type\":\"llm\",\"created_at\":1718000000000000}]",
    HP_FORMAT_ERROR_VALUE, "$[0].created_at" },
  { "finished-before-created", "bad.json",
    "[{\"node_id\":\"a\",\"node_type\":\"llm\",\"created_at\":1718000005,\"finished_at\":1718000000}]",
    HP_FORMAT_ERROR_VALUE, "$[0].finished_at" },
  { "unknown-status", "bad.json",
    "[{\"node_id\":\"a\",\"node_type\":\"llm\",\"status\":\"great\"}]",
    HP_FORMAT_ERROR_VALUE, "$[0].status: unknown status “great”" },
  { "bad-price", "bad.json",
    "[{\"node_id\":\"a\",\"node_type\":\"llm\",\"execution_metadata\":{\"total_price\":\"cheap\"}}]",
    HP_FORMAT_ERROR_VALUE, "$[0].execution_metadata.total_price" },
  { "negative-tokens", "bad.json",
    "[{\"node_id\":\"a\",\"node_type\":\"llm\",\"execution_metadata\":{\"total_tokens\":-3}}]",
    HP_FORMAT_ERROR_VALUE, "$[0].execution_metadata.total_tokens" },
  { "duplicate-execution", "bad.json",
    "[" EXEC_OK "," EXEC_OK "]",
    HP_FORMAT_ERROR_DUPLICATE, "$[1].id: node execution “e1” appears twice (first at $[0])" },
  { "unknown-predecessor", "bad.json",
    "[{\"node_id\":\"a\",\"node_type\":\"llm\",\"predecessor_node_id\":\"ghost\"}]",
    HP_FORMAT_ERROR_UNKNOWN_NODE, "$[0].predecessor_node_id: no node “ghost” ran" },
  { "extra-members", "bad.json",
    "{\"data\":[" EXEC_OK "], \"x\": 1}\n",
    -1, NULL },
  { "truncated", "bad.json",
    "{\"data\":[{\"node_id\":\"a\",\"node_type\":\"llm\",\"elapsed_time\":1.",
    HP_FORMAT_ERROR_TRUNCATED, "bad.json:1:" },
  { "jsonl-wrong-type", "bad.jsonl",
    EVENT_START
    "{\"event\":\"node_started\",\"workflow_run_id\":\"r\",\"data\":{\"node_id\":\"a\"}}\n"
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"node_id\":\"a\",\"elapsed_time\":\"1\"}}\n",
    HP_FORMAT_ERROR_TYPE, "bad.jsonl:3:1: $.data.elapsed_time: expected a number, found a string" },
  { "jsonl-missing-node-id", "bad.jsonl",
    EVENT_START
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"elapsed_time\":1}}\n",
    HP_FORMAT_ERROR_MISSING, "bad.jsonl:2:1: $.data.node_id: missing" },
  { "jsonl-negative-elapsed", "bad.jsonl",
    EVENT_START
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"node_id\":\"a\",\"elapsed_time\":-1}}\n",
    HP_FORMAT_ERROR_VALUE, "bad.jsonl:2:1: $.data.elapsed_time: negative duration" },
  { "jsonl-missing-run-id", "bad.jsonl",
    "{\"event\":\"node_finished\",\"task_id\":\"t\",\"data\":{\"node_id\":\"a\",\"elapsed_time\":1}}\n",
    HP_FORMAT_ERROR_MISSING, "bad.jsonl:1:1: $.workflow_run_id: missing" },
  { "jsonl-malformed-line", "bad.jsonl",
    EVENT_START
    "{\"event\":\"node_finished\" \"workflow_run_id\":\"r\"}\n"
    EVENT_START,
    HP_FORMAT_ERROR_SYNTAX, "bad.jsonl:2:" },
  { "jsonl-truncated", "bad.jsonl",
    EVENT_START
    "{\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"node_id\":\"a\",\"elapsed",
    HP_FORMAT_ERROR_TRUNCATED, "bad.jsonl:2:" },
  { "jsonl-no-events", "bad.jsonl",
    "{\"event\":\"ping\",\"task_id\":\"t\"}\n",
    HP_FORMAT_ERROR_MISSING, "no workflow or node events" },
  { "sse-bad-value", "bad.txt",
    "event: ping\n\n"
    "data: {\"event\":\"node_finished\",\"workflow_run_id\":\"r\",\"data\":{\"node_id\":\"a\",\"index\":-1}}\n",
    HP_FORMAT_ERROR_VALUE, "bad.txt:3:7: $.data.index" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;

  profile = hp_profile_load_data (bad->data, strlen (bad->data), bad->source, &error);
  if (bad->code < 0)
    {
      /* A well-formed list with an extra member: still read. */
      g_assert_no_error (error);
      g_assert_nonnull (profile);
      return;
    }
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, bad->code);
  if (!g_str_has_prefix (error->message, bad->source) || strstr (error->message, bad->place) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, bad->place);
}

static void
test_bad_direct (void)
{
  g_autoptr(GError) error = NULL;
  HpProfile *profile;

  /* Through the reader itself: shapes detection would not send here. */
  profile = hp_dify_read ("{\"items\": []}", 13, "x.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "x.json: $.data: missing"));
  g_clear_error (&error);

  profile = hp_dify_read ("{\"data\": {}}", 12, "x.json", &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "$.data: expected an array"));
  g_clear_error (&error);

  profile = hp_dify_read ("[1]", 3, "x.json", &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "$[0]: expected an object"));
  g_clear_error (&error);

  profile = hp_dify_read ("  \n", 3, "x.json", &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY);
  g_assert_null (profile);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/dify/detect", test_detect);
  g_test_add_func ("/format/dify/executions/object", test_executions_object);
  g_test_add_func ("/format/dify/executions/runs", test_executions_runs);
  g_test_add_func ("/format/dify/events/jsonl", test_events_jsonl);
  g_test_add_func ("/format/dify/events/sse", test_events_sse);
  g_test_add_func ("/format/dify/events/unfinished-and-merged", test_unfinished_log_and_merged_attempts);
  g_test_add_func ("/format/dify/events/unfinished-node-before-run", test_unfinished_node_before_run);
  g_test_add_func ("/format/dify/events/merged-cost-keeps-currency", test_merged_cost_keeps_currency);
  g_test_add_func ("/format/dify/events/merged-times-span", test_merged_times_span);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format/dify/bad-input/%s", bad_inputs[i].name);

      g_test_add_data_func (name, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/format/dify/bad-input/direct", test_bad_direct);

  return g_test_run ();
}
