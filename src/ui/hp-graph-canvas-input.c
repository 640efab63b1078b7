/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the graph canvas answers the pointer and the keyboard: click to
 * select, double click or Enter to activate, drag or scroll to pan,
 * Ctrl+scroll or pinch to zoom, the minimap to jump, Tab and the arrow
 * keys to move the selection; and the canvas.* actions with their keys. */
#include "hp-graph-canvas-private.h"

#include <math.h>

#include "hp-graph-navigation.h"

/* ---- pointer ------------------------------------------------------------ */

/* Where the minimap is now; FALSE when the view shows none. */
static gboolean
get_minimap (HpGraphCanvas      *self,
             HpGraphMinimapArea *m)
{
  return hp_graph_minimap_area_compute (self->layout, &self->transform,
                                        gtk_widget_get_width (GTK_WIDGET (self)),
                                        gtk_widget_get_height (GTK_WIDGET (self)), m);
}

static void
select_index (HpGraphCanvas *self,
              int            index)
{
  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (self->session == NULL)
    return;
  hp_session_set_selected_node_id (self->session,
                                   index >= 0 ? hp_graph_layout_get_node_id (self->layout, index) : NULL);
}

static void
click_released_cb (HpGraphCanvas   *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  HpGraphMinimapArea m;
  int index;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (get_minimap (self, &m) &&
      hp_graph_minimap_area_contains (&m, x, y))
    return;
  index = _hp_graph_canvas_hit_test (self, x, y);
  if (n_press == 2 && index >= 0)
    _hp_graph_canvas_activate_index (self, index);
  else
    select_index (self, index);
}

static void
click_pressed_cb (HpGraphCanvas   *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (gtk_widget_get_focusable (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
center_on_minimap_point (HpGraphCanvas            *self,
                         const HpGraphMinimapArea *m,
                         double                    x,
                         double                    y)
{
  HpViewTransform t;
  double gx, gy;

  hp_graph_minimap_area_to_graph (m, x, y, &gx, &gy);
  _hp_graph_canvas_stop_animation (self);
  t = _hp_graph_canvas_centered_transform (self, gx, gy, self->transform.zoom);
  _hp_graph_canvas_apply_transform (self, &t, TRUE);
}

static void
drag_begin_cb (HpGraphCanvas  *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  HpGraphMinimapArea m;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  self->drag_minimap = FALSE;
  self->drag_panning = FALSE;
  if (button != GDK_BUTTON_MIDDLE &&
      get_minimap (self, &m) &&
      hp_graph_minimap_area_contains (&m, x, y))
    {
      self->drag_minimap = TRUE;
      center_on_minimap_point (self, &m, x, y);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }
  /* The primary button pans from empty space only; nodes are for clicking. */
  if (button != GDK_BUTTON_MIDDLE && _hp_graph_canvas_hit_test (self, x, y) >= 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  _hp_graph_canvas_stop_animation (self);
  self->drag_panning = TRUE;
  self->drag_offset_x = self->transform.offset_x;
  self->drag_offset_y = self->transform.offset_y;
  if (button == GDK_BUTTON_MIDDLE)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (HpGraphCanvas  *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  double sx, sy;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (self->drag_minimap)
    {
      HpGraphMinimapArea m;

      gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
      if (get_minimap (self, &m))
        center_on_minimap_point (self, &m, sx + dx, sy + dy);
      return;
    }
  if (!self->drag_panning)
    return;
  if (fabs (dx) + fabs (dy) > 3)
    {
      HpViewTransform t = self->transform;

      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      t.offset_x = self->drag_offset_x + dx;
      t.offset_y = self->drag_offset_y + dy;
      _hp_graph_canvas_apply_transform (self, &t, TRUE);
    }
}

static void
drag_end_cb (HpGraphCanvas  *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  self->drag_minimap = FALSE;
  self->drag_panning = FALSE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
pan_by (HpGraphCanvas *self,
        double         dx,
        double         dy)
{
  HpViewTransform t = self->transform;

  _hp_graph_canvas_stop_animation (self);
  t.offset_x += dx;
  t.offset_y += dy;
  _hp_graph_canvas_apply_transform (self, &t, TRUE);
}

static gboolean
scroll_cb (HpGraphCanvas            *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (HP_GRAPH_CANVAS_ZOOM_STEP, -dy) : exp (-dy / 100.0);

      if (self->pointer_inside)
        _hp_graph_canvas_zoom_around (self, factor, self->pointer_x, self->pointer_y);
      else
        _hp_graph_canvas_zoom_by (self, factor);
      return TRUE;
    }
  if ((state & GDK_SHIFT_MASK) && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    pan_by (self, -dx * 48, -dy * 48);
  else
    pan_by (self, -dx, -dy);
  return TRUE;
}

static void
zoom_begin_cb (HpGraphCanvas    *self,
               GdkEventSequence *sequence,
               GtkGestureZoom   *gesture)
{
  _hp_graph_canvas_stop_animation (self);
  self->pinch_zoom = self->transform.zoom;
}

static void
zoom_scale_changed_cb (HpGraphCanvas  *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double cx, cy;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  _hp_graph_canvas_zoom_around (self, self->pinch_zoom * scale / self->transform.zoom, cx, cy);
}

static void
motion_cb (HpGraphCanvas            *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  int index;

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  index = _hp_graph_canvas_hit_test (self, x, y);
  if (index != self->hover_index)
    {
      self->hover_index = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (HpGraphCanvas            *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_inside = FALSE;
  if (self->hover_index != -1)
    {
      self->hover_index = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* ---- keyboard ----------------------------------------------------------- */

static gboolean
node_in_view (HpGraphCanvas *self,
              int            index)
{
  HpRect v = hp_graph_scene_rect_to_view (&self->transform,
                                          hp_graph_layout_get_node_rect (self->layout, index));

  return v.x >= 0 && v.y >= 0 &&
         v.x + v.width <= gtk_widget_get_width (GTK_WIDGET (self)) &&
         v.y + v.height <= gtk_widget_get_height (GTK_WIDGET (self));
}

/* The node nearest to the centre of the view. */
static int
node_near_center (HpGraphCanvas *self)
{
  double gx, gy;

  hp_view_transform_to_graph (&self->transform,
                              gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                              gtk_widget_get_height (GTK_WIDGET (self)) / 2.0,
                              &gx, &gy);
  return hp_graph_navigation_nearest (self->layout, gx, gy);
}

static void
move_selection_to (HpGraphCanvas *self,
                   int            index)
{
  select_index (self, index);
  if (index >= 0 && gtk_widget_get_width (GTK_WIDGET (self)) > 0 && !node_in_view (self, index))
    hp_graph_canvas_center_on_node (self, hp_graph_layout_get_node_id (self->layout, index), TRUE);
}

static gboolean
key_pressed_cb (HpGraphCanvas         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  guint n;
  int selected;
  double dx = 0, dy = 0;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (self->layout == NULL || (n = hp_graph_layout_get_n_nodes (self->layout)) == 0)
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  selected = _hp_graph_canvas_get_selected_index (self);

  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      {
        gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK);
        int next = hp_graph_navigation_tab_step (self->tab_order, n, selected, back);

        /* Past either end, Tab leaves the canvas as usual. */
        if (next < 0)
          return FALSE;
        move_selection_to (self, next);
        return TRUE;
      }
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      dx = -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      dx = 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      dy = -1;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      dy = 1;
      break;
    case GDK_KEY_Escape:
      if (selected < 0)
        return FALSE;
      select_index (self, -1);
      return TRUE;
    default:
      return FALSE;
    }

  if (selected < 0)
    move_selection_to (self, node_near_center (self));
  else
    {
      int next = hp_graph_navigation_neighbour (self->layout, selected, dx, dy);

      if (next >= 0)
        move_selection_to (self, next);
      else
        gtk_widget_error_bell (GTK_WIDGET (self));
    }
  return TRUE;
}

/* ---- actions ------------------------------------------------------------ */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  hp_graph_canvas_zoom_in (HP_GRAPH_CANVAS (widget));
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  hp_graph_canvas_zoom_out (HP_GRAPH_CANVAS (widget));
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  hp_graph_canvas_zoom_to_fit (HP_GRAPH_CANVAS (widget));
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  hp_graph_canvas_zoom_reset (HP_GRAPH_CANVAS (widget));
}

static void
activate_node_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (widget);

  _hp_graph_canvas_activate_index (self, _hp_graph_canvas_get_selected_index (self));
}

void
_hp_graph_canvas_class_input_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "canvas.activate-node", NULL, activate_node_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_SHIFT_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, 0, "canvas.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, 0, "canvas.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "canvas.activate-node", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "canvas.activate-node", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0, "canvas.activate-node", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "canvas.activate-node", NULL);
}

void
_hp_graph_canvas_input_init (HpGraphCanvas *self)
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
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_MIDDLE);
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
