/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-heatmap.h"
#include "hp-session.h"
#include "hp-timeline.h"

G_BEGIN_DECLS

/* The Gantt chart of the session's selected run: one row per node that
 * took part, bars in the canvas's heat colours, the queue time, idle
 * gaps, progress ticks and cached markers; zoom and pan on the time axis,
 * selection shared with the session.
 *
 * Actions: timeline.zoom-in (+), timeline.zoom-out (−), timeline.zoom-fit
 * (0), timeline.activate-node (Enter). Up and Down move the selection. */
#define HP_TYPE_TIMELINE_VIEW (hp_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (HpTimelineView, hp_timeline_view, HP, TIMELINE_VIEW, GtkWidget)

GtkWidget      *hp_timeline_view_new               (void);

HpSession      *hp_timeline_view_get_session       (HpTimelineView *self);
void            hp_timeline_view_set_session       (HpTimelineView *self,
                                                    HpSession      *session);

HpHeatmapMode   hp_timeline_view_get_heatmap_mode  (HpTimelineView *self);
void            hp_timeline_view_set_heatmap_mode  (HpTimelineView *self,
                                                    HpHeatmapMode   mode);

/* (transfer none) (nullable): the chart shown, NULL without a run */
HpTimeline     *hp_timeline_view_get_timeline      (HpTimelineView *self);
/* The message shown instead of the chart, NULL when there is a chart. */
const char     *hp_timeline_view_get_empty_message (HpTimelineView *self);
/* The selected node's row, or -1. */
int             hp_timeline_view_get_selected_row  (HpTimelineView *self);

HpTimelineAxis  hp_timeline_view_get_axis          (HpTimelineView *self);
void            hp_timeline_view_zoom_in           (HpTimelineView *self);
void            hp_timeline_view_zoom_out          (HpTimelineView *self);
void            hp_timeline_view_zoom_to_fit       (HpTimelineView *self);

/* Where bar @index is drawn, in widget coordinates; FALSE when it is
 * scrolled out of the view. */
gboolean        hp_timeline_view_get_bar_area      (HpTimelineView  *self,
                                                    guint            index,
                                                    graphene_rect_t *area);

G_END_DECLS
