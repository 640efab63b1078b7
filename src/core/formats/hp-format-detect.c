/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-format-detect.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hp-format-util.h"
#include "hp-profile-io.h"


/* A sniffer looks at the structure of a JSON document without building
 * it: top-level member names and the kinds of their values. It copes
 * with truncated and huge documents (one linear pass, little memory). */

typedef enum {
  VALUE_NONE,
  VALUE_OBJECT,
  VALUE_ARRAY,
  VALUE_STRING,
  VALUE_NUMBER,
  VALUE_BOOLEAN,
  VALUE_NULL,
} ValueKind;

#define MAX_RECORDED_MEMBERS 256

typedef struct {
  GPtrArray *keys;          /* of char*, raw (escapes kept) */
  GArray    *kinds;         /* of ValueKind */
  char      *format_value;  /* value of a "format" member when a string */
  char      *type_value;    /* value of a "type" member when a string */
} ObjectInfo;

typedef struct {
  const char  *start;
  const char  *p;
  const char  *end;
  SniffStatus  status;
  const char  *problem;     /* where the document ends or breaks */
} Sniffer;

static void
object_info_init (ObjectInfo *info)
{
  info->keys = g_ptr_array_new_with_free_func (g_free);
  info->kinds = g_array_new (FALSE, FALSE, sizeof (ValueKind));
  info->format_value = NULL;
  info->type_value = NULL;
}

static void
object_info_clear (ObjectInfo *info)
{
  g_clear_pointer (&info->keys, g_ptr_array_unref);
  g_clear_pointer (&info->kinds, g_array_unref);
  g_clear_pointer (&info->format_value, g_free);
  g_clear_pointer (&info->type_value, g_free);
}

static ValueKind
object_info_lookup (const ObjectInfo *info,
                    const char       *key)
{
  for (guint i = 0; i < info->keys->len; i++)
    if (strcmp (g_ptr_array_index (info->keys, i), key) == 0)
      return g_array_index (info->kinds, ValueKind, i);
  return VALUE_NONE;
}

static gboolean
sniff_failed (Sniffer     *s,
              SniffStatus  status)
{
  if (s->status == SNIFF_OK)
    {
      s->status = status;
      s->problem = s->p;
    }
  return FALSE;
}

static void
sniff_skip_space (Sniffer *s)
{
  while (s->p < s->end && _hp_json_is_space (*s->p))
    s->p++;
}

static ValueKind
kind_of_char (char c)
{
  switch (c)
    {
    case '{':
      return VALUE_OBJECT;
    case '[':
      return VALUE_ARRAY;
    case '"':
      return VALUE_STRING;
    case 't':
    case 'f':
      return VALUE_BOOLEAN;
    case 'n':
      return VALUE_NULL;
    case '-':
      return VALUE_NUMBER;
    default:
      return g_ascii_isdigit (c) ? VALUE_NUMBER : VALUE_NONE;
    }
}

/* At a '"': moves past the closing quote. */
static gboolean
sniff_string (Sniffer     *s,
              const char **content,
              gsize       *content_length)
{
  const char *begin;

  g_assert (s->p < s->end && *s->p == '"');

  begin = ++s->p;
  while (s->p < s->end && *s->p != '"')
    {
      if ((guchar) *s->p < 0x20)
        return sniff_failed (s, SNIFF_MALFORMED);
      s->p += *s->p == '\\' ? 2 : 1;
    }
  if (s->p >= s->end)
    {
      s->p = s->end;
      return sniff_failed (s, SNIFF_TRUNCATED);
    }
  if (content != NULL)
    {
      *content = begin;
      *content_length = (gsize) (s->p - begin);
    }
  s->p++;
  return TRUE;
}

static gboolean
sniff_literal (Sniffer *s)
{
  const char *begin = s->p;

  while (s->p < s->end &&
         (g_ascii_isalnum (*s->p) || *s->p == '-' || *s->p == '+' || *s->p == '.'))
    s->p++;
  if (s->p == begin)
    return sniff_failed (s, SNIFF_MALFORMED);
  return TRUE;
}

/* Skips any value; nested containers are matched by counting brackets,
 * which is all detection needs. */
static gboolean
sniff_skip_value (Sniffer *s)
{
  gsize depth = 0;

  sniff_skip_space (s);
  if (s->p >= s->end)
    return sniff_failed (s, SNIFF_TRUNCATED);

  switch (kind_of_char (*s->p))
    {
    case VALUE_STRING:
      return sniff_string (s, NULL, NULL);
    case VALUE_NUMBER:
    case VALUE_BOOLEAN:
    case VALUE_NULL:
      return sniff_literal (s);
    case VALUE_OBJECT:
    case VALUE_ARRAY:
      break;
    case VALUE_NONE:
    default:
      return sniff_failed (s, SNIFF_MALFORMED);
    }

  while (s->p < s->end)
    {
      char c = *s->p;

      if (c == '"')
        {
          if (!sniff_string (s, NULL, NULL))
            return FALSE;
          continue;
        }
      if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (--depth == 0)
            {
              s->p++;
              return TRUE;
            }
        }
      s->p++;
    }
  return sniff_failed (s, SNIFF_TRUNCATED);
}

/* At a '{': records member names and value kinds, and, when @first_child
 * is given and the first member's value is an object, that object's
 * member names too. Stops after the closing brace. */
static gboolean
sniff_object (Sniffer    *s,
              ObjectInfo *info,
              ObjectInfo *first_child)
{
  gboolean first = TRUE;

  g_assert (s->p < s->end && *s->p == '{');
  s->p++;

  sniff_skip_space (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      return TRUE;
    }

  for (;;)
    {
      const char *key;
      gsize key_length;
      ValueKind kind;

      sniff_skip_space (s);
      if (s->p >= s->end)
        return sniff_failed (s, SNIFF_TRUNCATED);
      if (*s->p != '"')
        return sniff_failed (s, SNIFF_MALFORMED);
      if (!sniff_string (s, &key, &key_length))
        return FALSE;
      sniff_skip_space (s);
      if (s->p >= s->end)
        return sniff_failed (s, SNIFF_TRUNCATED);
      if (*s->p != ':')
        return sniff_failed (s, SNIFF_MALFORMED);
      s->p++;
      sniff_skip_space (s);
      if (s->p >= s->end)
        return sniff_failed (s, SNIFF_TRUNCATED);

      kind = kind_of_char (*s->p);
      if (kind == VALUE_NONE)
        return sniff_failed (s, SNIFF_MALFORMED);
      if (info->keys->len < MAX_RECORDED_MEMBERS)
        {
          g_ptr_array_add (info->keys, g_strndup (key, key_length));
          g_array_append_val (info->kinds, kind);
        }

      if (first && first_child != NULL && kind == VALUE_OBJECT)
        {
          if (!sniff_object (s, first_child, NULL))
            return FALSE;
        }
      else if (kind == VALUE_STRING &&
               ((key_length == 6 && memcmp (key, "format", 6) == 0) ||
                (key_length == 4 && memcmp (key, "type", 4) == 0)))
        {
          char **slot = key_length == 6 ? &info->format_value : &info->type_value;
          const char *value;
          gsize value_length;

          if (!sniff_string (s, &value, &value_length))
            return FALSE;
          g_free (*slot);
          *slot = g_strndup (value, MIN (value_length, 64));
        }
      else if (!sniff_skip_value (s))
        return FALSE;
      first = FALSE;

      sniff_skip_space (s);
      if (s->p >= s->end)
        return sniff_failed (s, SNIFF_TRUNCATED);
      if (*s->p == '}')
        {
          s->p++;
          return TRUE;
        }
      if (*s->p != ',')
        return sniff_failed (s, SNIFF_MALFORMED);
      s->p++;
    }
}

/* The native writer puts "format": "hotpath" first, so a huge file is
 * recognised from its first bytes. */
static gboolean
has_native_header (const char *p,
                   const char *end)
{
  static const char format_key[] = "\"format\"";
  static const char format_value[] = "\"hotpath\"";

#define SKIP_SPACE() while (p < end && _hp_json_is_space (*p)) p++
  if (p >= end || *p != '{')
    return FALSE;
  p++;
  SKIP_SPACE ();
  if ((gsize) (end - p) < strlen (format_key) || memcmp (p, format_key, strlen (format_key)) != 0)
    return FALSE;
  p += strlen (format_key);
  SKIP_SPACE ();
  if (p >= end || *p != ':')
    return FALSE;
  p++;
  SKIP_SPACE ();
  return (gsize) (end - p) >= strlen (format_value) && memcmp (p, format_value, strlen (format_value)) == 0;
#undef SKIP_SPACE
}

static const char *
kind_plural (ValueKind kind)
{
  switch (kind)
    {
    case VALUE_OBJECT:
      /* Translators: completes "a JSON array of %s" */
      return _("objects");
    case VALUE_ARRAY:
      return _("arrays");
    case VALUE_STRING:
      return _("strings");
    case VALUE_NUMBER:
      return _("numbers");
    case VALUE_BOOLEAN:
      return _("booleans");
    case VALUE_NULL:
      return _("nulls");
    case VALUE_NONE:
    default:
      return _("values");
    }
}

static char *
describe_text (const char *p,
               const char *end)
{
  gsize n = (gsize) (end - p);
  gsize probe = MIN (n, 1024);
  const char *valid_end;
  const char *eol;
  g_autofree char *first_line = NULL;
  g_autofree char *shown = NULL;

  if (n >= 4 && memcmp (p, "\x89PNG", 4) == 0)
    return g_strdup (_("a PNG image, not JSON"));
  if (n >= 2 && memcmp (p, "\x1f\x8b", 2) == 0)
    return g_strdup (_("gzip-compressed data, not JSON"));
  if (n >= 4 && memcmp (p, "PK\x03\x04", 4) == 0)
    return g_strdup (_("a ZIP archive, not JSON"));
  if (memchr (p, '\0', probe) != NULL ||
      (!g_utf8_validate (p, (gssize) probe, &valid_end) && (gsize) (valid_end - p) + 3 < probe))
    return g_strdup (_("binary data, not JSON"));

  eol = memchr (p, '\n', probe);
  first_line = g_strndup (p, (gsize) ((eol != NULL ? eol : p + probe) - p));
  g_strchomp (first_line);
  if (strchr (first_line, ',') != NULL)
    return g_strdup (_("comma-separated text (CSV), not JSON"));

  shown = g_utf8_make_valid (first_line, MIN (strlen (first_line), 24));
  /* Translators: the first characters of the file */
  return g_strdup_printf (_("text that is not JSON (it starts with “%s”)"), shown);
}

static char *
describe_object (const ObjectInfo *info,
                 const ObjectInfo *first_child)
{
  g_autoptr(GString) out = NULL;
  guint n = info->keys->len;

  if (n == 0)
    return g_strdup (_("an empty JSON object"));
  if (object_info_lookup (info, "nodes") == VALUE_ARRAY &&
      object_info_lookup (info, "links") != VALUE_NONE &&
      object_info_lookup (info, "version") != VALUE_NONE)
    return g_strdup (_("a ComfyUI editor workflow (nodes and links, no timings)"));
  if (g_array_index (info->kinds, ValueKind, 0) == VALUE_OBJECT &&
      object_info_lookup (first_child, "class_type") != VALUE_NONE)
    return g_strdup (_("a ComfyUI API-format prompt (a workflow, no timings)"));
  if (info->format_value != NULL)
    /* Translators: the value of the file's "format" member */
    return g_strdup_printf (_("a file of format “%s”"), info->format_value);

  out = g_string_new (NULL);
  for (guint i = 0; i < MIN (n, 3); i++)
    g_string_append_printf (out, "%s“%s”", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (info->keys, i));
  if (n > 3)
    g_string_append (out, ", …");
  /* Translators: %s lists up to three member names, e.g. “a”, “b”, “c”, … */
  return g_strdup_printf (_("a JSON object with members %s"), out->str);
}

static gboolean
looks_like_comfyui_node (const ObjectInfo *info)
{
  static const char * const keys[] = {
    "promptId", "queuedAt", "queueTime", "executionTime", "totalDuration", "summary",
  };
  guint score = 0;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (object_info_lookup (info, keys[i]) != VALUE_NONE)
      score++;

  /* Several job-level figures without "nodes" still go to the reader,
   * which then says what is missing. */
  return (object_info_lookup (info, "nodes") == VALUE_ARRAY && score >= 1) || score >= 3;
}

/* NodeTool's profiler export: per-node data keyed by node id. */
static gboolean
looks_like_nodetool (const ObjectInfo *info)
{
  return object_info_lookup (info, "nodeData") == VALUE_OBJECT &&
         (object_info_lookup (info, "workflowId") != VALUE_NONE ||
          object_info_lookup (info, "runCount") != VALUE_NONE ||
          object_info_lookup (info, "bottlenecks") != VALUE_NONE);
}

/* A NodeTool workflow: {id, name, access, graph: {nodes, edges}, …}
 * (Dify's draft workflow also has a "graph", with "features"), or the
 * bare graph {nodes, edges} (a ComfyUI editor workflow has "links", a
 * React Flow export a "viewport"). */
static gboolean
looks_like_nodetool_workflow (const ObjectInfo *info)
{
  static const char * const keys[] = {
    "access", "input_schema", "output_schema", "run_mode", "package_name", "thumbnail", "settings",
  };

  if (object_info_lookup (info, "graph") == VALUE_OBJECT &&
      object_info_lookup (info, "features") == VALUE_NONE)
    {
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (object_info_lookup (info, keys[i]) != VALUE_NONE)
          return TRUE;
      return object_info_lookup (info, "id") != VALUE_NONE && object_info_lookup (info, "name") != VALUE_NONE;
    }
  return object_info_lookup (info, "nodes") == VALUE_ARRAY &&
         object_info_lookup (info, "edges") == VALUE_ARRAY &&
         object_info_lookup (info, "links") == VALUE_NONE &&
         object_info_lookup (info, "viewport") == VALUE_NONE;
}

/* The first line of a NodeTool message log: a message whose "type" is
 * one of NodeTool's, or {"received_ms": T, "message": {...}}. */
static gboolean
looks_like_nodetool_message (const ObjectInfo *info)
{
  static const char * const types[] = {
    "job_update", "node_update", "node_progress", "edge_update", "output_update", "preview_update",
    "log_update", "tool_call_update", "tool_result_update", "planning_update", "task_update",
  };

  if (object_info_lookup (info, "received_ms") == VALUE_NUMBER &&
      object_info_lookup (info, "message") == VALUE_OBJECT)
    return TRUE;
  for (guint i = 0; info->type_value != NULL && i < G_N_ELEMENTS (types); i++)
    if (strcmp (info->type_value, types[i]) == 0)
      return TRUE;
  return FALSE;
}

/* At the '{' of a JSON object: records the member names of the object
 * held by its top-level member @name (the type of a message). */
static void
sniff_member_object (const char *p,
                     const char *end,
                     const char *name,
                     ObjectInfo *member)
{
  Sniffer s = { p, p, end, SNIFF_OK, NULL };
  gsize name_length = strlen (name);

  g_assert (p < end && *p == '{');
  s.p++;
  for (;;)
    {
      const char *key;
      gsize key_length;

      sniff_skip_space (&s);
      if (s.p >= s.end || *s.p != '"' || !sniff_string (&s, &key, &key_length))
        return;
      sniff_skip_space (&s);
      if (s.p >= s.end || *s.p != ':')
        return;
      s.p++;
      sniff_skip_space (&s);
      if (key_length == name_length && memcmp (key, name, name_length) == 0)
        {
          if (s.p < s.end && *s.p == '{')
            sniff_object (&s, member, NULL);
          return;
        }
      if (!sniff_skip_value (&s))
        return;
      sniff_skip_space (&s);
      if (s.p >= s.end || *s.p != ',')
        return;
      s.p++;
    }
}

/* The first line of a ComfyUI event log: {"received_ms": T, ...} with a
 * "prompt" or "system_stats" object, or a "message" whose type is one
 * of ComfyUI's (a NodeTool log wraps its messages the same way). */
static gboolean
looks_like_comfyui_events (const ObjectInfo *info,
                           const char       *object_start,
                           const char       *end)
{
  static const char * const types[] = {
    "status", "execution_start", "execution_cached", "executing", "executed", "progress",
    "progress_state", "execution_success", "execution_error", "execution_interrupted",
    "feature_flags", "logs", "notification",
  };
  ObjectInfo message;
  gboolean found = FALSE;

  if (object_info_lookup (info, "received_ms") != VALUE_NUMBER)
    return FALSE;
  if (object_info_lookup (info, "prompt") == VALUE_OBJECT ||
      object_info_lookup (info, "system_stats") == VALUE_OBJECT)
    return TRUE;
  if (object_info_lookup (info, "message") != VALUE_OBJECT)
    return FALSE;

  object_info_init (&message);
  sniff_member_object (object_start, end, "message", &message);
  for (guint i = 0; message.type_value != NULL && i < G_N_ELEMENTS (types); i++)
    found |= strcmp (message.type_value, types[i]) == 0;
  /* Custom nodes add their own types ("crystools.monitor"): ComfyUI's
   * framing is exactly {"type", "data"}. */
  if (!found && message.type_value != NULL && message.keys->len == 2 &&
      object_info_lookup (&message, "data") != VALUE_NONE)
    found = TRUE;
  object_info_clear (&message);
  return found;
}

/* A Dify node execution (an item of the console API's list). */
static gboolean
looks_like_dify_execution (const ObjectInfo *info)
{
  return object_info_lookup (info, "node_id") != VALUE_NONE &&
         (object_info_lookup (info, "elapsed_time") != VALUE_NONE ||
          object_info_lookup (info, "node_type") != VALUE_NONE ||
          object_info_lookup (info, "predecessor_node_id") != VALUE_NONE);
}

/* A Dify streaming event (the first line of a JSON Lines log). */
static gboolean
looks_like_dify_event (const ObjectInfo *info)
{
  return object_info_lookup (info, "event") == VALUE_STRING &&
         (object_info_lookup (info, "workflow_run_id") != VALUE_NONE ||
          object_info_lookup (info, "task_id") != VALUE_NONE);
}

/* At the '{' of {"data": [{...}, ...]} (how Dify's console API wraps
 * lists): records the member names of the first element of "data". */
static void
sniff_data_element (const char *p,
                    const char *end,
                    ObjectInfo *element)
{
  Sniffer s = { p, p, end, SNIFF_OK, NULL };

  g_assert (p < end && *p == '{');
  s.p++;
  for (;;)
    {
      const char *key;
      gsize key_length;

      sniff_skip_space (&s);
      if (s.p >= s.end || *s.p != '"' || !sniff_string (&s, &key, &key_length))
        return;
      sniff_skip_space (&s);
      if (s.p >= s.end || *s.p != ':')
        return;
      s.p++;
      sniff_skip_space (&s);
      if (key_length == 4 && memcmp (key, "data", 4) == 0 && s.p < s.end && *s.p == '[')
        {
          s.p++;
          sniff_skip_space (&s);
          if (s.p < s.end && *s.p == '{')
            sniff_object (&s, element, NULL);
          return;
        }
      if (!sniff_skip_value (&s))
        return;
      sniff_skip_space (&s);
      if (s.p >= s.end || *s.p != ',')
        return;
      s.p++;
    }
}

static gboolean
line_has_prefix (const char *p,
                 const char *end,
                 const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && memcmp (p, prefix, n) == 0;
}

/* A capture of Dify's server-sent events: blank lines, comments and
 * "event:" fields, then a "data: {...}" line holding a Dify event. */
static gboolean
looks_like_dify_sse (const char *p,
                     const char *end)
{
  for (guint n = 0; p < end && n < 64; n++)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = eol != NULL ? eol : end;
      const char *q = p;

      while (q < line_end && (*q == ' ' || *q == '\t' || *q == '\r'))
        q++;
      if (line_has_prefix (q, line_end, "data:"))
        {
          ObjectInfo info;
          Sniffer s = { 0, };
          gboolean found;

          q += strlen ("data:");
          while (q < line_end && *q == ' ')
            q++;
          if (q >= line_end || *q != '{')
            return FALSE;
          s.start = s.p = q;
          s.end = line_end;
          s.status = SNIFF_OK;
          object_info_init (&info);
          sniff_object (&s, &info, NULL);
          found = looks_like_dify_event (&info);
          object_info_clear (&info);
          return found;
        }
      if (q < line_end && *q != ':' && !line_has_prefix (q, line_end, "event:") &&
          !line_has_prefix (q, line_end, "id:") && !line_has_prefix (q, line_end, "retry:"))
        return FALSE;
      p = eol != NULL ? eol + 1 : end;
    }
  return FALSE;
}

/* ComfyUI documents: the history is keyed by prompt id, each entry with
 * a "prompt" array; an API prompt is keyed by node id, each node with a
 * class_type; an editor workflow has nodes and links arrays. Only the
 * first entry is looked at: the readers say what is wrong with others. */
static HpFormatKind
detect_comfyui (const ObjectInfo *info,
                const ObjectInfo *first_child)
{
  if (g_array_index (info->kinds, ValueKind, 0) == VALUE_OBJECT)
    {
      if (object_info_lookup (first_child, "prompt") == VALUE_ARRAY &&
          (object_info_lookup (first_child, "status") != VALUE_NONE ||
           object_info_lookup (first_child, "outputs") != VALUE_NONE))
        return HP_FORMAT_COMFYUI_HISTORY;
      if (object_info_lookup (first_child, "class_type") == VALUE_STRING)
        return HP_FORMAT_COMFYUI_PROMPT;
    }
  if (object_info_lookup (info, "nodes") == VALUE_ARRAY &&
      object_info_lookup (info, "links") == VALUE_ARRAY)
    return HP_FORMAT_COMFYUI_WORKFLOW;
  return HP_FORMAT_UNKNOWN;
}

void
_hp_format_detect_full (const char  *data,
                        gsize        length,
                        HpDetection *out)
{
  Sniffer s = { 0, };
  ValueKind kind;

  s.start = data;
  s.p = data + _hp_utf8_bom_length (data, length);
  s.end = data + length;
  s.status = SNIFF_OK;

  out->kind = HP_FORMAT_UNKNOWN;
  out->description = NULL;
  out->status = SNIFF_OK;
  out->problem_offset = 0;

  sniff_skip_space (&s);
  if (s.p >= s.end)
    {
      out->description = g_strdup (_("an empty file"));
      return;
    }

  kind = kind_of_char (*s.p);
  if (kind == VALUE_OBJECT)
    {
      ObjectInfo info, first_child;
      const char *object_start = s.p;

      if (has_native_header (s.p, s.end))
        {
          out->kind = HP_FORMAT_HOTPATH;
          out->description = g_strdup (hp_format_kind_get_label (HP_FORMAT_HOTPATH));
          return;
        }

      object_info_init (&info);
      object_info_init (&first_child);
      sniff_object (&s, &info, &first_child);

      if (g_strcmp0 (info.format_value, "hotpath") == 0)
        out->kind = HP_FORMAT_HOTPATH;
      else if (looks_like_nodetool (&info))
        out->kind = HP_FORMAT_NODETOOL;
      else if (looks_like_comfyui_events (&info, object_start, s.end))
        out->kind = HP_FORMAT_COMFYUI_EVENTS;
      else if (looks_like_nodetool_message (&info))
        out->kind = HP_FORMAT_NODETOOL_LOG;
      else if (looks_like_nodetool_workflow (&info))
        out->kind = HP_FORMAT_NODETOOL_WORKFLOW;
      else if (looks_like_dify_event (&info))
        out->kind = HP_FORMAT_DIFY;
      else if (looks_like_comfyui_node (&info))
        out->kind = HP_FORMAT_COMFYUI_NODE;
      else if (object_info_lookup (&info, "traceEvents") != VALUE_NONE)
        out->kind = HP_FORMAT_CHROME_TRACE;
      else if (object_info_lookup (&info, "data") == VALUE_ARRAY)
        {
          ObjectInfo element;

          object_info_init (&element);
          sniff_data_element (object_start, s.end, &element);
          if (looks_like_dify_execution (&element))
            out->kind = HP_FORMAT_DIFY;
          object_info_clear (&element);
        }
      if (out->kind == HP_FORMAT_UNKNOWN && info.keys->len > 0)
        out->kind = detect_comfyui (&info, &first_child);

      if (out->kind != HP_FORMAT_UNKNOWN)
        out->description = g_strdup (hp_format_kind_get_label (out->kind));
      else if (s.status == SNIFF_OK)
        out->description = describe_object (&info, &first_child);

      object_info_clear (&info);
      object_info_clear (&first_child);
    }
  else if (kind == VALUE_ARRAY)
    {
      const char *array_start = s.p;
      ValueKind first_kind;

      s.p++;
      sniff_skip_space (&s);
      first_kind = s.p < s.end ? kind_of_char (*s.p) : VALUE_NONE;
      if (first_kind == VALUE_NONE && s.p < s.end && *s.p != ']')
        sniff_failed (&s, SNIFF_MALFORMED);
      else if (first_kind == VALUE_OBJECT)
        {
          ObjectInfo element;

          object_info_init (&element);
          sniff_object (&s, &element, NULL);
          if (object_info_lookup (&element, "ph") != VALUE_NONE)
            out->kind = HP_FORMAT_CHROME_TRACE;
          else if (looks_like_dify_execution (&element))
            out->kind = HP_FORMAT_DIFY;
          object_info_clear (&element);
        }

      /* Whole-array pass, to tell complete from truncated. */
      if (s.status == SNIFF_OK)
        {
          s.p = array_start;
          sniff_skip_value (&s);
        }

      if (out->kind != HP_FORMAT_UNKNOWN)
        out->description = g_strdup (hp_format_kind_get_label (out->kind));
      else if (s.status == SNIFF_OK)
        {
          if (first_kind == VALUE_NONE)
            out->description = g_strdup (_("an empty JSON array"));
          else
            /* Translators: what the array holds ("objects") */
            out->description = g_strdup_printf (_("a JSON array of %s"), kind_plural (first_kind));
        }
    }
  else if (kind != VALUE_NONE)
    {
      const char *value_start = s.p;

      sniff_skip_value (&s);
      sniff_skip_space (&s);
      if (s.status != SNIFF_OK || s.p < s.end)
        {
          /* "1,2,3" or "true story": text that merely starts like JSON */
          s.status = SNIFF_OK;
          out->description = describe_text (value_start, s.end);
        }
      else
        {
          static const char * const names[] = {
            [VALUE_STRING] = N_("a JSON string"),
            [VALUE_NUMBER] = N_("a JSON number"),
            [VALUE_BOOLEAN] = N_("a JSON boolean"),
            [VALUE_NULL] = N_("JSON null"),
          };
          out->description = g_strdup (_(names[kind]));
        }
    }
  else if (looks_like_dify_sse (s.p, s.end))
    {
      out->kind = HP_FORMAT_DIFY;
      out->description = g_strdup (hp_format_kind_get_label (HP_FORMAT_DIFY));
    }
  else
    {
      out->description = describe_text (s.p, s.end);
    }

  out->status = s.status;
  if (s.status != SNIFF_OK)
    {
      out->problem_offset = (gsize) (s.problem - data);
      if (out->description == NULL)
        out->description = g_strdup (s.status == SNIFF_TRUNCATED ?
                                     _("JSON that ends too early") : _("malformed JSON"));
    }
}

/**
 * hp_format_detect:
 * @data: the content of a file
 * @length: its length in bytes
 * @description: (out) (optional) (transfer full): what the data looks
 *   like, in a few words: the format's label when it is known, else a
 *   guess such as "a ComfyUI API-format prompt" or "binary data, not JSON"
 *
 * Detects the format from the content only. Cheap for huge Hotpath files:
 * their first member tells them apart.
 *
 * Returns: the format, %HP_FORMAT_UNKNOWN when none fits
 */
HpFormatKind
hp_format_detect (const char  *data,
                  gsize        length,
                  char       **description)
{
  HpDetection d;

  g_return_val_if_fail (data != NULL || length == 0, HP_FORMAT_UNKNOWN);

  _hp_format_detect_full (data != NULL ? data : "", length, &d);
  if (description != NULL)
    *description = g_steal_pointer (&d.description);
  g_free (d.description);
  return d.kind;
}
