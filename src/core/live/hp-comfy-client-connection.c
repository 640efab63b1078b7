/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpComfyClient: the websocket — connecting, reconnecting with backoff,
 * and reading messages. */
#include "hp-comfy-client.h"

#include <glib/gi18n.h>

#include "hp-comfy-client-private.h"
#include "hp-comfy-http.h"
#include "hp-comfy-prompt.h"
#include "hp-json-tree.h"
#include "hp-live-json.h"

/* Preview images come as binary frames of a few MB; libsoup's default
 * limit (128 KiB) would close the socket on the first one. */
#define MAX_PAYLOAD_BYTES ((guint64) 256 * 1024 * 1024)
/* Pings keep proxies from closing an idle socket between runs. */
#define KEEPALIVE_S       30

typedef struct {
  GWeakRef     self;
  SoupMessage *message;
  guint        attempt_id;
} ConnectData;

static void start_ws_connect (HpComfyClient *self);

/* ---- messages ---------------------------------------------------------- */

static void
update_queue_remaining (HpComfyClient *self,
                        JsonObject    *data)
{
  JsonObject *exec_info = hp_comfy_json_get_object (hp_comfy_json_get_object (data, "status"), "exec_info");
  JsonNode *node = exec_info != NULL ? json_object_get_member (exec_info, "queue_remaining") : NULL;
  int remaining;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return;
  remaining = (int) CLAMP (json_node_get_int (node), 0, G_MAXINT);
  _hp_comfy_client_set_queue_remaining (self, remaining);
}

/* What the client itself needs from a message: the queue length, prompt
 * ids to fetch graphs for, and when a prompt runs (for sampling). */
static void
follow_message (HpComfyClient *self,
                const char    *type,
                JsonObject    *data)
{
  const char *prompt_id = hp_comfy_json_get_string (data, "prompt_id");

  if (g_str_equal (type, "status"))
    {
      update_queue_remaining (self, data);
      return;
    }

  if (prompt_id != NULL && *prompt_id != '\0'
      && (g_str_equal (type, "execution_start") || g_str_equal (type, "execution_cached")
          || g_str_equal (type, "executing")))
    _hp_comfy_client_ensure_graph (self, prompt_id);

  if (g_str_equal (type, "execution_start") && prompt_id != NULL)
    _hp_comfy_client_start_polling (self, prompt_id);
  else if (g_str_equal (type, "executing"))
    {
      JsonNode *node = data != NULL ? json_object_get_member (data, "node") : NULL;

      if (node == NULL)
        return;
      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (prompt_id == NULL || g_strcmp0 (prompt_id, self->polling_prompt) == 0)
            _hp_comfy_client_stop_polling (self);
        }
      else if (prompt_id != NULL && self->polling_prompt == NULL)
        _hp_comfy_client_start_polling (self, prompt_id);   /* joined in the middle of a run */
    }
  else if ((g_str_equal (type, "execution_success") || g_str_equal (type, "execution_error")
            || g_str_equal (type, "execution_interrupted"))
           && g_strcmp0 (prompt_id, self->polling_prompt) == 0)
    _hp_comfy_client_stop_polling (self);
}

static void
on_ws_message (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  HpComfyClient *self = user_data;
  g_autoptr(HpComfyClient) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize size = 0;
  gint64 received_us;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *kind;

  /* Binary frames are previews (images, text); a profiler has no use. */
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  received_us = _hp_comfy_client_now (self);
  text = g_bytes_get_data (message, &size);
  /* Not JsonParser: building the tree straight from HpJsonScanner takes
   * a fraction of the time, and a flood of progress messages is mostly
   * parsing (bench/bench-live.c, docs/benchmarks.md). */
  if (text == NULL || size == 0
      || (root = _hp_live_json_parse (text, size, "message", &error)) == NULL)
    {
      g_autoptr(GError) skipped = g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_PROTOCOL,
                                               _("Skipped a message from %s that is not JSON: %s"),
                                               self->address_text,
                                               error != NULL ? error->message : _("empty message"));
      _hp_comfy_client_emit_protocol_error (self, skipped);
      return;
    }

  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  kind = hp_comfy_json_get_string (object, "type");
  if (kind == NULL)
    {
      g_autoptr(GError) skipped = g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_PROTOCOL,
                                               _("Skipped a message from %s that is not a ComfyUI message: expected an object with a \"type\" string"),
                                               self->address_text);
      _hp_comfy_client_emit_protocol_error (self, skipped);
      return;
    }

  g_signal_emit (self, _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_MESSAGE], 0,
                 root, received_us);

  /* A handler may have disconnected us. */
  if (self->ws != ws)
    return;
  follow_message (self, kind, hp_comfy_json_get_object (object, "data"));
}

static void
on_ws_error (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  HpComfyClient *self = user_data;

  /* "closed" follows; this only says why. */
  g_debug ("ComfyUI client %s: websocket error: %s", self->address_text, error->message);
}

static void
schedule_reconnect (HpComfyClient *self);

void
_hp_comfy_client_detach_ws (HpComfyClient *self,
                            gboolean       close)
{
  if (self->ws == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->ws, self);
  if (close && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->ws);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  HpComfyClient *self = user_data;
  g_autoptr(HpComfyClient) hold = g_object_ref (self);

  g_debug ("ComfyUI client %s: websocket closed (code %u)", self->address_text,
           soup_websocket_connection_get_close_code (ws));
  _hp_comfy_client_detach_ws (self, FALSE);
  _hp_comfy_client_stop_polling (self);
  if (!self->want_connected)
    {
      _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_DISCONNECTED);
      return;
    }

  g_signal_emit (self, _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_CONNECTION_LOST], 0,
                 _hp_comfy_client_now (self));
  if (!self->want_connected)
    return;   /* a handler disconnected */
  self->reconnect_attempt = 0;
  _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_RECONNECTING);
  if (self->want_connected && self->ws == NULL && self->reconnect_source == NULL)
    schedule_reconnect (self);
}

static void
attach_ws (HpComfyClient           *self,
           SoupWebsocketConnection *ws)
{
  g_assert (self->ws == NULL);

  self->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, MAX_PAYLOAD_BYTES);
  soup_websocket_connection_set_keepalive_interval (ws, KEEPALIVE_S);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (ws, "error", G_CALLBACK (on_ws_error), self);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), self);
}

/* ---- connecting ------------------------------------------------------ */

static gboolean
on_reconnect_timer (gpointer user_data)
{
  HpComfyClient *self = user_data;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  start_ws_connect (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (HpComfyClient *self)
{
  guint delay = _hp_comfy_client_backoff_delay (self, self->reconnect_attempt++);

  g_debug ("ComfyUI client %s: reconnecting in %u ms", self->address_text, delay);
  _hp_comfy_clear_source (&self->reconnect_source);
  self->reconnect_source = _hp_comfy_client_add_timer (self, delay, on_reconnect_timer, self, NULL);
}

static void
finish_connect_task (HpComfyClient *self,
                     GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  if (self->user_cancellable != NULL)
    {
      g_cancellable_disconnect (self->user_cancellable, self->user_cancel_id);
      self->user_cancel_id = 0;
      g_clear_object (&self->user_cancellable);
    }
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GError *
describe_connect_error (HpComfyClient *self,
                        SoupMessage   *message,
                        const GError  *error)
{
  guint status = soup_message_get_status (message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (status == SOUP_STATUS_SWITCHING_PROTOCOLS)
    return g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_COMFYUI,
                        _("The server at %s answered the websocket handshake at %s wrongly (%s): is it a ComfyUI server?"),
                        hp_comfy_address_get_http_uri (self->address),
                        hp_comfy_address_get_ws_uri (self->address), error->message);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return _hp_comfy_status_error (self->address, "GET", "/ws", status,
                                   self->authorization != NULL);
  if (status >= 100)
    return g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_COMFYUI,
                        _("The server at %s does not accept a websocket at %s (HTTP %u %s): is it a ComfyUI server?"),
                        hp_comfy_address_get_http_uri (self->address),
                        hp_comfy_address_get_ws_uri (self->address), status,
                        soup_status_get_phrase (status));
  return _hp_comfy_unreachable_error (self->address, error);
}

static void
connect_data_free (ConnectData *data)
{
  g_weak_ref_clear (&data->self);
  g_clear_object (&data->message);
  g_free (data);
}

static void
on_ws_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ConnectData *data = user_data;
  g_autoptr(HpComfyClient) self = g_weak_ref_get (&data->self);
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) timed_out = NULL;
  GError *described;
  gboolean cancelled;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (self == NULL || data->attempt_id != self->connect_attempt_id)
    {
      /* The client is gone or a newer attempt replaced this one. */
      if (ws != NULL && soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      connect_data_free (data);
      return;
    }

  _hp_comfy_clear_source (&self->connect_timeout);
  g_clear_object (&self->connect_cancellable);

  if (ws != NULL)
    {
      connect_data_free (data);
      g_debug ("ComfyUI client %s: connected", self->address_text);
      attach_ws (self, g_steal_pointer (&ws));
      self->want_connected = TRUE;
      self->reconnect_attempt = 0;
      _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_CONNECTED);
      finish_connect_task (self, NULL);
      return;
    }

  if (self->connect_timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out");
      g_clear_error (&error);
      error = g_steal_pointer (&timed_out);
    }
  self->connect_timed_out = FALSE;
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  described = describe_connect_error (self, data->message, error);
  connect_data_free (data);

  if (self->connect_task != NULL)
    {
      if (self->state == HP_COMFY_CLIENT_CONNECTING)
        _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_DISCONNECTED);
      finish_connect_task (self, described);
      return;
    }

  g_debug ("ComfyUI client %s: reconnecting failed: %s", self->address_text, described->message);
  g_error_free (described);
  if (!cancelled && self->want_connected)
    schedule_reconnect (self);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  HpComfyClient *self = user_data;

  g_clear_pointer (&self->connect_timeout, g_source_unref);
  self->connect_timed_out = TRUE;
  g_cancellable_cancel (self->connect_cancellable);
  return G_SOURCE_REMOVE;
}

static void
start_ws_connect (HpComfyClient *self)
{
  g_autofree char *uri = NULL;
  ConnectData *data;

  g_assert (self->address != NULL);
  g_assert (self->ws == NULL);

  _hp_comfy_clear_source (&self->connect_timeout);
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  self->connect_timed_out = FALSE;

  uri = hp_comfy_address_build_ws_uri (self->address, self->client_id);
  data = g_new0 (ConnectData, 1);
  g_weak_ref_init (&data->self, self);
  data->attempt_id = ++self->connect_attempt_id;
  data->message = soup_message_new ("GET", uri);
  if (self->authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (data->message),
                                  "Authorization", self->authorization);

  g_debug ("ComfyUI client %s: opening %s", self->address_text, uri);
  soup_session_websocket_connect_async (self->ws_session, data->message, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->connect_cancellable,
                                        on_ws_connected, data);
  if (self->connect_timeout_ms > 0)
    self->connect_timeout = _hp_comfy_client_add_timer (self, self->connect_timeout_ms,
                                                        on_connect_timeout, self, NULL);
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  HpComfyClient *self = user_data;

  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
}

/**
 * hp_comfy_client_connect_async:
 *
 * Opens the websocket with this client's id, so that prompts it queues
 * report their node events here.
 */
void
hp_comfy_client_connect_async (HpComfyClient       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hp_comfy_client_connect_async);

  if (self->address == NULL)
    {
      g_task_return_error (task, g_error_copy (self->address_error));
      return;
    }
  if (self->connect_task != NULL)
    {
      g_task_return_new_error (task, HP_COMFY_ERROR, HP_COMFY_ERROR_BUSY,
                               _("Already connecting to %s"),
                               hp_comfy_address_get_http_uri (self->address));
      return;
    }
  if (self->state == HP_COMFY_CLIENT_CONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Reconnecting: try at once instead of waiting for the backoff. */
  _hp_comfy_clear_source (&self->reconnect_source);
  self->want_connected = FALSE;
  _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_CONNECTING);
  self->connect_task = g_steal_pointer (&task);
  start_ws_connect (self);
  if (cancellable != NULL)
    {
      self->user_cancellable = g_object_ref (cancellable);
      self->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled),
                                                    self, NULL);
    }
}

gboolean
hp_comfy_client_connect_finish (HpComfyClient  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * hp_comfy_client_disconnect:
 *
 * Closes the connection on purpose: no "connection-lost", no reconnecting.
 * A pending connect finishes with G_IO_ERROR_CANCELLED.
 */
void
hp_comfy_client_disconnect (HpComfyClient *self)
{
  GHashTableIter iter;
  gpointer state;

  g_return_if_fail (HP_IS_COMFY_CLIENT (self));

  self->want_connected = FALSE;
  _hp_comfy_clear_source (&self->reconnect_source);
  _hp_comfy_clear_source (&self->connect_timeout);
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  if (self->connect_task == NULL)
    self->connect_attempt_id++;   /* a reconnect attempt in flight is void */
  _hp_comfy_client_detach_ws (self, TRUE);
  _hp_comfy_client_stop_polling (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < self->timers->len; i++)
    g_source_destroy (g_ptr_array_index (self->timers, i));
  g_ptr_array_set_size (self->timers, 0);
  g_hash_table_remove_all (self->deferred);
  /* Fetches just cancelled may start again after the next connect. */
  g_hash_table_iter_init (&iter, self->graphs);
  while (g_hash_table_iter_next (&iter, NULL, &state))
    {
      if (GPOINTER_TO_INT (state) == HP_COMFY_GRAPH_FETCHING)
        g_hash_table_iter_remove (&iter);
    }

  _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_DISCONNECTED);
}

