/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "hp-replay-server.h"

G_BEGIN_DECLS

/* Shared by hp-replay-server.c (the object, its sockets), -play.c (the
 * queue and the timing) and -http.c (the HTTP endpoints). */

/* Longest pause between two prompts in watch mode (before the speed). */
#define HP_REPLAY_WATCH_GAP_MAX_MS 1000.0
/* Messages sent in one main-loop turn when no wait is due. */
#define HP_REPLAY_BATCH 256

typedef struct {
  HpReplayServer          *server;     /* not a reference */
  SoupWebsocketConnection *connection;
  char                    *client_id;
  guint                    watch_id;
  gboolean                 posted;
} HpReplayClient;

typedef struct {
  char     *prompt_id;   /* as served */
  gint64    number;
  guint     index;       /* prompt of the log */
  char     *client_id;   /* NULL: every socket */
  JsonNode *queue_item;  /* [number, prompt_id, graph, extra_data, outputs] */
  gboolean  watch;
} HpReplayJob;

struct _HpReplayServer
{
  GObject      parent_instance;

  HpReplayLog *log;
  double       speed;          /* 0: as fast as possible */
  gboolean     loop;
  int          watch_delay_ms; /* < 0: never start watch mode by itself */

  SoupServer  *soup;
  guint        port;
  char        *uri;
  GPtrArray   *clients;        /* of HpReplayClient* */

  GQueue       pending;        /* of HpReplayJob* */
  HpReplayJob *current;
  guint        item;           /* next item of the current prompt */
  gint64       last_sent_us;   /* monotonic time of the last item sent */
  /* The current prompt's timestamps T become ts_base_ms + (T −
   * ts_anchor_ms) × ts_scale: gaps scaled by 1/speed like the sending,
   * the log's server-vs-local clock offset kept. */
  double       ts_anchor_ms;
  gint64       ts_base_ms;
  double       ts_scale;
  gboolean     failed;
  JsonObject  *outputs;        /* history of the current prompt */
  JsonArray   *messages;
  gint64       hold_until_us;  /* no watch prompt starts earlier */
  guint        timeout_id;

  gboolean     watching;
  guint        watch_next;
  guint        post_next;
  gint64       next_number;
  GHashTable  *used_ids;
  GPtrArray   *history_ids;    /* served ids, in the order they finished */
  GHashTable  *history;        /* id → JsonNode history entry */
  JsonNode    *stats;
  guint        n_played;
};

/* hp-replay-server.c */
void          _hp_replay_server_emit_prompt (HpReplayServer *self,
                                             gboolean        started,
                                             HpReplayJob    *job);

/* hp-replay-server-play.c */
void          _hp_replay_job_free           (gpointer        data);
HpReplayJob  *_hp_replay_job_new            (HpReplayServer *self,
                                             guint           index,
                                             const char     *prompt_id,
                                             const char     *client_id,
                                             JsonNode       *posted_graph,
                                             JsonObject     *posted_extra);
void          _hp_replay_enqueue            (HpReplayServer *self,
                                             HpReplayJob    *job);
void          _hp_replay_schedule           (HpReplayServer *self,
                                             gint64          delay_us);
guint         _hp_replay_queue_remaining    (HpReplayServer *self);

/* hp-replay-server-http.c */
void          _hp_replay_handle_request     (SoupServer        *soup,
                                             SoupServerMessage *msg,
                                             const char        *path,
                                             GHashTable        *query,
                                             gpointer           user_data);

G_END_DECLS
