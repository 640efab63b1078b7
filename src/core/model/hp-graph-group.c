/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-group.h"

#include "hp-workflow-graph-private.h"

struct _HpGraphGroup
{
  GObject           parent_instance;

  HpGraphGroupKind  kind;
  char             *id;
  char             *title;
  char             *color;
  gboolean          has_bounds;
  double            x, y, width, height;
  GPtrArray        *explicit_members;  /* interned ids, or NULL */
  const char       *parent_id;         /* interned, or NULL */
  GPtrArray        *nodes;             /* interned ids */
  GHashTable       *node_set;          /* interned id set, built on demand */
  HpWorkflowGraph  *owner;             /* the graph holding it, not referenced */
};

G_DEFINE_FINAL_TYPE (HpGraphGroup, hp_graph_group, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_N_NODES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hp_graph_group_finalize (GObject *object)
{
  HpGraphGroup *self = HP_GRAPH_GROUP (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->color);
  g_clear_pointer (&self->explicit_members, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->node_set, g_hash_table_unref);

  G_OBJECT_CLASS (hp_graph_group_parent_class)->finalize (object);
}

static void
hp_graph_group_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HpGraphGroup *self = HP_GRAPH_GROUP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_N_NODES:
      g_value_set_uint (value, self->nodes->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_graph_group_class_init (HpGraphGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hp_graph_group_finalize;
  object_class->get_property = hp_graph_group_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_NODES] =
    g_param_spec_uint ("n-nodes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hp_graph_group_init (HpGraphGroup *self)
{
  self->nodes = g_ptr_array_new ();
}

/**
 * hp_graph_group_new:
 * @id: unique among the graph's groups of @kind (a subgraph's id is its
 *   node path, "12" or "12:5")
 * @title: (nullable): the title shown; NULL shows the id
 *
 * Returns: (transfer full): a group with no box, colour or nodes yet
 */
HpGraphGroup *
hp_graph_group_new (HpGraphGroupKind  kind,
                    const char       *id,
                    const char       *title)
{
  HpGraphGroup *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (HP_TYPE_GRAPH_GROUP, NULL);
  self->kind = kind;
  self->id = g_strdup (id);
  self->title = g_strdup (title);
  return self;
}

/**
 * hp_graph_group_copy:
 *
 * Returns: (transfer full): a group of the same kind, id, title, box,
 *   colour and explicit members, for another graph
 */
HpGraphGroup *
hp_graph_group_copy (HpGraphGroup *self)
{
  HpGraphGroup *copy;

  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), NULL);

  copy = hp_graph_group_new (self->kind, self->id, self->title);
  copy->color = g_strdup (self->color);
  copy->has_bounds = self->has_bounds;
  copy->x = self->x;
  copy->y = self->y;
  copy->width = self->width;
  copy->height = self->height;
  if (self->explicit_members != NULL)
    copy->explicit_members = g_ptr_array_copy (self->explicit_members, NULL, NULL);
  return copy;
}

HpGraphGroupKind
hp_graph_group_get_kind (HpGraphGroup *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), HP_GRAPH_GROUP_KIND_GROUP);
  return self->kind;
}

/**
 * hp_graph_group_kind_to_string:
 *
 * Returns: "group" or "subgraph", the names files and reports use
 */
const char *
hp_graph_group_kind_to_string (HpGraphGroupKind kind)
{
  return kind == HP_GRAPH_GROUP_KIND_SUBGRAPH ? "subgraph" : "group";
}

const char *
hp_graph_group_get_id (HpGraphGroup *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), NULL);
  return self->id;
}

/**
 * hp_graph_group_get_title:
 *
 * Returns: the title, or the id when the source gave none
 */
const char *
hp_graph_group_get_title (HpGraphGroup *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), NULL);
  return self->title != NULL ? self->title : self->id;
}

void
hp_graph_group_set_title (HpGraphGroup *self,
                          const char   *title)
{
  g_return_if_fail (HP_IS_GRAPH_GROUP (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
hp_graph_group_get_bounds (HpGraphGroup *self,
                           double       *x,
                           double       *y,
                           double       *width,
                           double       *height)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), FALSE);

  if (x != NULL)
    *x = self->x;
  if (y != NULL)
    *y = self->y;
  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
  return self->has_bounds;
}

void
hp_graph_group_set_bounds (HpGraphGroup *self,
                           double        x,
                           double        y,
                           double        width,
                           double        height)
{
  g_return_if_fail (HP_IS_GRAPH_GROUP (self));
  g_return_if_fail (width >= 0 && height >= 0);

  self->has_bounds = TRUE;
  self->x = x;
  self->y = y;
  self->width = width;
  self->height = height;
}

const char *
hp_graph_group_get_color (HpGraphGroup *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), NULL);
  return self->color;
}

void
hp_graph_group_set_color (HpGraphGroup *self,
                          const char   *color)
{
  g_return_if_fail (HP_IS_GRAPH_GROUP (self));

  g_free (self->color);
  self->color = g_strdup (color);
}

/**
 * hp_graph_group_add_member:
 *
 * Names @node_id as a member (NodeTool's parent_id). A group with
 * explicit members ignores geometry: only they and the members of its
 * nested groups are its nodes.
 */
void
hp_graph_group_add_member (HpGraphGroup *self,
                           const char   *node_id)
{
  const char *interned;

  g_return_if_fail (HP_IS_GRAPH_GROUP (self));
  g_return_if_fail (node_id != NULL);

  if (self->explicit_members == NULL)
    self->explicit_members = g_ptr_array_new ();
  interned = g_intern_string (node_id);
  for (guint i = 0; i < self->explicit_members->len; i++)
    if (g_ptr_array_index (self->explicit_members, i) == interned)
      return;
  g_ptr_array_add (self->explicit_members, (gpointer) interned);
}

gboolean
hp_graph_group_has_explicit_members (HpGraphGroup *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), FALSE);
  return self->explicit_members != NULL;
}

guint
hp_graph_group_get_n_explicit_members (HpGraphGroup *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), 0);
  return self->explicit_members != NULL ? self->explicit_members->len : 0;
}

const char *
hp_graph_group_get_explicit_member (HpGraphGroup *self,
                                    guint         position)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), NULL);
  g_return_val_if_fail (self->explicit_members != NULL && position < self->explicit_members->len, NULL);
  return g_ptr_array_index (self->explicit_members, position);
}

static inline void
ensure (HpGraphGroup *self)
{
  if (self->owner != NULL)
    _hp_workflow_graph_ensure_groups (self->owner);
}

const char *
hp_graph_group_get_parent_id (HpGraphGroup *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), NULL);
  ensure (self);
  return self->parent_id;
}

guint
hp_graph_group_get_n_nodes (HpGraphGroup *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), 0);
  ensure (self);
  return self->nodes->len;
}

const char *
hp_graph_group_get_node (HpGraphGroup *self,
                         guint         position)
{
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), NULL);
  ensure (self);
  g_return_val_if_fail (position < self->nodes->len, NULL);
  return g_ptr_array_index (self->nodes, position);
}

gboolean
hp_graph_group_contains_node (HpGraphGroup *self,
                              const char   *node_id)
{
  const char *interned;

  g_return_val_if_fail (HP_IS_GRAPH_GROUP (self), FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);

  interned = g_intern_string (node_id);
  ensure (self);
  if (self->node_set == NULL)
    {
      self->node_set = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < self->nodes->len; i++)
        g_hash_table_add (self->node_set, g_ptr_array_index (self->nodes, i));
    }
  return g_hash_table_contains (self->node_set, interned);
}

void
_hp_graph_group_set_owner (HpGraphGroup *self,
                           gpointer      owner)
{
  self->owner = owner;
}

void
_hp_graph_group_set_parent_id (HpGraphGroup *self,
                               const char   *parent_id)
{
  self->parent_id = parent_id != NULL ? g_intern_string (parent_id) : NULL;
}

/* Takes the interned ids of @node_ids (copied). */
void
_hp_graph_group_set_nodes (HpGraphGroup *self,
                           GPtrArray    *node_ids)
{
  guint old = self->nodes->len;

  g_ptr_array_set_size (self->nodes, 0);
  for (guint i = 0; i < node_ids->len; i++)
    g_ptr_array_add (self->nodes, g_ptr_array_index (node_ids, i));
  g_clear_pointer (&self->node_set, g_hash_table_unref);
  if (old != self->nodes->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NODES]);
}
