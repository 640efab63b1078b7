/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Helpers on ComfyUI API-format prompts and the queue/history items that
 * carry them, shared by the client, the replay server and the CLI. */

/* The member @name of @object (nullable) when it is an object / a string,
 * else NULL: json-glib's own getters warn on a missing member or another
 * type, and server data may be anything. */
JsonObject *hp_comfy_json_get_object    (JsonObject  *object,
                                         const char  *name);
const char *hp_comfy_json_get_string    (JsonObject  *object,
                                         const char  *name);

/* A deep copy: json_node_copy() shares objects and arrays. */
JsonNode   *hp_comfy_json_deep_copy     (JsonNode    *node);

/* A copy of the API-format @prompt whose integer `seed` and `noise_seed`
 * inputs all become @seed (reduced to 0…2^63−1: JSON integers are signed),
 * so that queuing it again is not served from ComfyUI's cache. Linked
 * inputs (["4", 0]) and every other input are left alone. @n_replaced
 * (optional) counts the inputs changed: 0 means the prompt has no seed. */
JsonNode   *hp_comfy_prompt_vary_seed   (JsonNode    *prompt,
                                         guint64      seed,
                                         guint       *n_replaced);

/* Reads a queue or history item [number, prompt_id, prompt, extra_data,
 * outputs, …]: the graph is item[2], the editor workflow (with positions)
 * extra_data.extra_pnginfo.workflow when present (else *@workflow = NULL).
 * Returned nodes belong to @item. @where names the item in errors
 * ("$.queue_running[0]"); HP_COMFY_ERROR_PROTOCOL when it is malformed. */
gboolean    hp_comfy_queue_item_parse   (JsonNode    *item,
                                         const char  *where,
                                         const char **prompt_id,
                                         double      *number,
                                         JsonNode   **graph,
                                         JsonNode   **workflow,
                                         GError     **error);

/* extra_data.create_time of a queue or history item (ms since the
 * epoch on the server's clock) in µs, or G_MININT64 (HP_TIME_UNKNOWN)
 * when the item has none or it is not a positive number. */
gint64      hp_comfy_queue_item_get_create_time (JsonNode *item);

/* The item of @prompt_id in a GET /queue body (queue_running, then
 * queue_pending), or NULL. */
JsonNode   *hp_comfy_queue_find_item    (JsonNode    *queue,
                                         const char  *prompt_id);
/* The "prompt" item of @prompt_id in a GET /history(/ID) body, or NULL. */
JsonNode   *hp_comfy_history_find_item  (JsonNode    *history,
                                         const char  *prompt_id);

G_END_DECLS
