/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long the graph canvas takes to draw a frame of a large graph. Needs
 * a display for GTK's style and fonts (run under xvfb-run).
 *
 *   bench-canvas [--nodes N] [--frames N] [--width W] [--height H]
 *
 * Generates a layered DAG of N nodes (default 2,000 in 40 layers of 50;
 * 1–3 inputs each, mostly from nearby nodes of the previous layer; no
 * positions, so the layout is computed) with 8 runs, then draws frames with
 * hp_graph_canvas_draw() — what the widget's snapshot draws — into an
 * offscreen cairo image surface: at fit-to-view, and at 1:1 over a tour
 * of view positions across the graph. Prints the layout time and per-frame
 * mean, median, p95 and max. */
#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "hp-graph-canvas.h"

static HpProfile *
generate (guint n_nodes)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  HpProfile *profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  static const char * const types[] = {
    "CheckpointLoaderSimple", "CLIPTextEncode", "KSampler", "VAEDecode",
    "ImageScale", "SaveImage", "ControlNetApply", "LoraLoader",
  };
  guint n_layers = MAX (n_nodes / 50, 1);
  guint per_layer = (n_nodes + n_layers - 1) / n_layers;

  for (guint i = 0; i < n_nodes; i++)
    {
      char id[32];
      char title[64];
      guint layer = i / per_layer;

      g_snprintf (id, sizeof id, "%u", i + 1);
      g_snprintf (title, sizeof title, "Node %u of layer %u", i + 1, layer);
      hp_workflow_graph_add_node (graph, id, types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))],
                                  title, NULL);
      if (layer > 0)
        {
          guint prev_first = (layer - 1) * per_layer;
          int pos = i - layer * per_layer;
          int n_inputs = g_rand_int_range (rand, 1, 4);

          /* Inputs mostly from nearby nodes of the previous layer, as in
           * real workflows (chains and fans), and one edge in twenty from
           * anywhere in it. */
          for (int k = 0; k < n_inputs; k++)
            {
              char from[32];
              int from_pos = g_rand_int_range (rand, 0, 20) == 0
                             ? g_rand_int_range (rand, 0, per_layer)
                             : CLAMP (pos + g_rand_int_range (rand, -3, 4), 0, (int) per_layer - 1);

              g_snprintf (from, sizeof from, "%u", prev_first + from_pos + 1);
              hp_workflow_graph_add_edge (graph, from, 0, id, k, NULL);
            }
        }
    }

  for (guint r = 0; r < 8; r++)
    {
      char run_id[16];
      g_autoptr(HpRun) run = NULL;
      gint64 start = (gint64) (1700000000 + r * 600) * G_USEC_PER_SEC;
      gint64 t = start;

      g_snprintf (run_id, sizeof run_id, "r%u", r + 1);
      run = hp_run_new (run_id);
      hp_run_set_started_us (run, start);
      for (guint i = 0; i < n_nodes; i++)
        {
          char id[32];
          g_autoptr(HpNodeRun) node_run = NULL;
          HpNodeStatus status = HP_NODE_STATUS_COMPLETED;
          gint64 duration = g_rand_int_range (rand, 1000, 200000);

          g_snprintf (id, sizeof id, "%u", i + 1);
          if (i % 97 == 0)
            duration *= 40;
          if (i % 11 == 3)
            status = HP_NODE_STATUS_CACHED;
          else if (r == 5 && i % 401 == 7)
            status = HP_NODE_STATUS_FAILED;
          else if (i % 13 == 5)
            status = HP_NODE_STATUS_SKIPPED;
          node_run = hp_node_run_new (id, status);
          if (status == HP_NODE_STATUS_COMPLETED || status == HP_NODE_STATUS_FAILED)
            hp_node_run_set_times (node_run, t, t + duration);
          if (status == HP_NODE_STATUS_COMPLETED)
            t += duration;
          hp_run_add_node_run (run, node_run);
        }
      hp_run_set_finished_us (run, t);
      hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
      hp_profile_add_run (profile, run, NULL);
    }
  return profile;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  double sum = 0;

  g_array_sort (ms, compare_doubles);
  for (guint i = 0; i < ms->len; i++)
    sum += g_array_index (ms, double, i);
  printf ("%-28s frames %3u  mean %6.2f ms  median %6.2f ms  p95 %6.2f ms  max %6.2f ms\n",
          what, ms->len, sum / ms->len,
          g_array_index (ms, double, ms->len / 2),
          g_array_index (ms, double, (guint) ((ms->len - 1) * 0.95)),
          g_array_index (ms, double, ms->len - 1));
}

static double
draw_frame (HpGraphCanvas   *canvas,
            cairo_surface_t *surface,
            int              width,
            int              height)
{
  gint64 start = g_get_monotonic_time ();
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
  cairo_paint (cr);
  hp_graph_canvas_draw (canvas, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  int n_nodes = 2000;
  int frames = 100;
  int width = 1280;
  int height = 800;
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "nodes", 0, 0, G_OPTION_ARG_INT, &n_nodes, "Nodes in the generated graph", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "Frames per case", "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "View width", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "View height", "PX" },
    { "case", 0, 0, G_OPTION_ARG_STRING, &only, "Only this case: fit, 1:1 or 0.25", "CASE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(HpSession) session = NULL;
  g_autoptr(HpGraphLayout) layout = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  HpGraphCanvas *canvas;
  cairo_surface_t *surface;
  HpViewTransform t;
  HpRect bounds;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  gtk_init ();
  adw_init ();

  profile = generate (n_nodes);
  start = g_get_monotonic_time ();
  layout = hp_graph_layout_compute (hp_profile_get_graph (profile));
  printf ("graph: %u nodes, %u edges, %u runs; layout %.1f ms\n",
          hp_workflow_graph_get_n_nodes (hp_profile_get_graph (profile)),
          hp_workflow_graph_get_n_edges (hp_profile_get_graph (profile)),
          hp_profile_get_n_runs (profile),
          (g_get_monotonic_time () - start) / 1000.0);

  session = hp_session_new (profile);
  hp_session_set_metric (session, HP_METRIC_LAST);
  canvas = HP_GRAPH_CANVAS (g_object_ref_sink (hp_graph_canvas_new ()));
  start = g_get_monotonic_time ();
  hp_graph_canvas_set_session (canvas, session);
  printf ("set session (layout + heatmap): %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  bounds = hp_graph_layout_get_bounds (hp_graph_canvas_get_layout (canvas));
  printf ("graph bounds %.0f × %.0f; view %d × %d\n", bounds.width, bounds.height, width, height);

  /* Fit-to-view. */
  t = hp_view_transform_fit (&bounds, width, height, 32, HP_GRAPH_CANVAS_MIN_ZOOM, 1.0);
  hp_graph_canvas_set_transform (canvas, &t);
  draw_frame (canvas, surface, width, height);   /* warm-up: fonts, caches */
  for (int i = 0; i < frames && (only == NULL || g_str_equal (only, "fit")); i++)
    {
      double ms = draw_frame (canvas, surface, width, height);

      g_array_append_val (times, ms);
    }
  printf ("fit zoom %.3f\n", t.zoom);
  if (times->len > 0)
    report ("fit-to-view", times);
  cairo_surface_write_to_png (surface, "bench-canvas-fit.png");

  /* 1:1, the view walking across the graph (a different part each frame). */
  g_array_set_size (times, 0);
  for (int i = 0; i < frames && (only == NULL || g_str_equal (only, "1:1")); i++)
    {
      double fx = (i % 10) / 9.0;
      double fy = (i / 10 % 10) / 9.0;
      double ms;

      t.zoom = 1.0;
      t.offset_x = width / 2.0 - (bounds.x + fx * bounds.width);
      t.offset_y = height / 2.0 - (bounds.y + fy * bounds.height);
      hp_graph_canvas_set_transform (canvas, &t);
      ms = draw_frame (canvas, surface, width, height);
      g_array_append_val (times, ms);
    }
  if (times->len > 0)
    report ("1:1 (tour)", times);
  cairo_surface_write_to_png (surface, "bench-canvas-1to1.png");

  /* A zoom level in between: text on, many nodes. */
  g_array_set_size (times, 0);
  t = hp_view_transform_fit (&bounds, width, height, 32, HP_GRAPH_CANVAS_MIN_ZOOM, 1.0);
  for (int i = 0; i < frames && (only == NULL || g_str_equal (only, "0.25")); i++)
    {
      double ms;
      HpViewTransform z = t;

      hp_view_transform_zoom_at (&z, 0.25 / t.zoom, width / 2.0 + (i % 7) * 10, height / 2.0,
                                 HP_GRAPH_CANVAS_MIN_ZOOM, HP_GRAPH_CANVAS_MAX_ZOOM);
      hp_graph_canvas_set_transform (canvas, &z);
      ms = draw_frame (canvas, surface, width, height);
      g_array_append_val (times, ms);
    }
  if (times->len > 0)
    report ("zoom 0.25", times);

  cairo_surface_destroy (surface);
  g_object_unref (canvas);
  return 0;
}
