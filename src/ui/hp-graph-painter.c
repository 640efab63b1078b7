/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-painter.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "hp-edge-mask.h"
#include "hp-format-utils.h"
#include "hp-graph-groups.h"
#include "hp-time-format.h"

/* Below this many pixels on screen a node has no text; below SIMPLE_PX
 * nodes are plain rectangles filled a colour at a time. */
#define TEXT_MIN_PX        40.0
#define TEXT_MIN_HEIGHT_PX 12.0   /* flat nodes get their title alone */
#define SIMPLE_PX          10.0
/* Text sizes in graph units (they scale with the zoom). */
#define TITLE_SIZE         15.0
#define DETAIL_SIZE        12.5
#define NODE_PAD           9.0
#define DIM_ALPHA          0.38

/* What drawing the nodes of one frame needs, made once per frame. */
typedef struct {
  PangoLayout          *layout;
  PangoFontDescription *title_font;
  PangoFontDescription *detail_font;
  double                title_px;
  double                detail_px;
  cairo_pattern_t      *hatch;         /* cached nodes */
  cairo_pattern_t      *hatch_dimmed;
} Paint;

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
                Paint               *ts,
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

static void
draw_node (const HpGraphScene *scene,
           cairo_t            *cr,
           Paint              *ts,
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
static void
draw_nodes_simple (const HpGraphScene *scene,
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

static void
paint_init (Paint              *ts,
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

static void
paint_clear (Paint *ts)
{
  g_clear_object (&ts->layout);
  g_clear_pointer (&ts->title_font, pango_font_description_free);
  g_clear_pointer (&ts->detail_font, pango_font_description_free);
  g_clear_pointer (&ts->hatch, cairo_pattern_destroy);
  g_clear_pointer (&ts->hatch_dimmed, cairo_pattern_destroy);
}

/* ---- critical path ------------------------------------------------------ */

/* Over the finished graph: everything dimmed by a wash of the canvas
 * colour, then the path's edges (thick, accent) and its nodes drawn again
 * on top with an accent outline. Nodes of the run that the graph lacks
 * have no box and are left out. */
static void
draw_critical_path (const HpGraphScene *scene,
                    cairo_t            *cr,
                    Paint              *ts,
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
      draw_node (scene, cr, ts, (guint) on_path[i]);
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
  Paint ts = { 0 };

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
  paint_init (&ts, scene, scale);
  if (typical < SIMPLE_PX)
    draw_nodes_simple (scene, cr, ts.layout, visible);
  else
    for (guint i = 0; i < visible->len; i++)
      draw_node (scene, cr, &ts, g_array_index (visible, guint, i));
  if (scene->critical_path != NULL)
    draw_critical_path (scene, cr, typical < SIMPLE_PX ? NULL : &ts, width, height);
  paint_clear (&ts);
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
