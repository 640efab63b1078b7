/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-workflow-graph.h"

G_BEGIN_DECLS

/* Where each node of a workflow graph sits, in graph coordinates (the
 * editor's units: ComfyUI positions are pixels at zoom 1). Positions come
 * from the source when every node has one; otherwise a layered layout,
 * left to right, is computed (longest-path layers, crossings reduced).
 * Cycles do not loop: back edges are reported and drawn anyway. */

typedef struct {
  double x;
  double y;
  double width;
  double height;
} HpRect;

/* Size of every node in a computed layout, and of a source-positioned node
 * whose size is missing (0); gaps between columns and between nodes. */
#define HP_GRAPH_LAYOUT_NODE_WIDTH   240.0
#define HP_GRAPH_LAYOUT_NODE_HEIGHT   80.0
#define HP_GRAPH_LAYOUT_LAYER_GAP    120.0
#define HP_GRAPH_LAYOUT_NODE_GAP      40.0

/* An edge as a cubic Bézier from an output slot to an input slot. */
typedef struct {
  guint  from_index;   /* node positions in the layout */
  guint  to_index;
  double x0, y0;       /* start (on the source's right side) */
  double x1, y1;       /* control points */
  double x2, y2;
  double x3, y3;       /* end (on the target's left side) */
  gboolean back_edge;  /* part of a cycle: goes right to left */
} HpEdgePath;

#define HP_TYPE_GRAPH_LAYOUT (hp_graph_layout_get_type ())

typedef struct _HpGraphLayout HpGraphLayout;

GType              hp_graph_layout_get_type        (void) G_GNUC_CONST;
HpGraphLayout     *hp_graph_layout_compute         (HpWorkflowGraph *graph);
HpGraphLayout     *hp_graph_layout_ref             (HpGraphLayout   *self);
void               hp_graph_layout_unref           (HpGraphLayout   *self);

/* TRUE when the source's positions were used as they are. */
gboolean           hp_graph_layout_uses_source_positions (HpGraphLayout *self);
/* TRUE when the graph has a cycle (some edges are back edges). */
gboolean           hp_graph_layout_has_cycle       (HpGraphLayout   *self);

guint              hp_graph_layout_get_n_nodes     (HpGraphLayout   *self);
/* Interned node id at @index (same order as the graph's nodes). */
const char        *hp_graph_layout_get_node_id     (HpGraphLayout   *self,
                                                    guint            index);
const HpRect      *hp_graph_layout_get_node_rect   (HpGraphLayout   *self,
                                                    guint            index);
/* Index of @node_id, or -1. */
int                hp_graph_layout_find_node       (HpGraphLayout   *self,
                                                    const char      *node_id);
/* Layer (column) of each node in a computed layout; 0 for source positions. */
guint              hp_graph_layout_get_node_layer  (HpGraphLayout   *self,
                                                    guint            index);

guint              hp_graph_layout_get_n_edges     (HpGraphLayout   *self);
const HpEdgePath  *hp_graph_layout_get_edge        (HpGraphLayout   *self,
                                                    guint            index);

/* The box around every node. */
HpRect             hp_graph_layout_get_bounds      (HpGraphLayout   *self);

/* The topmost node containing the graph point (x, y), or -1. */
int                hp_graph_layout_hit_test        (HpGraphLayout   *self,
                                                    double           x,
                                                    double           y);
/* Nodes whose rectangle meets @area (for drawing only what is visible);
 * returns their indices in an array of guint. */
GArray            *hp_graph_layout_query_area      (HpGraphLayout   *self,
                                                    const HpRect    *area);
/* Edges whose curve may meet @area (its control polygon's box does);
 * returns their indices in an array of guint, in increasing order. */
GArray            *hp_graph_layout_query_edges     (HpGraphLayout   *self,
                                                    const HpRect    *area);
/* Where edges attach to input (@is_input) or output slot @slot of the node
 * at @index: on its left or right side, in graph coordinates. */
void               hp_graph_layout_get_slot_position (HpGraphLayout *self,
                                                      guint          index,
                                                      gboolean       is_input,
                                                      int            slot,
                                                      double        *x,
                                                      double        *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpGraphLayout, hp_graph_layout_unref)

/* Zoom and pan: view = graph × zoom + offset. Pure arithmetic, so hit
 * testing at any zoom can be tested without a display. */
typedef struct {
  double zoom;
  double offset_x;
  double offset_y;
} HpViewTransform;

void   hp_view_transform_to_graph (const HpViewTransform *t,
                                   double                 view_x,
                                   double                 view_y,
                                   double                *graph_x,
                                   double                *graph_y);
void   hp_view_transform_to_view  (const HpViewTransform *t,
                                   double                 graph_x,
                                   double                 graph_y,
                                   double                *view_x,
                                   double                *view_y);
/* The transform that shows all of @bounds centred in a view of the given
 * size with @margin pixels around, zoom clamped to [min_zoom, max_zoom]. */
HpViewTransform hp_view_transform_fit (const HpRect *bounds,
                                       double        view_width,
                                       double        view_height,
                                       double        margin,
                                       double        min_zoom,
                                       double        max_zoom);
/* Zooms by @factor keeping the graph point under (view_x, view_y) fixed. */
void   hp_view_transform_zoom_at  (HpViewTransform *t,
                                   double           factor,
                                   double           view_x,
                                   double           view_y,
                                   double           min_zoom,
                                   double           max_zoom);

G_END_DECLS
