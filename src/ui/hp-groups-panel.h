/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-graph-canvas.h"
#include "hp-session.h"

G_BEGIN_DECLS

/* The "Groups" page: every group and subgraph of the session's workflow,
 * nested, with its wall time in the selected run (parallel nodes counted
 * once), the sum of its nodes' durations, its share of the run and its
 * node count. Selecting one frames it on the canvas. */
#define HP_TYPE_GROUPS_PANEL (hp_groups_panel_get_type ())
G_DECLARE_FINAL_TYPE (HpGroupsPanel, hp_groups_panel, HP, GROUPS_PANEL, GtkWidget)

GtkWidget      *hp_groups_panel_new          (void);

HpSession      *hp_groups_panel_get_session  (HpGroupsPanel *self);
void            hp_groups_panel_set_session  (HpGroupsPanel *self,
                                              HpSession     *session);
/* (nullable): the canvas a selected group is framed on */
HpGraphCanvas  *hp_groups_panel_get_canvas   (HpGroupsPanel *self);
void            hp_groups_panel_set_canvas   (HpGroupsPanel *self,
                                              HpGraphCanvas *canvas);

G_END_DECLS
