/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-profile.h"

G_BEGIN_DECLS

GString *hp_csv_write (HpProfile *profile);

G_END_DECLS
