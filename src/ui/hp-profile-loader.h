/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hp-profile.h"

G_BEGIN_DECLS

/* Loads one profile file off the main thread with the core readers.
 * "message" says what it is doing and "loading" is TRUE meanwhile, for a
 * progress indication; the profile is handed over in the main thread. */
#define HP_TYPE_PROFILE_LOADER (hp_profile_loader_get_type ())
G_DECLARE_FINAL_TYPE (HpProfileLoader, hp_profile_loader, HP, PROFILE_LOADER, GObject)

HpProfileLoader *hp_profile_loader_new         (GFile               *file);
GFile           *hp_profile_loader_get_file    (HpProfileLoader     *self);
const char      *hp_profile_loader_get_message (HpProfileLoader     *self);
gboolean         hp_profile_loader_get_loading (HpProfileLoader     *self);
void             hp_profile_loader_load_async  (HpProfileLoader     *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
HpProfile       *hp_profile_loader_load_finish (HpProfileLoader     *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
