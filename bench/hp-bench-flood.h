/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The flood server the live benchmarks share: a stand-in ComfyUI server
 * in its own thread (its own GMainContext, so it uses the second core)
 * that sends pre-rendered frames of a synthetic log over /ws — all at
 * once, or paced at a rate — and serves each prompt's graph over GET
 * /history/ID as ComfyUI does. Prompts are broadcast (queued without a
 * client id), so a capture records them all with per-node times. */

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct {
  GPtrArray       *frames;     /* char*, rendered */
  guint            n_nodes;
  char            *graph;      /* the API prompt, rendered */
  double           rate;       /* frames per second; 0: all at once */
  gint64          *sent_us;    /* monotonic, per frame (written by the flood thread) */
  guint            n_sent;     /* frames sent so far (atomic) */

  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  SoupServer      *soup;
  SoupWebsocketConnection *ws;
  guint            next;
  gint64           start_us;
  gint64           cpu_start_us, cpu_us;   /* the flood thread's CPU time */
  GMutex           lock;
  GCond            cond;
  guint            port;
} Flood;

/* An API prompt: a chain of @n_nodes nodes (a Loader, then Step nodes). */
char      *hp_bench_make_graph     (guint n_nodes);
/* @n_prompts prompts "bench-00000"…: execution_start, execution_cached,
 * for each node one `executing` and @n_steps `progress`, then
 * execution_success and `executing` null. */
GPtrArray *hp_bench_make_frames    (guint n_prompts,
                                    guint n_nodes,
                                    guint n_steps);
/* User + system CPU time of the calling thread, µs. */
gint64     hp_bench_thread_cpu_us  (void);
/* Listens on 127.0.0.1 (flood->port); sends once a websocket connects.
 * @rate: frames per second, 0 for all at once. */
Flood     *hp_bench_flood_start    (GPtrArray  *frames,
                                    const char *graph,
                                    double      rate);
void       hp_bench_flood_stop     (Flood      *flood);

G_END_DECLS
