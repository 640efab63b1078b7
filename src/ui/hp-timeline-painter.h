/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "hp-graph-palette.h"
#include "hp-heatmap.h"
#include "hp-timeline.h"

G_BEGIN_DECLS

/* Between a row's edges and its bars, in pixels. */
#define HP_TIMELINE_BAR_INSET 5.0

/* What one frame of the timeline shows: plain inputs, nothing owned, so
 * the widget and the tests draw the same. The plot (bars and axis) spans
 * x ∈ [@gutter_width, @gutter_width + @plot_width); rows start below the
 * axis, at @header_height, scrolled up by @scroll_y. */
typedef struct {
  HpTimeline           *timeline;       /* nullable: nothing to draw */
  HpHeatmap            *heatmap;        /* nullable: bars without heat */
  const HpGraphPalette *palette;
  PangoContext         *pango_context;
  HpTimelineAxis        axis;
  double                gutter_width;
  double                plot_width;
  double                header_height;
  double                row_height;
  double                scroll_y;
  int                   selected_row;   /* or -1 */
  int                   hover_row;      /* or -1 */
  int                   hover_bar;      /* or -1 */
  const char           *empty_title;    /* non-NULL: the empty state instead */
  const char           *empty_detail;
} HpTimelineScene;

void  hp_timeline_painter_draw       (const HpTimelineScene *scene,
                                      cairo_t               *cr,
                                      int                    width,
                                      int                    height);

/* The fill of a bar of @node_id: its heat colour, as on the canvas, or
 * the neutral grey. */
GdkRGBA hp_timeline_painter_bar_color (const HpTimelineScene *scene,
                                       const char            *node_id);

G_END_DECLS
