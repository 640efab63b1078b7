/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-recorder-private.h"
#include <glib/gi18n.h>

#include "hp-comfyui-history-reader.h"
#include "hp-comfyui-workflow-reader.h"
#include "hp-format.h"
#include "hp-json-tree.h"

/* Graphs and profiles of the recorder, and watch mode's history entries. */

#define EXTERNAL_NOTE N_("No per-node timing: started by another client.")

HpProfile *
_hp_recorder_add_profile (HpRecorder *self,
                          HpProfile  *profile)
{
  g_ptr_array_add (self->profiles, profile);
  g_hash_table_insert (self->by_graph_id,
                       g_strdup (hp_workflow_graph_get_id (hp_profile_get_graph (profile))), profile);
  g_signal_emit (self, _hp_recorder_signals[SIGNAL_PROFILE_ADDED], 0, profile);
  return profile;
}

/* Positions of the editor workflow for nodes that have none yet. */
static void
take_positions (HpWorkflowGraph *graph,
                HpWorkflowGraph *editor)
{
  for (guint i = 0; i < hp_workflow_graph_get_n_nodes (editor); i++)
    {
      HpGraphNode *theirs = hp_workflow_graph_get_node (editor, i);
      HpGraphNode *ours = hp_workflow_graph_lookup_node (graph, theirs->id);

      if (ours != NULL && !ours->has_position && theirs->has_position)
        hp_graph_node_set_position (ours, theirs->x, theirs->y, theirs->width, theirs->height);
    }
  hp_workflow_graph_merge_groups (graph, editor);
}

/* The profile of @graph (an API-format prompt), created when new. The
 * editor workflow only adds positions: one the reader cannot read is
 * ignored rather than losing the run. */
HpProfile *
_hp_recorder_profile_for_graph (HpRecorder  *self,
                                JsonNode    *graph,
                                JsonNode    *workflow,
                                const char  *source,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(HpWorkflowGraph) parsed = hp_workflow_graph_new ();
  g_autoptr(GPtrArray) fingerprint = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *graph_id = NULL;
  HpTreeReader r = { source, error };
  HpProfile *profile;

  if (!_hp_comfyui_prompt_fill (&r, graph, path, parsed, fingerprint))
    return NULL;
  if (hp_workflow_graph_get_n_nodes (parsed) == 0)
    {
      _hp_tree_fail (&r, HP_FORMAT_ERROR_MISSING, path, "an empty prompt, expected its nodes");
      return NULL;
    }
  graph_id = _hp_comfyui_workflow_id (fingerprint);

  profile = g_hash_table_lookup (self->by_graph_id, graph_id);
  if (profile == NULL)
    {
      HpWorkflowGraph *profile_graph;

      profile = hp_profile_new ();
      profile_graph = hp_profile_get_graph (profile);
      hp_workflow_graph_merge (profile_graph, parsed);
      hp_workflow_graph_set_id (profile_graph, graph_id);
      hp_workflow_graph_set_name (profile_graph, "ComfyUI workflow");
      _hp_recorder_add_profile (self, profile);
    }

  if (workflow != NULL && !JSON_NODE_HOLDS_NULL (workflow))
    {
      g_autoptr(HpWorkflowGraph) editor = hp_workflow_graph_new ();
      HpTreeReader quiet = { source, NULL };

      if (_hp_comfyui_editor_fill (&quiet, workflow, "$", editor, NULL))
        take_positions (hp_profile_get_graph (profile), editor);
    }
  return profile;
}

/* Shifts a server time to the local clock, when the offset is known. */
static gint64
to_local (HpRecorder *self,
          gint64      server_us)
{
  gint64 local = hp_clock_offset_to_local (self->clock, server_us);

  return local != HP_TIME_UNKNOWN ? local : server_us;
}

/**
 * hp_recorder_add_history_entry:
 * @prompt_id: the prompt's id
 * @history_entry: its GET /history/ID entry ({prompt, outputs, status})
 * @received_us: when it was fetched
 *
 * Watch mode, for prompts queued by another client (whose node events
 * do not reach us): a run with the start, end, cached nodes, success or
 * error of the entry's status.messages, no node durations, and the note
 * "No per-node timing: started by another client". For a prompt whose
 * events we have, the entry only supplies the graph.
 *
 * Returns: %FALSE with @error (%HP_FORMAT_ERROR, naming the JSON path)
 *   for a malformed entry; the recorder is then unchanged
 */
gboolean
hp_recorder_add_history_entry (HpRecorder  *self,
                               const char  *prompt_id,
                               JsonNode    *history_entry,
                               gint64       received_us,
                               GError     **error)
{
  HpTreeReader r = { "ComfyUI history entry", error };
  g_autoptr(HpRun) run = NULL;
  g_autoptr(GString) note = NULL;
  JsonNode *graph, *workflow = NULL, *prompt_node;
  JsonArray *prompt;
  HpProfile *profile;
  Prompt *p;
  double number = 0;
  gboolean converted;

  g_return_val_if_fail (HP_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (prompt_id != NULL, FALSE);
  g_return_val_if_fail (history_entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (history_entry))
    return _hp_tree_wrong_type (&r, "$", "an object (a history entry with prompt and status)", history_entry);
  prompt_node = _hp_tree_member (json_node_get_object (history_entry), "prompt");
  if (prompt_node == NULL || !JSON_NODE_HOLDS_ARRAY (prompt_node) ||
      json_array_get_length (json_node_get_array (prompt_node)) < 3)
    return _hp_tree_wrong_type (&r, "$.prompt", "an array [number, prompt_id, prompt, extra_data, …]",
                                prompt_node);
  prompt = json_node_get_array (prompt_node);
  graph = json_array_get_element (prompt, 2);
  if (JSON_NODE_HOLDS_VALUE (json_array_get_element (prompt, 0)))
    number = json_node_get_double (json_array_get_element (prompt, 0));
  if (json_array_get_length (prompt) > 3 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (prompt, 3)))
    {
      JsonNode *info = _hp_tree_member (json_node_get_object (json_array_get_element (prompt, 3)),
                                        "extra_pnginfo");

      if (info != NULL && JSON_NODE_HOLDS_OBJECT (info))
        workflow = _hp_tree_member (json_node_get_object (info), "workflow");
    }

  p = _hp_recorder_lookup_prompt (self, prompt_id, FALSE);
  if (p != NULL && (p->run != NULL || p->pending->len > 0))
    {
      if (p->profile != NULL)
        return TRUE;
      return _hp_recorder_add_prompt_at (self, prompt_id, number, graph, workflow, received_us,
                                         r.source, "$.prompt[2]", error);
    }

  /* Parse everything before touching the recorder. */
  {
    g_autoptr(HpWorkflowGraph) scratch = hp_workflow_graph_new ();

    run = _hp_comfyui_history_read_entry (&r, prompt_id, history_entry, "$", scratch);
    if (run == NULL)
      return FALSE;
  }
  profile = _hp_recorder_profile_for_graph (self, graph, workflow, r.source, "$.prompt[2]", error);
  if (profile == NULL)
    return FALSE;

  converted = hp_clock_offset_get_n_samples (self->clock) > 0;
  {
    gint64 queued = hp_run_get_queued_us (run);
    gint64 started = hp_run_get_started_us (run);
    gint64 finished = hp_run_get_finished_us (run);

    hp_run_set_queued_us (run, queued != HP_TIME_UNKNOWN ? to_local (self, queued) : queued);
    hp_run_set_started_us (run, started != HP_TIME_UNKNOWN ? to_local (self, started) : started);
    hp_run_set_finished_us (run, finished != HP_TIME_UNKNOWN ? to_local (self, finished) : finished);
  }
  note = g_string_new (_(EXTERNAL_NOTE));
  if (converted)
    {
      g_autofree char *offset = hp_clock_offset_describe (self->clock);

      /* Translators: %s describes the clock offset ("server clock offset +0.120 s …") */
      g_string_append_printf (note, _(" Run times: the server's history timestamps converted to this "
                                      "computer's clock (%s)."), offset);
    }
  else
    g_string_append (note, _(" Run times: the server's history timestamps (server clock, not converted)."));
  hp_run_set_note (run, note->str);

  p = _hp_recorder_lookup_prompt (self, prompt_id, TRUE);
  p->profile = profile;
  p->number = number;
  p->run = g_steal_pointer (&run);
  p->phase = PHASE_ENDED;
  _hp_recorder_run_added (self, p);
  if (!self->deferred)
    g_signal_emit (self, _hp_recorder_signals[SIGNAL_RUN_FINISHED], 0, p->profile, p->run);
  return TRUE;
}

