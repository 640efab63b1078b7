/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-insights-panel.h"

#include <glib/gi18n.h>

#include "hp-coalesce.h"
#include "hp-config.h"
#include "hp-insight-row.h"
#include "hp-insights.h"

struct _HpInsightsPanel
{
  GtkWidget        parent_instance;

  HpSession       *session;
  GSignalGroup    *session_signals;
  GSignalGroup    *profile_signals;
  GListStore      *store;            /* of HpInsight, as listed */
  HpCoalesce      *coalesce;         /* profile and session changes */
  guint            n_dismissed;
  gboolean         show_dismissed;

  GtkLabel        *caption_label;
  GtkToggleButton *show_dismissed_button;
  GtkStack        *stack;
  GtkListView     *list_view;
};

G_DEFINE_FINAL_TYPE (HpInsightsPanel, hp_insights_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SHOW_DISMISSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static HpProfile *
get_profile (HpInsightsPanel *self)
{
  return self->session != NULL ? hp_session_get_profile (self->session) : NULL;
}

static gboolean
is_dismissed (HpProfile *profile,
              HpInsight *insight)
{
  g_autofree char *key = hp_insight_dup_key (insight);

  return hp_profile_is_insight_dismissed (profile, key);
}

static void
update_toggle (HpInsightsPanel *self)
{
  g_autofree char *label = NULL;

  g_assert (HP_IS_INSIGHTS_PANEL (self));

  /* Translators: a toggle button; %u counts the dismissed insights */
  label = g_strdup_printf (_("Show Dismissed (%u)"), self->n_dismissed);
  gtk_button_set_label (GTK_BUTTON (self->show_dismissed_button), label);
  gtk_widget_set_visible (GTK_WIDGET (self->show_dismissed_button),
                          self->n_dismissed > 0 || self->show_dismissed);
  if (gtk_toggle_button_get_active (self->show_dismissed_button) != self->show_dismissed)
    gtk_toggle_button_set_active (self->show_dismissed_button, self->show_dismissed);
}

/* Recomputes the insights: the session's run, its thresholds and the
 * profile's dismissals decide what is listed. */
static void
update (HpInsightsPanel *self)
{
  g_autoptr(GPtrArray) insights = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) dismissed = NULL;
  g_autofree char *caption = NULL;
  HpInsightOptions options;
  HpProfile *profile;
  HpRun *run;

  g_assert (HP_IS_INSIGHTS_PANEL (self));

  hp_coalesce_done (self->coalesce);
  profile = get_profile (self);
  listed = g_ptr_array_new ();
  dismissed = g_ptr_array_new ();
  if (profile != NULL)
    {
      run = hp_session_get_selected_run (self->session);
      hp_insight_options_init (&options);
      options.threshold_pct = hp_session_get_threshold_pct (self->session);
      options.noise_floor_us = hp_session_get_noise_floor_us (self->session);
      insights = hp_insights_compute (profile, run, &options);

      /* Already most severe first; dismissed ones (when shown) go last. */
      for (guint i = 0; i < insights->len; i++)
        {
          HpInsight *insight = g_ptr_array_index (insights, i);

          g_ptr_array_add (is_dismissed (profile, insight) ? dismissed : listed, insight);
        }
      if (run != NULL)
        caption = g_strdup_printf (_("Findings about run %s and the whole history."), hp_run_get_id (run));
      else
        caption = g_strdup (_("Findings about the whole history."));
    }

  self->n_dismissed = dismissed->len;
  if (self->show_dismissed)
    g_ptr_array_extend (listed, dismissed, NULL, NULL);
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       listed->pdata, listed->len);

  gtk_label_set_text (self->caption_label, caption != NULL ? caption : "");
  gtk_widget_set_visible (GTK_WIDGET (self->caption_label), caption != NULL);
  gtk_stack_set_visible_child_name (self->stack, listed->len > 0 ? "list" : "empty");
  update_toggle (self);
}

static void
update_cb (gpointer data)
{
  update (data);
}

/* The session's choices: at once when shown, on the next map when not. */
static void
queue_update (HpInsightsPanel *self)
{
  hp_coalesce_queue (self->coalesce, FALSE);
}

/* The profile changed: during a live run at most every few hundred ms. */
static void
profile_changed_cb (HpInsightsPanel *self)
{
  hp_coalesce_queue_for (self->coalesce, get_profile (self));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              HpInsightsPanel          *self)
{
  gtk_list_item_set_child (item, hp_insight_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             HpInsightsPanel          *self)
{
  HpInsight *insight = gtk_list_item_get_item (item);
  HpProfile *profile = get_profile (self);

  g_assert (HP_IS_INSIGHTS_PANEL (self));

  hp_insight_row_set_insight (HP_INSIGHT_ROW (gtk_list_item_get_child (item)), insight, profile,
                              profile != NULL && is_dismissed (profile, insight));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               HpInsightsPanel          *self)
{
  hp_insight_row_set_insight (HP_INSIGHT_ROW (gtk_list_item_get_child (item)), NULL, NULL, FALSE);
}

/* Enter on a row: the insight's first node (the one to look at). */
static void
activate_cb (GtkListView     *list_view,
             guint            position,
             HpInsightsPanel *self)
{
  g_autoptr(HpInsight) insight = NULL;

  g_assert (HP_IS_INSIGHTS_PANEL (self));

  insight = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (self->session != NULL && insight != NULL && hp_insight_get_n_nodes (insight) > 0)
    hp_session_jump_to_node (self->session, hp_insight_get_node (insight, 0));
}

static void
jump_to_node_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HpInsightsPanel *self = HP_INSIGHTS_PANEL (widget);

  if (self->session != NULL)
    hp_session_jump_to_node (self->session, g_variant_get_string (parameter, NULL));
}

static void
show_dismissed_toggled_cb (HpInsightsPanel *self)
{
  g_assert (HP_IS_INSIGHTS_PANEL (self));

  hp_insights_panel_set_show_dismissed (self, gtk_toggle_button_get_active (self->show_dismissed_button));
}

static void
hp_insights_panel_dispose (GObject *object)
{
  HpInsightsPanel *self = HP_INSIGHTS_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_INSIGHTS_PANEL);
  /* GTK 4.8 leaves the template's unbound children to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->coalesce, hp_coalesce_free);

  G_OBJECT_CLASS (hp_insights_panel_parent_class)->dispose (object);
}

static void
hp_insights_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HpInsightsPanel *self = HP_INSIGHTS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SHOW_DISMISSED:
      g_value_set_boolean (value, self->show_dismissed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_insights_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HpInsightsPanel *self = HP_INSIGHTS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_insights_panel_set_session (self, g_value_get_object (value));
      break;
    case PROP_SHOW_DISMISSED:
      hp_insights_panel_set_show_dismissed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_insights_panel_class_init (HpInsightsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_insights_panel_dispose;
  object_class->get_property = hp_insights_panel_get_property;
  object_class->set_property = hp_insights_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_DISMISSED] =
    g_param_spec_boolean ("show-dismissed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-insights-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, HpInsightsPanel, caption_label);
  gtk_widget_class_bind_template_child (widget_class, HpInsightsPanel, show_dismissed_button);
  gtk_widget_class_bind_template_child (widget_class, HpInsightsPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, HpInsightsPanel, list_view);
  gtk_widget_class_bind_template_callback (widget_class, show_dismissed_toggled_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "insights_activate_cb",
                                                G_CALLBACK (activate_cb));

  gtk_widget_class_install_action (widget_class, "insights.jump-to-node", "s", jump_to_node_action);

  g_type_ensure (HP_TYPE_INSIGHT_ROW);
}

static void
hp_insights_panel_init (HpInsightsPanel *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->coalesce = hp_coalesce_new (GTK_WIDGET (self), HP_COALESCE_LIVE_INTERVAL_MS, HP_COALESCE_NOW,
                                    update_cb, self);
  self->store = g_list_store_new (HP_TYPE_INSIGHT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  self->session_signals = g_signal_group_new (HP_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected-run",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::threshold-pct",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::noise-floor-ms",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  /* Live runs add and change runs while the panel is open. */
  self->profile_signals = g_signal_group_new (HP_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "changed",
                                 G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->profile_signals, "notify::baseline",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->profile_signals, "notify::dismissed-insights",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
}

GtkWidget *
hp_insights_panel_new (void)
{
  return g_object_new (HP_TYPE_INSIGHTS_PANEL, NULL);
}

/**
 * hp_insights_panel_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HpSession *
hp_insights_panel_get_session (HpInsightsPanel *self)
{
  g_return_val_if_fail (HP_IS_INSIGHTS_PANEL (self), NULL);
  return self->session;
}

void
hp_insights_panel_set_session (HpInsightsPanel *self,
                               HpSession       *session)
{
  g_return_if_fail (HP_IS_INSIGHTS_PANEL (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->profile_signals, session != NULL ? hp_session_get_profile (session) : NULL);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * hp_insights_panel_get_model:
 *
 * Returns: (transfer none): the #HpInsight listed, in order
 */
GListModel *
hp_insights_panel_get_model (HpInsightsPanel *self)
{
  g_return_val_if_fail (HP_IS_INSIGHTS_PANEL (self), NULL);
  hp_coalesce_flush (self->coalesce);
  return G_LIST_MODEL (self->store);
}

/**
 * hp_insights_panel_get_n_dismissed:
 *
 * Returns: how many of the current insights the user dismissed
 */
guint
hp_insights_panel_get_n_dismissed (HpInsightsPanel *self)
{
  g_return_val_if_fail (HP_IS_INSIGHTS_PANEL (self), 0);
  hp_coalesce_flush (self->coalesce);
  return self->n_dismissed;
}

gboolean
hp_insights_panel_get_show_dismissed (HpInsightsPanel *self)
{
  g_return_val_if_fail (HP_IS_INSIGHTS_PANEL (self), FALSE);
  return self->show_dismissed;
}

/**
 * hp_insights_panel_set_show_dismissed:
 * @show: whether dismissed insights are listed too (last, dimmed, with a
 *   Restore button)
 */
void
hp_insights_panel_set_show_dismissed (HpInsightsPanel *self,
                                      gboolean         show)
{
  g_return_if_fail (HP_IS_INSIGHTS_PANEL (self));

  show = !!show;
  if (self->show_dismissed == show)
    return;
  self->show_dismissed = show;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DISMISSED]);
}
