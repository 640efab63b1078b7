/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hp-run-event.h"

G_BEGIN_DECLS

/* Turns one ComfyUI websocket text message ({"type": T, "data": {...}},
 * PROTOCOLS.md §1.2) into 0..n HpRunEvents, timed by @received_us (µs
 * since the epoch, local clock) and by the server's "timestamp" where the
 * message has one. Unknown types give an empty array, no error; a known
 * type with a malformed field gives NULL and an HP_FORMAT_ERROR whose
 * message names the JSON path ("$.data.node: expected …").
 *
 * Returns: (transfer full) (element-type HpRunEvent) (nullable) */
GPtrArray  *hp_comfy_message_parse       (JsonNode     *message,
                                          gint64        received_us,
                                          GError      **error);
GPtrArray  *hp_comfy_message_parse_text  (const char   *text,
                                          gssize        length,
                                          gint64        received_us,
                                          GError      **error);

/* A GET /system_stats body → a SYSTEM_STATS event (VRAM in use of the
 * first device = vram_total − vram_free, RAM = ram_total − ram_free;
 * -1 for what the body lacks). Its prompt_id is NULL.
 *
 * Returns: (transfer full) (nullable) */
HpRunEvent *hp_comfy_system_stats_parse  (JsonNode     *stats,
                                          gint64        received_us,
                                          GError      **error);

/* For the event-log reader: errors read "SOURCE: PATH…". */
GPtrArray  *_hp_comfy_message_parse_at   (JsonNode     *message,
                                          gint64        received_us,
                                          const char   *source,
                                          const char   *path,
                                          GError      **error);
HpRunEvent *_hp_comfy_system_stats_parse_at (JsonNode  *stats,
                                             gint64     received_us,
                                             const char *source,
                                             const char *path,
                                             GError   **error);

G_END_DECLS
