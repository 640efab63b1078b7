/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-json-scanner.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

typedef enum {
  FRAME_OBJECT,
  FRAME_ARRAY,
} FrameKind;

/* One open container. For an object, key_* is the raw (still escaped)
 * text of the current member's name in the input; for an array, index is
 * the current element. state is 0 before the first member or element. */
typedef struct {
  gsize  key_offset;
  gsize  key_length;
  guint  index;
  guint8 kind;
  guint8 state;
} Frame;

struct _HpJsonScanner
{
  const guchar *data;
  gsize         length;
  gsize         pos;
  gsize         token;      /* offset of the value last peeked or read */
  char         *source_name;
  GString      *buffer;     /* unescaped string values */
  GString      *key_buffer; /* unescaped member names */
  GError       *error;
  guint         depth;
  Frame         frames[HP_JSON_SCANNER_MAX_DEPTH];
};

/**
 * hp_json_scanner_new:
 * @data: the JSON text; must stay alive and unchanged while scanning
 * @length: its length in bytes
 * @source_name: the name used in error messages (usually the file name)
 *
 * Returns: (transfer full): a scanner positioned before the first value
 */
HpJsonScanner *
hp_json_scanner_new (const char *data,
                     gsize       length,
                     const char *source_name)
{
  HpJsonScanner *self;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  self = g_new0 (HpJsonScanner, 1);
  self->data = (const guchar *) (data != NULL ? data : "");
  self->length = length;
  self->source_name = g_strdup (source_name != NULL ? source_name : "input");
  self->buffer = g_string_sized_new (256);
  self->key_buffer = g_string_sized_new (64);

  /* A UTF-8 byte order mark is not JSON, but editors write it. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    self->pos = 3;
  return self;
}

void
hp_json_scanner_free (HpJsonScanner *self)
{
  if (self == NULL)
    return;
  g_string_free (self->buffer, TRUE);
  g_string_free (self->key_buffer, TRUE);
  g_clear_error (&self->error);
  g_free (self->source_name);
  g_free (self);
}

gboolean
hp_json_scanner_failed (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->error != NULL;
}

/**
 * hp_json_scanner_take_error:
 *
 * Returns: (transfer full) (nullable): the first error, now owned by the caller
 */
GError *
hp_json_scanner_take_error (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_steal_pointer (&self->error);
}

gsize
hp_json_scanner_get_offset (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->token;
}

void
hp_json_scanner_get_position (HpJsonScanner *self,
                              gsize          offset,
                              guint         *line,
                              guint         *column)
{
  guint l = 1;
  guint c = 1;

  g_return_if_fail (self != NULL);

  offset = MIN (offset, self->length);
  for (gsize i = 0; i < offset; i++)
    {
      guchar b = self->data[i];

      if (b == '\n')
        {
          l++;
          c = 1;
        }
      else if ((b & 0xC0) != 0x80)   /* count characters, not bytes */
        {
          c++;
        }
    }
  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;
}

/* Member names that are plain identifiers print as .name, others as
 * ["name"]. Names are unescaped again here: this only runs on errors. */
static gboolean
is_identifier (const char *s)
{
  if (*s == '\0' || g_ascii_isdigit (*s))
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

static void
append_key (GString      *path,
            const guchar *raw,
            gsize         length)
{
  g_autofree char *plain = g_strndup ((const char *) raw, length);
  g_autofree char *unescaped = g_strcompress (plain);

  if (is_identifier (unescaped))
    {
      g_string_append_printf (path, ".%s", unescaped);
    }
  else
    {
      g_autofree char *escaped = g_strescape (unescaped, NULL);
      g_string_append_printf (path, "[\"%s\"]", escaped);
    }
}

static char *
build_path (HpJsonScanner *self,
            const char    *suffix)
{
  GString *path = g_string_new ("$");

  for (guint i = 0; i < self->depth; i++)
    {
      const Frame *f = &self->frames[i];

      if (f->state == 0)
        continue;
      if (f->kind == FRAME_OBJECT)
        append_key (path, self->data + f->key_offset, f->key_length);
      else
        g_string_append_printf (path, "[%u]", f->index);
    }
  if (suffix != NULL && *suffix != '\0')
    {
      if (*suffix != '[')
        g_string_append_c (path, '.');
      g_string_append (path, suffix);
    }
  /* Deeply nested junk would make an unreadable path: keep both ends. */
  if (path->len > 160)
    {
      gsize tail = path->len - 60;

      while (tail < path->len && (path->str[tail] & 0xC0) == 0x80)
        tail++;
      g_string_erase (path, 100, tail - 100);
      g_string_insert (path, 100, "…");
    }
  return g_string_free (path, FALSE);
}

static gboolean
fail_valist (HpJsonScanner *self,
             gsize          offset,
             const char    *suffix,
             HpFormatError  code,
             const char    *format,
             va_list        args)
{
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;
  guint line;
  guint column;

  if (self->error != NULL)
    return FALSE;

  message = g_strdup_vprintf (format, args);
  path = build_path (self, suffix);
  hp_json_scanner_get_position (self, offset, &line, &column);
  self->error = g_error_new (HP_FORMAT_ERROR, code, "%s:%u:%u: %s: %s",
                             self->source_name, line, column, path, message);
  return FALSE;
}

gboolean
hp_json_scanner_fail (HpJsonScanner *self,
                      HpFormatError  code,
                      const char    *format,
                      ...)
{
  va_list args;

  g_return_val_if_fail (self != NULL, FALSE);

  va_start (args, format);
  fail_valist (self, self->token, NULL, code, format, args);
  va_end (args);
  return FALSE;
}

gboolean
hp_json_scanner_fail_at (HpJsonScanner *self,
                         gsize          offset,
                         const char    *suffix,
                         HpFormatError  code,
                         const char    *format,
                         ...)
{
  va_list args;

  g_return_val_if_fail (self != NULL, FALSE);

  va_start (args, format);
  fail_valist (self, offset, suffix, code, format, args);
  va_end (args);
  return FALSE;
}

/* Errors at the scanning position rather than at the last value. */
static gboolean G_GNUC_PRINTF (4, 5)
fail_here (HpJsonScanner *self,
           gsize          offset,
           HpFormatError  code,
           const char    *format,
           ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (self, offset, NULL, code, format, args);
  va_end (args);
  return FALSE;
}

/* @expected is translated by the caller: every message here reaches the
 * user (the window's error banner, hotpath-cli) in their language. */
static gboolean
fail_truncated (HpJsonScanner *self,
                const char    *expected)
{
  /* Translators: %s is what should have come next, e.g. "a value" */
  return fail_here (self, self->length, HP_FORMAT_ERROR_TRUNCATED,
                    _("the document ends too early: expected %s"), expected);
}

static char *
describe_byte (const guchar *p,
               const guchar *end)
{
  if (*p >= 0x20 && *p < 0x7F)
    /* Translators: a character found in the file, in the quotes of your language */
    return g_strdup_printf (_("‘%c’"), *p);
  if (*p >= 0x80)
    {
      gunichar c = g_utf8_get_char_validated ((const char *) p, end - p);

      if (c != (gunichar) -1 && c != (gunichar) -2)
        {
          char utf8[8] = { 0 };

          g_unichar_to_utf8 (c, utf8);
          /* Translators: a character found in the file, in the quotes of your language */
          return g_strdup_printf (_("‘%s’"), utf8);
        }
    }
  /* Translators: a byte that is not a printable character */
  return g_strdup_printf (_("byte 0x%02X"), *p);
}

/* @expected is translated by the caller, as for fail_truncated(). */
static gboolean
fail_unexpected (HpJsonScanner *self,
                 const char    *expected)
{
  g_autofree char *found = NULL;

  if (self->pos >= self->length)
    return fail_truncated (self, expected);
  found = describe_byte (self->data + self->pos, self->data + self->length);
  return fail_here (self, self->pos, HP_FORMAT_ERROR_SYNTAX,
                    _("expected %s, found %s"), expected, found);
}

static inline void
skip_whitespace (HpJsonScanner *self)
{
  const guchar *data = self->data;
  gsize pos = self->pos;
  gsize length = self->length;

  while (pos < length &&
         (data[pos] == ' ' || data[pos] == '\n' || data[pos] == '\r' || data[pos] == '\t'))
    pos++;
  self->pos = pos;
}

gboolean
hp_json_scanner_start (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error != NULL)
    return FALSE;
  skip_whitespace (self);
  if (self->pos >= self->length)
    {
      self->error = g_error_new (HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY,
                                 _("%s: the file is empty"), self->source_name);
      return FALSE;
    }
  return TRUE;
}

gboolean
hp_json_scanner_finish (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error != NULL)
    return FALSE;
  skip_whitespace (self);
  if (self->pos < self->length)
    return fail_unexpected (self, _("the end of the document after the top-level value"));
  return TRUE;
}

const char *
hp_json_value_type_describe (HpJsonValueType type)
{
  switch (type)
    {
    case HP_JSON_VALUE_OBJECT:
      return _("an object");
    case HP_JSON_VALUE_ARRAY:
      return _("an array");
    case HP_JSON_VALUE_STRING:
      return _("a string");
    case HP_JSON_VALUE_NUMBER:
      return _("a number");
    case HP_JSON_VALUE_TRUE:
      return "true";
    case HP_JSON_VALUE_FALSE:
      return "false";
    case HP_JSON_VALUE_NULL:
      return "null";
    case HP_JSON_VALUE_NONE:
    default:
      return _("nothing");
    }
}

HpJsonValueType
hp_json_scanner_peek (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, HP_JSON_VALUE_NONE);

  if (self->error != NULL)
    return HP_JSON_VALUE_NONE;

  skip_whitespace (self);
  self->token = self->pos;
  if (self->pos >= self->length)
    {
      fail_truncated (self, _("a value"));
      return HP_JSON_VALUE_NONE;
    }

  switch (self->data[self->pos])
    {
    case '{':
      return HP_JSON_VALUE_OBJECT;
    case '[':
      return HP_JSON_VALUE_ARRAY;
    case '"':
      return HP_JSON_VALUE_STRING;
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return HP_JSON_VALUE_NUMBER;
    case 't':
      return HP_JSON_VALUE_TRUE;
    case 'f':
      return HP_JSON_VALUE_FALSE;
    case 'n':
      return HP_JSON_VALUE_NULL;
    default:
      fail_unexpected (self, _("a value (object, array, string, number, true, false or null)"));
      return HP_JSON_VALUE_NONE;
    }
}

gboolean
hp_json_scanner_fail_type (HpJsonScanner *self,
                           const char    *expected)
{
  HpJsonValueType found;

  g_return_val_if_fail (self != NULL, FALSE);

  found = hp_json_scanner_peek (self);
  if (found == HP_JSON_VALUE_NONE)
    return FALSE;
  /* Callers mark @expected with N_(); the catalogue translates it. */
  return hp_json_scanner_fail (self, HP_FORMAT_ERROR_TYPE, _("expected %s, found %s"),
                               _(expected), hp_json_value_type_describe (found));
}

static gboolean
push_frame (HpJsonScanner *self,
            FrameKind      kind)
{
  Frame *f;

  if (self->depth >= HP_JSON_SCANNER_MAX_DEPTH)
    return hp_json_scanner_fail (self, HP_FORMAT_ERROR_VALUE,
                                 _("values are nested more than %d levels deep"),
                                 HP_JSON_SCANNER_MAX_DEPTH);
  f = &self->frames[self->depth++];
  f->kind = kind;
  f->state = 0;
  f->index = 0;
  f->key_offset = 0;
  f->key_length = 0;
  self->pos++;   /* the bracket */
  return TRUE;
}

gboolean
hp_json_scanner_begin_object (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (hp_json_scanner_peek (self) != HP_JSON_VALUE_OBJECT)
    return hp_json_scanner_fail_type (self, N_("an object"));
  return push_frame (self, FRAME_OBJECT);
}

gboolean
hp_json_scanner_begin_array (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (hp_json_scanner_peek (self) != HP_JSON_VALUE_ARRAY)
    return hp_json_scanner_fail_type (self, N_("an array"));
  return push_frame (self, FRAME_ARRAY);
}

/* Decodes the 4 hex digits at @p; -1 when they are not hex. */
static int
parse_hex4 (const guchar *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      value = value * 16 + d;
    }
  return value;
}

/* Length of the valid UTF-8 sequence at @p (non-ASCII lead byte), 0 when
 * invalid, -1 when the input ends inside it. */
static int
utf8_sequence_length (const guchar *p,
                      const guchar *end)
{
  guchar c = p[0];
  guchar lo = 0x80;
  guchar hi = 0xBF;
  int n;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    {
      n = 3;
      if (c == 0xE0)
        lo = 0xA0;      /* overlong */
      else if (c == 0xED)
        hi = 0x9F;      /* surrogates */
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      n = 4;
      if (c == 0xF0)
        lo = 0x90;      /* overlong */
      else if (c == 0xF4)
        hi = 0x8F;      /* beyond U+10FFFF */
    }
  else
    return 0;

  for (int i = 1; i < n; i++)
    {
      if (p + i >= end)
        return -1;
      if (i == 1 ? (p[i] < lo || p[i] > hi) : (p[i] & 0xC0) != 0x80)
        return 0;
    }
  return n;
}

/* Scans the string starting at self->pos (a '"'). With @out, unescapes
 * into it; without, only checks it. Leaves pos after the closing quote.
 * @start is reported for errors that concern the whole string. */
static gboolean
scan_string (HpJsonScanner *self,
             GString       *out)
{
  const guchar *data = self->data;
  const guchar *end = data + self->length;
  const guchar *p = data + self->pos + 1;

  if (out != NULL)
    g_string_truncate (out, 0);

  for (;;)
    {
      const guchar *run = p;
      guchar c;

      while (p < end && *p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80)
        p++;
      if (out != NULL && p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (p >= end)
        return fail_truncated (self, _("the closing ‘\"’ of a string"));

      c = *p;
      if (c == '"')
        {
          self->pos = p + 1 - data;
          return TRUE;
        }
      else if (c == '\\')
        {
          gunichar ch;

          if (p + 1 >= end)
            return fail_truncated (self, _("an escape sequence"));
          switch (p[1])
            {
            case '"':  ch = '"'; break;
            case '\\': ch = '\\'; break;
            case '/':  ch = '/'; break;
            case 'b':  ch = '\b'; break;
            case 'f':  ch = '\f'; break;
            case 'n':  ch = '\n'; break;
            case 'r':  ch = '\r'; break;
            case 't':  ch = '\t'; break;
            case 'u':
              {
                int u;

                if (end - p < 6)
                  return fail_truncated (self, _("four hex digits after \\u"));
                u = parse_hex4 (p + 2);
                if (u < 0)
                  return fail_here (self, p - data, HP_FORMAT_ERROR_SYNTAX,
                                    _("invalid escape: \\u needs four hex digits"));
                if (u >= 0xDC00 && u <= 0xDFFF)
                  return fail_here (self, p - data, HP_FORMAT_ERROR_SYNTAX,
                                    _("invalid escape: \\u%04X is a low surrogate without a high one"),
                                    (guint) u);
                if (u >= 0xD800 && u <= 0xDBFF)
                  {
                    int low;

                    if (end - p < 12)
                      {
                        if (end - p - 6 < 6 && memcmp (p + 6, "\\u", MIN (2, end - p - 6)) == 0)
                          return fail_truncated (self, _("the low surrogate after \\u"));
                      }
                    if (end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
                        (low = parse_hex4 (p + 8)) < 0xDC00 || low > 0xDFFF)
                      return fail_here (self, p - data, HP_FORMAT_ERROR_SYNTAX,
                                        _("invalid escape: \\u%04X is a high surrogate not followed by a low surrogate (\\uDC00–\\uDFFF)"),
                                        (guint) u);
                    ch = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                  }
                else
                  {
                    ch = u;
                  }
                if (ch == 0 && out != NULL)
                  return fail_here (self, p - data, HP_FORMAT_ERROR_VALUE,
                                    _("strings may not contain the NUL character (\\u0000)"));
                p += 4;   /* the hex digits; the 2 below skip "\u" */
              }
              break;
            default:
              {
                g_autofree char *found = describe_byte (p + 1, end);
                return fail_here (self, p - data, HP_FORMAT_ERROR_SYNTAX,
                                  _("invalid escape \\%s in a string; valid ones are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
                                  found);
              }
            }
          p += 2;
          if (out != NULL)
            g_string_append_unichar (out, ch);
        }
      else if (c < 0x20)
        {
          return fail_here (self, p - data, HP_FORMAT_ERROR_SYNTAX,
                            _("control character U+%04X inside a string; write it as an escape such as \\n or \\u%04X"),
                            (guint) c, (guint) c);
        }
      else
        {
          int n = utf8_sequence_length (p, end);

          if (n < 0)
            return fail_truncated (self, _("the rest of a UTF-8 character"));
          if (n == 0)
            return fail_here (self, p - data, HP_FORMAT_ERROR_SYNTAX,
                              _("invalid UTF-8 in a string (byte 0x%02X); the file must be UTF-8"),
                              (guint) c);
          if (out != NULL)
            g_string_append_len (out, (const char *) p, n);
          p += n;
        }
    }
}

static gboolean
next_item (HpJsonScanner *self,
           FrameKind      kind)
{
  Frame *f;
  guchar close = kind == FRAME_OBJECT ? '}' : ']';

  if (self->error != NULL)
    return FALSE;
  g_return_val_if_fail (self->depth > 0 && self->frames[self->depth - 1].kind == kind, FALSE);

  f = &self->frames[self->depth - 1];
  skip_whitespace (self);
  if (self->pos >= self->length)
    return fail_truncated (self, kind == FRAME_OBJECT
                                 ? (f->state == 0 ? _("a member or ‘}’") : _("‘,’ or ‘}’"))
                                 : (f->state == 0 ? _("a value or ‘]’") : _("‘,’ or ‘]’")));

  if (self->data[self->pos] == close)
    {
      self->pos++;
      self->depth--;
      return FALSE;
    }
  if (f->state != 0)
    {
      if (self->data[self->pos] != ',')
        return fail_unexpected (self, kind == FRAME_OBJECT ? _("‘,’ or ‘}’") : _("‘,’ or ‘]’"));
      self->pos++;
      skip_whitespace (self);
      f->index++;
    }
  f->state = 1;
  return TRUE;
}

gboolean
hp_json_scanner_next_member (HpJsonScanner  *self,
                             const char    **key,
                             gsize          *key_length)
{
  Frame *f;
  gsize start;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!next_item (self, FRAME_OBJECT))
    return FALSE;

  f = &self->frames[self->depth - 1];
  self->token = self->pos;
  if (self->pos >= self->length || self->data[self->pos] != '"')
    {
      /* Show the path of the object itself, not of the previous member. */
      f->state = 0;
      return fail_unexpected (self, _("a member name in double quotes"));
    }
  start = self->pos;
  if (!scan_string (self, self->key_buffer))
    {
      f->state = 0;
      return FALSE;
    }
  f->key_offset = start + 1;
  f->key_length = self->pos - start - 2;

  skip_whitespace (self);
  if (self->pos >= self->length || self->data[self->pos] != ':')
    return fail_unexpected (self, _("‘:’ after the member name"));
  self->pos++;

  if (key != NULL)
    *key = self->key_buffer->str;
  if (key_length != NULL)
    *key_length = self->key_buffer->len;
  return TRUE;
}

gboolean
hp_json_scanner_next_element (HpJsonScanner *self,
                              guint         *index)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!next_item (self, FRAME_ARRAY))
    return FALSE;
  if (index != NULL)
    *index = self->frames[self->depth - 1].index;
  return TRUE;
}

gboolean
hp_json_scanner_read_string (HpJsonScanner  *self,
                             const char    **value,
                             gsize          *length)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (hp_json_scanner_peek (self) != HP_JSON_VALUE_STRING)
    return hp_json_scanner_fail_type (self, N_("a string"));
  if (!scan_string (self, self->buffer))
    return FALSE;
  if (value != NULL)
    *value = self->buffer->str;
  if (length != NULL)
    *length = self->buffer->len;
  return TRUE;
}

gboolean
hp_json_scanner_read_string_or_null (HpJsonScanner  *self,
                                     const char    **value)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (hp_json_scanner_peek (self) == HP_JSON_VALUE_NULL)
    {
      if (value != NULL)
        *value = NULL;
      return hp_json_scanner_read_null (self);
    }
  if (self->error != NULL)
    return FALSE;
  if (hp_json_scanner_peek (self) != HP_JSON_VALUE_STRING)
    return hp_json_scanner_fail_type (self, N_("a string or null"));
  return hp_json_scanner_read_string (self, value, NULL);
}

gboolean
hp_json_scanner_read_number_text (HpJsonScanner  *self,
                                  const char    **text,
                                  gsize          *length)
{
  const guchar *data = self->data;
  gsize end = self->length;
  gsize start;
  gsize p;

  g_return_val_if_fail (self != NULL, FALSE);

  if (hp_json_scanner_peek (self) != HP_JSON_VALUE_NUMBER)
    return hp_json_scanner_fail_type (self, N_("a number"));

  start = p = self->pos;
  if (data[p] == '-')
    p++;
  if (p >= end)
    return fail_truncated (self, _("a digit"));
  if (data[p] == '0')
    p++;
  else if (data[p] >= '1' && data[p] <= '9')
    while (p < end && g_ascii_isdigit (data[p]))
      p++;
  else
    {
      self->pos = p;
      return fail_unexpected (self, _("a digit after ‘-’"));
    }
  if (p < end && data[p] == '.')
    {
      p++;
      if (p >= end)
        return fail_truncated (self, _("a digit after ‘.’"));
      if (!g_ascii_isdigit (data[p]))
        {
          self->pos = p;
          return fail_unexpected (self, _("a digit after ‘.’"));
        }
      while (p < end && g_ascii_isdigit (data[p]))
        p++;
    }
  if (p < end && (data[p] == 'e' || data[p] == 'E'))
    {
      p++;
      if (p < end && (data[p] == '+' || data[p] == '-'))
        p++;
      if (p >= end)
        return fail_truncated (self, _("a digit in the exponent"));
      if (!g_ascii_isdigit (data[p]))
        {
          self->pos = p;
          return fail_unexpected (self, _("a digit in the exponent"));
        }
      while (p < end && g_ascii_isdigit (data[p]))
        p++;
    }
  /* A document cannot end inside a container: a number running up to
   * the end was most likely cut short. */
  if (p >= end && self->depth > 0)
    return fail_truncated (self, _("the rest of a number"));
  if (p < end && (g_ascii_isalnum (data[p]) || data[p] == '.' || data[p] == '+' || data[p] == '-'))
    {
      self->pos = p;
      return fail_unexpected (self, _("the end of the number (JSON numbers have no leading zeros, hex digits or units)"));
    }

  self->pos = p;
  if (text != NULL)
    *text = (const char *) data + start;
  if (length != NULL)
    *length = p - start;
  return TRUE;
}

gboolean
hp_json_scanner_read_double (HpJsonScanner *self,
                             double        *value)
{
  const char *text;
  gsize length;
  char small[64];
  g_autofree char *large = NULL;
  char *copy;
  double v;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!hp_json_scanner_read_number_text (self, &text, &length))
    return FALSE;

  /* g_ascii_strtod needs a terminated string and ignores the locale. */
  if (length < sizeof small)
    {
      memcpy (small, text, length);
      small[length] = '\0';
      copy = small;
    }
  else
    {
      copy = large = g_strndup (text, length);
    }
  v = g_ascii_strtod (copy, NULL);
  if (!isfinite (v))
    return hp_json_scanner_fail (self, HP_FORMAT_ERROR_VALUE,
                                 _("the number %s is too large"), copy);
  *value = v;
  return TRUE;
}

gboolean
hp_json_scanner_read_int64 (HpJsonScanner *self,
                            gint64        *value)
{
  const char *text;
  gsize length;
  gboolean negative = FALSE;
  guint64 v = 0;
  gsize i = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!hp_json_scanner_read_number_text (self, &text, &length))
    return FALSE;

  if (text[0] == '-')
    {
      negative = TRUE;
      i = 1;
    }
  for (; i < length && g_ascii_isdigit (text[i]); i++)
    {
      if (v > (guint64) (G_MAXINT64 / 10))
        return hp_json_scanner_fail (self, HP_FORMAT_ERROR_VALUE,
                                     _("the integer %.*s is too large"), (int) length, text);
      v = v * 10 + (text[i] - '0');
    }
  if (i < length)
    {
      /* 1e3 or 2.0 are integers written oddly; 2.5 is not one. */
      g_autofree char *copy = g_strndup (text, length);
      double d = g_ascii_strtod (copy, NULL);

      if (d != floor (d))
        return hp_json_scanner_fail (self, HP_FORMAT_ERROR_TYPE,
                                     _("expected an integer, found %s"), copy);
      if (fabs (d) > 9007199254740992.0)
        return hp_json_scanner_fail (self, HP_FORMAT_ERROR_VALUE,
                                     _("the integer %s is too large"), copy);
      *value = (gint64) d;
      return TRUE;
    }
  if (v > (guint64) G_MAXINT64)
    return hp_json_scanner_fail (self, HP_FORMAT_ERROR_VALUE,
                                 _("the integer %.*s is too large"), (int) length, text);
  *value = negative ? -(gint64) v : (gint64) v;
  return TRUE;
}

static gboolean
read_literal (HpJsonScanner *self,
              const char    *literal)
{
  gsize n = strlen (literal);
  gsize available = self->length - self->pos;

  if (available < n)
    {
      if (memcmp (self->data + self->pos, literal, available) == 0)
        return fail_truncated (self, literal);
    }
  if (available < n || memcmp (self->data + self->pos, literal, n) != 0 ||
      (available > n && g_ascii_isalnum (self->data[self->pos + n])))
    {
      gsize word = 0;

      /* Name the whole word: "found ‘nul’", "found ‘True’". */
      while (word < available && word < 16 && g_ascii_isalnum (self->data[self->pos + word]))
        word++;
      return fail_here (self, self->pos, HP_FORMAT_ERROR_SYNTAX,
                        _("expected ‘%s’, found ‘%.*s’"), literal,
                        (int) word, (const char *) self->data + self->pos);
    }
  self->pos += n;
  return TRUE;
}

gboolean
hp_json_scanner_read_boolean (HpJsonScanner *self,
                              gboolean      *value)
{
  HpJsonValueType type;

  g_return_val_if_fail (self != NULL, FALSE);

  type = hp_json_scanner_peek (self);
  if (type != HP_JSON_VALUE_TRUE && type != HP_JSON_VALUE_FALSE)
    return hp_json_scanner_fail_type (self, N_("true or false"));
  if (!read_literal (self, type == HP_JSON_VALUE_TRUE ? "true" : "false"))
    return FALSE;
  *value = type == HP_JSON_VALUE_TRUE;
  return TRUE;
}

gboolean
hp_json_scanner_read_null (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (hp_json_scanner_peek (self) != HP_JSON_VALUE_NULL)
    return hp_json_scanner_fail_type (self, N_("null"));
  return read_literal (self, "null");
}

gboolean
hp_json_scanner_skip_value (HpJsonScanner *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  switch (hp_json_scanner_peek (self))
    {
    case HP_JSON_VALUE_OBJECT:
      if (!hp_json_scanner_begin_object (self))
        return FALSE;
      while (hp_json_scanner_next_member (self, NULL, NULL))
        if (!hp_json_scanner_skip_value (self))
          return FALSE;
      return self->error == NULL;
    case HP_JSON_VALUE_ARRAY:
      if (!hp_json_scanner_begin_array (self))
        return FALSE;
      while (hp_json_scanner_next_element (self, NULL))
        if (!hp_json_scanner_skip_value (self))
          return FALSE;
      return self->error == NULL;
    case HP_JSON_VALUE_STRING:
      return scan_string (self, NULL);
    case HP_JSON_VALUE_NUMBER:
      return hp_json_scanner_read_number_text (self, NULL, NULL);
    case HP_JSON_VALUE_TRUE:
      return read_literal (self, "true");
    case HP_JSON_VALUE_FALSE:
      return read_literal (self, "false");
    case HP_JSON_VALUE_NULL:
      return read_literal (self, "null");
    case HP_JSON_VALUE_NONE:
    default:
      return FALSE;
    }
}

void
hp_json_scanner_mark (HpJsonScanner *self,
                      HpJsonMark    *mark)
{
  const Frame *f;

  g_return_if_fail (self != NULL);
  g_return_if_fail (mark != NULL);
  g_return_if_fail (self->depth > 0);

  f = &self->frames[self->depth - 1];
  mark->offset = self->pos;
  mark->depth = self->depth;
  mark->key_offset = f->key_offset;
  mark->key_length = f->key_length;
  mark->index = f->index;
  mark->state = f->state;
  mark->kind = f->kind;
}

void
hp_json_scanner_rewind (HpJsonScanner    *self,
                        const HpJsonMark *mark)
{
  Frame *f;

  g_return_if_fail (self != NULL);
  g_return_if_fail (mark != NULL);
  g_return_if_fail (mark->depth > 0 && mark->depth <= self->depth + 1);

  self->depth = mark->depth;
  f = &self->frames[self->depth - 1];
  f->kind = mark->kind;
  self->pos = mark->offset;
  self->token = mark->offset;
  f->key_offset = mark->key_offset;
  f->key_length = mark->key_length;
  f->index = mark->index;
  f->state = mark->state;
}
