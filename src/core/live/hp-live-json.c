/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-live-json.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "hp-json-scanner.h"

static JsonNode *read_value (HpJsonScanner *s);

static JsonNode *
read_number (HpJsonScanner *s)
{
  const char *text;
  gsize length;
  char small[64];
  g_autofree char *large = NULL;
  char *copy, *end;
  gboolean integral;
  double value;

  if (!hp_json_scanner_read_number_text (s, &text, &length))
    return NULL;
  if (length < sizeof small)
    {
      memcpy (small, text, length);
      small[length] = '\0';
      copy = small;
    }
  else
    copy = large = g_strndup (text, length);

  integral = strpbrk (copy, ".eE") == NULL;
  if (integral)
    {
      gint64 integer;

      errno = 0;
      integer = g_ascii_strtoll (copy, &end, 10);
      if (errno == 0 && *end == '\0')
        return json_node_init_int (json_node_alloc (), integer);
    }
  value = g_ascii_strtod (copy, NULL);
  if (!isfinite (value))
    {
      hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE, "the number %s is too large", copy);
      return NULL;
    }
  return json_node_init_double (json_node_alloc (), value);
}

static JsonNode *
read_object (HpJsonScanner *s)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;
  const char *key;
  gsize key_length;

  if (!hp_json_scanner_begin_object (s))
    {
      json_object_unref (object);
      return NULL;
    }
  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      /* The key's buffer is the scanner's: reading the value reuses it. */
      char small[64];
      g_autofree char *large = NULL;
      char *name;
      JsonNode *member;

      if (key_length < sizeof small)
        {
          memcpy (small, key, key_length + 1);
          name = small;
        }
      else
        name = large = g_strndup (key, key_length);
      member = read_value (s);
      if (member == NULL)
        {
          json_object_unref (object);
          return NULL;
        }
      json_object_set_member (object, name, member);
    }
  if (hp_json_scanner_failed (s))
    {
      json_object_unref (object);
      return NULL;
    }
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

static JsonNode *
read_array (HpJsonScanner *s)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  if (!hp_json_scanner_begin_array (s))
    {
      json_array_unref (array);
      return NULL;
    }
  while (hp_json_scanner_next_element (s, NULL))
    {
      JsonNode *element = read_value (s);

      if (element == NULL)
        {
          json_array_unref (array);
          return NULL;
        }
      json_array_add_element (array, element);
    }
  if (hp_json_scanner_failed (s))
    {
      json_array_unref (array);
      return NULL;
    }
  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  return node;
}

static JsonNode *
read_value (HpJsonScanner *s)
{
  const char *text;
  gsize length;
  gboolean truth;

  switch (hp_json_scanner_peek (s))
    {
    case HP_JSON_VALUE_OBJECT:
      return read_object (s);
    case HP_JSON_VALUE_ARRAY:
      return read_array (s);
    case HP_JSON_VALUE_STRING:
      if (!hp_json_scanner_read_string (s, &text, &length))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);
    case HP_JSON_VALUE_NUMBER:
      return read_number (s);
    case HP_JSON_VALUE_TRUE:
    case HP_JSON_VALUE_FALSE:
      if (!hp_json_scanner_read_boolean (s, &truth))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), truth);
    case HP_JSON_VALUE_NULL:
      if (!hp_json_scanner_read_null (s))
        return NULL;
      return json_node_init_null (json_node_alloc ());
    case HP_JSON_VALUE_NONE:
    default:
      return NULL;
    }
}

/**
 * _hp_live_json_parse:
 * @source_name: names the text in error messages
 *
 * Returns: (transfer full) (nullable): the sealed tree, or %NULL with
 *   @error set
 */
JsonNode *
_hp_live_json_parse (const char  *text,
                     gsize        length,
                     const char  *source_name,
                     GError     **error)
{
  g_autoptr(HpJsonScanner) s = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  s = hp_json_scanner_new (text != NULL ? text : "", length, source_name);
  root = hp_json_scanner_start (s) ? read_value (s) : NULL;
  if (root != NULL && !hp_json_scanner_finish (s))
    g_clear_pointer (&root, json_node_unref);
  if (root == NULL)
    {
      GError *failed = hp_json_scanner_take_error (s);

      if (failed == NULL)
        failed = g_error_new (HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX, "%s: not JSON", source_name);
      g_propagate_error (error, failed);
      return NULL;
    }
  json_node_seal (root);
  return root;
}
