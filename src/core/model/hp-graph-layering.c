/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-layout-private.h"

#include <stdlib.h>
#include <string.h>

/* The layered layout as pure functions over index arrays: nodes are
 * 0 … n − 1, edge e goes from[e] → to[e]. Nothing here knows about
 * HpGraphLayout, so the steps can be read (and changed) one at a time. */

/* Pairs of sweeps (down, then up) when ordering nodes within layers. */
#define ORDER_ITERATIONS    8

/* Rounds of swapping neighbours after each sweep, and the most work
 * (degree × degree) spent on one pair. */
#define TRANSPOSE_ROUNDS    4
#define TRANSPOSE_MAX_WORK  4096

/* Long edges get one dummy vertex per layer they cross so ordering sees
 * them; past this many dummies per node and edge (a pathological graph),
 * long edges link their end layers directly instead. */
#define MAX_DUMMIES_FACTOR  8

/* ---------------------------------------------------------------------- */
/* Cycles                                                                  */

/* Depth-first search from each unvisited node in index order, following
 * out-edges in edge order; an edge to a node still on the stack (a
 * self-loop included) is a back edge. Returns whether there is one. */
gboolean
_hp_graph_find_back_edges (guint        n,
                           guint        m,
                           const guint *from,
                           const guint *to,
                           gboolean    *back)
{
  g_autofree guint *out_start = g_new0 (guint, n + 1);
  g_autofree guint *out_edges = g_new (guint, MAX (m, 1));
  g_autofree guint *fill = g_new (guint, n);
  g_autofree guint8 *colour = g_new0 (guint8, n);   /* 0 new, 1 on stack, 2 done */
  g_autofree guint *stack = g_new (guint, MAX (n, 1));
  g_autofree guint *cursor = g_new (guint, MAX (n, 1));
  gboolean cycle = FALSE;

  for (guint e = 0; e < m; e++)
    out_start[from[e] + 1]++;
  for (guint v = 0; v < n; v++)
    out_start[v + 1] += out_start[v];
  memcpy (fill, out_start, n * sizeof (guint));
  for (guint e = 0; e < m; e++)
    out_edges[fill[from[e]]++] = e;

  for (guint root = 0; root < n; root++)
    {
      guint sp = 0;

      if (colour[root] != 0)
        continue;

      colour[root] = 1;
      cursor[root] = out_start[root];
      stack[sp++] = root;

      while (sp > 0)
        {
          guint v = stack[sp - 1];

          if (cursor[v] < out_start[v + 1])
            {
              guint e = out_edges[cursor[v]++];
              guint w = to[e];

              if (colour[w] == 1)
                {
                  back[e] = TRUE;
                  cycle = TRUE;
                }
              else if (colour[w] == 0)
                {
                  colour[w] = 1;
                  cursor[w] = out_start[w];
                  stack[sp++] = w;
                }
            }
          else
            {
              colour[v] = 2;
              sp--;
            }
        }
    }

  return cycle;
}

/* ---------------------------------------------------------------------- */
/* Layered layout                                                          */

/* Longest-path layering over the edges with back edges reversed and
 * self-loops left out (acyclic: every remaining edge goes from a node that
 * finished later in the search to one that finished earlier). Returns the
 * number of layers. */
static guint
assign_layers (guint           n,
               guint           m,
               const guint    *from,
               const guint    *to,
               const gboolean *back,
               guint          *layer)
{
  g_autofree guint *out_start = g_new0 (guint, n + 1);
  g_autofree guint *out_nodes = g_new (guint, MAX (m, 1));
  g_autofree guint *fill = g_new (guint, n);
  g_autofree guint *indegree = g_new0 (guint, n);
  g_autofree guint *queue = g_new (guint, n);
  guint head = 0, tail = 0;
  guint n_layers = 0;

  for (guint e = 0; e < m; e++)
    {
      if (from[e] == to[e])
        continue;
      out_start[(back[e] ? to[e] : from[e]) + 1]++;
      indegree[back[e] ? from[e] : to[e]]++;
    }
  for (guint v = 0; v < n; v++)
    out_start[v + 1] += out_start[v];
  memcpy (fill, out_start, n * sizeof (guint));
  for (guint e = 0; e < m; e++)
    {
      if (from[e] == to[e])
        continue;
      if (back[e])
        out_nodes[fill[to[e]]++] = from[e];
      else
        out_nodes[fill[from[e]]++] = to[e];
    }

  for (guint v = 0; v < n; v++)
    {
      layer[v] = 0;
      if (indegree[v] == 0)
        queue[tail++] = v;
    }

  while (head < tail)
    {
      guint u = queue[head++];

      n_layers = MAX (n_layers, layer[u] + 1);
      for (guint k = out_start[u]; k < out_start[u + 1]; k++)
        {
          guint w = out_nodes[k];

          layer[w] = MAX (layer[w], layer[u] + 1);
          if (--indegree[w] == 0)
            queue[tail++] = w;
        }
    }

  g_assert (tail == n);
  return n_layers;
}

/* The ordering graph: real nodes 0 … n − 1, then dummies; segments join
 * vertices of neighbouring layers (or, when long edges are linked
 * directly, of any two layers, left to right). */
typedef struct
{
  guint  n_vertices;
  guint  n_layers;
  guint *vlayer;
  guint  n_segments;
  guint *seg_left;
  guint *seg_right;

  /* neighbours of each vertex to the left and to the right (CSR) */
  guint *left_start;
  guint *left_nodes;
  guint *right_start;
  guint *right_nodes;

  /* segments between layer L and L + 1, grouped by L (CSR) */
  guint *span_start;
  guint *span_segments;

  /* order[layer_start[L] …] = vertices of layer L, left to right = top to bottom */
  guint *layer_start;
  guint *order;
  guint *pos;
} OrderGraph;

static void
order_graph_clear (OrderGraph *g)
{
  g_free (g->vlayer);
  g_free (g->seg_left);
  g_free (g->seg_right);
  g_free (g->left_start);
  g_free (g->left_nodes);
  g_free (g->right_start);
  g_free (g->right_nodes);
  g_free (g->span_start);
  g_free (g->span_segments);
  g_free (g->layer_start);
  g_free (g->order);
  g_free (g->pos);
}

static void
build_csr (guint        n_vertices,
           guint        n_segments,
           const guint *key,
           const guint *value,
           guint      **start_out,
           guint      **values_out)
{
  guint *start = g_new0 (guint, n_vertices + 1);
  guint *values = g_new (guint, MAX (n_segments, 1));
  g_autofree guint *fill = g_new (guint, MAX (n_vertices, 1));

  for (guint s = 0; s < n_segments; s++)
    start[key[s] + 1]++;
  for (guint v = 0; v < n_vertices; v++)
    start[v + 1] += start[v];
  memcpy (fill, start, n_vertices * sizeof (guint));
  for (guint s = 0; s < n_segments; s++)
    values[fill[key[s]]++] = value[s];

  *start_out = start;
  *values_out = values;
}

static void
order_graph_init (OrderGraph     *g,
                  guint           n,
                  guint           m,
                  const guint    *from,
                  const guint    *to,
                  const gboolean *back,
                  const guint    *layer,
                  guint           n_layers)
{
  guint64 n_dummies = 0;
  gboolean use_dummies;
  guint v, s;
  g_autofree guint *seg_index = NULL;
  g_autofree guint *seg_span = NULL;
  g_autofree guint *fill = NULL;

  memset (g, 0, sizeof *g);
  g->n_layers = n_layers;

  for (guint e = 0; e < m; e++)
    {
      guint a = back[e] ? to[e] : from[e];
      guint b = back[e] ? from[e] : to[e];

      if (a != b)
        n_dummies += layer[b] - layer[a] - 1;
    }
  use_dummies = n_dummies <= (guint64) MAX_DUMMIES_FACTOR * (n + m) + 1024;
  if (!use_dummies)
    n_dummies = 0;

  g->n_vertices = n + (guint) n_dummies;
  g->vlayer = g_new (guint, g->n_vertices);
  memcpy (g->vlayer, layer, n * sizeof (guint));
  g->seg_left = g_new (guint, m + n_dummies + 1);
  g->seg_right = g_new (guint, m + n_dummies + 1);

  v = n;
  s = 0;
  for (guint e = 0; e < m; e++)
    {
      guint a = back[e] ? to[e] : from[e];
      guint b = back[e] ? from[e] : to[e];
      guint prev = a;

      if (a == b)
        continue;

      if (use_dummies)
        for (guint l = layer[a] + 1; l < layer[b]; l++)
          {
            g->vlayer[v] = l;
            g->seg_left[s] = prev;
            g->seg_right[s] = v;
            s++;
            prev = v++;
          }
      g->seg_left[s] = prev;
      g->seg_right[s] = b;
      s++;
    }
  g->n_segments = s;

  build_csr (g->n_vertices, s, g->seg_right, g->seg_left, &g->left_start, &g->left_nodes);
  build_csr (g->n_vertices, s, g->seg_left, g->seg_right, &g->right_start, &g->right_nodes);

  /* segments between neighbouring layers, by the left one */
  seg_index = g_new (guint, MAX (s, 1));
  seg_span = g_new (guint, MAX (s, 1));
  {
    guint k = 0;

    for (guint i = 0; i < s; i++)
      if (g->vlayer[g->seg_right[i]] == g->vlayer[g->seg_left[i]] + 1)
        {
          seg_span[k] = g->vlayer[g->seg_left[i]];
          seg_index[k] = i;
          k++;
        }
    build_csr (n_layers, k, seg_span, seg_index, &g->span_start, &g->span_segments);
  }

  /* first order: by index within each layer */
  g->layer_start = g_new0 (guint, n_layers + 1);
  g->order = g_new (guint, MAX (g->n_vertices, 1));
  g->pos = g_new (guint, MAX (g->n_vertices, 1));
  fill = g_new (guint, MAX (n_layers, 1));
  for (v = 0; v < g->n_vertices; v++)
    g->layer_start[g->vlayer[v] + 1]++;
  for (guint l = 0; l < n_layers; l++)
    g->layer_start[l + 1] += g->layer_start[l];
  memcpy (fill, g->layer_start, n_layers * sizeof (guint));
  for (v = 0; v < g->n_vertices; v++)
    {
      guint slot = fill[g->vlayer[v]]++;

      g->order[slot] = v;
      g->pos[v] = slot - g->layer_start[g->vlayer[v]];
    }
}

typedef struct
{
  double key;
  guint  pos;
  guint  vertex;
} SortItem;

static int
sort_item_compare (const void *a,
                   const void *b)
{
  const SortItem *x = a;
  const SortItem *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Reorders layer @l by the barycentre of each vertex's neighbours on one
 * side; vertices with no neighbour there keep their place. */
static void
sweep_layer (OrderGraph *g,
             guint       l,
             gboolean    from_left,
             SortItem   *items)
{
  const guint *start = from_left ? g->left_start : g->right_start;
  const guint *nodes = from_left ? g->left_nodes : g->right_nodes;
  guint first = g->layer_start[l];
  guint len = g->layer_start[l + 1] - first;
  guint n_items = 0;
  guint next = 0;

  for (guint i = 0; i < len; i++)
    {
      guint v = g->order[first + i];
      guint degree = start[v + 1] - start[v];
      double sum = 0;

      if (degree == 0)
        continue;
      for (guint k = start[v]; k < start[v + 1]; k++)
        sum += g->pos[nodes[k]];
      items[n_items].key = sum / degree;
      items[n_items].pos = i;
      items[n_items].vertex = v;
      n_items++;
    }
  if (n_items == 0)
    return;

  qsort (items, n_items, sizeof (SortItem), sort_item_compare);

  for (guint i = 0; i < len; i++)
    {
      guint v = g->order[first + i];

      if (start[v + 1] == start[v])
        continue;     /* fixed */
      g->order[first + i] = items[next++].vertex;
    }
  for (guint i = 0; i < len; i++)
    g->pos[g->order[first + i]] = i;
}

typedef struct
{
  guint left;
  guint right;
} PosPair;

static int
pos_pair_compare (const void *a,
                  const void *b)
{
  const PosPair *x = a;
  const PosPair *y = b;

  if (x->left != y->left)
    return x->left < y->left ? -1 : 1;
  return (x->right > y->right) - (x->right < y->right);
}

/* Crossings between neighbouring layers: with segments sorted by left
 * end then right end, a pair crosses when a later one ends strictly above
 * an earlier one; counted with a Fenwick tree over right positions. */
static guint64
count_crossings (const OrderGraph *g,
                 PosPair          *pairs,
                 guint64          *tree)
{
  guint64 total = 0;

  for (guint l = 0; l + 1 < g->n_layers; l++)
    {
      guint k0 = g->span_start[l];
      guint k1 = g->span_start[l + 1];
      guint width = g->layer_start[l + 2] - g->layer_start[l + 1];
      guint count = k1 - k0;

      if (count < 2)
        continue;
      for (guint k = 0; k < count; k++)
        {
          guint s = g->span_segments[k0 + k];

          pairs[k].left = g->pos[g->seg_left[s]];
          pairs[k].right = g->pos[g->seg_right[s]];
        }
      qsort (pairs, count, sizeof (PosPair), pos_pair_compare);

      memset (tree, 0, (width + 1) * sizeof (guint64));
      for (guint k = 0; k < count; k++)
        {
          guint64 not_above = 0;

          /* inserted so far with right ≤ this one's */
          for (guint i = pairs[k].right + 1; i > 0; i -= i & -i)
            not_above += tree[i];
          total += k - not_above;
          for (guint i = pairs[k].right + 1; i <= width; i += i & -i)
            tree[i]++;
        }
    }

  return total;
}

/* Crossings among the segments of @v and @w (on both sides) when @v is
 * just above @w. */
static guint64
pair_crossings (const OrderGraph *g,
                guint             v,
                guint             w)
{
  guint64 crossings = 0;

  for (int side = 0; side < 2; side++)
    {
      const guint *start = side == 0 ? g->left_start : g->right_start;
      const guint *nodes = side == 0 ? g->left_nodes : g->right_nodes;

      for (guint i = start[v]; i < start[v + 1]; i++)
        for (guint j = start[w]; j < start[w + 1]; j++)
          if (g->pos[nodes[i]] > g->pos[nodes[j]])
            crossings++;
    }
  return crossings;
}

/* Swaps neighbours within layers while that removes crossings (the
 * "transpose" step of Gansner et al.); skips pairs of busy hubs. */
static void
transpose (OrderGraph *g)
{
  gboolean improved = TRUE;

  for (guint round = 0; improved && round < TRANSPOSE_ROUNDS; round++)
    {
      improved = FALSE;
      for (guint l = 0; l < g->n_layers; l++)
        for (guint i = g->layer_start[l]; i + 1 < g->layer_start[l + 1]; i++)
          {
            guint v = g->order[i];
            guint w = g->order[i + 1];
            guint64 dv = (g->left_start[v + 1] - g->left_start[v]) +
                         (g->right_start[v + 1] - g->right_start[v]);
            guint64 dw = (g->left_start[w + 1] - g->left_start[w]) +
                         (g->right_start[w + 1] - g->right_start[w]);

            if (dv * dw > TRANSPOSE_MAX_WORK)
              continue;
            if (pair_crossings (g, v, w) > pair_crossings (g, w, v))
              {
                g->order[i] = w;
                g->order[i + 1] = v;
                g->pos[w]--;
                g->pos[v]++;
                improved = TRUE;
              }
          }
    }
}

static void
order_layers (OrderGraph *g)
{
  g_autofree guint *best = g_new (guint, MAX (g->n_vertices, 1));
  g_autofree SortItem *items = g_new (SortItem, MAX (g->n_vertices, 1));
  g_autofree PosPair *pairs = g_new (PosPair, MAX (g->n_segments, 1));
  g_autofree guint64 *tree = g_new (guint64, g->n_vertices + 1);
  guint64 best_crossings;

  memcpy (best, g->order, g->n_vertices * sizeof (guint));
  best_crossings = count_crossings (g, pairs, tree);

  for (guint it = 0; it < ORDER_ITERATIONS && best_crossings > 0; it++)
    {
      guint64 before = best_crossings;

      for (int pass = 0; pass < 2; pass++)
        {
          guint64 crossings;

          if (pass == 0)
            for (guint l = 1; l < g->n_layers; l++)
              sweep_layer (g, l, TRUE, items);
          else
            for (guint l = g->n_layers - 1; l-- > 0;)
              sweep_layer (g, l, FALSE, items);
          transpose (g);

          crossings = count_crossings (g, pairs, tree);
          if (crossings < best_crossings)
            {
              best_crossings = crossings;
              memcpy (best, g->order, g->n_vertices * sizeof (guint));
            }
        }
      if (best_crossings == before)
        break;    /* converged (or oscillating) */
    }

  memcpy (g->order, best, g->n_vertices * sizeof (guint));
  for (guint l = 0; l < g->n_layers; l++)
    for (guint i = g->layer_start[l]; i < g->layer_start[l + 1]; i++)
      g->pos[g->order[i]] = i - g->layer_start[l];
}

/* ---------------------------------------------------------------------- */
/* Coordinates                                                             */

/* Layers, order within layers and coordinates: node v gets layer[v] and
 * rects[v], columns left to right, each column centred vertically. */
void
_hp_graph_layering_place (guint           n,
                          guint           m,
                          const guint    *from,
                          const guint    *to,
                          const gboolean *back,
                          guint          *layer,
                          HpRect         *rects)
{
  guint n_layers;
  OrderGraph g;
  double max_height = 0;
  g_autofree guint *count = NULL;

  g_assert (n > 0);
  g_assert (layer != NULL && rects != NULL);

  n_layers = assign_layers (n, m, from, to, back, layer);
  order_graph_init (&g, n, m, from, to, back, layer, n_layers);
  order_layers (&g);

  /* real nodes only: dummies shape the order, not the drawing */
  count = g_new0 (guint, n_layers);
  for (guint v = 0; v < n; v++)
    count[layer[v]]++;
  for (guint l = 0; l < n_layers; l++)
    max_height = MAX (max_height,
                      count[l] * HP_GRAPH_LAYOUT_NODE_HEIGHT +
                      (count[l] - 1) * HP_GRAPH_LAYOUT_NODE_GAP);

  for (guint l = 0; l < n_layers; l++)
    {
      double height = count[l] * HP_GRAPH_LAYOUT_NODE_HEIGHT +
                      (count[l] - 1) * HP_GRAPH_LAYOUT_NODE_GAP;
      double y = (max_height - height) / 2;
      double x = l * (HP_GRAPH_LAYOUT_NODE_WIDTH + HP_GRAPH_LAYOUT_LAYER_GAP);

      for (guint i = g.layer_start[l]; i < g.layer_start[l + 1]; i++)
        {
          guint v = g.order[i];

          if (v >= n)
            continue;
          rects[v].x = x;
          rects[v].y = y;
          rects[v].width = HP_GRAPH_LAYOUT_NODE_WIDTH;
          rects[v].height = HP_GRAPH_LAYOUT_NODE_HEIGHT;
          y += HP_GRAPH_LAYOUT_NODE_HEIGHT + HP_GRAPH_LAYOUT_NODE_GAP;
        }
    }

  order_graph_clear (&g);
}
