/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes data/demo/txt2img-live.jsonl, the event log the live demo
 * replays (`hotpath-cli replay … --loop`, build-aux/run-demo.sh --live).
 * Deterministic: the same build writes the same bytes.
 *
 *   hp-make-live-demo PROMPT.json WORKFLOW.json OUT.jsonl
 *
 * PROMPT.json is ComfyUI's default text-to-image API prompt, WORKFLOW.json
 * its editor workflow (node positions). Three prompts of a newer server
 * (timestamps, display_node, execution_success), 1.5 s apart:
 *   1. a cold start: the checkpoint loads (3.5 s), every node runs;
 *   2. a new seed: 4–7 cached, KSampler, VAE decode, save;
 *   3. a new positive prompt: 4, 5, 7 cached, the positive prompt is
 *      encoded again.
 * KSampler reports 20 progress steps over about 4 s (the first slower:
 * warm-up); /system_stats samples every 250 ms follow VRAM and RAM as the
 * model loads and the sampler allocates. Timings are shaped after an
 * RTX 3060 at 512×512. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#define T0_MS            G_GINT64_CONSTANT (1700000000000)
#define GAP_MS           1500
#define STATS_EVERY_MS   250
#define GIB              ((gint64) 1 << 30)
#define VRAM_TOTAL       ((gint64) 12884901888)
#define RAM_TOTAL        ((gint64) 34359738368)

typedef struct {
  GString *out;
  gint64   now;          /* ms */
  gint64   next_stats;
  gint64   vram_used;    /* what the samples say */
  gint64   ram_used;
  guint32  rng;
} Demo;

/* A small LCG: the same jitter on every machine. */
static double
jitter (Demo   *demo,
        double  spread)
{
  demo->rng = demo->rng * 1664525u + 1013904223u;
  return ((demo->rng >> 8) / (double) (1 << 24) * 2.0 - 1.0) * spread;
}

static void
line (Demo       *demo,
      const char *kind,
      const char *body)
{
  g_string_append_printf (demo->out, "{\"received_ms\":%" G_GINT64_FORMAT ",\"%s\":%s}\n",
                          demo->now, kind, body);
}

static void
stats (Demo *demo)
{
  g_autofree char *body = g_strdup_printf (
    "{\"system\":{\"os\":\"posix\",\"ram_total\":%" G_GINT64_FORMAT ",\"ram_free\":%" G_GINT64_FORMAT ","
    "\"comfyui_version\":\"0.3.40\",\"python_version\":\"3.11.9\",\"pytorch_version\":\"2.5.1+cu124\","
    "\"embedded_python\":false,\"argv\":[\"main.py\"]},"
    "\"devices\":[{\"name\":\"cuda:0 NVIDIA GeForce RTX 3060 : cudaMallocAsync\",\"type\":\"cuda\",\"index\":0,"
    "\"vram_total\":%" G_GINT64_FORMAT ",\"vram_free\":%" G_GINT64_FORMAT ","
    "\"torch_vram_total\":%" G_GINT64_FORMAT ",\"torch_vram_free\":%" G_GINT64_FORMAT "}]}",
    RAM_TOTAL, RAM_TOTAL - demo->ram_used, VRAM_TOTAL, VRAM_TOTAL - demo->vram_used,
    demo->vram_used, (gint64) 0);

  line (demo, "system_stats", body);
}

/* Moves the clock to @ms, with the system_stats samples due meanwhile. */
static void
advance_to (Demo   *demo,
            gint64  ms)
{
  while (demo->next_stats <= ms)
    {
      demo->now = demo->next_stats;
      stats (demo);
      demo->next_stats += STATS_EVERY_MS;
    }
  demo->now = ms;
}

static void
message (Demo       *demo,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
message (Demo       *demo,
         const char *format,
         ...)
{
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  line (demo, "message", body);
}

static void
executing (Demo       *demo,
           const char *id,
           const char *node)
{
  message (demo, "{\"type\":\"executing\",\"data\":{\"node\":\"%s\",\"display_node\":\"%s\",\"prompt_id\":\"%s\"}}",
           node, node, id);
}

/* A node that runs @ms (± jitter), then the next starts. */
static void
run_node (Demo       *demo,
          const char *id,
          const char *node,
          double      ms)
{
  executing (demo, id, node);
  advance_to (demo, demo->now + (gint64) (ms + jitter (demo, ms * 0.04)));
}

static char *
graph_with (JsonNode   *prompt,
            gint64      seed,
            const char *positive)
{
  g_autofree char *text = json_to_string (prompt, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);
  JsonObject *nodes = json_node_get_object (copy);

  json_object_set_int_member (json_object_get_object_member (json_object_get_object_member (nodes, "3"), "inputs"),
                              "seed", seed);
  json_object_set_string_member (json_object_get_object_member (json_object_get_object_member (nodes, "6"), "inputs"),
                                 "text", positive);
  return json_to_string (copy, FALSE);
}

static void
write_prompt (Demo       *demo,
              guint       number,
              JsonNode   *prompt,
              const char *workflow,
              gint64      seed,
              const char *positive,
              const char *cached)
{
  g_autofree char *id = g_strdup_printf ("5d1e7c00-demo-4000-8000-00000000000%u", number + 1);
  g_autofree char *graph = graph_with (prompt, seed, positive);
  g_autofree char *body = g_strdup_printf ("{\"prompt_id\":\"%s\",\"number\":%u,\"graph\":%s,\"workflow\":%s}",
                                           id, number, graph, workflow);
  gboolean cold = cached[0] == '\0';

  line (demo, "prompt", body);
  message (demo, "{\"type\":\"status\",\"data\":{\"status\":{\"exec_info\":{\"queue_remaining\":1}}}}");
  advance_to (demo, demo->now + 2);
  message (demo, "{\"type\":\"execution_start\",\"data\":{\"prompt_id\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT "}}",
           id, demo->now);
  advance_to (demo, demo->now + 1);
  message (demo, "{\"type\":\"execution_cached\",\"data\":{\"nodes\":[%s],\"prompt_id\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT "}}",
           cached, id, demo->now);
  advance_to (demo, demo->now + 2);

  if (cold)
    {
      /* The checkpoint: RAM first, then 2 GiB of weights onto the GPU */
      demo->ram_used = 6 * GIB;
      run_node (demo, id, "4", 1900);
      demo->vram_used = (gint64) (2.3 * GIB);
      advance_to (demo, demo->now + 1600);
      demo->ram_used = (gint64) (4.2 * GIB);
      run_node (demo, id, "5", 2);
      run_node (demo, id, "6", 46);
      run_node (demo, id, "7", 38);
    }
  else if (g_strcmp0 (cached, "\"4\",\"5\",\"7\"") == 0)
    run_node (demo, id, "6", 31);

  /* KSampler: a slower first step, then ~190 ms a step */
  executing (demo, id, "3");
  demo->vram_used += (gint64) (1.4 * GIB);
  for (int step = 1; step <= 20; step++)
    {
      double ms = step == 1 ? 360 : 188;

      advance_to (demo, demo->now + (gint64) (ms + jitter (demo, 9)));
      message (demo, "{\"type\":\"progress\",\"data\":{\"value\":%d,\"max\":20,\"prompt_id\":\"%s\",\"node\":\"3\"}}",
               step, id);
    }
  advance_to (demo, demo->now + 4);
  demo->vram_used += (gint64) (0.6 * GIB);
  run_node (demo, id, "8", 158);
  demo->vram_used -= (gint64) (2.0 * GIB);
  executing (demo, id, "9");
  advance_to (demo, demo->now + 29);
  message (demo, "{\"type\":\"executed\",\"data\":{\"node\":\"9\",\"display_node\":\"9\",\"output\":{\"images\":"
                 "[{\"filename\":\"ComfyUI_%05u_.png\",\"subfolder\":\"\",\"type\":\"output\"}]},\"prompt_id\":\"%s\"}}",
           number + 1, id);
  advance_to (demo, demo->now + 3);
  message (demo, "{\"type\":\"execution_success\",\"data\":{\"prompt_id\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT "}}",
           id, demo->now);
  advance_to (demo, demo->now + 1);
  message (demo, "{\"type\":\"executing\",\"data\":{\"node\":null,\"prompt_id\":\"%s\"}}", id);
  message (demo, "{\"type\":\"status\",\"data\":{\"status\":{\"exec_info\":{\"queue_remaining\":0}}}}");
}

static JsonNode *
load (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_printerr ("hp-make-live-demo: %s\n", error->message);
      exit (2);
    }
  return json_node_copy (json_parser_get_root (parser));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(JsonNode) prompt = NULL;
  g_autoptr(JsonNode) workflow_node = NULL;
  g_autofree char *workflow = NULL;
  g_autoptr(GError) error = NULL;
  Demo demo = { 0 };

  if (argc != 4)
    {
      g_printerr ("usage: hp-make-live-demo PROMPT.json WORKFLOW.json OUT.jsonl\n");
      return 2;
    }
  prompt = load (argv[1]);
  workflow_node = load (argv[2]);
  workflow = json_to_string (workflow_node, FALSE);

  demo.out = g_string_new (NULL);
  demo.now = T0_MS;
  demo.next_stats = T0_MS;
  demo.vram_used = (gint64) (0.4 * GIB);
  demo.ram_used = (gint64) (3.1 * GIB);
  demo.rng = 20240229;

  write_prompt (&demo, 0, prompt, workflow, 156680208700286, "beautiful scenery nature glass bottle landscape, , purple galaxy bottle,", "");
  demo.next_stats = demo.now + GAP_MS;   /* no samples between prompts */
  demo.now += GAP_MS;
  write_prompt (&demo, 1, prompt, workflow, 884412377910544, "beautiful scenery nature glass bottle landscape, , purple galaxy bottle,",
                "\"4\",\"5\",\"6\",\"7\"");
  demo.next_stats = demo.now + GAP_MS;
  demo.now += GAP_MS;
  write_prompt (&demo, 2, prompt, workflow, 884412377910544, "a lighthouse on a cliff at dusk, volumetric light",
                "\"4\",\"5\",\"7\"");

  if (!g_file_set_contents (argv[3], demo.out->str, (gssize) demo.out->len, &error))
    {
      g_printerr ("hp-make-live-demo: %s\n", error->message);
      return 2;
    }
  g_string_free (demo.out, TRUE);
  return 0;
}
