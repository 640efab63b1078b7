/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-trend-painter.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "hp-config.h"
#include "hp-time-format.h"

#define PAD          12.0
#define LABEL_GAP    6.0
#define MIN_TICK_PX  90.0
#define HOVER_PX     24.0
#define DOT_RADIUS   2.5

typedef struct {
  HpTrendBucketSize unit;
  guint             every;
} TickStep;

static const TickStep tick_steps[] = {
  { HP_TREND_BUCKET_HOUR, 1 }, { HP_TREND_BUCKET_HOUR, 2 }, { HP_TREND_BUCKET_HOUR, 3 },
  { HP_TREND_BUCKET_HOUR, 6 }, { HP_TREND_BUCKET_HOUR, 12 },
  { HP_TREND_BUCKET_DAY, 1 }, { HP_TREND_BUCKET_DAY, 2 }, { HP_TREND_BUCKET_DAY, 3 },
  { HP_TREND_BUCKET_WEEK, 1 }, { HP_TREND_BUCKET_WEEK, 2 }, { HP_TREND_BUCKET_WEEK, 4 },
  { HP_TREND_BUCKET_WEEK, 8 }, { HP_TREND_BUCKET_WEEK, 13 }, { HP_TREND_BUCKET_WEEK, 26 },
  { HP_TREND_BUCKET_WEEK, 52 },
};

static double
unit_us (HpTrendBucketSize unit)
{
  switch (unit)
    {
    case HP_TREND_BUCKET_HOUR:
      return 3600.0 * G_USEC_PER_SEC;
    case HP_TREND_BUCKET_DAY:
      return 86400.0 * G_USEC_PER_SEC;
    case HP_TREND_BUCKET_WEEK:
    default:
      return 7 * 86400.0 * G_USEC_PER_SEC;
    }
}

/**
 * hp_trend_nice_step:
 * @range: the distance between two grid lines at least (µs)
 *
 * Returns: a round step not below @range: 1, 2 or 5 × 10ⁿ µs, or whole
 *   half-minutes and minutes from 30 s on, so labels read well
 */
double
hp_trend_nice_step (double range)
{
  static const double minutes[] = { 30, 60, 120, 300, 600, 1200, 1800, 3600 };
  double magnitude;
  double f;

  if (!(range > 0.0) || !isfinite (range))
    return 1.0;
  if (range > 20.0 * G_USEC_PER_SEC)
    for (guint i = 0; i < G_N_ELEMENTS (minutes); i++)
      if (minutes[i] * G_USEC_PER_SEC >= range)
        return minutes[i] * G_USEC_PER_SEC;

  magnitude = pow (10.0, floor (log10 (range)));
  f = range / magnitude;
  if (f <= 1.0)
    return magnitude;
  if (f <= 2.0)
    return 2.0 * magnitude;
  if (f <= 5.0)
    return 5.0 * magnitude;
  return 10.0 * magnitude;
}

static void
value_range (const HpTrendPaint *paint,
             double             *lo_out,
             double             *hi_out)
{
  HpTrend *trend = paint->trend;
  double lo = INFINITY;
  double hi = -INFINITY;

  for (guint i = 0; i < hp_trend_get_n_points (trend); i++)
    {
      double v = hp_trend_get_point (trend, i)->value_us;

      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  for (guint i = 0; i < hp_trend_get_n_buckets (trend); i++)
    {
      const HpDurationSummary *s = &hp_trend_get_bucket (trend, i)->summary;

      lo = MIN (lo, s->mean);
      hi = MAX (hi, MAX (s->p99, s->mean));
    }
  if (!isnan (paint->baseline_us))
    {
      lo = MIN (lo, paint->baseline_us);
      hi = MAX (hi, paint->baseline_us);
    }
  *lo_out = lo;
  *hi_out = hi;
}

/**
 * hp_trend_painter_layout:
 * @layout: a layout of the chart widget, to measure labels with
 * @geometry: (out caller-allocates): where things go
 *
 * Returns: %FALSE when there is nothing to chart or no room for it
 */
gboolean
hp_trend_painter_layout (const HpTrendPaint *paint,
                         PangoLayout        *layout,
                         int                 width,
                         int                 height,
                         HpTrendGeometry    *geometry)
{
  HpTrend *trend = paint->trend;
  guint n_buckets;
  double lo;
  double hi;
  double step;
  int label_w = 0;
  int label_h = 0;

  g_return_val_if_fail (geometry != NULL, FALSE);

  if (trend == NULL || hp_trend_get_n_points (trend) == 0)
    return FALSE;

  n_buckets = hp_trend_get_n_buckets (trend);
  geometry->t_min = hp_trend_get_bucket (trend, 0)->start_us;
  geometry->t_max = hp_trend_get_bucket (trend, n_buckets - 1)->end_us;

  value_range (paint, &lo, &hi);
  step = hp_trend_nice_step ((hi - lo) / 4.0);
  if (hi - lo < step)
    step = hp_trend_nice_step (MAX (hi, 1000.0) / 4.0);
  geometry->v_step = step;
  geometry->v_min = MAX (0.0, floor (lo / step) * step);
  geometry->v_max = ceil (hi / step) * step;
  if (geometry->v_max <= geometry->v_min)
    geometry->v_max = geometry->v_min + step;

  for (double v = geometry->v_min; v <= geometry->v_max + step / 2; v += step)
    {
      g_autofree char *text = hp_format_duration_us (v);
      int w, h;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      label_w = MAX (label_w, w);
      label_h = MAX (label_h, h);
    }

  geometry->plot_x = PAD + label_w + LABEL_GAP;
  geometry->plot_y = PAD + label_h / 2.0;
  geometry->plot_w = width - geometry->plot_x - PAD;
  geometry->plot_h = height - geometry->plot_y - label_h - LABEL_GAP - PAD / 2;
  return geometry->plot_w >= 40 && geometry->plot_h >= 30;
}

double
hp_trend_geometry_x (const HpTrendGeometry *geometry,
                     gint64                 time_us)
{
  double span = MAX (1.0, (double) (geometry->t_max - geometry->t_min));

  return geometry->plot_x + (double) (time_us - geometry->t_min) / span * geometry->plot_w;
}

double
hp_trend_geometry_y (const HpTrendGeometry *geometry,
                     double                 value_us)
{
  double range = geometry->v_max - geometry->v_min;

  return geometry->plot_y + geometry->plot_h * (1.0 - (value_us - geometry->v_min) / range);
}

static double
bucket_center_x (const HpTrendGeometry *geometry,
                 const HpTrendBucket   *bucket)
{
  return (hp_trend_geometry_x (geometry, bucket->start_us) + hp_trend_geometry_x (geometry, bucket->end_us)) / 2;
}

/**
 * hp_trend_painter_bucket_at:
 * @x: a horizontal position in the widget
 *
 * Returns: the bucket whose period is under @x, else the one whose centre
 *   is nearest within a few pixels, else -1
 */
int
hp_trend_painter_bucket_at (const HpTrendGeometry *geometry,
                            HpTrend               *trend,
                            double                 x)
{
  int nearest = -1;
  double best = HOVER_PX;

  if (trend == NULL || x < geometry->plot_x - HOVER_PX || x > geometry->plot_x + geometry->plot_w + HOVER_PX)
    return -1;

  for (guint i = 0; i < hp_trend_get_n_buckets (trend); i++)
    {
      const HpTrendBucket *b = hp_trend_get_bucket (trend, i);
      double d = fabs (bucket_center_x (geometry, b) - x);

      if (x >= hp_trend_geometry_x (geometry, b->start_us) && x < hp_trend_geometry_x (geometry, b->end_us))
        return (int) i;
      if (d < best)
        {
          best = d;
          nearest = (int) i;
        }
    }
  return nearest;
}

static void
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           const char    *text,
           double         x,
           double         y,
           double         x_align,   /* 0 left, 0.5 centre, 1 right of x */
           double         y_align)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - x_align * w), round (y - y_align * h));
  pango_cairo_show_layout (cr, layout);
}

static void
draw_y_axis (const HpTrendPaint    *paint,
             const HpTrendGeometry *g,
             PangoLayout           *layout,
             cairo_t               *cr)
{
  for (double v = g->v_min; v <= g->v_max + g->v_step / 2; v += g->v_step)
    {
      g_autofree char *text = hp_format_duration_us (v);
      double y = round (hp_trend_geometry_y (g, v)) + 0.5;

      hp_graph_palette_set_source (cr, &paint->palette->borders, v == g->v_min ? 1.0 : 0.6);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, g->plot_x, y);
      cairo_line_to (cr, g->plot_x + g->plot_w, y);
      cairo_stroke (cr);

      hp_graph_palette_set_source (cr, &paint->palette->fg, 0.7);
      show_text (cr, layout, text, g->plot_x - LABEL_GAP, y, 1.0, 0.5);
    }
}

static char *
tick_label (gint64             time_us,
            HpTrendBucketSize  unit,
            GTimeZone         *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  if (local == NULL)
    return g_strdup ("");
  if (unit == HP_TREND_BUCKET_HOUR && g_date_time_get_hour (local) != 0)
    /* Translators: an axis label, the hour of the day in
     * g_date_time_format()'s notation. xgettext:no-c-format */
    return g_date_time_format (local, C_("trend axis", "%H:%M"));
  /* Translators: an axis label, a day and its abbreviated month in
   * g_date_time_format()'s notation ("3 Nov"). xgettext:no-c-format */
  return g_date_time_format (local, C_("trend axis", "%-d %b"));
}

static void
draw_x_axis (const HpTrendPaint    *paint,
             const HpTrendGeometry *g,
             PangoLayout           *layout,
             cairo_t               *cr)
{
  double span = (double) (g->t_max - g->t_min);
  double max_ticks = MAX (2.0, g->plot_w / MIN_TICK_PX);
  const TickStep *step = &tick_steps[G_N_ELEMENTS (tick_steps) - 1];
  double bottom = g->plot_y + g->plot_h;
  double last_right = -INFINITY;
  guint index = 0;

  for (guint i = 0; i < G_N_ELEMENTS (tick_steps); i++)
    if (span / (unit_us (tick_steps[i].unit) * tick_steps[i].every) <= max_ticks)
      {
        step = &tick_steps[i];
        break;
      }

  for (gint64 t = hp_trend_bucket_start (g->t_min, step->unit, paint->tz);
       t <= g->t_max;
       t = hp_trend_bucket_next (t, step->unit, paint->tz), index++)
    {
      g_autofree char *text = NULL;
      double x;
      int w, h;

      if (t < g->t_min)
        continue;
      if (step->unit == HP_TREND_BUCKET_HOUR)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
          g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, paint->tz) : NULL;

          if (local != NULL && g_date_time_get_hour (local) % step->every != 0)
            continue;
        }
      else if (index % step->every != 0)
        continue;

      x = round (hp_trend_geometry_x (g, t)) + 0.5;
      hp_graph_palette_set_source (cr, &paint->palette->borders, 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + 4);
      cairo_stroke (cr);

      text = tick_label (t, step->unit, paint->tz);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      /* Skip a label that would overlap the last or leave the widget. */
      if (x - w / 2.0 < last_right + 8 || x - w / 2.0 < 0
          || x + w / 2.0 > g->plot_x + g->plot_w + PAD)
        continue;
      hp_graph_palette_set_source (cr, &paint->palette->fg, 0.7);
      show_text (cr, layout, text, x, bottom + LABEL_GAP, 0.5, 0.0);
      last_right = x + w / 2.0;
    }
}

/* x of bucket i for the lines and bands; a single bucket spans its period. */
static guint
band_xs (const HpTrendGeometry *g,
         HpTrend               *trend,
         double               **xs_out,
         guint                **index_out)
{
  guint n = hp_trend_get_n_buckets (trend);
  guint m = n == 1 ? 2 : n;
  double *xs = g_new (double, m);
  guint *index = g_new (guint, m);

  if (n == 1)
    {
      const HpTrendBucket *b = hp_trend_get_bucket (trend, 0);

      xs[0] = hp_trend_geometry_x (g, b->start_us);
      xs[1] = hp_trend_geometry_x (g, b->end_us);
      index[0] = index[1] = 0;
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          xs[i] = bucket_center_x (g, hp_trend_get_bucket (trend, i));
          index[i] = i;
        }
    }
  *xs_out = xs;
  *index_out = index;
  return m;
}

static double
summary_value (HpTrend *trend,
               guint    bucket,
               int      which)   /* 0 mean, 1 p95, 2 p99 */
{
  const HpDurationSummary *s = &hp_trend_get_bucket (trend, bucket)->summary;

  return which == 0 ? s->mean : which == 1 ? s->p95 : s->p99;
}

static void
fill_band (const HpTrendGeometry *g,
           HpTrend               *trend,
           const double          *xs,
           const guint           *index,
           guint                  m,
           int                    lower,
           int                    upper,
           cairo_t               *cr)
{
  for (guint i = 0; i < m; i++)
    cairo_line_to (cr, xs[i], hp_trend_geometry_y (g, summary_value (trend, index[i], upper)));
  for (guint i = m; i-- > 0;)
    cairo_line_to (cr, xs[i], hp_trend_geometry_y (g, summary_value (trend, index[i], lower)));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_series (const HpTrendPaint    *paint,
             const HpTrendGeometry *g,
             cairo_t               *cr)
{
  HpTrend *trend = paint->trend;
  const GdkRGBA *accent = &paint->palette->accent;
  g_autofree double *xs = NULL;
  g_autofree guint *index = NULL;
  guint m = band_xs (g, trend, &xs, &index);

  /* p99 above p95 above the mean: two bands, the nearer one stronger. */
  hp_graph_palette_set_source (cr, accent, paint->palette->dark ? HP_TREND_P99_ALPHA_DARK : HP_TREND_P99_ALPHA);
  fill_band (g, trend, xs, index, m, 1, 2, cr);
  hp_graph_palette_set_source (cr, accent, paint->palette->dark ? HP_TREND_P95_ALPHA_DARK : HP_TREND_P95_ALPHA);
  fill_band (g, trend, xs, index, m, 0, 1, cr);

  /* Every run as a dot, under the mean line. */
  hp_graph_palette_set_source (cr, &paint->palette->fg, paint->palette->dark ? 0.55 : 0.45);
  for (guint i = 0; i < hp_trend_get_n_points (trend); i++)
    {
      const HpTrendPoint *p = hp_trend_get_point (trend, i);

      cairo_new_sub_path (cr);
      cairo_arc (cr, hp_trend_geometry_x (g, p->time_us), hp_trend_geometry_y (g, p->value_us),
                 DOT_RADIUS, 0, 2 * G_PI);
    }
  cairo_fill (cr);

  hp_graph_palette_set_source (cr, accent, 1.0);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < m; i++)
    cairo_line_to (cr, xs[i], hp_trend_geometry_y (g, summary_value (trend, index[i], 0)));
  cairo_stroke (cr);
  for (guint i = 0; i < hp_trend_get_n_buckets (trend); i++)
    {
      const HpTrendBucket *b = hp_trend_get_bucket (trend, i);
      double radius = (int) i == paint->hover_bucket ? 5.0 : 3.0;

      cairo_new_sub_path (cr);
      cairo_arc (cr, bucket_center_x (g, b), hp_trend_geometry_y (g, b->summary.mean), radius, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

static void
draw_baseline (const HpTrendPaint    *paint,
               const HpTrendGeometry *g,
               PangoLayout           *layout,
               cairo_t               *cr)
{
  const double dashes[] = { 6.0, 4.0 };
  double y;

  if (isnan (paint->baseline_us))
    return;

  y = round (hp_trend_geometry_y (g, paint->baseline_us)) + 0.5;
  hp_graph_palette_set_source (cr, &paint->palette->fg, 0.75);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_move_to (cr, g->plot_x, y);
  cairo_line_to (cr, g->plot_x + g->plot_w, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  /* Above the line at the right end, below it when it runs along the top. */
  show_text (cr, layout, _("Baseline"), g->plot_x + g->plot_w - 4, y - 2,
             1.0, y - g->plot_y > 16 ? 1.0 : -0.1);
}

/**
 * hp_trend_painter_draw:
 *
 * Draws the chart laid out by hp_trend_painter_layout(): grid and axes,
 * the p95 and p99 bands, the runs as dots, the mean line, the baseline,
 * and the hovered bucket's highlight.
 */
void
hp_trend_painter_draw (const HpTrendPaint    *paint,
                       const HpTrendGeometry *geometry,
                       PangoLayout           *layout,
                       cairo_t               *cr)
{
  g_return_if_fail (paint != NULL && paint->trend != NULL && paint->palette != NULL);
  g_return_if_fail (geometry != NULL);

  draw_y_axis (paint, geometry, layout, cr);
  draw_x_axis (paint, geometry, layout, cr);

  cairo_save (cr);
  cairo_rectangle (cr, geometry->plot_x, geometry->plot_y - 4, geometry->plot_w, geometry->plot_h + 8);
  cairo_clip (cr);
  if (paint->hover_bucket >= 0 && (guint) paint->hover_bucket < hp_trend_get_n_buckets (paint->trend))
    {
      const HpTrendBucket *b = hp_trend_get_bucket (paint->trend, paint->hover_bucket);
      double x0 = hp_trend_geometry_x (geometry, b->start_us);
      double x1 = hp_trend_geometry_x (geometry, b->end_us);

      hp_graph_palette_set_source (cr, &paint->palette->fg, 0.07);
      cairo_rectangle (cr, x0, geometry->plot_y, MAX (1.0, x1 - x0), geometry->plot_h);
      cairo_fill (cr);
    }
  draw_series (paint, geometry, cr);
  cairo_restore (cr);

  draw_baseline (paint, geometry, layout, cr);
}
