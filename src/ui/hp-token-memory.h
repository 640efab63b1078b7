/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hp-token-store.h"

G_BEGIN_DECLS

/* The Connect dialog's "Remember the token" logic, kept apart from the
 * dialog: it looks up the token of the server typed or picked and fills
 * the (masked) token row, turning the switch on; on Connect it stores the
 * token (switch on) or forgets it (switch off). Where no keyring can be
 * reached the switch row is insensitive and its subtitle says why. */
#define HP_TYPE_TOKEN_MEMORY (hp_token_memory_get_type ())
G_DECLARE_FINAL_TYPE (HpTokenMemory, hp_token_memory, HP, TOKEN_MEMORY, GObject)

HpTokenMemory *hp_token_memory_new            (HpTokenStore  *store,
                                               GtkEditable   *address,
                                               GtkEditable   *token,
                                               AdwActionRow  *remember_row,
                                               GtkSwitch     *remember_switch);
/* What Connect does with the token of the address in the field. */
void           hp_token_memory_commit         (HpTokenMemory *self);
/* Whether the keyring was reached (FALSE while still looking). */
gboolean       hp_token_memory_get_available  (HpTokenMemory *self);

G_END_DECLS
