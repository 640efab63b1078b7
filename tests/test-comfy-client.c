/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpComfyClient and its helpers against a small fake ComfyUI server
 * (SoupServer on 127.0.0.1, a free port) written in this file. */
#include <string.h>
#include <libsoup/soup.h>

#include "hp-comfy-address.h"
#include "hp-comfy-client.h"
#include "hp-comfy-client-private.h"
#include "hp-comfy-prompt.h"

#define TOKEN "s3cret-token-4711"

/* ---- waiting on the main loop ------------------------------------------ */

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main context until @cond holds; fails after a generous 5 s. */
#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 wait_end_ = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; \
    guint wake_ = g_timeout_add (5, wake_up, NULL); \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > wait_end_) \
          g_error ("timed out waiting for %s", #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (wake_); \
  } G_STMT_END

/* Runs the main context for @ms: for checking that nothing happens. */
static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (5, wake_up, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* ---- the fake ComfyUI server --------------------------------------------- */

typedef struct {
  guint  status;
  char  *body;
} Response;

typedef struct {
  SoupServer *server;
  guint       port;
  char       *base;          /* "http://127.0.0.1:PORT" */
  GPtrArray  *sockets;       /* SoupWebsocketConnection */
  guint       n_handshakes;
  char       *ws_client_id;  /* clientId of the last handshake */
  GHashTable *responses;     /* "GET /queue" → Response */
  GPtrArray  *log;           /* "GET /history?max_items=5", in order */
  GPtrArray  *authorizations;/* the Authorization header of every request ("" when none) */
  char       *posted_prompt; /* the last POST /prompt body */
  const char *required_auth; /* refuse other requests with 401 */
  char       *on_connect;    /* sent to each new socket */
} FakeServer;

static void
response_free (gpointer data)
{
  Response *response = data;

  g_free (response->body);
  g_free (response);
}

static void
fake_respond (FakeServer *fake,
              const char *method_path,
              guint       status,
              const char *body)
{
  Response *response = g_new0 (Response, 1);

  response->status = status;
  response->body = g_strdup (body);
  g_hash_table_replace (fake->responses, g_strdup (method_path), response);
}

static guint
fake_count (FakeServer *fake,
            const char *entry)
{
  guint n = 0;

  for (guint i = 0; i < fake->log->len; i++)
    n += g_str_equal (g_ptr_array_index (fake->log, i), entry);
  return n;
}

static void
note_authorization (FakeServer        *fake,
                    SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  g_ptr_array_add (fake->authorizations, g_strdup (value != NULL ? value : ""));
}

static void
fake_early (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  FakeServer *fake = user_data;
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (fake->required_auth != NULL && g_strcmp0 (value, fake->required_auth) != 0)
    {
      note_authorization (fake, msg);
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
}

static void
fake_http (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FakeServer *fake = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  Response *response;

  note_authorization (fake, msg);
  g_ptr_array_add (fake->log, g_uri_get_query (uri) != NULL
                              ? g_strdup_printf ("%s?%s", key, g_uri_get_query (uri))
                              : g_strdup (key));
  if (g_str_equal (key, "POST /prompt"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      g_free (fake->posted_prompt);
      fake->posted_prompt = g_strndup (body->data, body->length);
    }

  response = g_hash_table_lookup (fake->responses, key);
  if (response == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, response->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    response->body, strlen (response->body));
}

static void
fake_websocket (SoupServer              *server,
                SoupServerMessage       *msg,
                const char              *path,
                SoupWebsocketConnection *connection,
                gpointer                 user_data)
{
  FakeServer *fake = user_data;
  g_autoptr(GHashTable) query = NULL;
  const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));

  note_authorization (fake, msg);
  fake->n_handshakes++;
  query = raw != NULL ? soup_form_decode (raw) : NULL;
  g_free (fake->ws_client_id);
  fake->ws_client_id = query != NULL ? g_strdup (g_hash_table_lookup (query, "clientId")) : NULL;
  g_ptr_array_add (fake->sockets, g_object_ref (connection));
  if (fake->on_connect != NULL)
    soup_websocket_connection_send_text (connection, fake->on_connect);
}

static void
fake_listen (FakeServer *fake,
             guint       port)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_listen_local (fake->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  g_assert_nonnull (uris);
  fake->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static FakeServer *
fake_server_new (void)
{
  FakeServer *fake = g_new0 (FakeServer, 1);

  fake->server = soup_server_new (NULL, NULL);
  fake->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  fake->responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, response_free);
  fake->log = g_ptr_array_new_with_free_func (g_free);
  fake->authorizations = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_early_handler (fake->server, NULL, fake_early, fake, NULL);
  soup_server_add_early_handler (fake->server, "/ws", fake_early, fake, NULL);
  soup_server_add_handler (fake->server, NULL, fake_http, fake, NULL);
  soup_server_add_websocket_handler (fake->server, "/ws", NULL, NULL, fake_websocket, fake, NULL);
  fake_listen (fake, 0);
  fake->base = g_strdup_printf ("http://127.0.0.1:%u", fake->port);
  return fake;
}

static SoupWebsocketConnection *
fake_socket (FakeServer *fake)
{
  g_assert_cmpuint (fake->sockets->len, >, 0);
  return g_ptr_array_index (fake->sockets, fake->sockets->len - 1);
}

static void
fake_send (FakeServer *fake,
           const char *text)
{
  soup_websocket_connection_send_text (fake_socket (fake), text);
}

static void
fake_close_sockets (FakeServer *fake)
{
  for (guint i = 0; i < fake->sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (fake->sockets, i);

      if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
}

static void
fake_server_free (FakeServer *fake)
{
  fake_close_sockets (fake);
  spin_for (20);
  soup_server_disconnect (fake->server);
  g_ptr_array_unref (fake->sockets);
  g_assert_finalize_object (fake->server);
  g_hash_table_unref (fake->responses);
  g_ptr_array_unref (fake->log);
  g_ptr_array_unref (fake->authorizations);
  g_free (fake->base);
  g_free (fake->ws_client_id);
  g_free (fake->posted_prompt);
  g_free (fake->on_connect);
  g_free (fake);
}

/* ---- what the client emitted ----------------------------------------- */

typedef struct {
  GPtrArray *messages;     /* JsonNode */
  GArray    *times;        /* gint64 received_us of each message */
  GPtrArray *prompt_ids;
  GPtrArray *graphs;       /* JsonNode */
  GPtrArray *workflows;    /* JsonNode or NULL */
  GArray    *numbers;      /* double */
  GArray    *create_times; /* gint64 create_time_us */
  guint      n_stats;
  GPtrArray *errors;       /* GError */
  GArray    *states;       /* HpComfyClientState, from "state-changed" */
  guint      n_lost;
  GAsyncResult *result;
} Events;

static void
on_message (HpComfyClient *client, JsonNode *message, gint64 received_us, Events *events)
{
  g_ptr_array_add (events->messages, json_node_ref (message));
  g_array_append_val (events->times, received_us);
}

static void
on_prompt (HpComfyClient *client, const char *prompt_id, double number, JsonNode *graph,
           JsonNode *workflow, gint64 received_us, gint64 create_time_us, Events *events)
{
  g_array_append_val (events->create_times, create_time_us);
  g_ptr_array_add (events->prompt_ids, g_strdup (prompt_id));
  g_ptr_array_add (events->graphs, json_node_ref (graph));
  g_ptr_array_add (events->workflows, workflow != NULL ? json_node_ref (workflow) : NULL);
  g_array_append_val (events->numbers, number);
}

static void
on_stats (HpComfyClient *client, JsonNode *stats, gint64 received_us, Events *events)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (stats));
  events->n_stats++;
}

static void
on_protocol_error (HpComfyClient *client, const GError *error, Events *events)
{
  g_ptr_array_add (events->errors, g_error_copy (error));
}

static void
on_state_changed (HpComfyClient *client, HpComfyClientState state, Events *events)
{
  g_array_append_val (events->states, state);
}

static void
on_connection_lost (HpComfyClient *client, gint64 when_us, Events *events)
{
  g_assert_cmpint (when_us, >, 0);
  events->n_lost++;
}

static void
node_unref0 (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

static Events *
events_new (HpComfyClient *client)
{
  Events *events = g_new0 (Events, 1);

  events->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  events->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  events->prompt_ids = g_ptr_array_new_with_free_func (g_free);
  events->graphs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  events->workflows = g_ptr_array_new_with_free_func (node_unref0);
  events->numbers = g_array_new (FALSE, FALSE, sizeof (double));
  events->create_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  events->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  events->states = g_array_new (FALSE, FALSE, sizeof (HpComfyClientState));
  g_signal_connect (client, "message", G_CALLBACK (on_message), events);
  g_signal_connect (client, "prompt", G_CALLBACK (on_prompt), events);
  g_signal_connect (client, "system-stats", G_CALLBACK (on_stats), events);
  g_signal_connect (client, "protocol-error", G_CALLBACK (on_protocol_error), events);
  g_signal_connect (client, "state-changed", G_CALLBACK (on_state_changed), events);
  g_signal_connect (client, "connection-lost", G_CALLBACK (on_connection_lost), events);
  return events;
}

static void
events_free (Events *events)
{
  g_ptr_array_unref (events->messages);
  g_array_unref (events->times);
  g_ptr_array_unref (events->prompt_ids);
  g_ptr_array_unref (events->graphs);
  g_ptr_array_unref (events->workflows);
  g_array_unref (events->numbers);
  g_array_unref (events->create_times);
  g_ptr_array_unref (events->errors);
  g_array_unref (events->states);
  g_clear_object (&events->result);
  g_free (events);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Events *events = user_data;

  g_assert_null (events->result);
  events->result = g_object_ref (result);
}

static const char *
message_type (Events *events,
              guint   i)
{
  JsonNode *message = g_ptr_array_index (events->messages, i);

  return json_object_get_string_member (json_node_get_object (message), "type");
}

/* A client of @fake with short waits, connected. */
static HpComfyClient *
connect_client (FakeServer *fake,
                Events    **events_out)
{
  g_autoptr(GError) error = NULL;
  HpComfyClient *client = hp_comfy_client_new (fake->base, &error);
  Events *events;

  g_assert_no_error (error);
  _hp_comfy_client_set_backoff (client, 20, 80);
  _hp_comfy_client_set_retry_delay (client, 20);
  hp_comfy_client_set_poll_interval_ms (client, 0);
  events = events_new (client);
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  hp_comfy_client_connect_finish (client, events->result, &error);
  g_assert_no_error (error);
  g_clear_object (&events->result);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_CONNECTED);
  WAIT_FOR (fake->sockets->len > 0);
  *events_out = events;
  return client;
}

static void
finish_client (HpComfyClient *client,
               Events        *events)
{
  g_signal_handlers_disconnect_by_data (client, events);
  events_free (events);
  g_assert_finalize_object (client);
}

/* ---- addresses ------------------------------------------------------------- */

static void
test_address_good (void)
{
  static const struct {
    const char *text;
    const char *http;
    const char *ws;
  } cases[] = {
    { "http://127.0.0.1:8188", "http://127.0.0.1:8188", "ws://127.0.0.1:8188/ws" },
    { "127.0.0.1:8188", "http://127.0.0.1:8188", "ws://127.0.0.1:8188/ws" },
    /* No scheme and no port: ComfyUI's own port 8188. */
    { "localhost", "http://localhost:8188", "ws://localhost:8188/ws" },
    /* Blanks and trailing slashes go, the host is lowercased. */
    { "  http://LOCALHOST:8188/  ", "http://localhost:8188", "ws://localhost:8188/ws" },
    { "my-gpu-box.local:8188///", "http://my-gpu-box.local:8188", "ws://my-gpu-box.local:8188/ws" },
    /* A scheme given: its standard port, left out of the URI. */
    { "http://comfy.lan", "http://comfy.lan", "ws://comfy.lan/ws" },
    { "https://host", "https://host", "wss://host/ws" },
    { "https://host:443/", "https://host", "wss://host/ws" },
    { "https://host:8443", "https://host:8443", "wss://host:8443/ws" },
    /* A path prefix behind a proxy is kept. */
    { "https://example.org/comfy/", "https://example.org/comfy", "wss://example.org/comfy/ws" },
    { "http://127.0.0.1:8188/api", "http://127.0.0.1:8188/api", "ws://127.0.0.1:8188/api/ws" },
    /* Websocket URLs: "/ws" is the endpoint, not a prefix; the query goes. */
    { "ws://10.0.0.5:8188/ws", "http://10.0.0.5:8188", "ws://10.0.0.5:8188/ws" },
    { "ws://10.0.0.5:8188", "http://10.0.0.5:8188", "ws://10.0.0.5:8188/ws" },
    { "wss://example.org/comfy/ws?clientId=abc", "https://example.org/comfy", "wss://example.org/comfy/ws" },
    { "WS://Host:8188/ws/", "http://host:8188", "ws://host:8188/ws" },
    /* IPv6. */
    { "[::1]:8188", "http://[::1]:8188", "ws://[::1]:8188/ws" },
    { "http://[::1]:8188/", "http://[::1]:8188", "ws://[::1]:8188/ws" },
    { "::1", "http://[::1]:8188", "ws://[::1]:8188/ws" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HpComfyAddress) address = hp_comfy_address_parse (cases[i].text, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpstr (hp_comfy_address_get_http_uri (address), ==, cases[i].http);
      g_assert_cmpstr (hp_comfy_address_get_ws_uri (address), ==, cases[i].ws);
    }
}

static void
test_address_build (void)
{
  g_autoptr(HpComfyAddress) local = hp_comfy_address_parse ("127.0.0.1:8188", NULL);
  g_autoptr(HpComfyAddress) proxied = hp_comfy_address_parse ("https://example.org/comfy/", NULL);
  g_autoptr(HpComfyAddress) copy = hp_comfy_address_copy (proxied);
  g_autofree char *ws = hp_comfy_address_build_ws_uri (local, "abc-123");
  g_autofree char *odd = hp_comfy_address_build_ws_uri (local, "a b&c");
  g_autofree char *http = hp_comfy_address_build_http_uri (copy, "/history/x");

  g_assert_cmpstr (ws, ==, "ws://127.0.0.1:8188/ws?clientId=abc-123");
  /* ' ' → %20, '&' → %26 */
  g_assert_cmpstr (odd, ==, "ws://127.0.0.1:8188/ws?clientId=a%20b%26c");
  g_assert_cmpstr (http, ==, "https://example.org/comfy/history/x");
}

static void
test_address_bad (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "No server address given: expected host:port or http://host:port" },
    { "   ", "No server address given: expected host:port or http://host:port" },
    { "not a url", "“not a url” is not a server address: expected host:port or http://host:port" },
    { "http://", "“http://” is not a server address: expected host:port or http://host:port" },
    { ":8188", "“:8188” is not a server address: expected host:port or http://host:port" },
    { "http://[::1", "“http://[::1” is not a server address: expected host:port or http://host:port" },
    { "http://exa$mple.org", "“http://exa$mple.org” is not a server address: expected host:port or http://host:port" },
    { "ftp://host", "“ftp://host” is not a server address: it must start with http://, https://, ws:// or wss://" },
    { "localhost:99999", "“localhost:99999” is not a server address: the port must be a number from 1 to 65535" },
    { "localhost:0", "“localhost:0” is not a server address: the port must be a number from 1 to 65535" },
    { "localhost:abc", "“localhost:abc” is not a server address: the port must be a number from 1 to 65535" },
    /* The password is not repeated. */
    { "http://user:hunter2@host:8188", "The server address contains a user name or password: give them as the token instead" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HpComfyAddress) address = hp_comfy_address_parse (cases[i].text, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (address);
      g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* The client refuses the same text up front. */
  {
    g_autoptr(GError) error = NULL;
    HpComfyClient *client = hp_comfy_client_new ("not a url", &error);

    g_assert_null (client);
    g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS);
  }
}

/* ---- connecting and messages ----------------------------------------------- */

static void
test_connect_status (void)
{
  FakeServer *fake = fake_server_new ();
  g_autoptr(GError) error = NULL;
  HpComfyClient *client = hp_comfy_client_new (fake->base, &error);
  Events *events = events_new (client);
  g_autofree char *sid_status = NULL;
  JsonObject *data;
  HpComfyClientState state;

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (hp_comfy_client_get_client_id (client)));
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_DISCONNECTED);
  g_assert_cmpint (hp_comfy_client_get_queue_remaining (client), ==, -1);
  g_assert_cmpuint (hp_comfy_client_get_poll_interval_ms (client), ==, 250);

  /* What ComfyUI sends first on a new socket. */
  sid_status = g_strdup_printf ("{\"type\": \"status\", \"data\": {\"status\": {\"exec_info\": "
                                "{\"queue_remaining\": 2}}, \"sid\": \"%s\"}}",
                                hp_comfy_client_get_client_id (client));
  fake->on_connect = g_strdup (sid_status);

  hp_comfy_client_connect_async (client, NULL, store_result, events);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_CONNECTING);
  WAIT_FOR (events->result != NULL);
  g_assert_true (hp_comfy_client_connect_finish (client, events->result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_CONNECTED);
  /* DISCONNECTED → CONNECTING → CONNECTED: two changes. */
  g_assert_cmpuint (events->states->len, ==, 2);
  g_assert_cmpint (g_array_index (events->states, HpComfyClientState, 0), ==, HP_COMFY_CLIENT_CONNECTING);
  g_assert_cmpint (g_array_index (events->states, HpComfyClientState, 1), ==, HP_COMFY_CLIENT_CONNECTED);
  g_object_get (client, "state", &state, NULL);
  g_assert_cmpint (state, ==, HP_COMFY_CLIENT_CONNECTED);

  /* The socket carries our id, so prompts we queue report here. */
  g_assert_cmpstr (fake->ws_client_id, ==, hp_comfy_client_get_client_id (client));

  WAIT_FOR (events->messages->len == 1);
  g_assert_cmpstr (message_type (events, 0), ==, "status");
  data = json_object_get_object_member (json_node_get_object (g_ptr_array_index (events->messages, 0)), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "sid"), ==, hp_comfy_client_get_client_id (client));
  g_assert_cmpint (hp_comfy_client_get_queue_remaining (client), ==, 2);

  /* Connecting again while connected is a no-op success. */
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  g_clear_object (&events->result);
  WAIT_FOR (events->result != NULL);
  g_assert_true (hp_comfy_client_connect_finish (client, events->result, &error));
  g_assert_cmpuint (fake->n_handshakes, ==, 1);

  /* A later broadcast (no sid) updates the queue length. */
  fake_send (fake, "{\"type\": \"status\", \"data\": {\"status\": {\"exec_info\": {\"queue_remaining\": 0}}}}");
  WAIT_FOR (events->messages->len == 2);
  g_assert_cmpint (hp_comfy_client_get_queue_remaining (client), ==, 0);

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_messages_in_order (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client = connect_client (fake, &events);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"type\": \"progress\", \"data\": {\"value\": %u, "
                                               "\"max\": 50, \"prompt_id\": \"p\", \"node\": \"3\"}}", i + 1);
      fake_send (fake, text);
    }
  WAIT_FOR (events->messages->len == 50);

  for (guint i = 0; i < 50; i++)
    {
      JsonNode *message = g_ptr_array_index (events->messages, i);
      JsonObject *data = json_object_get_object_member (json_node_get_object (message), "data");

      /* Sent 1, 2, …, 50: received in that order. */
      g_assert_cmpint (json_object_get_int_member (data, "value"), ==, i + 1);
      if (i > 0)
        g_assert_cmpint (g_array_index (events->times, gint64, i), >=,
                         g_array_index (events->times, gint64, i - 1));
    }
  /* Receive times are wall-clock µs: after 2020-01-01 (1577836800 s). */
  g_assert_cmpint (g_array_index (events->times, gint64, 0), >, (gint64) 1577836800 * G_USEC_PER_SEC);
  g_assert_cmpuint (events->errors->len, ==, 0);
  /* progress with a prompt id fetches no graph: only execution_start,
   * execution_cached and executing do. */
  g_assert_cmpuint (fake->log->len, ==, 0);

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_binary_skipped (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client = connect_client (fake, &events);
  /* A PNG preview frame: type 1 (big-endian), format 2, then bytes. */
  static const guint8 preview[] = { 0, 0, 0, 1, 0, 0, 0, 2, 0x89, 'P', 'N', 'G' };

  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"3\"}}");
  soup_websocket_connection_send_binary (fake_socket (fake), preview, sizeof preview);
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"8\"}}");
  WAIT_FOR (events->messages->len == 2);
  spin_for (30);

  /* Two text frames through, the binary one dropped without complaint. */
  g_assert_cmpuint (events->messages->len, ==, 2);
  g_assert_cmpuint (events->errors->len, ==, 0);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_CONNECTED);

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_garbage_text (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client = connect_client (fake, &events);
  const GError *error;

  fake_send (fake, "{\"type\": \"status\", \"data\": {");   /* truncated */
  fake_send (fake, "[1, 2, 3]");                             /* JSON, no type */
  fake_send (fake, "{\"type\": 7, \"data\": {}}");           /* type not a string */
  fake_send (fake, "{\"type\": \"execution_success\", \"data\": {\"prompt_id\": \"p\", \"timestamp\": 1}}");
  WAIT_FOR (events->messages->len == 1);

  g_assert_cmpuint (events->errors->len, ==, 3);
  error = g_ptr_array_index (events->errors, 0);
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "Skipped a message from "));
  g_assert_nonnull (strstr (error->message, "that is not JSON"));
  error = g_ptr_array_index (events->errors, 1);
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "expected an object with a \"type\" string"));
  error = g_ptr_array_index (events->errors, 2);
  g_assert_nonnull (strstr (error->message, "expected an object with a \"type\" string"));

  /* Still connected: the good message after the garbage came through. */
  g_assert_cmpstr (message_type (events, 0), ==, "execution_success");
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_CONNECTED);
  g_assert_cmpuint (events->n_lost, ==, 0);

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_unknown_type (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client = connect_client (fake, &events);
  JsonObject *object;

  fake_send (fake, "{\"type\": \"crystools.monitor\", \"data\": {\"cpu_utilization\": 12.5}}");
  fake_send (fake, "{\"type\": \"feature_flags\"}");   /* no data at all */
  WAIT_FOR (events->messages->len == 2);

  object = json_node_get_object (g_ptr_array_index (events->messages, 0));
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "crystools.monitor");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (object, "data"),
                                                    "cpu_utilization"), ==, 12.5);
  g_assert_cmpstr (message_type (events, 1), ==, "feature_flags");
  g_assert_cmpuint (events->errors->len, ==, 0);

  finish_client (client, events);
  fake_server_free (fake);
}

/* ---- graphs ------------------------------------------------------------ */

#define GRAPH_A "{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 5, \"model\": [\"4\", 0]}}, " \
                "\"4\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": \"a.safetensors\"}}}"
#define WORKFLOW_A "{\"last_node_id\": 4, \"nodes\": [{\"id\": 3, \"type\": \"KSampler\", \"pos\": [10, 20]}]}"

static void
test_graph_from_queue (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client;
  g_autoptr(JsonNode) expected_graph = parse (GRAPH_A);
  g_autoptr(JsonNode) expected_workflow = parse (WORKFLOW_A);

  fake_respond (fake, "GET /queue", 200,
                "{\"queue_running\": [[12, \"p-run\", " GRAPH_A ", {\"client_id\": \"other\", \"create_time\": 1699999999750, "
                "\"extra_pnginfo\": {\"workflow\": " WORKFLOW_A "}}, [\"9\"]]], "
                "\"queue_pending\": [[13, \"p-next\", {}, {}, []]]}");
  client = connect_client (fake, &events);

  fake_send (fake, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p-run\", \"timestamp\": 1700000000000}}");
  fake_send (fake, "{\"type\": \"execution_cached\", \"data\": {\"nodes\": [], \"prompt_id\": \"p-run\", \"timestamp\": 1700000000001}}");
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"4\", \"display_node\": \"4\", \"prompt_id\": \"p-run\"}}");
  WAIT_FOR (events->prompt_ids->len == 1);
  WAIT_FOR (events->messages->len == 3);
  spin_for (50);

  /* Three messages about p-run, one GET /queue, one "prompt". */
  g_assert_cmpuint (fake_count (fake, "GET /queue"), ==, 1);
  g_assert_cmpuint (fake->log->len, ==, 1);
  g_assert_cmpuint (events->prompt_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events->prompt_ids, 0), ==, "p-run");
  g_assert_cmpfloat (g_array_index (events->numbers, double, 0), ==, 12);
  /* extra_data.create_time 1699999999750 ms → µs, server clock */
  g_assert_cmpint (g_array_index (events->create_times, gint64, 0), ==, G_GINT64_CONSTANT (1699999999750000));
  g_assert_true (json_node_equal (g_ptr_array_index (events->graphs, 0), expected_graph));
  g_assert_true (json_node_equal (g_ptr_array_index (events->workflows, 0), expected_workflow));

  /* Later messages about the same prompt fetch nothing more. */
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"3\", \"prompt_id\": \"p-run\"}}");
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": null, \"prompt_id\": \"p-run\"}}");
  WAIT_FOR (events->messages->len == 5);
  spin_for (30);
  g_assert_cmpuint (fake->log->len, ==, 1);
  g_assert_cmpuint (events->errors->len, ==, 0);

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_graph_from_history (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client;
  g_autoptr(JsonNode) expected_graph = parse (GRAPH_A);

  /* Done already: not queued, but in the history (no editor workflow). */
  fake_respond (fake, "GET /queue", 200, "{\"queue_running\": [], \"queue_pending\": []}");
  fake_respond (fake, "GET /history/p-done", 200,
                "{\"p-done\": {\"prompt\": [4.5, \"p-done\", " GRAPH_A ", {}, [\"9\"]], "
                "\"outputs\": {}, \"status\": {\"status_str\": \"success\", \"completed\": true, \"messages\": []}}}");
  client = connect_client (fake, &events);

  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"3\", \"prompt_id\": \"p-done\"}}");
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"4\", \"prompt_id\": \"p-done\"}}");
  WAIT_FOR (events->prompt_ids->len == 1);
  spin_for (50);

  /* /queue first, then /history/ID, each once. */
  g_assert_cmpuint (fake->log->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fake->log, 0), ==, "GET /queue");
  g_assert_cmpstr (g_ptr_array_index (fake->log, 1), ==, "GET /history/p-done");
  g_assert_cmpstr (g_ptr_array_index (events->prompt_ids, 0), ==, "p-done");
  g_assert_cmpfloat (g_array_index (events->numbers, double, 0), ==, 4.5);
  /* extra_data {} : no create_time */
  g_assert_cmpint (g_array_index (events->create_times, gint64, 0), ==, G_MININT64);
  g_assert_true (json_node_equal (g_ptr_array_index (events->graphs, 0), expected_graph));
  g_assert_null (g_ptr_array_index (events->workflows, 0));
  g_assert_cmpuint (events->errors->len, ==, 0);

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_graph_retried_once (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client;
  const GError *error;

  /* Nowhere to be found: /queue empty, /history/ID "{}" (unknown id). */
  fake_respond (fake, "GET /queue", 200, "{\"queue_running\": [], \"queue_pending\": []}");
  fake_respond (fake, "GET /history/p-ghost", 200, "{}");
  client = connect_client (fake, &events);

  fake_send (fake, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p-ghost\", \"timestamp\": 1}}");
  WAIT_FOR (events->errors->len == 1);
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"3\", \"prompt_id\": \"p-ghost\"}}");
  WAIT_FOR (events->messages->len == 2);
  spin_for (60);

  /* The first try and one retry: 2 × (/queue, /history/ID), then no more. */
  g_assert_cmpuint (fake_count (fake, "GET /queue"), ==, 2);
  g_assert_cmpuint (fake_count (fake, "GET /history/p-ghost"), ==, 2);
  g_assert_cmpuint (fake->log->len, ==, 4);
  g_assert_cmpuint (events->prompt_ids->len, ==, 0);
  g_assert_cmpuint (events->errors->len, ==, 1);
  error = g_ptr_array_index (events->errors, 0);
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Could not fetch the graph of prompt p-ghost: the server has it neither in its queue nor in its history");
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_CONNECTED);

  finish_client (client, events);
  fake_server_free (fake);
}

/* ---- queuing prompts ----------------------------------------------------- */

static void
test_queue_prompt (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client;
  g_autoptr(JsonNode) prompt = parse (GRAPH_A);
  g_autoptr(JsonNode) workflow = parse (WORKFLOW_A);
  g_autoptr(JsonNode) posted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt_id = NULL;
  JsonObject *body;
  JsonObject *pnginfo;
  double number = -1;

  fake_respond (fake, "POST /prompt", 200,
                "{\"prompt_id\": \"p-ours\", \"number\": 7, \"node_errors\": {}}");
  client = connect_client (fake, &events);

  hp_comfy_client_queue_prompt_async (client, prompt, workflow, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  prompt_id = hp_comfy_client_queue_prompt_finish (client, events->result, &number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prompt_id, ==, "p-ours");
  g_assert_cmpfloat (number, ==, 7);

  /* The body: our client id, the prompt unchanged, the workflow under
   * extra_data.extra_pnginfo, and a canonical prompt id of our own. */
  g_assert_cmpuint (fake_count (fake, "POST /prompt"), ==, 1);
  posted = parse (fake->posted_prompt);
  body = json_node_get_object (posted);
  g_assert_cmpstr (json_object_get_string_member (body, "client_id"), ==,
                   hp_comfy_client_get_client_id (client));
  g_assert_true (json_node_equal (json_object_get_member (body, "prompt"), prompt));
  pnginfo = json_object_get_object_member (json_object_get_object_member (body, "extra_data"),
                                           "extra_pnginfo");
  g_assert_true (json_node_equal (json_object_get_member (pnginfo, "workflow"), workflow));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (body, "prompt_id")));

  /* "prompt" for the graph we queued, before any execution message. */
  g_assert_cmpuint (events->prompt_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events->prompt_ids, 0), ==, "p-ours");
  g_assert_cmpfloat (g_array_index (events->numbers, double, 0), ==, 7);
  /* the POST reply does not carry the server's create_time */
  g_assert_cmpint (g_array_index (events->create_times, gint64, 0), ==, G_MININT64);
  g_assert_true (json_node_equal (g_ptr_array_index (events->graphs, 0), prompt));
  g_assert_true (json_node_equal (g_ptr_array_index (events->workflows, 0), workflow));

  /* Its execution fetches no graph: the client knows it. */
  fake_send (fake, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p-ours\", \"timestamp\": 1}}");
  WAIT_FOR (events->messages->len == 1);
  spin_for (30);
  g_assert_cmpuint (fake->log->len, ==, 1);

  /* Without a workflow: no extra_data. */
  g_clear_object (&events->result);
  hp_comfy_client_queue_prompt_async (client, prompt, NULL, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_free (hp_comfy_client_queue_prompt_finish (client, events->result, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&posted, json_node_unref);
  posted = parse (fake->posted_prompt);
  g_assert_false (json_object_has_member (json_node_get_object (posted), "extra_data"));

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_queue_prompt_rejected (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client;
  g_autoptr(JsonNode) prompt = parse (GRAPH_A);
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt_id = NULL;

  /* ComfyUI's answer to a checkpoint it does not have (server.py, 400). */
  fake_respond (fake, "POST /prompt", 400,
                "{\"error\": {\"type\": \"prompt_outputs_failed_validation\", "
                "\"message\": \"Prompt outputs failed validation\", \"details\": \"\", \"extra_info\": {}}, "
                "\"node_errors\": {"
                "\"10\": {\"errors\": [{\"type\": \"required_input_missing\", \"message\": \"Required input is missing\", "
                "\"details\": \"images\", \"extra_info\": {}}], \"dependent_outputs\": [\"10\"], \"class_type\": \"SaveImage\"}, "
                "\"4\": {\"errors\": [{\"type\": \"value_not_in_list\", \"message\": \"Value not in list\", "
                "\"details\": \"ckpt_name: 'nope.safetensors' not in ['a.safetensors']\", \"extra_info\": {}}], "
                "\"dependent_outputs\": [\"9\"], \"class_type\": \"CheckpointLoaderSimple\"}}}");
  client = connect_client (fake, &events);

  hp_comfy_client_queue_prompt_async (client, prompt, NULL, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  prompt_id = hp_comfy_client_queue_prompt_finish (client, events->result, NULL, &error);
  g_assert_null (prompt_id);
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED);
  /* Nodes by number: 4 before 10. */
  g_assert_cmpstr (error->message, ==,
                   "The server rejected the prompt: Prompt outputs failed validation. "
                   "Node 4 (CheckpointLoaderSimple): Value not in list: ckpt_name: 'nope.safetensors' not in ['a.safetensors']. "
                   "Node 10 (SaveImage): Required input is missing: images");
  g_assert_cmpuint (events->prompt_ids->len, ==, 0);
  g_clear_error (&error);

  /* A 400 that says nothing. */
  fake_respond (fake, "POST /prompt", 400, "oops");
  g_clear_object (&events->result);
  hp_comfy_client_queue_prompt_async (client, prompt, NULL, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_null (hp_comfy_client_queue_prompt_finish (client, events->result, NULL, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED);
  g_assert_cmpstr (error->message, ==, "The server rejected the prompt (HTTP 400) without saying why");
  g_clear_error (&error);

  /* Not a prompt at all. */
  {
    g_autoptr(JsonNode) array = parse ("[1, 2]");

    g_clear_object (&events->result);
    hp_comfy_client_queue_prompt_async (client, array, NULL, NULL, store_result, events);
    WAIT_FOR (events->result != NULL);
    g_assert_null (hp_comfy_client_queue_prompt_finish (client, events->result, NULL, &error));
    g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED);
    g_assert_cmpuint (fake_count (fake, "POST /prompt"), ==, 2);
  }

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_history (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) entry = NULL;
  JsonNode *item;
  JsonNode *graph = NULL;
  JsonNode *workflow = NULL;
  const char *id = NULL;
  double number = 0;

  fake_respond (fake, "GET /history", 200,
                "{\"p1\": {\"prompt\": [1, \"p1\", " GRAPH_A ", {\"extra_pnginfo\": {\"workflow\": " WORKFLOW_A "}}, []]}}");
  fake_respond (fake, "GET /history/p1", 200,
                "{\"p1\": {\"prompt\": [1, \"p1\", " GRAPH_A ", {}, []]}}");
  fake_respond (fake, "GET /history/p2", 200, "{}");
  client = connect_client (fake, &events);

  hp_comfy_client_fetch_history_async (client, 5, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  history = hp_comfy_client_fetch_history_finish (client, events->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (fake->log, 0), ==, "GET /history?max_items=5");
  item = hp_comfy_history_find_item (history, "p1");
  g_assert_nonnull (item);
  g_assert_true (hp_comfy_queue_item_parse (item, "$.p1.prompt", &id, &number, &graph, &workflow, &error));
  g_assert_cmpstr (id, ==, "p1");
  g_assert_cmpfloat (number, ==, 1);
  g_assert_nonnull (graph);
  g_assert_nonnull (workflow);

  g_clear_object (&events->result);
  hp_comfy_client_fetch_history_entry_async (client, "p1", NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  entry = hp_comfy_client_fetch_history_entry_finish (client, events->result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hp_comfy_history_find_item (entry, "p1"));

  g_clear_object (&events->result);
  hp_comfy_client_fetch_history_entry_async (client, "p2", NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_null (hp_comfy_client_fetch_history_entry_finish (client, events->result, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "has no history entry for prompt p2"));
  g_clear_error (&error);

  /* A path the server does not have: 404, "is it a ComfyUI server?". */
  g_clear_object (&events->result);
  hp_comfy_client_fetch_history_entry_async (client, "p 3", NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_null (hp_comfy_client_fetch_history_entry_finish (client, events->result, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_COMFYUI);
  g_assert_cmpstr (g_ptr_array_index (fake->log, fake->log->len - 1), ==, "GET /history/p 3");

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_queue_item_malformed (void)
{
  static const struct {
    const char *item;
    const char *message;
  } cases[] = {
    { "{}", "The server sent a malformed queue item at $.q[0]: expected an array [number, prompt_id, prompt, extra_data, outputs]" },
    { "[1, \"p\"]", "The server sent a malformed queue item at $.q[0]: expected at least 3 elements [number, prompt_id, prompt, …]" },
    { "[\"1\", \"p\", {}]", "The server sent a malformed queue item at $.q[0]: element 0 (the queue number) is not a number" },
    { "[1, 2, {}]", "The server sent a malformed queue item at $.q[0]: element 1 (the prompt id) is not a string" },
    { "[1, \"p\", []]", "The server sent a malformed queue item at $.q[0]: element 2 (the prompt) is not an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) item = parse (cases[i].item);
      g_autoptr(GError) error = NULL;

      g_assert_false (hp_comfy_queue_item_parse (item, "$.q[0]", NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROTOCOL);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* create_time: ms → µs; missing, wrong type, absurd → unknown */
  {
    static const struct { const char *item; gint64 expected; } times[] = {
      { "[1, \"p\", {}, {\"create_time\": 1700000000123}]", G_GINT64_CONSTANT (1700000000123000) },
      { "[1, \"p\", {}, {\"create_time\": 1700000000123.5}]", G_GINT64_CONSTANT (1700000000123500) },
      { "[1, \"p\", {}, {}]", G_MININT64 },
      { "[1, \"p\", {}]", G_MININT64 },
      { "[1, \"p\", {}, {\"create_time\": \"1700000000123\"}]", G_MININT64 },
      { "[1, \"p\", {}, {\"create_time\": -5}]", G_MININT64 },
      { "[1, \"p\", {}, {\"create_time\": 1e300}]", G_MININT64 },
      { "[1, \"p\", {}, []]", G_MININT64 },
      { "{\"create_time\": 5}", G_MININT64 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (times); i++)
      {
        g_autoptr(JsonNode) item = parse (times[i].item);

        g_assert_cmpint (hp_comfy_queue_item_get_create_time (item), ==, times[i].expected);
      }
  }

  /* extra_pnginfo.workflow not an object: no workflow, not an error. */
  {
    g_autoptr(JsonNode) item = parse ("[1, \"p\", {}, {\"extra_pnginfo\": {\"workflow\": \"x\"}}]");
    JsonNode *workflow = item;

    g_assert_true (hp_comfy_queue_item_parse (item, "$", NULL, NULL, NULL, &workflow, NULL));
    g_assert_null (workflow);
  }
}

/* ---- losing and regaining the connection -------------------------------- */

static void
test_reconnect (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client = connect_client (fake, &events);
  guint port = fake->port;
  guint delay;

  /* The server goes away: sockets closed, nothing listening. */
  fake_close_sockets (fake);
  soup_server_disconnect (fake->server);
  WAIT_FOR (events->n_lost == 1);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_RECONNECTING);
  g_assert_cmpint (g_array_index (events->states, HpComfyClientState, events->states->len - 1),
                   ==, HP_COMFY_CLIENT_RECONNECTING);

  /* Refused attempts at 20, 40, 80, 80… ms: still reconnecting. */
  spin_for (150);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_RECONNECTING);
  g_assert_cmpuint (events->n_lost, ==, 1);

  /* It comes back on the same port: reconnected with the same client id. */
  fake_listen (fake, port);
  WAIT_FOR (hp_comfy_client_get_state (client) == HP_COMFY_CLIENT_CONNECTED);
  WAIT_FOR (fake->n_handshakes == 2);
  g_assert_cmpstr (fake->ws_client_id, ==, hp_comfy_client_get_client_id (client));
  fake_send (fake, "{\"type\": \"status\", \"data\": {}}");
  WAIT_FOR (events->messages->len == 1);

  /* The server closing only the socket: the same again, at once. */
  fake_close_sockets (fake);
  WAIT_FOR (events->n_lost == 2);
  WAIT_FOR (fake->n_handshakes == 3);
  WAIT_FOR (hp_comfy_client_get_state (client) == HP_COMFY_CLIENT_CONNECTED);

  /* Backoff: 20 ms doubling, capped at 80 ms, ±20 % jitter. */
  for (guint i = 0; i < 20; i++)
    {
      delay = _hp_comfy_client_backoff_delay (client, 0);
      g_assert_cmpuint (delay, >=, 16);    /* 20 × 0.8 */
      g_assert_cmpuint (delay, <=, 24);    /* 20 × 1.2 */
      delay = _hp_comfy_client_backoff_delay (client, 1);
      g_assert_cmpuint (delay, >=, 32);    /* 40 × 0.8 */
      g_assert_cmpuint (delay, <=, 48);
      delay = _hp_comfy_client_backoff_delay (client, 30);
      g_assert_cmpuint (delay, >=, 64);    /* capped: 80 × 0.8 */
      g_assert_cmpuint (delay, <=, 80);    /* never past the cap */
    }

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_disconnect_stops (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client = connect_client (fake, &events);

  /* Disconnecting on purpose: no connection-lost, no reconnecting. */
  hp_comfy_client_disconnect (client);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_DISCONNECTED);
  spin_for (150);
  g_assert_cmpuint (events->n_lost, ==, 0);
  g_assert_cmpuint (fake->n_handshakes, ==, 1);

  /* Lost, then disconnected while waiting to reconnect. */
  g_clear_object (&events->result);
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_true (hp_comfy_client_connect_finish (client, events->result, NULL));
  WAIT_FOR (fake->n_handshakes == 2);
  fake_close_sockets (fake);
  soup_server_disconnect (fake->server);
  WAIT_FOR (events->n_lost == 1);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_RECONNECTING);
  hp_comfy_client_disconnect (client);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_DISCONNECTED);

  /* The server back: the client stays away. */
  fake_listen (fake, fake->port);
  spin_for (200);
  g_assert_cmpuint (fake->n_handshakes, ==, 2);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_DISCONNECTED);

  /* A connect in flight, cancelled by disconnect. */
  g_clear_object (&events->result);
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  hp_comfy_client_disconnect (client);
  WAIT_FOR (events->result != NULL);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hp_comfy_client_connect_finish (client, events->result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_DISCONNECTED);

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_unreachable (void)
{
  FakeServer *fake = fake_server_new ();
  g_autofree char *address = g_strdup (fake->base);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  HpComfyClient *client;
  Events *events;

  /* A port nobody listens on any more. */
  fake_server_free (fake);
  client = hp_comfy_client_new (address, &error);
  g_assert_no_error (error);
  events = events_new (client);
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_false (hp_comfy_client_connect_finish (client, events->result, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_UNREACHABLE);
  expected = g_strdup_printf ("Could not reach the ComfyUI server at %s: Connection refused", address);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_DISCONNECTED);
  /* A first connect that fails does not retry on its own. */
  spin_for (50);
  g_assert_cmpint (hp_comfy_client_get_state (client), ==, HP_COMFY_CLIENT_DISCONNECTED);
  g_assert_cmpuint (events->n_lost, ==, 0);

  finish_client (client, events);
}

static void
test_not_comfyui (void)
{
  FakeServer *fake = fake_server_new ();
  g_autofree char *address = g_strdup_printf ("%s/elsewhere", fake->base);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  HpComfyClient *client = hp_comfy_client_new (address, &error);
  Events *events = events_new (client);

  /* /elsewhere/ws is no websocket: the fake answers 404. */
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_false (hp_comfy_client_connect_finish (client, events->result, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_COMFYUI);
  expected = g_strdup_printf ("The server at %s/elsewhere does not accept a websocket at "
                              "ws://127.0.0.1:%u/elsewhere/ws (HTTP 404 Not Found): is it a ComfyUI server?",
                              fake->base, fake->port);
  g_assert_cmpstr (error->message, ==, expected);

  finish_client (client, events);
  fake_server_free (fake);
}

/* ---- authentication -------------------------------------------------------- */

static void
assert_no_token (const char *text)
{
  g_assert_null (strstr (text, TOKEN));
}

static void
test_auth_bearer (void)
{
  FakeServer *fake = fake_server_new ();
  g_autoptr(GError) error = NULL;
  HpComfyClient *client = hp_comfy_client_new (fake->base, &error);
  Events *events = events_new (client);
  g_autoptr(JsonNode) prompt = parse (GRAPH_A);
  GParamSpec *pspec;

  hp_comfy_client_set_poll_interval_ms (client, 0);
  fake->required_auth = "Bearer " TOKEN;
  fake_respond (fake, "GET /queue", 200,
                "{\"queue_running\": [[1, \"p-auth\", " GRAPH_A ", {}, []]], \"queue_pending\": []}");
  fake_respond (fake, "POST /prompt", 200, "{\"prompt_id\": \"p-q\", \"number\": 2}");

  /* No token: the server says 401, and we say so. */
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_false (hp_comfy_client_connect_finish (client, events->result, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "needs a login (HTTP 401 Unauthorized): give a token"));
  g_clear_error (&error);

  /* A wrong token: refused, and the message does not repeat it. */
  hp_comfy_client_set_auth (client, HP_COMFY_AUTH_BEARER, "wrong-" TOKEN);
  g_clear_object (&events->result);
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_false (hp_comfy_client_connect_finish (client, events->result, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "refused the token (HTTP 401 Unauthorized): check it"));
  assert_no_token (error->message);
  g_clear_error (&error);

  /* The right token, set through the properties. */
  g_object_set (client, "auth-kind", HP_COMFY_AUTH_BEARER, "token", TOKEN, NULL);
  g_assert_cmpint (hp_comfy_client_get_auth_kind (client), ==, HP_COMFY_AUTH_BEARER);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (client), "token");
  g_assert_false (pspec->flags & G_PARAM_READABLE);   /* not readable back */
  g_clear_object (&events->result);
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_true (hp_comfy_client_connect_finish (client, events->result, &error));
  g_assert_no_error (error);
  WAIT_FOR (fake->sockets->len == 1);

  /* On HTTP too: the graph fetch and POST /prompt. */
  fake_send (fake, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p-auth\", \"timestamp\": 1}}");
  WAIT_FOR (events->prompt_ids->len == 1);
  g_clear_object (&events->result);
  hp_comfy_client_queue_prompt_async (client, prompt, NULL, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_free (hp_comfy_client_queue_prompt_finish (client, events->result, NULL, &error));
  g_assert_no_error (error);

  /* Requests: [none (ws 401), wrong (ws 401), right (ws), right (queue), right (prompt)]. */
  g_assert_cmpuint (fake->authorizations->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (fake->authorizations, 0), ==, "");
  g_assert_cmpstr (g_ptr_array_index (fake->authorizations, 1), ==, "Bearer wrong-" TOKEN);
  for (guint i = 2; i < 5; i++)
    g_assert_cmpstr (g_ptr_array_index (fake->authorizations, i), ==, "Bearer " TOKEN);
  g_assert_cmpstr (g_ptr_array_index (fake->log, 0), ==, "GET /queue");
  g_assert_cmpstr (g_ptr_array_index (fake->log, 1), ==, "POST /prompt");

  /* An HTTP 401 later (the token revoked): the error has no token either. */
  fake->required_auth = "Bearer another";
  g_clear_object (&events->result);
  hp_comfy_client_fetch_history_async (client, 0, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_null (hp_comfy_client_fetch_history_finish (client, events->result, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_AUTH);
  assert_no_token (error->message);
  g_assert_cmpuint (events->errors->len, ==, 0);

  finish_client (client, events);
  fake_server_free (fake);
}

static void
test_auth_basic (void)
{
  FakeServer *fake = fake_server_new ();
  g_autoptr(GError) error = NULL;
  HpComfyClient *client = hp_comfy_client_new (fake->base, &error);
  Events *events = events_new (client);

  /* base64 ("user:pass") = "dXNlcjpwYXNz", three bytes at a time:
   * "use" → dXNl, "r:p" → cjpw, "ass" → YXNz. */
  fake->required_auth = "Basic dXNlcjpwYXNz";
  hp_comfy_client_set_auth (client, HP_COMFY_AUTH_BASIC, "user:pass");
  hp_comfy_client_connect_async (client, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_true (hp_comfy_client_connect_finish (client, events->result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (fake->authorizations, 0), ==, "Basic dXNlcjpwYXNz");

  /* None again: no header at all. */
  hp_comfy_client_set_auth (client, HP_COMFY_AUTH_NONE, NULL);
  g_clear_object (&events->result);
  hp_comfy_client_fetch_history_async (client, 0, NULL, store_result, events);
  WAIT_FOR (events->result != NULL);
  g_assert_null (hp_comfy_client_fetch_history_finish (client, events->result, &error));
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_AUTH);
  g_assert_cmpstr (g_ptr_array_index (fake->authorizations, 1), ==, "");

  finish_client (client, events);
  fake_server_free (fake);
}

/* ---- system_stats sampling ------------------------------------------------- */

static void
test_system_stats_polling (void)
{
  FakeServer *fake = fake_server_new ();
  Events *events = NULL;
  HpComfyClient *client;
  guint at_end;
  guint stats_at_end;

  fake_respond (fake, "GET /queue", 200,
                "{\"queue_running\": [[1, \"p-mem\", " GRAPH_A ", {}, []]], \"queue_pending\": []}");
  fake_respond (fake, "GET /system_stats", 200,
                "{\"system\": {\"ram_total\": 100, \"ram_free\": 60}, \"devices\": "
                "[{\"name\": \"cuda:0\", \"vram_total\": 80, \"vram_free\": 20}]}");
  client = connect_client (fake, &events);
  hp_comfy_client_set_poll_interval_ms (client, 20);

  /* Idle: nothing sampled. */
  spin_for (100);
  g_assert_cmpuint (fake_count (fake, "GET /system_stats"), ==, 0);

  /* Executing: sampled at the start and every 20 ms. */
  fake_send (fake, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p-mem\", \"timestamp\": 1}}");
  WAIT_FOR (events->n_stats >= 3);
  g_assert_cmpuint (fake_count (fake, "GET /system_stats"), >=, 3);

  /* The prompt ends: sampling stops (one request may be in flight). */
  fake_send (fake, "{\"type\": \"execution_success\", \"data\": {\"prompt_id\": \"p-mem\", \"timestamp\": 2}}");
  WAIT_FOR (events->messages->len == 2);
  spin_for (40);
  at_end = fake_count (fake, "GET /system_stats");
  stats_at_end = events->n_stats;
  spin_for (150);
  g_assert_cmpuint (fake_count (fake, "GET /system_stats"), ==, at_end);
  g_assert_cmpuint (events->n_stats, ==, stats_at_end);

  /* Joining a run in the middle (executing, no execution_start) samples
   * too, until executing null ends it. */
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": \"3\", \"prompt_id\": \"p-mem\"}}");
  WAIT_FOR (fake_count (fake, "GET /system_stats") >= at_end + 2);
  fake_send (fake, "{\"type\": \"executing\", \"data\": {\"node\": null, \"prompt_id\": \"p-mem\"}}");
  WAIT_FOR (events->messages->len == 4);
  spin_for (40);
  at_end = fake_count (fake, "GET /system_stats");
  spin_for (100);
  g_assert_cmpuint (fake_count (fake, "GET /system_stats"), ==, at_end);

  /* Interval 0: off even while executing. */
  hp_comfy_client_set_poll_interval_ms (client, 0);
  fake_send (fake, "{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p-mem\", \"timestamp\": 3}}");
  WAIT_FOR (events->messages->len == 5);
  spin_for (100);
  g_assert_cmpuint (fake_count (fake, "GET /system_stats"), ==, at_end);

  finish_client (client, events);
  fake_server_free (fake);
}

/* ---- varying the seed ----------------------------------------------------- */

static void
test_vary_seed (void)
{
  g_autoptr(JsonNode) prompt = parse (
    "{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 156680208700286, \"steps\": 20, "
    "\"cfg\": 8.0, \"model\": [\"4\", 0]}},"
    " \"5\": {\"class_type\": \"SamplerCustom\", \"inputs\": {\"noise_seed\": 1, \"seed_behaviour\": 3}},"
    " \"6\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": [\"10\", 0]}},"
    " \"7\": {\"class_type\": \"Odd\", \"inputs\": {\"seed\": 2.5, \"noise_seed\": \"42\"}},"
    " \"8\": {\"class_type\": \"Note\", \"_meta\": {\"seed\": 9}},"
    " \"9\": [\"not a node\"]}");
  g_autoptr(JsonNode) before = hp_comfy_json_deep_copy (prompt);
  g_autoptr(JsonNode) varied = NULL;
  g_autoptr(JsonNode) huge = NULL;
  JsonObject *root;
  JsonObject *inputs;
  guint n = 0;

  varied = hp_comfy_prompt_vary_seed (prompt, 1234, &n);
  root = json_node_get_object (varied);

  /* Replaced: 3.seed and 5.noise_seed (integers) — 2 inputs. */
  g_assert_cmpuint (n, ==, 2);
  inputs = json_object_get_object_member (json_object_get_object_member (root, "3"), "inputs");
  g_assert_cmpint (json_object_get_int_member (inputs, "seed"), ==, 1234);
  g_assert_cmpint (json_object_get_int_member (inputs, "steps"), ==, 20);
  g_assert_cmpfloat (json_object_get_double_member (inputs, "cfg"), ==, 8.0);
  inputs = json_object_get_object_member (json_object_get_object_member (root, "5"), "inputs");
  g_assert_cmpint (json_object_get_int_member (inputs, "noise_seed"), ==, 1234);
  g_assert_cmpint (json_object_get_int_member (inputs, "seed_behaviour"), ==, 3);
  /* Left alone: a linked seed, a float, a string, _meta, a non-node. */
  inputs = json_object_get_object_member (json_object_get_object_member (root, "6"), "inputs");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (inputs, "seed")));
  inputs = json_object_get_object_member (json_object_get_object_member (root, "7"), "inputs");
  g_assert_cmpfloat (json_object_get_double_member (inputs, "seed"), ==, 2.5);
  g_assert_cmpstr (json_object_get_string_member (inputs, "noise_seed"), ==, "42");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (root, "8"), "_meta"), "seed"), ==, 9);

  /* The original is untouched (a deep copy was changed). */
  g_assert_true (json_node_equal (prompt, before));
  inputs = json_object_get_object_member (json_object_get_object_member (json_node_get_object (prompt), "3"), "inputs");
  g_assert_cmpint (json_object_get_int_member (inputs, "seed"), ==, 156680208700286);

  /* 2^64 − 1 → 2^63 − 1: JSON integers are signed 64-bit. */
  huge = hp_comfy_prompt_vary_seed (prompt, G_MAXUINT64, NULL);
  inputs = json_object_get_object_member (json_object_get_object_member (json_node_get_object (huge), "3"), "inputs");
  g_assert_cmpint (json_object_get_int_member (inputs, "seed"), ==, G_MAXINT64);

  /* A sealed (immutable) prompt, as the client hands out: the copy can
   * still be changed. */
  {
    g_autoptr(JsonParser) parser = json_parser_new_immutable ();
    g_autoptr(JsonNode) copy = NULL;

    g_assert_true (json_parser_load_from_data (parser, "{\"3\": {\"inputs\": {\"seed\": 1}}}", -1, NULL));
    g_assert_true (json_node_is_immutable (json_parser_get_root (parser)));
    copy = hp_comfy_prompt_vary_seed (json_parser_get_root (parser), 99, &n);
    g_assert_cmpuint (n, ==, 1);
    inputs = json_object_get_object_member (json_object_get_object_member (json_node_get_object (copy), "3"), "inputs");
    g_assert_cmpint (json_object_get_int_member (inputs, "seed"), ==, 99);
  }

  /* No seed anywhere: a copy, 0 replaced. */
  {
    g_autoptr(JsonNode) plain = parse ("{\"1\": {\"class_type\": \"X\", \"inputs\": {}}}");
    g_autoptr(JsonNode) copy = hp_comfy_prompt_vary_seed (plain, 5, &n);

    g_assert_cmpuint (n, ==, 0);
    g_assert_true (json_node_equal (plain, copy));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/comfy/address/good", test_address_good);
  g_test_add_func ("/comfy/address/build", test_address_build);
  g_test_add_func ("/comfy/address/bad", test_address_bad);
  g_test_add_func ("/comfy/client/connect-status", test_connect_status);
  g_test_add_func ("/comfy/client/messages-in-order", test_messages_in_order);
  g_test_add_func ("/comfy/client/binary-skipped", test_binary_skipped);
  g_test_add_func ("/comfy/client/garbage-text", test_garbage_text);
  g_test_add_func ("/comfy/client/unknown-type", test_unknown_type);
  g_test_add_func ("/comfy/client/graph/from-queue", test_graph_from_queue);
  g_test_add_func ("/comfy/client/graph/from-history", test_graph_from_history);
  g_test_add_func ("/comfy/client/graph/retried-once", test_graph_retried_once);
  g_test_add_func ("/comfy/client/queue-prompt/posted", test_queue_prompt);
  g_test_add_func ("/comfy/client/queue-prompt/rejected", test_queue_prompt_rejected);
  g_test_add_func ("/comfy/client/history", test_history);
  g_test_add_func ("/comfy/prompt/queue-item-malformed", test_queue_item_malformed);
  g_test_add_func ("/comfy/client/reconnect", test_reconnect);
  g_test_add_func ("/comfy/client/disconnect-stops", test_disconnect_stops);
  g_test_add_func ("/comfy/client/unreachable", test_unreachable);
  g_test_add_func ("/comfy/client/not-comfyui", test_not_comfyui);
  g_test_add_func ("/comfy/client/auth/bearer", test_auth_bearer);
  g_test_add_func ("/comfy/client/auth/basic", test_auth_basic);
  g_test_add_func ("/comfy/client/system-stats", test_system_stats_polling);
  g_test_add_func ("/comfy/prompt/vary-seed", test_vary_seed);

  return g_test_run ();
}
