/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-node-stats.h"

#include <math.h>
#include <string.h>

struct _HpNodeStats
{
  GObject            parent_instance;

  const char        *node_id;     /* interned */
  char              *node_type;
  char              *title;
  guint              run_count;
  guint              executed_count;
  guint              cached_count;
  guint              failed_count;
  guint              bottleneck_rank;
  HpDurationSummary  summary;
  double             recent[HP_NODE_STATS_RECENT_MAX];
  guint              n_recent;
};

G_DEFINE_FINAL_TYPE (HpNodeStats, hp_node_stats, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NODE_ID,
  PROP_NODE_TYPE,
  PROP_TITLE,
  PROP_RUN_COUNT,
  PROP_EXECUTED_COUNT,
  PROP_CACHED_COUNT,
  PROP_FAILED_COUNT,
  PROP_MEAN_US,
  PROP_MIN_US,
  PROP_MAX_US,
  PROP_MEDIAN_US,
  PROP_P95_US,
  PROP_P99_US,
  PROP_STDDEV_US,
  PROP_LAST_US,
  PROP_BOTTLENECK_RANK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hp_node_stats_finalize (GObject *object)
{
  HpNodeStats *self = HP_NODE_STATS (object);

  g_free (self->node_type);
  g_free (self->title);

  G_OBJECT_CLASS (hp_node_stats_parent_class)->finalize (object);
}

static void
hp_node_stats_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HpNodeStats *self = HP_NODE_STATS (object);

  switch (prop_id)
    {
    case PROP_NODE_ID:
      g_value_set_static_string (value, self->node_id);
      break;
    case PROP_NODE_TYPE:
      g_value_set_string (value, self->node_type);
      break;
    case PROP_TITLE:
      g_value_set_string (value, hp_node_stats_get_title (self));
      break;
    case PROP_RUN_COUNT:
      g_value_set_uint (value, self->run_count);
      break;
    case PROP_EXECUTED_COUNT:
      g_value_set_uint (value, self->executed_count);
      break;
    case PROP_CACHED_COUNT:
      g_value_set_uint (value, self->cached_count);
      break;
    case PROP_FAILED_COUNT:
      g_value_set_uint (value, self->failed_count);
      break;
    case PROP_MEAN_US:
      g_value_set_double (value, self->summary.mean);
      break;
    case PROP_MIN_US:
      g_value_set_double (value, self->summary.min);
      break;
    case PROP_MAX_US:
      g_value_set_double (value, self->summary.max);
      break;
    case PROP_MEDIAN_US:
      g_value_set_double (value, self->summary.median);
      break;
    case PROP_P95_US:
      g_value_set_double (value, self->summary.p95);
      break;
    case PROP_P99_US:
      g_value_set_double (value, self->summary.p99);
      break;
    case PROP_STDDEV_US:
      g_value_set_double (value, self->summary.stddev);
      break;
    case PROP_LAST_US:
      g_value_set_double (value, hp_node_stats_get_last_us (self));
      break;
    case PROP_BOTTLENECK_RANK:
      g_value_set_uint (value, self->bottleneck_rank);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The value is NaN while the node never executed, but a pspec's default
 * must lie within its range and NaN compares false, so the nominal
 * default is 0 (these properties are read-only). */
static GParamSpec *
duration_pspec (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static GParamSpec *
count_pspec (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
hp_node_stats_class_init (HpNodeStatsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hp_node_stats_finalize;
  object_class->get_property = hp_node_stats_get_property;

  properties[PROP_NODE_ID] =
    g_param_spec_string ("node-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NODE_TYPE] =
    g_param_spec_string ("node-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUN_COUNT] = count_pspec ("run-count");
  properties[PROP_EXECUTED_COUNT] = count_pspec ("executed-count");
  properties[PROP_CACHED_COUNT] = count_pspec ("cached-count");
  properties[PROP_FAILED_COUNT] = count_pspec ("failed-count");
  properties[PROP_MEAN_US] = duration_pspec ("mean-us");
  properties[PROP_MIN_US] = duration_pspec ("min-us");
  properties[PROP_MAX_US] = duration_pspec ("max-us");
  properties[PROP_MEDIAN_US] = duration_pspec ("median-us");
  properties[PROP_P95_US] = duration_pspec ("p95-us");
  properties[PROP_P99_US] = duration_pspec ("p99-us");
  properties[PROP_STDDEV_US] = duration_pspec ("stddev-us");
  properties[PROP_LAST_US] = duration_pspec ("last-us");
  properties[PROP_BOTTLENECK_RANK] = count_pspec ("bottleneck-rank");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hp_node_stats_init (HpNodeStats *self)
{
  hp_duration_summary_compute (NULL, 0, &self->summary);
}

HpNodeStats *
hp_node_stats_new (const char *node_id)
{
  HpNodeStats *self;

  g_return_val_if_fail (node_id != NULL, NULL);

  self = g_object_new (HP_TYPE_NODE_STATS, NULL);
  self->node_id = g_intern_string (node_id);
  return self;
}

const char *
hp_node_stats_get_node_id (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NULL);
  return self->node_id;
}

const char *
hp_node_stats_get_node_type (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NULL);
  return self->node_type;
}

/**
 * hp_node_stats_get_title:
 *
 * Returns: the title, else the type, else the id: never %NULL
 */
const char *
hp_node_stats_get_title (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NULL);

  if (self->title != NULL && *self->title != '\0')
    return self->title;
  if (self->node_type != NULL && *self->node_type != '\0')
    return self->node_type;
  return self->node_id;
}

void
hp_node_stats_set_labels (HpNodeStats *self,
                          const char  *node_type,
                          const char  *title)
{
  g_return_if_fail (HP_IS_NODE_STATS (self));

  if (g_strcmp0 (self->node_type, node_type) != 0)
    {
      g_free (self->node_type);
      self->node_type = g_strdup (node_type);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE_TYPE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

guint
hp_node_stats_get_executed_count (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), 0);
  return self->executed_count;
}

guint
hp_node_stats_get_cached_count (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), 0);
  return self->cached_count;
}

guint
hp_node_stats_get_failed_count (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), 0);
  return self->failed_count;
}

guint
hp_node_stats_get_run_count (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), 0);
  return self->run_count;
}

gboolean
hp_node_stats_has_durations (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), FALSE);
  return self->summary.count > 0;
}

const HpDurationSummary *
hp_node_stats_get_summary (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NULL);
  return &self->summary;
}

double
hp_node_stats_get_mean_us (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NAN);
  return self->summary.mean;
}

double
hp_node_stats_get_min_us (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NAN);
  return self->summary.min;
}

double
hp_node_stats_get_max_us (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NAN);
  return self->summary.max;
}

double
hp_node_stats_get_median_us (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NAN);
  return self->summary.median;
}

double
hp_node_stats_get_p95_us (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NAN);
  return self->summary.p95;
}

double
hp_node_stats_get_p99_us (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NAN);
  return self->summary.p99;
}

double
hp_node_stats_get_stddev_us (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NAN);
  return self->summary.stddev;
}

/**
 * hp_node_stats_get_last_us:
 *
 * Returns: the duration in the most recent run in which the node executed
 */
double
hp_node_stats_get_last_us (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NAN);
  return self->n_recent > 0 ? self->recent[self->n_recent - 1] : NAN;
}

/**
 * hp_node_stats_get_recent_us:
 * @n_values: (out): how many values (at most 20)
 *
 * Returns: (transfer none): the last durations, oldest first
 */
const double *
hp_node_stats_get_recent_us (HpNodeStats *self,
                             guint       *n_values)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), NULL);
  g_return_val_if_fail (n_values != NULL, NULL);

  *n_values = self->n_recent;
  return self->recent;
}

guint
hp_node_stats_get_bottleneck_rank (HpNodeStats *self)
{
  g_return_val_if_fail (HP_IS_NODE_STATS (self), 0);
  return self->bottleneck_rank;
}

void
hp_node_stats_set_bottleneck_rank (HpNodeStats *self,
                                   guint        rank)
{
  g_return_if_fail (HP_IS_NODE_STATS (self));

  if (self->bottleneck_rank == rank)
    return;
  self->bottleneck_rank = rank;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOTTLENECK_RANK]);
}

/* NaN-aware equality: "unchanged" must hold for a node that never ran. */
static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
update_count (HpNodeStats *self,
              guint       *field,
              guint        value,
              guint        prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
update_duration (HpNodeStats *self,
                 double      *field,
                 double       value,
                 guint        prop_id)
{
  if (same_double (*field, value))
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
hp_node_stats_update (HpNodeStats             *self,
                      guint                    run_count,
                      guint                    executed_count,
                      guint                    cached_count,
                      guint                    failed_count,
                      const HpDurationSummary *summary,
                      const double            *recent,
                      guint                    n_recent)
{
  g_return_if_fail (HP_IS_NODE_STATS (self));
  g_return_if_fail (summary != NULL);
  g_return_if_fail (n_recent == 0 || recent != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  update_count (self, &self->run_count, run_count, PROP_RUN_COUNT);
  update_count (self, &self->executed_count, executed_count, PROP_EXECUTED_COUNT);
  update_count (self, &self->cached_count, cached_count, PROP_CACHED_COUNT);
  update_count (self, &self->failed_count, failed_count, PROP_FAILED_COUNT);

  self->summary.count = summary->count;
  update_duration (self, &self->summary.mean, summary->mean, PROP_MEAN_US);
  update_duration (self, &self->summary.min, summary->min, PROP_MIN_US);
  update_duration (self, &self->summary.max, summary->max, PROP_MAX_US);
  update_duration (self, &self->summary.median, summary->median, PROP_MEDIAN_US);
  update_duration (self, &self->summary.p95, summary->p95, PROP_P95_US);
  update_duration (self, &self->summary.p99, summary->p99, PROP_P99_US);
  update_duration (self, &self->summary.stddev, summary->stddev, PROP_STDDEV_US);

  if (n_recent > HP_NODE_STATS_RECENT_MAX)
    {
      recent += n_recent - HP_NODE_STATS_RECENT_MAX;
      n_recent = HP_NODE_STATS_RECENT_MAX;
    }
  /* "last-us" also stands for the recent list, which sparklines draw. */
  if (n_recent != self->n_recent ||
      (n_recent > 0 && memcmp (self->recent, recent, n_recent * sizeof (double)) != 0))
    {
      if (n_recent > 0)
        memcpy (self->recent, recent, n_recent * sizeof (double));
      self->n_recent = n_recent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_US]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}
