/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hp-replay-log.h"

G_BEGIN_DECLS

/* A stand-in ComfyUI server on 127.0.0.1 that replays an event log, so
 * the live view can be shown and tested without a GPU.
 *
 * Protocol (each path also under /api): websocket /ws?clientId=ID (a
 * status message with the sid on connect); POST /prompt queues the log's
 * next prompt and replays its messages to that client id only (to every
 * socket when the body has no client_id); GET /prompt, /queue, /history,
 * /history/ID, /object_info, /object_info/CLASS, /system_stats.
 *
 * Prompts play one at a time, like ComfyUI's queue. Within a prompt each
 * message waits its original gap (received_ms) divided by the speed
 * after the one before; messages keep their order, their prompt_id is
 * the one POST answered and their server timestamps move by one constant
 * per prompt (now − the log's receive time of the prompt's first item),
 * so differences between them stay exact. Watch mode
 * (hp_replay_server_play_all(), or a client that stays quiet for the
 * watch delay) broadcasts the whole log to every socket, prompt after
 * prompt, with at most 1 s (÷ speed) between prompts. */

#define HP_TYPE_REPLAY_SERVER (hp_replay_server_get_type ())
G_DECLARE_FINAL_TYPE (HpReplayServer, hp_replay_server, HP, REPLAY_SERVER, GObject)

HpReplayServer *hp_replay_server_new              (HpReplayLog    *log);

HpReplayLog    *hp_replay_server_get_log          (HpReplayServer *self);
void            hp_replay_server_set_speed        (HpReplayServer *self,
                                                   double          speed);
double          hp_replay_server_get_speed        (HpReplayServer *self);
void            hp_replay_server_set_loop         (HpReplayServer *self,
                                                   gboolean        loop);
gboolean        hp_replay_server_get_loop         (HpReplayServer *self);
void            hp_replay_server_set_watch_delay  (HpReplayServer *self,
                                                   int             delay_ms);
int             hp_replay_server_get_watch_delay  (HpReplayServer *self);

gboolean        hp_replay_server_listen           (HpReplayServer *self,
                                                   guint           port,
                                                   GError        **error);
guint           hp_replay_server_get_port         (HpReplayServer *self);
const char     *hp_replay_server_get_uri          (HpReplayServer *self);
void            hp_replay_server_stop             (HpReplayServer *self);

void            hp_replay_server_play_all         (HpReplayServer *self);
gboolean        hp_replay_server_is_watching      (HpReplayServer *self);
guint           hp_replay_server_get_n_played     (HpReplayServer *self);
guint           hp_replay_server_get_n_clients    (HpReplayServer *self);

G_END_DECLS
