/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-fake-comfy.h"

#include <string.h>

/* One frame of the prompt being played. */
typedef struct
{
  double   at_ms;
  gboolean binary;
  GBytes  *bytes;
} Item;

struct _HpFakeComfy
{
  HpReplayLog          *log;
  const HpReplayPrompt *prompt;     /* the log's first */
  char                 *graph_text; /* its API prompt, JSON */

  SoupServer           *soup;
  char                 *uri;
  GPtrArray            *sockets;    /* SoupWebsocketConnection, server side */
  GPtrArray            *raw;        /* GSocket of each */
  GArray               *handshakes; /* gint64 monotonic µs */
  guint                 drops;

  GPtrArray            *schedule;   /* Item*, by offset */
  guint                 next;
  gint64                start_us;
  double                speed;
  guint                 timer_id;
};

static void
item_free (gpointer data)
{
  Item *item = data;

  g_bytes_unref (item->bytes);
  g_free (item);
}

/* ---- HTTP ----------------------------------------------------------------- */

static void
respond (SoupServerMessage *msg,
         const char        *text)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
handle_http (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  HpFakeComfy *fake = user_data;

  if (g_str_equal (path, "/queue"))
    respond (msg, "{\"queue_running\": [], \"queue_pending\": []}");
  else if (g_str_equal (path, "/history"))
    respond (msg, "{}");
  else if (g_str_equal (path, "/prompt"))
    respond (msg, "{\"exec_info\": {\"queue_remaining\": 0}}");
  else if (g_str_equal (path, "/system_stats"))
    respond (msg, "{\"system\": {\"os\": \"posix\"}, \"devices\": []}");
  else if (g_str_has_prefix (path, "/history/"))
    {
      /* Any id: the log's graph, finished. */
      const char *id = path + strlen ("/history/");
      g_autofree char *text = g_strdup_printf ("{\"%s\": {\"prompt\": [1, \"%s\", %s, {}, [\"9\"]], "
                                               "\"outputs\": {}, \"status\": {\"status_str\": \"success\", "
                                               "\"completed\": true, \"messages\": []}}}",
                                               id, id, fake->graph_text);
      respond (msg, text);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
handle_websocket (SoupServer              *server,
                  SoupServerMessage       *msg,
                  const char              *path,
                  SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  HpFakeComfy *fake = user_data;
  gint64 now = g_get_monotonic_time ();
  GSocket *socket = soup_server_message_get_socket (msg);

  g_array_append_val (fake->handshakes, now);
  g_ptr_array_add (fake->sockets, g_object_ref (connection));
  g_ptr_array_add (fake->raw, g_object_ref (socket));
  if (fake->drops > 0)
    {
      fake->drops--;
      if (fake->drops % 2 == 0)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "busy");
      else
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
      return;
    }
  soup_websocket_connection_send_text (connection,
                                       "{\"type\": \"status\", \"data\": {\"status\": "
                                       "{\"exec_info\": {\"queue_remaining\": 0}}, \"sid\": \"fake\"}}");
}

/**
 * hp_fake_comfy_new:
 * @log: an event log; its first prompt is what the fake plays
 *
 * Returns: (transfer full): a fake listening on a free port of 127.0.0.1
 */
HpFakeComfy *
hp_fake_comfy_new (HpReplayLog *log)
{
  g_autoptr(GError) error = NULL;
  HpFakeComfy *fake;
  GSList *uris;

  g_return_val_if_fail (HP_IS_REPLAY_LOG (log), NULL);
  g_return_val_if_fail (hp_replay_log_get_n_prompts (log) > 0, NULL);

  fake = g_new0 (HpFakeComfy, 1);
  fake->log = g_object_ref (log);
  fake->prompt = hp_replay_log_get_prompt (log, 0);
  g_assert_nonnull (fake->prompt->graph);
  fake->graph_text = json_to_string (fake->prompt->graph, FALSE);
  fake->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  fake->raw = g_ptr_array_new_with_free_func (g_object_unref);
  fake->handshakes = g_array_new (FALSE, FALSE, sizeof (gint64));
  fake->schedule = g_ptr_array_new_with_free_func (item_free);

  fake->soup = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fake->soup, "/ws", NULL, NULL, handle_websocket, fake, NULL);
  soup_server_add_handler (fake->soup, NULL, handle_http, fake, NULL);
  soup_server_listen_local (fake->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->soup);
  fake->uri = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static void
stop_playing (HpFakeComfy *fake)
{
  g_clear_handle_id (&fake->timer_id, g_source_remove);
  g_ptr_array_set_size (fake->schedule, 0);
  fake->next = 0;
}

void
hp_fake_comfy_free (HpFakeComfy *fake)
{
  if (fake == NULL)
    return;
  stop_playing (fake);
  if (fake->soup != NULL)
    hp_fake_comfy_kill (fake);
  g_ptr_array_unref (fake->schedule);
  g_ptr_array_unref (fake->sockets);
  g_ptr_array_unref (fake->raw);
  g_array_unref (fake->handshakes);
  g_free (fake->graph_text);
  g_free (fake->uri);
  g_object_unref (fake->log);
  g_free (fake);
}

const char *
hp_fake_comfy_get_uri (HpFakeComfy *fake)
{
  return fake->uri;
}

guint
hp_fake_comfy_get_n_sockets (HpFakeComfy *fake)
{
  return fake->sockets->len;
}

GArray *
hp_fake_comfy_get_handshakes (HpFakeComfy *fake)
{
  return fake->handshakes;
}

static SoupWebsocketConnection *
newest (HpFakeComfy *fake)
{
  return fake->sockets->len > 0 ? g_ptr_array_index (fake->sockets, fake->sockets->len - 1) : NULL;
}

/* TRUE when the newest socket is open (the client is connected to it). */
gboolean
hp_fake_comfy_is_open (HpFakeComfy *fake)
{
  SoupWebsocketConnection *ws = newest (fake);

  return ws != NULL && soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN;
}

void
hp_fake_comfy_set_drops (HpFakeComfy *fake,
                         guint        n)
{
  fake->drops = n;
}

guint
hp_fake_comfy_get_drops (HpFakeComfy *fake)
{
  return fake->drops;
}

/* ---- sending ---------------------------------------------------------------- */

void
hp_fake_comfy_send_text (HpFakeComfy *fake,
                         const char  *text)
{
  /* A socket that closed meanwhile: lost, as on a real network. */
  if (hp_fake_comfy_is_open (fake))
    soup_websocket_connection_send_text (newest (fake), text);
}

void
hp_fake_comfy_send_binary (HpFakeComfy   *fake,
                           gconstpointer  data,
                           gsize          size)
{
  if (hp_fake_comfy_is_open (fake))
    soup_websocket_connection_send_binary (newest (fake), data, size);
}

/* Runs the default main context for @ms milliseconds. */
static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

void
hp_fake_comfy_send_raw (HpFakeComfy  *fake,
                        const guint8 *data,
                        gsize         size)
{
  GSocket *socket;
  gsize done = 0;

  g_assert_cmpuint (fake->raw->len, >, 0);
  socket = g_ptr_array_index (fake->raw, fake->raw->len - 1);
  spin (20);   /* libsoup's own queue is empty: frames stay whole */
  while (done < size)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (socket, (const char *) data + done, size - done, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          spin (5);
          continue;
        }
      g_assert_no_error (error);
      done += (gsize) n;
    }
}

void
hp_fake_comfy_close (HpFakeComfy *fake)
{
  if (hp_fake_comfy_is_open (fake))
    soup_websocket_connection_close (newest (fake), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

void
hp_fake_comfy_kill (HpFakeComfy *fake)
{
  stop_playing (fake);
  for (guint i = 0; i < fake->raw->len; i++)
    g_socket_shutdown (g_ptr_array_index (fake->raw, i), TRUE, TRUE, NULL);
  if (fake->soup != NULL)
    soup_server_disconnect (fake->soup);
  g_clear_object (&fake->soup);
}

/* ---- playing a prompt ------------------------------------------------------- */

static void
send_item (HpFakeComfy *fake,
           Item        *item)
{
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (item->bytes, &size);

  if (item->binary)
    hp_fake_comfy_send_binary (fake, data, size);
  else
    hp_fake_comfy_send_text (fake, data);
}

static gboolean
play_due (gpointer data)
{
  HpFakeComfy *fake = data;
  gint64 now = g_get_monotonic_time ();

  fake->timer_id = 0;
  while (fake->next < fake->schedule->len)
    {
      Item *item = g_ptr_array_index (fake->schedule, fake->next);
      gint64 due = fake->start_us + (gint64) (item->at_ms / fake->speed * 1000.0);

      if (due > now)
        {
          fake->timer_id = g_timeout_add ((guint) ((due - now + 999) / 1000), play_due, fake);
          return G_SOURCE_REMOVE;
        }
      fake->next++;
      send_item (fake, item);
    }
  stop_playing (fake);
  return G_SOURCE_REMOVE;
}

/* The log's message for @prompt_id, its server timestamp moved by @shift_ms. */
static char *
rewrite (JsonNode   *message,
         const char *prompt_id,
         gint64      shift_ms)
{
  /* A deep copy: json_node_copy() shares the log's objects. */
  g_autofree char *text = json_to_string (message, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);
  JsonObject *object = json_node_get_object (copy);
  JsonObject *data = json_object_has_member (object, "data") ? json_object_get_object_member (object, "data")
                                                             : NULL;

  if (data != NULL && json_object_has_member (data, "prompt_id"))
    json_object_set_string_member (data, "prompt_id", prompt_id);
  if (data != NULL && json_object_has_member (data, "timestamp"))
    json_object_set_int_member (data, "timestamp", json_object_get_int_member (data, "timestamp") + shift_ms);
  return json_to_string (copy, FALSE);
}

static gint
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = *(Item **) a;
  const Item *y = *(Item **) b;

  return x->at_ms < y->at_ms ? -1 : x->at_ms > y->at_ms ? 1 : 0;
}

static void
play (HpFakeComfy       *fake,
      const char        *prompt_id,
      double             speed,
      const HpFakeFrame *frames,
      guint              n_frames,
      double             until_ms)
{
  const HpReplayItem *first;
  gint64 shift_ms;

  g_assert_false (hp_fake_comfy_is_playing (fake));
  g_assert_cmpuint (fake->prompt->items->len, >, 0);

  first = g_ptr_array_index (fake->prompt->items, 0);
  shift_ms = g_get_real_time () / 1000 - (gint64) first->received_ms;
  /* The extra frames first: g_ptr_array_sort() is stable, so they go
   * before the log's messages at the same offset. */
  for (guint i = 0; i < n_frames; i++)
    {
      Item *item = g_new0 (Item, 1);

      item->at_ms = frames[i].at_ms;
      item->binary = frames[i].text == NULL;
      if (frames[i].text != NULL)
        item->bytes = g_bytes_new (frames[i].text, strlen (frames[i].text) + 1);
      else
        item->bytes = g_bytes_new_take (g_malloc0 (frames[i].size), frames[i].size);
      g_ptr_array_add (fake->schedule, item);
    }
  for (guint i = 0; i < fake->prompt->items->len; i++)
    {
      const HpReplayItem *logged = g_ptr_array_index (fake->prompt->items, i);
      Item *item;
      char *text;

      if (logged->kind != HP_REPLAY_ITEM_MESSAGE || logged->offset_ms > until_ms)
        continue;
      text = rewrite (logged->node, prompt_id, shift_ms);
      item = g_new0 (Item, 1);
      item->at_ms = logged->offset_ms;
      item->bytes = g_bytes_new_take (text, strlen (text) + 1);
      g_ptr_array_add (fake->schedule, item);
    }
  g_ptr_array_sort (fake->schedule, compare_items);

  fake->next = 0;
  fake->start_us = g_get_monotonic_time ();
  if (speed <= 0)
    {
      for (guint i = 0; i < fake->schedule->len; i++)
        send_item (fake, g_ptr_array_index (fake->schedule, i));
      stop_playing (fake);
      return;
    }
  fake->speed = speed;
  play_due (fake);
}

void
hp_fake_comfy_play (HpFakeComfy       *fake,
                    const char        *prompt_id,
                    double             speed,
                    const HpFakeFrame *frames,
                    guint              n_frames)
{
  play (fake, prompt_id, speed, frames, n_frames, G_MAXDOUBLE);
}

void
hp_fake_comfy_play_until (HpFakeComfy *fake,
                          const char  *prompt_id,
                          double       speed,
                          double       until_ms)
{
  play (fake, prompt_id, speed, NULL, 0, until_ms);
}

gboolean
hp_fake_comfy_is_playing (HpFakeComfy *fake)
{
  return fake->schedule->len > 0;
}
