/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-graph-palette.h"
#include "hp-coalesce.h"
#include "hp-timeline-view.h"

G_BEGIN_DECLS

/* Geometry, in pixels. */
#define HP_TIMELINE_HEADER_HEIGHT  36.0
#define HP_TIMELINE_ROW_HEIGHT     24.0
#define HP_TIMELINE_GUTTER_MAX     220.0
#define HP_TIMELINE_GUTTER_MIN     100.0
#define HP_TIMELINE_FIT_PAD        16.0   /* beside the fitted run */
#define HP_TIMELINE_ZOOM_STEP      1.25
#define HP_TIMELINE_MAX_PX_PER_US  0.5    /* 2 µs a pixel */
#define HP_TIMELINE_MARKER_SLOP_PX 7.0

struct _HpTimelineView
{
  GtkWidget       parent_instance;

  HpSession      *session;
  GSignalGroup   *session_signals;
  GSignalGroup   *profile_signals;
  HpCoalesce     *coalesce;        /* profile changes not yet shown */
  HpHeatmapMode   mode;
  HpTimeline     *timeline;        /* nullable: no run */
  HpHeatmap      *heatmap;         /* nullable */
  HpGraphPalette  palette;
  gboolean        palette_valid;

  HpTimelineAxis  axis;
  double          fit_px_per_us;
  gboolean        fitted;          /* follow the width until the user zooms */
  gboolean        reveal_pending;  /* bring the selection in when allocated */
  GtkAdjustment  *vadjustment;     /* rows scroll */
  GtkWidget      *zoom_box;
  GtkWidget      *scrollbar;

  int             hover_row;
  int             hover_bar;
  gboolean        pointer_inside;
  double          pointer_x;
  double          pointer_y;
  gboolean        drag_panning;
  double          drag_start_us;
  double          drag_scroll_y;
  double          pinch_px_per_us;
};

/* The view's layout: the label gutter's width and the plot's. */
double   _hp_timeline_view_gutter_width (HpTimelineView *self);
double   _hp_timeline_view_plot_width   (HpTimelineView *self);
double   _hp_timeline_view_scroll_y     (HpTimelineView *self);
int      _hp_timeline_view_selected_row (HpTimelineView *self);

/* Whether there is a chart (a run with per-node times) to draw. */
gboolean _hp_timeline_view_has_chart    (HpTimelineView *self);

/* Applies @axis (clamped), as the user's view when @by_user. */
void     _hp_timeline_view_set_axis     (HpTimelineView       *self,
                                         const HpTimelineAxis *axis,
                                         gboolean              by_user);
void     _hp_timeline_view_zoom_at      (HpTimelineView *self,
                                         double          factor,
                                         double          plot_x);
/* Around the pointer when it is over the plot, else the middle. */
void     _hp_timeline_view_zoom_by      (HpTimelineView *self,
                                         double          factor);
/* Shows the whole run. */
void     _hp_timeline_view_fit          (HpTimelineView *self);
void     _hp_timeline_view_scroll_by    (HpTimelineView *self,
                                         double          dy);
/* Scrolls the selected row into view (now, or once allocated). */
void     _hp_timeline_view_reveal_selection (HpTimelineView *self);
/* The row and bar under a point of the widget (-1 when none). */
void     _hp_timeline_view_hit          (HpTimelineView *self,
                                         double          x,
                                         double          y,
                                         int            *row,
                                         int            *bar);
void     _hp_timeline_view_select_row   (HpTimelineView *self,
                                         int             row);
void     _hp_timeline_view_activate     (HpTimelineView *self);

void     _hp_timeline_view_update_accessible (HpTimelineView *self);
gboolean _hp_timeline_view_query_tooltip     (HpTimelineView *self,
                                              int             x,
                                              int             y,
                                              gboolean        keyboard,
                                              GtkTooltip     *tooltip);

void     _hp_timeline_view_class_input_init (GtkWidgetClass *widget_class);
void     _hp_timeline_view_input_init       (HpTimelineView *self);

G_END_DECLS
