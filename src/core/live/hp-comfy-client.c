/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfy-client.h"

#include <string.h>

#include "hp-comfy-client-private.h"

#define DEFAULT_POLL_INTERVAL_MS   250
#define DEFAULT_BACKOFF_INITIAL_MS 500
#define DEFAULT_BACKOFF_MAX_MS     30000
#define DEFAULT_RETRY_DELAY_MS     1000
#define DEFAULT_CONNECT_TIMEOUT_MS 20000
#define HTTP_TIMEOUT_S             60

G_DEFINE_ENUM_TYPE (HpComfyClientState, hp_comfy_client_state,
  G_DEFINE_ENUM_VALUE (HP_COMFY_CLIENT_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (HP_COMFY_CLIENT_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (HP_COMFY_CLIENT_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (HP_COMFY_CLIENT_RECONNECTING, "reconnecting"))

G_DEFINE_ENUM_TYPE (HpComfyAuthKind, hp_comfy_auth_kind,
  G_DEFINE_ENUM_VALUE (HP_COMFY_AUTH_NONE, "none"),
  G_DEFINE_ENUM_VALUE (HP_COMFY_AUTH_BASIC, "basic"),
  G_DEFINE_ENUM_VALUE (HP_COMFY_AUTH_BEARER, "bearer"))

G_DEFINE_FINAL_TYPE (HpComfyClient, hp_comfy_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_CLIENT_ID,
  PROP_AUTH_KIND,
  PROP_TOKEN,
  PROP_STATE,
  PROP_QUEUE_REMAINING,
  PROP_POLL_INTERVAL_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _hp_comfy_client_signals[HP_COMFY_CLIENT_N_SIGNALS];

/* Overwrites a secret before freeing it. */
static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

void
_hp_comfy_clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

void
_hp_comfy_client_set_state (HpComfyClient      *self,
                            HpComfyClientState  state)
{
  if (self->state == state)
    return;
  g_debug ("ComfyUI client %s: %s", self->address_text,
           g_enum_get_value (g_type_class_peek (HP_TYPE_COMFY_CLIENT_STATE), state)->value_nick);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_STATE_CHANGED], 0, state);
}

gint64
_hp_comfy_client_now (HpComfyClient *self)
{
  gint64 now = g_get_real_time ();

  /* Receive times order the messages: a clock step back must not reorder. */
  if (now < self->last_received_us)
    now = self->last_received_us;
  self->last_received_us = now;
  return now;
}

GSource *
_hp_comfy_client_add_timer (HpComfyClient  *self,
                            guint           delay_ms,
                            GSourceFunc     func,
                            gpointer        data,
                            GDestroyNotify  destroy)
{
  GSource *source = g_timeout_source_new (delay_ms);

  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, self->context);
  return source;
}

void
_hp_comfy_client_emit_prompt (HpComfyClient *self,
                              const char    *prompt_id,
                              double         number,
                              JsonNode      *graph,
                              JsonNode      *workflow,
                              gint64         create_time_us)
{
  if (GPOINTER_TO_INT (g_hash_table_lookup (self->graphs, prompt_id)) != HP_COMFY_GRAPH_KNOWN)
    g_queue_push_tail (self->graphs_known, g_strdup (prompt_id));
  g_hash_table_insert (self->graphs, g_strdup (prompt_id),
                       GINT_TO_POINTER (HP_COMFY_GRAPH_KNOWN));
  /* Forget the oldest: their prompts ended long ago. */
  while (g_queue_get_length (self->graphs_known) > HP_COMFY_GRAPHS_KEEP)
    {
      g_autofree char *old = g_queue_pop_head (self->graphs_known);

      if (GPOINTER_TO_INT (g_hash_table_lookup (self->graphs, old)) == HP_COMFY_GRAPH_KNOWN)
        g_hash_table_remove (self->graphs, old);
    }
  g_signal_emit (self, _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_PROMPT], 0, prompt_id, number, graph, workflow,
                 _hp_comfy_client_now (self), create_time_us);
}

void
_hp_comfy_client_emit_protocol_error (HpComfyClient *self,
                                      const GError  *error)
{
  g_debug ("ComfyUI client %s: %s", self->address_text, error->message);
  g_signal_emit (self, _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_PROTOCOL_ERROR], 0, error);
}

guint
_hp_comfy_client_backoff_delay (HpComfyClient *self,
                                guint          attempt)
{
  double delay = self->backoff_initial_ms;

  for (guint i = 0; i < attempt && delay < self->backoff_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, (double) self->backoff_max_ms);
  /* ±20 % so clients cut off together do not come back in step. */
  delay *= g_random_double_range (0.8, 1.2);
  return (guint) CLAMP (delay, 1, self->backoff_max_ms);
}

/* ---- object ------------------------------------------------------------- */

HpComfyClient *
hp_comfy_client_new (const char  *address,
                     GError     **error)
{
  g_autoptr(HpComfyClient) self = NULL;

  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (HP_TYPE_COMFY_CLIENT, "address", address, NULL);
  if (self->address == NULL)
    {
      g_propagate_error (error, g_error_copy (self->address_error));
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
set_address (HpComfyClient *self,
             const char    *text)
{
  g_autoptr(GError) error = NULL;

  g_free (self->address_text);
  self->address_text = g_strdup (text != NULL ? text : "");
  g_clear_pointer (&self->address, hp_comfy_address_free);
  g_clear_error (&self->address_error);
  self->address = hp_comfy_address_parse (self->address_text, &error);
  if (self->address == NULL)
    self->address_error = g_steal_pointer (&error);
}

static void
update_authorization (HpComfyClient *self)
{
  clear_secret (&self->authorization);
  if (self->token == NULL || *self->token == '\0')
    return;
  if (self->auth_kind == HP_COMFY_AUTH_BASIC)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) self->token,
                                                  strlen (self->token));

      self->authorization = g_strconcat ("Basic ", encoded, NULL);
      memset (encoded, 0, strlen (encoded));
    }
  else if (self->auth_kind == HP_COMFY_AUTH_BEARER)
    self->authorization = g_strconcat ("Bearer ", self->token, NULL);
}

static void
set_auth_kind (HpComfyClient   *self,
               HpComfyAuthKind  kind)
{
  if (self->auth_kind == kind)
    return;
  self->auth_kind = kind;
  update_authorization (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_KIND]);
}

static void
set_token (HpComfyClient *self,
           const char    *token)
{
  clear_secret (&self->token);
  self->token = g_strdup (token);
  update_authorization (self);
}

/**
 * hp_comfy_client_set_auth:
 * @kind: how to send @token
 * @token: (nullable): "user:password" for basic, the token for bearer
 *
 * For servers behind a proxy that asks for a login. Applies to the next
 * request and the next websocket handshake.
 */
void
hp_comfy_client_set_auth (HpComfyClient   *self,
                          HpComfyAuthKind  kind,
                          const char      *token)
{
  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  g_return_if_fail (kind <= HP_COMFY_AUTH_BEARER);

  set_token (self, token);
  set_auth_kind (self, kind);
}

static void
hp_comfy_client_dispose (GObject *object)
{
  HpComfyClient *self = HP_COMFY_CLIENT (object);

  self->want_connected = FALSE;
  _hp_comfy_clear_source (&self->reconnect_source);
  _hp_comfy_clear_source (&self->connect_timeout);
  _hp_comfy_clear_source (&self->poll_source);
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->timers != NULL)
    {
      for (guint i = 0; i < self->timers->len; i++)
        g_source_destroy (g_ptr_array_index (self->timers, i));
      g_ptr_array_set_size (self->timers, 0);
    }
  _hp_comfy_client_detach_ws (self, TRUE);
  g_clear_object (&self->http_session);
  g_clear_object (&self->ws_session);

  G_OBJECT_CLASS (hp_comfy_client_parent_class)->dispose (object);
}

static void
hp_comfy_client_finalize (GObject *object)
{
  HpComfyClient *self = HP_COMFY_CLIENT (object);

  g_free (self->address_text);
  hp_comfy_address_free (self->address);
  g_clear_error (&self->address_error);
  g_free (self->client_id);
  clear_secret (&self->authorization);
  clear_secret (&self->token);
  g_free (self->polling_prompt);
  g_free (self->close_reason);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->graphs, g_hash_table_unref);
  if (self->graphs_known != NULL)
    g_queue_free_full (g_steal_pointer (&self->graphs_known), g_free);
  g_clear_pointer (&self->deferred, g_hash_table_unref);
  g_clear_pointer (&self->timers, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hp_comfy_client_parent_class)->finalize (object);
}

static void
hp_comfy_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HpComfyClient *self = HP_COMFY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address_text);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_AUTH_KIND:
      g_value_set_enum (value, self->auth_kind);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_QUEUE_REMAINING:
      g_value_set_int (value, self->queue_remaining);
      break;
    case PROP_POLL_INTERVAL_MS:
      g_value_set_uint (value, self->poll_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_comfy_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HpComfyClient *self = HP_COMFY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      set_address (self, g_value_get_string (value));
      break;
    case PROP_CLIENT_ID:
      if (g_value_get_string (value) != NULL && *g_value_get_string (value) != '\0')
        {
          g_free (self->client_id);
          self->client_id = g_value_dup_string (value);
        }
      break;
    case PROP_AUTH_KIND:
      set_auth_kind (self, g_value_get_enum (value));
      break;
    case PROP_TOKEN:
      set_token (self, g_value_get_string (value));
      break;
    case PROP_POLL_INTERVAL_MS:
      hp_comfy_client_set_poll_interval_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_comfy_client_class_init (HpComfyClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hp_comfy_client_dispose;
  object_class->finalize = hp_comfy_client_finalize;
  object_class->get_property = hp_comfy_client_get_property;
  object_class->set_property = hp_comfy_client_set_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Random by default; construct-only so a socket and its prompts agree. */
  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTH_KIND] =
    g_param_spec_enum ("auth-kind", NULL, NULL, HP_TYPE_COMFY_AUTH_KIND, HP_COMFY_AUTH_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Write-only: the secret cannot be read back. "user:password" for
   * basic auth; no header is sent while auth-kind is none. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HP_TYPE_COMFY_CLIENT_STATE,
                       HP_COMFY_CLIENT_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE_REMAINING] =
    g_param_spec_int ("queue-remaining", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL_MS] =
    g_param_spec_uint ("poll-interval-ms", NULL, NULL, 0, 60000, DEFAULT_POLL_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_INT64);
  _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_PROMPT] =
    g_signal_new ("prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 6,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_DOUBLE,
                  JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_INT64, G_TYPE_INT64);
  _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_SYSTEM_STATS] =
    g_signal_new ("system-stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_INT64);
  _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_PROTOCOL_ERROR] =
    g_signal_new ("protocol-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, HP_TYPE_COMFY_CLIENT_STATE);
  _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_CONNECTION_LOST] =
    g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
hp_comfy_client_init (HpComfyClient *self)
{
  self->client_id = g_uuid_string_random ();
  self->queue_remaining = -1;
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
  self->backoff_initial_ms = DEFAULT_BACKOFF_INITIAL_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
  self->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  /* Two sessions: the HTTP one times out, the websocket must not. */
  self->http_session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_S,
                                                      "user-agent", "Hotpath ", NULL);
  self->ws_session = soup_session_new_with_options ("user-agent", "Hotpath ", NULL);
  self->graphs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->graphs_known = g_queue_new ();
  self->deferred = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->timers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  set_address (self, "");
}

const char *
hp_comfy_client_get_address (HpComfyClient *self)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), NULL);
  return self->address_text;
}

const HpComfyAddress *
hp_comfy_client_get_parsed_address (HpComfyClient *self)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), NULL);
  return self->address;
}

const char *
hp_comfy_client_get_client_id (HpComfyClient *self)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), NULL);
  return self->client_id;
}

HpComfyClientState
hp_comfy_client_get_state (HpComfyClient *self)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), HP_COMFY_CLIENT_DISCONNECTED);
  return self->state;
}

int
hp_comfy_client_get_queue_remaining (HpComfyClient *self)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), -1);
  return self->queue_remaining;
}

HpComfyAuthKind
hp_comfy_client_get_auth_kind (HpComfyClient *self)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), HP_COMFY_AUTH_NONE);
  return self->auth_kind;
}

guint
hp_comfy_client_get_poll_interval_ms (HpComfyClient *self)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), 0);
  return self->poll_interval_ms;
}

void
hp_comfy_client_set_poll_interval_ms (HpComfyClient *self,
                                      guint          interval_ms)
{
  g_return_if_fail (HP_IS_COMFY_CLIENT (self));

  if (self->poll_interval_ms == interval_ms)
    return;
  self->poll_interval_ms = interval_ms;
  _hp_comfy_client_restart_poll_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL_MS]);
}

void
_hp_comfy_client_set_backoff (HpComfyClient *self,
                              guint          initial_ms,
                              guint          max_ms)
{
  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  g_return_if_fail (initial_ms > 0 && max_ms >= initial_ms);

  self->backoff_initial_ms = initial_ms;
  self->backoff_max_ms = max_ms;
}

void
_hp_comfy_client_set_retry_delay (HpComfyClient *self,
                                  guint          delay_ms)
{
  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  self->retry_delay_ms = delay_ms;
}

void
_hp_comfy_client_set_connect_timeout (HpComfyClient *self,
                                      guint          timeout_ms)
{
  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  self->connect_timeout_ms = timeout_ms;
}

void
_hp_comfy_client_set_queue_remaining (HpComfyClient *self,
                                      int            remaining)
{
  if (remaining == self->queue_remaining)
    return;
  self->queue_remaining = remaining;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_REMAINING]);
}
