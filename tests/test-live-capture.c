/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpLiveCapture end to end: the replay server (or a small fake ComfyUI
 * server written here) → HpComfyClient → HpRecorder, with the event log
 * and autosave; and `hotpath-cli record` against `hotpath-cli replay`.
 *
 * tests/fixtures/replay-two-prompts.jsonl, worked by hand (T = its first
 * received_ms; see tests/test-replay-server.c for the lines):
 *   A: executing 4 at T+15, 5 T+215, 6 T+220, 7 T+230, 3 T+240, 8 T+450,
 *      9 T+500, execution_success T+525 → nodes 4 200 ms, 5 5 ms, 6 10 ms,
 *      7 10 ms, 3 210 ms, 8 50 ms, 9 25 ms; run (server timestamps)
 *      …998021 − …997508 = 513 ms.
 *   B: 4–7 cached, executing 3 at T2+6, 8 T2+110, 9 T2+150, success
 *      T2+162 → 3 104 ms, 8 40 ms, 9 12 ms; run …057661 − …057503 = 158 ms. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "hp-cli-test-utils.h"
#include "hp-comfy-client-private.h"
#include "hp-event-log-reader.h"
#include "hp-format.h"
#include "hp-live-capture-private.h"
#include "hp-profile-io.h"
#include "hp-replay-server.h"
#include "hp-loop-test-utils.h"
#include "hp-tmp-test-utils.h"

/* The 5 ms; AddressSanitizer slows every allocation by a few
 * times, so the sanitizer build (build-aux/run-tests.sh) allows 50 ms. */
#if defined(__SANITIZE_ADDRESS__)
#define TOLERANCE_US 50000
#else
#define TOLERANCE_US 5000
#endif

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/* ---- main loop helpers ------------------------------------------------- */

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static JsonNode *
load_json (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* ---- what a capture did -------------------------------------------------- */

typedef struct {
  GPtrArray *finished;   /* HpRun*, in order */
  GPtrArray *errors;     /* GError* */
  GPtrArray *saved;      /* char* paths, one per save */
  guint      saved_runs; /* runs in the file at the last save */
  guint      n_updates;
} Seen;

static void
on_finished (HpLiveCapture *capture,
             HpProfile     *profile,
             HpRun         *run,
             Seen          *seen)
{
  g_ptr_array_add (seen->finished, g_object_ref (run));
}

static void
on_error (HpLiveCapture *capture,
          const GError  *error,
          Seen          *seen)
{
  g_test_message ("capture error: %s", error->message);
  g_ptr_array_add (seen->errors, g_error_copy (error));
}

/* Recovery: each autosave loads back with every run so far. */
static void
on_saved (HpLiveCapture *capture,
          HpProfile     *profile,
          GFile         *file,
          Seen          *seen)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) loaded = hp_profile_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (loaded), ==, hp_profile_get_n_runs (profile));
  seen->saved_runs = hp_profile_get_n_runs (loaded);
  g_ptr_array_add (seen->saved, g_steal_pointer (&path));
}

static void
on_updated (HpLiveCapture *capture,
            HpProfile     *profile,
            HpRun         *run,
            const char    *node_id,
            Seen          *seen)
{
  seen->n_updates++;
}

static void
seen_init (Seen          *seen,
           HpLiveCapture *capture)
{
  seen->finished = g_ptr_array_new_with_free_func (g_object_unref);
  seen->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  seen->saved = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (capture, "run-finished", G_CALLBACK (on_finished), seen);
  g_signal_connect (capture, "error", G_CALLBACK (on_error), seen);
  g_signal_connect (capture, "run-saved", G_CALLBACK (on_saved), seen);
  g_signal_connect (capture, "run-updated", G_CALLBACK (on_updated), seen);
}

static void
seen_clear (Seen *seen)
{
  g_ptr_array_unref (seen->finished);
  g_ptr_array_unref (seen->errors);
  g_ptr_array_unref (seen->saved);
}

static void
start_capture (HpLiveCapture *capture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hp_live_capture_start_async (capture, NULL, store_result, &result);
  WAIT_FOR (result != NULL, 5000);
  g_assert_true (hp_live_capture_start_finish (capture, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hp_live_capture_get_state (capture), ==, HP_COMFY_CLIENT_CONNECTED);
}

static gint64
node_us (HpRun      *run,
         const char *node_id)
{
  HpNodeRun *node = hp_run_lookup_node_run (run, node_id);

  g_assert_nonnull (node);
  return hp_node_run_get_duration_us (node);
}

static gboolean
near_ms (gint64   us,
         double   expected_ms,
         gboolean fatal)
{
  g_assert_cmpint (us, !=, HP_TIME_UNKNOWN);
  if (ABS ((double) us - expected_ms * 1000.0) <= TOLERANCE_US)
    return TRUE;
  if (fatal)
    g_error ("%" G_GINT64_FORMAT " us, expected %.0f ms +- %d ms", us, expected_ms, TOLERANCE_US / 1000);
  g_test_message ("%" G_GINT64_FORMAT " us, expected %.0f ms +- %d ms: trying again", us, expected_ms, TOLERANCE_US / 1000);
  return FALSE;
}


/* Callbacks of requests that were cancelled or answered hold the
 * capture for one more main-loop turn or two. */
static void
finalize_capture (HpLiveCapture *capture)
{
  spin_ms (50);
  g_assert_finalize_object (capture);
}

static HpReplayServer *
replay_server (HpReplayLog *log,
               double       speed,
               guint        port)
{
  g_autoptr(GError) error = NULL;
  HpReplayServer *server = hp_replay_server_new (log);

  hp_replay_server_set_speed (server, speed);
  g_assert_true (hp_replay_server_listen (server, port, &error));
  g_assert_no_error (error);
  return server;
}

static void
run_prompt (HpLiveCapture *capture,
            JsonNode      *prompt,
            guint          n,
            gboolean       vary,
            guint          timeout_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hp_live_capture_run_prompt_async (capture, prompt, NULL, n, vary, NULL, store_result, &result);
  WAIT_FOR (result != NULL, timeout_ms);
  g_assert_true (hp_live_capture_run_prompt_finish (capture, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hp_live_capture_get_n_runs_done (capture), ==, n);
}

/* ---- replay → capture, at speed 1 ------------------------------------------- */

/* One replay at speed 1; FALSE when a duration missed the 5 ms (then
 * reported), which only a stall of this machine explains. */
static gboolean
replay_durations_attempt (gboolean last)
{
  g_autofree char *path = fixture ("replay-two-prompts.jsonl");
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-capture-XXXXXX");
  g_autofree char *log_path = g_build_filename (dir, "events.jsonl", NULL);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFile) log_file = g_file_new_for_path (log_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpReplayLog) log = hp_replay_log_load_path (path, &error);
  g_autoptr(HpReplayServer) server = NULL;
  g_autoptr(JsonNode) prompt = load_json ("comfyui_api_prompt_txt2img.json");
  g_autoptr(GPtrArray) from_log = NULL;
  HpLiveCapture *capture;
  HpProfile *profile;
  HpRun *a, *b;
  Seen seen = { 0 };
  gboolean within = TRUE;
  static const char * const nodes[] = { "3", "4", "5", "6", "7", "8", "9" };

  g_assert_no_error (error);
  server = replay_server (log, 1, 0);
  capture = hp_live_capture_new (hp_replay_server_get_uri (server), &error);
  g_assert_no_error (error);
  hp_comfy_client_set_poll_interval_ms (hp_live_capture_get_client (capture), 100);
  hp_live_capture_set_autosave_dir (capture, dir_file);
  g_assert_true (hp_live_capture_set_event_log (capture, log_file, &error));
  seen_init (&seen, capture);
  start_capture (capture);

  run_prompt (capture, prompt, 2, FALSE, 10000);
  g_assert_cmpuint (seen.finished->len, ==, 2);
  g_assert_cmpuint (seen.errors->len, ==, 0);
  g_assert_cmpuint (seen.n_updates, >, 0);
  a = g_ptr_array_index (seen.finished, 0);
  b = g_ptr_array_index (seen.finished, 1);
  g_assert_true (hp_live_capture_is_own_prompt (capture, hp_run_get_id (a)));
  g_assert_true (hp_live_capture_is_own_prompt (capture, hp_run_get_id (b)));
  g_assert_cmpint (hp_run_get_status (a), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_status (b), ==, HP_RUN_STATUS_SUCCEEDED);

  /* The gaps of the log (header comment) */
  within &= near_ms (node_us (a, "4"), 200, last);
  within &= near_ms (node_us (a, "5"), 5, last);
  within &= near_ms (node_us (a, "6"), 10, last);
  within &= near_ms (node_us (a, "7"), 10, last);
  within &= near_ms (node_us (a, "3"), 210, last);
  within &= near_ms (node_us (a, "8"), 50, last);
  within &= near_ms (node_us (a, "9"), 25, last);
  within &= near_ms (hp_run_get_execution_us (a), 513, last);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (b, nodes[i + 1])), ==,
                     HP_NODE_STATUS_CACHED);
  within &= near_ms (node_us (b, "3"), 104, last);
  within &= near_ms (node_us (b, "8"), 40, last);
  within &= near_ms (node_us (b, "9"), 12, last);
  within &= near_ms (hp_run_get_execution_us (b), 158, last);
  /* Queue time from our POST (local clock): known and small */
  g_assert_cmpint (hp_run_get_queue_us (a), >=, 0);
  g_assert_cmpint (hp_run_get_queue_us (a), <, G_USEC_PER_SEC);

  /* One profile (one graph), saved after each run */
  g_assert_cmpuint (hp_live_capture_get_profiles (capture)->len, ==, 1);
  profile = g_ptr_array_index (hp_live_capture_get_profiles (capture), 0);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  g_assert_cmpuint (seen.saved->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen.saved, 0), ==, g_ptr_array_index (seen.saved, 1));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (seen.saved, 0), dir));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (seen.saved, 0), ".hotpath"));
  g_assert_cmpuint (seen.saved_runs, ==, 2);
  g_assert_cmpuint (hp_live_capture_get_n_runs_finished (capture), ==, 2);

  /* The event log reads back through the recorder with the same times */
  hp_live_capture_stop (capture);
  g_assert_true (hp_live_capture_set_event_log (capture, NULL, &error));
  from_log = hp_event_log_read_file_all (log_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_log->len, ==, 1);
  g_assert_cmpuint (hp_profile_get_n_runs (g_ptr_array_index (from_log, 0)), ==, 2);
  for (guint r = 0; r < 2; r++)
    {
      HpRun *live = g_ptr_array_index (seen.finished, r);
      HpRun *read = hp_profile_lookup_run (g_ptr_array_index (from_log, 0), hp_run_get_id (live));

      g_assert_nonnull (read);
      g_assert_cmpint (hp_run_get_execution_us (read), ==, hp_run_get_execution_us (live));
      g_assert_cmpint (hp_run_get_queue_us (read), ==, hp_run_get_queue_us (live));
      for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
        g_assert_cmpint (node_us (read, nodes[i]), ==, node_us (live, nodes[i]));
    }

  seen_clear (&seen);
  finalize_capture (capture);
  hp_test_remove_tree (dir);
  return within;
}

/* A loaded two-core machine can stall the replay for more than 5 ms now
 * and then: up to five tries (a try takes under a second). */
static void
test_replay_durations (void)
{
  for (guint attempt = 1; attempt <= 5; attempt++)
    if (replay_durations_attempt (attempt == 5))
      return;
}

/* ---- run and profile: N = 2, a new seed each ----------------------------------- */

static gint64
logged_seed (JsonObject *line)
{
  JsonObject *prompt = json_object_get_object_member (line, "prompt");
  JsonObject *graph = json_object_get_object_member (prompt, "graph");
  JsonObject *sampler = json_object_get_object_member (graph, "3");

  g_assert_true (json_object_has_member (prompt, "queued_ms"));
  return json_object_get_int_member (json_object_get_object_member (sampler, "inputs"), "seed");
}

static void
test_run_vary_seed (void)
{
  g_autofree char *path = fixture ("replay-two-prompts.jsonl");
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-capture-XXXXXX");
  g_autofree char *log_path = g_build_filename (dir, "events.jsonl", NULL);
  g_autoptr(GFile) log_file = g_file_new_for_path (log_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpReplayLog) log = hp_replay_log_load_path (path, &error);
  g_autoptr(HpReplayServer) server = NULL;
  g_autoptr(JsonNode) prompt = load_json ("comfyui_api_prompt_txt2img.json");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) seeds = g_array_new (FALSE, FALSE, sizeof (gint64));
  HpLiveCapture *capture;
  Seen seen = { 0 };

  g_assert_no_error (error);
  server = replay_server (log, 0, 0);
  capture = hp_live_capture_new (hp_replay_server_get_uri (server), &error);
  g_assert_no_error (error);
  g_assert_true (hp_live_capture_set_event_log (capture, log_file, &error));
  seen_init (&seen, capture);
  start_capture (capture);

  run_prompt (capture, prompt, 2, TRUE, 10000);
  g_assert_cmpuint (hp_replay_server_get_n_played (server), ==, 2);
  g_assert_cmpuint (seen.finished->len, ==, 2);
  /* No autosave directory, no file: nothing saved */
  g_assert_cmpuint (seen.saved->len, ==, 0);
  /* Busy while a job runs is refused; here it is done, so a third is fine
   * to ask for, but the log has only two prompts: the server says so. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    hp_live_capture_run_prompt_async (capture, prompt, NULL, 1, FALSE, NULL, store_result, &result);
    WAIT_FOR (result != NULL, 5000);
    g_assert_false (hp_live_capture_run_prompt_finish (capture, result, &error));
    g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED);
    g_assert_nonnull (strstr (error->message, "replayed"));
    g_clear_error (&error);
  }
  hp_live_capture_stop (capture);
  hp_live_capture_set_event_log (capture, NULL, NULL);

  /* The graphs POSTed, as logged: the fixture's seed 156680208700286
   * replaced, and a different one each time */
  g_assert_true (g_file_get_contents (log_path, &text, NULL, &error));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;

      if (strstr (lines[i], "\"prompt\":{") == NULL)
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      {
        gint64 seed = logged_seed (json_node_get_object (node));

        g_array_append_val (seeds, seed);
      }
    }
  g_assert_cmpuint (seeds->len, ==, 2);
  g_assert_cmpint (g_array_index (seeds, gint64, 0), !=, 156680208700286);
  g_assert_cmpint (g_array_index (seeds, gint64, 1), !=, 156680208700286);
  g_assert_cmpint (g_array_index (seeds, gint64, 0), !=, g_array_index (seeds, gint64, 1));

  seen_clear (&seen);
  finalize_capture (capture);
  hp_test_remove_tree (dir);
}

/* ---- a server that goes away mid-run -------------------------------------------- */

/* A prompt whose KSampler runs 8 s (T = 1700000000000):
 * start T+10, executing 4 T+20, 3 T+120, progress T+220, 8 T+8220. */
static char *
slow_log (const char *prompt_id,
          gboolean    with_fast)
{
  g_autoptr(JsonNode) prompt = load_json ("comfyui_api_prompt_txt2img.json");
  g_autofree char *graph = json_to_string (prompt, FALSE);
  GString *out = g_string_new (NULL);
  gint64 t = G_GINT64_CONSTANT (1700000000000);

  if (with_fast)
    {
      /* 10 ms of KSampler, all else cached */
      g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"prompt\":{\"prompt_id\":\"fast\",\"number\":0,\"graph\":%s}}\n", t, graph);
      g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"execution_start\",\"data\":{\"prompt_id\":\"fast\",\"timestamp\":%" G_GINT64_FORMAT "}}}\n", t + 1, t + 1);
      g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"execution_cached\",\"data\":{\"prompt_id\":\"fast\",\"nodes\":[\"4\",\"5\",\"6\",\"7\"],\"timestamp\":%" G_GINT64_FORMAT "}}}\n", t + 2, t + 2);
      g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"executing\",\"data\":{\"node\":\"3\",\"prompt_id\":\"fast\"}}}\n", t + 3);
      g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"executing\",\"data\":{\"node\":\"8\",\"prompt_id\":\"fast\"}}}\n", t + 13);
      g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"executing\",\"data\":{\"node\":\"9\",\"prompt_id\":\"fast\"}}}\n", t + 15);
      g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"execution_success\",\"data\":{\"prompt_id\":\"fast\",\"timestamp\":%" G_GINT64_FORMAT "}}}\n", t + 17, t + 17);
      t += 60000;
    }
  g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"prompt\":{\"prompt_id\":\"%s\",\"number\":1,\"graph\":%s}}\n", t, prompt_id, graph);
  g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"execution_start\",\"data\":{\"prompt_id\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT "}}}\n", t + 10, prompt_id, t + 10);
  g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"executing\",\"data\":{\"node\":\"4\",\"prompt_id\":\"%s\"}}}\n", t + 20, prompt_id);
  g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"executing\",\"data\":{\"node\":\"3\",\"prompt_id\":\"%s\"}}}\n", t + 120, prompt_id);
  g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"progress\",\"data\":{\"value\":1,\"max\":20,\"node\":\"3\",\"prompt_id\":\"%s\"}}}\n", t + 220, prompt_id);
  g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"executing\",\"data\":{\"node\":\"8\",\"prompt_id\":\"%s\"}}}\n", t + 8220, prompt_id);
  g_string_append_printf (out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"message\":{\"type\":\"execution_success\",\"data\":{\"prompt_id\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT "}}}\n", t + 8230, prompt_id, t + 8230);
  return g_string_free (out, FALSE);
}

static gboolean
ksampler_started (HpLiveCapture *capture)
{
  GPtrArray *profiles = hp_live_capture_get_profiles (capture);
  HpProfile *profile;
  HpRun *run;

  if (profiles->len == 0)
    return FALSE;
  profile = g_ptr_array_index (profiles, 0);
  run = hp_profile_get_latest_run (profile);
  return run != NULL && hp_run_lookup_node_run (run, "3") != NULL;
}

/* Watch mode at speed 20: prompts broadcast, graphs fetched by the
 * client with their extra_data.create_time. Server timestamps shrink with
 * the speed like the receive times: A's execution_start → success is 513
 * ms in the log, 513 / 20 = 25.65 → 26 ms (the replay rounds the scaled
 * gap; server clock, so exact); node 4 (200 ms) takes ≥ 10 ms of receive
 * time. Queue time comes from create_time on the server's clock: the
 * replay sets it when the job starts (watch mode), so it is the few ms
 * before execution_start. */
static void
test_watch_speed_create_time (void)
{
  g_autofree char *path = fixture ("replay-two-prompts.jsonl");
  g_autoptr(GError) error = NULL;
  g_autoptr(HpReplayLog) log = hp_replay_log_load_path (path, &error);
  g_autoptr(HpReplayServer) server = NULL;
  HpLiveCapture *capture;
  HpRun *a;
  Seen seen = { 0 };

  g_assert_no_error (error);
  server = hp_replay_server_new (log);
  hp_replay_server_set_speed (server, 20);
  hp_replay_server_set_watch_delay (server, 100);
  g_assert_true (hp_replay_server_listen (server, 0, &error));
  g_assert_no_error (error);
  capture = hp_live_capture_new (hp_replay_server_get_uri (server), &error);
  g_assert_no_error (error);
  hp_comfy_client_set_poll_interval_ms (hp_live_capture_get_client (capture), 0);
  seen_init (&seen, capture);
  start_capture (capture);

  WAIT_FOR (seen.finished->len == 2, 10000);
  a = g_ptr_array_index (seen.finished, 0);
  g_assert_cmpint (hp_run_get_status (a), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_false (hp_live_capture_is_own_prompt (capture, hp_run_get_id (a)));
  g_assert_cmpint (hp_run_get_execution_us (a), ==, 26000);
  g_assert_cmpint (node_us (a, "4"), >=, 9000);
  g_assert_cmpint (node_us (a, "4"), <, 200000);
  g_assert_cmpint (hp_run_get_queue_us (a), >=, 0);
  g_assert_cmpint (hp_run_get_queue_us (a), <, 1000000);
  g_assert_nonnull (strstr (hp_run_get_note (a), "Queue time: extra_data.create_time to execution_start (server clock)."));

  hp_live_capture_stop (capture);
  seen_clear (&seen);
  finalize_capture (capture);
}

static void
test_disconnect_mid_run (void)
{
  g_autofree char *text = slow_log ("slow", FALSE);
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-capture-XXXXXX");
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpReplayLog) log = hp_replay_log_load_data (text, strlen (text), "slow.jsonl", &error);
  g_autoptr(HpReplayServer) server = NULL;
  g_autoptr(HpReplayServer) again = NULL;
  g_autoptr(JsonNode) prompt = load_json ("comfyui_api_prompt_txt2img.json");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HpProfile) recovered = NULL;
  HpLiveCapture *capture;
  HpRun *run;
  guint port;
  Seen seen = { 0 };

  g_assert_no_error (error);
  server = replay_server (log, 1, 0);
  port = hp_replay_server_get_port (server);
  capture = hp_live_capture_new (hp_replay_server_get_uri (server), &error);
  g_assert_no_error (error);
  _hp_comfy_client_set_backoff (hp_live_capture_get_client (capture), 50, 200);
  hp_live_capture_set_autosave_dir (capture, dir_file);
  seen_init (&seen, capture);
  start_capture (capture);

  hp_live_capture_run_prompt_async (capture, prompt, NULL, 1, FALSE, NULL, store_result, &result);
  WAIT_FOR (ksampler_started (capture), 5000);
  hp_replay_server_stop (server);

  /* Cut off: kept as interrupted, the node running then with its end
   * unknown, saved at once; the job counts it */
  WAIT_FOR (seen.finished->len == 1, 5000);
  run = g_ptr_array_index (seen.finished, 0);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_nonnull (strstr (hp_run_get_note (run), "Connection lost"));
  /* 100 ms in the log; timing is the durations test's business */
  g_assert_cmpint (node_us (run, "4"), >=, 95000);
  g_assert_cmpint (node_us (run, "4"), <, 1000000);
  g_assert_cmpint (node_us (run, "3"), ==, HP_TIME_UNKNOWN);
  g_assert_cmpuint (seen.saved->len, ==, 1);
  recovered = hp_profile_load_file (g_ptr_array_index (seen.saved, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hp_run_get_status (hp_profile_get_run (recovered, 0)), ==, HP_RUN_STATUS_INTERRUPTED);
  WAIT_FOR (result != NULL, 5000);
  g_assert_true (hp_live_capture_run_prompt_finish (capture, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hp_live_capture_get_state (capture), ==, HP_COMFY_CLIENT_RECONNECTING);
  g_clear_object (&result);   /* the task holds the capture */

  /* A server on the same port again: the capture comes back by itself */
  again = replay_server (log, 1, port);
  WAIT_FOR (hp_live_capture_get_state (capture) == HP_COMFY_CLIENT_CONNECTED, 5000);
  g_assert_cmpuint (seen.finished->len, ==, 1);

  hp_live_capture_stop (capture);
  seen_clear (&seen);
  finalize_capture (capture);
  hp_test_remove_tree (dir);
}

/* ---- a fake ComfyUI server that sends what the test says -------------------- */

typedef struct {
  SoupServer        *soup;
  char              *uri;
  GPtrArray         *sockets;
  JsonObject        *history;      /* GET /history */
  JsonObject        *entries;      /* GET /history/ID */
  char              *hold_id;      /* /history/ID answered on release */
  SoupServerMessage *held;
} Fake;

static void
respond_json (SoupServerMessage *msg,
              JsonNode          *body)
{
  char *text = json_to_string (body, FALSE);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
respond_entry (Fake              *fake,
               SoupServerMessage *msg,
               const char        *id)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *body = json_object_new ();
  JsonNode *entry = json_object_get_member (fake->entries, id);

  if (entry != NULL)
    json_object_set_member (body, id, json_node_copy (entry));
  json_node_take_object (node, body);
  respond_json (msg, node);
}

static void
fake_http (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fake *fake = user_data;
  g_autoptr(JsonNode) node = NULL;

  if (g_str_equal (path, "/queue"))
    {
      node = json_from_string ("{\"queue_running\": [], \"queue_pending\": []}", NULL);
      respond_json (msg, node);
    }
  else if (g_str_equal (path, "/history"))
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, fake->history);
      respond_json (msg, node);
    }
  else if (g_str_has_prefix (path, "/history/"))
    {
      if (g_strcmp0 (path + 9, fake->hold_id) == 0)
        {
          soup_server_message_pause (msg);
          fake->held = msg;
          return;
        }
      respond_entry (fake, msg, path + 9);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fake_release (Fake *fake)
{
  respond_entry (fake, fake->held, fake->hold_id);
  soup_server_message_unpause (fake->held);
  fake->held = NULL;
  g_clear_pointer (&fake->hold_id, g_free);
}

static void
fake_websocket (SoupServer              *server,
                SoupServerMessage       *msg,
                const char              *path,
                SoupWebsocketConnection *connection,
                gpointer                 user_data)
{
  Fake *fake = user_data;

  g_ptr_array_add (fake->sockets, g_object_ref (connection));
  soup_websocket_connection_send_text (connection,
                                       "{\"type\": \"status\", \"data\": {\"status\": {\"exec_info\": {\"queue_remaining\": 0}}, \"sid\": \"x\"}}");
}

static Fake *
fake_new (void)
{
  g_autoptr(GError) error = NULL;
  Fake *fake = g_new0 (Fake, 1);
  GSList *uris;

  fake->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  fake->history = json_object_new ();
  fake->entries = json_object_new ();
  fake->soup = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fake->soup, "/ws", NULL, NULL, fake_websocket, fake, NULL);
  soup_server_add_handler (fake->soup, NULL, fake_http, fake, NULL);
  soup_server_listen_local (fake->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->soup);
  fake->uri = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static void
fake_free (Fake *fake)
{
  soup_server_disconnect (fake->soup);
  g_object_unref (fake->soup);
  g_ptr_array_unref (fake->sockets);
  json_object_unref (fake->history);
  json_object_unref (fake->entries);
  g_free (fake->hold_id);
  g_free (fake->uri);
  g_free (fake);
}

static void
fake_send (Fake       *fake,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
fake_send (Fake       *fake,
           const char *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  for (guint i = 0; i < fake->sockets->len; i++)
    soup_websocket_connection_send_text (g_ptr_array_index (fake->sockets, i), text);
}

/* A history entry of the txt2img graph for @id. */
static JsonNode *
entry_for (const char *id)
{
  g_autoptr(JsonNode) prompt = load_json ("comfyui_api_prompt_txt2img.json");
  g_autofree char *graph = json_to_string (prompt, FALSE);
  g_autofree char *text = g_strdup_printf ("{\"prompt\": [1, \"%s\", %s, {}, [\"9\"]], \"outputs\": {}, "
                                           "\"status\": {\"status_str\": \"success\", \"completed\": true, \"messages\": []}}",
                                           id, graph);

  return json_from_string (text, NULL);
}

static Fake *
fake_capture (HpLiveCapture **capture,
              Seen           *seen)
{
  Fake *fake = fake_new ();
  g_autoptr(GError) error = NULL;

  *capture = hp_live_capture_new (fake->uri, &error);
  g_assert_no_error (error);
  hp_comfy_client_set_poll_interval_ms (hp_live_capture_get_client (*capture), 0);
  seen_init (seen, *capture);
  start_capture (*capture);
  WAIT_FOR ((*capture)->history_baseline, 5000);
  return fake;
}

/* One prompt, sent by the test with its own pauses: node 4 then 3. */
static void
send_prompt (Fake       *fake,
             const char *id,
             guint       pause_ms)
{
  gint64 now_ms = g_get_real_time () / 1000;

  fake_send (fake, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"%s\", \"timestamp\": %" G_GINT64_FORMAT "}}", id, now_ms);
  fake_send (fake, "{\"type\": \"execution_cached\", \"data\": {\"prompt_id\": \"%s\", \"nodes\": [\"5\", \"6\", \"7\"], \"timestamp\": %" G_GINT64_FORMAT "}}", id, now_ms);
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"4\", \"prompt_id\": \"%s\"}}", id);
  spin_ms (pause_ms);
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"3\", \"prompt_id\": \"%s\"}}", id);
  fake_send (fake, "{\"type\": \"progress\", \"data\": {\"value\": 1, \"max\": 2, \"node\": \"3\", \"prompt_id\": \"%s\"}}", id);
  spin_ms (pause_ms);
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"8\", \"prompt_id\": \"%s\"}}", id);
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"9\", \"prompt_id\": \"%s\"}}", id);
  fake_send (fake, "{\"type\": \"execution_success\", \"data\": {\"prompt_id\": \"%s\", \"timestamp\": %" G_GINT64_FORMAT "}}", id, g_get_real_time () / 1000);
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": null, \"prompt_id\": \"%s\"}}", id);
}

static void
test_fake_messages (void)
{
  HpLiveCapture *capture = NULL;
  Seen seen = { 0 };
  Fake *fake = fake_capture (&capture, &seen);
  HpRecorder *recorder = hp_live_capture_get_recorder (capture);
  HpRun *p1, *p2, *p3;
  const GError *error;

  /* A frame that is not JSON: reported, skipped, still connected */
  fake_send (fake, "{\"type\": \"executing\", \"data\": {");
  WAIT_FOR (seen.errors->len == 1, 5000);
  error = g_ptr_array_index (seen.errors, 0);
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "not JSON"));
  g_assert_cmpint (hp_live_capture_get_state (capture), ==, HP_COMFY_CLIENT_CONNECTED);

  /* An unknown type (a custom node's): no error, nothing recorded */
  fake_send (fake, "{\"type\": \"crystools.monitor\", \"data\": {\"cpu_utilization\": 3}}");
  /* A known type with a wrong value: the recorder names the path */
  fake_send (fake, "{\"type\": \"progress\", \"data\": {\"value\": \"seven\", \"max\": 20, \"node\": \"3\", \"prompt_id\": \"p1\"}}");
  WAIT_FOR (seen.errors->len == 2, 5000);
  error = g_ptr_array_index (seen.errors, 1);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "$.data.value"));
  g_assert_cmpuint (hp_live_capture_get_profiles (capture)->len, ==, 0);

  /* p1, a prompt id never seen before: its graph is fetched, and held
   * back until p1 has ended, so all its events come before the graph.
   * Nodes 4 and 3 take 100 ms each. */
  json_object_set_member (fake->entries, "p1", entry_for ("p1"));
  json_object_set_member (fake->entries, "p2", entry_for ("p2"));
  json_object_set_member (fake->entries, "p3", entry_for ("p3"));
  fake->hold_id = g_strdup ("p1");
  send_prompt (fake, "p1", 100);
  WAIT_FOR (fake->held != NULL, 5000);
  spin_ms (50);
  /* Kept, not recorded yet */
  g_assert_null (hp_recorder_lookup_run (recorder, "p1"));
  g_assert_cmpuint (seen.finished->len, ==, 0);
  fake_release (fake);
  WAIT_FOR (seen.finished->len == 1, 5000);
  p1 = hp_recorder_lookup_run (recorder, "p1");
  g_assert_nonnull (p1);
  g_assert_cmpint (hp_run_get_status (p1), ==, HP_RUN_STATUS_SUCCEEDED);
  /* About the 100 ms the test waited: a frame's delivery may be late by
   * a little (so the gap shrinks) or a loaded machine add some */
  g_assert_cmpint (node_us (p1, "4"), >=, 100000 - TOLERANCE_US);
  g_assert_cmpint (node_us (p1, "4"), <, 300000);
  g_assert_cmpint (node_us (p1, "3"), >=, 100000 - TOLERANCE_US);
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (p1, "5")), ==, HP_NODE_STATUS_CACHED);

  /* p2 and p3 back to back, the second starting as the first ends */
  send_prompt (fake, "p2", 20);
  send_prompt (fake, "p3", 20);
  WAIT_FOR (seen.finished->len == 3, 5000);
  p2 = hp_recorder_lookup_run (recorder, "p2");
  p3 = hp_recorder_lookup_run (recorder, "p3");
  g_assert_cmpint (hp_run_get_status (p2), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_status (p3), ==, HP_RUN_STATUS_SUCCEEDED);
  /* 20 ms each, less a frame's late delivery (more under ASan) */
  g_assert_cmpint (node_us (p2, "3"), >=, 20000 - TOLERANCE_US);
  g_assert_cmpint (node_us (p3, "4"), >=, 20000 - TOLERANCE_US);
  /* receive times keep the order (the run times are the server's, in ms) */
  g_assert_cmpint (hp_node_run_get_start_us (hp_run_lookup_node_run (p3, "4")), >=,
                   hp_node_run_get_end_us (hp_run_lookup_node_run (p2, "9")));
  /* one graph, one profile, three runs */
  g_assert_cmpuint (hp_live_capture_get_profiles (capture)->len, ==, 1);
  g_assert_cmpuint (hp_profile_get_n_runs (g_ptr_array_index (hp_live_capture_get_profiles (capture), 0)), ==, 3);
  g_assert_false (hp_live_capture_is_own_prompt (capture, "p1"));
  g_assert_cmpuint (seen.errors->len, ==, 2);

  hp_live_capture_stop (capture);
  seen_clear (&seen);
  finalize_capture (capture);
  fake_free (fake);
}

/* Watch mode: prompts other clients queued show up in /history only. */
static void
test_fake_other_client (void)
{
  g_autoptr(JsonNode) history = load_json ("comfyui-history-txt2img.json");
  JsonObject *all = json_node_get_object (history);
  const char *old_id = "2a7d9c3e-1f4b-4c8e-a2d5-6e8f0b1c2d02";
  const char *new_id = "1f0e4c1a-6b0e-4f5e-9b1e-0a4c3e2d1a01";
  Fake *fake = fake_new ();
  HpLiveCapture *capture;
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };
  HpRun *run;

  /* There before we came: not ours to record */
  json_object_set_member (fake->history, old_id, json_node_copy (json_object_get_member (all, old_id)));
  capture = hp_live_capture_new (fake->uri, &error);
  g_assert_no_error (error);
  hp_comfy_client_set_poll_interval_ms (hp_live_capture_get_client (capture), 0);
  hp_live_capture_set_history_interval_ms (capture, 0);
  seen_init (&seen, capture);
  start_capture (capture);
  WAIT_FOR (capture->history_baseline, 5000);

  /* Another client's prompt ran; the server broadcasts its status */
  json_object_set_member (fake->history, new_id, json_node_copy (json_object_get_member (all, new_id)));
  fake_send (fake, "{\"type\": \"status\", \"data\": {\"status\": {\"exec_info\": {\"queue_remaining\": 0}}}}");
  WAIT_FOR (seen.finished->len == 1, 5000);
  run = g_ptr_array_index (seen.finished, 0);
  g_assert_cmpstr (hp_run_get_id (run), ==, new_id);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_true (g_str_has_prefix (hp_run_get_note (run), "No per-node timing: started by another client."));
  /* execution_start 1700000000012 → execution_success 1700000008751 */
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 8739000);
  g_assert_null (hp_recorder_lookup_run (hp_live_capture_get_recorder (capture), old_id));

  /* Seen once only */
  fake_send (fake, "{\"type\": \"status\", \"data\": {\"status\": {\"exec_info\": {\"queue_remaining\": 0}}}}");
  spin_ms (200);
  g_assert_cmpuint (seen.finished->len, ==, 1);

  hp_live_capture_stop (capture);
  seen_clear (&seen);
  finalize_capture (capture);
  fake_free (fake);
}

/* ---- hotpath-cli record ---------------------------------------------------- */

typedef struct {
  GSubprocess *process;
  guint        port;
} Replay;

static void
replay_start (Replay     *replay,
              const char *log,
              const char *speed,
              gboolean    loop)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *at;

  replay->process = hp_cli_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                  "replay", log, "--port", "0", "--speed", speed,
                                  loop ? "--loop" : NULL, NULL);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (replay->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  at = strstr (line, "http://127.0.0.1:");
  g_assert_nonnull (at);
  g_assert_cmpint (sscanf (at, "http://127.0.0.1:%u", &replay->port), ==, 1);
}

static void
replay_end (Replay *replay)
{
  g_subprocess_send_signal (replay->process, SIGTERM);
  g_subprocess_wait (replay->process, NULL, NULL);
  g_clear_object (&replay->process);
}

static GSubprocess *
record (GSubprocessFlags   flags,
        const char * const *args)
{
  return hp_cli_spawnv (flags, "record", args);
}

static int
record_sync (const char * const *args,
             char              **out,
             char              **err)
{
  g_autoptr(GSubprocess) process = record (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, args);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_test_message ("record stdout: %s\nstderr: %s", *out, *err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_cli_record_runs (void)
{
  g_autofree char *log = fixture ("replay-two-prompts.jsonl");
  g_autofree char *prompt = fixture ("comfyui_api_prompt_txt2img.json");
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-capture-XXXXXX");
  g_autofree char *out_path = g_build_filename (dir, "out.hotpath", NULL);
  g_autofree char *events = g_build_filename (dir, "events.jsonl", NULL);
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(HpProfile) from_events = NULL;
  Replay replay = { 0 };

  replay_start (&replay, log, "20", FALSE);
  url = g_strdup_printf ("http://127.0.0.1:%u", replay.port);
  {
    const char *args[] = { url, "--run", prompt, "--runs", "2", "--vary-seed", "-o", out_path,
                           "--events-out", events, NULL };

    g_assert_cmpint (record_sync (args, &out, &err), ==, 0);
  }
  replay_end (&replay);

  g_assert_nonnull (strstr (out, "run 1/2: "));
  g_assert_nonnull (strstr (out, "run 2/2: "));
  g_assert_nonnull (strstr (out, "(KSampler "));
  saved = g_strdup_printf ("Saved %s\n", out_path);
  g_assert_true (g_str_has_suffix (out, saved));
  profile = hp_profile_load_file (out_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  g_assert_cmpint (hp_run_get_status (hp_profile_get_run (profile, 0)), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_status (hp_profile_get_run (profile, 1)), ==, HP_RUN_STATUS_SUCCEEDED);
  from_events = hp_profile_load_file (events, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (from_events), ==, 2);

  hp_test_remove_tree (dir);
}

/* Fast prompt, then an 8 s one: Ctrl+C while the second runs. */
static void
test_cli_record_sigint (void)
{
  g_autofree char *text = slow_log ("slow", TRUE);
  g_autofree char *prompt = fixture ("comfyui_api_prompt_txt2img.json");
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-capture-XXXXXX");
  g_autofree char *log = g_build_filename (dir, "fast-slow.jsonl", NULL);
  g_autofree char *out_path = g_build_filename (dir, "out.hotpath", NULL);
  g_autofree char *url = NULL;
  g_autofree char *line = NULL;
  g_autofree char *rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(HpProfile) profile = NULL;
  Replay replay = { 0 };

  g_assert_true (g_file_set_contents (log, text, -1, &error));
  replay_start (&replay, log, "1", TRUE);
  url = g_strdup_printf ("http://127.0.0.1:%u", replay.port);
  {
    const char *args[] = { url, "--run", prompt, "--runs", "3", "-o", out_path, NULL };

    process = record (G_SUBPROCESS_FLAGS_STDOUT_PIPE, args);
  }
  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  do
    {
      g_free (line);
      line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
    }
  while (!g_str_has_prefix (line, "run 1/3: "));
  /* the slow prompt has started by now, or starts soon */
  g_usleep (300 * 1000);
  g_subprocess_send_signal (process, SIGINT);
  rest = g_data_input_stream_read_upto (stream, "", 0, NULL, NULL, &error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  replay_end (&replay);
  g_test_message ("after Ctrl+C: %s", rest);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (rest, "run 2/3: interrupted after "));
  profile = hp_profile_load_file (out_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  g_assert_cmpint (hp_run_get_status (hp_profile_get_run (profile, 0)), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (hp_run_get_status (hp_profile_get_run (profile, 1)), ==, HP_RUN_STATUS_INTERRUPTED);
  hp_test_remove_tree (dir);
}

static void
test_cli_record_timeout_unreachable (void)
{
  g_autofree char *text = slow_log ("slow", FALSE);
  g_autofree char *prompt = fixture ("comfyui_api_prompt_txt2img.json");
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-capture-XXXXXX");
  g_autofree char *log = g_build_filename (dir, "slow.jsonl", NULL);
  g_autofree char *out_path = g_build_filename (dir, "out.hotpath", NULL);
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 closed_port;
  Replay replay = { 0 };

  /* --timeout: the 8 s prompt does not end within 0.5 s */
  g_assert_true (g_file_set_contents (log, text, -1, &error));
  replay_start (&replay, log, "1", FALSE);
  url = g_strdup_printf ("http://127.0.0.1:%u", replay.port);
  {
    const char *args[] = { url, "--run", prompt, "--timeout", "0.5", "-o", out_path, NULL };

    g_assert_cmpint (record_sync (args, &out, &err), ==, 1);
  }
  replay_end (&replay);
  g_assert_true (g_str_has_prefix (err, "hotpath-cli: record: no run finished within 0.5 s (--timeout)\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A port nobody listens on: one line, exit 2 */
  closed_port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  g_free (url);
  url = g_strdup_printf ("127.0.0.1:%u", closed_port);
  {
    const char *args[] = { url, "-o", out_path, NULL };

    g_assert_cmpint (record_sync (args, &out, &err), ==, 2);
  }
  g_assert_true (g_str_has_prefix (err, "hotpath-cli: record: Could not reach the ComfyUI server at "));
  g_assert_cmpstr (strchr (err, '\n'), ==, "\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad options */
  {
    const char *args[] = { url, "--runs", "0", NULL };

    g_assert_cmpint (record_sync (args, &out, &err), ==, 2);
    g_assert_true (g_str_has_prefix (err, "hotpath-cli: record: --runs"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  hp_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live-capture/replay/durations", test_replay_durations);
  g_test_add_func ("/live-capture/replay/vary-seed", test_run_vary_seed);
  g_test_add_func ("/live-capture/replay/disconnect", test_disconnect_mid_run);
  g_test_add_func ("/live-capture/replay/watch-speed-create-time", test_watch_speed_create_time);
  g_test_add_func ("/live-capture/fake/messages", test_fake_messages);
  g_test_add_func ("/live-capture/fake/other-client", test_fake_other_client);
  g_test_add_func ("/live-capture/cli/runs", test_cli_record_runs);
  g_test_add_func ("/live-capture/cli/sigint", test_cli_record_sigint);
  g_test_add_func ("/live-capture/cli/timeout-unreachable", test_cli_record_timeout_unreachable);

  return g_test_run ();
}
