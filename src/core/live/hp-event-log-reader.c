/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-event-log-reader.h"
#include <glib/gi18n.h>

#include <string.h>

#include "hp-comfy-message.h"
#include "hp-format.h"
#include "hp-format-util.h"
#include "hp-json-tree.h"
#include "hp-recorder-private.h"

typedef struct {
  HpRecorder *recorder;
  JsonParser *parser;
  const char *source;
  guint       n_lines;     /* non-blank lines read */
} Reader;

static gboolean
read_prompt (Reader             *reader,
             const HpTreeReader *r,
             JsonNode           *node,
             gint64              received_us)
{
  g_autofree char *prompt_id = NULL;
  JsonObject *prompt;
  JsonNode *graph;
  double number = 0;
  gboolean has_number;
  gint64 queued_us, create_time_us;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _hp_tree_wrong_type (r, "$.prompt", N_("an object {prompt_id, number, graph, workflow}"), node);
  prompt = json_node_get_object (node);
  if (!_hp_tree_get_id (r, _hp_tree_member (prompt, "prompt_id"), "$.prompt.prompt_id", &prompt_id) ||
      !_hp_tree_get_number (r, prompt, "$.prompt", "number", &number, &has_number) ||
      !_hp_tree_get_time (r, prompt, "$.prompt", "queued_ms", 1000.0, &queued_us) ||
      !_hp_tree_get_time (r, prompt, "$.prompt", "create_time", 1000.0, &create_time_us))
    return FALSE;
  if (prompt_id == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, "$.prompt.prompt_id", _("missing, expected the prompt id"));
  graph = _hp_tree_member (prompt, "graph");
  if (graph == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, "$.prompt.graph",
                          _("missing, expected the API-format prompt"));

  if (!_hp_recorder_add_prompt_at (reader->recorder, prompt_id, number, graph,
                                   _hp_tree_member (prompt, "workflow"), received_us,
                                   r->source, "$.prompt.graph", r->error))
    return FALSE;
  hp_recorder_prompt_queued (reader->recorder, prompt_id, queued_us, create_time_us);
  return TRUE;
}

static gboolean
read_line (Reader             *reader,
           const HpTreeReader *r,
           JsonObject         *line)
{
  static const char * const kinds[] = { "message", "prompt", "system_stats" };
  JsonNode *members[G_N_ELEMENTS (kinds)];
  guint n_kinds = 0;
  gint64 received_us;

  if (!_hp_tree_get_time (r, line, "$", "received_ms", 1000.0, &received_us))
    return FALSE;
  if (received_us == HP_TIME_UNKNOWN)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, "$.received_ms",
                          _("missing, expected the receive time (ms since 1970)"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    n_kinds += (members[i] = _hp_tree_member (line, kinds[i])) != NULL;
  if (n_kinds != 1)
    return _hp_tree_fail (r, n_kinds == 0 ? HP_FORMAT_ERROR_MISSING : HP_FORMAT_ERROR_VALUE, "$",
                          _("%s, expected exactly one of message, prompt or system_stats beside received_ms"),
                          n_kinds == 0 ? _("none of message, prompt, system_stats") : _("more than one kind of line"));

  if (members[0] != NULL)
    {
      g_autoptr(GPtrArray) events = _hp_comfy_message_parse_at (members[0], received_us, r->source,
                                                                "$.message", r->error);

      if (events == NULL)
        return FALSE;
      for (guint i = 0; i < events->len; i++)
        hp_recorder_feed_event (reader->recorder, g_ptr_array_index (events, i));
      return TRUE;
    }
  if (members[1] != NULL)
    return read_prompt (reader, r, members[1], received_us);
  {
    g_autoptr(HpRunEvent) event = _hp_comfy_system_stats_parse_at (members[2], received_us, r->source,
                                                                   "$.system_stats", r->error);

    if (event == NULL)
      return FALSE;
    hp_recorder_feed_event (reader->recorder, event);
  }
  return TRUE;
}

static gboolean
feed_line (Reader      *reader,
           guint        line,
           const char  *text,
           gsize        length,
           gboolean     last,
           GError     **error)
{
  HpTreeReader file_reader = { reader->source, error };
  g_autofree char *where = NULL;
  HpTreeReader line_reader = { NULL, error };
  guint column = 1;
  JsonObject *object;

  /* A byte order mark at the very start, blanks around the object. */
  if (line == 1)
    {
      gsize bom = _hp_utf8_bom_length (text, length);

      text += bom;
      length -= bom;
      column += (guint) bom;
    }
  while (length > 0 && (*text == ' ' || *text == '\t'))
    {
      text++;
      length--;
      column++;
    }
  while (length > 0 && _hp_json_is_space (text[length - 1]))
    length--;
  if (length == 0)
    return TRUE;

  reader->n_lines++;
  if (!_hp_tree_parse_line (&file_reader, reader->parser, line, column, text, length, last,
                            N_("event"), N_("an event object"), &object))
    return FALSE;
  where = g_strdup_printf ("%s:%u:%u", reader->source, line, column);
  line_reader.source = where;
  return read_line (reader, &line_reader, object);
}

/**
 * hp_event_log_feed_stream:
 * @recorder: where the events go
 * @stream: the log
 * @source_name: the name used in error messages
 *
 * Reads @stream line by line. Stops at the first bad line.
 *
 * Returns: %FALSE with @error set (HP_FORMAT_ERROR naming line, column
 *   and JSON path; G_IO_ERROR when reading fails)
 */
gboolean
hp_event_log_feed_stream (HpRecorder    *recorder,
                          GInputStream  *stream,
                          const char    *source_name,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *held = NULL;
  gsize held_length = 0;
  guint held_line = 0, line = 0;
  Reader reader = { recorder, parser, source_name, 0 };

  g_return_val_if_fail (HP_IS_RECORDER (recorder), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (source_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);

  /* A line is read only once the next non-blank one is known, so the
   * last one can tell a truncated file from a broken line. */
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize length = 0;
      g_autofree char *text = g_data_input_stream_read_line (data, &length, cancellable, &local_error);
      gboolean blank = TRUE;
      gsize skip;

      if (text == NULL && local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", source_name);
          return FALSE;
        }
      if (text == NULL)
        break;
      line++;
      skip = line == 1 ? _hp_utf8_bom_length (text, length) : 0;
      for (gsize i = skip; i < length && blank; i++)
        blank = _hp_json_is_space (text[i]);
      if (blank)
        continue;
      if (held != NULL && !feed_line (&reader, held_line, held, held_length, FALSE, error))
        return FALSE;
      g_free (held);
      held = g_steal_pointer (&text);
      held_length = length;
      held_line = line;
    }
  if (held != NULL && !feed_line (&reader, held_line, held, held_length, TRUE, error))
    return FALSE;
  return TRUE;
}

static GPtrArray *
read_stream_all (GInputStream  *stream,
                 const char    *source_name,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(HpRecorder) recorder = hp_recorder_new ();
  GPtrArray *profiles, *copy;

  hp_recorder_set_deferred (recorder, TRUE);
  if (!hp_event_log_feed_stream (recorder, stream, source_name, cancellable, error))
    return NULL;
  hp_recorder_finish (recorder);

  profiles = hp_recorder_get_profiles (recorder);
  if (profiles->len == 0)
    {
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_MISSING,
                   _("%s: no prompt in the event log (no graph and no execution messages), "
                     "expected a ComfyUI event log"), source_name);
      return NULL;
    }
  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < profiles->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (profiles, i)));
  return copy;
}

/* The profile with the most runs (the first of equals). */
static HpProfile *
pick_profile (GPtrArray *profiles)
{
  HpProfile *best = NULL;

  for (guint i = 0; i < profiles->len; i++)
    {
      HpProfile *profile = g_ptr_array_index (profiles, i);

      if (best == NULL || hp_profile_get_n_runs (profile) > hp_profile_get_n_runs (best))
        best = profile;
    }
  if (profiles->len > 1)
    {
      for (guint i = 0; i < hp_profile_get_n_runs (best); i++)
        {
          HpRun *run = hp_profile_get_run (best, i);
          /* Translators: %s is the run's note so far (may be empty) */
          g_autofree char *note = g_strdup_printf (ngettext ("%s The event log holds %u workflow graph; "
                                                             "this is the one with the most runs.",
                                                             "%s The event log holds %u workflow graphs; "
                                                             "this is the one with the most runs.",
                                                             profiles->len),
                                                   hp_run_get_note (run) != NULL ? hp_run_get_note (run) : "",
                                                   profiles->len);

          hp_run_set_note (run, g_strstrip (note));
        }
    }
  return g_object_ref (best);
}

/**
 * hp_event_log_read_all:
 * @data: the content of an event log
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Returns: (transfer full) (element-type HpProfile) (nullable): one
 *   profile per workflow graph in the log, in the order they appear
 */
GPtrArray *
hp_event_log_read_all (const char  *data,
                       gsize        length,
                       const char  *source_name,
                       GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_memory_input_stream_new_from_data (data != NULL ? data : "", (gssize) length, NULL);
  return read_stream_all (stream, source_name, NULL, error);
}

/**
 * hp_event_log_read:
 *
 * Returns: (transfer full) (nullable): the profile of the log's graph
 *   with the most runs (see hp_event_log_read_all() for all of them)
 */
HpProfile *
hp_event_log_read (const char  *data,
                   gsize        length,
                   const char  *source_name,
                   GError     **error)
{
  g_autoptr(GPtrArray) profiles = hp_event_log_read_all (data, length, source_name, error);

  return profiles != NULL ? pick_profile (profiles) : NULL;
}

GPtrArray *
hp_event_log_read_file_all (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  return read_stream_all (G_INPUT_STREAM (stream), name, cancellable, error);
}

HpProfile *
hp_event_log_read_file (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GPtrArray) profiles = hp_event_log_read_file_all (file, cancellable, error);

  return profiles != NULL ? pick_profile (profiles) : NULL;
}
