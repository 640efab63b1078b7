/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-legend.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "hp-graph-painter.h"
#include "hp-time-format.h"

#define N_ENTRIES 4
#define SWATCH    12.0

/* Diagonal lines across @v, @spacing apart (clip to @v to draw them). */
static void
hatch (cairo_t      *cr,
       const HpRect *v,
       double        spacing)
{
  for (double d = -v->height; d < v->width; d += spacing)
    {
      cairo_move_to (cr, v->x + d, v->y + v->height);
      cairo_line_to (cr, v->x + d + v->height, v->y);
    }
}

/* The legend's title and what each colour means, for the heatmap's mode. */
static char *
describe (const HpGraphScene *scene,
          HpHeatClass         classes[N_ENTRIES],
          char               *labels[N_ENTRIES])
{
  const HpHeatmapOptions *options = hp_heatmap_get_options (scene->heatmap);
  HpRun *run = hp_heatmap_get_run (scene->heatmap);
  HpRun *latest = hp_profile_get_latest_run (scene->profile);
  g_autofree char *run_name = NULL;
  char *title;

  if (run == NULL)
    run_name = g_strdup (_("no runs"));
  else if (run == latest)
    run_name = g_strdup (_("last run"));
  else
    run_name = g_strdup_printf (_("run %s"), hp_run_get_id (run));

  if (options->mode == HP_HEATMAP_CHANGE)
    {
      title = g_strdup_printf (_("Change vs own mean — %s"), run_name);
      classes[0] = HP_HEAT_CLASS_FASTER;
      classes[1] = HP_HEAT_CLASS_SAME;
      classes[2] = HP_HEAT_CLASS_SLOWER;
      labels[0] = g_strdup_printf (_("faster by %g %% or more"), options->threshold_pct);
      labels[1] = g_strdup_printf (_("within ±%g %%"), options->threshold_pct);
      labels[2] = g_strdup_printf (_("slower by %g %% or more"), options->threshold_pct);
    }
  else
    {
      if (options->metric == HP_METRIC_LAST)
        title = g_strdup_printf (_("Share of run time — %s"), run_name);
      else
        title = g_strdup_printf (_("Share of time — %s of all runs"), hp_metric_to_string (options->metric));
      classes[0] = HP_HEAT_CLASS_LOW;
      classes[1] = HP_HEAT_CLASS_MEDIUM;
      classes[2] = HP_HEAT_CLASS_HIGH;
      labels[0] = g_strdup_printf (_("low: under %g %%"), options->low_pct);
      labels[1] = g_strdup_printf (_("medium: %g–%g %%"), options->low_pct, options->high_pct);
      labels[2] = g_strdup_printf (_("high: %g %% or more"), options->high_pct);
    }
  classes[3] = HP_HEAT_CLASS_CACHED;
  labels[3] = g_strdup (_("cached"));
  return title;
}

static void
draw_swatch (const HpGraphPalette *palette,
             cairo_t              *cr,
             const HpRect         *sw,
             HpHeatClass           heat_class)
{
  const GdkRGBA *color = hp_graph_palette_heat_color (palette, heat_class);

  cairo_new_path (cr);
  hp_graph_painter_rounded_rect (cr, sw->x, sw->y, sw->width, sw->height, 3);
  hp_graph_palette_set_source (cr, &palette->node_bg, 1.0);
  cairo_fill_preserve (cr);
  if (color != NULL)
    {
      hp_graph_palette_set_source (cr, color, 1.0);
      cairo_fill_preserve (cr);
    }
  if (heat_class == HP_HEAT_CLASS_CACHED)
    {
      cairo_save (cr);
      cairo_clip_preserve (cr);
      cairo_new_path (cr);
      hatch (cr, sw, 4);
      cairo_set_line_width (cr, 1);
      hp_graph_palette_set_source (cr, &palette->fg, 0.5);
      cairo_stroke (cr);
      cairo_restore (cr);
      hp_graph_painter_rounded_rect (cr, sw->x, sw->y, sw->width, sw->height, 3);
    }
  hp_graph_palette_set_source (cr, &palette->borders, 1.0);
  cairo_stroke (cr);
}

/* What the critical-path highlight shows: "Critical path: 4.70 s of
 * 5.10 s (92 % efficient)", or why there is none. */
static char *
describe_critical_path (const HpGraphScene *scene)
{
  HpCriticalPath *path = scene->critical_path;
  g_autofree char *length = NULL;
  g_autofree char *execution = NULL;
  double efficiency;

  if (path == NULL)
    return hp_heatmap_get_run (scene->heatmap) != NULL
           ? g_strdup (_("Critical path: none — the graph has a cycle"))
           : g_strdup (_("Critical path: no run to show"));

  length = hp_format_duration_us (hp_critical_path_get_length_us (path));
  execution = hp_format_duration_us (hp_critical_path_get_execution_us (path));
  efficiency = hp_critical_path_get_efficiency (path);
  if (isnan (efficiency))
    return g_strdup_printf (_("Critical path: %s"), length);
  /* Translators: the critical path's length, the run's execution time and
   * their ratio, e.g. "Critical path: 4.70 s of 5.10 s (92 % efficient)" */
  return g_strdup_printf (_("Critical path: %s of %s (%.0f %% efficient)"),
                          length, execution, efficiency * 100.0);
}

/* A strip of its own with an accent line (the path's colour) and the
 * critical path's figures: right of the legend @legend (bottom-aligned)
 * when there is room, where the band zoom-to-fit keeps free lies, else
 * above it. @legend has no width when no legend was drawn. */
static void
draw_critical_path_note (const HpGraphScene *scene,
                         cairo_t            *cr,
                         PangoLayout        *layout,
                         const HpRect       *legend,
                         int                 width)
{
  g_autofree char *text = describe_critical_path (scene);
  double x;
  double box_w;
  double box_h;
  double y;
  int tw, th;

  pango_layout_set_font_description (layout, NULL);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  box_w = 10 + 18 + 8 + tw + 10;
  box_h = th + 12;
  if (legend->width > 0 && legend->x + legend->width + 8 + box_w <= width - HP_GRAPH_OVERLAY_MARGIN)
    {
      x = legend->x + legend->width + 8;
      y = legend->y + legend->height - box_h;
    }
  else
    {
      x = HP_GRAPH_OVERLAY_MARGIN;
      y = (legend->width > 0 ? legend->y - 6 : legend->y) - box_h;
    }
  if (x + box_w > width - HP_GRAPH_OVERLAY_MARGIN || y < HP_GRAPH_OVERLAY_MARGIN)
    return;

  hp_graph_painter_draw_panel (scene->palette, cr, x, y, box_w, box_h);
  cairo_new_path (cr);
  cairo_move_to (cr, x + 10, round (y + box_h / 2));
  cairo_line_to (cr, x + 28, round (y + box_h / 2));
  cairo_set_line_width (cr, 4);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  hp_graph_palette_set_source (cr, &scene->palette->accent, 1.0);
  cairo_stroke (cr);
  hp_graph_palette_set_source (cr, &scene->palette->fg, 1.0);
  cairo_move_to (cr, x + 36, y + 6);
  pango_cairo_show_layout (cr, layout);
}

/**
 * hp_graph_legend_draw:
 *
 * Draws the key to the heatmap's colours in the bottom left corner of a
 * view of @width × @height pixels, when it fits, and beside or above it
 * the critical path's figures when the scene shows the path.
 */
void
hp_graph_legend_draw (const HpGraphScene *scene,
                      cairo_t            *cr,
                      int                 width,
                      int                 height)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *title = NULL;
  char *labels[N_ENTRIES] = { NULL, };
  HpHeatClass classes[N_ENTRIES];
  PangoFontDescription *bold;
  int tw, th;
  double line_h;
  double box_w;
  double box_h;
  double x, y;
  HpRect drawn;   /* the legend's box; no width when none was drawn */

  g_return_if_fail (scene != NULL);
  g_return_if_fail (cr != NULL);

  if (scene->heatmap == NULL || scene->layout == NULL || hp_graph_layout_get_n_nodes (scene->layout) == 0)
    return;
  title = describe (scene, classes, labels);
  drawn = (HpRect) { HP_GRAPH_OVERLAY_MARGIN, height - HP_GRAPH_OVERLAY_MARGIN, 0, 0 };

  layout = pango_layout_new (scene->pango_context);
  pango_layout_set_text (layout, title, -1);
  bold = pango_font_description_copy (pango_context_get_font_description (scene->pango_context));
  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, bold);
  pango_layout_get_pixel_size (layout, &tw, &th);
  line_h = th + 4;
  box_w = tw;
  pango_layout_set_font_description (layout, NULL);
  for (guint i = 0; i < N_ENTRIES; i++)
    {
      int lw, lh;

      pango_layout_set_text (layout, labels[i], -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      box_w = MAX (box_w, SWATCH + 8 + lw);
    }
  /* One strip along the bottom when it fits (zoom to fit keeps that band
   * free of nodes), else a box in the corner. */
  {
    double strip_w = 20 + tw;
    int lw, lh;

    pango_layout_set_font_description (layout, NULL);
    for (guint i = 0; i < N_ENTRIES; i++)
      {
        pango_layout_set_text (layout, labels[i], -1);
        pango_layout_get_pixel_size (layout, &lw, &lh);
        strip_w += 18 + SWATCH + 6 + lw;
      }
    if (strip_w <= width - 2 * HP_GRAPH_OVERLAY_MARGIN)
      {
        double cx;

        box_h = line_h + 12;
        x = HP_GRAPH_OVERLAY_MARGIN;
        y = height - HP_GRAPH_OVERLAY_MARGIN - box_h;
        if (y < HP_GRAPH_OVERLAY_MARGIN)
          goto out;
        hp_graph_painter_draw_panel (scene->palette, cr, x, y, strip_w, box_h);
        drawn = (HpRect) { x, y, strip_w, box_h };

        pango_layout_set_font_description (layout, bold);
        pango_layout_set_text (layout, title, -1);
        hp_graph_palette_set_source (cr, &scene->palette->fg, 1.0);
        cairo_move_to (cr, x + 10, y + 7);
        pango_cairo_show_layout (cr, layout);
        pango_layout_set_font_description (layout, NULL);

        cx = x + 10 + tw;
        for (guint i = 0; i < N_ENTRIES; i++)
          {
            HpRect sw = { round (cx + 18) + 0.5, round (y + 7 + (th - SWATCH) / 2) + 0.5, SWATCH, SWATCH };

            draw_swatch (scene->palette, cr, &sw, classes[i]);
            pango_layout_set_text (layout, labels[i], -1);
            pango_layout_get_pixel_size (layout, &lw, &lh);
            hp_graph_palette_set_source (cr, &scene->palette->fg, 0.85);
            cairo_move_to (cr, cx + 18 + SWATCH + 6, y + 7);
            pango_cairo_show_layout (cr, layout);
            cx += 18 + SWATCH + 6 + lw;
          }
        goto out;
      }
  }

  box_w += 20;
  box_h = 10 + line_h + N_ENTRIES * line_h + 6;
  x = HP_GRAPH_OVERLAY_MARGIN;
  y = height - HP_GRAPH_OVERLAY_MARGIN - box_h;
  if (box_w > width - 2 * HP_GRAPH_OVERLAY_MARGIN || y < HP_GRAPH_OVERLAY_MARGIN)
    goto out;

  hp_graph_painter_draw_panel (scene->palette, cr, x, y, box_w, box_h);
  drawn = (HpRect) { x, y, box_w, box_h };

  pango_layout_set_font_description (layout, bold);
  pango_layout_set_text (layout, title, -1);
  hp_graph_palette_set_source (cr, &scene->palette->fg, 1.0);
  cairo_move_to (cr, x + 10, y + 8);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_font_description (layout, NULL);

  for (guint i = 0; i < N_ENTRIES; i++)
    {
      double ry = y + 8 + line_h * (i + 1);
      HpRect sw = { x + 10.5, round (ry + (th - SWATCH) / 2) + 0.5, SWATCH, SWATCH };

      draw_swatch (scene->palette, cr, &sw, classes[i]);

      pango_layout_set_text (layout, labels[i], -1);
      hp_graph_palette_set_source (cr, &scene->palette->fg, 0.85);
      cairo_move_to (cr, x + 10 + SWATCH + 8, ry);
      pango_cairo_show_layout (cr, layout);
    }

out:
  if (scene->show_critical_path)
    draw_critical_path_note (scene, cr, layout, &drawn, width);
  pango_font_description_free (bold);
  for (guint i = 0; i < N_ENTRIES; i++)
    g_free (labels[i]);
}
