/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hp-comfy-client.h"
#include "hp-profile.h"
#include "hp-recorder.h"

G_BEGIN_DECLS

/* A live capture session against one ComfyUI server: the client, the
 * recorder that turns its messages into runs, the raw event log and the
 * autosave of every finished run. The app (one per connection) and
 * `hotpath-cli record` both drive live capture through this object, so
 * they behave the same.
 *
 * Two modes, both on at once: everything the server sends us is recorded
 * (watch); hp_live_capture_run_prompt_async() queues a workflow N times
 * with our client id and records each run (run and profile). Prompts
 * other clients queued are followed through /history and recorded as
 * run-level facts only. Main thread only. */
#define HP_TYPE_LIVE_CAPTURE (hp_live_capture_get_type ())
G_DECLARE_FINAL_TYPE (HpLiveCapture, hp_live_capture, HP, LIVE_CAPTURE, GObject)

/* @address as users write it (see hp_comfy_address_parse()). */
HpLiveCapture      *hp_live_capture_new                (const char     *address,
                                                        GError        **error);

HpComfyClient      *hp_live_capture_get_client         (HpLiveCapture  *self);
HpRecorder         *hp_live_capture_get_recorder       (HpLiveCapture  *self);

/* Where each finished (or cut-off) run's profile is saved, one
 * *.hotpath file per workflow profile, written atomically after every
 * run; NULL turns autosave off. The files stay until the caller deletes
 * them (the app does once the user has saved or discarded them). */
void                hp_live_capture_set_autosave_dir   (HpLiveCapture  *self,
                                                        GFile          *dir);
GFile              *hp_live_capture_get_autosave_file  (HpLiveCapture  *self,
                                                        HpProfile      *profile);

/* Appends every message, graph and system_stats sample to @file as
 * JSON Lines (the event-log format); NULL stops. */
gboolean            hp_live_capture_set_event_log      (HpLiveCapture  *self,
                                                        GFile          *file,
                                                        GError        **error);

void                hp_live_capture_start_async        (HpLiveCapture  *self,
                                                        GCancellable   *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer        user_data);
gboolean            hp_live_capture_start_finish       (HpLiveCapture  *self,
                                                        GAsyncResult   *result,
                                                        GError        **error);
/* Disconnects; runs in progress end as interrupted and are autosaved. */
void                hp_live_capture_stop               (HpLiveCapture  *self);

/* Queues @prompt (API format) @n_runs times, one after the other (the
 * next when the previous has finished), with a new seed each time when
 * @vary_seed. Completes when all runs are recorded, on the first error,
 * or when cancelled (the run in progress is then interrupted on the
 * server with POST /interrupt). */
void                hp_live_capture_run_prompt_async   (HpLiveCapture  *self,
                                                        JsonNode       *prompt,
                                                        JsonNode       *workflow,
                                                        guint           n_runs,
                                                        gboolean        vary_seed,
                                                        GCancellable   *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer        user_data);
gboolean            hp_live_capture_run_prompt_finish  (HpLiveCapture  *self,
                                                        GAsyncResult   *result,
                                                        GError        **error);
/* Runs finished so far by the current/last hp_live_capture_run_prompt_async(). */
guint               hp_live_capture_get_n_runs_done    (HpLiveCapture  *self);

/* Added by the capture helper: */
/* A file of the caller's choosing for @profile's runs (hotpath-cli
 * record -o), saved like the autosave directory's files after every run
 * even when no directory is set; call it from "profile-added". */
void                hp_live_capture_set_autosave_file  (HpLiveCapture  *self,
                                                        HpProfile      *profile,
                                                        GFile          *file);
HpComfyClientState  hp_live_capture_get_state          (HpLiveCapture  *self);
/* TRUE for a prompt this capture queued (its node events come to us). */
gboolean            hp_live_capture_is_own_prompt      (HpLiveCapture  *self,
                                                        const char     *prompt_id);
/* Watch mode looks at GET /history on every status message and every
 * @interval_ms (default 5000; 0: status messages only) for prompts that
 * other clients queued, and records them as run-level facts. */
void                hp_live_capture_set_history_interval_ms (HpLiveCapture *self,
                                                             guint          interval_ms);

/* (element-type HpProfile) (transfer none): the recorder's profiles. */
GPtrArray          *hp_live_capture_get_profiles       (HpLiveCapture  *self);
guint               hp_live_capture_get_n_runs_finished (HpLiveCapture *self);

/* Signals (the recorder's, forwarded, plus the capture's own):
 *   "profile-added"  (HpProfile *profile)
 *   "run-started"    (HpProfile *profile, HpRun *run)
 *   "run-updated"    (HpProfile *profile, HpRun *run, const char *node_id)
 *   "run-finished"   (HpProfile *profile, HpRun *run)
 *   "run-saved"      (HpProfile *profile, GFile *file)   after autosave
 *   "error"          (GError *error)  a problem the user should see that
 *                    does not stop the capture (autosave failed, a
 *                    protocol error, a graph that could not be fetched)
 * Property "state" (HpComfyClientState) mirrors the client's. */

G_END_DECLS
