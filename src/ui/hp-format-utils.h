/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Heatmap class of a node by its share of the total (thresholds are
 * percentages, from GSettings: green below @low, yellow up to @high, red). */
typedef enum {
  HP_HEAT_LOW,
  HP_HEAT_MEDIUM,
  HP_HEAT_HIGH,
} HpHeatLevel;

char        *hp_format_share            (double       share);
HpHeatLevel  hp_heat_level_for_share    (double       share,
                                         double       low_pct,
                                         double       high_pct);
const char  *hp_heat_level_css_class    (HpHeatLevel  level);
const char  *hp_heat_level_label        (HpHeatLevel  level);

G_END_DECLS
