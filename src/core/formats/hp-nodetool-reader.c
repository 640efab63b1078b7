/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-nodetool-reader.h"
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "hp-comfyui-workflow-reader.h"
#include "hp-format-util.h"
#include "hp-json-tree.h"

/* NodeTool's performance profiler export (the web client's
 * WorkflowPerformanceProfile): {workflowId, workflowName, totalDuration,
 * nodeData: {nodeId: {nodeId, nodeType, nodeLabel, durations (the last
 * 20, ms), avgDuration, minDuration, maxDuration, lastDuration,
 * executionCount}}, bottlenecks, timestamp, runCount}.
 *
 * It keeps durations per node, not per run: there are no run times and
 * the lists are not aligned by run. Run i is rebuilt from the i-th
 * duration of every node that has one, and says so in its note. */

#define REBUILT_NOTE N_("NodeTool export: no run timestamps; runs rebuilt from per-node duration lists")

typedef struct {
  const char *node_id;     /* interned */
  GArray     *durations;   /* of gint64 µs */
} NodeDurations;

static void
node_durations_clear (gpointer data)
{
  NodeDurations *d = data;

  g_clear_pointer (&d->durations, g_array_unref);
}

static gboolean
check_optional_number (const HpTreeReader *r,
                       JsonObject         *object,
                       const char         *path,
                       const char         *name)
{
  double value;
  gboolean present;

  if (!_hp_tree_get_number (r, object, path, name, &value, &present))
    return FALSE;
  if (present && value < 0)
    {
      g_autofree char *member_path = g_strdup_printf ("%s.%s", path, name);

      /* Translators: the number from the file */
      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, member_path, _("%.15g is negative, expected 0 or more"),
                            value);
    }
  return TRUE;
}

static gboolean
read_node (const HpTreeReader *r,
           const char         *key,
           JsonNode           *node,
           const char         *path,
           HpWorkflowGraph    *graph,
           NodeDurations      *out)
{
  g_autofree char *id_path = g_strdup_printf ("%s.nodeId", path);
  g_autofree char *durations_path = g_strdup_printf ("%s.durations", path);
  g_autofree char *node_id = NULL;
  JsonObject *object;
  JsonNode *durations_node;
  JsonArray *durations;
  const char *type, *label;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _hp_tree_wrong_type (r, path, N_("an object (a node's performance data)"), node);
  object = json_node_get_object (node);

  if (*key == '\0')
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path, _("empty node id, expected an id"));
  if (!_hp_tree_get_id (r, _hp_tree_member (object, "nodeId"), id_path, &node_id))
    return FALSE;
  if (node_id != NULL && strcmp (node_id, key) != 0)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, id_path,
                          /* Translators: the id in the value, then the key it is stored under */
                          _("“%s” differs from its key “%s”, expected the same id"), node_id, key);

  if (!_hp_tree_get_string (r, object, path, "nodeType", &type) ||
      !_hp_tree_get_string (r, object, path, "nodeLabel", &label) ||
      !check_optional_number (r, object, path, "avgDuration") ||
      !check_optional_number (r, object, path, "minDuration") ||
      !check_optional_number (r, object, path, "maxDuration") ||
      !check_optional_number (r, object, path, "lastDuration") ||
      !check_optional_number (r, object, path, "executionCount"))
    return FALSE;

  durations_node = _hp_tree_member (object, "durations");
  if (durations_node == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, durations_path,
                          _("missing, expected the node's durations in ms"));
  if (!JSON_NODE_HOLDS_ARRAY (durations_node))
    return _hp_tree_wrong_type (r, durations_path, N_("an array of durations in ms"), durations_node);
  durations = json_node_get_array (durations_node);

  out->node_id = g_intern_string (key);
  out->durations = g_array_sized_new (FALSE, FALSE, sizeof (gint64), json_array_get_length (durations));
  for (guint i = 0; i < json_array_get_length (durations); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", durations_path, i);
      JsonNode *item = json_array_get_element (durations, i);
      GType item_type = JSON_NODE_HOLDS_VALUE (item) ? json_node_get_value_type (item) : G_TYPE_INVALID;
      double ms;
      gint64 us;

      if (item_type != G_TYPE_INT64 && item_type != G_TYPE_DOUBLE)
        return _hp_tree_wrong_type (r, item_path, N_("a duration in ms (a number)"), item);
      ms = item_type == G_TYPE_INT64 ? (double) json_node_get_int (item) : json_node_get_double (item);
      if (!isfinite (ms))
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, item_path, _("the number is too large"));
      if (!_hp_tree_to_us (r, item_path, ms, 1000.0, FALSE, &us))
        return FALSE;
      g_array_append_val (out->durations, us);
    }

  if (hp_workflow_graph_add_node (graph, out->node_id, type, label, NULL) == NULL)
    /* Translators: a node id */
    return _hp_tree_fail (r, HP_FORMAT_ERROR_DUPLICATE, path, _("node “%s” appears twice"), key);
  return TRUE;
}

static gboolean
check_bottlenecks (const HpTreeReader *r,
                   JsonObject         *root)
{
  JsonNode *node = _hp_tree_member (root, "bottlenecks");
  JsonArray *list;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _hp_tree_wrong_type (r, "$.bottlenecks", N_("an array"), node);
  list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);

      /* Node ids (newer exports) or node objects (older ones). */
      if (!JSON_NODE_HOLDS_OBJECT (item) &&
          (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING))
        {
          g_autofree char *path = g_strdup_printf ("$.bottlenecks[%u]", i);

          return _hp_tree_wrong_type (r, path, N_("a node id (a string)"), item);
        }
    }
  return TRUE;
}

/**
 * hp_nodetool_read:
 * @data: a NodeTool WorkflowPerformanceProfile export (JSON)
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Reads the graph's nodes from nodeData (id, nodeType, nodeLabel; no
 * edges) and rebuilds runs from the per-node duration lists: run i
 * ("nodetool-001", "nodetool-002", …, so that they sort in order) holds
 * durations[i] of every node that has an i-th value. The export has no
 * run times, so the runs have none, and each run's note says how it was
 * made.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR, the message naming the JSON path)
 */
HpProfile *
hp_nodetool_read (const char  *data,
                  gsize        length,
                  const char  *source_name,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GArray) nodes = g_array_new (FALSE, TRUE, sizeof (NodeDurations));
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GList) members = NULL;
  HpTreeReader reader = { source_name, error };
  HpWorkflowGraph *graph;
  JsonObject *root, *node_data;
  JsonNode *root_node, *node_data_node;
  g_autofree char *workflow_id = NULL;
  const char *workflow_name;
  gint64 timestamp_us;
  guint n_runs = 0, width;
  gsize bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_clear_func (nodes, node_durations_clear);
  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  if (!_hp_tree_parse (&reader, parser, data + bom, length - bom, N_("a NodeTool performance profile")))
    return NULL;
  root_node = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      _hp_tree_wrong_type (&reader, "$", N_("an object (a WorkflowPerformanceProfile)"), root_node);
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!_hp_tree_get_id (&reader, _hp_tree_member (root, "workflowId"), "$.workflowId", &workflow_id) ||
      !_hp_tree_get_string (&reader, root, "$", "workflowName", &workflow_name) ||
      !_hp_tree_get_time (&reader, root, "$", "timestamp", 1000.0, &timestamp_us) ||
      !check_optional_number (&reader, root, "$", "totalDuration") ||
      !check_optional_number (&reader, root, "$", "runCount") ||
      !check_bottlenecks (&reader, root))
    return NULL;

  node_data_node = _hp_tree_member (root, "nodeData");
  if (node_data_node == NULL)
    {
      _hp_tree_fail (&reader, HP_FORMAT_ERROR_MISSING, "$.nodeData",
                     _("missing, expected {nodeId: {durations, …}}"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node_data_node))
    {
      _hp_tree_wrong_type (&reader, "$.nodeData", N_("an object ({nodeId: performance data})"), node_data_node);
      return NULL;
    }
  node_data = json_node_get_object (node_data_node);

  profile = hp_profile_new ();
  graph = hp_profile_get_graph (profile);
  hp_workflow_graph_set_id (graph, workflow_id != NULL ? workflow_id : "nodetool-workflow");
  hp_workflow_graph_set_name (graph, workflow_name != NULL ? workflow_name : "NodeTool workflow");

  members = json_object_get_members (node_data);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *path = _hp_json_path_member ("$.nodeData", l->data);
      NodeDurations d = { NULL, NULL };

      if (!read_node (&reader, l->data, json_object_get_member (node_data, l->data), path, graph, &d))
        {
          node_durations_clear (&d);
          return NULL;
        }
      g_array_append_val (nodes, d);
      n_runs = MAX (n_runs, d.durations->len);
    }

  /* Zero-padded numbers: runs without times sort by id. */
  width = 3;
  for (guint n = n_runs; n >= 1000; n /= 10)
    width++;
  for (guint i = 0; i < n_runs; i++)
    {
      g_autofree char *run_id = g_strdup_printf ("nodetool-%0*u", (int) width, i + 1);
      HpRun *run = hp_run_new (run_id);

      hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
      hp_run_set_note (run, _(REBUILT_NOTE));
      for (guint j = 0; j < nodes->len; j++)
        {
          NodeDurations *d = &g_array_index (nodes, NodeDurations, j);
          g_autoptr(HpNodeRun) node_run = NULL;

          if (i >= d->durations->len)
            continue;
          node_run = hp_node_run_new (d->node_id, HP_NODE_STATUS_COMPLETED);
          hp_node_run_set_duration_us (node_run, g_array_index (d->durations, gint64, i));
          hp_run_add_node_run (run, node_run);
        }
      g_ptr_array_add (runs, run);
    }

  if (runs->len > 0)
    hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, NULL);
  return g_steal_pointer (&profile);
}
