/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-live: ComfyUI messages through HpLiveCapture (HpComfyClient's
 * websocket + HpRecorder) on loopback, without the UI.
 *
 *   bench-live [--prompts N] [--nodes N] [--steps N] [--rate R] [--latency-prompts N]
 *
 * A flood server runs in its own thread (its own GMainContext, so it uses
 * the second core): it serves pre-rendered frames of a synthetic log —
 * N prompts (default 200) of a chain of N nodes (50), each node one
 * `executing` and N `progress` messages (20) — over /ws, and each
 * prompt's graph over GET /history/ID as ComfyUI does. Prompts are
 * broadcast (queued without a client id), so the capture records them
 * all with per-node times.
 *
 * 1. Throughput: every frame sent at once; messages per second from the
 *    first received to the last recorded (budget ≥ 50,000/s).
 * 2. Latency: frames paced at --rate (default 5,000/s); for each
 *    "run-updated" the time from the server's send of the message that
 *    caused it to the signal; median, p99 and max. */

#include <libsoup/soup.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "hp-bench-flood.h"
#include "hp-live-capture.h"

/* ---- the client side -------------------------------------------------- */

typedef struct {
  Flood  *flood;
  guint   n_received;       /* messages through the capture */
  gint64  first_us, last_us;
  gint64  first_cpu_us, last_cpu_us;   /* this thread's CPU time */
  guint   n_updates;
  guint   n_finished;
  GArray *latencies;        /* double µs */
} Client;

static void
on_message (HpComfyClient *client,
            JsonNode      *message,
            gint64         received_us,
            Client        *c)
{
  /* Connected after the capture's handler: runs once the recorder has
   * taken the message. The status on connect is not a frame. */
  if (c->first_us == 0)
    {
      c->first_us = g_get_monotonic_time ();
      c->first_cpu_us = hp_bench_thread_cpu_us ();
      return;
    }
  c->n_received++;
  c->last_us = g_get_monotonic_time ();
  if (c->n_received == c->flood->frames->len)
    c->last_cpu_us = hp_bench_thread_cpu_us ();
}

static void
on_updated (HpLiveCapture *capture,
            HpProfile     *profile,
            HpRun         *run,
            const char    *node_id,
            Client        *c)
{
  double latency;

  c->n_updates++;
  if (c->latencies == NULL || c->n_received >= c->flood->frames->len)
    return;
  latency = (double) (g_get_monotonic_time () - c->flood->sent_us[c->n_received]);
  g_array_append_val (c->latencies, latency);
}

static void
on_finished (HpLiveCapture *capture,
             HpProfile     *profile,
             HpRun         *run,
             Client        *c)
{
  c->n_finished++;
}

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!hp_live_capture_start_finish (HP_LIVE_CAPTURE (source), result, &error))
    g_error ("connect: %s", error->message);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
run (GPtrArray  *frames,
     const char *graph,
     guint       n_prompts,
     double      rate,
     gboolean    latency)
{
  g_autoptr(HpLiveCapture) capture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  Client c = { 0 };
  gint64 deadline;

  c.flood = hp_bench_flood_start (frames, graph, rate);
  if (latency)
    c.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  uri = g_strdup_printf ("http://127.0.0.1:%u", c.flood->port);
  capture = hp_live_capture_new (uri, &error);
  g_assert_no_error (error);
  hp_comfy_client_set_poll_interval_ms (hp_live_capture_get_client (capture), 0);
  hp_live_capture_set_history_interval_ms (capture, 0);
  g_signal_connect (hp_live_capture_get_client (capture), "message", G_CALLBACK (on_message), &c);
  g_signal_connect (capture, "run-updated", G_CALLBACK (on_updated), &c);
  g_signal_connect (capture, "run-finished", G_CALLBACK (on_finished), &c);
  /* The graphs are known up front, as in run and profile: the latency is
   * message → model, not the graph fetch (which still happens). */
  {
    g_autoptr(JsonNode) graph_node = json_from_string (graph, NULL);

    for (guint p = 0; p < n_prompts; p++)
      {
        g_autofree char *id = g_strdup_printf ("bench-%05u", p);

        hp_recorder_add_prompt (hp_live_capture_get_recorder (capture), id, p, graph_node, NULL,
                                g_get_real_time (), NULL);
      }
  }
  hp_live_capture_start_async (capture, NULL, on_started, NULL);

  deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
  while (c.n_finished < n_prompts && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (c.n_finished < n_prompts)
    g_error ("only %u of %u runs recorded", c.n_finished, n_prompts);

  if (!latency)
    {
      double seconds = (c.last_us - c.first_us) / 1e6;
      double cpu = (c.last_cpu_us - c.first_cpu_us) / 1e6;

      g_print ("throughput: %u messages, %u runs, %u run-updated in %.3f s: %.0f messages/s\n",
               c.n_received, c.n_finished, c.n_updates, seconds, c.n_received / seconds);
      g_print ("client thread CPU: %.3f s, %.1f us a message: %.0f messages per CPU second "
               "(server thread: %.3f s to queue them)\n",
               cpu, cpu * 1e6 / c.n_received, c.n_received / cpu, c.flood->cpu_us / 1e6);
    }
  else
    {
      double *v = (double *) c.latencies->data;
      guint n = c.latencies->len;

      qsort (v, n, sizeof (double), compare_doubles);
      g_print ("latency at %.0f messages/s: %u run-updated, median %.0f us, p99 %.0f us, max %.0f us\n",
               rate, n, v[n / 2], v[MIN (n - 1, (guint) (n * 0.99))], v[n - 1]);
      g_array_unref (c.latencies);
    }

  hp_live_capture_stop (capture);
  hp_bench_flood_stop (c.flood);
}

int
main (int    argc,
      char **argv)
{
  gint n_prompts = 200, n_nodes = 50, n_steps = 20, latency_prompts = 20;
  double rate = 5000;
  g_autoptr(GOptionContext) context = g_option_context_new ("— messages through the live capture");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) frames = NULL;
  g_autoptr(GPtrArray) paced = NULL;
  g_autofree char *graph = NULL;
  GOptionEntry entries[] = {
    { "prompts", 0, 0, G_OPTION_ARG_INT, &n_prompts, "Prompts in the throughput run (200)", "N" },
    { "nodes", 0, 0, G_OPTION_ARG_INT, &n_nodes, "Nodes per prompt (50)", "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &n_steps, "Progress messages per node (20)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Messages per second for the latency run (5000)", "R" },
    { "latency-prompts", 0, 0, G_OPTION_ARG_INT, &latency_prompts, "Prompts in the latency run (20)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_prompts < 1 || n_nodes < 1 ||
      n_steps < 0 || latency_prompts < 1 || rate <= 0)
    {
      g_printerr ("bench-live: %s\n", error != NULL ? error->message : "bad numbers");
      return 2;
    }

  graph = hp_bench_make_graph ((guint) n_nodes);
  frames = hp_bench_make_frames ((guint) n_prompts, (guint) n_nodes, (guint) n_steps);
  g_print ("synthetic log: %d prompts x %d nodes x %d progress = %u messages\n",
           n_prompts, n_nodes, n_steps, frames->len);
  run (frames, graph, (guint) n_prompts, 0, FALSE);

  paced = hp_bench_make_frames ((guint) latency_prompts, (guint) n_nodes, (guint) n_steps);
  run (paced, graph, (guint) latency_prompts, rate, TRUE);
  return 0;
}
