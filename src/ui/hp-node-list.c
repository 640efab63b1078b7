/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-node-list.h"

#include <math.h>
#include <string.h>

#include "hp-bottlenecks.h"
#include "hp-coalesce.h"
#include "hp-heat.h"
#include "hp-metric.h"
#include "hp-node-details.h"
#include "hp-node-row.h"

/* Model chain, bottom to top:
 *   profile node stats → filter (text, cached-only) → tree (each node has a
 *   one-item child list standing for its details) → sort (a tree-row sorter,
 *   so details stay under their node and expansion survives re-sorting) →
 *   single selection → list view. */
struct _HpNodeList
{
  GtkWidget            parent_instance;

  HpSession           *session;
  GSignalGroup        *session_signals;
  GSignalGroup        *profile_signals;
  HpCoalesce          *coalesce;   /* live changes not yet sorted in */

  /* Share of the mean total per node id (interned → double*), from
   * hp_bottlenecks_compute() over every node. */
  GHashTable          *shares;
  GPtrArray           *rows;       /* bound HpNodeRow widgets, unowned */
  /* Interned ids of the expanded nodes. Filtering drops and re-creates tree
   * rows; this brings their details back. */
  GHashTable          *expanded_ids;

  HpNodeListSort       sort;
  char                *filter_text;
  char                *filter_needle; /* casefolded filter_text, NULL if empty */
  gboolean             hide_cached_only;

  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkTreeListModel    *tree_model;
  GtkCustomSorter     *sorter;
  GtkSortListModel    *sort_model;
  GtkSingleSelection  *selection;

  /* > 0 while the models below the selection change: the selection may
   * drop or move its item then, which is not the user's choice. */
  guint                model_changing;
  gboolean             syncing;
  /* Set while we write the search entry: its text is briefly empty then. */
  gboolean             setting_entry;

  GtkDropDown         *sort_dropdown;
  GtkCheckButton      *hide_cached_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkListView         *list_view;
};

G_DEFINE_FINAL_TYPE (HpNodeList, hp_node_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SORT,
  PROP_FILTER_TEXT,
  PROP_HIDE_CACHED_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sync_selection (HpNodeList *self);

static double
share_for_node (HpNodeList *self,
                const char *node_id)
{
  double *share = g_hash_table_lookup (self->shares, node_id);

  return share != NULL ? *share : NAN;
}

/* The row's node in the selected run: live while that run executes,
 * and for a node without a share ("cached in this run"). */
static void
update_live_status (HpNodeList *self,
                    HpNodeRow  *row,
                    const char *node_id)
{
  HpRun *run = hp_session_get_selected_run (self->session);
  HpNodeRun *node_run;

  if (run == NULL)
    {
      hp_node_row_set_live_status (row, FALSE, HP_NODE_STATUS_COMPLETED);
      return;
    }
  node_run = hp_run_lookup_node_run (run, node_id);
  hp_node_row_set_live_status (row, hp_run_get_status (run) == HP_RUN_STATUS_RUNNING,
                               node_run != NULL ? hp_node_run_get_status (node_run) : HP_NODE_STATUS_PENDING);
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
  update_live_status (self, row, hp_node_stats_get_node_id (stats));
  hp_node_row_set_share (row, share,
                         hp_heat_level_for_share (share,
                                                  hp_session_get_heat_low_pct (self->session),
                                                  hp_session_get_heat_high_pct (self->session)));
}

/* The bars show the same share as the bottleneck panel and the canvas:
 * of the selected run by default, else of the session's metric summed
 * over all nodes. */
static void
update_shares (HpNodeList *self)
{
  g_autoptr(GArray) all = NULL;
  HpProfile *profile;
  HpRun *run;
  HpMetric metric;
  guint n_nodes;

  g_assert (HP_IS_NODE_LIST (self));

  g_hash_table_remove_all (self->shares);
  if (self->session != NULL)
    {
      profile = hp_session_get_profile (self->session);
      metric = hp_session_get_metric (self->session);
      run = hp_session_get_selected_run (self->session);
      n_nodes = MAX (g_list_model_get_n_items (hp_profile_get_node_stats (profile)), 1);
      if (metric == HP_METRIC_LAST)
        all = run != NULL ? hp_bottlenecks_compute_for_run (profile, run, n_nodes) : NULL;
      else
        all = hp_bottlenecks_compute (profile, metric, n_nodes);
      for (guint i = 0; all != NULL && i < all->len; i++)
        {
          const HpBottleneck *b = &g_array_index (all, HpBottleneck, i);

          g_hash_table_insert (self->shares, (gpointer) b->node_id,
                               g_memdup2 (&b->share, sizeof b->share));
        }
    }
  for (guint i = 0; i < self->rows->len; i++)
    update_row_share (self, g_ptr_array_index (self->rows, i));
}

/* Sorting */

static HpMetric
sort_metric (HpNodeListSort sort)
{
  switch (sort)
    {
    case HP_NODE_LIST_SORT_LAST:
      return HP_METRIC_LAST;
    case HP_NODE_LIST_SORT_MEDIAN:
      return HP_METRIC_MEDIAN;
    case HP_NODE_LIST_SORT_P95:
      return HP_METRIC_P95;
    case HP_NODE_LIST_SORT_MAX:
      return HP_METRIC_MAX;
    case HP_NODE_LIST_SORT_MEAN:
    default:
      return HP_METRIC_MEAN;
    }
}

static int
compare_durations (double a,
                   double b)
{
  /* Slowest first, nodes without a value last. */
  if (isnan (a) != isnan (b))
    return isnan (a) ? 1 : -1;
  if (!isnan (a) && a != b)
    return a > b ? -1 : 1;
  return 0;
}

static int
compare_counts (guint a,
                guint b)
{
  return a == b ? 0 : a > b ? -1 : 1;
}

static int
compare_titles (HpNodeStats *a,
                HpNodeStats *b)
{
  g_autofree char *ka = g_utf8_casefold (hp_node_stats_get_title (a), -1);
  g_autofree char *kb = g_utf8_casefold (hp_node_stats_get_title (b), -1);

  return g_utf8_collate (ka, kb);
}

static int
compare_node_stats (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  HpNodeList *self = HP_NODE_LIST (user_data);
  HpNodeStats *sa = HP_NODE_STATS ((gpointer) a);
  HpNodeStats *sb = HP_NODE_STATS ((gpointer) b);
  int result;

  switch (self->sort)
    {
    case HP_NODE_LIST_SORT_NAME:
      result = compare_titles (sa, sb);
      break;
    case HP_NODE_LIST_SORT_RUNS:
      result = compare_counts (hp_node_stats_get_executed_count (sa),
                               hp_node_stats_get_executed_count (sb));
      break;
    case HP_NODE_LIST_SORT_FAILED:
      result = compare_counts (hp_node_stats_get_failed_count (sa),
                               hp_node_stats_get_failed_count (sb));
      break;
    case HP_NODE_LIST_SORT_MEAN:
    case HP_NODE_LIST_SORT_LAST:
    case HP_NODE_LIST_SORT_MEDIAN:
    case HP_NODE_LIST_SORT_P95:
    case HP_NODE_LIST_SORT_MAX:
    default:
      result = compare_durations (hp_node_stats_get_metric_us (sa, sort_metric (self->sort)),
                                  hp_node_stats_get_metric_us (sb, sort_metric (self->sort)));
      break;
    }

  /* Ties by id like the core's bottleneck ranking so the lists agree. */
  if (result == 0)
    result = hp_bottleneck_compare_node_ids (hp_node_stats_get_node_id (sa),
                                             hp_node_stats_get_node_id (sb));
  return gtk_ordering_from_cmpfunc (result);
}

/* Filtering */

static gboolean
contains_casefolded (const char *haystack,
                     const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_node_stats (gpointer item,
                   gpointer user_data)
{
  HpNodeList *self = HP_NODE_LIST (user_data);
  HpNodeStats *stats = HP_NODE_STATS (item);

  if (self->hide_cached_only &&
      hp_node_stats_get_executed_count (stats) == 0 &&
      hp_node_stats_get_cached_count (stats) > 0)
    return FALSE;

  if (self->filter_needle == NULL)
    return TRUE;
  return contains_casefolded (hp_node_stats_get_title (stats), self->filter_needle) ||
         contains_casefolded (hp_node_stats_get_node_type (stats), self->filter_needle) ||
         contains_casefolded (hp_node_stats_get_node_id (stats), self->filter_needle);
}

static void
update_empty_state (HpNodeList *self)
{
  gboolean empty;
  gboolean has_nodes;

  g_assert (HP_IS_NODE_LIST (self));

  has_nodes = self->session != NULL &&
              g_list_model_get_n_items (hp_profile_get_node_stats (hp_session_get_profile (self->session))) > 0;
  empty = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;
  gtk_stack_set_visible_child_name (self->stack, empty && has_nodes ? "empty" : "list");
}

/* The tree: a node's children are one stand-in item for its details. */
static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  g_autoptr(GObject) details_item = NULL;
  GListStore *store;

  if (!HP_IS_NODE_STATS (item))
    return NULL;

  store = g_list_store_new (G_TYPE_OBJECT);
  details_item = g_object_new (G_TYPE_OBJECT, NULL);
  g_list_store_append (store, details_item);
  return G_LIST_MODEL (store);
}

/* The node a row of the list stands for (its own or its details' node). */
static HpNodeStats *
row_stats (GtkTreeListRow *row)
{
  g_autoptr(GtkTreeListRow) parent = NULL;
  g_autoptr(GObject) item = NULL;

  if (row == NULL)
    return NULL;
  item = gtk_tree_list_row_get_item (row);
  if (HP_IS_NODE_STATS (item))
    return HP_NODE_STATS (g_steal_pointer (&item));
  parent = gtk_tree_list_row_get_parent (row);
  return parent != NULL ? row_stats (parent) : NULL;
}

/* Expansion */

static void
remember_expanded (HpNodeList  *self,
                   HpNodeStats *stats,
                   gboolean     expanded)
{
  g_assert (HP_IS_NODE_LIST (self));
  g_assert (HP_IS_NODE_STATS (stats));

  if (expanded)
    g_hash_table_add (self->expanded_ids, (gpointer) hp_node_stats_get_node_id (stats));
  else
    g_hash_table_remove (self->expanded_ids, hp_node_stats_get_node_id (stats));
}

static void
row_expanded_cb (HpNodeList     *self,
                 GParamSpec     *pspec,
                 GtkTreeListRow *row)
{
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

  g_assert (HP_IS_NODE_LIST (self));

  /* A row the tree dropped (filtered out) has no item any more and
   * reports itself collapsed: that is not the user closing it. */
  if (HP_IS_NODE_STATS (item))
    remember_expanded (self, HP_NODE_STATS (item), gtk_tree_list_row_get_expanded (row));
}

static void
filter_items_changed_cb (HpNodeList *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *model)
{
  g_assert (HP_IS_NODE_LIST (self));

  if (g_hash_table_size (self->expanded_ids) == 0)
    return;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree_model, i);
      g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

      if (HP_IS_NODE_STATS (item) &&
          g_hash_table_contains (self->expanded_ids, hp_node_stats_get_node_id (HP_NODE_STATS (item))))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

/* Rows */

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             HpNodeList               *self)
{
  GtkTreeListRow *list_row = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autoptr(HpNodeStats) stats = row_stats (list_row);
  g_autoptr(GObject) own_item = gtk_tree_list_row_get_item (list_row);

  g_assert (HP_IS_NODE_LIST (self));

  if (HP_IS_NODE_STATS (own_item))
    {
      GtkWidget *row;

      if (!GTK_IS_TREE_EXPANDER (child))
        {
          child = gtk_tree_expander_new ();
          gtk_tree_expander_set_child (GTK_TREE_EXPANDER (child), hp_node_row_new ());
          gtk_list_item_set_child (item, child);
        }
      row = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));
      gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), list_row);
      g_signal_connect_object (list_row, "notify::expanded",
                               G_CALLBACK (row_expanded_cb), self, G_CONNECT_SWAPPED);
      hp_node_row_set_stats (HP_NODE_ROW (row), stats);
      g_ptr_array_add (self->rows, row);
      update_row_share (self, HP_NODE_ROW (row));
      gtk_list_item_set_selectable (item, TRUE);
      gtk_list_item_set_activatable (item, TRUE);
    }
  else
    {
      if (!HP_IS_NODE_DETAILS (child))
        {
          child = hp_node_details_new ();
          gtk_list_item_set_child (item, child);
        }
      hp_node_details_set_session (HP_NODE_DETAILS (child), self->session);
      hp_node_details_set_stats (HP_NODE_DETAILS (child), stats);
      gtk_list_item_set_selectable (item, FALSE);
      gtk_list_item_set_activatable (item, FALSE);
    }
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               HpNodeList               *self)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  g_assert (HP_IS_NODE_LIST (self));

  if (GTK_IS_TREE_EXPANDER (child))
    {
      GtkWidget *row = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));
      GtkTreeListRow *list_row = gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (child));

      if (list_row != NULL)
        g_signal_handlers_disconnect_by_func (list_row, row_expanded_cb, self);
      if (self->rows != NULL)
        g_ptr_array_remove_fast (self->rows, row);
      hp_node_row_set_stats (HP_NODE_ROW (row), NULL);
      gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), NULL);
    }
  else if (HP_IS_NODE_DETAILS (child))
    {
      hp_node_details_set_stats (HP_NODE_DETAILS (child), NULL);
      hp_node_details_set_session (HP_NODE_DETAILS (child), NULL);
    }
}

/* Selection */

static GtkTreeListRow *
node_row_at (HpNodeList *self,
             guint       position)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  g_assert (HP_IS_NODE_LIST (self));

  row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  if (row == NULL || gtk_tree_list_row_get_depth (row) != 0)
    return NULL;
  return g_steal_pointer (&row);
}

static int
find_node_position (HpNodeList *self,
                    const char *node_id)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);
  guint n = g_list_model_get_n_items (model);

  g_assert (HP_IS_NODE_LIST (self));

  if (node_id == NULL)
    return -1;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (HP_IS_NODE_STATS (item) && hp_node_stats_get_node_id (HP_NODE_STATS (item)) == node_id)
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
    position = find_node_position (self, g_intern_string (node_id));

  /* A node hidden by the filter stays the session's selection. */
  self->syncing = TRUE;
  if (position < 0)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else if (gtk_single_selection_get_selected (self->selection) != (guint) position)
    gtk_single_selection_set_selected (self->selection, (guint) position);
  self->syncing = FALSE;
}

static void
selection_changed_cb (HpNodeList         *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  g_autoptr(HpNodeStats) stats = NULL;

  g_assert (HP_IS_NODE_LIST (self));

  if (self->session == NULL || self->syncing || self->model_changing > 0)
    return;
  stats = row_stats (gtk_single_selection_get_selected_item (selection));
  /* Choosing a node in the list is a jump: the canvas centres on it. */
  if (stats != NULL)
    hp_session_jump_to_node (self->session, hp_node_stats_get_node_id (stats));
  else
    hp_session_set_selected_node_id (self->session, NULL);
  /* A details row is not selectable by itself: show its node instead. */
  sync_selection (self);
}

static void
models_changing_cb (HpNodeList *self)
{
  g_assert (HP_IS_NODE_LIST (self));

  self->model_changing++;
}

static void
models_changed_cb (HpNodeList *self)
{
  g_assert (HP_IS_NODE_LIST (self));
  g_assert (self->model_changing > 0);

  self->model_changing--;
  if (self->model_changing == 0)
    sync_selection (self);
}

static void
show_node (HpNodeList *self,
           const char *node_id)
{
  int position;

  g_assert (HP_IS_NODE_LIST (self));

  position = find_node_position (self, node_id);
  if (position < 0 && (self->filter_needle != NULL || self->hide_cached_only))
    {
      /* The filter hides the node the user asked to see: drop it. */
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      hp_node_list_set_filter_text (self, NULL);
      hp_node_list_set_hide_cached_only (self, FALSE);
      position = find_node_position (self, node_id);
    }
  sync_selection (self);
  if (position >= 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                "u", (guint) position);
}

static void
jump_to_node_cb (HpNodeList *self,
                 const char *node_id,
                 HpSession  *session)
{
  g_assert (HP_IS_NODE_LIST (self));

  show_node (self, g_intern_string (node_id));
}

/* Enter in the search entry jumps to the first node that matches. */
static void
search_activate_cb (HpNodeList *self)
{
  g_autoptr(HpNodeStats) first = NULL;

  g_assert (HP_IS_NODE_LIST (self));

  first = hp_node_list_get_stats_at (self, 0);
  if (first != NULL && self->session != NULL)
    hp_session_jump_to_node (self->session, hp_node_stats_get_node_id (first));
}

static void
list_activate_cb (HpNodeList  *self,
                  guint        position,
                  GtkListView *list_view)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  g_assert (HP_IS_NODE_LIST (self));

  /* Enter or a double click opens and closes a node's details. */
  row = node_row_at (self, position);
  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    {
      g_autoptr(HpNodeStats) stats = HP_NODE_STATS (gtk_tree_list_row_get_item (row));
      gboolean expanded = !gtk_tree_list_row_get_expanded (row);

      remember_expanded (self, stats, expanded);
      gtk_tree_list_row_set_expanded (row, expanded);
    }
}

static void
resort (HpNodeList *self)
{
  g_assert (HP_IS_NODE_LIST (self));

  hp_coalesce_done (self->coalesce);
  /* Counts and durations moved: both the order and what the filter keeps
   * may differ now. */
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  update_shares (self);
  update_empty_state (self);
  sync_selection (self);
}

static void
resort_cb (gpointer data)
{
  resort (data);
}

/* The rows' figures follow their HpNodeStats at once; the order, the
 * filter and the shares are redone at once too, except during a live run
 * (many changes a second, each re-sorting rebinds rows): then at most
 * every few hundred milliseconds. */
static void
profile_changed_cb (HpNodeList *self)
{
  HpProfile *profile = self->session != NULL ? hp_session_get_profile (self->session) : NULL;

  g_assert (HP_IS_NODE_LIST (self));

  if (profile != NULL && hp_coalesce_profile_is_live (profile))
    hp_coalesce_queue (self->coalesce, TRUE);
  else
    resort (self);
}

static void
search_changed_cb (HpNodeList     *self,
                   GtkSearchEntry *entry)
{
  g_assert (HP_IS_NODE_LIST (self));

  if (!self->setting_entry)
    hp_node_list_set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HpNodeList *self = HP_NODE_LIST (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
hp_node_list_dispose (GObject *object)
{
  GtkWidget *child;
  HpNodeList *self = HP_NODE_LIST (object);

  g_clear_pointer (&self->coalesce, hp_coalesce_free);
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
  g_clear_object (&self->tree_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->shares, g_hash_table_unref);
  g_clear_pointer (&self->expanded_ids, g_hash_table_unref);

  G_OBJECT_CLASS (hp_node_list_parent_class)->dispose (object);
}

static void
hp_node_list_finalize (GObject *object)
{
  HpNodeList *self = HP_NODE_LIST (object);

  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->filter_needle, g_free);

  G_OBJECT_CLASS (hp_node_list_parent_class)->finalize (object);
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
    case PROP_SORT:
      g_value_set_uint (value, self->sort);
      break;
    case PROP_FILTER_TEXT:
      g_value_set_string (value, hp_node_list_get_filter_text (self));
      break;
    case PROP_HIDE_CACHED_ONLY:
      g_value_set_boolean (value, self->hide_cached_only);
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
    case PROP_SORT:
      hp_node_list_set_sort (self, g_value_get_uint (value));
      break;
    case PROP_FILTER_TEXT:
      hp_node_list_set_filter_text (self, g_value_get_string (value));
      break;
    case PROP_HIDE_CACHED_ONLY:
      hp_node_list_set_hide_cached_only (self, g_value_get_boolean (value));
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
  object_class->finalize = hp_node_list_finalize;
  object_class->get_property = hp_node_list_get_property;
  object_class->set_property = hp_node_list_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* An HpNodeListSort; a plain uint so a GtkDropDown's "selected" binds. */
  properties[PROP_SORT] =
    g_param_spec_uint ("sort", NULL, NULL, 0, HP_NODE_LIST_N_SORTS - 1, HP_NODE_LIST_SORT_MEAN,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILTER_TEXT] =
    g_param_spec_string ("filter-text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HIDE_CACHED_ONLY] =
    g_param_spec_boolean ("hide-cached-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-node-list.ui");
  gtk_widget_class_bind_template_child (widget_class, HpNodeList, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HpNodeList, hide_cached_button);
  gtk_widget_class_bind_template_child (widget_class, HpNodeList, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HpNodeList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HpNodeList, stack);
  gtk_widget_class_bind_template_child (widget_class, HpNodeList, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "node-list.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "node-list.find", NULL);

  g_type_ensure (HP_TYPE_NODE_ROW);
  g_type_ensure (HP_TYPE_NODE_DETAILS);
}

static void
hp_node_list_init (HpNodeList *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkWidget *dropdown_button;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8's drop-down takes the keyboard focus on an inner toggle
   * button that has no name of its own: name it after the drop-down (as
   * GtkMenuButton does for its inner button), which its visible label
   * names through the mnemonic. */
  dropdown_button = gtk_widget_get_first_child (GTK_WIDGET (self->sort_dropdown));
  if (GTK_IS_TOGGLE_BUTTON (dropdown_button))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown_button),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->sort_dropdown, NULL,
                                    -1);

  self->shares = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->rows = g_ptr_array_new ();
  self->expanded_ids = g_hash_table_new (NULL, NULL);
  self->sort = HP_NODE_LIST_SORT_MEAN;

  self->filter = gtk_custom_filter_new (filter_node_stats, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              FALSE, FALSE, create_child_model, NULL, NULL);
  self->sorter = gtk_custom_sorter_new (compare_node_stats, self, NULL);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->tree_model)),
                                              GTK_SORTER (gtk_tree_list_row_sorter_new (g_object_ref (GTK_SORTER (self->sorter)))));
  /* Bracket the selection's own handling of a change (connected next, so
   * it runs between these two). */
  g_signal_connect_object (self->sort_model, "items-changed",
                           G_CALLBACK (models_changing_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  g_signal_connect_object (self->sort_model, "items-changed",
                           G_CALLBACK (models_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_empty_state), self, G_CONNECT_SWAPPED);
  /* After the tree has made its rows for the new items. */
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "bind", G_CALLBACK (row_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (row_unbind_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (list_activate_cb), self, G_CONNECT_SWAPPED);

  g_object_bind_property (self, "sort", self->sort_dropdown, "selected",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self, "hide-cached-only", self->hide_cached_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (search_activate_cb), self, G_CONNECT_SWAPPED);

  /* Follow the session and its profile without rewiring by hand. */
  self->session_signals = g_signal_group_new (HP_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected-node-id",
                                 G_CALLBACK (sync_selection), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "jump-to-node",
                                 G_CALLBACK (jump_to_node_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::heat-low-pct",
                                 G_CALLBACK (update_shares), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::metric",
                                 G_CALLBACK (update_shares), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::selected-run",
                                 G_CALLBACK (update_shares), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::heat-high-pct",
                                 G_CALLBACK (update_shares), self, G_CONNECT_SWAPPED);
  self->profile_signals = g_signal_group_new (HP_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "changed",
                                 G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
  self->coalesce = hp_coalesce_new (GTK_WIDGET (self), HP_COALESCE_LIVE_INTERVAL_MS, HP_COALESCE_NOW,
                                    resort_cb, self);
}

/**
 * hp_node_list_new:
 *
 * Returns: (transfer floating): a node list without a session
 */
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

/**
 * hp_node_list_set_session:
 * @self: a node list
 * @session: (nullable): the session to show and follow
 */
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
  g_hash_table_remove_all (self->expanded_ids);
  update_shares (self);
  gtk_filter_list_model_set_model (self->filter_model,
                                   profile != NULL ? hp_profile_get_node_stats (profile) : NULL);
  update_empty_state (self);
  sync_selection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * hp_node_list_get_selection:
 * @self: a node list
 *
 * The rows in display order: #GtkTreeListRow items whose item is an
 * #HpNodeStats for a node's row, or a details stand-in (depth 1) under an
 * expanded node. Use hp_node_list_get_stats_at() to read a row's node.
 *
 * Returns: (transfer none): the list's selection model
 */
GtkSelectionModel *
hp_node_list_get_selection (HpNodeList *self)
{
  g_return_val_if_fail (HP_IS_NODE_LIST (self), NULL);
  hp_coalesce_flush (self->coalesce);
  return GTK_SELECTION_MODEL (self->selection);
}

/**
 * hp_node_list_get_stats_at:
 * @self: a node list
 * @position: a row of hp_node_list_get_selection()
 *
 * Returns: (transfer full) (nullable): the node shown at @position, %NULL
 *   for a details row or past the end
 */
HpNodeStats *
hp_node_list_get_stats_at (HpNodeList *self,
                           guint       position)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  g_return_val_if_fail (HP_IS_NODE_LIST (self), NULL);

  hp_coalesce_flush (self->coalesce);
  row = node_row_at (self, position);
  return row != NULL ? HP_NODE_STATS (gtk_tree_list_row_get_item (row)) : NULL;
}

/**
 * hp_node_list_find_node:
 * @self: a node list
 * @node_id: a node id
 *
 * Returns: the row of @node_id in hp_node_list_get_selection(), or -1 when
 *   the node is not shown (unknown or filtered out)
 */
int
hp_node_list_find_node (HpNodeList *self,
                        const char *node_id)
{
  g_return_val_if_fail (HP_IS_NODE_LIST (self), -1);
  g_return_val_if_fail (node_id != NULL, -1);

  hp_coalesce_flush (self->coalesce);
  return find_node_position (self, g_intern_string (node_id));
}

/**
 * hp_node_list_get_node_expanded:
 * @self: a node list
 * @node_id: a node id
 *
 * Returns: whether @node_id's details are shown
 */
gboolean
hp_node_list_get_node_expanded (HpNodeList *self,
                                const char *node_id)
{
  g_autoptr(GtkTreeListRow) row = NULL;
  int position;

  g_return_val_if_fail (HP_IS_NODE_LIST (self), FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);

  position = find_node_position (self, g_intern_string (node_id));
  if (position < 0)
    return FALSE;
  row = node_row_at (self, (guint) position);
  return gtk_tree_list_row_get_expanded (row);
}

/**
 * hp_node_list_set_node_expanded:
 * @self: a node list
 * @node_id: a node id
 * @expanded: whether to show the node's details
 *
 * Opens or closes a node's details; opening also brings the node into
 * sight, clearing a filter that hides it.
 */
void
hp_node_list_set_node_expanded (HpNodeList *self,
                                const char *node_id,
                                gboolean    expanded)
{
  g_autoptr(GtkTreeListRow) row = NULL;
  g_autoptr(HpNodeStats) stats = NULL;
  const char *interned;
  int position;

  g_return_if_fail (HP_IS_NODE_LIST (self));
  g_return_if_fail (node_id != NULL);

  interned = g_intern_string (node_id);
  if (expanded)
    show_node (self, interned);
  position = find_node_position (self, interned);
  if (position < 0)
    return;
  row = node_row_at (self, (guint) position);
  stats = HP_NODE_STATS (gtk_tree_list_row_get_item (row));
  remember_expanded (self, stats, expanded);
  gtk_tree_list_row_set_expanded (row, expanded);
}

/**
 * hp_node_list_get_sort:
 * @self: a node list
 *
 * Returns: what the list is ordered by
 */
HpNodeListSort
hp_node_list_get_sort (HpNodeList *self)
{
  g_return_val_if_fail (HP_IS_NODE_LIST (self), HP_NODE_LIST_SORT_MEAN);
  return self->sort;
}

/**
 * hp_node_list_set_sort:
 * @self: a node list
 * @sort: what to order the list by
 */
void
hp_node_list_set_sort (HpNodeList     *self,
                       HpNodeListSort  sort)
{
  g_return_if_fail (HP_IS_NODE_LIST (self));
  g_return_if_fail ((guint) sort < HP_NODE_LIST_N_SORTS);

  if (self->sort == sort)
    return;
  self->sort = sort;
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

/**
 * hp_node_list_get_filter_text:
 * @self: a node list
 *
 * Returns: the text the nodes are filtered by, "" for none
 */
const char *
hp_node_list_get_filter_text (HpNodeList *self)
{
  g_return_val_if_fail (HP_IS_NODE_LIST (self), NULL);
  return self->filter_text != NULL ? self->filter_text : "";
}

/**
 * hp_node_list_set_filter_text:
 * @self: a node list
 * @text: (nullable): show only nodes whose title, type or id contains this,
 *   ignoring case; %NULL or "" shows all
 */
void
hp_node_list_set_filter_text (HpNodeList *self,
                              const char *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (HP_IS_NODE_LIST (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (text, hp_node_list_get_filter_text (self)) == 0)
    return;

  g_free (self->filter_text);
  self->filter_text = g_strdup (text);
  g_clear_pointer (&self->filter_needle, g_free);
  stripped = g_strstrip (g_strdup (text));
  if (*stripped != '\0')
    self->filter_needle = g_utf8_casefold (stripped, -1);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      self->setting_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
      self->setting_entry = FALSE;
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TEXT]);
}

/**
 * hp_node_list_get_hide_cached_only:
 * @self: a node list
 *
 * Returns: whether nodes that never executed but were cached are hidden
 */
gboolean
hp_node_list_get_hide_cached_only (HpNodeList *self)
{
  g_return_val_if_fail (HP_IS_NODE_LIST (self), FALSE);
  return self->hide_cached_only;
}

/**
 * hp_node_list_set_hide_cached_only:
 * @self: a node list
 * @hide: whether to hide nodes that never executed but were cached
 */
void
hp_node_list_set_hide_cached_only (HpNodeList *self,
                                   gboolean    hide)
{
  g_return_if_fail (HP_IS_NODE_LIST (self));

  hide = !!hide;
  if (self->hide_cached_only == hide)
    return;
  self->hide_cached_only = hide;
  gtk_filter_changed (GTK_FILTER (self->filter),
                      hide ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDE_CACHED_ONLY]);
}

/**
 * hp_node_list_live_changed:
 * @self: a node list
 *
 * The selected run is executing and moved on (a node started or ended):
 * the rows shown say again which node runs and which wait. Cheap (only
 * the bound rows), for the live view's coalesced updates.
 */
void
hp_node_list_live_changed (HpNodeList *self)
{
  g_return_if_fail (HP_IS_NODE_LIST (self));

  if (self->session == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      HpNodeRow *row = g_ptr_array_index (self->rows, i);
      HpNodeStats *stats = hp_node_row_get_stats (row);

      if (stats != NULL)
        update_live_status (self, row, hp_node_stats_get_node_id (stats));
    }
}
