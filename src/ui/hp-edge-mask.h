/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Anti-aliased lines summed into the coverage of an A8 image, to be
 * composited once in one colour. Cairo strokes each path as a polygon
 * through its general rasteriser, which costs tens of milliseconds for
 * the thousands of edges of a large graph; this costs a few. */
typedef struct {
  guint8 *data;
  int     stride;
  int     width;
  int     height;
} HpEdgeMask;

void hp_edge_mask_init_for_surface (HpEdgeMask      *mask,
                                    cairo_surface_t *surface);
void hp_edge_mask_add_line         (HpEdgeMask      *mask,
                                    double           x0,
                                    double           y0,
                                    double           x1,
                                    double           y1,
                                    double           width);
void hp_edge_mask_add_curve        (HpEdgeMask      *mask,
                                    double           x0,
                                    double           y0,
                                    double           x1,
                                    double           y1,
                                    double           x2,
                                    double           y2,
                                    double           x3,
                                    double           y3,
                                    double           width);

G_END_DECLS
