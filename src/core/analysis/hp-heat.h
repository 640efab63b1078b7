/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Heatmap class of a node by its share of the run's time: below @low_pct
 * percent LOW (green), from @low_pct MEDIUM (yellow), from @high_pct HIGH
 * (red). Defaults 5 and 20; users change them in the preferences. */
typedef enum {
  HP_HEAT_LOW,
  HP_HEAT_MEDIUM,
  HP_HEAT_HIGH,
} HpHeatLevel;

#define HP_HEAT_DEFAULT_LOW_PCT  5.0
#define HP_HEAT_DEFAULT_HIGH_PCT 20.0

HpHeatLevel hp_heat_level_for_share (double share,
                                     double low_pct,
                                     double high_pct);

G_END_DECLS
