/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-timeline-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-timeline-painter.h"
#include "hp-timeline-view-private.h"

G_DEFINE_FINAL_TYPE (HpTimelineView, hp_timeline_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_HEATMAP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- layout ------------------------------------------------------------- */

double
_hp_timeline_view_gutter_width (HpTimelineView *self)
{
  return round (CLAMP (gtk_widget_get_width (GTK_WIDGET (self)) * 0.28,
                       HP_TIMELINE_GUTTER_MIN, HP_TIMELINE_GUTTER_MAX));
}

double
_hp_timeline_view_plot_width (HpTimelineView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)) - _hp_timeline_view_gutter_width (self);

  if (gtk_widget_get_child_visible (self->scrollbar))
    {
      int w = 0;

      gtk_widget_measure (self->scrollbar, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
      width -= w;
    }
  return MAX (width, 1.0);
}

double
_hp_timeline_view_scroll_y (HpTimelineView *self)
{
  return gtk_adjustment_get_value (self->vadjustment);
}

int
_hp_timeline_view_selected_row (HpTimelineView *self)
{
  if (self->timeline == NULL || self->session == NULL)
    return -1;
  return hp_timeline_find_row (self->timeline, hp_session_get_selected_node_id (self->session));
}

gboolean
_hp_timeline_view_has_chart (HpTimelineView *self)
{
  return self->timeline != NULL && hp_timeline_has_timing (self->timeline);
}

static void
update_adjustment (HpTimelineView *self)
{
  double page = MAX (gtk_widget_get_height (GTK_WIDGET (self)) - HP_TIMELINE_HEADER_HEIGHT, 0);
  double upper = _hp_timeline_view_has_chart (self) ? hp_timeline_get_n_rows (self->timeline) * HP_TIMELINE_ROW_HEIGHT : 0;

  gtk_adjustment_configure (self->vadjustment,
                            CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, MAX (upper - page, 0)),
                            0, MAX (upper, page), HP_TIMELINE_ROW_HEIGHT, page * 0.9, page);
}

/* ---- model -------------------------------------------------------------- */

static void
refresh_heatmap (HpTimelineView *self)
{
  HpHeatmapOptions options;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  g_clear_pointer (&self->heatmap, hp_heatmap_unref);
  /* The same options as the canvas, so a node has the same colour in both. */
  if (self->session != NULL && hp_session_get_selected_run (self->session) != NULL)
    {
      hp_heatmap_options_init (&options);
      options.mode = self->mode;
      options.metric = hp_session_get_metric (self->session);
      options.low_pct = hp_session_get_heat_low_pct (self->session);
      options.high_pct = hp_session_get_heat_high_pct (self->session);
      options.threshold_pct = hp_session_get_threshold_pct (self->session);
      options.noise_floor_us = hp_session_get_noise_floor_us (self->session);
      options.top_n = hp_session_get_top_n (self->session);
      self->heatmap = hp_heatmap_compute (hp_session_get_profile (self->session),
                                          hp_session_get_selected_run (self->session),
                                          &options);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
refresh (HpTimelineView *self,
         gboolean        new_run)
{
  HpRun *run = self->session != NULL ? hp_session_get_selected_run (self->session) : NULL;

  g_assert (HP_IS_TIMELINE_VIEW (self));

  hp_coalesce_done (self->coalesce);
  g_clear_pointer (&self->timeline, hp_timeline_unref);
  if (run != NULL)
    self->timeline = hp_timeline_new (run, hp_profile_get_graph (hp_session_get_profile (self->session)));
  self->hover_row = -1;
  self->hover_bar = -1;
  gtk_widget_set_child_visible (self->zoom_box, _hp_timeline_view_has_chart (self));
  update_adjustment (self);
  if (new_run)
    {
      self->fitted = TRUE;
      gtk_adjustment_set_value (self->vadjustment, 0);
    }
  if (self->fitted)
    _hp_timeline_view_fit (self);
  refresh_heatmap (self);
  _hp_timeline_view_update_accessible (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  if (new_run)
    _hp_timeline_view_reveal_selection (self);
}

static void
selected_run_changed_cb (HpTimelineView *self)
{
  refresh (self, TRUE);
}

/* A run was added or grew (a live recording): keep the user's view. */
static void
profile_changed_update_cb (gpointer data)
{
  refresh (data, FALSE);
}

/* Not while hidden, and during a live run at most every few hundred ms. */
static void
profile_changed_cb (HpTimelineView *self)
{
  hp_coalesce_queue_for (self->coalesce, self->session != NULL ? hp_session_get_profile (self->session) : NULL);
}

static void
selection_changed_cb (HpTimelineView *self)
{
  g_assert (HP_IS_TIMELINE_VIEW (self));

  _hp_timeline_view_update_accessible (self);
  _hp_timeline_view_reveal_selection (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GtkWidget ---------------------------------------------------------- */

static void
hp_timeline_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) HP_TIMELINE_GUTTER_MIN + 120;
      *natural = 640;
    }
  else
    {
      *minimum = (int) (HP_TIMELINE_HEADER_HEIGHT + 3 * HP_TIMELINE_ROW_HEIGHT);
      *natural = (int) (HP_TIMELINE_HEADER_HEIGHT + 8 * HP_TIMELINE_ROW_HEIGHT);
    }
}

static void
hp_timeline_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  HpTimelineView *self = HP_TIMELINE_VIEW (widget);
  double gutter = _hp_timeline_view_gutter_width (self);
  int bw, bh, sw;
  gboolean overflow;

  update_adjustment (self);
  overflow = _hp_timeline_view_has_chart (self) &&
             gtk_adjustment_get_upper (self->vadjustment) > gtk_adjustment_get_page_size (self->vadjustment);
  gtk_widget_set_child_visible (self->scrollbar, overflow);

  gtk_widget_measure (self->zoom_box, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &bw, NULL, NULL);
  gtk_widget_measure (self->zoom_box, GTK_ORIENTATION_VERTICAL, bw, NULL, &bh, NULL, NULL);
  gtk_widget_size_allocate (self->zoom_box,
                            &(GtkAllocation) { (int) MAX (gutter - bw - 6, 0),
                                               (int) MAX ((HP_TIMELINE_HEADER_HEIGHT - bh) / 2, 0),
                                               bw, bh }, -1);
  gtk_widget_measure (self->scrollbar, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &sw, NULL, NULL);
  gtk_widget_size_allocate (self->scrollbar,
                            &(GtkAllocation) { width - sw, (int) HP_TIMELINE_HEADER_HEIGHT,
                                               sw, MAX (height - (int) HP_TIMELINE_HEADER_HEIGHT, 0) }, -1);

  if (self->fitted)
    _hp_timeline_view_fit (self);
  else
    _hp_timeline_view_set_axis (self, &self->axis, FALSE);
  if (self->reveal_pending)
    _hp_timeline_view_reveal_selection (self);
}

static void
hp_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  HpTimelineView *self = HP_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  HpTimelineScene scene = { 0 };
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  if (!self->palette_valid)
    {
      hp_graph_palette_read (&self->palette, widget);
      self->palette_valid = TRUE;
    }
  scene.timeline = self->timeline;
  scene.heatmap = self->heatmap;
  scene.palette = &self->palette;
  scene.pango_context = gtk_widget_create_pango_context (widget);
  scene.axis = self->axis;
  scene.gutter_width = _hp_timeline_view_gutter_width (self);
  scene.plot_width = _hp_timeline_view_plot_width (self);
  scene.header_height = HP_TIMELINE_HEADER_HEIGHT;
  scene.row_height = HP_TIMELINE_ROW_HEIGHT;
  scene.scroll_y = _hp_timeline_view_scroll_y (self);
  scene.selected_row = _hp_timeline_view_selected_row (self);
  scene.hover_row = self->hover_row;
  scene.hover_bar = self->hover_bar;
  if (!_hp_timeline_view_has_chart (self))
    {
      scene.empty_title = hp_timeline_view_get_empty_message (self);
      if (self->timeline != NULL)
        scene.empty_detail = _("Its source recorded no start times for its nodes, so they cannot be placed on a time axis.");
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  hp_timeline_painter_draw (&scene, cr, width, height);
  cairo_destroy (cr);
  g_object_unref (scene.pango_context);

  gtk_widget_snapshot_child (widget, self->zoom_box, snapshot);
  gtk_widget_snapshot_child (widget, self->scrollbar, snapshot);
}

static void
hp_timeline_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  HpTimelineView *self = HP_TIMELINE_VIEW (widget);

  GTK_WIDGET_CLASS (hp_timeline_view_parent_class)->css_changed (widget, change);
  self->palette_valid = FALSE;
  gtk_widget_queue_draw (widget);
}

static void
hp_timeline_view_dispose (GObject *object)
{
  HpTimelineView *self = HP_TIMELINE_VIEW (object);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->coalesce, hp_coalesce_free);
  g_clear_pointer (&self->timeline, hp_timeline_unref);
  g_clear_pointer (&self->heatmap, hp_heatmap_unref);
  g_clear_pointer (&self->zoom_box, gtk_widget_unparent);
  g_clear_pointer (&self->scrollbar, gtk_widget_unparent);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (hp_timeline_view_parent_class)->dispose (object);
}

static void
hp_timeline_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HpTimelineView *self = HP_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_HEATMAP_MODE:
      g_value_set_string (value, hp_heatmap_mode_to_string (self->mode));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_timeline_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HpTimelineView *self = HP_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_timeline_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_HEATMAP_MODE:
      {
        HpHeatmapMode mode;

        if (hp_heatmap_mode_from_string (g_value_get_string (value), &mode))
          hp_timeline_view_set_heatmap_mode (self, mode);
        else
          g_warning ("Unknown heatmap mode “%s”", g_value_get_string (value));
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_timeline_view_class_init (HpTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_timeline_view_dispose;
  object_class->get_property = hp_timeline_view_get_property;
  object_class->set_property = hp_timeline_view_set_property;
  widget_class->measure = hp_timeline_view_measure;
  widget_class->size_allocate = hp_timeline_view_size_allocate;
  widget_class->snapshot = hp_timeline_view_snapshot;
  widget_class->css_changed = hp_timeline_view_css_changed;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HpTimelineView:heatmap-mode:
   *
   * "share" or "change", as HpGraphCanvas:heatmap-mode: the window binds
   * the two so that bars and nodes have the same colours.
   */
  properties[PROP_HEATMAP_MODE] =
    g_param_spec_string ("heatmap-mode", NULL, NULL, "share",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  _hp_timeline_view_class_input_init (widget_class);
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
zoom_button (const char *icon,
             const char *action,
             const char *tooltip,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_focus_on_click (button, FALSE);
  return button;
}

static void
hp_timeline_view_init (HpTimelineView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->mode = HP_HEATMAP_SHARE;
  self->fitted = TRUE;
  self->fit_px_per_us = 1e-3;
  self->axis.px_per_us = 1e-3;
  self->hover_row = -1;
  self->hover_bar = -1;
  self->coalesce = hp_coalesce_new (widget, HP_COALESCE_LIVE_INTERVAL_MS, HP_COALESCE_NOW,
                                    profile_changed_update_cb, self);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (_hp_timeline_view_query_tooltip), NULL);

  self->vadjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 1, 1, 1, 1));
  g_signal_connect_swapped (self->vadjustment, "value-changed", G_CALLBACK (gtk_widget_queue_draw), self);
  self->scrollbar = gtk_scrollbar_new (GTK_ORIENTATION_VERTICAL, self->vadjustment);
  gtk_widget_set_parent (self->scrollbar, widget);
  gtk_widget_set_child_visible (self->scrollbar, FALSE);

  self->zoom_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->zoom_box, "linked");
  gtk_box_append (GTK_BOX (self->zoom_box),
                  zoom_button ("zoom-out-symbolic", "timeline.zoom-out", _("Zoom Out (−)"), _("Zoom Out")));
  gtk_box_append (GTK_BOX (self->zoom_box),
                  zoom_button ("zoom-fit-best-symbolic", "timeline.zoom-fit",
                               _("Fit the Whole Run (0)"), _("Fit the Whole Run")));
  gtk_box_append (GTK_BOX (self->zoom_box),
                  zoom_button ("zoom-in-symbolic", "timeline.zoom-in", _("Zoom In (+)"), _("Zoom In")));
  gtk_widget_set_parent (self->zoom_box, widget);
  gtk_widget_set_child_visible (self->zoom_box, FALSE);

  _hp_timeline_view_input_init (self);

  self->session_signals = g_signal_group_new (HP_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected-node-id",
                                 G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "jump-to-node",
                                 G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::selected-run",
                                 G_CALLBACK (selected_run_changed_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < 6; i++)
    {
      static const char * const heat_props[] = {
        "notify::metric", "notify::top-n", "notify::threshold-pct",
        "notify::noise-floor-ms", "notify::heat-low-pct", "notify::heat-high-pct",
      };

      g_signal_group_connect_object (self->session_signals, heat_props[i],
                                     G_CALLBACK (refresh_heatmap), self, G_CONNECT_SWAPPED);
    }
  self->profile_signals = g_signal_group_new (HP_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "changed",
                                 G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Run timeline"),
                                  -1);
  _hp_timeline_view_update_accessible (self);
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
hp_timeline_view_new (void)
{
  return g_object_new (HP_TYPE_TIMELINE_VIEW, NULL);
}

HpSession *
hp_timeline_view_get_session (HpTimelineView *self)
{
  g_return_val_if_fail (HP_IS_TIMELINE_VIEW (self), NULL);
  return self->session;
}

/**
 * hp_timeline_view_set_session:
 * @session: (nullable): what to show and share the selection with
 */
void
hp_timeline_view_set_session (HpTimelineView *self,
                              HpSession      *session)
{
  g_return_if_fail (HP_IS_TIMELINE_VIEW (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->profile_signals,
                             session != NULL ? hp_session_get_profile (session) : NULL);
  refresh (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

HpHeatmapMode
hp_timeline_view_get_heatmap_mode (HpTimelineView *self)
{
  g_return_val_if_fail (HP_IS_TIMELINE_VIEW (self), HP_HEATMAP_SHARE);
  return self->mode;
}

void
hp_timeline_view_set_heatmap_mode (HpTimelineView *self,
                                   HpHeatmapMode   mode)
{
  g_return_if_fail (HP_IS_TIMELINE_VIEW (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  refresh_heatmap (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP_MODE]);
}

HpTimeline *
hp_timeline_view_get_timeline (HpTimelineView *self)
{
  g_return_val_if_fail (HP_IS_TIMELINE_VIEW (self), NULL);
  hp_coalesce_flush (self->coalesce);
  return self->timeline;
}

const char *
hp_timeline_view_get_empty_message (HpTimelineView *self)
{
  g_return_val_if_fail (HP_IS_TIMELINE_VIEW (self), NULL);

  hp_coalesce_flush (self->coalesce);
  if (self->timeline == NULL)
    return _("No run selected");
  if (!hp_timeline_has_timing (self->timeline))
    return _("This run has no per-node timing");
  return NULL;
}

int
hp_timeline_view_get_selected_row (HpTimelineView *self)
{
  g_return_val_if_fail (HP_IS_TIMELINE_VIEW (self), -1);
  return _hp_timeline_view_selected_row (self);
}

HpTimelineAxis
hp_timeline_view_get_axis (HpTimelineView *self)
{
  HpTimelineAxis none = { 0, 1 };

  g_return_val_if_fail (HP_IS_TIMELINE_VIEW (self), none);
  return self->axis;
}

void
hp_timeline_view_zoom_in (HpTimelineView *self)
{
  g_return_if_fail (HP_IS_TIMELINE_VIEW (self));
  _hp_timeline_view_zoom_by (self, HP_TIMELINE_ZOOM_STEP);
}

void
hp_timeline_view_zoom_out (HpTimelineView *self)
{
  g_return_if_fail (HP_IS_TIMELINE_VIEW (self));
  _hp_timeline_view_zoom_by (self, 1 / HP_TIMELINE_ZOOM_STEP);
}

/**
 * hp_timeline_view_zoom_to_fit:
 *
 * Shows the whole run, and keeps doing so as the view is resized until
 * the user zooms or pans.
 */
void
hp_timeline_view_zoom_to_fit (HpTimelineView *self)
{
  g_return_if_fail (HP_IS_TIMELINE_VIEW (self));

  self->fitted = TRUE;
  _hp_timeline_view_fit (self);
}

gboolean
hp_timeline_view_get_bar_area (HpTimelineView  *self,
                               guint            index,
                               graphene_rect_t *area)
{
  const HpTimelineBar *bar;
  const HpTimelineRow *row;
  double lane_h, x0, x1, y;

  g_return_val_if_fail (HP_IS_TIMELINE_VIEW (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  hp_coalesce_flush (self->coalesce);
  if (!_hp_timeline_view_has_chart (self) || index >= hp_timeline_get_n_bars (self->timeline))
    return FALSE;
  bar = hp_timeline_get_bar (self->timeline, index);
  row = hp_timeline_get_row (self->timeline, bar->row);
  lane_h = (HP_TIMELINE_ROW_HEIGHT - 2 * HP_TIMELINE_BAR_INSET) / row->n_lanes;
  x0 = _hp_timeline_view_gutter_width (self) + hp_timeline_axis_to_x (&self->axis, bar->start_us);
  x1 = _hp_timeline_view_gutter_width (self) + hp_timeline_axis_to_x (&self->axis, bar->end_us);
  y = HP_TIMELINE_HEADER_HEIGHT - _hp_timeline_view_scroll_y (self) +
      bar->row * HP_TIMELINE_ROW_HEIGHT + HP_TIMELINE_BAR_INSET + bar->lane * lane_h;
  graphene_rect_init (area, x0, y, MAX (x1 - x0, 1.0), lane_h);
  return y >= HP_TIMELINE_HEADER_HEIGHT && y + lane_h <= gtk_widget_get_height (GTK_WIDGET (self)) &&
         x1 >= _hp_timeline_view_gutter_width (self) &&
         x0 <= _hp_timeline_view_gutter_width (self) + _hp_timeline_view_plot_width (self);
}
