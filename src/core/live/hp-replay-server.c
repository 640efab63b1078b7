/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-replay-server-private.h"

#include <math.h>
#include <string.h>

#include "hp-replay-json.h"

enum {
  PROP_0,
  PROP_LOG,
  PROP_SPEED,
  PROP_LOOP,
  PROP_WATCH_DELAY,
  PROP_PORT,
  N_PROPS
};

enum {
  PROMPT_STARTED,
  PROMPT_FINISHED,
  CLIENT_CONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HpReplayServer, hp_replay_server, G_TYPE_OBJECT)

static void
client_free (gpointer data)
{
  HpReplayClient *client = data;

  g_clear_handle_id (&client->watch_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (client->connection, client);
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (client->connection);
  g_free (client->client_id);
  g_free (client);
}

/* The prompt-started / prompt-finished signals (for the playing side). */
void
_hp_replay_server_emit_prompt (HpReplayServer *self,
                               gboolean        started,
                               HpReplayJob    *job)
{
  g_signal_emit (self, signals[started ? PROMPT_STARTED : PROMPT_FINISHED], 0, job->prompt_id, job->client_id);
}

/* ---- websockets ------------------------------------------------------- */

static void
client_free_later (gpointer data)
{
  client_free (data);
}

static void
on_closed (SoupWebsocketConnection *connection,
           HpReplayClient          *client)
{
  HpReplayServer *self = client->server;
  guint index;

  /* Freed outside the connection's own signal emission */
  if (g_ptr_array_find (self->clients, client, &index))
    g_ptr_array_steal_index_fast (self->clients, index);
  g_signal_handlers_disconnect_by_data (connection, client);
  g_clear_handle_id (&client->watch_id, g_source_remove);
  g_idle_add_once (client_free_later, client);
}

static gboolean
on_watch_timeout (gpointer data)
{
  HpReplayClient *client = data;

  client->watch_id = 0;
  if (!client->posted && !client->server->watching)
    hp_replay_server_play_all (client->server);
  return G_SOURCE_REMOVE;
}

static void
on_websocket (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  HpReplayServer *self = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *text = NULL;
  const char *id = NULL;
  HpReplayClient *client;

  if (query != NULL)
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params != NULL)
    id = g_hash_table_lookup (params, "clientId");

  client = g_new0 (HpReplayClient, 1);
  client->server = self;
  client->connection = g_object_ref (connection);
  if (id != NULL && *id != '\0')
    client->client_id = g_strdup (id);
  else
    {
      /* As ComfyUI does: a uuid4 in hex */
      g_autofree char *uuid = g_uuid_string_random ();
      GString *hex = g_string_new (NULL);

      for (const char *c = uuid; *c != '\0'; c++)
        if (*c != '-')
          g_string_append_c (hex, *c);
      client->client_id = g_string_free (hex, FALSE);
    }
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), client);
  g_ptr_array_add (self->clients, client);

  status = _hp_replay_status_message (_hp_replay_queue_remaining (self), client->client_id);
  text = _hp_replay_to_string (status);
  soup_websocket_connection_send_text (connection, text);
  if (self->watch_delay_ms >= 0)
    client->watch_id = g_timeout_add ((guint) self->watch_delay_ms, on_watch_timeout, client);
  g_signal_emit (self, signals[CLIENT_CONNECTED], 0, client->client_id);
}

/* ---- object ----------------------------------------------------------- */

static void
hp_replay_server_dispose (GObject *object)
{
  HpReplayServer *self = HP_REPLAY_SERVER (object);

  hp_replay_server_stop (self);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (hp_replay_server_parent_class)->dispose (object);
}

static void
hp_replay_server_finalize (GObject *object)
{
  HpReplayServer *self = HP_REPLAY_SERVER (object);

  g_free (self->uri);
  g_ptr_array_unref (self->clients);
  g_hash_table_unref (self->used_ids);
  g_ptr_array_unref (self->history_ids);
  g_hash_table_unref (self->history);
  g_clear_pointer (&self->stats, json_node_unref);

  G_OBJECT_CLASS (hp_replay_server_parent_class)->finalize (object);
}

static void
hp_replay_server_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HpReplayServer *self = HP_REPLAY_SERVER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_WATCH_DELAY:
      g_value_set_int (value, self->watch_delay_ms);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_replay_server_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HpReplayServer *self = HP_REPLAY_SERVER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      if (self->log != NULL && hp_replay_log_get_first_system_stats (self->log) != NULL)
        self->stats = json_node_ref (hp_replay_log_get_first_system_stats (self->log));
      break;
    case PROP_SPEED:
      hp_replay_server_set_speed (self, g_value_get_double (value));
      break;
    case PROP_LOOP:
      hp_replay_server_set_loop (self, g_value_get_boolean (value));
      break;
    case PROP_WATCH_DELAY:
      hp_replay_server_set_watch_delay (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_replay_server_class_init (HpReplayServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hp_replay_server_dispose;
  object_class->finalize = hp_replay_server_finalize;
  object_class->get_property = hp_replay_server_get_property;
  object_class->set_property = hp_replay_server_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, HP_TYPE_REPLAY_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Gaps between messages are divided by it; 0 sends as fast as possible. */
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Start over at the end: POST /prompt and watch mode never run out. */
  properties[PROP_LOOP] =
    g_param_spec_boolean ("loop", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A socket that posts nothing for this long starts watch mode; -1: never. */
  properties[PROP_WATCH_DELAY] =
    g_param_spec_int ("watch-delay", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A prompt starts or ends playing; client_id is NULL when broadcast. */
  signals[PROMPT_STARTED] =
    g_signal_new ("prompt-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[PROMPT_FINISHED] =
    g_signal_new ("prompt-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CLIENT_CONNECTED] =
    g_signal_new ("client-connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hp_replay_server_init (HpReplayServer *self)
{
  self->speed = 1;
  self->watch_delay_ms = -1;
  self->clients = g_ptr_array_new_with_free_func (client_free);
  g_queue_init (&self->pending);
  self->used_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->history_ids = g_ptr_array_new_with_free_func (g_free);
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
}

/**
 * hp_replay_server_new:
 * @log: the event log to serve
 *
 * Returns: (transfer full): a server at speed 1, not looping, not
 *   listening yet
 */
HpReplayServer *
hp_replay_server_new (HpReplayLog *log)
{
  g_return_val_if_fail (HP_IS_REPLAY_LOG (log), NULL);

  return g_object_new (HP_TYPE_REPLAY_SERVER, "log", log, NULL);
}

HpReplayLog *
hp_replay_server_get_log (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), NULL);

  return self->log;
}

/* Gaps are divided by @speed (2: twice as fast); 0 or a huge value
 * sends as fast as possible. Applies from the next message on. */
void
hp_replay_server_set_speed (HpReplayServer *self,
                            double          speed)
{
  g_return_if_fail (HP_IS_REPLAY_SERVER (self));
  g_return_if_fail (speed >= 0 && !isnan (speed));

  if (self->speed == speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

double
hp_replay_server_get_speed (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), 1);

  return self->speed;
}

/* At the end of the log, start over (with fresh prompt ids, "ID-2"…)
 * instead of refusing POST /prompt and ending watch mode. */
void
hp_replay_server_set_loop (HpReplayServer *self,
                           gboolean        loop)
{
  g_return_if_fail (HP_IS_REPLAY_SERVER (self));

  loop = !!loop;
  if (self->loop == loop)
    return;
  self->loop = loop;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP]);
}

gboolean
hp_replay_server_get_loop (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), FALSE);

  return self->loop;
}

/* A socket that connects and posts nothing within @delay_ms starts
 * watch mode (hp_replay_server_play_all()) unless it already runs;
 * -1 (the default) never does. Applies to sockets that connect later. */
void
hp_replay_server_set_watch_delay (HpReplayServer *self,
                                  int             delay_ms)
{
  g_return_if_fail (HP_IS_REPLAY_SERVER (self));
  g_return_if_fail (delay_ms >= -1);

  if (self->watch_delay_ms == delay_ms)
    return;
  self->watch_delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH_DELAY]);
}

int
hp_replay_server_get_watch_delay (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), -1);

  return self->watch_delay_ms;
}

/**
 * hp_replay_server_listen:
 * @port: the TCP port on 127.0.0.1, 0 for any free one
 *
 * Starts serving on the loopback interface only (IPv4).
 *
 * Returns: %FALSE with @error set when the port cannot be used
 */
gboolean
hp_replay_server_listen (HpReplayServer  *self,
                         guint            port,
                         GError         **error)
{
  GSList *uris;

  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->soup = soup_server_new ("server-header", "hotpath-replay ", NULL);
  soup_server_add_websocket_handler (self->soup, "/ws", NULL, NULL, on_websocket, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/api/ws", NULL, NULL, on_websocket, self, NULL);
  soup_server_add_handler (self->soup, NULL, _hp_replay_handle_request, self, NULL);
  if (!soup_server_listen_local (self->soup, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }

  uris = soup_server_get_uris (self->soup);
  self->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_free (self->uri);
  self->uri = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  return TRUE;
}

/* The port listened on; 0 before hp_replay_server_listen(). */
guint
hp_replay_server_get_port (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), 0);

  return self->port;
}

/* "http://127.0.0.1:PORT", what a client is given; NULL before listening. */
const char *
hp_replay_server_get_uri (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), NULL);

  return self->uri;
}

/**
 * hp_replay_server_stop:
 *
 * Stops listening, closes every socket and drops what is queued or
 * playing. The history stays; listening again starts a new replay of
 * the remaining prompts.
 */
void
hp_replay_server_stop (HpReplayServer *self)
{
  g_return_if_fail (HP_IS_REPLAY_SERVER (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  g_ptr_array_set_size (self->clients, 0);
  g_queue_clear_full (&self->pending, _hp_replay_job_free);
  g_clear_pointer (&self->current, _hp_replay_job_free);
  g_clear_pointer (&self->outputs, json_object_unref);
  g_clear_pointer (&self->messages, json_array_unref);
  self->watching = FALSE;
}

/**
 * hp_replay_server_play_all:
 *
 * Watch mode: plays the whole log from its first prompt to every socket
 * (as ComfyUI broadcasts prompts queued without a client id), prompt
 * after prompt, posted prompts going first between two; with loop set it
 * starts over at the end. Does nothing while watch mode runs.
 */
void
hp_replay_server_play_all (HpReplayServer *self)
{
  g_return_if_fail (HP_IS_REPLAY_SERVER (self));

  if (self->watching)
    return;
  self->watching = TRUE;
  self->watch_next = 0;
  self->hold_until_us = 0;
  if (self->current == NULL)
    _hp_replay_schedule (self, 0);
}

gboolean
hp_replay_server_is_watching (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), FALSE);

  return self->watching;
}

/* Prompts played to their end since the server was made. */
guint
hp_replay_server_get_n_played (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), 0);

  return self->n_played;
}

/* Open websocket connections. */
guint
hp_replay_server_get_n_clients (HpReplayServer *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_SERVER (self), 0);

  return self->clients->len;
}
