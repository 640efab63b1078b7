/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-recorder-private.h"
#include <glib/gi18n.h>

#include <string.h>

/* How events become a run (PROTOCOLS.md §1.2):
 * - A node runs from the receipt of its `executing` to the receipt of
 *   the next `executing`, of its progress_state turning "finished", or
 *   of the prompt's end (execution_success/_error/_interrupted or
 *   `executing` null), whichever comes first. A node seen in `executing`
 *   again (async nodes) adds a stretch: its duration is the sum of its
 *   stretches, not the gap between them; its start and end are those of
 *   the first and the last.
 * - `executed` says a node has output; newer servers send it for cached
 *   nodes too, so it never means the node ran.
 * - execution_cached marks its nodes cached at once (duration 0).
 * - Node times are receive times (local clock); the run's start and end
 *   are the server's timestamps converted with the clock offset estimate
 *   where messages carry them, else receive times. */

static NodeTrack *
get_track (Prompt     *p,
           const char *node_id)
{
  const char *id = g_intern_string (node_id);
  NodeTrack *t = g_hash_table_lookup (p->tracks, id);

  if (t == NULL)
    {
      t = g_new0 (NodeTrack, 1);
      t->stretch_start = t->first_start = HP_TIME_UNKNOWN;
      t->vram_first = t->vram_last = t->vram_peak = -1;
      t->ram_first = t->ram_last = t->ram_peak = -1;
      g_hash_table_insert (p->tracks, (gpointer) id, t);
    }
  return t;
}

static HpNodeRun *
ensure_node_run (Prompt       *p,
                 NodeTrack    *t,
                 const char   *node_id,
                 HpNodeStatus  status)
{
  if (t->node_run == NULL)
    {
      t->node_run = hp_node_run_new (node_id, status);
      hp_run_add_node_run (p->run, t->node_run);
      g_object_unref (t->node_run);   /* the run holds it */
    }
  return t->node_run;
}

/* Ends the node's open stretch at @at_us with @status. */
static void
close_stretch (Prompt       *p,
               NodeTrack    *t,
               gint64        at_us,
               HpNodeStatus  status)
{
  if (t->stretch_start != HP_TIME_UNKNOWN)
    {
      t->accumulated += MAX (at_us - t->stretch_start, 0);
      t->n_stretches++;
      t->stretch_start = HP_TIME_UNKNOWN;
      hp_node_run_set_times (t->node_run, t->first_start, MAX (at_us, t->first_start));
      hp_node_run_set_duration_us (t->node_run, t->accumulated);
    }
  hp_node_run_set_status (t->node_run, status);
  if (p->current == t)
    p->current = NULL;
}

static void
open_stretch (Prompt     *p,
              NodeTrack  *t,
              const char *node_id,
              gint64      at_us)
{
  ensure_node_run (p, t, node_id, HP_NODE_STATUS_RUNNING);
  if (t->first_start == HP_TIME_UNKNOWN)
    {
      t->first_start = at_us;
      hp_node_run_set_times (t->node_run, at_us, HP_TIME_UNKNOWN);
    }
  hp_node_run_set_status (t->node_run, HP_NODE_STATUS_RUNNING);
  t->stretch_start = at_us;
  p->current = t;
}

static void
close_current (Prompt       *p,
               gint64        at_us,
               HpNodeStatus  status)
{
  if (p->current != NULL)
    close_stretch (p, p->current, at_us, status);
}

/* Nodes an error or interrupt lists as executed that we never saw run
 * (we joined late): completed, duration unknown. */
static void
mark_executed (Prompt            *p,
               const HpRunEvent  *event)
{
  for (guint i = 0; event->node_ids != NULL && event->node_ids[i] != NULL; i++)
    {
      NodeTrack *t = get_track (p, event->node_ids[i]);

      if (t->node_run == NULL)
        ensure_node_run (p, t, event->node_ids[i], HP_NODE_STATUS_COMPLETED);
    }
}

static void
start_run (HpRecorder       *self,
           Prompt           *p,
           const HpRunEvent *event)
{
  g_assert (p->run == NULL);

  p->run = hp_run_new (p->id);
  hp_run_set_status (p->run, HP_RUN_STATUS_RUNNING);
  p->phase = PHASE_RUNNING;
  p->mid_run = event->kind != HP_RUN_EVENT_RUN_STARTED;
  p->start_local = event->received_us;
  p->start_server = event->kind == HP_RUN_EVENT_RUN_STARTED ? event->server_us : HP_TIME_UNKNOWN;
  self->current = p;
  _hp_recorder_update_times (self, p);
  _hp_recorder_update_note (self, p);
  _hp_recorder_run_added (self, p);
}

static void
add_memory_sample (HpRecorder       *self,
                   Prompt           *p,
                   const HpRunEvent *event)
{
  NodeTrack *t = p->current;
  HpMemorySamples samples;

  if (t == NULL || (event->vram_used < 0 && event->ram_used < 0))
    return;

  t->n_samples++;
  p->n_memory_samples++;
  if (event->vram_used >= 0)
    {
      if (t->vram_first < 0)
        t->vram_first = event->vram_used;
      t->vram_last = event->vram_used;
      t->vram_peak = MAX (t->vram_peak, event->vram_used);
    }
  if (event->ram_used >= 0)
    {
      if (t->ram_first < 0)
        t->ram_first = event->ram_used;
      t->ram_last = event->ram_used;
      t->ram_peak = MAX (t->ram_peak, event->ram_used);
    }

  samples.n_samples = t->n_samples;
  samples.vram_peak = t->vram_peak;
  samples.vram_change = t->vram_peak >= 0 ? t->vram_last - t->vram_first : 0;
  samples.ram_peak = t->ram_peak;
  samples.ram_change = t->ram_peak >= 0 ? t->ram_last - t->ram_first : 0;
  hp_node_run_set_memory_samples (t->node_run, &samples);
  /* The peak that matters for a GPU workflow is VRAM; RAM without a GPU. */
  hp_node_run_set_peak_memory (t->node_run, t->vram_peak >= 0 ? t->vram_peak : t->ram_peak);
  _hp_recorder_update_note (self, p);
  _hp_recorder_run_changed (self, p, hp_node_run_get_node_id (t->node_run), FALSE);
}

static const char *
intern_state (const char *state)
{
  static const char * const states[] = { "pending", "running", "finished", "error" };

  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (states); i++)
    if (strcmp (state, states[i]) == 0)
      return states[i];
  return NULL;
}

static void
apply_node_state (HpRecorder       *self,
                  Prompt           *p,
                  const HpRunEvent *event)
{
  NodeTrack *t = get_track (p, event->node_id);
  const char *state = intern_state (event->state);
  const char *before = t->state;

  t->state = state;
  /* Only a change to "finished" of the node running now ends it: the
   * snapshot repeats every node's state on each update. */
  if (state == NULL || strcmp (state, "finished") != 0 || before == state ||
      t->stretch_start == HP_TIME_UNKNOWN)
    return;
  p->used_progress_state = TRUE;
  close_stretch (p, t, event->received_us, HP_NODE_STATUS_COMPLETED);
  _hp_recorder_update_note (self, p);
  _hp_recorder_run_changed (self, p, event->node_id, TRUE);
}

static void
apply_failure (HpRecorder       *self,
               Prompt           *p,
               const HpRunEvent *event)
{
  gboolean blocked = g_strcmp0 (event->error_type, "ExecutionBlocked") == 0;
  NodeTrack *t = event->node_id != NULL ? get_track (p, event->node_id) : NULL;
  const char *text = event->error_message != NULL && *event->error_message != '\0' ?
                     event->error_message :
                     event->error_type != NULL ? event->error_type : _("failed (no message)");

  if (t != NULL && p->current == t)
    close_stretch (p, t, event->received_us, HP_NODE_STATUS_FAILED);
  else if (!blocked)
    close_current (p, event->received_us, HP_NODE_STATUS_COMPLETED);

  if (t != NULL)
    {
      g_autofree char *message = blocked ? g_strdup_printf ("blocked: %s", text) : g_strdup (text);

      ensure_node_run (p, t, event->node_id, HP_NODE_STATUS_FAILED);
      hp_node_run_set_status (t->node_run, HP_NODE_STATUS_FAILED);
      hp_node_run_set_error (t->node_run, message);
    }

  /* ExecutionBlocked blocks one output; the prompt goes on. */
  if (blocked)
    {
      _hp_recorder_run_changed (self, p, event->node_id, TRUE);
      return;
    }
  mark_executed (p, event);
  _hp_recorder_end_run (self, p, HP_RUN_STATUS_FAILED, event->received_us, event->server_us);
}

/**
 * _hp_recorder_apply:
 *
 * Applies one event to a prompt whose graph is known.
 */
void
_hp_recorder_apply (HpRecorder       *self,
                    Prompt           *p,
                    const HpRunEvent *event)
{
  NodeTrack *t;

  g_assert (HP_IS_RECORDER (self));
  g_assert (p->profile != NULL);

  if (event->kind == HP_RUN_EVENT_RUN_QUEUED)
    {
      if (event->clock == HP_CLOCK_SERVER)
        p->create_server = event->server_us;
      else
        p->queued_local = event->received_us;
      if (p->run != NULL)
        {
          _hp_recorder_update_times (self, p);
          _hp_recorder_update_note (self, p);
          _hp_recorder_run_changed (self, p, NULL, TRUE);
        }
      return;
    }
  if (event->kind == HP_RUN_EVENT_QUEUE_STATUS || p->phase == PHASE_ENDED)
    return;
  if (event->kind == HP_RUN_EVENT_SYSTEM_STATS)
    {
      if (p->phase == PHASE_RUNNING)
        add_memory_sample (self, p, event);
      return;
    }
  /* A node's output alone does not start a run: cached nodes have it. */
  if (event->kind == HP_RUN_EVENT_NODE_OUTPUT)
    return;

  if (p->run == NULL)
    start_run (self, p, event);

  switch (event->kind)
    {
    case HP_RUN_EVENT_RUN_STARTED:
      break;

    case HP_RUN_EVENT_NODES_CACHED:
      for (guint i = 0; event->node_ids != NULL && event->node_ids[i] != NULL; i++)
        {
          t = get_track (p, event->node_ids[i]);
          if (t->node_run != NULL)
            continue;
          ensure_node_run (p, t, event->node_ids[i], HP_NODE_STATUS_CACHED);
          hp_node_run_set_times (t->node_run, event->received_us, event->received_us);
        }
      _hp_recorder_run_changed (self, p, NULL, TRUE);
      break;

    case HP_RUN_EVENT_NODE_STARTED:
      t = get_track (p, event->node_id);
      /* A repeat for the node running now (a reconnect) changes nothing. */
      if (p->current == t)
        break;
      if (p->current != NULL)
        {
          const char *finished = hp_node_run_get_node_id (p->current->node_run);

          close_current (p, event->received_us, HP_NODE_STATUS_COMPLETED);
          _hp_recorder_run_changed (self, p, finished, TRUE);
        }
      open_stretch (p, t, event->node_id, event->received_us);
      _hp_recorder_run_changed (self, p, event->node_id, FALSE);
      break;

    case HP_RUN_EVENT_NODE_PROGRESS:
      /* Old servers name no node: the one running now. */
      if (event->node_id != NULL)
        t = get_track (p, event->node_id);
      else
        t = p->current;
      if (t == NULL)
        break;
      if (t->node_run == NULL)
        open_stretch (p, t, event->node_id, event->received_us);
      hp_node_run_add_progress (t->node_run, event->received_us, event->value, event->max);
      _hp_recorder_run_changed (self, p, hp_node_run_get_node_id (t->node_run), FALSE);
      break;

    case HP_RUN_EVENT_NODE_STATE:
      apply_node_state (self, p, event);
      break;

    case HP_RUN_EVENT_NODE_FAILED:
      apply_failure (self, p, event);
      break;

    case HP_RUN_EVENT_RUN_INTERRUPTED:
      /* The node cut off stays "running", with the time it had. */
      close_current (p, event->received_us, HP_NODE_STATUS_RUNNING);
      mark_executed (p, event);
      _hp_recorder_end_run (self, p, HP_RUN_STATUS_INTERRUPTED, event->received_us, event->server_us);
      break;

    case HP_RUN_EVENT_RUN_FINISHED:
    case HP_RUN_EVENT_RUN_ENDED:
      close_current (p, event->received_us, HP_NODE_STATUS_COMPLETED);
      _hp_recorder_end_run (self, p, HP_RUN_STATUS_SUCCEEDED, event->received_us, event->server_us);
      break;

    case HP_RUN_EVENT_RUN_QUEUED:
    case HP_RUN_EVENT_NODE_OUTPUT:
    case HP_RUN_EVENT_QUEUE_STATUS:
    case HP_RUN_EVENT_SYSTEM_STATS:
    default:
      break;
    }
}

/**
 * _hp_recorder_end_run:
 * @local_us: when the end was received, or HP_TIME_UNKNOWN (connection lost)
 * @server_us: the server's timestamp of the end, or HP_TIME_UNKNOWN
 *
 * Closes the run: nodes of the graph that never ran are skipped.
 */
void
_hp_recorder_end_run (HpRecorder  *self,
                      Prompt      *p,
                      HpRunStatus  status,
                      gint64       local_us,
                      gint64       server_us)
{
  HpWorkflowGraph *graph;

  if (p->phase == PHASE_ENDED || p->run == NULL)
    return;

  p->phase = PHASE_ENDED;
  p->end_local = local_us;
  p->end_server = server_us;
  p->current = NULL;
  if (self->current == p)
    self->current = NULL;
  hp_run_set_status (p->run, status);

  graph = hp_profile_get_graph (p->profile);
  for (guint i = 0; !p->graph_unknown && i < hp_workflow_graph_get_n_nodes (graph); i++)
    {
      const char *id = hp_workflow_graph_get_node (graph, i)->id;
      NodeTrack *t = get_track (p, id);

      if (t->node_run == NULL)
        ensure_node_run (p, t, id, HP_NODE_STATUS_SKIPPED);
    }

  _hp_recorder_update_times (self, p);
  _hp_recorder_update_note (self, p);
  /* Nothing applies to an ended prompt any more: free its node state. */
  g_hash_table_remove_all (p->tracks);
  _hp_recorder_run_changed (self, p, NULL, TRUE);
  if (!self->deferred)
    g_signal_emit (self, _hp_recorder_signals[SIGNAL_RUN_FINISHED], 0, p->profile, p->run);
}

/* A server time on the local clock, when the offset is known. */
static gint64
best_time (HpRecorder *self,
           gint64      server_us,
           gint64      local_us,
           gboolean   *from_server)
{
  gint64 converted = hp_clock_offset_to_local (self->clock, server_us);

  *from_server = converted != HP_TIME_UNKNOWN;
  return *from_server ? converted : local_us;
}

/**
 * _hp_recorder_update_times:
 *
 * Run start and end from the server's timestamps converted to the local
 * clock where known, else receive times. Queue time from create_time to
 * execution_start (both server clock), else from our POST to the
 * receipt of execution_start (both local clock), else unknown.
 */
void
_hp_recorder_update_times (HpRecorder *self,
                           Prompt     *p)
{
  gboolean start_server, end_server;
  gint64 started, finished, queued = HP_TIME_UNKNOWN;
  gint64 queued_local = p->queued_local != HP_TIME_UNKNOWN ? p->queued_local : p->added_us;

  if (p->run == NULL)
    return;

  started = best_time (self, p->start_server, p->start_local, &start_server);
  finished = best_time (self, p->end_server, p->end_local, &end_server);
  if (!p->mid_run)
    {
      if (p->create_server != HP_TIME_UNKNOWN && p->start_server != HP_TIME_UNKNOWN &&
          p->start_server >= p->create_server)
        queued = started - (p->start_server - p->create_server);
      else if (queued_local != HP_TIME_UNKNOWN && p->start_local >= queued_local)
        queued = started - (p->start_local - queued_local);
    }
  if (finished != HP_TIME_UNKNOWN && finished < started)
    finished = started;
  /* A server clock that jumps between create_time and execution_start
   * can put the queue time before 1970 (found by tests/fuzz): none then. */
  if (queued < 0)
    queued = HP_TIME_UNKNOWN;

  hp_run_set_queued_us (p->run, queued);
  hp_run_set_started_us (p->run, started);
  hp_run_set_finished_us (p->run, finished);
}

static const char *
clock_word (HpRecorder *self,
            gint64      server_us,
            gint64      local_us)
{
  if (server_us != HP_TIME_UNKNOWN && hp_clock_offset_get_n_samples (self->clock) > 0)
    /* Translators: completes "Run start: …" in a recorded run's note */
    return _("the server's timestamp");
  if (local_us != HP_TIME_UNKNOWN)
    /* Translators: completes "Run start: …" in a recorded run's note */
    return _("its receive time");
  /* Translators: completes "Run start: …" in a recorded run's note */
  return C_("run start", "unknown");
}

/**
 * _hp_recorder_update_note:
 *
 * Says where each figure of the run came from, on which clock.
 */
void
_hp_recorder_update_note (HpRecorder *self,
                          Prompt     *p)
{
  g_autoptr(GString) note = g_string_new (_("Recorded from ComfyUI events. "));
  g_autofree char *offset = hp_clock_offset_describe (self->clock);
  gboolean server_start, server_end;

  if (p->run == NULL)
    return;

  server_start = p->start_server != HP_TIME_UNKNOWN && hp_clock_offset_get_n_samples (self->clock) > 0;
  server_end = p->end_server != HP_TIME_UNKNOWN && hp_clock_offset_get_n_samples (self->clock) > 0;
  /* Translators: each %s says where a time came from ("the server's
   * timestamp", "its receive time") */
  g_string_append_printf (note, _("Run start: %s; run end: %s"),
                          clock_word (self, p->start_server, p->start_local),
                          p->phase == PHASE_ENDED ? clock_word (self, p->end_server, p->end_local) :
                          /* Translators: completes "run end: …" */
                          _("not yet"));
  if (server_start || server_end)
    /* Translators: %s describes the clock offset ("server clock offset +0.120 s …") */
    g_string_append_printf (note, _(" (server clock converted to this computer's: %s)"), offset);
  /* Translators: "executing" is a ComfyUI message name */
  g_string_append (note, _(". Node times: when the executing messages were received (this computer's clock)"));
  if (p->used_progress_state)
    /* Translators: progress_state and "finished" are ComfyUI names */
    g_string_append (note, _(", a node ending at its progress_state \"finished\""));
  g_string_append (note, ".");

  if (!p->mid_run && p->create_server != HP_TIME_UNKNOWN && p->start_server != HP_TIME_UNKNOWN &&
      p->start_server >= p->create_server)
    /* Translators: extra_data.create_time and execution_start are ComfyUI names */
    g_string_append (note, _(" Queue time: extra_data.create_time to execution_start (server clock)."));
  else if (!p->mid_run && p->queued_local != HP_TIME_UNKNOWN && p->start_local >= p->queued_local)
    g_string_append (note, _(" Queue time: from when Hotpath queued the prompt to the receipt of "
                             "execution_start (this computer's clock)."));
  else if (!p->mid_run && p->added_us != HP_TIME_UNKNOWN && p->start_local >= p->added_us)
    g_string_append (note, _(" Queue time: from when Hotpath got the prompt to the receipt of "
                             "execution_start (this computer's clock)."));

  if (p->mid_run)
    g_string_append (note, _(" Joined while it ran: it started before the first message seen."));
  if (p->graph_unknown)
    g_string_append (note, _(" The server never sent this prompt's graph: nodes known by their ids only."));
  if (p->n_memory_samples > 0)
    /* Translators: /system_stats is a ComfyUI request */
    g_string_append_printf (note, ngettext (" Memory: %u sample of /system_stats while nodes ran "
                                            "(sampled, not a continuous trace).",
                                            " Memory: %u samples of /system_stats while nodes ran "
                                            "(sampled, not a continuous trace).",
                                            p->n_memory_samples),
                            p->n_memory_samples);
  if (p->cut_off)
    g_string_append (note, _(" Connection lost while it ran: marked interrupted there; "
                             "what the server did next is unknown."));
  if (p->log_ended)
    g_string_append (note, _(" The recording ends before the run finished."));

  hp_run_set_note (p->run, note->str);
}
