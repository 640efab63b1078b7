/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "hp-comfyui-history-reader.h"
#include "hp-comfyui-workflow-reader.h"
#include "hp-profile-io.h"

/* ComfyUI API prompts, editor workflows and /history, with figures
 * worked out by hand from the fixtures (tests/fixtures/README.md). */

#define MS 1000
/* comfyui-history-txt2img.json: 1700000000000 ms = 2023-11-14T22:13:20Z */
#define T0 ((gint64) 1700000000000 * MS)

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static HpProfile *
load_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  HpProfile *profile = hp_profile_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static gboolean
has_edge (HpWorkflowGraph *graph,
          const char      *from,
          int              from_slot,
          const char      *to,
          int              to_slot)
{
  for (guint i = 0; i < hp_workflow_graph_get_n_edges (graph); i++)
    {
      const HpGraphEdge *e = hp_workflow_graph_get_edge (graph, i);

      if (g_strcmp0 (e->from_node, from) == 0 && e->from_slot == from_slot &&
          g_strcmp0 (e->to_node, to) == 0 && e->to_slot == to_slot)
        return TRUE;
    }
  return FALSE;
}

static void
assert_error (GError     *error,
              int         code,
              const char *source,
              const char *place)
{
  g_assert_error (error, HP_FORMAT_ERROR, code);
  if (!g_str_has_prefix (error->message, source) || strstr (error->message, place) == NULL)
    g_error ("message “%s” lacks “%s” or “%s”", error->message, source, place);
}

/* ------------------------------------------------------------------ */
/* API prompt and editor workflow                                      */

static void
test_prompt_fixture (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui_api_prompt_txt2img.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpGraphNode *node;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 0);
  /* Nodes 3, 4, 5, 6, 7, 8, 9. */
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 7);
  node = hp_workflow_graph_lookup_node (graph, "6");
  g_assert_cmpstr (node->type, ==, "CLIPTextEncode");
  g_assert_cmpstr (node->title, ==, "Positive Prompt");
  g_assert_false (node->has_position);

  /* Linked inputs: 3 has model, positive, negative, latent_image (4);
   * 6 and 7 clip (1 each); 8 samples, vae (2); 9 images (1): 9 edges. */
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 9);
  /* latent_image is 3's fourth linked input: slot 3. */
  g_assert_true (has_edge (graph, "5", 0, "3", 3));
  g_assert_true (has_edge (graph, "7", 0, "3", 2));
  /* vae = ["4", 2], VAEDecode's second linked input. */
  g_assert_true (has_edge (graph, "4", 2, "8", 1));
  g_assert_true (g_str_has_prefix (hp_workflow_graph_get_id (graph), "comfyui-"));
}

static void
test_workflow_fixture (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui_ui_workflow_default.json");
  g_autoptr(HpProfile) prompt = load_fixture ("comfyui_api_prompt_txt2img.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpGraphNode *node;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 0);
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 7);
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 9);

  /* Node 7: "pos": [413, 389], "size": [425.278…, 180.606…] */
  node = hp_workflow_graph_lookup_node (graph, "7");
  g_assert_true (node->has_position);
  g_assert_cmpfloat (node->x, ==, 413);
  g_assert_cmpfloat (node->y, ==, 389);
  g_assert_cmpfloat_with_epsilon (node->width, 425.278, 0.001);
  g_assert_cmpfloat_with_epsilon (node->height, 180.606, 0.001);
  node = hp_workflow_graph_lookup_node (graph, "3");
  g_assert_cmpstr (node->type, ==, "KSampler");
  g_assert_null (node->title);

  /* Link 2 = [2, 5, 0, 3, 3, "LATENT"]; the prompt gives the same edge. */
  g_assert_true (has_edge (graph, "5", 0, "3", 3));
  g_assert_true (has_edge (graph, "4", 2, "8", 1));

  /* Same nodes and types as the prompt: the same workflow id. */
  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==,
                   hp_workflow_graph_get_id (hp_profile_get_graph (prompt)));
}

/* Schema 1: string ids, link objects, vectors as {"0", "1"}, a deleted
 * link left as null. */
static void
test_workflow_v1 (void)
{
  static const char doc[] =
    "{\"version\": 1, \"state\": {\"lastNodeId\": 2},\n"
    " \"nodes\": [{\"id\": \"a\", \"type\": \"Loader\", \"title\": \"Load\",\n"
    "              \"pos\": {\"0\": 10.5, \"1\": -20}, \"size\": {\"0\": 100, \"1\": 50}},\n"
    "             {\"id\": 2, \"type\": \"Saver\"}],\n"
    " \"links\": [null, {\"id\": 1, \"origin_id\": \"a\", \"origin_slot\": 1, \"target_id\": 2,\n"
    "                   \"target_slot\": 0, \"type\": \"IMAGE\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (doc, strlen (doc), "v1.json", &error);
  HpWorkflowGraph *graph;
  HpGraphNode *node;

  g_assert_no_error (error);
  graph = hp_profile_get_graph (profile);
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 2);
  node = hp_workflow_graph_lookup_node (graph, "a");
  g_assert_cmpstr (node->title, ==, "Load");
  g_assert_cmpfloat (node->x, ==, 10.5);
  g_assert_cmpfloat (node->y, ==, -20);
  g_assert_cmpfloat (node->width, ==, 100);
  g_assert_false (hp_workflow_graph_lookup_node (graph, "2")->has_position);
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 1);
  g_assert_true (has_edge (graph, "a", 1, "2", 0));
}

/* The editor workflow gives positions to a profile of the same workflow
 * read from another format (here comfyui-node's JobProfileStats). */
static void
test_workflow_merge_positions (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui-node-txt2img-1.json");
  g_autoptr(HpProfile) editor = load_fixture ("comfyui_ui_workflow_default.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpGraphNode *node;

  g_assert_false (hp_workflow_graph_lookup_node (graph, "3")->has_position);
  /* Same node ids and types: the same workflow id in both readers. */
  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==,
                   hp_workflow_graph_get_id (hp_profile_get_graph (editor)));

  g_assert_cmpuint (hp_profile_merge (profile, editor), ==, 0);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 7);
  /* KSampler: "pos": [863, 186], "size": [315, 262] */
  node = hp_workflow_graph_lookup_node (graph, "3");
  g_assert_true (node->has_position);
  g_assert_cmpfloat (node->x, ==, 863);
  g_assert_cmpfloat (node->y, ==, 186);
  g_assert_cmpfloat (node->width, ==, 315);
  g_assert_cmpfloat (node->height, ==, 262);
  /* The run's title from comfyui-node stays. */
  g_assert_cmpstr (node->type, ==, "KSampler");
  /* The editor's links come along. */
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 9);
}

static void
assert_prompt_fails (const char *doc,
                     int         code,
                     const char *place)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_comfyui_prompt_read (doc, strlen (doc), "p.json", &error);

  g_assert_null (profile);
  assert_error (error, code, "p.json", place);
}

static void
assert_workflow_fails (const char *doc,
                       int         code,
                       const char *place)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_comfyui_workflow_read (doc, strlen (doc), "w.json", &error);

  g_assert_null (profile);
  assert_error (error, code, "w.json", place);
}

static void
test_workflow_bad (void)
{
  assert_prompt_fails ("", HP_FORMAT_ERROR_EMPTY, "p.json: the file is empty");
  assert_prompt_fails ("[1]", HP_FORMAT_ERROR_TYPE, "$: expected an object");
  assert_prompt_fails ("{\"3\": {\"class_type\": 5}}", HP_FORMAT_ERROR_TYPE,
                       "$[\"3\"].class_type: expected a string, found a number");
  assert_prompt_fails ("{\"3\": {\"inputs\": {}}}", HP_FORMAT_ERROR_MISSING,
                       "$[\"3\"].class_type: missing");
  assert_prompt_fails ("{\"3\": []}", HP_FORMAT_ERROR_TYPE, "$[\"3\"]: expected an object");
  assert_prompt_fails ("{\"3\": {\"class_type\": \"K\", \"inputs\": {\"model\": [\"4\"]}}}",
                       HP_FORMAT_ERROR_VALUE, "$[\"3\"].inputs.model: a list of 1 values, expected a link");
  assert_prompt_fails ("{\"3\": {\"class_type\": \"K\", \"inputs\": {\"model\": [\"4\", \"0\"]}}}",
                       HP_FORMAT_ERROR_TYPE, "$[\"3\"].inputs.model[1]: expected a slot number");
  assert_prompt_fails ("{\"3\": {\"class_type\": \"K\", \"inputs\": {\"model\": [\"99\", 0]}}}",
                       HP_FORMAT_ERROR_UNKNOWN_NODE, "$[\"3\"].inputs.model[0]: edge 99 → 3 names an unknown node “99”");
  assert_prompt_fails ("{\"3\": {\"class_type\": \"K\", \"inputs\": {\"model\": [\"3\", 99999999999]}}}",
                       HP_FORMAT_ERROR_VALUE, "$[\"3\"].inputs.model[1]: slot 99999999999 is out of range");
  assert_prompt_fails ("{\"3\": {\"class_type\": \"K\", \"_meta\": {\"title\": [", HP_FORMAT_ERROR_TRUNCATED,
                       /* 46 bytes, so the end is at column 47 */
                       "p.json:1:47: the file ends too early");

  assert_workflow_fails ("{\"links\": []}", HP_FORMAT_ERROR_MISSING, "$.nodes: missing");
  assert_workflow_fails ("{\"nodes\": {}, \"links\": []}", HP_FORMAT_ERROR_TYPE, "$.nodes: expected an array");
  assert_workflow_fails ("{\"nodes\": [{\"id\": 1, \"type\": \"A\", \"pos\": \"left\"}], \"links\": []}",
                         HP_FORMAT_ERROR_TYPE, "$.nodes[0].pos: expected two numbers");
  assert_workflow_fails ("{\"nodes\": [{\"id\": 1, \"type\": \"A\", \"pos\": [1e300, 0]}], \"links\": []}",
                         HP_FORMAT_ERROR_VALUE, "$.nodes[0].pos[0]: the coordinate is absurd");
  assert_workflow_fails ("{\"nodes\": [{\"id\": 1, \"type\": \"A\", \"pos\": {\"0\": 1}}], \"links\": []}",
                         HP_FORMAT_ERROR_MISSING, "$.nodes[0].pos[\"1\"]: missing");
  assert_workflow_fails ("{\"nodes\": [{\"id\": 1, \"type\": \"A\", \"pos\": [0, 0], \"size\": [-1, 5]}], \"links\": []}",
                         HP_FORMAT_ERROR_VALUE, "$.nodes[0].size: negative size");
  assert_workflow_fails ("{\"nodes\": [{\"id\": 1, \"type\": \"A\"}, {\"id\": \"1\", \"type\": \"B\"}], \"links\": []}",
                         HP_FORMAT_ERROR_DUPLICATE, "$.nodes[1].id: node id “1” appears more than once");
  assert_workflow_fails ("{\"nodes\": [{\"type\": \"A\"}], \"links\": []}", HP_FORMAT_ERROR_MISSING,
                         "$.nodes[0].id: missing");
  assert_workflow_fails ("{\"nodes\": [{\"id\": true, \"type\": \"A\"}], \"links\": []}", HP_FORMAT_ERROR_TYPE,
                         "$.nodes[0].id: expected an id (a string or an integer), found a boolean");
  assert_workflow_fails ("{\"nodes\": [{\"id\": 1, \"type\": \"A\"}], \"links\": [[1, 1, 0, 2, 0, \"X\"]]}",
                         HP_FORMAT_ERROR_UNKNOWN_NODE, "$.links[0]: edge 1 → 2 names an unknown node “2”");
  assert_workflow_fails ("{\"nodes\": [{\"id\": 1, \"type\": \"A\"}], \"links\": [[1, 1, 0]]}",
                         HP_FORMAT_ERROR_VALUE, "$.links[0]: a link of 3 values");
  assert_workflow_fails ("{\"nodes\": [{\"id\": 1, \"type\": \"A\"}], \"links\": [{\"origin_id\": 1, \"target_id\": 1}]}",
                         HP_FORMAT_ERROR_TYPE, "$.links[0].origin_slot: expected a slot number (an integer), found nothing");
}

/* ------------------------------------------------------------------ */
/* History                                                             */

static void
assert_all_without_time (HpRun *run)
{
  GPtrArray *node_runs = hp_run_get_node_runs (run);

  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *node_run = g_ptr_array_index (node_runs, i);

      g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, HP_TIME_UNKNOWN);
      g_assert_cmpint (hp_node_run_get_start_us (node_run), ==, HP_TIME_UNKNOWN);
      g_assert_false (hp_node_run_is_executed (node_run));
    }
}

static HpNodeStatus
status_of (HpRun      *run,
           const char *node_id)
{
  return hp_node_run_get_status (hp_run_lookup_node_run (run, node_id));
}

static void
test_history_fixture (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui-history-txt2img.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpNodeStats *stats;
  HpGraphNode *node;
  HpRun *run;

  /* Listed C, A, B in the file; ordered by start: A (…000.012 s),
   * B (…060.005 s), C (…120.003 s). */
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 3);

  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, "1f0e4c1a-6b0e-4f5e-9b1e-0a4c3e2d1a01");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_queued_us (run), ==, T0);                 /* create_time */
  g_assert_cmpint (hp_run_get_started_us (run), ==, T0 + 12 * MS);      /* execution_start */
  g_assert_cmpint (hp_run_get_finished_us (run), ==, T0 + 8751 * MS);   /* execution_success */
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 12 * MS);             /* 12 − 0 */
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 8739 * MS);       /* 8751 − 12 */
  g_assert_cmpstr (hp_run_get_note (run), ==, "No per-node timing in ComfyUI history");
  /* Nothing cached: all 7 nodes completed, none with a time. */
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED), ==, 7);
  assert_all_without_time (run);

  run = hp_profile_get_run (profile, 1);
  g_assert_cmpstr (hp_run_get_id (run), ==, "2a7d9c3e-1f4b-4c8e-a2d5-6e8f0b1c2d02");
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 4465 * MS);       /* 64470 − 60005 */
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 5 * MS);              /* 60005 − 60000 */
  /* execution_cached: 4, 6, 7; the other 4 completed. */
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_CACHED), ==, 3);
  g_assert_cmpint (status_of (run, "6"), ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED), ==, 4);
  assert_all_without_time (run);

  run = hp_profile_get_run (profile, 2);
  g_assert_cmpstr (hp_run_get_id (run), ==, "3c5e7a9b-2d4f-4a6c-8e0b-1d3f5a7c9e03");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_FAILED);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 1850 * MS);       /* 121853 − 120003 */
  /* execution_error: node 3 failed, 4–7 executed, 8 and 9 never ran. */
  g_assert_cmpint (status_of (run, "3"), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpstr (hp_node_run_get_error (hp_run_lookup_node_run (run, "3")), ==,
                   "CUDA out of memory. Tried to allocate 2.00 GiB");
  g_assert_cmpint (status_of (run, "5"), ==, HP_NODE_STATUS_COMPLETED);
  g_assert_cmpint (status_of (run, "8"), ==, HP_NODE_STATUS_SKIPPED);
  g_assert_cmpint (status_of (run, "9"), ==, HP_NODE_STATUS_SKIPPED);
  assert_all_without_time (run);

  /* One graph for the three prompts: 7 nodes, 9 edges (not 27). */
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 7);
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 9);
  /* Positions from extra_pnginfo.workflow: KSampler at [863, 186]. */
  node = hp_workflow_graph_lookup_node (graph, "3");
  g_assert_true (node->has_position);
  g_assert_cmpfloat (node->x, ==, 863);
  g_assert_cmpfloat (node->height, ==, 262);
  g_assert_cmpstr (node->title, ==, "KSampler");

  /* Statistics show no durations rather than zeros. KSampler: in 3 runs,
   * failed once, never with a time. Loader: cached once (run B). */
  stats = hp_profile_lookup_node_stats (profile, "3");
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 3);
  g_assert_cmpuint (hp_node_stats_get_failed_count (stats), ==, 1);
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 0);
  g_assert_false (hp_node_stats_has_durations (stats));
  stats = hp_profile_lookup_node_stats (profile, "4");
  g_assert_cmpuint (hp_node_stats_get_cached_count (stats), ==, 1);
  g_assert_false (hp_node_stats_has_durations (stats));
}

static void
test_history_interrupted (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui-history-one-interrupted.json");
  HpRun *run;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  /* No create_time: queue unknown. 302250 − 300250 = 2000 ms. */
  g_assert_cmpint (hp_run_get_queued_us (run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 2000 * MS);
  g_assert_cmpint (status_of (run, "4"), ==, HP_NODE_STATUS_CACHED);    /* cached beats executed */
  g_assert_cmpint (status_of (run, "3"), ==, HP_NODE_STATUS_RUNNING);   /* stopped there */
  g_assert_cmpint (status_of (run, "6"), ==, HP_NODE_STATUS_COMPLETED);
  g_assert_cmpint (status_of (run, "8"), ==, HP_NODE_STATUS_SKIPPED);
  /* No editor workflow inside: no positions. */
  g_assert_false (hp_workflow_graph_lookup_node (hp_profile_get_graph (profile), "3")->has_position);
}

/* The history is told by its content; kind names and labels. */
static void
test_history_detect (void)
{
  g_autofree char *path = fixture_path ("comfyui-history-txt2img.json");
  g_autofree char *data = NULL;
  g_autofree char *description = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpint (hp_format_detect (data, length, &description), ==, HP_FORMAT_COMFYUI_HISTORY);
  g_assert_cmpstr (description, ==, "ComfyUI history");
  g_assert_cmpstr (hp_format_kind_to_string (HP_FORMAT_COMFYUI_HISTORY), ==, "comfyui-history");
  g_assert_cmpint (hp_format_kind_from_string ("comfyui-prompt"), ==, HP_FORMAT_COMFYUI_PROMPT);
  g_assert_cmpint (hp_format_kind_from_string ("comfyui-workflow"), ==, HP_FORMAT_COMFYUI_WORKFLOW);
}

static void
assert_history_fails (const char *doc,
                      int         code,
                      const char *place)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_comfyui_history_read (doc, strlen (doc), "h.json", &error);

  g_assert_null (profile);
  assert_error (error, code, "h.json", place);
}

#define PROMPT "[1, \"x\", {\"3\": {\"class_type\": \"K\"}}, {}, []]"

static void
test_history_bad (void)
{
  assert_history_fails ("{\"x\": {\"prompt\": [1, \"x\", {\"3\": {\"class_type\": 5}}]}}", HP_FORMAT_ERROR_TYPE,
                        "h.json: $.x.prompt[2][\"3\"].class_type: expected a string, found a number");
  assert_history_fails ("{\"x\": {\"status\": {}}}", HP_FORMAT_ERROR_MISSING, "$.x.prompt: missing");
  assert_history_fails ("{\"x\": {\"prompt\": {}}}", HP_FORMAT_ERROR_TYPE, "$.x.prompt: expected an array");
  assert_history_fails ("{\"x\": {\"prompt\": [1, \"x\"]}}", HP_FORMAT_ERROR_MISSING, "$.x.prompt[2]: missing");
  assert_history_fails ("{\"x\": {\"prompt\": [1, \"x\", {}, 5]}}", HP_FORMAT_ERROR_TYPE,
                        "$.x.prompt[3]: expected an object (extra_data), found a number");
  assert_history_fails ("{\"x\": {\"prompt\": " PROMPT ", \"status\": {\"messages\": {}}}}", HP_FORMAT_ERROR_TYPE,
                        "$.x.status.messages: expected an array");
  assert_history_fails ("{\"x\": {\"prompt\": " PROMPT ", \"status\": {\"messages\": [[\"execution_start\"]]}}}",
                        HP_FORMAT_ERROR_TYPE, "$.x.status.messages[0]: expected a message [event, data]");
  assert_history_fails ("{\"x\": {\"prompt\": " PROMPT ", \"status\": {\"messages\": "
                        "[[\"execution_start\", {\"timestamp\": 1e300}]]}}}",
                        HP_FORMAT_ERROR_VALUE, "$.x.status.messages[0][1].timestamp: 1e+300 is after the year 2200");
  assert_history_fails ("{\"x\": {\"prompt\": " PROMPT ", \"status\": {\"messages\": "
                        "[[\"execution_start\", {\"timestamp\": \"soon\"}]]}}}",
                        HP_FORMAT_ERROR_TYPE, "$.x.status.messages[0][1].timestamp: expected a number, found a string");
  assert_history_fails ("{\"x\": {\"prompt\": " PROMPT ", \"status\": {\"messages\": "
                        "[[\"execution_start\", {\"timestamp\": 2000}], [\"execution_success\", {\"timestamp\": 1000}]]}}}",
                        HP_FORMAT_ERROR_VALUE, "$.x.status.messages[1][1].timestamp: the prompt ended before it started");
  assert_history_fails ("{\"x\": {\"prompt\": " PROMPT ", \"status\": {\"messages\": "
                        "[[\"execution_cached\", {\"nodes\": [[1]]}]]}}}",
                        HP_FORMAT_ERROR_TYPE, "$.x.status.messages[0][1].nodes[0]: expected an id");
  assert_history_fails ("{\"x\": {\"prompt\": " PROMPT ", \"status\": {\"completed\": \"yes\"}}}",
                        HP_FORMAT_ERROR_TYPE, "$.x.status.completed: expected true or false, found a string");
  assert_history_fails ("{\"x\": {\"prompt\": [1, \"x\", {\"3\": {\"class_type\": \"K\"}}, "
                        "{\"extra_pnginfo\": {\"workflow\": {\"nodes\": [{\"id\": 3, \"type\": \"K\", \"pos\": [0]}]}}}]}}",
                        HP_FORMAT_ERROR_VALUE,
                        "$.x.prompt[3].extra_pnginfo.workflow.nodes[0].pos: an array of 1 values, expected two numbers");
  assert_history_fails ("{\"x\": {\"prompt\": [1, \"x\", {}, {\"create_time\": 5000}], \"status\": {\"messages\": "
                        "[[\"execution_start\", {\"timestamp\": 1000}]]}}}",
                        HP_FORMAT_ERROR_VALUE, "$.x.prompt[3].create_time: the prompt was queued after it started");
  assert_history_fails ("[]", HP_FORMAT_ERROR_TYPE, "h.json: $: expected an object");
  assert_history_fails ("{\"x\": {\"prompt\": [1, \"x\", {\"3\": {", HP_FORMAT_ERROR_TRUNCATED,
                        "h.json:1:34: the file ends too early");
  assert_history_fails ("  ", HP_FORMAT_ERROR_EMPTY, "the file is empty");
}

/* Truncated in the middle: detection or reader, the answer is the same. */
static void
test_history_truncated_file (void)
{
  g_autofree char *path = fixture_path ("comfyui-history-txt2img.json");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  profile = hp_profile_load_data (data, length / 2, "cut.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TRUNCATED);
  g_assert_true (g_str_has_prefix (error->message, "cut.json:"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/comfyui/prompt/fixture", test_prompt_fixture);
  g_test_add_func ("/format/comfyui/workflow/fixture", test_workflow_fixture);
  g_test_add_func ("/format/comfyui/workflow/v1", test_workflow_v1);
  g_test_add_func ("/format/comfyui/workflow/merge-positions", test_workflow_merge_positions);
  g_test_add_func ("/format/comfyui/workflow/bad", test_workflow_bad);
  g_test_add_func ("/format/comfyui/history/fixture", test_history_fixture);
  g_test_add_func ("/format/comfyui/history/interrupted", test_history_interrupted);
  g_test_add_func ("/format/comfyui/history/detect", test_history_detect);
  g_test_add_func ("/format/comfyui/history/bad", test_history_bad);
  g_test_add_func ("/format/comfyui/history/truncated-file", test_history_truncated_file);

  return g_test_run ();
}
