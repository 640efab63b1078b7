/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-minimap.h"

#include <math.h>

#include "hp-graph-painter.h"

#define MAX_WIDTH  200.0
#define MAX_HEIGHT 140.0
/* Between the drawing area and the edge of its panel. */
#define PAD        6.0

static gboolean
graph_exceeds_view (HpGraphLayout         *layout,
                    const HpViewTransform *t,
                    int                    width,
                    int                    height)
{
  HpRect bounds;
  HpRect v;

  if (layout == NULL || hp_graph_layout_get_n_nodes (layout) == 0)
    return FALSE;
  bounds = hp_graph_layout_get_bounds (layout);
  v = hp_graph_scene_rect_to_view (t, &bounds);
  return v.x < -0.5 || v.y < -0.5 || v.x + v.width > width + 0.5 || v.y + v.height > height + 0.5;
}

/**
 * hp_graph_minimap_area_compute:
 * @layout: (nullable): the graph
 * @out: (out caller-allocates): where the minimap is
 *
 * Returns: whether a view of @width × @height pixels shows a minimap:
 *   only when the graph does not fit and there is room
 */
gboolean
hp_graph_minimap_area_compute (HpGraphLayout         *layout,
                               const HpViewTransform *transform,
                               int                    width,
                               int                    height,
                               HpGraphMinimapArea    *out)
{
  double scale;

  g_return_val_if_fail (transform != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!graph_exceeds_view (layout, transform, width, height))
    return FALSE;
  out->bounds = hp_graph_layout_get_bounds (layout);
  if (out->bounds.width <= 0 || out->bounds.height <= 0)
    return FALSE;
  scale = MIN (MAX_WIDTH / out->bounds.width, MAX_HEIGHT / out->bounds.height);
  out->scale = scale;
  out->width = out->bounds.width * scale;
  out->height = out->bounds.height * scale;
  out->x = width - HP_GRAPH_OVERLAY_MARGIN - PAD - out->width;
  out->y = height - HP_GRAPH_OVERLAY_MARGIN - PAD - out->height;
  /* No room: a minimap over half the view hides more than it shows. */
  if (out->x < width / 2.0 || out->y < height / 2.0)
    return FALSE;
  return TRUE;
}

/**
 * hp_graph_minimap_area_contains:
 *
 * Returns: whether view point (@x, @y) is on the minimap's panel
 */
gboolean
hp_graph_minimap_area_contains (const HpGraphMinimapArea *m,
                                double                    x,
                                double                    y)
{
  return x >= m->x - PAD && x <= m->x + m->width + PAD &&
         y >= m->y - PAD && y <= m->y + m->height + PAD;
}

/**
 * hp_graph_minimap_area_to_graph:
 *
 * Converts view point (@x, @y), kept inside the minimap, to the graph
 * point it stands for.
 */
void
hp_graph_minimap_area_to_graph (const HpGraphMinimapArea *m,
                                double                    x,
                                double                    y,
                                double                   *graph_x,
                                double                   *graph_y)
{
  *graph_x = m->bounds.x + (CLAMP (x, m->x, m->x + m->width) - m->x) / m->scale;
  *graph_y = m->bounds.y + (CLAMP (y, m->y, m->y + m->height) - m->y) / m->scale;
}

static cairo_surface_t *
render_nodes (const HpGraphScene       *scene,
              const HpGraphMinimapArea *m,
              double                    scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) ceil ((m->width + 1) * scale),
                                                         (int) ceil ((m->height + 1) * scale));
  guint n = hp_graph_layout_get_n_nodes (scene->layout);
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  /* One fill per heat level. */
  for (guint level = 0; level < 4; level++)
    {
      const GdkRGBA *color = NULL;
      gboolean any = FALSE;

      cairo_new_path (cr);
      for (guint i = 0; i < n; i++)
        {
          const HpHeatmapCell *cell = hp_graph_scene_get_cell (scene, i);
          const HpRect *r;

          if ((cell != NULL ? hp_graph_palette_heat_level (cell->heat_class) : 0) != level)
            continue;
          r = hp_graph_layout_get_node_rect (scene->layout, i);
          cairo_rectangle (cr, (r->x - m->bounds.x) * m->scale, (r->y - m->bounds.y) * m->scale,
                           MAX (r->width * m->scale, 1.0), MAX (r->height * m->scale, 1.0));
          color = cell != NULL ? hp_graph_palette_heat_color (scene->palette, cell->heat_class) : NULL;
          any = TRUE;
        }
      if (!any)
        continue;
      if (color != NULL)
        hp_graph_palette_set_source (cr, color, 0.9);
      else
        hp_graph_palette_set_source (cr, &scene->palette->fg, 0.35);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  return surface;
}

/**
 * hp_graph_minimap_draw:
 * @self: the minimap's drawing, kept between frames
 * @scale: device pixels per view pixel
 *
 * Draws the minimap of a view of @width × @height pixels, when it has one.
 */
void
hp_graph_minimap_draw (HpGraphMinimap     *self,
                       const HpGraphScene *scene,
                       cairo_t            *cr,
                       int                 width,
                       int                 height,
                       double              scale)
{
  const HpGraphPalette *palette = scene->palette;
  HpGraphMinimapArea m;
  HpRect area;
  double vx0, vy0, vx1, vy1;

  g_return_if_fail (self != NULL);
  g_return_if_fail (scene != NULL);

  if (!hp_graph_minimap_area_compute (scene->layout, &scene->transform, width, height, &m))
    return;

  hp_graph_painter_draw_panel (palette, cr, m.x - PAD, m.y - PAD, m.width + 2 * PAD, m.height + 2 * PAD);

  if (self->nodes != NULL && self->nodes_scale != scale)
    g_clear_pointer (&self->nodes, cairo_surface_destroy);
  if (self->nodes == NULL)
    self->nodes = render_nodes (scene, &m, scale);
  self->nodes_scale = scale;
  cairo_set_source_surface (cr, self->nodes, m.x, m.y);
  cairo_paint (cr);

  /* The part of the graph in view. */
  area = hp_graph_scene_visible_area (&scene->transform, width, height, 0);
  vx0 = CLAMP (m.x + (area.x - m.bounds.x) * m.scale, m.x, m.x + m.width);
  vy0 = CLAMP (m.y + (area.y - m.bounds.y) * m.scale, m.y, m.y + m.height);
  vx1 = CLAMP (m.x + (area.x + area.width - m.bounds.x) * m.scale, m.x, m.x + m.width);
  vy1 = CLAMP (m.y + (area.y + area.height - m.bounds.y) * m.scale, m.y, m.y + m.height);
  if (vx1 - vx0 >= 1 && vy1 - vy0 >= 1)
    {
      cairo_new_path (cr);
      cairo_rectangle (cr, round (vx0) + 0.5, round (vy0) + 0.5,
                       MAX (round (vx1 - vx0) - 1, 1), MAX (round (vy1 - vy0) - 1, 1));
      hp_graph_palette_set_source (cr, &palette->accent, 0.12);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1.5);
      hp_graph_palette_set_source (cr, &palette->accent, 1.0);
      cairo_stroke (cr);
    }
}

/**
 * hp_graph_minimap_invalidate:
 *
 * Drops the drawing of the nodes, after a change of model or style.
 */
void
hp_graph_minimap_invalidate (HpGraphMinimap *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->nodes, cairo_surface_destroy);
}
