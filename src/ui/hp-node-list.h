/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-session.h"

G_BEGIN_DECLS

/* The nodes of the session's profile, slowest first, with their share of
 * the time as a heat-coloured bar. Its selection is the session's
 * selected node, both ways. */
#define HP_TYPE_NODE_LIST (hp_node_list_get_type ())
G_DECLARE_FINAL_TYPE (HpNodeList, hp_node_list, HP, NODE_LIST, GtkWidget)

GtkWidget         *hp_node_list_new           (void);
HpSession         *hp_node_list_get_session   (HpNodeList *self);
void               hp_node_list_set_session   (HpNodeList *self,
                                               HpSession  *session);
GtkSelectionModel *hp_node_list_get_selection (HpNodeList *self);

G_END_DECLS
