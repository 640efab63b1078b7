/* SPDX-License-Identifier: GPL-3.0-or-later */

/* hp-generate: writes a large, realistic Hotpath profile for benchmarks.
 *
 *   hp-generate --nodes 500 --runs 1000 [--seed S] -o FILE
 *
 * The workflow is a layered DAG with parallel branches. Each run executes
 * it on two workers in topological order; durations are log-normal per
 * node with a little noise per run; loaders are cached after the first
 * run and some other nodes now and then; about one run in a hundred
 * fails part-way; samplers report progress; LLM nodes report tokens and
 * cost; a few nodes regress after 70 % of the runs. */

#include <math.h>
#include <stdlib.h>

#include "hp-native-writer.h"
#include "hp-profile.h"

typedef struct {
  const char *type;
  double      median_ms;
  gboolean    sampler;
  gboolean    llm;
} NodeKind;

static const NodeKind kinds[] = {
  { "CheckpointLoaderSimple", 2500, FALSE, FALSE },
  { "CLIPTextEncode", 40, FALSE, FALSE },
  { "KSampler", 6000, TRUE, FALSE },
  { "VAEDecode", 450, FALSE, FALSE },
  { "VAEEncode", 300, FALSE, FALSE },
  { "LoraLoader", 800, FALSE, FALSE },
  { "ImageScale", 60, FALSE, FALSE },
  { "ControlNetApply", 120, FALSE, FALSE },
  { "ImageBlend", 35, FALSE, FALSE },
  { "LLMCompletion", 1800, FALSE, TRUE },
  { "PromptTemplate", 2, FALSE, FALSE },
  { "SaveImage", 150, FALSE, FALSE },
};

typedef struct {
  char      *id;
  guint      kind;
  guint      layer;
  double     mu;          /* log of the median duration in µs */
  double     cache_rate;
  gboolean   regresses;
  guint      preds[3];
  guint      n_preds;
} GenNode;

static double
gaussian (GRand *rand)
{
  /* Box–Muller */
  double u1 = g_rand_double_range (rand, 1e-12, 1.0);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static char *
make_uuid (GRand *rand)
{
  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%08x%04x",
                          g_rand_int (rand), g_rand_int (rand) & 0xFFFF,
                          g_rand_int (rand) & 0xFFF, (g_rand_int (rand) & 0x3FFF) | 0x8000,
                          g_rand_int (rand), g_rand_int (rand) & 0xFFFF);
}

static GenNode *
build_graph (HpWorkflowGraph *graph,
             GRand           *rand,
             guint            n_nodes)
{
  GenNode *nodes = g_new0 (GenNode, n_nodes);
  guint layer = 0;
  guint layer_start = 0;
  guint prev_layer_start = 0;
  guint in_layer = 0;
  guint width = 1;

  for (guint i = 0; i < n_nodes; i++)
    {
      GenNode *n = &nodes[i];
      const NodeKind *kind;
      HpGraphNode *gn;
      g_autofree char *title = NULL;

      if (in_layer == width)
        {
          layer++;
          prev_layer_start = layer_start;
          layer_start = i;
          in_layer = 0;
          width = g_rand_int_range (rand, 1, 9);
        }

      n->id = g_strdup_printf ("%u", i + 1);
      n->layer = layer;
      if (layer == 0)
        n->kind = 0;   /* the checkpoint loader */
      else if (i == n_nodes - 1)
        n->kind = G_N_ELEMENTS (kinds) - 1;
      else
        n->kind = g_rand_int_range (rand, 1, G_N_ELEMENTS (kinds));
      kind = &kinds[n->kind];

      n->mu = log (kind->median_ms * 1000.0) + 0.6 * gaussian (rand);
      n->cache_rate = layer == 0 || n->kind == 5 ? 0.98
                      : g_rand_double (rand) < 0.2 ? 0.5 : 0.02;
      n->regresses = g_rand_double (rand) < 0.01;

      if (layer > 0)
        {
          guint n_prev = layer_start - prev_layer_start;

          n->n_preds = MIN ((guint) g_rand_int_range (rand, 1, 4), n_prev);
          for (guint p = 0; p < n->n_preds; p++)
            n->preds[p] = prev_layer_start + g_rand_int_range (rand, 0, n_prev);
        }

      title = g_strdup_printf ("%s #%u", kind->type, i + 1);
      gn = hp_workflow_graph_add_node (graph, n->id, kind->type, title, NULL);
      hp_graph_node_set_position (gn, 40 + layer * 340.0, 40 + in_layer * 160.0, 300, 120);
      in_layer++;
    }

  for (guint i = 0; i < n_nodes; i++)
    for (guint p = 0; p < nodes[i].n_preds; p++)
      hp_workflow_graph_add_edge (graph, nodes[nodes[i].preds[p]].id, p % 2,
                                  nodes[i].id, p, NULL);
  return nodes;
}

static HpRun *
generate_run (GenNode *nodes,
              guint    n_nodes,
              GRand   *rand,
              guint    index,
              guint    n_runs,
              gint64  *clock_us)
{
  g_autofree char *id = make_uuid (rand);
  g_autofree gint64 *ends = g_new0 (gint64, n_nodes);
  HpRun *run = hp_run_new (id);
  gint64 queued = *clock_us;
  gint64 started = queued + (gint64) exp (log (200e3) + 0.8 * gaussian (rand));
  gint64 workers[2] = { started, started };
  gint64 finished = started;
  gboolean failing = index > 0 && g_rand_double (rand) < 0.01;
  guint fail_at = failing ? (guint) g_rand_int_range (rand, 0, n_nodes) : G_MAXUINT;
  gboolean failed = FALSE;

  for (guint i = 0; i < n_nodes; i++)
    {
      GenNode *n = &nodes[i];
      const NodeKind *kind = &kinds[n->kind];
      g_autoptr(HpNodeRun) node_run = NULL;
      gint64 ready = started;
      gint64 start;
      gint64 duration;
      guint w;

      if (failed)
        {
          node_run = hp_node_run_new (n->id, HP_NODE_STATUS_SKIPPED);
          hp_run_add_node_run (run, node_run);
          continue;
        }

      for (guint p = 0; p < n->n_preds; p++)
        ready = MAX (ready, ends[n->preds[p]]);
      w = workers[0] <= workers[1] ? 0 : 1;
      start = MAX (ready, workers[w]);

      if (index > 0 && i != fail_at && g_rand_double (rand) < n->cache_rate)
        {
          node_run = hp_node_run_new (n->id, HP_NODE_STATUS_CACHED);
          ends[i] = start;
          hp_run_add_node_run (run, node_run);
          continue;
        }

      duration = (gint64) exp (n->mu + 0.15 * gaussian (rand));
      if (n->regresses && index >= n_runs * 7 / 10)
        duration = duration * 3 / 2;
      duration = MAX (duration, 50);

      if (i == fail_at)
        {
          duration /= 3;
          node_run = hp_node_run_new (n->id, HP_NODE_STATUS_FAILED);
          hp_node_run_set_times (node_run, start, start + duration);
          hp_node_run_set_error (node_run, "CUDA out of memory. Tried to allocate 2.00 GiB");
          failed = TRUE;
        }
      else
        {
          node_run = hp_node_run_new (n->id, HP_NODE_STATUS_COMPLETED);
          hp_node_run_set_times (node_run, start, start + duration);
        }

      if (kind->sampler && !failed)
        {
          for (guint step = 1; step <= 20; step++)
            hp_node_run_add_progress (node_run, start + duration * step / 20, step, 20);
          hp_node_run_set_peak_memory (node_run, (gint64) (6.5e9 + 1e8 * gaussian (rand)));
        }
      if (kind->llm && !failed)
        {
          gint64 tokens = 200 + g_rand_int_range (rand, 0, 1800);

          hp_node_run_set_tokens (node_run, tokens);
          hp_node_run_set_cost (node_run, tokens * 0.000002, "USD");
        }
      if (n->kind == G_N_ELEMENTS (kinds) - 1)
        hp_node_run_set_output_size (node_run, 1200000 + g_rand_int_range (rand, 0, 400000));

      ends[i] = start + duration;
      workers[w] = ends[i];
      finished = MAX (finished, ends[i]);
      hp_run_add_node_run (run, node_run);
    }

  finished += 3000;
  hp_run_set_status (run, failed ? HP_RUN_STATUS_FAILED : HP_RUN_STATUS_SUCCEEDED);
  hp_run_set_queued_us (run, queued);
  hp_run_set_started_us (run, started);
  hp_run_set_finished_us (run, finished);
  *clock_us = finished + g_rand_int_range (rand, 1000000, 60000000);
  return run;
}

int
main (int    argc,
      char **argv)
{
  int n_nodes = 500;
  int n_runs = 1000;
  int seed = 1;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "nodes", 0, 0, G_OPTION_ARG_INT, &n_nodes, "Nodes in the workflow (500)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs in the history (1000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "S" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "File to write", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- write a large Hotpath profile");
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GString) json = NULL;
  GenNode *nodes;
  gint64 clock_us = G_GINT64_CONSTANT (1704067200000000);   /* 2024-01-01 */

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("hp-generate: %s\n", error->message);
      return 2;
    }
  if (output == NULL || n_nodes < 1 || n_runs < 0)
    {
      g_printerr ("usage: hp-generate --nodes N --runs N [--seed S] -o FILE\n");
      return 2;
    }

  rand = g_rand_new_with_seed ((guint32) seed);
  profile = hp_profile_new ();
  hp_workflow_graph_set_id (hp_profile_get_graph (profile), "bench-workflow");
  hp_workflow_graph_set_name (hp_profile_get_graph (profile), "Synthetic benchmark workflow");
  nodes = build_graph (hp_profile_get_graph (profile), rand, n_nodes);

  runs = g_ptr_array_new_with_free_func (g_object_unref);
  for (int r = 0; r < n_runs; r++)
    g_ptr_array_add (runs, generate_run (nodes, n_nodes, rand, r, n_runs, &clock_us));
  if (!hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, &error))
    {
      g_printerr ("hp-generate: %s\n", error->message);
      return 1;
    }
  if (runs->len > 10)
    hp_profile_set_baseline (profile, g_ptr_array_index (runs, 10));

  json = hp_native_write (profile);
  if (!g_file_set_contents (output, json->str, json->len, &error))
    {
      g_printerr ("hp-generate: %s\n", error->message);
      return 1;
    }
  g_print ("%s: %d nodes, %d runs, %.1f MB\n", output, n_nodes, n_runs, json->len / 1e6);

  for (int i = 0; i < n_nodes; i++)
    g_free (nodes[i].id);
  g_free (nodes);
  return 0;
}
