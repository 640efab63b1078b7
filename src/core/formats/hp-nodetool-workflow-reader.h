/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-profile.h"

G_BEGIN_DECLS

HpProfile *hp_nodetool_workflow_read (const char  *data,
                                      gsize        length,
                                      const char  *source_name,
                                      GError     **error);

/* Private to the formats folder: the node type NodeTool's profiler
 * export shows (the last '.'-separated part of "nodetool.text.Concat"),
 * newly allocated; NULL for NULL. */
char      *_hp_nodetool_short_type   (const char  *type);

G_END_DECLS
