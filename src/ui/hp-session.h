/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-metric.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* What one window is looking at, apart from the document itself: the
 * selected run and node, how bottlenecks are ranked and what counts as a
 * regression or a hot node. Every panel binds to it, so selecting a node
 * anywhere is one property change that all views follow. */
#define HP_TYPE_SESSION (hp_session_get_type ())
G_DECLARE_FINAL_TYPE (HpSession, hp_session, HP, SESSION, GObject)

HpSession  *hp_session_new                  (HpProfile  *profile);

HpProfile  *hp_session_get_profile          (HpSession  *self);

/* The run the panels show; follows the latest run until the user picks
 * another, and falls back to the latest when the picked run is removed. */
HpRun      *hp_session_get_selected_run     (HpSession  *self);
void        hp_session_set_selected_run     (HpSession  *self,
                                             HpRun      *run);

const char *hp_session_get_selected_node_id (HpSession  *self);
void        hp_session_set_selected_node_id (HpSession  *self,
                                             const char *node_id);
/* Selects @node_id and asks the views to bring it into sight. */
void        hp_session_jump_to_node         (HpSession  *self,
                                             const char *node_id);

HpMetric    hp_session_get_metric           (HpSession  *self);
void        hp_session_set_metric           (HpSession  *self,
                                             HpMetric    metric);
guint       hp_session_get_top_n            (HpSession  *self);
double      hp_session_get_threshold_pct    (HpSession  *self);
double      hp_session_get_noise_floor_us   (HpSession  *self);
double      hp_session_get_heat_low_pct     (HpSession  *self);
double      hp_session_get_heat_high_pct    (HpSession  *self);

G_END_DECLS
