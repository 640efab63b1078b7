/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A ComfyUI server that misbehaves on purpose, for the window's live
 * fault tests: a SoupServer on 127.0.0.1 in the test process that
 * replays the first prompt of an event log (under any prompt id, at the
 * log's pace) and, between its messages, sends what a test asks: text
 * that is not a message, binary frames, raw bytes a websocket library
 * would refuse to send; it can drop every new socket at once (a
 * reconnect storm) and die without a close frame. Plain struct, not a
 * GObject; main thread only. */
#pragma once

#include <libsoup/soup.h>

#include "hp-replay-log.h"

G_BEGIN_DECLS

typedef struct _HpFakeComfy HpFakeComfy;

/* A frame sent at @at_ms into the played prompt (the log's offsets),
 * before the log's message at the same offset. */
typedef struct
{
  double        at_ms;
  const char   *text;    /* a text frame (valid UTF-8); NULL: binary */
  gsize         size;    /* of the binary frame (zero bytes) */
} HpFakeFrame;

HpFakeComfy *hp_fake_comfy_new             (HpReplayLog       *log);
void         hp_fake_comfy_free            (HpFakeComfy       *fake);

const char  *hp_fake_comfy_get_uri         (HpFakeComfy       *fake);
guint        hp_fake_comfy_get_n_sockets   (HpFakeComfy       *fake);
/* Monotonic µs of each websocket handshake so far. */
GArray      *hp_fake_comfy_get_handshakes  (HpFakeComfy       *fake);
gboolean     hp_fake_comfy_is_open         (HpFakeComfy       *fake);

/* The next @n sockets are accepted and dropped at once, alternately
 * with a close frame and cut off. */
void         hp_fake_comfy_set_drops       (HpFakeComfy       *fake,
                                            guint              n);
guint        hp_fake_comfy_get_drops       (HpFakeComfy       *fake);

/* To the newest socket. */
void         hp_fake_comfy_send_text       (HpFakeComfy       *fake,
                                            const char        *text);
void         hp_fake_comfy_send_binary     (HpFakeComfy       *fake,
                                            gconstpointer      data,
                                            gsize              size);
/* Bytes straight onto its TCP socket (frames libsoup refuses to send). */
void         hp_fake_comfy_send_raw        (HpFakeComfy       *fake,
                                            const guint8      *data,
                                            gsize              size);
/* A close frame ("going away"). */
void         hp_fake_comfy_close           (HpFakeComfy       *fake);
/* The process dies: every socket cut without a close frame, the port
 * no longer listening. */
void         hp_fake_comfy_kill            (HpFakeComfy       *fake);

/* Plays the log's first prompt as @prompt_id: its messages with their
 * prompt_id replaced and server timestamps moved to now (the log's
 * clock offset kept), each at its offset ÷ @speed (0: all at once,
 * before this returns), @frames in between. One prompt at a time. */
void         hp_fake_comfy_play            (HpFakeComfy       *fake,
                                            const char        *prompt_id,
                                            double             speed,
                                            const HpFakeFrame *frames,
                                            guint              n_frames);
/* The same, but only the messages up to @until_ms into the prompt: the
 * server then goes quiet in the middle of the run. */
void         hp_fake_comfy_play_until      (HpFakeComfy       *fake,
                                            const char        *prompt_id,
                                            double             speed,
                                            double             until_ms);
gboolean     hp_fake_comfy_is_playing      (HpFakeComfy       *fake);

G_END_DECLS
