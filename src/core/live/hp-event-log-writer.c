/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-event-log-writer.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hp-enums.h"
#include "hp-format-util.h"
#include "hp-json-tree.h"

struct _HpEventLogWriter
{
  GObject        parent_instance;

  GFile         *file;
  GOutputStream *stream;     /* NULL once closed */
  GString       *line;       /* reused for every line */
};

G_DEFINE_FINAL_TYPE (HpEventLogWriter, hp_event_log_writer, G_TYPE_OBJECT)

static void
hp_event_log_writer_finalize (GObject *object)
{
  HpEventLogWriter *self = HP_EVENT_LOG_WRITER (object);

  if (self->stream != NULL)
    g_output_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
  g_clear_object (&self->file);
  g_string_free (self->line, TRUE);

  G_OBJECT_CLASS (hp_event_log_writer_parent_class)->finalize (object);
}

static void
hp_event_log_writer_class_init (HpEventLogWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hp_event_log_writer_finalize;
}

static void
hp_event_log_writer_init (HpEventLogWriter *self)
{
  self->line = g_string_sized_new (1024);
}

/**
 * hp_event_log_writer_new:
 * @file: the log; lines are appended to what it holds
 *
 * Returns: (transfer full) (nullable): the writer, or %NULL with @error
 *   (G_IO_ERROR) when the file cannot be opened
 */
HpEventLogWriter *
hp_event_log_writer_new (GFile   *file,
                         GError **error)
{
  g_autoptr(HpEventLogWriter) self = NULL;
  GFileOutputStream *stream;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return NULL;
  self = g_object_new (HP_TYPE_EVENT_LOG_WRITER, NULL);
  self->file = g_object_ref (file);
  self->stream = G_OUTPUT_STREAM (stream);
  return g_steal_pointer (&self);
}

static void
begin_line (HpEventLogWriter *self,
            gint64            received_us)
{
  g_string_truncate (self->line, 0);
  g_string_append (self->line, "{\"received_ms\":");
  if (received_us % 1000 == 0)
    g_string_append_printf (self->line, "%" G_GINT64_FORMAT, received_us / 1000);
  else
    g_string_append_printf (self->line, "%" G_GINT64_FORMAT ".%03d",
                            received_us / 1000, (int) (received_us % 1000));
}

static void
append_json (GString  *out,
             JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, text);
}

/* One write, then a flush: the line reaches the file as a whole. */
static gboolean
end_line (HpEventLogWriter  *self,
          GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_string_append (self->line, "}\n");
  if (!g_output_stream_write_all (self->stream, self->line->str, self->line->len, NULL, NULL, &local_error) ||
      !g_output_stream_flush (self->stream, NULL, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (self->file);

      /* Translators: the file, then why */
      g_set_error (error, local_error->domain, local_error->code,
                   _("%s: cannot write the event log: %s"), name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_open (HpEventLogWriter  *self,
            gint64             received_us,
            GError           **error)
{
  if (self->stream == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("the event log is closed"));
      return FALSE;
    }
  if (received_us < 0)
    {
      /* As text: xgettext skips messages with G_GINT64_FORMAT inside. */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, received_us);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("a receive time before 1970 (%s µs)"), number);
      return FALSE;
    }
  return TRUE;
}

/**
 * hp_event_log_writer_append_message:
 * @message: a websocket text message, parsed
 * @received_us: when it arrived (µs since the epoch, local clock)
 */
gboolean
hp_event_log_writer_append_message (HpEventLogWriter  *self,
                                    JsonNode          *message,
                                    gint64             received_us,
                                    GError           **error)
{
  g_return_val_if_fail (HP_IS_EVENT_LOG_WRITER (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, received_us, error))
    return FALSE;
  begin_line (self, received_us);
  g_string_append (self->line, ",\"message\":");
  append_json (self->line, message);
  return end_line (self, error);
}

/**
 * hp_event_log_writer_append_message_text:
 * @text: the text frame
 * @length: its length, or -1 when nul-terminated
 *
 * Writes the text as it came when it is JSON on one line, else (JSON
 * spread over lines) as re-serialised JSON. Text that is not JSON is
 * refused (%G_IO_ERROR_INVALID_DATA): it would break the log.
 */
gboolean
hp_event_log_writer_append_message_text (HpEventLogWriter  *self,
                                         const char        *text,
                                         gssize             length,
                                         gint64             received_us,
                                         GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize n;

  g_return_val_if_fail (HP_IS_EVENT_LOG_WRITER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = length < 0 ? strlen (text) : (gsize) length;
  if (!_hp_json_load_data (parser, text, (gssize) n, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("not logged: the message is not JSON: %s"),
                   local_error != NULL ? local_error->message : _("it is empty"));
      return FALSE;
    }
  if (memchr (text, '\n', n) != NULL || memchr (text, '\r', n) != NULL)
    return hp_event_log_writer_append_message (self, json_parser_get_root (parser), received_us, error);

  if (!check_open (self, received_us, error))
    return FALSE;
  begin_line (self, received_us);
  g_string_append (self->line, ",\"message\":");
  g_string_append_len (self->line, text, (gssize) n);
  return end_line (self, error);
}

gboolean
hp_event_log_writer_append_prompt (HpEventLogWriter  *self,
                                   const char        *prompt_id,
                                   double             number,
                                   JsonNode          *graph,
                                   JsonNode          *workflow,
                                   gint64             received_us,
                                   GError           **error)
{
  return hp_event_log_writer_append_prompt_full (self, prompt_id, number, graph, workflow,
                                                 HP_TIME_UNKNOWN, HP_TIME_UNKNOWN, received_us, error);
}

static void
append_ms (GString *out,
           gint64   us)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, us / 1000);
  if (us % 1000 != 0)
    g_string_append_printf (out, ".%03d", (int) (us % 1000));
}

/**
 * hp_event_log_writer_append_prompt_full:
 * @graph: the API-format prompt
 * @workflow: (nullable): the editor workflow
 * @queued_us: when Hotpath queued it (local clock), or %HP_TIME_UNKNOWN
 * @create_time_us: its extra_data.create_time (server clock), or
 *   %HP_TIME_UNKNOWN
 */
gboolean
hp_event_log_writer_append_prompt_full (HpEventLogWriter  *self,
                                        const char        *prompt_id,
                                        double             number,
                                        JsonNode          *graph,
                                        JsonNode          *workflow,
                                        gint64             queued_us,
                                        gint64             create_time_us,
                                        gint64             received_us,
                                        GError           **error)
{
  g_return_val_if_fail (HP_IS_EVENT_LOG_WRITER (self), FALSE);
  g_return_val_if_fail (prompt_id != NULL, FALSE);
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, received_us, error))
    return FALSE;
  begin_line (self, received_us);
  g_string_append (self->line, ",\"prompt\":{\"prompt_id\":");
  _hp_json_append_string (self->line, prompt_id);
  g_string_append (self->line, ",\"number\":");
  _hp_append_double (self->line, number);
  g_string_append (self->line, ",\"graph\":");
  append_json (self->line, graph);
  if (workflow != NULL && !JSON_NODE_HOLDS_NULL (workflow))
    {
      g_string_append (self->line, ",\"workflow\":");
      append_json (self->line, workflow);
    }
  if (queued_us != HP_TIME_UNKNOWN && queued_us >= 0)
    {
      g_string_append (self->line, ",\"queued_ms\":");
      append_ms (self->line, queued_us);
    }
  if (create_time_us != HP_TIME_UNKNOWN && create_time_us >= 0)
    {
      g_string_append (self->line, ",\"create_time\":");
      append_ms (self->line, create_time_us);
    }
  g_string_append_c (self->line, '}');
  return end_line (self, error);
}

/**
 * hp_event_log_writer_append_system_stats:
 * @stats: a GET /system_stats body
 */
gboolean
hp_event_log_writer_append_system_stats (HpEventLogWriter  *self,
                                         JsonNode          *stats,
                                         gint64             received_us,
                                         GError           **error)
{
  g_return_val_if_fail (HP_IS_EVENT_LOG_WRITER (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, received_us, error))
    return FALSE;
  begin_line (self, received_us);
  g_string_append (self->line, ",\"system_stats\":");
  append_json (self->line, stats);
  return end_line (self, error);
}

/**
 * hp_event_log_writer_close:
 *
 * Closes the file; later appends fail with %G_IO_ERROR_CLOSED. Closing
 * twice is harmless.
 */
gboolean
hp_event_log_writer_close (HpEventLogWriter  *self,
                           GError           **error)
{
  g_autoptr(GOutputStream) stream = NULL;

  g_return_val_if_fail (HP_IS_EVENT_LOG_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stream = g_steal_pointer (&self->stream);
  if (stream == NULL)
    return TRUE;
  return g_output_stream_close (stream, NULL, error);
}
