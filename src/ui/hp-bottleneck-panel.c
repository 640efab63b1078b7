/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-bottleneck-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-coalesce.h"
#include "hp-config.h"
#include "hp-bottleneck-row.h"
#include "hp-bottlenecks.h"
#include "hp-heat.h"
#include "hp-run-row.h"
#include "hp-time-format.h"

struct _HpBottleneckPanel
{
  GtkWidget     parent_instance;

  HpSession    *session;
  GSignalGroup *session_signals;
  GSignalGroup *profile_signals;
  HpCoalesce   *coalesce;        /* changes not yet shown */

  GtkDropDown  *metric_dropdown;
  GtkLabel     *caption;
  GtkListBox   *list;
  GtkLabel     *summary_label;
};

G_DEFINE_FINAL_TYPE (HpBottleneckPanel, hp_bottleneck_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The drop-down's items, in order. In the window "last" means the run the
 * user selected (the latest one unless they chose another). */
static const HpMetric dropdown_metrics[] = {
  HP_METRIC_LAST, HP_METRIC_MEAN, HP_METRIC_MEDIAN, HP_METRIC_P95, HP_METRIC_MAX,
};

static void
sync_dropdown (HpBottleneckPanel *self)
{
  HpMetric metric;

  g_assert (HP_IS_BOTTLENECK_PANEL (self));

  if (self->session == NULL)
    return;
  metric = hp_session_get_metric (self->session);
  for (guint i = 0; i < G_N_ELEMENTS (dropdown_metrics); i++)
    if (dropdown_metrics[i] == metric && gtk_drop_down_get_selected (self->metric_dropdown) != i)
      gtk_drop_down_set_selected (self->metric_dropdown, i);
}

static void
dropdown_changed_cb (HpBottleneckPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->metric_dropdown);

  g_assert (HP_IS_BOTTLENECK_PANEL (self));

  if (self->session != NULL && selected < G_N_ELEMENTS (dropdown_metrics))
    hp_session_set_metric (self->session, dropdown_metrics[selected]);
}

static void
sync_selection (HpBottleneckPanel *self)
{
  const char *node_id;
  GtkListBoxRow *match = NULL;

  g_assert (HP_IS_BOTTLENECK_PANEL (self));

  node_id = self->session != NULL ? hp_session_get_selected_node_id (self->session) : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (HP_IS_BOTTLENECK_ROW (child) &&
          hp_bottleneck_row_get_node_id (HP_BOTTLENECK_ROW (child)) == node_id)
        match = GTK_LIST_BOX_ROW (child);
    }
  if (match != NULL)
    gtk_list_box_select_row (self->list, match);
  else
    gtk_list_box_unselect_all (self->list);
}

static void
update_summary (HpBottleneckPanel *self,
                HpProfile         *profile)
{
  g_autofree char *text = NULL;
  HpRun *latest = hp_profile_get_latest_run (profile);
  guint n_runs = hp_profile_get_n_runs (profile);

  if (latest == NULL)
    {
      text = g_strdup (_("No runs recorded."));
    }
  else if (hp_run_get_status (latest) == HP_RUN_STATUS_RUNNING)
    {
      /* No total yet: how far it got instead. */
      guint n_nodes = hp_workflow_graph_get_n_nodes (hp_profile_get_graph (profile));
      guint n_done = 0;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (latest)); i++)
        {
          g_autoptr(HpNodeRun) node_run = g_list_model_get_item (G_LIST_MODEL (latest), i);
          HpNodeStatus status = hp_node_run_get_status (node_run);

          n_done += status != HP_NODE_STATUS_RUNNING && status != HP_NODE_STATUS_PENDING;
        }
      /* Translators: the last %u is the number of nodes in the workflow */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u run recorded. Latest run: running, %u of %u nodes done.",
                                           "%u runs recorded. Latest run: running, %u of %u nodes done.",
                                           n_runs),
                              n_runs, n_done, MAX (n_nodes, n_done));
    }
  else
    {
      gint64 total = hp_run_get_total_us (latest);
      g_autofree char *duration = hp_format_duration_us (total == HP_TIME_UNKNOWN ? NAN : (double) total);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u run recorded. Latest run: %s, %s in total.",
                                           "%u runs recorded. Latest run: %s, %s in total.",
                                           n_runs),
                              n_runs, hp_run_row_status_label (hp_run_get_status (latest)), duration);
    }
  gtk_label_set_text (self->summary_label, text);
}

static char *
describe (HpMetric  metric,
          HpRun    *run,
          guint     n)
{
  if (n == 0)
    return g_strdup (metric == HP_METRIC_LAST ? _("No node executed in the selected run.")
                                              : _("No node has executed yet."));

  switch (metric)
    {
    case HP_METRIC_LAST:
      /* n comes last: the singular does not use it, and trailing
       * arguments are safe to leave unused. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The slowest node of run %1$s and its share of the run’s time.",
                                           "The %2$u slowest nodes of run %1$s and their share of the run’s time.",
                                           n),
                              hp_run_get_id (run), n);
    case HP_METRIC_MEAN:
    case HP_METRIC_MEDIAN:
    case HP_METRIC_P95:
    case HP_METRIC_MAX:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The slowest node by %1$s duration over all runs, and its share.",
                                           "The %2$u slowest nodes by %1$s duration over all runs, and their share.",
                                           n),
                              hp_metric_to_string (metric), n);
    }
}

static void
update (HpBottleneckPanel *self)
{
  g_autoptr(GArray) top = NULL;
  g_autofree char *caption = NULL;
  HpProfile *profile;
  GtkWidget *child;
  HpMetric metric;
  HpRun *run;

  g_assert (HP_IS_BOTTLENECK_PANEL (self));

  hp_coalesce_done (self->coalesce);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (self->session == NULL)
    return;

  profile = hp_session_get_profile (self->session);
  metric = hp_session_get_metric (self->session);
  run = hp_session_get_selected_run (self->session);
  sync_dropdown (self);

  if (metric == HP_METRIC_LAST)
    top = run != NULL ? hp_bottlenecks_compute_for_run (profile, run, hp_session_get_top_n (self->session))
                      : g_array_new (FALSE, TRUE, sizeof (HpBottleneck));
  else
    top = hp_bottlenecks_compute (profile, metric, hp_session_get_top_n (self->session));

  for (guint i = 0; i < top->len; i++)
    {
      const HpBottleneck *b = &g_array_index (top, HpBottleneck, i);
      HpHeatLevel level = hp_heat_level_for_share (b->share,
                                                   hp_session_get_heat_low_pct (self->session),
                                                   hp_session_get_heat_high_pct (self->session));

      gtk_list_box_append (self->list, hp_bottleneck_row_new (b, metric, level));
    }

  caption = describe (metric, run, top->len);
  gtk_label_set_text (self->caption, caption);
  update_summary (self, profile);
  sync_selection (self);
}

static void
update_cb (gpointer data)
{
  update (data);
}

/* The session's choices: at once when shown, on the next map when not. */
static void
queue_update (HpBottleneckPanel *self)
{
  hp_coalesce_queue (self->coalesce, FALSE);
}

/* The same, and during a live run at most every few hundred ms. */
static void
profile_changed_cb (HpBottleneckPanel *self)
{
  hp_coalesce_queue_for (self->coalesce, self->session != NULL ? hp_session_get_profile (self->session) : NULL);
}

static void
row_activated_cb (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  HpBottleneckPanel *self)
{
  g_assert (HP_IS_BOTTLENECK_PANEL (self));

  if (self->session != NULL && HP_IS_BOTTLENECK_ROW (row))
    hp_session_jump_to_node (self->session, hp_bottleneck_row_get_node_id (HP_BOTTLENECK_ROW (row)));
}

static void
hp_bottleneck_panel_dispose (GObject *object)
{
  GtkWidget *child;
  HpBottleneckPanel *self = HP_BOTTLENECK_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_BOTTLENECK_PANEL);
  /* The template's top box has no id, so GTK 4.8 leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->session_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->coalesce, hp_coalesce_free);

  G_OBJECT_CLASS (hp_bottleneck_panel_parent_class)->dispose (object);
}

static void
hp_bottleneck_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HpBottleneckPanel *self = HP_BOTTLENECK_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_bottleneck_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HpBottleneckPanel *self = HP_BOTTLENECK_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_bottleneck_panel_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_bottleneck_panel_class_init (HpBottleneckPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_bottleneck_panel_dispose;
  object_class->get_property = hp_bottleneck_panel_get_property;
  object_class->set_property = hp_bottleneck_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-bottleneck-panel.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "bottleneck_caption", FALSE,
                                             G_STRUCT_OFFSET (HpBottleneckPanel, caption));
  gtk_widget_class_bind_template_child_full (widget_class, "bottleneck_list", FALSE,
                                             G_STRUCT_OFFSET (HpBottleneckPanel, list));
  gtk_widget_class_bind_template_child (widget_class, HpBottleneckPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HpBottleneckPanel, metric_dropdown);
  gtk_widget_class_bind_template_callback_full (widget_class, "bottleneck_row_activated_cb",
                                                G_CALLBACK (row_activated_cb));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (HP_TYPE_BOTTLENECK_ROW);
}

static void
hp_bottleneck_panel_init (HpBottleneckPanel *self)
{
  GtkWidget *dropdown_button;

  self->coalesce = hp_coalesce_new (GTK_WIDGET (self), HP_COALESCE_LIVE_INTERVAL_MS, HP_COALESCE_NOW,
                                    update_cb, self);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8's drop-down takes the keyboard focus on an inner toggle
   * button that has no name of its own: name it after the drop-down (as
   * GtkMenuButton does for its inner button), which its visible label
   * names through the mnemonic. */
  dropdown_button = gtk_widget_get_first_child (GTK_WIDGET (self->metric_dropdown));
  if (GTK_IS_TOGGLE_BUTTON (dropdown_button))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown_button),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->metric_dropdown, NULL,
                                    -1);

  g_signal_connect_object (self->metric_dropdown, "notify::selected",
                           G_CALLBACK (dropdown_changed_cb), self, G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (HP_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected-node-id",
                                 G_CALLBACK (sync_selection), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::metric",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::selected-run",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::top-n",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::heat-low-pct",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::heat-high-pct",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  self->profile_signals = g_signal_group_new (HP_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "changed",
                                 G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hp_bottleneck_panel_new (void)
{
  return g_object_new (HP_TYPE_BOTTLENECK_PANEL, NULL);
}

/**
 * hp_bottleneck_panel_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HpSession *
hp_bottleneck_panel_get_session (HpBottleneckPanel *self)
{
  g_return_val_if_fail (HP_IS_BOTTLENECK_PANEL (self), NULL);
  return self->session;
}

void
hp_bottleneck_panel_set_session (HpBottleneckPanel *self,
                                 HpSession         *session)
{
  g_return_if_fail (HP_IS_BOTTLENECK_PANEL (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->profile_signals, session ? hp_session_get_profile (session) : NULL);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * hp_bottleneck_panel_get_list:
 *
 * Returns: (transfer none): the list box of #HpBottleneckRow
 */
GtkListBox *
hp_bottleneck_panel_get_list (HpBottleneckPanel *self)
{
  g_return_val_if_fail (HP_IS_BOTTLENECK_PANEL (self), NULL);
  hp_coalesce_flush (self->coalesce);
  return self->list;
}
