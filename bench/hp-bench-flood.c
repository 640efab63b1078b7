/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-bench-flood.h"

#include <string.h>
#include <time.h>

/* The flood server of bench-live and bench-live-ui (see the header). */


char *
hp_bench_make_graph (guint n_nodes)
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

GPtrArray *
hp_bench_make_frames (guint n_prompts,
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
gint64
hp_bench_thread_cpu_us (void)
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
      flood->cpu_start_us = hp_bench_thread_cpu_us ();
    }
  while (flood->next < flood->frames->len && batch < 512)
    {
      if (flood->rate > 0 && now < flood->start_us + (gint64) (flood->next * 1e6 / flood->rate))
        break;
      flood->sent_us[flood->next] = g_get_monotonic_time ();
      soup_websocket_connection_send_text (flood->ws, g_ptr_array_index (flood->frames, flood->next));
      flood->next++;
      g_atomic_int_set (&flood->n_sent, flood->next);
      batch++;
    }
  if (flood->next >= flood->frames->len)
    {
      flood->cpu_us = hp_bench_thread_cpu_us () - flood->cpu_start_us;
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

Flood *
hp_bench_flood_start (GPtrArray  *frames,
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

void
hp_bench_flood_stop (Flood *flood)
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
