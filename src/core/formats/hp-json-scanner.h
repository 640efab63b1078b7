/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-format.h"

G_BEGIN_DECLS

/* A pull parser over JSON held in memory (usually a mapped file). It
 * checks the grammar as it goes, keeps a small stack of open containers
 * for JSON paths ($.runs[3].nodes[0].duration_ms) and builds error
 * messages of the form SOURCE:LINE:COL: PATH: message. Line and column
 * are worked out only when an error is reported, so reading stays fast.
 *
 * The first error sticks: every later call returns FALSE, and the caller
 * collects it with hp_json_scanner_take_error(). */

#define HP_JSON_SCANNER_MAX_DEPTH 64

typedef enum {
  HP_JSON_VALUE_NONE,       /* no value here: end of input, or an error */
  HP_JSON_VALUE_OBJECT,
  HP_JSON_VALUE_ARRAY,
  HP_JSON_VALUE_STRING,
  HP_JSON_VALUE_NUMBER,
  HP_JSON_VALUE_TRUE,
  HP_JSON_VALUE_FALSE,
  HP_JSON_VALUE_NULL,
} HpJsonValueType;

typedef struct _HpJsonScanner HpJsonScanner;

/* A saved position, for reading a value again (hp_json_scanner_rewind). */
typedef struct {
  gsize  offset;
  guint  depth;
  gsize  key_offset;
  gsize  key_length;
  guint  index;
  guint8 state;
  guint8 kind;
} HpJsonMark;

HpJsonScanner   *hp_json_scanner_new            (const char     *data,
                                                 gsize           length,
                                                 const char     *source_name);
void             hp_json_scanner_free           (HpJsonScanner  *self);

/* Checks that the input is not empty (whitespace only counts as empty). */
gboolean         hp_json_scanner_start          (HpJsonScanner  *self);
/* Checks that nothing but whitespace follows the top-level value. */
gboolean         hp_json_scanner_finish         (HpJsonScanner  *self);

/* The type of the next value, without consuming it. */
HpJsonValueType  hp_json_scanner_peek           (HpJsonScanner  *self);
const char      *hp_json_value_type_describe    (HpJsonValueType type);

/* Objects: begin, then next_member() until it returns FALSE (at '}' or
 * on error; tell them apart with hp_json_scanner_failed()). @key points
 * into a buffer that the next read overwrites. */
gboolean         hp_json_scanner_begin_object   (HpJsonScanner  *self);
gboolean         hp_json_scanner_next_member    (HpJsonScanner  *self,
                                                 const char    **key,
                                                 gsize          *key_length);
/* Arrays: the same with next_element(); @index (may be NULL) counts from 0. */
gboolean         hp_json_scanner_begin_array    (HpJsonScanner  *self);
gboolean         hp_json_scanner_next_element   (HpJsonScanner  *self,
                                                 guint          *index);

/* Scalars. Each fails with HP_FORMAT_ERROR_TYPE when the next value has
 * another type. Strings are unescaped into a reused buffer (valid UTF-8,
 * NUL-terminated, no embedded NUL). The _or_null variants accept null
 * and then set *@is_null (strings: *@value = NULL). */
gboolean         hp_json_scanner_read_string    (HpJsonScanner  *self,
                                                 const char    **value,
                                                 gsize          *length);
gboolean         hp_json_scanner_read_string_or_null (HpJsonScanner  *self,
                                                      const char    **value);
/* The number exactly as written (validated JSON number syntax). */
gboolean         hp_json_scanner_read_number_text (HpJsonScanner  *self,
                                                   const char    **text,
                                                   gsize          *length);
gboolean         hp_json_scanner_read_double    (HpJsonScanner  *self,
                                                 double         *value);
gboolean         hp_json_scanner_read_int64     (HpJsonScanner  *self,
                                                 gint64         *value);
gboolean         hp_json_scanner_read_boolean   (HpJsonScanner  *self,
                                                 gboolean       *value);
gboolean         hp_json_scanner_read_null      (HpJsonScanner  *self);
/* Skips any value, however nested (up to HP_JSON_SCANNER_MAX_DEPTH). */
gboolean         hp_json_scanner_skip_value     (HpJsonScanner  *self);

/* Marks the current position (right after next_member/next_element, or
 * after a container closed) so reading can go back to it later with
 * hp_json_scanner_rewind(). The containers outside the marked one must
 * still be open when rewinding; the marked one may have closed since. */
void             hp_json_scanner_mark           (HpJsonScanner  *self,
                                                 HpJsonMark     *mark);
void             hp_json_scanner_rewind         (HpJsonScanner  *self,
                                                 const HpJsonMark *mark);

/* Byte offset of the value last peeked or read (for later errors). */
gsize            hp_json_scanner_get_offset     (HpJsonScanner  *self);
gboolean         hp_json_scanner_failed         (HpJsonScanner  *self);
GError          *hp_json_scanner_take_error     (HpJsonScanner  *self);

/* Reports an error at the value last peeked or read, with the current
 * path. Returns FALSE for convenience. */
gboolean         hp_json_scanner_fail           (HpJsonScanner  *self,
                                                 HpFormatError   code,
                                                 const char     *format,
                                                 ...) G_GNUC_PRINTF (3, 4);
/* Reports an error at byte @offset; @suffix (may be NULL) is appended to
 * the current path, e.g. "id" or "edges[2].to". */
gboolean         hp_json_scanner_fail_at        (HpJsonScanner  *self,
                                                 gsize           offset,
                                                 const char     *suffix,
                                                 HpFormatError   code,
                                                 const char     *format,
                                                 ...) G_GNUC_PRINTF (5, 6);
/* Fails with HP_FORMAT_ERROR_TYPE: "expected @expected, found a string". */
gboolean         hp_json_scanner_fail_type      (HpJsonScanner  *self,
                                                 const char     *expected);

/* 1-based line and column (in characters) of a byte offset. */
void             hp_json_scanner_get_position   (HpJsonScanner  *self,
                                                 gsize           offset,
                                                 guint          *line,
                                                 guint          *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpJsonScanner, hp_json_scanner_free)

G_END_DECLS
