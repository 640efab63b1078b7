/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "hp-graph-painter.h"

G_BEGIN_DECLS

/* Shared by hp-graph-painter.c (edges, critical path, frames) and
 * hp-graph-painter-nodes.c (the nodes) only. */

/* Below this many pixels on screen a node has no text; below SIMPLE_PX
 * nodes are plain rectangles filled a colour at a time. */
#define TEXT_MIN_PX        40.0
#define TEXT_MIN_HEIGHT_PX 12.0   /* flat nodes get their title alone */
#define SIMPLE_PX          10.0

/* What drawing the nodes of one frame needs, made once per frame. */
typedef struct {
  PangoLayout          *layout;
  PangoFontDescription *title_font;
  PangoFontDescription *detail_font;
  double                title_px;
  double                detail_px;
  cairo_pattern_t      *hatch;         /* cached nodes */
  cairo_pattern_t      *hatch_dimmed;
} HpGraphPaint;

/* hp-graph-painter-nodes.c */
void _hp_graph_painter_paint_init        (HpGraphPaint       *ts,
                                          const HpGraphScene *scene,
                                          double              scale);
void _hp_graph_painter_paint_clear       (HpGraphPaint       *ts);
/* One node in full; @ts NULL draws it without text or hatching. */
void _hp_graph_painter_draw_node         (const HpGraphScene *scene,
                                          cairo_t            *cr,
                                          HpGraphPaint       *ts,
                                          guint               index);
/* Nodes too small to read: rectangles, one fill per colour. */
void _hp_graph_painter_draw_nodes_simple (const HpGraphScene *scene,
                                          cairo_t            *cr,
                                          PangoLayout        *layout,
                                          GArray             *visible);

G_END_DECLS
