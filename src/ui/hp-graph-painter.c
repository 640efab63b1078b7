/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-painter-private.h"

#include <math.h>

#include "hp-edge-mask.h"
#include "hp-graph-groups.h"

/**
 * hp_graph_painter_rounded_rect:
 *
 * Adds a rounded rectangle to the path of @cr as a sub-path.
 */
void
hp_graph_painter_rounded_rect (cairo_t *cr,
                               double   x,
                               double   y,
                               double   w,
                               double   h,
                               double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/**
 * hp_graph_painter_draw_panel:
 *
 * Draws the box the legend and the minimap sit in, over the graph.
 */
void
hp_graph_painter_draw_panel (const HpGraphPalette *palette,
                             cairo_t              *cr,
                             double                x,
                             double                y,
                             double                width,
                             double                height)
{
  cairo_new_path (cr);
  hp_graph_painter_rounded_rect (cr, x + 0.5, y + 0.5, round (width), round (height), 8);
  hp_graph_palette_set_source (cr, &palette->popover_bg, 0.94);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  hp_graph_palette_set_source (cr, &palette->borders, 1.0);
  cairo_stroke (cr);
}

/* ---- edges -------------------------------------------------------------- */

static void
append_edge (cairo_t               *cr,
             const HpViewTransform *t,
             const HpEdgePath      *e)
{
  cairo_move_to (cr, e->x0 * t->zoom + t->offset_x, e->y0 * t->zoom + t->offset_y);
  cairo_curve_to (cr,
                  e->x1 * t->zoom + t->offset_x, e->y1 * t->zoom + t->offset_y,
                  e->x2 * t->zoom + t->offset_x, e->y2 * t->zoom + t->offset_y,
                  e->x3 * t->zoom + t->offset_x, e->y3 * t->zoom + t->offset_y);
}

/* Every forward edge, flattened to straight pieces, summed into one A8
 * mask and composited once in the current source (see hp-edge-mask.h). */
static void
draw_edge_mask (const HpGraphScene *scene,
                cairo_t            *cr,
                GArray             *edges,
                int                 width,
                int                 height,
                double              scale)
{
  const HpViewTransform *t = &scene->transform;
  cairo_surface_t *surface;
  gboolean curves = t->zoom >= 0.15;
  double line_width = CLAMP (2.0 * t->zoom, 1.0, 3.0) * scale;
  HpEdgeMask m;
  double z = t->zoom * scale;
  double ox = t->offset_x * scale;
  double oy = t->offset_y * scale;

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, (int) ceil (width * scale), (int) ceil (height * scale));
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return;
    }
  hp_edge_mask_init_for_surface (&m, surface);

  cairo_surface_flush (surface);
  for (guint i = 0; i < edges->len; i++)
    {
      const HpEdgePath *e = hp_graph_layout_get_edge (scene->layout, g_array_index (edges, guint, i));

      if (e->back_edge)
        continue;
      if (curves)
        hp_edge_mask_add_curve (&m,
                                e->x0 * z + ox, e->y0 * z + oy, e->x1 * z + ox, e->y1 * z + oy,
                                e->x2 * z + ox, e->y2 * z + oy, e->x3 * z + ox, e->y3 * z + oy,
                                line_width);
      else
        hp_edge_mask_add_line (&m, e->x0 * z + ox, e->y0 * z + oy, e->x3 * z + ox, e->y3 * z + oy,
                               line_width);
    }
  cairo_surface_mark_dirty (surface);
  cairo_surface_set_device_scale (surface, scale, scale);
  cairo_mask_surface (cr, surface, 0, 0);
  cairo_surface_destroy (surface);
}

static void
draw_edges (const HpGraphScene *scene,
            cairo_t            *cr,
            const HpRect       *area,
            int                 width,
            int                 height,
            double              scale)
{
  const HpViewTransform *t = &scene->transform;
  g_autoptr(GArray) edges = hp_graph_layout_query_edges (scene->layout, area);
  double line_width = CLAMP (2.0 * t->zoom, 1.0, 3.0);
  gboolean any_back = FALSE;

  cairo_save (cr);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  hp_graph_palette_set_source (cr, &scene->palette->fg, scene->palette->dark ? 0.38 : 0.32);

  draw_edge_mask (scene, cr, edges, width, height, scale);

  /* Back edges (cycles) are few: stroked by cairo, dashed. */
  cairo_new_path (cr);
  for (guint i = 0; i < edges->len; i++)
    {
      const HpEdgePath *e = hp_graph_layout_get_edge (scene->layout, g_array_index (edges, guint, i));

      if (!e->back_edge)
        continue;
      any_back = TRUE;
      append_edge (cr, t, e);
    }
  if (any_back)
    {
      double dash[] = { 6.0, 4.0 };

      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  /* Arrowheads where an edge enters its target. */
  if (t->zoom >= 0.35)
    {
      double size = CLAMP (7.0 * t->zoom, 4.0, 10.0);

      cairo_new_path (cr);
      for (guint i = 0; i < edges->len; i++)
        {
          const HpEdgePath *e = hp_graph_layout_get_edge (scene->layout, g_array_index (edges, guint, i));
          double x = e->x3 * t->zoom + t->offset_x;
          double y = e->y3 * t->zoom + t->offset_y;
          double dx = e->x3 - e->x2;
          double dy = e->y3 - e->y2;
          double len = hypot (dx, dy);

          if (x < -size || y < -size || x > width + size || y > height + size)
            continue;
          if (len < 1e-9)
            {
              dx = 1;
              dy = 0;
              len = 1;
            }
          dx /= len;
          dy /= len;
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x - dx * size - dy * size * 0.55, y - dy * size + dx * size * 0.55);
          cairo_line_to (cr, x - dx * size + dy * size * 0.55, y - dy * size - dx * size * 0.55);
          cairo_close_path (cr);
        }
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* The selected node's edges, over the others and under the nodes. */
static void
highlight_edges (const HpGraphScene *scene,
                 cairo_t            *cr,
                 int                 index)
{
  const HpViewTransform *t = &scene->transform;
  guint n = hp_graph_layout_get_n_edges (scene->layout);

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      const HpEdgePath *e = hp_graph_layout_get_edge (scene->layout, i);

      if (e->from_index != (guint) index && e->to_index != (guint) index)
        continue;
      append_edge (cr, t, e);
    }
  cairo_set_line_width (cr, CLAMP (2.5 * t->zoom, 1.5, 3.5));
  hp_graph_palette_set_source (cr, &scene->palette->accent, 0.8);
  cairo_stroke (cr);
}


/* ---- critical path ------------------------------------------------------ */

/* Over the finished graph: everything dimmed by a wash of the canvas
 * colour, then the path's edges (thick, accent) and its nodes drawn again
 * on top with an accent outline. Nodes of the run that the graph lacks
 * have no box and are left out. */
static void
draw_critical_path (const HpGraphScene *scene,
                    cairo_t            *cr,
                    HpGraphPaint       *ts,
                    int                 width,
                    int                 height)
{
  const HpGraphPalette *palette = scene->palette;
  const HpViewTransform *t = &scene->transform;
  HpCriticalPath *path = scene->critical_path;
  guint n_layout = hp_graph_layout_get_n_nodes (scene->layout);
  guint n_path = hp_critical_path_get_n_nodes (path);
  guint n_edges = hp_graph_layout_get_n_edges (scene->layout);
  g_autofree int *next = g_new (int, MAX (n_layout, 1));   /* successor on the path */
  g_autofree int *on_path = g_new0 (int, MAX (n_path, 1));
  double line_width = CLAMP (4.0 * t->zoom, 2.5, 6.0);
  int previous = -1;

  for (guint i = 0; i < n_layout; i++)
    next[i] = -1;
  for (guint i = 0; i < n_path; i++)
    {
      int index = hp_graph_layout_find_node (scene->layout, hp_critical_path_get_node (path, i));

      on_path[i] = index;
      if (index >= 0 && previous >= 0)
        next[previous] = index;
      previous = index;
    }

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  hp_graph_palette_set_source (cr, &palette->canvas_bg, palette->dark ? 0.6 : 0.55);
  cairo_fill (cr);

  cairo_new_path (cr);
  for (guint i = 0; i < n_edges; i++)
    {
      const HpEdgePath *e = hp_graph_layout_get_edge (scene->layout, i);

      if (next[e->from_index] == (int) e->to_index)
        append_edge (cr, t, e);
    }
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  hp_graph_palette_set_source (cr, &palette->accent, 1.0);
  cairo_stroke (cr);

  for (guint i = 0; i < n_path; i++)
    {
      HpRect v;
      double gap = line_width / 2 + 1.0;

      if (on_path[i] < 0)
        continue;
      /* The ring first, so that the node's badges stay on top of it. */
      v = hp_graph_scene_rect_to_view (t, hp_graph_layout_get_node_rect (scene->layout, (guint) on_path[i]));
      cairo_new_path (cr);
      hp_graph_painter_rounded_rect (cr, round (v.x) - gap, round (v.y) - gap,
                                     round (v.width) + 2 * gap - 1, round (v.height) + 2 * gap - 1,
                                     CLAMP (8.0 * t->zoom, 2.0, 12.0) + gap);
      cairo_set_line_width (cr, line_width * 0.75);
      hp_graph_palette_set_source (cr, &palette->accent, 1.0);
      cairo_stroke (cr);
      _hp_graph_painter_draw_node (scene, cr, ts, (guint) on_path[i]);
    }
  cairo_restore (cr);
}

/* ---- frames ------------------------------------------------------------- */

/**
 * hp_graph_painter_draw_graph:
 * @cr: where to draw, in view pixels
 * @scale: device pixels per view pixel
 *
 * Draws what changes only with the view, the model or the style — edges
 * (the selected node's highlighted) and nodes with their fills, patterns,
 * text and badges, and the critical path over them when the scene has
 * one — as seen in a view of @width × @height pixels.
 */
void
hp_graph_painter_draw_graph (const HpGraphScene *scene,
                             cairo_t            *cr,
                             int                 width,
                             int                 height,
                             double              scale)
{
  g_autoptr(GArray) visible = NULL;
  HpRect area;
  double typical;
  HpGraphPaint ts = { 0 };

  g_return_if_fail (scene != NULL);
  g_return_if_fail (cr != NULL);

  if (scene->layout == NULL || hp_graph_layout_get_n_nodes (scene->layout) == 0)
    return;

  area = hp_graph_scene_visible_area (&scene->transform, width, height, 16.0);
  /* Groups lie behind everything (hp-graph-groups.c). */
  hp_graph_groups_draw (scene, cr, &area);
  draw_edges (scene, cr, &area, width, height, scale);
  if (scene->selected >= 0)
    highlight_edges (scene, cr, scene->selected);

  visible = hp_graph_layout_query_area (scene->layout, &area);
  /* Judge the level of detail by the typical node, so that a whole
   * graph switches at once. */
  typical = MIN (HP_GRAPH_LAYOUT_NODE_WIDTH, HP_GRAPH_LAYOUT_NODE_HEIGHT) * scene->transform.zoom;
  if (visible->len > 0)
    {
      const HpRect *r = hp_graph_layout_get_node_rect (scene->layout, g_array_index (visible, guint, 0));

      typical = MIN (r->width, r->height) * scene->transform.zoom;
    }
  _hp_graph_painter_paint_init (&ts, scene, scale);
  if (typical < SIMPLE_PX)
    _hp_graph_painter_draw_nodes_simple (scene, cr, ts.layout, visible);
  else
    for (guint i = 0; i < visible->len; i++)
      _hp_graph_painter_draw_node (scene, cr, &ts, g_array_index (visible, guint, i));
  if (scene->critical_path != NULL)
    draw_critical_path (scene, cr, typical < SIMPLE_PX ? NULL : &ts, width, height);
  _hp_graph_painter_paint_clear (&ts);
}

static void
outline_node (const HpGraphScene *scene,
              cairo_t            *cr,
              int                 index,
              const GdkRGBA      *color,
              double              alpha,
              double              line_width)
{
  HpRect v = hp_graph_scene_rect_to_view (&scene->transform,
                                          hp_graph_layout_get_node_rect (scene->layout, index));
  double gap = line_width / 2 + 1.5;

  cairo_new_path (cr);
  hp_graph_painter_rounded_rect (cr, round (v.x) - gap, round (v.y) - gap,
                                 round (v.width) + 2 * gap - 1, round (v.height) + 2 * gap - 1,
                                 CLAMP (8.0 * scene->transform.zoom, 2.0, 12.0) + gap);
  cairo_set_line_width (cr, line_width);
  hp_graph_palette_set_source (cr, color, alpha);
  cairo_stroke (cr);
}

/**
 * hp_graph_painter_draw_highlights:
 *
 * Outlines the node under the pointer and the selected node (drawn over
 * the graph each frame; the selection's edges are part of the graph).
 */
void
hp_graph_painter_draw_highlights (const HpGraphScene *scene,
                                  cairo_t            *cr)
{
  g_return_if_fail (scene != NULL);
  g_return_if_fail (cr != NULL);

  if (scene->layout == NULL)
    return;

  if (scene->hover >= 0 && scene->hover != scene->selected &&
      scene->hover < (int) hp_graph_layout_get_n_nodes (scene->layout))
    outline_node (scene, cr, scene->hover, &scene->palette->fg, 0.4, 2.0);
  if (scene->selected >= 0)
    outline_node (scene, cr, scene->selected, &scene->palette->accent, 1.0, 3.0);
}
