/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Appends what a ComfyUI connection received to an event log (JSON
 * Lines, one object a line, see docs/formats.md):
 *   {"received_ms": T, "message": <websocket message>}
 *   {"received_ms": T, "prompt": {"prompt_id", "number", "graph",
 *                                 "workflow"?, "queued_ms"?, "create_time"?}}
 *   {"received_ms": T, "system_stats": <GET /system_stats body>}
 * T = local receive time in ms since the epoch (µs kept as 3 decimals).
 * Each line goes out in one write, so a crash loses at most the line
 * being written. Never give it credentials: it writes what it is given. */
#define HP_TYPE_EVENT_LOG_WRITER (hp_event_log_writer_get_type ())
G_DECLARE_FINAL_TYPE (HpEventLogWriter, hp_event_log_writer, HP, EVENT_LOG_WRITER, GObject)

/* Opens @file for appending (creating it when missing). */
HpEventLogWriter *hp_event_log_writer_new                 (GFile             *file,
                                                           GError           **error);

gboolean          hp_event_log_writer_append_message      (HpEventLogWriter  *self,
                                                           JsonNode          *message,
                                                           gint64             received_us,
                                                           GError           **error);
/* The frame's text as the server sent it (checked to be JSON). */
gboolean          hp_event_log_writer_append_message_text (HpEventLogWriter  *self,
                                                           const char        *text,
                                                           gssize             length,
                                                           gint64             received_us,
                                                           GError           **error);
gboolean          hp_event_log_writer_append_prompt       (HpEventLogWriter  *self,
                                                           const char        *prompt_id,
                                                           double             number,
                                                           JsonNode          *graph,
                                                           JsonNode          *workflow,
                                                           gint64             received_us,
                                                           GError           **error);
/* With the queue facts of hp_recorder_prompt_queued(): @queued_us (when
 * we POSTed it, local clock) and @create_time_us (extra_data.create_time,
 * server clock), each HP_TIME_UNKNOWN when not known. */
gboolean          hp_event_log_writer_append_prompt_full  (HpEventLogWriter  *self,
                                                           const char        *prompt_id,
                                                           double             number,
                                                           JsonNode          *graph,
                                                           JsonNode          *workflow,
                                                           gint64             queued_us,
                                                           gint64             create_time_us,
                                                           gint64             received_us,
                                                           GError           **error);
gboolean          hp_event_log_writer_append_system_stats (HpEventLogWriter  *self,
                                                           JsonNode          *stats,
                                                           gint64             received_us,
                                                           GError           **error);
gboolean          hp_event_log_writer_close               (HpEventLogWriter  *self,
                                                           GError           **error);

G_END_DECLS
