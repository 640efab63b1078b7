/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-graph-canvas.h"
#include "hp-graph-minimap.h"
#include "hp-graph-palette.h"

G_BEGIN_DECLS

/* Shared by hp-graph-canvas.c (the widget and its model),
 * hp-graph-canvas-view.c (zoom, pan, animation, tooltip),
 * hp-graph-canvas-input.c (pointer, keys and actions) and the canvas's
 * other parts (hp-graph-live.c, hp-graph-groups.c) only. */

/* One step of the zoom keys, buttons and mouse wheel. */
#define HP_GRAPH_CANVAS_ZOOM_STEP 1.25

struct _HpGraphCanvas
{
  GtkWidget              parent_instance;

  HpSession             *session;
  GSignalGroup          *session_signals;
  GSignalGroup          *profile_signals;

  HpGraphLayout         *layout;
  guint                  graph_n_nodes;    /* the graph the layout was made for */
  guint                  graph_n_edges;
  guint                 *tab_order;        /* layout indices, reading order */
  HpHeatmap             *heatmap;
  const HpHeatmapCell  **cells;            /* per layout index, nullable */
  HpHeatmapMode          mode;
  gboolean               show_critical_path;
  HpCriticalPath        *critical_path;    /* of the selected run, when shown */

  HpViewTransform        transform;
  gboolean               fitted;           /* refit on resize until the user moves */
  char                  *pending_center;   /* centre once allocated */
  int                    last_width;
  int                    last_height;

  GskRenderNode         *cache;            /* the static layer: edges and nodes */
  HpViewTransform        cache_transform;
  int                    cache_width;
  int                    cache_height;
  HpGraphMinimap         minimap;

  HpGraphPalette         palette;
  gboolean               palette_valid;

  int                    hover_index;
  gboolean               pointer_inside;
  double                 pointer_x;
  double                 pointer_y;

  gboolean               drag_minimap;
  gboolean               drag_panning;
  double                 drag_offset_x;
  double                 drag_offset_y;
  double                 pinch_zoom;

  guint                  tick_id;
  gint64                 anim_start_us;
  double                 anim_from_zoom;
  double                 anim_to_zoom;
  double                 anim_from_cx;     /* graph point at the view centre */
  double                 anim_from_cy;
  double                 anim_to_cx;
  double                 anim_to_cy;

  guint                  live_tick_id;     /* hp-graph-live.c: the pulse */
  gint64                 live_epoch_us;
};

/* hp-graph-canvas.c */
int             _hp_graph_canvas_get_selected_index (HpGraphCanvas         *self);
/* The node at view point (@x, @y), or -1. */
int             _hp_graph_canvas_hit_test           (HpGraphCanvas         *self,
                                                     double                 x,
                                                     double                 y);
/* Emits node-activated for node @index (nothing for -1). */
void            _hp_graph_canvas_activate_index     (HpGraphCanvas         *self,
                                                     int                    index);
/* Notifies :zoom, whose pspec lives in hp-graph-canvas.c. */
void            _hp_graph_canvas_notify_zoom        (HpGraphCanvas         *self);

/* hp-graph-canvas-view.c */
/* @by_user: the user moved the view, so it no longer follows resizes. */
void            _hp_graph_canvas_apply_transform    (HpGraphCanvas         *self,
                                                     const HpViewTransform *transform,
                                                     gboolean               by_user);
/* The transform that puts graph point (@gx, @gy) at the view centre. */
HpViewTransform _hp_graph_canvas_centered_transform (HpGraphCanvas         *self,
                                                     double                 gx,
                                                     double                 gy,
                                                     double                 zoom);
void            _hp_graph_canvas_stop_animation     (HpGraphCanvas         *self);
void            _hp_graph_canvas_zoom_around        (HpGraphCanvas         *self,
                                                     double                 factor,
                                                     double                 view_x,
                                                     double                 view_y);
/* Around the pointer when it is over the canvas, else the centre. */
void            _hp_graph_canvas_zoom_by            (HpGraphCanvas         *self,
                                                     double                 factor);
/* The node tooltip: the node under the pointer, or the selected one. */
gboolean        _hp_graph_canvas_query_tooltip_cb   (HpGraphCanvas         *self,
                                                     int                    x,
                                                     int                    y,
                                                     gboolean               keyboard_mode,
                                                     GtkTooltip            *tooltip);

/* hp-graph-canvas-input.c: the canvas.* actions and their keys. */
void            _hp_graph_canvas_class_input_init   (GtkWidgetClass        *widget_class);
/* Gestures, scrolling, pointer motion and keyboard navigation. */
void            _hp_graph_canvas_input_init         (HpGraphCanvas         *self);

G_END_DECLS
