/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-recorder-private.h"

#include <string.h>

#include "hp-comfy-message.h"
#include "hp-format.h"
#include "hp-json-tree.h"

guint _hp_recorder_signals[N_RECORDER_SIGNALS];

G_DEFINE_FINAL_TYPE (HpRecorder, hp_recorder, G_TYPE_OBJECT)

static void
prompt_free (gpointer data)
{
  Prompt *p = data;

  g_free (p->id);
  g_clear_pointer (&p->pending, g_ptr_array_unref);
  g_clear_pointer (&p->tracks, g_hash_table_unref);
  g_clear_object (&p->run);
  g_free (p);
}

static void
hp_recorder_finalize (GObject *object)
{
  HpRecorder *self = HP_RECORDER (object);

  g_clear_pointer (&self->prompts, g_hash_table_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->deferred_runs, g_hash_table_unref);
  g_clear_pointer (&self->by_graph_id, g_hash_table_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->clock, hp_clock_offset_free);

  G_OBJECT_CLASS (hp_recorder_parent_class)->finalize (object);
}

static void
hp_recorder_class_init (HpRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hp_recorder_finalize;

  /**
   * HpRecorder::profile-added:
   * @profile: a profile for a workflow graph not seen before
   */
  _hp_recorder_signals[SIGNAL_PROFILE_ADDED] =
    g_signal_new ("profile-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HP_TYPE_PROFILE);
  /**
   * HpRecorder::run-started:
   * @profile: the profile the run joined
   * @run: the new run (status running), already in @profile
   */
  _hp_recorder_signals[SIGNAL_RUN_STARTED] =
    g_signal_new ("run-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, HP_TYPE_PROFILE, HP_TYPE_RUN);
  /**
   * HpRecorder::run-updated:
   * @node_id: (nullable): the node that started, finished, failed or
   *   progressed, or %NULL for a change of the whole run
   */
  _hp_recorder_signals[SIGNAL_RUN_UPDATED] =
    g_signal_new ("run-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, HP_TYPE_PROFILE, HP_TYPE_RUN,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * HpRecorder::run-finished:
   *
   * The run ended (succeeded, failed or interrupted): time to save it.
   */
  _hp_recorder_signals[SIGNAL_RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, HP_TYPE_PROFILE, HP_TYPE_RUN);
}

static void
hp_recorder_init (HpRecorder *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_graph_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deferred_runs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->prompts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, prompt_free);
  self->order = g_ptr_array_new ();
  self->waiting = g_ptr_array_new ();
  self->clock = hp_clock_offset_new ();
  self->queue_remaining = -1;
}

/**
 * hp_recorder_new:
 *
 * Returns: (transfer full): a recorder for one connection or event log
 */
HpRecorder *
hp_recorder_new (void)
{
  return g_object_new (HP_TYPE_RECORDER, NULL);
}

void
hp_recorder_set_deferred (HpRecorder *self,
                          gboolean    deferred)
{
  g_return_if_fail (HP_IS_RECORDER (self));
  self->deferred = !!deferred;
}

Prompt *
_hp_recorder_lookup_prompt (HpRecorder *self,
                            const char *prompt_id,
                            gboolean    create)
{
  Prompt *p = g_hash_table_lookup (self->prompts, prompt_id);

  if (p == NULL && create)
    {
      p = g_new0 (Prompt, 1);
      p->id = g_strdup (prompt_id);
      p->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) hp_run_event_free);
      p->tracks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      p->added_us = p->queued_local = p->create_server = HP_TIME_UNKNOWN;
      p->pending_end_us = HP_TIME_UNKNOWN;
      p->start_local = p->start_server = p->end_local = p->end_server = HP_TIME_UNKNOWN;
      g_hash_table_insert (self->prompts, p->id, p);
      g_ptr_array_add (self->order, p);
    }
  return p;
}

void
_hp_recorder_run_added (HpRecorder *self,
                        Prompt     *p)
{
  GPtrArray *runs;

  if (self->deferred)
    {
      runs = g_hash_table_lookup (self->deferred_runs, p->profile);
      if (runs == NULL)
        {
          runs = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (self->deferred_runs, p->profile, runs);
        }
      g_ptr_array_add (runs, g_object_ref (p->run));
      return;
    }
  /* Prompt ids are unique within a recorder, so the run is new to the
   * profile unless someone else added it. */
  if (!hp_profile_add_run (p->profile, p->run, NULL))
    return;
  g_signal_emit (self, _hp_recorder_signals[SIGNAL_RUN_STARTED], 0, p->profile, p->run);
}

/* Node statistics (hp_profile_run_changed) go over every run of the
 * profile: refreshed at most every STATS_REFRESH_US while a run goes on,
 * and always when it ends, so a flood of node ends stays linear. */
#define STATS_REFRESH_US (250 * 1000)

void
_hp_recorder_run_changed (HpRecorder *self,
                          Prompt     *p,
                          const char *node_id,
                          gboolean    stats)
{
  if (self->deferred)
    return;
  p->stats_dirty |= stats;
  if (p->stats_dirty)
    {
      gint64 now = g_get_monotonic_time ();

      if (p->phase == PHASE_ENDED || p->stats_refreshed == 0 ||
          now - p->stats_refreshed >= STATS_REFRESH_US)
        {
          hp_profile_run_changed (p->profile, p->run);
          p->stats_refreshed = now;
          p->stats_dirty = FALSE;
        }
    }
  g_signal_emit (self, _hp_recorder_signals[SIGNAL_RUN_UPDATED], 0, p->profile, p->run, node_id);
}

static gboolean
ends_prompt (const HpRunEvent *event)
{
  switch (event->kind)
    {
    case HP_RUN_EVENT_RUN_FINISHED:
    case HP_RUN_EVENT_RUN_INTERRUPTED:
    case HP_RUN_EVENT_RUN_ENDED:
      return TRUE;
    case HP_RUN_EVENT_NODE_FAILED:
      return g_strcmp0 (event->error_type, "ExecutionBlocked") != 0;
    default:
      return FALSE;
    }
}

/**
 * hp_recorder_feed_event:
 * @event: an event (from hp_comfy_message_parse() or made by the caller,
 *   e.g. a RUN_QUEUED); copied when it must be kept
 *
 * Applies @event to its prompt, or keeps it until the prompt's graph
 * comes. Events that name no prompt belong to the prompt running now.
 */
void
hp_recorder_feed_event (HpRecorder       *self,
                        const HpRunEvent *event)
{
  const char *prompt_id;
  Prompt *p;

  g_return_if_fail (HP_IS_RECORDER (self));
  g_return_if_fail (event != NULL);

  /* Only the timestamp of a message, set when it was sent, pairs with
   * the receipt of that message. */
  if (event->kind != HP_RUN_EVENT_RUN_QUEUED)
    hp_clock_offset_add_sample (self->clock, event->server_us, event->received_us);

  if (event->kind == HP_RUN_EVENT_QUEUE_STATUS)
    {
      self->queue_remaining = (int) MIN (event->value, (double) G_MAXINT);
      return;
    }

  prompt_id = event->prompt_id;
  if (prompt_id == NULL && self->current != NULL)
    prompt_id = self->current->id;
  if (prompt_id == NULL)
    return;
  p = _hp_recorder_lookup_prompt (self, prompt_id, TRUE);

  if (p->profile == NULL)
    {
      if (p->pending_ended && event->kind != HP_RUN_EVENT_RUN_QUEUED)
        return;
      if (p->pending->len == 0)
        g_ptr_array_add (self->waiting, p);
      g_ptr_array_add (p->pending, hp_run_event_copy (event));
      if (ends_prompt (event))
        {
          p->pending_ended = TRUE;
          p->pending_end_us = event->received_us;
          if (self->current == p)
            self->current = NULL;
        }
      else if (event->kind == HP_RUN_EVENT_RUN_STARTED || event->kind == HP_RUN_EVENT_NODE_STARTED ||
               event->kind == HP_RUN_EVENT_NODES_CACHED)
        self->current = p;
    }
  else
    _hp_recorder_apply (self, p, event);

  if (ends_prompt (event))
    _hp_recorder_resolve_stale (self, p, event->received_us);
}

/**
 * hp_recorder_feed_message:
 * @message: a websocket text message, parsed
 * @received_us: when it arrived (µs since the epoch, local clock)
 *
 * Returns: %FALSE with @error set (%HP_FORMAT_ERROR, naming the JSON
 *   path) for a malformed message; the recorder is then unchanged.
 *   Unknown message types are skipped.
 */
gboolean
hp_recorder_feed_message (HpRecorder  *self,
                          JsonNode    *message,
                          gint64       received_us,
                          GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;

  g_return_val_if_fail (HP_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  events = hp_comfy_message_parse (message, received_us, error);
  if (events == NULL)
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    hp_recorder_feed_event (self, g_ptr_array_index (events, i));
  return TRUE;
}

/**
 * hp_recorder_add_system_stats:
 * @stats: a GET /system_stats body
 *
 * Attributes the VRAM and RAM in use to the node running now (peak and
 * change per node run). Returns: %FALSE with @error for a malformed body.
 */
gboolean
hp_recorder_add_system_stats (HpRecorder  *self,
                              JsonNode    *stats,
                              gint64       received_us,
                              GError     **error)
{
  g_autoptr(HpRunEvent) event = NULL;

  g_return_val_if_fail (HP_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  event = hp_comfy_system_stats_parse (stats, received_us, error);
  if (event == NULL)
    return FALSE;
  hp_recorder_feed_event (self, event);
  return TRUE;
}

gboolean
_hp_recorder_add_prompt_at (HpRecorder  *self,
                            const char  *prompt_id,
                            double       number,
                            JsonNode    *graph,
                            JsonNode    *workflow,
                            gint64       received_us,
                            const char  *source,
                            const char  *path,
                            GError     **error)
{
  HpProfile *profile;
  Prompt *p = _hp_recorder_lookup_prompt (self, prompt_id, FALSE);

  /* Fetched again (from /queue, then /history): the first one counts. */
  if (p != NULL && p->profile != NULL)
    return TRUE;
  profile = _hp_recorder_profile_for_graph (self, graph, workflow, source, path, error);
  if (profile == NULL)
    return FALSE;

  p = _hp_recorder_lookup_prompt (self, prompt_id, TRUE);
  p->profile = profile;
  p->number = number;
  p->added_us = received_us;
  _hp_recorder_replay_pending (self, p, p->cut_off ? p->end_local : HP_TIME_UNKNOWN);
  return TRUE;
}

/**
 * hp_recorder_add_prompt:
 * @prompt_id: the prompt's id
 * @number: its number in the server's queue
 * @graph: the API-format prompt ({node_id: {class_type, inputs, _meta}})
 * @workflow: (nullable): the editor workflow, for node positions
 * @received_us: when it was fetched (or queued by us), local clock
 *
 * Gives a prompt its graph, which picks (or adds) its profile and
 * applies the events kept until now. A graph that arrives after the
 * prompt was recorded without one is ignored.
 *
 * Returns: %FALSE with @error (%HP_FORMAT_ERROR, naming the JSON path)
 *   for a malformed graph; the recorder is then unchanged
 */
gboolean
hp_recorder_add_prompt (HpRecorder  *self,
                        const char  *prompt_id,
                        double       number,
                        JsonNode    *graph,
                        JsonNode    *workflow,
                        gint64       received_us,
                        GError     **error)
{
  g_return_val_if_fail (HP_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (prompt_id != NULL, FALSE);
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _hp_recorder_add_prompt_at (self, prompt_id, number, graph, workflow, received_us,
                                     "ComfyUI prompt", "$", error);
}

/**
 * hp_recorder_prompt_queued:
 * @queued_us: when Hotpath queued it (POST /prompt; local clock), or
 *   %HP_TIME_UNKNOWN
 * @create_time_us: the server's extra_data.create_time (server clock),
 *   or %HP_TIME_UNKNOWN
 *
 * Gives the run its queue time: execution_start − create_time on the
 * server's clock when known, else the receipt of execution_start − our
 * POST on the local clock.
 */
void
hp_recorder_prompt_queued (HpRecorder *self,
                           const char *prompt_id,
                           gint64      queued_us,
                           gint64      create_time_us)
{
  g_return_if_fail (HP_IS_RECORDER (self));
  g_return_if_fail (prompt_id != NULL);

  if (queued_us != HP_TIME_UNKNOWN)
    {
      g_autoptr(HpRunEvent) event = hp_run_event_new (HP_RUN_EVENT_RUN_QUEUED, prompt_id, queued_us);

      hp_recorder_feed_event (self, event);
    }
  if (create_time_us != HP_TIME_UNKNOWN)
    {
      g_autoptr(HpRunEvent) event = hp_run_event_new (HP_RUN_EVENT_RUN_QUEUED, prompt_id,
                                                      HP_TIME_UNKNOWN);

      hp_run_event_set_server_time (event, create_time_us);
      hp_recorder_feed_event (self, event);
    }
}

/**
 * hp_recorder_connection_lost:
 * @when_us: when the connection was lost (local clock)
 *
 * Runs in progress end as interrupted at @when_us, kept with a note;
 * the node running then keeps its start, its end unknown. Messages that
 * arrive later for those prompts are ignored.
 */
void
hp_recorder_connection_lost (HpRecorder *self,
                             gint64      when_us)
{
  g_return_if_fail (HP_IS_RECORDER (self));

  for (guint i = 0; i < self->order->len; i++)
    {
      Prompt *p = g_ptr_array_index (self->order, i);

      if (p->profile != NULL)
        _hp_recorder_cut_off (self, p, when_us);
      else if (!p->pending_ended && p->pending->len > 0)
        {
          /* Applied when its graph comes. */
          p->cut_off = TRUE;
          p->pending_ended = TRUE;
          p->pending_end_us = when_us;
          p->end_local = when_us;
        }
    }
  self->current = NULL;
}

/**
 * hp_recorder_finish:
 *
 * No more input is coming (end of a log, end of a capture): prompts
 * whose graph never came are recorded with node ids only, runs still in
 * progress end as interrupted with their end unknown, and, when
 * deferred, all runs join their profiles.
 */
void
hp_recorder_finish (HpRecorder *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (HP_IS_RECORDER (self));

  for (guint i = 0; i < self->order->len; i++)
    {
      Prompt *p = g_ptr_array_index (self->order, i);

      if (p->profile == NULL && p->pending->len > 0)
        _hp_recorder_resolve_without_graph (self, p);
    }
  for (guint i = 0; i < self->order->len; i++)
    {
      Prompt *p = g_ptr_array_index (self->order, i);

      if (p->phase != PHASE_RUNNING)
        continue;
      if (p->current != NULL)
        {
          hp_node_run_set_times (p->current->node_run, p->current->first_start, HP_TIME_UNKNOWN);
          hp_node_run_set_duration_us (p->current->node_run, HP_TIME_UNKNOWN);
          p->current = NULL;
        }
      p->log_ended = TRUE;
      _hp_recorder_end_run (self, p, HP_RUN_STATUS_INTERRUPTED, HP_TIME_UNKNOWN, HP_TIME_UNKNOWN);
    }
  self->current = NULL;

  g_hash_table_iter_init (&iter, self->deferred_runs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *runs = value;

      hp_profile_add_runs (HP_PROFILE (key), (HpRun **) runs->pdata, runs->len, NULL);
    }
  g_hash_table_remove_all (self->deferred_runs);
}

/**
 * hp_recorder_get_profiles:
 *
 * Returns: (transfer none) (element-type HpProfile): one profile per
 *   workflow graph, in the order they appeared
 */
GPtrArray *
hp_recorder_get_profiles (HpRecorder *self)
{
  g_return_val_if_fail (HP_IS_RECORDER (self), NULL);
  return self->profiles;
}

/**
 * hp_recorder_lookup_profile:
 *
 * Returns: (transfer none) (nullable): the profile of @prompt_id's
 *   graph, %NULL while the graph is unknown
 */
HpProfile *
hp_recorder_lookup_profile (HpRecorder *self,
                            const char *prompt_id)
{
  Prompt *p;

  g_return_val_if_fail (HP_IS_RECORDER (self), NULL);
  g_return_val_if_fail (prompt_id != NULL, NULL);

  p = _hp_recorder_lookup_prompt (self, prompt_id, FALSE);
  return p != NULL ? p->profile : NULL;
}

/**
 * hp_recorder_lookup_run:
 *
 * Returns: (transfer none) (nullable): the run of @prompt_id, once started
 */
HpRun *
hp_recorder_lookup_run (HpRecorder *self,
                        const char *prompt_id)
{
  Prompt *p;

  g_return_val_if_fail (HP_IS_RECORDER (self), NULL);
  g_return_val_if_fail (prompt_id != NULL, NULL);

  p = _hp_recorder_lookup_prompt (self, prompt_id, FALSE);
  return p != NULL ? p->run : NULL;
}

const HpClockOffset *
hp_recorder_get_clock_offset (HpRecorder *self)
{
  g_return_val_if_fail (HP_IS_RECORDER (self), NULL);
  return self->clock;
}

int
hp_recorder_get_queue_remaining (HpRecorder *self)
{
  g_return_val_if_fail (HP_IS_RECORDER (self), -1);
  return self->queue_remaining;
}
