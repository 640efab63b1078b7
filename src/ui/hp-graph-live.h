/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-graph-canvas.h"
#include "hp-graph-scene.h"

G_BEGIN_DECLS

/* hp-graph-live.c, the canvas's live layer; hp-graph-canvas.c only. */
void  _hp_graph_live_draw            (HpGraphCanvas      *self,
                                      const HpGraphScene *scene,
                                      cairo_t            *cr);
void  _hp_graph_live_stop            (HpGraphCanvas      *self);
char *hp_graph_live_format_progress  (double              value,
                                      double              max);

G_END_DECLS
