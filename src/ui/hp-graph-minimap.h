/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "hp-graph-scene.h"

G_BEGIN_DECLS

/* The overview in the bottom right corner of the view, shown while the
 * graph does not fit: every node as a dot of its heat colour and the part
 * of the graph in view; clicking or dragging in it moves the view. */

/* Where the minimap is in a view. */
typedef struct {
  double x, y, width, height;   /* its drawing area, in view pixels */
  double scale;                 /* view pixels per graph unit */
  HpRect bounds;                /* the graph's */
} HpGraphMinimapArea;

/* Its nodes, drawn once per model and style: only the viewport moves. */
typedef struct {
  cairo_surface_t *nodes;       /* NULL when stale */
  double           nodes_scale;
} HpGraphMinimap;

gboolean hp_graph_minimap_area_compute  (HpGraphLayout            *layout,
                                         const HpViewTransform    *transform,
                                         int                       width,
                                         int                       height,
                                         HpGraphMinimapArea       *out);
gboolean hp_graph_minimap_area_contains (const HpGraphMinimapArea *area,
                                         double                    x,
                                         double                    y);
void     hp_graph_minimap_area_to_graph (const HpGraphMinimapArea *area,
                                         double                    x,
                                         double                    y,
                                         double                   *graph_x,
                                         double                   *graph_y);

void     hp_graph_minimap_draw          (HpGraphMinimap           *self,
                                         const HpGraphScene       *scene,
                                         cairo_t                  *cr,
                                         int                       width,
                                         int                       height,
                                         double                    scale);
void     hp_graph_minimap_invalidate    (HpGraphMinimap           *self);

G_END_DECLS
