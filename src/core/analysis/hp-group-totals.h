/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hp-duration-summary.h"
#include "hp-graph-group.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* The time of one group or subgraph in one run (docs/analysis.md,
 * "Groups and subgraphs"):
 *
 * - wall time: the length of the union of its executed nodes' [start,
 *   end) intervals, so branches that ran side by side count once;
 * - sum: the sum of the same nodes' durations, for contrast;
 * - when an executed node has a duration but no start and end, the
 *   union cannot be known: the wall time is then the sum, and
 *   has_intervals is FALSE ("no interval data: sum of durations").
 *
 * Only completed nodes with a duration take time; cached ones are
 * counted apart. Nested groups and subgraphs form a tree: get_children. */

#define HP_TYPE_GROUP_TOTALS (hp_group_totals_get_type ())
G_DECLARE_FINAL_TYPE (HpGroupTotals, hp_group_totals, HP, GROUP_TOTALS, GObject)

HpGraphGroup     *hp_group_totals_get_group       (HpGroupTotals *self);
HpGraphGroupKind  hp_group_totals_get_kind        (HpGroupTotals *self);
const char       *hp_group_totals_get_id          (HpGroupTotals *self);
const char       *hp_group_totals_get_title       (HpGroupTotals *self);
const char       *hp_group_totals_get_parent_id   (HpGroupTotals *self);
/* µs; 0 when none of its nodes executed in the run. */
gint64            hp_group_totals_get_wall_us     (HpGroupTotals *self);
gint64            hp_group_totals_get_sum_us      (HpGroupTotals *self);
/* FALSE: some executed node had only a duration, wall = sum. */
gboolean          hp_group_totals_has_intervals   (HpGroupTotals *self);
/* Wall time ÷ the run's execution time (0 to 1), NaN when unknown. */
double            hp_group_totals_get_share       (HpGroupTotals *self);
guint             hp_group_totals_get_n_nodes     (HpGroupTotals *self);
guint             hp_group_totals_get_n_executed  (HpGroupTotals *self);
guint             hp_group_totals_get_n_cached    (HpGroupTotals *self);
/* The member node ids (interned), graph members first. */
GPtrArray        *hp_group_totals_get_nodes       (HpGroupTotals *self);
/* (transfer none): the nested groups' totals, a model of HpGroupTotals. */
GListModel       *hp_group_totals_get_children    (HpGroupTotals *self);

/* Every group, then every subgraph (those the run's node ids imply
 * included), of @profile's graph in @run (nullable: no times). */
GPtrArray        *hp_group_totals_compute         (HpProfile     *profile,
                                                   HpRun         *run);
/* (transfer full): the top-level entries of @totals. */
GListModel       *hp_group_totals_get_roots       (GPtrArray     *totals);

/* Mean, p95… of the wall time of @group over the runs of @profile in
 * which at least one of its nodes executed. */
void              hp_group_totals_summarize       (HpProfile         *profile,
                                                   HpGraphGroup      *group,
                                                   HpDurationSummary *out);

/* The union length of [start, end) intervals given as pairs (µs). */
gint64            hp_group_totals_union_us        (const gint64  *pairs,
                                                   guint          n_pairs);

G_END_DECLS
