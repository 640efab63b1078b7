/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hp-node-stats.h"
#include "hp-run.h"
#include "hp-workflow-graph.h"

G_BEGIN_DECLS

/* One document: a workflow graph, its history of runs (kept ordered by
 * start time), an optional pinned baseline run and per-node statistics
 * that follow every change to the runs. */
#define HP_TYPE_PROFILE (hp_profile_get_type ())
G_DECLARE_FINAL_TYPE (HpProfile, hp_profile, HP, PROFILE, GObject)

HpProfile       *hp_profile_new                (void);

HpWorkflowGraph *hp_profile_get_graph          (HpProfile  *self);

GListModel      *hp_profile_get_runs           (HpProfile  *self);
guint            hp_profile_get_n_runs         (HpProfile  *self);
HpRun           *hp_profile_get_run            (HpProfile  *self,
                                                guint       position);
HpRun           *hp_profile_lookup_run         (HpProfile  *self,
                                                const char *run_id);
HpRun           *hp_profile_get_latest_run     (HpProfile  *self);
int              hp_profile_get_run_position   (HpProfile  *self,
                                                HpRun      *run);

gboolean         hp_profile_add_run            (HpProfile  *self,
                                                HpRun      *run,
                                                GError    **error);
gboolean         hp_profile_add_runs           (HpProfile  *self,
                                                HpRun     **runs,
                                                guint       n_runs,
                                                GError    **error);
gboolean         hp_profile_remove_run         (HpProfile  *self,
                                                HpRun      *run);
void             hp_profile_clear_runs         (HpProfile  *self);
/* Call after changing a run that is already in the profile (live runs). */
void             hp_profile_run_changed        (HpProfile  *self,
                                                HpRun      *run);

HpRun           *hp_profile_get_baseline       (HpProfile  *self);
void             hp_profile_set_baseline       (HpProfile  *self,
                                                HpRun      *run);

/* Insights the user dismissed, by hp_insight_dup_key(): part of the
 * document (saved with it), sorted, never NULL. */
const char * const *hp_profile_get_dismissed_insights (HpProfile  *self);
gboolean         hp_profile_is_insight_dismissed (HpProfile  *self,
                                                  const char *key);
void             hp_profile_set_dismissed_insight (HpProfile  *self,
                                                   const char *key,
                                                   gboolean    dismissed);

GListModel      *hp_profile_get_node_stats     (HpProfile  *self);
HpNodeStats     *hp_profile_lookup_node_stats  (HpProfile  *self,
                                                const char *node_id);

/* Adds @other's graph, and those of its runs whose ids this profile does
 * not have yet. Returns how many runs were skipped as already present. */
guint            hp_profile_merge              (HpProfile  *self,
                                                HpProfile  *other);

#define HP_PROFILE_ERROR (hp_profile_error_quark ())

typedef enum {
  HP_PROFILE_ERROR_DUPLICATE_RUN,
} HpProfileError;

GQuark           hp_profile_error_quark        (void);

G_END_DECLS
