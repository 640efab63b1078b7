/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-critical-path.h"
#include "hp-graph-layout.h"
#include "hp-heatmap.h"
#include "hp-session.h"

G_BEGIN_DECLS

/* The workflow graph of a session's profile, drawn with its heatmap,
 * bottleneck badges and run status; zoom, pan, selection shared with the
 * session, jump-to-node, keyboard navigation and a minimap.
 *
 * Actions: canvas.zoom-in (+), canvas.zoom-out (−), canvas.zoom-fit
 * (Ctrl+0, F), canvas.zoom-reset (1), canvas.activate-node (Enter). */
#define HP_TYPE_GRAPH_CANVAS (hp_graph_canvas_get_type ())
G_DECLARE_FINAL_TYPE (HpGraphCanvas, hp_graph_canvas, HP, GRAPH_CANVAS, GtkWidget)

#define HP_GRAPH_CANVAS_MIN_ZOOM 0.05
#define HP_GRAPH_CANVAS_MAX_ZOOM 4.0

GtkWidget       *hp_graph_canvas_new                (void);

HpSession       *hp_graph_canvas_get_session        (HpGraphCanvas         *self);
void             hp_graph_canvas_set_session        (HpGraphCanvas         *self,
                                                     HpSession             *session);

HpHeatmapMode    hp_graph_canvas_get_heatmap_mode   (HpGraphCanvas         *self);
void             hp_graph_canvas_set_heatmap_mode   (HpGraphCanvas         *self,
                                                     HpHeatmapMode          mode);

double           hp_graph_canvas_get_zoom           (HpGraphCanvas         *self);
/* Zooms around the centre of the view. */
void             hp_graph_canvas_set_zoom           (HpGraphCanvas         *self,
                                                     double                 zoom);
void             hp_graph_canvas_zoom_in            (HpGraphCanvas         *self);
void             hp_graph_canvas_zoom_out           (HpGraphCanvas         *self);
void             hp_graph_canvas_zoom_to_fit        (HpGraphCanvas         *self);
/* 1:1, around the centre of the view. */
void             hp_graph_canvas_zoom_reset         (HpGraphCanvas         *self);

HpViewTransform  hp_graph_canvas_get_transform      (HpGraphCanvas         *self);
void             hp_graph_canvas_set_transform      (HpGraphCanvas         *self,
                                                     const HpViewTransform *transform);

/* Brings @node_id to the centre of the view (in about 250 ms when
 * @animate). Does not change the selection. */
void             hp_graph_canvas_center_on_node     (HpGraphCanvas         *self,
                                                     const char            *node_id,
                                                     gboolean               animate);

/* Highlights the critical path of the session's selected run. */
gboolean         hp_graph_canvas_get_show_critical_path (HpGraphCanvas     *self);
void             hp_graph_canvas_set_show_critical_path (HpGraphCanvas     *self,
                                                         gboolean           show);
/* (transfer none) (nullable): the path highlighted: NULL when not shown,
 * without a selected run, or when the graph has a cycle */
HpCriticalPath  *hp_graph_canvas_get_critical_path  (HpGraphCanvas         *self);

/* Live runs (hp-graph-live.c): the node running in the selected run,
 * its progress, and the call that redraws them as the run moves on. */
const char      *hp_graph_canvas_get_live_node_id   (HpGraphCanvas         *self);
gboolean         hp_graph_canvas_get_live_progress  (HpGraphCanvas         *self,
                                                     double                *value,
                                                     double                *max);
void             hp_graph_canvas_live_changed       (HpGraphCanvas         *self);

/* (transfer none) (nullable): the layout drawn, NULL without a session */
HpGraphLayout   *hp_graph_canvas_get_layout         (HpGraphCanvas         *self);
/* (transfer none) (nullable): the colours drawn */
HpHeatmap       *hp_graph_canvas_get_heatmap        (HpGraphCanvas         *self);

/* Draws what the widget shows, as it would at @width × @height, into @cr
 * (the snapshot uses it; so do the benchmark and tests). */
void             hp_graph_canvas_draw               (HpGraphCanvas         *self,
                                                     cairo_t               *cr,
                                                     int                    width,
                                                     int                    height);

G_END_DECLS
