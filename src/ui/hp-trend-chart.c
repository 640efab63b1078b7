/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-trend-chart.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-coalesce.h"
#include "hp-config.h"
#include "hp-graph-palette.h"
#include "hp-time-format.h"
#include "hp-trend-painter.h"
#include "hp-trend-text.h"

struct _HpTrendChart
{
  GtkWidget          parent_instance;

  HpSession         *session;
  HpProfile         *profile;
  GTimeZone         *tz;            /* local time */
  HpTrendBucketSize  buckets;
  HpTrend           *trend;         /* nullable: what is drawn */
  double             baseline_us;   /* NaN: no baseline line */
  char              *verdict;
  HpCoalesce        *coalesce;      /* pending changes (kept while unmapped) */
  int                hover_bucket;
  double             hover_x;       /* where the pointer is over the chart */
  HpTrendGeometry    geometry;
  gboolean           has_geometry;
  HpGraphPalette     palette;

  GtkLabel          *verdict_label;
  GtkLabel          *subject_label;
  GtkLabel          *legend_label;
  GtkOverlay        *overlay;
  GtkDropDown       *bucket_dropdown;
  GtkDrawingArea    *chart_area;
  GtkLabel          *hover_label;
};

G_DEFINE_FINAL_TYPE (HpTrendChart, hp_trend_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUCKETS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hide_hover (HpTrendChart *self)
{
  g_assert (HP_IS_TREND_CHART (self));

  if (self->hover_bucket >= 0)
    {
      self->hover_bucket = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hover_label), FALSE);
}

static void
update (HpTrendChart *self)
{
  g_autofree char *subject = NULL;
  HpTrendOptions options;
  const char *node_id;
  HpRun *baseline;

  g_assert (HP_IS_TREND_CHART (self));

  hp_coalesce_done (self->coalesce);
  g_clear_pointer (&self->trend, hp_trend_unref);
  g_clear_pointer (&self->verdict, g_free);
  hide_hover (self);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "success");

  if (self->session == NULL)
    {
      gtk_label_set_text (self->verdict_label, "");
      gtk_label_set_text (self->subject_label, "");
      gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
      return;
    }

  node_id = hp_session_get_selected_node_id (self->session);
  hp_trend_options_init (&options);
  options.noise_floor_us = hp_session_get_noise_floor_us (self->session);
  self->trend = hp_trend_compute (self->profile, node_id, self->buckets, self->tz, &options);
  baseline = hp_profile_get_baseline (self->profile);
  self->baseline_us = baseline != NULL ? hp_trend_run_value_us (baseline, node_id) : NAN;

  self->verdict = hp_trend_text_verdict (self->trend, self->tz);
  subject = hp_trend_text_subject (self->trend, self->profile);
  gtk_label_set_text (self->verdict_label, self->verdict);
  gtk_label_set_text (self->subject_label, subject);
  /* The words say it too; the colour only helps the eye. */
  if (hp_trend_get_verdict (self->trend) == HP_TREND_VERDICT_SLOWER)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "error");
  else if (hp_trend_get_verdict (self->trend) == HP_TREND_VERDICT_FASTER)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "success");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->verdict,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subject,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
update_cb (gpointer data)
{
  update (data);
}

/* Runs, the selection and the settings often change together: compute
 * once, and only while the chart shows. */
static void
queue_update (HpTrendChart *self)
{
  g_assert (HP_IS_TREND_CHART (self));

  hp_coalesce_queue (self->coalesce, FALSE);
}

/* A live run changes many times a second: then at most every few
 * hundred milliseconds. */
static void
profile_changed_cb (HpTrendChart *self)
{
  g_assert (HP_IS_TREND_CHART (self));

  hp_coalesce_queue_for (self->coalesce, self->profile);
}

static PangoLayout *
create_layout (HpTrendChart *self)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->chart_area), NULL);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  return layout;
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        data)
{
  HpTrendChart *self = data;
  g_autoptr(PangoLayout) layout = create_layout (self);
  HpTrendPaint paint = { self->trend, self->baseline_us, self->hover_bucket, self->tz, &self->palette };

  self->has_geometry = hp_trend_painter_layout (&paint, layout, width, height, &self->geometry);
  if (!self->has_geometry)
    {
      int w, h;

      if (self->trend == NULL)
        return;
      pango_layout_set_text (layout, hp_trend_get_n_points (self->trend) == 0
                                     ? _("No durations to chart") : _("Too small to chart"), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      hp_graph_palette_set_source (cr, &self->palette.fg, 0.55);
      cairo_move_to (cr, round ((width - w) / 2.0), round ((height - h) / 2.0));
      pango_cairo_show_layout (cr, layout);
      return;
    }
  hp_trend_painter_draw (&paint, &self->geometry, layout, cr);
}

static void
motion_cb (HpTrendChart             *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  g_autofree char *text = NULL;
  int bucket;

  g_assert (HP_IS_TREND_CHART (self));

  bucket = self->has_geometry ? hp_trend_painter_bucket_at (&self->geometry, self->trend, x) : -1;
  if (bucket < 0)
    {
      hide_hover (self);
      return;
    }

  if (bucket != self->hover_bucket)
    {
      self->hover_bucket = bucket;
      text = hp_trend_text_bucket (self->trend, hp_trend_get_bucket (self->trend, bucket), self->tz);
      gtk_label_set_text (self->hover_label, text);
      gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
    }

  self->hover_x = x;
  gtk_widget_set_visible (GTK_WIDGET (self->hover_label), TRUE);
  gtk_widget_queue_allocate (GTK_WIDGET (self->overlay));
}

/* The hover box goes beside the pointer, on the side where it fits. */
static gboolean
get_child_position_cb (HpTrendChart  *self,
                       GtkWidget     *child,
                       GdkRectangle  *allocation,
                       GtkOverlay    *overlay)
{
  int width = gtk_widget_get_width (GTK_WIDGET (overlay));
  int w;
  int h;

  g_assert (HP_IS_TREND_CHART (self));

  if (child != GTK_WIDGET (self->hover_label))
    return FALSE;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, NULL, &h, NULL, NULL);
  allocation->x = (int) (self->hover_x + 16 + w <= width ? self->hover_x + 16 : MAX (0, self->hover_x - 16 - w));
  allocation->y = 8;
  allocation->width = w;
  allocation->height = h;
  return TRUE;
}

/* A key to the chart's marks, in the chart's own colours. */
static void
update_legend (HpTrendChart *self)
{
  g_autofree char *accent = NULL;
  g_autofree char *fg = NULL;
  g_autofree char *markup = NULL;
  gboolean dark = self->palette.dark;

  g_assert (HP_IS_TREND_CHART (self));

  /* Pango markup wants #rrggbb (gdk_rgba_to_string gives rgb()). */
  accent = g_strdup_printf ("#%02x%02x%02x", (int) (self->palette.accent.red * 255),
                            (int) (self->palette.accent.green * 255), (int) (self->palette.accent.blue * 255));
  fg = g_strdup_printf ("#%02x%02x%02x", (int) (self->palette.fg.red * 255),
                        (int) (self->palette.fg.green * 255), (int) (self->palette.fg.blue * 255));
  markup = g_strdup_printf ("<span foreground=\"%s\">━</span> %s   "
                            "<span foreground=\"%s\" fgalpha=\"%d%%\">█</span> %s   "
                            "<span foreground=\"%s\" fgalpha=\"%d%%\">█</span> %s   "
                            "<span foreground=\"%s\" fgalpha=\"60%%\">●</span> %s   "
                            "<span foreground=\"%s\">╌</span> %s",
                            accent, C_("trend legend", "mean"),
                            accent, (int) (100 * (dark ? HP_TREND_P95_ALPHA_DARK : HP_TREND_P95_ALPHA)),
                            C_("trend legend", "p95"),
                            accent, (int) (100 * (dark ? HP_TREND_P99_ALPHA_DARK : HP_TREND_P99_ALPHA)),
                            C_("trend legend", "p99"),
                            fg, C_("trend legend", "run"),
                            fg, C_("trend legend", "baseline"));
  gtk_label_set_markup (self->legend_label, markup);
}

static void
leave_cb (HpTrendChart *self)
{
  hide_hover (self);
}

static void
dropdown_selected_cb (HpTrendChart *self)
{
  hp_trend_chart_set_buckets (self, gtk_drop_down_get_selected (self->bucket_dropdown));
}

static void
disconnect_session (HpTrendChart *self)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
}

static void
hp_trend_chart_map (GtkWidget *widget)
{
  HpTrendChart *self = HP_TREND_CHART (widget);

  GTK_WIDGET_CLASS (hp_trend_chart_parent_class)->map (widget);
  hp_coalesce_flush (self->coalesce);
}

static void
hp_trend_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  HpTrendChart *self = HP_TREND_CHART (widget);

  GTK_WIDGET_CLASS (hp_trend_chart_parent_class)->css_changed (widget, change);
  hp_graph_palette_read (&self->palette, widget);
  update_legend (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
hp_trend_chart_dispose (GObject *object)
{
  HpTrendChart *self = HP_TREND_CHART (object);
  GtkWidget *child;

  disconnect_session (self);
  g_clear_pointer (&self->coalesce, hp_coalesce_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), HP_TYPE_TREND_CHART);
  /* The template's unnamed boxes are our children too (plain GtkWidget). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->trend, hp_trend_unref);
  g_clear_object (&self->profile);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hp_trend_chart_parent_class)->dispose (object);
}

static void
hp_trend_chart_finalize (GObject *object)
{
  HpTrendChart *self = HP_TREND_CHART (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->verdict, g_free);

  G_OBJECT_CLASS (hp_trend_chart_parent_class)->finalize (object);
}

static void
hp_trend_chart_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HpTrendChart *self = HP_TREND_CHART (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BUCKETS:
      g_value_set_uint (value, self->buckets);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_trend_chart_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HpTrendChart *self = HP_TREND_CHART (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_trend_chart_set_session (self, g_value_get_object (value));
      break;
    case PROP_BUCKETS:
      hp_trend_chart_set_buckets (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_trend_chart_class_init (HpTrendChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_trend_chart_dispose;
  object_class->finalize = hp_trend_chart_finalize;
  object_class->get_property = hp_trend_chart_get_property;
  object_class->set_property = hp_trend_chart_set_property;
  widget_class->map = hp_trend_chart_map;
  widget_class->css_changed = hp_trend_chart_css_changed;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HpTrendChart:buckets:
   *
   * The bucket size, an #HpTrendBucketSize (automatic by default); the
   * dropdown shows and sets it.
   */
  properties[PROP_BUCKETS] =
    g_param_spec_uint ("buckets", NULL, NULL,
                       HP_TREND_BUCKET_HOUR, HP_TREND_BUCKET_AUTOMATIC, HP_TREND_BUCKET_AUTOMATIC,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-trend-chart.ui");
  gtk_widget_class_bind_template_child (widget_class, HpTrendChart, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, HpTrendChart, subject_label);
  gtk_widget_class_bind_template_child (widget_class, HpTrendChart, legend_label);
  gtk_widget_class_bind_template_child (widget_class, HpTrendChart, overlay);
  gtk_widget_class_bind_template_child (widget_class, HpTrendChart, bucket_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HpTrendChart, chart_area);
  gtk_widget_class_bind_template_child (widget_class, HpTrendChart, hover_label);
  gtk_widget_class_set_css_name (widget_class, "trendchart");
}

static void
hp_trend_chart_init (HpTrendChart *self)
{
  GtkEventController *motion;
  GtkWidget *dropdown_button;

  self->buckets = HP_TREND_BUCKET_AUTOMATIC;
  self->baseline_us = NAN;
  self->hover_bucket = -1;
  self->tz = g_time_zone_new_local ();
  self->coalesce = hp_coalesce_new (GTK_WIDGET (self), HP_COALESCE_LIVE_INTERVAL_MS, HP_COALESCE_IDLE,
                                    update_cb, self);
  gtk_widget_init_template (GTK_WIDGET (self));
  hp_graph_palette_read (&self->palette, GTK_WIDGET (self));
  update_legend (self);
  g_signal_connect_swapped (self->overlay, "get-child-position",
                            G_CALLBACK (get_child_position_cb), self);

  /* GTK 4.8's drop-down takes the focus on an inner toggle button with
   * no name of its own: name it after the drop-down, as the node list does. */
  dropdown_button = gtk_widget_get_first_child (GTK_WIDGET (self->bucket_dropdown));
  if (GTK_IS_TOGGLE_BUTTON (dropdown_button))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown_button),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->bucket_dropdown, NULL,
                                    -1);
  gtk_drop_down_set_selected (self->bucket_dropdown, self->buckets);
  g_signal_connect_swapped (self->bucket_dropdown, "notify::selected",
                            G_CALLBACK (dropdown_selected_cb), self);
  gtk_drawing_area_set_draw_func (self->chart_area, draw_cb, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Trend chart"), -1);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->chart_area), motion);
}

/**
 * hp_trend_chart_new:
 *
 * Returns: (transfer floating): an empty chart; give it a session with
 *   hp_trend_chart_set_session()
 */
GtkWidget *
hp_trend_chart_new (void)
{
  return g_object_new (HP_TYPE_TREND_CHART, NULL);
}

/**
 * hp_trend_chart_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HpSession *
hp_trend_chart_get_session (HpTrendChart *self)
{
  g_return_val_if_fail (HP_IS_TREND_CHART (self), NULL);
  return self->session;
}

/**
 * hp_trend_chart_set_session:
 * @session: (nullable): the window's session
 *
 * Charts @session's selected node (the whole run without one) and
 * follows its selection, its profile's runs and baseline.
 */
void
hp_trend_chart_set_session (HpTrendChart *self,
                            HpSession    *session)
{
  g_return_if_fail (HP_IS_TREND_CHART (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (self->session == session)
    return;

  disconnect_session (self);
  g_set_object (&self->session, session);
  g_set_object (&self->profile, (session != NULL ? hp_session_get_profile (session) : NULL));
  if (self->session != NULL)
    {
      g_signal_connect_swapped (self->session, "notify::selected-node-id",
                                G_CALLBACK (queue_update), self);
      g_signal_connect_swapped (self->session, "notify::noise-floor-ms",
                                G_CALLBACK (queue_update), self);
      g_signal_connect_swapped (self->profile, "changed",
                                G_CALLBACK (profile_changed_cb), self);
      g_signal_connect_swapped (self->profile, "notify::baseline",
                                G_CALLBACK (queue_update), self);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

HpTrendBucketSize
hp_trend_chart_get_buckets (HpTrendChart *self)
{
  g_return_val_if_fail (HP_IS_TREND_CHART (self), HP_TREND_BUCKET_AUTOMATIC);
  return self->buckets;
}

/**
 * hp_trend_chart_set_buckets:
 * @buckets: hour, day, week or automatic
 */
void
hp_trend_chart_set_buckets (HpTrendChart      *self,
                            HpTrendBucketSize  buckets)
{
  g_return_if_fail (HP_IS_TREND_CHART (self));
  g_return_if_fail (buckets <= HP_TREND_BUCKET_AUTOMATIC);

  if (self->buckets == buckets)
    return;
  self->buckets = buckets;
  gtk_drop_down_set_selected (self->bucket_dropdown, buckets);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUCKETS]);
}

/**
 * hp_trend_chart_get_trend:
 *
 * Returns: (transfer none) (nullable): the trend drawn, brought up to
 *   date first; %NULL without a session
 */
HpTrend *
hp_trend_chart_get_trend (HpTrendChart *self)
{
  g_return_val_if_fail (HP_IS_TREND_CHART (self), NULL);

  hp_coalesce_flush (self->coalesce);
  return self->trend;
}

/**
 * hp_trend_chart_get_verdict:
 *
 * Returns: (nullable): the sentence above the chart
 */
const char *
hp_trend_chart_get_verdict (HpTrendChart *self)
{
  g_return_val_if_fail (HP_IS_TREND_CHART (self), NULL);

  hp_coalesce_flush (self->coalesce);
  return self->verdict;
}
