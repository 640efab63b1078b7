/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "hp-graph-scene.h"

G_BEGIN_DECLS

/* The band at the bottom of the view that the legend strip covers; zoom to
 * fit keeps nodes out of it. */
#define HP_GRAPH_LEGEND_BAND 48

void hp_graph_legend_draw (const HpGraphScene *scene,
                           cairo_t            *cr,
                           int                 width,
                           int                 height);

G_END_DECLS
