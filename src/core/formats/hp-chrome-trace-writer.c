/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-chrome-trace-writer.h"

#include <math.h>

#include "hp-format-util.h"

/* Chrome trace event JSON, as chrome://tracing and ui.perfetto.dev open
 * it. Written by hand rather than through a JsonBuilder tree: profiles
 * can hold hundreds of thousands of node runs. */

#define TID_NODES 1
#define TID_QUEUE 2

static void
begin_event (GString    *out,
             gboolean   *first,
             const char *name,
             const char *ph,
             guint       pid,
             int         tid)
{
  g_string_append (out, *first ? "\n" : ",\n");
  *first = FALSE;
  g_string_append (out, "{\"name\":");
  _hp_json_append_string (out, name);
  g_string_append_printf (out, ",\"ph\":\"%s\",\"pid\":%u", ph, pid);
  if (tid >= 0)
    g_string_append_printf (out, ",\"tid\":%d", tid);
}

static void
append_metadata (GString    *out,
                 gboolean   *first,
                 const char *name,
                 guint       pid,
                 int         tid,
                 const char *arg_name,
                 const char *string_value,
                 guint       int_value)
{
  begin_event (out, first, name, "M", pid, tid);
  g_string_append (out, ",\"args\":{");
  _hp_json_append_string (out, arg_name);
  g_string_append_c (out, ':');
  if (string_value != NULL)
    _hp_json_append_string (out, string_value);
  else
    g_string_append_printf (out, "%u", int_value);
  g_string_append (out, "}}");
}

static void
append_arg_string (GString    *out,
                   const char *name,
                   const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, ",\"%s\":", name);
  _hp_json_append_string (out, value);
}

static void
append_node_run (GString         *out,
                 gboolean        *first,
                 HpWorkflowGraph *graph,
                 HpRun           *run,
                 HpNodeRun       *node_run,
                 guint            pid)
{
  const char *node_id = hp_node_run_get_node_id (node_run);
  HpGraphNode *node = hp_workflow_graph_lookup_node (graph, node_id);
  const char *type = node != NULL ? node->type : NULL;
  const char *title = node != NULL ? node->title : NULL;
  HpNodeStatus status = hp_node_run_get_status (node_run);
  gint64 start = hp_node_run_get_start_us (node_run);
  gint64 duration = hp_node_run_get_duration_us (node_run);
  const char *name;
  guint n_progress;
  gint64 tokens;
  double cost;

  if (status == HP_NODE_STATUS_CACHED)
    {
      /* No time spent: a mark where the cache answered. */
      if (start == HP_TIME_UNKNOWN)
        start = hp_run_get_started_us (run);
      if (start == HP_TIME_UNKNOWN)
        return;
      duration = HP_TIME_UNKNOWN;
    }
  else if (start == HP_TIME_UNKNOWN || duration == HP_TIME_UNKNOWN)
    return;

  name = title != NULL && *title != '\0' ? title : type != NULL && *type != '\0' ? type : node_id;

  begin_event (out, first, name, duration == HP_TIME_UNKNOWN ? "i" : "X", pid, TID_NODES);
  if (type != NULL)
    {
      g_string_append (out, ",\"cat\":");
      _hp_json_append_string (out, type);
    }
  g_string_append_printf (out, ",\"ts\":%" G_GINT64_FORMAT, start);
  if (duration == HP_TIME_UNKNOWN)
    g_string_append (out, ",\"s\":\"t\"");
  else
    g_string_append_printf (out, ",\"dur\":%" G_GINT64_FORMAT, duration);

  g_string_append (out, ",\"args\":{\"node_id\":");
  _hp_json_append_string (out, node_id);
  append_arg_string (out, "type", type);
  append_arg_string (out, "title", title);
  append_arg_string (out, "status", hp_node_status_to_string (status));
  hp_node_run_get_progress (node_run, &n_progress);
  if (n_progress > 0)
    g_string_append_printf (out, ",\"progress_steps\":%u", n_progress);
  append_arg_string (out, "error", hp_node_run_get_error (node_run));
  tokens = hp_node_run_get_tokens (node_run);
  if (tokens >= 0)
    g_string_append_printf (out, ",\"tokens\":%" G_GINT64_FORMAT, tokens);
  cost = hp_node_run_get_cost (node_run);
  if (isfinite (cost))
    {
      g_string_append (out, ",\"cost\":");
      _hp_append_double (out, cost);
      append_arg_string (out, "currency", hp_node_run_get_currency (node_run));
    }
  g_string_append (out, "}}");
}

/**
 * hp_chrome_trace_write:
 * @profile: the profile to export
 *
 * Writes @profile as Chrome trace event JSON: one process per run
 * (pid = 1-based position of the run, named after the workflow, the run
 * and its status; the name's args also carry run_id, run_status,
 * workflow_id, workflow_name, note, started_us and finished_us); on thread 1 ("nodes") a complete event per node run
 * with a start and a duration (epoch µs) and an instant event per cached
 * node; on thread 2 ("queue") the queue wait when it is known. Event args
 * carry node_id, type, title, status, progress_steps, error, tokens, cost.
 *
 * Returns: (transfer full): the JSON text
 */
GString *
hp_chrome_trace_write (HpProfile *profile)
{
  HpWorkflowGraph *graph;
  const char *workflow;
  GString *out;
  gboolean first = TRUE;
  guint n_runs;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);

  graph = hp_profile_get_graph (profile);
  workflow = hp_workflow_graph_get_name (graph);
  if (workflow == NULL || *workflow == '\0')
    workflow = hp_workflow_graph_get_id (graph);
  if (workflow == NULL || *workflow == '\0')
    workflow = "Workflow";

  out = g_string_new ("{\"traceEvents\":[");
  n_runs = hp_profile_get_n_runs (profile);
  for (guint r = 0; r < n_runs; r++)
    {
      HpRun *run = hp_profile_get_run (profile, r);
      GPtrArray *node_runs = hp_run_get_node_runs (run);
      g_autofree char *process_name = NULL;
      gint64 queued = hp_run_get_queued_us (run);
      gint64 queue = hp_run_get_queue_us (run);
      guint pid = r + 1;

      process_name = g_strdup_printf ("%s — run %s (%s)", workflow, hp_run_get_id (run),
                                      hp_run_status_to_string (hp_run_get_status (run)));
      /* The run's id, status and times ride along in the process name's
       * args, so Hotpath reads its own traces back whole. */
      begin_event (out, &first, "process_name", "M", pid, 0);
      g_string_append (out, ",\"args\":{\"name\":");
      _hp_json_append_string (out, process_name);
      append_arg_string (out, "run_id", hp_run_get_id (run));
      append_arg_string (out, "run_status", hp_run_status_to_string (hp_run_get_status (run)));
      append_arg_string (out, "workflow_id", hp_workflow_graph_get_id (graph));
      append_arg_string (out, "workflow_name", hp_workflow_graph_get_name (graph));
      append_arg_string (out, "note", hp_run_get_note (run));
      if (hp_run_get_started_us (run) != HP_TIME_UNKNOWN)
        g_string_append_printf (out, ",\"started_us\":%" G_GINT64_FORMAT, hp_run_get_started_us (run));
      if (hp_run_get_finished_us (run) != HP_TIME_UNKNOWN)
        g_string_append_printf (out, ",\"finished_us\":%" G_GINT64_FORMAT, hp_run_get_finished_us (run));
      g_string_append (out, "}}");
      append_metadata (out, &first, "process_sort_index", pid, 0, "sort_index", NULL, pid);
      append_metadata (out, &first, "thread_name", pid, TID_NODES, "name", "nodes", 0);

      if (queued != HP_TIME_UNKNOWN && queue != HP_TIME_UNKNOWN)
        {
          append_metadata (out, &first, "thread_name", pid, TID_QUEUE, "name", "queue", 0);
          begin_event (out, &first, "queued", "X", pid, TID_QUEUE);
          g_string_append_printf (out,
                                  ",\"cat\":\"queue\",\"ts\":%" G_GINT64_FORMAT
                                  ",\"dur\":%" G_GINT64_FORMAT ",\"args\":{\"run_id\":",
                                  queued, queue);
          _hp_json_append_string (out, hp_run_get_id (run));
          g_string_append (out, "}}");
        }

      for (guint i = 0; i < node_runs->len; i++)
        append_node_run (out, &first, graph, run, g_ptr_array_index (node_runs, i), pid);
    }
  g_string_append (out, "\n],\"displayTimeUnit\":\"ms\"}\n");
  return out;
}
