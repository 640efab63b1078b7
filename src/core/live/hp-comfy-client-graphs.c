/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpComfyClient: fetching the graph of each prompt seen, from /queue and
 * then /history, once per prompt id with one retry. */
#include "hp-comfy-client.h"

#include <glib/gi18n.h>

#include "hp-comfy-client-private.h"
#include "hp-comfy-http.h"
#include "hp-comfy-prompt.h"

/* ---- graphs of the prompts seen --------------------------------------- */

typedef struct {
  GWeakRef  self;
  char     *prompt_id;
  guint     attempt;        /* 0, then 1 for the one retry */
  GSource  *retry_source;
} GraphFetch;

static void fetch_graph (HpComfyClient *self,
                         GraphFetch    *fetch);

static void
graph_fetch_free (GraphFetch *fetch)
{
  g_weak_ref_clear (&fetch->self);
  g_free (fetch->prompt_id);
  g_free (fetch);
}

/* Emits "prompt" from a queue or history item; FALSE (and @error) when it
 * is malformed. */
static gboolean
emit_item (HpComfyClient *self,
           const char    *prompt_id,
           JsonNode      *item,
           const char    *where,
           GError       **error)
{
  const char *item_id = NULL;
  double number = 0;
  JsonNode *graph = NULL;
  JsonNode *workflow = NULL;

  if (!hp_comfy_queue_item_parse (item, where, &item_id, &number, &graph, &workflow, error))
    return FALSE;
  _hp_comfy_client_emit_prompt (self, prompt_id, number, graph, workflow,
                                hp_comfy_queue_item_get_create_time (item));
  return TRUE;
}

static gboolean
on_graph_retry (gpointer user_data)
{
  GraphFetch *old = user_data;   /* freed with the source */
  g_autoptr(HpComfyClient) self = g_weak_ref_get (&old->self);
  GraphFetch *fetch;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  fetch = g_new0 (GraphFetch, 1);
  g_weak_ref_init (&fetch->self, self);
  fetch->prompt_id = g_strdup (old->prompt_id);
  fetch->attempt = old->attempt;
  g_ptr_array_remove_fast (self->timers, old->retry_source);
  fetch_graph (self, fetch);
  return G_SOURCE_REMOVE;
}

static void
graph_fetch_failed (HpComfyClient *self,
                    GraphFetch    *fetch,
                    GError        *error)
{
  if (fetch->attempt == 0)
    {
      GSource *source;

      g_debug ("ComfyUI client %s: graph of %s: %s; trying again", self->address_text,
               fetch->prompt_id, error->message);
      fetch->attempt++;
      source = _hp_comfy_client_add_timer (self, self->retry_delay_ms, on_graph_retry, fetch,
                                           (GDestroyNotify) graph_fetch_free);
      fetch->retry_source = source;
      g_ptr_array_add (self->timers, source);   /* the array owns the reference */
      return;
    }

  g_hash_table_insert (self->graphs, g_strdup (fetch->prompt_id),
                       GINT_TO_POINTER (HP_COMFY_GRAPH_FAILED));
  {
    g_autoptr(GError) gave_up = g_error_new (HP_COMFY_ERROR, error->code,
                                             _("Could not fetch the graph of prompt %s: %s"),
                                             fetch->prompt_id, error->message);
    _hp_comfy_client_emit_protocol_error (self, gave_up);
  }
  graph_fetch_free (fetch);
}

static void
on_history_fetched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GraphFetch *fetch = user_data;
  g_autoptr(HpComfyClient) self = g_weak_ref_get (&fetch->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) history = NULL;
  JsonNode *item;

  history = _hp_comfy_http_request_finish (result, NULL, NULL, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      graph_fetch_free (fetch);
      return;
    }
  if (history == NULL)
    {
      graph_fetch_failed (self, fetch, error);
      return;
    }

  item = hp_comfy_history_find_item (history, fetch->prompt_id);
  if (item == NULL)
    {
      g_set_error (&error, HP_COMFY_ERROR, HP_COMFY_ERROR_NOT_FOUND,
                   _("the server has it neither in its queue nor in its history"));
      graph_fetch_failed (self, fetch, error);
      return;
    }
  {
    g_autofree char *where = g_strdup_printf ("$[\"%s\"].prompt", fetch->prompt_id);

    if (!emit_item (self, fetch->prompt_id, item, where, &error))
      {
        graph_fetch_failed (self, fetch, error);
        return;
      }
  }
  graph_fetch_free (fetch);
}

static void
on_queue_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GraphFetch *fetch = user_data;
  g_autoptr(HpComfyClient) self = g_weak_ref_get (&fetch->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queue = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  JsonNode *item = NULL;

  queue = _hp_comfy_http_request_finish (result, NULL, NULL, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      graph_fetch_free (fetch);
      return;
    }
  if (queue != NULL)
    item = hp_comfy_queue_find_item (queue, fetch->prompt_id);
  if (item != NULL)
    {
      if (emit_item (self, fetch->prompt_id, item, "$.queue", &error))
        {
          graph_fetch_free (fetch);
          return;
        }
      g_debug ("ComfyUI client %s: %s", self->address_text, error->message);
    }
  else if (error != NULL)
    g_debug ("ComfyUI client %s: %s", self->address_text, error->message);

  /* Finished already (or /queue failed): the history has it. */
  escaped = g_uri_escape_string (fetch->prompt_id, NULL, FALSE);
  path = g_strconcat ("/history/", escaped, NULL);
  _hp_comfy_http_request_async (self->http_session, self->address, self->authorization,
                                "GET", path, NULL, self->cancellable,
                                on_history_fetched, fetch);
}

static void
fetch_graph (HpComfyClient *self,
             GraphFetch    *fetch)
{
  g_debug ("ComfyUI client %s: fetching the graph of %s", self->address_text, fetch->prompt_id);
  _hp_comfy_http_request_async (self->http_session, self->address, self->authorization,
                                "GET", "/queue", NULL, self->cancellable,
                                on_queue_fetched, fetch);
}

void
_hp_comfy_client_ensure_graph (HpComfyClient *self,
                               const char    *prompt_id)
{
  GraphFetch *fetch;

  g_assert (HP_IS_COMFY_CLIENT (self));
  g_assert (prompt_id != NULL);

  if (g_hash_table_contains (self->graphs, prompt_id) || self->address == NULL)
    return;
  if (self->posts_pending > 0)
    {
      /* Likely the prompt we are queuing: wait for the POST's answer. */
      g_hash_table_add (self->deferred, g_strdup (prompt_id));
      return;
    }

  g_hash_table_insert (self->graphs, g_strdup (prompt_id),
                       GINT_TO_POINTER (HP_COMFY_GRAPH_FETCHING));
  fetch = g_new0 (GraphFetch, 1);
  g_weak_ref_init (&fetch->self, self);
  fetch->prompt_id = g_strdup (prompt_id);
  fetch_graph (self, fetch);
}

void
_hp_comfy_client_flush_deferred (HpComfyClient *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  if (self->posts_pending > 0)
    return;
  g_hash_table_iter_init (&iter, self->deferred);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_ptr_array_add (ids, id);
      g_hash_table_iter_steal (&iter);
    }
  for (guint i = 0; i < ids->len; i++)
    _hp_comfy_client_ensure_graph (self, g_ptr_array_index (ids, i));
}
