/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-format-utils.h"

#include <glib/gi18n.h>
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
 * hp_heat_level_icon_name:
 * @level: a heat level
 *
 * Returns: a symbolic icon whose shape differs per level, so the colour
 *   is never the only signal: a warning for a high share, a note for a
 *   medium one, a check mark for a share too small to matter
 */
const char *
hp_heat_level_icon_name (HpHeatLevel level)
{
  switch (level)
    {
    case HP_HEAT_MEDIUM:
      return "dialog-information-symbolic";
    case HP_HEAT_HIGH:
      return "dialog-warning-symbolic";
    case HP_HEAT_LOW:
    default:
      return "emblem-ok-symbolic";
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
      return C_("severity", "medium");
    case HP_HEAT_HIGH:
      return C_("severity", "high");
    case HP_HEAT_LOW:
    default:
      return C_("severity", "low");
    }
}

/* "6.2 GB (+1.1 GB)" */
static char *
format_peak (gint64 peak,
             gint64 change)
{
  g_autofree char *size = g_format_size ((guint64) peak);
  g_autofree char *delta = g_format_size ((guint64) ABS (change));

  if (change == 0)
    return g_strdup_printf ("%s (±0)", size);
  return g_strdup_printf ("%s (%s%s)", size, change < 0 ? "−" : "+", delta);
}

/**
 * hp_format_memory_samples:
 * @samples: what a node run's memory samples say
 *
 * Returns: (transfer full) (nullable): one line for the node details
 */
char *
hp_format_memory_samples (const HpMemorySamples *samples)
{
  g_autofree char *vram = NULL;
  g_autofree char *ram = NULL;

  g_return_val_if_fail (samples != NULL, NULL);

  if (samples->vram_peak >= 0)
    vram = format_peak (samples->vram_peak, samples->vram_change);
  if (samples->ram_peak >= 0)
    ram = format_peak (samples->ram_peak, samples->ram_change);

  /* Translators: memory a node used while it ran, sampled a few times a
   * second; %s are sizes with their change, "6.2 GB (+1.1 GB)" */
  if (vram != NULL && ram != NULL)
    return g_strdup_printf (_("VRAM peak %s · RAM peak %s, sampled"), vram, ram);
  if (vram != NULL)
    return g_strdup_printf (_("VRAM peak %s, sampled"), vram);
  if (ram != NULL)
    return g_strdup_printf (_("RAM peak %s, sampled"), ram);
  return NULL;
}
