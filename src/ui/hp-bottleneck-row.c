/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-bottleneck-row.h"

#include <glib/gi18n.h>

#include "hp-time-format.h"

struct _HpBottleneckRow
{
  GtkListBoxRow  parent_instance;

  const char    *node_id;   /* interned */
  guint          rank;

  GtkImage      *warning_icon;
  GtkLabel      *rank_label;
  GtkLabel      *title_label;
  GtkLabel      *duration_label;
  GtkLabel      *share_label;
};

G_DEFINE_FINAL_TYPE (HpBottleneckRow, hp_bottleneck_row, GTK_TYPE_LIST_BOX_ROW)

static void
hp_bottleneck_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HP_TYPE_BOTTLENECK_ROW);

  G_OBJECT_CLASS (hp_bottleneck_row_parent_class)->dispose (object);
}

static void
hp_bottleneck_row_class_init (HpBottleneckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_bottleneck_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-bottleneck-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HpBottleneckRow, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, HpBottleneckRow, rank_label);
  gtk_widget_class_bind_template_child (widget_class, HpBottleneckRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, HpBottleneckRow, duration_label);
  gtk_widget_class_bind_template_child (widget_class, HpBottleneckRow, share_label);
}

static void
hp_bottleneck_row_init (HpBottleneckRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
describe_value (HpMetric    metric,
                const char *duration,
                const char *level)
{
  switch (metric)
    {
    case HP_METRIC_LAST:
      /* Translators: "4.33 s in this run · high share" */
      return g_strdup_printf (_("%s in this run · %s share"), duration, level);
    case HP_METRIC_MEDIAN:
      return g_strdup_printf (_("%s median · %s share"), duration, level);
    case HP_METRIC_P95:
      return g_strdup_printf (_("%s p95 · %s share"), duration, level);
    case HP_METRIC_MAX:
      return g_strdup_printf (_("%s max · %s share"), duration, level);
    case HP_METRIC_MEAN:
    default:
      return g_strdup_printf (_("%s mean · %s share"), duration, level);
    }
}

/**
 * hp_bottleneck_row_new:
 * @bottleneck: one result of hp_bottlenecks_compute() or
 *   hp_bottlenecks_compute_for_run()
 * @metric: what @bottleneck's value is (%HP_METRIC_LAST: its duration in
 *   the selected run)
 * @level: the heatmap class of its share
 *
 * Returns: (transfer floating): a row showing @bottleneck
 */
GtkWidget *
hp_bottleneck_row_new (const HpBottleneck *bottleneck,
                       HpMetric            metric,
                       HpHeatLevel         level)
{
  HpBottleneckRow *self;
  g_autofree char *rank = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *share = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *tooltip = NULL;
  const char *title;

  g_return_val_if_fail (bottleneck != NULL, NULL);
  g_return_val_if_fail (HP_IS_NODE_STATS (bottleneck->stats), NULL);

  self = g_object_new (HP_TYPE_BOTTLENECK_ROW, NULL);
  self->node_id = g_intern_string (bottleneck->node_id);
  self->rank = bottleneck->rank;

  title = hp_node_stats_get_title (bottleneck->stats);
  rank = g_strdup_printf ("#%u", bottleneck->rank);
  duration = hp_format_duration_us (bottleneck->value_us);
  share = hp_format_share (bottleneck->share);
  caption = describe_value (metric, duration, hp_heat_level_label (level));
  if (metric == HP_METRIC_LAST)
    tooltip = g_strdup_printf (_("Bottleneck %u: %s took %s of the run’s time (%s)"),
                               bottleneck->rank, title, share, duration);
  else
    tooltip = g_strdup_printf (_("Bottleneck %u: %s takes %s of the %s total (%s)"),
                               bottleneck->rank, title, share, hp_metric_to_string (metric), duration);

  gtk_label_set_text (self->rank_label, rank);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->duration_label, caption);
  gtk_label_set_text (self->share_label, share);
  gtk_image_set_from_icon_name (self->warning_icon, hp_heat_level_icon_name (level));
  gtk_widget_add_css_class (GTK_WIDGET (self->warning_icon), hp_heat_level_css_class (level));
  gtk_widget_add_css_class (GTK_WIDGET (self->share_label), hp_heat_level_css_class (level));
  /* Only when it changed: each call costs an X round trip. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self)), tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);

  return GTK_WIDGET (self);
}

/**
 * hp_bottleneck_row_get_node_id:
 * @self: a bottleneck row
 *
 * Returns: the interned id of the node the row stands for
 */
const char *
hp_bottleneck_row_get_node_id (HpBottleneckRow *self)
{
  g_return_val_if_fail (HP_IS_BOTTLENECK_ROW (self), NULL);
  return self->node_id;
}

/**
 * hp_bottleneck_row_get_rank:
 * @self: a bottleneck row
 *
 * Returns: the 1-based rank
 */
guint
hp_bottleneck_row_get_rank (HpBottleneckRow *self)
{
  g_return_val_if_fail (HP_IS_BOTTLENECK_ROW (self), 0);
  return self->rank;
}
