/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-timeline.h"

#include <math.h>
#include <string.h>

struct _HpTimeline
{
  gatomicrefcount  ref_count;
  HpRun           *run;
  gint64           origin_us;
  gint64           queue_us;
  gint64           end_us;
  gint64           min_start_us;
  GArray          *rows;     /* of HpTimelineRow */
  GArray          *bars;     /* of HpTimelineBar, by row, then start */
  GArray          *gaps;     /* of HpTimelineSpan */
  GHashTable      *row_of;   /* interned node id → row index + 1 */
};

G_DEFINE_BOXED_TYPE (HpTimeline, hp_timeline, hp_timeline_ref, hp_timeline_unref)

/* ---- building ----------------------------------------------------------- */

/* A node run with a place in time, before rows are known. */
typedef struct {
  HpNodeRun *node_run;
  guint      seq;         /* its position in the run */
  gint64     start_us;    /* absolute */
  gint64     end_us;
} Entry;

/* The executions of one node, while grouping. */
typedef struct {
  const char *node_id;
  guint       first_seq;
  gint64      start_us;   /* the earliest */
  GArray     *entries;    /* of Entry */
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_array_unref (group->entries);
  g_free (group);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const Group *ga = *(const Group * const *) a;
  const Group *gb = *(const Group * const *) b;

  if (ga->start_us != gb->start_us)
    return ga->start_us < gb->start_us ? -1 : 1;
  return ga->first_seq < gb->first_seq ? -1 : ga->first_seq > gb->first_seq;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = a;
  const Entry *eb = b;

  if (ea->start_us != eb->start_us)
    return ea->start_us < eb->start_us ? -1 : 1;
  return ea->seq < eb->seq ? -1 : ea->seq > eb->seq;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const HpTimelineSpan *sa = a;
  const HpTimelineSpan *sb = b;

  if (sa->start_us != sb->start_us)
    return sa->start_us < sb->start_us ? -1 : 1;
  return sa->end_us < sb->end_us ? -1 : sa->end_us > sb->end_us;
}

static char *
make_label (HpWorkflowGraph *graph,
            const char      *node_id)
{
  HpGraphNode *node = graph != NULL ? hp_workflow_graph_lookup_node (graph, node_id) : NULL;

  if (node != NULL && node->title != NULL && node->title[0] != '\0')
    return g_strdup (node->title);
  if (node != NULL && node->type != NULL && node->type[0] != '\0')
    return g_strdup_printf ("%s #%s", node->type, node_id);
  return g_strdup_printf ("#%s", node_id);
}

/* Where a node run sits in time; FALSE when it has no place (no start,
 * or it never took part). */
static gboolean
entry_times (HpNodeRun *node_run,
             gint64    *start_us,
             gint64    *end_us)
{
  HpNodeStatus status = hp_node_run_get_status (node_run);
  gint64 start = hp_node_run_get_start_us (node_run);
  gint64 end = hp_node_run_get_end_us (node_run);
  gint64 duration = hp_node_run_get_duration_us (node_run);

  if (status == HP_NODE_STATUS_SKIPPED || status == HP_NODE_STATUS_PENDING || start == HP_TIME_UNKNOWN)
    return FALSE;
  if (end == HP_TIME_UNKNOWN)
    end = duration != HP_TIME_UNKNOWN && duration > 0 ? start + duration : start;
  *start_us = start;
  *end_us = MAX (end, start);
  return TRUE;
}

static void
add_row (HpTimeline      *self,
         HpWorkflowGraph *graph,
         Group           *group)
{
  HpTimelineRow row = { 0 };
  g_autoptr(GArray) lane_ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint index = self->rows->len;

  g_array_sort (group->entries, compare_entries);
  row.node_id = group->node_id;
  row.label = make_label (graph, group->node_id);
  row.start_us = group->start_us - self->origin_us;
  row.first_bar = self->bars->len;
  row.n_bars = group->entries->len;

  for (guint i = 0; i < group->entries->len; i++)
    {
      const Entry *e = &g_array_index (group->entries, Entry, i);
      HpTimelineBar bar = {
        .node_run = e->node_run,
        .node_id = group->node_id,
        .status = hp_node_run_get_status (e->node_run),
        .start_us = e->start_us - self->origin_us,
        .end_us = e->end_us - self->origin_us,
        .row = index,
      };
      guint lane;

      /* The first lane free by the bar's start (touching is fine). */
      for (lane = 0; lane < lane_ends->len; lane++)
        if (g_array_index (lane_ends, gint64, lane) <= bar.start_us)
          break;
      if (lane == lane_ends->len)
        g_array_append_val (lane_ends, bar.end_us);
      else
        g_array_index (lane_ends, gint64, lane) = bar.end_us;
      bar.lane = lane;
      g_array_append_val (self->bars, bar);
    }
  row.n_lanes = MAX (lane_ends->len, 1);
  g_array_append_val (self->rows, row);
  g_hash_table_insert (self->row_of, (gpointer) group->node_id, GUINT_TO_POINTER (index + 1));
}

/* The stretches of [0, end) not covered by any bar with a length. */
static void
find_gaps (HpTimeline *self)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (HpTimelineSpan));
  gint64 cursor = 0;

  for (guint i = 0; i < self->bars->len; i++)
    {
      const HpTimelineBar *bar = &g_array_index (self->bars, HpTimelineBar, i);
      HpTimelineSpan span = { bar->start_us, bar->end_us };

      if (span.end_us > span.start_us)
        g_array_append_val (busy, span);
    }
  g_array_sort (busy, compare_spans);

  for (guint i = 0; i < busy->len; i++)
    {
      const HpTimelineSpan *span = &g_array_index (busy, HpTimelineSpan, i);

      if (span->start_us > cursor)
        {
          HpTimelineSpan gap = { cursor, MIN (span->start_us, self->end_us) };

          if (gap.end_us > gap.start_us)
            g_array_append_val (self->gaps, gap);
        }
      cursor = MAX (cursor, span->end_us);
    }
  if (self->end_us > cursor)
    {
      HpTimelineSpan gap = { cursor, self->end_us };

      g_array_append_val (self->gaps, gap);
    }
}

static void
clear_row (gpointer data)
{
  HpTimelineRow *row = data;

  g_free (row->label);
}

/**
 * hp_timeline_new:
 * @run: the run to chart
 * @graph: (nullable): where the row labels come from
 *
 * Lays out @run as a Gantt chart: one row per node that took part (it
 * has a start time and was not skipped), rows by their first start,
 * executions of one node side by side in its row.
 *
 * Returns: (transfer full): the timeline
 */
HpTimeline *
hp_timeline_new (HpRun           *run,
                 HpWorkflowGraph *graph)
{
  HpTimeline *self;
  GPtrArray *node_runs;
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GPtrArray) order = NULL;
  gint64 started;
  gint64 finished;
  gint64 min_start = G_MAXINT64;
  gint64 max_end = G_MININT64;

  g_return_val_if_fail (HP_IS_RUN (run), NULL);
  g_return_val_if_fail (graph == NULL || HP_IS_WORKFLOW_GRAPH (graph), NULL);

  self = g_new0 (HpTimeline, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->run = g_object_ref (run);
  self->rows = g_array_new (FALSE, TRUE, sizeof (HpTimelineRow));
  g_array_set_clear_func (self->rows, clear_row);
  self->bars = g_array_new (FALSE, TRUE, sizeof (HpTimelineBar));
  self->gaps = g_array_new (FALSE, TRUE, sizeof (HpTimelineSpan));
  self->row_of = g_hash_table_new (NULL, NULL);

  groups = g_hash_table_new_full (NULL, NULL, NULL, group_free);
  order = g_ptr_array_new ();
  node_runs = hp_run_get_node_runs (run);
  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *node_run = g_ptr_array_index (node_runs, i);
      const char *node_id = hp_node_run_get_node_id (node_run);
      Entry entry = { node_run, i, 0, 0 };
      Group *group;

      if (!entry_times (node_run, &entry.start_us, &entry.end_us))
        continue;
      group = g_hash_table_lookup (groups, node_id);
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->node_id = node_id;
          group->first_seq = i;
          group->start_us = entry.start_us;
          group->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
          g_hash_table_insert (groups, (gpointer) node_id, group);
          g_ptr_array_add (order, group);
        }
      group->start_us = MIN (group->start_us, entry.start_us);
      g_array_append_val (group->entries, entry);
      min_start = MIN (min_start, entry.start_us);
      max_end = MAX (max_end, entry.end_us);
    }

  started = hp_run_get_started_us (run);
  finished = hp_run_get_finished_us (run);
  if (started != HP_TIME_UNKNOWN)
    {
      gint64 queue = hp_run_get_queue_us (run);

      self->origin_us = started;
      self->queue_us = queue != HP_TIME_UNKNOWN && queue > 0 ? queue : 0;
    }
  else
    self->origin_us = order->len > 0 ? min_start : 0;

  g_ptr_array_sort (order, compare_groups);
  for (guint i = 0; i < order->len; i++)
    add_row (self, graph, g_ptr_array_index (order, i));

  self->end_us = 0;
  self->min_start_us = order->len > 0 ? min_start - self->origin_us : 0;
  if (order->len > 0)
    self->end_us = MAX (self->end_us, max_end - self->origin_us);
  if (finished != HP_TIME_UNKNOWN && (order->len > 0 || started != HP_TIME_UNKNOWN))
    self->end_us = MAX (self->end_us, finished - self->origin_us);
  if (order->len > 0)
    find_gaps (self);
  return self;
}

/**
 * hp_timeline_ref:
 *
 * Returns: (transfer full): @self
 */
HpTimeline *
hp_timeline_ref (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hp_timeline_unref (HpTimeline *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_object (&self->run);
  g_array_unref (self->rows);
  g_array_unref (self->bars);
  g_array_unref (self->gaps);
  g_hash_table_unref (self->row_of);
  g_free (self);
}

/* ---- queries ------------------------------------------------------------ */

/**
 * hp_timeline_get_run:
 *
 * Returns: (transfer none): the run charted
 */
HpRun *
hp_timeline_get_run (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->run;
}

gboolean
hp_timeline_has_timing (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->bars->len > 0;
}

gint64
hp_timeline_get_origin_us (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->origin_us;
}

gint64
hp_timeline_get_queue_us (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->queue_us;
}

gint64
hp_timeline_get_end_us (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->end_us;
}

/**
 * hp_timeline_get_fit_range:
 * @start_us: (out): the first time to show
 * @end_us: (out): the last
 *
 * The whole run, from its earliest bar (or 0) to its end, and the queue
 * time before it, but no more queue than a quarter of the run's length:
 * a long wait would otherwise squeeze the run into a corner. The range
 * is at least 1 ms long.
 */
void
hp_timeline_get_fit_range (HpTimeline *self,
                           double     *start_us,
                           double     *end_us)
{
  double lo;
  double hi;

  g_return_if_fail (self != NULL);
  g_return_if_fail (start_us != NULL && end_us != NULL);

  lo = MIN (0, self->min_start_us);
  hi = MAX ((double) self->end_us, lo + 1000.0);
  *start_us = lo - MIN ((double) self->queue_us, (hi - lo) / 4.0);
  *end_us = hi;
}

guint
hp_timeline_get_n_rows (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

const HpTimelineRow *
hp_timeline_get_row (HpTimeline *self,
                     guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, HpTimelineRow, index);
}

int
hp_timeline_find_row (HpTimeline *self,
                      const char *node_id)
{
  g_return_val_if_fail (self != NULL, -1);

  if (node_id == NULL)
    return -1;
  /* Ids are interned: the table hashes pointers. */
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->row_of, g_intern_string (node_id))) - 1;
}

guint
hp_timeline_get_n_bars (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bars->len;
}

const HpTimelineBar *
hp_timeline_get_bar (HpTimeline *self,
                     guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);
  return &g_array_index (self->bars, HpTimelineBar, index);
}

double
hp_timeline_get_share (HpTimeline *self,
                       guint       bar)
{
  const HpTimelineBar *b;
  gint64 total;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (bar < self->bars->len, NAN);

  b = &g_array_index (self->bars, HpTimelineBar, bar);
  total = hp_run_get_execution_us (self->run);
  if (total == HP_TIME_UNKNOWN || total <= 0)
    total = self->end_us;
  if (total <= 0)
    return NAN;
  return (double) (b->end_us - b->start_us) / (double) total;
}

guint
hp_timeline_get_n_gaps (HpTimeline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->gaps->len;
}

const HpTimelineSpan *
hp_timeline_get_gap (HpTimeline *self,
                     guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->gaps->len, NULL);
  return &g_array_index (self->gaps, HpTimelineSpan, index);
}

/**
 * hp_timeline_row_at:
 * @y: from the top of the first row
 *
 * Returns: the row at @y with rows @row_height tall, or -1
 */
int
hp_timeline_row_at (HpTimeline *self,
                    double      y,
                    double      row_height)
{
  double index;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (row_height > 0, -1);

  if (y < 0 || isnan (y))
    return -1;
  index = floor (y / row_height);
  return index < self->rows->len ? (int) index : -1;
}

/**
 * hp_timeline_bar_at:
 *
 * Returns: the bar of @row at @t_us (one that covers it, else the nearest
 *   within @slop_us), or -1
 */
int
hp_timeline_bar_at (HpTimeline *self,
                    guint       row,
                    double      t_us,
                    double      slop_us)
{
  const HpTimelineRow *r;
  double best_distance = G_MAXDOUBLE;
  int best = -1;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (row < self->rows->len, -1);

  r = &g_array_index (self->rows, HpTimelineRow, row);
  for (guint i = r->first_bar; i < r->first_bar + r->n_bars; i++)
    {
      const HpTimelineBar *bar = &g_array_index (self->bars, HpTimelineBar, i);
      double distance = 0;

      if (t_us < bar->start_us)
        distance = bar->start_us - t_us;
      else if (t_us > bar->end_us)
        distance = t_us - bar->end_us;
      if (distance <= slop_us && distance < best_distance)
        {
          best_distance = distance;
          best = (int) i;
        }
    }
  return best;
}
