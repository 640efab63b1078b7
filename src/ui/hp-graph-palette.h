/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-heatmap.h"

G_BEGIN_DECLS

/* The colours the workflow graph is drawn in, read from a widget's style
 * (libadwaita's named colours) so that light and dark styles both work. */
typedef struct {
  GdkRGBA  fg;
  GdkRGBA  canvas_bg;     /* opaque */
  GdkRGBA  node_bg;       /* opaque, so edges do not show through nodes */
  GdkRGBA  popover_bg;    /* opaque: the legend and minimap panels */
  GdkRGBA  borders;
  GdkRGBA  accent;
  GdkRGBA  error;
  GdkRGBA  success_bg;    /* the heat fills: low or faster… */
  GdkRGBA  warning_bg;    /* …medium… */
  GdkRGBA  error_bg;      /* …high or slower */
  gboolean dark;
} HpGraphPalette;

void           hp_graph_palette_read        (HpGraphPalette       *palette,
                                             GtkWidget            *widget);

const GdkRGBA *hp_graph_palette_heat_color  (const HpGraphPalette *palette,
                                             HpHeatClass           heat_class);
guint          hp_graph_palette_heat_level  (HpHeatClass           heat_class);

GdkRGBA        hp_graph_palette_blend       (const GdkRGBA        *bottom,
                                             const GdkRGBA        *top);
void           hp_graph_palette_set_source  (cairo_t              *cr,
                                             const GdkRGBA        *color,
                                             double                alpha);

G_END_DECLS
