/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the graph canvas shows of the graph: zoom, pan and the animated
 * moves between views, the zoom API, and the node tooltip. */
#include "hp-graph-canvas-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-graph-legend.h"
#include "hp-graph-painter.h"
#include "hp-time-format.h"

#define FIT_MARGIN         32.0
#define FIT_MAX_ZOOM       1.0
#define ANIMATION_US       (250 * G_TIME_SPAN_MILLISECOND)

/* ---- view changes ------------------------------------------------------- */

void
_hp_graph_canvas_apply_transform (HpGraphCanvas         *self,
                                  const HpViewTransform *t,
                                  gboolean               by_user)
{
  double old_zoom = self->transform.zoom;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (by_user)
    {
      self->fitted = FALSE;
      g_clear_pointer (&self->pending_center, g_free);
    }
  if (self->transform.zoom == t->zoom &&
      self->transform.offset_x == t->offset_x &&
      self->transform.offset_y == t->offset_y)
    return;
  self->transform = *t;
  self->transform.zoom = CLAMP (t->zoom, HP_GRAPH_CANVAS_MIN_ZOOM, HP_GRAPH_CANVAS_MAX_ZOOM);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (old_zoom != self->transform.zoom)
    _hp_graph_canvas_notify_zoom (self);
}

void
_hp_graph_canvas_zoom_around (HpGraphCanvas *self,
                              double         factor,
                              double         view_x,
                              double         view_y)
{
  HpViewTransform t = self->transform;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  _hp_graph_canvas_stop_animation (self);
  hp_view_transform_zoom_at (&t, factor, view_x, view_y,
                             HP_GRAPH_CANVAS_MIN_ZOOM, HP_GRAPH_CANVAS_MAX_ZOOM);
  _hp_graph_canvas_apply_transform (self, &t, TRUE);
}

void
_hp_graph_canvas_zoom_by (HpGraphCanvas *self,
                          double         factor)
{
  if (self->pointer_inside)
    _hp_graph_canvas_zoom_around (self, factor, self->pointer_x, self->pointer_y);
  else
    _hp_graph_canvas_zoom_around (self, factor,
                                  gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                  gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

HpViewTransform
_hp_graph_canvas_centered_transform (HpGraphCanvas *self,
                                     double         gx,
                                     double         gy,
                                     double         zoom)
{
  HpViewTransform t = {
    .zoom = zoom,
    .offset_x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 - gx * zoom,
    .offset_y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - gy * zoom,
  };

  return t;
}

void
_hp_graph_canvas_stop_animation (HpGraphCanvas *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static gboolean
animation_tick (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  double p;
  double e;
  double zoom;
  HpViewTransform t;

  if (self->anim_start_us == 0)
    self->anim_start_us = now;
  p = CLAMP ((double) (now - self->anim_start_us) / ANIMATION_US, 0.0, 1.0);
  e = 1.0 - pow (1.0 - p, 3);   /* ease-out cubic */
  zoom = self->anim_from_zoom * pow (self->anim_to_zoom / self->anim_from_zoom, e);
  t = _hp_graph_canvas_centered_transform (self,
                                           self->anim_from_cx + (self->anim_to_cx - self->anim_from_cx) * e,
                                           self->anim_from_cy + (self->anim_to_cy - self->anim_from_cy) * e,
                                           p >= 1.0 ? self->anim_to_zoom : zoom);
  _hp_graph_canvas_apply_transform (self, &t, FALSE);
  if (p >= 1.0)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
animate_to (HpGraphCanvas *self,
            double         gx,
            double         gy,
            double         zoom,
            gboolean       animate)
{
  HpViewTransform t;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  _hp_graph_canvas_stop_animation (self);
  self->fitted = FALSE;
  g_clear_pointer (&self->pending_center, g_free);
  if (animate && gtk_widget_get_mapped (GTK_WIDGET (self)))
    g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &animate, NULL);
  if (!animate || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      t = _hp_graph_canvas_centered_transform (self, gx, gy, zoom);
      _hp_graph_canvas_apply_transform (self, &t, FALSE);
      return;
    }
  hp_view_transform_to_graph (&self->transform,
                              gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                              gtk_widget_get_height (GTK_WIDGET (self)) / 2.0,
                              &self->anim_from_cx, &self->anim_from_cy);
  self->anim_from_zoom = self->transform.zoom;
  self->anim_to_zoom = zoom;
  self->anim_to_cx = gx;
  self->anim_to_cy = gy;
  self->anim_start_us = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick, NULL, NULL);
}

/* ---- public API: the view ----------------------------------------------- */

double
hp_graph_canvas_get_zoom (HpGraphCanvas *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), 1.0);
  return self->transform.zoom;
}

void
hp_graph_canvas_set_zoom (HpGraphCanvas *self,
                          double         zoom)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  g_return_if_fail (zoom > 0);

  _hp_graph_canvas_zoom_around (self, zoom / self->transform.zoom,
               gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

/**
 * hp_graph_canvas_zoom_in:
 *
 * Zooms in one step around the pointer when it is over the canvas, else
 * around the centre.
 */
void
hp_graph_canvas_zoom_in (HpGraphCanvas *self)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  _hp_graph_canvas_zoom_by (self, HP_GRAPH_CANVAS_ZOOM_STEP);
}

void
hp_graph_canvas_zoom_out (HpGraphCanvas *self)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  _hp_graph_canvas_zoom_by (self, 1.0 / HP_GRAPH_CANVAS_ZOOM_STEP);
}

/**
 * hp_graph_canvas_zoom_to_fit:
 *
 * Shows the whole graph (never above 1:1). Until the user zooms or pans,
 * the graph stays fitted when the canvas is resized.
 */
void
hp_graph_canvas_zoom_to_fit (HpGraphCanvas *self)
{
  int width, height;
  HpRect bounds;
  HpViewTransform t;

  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));

  _hp_graph_canvas_stop_animation (self);
  g_clear_pointer (&self->pending_center, g_free);
  self->fitted = TRUE;
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  /* Not allocated yet: size_allocate fits. */
  if (self->layout == NULL || width <= 0 || height <= 0 ||
      hp_graph_layout_get_n_nodes (self->layout) == 0)
    return;
  bounds = hp_graph_layout_get_bounds (self->layout);
  /* Leave the legend's band free when the view is tall enough for it. */
  if (height > 3 * HP_GRAPH_LEGEND_BAND)
    height -= HP_GRAPH_LEGEND_BAND;
  t = hp_view_transform_fit (&bounds, width, height, FIT_MARGIN,
                             HP_GRAPH_CANVAS_MIN_ZOOM, FIT_MAX_ZOOM);
  _hp_graph_canvas_apply_transform (self, &t, FALSE);
}

void
hp_graph_canvas_zoom_reset (HpGraphCanvas *self)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  hp_graph_canvas_set_zoom (self, 1.0);
}

HpViewTransform
hp_graph_canvas_get_transform (HpGraphCanvas *self)
{
  HpViewTransform none = { 1.0, 0.0, 0.0 };

  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), none);
  return self->transform;
}

/**
 * hp_graph_canvas_set_transform:
 * @transform: zoom (clamped) and offset
 */
void
hp_graph_canvas_set_transform (HpGraphCanvas         *self,
                               const HpViewTransform *transform)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  g_return_if_fail (transform != NULL && transform->zoom > 0);

  _hp_graph_canvas_stop_animation (self);
  _hp_graph_canvas_apply_transform (self, transform, TRUE);
}

void
hp_graph_canvas_center_on_node (HpGraphCanvas *self,
                                const char    *node_id,
                                gboolean       animate)
{
  const HpRect *r;
  double zoom;
  int index;

  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  g_return_if_fail (node_id != NULL);

  if (self->layout == NULL || (index = hp_graph_layout_find_node (self->layout, node_id)) < 0)
    return;
  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    {
      g_free (self->pending_center);
      self->pending_center = g_strdup (node_id);
      self->fitted = FALSE;
      return;
    }
  r = hp_graph_layout_get_node_rect (self->layout, index);
  /* A node too small to read is brought closer, up to 1:1. */
  zoom = self->transform.zoom;
  if (r->width * zoom < 120 && r->width > 0)
    zoom = CLAMP (180 / r->width, zoom, 1.0);
  animate_to (self, r->x + r->width / 2, r->y + r->height / 2, zoom, animate);
}

/* ---- tooltip ------------------------------------------------------------ */

gboolean
_hp_graph_canvas_query_tooltip_cb (HpGraphCanvas *self,
                                   int            x,
                                   int            y,
                                   gboolean       keyboard_mode,
                                   GtkTooltip    *tooltip)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *title_markup = NULL;
  const HpHeatmapCell *cell;
  HpNodeStats *stats;
  HpGraphNode *node;
  HpProfile *profile;
  HpRun *run;
  const char *node_id;
  HpRect v;
  int index;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (self->session == NULL || self->layout == NULL)
    return FALSE;
  index = keyboard_mode ? _hp_graph_canvas_get_selected_index (self)
                        : _hp_graph_canvas_hit_test (self, x, y);
  if (index < 0)
    return FALSE;

  profile = hp_session_get_profile (self->session);
  node_id = hp_graph_layout_get_node_id (self->layout, index);
  node = hp_workflow_graph_lookup_node (hp_profile_get_graph (profile), node_id);
  stats = hp_profile_lookup_node_stats (profile, node_id);
  cell = self->cells != NULL ? self->cells[index] : NULL;
  run = self->heatmap != NULL ? hp_heatmap_get_run (self->heatmap) : NULL;

  text = g_string_new (NULL);
  title_markup = g_markup_printf_escaped ("<b>%s</b>\n%s · #%s",
                                          node != NULL && node->title != NULL ? node->title : node_id,
                                          node != NULL && node->type != NULL ? node->type : "",
                                          node_id);
  g_string_append (text, title_markup);

  if (run != NULL && cell != NULL)
    {
      g_autofree char *figure = hp_graph_painter_figure_text (self->heatmap, cell);
      g_autofree char *line = g_markup_printf_escaped (_("\nRun %s: %s"), hp_run_get_id (run), figure);

      g_string_append (text, line);
    }
  if (stats != NULL)
    {
      g_autofree char *mean = hp_format_duration_us (hp_node_stats_get_mean_us (stats));
      g_autofree char *p95 = hp_format_duration_us (hp_node_stats_get_p95_us (stats));
      g_autofree char *line = NULL;

      line = g_markup_printf_escaped (_("\nMean %s · p95 %s"), mean, p95);
      g_string_append (text, line);
      g_clear_pointer (&line, g_free);
      line = g_markup_printf_escaped (_("\nIn %u runs: %u executed, %u cached, %u failed"),
                                      hp_node_stats_get_run_count (stats),
                                      hp_node_stats_get_executed_count (stats),
                                      hp_node_stats_get_cached_count (stats),
                                      hp_node_stats_get_failed_count (stats));
      g_string_append (text, line);
    }
  if (cell != NULL && cell->bottleneck_rank > 0)
    g_string_append_printf (text, _("\n⚠ Bottleneck #%u by %s"), cell->bottleneck_rank,
                            hp_metric_to_string (hp_heatmap_get_options (self->heatmap)->metric));

  gtk_tooltip_set_markup (tooltip, text->str);
  v = hp_graph_scene_rect_to_view (&self->transform,
                                   hp_graph_layout_get_node_rect (self->layout, index));
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) floor (v.x), (int) floor (v.y),
                                                       (int) ceil (v.width), (int) ceil (v.height) });
  return TRUE;
}
