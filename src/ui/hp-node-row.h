/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-format-utils.h"
#include "hp-node-stats.h"

G_BEGIN_DECLS

/* One row of the node list: title, type, a heat-coloured share bar,
 * a sparkline of the last durations, mean / last / p95 and the run, cached
 * and failed counts of one node. It follows the HpNodeStats it shows. */
#define HP_TYPE_NODE_ROW (hp_node_row_get_type ())
G_DECLARE_FINAL_TYPE (HpNodeRow, hp_node_row, HP, NODE_ROW, GtkWidget)

GtkWidget   *hp_node_row_new       (void);
HpNodeStats *hp_node_row_get_stats (HpNodeRow   *self);
void         hp_node_row_set_stats (HpNodeRow   *self,
                                    HpNodeStats *stats);
void         hp_node_row_set_share (HpNodeRow   *self,
                                    double       share,
                                    HpHeatLevel  level);
/* While the selected run executes (@live): HP_NODE_STATUS_RUNNING shows
 * "running…", HP_NODE_STATUS_PENDING "waiting" (as the canvas says), a
 * node done in it without statistics yet "done", "cached"…; otherwise
 * the share. */
void         hp_node_row_set_live_status (HpNodeRow    *self,
                                          gboolean      live,
                                          HpNodeStatus  status);

G_END_DECLS
