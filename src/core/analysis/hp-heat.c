/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-heat.h"

#include <math.h>

/**
 * hp_heat_level_for_share:
 * @share: a fraction of the total, 0..1 (NaN for a node that never ran)
 * @low_pct: from this percentage on a node is MEDIUM
 * @high_pct: from this percentage on a node is HIGH
 *
 * Returns: the heatmap class of @share
 */
HpHeatLevel
hp_heat_level_for_share (double share,
                         double low_pct,
                         double high_pct)
{
  double pct = share * 100.0;

  if (isnan (pct) || pct < low_pct)
    return HP_HEAT_LOW;
  if (pct < high_pct)
    return HP_HEAT_MEDIUM;
  return HP_HEAT_HIGH;
}
