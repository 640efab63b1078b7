/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-json-tree.h"
#include "hp-profile.h"

G_BEGIN_DECLS

HpProfile *hp_comfyui_history_read (const char  *data,
                                    gsize        length,
                                    const char  *source_name,
                                    GError     **error);

/* Private (the live recorder uses it): one history entry as a run, its
 * graph added to @graph; times as the server wrote them (server clock). */
HpRun     *_hp_comfyui_history_read_entry (const HpTreeReader *r,
                                           const char         *prompt_id,
                                           JsonNode           *entry,
                                           const char         *path,
                                           HpWorkflowGraph    *graph);

G_END_DECLS
