/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cairo drawing of the timeline: row stripes and labels, the queue
 * band and idle gaps, the bars in their heat colours with progress ticks,
 * cached markers and failure outlines, and the time axis on top. */
#include "hp-timeline-painter.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "hp-graph-painter.h"
#include "hp-time-format.h"

#define LABEL_PAD      10.0
#define TICK_MIN_PX    70.0   /* between two axis labels */
#define GAP_MIN_PX     2.0    /* narrower idle gaps are not shaded */
#define PROGRESS_MIN_PX 3.0   /* between two progress ticks */

/* What drawing one frame needs, made once. */
typedef struct {
  const HpTimelineScene *scene;
  const HpGraphPalette  *palette;
  cairo_t               *cr;
  PangoLayout           *layout;
  PangoFontDescription  *font;
  PangoFontDescription  *bold;
  PangoFontDescription  *small;
  int                    width;
  int                    height;
  double                 plot_x;      /* left edge of the plot */
  double                 rows_y;      /* top of the first row on screen */
  int                    first_row;
  int                    last_row;    /* exclusive */
} Paint;

static double
time_to_x (const Paint *p,
           double       t_us)
{
  return p->plot_x + hp_timeline_axis_to_x (&p->scene->axis, t_us);
}

/* Text in @color with its top-left at (@x, @y), at most @max_width wide
 * (ellipsized); returns the width drawn. */
static double
show_text (Paint                      *p,
           const char                 *text,
           const PangoFontDescription *font,
           const GdkRGBA              *color,
           double                      alpha,
           double                      x,
           double                      y,
           double                      max_width)
{
  int w, h;

  pango_layout_set_font_description (p->layout, font);
  pango_layout_set_width (p->layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (p->layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_get_pixel_size (p->layout, &w, &h);
  hp_graph_palette_set_source (p->cr, color, alpha);
  cairo_move_to (p->cr, x, y - h / 2.0);
  pango_cairo_show_layout (p->cr, p->layout);
  return w;
}

static double
text_width (Paint                      *p,
            const char                 *text,
            const PangoFontDescription *font)
{
  int w;

  pango_layout_set_font_description (p->layout, font);
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_get_pixel_size (p->layout, &w, NULL);
  return w;
}

/**
 * hp_timeline_painter_bar_color:
 *
 * Returns: the colour the canvas gives @node_id's heat class (through
 *   hp_graph_palette_heat_color()), or a neutral grey when it has none
 */
GdkRGBA
hp_timeline_painter_bar_color (const HpTimelineScene *scene,
                               const char            *node_id)
{
  const HpHeatmapCell *cell = scene->heatmap != NULL ? hp_heatmap_lookup (scene->heatmap, node_id) : NULL;
  const GdkRGBA *heat = cell != NULL ? hp_graph_palette_heat_color (scene->palette, cell->heat_class) : NULL;
  GdkRGBA grey;

  if (heat != NULL)
    return *heat;
  grey = scene->palette->fg;
  grey.alpha = scene->palette->dark ? 0.42 : 0.32;
  return hp_graph_palette_blend (&scene->palette->canvas_bg, &grey);
}

/* ---- background --------------------------------------------------------- */

static void
draw_row_backgrounds (Paint *p)
{
  const HpTimelineScene *s = p->scene;

  for (int i = p->first_row; i < p->last_row; i++)
    {
      double y = p->rows_y + i * s->row_height;

      if (i == s->selected_row)
        hp_graph_palette_set_source (p->cr, &p->palette->accent, p->palette->dark ? 0.30 : 0.18);
      else if (i == s->hover_row)
        hp_graph_palette_set_source (p->cr, &p->palette->fg, 0.06);
      else if (i % 2 == 1)
        hp_graph_palette_set_source (p->cr, &p->palette->fg, 0.025);
      else
        continue;
      cairo_rectangle (p->cr, 0, y, p->width, s->row_height);
      cairo_fill (p->cr);
    }
}

static cairo_pattern_t *
hatch_pattern (const HpGraphPalette *palette)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *pattern;

  hp_graph_palette_set_source (cr, &palette->fg, palette->dark ? 0.22 : 0.16);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, -2, 10);
  cairo_line_to (cr, 10, -2);
  cairo_move_to (cr, -2, 2);
  cairo_line_to (cr, 2, -2);
  cairo_move_to (cr, 6, 10);
  cairo_line_to (cr, 10, 6);
  cairo_stroke (cr);
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (surface);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (surface);
  return pattern;
}

/* The queue band before 0 (hatched) and the idle gaps (shaded), over the
 * whole height of the rows. */
static void
draw_spans (Paint *p)
{
  const HpTimelineScene *s = p->scene;
  gint64 queue = hp_timeline_get_queue_us (s->timeline);
  double bottom = MIN (p->height, p->rows_y + hp_timeline_get_n_rows (s->timeline) * s->row_height);

  if (queue > 0)
    {
      double x0 = MAX (time_to_x (p, -queue), p->plot_x);
      double x1 = time_to_x (p, 0);

      if (x1 > x0)
        {
          cairo_pattern_t *hatch = hatch_pattern (p->palette);

          cairo_rectangle (p->cr, x0, s->header_height, x1 - x0, p->height - s->header_height);
          hp_graph_palette_set_source (p->cr, &p->palette->fg, 0.04);
          cairo_fill_preserve (p->cr);
          cairo_set_source (p->cr, hatch);
          cairo_fill (p->cr);
          cairo_pattern_destroy (hatch);
        }
    }

  hp_graph_palette_set_source (p->cr, &p->palette->fg, p->palette->dark ? 0.07 : 0.055);
  for (guint i = 0; i < hp_timeline_get_n_gaps (s->timeline); i++)
    {
      const HpTimelineSpan *gap = hp_timeline_get_gap (s->timeline, i);
      double x0 = time_to_x (p, gap->start_us);
      double x1 = time_to_x (p, gap->end_us);

      if (x1 - x0 >= GAP_MIN_PX && x1 > p->plot_x && x0 < p->plot_x + s->plot_width)
        cairo_rectangle (p->cr, x0, s->header_height, x1 - x0, bottom - s->header_height);
    }
  cairo_fill (p->cr);
}

static void
draw_grid (Paint  *p,
           gint64  step,
           gint64  first)
{
  const HpTimelineScene *s = p->scene;
  double end_us = hp_timeline_axis_to_time (&s->axis, s->plot_width);

  cairo_set_line_width (p->cr, 1);
  hp_graph_palette_set_source (p->cr, &p->palette->borders, 0.5);
  for (gint64 t = first; t <= end_us; t += step)
    {
      double x = round (time_to_x (p, t)) + 0.5;

      cairo_move_to (p->cr, x, s->header_height);
      cairo_line_to (p->cr, x, p->height);
    }
  cairo_stroke (p->cr);
}

/* ---- bars --------------------------------------------------------------- */

static void
draw_diamond (Paint         *p,
              double         cx,
              double         cy,
              double         r,
              const GdkRGBA *fill)
{
  cairo_new_path (p->cr);
  cairo_move_to (p->cr, cx, cy - r);
  cairo_line_to (p->cr, cx + r, cy);
  cairo_line_to (p->cr, cx, cy + r);
  cairo_line_to (p->cr, cx - r, cy);
  cairo_close_path (p->cr);
  hp_graph_palette_set_source (p->cr, fill, 1.0);
  cairo_fill_preserve (p->cr);
  cairo_set_line_width (p->cr, 1);
  hp_graph_palette_set_source (p->cr, &p->palette->canvas_bg, 1.0);
  cairo_stroke (p->cr);
}

/* Progress steps as thin ticks across the bar, thinned out when they
 * would crowd. Dark ink reads on every heat colour in both styles. */
static void
draw_progress (Paint               *p,
               const HpTimelineBar *bar,
               double               x0,
               double               x1,
               double               y,
               double               h)
{
  guint n = 0;
  const HpProgressEvent *events = hp_node_run_get_progress (bar->node_run, &n);
  gint64 origin = hp_timeline_get_origin_us (p->scene->timeline);
  double last_x = -G_MAXDOUBLE;

  if (n == 0 || x1 - x0 < 2 * PROGRESS_MIN_PX)
    return;
  cairo_set_line_width (p->cr, 1);
  cairo_set_source_rgba (p->cr, 0, 0, 0, 0.3);
  for (guint i = 0; i < n; i++)
    {
      double x = round (time_to_x (p, events[i].time_us - origin)) + 0.5;

      if (x <= x0 + 1 || x >= x1 - 1 || x - last_x < PROGRESS_MIN_PX)
        continue;
      /* Short marks along the bottom edge, like a ruler. */
      cairo_move_to (p->cr, x, y + h * 0.55);
      cairo_line_to (p->cr, x, y + h);
      last_x = x;
    }
  cairo_stroke (p->cr);
}

static void
draw_bar (Paint *p,
          guint  index)
{
  const HpTimelineScene *s = p->scene;
  const HpTimelineBar *bar = hp_timeline_get_bar (s->timeline, index);
  const HpTimelineRow *row = hp_timeline_get_row (s->timeline, bar->row);
  double lane_h = (s->row_height - 2 * HP_TIMELINE_BAR_INSET) / row->n_lanes;
  double y = p->rows_y + bar->row * s->row_height + HP_TIMELINE_BAR_INSET + bar->lane * lane_h;
  double x0 = time_to_x (p, bar->start_us);
  double x1 = time_to_x (p, bar->end_us);
  GdkRGBA color = hp_timeline_painter_bar_color (s, bar->node_id);
  gboolean hover = (int) index == s->hover_bar;

  if (x1 < p->plot_x - 12 || x0 > p->plot_x + s->plot_width + 12)
    return;

  if (bar->status == HP_NODE_STATUS_CACHED || bar->end_us == bar->start_us)
    {
      GdkRGBA fill = p->palette->fg;

      fill.alpha = bar->status == HP_NODE_STATUS_CACHED ? 0.55 : 0.8;
      fill = hp_graph_palette_blend (&p->palette->canvas_bg, &fill);
      if (bar->status == HP_NODE_STATUS_FAILED)
        fill = p->palette->error;
      draw_diamond (p, x0, y + lane_h / 2, MIN (lane_h / 2 + 1, 7), &fill);
      if (hover)
        {
          cairo_arc (p->cr, x0, y + lane_h / 2, MIN (lane_h / 2 + 1, 7) + 2.5, 0, 2 * G_PI);
          cairo_set_line_width (p->cr, 1.5);
          hp_graph_palette_set_source (p->cr, &p->palette->fg, 0.7);
          cairo_stroke (p->cr);
        }
      return;
    }

  cairo_new_path (p->cr);
  if (x1 - x0 > 6)
    hp_graph_painter_rounded_rect (p->cr, x0, y, x1 - x0, lane_h, MIN (3, lane_h / 2));
  else
    cairo_rectangle (p->cr, x0, y, MAX (x1 - x0, 1.5), lane_h);
  hp_graph_palette_set_source (p->cr, &color, 1.0);
  cairo_fill (p->cr);
  draw_progress (p, bar, x0, x1, y, lane_h);

  if (bar->status == HP_NODE_STATUS_FAILED || hover)
    {
      cairo_new_path (p->cr);
      hp_graph_painter_rounded_rect (p->cr, x0 - 1, y - 1, MAX (x1 - x0, 1.5) + 2, lane_h + 2, 4);
      cairo_set_line_width (p->cr, 2);
      if (bar->status == HP_NODE_STATUS_FAILED)
        hp_graph_palette_set_source (p->cr, &p->palette->error, 1.0);
      else
        hp_graph_palette_set_source (p->cr, &p->palette->fg, 0.6);
      cairo_stroke (p->cr);
    }
}

/* The duration after the last bar of a row, where there is room. */
static void
draw_duration (Paint *p,
               guint  row_index)
{
  const HpTimelineScene *s = p->scene;
  const HpTimelineRow *row = hp_timeline_get_row (s->timeline, row_index);
  const HpTimelineBar *bar = hp_timeline_get_bar (s->timeline, row->first_bar + row->n_bars - 1);
  g_autofree char *text = NULL;
  double x = time_to_x (p, bar->end_us) + 6;
  double room = p->plot_x + s->plot_width - x - 4;
  double width;

  if (bar->status == HP_NODE_STATUS_CACHED)
    text = g_strdup (_("cached"));
  else if (bar->end_us > bar->start_us)
    text = hp_format_duration_us ((double) (bar->end_us - bar->start_us));
  else
    return;
  width = text_width (p, text, p->small);
  /* After the bar; else before its first bar, which is free in a chain. */
  if (room < width || x < p->plot_x)
    {
      x = time_to_x (p, hp_timeline_get_bar (s->timeline, row->first_bar)->start_us) - 6 - width;
      if (x < p->plot_x + 2 || x + width > p->plot_x + s->plot_width)
        return;
    }
  show_text (p, text, p->small, &p->palette->fg, 0.6, x,
             p->rows_y + (row_index + 0.5) * s->row_height, -1);
}

/* ---- frame -------------------------------------------------------------- */

static void
draw_axis (Paint  *p,
           gint64  step,
           gint64  first)
{
  const HpTimelineScene *s = p->scene;
  double end_us = hp_timeline_axis_to_time (&s->axis, s->plot_width);
  gint64 queue = hp_timeline_get_queue_us (s->timeline);

  hp_graph_palette_set_source (p->cr, &p->palette->canvas_bg, 1.0);
  cairo_rectangle (p->cr, 0, 0, p->width, s->header_height);
  cairo_fill (p->cr);

  cairo_save (p->cr);
  cairo_rectangle (p->cr, p->plot_x, 0, s->plot_width, s->header_height);
  cairo_clip (p->cr);
  if (queue > 0)
    {
      double x0 = MAX (time_to_x (p, -queue), p->plot_x);
      double x1 = time_to_x (p, 0);
      const char *label = _("queued");

      if (x1 - x0 > text_width (p, label, p->small) + 8)
        show_text (p, label, p->small, &p->palette->fg, 0.55, x0 + 4, s->header_height * 0.3, -1);
    }
  cairo_set_line_width (p->cr, 1);
  for (gint64 t = first; t <= end_us; t += step)
    {
      g_autofree char *label = hp_timeline_format_tick (t, step);
      double x = round (time_to_x (p, t)) + 0.5;

      hp_graph_palette_set_source (p->cr, &p->palette->borders, 1.0);
      cairo_move_to (p->cr, x, s->header_height - 6);
      cairo_line_to (p->cr, x, s->header_height);
      cairo_stroke (p->cr);
      /* No label cut by the right edge. */
      if (x + 4 + text_width (p, label, p->small) > p->plot_x + s->plot_width)
        continue;
      show_text (p, label, p->small, &p->palette->fg, 0.75, x + 4, s->header_height * 0.62, -1);
    }
  cairo_restore (p->cr);

  hp_graph_palette_set_source (p->cr, &p->palette->borders, 1.0);
  cairo_move_to (p->cr, 0, s->header_height - 0.5);
  cairo_line_to (p->cr, p->width, s->header_height - 0.5);
  cairo_stroke (p->cr);
}

static void
draw_gutter (Paint *p)
{
  const HpTimelineScene *s = p->scene;
  GdkRGBA bg = hp_graph_palette_blend (&p->palette->canvas_bg, &p->palette->node_bg);

  hp_graph_palette_set_source (p->cr, &bg, 1.0);
  cairo_rectangle (p->cr, 0, s->header_height, s->gutter_width, p->height - s->header_height);
  cairo_fill (p->cr);
  /* The selected row's band runs through the gutter too. */
  if (s->selected_row >= p->first_row && s->selected_row < p->last_row)
    {
      hp_graph_palette_set_source (p->cr, &p->palette->accent, p->palette->dark ? 0.30 : 0.18);
      cairo_rectangle (p->cr, 0, p->rows_y + s->selected_row * s->row_height,
                       s->gutter_width, s->row_height);
      cairo_fill (p->cr);
    }

  for (int i = p->first_row; i < p->last_row; i++)
    {
      const HpTimelineRow *row = hp_timeline_get_row (s->timeline, i);
      const HpTimelineBar *last = hp_timeline_get_bar (s->timeline, row->first_bar + row->n_bars - 1);
      gboolean failed = last->status == HP_NODE_STATUS_FAILED;

      show_text (p, row->label, i == s->selected_row ? p->bold : p->font,
                 failed ? &p->palette->error : &p->palette->fg, 1.0,
                 LABEL_PAD, p->rows_y + (i + 0.5) * s->row_height,
                 s->gutter_width - 2 * LABEL_PAD);
    }

  cairo_set_line_width (p->cr, 1);
  hp_graph_palette_set_source (p->cr, &p->palette->borders, 1.0);
  cairo_move_to (p->cr, s->gutter_width - 0.5, 0);
  cairo_line_to (p->cr, s->gutter_width - 0.5, p->height);
  cairo_stroke (p->cr);
}

static void
draw_empty (Paint *p)
{
  const HpTimelineScene *s = p->scene;
  double w = MAX (p->width - 48, 40);
  int th = 0, dh = 0;
  g_autoptr(PangoFontDescription) title = pango_font_description_copy (p->bold);

  pango_font_description_set_size (title, pango_font_description_get_size (title) * 1.25);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (p->layout, (int) (w * PANGO_SCALE));

  pango_layout_set_font_description (p->layout, title);
  pango_layout_set_text (p->layout, s->empty_title, -1);
  pango_layout_get_pixel_size (p->layout, NULL, &th);
  if (s->empty_detail != NULL)
    {
      pango_layout_set_font_description (p->layout, p->font);
      pango_layout_set_text (p->layout, s->empty_detail, -1);
      pango_layout_get_pixel_size (p->layout, NULL, &dh);
    }

  pango_layout_set_font_description (p->layout, title);
  pango_layout_set_text (p->layout, s->empty_title, -1);
  hp_graph_palette_set_source (p->cr, &p->palette->fg, 0.8);
  cairo_move_to (p->cr, 24, (p->height - th - dh - 8) / 2.0);
  pango_cairo_show_layout (p->cr, p->layout);
  if (s->empty_detail != NULL)
    {
      pango_layout_set_font_description (p->layout, p->font);
      pango_layout_set_text (p->layout, s->empty_detail, -1);
      hp_graph_palette_set_source (p->cr, &p->palette->fg, 0.55);
      cairo_move_to (p->cr, 24, (p->height - th - dh - 8) / 2.0 + th + 8);
      pango_cairo_show_layout (p->cr, p->layout);
    }
}

/**
 * hp_timeline_painter_draw:
 *
 * Draws @scene into @cr, a view of @width × @height pixels.
 */
void
hp_timeline_painter_draw (const HpTimelineScene *scene,
                          cairo_t               *cr,
                          int                    width,
                          int                    height)
{
  Paint p = { scene, scene->palette, cr, NULL, NULL, NULL, NULL, width, height, 0, 0, 0, 0 };
  guint n_rows;
  gint64 step;
  gint64 first;

  g_return_if_fail (scene != NULL && cr != NULL);

  hp_graph_palette_set_source (cr, &scene->palette->canvas_bg, 1.0);
  cairo_paint (cr);

  p.layout = pango_layout_new (scene->pango_context);
  p.font = pango_font_description_copy (pango_context_get_font_description (scene->pango_context));
  if (pango_font_description_get_size (p.font) <= 0)
    pango_font_description_set_size (p.font, 10 * PANGO_SCALE);
  p.bold = pango_font_description_copy (p.font);
  pango_font_description_set_weight (p.bold, PANGO_WEIGHT_BOLD);
  p.small = pango_font_description_copy (p.font);
  pango_font_description_set_size (p.small, pango_font_description_get_size (p.font) * 0.85);

  if (scene->empty_title != NULL || scene->timeline == NULL)
    {
      if (scene->empty_title != NULL)
        draw_empty (&p);
      goto out;
    }

  n_rows = hp_timeline_get_n_rows (scene->timeline);
  p.plot_x = scene->gutter_width;
  p.rows_y = scene->header_height - scene->scroll_y;
  p.first_row = CLAMP ((int) floor (scene->scroll_y / scene->row_height), 0, (int) n_rows);
  p.last_row = CLAMP ((int) ceil ((scene->scroll_y + height - scene->header_height) / scene->row_height),
                      p.first_row, (int) n_rows);
  step = hp_timeline_tick_step (scene->plot_width / scene->axis.px_per_us,
                                MAX (scene->plot_width / TICK_MIN_PX, 1));
  first = hp_timeline_first_tick (scene->axis.start_us, step);

  /* Rows and bars, clipped to below the axis. */
  cairo_save (cr);
  cairo_rectangle (cr, 0, scene->header_height, width, height - scene->header_height);
  cairo_clip (cr);
  draw_row_backgrounds (&p);
  cairo_save (cr);
  cairo_rectangle (cr, p.plot_x, scene->header_height, scene->plot_width, height - scene->header_height);
  cairo_clip (cr);
  draw_spans (&p);
  draw_grid (&p, step, first);
  for (int i = p.first_row; i < p.last_row; i++)
    {
      const HpTimelineRow *row = hp_timeline_get_row (scene->timeline, i);

      for (guint b = row->first_bar; b < row->first_bar + row->n_bars; b++)
        draw_bar (&p, b);
      draw_duration (&p, i);
    }
  cairo_restore (cr);
  draw_gutter (&p);
  cairo_restore (cr);

  draw_axis (&p, step, first);

out:
  pango_font_description_free (p.font);
  pango_font_description_free (p.bold);
  pango_font_description_free (p.small);
  g_object_unref (p.layout);
}
