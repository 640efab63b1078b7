/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "hp-comfy-client.h"

G_BEGIN_DECLS

/* Private to HpComfyClient's files (hp-comfy-client.c: the object;
 * hp-comfy-client-connection.c: websocket, reconnecting, messages;
 * hp-comfy-client-graphs.c: graph fetches; hp-comfy-client-requests.c:
 * the other HTTP requests, sampling) and to its tests. */

enum {
  HP_COMFY_CLIENT_SIGNAL_MESSAGE,
  HP_COMFY_CLIENT_SIGNAL_PROMPT,
  HP_COMFY_CLIENT_SIGNAL_SYSTEM_STATS,
  HP_COMFY_CLIENT_SIGNAL_PROTOCOL_ERROR,
  HP_COMFY_CLIENT_SIGNAL_STATE_CHANGED,
  HP_COMFY_CLIENT_SIGNAL_CONNECTION_LOST,
  HP_COMFY_CLIENT_N_SIGNALS
};

extern guint _hp_comfy_client_signals[HP_COMFY_CLIENT_N_SIGNALS];

/* Graph states kept for the newest this many prompts: a prompt id older
 * than that does not come back, and thousands of prompts in a row must
 * not grow the table without bound. */
#define HP_COMFY_GRAPHS_KEEP 1024

typedef enum {
  HP_COMFY_GRAPH_FETCHING = 1,
  HP_COMFY_GRAPH_KNOWN,
  HP_COMFY_GRAPH_FAILED,
} HpComfyGraphState;

struct _HpComfyClient
{
  GObject                  parent_instance;

  char                    *address_text;
  HpComfyAddress          *address;          /* NULL when address_text did not parse */
  GError                  *address_error;
  char                    *client_id;
  HpComfyAuthKind          auth_kind;
  char                    *token;            /* secret */
  char                    *authorization;    /* header value from token; secret */

  HpComfyClientState       state;
  int                      queue_remaining;
  guint                    poll_interval_ms;
  guint                    backoff_initial_ms;
  guint                    backoff_max_ms;
  guint                    retry_delay_ms;
  guint                    connect_timeout_ms;
  gint64                   last_received_us;

  GMainContext            *context;
  SoupSession             *http_session;
  SoupSession             *ws_session;
  GCancellable            *cancellable;      /* internal HTTP work; renewed by disconnect */
  JsonParser              *parser;           /* websocket messages */

  /* The websocket and (re)connecting. */
  SoupWebsocketConnection *ws;
  gboolean                 want_connected;
  guint                    connect_attempt_id;
  GCancellable            *connect_cancellable;
  GSource                 *connect_timeout;
  gboolean                 connect_timed_out;
  GTask                   *connect_task;
  GCancellable            *user_cancellable;
  gulong                   user_cancel_id;
  guint                    reconnect_attempt;
  GSource                 *reconnect_source;

  /* Graphs: prompt id → HpComfyGraphState; ids seen while a POST /prompt
   * was pending wait in @deferred (their graph is likely ours). */
  GHashTable              *graphs;
  GQueue                  *graphs_known;     /* ids with a known graph, oldest first (owned) */
  GHashTable              *deferred;
  guint                    posts_pending;
  GPtrArray               *timers;           /* GSource of pending retries */

  /* Liveness (hp-comfy-client-connection.c); 0 in the _ms fields means
   * the default. */
  gint64                   connected_at;      /* monotonic µs the socket opened */
  gint64                   last_frame;        /* monotonic µs of the last frame */
  guint                    stable_ms;         /* open this long: the backoff starts over */
  guint                    stall_idle_ms;     /* silence before a probe */
  guint                    stall_probe_ms;    /* how long the probe may take */
  GSource                 *stall_source;
  GSource                 *probe_timeout;
  GCancellable            *probe_cancellable;
  char                    *close_reason;      /* why libsoup failed the socket, if it said */

  /* system_stats sampling while a prompt executes. */
  char                    *polling_prompt;
  GSource                 *poll_source;
  guint                    poll_generation;
  gboolean                 poll_in_flight;
};

/* Tests: short waits. */
void     _hp_comfy_client_set_backoff       (HpComfyClient *self,
                                             guint          initial_ms,
                                             guint          max_ms);
void     _hp_comfy_client_set_retry_delay   (HpComfyClient *self,
                                             guint          delay_ms);
void     _hp_comfy_client_set_connect_timeout (HpComfyClient *self,
                                               guint          timeout_ms);
/* Tests: a connection open @stable_ms resets the backoff; @idle_ms of
 * websocket silence sends a probe, unanswered after @probe_ms the
 * connection is declared dead (0: the defaults). */
void     _hp_comfy_client_set_liveness      (HpComfyClient *self,
                                             guint          stable_ms,
                                             guint          idle_ms,
                                             guint          probe_ms);
/* The delay before reconnect attempt @attempt (0 = first), jitter included. */
guint    _hp_comfy_client_backoff_delay     (HpComfyClient *self,
                                             guint          attempt);

/* Shared between the files. */
void     _hp_comfy_clear_source             (GSource      **source);
void     _hp_comfy_client_set_state         (HpComfyClient *self,
                                             HpComfyClientState state);
void     _hp_comfy_client_set_queue_remaining (HpComfyClient *self,
                                               int            remaining);
/* Closes the socket when @close (else it is closed already). */
void     _hp_comfy_client_detach_ws         (HpComfyClient *self,
                                             gboolean       close);
void     _hp_comfy_client_start_polling     (HpComfyClient *self,
                                             const char    *prompt_id);
void     _hp_comfy_client_stop_polling      (HpComfyClient *self);
void     _hp_comfy_client_restart_poll_timer (HpComfyClient *self);
gint64   _hp_comfy_client_now               (HpComfyClient *self);
GSource *_hp_comfy_client_add_timer         (HpComfyClient *self,
                                             guint          delay_ms,
                                             GSourceFunc    func,
                                             gpointer       data,
                                             GDestroyNotify destroy);
void     _hp_comfy_client_emit_prompt       (HpComfyClient *self,
                                             const char    *prompt_id,
                                             double         number,
                                             JsonNode      *graph,
                                             JsonNode      *workflow,
                                             gint64         create_time_us);
void     _hp_comfy_client_emit_protocol_error (HpComfyClient *self,
                                               const GError  *error);
/* Fetches the graph of @prompt_id unless known, being fetched, or given
 * up on (once per prompt id). */
void     _hp_comfy_client_ensure_graph      (HpComfyClient *self,
                                             const char    *prompt_id);
/* Ids deferred while POSTs were pending: fetch those still unknown. */
void     _hp_comfy_client_flush_deferred    (HpComfyClient *self);

G_END_DECLS
