/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-layout-private.h"

#include <math.h>
#include <string.h>

/* At most this many cells along an axis, and this many (rectangle, cell)
 * entries in all. */
#define GRID_MAX_AXIS       2048
#define GRID_MAX_ENTRIES    (1u << 24)

static inline gboolean
rect_contains (const HpRect *r,
               double        x,
               double        y)
{
  return x >= r->x && x <= r->x + r->width && y >= r->y && y <= r->y + r->height;
}

static inline guint
cell_x (const HpGraphGridIndex *grid,
        double                  x)
{
  double c = floor ((x - grid->bounds.x) / grid->cell_width);

  if (!(c > 0))
    return 0;
  return c >= grid->cols ? grid->cols - 1 : (guint) c;
}

static inline guint
cell_y (const HpGraphGridIndex *grid,
        double                  y)
{
  double c = floor ((y - grid->bounds.y) / grid->cell_height);

  if (!(c > 0))
    return 0;
  return c >= grid->rows ? grid->rows - 1 : (guint) c;
}

static guint64
grid_entries (const HpGraphGridIndex *grid,
              const HpRect           *rects)
{
  guint64 total = 0;

  for (guint i = 0; i < grid->n_rects; i++)
    {
      const HpRect *r = &rects[i];

      total += (guint64) (cell_x (grid, r->x + r->width) - cell_x (grid, r->x) + 1) *
               (cell_y (grid, r->y + r->height) - cell_y (grid, r->y) + 1);
    }
  return total;
}

/* Indexes @n rectangles whose box is @bounds; the index keeps no pointer
 * to @rects, so queries pass the same array again. */
void
_hp_graph_grid_index_init (HpGraphGridIndex *grid,
                           const HpRect     *rects,
                           guint             n,
                           const HpRect     *bounds)
{
  double side, avg = 0;
  double cols, rows;
  guint n_cells;
  guint64 entries;
  g_autofree guint *fill = NULL;

  g_assert (grid != NULL && bounds != NULL);
  g_assert (n == 0 || rects != NULL);

  memset (grid, 0, sizeof *grid);
  grid->n_rects = n;
  grid->bounds = *bounds;
  if (n == 0)
    return;

  /* cells about as many as nodes, but not much smaller than a node */
  for (guint i = 0; i < n; i++)
    avg += MAX (rects[i].width, rects[i].height) / n;
  side = sqrt (grid->bounds.width * grid->bounds.height / n);
  side = MAX (side, avg / 2);
  cols = ceil (grid->bounds.width / side);
  rows = ceil (grid->bounds.height / side);
  grid->cols = isfinite (cols) && cols >= 1 ? (guint) MIN (cols, GRID_MAX_AXIS) : 1;
  grid->rows = isfinite (rows) && rows >= 1 ? (guint) MIN (rows, GRID_MAX_AXIS) : 1;

  for (;;)
    {
      grid->cell_width = grid->bounds.width / grid->cols;
      grid->cell_height = grid->bounds.height / grid->rows;
      if (!(grid->cell_width > 0) || !isfinite (grid->cell_width))
        {
          grid->cols = 1;
          grid->cell_width = isfinite (grid->bounds.width) && grid->bounds.width > 0
                             ? grid->bounds.width : 1;
        }
      if (!(grid->cell_height > 0) || !isfinite (grid->cell_height))
        {
          grid->rows = 1;
          grid->cell_height = isfinite (grid->bounds.height) && grid->bounds.height > 0
                              ? grid->bounds.height : 1;
        }
      entries = grid_entries (grid, rects);
      if (entries <= GRID_MAX_ENTRIES || (grid->cols == 1 && grid->rows == 1))
        break;
      /* huge overlapping nodes: coarser cells */
      grid->cols = MAX (1, grid->cols / 2);
      grid->rows = MAX (1, grid->rows / 2);
    }

  n_cells = grid->cols * grid->rows;
  grid->cell_start = g_new0 (guint, n_cells + 1);
  grid->cell_nodes = g_new (guint, MAX (entries, 1));
  fill = g_new (guint, n_cells);

  for (guint i = 0; i < n; i++)
    {
      const HpRect *r = &rects[i];
      guint x0 = cell_x (grid, r->x), x1 = cell_x (grid, r->x + r->width);
      guint y0 = cell_y (grid, r->y), y1 = cell_y (grid, r->y + r->height);

      for (guint cy = y0; cy <= y1; cy++)
        for (guint cx = x0; cx <= x1; cx++)
          grid->cell_start[cy * grid->cols + cx + 1]++;
    }
  for (guint c = 0; c < n_cells; c++)
    grid->cell_start[c + 1] += grid->cell_start[c];
  memcpy (fill, grid->cell_start, n_cells * sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      const HpRect *r = &rects[i];
      guint x0 = cell_x (grid, r->x), x1 = cell_x (grid, r->x + r->width);
      guint y0 = cell_y (grid, r->y), y1 = cell_y (grid, r->y + r->height);

      for (guint cy = y0; cy <= y1; cy++)
        for (guint cx = x0; cx <= x1; cx++)
          grid->cell_nodes[fill[cy * grid->cols + cx]++] = i;
    }
}

void
_hp_graph_grid_index_clear (HpGraphGridIndex *grid)
{
  g_assert (grid != NULL);

  g_clear_pointer (&grid->cell_start, g_free);
  g_clear_pointer (&grid->cell_nodes, g_free);
}

/* The highest index among @rects containing (x, y), or -1. */
int
_hp_graph_grid_index_hit_test (const HpGraphGridIndex *grid,
                               const HpRect           *rects,
                               double                  x,
                               double                  y)
{
  guint cell;

  g_assert (grid != NULL);

  if (grid->n_rects == 0 || !rect_contains (&grid->bounds, x, y))
    return -1;

  cell = cell_y (grid, y) * grid->cols + cell_x (grid, x);
  for (guint k = grid->cell_start[cell + 1]; k > grid->cell_start[cell]; k--)
    {
      guint i = grid->cell_nodes[k - 1];

      if (rect_contains (&rects[i], x, y))
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

/* The indices of @rects meeting @area, in increasing order. */
GArray *
_hp_graph_grid_index_query (const HpGraphGridIndex *grid,
                            const HpRect           *rects,
                            const HpRect           *area)
{
  GArray *result;
  guint qx0, qx1, qy0, qy1;

  g_assert (grid != NULL && area != NULL);

  result = g_array_new (FALSE, FALSE, sizeof (guint));
  if (grid->n_rects == 0 || !(area->width >= 0) || !(area->height >= 0) ||
      !_hp_rects_meet (area, &grid->bounds))
    return result;

  if (area->x <= grid->bounds.x && area->y <= grid->bounds.y &&
      area->x + area->width >= grid->bounds.x + grid->bounds.width &&
      area->y + area->height >= grid->bounds.y + grid->bounds.height)
    {
      g_array_set_size (result, grid->n_rects);
      for (guint i = 0; i < grid->n_rects; i++)
        g_array_index (result, guint, i) = i;
      return result;
    }

  qx0 = cell_x (grid, area->x);
  qx1 = cell_x (grid, area->x + area->width);
  qy0 = cell_y (grid, area->y);
  qy1 = cell_y (grid, area->y + area->height);

  for (guint cy = qy0; cy <= qy1; cy++)
    for (guint cx = qx0; cx <= qx1; cx++)
      {
        guint cell = cy * grid->cols + cx;

        for (guint k = grid->cell_start[cell]; k < grid->cell_start[cell + 1]; k++)
          {
            guint i = grid->cell_nodes[k];
            const HpRect *r = &rects[i];

            if (!_hp_rects_meet (r, area))
              continue;
            /* a node spanning several cells: report it from the first
             * cell it shares with the query only */
            if (MAX (cell_x (grid, r->x), qx0) != cx || MAX (cell_y (grid, r->y), qy0) != cy)
              continue;
            g_array_append_val (result, i);
          }
      }

  g_array_sort (result, compare_guint);
  return result;
}
