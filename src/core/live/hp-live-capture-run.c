/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpLiveCapture: "run and profile" (queue a workflow N times, one after
 * the other) and watch mode's follow-up of prompts other clients queued
 * (their node events never reach us: GET /history tells how they went). */
#include "hp-live-capture-private.h"

#include <glib/gi18n.h>

#include "hp-comfy-prompt.h"

static void queue_next (HpLiveCapture *self);

/* ---- run and profile ---------------------------------------------------- */

void
_hp_live_capture_run_free (gpointer data)
{
  HpLiveRunJob *job = data;

  g_clear_pointer (&job->prompt, json_node_unref);
  g_clear_pointer (&job->workflow, json_node_unref);
  g_free (job->waiting_id);
  g_free (job);
}

static void
finish_job (HpLiveCapture *self,
            GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->run_task);
  HpLiveRunJob *job;

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  job = g_task_get_task_data (task);
  if (job->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), job->cancel_id);
  job->cancel_id = 0;
  g_clear_pointer (&self->posting_graph, json_node_unref);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_done (HpLiveCapture *self)
{
  HpLiveRunJob *job = g_task_get_task_data (self->run_task);

  g_clear_pointer (&job->waiting_id, g_free);
  self->n_runs_done++;
  queue_next (self);
}

void
_hp_live_capture_run_finished (HpLiveCapture *self,
                               HpRun         *run)
{
  HpLiveRunJob *job;

  if (self->run_task == NULL)
    return;
  job = g_task_get_task_data (self->run_task);
  if (job->waiting_id != NULL && g_strcmp0 (hp_run_get_id (run), job->waiting_id) == 0)
    run_done (self);
}

static void
on_posted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HpLiveCapture *self = g_task_get_source_object (task);
  HpLiveRunJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt_id = NULL;
  double number = 0;
  HpRun *run;

  prompt_id = hp_comfy_client_queue_prompt_finish (HP_COMFY_CLIENT (source), result, &number, &error);
  if (self->run_task != task)
    return;   /* cancelled or stopped meanwhile */
  job->posting = FALSE;
  g_clear_pointer (&self->posting_graph, json_node_unref);
  if (prompt_id == NULL)
    {
      finish_job (self, g_steal_pointer (&error));
      return;
    }

  /* The "prompt" signal did not recognise it: still ours. */
  if (!g_hash_table_contains (self->own_prompts, prompt_id))
    {
      g_hash_table_add (self->own_prompts, g_strdup (prompt_id));
      hp_recorder_prompt_queued (self->recorder, prompt_id, self->posting_us, HP_TIME_UNKNOWN);
    }
  job->n_queued++;
  job->waiting_id = g_steal_pointer (&prompt_id);

  /* Its messages may have beaten the POST's answer to us. */
  run = hp_recorder_lookup_run (self->recorder, job->waiting_id);
  if (run != NULL && hp_run_get_status (run) != HP_RUN_STATUS_RUNNING)
    run_done (self);
}

static guint64
random_seed (void)
{
  return ((guint64) g_random_int () << 32 | g_random_int ()) & (guint64) G_MAXINT64;
}

static void
queue_next (HpLiveCapture *self)
{
  HpLiveRunJob *job = g_task_get_task_data (self->run_task);
  JsonNode *graph;
  guint n_replaced = 0;

  if (self->n_runs_done >= job->n_runs)
    {
      finish_job (self, NULL);
      return;
    }
  /* Cut off by a lost connection: the next one once we are back. */
  if (hp_comfy_client_get_state (self->client) != HP_COMFY_CLIENT_CONNECTED)
    {
      job->waiting_connection = TRUE;
      return;
    }
  job->waiting_connection = FALSE;

  if (job->vary_seed)
    {
      graph = hp_comfy_prompt_vary_seed (job->prompt, random_seed (), &n_replaced);
      if (n_replaced == 0 && job->n_queued == 0)
        {
          g_autoptr(GError) warning =
            g_error_new_literal (HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED,
                                 _("The workflow has no seed input to vary: runs after the first may come from the server’s cache"));

          _hp_live_capture_emit_error (self, warning);
        }
    }
  else
    graph = json_node_ref (job->prompt);

  g_clear_pointer (&self->posting_graph, json_node_unref);
  self->posting_graph = graph;
  self->posting_us = g_get_real_time ();
  job->posting = TRUE;
  hp_comfy_client_queue_prompt_async (self->client, graph, job->workflow,
                                      g_task_get_cancellable (self->run_task),
                                      on_posted, g_object_ref (self->run_task));
}

static void
on_interrupted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HpLiveCapture *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Best effort: the replay server and some proxies have no /interrupt. */
  if (!hp_comfy_client_interrupt_finish (HP_COMFY_CLIENT (source), result, &error))
    g_debug ("live capture: POST /interrupt: %s", error->message);
  if (self->run_task == task)
    finish_job (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("Run and profile was cancelled")));
}

/* Out of the cancellable's handler: disconnecting it from there would
 * wait for itself. */
static gboolean
on_cancel_idle (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  HpLiveCapture *self = g_task_get_source_object (task);
  HpLiveRunJob *job = g_task_get_task_data (task);

  if (self->run_task != task)
    return G_SOURCE_REMOVE;
  if (job->waiting_id == NULL || self->cancellable == NULL)
    {
      finish_job (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("Run and profile was cancelled")));
      return G_SOURCE_REMOVE;
    }
  hp_comfy_client_interrupt_async (self->client, job->waiting_id, self->cancellable,
                                   on_interrupted, g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_idle_add (on_cancel_idle, g_object_ref (user_data));
}

/**
 * hp_live_capture_run_prompt_async:
 * @prompt: an API-format prompt
 * @workflow: (nullable): its editor workflow (node positions)
 * @n_runs: how many runs, at least 1
 *
 * Run and profile: each run is POSTed with our client id once the one
 * before has ended (succeeded, failed or cut off), so the runs do not
 * wait in the queue behind each other and every node event comes to us.
 * A connection lost in between holds the next POST until we are back.
 */
void
hp_live_capture_run_prompt_async (HpLiveCapture       *self,
                                  JsonNode            *prompt,
                                  JsonNode            *workflow,
                                  guint                n_runs,
                                  gboolean             vary_seed,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) own = NULL;
  HpLiveRunJob *job;

  g_return_if_fail (HP_IS_LIVE_CAPTURE (self));
  g_return_if_fail (prompt != NULL);
  g_return_if_fail (n_runs > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The task's cancellable also cancels its POSTs. */
  if (cancellable == NULL)
    cancellable = own = g_cancellable_new ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hp_live_capture_run_prompt_async);

  if (self->run_task != NULL)
    {
      g_task_return_new_error (task, HP_COMFY_ERROR, HP_COMFY_ERROR_BUSY,
                               _("Already running a workflow on %s"),
                               hp_comfy_client_get_address (self->client));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (prompt))
    {
      g_task_return_new_error (task, HP_COMFY_ERROR, HP_COMFY_ERROR_PROMPT_REJECTED,
                               _("Not an API-format prompt: expected an object of nodes"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  job = g_new0 (HpLiveRunJob, 1);
  job->prompt = json_node_ref (prompt);
  job->workflow = workflow != NULL && JSON_NODE_HOLDS_OBJECT (workflow) ? json_node_ref (workflow) : NULL;
  job->n_runs = n_runs;
  job->vary_seed = vary_seed;
  g_task_set_task_data (task, job, _hp_live_capture_run_free);
  self->n_runs_done = 0;
  self->run_task = g_steal_pointer (&task);
  job->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                          g_object_ref (self->run_task), g_object_unref);
  queue_next (self);
}

gboolean
hp_live_capture_run_prompt_finish (HpLiveCapture  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_hp_live_capture_abort_run (HpLiveCapture *self,
                            const char    *why)
{
  if (self->run_task == NULL)
    return;
  finish_job (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         why != NULL ? why : _("Run and profile was cancelled")));
}

/* ---- watch mode: prompts of other clients -------------------------------- */

static gboolean
on_history_timer (gpointer user_data)
{
  _hp_live_capture_check_history (user_data);
  return G_SOURCE_CONTINUE;
}

void
_hp_live_capture_restart_history_timer (HpLiveCapture *self)
{
  g_clear_handle_id (&self->history_timer_id, g_source_remove);
  if (self->history_interval_ms > 0 && self->client != NULL &&
      hp_comfy_client_get_state (self->client) == HP_COMFY_CLIENT_CONNECTED)
    self->history_timer_id = g_timeout_add (self->history_interval_ms, on_history_timer, self);
}

void
_hp_live_capture_connected (HpLiveCapture *self)
{
  _hp_live_capture_restart_history_timer (self);
  /* Prompts that finished while we were away, and the baseline. */
  _hp_live_capture_check_history (self);
  if (self->run_task != NULL)
    {
      HpLiveRunJob *job = g_task_get_task_data (self->run_task);

      if (job->waiting_connection)
        queue_next (self);
    }
}

/* New entries of the history whose runs we do not have: prompts queued
 * by other clients, recorded from their history entry. */
static void
import_history (HpLiveCapture *self,
                JsonNode      *history)
{
  g_autoptr(GList) ids = NULL;
  JsonObject *object = json_node_get_object (history);
  gint64 now = g_get_real_time ();

  /* In the server's order (json_object_get_members keeps it). */
  ids = json_object_get_members (object);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      const char *id = l->data;
      g_autoptr(GError) error = NULL;

      if (g_hash_table_contains (self->history_known, id))
        continue;
      g_hash_table_add (self->history_known, g_strdup (id));
      if (hp_recorder_lookup_run (self->recorder, id) != NULL)
        continue;
      if (!hp_recorder_add_history_entry (self->recorder, id, json_object_get_member (object, id),
                                          now, &error))
        _hp_live_capture_emit_error (self, error);
    }
}

static void
on_history (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(HpLiveCapture) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) history = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  history = hp_comfy_client_fetch_history_finish (HP_COMFY_CLIENT (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->history_in_flight = FALSE;
  if (history == NULL)
    g_debug ("live capture: history: %s", error->message);
  else if (!self->history_baseline)
    {
      g_autoptr(GList) ids = json_object_get_members (json_node_get_object (history));

      /* What the server ran before we came is not ours to record. */
      for (GList *l = ids; l != NULL; l = l->next)
        g_hash_table_add (self->history_known, g_strdup (l->data));
      self->history_baseline = TRUE;
    }
  else
    import_history (self, history);

  if (self->history_again)
    {
      self->history_again = FALSE;
      _hp_live_capture_check_history (self);
    }
}

void
_hp_live_capture_check_history (HpLiveCapture *self)
{
  GWeakRef *ref;

  if (self->client == NULL || hp_comfy_client_get_state (self->client) != HP_COMFY_CLIENT_CONNECTED)
    return;
  if (self->history_in_flight)
    {
      self->history_again = TRUE;
      return;
    }
  self->history_in_flight = TRUE;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  hp_comfy_client_fetch_history_async (self->client, HP_LIVE_HISTORY_WINDOW, self->cancellable,
                                       on_history, ref);
}
