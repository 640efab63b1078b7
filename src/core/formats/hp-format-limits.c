/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-format-limits.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "hp-format.h"
#include "hp-format-util.h"

static const HpFormatLimits default_limits = {
  HP_FORMAT_MAX_FILE_BYTES,
  HP_FORMAT_MAX_TREE_BYTES,
  HP_FORMAT_MAX_GRAPH_NODES,
  HP_FORMAT_MAX_NODE_RUNS,
  HP_FORMAT_MAX_JSON_DEPTH,
};

static HpFormatLimits test_limits;
static const HpFormatLimits *current_limits = &default_limits;

const HpFormatLimits *
_hp_format_limits (void)
{
  return current_limits;
}

void
_hp_format_limits_set_for_testing (const HpFormatLimits *limits)
{
  if (limits == NULL)
    {
      current_limits = &default_limits;
      return;
    }
  test_limits = *limits;
  current_limits = &test_limits;
}

gboolean
_hp_format_check_size (const char  *name,
                       guint64      size,
                       guint64      max,
                       const char  *what,
                       GError     **error)
{
  g_autofree char *size_text = NULL;
  g_autofree char *max_text = NULL;

  if (size <= max)
    return TRUE;

  size_text = g_format_size (size);
  max_text = g_format_size (max);
  g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE,
               /* Translators: file name, its size, what Hotpath opens ("profiles"), the limit */
               _("%s is %s; Hotpath opens %s up to %s"),
               name, size_text, _(what), max_text);
  return FALSE;
}

gboolean
_hp_json_find_deep_nesting (const char *data,
                            gsize       length,
                            guint       max_depth,
                            gsize      *offset)
{
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      switch (data[i])
        {
        case '"':
          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              *offset = i;
              return TRUE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return FALSE;
}

gboolean
_hp_json_check_nesting (const char  *data,
                        gsize        length,
                        const char  *source,
                        GError     **error)
{
  guint max = current_limits->max_depth;
  guint line, column;
  gsize offset;

  if (!_hp_json_find_deep_nesting (data, length, max, &offset))
    return TRUE;
  _hp_text_position (data, length, offset, &line, &column);
  g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE,
               /* Translators: file:line:column, then the nesting limit */
               _("%s:%u:%u: values are nested too deeply (more than %u levels)"),
               source, line, column, max);
  return FALSE;
}

gboolean
_hp_json_check_nesting_parser (const char  *data,
                               gsize        length,
                               GError     **error)
{
  guint max = current_limits->max_depth;
  g_autofree char *detail = NULL;
  guint line, column;
  gsize offset;

  if (!_hp_json_find_deep_nesting (data, length, max, &offset))
    return TRUE;
  _hp_text_position (data, length, offset, &line, &column);
  detail = g_strdup_printf (_("values are nested too deeply (more than %u levels)"), max);
  /* Shaped like json-glib's own errors, which the readers take apart:
   * only the part after "Parse error: " reaches the user. */
  g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
               "<data>:%u:%u: Parse error: %s", line, column, detail);
  return FALSE;
}

gboolean
_hp_json_check_utf8 (const char  *data,
                     gsize        length,
                     const char  *source,
                     GError     **error)
{
  const char *end = NULL;
  guint line, column;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;
  _hp_text_position (data, length, (gsize) (end - data), &line, &column);
  g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
               /* Translators: file:line:column, then the offending byte */
               _("%s:%u:%u: invalid UTF-8 (byte 0x%02X); the file must be UTF-8"),
               source, line, column, (guint) (guchar) *end);
  return FALSE;
}
