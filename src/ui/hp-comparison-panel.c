/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comparison-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-coalesce.h"
#include "hp-config.h"
#include "hp-delta-row.h"
#include "hp-run-chooser.h"
#include "hp-run-row.h"

struct _HpComparisonPanel
{
  GtkWidget        parent_instance;

  HpSession       *session;
  HpProfile       *profile;
  HpReferenceKind  reference;
  HpComparison    *comparison;     /* nullable: what is shown */
  HpCoalesce      *coalesce;      /* the changes that redo the comparison */

  HpRunChooser    *run_chooser;
  GtkStack        *stack;
  GtkImage        *message_icon;
  GtkLabel        *message_title;
  GtkLabel        *message_label;
  GtkLabel        *reference_label;
  GtkListBox      *total_list;
  GtkListBox      *node_list;
  GtkLabel        *uncompared_label;
};

G_DEFINE_FINAL_TYPE (HpComparisonPanel, hp_comparison_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_REFERENCE,
  PROP_REFERENCE_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reference_run_changed_cb (HpComparisonPanel *self);

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_message (HpComparisonPanel *self,
              const char        *icon_name,
              const char        *title,
              const char        *description)
{
  g_assert (HP_IS_COMPARISON_PANEL (self));

  gtk_image_set_from_icon_name (self->message_icon, icon_name);
  gtk_label_set_text (self->message_title, title);
  gtk_label_set_text (self->message_label, description);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
show_no_reference (HpComparisonPanel *self,
                   HpRun             *run)
{
  g_assert (HP_IS_COMPARISON_PANEL (self));

  switch (self->reference)
    {
    case HP_REFERENCE_PREVIOUS:
      show_message (self, "dialog-information-symbolic", _("Nothing to Compare With"),
                    _("No successful run before this one. Select a later run, or "
                      "compare against the mean or a baseline."));
      break;
    case HP_REFERENCE_MEAN:
      show_message (self, "dialog-information-symbolic", _("Nothing to Compare With"),
                    _("No earlier runs to average. Select a later run to compare it "
                      "with the mean of the runs before it."));
      break;
    case HP_REFERENCE_RUN:
      show_message (self, "dialog-information-symbolic", _("Same Run"),
                    hp_profile_get_n_runs (self->profile) > 1 ?
                    _("Choose another run above to compare this one with.") :
                    _("There is only one run. Compare runs once there are more."));
      break;
    case HP_REFERENCE_BASELINE:
    default:
      if (hp_profile_get_baseline (self->profile) == run)
        show_message (self, "view-pin-symbolic", _("This Run Is the Baseline"),
                      _("Select another run to compare it against the baseline."));
      else
        show_message (self, "view-pin-symbolic", _("No Baseline"),
                      _("No baseline pinned. Pin a run in the Runs panel to compare "
                        "against it."));
      break;
    }
}

static HpDeltaVerdict
verdict_for (double delta_us,
             double delta_pct,
             double threshold_pct,
             double noise_floor_us)
{
  switch (hp_change_classify (delta_us, delta_pct, threshold_pct, noise_floor_us))
    {
    case HP_CHANGE_SLOWER:
      return HP_DELTA_VERDICT_SLOWER;
    case HP_CHANGE_FASTER:
      return HP_DELTA_VERDICT_FASTER;
    case HP_CHANGE_SAME:
    default:
      return HP_DELTA_VERDICT_NEUTRAL;
    }
}

static int
compare_by_abs_delta (gconstpointer a,
                      gconstpointer b)
{
  const HpNodeDelta *da = *(const HpNodeDelta * const *) a;
  const HpNodeDelta *db = *(const HpNodeDelta * const *) b;
  double fa = fabs (da->delta_us);
  double fb = fabs (db->delta_us);

  if (fa != fb)
    return fa > fb ? -1 : 1;
  /* Same size: keep the profile's node order (the array is in it). */
  return da < db ? -1 : da > db;
}

static void
select_session_node (HpComparisonPanel *self)
{
  const char *node_id;

  g_assert (HP_IS_COMPARISON_PANEL (self));

  node_id = self->session != NULL ? hp_session_get_selected_node_id (self->session) : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->node_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (HP_IS_DELTA_ROW (child) && node_id != NULL &&
          hp_delta_row_get_node_id (HP_DELTA_ROW (child)) == node_id)
        {
          gtk_list_box_select_row (self->node_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
  gtk_list_box_unselect_all (self->node_list);
}

static char *
describe_reference (HpComparisonPanel *self)
{
  g_autofree char *current = NULL;
  g_autofree char *reference = NULL;
  HpRun *reference_run;

  g_assert (HP_IS_COMPARISON_PANEL (self));
  g_assert (self->comparison != NULL);

  current = hp_run_row_format_start (hp_comparison_get_run (self->comparison));
  reference_run = hp_comparison_get_reference_run (self->comparison);
  if (reference_run != NULL)
    reference = hp_run_row_format_start (reference_run);

  switch (self->reference)
    {
    case HP_REFERENCE_PREVIOUS:
      /* Translators: "<run start> vs the previous successful run, <its start>" */
      return g_strdup_printf (_("Run of %s vs the previous successful run, %s"),
                              current, reference);
    case HP_REFERENCE_MEAN:
      return g_strdup_printf (_("Run of %s vs the mean of the runs before it"), current);
    case HP_REFERENCE_RUN:
      /* Translators: "Run of <start> (<id>) vs the run of <start> (<id>)" */
      return g_strdup_printf (_("Run of %s (%s) vs the run of %s (%s)"),
                              current, hp_run_get_id (hp_comparison_get_run (self->comparison)),
                              reference, hp_run_get_id (reference_run));
    case HP_REFERENCE_BASELINE:
    default:
      return g_strdup_printf (_("Run of %s vs the baseline, %s"), current, reference);
    }
}

/* NULL when there is nothing to compare with: no other run. */
static HpComparison *
compute_against_chosen_run (HpComparisonPanel *self,
                            HpRun             *run)
{
  HpRun *before = hp_run_chooser_get_run (self->run_chooser);
  HpRun *chosen;

  g_signal_handlers_block_by_func (self->run_chooser, reference_run_changed_cb, self);
  chosen = hp_run_chooser_ensure_run (self->run_chooser, run);
  g_signal_handlers_unblock_by_func (self->run_chooser, reference_run_changed_cb, self);
  if (chosen != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE_RUN]);
  if (chosen == NULL || chosen == run)
    return NULL;
  return hp_comparison_compute_between (run, chosen);
}

static void
update (HpComparisonPanel *self)
{
  g_autoptr(GPtrArray) deltas = NULL;
  g_autofree char *description = NULL;
  HpNodeDelta total = { NULL, FALSE, NAN, NAN, NAN, NAN };
  HpDeltaVerdict verdict;
  double threshold_pct;
  double noise_floor_us;
  GtkWidget *row;
  HpRun *run;
  guint n_nodes;
  guint uncompared;

  g_assert (HP_IS_COMPARISON_PANEL (self));

  hp_coalesce_done (self->coalesce);
  clear_list (self->total_list);
  clear_list (self->node_list);
  g_clear_pointer (&self->comparison, hp_comparison_unref);

  run = self->session != NULL ? hp_session_get_selected_run (self->session) : NULL;
  if (run == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->run_chooser), FALSE);
      show_message (self, "document-open-recent-symbolic", _("No Run"),
                    _("Select a run in the Runs panel to compare it."));
      return;
    }

  if (self->reference == HP_REFERENCE_RUN)
    self->comparison = compute_against_chosen_run (self, run);
  else
    self->comparison = hp_comparison_compute (self->profile, run, self->reference);
  gtk_widget_set_visible (GTK_WIDGET (self->run_chooser), self->reference == HP_REFERENCE_RUN);
  if (self->comparison == NULL)
    {
      show_no_reference (self, run);
      return;
    }

  description = describe_reference (self);
  gtk_label_set_text (self->reference_label, description);

  threshold_pct = hp_session_get_threshold_pct (self->session);
  noise_floor_us = hp_session_get_noise_floor_us (self->session);
  /* The whole run: execution times, queue time left out. */
  total.has_delta = hp_comparison_get_total (self->comparison, &total.current_us,
                                             &total.reference_us, &total.delta_us,
                                             &total.delta_pct);
  verdict = verdict_for (total.delta_us, total.delta_pct, threshold_pct, noise_floor_us);
  row = hp_delta_row_new (&total, _("Execution time"), verdict);
  gtk_widget_set_name (row, "total-row");
  gtk_list_box_append (self->total_list, row);

  n_nodes = hp_comparison_get_n_nodes (self->comparison);
  deltas = g_ptr_array_sized_new (n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      const HpNodeDelta *delta = hp_comparison_get_node (self->comparison, i);

      if (delta->has_delta)
        g_ptr_array_add (deltas, (gpointer) delta);
    }
  g_ptr_array_sort (deltas, compare_by_abs_delta);

  for (guint i = 0; i < deltas->len; i++)
    {
      const HpNodeDelta *delta = g_ptr_array_index (deltas, i);
      HpNodeStats *stats = hp_profile_lookup_node_stats (self->profile, delta->node_id);
      const char *title = stats != NULL ? hp_node_stats_get_title (stats) : delta->node_id;

      verdict = verdict_for (delta->delta_us, delta->delta_pct, threshold_pct, noise_floor_us);
      gtk_list_box_append (self->node_list, hp_delta_row_new (delta, title, verdict));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->node_list), deltas->len > 0);

  uncompared = n_nodes - deltas->len;
  if (uncompared > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u node not compared: cached, failed or not run "
                                           "on one side.",
                                           "%u nodes not compared: cached, failed or not run "
                                           "on one side.",
                                           uncompared),
                              uncompared);
      gtk_label_set_text (self->uncompared_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->uncompared_label), uncompared > 0);

  select_session_node (self);
  gtk_stack_set_visible_child_name (self->stack, "comparison");
}

static void
update_cb (gpointer data)
{
  update (data);
}

/* Several changes often come together (a run added moves the selected
 * run too): redo the work once, before the next frame is drawn — and
 * not at all while the panel is hidden (it catches up when shown). */
static void
queue_update (HpComparisonPanel *self)
{
  g_assert (HP_IS_COMPARISON_PANEL (self));

  hp_coalesce_queue (self->coalesce, FALSE);
}

/* Live runs change many times a second: then at most every few hundred
 * milliseconds. */
static void
profile_changed_cb (HpComparisonPanel *self)
{
  g_assert (HP_IS_COMPARISON_PANEL (self));

  hp_coalesce_queue_for (self->coalesce, self->profile);
}

/* The user chose another run in the drop-down. */
static void
reference_run_changed_cb (HpComparisonPanel *self)
{
  g_assert (HP_IS_COMPARISON_PANEL (self));

  queue_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE_RUN]);
}

static void
row_activated_cb (HpComparisonPanel *self,
                  GtkListBoxRow     *row,
                  GtkListBox        *list)
{
  const char *node_id;

  g_assert (HP_IS_COMPARISON_PANEL (self));

  if (self->session == NULL || !HP_IS_DELTA_ROW (row))
    return;
  node_id = hp_delta_row_get_node_id (HP_DELTA_ROW (row));
  if (node_id != NULL)
    hp_session_jump_to_node (self->session, node_id);
}

static void
disconnect_session (HpComparisonPanel *self)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
}

static void
hp_comparison_panel_dispose (GObject *object)
{
  HpComparisonPanel *self = HP_COMPARISON_PANEL (object);
  GtkWidget *child;

  disconnect_session (self);
  if (self->run_chooser != NULL)
    g_signal_handlers_disconnect_by_data (self->run_chooser, self);
  g_clear_pointer (&self->coalesce, hp_coalesce_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), HP_TYPE_COMPARISON_PANEL);
  /* The template's unnamed boxes are our children too (plain GtkWidget). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->comparison, hp_comparison_unref);
  g_clear_object (&self->profile);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hp_comparison_panel_parent_class)->dispose (object);
}

static void
hp_comparison_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HpComparisonPanel *self = HP_COMPARISON_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_REFERENCE:
      g_value_set_int (value, self->reference);
      break;
    case PROP_REFERENCE_RUN:
      g_value_set_object (value, hp_comparison_panel_get_reference_run (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_comparison_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HpComparisonPanel *self = HP_COMPARISON_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_comparison_panel_set_session (self, g_value_get_object (value));
      break;
    case PROP_REFERENCE:
      hp_comparison_panel_set_reference (self, g_value_get_int (value));
      break;
    case PROP_REFERENCE_RUN:
      hp_comparison_panel_set_reference_run (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_comparison_panel_class_init (HpComparisonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_comparison_panel_dispose;
  object_class->get_property = hp_comparison_panel_get_property;
  object_class->set_property = hp_comparison_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HpComparisonPanel:reference:
   *
   * What the selected run is compared with, an #HpReferenceKind. The
   * header's toggle buttons are bound to it ("comparison.reference").
   */
  properties[PROP_REFERENCE] =
    g_param_spec_int ("reference", NULL, NULL,
                      HP_REFERENCE_PREVIOUS, HP_REFERENCE_RUN, HP_REFERENCE_PREVIOUS,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HpComparisonPanel:reference-run:
   *
   * The run chosen in the header's drop-down, compared with while
   * #HpComparisonPanel:reference is %HP_REFERENCE_RUN.
   */
  properties[PROP_REFERENCE_RUN] =
    g_param_spec_object ("reference-run", NULL, NULL, HP_TYPE_RUN,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HP_TYPE_RUN_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-comparison-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, run_chooser);
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, message_icon);
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, message_title);
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, message_label);
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, reference_label);
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, total_list);
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, node_list);
  gtk_widget_class_bind_template_child (widget_class, HpComparisonPanel, uncompared_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_property_action (widget_class, "comparison.reference", "reference");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hp_comparison_panel_init (HpComparisonPanel *self)
{
  self->reference = HP_REFERENCE_PREVIOUS;
  self->coalesce = hp_coalesce_new (GTK_WIDGET (self), HP_COALESCE_LIVE_INTERVAL_MS, HP_COALESCE_IDLE,
                                    update_cb, self);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->run_chooser, "notify::run",
                            G_CALLBACK (reference_run_changed_cb), self);
  update (self);
}

/**
 * hp_comparison_panel_new:
 *
 * Returns: (transfer floating): a comparison panel; give it a session
 *   with hp_comparison_panel_set_session()
 */
GtkWidget *
hp_comparison_panel_new (void)
{
  return g_object_new (HP_TYPE_COMPARISON_PANEL, NULL);
}

/**
 * hp_comparison_panel_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HpSession *
hp_comparison_panel_get_session (HpComparisonPanel *self)
{
  g_return_val_if_fail (HP_IS_COMPARISON_PANEL (self), NULL);
  return self->session;
}

/**
 * hp_comparison_panel_set_session:
 * @session: (nullable): the window's session
 */
void
hp_comparison_panel_set_session (HpComparisonPanel *self,
                                 HpSession         *session)
{
  g_return_if_fail (HP_IS_COMPARISON_PANEL (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (self->session == session)
    return;

  disconnect_session (self);
  g_set_object (&self->session, session);
  g_set_object (&self->profile, (session != NULL ? hp_session_get_profile (session) : NULL));
  hp_run_chooser_set_profile (self->run_chooser, self->profile);

  if (self->session != NULL)
    {
      g_signal_connect_swapped (self->session, "notify::selected-run",
                                G_CALLBACK (queue_update), self);
      g_signal_connect_swapped (self->session, "notify::threshold-pct",
                                G_CALLBACK (queue_update), self);
      g_signal_connect_swapped (self->session, "notify::noise-floor-ms",
                                G_CALLBACK (queue_update), self);
      g_signal_connect_swapped (self->session, "notify::selected-node-id",
                                G_CALLBACK (select_session_node), self);
      g_signal_connect_swapped (self->profile, "changed",
                                G_CALLBACK (profile_changed_cb), self);
      g_signal_connect_swapped (self->profile, "notify::baseline",
                                G_CALLBACK (queue_update), self);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

HpReferenceKind
hp_comparison_panel_get_reference (HpComparisonPanel *self)
{
  g_return_val_if_fail (HP_IS_COMPARISON_PANEL (self), HP_REFERENCE_PREVIOUS);
  return self->reference;
}

/**
 * hp_comparison_panel_set_reference:
 * @reference: what to compare the selected run with
 */
void
hp_comparison_panel_set_reference (HpComparisonPanel *self,
                                   HpReferenceKind    reference)
{
  g_return_if_fail (HP_IS_COMPARISON_PANEL (self));
  g_return_if_fail ((guint) reference <= HP_REFERENCE_RUN);

  if (self->reference == reference)
    return;
  self->reference = reference;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE]);
}

/**
 * hp_comparison_panel_get_comparison:
 *
 * Returns: (transfer none) (nullable): the comparison shown, %NULL when
 *   there is no run or no reference
 */
HpComparison *
hp_comparison_panel_get_comparison (HpComparisonPanel *self)
{
  g_return_val_if_fail (HP_IS_COMPARISON_PANEL (self), NULL);
  hp_coalesce_flush (self->coalesce);
  return self->comparison;
}

/**
 * hp_comparison_panel_get_reference_run:
 *
 * Returns: (transfer none) (nullable): the run chosen to compare with
 *   (used while the reference is %HP_REFERENCE_RUN)
 */
HpRun *
hp_comparison_panel_get_reference_run (HpComparisonPanel *self)
{
  g_return_val_if_fail (HP_IS_COMPARISON_PANEL (self), NULL);
  return hp_run_chooser_get_run (self->run_chooser);
}

/**
 * hp_comparison_panel_set_reference_run:
 * @run: (nullable): a run of the session's profile
 *
 * Chooses the run to compare with, as the drop-down does; it is used
 * once the reference is %HP_REFERENCE_RUN.
 */
void
hp_comparison_panel_set_reference_run (HpComparisonPanel *self,
                                       HpRun             *run)
{
  g_return_if_fail (HP_IS_COMPARISON_PANEL (self));
  g_return_if_fail (run == NULL || HP_IS_RUN (run));

  /* The chooser's notify::run updates the panel. */
  hp_run_chooser_set_run (self->run_chooser, run);
}
