/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfyui-workflow-reader.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

/* Groups and subgraph names of a ComfyUI editor workflow (frontend
 * workflowSchema.ts): "groups": [{id?, title, bounding: [x, y, w, h],
 * color?, font_size?}] at the top level (schema 0.4 and 1), and
 * "definitions": {"subgraphs": [{id (uuid), name, nodes, …}]}, where a
 * node whose type is a definition's id hosts that subgraph; its nodes run
 * as "HOST:INNER" (nested: "HOST:INNER:INNER2"). Groups inside subgraph
 * definitions have the definition's own coordinates and are left out. */

#define MAX_SUBGRAPH_DEPTH 32

static gboolean
read_bounding (const HpTreeReader *r,
               JsonNode           *node,
               const char         *path,
               double              v[4])
{
  JsonArray *array;

  if (node == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, path, _("missing, expected the box [x, y, width, height]"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _hp_tree_wrong_type (r, path, N_("the box [x, y, width, height]"), node);
  array = json_node_get_array (node);
  if (json_array_get_length (array) != 4)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          /* Translators: how many values the array holds */
                          _("an array of %u values, expected four numbers [x, y, width, height]"),
                          json_array_get_length (array));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *value_path = g_strdup_printf ("%s[%u]", path, i);
      JsonNode *value = json_array_get_element (array, i);
      GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        return _hp_tree_wrong_type (r, value_path, N_("a number"), value);
      v[i] = type == G_TYPE_INT64 ? (double) json_node_get_int (value) : json_node_get_double (value);
      if (!isfinite (v[i]) || fabs (v[i]) > 1e9)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, value_path,
                              _("the coordinate is absurd, expected a number within ±1e9"));
      if (i >= 2 && v[i] < 0)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, value_path,
                              _("negative size, expected a width and height of 0 or more"));
    }
  return TRUE;
}

static gboolean
read_group (const HpTreeReader *r,
            JsonNode           *value,
            const char         *path,
            guint               index,
            HpWorkflowGraph    *graph)
{
  g_autofree char *id_path = g_strdup_printf ("%s.id", path);
  g_autofree char *bounding_path = g_strdup_printf ("%s.bounding", path);
  g_autofree char *id = NULL;
  g_autoptr(HpGraphGroup) group = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *title, *color;
  JsonObject *object;
  double v[4];

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return _hp_tree_wrong_type (r, path, N_("an object (a group with title and bounding)"), value);
  object = json_node_get_object (value);

  if (!_hp_tree_get_id (r, _hp_tree_member (object, "id"), id_path, &id) ||
      !_hp_tree_get_string (r, object, path, "title", &title) ||
      !_hp_tree_get_string (r, object, path, "color", &color) ||
      !read_bounding (r, _hp_tree_member (object, "bounding"), bounding_path, v))
    return FALSE;
  /* Schema 0.4 groups often have no id: their place in the list is one. */
  if (id == NULL)
    id = g_strdup_printf ("group-%u", index + 1);

  group = hp_graph_group_new (HP_GRAPH_GROUP_KIND_GROUP, id, title);
  hp_graph_group_set_bounds (group, v[0], v[1], v[2], v[3]);
  hp_graph_group_set_color (group, color);
  if (!hp_workflow_graph_add_group (graph, group, &local_error))
    return _hp_tree_fail (r, HP_FORMAT_ERROR_DUPLICATE, id_path, "%s", local_error->message);
  return TRUE;
}

typedef struct {
  const char *name;
  JsonArray  *nodes;   /* nullable */
} Definition;

/* Names every subgraph hosted by @nodes (under @prefix) and, inside it,
 * by the definition's own nodes. */
static void
name_subgraphs (HpWorkflowGraph *graph,
                GHashTable      *definitions,
                JsonArray       *nodes,
                const char      *prefix,
                guint            depth)
{
  if (nodes == NULL || depth > MAX_SUBGRAPH_DEPTH)
    return;

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *element = json_array_get_element (nodes, i);
      g_autofree char *path = NULL;
      const char *type;
      JsonObject *node;
      JsonNode *id;
      Definition *def;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      node = json_node_get_object (element);
      type = json_object_get_string_member_with_default (node, "type", NULL);
      id = _hp_tree_member (node, "id");
      if (type == NULL || id == NULL || (def = g_hash_table_lookup (definitions, type)) == NULL)
        continue;
      if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
        path = g_strdup_printf ("%s%s%" G_GINT64_FORMAT, prefix != NULL ? prefix : "",
                                prefix != NULL ? ":" : "", json_node_get_int (id));
      else if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
        path = g_strdup_printf ("%s%s%s", prefix != NULL ? prefix : "",
                                prefix != NULL ? ":" : "", json_node_get_string (id));
      else
        continue;
      if (def->name != NULL)
        hp_workflow_graph_set_subgraph_title (graph, path, def->name);
      name_subgraphs (graph, definitions, def->nodes, path, depth + 1);
    }
}

static gboolean
read_definitions (const HpTreeReader *r,
                  JsonNode           *value,
                  const char         *path,
                  JsonArray          *root_nodes,
                  HpWorkflowGraph    *graph)
{
  g_autofree char *subgraphs_path = g_strdup_printf ("%s.subgraphs", path);
  g_autoptr(GHashTable) definitions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  JsonNode *subgraphs;
  JsonArray *list;

  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (value))
    return _hp_tree_wrong_type (r, path, N_("an object {subgraphs}"), value);
  subgraphs = _hp_tree_member (json_node_get_object (value), "subgraphs");
  if (subgraphs == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (subgraphs))
    return _hp_tree_wrong_type (r, subgraphs_path, N_("an array of subgraph definitions"), subgraphs);
  list = json_node_get_array (subgraphs);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autofree char *def_path = g_strdup_printf ("%s[%u]", subgraphs_path, i);
      g_autofree char *nodes_path = g_strdup_printf ("%s.nodes", def_path);
      JsonNode *element = json_array_get_element (list, i);
      const char *id, *name;
      JsonObject *object;
      JsonNode *nodes;
      Definition *def;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return _hp_tree_wrong_type (r, def_path, N_("an object (a subgraph definition)"), element);
      object = json_node_get_object (element);
      if (!_hp_tree_get_string (r, object, def_path, "id", &id) ||
          !_hp_tree_get_string (r, object, def_path, "name", &name))
        return FALSE;
      if (id == NULL)
        {
          g_autofree char *missing = g_strdup_printf ("%s.id", def_path);

          return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, missing,
                                _("missing, expected the subgraph's id (the type of the nodes that host it)"));
        }
      nodes = _hp_tree_member (object, "nodes");
      if (nodes != NULL && !JSON_NODE_HOLDS_ARRAY (nodes))
        return _hp_tree_wrong_type (r, nodes_path, N_("an array of nodes"), nodes);
      def = g_new0 (Definition, 1);
      def->name = name;
      def->nodes = nodes != NULL ? json_node_get_array (nodes) : NULL;
      g_hash_table_insert (definitions, (gpointer) id, def);
    }

  name_subgraphs (graph, definitions, root_nodes, NULL, 0);
  return TRUE;
}

/* Private to the formats folder: reads "groups" and "definitions" of the
 * editor workflow @workflow (at @path) into @graph. */
gboolean
_hp_comfyui_editor_groups_fill (const HpTreeReader *r,
                                JsonObject         *workflow,
                                const char         *path,
                                HpWorkflowGraph    *graph)
{
  g_autofree char *groups_path = g_strdup_printf ("%s.groups", path);
  g_autofree char *definitions_path = g_strdup_printf ("%s.definitions", path);
  JsonNode *groups = _hp_tree_member (workflow, "groups");
  JsonNode *definitions = json_object_get_member (workflow, "definitions");
  JsonNode *nodes = _hp_tree_member (workflow, "nodes");

  if (groups != NULL && !JSON_NODE_HOLDS_ARRAY (groups))
    return _hp_tree_wrong_type (r, groups_path, N_("an array of groups"), groups);
  for (guint i = 0; groups != NULL && i < json_array_get_length (json_node_get_array (groups)); i++)
    {
      g_autofree char *group_path = g_strdup_printf ("%s[%u]", groups_path, i);

      if (!read_group (r, json_array_get_element (json_node_get_array (groups), i), group_path, i, graph))
        return FALSE;
    }

  if (definitions != NULL &&
      !read_definitions (r, definitions, definitions_path,
                         nodes != NULL && JSON_NODE_HOLDS_ARRAY (nodes) ? json_node_get_array (nodes) : NULL,
                         graph))
    return FALSE;
  return TRUE;
}
