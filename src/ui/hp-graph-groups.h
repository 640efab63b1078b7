/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "hp-graph-canvas.h"
#include "hp-graph-scene.h"

G_BEGIN_DECLS

/* Groups on the workflow canvas: titled, rounded, translucent boxes drawn
 * behind the edges and nodes, and framing one in the view. */

/* Where @group sits in @layout, in graph units: the editor's box when the
 * layout uses the source's positions, otherwise the box around its nodes
 * (with room for the title). FALSE when none of its nodes is laid out. */
gboolean  hp_graph_groups_get_rect   (HpGraphLayout      *layout,
                                      HpGraphGroup       *group,
                                      HpRect             *rect);
/* Draws the groups (not subgraphs) of the scene's graph meeting @area
 * (graph units), outer groups first. Returns how many were drawn. */
guint     hp_graph_groups_draw       (const HpGraphScene *scene,
                                      cairo_t            *cr,
                                      const HpRect       *area);
/* Zooms and pans @canvas so that @rect (graph units) fills the view with
 * a margin (zoom at most 1:1). */
void      hp_graph_canvas_frame_rect (HpGraphCanvas      *canvas,
                                      const HpRect       *rect);

G_END_DECLS
