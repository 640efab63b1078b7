/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-graph-layout.h"

G_BEGIN_DECLS

/* Moving the selection through a laid-out graph with the keyboard: Tab in
 * reading order, arrow keys to the nearest node in a direction. Node
 * indices are the layout's; -1 means none. */

guint *hp_graph_navigation_reading_order (HpGraphLayout *layout);
int    hp_graph_navigation_tab_step      (const guint   *reading_order,
                                          guint          n_nodes,
                                          int            from,
                                          gboolean       backward);
int    hp_graph_navigation_neighbour     (HpGraphLayout *layout,
                                          int            from,
                                          double         dx,
                                          double         dy);
int    hp_graph_navigation_nearest       (HpGraphLayout *layout,
                                          double         x,
                                          double         y);

G_END_DECLS
