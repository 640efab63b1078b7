/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hp-application.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* One document window: an empty state until a profile is loaded, then the
 * node list and the bottleneck panel. "selected-node-id" is the node the
 * user is looking at; every view of the window follows it. */
#define HP_TYPE_WINDOW (hp_window_get_type ())
G_DECLARE_FINAL_TYPE (HpWindow, hp_window, HP, WINDOW, AdwApplicationWindow)

HpWindow   *hp_window_new                  (HpApplication *application);
void        hp_window_open_file            (HpWindow      *self,
                                            GFile         *file);
HpProfile  *hp_window_get_profile          (HpWindow      *self);
GFile      *hp_window_get_file             (HpWindow      *self);
gboolean    hp_window_get_loading          (HpWindow      *self);
const char *hp_window_get_selected_node_id (HpWindow      *self);
void        hp_window_set_selected_node_id (HpWindow      *self,
                                            const char    *node_id);
GtkSelectionModel *
            hp_window_get_node_selection   (HpWindow      *self);

G_END_DECLS
