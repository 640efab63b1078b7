/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hp-comfy-address.h"

G_BEGIN_DECLS

typedef enum {
  HP_COMFY_CLIENT_DISCONNECTED,
  HP_COMFY_CLIENT_CONNECTING,
  HP_COMFY_CLIENT_CONNECTED,
  HP_COMFY_CLIENT_RECONNECTING,
} HpComfyClientState;

typedef enum {
  HP_COMFY_AUTH_NONE,
  HP_COMFY_AUTH_BASIC,    /* token "user:password" → Authorization: Basic … */
  HP_COMFY_AUTH_BEARER,   /* token → Authorization: Bearer … */
} HpComfyAuthKind;

#define HP_TYPE_COMFY_CLIENT_STATE (hp_comfy_client_state_get_type ())
#define HP_TYPE_COMFY_AUTH_KIND    (hp_comfy_auth_kind_get_type ())
#define HP_TYPE_COMFY_CLIENT       (hp_comfy_client_get_type ())

GType hp_comfy_client_state_get_type (void) G_GNUC_CONST;
GType hp_comfy_auth_kind_get_type    (void) G_GNUC_CONST;

/* The connection to one ComfyUI server: its websocket (with our clientId,
 * reconnecting with backoff) and its HTTP API. It reports what the server
 * says, parsed but not interpreted — HpRecorder turns messages into runs:
 *
 *   "message"        (JsonNode *message, gint64 received_us): every text
 *                    frame that is an object with a "type" string
 *   "prompt"         (const char *prompt_id, double number, JsonNode *graph,
 *                    JsonNode *workflow (nullable), gint64 received_us,
 *                    gint64 create_time_us): a prompt's graph, fetched over
 *                    HTTP for every prompt id seen in execution_start/
 *                    execution_cached/executing, or the prompt this client
 *                    queued; create_time_us is its extra_data.create_time
 *                    (server clock, µs), G_MININT64 when unknown (always for
 *                    the prompts this client queued)
 *   "system-stats"   (JsonNode *stats, gint64 received_us): GET /system_stats
 *                    sampled while a prompt executes
 *   "protocol-error" (GError *error): something skipped (a frame that is not
 *                    JSON, a graph that could not be fetched); still connected
 *   "state-changed"  (HpComfyClientState state), also notify::state
 *   "connection-lost" (gint64 when_us): the socket closed unexpectedly; runs
 *                    in progress were cut off; reconnecting follows
 *
 * Receive times are µs since the epoch and never go backwards. Nodes given
 * to handlers are the client's: ref them to keep, do not change them.
 * Everything runs on the thread-default main context of the creator. */
G_DECLARE_FINAL_TYPE (HpComfyClient, hp_comfy_client, HP, COMFY_CLIENT, GObject)

/* NULL and HP_COMFY_ERROR_ADDRESS when @address is not a server address. */
HpComfyClient      *hp_comfy_client_new                  (const char           *address,
                                                          GError              **error);

const char         *hp_comfy_client_get_address          (HpComfyClient        *self);
/* NULL when the address property did not parse. */
const HpComfyAddress *hp_comfy_client_get_parsed_address (HpComfyClient        *self);
const char         *hp_comfy_client_get_client_id        (HpComfyClient        *self);
HpComfyClientState  hp_comfy_client_get_state            (HpComfyClient        *self);
/* -1 until the server said. */
int                 hp_comfy_client_get_queue_remaining  (HpComfyClient        *self);
guint               hp_comfy_client_get_poll_interval_ms (HpComfyClient        *self);
/* 0 turns system_stats sampling off. */
void                hp_comfy_client_set_poll_interval_ms (HpComfyClient        *self,
                                                          guint                 interval_ms);
HpComfyAuthKind     hp_comfy_client_get_auth_kind        (HpComfyClient        *self);
/* Sent on every request and on the websocket handshake; never logged,
 * never in an error message, and not readable back. */
void                hp_comfy_client_set_auth             (HpComfyClient        *self,
                                                          HpComfyAuthKind       kind,
                                                          const char           *token);

/* Opens the websocket. Fails with HP_COMFY_ERROR (UNREACHABLE, AUTH,
 * NOT_COMFYUI, ADDRESS, BUSY). Once connected, a lost connection is
 * reopened with backoff until hp_comfy_client_disconnect(). */
void                hp_comfy_client_connect_async        (HpComfyClient        *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean            hp_comfy_client_connect_finish       (HpComfyClient        *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* Closes the websocket and stops reconnecting, polling and graph fetches. */
void                hp_comfy_client_disconnect           (HpComfyClient        *self);

/* POST /prompt with this client's client_id (so the node events come to
 * this socket) and @workflow as extra_data.extra_pnginfo.workflow. Emits
 * "prompt" for the graph once the server accepted it. A refused graph
 * gives HP_COMFY_ERROR_PROMPT_REJECTED naming the failing nodes. */
void                hp_comfy_client_queue_prompt_async   (HpComfyClient        *self,
                                                          JsonNode             *api_prompt,
                                                          JsonNode             *workflow,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* The prompt id (free it); @number (optional) its place in the queue. */
char               *hp_comfy_client_queue_prompt_finish  (HpComfyClient        *self,
                                                          GAsyncResult         *result,
                                                          double               *number,
                                                          GError              **error);

/* GET /history?max_items=N (0: the whole history), for picking a
 * workflow to run: {prompt_id: {"prompt": [...], "outputs", "status"}, …}. */
void                hp_comfy_client_fetch_history_async  (HpComfyClient        *self,
                                                          guint                 max_items,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
JsonNode           *hp_comfy_client_fetch_history_finish (HpComfyClient        *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* GET /history/PROMPT_ID: {prompt_id: {…}}, the same shape as the history
 * (so the history reader opens it); HP_COMFY_ERROR_NOT_FOUND when the
 * server does not know the prompt (yet). */
void                hp_comfy_client_fetch_history_entry_async  (HpComfyClient  *self,
                                                                const char     *prompt_id,
                                                                GCancellable   *cancellable,
                                                                GAsyncReadyCallback callback,
                                                                gpointer        user_data);
JsonNode           *hp_comfy_client_fetch_history_entry_finish (HpComfyClient  *self,
                                                                GAsyncResult   *result,
                                                                GError        **error);
/* POST /interrupt: stops what the server runs now (only @prompt_id on
 * servers that take one; older ones stop whatever runs). Best effort:
 * a server without the endpoint answers HP_COMFY_ERROR_HTTP. */
void                hp_comfy_client_interrupt_async      (HpComfyClient        *self,
                                                          const char           *prompt_id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean            hp_comfy_client_interrupt_finish     (HpComfyClient        *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
