/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "hp-graph-palette.h"
#include "hp-graph-scene.h"

G_BEGIN_DECLS

/* Between the view's edges and the legend and minimap panels, in pixels. */
#define HP_GRAPH_OVERLAY_MARGIN 12.0

/* The cairo drawing of the workflow graph: edges, nodes with their heat
 * fill, stripe, cached hatching, text and badges, and the hover and
 * selection outlines. */

void  hp_graph_painter_draw_graph      (const HpGraphScene   *scene,
                                        cairo_t              *cr,
                                        int                   width,
                                        int                   height,
                                        double                scale);
void  hp_graph_painter_draw_highlights (const HpGraphScene   *scene,
                                        cairo_t              *cr);

void  hp_graph_painter_draw_panel      (const HpGraphPalette *palette,
                                        cairo_t              *cr,
                                        double                x,
                                        double                y,
                                        double                width,
                                        double                height);
void  hp_graph_painter_rounded_rect    (cairo_t              *cr,
                                        double                x,
                                        double                y,
                                        double                width,
                                        double                height,
                                        double                radius);

char *hp_graph_painter_figure_text     (HpHeatmap            *heatmap,
                                        const HpHeatmapCell  *cell);

G_END_DECLS
