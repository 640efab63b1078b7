/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows AdwToasts over a child, as AdwToastOverlay does (one at a time,
 * queued by priority, timeouts, Escape dismisses), without libadwaita
 * 1.2's overlay: that one writes to freed memory when a toast is closed
 * less than 200 ms after it slid in over another, and aborts when a
 * high-priority toast is closed less than 300 ms after it pushed another
 * back (docs/reliability.md). Here a single toast widget shows each toast
 * in turn and slides in and out with a GtkRevealer. Dismiss a toast with
 * hp_toast_overlay_dismiss(): adw_toast_dismiss() only works on toasts in
 * an AdwToastOverlay. */
#define HP_TYPE_TOAST_OVERLAY (hp_toast_overlay_get_type ())
G_DECLARE_FINAL_TYPE (HpToastOverlay, hp_toast_overlay, HP, TOAST_OVERLAY, GtkWidget)

GtkWidget *hp_toast_overlay_new         (void);
GtkWidget *hp_toast_overlay_get_child   (HpToastOverlay *self);
void       hp_toast_overlay_set_child   (HpToastOverlay *self,
                                         GtkWidget      *child);
void       hp_toast_overlay_add_toast   (HpToastOverlay *self,
                                         AdwToast       *toast);
AdwToast  *hp_toast_overlay_get_current (HpToastOverlay *self);
void       hp_toast_overlay_dismiss     (AdwToast       *toast);
guint      hp_toast_overlay_get_n_queued (HpToastOverlay *self);

G_END_DECLS
