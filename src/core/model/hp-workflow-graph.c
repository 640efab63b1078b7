/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-workflow-graph.h"

struct _HpWorkflowGraph
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  GPtrArray  *nodes;     /* of HpGraphNode, in source order */
  GHashTable *by_id;     /* interned id → HpGraphNode */
  GArray     *edges;     /* of HpGraphEdge */
};

G_DEFINE_FINAL_TYPE (HpWorkflowGraph, hp_workflow_graph, G_TYPE_OBJECT)

G_DEFINE_QUARK (hp-workflow-graph-error-quark, hp_workflow_graph_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
graph_node_free (gpointer data)
{
  HpGraphNode *node = data;

  g_free (node->type);
  g_free (node->title);
  g_free (node);
}

static void
hp_workflow_graph_finalize (GObject *object)
{
  HpWorkflowGraph *self = HP_WORKFLOW_GRAPH (object);

  g_free (self->id);
  g_free (self->name);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->edges, g_array_unref);

  G_OBJECT_CLASS (hp_workflow_graph_parent_class)->finalize (object);
}

static void
hp_workflow_graph_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HpWorkflowGraph *self = HP_WORKFLOW_GRAPH (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_workflow_graph_class_init (HpWorkflowGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hp_workflow_graph_finalize;
  object_class->get_property = hp_workflow_graph_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hp_workflow_graph_init (HpWorkflowGraph *self)
{
  self->nodes = g_ptr_array_new_with_free_func (graph_node_free);
  self->by_id = g_hash_table_new (NULL, NULL);
  self->edges = g_array_new (FALSE, FALSE, sizeof (HpGraphEdge));
}

HpWorkflowGraph *
hp_workflow_graph_new (void)
{
  return g_object_new (HP_TYPE_WORKFLOW_GRAPH, NULL);
}

const char *
hp_workflow_graph_get_id (HpWorkflowGraph *self)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  return self->id;
}

void
hp_workflow_graph_set_id (HpWorkflowGraph *self,
                          const char      *id)
{
  g_return_if_fail (HP_IS_WORKFLOW_GRAPH (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
hp_workflow_graph_get_name (HpWorkflowGraph *self)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  return self->name;
}

void
hp_workflow_graph_set_name (HpWorkflowGraph *self,
                            const char      *name)
{
  g_return_if_fail (HP_IS_WORKFLOW_GRAPH (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * hp_workflow_graph_add_node:
 * @id: the node's id, unique in the graph
 * @type: (nullable): the node's type (ComfyUI class_type, …)
 * @title: (nullable): the title shown to people
 *
 * Returns: (transfer none) (nullable): the new node, or %NULL with
 *   %HP_WORKFLOW_GRAPH_ERROR_DUPLICATE_NODE when @id is taken
 */
HpGraphNode *
hp_workflow_graph_add_node (HpWorkflowGraph  *self,
                            const char       *id,
                            const char       *type,
                            const char       *title,
                            GError          **error)
{
  HpGraphNode *node;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (hp_workflow_graph_lookup_node (self, id) != NULL)
    {
      g_set_error (error, HP_WORKFLOW_GRAPH_ERROR, HP_WORKFLOW_GRAPH_ERROR_DUPLICATE_NODE,
                   "node id “%s” appears more than once", id);
      return NULL;
    }

  node = g_new0 (HpGraphNode, 1);
  node->id = g_intern_string (id);
  node->type = g_strdup (type);
  node->title = g_strdup (title);
  g_ptr_array_add (self->nodes, node);
  g_hash_table_insert (self->by_id, (gpointer) node->id, node);
  return node;
}

/**
 * hp_workflow_graph_lookup_node:
 *
 * Returns: (transfer none) (nullable): the node with that id
 */
HpGraphNode *
hp_workflow_graph_lookup_node (HpWorkflowGraph *self,
                               const char      *id)
{
  GQuark quark;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  quark = g_quark_try_string (id);
  if (quark == 0)
    return NULL;
  return g_hash_table_lookup (self->by_id, g_quark_to_string (quark));
}

guint
hp_workflow_graph_get_n_nodes (HpWorkflowGraph *self)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), 0);
  return self->nodes->len;
}

HpGraphNode *
hp_workflow_graph_get_node (HpWorkflowGraph *self,
                            guint            position)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  g_return_val_if_fail (position < self->nodes->len, NULL);
  return g_ptr_array_index (self->nodes, position);
}

void
hp_graph_node_set_position (HpGraphNode *node,
                            double       x,
                            double       y,
                            double       width,
                            double       height)
{
  g_return_if_fail (node != NULL);

  node->has_position = TRUE;
  node->x = x;
  node->y = y;
  node->width = width;
  node->height = height;
}

/**
 * hp_workflow_graph_add_edge:
 *
 * Links an output slot to an input slot. Both nodes must exist.
 *
 * Returns: %FALSE with %HP_WORKFLOW_GRAPH_ERROR_UNKNOWN_NODE otherwise
 */
gboolean
hp_workflow_graph_add_edge (HpWorkflowGraph  *self,
                            const char       *from_node,
                            int               from_slot,
                            const char       *to_node,
                            int               to_slot,
                            GError          **error)
{
  HpGraphNode *from;
  HpGraphNode *to;
  HpGraphEdge edge;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), FALSE);
  g_return_val_if_fail (from_node != NULL && to_node != NULL, FALSE);

  from = hp_workflow_graph_lookup_node (self, from_node);
  to = hp_workflow_graph_lookup_node (self, to_node);
  if (from == NULL || to == NULL)
    {
      g_set_error (error, HP_WORKFLOW_GRAPH_ERROR, HP_WORKFLOW_GRAPH_ERROR_UNKNOWN_NODE,
                   "edge %s → %s names an unknown node “%s”",
                   from_node, to_node, from == NULL ? from_node : to_node);
      return FALSE;
    }

  edge.from_node = from->id;
  edge.from_slot = from_slot;
  edge.to_node = to->id;
  edge.to_slot = to_slot;
  g_array_append_val (self->edges, edge);
  return TRUE;
}

guint
hp_workflow_graph_get_n_edges (HpWorkflowGraph *self)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), 0);
  return self->edges->len;
}

const HpGraphEdge *
hp_workflow_graph_get_edge (HpWorkflowGraph *self,
                            guint            position)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  g_return_val_if_fail (position < self->edges->len, NULL);
  return &g_array_index (self->edges, HpGraphEdge, position);
}

static gboolean
has_edge (HpWorkflowGraph   *self,
          const HpGraphEdge *edge)
{
  for (guint i = 0; i < self->edges->len; i++)
    {
      const HpGraphEdge *e = &g_array_index (self->edges, HpGraphEdge, i);

      if (e->from_node == edge->from_node && e->to_node == edge->to_node &&
          e->from_slot == edge->from_slot && e->to_slot == edge->to_slot)
        return TRUE;
    }
  return FALSE;
}

void
hp_workflow_graph_merge (HpWorkflowGraph *self,
                         HpWorkflowGraph *other)
{
  g_return_if_fail (HP_IS_WORKFLOW_GRAPH (self));
  g_return_if_fail (HP_IS_WORKFLOW_GRAPH (other));

  if (self->id == NULL)
    hp_workflow_graph_set_id (self, other->id);
  if (self->name == NULL)
    hp_workflow_graph_set_name (self, other->name);

  for (guint i = 0; i < other->nodes->len; i++)
    {
      HpGraphNode *theirs = g_ptr_array_index (other->nodes, i);
      HpGraphNode *ours = hp_workflow_graph_lookup_node (self, theirs->id);

      if (ours == NULL)
        ours = hp_workflow_graph_add_node (self, theirs->id, theirs->type, theirs->title, NULL);
      if (ours->type == NULL)
        ours->type = g_strdup (theirs->type);
      if (ours->title == NULL)
        ours->title = g_strdup (theirs->title);
      if (!ours->has_position && theirs->has_position)
        hp_graph_node_set_position (ours, theirs->x, theirs->y, theirs->width, theirs->height);
    }

  for (guint i = 0; i < other->edges->len; i++)
    {
      const HpGraphEdge *edge = &g_array_index (other->edges, HpGraphEdge, i);

      if (!has_edge (self, edge))
        g_array_append_val (self->edges, *edge);
    }
}
