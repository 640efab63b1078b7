/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-node-run.h"

#include <math.h>

/* Rarely present fields live apart, so the common node run stays small:
 * a profile may hold hundreds of thousands of them. */
typedef struct {
  char   *error;
  GArray *progress;   /* of HpProgressEvent */
  gint64  tokens;
  double  cost;
  char   *currency;
  gint64  peak_memory;
  gint64  output_size;
  int     retries;
  HpMemorySamples *memory;
} HpNodeRunExtra;

struct _HpNodeRun
{
  GObject         parent_instance;

  const char     *node_id;      /* interned */
  gint64          start_us;
  gint64          end_us;
  gint64          duration_us;
  HpNodeRunExtra *extra;
  guint8          status;
};

G_DEFINE_FINAL_TYPE (HpNodeRun, hp_node_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NODE_ID,
  PROP_STATUS,
  PROP_DURATION_US,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static HpNodeRunExtra *
ensure_extra (HpNodeRun *self)
{
  g_assert (HP_IS_NODE_RUN (self));

  if (self->extra == NULL)
    {
      self->extra = g_new0 (HpNodeRunExtra, 1);
      self->extra->tokens = -1;
      self->extra->cost = NAN;
      self->extra->peak_memory = -1;
      self->extra->output_size = -1;
    }
  return self->extra;
}

static void
hp_node_run_finalize (GObject *object)
{
  HpNodeRun *self = HP_NODE_RUN (object);

  if (self->extra != NULL)
    {
      g_free (self->extra->error);
      g_free (self->extra->currency);
      g_clear_pointer (&self->extra->progress, g_array_unref);
      g_free (self->extra->memory);
      g_free (self->extra);
    }

  G_OBJECT_CLASS (hp_node_run_parent_class)->finalize (object);
}

static void
hp_node_run_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HpNodeRun *self = HP_NODE_RUN (object);

  switch (prop_id)
    {
    case PROP_NODE_ID:
      g_value_set_static_string (value, self->node_id);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_DURATION_US:
      g_value_set_int64 (value, self->duration_us);
      break;
    case PROP_ERROR:
      g_value_set_string (value, hp_node_run_get_error (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_node_run_class_init (HpNodeRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hp_node_run_finalize;
  object_class->get_property = hp_node_run_get_property;

  properties[PROP_NODE_ID] =
    g_param_spec_string ("node-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      HP_NODE_STATUS_COMPLETED, HP_NODE_STATUS_PENDING, HP_NODE_STATUS_PENDING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DURATION_US] =
    g_param_spec_int64 ("duration-us", NULL, NULL,
                        G_MININT64, G_MAXINT64, HP_TIME_UNKNOWN,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hp_node_run_init (HpNodeRun *self)
{
  self->start_us = HP_TIME_UNKNOWN;
  self->end_us = HP_TIME_UNKNOWN;
  self->duration_us = HP_TIME_UNKNOWN;
  self->status = HP_NODE_STATUS_PENDING;
}

/**
 * hp_node_run_new:
 * @node_id: the id of the node in the workflow graph
 * @status: how the node ended (or that it is still running)
 *
 * Returns: (transfer full): a node run with no times yet
 */
HpNodeRun *
hp_node_run_new (const char   *node_id,
                 HpNodeStatus  status)
{
  HpNodeRun *self;

  g_return_val_if_fail (node_id != NULL, NULL);

  self = g_object_new (HP_TYPE_NODE_RUN, NULL);
  self->node_id = g_intern_string (node_id);
  self->status = status;
  return self;
}

/**
 * hp_node_run_get_node_id:
 *
 * Returns: the node id, interned (compare with `==` against other interned ids)
 */
const char *
hp_node_run_get_node_id (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), NULL);
  return self->node_id;
}

HpNodeStatus
hp_node_run_get_status (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), HP_NODE_STATUS_PENDING);
  return (HpNodeStatus) self->status;
}

void
hp_node_run_set_status (HpNodeRun    *self,
                        HpNodeStatus  status)
{
  g_return_if_fail (HP_IS_NODE_RUN (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * hp_node_run_is_executed:
 *
 * Returns: %TRUE when the node ran to completion, the only case whose
 *   duration counts in statistics
 */
gboolean
hp_node_run_is_executed (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), FALSE);
  return self->status == HP_NODE_STATUS_COMPLETED && self->duration_us != HP_TIME_UNKNOWN;
}

gint64
hp_node_run_get_start_us (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), HP_TIME_UNKNOWN);
  return self->start_us;
}

gint64
hp_node_run_get_end_us (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), HP_TIME_UNKNOWN);
  return self->end_us;
}

/**
 * hp_node_run_set_times:
 * @start_us: start, µs since the epoch, or %HP_TIME_UNKNOWN
 * @end_us: end, µs since the epoch, or %HP_TIME_UNKNOWN
 *
 * Sets start and end; when both are known the duration becomes their
 * difference.
 */
void
hp_node_run_set_times (HpNodeRun *self,
                       gint64     start_us,
                       gint64     end_us)
{
  g_return_if_fail (HP_IS_NODE_RUN (self));

  self->start_us = start_us;
  self->end_us = end_us;
  if (start_us != HP_TIME_UNKNOWN && end_us != HP_TIME_UNKNOWN)
    hp_node_run_set_duration_us (self, end_us - start_us);
}

gint64
hp_node_run_get_duration_us (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), HP_TIME_UNKNOWN);
  return self->duration_us;
}

void
hp_node_run_set_duration_us (HpNodeRun *self,
                             gint64     duration_us)
{
  g_return_if_fail (HP_IS_NODE_RUN (self));

  if (self->duration_us == duration_us)
    return;
  self->duration_us = duration_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_US]);
}

const char *
hp_node_run_get_error (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), NULL);
  return self->extra ? self->extra->error : NULL;
}

void
hp_node_run_set_error (HpNodeRun  *self,
                       const char *error)
{
  g_return_if_fail (HP_IS_NODE_RUN (self));

  if (g_strcmp0 (hp_node_run_get_error (self), error) == 0)
    return;
  g_free (ensure_extra (self)->error);
  self->extra->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

void
hp_node_run_add_progress (HpNodeRun *self,
                          gint64     time_us,
                          double     value,
                          double     max)
{
  HpProgressEvent event = { time_us, value, max };
  HpNodeRunExtra *extra;

  g_return_if_fail (HP_IS_NODE_RUN (self));

  extra = ensure_extra (self);
  if (extra->progress == NULL)
    extra->progress = g_array_new (FALSE, FALSE, sizeof (HpProgressEvent));
  g_array_append_val (extra->progress, event);
}

/**
 * hp_node_run_get_progress:
 * @n_events: (out): number of events
 *
 * Returns: (transfer none) (nullable): the progress events, oldest first
 */
const HpProgressEvent *
hp_node_run_get_progress (HpNodeRun *self,
                          guint     *n_events)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), NULL);
  g_return_val_if_fail (n_events != NULL, NULL);

  if (self->extra == NULL || self->extra->progress == NULL)
    {
      *n_events = 0;
      return NULL;
    }
  *n_events = self->extra->progress->len;
  return (const HpProgressEvent *) (gpointer) self->extra->progress->data;
}

gint64
hp_node_run_get_tokens (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), -1);
  return self->extra ? self->extra->tokens : -1;
}

void
hp_node_run_set_tokens (HpNodeRun *self,
                        gint64     tokens)
{
  g_return_if_fail (HP_IS_NODE_RUN (self));
  ensure_extra (self)->tokens = tokens;
}

double
hp_node_run_get_cost (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), NAN);
  return self->extra ? self->extra->cost : NAN;
}

const char *
hp_node_run_get_currency (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), NULL);
  return self->extra ? self->extra->currency : NULL;
}

void
hp_node_run_set_cost (HpNodeRun  *self,
                      double      cost,
                      const char *currency)
{
  HpNodeRunExtra *extra;

  g_return_if_fail (HP_IS_NODE_RUN (self));

  extra = ensure_extra (self);
  extra->cost = cost;
  /* @currency may be this run's own string (found by tests/fuzz). */
  if (currency != extra->currency)
    {
      g_free (extra->currency);
      extra->currency = g_strdup (currency);
    }
}

gint64
hp_node_run_get_peak_memory (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), -1);
  return self->extra ? self->extra->peak_memory : -1;
}

void
hp_node_run_set_peak_memory (HpNodeRun *self,
                             gint64     bytes)
{
  g_return_if_fail (HP_IS_NODE_RUN (self));
  ensure_extra (self)->peak_memory = bytes;
}

gint64
hp_node_run_get_output_size (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), -1);
  return self->extra ? self->extra->output_size : -1;
}

void
hp_node_run_set_output_size (HpNodeRun *self,
                             gint64     bytes)
{
  g_return_if_fail (HP_IS_NODE_RUN (self));
  ensure_extra (self)->output_size = bytes;
}

int
hp_node_run_get_retries (HpNodeRun *self)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), 0);
  return self->extra ? self->extra->retries : 0;
}

void
hp_node_run_set_retries (HpNodeRun *self,
                         int        retries)
{
  g_return_if_fail (HP_IS_NODE_RUN (self));
  ensure_extra (self)->retries = retries;
}

/**
 * hp_node_run_get_memory_samples:
 * @samples: (out): where to copy them
 *
 * Returns: %TRUE when memory was sampled while the node ran
 */
gboolean
hp_node_run_get_memory_samples (HpNodeRun       *self,
                                HpMemorySamples *samples)
{
  g_return_val_if_fail (HP_IS_NODE_RUN (self), FALSE);
  g_return_val_if_fail (samples != NULL, FALSE);

  if (self->extra == NULL || self->extra->memory == NULL)
    return FALSE;
  *samples = *self->extra->memory;
  return TRUE;
}

/**
 * hp_node_run_set_memory_samples:
 * @samples: (nullable): the sampled memory figures, or %NULL to drop them
 */
void
hp_node_run_set_memory_samples (HpNodeRun             *self,
                                const HpMemorySamples *samples)
{
  HpNodeRunExtra *extra;

  g_return_if_fail (HP_IS_NODE_RUN (self));

  if (samples == NULL)
    {
      if (self->extra != NULL)
        g_clear_pointer (&self->extra->memory, g_free);
      return;
    }
  extra = ensure_extra (self);
  if (extra->memory == NULL)
    extra->memory = g_new0 (HpMemorySamples, 1);
  *extra->memory = *samples;
}
