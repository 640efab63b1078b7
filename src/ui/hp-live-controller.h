/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-comfy-client.h"
#include "hp-live-capture.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* One live connection of the app: an HpLiveCapture, the windows its
 * workflow profiles show in, and the pace of their updates. The capture
 * changes its profiles once per server message; the controller holds
 * back each profile's "changed" and passes it on at most once a frame
 * (60 per second), so a flood of messages never freezes the panels.
 *
 * Signals:
 *   "profile-updated" (HpProfile *profile): after the held-back changes
 *                     of @profile were passed on (also for progress only)
 *   "profile-added"   (HpProfile *profile): a new workflow graph (each
 *                     gets a window: see hp-window-live.c)
 *   "error"           (const char *message): shown to the user; at most
 *                     one per kind of fault every HP_LIVE_ERROR_QUIET_US
 * Properties: "state" (HpComfyClientState), "n-runs" (finished runs
 * recorded), "running" (runs we queued are in progress). */
#define HP_TYPE_LIVE_CONTROLLER (hp_live_controller_get_type ())
G_DECLARE_FINAL_TYPE (HpLiveController, hp_live_controller, HP, LIVE_CONTROLLER, GObject)

/* At most this often (ms) are held-back updates passed on. */
#define HP_LIVE_UPDATE_INTERVAL_MS 16
/* A capture error of the same kind (GError domain and code) as one passed
 * on less than this long ago (µs; a message's time on screen) is only
 * logged: garbage frames and reconnect storms are one message, not one
 * per frame or per attempt. */
#define HP_LIVE_ERROR_QUIET_US (10 * G_USEC_PER_SEC)

HpLiveController   *hp_live_controller_new               (const char        *address,
                                                          GError           **error);
/* @token: "user:password" for basic auth, anything else a bearer token;
 * NULL or "" for none. Handed to the client, never kept or written. */
void                hp_live_controller_set_token         (HpLiveController  *self,
                                                          const char        *token);
/* Where finished runs are saved (NULL: nowhere); see hp_live_autosave_dir(). */
void                hp_live_controller_set_autosave_dir  (HpLiveController  *self,
                                                          GFile             *dir);

void                hp_live_controller_start_async       (HpLiveController  *self,
                                                          GCancellable      *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer           user_data);
gboolean            hp_live_controller_start_finish      (HpLiveController  *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);
/* Queues @prompt @n_runs times (hp_live_capture_run_prompt_async()). */
void                hp_live_controller_run_prompt        (HpLiveController  *self,
                                                          JsonNode          *prompt,
                                                          JsonNode          *workflow,
                                                          guint              n_runs,
                                                          gboolean           vary_seed);
void                hp_live_controller_stop_runs         (HpLiveController  *self);
void                hp_live_controller_disconnect        (HpLiveController  *self);

HpLiveCapture      *hp_live_controller_get_capture       (HpLiveController  *self);
const char         *hp_live_controller_get_address       (HpLiveController  *self);
/* "127.0.0.1:8188": the server as the indicator names it. */
const char         *hp_live_controller_get_server_label  (HpLiveController  *self);
HpComfyClientState  hp_live_controller_get_state         (HpLiveController  *self);
guint               hp_live_controller_get_n_runs        (HpLiveController  *self);
gboolean            hp_live_controller_get_running       (HpLiveController  *self);
/* (transfer none) (nullable): @profile's autosave file, once written. */
GFile              *hp_live_controller_get_autosave_file (HpLiveController  *self,
                                                          HpProfile         *profile);
/* The window that connected: it shows the first profile if it is still
 * empty then; other profiles open new windows of its application. */
void                hp_live_controller_set_origin        (HpLiveController  *self,
                                                          GtkWindow         *window);
/* Passes on what is held back now (tests, and before a save). */
void                hp_live_controller_flush             (HpLiveController  *self);

/* (transfer full): $XDG_DATA_HOME/hotpath/autosave */
GFile              *hp_live_autosave_dir                 (void);

G_END_DECLS
