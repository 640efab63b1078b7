/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The event-log replay: loading (hp-replay-log), the stand-in ComfyUI
 * server (hp-replay-server) driven by a plain SoupSession, and
 * `hotpath-cli replay`.
 *
 * tests/fixtures/replay-two-prompts.jsonl, worked by hand
 * (T = 1700000000000 ms, T2 = T + 60000):
 *   line  1        prompt line A (number 0, txt2img graph), T
 *   line  2        system_stats (vram_free 12000000000), T+5
 *   lines 3–17     A's 15 messages: execution_start T+10 (timestamp
 *                  1699999997508), execution_cached T+12 (…509),
 *                  executing 4 T+15, 5 T+215, 6 T+220, 7 T+230, 3 T+240,
 *                  progress 1/2 T+340, 2/2 T+440, executing 8 T+450,
 *                  9 T+500, executed 9 T+520, execution_success T+525
 *                  (…998021), executing null T+530, status T+532
 *   lines 18–29    B's 11 messages (start T2+3, cached 4–7 T2+4, executing
 *                  3, progress ×2, 8, 9, executed, success, executing
 *                  null T2+165, status T2+166) with system_stats
 *                  (vram_free 8000000000) at T2+100 between the progresses
 *   line 30        prompt line B (number 1, seed …287), T2+400
 * The stats line before A's first message belongs to A, so A's origin is
 * T+5: execution_start at offset 5, executing 5 at 210, the last at 527. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "hp-cli-test-utils.h"
#include "hp-format.h"
#include "hp-replay-server.h"

#define A_ID "a1b2c3d4-0000-4000-8000-00000000000a"
#define B_ID "a1b2c3d4-0000-4000-8000-00000000000b"

static const char * const a_types[] = {
  "execution_start", "execution_cached", "executing", "executing", "executing", "executing",
  "executing", "progress", "progress", "executing", "executing", "executed", "execution_success",
  "executing", "status", NULL
};
static const char * const b_types[] = {
  "execution_start", "execution_cached", "executing", "progress", "progress", "executing",
  "executing", "executed", "execution_success", "executing", "status", NULL
};

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/* ---- main loop helpers -------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (Condition   done,
          gpointer    data,
          guint       timeout_ms,
          const char *what)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint guard = g_timeout_add (20, wake, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (guard);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
spin_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint guard = g_timeout_add (10, wake, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* ---- HTTP and websocket clients ----------------------------------------- */

static JsonNode *
http (SoupSession *session,
      const char  *method,
      guint        port,
      const char  *path,
      const char  *body,
      guint       *status)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, store_result, &result);
  wait_for (pointer_set, &result, 5000, uri);
  bytes = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
get_ok (SoupSession *session,
        guint        port,
        const char  *path,
        JsonNode   **holder)
{
  guint status = 0;

  *holder = http (session, "GET", port, path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*holder));
  return json_node_get_object (*holder);
}

typedef struct {
  SoupWebsocketConnection *ws;
  GPtrArray               *messages; /* of JsonNode* */
  GArray                  *times;    /* gint64 monotonic µs of each */
  gboolean                 closed;
} WsClient;

static void
on_ws_message (SoupWebsocketConnection *ws,
               SoupWebsocketDataType    type,
               GBytes                  *message,
               WsClient                *client)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                              (gssize) g_bytes_get_size (message), &error);
  g_assert_no_error (error);
  g_ptr_array_add (client->messages, json_node_copy (json_parser_get_root (parser)));
  g_array_append_val (client->times, now);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              WsClient                *client)
{
  client->closed = TRUE;
}

/* @client_id NULL: no clientId in the URL (the server makes one up) */
static WsClient *
ws_connect (SoupSession *session,
            guint        port,
            const char  *client_id)
{
  g_autofree char *uri = client_id != NULL ? g_strdup_printf ("ws://127.0.0.1:%u/ws?clientId=%s", port, client_id)
                                           : g_strdup_printf ("ws://127.0.0.1:%u/api/ws", port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  WsClient *client = g_new0 (WsClient, 1);

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, store_result, &result);
  wait_for (pointer_set, &result, 5000, uri);
  client->ws = soup_session_websocket_connect_finish (session, result, &error);
  g_assert_no_error (error);
  client->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  client->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (client->ws, "message", G_CALLBACK (on_ws_message), client);
  g_signal_connect (client->ws, "closed", G_CALLBACK (on_ws_closed), client);
  return client;
}

static gboolean
ws_closed (gpointer data)
{
  return ((WsClient *) data)->closed;
}

static void
ws_free (WsClient *client)
{
  if (soup_websocket_connection_get_state (client->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  if (!client->closed && soup_websocket_connection_get_state (client->ws) != SOUP_WEBSOCKET_STATE_CLOSED)
    wait_for (ws_closed, client, 5000, "the websocket to close");
  g_signal_handlers_disconnect_by_data (client->ws, client);
  g_assert_finalize_object (client->ws);
  g_ptr_array_unref (client->messages);
  g_array_unref (client->times);
  g_free (client);
}

typedef struct {
  WsClient *client;
  guint     count;
} WaitCount;

static gboolean
has_count (gpointer data)
{
  WaitCount *w = data;

  return w->client->messages->len >= w->count;
}

static void
ws_wait (WsClient *client,
         guint     count)
{
  WaitCount w = { client, count };

  wait_for (has_count, &w, 5000, "websocket messages");
}

static JsonObject *
ws_message (WsClient *client,
            guint     index)
{
  g_assert_cmpuint (index, <, client->messages->len);
  return json_node_get_object (g_ptr_array_index (client->messages, index));
}

static JsonObject *
ws_data (WsClient *client,
         guint     index)
{
  return json_object_get_object_member (ws_message (client, index), "data");
}

static double
ws_gap_ms (WsClient *client,
           guint     later)
{
  return (g_array_index (client->times, gint64, later) - g_array_index (client->times, gint64, later - 1)) / 1000.0;
}

/* Messages @first… are one prompt's, of @types, each naming @prompt_id
 * where the log's message named one (all but status). */
static void
assert_prompt_messages (WsClient           *client,
                        guint               first,
                        const char * const *types,
                        const char         *prompt_id)
{
  for (guint i = 0; types[i] != NULL; i++)
    {
      JsonObject *data = ws_data (client, first + i);

      g_assert_cmpstr (json_object_get_string_member (ws_message (client, first + i), "type"), ==, types[i]);
      if (strcmp (types[i], "status") == 0)
        g_assert_false (json_object_has_member (data, "prompt_id"));
      else
        g_assert_cmpstr (json_object_get_string_member (data, "prompt_id"), ==, prompt_id);
    }
}

/* ---- a server on the fixture -------------------------------------------- */

typedef struct {
  HpReplayServer *server;
  HpReplayLog    *log;
  SoupSession    *session;
  guint           port;
  GPtrArray      *started;  /* served prompt ids */
  GPtrArray      *finished;
} Env;

static void
on_prompt (HpReplayServer *server,
           const char     *prompt_id,
           const char     *client_id,
           GPtrArray      *ids)
{
  g_ptr_array_add (ids, g_strdup (prompt_id));
}

static Env *
env_new_for_log (HpReplayLog *log,
                 double       speed)
{
  g_autoptr(GError) error = NULL;
  Env *env = g_new0 (Env, 1);

  env->log = log;
  env->server = hp_replay_server_new (log);
  hp_replay_server_set_speed (env->server, speed);
  env->started = g_ptr_array_new_with_free_func (g_free);
  env->finished = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (env->server, "prompt-started", G_CALLBACK (on_prompt), env->started);
  g_signal_connect (env->server, "prompt-finished", G_CALLBACK (on_prompt), env->finished);
  g_assert_true (hp_replay_server_listen (env->server, 0, &error));
  g_assert_no_error (error);
  env->port = hp_replay_server_get_port (env->server);
  g_assert_cmpuint (env->port, >, 0);
  env->session = soup_session_new ();
  return env;
}

static Env *
env_new (double speed)
{
  g_autofree char *path = fixture ("replay-two-prompts.jsonl");
  g_autoptr(GError) error = NULL;
  HpReplayLog *log = hp_replay_log_load_path (path, &error);

  g_assert_no_error (error);
  return env_new_for_log (log, speed);
}

static void
env_free (Env *env)
{
  hp_replay_server_stop (env->server);
  g_assert_cmpuint (hp_replay_server_get_n_clients (env->server), ==, 0);
  spin_ms (20);
  g_object_unref (env->session);
  g_assert_finalize_object (env->server);
  g_assert_finalize_object (env->log);
  g_ptr_array_unref (env->started);
  g_ptr_array_unref (env->finished);
  g_free (env);
}

typedef struct {
  Env  *env;
  guint count;
} WaitPlayed;

static gboolean
played (gpointer data)
{
  WaitPlayed *w = data;

  return hp_replay_server_get_n_played (w->env->server) >= w->count;
}

static void
wait_played (Env  *env,
             guint count)
{
  WaitPlayed w = { env, count };

  wait_for (played, &w, 5000, "prompts to finish");
}

static char *
post_body (const char *client_id,
           const char *prompt_id)
{
  g_autofree char *path = fixture ("comfyui_api_prompt_txt2img.json");
  g_autofree char *graph = NULL;
  GString *body = g_string_new ("{\"prompt\": ");

  g_assert_true (g_file_get_contents (path, &graph, NULL, NULL));
  g_string_append (body, graph);
  if (client_id != NULL)
    g_string_append_printf (body, ", \"client_id\": \"%s\"", client_id);
  if (prompt_id != NULL)
    g_string_append_printf (body, ", \"prompt_id\": \"%s\"", prompt_id);
  g_string_append (body, "}");
  return g_string_free (body, FALSE);
}

static JsonObject *
post_ok (Env        *env,
         const char *client_id,
         const char *prompt_id,
         JsonNode  **holder)
{
  g_autofree char *body = post_body (client_id, prompt_id);
  guint status = 0;

  *holder = http (env->session, "POST", env->port, "/prompt", body, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_node_get_object (*holder);
}

/* ---- loading ------------------------------------------------------------ */

static void
test_log_load (void)
{
  g_autofree char *path = fixture ("replay-two-prompts.jsonl");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HpReplayLog *log = hp_replay_log_load (file, &error);
  const HpReplayPrompt *a, *b;
  const HpReplayItem *item;
  JsonObject *graph;
  JsonArray *devices;
  g_auto(GStrv) types = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (hp_replay_log_get_n_prompts (log), ==, 2);
  /* A 15 + B 11 (header comment) */
  g_assert_cmpuint (hp_replay_log_get_n_messages (log), ==, 26);

  a = hp_replay_log_get_prompt (log, 0);
  g_assert_cmpstr (a->prompt_id, ==, A_ID);
  g_assert_cmpfloat (a->number, ==, 0);
  g_assert_nonnull (a->graph);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (a->graph)), ==, 7);
  g_assert_null (a->workflow);
  /* the stats line (line 2) + 15 messages */
  g_assert_cmpuint (a->items->len, ==, 16);
  g_assert_cmpuint (a->n_messages, ==, 15);
  item = g_ptr_array_index (a->items, 0);
  g_assert_cmpint (item->kind, ==, HP_REPLAY_ITEM_SYSTEM_STATS);
  g_assert_cmpuint (item->line, ==, 2);
  g_assert_null (item->type);
  g_assert_cmpfloat (item->offset_ms, ==, 0);
  item = g_ptr_array_index (a->items, 1);
  g_assert_cmpstr (item->type, ==, "execution_start");
  g_assert_cmpuint (item->line, ==, 3);
  g_assert_cmpfloat (item->received_ms, ==, 1700000000010.0);
  g_assert_cmpfloat (item->offset_ms, ==, 5);           /* T+10 − (T+5) */
  item = g_ptr_array_index (a->items, 4);               /* executing 5 */
  g_assert_cmpfloat (item->offset_ms, ==, 210);         /* T+215 − (T+5) */
  g_assert_cmpfloat (a->duration_ms, ==, 527);          /* T+532 − (T+5) */

  b = hp_replay_log_get_prompt (log, 1);
  g_assert_cmpstr (b->prompt_id, ==, B_ID);
  g_assert_cmpfloat (b->number, ==, 1);                 /* from line 30 */
  graph = json_node_get_object (b->graph);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (graph, "3"), "inputs"), "seed"), ==, 156680208700287);
  g_assert_cmpuint (b->items->len, ==, 12);             /* 11 messages + stats */
  g_assert_cmpuint (b->n_messages, ==, 11);
  item = g_ptr_array_index (b->items, 4);               /* start, cached, executing 3, progress, stats */
  g_assert_cmpint (item->kind, ==, HP_REPLAY_ITEM_SYSTEM_STATS);
  g_assert_cmpuint (item->line, ==, 22);
  g_assert_cmpfloat (item->offset_ms, ==, 97);          /* T2+100 − (T2+3) */
  g_assert_cmpfloat (b->duration_ms, ==, 163);          /* T2+166 − (T2+3) */

  devices = json_object_get_array_member (json_node_get_object (hp_replay_log_get_first_system_stats (log)),
                                          "devices");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (devices, 0), "vram_free"),
                   ==, 12000000000);

  /* 7 nodes, CLIPTextEncode twice: 6 classes, in strcmp order ("CL" < "Ch") */
  types = hp_replay_log_dup_class_types (log);
  g_assert_cmpuint (g_strv_length (types), ==, 6);
  g_assert_cmpstr (types[0], ==, "CLIPTextEncode");
  g_assert_cmpstr (types[1], ==, "CheckpointLoaderSimple");
  g_assert_cmpstr (types[2], ==, "EmptyLatentImage");
  g_assert_cmpstr (types[3], ==, "KSampler");
  g_assert_cmpstr (types[4], ==, "SaveImage");
  g_assert_cmpstr (types[5], ==, "VAEDecode");
  g_assert_finalize_object (log);
}

#define GOOD "{\"received_ms\": 1700000000000, \"message\": {\"type\": \"status\", \"data\": " \
             "{\"status\": {\"exec_info\": {\"queue_remaining\": 0}}}}}\n"

static void
test_log_errors (void)
{
  static const struct {
    const char *text;
    int         code;
    const char *where;
  } cases[] = {
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"message\": {\"type\": \"status\"}\n" GOOD,
      HP_FORMAT_ERROR_SYNTAX, "t.jsonl:3:1: the event does not end on its line" },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"message\": {\"type\": \"sta",
      HP_FORMAT_ERROR_TRUNCATED, "t.jsonl:3:" },
    { GOOD GOOD "{\"received_ms\": 17 00}\n", HP_FORMAT_ERROR_SYNTAX, "t.jsonl:3:" },
    { GOOD GOOD "[1, 2]\n", HP_FORMAT_ERROR_TYPE, "t.jsonl:3:1: $: " },
    { GOOD GOOD "{\"message\": {\"type\": \"status\"}}\n", HP_FORMAT_ERROR_MISSING, "t.jsonl:3:1: $.received_ms: " },
    { GOOD GOOD "{\"received_ms\": \"soon\", \"message\": {}}\n", HP_FORMAT_ERROR_TYPE, "t.jsonl:3:1: $.received_ms: " },
    { GOOD GOOD "{\"received_ms\": -5, \"message\": {}}\n", HP_FORMAT_ERROR_VALUE, "t.jsonl:3:1: $.received_ms: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"message\": [1]}\n", HP_FORMAT_ERROR_TYPE,
      "t.jsonl:3:1: $.message: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"message\": {\"data\": {}}}\n", HP_FORMAT_ERROR_MISSING,
      "t.jsonl:3:1: $.message.type: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"message\": {\"type\": \"x\", \"data\": 3}}\n",
      HP_FORMAT_ERROR_TYPE, "t.jsonl:3:1: $.message.data: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"message\": {\"type\": \"executing\", \"data\": "
      "{\"prompt_id\": 7}}}\n", HP_FORMAT_ERROR_TYPE, "t.jsonl:3:1: $.message.data.prompt_id: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"prompt\": {\"number\": 0, \"graph\": {}}}\n",
      HP_FORMAT_ERROR_MISSING, "t.jsonl:3:1: $.prompt.prompt_id: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"prompt\": {\"prompt_id\": \"p\"}}\n",
      HP_FORMAT_ERROR_MISSING, "t.jsonl:3:1: $.prompt.graph: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"prompt\": {\"prompt_id\": \"p\", \"graph\": []}}\n",
      HP_FORMAT_ERROR_TYPE, "t.jsonl:3:1: $.prompt.graph: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"prompt\": {\"prompt_id\": \"p\", \"number\": \"1\", "
      "\"graph\": {}}}\n", HP_FORMAT_ERROR_TYPE, "t.jsonl:3:1: $.prompt.number: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"system_stats\": 5}\n", HP_FORMAT_ERROR_TYPE,
      "t.jsonl:3:1: $.system_stats: " },
    { GOOD GOOD "{\"received_ms\": 1700000000000}\n", HP_FORMAT_ERROR_MISSING,
      "t.jsonl:3:1: $: expected a \"message\", \"prompt\" or \"system_stats\" member" },
    { GOOD GOOD "{\"received_ms\": 1700000000000, \"message\": {\"type\": \"status\"}, \"system_stats\": {}}\n",
      HP_FORMAT_ERROR_VALUE, "t.jsonl:3:1: $: holds more than one" },
    { "", HP_FORMAT_ERROR_EMPTY, "t.jsonl: the file is empty" },
    { " \n\n", HP_FORMAT_ERROR_EMPTY, "t.jsonl: the file is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      HpReplayLog *log = hp_replay_log_load_data (cases[i].text, strlen (cases[i].text), "t.jsonl", &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_null (log);
      g_assert_error (error, HP_FORMAT_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, cases[i].where));
    }
}

static void
test_log_without_prompt_lines (void)
{
  /* status, p1: start, executing 1, executing null, status, p2: start */
  static const char text[] =
    GOOD
    "{\"received_ms\": 1700000000100, \"message\": {\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p1\"}}}\n"
    "{\"received_ms\": 1700000000150, \"message\": {\"type\": \"executing\", \"data\": {\"node\": \"1\", \"prompt_id\": \"p1\"}}}\n"
    "{\"received_ms\": 1700000000400, \"message\": {\"type\": \"executing\", \"data\": {\"node\": null, \"prompt_id\": \"p1\"}}}\n"
    "{\"received_ms\": 1700000000401, \"message\": {\"type\": \"status\"}}\n"
    "{\"received_ms\": 1700000000300, \"message\": {\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p2\"}}}\n";
  static const char only_status[] = GOOD GOOD;
  static const char only_stats[] = "{\"received_ms\": 1700000000000, \"system_stats\": {\"devices\": []}}\n";
  g_autoptr(GError) error = NULL;
  HpReplayLog *log = hp_replay_log_load_data (text, strlen (text), "t.jsonl", &error);
  const HpReplayPrompt *p1, *p2;

  g_assert_no_error (error);
  g_assert_cmpuint (hp_replay_log_get_n_prompts (log), ==, 2);
  g_assert_cmpuint (hp_replay_log_get_n_messages (log), ==, 6);
  p1 = hp_replay_log_get_prompt (log, 0);
  p2 = hp_replay_log_get_prompt (log, 1);
  g_assert_cmpstr (p1->prompt_id, ==, "p1");
  g_assert_null (p1->graph);
  g_assert_cmpfloat (p1->number, ==, 0);
  /* the leading status joins p1, the trailing one too: 5 items from T */
  g_assert_cmpuint (p1->items->len, ==, 5);
  g_assert_cmpfloat (p1->duration_ms, ==, 401);
  g_assert_cmpstr (p2->prompt_id, ==, "p2");
  g_assert_cmpfloat (p2->number, ==, 1);
  g_assert_cmpuint (p2->items->len, ==, 1);
  g_assert_cmpfloat (p2->duration_ms, ==, 0);
  g_assert_finalize_object (log);

  /* No prompt named at all: one prompt of unknown id */
  log = hp_replay_log_load_data (only_status, strlen (only_status), "t.jsonl", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_replay_log_get_n_prompts (log), ==, 1);
  g_assert_null (hp_replay_log_get_prompt (log, 0)->prompt_id);
  g_assert_cmpuint (hp_replay_log_get_prompt (log, 0)->n_messages, ==, 2);
  g_assert_finalize_object (log);

  /* Only samples: nothing to play, but /system_stats has a body */
  log = hp_replay_log_load_data (only_stats, strlen (only_stats), "t.jsonl", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_replay_log_get_n_prompts (log), ==, 0);
  g_assert_nonnull (hp_replay_log_get_first_system_stats (log));
  g_assert_finalize_object (log);

  /* A file that is not there */
  log = hp_replay_log_load_path ("/nonexistent/events.jsonl", &error);
  g_assert_null (log);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/events.jsonl: "));
}

/* ---- the server ---------------------------------------------------------- */

static void
test_post_prompt (void)
{
  Env *env = env_new (0);
  WsClient *c1 = ws_connect (env->session, env->port, "c1");
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autofree char *body = post_body ("c1", NULL);
  JsonObject *reply, *data, *error;
  guint status = 0;

  /* On connect: status with the sid, nothing queued */
  ws_wait (c1, 1);
  g_assert_cmpstr (json_object_get_string_member (ws_message (c1, 0), "type"), ==, "status");
  data = ws_data (c1, 0);
  g_assert_cmpstr (json_object_get_string_member (data, "sid"), ==, "c1");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (data, "status"), "exec_info"), "queue_remaining"), ==, 0);

  reply = post_ok (env, "c1", NULL, &r1);
  g_assert_cmpstr (json_object_get_string_member (reply, "prompt_id"), ==, A_ID);
  g_assert_cmpint (json_object_get_int_member (reply, "number"), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (reply, "node_errors")), ==, 0);
  wait_played (env, 1);
  ws_wait (c1, 16);
  assert_prompt_messages (c1, 1, a_types, A_ID);
  g_assert_cmpstr (json_object_get_string_member (ws_data (c1, 3), "node"), ==, "4");
  g_assert_true (json_object_get_null_member (ws_data (c1, 14), "node"));
  g_assert_cmpuint (env->started->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (env->finished, 0), ==, A_ID);

  /* A prompt_id of the client's own is what the messages carry */
  reply = post_ok (env, "c1", "mine", &r2);
  g_assert_cmpstr (json_object_get_string_member (reply, "prompt_id"), ==, "mine");
  g_assert_cmpint (json_object_get_int_member (reply, "number"), ==, 1);
  wait_played (env, 2);
  ws_wait (c1, 16 + 11);
  assert_prompt_messages (c1, 16, b_types, "mine");
  spin_ms (30);
  g_assert_cmpuint (c1->messages->len, ==, 27);

  /* Both played, no loop: the third is refused */
  r3 = http (env->session, "POST", env->port, "/api/prompt", body, &status);
  g_assert_cmpuint (status, ==, 400);
  error = json_object_get_object_member (json_node_get_object (r3), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "replay_finished");
  g_assert_cmpuint (hp_replay_server_get_n_played (env->server), ==, 2);

  ws_free (c1);
  env_free (env);
}

static void
test_timing_queue_history (void)
{
  Env *env = env_new (1);
  WsClient *c1 = ws_connect (env->session, env->port, "c1");
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) queue = NULL;
  g_autoptr(JsonNode) prompt = NULL;
  g_autoptr(JsonNode) queue_after = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) history_api = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  JsonObject *object, *entry, *status;
  JsonArray *running, *item, *messages;
  gint64 real_before, real_after, start_ts;

  ws_wait (c1, 1);
  real_before = g_get_real_time () / 1000;
  post_ok (env, "c1", NULL, &reply);

  /* Mid-prompt (executing 5 is at 210 of 527 ms): running, nothing pending */
  ws_wait (c1, 5);
  real_after = g_get_real_time () / 1000;
  object = get_ok (env->session, env->port, "/queue", &queue);
  running = json_object_get_array_member (object, "queue_running");
  g_assert_cmpuint (json_array_get_length (running), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "queue_pending")), ==, 0);
  item = json_array_get_array_element (running, 0);
  g_assert_cmpint (json_array_get_int_element (item, 0), ==, 0);
  g_assert_cmpstr (json_array_get_string_element (item, 1), ==, A_ID);
  g_assert_cmpuint (json_object_get_size (json_array_get_object_element (item, 2)), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (item, 3), "client_id"), ==, "c1");
  /* only SaveImage (9) feeds no other node */
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (item, 4)), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (item, 4), 0), ==, "9");
  object = get_ok (env->session, env->port, "/prompt", &prompt);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "exec_info"),
                                               "queue_remaining"), ==, 1);

  ws_wait (c1, 16);
  /* Gaps at speed 1: executing 4 → 5 was 200 ms, progress → progress 100 ms;
   * execution_start → status 522 ms. Lower bounds strict, upper loose. */
  g_test_message ("gaps %.1f %.1f ms", ws_gap_ms (c1, 4), ws_gap_ms (c1, 9));
  g_assert_cmpfloat (ws_gap_ms (c1, 4), >=, 190);
  g_assert_cmpfloat (ws_gap_ms (c1, 4), <, 1000);
  g_assert_cmpfloat (ws_gap_ms (c1, 9), >=, 95);
  g_assert_cmpfloat ((g_array_index (c1->times, gint64, 15) - g_array_index (c1->times, gint64, 1)) / 1000.0,
                     >=, 500);

  /* Timestamps: the anchor is execution_start (timestamp 1699999997508,
   * received T+10, offset 5 from the origin T+5): the log's clock offset
   * is 1699999997508 − 1700000000010 = −2502 ms, so it becomes now + 5 −
   * 2502 = now − 2497; at speed 1 the differences stay exact: cached −
   * start = 1, success − start = 513. The queue item's create_time is on
   * that clock too: now at the POST − 2502, ≤ the start. */
  start_ts = json_object_get_int_member (ws_data (c1, 1), "timestamp");
  g_assert_cmpint (start_ts, >=, real_before - 2497);
  g_assert_cmpint (start_ts, <=, real_after - 2497);
  g_assert_cmpint (json_object_get_int_member (ws_data (c1, 2), "timestamp") - start_ts, ==, 1);
  g_assert_cmpint (json_object_get_int_member (ws_data (c1, 13), "timestamp") - start_ts, ==, 513);
  {
    gint64 create_time = json_object_get_int_member (json_array_get_object_element (item, 3), "create_time");

    g_assert_cmpint (create_time, >=, real_before - 2502);
    g_assert_cmpint (create_time, <=, real_after - 2502);
    g_assert_cmpint (create_time, <=, start_ts);
  }

  wait_played (env, 1);
  object = get_ok (env->session, env->port, "/queue", &queue_after);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "queue_running")), ==, 0);

  object = get_ok (env->session, env->port, "/history/" A_ID, &history);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  entry = json_object_get_object_member (object, A_ID);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (entry, "prompt"), 1), ==, A_ID);
  status = json_object_get_object_member (entry, "status");
  g_assert_cmpstr (json_object_get_string_member (status, "status_str"), ==, "success");
  g_assert_true (json_object_get_boolean_member (status, "completed"));
  messages = json_object_get_array_member (status, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (messages, 0), 0), ==, "execution_start");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (messages, 1), 0), ==, "execution_cached");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (messages, 2), 0), ==, "execution_success");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_array_get_array_element (messages, 0), 1),
                                               "timestamp"), ==, start_ts);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                     json_object_get_object_member (json_object_get_object_member (entry, "outputs"), "9"), "images"), 0),
                     "filename"), ==, "ComfyUI_00001_.png");

  object = get_ok (env->session, env->port, "/api/history/" A_ID, &history_api);
  g_assert_true (json_object_has_member (object, A_ID));
  object = get_ok (env->session, env->port, "/history?max_items=5", &all);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  object = get_ok (env->session, env->port, "/history/no-such-prompt", &unknown);
  g_assert_cmpuint (json_object_get_size (object), ==, 0);

  ws_free (c1);
  env_free (env);
}

static void
test_speed (void)
{
  Env *env = env_new (4);
  WsClient *c1 = ws_connect (env->session, env->port, "c1");
  g_autoptr(JsonNode) reply = NULL;
  gint64 real_before, real_after, start_ts;

  g_assert_cmpfloat (hp_replay_server_get_speed (env->server), ==, 4);
  ws_wait (c1, 1);
  real_before = g_get_real_time () / 1000;
  post_ok (env, "c1", NULL, &reply);
  ws_wait (c1, 2);
  real_after = g_get_real_time () / 1000;
  ws_wait (c1, 16);
  /* Timestamps scale with the sending and keep the log's clock offset
   * (−2502 ms, see test_timing_queue_history): execution_start is sent at offset
   * 5 / 4 = 1.25 ms, so its timestamp is now + round (1.25 − 2502) = now
   * − 2501; then gaps / 4, rounded: cached 1 / 4 → 0, success 513 / 4 =
   * 128.25 → 128. The run's duration (server clock) and its nodes'
   * (receive times) shrink alike. */
  start_ts = json_object_get_int_member (ws_data (c1, 1), "timestamp");
  g_assert_cmpint (start_ts, >=, real_before - 2501);
  g_assert_cmpint (start_ts, <=, real_after - 2501);
  g_assert_cmpint (json_object_get_int_member (ws_data (c1, 2), "timestamp") - start_ts, ==, 0);
  g_assert_cmpint (json_object_get_int_member (ws_data (c1, 13), "timestamp") - start_ts, ==, 128);
  /* 200 ms / 4 = 50 ms; 522 ms / 4 = 130.5 ms */
  g_test_message ("gap %.1f ms", ws_gap_ms (c1, 4));
  g_assert_cmpfloat (ws_gap_ms (c1, 4), >=, 45);
  g_assert_cmpfloat (ws_gap_ms (c1, 4), <, 190);
  g_assert_cmpfloat ((g_array_index (c1->times, gint64, 15) - g_array_index (c1->times, gint64, 1)) / 1000.0,
                     >=, 125);
  ws_free (c1);
  env_free (env);
}

static void
test_object_info (void)
{
  Env *env = env_new (0);
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(JsonNode) info_api = NULL;
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) missing = NULL;
  JsonObject *object, *ksampler;
  guint status = 0;

  object = get_ok (env->session, env->port, "/object_info", &info);
  /* 7 nodes, 6 classes (CLIPTextEncode twice) */
  g_assert_cmpuint (json_object_get_size (object), ==, 6);
  ksampler = json_object_get_object_member (object, "KSampler");
  g_assert_cmpstr (json_object_get_string_member (ksampler, "name"), ==, "KSampler");
  g_assert_nonnull (json_object_get_string_member (ksampler, "display_name"));
  g_assert_nonnull (json_object_get_string_member (ksampler, "category"));
  g_assert_nonnull (json_object_get_object_member (ksampler, "input"));
  g_assert_nonnull (json_object_get_array_member (ksampler, "output"));
  g_assert_false (json_object_get_boolean_member (ksampler, "output_node"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "SaveImage"), "output_node"));
  g_assert_true (json_object_has_member (object, "CheckpointLoaderSimple"));
  g_assert_true (json_object_has_member (object, "CLIPTextEncode"));
  g_assert_true (json_object_has_member (object, "EmptyLatentImage"));
  g_assert_true (json_object_has_member (object, "VAEDecode"));

  object = get_ok (env->session, env->port, "/api/object_info", &info_api);
  g_assert_cmpuint (json_object_get_size (object), ==, 6);
  object = get_ok (env->session, env->port, "/object_info/KSampler", &one);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  missing = http (env->session, "GET", env->port, "/object_info/Nope", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  env_free (env);
}

static void
assert_error_body (JsonNode   *body,
                   const char *type,
                   const char *in_message)
{
  JsonObject *object = json_node_get_object (body);
  JsonObject *error = json_object_get_object_member (object, "error");

  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, type);
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), in_message));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "node_errors")), ==, 0);
}

static void
test_http_errors (void)
{
  Env *env = env_new (0);
  g_autoptr(JsonNode) nope = NULL;
  g_autoptr(JsonNode) nope_api = NULL;
  g_autoptr(JsonNode) bad_json = NULL;
  g_autoptr(JsonNode) array = NULL;
  g_autoptr(JsonNode) no_prompt = NULL;
  g_autoptr(JsonNode) number = NULL;
  g_autoptr(JsonNode) client_number = NULL;
  g_autoptr(JsonNode) queue = NULL;
  guint status = 0;

  nope = http (env->session, "GET", env->port, "/nope", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  assert_error_body (nope, "not_found", "/nope");
  nope_api = http (env->session, "DELETE", env->port, "/api/queue", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  assert_error_body (nope_api, "not_found", "DELETE /api/queue");

  bad_json = http (env->session, "POST", env->port, "/prompt", "{\"prompt\": {", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error_body (bad_json, "invalid_prompt", "not JSON");
  array = http (env->session, "POST", env->port, "/prompt", "[1]", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error_body (array, "invalid_prompt", "object");
  no_prompt = http (env->session, "POST", env->port, "/prompt", "{\"client_id\": \"x\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error_body (no_prompt, "no_prompt", "No prompt");
  number = http (env->session, "POST", env->port, "/prompt", "{\"prompt\": 5}", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error_body (number, "invalid_prompt", "\"prompt\" an object");
  client_number = http (env->session, "POST", env->port, "/prompt", "{\"prompt\": {}, \"client_id\": 5}", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error_body (client_number, "invalid_prompt", "\"client_id\"");

  /* None of them queued anything */
  spin_ms (20);
  g_assert_cmpuint (env->started->len, ==, 0);
  get_ok (env->session, env->port, "/queue", &queue);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (queue),
                                                                         "queue_running")), ==, 0);
  env_free (env);
}

static void
test_two_clients (void)
{
  Env *env = env_new (0);
  WsClient *c1 = ws_connect (env->session, env->port, "c1");
  WsClient *c2 = ws_connect (env->session, env->port, "c2");
  WsClient *c3 = ws_connect (env->session, env->port, "c3");
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;

  ws_wait (c1, 1);
  ws_wait (c2, 1);
  ws_wait (c3, 1);
  g_assert_cmpuint (hp_replay_server_get_n_clients (env->server), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (post_ok (env, "c1", NULL, &r1), "prompt_id"), ==, A_ID);
  g_assert_cmpstr (json_object_get_string_member (post_ok (env, "c2", NULL, &r2), "prompt_id"), ==, B_ID);
  wait_played (env, 2);
  spin_ms (50);

  /* Each socket gets its own prompt only; a third that posted nothing none */
  g_assert_cmpuint (c1->messages->len, ==, 1 + 15);
  assert_prompt_messages (c1, 1, a_types, A_ID);
  g_assert_cmpuint (c2->messages->len, ==, 1 + 11);
  assert_prompt_messages (c2, 1, b_types, B_ID);
  g_assert_cmpuint (c3->messages->len, ==, 1);

  ws_free (c1);
  ws_free (c2);
  ws_free (c3);
  env_free (env);
}

static gboolean
not_watching (gpointer data)
{
  return !hp_replay_server_is_watching (data);
}

static void
test_broadcast (void)
{
  Env *env = env_new (0);
  WsClient *w1 = ws_connect (env->session, env->port, NULL);
  WsClient *w2 = ws_connect (env->session, env->port, NULL);
  g_autoptr(JsonNode) history = NULL;
  const char *sid;

  ws_wait (w1, 1);
  ws_wait (w2, 1);
  /* Without a clientId the server makes one up: a uuid4 in hex */
  sid = json_object_get_string_member (ws_data (w1, 0), "sid");
  g_assert_cmpuint (strlen (sid), ==, 32);
  g_assert_cmpstr (sid, !=, json_object_get_string_member (ws_data (w2, 0), "sid"));

  hp_replay_server_play_all (env->server);
  g_assert_true (hp_replay_server_is_watching (env->server));
  wait_for (not_watching, env->server, 5000, "watch mode to end");
  spin_ms (50);
  for (WsClient **w = (WsClient *[]) { w1, w2, NULL }; *w != NULL; w++)
    {
      g_assert_cmpuint ((*w)->messages->len, ==, 1 + 15 + 11);
      assert_prompt_messages (*w, 1, a_types, A_ID);
      assert_prompt_messages (*w, 16, b_types, B_ID);
    }
  g_assert_cmpuint (hp_replay_server_get_n_played (env->server), ==, 2);
  g_assert_cmpuint (json_object_get_size (get_ok (env->session, env->port, "/history", &history)), ==, 2);

  ws_free (w1);
  ws_free (w2);
  env_free (env);
}

static void
test_watch_delay (void)
{
  Env *env = env_new (0);
  WsClient *c1, *w;
  g_autoptr(JsonNode) reply = NULL;

  hp_replay_server_set_watch_delay (env->server, 300);
  g_assert_cmpint (hp_replay_server_get_watch_delay (env->server), ==, 300);

  /* A client that posts at once starts no watch mode */
  c1 = ws_connect (env->session, env->port, "c1");
  ws_wait (c1, 1);
  post_ok (env, "c1", NULL, &reply);
  wait_played (env, 1);
  spin_ms (400);
  g_assert_false (hp_replay_server_is_watching (env->server));
  g_assert_cmpuint (c1->messages->len, ==, 16);

  /* One that stays quiet for 300 ms is shown the whole log, and so is
   * every other socket; A was served already, so its id gets "-2" */
  w = ws_connect (env->session, env->port, "w");
  ws_wait (w, 1 + 26);
  assert_prompt_messages (w, 1, a_types, A_ID "-2");
  assert_prompt_messages (w, 16, b_types, B_ID);
  ws_wait (c1, 16 + 26);
  assert_prompt_messages (c1, 16, a_types, A_ID "-2");

  ws_free (c1);
  ws_free (w);
  env_free (env);
}

static void
test_loop (void)
{
  Env *env = env_new (0);
  Env *posting = env_new (0);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;

  hp_replay_server_set_loop (env->server, TRUE);
  g_assert_true (hp_replay_server_get_loop (env->server));
  hp_replay_server_play_all (env->server);
  wait_played (env, 3);
  hp_replay_server_stop (env->server);
  g_assert_false (hp_replay_server_is_watching (env->server));
  g_assert_cmpstr (g_ptr_array_index (env->finished, 0), ==, A_ID);
  g_assert_cmpstr (g_ptr_array_index (env->finished, 1), ==, B_ID);
  g_assert_cmpstr (g_ptr_array_index (env->finished, 2), ==, A_ID "-2");

  /* POST /prompt starts over too instead of refusing */
  hp_replay_server_set_loop (posting->server, TRUE);
  g_assert_cmpstr (json_object_get_string_member (post_ok (posting, NULL, NULL, &r1), "prompt_id"), ==, A_ID);
  g_assert_cmpstr (json_object_get_string_member (post_ok (posting, NULL, NULL, &r2), "prompt_id"), ==, B_ID);
  g_assert_cmpstr (json_object_get_string_member (post_ok (posting, NULL, NULL, &r3), "prompt_id"), ==, A_ID "-2");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r3), "number"), ==, 2);
  wait_played (posting, 3);

  env_free (env);
  env_free (posting);
}

static gint64
vram_free (Env *env)
{
  g_autoptr(JsonNode) stats = NULL;
  JsonObject *object = get_ok (env->session, env->port, "/system_stats", &stats);
  JsonArray *devices = json_object_get_array_member (object, "devices");

  g_assert_nonnull (json_object_get_object_member (object, "system"));
  return json_object_get_int_member (json_array_get_object_element (devices, 0), "vram_free");
}

static void
test_system_stats (void)
{
  Env *env = env_new (0);
  Env *plain;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(GError) error = NULL;
  static const char text[] = GOOD;
  JsonObject *object, *device;

  /* Before anything played: the first sample; after A: still it (A's
   * only one); after B: B's (line 22) */
  g_assert_cmpint (vram_free (env), ==, 12000000000);
  post_ok (env, NULL, NULL, &r1);
  wait_played (env, 1);
  g_assert_cmpint (vram_free (env), ==, 12000000000);
  post_ok (env, NULL, NULL, &r2);
  wait_played (env, 2);
  g_assert_cmpint (vram_free (env), ==, 8000000000);
  env_free (env);

  /* A log without samples: a fixed body with the memory fields */
  plain = env_new_for_log (hp_replay_log_load_data (text, strlen (text), "t.jsonl", &error), 0);
  g_assert_no_error (error);
  object = get_ok (plain->session, plain->port, "/api/system_stats", &stats);
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "system"), "ram_total"));
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "system"), "ram_free"));
  device = json_array_get_object_element (json_object_get_array_member (object, "devices"), 0);
  g_assert_true (json_object_has_member (device, "vram_total"));
  g_assert_true (json_object_has_member (device, "vram_free"));
  env_free (plain);
}

/* ---- hotpath-cli replay --------------------------------------------------- */

static void
assert_cli_error (HpCliResult  *result,
                  const char *prefix)
{
  g_test_message ("stderr: %s", result->err);
  g_assert_cmpint (result->status, ==, 2);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, prefix));
  /* one line */
  g_assert_nonnull (strchr (result->err, '\n'));
  g_assert_cmpstr (strchr (result->err, '\n'), ==, "\n");
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

static void
test_cli_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hotpath-replay-XXXXXX", &error);
  g_autofree char *bad = g_build_filename (dir, "bad.jsonl", NULL);
  g_autofree char *good = fixture ("replay-two-prompts.jsonl");
  g_autofree char *bad_prefix = g_strdup_printf ("hotpath-cli: %s:2:1: $.message.type: ", bad);
  g_autofree char *port_text = NULL;
  g_autofree char *busy_prefix = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  HpCliResult r = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (bad, GOOD "{\"received_ms\": 1700000000001, \"message\": {}}\n", -1, &error));

  hp_cli_run (&r, "replay", NULL);
  assert_cli_error (&r, "hotpath-cli: replay: no event log given");
  hp_cli_run (&r, "replay", bad, NULL);
  assert_cli_error (&r, bad_prefix);
  hp_cli_run (&r, "replay", "/nonexistent/events.jsonl", NULL);
  assert_cli_error (&r, "hotpath-cli: /nonexistent/events.jsonl: ");
  hp_cli_run (&r, "replay", good, good, NULL);
  assert_cli_error (&r, "hotpath-cli: replay: one event log at a time");
  hp_cli_run (&r, "replay", "--speed", "-1", good, NULL);
  assert_cli_error (&r, "hotpath-cli: replay: --speed");
  hp_cli_run (&r, "replay", "--port", "70000", good, NULL);
  assert_cli_error (&r, "hotpath-cli: replay: --port 70000");
  hp_cli_run (&r, "replay", "--frobnicate", good, NULL);
  assert_cli_error (&r, "hotpath-cli: replay: ");

  /* A port already taken on 127.0.0.1 */
  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  port_text = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  busy_prefix = g_strdup_printf ("hotpath-cli: replay: cannot listen on 127.0.0.1:%s: ", port_text);
  hp_cli_run (&r, "replay", "--port", port_text, good, NULL);
  assert_cli_error (&r, busy_prefix);
  g_socket_listener_close (listener);

  hp_cli_run (&r, "replay", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--loop"));
  g_assert_nonnull (strstr (r.out, "--speed"));
  g_assert_nonnull (strstr (r.out, "POST /prompt"));
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);

  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_cli_serve (void)
{
  g_autofree char *log = fixture ("replay-two-prompts.jsonl");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) cli = hp_cli_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                             "replay", log, "--port", "0", "--speed", "0", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) waited = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) info = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  const char *at;
  guint64 port = 0;
  WsClient *w;

  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cli));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, store_result, &result);
  wait_for (pointer_set, &result, 5000, "the CLI's first line");
  line = g_data_input_stream_read_line_finish_utf8 (out, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  at = strstr (line, "http://127.0.0.1:");
  g_assert_nonnull (at);
  g_assert_cmpint (sscanf (at, "http://127.0.0.1:%" G_GUINT64_FORMAT, &port), ==, 1);
  g_assert_cmpuint (port, >, 0);
  expected = g_strdup_printf ("Serving %s at http://127.0.0.1:%" G_GUINT64_FORMAT " (Ctrl+C to stop)", log, port);
  g_assert_cmpstr (line, ==, expected);

  g_assert_cmpuint (json_object_get_size (get_ok (session, (guint) port, "/object_info", &info)), ==, 6);
  /* A socket that posts nothing is shown the whole log after 1 s */
  w = ws_connect (session, (guint) port, "viewer");
  ws_wait (w, 1 + 26);
  assert_prompt_messages (w, 1, a_types, A_ID);
  assert_prompt_messages (w, 16, b_types, B_ID);
  ws_free (w);

  g_subprocess_send_signal (cli, SIGINT);
  g_subprocess_wait_async (cli, NULL, store_result, &waited);
  wait_for (pointer_set, &waited, 5000, "the CLI to exit");
  g_assert_true (g_subprocess_wait_finish (cli, waited, &error));
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/replay/log/load", test_log_load);
  g_test_add_func ("/replay/log/errors", test_log_errors);
  g_test_add_func ("/replay/log/without-prompt-lines", test_log_without_prompt_lines);
  g_test_add_func ("/replay/server/post-prompt", test_post_prompt);
  g_test_add_func ("/replay/server/timing-queue-history", test_timing_queue_history);
  g_test_add_func ("/replay/server/speed", test_speed);
  g_test_add_func ("/replay/server/object-info", test_object_info);
  g_test_add_func ("/replay/server/http-errors", test_http_errors);
  g_test_add_func ("/replay/server/two-clients", test_two_clients);
  g_test_add_func ("/replay/server/broadcast", test_broadcast);
  g_test_add_func ("/replay/server/watch-delay", test_watch_delay);
  g_test_add_func ("/replay/server/loop", test_loop);
  g_test_add_func ("/replay/server/system-stats", test_system_stats);
  g_test_add_func ("/replay/cli/errors", test_cli_errors);
  g_test_add_func ("/replay/cli/serve", test_cli_serve);

  return g_test_run ();
}
