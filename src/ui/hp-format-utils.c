/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-format-utils.h"

#include <math.h>

/**
 * hp_format_share:
 * @share: a fraction, 0..1
 *
 * Returns: (transfer full): "62.9 %", or "—" for NaN
 */
char *
hp_format_share (double share)
{
  if (isnan (share))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f %%", share * 100.0);
}

/**
 * hp_heat_level_css_class:
 * @level: a heat level
 *
 * Returns: the style class style.css colours for @level
 */
const char *
hp_heat_level_css_class (HpHeatLevel level)
{
  switch (level)
    {
    case HP_HEAT_MEDIUM:
      return "heat-medium";
    case HP_HEAT_HIGH:
      return "heat-high";
    case HP_HEAT_LOW:
    default:
      return "heat-low";
    }
}

/**
 * hp_heat_level_label:
 * @level: a heat level
 *
 * Returns: a word for @level, shown beside the colour
 */
const char *
hp_heat_level_label (HpHeatLevel level)
{
  switch (level)
    {
    case HP_HEAT_MEDIUM:
      return "medium";
    case HP_HEAT_HIGH:
      return "high";
    case HP_HEAT_LOW:
    default:
      return "low";
    }
}
