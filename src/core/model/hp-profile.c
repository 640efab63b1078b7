/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-profile-private.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (HpProfile, hp_profile, G_TYPE_OBJECT)

G_DEFINE_QUARK (hp-profile-error-quark, hp_profile_error)

enum {
  PROP_0,
  PROP_BASELINE,
  PROP_DISMISSED_INSIGHTS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Runs sort by start time; a run whose start is unknown by its queue time;
 * runs with neither go last. The id breaks ties so the order is stable. */
static gint64
run_sort_time (HpRun *run)
{
  gint64 t = hp_run_get_started_us (run);

  if (t == HP_TIME_UNKNOWN)
    t = hp_run_get_queued_us (run);
  return t == HP_TIME_UNKNOWN ? G_MAXINT64 : t;
}

static int
run_compare (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  HpRun *run_a = HP_RUN ((gpointer) a);
  HpRun *run_b = HP_RUN ((gpointer) b);
  gint64 ta = run_sort_time (run_a);
  gint64 tb = run_sort_time (run_b);

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return g_strcmp0 (hp_run_get_id (run_a), hp_run_get_id (run_b));
}

static int
run_pointer_compare (gconstpointer a,
                     gconstpointer b)
{
  return run_compare (*(HpRun * const *) a, *(HpRun * const *) b, NULL);
}

static void
emit_changed (HpProfile *self)
{
  _hp_profile_refresh_node_stats (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
hp_profile_dispose (GObject *object)
{
  HpProfile *self = HP_PROFILE (object);

  g_clear_object (&self->baseline);
  g_clear_object (&self->graph);
  g_clear_object (&self->runs);
  g_clear_object (&self->node_stats);
  g_clear_pointer (&self->runs_by_id, g_hash_table_unref);
  g_clear_pointer (&self->stats_by_id, g_hash_table_unref);
  g_clear_pointer (&self->dismissed, g_ptr_array_unref);

  G_OBJECT_CLASS (hp_profile_parent_class)->dispose (object);
}

static void
hp_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HpProfile *self = HP_PROFILE (object);

  switch (prop_id)
    {
    case PROP_BASELINE:
      g_value_set_object (value, self->baseline);
      break;
    case PROP_DISMISSED_INSIGHTS:
      g_value_set_boxed (value, hp_profile_get_dismissed_insights (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_profile_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HpProfile *self = HP_PROFILE (object);

  switch (prop_id)
    {
    case PROP_BASELINE:
      hp_profile_set_baseline (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_profile_class_init (HpProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hp_profile_dispose;
  object_class->get_property = hp_profile_get_property;
  object_class->set_property = hp_profile_set_property;

  properties[PROP_BASELINE] =
    g_param_spec_object ("baseline", NULL, NULL, HP_TYPE_RUN,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HpProfile:dismissed-insights:
   *
   * The keys of the insights the user dismissed (a sorted strv).
   */
  properties[PROP_DISMISSED_INSIGHTS] =
    g_param_spec_boxed ("dismissed-insights", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HpProfile::changed:
   *
   * Emitted after runs were added, removed or changed, once the node
   * statistics are up to date again.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hp_profile_init (HpProfile *self)
{
  self->graph = hp_workflow_graph_new ();
  self->runs = g_list_store_new (HP_TYPE_RUN);
  self->runs_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->node_stats = g_list_store_new (HP_TYPE_NODE_STATS);
  self->stats_by_id = g_hash_table_new (NULL, NULL);
  self->dismissed = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

HpProfile *
hp_profile_new (void)
{
  return g_object_new (HP_TYPE_PROFILE, NULL);
}

/**
 * hp_profile_get_graph:
 *
 * Returns: (transfer none): the workflow graph; edit it, then add runs or
 *   call hp_profile_run_changed() so statistics pick up new nodes
 */
HpWorkflowGraph *
hp_profile_get_graph (HpProfile *self)
{
  g_return_val_if_fail (HP_IS_PROFILE (self), NULL);
  return self->graph;
}

/**
 * hp_profile_get_runs:
 *
 * Returns: (transfer none): a #GListModel of #HpRun, oldest first
 */
GListModel *
hp_profile_get_runs (HpProfile *self)
{
  g_return_val_if_fail (HP_IS_PROFILE (self), NULL);
  return G_LIST_MODEL (self->runs);
}

guint
hp_profile_get_n_runs (HpProfile *self)
{
  g_return_val_if_fail (HP_IS_PROFILE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->runs));
}

/**
 * hp_profile_get_run:
 *
 * Returns: (transfer none) (nullable): the run at @position
 */
HpRun *
hp_profile_get_run (HpProfile *self,
                    guint      position)
{
  g_autoptr(HpRun) run = NULL;

  g_return_val_if_fail (HP_IS_PROFILE (self), NULL);

  /* The store keeps its own reference, so a borrowed pointer is safe. */
  run = g_list_model_get_item (G_LIST_MODEL (self->runs), position);
  return run;
}

/**
 * hp_profile_lookup_run:
 *
 * Returns: (transfer none) (nullable): the run with that id
 */
HpRun *
hp_profile_lookup_run (HpProfile  *self,
                       const char *run_id)
{
  g_return_val_if_fail (HP_IS_PROFILE (self), NULL);
  g_return_val_if_fail (run_id != NULL, NULL);
  return g_hash_table_lookup (self->runs_by_id, run_id);
}

/**
 * hp_profile_get_latest_run:
 *
 * Returns: (transfer none) (nullable): the run that started last
 */
HpRun *
hp_profile_get_latest_run (HpProfile *self)
{
  guint n;

  g_return_val_if_fail (HP_IS_PROFILE (self), NULL);

  n = hp_profile_get_n_runs (self);
  return n > 0 ? hp_profile_get_run (self, n - 1) : NULL;
}

/**
 * hp_profile_get_run_position:
 *
 * Returns: the position of @run in the runs model, -1 when absent
 */
int
hp_profile_get_run_position (HpProfile *self,
                             HpRun     *run)
{
  guint position;

  g_return_val_if_fail (HP_IS_PROFILE (self), -1);
  g_return_val_if_fail (HP_IS_RUN (run), -1);

  if (!g_list_store_find (self->runs, run, &position))
    return -1;
  return (int) position;
}

static gboolean
check_new_ids (HpProfile  *self,
               HpRun     **runs,
               guint       n_runs,
               GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_runs; i++)
    {
      const char *id = hp_run_get_id (runs[i]);

      if (g_hash_table_contains (self->runs_by_id, id) || !g_hash_table_add (seen, (gpointer) id))
        {
          g_set_error (error, HP_PROFILE_ERROR, HP_PROFILE_ERROR_DUPLICATE_RUN,
                       "run id “%s” appears more than once", id);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * hp_profile_add_run:
 * @run: (transfer none): the run to add
 *
 * Inserts @run at its place in start-time order.
 *
 * Returns: %FALSE with %HP_PROFILE_ERROR_DUPLICATE_RUN when the id is taken
 */
gboolean
hp_profile_add_run (HpProfile  *self,
                    HpRun      *run,
                    GError    **error)
{
  return hp_profile_add_runs (self, &run, 1, error);
}

/**
 * hp_profile_add_runs:
 * @runs: (array length=n_runs) (transfer none): runs, in any order
 *
 * Adds all runs, or none when an id is taken or repeated. The statistics
 * are computed once for the whole batch.
 */
gboolean
hp_profile_add_runs (HpProfile  *self,
                     HpRun     **runs,
                     guint       n_runs,
                     GError    **error)
{
  g_return_val_if_fail (HP_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (n_runs == 0 || runs != NULL, FALSE);

  if (n_runs == 0)
    return TRUE;
  if (!check_new_ids (self, runs, n_runs, error))
    return FALSE;

  for (guint i = 0; i < n_runs; i++)
    g_hash_table_insert (self->runs_by_id, (gpointer) hp_run_get_id (runs[i]), runs[i]);

  if (n_runs == 1)
    {
      g_list_store_insert_sorted (self->runs, runs[0], run_compare, NULL);
    }
  else
    {
      guint n_old = hp_profile_get_n_runs (self);
      g_autoptr(GPtrArray) all = g_ptr_array_new_full (n_old + n_runs, g_object_unref);

      for (guint i = 0; i < n_old; i++)
        g_ptr_array_add (all, g_list_model_get_item (G_LIST_MODEL (self->runs), i));
      for (guint i = 0; i < n_runs; i++)
        g_ptr_array_add (all, g_object_ref (runs[i]));
      g_ptr_array_sort (all, run_pointer_compare);
      g_list_store_splice (self->runs, 0, n_old, all->pdata, all->len);
    }

  emit_changed (self);
  return TRUE;
}

/**
 * hp_profile_remove_run:
 *
 * Removes @run; a removed baseline is unpinned.
 *
 * Returns: %TRUE when the run was in the profile
 */
gboolean
hp_profile_remove_run (HpProfile *self,
                       HpRun     *run)
{
  guint position;

  g_return_val_if_fail (HP_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (HP_IS_RUN (run), FALSE);

  if (!g_list_store_find (self->runs, run, &position))
    return FALSE;

  if (self->baseline == run)
    hp_profile_set_baseline (self, NULL);
  g_hash_table_remove (self->runs_by_id, hp_run_get_id (run));
  g_list_store_remove (self->runs, position);
  emit_changed (self);
  return TRUE;
}

void
hp_profile_clear_runs (HpProfile *self)
{
  g_return_if_fail (HP_IS_PROFILE (self));

  if (hp_profile_get_n_runs (self) == 0)
    return;
  hp_profile_set_baseline (self, NULL);
  g_hash_table_remove_all (self->runs_by_id);
  g_list_store_remove_all (self->runs);
  emit_changed (self);
}

/* Whether @run, at @position, still sorts between its neighbours. */
static gboolean
run_in_order (HpProfile *self,
              HpRun     *run,
              guint      position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  if (position > 0)
    {
      g_autoptr(HpRun) before = g_list_model_get_item (G_LIST_MODEL (self->runs), position - 1);

      if (run_compare (before, run, NULL) > 0)
        return FALSE;
    }
  if (position + 1 < n)
    {
      g_autoptr(HpRun) after = g_list_model_get_item (G_LIST_MODEL (self->runs), position + 1);

      if (run_compare (run, after, NULL) > 0)
        return FALSE;
    }
  return TRUE;
}

void
hp_profile_run_changed (HpProfile *self,
                        HpRun     *run)
{
  guint position;

  g_return_if_fail (HP_IS_PROFILE (self));
  g_return_if_fail (HP_IS_RUN (run));

  if (!g_list_store_find (self->runs, run, &position))
    return;

  /* Its start time may have moved it; only then is it taken out and put
   * back (a live run changes many times a second, and each removal makes
   * the run list rebuild its row). */
  if (!run_in_order (self, run, position))
    {
      g_object_ref (run);
      g_list_store_remove (self->runs, position);
      g_list_store_insert_sorted (self->runs, run, run_compare, NULL);
      g_object_unref (run);
    }
  emit_changed (self);
}

/**
 * hp_profile_get_baseline:
 *
 * Returns: (transfer none) (nullable): the pinned baseline run
 */
HpRun *
hp_profile_get_baseline (HpProfile *self)
{
  g_return_val_if_fail (HP_IS_PROFILE (self), NULL);
  return self->baseline;
}

/**
 * hp_profile_set_baseline:
 * @run: (nullable): a run of this profile, or %NULL to unpin
 */
void
hp_profile_set_baseline (HpProfile *self,
                         HpRun     *run)
{
  g_return_if_fail (HP_IS_PROFILE (self));
  g_return_if_fail (run == NULL || HP_IS_RUN (run));
  g_return_if_fail (run == NULL || hp_profile_lookup_run (self, hp_run_get_id (run)) == run);

  if (g_set_object (&self->baseline, run))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASELINE]);
}

guint
hp_profile_merge (HpProfile *self,
                  HpProfile *other)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  guint skipped = 0;
  guint n;

  g_return_val_if_fail (HP_IS_PROFILE (self), 0);
  g_return_val_if_fail (HP_IS_PROFILE (other), 0);

  hp_workflow_graph_merge (self->graph, other->graph);

  n = hp_profile_get_n_runs (other);
  for (guint i = 0; i < n; i++)
    {
      HpRun *run = hp_profile_get_run (other, i);

      if (hp_profile_lookup_run (self, hp_run_get_id (run)) != NULL)
        skipped++;
      else
        g_ptr_array_add (fresh, run);
    }

  /* Ids are checked above, so this cannot fail. */
  if (fresh->len > 0)
    hp_profile_add_runs (self, (HpRun **) fresh->pdata, fresh->len, NULL);
  else
    emit_changed (self);

  if (self->baseline == NULL && other->baseline != NULL &&
      hp_profile_lookup_run (self, hp_run_get_id (other->baseline)) == other->baseline)
    hp_profile_set_baseline (self, other->baseline);

  return skipped;
}

/* The position of @key in the sorted list, or where it would go. */
static gboolean
find_dismissed (HpProfile  *self,
                const char *key,
                guint      *position)
{
  guint lo = 0;
  guint hi = self->dismissed->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = strcmp (g_ptr_array_index (self->dismissed, mid), key);

      if (cmp == 0)
        {
          *position = mid;
          return TRUE;
        }
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *position = lo;
  return FALSE;
}

/**
 * hp_profile_get_dismissed_insights:
 *
 * Returns: (transfer none) (array zero-terminated=1): the keys of the
 *   dismissed insights (hp_insight_dup_key()), sorted; empty, never %NULL
 */
const char * const *
hp_profile_get_dismissed_insights (HpProfile *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (HP_IS_PROFILE (self), none);

  /* An empty null-terminated GPtrArray may not have allocated pdata yet. */
  if (self->dismissed->pdata == NULL)
    return none;
  return (const char * const *) self->dismissed->pdata;
}

gboolean
hp_profile_is_insight_dismissed (HpProfile  *self,
                                 const char *key)
{
  guint position;

  g_return_val_if_fail (HP_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return find_dismissed (self, key, &position);
}

/**
 * hp_profile_set_dismissed_insight:
 * @key: an insight's key (hp_insight_dup_key())
 * @dismissed: whether the user does not want to see it again
 *
 * Remembers (or forgets) that the user dismissed the insight @key. The
 * list is part of the document: it is saved with it, and a change
 * notifies #HpProfile:dismissed-insights, so the window knows there is
 * something to save.
 */
void
hp_profile_set_dismissed_insight (HpProfile  *self,
                                  const char *key,
                                  gboolean    dismissed)
{
  guint position;
  gboolean present;

  g_return_if_fail (HP_IS_PROFILE (self));
  g_return_if_fail (key != NULL && *key != '\0');

  present = find_dismissed (self, key, &position);
  if (present == !!dismissed)
    return;
  if (dismissed)
    g_ptr_array_insert (self->dismissed, (int) position, g_strdup (key));
  else
    g_ptr_array_remove_index (self->dismissed, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISMISSED_INSIGHTS]);
}
