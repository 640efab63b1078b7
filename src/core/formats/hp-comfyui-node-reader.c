/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfyui-node-reader.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "hp-format.h"
#include "hp-format-util.h"

/* Reads the JobProfileStats JSON that the comfyui-node SDK's WorkflowPool
 * produces with profiling on (job.profileStats): one run per file, times
 * in milliseconds measured by the client. These files are small, so
 * json-glib's tree parser is fine here. */

typedef struct {
  const char *source;
  GError    **error;
} Reader;

static gboolean reader_fail (const Reader *r,
                             HpFormatError code,
                             const char   *path,
                             const char   *format,
                             ...) G_GNUC_PRINTF (4, 5);

static gboolean
reader_fail (const Reader  *r,
             HpFormatError  code,
             const char    *path,
             const char    *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (r->error, HP_FORMAT_ERROR, code, "%s: %s: %s", r->source, path, message);
  return FALSE;
}

static const char *
describe_json (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return "a string";
        case G_TYPE_BOOLEAN:
          return "a boolean";
        default:
          return "a number";
        }
    }
}

static gboolean
wrong_type (const Reader *r,
            const char   *path,
            const char   *expected,
            JsonNode     *found)
{
  return reader_fail (r, HP_FORMAT_ERROR_TYPE, path, "expected %s, found %s",
                      expected, describe_json (found));
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", value));
}

/* A member that is absent or null counts as not given. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
read_number (const Reader *r,
             JsonObject   *object,
             const char   *parent,
             const char   *name,
             double       *value,
             gboolean     *present)
{
  g_autofree char *path = NULL;
  JsonNode *node = get_member (object, name);
  GType type;

  *present = FALSE;
  if (node == NULL)
    return TRUE;

  path = g_strdup_printf ("%s.%s", parent, name);
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return wrong_type (r, path, "a number", node);

  *value = type == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
  if (!isfinite (*value))
    return reader_fail (r, HP_FORMAT_ERROR_VALUE, path, "the number is too large, expected milliseconds");
  *present = TRUE;
  return TRUE;
}

/* Epoch milliseconds → µs, between 1970 and 2200. */
static gboolean
read_time (const Reader *r,
           JsonObject   *object,
           const char   *parent,
           const char   *name,
           gint64       *time_us)
{
  double ms;
  gboolean present;

  *time_us = HP_TIME_UNKNOWN;
  if (!read_number (r, object, parent, name, &ms, &present))
    return FALSE;
  if (!present)
    return TRUE;

  if (ms < 0 || ms * 1000.0 > (double) HP_FORMAT_MAX_TIMESTAMP_US)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);
      g_autofree char *shown = format_number (ms);

      return reader_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          "%s is %s, expected a time in milliseconds since 1970 (before 2200)",
                          shown, ms < 0 ? "before 1970" : "after the year 2200");
    }
  *time_us = (gint64) llround (ms * 1000.0);
  return TRUE;
}

/* Milliseconds → µs, not negative and not absurd. */
static gboolean
read_duration (const Reader *r,
               JsonObject   *object,
               const char   *parent,
               const char   *name,
               gint64       *duration_us)
{
  double ms;
  gboolean present;

  *duration_us = HP_TIME_UNKNOWN;
  if (!read_number (r, object, parent, name, &ms, &present))
    return FALSE;
  if (!present)
    return TRUE;

  if (ms < 0 || ms * 1000.0 > (double) HP_FORMAT_MAX_DURATION_US)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);
      g_autofree char *shown = format_number (ms);

      if (ms < 0)
        return reader_fail (r, HP_FORMAT_ERROR_VALUE, path,
                            "negative duration %s ms, expected 0 or more", shown);
      return reader_fail (r, HP_FORMAT_ERROR_VALUE, path,
                          "duration of %s ms is absurd (over 300 years)", shown);
    }
  *duration_us = (gint64) llround (ms * 1000.0);
  return TRUE;
}

static gboolean
read_string (const Reader  *r,
             JsonObject    *object,
             const char    *parent,
             const char    *name,
             const char   **value)
{
  JsonNode *node = get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

      return wrong_type (r, path, "a string", node);
    }
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_boolean (const Reader *r,
              JsonObject   *object,
              const char   *parent,
              const char   *name,
              gboolean     *value)
{
  JsonNode *node = get_member (object, name);

  *value = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

      return wrong_type (r, path, "true or false", node);
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* The SDK writes node ids as strings; plain integers are taken too. */
static gboolean
read_node_id (const Reader  *r,
              JsonObject    *object,
              const char    *parent,
              char         **node_id)
{
  g_autofree char *path = g_strdup_printf ("%s.nodeId", parent);
  JsonNode *node = get_member (object, "nodeId");
  GType type;

  *node_id = NULL;
  if (node == NULL)
    return reader_fail (r, HP_FORMAT_ERROR_MISSING, path, "missing, expected the node id (a string)");

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *node_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_STRING)
    *node_id = g_strdup (json_node_get_string (node));
  else
    return wrong_type (r, path, "a string", node);

  if (**node_id == '\0')
    {
      g_clear_pointer (node_id, g_free);
      return reader_fail (r, HP_FORMAT_ERROR_VALUE, path, "empty, expected the node id");
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
  JsonNode *node = get_member (object, "progressEvents");
  JsonArray *events;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (r, path, "an array", node);

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
        return wrong_type (r, event_path, "an object", event_node);
      event = json_node_get_object (event_node);

      if (!read_time (r, event, event_path, "timestamp", &time_us) ||
          !read_number (r, event, event_path, "value", &value, &has_value) ||
          !read_number (r, event, event_path, "max", &max, &has_max))
        return FALSE;
      if (time_us == HP_TIME_UNKNOWN || !has_value || !has_max)
        {
          g_autofree char *member_path =
            g_strdup_printf ("%s.%s", event_path,
                             time_us == HP_TIME_UNKNOWN ? "timestamp" : !has_value ? "value" : "max");

          return reader_fail (r, HP_FORMAT_ERROR_MISSING, member_path, "missing, expected a number");
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
    return wrong_type (r, path, "an object (a node profile)", node);
  object = json_node_get_object (node);

  if (!read_node_id (r, object, path, &node_id))
    return FALSE;
  first_path = g_hash_table_lookup (seen, g_intern_string (node_id));
  if (first_path != NULL)
    {
      g_autofree char *id_path = g_strdup_printf ("%s.nodeId", path);

      return reader_fail (r, HP_FORMAT_ERROR_DUPLICATE, id_path,
                          "node id “%s” appears twice (first at %s), expected each node once",
                          node_id, first_path);
    }
  g_hash_table_insert (seen, (gpointer) g_intern_string (node_id), g_strdup (path));

  if (!read_string (r, object, path, "type", &type) ||
      !read_string (r, object, path, "title", &title) ||
      !read_string (r, object, path, "status", &status_name) ||
      !read_string (r, object, path, "error", &error_text) ||
      !read_boolean (r, object, path, "cached", &cached) ||
      !read_time (r, object, path, "startedAt", &start_us) ||
      !read_time (r, object, path, "completedAt", &end_us) ||
      !read_duration (r, object, path, "duration", &duration_us))
    return FALSE;

  if (start_us != HP_TIME_UNKNOWN && end_us != HP_TIME_UNKNOWN && end_us < start_us)
    {
      g_autofree char *end_path = g_strdup_printf ("%s.completedAt", path);

      return reader_fail (r, HP_FORMAT_ERROR_VALUE, end_path,
                          "the node completed before it started, expected completedAt ≥ startedAt");
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

      return reader_fail (r, HP_FORMAT_ERROR_VALUE, status_path,
                          "unknown status “%s”, expected pending, executing, completed, cached or failed",
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

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The same workflow (same node ids and types) gets the same id in every
 * file, so files of one workflow merge into one graph. */
static char *
workflow_id_for (GPtrArray *fingerprint)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_ptr_array_sort (fingerprint, compare_strings);
  for (guint i = 0; i < fingerprint->len; i++)
    {
      const char *line = g_ptr_array_index (fingerprint, i);

      g_checksum_update (checksum, (const guchar *) line, -1);
      g_checksum_update (checksum, (const guchar *) "\x1e", 1);
    }
  return g_strdup_printf ("comfyui-%.12s", g_checksum_get_string (checksum));
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

static gboolean
parse_document (const Reader  *r,
                const char    *data,
                gsize          length,
                JsonParser    *parser)
{
  g_autoptr(GError) local_error = NULL;
  const char *message;
  const char *detail;
  guint line, column;

  if (json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      if (json_parser_get_root (parser) == NULL)
        {
          g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY,
                       "%s: the file is empty, expected a comfyui-node profile", r->source);
          return FALSE;
        }
      return TRUE;
    }

  if (_hp_json_ends_early (data, length))
    {
      _hp_text_position (data, length, length, &line, &column);
      g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TRUNCATED,
                   "%s:%u:%u: the file ends too early, inside an unfinished value (truncated?)",
                   r->source, line, column);
      return FALSE;
    }

  /* json-glib says "<data>:LINE:COL: Parse error: WHAT". */
  message = local_error->message;
  if (g_str_has_prefix (message, "<data>:") &&
      sscanf (message + strlen ("<data>:"), "%u:%u", &line, &column) == 2)
    {
      detail = strstr (message, "Parse error: ");
      detail = detail != NULL ? detail + strlen ("Parse error: ") : message;
      g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                   "%s:%u:%u: not well-formed JSON: %s", r->source, line, column, detail);
    }
  else
    g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                 "%s: not well-formed JSON: %s", r->source, message);
  return FALSE;
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
  if (!parse_document (r, data, length, parser))
    return NULL;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      wrong_type (r, "$", "an object (comfyui-node JobProfileStats)", root);
      return NULL;
    }
  job = json_node_get_object (root);

  if (!read_string (r, job, "$", "promptId", &prompt_id) ||
      !read_time (r, job, "$", "queuedAt", &queued_us) ||
      !read_time (r, job, "$", "startedAt", &started_us) ||
      !read_time (r, job, "$", "completedAt", &finished_us) ||
      !read_duration (r, job, "$", "queueTime", &queue_us) ||
      !read_duration (r, job, "$", "executionTime", &execution_us) ||
      !read_duration (r, job, "$", "totalDuration", &total_us))
    return NULL;

  summary = get_member (job, "summary");
  if (summary != NULL && !JSON_NODE_HOLDS_OBJECT (summary))
    {
      wrong_type (r, "$.summary", "an object", summary);
      return NULL;
    }

  nodes_node = get_member (job, "nodes");
  if (nodes_node == NULL)
    {
      reader_fail (r, HP_FORMAT_ERROR_MISSING, "$.nodes",
                   "missing, expected an array of node profiles");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (nodes_node))
    {
      wrong_type (r, "$.nodes", "an array of node profiles", nodes_node);
      return NULL;
    }
  nodes = json_node_get_array (nodes_node);

  /* Without startedAt the SDK's queueTime is the wait from queuedAt. */
  if (started_us == HP_TIME_UNKNOWN && queued_us != HP_TIME_UNKNOWN && queue_us != HP_TIME_UNKNOWN)
    started_us = queued_us + queue_us;

  if (queued_us != HP_TIME_UNKNOWN && started_us != HP_TIME_UNKNOWN && started_us < queued_us)
    {
      reader_fail (r, HP_FORMAT_ERROR_VALUE, "$.startedAt",
                   "the job started before it was queued, expected startedAt ≥ queuedAt");
      return NULL;
    }
  if (started_us != HP_TIME_UNKNOWN && finished_us != HP_TIME_UNKNOWN && finished_us < started_us)
    {
      reader_fail (r, HP_FORMAT_ERROR_VALUE, "$.completedAt",
                   "the job completed before it started, expected completedAt ≥ startedAt");
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

  workflow_id = workflow_id_for (fingerprint);
  hp_workflow_graph_set_id (graph, workflow_id);
  hp_workflow_graph_set_name (graph, "ComfyUI workflow");

  hp_profile_add_run (profile, run, NULL);
  return g_steal_pointer (&profile);
}
