/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hp-clock-offset.h"
#include "hp-profile.h"
#include "hp-run-event.h"

G_BEGIN_DECLS

/* Turns what a ComfyUI server sends (websocket messages, graphs fetched
 * over HTTP, /system_stats samples, /history entries) into runs: the
 * only code that builds HpRun/HpNodeRun from live events. One HpProfile
 * per workflow graph (identity: the API prompt's node ids and
 * class_types); a prompt of a new graph adds a profile. Events of a
 * prompt whose graph has not come yet are kept and applied when it
 * comes. One recorder per connection (or event log): its clock offset
 * estimate belongs to that server. Main thread only. */
#define HP_TYPE_RECORDER (hp_recorder_get_type ())
G_DECLARE_FINAL_TYPE (HpRecorder, hp_recorder, HP, RECORDER, GObject)

HpRecorder          *hp_recorder_new                (void);

/* Deferred: runs join their profile only in hp_recorder_finish(), in
 * one batch (fast for big logs), and no run-* signals are emitted. */
void                 hp_recorder_set_deferred       (HpRecorder  *self,
                                                     gboolean     deferred);

gboolean             hp_recorder_add_prompt         (HpRecorder  *self,
                                                     const char  *prompt_id,
                                                     double       number,
                                                     JsonNode    *graph,
                                                     JsonNode    *workflow,
                                                     gint64       received_us,
                                                     GError     **error);
/* We queued @prompt_id at @queued_us (local clock; HP_TIME_UNKNOWN if
 * not us); @create_time_us is its extra_data.create_time (server clock)
 * when known. Either may be HP_TIME_UNKNOWN. */
void                 hp_recorder_prompt_queued      (HpRecorder  *self,
                                                     const char  *prompt_id,
                                                     gint64       queued_us,
                                                     gint64       create_time_us);

gboolean             hp_recorder_feed_message       (HpRecorder  *self,
                                                     JsonNode    *message,
                                                     gint64       received_us,
                                                     GError     **error);
void                 hp_recorder_feed_event         (HpRecorder  *self,
                                                     const HpRunEvent *event);
gboolean             hp_recorder_add_system_stats   (HpRecorder  *self,
                                                     JsonNode    *stats,
                                                     gint64       received_us,
                                                     GError     **error);
/* Watch mode: a GET /history/ID entry of a prompt another client queued
 * (no node events reach us): run-level facts only. */
gboolean             hp_recorder_add_history_entry  (HpRecorder  *self,
                                                     const char  *prompt_id,
                                                     JsonNode    *history_entry,
                                                     gint64       received_us,
                                                     GError     **error);

void                 hp_recorder_connection_lost    (HpRecorder  *self,
                                                     gint64       when_us);
/* No more input: runs still in progress end as interrupted, prompts
 * whose graph never came are recorded with node ids only, deferred runs
 * join their profiles. */
void                 hp_recorder_finish             (HpRecorder  *self);

/* (element-type HpProfile) (transfer none), in the order they were added. */
GPtrArray           *hp_recorder_get_profiles       (HpRecorder  *self);
HpProfile           *hp_recorder_lookup_profile     (HpRecorder  *self,
                                                     const char  *prompt_id);
HpRun               *hp_recorder_lookup_run         (HpRecorder  *self,
                                                     const char  *prompt_id);
const HpClockOffset *hp_recorder_get_clock_offset   (HpRecorder  *self);
/* queue_remaining of the last status message, -1 before any. */
int                  hp_recorder_get_queue_remaining (HpRecorder *self);

G_END_DECLS
