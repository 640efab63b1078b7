/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-group-totals.h"

#include <math.h>
#include <string.h>

struct _HpGroupTotals
{
  GObject        parent_instance;

  HpGraphGroup  *group;
  GPtrArray     *nodes;      /* interned ids */
  gint64         wall_us;
  gint64         sum_us;
  gboolean       has_intervals;
  double         share;
  guint          n_executed;
  guint          n_cached;
  GListStore    *children;
};

G_DEFINE_FINAL_TYPE (HpGroupTotals, hp_group_totals, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_WALL_US,
  PROP_SUM_US,
  PROP_N_NODES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hp_group_totals_finalize (GObject *object)
{
  HpGroupTotals *self = HP_GROUP_TOTALS (object);

  g_clear_object (&self->group);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (hp_group_totals_parent_class)->finalize (object);
}

static void
hp_group_totals_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HpGroupTotals *self = HP_GROUP_TOTALS (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, hp_group_totals_get_title (self));
      break;
    case PROP_WALL_US:
      g_value_set_int64 (value, self->wall_us);
      break;
    case PROP_SUM_US:
      g_value_set_int64 (value, self->sum_us);
      break;
    case PROP_N_NODES:
      g_value_set_uint (value, self->nodes->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_group_totals_class_init (HpGroupTotalsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hp_group_totals_finalize;
  object_class->get_property = hp_group_totals_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WALL_US] =
    g_param_spec_int64 ("wall-us", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUM_US] =
    g_param_spec_int64 ("sum-us", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_NODES] =
    g_param_spec_uint ("n-nodes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hp_group_totals_init (HpGroupTotals *self)
{
  self->nodes = g_ptr_array_new ();
  self->children = g_list_store_new (HP_TYPE_GROUP_TOTALS);
  self->has_intervals = TRUE;
  self->share = NAN;
}

/* ---- time --------------------------------------------------------------- */

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const gint64 *pa = a, *pb = b;

  if (pa[0] != pb[0])
    return pa[0] < pb[0] ? -1 : 1;
  return pa[1] < pb[1] ? -1 : pa[1] > pb[1];
}

/**
 * hp_group_totals_union_us:
 * @pairs: n_pairs × {start, end} in µs; an empty or reversed interval
 *   adds nothing
 *
 * Returns: the total length covered by at least one interval
 */
gint64
hp_group_totals_union_us (const gint64 *pairs,
                          guint         n_pairs)
{
  g_autofree gint64 *sorted = NULL;
  gint64 total = 0;
  gint64 cur_start = 0, cur_end = 0;
  gboolean open = FALSE;

  g_return_val_if_fail (pairs != NULL || n_pairs == 0, 0);

  if (n_pairs == 0)
    return 0;
  sorted = g_memdup2 (pairs, sizeof (gint64) * 2 * n_pairs);
  qsort (sorted, n_pairs, sizeof (gint64) * 2, compare_pairs);
  for (guint i = 0; i < n_pairs; i++)
    {
      gint64 start = sorted[2 * i], end = sorted[2 * i + 1];

      if (end <= start)
        continue;
      if (open && start <= cur_end)
        cur_end = MAX (cur_end, end);
      else
        {
          if (open)
            total += cur_end - cur_start;
          cur_start = start;
          cur_end = end;
          open = TRUE;
        }
    }
  if (open)
    total += cur_end - cur_start;
  return total;
}

typedef struct {
  gint64   wall_us;
  gint64   sum_us;
  gboolean has_intervals;
  guint    n_executed;
  guint    n_cached;
} Times;

static void
times_of (HpRun     *run,
          GPtrArray *nodes,
          Times     *t)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64));

  memset (t, 0, sizeof *t);
  t->has_intervals = TRUE;
  if (run == NULL)
    return;

  for (guint i = 0; i < nodes->len; i++)
    {
      HpNodeRun *node_run = hp_run_lookup_node_run (run, g_ptr_array_index (nodes, i));
      gint64 start, end;

      if (node_run == NULL)
        continue;
      if (hp_node_run_get_status (node_run) == HP_NODE_STATUS_CACHED)
        t->n_cached++;
      if (!hp_node_run_is_executed (node_run))
        continue;
      t->n_executed++;
      t->sum_us += hp_node_run_get_duration_us (node_run);
      start = hp_node_run_get_start_us (node_run);
      end = hp_node_run_get_end_us (node_run);
      if (start == HP_TIME_UNKNOWN || end == HP_TIME_UNKNOWN)
        t->has_intervals = FALSE;
      else
        {
          g_array_append_val (pairs, start);
          g_array_append_val (pairs, end);
        }
    }
  /* Never pretend: without every interval the union is unknown. */
  t->wall_us = t->has_intervals ? hp_group_totals_union_us ((gint64 *) (gpointer) pairs->data, pairs->len / 2)
                                : t->sum_us;
}

/* ---- members ------------------------------------------------------------ */

static gboolean
in_subgraph (const char *node_id,
             const char *path)
{
  gsize length = strlen (path);

  return strncmp (node_id, path, length) == 0 && node_id[length] == ':';
}

/* The group's graph nodes; a subgraph also gets the run's nodes under its
 * path that the graph lacks. */
static GPtrArray *
members_in_run (HpGraphGroup *group,
                HpRun        *run)
{
  GPtrArray *nodes = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < hp_graph_group_get_n_nodes (group); i++)
    {
      const char *id = hp_graph_group_get_node (group, i);

      g_ptr_array_add (nodes, (gpointer) id);
      g_hash_table_add (seen, (gpointer) id);
    }
  if (run != NULL && hp_graph_group_get_kind (group) == HP_GRAPH_GROUP_KIND_SUBGRAPH)
    {
      GPtrArray *node_runs = hp_run_get_node_runs (run);

      for (guint i = 0; i < node_runs->len; i++)
        {
          const char *id = hp_node_run_get_node_id (g_ptr_array_index (node_runs, i));

          if (in_subgraph (id, hp_graph_group_get_id (group)) && !g_hash_table_contains (seen, id))
            {
              g_ptr_array_add (nodes, (gpointer) id);
              g_hash_table_add (seen, (gpointer) id);
            }
        }
    }
  return nodes;
}

/* The graph's groups and subgraphs, plus subgraphs only @run's node ids
 * name (a profile without the expanded graph). */
static GPtrArray *
collect_groups (HpWorkflowGraph *graph,
                HpRun           *run)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *node_runs;

  for (guint i = 0; i < hp_workflow_graph_get_n_groups (graph); i++)
    g_ptr_array_add (groups, g_object_ref (hp_workflow_graph_get_group (graph, i)));
  if (run == NULL)
    return groups;

  node_runs = hp_run_get_node_runs (run);
  for (guint i = 0; i < node_runs->len; i++)
    {
      const char *id = hp_node_run_get_node_id (g_ptr_array_index (node_runs, i));

      for (const char *colon = strchr (id, ':'); colon != NULL; colon = strchr (colon + 1, ':'))
        {
          g_autofree char *path = g_strndup (id, colon - id);
          const char *last = strrchr (path, ':');
          gboolean known = FALSE;
          HpGraphGroup *subgraph;
          HpGraphNode *host;

          for (guint k = 0; !known && k < groups->len; k++)
            {
              HpGraphGroup *g = g_ptr_array_index (groups, k);

              known = hp_graph_group_get_kind (g) == HP_GRAPH_GROUP_KIND_SUBGRAPH &&
                      strcmp (hp_graph_group_get_id (g), path) == 0;
            }
          if (*path == '\0' || known)
            continue;
          host = hp_workflow_graph_lookup_node (graph, path);
          subgraph = hp_graph_group_new (HP_GRAPH_GROUP_KIND_SUBGRAPH, path,
                                         hp_workflow_graph_get_subgraph_title (graph, path) != NULL ?
                                         hp_workflow_graph_get_subgraph_title (graph, path) :
                                         host != NULL ? host->title : NULL);
          if (last != NULL)
            {
              g_autofree char *parent = g_strndup (path, last - path);

              _hp_graph_group_set_parent_id (subgraph, parent);
            }
          g_ptr_array_add (groups, subgraph);
        }
    }
  return groups;
}

/**
 * hp_group_totals_compute:
 * @run: (nullable): the run whose times to sum
 *
 * Returns: (transfer full): an array of #HpGroupTotals, groups first
 */
GPtrArray *
hp_group_totals_compute (HpProfile *profile,
                         HpRun     *run)
{
  g_autoptr(GPtrArray) groups = NULL;
  GPtrArray *out;
  gint64 execution_us;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (run == NULL || HP_IS_RUN (run), NULL);

  groups = collect_groups (hp_profile_get_graph (profile), run);
  out = g_ptr_array_new_with_free_func (g_object_unref);
  execution_us = run != NULL ? hp_run_get_execution_us (run) : HP_TIME_UNKNOWN;

  for (guint i = 0; i < groups->len; i++)
    {
      HpGroupTotals *totals = g_object_new (HP_TYPE_GROUP_TOTALS, NULL);
      Times t;

      totals->group = g_object_ref (g_ptr_array_index (groups, i));
      g_ptr_array_unref (totals->nodes);
      totals->nodes = members_in_run (totals->group, run);
      times_of (run, totals->nodes, &t);
      totals->wall_us = t.wall_us;
      totals->sum_us = t.sum_us;
      totals->has_intervals = t.has_intervals;
      totals->n_executed = t.n_executed;
      totals->n_cached = t.n_cached;
      if (execution_us != HP_TIME_UNKNOWN && execution_us > 0)
        totals->share = (double) t.wall_us / execution_us;
      g_ptr_array_add (out, totals);
    }

  /* The tree: children in the order of the flat list. */
  for (guint i = 0; i < out->len; i++)
    {
      HpGroupTotals *child = g_ptr_array_index (out, i);
      const char *parent_id = hp_group_totals_get_parent_id (child);

      for (guint k = 0; parent_id != NULL && k < out->len; k++)
        {
          HpGroupTotals *parent = g_ptr_array_index (out, k);

          if (k != i && hp_group_totals_get_kind (parent) == hp_group_totals_get_kind (child) &&
              strcmp (hp_group_totals_get_id (parent), parent_id) == 0)
            {
              g_list_store_append (parent->children, child);
              break;
            }
        }
    }
  return out;
}

/**
 * hp_group_totals_get_roots:
 *
 * Returns: (transfer full): the entries of @totals without a parent
 */
GListModel *
hp_group_totals_get_roots (GPtrArray *totals)
{
  GListStore *roots = g_list_store_new (HP_TYPE_GROUP_TOTALS);

  g_return_val_if_fail (totals != NULL, G_LIST_MODEL (roots));

  for (guint i = 0; i < totals->len; i++)
    if (hp_group_totals_get_parent_id (g_ptr_array_index (totals, i)) == NULL)
      g_list_store_append (roots, g_ptr_array_index (totals, i));
  return G_LIST_MODEL (roots);
}

void
hp_group_totals_summarize (HpProfile         *profile,
                           HpGraphGroup      *group,
                           HpDurationSummary *out)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_if_fail (HP_IS_PROFILE (profile));
  g_return_if_fail (HP_IS_GRAPH_GROUP (group));
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < hp_profile_get_n_runs (profile); i++)
    {
      HpRun *run = hp_profile_get_run (profile, i);
      g_autoptr(GPtrArray) nodes = members_in_run (group, run);
      Times t;

      times_of (run, nodes, &t);
      if (t.n_executed > 0)
        {
          double wall = (double) t.wall_us;

          g_array_append_val (values, wall);
        }
    }
  hp_duration_summary_compute ((double *) (gpointer) values->data, values->len, out);
}

/* ---- getters ------------------------------------------------------------ */

HpGraphGroup *
hp_group_totals_get_group (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), NULL);
  return self->group;
}

HpGraphGroupKind
hp_group_totals_get_kind (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), HP_GRAPH_GROUP_KIND_GROUP);
  return hp_graph_group_get_kind (self->group);
}

const char *
hp_group_totals_get_id (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), NULL);
  return hp_graph_group_get_id (self->group);
}

const char *
hp_group_totals_get_title (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), NULL);
  return hp_graph_group_get_title (self->group);
}

const char *
hp_group_totals_get_parent_id (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), NULL);
  return hp_graph_group_get_parent_id (self->group);
}

gint64
hp_group_totals_get_wall_us (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), 0);
  return self->wall_us;
}

gint64
hp_group_totals_get_sum_us (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), 0);
  return self->sum_us;
}

gboolean
hp_group_totals_has_intervals (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), FALSE);
  return self->has_intervals;
}

double
hp_group_totals_get_share (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), NAN);
  return self->share;
}

guint
hp_group_totals_get_n_nodes (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), 0);
  return self->nodes->len;
}

guint
hp_group_totals_get_n_executed (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), 0);
  return self->n_executed;
}

guint
hp_group_totals_get_n_cached (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), 0);
  return self->n_cached;
}

GPtrArray *
hp_group_totals_get_nodes (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), NULL);
  return self->nodes;
}

GListModel *
hp_group_totals_get_children (HpGroupTotals *self)
{
  g_return_val_if_fail (HP_IS_GROUP_TOTALS (self), NULL);
  return G_LIST_MODEL (self->children);
}
