/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-profile.h"

G_BEGIN_DECLS

/* One entry of the run history: start time, status (icon and word), total,
 * queue and execution time, cached and failed counts, a "Baseline" tag on
 * the profile's pinned run and the run's note. It follows the run it shows
 * and the profile's baseline. */
#define HP_TYPE_RUN_ROW (hp_run_row_get_type ())
G_DECLARE_FINAL_TYPE (HpRunRow, hp_run_row, HP, RUN_ROW, GtkWidget)

GtkWidget  *hp_run_row_new                (void);
HpRun      *hp_run_row_get_run            (HpRunRow  *self);
void        hp_run_row_set_run            (HpRunRow  *self,
                                           HpRun     *run,
                                           HpProfile *profile);

char       *hp_run_row_format_start       (HpRun     *run);
const char *hp_run_row_status_label       (HpRunStatus status);
const char *hp_run_row_status_icon_name   (HpRunStatus status);

G_END_DECLS
