/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Edge attachment: slot @i sits SLOT_TOP + i × SLOT_STEP below the top of
 * its side, kept SLOT_BOTTOM_MARGIN above the bottom (or at mid-height for
 * nodes too short for that). */
#define SLOT_TOP            30.0
#define SLOT_STEP           20.0
#define SLOT_BOTTOM_MARGIN  10.0

/* Bézier control points leave rightwards and enter from the left by at
 * least this much, or half the horizontal distance. */
#define CURVE_MIN_OFFSET    60.0

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

/* Spatial index: at most this many cells along an axis, and this many
 * (node, cell) entries in all. */
#define GRID_MAX_AXIS       2048
#define GRID_MAX_ENTRIES    (1u << 24)

struct _HpGraphLayout
{
  gatomicrefcount  ref_count;

  gboolean         uses_source_positions;
  gboolean         has_cycle;

  guint            n_nodes;
  const char     **ids;          /* interned */
  HpRect          *rects;
  guint           *layers;
  GHashTable      *index_by_id;  /* interned id → index + 1 */

  guint            n_edges;
  HpEdgePath      *edges;
  HpRect          *edge_boxes;   /* box around each edge's control points */

  HpRect           bounds;

  /* Uniform grid over @bounds; cell (cx, cy) lists, in increasing order,
   * the nodes whose rectangle meets it: cell_nodes[cell_start[c] ..
   * cell_start[c + 1]) with c = cy × cols + cx. */
  guint            cols;
  guint            rows;
  double           cell_width;
  double           cell_height;
  guint           *cell_start;
  guint           *cell_nodes;
};

G_DEFINE_BOXED_TYPE (HpGraphLayout, hp_graph_layout, hp_graph_layout_ref, hp_graph_layout_unref)

static inline gboolean
rect_contains (const HpRect *r,
               double        x,
               double        y)
{
  return x >= r->x && x <= r->x + r->width && y >= r->y && y <= r->y + r->height;
}

static inline gboolean
rects_meet (const HpRect *a,
            const HpRect *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

static double
slot_y (const HpRect *r,
        int           slot)
{
  double offset = SLOT_TOP + (double) MAX (slot, 0) * SLOT_STEP;
  double max_offset = MAX (r->height - SLOT_BOTTOM_MARGIN, r->height / 2);

  return r->y + MIN (offset, max_offset);
}

/* ---------------------------------------------------------------------- */
/* Cycles                                                                  */

/* Depth-first search from each unvisited node in index order, following
 * out-edges in edge order; an edge to a node still on the stack (a
 * self-loop included) is a back edge. Returns whether there is one. */
static gboolean
find_back_edges (guint        n,
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

static void
compute_layered (HpGraphLayout  *self,
                 guint           m,
                 const guint    *from,
                 const guint    *to,
                 const gboolean *back)
{
  guint n = self->n_nodes;
  guint n_layers;
  OrderGraph g;
  double max_height = 0;
  g_autofree guint *count = NULL;

  n_layers = assign_layers (n, m, from, to, back, self->layers);
  order_graph_init (&g, n, m, from, to, back, self->layers, n_layers);
  order_layers (&g);

  /* real nodes only: dummies shape the order, not the drawing */
  count = g_new0 (guint, n_layers);
  for (guint v = 0; v < n; v++)
    count[self->layers[v]]++;
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
          self->rects[v].x = x;
          self->rects[v].y = y;
          self->rects[v].width = HP_GRAPH_LAYOUT_NODE_WIDTH;
          self->rects[v].height = HP_GRAPH_LAYOUT_NODE_HEIGHT;
          y += HP_GRAPH_LAYOUT_NODE_HEIGHT + HP_GRAPH_LAYOUT_NODE_GAP;
        }
    }

  order_graph_clear (&g);
}

/* ---------------------------------------------------------------------- */
/* Spatial index                                                           */

static inline guint
cell_x (const HpGraphLayout *self,
        double               x)
{
  double c = floor ((x - self->bounds.x) / self->cell_width);

  if (!(c > 0))
    return 0;
  return c >= self->cols ? self->cols - 1 : (guint) c;
}

static inline guint
cell_y (const HpGraphLayout *self,
        double               y)
{
  double c = floor ((y - self->bounds.y) / self->cell_height);

  if (!(c > 0))
    return 0;
  return c >= self->rows ? self->rows - 1 : (guint) c;
}

static guint64
grid_entries (const HpGraphLayout *self)
{
  guint64 total = 0;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      const HpRect *r = &self->rects[i];

      total += (guint64) (cell_x (self, r->x + r->width) - cell_x (self, r->x) + 1) *
               (cell_y (self, r->y + r->height) - cell_y (self, r->y) + 1);
    }
  return total;
}

static void
build_grid (HpGraphLayout *self)
{
  guint n = self->n_nodes;
  double side, avg = 0;
  double cols, rows;
  guint n_cells;
  guint64 entries;
  g_autofree guint *fill = NULL;

  if (n == 0)
    return;

  /* cells about as many as nodes, but not much smaller than a node */
  for (guint i = 0; i < n; i++)
    avg += MAX (self->rects[i].width, self->rects[i].height) / n;
  side = sqrt (self->bounds.width * self->bounds.height / n);
  side = MAX (side, avg / 2);
  cols = ceil (self->bounds.width / side);
  rows = ceil (self->bounds.height / side);
  self->cols = isfinite (cols) && cols >= 1 ? (guint) MIN (cols, GRID_MAX_AXIS) : 1;
  self->rows = isfinite (rows) && rows >= 1 ? (guint) MIN (rows, GRID_MAX_AXIS) : 1;

  for (;;)
    {
      self->cell_width = self->bounds.width / self->cols;
      self->cell_height = self->bounds.height / self->rows;
      if (!(self->cell_width > 0) || !isfinite (self->cell_width))
        {
          self->cols = 1;
          self->cell_width = isfinite (self->bounds.width) && self->bounds.width > 0
                             ? self->bounds.width : 1;
        }
      if (!(self->cell_height > 0) || !isfinite (self->cell_height))
        {
          self->rows = 1;
          self->cell_height = isfinite (self->bounds.height) && self->bounds.height > 0
                              ? self->bounds.height : 1;
        }
      entries = grid_entries (self);
      if (entries <= GRID_MAX_ENTRIES || (self->cols == 1 && self->rows == 1))
        break;
      /* huge overlapping nodes: coarser cells */
      self->cols = MAX (1, self->cols / 2);
      self->rows = MAX (1, self->rows / 2);
    }

  n_cells = self->cols * self->rows;
  self->cell_start = g_new0 (guint, n_cells + 1);
  self->cell_nodes = g_new (guint, MAX (entries, 1));
  fill = g_new (guint, n_cells);

  for (guint i = 0; i < n; i++)
    {
      const HpRect *r = &self->rects[i];
      guint x0 = cell_x (self, r->x), x1 = cell_x (self, r->x + r->width);
      guint y0 = cell_y (self, r->y), y1 = cell_y (self, r->y + r->height);

      for (guint cy = y0; cy <= y1; cy++)
        for (guint cx = x0; cx <= x1; cx++)
          self->cell_start[cy * self->cols + cx + 1]++;
    }
  for (guint c = 0; c < n_cells; c++)
    self->cell_start[c + 1] += self->cell_start[c];
  memcpy (fill, self->cell_start, n_cells * sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      const HpRect *r = &self->rects[i];
      guint x0 = cell_x (self, r->x), x1 = cell_x (self, r->x + r->width);
      guint y0 = cell_y (self, r->y), y1 = cell_y (self, r->y + r->height);

      for (guint cy = y0; cy <= y1; cy++)
        for (guint cx = x0; cx <= x1; cx++)
          self->cell_nodes[fill[cy * self->cols + cx]++] = i;
    }
}

/* ---------------------------------------------------------------------- */

static gboolean
all_positioned (HpWorkflowGraph *graph)
{
  guint n = hp_workflow_graph_get_n_nodes (graph);

  if (n == 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      if (!node->has_position || !isfinite (node->x) || !isfinite (node->y) ||
          !isfinite (node->width) || !isfinite (node->height))
        return FALSE;
    }
  return TRUE;
}

/**
 * hp_graph_layout_compute:
 * @graph: a workflow graph
 *
 * Places every node of @graph: where the source put it when every node has
 * a position (a missing size becomes %HP_GRAPH_LAYOUT_NODE_WIDTH ×
 * %HP_GRAPH_LAYOUT_NODE_HEIGHT), otherwise in layers from left to right.
 * Back edges of cycles are found either way. The layout is a snapshot: it
 * does not follow later changes to @graph.
 *
 * Returns: (transfer full): the layout
 */
HpGraphLayout *
hp_graph_layout_compute (HpWorkflowGraph *graph)
{
  HpGraphLayout *self;
  guint n, m;
  g_autofree guint *from = NULL;
  g_autofree guint *to = NULL;
  g_autofree gboolean *back = NULL;

  g_return_val_if_fail (HP_IS_WORKFLOW_GRAPH (graph), NULL);

  n = hp_workflow_graph_get_n_nodes (graph);
  m = hp_workflow_graph_get_n_edges (graph);

  self = g_new0 (HpGraphLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_nodes = n;
  self->n_edges = m;
  self->ids = g_new (const char *, MAX (n, 1));
  self->rects = g_new0 (HpRect, MAX (n, 1));
  self->layers = g_new0 (guint, MAX (n, 1));
  self->edges = g_new0 (HpEdgePath, MAX (m, 1));
  self->edge_boxes = g_new0 (HpRect, MAX (m, 1));
  self->index_by_id = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      const HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      self->ids[i] = node->id;
      g_hash_table_insert (self->index_by_id, (gpointer) node->id, GUINT_TO_POINTER (i + 1));
    }

  from = g_new (guint, MAX (m, 1));
  to = g_new (guint, MAX (m, 1));
  back = g_new0 (gboolean, MAX (m, 1));
  for (guint e = 0; e < m; e++)
    {
      const HpGraphEdge *edge = hp_workflow_graph_get_edge (graph, e);

      from[e] = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, edge->from_node)) - 1;
      to[e] = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, edge->to_node)) - 1;
      g_assert (from[e] < n && to[e] < n);
    }

  if (m > 0)
    self->has_cycle = find_back_edges (n, m, from, to, back);

  if (all_positioned (graph))
    {
      self->uses_source_positions = TRUE;
      for (guint i = 0; i < n; i++)
        {
          const HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

          self->rects[i].x = node->x;
          self->rects[i].y = node->y;
          self->rects[i].width = node->width > 0 ? node->width : HP_GRAPH_LAYOUT_NODE_WIDTH;
          self->rects[i].height = node->height > 0 ? node->height : HP_GRAPH_LAYOUT_NODE_HEIGHT;
        }
    }
  else if (n > 0)
    {
      compute_layered (self, m, from, to, back);
    }

  /* bounds */
  if (n > 0)
    {
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

      for (guint i = 0; i < n; i++)
        {
          const HpRect *r = &self->rects[i];

          x0 = MIN (x0, r->x);
          y0 = MIN (y0, r->y);
          x1 = MAX (x1, r->x + r->width);
          y1 = MAX (y1, r->y + r->height);
        }
      self->bounds.x = x0;
      self->bounds.y = y0;
      self->bounds.width = x1 - x0;
      self->bounds.height = y1 - y0;
    }

  /* edge curves */
  for (guint e = 0; e < m; e++)
    {
      const HpGraphEdge *edge = hp_workflow_graph_get_edge (graph, e);
      HpEdgePath *p = &self->edges[e];
      HpRect *box = &self->edge_boxes[e];
      double offset;

      p->from_index = from[e];
      p->to_index = to[e];
      p->back_edge = back[e];
      hp_graph_layout_get_slot_position (self, from[e], FALSE, edge->from_slot, &p->x0, &p->y0);
      hp_graph_layout_get_slot_position (self, to[e], TRUE, edge->to_slot, &p->x3, &p->y3);
      offset = MAX (CURVE_MIN_OFFSET, fabs (p->x3 - p->x0) / 2);
      p->x1 = p->x0 + offset;
      p->y1 = p->y0;
      p->x2 = p->x3 - offset;
      p->y2 = p->y3;

      box->x = MIN (MIN (p->x0, p->x1), MIN (p->x2, p->x3));
      box->y = MIN (p->y0, p->y3);
      box->width = MAX (MAX (p->x0, p->x1), MAX (p->x2, p->x3)) - box->x;
      box->height = MAX (p->y0, p->y3) - box->y;
    }

  build_grid (self);

  return self;
}

HpGraphLayout *
hp_graph_layout_ref (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hp_graph_layout_unref (HpGraphLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->ids);
  g_free (self->rects);
  g_free (self->layers);
  g_hash_table_unref (self->index_by_id);
  g_free (self->edges);
  g_free (self->edge_boxes);
  g_free (self->cell_start);
  g_free (self->cell_nodes);
  g_free (self);
}

/**
 * hp_graph_layout_uses_source_positions:
 *
 * Returns: %TRUE when every node has the source's position (never for an
 *   empty graph)
 */
gboolean
hp_graph_layout_uses_source_positions (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->uses_source_positions;
}

/**
 * hp_graph_layout_has_cycle:
 *
 * Returns: %TRUE when some edge closes a cycle (a self-loop included);
 *   those edges have #HpEdgePath.back_edge set
 */
gboolean
hp_graph_layout_has_cycle (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_cycle;
}

guint
hp_graph_layout_get_n_nodes (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_nodes;
}

const char *
hp_graph_layout_get_node_id (HpGraphLayout *self,
                             guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_nodes, NULL);
  return self->ids[index];
}

/**
 * hp_graph_layout_get_node_rect:
 *
 * Returns: (transfer none): the node's box in graph coordinates, valid as
 *   long as the layout
 */
const HpRect *
hp_graph_layout_get_node_rect (HpGraphLayout *self,
                               guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_nodes, NULL);
  return &self->rects[index];
}

int
hp_graph_layout_find_node (HpGraphLayout *self,
                           const char    *node_id)
{
  GQuark quark;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (node_id != NULL, -1);

  /* no quark: never interned, so no node has it (and do not intern it) */
  quark = g_quark_try_string (node_id);
  if (quark == 0)
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id,
                                                      g_quark_to_string (quark))) - 1;
}

guint
hp_graph_layout_get_node_layer (HpGraphLayout *self,
                                guint          index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->n_nodes, 0);
  return self->layers[index];
}

guint
hp_graph_layout_get_n_edges (HpGraphLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_edges;
}

/**
 * hp_graph_layout_get_edge:
 *
 * Returns: (transfer none): the curve of the graph's edge @index
 */
const HpEdgePath *
hp_graph_layout_get_edge (HpGraphLayout *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_edges, NULL);
  return &self->edges[index];
}

/**
 * hp_graph_layout_get_bounds:
 *
 * Returns: the smallest box around every node; all zero for an empty graph
 */
HpRect
hp_graph_layout_get_bounds (HpGraphLayout *self)
{
  HpRect empty = { 0, 0, 0, 0 };

  g_return_val_if_fail (self != NULL, empty);
  return self->bounds;
}

/**
 * hp_graph_layout_hit_test:
 * @x: graph x
 * @y: graph y
 *
 * A node's box includes its border. Where nodes overlap, the one drawn
 * last (the highest index) wins.
 *
 * Returns: the node's index, or -1
 */
int
hp_graph_layout_hit_test (HpGraphLayout *self,
                          double         x,
                          double         y)
{
  guint cell;

  g_return_val_if_fail (self != NULL, -1);

  if (self->n_nodes == 0 || !rect_contains (&self->bounds, x, y))
    return -1;

  cell = cell_y (self, y) * self->cols + cell_x (self, x);
  for (guint k = self->cell_start[cell + 1]; k > self->cell_start[cell]; k--)
    {
      guint i = self->cell_nodes[k - 1];

      if (rect_contains (&self->rects[i], x, y))
        return (int) i;
    }
  return -1;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return (x > y) - (x < y);
}

/**
 * hp_graph_layout_query_area:
 * @area: a box in graph coordinates
 *
 * Boxes that only touch @area count.
 *
 * Returns: (transfer full) (element-type guint): the indices of the nodes
 *   meeting @area, in increasing order (the order to draw them in)
 */
GArray *
hp_graph_layout_query_area (HpGraphLayout *self,
                            const HpRect  *area)
{
  GArray *result;
  guint qx0, qx1, qy0, qy1;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (area != NULL, NULL);

  result = g_array_new (FALSE, FALSE, sizeof (guint));
  if (self->n_nodes == 0 || !(area->width >= 0) || !(area->height >= 0) ||
      !rects_meet (area, &self->bounds))
    return result;

  if (area->x <= self->bounds.x && area->y <= self->bounds.y &&
      area->x + area->width >= self->bounds.x + self->bounds.width &&
      area->y + area->height >= self->bounds.y + self->bounds.height)
    {
      g_array_set_size (result, self->n_nodes);
      for (guint i = 0; i < self->n_nodes; i++)
        g_array_index (result, guint, i) = i;
      return result;
    }

  qx0 = cell_x (self, area->x);
  qx1 = cell_x (self, area->x + area->width);
  qy0 = cell_y (self, area->y);
  qy1 = cell_y (self, area->y + area->height);

  for (guint cy = qy0; cy <= qy1; cy++)
    for (guint cx = qx0; cx <= qx1; cx++)
      {
        guint cell = cy * self->cols + cx;

        for (guint k = self->cell_start[cell]; k < self->cell_start[cell + 1]; k++)
          {
            guint i = self->cell_nodes[k];
            const HpRect *r = &self->rects[i];

            if (!rects_meet (r, area))
              continue;
            /* a node spanning several cells: report it from the first
             * cell it shares with the query only */
            if (MAX (cell_x (self, r->x), qx0) != cx || MAX (cell_y (self, r->y), qy0) != cy)
              continue;
            g_array_append_val (result, i);
          }
      }

  g_array_sort (result, compare_guint);
  return result;
}

/**
 * hp_graph_layout_query_edges:
 * @area: a box in graph coordinates
 *
 * A quick, generous test: an edge is listed when the box around its
 * control points meets @area, so a few listed edges may miss it.
 *
 * Returns: (transfer full) (element-type guint): edge indices
 */
GArray *
hp_graph_layout_query_edges (HpGraphLayout *self,
                             const HpRect  *area)
{
  GArray *result;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (area != NULL, NULL);

  result = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint e = 0; e < self->n_edges; e++)
    if (rects_meet (&self->edge_boxes[e], area))
      g_array_append_val (result, e);
  return result;
}

/**
 * hp_graph_layout_get_slot_position:
 * @index: a node index
 * @is_input: %TRUE for an input slot (left side), %FALSE for an output
 *   slot (right side)
 * @slot: the slot number (negative counts as 0)
 * @x: (out): graph x
 * @y: (out): graph y
 *
 * Slot @slot sits 30 + 20 × @slot below the node's top, but no lower
 * than 10 above its bottom (mid-height for a node shorter than 20).
 */
void
hp_graph_layout_get_slot_position (HpGraphLayout *self,
                                   guint          index,
                                   gboolean       is_input,
                                   int            slot,
                                   double        *x,
                                   double        *y)
{
  const HpRect *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->n_nodes);
  g_return_if_fail (x != NULL && y != NULL);

  r = &self->rects[index];
  *x = is_input ? r->x : r->x + r->width;
  *y = slot_y (r, slot);
}

/* ---------------------------------------------------------------------- */
/* View transform                                                          */

/**
 * hp_view_transform_to_graph:
 *
 * The graph point shown at view point (@view_x, @view_y).
 */
void
hp_view_transform_to_graph (const HpViewTransform *t,
                            double                 view_x,
                            double                 view_y,
                            double                *graph_x,
                            double                *graph_y)
{
  g_return_if_fail (t != NULL && t->zoom > 0);
  g_return_if_fail (graph_x != NULL && graph_y != NULL);

  *graph_x = (view_x - t->offset_x) / t->zoom;
  *graph_y = (view_y - t->offset_y) / t->zoom;
}

/**
 * hp_view_transform_to_view:
 *
 * Where graph point (@graph_x, @graph_y) is shown in the view.
 */
void
hp_view_transform_to_view (const HpViewTransform *t,
                           double                 graph_x,
                           double                 graph_y,
                           double                *view_x,
                           double                *view_y)
{
  g_return_if_fail (t != NULL);
  g_return_if_fail (view_x != NULL && view_y != NULL);

  *view_x = graph_x * t->zoom + t->offset_x;
  *view_y = graph_y * t->zoom + t->offset_y;
}

HpViewTransform
hp_view_transform_fit (const HpRect *bounds,
                       double        view_width,
                       double        view_height,
                       double        margin,
                       double        min_zoom,
                       double        max_zoom)
{
  HpViewTransform t = { 1.0, 0.0, 0.0 };
  double zoom_x = INFINITY, zoom_y = INFINITY;
  double zoom;

  g_return_val_if_fail (bounds != NULL, t);
  g_return_val_if_fail (min_zoom > 0 && min_zoom <= max_zoom, t);

  if (bounds->width > 0)
    zoom_x = (view_width - 2 * margin) / bounds->width;
  if (bounds->height > 0)
    zoom_y = (view_height - 2 * margin) / bounds->height;
  zoom = MIN (zoom_x, zoom_y);
  if (isinf (zoom) || isnan (zoom))
    zoom = 1.0;   /* nothing to fit: 1:1 */

  t.zoom = CLAMP (zoom, min_zoom, max_zoom);
  t.offset_x = view_width / 2 - (bounds->x + bounds->width / 2) * t.zoom;
  t.offset_y = view_height / 2 - (bounds->y + bounds->height / 2) * t.zoom;
  return t;
}

void
hp_view_transform_zoom_at (HpViewTransform *t,
                           double           factor,
                           double           view_x,
                           double           view_y,
                           double           min_zoom,
                           double           max_zoom)
{
  double graph_x, graph_y;

  g_return_if_fail (t != NULL && t->zoom > 0);
  g_return_if_fail (factor > 0 && isfinite (factor));
  g_return_if_fail (min_zoom > 0 && min_zoom <= max_zoom);

  hp_view_transform_to_graph (t, view_x, view_y, &graph_x, &graph_y);
  t->zoom = CLAMP (t->zoom * factor, min_zoom, max_zoom);
  t->offset_x = view_x - graph_x * t->zoom;
  t->offset_y = view_y - graph_y * t->zoom;
}
