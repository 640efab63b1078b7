/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hp-cli-test-utils.h"
#include "hp-event-log-reader.h"
#include "hp-event-log-writer.h"
#include "hp-native-reader.h"
#include "hp-native-writer.h"
#include "hp-profile-io.h"

/* Event logs worked by hand (see tests/fixtures/README.md). Local ms are
 * offsets from L = 1718000000000; the server's clock runs 2.5 s ahead.
 *
 * comfyui-events-txt2img.jsonl, clock samples (received − server, ms):
 *   P1 start 50−2547 = −2497, cached 52−2550 = −2498, success 4462−6958 = −2496,
 *   P2 −2497 −2497 −2496, P3 −2497 −2497 −2496 → offset −2498 ms, 9 samples.
 *   P1: start 2547−2498 = +49, end 6958−2498 = +4460 (execution 4411 ms),
 *       queue 2547−2501 = 46 ms (create_time, server clock);
 *       4: 60→1060 = 1000, 6: 1060→1160 = 100, 7: 1160→1210 = 50,
 *       5: 1210→1212 = 2, 3: 1212→4220 (progress_state finished) = 3008,
 *       8: 4232→4432 = 200, 9: 4432→4462 (execution_success) = 30.
 *   P2: start 6977−2498 = +4479, end 10216−2498 = +7718 (3239 ms),
 *       queue 6977−2511 = 4466 ms; 4 5 6 7 cached; 3: 4490→7490 = 3000,
 *       8: 7490→7690 = 200, 9: 7690→7720 = 30.
 *   P3: everything cached (node 9 also has an `executed`: not a run). */

#define MS G_GINT64_CONSTANT (1000)
#define L_US G_GINT64_CONSTANT (1718000000000000)
#define GIB G_GINT64_CONSTANT (1073741824)

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = fixture_path (name);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, length, NULL));
  return data;
}

static gint64
duration_ms (HpRun      *run,
             const char *node_id)
{
  HpNodeRun *node_run = hp_run_lookup_node_run (run, node_id);

  g_assert_nonnull (node_run);
  return hp_node_run_get_duration_us (node_run) / MS;
}

static HpNodeStatus
status_of (HpRun      *run,
           const char *node_id)
{
  HpNodeRun *node_run = hp_run_lookup_node_run (run, node_id);

  g_assert_nonnull (node_run);
  return hp_node_run_get_status (node_run);
}

static void
check_txt2img (HpProfile *profile)
{
  HpRun *p1, *p2, *p3;
  HpMemorySamples memory;
  guint n_progress;
  const HpProgressEvent *progress;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 3);
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (hp_profile_get_graph (profile)), ==, 7);
  p1 = hp_profile_get_run (profile, 0);
  p2 = hp_profile_get_run (profile, 1);
  p3 = hp_profile_get_run (profile, 2);
  g_assert_cmpstr (hp_run_get_id (p1), ==, "6f1e2a90-0001-4c3b-9a51-000000000001");
  g_assert_cmpstr (hp_run_get_id (p3), ==, "6f1e2a90-0003-4c3b-9a51-000000000003");

  g_assert_cmpint (hp_run_get_status (p1), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_started_us (p1), ==, L_US + 49 * MS);
  g_assert_cmpint (hp_run_get_finished_us (p1), ==, L_US + 4460 * MS);
  g_assert_cmpint (hp_run_get_execution_us (p1), ==, 4411 * MS);
  g_assert_cmpint (hp_run_get_queue_us (p1), ==, 46 * MS);
  g_assert_cmpint (duration_ms (p1, "4"), ==, 1000);
  g_assert_cmpint (duration_ms (p1, "6"), ==, 100);
  g_assert_cmpint (duration_ms (p1, "7"), ==, 50);
  g_assert_cmpint (duration_ms (p1, "5"), ==, 2);
  g_assert_cmpint (duration_ms (p1, "3"), ==, 3008);
  g_assert_cmpint (duration_ms (p1, "8"), ==, 200);
  g_assert_cmpint (duration_ms (p1, "9"), ==, 30);
  g_assert_cmpint (status_of (p1, "9"), ==, HP_NODE_STATUS_COMPLETED);
  /* KSampler: progress 1, 7 and 20 of 20 */
  progress = hp_node_run_get_progress (hp_run_lookup_node_run (p1, "3"), &n_progress);
  g_assert_cmpuint (n_progress, ==, 3);
  g_assert_cmpfloat (progress[1].value, ==, 7);
  g_assert_cmpfloat (progress[1].max, ==, 20);
  g_assert_cmpint (progress[1].time_us, ==, L_US + 2262 * MS);
  /* Memory of KSampler: samples at +1300 (VRAM 24−21 = 3 GiB, RAM 64−60
   * = 4 GiB), +2500 (5 GiB, 5 GiB), +4000 (4.5 GiB, 4.5 GiB): peaks 5
   * and 5 GiB, changes 4.5−3 = 1.5 GiB and 4.5−4 = 0.5 GiB. */
  g_assert_true (hp_node_run_get_memory_samples (hp_run_lookup_node_run (p1, "3"), &memory));
  g_assert_cmpuint (memory.n_samples, ==, 3);
  g_assert_cmpint (memory.vram_peak, ==, 5 * GIB);
  g_assert_cmpint (memory.vram_change, ==, 3 * GIB / 2);
  g_assert_cmpint (memory.ram_peak, ==, 5 * GIB);
  g_assert_cmpint (memory.ram_change, ==, GIB / 2);
  g_assert_cmpint (hp_node_run_get_peak_memory (hp_run_lookup_node_run (p1, "3")), ==, 5 * GIB);
  /* CLIPTextEncode 6: one sample at +1100, VRAM 2 GiB, RAM 3 GiB */
  g_assert_true (hp_node_run_get_memory_samples (hp_run_lookup_node_run (p1, "6"), &memory));
  g_assert_cmpuint (memory.n_samples, ==, 1);
  g_assert_cmpint (memory.vram_peak, ==, 2 * GIB);
  g_assert_cmpint (memory.vram_change, ==, 0);
  g_assert_cmpint (memory.ram_peak, ==, 3 * GIB);
  /* the sample at +30 came before the run: nobody's */
  g_assert_false (hp_node_run_get_memory_samples (hp_run_lookup_node_run (p1, "4"), &memory));
  g_assert_nonnull (strstr (hp_run_get_note (p1), "Memory: 4 samples"));
  g_assert_nonnull (strstr (hp_run_get_note (p1), "server clock offset -2.498 s estimated from"));
  g_assert_nonnull (strstr (hp_run_get_note (p1), "Queue time: extra_data.create_time"));

  g_assert_cmpint (hp_run_get_started_us (p2), ==, L_US + 4479 * MS);
  g_assert_cmpint (hp_run_get_execution_us (p2), ==, 3239 * MS);
  g_assert_cmpint (hp_run_get_queue_us (p2), ==, 4466 * MS);
  for (guint i = 4; i <= 7; i++)
    {
      char id[2] = { (char) ('0' + i), 0 };

      g_assert_cmpint (status_of (p2, id), ==, HP_NODE_STATUS_CACHED);
      g_assert_cmpint (duration_ms (p2, id), ==, 0);
    }
  g_assert_cmpint (duration_ms (p2, "3"), ==, 3000);
  g_assert_cmpint (duration_ms (p2, "8"), ==, 200);
  g_assert_cmpint (duration_ms (p2, "9"), ==, 30);

  /* P3: node 9 came back in `executed` but was cached, never ran */
  g_assert_cmpint (hp_run_get_status (p3), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (hp_run_count_nodes (p3, HP_NODE_STATUS_CACHED), ==, 7);
  g_assert_cmpint (status_of (p3, "9"), ==, HP_NODE_STATUS_CACHED);
  g_assert_false (hp_node_run_is_executed (hp_run_lookup_node_run (p3, "9")));
  /* queue (7807+2500) − (7801+2500) = 6 ms */
  g_assert_cmpint (hp_run_get_queue_us (p3), ==, 6 * MS);
}

static void
test_read_txt2img (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("comfyui-events-txt2img.jsonl", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_event_log_read (data, length, "txt2img.jsonl", &error);

  g_assert_no_error (error);
  check_txt2img (profile);
  g_assert_finalize_object (g_steal_pointer (&profile));
}

/* comfyui-events-old-server.jsonl (no timestamps, no display_node, no
 * execution_success, no progress_state; receive times only):
 *   Q1 start +100, end +2911 (executing null): 2811 ms; the graph comes
 *      at +150, after the first events. 4: 110→610 = 500; 6 runs twice:
 *      610→710 and 760→790 = 100+30 = 130 (not 790−610 = 180);
 *      7: 710→760 = 50; 5: 790→791 = 1; 3: 791→2791 = 2000 with two
 *      progress messages naming no node; 8: 100; 9: 2891→2911 = 20.
 *      Queue unknown: the graph came after execution_start.
 *   Q2 start +3000, cached 4 5 6 7, 3 fails at +3500 after 490 ms, 8 and 9
 *      skipped; its graph comes at +3600, after its end.
 *   Q3 never gets a graph: 4: 4005→4105 = 100, in a second profile. */
static void
check_old_server (HpProfile *profile)
{
  HpRun *q1, *q2;
  HpNodeRun *six;
  guint n_progress;

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  q1 = hp_profile_get_run (profile, 0);
  q2 = hp_profile_get_run (profile, 1);
  g_assert_cmpint (hp_run_get_status (q1), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_started_us (q1), ==, L_US + 100 * MS);
  g_assert_cmpint (hp_run_get_execution_us (q1), ==, 2811 * MS);
  g_assert_cmpint (hp_run_get_queued_us (q1), ==, G_MININT64);
  g_assert_cmpint (duration_ms (q1, "4"), ==, 500);
  g_assert_cmpint (duration_ms (q1, "6"), ==, 130);
  six = hp_run_lookup_node_run (q1, "6");
  g_assert_cmpint (hp_node_run_get_start_us (six), ==, L_US + 610 * MS);
  g_assert_cmpint (hp_node_run_get_end_us (six), ==, L_US + 790 * MS);
  g_assert_cmpint (duration_ms (q1, "7"), ==, 50);
  g_assert_cmpint (duration_ms (q1, "5"), ==, 1);
  g_assert_cmpint (duration_ms (q1, "3"), ==, 2000);
  hp_node_run_get_progress (hp_run_lookup_node_run (q1, "3"), &n_progress);
  g_assert_cmpuint (n_progress, ==, 2);
  g_assert_cmpint (duration_ms (q1, "8"), ==, 100);
  g_assert_cmpint (duration_ms (q1, "9"), ==, 20);
  g_assert_nonnull (strstr (hp_run_get_note (q1), "Run start: its receive time; run end: its receive time"));

  g_assert_cmpint (hp_run_get_status (q2), ==, HP_RUN_STATUS_FAILED);
  g_assert_cmpint (hp_run_get_execution_us (q2), ==, 500 * MS);
  g_assert_cmpint (status_of (q2, "3"), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpint (duration_ms (q2, "3"), ==, 490);
  g_assert_cmpstr (hp_node_run_get_error (hp_run_lookup_node_run (q2, "3")), ==,
                   "CUDA out of memory. Tried to allocate 2.00 GiB");
  g_assert_cmpuint (hp_run_count_nodes (q2, HP_NODE_STATUS_CACHED), ==, 4);
  g_assert_cmpint (status_of (q2, "8"), ==, HP_NODE_STATUS_SKIPPED);
  g_assert_cmpint (status_of (q2, "9"), ==, HP_NODE_STATUS_SKIPPED);
}

static void
test_read_old_server (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("comfyui-events-old-server.jsonl", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = hp_event_log_read_all (data, length, "old.jsonl", &error);
  g_autoptr(HpProfile) best = NULL;
  HpProfile *unknown;
  HpRun *q3;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  check_old_server (g_ptr_array_index (all, 0));
  unknown = g_ptr_array_index (all, 1);
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (unknown)), ==, "comfyui-unknown-graph");
  g_assert_cmpuint (hp_profile_get_n_runs (unknown), ==, 1);
  q3 = hp_profile_get_run (unknown, 0);
  g_assert_cmpstr (hp_run_get_id (q3), ==, "a1b2c3d4-0003-4000-8000-00000000000c");
  g_assert_cmpint (duration_ms (q3, "4"), ==, 100);
  g_assert_cmpint (hp_run_get_status (q3), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_nonnull (strstr (hp_run_get_note (q3), "never sent this prompt's graph"));
  /* only the node seen, no type */
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (hp_profile_get_graph (unknown)), ==, 1);

  /* One profile: the graph with the most runs, and its notes say so. */
  best = hp_event_log_read (data, length, "old.jsonl", &error);
  g_assert_no_error (error);
  check_old_server (best);
  g_assert_nonnull (strstr (hp_run_get_note (hp_profile_get_run (best, 0)),
                            "The event log holds 2 workflow graphs; this is the one with the most runs."));
}

static void
test_detect_and_load (void)
{
  g_autofree char *path = fixture_path ("comfyui-events-txt2img.jsonl");
  g_autofree char *old_path = fixture_path ("comfyui-events-old-server.jsonl");
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autofree char *description = NULL;
  gsize length;
  g_autofree char *data = read_fixture ("comfyui-events-txt2img.jsonl", &length);
  g_autofree char *nodetool = read_fixture ("nodetool-job-log.jsonl", &length);
  const char *custom = "{\"received_ms\": 1, \"message\": {\"type\": \"crystools.monitor\", \"data\": {}}}\n";
  const char *stats = "{\"received_ms\": 1, \"system_stats\": {\"system\": {}, \"devices\": []}}\n";

  g_assert_cmpint (hp_format_detect (data, strlen (data), &description), ==, HP_FORMAT_COMFYUI_EVENTS);
  g_assert_cmpstr (description, ==, "ComfyUI event log");
  g_assert_cmpstr (hp_format_kind_to_string (HP_FORMAT_COMFYUI_EVENTS), ==, "comfyui-events");
  g_assert_cmpint (hp_format_kind_from_string ("comfyui-events"), ==, HP_FORMAT_COMFYUI_EVENTS);
  /* the old log starts with a status message */
  g_clear_pointer (&data, g_free);
  data = read_fixture ("comfyui-events-old-server.jsonl", &length);
  g_assert_cmpint (hp_format_detect (data, length, NULL), ==, HP_FORMAT_COMFYUI_EVENTS);
  /* a custom node's message type first, or a memory sample */
  g_assert_cmpint (hp_format_detect (custom, strlen (custom), NULL), ==, HP_FORMAT_COMFYUI_EVENTS);
  g_assert_cmpint (hp_format_detect (stats, strlen (stats), NULL), ==, HP_FORMAT_COMFYUI_EVENTS);
  /* NodeTool wraps its messages alike: still NodeTool's */
  g_assert_cmpint (hp_format_detect (nodetool, strlen (nodetool), NULL), ==, HP_FORMAT_NODETOOL_LOG);

  profile = hp_profile_load_file (path, &error);
  g_assert_no_error (error);
  check_txt2img (profile);
  g_clear_object (&profile);
  profile = hp_profile_load_file (old_path, &error);
  g_assert_no_error (error);
  check_old_server (profile);
}

static void
test_read_file_streaming (void)
{
  g_autofree char *path = fixture_path ("comfyui-events-txt2img.jsonl");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/hotpath/events.jsonl");
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_event_log_read_file (file, NULL, &error);

  g_assert_no_error (error);
  check_txt2img (profile);
  g_assert_null (hp_event_log_read_file (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/hotpath/events.jsonl"));
}

typedef struct {
  const char   *name;
  const char   *data;
  HpFormatError code;
  const char   *where;   /* expected in the message */
} BadLog;

#define GRAPH "{\"1\": {\"class_type\": \"A\", \"inputs\": {}}}"

static void
test_errors (void)
{
  static const BadLog cases[] = {
    { "empty", "\n\n", HP_FORMAT_ERROR_MISSING, "bad.jsonl: no prompt in the event log" },
    { "syntax", "{\"received_ms\": 1718000000000, \"message\": {\"type\": \"status\", \"data\": {}}}\n"
                "{\"received_ms\": 1718000000001, \"message\": {\"type\": \"executing\" \"data\": {}}}\n"
                "{\"received_ms\": 1718000000002, \"message\": {\"type\": \"status\", \"data\": {}}}\n",
      HP_FORMAT_ERROR_SYNTAX, "bad.jsonl:2:" },
    { "truncated", "{\"received_ms\": 1718000000000, \"message\": {\"type\": \"status\", \"data\": {}}}\n"
                   "{\"received_ms\": 1718000000001, \"message\": {\"type\": \"execut",
      HP_FORMAT_ERROR_TRUNCATED, "bad.jsonl:2:" },
    { "node-type", "{\"received_ms\": 1718000000000, \"message\": {\"type\": \"executing\", "
                   "\"data\": {\"node\": [3], \"prompt_id\": \"p\"}}}\n",
      HP_FORMAT_ERROR_TYPE, "bad.jsonl:1:1: $.message.data.node: " },
    { "progress-string", "\n{\"received_ms\": 1718000000000, \"message\": {\"type\": \"progress\", "
                         "\"data\": {\"value\": \"7\", \"max\": 20}}}\n",
      HP_FORMAT_ERROR_TYPE, "bad.jsonl:2:1: $.message.data.value: " },
    { "absurd-progress", "{\"received_ms\": 1718000000000, \"message\": {\"type\": \"progress\", "
                         "\"data\": {\"value\": 1e300, \"max\": 20}}}\n",
      HP_FORMAT_ERROR_VALUE, "$.message.data.value: " },
    { "timestamp-absurd", "{\"received_ms\": 1718000000000, \"message\": {\"type\": \"execution_start\", "
                          "\"data\": {\"prompt_id\": \"p\", \"timestamp\": -5}}}\n",
      HP_FORMAT_ERROR_VALUE, "$.message.data.timestamp: " },
    { "no-received", "{\"message\": {\"type\": \"status\", \"data\": {}}}\n",
      HP_FORMAT_ERROR_MISSING, "bad.jsonl:1:1: $.received_ms: missing" },
    { "received-string", "{\"received_ms\": \"now\", \"message\": {\"type\": \"status\", \"data\": {}}}\n",
      HP_FORMAT_ERROR_TYPE, "$.received_ms: " },
    { "no-kind", "{\"received_ms\": 1718000000000}\n", HP_FORMAT_ERROR_MISSING, "bad.jsonl:1:1: $: none of" },
    { "cached-not-list", "{\"received_ms\": 1718000000000, \"message\": {\"type\": \"execution_cached\", "
                         "\"data\": {\"nodes\": \"3\", \"prompt_id\": \"p\"}}}\n",
      HP_FORMAT_ERROR_TYPE, "$.message.data.nodes: " },
    { "no-data", "{\"received_ms\": 1718000000000, \"message\": {\"type\": \"executing\"}}\n",
      HP_FORMAT_ERROR_MISSING, "$.message.data: missing" },
    { "prompt-no-graph", "{\"received_ms\": 1718000000000, \"prompt\": {\"prompt_id\": \"p\", \"number\": 1}}\n",
      HP_FORMAT_ERROR_MISSING, "$.prompt.graph: missing" },
    { "prompt-bad-graph", "{\"received_ms\": 1718000000000, \"prompt\": {\"prompt_id\": \"p\", \"number\": 1, "
                          "\"graph\": {\"1\": {\"inputs\": {}}}}}\n",
      HP_FORMAT_ERROR_MISSING, "$.prompt.graph[\"1\"].class_type: missing" },
    { "stats-bad", "{\"received_ms\": 1718000000000, \"system_stats\": {\"devices\": [{\"vram_total\": \"big\", "
                   "\"vram_free\": 1}]}}\n",
      HP_FORMAT_ERROR_TYPE, "$.system_stats.devices[0].vram_total: " },
    { "not-object", "[1, 2]\n", HP_FORMAT_ERROR_TYPE, "bad.jsonl:1:1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HpProfile) profile = hp_event_log_read (cases[i].data, strlen (cases[i].data), "bad.jsonl", &error);

      if (error == NULL || !g_error_matches (error, HP_FORMAT_ERROR, cases[i].code) ||
          strstr (error->message, cases[i].where) == NULL)
        g_error ("case %s: got %s", cases[i].name, error != NULL ? error->message : "no error");
      g_assert_null (profile);
    }
}

/* Writes a run through the writer and reads it back: same durations.
 * Local ms from L: prompt +0 (queued +0), start +10, executing 1 at +20,
 * stats at +30 (VRAM 1000 of 4000 free → 3000 used), executing 2 at
 * +120 (1: 100 ms), success at +150.5 (2: 30.5 ms). */
static void
test_writer_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hotpath-events-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "events.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HpEventLogWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) graph = json_from_string ("{\"1\": {\"class_type\": \"Load\", \"inputs\": {}}, "
                                                "\"2\": {\"class_type\": \"Run\", \"inputs\": {\"x\": [\"1\", 0]}}}",
                                                NULL);
  g_autoptr(JsonNode) stats = json_from_string ("{\"devices\": [{\"vram_total\": 4000, \"vram_free\": 1000}]}", NULL);
  g_autoptr(JsonNode) start = json_from_string ("{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"w\"}}", NULL);
  g_autoptr(HpProfile) profile = NULL;
  g_autofree char *contents = NULL;
  HpMemorySamples memory;
  HpRun *run;

  writer = hp_event_log_writer_new (file, &error);
  g_assert_no_error (error);
  g_assert_true (hp_event_log_writer_append_prompt_full (writer, "w", 1, graph, NULL, L_US, HP_TIME_UNKNOWN,
                                                         L_US, &error));
  g_assert_true (hp_event_log_writer_append_message (writer, start, L_US + 10 * MS, &error));
  g_assert_true (hp_event_log_writer_append_message_text (writer,
                                                          "{\"type\": \"executing\", \"data\": {\"node\": \"1\", \"prompt_id\": \"w\"}}",
                                                          -1, L_US + 20 * MS, &error));
  g_assert_true (hp_event_log_writer_append_system_stats (writer, stats, L_US + 30 * MS, &error));
  /* JSON over two lines is written on one */
  g_assert_true (hp_event_log_writer_append_message_text (writer,
                                                          "{\"type\": \"executing\",\n \"data\": {\"node\": \"2\", \"prompt_id\": \"w\"}}",
                                                          -1, L_US + 120 * MS, &error));
  g_assert_no_error (error);
  /* Each line is on disk before the next append: read while still open. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\"prompt_id\":\"w\"}}}\n"));
  g_assert_null (strstr (contents, "\n \"data\""));
  g_assert_true (hp_event_log_writer_append_message_text (writer,
                                                          "{\"type\": \"execution_success\", \"data\": {\"prompt_id\": \"w\"}}",
                                                          -1, L_US + 150500, &error));
  /* not JSON: refused, nothing written */
  g_assert_false (hp_event_log_writer_append_message_text (writer, "{\"type\": ", -1, L_US, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_true (hp_event_log_writer_close (writer, &error));
  g_assert_true (hp_event_log_writer_close (writer, &error));
  g_assert_false (hp_event_log_writer_append_message (writer, start, L_US, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);

  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "{\"received_ms\":1718000000150.500,\"message\":"));
  g_assert_nonnull (strstr (contents, "\"queued_ms\":1718000000000"));

  profile = hp_profile_load_file (path, &error);
  g_assert_no_error (error);
  run = hp_profile_get_run (profile, 0);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "1")), ==, 100 * MS);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "2")), ==, 30500);
  /* queued at +0 by us, execution_start received at +10 */
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 10 * MS);
  g_assert_true (hp_node_run_get_memory_samples (hp_run_lookup_node_run (run, "1"), &memory));
  g_assert_cmpint (memory.vram_peak, ==, 3000);
  g_assert_cmpint (memory.ram_peak, ==, -1);

  g_assert_finalize_object (g_steal_pointer (&writer));
  g_unlink (path);
  g_rmdir (dir);
}

/* What the recorder stores (memory samples, two stretches, notes) goes
 * through the native format unchanged. */
static void
test_native_round_trip (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("comfyui-events-old-server.jsonl", &length);
  g_autofree char *txt = read_fixture ("comfyui-events-txt2img.jsonl", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) old = hp_event_log_read (data, strlen (data), "old.jsonl", &error);
  g_autoptr(HpProfile) new_server = hp_event_log_read (txt, strlen (txt), "txt2img.jsonl", &error);
  g_autoptr(HpProfile) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  HpNodeRun *six;
  HpRun *run;

  g_assert_no_error (error);
  bytes = hp_profile_serialize (old, HP_FORMAT_HOTPATH, &error);
  g_assert_no_error (error);
  back = hp_profile_load_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "old.hotpath", &error);
  g_assert_no_error (error);
  check_old_server (back);
  six = hp_run_lookup_node_run (hp_profile_get_run (back, 0), "6");
  /* 610→790 with 130 ms of running: both kept */
  g_assert_cmpint (hp_node_run_get_end_us (six) - hp_node_run_get_start_us (six), ==, 180 * MS);
  g_assert_cmpstr (hp_run_get_note (hp_profile_get_run (back, 0)), ==, hp_run_get_note (hp_profile_get_run (old, 0)));

  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_object (&back);
  bytes = hp_profile_serialize (new_server, HP_FORMAT_HOTPATH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL),
                            "\"memory\":{\"samples\":3,\"vram_peak_bytes\":5368709120,\"vram_change_bytes\":1610612736,"
                            "\"ram_peak_bytes\":5368709120,\"ram_change_bytes\":536870912}"));
  back = hp_profile_load_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "new.hotpath", &error);
  g_assert_no_error (error);
  check_txt2img (back);
  run = hp_profile_get_run (back, 0);
  g_assert_cmpstr (hp_run_get_note (run), ==, hp_run_get_note (hp_profile_get_run (new_server, 0)));
}

/* The native reader refuses broken memory figures, saying where. */
static void
test_native_memory_errors (void)
{
  static const char *cases[][2] = {
    { "\"memory\":{\"vram_peak_bytes\":5,\"vram_change_bytes\":1}", "no “samples”" },
    { "\"memory\":{\"samples\":2,\"vram_peak_bytes\":5}", "“vram_peak_bytes” needs “vram_change_bytes”" },
    { "\"memory\":{\"samples\":2,\"ram_peak_bytes\":-5,\"ram_change_bytes\":1}", "out of range" },
    { "\"memory\":{\"samples\":2,\"ram_peak_bytes\":\"5\",\"ram_change_bytes\":1}", "a whole number of bytes" },
    { "\"memory\":[1]", "an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = g_strdup_printf ("{\"format\":\"hotpath\",\"version\":1,"
                                              "\"workflow\":{\"id\":\"w\",\"nodes\":[{\"id\":\"1\"}]},"
                                              "\"runs\":[{\"id\":\"r\",\"status\":\"succeeded\",\"nodes\":["
                                              "{\"id\":\"1\",\"status\":\"completed\",%s}]}]}", cases[i][0]);
      g_autoptr(GError) error = NULL;
      g_autoptr(HpProfile) profile = hp_profile_load_data (doc, strlen (doc), "m.hotpath", &error);

      if (profile != NULL || error == NULL || strstr (error->message, cases[i][1]) == NULL ||
          strstr (error->message, "m.hotpath:1:") == NULL)
        g_error ("case %u: %s", i, error != NULL ? error->message : "no error");
    }
}

static void
test_cli_report (void)
{
  g_autofree char *path = fixture_path ("comfyui-events-txt2img.jsonl");
  g_auto(HpCliResult) result = { 0 };

  if (g_getenv ("HOTPATH_CLI") == NULL)
    {
      g_test_skip ("HOTPATH_CLI is not set");
      return;
    }
  hp_cli_run (&result, "report", path, NULL);
  if (result.status != 0)
    g_error ("hotpath-cli report failed: %s", result.err);
  g_assert_nonnull (strstr (result.out, "KSampler"));
}

/* Found by tests/fuzz (comfyui-events): a server clock that jumps 54
 * years between the prompt's create_time and execution_start made the
 * queue time (start − queue span) fall before 1970, a profile that saved
 * but never opened again. The run keeps no queue time then. */
static void
test_read_clock_jump_queue (void)
{
  static const char log[] =
    "{\"received_ms\":1718000000000,\"prompt\":{\"prompt_id\":\"p\",\"number\":1,"
    "\"graph\":{\"1\":{\"inputs\":{},\"class_type\":\"A\"}},\"create_time\":1718000000000}}\n"
    "{\"received_ms\":1718000000010,\"message\":{\"type\":\"execution_start\",\"data\":"
    "{\"prompt_id\":\"p\",\"timestamp\":3436000020614}}}\n"
    "{\"received_ms\":1718000000020,\"message\":{\"type\":\"execution_success\",\"data\":"
    "{\"prompt_id\":\"p\",\"timestamp\":3436000020624}}}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = hp_event_log_read (log, strlen (log), "jump.jsonl", &error);
  g_autoptr(HpProfile) again = NULL;
  g_autoptr(GString) saved = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (hp_run_get_queued_us (hp_profile_get_run (profile, 0)), ==, HP_TIME_UNKNOWN);
  saved = hp_native_write (profile);
  again = hp_native_read (saved->str, saved->len, "saved", &error);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event-log/read/txt2img", test_read_txt2img);
  g_test_add_func ("/event-log/read/old-server", test_read_old_server);
  g_test_add_func ("/event-log/read/file-streaming", test_read_file_streaming);
  g_test_add_func ("/event-log/detect-and-load", test_detect_and_load);
  g_test_add_func ("/event-log/errors", test_errors);
  g_test_add_func ("/event-log/read/clock-jump-queue", test_read_clock_jump_queue);
  g_test_add_func ("/event-log/writer/round-trip", test_writer_round_trip);
  g_test_add_func ("/event-log/native/round-trip", test_native_round_trip);
  g_test_add_func ("/event-log/native/memory-errors", test_native_memory_errors);
  g_test_add_func ("/event-log/cli/report", test_cli_report);

  return g_test_run ();
}
