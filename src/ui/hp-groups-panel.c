/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-groups-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-coalesce.h"
#include "hp-format-utils.h"
#include "hp-graph-groups.h"
#include "hp-group-totals.h"
#include "hp-time-format.h"

struct _HpGroupsPanel
{
  GtkWidget           parent_instance;

  HpSession          *session;
  HpGraphCanvas      *canvas;         /* weak */
  GSignalGroup       *session_signals;
  GSignalGroup       *profile_signals;
  HpCoalesce         *coalesce;       /* changes not yet shown */

  GtkStack           *stack;
  GtkColumnView      *view;
  GtkSingleSelection *selection;
  GPtrArray          *totals;         /* of HpGroupTotals, the rows' data */
};

G_DEFINE_FINAL_TYPE (HpGroupsPanel, hp_groups_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CANVAS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  COLUMN_TITLE,
  COLUMN_WALL,
  COLUMN_SUM,
  COLUMN_SHARE,
  COLUMN_NODES,
} Column;

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GListModel *children = hp_group_totals_get_children (HP_GROUP_TOTALS (item));

  return g_list_model_get_n_items (children) > 0 ? g_object_ref (children) : NULL;
}

static void
rebuild (HpGroupsPanel *self)
{
  HpProfile *profile = self->session != NULL ? hp_session_get_profile (self->session) : NULL;
  HpRun *run = self->session != NULL ? hp_session_get_selected_run (self->session) : NULL;
  g_autoptr(GListModel) roots = NULL;
  GtkTreeListModel *tree;

  g_assert (HP_IS_GROUPS_PANEL (self));

  hp_coalesce_done (self->coalesce);
  g_clear_pointer (&self->totals, g_ptr_array_unref);
  if (profile != NULL)
    self->totals = hp_group_totals_compute (profile, run);
  else
    self->totals = g_ptr_array_new_with_free_func (g_object_unref);

  roots = hp_group_totals_get_roots (self->totals);
  tree = gtk_tree_list_model_new (g_steal_pointer (&roots), FALSE, TRUE, create_children, NULL, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
  g_object_unref (tree);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_stack_set_visible_child_name (self->stack, self->totals->len > 0 ? "list" : "empty");
}

static void
rebuild_cb (gpointer data)
{
  rebuild (data);
}

/* Another run: at once when shown, on the next map when not. */
static void
selected_run_changed_cb (HpGroupsPanel *self)
{
  hp_coalesce_queue (self->coalesce, FALSE);
}

/* The same, and during a live run at most every few hundred ms. */
static void
profile_changed_cb (HpGroupsPanel *self)
{
  hp_coalesce_queue_for (self->coalesce, self->session != NULL ? hp_session_get_profile (self->session) : NULL);
}

static void
selection_changed_cb (HpGroupsPanel *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  GtkWidget *canvas = self->canvas != NULL ? GTK_WIDGET (self->canvas) : NULL;
  HpGraphLayout *layout;
  HpGroupTotals *totals;
  HpRect rect;

  if (row == NULL || canvas == NULL)
    return;
  totals = gtk_tree_list_row_get_item (row);
  layout = hp_graph_canvas_get_layout (self->canvas);
  if (layout != NULL && hp_graph_groups_get_rect (layout, hp_group_totals_get_group (totals), &rect))
    hp_graph_canvas_frame_rect (self->canvas, &rect);
  g_object_unref (totals);
}

/* ---- cells -------------------------------------------------------------- */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_TITLE ? 0.0 : 1.0);
  if (column == COLUMN_TITLE)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
      gtk_list_item_set_child (item, expander);
    }
  else
    {
      gtk_widget_add_css_class (label, "numeric");
      gtk_list_item_set_child (item, label);
    }
}

static char *
title_text (HpGroupTotals *totals)
{
  if (hp_group_totals_get_kind (totals) == HP_GRAPH_GROUP_KIND_SUBGRAPH)
    /* Translators: a subgraph's row in the Groups page */
    return g_strdup_printf (_("%s (subgraph)"), hp_group_totals_get_title (totals));
  return g_strdup (hp_group_totals_get_title (totals));
}

static char *
summary_tooltip (HpGroupsPanel *self,
                 HpGroupTotals *totals)
{
  HpProfile *profile = hp_session_get_profile (self->session);
  g_autofree char *mean = NULL;
  g_autofree char *p95 = NULL;
  HpDurationSummary summary;

  hp_group_totals_summarize (profile, hp_group_totals_get_group (totals), &summary);
  if (summary.count == 0)
    return NULL;
  mean = hp_format_duration_us (summary.mean);
  p95 = hp_format_duration_us (summary.p95);
  /* Translators: tooltip of a group: its wall time over all runs */
  return g_strdup_printf (ngettext ("Wall time over %u run: mean %s, p95 %s",
                                    "Wall time over %u runs: mean %s, p95 %s", summary.count),
                          summary.count, mean, p95);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  HpGroupsPanel *self = g_object_get_data (G_OBJECT (factory), "panel");
  g_autoptr(HpGroupTotals) totals = gtk_tree_list_row_get_item (row);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  gboolean executed = hp_group_totals_get_n_executed (totals) > 0;
  GtkWidget *label = child;

  switch (column)
    {
    case COLUMN_TITLE:
      gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), row);
      label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));
      text = title_text (totals);
      tooltip = summary_tooltip (self, totals);
      break;
    case COLUMN_WALL:
      if (!executed)
        text = g_strdup ("—");
      else if (hp_group_totals_has_intervals (totals))
        text = hp_format_duration_us (hp_group_totals_get_wall_us (totals));
      else
        {
          g_autofree char *sum = hp_format_duration_us (hp_group_totals_get_sum_us (totals));

          /* Translators: a wall time that is only the sum of durations */
          text = g_strdup_printf (_("%s (sum)"), sum);
          tooltip = g_strdup (_("No interval data: the nodes have durations but no start and end times, so this is the sum of their durations"));
        }
      break;
    case COLUMN_SUM:
      text = executed ? hp_format_duration_us (hp_group_totals_get_sum_us (totals)) : g_strdup ("—");
      break;
    case COLUMN_SHARE:
      text = executed && !isnan (hp_group_totals_get_share (totals)) ?
             hp_format_share (hp_group_totals_get_share (totals)) : g_strdup ("—");
      break;
    case COLUMN_NODES:
      text = g_strdup_printf ("%u", hp_group_totals_get_n_nodes (totals));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, tooltip);
}

static void
add_column (HpGroupsPanel *self,
            const char    *title,
            Column         column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "panel", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, column == COLUMN_TITLE);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->view, view_column);
  g_object_unref (view_column);
}

/* ---- GObject ------------------------------------------------------------ */

static void
hp_groups_panel_dispose (GObject *object)
{
  HpGroupsPanel *self = HP_GROUPS_PANEL (object);
  GtkWidget *child;

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->coalesce, hp_coalesce_free);
  g_clear_weak_pointer (&self->canvas);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->totals, g_ptr_array_unref);

  G_OBJECT_CLASS (hp_groups_panel_parent_class)->dispose (object);
}

static void
hp_groups_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HpGroupsPanel *self = HP_GROUPS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CANVAS:
      g_value_set_object (value, self->canvas);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_groups_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HpGroupsPanel *self = HP_GROUPS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_groups_panel_set_session (self, g_value_get_object (value));
      break;
    case PROP_CANVAS:
      hp_groups_panel_set_canvas (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_groups_panel_class_init (HpGroupsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_groups_panel_dispose;
  object_class->get_property = hp_groups_panel_get_property;
  object_class->set_property = hp_groups_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CANVAS] =
    g_param_spec_object ("canvas", NULL, NULL, HP_TYPE_GRAPH_CANVAS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hpgroupspanel");
}

static void
hp_groups_panel_init (HpGroupsPanel *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = gtk_label_new (_("This workflow has no groups or subgraphs"));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection))));
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Groups and subgraphs"), -1);
  add_column (self, _("Group"), COLUMN_TITLE);
  /* Translators: column: the time from the group's first start to its
   * last end, parallel nodes counted once */
  add_column (self, _("Wall time"), COLUMN_WALL);
  /* Translators: column: the sum of the group's node durations */
  add_column (self, _("Sum"), COLUMN_SUM);
  add_column (self, _("Share"), COLUMN_SHARE);
  add_column (self, _("Nodes"), COLUMN_NODES);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_stack_add_named (self->stack, scrolled, "list");

  gtk_widget_add_css_class (empty, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_stack_add_named (self->stack, empty, "empty");

  self->coalesce = hp_coalesce_new (GTK_WIDGET (self), HP_COALESCE_LIVE_INTERVAL_MS, HP_COALESCE_NOW,
                                    rebuild_cb, self);
  self->session_signals = g_signal_group_new (HP_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected-run",
                                 G_CALLBACK (selected_run_changed_cb), self, G_CONNECT_SWAPPED);
  self->profile_signals = g_signal_group_new (HP_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "changed",
                                 G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

GtkWidget *
hp_groups_panel_new (void)
{
  return g_object_new (HP_TYPE_GROUPS_PANEL, NULL);
}

HpSession *
hp_groups_panel_get_session (HpGroupsPanel *self)
{
  g_return_val_if_fail (HP_IS_GROUPS_PANEL (self), NULL);
  return self->session;
}

void
hp_groups_panel_set_session (HpGroupsPanel *self,
                             HpSession     *session)
{
  g_return_if_fail (HP_IS_GROUPS_PANEL (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->profile_signals, session != NULL ? hp_session_get_profile (session) : NULL);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

HpGraphCanvas *
hp_groups_panel_get_canvas (HpGroupsPanel *self)
{
  g_return_val_if_fail (HP_IS_GROUPS_PANEL (self), NULL);
  return self->canvas;
}

void
hp_groups_panel_set_canvas (HpGroupsPanel *self,
                            HpGraphCanvas *canvas)
{
  g_return_if_fail (HP_IS_GROUPS_PANEL (self));
  g_return_if_fail (canvas == NULL || HP_IS_GRAPH_CANVAS (canvas));

  if (g_set_weak_pointer (&self->canvas, canvas))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANVAS]);
}
