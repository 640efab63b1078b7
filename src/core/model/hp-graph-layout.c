/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-layout-private.h"

#include <math.h>

/* The boxed type: hp_graph_layout_compute() takes the positions from the
 * source or from hp-graph-layering.c, then routes the edges and indexes
 * the nodes with hp-graph-grid-index.c. */

/* Edge attachment: slot @i sits SLOT_TOP + i × SLOT_STEP below the top of
 * its side, kept SLOT_BOTTOM_MARGIN above the bottom (or at mid-height for
 * nodes too short for that). */
#define SLOT_TOP            30.0
#define SLOT_STEP           20.0
#define SLOT_BOTTOM_MARGIN  10.0

/* Bézier control points leave rightwards and enter from the left by at
 * least this much, or half the horizontal distance. */
#define CURVE_MIN_OFFSET    60.0

struct _HpGraphLayout
{
  gatomicrefcount   ref_count;

  gboolean          uses_source_positions;
  gboolean          has_cycle;

  guint             n_nodes;
  const char      **ids;          /* interned */
  HpRect           *rects;
  guint            *layers;
  GHashTable       *index_by_id;  /* interned id → index + 1 */

  guint             n_edges;
  HpEdgePath       *edges;
  HpRect           *edge_boxes;   /* box around each edge's control points */

  HpRect            bounds;
  HpGraphGridIndex  grid;         /* over @rects */
};

G_DEFINE_BOXED_TYPE (HpGraphLayout, hp_graph_layout, hp_graph_layout_ref, hp_graph_layout_unref)

static double
slot_y (const HpRect *r,
        int           slot)
{
  double offset = SLOT_TOP + (double) MAX (slot, 0) * SLOT_STEP;
  double max_offset = MAX (r->height - SLOT_BOTTOM_MARGIN, r->height / 2);

  return r->y + MIN (offset, max_offset);
}

static gboolean
all_positioned (HpWorkflowGraph *graph)
{
  guint n = hp_workflow_graph_get_n_nodes (graph);

  if (n == 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      if (!node->has_position || !isfinite (node->x) || !isfinite (node->y) ||
          !isfinite (node->width) || !isfinite (node->height))
        return FALSE;
    }
  return TRUE;
}

static void
place_from_source (HpGraphLayout   *self,
                   HpWorkflowGraph *graph)
{
  for (guint i = 0; i < self->n_nodes; i++)
    {
      const HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      self->rects[i].x = node->x;
      self->rects[i].y = node->y;
      self->rects[i].width = node->width > 0 ? node->width : HP_GRAPH_LAYOUT_NODE_WIDTH;
      self->rects[i].height = node->height > 0 ? node->height : HP_GRAPH_LAYOUT_NODE_HEIGHT;
    }
}

static void
compute_bounds (HpGraphLayout *self)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  if (self->n_nodes == 0)
    return;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      const HpRect *r = &self->rects[i];

      x0 = MIN (x0, r->x);
      y0 = MIN (y0, r->y);
      x1 = MAX (x1, r->x + r->width);
      y1 = MAX (y1, r->y + r->height);
    }
  self->bounds.x = x0;
  self->bounds.y = y0;
  self->bounds.width = x1 - x0;
  self->bounds.height = y1 - y0;
}

static void
compute_edge_paths (HpGraphLayout   *self,
                    HpWorkflowGraph *graph,
                    const guint     *from,
                    const guint     *to,
                    const gboolean  *back)
{
  for (guint e = 0; e < self->n_edges; e++)
    {
      const HpGraphEdge *edge = hp_workflow_graph_get_edge (graph, e);
      HpEdgePath *p = &self->edges[e];
      HpRect *box = &self->edge_boxes[e];
      double offset;

      p->from_index = from[e];
      p->to_index = to[e];
      p->back_edge = back[e];
      hp_graph_layout_get_slot_position (self, from[e], FALSE, edge->from_slot, &p->x0, &p->y0);
      hp_graph_layout_get_slot_position (self, to[e], TRUE, edge->to_slot, &p->x3, &p->y3);
      offset = MAX (CURVE_MIN_OFFSET, fabs (p->x3 - p->x0) / 2);
      p->x1 = p->x0 + offset;
      p->y1 = p->y0;
      p->x2 = p->x3 - offset;
      p->y2 = p->y3;

      box->x = MIN (MIN (p->x0, p->x1), MIN (p->x2, p->x3));
      box->y = MIN (p->y0, p->y3);
      box->width = MAX (MAX (p->x0, p->x1), MAX (p->x2, p->x3)) - box->x;
      box->height = MAX (p->y0, p->y3) - box->y;
    }
}

/**
 * hp_graph_layout_compute:
 * @graph: a workflow graph
 *
 * Places every node of @graph: where the source put it when every node has
 * a position (a missing size becomes %HP_GRAPH_LAYOUT_NODE_WIDTH ×
 * %HP_GRAPH_LAYOUT_NODE_HEIGHT), otherwise in layers from left to right.
 * Back edges of cycles are found either way. The layout is a snapshot: it
 * does not follow later changes to @graph.
 *
 * Returns: (transfer full): the layout
 */
HpGraphLayout *
hp_graph_layout_compute (HpWorkflowGraph *graph)
{
  HpGraphLayout *self;
  guint n, m;
  g_autofree guint *from = NULL;
  g_autofree guint *to = NULL;
  g_autofree gboolean *back = NULL;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (graph), NULL);

  n = hp_workflow_graph_get_n_nodes (graph);
  m = hp_workflow_graph_get_n_edges (graph);

  self = g_new0 (HpGraphLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_nodes = n;
  self->n_edges = m;
  self->ids = g_new (const char *, MAX (n, 1));
  self->rects = g_new0 (HpRect, MAX (n, 1));
  self->layers = g_new0 (guint, MAX (n, 1));
  self->edges = g_new0 (HpEdgePath, MAX (m, 1));
  self->edge_boxes = g_new0 (HpRect, MAX (m, 1));
  self->index_by_id = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      const HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      self->ids[i] = node->id;
      g_hash_table_insert (self->index_by_id, (gpointer) node->id, GUINT_TO_POINTER (i + 1));
    }

  from = g_new (guint, MAX (m, 1));
  to = g_new (guint, MAX (m, 1));
  back = g_new0 (gboolean, MAX (m, 1));
  for (guint e = 0; e < m; e++)
    {
      const HpGraphEdge *edge = hp_workflow_graph_get_edge (graph, e);

      from[e] = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, edge->from_node)) - 1;
      to[e] = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, edge->to_node)) - 1;
      g_assert (from[e] < n && to[e] < n);
    }

  if (m > 0)
    self->has_cycle = _hp_graph_find_back_edges (n, m, from, to, back);

  if (all_positioned (graph))
    {
      self->uses_source_positions = TRUE;
      place_from_source (self, graph);
    }
  else if (n > 0)
    {
      _hp_graph_layering_place (n, m, from, to, back, self->layers, self->rects);
    }

  compute_bounds (self);
  compute_edge_paths (self, graph, from, to, back);
  _hp_graph_grid_index_init (&self->grid, self->rects, n, &self->bounds);

  return self;
}

HpGraphLayout *
hp_graph_layout_ref (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hp_graph_layout_unref (HpGraphLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->ids);
  g_free (self->rects);
  g_free (self->layers);
  g_hash_table_unref (self->index_by_id);
  g_free (self->edges);
  g_free (self->edge_boxes);
  _hp_graph_grid_index_clear (&self->grid);
  g_free (self);
}

/**
 * hp_graph_layout_uses_source_positions:
 *
 * Returns: %TRUE when every node has the source's position (never for an
 *   empty graph)
 */
gboolean
hp_graph_layout_uses_source_positions (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->uses_source_positions;
}

/**
 * hp_graph_layout_has_cycle:
 *
 * Returns: %TRUE when some edge closes a cycle (a self-loop included);
 *   those edges have #HpEdgePath.back_edge set
 */
gboolean
hp_graph_layout_has_cycle (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_cycle;
}

guint
hp_graph_layout_get_n_nodes (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_nodes;
}

const char *
hp_graph_layout_get_node_id (HpGraphLayout *self,
                             guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_nodes, NULL);
  return self->ids[index];
}

/**
 * hp_graph_layout_get_node_rect:
 *
 * Returns: (transfer none): the node's box in graph coordinates, valid as
 *   long as the layout
 */
const HpRect *
hp_graph_layout_get_node_rect (HpGraphLayout *self,
                               guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_nodes, NULL);
  return &self->rects[index];
}

int
hp_graph_layout_find_node (HpGraphLayout *self,
                           const char    *node_id)
{
  GQuark quark;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (node_id != NULL, -1);

  /* no quark: never interned, so no node has it (and do not intern it) */
  quark = g_quark_try_string (node_id);
  if (quark == 0)
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id,
                                                      g_quark_to_string (quark))) - 1;
}

guint
hp_graph_layout_get_node_layer (HpGraphLayout *self,
                                guint          index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->n_nodes, 0);
  return self->layers[index];
}

guint
hp_graph_layout_get_n_edges (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_edges;
}

/**
 * hp_graph_layout_get_edge:
 *
 * Returns: (transfer none): the curve of the graph's edge @index
 */
const HpEdgePath *
hp_graph_layout_get_edge (HpGraphLayout *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_edges, NULL);
  return &self->edges[index];
}

/**
 * hp_graph_layout_get_bounds:
 *
 * Returns: the smallest box around every node; all zero for an empty graph
 */
HpRect
hp_graph_layout_get_bounds (HpGraphLayout *self)
{
  HpRect empty = { 0, 0, 0, 0 };

  g_return_val_if_fail (self != NULL, empty);
  return self->bounds;
}

/**
 * hp_graph_layout_hit_test:
 * @x: graph x
 * @y: graph y
 *
 * A node's box includes its border. Where nodes overlap, the one drawn
 * last (the highest index) wins.
 *
 * Returns: the node's index, or -1
 */
int
hp_graph_layout_hit_test (HpGraphLayout *self,
                          double         x,
                          double         y)
{
  g_return_val_if_fail (self != NULL, -1);

  return _hp_graph_grid_index_hit_test (&self->grid, self->rects, x, y);
}

/**
 * hp_graph_layout_query_area:
 * @area: a box in graph coordinates
 *
 * Boxes that only touch @area count.
 *
 * Returns: (transfer full) (element-type guint): the indices of the nodes
 *   meeting @area, in increasing order (the order to draw them in)
 */
GArray *
hp_graph_layout_query_area (HpGraphLayout *self,
                            const HpRect  *area)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (area != NULL, NULL);

  return _hp_graph_grid_index_query (&self->grid, self->rects, area);
}

/**
 * hp_graph_layout_query_edges:
 * @area: a box in graph coordinates
 *
 * A quick, generous test: an edge is listed when the box around its
 * control points meets @area, so a few listed edges may miss it.
 *
 * Returns: (transfer full) (element-type guint): edge indices
 */
GArray *
hp_graph_layout_query_edges (HpGraphLayout *self,
                             const HpRect  *area)
{
  GArray *result;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (area != NULL, NULL);

  result = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint e = 0; e < self->n_edges; e++)
    if (_hp_rects_meet (&self->edge_boxes[e], area))
      g_array_append_val (result, e);
  return result;
}

/**
 * hp_graph_layout_get_slot_position:
 * @index: a node index
 * @is_input: %TRUE for an input slot (left side), %FALSE for an output
 *   slot (right side)
 * @slot: the slot number (negative counts as 0)
 * @x: (out): graph x
 * @y: (out): graph y
 *
 * Slot @slot sits 30 + 20 × @slot below the node's top, but no lower
 * than 10 above its bottom (mid-height for a node shorter than 20).
 */
void
hp_graph_layout_get_slot_position (HpGraphLayout *self,
                                   guint          index,
                                   gboolean       is_input,
                                   int            slot,
                                   double        *x,
                                   double        *y)
{
  const HpRect *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->n_nodes);
  g_return_if_fail (x != NULL && y != NULL);

  r = &self->rects[index];
  *x = is_input ? r->x : r->x + r->width;
  *y = slot_y (r, slot);
}
