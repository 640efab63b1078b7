/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-replay-json.h"

#include <math.h>
#include <string.h>

char *
_hp_replay_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

JsonNode *
_hp_replay_error_body (const char *type,
                       const char *message)
{
  JsonObject *body = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "type", type);
  json_object_set_string_member (error, "message", message);
  json_object_set_string_member (error, "details", "");
  json_object_set_object_member (error, "extra_info", json_object_new ());
  json_object_set_object_member (body, "error", error);
  json_object_set_object_member (body, "node_errors", json_object_new ());
  return object_node (body);
}

/* A new object with the members of @src, in their order (values shared). */
static JsonObject *
object_copy (JsonObject *src)
{
  JsonObject *dst = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, src);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    json_object_set_member (dst, name, json_node_copy (node));
  return dst;
}

static gboolean
holds_string (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static JsonObject *
rewrite_progress_nodes (JsonObject *nodes,
                        const char *prompt_id)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, nodes);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (JSON_NODE_HOLDS_OBJECT (node) && holds_string (json_node_get_object (node), "prompt_id"))
        {
          JsonObject *entry = object_copy (json_node_get_object (node));

          json_object_set_string_member (entry, "prompt_id", prompt_id);
          json_object_set_object_member (copy, name, entry);
        }
      else
        json_object_set_member (copy, name, json_node_copy (node));
    }
  return copy;
}

gboolean
_hp_replay_message_timestamp (JsonNode *message,
                              double   *timestamp_ms)
{
  JsonNode *data, *value;

  if (!JSON_NODE_HOLDS_OBJECT (message))
    return FALSE;
  data = json_object_get_member (json_node_get_object (message), "data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return FALSE;
  value = json_object_get_member (json_node_get_object (data), "timestamp");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      (json_node_get_value_type (value) != G_TYPE_INT64 &&
       json_node_get_value_type (value) != G_TYPE_DOUBLE))
    return FALSE;
  *timestamp_ms = json_node_get_double (value);
  return TRUE;
}

JsonNode *
_hp_replay_rewrite_message (JsonNode   *message,
                            const char *prompt_id,
                            double      anchor_ms,
                            gint64      base_ms,
                            double      scale)
{
  JsonObject *object = json_node_get_object (message);
  JsonNode *data_node = json_object_get_member (object, "data");
  JsonObject *copy, *data;
  JsonNode *value;

  if (data_node == NULL || !JSON_NODE_HOLDS_OBJECT (data_node))
    return json_node_copy (message);

  copy = object_copy (object);
  data = object_copy (json_node_get_object (data_node));
  if (holds_string (data, "prompt_id"))
    json_object_set_string_member (data, "prompt_id", prompt_id);
  value = json_object_get_member (data, "timestamp");
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
    {
      if (json_node_get_value_type (value) == G_TYPE_INT64)
        json_object_set_int_member (data, "timestamp",
                                    base_ms + llround (((double) json_node_get_int (value) - anchor_ms) * scale));
      else if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
        json_object_set_double_member (data, "timestamp",
                                       (double) base_ms + (json_node_get_double (value) - anchor_ms) * scale);
    }
  value = json_object_get_member (data, "nodes");
  if (value != NULL && JSON_NODE_HOLDS_OBJECT (value))
    json_object_set_object_member (data, "nodes", rewrite_progress_nodes (json_node_get_object (value), prompt_id));
  json_object_set_object_member (copy, "data", data);
  return object_node (copy);
}

JsonNode *
_hp_replay_status_message (guint       queue_remaining,
                           const char *sid)
{
  JsonObject *message = json_object_new ();
  JsonObject *data = json_object_new ();
  JsonObject *status = json_object_new ();
  JsonObject *exec_info = json_object_new ();

  json_object_set_int_member (exec_info, "queue_remaining", queue_remaining);
  json_object_set_object_member (status, "exec_info", exec_info);
  json_object_set_object_member (data, "status", status);
  if (sid != NULL)
    json_object_set_string_member (data, "sid", sid);
  json_object_set_string_member (message, "type", "status");
  json_object_set_object_member (message, "data", data);
  return object_node (message);
}

/* Adds to @used the node ids @graph's inputs link to (["4", 0]). */
static void
collect_sources (JsonObject *graph,
                 GHashTable *used)
{
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  json_object_iter_init (&iter, graph);
  while (json_object_iter_next (&iter, &id, &node))
    {
      JsonNode *inputs_node;
      JsonObjectIter inputs;
      const char *name;
      JsonNode *input;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      inputs_node = json_object_get_member (json_node_get_object (node), "inputs");
      if (inputs_node == NULL || !JSON_NODE_HOLDS_OBJECT (inputs_node))
        continue;
      json_object_iter_init (&inputs, json_node_get_object (inputs_node));
      while (json_object_iter_next (&inputs, &name, &input))
        {
          JsonArray *link;
          JsonNode *source;

          if (!JSON_NODE_HOLDS_ARRAY (input))
            continue;
          link = json_node_get_array (input);
          if (json_array_get_length (link) != 2)
            continue;
          source = json_array_get_element (link, 0);
          if (JSON_NODE_HOLDS_VALUE (source) && json_node_get_value_type (source) == G_TYPE_STRING)
            g_hash_table_add (used, (gpointer) json_node_get_string (source));
        }
    }
}

JsonNode *
_hp_replay_output_nodes (JsonNode *graph)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *outputs = json_array_new ();
  JsonNode *result = json_node_init_array (json_node_alloc (), outputs);
  GList *ids;

  json_array_unref (outputs);
  if (graph == NULL || !JSON_NODE_HOLDS_OBJECT (graph))
    return result;
  collect_sources (json_node_get_object (graph), used);
  ids = json_object_get_members (json_node_get_object (graph));
  for (GList *l = ids; l != NULL; l = l->next)
    if (!g_hash_table_contains (used, l->data))
      json_array_add_string_element (outputs, l->data);
  g_list_free (ids);
  return result;
}

static gboolean
is_output_class (HpReplayLog *log,
                 const char  *class_type)
{
  for (guint i = 0; i < hp_replay_log_get_n_prompts (log); i++)
    {
      JsonNode *graph = hp_replay_log_get_prompt (log, i)->graph;
      g_autoptr(JsonNode) outputs = NULL;
      JsonArray *ids;

      if (graph == NULL)
        continue;
      outputs = _hp_replay_output_nodes (graph);
      ids = json_node_get_array (outputs);
      for (guint k = 0; k < json_array_get_length (ids); k++)
        {
          JsonNode *node = json_object_get_member (json_node_get_object (graph),
                                                   json_array_get_string_element (ids, k));
          JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

          if (object != NULL && holds_string (object, "class_type") &&
              strcmp (json_object_get_string_member (object, "class_type"), class_type) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static JsonObject *
class_info (HpReplayLog *log,
            const char  *class_type)
{
  JsonObject *info = json_object_new ();
  JsonObject *input = json_object_new ();
  JsonObject *input_order = json_object_new ();

  json_object_set_object_member (input, "required", json_object_new ());
  json_object_set_array_member (input_order, "required", json_array_new ());
  json_object_set_object_member (info, "input", input);
  json_object_set_object_member (info, "input_order", input_order);
  json_object_set_array_member (info, "output", json_array_new ());
  json_object_set_array_member (info, "output_is_list", json_array_new ());
  json_object_set_array_member (info, "output_name", json_array_new ());
  json_object_set_string_member (info, "name", class_type);
  json_object_set_string_member (info, "display_name", class_type);
  json_object_set_string_member (info, "description", "Known from the replayed event log only");
  json_object_set_string_member (info, "python_module", "nodes");
  json_object_set_string_member (info, "category", "replay");
  json_object_set_boolean_member (info, "output_node", is_output_class (log, class_type));
  return info;
}

JsonNode *
_hp_replay_object_info (HpReplayLog *log,
                        const char  *class_type)
{
  g_auto(GStrv) types = hp_replay_log_dup_class_types (log);
  JsonObject *body = json_object_new ();

  for (guint i = 0; types[i] != NULL; i++)
    if (class_type == NULL || strcmp (types[i], class_type) == 0)
      json_object_set_object_member (body, types[i], class_info (log, types[i]));
  if (class_type != NULL && json_object_get_size (body) == 0)
    {
      json_object_unref (body);
      return NULL;
    }
  return object_node (body);
}

JsonNode *
_hp_replay_default_system_stats (void)
{
  JsonObject *body = json_object_new ();
  JsonObject *system = json_object_new ();
  JsonObject *device = json_object_new ();
  JsonArray *devices = json_array_new ();
  JsonArray *argv = json_array_new ();
  const gint64 gib = G_GINT64_CONSTANT (1) << 30;

  json_array_add_string_element (argv, "hotpath-cli");
  json_array_add_string_element (argv, "replay");
  json_object_set_string_member (system, "os", "posix");
  json_object_set_int_member (system, "ram_total", 16 * gib);
  json_object_set_int_member (system, "ram_free", 8 * gib);
  json_object_set_string_member (system, "comfyui_version", "replay");
  json_object_set_string_member (system, "python_version", "");
  json_object_set_string_member (system, "pytorch_version", "");
  json_object_set_boolean_member (system, "embedded_python", FALSE);
  json_object_set_array_member (system, "argv", argv);
  json_object_set_string_member (device, "name", "replay (no GPU; the log has no system_stats)");
  json_object_set_string_member (device, "type", "cpu");
  json_object_set_int_member (device, "index", 0);
  json_object_set_int_member (device, "vram_total", 16 * gib);
  json_object_set_int_member (device, "vram_free", 8 * gib);
  json_object_set_int_member (device, "torch_vram_total", 0);
  json_object_set_int_member (device, "torch_vram_free", 0);
  json_array_add_object_element (devices, device);
  json_object_set_object_member (body, "system", system);
  json_object_set_array_member (body, "devices", devices);
  return object_node (body);
}
