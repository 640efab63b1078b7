/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-heat.h"
#include "hp-node-run.h"

G_BEGIN_DECLS

char        *hp_format_share            (double       share);
const char  *hp_heat_level_css_class    (HpHeatLevel  level);
const char  *hp_heat_level_icon_name    (HpHeatLevel  level);
const char  *hp_heat_level_label        (HpHeatLevel  level);

/* "VRAM peak 6.2 GB (+1.1 GB), sampled" (and RAM when sampled); NULL
 * when @samples has no peak. Says "sampled": between two samples a
 * short peak goes unseen. */
char        *hp_format_memory_samples   (const HpMemorySamples *samples);

G_END_DECLS
