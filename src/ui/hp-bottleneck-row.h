/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-bottlenecks.h"
#include "hp-format-utils.h"

G_BEGIN_DECLS

/* One entry of the bottleneck panel: warning marker, rank, title, duration
 * and share. Activating it asks the window to select its node. */
#define HP_TYPE_BOTTLENECK_ROW (hp_bottleneck_row_get_type ())
G_DECLARE_FINAL_TYPE (HpBottleneckRow, hp_bottleneck_row, HP, BOTTLENECK_ROW, GtkListBoxRow)

GtkWidget  *hp_bottleneck_row_new         (const HpBottleneck *bottleneck,
                                           HpMetric            metric,
                                           HpHeatLevel         level);
const char *hp_bottleneck_row_get_node_id (HpBottleneckRow    *self);
guint       hp_bottleneck_row_get_rank    (HpBottleneckRow    *self);

G_END_DECLS
