/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-workflow-graph.h"

#include "hp-workflow-graph-private.h"

#include <string.h>
#include <glib/gi18n.h>

struct _HpWorkflowGraph
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  GPtrArray  *nodes;     /* of HpGraphNode, in source order */
  GHashTable *by_id;     /* interned id → HpGraphNode */
  GArray     *edges;     /* of HpGraphEdge */

  GPtrArray  *groups;          /* of HpGraphGroup (kind group), as added */
  GPtrArray  *subgraphs;       /* of HpGraphGroup (kind subgraph), derived */
  GHashTable *subgraph_titles; /* path → title (owned) */
  gboolean    groups_dirty;
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

/* Frees a group the graph held: it no longer asks the graph for updates. */
static void
disown (gpointer data)
{
  _hp_graph_group_set_owner (data, NULL);
  g_object_unref (data);
}

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
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->subgraphs, g_ptr_array_unref);
  g_clear_pointer (&self->subgraph_titles, g_hash_table_unref);

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
  self->groups = g_ptr_array_new_with_free_func (disown);
  self->subgraphs = g_ptr_array_new_with_free_func (disown);
  self->subgraph_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
                   _("node id “%s” appears more than once"), id);
      return NULL;
    }

  node = g_new0 (HpGraphNode, 1);
  node->id = g_intern_string (id);
  node->type = g_strdup (type);
  node->title = g_strdup (title);
  g_ptr_array_add (self->nodes, node);
  g_hash_table_insert (self->by_id, (gpointer) node->id, node);
  self->groups_dirty = TRUE;
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
                   /* Translators: the edge's two node ids, then the unknown one */
                   _("edge %s → %s names an unknown node “%s”"),
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

  hp_workflow_graph_merge_groups (self, other);
  self->groups_dirty = TRUE;
}

/* ---- groups and subgraphs ----------------------------------------------- */

static void
ensure_groups (HpWorkflowGraph *self)
{
  if (!self->groups_dirty)
    return;
  self->groups_dirty = FALSE;
  _hp_workflow_graph_update_groups (self, self->groups);
  _hp_workflow_graph_update_subgraphs (self, self->subgraphs, self->subgraph_titles);
  for (guint i = 0; i < self->subgraphs->len; i++)
    _hp_graph_group_set_owner (g_ptr_array_index (self->subgraphs, i), self);
}

void
_hp_workflow_graph_ensure_groups (HpWorkflowGraph *self)
{
  ensure_groups (self);
}


/**
 * hp_workflow_graph_add_group:
 * @group: a group of kind %HP_GRAPH_GROUP_KIND_GROUP (subgraphs follow
 *   from the node ids)
 *
 * Adds @group (a reference is taken). Its nodes are those named with
 * hp_graph_group_add_member() when there are any, otherwise the
 * positioned nodes whose centre lies inside its box, edges included.
 *
 * Returns: %FALSE with %HP_WORKFLOW_GRAPH_ERROR_DUPLICATE_GROUP when a
 *   group with the same id is there already
 */
gboolean
hp_workflow_graph_add_group (HpWorkflowGraph  *self,
                             HpGraphGroup     *group,
                             GError          **error)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), FALSE);
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (group), FALSE);
  g_return_val_if_fail (hp_graph_group_get_kind (group) == HP_GRAPH_GROUP_KIND_GROUP, FALSE);

  for (guint i = 0; i < self->groups->len; i++)
    if (g_strcmp0 (hp_graph_group_get_id (g_ptr_array_index (self->groups, i)),
                   hp_graph_group_get_id (group)) == 0)
      {
        g_set_error (error, HP_WORKFLOW_GRAPH_ERROR, HP_WORKFLOW_GRAPH_ERROR_DUPLICATE_GROUP,
                     _("group id “%s” appears more than once"), hp_graph_group_get_id (group));
        return FALSE;
      }
  g_ptr_array_add (self->groups, g_object_ref (group));
  _hp_graph_group_set_owner (group, self);
  self->groups_dirty = TRUE;
  return TRUE;
}

guint
hp_workflow_graph_get_n_groups (HpWorkflowGraph *self)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), 0);

  ensure_groups (self);
  return self->groups->len + self->subgraphs->len;
}

/**
 * hp_workflow_graph_get_group:
 *
 * Returns: (transfer none): the group or subgraph at @position
 */
HpGraphGroup *
hp_workflow_graph_get_group (HpWorkflowGraph *self,
                             guint            position)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);

  ensure_groups (self);
  g_return_val_if_fail (position < self->groups->len + self->subgraphs->len, NULL);
  if (position < self->groups->len)
    return g_ptr_array_index (self->groups, position);
  return g_ptr_array_index (self->subgraphs, position - self->groups->len);
}

/**
 * hp_workflow_graph_lookup_group:
 *
 * Returns: (transfer none) (nullable): the group or subgraph with that id
 */
HpGraphGroup *
hp_workflow_graph_lookup_group (HpWorkflowGraph  *self,
                                HpGraphGroupKind  kind,
                                const char       *id)
{
  GPtrArray *list;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  ensure_groups (self);
  list = kind == HP_GRAPH_GROUP_KIND_SUBGRAPH ? self->subgraphs : self->groups;
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (hp_graph_group_get_id (g_ptr_array_index (list, i)), id) == 0)
      return g_ptr_array_index (list, i);
  return NULL;
}

/**
 * hp_workflow_graph_get_groups_of_node:
 *
 * Returns: (transfer container): the groups holding @node_id, innermost
 *   first, then its subgraphs, innermost first
 */
GPtrArray *
hp_workflow_graph_get_groups_of_node (HpWorkflowGraph *self,
                                      const char      *node_id)
{
  GPtrArray *out;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  ensure_groups (self);
  out = g_ptr_array_new ();
  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *list = pass == 0 ? self->groups : self->subgraphs;
      guint first = out->len;

      for (guint i = 0; i < list->len; i++)
        if (hp_graph_group_contains_node (g_ptr_array_index (list, i), node_id))
          g_ptr_array_add (out, g_ptr_array_index (list, i));
      /* Fewer nodes = further in (a child's nodes are part of its parent's). */
      for (guint i = first + 1; i < out->len; i++)
        for (guint j = i; j > first &&
             hp_graph_group_get_n_nodes (g_ptr_array_index (out, j - 1)) >
             hp_graph_group_get_n_nodes (g_ptr_array_index (out, j)); j--)
          {
            gpointer tmp = out->pdata[j];

            out->pdata[j] = out->pdata[j - 1];
            out->pdata[j - 1] = tmp;
          }
    }
  return out;
}

void
hp_workflow_graph_set_subgraph_title (HpWorkflowGraph *self,
                                      const char      *path,
                                      const char      *title)
{
  g_return_if_fail (HP_IS_WORKFLOW_GRAPH (self));
  g_return_if_fail (path != NULL);

  if (title == NULL)
    g_hash_table_remove (self->subgraph_titles, path);
  else
    g_hash_table_insert (self->subgraph_titles, g_strdup (path), g_strdup (title));
  self->groups_dirty = TRUE;
}

/**
 * hp_workflow_graph_get_subgraph_title:
 *
 * Returns: (nullable): the name set for subgraph @path, if any
 */
const char *
hp_workflow_graph_get_subgraph_title (HpWorkflowGraph *self,
                                      const char      *path)
{
  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  return g_hash_table_lookup (self->subgraph_titles, path);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
hp_workflow_graph_dup_subgraph_paths (HpWorkflowGraph *self)
{
  g_autofree const char **keys = NULL;
  GPtrArray *out;
  guint n;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->subgraph_titles, &n);
  out = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (out, g_strdup (keys[i]));
  g_ptr_array_sort (out, compare_paths);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

void
hp_workflow_graph_merge_groups (HpWorkflowGraph *self,
                                HpWorkflowGraph *other)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (HP_IS_WORKFLOW_GRAPH (self));
  g_return_if_fail (HP_IS_WORKFLOW_GRAPH (other));

  for (guint i = 0; i < other->groups->len; i++)
    {
      HpGraphGroup *group = g_ptr_array_index (other->groups, i);

      if (hp_workflow_graph_lookup_group (self, HP_GRAPH_GROUP_KIND_GROUP, hp_graph_group_get_id (group)) == NULL)
        {
          HpGraphGroup *copy = hp_graph_group_copy (group);

          _hp_graph_group_set_owner (copy, self);
          g_ptr_array_add (self->groups, copy);
        }
    }
  g_hash_table_iter_init (&iter, other->subgraph_titles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->subgraph_titles, key))
      g_hash_table_insert (self->subgraph_titles, g_strdup (key), g_strdup (value));
  self->groups_dirty = TRUE;
}
