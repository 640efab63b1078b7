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

/* ComfyUI's text messages are small (a few KB); preview images come as
 * binary frames of a few hundred KB to a few MB. libsoup's default limit
 * (128 KiB) would close the socket on the first preview; no limit would
 * let one frame take all memory (libsoup buffers a frame whole before
 * handing it on). A bigger frame closes the socket (1009, "message too
 * big", checked on the frame header before anything is buffered) and we
 * reconnect, saying why. docs/reliability.md, "Live capture faults". */
#define MAX_PAYLOAD_BYTES ((guint64) 16 * 1024 * 1024)
/* Pings keep proxies from closing an idle socket between runs. libsoup
 * 3.2 does not tell us when a pong fails to come, hence the probe below. */
#define KEEPALIVE_S       30
/* A connection that stayed open this long was a real one: the next
 * reconnect starts with the shortest delay again. One that a server
 * accepts and drops at once keeps the backoff growing (no tight loop). */
#define DEFAULT_STABLE_MS 10000
/* A server that is paused, hung or cut off by the network sends nothing
 * and TCP may not notice for many minutes. After this much websocket
 * silence we ask GET /prompt over HTTP (a running ComfyUI answers at
 * once, even while a node computes); no answer within the probe time and
 * the connection is declared dead: runs in progress are kept as
 * interrupted and we reconnect. */
#define DEFAULT_STALL_IDLE_MS  30000
#define DEFAULT_STALL_PROBE_MS 30000

typedef struct {
  GWeakRef     self;
  SoupMessage *message;
  guint        attempt_id;
} ConnectData;

static void start_ws_connect (HpComfyClient *self);
static void connection_lost  (HpComfyClient *self,
                              const char    *why);

#define OR_DEFAULT(value, fallback) ((value) > 0 ? (value) : (fallback))

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

  self->last_frame = g_get_monotonic_time ();
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

  /* "closed" follows; this only says why (and the message says it). */
  g_debug ("ComfyUI client %s: websocket error: %s", self->address_text, error->message);
  if (self->close_reason == NULL)
    self->close_reason = g_strdup (error->message);
}

static void
stop_liveness (HpComfyClient *self)
{
  _hp_comfy_clear_source (&self->stall_source);
  _hp_comfy_clear_source (&self->probe_timeout);
  if (self->probe_cancellable != NULL)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
}

static void
schedule_reconnect (HpComfyClient *self);

void
_hp_comfy_client_detach_ws (HpComfyClient *self,
                            gboolean       close)
{
  stop_liveness (self);
  if (self->ws == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->ws, self);
  if (close && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->ws);
}

/* Why the socket closed, for a person: libsoup's error when it failed
 * the socket (a frame too big, invalid UTF-8), else the close code. */
static char *
describe_close (HpComfyClient           *self,
                SoupWebsocketConnection *ws)
{
  guint code = soup_websocket_connection_get_close_code (ws);
  const char *data = soup_websocket_connection_get_close_data (ws);

  if (self->close_reason != NULL)
    return g_strdup (self->close_reason);
  if (code == 0 || code == SOUP_WEBSOCKET_CLOSE_ABNORMAL)
    return g_strdup (_("the socket closed without a close frame (server stopped or network cut)"));
  if (data != NULL && *data != '\0')
    /* Translators: %u is a websocket close code, %s the server's reason */
    return g_strdup_printf (_("the server closed it (code %u: %s)"), code, data);
  /* Translators: %u is a websocket close code (1001: going away) */
  return g_strdup_printf (_("the server closed it (code %u)"), code);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  HpComfyClient *self = user_data;
  g_autoptr(HpComfyClient) hold = g_object_ref (self);
  g_autofree char *why = describe_close (self, ws);

  g_debug ("ComfyUI client %s: websocket closed (code %u)", self->address_text,
           soup_websocket_connection_get_close_code (ws));
  _hp_comfy_client_detach_ws (self, FALSE);
  connection_lost (self, why);
}

/* The socket is gone (closed, or declared dead): runs in progress were
 * cut off; say why and reconnect with backoff. */
static void
connection_lost (HpComfyClient *self,
                 const char    *why)
{
  gint64 lasted_ms = (g_get_monotonic_time () - self->connected_at) / 1000;

  g_clear_pointer (&self->close_reason, g_free);
  _hp_comfy_client_stop_polling (self);
  if (!self->want_connected)
    {
      _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_DISCONNECTED);
      return;
    }

  {
    g_autoptr(GError) lost = g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_UNREACHABLE,
                                          _("Lost the connection to %s: %s; reconnecting"),
                                          hp_comfy_address_get_http_uri (self->address), why);

    _hp_comfy_client_emit_protocol_error (self, lost);
  }
  if (!self->want_connected)
    return;   /* a handler disconnected */
  g_signal_emit (self, _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_CONNECTION_LOST], 0,
                 _hp_comfy_client_now (self));
  if (!self->want_connected)
    return;   /* a handler disconnected */
  /* Only a connection that lasted starts the backoff over. */
  if (lasted_ms >= OR_DEFAULT (self->stable_ms, DEFAULT_STABLE_MS))
    self->reconnect_attempt = 0;
  _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_RECONNECTING);
  if (self->want_connected && self->ws == NULL && self->reconnect_source == NULL)
    schedule_reconnect (self);
}

/* ---- liveness: a probe after a long silence ------------------------------ */

static gboolean
on_probe_timeout (gpointer user_data)
{
  HpComfyClient *self = user_data;
  g_autoptr(HpComfyClient) hold = g_object_ref (self);
  g_autofree char *why = NULL;
  guint silent_s = (guint) ((g_get_monotonic_time () - self->last_frame) / G_USEC_PER_SEC);

  g_clear_pointer (&self->probe_timeout, g_source_unref);
  /* Translators: %u: seconds without a message or an answer */
  why = g_strdup_printf (ngettext ("the server sent nothing and did not answer for %u second",
                                   "the server sent nothing and did not answer for %u seconds",
                                   silent_s), silent_s);
  _hp_comfy_client_detach_ws (self, TRUE);
  connection_lost (self, why);
  return G_SOURCE_REMOVE;
}

static void
on_probe_answered (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HpComfyClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  guint status = 0;

  body = _hp_comfy_http_request_finish (result, &status, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _hp_comfy_clear_source (&self->probe_timeout);
  g_clear_object (&self->probe_cancellable);
  /* Any HTTP answer (even 404) says the server is alive; quiet is fine.
   * Not reached: the probe timeout decides. */
  if (status >= 100)
    self->last_frame = g_get_monotonic_time ();
}

static gboolean
on_stall_check (gpointer user_data)
{
  HpComfyClient *self = user_data;
  gint64 idle_us = (gint64) OR_DEFAULT (self->stall_idle_ms, DEFAULT_STALL_IDLE_MS) * 1000;

  if (self->ws == NULL || self->probe_cancellable != NULL
      || g_get_monotonic_time () - self->last_frame < idle_us)
    return G_SOURCE_CONTINUE;

  g_debug ("ComfyUI client %s: no message for a while; asking whether the server is there",
           self->address_text);
  self->probe_cancellable = g_cancellable_new ();
  _hp_comfy_http_request_async (self->http_session, self->address, self->authorization,
                                "GET", "/prompt", NULL, self->probe_cancellable,
                                on_probe_answered, g_object_ref (self));
  self->probe_timeout = _hp_comfy_client_add_timer (self, OR_DEFAULT (self->stall_probe_ms,
                                                                      DEFAULT_STALL_PROBE_MS),
                                                    on_probe_timeout, self, NULL);
  return G_SOURCE_CONTINUE;
}

void
_hp_comfy_client_set_liveness (HpComfyClient *self,
                               guint          stable_ms,
                               guint          idle_ms,
                               guint          probe_ms)
{
  g_return_if_fail (HP_IS_COMFY_CLIENT (self));

  self->stable_ms = stable_ms;
  self->stall_idle_ms = idle_ms;
  self->stall_probe_ms = probe_ms;
}

static void
attach_ws (HpComfyClient           *self,
           SoupWebsocketConnection *ws)
{
  g_assert (self->ws == NULL);

  self->ws = ws;
  self->connected_at = self->last_frame = g_get_monotonic_time ();
  g_clear_pointer (&self->close_reason, g_free);
  soup_websocket_connection_set_max_incoming_payload_size (ws, MAX_PAYLOAD_BYTES);
  soup_websocket_connection_set_keepalive_interval (ws, KEEPALIVE_S);
  /* Checked a few times per idle period, so silence is seen soon after. */
  self->stall_source = _hp_comfy_client_add_timer (self, MAX (OR_DEFAULT (self->stall_idle_ms,
                                                                          DEFAULT_STALL_IDLE_MS) / 4, 1),
                                                   on_stall_check, self, NULL);
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
      _hp_comfy_client_set_state (self, HP_COMFY_CLIENT_CONNECTED);
      finish_connect_task (self, NULL);
      return;
    }

  if (self->connect_timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("timed out"));
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
  self->reconnect_attempt = 0;
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

