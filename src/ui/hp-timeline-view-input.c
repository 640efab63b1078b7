/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the timeline moves and answers the pointer and the keyboard: the
 * axis under zoom and pan, revealing the selection, hit tests; click a row or
 * bar to select its node, double click or Enter to jump to it, drag to
 * pan, scroll to move through the rows (Shift or a horizontal scroll to
 * pan the time), Ctrl+scroll or pinch to zoom around the pointer, Up and
 * Down to move the selection; and the timeline.* actions with their keys. */
#include "hp-timeline-view-private.h"

#include <math.h>

/* ---- the axis ----------------------------------------------------------- */

void
_hp_timeline_view_set_axis (HpTimelineView       *self,
                            const HpTimelineAxis *axis,
                            gboolean              by_user)
{
  HpTimelineAxis a = *axis;
  double lo = 0, hi = 1;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  if (self->timeline != NULL)
    hp_timeline_get_fit_range (self->timeline, &lo, &hi);
  a.px_per_us = CLAMP (a.px_per_us, MIN (self->fit_px_per_us / 2, HP_TIMELINE_MAX_PX_PER_US),
                       HP_TIMELINE_MAX_PX_PER_US);
  hp_timeline_axis_clamp (&a, lo, hi, _hp_timeline_view_plot_width (self));
  if (by_user)
    self->fitted = FALSE;
  if (a.start_us == self->axis.start_us && a.px_per_us == self->axis.px_per_us)
    return;
  self->axis = a;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_hp_timeline_view_fit (HpTimelineView *self)
{
  double lo = 0, hi = 1;
  double width = _hp_timeline_view_plot_width (self);
  HpTimelineAxis a;

  if (self->timeline != NULL)
    hp_timeline_get_fit_range (self->timeline, &lo, &hi);
  hp_timeline_axis_fit (&a, lo, hi, MAX (width - 2 * HP_TIMELINE_FIT_PAD, 1));
  a.start_us -= HP_TIMELINE_FIT_PAD / a.px_per_us;
  self->fit_px_per_us = a.px_per_us;
  self->axis = a;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_hp_timeline_view_zoom_at (HpTimelineView *self,
                           double          factor,
                           double          plot_x)
{
  HpTimelineAxis a = self->axis;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  hp_timeline_axis_zoom_at (&a, factor, plot_x,
                            MIN (self->fit_px_per_us / 2, HP_TIMELINE_MAX_PX_PER_US),
                            HP_TIMELINE_MAX_PX_PER_US);
  _hp_timeline_view_set_axis (self, &a, TRUE);
}

void
_hp_timeline_view_zoom_by (HpTimelineView *self,
         double          factor)
{
  double plot_x = self->pointer_x - _hp_timeline_view_gutter_width (self);
  double width = _hp_timeline_view_plot_width (self);

  /* Around the pointer when it is over the plot, else the middle. */
  if (!self->pointer_inside || plot_x < 0 || plot_x > width)
    plot_x = width / 2;
  _hp_timeline_view_zoom_at (self, factor, plot_x);
}

void
_hp_timeline_view_scroll_by (HpTimelineView *self,
                             double          dy)
{
  gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) + dy);
}

/* Scrolls the selected row into view, and its first bar when it is out
 * of the visible time range. */
void
_hp_timeline_view_reveal_selection (HpTimelineView *self)
{
  int row = _hp_timeline_view_selected_row (self);
  double top, page, value;
  const HpTimelineRow *r;
  const HpTimelineBar *bar;
  double x0, x1, width;

  if (row < 0 || !_hp_timeline_view_has_chart (self))
    return;
  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    {
      self->reveal_pending = TRUE;
      return;
    }
  self->reveal_pending = FALSE;

  top = row * HP_TIMELINE_ROW_HEIGHT;
  page = gtk_adjustment_get_page_size (self->vadjustment);
  value = gtk_adjustment_get_value (self->vadjustment);
  /* Out of sight: to the middle of the view, with its neighbours. */
  if (top < value || top + HP_TIMELINE_ROW_HEIGHT > value + page)
    gtk_adjustment_set_value (self->vadjustment, top + HP_TIMELINE_ROW_HEIGHT / 2 - page / 2);

  r = hp_timeline_get_row (self->timeline, row);
  bar = hp_timeline_get_bar (self->timeline, r->first_bar);
  width = _hp_timeline_view_plot_width (self);
  x0 = hp_timeline_axis_to_x (&self->axis, bar->start_us);
  x1 = hp_timeline_axis_to_x (&self->axis, bar->end_us);
  if (x1 < 0 || x0 > width)
    {
      HpTimelineAxis a = self->axis;

      a.start_us = (bar->start_us + bar->end_us) / 2.0 - width / 2 / a.px_per_us;
      _hp_timeline_view_set_axis (self, &a, FALSE);
    }
}

/* ---- hit tests and selection -------------------------------------------- */

void
_hp_timeline_view_hit (HpTimelineView *self,
                       double          x,
                       double          y,
                       int            *row,
                       int            *bar)
{
  double gutter = _hp_timeline_view_gutter_width (self);
  double plot_x = x - gutter;

  *row = -1;
  *bar = -1;
  if (!_hp_timeline_view_has_chart (self) || y < HP_TIMELINE_HEADER_HEIGHT)
    return;
  if (plot_x > _hp_timeline_view_plot_width (self))
    return;
  *row = hp_timeline_row_at (self->timeline,
                             y - HP_TIMELINE_HEADER_HEIGHT + _hp_timeline_view_scroll_y (self),
                             HP_TIMELINE_ROW_HEIGHT);
  if (*row >= 0 && plot_x >= 0)
    *bar = hp_timeline_bar_at (self->timeline, *row, hp_timeline_axis_to_time (&self->axis, plot_x),
                               HP_TIMELINE_MARKER_SLOP_PX / self->axis.px_per_us);
}

void
_hp_timeline_view_select_row (HpTimelineView *self,
                              int             row)
{
  g_assert (HP_IS_TIMELINE_VIEW (self));

  if (self->session == NULL || self->timeline == NULL)
    return;
  hp_session_set_selected_node_id (self->session,
                                   row >= 0 ? hp_timeline_get_row (self->timeline, row)->node_id : NULL);
}

void
_hp_timeline_view_activate (HpTimelineView *self)
{
  int row = _hp_timeline_view_selected_row (self);

  if (row >= 0)
    hp_session_jump_to_node (self->session, hp_timeline_get_row (self->timeline, row)->node_id);
}

/* ---- pointer ------------------------------------------------------------ */

static void
set_hover (HpTimelineView *self,
           int             row,
           int             bar)
{
  if (row == self->hover_row && bar == self->hover_bar)
    return;
  self->hover_row = row;
  self->hover_bar = bar;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
click_pressed_cb (HpTimelineView  *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  g_assert (HP_IS_TIMELINE_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
click_released_cb (HpTimelineView  *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  int row, bar;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  _hp_timeline_view_hit (self, x, y, &row, &bar);
  if (row < 0)
    return;
  _hp_timeline_view_select_row (self, row);
  if (n_press == 2)
    _hp_timeline_view_activate (self);
}

static void
drag_begin_cb (HpTimelineView *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  g_assert (HP_IS_TIMELINE_VIEW (self));

  self->drag_panning = FALSE;
  self->drag_start_us = self->axis.start_us;
  self->drag_scroll_y = _hp_timeline_view_scroll_y (self);
}

static void
drag_update_cb (HpTimelineView *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  HpTimelineAxis a = self->axis;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  /* A few pixels of slack keep clicks clicks. */
  if (!self->drag_panning && fabs (dx) + fabs (dy) <= 4)
    return;
  if (!self->drag_panning)
    {
      self->drag_panning = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  a.start_us = self->drag_start_us - dx / a.px_per_us;
  _hp_timeline_view_set_axis (self, &a, TRUE);
  _hp_timeline_view_scroll_by (self, self->drag_scroll_y - dy - _hp_timeline_view_scroll_y (self));
}

static void
drag_end_cb (HpTimelineView *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  self->drag_panning = FALSE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
pan_by (HpTimelineView *self,
        double          dx_px)
{
  HpTimelineAxis a = self->axis;

  a.start_us += dx_px / a.px_per_us;
  _hp_timeline_view_set_axis (self, &a, TRUE);
}

static gboolean
scroll_cb (HpTimelineView           *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double unit = wheel ? 48 : 1;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  if (hp_timeline_view_get_timeline (self) == NULL)
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (HP_TIMELINE_ZOOM_STEP, -dy) : exp (-dy / 100.0);
      double plot_x = self->pointer_x - _hp_timeline_view_gutter_width (self);

      if (!self->pointer_inside || plot_x < 0)
        plot_x = _hp_timeline_view_plot_width (self) / 2;
      _hp_timeline_view_zoom_at (self, factor, plot_x);
      return TRUE;
    }
  if ((state & GDK_SHIFT_MASK) && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (dx != 0)
    pan_by (self, dx * unit);
  if (dy != 0)
    _hp_timeline_view_scroll_by (self, dy * unit);
  return TRUE;
}

static void
zoom_begin_cb (HpTimelineView   *self,
               GdkEventSequence *sequence,
               GtkGestureZoom   *gesture)
{
  self->pinch_px_per_us = self->axis.px_per_us;
}

static void
zoom_scale_changed_cb (HpTimelineView *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double cx, cy;
  double plot_x;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    cx = _hp_timeline_view_gutter_width (self) + _hp_timeline_view_plot_width (self) / 2;
  plot_x = MAX (cx - _hp_timeline_view_gutter_width (self), 0);
  _hp_timeline_view_zoom_at (self, self->pinch_px_per_us * scale / self->axis.px_per_us, plot_x);
}

static void
motion_cb (HpTimelineView           *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  int row, bar;

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  _hp_timeline_view_hit (self, x, y, &row, &bar);
  set_hover (self, row, bar);
}

static void
leave_cb (HpTimelineView           *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_inside = FALSE;
  set_hover (self, -1, -1);
}

/* ---- keyboard ----------------------------------------------------------- */

static gboolean
key_pressed_cb (HpTimelineView        *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  HpTimeline *timeline = hp_timeline_view_get_timeline (self);
  int n;
  int selected;
  int next;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  if (timeline == NULL || (n = (int) hp_timeline_get_n_rows (timeline)) == 0)
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  selected = _hp_timeline_view_selected_row (self);

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      next = selected < 0 ? n - 1 : selected - 1;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      next = selected < 0 ? 0 : selected + 1;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      next = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      next = n - 1;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      pan_by (self, -_hp_timeline_view_plot_width (self) / 8);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      pan_by (self, _hp_timeline_view_plot_width (self) / 8);
      return TRUE;
    case GDK_KEY_Escape:
      if (selected < 0)
        return FALSE;
      _hp_timeline_view_select_row (self, -1);
      return TRUE;
    default:
      return FALSE;
    }

  if (next < 0 || next >= n)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }
  _hp_timeline_view_select_row (self, next);
  return TRUE;
}

/* ---- actions ------------------------------------------------------------ */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  hp_timeline_view_zoom_in (HP_TIMELINE_VIEW (widget));
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  hp_timeline_view_zoom_out (HP_TIMELINE_VIEW (widget));
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  hp_timeline_view_zoom_to_fit (HP_TIMELINE_VIEW (widget));
}

static void
activate_node_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _hp_timeline_view_activate (HP_TIMELINE_VIEW (widget));
}

void
_hp_timeline_view_class_input_init (GtkWidgetClass *widget_class)
{
  static const struct {
    guint           key;
    GdkModifierType mods;
    const char     *action;
  } bindings[] = {
    { GDK_KEY_plus, 0, "timeline.zoom-in" },
    { GDK_KEY_equal, 0, "timeline.zoom-in" },
    { GDK_KEY_KP_Add, 0, "timeline.zoom-in" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "timeline.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "timeline.zoom-in" },
    { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "timeline.zoom-in" },
    { GDK_KEY_minus, 0, "timeline.zoom-out" },
    { GDK_KEY_KP_Subtract, 0, "timeline.zoom-out" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "timeline.zoom-out" },
    { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "timeline.zoom-out" },
    { GDK_KEY_0, 0, "timeline.zoom-fit" },
    { GDK_KEY_KP_0, 0, "timeline.zoom-fit" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "timeline.zoom-fit" },
    { GDK_KEY_KP_0, GDK_CONTROL_MASK, "timeline.zoom-fit" },
    { GDK_KEY_Return, 0, "timeline.activate-node" },
    { GDK_KEY_KP_Enter, 0, "timeline.activate-node" },
    { GDK_KEY_ISO_Enter, 0, "timeline.activate-node" },
    { GDK_KEY_space, 0, "timeline.activate-node" },
  };

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "timeline.activate-node", NULL, activate_node_action);
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, bindings[i].key, bindings[i].mods,
                                         bindings[i].action, NULL);
}

void
_hp_timeline_view_input_init (HpTimelineView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *gesture;
  GtkEventController *controller;

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (widget, controller);
}
