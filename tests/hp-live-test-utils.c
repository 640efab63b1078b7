/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-live-test-utils.h"

#include <math.h>
#include <string.h>

#include "hp-comfy-client-private.h"
#include "hp-profile-io.h"
#include "hp-window-private.h"

/* ---- a window connected to a fake server --------------------------------- */

HpConnectionIndicator *
hp_live_test_get_indicator (HpWindow *window)
{
  return HP_CONNECTION_INDICATOR (hp_test_get_named (GTK_WIDGET (window), "connection-indicator"));
}

typedef struct
{
  HpWindow   *window;
  const char *text;
} IndicatorWait;

static gboolean
indicator_says (gpointer data)
{
  IndicatorWait *wait = data;
  HpConnectionIndicator *indicator = hp_live_test_get_indicator (wait->window);

  return gtk_widget_get_visible (GTK_WIDGET (indicator)) &&
         g_strcmp0 (hp_connection_indicator_get_text (indicator), wait->text) == 0;
}

void
hp_live_test_wait_for_indicator (HpWindow   *window,
                                 const char *text)
{
  IndicatorWait wait = { window, text };

  hp_test_wait_for (indicator_says, &wait);
}

/* "Connected to 127.0.0.1:PORT" for the fake at "http://127.0.0.1:PORT". */
char *
hp_live_test_connected_text (HpLiveTest *live)
{
  return g_strdup_printf ("Connected to %s", hp_fake_comfy_get_uri (live->fake) + strlen ("http://"));
}

static void
on_error (HpLiveController *controller,
          const char       *message,
          HpLiveTest       *live)
{
  g_test_message ("window told: %s", message);
  g_ptr_array_add (live->errors, g_strdup (message));
}

/* After the indicator's own handler (connected when it was attached). */
static void
on_state (HpLiveController *controller,
          GParamSpec       *pspec,
          HpLiveTest       *live)
{
  const char *text = hp_connection_indicator_get_text (hp_live_test_get_indicator (live->window));

  if (live->texts->len == 0 || g_strcmp0 (g_ptr_array_index (live->texts, live->texts->len - 1), text) != 0)
    g_ptr_array_add (live->texts, g_strdup (text));
}

/* Whether the indicator said @text since the texts were last cleared. */
gboolean
hp_live_test_saw_text (HpLiveTest *live,
                       const char *text)
{
  for (guint i = 0; i < live->texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (live->texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

/**
 * hp_live_test_start:
 * @log: what the fake server plays (its first prompt)
 *
 * A new empty window of @app connects to a new fake server (what
 * `hotpath --connect URL` does), with the short waits of a test.
 */
void
hp_live_test_start (HpLiveTest    *live,
                    HpApplication *app,
                    HpReplayLog   *log)
{
  g_autofree char *connected = NULL;
  HpLiveCapture *capture;

  live->fake = hp_fake_comfy_new (log);
  live->errors = g_ptr_array_new_with_free_func (g_free);
  live->texts = g_ptr_array_new_with_free_func (g_free);
  live->window = HP_WINDOW (hp_application_new_window (app));
  gtk_window_present (GTK_WINDOW (live->window));
  hp_test_wait_for (hp_test_widget_mapped, live->window);

  gtk_widget_activate_action (GTK_WIDGET (live->window), "win.connect-to", "s", hp_fake_comfy_get_uri (live->fake));
  connected = hp_live_test_connected_text (live);
  hp_live_test_wait_for_indicator (live->window, connected);
  live->controller = _hp_window_get_live (live->window);
  g_assert_nonnull (live->controller);
  capture = hp_live_controller_get_capture (live->controller);
  live->client = hp_live_capture_get_client (capture);
  hp_comfy_client_set_poll_interval_ms (live->client, 0);
  hp_live_capture_set_history_interval_ms (capture, 0);
  _hp_comfy_client_set_backoff (live->client, 20, 200);
  _hp_comfy_client_set_retry_delay (live->client, 20);
  g_signal_connect (live->controller, "error", G_CALLBACK (on_error), live);
  g_signal_connect (live->controller, "notify::state", G_CALLBACK (on_state), live);
}

/* Disconnects, closes the window, stops the fake. */
void
hp_live_test_finish (HpLiveTest *live)
{
  gtk_widget_activate_action (GTK_WIDGET (live->window), "win.disconnect", NULL);
  hp_live_test_wait_for_indicator (live->window, "Disconnected");
  g_signal_handlers_disconnect_by_data (live->controller, live);
  hp_window_set_modified (live->window, FALSE);
  gtk_window_destroy (GTK_WINDOW (live->window));
  hp_fake_comfy_free (live->fake);
  g_ptr_array_unref (live->errors);
  g_ptr_array_unref (live->texts);
}

/* How many of the window's messages start with @prefix. */
guint
hp_live_test_count_errors (HpLiveTest *live,
                           const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < live->errors->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (live->errors, i), prefix);
  return n;
}

/* No dialog of any kind: the window (or windows) and nothing else. */
void
hp_live_test_assert_no_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) && !HP_IS_WINDOW (window))
        g_error ("a %s is open", G_OBJECT_TYPE_NAME (window));
    }
}

/* ---- runs ---------------------------------------------------------------- */

HpRun *
hp_live_test_find_run (HpWindow   *window,
                       const char *id)
{
  HpProfile *profile = hp_window_get_profile (window);

  for (guint i = 0; profile != NULL && i < hp_profile_get_n_runs (profile); i++)
    if (g_strcmp0 (hp_run_get_id (hp_profile_get_run (profile, i)), id) == 0)
      return hp_profile_get_run (profile, i);
  return NULL;
}

/* An HpTestCondition on an HpRunWait: the run is there and ended. */
gboolean
hp_live_test_run_ended (gpointer run_wait)
{
  HpRunWait *wait = run_wait;
  HpRun *run = hp_live_test_find_run (wait->window, wait->id);

  return run != NULL && hp_run_get_status (run) != HP_RUN_STATUS_RUNNING;
}

/* Plays prompt A as @id at @speed with @frames between; waits for its run. */
HpRun *
hp_live_test_play (HpLiveTest        *live,
                   const char        *id,
                   double             speed,
                   const HpFakeFrame *frames,
                   guint              n_frames)
{
  HpRunWait wait = { live->window, id };

  hp_fake_comfy_play (live->fake, id, speed, frames, n_frames);
  hp_test_wait_for (hp_live_test_run_ended, &wait);
  hp_live_controller_flush (live->controller);
  hp_test_flush ();
  return hp_live_test_find_run (live->window, id);
}

HpNodeRun *
hp_live_test_node_run (HpRun      *run,
                       const char *node_id)
{
  HpNodeRun *found = hp_run_lookup_node_run (run, g_intern_string (node_id));

  g_assert_nonnull (found);
  return found;
}

void
hp_live_test_assert_duration_ms (HpRun      *run,
                                 const char *node_id,
                                 double      expected_ms)
{
  gint64 us = hp_node_run_get_duration_us (hp_live_test_node_run (run, node_id));

  g_test_message ("run %s node %s: %.1f ms (expected %.0f ms)", hp_run_get_id (run), node_id, us / 1000.0,
                  expected_ms);
  g_assert_cmpint (us, !=, HP_TIME_UNKNOWN);
  g_assert_cmpfloat (fabs (us - expected_ms * 1000.0), <=, HP_LIVE_TEST_TOLERANCE_US);
}

/**
 * hp_live_test_assert_prompt_a:
 * @speed: what it was played at; 0: times not checked (a window's first
 *   run shares the main loop with building the window)
 *
 * Prompt A of replay-two-prompts.jsonl recorded whole: seven nodes
 * completed, each lasting its gap of the log ÷ @speed.
 */
void
hp_live_test_assert_prompt_a (HpRun  *run,
                              double  speed)
{
  g_assert_nonnull (run);
  g_assert_cmpint (hp_run_get_status (run), ==, HP_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (run)), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(HpNodeRun) each = g_list_model_get_item (G_LIST_MODEL (run), i);

      g_assert_cmpint (hp_node_run_get_status (each), ==, HP_NODE_STATUS_COMPLETED);
    }
  if (speed <= 0)
    return;
  /* received_ms − 1700000000000 of each node's executing and the next */
  hp_live_test_assert_duration_ms (run, "4", (215 - 15) / speed);
  hp_live_test_assert_duration_ms (run, "5", (220 - 215) / speed);
  hp_live_test_assert_duration_ms (run, "6", (230 - 220) / speed);
  hp_live_test_assert_duration_ms (run, "7", (240 - 230) / speed);
  hp_live_test_assert_duration_ms (run, "3", (450 - 240) / speed);  /* the sampler, two steps */
  hp_live_test_assert_duration_ms (run, "8", (500 - 450) / speed);
  hp_live_test_assert_duration_ms (run, "9", (525 - 500) / speed);  /* to execution_success */
}

/* The window's run list, its page of the side stack brought to the
 * front so that its rows exist. */
HpRunList *
hp_live_test_get_run_list (HpWindow *window)
{
  g_autoptr(GPtrArray) lists = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_RUN_LIST);
  GtkWidget *page;

  g_assert_cmpuint (lists->len, ==, 1);
  page = g_ptr_array_index (lists, 0);
  while (gtk_widget_get_parent (page) != NULL && !GTK_IS_STACK (gtk_widget_get_parent (page)))
    page = gtk_widget_get_parent (page);
  g_assert_nonnull (gtk_widget_get_parent (page));
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (page)), page);
  hp_test_settle ();
  return g_ptr_array_index (lists, 0);
}

guint
hp_live_test_run_list_rows (HpWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (hp_run_list_get_selection (hp_live_test_get_run_list (window))));
}

HpGraphCanvas *
hp_live_test_get_canvas (HpWindow *window)
{
  g_autoptr(GPtrArray) canvases = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_GRAPH_CANVAS);

  g_assert_cmpuint (canvases->len, ==, 1);
  return g_ptr_array_index (canvases, 0);
}

/* An HpTestCondition on an HpFileWait: the file is there and holds
 * @n_runs runs (it is written in a thread, atomically: a half-written
 * file is never seen). Looks every 100 ms: reading a big profile on
 * every turn of the loop would starve the thread that writes it. */
gboolean
hp_live_test_file_has_runs (gpointer file_wait)
{
  HpFileWait *wait = file_wait;
  g_autofree char *path = g_file_get_path (wait->file);
  g_autoptr(HpProfile) profile = NULL;
  gint64 now = g_get_monotonic_time ();

  if (now < wait->next_look)
    return FALSE;
  wait->next_look = now + 100 * G_TIME_SPAN_MILLISECOND;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  profile = hp_profile_load_file (path, NULL);
  return profile != NULL && hp_profile_get_n_runs (profile) == wait->n_runs;
}

/* ---- the main loop keeps running ------------------------------------------ */

static gboolean
heartbeat_beat (gpointer data)
{
  HpHeartbeat *heart = data;
  gint64 now = g_get_monotonic_time ();

  heart->max_gap = MAX (heart->max_gap, now - heart->last);
  heart->last = now;
  heart->ticks++;
  return G_SOURCE_CONTINUE;
}

void
hp_heartbeat_start (HpHeartbeat *heart)
{
  *heart = (HpHeartbeat) { 0 };
  heart->last = g_get_monotonic_time ();
  heart->id = g_timeout_add (10, heartbeat_beat, heart);
}

/* Stops it; fails when the main loop stalled. */
void
hp_heartbeat_check (HpHeartbeat *heart,
                    const char  *what)
{
  gint64 gap = MAX (heart->max_gap, g_get_monotonic_time () - heart->last);

  g_clear_handle_id (&heart->id, g_source_remove);
  g_test_message ("%s: a 10 ms timeout ran %u times, longest gap %.0f ms", what, heart->ticks, gap / 1000.0);
  g_assert_cmpuint (heart->ticks, >=, 5);
  g_assert_cmpint (gap, <, HP_LIVE_TEST_MAX_STALL_US);
}
