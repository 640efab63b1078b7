/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-heat.h"

G_BEGIN_DECLS

char        *hp_format_share            (double       share);
const char  *hp_heat_level_css_class    (HpHeatLevel  level);
const char  *hp_heat_level_label        (HpHeatLevel  level);

G_END_DECLS
