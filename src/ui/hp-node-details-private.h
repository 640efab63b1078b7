/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by hp-node-details.c and its runs grid (hp-node-details-runs.c). */
#pragma once

#include <gtk/gtk.h>

#include "hp-node-run.h"
#include "hp-run.h"

G_BEGIN_DECLS

/* The columns of the runs grid; N_COLS is an expanding filler. */
enum {
  COL_RUN,
  COL_TIME,
  COL_STATUS,
  COL_DURATION,
  COL_PROGRESS,
  N_COLS
};

int _hp_node_details_attach_run (GtkGrid   *grid,
                                 HpRun     *run,
                                 HpNodeRun *node_run,
                                 int        row);

G_END_DECLS
