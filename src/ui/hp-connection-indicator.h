/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-live-controller.h"

G_BEGIN_DECLS

/* The header-bar button that says how the window's live connection is:
 * "Connected to 127.0.0.1:8188", "Reconnecting…", "Disconnected". Its
 * popover names the server and the state, counts the runs recorded and
 * offers win.disconnect and win.stop-runs. Hidden without a controller. */
#define HP_TYPE_CONNECTION_INDICATOR (hp_connection_indicator_get_type ())
G_DECLARE_FINAL_TYPE (HpConnectionIndicator, hp_connection_indicator, HP, CONNECTION_INDICATOR, GtkWidget)

GtkWidget        *hp_connection_indicator_new            (void);
HpLiveController *hp_connection_indicator_get_controller (HpConnectionIndicator *self);
void              hp_connection_indicator_set_controller (HpConnectionIndicator *self,
                                                          HpLiveController      *controller);
/* The text on the button (what the tests and screen readers check). */
const char       *hp_connection_indicator_get_text       (HpConnectionIndicator *self);

G_END_DECLS
