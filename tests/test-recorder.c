/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "hp-clock-offset.h"
#include "hp-comfy-message.h"
#include "hp-format.h"
#include "hp-recorder.h"

/* The recorder fed message by message. Times are ms after L (local
 * clock); a tiny graph: 1 Load → 2 Sample → 3 Save. */

#define MS G_GINT64_CONSTANT (1000)
#define L_US G_GINT64_CONSTANT (1718000000000000)
#define GRAPH "{\"1\": {\"class_type\": \"Load\", \"inputs\": {}}," \
              " \"2\": {\"class_type\": \"Sample\", \"inputs\": {\"model\": [\"1\", 0]}}," \
              " \"3\": {\"class_type\": \"Save\", \"inputs\": {\"images\": [\"2\", 0]}}}"
#define OTHER_GRAPH "{\"1\": {\"class_type\": \"Load\", \"inputs\": {}}," \
                    " \"2\": {\"class_type\": \"Upscale\", \"inputs\": {\"model\": [\"1\", 0]}}}"

typedef struct {
  guint profiles_added;
  guint started;
  guint updated;
  guint updated_for_node;
  guint finished;
  GString *log;
} Signals;

static void
on_profile_added (HpRecorder *recorder, HpProfile *profile, Signals *s)
{
  s->profiles_added++;
  g_string_append (s->log, "profile;");
}

static void
on_run_started (HpRecorder *recorder, HpProfile *profile, HpRun *run, Signals *s)
{
  s->started++;
  g_assert_cmpint (hp_profile_get_run_position (profile, run), >=, 0);
  g_string_append_printf (s->log, "started %s;", hp_run_get_id (run));
}

static void
on_run_updated (HpRecorder *recorder, HpProfile *profile, HpRun *run, const char *node_id, Signals *s)
{
  s->updated++;
  if (node_id != NULL)
    s->updated_for_node++;
}

static void
on_run_finished (HpRecorder *recorder, HpProfile *profile, HpRun *run, Signals *s)
{
  s->finished++;
  g_string_append_printf (s->log, "finished %s %s;", hp_run_get_id (run),
                          hp_run_status_to_string (hp_run_get_status (run)));
}

static HpRecorder *
new_recorder (Signals *s)
{
  HpRecorder *recorder = hp_recorder_new ();

  memset (s, 0, sizeof *s);
  s->log = g_string_new (NULL);
  g_signal_connect (recorder, "profile-added", G_CALLBACK (on_profile_added), s);
  g_signal_connect (recorder, "run-started", G_CALLBACK (on_run_started), s);
  g_signal_connect (recorder, "run-updated", G_CALLBACK (on_run_updated), s);
  g_signal_connect (recorder, "run-finished", G_CALLBACK (on_run_finished), s);
  return recorder;
}

static void
feed (HpRecorder *recorder,
      gint64      ms,
      const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (hp_recorder_feed_message (recorder, node, L_US + ms * MS, &error));
  g_assert_no_error (error);
}

static void
add_prompt (HpRecorder *recorder,
            gint64      ms,
            const char *prompt_id,
            const char *graph)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (graph, &error);

  g_assert_no_error (error);
  g_assert_true (hp_recorder_add_prompt (recorder, prompt_id, 1, node, NULL, L_US + ms * MS, &error));
  g_assert_no_error (error);
}

static gint64
duration_ms (HpRun      *run,
             const char *node_id)
{
  HpNodeRun *node_run = hp_run_lookup_node_run (run, node_id);

  g_assert_nonnull (node_run);
  if (hp_node_run_get_duration_us (node_run) == HP_TIME_UNKNOWN)
    return -1;
  return hp_node_run_get_duration_us (node_run) / MS;
}

#define EXEC(node, prompt) "{\"type\": \"executing\", \"data\": {\"node\": \"" node "\", \"prompt_id\": \"" prompt "\"}}"
#define END(prompt) "{\"type\": \"executing\", \"data\": {\"node\": null, \"prompt_id\": \"" prompt "\"}}"
#define START(prompt) "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"" prompt "\"}}"

/* Signals for the live UI: a run-updated per node start, finish and
 * progress; run-started once, run-finished once. Two prompts of one
 * graph share a profile; a new graph adds one. */
static void
test_signals_and_profiles (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  GPtrArray *profiles;

  add_prompt (recorder, 0, "a", GRAPH);
  g_assert_cmpuint (s.profiles_added, ==, 1);
  feed (recorder, 10, START ("a"));
  g_assert_cmpuint (s.started, ==, 1);
  feed (recorder, 20, EXEC ("1", "a"));          /* 1 starts: 1 update */
  feed (recorder, 30, EXEC ("2", "a"));          /* 1 ends, 2 starts: 2 */
  feed (recorder, 40, "{\"type\": \"progress\", \"data\": {\"value\": 7, \"max\": 20, \"node\": \"2\", \"prompt_id\": \"a\"}}");
  g_assert_cmpuint (s.updated_for_node, ==, 4);
  feed (recorder, 50, END ("a"));                 /* 2 ends; run ends */
  g_assert_cmpuint (s.finished, ==, 1);
  feed (recorder, 55, END ("a"));                 /* a repeat: nothing */
  g_assert_cmpuint (s.finished, ==, 1);

  add_prompt (recorder, 60, "b", GRAPH);          /* same graph */
  g_assert_cmpuint (s.profiles_added, ==, 1);
  add_prompt (recorder, 61, "c", OTHER_GRAPH);    /* a new one */
  g_assert_cmpuint (s.profiles_added, ==, 2);
  feed (recorder, 70, START ("b"));
  feed (recorder, 80, END ("b"));
  profiles = hp_recorder_get_profiles (recorder);
  g_assert_cmpuint (profiles->len, ==, 2);
  g_assert_cmpuint (hp_profile_get_n_runs (g_ptr_array_index (profiles, 0)), ==, 2);
  g_assert_cmpuint (hp_profile_get_n_runs (g_ptr_array_index (profiles, 1)), ==, 0);
  g_assert_true (hp_recorder_lookup_profile (recorder, "c") == g_ptr_array_index (profiles, 1));
  g_assert_cmpstr (s.log->str, ==, "profile;started a;finished a succeeded;profile;started b;finished b succeeded;"
);
  g_string_free (s.log, TRUE);
}

/* Malformed messages: an error naming the JSON path, and the recorder
 * as it was. */
static void
test_malformed (void)
{
  static const char *cases[][2] = {
    { "{\"type\": \"executing\", \"data\": {\"node\": {\"id\": 2}, \"prompt_id\": \"a\"}}", "$.data.node: " },
    { "{\"type\": \"progress\", \"data\": {\"value\": 1, \"prompt_id\": \"a\"}}", "$.data.max: missing" },
    { "{\"type\": \"execution_cached\", \"data\": {\"nodes\": [\"1\", true], \"prompt_id\": \"a\"}}", "$.data.nodes[1]: " },
    { "{\"type\": 7, \"data\": {}}", "$.type: " },
    { "{\"data\": {}}", "$.type: missing" },
    { "[\"executing\"]", "ComfyUI message: $: " },
    { "{\"type\": \"execution_success\", \"data\": {\"prompt_id\": \"a\", \"timestamp\": 1e30}}", "$.data.timestamp: " },
    { "{\"type\": \"progress_state\", \"data\": {\"prompt_id\": \"a\", \"nodes\": {\"2\": {\"value\": 1}}}}",
      "$.data.nodes[\"2\"].state: missing" },
  };
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  HpRun *run;

  add_prompt (recorder, 0, "a", GRAPH);
  feed (recorder, 10, START ("a"));
  feed (recorder, 20, EXEC ("1", "a"));
  run = hp_recorder_lookup_run (recorder, "a");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (cases[i][0], NULL);
      guint updated = s.updated;

      g_assert_false (hp_recorder_feed_message (recorder, node, L_US + 25 * MS, &error));
      g_assert_error (error, HP_FORMAT_ERROR, error->code);
      if (strstr (error->message, cases[i][1]) == NULL)
        g_error ("case %u: %s", i, error->message);
      g_assert_cmpuint (s.updated, ==, updated);
    }
  /* nothing changed: node 1 still runs, and ends at the next executing */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (run)), ==, 1);
  feed (recorder, 120, EXEC ("2", "a"));
  g_assert_cmpint (duration_ms (run, "1"), ==, 100);

  /* an unknown type and a bad graph */
  feed (recorder, 130, "{\"type\": \"crystools.monitor\", \"data\": {\"cpu\": [1, 2]}}");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) bad = json_from_string ("{\"1\": {\"class_type\": 5}}", NULL);

    g_assert_false (hp_recorder_add_prompt (recorder, "z", 1, bad, NULL, L_US, &error));
    g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
    g_assert_nonnull (strstr (error->message, "$[\"1\"].class_type"));
    g_assert_null (hp_recorder_lookup_profile (recorder, "z"));
    g_assert_cmpuint (hp_recorder_get_profiles (recorder)->len, ==, 1);
  }
  g_string_free (s.log, TRUE);
}

/* A server whose clock is 5 s ahead: run times are its timestamps moved
 * by the estimated offset, never a server time minus a local one.
 *   start: received +100, server +5098 → sample −4998
 *   cached: received +103, server +5100 → sample −4997
 *   success: received +1207, server +6200 → sample −4993
 * offset = min = −4998 ms; start = 5098 − 4998 = +100, end = 6200 − 4998
 * = +1202; execution 1102 ms. Node 1: 110 → 1207 (receipts) = 1097 ms. */
static void
test_clock_offset (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  g_autoptr(HpClockOffset) offset = hp_clock_offset_new ();
  g_autofree char *text = NULL;
  HpRun *run;

  g_assert_cmpint (hp_clock_offset_to_local (offset, L_US), ==, HP_TIME_UNKNOWN);
  hp_clock_offset_add_sample (offset, L_US + 10 * MS, L_US + 15 * MS);   /* +5 */
  hp_clock_offset_add_sample (offset, L_US + 20 * MS, L_US + 23 * MS);   /* +3 */
  hp_clock_offset_add_sample (offset, L_US + 30 * MS, L_US + 39 * MS);   /* +9 */
  g_assert_cmpint (hp_clock_offset_get_offset_us (offset), ==, 3 * MS);
  g_assert_cmpint (hp_clock_offset_to_local (offset, L_US), ==, L_US + 3 * MS);
  /* Garbled server times (fuzzing): before 1970 or after 2200 they are
   * no sample (one after 2200 would have become the minimum and moved
   * every converted time by centuries); a time that converts to before
   * 1970 or after 2200 is unknown, so the caller keeps its receive time. */
  hp_clock_offset_add_sample (offset, HP_FORMAT_MAX_TIMESTAMP_US + 1, L_US);
  hp_clock_offset_add_sample (offset, -5, L_US);
  g_assert_cmpint (hp_clock_offset_get_offset_us (offset), ==, 3 * MS);
  g_assert_cmpint (hp_clock_offset_get_n_samples (offset), ==, 3);
  g_assert_cmpint (hp_clock_offset_to_local (offset, 0), ==, 3 * MS);
  g_assert_cmpint (hp_clock_offset_to_local (offset, -1), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_clock_offset_to_local (offset, G_MAXINT64), ==, HP_TIME_UNKNOWN);
  text = hp_clock_offset_describe (offset);
  g_assert_cmpstr (text, ==, "server clock offset +0.003 s estimated from 3 messages");

  add_prompt (recorder, 0, "a", GRAPH);
  feed (recorder, 100, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"a\", \"timestamp\": 1718000005098}}");
  feed (recorder, 103, "{\"type\": \"execution_cached\", \"data\": {\"nodes\": [], \"prompt_id\": \"a\", \"timestamp\": 1718000005100}}");
  feed (recorder, 110, EXEC ("1", "a"));
  feed (recorder, 1207, "{\"type\": \"execution_success\", \"data\": {\"prompt_id\": \"a\", \"timestamp\": 1718000006200}}");
  run = hp_recorder_lookup_run (recorder, "a");
  g_assert_cmpint (hp_clock_offset_get_offset_us (hp_recorder_get_clock_offset (recorder)), ==, -4998 * MS);
  g_assert_cmpint (hp_run_get_started_us (run), ==, L_US + 100 * MS);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, L_US + 1202 * MS);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 1102 * MS);
  g_assert_cmpint (duration_ms (run, "1"), ==, 1097);
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "2")), ==, HP_NODE_STATUS_SKIPPED);
  g_assert_nonnull (strstr (hp_run_get_note (run), "Run start: the server's timestamp; run end: the server's timestamp "
                                                   "(server clock converted to this computer's: server clock offset "
                                                   "-4.998 s estimated from 3 messages). Node times: when the executing "
                                                   "messages were received"));
  g_string_free (s.log, TRUE);
}

/* Queue time: create_time → execution_start on the server's clock when
 * given (server +5000 − +4200 = 800 ms, though our own POST was 900 ms
 * before the receipt); else our POST → the receipt (local). */
static void
test_queue_time (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  HpRun *run;

  add_prompt (recorder, 0, "a", GRAPH);
  hp_recorder_prompt_queued (recorder, "a", L_US + 100 * MS, L_US + 4200 * MS);
  feed (recorder, 1000, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"a\", \"timestamp\": 1718000005000}}");
  run = hp_recorder_lookup_run (recorder, "a");
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 800 * MS);
  g_assert_nonnull (strstr (hp_run_get_note (run), "Queue time: extra_data.create_time to execution_start (server clock)."));

  /* no create_time, no timestamps: POST at +2000, start received at +2250 */
  add_prompt (recorder, 1900, "b", GRAPH);
  hp_recorder_prompt_queued (recorder, "b", L_US + 2000 * MS, HP_TIME_UNKNOWN);
  feed (recorder, 2250, START ("b"));
  run = hp_recorder_lookup_run (recorder, "b");
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 250 * MS);
  g_assert_nonnull (strstr (hp_run_get_note (run), "from when Hotpath queued the prompt"));

  /* graph fetched after the start (watching): no queue time at all */
  feed (recorder, 3000, START ("c"));
  add_prompt (recorder, 3010, "c", GRAPH);
  run = hp_recorder_lookup_run (recorder, "c");
  g_assert_cmpint (hp_run_get_queued_us (run), ==, HP_TIME_UNKNOWN);
  g_string_free (s.log, TRUE);
}

/* progress_state repeats every node's state on each update: only a
 * change to "finished" of the running node ends it, once.
 *   2 starts at +10; finished at +40 → 30 ms; a repeat at +60 and the
 *   next executing at +80 change nothing; 3: +80 → +100. */
static void
test_progress_state (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  HpRun *run;

  add_prompt (recorder, 0, "a", GRAPH);
  feed (recorder, 5, START ("a"));
  feed (recorder, 10, EXEC ("2", "a"));
  feed (recorder, 20, "{\"type\": \"progress_state\", \"data\": {\"prompt_id\": \"a\", \"nodes\": {\"2\": {\"value\": 1, \"max\": 2, \"state\": \"running\"}}}}");
  feed (recorder, 40, "{\"type\": \"progress_state\", \"data\": {\"prompt_id\": \"a\", \"nodes\": {\"2\": {\"value\": 2, \"max\": 2, \"state\": \"finished\"}}}}");
  feed (recorder, 60, "{\"type\": \"progress_state\", \"data\": {\"prompt_id\": \"a\", \"nodes\": {\"2\": {\"value\": 2, \"max\": 2, \"state\": \"finished\"}, \"3\": {\"value\": 0, \"max\": 1, \"state\": \"pending\", \"activity\": \"x\"}}}}");
  feed (recorder, 80, EXEC ("3", "a"));
  feed (recorder, 100, END ("a"));
  run = hp_recorder_lookup_run (recorder, "a");
  g_assert_cmpint (duration_ms (run, "2"), ==, 30);
  g_assert_cmpint (duration_ms (run, "3"), ==, 20);
  g_assert_nonnull (strstr (hp_run_get_note (run), "progress_state \"finished\""));
  g_string_free (s.log, TRUE);
}

/* execution_error names the failing node; an ExecutionBlocked error
 * does not end the prompt; execution_interrupted ends it, the node cut
 * off keeping the time it ran but not counting as executed. A reconnect
 * repeats `executing` for the running node: not a new stretch. */
static void
test_error_blocked_interrupted (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  HpNodeRun *two;
  HpRun *run;

  add_prompt (recorder, 0, "a", GRAPH);
  feed (recorder, 0, START ("a"));
  feed (recorder, 10, EXEC ("1", "a"));
  feed (recorder, 20, "{\"type\": \"execution_error\", \"data\": {\"prompt_id\": \"a\", \"node_id\": \"3\", "
                      "\"node_type\": \"Save\", \"executed\": [], \"exception_message\": \"output blocked\", "
                      "\"exception_type\": \"ExecutionBlocked\", \"traceback\": [], \"current_inputs\": [], \"current_outputs\": []}}");
  feed (recorder, 30, EXEC ("2", "a"));
  feed (recorder, 35, "{\"type\": \"executing\", \"data\": {\"node\": \"2\"}}");   /* reconnect */
  feed (recorder, 80, "{\"type\": \"execution_error\", \"data\": {\"prompt_id\": \"a\", \"node_id\": \"2\", "
                      "\"node_type\": \"Sample\", \"executed\": [\"1\"], \"exception_message\": \"Sampler exploded\", "
                      "\"exception_type\": \"RuntimeError\", \"traceback\": [\"x\"], \"timestamp\": 1718000000081}}");
  run = hp_recorder_lookup_run (recorder, "a");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_FAILED);
  g_assert_cmpint (duration_ms (run, "1"), ==, 20);       /* 10 → 30 */
  two = hp_run_lookup_node_run (run, "2");
  g_assert_cmpint (hp_node_run_get_status (two), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpstr (hp_node_run_get_error (two), ==, "Sampler exploded");
  g_assert_cmpint (duration_ms (run, "2"), ==, 50);       /* 30 → 80, one stretch */
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "3")), ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpstr (hp_node_run_get_error (hp_run_lookup_node_run (run, "3")), ==, "blocked: output blocked");
  g_assert_cmpuint (s.finished, ==, 1);

  add_prompt (recorder, 100, "b", GRAPH);
  feed (recorder, 100, START ("b"));
  feed (recorder, 110, EXEC ("1", "b"));
  feed (recorder, 170, "{\"type\": \"execution_interrupted\", \"data\": {\"prompt_id\": \"b\", \"node_id\": \"1\", "
                       "\"node_type\": \"Load\", \"executed\": []}}");
  run = hp_recorder_lookup_run (recorder, "b");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpint (duration_ms (run, "1"), ==, 60);
  g_assert_false (hp_node_run_is_executed (hp_run_lookup_node_run (run, "1")));
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "2")), ==, HP_NODE_STATUS_SKIPPED);
  g_string_free (s.log, TRUE);
}

/* Connection lost mid-run: the run is kept, interrupted, with a note;
 * the node running then has no end. Later messages for it change
 * nothing; a prompt still waiting for its graph is cut off too. */
static void
test_connection_lost (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  HpNodeRun *two;
  HpRun *run;

  add_prompt (recorder, 0, "a", GRAPH);
  feed (recorder, 0, START ("a"));
  feed (recorder, 10, EXEC ("1", "a"));
  feed (recorder, 50, EXEC ("2", "a"));
  hp_recorder_connection_lost (recorder, L_US + 70 * MS);
  run = hp_recorder_lookup_run (recorder, "a");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, L_US + 70 * MS);
  g_assert_cmpint (duration_ms (run, "1"), ==, 40);
  two = hp_run_lookup_node_run (run, "2");
  g_assert_cmpint (hp_node_run_get_status (two), ==, HP_NODE_STATUS_RUNNING);
  g_assert_cmpint (hp_node_run_get_end_us (two), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_node_run_get_duration_us (two), ==, HP_TIME_UNKNOWN);
  g_assert_nonnull (strstr (hp_run_get_note (run), "Connection lost while it ran"));
  g_assert_cmpuint (s.finished, ==, 1);
  feed (recorder, 90, END ("a"));
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpuint (s.finished, ==, 1);

  /* waiting for its graph when the connection went */
  feed (recorder, 100, START ("b"));
  feed (recorder, 110, EXEC ("1", "b"));
  hp_recorder_connection_lost (recorder, L_US + 150 * MS);
  add_prompt (recorder, 200, "b", GRAPH);
  run = hp_recorder_lookup_run (recorder, "b");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpint (hp_run_get_finished_us (run), ==, L_US + 150 * MS);
  g_assert_nonnull (strstr (hp_run_get_note (run), "Connection lost"));
  g_string_free (s.log, TRUE);
}

/* Events before the graph wait for it; a prompt whose graph never comes
 * is recorded with node ids once 8 later prompts have ended and 5 s have
 * passed (or one ends 30 s after it); a graph that comes after that is
 * ignored. */
static void
test_graph_late_and_never (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  HpProfile *unknown;
  HpRun *run;

  feed (recorder, 0, START ("a"));
  feed (recorder, 10, EXEC ("1", "a"));
  g_assert_null (hp_recorder_lookup_run (recorder, "a"));
  g_assert_cmpuint (s.started, ==, 0);
  feed (recorder, 20, "{\"type\": \"progress\", \"data\": {\"value\": 1, \"max\": 4}}");
  add_prompt (recorder, 30, "a", GRAPH);
  g_assert_cmpuint (s.started, ==, 1);
  run = hp_recorder_lookup_run (recorder, "a");
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "1")), ==, HP_NODE_STATUS_RUNNING);
  feed (recorder, 60, END ("a"));
  g_assert_cmpint (duration_ms (run, "1"), ==, 50);

  feed (recorder, 100, START ("ghost"));
  feed (recorder, 110, EXEC ("7", "ghost"));
  feed (recorder, 150, END ("ghost"));
  g_assert_null (hp_recorder_lookup_run (recorder, "ghost"));
  /* 8 later prompts end within 360 ms (n0…n7, 10 ms each, at 200 + 20 i
   * ms): a burst, so the client's fetch may still come — the ghost keeps
   * waiting. n8 ends at 5150 ms, 5 s after the ghost ended at 150 ms,
   * with 9 later ends: that gives up on the ghost's graph. */
  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      g_autofree char *start = g_strdup_printf (START ("%s"), id);
      g_autofree char *end = g_strdup_printf (END ("%s"), id);
      gint64 at_ms = i < 8 ? 200 + 20 * i : 5140;

      g_assert_null (hp_recorder_lookup_run (recorder, "ghost"));
      feed (recorder, at_ms, start);
      feed (recorder, at_ms + 10, end);
    }
  run = hp_recorder_lookup_run (recorder, "ghost");
  g_assert_nonnull (run);
  unknown = hp_recorder_lookup_profile (recorder, "ghost");
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (unknown)), ==, "comfyui-unknown-graph");
  /* executing 7 at 110 → executing null at 150 */
  g_assert_cmpint (duration_ms (run, "7"), ==, 40);
  g_assert_nonnull (hp_workflow_graph_lookup_node (hp_profile_get_graph (unknown), "7"));
  add_prompt (recorder, 400, "ghost", GRAPH);
  g_assert_true (hp_recorder_lookup_profile (recorder, "ghost") == unknown);

  /* n0 had 8 later ends but waited only 5150 − 210 = 4940 ms, n8 had
   * none: all still wait; finish() records the nine without a graph */
  g_assert_null (hp_recorder_lookup_run (recorder, "n0"));
  g_assert_null (hp_recorder_lookup_run (recorder, "n8"));
  hp_recorder_finish (recorder);
  g_assert_nonnull (hp_recorder_lookup_run (recorder, "n8"));
  /* ghost + n0…n8 */
  g_assert_cmpuint (hp_profile_get_n_runs (unknown), ==, 10);
  g_string_free (s.log, TRUE);
}

/* Fully cached prompts back to back: c1 and c2 end before the client's
 * fetch of c1's graph comes back. c1 must still get its graph (the bug:
 * c2's end gave up on it). c1 and c2 also ended with their graphs known
 * later, in reverse order. */
static void
test_graph_after_later_prompt (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  HpProfile *profile;
  HpRun *run;

  feed (recorder, 0, START ("c1"));
  feed (recorder, 1, "{\"type\": \"execution_cached\", \"data\": {\"nodes\": [\"1\", \"2\", \"3\"], \"prompt_id\": \"c1\"}}");
  feed (recorder, 2, END ("c1"));
  feed (recorder, 3, START ("c2"));
  feed (recorder, 4, "{\"type\": \"execution_cached\", \"data\": {\"nodes\": [\"1\", \"2\"], \"prompt_id\": \"c2\"}}");
  feed (recorder, 5, EXEC ("3", "c2"));
  feed (recorder, 9, END ("c2"));
  g_assert_null (hp_recorder_lookup_run (recorder, "c1"));
  g_assert_null (hp_recorder_lookup_run (recorder, "c2"));
  g_assert_cmpuint (hp_recorder_get_profiles (recorder)->len, ==, 0);

  add_prompt (recorder, 40, "c2", GRAPH);
  add_prompt (recorder, 41, "c1", GRAPH);
  profile = hp_recorder_lookup_profile (recorder, "c1");
  g_assert_nonnull (profile);
  g_assert_true (hp_recorder_lookup_profile (recorder, "c2") == profile);
  g_assert_cmpstr (hp_workflow_graph_get_id (hp_profile_get_graph (profile)), !=, "comfyui-unknown-graph");
  /* one profile: no "graph never received" one */
  g_assert_cmpuint (hp_recorder_get_profiles (recorder)->len, ==, 1);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  run = hp_recorder_lookup_run (recorder, "c1");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  for (guint i = 0; i < 3; i++)
    {
      const char *ids[] = { "1", "2", "3" };

      g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, ids[i])), ==, HP_NODE_STATUS_CACHED);
    }
  run = hp_recorder_lookup_run (recorder, "c2");
  /* executing 3 at 5 → executing null at 9 */
  g_assert_cmpint (duration_ms (run, "3"), ==, 4);
  g_assert_cmpuint (s.finished, ==, 2);
  g_string_free (s.log, TRUE);
}

/* The time bound: a prompt ending 30 s or more after the ghost's end
 * gives up on it, even the first one. Ghost ends at 50 ms; "late" ends
 * at 30 050 ms: 30 000 ms later → resolved; "early" at 30 049: not. */
static void
test_graph_wait_time (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);

  feed (recorder, 0, START ("ghost"));
  feed (recorder, 10, EXEC ("7", "ghost"));
  feed (recorder, 50, END ("ghost"));
  feed (recorder, 30000, START ("early"));
  feed (recorder, 30049, END ("early"));
  g_assert_null (hp_recorder_lookup_run (recorder, "ghost"));
  feed (recorder, 30049, START ("late"));
  feed (recorder, 30050, END ("late"));
  g_assert_nonnull (hp_recorder_lookup_run (recorder, "ghost"));
  g_assert_cmpint (hp_run_get_status (hp_recorder_lookup_run (recorder, "ghost")), ==, HP_RUN_STATUS_SUCCEEDED);
  g_string_free (s.log, TRUE);
}

/* The memory track: samples while a node runs are its; samples between
 * nodes or runs are nobody's. 1 runs +10..+50 with VRAM 100 then 400
 * then 300 in use (total 1000): peak 400, change 300−100 = 200. */
static void
test_memory (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  g_autoptr(GError) error = NULL;
  HpMemorySamples memory;
  HpRun *run;
  const char *samples[] = {
    "{\"devices\": [{\"vram_total\": 1000, \"vram_free\": 900}]}",
    "{\"devices\": [{\"vram_total\": 1000, \"vram_free\": 600}]}",
    "{\"devices\": [{\"vram_total\": 1000, \"vram_free\": 700}]}",
  };

  add_prompt (recorder, 0, "a", GRAPH);
  {
    g_autoptr(JsonNode) before = json_from_string (samples[1], NULL);

    g_assert_true (hp_recorder_add_system_stats (recorder, before, L_US + 1 * MS, &error));
  }
  feed (recorder, 5, START ("a"));
  feed (recorder, 10, EXEC ("1", "a"));
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(JsonNode) stats = json_from_string (samples[i], NULL);

      g_assert_true (hp_recorder_add_system_stats (recorder, stats, L_US + (20 + 10 * i) * MS, &error));
      g_assert_no_error (error);
    }
  feed (recorder, 50, EXEC ("2", "a"));
  feed (recorder, 60, END ("a"));
  run = hp_recorder_lookup_run (recorder, "a");
  g_assert_true (hp_node_run_get_memory_samples (hp_run_lookup_node_run (run, "1"), &memory));
  g_assert_cmpuint (memory.n_samples, ==, 3);
  g_assert_cmpint (memory.vram_peak, ==, 400);
  g_assert_cmpint (memory.vram_change, ==, 200);
  g_assert_cmpint (memory.ram_peak, ==, -1);
  g_assert_cmpint (hp_node_run_get_peak_memory (hp_run_lookup_node_run (run, "1")), ==, 400);
  g_assert_false (hp_node_run_get_memory_samples (hp_run_lookup_node_run (run, "2"), &memory));
  g_assert_nonnull (strstr (hp_run_get_note (run), "Memory: 3 samples of /system_stats"));
  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"system\": {\"ram_total\": -5, \"ram_free\": 1}}", NULL);

    g_assert_false (hp_recorder_add_system_stats (recorder, bad, L_US, &error));
    g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_VALUE);
    g_assert_nonnull (strstr (error->message, "$.system.ram_total"));
  }
  g_string_free (s.log, TRUE);
}

/* Watch mode: a /history entry of another client's prompt gives the run
 * its start, end, cached nodes and outcome; node durations stay unknown.
 * The server's timestamps (+5000, +8000 server) move by the offset of
 * one earlier sample (received +100 for server +4100: −4000 ms). */
static void
test_history_entry (void)
{
  Signals s;
  g_autoptr(HpRecorder) recorder = new_recorder (&s);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) entry = json_from_string (
    "{\"prompt\": [4, \"h\", " GRAPH ", {\"create_time\": 1718000004500}, [\"3\"]],"
    " \"outputs\": {}, \"status\": {\"status_str\": \"success\", \"completed\": true, \"messages\": ["
    "  [\"execution_start\", {\"prompt_id\": \"h\", \"timestamp\": 1718000005000}],"
    "  [\"execution_cached\", {\"nodes\": [\"1\"], \"prompt_id\": \"h\", \"timestamp\": 1718000005001}],"
    "  [\"execution_success\", {\"prompt_id\": \"h\", \"timestamp\": 1718000008000}]]}}", NULL);
  g_autoptr(JsonNode) bad = json_from_string ("{\"prompt\": [4, \"h\", {\"1\": []}]}", NULL);
  HpRun *run;

  feed (recorder, 100, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"x\", \"timestamp\": 1718000004100}}");
  g_assert_false (hp_recorder_add_history_entry (recorder, "h", bad, L_US, &error));
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "$.prompt[2][\"1\"]"));
  g_assert_null (hp_recorder_lookup_run (recorder, "h"));
  g_clear_error (&error);

  g_assert_true (hp_recorder_add_history_entry (recorder, "h", entry, L_US + 9000 * MS, &error));
  g_assert_no_error (error);
  run = hp_recorder_lookup_run (recorder, "h");
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_started_us (run), ==, L_US + 1000 * MS);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 3000 * MS);
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 500 * MS);
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "1")), ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "2")), ==, HP_NODE_STATUS_COMPLETED);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_run_lookup_node_run (run, "2")), ==, HP_TIME_UNKNOWN);
  g_assert_true (g_str_has_prefix (hp_run_get_note (run), "No per-node timing: started by another client."));
  g_assert_cmpuint (s.started, ==, 1);
  g_assert_cmpuint (s.finished, ==, 1);
  g_string_free (s.log, TRUE);
}

/* The parser alone: events per message type, times and clocks. */
static void
test_message_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  HpRunEvent *e;

  events = hp_comfy_message_parse_text ("{\"type\": \"execution_cached\", \"data\": {\"nodes\": [\"4\", 5], "
                                        "\"prompt_id\": \"p\", \"timestamp\": 1718000000500}}", -1, L_US, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  e = g_ptr_array_index (events, 0);
  g_assert_cmpint (e->kind, ==, HP_RUN_EVENT_NODES_CACHED);
  g_assert_cmpstr (e->node_ids[1], ==, "5");
  g_assert_cmpint (e->clock, ==, HP_CLOCK_SERVER);
  g_assert_cmpint (e->time_us, ==, L_US + 500 * MS);
  g_assert_cmpint (e->received_us, ==, L_US);
  g_clear_pointer (&events, g_ptr_array_unref);

  events = hp_comfy_message_parse_text ("{\"type\": \"progress_state\", \"data\": {\"prompt_id\": \"p\", \"nodes\": "
                                        "{\"3\": {\"value\": 7, \"max\": 20, \"state\": \"running\"}, "
                                        "\"9\": {\"value\": 0, \"max\": 1, \"state\": \"later-state\"}}}}",
                                        -1, L_US, &error);
  g_assert_cmpuint (events->len, ==, 1);
  e = g_ptr_array_index (events, 0);
  g_assert_cmpint (e->kind, ==, HP_RUN_EVENT_NODE_STATE);
  g_assert_cmpfloat (e->value, ==, 7);
  g_assert_cmpint (e->clock, ==, HP_CLOCK_LOCAL);
  g_assert_cmpstr (hp_run_event_kind_to_string (e->kind), ==, "node-state");
  g_clear_pointer (&events, g_ptr_array_unref);

  events = hp_comfy_message_parse_text ("{\"type\": \"feature_flags\", \"data\": {\"x\": 1}}", -1, L_US, &error);
  g_assert_cmpuint (events->len, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = hp_comfy_message_parse_text ("{\"type\": \"status\", \"data\": {\"status\": {\"exec_info\": "
                                        "{\"queue_remaining\": 3}}, \"sid\": \"s\"}}", -1, L_US, &error);
  g_assert_cmpint (((HpRunEvent *) g_ptr_array_index (events, 0))->kind, ==, HP_RUN_EVENT_QUEUE_STATUS);
  g_assert_cmpfloat (((HpRunEvent *) g_ptr_array_index (events, 0))->value, ==, 3);
  g_clear_pointer (&events, g_ptr_array_unref);

  g_assert_null (hp_comfy_message_parse_text ("{\"type\": \"executing\", ", -1, L_US, &error));
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX);
}

/* Found by tests/fuzz (comfy-message): json-glib 1.6 reads "0{…}" as the
 * number 0 and leaks the object after it (LeakSanitizer in the ASan run).
 * Such a frame is trailing data after the number, at its column 2. */
static void
test_message_scalar_then_object (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (hp_comfy_message_parse_text ("0{\"type\":\"progress_state\",\"data\":{\"prompt_id\":\"p\","
                                              "\"nodes\":{\"3\":{\"value\":20,\"node_id\":\"3\"}}}}",
                                              -1, L_US, &error));
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, ":1:2: Parse error: unexpected character, expected end of file"));
  g_clear_error (&error);

  /* A string root with a brace and an escaped quote inside, then an
   * array: the closing quote is at offset 6, the array at offset 7 →
   * column 8. */
  g_assert_null (hp_comfy_message_parse_text ("\"a{\\\"}\"[1]", -1, L_US, &error));
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, ":1:8:"));
  g_clear_error (&error);

  /* A lone scalar is still JSON: the parser's answer is "not a message". */
  g_assert_null (hp_comfy_message_parse_text (" 42 \n", -1, L_US, &error));
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recorder/signals-and-profiles", test_signals_and_profiles);
  g_test_add_func ("/recorder/malformed", test_malformed);
  g_test_add_func ("/recorder/clock-offset", test_clock_offset);
  g_test_add_func ("/recorder/queue-time", test_queue_time);
  g_test_add_func ("/recorder/progress-state", test_progress_state);
  g_test_add_func ("/recorder/error-blocked-interrupted", test_error_blocked_interrupted);
  g_test_add_func ("/recorder/connection-lost", test_connection_lost);
  g_test_add_func ("/recorder/graph-late-and-never", test_graph_late_and_never);
  g_test_add_func ("/recorder/graph-after-later-prompt", test_graph_after_later_prompt);
  g_test_add_func ("/recorder/graph-wait-time", test_graph_wait_time);
  g_test_add_func ("/recorder/memory", test_memory);
  g_test_add_func ("/recorder/history-entry", test_history_entry);
  g_test_add_func ("/recorder/message-parse", test_message_parse);
  g_test_add_func ("/recorder/message-parse/scalar-then-object", test_message_scalar_then_object);

  return g_test_run ();
}
