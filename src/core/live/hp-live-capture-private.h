/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-event-log-writer.h"
#include "hp-live-capture.h"

G_BEGIN_DECLS

/* Shared by hp-live-capture.c (the object, the client → recorder wiring),
 * hp-live-capture-save.c (the event log, autosave) and
 * hp-live-capture-run.c (run and profile, and watch mode's /history
 * follow-up). */

/* GET /history?max_items=N: the newest N entries, enough to see what
 * finished since the last look. */
#define HP_LIVE_HISTORY_WINDOW 64
#define HP_LIVE_HISTORY_INTERVAL_MS 5000

/* One hp_live_capture_run_prompt_async() call. */
typedef struct {
  JsonNode   *prompt;
  JsonNode   *workflow;
  guint       n_runs;
  gboolean    vary_seed;
  guint       n_queued;          /* POSTs that succeeded */
  char       *waiting_id;        /* the prompt whose run we wait for */
  gboolean    posting;
  gboolean    waiting_connection;
  gulong      cancel_id;
} HpLiveRunJob;

struct _HpLiveCapture
{
  GObject           parent_instance;

  HpComfyClient    *client;
  HpRecorder       *recorder;
  HpEventLogWriter *log;
  GCancellable     *cancellable;     /* internal requests; renewed by stop */

  /* autosave */
  GFile            *autosave_dir;
  GHashTable       *autosave_files;  /* HpProfile* → GFile* */
  char             *session_stamp;   /* "20250101-120000", part of the names */
  guint             n_runs_finished;

  /* run and profile */
  GTask            *run_task;        /* task data: HpLiveRunJob */
  guint             n_runs_done;
  GHashTable       *own_prompts;     /* ids we queued */
  JsonNode         *posting_graph;   /* the graph of the POST in flight */
  gint64            posting_us;

  /* watch mode: prompts other clients queued */
  GHashTable       *history_known;   /* ids seen in /history (or handled) */
  gboolean          history_baseline;
  gboolean          history_in_flight;
  gboolean          history_again;
  guint             history_interval_ms;
  guint             history_timer_id;
};

/* hp-live-capture.c */
void      _hp_live_capture_emit_error      (HpLiveCapture *self,
                                            const GError  *error);
void      _hp_live_capture_emit_saved      (HpLiveCapture *self,
                                            HpProfile     *profile,
                                            GFile         *file);

/* hp-live-capture-save.c */
/* Reports a write error of the event log and stops logging. */
void      _hp_live_capture_log_failed      (HpLiveCapture *self,
                                            GError        *error);
/* Saves @profile to its autosave file (if any), then "run-saved". */
void      _hp_live_capture_autosave        (HpLiveCapture *self,
                                            HpProfile     *profile);

/* hp-live-capture-run.c */
void      _hp_live_capture_run_free        (gpointer       data);
/* The recorder finished @run: the job's next POST when it was ours. */
void      _hp_live_capture_run_finished    (HpLiveCapture *self,
                                            HpRun         *run);
/* The client is (again) connected. */
void      _hp_live_capture_connected       (HpLiveCapture *self);
/* Ends the job (stop, dispose) with G_IO_ERROR_CANCELLED. */
void      _hp_live_capture_abort_run       (HpLiveCapture *self,
                                            const char    *why);
/* A status message or the timer: look at /history for prompts that
 * finished without node events for us. */
void      _hp_live_capture_check_history   (HpLiveCapture *self);
void      _hp_live_capture_restart_history_timer (HpLiveCapture *self);

G_END_DECLS
