/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hp-replay-log.h"

G_BEGIN_DECLS

/* Private to the replay server: the JSON it sends, in ComfyUI's shapes
 * (see PROTOCOLS.md §1). */

char     *_hp_replay_to_string            (JsonNode    *node);
/* {"error": {"type", "message", "details", "extra_info"}, "node_errors": {}} */
JsonNode *_hp_replay_error_body           (const char  *type,
                                           const char  *message);
/* The data.timestamp of @message (an object) when it is a number. */
gboolean  _hp_replay_message_timestamp    (JsonNode    *message,
                                           double      *timestamp_ms);
/* @message with data.prompt_id (and progress_state's per-node prompt_id)
 * set to @prompt_id and data.timestamp T set to @base_ms + (T − @anchor_ms)
 * × @scale (an integer stays one: the scaled gap is rounded). */
JsonNode *_hp_replay_rewrite_message      (JsonNode    *message,
                                           const char  *prompt_id,
                                           double       anchor_ms,
                                           gint64       base_ms,
                                           double       scale);
/* {"type": "status", "data": {"status": {"exec_info": {"queue_remaining"}}[, "sid"]}} */
JsonNode *_hp_replay_status_message       (guint        queue_remaining,
                                           const char  *sid);
/* The ids of @graph's nodes no other node takes an input from (what
 * ComfyUI lists as outputs to execute); @graph may be NULL. */
JsonNode *_hp_replay_output_nodes         (JsonNode    *graph);
/* {class: {...}} for every class type of @log, or only @class_type
 * (NULL when the log has no such class). */
JsonNode *_hp_replay_object_info          (HpReplayLog *log,
                                           const char  *class_type);
/* A fixed GET /system_stats body for logs without samples. */
JsonNode *_hp_replay_default_system_stats (void);

G_END_DECLS
