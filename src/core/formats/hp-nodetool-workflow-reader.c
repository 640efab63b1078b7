/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-nodetool-workflow-reader.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hp-comfyui-workflow-reader.h"
#include "hp-format-util.h"
#include "hp-json-tree.h"

/* A NodeTool workflow (nodetool-core types/workflow.py and api_graph.py):
 * {id, name, access, …, graph: {nodes, edges}}, or the bare graph
 * {nodes, edges}. A node is {id, parent_id?, type, data,
 * ui_properties: {position: {x, y}, width?, height?, title?, …}}; an
 * edge is {id?, source, sourceHandle, target, targetHandle}. Children of
 * a group or loop node (parent_id) are placed relative to their parent;
 * their positions are made absolute here. */

#define MAX_NESTING 64

char *
_hp_nodetool_short_type (const char *type)
{
  const char *dot;

  if (type == NULL)
    return NULL;
  dot = strrchr (type, '.');
  return g_strdup (dot != NULL && dot[1] != '\0' ? dot + 1 : type);
}

typedef struct {
  const char *id;          /* interned */
  const char *parent_id;   /* interned, or NULL */
  gboolean    has_position;
  double      x, y;        /* relative to the parent */
  char       *parent_path; /* "$.graph.nodes[3].parent_id" */
} NodeInfo;

static void
node_info_clear (gpointer data)
{
  NodeInfo *info = data;

  g_clear_pointer (&info->parent_path, g_free);
}

static gboolean
get_coordinate (const HpTreeReader *r,
                JsonObject         *object,
                const char         *parent,
                const char         *name,
                gboolean            size,
                double             *value,
                gboolean           *present)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

  if (!_hp_tree_get_number (r, object, parent, name, value, present))
    return FALSE;
  if (!*present)
    {
      *value = 0;
      return TRUE;
    }
  if (!isfinite (*value) || fabs (*value) > 1e9)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          /* Translators: the number from the file */
                          _("%g is out of range, expected a coordinate within ±1e9"), *value);
  if (size && *value < 0)
    /* Translators: the number from the file */
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path, _("%g is negative, expected 0 or more"), *value);
  return TRUE;
}

static gboolean
read_ui_properties (const HpTreeReader *r,
                    JsonObject         *object,
                    const char         *path,
                    NodeInfo           *info,
                    double             *width,
                    double             *height,
                    const char        **title)
{
  g_autofree char *ui_path = g_strdup_printf ("%s.ui_properties", path);
  g_autofree char *pos_path = g_strdup_printf ("%s.position", ui_path);
  JsonNode *ui_node = _hp_tree_member (object, "ui_properties");
  JsonNode *pos_node;
  JsonObject *ui, *pos;
  gboolean has_x, has_y, present;

  *width = *height = 0;
  *title = NULL;
  if (ui_node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (ui_node))
    return _hp_tree_wrong_type (r, ui_path, N_("an object"), ui_node);
  ui = json_node_get_object (ui_node);

  if (!_hp_tree_get_string (r, ui, ui_path, "title", title) ||
      !get_coordinate (r, ui, ui_path, "width", TRUE, width, &present) ||
      !get_coordinate (r, ui, ui_path, "height", TRUE, height, &present))
    return FALSE;

  pos_node = _hp_tree_member (ui, "position");
  if (pos_node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (pos_node))
    return _hp_tree_wrong_type (r, pos_path, N_("an object {x, y}"), pos_node);
  pos = json_node_get_object (pos_node);
  if (!get_coordinate (r, pos, pos_path, "x", FALSE, &info->x, &has_x) ||
      !get_coordinate (r, pos, pos_path, "y", FALSE, &info->y, &has_y))
    return FALSE;
  if (!has_x || !has_y)
    {
      g_autofree char *missing = g_strdup_printf ("%s.%s", pos_path, has_x ? "y" : "x");

      return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, missing, _("missing, expected a number"));
    }
  info->has_position = TRUE;
  return TRUE;
}

static gboolean
read_node (const HpTreeReader *r,
           JsonNode           *value,
           const char         *path,
           HpWorkflowGraph    *graph,
           NodeInfo           *info)
{
  g_autofree char *id_path = g_strdup_printf ("%s.id", path);
  g_autofree char *parent_path = g_strdup_printf ("%s.parent_id", path);
  g_autofree char *node_id = NULL;
  g_autofree char *parent_id = NULL;
  g_autofree char *short_type = NULL;
  JsonObject *object;
  HpGraphNode *node;
  const char *type, *title;
  double width, height;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return _hp_tree_wrong_type (r, path, N_("an object (a node)"), value);
  object = json_node_get_object (value);

  if (!_hp_tree_get_id (r, _hp_tree_member (object, "id"), id_path, &node_id) ||
      !_hp_tree_get_id (r, _hp_tree_member (object, "parent_id"), parent_path, &parent_id) ||
      !_hp_tree_get_string (r, object, path, "type", &type))
    return FALSE;
  if (node_id == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, id_path, _("missing, expected the node id"));
  if (!read_ui_properties (r, object, path, info, &width, &height, &title))
    return FALSE;

  short_type = _hp_nodetool_short_type (type);
  node = hp_workflow_graph_add_node (graph, node_id, short_type, title, NULL);
  if (node == NULL)
    /* Translators: a node id */
    return _hp_tree_fail (r, HP_FORMAT_ERROR_DUPLICATE, id_path, _("node “%s” appears twice"), node_id);
  info->id = node->id;
  info->parent_id = parent_id != NULL ? g_intern_string (parent_id) : NULL;
  info->parent_path = g_steal_pointer (&parent_path);
  if (info->has_position)
    hp_graph_node_set_position (node, info->x, info->y, width, height);
  return TRUE;
}

/* Children are placed relative to their parent: adds the offsets of all
 * ancestors. */
static gboolean
resolve_parents (const HpTreeReader *r,
                 GArray             *infos,
                 HpWorkflowGraph    *graph)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < infos->len; i++)
    {
      NodeInfo *info = &g_array_index (infos, NodeInfo, i);

      g_hash_table_insert (by_id, (gpointer) info->id, info);
    }

  for (guint i = 0; i < infos->len; i++)
    {
      NodeInfo *info = &g_array_index (infos, NodeInfo, i);
      HpGraphNode *node;
      double dx = 0, dy = 0;
      guint depth = 0;

      for (const char *p = info->parent_id; p != NULL; depth++)
        {
          NodeInfo *parent = g_hash_table_lookup (by_id, p);

          if (parent == NULL)
            return _hp_tree_fail (r, HP_FORMAT_ERROR_UNKNOWN_NODE, info->parent_path,
                                  /* Translators: a node id */
                                  _("no node “%s”, expected the id of a group node"), p);
          if (depth >= MAX_NESTING || parent == info)
            return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, info->parent_path,
                                  _("the parents form a loop, expected a tree of groups"));
          if (parent->has_position)
            {
              dx += parent->x;
              dy += parent->y;
            }
          p = parent->parent_id;
        }

      node = hp_workflow_graph_lookup_node (graph, info->id);
      if (node->has_position)
        {
          node->x += dx;
          node->y += dy;
        }
    }
  return TRUE;
}

/* NodeTool's Group nodes (nodetool.workflows.base_node.Group) hold their
 * children by parent_id: each becomes a group of the graph with its box
 * and those children as members. */
static void
add_groups (GArray          *infos,
            HpWorkflowGraph *graph)
{
  for (guint i = 0; i < infos->len; i++)
    {
      NodeInfo *info = &g_array_index (infos, NodeInfo, i);
      HpGraphNode *node = hp_workflow_graph_lookup_node (graph, info->id);
      g_autoptr(HpGraphGroup) group = NULL;

      if (g_strcmp0 (node->type, "Group") != 0)
        continue;
      group = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, node->id, node->title);
      if (node->has_position)
        hp_graph_group_set_bounds (group, node->x, node->y, node->width, node->height);
      for (guint k = 0; k < infos->len; k++)
        if (g_array_index (infos, NodeInfo, k).parent_id == info->id)
          hp_graph_group_add_member (group, g_array_index (infos, NodeInfo, k).id);
      /* Node ids are unique, so group ids are. */
      hp_workflow_graph_add_group (graph, group, NULL);
    }
}

/* Handles are named ("output", "text"); slots are numbered per node in
 * the order the handle names first appear. */
static int
slot_of (GHashTable *slots,
         const char *node_id,
         const char *handle)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", node_id, handle != NULL ? handle : "");
  g_autofree char *count_key = g_strdup_printf ("\x1e%s", node_id);
  gpointer value;
  int slot;

  if (g_hash_table_lookup_extended (slots, key, NULL, &value))
    return GPOINTER_TO_INT (value);
  /* "\x1enode" counts the slots given out so far. */
  slot = GPOINTER_TO_INT (g_hash_table_lookup (slots, count_key));
  g_hash_table_insert (slots, g_steal_pointer (&count_key), GINT_TO_POINTER (slot + 1));
  g_hash_table_insert (slots, g_steal_pointer (&key), GINT_TO_POINTER (slot));
  return slot;
}

static gboolean
read_edge (const HpTreeReader *r,
           JsonNode           *value,
           const char         *path,
           HpWorkflowGraph    *graph,
           GHashTable         *out_slots,
           GHashTable         *in_slots,
           GHashTable         *seen)
{
  static const char * const ends[] = { "source", "target" };
  const char *ids[2] = { NULL, NULL };
  const char *source_handle, *target_handle;
  g_autofree char *key = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return _hp_tree_wrong_type (r, path, N_("an object (an edge)"), value);
  object = json_node_get_object (value);

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_autofree char *end_path = g_strdup_printf ("%s.%s", path, ends[i]);
      g_autofree char *id = NULL;

      if (!_hp_tree_get_id (r, _hp_tree_member (object, ends[i]), end_path, &id))
        return FALSE;
      if (id == NULL)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, end_path, _("missing, expected a node id"));
      if (hp_workflow_graph_lookup_node (graph, id) == NULL)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_UNKNOWN_NODE, end_path,
                              /* Translators: a node id */
                              _("no node “%s”, expected the id of a node in graph.nodes"), id);
      ids[i] = g_intern_string (id);
    }
  if (!_hp_tree_get_string (r, object, path, "sourceHandle", &source_handle) ||
      !_hp_tree_get_string (r, object, path, "targetHandle", &target_handle))
    return FALSE;

  key = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s", ids[0], source_handle != NULL ? source_handle : "",
                         ids[1], target_handle != NULL ? target_handle : "");
  if (g_hash_table_contains (seen, key))
    return _hp_tree_fail (r, HP_FORMAT_ERROR_DUPLICATE, path,
                          /* Translators: two node ids */
                          _("the edge %s → %s appears twice"), ids[0], ids[1]);
  g_hash_table_add (seen, g_steal_pointer (&key));

  return hp_workflow_graph_add_edge (graph, ids[0], slot_of (out_slots, ids[0], source_handle),
                                     ids[1], slot_of (in_slots, ids[1], target_handle), NULL);
}

static JsonArray *
get_array (const HpTreeReader *r,
           JsonObject         *object,
           const char         *parent,
           const char         *name,
           gboolean            required,
           gboolean           *ok)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);
  JsonNode *node = _hp_tree_member (object, name);

  *ok = TRUE;
  if (node == NULL)
    {
      if (required)
        /* Translators: what the array holds, a JSON member name ("nodes") */
        *ok = _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, path, _("missing, expected an array of %s"), name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *ok = _hp_tree_wrong_type (r, path, N_("an array"), node);
      return NULL;
    }
  return json_node_get_array (node);
}

/**
 * hp_nodetool_workflow_read:
 * @data: a NodeTool workflow (JSON: {id, name, graph: {nodes, edges}}
 *   or the bare graph)
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Reads the graph only: nodes (id, the last part of the type as in the
 * profiler export, ui_properties.title, position and size), edges
 * (source → target; handle names become slot numbers by order of first
 * appearance per node). The graph id is the workflow's "id", the same id
 * the profiler export gives as workflowId, so the two merge.
 *
 * Returns: (transfer full) (nullable): a profile without runs, or %NULL
 *   with @error set (%HP_FORMAT_ERROR, the message naming the JSON path)
 */
HpProfile *
hp_nodetool_workflow_read (const char  *data,
                           gsize        length,
                           const char  *source_name,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GArray) infos = g_array_new (FALSE, TRUE, sizeof (NodeInfo));
  g_autoptr(GHashTable) out_slots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) in_slots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  HpTreeReader reader = { source_name, error };
  g_autofree char *workflow_id = NULL;
  HpWorkflowGraph *graph;
  JsonObject *root, *graph_object;
  JsonNode *root_node, *graph_node;
  JsonArray *nodes, *edges;
  const char *name, *graph_path = "$";
  gboolean ok;
  gsize bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_clear_func (infos, node_info_clear);
  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  if (!_hp_tree_parse (&reader, parser, data + bom, length - bom, N_("a NodeTool workflow")))
    return NULL;
  root_node = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      _hp_tree_wrong_type (&reader, "$", N_("an object (a NodeTool workflow)"), root_node);
      return NULL;
    }
  root = json_node_get_object (root_node);

  graph_object = root;
  graph_node = _hp_tree_member (root, "graph");
  if (graph_node != NULL || _hp_tree_member (root, "nodes") == NULL)
    {
      graph_path = "$.graph";
      if (graph_node == NULL)
        {
          _hp_tree_fail (&reader, HP_FORMAT_ERROR_MISSING, graph_path, _("missing, expected {nodes, edges}"));
          return NULL;
        }
      if (!JSON_NODE_HOLDS_OBJECT (graph_node))
        {
          _hp_tree_wrong_type (&reader, graph_path, N_("an object {nodes, edges}"), graph_node);
          return NULL;
        }
      graph_object = json_node_get_object (graph_node);
    }

  if (!_hp_tree_get_id (&reader, _hp_tree_member (root, "id"), "$.id", &workflow_id) ||
      !_hp_tree_get_string (&reader, root, "$", "name", &name))
    return NULL;
  nodes = get_array (&reader, graph_object, graph_path, "nodes", TRUE, &ok);
  if (!ok)
    return NULL;
  edges = get_array (&reader, graph_object, graph_path, "edges", FALSE, &ok);
  if (!ok)
    return NULL;

  profile = hp_profile_new ();
  graph = hp_profile_get_graph (profile);
  hp_workflow_graph_set_id (graph, workflow_id != NULL ? workflow_id : "nodetool-workflow");
  hp_workflow_graph_set_name (graph, name != NULL ? name : "NodeTool workflow");

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.nodes[%u]", graph_path, i);
      NodeInfo info = { NULL, };

      if (!read_node (&reader, json_array_get_element (nodes, i), path, graph, &info))
        {
          node_info_clear (&info);
          return NULL;
        }
      g_array_append_val (infos, info);
    }
  if (!resolve_parents (&reader, infos, graph))
    return NULL;
  add_groups (infos, graph);

  for (guint i = 0; edges != NULL && i < json_array_get_length (edges); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.edges[%u]", graph_path, i);

      if (!read_edge (&reader, json_array_get_element (edges, i), path, graph, out_slots, in_slots, seen))
        return NULL;
    }

  return g_steal_pointer (&profile);
}
