/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-edge-mask.h"

#include <math.h>

/**
 * hp_edge_mask_init_for_surface:
 * @mask: (out caller-allocates): the mask
 * @surface: an A8 image surface, flushed; call cairo_surface_mark_dirty()
 *   on it when done drawing
 *
 * Draws into the pixels of @surface.
 */
void
hp_edge_mask_init_for_surface (HpEdgeMask      *mask,
                               cairo_surface_t *surface)
{
  g_return_if_fail (mask != NULL);
  g_return_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_A8);

  mask->data = cairo_image_surface_get_data (surface);
  mask->stride = cairo_image_surface_get_stride (surface);
  mask->width = cairo_image_surface_get_width (surface);
  mask->height = cairo_image_surface_get_height (surface);
}

static inline void
mask_plot (HpEdgeMask *m,
           int         x,
           int         y,
           double      coverage)
{
  guint8 *p;
  int v;

  if ((unsigned) x >= (unsigned) m->width || (unsigned) y >= (unsigned) m->height)
    return;
  p = m->data + (gsize) y * m->stride + x;
  v = *p + (int) (coverage * 255.0 + 0.5);
  *p = v > 255 ? 255 : v;
}

/**
 * hp_edge_mask_add_line:
 * @width: in pixels
 *
 * Adds a straight line in mask pixels: per column (or row, for a steep
 * line) the exact overlap of each pixel with the line's span.
 */
void
hp_edge_mask_add_line (HpEdgeMask *m,
                       double      x0,
                       double      y0,
                       double      x1,
                       double      y1,
                       double      width)
{
  gboolean steep = fabs (y1 - y0) > fabs (x1 - x0);
  double gradient;
  double half;
  double tmp;
  int from, to, limit, minor_limit;

  if (steep)
    {
      tmp = x0; x0 = y0; y0 = tmp;
      tmp = x1; x1 = y1; y1 = tmp;
    }
  if (x0 > x1)
    {
      tmp = x0; x0 = x1; x1 = tmp;
      tmp = y0; y0 = y1; y1 = tmp;
    }
  gradient = x1 - x0 > 1e-9 ? (y1 - y0) / (x1 - x0) : 0.0;
  half = width * sqrt (1.0 + gradient * gradient) / 2.0;
  limit = steep ? m->height : m->width;
  minor_limit = steep ? m->width : m->height;
  /* Columns whose centre (c + 0.5) lies in [x0, x1). */
  from = MAX ((int) ceil (x0 - 0.5), 0);
  to = MIN ((int) ceil (x1 - 0.5) - 1, limit - 1);
  for (int x = from; x <= to; x++)
    {
      double yc = y0 + gradient * (x + 0.5 - x0);
      double top = yc - half;
      double bottom = yc + half;
      int r0 = MAX ((int) floor (top), 0);
      int r1 = MIN ((int) floor (bottom), minor_limit - 1);

      for (int r = r0; r <= r1; r++)
        {
          double coverage = MIN (bottom, r + 1.0) - MAX (top, (double) r);

          if (coverage <= 0)
            continue;
          if (steep)
            mask_plot (m, r, x, coverage);
          else
            mask_plot (m, x, r, coverage);
        }
    }
}

/**
 * hp_edge_mask_add_curve:
 * @width: in pixels
 *
 * Adds a cubic Bézier in mask pixels, as a few straight pieces (by the
 * length of its control polygon).
 */
void
hp_edge_mask_add_curve (HpEdgeMask *m,
                        double      x0,
                        double      y0,
                        double      x1,
                        double      y1,
                        double      x2,
                        double      y2,
                        double      x3,
                        double      y3,
                        double      width)
{
  double length = hypot (x1 - x0, y1 - y0) + hypot (x2 - x1, y2 - y1) + hypot (x3 - x2, y3 - y2);
  int n = CLAMP ((int) (length / 10.0), 1, 32);
  double px = x0, py = y0;

  for (int i = 1; i <= n; i++)
    {
      double t = (double) i / n;
      double u = 1.0 - t;
      double x = u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3;
      double y = u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3;

      hp_edge_mask_add_line (m, px, py, x, y, width);
      px = x;
      py = y;
    }
}
