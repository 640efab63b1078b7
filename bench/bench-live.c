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

#include "hp-live-capture.h"

typedef struct {
  GPtrArray       *frames;     /* char*, rendered */
  guint            n_nodes;
  char            *graph;      /* the API prompt, rendered */
  double           rate;       /* frames per second; 0: all at once */
  gint64          *sent_us;    /* monotonic, per frame */

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

/* ---- the synthetic log ---------------------------------------------------- */

static char *
make_graph (guint n_nodes)
{
  GString *out = g_string_new ("{");

  for (guint i = 1; i <= n_nodes; i++)
    {
      if (i > 1)
        g_string_append_c (out, ',');
      if (i == 1)
        g_string_append_printf (out, "\"%u\":{\"class_type\":\"Loader\",\"inputs\":{\"name\":\"model\"},"
                                     "\"_meta\":{\"title\":\"Loader\"}}", i);
      else
        g_string_append_printf (out, "\"%u\":{\"class_type\":\"Step%u\",\"inputs\":{\"x\":[\"%u\",0],\"n\":%u},"
                                     "\"_meta\":{\"title\":\"Step %u\"}}", i, i % 7, i - 1, i, i);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static GPtrArray *
make_frames (guint n_prompts,
             guint n_nodes,
             guint n_steps)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func (g_free);
  gint64 t = G_GINT64_CONSTANT (1700000000000);

  for (guint p = 0; p < n_prompts; p++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%05u", p);

      g_ptr_array_add (frames, g_strdup_printf ("{\"type\":\"execution_start\",\"data\":{\"prompt_id\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT "}}", id, t++));
      g_ptr_array_add (frames, g_strdup_printf ("{\"type\":\"execution_cached\",\"data\":{\"nodes\":[],\"prompt_id\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT "}}", id, t++));
      for (guint n = 1; n <= n_nodes; n++)
        {
          g_ptr_array_add (frames, g_strdup_printf ("{\"type\":\"executing\",\"data\":{\"node\":\"%u\",\"display_node\":\"%u\",\"prompt_id\":\"%s\"}}", n, n, id));
          for (guint s = 1; s <= n_steps; s++)
            g_ptr_array_add (frames, g_strdup_printf ("{\"type\":\"progress\",\"data\":{\"value\":%u,\"max\":%u,\"prompt_id\":\"%s\",\"node\":\"%u\"}}", s, n_steps, id, n));
        }
      g_ptr_array_add (frames, g_strdup_printf ("{\"type\":\"execution_success\",\"data\":{\"prompt_id\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT "}}", id, t++));
      g_ptr_array_add (frames, g_strdup_printf ("{\"type\":\"executing\",\"data\":{\"node\":null,\"prompt_id\":\"%s\"}}", id));
    }
  return frames;
}

/* ---- the flood server (its own thread) ---------------------------------- */

/* User + system CPU time of the calling thread: the throughput the client
 * thread would reach with a core of its own, whatever else runs. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}


static gboolean
pump (gpointer data)
{
  Flood *flood = data;
  gint64 now = g_get_monotonic_time ();
  guint batch = 0;

  if (flood->ws == NULL)
    return G_SOURCE_CONTINUE;
  if (flood->start_us == 0)
    {
      flood->start_us = now;
      flood->cpu_start_us = thread_cpu_us ();
    }
  while (flood->next < flood->frames->len && batch < 512)
    {
      if (flood->rate > 0 && now < flood->start_us + (gint64) (flood->next * 1e6 / flood->rate))
        break;
      flood->sent_us[flood->next] = g_get_monotonic_time ();
      soup_websocket_connection_send_text (flood->ws, g_ptr_array_index (flood->frames, flood->next));
      flood->next++;
      batch++;
    }
  if (flood->next >= flood->frames->len)
    {
      flood->cpu_us = thread_cpu_us () - flood->cpu_start_us;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 data)
{
  Flood *flood = data;
  GSource *source;

  if (flood->ws != NULL)
    return;
  flood->ws = g_object_ref (connection);
  soup_websocket_connection_send_text (connection,
                                       "{\"type\":\"status\",\"data\":{\"status\":{\"exec_info\":{\"queue_remaining\":0}},\"sid\":\"bench\"}}");
  source = g_idle_source_new ();
  g_source_set_callback (source, pump, flood, NULL);
  g_source_attach (source, flood->context);
  g_source_unref (source);
}

static void
on_http (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  Flood *flood = data;
  char *body;

  if (strcmp (path, "/queue") == 0)
    body = g_strdup ("{\"queue_running\":[],\"queue_pending\":[]}");
  else if (g_str_has_prefix (path, "/history/"))
    body = g_strdup_printf ("{\"%s\":{\"prompt\":[0,\"%s\",%s,{},[]],\"outputs\":{},"
                            "\"status\":{\"status_str\":\"success\",\"completed\":true,\"messages\":[]}}}",
                            path + 9, path + 9, flood->graph);
  else if (strcmp (path, "/history") == 0)
    body = g_strdup ("{}");
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static gpointer
flood_thread (gpointer data)
{
  Flood *flood = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (flood->context);
  flood->soup = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (flood->soup, "/ws", NULL, NULL, on_websocket, flood, NULL);
  soup_server_add_handler (flood->soup, NULL, on_http, flood, NULL);
  if (!soup_server_listen_local (flood->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("listen: %s", error->message);
  uris = soup_server_get_uris (flood->soup);
  g_mutex_lock (&flood->lock);
  flood->port = (guint) g_uri_get_port (uris->data);
  g_cond_signal (&flood->cond);
  g_mutex_unlock (&flood->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (flood->loop);

  g_clear_object (&flood->ws);
  soup_server_disconnect (flood->soup);
  g_clear_object (&flood->soup);
  g_main_context_pop_thread_default (flood->context);
  return NULL;
}

static Flood *
flood_start (GPtrArray  *frames,
             const char *graph,
             double      rate)
{
  Flood *flood = g_new0 (Flood, 1);

  flood->frames = frames;
  flood->graph = g_strdup (graph);
  flood->rate = rate;
  flood->sent_us = g_new0 (gint64, frames->len);
  flood->context = g_main_context_new ();
  flood->loop = g_main_loop_new (flood->context, FALSE);
  g_mutex_init (&flood->lock);
  g_cond_init (&flood->cond);
  flood->thread = g_thread_new ("flood", flood_thread, flood);
  g_mutex_lock (&flood->lock);
  while (flood->port == 0)
    g_cond_wait (&flood->cond, &flood->lock);
  g_mutex_unlock (&flood->lock);
  return flood;
}

static void
flood_stop (Flood *flood)
{
  g_main_loop_quit (flood->loop);
  g_thread_join (flood->thread);
  g_main_loop_unref (flood->loop);
  g_main_context_unref (flood->context);
  g_mutex_clear (&flood->lock);
  g_cond_clear (&flood->cond);
  g_free (flood->sent_us);
  g_free (flood->graph);
  g_free (flood);
}

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
      c->first_cpu_us = thread_cpu_us ();
      return;
    }
  c->n_received++;
  c->last_us = g_get_monotonic_time ();
  if (c->n_received == c->flood->frames->len)
    c->last_cpu_us = thread_cpu_us ();
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

  c.flood = flood_start (frames, graph, rate);
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
  flood_stop (c.flood);
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

  graph = make_graph ((guint) n_nodes);
  frames = make_frames ((guint) n_prompts, (guint) n_nodes, (guint) n_steps);
  g_print ("synthetic log: %d prompts x %d nodes x %d progress = %u messages\n",
           n_prompts, n_nodes, n_steps, frames->len);
  run (frames, graph, (guint) n_prompts, 0, FALSE);

  paced = make_frames ((guint) latency_prompts, (guint) n_nodes, (guint) n_steps);
  run (paced, graph, (guint) latency_prompts, rate, TRUE);
  return 0;
}
