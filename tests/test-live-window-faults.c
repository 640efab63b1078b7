/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window under live faults (issue 9): the real HpWindow and its
 * HpLiveController against a misbehaving ComfyUI server in this process
 * (tests/hp-fake-comfy.c), headless under Xvfb. A reconnect storm, garbage
 * frames between real messages, the server killed mid-run and 200 prompts
 * in a row; the window must keep running its main loop, say what happens
 * in the connection indicator without a dialog or a pile of messages, and
 * keep every finished run in the profile, the run list and on disk.
 *
 * Every prompt is prompt A of tests/fixtures/replay-two-prompts.jsonl,
 * replayed at its own pace under a new id. Its receive times (received_ms
 * − 1700000000000): executing 4 at 15, 5 at 215, 6 at 220, 7 at 230,
 * 3 (KSampler) at 240, progress at 340 and 440, executing 8 at 450, 9 at
 * 500, execution_success at 525, executing null at 530. A node runs from
 * its executing to the next node's, the last one to execution_success:
 * 4: 200 ms, 5: 5, 6: 10, 7: 10, 3: 210, 8: 50, 9: 25. The fake's offsets
 * count from the prompt's first item (system_stats at 5): executing 4 at
 * offset 10, 3 at 235, 8 at 445.
 *
 * docs/reliability.md, "HpLiveTest capture faults", lists what each case shows. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "hp-comfy-client-private.h"
#include "hp-live-capture-private.h"
#include "hp-live-test-utils.h"
#include "hp-profile-io.h"
#include "hp-recorder-private.h"
#include "hp-tmp-test-utils.h"

/* The prompts whose times are checked play at half speed: every gap of
 * the log doubled, so a loaded machine's stalls weigh half as much. */
#define SPEED 0.5

static HpApplication *app;
static char *data_home;
static HpReplayLog *replay_log;

/* ---- reconnect storm ------------------------------------------------------ */

#define N_DROPS 20

typedef struct
{
  HpLiveTest *live;
  guint       handshakes;   /* to reach */
} StormWait;

static gboolean
storm_over (gpointer data)
{
  StormWait *wait = data;
  g_autofree char *connected = hp_live_test_connected_text (wait->live);

  return hp_fake_comfy_get_n_sockets (wait->live->fake) >= wait->handshakes &&
         hp_fake_comfy_is_open (wait->live->fake) &&
         hp_live_controller_get_state (wait->live->controller) == HP_COMFY_CLIENT_CONNECTED &&
         g_strcmp0 (hp_connection_indicator_get_text (hp_live_test_get_indicator (wait->live->window)), connected) == 0;
}

static void
test_reconnect_storm (void)
{
  HpLiveTest live = { 0 };
  g_autofree char *connected = NULL;
  HpProfile *profile;
  HpHeartbeat heart;
  StormWait wait;
  guint n_errors;

  hp_live_test_start (&live, app, replay_log);
  connected = hp_live_test_connected_text (&live);
  hp_live_test_assert_prompt_a (hp_live_test_play (&live, "before-storm", 1.0, NULL, 0), 0);

  /* The server accepts the socket and drops it again N_DROPS times in a
   * row (every other one with a close frame); the backoff runs 5 ms,
   * doubling, up to 50 ms, so the storm lasts about a second. */
  _hp_comfy_client_set_backoff (live.client, 5, 50);
  _hp_comfy_client_set_liveness (live.client, 2000, 0, 0);
  n_errors = live.errors->len;
  g_ptr_array_set_size (live.texts, 0);
  hp_heartbeat_start (&heart);
  wait = (StormWait) { &live, hp_fake_comfy_get_n_sockets (live.fake) + N_DROPS + 1 };
  hp_fake_comfy_set_drops (live.fake, N_DROPS);
  hp_fake_comfy_close (live.fake);
  hp_test_wait_for (storm_over, &wait);
  hp_heartbeat_check (&heart, "storm");
  g_assert_cmpuint (hp_fake_comfy_get_drops (live.fake), ==, 0);

  /* The indicator said it (and says it is back), the window went on;
   * one message at most, not one per dropped socket. */
  for (guint i = 0; i < live.texts->len; i++)
    g_test_message ("indicator: %s", (char *) g_ptr_array_index (live.texts, i));
  g_assert_true (hp_live_test_saw_text (&live, "Reconnecting…"));
  g_assert_cmpstr (g_ptr_array_index (live.texts, live.texts->len - 1), ==, connected);
  g_assert_cmpuint (live.errors->len - n_errors, <=, 1);
  hp_live_test_assert_no_dialog ();

  /* The next run records whole, once: two runs, no duplicate. */
  hp_live_test_assert_prompt_a (hp_live_test_play (&live, "after-storm", SPEED, NULL, 0), SPEED);
  profile = hp_window_get_profile (live.window);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (profile, 0)), ==, "before-storm");
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (profile, 1)), ==, "after-storm");
  g_assert_cmpuint (hp_live_controller_get_n_runs (live.controller), ==, 2);
  g_assert_cmpuint (hp_live_test_run_list_rows (live.window), ==, 2);

  hp_live_test_finish (&live);
}

/* ---- garbage frames ------------------------------------------------------- */

typedef struct
{
  HpLiveTest *live;
  guint       n_sockets;
} SocketWait;

static gboolean
reconnected (gpointer data)
{
  SocketWait *wait = data;

  return hp_fake_comfy_get_n_sockets (wait->live->fake) == wait->n_sockets &&
         hp_fake_comfy_is_open (wait->live->fake) &&
         hp_live_controller_get_state (wait->live->controller) == HP_COMFY_CLIENT_CONNECTED;
}

static void
test_garbage (void)
{
  HpLiveTest live = { 0 };
  g_autofree char *connected = NULL;
  g_autofree char *big_text = NULL;
  /* 1 MB of text in a message of a type Hotpath does not know */
  GString *big = g_string_new ("{\"type\": \"crystools.monitor\", \"data\": {\"log\": \"");
  /* Offsets (see the top): node 4 runs 10–210, 3 runs 235–445. */
  HpFakeFrame frames[] = {
    { 7, "not JSON at all {", 0 },
    { 7, "", 0 },                                             /* empty */
    { 100, "[1, 2, 3]", 0 },                                  /* not an object */
    { 100, "{\"type\": 5, \"data\": {}}", 0 },                /* no type string */
    { 100, "{\"type\": \"executing\", \"data\": {\"node\": \"8\"", 0 },   /* cut off */
    { 120, NULL, 1024 },                                      /* binary, a preview */
    { 212, "{\"type\": \"crystools.monitor\", \"data\": {\"cpu_utilization\": 12.5}}", 0 },
    /* lone surrogates: valid UTF-8 text, invalid once unescaped */
    { 218, "{\"type\": \"status\\ud800\", \"data\": {}}", 0 },
    { 218, "{\"bad\\udc00key\": 1}", 0 },
    { 250, NULL, 12 * 1024 * 1024 },                          /* huge: 12 MiB binary */
    { 250, NULL, 0 },                                         /* replaced below: 1 MB text */
    { 300, "\xef\xbb\xbf", 0 },                               /* a BOM alone */
    { 400, "{\"type\": \"progress\", \"data\": {\"value\": \"seven\", \"max\": 2, \"node\": \"3\"}}", 0 },
  };
  /* The 50 MB frame the client refuses on its header (limit 16 MiB) */
  guint8 header[10 + 1024] = { 0x82, 127, 0, 0, 0, 0,
                               (50000000 >> 24) & 0xff, (50000000 >> 16) & 0xff,
                               (50000000 >> 8) & 0xff, 50000000 & 0xff };
  /* Invalid UTF-8 in a text frame: RFC 6455 §8.1 fails the connection */
  const guint8 bad_utf8[] = { 0x81, 6, '"', 0xff, 0xfe, 0xc3, 0x28, '"' };
  SocketWait wait;
  HpHeartbeat heart;
  HpRun *run;
  guint n_errors;

  for (guint i = 0; i < 20000; i++)
    g_string_append (big, "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCD");   /* 50 bytes */
  g_string_append (big, "\"}}");
  big_text = g_string_free (big, FALSE);
  frames[10].text = big_text;

  hp_live_test_start (&live, app, replay_log);
  connected = hp_live_test_connected_text (&live);

  /* Between the messages of a prompt: skipped, the run records with the
   * log's node times, the socket stays. */
  hp_live_test_assert_prompt_a (hp_live_test_play (&live, "clean", 1.0, NULL, 0), 0);
  hp_heartbeat_start (&heart);
  run = hp_live_test_play (&live, "garbage-1", SPEED, frames, G_N_ELEMENTS (frames));
  hp_heartbeat_check (&heart, "garbage frames");
  hp_live_test_assert_prompt_a (run, SPEED);
  g_assert_cmpuint (hp_fake_comfy_get_n_sockets (live.fake), ==, 1);
  g_assert_cmpstr (hp_connection_indicator_get_text (hp_live_test_get_indicator (live.window)), ==, connected);
  /* Eight frames were skipped with a reason, and the progress with a
   * string value was refused: one note each kind, not one per frame. */
  g_assert_cmpuint (hp_live_test_count_errors (&live, "Skipped a message from"), ==, 1);
  g_assert_cmpuint (live.errors->len, <=, 2);
  hp_live_test_assert_no_dialog ();

  /* Between prompts, frames that end the connection: invalid UTF-8 in a
   * text frame, then a frame announcing 50 MB. Each time the window
   * reconnects by itself, says so once, and records the next prompt. */
  n_errors = live.errors->len;
  hp_fake_comfy_send_raw (live.fake, bad_utf8, sizeof bad_utf8);
  wait = (SocketWait) { &live, 2 };
  hp_test_wait_for (reconnected, &wait);
  hp_fake_comfy_send_raw (live.fake, header, sizeof header);
  wait = (SocketWait) { &live, 3 };
  hp_test_wait_for (reconnected, &wait);
  hp_live_test_wait_for_indicator (live.window, connected);
  g_assert_true (hp_live_test_saw_text (&live, "Reconnecting…"));
  g_assert_cmpuint (live.errors->len - n_errors, >=, 1);   /* the connection was lost: said */
  g_assert_cmpuint (live.errors->len - n_errors, <=, 2);
  hp_live_test_assert_no_dialog ();

  run = hp_live_test_play (&live, "garbage-2", SPEED, frames, G_N_ELEMENTS (frames));
  hp_live_test_assert_prompt_a (run, SPEED);
  g_assert_cmpuint (hp_profile_get_n_runs (hp_window_get_profile (live.window)), ==, 3);
  g_assert_cmpuint (hp_live_test_run_list_rows (live.window), ==, 3);
  hp_live_test_assert_no_dialog ();

  hp_live_test_finish (&live);
}

/* ---- killed mid-run ------------------------------------------------------- */

/* The fake sent all it will, and the canvas follows the sampler. */
static gboolean
sampler_runs (gpointer data)
{
  HpLiveTest *live = data;

  return !hp_fake_comfy_is_playing (live->fake) &&
         g_strcmp0 (hp_graph_canvas_get_live_node_id (hp_live_test_get_canvas (live->window)), "3") == 0;
}

static void
test_killed_mid_run (void)
{
  HpLiveTest live = { 0 };
  HpRunWait run_wait;
  HpRun *cut;
  GFile *autosave;
  HpFileWait file_wait;
  g_autofree char *path = NULL;
  g_autoptr(HpProfile) saved = NULL;
  g_autoptr(GError) error = NULL;
  HpRun *first, *second;
  const char *skipped[] = { "8", "9" };
  const char *done[] = { "4", "5", "6", "7" };

  hp_live_test_start (&live, app, replay_log);
  hp_live_test_assert_prompt_a (hp_live_test_play (&live, "before-kill", 1.0, NULL, 0), 0);

  /* Killed (no close frame, nobody listening) while the sampler runs:
   * the fake sends prompt A up to its first progress (offset 335) and
   * goes quiet, then dies. */
  run_wait = (HpRunWait) { live.window, "killed" };
  hp_fake_comfy_play_until (live.fake, "killed", SPEED, 335);
  hp_test_wait_for (sampler_runs, &live);
  hp_fake_comfy_kill (live.fake);

  hp_live_test_wait_for_indicator (live.window, "Reconnecting…");
  hp_test_wait_for (hp_live_test_run_ended, &run_wait);
  hp_live_controller_flush (live.controller);
  hp_test_flush ();
  cut = hp_live_test_find_run (live.window, "killed");
  g_assert_cmpint (hp_run_get_status (cut), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_null (hp_graph_canvas_get_live_node_id (hp_live_test_get_canvas (live.window)));
  /* In the run list, newest first, with the word for it. */
  g_assert_cmpuint (hp_live_test_run_list_rows (live.window), ==, 2);
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (hp_live_test_get_run_list (live.window)), "interrupted"));
  hp_live_test_assert_no_dialog ();

  /* On disk in the autosave folder ($XDG_DATA_HOME/hotpath/autosave):
   * both runs. */
  autosave = hp_live_controller_get_autosave_file (live.controller, hp_window_get_profile (live.window));
  g_assert_nonnull (autosave);
  path = g_file_get_path (autosave);
  {
    g_autoptr(GFile) dir = hp_live_autosave_dir ();
    g_autoptr(GFile) parent = g_file_get_parent (autosave);

    g_assert_true (g_file_equal (dir, parent));
    g_assert_true (g_str_has_prefix (path, data_home));
  }
  file_wait = (HpFileWait) { autosave, 2 };
  hp_test_wait_for (hp_live_test_file_has_runs, &file_wait);
  saved = hp_profile_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (saved), ==, 2);

  /* The first as it ran: seven nodes, the log's times. */
  first = hp_profile_get_run (saved, 0);
  g_assert_cmpstr (hp_run_get_id (first), ==, "before-kill");
  hp_live_test_assert_prompt_a (first, 0);

  /* The cut-off one: 4, 5, 6, 7 done (their times from the log), 3
   * started at 240 and its end unknown, 8 and 9 never ran: 7 nodes. */
  second = hp_profile_get_run (saved, 1);
  g_assert_cmpstr (hp_run_get_id (second), ==, "killed");
  g_assert_cmpint (hp_run_get_status (second), ==, HP_RUN_STATUS_INTERRUPTED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 7);
  for (guint i = 0; i < G_N_ELEMENTS (done); i++)
    g_assert_cmpint (hp_node_run_get_status (hp_live_test_node_run (second, done[i])), ==, HP_NODE_STATUS_COMPLETED);
  hp_live_test_assert_duration_ms (second, "4", (215 - 15) / SPEED);
  hp_live_test_assert_duration_ms (second, "7", (240 - 230) / SPEED);
  g_assert_cmpint (hp_node_run_get_status (hp_live_test_node_run (second, "3")), ==, HP_NODE_STATUS_RUNNING);
  g_assert_cmpint (hp_node_run_get_start_us (hp_live_test_node_run (second, "3")), !=, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_node_run_get_end_us (hp_live_test_node_run (second, "3")), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_node_run_get_duration_us (hp_live_test_node_run (second, "3")), ==, HP_TIME_UNKNOWN);
  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    g_assert_cmpint (hp_node_run_get_status (hp_live_test_node_run (second, skipped[i])), ==, HP_NODE_STATUS_SKIPPED);

  /* Still trying, and the window still answers. */
  g_assert_cmpint (hp_live_controller_get_state (live.controller), ==, HP_COMFY_CLIENT_RECONNECTING);
  hp_live_test_finish (&live);
}

/* ---- many prompts in a row ------------------------------------------------ */

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer makes each run cost about half a second in the window
 * (panels and autosave of a growing profile): fewer, same checks. */
#define N_PROMPTS 60
#else
#define N_PROMPTS 200
#endif

typedef struct
{
  HpLiveController *controller;
  guint             n;
} CountWait;

static gboolean
runs_counted (gpointer data)
{
  CountWait *wait = data;

  return hp_live_controller_get_n_runs (wait->controller) >= wait->n;
}

/* m000 … m(N_PROMPTS − 1), each once, succeeded, seven nodes. Runs are sorted by
 * their start: prompts sent in the same millisecond may swap. */
static void
assert_all_runs (HpProfile *profile)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, N_PROMPTS);
  for (guint i = 0; i < N_PROMPTS; i++)
    {
      HpRun *run = hp_profile_get_run (profile, i);
      const char *id = hp_run_get_id (run);
      guint64 number;

      g_assert_true (id[0] == 'm');
      g_assert_true (g_ascii_string_to_unsigned (id + 1, 10, 0, N_PROMPTS - 1, &number, NULL));
      g_assert_true (g_hash_table_add (ids, (gpointer) id));
      g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (run)), ==, 7);
    }
}

static void
test_many_prompts (void)
{
  HpLiveTest live = { 0 };
  HpHeartbeat heart;
  CountWait count;
  HpProfile *profile;
  HpRecorder *recorder;
  GFile *autosave;
  HpFileWait file_wait;
  g_autofree char *path = NULL;
  g_autoptr(HpProfile) saved = NULL;
  gint64 start;

  hp_live_test_start (&live, app, replay_log);
  recorder = hp_live_capture_get_recorder (hp_live_controller_get_capture (live.controller));

  /* All of a prompt's messages at once, prompt after prompt, at most 4
   * ahead of the window: the server shares the window's main loop, and
   * the recorder gives up on a graph once 8 later prompts ended. */
  start = g_get_monotonic_time ();
  hp_heartbeat_start (&heart);
  for (guint i = 0; i < N_PROMPTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%03u", i);

      hp_fake_comfy_play (live.fake, id, 0, NULL, 0);
      count = (CountWait) { live.controller, i + 1 > 4 ? i + 1 - 4 : 0 };
      hp_test_wait_for (runs_counted, &count);
    }
  count = (CountWait) { live.controller, N_PROMPTS };
  hp_test_wait_for (runs_counted, &count);
  hp_heartbeat_check (&heart, "prompts in a row");
  g_test_message ("%u prompts in %.1f s", N_PROMPTS, (g_get_monotonic_time () - start) / 1e6);
  hp_live_controller_flush (live.controller);
  hp_test_flush ();

  /* Every one in the profile, in order, succeeded; and in the run list. */
  profile = hp_window_get_profile (live.window);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, N_PROMPTS);
  g_assert_cmpuint (hp_live_controller_get_n_runs (live.controller), ==, N_PROMPTS);
  assert_all_runs (profile);
  g_assert_cmpuint (hp_live_test_run_list_rows (live.window), ==, N_PROMPTS);
  g_assert_cmpuint (live.errors->len, ==, 0);

  /* Memory bounded: nothing waits for a graph, nothing half-applied is
   * kept; one HpRun per prompt, the very one in the profile (no second
   * run object, no node state left for an ended prompt). */
  g_assert_cmpuint (recorder->waiting->len, ==, 0);
  g_assert_null (recorder->current);
  g_assert_cmpuint (g_hash_table_size (recorder->prompts), ==, N_PROMPTS);
  g_assert_cmpuint (recorder->order->len, ==, N_PROMPTS);
  for (guint i = 0; i < N_PROMPTS; i++)
    {
      Prompt *p = g_ptr_array_index (recorder->order, i);

      g_assert_cmpint (p->phase, ==, PHASE_ENDED);
      g_assert_true (hp_profile_lookup_run (profile, p->id) == p->run);
      g_assert_true (p->profile == profile);
      g_assert_cmpuint (p->pending->len, ==, 0);
      g_assert_cmpuint (g_hash_table_size (p->tracks), ==, 0);
    }
  g_assert_cmpuint (g_hash_table_size (live.client->deferred), ==, 0);
  g_assert_cmpuint (live.client->timers->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (live.client->graphs), <=, HP_COMFY_GRAPHS_KEEP);

  /* On disk: every run in the autosave file. */
  autosave = hp_live_controller_get_autosave_file (live.controller, profile);
  g_assert_nonnull (autosave);
  file_wait = (HpFileWait) { autosave, N_PROMPTS };
  hp_test_wait_for (hp_live_test_file_has_runs, &file_wait);
  path = g_file_get_path (autosave);
  saved = hp_profile_load_file (path, NULL);
  assert_all_runs (saved);
  hp_live_test_assert_no_dialog ();

  hp_live_test_finish (&live);
}

/* ---- main --------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log_path = NULL;
  int ret;

  /* Autosaved recordings of this test go to a folder of its own. */
  data_home = g_dir_make_tmp ("hotpath-live-faults-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  log_path = hp_test_fixture_path ("replay-two-prompts.jsonl");
  replay_log = hp_replay_log_load_path (log_path, &error);
  g_assert_no_error (error);

  app = hp_application_new ();
  /* No session bus in the test environment: run as a private instance. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/live-window-faults/reconnect-storm", test_reconnect_storm);
  g_test_add_func ("/live-window-faults/garbage", test_garbage);
  g_test_add_func ("/live-window-faults/killed-mid-run", test_killed_mid_run);
  g_test_add_func ("/live-window-faults/many-prompts", test_many_prompts);

  ret = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&replay_log);
  hp_test_remove_tree (data_home);
  g_free (data_home);
  return ret;
}
