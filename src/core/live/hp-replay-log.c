/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-replay-log.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hp-enums.h"
#include "hp-format-util.h"
#include "hp-json-tree.h"

/* Lines are grouped by prompt: a message whose data names a prompt_id
 * belongs to that prompt (and makes it the current one); a message
 * without one (status, a reconnect "executing") and a system_stats line
 * belong to the current prompt, or, before any, to the first prompt that
 * gets a message. A prompt line gives its prompt's graph and number
 * wherever it comes (before the messages when Hotpath queued it, after
 * them when it was fetched from /history) without changing the current
 * prompt. A log that names no prompt at all becomes one prompt whose id
 * is unknown. */

struct _HpReplayLog
{
  GObject     parent_instance;

  char       *source;
  GPtrArray  *prompts;      /* of HpReplayPrompt* */
  guint       n_messages;
  JsonNode   *first_stats;
};

G_DEFINE_FINAL_TYPE (HpReplayLog, hp_replay_log, G_TYPE_OBJECT)

static void
item_free (gpointer data)
{
  HpReplayItem *item = data;

  json_node_unref (item->node);
  g_free (item);
}

static void
prompt_free (gpointer data)
{
  HpReplayPrompt *prompt = data;

  g_free (prompt->prompt_id);
  g_clear_pointer (&prompt->graph, json_node_unref);
  g_clear_pointer (&prompt->workflow, json_node_unref);
  g_ptr_array_unref (prompt->items);
  g_free (prompt);
}

static HpReplayPrompt *
prompt_new (const char *prompt_id,
            double      number)
{
  HpReplayPrompt *prompt = g_new0 (HpReplayPrompt, 1);

  prompt->prompt_id = g_strdup (prompt_id);
  prompt->number = number;
  prompt->items = g_ptr_array_new_with_free_func (item_free);
  return prompt;
}

static void
hp_replay_log_finalize (GObject *object)
{
  HpReplayLog *self = HP_REPLAY_LOG (object);

  g_free (self->source);
  g_ptr_array_unref (self->prompts);
  g_clear_pointer (&self->first_stats, json_node_unref);

  G_OBJECT_CLASS (hp_replay_log_parent_class)->finalize (object);
}

static void
hp_replay_log_class_init (HpReplayLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hp_replay_log_finalize;
}

static void
hp_replay_log_init (HpReplayLog *self)
{
  self->prompts = g_ptr_array_new_with_free_func (prompt_free);
}

typedef struct {
  const HpTreeReader *r;         /* source "FILE:LINE:COL" while reading a line */
  HpReplayLog        *log;
  GHashTable         *by_id;     /* prompt id → HpReplayPrompt* (borrowed) */
  GHashTable         *numbered;  /* prompts whose number came from a prompt line */
  HpReplayPrompt     *current;
  GPtrArray          *preamble;  /* items before any prompt (owned, no free func) */
} Loader;

static HpReplayPrompt *
lookup_prompt (Loader     *l,
               const char *prompt_id)
{
  HpReplayPrompt *prompt = g_hash_table_lookup (l->by_id, prompt_id);

  if (prompt == NULL)
    {
      prompt = prompt_new (prompt_id, l->log->prompts->len);
      g_ptr_array_add (l->log->prompts, prompt);
      g_hash_table_insert (l->by_id, prompt->prompt_id, prompt);
    }
  return prompt;
}

/* Appends @item to @prompt, or to the preamble when there is none yet. */
static void
add_item (Loader         *l,
          HpReplayPrompt *prompt,
          HpReplayItem   *item)
{
  if (prompt == NULL)
    {
      g_ptr_array_add (l->preamble, item);
      return;
    }
  if (l->current == NULL)
    {
      for (guint i = 0; i < l->preamble->len; i++)
        g_ptr_array_add (prompt->items, g_ptr_array_index (l->preamble, i));
      g_ptr_array_set_size (l->preamble, 0);
    }
  l->current = prompt;
  g_ptr_array_add (prompt->items, item);
}

static HpReplayItem *
item_new (HpReplayItemKind  kind,
          guint             line,
          double            received_ms,
          JsonNode         *node)
{
  HpReplayItem *item = g_new0 (HpReplayItem, 1);

  item->kind = kind;
  item->line = line;
  item->received_ms = received_ms;
  item->node = json_node_copy (node);
  if (kind == HP_REPLAY_ITEM_MESSAGE)
    item->type = json_object_get_string_member (json_node_get_object (item->node), "type");
  return item;
}

static gboolean
read_message (Loader     *l,
              guint       line,
              double      received_ms,
              JsonNode   *message)
{
  JsonObject *object, *data = NULL;
  JsonNode *data_node;
  const char *type = NULL, *prompt_id = NULL;
  HpReplayPrompt *prompt;

  if (!JSON_NODE_HOLDS_OBJECT (message))
    return _hp_tree_wrong_type (l->r, "$.message", N_("a websocket message object"), message);
  object = json_node_get_object (message);
  if (!_hp_tree_get_string (l->r, object, "$.message", "type", &type))
    return FALSE;
  if (type == NULL)
    return _hp_tree_fail (l->r, HP_FORMAT_ERROR_MISSING, "$.message.type",
                          _("missing, expected the message type (\"executing\", \"status\", …)"));
  data_node = _hp_tree_member (object, "data");
  if (data_node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (data_node))
        return _hp_tree_wrong_type (l->r, "$.message.data", N_("an object"), data_node);
      data = json_node_get_object (data_node);
      if (!_hp_tree_get_string (l->r, data, "$.message.data", "prompt_id", &prompt_id))
        return FALSE;
    }

  prompt = prompt_id != NULL && *prompt_id != '\0' ? lookup_prompt (l, prompt_id) : l->current;
  add_item (l, prompt, item_new (HP_REPLAY_ITEM_MESSAGE, line, received_ms, message));
  l->log->n_messages++;
  return TRUE;
}

static gboolean
read_prompt (Loader   *l,
             JsonNode *node)
{
  JsonObject *object;
  JsonNode *graph, *workflow;
  const char *prompt_id = NULL;
  HpReplayPrompt *prompt;
  double number;
  gboolean has_number;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _hp_tree_wrong_type (l->r, "$.prompt", N_("an object {prompt_id, number, graph}"), node);
  object = json_node_get_object (node);
  if (!_hp_tree_get_string (l->r, object, "$.prompt", "prompt_id", &prompt_id) ||
      !_hp_tree_get_number (l->r, object, "$.prompt", "number", &number, &has_number))
    return FALSE;
  if (prompt_id == NULL || *prompt_id == '\0')
    return _hp_tree_fail (l->r, HP_FORMAT_ERROR_MISSING, "$.prompt.prompt_id",
                          _("missing, expected the id of the prompt the graph belongs to"));
  graph = _hp_tree_member (object, "graph");
  if (graph == NULL)
    return _hp_tree_fail (l->r, HP_FORMAT_ERROR_MISSING, "$.prompt.graph",
                          _("missing, expected the API-format prompt"));
  if (!JSON_NODE_HOLDS_OBJECT (graph))
    return _hp_tree_wrong_type (l->r, "$.prompt.graph", N_("an API-format prompt object"), graph);
  workflow = _hp_tree_member (object, "workflow");
  if (workflow != NULL && !JSON_NODE_HOLDS_OBJECT (workflow))
    return _hp_tree_wrong_type (l->r, "$.prompt.workflow", N_("an editor workflow object"), workflow);

  prompt = lookup_prompt (l, prompt_id);
  if (prompt->graph == NULL)
    prompt->graph = json_node_copy (graph);
  if (prompt->workflow == NULL && workflow != NULL)
    prompt->workflow = json_node_copy (workflow);
  if (has_number)
    {
      prompt->number = number;
      g_hash_table_add (l->numbered, prompt);
    }
  return TRUE;
}

static gboolean
read_line (Loader     *l,
           guint       line,
           JsonObject *object)
{
  JsonNode *message = _hp_tree_member (object, "message");
  JsonNode *prompt = _hp_tree_member (object, "prompt");
  JsonNode *stats = _hp_tree_member (object, "system_stats");
  gint64 received_us;
  double received_ms;
  guint kinds = (message != NULL) + (prompt != NULL) + (stats != NULL);

  if (!_hp_tree_get_time (l->r, object, "$", "received_ms", 1000, &received_us))
    return FALSE;
  if (received_us == HP_TIME_UNKNOWN)
    return _hp_tree_fail (l->r, HP_FORMAT_ERROR_MISSING, "$.received_ms",
                          _("missing, expected the receive time in ms since the epoch"));
  received_ms = (double) received_us / 1000.0;
  if (kinds == 0)
    return _hp_tree_fail (l->r, HP_FORMAT_ERROR_MISSING, "$",
                          _("expected a \"message\", \"prompt\" or \"system_stats\" member"));
  if (kinds > 1)
    return _hp_tree_fail (l->r, HP_FORMAT_ERROR_VALUE, "$",
                          _("holds more than one of \"message\", \"prompt\" and \"system_stats\", "
                            "expected one per line"));

  if (message != NULL)
    return read_message (l, line, received_ms, message);
  if (prompt != NULL)
    return read_prompt (l, prompt);

  if (!JSON_NODE_HOLDS_OBJECT (stats))
    return _hp_tree_wrong_type (l->r, "$.system_stats", N_("a GET /system_stats object"), stats);
  if (l->log->first_stats == NULL)
    l->log->first_stats = json_node_copy (stats);
  add_item (l, l->current, item_new (HP_REPLAY_ITEM_SYSTEM_STATS, line, received_ms, stats));
  return TRUE;
}

/* Places what came before any prompt, numbers the prompts and works out
 * the offsets (never decreasing, even when the receive clock stepped back). */
static void
finish (Loader *l)
{
  GPtrArray *prompts = l->log->prompts;

  if (l->preamble->len > 0)
    {
      gboolean any_message = FALSE;

      for (guint i = 0; i < l->preamble->len; i++)
        any_message |= ((HpReplayItem *) g_ptr_array_index (l->preamble, i))->kind == HP_REPLAY_ITEM_MESSAGE;
      if (prompts->len == 0 && any_message)
        g_ptr_array_add (prompts, prompt_new (NULL, 0));
      if (prompts->len > 0)
        {
          HpReplayPrompt *first = g_ptr_array_index (prompts, 0);
          GPtrArray *items = g_ptr_array_new_with_free_func (item_free);

          g_ptr_array_extend_and_steal (items, g_steal_pointer (&l->preamble));
          g_ptr_array_extend_and_steal (items, first->items);
          first->items = items;
          l->preamble = g_ptr_array_new ();
        }
    }

  for (guint i = 0; i < prompts->len; i++)
    {
      HpReplayPrompt *prompt = g_ptr_array_index (prompts, i);
      double origin = 0, offset = 0;

      if (!g_hash_table_contains (l->numbered, prompt))
        prompt->number = i;
      for (guint k = 0; k < prompt->items->len; k++)
        {
          HpReplayItem *item = g_ptr_array_index (prompt->items, k);

          if (k == 0)
            origin = item->received_ms;
          offset = MAX (offset, item->received_ms - origin);
          item->offset_ms = offset;
          prompt->n_messages += item->kind == HP_REPLAY_ITEM_MESSAGE;
        }
      prompt->duration_ms = offset;
    }
}

static gboolean
only_blank (const char *p,
            const char *end)
{
  for (; p < end; p++)
    if (!_hp_json_is_space (*p))
      return FALSE;
  return TRUE;
}

static gboolean
parse_line (Loader     *l,
            JsonParser *parser,
            guint       line,
            guint       column,
            const char *text,
            gsize       length,
            gboolean    last)
{
  g_autofree char *where = g_strdup_printf ("%s:%u:%u", l->r->source, line, column);
  HpTreeReader line_reader = { where, l->r->error };
  const HpTreeReader *saved = l->r;
  JsonObject *object;
  gboolean ok;

  if (!_hp_tree_parse_line (l->r, parser, line, column, text, length, last,
                            N_("event"), N_("an event object {received_ms, message | prompt | system_stats}"),
                            &object))
    return FALSE;
  l->r = &line_reader;
  ok = read_line (l, line, object);
  l->r = saved;
  return ok;
}

/**
 * hp_replay_log_load_data:
 * @data: an event log, JSON Lines
 * @length: its length in bytes
 * @source_name: the name used in error messages (usually the path)
 *
 * Reads every line of an event log for replay. The lines are checked as
 * strictly as by any reader: a bad line is an error, not skipped, since
 * replaying half a log would show a run that never happened.
 *
 * Returns: (transfer full) (nullable): the log, or %NULL with @error set
 *   (%HP_FORMAT_ERROR, "SOURCE:LINE:COL: JSONPATH: …")
 */
HpReplayLog *
hp_replay_log_load_data (const char  *data,
                         gsize        length,
                         const char  *source_name,
                         GError     **error)
{
  g_autoptr(HpReplayLog) log = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) numbered = NULL;
  HpTreeReader reader = { source_name, error };
  Loader l = { &reader, NULL, NULL, NULL, NULL, NULL };
  const char *p, *end;
  guint line = 0;
  gsize bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  p = data + bom;
  end = data + length;
  if (only_blank (p, end))
    {
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY,
                   _("%s: the file is empty, expected an event log (JSON Lines)"), source_name);
      return NULL;
    }

  log = g_object_new (HP_TYPE_REPLAY_LOG, NULL);
  log->source = g_strdup (source_name);
  parser = json_parser_new_immutable ();
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  numbered = g_hash_table_new (NULL, NULL);
  l.log = log;
  l.by_id = by_id;
  l.numbered = numbered;
  l.preamble = g_ptr_array_new ();

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *next = eol != NULL ? eol + 1 : end;
      const char *s = p, *e = eol != NULL ? eol : end;

      line++;
      if (e > s && e[-1] == '\r')
        e--;
      while (s < e && (*s == ' ' || *s == '\t'))
        s++;
      if (s < e && !parse_line (&l, parser, line, (guint) (s - p) + 1 + (line == 1 ? (guint) bom : 0),
                                s, (gsize) (e - s), only_blank (next, end)))
        {
          g_ptr_array_set_free_func (l.preamble, item_free);
          g_ptr_array_unref (l.preamble);
          return NULL;
        }
      p = next;
    }

  finish (&l);
  /* Left over only when the log holds nothing but system_stats */
  g_ptr_array_set_free_func (l.preamble, item_free);
  g_ptr_array_unref (l.preamble);
  return g_steal_pointer (&log);
}

static gboolean
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s", path, g_strerror (saved_errno));
  return FALSE;
}

/**
 * hp_replay_log_load_path:
 * @path: a local event log
 *
 * Like hp_replay_log_load(), with messages that start with @path as given.
 *
 * Returns: (transfer full) (nullable): the log, or %NULL with @error set
 *   (%G_FILE_ERROR when the file cannot be read, else %HP_FORMAT_ERROR)
 */
HpReplayLog *
hp_replay_log_load_path (const char  *path,
                         GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }
  if (fstat (fd, &st) != 0 || S_ISDIR (st.st_mode))
    {
      int saved_errno = S_ISDIR (st.st_mode) ? EISDIR : errno;

      close (fd);
      set_errno_error (error, saved_errno, path);
      return NULL;
    }
  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (mapped == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path, local_error->message);
      return NULL;
    }
  return hp_replay_log_load_data (g_mapped_file_get_contents (mapped),
                                  g_mapped_file_get_length (mapped), path, error);
}

/**
 * hp_replay_log_load:
 * @file: an event log
 *
 * Loads an event log for hp_replay_server_new().
 *
 * Returns: (transfer full) (nullable): the log, or %NULL with @error set
 */
HpReplayLog *
hp_replay_log_load (GFile   *file,
                    GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_peek_path (file) != NULL)
    return hp_replay_log_load_path (g_file_peek_path (file), error);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return NULL;
  return hp_replay_log_load_data (data, length, name, error);
}

/* The name used in error messages when loading. */
const char *
hp_replay_log_get_source (HpReplayLog *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_LOG (self), NULL);

  return self->source;
}

/* Prompts in the order they first appear in the log. */
guint
hp_replay_log_get_n_prompts (HpReplayLog *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_LOG (self), 0);

  return self->prompts->len;
}

/* The @index-th prompt, owned by the log (read-only). */
const HpReplayPrompt *
hp_replay_log_get_prompt (HpReplayLog *self,
                          guint        index)
{
  g_return_val_if_fail (HP_IS_REPLAY_LOG (self), NULL);
  g_return_val_if_fail (index < self->prompts->len, NULL);

  return g_ptr_array_index (self->prompts, index);
}

/* Websocket messages in the whole log. */
guint
hp_replay_log_get_n_messages (HpReplayLog *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_LOG (self), 0);

  return self->n_messages;
}

/**
 * hp_replay_log_get_first_system_stats:
 *
 * What GET /system_stats answers before the replay reaches any sample.
 *
 * Returns: (transfer none) (nullable): the first system_stats body
 */
JsonNode *
hp_replay_log_get_first_system_stats (HpReplayLog *self)
{
  g_return_val_if_fail (HP_IS_REPLAY_LOG (self), NULL);

  return self->first_stats;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * hp_replay_log_dup_class_types:
 *
 * Every class_type of the log's graphs, for GET /object_info.
 *
 * Returns: (transfer full): the class types, sorted, each once
 */
GStrv
hp_replay_log_dup_class_types (HpReplayLog *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) types = g_ptr_array_new ();

  g_return_val_if_fail (HP_IS_REPLAY_LOG (self), NULL);

  for (guint i = 0; i < self->prompts->len; i++)
    {
      HpReplayPrompt *prompt = g_ptr_array_index (self->prompts, i);
      JsonObjectIter iter;
      const char *id;
      JsonNode *node;

      if (prompt->graph == NULL)
        continue;
      json_object_iter_init (&iter, json_node_get_object (prompt->graph));
      while (json_object_iter_next (&iter, &id, &node))
        {
          JsonNode *type;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          type = json_object_get_member (json_node_get_object (node), "class_type");
          if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) ||
              json_node_get_value_type (type) != G_TYPE_STRING)
            continue;
          if (g_hash_table_add (seen, (gpointer) json_node_get_string (type)))
            g_ptr_array_add (types, g_strdup (json_node_get_string (type)));
        }
    }
  g_ptr_array_sort (types, compare_strings);
  g_ptr_array_add (types, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&types), FALSE);
}
