/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-session.h"

G_BEGIN_DECLS

/* What the node list is ordered by. Durations put the slowest first and
 * nodes that never ran last; counts put the largest first; the name sorts
 * alphabetically. Ties are broken by node id like the bottleneck ranking. */
typedef enum {
  HP_NODE_LIST_SORT_MEAN,
  HP_NODE_LIST_SORT_LAST,
  HP_NODE_LIST_SORT_MEDIAN,
  HP_NODE_LIST_SORT_P95,
  HP_NODE_LIST_SORT_MAX,
  HP_NODE_LIST_SORT_NAME,
  HP_NODE_LIST_SORT_RUNS,
  HP_NODE_LIST_SORT_FAILED,
} HpNodeListSort;

#define HP_NODE_LIST_N_SORTS (HP_NODE_LIST_SORT_FAILED + 1)

/* The nodes of the session's profile with their share of the time as a
 * heat-coloured bar and a sparkline of their last durations; each row
 * expands into the node's details. Sortable by any metric, filterable by
 * name, type or id (Ctrl+F, the "node-list.find" action). Its selection is
 * the session's selected node, both ways, and survives sorting and
 * filtering. */
#define HP_TYPE_NODE_LIST (hp_node_list_get_type ())
G_DECLARE_FINAL_TYPE (HpNodeList, hp_node_list, HP, NODE_LIST, GtkWidget)

GtkWidget         *hp_node_list_new                  (void);
HpSession         *hp_node_list_get_session          (HpNodeList     *self);
void               hp_node_list_set_session          (HpNodeList     *self,
                                                      HpSession      *session);

/* The rows as shown: GtkTreeListRow items, a node's row followed by its
 * details row when expanded. */
GtkSelectionModel *hp_node_list_get_selection        (HpNodeList     *self);
HpNodeStats       *hp_node_list_get_stats_at         (HpNodeList     *self,
                                                      guint           position);
int                hp_node_list_find_node            (HpNodeList     *self,
                                                      const char     *node_id);
gboolean           hp_node_list_get_node_expanded    (HpNodeList     *self,
                                                      const char     *node_id);
void               hp_node_list_set_node_expanded    (HpNodeList     *self,
                                                      const char     *node_id,
                                                      gboolean        expanded);

HpNodeListSort     hp_node_list_get_sort             (HpNodeList     *self);
void               hp_node_list_set_sort             (HpNodeList     *self,
                                                      HpNodeListSort  sort);
const char        *hp_node_list_get_filter_text      (HpNodeList     *self);
void               hp_node_list_set_filter_text      (HpNodeList     *self,
                                                      const char     *text);
gboolean           hp_node_list_get_hide_cached_only (HpNodeList     *self);
void               hp_node_list_set_hide_cached_only (HpNodeList     *self,
                                                      gboolean        hide);
void               hp_node_list_live_changed         (HpNodeList     *self);

G_END_DECLS
