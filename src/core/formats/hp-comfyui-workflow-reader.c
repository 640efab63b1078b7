/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfyui-workflow-reader.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hp-format-util.h"

/* ComfyUI workflows without timings: the API-format prompt (what POST
 * /prompt takes and /history keeps) and the editor's LiteGraph workflow
 * (schema 0.4 with link tuples, schema 1 with link objects). Both open
 * as a profile with a graph and no runs. */

char *
_hp_json_path_member (const char *parent,
                      const char *key)
{
  gboolean plain = *key != '\0' && (g_ascii_isalpha (*key) || *key == '_');

  for (const char *p = key; plain && *p != '\0'; p++)
    plain = g_ascii_isalnum (*p) || *p == '_';
  if (plain)
    return g_strdup_printf ("%s.%s", parent, key);
  else
    {
      g_autoptr(GString) quoted = g_string_new (NULL);

      _hp_json_append_string (quoted, key);
      return g_strdup_printf ("%s[%s]", parent, quoted->str);
    }
}

static gboolean
graph_error (const HpTreeReader *r,
             const char         *path,
             GError             *graph_error)
{
  HpFormatError code = g_error_matches (graph_error, HP_WORKFLOW_GRAPH_ERROR,
                                        HP_WORKFLOW_GRAPH_ERROR_DUPLICATE_NODE) ?
                       HP_FORMAT_ERROR_DUPLICATE : HP_FORMAT_ERROR_UNKNOWN_NODE;

  return _hp_tree_fail (r, code, path, "%s", graph_error->message);
}

static gboolean
get_slot (const HpTreeReader *r,
          JsonNode           *node,
          const char         *path,
          int                *slot)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return _hp_tree_wrong_type (r, path, N_("a slot number (an integer)"), node);
  if (json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXINT16)
    {
      /* As text: xgettext skips messages with G_GINT64_FORMAT inside. */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                            _("slot %s is out of range, expected 0 to 32767"), number);
    }
  *slot = (int) json_node_get_int (node);
  return TRUE;
}

typedef struct {
  char *from;
  int   from_slot;
  char *to;
  int   to_slot;
  char *path;
} PendingEdge;

static void
pending_edge_free (gpointer data)
{
  PendingEdge *edge = data;

  g_free (edge->from);
  g_free (edge->to);
  g_free (edge->path);
  g_free (edge);
}

static gboolean
add_edges (const HpTreeReader *r,
           HpWorkflowGraph    *graph,
           GPtrArray          *edges)
{
  for (guint i = 0; i < edges->len; i++)
    {
      PendingEdge *edge = g_ptr_array_index (edges, i);
      g_autoptr(GError) local_error = NULL;

      if (!hp_workflow_graph_add_edge (graph, edge->from, edge->from_slot,
                                       edge->to, edge->to_slot, &local_error))
        return graph_error (r, edge->path, local_error);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* API format                                                          */

/* inputs: {name: literal | [source_id, output_slot]}. A link's target
 * slot is its position among the node's linked inputs, which is the
 * editor's input slot for nodes whose widgets are not turned into
 * inputs. */
static gboolean
read_prompt_inputs (const HpTreeReader *r,
                    JsonObject         *inputs,
                    const char         *path,
                    const char         *node_id,
                    GPtrArray          *edges)
{
  g_autoptr(GList) members = json_object_get_members (inputs);
  int to_slot = 0;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (inputs, l->data);
      g_autofree char *input_path = _hp_json_path_member (path, l->data);
      g_autofree char *from = NULL;
      g_autofree char *id_path = NULL;
      g_autofree char *slot_path = NULL;
      PendingEdge *edge;
      JsonArray *link;
      int from_slot;

      if (!JSON_NODE_HOLDS_ARRAY (value))
        continue;
      link = json_node_get_array (value);
      if (json_array_get_length (link) != 2)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, input_path,
                              /* Translators: how many values the list holds */
                              _("a list of %u values, expected a link [node_id, output_slot]"),
                              json_array_get_length (link));
      id_path = g_strdup_printf ("%s[0]", input_path);
      slot_path = g_strdup_printf ("%s[1]", input_path);
      if (!_hp_tree_get_id (r, json_array_get_element (link, 0), id_path, &from))
        return FALSE;
      if (from == NULL)
        return _hp_tree_wrong_type (r, id_path, N_("a node id"), json_array_get_element (link, 0));
      if (!get_slot (r, json_array_get_element (link, 1), slot_path, &from_slot))
        return FALSE;

      edge = g_new0 (PendingEdge, 1);
      edge->from = g_steal_pointer (&from);
      edge->from_slot = from_slot;
      edge->to = g_strdup (node_id);
      edge->to_slot = to_slot++;
      edge->path = g_steal_pointer (&id_path);
      g_ptr_array_add (edges, edge);
    }
  return TRUE;
}

gboolean
_hp_comfyui_prompt_fill (const HpTreeReader *r,
                         JsonNode           *root,
                         const char         *path,
                         HpWorkflowGraph    *graph,
                         GPtrArray          *fingerprint)
{
  g_autoptr(GPtrArray) edges = g_ptr_array_new_with_free_func (pending_edge_free);
  g_autoptr(GList) members = NULL;
  JsonObject *prompt;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _hp_tree_wrong_type (r, path, N_("an object (a ComfyUI API-format prompt)"), root);
  prompt = json_node_get_object (root);
  members = json_object_get_members (prompt);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *node_id = l->data;
      JsonNode *value = json_object_get_member (prompt, node_id);
      g_autofree char *node_path = _hp_json_path_member (path, node_id);
      g_autoptr(GError) local_error = NULL;
      const char *class_type, *title = NULL;
      JsonObject *object;
      JsonNode *meta, *inputs;

      if (*node_id == '\0')
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, node_path, _("empty node id, expected an id"));
      if (!JSON_NODE_HOLDS_OBJECT (value))
        return _hp_tree_wrong_type (r, node_path, N_("an object (a node with class_type and inputs)"), value);
      object = json_node_get_object (value);

      if (!_hp_tree_get_string (r, object, node_path, "class_type", &class_type))
        return FALSE;
      if (class_type == NULL)
        {
          g_autofree char *type_path = g_strdup_printf ("%s.class_type", node_path);

          return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, type_path,
                                _("missing, expected the node's class (a string)"));
        }

      meta = _hp_tree_member (object, "_meta");
      if (meta != NULL)
        {
          g_autofree char *meta_path = g_strdup_printf ("%s._meta", node_path);

          if (!JSON_NODE_HOLDS_OBJECT (meta))
            return _hp_tree_wrong_type (r, meta_path, N_("an object"), meta);
          if (!_hp_tree_get_string (r, json_node_get_object (meta), meta_path, "title", &title))
            return FALSE;
        }

      inputs = _hp_tree_member (object, "inputs");
      if (inputs != NULL)
        {
          g_autofree char *inputs_path = g_strdup_printf ("%s.inputs", node_path);

          if (!JSON_NODE_HOLDS_OBJECT (inputs))
            return _hp_tree_wrong_type (r, inputs_path, N_("an object"), inputs);
          if (!read_prompt_inputs (r, json_node_get_object (inputs), inputs_path, node_id, edges))
            return FALSE;
        }

      if (hp_workflow_graph_lookup_node (graph, node_id) == NULL &&
          hp_workflow_graph_add_node (graph, node_id, class_type, title, &local_error) == NULL)
        return graph_error (r, node_path, local_error);
      if (fingerprint != NULL)
        g_ptr_array_add (fingerprint, g_strdup_printf ("%s\x1f%s", node_id, class_type));
    }

  /* Edges once all nodes are known; a graph that already has an edge
   * (history entries of one workflow) does not get it twice. */
  for (guint i = 0; i < edges->len; i++)
    {
      PendingEdge *edge = g_ptr_array_index (edges, i);
      gboolean known = FALSE;

      for (guint j = 0; !known && j < hp_workflow_graph_get_n_edges (graph); j++)
        {
          const HpGraphEdge *e = hp_workflow_graph_get_edge (graph, j);

          known = e->from_node == g_intern_string (edge->from) && e->from_slot == edge->from_slot &&
                  e->to_node == g_intern_string (edge->to) && e->to_slot == edge->to_slot;
        }
      if (known)
        g_ptr_array_remove_index (edges, i--);
    }
  return add_edges (r, graph, edges);
}

/* ------------------------------------------------------------------ */
/* Editor format                                                       */

/* [x, y] or {"0": x, "1": y}. */
static gboolean
read_vector (const HpTreeReader *r,
             JsonNode           *node,
             const char         *path,
             double             *a,
             double             *b)
{
  JsonNode *first = NULL, *second = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *second_path = NULL;

  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
    {
      first = json_array_get_element (json_node_get_array (node), 0);
      second = json_array_get_element (json_node_get_array (node), 1);
      first_path = g_strdup_printf ("%s[0]", path);
      second_path = g_strdup_printf ("%s[1]", path);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      first = json_object_get_member (json_node_get_object (node), "0");
      second = json_object_get_member (json_node_get_object (node), "1");
      first_path = g_strdup_printf ("%s[\"0\"]", path);
      second_path = g_strdup_printf ("%s[\"1\"]", path);
      if (first == NULL || second == NULL)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, first == NULL ? first_path : second_path,
                              _("missing, expected a vector {\"0\": x, \"1\": y}"));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    /* Translators: how many values the array holds */
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path, _("an array of %u values, expected two numbers [x, y]"),
                          json_array_get_length (json_node_get_array (node)));
  else
    return _hp_tree_wrong_type (r, path, N_("two numbers [x, y]"), node);

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *value = i == 0 ? first : second;
      const char *value_path = i == 0 ? first_path : second_path;
      GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;
      double d;

      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        return _hp_tree_wrong_type (r, value_path, N_("a number"), value);
      d = type == G_TYPE_INT64 ? (double) json_node_get_int (value) : json_node_get_double (value);
      if (!isfinite (d) || fabs (d) > 1e9)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, value_path,
                              _("the coordinate is absurd, expected a position within ±1e9"));
      *(i == 0 ? a : b) = d;
    }
  return TRUE;
}

static gboolean
read_editor_node (const HpTreeReader *r,
                  JsonNode           *value,
                  const char         *path,
                  HpWorkflowGraph    *graph,
                  GPtrArray          *fingerprint)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id_path = g_strdup_printf ("%s.id", path);
  g_autofree char *node_id = NULL;
  const char *type, *title;
  JsonObject *object;
  JsonNode *pos, *size;
  HpGraphNode *node;
  double x = 0, y = 0, width = 0, height = 0;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return _hp_tree_wrong_type (r, path, N_("an object (an editor node)"), value);
  object = json_node_get_object (value);

  if (!_hp_tree_get_id (r, _hp_tree_member (object, "id"), id_path, &node_id))
    return FALSE;
  if (node_id == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, id_path, _("missing, expected the node id"));
  if (!_hp_tree_get_string (r, object, path, "type", &type) ||
      !_hp_tree_get_string (r, object, path, "title", &title))
    return FALSE;
  if (type == NULL)
    {
      g_autofree char *type_path = g_strdup_printf ("%s.type", path);

      return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, type_path,
                            _("missing, expected the node's class (a string)"));
    }

  pos = _hp_tree_member (object, "pos");
  size = _hp_tree_member (object, "size");
  if (pos != NULL)
    {
      g_autofree char *pos_path = g_strdup_printf ("%s.pos", path);

      if (!read_vector (r, pos, pos_path, &x, &y))
        return FALSE;
    }
  if (size != NULL)
    {
      g_autofree char *size_path = g_strdup_printf ("%s.size", path);

      if (!read_vector (r, size, size_path, &width, &height))
        return FALSE;
      if (width < 0 || height < 0)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, size_path,
                              _("negative size, expected a width and height of 0 or more"));
    }

  node = hp_workflow_graph_add_node (graph, node_id, type, title, &local_error);
  if (node == NULL)
    return graph_error (r, id_path, local_error);
  if (pos != NULL)
    hp_graph_node_set_position (node, x, y, width, height);
  if (fingerprint != NULL)
    g_ptr_array_add (fingerprint, g_strdup_printf ("%s\x1f%s", node_id, type));
  return TRUE;
}

/* [id, origin_id, origin_slot, target_id, target_slot, type] (0.4) or
 * {"id", "origin_id", "origin_slot", "target_id", "target_slot"} (1). */
static gboolean
read_editor_link (const HpTreeReader *r,
                  JsonNode           *value,
                  const char         *path,
                  GPtrArray          *edges)
{
  g_autofree char *from_path = NULL, *from_slot_path = NULL;
  g_autofree char *to_path = NULL, *to_slot_path = NULL;
  g_autofree char *from = NULL, *to = NULL;
  JsonNode *from_node, *from_slot_node, *to_node, *to_slot_node;
  PendingEdge *edge;
  int from_slot, to_slot;

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *tuple = json_node_get_array (value);

      if (json_array_get_length (tuple) < 5)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                              /* Translators: how many values the link holds */
                              _("a link of %u values, expected [id, origin_id, origin_slot, target_id, target_slot, type]"),
                              json_array_get_length (tuple));
      from_node = json_array_get_element (tuple, 1);
      from_slot_node = json_array_get_element (tuple, 2);
      to_node = json_array_get_element (tuple, 3);
      to_slot_node = json_array_get_element (tuple, 4);
      from_path = g_strdup_printf ("%s[1]", path);
      from_slot_path = g_strdup_printf ("%s[2]", path);
      to_path = g_strdup_printf ("%s[3]", path);
      to_slot_path = g_strdup_printf ("%s[4]", path);
    }
  else if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *link = json_node_get_object (value);

      from_node = _hp_tree_member (link, "origin_id");
      from_slot_node = _hp_tree_member (link, "origin_slot");
      to_node = _hp_tree_member (link, "target_id");
      to_slot_node = _hp_tree_member (link, "target_slot");
      from_path = g_strdup_printf ("%s.origin_id", path);
      from_slot_path = g_strdup_printf ("%s.origin_slot", path);
      to_path = g_strdup_printf ("%s.target_id", path);
      to_slot_path = g_strdup_printf ("%s.target_slot", path);
    }
  else
    return _hp_tree_wrong_type (r, path, N_("a link (an array or an object)"), value);

  if (!_hp_tree_get_id (r, from_node, from_path, &from) ||
      !_hp_tree_get_id (r, to_node, to_path, &to))
    return FALSE;
  if (from == NULL || to == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, from == NULL ? from_path : to_path,
                          _("missing, expected a node id"));
  if (!get_slot (r, from_slot_node, from_slot_path, &from_slot) ||
      !get_slot (r, to_slot_node, to_slot_path, &to_slot))
    return FALSE;

  edge = g_new0 (PendingEdge, 1);
  edge->from = g_steal_pointer (&from);
  edge->from_slot = from_slot;
  edge->to = g_steal_pointer (&to);
  edge->to_slot = to_slot;
  edge->path = g_strdup (path);
  g_ptr_array_add (edges, edge);
  return TRUE;
}

gboolean
_hp_comfyui_editor_fill (const HpTreeReader *r,
                         JsonNode           *root,
                         const char         *path,
                         HpWorkflowGraph    *graph,
                         GPtrArray          *fingerprint)
{
  g_autoptr(GPtrArray) edges = g_ptr_array_new_with_free_func (pending_edge_free);
  g_autofree char *nodes_path = NULL;
  g_autofree char *links_path = NULL;
  JsonObject *workflow;
  JsonNode *nodes, *links;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _hp_tree_wrong_type (r, path, N_("an object (a ComfyUI editor workflow)"), root);
  workflow = json_node_get_object (root);
  nodes_path = g_strdup_printf ("%s.nodes", path);
  links_path = g_strdup_printf ("%s.links", path);

  nodes = _hp_tree_member (workflow, "nodes");
  if (nodes == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, nodes_path, _("missing, expected an array of nodes"));
  if (!JSON_NODE_HOLDS_ARRAY (nodes))
    return _hp_tree_wrong_type (r, nodes_path, N_("an array of nodes"), nodes);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (nodes)); i++)
    {
      g_autofree char *node_path = g_strdup_printf ("%s[%u]", nodes_path, i);

      if (!read_editor_node (r, json_array_get_element (json_node_get_array (nodes), i),
                             node_path, graph, fingerprint))
        return FALSE;
    }

  links = _hp_tree_member (workflow, "links");
  if (links != NULL && !JSON_NODE_HOLDS_ARRAY (links))
    return _hp_tree_wrong_type (r, links_path, N_("an array of links"), links);
  for (guint i = 0; links != NULL && i < json_array_get_length (json_node_get_array (links)); i++)
    {
      g_autofree char *link_path = g_strdup_printf ("%s[%u]", links_path, i);
      JsonNode *link = json_array_get_element (json_node_get_array (links), i);

      /* The editor leaves null where a link was deleted. */
      if (JSON_NODE_HOLDS_NULL (link))
        continue;
      if (!read_editor_link (r, link, link_path, edges))
        return FALSE;
    }
  return add_edges (r, graph, edges) &&
         _hp_comfyui_editor_groups_fill (r, workflow, path, graph);
}

/* ------------------------------------------------------------------ */

typedef gboolean (*FillFunc) (const HpTreeReader *r,
                              JsonNode           *node,
                              const char         *path,
                              HpWorkflowGraph    *graph,
                              GPtrArray          *fingerprint);

static HpProfile *
read_graph_only (const char  *data,
                 gsize        length,
                 const char  *source_name,
                 const char  *what,
                 FillFunc     fill,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(GPtrArray) fingerprint = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *workflow_id = NULL;
  HpTreeReader reader = { source_name, error };
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  gsize bom;

  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  if (!_hp_tree_parse (&reader, parser, data + bom, length - bom, what))
    return NULL;
  if (!fill (&reader, json_parser_get_root (parser), "$", graph, fingerprint))
    return NULL;

  workflow_id = _hp_comfyui_workflow_id (fingerprint);
  hp_workflow_graph_set_id (graph, workflow_id);
  hp_workflow_graph_set_name (graph, "ComfyUI workflow");
  return g_steal_pointer (&profile);
}

/**
 * hp_comfyui_prompt_read:
 * @data: a ComfyUI API-format prompt ({node_id: {class_type, inputs, _meta}})
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Reads the workflow of an API-format prompt: a node per member (type
 * from class_type, title from _meta.title) and an edge per linked input
 * ([node_id, output_slot]). The profile has no runs and no positions.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR, the message naming the JSON path)
 */
HpProfile *
hp_comfyui_prompt_read (const char  *data,
                        gsize        length,
                        const char  *source_name,
                        GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_graph_only (data, length, source_name, N_("a ComfyUI API-format prompt"),
                          _hp_comfyui_prompt_fill, error);
}

/**
 * hp_comfyui_workflow_read:
 * @data: a ComfyUI editor workflow (LiteGraph JSON, schema 0.4 or 1)
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Reads the nodes (id, type, title, pos and size as arrays or
 * {"0","1"} objects), links (tuples or objects), groups and subgraph
 * names (definitions.subgraphs) of an editor workflow. The profile has no runs; merged with a profile of the same
 * workflow it supplies the positions.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR, the message naming the JSON path)
 */
HpProfile *
hp_comfyui_workflow_read (const char  *data,
                          gsize        length,
                          const char  *source_name,
                          GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_graph_only (data, length, source_name, N_("a ComfyUI editor workflow"),
                          _hp_comfyui_editor_fill, error);
}
