/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-run.h"

struct _HpRun
{
  GObject     parent_instance;

  char       *id;
  char       *note;
  gint64      queued_us;
  gint64      started_us;
  gint64      finished_us;
  GPtrArray  *node_runs;      /* of HpNodeRun */
  GHashTable *by_node_id;     /* interned id → HpNodeRun, built on first lookup */
  HpRunStatus status;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HpRun, hp_run, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_ID,
  PROP_STATUS,
  PROP_STARTED_US,
  PROP_EXECUTION_US,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
hp_run_get_item_type (GListModel *model)
{
  return HP_TYPE_NODE_RUN;
}

static guint
hp_run_get_n_items (GListModel *model)
{
  return HP_RUN (model)->node_runs->len;
}

static gpointer
hp_run_get_item (GListModel *model,
                 guint       position)
{
  HpRun *self = HP_RUN (model);

  if (position >= self->node_runs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->node_runs, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hp_run_get_item_type;
  iface->get_n_items = hp_run_get_n_items;
  iface->get_item = hp_run_get_item;
}

static void
hp_run_finalize (GObject *object)
{
  HpRun *self = HP_RUN (object);

  g_free (self->id);
  g_free (self->note);
  g_clear_pointer (&self->node_runs, g_ptr_array_unref);
  g_clear_pointer (&self->by_node_id, g_hash_table_unref);

  G_OBJECT_CLASS (hp_run_parent_class)->finalize (object);
}

static void
hp_run_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  HpRun *self = HP_RUN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_STARTED_US:
      g_value_set_int64 (value, self->started_us);
      break;
    case PROP_EXECUTION_US:
      g_value_set_int64 (value, hp_run_get_execution_us (self));
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_run_class_init (HpRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hp_run_finalize;
  object_class->get_property = hp_run_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      HP_RUN_STATUS_SUCCEEDED, HP_RUN_STATUS_RUNNING, HP_RUN_STATUS_SUCCEEDED,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STARTED_US] =
    g_param_spec_int64 ("started-us", NULL, NULL, G_MININT64, G_MAXINT64, HP_TIME_UNKNOWN,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXECUTION_US] =
    g_param_spec_int64 ("execution-us", NULL, NULL, G_MININT64, G_MAXINT64, HP_TIME_UNKNOWN,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hp_run_init (HpRun *self)
{
  self->node_runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->queued_us = HP_TIME_UNKNOWN;
  self->started_us = HP_TIME_UNKNOWN;
  self->finished_us = HP_TIME_UNKNOWN;
  self->status = HP_RUN_STATUS_SUCCEEDED;
}

/**
 * hp_run_new:
 * @id: the run's id (a prompt id, a job id, …), unique within a profile
 *
 * Returns: (transfer full): a new, empty run
 */
HpRun *
hp_run_new (const char *id)
{
  HpRun *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (HP_TYPE_RUN, NULL);
  self->id = g_strdup (id);
  return self;
}

const char *
hp_run_get_id (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), NULL);
  return self->id;
}

HpRunStatus
hp_run_get_status (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), HP_RUN_STATUS_SUCCEEDED);
  return self->status;
}

void
hp_run_set_status (HpRun       *self,
                   HpRunStatus  status)
{
  g_return_if_fail (HP_IS_RUN (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gint64
hp_run_get_queued_us (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), HP_TIME_UNKNOWN);
  return self->queued_us;
}

void
hp_run_set_queued_us (HpRun  *self,
                      gint64  queued_us)
{
  g_return_if_fail (HP_IS_RUN (self));
  self->queued_us = queued_us;
}

gint64
hp_run_get_started_us (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), HP_TIME_UNKNOWN);
  return self->started_us;
}

void
hp_run_set_started_us (HpRun  *self,
                       gint64  started_us)
{
  g_return_if_fail (HP_IS_RUN (self));

  if (self->started_us == started_us)
    return;
  self->started_us = started_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED_US]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTION_US]);
}

gint64
hp_run_get_finished_us (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), HP_TIME_UNKNOWN);
  return self->finished_us;
}

void
hp_run_set_finished_us (HpRun  *self,
                        gint64  finished_us)
{
  g_return_if_fail (HP_IS_RUN (self));

  if (self->finished_us == finished_us)
    return;
  self->finished_us = finished_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTION_US]);
}

gint64
hp_run_get_execution_us (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), HP_TIME_UNKNOWN);

  if (self->started_us == HP_TIME_UNKNOWN || self->finished_us == HP_TIME_UNKNOWN)
    return HP_TIME_UNKNOWN;
  return self->finished_us - self->started_us;
}

gint64
hp_run_get_queue_us (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), HP_TIME_UNKNOWN);

  if (self->queued_us == HP_TIME_UNKNOWN || self->started_us == HP_TIME_UNKNOWN)
    return HP_TIME_UNKNOWN;
  return self->started_us - self->queued_us;
}

gint64
hp_run_get_total_us (HpRun *self)
{
  gint64 execution = hp_run_get_execution_us (self);
  gint64 queue = hp_run_get_queue_us (self);

  if (execution == HP_TIME_UNKNOWN)
    return HP_TIME_UNKNOWN;
  return queue == HP_TIME_UNKNOWN ? execution : queue + execution;
}

const char *
hp_run_get_note (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), NULL);
  return self->note;
}

void
hp_run_set_note (HpRun      *self,
                 const char *note)
{
  g_return_if_fail (HP_IS_RUN (self));

  if (g_strcmp0 (self->note, note) == 0)
    return;
  g_free (self->note);
  self->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

/**
 * hp_run_add_node_run:
 * @node_run: (transfer none): the node run to append
 *
 * Appends @node_run. A run holds at most one node run per node id; adding
 * a second one for the same node replaces the first in lookups only.
 */
void
hp_run_add_node_run (HpRun     *self,
                     HpNodeRun *node_run)
{
  guint position;

  g_return_if_fail (HP_IS_RUN (self));
  g_return_if_fail (HP_IS_NODE_RUN (node_run));

  position = self->node_runs->len;
  g_ptr_array_add (self->node_runs, g_object_ref (node_run));
  if (self->by_node_id != NULL)
    g_hash_table_insert (self->by_node_id,
                         (gpointer) hp_node_run_get_node_id (node_run), node_run);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/**
 * hp_run_lookup_node_run:
 * @node_id: a node id
 *
 * Returns: (transfer none) (nullable): this run's record of that node
 */
HpNodeRun *
hp_run_lookup_node_run (HpRun      *self,
                        const char *node_id)
{
  GQuark quark;

  g_return_val_if_fail (HP_IS_RUN (self), NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  /* Interned ids let the table hash pointers; the table is only worth
   * building for runs that are looked up into. */
  if (self->by_node_id == NULL)
    {
      self->by_node_id = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < self->node_runs->len; i++)
        {
          HpNodeRun *node_run = g_ptr_array_index (self->node_runs, i);
          g_hash_table_insert (self->by_node_id,
                               (gpointer) hp_node_run_get_node_id (node_run), node_run);
        }
    }
  /* An id that was never interned belongs to no node run. */
  quark = g_quark_try_string (node_id);
  if (quark == 0)
    return NULL;
  return g_hash_table_lookup (self->by_node_id, g_quark_to_string (quark));
}

/**
 * hp_run_get_node_runs:
 *
 * Returns: (transfer none) (element-type HpNodeRun): the node runs
 */
GPtrArray *
hp_run_get_node_runs (HpRun *self)
{
  g_return_val_if_fail (HP_IS_RUN (self), NULL);
  return self->node_runs;
}

guint
hp_run_count_nodes (HpRun        *self,
                    HpNodeStatus  status)
{
  guint count = 0;

  g_return_val_if_fail (HP_IS_RUN (self), 0);

  for (guint i = 0; i < self->node_runs->len; i++)
    if (hp_node_run_get_status (g_ptr_array_index (self->node_runs, i)) == status)
      count++;
  return count;
}
