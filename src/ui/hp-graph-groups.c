/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-groups.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "hp-graph-canvas-private.h"
#include "hp-graph-legend.h"
#include "hp-graph-painter.h"

/* In graph units, so they scale with the zoom like the editor's. */
#define GROUP_PAD        24.0
#define GROUP_TITLE_BAND 40.0
#define GROUP_TITLE_SIZE 20.0
#define GROUP_TITLE_PAD  10.0
#define GROUP_RADIUS     10.0
/* The title never gets smaller than this (pixels), like node titles. */
#define TITLE_MIN_PX     10.0

gboolean
hp_graph_groups_get_rect (HpGraphLayout *layout,
                          HpGraphGroup  *group,
                          HpRect        *rect)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  gboolean any = FALSE;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (HP_IS_GRAPH_GROUP (group), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (hp_graph_layout_uses_source_positions (layout) &&
      hp_graph_group_get_bounds (group, &rect->x, &rect->y, &rect->width, &rect->height))
    return TRUE;

  for (guint i = 0; i < hp_graph_group_get_n_nodes (group); i++)
    {
      int index = hp_graph_layout_find_node (layout, hp_graph_group_get_node (group, i));
      const HpRect *r;

      if (index < 0)
        continue;
      r = hp_graph_layout_get_node_rect (layout, index);
      x0 = MIN (x0, r->x);
      y0 = MIN (y0, r->y);
      x1 = MAX (x1, r->x + r->width);
      y1 = MAX (y1, r->y + r->height);
      any = TRUE;
    }
  if (!any)
    return FALSE;
  rect->x = x0 - GROUP_PAD;
  rect->y = y0 - GROUP_PAD - GROUP_TITLE_BAND;
  rect->width = x1 - x0 + 2 * GROUP_PAD;
  rect->height = y1 - y0 + 2 * GROUP_PAD + GROUP_TITLE_BAND;
  return TRUE;
}

typedef struct {
  HpGraphGroup *group;
  HpRect        rect;
} Placed;

static int
compare_area_desc (gconstpointer a,
                   gconstpointer b)
{
  const Placed *pa = a, *pb = b;
  double area_a = pa->rect.width * pa->rect.height;
  double area_b = pb->rect.width * pb->rect.height;

  return area_a > area_b ? -1 : area_a < area_b;
}

static gboolean
rects_meet (const HpRect *a,
            const HpRect *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

static void
draw_title (const HpGraphScene *scene,
            cairo_t            *cr,
            const HpRect       *view,
            const char         *title)
{
  double zoom = scene->transform.zoom;
  double px = MAX (GROUP_TITLE_SIZE * zoom, TITLE_MIN_PX);
  double band = GROUP_TITLE_BAND * zoom;
  double pad = MAX (GROUP_TITLE_PAD * zoom, 4.0);
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *font;
  const PangoFontDescription *base;

  if (view->width < 4 * px || view->height < 1.5 * px)
    return;
  layout = pango_layout_new (scene->pango_context);
  base = pango_context_get_font_description (scene->pango_context);
  font = base != NULL ? pango_font_description_copy (base) : pango_font_description_new ();
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, title, -1);
  pango_layout_set_width (layout, (int) ((view->width - 2 * pad) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  /* Centred in the title band, or just below the top edge when the band
   * is thinner than the text. */
  cairo_move_to (cr, view->x + pad, view->y + MAX ((band - px * 1.25) / 2, 2.0));
  hp_graph_palette_set_source (cr, &scene->palette->fg, 0.85);
  pango_cairo_show_layout (cr, layout);
}

guint
hp_graph_groups_draw (const HpGraphScene *scene,
                      cairo_t            *cr,
                      const HpRect       *area)
{
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  const HpGraphPalette *palette;
  HpWorkflowGraph *graph;
  double zoom;

  g_return_val_if_fail (scene != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);

  if (scene->layout == NULL || scene->profile == NULL)
    return 0;
  graph = hp_profile_get_graph (scene->profile);
  for (guint i = 0; i < hp_workflow_graph_get_n_groups (graph); i++)
    {
      Placed p = { hp_workflow_graph_get_group (graph, i), { 0, } };

      if (hp_graph_group_get_kind (p.group) == HP_GRAPH_GROUP_KIND_GROUP &&
          hp_graph_groups_get_rect (scene->layout, p.group, &p.rect) &&
          (area == NULL || rects_meet (&p.rect, area)))
        g_array_append_val (placed, p);
    }
  if (placed->len == 0)
    return 0;
  /* Outer groups first, so nested ones are drawn over them. */
  g_array_sort (placed, compare_area_desc);

  palette = scene->palette;
  zoom = scene->transform.zoom;
  cairo_save (cr);
  for (guint i = 0; i < placed->len; i++)
    {
      const Placed *p = &g_array_index (placed, Placed, i);
      HpRect view = hp_graph_scene_rect_to_view (&scene->transform, &p->rect);
      const char *color = hp_graph_group_get_color (p->group);
      double radius = MIN (GROUP_RADIUS * zoom, 12.0);
      GdkRGBA rgba;

      /* The source's colour, tinted lightly enough for the nodes' heat to
       * read over it; without one a neutral wash of the text colour. */
      if (color == NULL || !gdk_rgba_parse (&rgba, color))
        rgba = palette->fg;
      cairo_new_path (cr);
      hp_graph_painter_rounded_rect (cr, view.x, view.y, view.width, view.height, radius);
      hp_graph_palette_set_source (cr, &rgba, color != NULL ? (palette->dark ? 0.22 : 0.16) : 0.05);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1.5);
      hp_graph_palette_set_source (cr, color != NULL ? &rgba : &palette->borders,
                                   color != NULL ? 0.75 : 1.0);
      cairo_stroke (cr);

      /* The title band, a little stronger. */
      cairo_save (cr);
      hp_graph_painter_rounded_rect (cr, view.x, view.y, view.width, view.height, radius);
      cairo_clip (cr);
      cairo_rectangle (cr, view.x, view.y, view.width, MIN (GROUP_TITLE_BAND * zoom, view.height));
      hp_graph_palette_set_source (cr, &rgba, color != NULL ? (palette->dark ? 0.30 : 0.22) : 0.07);
      cairo_fill (cr);
      cairo_restore (cr);

      draw_title (scene, cr, &view, hp_graph_group_get_title (p->group));
    }
  cairo_restore (cr);
  return placed->len;
}

void
hp_graph_canvas_frame_rect (HpGraphCanvas *self,
                            const HpRect  *rect)
{
  int width, height;
  HpViewTransform t;

  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  g_return_if_fail (rect != NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    return;
  _hp_graph_canvas_stop_animation (self);
  /* Leave the legend's band free, as zoom-to-fit does. */
  if (height > 3 * HP_GRAPH_LEGEND_BAND)
    height -= HP_GRAPH_LEGEND_BAND;
  t = hp_view_transform_fit (rect, width, height, 32.0, HP_GRAPH_CANVAS_MIN_ZOOM, 1.0);
  _hp_graph_canvas_apply_transform (self, &t, TRUE);
}
