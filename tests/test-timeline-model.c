/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The timeline (Gantt) model on small runs worked by hand: row order,
 * bars, lanes, idle gaps, hit tests, the axis under zoom and the ticks. */
#include <glib.h>
#include <math.h>

#include "hp-timeline.h"

#define MS 1000                                   /* µs per millisecond */
#define T0 G_GINT64_CONSTANT (1700000000000000)   /* run start, µs since the epoch */

/* ---- building runs ------------------------------------------------------ */

/* A run started at T0; @finished_ms < 0 leaves its finish unknown. */
static HpRun *
new_run (gint64 finished_ms)
{
  HpRun *run = hp_run_new ("r");

  hp_run_set_started_us (run, T0);
  if (finished_ms >= 0)
    hp_run_set_finished_us (run, T0 + finished_ms * MS);
  return run;
}

/* A node run from @start_ms to @end_ms after T0. */
static HpNodeRun *
add_node (HpRun        *run,
          const char   *id,
          HpNodeStatus  status,
          gint64        start_ms,
          gint64        end_ms)
{
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (id, status);

  hp_node_run_set_times (node_run, T0 + start_ms * MS, T0 + end_ms * MS);
  hp_run_add_node_run (run, node_run);
  return node_run;
}

static void
assert_bar (HpTimeline *timeline,
            guint       index,
            const char *node_id,
            gint64      start_ms,
            gint64      end_ms,
            guint       row,
            guint       lane)
{
  const HpTimelineBar *bar = hp_timeline_get_bar (timeline, index);

  g_assert_cmpstr (bar->node_id, ==, node_id);
  g_assert_cmpint (bar->start_us, ==, start_ms * MS);
  g_assert_cmpint (bar->end_us, ==, end_ms * MS);
  g_assert_cmpuint (bar->row, ==, row);
  g_assert_cmpuint (bar->lane, ==, lane);
}

/* ---- rows --------------------------------------------------------------- */

static void
test_chain (void)
{
  g_autoptr(HpRun) run = new_run (300);
  g_autoptr(HpWorkflowGraph) graph = hp_workflow_graph_new ();
  g_autoptr(HpTimeline) timeline = NULL;
  double lo, hi;

  g_assert_nonnull (hp_workflow_graph_add_node (graph, "a", "CheckpointLoader", "Load", NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "b", "KSampler", NULL, NULL));
  hp_run_set_queued_us (run, T0 - 50 * MS);
  /* Listed out of order: the rows follow the start times. */
  add_node (run, "c", HP_NODE_STATUS_COMPLETED, 250, 300);
  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 100);
  add_node (run, "b", HP_NODE_STATUS_COMPLETED, 100, 250);

  timeline = hp_timeline_new (run, graph);
  g_assert_true (hp_timeline_has_timing (timeline));
  g_assert_cmpint (hp_timeline_get_origin_us (timeline), ==, T0);
  /* queued 50 ms before the start */
  g_assert_cmpint (hp_timeline_get_queue_us (timeline), ==, 50 * MS);
  g_assert_cmpint (hp_timeline_get_end_us (timeline), ==, 300 * MS);

  g_assert_cmpuint (hp_timeline_get_n_rows (timeline), ==, 3);
  g_assert_cmpstr (hp_timeline_get_row (timeline, 0)->node_id, ==, "a");
  g_assert_cmpstr (hp_timeline_get_row (timeline, 1)->node_id, ==, "b");
  g_assert_cmpstr (hp_timeline_get_row (timeline, 2)->node_id, ==, "c");
  /* Labels: a title; a type and the id; nothing in the graph → the id. */
  g_assert_cmpstr (hp_timeline_get_row (timeline, 0)->label, ==, "Load");
  g_assert_cmpstr (hp_timeline_get_row (timeline, 1)->label, ==, "KSampler #b");
  g_assert_cmpstr (hp_timeline_get_row (timeline, 2)->label, ==, "#c");
  g_assert_cmpint (hp_timeline_get_row (timeline, 1)->start_us, ==, 100 * MS);
  g_assert_cmpuint (hp_timeline_get_row (timeline, 1)->n_lanes, ==, 1);

  g_assert_cmpuint (hp_timeline_get_n_bars (timeline), ==, 3);
  assert_bar (timeline, 0, "a", 0, 100, 0, 0);
  assert_bar (timeline, 1, "b", 100, 250, 1, 0);
  assert_bar (timeline, 2, "c", 250, 300, 2, 0);
  g_assert_cmpint (hp_timeline_find_row (timeline, "b"), ==, 1);
  g_assert_cmpint (hp_timeline_find_row (timeline, "nope"), ==, -1);
  g_assert_cmpint (hp_timeline_find_row (timeline, NULL), ==, -1);

  /* Back to back: 0–100, 100–250, 250–300 leave no idle time. */
  g_assert_cmpuint (hp_timeline_get_n_gaps (timeline), ==, 0);

  /* b: 150 ms of the 300 ms execution = 0.5 */
  g_assert_cmpfloat_with_epsilon (hp_timeline_get_share (timeline, 1), 0.5, 1e-12);

  /* Fit: from −min(50 ms queue, 300 / 4 = 75 ms) = −50 ms to 300 ms. */
  hp_timeline_get_fit_range (timeline, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -50.0 * MS);
  g_assert_cmpfloat (hi, ==, 300.0 * MS);
}

static void
test_parallel (void)
{
  g_autoptr(HpRun) run = new_run (400);
  g_autoptr(HpTimeline) timeline = NULL;

  /* root → (left ∥ right) → join; right runs inside left's time. */
  add_node (run, "root", HP_NODE_STATUS_COMPLETED, 0, 100);
  add_node (run, "right", HP_NODE_STATUS_COMPLETED, 120, 250);
  add_node (run, "left", HP_NODE_STATUS_COMPLETED, 100, 300);
  add_node (run, "join", HP_NODE_STATUS_COMPLETED, 300, 400);

  timeline = hp_timeline_new (run, NULL);
  /* Rows by start: root 0, left 100, right 120, join 300; the overlap of
   * left and right is in two rows, so each row keeps one lane. */
  g_assert_cmpuint (hp_timeline_get_n_rows (timeline), ==, 4);
  assert_bar (timeline, 0, "root", 0, 100, 0, 0);
  assert_bar (timeline, 1, "left", 100, 300, 1, 0);
  assert_bar (timeline, 2, "right", 120, 250, 2, 0);
  assert_bar (timeline, 3, "join", 300, 400, 3, 0);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (hp_timeline_get_row (timeline, i)->n_lanes, ==, 1);
  /* Busy: 0–100, 100–300 (120–250 inside it), 300–400: no gap. */
  g_assert_cmpuint (hp_timeline_get_n_gaps (timeline), ==, 0);
  /* Shares add up to more than 1 with parallel branches: right is
   * 130 / 400 = 0.325 of the run. */
  g_assert_cmpfloat_with_epsilon (hp_timeline_get_share (timeline, 2), 0.325, 1e-12);
}

static void
test_executed_twice (void)
{
  g_autoptr(HpRun) run = new_run (300);
  g_autoptr(HpTimeline) timeline = NULL;
  const HpTimelineRow *row;

  add_node (run, "s", HP_NODE_STATUS_COMPLETED, 0, 100);
  add_node (run, "t", HP_NODE_STATUS_COMPLETED, 100, 200);
  add_node (run, "s", HP_NODE_STATUS_COMPLETED, 200, 300);
  /* u twice, overlapping itself: 0–200 and 100–300 need two lanes. */
  add_node (run, "u", HP_NODE_STATUS_COMPLETED, 100, 300);
  add_node (run, "u", HP_NODE_STATUS_COMPLETED, 0, 200);

  timeline = hp_timeline_new (run, NULL);
  /* Rows: s (first start 0, listed first), u (0, listed later), t (100). */
  g_assert_cmpuint (hp_timeline_get_n_rows (timeline), ==, 3);
  row = hp_timeline_get_row (timeline, 0);
  g_assert_cmpstr (row->node_id, ==, "s");
  g_assert_cmpuint (row->first_bar, ==, 0);
  g_assert_cmpuint (row->n_bars, ==, 2);
  g_assert_cmpuint (row->n_lanes, ==, 1);
  assert_bar (timeline, 0, "s", 0, 100, 0, 0);
  assert_bar (timeline, 1, "s", 200, 300, 0, 0);

  row = hp_timeline_get_row (timeline, 1);
  g_assert_cmpstr (row->node_id, ==, "u");
  g_assert_cmpuint (row->first_bar, ==, 2);
  g_assert_cmpuint (row->n_bars, ==, 2);
  g_assert_cmpuint (row->n_lanes, ==, 2);
  /* By start: 0–200 takes lane 0; 100–300 starts before lane 0 is free. */
  assert_bar (timeline, 2, "u", 0, 200, 1, 0);
  assert_bar (timeline, 3, "u", 100, 300, 1, 1);

  assert_bar (timeline, 4, "t", 100, 200, 2, 0);
  g_assert_cmpint (hp_timeline_find_row (timeline, "t"), ==, 2);
}

static void
test_cached_and_skipped (void)
{
  g_autoptr(HpRun) run = new_run (600);
  g_autoptr(HpNodeRun) failed = hp_node_run_new ("fail", HP_NODE_STATUS_FAILED);
  g_autoptr(HpNodeRun) skipped = hp_node_run_new ("skip", HP_NODE_STATUS_SKIPPED);
  g_autoptr(HpTimeline) timeline = NULL;

  add_node (run, "load", HP_NODE_STATUS_CACHED, 0, 0);
  add_node (run, "sample", HP_NODE_STATUS_COMPLETED, 0, 500);
  /* Failed with a start and a duration but no end: end = 500 + 100. */
  hp_node_run_set_times (failed, T0 + 500 * MS, HP_TIME_UNKNOWN);
  hp_node_run_set_duration_us (failed, 100 * MS);
  hp_run_add_node_run (run, failed);
  /* Skipped nodes did not take part, even with a time. */
  hp_node_run_set_times (skipped, T0 + 550 * MS, T0 + 550 * MS);
  hp_run_add_node_run (run, skipped);

  timeline = hp_timeline_new (run, NULL);
  /* load and sample both start at 0: the run's order breaks the tie. */
  g_assert_cmpuint (hp_timeline_get_n_rows (timeline), ==, 3);
  assert_bar (timeline, 0, "load", 0, 0, 0, 0);
  assert_bar (timeline, 1, "sample", 0, 500, 1, 0);
  assert_bar (timeline, 2, "fail", 500, 600, 2, 0);
  g_assert_cmpint (hp_timeline_get_bar (timeline, 0)->status, ==, HP_NODE_STATUS_CACHED);
  g_assert_cmpint (hp_timeline_get_bar (timeline, 2)->status, ==, HP_NODE_STATUS_FAILED);
  g_assert_cmpint (hp_timeline_find_row (timeline, "skip"), ==, -1);
  /* The cached marker fills no time; 0–500 and 500–600 leave no gap. */
  g_assert_cmpuint (hp_timeline_get_n_gaps (timeline), ==, 0);
  /* A marker has no length, so only the slop makes it hittable. */
  g_assert_cmpint (hp_timeline_bar_at (timeline, 0, 0, 0), ==, 0);
  g_assert_cmpint (hp_timeline_bar_at (timeline, 0, 4 * MS, 5 * MS), ==, 0);
  g_assert_cmpint (hp_timeline_bar_at (timeline, 0, 10 * MS, 5 * MS), ==, -1);
}

/* ---- gaps --------------------------------------------------------------- */

static void
test_gaps (void)
{
  g_autoptr(HpRun) run = new_run (300);
  g_autoptr(HpRun) longer = new_run (350);
  g_autoptr(HpTimeline) timeline = NULL;
  const HpTimelineSpan *gap;

  /* 0–100 and 150–300 in a 300 ms run: idle from 100 to 150. */
  add_node (run, "x", HP_NODE_STATUS_COMPLETED, 0, 100);
  add_node (run, "y", HP_NODE_STATUS_COMPLETED, 150, 300);
  timeline = hp_timeline_new (run, NULL);
  g_assert_cmpuint (hp_timeline_get_n_gaps (timeline), ==, 1);
  gap = hp_timeline_get_gap (timeline, 0);
  g_assert_cmpint (gap->start_us, ==, 100 * MS);
  g_assert_cmpint (gap->end_us, ==, 150 * MS);
  g_clear_pointer (&timeline, hp_timeline_unref);

  /* The same with a late start and a slow finish: idle 0–20 before the
   * first node, 100–150, and 300–350 after the last. */
  add_node (longer, "x", HP_NODE_STATUS_COMPLETED, 20, 100);
  add_node (longer, "y", HP_NODE_STATUS_COMPLETED, 150, 300);
  timeline = hp_timeline_new (longer, NULL);
  g_assert_cmpuint (hp_timeline_get_n_gaps (timeline), ==, 3);
  g_assert_cmpint (hp_timeline_get_gap (timeline, 0)->start_us, ==, 0);
  g_assert_cmpint (hp_timeline_get_gap (timeline, 0)->end_us, ==, 20 * MS);
  g_assert_cmpint (hp_timeline_get_gap (timeline, 1)->start_us, ==, 100 * MS);
  g_assert_cmpint (hp_timeline_get_gap (timeline, 1)->end_us, ==, 150 * MS);
  g_assert_cmpint (hp_timeline_get_gap (timeline, 2)->start_us, ==, 300 * MS);
  g_assert_cmpint (hp_timeline_get_gap (timeline, 2)->end_us, ==, 350 * MS);
}

/* ---- runs without timing ------------------------------------------------ */

static void
test_no_timing (void)
{
  g_autoptr(HpRun) run = new_run (8000);
  g_autoptr(HpNodeRun) a = hp_node_run_new ("a", HP_NODE_STATUS_COMPLETED);
  g_autoptr(HpNodeRun) b = hp_node_run_new ("b", HP_NODE_STATUS_CACHED);
  g_autoptr(HpTimeline) timeline = NULL;
  double lo, hi;

  /* Totals only, as ComfyUI's /history gives them: durations, no starts. */
  hp_node_run_set_duration_us (a, 4000 * MS);
  hp_run_add_node_run (run, a);
  hp_run_add_node_run (run, b);
  timeline = hp_timeline_new (run, NULL);
  g_assert_false (hp_timeline_has_timing (timeline));
  g_assert_cmpuint (hp_timeline_get_n_rows (timeline), ==, 0);
  g_assert_cmpuint (hp_timeline_get_n_bars (timeline), ==, 0);
  g_assert_cmpuint (hp_timeline_get_n_gaps (timeline), ==, 0);
  /* Still a sane range: 0 to the 8 s finish. */
  hp_timeline_get_fit_range (timeline, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 8000.0 * MS);
}

static void
test_no_run_start (void)
{
  g_autoptr(HpRun) run = hp_run_new ("r");
  g_autoptr(HpNodeRun) backwards = hp_node_run_new ("back", HP_NODE_STATUS_COMPLETED);
  g_autoptr(HpTimeline) timeline = NULL;
  double lo, hi;

  /* No run times: offset 0 is the earliest node start (T0 + 1 s). */
  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 1000, 1200);
  /* A bad record ending before it starts becomes a point at its start. */
  hp_node_run_set_times (backwards, T0 + 1500 * MS, T0 + 1400 * MS);
  hp_run_add_node_run (run, backwards);

  timeline = hp_timeline_new (run, NULL);
  g_assert_cmpint (hp_timeline_get_origin_us (timeline), ==, T0 + 1000 * MS);
  g_assert_cmpint (hp_timeline_get_queue_us (timeline), ==, 0);
  assert_bar (timeline, 0, "a", 0, 200, 0, 0);
  assert_bar (timeline, 1, "back", 500, 500, 1, 0);
  /* Ends at the last bar: 500 ms; idle 200–500. */
  g_assert_cmpint (hp_timeline_get_end_us (timeline), ==, 500 * MS);
  g_assert_cmpuint (hp_timeline_get_n_gaps (timeline), ==, 1);
  g_assert_cmpint (hp_timeline_get_gap (timeline, 0)->start_us, ==, 200 * MS);
  /* No execution time: shares are over the 500 ms span, a: 200 / 500. */
  g_assert_cmpfloat_with_epsilon (hp_timeline_get_share (timeline, 0), 0.4, 1e-12);
  hp_timeline_get_fit_range (timeline, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 500.0 * MS);
}

static void
test_long_queue (void)
{
  g_autoptr(HpRun) run = new_run (400);
  g_autoptr(HpTimeline) timeline = NULL;
  double lo, hi;

  /* Waited 10 s for a 400 ms run: the fit shows 400 / 4 = 100 ms of it. */
  hp_run_set_queued_us (run, T0 - 10000 * MS);
  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 400);
  timeline = hp_timeline_new (run, NULL);
  g_assert_cmpint (hp_timeline_get_queue_us (timeline), ==, 10000 * MS);
  hp_timeline_get_fit_range (timeline, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -100.0 * MS);
  g_assert_cmpfloat (hi, ==, 400.0 * MS);
}

/* ---- hit tests ---------------------------------------------------------- */

static void
test_hit (void)
{
  g_autoptr(HpRun) run = new_run (300);
  g_autoptr(HpTimeline) timeline = NULL;

  add_node (run, "a", HP_NODE_STATUS_COMPLETED, 0, 100);
  add_node (run, "s", HP_NODE_STATUS_COMPLETED, 100, 140);
  add_node (run, "s", HP_NODE_STATUS_COMPLETED, 200, 300);
  timeline = hp_timeline_new (run, NULL);

  /* Rows 24 px tall: row 0 is y ∈ [0, 24), row 1 [24, 48); two rows. */
  g_assert_cmpint (hp_timeline_row_at (timeline, -1, 24), ==, -1);
  g_assert_cmpint (hp_timeline_row_at (timeline, 0, 24), ==, 0);
  g_assert_cmpint (hp_timeline_row_at (timeline, 23.9, 24), ==, 0);
  g_assert_cmpint (hp_timeline_row_at (timeline, 24, 24), ==, 1);
  g_assert_cmpint (hp_timeline_row_at (timeline, 48, 24), ==, -1);
  g_assert_cmpint (hp_timeline_row_at (timeline, NAN, 24), ==, -1);

  /* Row 1 holds bars 1 (100–140 ms) and 2 (200–300 ms). */
  g_assert_cmpint (hp_timeline_bar_at (timeline, 1, 120 * MS, 0), ==, 1);
  g_assert_cmpint (hp_timeline_bar_at (timeline, 1, 300 * MS, 0), ==, 2);
  /* 170 ms: 30 ms from either; no slop, no hit. */
  g_assert_cmpint (hp_timeline_bar_at (timeline, 1, 170 * MS, 0), ==, -1);
  /* 180 ms with 50 ms slop: 40 ms from bar 1, 20 ms from bar 2 → 2. */
  g_assert_cmpint (hp_timeline_bar_at (timeline, 1, 180 * MS, 50 * MS), ==, 2);
  /* 150 ms: 10 ms from bar 1, 50 from bar 2 → 1. */
  g_assert_cmpint (hp_timeline_bar_at (timeline, 1, 150 * MS, 50 * MS), ==, 1);
  g_assert_cmpint (hp_timeline_bar_at (timeline, 0, 350 * MS, 50 * MS), ==, -1);
}

/* ---- axis --------------------------------------------------------------- */

static void
test_axis (void)
{
  HpTimelineAxis axis = { 0, 1 };

  /* −50 ms … 300 ms across 700 px: 700 / 350000 = 0.002 px/µs. */
  hp_timeline_axis_fit (&axis, -50.0 * MS, 300.0 * MS, 700);
  g_assert_cmpfloat_with_epsilon (axis.px_per_us, 0.002, 1e-15);
  g_assert_cmpfloat_with_epsilon (hp_timeline_axis_to_x (&axis, 0), 100, 1e-9);     /* 50000 × 0.002 */
  g_assert_cmpfloat_with_epsilon (hp_timeline_axis_to_time (&axis, 700), 300.0 * MS, 1e-6);

  /* ×2 around x = 100 (t = 0): 0.004 px/µs, 0 stays at 100 px, so the
   * left edge is 0 − 100 / 0.004 = −25000 µs; 100 ms lands at
   * (100000 + 25000) × 0.004 = 500 px. */
  hp_timeline_axis_zoom_at (&axis, 2, 100, 0.0001, 1);
  g_assert_cmpfloat_with_epsilon (axis.px_per_us, 0.004, 1e-15);
  g_assert_cmpfloat_with_epsilon (axis.start_us, -25000, 1e-6);
  g_assert_cmpfloat_with_epsilon (hp_timeline_axis_to_x (&axis, 0), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (hp_timeline_axis_to_x (&axis, 100.0 * MS), 500, 1e-9);

  /* ×4 around x = 0 clamps at 0.005 px/µs; the time at x = 0 stays −25 ms. */
  hp_timeline_axis_zoom_at (&axis, 4, 0, 0.001, 0.005);
  g_assert_cmpfloat_with_epsilon (axis.px_per_us, 0.005, 1e-15);
  g_assert_cmpfloat_with_epsilon (axis.start_us, -25000, 1e-6);

  /* Panning is held to half a view past either end of 0 … 300 ms: at
   * 0.005 px/µs a 500 px view is 100 ms, half of it 50 ms, so the left
   * edge stays within −50 … 250 ms. */
  axis.start_us = -400.0 * MS;
  hp_timeline_axis_clamp (&axis, 0, 300.0 * MS, 500);
  g_assert_cmpfloat_with_epsilon (axis.start_us, -50.0 * MS, 1e-6);
  axis.start_us = 900.0 * MS;
  hp_timeline_axis_clamp (&axis, 0, 300.0 * MS, 500);
  g_assert_cmpfloat_with_epsilon (axis.start_us, 250.0 * MS, 1e-6);

  /* An empty range still gives a usable scale: 1 µs over 100 px. */
  hp_timeline_axis_fit (&axis, 5, 5, 100);
  g_assert_cmpfloat_with_epsilon (axis.px_per_us, 100, 1e-12);
  g_assert_cmpfloat (axis.start_us, ==, 5);
}

/* ---- ticks -------------------------------------------------------------- */

static void
assert_tick (gint64      t_us,
             gint64      step_us,
             const char *expected)
{
  g_autofree char *text = hp_timeline_format_tick (t_us, step_us);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_tick_steps (void)
{
  /* 1 s, at most 5 ticks: needs ≥ 0.2 s; 0.1 gives 10 → 0.2 s. */
  g_assert_cmpint (hp_timeline_tick_step (1e6, 5), ==, 200000);
  /* 1 s, at most 10 ticks: 0.1 s gives exactly 10. */
  g_assert_cmpint (hp_timeline_tick_step (1e6, 10), ==, 100000);
  /* 31 s over 8: needs 3.875 s; 1 s → 31, 2 s → 15.5, 5 s → 6.2 ticks. */
  g_assert_cmpint (hp_timeline_tick_step (31e6, 8), ==, 5000000);
  /* 90 s over 6: needs 15 s; 10 s → 9 ticks, 15 s → 6. */
  g_assert_cmpint (hp_timeline_tick_step (90e6, 6), ==, 15000000);
  /* 250 µs over 5: 50 µs. */
  g_assert_cmpint (hp_timeline_tick_step (250, 5), ==, 50);
  /* 45 min over 10: needs 4.5 min; 2 min → 22.5, 5 min → 9 ticks. */
  g_assert_cmpint (hp_timeline_tick_step (45 * 60e6, 10), ==, 300000000);
  /* 3 days over 2: needs 1.5 days, past 12 h: 2 days. */
  g_assert_cmpint (hp_timeline_tick_step (3 * 86400e6, 2), ==, G_GINT64_CONSTANT (172800000000));
  /* Nonsense in, something usable out: no span → 1 µs; max 0 → 1 tick
   * (3 s → 5 s). */
  g_assert_cmpint (hp_timeline_tick_step (0, 5), ==, 1);
  g_assert_cmpint (hp_timeline_tick_step (NAN, 5), ==, 1);
  g_assert_cmpint (hp_timeline_tick_step (3e6, 0), ==, 5000000);

  /* First ticks: ceil(−70000 / 200000) = 0; ceil(0.75) = 1 → 200000;
   * ceil(−1.25) = −1 → −200000. */
  g_assert_cmpint (hp_timeline_first_tick (-70000, 200000), ==, 0);
  g_assert_cmpint (hp_timeline_first_tick (150000, 200000), ==, 200000);
  g_assert_cmpint (hp_timeline_first_tick (-250000, 200000), ==, -200000);
}

static void
test_tick_labels (void)
{
  assert_tick (0, 200000, "0 s");
  assert_tick (200000, 200000, "0.2 s");
  assert_tick (1000000, 200000, "1 s");
  assert_tick (500000, 500000, "0.5 s");
  assert_tick (1500000, 500000, "1.5 s");
  assert_tick (50000, 50000, "0.05 s");
  assert_tick (-200000, 200000, "−0.2 s");
  assert_tick (15000000, 5000000, "15 s");
  /* 90 s = 1 min 30 s; 75.5 s = 1 min 15.5 s */
  assert_tick (90000000, 15000000, "1 min 30 s");
  assert_tick (75500000, 500000, "1 min 15.5 s");
  assert_tick (120000000, 60000000, "2 min");
  /* 3600 s = 1 h; 5400 s = 1 h 30 min */
  assert_tick (G_GINT64_CONSTANT (3600000000), G_GINT64_CONSTANT (3600000000), "1 h");
  assert_tick (G_GINT64_CONSTANT (5400000000), G_GINT64_CONSTANT (1800000000), "1 h 30 min");
  /* Under a millisecond per step: milliseconds, 250 µs = 0.25 ms. */
  assert_tick (250, 50, "0.25 ms");
  assert_tick (1000, 200, "1 ms");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/rows/chain", test_chain);
  g_test_add_func ("/timeline/rows/parallel", test_parallel);
  g_test_add_func ("/timeline/rows/executed-twice", test_executed_twice);
  g_test_add_func ("/timeline/rows/cached-and-skipped", test_cached_and_skipped);
  g_test_add_func ("/timeline/gaps/between-and-around", test_gaps);
  g_test_add_func ("/timeline/bad/no-timing", test_no_timing);
  g_test_add_func ("/timeline/bad/no-run-start", test_no_run_start);
  g_test_add_func ("/timeline/queue/long", test_long_queue);
  g_test_add_func ("/timeline/hit/rows-and-bars", test_hit);
  g_test_add_func ("/timeline/axis/fit-and-zoom", test_axis);
  g_test_add_func ("/timeline/ticks/steps", test_tick_steps);
  g_test_add_func ("/timeline/ticks/labels", test_tick_labels);

  return g_test_run ();
}
