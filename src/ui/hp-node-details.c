/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-node-details.h"
#include "hp-node-details-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-comparison.h"
#include "hp-config.h"
#include "hp-format-utils.h"
#include "hp-time-format.h"

struct _HpNodeDetails
{
  GtkWidget     parent_instance;

  HpSession    *session;
  HpNodeStats  *stats;
  GSignalGroup *session_signals;
  GSignalGroup *profile_signals;
  GSignalGroup *stats_signals;

  GtkLabel     *min_label;
  GtkLabel     *median_label;
  GtkLabel     *max_label;
  GtkLabel     *p95_label;
  GtkLabel     *p99_label;
  GtkLabel     *stddev_label;
  GtkLabel     *change_heading;
  GtkLabel     *previous_label;
  GtkLabel     *baseline_label;
  GtkLabel     *runs_heading;
  GtkGrid      *runs_grid;
  GtkLabel     *earlier_label;
};

G_DEFINE_FINAL_TYPE (HpNodeDetails, hp_node_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_STATS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_duration (GtkLabel *label,
              double    us)
{
  g_autofree char *text = hp_format_duration_us (us);

  gtk_label_set_text (label, text);
}

static void
update_summary (HpNodeDetails *self)
{
  HpNodeStats *stats = self->stats;
  g_autofree char *accessible = NULL;

  g_assert (HP_IS_NODE_DETAILS (self));

  if (stats == NULL)
    return;
  /* The list item around the details takes the focus; this names it. */
  accessible = g_strdup_printf (_("Details of %s"), hp_node_stats_get_title (stats));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  set_duration (self->min_label, hp_node_stats_get_min_us (stats));
  set_duration (self->median_label, hp_node_stats_get_median_us (stats));
  set_duration (self->max_label, hp_node_stats_get_max_us (stats));
  set_duration (self->p95_label, hp_node_stats_get_p95_us (stats));
  set_duration (self->p99_label, hp_node_stats_get_p99_us (stats));
  set_duration (self->stddev_label, hp_node_stats_get_stddev_us (stats));
}

/* "+500.0 ms (+26.3 %)": the sign is always written, so the direction
 * never depends on the colour. */
static char *
format_delta (const HpNodeDelta *delta)
{
  g_autofree char *amount = hp_format_duration_us (delta->delta_us);
  const char *sign = delta->delta_us > 0 ? "+" : "";

  if (isnan (delta->delta_pct))
    return g_strdup_printf ("%s%s", sign, amount);
  return g_strdup_printf ("%s%s (%s%.1f %%)", sign, amount,
                          delta->delta_pct > 0 ? "+" : delta->delta_pct < 0 ? "−" : "",
                          fabs (delta->delta_pct));
}

static gboolean
is_regression (HpNodeDetails *self,
               HpComparison  *comparison,
               const char    *node_id)
{
  g_autoptr(GArray) regressions = NULL;

  g_assert (HP_IS_NODE_DETAILS (self));

  regressions = hp_comparison_find_regressions (comparison,
                                                hp_session_get_threshold_pct (self->session),
                                                hp_session_get_noise_floor_us (self->session));
  for (guint i = 0; i < regressions->len; i++)
    if (g_array_index (regressions, HpRegression, i).node_id == node_id)
      return TRUE;
  return FALSE;
}

/* Fills @label with the node's change in @run against @kind. */
static void
update_change_label (HpNodeDetails   *self,
                     GtkLabel        *label,
                     HpRun           *run,
                     HpReferenceKind  kind)
{
  g_autoptr(HpComparison) comparison = NULL;
  g_autofree char *text = NULL;
  const HpNodeDelta *delta;
  const char *node_id = hp_node_stats_get_node_id (self->stats);
  const char *what;
  HpProfile *profile = hp_session_get_profile (self->session);
  HpRun *reference;
  gboolean regression = FALSE;

  g_assert (HP_IS_NODE_DETAILS (self));
  g_assert (HP_IS_RUN (run));

  what = kind == HP_REFERENCE_BASELINE ? _("baseline") : _("previous successful run");
  comparison = hp_comparison_compute (profile, run, kind);
  if (comparison == NULL)
    {
      if (kind == HP_REFERENCE_PREVIOUS)
        text = g_strdup_printf (_("no successful run before %s"), hp_run_get_id (run));
      else if (hp_profile_get_baseline (profile) == NULL)
        text = g_strdup (_("no baseline pinned"));
      else
        text = g_strdup_printf (_("%s is the pinned baseline"), hp_run_get_id (run));
    }
  else
    {
      reference = hp_comparison_get_reference_run (comparison);
      delta = hp_comparison_lookup_node (comparison, node_id);
      if (delta != NULL && delta->has_delta)
        {
          g_autofree char *change = format_delta (delta);

          text = g_strdup_printf (_("%s vs %s %s"), change, what, hp_run_get_id (reference));
          regression = is_regression (self, comparison, node_id);
        }
      else if (delta == NULL || isnan (delta->current_us))
        text = g_strdup_printf (_("not executed in %s, nothing to compare with %s %s"),
                                hp_run_get_id (run), what, hp_run_get_id (reference));
      else
        text = g_strdup_printf (_("not executed in the %s %s"), what, hp_run_get_id (reference));
    }

  gtk_label_set_text (label, text);
  if (regression)
    gtk_widget_add_css_class (GTK_WIDGET (label), "delta-regression");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "delta-regression");
}

static void
update_change (HpNodeDetails *self)
{
  g_autofree char *heading = NULL;
  HpRun *run;

  g_assert (HP_IS_NODE_DETAILS (self));

  if (self->stats == NULL || self->session == NULL)
    return;

  run = hp_session_get_selected_run (self->session);
  if (run == NULL)
    {
      gtk_label_set_text (self->change_heading, _("Change"));
      gtk_label_set_text (self->previous_label, _("no run selected"));
      gtk_label_set_text (self->baseline_label, "");
      return;
    }

  heading = g_strdup_printf (_("Change in %s"), hp_run_get_id (run));
  gtk_label_set_text (self->change_heading, heading);
  update_change_label (self, self->previous_label, run, HP_REFERENCE_PREVIOUS);
  update_change_label (self, self->baseline_label, run, HP_REFERENCE_BASELINE);
}

static void
clear_runs (HpNodeDetails *self)
{
  GtkWidget *child;

  g_assert (HP_IS_NODE_DETAILS (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->runs_grid))) != NULL)
    gtk_grid_remove (self->runs_grid, child);
}

static void
update_runs (HpNodeDetails *self)
{
  g_autofree char *heading = NULL;
  HpProfile *profile;
  const char *node_id;
  guint n_runs;
  guint n_found = 0;
  int row = 0;
  GtkWidget *filler;

  g_assert (HP_IS_NODE_DETAILS (self));

  clear_runs (self);
  gtk_widget_set_visible (GTK_WIDGET (self->earlier_label), FALSE);
  if (self->stats == NULL || self->session == NULL)
    return;

  filler = gtk_label_new (NULL);
  gtk_widget_set_hexpand (filler, TRUE);
  gtk_grid_attach (self->runs_grid, filler, N_COLS, 0, 1, 1);

  profile = hp_session_get_profile (self->session);
  node_id = hp_node_stats_get_node_id (self->stats);
  n_runs = hp_profile_get_n_runs (profile);

  /* The profile keeps runs oldest first; walk it backwards. */
  for (guint i = n_runs; i > 0; i--)
    {
      HpRun *run = hp_profile_get_run (profile, i - 1);
      HpNodeRun *node_run = hp_run_lookup_node_run (run, node_id);

      if (node_run == NULL)
        continue;
      n_found++;
      if (n_found > HP_NODE_DETAILS_MAX_RUNS)
        continue;
      row += _hp_node_details_attach_run (self->runs_grid, run, node_run, row);
    }

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u recorded run", "%u recorded runs", n_found),
                             n_found);
  gtk_label_set_text (self->runs_heading, heading);

  if (n_found > HP_NODE_DETAILS_MAX_RUNS)
    {
      guint earlier = n_found - HP_NODE_DETAILS_MAX_RUNS;
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u earlier run", "and %u earlier runs", earlier),
                         earlier);

      gtk_label_set_text (self->earlier_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->earlier_label), TRUE);
    }
}

static void
update_all (HpNodeDetails *self)
{
  g_assert (HP_IS_NODE_DETAILS (self));

  update_summary (self);
  update_change (self);
  update_runs (self);
}

static void
hp_node_details_dispose (GObject *object)
{
  HpNodeDetails *self = HP_NODE_DETAILS (object);
  GtkWidget *child;

  if (self->stats_signals != NULL)
    g_signal_group_set_target (self->stats_signals, NULL);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->stats_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->stats);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_NODE_DETAILS);
  /* The template's unnamed boxes are our children too (plain GtkWidget). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hp_node_details_parent_class)->dispose (object);
}

static void
hp_node_details_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HpNodeDetails *self = HP_NODE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_STATS:
      g_value_set_object (value, self->stats);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_node_details_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HpNodeDetails *self = HP_NODE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_node_details_set_session (self, g_value_get_object (value));
      break;
    case PROP_STATS:
      hp_node_details_set_stats (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_node_details_class_init (HpNodeDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_node_details_dispose;
  object_class->get_property = hp_node_details_get_property;
  object_class->set_property = hp_node_details_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATS] =
    g_param_spec_object ("stats", NULL, NULL, HP_TYPE_NODE_STATS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-node-details.ui");
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, min_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, median_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, max_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, p95_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, p99_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, stddev_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, change_heading);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, previous_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, baseline_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, runs_heading);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, runs_grid);
  gtk_widget_class_bind_template_child (widget_class, HpNodeDetails, earlier_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hp_node_details_init (HpNodeDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->stats_signals = g_signal_group_new (HP_TYPE_NODE_STATS);
  g_signal_group_connect_object (self->stats_signals, "notify",
                                 G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (HP_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected-run",
                                 G_CALLBACK (update_change), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::threshold-pct",
                                 G_CALLBACK (update_change), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::noise-floor-ms",
                                 G_CALLBACK (update_change), self, G_CONNECT_SWAPPED);

  self->profile_signals = g_signal_group_new (HP_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "changed",
                                 G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->profile_signals, "notify::baseline",
                                 G_CALLBACK (update_change), self, G_CONNECT_SWAPPED);
}

/**
 * hp_node_details_new:
 *
 * Returns: (transfer floating): empty details; give them a session and a node
 */
GtkWidget *
hp_node_details_new (void)
{
  return g_object_new (HP_TYPE_NODE_DETAILS, NULL);
}

/**
 * hp_node_details_get_session:
 * @self: node details
 *
 * Returns: (transfer none) (nullable): the session whose selected run and
 *   profile the details follow
 */
HpSession *
hp_node_details_get_session (HpNodeDetails *self)
{
  g_return_val_if_fail (HP_IS_NODE_DETAILS (self), NULL);
  return self->session;
}

/**
 * hp_node_details_set_session:
 * @self: node details
 * @session: (nullable): the session to follow
 */
void
hp_node_details_set_session (HpNodeDetails *self,
                             HpSession     *session)
{
  g_return_if_fail (HP_IS_NODE_DETAILS (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->profile_signals,
                             session != NULL ? hp_session_get_profile (session) : NULL);
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * hp_node_details_get_stats:
 * @self: node details
 *
 * Returns: (transfer none) (nullable): the node shown
 */
HpNodeStats *
hp_node_details_get_stats (HpNodeDetails *self)
{
  g_return_val_if_fail (HP_IS_NODE_DETAILS (self), NULL);
  return self->stats;
}

/**
 * hp_node_details_set_stats:
 * @self: node details
 * @stats: (nullable): the node to show
 */
void
hp_node_details_set_stats (HpNodeDetails *self,
                           HpNodeStats   *stats)
{
  g_return_if_fail (HP_IS_NODE_DETAILS (self));
  g_return_if_fail (stats == NULL || HP_IS_NODE_STATS (stats));

  if (!g_set_object (&self->stats, stats))
    return;

  g_signal_group_set_target (self->stats_signals, stats);
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATS]);
}
