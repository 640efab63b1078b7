/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

#include "hp-critical-path.h"
#include "hp-graph-layout.h"
#include "hp-graph-palette.h"
#include "hp-heatmap.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* What one frame of the workflow graph shows: plain inputs, no widget, so
 * the painter, legend and minimap draw the same for the canvas, the
 * benchmark and the tests. Nothing in it is owned. */
typedef struct {
  HpGraphLayout          *layout;         /* nullable: nothing to draw */
  HpProfile              *profile;        /* node titles and types, the latest run */
  HpHeatmap              *heatmap;        /* nullable */
  const HpHeatmapCell   **cells;          /* per layout index, nullable */
  const HpGraphPalette   *palette;
  PangoContext           *pango_context;  /* fonts for text */
  HpViewTransform         transform;
  int                     selected;       /* layout index, or -1 */
  int                     hover;          /* layout index, or -1 */
  gboolean                show_critical_path;
  HpCriticalPath         *critical_path;  /* nullable: off, no run or a cycle */
} HpGraphScene;

const HpHeatmapCell *hp_graph_scene_get_cell      (const HpGraphScene    *scene,
                                                   int                    index);
gboolean             hp_graph_scene_has_run       (const HpGraphScene    *scene);

HpRect               hp_graph_scene_rect_to_view  (const HpViewTransform *transform,
                                                   const HpRect          *rect);
HpRect               hp_graph_scene_visible_area  (const HpViewTransform *transform,
                                                   int                    width,
                                                   int                    height,
                                                   double                 pad_px);

G_END_DECLS
