/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hp-format.h"

G_BEGIN_DECLS

/* Private to the formats folder: helpers for the readers of small
 * documents that go through a json-glib tree (ComfyUI workflows and
 * history, Dify, NodeTool). Every failure sets an HP_FORMAT_ERROR whose
 * message reads "SOURCE: JSONPATH: what is wrong, what was expected". */

typedef struct {
  const char  *source;
  GError     **error;
} HpTreeReader;

/* json_parser_load_from_data() for every caller: json-glib 1.6 accepts
 * a value followed by an object or array ("{}{}", "0{…}") as the first
 * and leaks the rest; that is refused here as trailing data, with
 * json-glib's kind of error ("<data>:LINE:COL: Parse error: …").
 * @length -1: nul-ended. */
gboolean     _hp_json_load_data      (JsonParser         *parser,
                                      const char         *data,
                                      gssize              length,
                                      GError            **error);

/* Parses @data; on failure reports SOURCE:LINE:COL (syntax, truncation)
 * or an empty document. @what names the expected content. */
gboolean     _hp_tree_parse          (const HpTreeReader *r,
                                      JsonParser         *parser,
                                      const char         *data,
                                      gsize               length,
                                      const char         *what);

gboolean     _hp_tree_fail           (const HpTreeReader *r,
                                      HpFormatError       code,
                                      const char         *path,
                                      const char         *format,
                                      ...) G_GNUC_PRINTF (4, 5);
/* "expected @expected, found a string" */
gboolean     _hp_tree_wrong_type     (const HpTreeReader *r,
                                      const char         *path,
                                      const char         *expected,
                                      JsonNode           *found);
const char  *_hp_tree_describe       (JsonNode           *node);

/* A member that is absent or null counts as not given (NULL). */
JsonNode    *_hp_tree_member         (JsonObject         *object,
                                      const char         *name);

/* Optional members of @object (whose path is @parent); absent or null
 * leaves *@present FALSE / *@value NULL. */
gboolean     _hp_tree_get_number     (const HpTreeReader *r,
                                      JsonObject         *object,
                                      const char         *parent,
                                      const char         *name,
                                      double             *value,
                                      gboolean           *present);
gboolean     _hp_tree_get_string     (const HpTreeReader *r,
                                      JsonObject         *object,
                                      const char         *parent,
                                      const char         *name,
                                      const char        **value);
gboolean     _hp_tree_get_boolean    (const HpTreeReader *r,
                                      JsonObject         *object,
                                      const char         *parent,
                                      const char         *name,
                                      gboolean           *value);
/* A time since the epoch in @unit_us microseconds per unit (1000 for
 * milliseconds, 1000000 for seconds) → µs, checked to lie between 1970
 * and 2200; HP_TIME_UNKNOWN when absent. */
gboolean     _hp_tree_get_time       (const HpTreeReader *r,
                                      JsonObject         *object,
                                      const char         *parent,
                                      const char         *name,
                                      double              unit_us,
                                      gint64             *time_us);
/* A duration in @unit_us µs per unit → µs, not negative nor absurd. */
gboolean     _hp_tree_get_duration   (const HpTreeReader *r,
                                      JsonObject         *object,
                                      const char         *parent,
                                      const char         *name,
                                      double              unit_us,
                                      gint64             *duration_us);
/* An id given as a non-empty string or an integer; NULL when absent. */
gboolean     _hp_tree_get_id         (const HpTreeReader *r,
                                      JsonNode           *node,
                                      const char         *path,
                                      char              **id);
/* Converts a checked number of units to µs; FALSE (with an error naming
 * @path) when negative or absurd. @timestamp: check as an epoch time. */
gboolean     _hp_tree_to_us          (const HpTreeReader *r,
                                      const char         *path,
                                      double              value,
                                      double              unit_us,
                                      gboolean            timestamp,
                                      gint64             *us);

/* One line of a JSON Lines log, starting at @line:@column of the file:
 * syntax errors and truncation are reported at their place in the file. */
gboolean     _hp_tree_parse_line     (const HpTreeReader *r,
                                      JsonParser         *parser,
                                      guint               line,
                                      guint               column,
                                      const char         *text,
                                      gsize               length,
                                      gboolean            last,
                                      const char         *item,
                                      const char         *expected,
                                      JsonObject        **object);

/* The id ComfyUI workflows get in every reader: a digest of the sorted
 * "node_id\x1ftype" lines of @fingerprint (sorted in place), so a
 * prompt, an editor workflow and a history of one workflow share it. */
char        *_hp_comfyui_workflow_id (GPtrArray          *fingerprint);

G_END_DECLS
