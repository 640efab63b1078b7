/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Private to the live folder: JSON text → a sealed JsonNode tree, built
 * straight from HpJsonScanner. A ComfyUI server sends small messages by
 * the thousand; json-glib's JsonParser (GScanner underneath) took most of
 * the time per message. Same values as JsonParser: integers without
 * fraction or exponent are G_TYPE_INT64, other numbers G_TYPE_DOUBLE (and
 * integers past 64 bits too), a repeated member keeps its last value.
 * Errors: HP_FORMAT_ERROR "SOURCE:LINE:COL: PATH: what". */
JsonNode *_hp_live_json_parse (const char  *text,
                               gsize        length,
                               const char  *source_name,
                               GError     **error);

G_END_DECLS
