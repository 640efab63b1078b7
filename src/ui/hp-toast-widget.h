/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* How one AdwToast looks in an HpToastOverlay: its title (Pango markup, as
 * in libadwaita 1.2), its button and a close button, styled by
 * libadwaita's own "toast" rules. The widget is reused for every toast
 * the overlay shows and is never destroyed by a click on its buttons. */
#define HP_TYPE_TOAST_WIDGET (hp_toast_widget_get_type ())
G_DECLARE_FINAL_TYPE (HpToastWidget, hp_toast_widget, HP, TOAST_WIDGET, GtkWidget)

GtkWidget *hp_toast_widget_new       (void);
AdwToast  *hp_toast_widget_get_toast (HpToastWidget *self);
void       hp_toast_widget_set_toast (HpToastWidget *self,
                                      AdwToast      *toast);

G_END_DECLS
