/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfyui-node-reader.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "hp-format.h"
#include "hp-format-util.h"
#include "hp-json-tree.h"

/* Reads the JobProfileStats JSON that the comfyui-node SDK's WorkflowPool
 * produces with profiling on (job.profileStats): one run per file, times
 * in milliseconds measured by the client. These files are small, so
 * json-glib's tree parser is fine here. */

/* The shared json-glib helpers (hp-json-tree.h) do the checking. */
typedef HpTreeReader Reader;

/* The SDK writes node ids as strings; plain integers are taken too. */
static gboolean
read_node_id (const Reader  *r,
              JsonObject    *object,
              const char    *parent,
              char         **node_id)
{
  g_autofree char *path = g_strdup_printf ("%s.nodeId", parent);
  JsonNode *node = _hp_tree_member (object, "nodeId");
  GType type;

  *node_id = NULL;
  if (node == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, path, _("missing, expected the node id (a string)"));

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *node_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_STRING)
    *node_id = g_strdup (json_node_get_string (node));
  else
    return _hp_tree_wrong_type (r, path, N_("a string"), node);

  if (**node_id == '\0')
    {
      g_clear_pointer (node_id, g_free);
      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, path, _("empty, expected the node id"));
    }
  return TRUE;
}

static gboolean
read_progress (const Reader *r,
               JsonObject   *object,
               const char   *parent,
               HpNodeRun    *node_run)
{
  g_autofree char *path = g_strdup_printf ("%s.progressEvents", parent);
  JsonNode *node = _hp_tree_member (object, "progressEvents");
  JsonArray *events;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _hp_tree_wrong_type (r, path, N_("an array"), node);

  events = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      g_autofree char *event_path = g_strdup_printf ("%s[%u]", path, i);
      JsonNode *event_node = json_array_get_element (events, i);
      JsonObject *event;
      gint64 time_us;
      double value, max;
      gboolean has_value, has_max;

      if (!JSON_NODE_HOLDS_OBJECT (event_node))
        return _hp_tree_wrong_type (r, event_path, N_("an object"), event_node);
      event = json_node_get_object (event_node);

      if (!_hp_tree_get_time (r, event, event_path, "timestamp", 1000.0, &time_us) ||
          !_hp_tree_get_number (r, event, event_path, "value", &value, &has_value) ||
          !_hp_tree_get_number (r, event, event_path, "max", &max, &has_max))
        return FALSE;
      if (time_us == HP_TIME_UNKNOWN || !has_value || !has_max)
        {
          g_autofree char *member_path =
            g_strdup_printf ("%s.%s", event_path,
                             time_us == HP_TIME_UNKNOWN ? "timestamp" : !has_value ? "value" : "max");

          return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, member_path, _("missing, expected a number"));
        }
      hp_node_run_add_progress (node_run, time_us, value, max);
    }
  return TRUE;
}

typedef struct {
  HpNodeRun *node_run;
  gboolean   executing;
} NodeResult;

static gboolean
read_node (const Reader    *r,
           JsonNode        *node,
           const char      *path,
           HpWorkflowGraph *graph,
           GHashTable      *seen,
           GPtrArray       *fingerprint,
           NodeResult      *result)
{
  g_autofree char *node_id = NULL;
  g_autoptr(HpNodeRun) node_run = NULL;
  JsonObject *object;
  const char *type, *title, *status_name, *error_text, *first_path;
  gboolean cached;
  gint64 start_us, end_us, duration_us;
  HpNodeStatus status;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _hp_tree_wrong_type (r, path, N_("an object (a node profile)"), node);
  object = json_node_get_object (node);

  if (!read_node_id (r, object, path, &node_id))
    return FALSE;
  first_path = g_hash_table_lookup (seen, g_intern_string (node_id));
  if (first_path != NULL)
    {
      g_autofree char *id_path = g_strdup_printf ("%s.nodeId", path);

      return _hp_tree_fail (r, HP_FORMAT_ERROR_DUPLICATE, id_path,
                          /* Translators: a node id, then the JSON path where it first appeared */
                          _("node id “%s” appears twice (first at %s), expected each node once"),
                          node_id, first_path);
    }
  g_hash_table_insert (seen, (gpointer) g_intern_string (node_id), g_strdup (path));

  if (!_hp_tree_get_string (r, object, path, "type", &type) ||
      !_hp_tree_get_string (r, object, path, "title", &title) ||
      !_hp_tree_get_string (r, object, path, "status", &status_name) ||
      !_hp_tree_get_string (r, object, path, "error", &error_text) ||
      !_hp_tree_get_boolean (r, object, path, "cached", &cached) ||
      !_hp_tree_get_time (r, object, path, "startedAt", 1000.0, &start_us) ||
      !_hp_tree_get_time (r, object, path, "completedAt", 1000.0, &end_us) ||
      !_hp_tree_get_duration (r, object, path, "duration", 1000.0, &duration_us))
    return FALSE;

  if (start_us != HP_TIME_UNKNOWN && end_us != HP_TIME_UNKNOWN && end_us < start_us)
    {
      g_autofree char *end_path = g_strdup_printf ("%s.completedAt", path);

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, end_path,
                          _("the node completed before it started, expected completedAt ≥ startedAt"));
    }

  result->executing = FALSE;
  if (status_name == NULL)
    status = cached ? HP_NODE_STATUS_CACHED :
             end_us != HP_TIME_UNKNOWN || duration_us != HP_TIME_UNKNOWN ? HP_NODE_STATUS_COMPLETED :
             HP_NODE_STATUS_PENDING;
  else if (strcmp (status_name, "failed") == 0)
    status = HP_NODE_STATUS_FAILED;
  else if (strcmp (status_name, "cached") == 0 || cached)
    status = HP_NODE_STATUS_CACHED;
  else if (strcmp (status_name, "completed") == 0)
    status = HP_NODE_STATUS_COMPLETED;
  else if (strcmp (status_name, "pending") == 0)
    status = HP_NODE_STATUS_PENDING;
  else if (strcmp (status_name, "executing") == 0)
    {
      status = HP_NODE_STATUS_RUNNING;
      result->executing = TRUE;
    }
  else
    {
      g_autofree char *status_path = g_strdup_printf ("%s.status", path);

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, status_path,
                          /* Translators: the status from the file; the listed words are kept in English */
                          _("unknown status “%s”, expected pending, executing, completed, cached or failed"),
                          status_name);
    }

  node_run = hp_node_run_new (node_id, status);
  hp_node_run_set_times (node_run, start_us, end_us);
  /* The SDK's own duration wins over the difference of the times. */
  if (duration_us != HP_TIME_UNKNOWN)
    hp_node_run_set_duration_us (node_run, duration_us);
  if (error_text != NULL)
    hp_node_run_set_error (node_run, error_text);
  if (!read_progress (r, object, path, node_run))
    return FALSE;

  hp_workflow_graph_add_node (graph, node_id, type, title, NULL);
  g_ptr_array_add (fingerprint, g_strdup_printf ("%s\x1f%s", node_id, type != NULL ? type : ""));

  result->node_run = g_steal_pointer (&node_run);
  return TRUE;
}

static gint64
node_run_sort_time (HpNodeRun *node_run)
{
  gint64 t = hp_node_run_get_start_us (node_run);

  return t == HP_TIME_UNKNOWN ? G_MAXINT64 : t;
}

/* Stable (GLib's sort is a merge sort): same start keeps file order. */
static int
compare_node_runs (gconstpointer a,
                   gconstpointer b)
{
  gint64 ta = node_run_sort_time (*(HpNodeRun * const *) a);
  gint64 tb = node_run_sort_time (*(HpNodeRun * const *) b);

  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/**
 * hp_comfyui_node_read:
 * @data: a comfyui-node JobProfileStats JSON document
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Reads one job's profile: a profile with one run (its id the prompt id)
 * and a graph of the job's nodes (no edges: the format has none).
 * Node statuses map as: completed, cached (or "cached": true), failed,
 * pending as such, executing → running. The run failed when a node
 * failed; else it is running while completedAt is missing, interrupted
 * when a node never finished, and succeeded otherwise.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR, the message naming the JSON path)
 */
HpProfile *
hp_comfyui_node_read (const char  *data,
                      gsize        length,
                      const char  *source_name,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(HpRun) run = NULL;
  g_autoptr(GPtrArray) node_runs = NULL;
  g_autoptr(GPtrArray) fingerprint = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *workflow_id = NULL;
  Reader reader = { source_name, error };
  const Reader *r = &reader;
  HpWorkflowGraph *graph;
  JsonNode *root, *nodes_node, *summary;
  JsonObject *job;
  JsonArray *nodes;
  const char *prompt_id;
  gint64 queued_us, started_us, finished_us, queue_us, execution_us, total_us;
  gboolean any_failed = FALSE, any_executing = FALSE;
  gsize bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  data += bom;
  length -= bom;

  parser = json_parser_new_immutable ();
  if (!_hp_tree_parse (r, parser, data, length, N_("a comfyui-node profile")))
    return NULL;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      _hp_tree_wrong_type (r, "$", N_("an object (comfyui-node JobProfileStats)"), root);
      return NULL;
    }
  job = json_node_get_object (root);

  if (!_hp_tree_get_string (r, job, "$", "promptId", &prompt_id) ||
      !_hp_tree_get_time (r, job, "$", "queuedAt", 1000.0, &queued_us) ||
      !_hp_tree_get_time (r, job, "$", "startedAt", 1000.0, &started_us) ||
      !_hp_tree_get_time (r, job, "$", "completedAt", 1000.0, &finished_us) ||
      !_hp_tree_get_duration (r, job, "$", "queueTime", 1000.0, &queue_us) ||
      !_hp_tree_get_duration (r, job, "$", "executionTime", 1000.0, &execution_us) ||
      !_hp_tree_get_duration (r, job, "$", "totalDuration", 1000.0, &total_us))
    return NULL;

  summary = _hp_tree_member (job, "summary");
  if (summary != NULL && !JSON_NODE_HOLDS_OBJECT (summary))
    {
      _hp_tree_wrong_type (r, "$.summary", N_("an object"), summary);
      return NULL;
    }

  nodes_node = _hp_tree_member (job, "nodes");
  if (nodes_node == NULL)
    {
      _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, "$.nodes",
                   _("missing, expected an array of node profiles"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (nodes_node))
    {
      _hp_tree_wrong_type (r, "$.nodes", N_("an array of node profiles"), nodes_node);
      return NULL;
    }
  nodes = json_node_get_array (nodes_node);

  /* Without startedAt the SDK's queueTime is the wait from queuedAt. */
  if (started_us == HP_TIME_UNKNOWN && queued_us != HP_TIME_UNKNOWN && queue_us != HP_TIME_UNKNOWN)
    started_us = queued_us + queue_us;

  if (queued_us != HP_TIME_UNKNOWN && started_us != HP_TIME_UNKNOWN && started_us < queued_us)
    {
      _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, "$.startedAt",
                   _("the job started before it was queued, expected startedAt ≥ queuedAt"));
      return NULL;
    }
  if (started_us != HP_TIME_UNKNOWN && finished_us != HP_TIME_UNKNOWN && finished_us < started_us)
    {
      _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, "$.completedAt",
                   _("the job completed before it started, expected completedAt ≥ startedAt"));
      return NULL;
    }

  profile = hp_profile_new ();
  graph = hp_profile_get_graph (profile);
  node_runs = g_ptr_array_new_with_free_func (g_object_unref);
  fingerprint = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.nodes[%u]", i);
      NodeResult result = { NULL, FALSE };

      if (!read_node (r, json_array_get_element (nodes, i), path, graph, seen, fingerprint, &result))
        return NULL;
      any_failed |= hp_node_run_get_status (result.node_run) == HP_NODE_STATUS_FAILED;
      any_executing |= result.executing;
      g_ptr_array_add (node_runs, result.node_run);
    }

  if (prompt_id != NULL && *prompt_id != '\0')
    run_id = g_strdup (prompt_id);
  else if (queued_us != HP_TIME_UNKNOWN)
    run_id = g_strdup_printf ("job-%" G_GINT64_FORMAT, queued_us / 1000);
  else
    {
      g_autofree char *digest =
        g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);

      run_id = g_strdup_printf ("job-%.12s", digest);
    }

  run = hp_run_new (run_id);
  hp_run_set_queued_us (run, queued_us);
  hp_run_set_started_us (run, started_us);
  hp_run_set_finished_us (run, finished_us);
  if (any_failed)
    hp_run_set_status (run, HP_RUN_STATUS_FAILED);
  else if (finished_us == HP_TIME_UNKNOWN)
    hp_run_set_status (run, HP_RUN_STATUS_RUNNING);
  else if (any_executing)
    hp_run_set_status (run, HP_RUN_STATUS_INTERRUPTED);
  else
    hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);

  g_ptr_array_sort (node_runs, compare_node_runs);
  for (guint i = 0; i < node_runs->len; i++)
    hp_run_add_node_run (run, g_ptr_array_index (node_runs, i));

  workflow_id = _hp_comfyui_workflow_id (fingerprint);
  hp_workflow_graph_set_id (graph, workflow_id);
  hp_workflow_graph_set_name (graph, "ComfyUI workflow");

  hp_profile_add_run (profile, run, NULL);
  return g_steal_pointer (&profile);
}
