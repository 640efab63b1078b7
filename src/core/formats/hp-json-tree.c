/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-json-tree.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hp-enums.h"
#include "hp-format-util.h"
#include "hp-format-limits.h"

gboolean
_hp_tree_fail (const HpTreeReader *r,
               HpFormatError       code,
               const char         *path,
               const char         *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (r->error, HP_FORMAT_ERROR, code, "%s: %s: %s", r->source, path, message);
  return FALSE;
}

const char *
_hp_tree_describe (JsonNode *node)
{
  if (node == NULL)
    /* Translators: completes "expected …, found …" */
    return _("nothing");
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return "null";   /* the JSON literal */
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return _("a string");
        case G_TYPE_BOOLEAN:
          return _("a boolean");
        default:
          return _("a number");
        }
    }
}

gboolean
_hp_tree_wrong_type (const HpTreeReader *r,
                     const char         *path,
                     const char         *expected,
                     JsonNode           *found)
{
  /* Callers name @expected in English, marked with N_() where they can
   * be; the catalogue translates those it knows. */
  /* Translators: "expected a number, found a string" */
  return _hp_tree_fail (r, HP_FORMAT_ERROR_TYPE, path, _("expected %s, found %s"),
                        *expected != '\0' ? _(expected) : expected, _hp_tree_describe (found));
}

/* Where the value that starts at @start ends: a string after its closing
 * quote, a number or literal at a delimiter, an object or array after
 * the bracket that closes it (strings skipped); @length when it does not
 * end, which json-glib then reports. */
static gsize
value_end (const char *data,
           gsize       length,
           gsize       start)
{
  gsize depth = 0;
  gsize i = start;

  if (data[i] != '{' && data[i] != '[' && data[i] != '"')
    {
      while (i < length && !_hp_json_is_space (data[i]) && strchr ("{}[],:\"", data[i]) == NULL)
        i++;
      return i;
    }
  for (; i < length; i++)
    {
      if (data[i] == '"')
        {
          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
        }
      else if (data[i] == '{' || data[i] == '[')
        depth++;
      else if (data[i] == '}' || data[i] == ']')
        depth--;
      if (depth == 0)
        return MIN (i + 1, length);
    }
  return length;
}

/**
 * _hp_json_load_data:
 *
 * Like json_parser_load_from_data(), without json-glib 1.6's leak: a
 * document with anything but blanks after its first value ("{}{}",
 * "0[1]") is refused before json-glib sees it (found by the fuzzers,
 * docs/reliability.md).
 */
gboolean
_hp_json_load_data (JsonParser  *parser,
                    const char  *data,
                    gssize       length,
                    GError     **error)
{
  gsize n = length < 0 ? strlen (data) : (gsize) length;
  gsize i = 0;

  while (i < n && _hp_json_is_space (data[i]))
    i++;
  if (i < n)
    {
      gsize end = value_end (data, n, i);

      while (end < n && _hp_json_is_space (data[end]))
        end++;
      if (end < n)
        {
          guint line, column;

          _hp_text_position (data, n, end, &line, &column);
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "<data>:%u:%u: Parse error: unexpected character, expected end of file",
                       line, column);
          return FALSE;
        }
    }
  /* json-glib recurses per level: refuse deep nesting before it does. */
  if (!_hp_json_check_nesting_parser (data, n, error))
    return FALSE;
  return json_parser_load_from_data (parser, data, (gssize) n, error);
}

gboolean
_hp_tree_parse (const HpTreeReader *r,
                JsonParser         *parser,
                const char         *data,
                gsize               length,
                const char         *what)
{
  g_autoptr(GError) local_error = NULL;
  const char *message;
  const char *detail;
  guint line, column;

  if (!_hp_json_check_nesting (data, length, r->source, r->error) ||
      !_hp_json_check_utf8 (data, length, r->source, r->error))
    return FALSE;
  if (_hp_json_load_data (parser, data, (gssize) length, &local_error))
    {
      if (json_parser_get_root (parser) == NULL)
        {
          g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY,
                       /* Translators: a file name, then what it should hold */
                       _("%s: the file is empty, expected %s"), r->source, _(what));
          return FALSE;
        }
      return TRUE;
    }

  if (_hp_json_ends_early (data, length))
    {
      _hp_text_position (data, length, length, &line, &column);
      g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TRUNCATED,
                   /* Translators: file:line:column */
                   _("%s:%u:%u: the file ends too early, inside an unfinished value (truncated?)"),
                   r->source, line, column);
      return FALSE;
    }

  /* json-glib says "<data>:LINE:COL: Parse error: WHAT". */
  message = local_error->message;
  if (g_str_has_prefix (message, "<data>:") &&
      sscanf (message + strlen ("<data>:"), "%u:%u", &line, &column) == 2)
    {
      detail = strstr (message, "Parse error: ");
      detail = detail != NULL ? detail + strlen ("Parse error: ") : message;
      g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                   /* Translators: file:line:column, then json-glib's message */
                   _("%s:%u:%u: not well-formed JSON: %s"), r->source, line, column, detail);
    }
  else
    g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                 /* Translators: a file name, then json-glib's message */
                 _("%s: not well-formed JSON: %s"), r->source, message);
  return FALSE;
}

JsonNode *
_hp_tree_member (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

gboolean
_hp_tree_get_number (const HpTreeReader *r,
                     JsonObject         *object,
                     const char         *parent,
                     const char         *name,
                     double             *value,
                     gboolean           *present)
{
  JsonNode *node = _hp_tree_member (object, name);
  GType type;

  *present = FALSE;
  *value = NAN;
  if (node == NULL)
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

      return _hp_tree_wrong_type (r, path, N_("a number"), node);
    }
  *value = type == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
  if (!isfinite (*value))
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path, _("the number is too large"));
    }
  *present = TRUE;
  return TRUE;
}

gboolean
_hp_tree_get_string (const HpTreeReader  *r,
                     JsonObject          *object,
                     const char          *parent,
                     const char          *name,
                     const char         **value)
{
  JsonNode *node = _hp_tree_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

      return _hp_tree_wrong_type (r, path, N_("a string"), node);
    }
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
_hp_tree_get_boolean (const HpTreeReader *r,
                      JsonObject         *object,
                      const char         *parent,
                      const char         *name,
                      gboolean           *value)
{
  JsonNode *node = _hp_tree_member (object, name);

  *value = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

      return _hp_tree_wrong_type (r, path, N_("true or false"), node);
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", value));
}

gboolean
_hp_tree_to_us (const HpTreeReader *r,
                const char         *path,
                double              value,
                double              unit_us,
                gboolean            timestamp,
                gint64             *us)
{
  double scaled = value * unit_us;
  const char *unit = unit_us == 1.0 ? "µs" : unit_us == 1000.0 ? "ms" : "s";
  g_autofree char *shown = format_number (value);

  if (timestamp && (scaled < 0 || scaled > (double) HP_FORMAT_MAX_TIMESTAMP_US))
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          scaled < 0 ?
                          /* Translators: a number, then its unit (µs, ms or s) */
                          _("%s is before 1970, expected a time in %s since 1970 (before 2200)") :
                          /* Translators: a number, then its unit (µs, ms or s) */
                          _("%s is after the year 2200, expected a time in %s since 1970 (before 2200)"),
                          shown, unit);
  if (!timestamp && scaled < 0)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          /* Translators: a number, then its unit (µs, ms or s) */
                          _("negative duration %s %s, expected 0 or more"), shown, unit);
  if (!timestamp && scaled > (double) HP_FORMAT_MAX_DURATION_US)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          /* Translators: a number, then its unit (µs, ms or s) */
                          _("duration of %s %s is absurd (over 300 years)"), shown, unit);
  *us = (gint64) llround (scaled);
  return TRUE;
}

gboolean
_hp_tree_get_time (const HpTreeReader *r,
                   JsonObject         *object,
                   const char         *parent,
                   const char         *name,
                   double              unit_us,
                   gint64             *time_us)
{
  g_autofree char *path = NULL;
  double value;
  gboolean present;

  *time_us = HP_TIME_UNKNOWN;
  if (!_hp_tree_get_number (r, object, parent, name, &value, &present))
    return FALSE;
  if (!present)
    return TRUE;
  path = g_strdup_printf ("%s.%s", parent, name);
  return _hp_tree_to_us (r, path, value, unit_us, TRUE, time_us);
}

gboolean
_hp_tree_get_duration (const HpTreeReader *r,
                       JsonObject         *object,
                       const char         *parent,
                       const char         *name,
                       double              unit_us,
                       gint64             *duration_us)
{
  g_autofree char *path = NULL;
  double value;
  gboolean present;

  *duration_us = HP_TIME_UNKNOWN;
  if (!_hp_tree_get_number (r, object, parent, name, &value, &present))
    return FALSE;
  if (!present)
    return TRUE;
  path = g_strdup_printf ("%s.%s", parent, name);
  return _hp_tree_to_us (r, path, value, unit_us, FALSE, duration_us);
}

gboolean
_hp_tree_get_id (const HpTreeReader  *r,
                 JsonNode            *node,
                 const char          *path,
                 char               **id)
{
  GType type;

  *id = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_STRING)
    *id = g_strdup (json_node_get_string (node));
  else
    return _hp_tree_wrong_type (r, path, N_("an id (a string or an integer)"), node);

  if (**id == '\0')
    {
      g_clear_pointer (id, g_free);
      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path, _("empty, expected an id"));
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
_hp_comfyui_workflow_id (GPtrArray *fingerprint)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  /* The same digest as the comfyui-node reader's, so all ComfyUI
   * sources of one workflow merge into one graph. */
  g_ptr_array_sort (fingerprint, compare_strings);
  for (guint i = 0; i < fingerprint->len; i++)
    {
      const char *line = g_ptr_array_index (fingerprint, i);

      g_checksum_update (checksum, (const guchar *) line, -1);
      g_checksum_update (checksum, (const guchar *) "\x1e", 1);
    }
  return g_strdup_printf ("comfyui-%.12s", g_checksum_get_string (checksum));
}

/**
 * _hp_tree_parse_line:
 * @item: what a line holds ("event"), for messages
 * @expected: the same with its article ("an event object")
 * @object: (out): the line's object, owned by @parser
 *
 * Parses one line of a JSON Lines log that starts at @line:@column of
 * the file. A line cut off at the end of the file is a truncation, one
 * cut off in the middle is an event spread over several lines.
 */
gboolean
_hp_tree_parse_line (const HpTreeReader  *r,
                     JsonParser          *parser,
                     guint                line,
                     guint                column,
                     const char          *text,
                     gsize                length,
                     gboolean             last,
                     const char          *item,
                     const char          *expected,
                     JsonObject         **object)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  *object = NULL;
  if (!_hp_json_load_data (parser, text, (gssize) length, &local_error))
    {
      guint parse_line, parse_column;
      const char *detail;

      if (_hp_json_ends_early (text, length))
        {
          if (last)
            g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TRUNCATED,
                         /* Translators: file:line:column, then what is unfinished ("event") */
                         _("%s:%u:%u: the file ends too early, inside an unfinished %s (truncated?)"),
                         r->source, line, column + (guint) length, _(item));
          else
            g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                         /* Translators: file:line:column, then what does not end ("event") */
                         _("%s:%u:%u: the %s does not end on its line, expected one JSON object per line"),
                         r->source, line, column, _(item));
          return FALSE;
        }
      detail = strstr (local_error->message, "Parse error: ");
      detail = detail != NULL ? detail + strlen ("Parse error: ") : local_error->message;
      if (sscanf (local_error->message, "<data>:%u:%u", &parse_line, &parse_column) == 2)
        column += parse_column - 1;
      g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                   /* Translators: file:line:column, then json-glib's message */
                   _("%s:%u:%u: not well-formed JSON: %s"), r->source, line, column, detail);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *where = g_strdup_printf ("%s:%u:%u", r->source, line, column);
      HpTreeReader line_reader = { where, r->error };

      return _hp_tree_wrong_type (&line_reader, "$", expected, root);
    }
  *object = json_node_get_object (root);
  return TRUE;
}
