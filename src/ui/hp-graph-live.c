/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live layer of HpGraphCanvas: while the selected run executes, the
 * node running pulses and shows its progress ("7/20") as a bar. Drawn
 * over the cached graph every frame, so progress never rebuilds the
 * static layer; the pulse ticks only while a node runs and animations
 * are on. */
#include "hp-graph-canvas.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-graph-canvas-private.h"
#include "hp-graph-live.h"
#include "hp-graph-painter.h"

#define PULSE_PERIOD_US (1200 * G_TIME_SPAN_MILLISECOND)

/* The node running in the selected run (the latest started when several
 * do), or NULL. */
static HpNodeRun *
find_live_node_run (HpGraphCanvas *self)
{
  HpRun *run;
  GPtrArray *node_runs;

  if (self->session == NULL)
    return NULL;
  run = hp_session_get_selected_run (self->session);
  if (run == NULL || hp_run_get_status (run) != HP_RUN_STATUS_RUNNING)
    return NULL;
  node_runs = hp_run_get_node_runs (run);
  for (guint i = node_runs->len; i > 0; i--)
    {
      HpNodeRun *node_run = g_ptr_array_index (node_runs, i - 1);

      if (hp_node_run_get_status (node_run) == HP_NODE_STATUS_RUNNING)
        return node_run;
    }
  return NULL;
}

static gboolean
animations_enabled (HpGraphCanvas *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

static gboolean
pulse_tick (GtkWidget     *widget,
            GdkFrameClock *frame_clock,
            gpointer       user_data)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (widget);

  if (find_live_node_run (self) == NULL || !animations_enabled (self))
    {
      self->live_tick_id = 0;
      gtk_widget_queue_draw (widget);
      return G_SOURCE_REMOVE;
    }
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/**
 * hp_graph_canvas_live_changed:
 * @self: a canvas
 *
 * The selected run moved on (a node started, progress came): redraws the
 * live layer and starts or stops the pulse. Cheap; the live controller
 * calls it at most once a frame.
 */
void
hp_graph_canvas_live_changed (HpGraphCanvas *self)
{
  gboolean live;

  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));

  live = find_live_node_run (self) != NULL;
  if (live && self->live_tick_id == 0 && animations_enabled (self))
    {
      self->live_epoch_us = g_get_monotonic_time ();
      self->live_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), pulse_tick, NULL, NULL);
    }
  else if (!live)
    _hp_graph_live_stop (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_hp_graph_live_stop (HpGraphCanvas *self)
{
  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (self->live_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->live_tick_id);
      self->live_tick_id = 0;
    }
}

/**
 * hp_graph_canvas_get_live_node_id:
 * @self: a canvas
 *
 * Returns: (nullable): the interned id of the node running in the
 *   selected run, %NULL when that run does not execute now
 */
const char *
hp_graph_canvas_get_live_node_id (HpGraphCanvas *self)
{
  HpNodeRun *node_run;

  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), NULL);

  node_run = find_live_node_run (self);
  return node_run != NULL ? hp_node_run_get_node_id (node_run) : NULL;
}

/**
 * hp_graph_canvas_get_live_progress:
 * @self: a canvas
 * @value: (out) (optional): steps done, 0 before the first report
 * @max: (out) (optional): steps in all, 0 when unknown
 *
 * Returns: whether a node is running (see hp_graph_canvas_get_live_node_id())
 */
gboolean
hp_graph_canvas_get_live_progress (HpGraphCanvas *self,
                                   double        *value,
                                   double        *max)
{
  HpNodeRun *node_run;
  const HpProgressEvent *events;
  guint n_events = 0;

  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), FALSE);

  if (value != NULL)
    *value = 0;
  if (max != NULL)
    *max = 0;
  node_run = find_live_node_run (self);
  if (node_run == NULL)
    return FALSE;
  events = hp_node_run_get_progress (node_run, &n_events);
  if (n_events > 0)
    {
      if (value != NULL)
        *value = events[n_events - 1].value;
      if (max != NULL)
        *max = events[n_events - 1].max;
    }
  return TRUE;
}

/* "7/20", the progress drawn on the node. */
char *
hp_graph_live_format_progress (double value,
                               double max)
{
  /* Translators: progress of a running node: steps done / steps in all */
  return g_strdup_printf (_("%.0f/%.0f"), value, max);
}

void
_hp_graph_live_draw (HpGraphCanvas      *self,
                     const HpGraphScene *scene,
                     cairo_t            *cr)
{
  const HpGraphPalette *palette = scene->palette;
  HpNodeRun *node_run;
  const HpProgressEvent *events;
  guint n_events = 0;
  int index;
  HpRect v;
  double zoom = scene->transform.zoom;
  double pulse = 1.0;
  double radius = CLAMP (8.0 * zoom, 2.0, 12.0);
  double gap;
  double width;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  node_run = find_live_node_run (self);
  if (node_run == NULL || scene->layout == NULL)
    return;
  index = hp_graph_layout_find_node (scene->layout, hp_node_run_get_node_id (node_run));
  if (index < 0)
    return;
  v = hp_graph_scene_rect_to_view (&scene->transform, hp_graph_layout_get_node_rect (scene->layout, index));

  /* The pulse: a glow around the node, breathing once in 1.2 s. */
  if (self->live_tick_id != 0)
    {
      double t = (double) (g_get_monotonic_time () - self->live_epoch_us) / PULSE_PERIOD_US;

      pulse = 0.5 + 0.5 * cos (2 * G_PI * t);
    }
  width = CLAMP (2.0 + 3.0 * pulse * zoom, 2.0, 5.0);
  gap = width / 2 + 2.0;
  cairo_save (cr);
  cairo_new_path (cr);
  hp_graph_painter_rounded_rect (cr, round (v.x) - gap, round (v.y) - gap,
                                 round (v.width) + 2 * gap - 1, round (v.height) + 2 * gap - 1, radius + gap);
  cairo_set_line_width (cr, width);
  hp_graph_palette_set_source (cr, &palette->accent, 0.35 + 0.65 * pulse);
  cairo_stroke (cr);

  /* The progress: a bar along the node's bottom edge, and "7/20" in a
   * chip on its top-right corner (where a finished node's rank goes). */
  events = hp_node_run_get_progress (node_run, &n_events);
  if (n_events > 0 && events[n_events - 1].max > 0 && v.width >= 24 && v.height >= 12)
    {
      double value = CLAMP (events[n_events - 1].value, 0, events[n_events - 1].max);
      double fraction = value / events[n_events - 1].max;
      double bar_h = CLAMP (5.0 * zoom, 3.0, 6.0);
      double inset = MIN (radius, v.width / 4);
      double bar_x = v.x + inset;
      double bar_w = MAX (v.width - 2 * inset, 4);
      double bar_y = v.y + v.height - bar_h - 2.0;

      cairo_new_path (cr);
      hp_graph_painter_rounded_rect (cr, bar_x, bar_y, bar_w, bar_h, bar_h / 2);
      hp_graph_palette_set_source (cr, &palette->fg, 0.15);
      cairo_fill (cr);
      if (fraction > 0)
        {
          cairo_new_path (cr);
          hp_graph_painter_rounded_rect (cr, bar_x, bar_y, MAX (bar_w * fraction, bar_h), bar_h, bar_h / 2);
          hp_graph_palette_set_source (cr, &palette->accent, 1.0);
          cairo_fill (cr);
        }

      if (v.width >= 48 && scene->pango_context != NULL)
        {
          g_autoptr(PangoLayout) layout = pango_layout_new (scene->pango_context);
          g_autoptr(PangoFontDescription) font = pango_font_description_new ();
          g_autofree char *text = hp_graph_live_format_progress (value, events[n_events - 1].max);
          PangoRectangle ink, logical;
          double chip_w, chip_h, chip_x, chip_y;

          pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
          pango_font_description_set_absolute_size (font, CLAMP (11.0 * zoom, 9.0, 12.0) * PANGO_SCALE);
          pango_layout_set_font_description (layout, font);
          pango_layout_set_text (layout, text, -1);
          pango_layout_get_pixel_extents (layout, &ink, &logical);
          chip_h = logical.height + 2;
          chip_w = logical.width + chip_h;
          chip_x = round (v.x + v.width - chip_w - radius / 2);
          chip_y = round (v.y - chip_h / 2);

          cairo_new_path (cr);
          hp_graph_painter_rounded_rect (cr, chip_x, chip_y, chip_w, chip_h, chip_h / 2);
          hp_graph_palette_set_source (cr, &palette->accent, 1.0);
          cairo_fill (cr);
          cairo_move_to (cr, chip_x + chip_h / 2, chip_y + 1);
          /* The accent's own text colour: white on blue in both styles. */
          cairo_set_source_rgb (cr, 1, 1, 1);
          pango_cairo_show_layout (cr, layout);
        }
    }
  cairo_restore (cr);
}
