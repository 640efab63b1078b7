/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-session.h"

#include "hp-bottlenecks.h"
#include "hp-comparison.h"
#include "hp-heat.h"

struct _HpSession
{
  GObject     parent_instance;

  HpProfile  *profile;
  HpRun      *selected_run;      /* nullable */
  gboolean    follow_latest;     /* the user has not picked a run */
  const char *selected_node_id;  /* interned, nullable */
  HpMetric    metric;
  guint       top_n;
  double      threshold_pct;
  double      noise_floor_ms;
  double      heat_low_pct;
  double      heat_high_pct;
};

G_DEFINE_FINAL_TYPE (HpSession, hp_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_SELECTED_RUN,
  PROP_SELECTED_NODE_ID,
  PROP_METRIC,
  PROP_TOP_N,
  PROP_THRESHOLD_PCT,
  PROP_NOISE_FLOOR_MS,
  PROP_HEAT_LOW_PCT,
  PROP_HEAT_HIGH_PCT,
  N_PROPS
};

enum {
  JUMP_TO_NODE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_selected_run_internal (HpSession *self,
                           HpRun     *run)
{
  g_assert (HP_IS_SESSION (self));

  if (g_set_object (&self->selected_run, run))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_RUN]);
}

/* Keeps the selected run valid as runs come and go. */
static void
profile_changed_cb (HpSession *self,
                    HpProfile *profile)
{
  g_assert (HP_IS_SESSION (self));

  if (self->follow_latest ||
      self->selected_run == NULL ||
      hp_profile_get_run_position (profile, self->selected_run) < 0)
    {
      self->follow_latest = TRUE;
      set_selected_run_internal (self, hp_profile_get_latest_run (profile));
    }
}

static void
hp_session_dispose (GObject *object)
{
  HpSession *self = HP_SESSION (object);

  g_clear_object (&self->selected_run);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (hp_session_parent_class)->dispose (object);
}

static void
hp_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HpSession *self = HP_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_SELECTED_RUN:
      g_value_set_object (value, self->selected_run);
      break;
    case PROP_SELECTED_NODE_ID:
      g_value_set_static_string (value, self->selected_node_id);
      break;
    case PROP_METRIC:
      g_value_set_int (value, self->metric);
      break;
    case PROP_TOP_N:
      g_value_set_uint (value, self->top_n);
      break;
    case PROP_THRESHOLD_PCT:
      g_value_set_double (value, self->threshold_pct);
      break;
    case PROP_NOISE_FLOOR_MS:
      g_value_set_double (value, self->noise_floor_ms);
      break;
    case PROP_HEAT_LOW_PCT:
      g_value_set_double (value, self->heat_low_pct);
      break;
    case PROP_HEAT_HIGH_PCT:
      g_value_set_double (value, self->heat_high_pct);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_double (HpSession *self,
            double    *field,
            double     value,
            guint      prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
hp_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HpSession *self = HP_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;
    case PROP_SELECTED_RUN:
      hp_session_set_selected_run (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_NODE_ID:
      hp_session_set_selected_node_id (self, g_value_get_string (value));
      break;
    case PROP_METRIC:
      hp_session_set_metric (self, g_value_get_int (value));
      break;
    case PROP_TOP_N:
      if (self->top_n != g_value_get_uint (value))
        {
          self->top_n = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_THRESHOLD_PCT:
      set_double (self, &self->threshold_pct, g_value_get_double (value), prop_id);
      break;
    case PROP_NOISE_FLOOR_MS:
      set_double (self, &self->noise_floor_ms, g_value_get_double (value), prop_id);
      break;
    case PROP_HEAT_LOW_PCT:
      set_double (self, &self->heat_low_pct, g_value_get_double (value), prop_id);
      break;
    case PROP_HEAT_HIGH_PCT:
      set_double (self, &self->heat_high_pct, g_value_get_double (value), prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_session_constructed (GObject *object)
{
  HpSession *self = HP_SESSION (object);

  G_OBJECT_CLASS (hp_session_parent_class)->constructed (object);

  g_assert (HP_IS_PROFILE (self->profile));
  g_signal_connect_object (self->profile, "changed", G_CALLBACK (profile_changed_cb),
                           self, G_CONNECT_SWAPPED);
  profile_changed_cb (self, self->profile);
}

static GParamSpec *
double_pspec (const char *name,
              double      maximum,
              double      fallback)
{
  return g_param_spec_double (name, NULL, NULL, 0.0, maximum, fallback,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
hp_session_class_init (HpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hp_session_constructed;
  object_class->dispose = hp_session_dispose;
  object_class->get_property = hp_session_get_property;
  object_class->set_property = hp_session_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, HP_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_RUN] =
    g_param_spec_object ("selected-run", NULL, NULL, HP_TYPE_RUN,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_NODE_ID] =
    g_param_spec_string ("selected-node-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_METRIC] =
    g_param_spec_int ("metric", NULL, NULL, HP_METRIC_MEAN, HP_METRIC_MAX, HP_METRIC_LAST,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOP_N] =
    g_param_spec_uint ("top-n", NULL, NULL, 1, 100, HP_BOTTLENECKS_DEFAULT_TOP,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_THRESHOLD_PCT] =
    double_pspec ("threshold-pct", 10000.0, HP_REGRESSION_DEFAULT_THRESHOLD_PCT);
  properties[PROP_NOISE_FLOOR_MS] =
    double_pspec ("noise-floor-ms", 1e9, HP_REGRESSION_DEFAULT_NOISE_FLOOR_US / 1000.0);
  properties[PROP_HEAT_LOW_PCT] = double_pspec ("heat-low-pct", 100.0, HP_HEAT_DEFAULT_LOW_PCT);
  properties[PROP_HEAT_HIGH_PCT] = double_pspec ("heat-high-pct", 100.0, HP_HEAT_DEFAULT_HIGH_PCT);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HpSession::jump-to-node:
   * @node_id: the node to bring into sight (already selected)
   *
   * Views that can scroll or pan (the list, the canvas) centre the node.
   */
  signals[JUMP_TO_NODE] =
    g_signal_new ("jump-to-node", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hp_session_init (HpSession *self)
{
  self->follow_latest = TRUE;
  /* The run the user looks at (the latest by default), as the heatmap
   * of DESIGN.md and the "share of the run" of the bottleneck panel. */
  self->metric = HP_METRIC_LAST;
  self->top_n = HP_BOTTLENECKS_DEFAULT_TOP;
  self->threshold_pct = HP_REGRESSION_DEFAULT_THRESHOLD_PCT;
  self->noise_floor_ms = HP_REGRESSION_DEFAULT_NOISE_FLOOR_US / 1000.0;
  self->heat_low_pct = HP_HEAT_DEFAULT_LOW_PCT;
  self->heat_high_pct = HP_HEAT_DEFAULT_HIGH_PCT;
}

HpSession *
hp_session_new (HpProfile *profile)
{
  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);

  return g_object_new (HP_TYPE_SESSION, "profile", profile, NULL);
}

/**
 * hp_session_get_profile:
 *
 * Returns: (transfer none): the document
 */
HpProfile *
hp_session_get_profile (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), NULL);
  return self->profile;
}

/**
 * hp_session_get_selected_run:
 *
 * Returns: (transfer none) (nullable): the run the panels show
 */
HpRun *
hp_session_get_selected_run (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), NULL);
  return self->selected_run;
}

/**
 * hp_session_set_selected_run:
 * @run: (nullable): a run of the profile; %NULL to follow the latest run
 */
void
hp_session_set_selected_run (HpSession *self,
                             HpRun     *run)
{
  g_return_if_fail (HP_IS_SESSION (self));
  g_return_if_fail (run == NULL || HP_IS_RUN (run));

  if (run != NULL && hp_profile_get_run_position (self->profile, run) < 0)
    {
      g_critical ("Run “%s” is not in this session's profile", hp_run_get_id (run));
      return;
    }

  self->follow_latest = run == NULL || run == hp_profile_get_latest_run (self->profile);
  set_selected_run_internal (self, run != NULL ? run : hp_profile_get_latest_run (self->profile));
}

const char *
hp_session_get_selected_node_id (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), NULL);
  return self->selected_node_id;
}

/**
 * hp_session_set_selected_node_id:
 * @node_id: (nullable): a node id, or %NULL to select nothing
 */
void
hp_session_set_selected_node_id (HpSession  *self,
                                 const char *node_id)
{
  const char *interned;

  g_return_if_fail (HP_IS_SESSION (self));

  interned = node_id != NULL ? g_intern_string (node_id) : NULL;
  if (self->selected_node_id == interned)
    return;
  self->selected_node_id = interned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE_ID]);
}

void
hp_session_jump_to_node (HpSession  *self,
                         const char *node_id)
{
  g_return_if_fail (HP_IS_SESSION (self));
  g_return_if_fail (node_id != NULL);

  hp_session_set_selected_node_id (self, node_id);
  g_signal_emit (self, signals[JUMP_TO_NODE], 0, self->selected_node_id);
}

HpMetric
hp_session_get_metric (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), HP_METRIC_MEAN);
  return self->metric;
}

void
hp_session_set_metric (HpSession *self,
                       HpMetric   metric)
{
  g_return_if_fail (HP_IS_SESSION (self));

  if (self->metric == metric)
    return;
  self->metric = metric;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
}

guint
hp_session_get_top_n (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), HP_BOTTLENECKS_DEFAULT_TOP);
  return self->top_n;
}

double
hp_session_get_threshold_pct (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), HP_REGRESSION_DEFAULT_THRESHOLD_PCT);
  return self->threshold_pct;
}

double
hp_session_get_noise_floor_us (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), HP_REGRESSION_DEFAULT_NOISE_FLOOR_US);
  return self->noise_floor_ms * 1000.0;
}

double
hp_session_get_heat_low_pct (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), HP_HEAT_DEFAULT_LOW_PCT);
  return self->heat_low_pct;
}

double
hp_session_get_heat_high_pct (HpSession *self)
{
  g_return_val_if_fail (HP_IS_SESSION (self), HP_HEAT_DEFAULT_HIGH_PCT);
  return self->heat_high_pct;
}
