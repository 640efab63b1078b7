/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hp-window.h"

G_BEGIN_DECLS

/* Connect to Server (Ctrl+L): the address (with the recent servers), an
 * optional token (handed to the client; remembered in the keyring, never
 * elsewhere, when the user asks: HpTokenMemory), and what to do —
 * watch the server, or run a workflow N times. Connecting shows a
 * spinner; a server that cannot be reached is reported in the dialog,
 * which stays open to try again. */
#define HP_TYPE_CONNECT_DIALOG (hp_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HpConnectDialog, hp_connect_dialog, HP, CONNECT_DIALOG, AdwWindow)

HpConnectDialog *hp_connect_dialog_new          (HpWindow        *parent);
void             hp_connect_dialog_set_address  (HpConnectDialog *self,
                                                 const char      *address);
/* Shows @message as why the last attempt failed. */
void             hp_connect_dialog_show_error   (HpConnectDialog *self,
                                                 const char      *message);
/* What the Connect button does. */
void             hp_connect_dialog_connect      (HpConnectDialog *self);
/* (nullable): the error shown (under the address, or the connection's) */
const char      *hp_connect_dialog_get_error    (HpConnectDialog *self);
gboolean         hp_connect_dialog_get_busy     (HpConnectDialog *self);

G_END_DECLS
