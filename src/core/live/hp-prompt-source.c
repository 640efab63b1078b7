/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-prompt-source.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hp-comfy-prompt.h"
#include "hp-enums.h"
#include "hp-format.h"
#include "hp-json-tree.h"

void
hp_prompt_choice_free (HpPromptChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->prompt_id);
  g_clear_pointer (&choice->graph, json_node_unref);
  g_clear_pointer (&choice->workflow, json_node_unref);
  g_free (choice);
}

/**
 * hp_prompt_is_api_format:
 * @node: (nullable): any JSON
 *
 * Returns: whether @node looks like a ComfyUI API-format prompt
 */
gboolean
hp_prompt_is_api_format (JsonNode *node)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  guint n = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member) ||
          hp_comfy_json_get_string (json_node_get_object (member), "class_type") == NULL)
        return FALSE;
      n++;
    }
  return n > 0;
}

/* The execution_start timestamp (ms, server clock) in a history entry's
 * status.messages, or HP_TIME_UNKNOWN. */
static gint64
entry_started_us (JsonObject *entry)
{
  JsonObject *status = hp_comfy_json_get_object (entry, "status");
  JsonNode *messages = status != NULL ? json_object_get_member (status, "messages") : NULL;
  JsonArray *array;

  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    return HP_TIME_UNKNOWN;
  array = json_node_get_array (messages);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *message = json_array_get_element (array, i);
      JsonArray *pair;
      JsonNode *data;
      JsonNode *timestamp;

      if (!JSON_NODE_HOLDS_ARRAY (message))
        continue;
      pair = json_node_get_array (message);
      if (json_array_get_length (pair) < 2 ||
          g_strcmp0 (json_node_get_string (json_array_get_element (pair, 0)), "execution_start") != 0)
        continue;
      data = json_array_get_element (pair, 1);
      if (!JSON_NODE_HOLDS_OBJECT (data))
        continue;
      timestamp = json_object_get_member (json_node_get_object (data), "timestamp");
      if (timestamp != NULL && JSON_NODE_HOLDS_VALUE (timestamp) &&
          (json_node_get_value_type (timestamp) == G_TYPE_INT64 ||
           json_node_get_value_type (timestamp) == G_TYPE_DOUBLE))
        {
          double ms = json_node_get_double (timestamp);

          if (ms > 0 && ms < 1e14)
            return (gint64) (ms * 1000.0);
        }
    }
  return HP_TIME_UNKNOWN;
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const HpPromptChoice *ca = *(HpPromptChoice **) a;
  const HpPromptChoice *cb = *(HpPromptChoice **) b;

  /* Newest (highest queue number) first. */
  return (ca->number < cb->number) - (ca->number > cb->number);
}

/**
 * hp_prompt_choices_from_history:
 * @history: a GET /history body
 *
 * Returns: (transfer full) (element-type HpPromptChoice): its prompts
 */
GPtrArray *
hp_prompt_choices_from_history (JsonNode *history)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) hp_prompt_choice_free);
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;

  if (history == NULL || !JSON_NODE_HOLDS_OBJECT (history))
    return choices;

  json_object_iter_init (&iter, json_node_get_object (history));
  while (json_object_iter_next (&iter, &id, &entry))
    {
      g_autofree char *where = g_strdup_printf ("$.%s.prompt", id);
      JsonObject *object;
      JsonNode *item;
      const char *prompt_id = NULL;
      double number = 0;
      JsonNode *graph = NULL;
      JsonNode *workflow = NULL;
      HpPromptChoice *choice;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      object = json_node_get_object (entry);
      item = json_object_get_member (object, "prompt");
      if (item == NULL ||
          !hp_comfy_queue_item_parse (item, where, &prompt_id, &number, &graph, &workflow, NULL) ||
          !hp_prompt_is_api_format (graph))
        continue;

      choice = g_new0 (HpPromptChoice, 1);
      choice->prompt_id = g_strdup (prompt_id != NULL ? prompt_id : id);
      choice->number = number;
      choice->started_us = entry_started_us (object);
      choice->n_nodes = json_object_get_size (json_node_get_object (graph));
      choice->graph = json_node_ref (graph);
      choice->workflow = workflow != NULL ? json_node_ref (workflow) : NULL;
      g_ptr_array_add (choices, choice);
    }
  g_ptr_array_sort (choices, compare_choices);
  return choices;
}

/* The last prompt line of an event log ({"received_ms", "prompt": {…}}). */
static JsonNode *
prompt_from_event_log (const char  *data,
                       JsonNode   **workflow)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  JsonNode *found = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonNode *root;
      JsonObject *prompt;
      JsonNode *graph;
      JsonNode *flow;

      if (strstr (lines[i], "\"prompt\"") == NULL || !_hp_json_load_data (parser, lines[i], -1, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        continue;
      prompt = hp_comfy_json_get_object (json_node_get_object (root), "prompt");
      graph = prompt != NULL ? json_object_get_member (prompt, "graph") : NULL;
      if (!hp_prompt_is_api_format (graph))
        continue;
      g_clear_pointer (&found, json_node_unref);
      found = json_node_copy (graph);
      flow = json_object_get_member (prompt, "workflow");
      if (workflow != NULL)
        {
          g_clear_pointer (workflow, json_node_unref);
          if (flow != NULL && JSON_NODE_HOLDS_OBJECT (flow))
            *workflow = json_node_copy (flow);
        }
    }
  return found;
}

/**
 * hp_prompt_source_load_file:
 * @file: a file a person chose
 * @workflow: (out) (optional) (transfer full) (nullable): the editor workflow
 * @error: return location for an error
 *
 * Returns: (transfer full): the API-format prompt, or %NULL
 */
JsonNode *
hp_prompt_source_load_file (GFile     *file,
                            JsonNode **workflow,
                            GError   **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (workflow != NULL)
    *workflow = NULL;
  name = g_file_get_basename (file);
  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return NULL;

  parser = json_parser_new ();
  if (!_hp_json_load_data (parser, data, (gssize) length, &local_error))
    {
      /* JSON Lines: an event log. */
      JsonNode *prompt = prompt_from_event_log (data, workflow);

      if (prompt != NULL)
        return prompt;
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                   _("%s: not a JSON file (%s)"), name, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (hp_prompt_is_api_format (root))
    return json_node_copy (root);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *prompt = json_object_get_member (object, "prompt");

      /* A POST /prompt body: {"prompt": {…}, "extra_data": {"extra_pnginfo": {"workflow": …}}} */
      if (hp_prompt_is_api_format (prompt))
        {
          JsonObject *extra = hp_comfy_json_get_object (hp_comfy_json_get_object (object, "extra_data"),
                                                        "extra_pnginfo");
          JsonNode *flow = extra != NULL ? json_object_get_member (extra, "workflow") : NULL;

          if (workflow != NULL && flow != NULL && JSON_NODE_HOLDS_OBJECT (flow))
            *workflow = json_node_copy (flow);
          return json_node_copy (prompt);
        }
      else
        {
          /* A history: the newest of its prompts. */
          g_autoptr(GPtrArray) choices = hp_prompt_choices_from_history (root);

          if (choices->len > 0)
            {
              HpPromptChoice *newest = g_ptr_array_index (choices, 0);

              if (workflow != NULL && newest->workflow != NULL)
                *workflow = json_node_ref (newest->workflow);
              return json_node_ref (newest->graph);
            }
        }
    }

  g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_UNKNOWN_FORMAT,
               _("%s: no ComfyUI prompt in it; expected an API-format prompt (“Export (API)” in ComfyUI), "
                 "a ComfyUI history or a Hotpath event log"), name);
  return NULL;
}
