/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfy-message.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hp-enums.h"
#include "hp-format.h"
#include "hp-json-tree.h"

/* Shapes from ComfyUI's server.py, execution.py, main.py and
 * comfy_execution/progress.py (PROTOCOLS.md §1.2). Every member that an
 * older server may lack (display_node, timestamp, prompt_id on very old
 * servers, node on old progress messages) is optional. */

#define MESSAGE_SOURCE "ComfyUI message"
#define STATS_SOURCE "ComfyUI system_stats"

/* Values larger than this are corrupt, not a long sampler run. */
#define MAX_PROGRESS 1e15

typedef struct {
  HpTreeReader  r;
  gint64        received_us;
  GPtrArray    *events;
} Parse;

static HpRunEvent *
add_event (Parse          *p,
           HpRunEventKind  kind,
           const char     *prompt_id,
           gint64          server_us)
{
  HpRunEvent *event = hp_run_event_new (kind, prompt_id, p->received_us);

  hp_run_event_set_server_time (event, server_us);
  g_ptr_array_add (p->events, event);
  return event;
}

static gboolean
get_id (Parse       *p,
        JsonObject  *data,
        const char  *parent,
        const char  *name,
        gboolean     required,
        char       **id)
{
  g_autofree char *path = NULL;
  JsonNode *node = _hp_tree_member (data, name);

  /* The usual case without building the path (a flood of messages). */
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      *json_node_get_string (node) != '\0')
    {
      *id = g_strdup (json_node_get_string (node));
      return TRUE;
    }
  if (node == NULL && !required)
    {
      *id = NULL;
      return TRUE;
    }
  path = g_strdup_printf ("%s.%s", parent, name);
  if (!_hp_tree_get_id (&p->r, node, path, id))
    return FALSE;
  if (*id == NULL && required)
    return _hp_tree_fail (&p->r, HP_FORMAT_ERROR_MISSING, path, _("missing, expected a node or prompt id"));
  return TRUE;
}

/* ["3", "4", …] (integers accepted too); absent or null → NULL. */
static gboolean
get_id_list (Parse       *p,
             JsonObject  *data,
             const char  *parent,
             const char  *name,
             gboolean     required,
             GStrv       *ids)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node = _hp_tree_member (data, name);
  JsonArray *array;

  *ids = NULL;
  if (node == NULL)
    {
      if (required)
        return _hp_tree_fail (&p->r, HP_FORMAT_ERROR_MISSING, path, _("missing, expected an array of node ids"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _hp_tree_wrong_type (&p->r, path, N_("an array of node ids"), node);

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *id = NULL;

      if (!_hp_tree_get_id (&p->r, json_array_get_element (array, i), item_path, &id))
        return FALSE;
      if (id == NULL)
        return _hp_tree_wrong_type (&p->r, item_path, N_("a node id"), json_array_get_element (array, i));
      g_strv_builder_add (builder, id);
    }
  *ids = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
get_amount (Parse      *p,
            JsonObject *data,
            const char *parent,
            const char *name,
            gboolean    required,
            double     *value)
{
  g_autofree char *path = NULL;
  JsonNode *node = _hp_tree_member (data, name);
  gboolean present;

  /* The usual case without building the path. */
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      *value = type == G_TYPE_INT64 ? (double) json_node_get_int (node) :
               type == G_TYPE_DOUBLE ? json_node_get_double (node) : -1;
      if (*value >= 0 && *value <= MAX_PROGRESS)
        return TRUE;
    }

  path = g_strdup_printf ("%s.%s", parent, name);
  *value = 0;
  if (!_hp_tree_get_number (&p->r, data, parent, name, value, &present))
    return FALSE;
  if (!present && required)
    return _hp_tree_fail (&p->r, HP_FORMAT_ERROR_MISSING, path, _("missing, expected a number"));
  if (*value < 0 || *value > MAX_PROGRESS)
    return _hp_tree_fail (&p->r, HP_FORMAT_ERROR_VALUE, path,
                          _("%g is out of range, expected 0 to 1e15"), *value);
  return TRUE;
}

static gboolean
parse_status (Parse      *p,
              JsonObject *data,
              const char *path)
{
  g_autofree char *status_path = g_strdup_printf ("%s.status", path);
  g_autofree char *info_path = g_strdup_printf ("%s.status.exec_info", path);
  JsonNode *status = _hp_tree_member (data, "status");
  JsonNode *info;
  double remaining;

  if (status == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (status))
    return _hp_tree_wrong_type (&p->r, status_path, N_("an object {exec_info}"), status);
  info = _hp_tree_member (json_node_get_object (status), "exec_info");
  if (info == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (info))
    return _hp_tree_wrong_type (&p->r, info_path, N_("an object {queue_remaining}"), info);
  if (!get_amount (p, json_node_get_object (info), info_path, "queue_remaining", TRUE, &remaining))
    return FALSE;
  add_event (p, HP_RUN_EVENT_QUEUE_STATUS, NULL, HP_TIME_UNKNOWN)->value = remaining;
  return TRUE;
}

/* One node of progress_state's "nodes" map. */
static gboolean
parse_node_state (Parse      *p,
                  const char *prompt_id,
                  const char *node_id,
                  JsonNode   *node,
                  const char *path)
{
  static const char * const states[] = { "pending", "running", "finished", "error" };
  const char *state, *display;
  JsonObject *object;
  HpRunEvent *event;
  double value, max;
  gboolean known = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _hp_tree_wrong_type (&p->r, path, N_("an object {value, max, state}"), node);
  object = json_node_get_object (node);
  if (!_hp_tree_get_string (&p->r, object, path, "state", &state) ||
      !_hp_tree_get_string (&p->r, object, path, "display_node_id", &display) ||
      !get_amount (p, object, path, "value", FALSE, &value) ||
      !get_amount (p, object, path, "max", FALSE, &max))
    return FALSE;
  if (state == NULL)
    {
      g_autofree char *state_path = g_strdup_printf ("%s.state", path);

      return _hp_tree_fail (&p->r, HP_FORMAT_ERROR_MISSING, state_path,
                            _("missing, expected pending, running, finished or error"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    known |= strcmp (state, states[i]) == 0;
  /* A state newer servers may add: nothing to time with it. */
  if (!known)
    return TRUE;

  event = add_event (p, HP_RUN_EVENT_NODE_STATE, prompt_id, HP_TIME_UNKNOWN);
  event->node_id = g_strdup (node_id);
  event->display_node_id = g_strdup (display);
  event->state = g_strdup (state);
  event->value = value;
  event->max = max;
  return TRUE;
}

static gboolean
parse_progress_state (Parse      *p,
                      JsonObject *data,
                      const char *path,
                      const char *prompt_id)
{
  g_autofree char *nodes_path = g_strdup_printf ("%s.nodes", path);
  g_autoptr(GList) members = NULL;
  JsonNode *nodes = _hp_tree_member (data, "nodes");
  JsonObject *object;

  if (nodes == NULL)
    return _hp_tree_fail (&p->r, HP_FORMAT_ERROR_MISSING, nodes_path,
                          _("missing, expected an object of node states"));
  if (!JSON_NODE_HOLDS_OBJECT (nodes))
    return _hp_tree_wrong_type (&p->r, nodes_path, N_("an object of node states"), nodes);
  object = json_node_get_object (nodes);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *node_path = g_strdup_printf ("%s[\"%s\"]", nodes_path, (const char *) l->data);

      if (!parse_node_state (p, prompt_id, l->data, json_object_get_member (object, l->data), node_path))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_data (Parse      *p,
            const char *type,
            JsonObject *data,
            const char *path)
{
  g_autofree char *prompt_id = NULL;
  g_autofree char *node_id = NULL;
  g_autofree char *display = NULL;
  g_auto(GStrv) ids = NULL;
  HpRunEvent *event;
  gint64 server_us;

  if (strcmp (type, "status") == 0)
    return parse_status (p, data, path);

  if (!get_id (p, data, path, "prompt_id", FALSE, &prompt_id) ||
      !_hp_tree_get_time (&p->r, data, path, "timestamp", 1000.0, &server_us))
    return FALSE;

  if (strcmp (type, "execution_start") == 0)
    add_event (p, HP_RUN_EVENT_RUN_STARTED, prompt_id, server_us);
  else if (strcmp (type, "execution_cached") == 0)
    {
      if (!get_id_list (p, data, path, "nodes", TRUE, &ids))
        return FALSE;
      add_event (p, HP_RUN_EVENT_NODES_CACHED, prompt_id, server_us)->node_ids = g_steal_pointer (&ids);
    }
  else if (strcmp (type, "executing") == 0 || strcmp (type, "executed") == 0)
    {
      gboolean executing = strcmp (type, "executing") == 0;

      if (!json_object_has_member (data, "node"))
        {
          g_autofree char *node_path = g_strdup_printf ("%s.node", path);

          return _hp_tree_fail (&p->r, HP_FORMAT_ERROR_MISSING, node_path,
                              executing ? _("missing, expected a node id (or null at the end of the prompt)")
                                        : _("missing, expected a node id"));
        }
      if (!get_id (p, data, path, "node", !executing, &node_id) ||
          !get_id (p, data, path, "display_node", FALSE, &display))
        return FALSE;
      if (executing && node_id == NULL)
        add_event (p, HP_RUN_EVENT_RUN_ENDED, prompt_id, server_us);
      else
        {
          event = add_event (p, executing ? HP_RUN_EVENT_NODE_STARTED : HP_RUN_EVENT_NODE_OUTPUT,
                             prompt_id, server_us);
          event->node_id = g_steal_pointer (&node_id);
          event->display_node_id = g_steal_pointer (&display);
        }
    }
  else if (strcmp (type, "progress") == 0)
    {
      double value, max;

      if (!get_amount (p, data, path, "value", TRUE, &value) ||
          !get_amount (p, data, path, "max", TRUE, &max) ||
          !get_id (p, data, path, "node", FALSE, &node_id))
        return FALSE;
      event = add_event (p, HP_RUN_EVENT_NODE_PROGRESS, prompt_id, server_us);
      event->node_id = g_steal_pointer (&node_id);
      event->value = value;
      event->max = max;
    }
  else if (strcmp (type, "progress_state") == 0)
    return parse_progress_state (p, data, path, prompt_id);
  else if (strcmp (type, "execution_success") == 0)
    add_event (p, HP_RUN_EVENT_RUN_FINISHED, prompt_id, server_us);
  else if (strcmp (type, "execution_error") == 0 || strcmp (type, "execution_interrupted") == 0)
    {
      gboolean failed = type[10] == 'e';
      const char *message = NULL, *exception_type = NULL;

      if (!get_id (p, data, path, "node_id", FALSE, &node_id) ||
          !get_id_list (p, data, path, "executed", FALSE, &ids) ||
          !_hp_tree_get_string (&p->r, data, path, "exception_message", &message) ||
          !_hp_tree_get_string (&p->r, data, path, "exception_type", &exception_type))
        return FALSE;
      event = add_event (p, failed ? HP_RUN_EVENT_NODE_FAILED : HP_RUN_EVENT_RUN_INTERRUPTED,
                         prompt_id, server_us);
      event->node_id = g_steal_pointer (&node_id);
      event->node_ids = g_steal_pointer (&ids);
      event->error_message = g_strdup (message);
      event->error_type = g_strdup (exception_type);
    }
  /* Other types (feature_flags, logs, notification, …) say nothing
   * about runs. */
  return TRUE;
}

GPtrArray *
_hp_comfy_message_parse_at (JsonNode    *message,
                            gint64       received_us,
                            const char  *source,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) hp_run_event_free);
  g_autofree char *type_path = NULL;
  g_autofree char *data_path = NULL;
  Parse p = { { source, error }, received_us, events };
  JsonObject *object;
  JsonNode *type, *data;
  static const char * const known[] = {
    "status", "execution_start", "execution_cached", "executing", "executed", "progress",
    "progress_state", "execution_success", "execution_error", "execution_interrupted",
  };
  gboolean is_known = FALSE;

  if (message == NULL || !JSON_NODE_HOLDS_OBJECT (message))
    {
      _hp_tree_wrong_type (&p.r, path, N_("a ComfyUI message {\"type\", \"data\"}"), message);
      return NULL;
    }
  object = json_node_get_object (message);
  type = _hp_tree_member (object, "type");
  /* Paths for error messages; "$.data" is passed on as the parent. */
  data_path = g_strconcat (path, ".data", NULL);
  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) || json_node_get_value_type (type) != G_TYPE_STRING)
    type_path = g_strconcat (path, ".type", NULL);
  if (type == NULL)
    {
      _hp_tree_fail (&p.r, HP_FORMAT_ERROR_MISSING, type_path, _("missing, expected the message type (a string)"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (type) || json_node_get_value_type (type) != G_TYPE_STRING)
    {
      _hp_tree_wrong_type (&p.r, type_path, N_("the message type (a string)"), type);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    is_known |= strcmp (json_node_get_string (type), known[i]) == 0;
  if (!is_known)
    return g_steal_pointer (&events);

  data = _hp_tree_member (object, "data");
  if (data == NULL)
    {
      _hp_tree_fail (&p.r, HP_FORMAT_ERROR_MISSING, data_path, _("missing, expected the message data (an object)"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (data))
    {
      _hp_tree_wrong_type (&p.r, data_path, N_("an object (the message data)"), data);
      return NULL;
    }
  if (!parse_data (&p, json_node_get_string (type), json_node_get_object (data), data_path))
    return NULL;
  return g_steal_pointer (&events);
}

/**
 * hp_comfy_message_parse:
 * @message: a parsed websocket text message
 * @received_us: when it arrived, µs since the epoch (local clock)
 *
 * Returns: (transfer full) (element-type HpRunEvent) (nullable): the
 *   events (empty for message types that say nothing about runs), or
 *   %NULL with @error set (%HP_FORMAT_ERROR, naming the JSON path)
 */
GPtrArray *
hp_comfy_message_parse (JsonNode  *message,
                        gint64     received_us,
                        GError   **error)
{
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _hp_comfy_message_parse_at (message, received_us, MESSAGE_SOURCE, "$", error);
}

/**
 * hp_comfy_message_parse_text:
 * @text: a websocket text frame
 * @length: its length, or -1 when nul-terminated
 *
 * Like hp_comfy_message_parse(), from the text; text that is not JSON
 * is %HP_FORMAT_ERROR_SYNTAX.
 */
GPtrArray *
hp_comfy_message_parse_text (const char  *text,
                             gssize       length,
                             gint64       received_us,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_hp_json_load_data (parser, text, length, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      /* Translators: %s is json-glib's message */
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                   _("ComfyUI message: not well-formed JSON: %s"),
                   local_error != NULL ? local_error->message : _("it is empty"));
      return NULL;
    }
  return hp_comfy_message_parse (json_parser_get_root (parser), received_us, error);
}

static gboolean
get_bytes (const HpTreeReader *r,
           JsonObject         *object,
           const char         *parent,
           const char         *name,
           double             *value,
           gboolean           *present)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

  if (!_hp_tree_get_number (r, object, parent, name, value, present))
    return FALSE;
  if (*present && (*value < 0 || *value > 1e18))
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          _("%g bytes is out of range, expected 0 to 1e18"), *value);
  return TRUE;
}

/* total − free of two members, -1 when either is missing. */
static gboolean
get_used (const HpTreeReader *r,
          JsonObject         *object,
          const char         *parent,
          const char         *total_name,
          const char         *free_name,
          gint64             *used)
{
  double total, free_bytes;
  gboolean has_total, has_free;

  *used = -1;
  if (!get_bytes (r, object, parent, total_name, &total, &has_total) ||
      !get_bytes (r, object, parent, free_name, &free_bytes, &has_free))
    return FALSE;
  if (has_total && has_free)
    *used = (gint64) MAX (total - free_bytes, 0);
  return TRUE;
}

HpRunEvent *
_hp_comfy_system_stats_parse_at (JsonNode    *stats,
                                 gint64       received_us,
                                 const char  *source,
                                 const char  *path,
                                 GError     **error)
{
  g_autoptr(HpRunEvent) event = hp_run_event_new (HP_RUN_EVENT_SYSTEM_STATS, NULL, received_us);
  g_autofree char *system_path = g_strdup_printf ("%s.system", path);
  g_autofree char *devices_path = g_strdup_printf ("%s.devices", path);
  g_autofree char *device_path = g_strdup_printf ("%s.devices[0]", path);
  HpTreeReader r = { source, error };
  JsonNode *system, *devices;
  JsonObject *object;

  if (stats == NULL || !JSON_NODE_HOLDS_OBJECT (stats))
    {
      _hp_tree_wrong_type (&r, path, N_("an object {system, devices} (GET /system_stats)"), stats);
      return NULL;
    }
  object = json_node_get_object (stats);

  system = _hp_tree_member (object, "system");
  if (system != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (system))
        {
          _hp_tree_wrong_type (&r, system_path, N_("an object {ram_total, ram_free, …}"), system);
          return NULL;
        }
      if (!get_used (&r, json_node_get_object (system), system_path, "ram_total", "ram_free", &event->ram_used))
        return NULL;
    }

  devices = _hp_tree_member (object, "devices");
  if (devices != NULL)
    {
      JsonNode *device;

      if (!JSON_NODE_HOLDS_ARRAY (devices))
        {
          _hp_tree_wrong_type (&r, devices_path, N_("an array of devices"), devices);
          return NULL;
        }
      if (json_array_get_length (json_node_get_array (devices)) > 0)
        {
          device = json_array_get_element (json_node_get_array (devices), 0);
          if (!JSON_NODE_HOLDS_OBJECT (device))
            {
              _hp_tree_wrong_type (&r, device_path, N_("an object {vram_total, vram_free, …}"), device);
              return NULL;
            }
          if (!get_used (&r, json_node_get_object (device), device_path, "vram_total", "vram_free",
                         &event->vram_used))
            return NULL;
        }
    }
  return g_steal_pointer (&event);
}

/**
 * hp_comfy_system_stats_parse:
 * @stats: the body of GET /system_stats
 * @received_us: when it arrived (local clock)
 *
 * Returns: (transfer full) (nullable): a SYSTEM_STATS event, or %NULL
 *   with @error set (%HP_FORMAT_ERROR, naming the JSON path)
 */
HpRunEvent *
hp_comfy_system_stats_parse (JsonNode  *stats,
                             gint64     received_us,
                             GError   **error)
{
  g_return_val_if_fail (stats != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _hp_comfy_system_stats_parse_at (stats, received_us, STATS_SOURCE, "$", error);
}
