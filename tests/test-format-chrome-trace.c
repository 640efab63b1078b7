/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "hp-chrome-trace-reader.h"
#include "hp-chrome-trace-writer.h"
#include "hp-format-limits.h"
#include "hp-profile-io.h"

/* Chrome trace reading: the shared fixture, a hand-written trace with
 * begin/end pairs and two processes, Hotpath's own export read back,
 * and bad input. Expected figures are worked out in the comments. */

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static void
test_minimal_fixture (void)
{
  g_autofree char *path = fixture_path ("chrome_trace_minimal.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_file (path, &error);
  HpNodeRun *node_run;
  HpGraphNode *node;
  HpRun *run;

  g_assert_no_error (error);
  /* One X event in pid 12345: ts 826 µs, dur 32 µs. */
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, "pid-12345");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_started_us (run), ==, 826);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, 858);     /* 826 + 32 */
  node_run = hp_run_lookup_node_run (run, "Scheduler::BeginFrame");
  g_assert_nonnull (node_run);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 32);
  /* No args.type: the category is the type. */
  node = hp_workflow_graph_lookup_node (hp_profile_get_graph (profile), "Scheduler::BeginFrame");
  g_assert_cmpstr (node->type, ==, "cc,benchmark");
}

static void
test_hand_written (void)
{
  static const char trace[] =
    "[\n"
    "{\"name\": \"Load\", \"ph\": \"B\", \"pid\": 1, \"tid\": 1, \"ts\": 1000, \"args\": {\"node_id\": \"4\", \"type\": \"Loader\"}},\n"
    "{\"name\": \"Inner\", \"ph\": \"B\", \"pid\": 1, \"tid\": 1, \"ts\": 1500},\n"
    "{\"ph\": \"E\", \"pid\": 1, \"tid\": 1, \"ts\": 2000},\n"
    "{\"ph\": \"E\", \"pid\": 1, \"tid\": 1, \"ts\": 3500},\n"
    "{\"name\": \"Sample\", \"cat\": \"Sampler\", \"ph\": \"X\", \"pid\": 1, \"tid\": 1, \"ts\": 3500, \"dur\": 10000.4,"
    " \"args\": {\"node_id\": 3, \"status\": 200}},\n"
    "{\"name\": \"Sample\", \"cat\": \"Sampler\", \"ph\": \"X\", \"pid\": 2, \"tid\": 7, \"ts\": 20000, \"dur\": 14000,"
    " \"args\": {\"node_id\": \"3\", \"tokens\": 12, \"cost\": 0.5, \"currency\": \"USD\"}},\n"
    "{\"name\": \"Boom\", \"ph\": \"X\", \"pid\": 2, \"tid\": 7, \"ts\": 34000, \"dur\": 1,"
    " \"args\": {\"status\": \"failed\", \"error\": \"bad\"}},\n"
    "{\"name\": \"memory\", \"ph\": \"C\", \"pid\": 1, \"ts\": 5, \"args\": {\"mb\": 1}},\n"
    "{\"name\": \"mark\", \"ph\": \"i\", \"pid\": 1, \"ts\": 6, \"s\": \"g\"},\n"
    "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": 2, \"args\": {\"name\": \"second\"}}\n"
    "]";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (trace, strlen (trace), "t.json", &error);
  HpWorkflowGraph *graph;
  HpNodeStats *stats;
  HpNodeRun *node_run;
  HpRun *run;

  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);

  /* pid 1: Load 1000–3500 (2500 µs) with Inner nested 1500–2000 (500);
   * Sample 3500 + 10000.4 → 10000 µs. Counter and instant skipped. */
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, "pid-1");
  g_assert_cmpuint (hp_run_get_node_runs (run)->len, ==, 3);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "4")), ==, 2500);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "Inner")), ==, 500);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "3")), ==, 10000);
  g_assert_cmpint (hp_run_get_started_us (run), ==, 1000);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, 13500);   /* 3500 + 10000 */
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);

  /* pid 2: Sample 14000 µs with tokens and cost; Boom failed. */
  run = hp_profile_get_run (profile, 1);
  g_assert_cmpstr (hp_run_get_id (run), ==, "pid-2");
  g_assert_cmpstr (hp_run_get_note (run), ==, "Process “second” of a Chrome trace");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_FAILED);
  node_run = hp_run_lookup_node_run (run, "3");
  g_assert_cmpint (hp_node_run_get_tokens (node_run), ==, 12);
  g_assert_cmpfloat (hp_node_run_get_cost (node_run), ==, 0.5);
  g_assert_cmpstr (hp_node_run_get_currency (node_run), ==, "USD");
  node_run = hp_run_lookup_node_run (run, "Boom");
  g_assert_cmpint (hp_node_run_get_status (node_run), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpstr (hp_node_run_get_error (node_run), ==, "bad");

  graph = hp_profile_get_graph (profile);
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "4")->type, ==, "Loader");
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "4")->title, ==, "Load");
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "3")->type, ==, "Sampler");

  /* Node 3 over both runs: 10000 and 14000 µs → mean 12000. */
  stats = hp_profile_lookup_node_stats (profile, "3");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 2);
  g_assert_cmpfloat (hp_node_stats_get_mean_us (stats), ==, 12000);
  g_assert_cmpfloat (hp_node_stats_get_max_us (stats), ==, 14000);
}

/* A begin without its end: the node is left running, the run interrupted;
 * args.run_id groups events across processes. */
static void
test_open_begin_and_run_ids (void)
{
  static const char trace[] =
    "{\"traceEvents\": [\n"
    "{\"name\": \"a\", \"ph\": \"X\", \"pid\": 1, \"ts\": 10, \"dur\": 5, \"args\": {\"run_id\": \"r\"}},\n"
    "{\"name\": \"b\", \"ph\": \"X\", \"pid\": 2, \"ts\": 20, \"dur\": 5, \"args\": {\"run_id\": \"r\"}},\n"
    "{\"name\": \"c\", \"ph\": \"B\", \"pid\": 3, \"ts\": 30}\n"
    "], \"displayTimeUnit\": \"ns\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (trace, strlen (trace), "t.json", &error);
  HpRun *run;

  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  run = hp_profile_lookup_run (profile, "r");
  g_assert_cmpuint (hp_run_get_node_runs (run)->len, ==, 2);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 15);     /* 10 … 25 */
  run = hp_profile_lookup_run (profile, "pid-3");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "c")), ==, HP_NODE_STATUS_RUNNING);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, HP_TIME_UNKNOWN);
}

/* ------------------------------------------------------------------ */
/* Round trip through Hotpath's own export                            */

#define T0 ((gint64) 1714561200000000)   /* 2024-05-01T11:00:00Z */

static HpProfile *
make_profile (void)
{
  HpProfile *profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(HpRun) r1 = hp_run_new ("r1");
  g_autoptr(HpRun) r2 = hp_run_new ("r2");
  g_autoptr(HpNodeRun) a = hp_node_run_new ("1", HP_NODE_STATUS_COMPLETED);
  g_autoptr(HpNodeRun) b = hp_node_run_new ("2", HP_NODE_STATUS_COMPLETED);
  g_autoptr(HpNodeRun) c = hp_node_run_new ("3", HP_NODE_STATUS_CACHED);
  g_autoptr(HpNodeRun) d = hp_node_run_new ("2", HP_NODE_STATUS_FAILED);

  hp_workflow_graph_set_id (graph, "wf-1");
  hp_workflow_graph_set_name (graph, "Demo");
  hp_workflow_graph_add_node (graph, "1", "Loader", "Load", NULL);
  hp_workflow_graph_add_node (graph, "2", "Sampler", "Sample, fast", NULL);
  hp_workflow_graph_add_node (graph, "3", "Save", NULL, NULL);

  hp_run_set_queued_us (r1, T0);
  hp_run_set_started_us (r1, T0 + 2000);
  hp_run_set_finished_us (r1, T0 + 1500000);
  hp_run_set_status (r1, HP_RUN_STATUS_SUCCEEDED);
  hp_run_set_note (r1, "hand-made");
  hp_node_run_set_times (a, T0 + 2000, T0 + 503000);
  hp_node_run_set_times (b, T0 + 503000, T0 + 1403500);
  hp_node_run_set_tokens (b, 1200);
  hp_node_run_set_cost (b, 0.25, "USD");
  hp_node_run_set_times (c, T0 + 1403500, HP_TIME_UNKNOWN);
  hp_run_add_node_run (r1, a);
  hp_run_add_node_run (r1, b);
  hp_run_add_node_run (r1, c);

  hp_run_set_started_us (r2, T0 + 60000000);
  hp_run_set_finished_us (r2, T0 + 60300000);
  hp_run_set_status (r2, HP_RUN_STATUS_FAILED);
  hp_node_run_set_times (d, T0 + 60000000, T0 + 60250000);
  hp_node_run_set_error (d, "Out of \"memory\"\nat step 3");
  hp_run_add_node_run (r2, d);

  hp_profile_add_run (profile, r1, NULL);
  hp_profile_add_run (profile, r2, NULL);
  return profile;
}

static void
test_round_trip (void)
{
  g_autoptr(HpProfile) original = make_profile ();
  g_autoptr(GString) text = hp_chrome_trace_write (original);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (text->str, text->len, "export.json", &error);
  HpWorkflowGraph *graph;
  HpNodeRun *node_run;
  HpRun *run;

  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  graph = hp_profile_get_graph (profile);
  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==, "wf-1");
  g_assert_cmpstr (hp_workflow_graph_get_name (graph), ==, "Demo");
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "2")->type, ==, "Sampler");
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "2")->title, ==, "Sample, fast");
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "3")->type, ==, "Save");

  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, "r1");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_queued_us (run), ==, T0);
  g_assert_cmpint (hp_run_get_started_us (run), ==, T0 + 2000);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, T0 + 1500000);
  g_assert_cmpstr (hp_run_get_note (run), ==, "hand-made");
  /* 503000 − 2000 = 501000; 1403500 − 503000 = 900500 */
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "1")), ==, 501000);
  node_run = hp_run_lookup_node_run (run, "2");
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 900500);
  g_assert_cmpint (hp_node_run_get_start_us (node_run), ==, T0 + 503000);
  g_assert_cmpint (hp_node_run_get_tokens (node_run), ==, 1200);
  g_assert_cmpfloat (hp_node_run_get_cost (node_run), ==, 0.25);
  node_run = hp_run_lookup_node_run (run, "3");
  g_assert_cmpint (hp_node_run_get_status (node_run), ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (hp_node_run_get_start_us (node_run), ==, T0 + 1403500);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, HP_TIME_UNKNOWN);

  run = hp_profile_get_run (profile, 1);
  g_assert_cmpstr (hp_run_get_id (run), ==, "r2");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_FAILED);
  g_assert_cmpint (hp_run_get_queued_us (run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 300000);
  node_run = hp_run_lookup_node_run (run, "2");
  g_assert_cmpint (hp_node_run_get_status (node_run), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 250000);
  g_assert_cmpstr (hp_node_run_get_error (node_run), ==, "Out of \"memory\"\nat step 3");

  /* Statistics agree: node 2 executed once (900.5 ms), failed once. */
  g_assert_cmpfloat (hp_node_stats_get_mean_us (hp_profile_lookup_node_stats (profile, "2")), ==,
                     hp_node_stats_get_mean_us (hp_profile_lookup_node_stats (original, "2")));
  g_assert_cmpuint (hp_node_stats_get_failed_count (hp_profile_lookup_node_stats (profile, "2")), ==, 1);
}

/* ------------------------------------------------------------------ */

static void
assert_fails (const char *doc,
              int         code,
              const char *place)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_chrome_trace_read (doc, strlen (doc), "t.json", &error);

  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, code);
  if (!g_str_has_prefix (error->message, "t.json") || strstr (error->message, place) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, place);
}

static void
test_bad (void)
{
  assert_fails ("", HP_FORMAT_ERROR_EMPTY, "t.json");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1}]", HP_FORMAT_ERROR_MISSING,
                "t.json:1:2: $[0]: the complete event (\"ph\": \"X\") has no “dur”");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": \"1\", \"dur\": 1}]", HP_FORMAT_ERROR_TYPE,
                "$[0].ts: expected a number of microseconds, found a string");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1, \"dur\": -5}]", HP_FORMAT_ERROR_VALUE,
                "$[0].dur: negative duration");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1e300, \"dur\": 1}]", HP_FORMAT_ERROR_VALUE,
                "$[0].ts: the time is after the year 2200");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"dur\": 1}]", HP_FORMAT_ERROR_MISSING, "$[0]: the event has no “ts”");
  assert_fails ("[{\"name\": \"a\", \"ts\": 1}]", HP_FORMAT_ERROR_MISSING, "$[0]: the event has no “ph”");
  assert_fails ("[{\"ph\": \"X\", \"ts\": 1, \"dur\": 1}]", HP_FORMAT_ERROR_MISSING, "$[0]: the event has neither");
  assert_fails ("[{\"ph\": \"E\", \"pid\": 1, \"tid\": 2, \"ts\": 1}]", HP_FORMAT_ERROR_VALUE,
                "$[0]: an end event (\"ph\": \"E\") without a begin event before it on pid 1, tid 2");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"B\", \"ts\": 9}, {\"ph\": \"E\", \"ts\": 3}]", HP_FORMAT_ERROR_VALUE,
                "$[1]: the end event is before its begin event");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1, \"dur\": 1, \"args\": {\"node_id\": {}}}]",
                HP_FORMAT_ERROR_TYPE, "$[0].args.node_id: expected an id (a string or a whole number), found an object");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1, \"dur\": 1, \"args\": {\"tokens\": -3}}]",
                HP_FORMAT_ERROR_VALUE, "$[0].args.tokens: negative token count");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1, \"dur\": 1, \"pid\": 1.5}]",
                HP_FORMAT_ERROR_VALUE, "$[0].pid: 1.5 is not a whole number");
  assert_fails ("[5]", HP_FORMAT_ERROR_TYPE, "$[0]: expected an object (a trace event), found a number");
  assert_fails ("{\"traceEvents\": {}}", HP_FORMAT_ERROR_TYPE, "$.traceEvents: expected an array of trace events");
  assert_fails ("{\"metadata\": {}}", HP_FORMAT_ERROR_MISSING, "the member “traceEvents” is missing");
  assert_fails ("{\"traceEvents\": [{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1, \"du", HP_FORMAT_ERROR_TRUNCATED, "t.json:1:");
  assert_fails ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1, \"dur\": 1} 7]", HP_FORMAT_ERROR_SYNTAX, "t.json:1:");
}

/* Seven events, four of which make a node run (a, b, a, c) and three
 * different nodes (a, b, c); the metadata [0], counter [2] and end [4]
 * make none. */
#define LIMIT_EVENTS \
  "{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 1, \"args\": {\"name\": \"p\"}}," \
  "{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1, \"dur\": 2}," \
  "{\"name\": \"C\", \"ph\": \"C\", \"ts\": 1}," \
  "{\"name\": \"b\", \"ph\": \"B\", \"ts\": 3}," \
  "{\"ph\": \"E\", \"ts\": 4}," \
  "{\"name\": \"a\", \"ph\": \"X\", \"ts\": 5, \"dur\": 1}," \
  "{\"name\": \"c\", \"ph\": \"i\", \"ts\": 6, \"args\": {\"node_id\": \"c\"}}"

static HpProfile *
read_with_limits (const char *doc,
                  guint       max_node_runs,
                  guint       max_graph_nodes,
                  GError    **error)
{
  HpFormatLimits limits = *_hp_format_limits ();
  HpProfile *profile;

  limits.max_node_runs = max_node_runs;
  limits.max_graph_nodes = max_graph_nodes;
  _hp_format_limits_set_for_testing (&limits);
  profile = hp_chrome_trace_read (doc, strlen (doc), "t.json", error);
  _hp_format_limits_set_for_testing (NULL);
  return profile;
}

static void
test_limits (void)
{
  const char *doc = "[" LIMIT_EVENTS "]";
  /* The same events, then garbage the reader would refuse as a syntax
   * error if it went on reading past the limit. */
  const char *cut = "{\"traceEvents\": [" LIMIT_EVENTS ", {\"ph\": @@@";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  HpRun *run;

  /* At the limits (4 node runs, 3 nodes) the trace loads: one run
   * (pid 1), node runs a, b, a, c in start order 1, 3, 5, 6. */
  profile = read_with_limits (doc, 4, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (run)), ==, 4);
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (hp_profile_get_graph (profile)), ==, 3);
  g_clear_object (&profile);

  /* One node run fewer: the 4th node run is event [6], the 7th event. */
  profile = read_with_limits (doc, 3, 3, &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "t.json:1:"));
  g_assert_nonnull (strstr (error->message, "$[6]: more than 3 node runs in the first 7 trace events; "
                                            "Hotpath opens profiles with up to 3 node runs"));
  g_clear_error (&error);

  /* No node run at all: the first one, event [1], is refused (2 read). */
  profile = read_with_limits (doc, 0, 3, &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "$[1]: more than 0 node runs in the first 2 trace events"));
  g_clear_error (&error);

  /* The reader stops there: the garbage after event [6] is never read,
   * so the error is the limit, not a syntax error. */
  profile = read_with_limits (cut, 3, 3, &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "$.traceEvents[6]: more than 3 node runs in the first 7 trace events"));
  g_clear_error (&error);
  /* (with the limits high enough it does reach the garbage) */
  profile = read_with_limits (cut, 4, 3, &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX);
  g_clear_error (&error);

  /* Two different nodes only: a [1] and b [3] pass, a again [5] is
   * known, c [6] is the third. */
  profile = read_with_limits (doc, HP_FORMAT_MAX_NODE_RUNS, 2, &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "$[6]: more than 2 different nodes in the first 7 trace events; "
                                            "Hotpath opens profiles with up to 2 workflow nodes"));
  g_clear_error (&error);

  /* The defaults are 5,000,000 node runs and 100,000 nodes. */
  g_assert_cmpuint (_hp_format_limits ()->max_node_runs, ==, 5000000);
  g_assert_cmpuint (_hp_format_limits ()->max_graph_nodes, ==, 100000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/chrome-trace/minimal-fixture", test_minimal_fixture);
  g_test_add_func ("/format/chrome-trace/hand-written", test_hand_written);
  g_test_add_func ("/format/chrome-trace/open-begin-and-run-ids", test_open_begin_and_run_ids);
  g_test_add_func ("/format/chrome-trace/round-trip", test_round_trip);
  g_test_add_func ("/format/chrome-trace/bad", test_bad);
  g_test_add_func ("/format/chrome-trace/limits", test_limits);

  return g_test_run ();
}
