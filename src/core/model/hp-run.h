/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hp-enums.h"
#include "hp-node-run.h"

G_BEGIN_DECLS

/* One execution of a workflow. A GListModel of its HpNodeRuns, in the
 * order they were added (execution order when the source knows it). */
#define HP_TYPE_RUN (hp_run_get_type ())
G_DECLARE_FINAL_TYPE (HpRun, hp_run, HP, RUN, GObject)

HpRun       *hp_run_new                  (const char  *id);

const char  *hp_run_get_id               (HpRun       *self);
HpRunStatus  hp_run_get_status           (HpRun       *self);
void         hp_run_set_status           (HpRun       *self,
                                          HpRunStatus  status);

/* µs since the epoch, or HP_TIME_UNKNOWN */
gint64       hp_run_get_queued_us        (HpRun       *self);
void         hp_run_set_queued_us        (HpRun       *self,
                                          gint64       queued_us);
gint64       hp_run_get_started_us       (HpRun       *self);
void         hp_run_set_started_us       (HpRun       *self,
                                          gint64       started_us);
gint64       hp_run_get_finished_us      (HpRun       *self);
void         hp_run_set_finished_us      (HpRun       *self,
                                          gint64       finished_us);

/* Derived totals (µs), HP_TIME_UNKNOWN when a needed time is missing:
 * execution = finished − started; queue = started − queued;
 * total = queue + execution (execution alone when the queue time is unknown). */
gint64       hp_run_get_execution_us     (HpRun       *self);
gint64       hp_run_get_queue_us         (HpRun       *self);
gint64       hp_run_get_total_us         (HpRun       *self);

/* A remark shown with the run, e.g. "no per-node timing in the source". */
const char  *hp_run_get_note             (HpRun       *self);
void         hp_run_set_note             (HpRun       *self,
                                          const char  *note);

void         hp_run_add_node_run         (HpRun       *self,
                                          HpNodeRun   *node_run);
HpNodeRun   *hp_run_lookup_node_run      (HpRun       *self,
                                          const char  *node_id);
/* Fast iteration without reference counting; do not modify. */
GPtrArray   *hp_run_get_node_runs        (HpRun       *self);

guint        hp_run_count_nodes          (HpRun       *self,
                                          HpNodeStatus status);

G_END_DECLS
