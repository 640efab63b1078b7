/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder while the actions helper writes this file: no actions yet. */
#include "hp-window-private.h"

void
_hp_window_class_actions_init (GtkWidgetClass *widget_class)
{
}

void
_hp_window_actions_update (HpWindow *self)
{
}

gboolean
_hp_window_actions_close_request (HpWindow *self)
{
  return FALSE;
}
