/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-nodetool-log-reader.h"
#include <glib/gi18n.h>

#include <stdio.h>
#include <string.h>

#include "hp-format-util.h"
#include "hp-json-tree.h"
#include "hp-nodetool-workflow-reader.h"

/* NodeTool's websocket messages saved as JSON Lines, one message per
 * line, either bare or wrapped as {"received_ms": T, "message": {...}}
 * (T: when the client received it, ms since the epoch). Read:
 *   job_update    {job_id?, workflow_id?, status, started_at?,
 *                  finished_at?, error?}
 *   node_update   {node_id, node_name?, node_type?, status, started_at?,
 *                  completed_at?, error?, result?}
 *   node_progress {node_id, progress, total}
 * Other message types (output_update, log_update, …) carry no timing and
 * are skipped. Times in messages are ISO 8601 strings (as the server's
 * job records give them; UTC unless they say otherwise). The messages
 * themselves carry no timestamps in NodeTool's own protocol, which is
 * why the NodeTool client stamps them on receipt: so do we, from T.
 *
 * Node messages name no job: they belong to the job of the latest
 * job_update (or, before any, to the job the next job_update names). */

#define NOTE_PREFIX N_("NodeTool log: ")

typedef struct {
  char        *id;              /* NULL until a job_update names it */
  HpRunStatus  status;
  gboolean     finished;
  gint64       started_us;      /* from started_at */
  gint64       finished_us;     /* from finished_at */
  gint64       first_seen_us;   /* receive time of its first message */
  gint64       running_seen_us; /* receive time of its first "running" */
  gint64       ended_seen_us;   /* receive time of its final status */
  char        *error;
  GPtrArray   *node_runs;       /* of HpNodeRun* */
  GHashTable  *ran;             /* node id → its HpNodeRun* (one per node) */
  GHashTable  *open;            /* node id → Execution* still running */
  guint        from_messages;   /* node times taken from the messages */
  guint        from_receipt;    /* node times taken from receive times */
  guint        without_time;    /* node ends without any time */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->id);
  g_free (job->error);
  g_ptr_array_unref (job->node_runs);
  g_hash_table_unref (job->ran);
  g_hash_table_unref (job->open);
  g_free (job);
}

typedef struct {
  const HpTreeReader *r;
  HpWorkflowGraph    *graph;
  GPtrArray          *jobs;        /* of Job*, in order of appearance */
  Job                *current;
  char               *workflow_id;
  gint64              received_us; /* of the current line, or unknown */
  guint               n_messages;  /* of the three types read */
} Log;

static Job *
job_new (Log *log)
{
  Job *job = g_new0 (Job, 1);

  job->status = HP_RUN_STATUS_RUNNING;
  job->started_us = job->finished_us = HP_TIME_UNKNOWN;
  job->first_seen_us = job->running_seen_us = job->ended_seen_us = HP_TIME_UNKNOWN;
  job->node_runs = g_ptr_array_new_with_free_func (g_object_unref);
  job->ran = g_hash_table_new (NULL, NULL);
  job->open = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_ptr_array_add (log->jobs, job);
  return job;
}

static Job *
current_job (Log *log)
{
  if (log->current == NULL)
    log->current = job_new (log);
  if (log->current->first_seen_us == HP_TIME_UNKNOWN)
    log->current->first_seen_us = log->received_us;
  return log->current;
}

/* An optional ISO 8601 time ("2024-06-10T07:03:20.5Z"; UTC when it has
 * no offset) → µs since the epoch, HP_TIME_UNKNOWN when absent. */
static gboolean
get_iso_time (const HpTreeReader *r,
              JsonObject         *object,
              const char         *parent,
              const char         *name,
              gint64             *time_us)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  JsonNode *node = _hp_tree_member (object, name);
  gint64 us;

  *time_us = HP_TIME_UNKNOWN;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return _hp_tree_wrong_type (r, path, N_("an ISO 8601 time (a string)"), node);
  time = g_date_time_new_from_iso8601 (json_node_get_string (node), utc);
  if (time == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          /* Translators: the text from the file */
                          _("“%s” is not a time, expected ISO 8601 such as 2024-06-10T07:03:20.5Z"),
                          json_node_get_string (node));
  us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  if (us < 0 || us > HP_FORMAT_MAX_TIMESTAMP_US)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          /* Translators: the time from the file */
                          _("“%s” is outside 1970–2200, expected a time in that range"),
                          json_node_get_string (node));
  *time_us = us;
  return TRUE;
}

static gboolean
get_required_string (const HpTreeReader *r,
                     JsonObject         *object,
                     const char         *parent,
                     const char         *name,
                     const char         *expected,
                     const char        **value)
{
  if (!_hp_tree_get_string (r, object, parent, name, value))
    return FALSE;
  if (*value == NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

      /* Translators: what the member should hold ("the job status (…)") */
      return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, path, _("missing, expected %s"), _(expected));
    }
  return TRUE;
}

static gboolean
read_job_update (Log        *log,
                 JsonObject *message,
                 const char *path)
{
  const HpTreeReader *r = log->r;
  g_autofree char *job_id = NULL;
  g_autofree char *id_path = g_strdup_printf ("%s.job_id", path);
  const char *status, *workflow_id, *error;
  gint64 started_us, finished_us;
  Job *job = NULL;

  if (!_hp_tree_get_id (r, _hp_tree_member (message, "job_id"), id_path, &job_id) ||
      !_hp_tree_get_string (r, message, path, "workflow_id", &workflow_id) ||
      !get_required_string (r, message, path, "status", N_("the job status (running, completed, …)"), &status) ||
      !_hp_tree_get_string (r, message, path, "error", &error) ||
      !get_iso_time (r, message, path, "started_at", &started_us) ||
      !get_iso_time (r, message, path, "finished_at", &finished_us))
    return FALSE;

  if (job_id != NULL)
    {
      for (guint i = 0; i < log->jobs->len && job == NULL; i++)
        {
          Job *other = g_ptr_array_index (log->jobs, i);

          if (g_strcmp0 (other->id, job_id) == 0)
            job = other;
        }
      if (job == NULL && log->current != NULL && log->current->id == NULL)
        job = log->current;
      if (job == NULL)
        job = job_new (log);
      if (job->id == NULL)
        job->id = g_steal_pointer (&job_id);
      log->current = job;
    }
  job = current_job (log);
  if (workflow_id != NULL && *workflow_id != '\0' && log->workflow_id == NULL)
    log->workflow_id = g_strdup (workflow_id);

  if (strcmp (status, "queued") == 0)
    {
      /* Waiting: nothing to time yet. */
    }
  else if (strcmp (status, "running") == 0 || strcmp (status, "suspended") == 0 ||
           strcmp (status, "paused") == 0)
    {
      if (job->running_seen_us == HP_TIME_UNKNOWN)
        job->running_seen_us = log->received_us;
    }
  else if (strcmp (status, "completed") == 0 || strcmp (status, "failed") == 0 ||
           strcmp (status, "error") == 0 || strcmp (status, "timed_out") == 0 ||
           strcmp (status, "cancelled") == 0)
    {
      job->finished = TRUE;
      job->ended_seen_us = log->received_us;
      if (strcmp (status, "completed") == 0)
        job->status = HP_RUN_STATUS_SUCCEEDED;
      else if (strcmp (status, "cancelled") == 0)
        job->status = HP_RUN_STATUS_INTERRUPTED;
      else
        job->status = HP_RUN_STATUS_FAILED;
    }
  else
    {
      g_autofree char *status_path = g_strdup_printf ("%s.status", path);

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, status_path,
                            /* Translators: the status from the file; the listed words are kept in English */
                            _("unknown job status “%s”, expected queued, running, suspended, paused, "
                            "completed, failed, error, timed_out or cancelled"), status);
    }

  if (started_us != HP_TIME_UNKNOWN)
    job->started_us = started_us;
  if (finished_us != HP_TIME_UNKNOWN)
    job->finished_us = finished_us;
  if (job->started_us != HP_TIME_UNKNOWN && job->finished_us != HP_TIME_UNKNOWN &&
      job->finished_us < job->started_us)
    {
      g_autofree char *at_path = g_strdup_printf ("%s.%s", path,
                                                  finished_us != HP_TIME_UNKNOWN ? "finished_at" : "started_at");

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, at_path,
                            _("the job finished before it started, expected finished_at ≥ started_at"));
    }
  if (error != NULL && *error != '\0')
    {
      g_free (job->error);
      job->error = g_strdup (error);
    }
  return TRUE;
}

/* The node in the graph, with a type and title when the message has. */
static void
note_node (Log        *log,
           const char *node_id,
           const char *type,
           const char *title)
{
  g_autofree char *short_type = _hp_nodetool_short_type (type);
  HpGraphNode *node = hp_workflow_graph_lookup_node (log->graph, node_id);

  if (node == NULL)
    {
      hp_workflow_graph_add_node (log->graph, node_id, short_type, title, NULL);
      return;
    }
  if (node->type == NULL && short_type != NULL)
    node->type = g_steal_pointer (&short_type);
  if (node->title == NULL && title != NULL)
    node->title = g_strdup (title);
}

/* One execution of a node under way. A node that runs again in the same
 * job (a loop, a retry; found by tests/fuzz) stays one node run, as in
 * the Dify reader: from its first start to its last end, its duration the
 * sum of its executions, a start after a failure counted as a retry. */
typedef struct {
  gint64    start_us;
  gboolean  again;     /* the node ran before in this job */
} Execution;

static void
open_node_run (Job        *job,
               const char *node_id,
               gint64      start_us)
{
  HpNodeRun *node_run = g_hash_table_lookup (job->ran, node_id);
  Execution *execution = g_new0 (Execution, 1);

  execution->start_us = start_us;
  if (node_run == NULL)
    {
      node_run = hp_node_run_new (node_id, HP_NODE_STATUS_RUNNING);
      hp_node_run_set_times (node_run, start_us, HP_TIME_UNKNOWN);
      g_ptr_array_add (job->node_runs, node_run);
      g_hash_table_insert (job->ran, (gpointer) node_id, node_run);
    }
  else
    {
      execution->again = TRUE;
      if (hp_node_run_get_status (node_run) == HP_NODE_STATUS_FAILED)
        hp_node_run_set_retries (node_run, hp_node_run_get_retries (node_run) + 1);
      hp_node_run_set_status (node_run, HP_NODE_STATUS_RUNNING);
    }
  g_hash_table_insert (job->open, (gpointer) node_id, execution);
}

static gint64
earliest (gint64 a,
          gint64 b)
{
  return a == HP_TIME_UNKNOWN ? b : b == HP_TIME_UNKNOWN ? a : MIN (a, b);
}

static gint64
latest (gint64 a,
        gint64 b)
{
  return a == HP_TIME_UNKNOWN ? b : b == HP_TIME_UNKNOWN ? a : MAX (a, b);
}

static gboolean
read_node_update (Log        *log,
                  JsonObject *message,
                  const char *path)
{
  const HpTreeReader *r = log->r;
  g_autofree char *node_id = NULL;
  g_autofree char *id_path = g_strdup_printf ("%s.node_id", path);
  const char *status, *name, *type, *error, *id;
  gint64 started_us, completed_us, start_us, end_us;
  gboolean starts, ends, failed, again;
  HpNodeRun *node_run;
  Execution *execution;
  JsonNode *result;
  Job *job;

  if (!_hp_tree_get_id (r, _hp_tree_member (message, "node_id"), id_path, &node_id))
    return FALSE;
  if (node_id == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, id_path, _("missing, expected the node id"));
  if (!_hp_tree_get_string (r, message, path, "node_name", &name) ||
      !_hp_tree_get_string (r, message, path, "node_type", &type) ||
      !get_required_string (r, message, path, "status", N_("the node status (running, completed, error)"),
                            &status) ||
      !_hp_tree_get_string (r, message, path, "error", &error) ||
      !get_iso_time (r, message, path, "started_at", &started_us) ||
      !get_iso_time (r, message, path, "completed_at", &completed_us))
    return FALSE;

  id = g_intern_string (node_id);
  note_node (log, id, type, name);
  job = current_job (log);

  starts = strcmp (status, "running") == 0 || strcmp (status, "starting") == 0 ||
           strcmp (status, "booting") == 0;
  failed = strcmp (status, "error") == 0 || strcmp (status, "failed") == 0;
  ends = failed || strcmp (status, "completed") == 0;
  /* Other statuses (queued, pending, …) carry no timing. */
  if (!starts && !ends)
    return TRUE;

  if (starts)
    {
      if (!g_hash_table_contains (job->open, id))
        open_node_run (job, id, started_us != HP_TIME_UNKNOWN ? started_us : log->received_us);
      return TRUE;
    }

  if (!g_hash_table_contains (job->open, id))
    open_node_run (job, id, HP_TIME_UNKNOWN);
  node_run = g_hash_table_lookup (job->ran, id);
  execution = g_hash_table_lookup (job->open, id);
  again = execution->again;
  start_us = started_us != HP_TIME_UNKNOWN ? started_us : execution->start_us;
  g_hash_table_remove (job->open, id);

  end_us = completed_us != HP_TIME_UNKNOWN ? completed_us : log->received_us;
  if (start_us != HP_TIME_UNKNOWN && end_us != HP_TIME_UNKNOWN && end_us < start_us)
    {
      g_autofree char *at_path = g_strdup_printf ("%s.%s", path,
                                                  completed_us != HP_TIME_UNKNOWN ? "completed_at" : "status");

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, at_path,
                            /* Translators: a node id */
                            _("node “%s” ends before it started, expected its end at or after its start"), id);
    }
  if (started_us != HP_TIME_UNKNOWN && completed_us != HP_TIME_UNKNOWN)
    job->from_messages++;
  else if (start_us != HP_TIME_UNKNOWN && end_us != HP_TIME_UNKNOWN)
    job->from_receipt++;
  else
    job->without_time++;

  if (!again)
    hp_node_run_set_times (node_run, start_us, end_us);
  else
    {
      gint64 before_us = hp_node_run_get_duration_us (node_run);
      gint64 first_us = hp_node_run_get_start_us (node_run);
      gint64 last_us = hp_node_run_get_end_us (node_run);

      /* The span covers every known time, even when one execution lacks
       * its start and another its end. */
      hp_node_run_set_times (node_run,
                             earliest (earliest (first_us, last_us), earliest (start_us, end_us)),
                             latest (latest (first_us, last_us), latest (start_us, end_us)));
      hp_node_run_set_duration_us (node_run, before_us != HP_TIME_UNKNOWN && start_us != HP_TIME_UNKNOWN &&
                                             end_us != HP_TIME_UNKNOWN
                                             ? before_us + (end_us - start_us) : HP_TIME_UNKNOWN);
    }
  hp_node_run_set_status (node_run, failed ? HP_NODE_STATUS_FAILED : HP_NODE_STATUS_COMPLETED);
  if (error != NULL && *error != '\0')
    hp_node_run_set_error (node_run, error);
  else if (failed)
    hp_node_run_set_error (node_run, _("error (no message)"));

  /* Like NodeTool's profiler: the result's size as JSON text. */
  result = _hp_tree_member (message, "result");
  if (result != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      gsize size;

      json_generator_set_root (generator, result);
      g_free (json_generator_to_data (generator, &size));
      hp_node_run_set_output_size (node_run, (gint64) size);
    }
  return TRUE;
}

static gboolean
read_node_progress (Log        *log,
                    JsonObject *message,
                    const char *path)
{
  static const char * const names[] = { "progress", "total" };
  const HpTreeReader *r = log->r;
  g_autofree char *node_id = NULL;
  g_autofree char *id_path = g_strdup_printf ("%s.node_id", path);
  double values[2];
  HpNodeRun *node_run;
  const char *id;
  Job *job;

  if (!_hp_tree_get_id (r, _hp_tree_member (message, "node_id"), id_path, &node_id))
    return FALSE;
  if (node_id == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, id_path, _("missing, expected the node id"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *value_path = g_strdup_printf ("%s.%s", path, names[i]);
      gboolean present;

      if (!_hp_tree_get_number (r, message, path, names[i], &values[i], &present))
        return FALSE;
      if (!present)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, value_path, _("missing, expected a number"));
      if (values[i] < 0 || values[i] > 1e15)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, value_path,
                              /* Translators: the number from the file */
                              _("%g is out of range, expected 0 to 1e15"), values[i]);
    }

  id = g_intern_string (node_id);
  note_node (log, id, NULL, NULL);
  job = current_job (log);
  /* Progress before the node's "running": it runs from here on. */
  if (!g_hash_table_contains (job->open, id))
    open_node_run (job, id, log->received_us);
  node_run = g_hash_table_lookup (job->ran, id);
  hp_node_run_add_progress (node_run, log->received_us, values[0], values[1]);
  return TRUE;
}

/* {"received_ms": T, "message": {...}}: a bare message has a "type"
 * and, for job_update, a "message" that is a string. */
static gboolean
read_line (Log        *log,
           JsonObject *root)
{
  const HpTreeReader *r = log->r;
  JsonObject *message = root;
  const char *path = "$", *type;
  g_autofree char *type_path = NULL;
  JsonNode *inner = _hp_tree_member (root, "message");

  log->received_us = HP_TIME_UNKNOWN;
  if (json_object_has_member (root, "received_ms") ||
      (inner != NULL && JSON_NODE_HOLDS_OBJECT (inner) && !json_object_has_member (root, "type")))
    {
      if (!_hp_tree_get_time (r, root, "$", "received_ms", 1000.0, &log->received_us))
        return FALSE;
      if (inner == NULL)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, "$.message",
                              _("missing, expected the NodeTool message beside received_ms"));
      if (!JSON_NODE_HOLDS_OBJECT (inner))
        return _hp_tree_wrong_type (r, "$.message", N_("an object (a NodeTool message)"), inner);
      message = json_node_get_object (inner);
      path = "$.message";
    }

  if (!get_required_string (r, message, path, "type", N_("the message type (job_update, node_update, …)"), &type))
    return FALSE;
  if (strcmp (type, "job_update") == 0)
    {
      log->n_messages++;
      return read_job_update (log, message, path);
    }
  if (strcmp (type, "node_update") == 0)
    {
      log->n_messages++;
      return read_node_update (log, message, path);
    }
  if (strcmp (type, "node_progress") == 0)
    {
      log->n_messages++;
      return read_node_progress (log, message, path);
    }
  return TRUE;
}

/* One line of JSON: parse errors with the line and column in the file. */
static gboolean
parse_line (Log        *log,
            JsonParser *parser,
            guint       line,
            guint       column,
            const char *text,
            gsize       length,
            gboolean    last)
{
  const char *source = log->r->source;
  g_autofree char *where = g_strdup_printf ("%s:%u:%u", source, line, column);
  HpTreeReader line_reader = { where, log->r->error };
  const HpTreeReader *saved = log->r;
  JsonObject *object;
  gboolean ok;

  if (!_hp_tree_parse_line (log->r, parser, line, column, text, length, last,
                            N_("message"), N_("a message object"), &object))
    return FALSE;

  log->r = &line_reader;
  ok = read_line (log, object);
  log->r = saved;
  return ok;
}

static gboolean
only_blank (const char *p,
            const char *end)
{
  for (; p < end; p++)
    if (!_hp_json_is_space (*p))
      return FALSE;
  return TRUE;
}

static char *
job_note (Job *job)
{
  GString *note = g_string_new (_(NOTE_PREFIX));

  if (job->from_messages > 0 && job->from_receipt == 0)
    /* Translators: started_at and completed_at are NodeTool field names */
    g_string_append (note, _("node times from the messages' started_at/completed_at"));
  else if (job->from_messages == 0 && job->from_receipt > 0)
    /* Translators: received_ms is a field name */
    g_string_append (note, _("node times are when the messages were received (received_ms), "
                             "not when the server ran the nodes"));
  else if (job->from_messages > 0)
    /* Translators: received_ms is a field name */
    g_string_append (note, _("node times partly from the messages' timestamps, partly from "
                             "receive times (received_ms)"));
  else
    g_string_append (note, _("no timestamps or receive times; node durations unknown"));
  if (!job->finished)
    g_string_append (note, _("; the log ends before the job finished"));
  if (job->error != NULL)
    /* Translators: %s is the error NodeTool reported */
    g_string_append_printf (note, _("; job error: %s"), job->error);
  return g_string_free (note, FALSE);
}

static HpRun *
build_run (Job  *job,
           guint number)
{
  g_autofree char *fallback_id = g_strdup_printf ("nodetool-job-%u", number);
  g_autofree char *note = job_note (job);
  HpRun *run = hp_run_new (job->id != NULL ? job->id : fallback_id);
  gboolean any_failed = FALSE;
  gint64 started_us, finished_us;

  for (guint i = 0; i < job->node_runs->len; i++)
    {
      HpNodeRun *node_run = g_ptr_array_index (job->node_runs, i);

      any_failed |= hp_node_run_get_status (node_run) == HP_NODE_STATUS_FAILED;
      hp_run_add_node_run (run, node_run);
    }

  started_us = job->started_us;
  if (started_us == HP_TIME_UNKNOWN)
    started_us = job->running_seen_us != HP_TIME_UNKNOWN ? job->running_seen_us : job->first_seen_us;
  finished_us = job->finished_us != HP_TIME_UNKNOWN ? job->finished_us : job->ended_seen_us;
  if (started_us != HP_TIME_UNKNOWN && finished_us != HP_TIME_UNKNOWN && finished_us < started_us)
    finished_us = HP_TIME_UNKNOWN;
  hp_run_set_started_us (run, started_us);
  hp_run_set_finished_us (run, finished_us);

  if (job->finished)
    hp_run_set_status (run, job->status);
  else
    hp_run_set_status (run, any_failed ? HP_RUN_STATUS_FAILED : HP_RUN_STATUS_INTERRUPTED);
  hp_run_set_note (run, note);
  return run;
}

/**
 * hp_nodetool_log_read:
 * @data: NodeTool websocket messages saved as JSON Lines (each bare or
 *   wrapped as {"received_ms": T, "message": {...}})
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * One run per job (the job_id; "nodetool-job-N" for a job never named),
 * its status from the last job_update (a job without a final status is
 * interrupted, or failed when a node failed), its times from
 * started_at/finished_at or else from the receive times. Node runs from
 * node_update running → completed/error, timed by the messages'
 * started_at/completed_at when present, else by the receive times; each
 * run's note says which. node_progress adds progress events (at the
 * receive time). The graph: nodes from node_id, node_type (last part)
 * and node_name; no edges. Its id is the job's workflow_id, the id the
 * profiler export and the workflow JSON use, so they merge.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR, "SOURCE:LINE:COL: JSONPATH: …")
 */
HpProfile *
hp_nodetool_log_read (const char  *data,
                      gsize        length,
                      const char  *source_name,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) local_error = NULL;
  HpTreeReader reader = { source_name, error };
  Log log = { &reader, NULL, NULL, NULL, NULL, HP_TIME_UNKNOWN, 0 };
  const char *p, *end;
  guint line = 0, unnamed = 0;
  gsize bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  p = data + bom;
  end = data + length;
  if (only_blank (p, end))
    {
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY,
                   /* Translators: a file name */
                   _("%s: the file is empty, expected NodeTool job and node messages"), source_name);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  profile = hp_profile_new ();
  jobs = g_ptr_array_new_with_free_func (job_free);
  runs = g_ptr_array_new_with_free_func (g_object_unref);
  log.graph = hp_profile_get_graph (profile);
  log.jobs = jobs;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *next = eol != NULL ? eol + 1 : end;
      const char *s = p, *e = eol != NULL ? eol : end;

      line++;
      if (e > s && e[-1] == '\r')
        e--;
      while (s < e && (*s == ' ' || *s == '\t'))
        s++;
      if (s < e && !parse_line (&log, parser, line, (guint) (s - p) + 1 + (line == 1 ? (guint) bom : 0),
                                s, (gsize) (e - s), only_blank (next, end)))
        {
          g_free (log.workflow_id);
          return NULL;
        }
      p = next;
    }

  if (log.n_messages == 0)
    {
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_MISSING,
                   /* Translators: a file name; the message types are kept in English */
                   _("%s: no job_update, node_update or node_progress messages, expected a NodeTool job log"),
                   source_name);
      g_free (log.workflow_id);
      return NULL;
    }

  hp_workflow_graph_set_id (log.graph, log.workflow_id != NULL ? log.workflow_id : "nodetool-workflow");
  hp_workflow_graph_set_name (log.graph, "NodeTool workflow");
  g_free (log.workflow_id);

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      g_ptr_array_add (runs, build_run (job, job->id == NULL ? ++unnamed : 0));
    }
  if (!hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, &local_error))
    {
      /* Only a job named like an unnamed one ("nodetool-job-1") gets here. */
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_DUPLICATE,
                   /* Translators: a file name, then what is wrong */
                   _("%s: %s, expected distinct job ids"), source_name, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&profile);
}
