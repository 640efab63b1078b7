/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-run.h"
#include "hp-workflow-graph.h"

G_BEGIN_DECLS

/* The Gantt chart of one run, apart from any drawing: which nodes get a
 * row and in what order, where each execution sits in time, when nothing
 * ran, and the maths of the time axis (zoom, ticks, hit tests).
 *
 * Times are offsets in µs from the run's start (its started_at, or the
 * earliest node start when the source has no run start); the queue time
 * before the start is negative. */

/* One execution of a node: a bar, or a marker for a cached node
 * (@end_us == @start_us). */
typedef struct {
  HpNodeRun    *node_run;   /* owned by the run the timeline holds */
  const char   *node_id;    /* interned */
  HpNodeStatus  status;
  gint64        start_us;
  gint64        end_us;     /* ≥ @start_us */
  guint         row;
  guint         lane;       /* within its row, when executions of the node overlap */
} HpTimelineBar;

/* One node that took part in the run. Its bars are consecutive in the
 * timeline's bar list, by start time. */
typedef struct {
  const char *node_id;      /* interned */
  char       *label;        /* the title, else "Type #id", else "#id" */
  gint64      start_us;     /* its first bar's start */
  guint       first_bar;
  guint       n_bars;
  guint       n_lanes;      /* 1 unless its executions overlap */
} HpTimelineRow;

/* A time interval [@start_us, @end_us). */
typedef struct {
  gint64 start_us;
  gint64 end_us;
} HpTimelineSpan;

/* Where the time axis sits on screen: @start_us is the time at x = 0 of
 * the plot area, @px_per_us its scale. */
typedef struct {
  double start_us;
  double px_per_us;
} HpTimelineAxis;

typedef struct _HpTimeline HpTimeline;

#define HP_TYPE_TIMELINE (hp_timeline_get_type ())
GType                 hp_timeline_get_type         (void) G_GNUC_CONST;

HpTimeline           *hp_timeline_new              (HpRun                *run,
                                                    HpWorkflowGraph      *graph);
HpTimeline           *hp_timeline_ref              (HpTimeline           *self);
void                  hp_timeline_unref            (HpTimeline           *self);

HpRun                *hp_timeline_get_run          (HpTimeline           *self);
/* Whether any node has a start time: FALSE means an empty chart. */
gboolean              hp_timeline_has_timing       (HpTimeline           *self);
/* µs since the epoch of offset 0. */
gint64                hp_timeline_get_origin_us    (HpTimeline           *self);
/* How long the run waited in the queue before offset 0; 0 when unknown. */
gint64                hp_timeline_get_queue_us     (HpTimeline           *self);
/* Where the run ends: its finish, or the last bar's end if later. */
gint64                hp_timeline_get_end_us       (HpTimeline           *self);
/* The time range a "fit" view shows (see hp_timeline_axis_fit()). */
void                  hp_timeline_get_fit_range    (HpTimeline           *self,
                                                    double               *start_us,
                                                    double               *end_us);

guint                 hp_timeline_get_n_rows       (HpTimeline           *self);
const HpTimelineRow  *hp_timeline_get_row          (HpTimeline           *self,
                                                    guint                 index);
/* The row of @node_id, or -1 when it did not take part. */
int                   hp_timeline_find_row         (HpTimeline           *self,
                                                    const char           *node_id);
guint                 hp_timeline_get_n_bars       (HpTimeline           *self);
const HpTimelineBar  *hp_timeline_get_bar          (HpTimeline           *self,
                                                    guint                 index);
/* A bar's duration over the run's execution time, 0..1; NaN when the
 * run has no length. */
double                hp_timeline_get_share        (HpTimeline           *self,
                                                    guint                 bar);

/* Idle gaps: the stretches of [0, end) where no node was executing. */
guint                 hp_timeline_get_n_gaps       (HpTimeline           *self);
const HpTimelineSpan *hp_timeline_get_gap          (HpTimeline           *self,
                                                    guint                 index);

/* Hit tests. @y is measured from the top of the first row; @slop_us widens
 * every bar on both sides (so that markers of no length can be hit). */
int                   hp_timeline_row_at           (HpTimeline           *self,
                                                    double                y,
                                                    double                row_height);
int                   hp_timeline_bar_at           (HpTimeline           *self,
                                                    guint                 row,
                                                    double                t_us,
                                                    double                slop_us);

/* The axis. */
double                hp_timeline_axis_to_x        (const HpTimelineAxis *axis,
                                                    double                t_us);
double                hp_timeline_axis_to_time     (const HpTimelineAxis *axis,
                                                    double                x);
void                  hp_timeline_axis_fit         (HpTimelineAxis       *axis,
                                                    double                start_us,
                                                    double                end_us,
                                                    double                width_px);
/* Zooms by @factor keeping the time under @x where it is; the scale stays
 * within [@min_px_per_us, @max_px_per_us]. */
void                  hp_timeline_axis_zoom_at     (HpTimelineAxis       *axis,
                                                    double                factor,
                                                    double                x,
                                                    double                min_px_per_us,
                                                    double                max_px_per_us);

/* Keeps at least half of the plot on [@lo_us, @hi_us] (the fit range) so
 * that panning cannot lose the chart. */
void                  hp_timeline_axis_clamp       (HpTimelineAxis       *axis,
                                                    double                lo_us,
                                                    double                hi_us,
                                                    double                width_px);

/* Tick marks: the smallest step of 1, 2, 5 × 10ⁿ µs (then 1, 2, 5, 10,
 * 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, days) that puts at
 * most @max_ticks ticks on @span_us; the first multiple of it at or after
 * @start_us; and a tick's label ("0 s", "0.5 s", "1 min 30 s"). */
gint64                hp_timeline_tick_step        (double                span_us,
                                                    double                max_ticks);
gint64                hp_timeline_first_tick       (double                start_us,
                                                    gint64                step_us);
char                 *hp_timeline_format_tick      (gint64                t_us,
                                                    gint64                step_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpTimeline, hp_timeline_unref)

G_END_DECLS
