/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-layout.h"

#include <math.h>

/* Zoom and pan for the canvas. Declared in hp-graph-layout.h, beside the
 * HpRect that the fit takes, so its users need no other header. */

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
