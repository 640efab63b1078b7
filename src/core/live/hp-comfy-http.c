/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfy-http.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hp-comfy-prompt.h"
#include "hp-json-tree.h"

/* Longest piece of a server's error details quoted in a message. */
#define MAX_DETAILS_CHARS 300

typedef struct {
  SoupMessage    *message;
  HpComfyAddress *address;
  char           *method;
  char           *path;
  gboolean        sent_credentials;
} Request;

typedef struct {
  JsonNode *body;
  JsonNode *error_body;
  GError   *error;
  guint     status;
} Reply;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->message);
  hp_comfy_address_free (request->address);
  g_free (request->method);
  g_free (request->path);
  g_free (request);
}

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_clear_pointer (&reply->body, json_node_unref);
  g_clear_pointer (&reply->error_body, json_node_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

char *
_hp_comfy_transport_reason (const GError *error)
{
  const char *colon;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_strdup (_("Connection refused"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (_("No answer (timed out)"));
  /* GIO says "Could not connect to HOST: REASON" and "Error resolving
   * “HOST”: REASON"; our sentence names the server already. */
  colon = strrchr (error->message, ':');
  if ((error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
      && colon != NULL && colon[1] == ' ' && colon[2] != '\0')
    return g_strdup (colon + 2);
  return g_strdup (error->message);
}

GError *
_hp_comfy_unreachable_error (const HpComfyAddress *address,
                             const GError         *error)
{
  g_autofree char *reason = NULL;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  reason = _hp_comfy_transport_reason (error);
  return g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_UNREACHABLE,
                      _("Could not reach the ComfyUI server at %s: %s"),
                      hp_comfy_address_get_http_uri (address), reason);
}

GError *
_hp_comfy_status_error (const HpComfyAddress *address,
                        const char           *method,
                        const char           *path,
                        guint                 status,
                        gboolean              sent_credentials)
{
  const char *phrase = soup_status_get_phrase (status);
  const char *uri = hp_comfy_address_get_http_uri (address);

  if (phrase == NULL)
    phrase = "";

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      if (sent_credentials)
        return g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_AUTH,
                            _("The ComfyUI server at %s refused the token (HTTP %u %s): check it"),
                            uri, status, phrase);
      return g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_AUTH,
                          _("The ComfyUI server at %s needs a login (HTTP %u %s): give a token"),
                          uri, status, phrase);
    }
  if (status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_COMFYUI,
                        _("The server at %s has no %s (HTTP 404): is it a ComfyUI server?"),
                        uri, path);
  return g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_HTTP,
                      _("The ComfyUI server at %s answered %s %s with HTTP %u %s"),
                      uri, method, path, status, phrase);
}

/* "message: details", details cut to a readable length. */
static void
append_message (GString    *out,
                JsonObject *error)
{
  const char *message = hp_comfy_json_get_string (error, "message");
  const char *details = hp_comfy_json_get_string (error, "details");

  if (message == NULL || *message == '\0')
    message = hp_comfy_json_get_string (error, "type");
  if (message == NULL || *message == '\0')
    message = _("invalid");
  g_string_append (out, message);
  if (details != NULL && *details != '\0')
    {
      g_string_append (out, ": ");
      if (g_utf8_strlen (details, -1) > MAX_DETAILS_CHARS)
        {
          const char *end = g_utf8_offset_to_pointer (details, MAX_DETAILS_CHARS);
          g_string_append_len (out, details, end - details);
          g_string_append (out, "…");
        }
      else
        g_string_append (out, details);
    }
}

/* Node ids "3" < "10" < "12:5" < "a": numbers by value, then text. */
static int
compare_node_ids (gconstpointer a,
                  gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  char *end_x;
  char *end_y;
  guint64 nx = g_ascii_strtoull (x, &end_x, 10);
  guint64 ny = g_ascii_strtoull (y, &end_y, 10);
  gboolean num_x = end_x != x;
  gboolean num_y = end_y != y;

  if (num_x && num_y && nx != ny)
    return nx < ny ? -1 : 1;
  if (num_x != num_y)
    return num_x ? -1 : 1;
  return strcmp (x, y);
}

GError *
_hp_comfy_prompt_rejected_error (JsonNode *body)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  JsonObject *root = NULL;
  JsonObject *error;
  JsonObject *node_errors;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    root = json_node_get_object (body);
  error = hp_comfy_json_get_object (root, "error");
  node_errors = hp_comfy_json_get_object (root, "node_errors");

  if (error == NULL && (node_errors == NULL || json_object_get_size (node_errors) == 0))
    return g_error_new_literal (HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED,
                                _("The server rejected the prompt (HTTP 400) without saying why"));

  g_string_append (text, _("The server rejected the prompt"));
  if (error != NULL)
    {
      g_string_append (text, ": ");
      append_message (text, error);
    }

  if (node_errors != NULL)
    {
      JsonObjectIter iter;
      const char *id;
      JsonNode *member;

      json_object_iter_init (&iter, node_errors);
      while (json_object_iter_next (&iter, &id, &member))
        g_ptr_array_add (ids, (gpointer) id);
      g_ptr_array_sort (ids, compare_node_ids);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      JsonObject *entry = hp_comfy_json_get_object (node_errors, id);
      const char *class_type = hp_comfy_json_get_string (entry, "class_type");
      JsonNode *list = entry != NULL ? json_object_get_member (entry, "errors") : NULL;
      guint written = 0;

      g_string_append (text, ". ");
      if (class_type != NULL)
        g_string_append_printf (text, _("Node %s (%s)"), id, class_type);
      else
        g_string_append_printf (text, _("Node %s"), id);
      g_string_append (text, ": ");
      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        {
          JsonArray *array = json_node_get_array (list);

          for (guint k = 0; k < json_array_get_length (array); k++)
            {
              JsonNode *e = json_array_get_element (array, k);

              if (!JSON_NODE_HOLDS_OBJECT (e))
                continue;
              if (written++ > 0)
                g_string_append (text, "; ");
              append_message (text, json_node_get_object (e));
            }
        }
      if (written == 0)
        g_string_append (text, _("invalid"));
    }

  return g_error_new_literal (HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED, text->str);
}

static JsonNode *
parse_body (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  if (data == NULL || size == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           _("empty body"));
      return NULL;
    }
  if (!_hp_json_load_data (parser, data, (gssize) size, error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  Reply *reply = g_new0 (Reply, 1);

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      reply->error = _hp_comfy_unreachable_error (request->address, error);
      g_task_return_pointer (task, reply, reply_free);
      return;
    }

  reply->status = soup_message_get_status (request->message);
  node = parse_body (bytes, &error);
  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    {
      reply->error_body = g_steal_pointer (&node);
      reply->error = _hp_comfy_status_error (request->address, request->method, request->path,
                                             reply->status, request->sent_credentials);
    }
  else if (node == NULL)
    {
      reply->error = g_error_new (HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_COMFYUI,
                                  _("The server at %s answered %s %s with something that is not JSON (%s): is it a ComfyUI server?"),
                                  hp_comfy_address_get_http_uri (request->address),
                                  request->method, request->path, error->message);
    }
  else
    reply->body = g_steal_pointer (&node);

  g_task_return_pointer (task, reply, reply_free);
}

void
_hp_comfy_http_request_async (SoupSession          *session,
                              const HpComfyAddress *address,
                              const char           *authorization,
                              const char           *method,
                              const char           *path_and_query,
                              JsonNode             *body,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;
  Request *request;
  SoupMessageHeaders *headers;

  g_assert (SOUP_IS_SESSION (session));
  g_assert (address != NULL);
  g_assert (method != NULL && path_and_query != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _hp_comfy_http_request_async);

  uri = hp_comfy_address_build_http_uri (address, path_and_query);
  request = g_new0 (Request, 1);
  request->message = soup_message_new (method, uri);
  request->address = hp_comfy_address_copy (address);
  request->method = g_strdup (method);
  request->path = g_strdup (path_and_query);
  request->sent_credentials = authorization != NULL;
  g_task_set_task_data (task, request, request_free);

  if (request->message == NULL)
    {
      /* Only a prompt id with characters we did not escape gets here. */
      g_task_return_new_error (task, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS,
                               _("Cannot build a request for %s"), path_and_query);
      return;
    }

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
    }

  soup_session_send_and_read_async (session, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_sent, g_steal_pointer (&task));
}

JsonNode *
_hp_comfy_http_request_finish (GAsyncResult  *result,
                               guint         *status,
                               JsonNode     **error_body,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  Reply *reply;
  JsonNode *body;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if (status != NULL)
    *status = 0;
  if (error_body != NULL)
    *error_body = NULL;

  reply = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (reply == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (status != NULL)
    *status = reply->status;
  if (reply->error != NULL)
    {
      if (error_body != NULL)
        *error_body = g_steal_pointer (&reply->error_body);
      g_propagate_error (error, g_steal_pointer (&reply->error));
      reply_free (reply);
      return NULL;
    }
  body = g_steal_pointer (&reply->body);
  reply_free (reply);
  return body;
}
