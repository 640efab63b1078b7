/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-format.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* Reads Hotpath's own format (version 1, see docs/format.md) from @data.
 * Errors are HP_FORMAT_ERROR; messages start with @source_name and give
 * line:column and the JSON path. Never returns a partly built profile. */
HpProfile *hp_native_read (const char  *data,
                           gsize        length,
                           const char  *source_name,
                           GError     **error);

G_END_DECLS
