/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-session.h"

G_BEGIN_DECLS

/* The top-N slowest nodes of the session's profile, by the session's
 * metric, with their share; activating one jumps to that node. */
#define HP_TYPE_BOTTLENECK_PANEL (hp_bottleneck_panel_get_type ())
G_DECLARE_FINAL_TYPE (HpBottleneckPanel, hp_bottleneck_panel, HP, BOTTLENECK_PANEL, GtkWidget)

GtkWidget  *hp_bottleneck_panel_new         (void);
HpSession  *hp_bottleneck_panel_get_session (HpBottleneckPanel *self);
void        hp_bottleneck_panel_set_session (HpBottleneckPanel *self,
                                             HpSession         *session);
/* The rows, for tests and keyboard navigation: a GtkListBox. */
GtkListBox *hp_bottleneck_panel_get_list    (HpBottleneckPanel *self);

G_END_DECLS
