/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for the window's live tests (test-live-window-faults.c): a
 * window connected to a fake ComfyUI server (hp-fake-comfy.h), what it
 * showed (the indicator's texts, its messages), the runs it recorded and
 * a heartbeat that tells whether the main loop kept running. Every helper
 * that checks something fails the running test. */
#pragma once

#include "hp-comfy-client.h"
#include "hp-connection-indicator.h"
#include "hp-fake-comfy.h"
#include "hp-graph-canvas.h"
#include "hp-live-controller.h"
#include "hp-run-list.h"
#include "hp-test-utils.h"

G_BEGIN_DECLS

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer slows the window down about ten times: messages wait
 * in the main loop before they are stamped (as in test-live.c). */
#define HP_LIVE_TEST_TOLERANCE_US (5 * G_TIME_SPAN_SECOND)
#define HP_LIVE_TEST_MAX_STALL_US (30 * G_TIME_SPAN_SECOND)
#else
/* Receive times on a loaded 2-core machine wander by a few frames (the
 * fake server shares the window's main loop); what counts is that each
 * node got its own gap. */
#define HP_LIVE_TEST_TOLERANCE_US (100 * G_TIME_SPAN_MILLISECOND)
/* The longest the main loop may go without running a 10 ms timeout:
 * generous, a frozen window stalls for seconds. */
#define HP_LIVE_TEST_MAX_STALL_US (2 * G_TIME_SPAN_SECOND)
#endif

/* A window connected to its own fake server. */
typedef struct
{
  HpFakeComfy      *fake;
  HpWindow         *window;
  HpLiveController *controller;
  HpComfyClient    *client;
  GPtrArray        *errors;   /* char*: the messages the window was given */
  GPtrArray        *texts;    /* char*: the indicator's texts, as they changed */
} HpLiveTest;

void                   hp_live_test_start              (HpLiveTest     *live,
                                                        HpApplication  *app,
                                                        HpReplayLog    *log);
void                   hp_live_test_finish             (HpLiveTest     *live);

HpConnectionIndicator *hp_live_test_get_indicator      (HpWindow       *window);
void                   hp_live_test_wait_for_indicator (HpWindow       *window,
                                                        const char     *text);
char                  *hp_live_test_connected_text     (HpLiveTest     *live);
gboolean               hp_live_test_saw_text           (HpLiveTest     *live,
                                                        const char     *text);
guint                  hp_live_test_count_errors       (HpLiveTest     *live,
                                                        const char     *prefix);
void                   hp_live_test_assert_no_dialog   (void);

/* Runs. */
typedef struct
{
  HpWindow   *window;
  const char *id;
} HpRunWait;

HpRun                 *hp_live_test_find_run           (HpWindow       *window,
                                                        const char     *id);
gboolean               hp_live_test_run_ended          (gpointer        run_wait);
HpRun                 *hp_live_test_play               (HpLiveTest     *live,
                                                        const char     *id,
                                                        double          speed,
                                                        const HpFakeFrame *frames,
                                                        guint           n_frames);
HpNodeRun             *hp_live_test_node_run           (HpRun          *run,
                                                        const char     *node_id);
void                   hp_live_test_assert_duration_ms (HpRun          *run,
                                                        const char     *node_id,
                                                        double          expected_ms);
void                   hp_live_test_assert_prompt_a    (HpRun          *run,
                                                        double          speed);
HpRunList             *hp_live_test_get_run_list       (HpWindow       *window);
guint                  hp_live_test_run_list_rows      (HpWindow       *window);
HpGraphCanvas         *hp_live_test_get_canvas         (HpWindow       *window);

/* An autosave file that holds @n_runs runs. */
typedef struct
{
  GFile  *file;
  guint   n_runs;
  gint64  next_look;   /* monotonic µs; 0 at first */
} HpFileWait;

gboolean               hp_live_test_file_has_runs      (gpointer        file_wait);

/* The main loop keeps running: a 10 ms timeout and its longest gap. */
typedef struct
{
  guint  id;
  guint  ticks;
  gint64 last;
  gint64 max_gap;
} HpHeartbeat;

void                   hp_heartbeat_start              (HpHeartbeat    *heart);
void                   hp_heartbeat_check              (HpHeartbeat    *heart,
                                                        const char     *what);

G_END_DECLS
