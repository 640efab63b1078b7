/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-profile.h"

G_BEGIN_DECLS

/* Shared by hp-profile.c (runs, baseline, merge, dismissed insights)
 * and hp-profile-stats.c (per-node statistics). */

struct _HpProfile
{
  GObject          parent_instance;

  HpWorkflowGraph *graph;
  GListStore      *runs;          /* of HpRun, ordered by run_compare() */
  GHashTable      *runs_by_id;    /* id (owned by the run) → HpRun */
  HpRun           *baseline;
  GListStore      *node_stats;    /* of HpNodeStats */
  GHashTable      *stats_by_id;   /* interned id → HpNodeStats */
  GPtrArray       *dismissed;     /* insight keys, sorted, NULL-terminated */
};

/* hp-profile-stats.c */
void _hp_profile_refresh_node_stats (HpProfile *self);

G_END_DECLS
