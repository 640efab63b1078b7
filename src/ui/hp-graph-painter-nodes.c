/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The nodes of the workflow graph: boxes with their heat fill, stripe,
 * cached hatching, text and badges, and the plain rectangles when small. */
#include "hp-graph-painter-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "hp-format-utils.h"
#include "hp-time-format.h"

/* Text sizes in graph units (they scale with the zoom). */
#define TITLE_SIZE         15.0
#define DETAIL_SIZE        12.5
#define NODE_PAD           9.0
#define DIM_ALPHA          0.38

/* ---- nodes -------------------------------------------------------------- */

/* The part of a rounded rectangle left of x + @width. */
static void
left_stripe (cairo_t *cr,
             double   x,
             double   y,
             double   h,
             double   r,
             double   width)
{
  r = MIN (r, h / 2);
  cairo_new_path (cr);
  if (width >= r)
    {
      cairo_move_to (cr, x + width, y);
      cairo_line_to (cr, x + r, y);
      cairo_arc_negative (cr, x + r, y + r, r, 3 * G_PI / 2, G_PI);
      cairo_line_to (cr, x, y + h - r);
      cairo_arc_negative (cr, x + r, y + h - r, r, G_PI, G_PI / 2);
      cairo_line_to (cr, x + width, y + h);
    }
  else
    {
      /* The cut crosses the corner arcs. */
      double dx = width - r;
      double dy = sqrt (r * r - dx * dx);

      cairo_move_to (cr, x + width, y + r - dy);
      cairo_arc_negative (cr, x + r, y + r, r, atan2 (-dy, dx) + 2 * G_PI, G_PI);
      cairo_line_to (cr, x, y + h - r);
      cairo_arc_negative (cr, x + r, y + h - r, r, G_PI, atan2 (dy, dx));
    }
  cairo_close_path (cr);
}

/* A round badge centred on (x, y): @text in it when there is room. */
static void
draw_badge (const HpGraphScene *scene,
            cairo_t            *cr,
            PangoLayout        *layout,
            double              x,
            double              y,
            double              radius,
            const GdkRGBA      *fill,
            const char         *text,
            double              alpha)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius + 1.5, 0, 2 * G_PI);
  hp_graph_palette_set_source (cr, &scene->palette->canvas_bg, alpha);
  cairo_fill (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  hp_graph_palette_set_source (cr, fill, alpha);
  cairo_fill (cr);

  if (layout != NULL && text != NULL && radius >= 6.5)
    {
      PangoFontDescription *font = pango_font_description_new ();
      int tw, th;

      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_font_description_set_absolute_size (font, radius * 1.25 * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
      pango_layout_set_width (layout, -1);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      /* Dark ink on the yellow and red badge colours, in both styles. */
      cairo_set_source_rgba (cr, 0, 0, 0, 0.85 * alpha);
      if (fill == &scene->palette->error_bg)
        cairo_set_source_rgba (cr, 1, 1, 1, alpha);
      cairo_move_to (cr, x - tw / 2.0, y - th / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

/**
 * hp_graph_painter_figure_text:
 * @heatmap: the heatmap @cell belongs to
 * @cell: (nullable): a node's cell
 *
 * Returns: (transfer full): the figure a node shows under its title —
 *   its time and share, its change, or why it has none
 */
char *
hp_graph_painter_figure_text (HpHeatmap           *heatmap,
                              const HpHeatmapCell *cell)
{
  const HpHeatmapOptions *options = hp_heatmap_get_options (heatmap);
  g_autofree char *duration = NULL;
  g_autofree char *share = NULL;

  if (cell == NULL)
    return g_strdup (_("no data"));
  if (hp_heatmap_get_run (heatmap) != NULL)
    {
      if (!cell->in_run)
        return g_strdup (hp_run_get_status (hp_heatmap_get_run (heatmap)) == HP_RUN_STATUS_RUNNING
                         ? _("waiting") : _("did not run"));
      if (cell->status == HP_NODE_STATUS_CACHED)
        return g_strdup (_("cached"));
      if (cell->status == HP_NODE_STATUS_SKIPPED)
        return g_strdup (_("skipped"));
      if (cell->status == HP_NODE_STATUS_PENDING)
        return g_strdup (_("pending"));
      if (cell->status == HP_NODE_STATUS_RUNNING)
        return g_strdup (_("running…"));
      if (cell->status == HP_NODE_STATUS_FAILED)
        {
          duration = hp_format_duration_us (cell->run_us);
          return isnan (cell->run_us) ? g_strdup (_("failed"))
                                      : g_strdup_printf (_("failed · %s"), duration);
        }
    }

  if (options->mode == HP_HEATMAP_CHANGE)
    {
      duration = hp_format_duration_us (cell->run_us);
      if (isnan (cell->delta_pct))
        return g_strdup_printf (_("%s · no history"), duration);
      /* The sign and the word carry the meaning, not only the colour. */
      return g_strdup_printf ("%s · %s%.0f %% %s", duration,
                              cell->delta_pct >= 0 ? "+" : "−", fabs (cell->delta_pct),
                              cell->heat_class == HP_HEAT_CLASS_SLOWER ? _("slower") :
                              cell->heat_class == HP_HEAT_CLASS_FASTER ? _("faster") : _("same"));
    }

  duration = hp_format_duration_us (cell->value_us);
  share = hp_format_share (cell->share);
  if (options->metric == HP_METRIC_LAST)
    return g_strdup_printf ("%s · %s", duration, share);
  return g_strdup_printf ("%s %s · %s", hp_metric_to_string (options->metric), duration, share);
}

static void
draw_node_text (const HpGraphScene  *scene,
                cairo_t             *cr,
                HpGraphPaint        *ts,
                guint                index,
                const HpRect        *v,
                const HpHeatmapCell *cell,
                double               left,
                double               alpha)
{
  const HpGraphPalette *palette = scene->palette;
  const char *node_id = hp_graph_layout_get_node_id (scene->layout, index);
  HpNodeStats *stats = hp_profile_lookup_node_stats (scene->profile, node_id);
  HpGraphNode *node = hp_workflow_graph_lookup_node (hp_profile_get_graph (scene->profile), node_id);
  const char *title = NULL;
  const char *type = NULL;
  g_autofree char *figure = hp_graph_painter_figure_text (scene->heatmap, cell);
  double pad = CLAMP (NODE_PAD * scene->transform.zoom, 3.0, 14.0);
  double x = v->x + left + pad;
  double y = v->y + pad * 0.8;
  double bottom = v->y + v->height - pad * 0.6;
  double text_width = v->width - left - 2 * pad;
  double title_h = ts->title_px * 1.3;
  double detail_h = ts->detail_px * 1.3;
  gboolean show_type;
  gboolean show_figure;

  if (node != NULL)
    {
      title = node->title;
      type = node->type;
    }
  if (title == NULL && stats != NULL)
    title = hp_node_stats_get_title (stats);
  if (type == NULL && stats != NULL)
    type = hp_node_stats_get_node_type (stats);
  if (title == NULL || *title == '\0')
    title = type != NULL ? type : node_id;
  if (text_width < 8)
    return;
  if (y + title_h > bottom + 2)
    {
      /* A flat node (a collapsed one in the editor): the title alone,
       * centred, as long as its letters fit at all. */
      if (v->height < ts->title_px * 1.1)
        return;
      y = v->y + (v->height - title_h) / 2.0;
      bottom = y + title_h - 2;
    }

  /* The figure matters more than the type: drop the type first. */
  show_figure = y + title_h + detail_h <= bottom + 2;
  show_type = type != NULL && g_strcmp0 (type, title) != 0 &&
              y + title_h + 2 * detail_h <= bottom + 2;

  pango_layout_set_width (ts->layout, (int) (text_width * PANGO_SCALE));
  pango_layout_set_ellipsize (ts->layout, PANGO_ELLIPSIZE_END);

  pango_layout_set_font_description (ts->layout, ts->title_font);
  pango_layout_set_text (ts->layout, title, -1);
  hp_graph_palette_set_source (cr, &palette->fg, alpha);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, ts->layout);
  y += title_h;

  pango_layout_set_font_description (ts->layout, ts->detail_font);
  if (show_type)
    {
      pango_layout_set_text (ts->layout, type, -1);
      hp_graph_palette_set_source (cr, &palette->fg, 0.62 * alpha);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, ts->layout);
      y += detail_h;
    }
  if (show_figure)
    {
      gboolean failed = cell != NULL && cell->in_run && cell->status == HP_NODE_STATUS_FAILED &&
                        hp_heatmap_get_run (scene->heatmap) != NULL;

      pango_layout_set_text (ts->layout, figure, -1);
      hp_graph_palette_set_source (cr, failed ? &palette->error : &palette->fg, (failed ? 1.0 : 0.85) * alpha);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, ts->layout);
    }
  pango_layout_set_ellipsize (ts->layout, PANGO_ELLIPSIZE_NONE);
}

void
_hp_graph_painter_draw_node (const HpGraphScene *scene,
                             cairo_t            *cr,
                             HpGraphPaint       *ts,
                             guint               index)
{
  const HpGraphPalette *palette = scene->palette;
  const HpHeatmapCell *cell = hp_graph_scene_get_cell (scene, index);
  HpRect v = hp_graph_scene_rect_to_view (&scene->transform,
                                          hp_graph_layout_get_node_rect (scene->layout, index));
  double zoom = scene->transform.zoom;
  gboolean has_run = hp_graph_scene_has_run (scene);
  gboolean dimmed = has_run && (cell == NULL || !cell->did_run);
  gboolean failed = has_run && cell != NULL && cell->in_run && cell->status == HP_NODE_STATUS_FAILED;
  gboolean cached = has_run && cell != NULL && cell->in_run && cell->status == HP_NODE_STATUS_CACHED;
  const GdkRGBA *heat = cell != NULL ? hp_graph_palette_heat_color (palette, cell->heat_class) : NULL;
  double alpha = dimmed ? DIM_ALPHA : 1.0;
  double radius = CLAMP (8.0 * zoom, 2.0, 12.0);
  double stripe = CLAMP (6.0 * zoom, 3.0, 10.0);

  /* Crisp 1 px borders: snap the box to the pixel grid. */
  v.x = round (v.x) + 0.5;
  v.y = round (v.y) + 0.5;
  v.width = MAX (round (v.width) - 1, 1);
  v.height = MAX (round (v.height) - 1, 1);

  /* One fill for the body, its tint and the heat stripe down the left
   * side (a gradient with a hard stop), one for the cached pattern: no
   * clipping, which is what makes many nodes slow to draw. */
  cairo_new_path (cr);
  hp_graph_painter_rounded_rect (cr, v.x, v.y, v.width, v.height, radius);
  if (heat != NULL)
    {
      GdkRGBA wash = *heat;
      GdkRGBA tint;

      wash.alpha = palette->dark ? 0.30 : 0.22;
      tint = hp_graph_palette_blend (&palette->node_bg, &wash);
      hp_graph_palette_set_source (cr, &tint, dimmed ? 0.75 : 1.0);
    }
  else
    hp_graph_palette_set_source (cr, &palette->node_bg, dimmed ? 0.75 : 1.0);
  if (cached && ts != NULL && ts->hatch != NULL)
    {
      cairo_fill_preserve (cr);
      cairo_set_source (cr, dimmed ? ts->hatch_dimmed : ts->hatch);
    }
  cairo_fill (cr);
  if (heat != NULL)
    {
      left_stripe (cr, v.x, v.y, v.height, radius, MIN (stripe, v.width));
      hp_graph_palette_set_source (cr, heat, alpha);
      cairo_fill (cr);
    }

  cairo_new_path (cr);
  hp_graph_painter_rounded_rect (cr, v.x, v.y, v.width, v.height, radius);
  if (failed)
    {
      cairo_set_line_width (cr, CLAMP (3.0 * zoom, 2.0, 4.0));
      hp_graph_palette_set_source (cr, &palette->error, 1.0);
    }
  else
    {
      cairo_set_line_width (cr, 1.0);
      hp_graph_palette_set_source (cr, &palette->borders, dimmed ? 0.6 : 1.0);
      if (dimmed)
        {
          double dash[] = { 4.0, 3.0 };

          cairo_set_dash (cr, dash, 2, 0);
        }
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  if (ts != NULL && v.width >= TEXT_MIN_PX && v.height >= TEXT_MIN_HEIGHT_PX)
    draw_node_text (scene, cr, ts, index, &v, cell, heat != NULL ? stripe : 0, dimmed ? 0.6 : 1.0);

  /* Markers that do not rely on colour: a rank badge, a failure badge. */
  if (cell != NULL && cell->bottleneck_rank > 0)
    {
      char rank[16];

      g_snprintf (rank, sizeof rank, "%u", cell->bottleneck_rank);
      draw_badge (scene, cr, ts != NULL ? ts->layout : NULL,
                  v.x + v.width - CLAMP (4 * zoom, 2, 6), v.y + CLAMP (4 * zoom, 2, 6),
                  CLAMP (11.0 * zoom, 8.0, 11.0), &palette->warning_bg, rank, 1.0);
    }
  if (failed)
    draw_badge (scene, cr, ts != NULL ? ts->layout : NULL,
                v.x + CLAMP (4 * zoom, 2, 6), v.y + CLAMP (4 * zoom, 2, 6),
                CLAMP (11.0 * zoom, 8.0, 11.0), &palette->error_bg, "!", 1.0);
}

/* Nodes too small to read: rectangles, one fill per colour. */
void
_hp_graph_painter_draw_nodes_simple (const HpGraphScene *scene,
                                     cairo_t            *cr,
                                     PangoLayout        *layout,
                                     GArray             *visible)
{
  const HpGraphPalette *palette = scene->palette;
  gboolean has_run = hp_graph_scene_has_run (scene);
  const GdkRGBA *neutral = &palette->node_bg;

  /* Passes: neutral, low, medium, high (dimmed nodes at reduced alpha in
   * each), then failed outlines, then rank badges. */
  for (int pass = 0; pass < 8; pass++)
    {
      const GdkRGBA *color = NULL;
      gboolean any = FALSE;
      gboolean want_dim = pass % 2 == 1;
      guint level = pass / 2;

      cairo_new_path (cr);
      for (guint i = 0; i < visible->len; i++)
        {
          guint index = g_array_index (visible, guint, i);
          const HpHeatmapCell *cell = hp_graph_scene_get_cell (scene, index);
          gboolean dimmed = has_run && (cell == NULL || !cell->did_run);
          HpRect v;

          if ((cell != NULL ? hp_graph_palette_heat_level (cell->heat_class) : 0) != level ||
              dimmed != want_dim)
            continue;
          v = hp_graph_scene_rect_to_view (&scene->transform,
                                           hp_graph_layout_get_node_rect (scene->layout, index));
          cairo_rectangle (cr, v.x, v.y, MAX (v.width, 1.0), MAX (v.height, 1.0));
          color = cell != NULL ? hp_graph_palette_heat_color (palette, cell->heat_class) : NULL;
          if (color == NULL)
            color = neutral;
          any = TRUE;
        }
      if (!any)
        continue;
      hp_graph_palette_set_source (cr, color, want_dim ? DIM_ALPHA : (color == neutral ? 1.0 : 0.85));
      if (color == neutral)
        {
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, 1.0);
          hp_graph_palette_set_source (cr, &palette->borders, want_dim ? 0.5 : 1.0);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }

  cairo_new_path (cr);
  for (guint i = 0; i < visible->len; i++)
    {
      guint index = g_array_index (visible, guint, i);
      const HpHeatmapCell *cell = hp_graph_scene_get_cell (scene, index);

      if (has_run && cell != NULL && cell->in_run && cell->status == HP_NODE_STATUS_FAILED)
        {
          HpRect v = hp_graph_scene_rect_to_view (&scene->transform,
                                                  hp_graph_layout_get_node_rect (scene->layout, index));

          cairo_rectangle (cr, v.x - 1, v.y - 1, v.width + 2, v.height + 2);
        }
    }
  cairo_set_line_width (cr, 2.0);
  hp_graph_palette_set_source (cr, &palette->error, 1.0);
  cairo_stroke (cr);

  for (guint i = 0; i < visible->len; i++)
    {
      guint index = g_array_index (visible, guint, i);
      const HpHeatmapCell *cell = hp_graph_scene_get_cell (scene, index);

      if (cell != NULL && cell->bottleneck_rank > 0)
        {
          HpRect v = hp_graph_scene_rect_to_view (&scene->transform,
                                                  hp_graph_layout_get_node_rect (scene->layout, index));
          char rank[16];

          g_snprintf (rank, sizeof rank, "%u", cell->bottleneck_rank);
          draw_badge (scene, cr, layout, v.x + v.width, v.y, 7.0, &palette->warning_bg, rank, 1.0);
        }
    }
}

static cairo_pattern_t *
hatch_pattern (const HpGraphScene *scene,
               double              alpha,
               double              scale)
{
  const HpViewTransform *t = &scene->transform;
  int size = (int) round (CLAMP (10.0 * t->zoom, 5.0, 14.0));
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                      (int) ceil (size * scale), (int) ceil (size * scale));
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  cairo_t *cr;

  cairo_surface_set_device_scale (tile, scale, scale);
  cr = cairo_create (tile);
  /* One diagonal per tile, drawn three times so the tiles join up. */
  for (int k = -1; k <= 1; k++)
    {
      cairo_move_to (cr, k * size, size);
      cairo_line_to (cr, k * size + size, 0);
    }
  cairo_set_line_width (cr, CLAMP (2.0 * t->zoom, 1.0, 2.5));
  hp_graph_palette_set_source (cr, &scene->palette->fg, alpha);
  cairo_stroke (cr);
  cairo_destroy (cr);

  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  /* Anchored to the graph, so the pattern pans with the nodes. */
  cairo_matrix_init_translate (&matrix, -round (fmod (t->offset_x, size)), -round (fmod (t->offset_y, size)));
  cairo_pattern_set_matrix (pattern, &matrix);
  /* Whole-pixel offsets and no filtering keep the repeat on pixman's fast path. */
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_surface_destroy (tile);
  return pattern;
}

void
_hp_graph_painter_paint_init (HpGraphPaint       *ts,
                              const HpGraphScene *scene,
                              double              scale)
{
  const PangoFontDescription *base;
  double zoom = scene->transform.zoom;
  double hatch_alpha = scene->palette->dark ? 0.16 : 0.11;

  ts->layout = pango_layout_new (scene->pango_context);
  base = pango_context_get_font_description (scene->pango_context);
  /* Text grows with the zoom but stays readable when zoomed out; what
   * does not fit a node is ellipsized or left out. */
  ts->title_px = MAX (TITLE_SIZE * zoom, 11.0);
  ts->detail_px = MAX (DETAIL_SIZE * zoom, 9.5);
  ts->title_font = base != NULL ? pango_font_description_copy (base) : pango_font_description_new ();
  pango_font_description_set_weight (ts->title_font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (ts->title_font, ts->title_px * PANGO_SCALE);
  ts->detail_font = base != NULL ? pango_font_description_copy (base) : pango_font_description_new ();
  pango_font_description_set_absolute_size (ts->detail_font, ts->detail_px * PANGO_SCALE);
  ts->hatch = hatch_pattern (scene, hatch_alpha, scale);
  ts->hatch_dimmed = hatch_pattern (scene, hatch_alpha * DIM_ALPHA, scale);
}

void
_hp_graph_painter_paint_clear (HpGraphPaint *ts)
{
  g_clear_object (&ts->layout);
  g_clear_pointer (&ts->title_font, pango_font_description_free);
  g_clear_pointer (&ts->detail_font, pango_font_description_free);
  g_clear_pointer (&ts->hatch, cairo_pattern_destroy);
  g_clear_pointer (&ts->hatch_dimmed, cairo_pattern_destroy);
}
