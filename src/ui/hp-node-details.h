/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-node-stats.h"
#include "hp-session.h"

G_BEGIN_DECLS

/* How many of a node's runs the details list, newest first; older ones are
 * summed up in one line so a long history stays quick to expand. */
#define HP_NODE_DETAILS_MAX_RUNS 50

/* The expanded part of a node-list row: the node's spread (min, max,
 * median, p95, p99, standard deviation), its recorded runs newest first,
 * and its change in the session's selected run against the previous
 * successful run and against the pinned baseline. */
#define HP_TYPE_NODE_DETAILS (hp_node_details_get_type ())
G_DECLARE_FINAL_TYPE (HpNodeDetails, hp_node_details, HP, NODE_DETAILS, GtkWidget)

GtkWidget   *hp_node_details_new         (void);
HpSession   *hp_node_details_get_session (HpNodeDetails *self);
void         hp_node_details_set_session (HpNodeDetails *self,
                                          HpSession     *session);
HpNodeStats *hp_node_details_get_stats   (HpNodeDetails *self);
void         hp_node_details_set_stats   (HpNodeDetails *self,
                                          HpNodeStats   *stats);

G_END_DECLS
