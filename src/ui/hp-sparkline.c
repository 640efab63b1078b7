/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-sparkline.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-config.h"
#include "hp-time-format.h"

#define SPARKLINE_WIDTH  64
#define SPARKLINE_HEIGHT 24
#define SPARKLINE_PAD    2.5

struct _HpSparkline
{
  GtkWidget  parent_instance;

  GArray    *values;    /* double, µs, oldest first; NaN entries skipped */
  char      *label;
  GdkRGBA    line_color;
};

G_DEFINE_FINAL_TYPE (HpSparkline, hp_sparkline, GTK_TYPE_WIDGET)

static void
values_range (HpSparkline *self,
              double      *min_out,
              double      *max_out)
{
  double min = INFINITY;
  double max = -INFINITY;

  g_assert (HP_IS_SPARKLINE (self));

  for (guint i = 0; i < self->values->len; i++)
    {
      double v = g_array_index (self->values, double, i);

      min = MIN (min, v);
      max = MAX (max, v);
    }
  *min_out = min;
  *max_out = max;
}

static void
update_label (HpSparkline *self)
{
  double min;
  double max;

  g_assert (HP_IS_SPARKLINE (self));

  g_clear_pointer (&self->label, g_free);
  if (self->values->len == 0)
    self->label = g_strdup (_("No durations recorded"));
  else if (self->values->len == 1)
    {
      g_autofree char *only = hp_format_duration_us (g_array_index (self->values, double, 0));

      self->label = g_strdup_printf (_("Last duration: %s"), only);
    }
  else
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      values_range (self, &min, &max);
      from = hp_format_duration_us (min);
      to = hp_format_duration_us (max);
      self->label = g_strdup_printf (_("Last %u durations, from %s to %s"),
                                     self->values->len, from, to);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->label,
                                  -1);
  /* Only when it changed: GTK re-queries the pointer (an X round trip)
   * on every call, and live statistics refresh often. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self)), self->label) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->label);
}

static void
read_colors (HpSparkline *self)
{
  GtkStyleContext *context;

  g_assert (HP_IS_SPARKLINE (self));

  /* GTK 4.8 has no gtk_widget_get_color; the named colours of the theme
   * follow light and dark styles. */
  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  if (!gtk_style_context_lookup_color (context, "accent_color", &self->line_color))
    gtk_style_context_get_color (context, &self->line_color);
}

static void
hp_sparkline_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  HpSparkline *self = HP_SPARKLINE (widget);

  GTK_WIDGET_CLASS (hp_sparkline_parent_class)->css_changed (widget, change);
  read_colors (self);
  gtk_widget_queue_draw (widget);
}

static void
hp_sparkline_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = SPARKLINE_WIDTH;
  else
    *minimum = *natural = SPARKLINE_HEIGHT;
}

static void
hp_sparkline_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  HpSparkline *self = HP_SPARKLINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double min;
  double max;
  double step;
  double inner_w;
  double inner_h;
  double x = 0.0;
  double y = 0.0;
  guint n = self->values->len;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  inner_w = width - 2 * SPARKLINE_PAD;
  inner_h = height - 2 * SPARKLINE_PAD;

  /* A faint baseline so an empty or single-value sparkline still reads as
   * a chart. */
  cairo_set_source_rgba (cr, self->line_color.red, self->line_color.green,
                         self->line_color.blue, 0.18);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, SPARKLINE_PAD, height - SPARKLINE_PAD + 0.5);
  cairo_line_to (cr, width - SPARKLINE_PAD, height - SPARKLINE_PAD + 0.5);
  cairo_stroke (cr);

  if (n == 0)
    {
      cairo_destroy (cr);
      return;
    }

  values_range (self, &min, &max);
  step = n > 1 ? inner_w / (n - 1) : 0.0;

  /* Between the values' own minimum (bottom) and maximum (top); all equal
   * values draw a level line in the middle. */
  for (guint i = 0; i < n; i++)
    {
      double v = g_array_index (self->values, double, i);
      double t = max > min ? (v - min) / (max - min) : 0.5;

      x = n > 1 ? SPARKLINE_PAD + i * step : width / 2.0;
      y = SPARKLINE_PAD + (1.0 - t) * inner_h;
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }

  if (n > 1)
    {
      cairo_path_t *line = cairo_copy_path (cr);

      /* Area under the line, then the line itself on top. */
      cairo_line_to (cr, x, height - SPARKLINE_PAD);
      cairo_line_to (cr, SPARKLINE_PAD, height - SPARKLINE_PAD);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, self->line_color.red, self->line_color.green,
                             self->line_color.blue, 0.15 * self->line_color.alpha);
      cairo_fill (cr);

      cairo_append_path (cr, line);
      cairo_path_destroy (line);
      gdk_cairo_set_source_rgba (cr, &self->line_color);
      cairo_set_line_width (cr, 1.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_stroke (cr);
    }

  /* The newest value as a dot. */
  gdk_cairo_set_source_rgba (cr, &self->line_color);
  cairo_arc (cr, x, y, 2.25, 0, 2 * G_PI);
  cairo_fill (cr);

  cairo_destroy (cr);
}

static void
hp_sparkline_finalize (GObject *object)
{
  HpSparkline *self = HP_SPARKLINE (object);

  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (hp_sparkline_parent_class)->finalize (object);
}

static void
hp_sparkline_class_init (HpSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hp_sparkline_finalize;
  widget_class->measure = hp_sparkline_measure;
  widget_class->snapshot = hp_sparkline_snapshot;
  widget_class->css_changed = hp_sparkline_css_changed;

  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hp_sparkline_init (HpSparkline *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->line_color = (GdkRGBA) { 0.21, 0.52, 0.89, 1.0 };
  update_label (self);
}

/**
 * hp_sparkline_new:
 *
 * Returns: (transfer floating): an empty sparkline
 */
GtkWidget *
hp_sparkline_new (void)
{
  return g_object_new (HP_TYPE_SPARKLINE, NULL);
}

/**
 * hp_sparkline_set_values:
 * @self: a sparkline
 * @values_us: (array length=n_values) (nullable): durations in µs, oldest
 *   first; NaN values are left out
 * @n_values: how many
 *
 * Shows @values_us (copied).
 */
void
hp_sparkline_set_values (HpSparkline  *self,
                         const double *values_us,
                         guint         n_values)
{
  g_return_if_fail (HP_IS_SPARKLINE (self));
  g_return_if_fail (values_us != NULL || n_values == 0);

  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n_values; i++)
    if (!isnan (values_us[i]))
      g_array_append_val (self->values, values_us[i]);
  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * hp_sparkline_get_values:
 * @self: a sparkline
 * @n_values: (out): how many
 *
 * Returns: (array length=n_values) (transfer none): the values drawn
 */
const double *
hp_sparkline_get_values (HpSparkline *self,
                         guint       *n_values)
{
  g_return_val_if_fail (HP_IS_SPARKLINE (self), NULL);
  g_return_val_if_fail (n_values != NULL, NULL);

  *n_values = self->values->len;
  return (const double *) (gpointer) self->values->data;
}

/**
 * hp_sparkline_get_label:
 * @self: a sparkline
 *
 * Returns: what the sparkline shows, in words (its accessible label)
 */
const char *
hp_sparkline_get_label (HpSparkline *self)
{
  g_return_val_if_fail (HP_IS_SPARKLINE (self), NULL);
  return self->label;
}
