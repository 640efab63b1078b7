/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-canvas.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hp-config.h"
#include "hp-graph-canvas-private.h"
#include "hp-graph-legend.h"
#include "hp-graph-live.h"
#include "hp-graph-navigation.h"
#include "hp-graph-painter.h"


G_DEFINE_FINAL_TYPE (HpGraphCanvas, hp_graph_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_HEATMAP_MODE,
  PROP_ZOOM,
  PROP_SHOW_CRITICAL_PATH,
  N_PROPS
};

enum {
  NODE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- model -------------------------------------------------------------- */

static void
invalidate (HpGraphCanvas *self)
{
  g_assert (HP_IS_GRAPH_CANVAS (self));

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  hp_graph_minimap_invalidate (&self->minimap);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
_hp_graph_canvas_get_selected_index (HpGraphCanvas *self)
{
  const char *node_id;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (self->session == NULL || self->layout == NULL)
    return -1;
  node_id = hp_session_get_selected_node_id (self->session);
  return node_id != NULL ? hp_graph_layout_find_node (self->layout, node_id) : -1;
}

static void
update_accessible_description (HpGraphCanvas *self)
{
  g_autofree char *text = NULL;
  guint n_nodes = self->layout != NULL ? hp_graph_layout_get_n_nodes (self->layout) : 0;
  int index = _hp_graph_canvas_get_selected_index (self);

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (index >= 0)
    {
      HpNodeStats *stats = hp_profile_lookup_node_stats (hp_session_get_profile (self->session),
                                                         hp_graph_layout_get_node_id (self->layout, index));
      const char *title = stats != NULL ? hp_node_stats_get_title (stats) : NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node; selected: %s",
                                           "%u nodes; selected: %s", n_nodes),
                              n_nodes,
                              title != NULL ? title : hp_graph_layout_get_node_id (self->layout, index));
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node; none selected",
                                         "%u nodes; none selected", n_nodes),
                            n_nodes);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

/* The critical path of the selected run (hp-critical-path.h), when it is
 * shown; a graph with a cycle has none. */
static void
refresh_critical_path (HpGraphCanvas *self)
{
  HpRun *run;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  g_clear_pointer (&self->critical_path, hp_critical_path_unref);
  if (!self->show_critical_path || self->session == NULL)
    return;
  run = hp_session_get_selected_run (self->session);
  if (run != NULL)
    self->critical_path = hp_critical_path_compute (hp_profile_get_graph (hp_session_get_profile (self->session)),
                                                    run, NULL);
}

static void
refresh_heatmap (HpGraphCanvas *self)
{
  HpHeatmapOptions options;
  guint n;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->heatmap, hp_heatmap_unref);
  if (self->session != NULL && self->layout != NULL)
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
      n = hp_graph_layout_get_n_nodes (self->layout);
      self->cells = g_new0 (const HpHeatmapCell *, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        self->cells[i] = hp_heatmap_lookup (self->heatmap, hp_graph_layout_get_node_id (self->layout, i));
    }
  refresh_critical_path (self);
  update_accessible_description (self);
  invalidate (self);
}

static void
refresh_layout (HpGraphCanvas *self)
{
  HpWorkflowGraph *graph;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  g_clear_pointer (&self->layout, hp_graph_layout_unref);
  g_clear_pointer (&self->tab_order, g_free);
  self->hover_index = -1;
  self->graph_n_nodes = 0;
  self->graph_n_edges = 0;
  if (self->session != NULL)
    {
      graph = hp_profile_get_graph (hp_session_get_profile (self->session));
      self->graph_n_nodes = hp_workflow_graph_get_n_nodes (graph);
      self->graph_n_edges = hp_workflow_graph_get_n_edges (graph);
      self->layout = hp_graph_layout_compute (graph);
      self->tab_order = hp_graph_navigation_reading_order (self->layout);
    }
  refresh_heatmap (self);
}

static void
profile_changed_cb (HpGraphCanvas *self,
                    HpProfile     *profile)
{
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  gboolean was_empty = self->layout == NULL || hp_graph_layout_get_n_nodes (self->layout) == 0;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  /* Runs come and go far more often than the graph changes. */
  if (hp_workflow_graph_get_n_nodes (graph) != self->graph_n_nodes ||
      hp_workflow_graph_get_n_edges (graph) != self->graph_n_edges)
    {
      refresh_layout (self);
      if (was_empty || self->fitted)
        hp_graph_canvas_zoom_to_fit (self);
    }
  else
    refresh_heatmap (self);
}

static void
selection_changed_cb (HpGraphCanvas *self)
{
  g_assert (HP_IS_GRAPH_CANVAS (self));

  update_accessible_description (self);
  /* The selected node's edges are highlighted under the nodes. */
  invalidate (self);
}

static void
jump_to_node_cb (HpGraphCanvas *self,
                 const char    *node_id,
                 HpSession     *session)
{
  g_assert (HP_IS_GRAPH_CANVAS (self));

  hp_graph_canvas_center_on_node (self, node_id, TRUE);
}


/* ---- drawing ------------------------------------------------------------ */

/* What the painter, legend and minimap need of the canvas. The caller
 * unrefs scene->pango_context: a fresh one, as a widget's own layouts get,
 * since drawing text updates it for the target. */
static void
scene_init (HpGraphScene  *scene,
            HpGraphCanvas *self)
{
  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (!self->palette_valid)
    {
      hp_graph_palette_read (&self->palette, GTK_WIDGET (self));
      self->palette_valid = TRUE;
    }
  scene->layout = self->layout;
  scene->profile = self->session != NULL ? hp_session_get_profile (self->session) : NULL;
  scene->heatmap = self->heatmap;
  scene->cells = self->cells;
  scene->palette = &self->palette;
  scene->pango_context = gtk_widget_create_pango_context (GTK_WIDGET (self));
  scene->transform = self->transform;
  scene->selected = _hp_graph_canvas_get_selected_index (self);
  scene->hover = self->hover_index;
  scene->show_critical_path = self->show_critical_path;
  scene->critical_path = self->critical_path;
}

/* The static layer (edges and nodes) changes only with the view, the
 * model or the style, so the snapshot keeps it as a render node; the
 * overlay (hover, selection, legend, minimap) is drawn every frame. */
typedef enum {
  LAYER_GRAPH   = 1 << 0,
  LAYER_OVERLAY = 1 << 1,
} Layers;

static void
draw_layers (HpGraphCanvas *self,
             cairo_t       *cr,
             int            width,
             int            height,
             double         scale,
             Layers         layers)
{
  HpGraphScene scene;

  if (self->layout == NULL)
    return;

  scene_init (&scene, self);
  if (layers & LAYER_GRAPH)
    hp_graph_painter_draw_graph (&scene, cr, width, height, scale);
  if (layers & LAYER_OVERLAY)
    {
      hp_graph_painter_draw_highlights (&scene, cr);
      _hp_graph_live_draw (self, &scene, cr);
      hp_graph_legend_draw (&scene, cr, width, height);
      hp_graph_minimap_draw (&self->minimap, &scene, cr, width, height, scale);
    }
  g_object_unref (scene.pango_context);
}

/**
 * hp_graph_canvas_draw:
 * @cr: where to draw, in view pixels
 *
 * Draws the graph, the selection, the legend and the minimap as the
 * widget would show them in a view of @width × @height pixels.
 */
void
hp_graph_canvas_draw (HpGraphCanvas *self,
                      cairo_t       *cr,
                      int            width,
                      int            height)
{
  double scale;

  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  g_return_if_fail (cr != NULL);

  cairo_surface_get_device_scale (cairo_get_target (cr), &scale, NULL);
  draw_layers (self, cr, width, height, scale, LAYER_GRAPH | LAYER_OVERLAY);
}

/* ---- GtkWidget ---------------------------------------------------------- */

static void
hp_graph_canvas_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  if (self->cache != NULL &&
      (self->cache_width != width || self->cache_height != height ||
       memcmp (&self->cache_transform, &self->transform, sizeof self->transform) != 0))
    g_clear_pointer (&self->cache, gsk_render_node_unref);
  if (self->cache == NULL)
    {
      GtkSnapshot *static_snapshot = gtk_snapshot_new ();

      cr = gtk_snapshot_append_cairo (static_snapshot, &bounds);
      draw_layers (self, cr, width, height, gtk_widget_get_scale_factor (widget), LAYER_GRAPH);
      cairo_destroy (cr);
      self->cache = gtk_snapshot_free_to_node (static_snapshot);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_transform = self->transform;
    }
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  draw_layers (self, cr, width, height, gtk_widget_get_scale_factor (widget), LAYER_OVERLAY);
  cairo_destroy (cr);
}

static void
hp_graph_canvas_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 420;
}

static void
hp_graph_canvas_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (widget);

  if (width != self->last_width || height != self->last_height)
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      if (self->pending_center != NULL && self->layout != NULL)
        {
          g_autofree char *node_id = g_steal_pointer (&self->pending_center);

          hp_graph_canvas_center_on_node (self, node_id, FALSE);
        }
      else if (self->fitted)
        hp_graph_canvas_zoom_to_fit (self);
      else if (self->last_width > 0 && self->last_height > 0)
        {
          /* Keep what was in the middle in the middle. */
          HpViewTransform t = self->transform;

          t.offset_x += (width - self->last_width) / 2.0;
          t.offset_y += (height - self->last_height) / 2.0;
          _hp_graph_canvas_apply_transform (self, &t, FALSE);
        }
      self->last_width = width;
      self->last_height = height;
    }
}

static void
hp_graph_canvas_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (widget);

  GTK_WIDGET_CLASS (hp_graph_canvas_parent_class)->css_changed (widget, change);

  hp_graph_palette_read (&self->palette, widget);
  self->palette_valid = TRUE;
  invalidate (self);
}

static void
hp_graph_canvas_unmap (GtkWidget *widget)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (widget);

  /* An animation cut short lands where it was going. */
  if (self->tick_id != 0)
    {
      HpViewTransform t = _hp_graph_canvas_centered_transform (self, self->anim_to_cx, self->anim_to_cy,
                                                               self->anim_to_zoom);

      _hp_graph_canvas_stop_animation (self);
      _hp_graph_canvas_apply_transform (self, &t, FALSE);
    }
  GTK_WIDGET_CLASS (hp_graph_canvas_parent_class)->unmap (widget);
}

/* ---- pointer ------------------------------------------------------------ */

int
_hp_graph_canvas_hit_test (HpGraphCanvas *self,
                           double         x,
                           double         y)
{
  double gx, gy;

  if (self->layout == NULL)
    return -1;
  hp_view_transform_to_graph (&self->transform, x, y, &gx, &gy);
  return hp_graph_layout_hit_test (self->layout, gx, gy);
}

void
_hp_graph_canvas_activate_index (HpGraphCanvas *self,
                                 int            index)
{
  if (index >= 0)
    g_signal_emit (self, signals[NODE_ACTIVATED], 0, hp_graph_layout_get_node_id (self->layout, index));
}

void
_hp_graph_canvas_notify_zoom (HpGraphCanvas *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}


/* ---- GObject ------------------------------------------------------------ */

static void
hp_graph_canvas_dispose (GObject *object)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (object);

  _hp_graph_canvas_stop_animation (self);
  _hp_graph_live_stop (self);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->heatmap, hp_heatmap_unref);
  g_clear_pointer (&self->critical_path, hp_critical_path_unref);
  g_clear_pointer (&self->layout, hp_graph_layout_unref);
  g_clear_pointer (&self->tab_order, g_free);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  hp_graph_minimap_invalidate (&self->minimap);
  g_clear_pointer (&self->pending_center, g_free);

  G_OBJECT_CLASS (hp_graph_canvas_parent_class)->dispose (object);
}

static void
hp_graph_canvas_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_HEATMAP_MODE:
      g_value_set_string (value, hp_heatmap_mode_to_string (self->mode));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->transform.zoom);
      break;
    case PROP_SHOW_CRITICAL_PATH:
      g_value_set_boolean (value, self->show_critical_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_graph_canvas_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_graph_canvas_set_session (self, g_value_get_object (value));
      break;
    case PROP_HEATMAP_MODE:
      {
        HpHeatmapMode mode;

        if (hp_heatmap_mode_from_string (g_value_get_string (value), &mode))
          hp_graph_canvas_set_heatmap_mode (self, mode);
        else
          g_warning ("Unknown heatmap mode “%s”", g_value_get_string (value));
      }
      break;
    case PROP_ZOOM:
      hp_graph_canvas_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_SHOW_CRITICAL_PATH:
      hp_graph_canvas_set_show_critical_path (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_graph_canvas_class_init (HpGraphCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_graph_canvas_dispose;
  object_class->get_property = hp_graph_canvas_get_property;
  object_class->set_property = hp_graph_canvas_set_property;

  widget_class->snapshot = hp_graph_canvas_snapshot;
  widget_class->measure = hp_graph_canvas_measure;
  widget_class->size_allocate = hp_graph_canvas_size_allocate;
  widget_class->css_changed = hp_graph_canvas_css_changed;
  widget_class->unmap = hp_graph_canvas_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HpGraphCanvas:heatmap-mode:
   *
   * "share" (of the run's time) or "change" (against the node's history);
   * the values of the heatmap-mode setting.
   */
  properties[PROP_HEATMAP_MODE] =
    g_param_spec_string ("heatmap-mode", NULL, NULL, "share",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, HP_GRAPH_CANVAS_MIN_ZOOM, HP_GRAPH_CANVAS_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HpGraphCanvas:show-critical-path:
   *
   * Whether the critical path of the selected run is emphasised (and the
   * rest dimmed), with its length and efficiency in the legend.
   */
  properties[PROP_SHOW_CRITICAL_PATH] =
    g_param_spec_boolean ("show-critical-path", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HpGraphCanvas::node-activated:
   * @node_id: the node
   *
   * Enter (or a double click) on a node: show it in detail elsewhere.
   */
  signals[NODE_ACTIVATED] =
    g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  _hp_graph_canvas_class_input_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "graphcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hp_graph_canvas_init (HpGraphCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->transform.zoom = 1.0;
  self->fitted = TRUE;
  self->hover_index = -1;
  self->mode = HP_HEATMAP_SHARE;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (_hp_graph_canvas_query_tooltip_cb), NULL);

  _hp_graph_canvas_input_init (self);

  self->session_signals = g_signal_group_new (HP_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected-node-id",
                                 G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "jump-to-node",
                                 G_CALLBACK (jump_to_node_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < 7; i++)
    {
      static const char * const heat_props[] = {
        "notify::selected-run", "notify::metric", "notify::top-n", "notify::threshold-pct",
        "notify::noise-floor-ms", "notify::heat-low-pct", "notify::heat-high-pct",
      };

      g_signal_group_connect_object (self->session_signals, heat_props[i],
                                     G_CALLBACK (refresh_heatmap), self, G_CONNECT_SWAPPED);
    }
  self->profile_signals = g_signal_group_new (HP_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "changed",
                                 G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Workflow graph"),
                                  -1);
  update_accessible_description (self);
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
hp_graph_canvas_new (void)
{
  return g_object_new (HP_TYPE_GRAPH_CANVAS, NULL);
}

/**
 * hp_graph_canvas_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HpSession *
hp_graph_canvas_get_session (HpGraphCanvas *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), NULL);
  return self->session;
}

/**
 * hp_graph_canvas_set_session:
 * @session: (nullable): the session to show
 *
 * Shows @session's graph, zoomed to fit.
 */
void
hp_graph_canvas_set_session (HpGraphCanvas *self,
                             HpSession     *session)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (self->session == session)
    return;

  _hp_graph_canvas_stop_animation (self);
  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->profile_signals,
                             session != NULL ? hp_session_get_profile (session) : NULL);
  refresh_layout (self);
  hp_graph_canvas_zoom_to_fit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

HpHeatmapMode
hp_graph_canvas_get_heatmap_mode (HpGraphCanvas *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), HP_HEATMAP_SHARE);
  return self->mode;
}

void
hp_graph_canvas_set_heatmap_mode (HpGraphCanvas *self,
                                  HpHeatmapMode  mode)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  g_return_if_fail (mode == HP_HEATMAP_SHARE || mode == HP_HEATMAP_CHANGE);

  if (self->mode == mode)
    return;
  self->mode = mode;
  refresh_heatmap (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP_MODE]);
}


HpGraphLayout *
hp_graph_canvas_get_layout (HpGraphCanvas *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), NULL);
  return self->layout;
}

HpHeatmap *
hp_graph_canvas_get_heatmap (HpGraphCanvas *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), NULL);
  return self->heatmap;
}

gboolean
hp_graph_canvas_get_show_critical_path (HpGraphCanvas *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), FALSE);
  return self->show_critical_path;
}

/**
 * hp_graph_canvas_set_show_critical_path:
 * @show: whether to highlight the critical path of the selected run
 *
 * The path follows the selected run and the profile's changes while shown.
 */
void
hp_graph_canvas_set_show_critical_path (HpGraphCanvas *self,
                                        gboolean       show)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));

  show = !!show;
  if (self->show_critical_path == show)
    return;
  self->show_critical_path = show;
  refresh_critical_path (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CRITICAL_PATH]);
}

/**
 * hp_graph_canvas_get_critical_path:
 *
 * Returns: (transfer none) (nullable): the critical path highlighted
 */
HpCriticalPath *
hp_graph_canvas_get_critical_path (HpGraphCanvas *self)
{
  g_return_val_if_fail (HP_IS_GRAPH_CANVAS (self), NULL);
  return self->critical_path;
}
