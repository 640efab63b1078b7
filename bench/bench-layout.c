/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-layout: the graph canvas's core work on a large graph.
 *
 *   bench-layout [--nodes N] [--seed S]
 *
 * Generates a layered DAG (default 2,000 nodes, about 1.5 inputs each from
 * the previous layers, some reaching two or three layers back), then times
 * hp_graph_layout_compute, 100,000 hit tests at random points and 10,000
 * area queries of 1280 × 800 viewports at zoom 1 (nodes, then edges) and
 * of areas a quarter of the graph wide (zoomed out). Also counts edge
 * crossings between neighbouring columns before and after ordering. */

#include <stdlib.h>

#include "hp-graph-layout.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static HpWorkflowGraph *
generate (guint  n_nodes,
          GRand *rand)
{
  HpWorkflowGraph *graph = hp_workflow_graph_new ();
  g_autoptr(GArray) layer_first = g_array_new (FALSE, FALSE, sizeof (guint));
  guint i = 0;

  while (i < n_nodes)
    {
      guint width = (guint) g_rand_int_range (rand, 1, 9);
      guint layer = layer_first->len;

      g_array_append_val (layer_first, i);
      for (guint k = 0; k < width && i < n_nodes; k++, i++)
        {
          g_autofree char *id = g_strdup_printf ("%u", i);
          guint inputs;

          hp_workflow_graph_add_node (graph, id, "Node", NULL, NULL);
          if (layer == 0)
            continue;

          /* 1 or 2 inputs, a fifth from further back */
          inputs = g_rand_boolean (rand) ? 1 : 2;
          for (guint s = 0; s < inputs; s++)
            {
              guint back = g_rand_int_range (rand, 0, 5) == 0 ? (guint) g_rand_int_range (rand, 2, 4) : 1;
              guint from_layer = layer >= back ? layer - back : 0;
              guint first = g_array_index (layer_first, guint, from_layer);
              guint last = g_array_index (layer_first, guint, from_layer + 1);
              g_autofree char *from = g_strdup_printf ("%u", (guint) g_rand_int_range (rand, first, last));

              hp_workflow_graph_add_edge (graph, from, g_rand_int_range (rand, 0, 3), id, s, NULL);
            }
        }
    }
  return graph;
}

/* Crossings between edges joining neighbouring columns, with each node at
 * height y[node]. */
static guint64
count_crossings (HpGraphLayout *layout,
                 const double  *y)
{
  guint m = hp_graph_layout_get_n_edges (layout);
  guint64 crossings = 0;

  for (guint e = 0; e < m; e++)
    {
      const HpEdgePath *p = hp_graph_layout_get_edge (layout, e);
      guint from_layer = hp_graph_layout_get_node_layer (layout, p->from_index);

      if (hp_graph_layout_get_node_layer (layout, p->to_index) != from_layer + 1)
        continue;
      for (guint f = e + 1; f < m; f++)
        {
          const HpEdgePath *q = hp_graph_layout_get_edge (layout, f);

          if (hp_graph_layout_get_node_layer (layout, q->from_index) == from_layer &&
              hp_graph_layout_get_node_layer (layout, q->to_index) == from_layer + 1 &&
              (y[p->from_index] - y[q->from_index]) * (y[p->to_index] - y[q->to_index]) < 0)
            crossings++;
        }
    }
  return crossings;
}

static void
random_areas (HpRect       *areas,
              guint         n,
              const HpRect *bounds,
              double        width,
              double        height,
              GRand        *rand)
{
  for (guint k = 0; k < n; k++)
    {
      areas[k].width = width;
      areas[k].height = height;
      areas[k].x = g_rand_double_range (rand, bounds->x - width / 2,
                                        bounds->x + bounds->width - width / 2);
      areas[k].y = g_rand_double_range (rand, bounds->y - height / 2,
                                        bounds->y + bounds->height - height / 2);
    }
}

int
main (int   argc,
      char *argv[])
{
  int n_nodes = 2000;
  int seed = 1;
  GOptionEntry entries[] = {
    { "nodes", 0, 0, G_OPTION_ARG_INT, &n_nodes, "Nodes in the generated graph", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed", "S" },
    { NULL }
  };
  enum { N_HITS = 100000, N_QUERIES = 10000 };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(HpWorkflowGraph) graph = NULL;
  g_autoptr(HpGraphLayout) layout = NULL;
  g_autofree double *points = NULL;
  g_autofree HpRect *areas = NULL;
  g_autofree double *naive_y = NULL;
  g_autofree double *placed_y = NULL;
  g_autofree guint *rank = NULL;
  double times[7];
  double t0, elapsed;
  HpRect bounds;
  guint64 found;
  guint hits = 0;
  guint n, n_layers = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_nodes < 1)
    {
      g_printerr ("bench-layout: %s\n", error != NULL ? error->message : "--nodes must be positive");
      return 2;
    }

  rand = g_rand_new_with_seed (seed);
  graph = generate (n_nodes, rand);

  for (guint k = 0; k < G_N_ELEMENTS (times); k++)
    {
      g_clear_pointer (&layout, hp_graph_layout_unref);
      t0 = now ();
      layout = hp_graph_layout_compute (graph);
      times[k] = now () - t0;
    }
  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_doubles);
  bounds = hp_graph_layout_get_bounds (layout);
  n = hp_graph_layout_get_n_nodes (layout);

  /* crossings with the nodes of each column in index order, and as laid out */
  naive_y = g_new (double, n);
  placed_y = g_new (double, n);
  rank = g_new0 (guint, n);
  for (guint i = 0; i < n; i++)
    {
      naive_y[i] = rank[hp_graph_layout_get_node_layer (layout, i)]++;
      placed_y[i] = hp_graph_layout_get_node_rect (layout, i)->y;
      n_layers = MAX (n_layers, hp_graph_layout_get_node_layer (layout, i) + 1);
    }

  g_print ("graph:        %u nodes, %u edges, seed %d\n",
           n, hp_graph_layout_get_n_edges (layout), seed);
  g_print ("layout:       %.0f x %.0f, %u columns; crossings %" G_GUINT64_FORMAT
           " in index order, %" G_GUINT64_FORMAT " after ordering\n",
           bounds.width, bounds.height, n_layers,
           count_crossings (layout, naive_y), count_crossings (layout, placed_y));
  g_print ("compute:      %.2f ms (median of %u, min %.2f ms)\n",
           times[G_N_ELEMENTS (times) / 2] * 1e3, (guint) G_N_ELEMENTS (times), times[0] * 1e3);

  points = g_new (double, 2 * N_HITS);
  for (guint k = 0; k < N_HITS; k++)
    {
      points[2 * k] = g_rand_double_range (rand, bounds.x, bounds.x + bounds.width);
      points[2 * k + 1] = g_rand_double_range (rand, bounds.y, bounds.y + bounds.height);
    }
  t0 = now ();
  for (guint k = 0; k < N_HITS; k++)
    if (hp_graph_layout_hit_test (layout, points[2 * k], points[2 * k + 1]) >= 0)
      hits++;
  elapsed = now () - t0;
  g_print ("hit_test:     %.3f us each (%d random points in the bounds, %u on a node)\n",
           elapsed / N_HITS * 1e6, N_HITS, hits);

  /* for comparison: the same points against every node, last first */
  hits = 0;
  t0 = now ();
  for (guint k = 0; k < N_HITS; k++)
    for (guint i = n; i > 0; i--)
      {
        const HpRect *r = hp_graph_layout_get_node_rect (layout, i - 1);
        double x = points[2 * k], y = points[2 * k + 1];

        if (x >= r->x && x <= r->x + r->width && y >= r->y && y <= r->y + r->height)
          {
            hits++;
            break;
          }
      }
  elapsed = now () - t0;
  g_print ("linear scan:  %.3f us each (the same points, every node tested; %u on a node)\n",
           elapsed / N_HITS * 1e6, hits);

  areas = g_new (HpRect, N_QUERIES);
  random_areas (areas, N_QUERIES, &bounds, 1280, 800, rand);
  found = 0;
  t0 = now ();
  for (guint k = 0; k < N_QUERIES; k++)
    {
      GArray *nodes = hp_graph_layout_query_area (layout, &areas[k]);

      found += nodes->len;
      g_array_unref (nodes);
    }
  elapsed = now () - t0;
  g_print ("query_area:   %.3f us each (%d viewports 1280 x 800 at zoom 1, %.1f nodes each)\n",
           elapsed / N_QUERIES * 1e6, N_QUERIES, (double) found / N_QUERIES);

  found = 0;
  t0 = now ();
  for (guint k = 0; k < N_QUERIES; k++)
    {
      GArray *edges = hp_graph_layout_query_edges (layout, &areas[k]);

      found += edges->len;
      g_array_unref (edges);
    }
  elapsed = now () - t0;
  g_print ("query_edges:  %.3f us each (the same viewports, %.1f edges each)\n",
           elapsed / N_QUERIES * 1e6, (double) found / N_QUERIES);

  /* zoomed out: a quarter of the graph's width, all of its height */
  random_areas (areas, N_QUERIES, &bounds, bounds.width / 4, bounds.height, rand);
  found = 0;
  t0 = now ();
  for (guint k = 0; k < N_QUERIES; k++)
    {
      GArray *nodes = hp_graph_layout_query_area (layout, &areas[k]);

      found += nodes->len;
      g_array_unref (nodes);
    }
  elapsed = now () - t0;
  g_print ("query_area:   %.3f us each (%d areas a quarter of the graph wide, %.1f nodes each)\n",
           elapsed / N_QUERIES * 1e6, N_QUERIES, (double) found / N_QUERIES);

  return 0;
}
