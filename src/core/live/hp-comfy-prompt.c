/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfy-prompt.h"

#include <glib/gi18n.h>

#include "hp-comfy-address.h"

JsonObject *
hp_comfy_json_get_object (JsonObject *object,
                          const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
hp_comfy_json_get_string (JsonObject *object,
                          const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonNode *
hp_comfy_json_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(JsonObject) out = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (out, name, hp_comfy_json_deep_copy (member));
        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_set_object (copy, out);
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        g_autoptr(JsonArray) out = json_array_sized_new (n);

        for (guint i = 0; i < n; i++)
          json_array_add_element (out, hp_comfy_json_deep_copy (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_set_array (copy, out);
        return copy;
      }
    case JSON_NODE_VALUE:
      {
        GValue value = G_VALUE_INIT;

        /* A fresh node: a copy of a parsed one would stay immutable. */
        json_node_get_value (node, &value);
        copy = json_node_new (JSON_NODE_VALUE);
        json_node_set_value (copy, &value);
        g_value_unset (&value);
        return copy;
      }
    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

static gboolean
is_integer (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

/**
 * hp_comfy_prompt_vary_seed:
 *
 * Lets "Run and profile" queue the same workflow N times and measure real
 * executions: ComfyUI serves an unchanged prompt from its cache.
 *
 * Returns: (transfer full): the varied copy
 */
JsonNode *
hp_comfy_prompt_vary_seed (JsonNode *prompt,
                           guint64   seed,
                           guint    *n_replaced)
{
  JsonNode *copy;
  JsonObjectIter iter;
  const char *node_id;
  JsonNode *node;
  guint replaced = 0;
  gint64 value = (gint64) (seed & (guint64) G_MAXINT64);

  g_return_val_if_fail (prompt != NULL, NULL);

  copy = hp_comfy_json_deep_copy (prompt);
  if (JSON_NODE_HOLDS_OBJECT (copy))
    {
      json_object_iter_init_ordered (&iter, json_node_get_object (copy));
      while (json_object_iter_next_ordered (&iter, &node_id, &node))
        {
          JsonObject *inputs;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          inputs = hp_comfy_json_get_object (json_node_get_object (node), "inputs");
          if (inputs == NULL)
            continue;
          for (guint k = 0; k < 2; k++)
            {
              const char *name = k == 0 ? "seed" : "noise_seed";

              if (json_object_has_member (inputs, name)
                  && is_integer (json_object_get_member (inputs, name)))
                {
                  json_object_set_int_member (inputs, name, value);
                  replaced++;
                }
            }
        }
    }

  if (n_replaced != NULL)
    *n_replaced = replaced;
  return copy;
}

static gboolean
item_fail (GError     **error,
           const char  *where,
           const char  *what)
{
  g_set_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_PROTOCOL,
               _("The server sent a malformed queue item at %s: %s"), where, what);
  return FALSE;
}

gboolean
hp_comfy_queue_item_parse (JsonNode    *item,
                           const char  *where,
                           const char **prompt_id,
                           double      *number,
                           JsonNode   **graph,
                           JsonNode   **workflow,
                           GError     **error)
{
  JsonArray *array;
  JsonNode *element;
  JsonNode *wf = NULL;

  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (where != NULL, FALSE);

  if (!JSON_NODE_HOLDS_ARRAY (item))
    return item_fail (error, where, _("expected an array [number, prompt_id, prompt, extra_data, outputs]"));
  array = json_node_get_array (item);
  if (json_array_get_length (array) < 3)
    return item_fail (error, where, _("expected at least 3 elements [number, prompt_id, prompt, …]"));

  element = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_VALUE (element)
      || (json_node_get_value_type (element) != G_TYPE_INT64
          && json_node_get_value_type (element) != G_TYPE_DOUBLE))
    return item_fail (error, where, _("element 0 (the queue number) is not a number"));
  if (number != NULL)
    *number = json_node_get_double (element);

  element = json_array_get_element (array, 1);
  if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
    return item_fail (error, where, _("element 1 (the prompt id) is not a string"));
  if (prompt_id != NULL)
    *prompt_id = json_node_get_string (element);

  element = json_array_get_element (array, 2);
  if (!JSON_NODE_HOLDS_OBJECT (element))
    return item_fail (error, where, _("element 2 (the prompt) is not an object"));
  if (graph != NULL)
    *graph = element;

  if (json_array_get_length (array) > 3)
    {
      JsonNode *extra = json_array_get_element (array, 3);

      if (JSON_NODE_HOLDS_OBJECT (extra))
        {
          JsonObject *pnginfo = hp_comfy_json_get_object (json_node_get_object (extra), "extra_pnginfo");

          if (hp_comfy_json_get_object (pnginfo, "workflow") != NULL)
            wf = json_object_get_member (pnginfo, "workflow");
        }
    }
  if (workflow != NULL)
    *workflow = wf;
  return TRUE;
}

gint64
hp_comfy_queue_item_get_create_time (JsonNode *item)
{
  JsonArray *array;
  JsonNode *extra, *value;
  double ms;

  g_return_val_if_fail (item != NULL, G_MININT64);

  if (!JSON_NODE_HOLDS_ARRAY (item))
    return G_MININT64;
  array = json_node_get_array (item);
  if (json_array_get_length (array) < 4)
    return G_MININT64;
  extra = json_array_get_element (array, 3);
  if (!JSON_NODE_HOLDS_OBJECT (extra))
    return G_MININT64;
  value = json_object_get_member (json_node_get_object (extra), "create_time");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      (json_node_get_value_type (value) != G_TYPE_INT64 &&
       json_node_get_value_type (value) != G_TYPE_DOUBLE))
    return G_MININT64;
  ms = json_node_get_double (value);
  /* up to year ~2255: anything beyond is garbage, not a time */
  if (!(ms > 0 && ms < 9e12))
    return G_MININT64;
  return (gint64) (ms * 1000.0);
}

static JsonNode *
find_in_list (JsonObject *root,
              const char *list,
              const char *prompt_id)
{
  JsonArray *array;

  if (!json_object_has_member (root, list)
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, list)))
    return NULL;
  array = json_object_get_array_member (root, list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonNode *id;

      if (!JSON_NODE_HOLDS_ARRAY (item) || json_array_get_length (json_node_get_array (item)) < 2)
        continue;
      id = json_array_get_element (json_node_get_array (item), 1);
      if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (id), prompt_id) == 0)
        return item;
    }
  return NULL;
}

JsonNode *
hp_comfy_queue_find_item (JsonNode   *queue,
                          const char *prompt_id)
{
  JsonNode *item;

  g_return_val_if_fail (queue != NULL, NULL);
  g_return_val_if_fail (prompt_id != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (queue))
    return NULL;
  item = find_in_list (json_node_get_object (queue), "queue_running", prompt_id);
  if (item == NULL)
    item = find_in_list (json_node_get_object (queue), "queue_pending", prompt_id);
  return item;
}

JsonNode *
hp_comfy_history_find_item (JsonNode   *history,
                            const char *prompt_id)
{
  JsonObject *entry;

  g_return_val_if_fail (history != NULL, NULL);
  g_return_val_if_fail (prompt_id != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (history))
    return NULL;
  entry = hp_comfy_json_get_object (json_node_get_object (history), prompt_id);
  return entry != NULL ? json_object_get_member (entry, "prompt") : NULL;
}
