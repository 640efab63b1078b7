/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prompts waiting for their graph: kept events replayed once it comes,
 * or recorded without one when it will not; runs cut off mid-way. */
#include "hp-recorder-private.h"

/* Prompts whose graph never comes (a prompt id the client could not
 * fetch) are recorded once it is clear the graph will not come: when
 * GRAPH_WAIT_PROMPTS later prompts have ended since and at least
 * GRAPH_WAIT_MIN_US has passed, or one ended GRAPH_WAIT_US after it
 * (receive times), or at hp_recorder_finish(). Not sooner: the client's
 * fetch (two HTTP requests) may still be in flight while a burst of
 * fully cached prompts ends in a few milliseconds. They all share
 * one profile, whose graph holds the node ids seen (no types, no
 * edges): with ids only, nothing tells their workflows apart. */
#define GRAPH_WAIT_PROMPTS 8
#define GRAPH_WAIT_MIN_US (5 * G_USEC_PER_SEC)
#define GRAPH_WAIT_US (30 * G_USEC_PER_SEC)
#define UNKNOWN_GRAPH_ID "comfyui-unknown-graph"
#define UNKNOWN_GRAPH_NAME "ComfyUI workflow (graph never received)"

/* A run cut off by a lost connection: interrupted where it was; the node
 * running then keeps its start, its end unknown. */
void
_hp_recorder_cut_off (HpRecorder *self,
         Prompt     *p,
         gint64      when_us)
{
  NodeTrack *t = p->current;

  if (p->phase != PHASE_RUNNING)
    return;
  if (t != NULL)
    {
      hp_node_run_set_times (t->node_run, t->first_start, HP_TIME_UNKNOWN);
      hp_node_run_set_duration_us (t->node_run, HP_TIME_UNKNOWN);
      t->stretch_start = HP_TIME_UNKNOWN;
    }
  p->cut_off = TRUE;
  _hp_recorder_end_run (self, p, HP_RUN_STATUS_INTERRUPTED, when_us, HP_TIME_UNKNOWN);
}

/* The graph is known: the kept events, in order. */
void
_hp_recorder_replay_pending (HpRecorder *self,
                Prompt     *p,
                gint64      cut_off_us)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&p->pending);
  Prompt *saved = self->current;

  p->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) hp_run_event_free);
  g_ptr_array_remove (self->waiting, p);
  for (guint i = 0; i < pending->len; i++)
    _hp_recorder_apply (self, p, g_ptr_array_index (pending, i));
  if (cut_off_us != HP_TIME_UNKNOWN)
    _hp_recorder_cut_off (self, p, cut_off_us);

  /* Another prompt may be running now: replaying this one must not
   * take its place. */
  if (saved != p)
    self->current = saved;
  else if (p->phase == PHASE_ENDED)
    self->current = NULL;
}

static void
add_unknown_node (HpWorkflowGraph *graph,
                  const char      *node_id)
{
  if (node_id != NULL && hp_workflow_graph_lookup_node (graph, node_id) == NULL)
    hp_workflow_graph_add_node (graph, node_id, NULL, NULL, NULL);
}

void
_hp_recorder_resolve_without_graph (HpRecorder *self,
                       Prompt     *p)
{
  HpWorkflowGraph *graph;
  gint64 cut_off_us = p->cut_off ? p->end_local : HP_TIME_UNKNOWN;

  g_assert (p->profile == NULL);

  if (self->unknown_profile == NULL)
    {
      HpProfile *profile = hp_profile_new ();

      hp_workflow_graph_set_id (hp_profile_get_graph (profile), UNKNOWN_GRAPH_ID);
      hp_workflow_graph_set_name (hp_profile_get_graph (profile), UNKNOWN_GRAPH_NAME);
      self->unknown_profile = _hp_recorder_add_profile (self, profile);
    }
  graph = hp_profile_get_graph (self->unknown_profile);
  for (guint i = 0; i < p->pending->len; i++)
    {
      HpRunEvent *event = g_ptr_array_index (p->pending, i);

      if (event->kind == HP_RUN_EVENT_NODE_STARTED || event->kind == HP_RUN_EVENT_NODE_PROGRESS ||
          event->kind == HP_RUN_EVENT_NODE_FAILED)
        add_unknown_node (graph, event->node_id);
      if (event->kind == HP_RUN_EVENT_NODES_CACHED)
        for (guint j = 0; event->node_ids != NULL && event->node_ids[j] != NULL; j++)
          add_unknown_node (graph, event->node_ids[j]);
    }

  p->profile = self->unknown_profile;
  p->graph_unknown = TRUE;
  p->cut_off = FALSE;
  _hp_recorder_replay_pending (self, p, cut_off_us);
}

/* @ended just ended (its end received at @ended_us): earlier prompts
 * that ended without a graph wait a while longer (see GRAPH_WAIT_*),
 * then are recorded without one. */
void
_hp_recorder_resolve_stale (HpRecorder *self,
               Prompt     *ended,
               gint64      ended_us)
{
  for (guint i = 0; i < self->waiting->len;)
    {
      Prompt *p = g_ptr_array_index (self->waiting, i);
      gboolean timed;
      gint64 waited_us;

      if (p == ended || p->profile != NULL || !p->pending_ended)
        {
          i++;
          continue;
        }
      /* several events end a prompt (execution_success, executing null) */
      if (p->last_ender != ended)
        {
          p->last_ender = ended;
          p->later_ends++;
        }
      /* resolving takes it off the list */
      timed = ended_us != HP_TIME_UNKNOWN && p->pending_end_us != HP_TIME_UNKNOWN;
      waited_us = timed ? ended_us - p->pending_end_us : 0;
      if ((p->later_ends >= GRAPH_WAIT_PROMPTS && (!timed || waited_us >= GRAPH_WAIT_MIN_US)) ||
          (timed && waited_us >= GRAPH_WAIT_US))
        _hp_recorder_resolve_without_graph (self, p);
      else
        i++;
    }
}
