/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpComfyClient: HTTP — system_stats sampling, queuing a prompt, the
 * history, interrupting (graph fetches: hp-comfy-client-graphs.c). */
#include "hp-comfy-client.h"

#include <glib/gi18n.h>

#include "hp-comfy-client-private.h"
#include "hp-comfy-http.h"
#include "hp-comfy-prompt.h"

typedef struct {
  GWeakRef self;
  guint    generation;
} PollData;

/* ---- system_stats sampling ------------------------------------------ */

static void
poll_data_free (gpointer data)
{
  PollData *poll = data;

  g_weak_ref_clear (&poll->self);
  g_free (poll);
}

static void
on_stats_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PollData *poll = user_data;
  g_autoptr(HpComfyClient) self = g_weak_ref_get (&poll->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stats = NULL;
  guint generation = poll->generation;

  poll_data_free (poll);
  stats = _hp_comfy_http_request_finish (result, NULL, NULL, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (generation != self->poll_generation)
    return;
  self->poll_in_flight = FALSE;
  /* A sample asked for before the prompt ended is stale once it has. */
  if (self->polling_prompt == NULL)
    return;
  if (stats == NULL)
    {
      /* Sampling is best effort; the run is recorded without it. */
      g_debug ("ComfyUI client %s: %s", self->address_text, error->message);
      return;
    }
  g_signal_emit (self, _hp_comfy_client_signals[HP_COMFY_CLIENT_SIGNAL_SYSTEM_STATS], 0, stats, _hp_comfy_client_now (self));
}

static gboolean
poll_tick (gpointer user_data)
{
  HpComfyClient *self = user_data;
  PollData *poll;

  if (self->poll_in_flight || self->address == NULL)
    return G_SOURCE_CONTINUE;
  self->poll_in_flight = TRUE;
  poll = g_new0 (PollData, 1);
  g_weak_ref_init (&poll->self, self);
  poll->generation = self->poll_generation;
  _hp_comfy_http_request_async (self->http_session, self->address, self->authorization,
                                "GET", "/system_stats", NULL, self->cancellable,
                                on_stats_fetched, poll);
  return G_SOURCE_CONTINUE;
}

void
_hp_comfy_client_restart_poll_timer (HpComfyClient *self)
{
  _hp_comfy_clear_source (&self->poll_source);
  if (self->polling_prompt == NULL || self->poll_interval_ms == 0)
    return;
  self->poll_source = _hp_comfy_client_add_timer (self, self->poll_interval_ms,
                                                  poll_tick, self, NULL);
}

void
_hp_comfy_client_start_polling (HpComfyClient *self,
                                const char    *prompt_id)
{
  if (g_strcmp0 (self->polling_prompt, prompt_id) == 0)
    return;
  g_free (self->polling_prompt);
  self->polling_prompt = g_strdup (prompt_id);
  self->poll_generation++;
  self->poll_in_flight = FALSE;
  _hp_comfy_client_restart_poll_timer (self);
  if (self->poll_interval_ms > 0)
    poll_tick (self);   /* a first sample at the start of the prompt */
}

void
_hp_comfy_client_stop_polling (HpComfyClient *self)
{
  g_clear_pointer (&self->polling_prompt, g_free);
  self->poll_generation++;
  self->poll_in_flight = FALSE;
  _hp_comfy_clear_source (&self->poll_source);
}

/* ---- queuing a prompt ------------------------------------------------------ */

typedef struct {
  JsonNode *prompt;
  JsonNode *workflow;
  double    number;
} QueueData;

static void
queue_data_free (QueueData *data)
{
  g_clear_pointer (&data->prompt, json_node_unref);
  g_clear_pointer (&data->workflow, json_node_unref);
  g_free (data);
}

static void
on_prompt_posted (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HpComfyClient *self = g_task_get_source_object (task);
  QueueData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  JsonObject *object;
  JsonNode *number;
  const char *prompt_id;
  guint status = 0;

  g_assert (self->posts_pending > 0);
  self->posts_pending--;

  reply = _hp_comfy_http_request_finish (result, &status, &error_body, &error);
  if (reply == NULL)
    {
      if (status == SOUP_STATUS_BAD_REQUEST)
        {
          g_clear_error (&error);
          error = _hp_comfy_prompt_rejected_error (error_body);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      _hp_comfy_client_flush_deferred (self);
      return;
    }

  object = JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  prompt_id = hp_comfy_json_get_string (object, "prompt_id");
  if (prompt_id == NULL || *prompt_id == '\0')
    {
      g_task_return_new_error (task, HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_COMFYUI,
                               _("The server at %s accepted the prompt but sent no prompt_id: is it a ComfyUI server?"),
                               hp_comfy_address_get_http_uri (self->address));
      _hp_comfy_client_flush_deferred (self);
      return;
    }
  number = json_object_get_member (object, "number");
  if (number != NULL && JSON_NODE_HOLDS_VALUE (number)
      && (json_node_get_value_type (number) == G_TYPE_INT64
          || json_node_get_value_type (number) == G_TYPE_DOUBLE))
    data->number = json_node_get_double (number);

  /* The server sets create_time; the reply does not say it. */
  _hp_comfy_client_emit_prompt (self, prompt_id, data->number, data->prompt, data->workflow,
                                G_MININT64);
  g_task_return_pointer (task, g_strdup (prompt_id), g_free);
  _hp_comfy_client_flush_deferred (self);
}

/**
 * hp_comfy_client_queue_prompt_async:
 * @api_prompt: an API-format prompt ({node_id: {class_type, inputs}})
 * @workflow: (nullable): its editor workflow, kept in the history for positions
 *
 * "Run and profile": queues @api_prompt under this client's id so its
 * node events come to this client's socket.
 */
void
hp_comfy_client_queue_prompt_async (HpComfyClient       *self,
                                    JsonNode            *api_prompt,
                                    JsonNode            *workflow,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *prompt_id = NULL;
  QueueData *data;

  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  g_return_if_fail (api_prompt != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hp_comfy_client_queue_prompt_async);

  if (self->address == NULL)
    {
      g_task_return_error (task, g_error_copy (self->address_error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (api_prompt))
    {
      g_task_return_new_error (task, HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED,
                               _("Not an API-format prompt: expected an object of nodes"));
      return;
    }

  data = g_new0 (QueueData, 1);
  data->prompt = json_node_ref (api_prompt);
  if (workflow != NULL && JSON_NODE_HOLDS_OBJECT (workflow))
    data->workflow = json_node_ref (workflow);
  g_task_set_task_data (task, data, (GDestroyNotify) queue_data_free);

  /* Our own prompt id (newer servers take it) lets a message racing the
   * POST's answer be recognised as this prompt. */
  prompt_id = g_uuid_string_random ();
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_value (builder, json_node_ref (api_prompt));
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, self->client_id);
  json_builder_set_member_name (builder, "prompt_id");
  json_builder_add_string_value (builder, prompt_id);
  if (data->workflow != NULL)
    {
      json_builder_set_member_name (builder, "extra_data");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "extra_pnginfo");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "workflow");
      json_builder_add_value (builder, json_node_ref (data->workflow));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  self->posts_pending++;
  _hp_comfy_http_request_async (self->http_session, self->address, self->authorization,
                                "POST", "/prompt", body, cancellable,
                                on_prompt_posted, g_steal_pointer (&task));
}

char *
hp_comfy_client_queue_prompt_finish (HpComfyClient  *self,
                                     GAsyncResult   *result,
                                     double         *number,
                                     GError        **error)
{
  char *prompt_id;

  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  prompt_id = g_task_propagate_pointer (G_TASK (result), error);
  if (number != NULL)
    {
      QueueData *data = g_task_get_task_data (G_TASK (result));
      *number = prompt_id != NULL ? data->number : 0;
    }
  return prompt_id;
}

/* ---- the history ------------------------------------------------------ */

typedef struct {
  char *prompt_id;   /* NULL for the whole history */
} HistoryData;

static void
history_data_free (HistoryData *data)
{
  g_free (data->prompt_id);
  g_free (data);
}

static void
on_history_answer (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HpComfyClient *self = g_task_get_source_object (task);
  HistoryData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) history = NULL;

  history = _hp_comfy_http_request_finish (result, NULL, NULL, &error);
  if (history == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (history))
    {
      g_task_return_new_error (task, HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_COMFYUI,
                               _("The server at %s sent a history that is not a JSON object: is it a ComfyUI server?"),
                               hp_comfy_address_get_http_uri (self->address));
      return;
    }
  if (data->prompt_id != NULL
      && hp_comfy_json_get_object (json_node_get_object (history), data->prompt_id) == NULL)
    {
      g_task_return_new_error (task, HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_FOUND,
                               _("The ComfyUI server at %s has no history entry for prompt %s (still queued or running, or removed)"),
                               hp_comfy_address_get_http_uri (self->address), data->prompt_id);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&history), (GDestroyNotify) json_node_unref);
}

static void
fetch_history (HpComfyClient       *self,
               const char          *prompt_id,
               guint                max_items,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *path = NULL;
  HistoryData *data;

  g_task_set_source_tag (task, source_tag);
  if (self->address == NULL)
    {
      g_task_return_error (task, g_error_copy (self->address_error));
      return;
    }

  data = g_new0 (HistoryData, 1);
  data->prompt_id = g_strdup (prompt_id);
  g_task_set_task_data (task, data, (GDestroyNotify) history_data_free);
  if (prompt_id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (prompt_id, NULL, FALSE);
      path = g_strconcat ("/history/", escaped, NULL);
    }
  else if (max_items > 0)
    path = g_strdup_printf ("/history?max_items=%u", max_items);
  else
    path = g_strdup ("/history");

  _hp_comfy_http_request_async (self->http_session, self->address, self->authorization,
                                "GET", path, NULL, cancellable,
                                on_history_answer, g_steal_pointer (&task));
}

/**
 * hp_comfy_client_fetch_history_async:
 * @max_items: how many entries at most (the newest); 0 for all
 *
 * For picking a workflow to run from what the server ran before: entries
 * carry the API prompt and, usually, the editor workflow.
 */
void
hp_comfy_client_fetch_history_async (HpComfyClient       *self,
                                     guint                max_items,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  fetch_history (self, NULL, max_items, hp_comfy_client_fetch_history_async,
                 cancellable, callback, user_data);
}

JsonNode *
hp_comfy_client_fetch_history_finish (HpComfyClient  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hp_comfy_client_fetch_history_entry_async (HpComfyClient       *self,
                                           const char          *prompt_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  g_return_if_fail (prompt_id != NULL && *prompt_id != '\0');
  fetch_history (self, prompt_id, 0, hp_comfy_client_fetch_history_entry_async,
                 cancellable, callback, user_data);
}

JsonNode *
hp_comfy_client_fetch_history_entry_finish (HpComfyClient  *self,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- interrupting ------------------------------------------------------ */

static void
on_interrupt_answer (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  /* ComfyUI answers 200 with an empty body, which is not JSON. */
  answer = _hp_comfy_http_request_finish (result, &status, NULL, &error);
  if (status >= 200 && status < 300)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * hp_comfy_client_interrupt_async:
 * @prompt_id: (nullable): the prompt to stop, for servers that take one
 *
 * Cancelling "run and profile": asks the server to stop the prompt it
 * runs now.
 */
void
hp_comfy_client_interrupt_async (HpComfyClient       *self,
                                 const char          *prompt_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  g_return_if_fail (HP_IS_COMFY_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hp_comfy_client_interrupt_async);
  if (self->address == NULL)
    {
      g_task_return_error (task, g_error_copy (self->address_error));
      return;
    }

  object = json_object_new ();
  if (prompt_id != NULL)
    json_object_set_string_member (object, "prompt_id", prompt_id);
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  _hp_comfy_http_request_async (self->http_session, self->address, self->authorization,
                                "POST", "/interrupt", body, cancellable,
                                on_interrupt_answer, g_steal_pointer (&task));
}

gboolean
hp_comfy_client_interrupt_finish (HpComfyClient  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (HP_IS_COMFY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
