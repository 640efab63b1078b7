/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-profile.h"

G_BEGIN_DECLS

HpProfile *hp_nodetool_log_read (const char  *data,
                                 gsize        length,
                                 const char  *source_name,
                                 GError     **error);

G_END_DECLS
