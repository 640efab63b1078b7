/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-canvas.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hp-config.h"
#include "hp-format-utils.h"
#include "hp-time-format.h"

#define ZOOM_STEP          1.25
#define FIT_MARGIN         32.0
#define FIT_MAX_ZOOM       1.0
#define ANIMATION_US       (250 * G_TIME_SPAN_MILLISECOND)
/* Below this many pixels on screen a node has no text; below SIMPLE_PX
 * nodes are plain rectangles filled a colour at a time. */
#define TEXT_MIN_PX        40.0
#define TEXT_MIN_HEIGHT_PX 20.0
#define SIMPLE_PX          10.0
/* Text sizes in graph units (they scale with the zoom). */
#define TITLE_SIZE         15.0
#define DETAIL_SIZE        12.5
#define NODE_PAD           9.0
#define MINIMAP_MAX_WIDTH  200.0
#define MINIMAP_MAX_HEIGHT 140.0
#define OVERLAY_MARGIN     12.0
#define DIM_ALPHA          0.38

typedef struct {
  GdkRGBA fg;
  GdkRGBA canvas_bg;
  GdkRGBA node_bg;
  GdkRGBA popover_bg;
  GdkRGBA borders;
  GdkRGBA accent;
  GdkRGBA success;
  GdkRGBA warning;
  GdkRGBA error;
  GdkRGBA success_bg;
  GdkRGBA warning_bg;
  GdkRGBA error_bg;
  gboolean dark;
} Colors;

struct _HpGraphCanvas
{
  GtkWidget              parent_instance;

  HpSession             *session;
  GSignalGroup          *session_signals;
  GSignalGroup          *profile_signals;

  HpGraphLayout         *layout;
  guint                  graph_n_nodes;    /* the graph the layout was made for */
  guint                  graph_n_edges;
  guint                 *tab_order;        /* layout indices, reading order */
  HpHeatmap             *heatmap;
  const HpHeatmapCell  **cells;            /* per layout index, nullable */
  HpHeatmapMode          mode;

  HpViewTransform        transform;
  gboolean               fitted;           /* refit on resize until the user moves */
  char                  *pending_center;   /* centre once allocated */
  int                    last_width;
  int                    last_height;

  GskRenderNode         *cache;
  cairo_surface_t       *minimap;          /* its nodes, NULL when stale */
  double                 minimap_scale;
  HpViewTransform        cache_transform;
  int                    cache_width;
  int                    cache_height;

  Colors                 colors;
  gboolean               colors_valid;

  int                    hover_index;
  gboolean               pointer_inside;
  double                 pointer_x;
  double                 pointer_y;

  gboolean               drag_minimap;
  gboolean               drag_panning;
  double                 drag_offset_x;
  double                 drag_offset_y;
  double                 pinch_zoom;

  guint                  tick_id;
  gint64                 anim_start_us;
  double                 anim_from_zoom;
  double                 anim_to_zoom;
  double                 anim_from_cx;     /* graph point at the view centre */
  double                 anim_from_cy;
  double                 anim_to_cx;
  double                 anim_to_cy;
};

G_DEFINE_FINAL_TYPE (HpGraphCanvas, hp_graph_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_HEATMAP_MODE,
  PROP_ZOOM,
  N_PROPS
};

enum {
  NODE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void set_transform_internal (HpGraphCanvas         *self,
                                    const HpViewTransform *t,
                                    gboolean               by_user);
static void stop_animation         (HpGraphCanvas         *self);

/* ---- colours ------------------------------------------------------------ */

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
}

/* @top over the opaque @bottom. */
static GdkRGBA
blend (const GdkRGBA *bottom,
       const GdkRGBA *top)
{
  GdkRGBA out = {
    top->red * top->alpha + bottom->red * (1 - top->alpha),
    top->green * top->alpha + bottom->green * (1 - top->alpha),
    top->blue * top->alpha + bottom->blue * (1 - top->alpha),
    1.0,
  };

  return out;
}

static void
read_colors (HpGraphCanvas *self)
{
  GtkStyleContext *context;
  Colors *c = &self->colors;
  GdkRGBA card;
  GdkRGBA popover;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  lookup_color (context, "window_fg_color", "rgba(0,0,0,0.8)", &c->fg);
  lookup_color (context, "window_bg_color", "#fafafa", &c->canvas_bg);
  lookup_color (context, "card_bg_color", "#ffffff", &card);
  lookup_color (context, "popover_bg_color", "#ffffff", &popover);
  lookup_color (context, "borders", "rgba(0,0,0,0.15)", &c->borders);
  lookup_color (context, "accent_color", "#1c71d8", &c->accent);
  lookup_color (context, "success_color", "#26a269", &c->success);
  lookup_color (context, "warning_color", "#9c6e03", &c->warning);
  lookup_color (context, "error_color", "#c01c28", &c->error);
  lookup_color (context, "success_bg_color", "#26a269", &c->success_bg);
  lookup_color (context, "warning_bg_color", "#e5a50a", &c->warning_bg);
  lookup_color (context, "error_bg_color", "#e01b24", &c->error_bg);

  c->canvas_bg.alpha = 1.0;
  /* Cards are translucent in the dark style: make the node body opaque so
   * edges do not show through. */
  c->node_bg = blend (&c->canvas_bg, &card);
  c->popover_bg = blend (&c->canvas_bg, &popover);
  c->dark = (c->canvas_bg.red + c->canvas_bg.green + c->canvas_bg.blue) < 1.5;
  if (c->borders.alpha < 0.2)
    c->borders.alpha = c->dark ? 0.3 : 0.2;
  self->colors_valid = TRUE;
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* The fill of a class: the strong colour for stripes, swatches, minimap. */
static const GdkRGBA *
class_color (HpGraphCanvas *self,
             HpHeatClass    heat_class)
{
  switch (heat_class)
    {
    case HP_HEAT_CLASS_LOW:
    case HP_HEAT_CLASS_FASTER:
      return &self->colors.success_bg;
    case HP_HEAT_CLASS_MEDIUM:
      return &self->colors.warning_bg;
    case HP_HEAT_CLASS_HIGH:
    case HP_HEAT_CLASS_SLOWER:
      return &self->colors.error_bg;
    case HP_HEAT_CLASS_SAME:
    case HP_HEAT_CLASS_CACHED:
    case HP_HEAT_CLASS_NONE:
    default:
      return NULL;
    }
}

/* ---- model -------------------------------------------------------------- */

static void
invalidate (HpGraphCanvas *self)
{
  g_assert (HP_IS_GRAPH_CANVAS (self));

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->minimap, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const HpHeatmapCell *
cell_at (HpGraphCanvas *self,
         int            index)
{
  if (self->cells == NULL || index < 0)
    return NULL;
  return self->cells[index];
}

static int
selected_index (HpGraphCanvas *self)
{
  const char *node_id;

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
  int index = selected_index (self);

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
  update_accessible_description (self);
  invalidate (self);
}

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  HpGraphLayout *layout = user_data;
  const HpRect *ra = hp_graph_layout_get_node_rect (layout, *(const guint *) a);
  const HpRect *rb = hp_graph_layout_get_node_rect (layout, *(const guint *) b);

  if (ra->x != rb->x)
    return ra->x < rb->x ? -1 : 1;
  if (ra->y != rb->y)
    return ra->y < rb->y ? -1 : 1;
  return 0;
}

static void
refresh_layout (HpGraphCanvas *self)
{
  HpWorkflowGraph *graph;
  guint n;

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
      n = hp_graph_layout_get_n_nodes (self->layout);
      self->tab_order = g_new (guint, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        self->tab_order[i] = i;
      g_qsort_with_data (self->tab_order, n, sizeof (guint), compare_reading_order, self->layout);
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

/* ---- geometry ----------------------------------------------------------- */

static HpRect
view_rect (HpGraphCanvas *self,
           const HpRect  *r)
{
  const HpViewTransform *t = &self->transform;
  HpRect out = {
    r->x * t->zoom + t->offset_x,
    r->y * t->zoom + t->offset_y,
    r->width * t->zoom,
    r->height * t->zoom,
  };

  return out;
}

static HpRect
visible_graph_area (const HpViewTransform *t,
                    int                    width,
                    int                    height,
                    double                 pad_px)
{
  HpRect area;

  hp_view_transform_to_graph (t, -pad_px, -pad_px, &area.x, &area.y);
  area.width = (width + 2 * pad_px) / t->zoom;
  area.height = (height + 2 * pad_px) / t->zoom;
  return area;
}

static gboolean
graph_exceeds_view (HpGraphCanvas *self,
                    int            width,
                    int            height)
{
  HpRect bounds;
  HpRect v;

  if (self->layout == NULL || hp_graph_layout_get_n_nodes (self->layout) == 0)
    return FALSE;
  bounds = hp_graph_layout_get_bounds (self->layout);
  v = view_rect (self, &bounds);
  return v.x < -0.5 || v.y < -0.5 || v.x + v.width > width + 0.5 || v.y + v.height > height + 0.5;
}

typedef struct {
  double x, y, width, height;   /* the minimap's drawing area in view px */
  double scale;                 /* view px per graph unit */
  HpRect bounds;
} Minimap;

static gboolean
get_minimap (HpGraphCanvas *self,
             int            width,
             int            height,
             Minimap       *out)
{
  double scale;

  if (!graph_exceeds_view (self, width, height))
    return FALSE;
  out->bounds = hp_graph_layout_get_bounds (self->layout);
  if (out->bounds.width <= 0 || out->bounds.height <= 0)
    return FALSE;
  scale = MIN (MINIMAP_MAX_WIDTH / out->bounds.width, MINIMAP_MAX_HEIGHT / out->bounds.height);
  out->scale = scale;
  out->width = out->bounds.width * scale;
  out->height = out->bounds.height * scale;
  out->x = width - OVERLAY_MARGIN - 6 - out->width;
  out->y = height - OVERLAY_MARGIN - 6 - out->height;
  /* No room: a minimap over half the view hides more than it shows. */
  if (out->x < width / 2.0 || out->y < height / 2.0)
    return FALSE;
  return TRUE;
}

static gboolean
minimap_contains (const Minimap *m,
                  double         x,
                  double         y)
{
  return x >= m->x - 6 && x <= m->x + m->width + 6 && y >= m->y - 6 && y <= m->y + m->height + 6;
}

/* ---- view changes ------------------------------------------------------- */

static void
set_transform_internal (HpGraphCanvas         *self,
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
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
zoom_around (HpGraphCanvas *self,
             double         factor,
             double         view_x,
             double         view_y)
{
  HpViewTransform t = self->transform;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  stop_animation (self);
  hp_view_transform_zoom_at (&t, factor, view_x, view_y,
                             HP_GRAPH_CANVAS_MIN_ZOOM, HP_GRAPH_CANVAS_MAX_ZOOM);
  set_transform_internal (self, &t, TRUE);
}

/* Around the pointer when it is over the canvas, else the centre. */
static void
zoom_by (HpGraphCanvas *self,
         double         factor)
{
  if (self->pointer_inside)
    zoom_around (self, factor, self->pointer_x, self->pointer_y);
  else
    zoom_around (self, factor,
                 gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                 gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
pan_by (HpGraphCanvas *self,
        double         dx,
        double         dy)
{
  HpViewTransform t = self->transform;

  stop_animation (self);
  t.offset_x += dx;
  t.offset_y += dy;
  set_transform_internal (self, &t, TRUE);
}

/* The transform that puts graph point (gx, gy) at the view centre. */
static HpViewTransform
centered_transform (HpGraphCanvas *self,
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

static void
stop_animation (HpGraphCanvas *self)
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
  t = centered_transform (self,
                          self->anim_from_cx + (self->anim_to_cx - self->anim_from_cx) * e,
                          self->anim_from_cy + (self->anim_to_cy - self->anim_from_cy) * e,
                          p >= 1.0 ? self->anim_to_zoom : zoom);
  set_transform_internal (self, &t, FALSE);
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

  stop_animation (self);
  self->fitted = FALSE;
  g_clear_pointer (&self->pending_center, g_free);
  if (animate && gtk_widget_get_mapped (GTK_WIDGET (self)))
    g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &animate, NULL);
  if (!animate || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      t = centered_transform (self, gx, gy, zoom);
      set_transform_internal (self, &t, FALSE);
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

/* ---- drawing ------------------------------------------------------------ */

static void
rounded_rect (cairo_t *cr,
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

/* Edges: cairo strokes each as a polygon through its general rasteriser,
 * which costs tens of milliseconds for thousands of edges (and still
 * several for the long edges crossing a 1:1 view). Instead the coverage
 * of every forward edge, flattened to straight pieces, is summed into an
 * A8 mask and composited once. Dashed back edges (few) and highlighted
 * edges are stroked with cairo. */
typedef struct {
  guint8 *data;
  int     stride;
  int     width;
  int     height;
} EdgeMask;

static inline void
mask_plot (EdgeMask *m,
           int       x,
           int       y,
           double    coverage)
{
  guint8 *p;
  int v;

  if ((unsigned) x >= (unsigned) m->width || (unsigned) y >= (unsigned) m->height)
    return;
  p = m->data + (gsize) y * m->stride + x;
  v = *p + (int) (coverage * 255.0 + 0.5);
  *p = v > 255 ? 255 : v;
}

/* An anti-aliased line @width pixels wide: per column (or row, for a
 * steep line) the exact overlap of each pixel with the line's span. */
static void
mask_line (EdgeMask *m,
           double    x0,
           double    y0,
           double    x1,
           double    y1,
           double    width)
{
  gboolean steep = fabs (y1 - y0) > fabs (x1 - x0);
  double gradient;
  double half;
  double tmp;
  int from, to, limit, minor_limit;

  if (steep)
    {
      tmp = x0; x0 = y0; y0 = tmp;
      tmp = x1; x1 = y1; y1 = tmp;
    }
  if (x0 > x1)
    {
      tmp = x0; x0 = x1; x1 = tmp;
      tmp = y0; y0 = y1; y1 = tmp;
    }
  gradient = x1 - x0 > 1e-9 ? (y1 - y0) / (x1 - x0) : 0.0;
  half = width * sqrt (1.0 + gradient * gradient) / 2.0;
  limit = steep ? m->height : m->width;
  minor_limit = steep ? m->width : m->height;
  /* Columns whose centre (c + 0.5) lies in [x0, x1). */
  from = MAX ((int) ceil (x0 - 0.5), 0);
  to = MIN ((int) ceil (x1 - 0.5) - 1, limit - 1);
  for (int x = from; x <= to; x++)
    {
      double yc = y0 + gradient * (x + 0.5 - x0);
      double top = yc - half;
      double bottom = yc + half;
      int r0 = MAX ((int) floor (top), 0);
      int r1 = MIN ((int) floor (bottom), minor_limit - 1);

      for (int r = r0; r <= r1; r++)
        {
          double coverage = MIN (bottom, r + 1.0) - MAX (top, (double) r);

          if (coverage <= 0)
            continue;
          if (steep)
            mask_plot (m, r, x, coverage);
          else
            mask_plot (m, x, r, coverage);
        }
    }
}

/* A cubic Bézier as a few straight pieces, by the length of its control
 * polygon (in mask pixels). */
static void
mask_curve (EdgeMask *m,
            double    x0, double y0,
            double    x1, double y1,
            double    x2, double y2,
            double    x3, double y3,
            double    width)
{
  double length = hypot (x1 - x0, y1 - y0) + hypot (x2 - x1, y2 - y1) + hypot (x3 - x2, y3 - y2);
  int n = CLAMP ((int) (length / 10.0), 1, 32);
  double px = x0, py = y0;

  for (int i = 1; i <= n; i++)
    {
      double t = (double) i / n;
      double u = 1.0 - t;
      double x = u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3;
      double y = u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3;

      mask_line (m, px, py, x, y, width);
      px = x;
      py = y;
    }
}

static void
draw_edge_mask (HpGraphCanvas *self,
                 cairo_t       *cr,
                 GArray        *edges,
                 int            width,
                 int            height,
                 double         scale)
{
  const HpViewTransform *t = &self->transform;
  cairo_surface_t *surface;
  gboolean curves = t->zoom >= 0.15;
  double line_width = CLAMP (2.0 * t->zoom, 1.0, 3.0) * scale;
  EdgeMask m;
  double z = t->zoom * scale;
  double ox = t->offset_x * scale;
  double oy = t->offset_y * scale;

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, (int) ceil (width * scale), (int) ceil (height * scale));
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return;
    }
  m.data = cairo_image_surface_get_data (surface);
  m.stride = cairo_image_surface_get_stride (surface);
  m.width = cairo_image_surface_get_width (surface);
  m.height = cairo_image_surface_get_height (surface);

  cairo_surface_flush (surface);
  for (guint i = 0; i < edges->len; i++)
    {
      const HpEdgePath *e = hp_graph_layout_get_edge (self->layout, g_array_index (edges, guint, i));

      if (e->back_edge)
        continue;
      if (curves)
        mask_curve (&m,
                    e->x0 * z + ox, e->y0 * z + oy, e->x1 * z + ox, e->y1 * z + oy,
                    e->x2 * z + ox, e->y2 * z + oy, e->x3 * z + ox, e->y3 * z + oy, line_width);
      else
        mask_line (&m, e->x0 * z + ox, e->y0 * z + oy, e->x3 * z + ox, e->y3 * z + oy, line_width);
    }
  cairo_surface_mark_dirty (surface);
  cairo_surface_set_device_scale (surface, scale, scale);
  cairo_mask_surface (cr, surface, 0, 0);
  cairo_surface_destroy (surface);
}

static void
draw_edges (HpGraphCanvas *self,
            cairo_t       *cr,
            const HpRect  *area,
            int            width,
            int            height,
            double         scale)
{
  const HpViewTransform *t = &self->transform;
  g_autoptr(GArray) edges = hp_graph_layout_query_edges (self->layout, area);
  double line_width = CLAMP (2.0 * t->zoom, 1.0, 3.0);

  cairo_save (cr);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  set_color (cr, &self->colors.fg, self->colors.dark ? 0.38 : 0.32);

  draw_edge_mask (self, cr, edges, width, height, scale);

  /* Back edges (cycles) dashed. */
  for (int pass = 1; pass < 2; pass++)
    {
      gboolean any = FALSE;

      cairo_new_path (cr);
      for (guint i = 0; i < edges->len; i++)
        {
          const HpEdgePath *e = hp_graph_layout_get_edge (self->layout, g_array_index (edges, guint, i));

          if (e->back_edge != (pass == 1))
            continue;
          any = TRUE;
          cairo_move_to (cr, e->x0 * t->zoom + t->offset_x, e->y0 * t->zoom + t->offset_y);
          cairo_curve_to (cr,
                          e->x1 * t->zoom + t->offset_x, e->y1 * t->zoom + t->offset_y,
                          e->x2 * t->zoom + t->offset_x, e->y2 * t->zoom + t->offset_y,
                          e->x3 * t->zoom + t->offset_x, e->y3 * t->zoom + t->offset_y);
        }
      if (!any)
        continue;
      if (pass == 1)
        {
          double dash[] = { 6.0, 4.0 };

          cairo_set_dash (cr, dash, 2, 0);
        }
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
          const HpEdgePath *e = hp_graph_layout_get_edge (self->layout, g_array_index (edges, guint, i));
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

/* A round badge centred on (x, y): @text in it when there is room. */
static void
draw_badge (HpGraphCanvas *self,
            cairo_t       *cr,
            PangoLayout   *layout,
            double         x,
            double         y,
            double         radius,
            const GdkRGBA *fill,
            const char    *text,
            double         alpha)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius + 1.5, 0, 2 * G_PI);
  set_color (cr, &self->colors.canvas_bg, alpha);
  cairo_fill (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  set_color (cr, fill, alpha);
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
      if (fill == &self->colors.error_bg)
        cairo_set_source_rgba (cr, 1, 1, 1, alpha);
      cairo_move_to (cr, x - tw / 2.0, y - th / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

static char *
figure_text (HpGraphCanvas       *self,
             const HpHeatmapCell *cell)
{
  const HpHeatmapOptions *options = hp_heatmap_get_options (self->heatmap);
  g_autofree char *duration = NULL;
  g_autofree char *share = NULL;

  if (cell == NULL)
    return g_strdup (_("no data"));
  if (hp_heatmap_get_run (self->heatmap) != NULL)
    {
      if (!cell->in_run)
        return g_strdup (_("did not run"));
      if (cell->status == HP_NODE_STATUS_CACHED)
        return g_strdup (_("cached"));
      if (cell->status == HP_NODE_STATUS_SKIPPED)
        return g_strdup (_("skipped"));
      if (cell->status == HP_NODE_STATUS_PENDING)
        return g_strdup (_("pending"));
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

typedef struct {
  PangoLayout          *layout;
  PangoFontDescription *title_font;
  PangoFontDescription *detail_font;
  double                title_px;
  double                detail_px;
  cairo_pattern_t      *hatch;         /* cached nodes */
  cairo_pattern_t      *hatch_dimmed;
} Paint;

static void
draw_node_text (HpGraphCanvas       *self,
                cairo_t             *cr,
                Paint           *ts,
                guint                index,
                const HpRect        *v,
                const HpHeatmapCell *cell,
                double               left,
                double               alpha)
{
  HpNodeStats *stats = hp_profile_lookup_node_stats (hp_session_get_profile (self->session),
                                                     hp_graph_layout_get_node_id (self->layout, index));
  HpGraphNode *node = hp_workflow_graph_lookup_node (hp_profile_get_graph (hp_session_get_profile (self->session)),
                                                     hp_graph_layout_get_node_id (self->layout, index));
  const char *title = NULL;
  const char *type = NULL;
  g_autofree char *figure = figure_text (self, cell);
  double pad = CLAMP (NODE_PAD * self->transform.zoom, 3.0, 14.0);
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
    title = type != NULL ? type : hp_graph_layout_get_node_id (self->layout, index);
  if (text_width < 8 || y + title_h > bottom + 2)
    return;

  /* The figure matters more than the type: drop the type first. */
  show_figure = y + title_h + detail_h <= bottom + 2;
  show_type = type != NULL && g_strcmp0 (type, title) != 0 &&
              y + title_h + 2 * detail_h <= bottom + 2;

  pango_layout_set_width (ts->layout, (int) (text_width * PANGO_SCALE));
  pango_layout_set_ellipsize (ts->layout, PANGO_ELLIPSIZE_END);

  pango_layout_set_font_description (ts->layout, ts->title_font);
  pango_layout_set_text (ts->layout, title, -1);
  set_color (cr, &self->colors.fg, alpha);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, ts->layout);
  y += title_h;

  pango_layout_set_font_description (ts->layout, ts->detail_font);
  if (show_type)
    {
      pango_layout_set_text (ts->layout, type, -1);
      set_color (cr, &self->colors.fg, 0.62 * alpha);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, ts->layout);
      y += detail_h;
    }
  if (show_figure)
    {
      gboolean failed = cell != NULL && cell->in_run && cell->status == HP_NODE_STATUS_FAILED &&
                        hp_heatmap_get_run (self->heatmap) != NULL;

      pango_layout_set_text (ts->layout, figure, -1);
      set_color (cr, failed ? &self->colors.error : &self->colors.fg, (failed ? 1.0 : 0.85) * alpha);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, ts->layout);
    }
  pango_layout_set_ellipsize (ts->layout, PANGO_ELLIPSIZE_NONE);
}

static void
draw_node (HpGraphCanvas *self,
           cairo_t       *cr,
           Paint     *ts,
           guint          index)
{
  const HpHeatmapCell *cell = cell_at (self, index);
  HpRect v = view_rect (self, hp_graph_layout_get_node_rect (self->layout, index));
  double zoom = self->transform.zoom;
  gboolean has_run = self->heatmap != NULL && hp_heatmap_get_run (self->heatmap) != NULL;
  gboolean dimmed = has_run && (cell == NULL || !cell->did_run);
  gboolean failed = has_run && cell != NULL && cell->in_run && cell->status == HP_NODE_STATUS_FAILED;
  gboolean cached = has_run && cell != NULL && cell->in_run && cell->status == HP_NODE_STATUS_CACHED;
  const GdkRGBA *heat = cell != NULL ? class_color (self, cell->heat_class) : NULL;
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
  rounded_rect (cr, v.x, v.y, v.width, v.height, radius);
  if (heat != NULL)
    {
      GdkRGBA wash = *heat;
      GdkRGBA tint;

      wash.alpha = self->colors.dark ? 0.30 : 0.22;
      tint = blend (&self->colors.node_bg, &wash);
      set_color (cr, &tint, dimmed ? 0.75 : 1.0);
    }
  else
    set_color (cr, &self->colors.node_bg, dimmed ? 0.75 : 1.0);
  if (cached && ts != NULL && ts->hatch != NULL)
    {
      cairo_fill_preserve (cr);
      cairo_set_source (cr, dimmed ? ts->hatch_dimmed : ts->hatch);
    }
  cairo_fill (cr);
  if (heat != NULL)
    {
      left_stripe (cr, v.x, v.y, v.height, radius, MIN (stripe, v.width));
      set_color (cr, heat, alpha);
      cairo_fill (cr);
    }

  cairo_new_path (cr);
  rounded_rect (cr, v.x, v.y, v.width, v.height, radius);
  if (failed)
    {
      cairo_set_line_width (cr, CLAMP (3.0 * zoom, 2.0, 4.0));
      set_color (cr, &self->colors.error, 1.0);
    }
  else
    {
      cairo_set_line_width (cr, 1.0);
      set_color (cr, &self->colors.borders, dimmed ? 0.6 : 1.0);
      if (dimmed)
        {
          double dash[] = { 4.0, 3.0 };

          cairo_set_dash (cr, dash, 2, 0);
        }
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  if (ts != NULL && v.width >= TEXT_MIN_PX && v.height >= TEXT_MIN_HEIGHT_PX)
    draw_node_text (self, cr, ts, index, &v, cell, heat != NULL ? stripe : 0, dimmed ? 0.6 : 1.0);

  /* Markers that do not rely on colour: a rank badge, a failure badge. */
  if (cell != NULL && cell->bottleneck_rank > 0)
    {
      char rank[16];

      g_snprintf (rank, sizeof rank, "%u", cell->bottleneck_rank);
      draw_badge (self, cr, ts != NULL ? ts->layout : NULL,
                  v.x + v.width - CLAMP (4 * zoom, 2, 6), v.y + CLAMP (4 * zoom, 2, 6),
                  CLAMP (11.0 * zoom, 8.0, 11.0), &self->colors.warning_bg, rank, 1.0);
    }
  if (failed)
    draw_badge (self, cr, ts != NULL ? ts->layout : NULL,
                v.x + CLAMP (4 * zoom, 2, 6), v.y + CLAMP (4 * zoom, 2, 6),
                CLAMP (11.0 * zoom, 8.0, 11.0), &self->colors.error_bg, "!", 1.0);
}

/* Nodes too small to read: rectangles, one fill per colour. */
static void
draw_nodes_simple (HpGraphCanvas *self,
                   cairo_t       *cr,
                   PangoLayout   *layout,
                   GArray        *visible)
{
  gboolean has_run = self->heatmap != NULL && hp_heatmap_get_run (self->heatmap) != NULL;
  const GdkRGBA *neutral = &self->colors.node_bg;

  /* Passes: neutral, low, medium, high (dimmed nodes at reduced alpha in
   * each), then failed outlines, then rank badges. */
  for (int pass = 0; pass < 8; pass++)
    {
      const GdkRGBA *color = NULL;
      gboolean any = FALSE;
      gboolean want_dim = pass % 2 == 1;
      int group = pass / 2;

      cairo_new_path (cr);
      for (guint i = 0; i < visible->len; i++)
        {
          guint index = g_array_index (visible, guint, i);
          const HpHeatmapCell *cell = cell_at (self, index);
          const GdkRGBA *heat = cell != NULL ? class_color (self, cell->heat_class) : NULL;
          gboolean dimmed = has_run && (cell == NULL || !cell->did_run);
          int node_group = heat == NULL ? 0 :
                           heat == &self->colors.success_bg ? 1 :
                           heat == &self->colors.warning_bg ? 2 : 3;
          HpRect v;

          if (node_group != group || dimmed != want_dim)
            continue;
          v = view_rect (self, hp_graph_layout_get_node_rect (self->layout, index));
          cairo_rectangle (cr, v.x, v.y, MAX (v.width, 1.0), MAX (v.height, 1.0));
          color = heat != NULL ? heat : neutral;
          any = TRUE;
        }
      if (!any)
        continue;
      set_color (cr, color, want_dim ? DIM_ALPHA : (color == neutral ? 1.0 : 0.85));
      if (color == neutral)
        {
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, 1.0);
          set_color (cr, &self->colors.borders, want_dim ? 0.5 : 1.0);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }

  cairo_new_path (cr);
  for (guint i = 0; i < visible->len; i++)
    {
      guint index = g_array_index (visible, guint, i);
      const HpHeatmapCell *cell = cell_at (self, index);

      if (has_run && cell != NULL && cell->in_run && cell->status == HP_NODE_STATUS_FAILED)
        {
          HpRect v = view_rect (self, hp_graph_layout_get_node_rect (self->layout, index));

          cairo_rectangle (cr, v.x - 1, v.y - 1, v.width + 2, v.height + 2);
        }
    }
  cairo_set_line_width (cr, 2.0);
  set_color (cr, &self->colors.error, 1.0);
  cairo_stroke (cr);

  for (guint i = 0; i < visible->len; i++)
    {
      guint index = g_array_index (visible, guint, i);
      const HpHeatmapCell *cell = cell_at (self, index);

      if (cell != NULL && cell->bottleneck_rank > 0)
        {
          HpRect v = view_rect (self, hp_graph_layout_get_node_rect (self->layout, index));
          char rank[16];

          g_snprintf (rank, sizeof rank, "%u", cell->bottleneck_rank);
          draw_badge (self, cr, layout, v.x + v.width, v.y, 7.0, &self->colors.warning_bg, rank, 1.0);
        }
    }
}

static cairo_pattern_t *
hatch_pattern (HpGraphCanvas *self,
               double         alpha,
               double         scale)
{
  const HpViewTransform *t = &self->transform;
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
  set_color (cr, &self->colors.fg, alpha);
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
text_style_init (HpGraphCanvas *self,
                 Paint         *ts,
                 double         scale)
{
  const PangoFontDescription *base;
  double zoom = self->transform.zoom;

  ts->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  base = pango_context_get_font_description (pango_layout_get_context (ts->layout));
  /* Text grows with the zoom but stays readable when zoomed out; what
   * does not fit a node is ellipsized or left out. */
  ts->title_px = MAX (TITLE_SIZE * zoom, 11.0);
  ts->detail_px = MAX (DETAIL_SIZE * zoom, 9.5);
  ts->title_font = base != NULL ? pango_font_description_copy (base) : pango_font_description_new ();
  pango_font_description_set_weight (ts->title_font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (ts->title_font, ts->title_px * PANGO_SCALE);
  ts->detail_font = base != NULL ? pango_font_description_copy (base) : pango_font_description_new ();
  pango_font_description_set_absolute_size (ts->detail_font, ts->detail_px * PANGO_SCALE);
  ts->hatch = hatch_pattern (self, self->colors.dark ? 0.16 : 0.11, scale);
  ts->hatch_dimmed = hatch_pattern (self, (self->colors.dark ? 0.16 : 0.11) * DIM_ALPHA, scale);
}

static void
text_style_clear (Paint *ts)
{
  g_clear_object (&ts->layout);
  g_clear_pointer (&ts->title_font, pango_font_description_free);
  g_clear_pointer (&ts->detail_font, pango_font_description_free);
  g_clear_pointer (&ts->hatch, cairo_pattern_destroy);
  g_clear_pointer (&ts->hatch_dimmed, cairo_pattern_destroy);
}

static void
highlight_edges (HpGraphCanvas *self,
                 cairo_t       *cr,
                 int            index)
{
  const HpViewTransform *t = &self->transform;
  guint n = hp_graph_layout_get_n_edges (self->layout);

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      const HpEdgePath *e = hp_graph_layout_get_edge (self->layout, i);

      if (e->from_index != (guint) index && e->to_index != (guint) index)
        continue;
      cairo_move_to (cr, e->x0 * t->zoom + t->offset_x, e->y0 * t->zoom + t->offset_y);
      cairo_curve_to (cr,
                      e->x1 * t->zoom + t->offset_x, e->y1 * t->zoom + t->offset_y,
                      e->x2 * t->zoom + t->offset_x, e->y2 * t->zoom + t->offset_y,
                      e->x3 * t->zoom + t->offset_x, e->y3 * t->zoom + t->offset_y);
    }
  cairo_set_line_width (cr, CLAMP (2.5 * t->zoom, 1.5, 3.5));
  set_color (cr, &self->colors.accent, 0.8);
  cairo_stroke (cr);
}

/* Everything that changes only with the view, the model or the style:
 * edges and nodes with their fills, patterns, text and badges. */
static void
draw_graph (HpGraphCanvas *self,
            cairo_t       *cr,
            int            width,
            int            height,
            double         scale)
{
  g_autoptr(GArray) visible = NULL;
  HpRect area;
  double typical;
  int selected;
  Paint ts = { 0 };

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (self->layout == NULL || hp_graph_layout_get_n_nodes (self->layout) == 0)
    return;

  area = visible_graph_area (&self->transform, width, height, 16.0);
  draw_edges (self, cr, &area, width, height, scale);
  selected = selected_index (self);
  if (selected >= 0)
    highlight_edges (self, cr, selected);

  visible = hp_graph_layout_query_area (self->layout, &area);
  /* Judge the level of detail by the typical node, so that a whole
   * graph switches at once. */
  typical = MIN (HP_GRAPH_LAYOUT_NODE_WIDTH, HP_GRAPH_LAYOUT_NODE_HEIGHT) * self->transform.zoom;
  if (visible->len > 0)
    {
      const HpRect *r = hp_graph_layout_get_node_rect (self->layout, g_array_index (visible, guint, 0));

      typical = MIN (r->width, r->height) * self->transform.zoom;
    }
  text_style_init (self, &ts, scale);
  if (typical < SIMPLE_PX)
    draw_nodes_simple (self, cr, ts.layout, visible);
  else
    for (guint i = 0; i < visible->len; i++)
      draw_node (self, cr, &ts, g_array_index (visible, guint, i));
  text_style_clear (&ts);
}

static void
outline_node (HpGraphCanvas *self,
              cairo_t       *cr,
              int            index,
              const GdkRGBA *color,
              double         alpha,
              double         line_width)
{
  HpRect v = view_rect (self, hp_graph_layout_get_node_rect (self->layout, index));
  double gap = line_width / 2 + 1.5;

  cairo_new_path (cr);
  rounded_rect (cr, round (v.x) - gap, round (v.y) - gap,
                round (v.width) + 2 * gap - 1, round (v.height) + 2 * gap - 1,
                CLAMP (8.0 * self->transform.zoom, 2.0, 12.0) + gap);
  cairo_set_line_width (cr, line_width);
  set_color (cr, color, alpha);
  cairo_stroke (cr);
}

static void
draw_legend (HpGraphCanvas *self,
             cairo_t       *cr,
             int            width,
             int            height)
{
  const HpHeatmapOptions *options;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *title = NULL;
  g_autofree char *run_name = NULL;
  char *labels[4] = { NULL, };
  HpHeatClass classes[4];
  HpRun *run;
  HpRun *latest;
  PangoFontDescription *bold;
  int tw, th;
  double line_h;
  double box_w;
  double box_h;
  double x, y;
  double swatch = 12.0;

  if (self->heatmap == NULL || self->layout == NULL || hp_graph_layout_get_n_nodes (self->layout) == 0)
    return;
  options = hp_heatmap_get_options (self->heatmap);
  run = hp_heatmap_get_run (self->heatmap);
  latest = hp_profile_get_latest_run (hp_session_get_profile (self->session));
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

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), title);
  bold = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));
  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, bold);
  pango_layout_get_pixel_size (layout, &tw, &th);
  line_h = th + 4;
  box_w = tw;
  pango_layout_set_font_description (layout, NULL);
  for (guint i = 0; i < 4; i++)
    {
      int lw, lh;

      pango_layout_set_text (layout, labels[i], -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      box_w = MAX (box_w, swatch + 8 + lw);
    }
  box_w += 20;
  box_h = 10 + line_h + 4 * line_h + 6;
  x = OVERLAY_MARGIN;
  y = height - OVERLAY_MARGIN - box_h;
  if (box_w > width - 2 * OVERLAY_MARGIN || y < OVERLAY_MARGIN)
    goto out;

  cairo_new_path (cr);
  rounded_rect (cr, x + 0.5, y + 0.5, round (box_w), round (box_h), 8);
  set_color (cr, &self->colors.popover_bg, 0.94);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  set_color (cr, &self->colors.borders, 1.0);
  cairo_stroke (cr);

  pango_layout_set_font_description (layout, bold);
  pango_layout_set_text (layout, title, -1);
  set_color (cr, &self->colors.fg, 1.0);
  cairo_move_to (cr, x + 10, y + 8);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_font_description (layout, NULL);

  for (guint i = 0; i < 4; i++)
    {
      const GdkRGBA *color = class_color (self, classes[i]);
      double ry = y + 8 + line_h * (i + 1);
      HpRect sw = { x + 10.5, round (ry + (th - swatch) / 2) + 0.5, swatch, swatch };

      cairo_new_path (cr);
      rounded_rect (cr, sw.x, sw.y, sw.width, sw.height, 3);
      set_color (cr, &self->colors.node_bg, 1.0);
      cairo_fill_preserve (cr);
      if (color != NULL)
        {
          set_color (cr, color, 1.0);
          cairo_fill_preserve (cr);
        }
      if (classes[i] == HP_HEAT_CLASS_CACHED)
        {
          cairo_save (cr);
          cairo_clip_preserve (cr);
          cairo_new_path (cr);
          hatch (cr, &sw, 4);
          cairo_set_line_width (cr, 1);
          set_color (cr, &self->colors.fg, 0.5);
          cairo_stroke (cr);
          cairo_restore (cr);
          rounded_rect (cr, sw.x, sw.y, sw.width, sw.height, 3);
        }
      set_color (cr, &self->colors.borders, 1.0);
      cairo_stroke (cr);

      pango_layout_set_text (layout, labels[i], -1);
      set_color (cr, &self->colors.fg, 0.85);
      cairo_move_to (cr, x + 10 + swatch + 8, ry);
      pango_cairo_show_layout (cr, layout);
    }

out:
  pango_font_description_free (bold);
  for (guint i = 0; i < 4; i++)
    g_free (labels[i]);
}

/* The minimap's nodes, drawn once per model and style: only the viewport
 * rectangle moves. */
static cairo_surface_t *
render_minimap (HpGraphCanvas *self,
                const Minimap *m,
                double         scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) ceil ((m->width + 1) * scale),
                                                         (int) ceil ((m->height + 1) * scale));
  guint n = hp_graph_layout_get_n_nodes (self->layout);
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  /* One fill per colour class. */
  for (int group = 0; group < 4; group++)
    {
      const GdkRGBA *color = NULL;
      gboolean any = FALSE;

      cairo_new_path (cr);
      for (guint i = 0; i < n; i++)
        {
          const HpHeatmapCell *cell = cell_at (self, i);
          const GdkRGBA *heat = cell != NULL ? class_color (self, cell->heat_class) : NULL;
          int node_group = heat == NULL ? 0 :
                           heat == &self->colors.success_bg ? 1 :
                           heat == &self->colors.warning_bg ? 2 : 3;
          const HpRect *r;

          if (node_group != group)
            continue;
          r = hp_graph_layout_get_node_rect (self->layout, i);
          cairo_rectangle (cr, (r->x - m->bounds.x) * m->scale, (r->y - m->bounds.y) * m->scale,
                           MAX (r->width * m->scale, 1.0), MAX (r->height * m->scale, 1.0));
          color = heat;
          any = TRUE;
        }
      if (!any)
        continue;
      if (color != NULL)
        set_color (cr, color, 0.9);
      else
        set_color (cr, &self->colors.fg, 0.35);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  return surface;
}

static void
draw_minimap (HpGraphCanvas *self,
              cairo_t       *cr,
              int            width,
              int            height,
              double         scale)
{
  Minimap m;
  HpRect area;
  double vx0, vy0, vx1, vy1;

  if (!get_minimap (self, width, height, &m))
    return;

  cairo_new_path (cr);
  rounded_rect (cr, m.x - 6 + 0.5, m.y - 6 + 0.5, round (m.width + 12), round (m.height + 12), 8);
  set_color (cr, &self->colors.popover_bg, 0.94);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  set_color (cr, &self->colors.borders, 1.0);
  cairo_stroke (cr);

  if (self->minimap != NULL && self->minimap_scale != scale)
    g_clear_pointer (&self->minimap, cairo_surface_destroy);
  if (self->minimap == NULL)
    self->minimap = render_minimap (self, &m, scale);
  self->minimap_scale = scale;
  cairo_set_source_surface (cr, self->minimap, m.x, m.y);
  cairo_paint (cr);

  /* The part of the graph in view. */
  area = visible_graph_area (&self->transform, width, height, 0);
  vx0 = CLAMP (m.x + (area.x - m.bounds.x) * m.scale, m.x, m.x + m.width);
  vy0 = CLAMP (m.y + (area.y - m.bounds.y) * m.scale, m.y, m.y + m.height);
  vx1 = CLAMP (m.x + (area.x + area.width - m.bounds.x) * m.scale, m.x, m.x + m.width);
  vy1 = CLAMP (m.y + (area.y + area.height - m.bounds.y) * m.scale, m.y, m.y + m.height);
  if (vx1 - vx0 >= 1 && vy1 - vy0 >= 1)
    {
      cairo_new_path (cr);
      cairo_rectangle (cr, round (vx0) + 0.5, round (vy0) + 0.5, MAX (round (vx1 - vx0) - 1, 1), MAX (round (vy1 - vy0) - 1, 1));
      set_color (cr, &self->colors.accent, 0.12);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1.5);
      set_color (cr, &self->colors.accent, 1.0);
      cairo_stroke (cr);
    }
}

/* What changes with the pointer or the view, over the graph (the
 * selection's edges are part of the graph: they run under the nodes). */
static void
draw_overlay (HpGraphCanvas *self,
              cairo_t       *cr,
              int            width,
              int            height,
              double         scale)
{
  int selected;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (self->layout == NULL)
    return;

  selected = selected_index (self);
  if (self->hover_index >= 0 && self->hover_index != selected &&
      self->hover_index < (int) hp_graph_layout_get_n_nodes (self->layout))
    outline_node (self, cr, self->hover_index, &self->colors.fg, 0.4, 2.0);
  if (selected >= 0)
    outline_node (self, cr, selected, &self->colors.accent, 1.0, 3.0);

  draw_legend (self, cr, width, height);
  draw_minimap (self, cr, width, height, scale);
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

  if (!self->colors_valid)
    read_colors (self);
  cairo_surface_get_device_scale (cairo_get_target (cr), &scale, NULL);
  draw_graph (self, cr, width, height, scale);
  draw_overlay (self, cr, width, height, scale);
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
  if (!self->colors_valid)
    read_colors (self);

  if (self->cache != NULL &&
      (self->cache_width != width || self->cache_height != height ||
       memcmp (&self->cache_transform, &self->transform, sizeof self->transform) != 0))
    g_clear_pointer (&self->cache, gsk_render_node_unref);
  if (self->cache == NULL)
    {
      GtkSnapshot *static_snapshot = gtk_snapshot_new ();

      cr = gtk_snapshot_append_cairo (static_snapshot, &bounds);
      draw_graph (self, cr, width, height, gtk_widget_get_scale_factor (widget));
      cairo_destroy (cr);
      self->cache = gtk_snapshot_free_to_node (static_snapshot);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_transform = self->transform;
    }
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  draw_overlay (self, cr, width, height, gtk_widget_get_scale_factor (widget));
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
          set_transform_internal (self, &t, FALSE);
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

  read_colors (self);
  invalidate (self);
}

static void
hp_graph_canvas_unmap (GtkWidget *widget)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (widget);

  /* An animation cut short lands where it was going. */
  if (self->tick_id != 0)
    {
      HpViewTransform t = centered_transform (self, self->anim_to_cx, self->anim_to_cy, self->anim_to_zoom);

      stop_animation (self);
      set_transform_internal (self, &t, FALSE);
    }
  GTK_WIDGET_CLASS (hp_graph_canvas_parent_class)->unmap (widget);
}

/* ---- input -------------------------------------------------------------- */

static int
hit_test_view (HpGraphCanvas *self,
               double         x,
               double         y)
{
  double gx, gy;

  if (self->layout == NULL)
    return -1;
  hp_view_transform_to_graph (&self->transform, x, y, &gx, &gy);
  return hp_graph_layout_hit_test (self->layout, gx, gy);
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
activate_index (HpGraphCanvas *self,
                int            index)
{
  if (index >= 0)
    g_signal_emit (self, signals[NODE_ACTIVATED], 0, hp_graph_layout_get_node_id (self->layout, index));
}

static void
click_released_cb (HpGraphCanvas   *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  Minimap m;
  int index;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  if (get_minimap (self, gtk_widget_get_width (GTK_WIDGET (self)),
                   gtk_widget_get_height (GTK_WIDGET (self)), &m) &&
      minimap_contains (&m, x, y))
    return;
  index = hit_test_view (self, x, y);
  if (n_press == 2 && index >= 0)
    activate_index (self, index);
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
center_on_minimap_point (HpGraphCanvas *self,
                         const Minimap *m,
                         double         x,
                         double         y)
{
  HpViewTransform t;
  double gx = m->bounds.x + (CLAMP (x, m->x, m->x + m->width) - m->x) / m->scale;
  double gy = m->bounds.y + (CLAMP (y, m->y, m->y + m->height) - m->y) / m->scale;

  stop_animation (self);
  t = centered_transform (self, gx, gy, self->transform.zoom);
  set_transform_internal (self, &t, TRUE);
}

static void
drag_begin_cb (HpGraphCanvas  *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  Minimap m;

  g_assert (HP_IS_GRAPH_CANVAS (self));

  self->drag_minimap = FALSE;
  self->drag_panning = FALSE;
  if (button != GDK_BUTTON_MIDDLE &&
      get_minimap (self, gtk_widget_get_width (GTK_WIDGET (self)),
                   gtk_widget_get_height (GTK_WIDGET (self)), &m) &&
      minimap_contains (&m, x, y))
    {
      self->drag_minimap = TRUE;
      center_on_minimap_point (self, &m, x, y);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }
  /* The primary button pans from empty space only; nodes are for clicking. */
  if (button != GDK_BUTTON_MIDDLE && hit_test_view (self, x, y) >= 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  stop_animation (self);
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
      Minimap m;

      gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
      if (get_minimap (self, gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)), &m))
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
      set_transform_internal (self, &t, TRUE);
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
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy / 100.0);

      if (self->pointer_inside)
        zoom_around (self, factor, self->pointer_x, self->pointer_y);
      else
        zoom_by (self, factor);
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
zoom_begin_cb (HpGraphCanvas  *self,
               GdkEventSequence *sequence,
               GtkGestureZoom *gesture)
{
  stop_animation (self);
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
  zoom_around (self, self->pinch_zoom * scale / self->transform.zoom, cx, cy);
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
  index = hit_test_view (self, x, y);
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

static gboolean
node_in_view (HpGraphCanvas *self,
              int            index)
{
  HpRect v = view_rect (self, hp_graph_layout_get_node_rect (self->layout, index));

  return v.x >= 0 && v.y >= 0 &&
         v.x + v.width <= gtk_widget_get_width (GTK_WIDGET (self)) &&
         v.y + v.height <= gtk_widget_get_height (GTK_WIDGET (self));
}

/* The node nearest to @from in the direction (dx, dy), preferring nodes
 * straight ahead over nodes off to the side; -1 when there is none. */
static int
neighbour_in_direction (HpGraphCanvas *self,
                        int            from,
                        double         dx,
                        double         dy)
{
  const HpRect *r = hp_graph_layout_get_node_rect (self->layout, from);
  double cx = r->x + r->width / 2;
  double cy = r->y + r->height / 2;
  guint n = hp_graph_layout_get_n_nodes (self->layout);
  double best_score = INFINITY;
  int best = -1;

  for (guint i = 0; i < n; i++)
    {
      const HpRect *o;
      double ox, oy, along, across, score;

      if ((int) i == from)
        continue;
      o = hp_graph_layout_get_node_rect (self->layout, i);
      ox = o->x + o->width / 2 - cx;
      oy = o->y + o->height / 2 - cy;
      along = ox * dx + oy * dy;
      across = fabs (ox * dy - oy * dx);
      if (along <= 1e-6)
        continue;
      score = along + 2.0 * across;
      if (score < best_score)
        {
          best_score = score;
          best = i;
        }
    }
  return best;
}

/* The node nearest to the centre of the view. */
static int
node_near_center (HpGraphCanvas *self)
{
  double gx, gy;
  double best_d = INFINITY;
  int best = -1;
  guint n = hp_graph_layout_get_n_nodes (self->layout);

  hp_view_transform_to_graph (&self->transform,
                              gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                              gtk_widget_get_height (GTK_WIDGET (self)) / 2.0,
                              &gx, &gy);
  for (guint i = 0; i < n; i++)
    {
      const HpRect *r = hp_graph_layout_get_node_rect (self->layout, i);
      double d = hypot (r->x + r->width / 2 - gx, r->y + r->height / 2 - gy);

      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
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
  selected = selected_index (self);

  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      {
        gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK);
        int pos = -1;

        for (guint i = 0; selected >= 0 && i < n; i++)
          if (self->tab_order[i] == (guint) selected)
            pos = i;
        if (pos < 0)
          pos = back ? (int) n : -1;
        pos += back ? -1 : 1;
        /* Past either end, Tab leaves the canvas as usual. */
        if (pos < 0 || pos >= (int) n)
          return FALSE;
        move_selection_to (self, self->tab_order[pos]);
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
      int next = neighbour_in_direction (self, selected, dx, dy);

      if (next >= 0)
        move_selection_to (self, next);
      else
        gtk_widget_error_bell (GTK_WIDGET (self));
    }
  return TRUE;
}

static gboolean
query_tooltip_cb (HpGraphCanvas *self,
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
  index = keyboard_mode ? selected_index (self) : hit_test_view (self, x, y);
  if (index < 0)
    return FALSE;

  profile = hp_session_get_profile (self->session);
  node_id = hp_graph_layout_get_node_id (self->layout, index);
  node = hp_workflow_graph_lookup_node (hp_profile_get_graph (profile), node_id);
  stats = hp_profile_lookup_node_stats (profile, node_id);
  cell = cell_at (self, index);
  run = self->heatmap != NULL ? hp_heatmap_get_run (self->heatmap) : NULL;

  text = g_string_new (NULL);
  title_markup = g_markup_printf_escaped ("<b>%s</b>\n%s · #%s",
                                          node != NULL && node->title != NULL ? node->title : node_id,
                                          node != NULL && node->type != NULL ? node->type : "",
                                          node_id);
  g_string_append (text, title_markup);

  if (run != NULL && cell != NULL)
    {
      g_autofree char *figure = figure_text (self, cell);
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
  v = view_rect (self, hp_graph_layout_get_node_rect (self->layout, index));
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) floor (v.x), (int) floor (v.y),
                                                       (int) ceil (v.width), (int) ceil (v.height) });
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

  activate_index (self, selected_index (self));
}

/* ---- GObject ------------------------------------------------------------ */

static void
hp_graph_canvas_dispose (GObject *object)
{
  HpGraphCanvas *self = HP_GRAPH_CANVAS (object);

  stop_animation (self);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->heatmap, hp_heatmap_unref);
  g_clear_pointer (&self->layout, hp_graph_layout_unref);
  g_clear_pointer (&self->tab_order, g_free);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->minimap, cairo_surface_destroy);
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

  gtk_widget_class_set_css_name (widget_class, "graphcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hp_graph_canvas_init (HpGraphCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *gesture;
  GtkEventController *controller;

  self->transform.zoom = 1.0;
  self->fitted = TRUE;
  self->hover_index = -1;
  self->mode = HP_HEATMAP_SHARE;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

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

  stop_animation (self);
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

  zoom_around (self, zoom / self->transform.zoom,
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
  zoom_by (self, ZOOM_STEP);
}

void
hp_graph_canvas_zoom_out (HpGraphCanvas *self)
{
  g_return_if_fail (HP_IS_GRAPH_CANVAS (self));
  zoom_by (self, 1.0 / ZOOM_STEP);
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

  stop_animation (self);
  g_clear_pointer (&self->pending_center, g_free);
  self->fitted = TRUE;
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  /* Not allocated yet: size_allocate fits. */
  if (self->layout == NULL || width <= 0 || height <= 0 ||
      hp_graph_layout_get_n_nodes (self->layout) == 0)
    return;
  bounds = hp_graph_layout_get_bounds (self->layout);
  t = hp_view_transform_fit (&bounds, width, height, FIT_MARGIN,
                             HP_GRAPH_CANVAS_MIN_ZOOM, FIT_MAX_ZOOM);
  set_transform_internal (self, &t, FALSE);
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

  stop_animation (self);
  set_transform_internal (self, transform, TRUE);
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
