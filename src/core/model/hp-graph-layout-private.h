/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-graph-layout.h"

G_BEGIN_DECLS

/* Shared by hp-graph-layout.c (the boxed type), hp-graph-layering.c (the
 * layered layout) and hp-graph-grid-index.c (the spatial index) only. */

static inline gboolean
_hp_rects_meet (const HpRect *a,
                const HpRect *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

/* Layered layout over nodes 0 … n − 1 and edges from[e] → to[e]. */
gboolean _hp_graph_find_back_edges (guint           n,
                                    guint           m,
                                    const guint    *from,
                                    const guint    *to,
                                    gboolean       *back);
void     _hp_graph_layering_place  (guint           n,
                                    guint           m,
                                    const guint    *from,
                                    const guint    *to,
                                    const gboolean *back,
                                    guint          *layer,
                                    HpRect         *rects);

/* Uniform grid over @bounds; cell (cx, cy) lists, in increasing order, the
 * rectangles that meet it: cell_nodes[cell_start[c] .. cell_start[c + 1])
 * with c = cy × cols + cx. */
typedef struct
{
  guint   n_rects;
  HpRect  bounds;
  guint   cols;
  guint   rows;
  double  cell_width;
  double  cell_height;
  guint  *cell_start;
  guint  *cell_nodes;
} HpGraphGridIndex;

void     _hp_graph_grid_index_init     (HpGraphGridIndex       *grid,
                                        const HpRect           *rects,
                                        guint                   n,
                                        const HpRect           *bounds);
void     _hp_graph_grid_index_clear    (HpGraphGridIndex       *grid);
int      _hp_graph_grid_index_hit_test (const HpGraphGridIndex *grid,
                                        const HpRect           *rects,
                                        double                  x,
                                        double                  y);
GArray  *_hp_graph_grid_index_query    (const HpGraphGridIndex *grid,
                                        const HpRect           *rects,
                                        const HpRect           *area);

G_END_DECLS
