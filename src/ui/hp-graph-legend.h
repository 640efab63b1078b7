/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "hp-graph-scene.h"

G_BEGIN_DECLS

void hp_graph_legend_draw (const HpGraphScene *scene,
                           cairo_t            *cr,
                           int                 width,
                           int                 height);

G_END_DECLS
