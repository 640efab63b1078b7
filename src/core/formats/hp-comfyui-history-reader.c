/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfyui-history-reader.h"
#include <glib/gi18n.h>

#include <string.h>

#include "hp-comfyui-workflow-reader.h"
#include "hp-format-util.h"
#include "hp-json-tree.h"

/* ComfyUI's GET /history and /history/PROMPT_ID: {prompt_id: {"prompt":
 * [number, prompt_id, api_graph, extra_data, outputs_to_execute],
 * "outputs", "status": {"status_str", "completed", "messages":
 * [[event, {..., "timestamp": ms}], ...]}, "meta"}}. The messages give
 * the run's start and end, the cached nodes and the failure; there is no
 * per-node timing, so executed nodes have no duration. */

#define NO_NODE_TIMING_NOTE N_("No per-node timing in ComfyUI history")

typedef struct {
  gint64       started_us;
  gint64       finished_us;
  gboolean     has_end;
  HpRunStatus  end_status;
  GHashTable  *cached;        /* interned ids */
  GHashTable  *executed;      /* interned ids, from error/interrupt "executed" */
  const char  *failed_node;   /* interned */
  const char  *stopped_node;  /* interned: interrupted there */
  char        *error_text;
} Messages;

static void
messages_clear (Messages *m)
{
  g_clear_pointer (&m->cached, g_hash_table_unref);
  g_clear_pointer (&m->executed, g_hash_table_unref);
  g_clear_pointer (&m->error_text, g_free);
}

/* A list of node ids into @set. */
static gboolean
read_id_list (const HpTreeReader *r,
              JsonObject         *data,
              const char         *parent,
              const char         *name,
              GHashTable         *set)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);
  JsonNode *node = _hp_tree_member (data, name);
  JsonArray *ids;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _hp_tree_wrong_type (r, path, N_("an array of node ids"), node);
  ids = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autofree char *id_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *id = NULL;

      if (!_hp_tree_get_id (r, json_array_get_element (ids, i), id_path, &id))
        return FALSE;
      if (id == NULL)
        return _hp_tree_wrong_type (r, id_path, N_("a node id"), json_array_get_element (ids, i));
      g_hash_table_add (set, (gpointer) g_intern_string (id));
    }
  return TRUE;
}

static gboolean
read_node_ref (const HpTreeReader  *r,
               JsonObject          *data,
               const char          *parent,
               const char         **node_id)
{
  g_autofree char *path = g_strdup_printf ("%s.node_id", parent);
  g_autofree char *id = NULL;

  if (!_hp_tree_get_id (r, _hp_tree_member (data, "node_id"), path, &id))
    return FALSE;
  *node_id = id != NULL ? g_intern_string (id) : NULL;
  return TRUE;
}

static gboolean
read_messages (const HpTreeReader *r,
               JsonNode           *node,
               const char         *path,
               Messages           *m)
{
  JsonArray *messages;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _hp_tree_wrong_type (r, path, N_("an array of [event, data] messages"), node);
  messages = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      g_autofree char *message_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *data_path = g_strdup_printf ("%s[%u][1]", path, i);
      JsonNode *message = json_array_get_element (messages, i);
      JsonNode *type_node, *data_node;
      JsonObject *data;
      const char *type;
      gint64 timestamp;

      if (!JSON_NODE_HOLDS_ARRAY (message) || json_array_get_length (json_node_get_array (message)) != 2)
        return _hp_tree_wrong_type (r, message_path, N_("a message [event, data]"), message);
      type_node = json_array_get_element (json_node_get_array (message), 0);
      data_node = json_array_get_element (json_node_get_array (message), 1);
      if (!JSON_NODE_HOLDS_VALUE (type_node) || json_node_get_value_type (type_node) != G_TYPE_STRING)
        {
          g_autofree char *type_path = g_strdup_printf ("%s[0]", message_path);

          return _hp_tree_wrong_type (r, type_path, N_("the event name (a string)"), type_node);
        }
      type = json_node_get_string (type_node);
      if (!JSON_NODE_HOLDS_OBJECT (data_node))
        return _hp_tree_wrong_type (r, data_path, N_("an object"), data_node);
      data = json_node_get_object (data_node);

      if (!_hp_tree_get_time (r, data, data_path, "timestamp", 1000.0, &timestamp))
        return FALSE;

      if (strcmp (type, "execution_start") == 0)
        {
          if (m->started_us == HP_TIME_UNKNOWN)
            m->started_us = timestamp;
        }
      else if (strcmp (type, "execution_cached") == 0)
        {
          if (!read_id_list (r, data, data_path, "nodes", m->cached))
            return FALSE;
        }
      else if (strcmp (type, "execution_success") == 0 ||
               strcmp (type, "execution_error") == 0 ||
               strcmp (type, "execution_interrupted") == 0)
        {
          gboolean failed = strcmp (type, "execution_error") == 0;
          const char *node_id, *text;

          if (timestamp != HP_TIME_UNKNOWN && m->started_us != HP_TIME_UNKNOWN && timestamp < m->started_us)
            {
              g_autofree char *time_path = g_strdup_printf ("%s.timestamp", data_path);

              return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, time_path,
                                    _("the prompt ended before it started, expected a time after execution_start"));
            }
          m->has_end = TRUE;
          m->finished_us = timestamp;
          m->end_status = type[10] == 's' ? HP_RUN_STATUS_SUCCEEDED :
                          failed ? HP_RUN_STATUS_FAILED : HP_RUN_STATUS_INTERRUPTED;
          if (type[10] == 's')
            continue;

          if (!read_node_ref (r, data, data_path, &node_id) ||
              !read_id_list (r, data, data_path, "executed", m->executed) ||
              !_hp_tree_get_string (r, data, data_path, "exception_message", &text))
            return FALSE;
          if (failed)
            {
              m->failed_node = node_id;
              g_free (m->error_text);
              m->error_text = g_strdup (text != NULL ? text : _("Failed (no message in the history)"));
            }
          else
            m->stopped_node = node_id;
        }
      /* Other events are not stored in history; newer ones are ignored. */
    }
  return TRUE;
}

/* extra_data.extra_pnginfo.workflow: the editor workflow, for positions. */
static gboolean
read_positions (const HpTreeReader *r,
                JsonObject         *extra,
                const char         *extra_path,
                HpWorkflowGraph    *graph)
{
  g_autofree char *info_path = g_strdup_printf ("%s.extra_pnginfo", extra_path);
  g_autofree char *workflow_path = g_strdup_printf ("%s.extra_pnginfo.workflow", extra_path);
  g_autoptr(HpWorkflowGraph) editor = NULL;
  JsonNode *info, *workflow;

  info = _hp_tree_member (extra, "extra_pnginfo");
  if (info == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (info))
    return _hp_tree_wrong_type (r, info_path, N_("an object"), info);
  workflow = _hp_tree_member (json_node_get_object (info), "workflow");
  if (workflow == NULL)
    return TRUE;

  editor = hp_workflow_graph_new ();
  if (!_hp_comfyui_editor_fill (r, workflow, workflow_path, editor, NULL))
    return FALSE;

  /* Only positions: the editor's notes, reroutes and muted nodes are
   * not part of what ran. */
  for (guint i = 0; i < hp_workflow_graph_get_n_nodes (editor); i++)
    {
      HpGraphNode *theirs = hp_workflow_graph_get_node (editor, i);
      HpGraphNode *ours = hp_workflow_graph_lookup_node (graph, theirs->id);

      if (ours != NULL && !ours->has_position && theirs->has_position)
        hp_graph_node_set_position (ours, theirs->x, theirs->y, theirs->width, theirs->height);
    }
  /* The editor's groups and subgraph names, for the group totals. */
  hp_workflow_graph_merge_groups (graph, editor);
  return TRUE;
}

static HpRun *
read_entry (const HpTreeReader *r,
            const char         *prompt_id,
            JsonNode           *entry_node,
            const char         *path,
            HpWorkflowGraph    *graph)
{
  g_autofree char *prompt_path = g_strdup_printf ("%s.prompt", path);
  g_autofree char *graph_path = g_strdup_printf ("%s.prompt[2]", path);
  g_autofree char *extra_path = g_strdup_printf ("%s.prompt[3]", path);
  g_autofree char *status_path = g_strdup_printf ("%s.status", path);
  g_autoptr(HpRun) run = NULL;
  g_autoptr(HpWorkflowGraph) own = hp_workflow_graph_new ();
  Messages m = { HP_TIME_UNKNOWN, HP_TIME_UNKNOWN, FALSE, HP_RUN_STATUS_SUCCEEDED, NULL, NULL, NULL, NULL, NULL };
  JsonObject *entry, *status = NULL;
  JsonNode *prompt_node, *status_node, *messages;
  JsonArray *prompt;
  const char *status_str = NULL;
  gint64 queued_us = HP_TIME_UNKNOWN;
  gboolean completed = FALSE;
  gboolean ok = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (entry_node))
    {
      _hp_tree_wrong_type (r, path, N_("an object (a history entry with prompt and status)"), entry_node);
      return NULL;
    }
  entry = json_node_get_object (entry_node);

  prompt_node = _hp_tree_member (entry, "prompt");
  if (prompt_node == NULL)
    {
      _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, prompt_path,
                     _("missing, expected [number, prompt_id, prompt, extra_data, outputs]"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (prompt_node))
    {
      _hp_tree_wrong_type (r, prompt_path, N_("an array [number, prompt_id, prompt, extra_data, outputs]"),
                           prompt_node);
      return NULL;
    }
  prompt = json_node_get_array (prompt_node);
  if (json_array_get_length (prompt) < 3)
    {
      _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, graph_path,
                     _("missing, expected the API-format prompt as the third item"));
      return NULL;
    }

  /* Each entry's own graph first (for its node list), then into the
   * profile's graph, shared by all entries. */
  if (!_hp_comfyui_prompt_fill (r, json_array_get_element (prompt, 2), graph_path, own, NULL) ||
      !_hp_comfyui_prompt_fill (r, json_array_get_element (prompt, 2), graph_path, graph, NULL))
    return NULL;

  if (json_array_get_length (prompt) > 3)
    {
      JsonNode *extra_node = json_array_get_element (prompt, 3);

      if (!JSON_NODE_HOLDS_NULL (extra_node))
        {
          JsonObject *extra;

          if (!JSON_NODE_HOLDS_OBJECT (extra_node))
            {
              _hp_tree_wrong_type (r, extra_path, N_("an object (extra_data)"), extra_node);
              return NULL;
            }
          extra = json_node_get_object (extra_node);
          if (!_hp_tree_get_time (r, extra, extra_path, "create_time", 1000.0, &queued_us) ||
              !read_positions (r, extra, extra_path, graph))
            return NULL;
        }
    }

  m.cached = g_hash_table_new (NULL, NULL);
  m.executed = g_hash_table_new (NULL, NULL);

  status_node = _hp_tree_member (entry, "status");
  if (status_node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (status_node))
        {
          _hp_tree_wrong_type (r, status_path, N_("an object"), status_node);
          goto out;
        }
      status = json_node_get_object (status_node);
      if (!_hp_tree_get_string (r, status, status_path, "status_str", &status_str) ||
          !_hp_tree_get_boolean (r, status, status_path, "completed", &completed))
        goto out;
      messages = _hp_tree_member (status, "messages");
      if (messages != NULL)
        {
          g_autofree char *messages_path = g_strdup_printf ("%s.messages", status_path);

          if (!read_messages (r, messages, messages_path, &m))
            goto out;
        }
    }

  if (queued_us != HP_TIME_UNKNOWN && m.started_us != HP_TIME_UNKNOWN && m.started_us < queued_us)
    {
      g_autofree char *time_path = g_strdup_printf ("%s.create_time", extra_path);

      _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, time_path,
                     _("the prompt was queued after it started, expected create_time ≤ execution_start"));
      goto out;
    }

  run = hp_run_new (prompt_id);
  hp_run_set_queued_us (run, queued_us);
  hp_run_set_started_us (run, m.started_us);
  hp_run_set_finished_us (run, m.finished_us);
  if (m.has_end)
    hp_run_set_status (run, m.end_status);
  else if (g_strcmp0 (status_str, "success") == 0)
    hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
  else if (g_strcmp0 (status_str, "error") == 0)
    hp_run_set_status (run, HP_RUN_STATUS_FAILED);
  else
    hp_run_set_status (run, HP_RUN_STATUS_INTERRUPTED);
  hp_run_set_note (run, _(NO_NODE_TIMING_NOTE));

  for (guint i = 0; i < hp_workflow_graph_get_n_nodes (own); i++)
    {
      const char *node_id = hp_workflow_graph_get_node (own, i)->id;
      g_autoptr(HpNodeRun) node_run = NULL;
      HpNodeStatus node_status;

      if (node_id == m.failed_node)
        node_status = HP_NODE_STATUS_FAILED;
      else if (g_hash_table_contains (m.cached, node_id))
        node_status = HP_NODE_STATUS_CACHED;
      else if (node_id == m.stopped_node)
        node_status = HP_NODE_STATUS_RUNNING;
      else if (hp_run_get_status (run) == HP_RUN_STATUS_SUCCEEDED ||
               g_hash_table_contains (m.executed, node_id))
        node_status = HP_NODE_STATUS_COMPLETED;
      else
        node_status = HP_NODE_STATUS_SKIPPED;

      /* Times and duration stay unknown: history has none per node. */
      node_run = hp_node_run_new (node_id, node_status);
      if (node_status == HP_NODE_STATUS_FAILED)
        hp_node_run_set_error (node_run, m.error_text);
      hp_run_add_node_run (run, node_run);
    }
  ok = TRUE;

out:
  messages_clear (&m);
  return ok ? g_steal_pointer (&run) : NULL;
}

static int
compare_run_ids (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (hp_run_get_id (*(HpRun * const *) a), hp_run_get_id (*(HpRun * const *) b));
}

/**
 * hp_comfyui_history_read:
 * @data: ComfyUI history JSON ({prompt_id: {prompt, outputs, status}})
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Reads one run per prompt: its id the prompt id; queued at
 * extra_data.create_time, started at execution_start, finished at
 * execution_success, _error or _interrupted (ms timestamps); status from
 * the last of those (else status_str). Nodes come from the API prompt
 * (positions from extra_data.extra_pnginfo.workflow when present):
 * cached ones from execution_cached, the failed one with the exception
 * message from execution_error, the interrupted one as running. Others
 * completed when the prompt succeeded or when execution_error/
 * _interrupted lists them as executed, else skipped. No node has a time
 * or a duration, and every run carries a note saying so.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR, the message naming the JSON path)
 */
HpProfile *
hp_comfyui_history_read (const char  *data,
                         gsize        length,
                         const char  *source_name,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fingerprint = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) members = NULL;
  g_autofree char *workflow_id = NULL;
  HpTreeReader reader = { source_name, error };
  HpWorkflowGraph *graph;
  JsonNode *root;
  gsize bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  if (!_hp_tree_parse (&reader, parser, data + bom, length - bom, N_("a ComfyUI history")))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      _hp_tree_wrong_type (&reader, "$", N_("an object ({prompt_id: history entry})"), root);
      return NULL;
    }

  profile = hp_profile_new ();
  graph = hp_profile_get_graph (profile);
  members = json_object_get_members (json_node_get_object (root));
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *path = _hp_json_path_member ("$", l->data);
      HpRun *run;

      if (*(const char *) l->data == '\0')
        {
          _hp_tree_fail (&reader, HP_FORMAT_ERROR_VALUE, path, _("empty prompt id, expected an id"));
          return NULL;
        }
      run = read_entry (&reader, l->data, json_object_get_member (json_node_get_object (root), l->data),
                        path, graph);
      if (run == NULL)
        return NULL;
      g_ptr_array_add (runs, run);
    }

  for (guint i = 0; i < hp_workflow_graph_get_n_nodes (graph); i++)
    {
      HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      g_ptr_array_add (fingerprint, g_strdup_printf ("%s\x1f%s", node->id, node->type));
    }
  workflow_id = _hp_comfyui_workflow_id (fingerprint);
  hp_workflow_graph_set_id (graph, workflow_id);
  hp_workflow_graph_set_name (graph, "ComfyUI workflow");

  /* Runs without a start sort by id, so the order does not depend on
   * the order of the members. */
  g_ptr_array_sort (runs, compare_run_ids);
  if (runs->len > 0)
    hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, NULL);
  return g_steal_pointer (&profile);
}

HpRun *
_hp_comfyui_history_read_entry (const HpTreeReader *r,
                                const char         *prompt_id,
                                JsonNode           *entry,
                                const char         *path,
                                HpWorkflowGraph    *graph)
{
  return read_entry (r, prompt_id, entry, path, graph);
}
