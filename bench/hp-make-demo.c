/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes the demo profiles shipped in data/demo/. Deterministic: the same
 * build writes the same bytes, so the files can be regenerated and diffed.
 *
 *   hp-make-demo OUTDIR
 */
#include <math.h>
#include <stdio.h>

#include "hp-profile-io.h"

typedef struct {
  const char *id;
  const char *type;
  const char *title;
  double      x, y, w, h;
  double      mean_ms;      /* typical duration when it executes */
  int         steps;        /* sampler steps (progress events), 0 for none */
  gboolean    cacheable;    /* inputs rarely change: cached after the first run */
} DemoNode;

typedef struct {
  const char *from;
  int         from_slot;
  const char *to;
  int         to_slot;
} DemoEdge;

/* ComfyUI's default text-to-image graph, positions from its editor file. */
static const DemoNode txt2img_nodes[] = {
  { "4", "CheckpointLoaderSimple", "Load Checkpoint", 26, 474, 315, 98, 3540, 0, TRUE },
  { "6", "CLIPTextEncode", "Positive Prompt", 415, 186, 423, 164, 592, 0, FALSE },
  { "7", "CLIPTextEncode", "Negative Prompt", 413, 389, 425, 181, 45, 0, TRUE },
  { "5", "EmptyLatentImage", "Empty Latent Image", 473, 609, 315, 106, 1, 0, TRUE },
  { "3", "KSampler", "KSampler", 863, 186, 315, 262, 4328, 20, FALSE },
  { "8", "VAEDecode", "VAE Decode", 1209, 188, 210, 46, 158, 0, FALSE },
  { "9", "SaveImage", "Save Image", 1451, 189, 210, 270, 31, 0, FALSE },
};

static const DemoEdge txt2img_edges[] = {
  { "4", 0, "3", 0 }, { "5", 0, "3", 3 }, { "4", 1, "6", 0 }, { "6", 0, "3", 1 },
  { "4", 1, "7", 0 }, { "7", 0, "3", 2 }, { "3", 0, "8", 0 }, { "4", 2, "8", 1 },
  { "8", 0, "9", 0 },
};

/* An SDXL product-shot pipeline: base + refiner, ControlNet, then four
 * independent branches after decoding (upscale and face fix, thumbnail,
 * caption, background replacement). Listed in execution order. */
static const DemoNode product_nodes[] = {
  { "1", "CheckpointLoaderSimple", "Load SDXL Base", 0, 0, 315, 98, 5200, 0, TRUE },
  { "2", "CheckpointLoaderSimple", "Load SDXL Refiner", 0, 160, 315, 98, 4100, 0, TRUE },
  { "3", "LoraLoader", "Product LoRA", 380, 0, 315, 126, 640, 0, TRUE },
  { "4", "CLIPTextEncode", "Positive (base)", 760, 0, 400, 160, 180, 0, FALSE },
  { "5", "CLIPTextEncode", "Negative (base)", 760, 200, 400, 160, 60, 0, TRUE },
  { "6", "CLIPTextEncode", "Positive (refiner)", 760, 400, 400, 160, 150, 0, FALSE },
  { "7", "CLIPTextEncode", "Negative (refiner)", 760, 600, 400, 160, 55, 0, TRUE },
  { "8", "LoadImage", "Reference photo", 0, 320, 315, 314, 45, 0, TRUE },
  { "9", "ControlNetLoader", "Canny ControlNet", 0, 680, 315, 58, 1400, 0, TRUE },
  { "10", "Canny", "Edge map", 380, 320, 315, 82, 85, 0, TRUE },
  { "11", "ControlNetApplyAdvanced", "Apply ControlNet", 1220, 200, 315, 166, 6, 0, FALSE },
  { "12", "EmptyLatentImage", "Latent 1024²", 1220, 420, 315, 106, 1, 0, TRUE },
  { "13", "KSamplerAdvanced", "Base sampler", 1600, 0, 315, 334, 9100, 30, FALSE },
  { "14", "KSamplerAdvanced", "Refiner sampler", 1980, 0, 315, 334, 3500, 10, FALSE },
  { "15", "VAELoader", "SDXL VAE", 1980, 400, 315, 58, 380, 0, TRUE },
  { "16", "VAEDecode", "Decode", 2360, 0, 210, 46, 910, 0, FALSE },
  { "17", "UpscaleModelLoader", "Load 4x-UltraSharp", 2360, 120, 315, 58, 420, 0, TRUE },
  { "18", "ImageUpscaleWithModel", "Upscale 4x", 2740, 0, 241, 46, 5200, 0, FALSE },
  { "19", "ImageScale", "Downscale to 2048", 3060, 0, 315, 130, 150, 0, FALSE },
  { "20", "UltralyticsDetectorProvider", "Face detector", 2740, 200, 315, 78, 600, 0, TRUE },
  { "21", "SAMLoader", "SAM model", 2740, 320, 315, 82, 1900, 0, TRUE },
  { "22", "FaceDetailer", "Face detailer", 3440, 0, 400, 900, 6500, 20, FALSE },
  { "23", "ImageSharpen", "Sharpen", 3900, 0, 315, 106, 120, 0, FALSE },
  { "24", "ColorCorrect", "Colour match", 4280, 0, 315, 178, 90, 0, FALSE },
  { "25", "SaveImage", "Save full size", 4660, 0, 315, 270, 260, 0, FALSE },
  { "26", "ImageScale", "Thumbnail 512", 4660, 320, 315, 130, 40, 0, FALSE },
  { "27", "SaveImage", "Save thumbnail", 5040, 320, 315, 270, 60, 0, FALSE },
  { "28", "BLIPLoader", "Load caption model", 2740, 460, 315, 82, 2500, 0, TRUE },
  { "29", "BLIPCaption", "Caption", 3060, 460, 315, 150, 700, 0, FALSE },
  { "30", "ShowText", "Show caption", 3440, 960, 315, 76, 1, 0, FALSE },
  { "31", "LoadImage", "Studio background", 2360, 640, 315, 314, 40, 0, TRUE },
  { "32", "CLIPSeg", "Background mask", 2740, 640, 315, 150, 450, 0, FALSE },
  { "33", "ImageCompositeMasked", "Replace background", 3060, 640, 315, 146, 200, 0, FALSE },
  { "34", "SaveImage", "Save composite", 3440, 1080, 315, 270, 240, 0, FALSE },
  { "35", "PreviewImage", "Preview", 2740, 860, 315, 246, 80, 0, FALSE },
};

static const DemoEdge product_edges[] = {
  { "1", 0, "3", 0 }, { "1", 1, "3", 1 }, { "3", 1, "4", 0 }, { "3", 1, "5", 0 },
  { "2", 1, "6", 0 }, { "2", 1, "7", 0 }, { "8", 0, "10", 0 }, { "4", 0, "11", 0 },
  { "5", 0, "11", 1 }, { "9", 0, "11", 2 }, { "10", 0, "11", 3 }, { "3", 0, "13", 0 },
  { "11", 0, "13", 1 }, { "11", 1, "13", 2 }, { "12", 0, "13", 3 }, { "2", 0, "14", 0 },
  { "6", 0, "14", 1 }, { "7", 0, "14", 2 }, { "13", 0, "14", 3 }, { "14", 0, "16", 0 },
  { "15", 0, "16", 1 }, { "17", 0, "18", 0 }, { "16", 0, "18", 1 }, { "18", 0, "19", 0 },
  { "19", 0, "22", 0 }, { "3", 0, "22", 1 }, { "4", 0, "22", 3 }, { "5", 0, "22", 4 },
  { "20", 0, "22", 5 }, { "21", 0, "22", 6 }, { "15", 0, "22", 7 }, { "22", 0, "23", 0 },
  { "23", 0, "24", 0 }, { "24", 0, "25", 0 }, { "24", 0, "26", 0 }, { "26", 0, "27", 0 },
  { "28", 0, "29", 0 }, { "16", 0, "29", 1 }, { "29", 0, "30", 0 }, { "16", 0, "32", 0 },
  { "16", 0, "33", 1 }, { "31", 0, "33", 0 }, { "32", 0, "33", 2 }, { "33", 0, "34", 0 },
  { "16", 0, "35", 0 },
};

typedef struct {
  const char     *workflow_id;
  const char     *workflow_name;
  const DemoNode *nodes;
  guint           n_nodes;
  const DemoEdge *edges;
  guint           n_edges;
  guint           n_runs;
  guint           failed_run;        /* index of the run that fails */
  const char     *failing_node;
  const char     *failure;
  guint           uncached_every;    /* the cache is cold again every N runs */
  const char     *regressing_node;   /* slower in the last run */
  double          regression_factor;
  gint64          first_start_us;
  guint32         seed;
} DemoSpec;

/* Multiplicative jitter with a slight right skew, as real timings have. */
static double
jitter (GRand  *rand,
        double  spread)
{
  double u1 = g_rand_double_range (rand, 1e-9, 1.0);
  double u2 = g_rand_double (rand);
  double normal = sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);

  /* Clamped: the demo should show one clear regression, not outliers. */
  return exp (CLAMP (normal, -2.0, 2.0) * spread);
}

static HpRun *
make_run (const DemoSpec *spec,
          GRand          *rand,
          guint           index,
          gint64          start_us)
{
  g_autofree char *id = g_strdup_printf ("%s-%03u", spec->workflow_id, index + 1);
  HpRun *run = hp_run_new (id);
  gboolean cold = index % spec->uncached_every == 0;
  gboolean failing = index == spec->failed_run;
  gboolean last = index == spec->n_runs - 1;
  gboolean stopped = FALSE;
  gint64 queue_us = (gint64) (g_rand_double_range (rand, 4, 350) * 1000);
  gint64 t = start_us;

  hp_run_set_queued_us (run, start_us - queue_us);
  hp_run_set_started_us (run, start_us);

  for (guint i = 0; i < spec->n_nodes; i++)
    {
      const DemoNode *node = &spec->nodes[i];
      g_autoptr(HpNodeRun) node_run = NULL;
      gint64 duration;

      if (stopped)
        {
          hp_run_add_node_run (run, node_run = hp_node_run_new (node->id, HP_NODE_STATUS_SKIPPED));
          continue;
        }
      if (node->cacheable && !cold)
        {
          node_run = hp_node_run_new (node->id, HP_NODE_STATUS_CACHED);
          hp_node_run_set_times (node_run, t, t);
          hp_run_add_node_run (run, node_run);
          continue;
        }

      duration = (gint64) (node->mean_ms * 1000 * jitter (rand, 0.04));
      if (last && g_strcmp0 (node->id, spec->regressing_node) == 0)
        duration = (gint64) (duration * spec->regression_factor);
      duration = MAX (duration, 200);

      node_run = hp_node_run_new (node->id, HP_NODE_STATUS_COMPLETED);
      if (failing && g_strcmp0 (node->id, spec->failing_node) == 0)
        {
          /* It fails part way through its steps. */
          duration = duration * 2 / 5;
          hp_node_run_set_status (node_run, HP_NODE_STATUS_FAILED);
          hp_node_run_set_error (node_run, spec->failure);
          stopped = TRUE;
        }
      hp_node_run_set_times (node_run, t, t + duration);
      for (int step = 1; step <= node->steps; step++)
        {
          gint64 at = t + duration * step / node->steps;

          if (at > t + duration)
            break;
          if (hp_node_run_get_status (node_run) == HP_NODE_STATUS_FAILED &&
              step > node->steps * 2 / 5)
            break;
          hp_node_run_add_progress (node_run, at, step, node->steps);
        }
      hp_run_add_node_run (run, node_run);
      /* ComfyUI spends a little time between nodes. */
      t += duration + (gint64) g_rand_double_range (rand, 200, 2500);
    }

  hp_run_set_finished_us (run, t);
  hp_run_set_status (run, failing ? HP_RUN_STATUS_FAILED : HP_RUN_STATUS_SUCCEEDED);
  return run;
}

static HpProfile *
make_profile (const DemoSpec *spec)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (spec->seed);
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  gint64 start = spec->first_start_us;

  hp_workflow_graph_set_id (graph, spec->workflow_id);
  hp_workflow_graph_set_name (graph, spec->workflow_name);
  for (guint i = 0; i < spec->n_nodes; i++)
    {
      const DemoNode *n = &spec->nodes[i];
      HpGraphNode *node = hp_workflow_graph_add_node (graph, n->id, n->type, n->title, NULL);

      hp_graph_node_set_position (node, n->x, n->y, n->w, n->h);
    }
  for (guint i = 0; i < spec->n_edges; i++)
    {
      const DemoEdge *e = &spec->edges[i];

      if (!hp_workflow_graph_add_edge (graph, e->from, e->from_slot, e->to, e->to_slot, NULL))
        g_error ("demo edge %s → %s names an unknown node", e->from, e->to);
    }

  for (guint i = 0; i < spec->n_runs; i++)
    {
      HpRun *run = make_run (spec, rand, i, start);

      g_ptr_array_add (runs, run);
      /* The next run starts a few minutes after this one ends. */
      start = hp_run_get_finished_us (run) + (gint64) (g_rand_double_range (rand, 60, 1800) * G_USEC_PER_SEC);
    }
  if (!hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, NULL))
    g_error ("demo runs have clashing ids");

  /* The second run is the reference the team agreed on. */
  hp_profile_set_baseline (profile, hp_profile_get_run (profile, 1));
  return g_steal_pointer (&profile);
}

static const DemoSpec demos[] = {
  {
    "txt2img", "Text to image (SD 1.5)",
    txt2img_nodes, G_N_ELEMENTS (txt2img_nodes), txt2img_edges, G_N_ELEMENTS (txt2img_edges),
    24, 15, "3", "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 8.00 GiB total capacity)",
    8, "3", 1.6,
    G_GINT64_CONSTANT (1794819600000000), /* 2026-11-16 09:00 UTC */
    20251121,
  },
  {
    "product-shots", "SDXL product shots",
    product_nodes, G_N_ELEMENTS (product_nodes), product_edges, G_N_ELEMENTS (product_edges),
    22, 13, "22", "Face detailer: no face found in the detection mask (bbox threshold 0.50)",
    8, "18", 1.7,
    G_GINT64_CONSTANT (1795078800000000), /* 2026-11-19 09:00 UTC */
    20251124,
  },
};

int
main (int    argc,
      char **argv)
{
  if (argc != 2)
    {
      g_printerr ("usage: %s OUTDIR\n", argv[0]);
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    {
      g_autoptr(HpProfile) profile = make_profile (&demos[i]);
      g_autofree char *name = g_strconcat (demos[i].workflow_id, ".hotpath", NULL);
      g_autofree char *path = g_build_filename (argv[1], name, NULL);
      g_autoptr(GError) error = NULL;

      if (!hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("wrote %s (%u runs)\n", path, hp_profile_get_n_runs (profile));
    }
  return 0;
}
