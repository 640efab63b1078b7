/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-workflow-graph-private.h"

#include <string.h>

#include "hp-graph-layout.h"

/* Membership follows the ComfyUI frontend (LGraphGroup.recomputeInsideNodes):
 * a node belongs to a group when the centre of its box lies inside the
 * group's box, edges included, so a node straddling the border counts for
 * the group holding its centre; a group is nested in another that
 * contains its whole box. A node without a size has the size the layout
 * draws it with. Nodes without a position belong to no box. */

typedef struct {
  gboolean has_bounds;
  double   x, y, w, h;
} Box;

static gboolean
box_contains_box (const Box *outer,
                  const Box *inner)
{
  return outer->has_bounds && inner->has_bounds &&
         inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->w <= outer->x + outer->w &&
         inner->y + inner->h <= outer->y + outer->h;
}

static gboolean
node_inside (const HpGraphNode *node,
             const Box         *box)
{
  double w, h, cx, cy;

  if (!box->has_bounds || !node->has_position)
    return FALSE;
  w = node->width > 0 ? node->width : HP_GRAPH_LAYOUT_NODE_WIDTH;
  h = node->height > 0 ? node->height : HP_GRAPH_LAYOUT_NODE_HEIGHT;
  cx = node->x + w / 2;
  cy = node->y + h / 2;
  return cx >= box->x && cx <= box->x + box->w && cy >= box->y && cy <= box->y + box->h;
}

static gboolean
is_explicit_member (HpGraphGroup *group,
                    const char   *id)
{
  const char *interned = g_intern_string (id);

  for (guint k = 0; k < hp_graph_group_get_n_explicit_members (group); k++)
    if (hp_graph_group_get_explicit_member (group, k) == interned)
      return TRUE;
  return FALSE;
}

/* The parent of group @i: a group naming it as a member (NodeTool nests
 * Group nodes that way), else the smallest group wholly containing its
 * box; of two identical boxes the earlier one is the parent. */
static int
find_parent (GPtrArray *groups,
             const Box *boxes,
             guint      i)
{
  HpGraphGroup *group = g_ptr_array_index (groups, i);
  double best_area = G_MAXDOUBLE;
  int best = -1;

  for (guint j = 0; j < groups->len; j++)
    if (j != i && is_explicit_member (g_ptr_array_index (groups, j), hp_graph_group_get_id (group)))
      return j;

  for (guint j = 0; j < groups->len; j++)
    {
      double area_i = boxes[i].w * boxes[i].h;
      double area_j = boxes[j].w * boxes[j].h;

      if (j == i || !box_contains_box (&boxes[j], &boxes[i]))
        continue;
      if (area_j == area_i && j > i)
        continue;
      if (area_j < best_area || (area_j == best_area && (int) j > best))
        {
          best_area = area_j;
          best = j;
        }
    }
  return best;
}

static guint
depth_of (const int *parents,
          guint      n,
          guint      i)
{
  guint depth = 0;

  for (int p = parents[i]; p >= 0 && depth <= n; p = parents[p])
    depth++;
  return depth;
}

static int
compare_depth_desc (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const guint *depths = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;

  if (depths[ia] != depths[ib])
    return depths[ia] > depths[ib] ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

/* @set's ids in graph order, then those the graph lacks in @extra order. */
static GPtrArray *
ordered_ids (HpWorkflowGraph *graph,
             GHashTable      *set)
{
  GPtrArray *out = g_ptr_array_new ();
  g_autoptr(GHashTable) placed = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint k = 0; k < hp_workflow_graph_get_n_nodes (graph); k++)
    {
      const char *id = hp_workflow_graph_get_node (graph, k)->id;

      if (g_hash_table_contains (set, id))
        {
          g_ptr_array_add (out, (gpointer) id);
          g_hash_table_add (placed, (gpointer) id);
        }
    }
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (placed, key))
      g_ptr_array_add (out, key);
  /* Ids outside the graph: sorted, so the order does not depend on hashing. */
  if (out->len > g_hash_table_size (placed))
    {
      guint first = g_hash_table_size (placed);

      for (guint a = first + 1; a < out->len; a++)
        for (guint b = a; b > first && strcmp (out->pdata[b - 1], out->pdata[b]) > 0; b--)
          {
            gpointer tmp = out->pdata[b];

            out->pdata[b] = out->pdata[b - 1];
            out->pdata[b - 1] = tmp;
          }
    }
  return out;
}

void
_hp_workflow_graph_update_groups (HpWorkflowGraph *graph,
                                  GPtrArray       *groups)
{
  guint n = groups->len;
  g_autofree Box *boxes = g_new0 (Box, n);
  g_autofree int *parents = g_new (int, n);
  g_autofree guint *depths = g_new (guint, n);
  g_autofree guint *order = g_new (guint, n);
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);

  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      Box *b = &boxes[i];

      b->has_bounds = hp_graph_group_get_bounds (g_ptr_array_index (groups, i), &b->x, &b->y, &b->w, &b->h);
    }
  for (guint i = 0; i < n; i++)
    parents[i] = find_parent (groups, boxes, i);
  /* Explicit parents could name each other: a loop has no parent. */
  for (guint i = 0; i < n; i++)
    if (depth_of (parents, n, i) > n)
      parents[i] = -1;
  for (guint i = 0; i < n; i++)
    {
      depths[i] = depth_of (parents, n, i);
      order[i] = i;
    }
  g_qsort_with_data (order, n, sizeof (guint), compare_depth_desc, depths);

  for (guint i = 0; i < n; i++)
    {
      HpGraphGroup *group = g_ptr_array_index (groups, i);
      GHashTable *set = g_hash_table_new (NULL, NULL);

      if (hp_graph_group_has_explicit_members (group))
        for (guint k = 0; k < hp_graph_group_get_n_explicit_members (group); k++)
          g_hash_table_add (set, (gpointer) hp_graph_group_get_explicit_member (group, k));
      else
        for (guint k = 0; k < hp_workflow_graph_get_n_nodes (graph); k++)
          {
            const HpGraphNode *node = hp_workflow_graph_get_node (graph, k);

            if (node_inside (node, &boxes[i]))
              g_hash_table_add (set, (gpointer) node->id);
          }
      g_ptr_array_add (sets, set);
    }

  /* Deepest first: a group is complete before it is added to its parent. */
  for (guint k = 0; k < n; k++)
    {
      guint i = order[k];
      HpGraphGroup *group = g_ptr_array_index (groups, i);
      g_autoptr(GPtrArray) ids = NULL;
      GHashTableIter iter;
      gpointer key;

      if (parents[i] >= 0)
        {
          g_hash_table_iter_init (&iter, g_ptr_array_index (sets, i));
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_hash_table_add (g_ptr_array_index (sets, parents[i]), key);
        }
      /* A NodeTool Group node is not a member of itself. */
      g_hash_table_remove (g_ptr_array_index (sets, i), g_intern_string (hp_graph_group_get_id (group)));
      ids = ordered_ids (graph, g_ptr_array_index (sets, i));
      _hp_graph_group_set_nodes (group, ids);
      _hp_graph_group_set_parent_id (group, parents[i] >= 0 ?
                                     hp_graph_group_get_id (g_ptr_array_index (groups, parents[i])) : NULL);
    }
}

static HpGraphGroup *
find_subgraph (GPtrArray  *list,
               const char *path)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (hp_graph_group_get_id (g_ptr_array_index (list, i)), path) == 0)
      return g_ptr_array_index (list, i);
  return NULL;
}

void
_hp_workflow_graph_update_subgraphs (HpWorkflowGraph *graph,
                                     GPtrArray       *subgraphs,
                                     GHashTable      *titles)
{
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_object_unref);

  /* The same objects stay for the same paths: views may hold them. */
  for (guint i = 0; i < subgraphs->len; i++)
    g_ptr_array_add (old, g_object_ref (g_ptr_array_index (subgraphs, i)));
  g_ptr_array_set_size (subgraphs, 0);
  for (guint k = 0; k < hp_workflow_graph_get_n_nodes (graph); k++)
    {
      const char *id = hp_workflow_graph_get_node (graph, k)->id;

      for (const char *colon = strchr (id, ':'); colon != NULL; colon = strchr (colon + 1, ':'))
        {
          g_autofree char *path = g_strndup (id, colon - id);
          HpGraphGroup *subgraph;

          if (*path == '\0' || find_subgraph (subgraphs, path) != NULL)
            continue;
          subgraph = find_subgraph (old, path);
          g_ptr_array_add (subgraphs, subgraph != NULL ? g_object_ref (subgraph) :
                                      hp_graph_group_new (HP_GRAPH_GROUP_KIND_SUBGRAPH, path, NULL));
        }
    }

  for (guint i = 0; i < subgraphs->len; i++)
    {
      HpGraphGroup *subgraph = g_ptr_array_index (subgraphs, i);
      const char *path = hp_graph_group_get_id (subgraph);
      const char *title = g_hash_table_lookup (titles, path);
      const char *last_colon = strrchr (path, ':');
      gsize length = strlen (path);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      if (title == NULL)
        {
          HpGraphNode *host = hp_workflow_graph_lookup_node (graph, path);

          title = host != NULL ? host->title : NULL;
        }
      hp_graph_group_set_title (subgraph, title);
      if (last_colon != NULL)
        {
          g_autofree char *parent = g_strndup (path, last_colon - path);

          _hp_graph_group_set_parent_id (subgraph, parent);
        }
      else
        _hp_graph_group_set_parent_id (subgraph, NULL);

      for (guint k = 0; k < hp_workflow_graph_get_n_nodes (graph); k++)
        {
          const char *id = hp_workflow_graph_get_node (graph, k)->id;

          if (strncmp (id, path, length) == 0 && id[length] == ':')
            g_ptr_array_add (ids, (gpointer) id);
        }
      _hp_graph_group_set_nodes (subgraph, ids);
    }
}
