/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-profile.h"

G_BEGIN_DECLS

/* The highest version of the native format this code reads and writes. */
#define HP_NATIVE_FORMAT_VERSION 1

/* Serialises @profile in Hotpath's own format (docs/format.md); "format"
 * is always the first member. Never fails. */
GString *hp_native_write (HpProfile *profile);

G_END_DECLS
