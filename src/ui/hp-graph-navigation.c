/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-navigation.h"

#include <math.h>

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  HpGraphLayout *layout = user_data;
  const HpRect *ra = hp_graph_layout_get_node_rect (layout, *(const guint *) a);
  const HpRect *rb = hp_graph_layout_get_node_rect (layout, *(const guint *) b);

  if (ra->x != rb->x)
    return ra->x < rb->x ? -1 : 1;
  if (ra->y != rb->y)
    return ra->y < rb->y ? -1 : 1;
  return 0;
}

/**
 * hp_graph_navigation_reading_order:
 *
 * Returns: (transfer full): the indices of @layout's nodes column by
 *   column, top to bottom in each; free with g_free()
 */
guint *
hp_graph_navigation_reading_order (HpGraphLayout *layout)
{
  guint n;
  guint *order;

  g_return_val_if_fail (layout != NULL, NULL);

  n = hp_graph_layout_get_n_nodes (layout);
  order = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_reading_order, layout);
  return order;
}

/**
 * hp_graph_navigation_tab_step:
 * @reading_order: from hp_graph_navigation_reading_order()
 * @from: the selected node, or -1 to start at an end
 * @backward: Shift+Tab
 *
 * Returns: the node after (or before) @from in reading order; -1 past
 *   either end, where Tab leaves the graph
 */
int
hp_graph_navigation_tab_step (const guint *reading_order,
                              guint        n_nodes,
                              int          from,
                              gboolean     backward)
{
  int pos = -1;

  g_return_val_if_fail (reading_order != NULL || n_nodes == 0, -1);

  for (guint i = 0; from >= 0 && i < n_nodes; i++)
    if (reading_order[i] == (guint) from)
      pos = i;
  if (pos < 0)
    pos = backward ? (int) n_nodes : -1;
  pos += backward ? -1 : 1;
  if (pos < 0 || pos >= (int) n_nodes)
    return -1;
  return reading_order[pos];
}

/**
 * hp_graph_navigation_neighbour:
 * @from: a node
 * @dx: the direction, a unit vector (an arrow key's)
 *
 * Returns: the node nearest to @from in the direction (@dx, @dy),
 *   preferring nodes straight ahead over nodes off to the side; -1 when
 *   there is none
 */
int
hp_graph_navigation_neighbour (HpGraphLayout *layout,
                               int            from,
                               double         dx,
                               double         dy)
{
  const HpRect *r;
  double cx, cy;
  guint n;
  double best_score = INFINITY;
  int best = -1;

  g_return_val_if_fail (layout != NULL, -1);
  g_return_val_if_fail (from >= 0 && (guint) from < hp_graph_layout_get_n_nodes (layout), -1);

  r = hp_graph_layout_get_node_rect (layout, from);
  cx = r->x + r->width / 2;
  cy = r->y + r->height / 2;
  n = hp_graph_layout_get_n_nodes (layout);
  for (guint i = 0; i < n; i++)
    {
      const HpRect *o;
      double ox, oy, along, across, score;

      if ((int) i == from)
        continue;
      o = hp_graph_layout_get_node_rect (layout, i);
      ox = o->x + o->width / 2 - cx;
      oy = o->y + o->height / 2 - cy;
      along = ox * dx + oy * dy;
      across = fabs (ox * dy - oy * dx);
      if (along <= 1e-6)
        continue;
      score = along + 2.0 * across;
      if (score < best_score)
        {
          best_score = score;
          best = i;
        }
    }
  return best;
}

/**
 * hp_graph_navigation_nearest:
 * @x: a graph point
 *
 * Returns: the node whose centre is nearest to (@x, @y); -1 when the
 *   graph is empty
 */
int
hp_graph_navigation_nearest (HpGraphLayout *layout,
                             double         x,
                             double         y)
{
  double best_d = INFINITY;
  int best = -1;
  guint n;

  g_return_val_if_fail (layout != NULL, -1);

  n = hp_graph_layout_get_n_nodes (layout);
  for (guint i = 0; i < n; i++)
    {
      const HpRect *r = hp_graph_layout_get_node_rect (layout, i);
      double d = hypot (r->x + r->width / 2 - x, r->y + r->height / 2 - y);

      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
}
