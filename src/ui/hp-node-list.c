/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-node-list.h"

#include <math.h>

#include "hp-bottlenecks.h"
#include "hp-heat.h"
#include "hp-node-row.h"

struct _HpNodeList
{
  GtkWidget           parent_instance;

  HpSession          *session;
  GSignalGroup       *session_signals;
  GSignalGroup       *profile_signals;

  /* Share of the mean total per node id (interned → double*), from
   * hp_bottlenecks_compute() over every node. */
  GHashTable         *shares;
  GPtrArray          *rows;       /* live HpNodeRow widgets, unowned */
  GtkCustomSorter    *sorter;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;

  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (HpNodeList, hp_node_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
share_for_node (HpNodeList *self,
                const char *node_id)
{
  double *share = g_hash_table_lookup (self->shares, node_id);

  return share != NULL ? *share : NAN;
}

static void
update_row_share (HpNodeList *self,
                  HpNodeRow  *row)
{
  HpNodeStats *stats = hp_node_row_get_stats (row);
  double share;

  g_assert (HP_IS_NODE_LIST (self));

  if (stats == NULL || self->session == NULL)
    return;
  share = share_for_node (self, hp_node_stats_get_node_id (stats));
  hp_node_row_set_share (row, share,
                         hp_heat_level_for_share (share,
                                                  hp_session_get_heat_low_pct (self->session),
                                                  hp_session_get_heat_high_pct (self->session)));
}

static void
update_shares (HpNodeList *self)
{
  g_autoptr(GArray) all = NULL;
  HpProfile *profile;
  guint n_nodes;

  g_assert (HP_IS_NODE_LIST (self));

  g_hash_table_remove_all (self->shares);
  if (self->session != NULL)
    {
      profile = hp_session_get_profile (self->session);
      n_nodes = g_list_model_get_n_items (hp_profile_get_node_stats (profile));
      all = hp_bottlenecks_compute (profile, HP_METRIC_MEAN, MAX (n_nodes, 1));
      for (guint i = 0; i < all->len; i++)
        {
          const HpBottleneck *b = &g_array_index (all, HpBottleneck, i);

          g_hash_table_insert (self->shares, (gpointer) b->node_id,
                               g_memdup2 (&b->share, sizeof b->share));
        }
    }
  for (guint i = 0; i < self->rows->len; i++)
    update_row_share (self, g_ptr_array_index (self->rows, i));
}

static int
compare_node_stats (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  HpNodeStats *sa = HP_NODE_STATS ((gpointer) a);
  HpNodeStats *sb = HP_NODE_STATS ((gpointer) b);
  double ma = hp_node_stats_get_mean_us (sa);
  double mb = hp_node_stats_get_mean_us (sb);

  /* Slowest first, nodes that never ran last, ties by id like the core's
   * bottleneck ranking so the two lists agree. */
  if (isnan (ma) != isnan (mb))
    return isnan (ma) ? GTK_ORDERING_LARGER : GTK_ORDERING_SMALLER;
  if (!isnan (ma) && ma != mb)
    return ma > mb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return gtk_ordering_from_cmpfunc (hp_bottleneck_compare_node_ids (hp_node_stats_get_node_id (sa),
                                                                    hp_node_stats_get_node_id (sb)));
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              HpNodeList               *self)
{
  GtkWidget *row = hp_node_row_new ();

  g_assert (HP_IS_NODE_LIST (self));

  gtk_list_item_set_child (item, row);
  g_ptr_array_add (self->rows, row);
}

static void
row_teardown_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 HpNodeList               *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  g_assert (HP_IS_NODE_LIST (self));

  if (self->rows != NULL && row != NULL)
    g_ptr_array_remove_fast (self->rows, row);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             HpNodeList               *self)
{
  HpNodeRow *row = HP_NODE_ROW (gtk_list_item_get_child (item));

  g_assert (HP_IS_NODE_LIST (self));

  hp_node_row_set_stats (row, gtk_list_item_get_item (item));
  update_row_share (self, row);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               HpNodeList               *self)
{
  g_assert (HP_IS_NODE_LIST (self));

  hp_node_row_set_stats (HP_NODE_ROW (gtk_list_item_get_child (item)), NULL);
}

static int
find_node_position (HpNodeList *self,
                    const char *node_id)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);
  guint n = g_list_model_get_n_items (model);

  g_assert (HP_IS_NODE_LIST (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HpNodeStats) stats = g_list_model_get_item (model, i);

      if (hp_node_stats_get_node_id (stats) == node_id)
        return (int) i;
    }
  return -1;
}

/* Makes the list show the session's selected node. */
static void
sync_selection (HpNodeList *self)
{
  const char *node_id;
  int position = -1;

  g_assert (HP_IS_NODE_LIST (self));

  node_id = self->session != NULL ? hp_session_get_selected_node_id (self->session) : NULL;
  if (node_id != NULL)
    position = find_node_position (self, node_id);

  if (position < 0)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else if (gtk_single_selection_get_selected (self->selection) != (guint) position)
    gtk_single_selection_set_selected (self->selection, (guint) position);
}

static void
jump_to_node_cb (HpNodeList *self,
                 const char *node_id,
                 HpSession  *session)
{
  int position;

  g_assert (HP_IS_NODE_LIST (self));

  sync_selection (self);
  position = find_node_position (self, g_intern_string (node_id));
  if (position >= 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                "u", (guint) position);
}

static void
selection_changed_cb (HpNodeList         *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  HpNodeStats *stats;

  g_assert (HP_IS_NODE_LIST (self));

  if (self->session == NULL)
    return;
  stats = gtk_single_selection_get_selected_item (selection);
  hp_session_set_selected_node_id (self->session, stats != NULL ? hp_node_stats_get_node_id (stats) : NULL);
}

static void
profile_changed_cb (HpNodeList *self)
{
  g_assert (HP_IS_NODE_LIST (self));

  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  update_shares (self);
  sync_selection (self);
}

static void
hp_node_list_dispose (GObject *object)
{
  GtkWidget *child;
  HpNodeList *self = HP_NODE_LIST (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_NODE_LIST);
  /* The template's top box has no id, so GTK 4.8 leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->session_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->sorter);
  g_clear_pointer (&self->shares, g_hash_table_unref);

  G_OBJECT_CLASS (hp_node_list_parent_class)->dispose (object);
}

static void
hp_node_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HpNodeList *self = HP_NODE_LIST (object);

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
hp_node_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HpNodeList *self = HP_NODE_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_node_list_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_node_list_class_init (HpNodeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_node_list_dispose;
  object_class->get_property = hp_node_list_get_property;
  object_class->set_property = hp_node_list_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-node-list.ui");
  gtk_widget_class_bind_template_child (widget_class, HpNodeList, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (HP_TYPE_NODE_ROW);
}

static void
hp_node_list_init (HpNodeList *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->shares = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->rows = g_ptr_array_new ();

  self->sorter = gtk_custom_sorter_new (compare_node_stats, NULL, NULL);
  self->sort_model = gtk_sort_list_model_new (NULL, GTK_SORTER (g_object_ref (self->sorter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (row_setup_cb), self, 0);
  g_signal_connect_object (factory, "teardown", G_CALLBACK (row_teardown_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (row_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (row_unbind_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* Follow the session and its profile without rewiring by hand. */
  self->session_signals = g_signal_group_new (HP_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected-node-id",
                                 G_CALLBACK (sync_selection), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "jump-to-node",
                                 G_CALLBACK (jump_to_node_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::heat-low-pct",
                                 G_CALLBACK (update_shares), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::heat-high-pct",
                                 G_CALLBACK (update_shares), self, G_CONNECT_SWAPPED);
  self->profile_signals = g_signal_group_new (HP_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "changed",
                                 G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hp_node_list_new (void)
{
  return g_object_new (HP_TYPE_NODE_LIST, NULL);
}

/**
 * hp_node_list_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HpSession *
hp_node_list_get_session (HpNodeList *self)
{
  g_return_val_if_fail (HP_IS_NODE_LIST (self), NULL);
  return self->session;
}

void
hp_node_list_set_session (HpNodeList *self,
                          HpSession  *session)
{
  HpProfile *profile;

  g_return_if_fail (HP_IS_NODE_LIST (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  profile = session != NULL ? hp_session_get_profile (session) : NULL;
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->profile_signals, profile);
  update_shares (self);
  gtk_sort_list_model_set_model (self->sort_model,
                                 profile != NULL ? hp_profile_get_node_stats (profile) : NULL);
  sync_selection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * hp_node_list_get_selection:
 *
 * Returns: (transfer none): the list's selection model (of HpNodeStats)
 */
GtkSelectionModel *
hp_node_list_get_selection (HpNodeList *self)
{
  g_return_val_if_fail (HP_IS_NODE_LIST (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}
