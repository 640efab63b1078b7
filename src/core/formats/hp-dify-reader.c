/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-dify-reader.h"
#include <glib/gi18n.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hp-format-util.h"
#include "hp-json-tree.h"

/* Dify (langgenius/dify) workflow runs, in two shapes:
 *
 * - node executions, as the console API lists them ({"data": [...]} or a
 *   bare array): one object per node execution with node_id, node_type,
 *   title, index, predecessor_node_id, status, error, elapsed_time
 *   (seconds, float), execution_metadata {total_tokens, total_price,
 *   currency} and created_at/finished_at (Unix seconds);
 * - the streaming events of runs saved as JSON Lines or as a capture of
 *   the server-sent events ("data: {...}" lines): workflow_started,
 *   node_started, node_finished, workflow_finished.
 *
 * Dify's timestamps have a resolution of one second, so durations come
 * from elapsed_time and a node ends at created_at + elapsed_time. */

/* Translators: workflow_finished is a Dify event name */
#define UNFINISHED_NOTE N_("The event log ends before workflow_finished")

typedef struct {
  char         *exec_id;       /* the execution's own id; NULL when not given */
  const char   *node_id;       /* interned */
  char         *node_type;
  char         *title;
  gint64        index;         /* -1 when not given */
  guint         order;         /* position in the file */
  const char   *predecessor;   /* interned; NULL when not given */
  HpNodeStatus  status;
  gboolean      retry;         /* an attempt that Dify retried */
  gboolean      open;          /* from node_started, not finished yet */
  char         *error;
  gint64        started_us;
  gint64        ended_us;
  gint64        duration_us;
  gint64        tokens;        /* -1 when not given */
  double        cost;          /* NaN when not given */
  char         *currency;
  char         *source;        /* for messages about the predecessor */
  char         *path;
} Execution;

static void
execution_free (gpointer data)
{
  Execution *e = data;

  g_free (e->exec_id);
  g_free (e->node_type);
  g_free (e->title);
  g_free (e->error);
  g_free (e->currency);
  g_free (e->source);
  g_free (e->path);
  g_free (e);
}

/* ------------------------------------------------------------------ */
/* One node execution (an API item or the data of a node event)        */
/* ------------------------------------------------------------------ */

static gboolean
read_status (const HpTreeReader *r,
             JsonObject         *object,
             const char         *path,
             Execution          *e)
{
  const char *name;

  if (!_hp_tree_get_string (r, object, path, "status", &name))
    return FALSE;

  if (name == NULL)
    e->status = e->duration_us != HP_TIME_UNKNOWN ? HP_NODE_STATUS_COMPLETED : HP_NODE_STATUS_RUNNING;
  else if (strcmp (name, "succeeded") == 0)
    e->status = HP_NODE_STATUS_COMPLETED;
  else if (strcmp (name, "failed") == 0 || strcmp (name, "exception") == 0)
    e->status = HP_NODE_STATUS_FAILED;
  else if (strcmp (name, "retry") == 0)
    {
      e->status = HP_NODE_STATUS_FAILED;
      e->retry = TRUE;
    }
  /* A stopped node was running when the user stopped the run. */
  else if (strcmp (name, "running") == 0 || strcmp (name, "stopped") == 0)
    e->status = HP_NODE_STATUS_RUNNING;
  else
    {
      g_autofree char *status_path = g_strdup_printf ("%s.status", path);

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, status_path,
                            /* Translators: the status from the file; the listed words are kept in English */
                            _("unknown status “%s”, expected running, succeeded, failed, exception, "
                            "stopped or retry"), name);
    }
  return TRUE;
}

static gboolean
read_metadata (const HpTreeReader *r,
               JsonObject         *object,
               const char         *path,
               Execution          *e)
{
  g_autofree char *meta_path = g_strdup_printf ("%s.execution_metadata", path);
  JsonNode *meta_node = _hp_tree_member (object, "execution_metadata");
  JsonObject *meta;
  JsonNode *price;
  const char *currency;
  double tokens;
  gboolean present;

  if (meta_node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (meta_node))
    return _hp_tree_wrong_type (r, meta_path, N_("an object"), meta_node);
  meta = json_node_get_object (meta_node);

  if (!_hp_tree_get_number (r, meta, meta_path, "total_tokens", &tokens, &present) ||
      !_hp_tree_get_string (r, meta, meta_path, "currency", &currency))
    return FALSE;
  if (present)
    {
      if (tokens < 0 || tokens > 1e15 || tokens != floor (tokens))
        {
          g_autofree char *tokens_path = g_strdup_printf ("%s.total_tokens", meta_path);

          return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, tokens_path,
                                /* Translators: the number from the file */
                                _("%.15g tokens, expected a whole number, 0 or more"), tokens);
        }
      e->tokens = (gint64) tokens;
    }

  /* Dify writes the price as a decimal string ("0.0024680"); numbers are
   * taken too. */
  price = _hp_tree_member (meta, "total_price");
  if (price != NULL)
    {
      g_autofree char *price_path = g_strdup_printf ("%s.total_price", meta_path);
      GType type = JSON_NODE_HOLDS_VALUE (price) ? json_node_get_value_type (price) : G_TYPE_INVALID;
      double cost;

      if (type == G_TYPE_INT64)
        cost = (double) json_node_get_int (price);
      else if (type == G_TYPE_DOUBLE)
        cost = json_node_get_double (price);
      else if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (price);
          char *text_end = NULL;

          cost = g_ascii_strtod (text, &text_end);
          if (*text == '\0' || text_end == NULL || *text_end != '\0')
            return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, price_path,
                                  /* Translators: the text from the file */
                                  _("“%s” is not a number, expected a price such as \"0.0012\""), text);
        }
      else
        return _hp_tree_wrong_type (r, price_path, N_("a price (a number or a decimal string)"), price);

      if (!isfinite (cost) || cost < 0)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, price_path,
                              _("the price is negative or too large, expected 0 or more"));
      e->cost = cost;
    }
  e->currency = g_strdup (currency);
  return TRUE;
}

/* Reads the node execution @object (at @path; @r's source may name a
 * line) into a new Execution. */
static Execution *
read_execution (const HpTreeReader *r,
                JsonObject         *object,
                const char         *path,
                guint               order)
{
  g_autofree char *node_id = NULL;
  g_autofree char *predecessor = NULL;
  g_autofree char *id_path = g_strdup_printf ("%s.node_id", path);
  g_autofree char *exec_path = g_strdup_printf ("%s.id", path);
  g_autofree char *pred_path = g_strdup_printf ("%s.predecessor_node_id", path);
  g_autoptr(GPtrArray) owner = g_ptr_array_new_with_free_func (execution_free);
  Execution *e;
  const char *type, *title, *error_text;
  gint64 finished_us;
  double index;
  gboolean has_index;

  e = g_new0 (Execution, 1);
  g_ptr_array_add (owner, e);   /* freed on every early return */
  e->index = -1;
  e->order = order;
  e->tokens = -1;
  e->cost = NAN;
  e->started_us = e->ended_us = e->duration_us = HP_TIME_UNKNOWN;
  e->source = g_strdup (r->source);
  e->path = g_strdup (path);

  if (!_hp_tree_get_id (r, _hp_tree_member (object, "node_id"), id_path, &node_id))
    return NULL;
  if (node_id == NULL)
    {
      _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, id_path, _("missing, expected the node id (a string)"));
      return NULL;
    }
  e->node_id = g_intern_string (node_id);

  if (!_hp_tree_get_id (r, _hp_tree_member (object, "id"), exec_path, &e->exec_id) ||
      !_hp_tree_get_id (r, _hp_tree_member (object, "predecessor_node_id"), pred_path, &predecessor) ||
      !_hp_tree_get_string (r, object, path, "node_type", &type) ||
      !_hp_tree_get_string (r, object, path, "title", &title) ||
      !_hp_tree_get_string (r, object, path, "error", &error_text) ||
      !_hp_tree_get_number (r, object, path, "index", &index, &has_index) ||
      !_hp_tree_get_duration (r, object, path, "elapsed_time", G_USEC_PER_SEC, &e->duration_us) ||
      !_hp_tree_get_time (r, object, path, "created_at", G_USEC_PER_SEC, &e->started_us) ||
      !_hp_tree_get_time (r, object, path, "finished_at", G_USEC_PER_SEC, &finished_us) ||
      !read_status (r, object, path, e) ||
      !read_metadata (r, object, path, e))
    return NULL;

  if (has_index)
    {
      if (index < 0 || index > G_MAXINT32 || index != floor (index))
        {
          g_autofree char *index_path = g_strdup_printf ("%s.index", path);

          _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, index_path,
                         /* Translators: the number from the file */
                         _("%.15g is not a position, expected a whole number, 0 or more"), index);
          return NULL;
        }
      e->index = (gint64) index;
    }
  if (e->started_us != HP_TIME_UNKNOWN && finished_us != HP_TIME_UNKNOWN && finished_us < e->started_us)
    {
      g_autofree char *finished_path = g_strdup_printf ("%s.finished_at", path);

      _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, finished_path,
                     _("the node finished before it was created, expected finished_at ≥ created_at"));
      return NULL;
    }

  /* elapsed_time is exact; finished_at only to the second. */
  if (e->started_us != HP_TIME_UNKNOWN && e->duration_us != HP_TIME_UNKNOWN)
    e->ended_us = e->started_us + e->duration_us;
  else
    e->ended_us = finished_us;

  e->predecessor = predecessor != NULL ? g_intern_string (predecessor) : NULL;
  e->node_type = g_strdup (type);
  e->title = g_strdup (title);
  e->error = g_strdup (error_text);
  return g_ptr_array_steal_index (owner, 0);
}

/* ------------------------------------------------------------------ */
/* From executions to a run                                            */
/* ------------------------------------------------------------------ */

static gint64
execution_sort_key (const Execution *e)
{
  return e->index >= 0 ? e->index : G_MAXINT64;
}

static int
compare_executions (gconstpointer a,
                    gconstpointer b)
{
  const Execution *ea = *(Execution * const *) a;
  const Execution *eb = *(Execution * const *) b;
  gint64 ka = execution_sort_key (ea);
  gint64 kb = execution_sort_key (eb);

  if (ka != kb)
    return ka < kb ? -1 : 1;
  return ea->order < eb->order ? -1 : ea->order > eb->order;
}

static gboolean
has_edge (HpWorkflowGraph *graph,
          const char      *from,
          const char      *to)
{
  for (guint i = 0; i < hp_workflow_graph_get_n_edges (graph); i++)
    {
      const HpGraphEdge *edge = hp_workflow_graph_get_edge (graph, i);

      if (edge->from_node == from && edge->to_node == to)
        return TRUE;
    }
  return FALSE;
}

static void
graph_add (HpWorkflowGraph *graph,
           const Execution *e)
{
  HpGraphNode *node = hp_workflow_graph_lookup_node (graph, e->node_id);

  if (node == NULL)
    {
      hp_workflow_graph_add_node (graph, e->node_id, e->node_type, e->title, NULL);
      return;
    }
  if (node->type == NULL && e->node_type != NULL)
    node->type = g_strdup (e->node_type);
  if (node->title == NULL && e->title != NULL)
    node->title = g_strdup (e->title);
}

/* Executions of one node within one run (an iteration's body, retries)
 * become one node run: durations, tokens and costs add up, the last
 * attempt gives the status, earlier "retry" attempts count as retries. */
static void
merge_execution (HpNodeRun       *node_run,
                 const Execution *e,
                 gboolean         previous_was_retry)
{
  gint64 start = hp_node_run_get_start_us (node_run);
  gint64 end = hp_node_run_get_end_us (node_run);
  gint64 duration = hp_node_run_get_duration_us (node_run);
  double cost = hp_node_run_get_cost (node_run);
  gboolean has_start = start != HP_TIME_UNKNOWN || e->started_us != HP_TIME_UNKNOWN;
  gboolean has_end = end != HP_TIME_UNKNOWN || e->ended_us != HP_TIME_UNKNOWN;
  const gint64 times[] = { start, end, e->started_us, e->ended_us };
  gint64 lo = HP_TIME_UNKNOWN, hi = HP_TIME_UNKNOWN;

  if (previous_was_retry)
    hp_node_run_set_retries (node_run, hp_node_run_get_retries (node_run) + 1);
  /* The merged run spans every known time of its executions: one may lack
   * its end and another its start (an unfinished log), and the start of
   * one and the end of the other alone could be in the wrong order. */
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    if (times[i] != HP_TIME_UNKNOWN)
      {
        lo = lo == HP_TIME_UNKNOWN ? times[i] : MIN (lo, times[i]);
        hi = hi == HP_TIME_UNKNOWN ? times[i] : MAX (hi, times[i]);
      }
  hp_node_run_set_times (node_run, has_start ? lo : HP_TIME_UNKNOWN, has_end ? hi : HP_TIME_UNKNOWN);
  hp_node_run_set_duration_us (node_run, duration != HP_TIME_UNKNOWN && e->duration_us != HP_TIME_UNKNOWN ?
                                         duration + e->duration_us : HP_TIME_UNKNOWN);
  hp_node_run_set_status (node_run, e->status);
  if (e->error != NULL)
    hp_node_run_set_error (node_run, e->error);
  if (e->tokens >= 0)
    hp_node_run_set_tokens (node_run, MAX (hp_node_run_get_tokens (node_run), 0) + e->tokens);
  if (!isnan (e->cost))
    hp_node_run_set_cost (node_run, (isnan (cost) ? 0 : cost) + e->cost,
                          e->currency != NULL ? e->currency : hp_node_run_get_currency (node_run));
}

static HpNodeRun *
new_node_run (const Execution *e)
{
  HpNodeRun *node_run = hp_node_run_new (e->node_id, e->status);

  hp_node_run_set_times (node_run, e->started_us, e->ended_us);
  hp_node_run_set_duration_us (node_run, e->duration_us);
  if (e->error != NULL)
    hp_node_run_set_error (node_run, e->error);
  if (e->tokens >= 0)
    hp_node_run_set_tokens (node_run, e->tokens);
  if (!isnan (e->cost))
    hp_node_run_set_cost (node_run, e->cost, e->currency);
  return node_run;
}

/* Adds the nodes of @executions (sorted here by index) to @run and
 * @graph; the edges come later, once every node is known. */
static void
fill_run (HpRun           *run,
          GPtrArray       *executions,
          HpWorkflowGraph *graph)
{
  g_autoptr(GHashTable) retried = g_hash_table_new (NULL, NULL);

  g_ptr_array_sort (executions, compare_executions);
  for (guint i = 0; i < executions->len; i++)
    {
      const Execution *e = g_ptr_array_index (executions, i);
      HpNodeRun *existing = hp_run_lookup_node_run (run, e->node_id);

      graph_add (graph, e);
      if (existing != NULL)
        merge_execution (existing, e, g_hash_table_contains (retried, e->node_id));
      else
        {
          g_autoptr(HpNodeRun) node_run = new_node_run (e);

          hp_run_add_node_run (run, node_run);
        }
      if (e->retry)
        g_hash_table_add (retried, (gpointer) e->node_id);
      else
        g_hash_table_remove (retried, e->node_id);
    }
}

/* Parallel branches are kept: every node that names the same
 * predecessor gets its own edge from it. */
static gboolean
add_edges (const HpTreeReader *r,
           GPtrArray          *executions,
           HpWorkflowGraph    *graph)
{
  for (guint i = 0; i < executions->len; i++)
    {
      const Execution *e = g_ptr_array_index (executions, i);

      if (e->predecessor == NULL || has_edge (graph, e->predecessor, e->node_id))
        continue;
      if (hp_workflow_graph_lookup_node (graph, e->predecessor) == NULL)
        {
          g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_UNKNOWN_NODE,
                       /* Translators: file name, JSON path, then a node id */
                       _("%s: %s.predecessor_node_id: no node “%s” ran, expected the id of a node "
                       "of the run"), e->source, e->path, e->predecessor);
          return FALSE;
        }
      hp_workflow_graph_add_edge (graph, e->predecessor, 0, e->node_id, 0, NULL);
    }
  return TRUE;
}

/* Run times and status from the nodes, for sources that lack them. */
static void
derive_run (HpRun *run)
{
  GPtrArray *node_runs = hp_run_get_node_runs (run);
  gint64 started = HP_TIME_UNKNOWN, finished = HP_TIME_UNKNOWN;
  gboolean failed = FALSE, running = FALSE;

  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *node_run = g_ptr_array_index (node_runs, i);
      gint64 start = hp_node_run_get_start_us (node_run);
      gint64 end = hp_node_run_get_end_us (node_run);

      if (start != HP_TIME_UNKNOWN && (started == HP_TIME_UNKNOWN || start < started))
        started = start;
      if (end != HP_TIME_UNKNOWN && (finished == HP_TIME_UNKNOWN || end > finished))
        finished = end;
      failed |= hp_node_run_get_status (node_run) == HP_NODE_STATUS_FAILED;
      running |= hp_node_run_get_status (node_run) == HP_NODE_STATUS_RUNNING;
    }
  if (hp_run_get_started_us (run) == HP_TIME_UNKNOWN)
    hp_run_set_started_us (run, started);
  /* Times in whole seconds can put every node's end before the run's
   * start (found by tests/fuzz): the run then ends as it starts. */
  if (finished != HP_TIME_UNKNOWN && hp_run_get_started_us (run) != HP_TIME_UNKNOWN)
    finished = MAX (finished, hp_run_get_started_us (run));
  if (hp_run_get_finished_us (run) == HP_TIME_UNKNOWN)
    hp_run_set_finished_us (run, finished);
  hp_run_set_status (run, failed ? HP_RUN_STATUS_FAILED :
                          running ? HP_RUN_STATUS_INTERRUPTED : HP_RUN_STATUS_SUCCEEDED);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Without a workflow id: a digest of the nodes, the same for every file
 * of one workflow. */
static char *
digest_workflow_id (HpWorkflowGraph *graph)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < hp_workflow_graph_get_n_nodes (graph); i++)
    {
      HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s\x1f%s", node->id, node->type != NULL ? node->type : ""));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      g_checksum_update (checksum, g_ptr_array_index (lines, i), -1);
      g_checksum_update (checksum, (const guchar *) "\x1e", 1);
    }
  return g_strdup_printf ("dify-%.12s", g_checksum_get_string (checksum));
}

static void
name_graph (HpWorkflowGraph *graph,
            const char      *workflow_id)
{
  g_autofree char *digest = NULL;

  if (workflow_id == NULL)
    workflow_id = digest = digest_workflow_id (graph);
  hp_workflow_graph_set_id (graph, workflow_id);
  hp_workflow_graph_set_name (graph, "Dify workflow");
}

/* ------------------------------------------------------------------ */
/* Node executions                                                     */
/* ------------------------------------------------------------------ */

typedef struct {
  char      *run_id;       /* NULL: items without workflow_run_id */
  GPtrArray *executions;   /* of Execution* */
} Group;

static void
group_free (gpointer data)
{
  Group *g = data;

  g_free (g->run_id);
  g_ptr_array_unref (g->executions);
  g_free (g);
}

static HpProfile *
read_executions (const HpTreeReader *r,
                 const char         *data,
                 gsize               length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (group_free);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) group_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  const char *items_path = "$";
  JsonNode *root, *items_node;
  JsonArray *items;

  if (!_hp_tree_parse (r, parser, data, length, N_("Dify node executions")))
    return NULL;
  root = json_parser_get_root (parser);
  items_node = root;
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      items_path = "$.data";
      items_node = _hp_tree_member (json_node_get_object (root), "data");
      if (items_node == NULL)
        {
          _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, items_path,
                         _("missing, expected the array of node executions"));
          return NULL;
        }
    }
  if (!JSON_NODE_HOLDS_ARRAY (items_node))
    {
      _hp_tree_wrong_type (r, items_path, N_("an array of node executions"), items_node);
      return NULL;
    }
  items = json_node_get_array (items_node);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", items_path, i);
      g_autofree char *run_path = g_strdup_printf ("%s.workflow_run_id", path);
      g_autofree char *run_id = NULL;
      JsonNode *item = json_array_get_element (items, i);
      Execution *e;
      Group *group;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          _hp_tree_wrong_type (r, path, N_("an object (a node execution)"), item);
          return NULL;
        }
      if (!_hp_tree_get_id (r, _hp_tree_member (json_node_get_object (item), "workflow_run_id"),
                            run_path, &run_id))
        return NULL;
      e = read_execution (r, json_node_get_object (item), path, i);
      if (e == NULL)
        return NULL;
      if (e->exec_id != NULL)
        {
          const char *first = g_hash_table_lookup (seen, e->exec_id);

          if (first != NULL)
            {
              g_autofree char *id_path = g_strdup_printf ("%s.id", path);

              _hp_tree_fail (r, HP_FORMAT_ERROR_DUPLICATE, id_path,
                             /* Translators: an execution id, then the JSON path where it first appeared */
                             _("node execution “%s” appears twice (first at %s), expected each once"),
                             e->exec_id, first);
              execution_free (e);
              return NULL;
            }
          g_hash_table_insert (seen, g_strdup (e->exec_id), g_strdup (path));
        }

      group = g_hash_table_lookup (group_by_id, run_id != NULL ? run_id : "");
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->run_id = g_steal_pointer (&run_id);
          group->executions = g_ptr_array_new_with_free_func (execution_free);
          g_ptr_array_add (groups, group);
          g_hash_table_insert (group_by_id, group->run_id != NULL ? group->run_id : "", group);
        }
      g_ptr_array_add (group->executions, e);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      g_autofree char *run_id = NULL;
      HpRun *run;

      g_ptr_array_sort (group->executions, compare_executions);
      if (group->run_id != NULL)
        run_id = g_strdup (group->run_id);
      else
        {
          /* No run id in the API's items: the id of the first node
           * execution names the run, so it stays the same across loads. */
          const Execution *first = g_ptr_array_index (group->executions, 0);

          run_id = first->exec_id != NULL ? g_strdup_printf ("dify-run-%s", first->exec_id) :
                                            g_strdup ("dify-run");
        }
      run = hp_run_new (run_id);
      g_ptr_array_add (runs, run);
      fill_run (run, group->executions, graph);
      derive_run (run);
    }
  for (guint i = 0; i < groups->len; i++)
    if (!add_edges (r, ((Group *) g_ptr_array_index (groups, i))->executions, graph))
      return NULL;

  name_graph (graph, NULL);
  if (runs->len > 0)
    hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, NULL);
  return g_steal_pointer (&profile);
}

/* ------------------------------------------------------------------ */
/* Event logs (JSON Lines or server-sent events)                       */
/* ------------------------------------------------------------------ */

typedef struct {
  char        *id;
  gint64       started_us;
  gint64       finished_us;
  gboolean     finished;
  HpRunStatus  status;
  GPtrArray   *executions;   /* of Execution* */
} EventRun;

static void
event_run_free (gpointer data)
{
  EventRun *run = data;

  g_free (run->id);
  g_ptr_array_unref (run->executions);
  g_free (run);
}

typedef struct {
  const HpTreeReader *r;
  GPtrArray          *runs;         /* of EventRun*, in order of appearance */
  GHashTable         *run_by_id;    /* borrowed keys */
  char               *workflow_id;
  guint               n_events;
} EventLog;

static gboolean
read_run_status (const HpTreeReader *r,
                 JsonObject         *data,
                 const char         *path,
                 EventRun           *run)
{
  const char *name;

  if (!_hp_tree_get_string (r, data, path, "status", &name))
    return FALSE;
  if (name == NULL || strcmp (name, "succeeded") == 0 ||
      strcmp (name, "partial-succeeded") == 0 || strcmp (name, "partial_succeeded") == 0)
    run->status = HP_RUN_STATUS_SUCCEEDED;
  else if (strcmp (name, "failed") == 0)
    run->status = HP_RUN_STATUS_FAILED;
  else if (strcmp (name, "stopped") == 0)
    run->status = HP_RUN_STATUS_INTERRUPTED;
  else if (strcmp (name, "running") == 0)
    run->status = HP_RUN_STATUS_RUNNING;
  else
    {
      g_autofree char *status_path = g_strdup_printf ("%s.status", path);

      return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, status_path,
                            /* Translators: the status from the file; the listed words are kept in English */
                            _("unknown run status “%s”, expected running, succeeded, "
                            "partial-succeeded, failed or stopped"), name);
    }
  return TRUE;
}

static EventRun *
lookup_run (EventLog   *log,
            const char *run_id)
{
  EventRun *run = g_hash_table_lookup (log->run_by_id, run_id);

  if (run == NULL)
    {
      run = g_new0 (EventRun, 1);
      run->id = g_strdup (run_id);
      run->started_us = run->finished_us = HP_TIME_UNKNOWN;
      run->executions = g_ptr_array_new_with_free_func (execution_free);
      g_ptr_array_add (log->runs, run);
      g_hash_table_insert (log->run_by_id, run->id, run);
    }
  return run;
}

/* The node_started record that @e finishes: the same execution id, or
 * for logs without ids the open record of the same node. */
static int
find_open_execution (EventRun        *run,
                     const Execution *e)
{
  for (guint i = run->executions->len; i > 0; i--)
    {
      Execution *other = g_ptr_array_index (run->executions, i - 1);

      if (!other->open)
        continue;
      if (e->exec_id != NULL && other->exec_id != NULL ?
          strcmp (e->exec_id, other->exec_id) == 0 : e->node_id == other->node_id)
        return (int) (i - 1);
    }
  return -1;
}

static gboolean
read_event (EventLog   *log,
            JsonObject *event)
{
  const HpTreeReader *r = log->r;
  g_autofree char *run_id = NULL;
  JsonNode *data_node;
  JsonObject *data;
  const char *name;
  gboolean workflow_event, node_event;
  EventRun *run;

  if (!_hp_tree_get_string (r, event, "$", "event", &name))
    return FALSE;
  if (name == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, "$.event",
                          _("missing, expected the event name (workflow_started, node_finished, …)"));

  workflow_event = strcmp (name, "workflow_started") == 0 || strcmp (name, "workflow_finished") == 0;
  node_event = strcmp (name, "node_started") == 0 || strcmp (name, "node_finished") == 0;
  /* ping, text_chunk, message, iteration and other events carry no
   * timing of their own. */
  if (!workflow_event && !node_event)
    return TRUE;
  log->n_events++;

  data_node = _hp_tree_member (event, "data");
  if (data_node == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, "$.data", _("missing, expected the event's data object"));
  if (!JSON_NODE_HOLDS_OBJECT (data_node))
    return _hp_tree_wrong_type (r, "$.data", N_("an object"), data_node);
  data = json_node_get_object (data_node);

  if (!_hp_tree_get_id (r, _hp_tree_member (event, "workflow_run_id"), "$.workflow_run_id", &run_id))
    return FALSE;
  if (run_id == NULL &&
      !_hp_tree_get_id (r, _hp_tree_member (data, "workflow_run_id"), "$.data.workflow_run_id", &run_id))
    return FALSE;
  if (run_id == NULL && workflow_event &&
      !_hp_tree_get_id (r, _hp_tree_member (data, "id"), "$.data.id", &run_id))
    return FALSE;
  if (run_id == NULL)
    return _hp_tree_fail (r, HP_FORMAT_ERROR_MISSING, "$.workflow_run_id",
                          _("missing, expected the id of the workflow run"));
  run = lookup_run (log, run_id);

  if (workflow_event)
    {
      const char *workflow_id;
      gint64 created_us, finished_us, elapsed_us;

      if (!_hp_tree_get_string (r, data, "$.data", "workflow_id", &workflow_id) ||
          !_hp_tree_get_time (r, data, "$.data", "created_at", G_USEC_PER_SEC, &created_us))
        return FALSE;
      if (workflow_id != NULL && log->workflow_id == NULL)
        log->workflow_id = g_strdup (workflow_id);
      if (created_us != HP_TIME_UNKNOWN && run->started_us == HP_TIME_UNKNOWN)
        run->started_us = created_us;
      if (name[9] == 's')
        return TRUE;

      if (!read_run_status (r, data, "$.data", run) ||
          !_hp_tree_get_time (r, data, "$.data", "finished_at", G_USEC_PER_SEC, &finished_us) ||
          !_hp_tree_get_duration (r, data, "$.data", "elapsed_time", G_USEC_PER_SEC, &elapsed_us))
        return FALSE;
      if (run->started_us != HP_TIME_UNKNOWN && finished_us != HP_TIME_UNKNOWN && finished_us < run->started_us)
        return _hp_tree_fail (r, HP_FORMAT_ERROR_VALUE, "$.data.finished_at",
                              _("the run finished before it started, expected finished_at ≥ created_at"));
      run->finished = TRUE;
      run->finished_us = run->started_us != HP_TIME_UNKNOWN && elapsed_us != HP_TIME_UNKNOWN ?
                         run->started_us + elapsed_us : finished_us;
      return TRUE;
    }
  else
    {
      Execution *e = read_execution (r, data, "$.data", log->n_events);
      int open;

      if (e == NULL)
        return FALSE;
      open = find_open_execution (run, e);
      if (name[5] == 's')
        {
          /* node_started: running until its node_finished comes. */
          e->status = HP_NODE_STATUS_RUNNING;
          e->open = TRUE;
          g_ptr_array_add (run->executions, e);
        }
      else if (open >= 0)
        {
          Execution *started = g_ptr_array_index (run->executions, open);

          /* Keep the order of the start; take the start time from
           * there when the finish lacks it. */
          e->order = started->order;
          if (e->started_us == HP_TIME_UNKNOWN)
            {
              e->started_us = started->started_us;
              if (e->started_us != HP_TIME_UNKNOWN && e->duration_us != HP_TIME_UNKNOWN)
                e->ended_us = e->started_us + e->duration_us;
            }
          if (e->index < 0)
            e->index = started->index;
          execution_free (g_ptr_array_index (run->executions, open));
          run->executions->pdata[open] = e;
        }
      else
        g_ptr_array_add (run->executions, e);
      return TRUE;
    }
}

static gboolean
has_prefix (const char *p,
            const char *end,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && memcmp (p, prefix, n) == 0;
}

static gboolean
only_blank_after (const char *p,
                  const char *end)
{
  for (; p < end; p++)
    if (!_hp_json_is_space (*p))
      return FALSE;
  return TRUE;
}

/* One line of JSON: parse errors with the line and column in the file. */
static gboolean
read_event_line (EventLog   *log,
                 JsonParser *parser,
                 const char *source,
                 guint       line,
                 guint       column,
                 const char *text,
                 gsize       length,
                 gboolean    last)
{
  g_autofree char *where = g_strdup_printf ("%s:%u:%u", source, line, column);
  HpTreeReader line_reader = { where, log->r->error };
  const HpTreeReader *saved = log->r;
  JsonObject *object;
  gboolean ok;

  if (!_hp_tree_parse_line (log->r, parser, line, column, text, length, last,
                            N_("event"), N_("an event object"), &object))
    return FALSE;

  log->r = &line_reader;
  ok = read_event (log, object);
  log->r = saved;
  return ok;
}

static HpProfile *
read_events (const HpTreeReader *r,
             const char         *data,
             gsize               length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) event_runs = g_ptr_array_new_with_free_func (event_run_free);
  g_autoptr(GHashTable) run_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  EventLog log = { r, event_runs, run_by_id, NULL, 0 };
  const char *p = data, *end = data + length;
  HpProfile *result = NULL;
  guint line = 0;

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

      /* Server-sent events: "data: {...}"; other fields and comments
       * (event:, id:, retry:, ": ping") carry nothing to read. */
      if (has_prefix (s, e, "data:"))
        {
          s += strlen ("data:");
          while (s < e && *s == ' ')
            s++;
        }
      else if (s < e && (*s == ':' || has_prefix (s, e, "event:") || has_prefix (s, e, "id:") ||
                         has_prefix (s, e, "retry:")))
        s = e;

      if (s < e && !read_event_line (&log, parser, r->source, line, (guint) (s - p) + 1,
                                     s, (gsize) (e - s), only_blank_after (next, end)))
        goto out;
      p = next;
    }

  if (log.n_events == 0)
    {
      g_set_error (r->error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_MISSING,
                   /* Translators: a file name; the event names are kept in English */
                   _("%s: no workflow or node events, expected workflow_started, node_started, "
                   "node_finished or workflow_finished"), r->source);
      goto out;
    }

  for (guint i = 0; i < event_runs->len; i++)
    {
      EventRun *event_run = g_ptr_array_index (event_runs, i);
      HpRun *run = hp_run_new (event_run->id);

      g_ptr_array_add (runs, run);
      fill_run (run, event_run->executions, graph);
      hp_run_set_started_us (run, event_run->started_us);
      hp_run_set_finished_us (run, event_run->finished_us);
      derive_run (run);
      if (event_run->finished)
        hp_run_set_status (run, event_run->status);
      else
        {
          if (hp_run_get_status (run) != HP_RUN_STATUS_FAILED)
            hp_run_set_status (run, HP_RUN_STATUS_INTERRUPTED);
          hp_run_set_note (run, _(UNFINISHED_NOTE));
        }
    }
  for (guint i = 0; i < event_runs->len; i++)
    if (!add_edges (r, ((EventRun *) g_ptr_array_index (event_runs, i))->executions, graph))
      goto out;

  name_graph (graph, log.workflow_id);
  if (runs->len > 0)
    hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, NULL);
  result = g_steal_pointer (&profile);

out:
  g_free (log.workflow_id);
  return result;
}

/* A log when the text is not JSON (server-sent events) or when its
 * first line is a complete object with an "event" member. */
static gboolean
looks_like_event_log (const char *data,
                      gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *p = data, *end = data + length, *eol;
  JsonNode *root;
  gsize n;

  while (p < end && _hp_json_is_space (*p))
    p++;
  if (p >= end || *p == '[')
    return FALSE;
  if (*p != '{')
    return TRUE;

  eol = memchr (p, '\n', (gsize) (end - p));
  n = (gsize) ((eol != NULL ? eol : end) - p);
  if (_hp_json_ends_early (p, n))
    return FALSE;   /* one document over several lines */
  parser = json_parser_new_immutable ();
  if (!_hp_json_load_data (parser, p, (gssize) n, NULL))
    return TRUE;    /* let the line reader say what is wrong */
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
         json_object_has_member (json_node_get_object (root), "event");
}

/**
 * hp_dify_read:
 * @data: Dify node executions (a JSON array, or {"data": [...]} as the
 *   console API returns them), or a Dify event log (JSON Lines, or the
 *   "data: {...}" lines of the server-sent events)
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Node executions: one run per workflow_run_id (items without one form a
 * run named after the first execution's id), status derived from the
 * nodes. Event logs: one run per workflow run, with its status and times
 * from workflow_started/_finished; a run without workflow_finished is
 * interrupted. Node durations come from elapsed_time (seconds), tokens
 * and cost from execution_metadata; the graph from node_id, node_type
 * and title, with an edge from each predecessor_node_id (parallel
 * branches stay parallel).
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR, the message naming the JSON path, and the
 *   line for event logs)
 */
HpProfile *
hp_dify_read (const char  *data,
              gsize        length,
              const char  *source_name,
              GError     **error)
{
  HpTreeReader reader = { source_name, error };
  gsize bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  if (only_blank_after (data + bom, data + length))
    {
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY,
                   /* Translators: a file name */
                   _("%s: the file is empty, expected Dify node executions or events"), source_name);
      return NULL;
    }
  if (looks_like_event_log (data + bom, length - bom))
    return read_events (&reader, data + bom, length - bom);
  return read_executions (&reader, data + bom, length - bom);
}
