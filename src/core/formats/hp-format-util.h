/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Helpers shared by the format readers and writers of this folder. */

static inline gboolean
_hp_json_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of a UTF-8 byte order mark at the start of @data (0 or 3). */
gsize     _hp_utf8_bom_length        (const char *data,
                                      gsize       length);

/* 1-based line and column (in bytes) of @offset in @data. */
void      _hp_text_position          (const char *data,
                                      gsize       length,
                                      gsize       offset,
                                      guint      *line,
                                      guint      *column);

/* TRUE when a look at the structure only (strings, brackets) finds the
 * document ending inside a string or an unclosed object or array: a
 * truncated file rather than a malformed one. */
gboolean  _hp_json_ends_early        (const char *data,
                                      gsize       length);

/* Appends @text as a JSON string literal (with quotes). */
void      _hp_json_append_string     (GString    *out,
                                      const char *text);

/* Appends @value in the shortest form that reads back to the same
 * double, with "." as decimal separator whatever the locale. */
void      _hp_append_double          (GString    *out,
                                      double      value);

G_END_DECLS
