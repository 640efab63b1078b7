/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-replay-server-private.h"

#include <math.h>
#include <string.h>

#include "hp-replay-json.h"

/* The queue of prompts and the timing of their messages. */

static gboolean on_timeout (gpointer data);

void
_hp_replay_job_free (gpointer data)
{
  HpReplayJob *job = data;

  g_free (job->prompt_id);
  g_free (job->client_id);
  json_node_unref (job->queue_item);
  g_free (job);
}

guint
_hp_replay_queue_remaining (HpReplayServer *self)
{
  return g_queue_get_length (&self->pending) + (self->current != NULL);
}

/* ---- sending ---------------------------------------------------------- */

static void
send_node (HpReplayServer *self,
           const char     *client_id,
           JsonNode       *message)
{
  g_autofree char *text = _hp_replay_to_string (message);

  for (guint i = 0; i < self->clients->len; i++)
    {
      HpReplayClient *client = g_ptr_array_index (self->clients, i);

      if (client_id != NULL && g_strcmp0 (client->client_id, client_id) != 0)
        continue;
      if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (client->connection, text);
    }
}

void
_hp_replay_schedule (HpReplayServer *self,
                     gint64          delay_us)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add ((guint) ((MAX (delay_us, 0) + 999) / 1000), on_timeout, self);
}

/* The wait before an item, after the one before it was sent. */
static gint64
scaled_us (HpReplayServer *self,
           double          gap_ms)
{
  if (self->speed <= 0 || gap_ms <= 0)
    return 0;
  return (gint64) ceil (gap_ms * 1000.0 / self->speed);
}

static void
send_item (HpReplayServer     *self,
           const HpReplayItem *item)
{
  HpReplayJob *job = self->current;
  g_autoptr(JsonNode) message = NULL;
  JsonNode *data;

  if (item->kind == HP_REPLAY_ITEM_SYSTEM_STATS)
    {
      g_clear_pointer (&self->stats, json_node_unref);
      self->stats = json_node_ref (item->node);
      return;
    }

  message = _hp_replay_rewrite_message (item->node, job->prompt_id, self->ts_anchor_ms,
                                       self->ts_base_ms, self->ts_scale);
  send_node (self, job->client_id, message);

  /* What GET /history keeps: the timestamped events and the UI outputs */
  data = json_object_get_member (json_node_get_object (message), "data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  if (g_str_has_prefix (item->type, "execution_"))
    {
      JsonArray *pair = json_array_new ();

      json_array_add_string_element (pair, item->type);
      json_array_add_element (pair, json_node_copy (data));
      json_array_add_array_element (self->messages, pair);
      self->failed |= strcmp (item->type, "execution_error") == 0 ||
                      strcmp (item->type, "execution_interrupted") == 0;
    }
  else if (strcmp (item->type, "executed") == 0)
    {
      JsonObject *object = json_node_get_object (data);
      JsonNode *output = json_object_get_member (object, "output");
      const char *node = json_object_get_string_member_with_default (object, "node", NULL);

      if (node != NULL && output != NULL && JSON_NODE_HOLDS_OBJECT (output))
        json_object_set_member (self->outputs, node, json_node_copy (output));
    }
}

/* ---- the queue -------------------------------------------------------- */

/* The first timestamped message of @prompt: its timestamp (server clock)
 * and its item. FALSE when no message has a timestamp. */
static gboolean
prompt_anchor (const HpReplayPrompt *prompt,
               double               *timestamp_ms,
               const HpReplayItem  **anchor)
{
  for (guint i = 0; i < prompt->items->len; i++)
    {
      const HpReplayItem *item = g_ptr_array_index (prompt->items, i);

      if (item->kind == HP_REPLAY_ITEM_MESSAGE && _hp_replay_message_timestamp (item->node, timestamp_ms))
        {
          *anchor = item;
          return TRUE;
        }
    }
  return FALSE;
}

/* The log's server clock minus its receive clock for @prompt, in ms (0
 * when it has no timestamps): kept in what the replay says. */
static double
prompt_clock_offset_ms (const HpReplayPrompt *prompt)
{
  const HpReplayItem *anchor;
  double timestamp;

  return prompt_anchor (prompt, &timestamp, &anchor) ? timestamp - anchor->received_ms : 0;
}

static char *
unique_id (HpReplayServer *self,
           guint           index)
{
  const HpReplayPrompt *prompt = hp_replay_log_get_prompt (self->log, index);
  g_autofree char *base = prompt->prompt_id != NULL ? g_strdup (prompt->prompt_id)
                                                    : g_strdup_printf ("replay-prompt-%u", index + 1);
  char *id = g_strdup (base);

  for (guint pass = 2; g_hash_table_contains (self->used_ids, id); pass++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, pass);
    }
  return id;
}

HpReplayJob *
_hp_replay_job_new (HpReplayServer *self,
                    guint           index,
                    const char     *prompt_id,
                    const char     *client_id,
                    JsonNode       *posted_graph,
                    JsonObject     *posted_extra)
{
  const HpReplayPrompt *prompt = hp_replay_log_get_prompt (self->log, index);
  HpReplayJob *job = g_new0 (HpReplayJob, 1);
  JsonObject *extra = json_object_new ();
  JsonArray *item = json_array_new ();
  JsonNode *graph = prompt->graph != NULL ? prompt->graph : posted_graph;

  job->prompt_id = prompt_id != NULL ? g_strdup (prompt_id) : unique_id (self, index);
  job->number = self->next_number++;
  job->index = index;
  job->client_id = g_strdup (client_id);
  g_hash_table_add (self->used_ids, g_strdup (job->prompt_id));

  if (posted_extra != NULL)
    {
      GList *names = json_object_get_members (posted_extra);

      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (extra, l->data, json_node_copy (json_object_get_member (posted_extra, l->data)));
      g_list_free (names);
    }
  if (client_id != NULL)
    json_object_set_string_member (extra, "client_id", client_id);
  /* On the log's server clock, like the timestamps (start_job()) */
  json_object_set_int_member (extra, "create_time",
                              g_get_real_time () / 1000 + llround (prompt_clock_offset_ms (prompt)));
  if (prompt->workflow != NULL && !json_object_has_member (extra, "extra_pnginfo"))
    {
      JsonObject *pnginfo = json_object_new ();

      json_object_set_member (pnginfo, "workflow", json_node_copy (prompt->workflow));
      json_object_set_object_member (extra, "extra_pnginfo", pnginfo);
    }

  json_array_add_int_element (item, job->number);
  json_array_add_string_element (item, job->prompt_id);
  if (graph != NULL)
    json_array_add_element (item, json_node_copy (graph));
  else
    json_array_add_object_element (item, json_object_new ());
  json_array_add_object_element (item, extra);
  json_array_add_element (item, _hp_replay_output_nodes (graph));
  job->queue_item = json_node_init_array (json_node_alloc (), item);
  json_array_unref (item);
  return job;
}

void
_hp_replay_enqueue (HpReplayServer *self,
                    HpReplayJob    *job)
{
  g_queue_push_tail (&self->pending, job);
  if (self->current == NULL)
    _hp_replay_schedule (self, 0);
}

static void
start_job (HpReplayServer *self,
           HpReplayJob    *job)
{
  const HpReplayPrompt *prompt = hp_replay_log_get_prompt (self->log, job->index);
  const HpReplayItem *anchor = NULL;
  double anchor_ms = 0;
  gint64 now_ms = g_get_real_time () / 1000;

  self->current = job;
  self->item = 0;
  self->last_sent_us = g_get_monotonic_time ();
  /* The anchor message is sent at now + its offset / speed; its
   * timestamp keeps the log's clock offset there, and the gaps to the
   * others shrink like the sending (speed 0: all collapse onto it). */
  self->ts_scale = self->speed > 0 ? 1.0 / self->speed : 0.0;
  if (prompt_anchor (prompt, &anchor_ms, &anchor))
    {
      self->ts_anchor_ms = anchor_ms;
      self->ts_base_ms = now_ms + llround (anchor->offset_ms * self->ts_scale + (anchor_ms - anchor->received_ms));
    }
  else
    {
      self->ts_anchor_ms = 0;
      self->ts_base_ms = 0;
      self->ts_scale = 1;
    }
  self->failed = FALSE;
  self->outputs = json_object_new ();
  self->messages = json_array_new ();
  _hp_replay_server_emit_prompt (self, TRUE, job);
}

static void
finish_job (HpReplayServer *self)
{
  HpReplayJob *job = g_steal_pointer (&self->current);
  JsonObject *entry = json_object_new ();
  JsonObject *status = json_object_new ();
  JsonNode *node;

  json_object_set_member (entry, "prompt", json_node_ref (job->queue_item));
  json_object_set_object_member (entry, "outputs", g_steal_pointer (&self->outputs));
  json_object_set_string_member (status, "status_str", self->failed ? "error" : "success");
  json_object_set_boolean_member (status, "completed", !self->failed);
  json_object_set_array_member (status, "messages", g_steal_pointer (&self->messages));
  json_object_set_object_member (entry, "status", status);
  json_object_set_object_member (entry, "meta", json_object_new ());
  node = json_node_init_object (json_node_alloc (), entry);
  json_object_unref (entry);

  g_ptr_array_add (self->history_ids, g_strdup (job->prompt_id));
  g_hash_table_replace (self->history, g_strdup (job->prompt_id), node);
  self->n_played++;

  /* In watch mode the next prompt follows after its original pause */
  if (job->watch && self->watching && self->watch_next < hp_replay_log_get_n_prompts (self->log))
    {
      const HpReplayPrompt *done = hp_replay_log_get_prompt (self->log, job->index);
      const HpReplayPrompt *next = hp_replay_log_get_prompt (self->log, self->watch_next);
      double gap = HP_REPLAY_WATCH_GAP_MAX_MS;

      if (done->items->len > 0 && next->items->len > 0)
        gap = ((HpReplayItem *) g_ptr_array_index (next->items, 0))->received_ms -
              (((HpReplayItem *) g_ptr_array_index (done->items, 0))->received_ms + done->duration_ms);
      self->hold_until_us = g_get_monotonic_time () + scaled_us (self, CLAMP (gap, 0, HP_REPLAY_WATCH_GAP_MAX_MS));
    }
  else if (job->watch)
    self->hold_until_us = g_get_monotonic_time () + scaled_us (self, HP_REPLAY_WATCH_GAP_MAX_MS);

  _hp_replay_server_emit_prompt (self, FALSE, job);
  _hp_replay_job_free (job);
}

/* The next job: a posted prompt first, else the next of watch mode.
 * Returns the wait before it may start, or -1 when there is none. */
static gint64
next_job (HpReplayServer *self)
{
  guint n = hp_replay_log_get_n_prompts (self->log);
  gint64 now = g_get_monotonic_time ();
  HpReplayJob *job;

  if (!g_queue_is_empty (&self->pending))
    {
      start_job (self, g_queue_pop_head (&self->pending));
      return 0;
    }
  if (!self->watching)
    return -1;
  if (self->watch_next >= n && self->loop && n > 0)
    self->watch_next = 0;
  if (self->watch_next >= n)
    {
      self->watching = FALSE;
      return -1;
    }
  if (now < self->hold_until_us)
    return self->hold_until_us - now;
  job = _hp_replay_job_new (self, self->watch_next++, NULL, NULL, NULL, NULL);
  job->watch = TRUE;
  start_job (self, job);
  return 0;
}

/* Sends what is due and sets a timer for the rest. */
static void
advance (HpReplayServer *self)
{
  for (guint budget = HP_REPLAY_BATCH; budget > 0; budget--)
    {
      const HpReplayPrompt *prompt;
      const HpReplayItem *item;
      gint64 now, due;

      if (self->current == NULL)
        {
          gint64 wait = next_job (self);

          if (wait < 0)
            return;
          if (wait > 0)
            {
              _hp_replay_schedule (self, wait);
              return;
            }
          /* a prompt-started handler may have stopped the server */
          if (self->current == NULL)
            return;
        }

      prompt = hp_replay_log_get_prompt (self->log, self->current->index);
      if (self->item >= prompt->items->len)
        {
          finish_job (self);
          continue;
        }
      item = g_ptr_array_index (prompt->items, self->item);
      due = self->last_sent_us;
      if (self->item > 0)
        due += scaled_us (self, item->offset_ms -
                                ((HpReplayItem *) g_ptr_array_index (prompt->items, self->item - 1))->offset_ms);
      now = g_get_monotonic_time ();
      if (due > now)
        {
          _hp_replay_schedule (self, due - now);
          return;
        }
      send_item (self, item);
      self->item++;
      self->last_sent_us = now;
    }
  _hp_replay_schedule (self, 0);
}

static gboolean
on_timeout (gpointer data)
{
  g_autoptr(HpReplayServer) self = g_object_ref (data);

  self->timeout_id = 0;
  advance (self);
  return G_SOURCE_REMOVE;
}
