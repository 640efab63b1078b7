/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-graph-palette.h"
#include "hp-trend.h"

G_BEGIN_DECLS

/* How strongly the p95 and p99 bands are shaded (the legend matches). */
#define HP_TREND_P95_ALPHA      0.28
#define HP_TREND_P99_ALPHA      0.13
#define HP_TREND_P95_ALPHA_DARK 0.42
#define HP_TREND_P99_ALPHA_DARK 0.22

/* Where the trend chart puts things: the plot rectangle inside the
 * widget and the time and duration ranges it spans. Shared by drawing
 * and hit-testing so the hovered bucket is the one under the pointer. */
typedef struct {
  double plot_x;
  double plot_y;
  double plot_w;
  double plot_h;
  gint64 t_min;
  gint64 t_max;
  double v_min;
  double v_max;
  double v_step;
} HpTrendGeometry;

/* What to draw: the trend, the baseline run's value (NaN for none), the
 * hovered bucket (-1 for none) and the time zone of the labels. */
typedef struct {
  HpTrend              *trend;
  double                baseline_us;
  int                   hover_bucket;
  GTimeZone            *tz;
  const HpGraphPalette *palette;
} HpTrendPaint;

gboolean hp_trend_painter_layout      (const HpTrendPaint *paint,
                                       PangoLayout        *layout,
                                       int                 width,
                                       int                 height,
                                       HpTrendGeometry    *geometry);
double   hp_trend_geometry_x          (const HpTrendGeometry *geometry,
                                       gint64                 time_us);
double   hp_trend_geometry_y          (const HpTrendGeometry *geometry,
                                       double                 value_us);
int      hp_trend_painter_bucket_at   (const HpTrendGeometry *geometry,
                                       HpTrend               *trend,
                                       double                 x);
void     hp_trend_painter_draw        (const HpTrendPaint    *paint,
                                       const HpTrendGeometry *geometry,
                                       PangoLayout           *layout,
                                       cairo_t               *cr);
double   hp_trend_nice_step           (double                 range);

G_END_DECLS
