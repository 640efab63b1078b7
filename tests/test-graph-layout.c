/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "hp-graph-layout.h"

/* Computed layouts: nodes 240 × 80, columns 240 + 120 = 360 apart, nodes
 * in a column 80 + 40 = 120 apart, columns centred on the tallest one.
 * Edge ends: slot s at 30 + 20 s below the node's top (at most 10 above
 * its bottom); control points max (60, |dx| / 2) out horizontally. */

static HpWorkflowGraph *
graph_with_nodes (const char *const *ids)
{
  HpWorkflowGraph *graph = hp_workflow_graph_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (hp_workflow_graph_add_node (graph, ids[i], "Type", NULL, &error));
      g_assert_no_error (error);
    }
  return graph;
}

static void
add_edge (HpWorkflowGraph *graph,
          const char      *from,
          int              from_slot,
          const char      *to,
          int              to_slot)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hp_workflow_graph_add_edge (graph, from, from_slot, to, to_slot, &error));
  g_assert_no_error (error);
}

static void
set_position (HpWorkflowGraph *graph,
              const char      *id,
              double           x,
              double           y,
              double           width,
              double           height)
{
  hp_graph_node_set_position (hp_workflow_graph_lookup_node (graph, id), x, y, width, height);
}

static void
assert_rect (const HpRect *r,
             double        x,
             double        y,
             double        width,
             double        height)
{
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->x, ==, x);
  g_assert_cmpfloat (r->y, ==, y);
  g_assert_cmpfloat (r->width, ==, width);
  g_assert_cmpfloat (r->height, ==, height);
}

static void
assert_edge (const HpEdgePath *p,
             double            x0,
             double            y0,
             double            x1,
             double            x2,
             double            x3,
             double            y3)
{
  g_assert_nonnull (p);
  g_assert_cmpfloat (p->x0, ==, x0);
  g_assert_cmpfloat (p->y0, ==, y0);
  g_assert_cmpfloat (p->x1, ==, x1);
  g_assert_cmpfloat (p->y1, ==, y0);
  g_assert_cmpfloat (p->x2, ==, x2);
  g_assert_cmpfloat (p->y2, ==, y3);
  g_assert_cmpfloat (p->x3, ==, x3);
  g_assert_cmpfloat (p->y3, ==, y3);
}

static const HpRect *
rect_of (HpGraphLayout *layout,
         const char    *id)
{
  int index = hp_graph_layout_find_node (layout, id);

  g_assert_cmpint (index, >=, 0);
  return hp_graph_layout_get_node_rect (layout, index);
}

static guint
layer_of (HpGraphLayout *layout,
          const char    *id)
{
  return hp_graph_layout_get_node_layer (layout, hp_graph_layout_find_node (layout, id));
}

/* Query result as "i j k". */
static char *
query (HpGraphLayout *layout,
       double         x,
       double         y,
       double         width,
       double         height,
       gboolean       edges)
{
  HpRect area = { x, y, width, height };
  g_autoptr(GArray) found = edges ? hp_graph_layout_query_edges (layout, &area)
                                  : hp_graph_layout_query_area (layout, &area);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (s, "%s%u", i > 0 ? " " : "", g_array_index (found, guint, i));
  return g_string_free (s, FALSE);
}

static void
assert_query (HpGraphLayout *layout,
              double         x,
              double         y,
              double         width,
              double         height,
              const char    *expected)
{
  g_autofree char *got = query (layout, x, y, width, height, FALSE);

  g_assert_cmpstr (got, ==, expected);
}

static gboolean
rects_overlap (const HpRect *a,
               const HpRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* No two nodes overlap; every edge that is not a back edge goes from a
 * left column to a right one, clear of the source node; back edges go the
 * other way (or stay, for a self-loop). */
static void
assert_layout_sane (HpGraphLayout *layout)
{
  guint n = hp_graph_layout_get_n_nodes (layout);
  gboolean any_back = FALSE;

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (rects_overlap (hp_graph_layout_get_node_rect (layout, i),
                         hp_graph_layout_get_node_rect (layout, j)))
        g_error ("nodes %u and %u overlap", i, j);

  for (guint e = 0; e < hp_graph_layout_get_n_edges (layout); e++)
    {
      const HpEdgePath *p = hp_graph_layout_get_edge (layout, e);
      const HpRect *from = hp_graph_layout_get_node_rect (layout, p->from_index);
      const HpRect *to = hp_graph_layout_get_node_rect (layout, p->to_index);
      guint from_layer = hp_graph_layout_get_node_layer (layout, p->from_index);
      guint to_layer = hp_graph_layout_get_node_layer (layout, p->to_index);

      if (p->back_edge)
        {
          any_back = TRUE;
          g_assert_cmpuint (to_layer, <=, from_layer);
        }
      else
        {
          g_assert_cmpuint (to_layer, >, from_layer);
          g_assert_cmpfloat (to->x, >, from->x + from->width);
          g_assert_cmpfloat (p->x3, >, p->x0);
        }
    }
  g_assert_true (any_back == hp_graph_layout_has_cycle (layout));
}

/* Crossings between consecutive layers, with nodes at the given y. */
static guint
count_crossings (HpGraphLayout *layout,
                 const double  *y)
{
  guint m = hp_graph_layout_get_n_edges (layout);
  guint crossings = 0;

  for (guint e = 0; e < m; e++)
    for (guint f = e + 1; f < m; f++)
      {
        const HpEdgePath *p = hp_graph_layout_get_edge (layout, e);
        const HpEdgePath *q = hp_graph_layout_get_edge (layout, f);

        if (hp_graph_layout_get_node_layer (layout, p->to_index) !=
            hp_graph_layout_get_node_layer (layout, p->from_index) + 1)
          continue;
        if (hp_graph_layout_get_node_layer (layout, p->from_index) !=
            hp_graph_layout_get_node_layer (layout, q->from_index) ||
            hp_graph_layout_get_node_layer (layout, p->to_index) !=
            hp_graph_layout_get_node_layer (layout, q->to_index))
          continue;
        if ((y[p->from_index] - y[q->from_index]) * (y[p->to_index] - y[q->to_index]) < 0)
          crossings++;
      }
  return crossings;
}

/* ---------------------------------------------------------------------- */

static void
test_source_positions_simple (void)
{
  const char *ids[] = { "a", "b", "c", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpGraphLayout) layout = NULL;
  HpRect bounds;

  set_position (graph, "a", 10, 20, 100, 50);
  set_position (graph, "b", 200, -30, 0, 0);       /* no size: 240 × 80 */
  set_position (graph, "c", -50.5, 300.25, 80, 40);
  add_edge (graph, "a", 0, "b", 1);

  layout = hp_graph_layout_compute (graph);
  g_assert_true (hp_graph_layout_uses_source_positions (layout));
  g_assert_false (hp_graph_layout_has_cycle (layout));
  g_assert_cmpuint (hp_graph_layout_get_n_nodes (layout), ==, 3);
  assert_rect (hp_graph_layout_get_node_rect (layout, 0), 10, 20, 100, 50);
  assert_rect (hp_graph_layout_get_node_rect (layout, 1), 200, -30, 240, 80);
  assert_rect (hp_graph_layout_get_node_rect (layout, 2), -50.5, 300.25, 80, 40);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (hp_graph_layout_get_node_layer (layout, i), ==, 0);

  /* a's output 0: x = 10 + 100 = 110, y = 20 + min (30, max (50 − 10, 25)) = 50;
   * b's input 1: x = 200, y = −30 + min (30 + 20, max (80 − 10, 40)) = 20;
   * |dx| = 90, offset max (60, 45) = 60: x1 = 170, x2 = 140 */
  g_assert_cmpuint (hp_graph_layout_get_n_edges (layout), ==, 1);
  assert_edge (hp_graph_layout_get_edge (layout, 0), 110, 50, 170, 140, 200, 20);
  g_assert_cmpuint (hp_graph_layout_get_edge (layout, 0)->from_index, ==, 0);
  g_assert_cmpuint (hp_graph_layout_get_edge (layout, 0)->to_index, ==, 1);
  g_assert_false (hp_graph_layout_get_edge (layout, 0)->back_edge);

  /* x from −50.5 (c) to 440 (b: 200 + 240), y from −30 (b) to 340.25 (c: 300.25 + 40) */
  bounds = hp_graph_layout_get_bounds (layout);
  assert_rect (&bounds, -50.5, -30, 490.5, 370.25);
}

/* ComfyUI's default workflow (tests/fixtures/comfyui_ui_workflow_default.json),
 * nodes and links as in the file. */
static HpWorkflowGraph *
comfyui_default_graph (void)
{
  const char *ids[] = { "7", "6", "5", "3", "8", "9", "4", NULL };
  HpWorkflowGraph *graph = graph_with_nodes (ids);

  set_position (graph, "7", 413, 389, 425.27801513671875, 180.6060791015625);
  set_position (graph, "6", 415, 186, 422.84503173828125, 164.31304931640625);
  set_position (graph, "5", 473, 609, 315, 106);
  set_position (graph, "3", 863, 186, 315, 262);
  set_position (graph, "8", 1209, 188, 210, 46);
  set_position (graph, "9", 1451, 189, 210, 26);
  set_position (graph, "4", 26, 474, 315, 98);
  add_edge (graph, "4", 0, "3", 0);   /* link 1 MODEL */
  add_edge (graph, "5", 0, "3", 3);   /* link 2 LATENT */
  add_edge (graph, "4", 1, "6", 0);   /* link 3 CLIP */
  add_edge (graph, "6", 0, "3", 1);   /* link 4 CONDITIONING */
  add_edge (graph, "4", 1, "7", 0);   /* link 5 CLIP */
  add_edge (graph, "7", 0, "3", 2);   /* link 6 CONDITIONING */
  add_edge (graph, "3", 0, "8", 0);   /* link 7 LATENT */
  add_edge (graph, "4", 2, "8", 1);   /* link 8 VAE */
  add_edge (graph, "8", 0, "9", 0);   /* link 9 IMAGE */
  return graph;
}

static void
test_source_positions_comfyui (void)
{
  g_autoptr(HpWorkflowGraph) graph = comfyui_default_graph ();
  g_autoptr(HpGraphLayout) layout = hp_graph_layout_compute (graph);
  HpRect bounds;

  g_assert_true (hp_graph_layout_uses_source_positions (layout));
  g_assert_false (hp_graph_layout_has_cycle (layout));
  assert_rect (rect_of (layout, "7"), 413, 389, 425.27801513671875, 180.6060791015625);
  assert_rect (rect_of (layout, "6"), 415, 186, 422.84503173828125, 164.31304931640625);
  assert_rect (rect_of (layout, "5"), 473, 609, 315, 106);
  assert_rect (rect_of (layout, "3"), 863, 186, 315, 262);
  assert_rect (rect_of (layout, "8"), 1209, 188, 210, 46);
  assert_rect (rect_of (layout, "9"), 1451, 189, 210, 26);
  assert_rect (rect_of (layout, "4"), 26, 474, 315, 98);
  g_assert_cmpint (hp_graph_layout_find_node (layout, "3"), ==, 3);
  g_assert_cmpstr (hp_graph_layout_get_node_id (layout, 6), ==, "4");

  /* link 1, 4:0 → 3:0: x0 = 26 + 315 = 341, y0 = 474 + 30 = 504;
   * x3 = 863, y3 = 186 + 30 = 216; |dx| = 522, offset 261: x1 = x2 = 602 */
  assert_edge (hp_graph_layout_get_edge (layout, 0), 341, 504, 602, 602, 863, 216);
  /* link 2, 5:0 → 3:3: x0 = 473 + 315 = 788, y0 = 609 + 30 = 639;
   * y3 = 186 + 30 + 3 × 20 = 276; |dx| = 75, offset 60: x1 = 848, x2 = 803 */
  assert_edge (hp_graph_layout_get_edge (layout, 1), 788, 639, 848, 803, 863, 276);
  /* link 8, 4:2 → 8:1: y0 = 474 + min (70, 98 − 10) = 544; 8 is 46 tall,
   * so input 1 at 188 + min (50, 46 − 10) = 224; x0 = 341, x3 = 1209,
   * |dx| = 868, offset 434: x1 = 775, x2 = 775 */
  assert_edge (hp_graph_layout_get_edge (layout, 7), 341, 544, 775, 775, 1209, 224);
  /* link 9, 8:0 → 9:0: x0 = 1209 + 210 = 1419, y0 = 188 + 30 = 218;
   * 9 is 26 tall: input 0 at 189 + min (30, max (16, 13)) = 205;
   * |dx| = 32, offset 60: x1 = 1479, x2 = 1391 */
  assert_edge (hp_graph_layout_get_edge (layout, 8), 1419, 218, 1479, 1391, 1451, 205);

  /* x from 26 (node 4) to 1661 (9: 1451 + 210); y from 186 (6 and 3)
   * to 715 (5: 609 + 106) */
  bounds = hp_graph_layout_get_bounds (layout);
  assert_rect (&bounds, 26, 186, 1635, 529);

  /* the sampler's middle (863 + 157.5, 186 + 131) is node 3, index 3 */
  g_assert_cmpint (hp_graph_layout_hit_test (layout, 1020.5, 317), ==, 3);
  /* between 6 (bottom 350.3…) and 7 (top 389) at x = 500: nothing */
  g_assert_cmpint (hp_graph_layout_hit_test (layout, 500, 370), ==, -1);
}

static void
test_source_positions_partial (void)
{
  const char *ids[] = { "a", "b", "c", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpGraphLayout) layout = NULL;

  /* c has no position: nothing from the source is used */
  set_position (graph, "a", 1000, 1000, 50, 50);
  set_position (graph, "b", 2000, 1000, 50, 50);
  add_edge (graph, "a", 0, "b", 0);
  add_edge (graph, "b", 0, "c", 0);

  layout = hp_graph_layout_compute (graph);
  g_assert_false (hp_graph_layout_uses_source_positions (layout));
  assert_rect (rect_of (layout, "a"), 0, 0, 240, 80);
  assert_rect (rect_of (layout, "b"), 360, 0, 240, 80);
  assert_rect (rect_of (layout, "c"), 720, 0, 240, 80);

  /* a position that is not a number counts as none */
  g_clear_pointer (&layout, hp_graph_layout_unref);
  set_position (graph, "c", NAN, 0, 50, 50);
  layout = hp_graph_layout_compute (graph);
  g_assert_false (hp_graph_layout_uses_source_positions (layout));
  assert_rect (rect_of (layout, "c"), 720, 0, 240, 80);

  /* all three: the source's */
  g_clear_pointer (&layout, hp_graph_layout_unref);
  set_position (graph, "c", 3000, 1000, 50, 50);
  layout = hp_graph_layout_compute (graph);
  g_assert_true (hp_graph_layout_uses_source_positions (layout));
  assert_rect (rect_of (layout, "c"), 3000, 1000, 50, 50);
}

static void
test_chain (void)
{
  const char *ids[] = { "a", "b", "c", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpGraphLayout) layout = NULL;
  HpRect bounds;

  add_edge (graph, "a", 0, "b", 0);
  add_edge (graph, "b", 0, "c", 0);
  layout = hp_graph_layout_compute (graph);

  g_assert_false (hp_graph_layout_uses_source_positions (layout));
  g_assert_false (hp_graph_layout_has_cycle (layout));
  g_assert_cmpuint (layer_of (layout, "a"), ==, 0);
  g_assert_cmpuint (layer_of (layout, "b"), ==, 1);
  g_assert_cmpuint (layer_of (layout, "c"), ==, 2);
  /* one node per column, all at y = 0; x = 0, 360, 720 */
  assert_rect (rect_of (layout, "a"), 0, 0, 240, 80);
  assert_rect (rect_of (layout, "b"), 360, 0, 240, 80);
  assert_rect (rect_of (layout, "c"), 720, 0, 240, 80);

  /* a → b: (240, 30) to (360, 30), |dx| = 120, offset 60: x1 = x2 = 300 */
  assert_edge (hp_graph_layout_get_edge (layout, 0), 240, 30, 300, 300, 360, 30);

  bounds = hp_graph_layout_get_bounds (layout);
  assert_rect (&bounds, 0, 0, 960, 80);
  assert_layout_sane (layout);
}

static HpWorkflowGraph *
diamond_graph (void)
{
  const char *ids[] = { "a", "b", "c", "d", NULL };
  HpWorkflowGraph *graph = graph_with_nodes (ids);

  add_edge (graph, "a", 0, "b", 0);
  add_edge (graph, "a", 0, "c", 0);
  add_edge (graph, "b", 0, "d", 0);
  add_edge (graph, "c", 0, "d", 1);
  return graph;
}

static void
test_diamond (void)
{
  g_autoptr(HpWorkflowGraph) graph = diamond_graph ();
  g_autoptr(HpGraphLayout) layout = hp_graph_layout_compute (graph);
  HpRect bounds;

  g_assert_cmpuint (layer_of (layout, "a"), ==, 0);
  g_assert_cmpuint (layer_of (layout, "b"), ==, 1);
  g_assert_cmpuint (layer_of (layout, "c"), ==, 1);
  g_assert_cmpuint (layer_of (layout, "d"), ==, 2);

  /* column 1 holds b and c: 80 + 40 + 80 = 200 tall, the tallest; the
   * others are centred on it: y = (200 − 80) / 2 = 60 */
  assert_rect (rect_of (layout, "a"), 0, 60, 240, 80);
  assert_rect (rect_of (layout, "b"), 360, 0, 240, 80);
  assert_rect (rect_of (layout, "c"), 360, 120, 240, 80);
  assert_rect (rect_of (layout, "d"), 720, 60, 240, 80);

  /* c → d (input 1): from (600, 120 + 30) to (720, 60 + 50), offset 60 */
  assert_edge (hp_graph_layout_get_edge (layout, 3), 600, 150, 660, 660, 720, 110);

  bounds = hp_graph_layout_get_bounds (layout);
  assert_rect (&bounds, 0, 0, 960, 200);
  assert_layout_sane (layout);
}

/* Nodes n0 … n(count − 1); each takes up to three inputs from the 30 nodes
 * before it (the same one twice sometimes), so edges span 1 to ~20 layers. */
static HpWorkflowGraph *
random_dag (guint  count,
            GRand *rand)
{
  HpWorkflowGraph *graph = hp_workflow_graph_new ();

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      guint inputs = i == 0 ? 0 : (guint) g_rand_int_range (rand, 0, 4);

      hp_workflow_graph_add_node (graph, id, "Type", NULL, NULL);
      for (guint k = 0; k < inputs; k++)
        {
          guint j = (guint) g_rand_int_range (rand, MAX (0, (int) i - 30), (int) i);
          g_autofree char *from = g_strdup_printf ("n%u", j);

          add_edge (graph, from, g_rand_int_range (rand, 0, 3), id, (int) k);
        }
    }
  return graph;
}

/* hit_test and query_area agree with a plain scan over every node. */
static void
assert_index_matches_scan (HpGraphLayout *layout,
                           GRand         *rand,
                           guint          probes)
{
  HpRect bounds = hp_graph_layout_get_bounds (layout);
  guint n = hp_graph_layout_get_n_nodes (layout);

  for (guint i = 0; i < n; i++)
    {
      const HpRect *r = hp_graph_layout_get_node_rect (layout, i);

      g_assert_cmpint (hp_graph_layout_hit_test (layout, r->x + r->width / 2,
                                                 r->y + r->height / 2), ==, i);
    }

  for (guint k = 0; k < probes; k++)
    {
      HpRect area;
      g_autoptr(GArray) found = NULL;
      guint next = 0;
      double x = g_rand_double_range (rand, bounds.x - 100, bounds.x + bounds.width + 100);
      double y = g_rand_double_range (rand, bounds.y - 100, bounds.y + bounds.height + 100);
      int expected = -1;

      for (guint i = 0; i < n; i++)
        {
          const HpRect *r = hp_graph_layout_get_node_rect (layout, i);

          if (x >= r->x && x <= r->x + r->width && y >= r->y && y <= r->y + r->height)
            expected = (int) i;
        }
      g_assert_cmpint (hp_graph_layout_hit_test (layout, x, y), ==, expected);

      area.x = x;
      area.y = y;
      area.width = g_rand_double_range (rand, 0, bounds.width / 3);
      area.height = g_rand_double_range (rand, 0, bounds.height / 3);
      found = hp_graph_layout_query_area (layout, &area);
      for (guint i = 0; i < n; i++)
        {
          const HpRect *r = hp_graph_layout_get_node_rect (layout, i);
          gboolean meets = r->x <= area.x + area.width && area.x <= r->x + r->width &&
                           r->y <= area.y + area.height && area.y <= r->y + r->height;

          if (meets)
            {
              g_assert_cmpuint (next, <, found->len);
              g_assert_cmpuint (g_array_index (found, guint, next), ==, i);
              next++;
            }
        }
      g_assert_cmpuint (next, ==, found->len);
    }
}

static void
test_random_dag (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  g_autoptr(HpWorkflowGraph) graph = random_dag (200, rand);
  g_autoptr(HpGraphLayout) layout = hp_graph_layout_compute (graph);

  g_assert_cmpuint (hp_graph_layout_get_n_nodes (layout), ==, 200);
  g_assert_false (hp_graph_layout_uses_source_positions (layout));
  g_assert_false (hp_graph_layout_has_cycle (layout));
  assert_layout_sane (layout);
  assert_index_matches_scan (layout, rand, 500);
}

/* Random edges in every direction: cycles everywhere. Layout ends, back
 * edges are the only ones going right to left, nothing overlaps. */
static void
test_random_cyclic (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(HpWorkflowGraph) graph = hp_workflow_graph_new ();
  g_autoptr(HpGraphLayout) layout = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);

      hp_workflow_graph_add_node (graph, id, NULL, NULL, NULL);
    }
  for (guint e = 0; e < 250; e++)
    {
      g_autofree char *from = g_strdup_printf ("n%d", g_rand_int_range (rand, 0, 100));
      g_autofree char *to = g_strdup_printf ("n%d", g_rand_int_range (rand, 0, 100));

      add_edge (graph, from, 0, to, 0);
    }

  layout = hp_graph_layout_compute (graph);
  g_assert_true (hp_graph_layout_has_cycle (layout));
  assert_layout_sane (layout);
  assert_index_matches_scan (layout, rand, 200);
}

static void
test_crossings (void)
{
  const char *ids[] = { "a0", "a1", "a2", "b0", "b1", "b2", "c0", "c1", "c2", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpGraphLayout) layout = NULL;
  double naive[9], placed[9];

  add_edge (graph, "a0", 0, "b2", 0);
  add_edge (graph, "a1", 0, "b1", 0);
  add_edge (graph, "a2", 0, "b0", 0);
  add_edge (graph, "b0", 0, "c1", 0);
  add_edge (graph, "b1", 0, "c2", 0);
  add_edge (graph, "b2", 0, "c0", 0);
  layout = hp_graph_layout_compute (graph);

  /* naive order (as added, top to bottom): between a and b the edges
   * (0,2) (1,1) (2,0) cross pairwise: 3; between b and c, (0,1) (1,2) (2,0):
   * (0,1)×(2,0) and (1,2)×(2,0): 2; 5 in all */
  for (guint i = 0; i < 9; i++)
    naive[i] = i % 3;
  g_assert_cmpuint (count_crossings (layout, naive), ==, 5);

  /* barycentres: b0 → 2, b1 → 1, b2 → 0, so b2 b1 b0; then c0 under b2 (0),
   * c1 under b0 (2), c2 under b1 (1): c0 c2 c1; no crossing left */
  for (guint i = 0; i < 9; i++)
    placed[i] = hp_graph_layout_get_node_rect (layout, i)->y;
  g_assert_cmpuint (count_crossings (layout, placed), ==, 0);
  g_assert_cmpfloat (rect_of (layout, "b2")->y, ==, 0);
  g_assert_cmpfloat (rect_of (layout, "b1")->y, ==, 120);
  g_assert_cmpfloat (rect_of (layout, "b0")->y, ==, 240);
  g_assert_cmpfloat (rect_of (layout, "c0")->y, ==, 0);
  g_assert_cmpfloat (rect_of (layout, "c2")->y, ==, 120);
  g_assert_cmpfloat (rect_of (layout, "c1")->y, ==, 240);
  assert_layout_sane (layout);
}

static void
test_cycle (void)
{
  const char *ids[] = { "a", "b", "c", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpGraphLayout) layout = NULL;

  add_edge (graph, "a", 0, "b", 0);
  add_edge (graph, "b", 0, "c", 0);
  add_edge (graph, "c", 0, "a", 0);
  layout = hp_graph_layout_compute (graph);

  /* search from a: a → b → c, then c → a finds a on the stack */
  g_assert_true (hp_graph_layout_has_cycle (layout));
  g_assert_false (hp_graph_layout_get_edge (layout, 0)->back_edge);
  g_assert_false (hp_graph_layout_get_edge (layout, 1)->back_edge);
  g_assert_true (hp_graph_layout_get_edge (layout, 2)->back_edge);
  /* c → a counts as a → c: layers stay 0, 1, 2 */
  g_assert_cmpuint (layer_of (layout, "a"), ==, 0);
  g_assert_cmpuint (layer_of (layout, "b"), ==, 1);
  g_assert_cmpuint (layer_of (layout, "c"), ==, 2);
  assert_rect (rect_of (layout, "c"), 720, 0, 240, 80);
  /* c → a goes back: from (960, 30) to (0, 30), offset 960 / 2 = 480 */
  assert_edge (hp_graph_layout_get_edge (layout, 2), 960, 30, 1440, -480, 0, 30);
  assert_layout_sane (layout);
}

static void
test_self_loop (void)
{
  const char *ids[] = { "x", "y", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpGraphLayout) layout = NULL;

  add_edge (graph, "x", 0, "x", 0);
  add_edge (graph, "x", 0, "y", 0);
  layout = hp_graph_layout_compute (graph);

  g_assert_true (hp_graph_layout_has_cycle (layout));
  g_assert_true (hp_graph_layout_get_edge (layout, 0)->back_edge);
  g_assert_false (hp_graph_layout_get_edge (layout, 1)->back_edge);
  g_assert_cmpuint (layer_of (layout, "x"), ==, 0);
  g_assert_cmpuint (layer_of (layout, "y"), ==, 1);
  /* x's right side (240, 30) round to its left side (0, 30): offset
   * max (60, 240 / 2) = 120 */
  assert_edge (hp_graph_layout_get_edge (layout, 0), 240, 30, 360, -120, 0, 30);
  assert_layout_sane (layout);
}

static void
test_cycles_mixed (void)
{
  const char *ids[] = { "p", "q", "r", "s", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpGraphLayout) layout = NULL;

  add_edge (graph, "p", 0, "q", 0);   /* 0 */
  add_edge (graph, "q", 0, "p", 0);   /* 1: p on the stack → back */
  add_edge (graph, "q", 0, "r", 0);   /* 2 */
  add_edge (graph, "r", 0, "r", 0);   /* 3: self-loop → back */
  add_edge (graph, "s", 0, "p", 0);   /* 4: p already done → not back */
  layout = hp_graph_layout_compute (graph);

  g_assert_true (hp_graph_layout_has_cycle (layout));
  g_assert_false (hp_graph_layout_get_edge (layout, 0)->back_edge);
  g_assert_true (hp_graph_layout_get_edge (layout, 1)->back_edge);
  g_assert_false (hp_graph_layout_get_edge (layout, 2)->back_edge);
  g_assert_true (hp_graph_layout_get_edge (layout, 3)->back_edge);
  g_assert_false (hp_graph_layout_get_edge (layout, 4)->back_edge);
  /* s is the only source: s 0, p 1, q 2, r 3 */
  g_assert_cmpuint (layer_of (layout, "s"), ==, 0);
  g_assert_cmpuint (layer_of (layout, "p"), ==, 1);
  g_assert_cmpuint (layer_of (layout, "q"), ==, 2);
  g_assert_cmpuint (layer_of (layout, "r"), ==, 3);
  assert_layout_sane (layout);

  /* cycles are found with source positions too */
  g_clear_pointer (&layout, hp_graph_layout_unref);
  set_position (graph, "p", 0, 0, 10, 10);
  set_position (graph, "q", 20, 0, 10, 10);
  set_position (graph, "r", 40, 0, 10, 10);
  set_position (graph, "s", 60, 0, 10, 10);
  layout = hp_graph_layout_compute (graph);
  g_assert_true (hp_graph_layout_uses_source_positions (layout));
  g_assert_true (hp_graph_layout_has_cycle (layout));
  g_assert_true (hp_graph_layout_get_edge (layout, 1)->back_edge);
  g_assert_true (hp_graph_layout_get_edge (layout, 3)->back_edge);
  g_assert_false (hp_graph_layout_get_edge (layout, 4)->back_edge);
}

/* Hit test of the view point (vx, vy) under @t. */
static int
hit_at_view (HpGraphLayout         *layout,
             const HpViewTransform *t,
             double                 vx,
             double                 vy)
{
  double gx, gy, back_x, back_y;

  hp_view_transform_to_graph (t, vx, vy, &gx, &gy);
  hp_view_transform_to_view (t, gx, gy, &back_x, &back_y);
  g_assert_cmpfloat_with_epsilon (back_x, vx, 1e-9);
  g_assert_cmpfloat_with_epsilon (back_y, vy, 1e-9);
  return hp_graph_layout_hit_test (layout, gx, gy);
}

static void
test_hit_test_zoom (void)
{
  g_autoptr(HpWorkflowGraph) graph = diamond_graph ();
  g_autoptr(HpGraphLayout) layout = hp_graph_layout_compute (graph);
  HpViewTransform half = { 0.5, 10, 20 };
  HpViewTransform one = { 1, -50, 30 };
  HpViewTransform big = { 2.5, -100, 50 };

  /* a (0,60)–(240,140), b (360,0)–(600,80), c (360,120)–(600,200),
   * d (720,60)–(960,140); view = graph × zoom + offset */

  /* zoom 0.5: b's (400, 40) → (210, 40); the gap between columns at
   * (300, 100) → (160, 70); between b and c at (400, 100) → (210, 70) */
  g_assert_cmpint (hit_at_view (layout, &half, 210, 40), ==, 1);
  g_assert_cmpint (hit_at_view (layout, &half, 160, 70), ==, -1);
  g_assert_cmpint (hit_at_view (layout, &half, 210, 70), ==, -1);
  /* a's (100, 100) → (60, 70) */
  g_assert_cmpint (hit_at_view (layout, &half, 60, 70), ==, 0);

  /* zoom 1: c's (500, 190) → (450, 220); d's (721, 139) → (671, 169);
   * (-10, -10), outside everything → (-60, 20) */
  g_assert_cmpint (hit_at_view (layout, &one, 450, 220), ==, 2);
  g_assert_cmpint (hit_at_view (layout, &one, 671, 169), ==, 3);
  g_assert_cmpint (hit_at_view (layout, &one, -60, 20), ==, -1);

  /* zoom 2.5: d's (900, 100) → (2150, 300); the gap (660, 100) → (1550, 300);
   * b's bottom-right corner (600, 80) → (1400, 250): borders belong to the node */
  g_assert_cmpint (hit_at_view (layout, &big, 2150, 300), ==, 3);
  g_assert_cmpint (hit_at_view (layout, &big, 1550, 300), ==, -1);
  g_assert_cmpint (hit_at_view (layout, &big, 1400, 250), ==, 1);
  /* (600.4, 80) is just outside b: (1401, 250) */
  g_assert_cmpint (hit_at_view (layout, &big, 1401, 250), ==, -1);
}

static void
test_hit_test_overlap (void)
{
  const char *ids[] = { "p", "q", "r", NULL };
  const char *reversed[] = { "q", "p", "r", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpWorkflowGraph) graph2 = graph_with_nodes (reversed);
  g_autoptr(HpGraphLayout) layout = NULL;
  g_autoptr(HpGraphLayout) layout2 = NULL;
  HpViewTransform t = { 2, 10, 10 };

  /* p (0,0)–(100,100), q (50,50)–(150,150) drawn over it, r apart */
  set_position (graph, "p", 0, 0, 100, 100);
  set_position (graph, "q", 50, 50, 100, 100);
  set_position (graph, "r", 300, 0, 100, 100);
  layout = hp_graph_layout_compute (graph);
  g_assert_true (hp_graph_layout_uses_source_positions (layout));

  /* (75, 75) in both: q, drawn last; at zoom 2 + 10 that is view (160, 160) */
  g_assert_cmpint (hp_graph_layout_hit_test (layout, 75, 75), ==, 1);
  g_assert_cmpint (hit_at_view (layout, &t, 160, 160), ==, 1);
  /* (25, 25) only p → view (60, 60); (125, 125) only q → (260, 260) */
  g_assert_cmpint (hit_at_view (layout, &t, 60, 60), ==, 0);
  g_assert_cmpint (hit_at_view (layout, &t, 260, 260), ==, 1);
  /* (200, 50) between q and r → (410, 110); (350, 50) in r → (710, 110) */
  g_assert_cmpint (hit_at_view (layout, &t, 410, 110), ==, -1);
  g_assert_cmpint (hit_at_view (layout, &t, 710, 110), ==, 2);
  /* (75, 20): p only (q starts at y 50) */
  g_assert_cmpint (hp_graph_layout_hit_test (layout, 75, 20), ==, 0);

  /* q added first, p drawn over it: (75, 75) is p, now index 1 */
  set_position (graph2, "p", 0, 0, 100, 100);
  set_position (graph2, "q", 50, 50, 100, 100);
  set_position (graph2, "r", 300, 0, 100, 100);
  layout2 = hp_graph_layout_compute (graph2);
  g_assert_cmpint (hp_graph_layout_hit_test (layout2, 75, 75), ==, 1);
  g_assert_cmpstr (hp_graph_layout_get_node_id (layout2, 1), ==, "p");
  g_assert_cmpint (hp_graph_layout_hit_test (layout2, 125, 125), ==, 0);

  /* the area (90, 90)–(95, 95) meets both, listed in drawing order */
  assert_query (layout, 90, 90, 5, 5, "0 1");
  assert_query (layout2, 90, 90, 5, 5, "0 1");
}

static void
test_query_area (void)
{
  g_autoptr(HpWorkflowGraph) graph = diamond_graph ();
  g_autoptr(HpGraphLayout) layout = hp_graph_layout_compute (graph);
  g_autofree char *edges1 = NULL;
  g_autofree char *edges2 = NULL;
  g_autofree char *edges3 = NULL;

  /* a (0,60)–(240,140), b (360,0)–(600,80), c (360,120)–(600,200),
   * d (720,60)–(960,140) */
  assert_query (layout, 0, 0, 100, 100, "0");            /* a's top-left part */
  assert_query (layout, 300, 0, 100, 10, "1");           /* b's top edge */
  assert_query (layout, 250, 85, 100, 30, "");           /* between the columns */
  assert_query (layout, 590, 70, 140, 20, "1 3");        /* b's corner, d's left */
  assert_query (layout, -1000, -1000, 10, 10, "");       /* far away */
  assert_query (layout, -1, -1, 2000, 2000, "0 1 2 3");  /* everything */
  assert_query (layout, 240, 0, 120, 50, "1");           /* touching b's left edge counts */
  assert_query (layout, 400, 50, 0, 0, "1");             /* a point */
  assert_query (layout, 0, 0, -5, 10, "");               /* negative size: nothing */

  /* edge boxes: a → b x 240–360, y 30–90 (a's output at 60 + 30);
   * a → c y 90–150; b → d x 600–720, y 30–90; c → d y 110–150 */
  edges1 = query (layout, 250, 40, 20, 20, TRUE);
  g_assert_cmpstr (edges1, ==, "0");
  edges2 = query (layout, 650, 95, 10, 20, TRUE);
  g_assert_cmpstr (edges2, ==, "3");
  edges3 = query (layout, 0, 0, 1000, 1000, TRUE);
  g_assert_cmpstr (edges3, ==, "0 1 2 3");
}

static void
assert_maps (const HpViewTransform *t,
             double                 gx,
             double                 gy,
             double                 vx,
             double                 vy)
{
  double x, y;

  hp_view_transform_to_view (t, gx, gy, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, vx, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, vy, 1e-9);
  hp_view_transform_to_graph (t, vx, vy, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, gx, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, gy, 1e-9);
}

static void
test_view_transform (void)
{
  HpViewTransform t = { 2.5, -100, 50 };
  HpRect bounds = { 0, 0, 1000, 500 };
  HpRect small = { 0, 0, 10, 10 };
  HpRect wide = { 0, 0, 100000, 100 };
  HpRect off = { 100, -200, 200, 100 };
  HpRect point = { 30, 40, 0, 0 };
  HpViewTransform fit;

  /* (3, 7) × 2.5 + (−100, 50) = (−92.5, 67.5) */
  assert_maps (&t, 3, 7, -92.5, 67.5);

  /* 1000 × 500 into 500 × 500 with 10 around: min (480 / 1000, 480 / 500) = 0.48;
   * centre (500, 250) × 0.48 = (240, 120) goes to (250, 250): offset (10, 130) */
  fit = hp_view_transform_fit (&bounds, 500, 500, 10, 0.1, 4);
  g_assert_cmpfloat_with_epsilon (fit.zoom, 0.48, 1e-12);
  g_assert_cmpfloat_with_epsilon (fit.offset_x, 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.offset_y, 130, 1e-9);
  assert_maps (&fit, 0, 0, 10, 130);
  assert_maps (&fit, 1000, 500, 490, 370);

  /* 10 × 10 would zoom 48: clamped to 4; centre (5, 5) × 4 = 20 → 250: offset 230 */
  fit = hp_view_transform_fit (&small, 500, 500, 10, 0.1, 4);
  g_assert_cmpfloat (fit.zoom, ==, 4);
  g_assert_cmpfloat (fit.offset_x, ==, 230);
  g_assert_cmpfloat (fit.offset_y, ==, 230);

  /* 100000 wide would zoom 0.0048: clamped to 0.1; centre (50000, 50) × 0.1
   * = (5000, 5): offset (250 − 5000, 250 − 5) = (−4750, 245) */
  fit = hp_view_transform_fit (&wide, 500, 500, 10, 0.1, 4);
  g_assert_cmpfloat_with_epsilon (fit.zoom, 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (fit.offset_x, -4750, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.offset_y, 245, 1e-9);

  /* (100, −200) 200 × 100 into 400 × 300, no margin: min (2, 3) = 2;
   * centre (200, −150) × 2 = (400, −300) → (200, 150): offset (−200, 450) */
  fit = hp_view_transform_fit (&off, 400, 300, 0, 0.1, 4);
  g_assert_cmpfloat (fit.zoom, ==, 2);
  g_assert_cmpfloat (fit.offset_x, ==, -200);
  g_assert_cmpfloat (fit.offset_y, ==, 450);

  /* nothing to fit (one point): 1:1, the point in the middle: 250 − 30, 250 − 40 */
  fit = hp_view_transform_fit (&point, 500, 500, 10, 0.1, 4);
  g_assert_cmpfloat (fit.zoom, ==, 1);
  g_assert_cmpfloat (fit.offset_x, ==, 220);
  g_assert_cmpfloat (fit.offset_y, ==, 210);

  /* a view smaller than its margins: the smallest zoom */
  fit = hp_view_transform_fit (&bounds, 10, 10, 20, 0.1, 4);
  g_assert_cmpfloat_with_epsilon (fit.zoom, 0.1, 1e-12);
}

static void
test_zoom_at (void)
{
  HpViewTransform t = { 1, 0, 0 };
  double gx, gy, before_x, before_y;

  /* × 2 at (100, 50): graph point (100, 50) stays there: offset
   * 100 − 100 × 2 = −100, 50 − 50 × 2 = −50 */
  hp_view_transform_zoom_at (&t, 2, 100, 50, 0.1, 4);
  g_assert_cmpfloat (t.zoom, ==, 2);
  g_assert_cmpfloat (t.offset_x, ==, -100);
  g_assert_cmpfloat (t.offset_y, ==, -50);
  hp_view_transform_to_graph (&t, 100, 50, &gx, &gy);
  g_assert_cmpfloat (gx, ==, 100);
  g_assert_cmpfloat (gy, ==, 50);

  /* × 10 would be 20: clamped to 4; (100, 50) still shows (100, 50):
   * offset 100 − 400 = −300, 50 − 200 = −150 */
  hp_view_transform_zoom_at (&t, 10, 100, 50, 0.1, 4);
  g_assert_cmpfloat (t.zoom, ==, 4);
  g_assert_cmpfloat (t.offset_x, ==, -300);
  g_assert_cmpfloat (t.offset_y, ==, -150);

  /* somewhere else, then far out (clamped to 0.1): the point under the
   * cursor does not move */
  hp_view_transform_to_graph (&t, 333, 77, &before_x, &before_y);
  hp_view_transform_zoom_at (&t, 0.001, 333, 77, 0.1, 4);
  g_assert_cmpfloat_with_epsilon (t.zoom, 0.1, 1e-12);
  hp_view_transform_to_graph (&t, 333, 77, &gx, &gy);
  g_assert_cmpfloat_with_epsilon (gx, before_x, 1e-9);
  g_assert_cmpfloat_with_epsilon (gy, before_y, 1e-9);

  hp_view_transform_zoom_at (&t, 1.25, -40, 900, 0.1, 4);
  g_assert_cmpfloat_with_epsilon (t.zoom, 0.125, 1e-12);
}

static void
test_empty (void)
{
  g_autoptr(HpWorkflowGraph) graph = hp_workflow_graph_new ();
  g_autoptr(HpGraphLayout) layout = hp_graph_layout_compute (graph);
  HpRect bounds = hp_graph_layout_get_bounds (layout);

  g_assert_cmpuint (hp_graph_layout_get_n_nodes (layout), ==, 0);
  g_assert_cmpuint (hp_graph_layout_get_n_edges (layout), ==, 0);
  g_assert_false (hp_graph_layout_uses_source_positions (layout));
  g_assert_false (hp_graph_layout_has_cycle (layout));
  assert_rect (&bounds, 0, 0, 0, 0);
  g_assert_cmpint (hp_graph_layout_hit_test (layout, 0, 0), ==, -1);
  g_assert_cmpint (hp_graph_layout_find_node (layout, "a"), ==, -1);
  assert_query (layout, -10, -10, 100, 100, "");
}

static void
test_one_node (void)
{
  const char *ids[] = { "only", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  g_autoptr(HpGraphLayout) layout = hp_graph_layout_compute (graph);
  HpRect bounds = hp_graph_layout_get_bounds (layout);
  double x, y;

  g_assert_cmpuint (hp_graph_layout_get_n_nodes (layout), ==, 1);
  g_assert_false (hp_graph_layout_uses_source_positions (layout));
  assert_rect (hp_graph_layout_get_node_rect (layout, 0), 0, 0, 240, 80);
  assert_rect (&bounds, 0, 0, 240, 80);
  g_assert_cmpuint (hp_graph_layout_get_node_layer (layout, 0), ==, 0);
  g_assert_cmpint (hp_graph_layout_hit_test (layout, 120, 40), ==, 0);
  g_assert_cmpint (hp_graph_layout_hit_test (layout, 241, 40), ==, -1);
  assert_query (layout, 100, 30, 10, 10, "0");

  /* slots: output 2 at (240, 0 + 30 + 40); input 9 would be 210 down,
   * kept at 80 − 10 = 70; a negative slot is slot 0 */
  hp_graph_layout_get_slot_position (layout, 0, FALSE, 2, &x, &y);
  g_assert_cmpfloat (x, ==, 240);
  g_assert_cmpfloat (y, ==, 70);
  hp_graph_layout_get_slot_position (layout, 0, TRUE, 9, &x, &y);
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (y, ==, 70);
  hp_graph_layout_get_slot_position (layout, 0, TRUE, -1, &x, &y);
  g_assert_cmpfloat (y, ==, 30);

  /* with a position: kept */
  g_clear_pointer (&layout, hp_graph_layout_unref);
  set_position (graph, "only", -5, 7, 100, 20);
  layout = hp_graph_layout_compute (graph);
  g_assert_true (hp_graph_layout_uses_source_positions (layout));
  assert_rect (hp_graph_layout_get_node_rect (layout, 0), -5, 7, 100, 20);
}

static void
test_refcount (void)
{
  const char *ids[] = { "a", "b", NULL };
  g_autoptr(HpWorkflowGraph) graph = graph_with_nodes (ids);
  HpGraphLayout *layout;
  HpGraphLayout *copy;

  add_edge (graph, "a", 0, "b", 0);
  layout = hp_graph_layout_compute (graph);

  g_assert_true (G_TYPE_IS_BOXED (HP_TYPE_GRAPH_LAYOUT));
  copy = g_boxed_copy (HP_TYPE_GRAPH_LAYOUT, layout);
  g_assert_true (copy == layout);
  g_boxed_free (HP_TYPE_GRAPH_LAYOUT, copy);
  g_assert_true (hp_graph_layout_ref (layout) == layout);
  hp_graph_layout_unref (layout);

  /* the layout outlives its graph: ids are interned */
  g_clear_object (&graph);
  g_assert_cmpstr (hp_graph_layout_get_node_id (layout, 1), ==, "b");
  g_assert_cmpint (hp_graph_layout_find_node (layout, "b"), ==, 1);
  /* an id never seen is not found, and is not interned by looking */
  g_assert_cmpint (hp_graph_layout_find_node (layout, "hp-test-never-interned-id"), ==, -1);
  g_assert_cmpuint (g_quark_try_string ("hp-test-never-interned-id"), ==, 0);
  hp_graph_layout_unref (layout);
}

/* A long chain plus edges from the first node to every later one: many
 * long edges, so many dummies; still left to right and apart. */
static void
test_long_edges (void)
{
  g_autoptr(HpWorkflowGraph) graph = hp_workflow_graph_new ();
  g_autoptr(HpGraphLayout) layout = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      g_autofree char *prev = g_strdup_printf ("n%u", i - 1);

      hp_workflow_graph_add_node (graph, id, NULL, NULL, NULL);
      if (i > 0)
        {
          add_edge (graph, prev, 0, id, 0);
          add_edge (graph, "n0", 1, id, 1);
        }
    }
  layout = hp_graph_layout_compute (graph);
  /* a chain of 300: layer i at x = 360 i */
  g_assert_cmpuint (layer_of (layout, "n299"), ==, 299);
  g_assert_cmpfloat (rect_of (layout, "n299")->x, ==, 299 * 360);
  assert_layout_sane (layout);
  assert_index_matches_scan (layout, rand, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph-layout/source-positions/simple", test_source_positions_simple);
  g_test_add_func ("/graph-layout/source-positions/comfyui-default", test_source_positions_comfyui);
  g_test_add_func ("/graph-layout/source-positions/partial", test_source_positions_partial);
  g_test_add_func ("/graph-layout/layered/chain", test_chain);
  g_test_add_func ("/graph-layout/layered/diamond", test_diamond);
  g_test_add_func ("/graph-layout/layered/random-dag", test_random_dag);
  g_test_add_func ("/graph-layout/layered/long-edges", test_long_edges);
  g_test_add_func ("/graph-layout/layered/crossings", test_crossings);
  g_test_add_func ("/graph-layout/cycles/triangle", test_cycle);
  g_test_add_func ("/graph-layout/cycles/self-loop", test_self_loop);
  g_test_add_func ("/graph-layout/cycles/mixed", test_cycles_mixed);
  g_test_add_func ("/graph-layout/cycles/random", test_random_cyclic);
  g_test_add_func ("/graph-layout/hit-test/zoom", test_hit_test_zoom);
  g_test_add_func ("/graph-layout/hit-test/overlap", test_hit_test_overlap);
  g_test_add_func ("/graph-layout/query-area", test_query_area);
  g_test_add_func ("/graph-layout/view/transform-fit", test_view_transform);
  g_test_add_func ("/graph-layout/view/zoom-at", test_zoom_at);
  g_test_add_func ("/graph-layout/empty", test_empty);
  g_test_add_func ("/graph-layout/one-node", test_one_node);
  g_test_add_func ("/graph-layout/refcount", test_refcount);

  return g_test_run ();
}
