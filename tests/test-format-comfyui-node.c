/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "hp-comfyui-node-reader.h"
#include "hp-profile-io.h"

/* The fixtures' base times: 2024-05-01T11:00:00Z and one and two minutes
 * later, in ms since the epoch (1714521600 is 2024-05-01T00:00:00Z,
 * plus 11 h = 39600 s). */
#define B1_MS G_GINT64_CONSTANT (1714561200000)
#define B2_MS G_GINT64_CONSTANT (1714561260000)
#define B3_MS G_GINT64_CONSTANT (1714561320000)
#define MS    G_GINT64_CONSTANT (1000)

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

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static HpNodeRun *
node_run_of (HpRun      *run,
             const char *node_id)
{
  HpNodeRun *node_run = hp_run_lookup_node_run (run, node_id);

  g_assert_nonnull (node_run);
  return node_run;
}

/* Asserts the error and that its message names @source and @place. */
static void
assert_error (const GError *error,
              GQuark        domain,
              int           code,
              const char   *source,
              const char   *place)
{
  g_assert_error (error, domain, code);
  if (!g_str_has_prefix (error->message, source))
    g_error ("“%s” does not start with “%s”", error->message, source);
  if (place != NULL && strstr (error->message, place) == NULL)
    g_error ("“%s” does not name “%s”", error->message, place);
}

/* ------------------------------------------------------------------ */

static void
test_read_txt2img (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui-node-txt2img-1.json");
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  HpRun *run;
  HpNodeRun *ksampler;
  HpGraphNode *node;
  GPtrArray *node_runs;
  const HpProgressEvent *progress;
  guint n_progress;
  static const char * const execution_order[] = { "4", "6", "7", "5", "3", "8", "9" };

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, "3f1c9a52-7d4e-4b8a-9c61-2e5f0d7a8b13");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);

  /* queuedAt B1, startedAt B1 + 8, completedAt B1 + 8747 (ms) */
  g_assert_cmpint (hp_run_get_queued_us (run), ==, B1_MS * MS);
  g_assert_cmpint (hp_run_get_started_us (run), ==, (B1_MS + 8) * MS);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, (B1_MS + 8747) * MS);
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 8 * MS);         /* the docs' Queue 8 ms */
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 8739 * MS);  /* 8747 − 8 */
  g_assert_cmpint (hp_run_get_total_us (run), ==, 8747 * MS);      /* 8 + 8739 */

  /* The docs' node figures, in ms. */
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "3")), ==, 4328 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "4")), ==, 3540 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "6")), ==, 592 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "7")), ==, 45 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "8")), ==, 158 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "5")), ==, 1 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "9")), ==, 0);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED), ==, 7);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_CACHED), ==, 0);

  /* Node runs follow execution (start) order, not the file's 3,4,5,…: */
  node_runs = hp_run_get_node_runs (run);
  g_assert_cmpuint (node_runs->len, ==, G_N_ELEMENTS (execution_order));
  for (guint i = 0; i < node_runs->len; i++)
    g_assert_cmpstr (hp_node_run_get_node_id (g_ptr_array_index (node_runs, i)), ==, execution_order[i]);

  /* KSampler started at B1 + 4206 and reported 20 steps, the last at
   * B1 + 4206 + 20·216 = B1 + 8526. */
  ksampler = node_run_of (run, "3");
  g_assert_cmpint (hp_node_run_get_start_us (ksampler), ==, (B1_MS + 4206) * MS);
  progress = hp_node_run_get_progress (ksampler, &n_progress);
  g_assert_cmpuint (n_progress, ==, 20);
  g_assert_cmpint (progress[19].time_us, ==, (B1_MS + 8526) * MS);
  g_assert_cmpfloat (progress[19].value, ==, 20);
  g_assert_cmpfloat (progress[19].max, ==, 20);
  g_assert_cmpfloat (progress[0].value, ==, 1);

  /* Graph: the 7 nodes with type and title, no edges in this format. */
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 7);
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 0);
  node = hp_workflow_graph_lookup_node (graph, "6");
  g_assert_nonnull (node);
  g_assert_cmpstr (node->type, ==, "CLIPTextEncode");
  g_assert_cmpstr (node->title, ==, "Positive Prompt");
  g_assert_true (g_str_has_prefix (hp_workflow_graph_get_id (graph), "comfyui-"));

  /* One run: the node statistics are that run's figures. */
  g_assert_cmpfloat (hp_node_stats_get_mean_us (hp_profile_lookup_node_stats (profile, "3")), ==, 4328 * MS);
  g_assert_cmpuint (hp_node_stats_get_executed_count (hp_profile_lookup_node_stats (profile, "3")), ==, 1);
}

static void
test_read_cached (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui-node-txt2img-2-cached.json");
  HpRun *run = hp_profile_get_run (profile, 0);
  HpNodeRun *loader = node_run_of (run, "4");

  g_assert_cmpstr (hp_run_get_id (run), ==, "8b2e4f10-1c3d-4a5b-9e6f-7a8b9c0d1e2f");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 5 * MS);         /* startedAt − queuedAt = 5 */
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 4495 * MS);  /* 4500 − 5 */
  g_assert_cmpint (hp_run_get_total_us (run), ==, 4500 * MS);      /* 5 + 4495 */

  /* loader and both encoders cached; 5, 3, 8, 9 ran */
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_CACHED), ==, 3);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED), ==, 4);
  g_assert_cmpint (hp_node_run_get_status (loader), ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (hp_node_run_get_duration_us (loader), ==, 0);
  g_assert_false (hp_node_run_is_executed (loader));
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "3")), ==, 4290 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "8")), ==, 161 * MS);
}

static void
test_read_failed (void)
{
  g_autoptr(HpProfile) profile = load_fixture ("comfyui-node-txt2img-3-failed.json");
  HpRun *run = hp_profile_get_run (profile, 0);
  HpNodeRun *ksampler = node_run_of (run, "3");
  guint n_progress;

  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_FAILED);
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 12 * MS);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 1818 * MS);  /* 1830 − 12 */
  g_assert_cmpint (hp_run_get_total_us (run), ==, 1830 * MS);

  g_assert_cmpint (hp_node_run_get_status (ksampler), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpstr (hp_node_run_get_error (ksampler), ==,
                   "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 8.00 GiB total capacity)");
  g_assert_cmpint (hp_node_run_get_duration_us (ksampler), ==, 1800 * MS);
  hp_node_run_get_progress (ksampler, &n_progress);
  g_assert_cmpuint (n_progress, ==, 8);

  g_assert_cmpint (hp_node_run_get_status (node_run_of (run, "8")), ==, HP_NODE_STATUS_PENDING);
  g_assert_cmpint (hp_node_run_get_duration_us (node_run_of (run, "8")), ==, HP_TIME_UNKNOWN);
  /* 4, 6, 7 cached; 5 completed; 3 failed; 8, 9 pending */
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_CACHED), ==, 3);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED), ==, 1);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_FAILED), ==, 1);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_PENDING), ==, 2);
}

static void
test_merge (void)
{
  g_autoptr(HpProfile) merged = hp_profile_new ();
  g_autoptr(HpProfile) failed = load_fixture ("comfyui-node-txt2img-3-failed.json");
  g_autoptr(HpProfile) first = load_fixture ("comfyui-node-txt2img-1.json");
  g_autoptr(HpProfile) cached = load_fixture ("comfyui-node-txt2img-2-cached.json");
  g_autoptr(HpProfile) again = load_fixture ("comfyui-node-txt2img-1.json");
  HpNodeStats *stats;

  /* Same node ids and types → same workflow id in each file. */
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (first)), ==,
                   hp_workflow_graph_get_id (hp_profile_get_graph (failed)));
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (first)), ==,
                   hp_workflow_graph_get_id (hp_profile_get_graph (cached)));

  /* Merged out of order; runs come out by start time. */
  g_assert_cmpuint (hp_profile_merge (merged, failed), ==, 0);
  g_assert_cmpuint (hp_profile_merge (merged, first), ==, 0);
  g_assert_cmpuint (hp_profile_merge (merged, cached), ==, 0);
  g_assert_cmpuint (hp_profile_merge (merged, again), ==, 1);   /* same promptId: skipped */

  g_assert_cmpuint (hp_profile_get_n_runs (merged), ==, 3);
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (merged, 0)), ==, "3f1c9a52-7d4e-4b8a-9c61-2e5f0d7a8b13");
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (merged, 1)), ==, "8b2e4f10-1c3d-4a5b-9e6f-7a8b9c0d1e2f");
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (merged, 2)), ==, "c4d5e6f7-a8b9-4c0d-8e1f-2a3b4c5d6e7f");
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (hp_profile_get_graph (merged)), ==, 7);

  /* KSampler: executed in runs 1 and 2 (4328, 4290 ms), failed in run 3.
   * mean = (4328 + 4290) / 2 = 4309; median the same (two values);
   * p95: h = (2 − 1)·0.95 = 0.95 → 4290 + 0.95·(4328 − 4290) = 4326.1;
   * stddev = sqrt((19² + 19²) / 1) = sqrt(722) ≈ 26.8700577 ms. */
  stats = hp_profile_lookup_node_stats (merged, "3");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 2);
  g_assert_cmpuint (hp_node_stats_get_failed_count (stats), ==, 1);
  g_assert_cmpuint (hp_node_stats_get_cached_count (stats), ==, 0);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 4309000, 0.001);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_min_us (stats), 4290000, 0.001);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_max_us (stats), 4328000, 0.001);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_median_us (stats), 4309000, 0.001);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_p95_us (stats), 4326100, 0.01);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_stddev_us (stats), 26870.0577, 0.01);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_last_us (stats), 4290000, 0.001);

  /* Loader: executed once (3540 ms), cached twice. */
  stats = hp_profile_lookup_node_stats (merged, "4");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 1);
  g_assert_cmpuint (hp_node_stats_get_cached_count (stats), ==, 2);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 3540000, 0.001);

  /* Empty latent: 1 ms in all three runs. */
  stats = hp_profile_lookup_node_stats (merged, "5");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 3);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 1000, 0.001);

  /* VAE decode: 158 and 161 → mean 159.5; pending in run 3 but present. */
  stats = hp_profile_lookup_node_stats (merged, "8");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 2);
  g_assert_cmpuint (hp_node_stats_get_run_count (stats), ==, 3);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (stats), 159500, 0.001);

  /* Save image: 0 ms twice. */
  stats = hp_profile_lookup_node_stats (merged, "9");
  g_assert_cmpuint (hp_node_stats_get_executed_count (stats), ==, 2);
  g_assert_cmpfloat (hp_node_stats_get_mean_us (stats), ==, 0);
}

static HpProfile *
read_inline (const char *json)
{
  g_autoptr(GError) error = NULL;
  HpProfile *profile = hp_comfyui_node_read (json, strlen (json), "inline.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static void
test_read_derived (void)
{
  g_autoptr(HpProfile) profile = NULL;
  HpRun *run;
  HpNodeRun *node_run;

  /* No promptId, no startedAt: id from queuedAt, start = queuedAt +
   * queueTime = 1000 + 5 ms; node duration = 1100 − 1010 = 90 ms and,
   * with no status, "completed" because it has a completedAt. */
  profile = read_inline ("{\"queuedAt\": 1000, \"queueTime\": 5, \"completedAt\": 2000,"
                         " \"nodes\": [{\"nodeId\": 12, \"startedAt\": 1010, \"completedAt\": 1100}]}");
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, "job-1000");
  g_assert_cmpint (hp_run_get_started_us (run), ==, 1005 * MS);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  node_run = node_run_of (run, "12");   /* an integer id becomes "12" */
  g_assert_cmpint (hp_node_run_get_duration_us (node_run), ==, 90 * MS);
  g_assert_cmpint (hp_node_run_get_status (node_run), ==, HP_NODE_STATUS_COMPLETED);
  g_clear_object (&profile);

  /* Still executing and no completedAt: a running job. */
  profile = read_inline ("{\"promptId\": \"p\", \"queuedAt\": 1000, \"startedAt\": 1001,"
                         " \"nodes\": [{\"nodeId\": \"1\", \"cached\": true, \"status\": \"cached\"},"
                         " {\"nodeId\": \"2\", \"startedAt\": 1002, \"status\": \"executing\"}]}");
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_RUNNING);
  g_assert_cmpint (hp_node_run_get_status (node_run_of (run, "1")), ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (hp_node_run_get_status (node_run_of (run, "2")), ==, HP_NODE_STATUS_RUNNING);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, HP_TIME_UNKNOWN);
  g_clear_object (&profile);

  /* Finished, but a node never completed: interrupted. "cached": true
   * wins over a "completed" status. */
  profile = read_inline ("{\"promptId\": \"p\", \"queuedAt\": 1000, \"completedAt\": 1500,"
                         " \"nodes\": [{\"nodeId\": \"1\", \"cached\": true, \"status\": \"completed\"},"
                         " {\"nodeId\": \"2\", \"status\": \"executing\"}]}");
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpint (hp_node_run_get_status (node_run_of (run, "1")), ==, HP_NODE_STATUS_CACHED);
  g_clear_object (&profile);

  /* No times at all: a stable id from the content. */
  profile = read_inline ("{\"nodes\": []}");
  run = hp_profile_get_run (profile, 0);
  g_assert_true (g_str_has_prefix (hp_run_get_id (run), "job-"));
  g_assert_cmpuint (strlen (hp_run_get_id (run)), ==, 4 + 12);
  g_assert_finalize_object (g_steal_pointer (&profile));
}

/* ------------------------------------------------------------------ */
/* Detection                                                           */

static void
assert_detects (const char   *data,
                gssize        length,
                HpFormatKind  expected,
                const char   *description)
{
  g_autofree char *found = NULL;
  HpFormatKind kind;

  kind = hp_format_detect (data, length < 0 ? strlen (data) : (gsize) length, &found);
  if (kind != expected)
    g_error ("detected %s for «%.40s», expected %s (%s)", hp_format_kind_to_string (kind),
             data, hp_format_kind_to_string (expected), found);
  if (description != NULL)
    g_assert_cmpstr (found, ==, description);
}

static void
test_detect_kinds (void)
{
  g_autofree char *comfy = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *editor = NULL;
  g_autofree char *trace = NULL;
  gsize comfy_length, prompt_length, editor_length, trace_length;

  /* Native: "format": "hotpath" first, whatever the spacing, BOM or not. */
  assert_detects ("{\"format\": \"hotpath\", \"version\": 1, \"runs\": [", -1, HP_FORMAT_HOTPATH, NULL);
  assert_detects ("\xef\xbb\xbf \n\t{\n  \"format\"  :\"hotpath\"}", -1, HP_FORMAT_HOTPATH, NULL);
  assert_detects ("{\"version\": 1, \"format\": \"hotpath\"}", -1, HP_FORMAT_HOTPATH, NULL);
  assert_detects ("{\"format\": \"other\"}", -1, HP_FORMAT_UNKNOWN, "a file of format “other”");

  comfy = read_fixture ("comfyui-node-txt2img-1.json", &comfy_length);
  assert_detects (comfy, (gssize) comfy_length, HP_FORMAT_COMFYUI_NODE, NULL);
  assert_detects ("{\"nodes\": [], \"executionTime\": 3}", -1, HP_FORMAT_COMFYUI_NODE, NULL);
  /* "nodes" alone is not enough. */
  assert_detects ("{\"nodes\": []}", -1, HP_FORMAT_UNKNOWN, "a JSON object with members “nodes”");

  trace = read_fixture ("chrome_trace_minimal.json", &trace_length);
  assert_detects (trace, (gssize) trace_length, HP_FORMAT_CHROME_TRACE, NULL);
  assert_detects ("[{\"name\": \"a\", \"ph\": \"X\", \"ts\": 1, \"dur\": 2}]", -1, HP_FORMAT_CHROME_TRACE, NULL);

  /* Workflows without timings open as a graph (test-format-comfyui.c). */
  prompt = read_fixture ("comfyui_api_prompt_txt2img.json", &prompt_length);
  assert_detects (prompt, (gssize) prompt_length, HP_FORMAT_COMFYUI_PROMPT, "ComfyUI API-format prompt");
  editor = read_fixture ("comfyui_ui_workflow_default.json", &editor_length);
  assert_detects (editor, (gssize) editor_length, HP_FORMAT_COMFYUI_WORKFLOW, "ComfyUI editor workflow");

  assert_detects ("{\"a\": 1, \"b\": [2], \"c\": {}, \"d\": null}", -1, HP_FORMAT_UNKNOWN,
                  "a JSON object with members “a”, “b”, “c”, …");
  assert_detects ("{\"x\": 1, \"y\": 2}", -1, HP_FORMAT_UNKNOWN, "a JSON object with members “x”, “y”");
  assert_detects ("{ }", -1, HP_FORMAT_UNKNOWN, "an empty JSON object");
  assert_detects ("[1, 2, 3]", -1, HP_FORMAT_UNKNOWN, "a JSON array of numbers");
  assert_detects ("[{\"a\": 1}]", -1, HP_FORMAT_UNKNOWN, "a JSON array of objects");
  assert_detects (" [ ] ", -1, HP_FORMAT_UNKNOWN, "an empty JSON array");
  assert_detects ("42\n", -1, HP_FORMAT_UNKNOWN, "a JSON number");
  assert_detects ("\"hello\"", -1, HP_FORMAT_UNKNOWN, "a JSON string");
  assert_detects ("null", -1, HP_FORMAT_UNKNOWN, "JSON null");

  /* Not JSON at all */
  assert_detects ("run_id,run_status\nr1,succeeded\n", -1, HP_FORMAT_UNKNOWN,
                  "comma-separated text (CSV), not JSON");
  assert_detects ("1,2,3\n4,5,6\n", -1, HP_FORMAT_UNKNOWN, "comma-separated text (CSV), not JSON");
  assert_detects ("hello world\n", -1, HP_FORMAT_UNKNOWN, "text that is not JSON (it starts with “hello world”)");
  assert_detects ("\x01\x02\x00\x03\xff", 5, HP_FORMAT_UNKNOWN, "binary data, not JSON");
  assert_detects ("\x89PNG\r\n\x1a\n", 8, HP_FORMAT_UNKNOWN, "a PNG image, not JSON");
  assert_detects ("", 0, HP_FORMAT_UNKNOWN, "an empty file");
  assert_detects ("\xef\xbb\xbf  \n", -1, HP_FORMAT_UNKNOWN, "an empty file");
}

/* A huge native file is told by its first bytes alone: the rest may be
 * anything (here it is not even finished). */
static void
test_detect_native_cheaply (void)
{
  gsize length = 64 * 1024 * 1024;
  g_autofree char *data = g_malloc (length);
  static const char head[] = "{\"format\":\"hotpath\",\"version\":1,\"runs\":[";
  g_autoptr(GTimer) timer = g_timer_new ();

  memset (data, '[', length);
  memcpy (data, head, strlen (head));
  g_timer_start (timer);
  g_assert_cmpint (hp_format_detect (data, length, NULL), ==, HP_FORMAT_HOTPATH);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 0.05);
}

/* ------------------------------------------------------------------ */
/* Load errors                                                         */

static void
assert_load_file_fails (const char *fixture,
                        GQuark      domain,
                        int         code,
                        const char *place)
{
  g_autofree char *path = fixture_path (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_file (path, &error);

  g_assert_null (profile);
  assert_error (error, domain, code, path, place);
}

static void
assert_load_data_fails (const char *data,
                        gsize       length,
                        int         code,
                        const char *place)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (data, length, "job.json", &error);

  g_assert_null (profile);
  assert_error (error, HP_FORMAT_ERROR, code, "job.json", place);
}

static void
test_load_other_kinds (void)
{
  /* The ComfyUI workflows and the Chrome trace now open: see
   * test-format-comfyui.c and test-format-chrome-trace.c. */
  assert_load_file_fails ("README.md", HP_FORMAT_ERROR, HP_FORMAT_ERROR_UNKNOWN_FORMAT,
                          "looks like text that is not JSON");
  assert_load_file_fails ("no-such-file.json", G_FILE_ERROR, G_FILE_ERROR_NOENT, "No such file");
  assert_load_file_fails (".", G_FILE_ERROR, G_FILE_ERROR_ISDIR, "is a folder");

  assert_load_data_fails ("[1, 2]", 6, HP_FORMAT_ERROR_UNKNOWN_FORMAT, "looks like a JSON array of numbers");
  assert_load_data_fails ("\x00\x01\x02\x03", 4, HP_FORMAT_ERROR_UNKNOWN_FORMAT, "binary data");
  assert_load_data_fails ("a,b\n1,2\n", 8, HP_FORMAT_ERROR_UNKNOWN_FORMAT, "CSV");
}

static void
test_load_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hotpath-test-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  assert_load_data_fails ("", 0, HP_FORMAT_ERROR_EMPTY, "empty");
  assert_load_data_fails (NULL, 0, HP_FORMAT_ERROR_EMPTY, "empty");
  assert_load_data_fails (" \n\t\r\n", 5, HP_FORMAT_ERROR_EMPTY, "empty");
  assert_load_data_fails ("\xef\xbb\xbf\n", 4, HP_FORMAT_ERROR_EMPTY, "empty");

  /* An empty file maps to no memory at all. */
  path = g_build_filename (dir, "empty.json", NULL);
  g_assert_true (g_file_set_contents (path, "", 0, &error));
  profile = hp_profile_load_file (path, &error);
  g_assert_null (profile);
  assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY, path, "empty");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_load_bom (void)
{
  g_autofree char *json = g_strdup ("\xef\xbb\xbf{\"promptId\": \"b\", \"queuedAt\": 5, \"nodes\": []}");
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_profile_load_data (json, strlen (json), "bom.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (profile, 0)), ==, "b");
}

static void
test_bad_fixtures (void)
{
  assert_load_file_fails ("comfyui-node-bad-type.json", HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE,
                          ": $.nodes[2].duration: expected a number, found a string");
  assert_load_file_fails ("comfyui-node-bad-negative-duration.json", HP_FORMAT_ERROR, HP_FORMAT_ERROR_VALUE,
                          ": $.nodes[0].duration: negative duration -4328 ms");
  assert_load_file_fails ("comfyui-node-bad-timestamp.json", HP_FORMAT_ERROR, HP_FORMAT_ERROR_VALUE,
                          ": $.queuedAt: 1.7145612e+15 is after the year 2200");
  assert_load_file_fails ("comfyui-node-bad-duplicate.json", HP_FORMAT_ERROR, HP_FORMAT_ERROR_DUPLICATE,
                          ": $.nodes[4].nodeId: node id “6” appears twice (first at $.nodes[3])");
  assert_load_file_fails ("comfyui-node-bad-missing-nodes.json", HP_FORMAT_ERROR, HP_FORMAT_ERROR_MISSING,
                          ": $.nodes: missing");
}

static void
test_bad_inline (void)
{
  static const struct {
    const char *json;
    int         code;
    const char *place;
  } cases[] = {
    /* wrong types */
    { "{\"promptId\": \"p\", \"queuedAt\": 1, \"executionTime\": 2, \"nodes\": {}}",
      HP_FORMAT_ERROR_TYPE, "job.json: $.nodes: expected an array of node profiles, found an object" },
    { "{\"promptId\": \"p\", \"nodes\": [\"3\"]}",
      HP_FORMAT_ERROR_TYPE, "job.json: $.nodes[0]: expected an object (a node profile), found a string" },
    { "{\"promptId\": 7, \"nodes\": []}",
      HP_FORMAT_ERROR_TYPE, "job.json: $.promptId: expected a string, found a number" },
    { "{\"promptId\": \"p\", \"queuedAt\": \"yesterday\", \"nodes\": []}",
      HP_FORMAT_ERROR_TYPE, "job.json: $.queuedAt: expected a number, found a string" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"cached\": \"yes\"}]}",
      HP_FORMAT_ERROR_TYPE, "$.nodes[0].cached: expected true or false, found a string" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": true}]}",
      HP_FORMAT_ERROR_TYPE, "$.nodes[0].nodeId: expected a string, found a boolean" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"progressEvents\": {}}]}",
      HP_FORMAT_ERROR_TYPE, "$.nodes[0].progressEvents: expected an array, found an object" },
    { "{\"promptId\": \"p\", \"summary\": [], \"nodes\": []}",
      HP_FORMAT_ERROR_TYPE, "job.json: $.summary: expected an object, found an array" },
    /* missing */
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\"}, {\"type\": \"KSampler\"}]}",
      HP_FORMAT_ERROR_MISSING, "job.json: $.nodes[1].nodeId: missing, expected the node id" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"progressEvents\": [{\"timestamp\": 5, \"max\": 20}]}]}",
      HP_FORMAT_ERROR_MISSING, "$.nodes[0].progressEvents[0].value: missing, expected a number" },
    { "{\"promptId\": \"p\", \"queuedAt\": 1, \"queueTime\": 2, \"executionTime\": 3}",
      HP_FORMAT_ERROR_MISSING, "job.json: $.nodes: missing, expected an array of node profiles" },
    /* values */
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"status\": \"done\"}]}",
      HP_FORMAT_ERROR_VALUE, "$.nodes[0].status: unknown status “done”, expected pending" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"\"}]}",
      HP_FORMAT_ERROR_VALUE, "$.nodes[0].nodeId: empty" },
    { "{\"promptId\": \"p\", \"queueTime\": -8, \"nodes\": []}",
      HP_FORMAT_ERROR_VALUE, "job.json: $.queueTime: negative duration -8 ms" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"duration\": 1e20}]}",
      HP_FORMAT_ERROR_VALUE, "$.nodes[0].duration: duration of 1e+20 ms is absurd" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"startedAt\": -1}]}",
      HP_FORMAT_ERROR_VALUE, "$.nodes[0].startedAt: -1 is before 1970" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"startedAt\": 1e999}]}",
      HP_FORMAT_ERROR_VALUE, "$.nodes[0].startedAt: the number is too large" },
    { "{\"promptId\": \"p\", \"queuedAt\": 100, \"startedAt\": 90, \"nodes\": []}",
      HP_FORMAT_ERROR_VALUE, "job.json: $.startedAt: the job started before it was queued" },
    { "{\"promptId\": \"p\", \"startedAt\": 100, \"completedAt\": 90, \"nodes\": []}",
      HP_FORMAT_ERROR_VALUE, "job.json: $.completedAt: the job completed before it started" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"startedAt\": 100, \"completedAt\": 99}]}",
      HP_FORMAT_ERROR_VALUE, "$.nodes[0].completedAt: the node completed before it started" },
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": \"1\", \"progressEvents\": [{\"timestamp\": 1e16, \"value\": 1, \"max\": 2}]}]}",
      HP_FORMAT_ERROR_VALUE, "$.nodes[0].progressEvents[0].timestamp: 1e+16 is after the year 2200" },
    /* duplicates: an integer id and a string id are the same node */
    { "{\"promptId\": \"p\", \"nodes\": [{\"nodeId\": 3}, {\"nodeId\": \"3\"}]}",
      HP_FORMAT_ERROR_DUPLICATE, "$.nodes[1].nodeId: node id “3” appears twice (first at $.nodes[0])" },
    /* syntax: detection sees a comfyui-node job, json-glib finds the
     * trailing comma at line 1, column 52 */
    { "{\"promptId\":\"x\",\"queuedAt\":1,\"nodes\":[{\"nodeId\":\"1\",}]}",
      HP_FORMAT_ERROR_SYNTAX, "job.json:1:52: not well-formed JSON" },
    /* found during detection, before the kind is known: "[x" breaks at
     * column 2; "[1, 2" and "{"a": 1" end at their last byte + 1 */
    { "[x]", HP_FORMAT_ERROR_SYNTAX, "job.json:1:2: not well-formed JSON" },
    { "[1, 2", HP_FORMAT_ERROR_TRUNCATED, "job.json:1:6: the JSON ends too early" },
    { "{\"a\": 1", HP_FORMAT_ERROR_TRUNCATED, "job.json:1:8: the JSON ends too early" },
    /* syntax found during detection: a missing comma at line 2, column 3 */
    { "{\"promptId\": \"x\"\n  \"nodes\": []}",
      HP_FORMAT_ERROR_SYNTAX, "job.json:2:3: not well-formed JSON" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i].json);
      assert_load_data_fails (cases[i].json, strlen (cases[i].json), cases[i].code, cases[i].place);
    }
}

static void
test_bad_root (void)
{
  g_autoptr(GError) error = NULL;
  HpProfile *profile;

  /* Called directly, the reader checks the root itself. */
  profile = hp_comfyui_node_read ("[1]", 3, "direct.json", &error);
  g_assert_null (profile);
  assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE, "direct.json",
                "direct.json: $: expected an object (comfyui-node JobProfileStats), found an array");
  g_clear_error (&error);

  profile = hp_comfyui_node_read ("", 0, "direct.json", &error);
  g_assert_null (profile);
  assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY, "direct.json", "empty");
}

static void
test_truncated (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("comfyui-node-txt2img-1.json", &length);
  /* From the first brace to the last one (the file ends "}\n", so
   * length − 2 drops the closing brace): before detection can tell the
   * kind, inside a string, between members, deep in the node list. */
  gsize offsets[] = { 1, 2, 15, 60, 400, 1000, length / 2, length - 40, length - 2 };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HpProfile) profile = NULL;

      g_test_message ("cut at %" G_GSIZE_FORMAT, offsets[i]);
      profile = hp_profile_load_data (data, offsets[i], "cut.json", &error);
      g_assert_null (profile);
      /* "cut.json:LINE:COL: …" */
      assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TRUNCATED, "cut.json:", "ends too early");
      g_assert_true (g_ascii_isdigit (error->message[strlen ("cut.json:")]));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/comfyui-node/read/txt2img", test_read_txt2img);
  g_test_add_func ("/comfyui-node/read/cached", test_read_cached);
  g_test_add_func ("/comfyui-node/read/failed", test_read_failed);
  g_test_add_func ("/comfyui-node/read/derived", test_read_derived);
  g_test_add_func ("/comfyui-node/merge/three-files", test_merge);
  g_test_add_func ("/comfyui-node/bad/fixtures", test_bad_fixtures);
  g_test_add_func ("/comfyui-node/bad/inline", test_bad_inline);
  g_test_add_func ("/comfyui-node/bad/root", test_bad_root);
  g_test_add_func ("/comfyui-node/bad/truncated", test_truncated);
  g_test_add_func ("/format/detect/kinds", test_detect_kinds);
  g_test_add_func ("/format/detect/native-cheaply", test_detect_native_cheaply);
  g_test_add_func ("/format/load/other-kinds", test_load_other_kinds);
  g_test_add_func ("/format/load/empty", test_load_empty);
  g_test_add_func ("/format/load/bom", test_load_bom);

  return g_test_run ();
}
