/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-critical-path.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hp-bottlenecks.h"

/* Above this many reachability bits (nodes × timed nodes) the serial pairs
 * are not looked for: 2^28 bits are 32 MiB. */
#define MAX_REACH_BITS (G_GUINT64_CONSTANT (1) << 28)

struct _HpCriticalPath
{
  gatomicrefcount  ref_count;
  HpRun           *run;
  double           length_us;
  double           execution_us;
  GPtrArray       *nodes;          /* interned ids, source → sink */
  GArray          *serial_pairs;   /* of HpSerialPair */
};

G_DEFINE_BOXED_TYPE (HpCriticalPath, hp_critical_path, hp_critical_path_ref, hp_critical_path_unref)
G_DEFINE_QUARK (hp-critical-path-error-quark, hp_critical_path_error)

/* The graph of one run: the workflow's nodes, then any node the run has
 * that the workflow lacks (with no edges), indexed 0..n-1. */
typedef struct {
  GPtrArray   *ids;        /* interned */
  GHashTable  *index;      /* id → index + 1 */
  GArray     **succ;       /* of guint, per node */
  guint       *n_pred;
  GArray     **pred;       /* of guint, per node */
  gint64      *weight_us;
  HpNodeRun  **node_runs;  /* borrowed, NULL when the run lacks the node */
} RunGraph;

static void
run_graph_clear (RunGraph *g)
{
  for (guint i = 0; g->ids != NULL && i < g->ids->len; i++)
    {
      g_array_unref (g->succ[i]);
      g_array_unref (g->pred[i]);
    }
  g_clear_pointer (&g->succ, g_free);
  g_clear_pointer (&g->pred, g_free);
  g_clear_pointer (&g->n_pred, g_free);
  g_clear_pointer (&g->weight_us, g_free);
  g_clear_pointer (&g->node_runs, g_free);
  g_clear_pointer (&g->index, g_hash_table_unref);
  g_clear_pointer (&g->ids, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunGraph, run_graph_clear)

static guint
run_graph_add (RunGraph   *g,
               const char *id)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (g->index, id));

  if (index > 0)
    return index - 1;
  g_ptr_array_add (g->ids, (gpointer) id);
  g_hash_table_insert (g->index, (gpointer) id, GUINT_TO_POINTER (g->ids->len));
  return g->ids->len - 1;
}

static void
run_graph_build (RunGraph        *g,
                 HpWorkflowGraph *graph,
                 HpRun           *run)
{
  GPtrArray *node_runs = hp_run_get_node_runs (run);
  guint n_graph = hp_workflow_graph_get_n_nodes (graph);
  guint n;

  g->ids = g_ptr_array_new ();
  g->index = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n_graph; i++)
    run_graph_add (g, hp_workflow_graph_get_node (graph, i)->id);
  for (guint i = 0; i < node_runs->len; i++)
    run_graph_add (g, hp_node_run_get_node_id (g_ptr_array_index (node_runs, i)));

  n = g->ids->len;
  g->succ = g_new0 (GArray *, n);
  g->pred = g_new0 (GArray *, n);
  g->n_pred = g_new0 (guint, n);
  g->weight_us = g_new0 (gint64, n);
  g->node_runs = g_new0 (HpNodeRun *, n);
  for (guint i = 0; i < n; i++)
    {
      g->succ[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      g->pred[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      g->node_runs[i] = hp_run_lookup_node_run (run, g_ptr_array_index (g->ids, i));
      g->weight_us[i] = hp_critical_path_node_weight_us (g->node_runs[i]);
    }

  for (guint e = 0; e < hp_workflow_graph_get_n_edges (graph); e++)
    {
      const HpGraphEdge *edge = hp_workflow_graph_get_edge (graph, e);
      guint from = GPOINTER_TO_UINT (g_hash_table_lookup (g->index, edge->from_node));
      guint to = GPOINTER_TO_UINT (g_hash_table_lookup (g->index, edge->to_node));

      /* The graph refuses edges to unknown nodes; be safe anyway. */
      if (from == 0 || to == 0)
        continue;
      from--;
      to--;
      /* Several slots may link the same two nodes: one dependency. */
      if (g->succ[from]->len > 0)
        {
          gboolean seen = FALSE;

          for (guint k = 0; k < g->succ[from]->len && !seen; k++)
            seen = g_array_index (g->succ[from], guint, k) == to;
          if (seen)
            continue;
        }
      g_array_append_val (g->succ[from], to);
      g_array_append_val (g->pred[to], from);
      g->n_pred[to]++;
    }
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return hp_bottleneck_compare_node_ids (*(const char * const *) a, *(const char * const *) b);
}

/* Kahn's algorithm. Returns the nodes in a topological order, or NULL and
 * an error naming the nodes on (or between) cycles. */
static guint *
topological_order (RunGraph  *g,
                   GError   **error)
{
  guint n = g->ids->len;
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  g_autofree guint *remaining = g_memdup2 (g->n_pred, sizeof (guint) * MAX (n, 1));
  guint head = 0;
  guint tail = 0;

  for (guint i = 0; i < n; i++)
    if (remaining[i] == 0)
      order[tail++] = i;
  while (head < tail)
    {
      guint u = order[head++];

      for (guint k = 0; k < g->succ[u]->len; k++)
        {
          guint v = g_array_index (g->succ[u], guint, k);

          if (--remaining[v] == 0)
            order[tail++] = v;
        }
    }

  if (tail < n)
    {
      g_autoptr(GPtrArray) stuck = g_ptr_array_new ();
      g_autofree guint *out_left = g_new0 (guint, n);
      g_autofree guint *queue = g_new (guint, n);
      g_autofree gboolean *removed = g_new0 (gboolean, n);
      g_autoptr(GString) names = g_string_new (NULL);
      guint qh = 0;
      guint qt = 0;

      /* Left over: nodes on a cycle and those downstream of one. Peel off
       * the downstream ones (no successor left) to name the cycle itself. */
      for (guint i = 0; i < n; i++)
        {
          removed[i] = remaining[i] == 0;
          if (removed[i])
            continue;
          for (guint k = 0; k < g->succ[i]->len; k++)
            if (remaining[g_array_index (g->succ[i], guint, k)] > 0)
              out_left[i]++;
          if (out_left[i] == 0)
            queue[qt++] = i;
        }
      while (qh < qt)
        {
          guint v = queue[qh++];

          removed[v] = TRUE;
          for (guint k = 0; k < g->pred[v]->len; k++)
            {
              guint u = g_array_index (g->pred[v], guint, k);

              if (!removed[u] && --out_left[u] == 0)
                queue[qt++] = u;
            }
        }
      for (guint i = 0; i < n; i++)
        if (!removed[i])
          g_ptr_array_add (stuck, g_ptr_array_index (g->ids, i));
      g_ptr_array_sort (stuck, compare_ids);
      for (guint i = 0; i < stuck->len && i < 10; i++)
        g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (stuck, i));
      if (stuck->len > 10)
        /* Translators: after a list of ten quoted node ids */
        g_string_append_printf (names, ngettext (" and %u more", " and %u more", stuck->len - 10),
                                stuck->len - 10);

      /* Translators: %s lists quoted node ids */
      g_set_error (error, HP_CRITICAL_PATH_ERROR, HP_CRITICAL_PATH_ERROR_CYCLE,
                   _("the workflow graph has a cycle through nodes %s; "
                     "a critical path needs a graph without cycles"),
                   names->str);
      return NULL;
    }

  return g_steal_pointer (&order);
}

/* (dist, hops) of @a is better than @b's: longer, then more nodes, then
 * the smaller id. */
static gboolean
better (RunGraph     *g,
        const gint64 *dist,
        const guint  *hops,
        guint         a,
        guint         b)
{
  if (dist[a] != dist[b])
    return dist[a] > dist[b];
  if (hops[a] != hops[b])
    return hops[a] > hops[b];
  return hp_bottleneck_compare_node_ids (g_ptr_array_index (g->ids, a),
                                         g_ptr_array_index (g->ids, b)) < 0;
}

static void
find_longest_path (HpCriticalPath *self,
                   RunGraph       *g,
                   const guint    *order)
{
  guint n = g->ids->len;
  g_autofree gint64 *dist = g_new0 (gint64, MAX (n, 1));
  g_autofree guint *hops = g_new0 (guint, MAX (n, 1));
  g_autofree guint *best_pred = g_new (guint, MAX (n, 1));
  guint end = G_MAXUINT;

  for (guint k = 0; k < n; k++)
    {
      guint v = order[k];
      guint best = G_MAXUINT;

      for (guint p = 0; p < g->pred[v]->len; p++)
        {
          guint u = g_array_index (g->pred[v], guint, p);

          if (best == G_MAXUINT || better (g, dist, hops, u, best))
            best = u;
        }
      best_pred[v] = best;
      dist[v] = g->weight_us[v] + (best != G_MAXUINT ? dist[best] : 0);
      hops[v] = 1 + (best != G_MAXUINT ? hops[best] : 0);
    }

  for (guint v = 0; v < n; v++)
    if (end == G_MAXUINT || better (g, dist, hops, v, end))
      end = v;

  self->length_us = end != G_MAXUINT ? (double) dist[end] : 0.0;
  for (guint v = end; v != G_MAXUINT; v = best_pred[v])
    g_ptr_array_add (self->nodes, g_ptr_array_index (g->ids, v));
  /* Collected sink → source: turn around. */
  for (guint i = 0, j = self->nodes->len; j > 0 && i < j - 1; i++, j--)
    {
      gpointer tmp = self->nodes->pdata[i];

      self->nodes->pdata[i] = self->nodes->pdata[j - 1];
      self->nodes->pdata[j - 1] = tmp;
    }
}

static int
serial_pair_compare (gconstpointer a,
                     gconstpointer b)
{
  const HpSerialPair *pa = a;
  const HpSerialPair *pb = b;
  int cmp;

  if (pa->saving_us != pb->saving_us)
    return pa->saving_us > pb->saving_us ? -1 : 1;
  cmp = hp_bottleneck_compare_node_ids (pa->first, pb->first);
  if (cmp != 0)
    return cmp;
  return hp_bottleneck_compare_node_ids (pa->second, pb->second);
}

static void
find_serial_pairs (HpCriticalPath *self,
                   RunGraph       *g,
                   const guint    *order)
{
  guint n = g->ids->len;
  g_autoptr(GArray) timed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *timed_index = g_new (guint, MAX (n, 1));
  g_autofree guint64 *reach = NULL;
  guint words;

  /* Only nodes that took time and say when. */
  for (guint v = 0; v < n; v++)
    {
      HpNodeRun *nr = g->node_runs[v];

      timed_index[v] = G_MAXUINT;
      if (g->weight_us[v] <= 0 || nr == NULL ||
          hp_node_run_get_start_us (nr) == HP_TIME_UNKNOWN ||
          hp_node_run_get_end_us (nr) == HP_TIME_UNKNOWN)
        continue;
      timed_index[v] = timed->len;
      g_array_append_val (timed, v);
    }
  if (timed->len < 2 || (guint64) n * timed->len > MAX_REACH_BITS)
    return;

  /* reach[v] = the timed nodes reachable from v, built sinks first. */
  words = (timed->len + 63) / 64;
  reach = g_new0 (guint64, (gsize) n * words);
  for (guint k = n; k-- > 0;)
    {
      guint v = order[k];
      guint64 *rv = reach + (gsize) v * words;

      for (guint s = 0; s < g->succ[v]->len; s++)
        {
          guint w = g_array_index (g->succ[v], guint, s);
          const guint64 *rw = reach + (gsize) w * words;

          for (guint b = 0; b < words; b++)
            rv[b] |= rw[b];
          if (timed_index[w] != G_MAXUINT)
            rv[timed_index[w] / 64] |= G_GUINT64_CONSTANT (1) << (timed_index[w] % 64);
        }
    }

  for (guint i = 0; i < timed->len; i++)
    for (guint j = i + 1; j < timed->len; j++)
      {
        guint a = g_array_index (timed, guint, i);
        guint b = g_array_index (timed, guint, j);
        const guint64 *ra = reach + (gsize) a * words;
        const guint64 *rb = reach + (gsize) b * words;
        HpNodeRun *na = g->node_runs[a];
        HpNodeRun *nb = g->node_runs[b];
        HpSerialPair pair;

        if ((ra[j / 64] >> (j % 64)) & 1 || (rb[i / 64] >> (i % 64)) & 1)
          continue;   /* one depends on the other */

        if (hp_node_run_get_end_us (nb) <= hp_node_run_get_start_us (na))
          {
            guint t = a;

            a = b;
            b = t;
          }
        else if (hp_node_run_get_end_us (na) > hp_node_run_get_start_us (nb))
          {
            continue;   /* they overlapped: already parallel */
          }

        pair.first = g_ptr_array_index (g->ids, a);
        pair.second = g_ptr_array_index (g->ids, b);
        pair.first_us = (double) g->weight_us[a];
        pair.second_us = (double) g->weight_us[b];
        pair.saving_us = MIN (pair.first_us, pair.second_us);
        g_array_append_val (self->serial_pairs, pair);
      }

  g_array_sort (self->serial_pairs, serial_pair_compare);
  if (self->serial_pairs->len > HP_CRITICAL_PATH_MAX_SERIAL_PAIRS)
    g_array_set_size (self->serial_pairs, HP_CRITICAL_PATH_MAX_SERIAL_PAIRS);
}

/**
 * hp_critical_path_node_weight_us:
 * @node_run: (nullable): a node's record in a run, %NULL when the run
 *   lacks the node
 *
 * What a node weighs on the critical path: its duration when it ran
 * (completed, failed part-way or still running), 0 when it did not take
 * time (cached, skipped, pending, absent) or its duration is unknown.
 *
 * Returns: the weight in µs, 0 or more
 */
gint64
hp_critical_path_node_weight_us (HpNodeRun *node_run)
{
  gint64 duration;

  if (node_run == NULL)
    return 0;
  g_return_val_if_fail (HP_IS_NODE_RUN (node_run), 0);

  switch (hp_node_run_get_status (node_run))
    {
    case HP_NODE_STATUS_COMPLETED:
    case HP_NODE_STATUS_FAILED:
    case HP_NODE_STATUS_RUNNING:
      duration = hp_node_run_get_duration_us (node_run);
      return duration == HP_TIME_UNKNOWN || duration < 0 ? 0 : duration;
    case HP_NODE_STATUS_CACHED:
    case HP_NODE_STATUS_SKIPPED:
    case HP_NODE_STATUS_PENDING:
    default:
      return 0;
    }
}

/**
 * hp_critical_path_compute:
 * @graph: the workflow graph (its edges are the dependencies)
 * @run: the run whose durations weigh the nodes
 * @error: set when the graph has a cycle
 *
 * Finds the longest path through @graph, each node weighing what
 * hp_critical_path_node_weight_us() says: the least time @run could have
 * taken with unlimited parallelism. Among equally long paths the one with
 * more nodes wins (so the path always runs from a source to a sink, and
 * takes cached nodes on its way), then the one whose nodes have the
 * smaller ids. Nodes of @run the graph lacks count as unconnected nodes.
 *
 * Also lists the pairs of independent nodes that ran one after the other
 * (at most %HP_CRITICAL_PATH_MAX_SERIAL_PAIRS, largest saving first).
 *
 * Returns: (transfer full) (nullable): the analysis, or %NULL with
 *   %HP_CRITICAL_PATH_ERROR_CYCLE when @graph is not acyclic
 */
HpCriticalPath *
hp_critical_path_compute (HpWorkflowGraph  *graph,
                          HpRun            *run,
                          GError          **error)
{
  g_auto(RunGraph) g = { 0 };
  g_autofree guint *order = NULL;
  HpCriticalPath *self;
  gint64 execution;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (graph), NULL);
  g_return_val_if_fail (HP_IS_RUN (run), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  run_graph_build (&g, graph, run);
  order = topological_order (&g, error);
  if (order == NULL)
    return NULL;

  self = g_new0 (HpCriticalPath, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->run = g_object_ref (run);
  self->nodes = g_ptr_array_new ();
  self->serial_pairs = g_array_new (FALSE, FALSE, sizeof (HpSerialPair));

  execution = hp_run_get_execution_us (run);
  self->execution_us = execution == HP_TIME_UNKNOWN ? NAN : (double) execution;

  find_longest_path (self, &g, order);
  find_serial_pairs (self, &g, order);

  return self;
}

/**
 * hp_critical_path_ref:
 *
 * Returns: (transfer full): @self
 */
HpCriticalPath *
hp_critical_path_ref (HpCriticalPath *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hp_critical_path_unref (HpCriticalPath *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->run);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->serial_pairs, g_array_unref);
  g_free (self);
}

/**
 * hp_critical_path_get_run:
 *
 * Returns: (transfer none): the run analysed
 */
HpRun *
hp_critical_path_get_run (HpCriticalPath *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->run;
}

/**
 * hp_critical_path_get_length_us:
 *
 * Returns: the sum of the weights along the path: the run's least
 *   possible execution time with unlimited parallelism (µs)
 */
double
hp_critical_path_get_length_us (HpCriticalPath *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->length_us;
}

/**
 * hp_critical_path_get_execution_us:
 *
 * Returns: the run's actual execution time (finished − started, µs),
 *   NaN when unknown
 */
double
hp_critical_path_get_execution_us (HpCriticalPath *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->execution_us;
}

/**
 * hp_critical_path_get_efficiency:
 *
 * Returns: length / execution time: 1 when the run took no longer than
 *   its critical path; NaN when the execution time is unknown or 0. Above
 *   1 means the node times disagree with the graph (the timings overlap
 *   where the edges say they cannot).
 */
double
hp_critical_path_get_efficiency (HpCriticalPath *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (isnan (self->execution_us) || self->execution_us <= 0)
    return NAN;
  return self->length_us / self->execution_us;
}

/**
 * hp_critical_path_get_saving_us:
 *
 * Returns: execution time − length, at least 0: the most that unlimited
 *   parallelism (and no overhead between nodes) could have saved; NaN
 *   when the execution time is unknown
 */
double
hp_critical_path_get_saving_us (HpCriticalPath *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (isnan (self->execution_us))
    return NAN;
  return MAX (0.0, self->execution_us - self->length_us);
}

/**
 * hp_critical_path_get_n_nodes:
 *
 * Returns: how many nodes the path has (0 only for an empty run and graph)
 */
guint
hp_critical_path_get_n_nodes (HpCriticalPath *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->nodes->len;
}

/**
 * hp_critical_path_get_node:
 * @i: a position, 0 at the source
 *
 * Returns: (transfer none): the interned id of the @i-th node of the path
 */
const char *
hp_critical_path_get_node (HpCriticalPath *self,
                           guint           i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->nodes->len, NULL);
  return g_ptr_array_index (self->nodes, i);
}

/**
 * hp_critical_path_contains:
 * @node_id: a node id
 *
 * Returns: %TRUE when the node lies on the path
 */
gboolean
hp_critical_path_contains (HpCriticalPath *self,
                           const char     *node_id)
{
  GQuark quark;
  const char *interned;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);

  quark = g_quark_try_string (node_id);
  if (quark == 0)
    return FALSE;
  interned = g_quark_to_string (quark);
  for (guint i = 0; i < self->nodes->len; i++)
    if (g_ptr_array_index (self->nodes, i) == interned)
      return TRUE;
  return FALSE;
}

/**
 * hp_critical_path_get_n_serial_pairs:
 *
 * Returns: how many pairs of serial independent nodes are listed
 */
guint
hp_critical_path_get_n_serial_pairs (HpCriticalPath *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->serial_pairs->len;
}

/**
 * hp_critical_path_get_serial_pair:
 * @i: a position, largest saving first
 *
 * Returns: (transfer none): the @i-th pair
 */
const HpSerialPair *
hp_critical_path_get_serial_pair (HpCriticalPath *self,
                                  guint           i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->serial_pairs->len, NULL);
  return &g_array_index (self->serial_pairs, HpSerialPair, i);
}
