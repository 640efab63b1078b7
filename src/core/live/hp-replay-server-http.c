/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-replay-server-private.h"

#include <string.h>

#include "hp-replay-json.h"
#include "hp-json-tree.h"

/* The HTTP endpoints (each also under /api), in ComfyUI's shapes. */

/* ---- HTTP ------------------------------------------------------------- */

static void
respond (SoupServerMessage *msg,
         guint              status,
         JsonNode          *body)
{
  char *text = _hp_replay_to_string (body);

  json_node_unref (body);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *type,
               const char        *message)
{
  respond (msg, status, _hp_replay_error_body (type, message));
}

static gboolean
optional_string (JsonObject  *object,
                 const char  *name,
                 const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

static void
post_prompt (HpReplayServer    *self,
             SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  guint n = hp_replay_log_get_n_prompts (self->log);
  const char *client_id, *prompt_id;
  JsonObject *body, *extra = NULL;
  JsonNode *root, *graph, *extra_node, *answer;
  JsonObject *reply;
  HpReplayJob *job;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (!_hp_json_load_data (parser, data != NULL ? data : "", (gssize) length, &error))
    {
      detail = g_strdup_printf ("the request body is not JSON: %s", error->message);
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_prompt", detail);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_prompt",
                     "the request body must be an object {\"prompt\": {...}, \"client_id\": ...}");
      return;
    }
  body = json_node_get_object (root);
  graph = json_object_get_member (body, "prompt");
  if (graph == NULL || JSON_NODE_HOLDS_NULL (graph))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "no_prompt", "No prompt provided");
      return;
    }
  extra_node = json_object_get_member (body, "extra_data");
  if (extra_node != NULL && JSON_NODE_HOLDS_OBJECT (extra_node))
    extra = json_node_get_object (extra_node);
  if (!JSON_NODE_HOLDS_OBJECT (graph) || !optional_string (body, "client_id", &client_id) ||
      !optional_string (body, "prompt_id", &prompt_id) ||
      (extra_node != NULL && !JSON_NODE_HOLDS_NULL (extra_node) && extra == NULL))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_prompt",
                     "expected \"prompt\" an object, \"client_id\" and \"prompt_id\" strings, "
                     "\"extra_data\" an object");
      return;
    }

  if (self->post_next >= n && self->loop && n > 0)
    self->post_next = 0;
  if (self->post_next >= n)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "replay_finished",
                     "every prompt of the event log has been replayed and the replay does not loop");
      return;
    }

  job = _hp_replay_job_new (self, self->post_next++, prompt_id, client_id, graph, extra);
  for (guint i = 0; client_id != NULL && i < self->clients->len; i++)
    {
      HpReplayClient *client = g_ptr_array_index (self->clients, i);

      if (g_strcmp0 (client->client_id, client_id) == 0)
        {
          client->posted = TRUE;
          g_clear_handle_id (&client->watch_id, g_source_remove);
        }
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "prompt_id", job->prompt_id);
  json_object_set_int_member (reply, "number", job->number);
  json_object_set_object_member (reply, "node_errors", json_object_new ());
  answer = json_node_init_object (json_node_alloc (), reply);
  json_object_unref (reply);
  _hp_replay_enqueue (self, job);
  respond (msg, SOUP_STATUS_OK, answer);
}

static JsonNode *
queue_body (HpReplayServer *self)
{
  JsonObject *body = json_object_new ();
  JsonArray *running = json_array_new ();
  JsonArray *pending = json_array_new ();
  JsonNode *node;

  if (self->current != NULL)
    json_array_add_element (running, json_node_copy (self->current->queue_item));
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    json_array_add_element (pending, json_node_copy (((HpReplayJob *) l->data)->queue_item));
  json_object_set_array_member (body, "queue_running", running);
  json_object_set_array_member (body, "queue_pending", pending);
  node = json_node_init_object (json_node_alloc (), body);
  json_object_unref (body);
  return node;
}

static JsonNode *
exec_info_body (HpReplayServer *self)
{
  g_autoptr(JsonNode) status = _hp_replay_status_message (_hp_replay_queue_remaining (self), NULL);
  JsonObject *data = json_object_get_object_member (json_node_get_object (status), "data");

  return json_node_copy (json_object_get_member (data, "status"));
}

/* GET /history (the last @max_items, 0 for all) or /history/ID */
static JsonNode *
history_body (HpReplayServer *self,
              const char     *only_id,
              guint           max_items)
{
  JsonObject *body = json_object_new ();
  JsonNode *node;
  guint first = 0;

  if (only_id != NULL)
    {
      JsonNode *entry = g_hash_table_lookup (self->history, only_id);

      if (entry != NULL)
        json_object_set_member (body, only_id, json_node_copy (entry));
    }
  else
    {
      if (max_items > 0 && self->history_ids->len > max_items)
        first = self->history_ids->len - max_items;
      for (guint i = first; i < self->history_ids->len; i++)
        {
          const char *id = g_ptr_array_index (self->history_ids, i);

          json_object_set_member (body, id, json_node_copy (g_hash_table_lookup (self->history, id)));
        }
    }
  node = json_node_init_object (json_node_alloc (), body);
  json_object_unref (body);
  return node;
}

void
_hp_replay_handle_request (SoupServer        *soup,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *query,
                           gpointer           user_data)
{
  HpReplayServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0;
  const char *route = g_str_has_prefix (path, "/api/") ? path + 4 : path;
  g_autofree char *message = NULL;

  if (strcmp (route, "/prompt") == 0 && strcmp (method, "POST") == 0)
    post_prompt (self, msg);
  else if (strcmp (route, "/prompt") == 0 && get)
    respond (msg, SOUP_STATUS_OK, exec_info_body (self));
  else if (strcmp (route, "/queue") == 0 && get)
    respond (msg, SOUP_STATUS_OK, queue_body (self));
  else if (strcmp (route, "/history") == 0 && get)
    {
      const char *max = query != NULL ? g_hash_table_lookup (query, "max_items") : NULL;
      guint64 max_items = 0;

      if (max != NULL && !g_ascii_string_to_unsigned (max, 10, 0, G_MAXUINT, &max_items, NULL))
        max_items = 0;
      respond (msg, SOUP_STATUS_OK, history_body (self, NULL, (guint) max_items));
    }
  else if (g_str_has_prefix (route, "/history/") && route[9] != '\0' && get)
    respond (msg, SOUP_STATUS_OK, history_body (self, route + 9, 0));
  else if (strcmp (route, "/object_info") == 0 && get)
    respond (msg, SOUP_STATUS_OK, _hp_replay_object_info (self->log, NULL));
  else if (g_str_has_prefix (route, "/object_info/") && get)
    {
      JsonNode *info = _hp_replay_object_info (self->log, route + 13);

      if (info != NULL)
        respond (msg, SOUP_STATUS_OK, info);
      else
        {
          message = g_strdup_printf ("no node class “%s” in the replayed log", route + 13);
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
        }
    }
  else if (strcmp (route, "/system_stats") == 0 && get)
    respond (msg, SOUP_STATUS_OK, self->stats != NULL ? json_node_copy (self->stats)
                                                      : _hp_replay_default_system_stats ());
  else
    {
      message = g_strdup_printf ("%s %s: no such endpoint on this replay server", method, path);
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
    }
}
