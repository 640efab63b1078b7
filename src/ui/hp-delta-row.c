/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-delta-row.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-time-format.h"

struct _HpDeltaRow
{
  GtkListBoxRow   parent_instance;

  const char     *node_id;   /* interned, NULL for the whole run */
  HpDeltaVerdict  verdict;

  GtkImage       *verdict_icon;
  GtkLabel       *title_label;
  GtkLabel       *values_label;
  GtkLabel       *delta_label;
  GtkLabel       *pct_label;
  GtkLabel       *verdict_label;
};

G_DEFINE_FINAL_TYPE (HpDeltaRow, hp_delta_row, GTK_TYPE_LIST_BOX_ROW)

/**
 * hp_delta_row_format_delta_us:
 * @delta_us: a signed difference in microseconds, NaN when unknown
 *
 * Returns: (transfer full): e.g. "+1.55 s", "−400.0 ms", "0.0 ms" or "—"
 */
char *
hp_delta_row_format_delta_us (double delta_us)
{
  g_autofree char *magnitude = NULL;

  if (isnan (delta_us))
    return g_strdup ("—");
  /* Below what "0.0 ms" can show, no sign. */
  if (fabs (delta_us) < 50.0)
    return hp_format_duration_us (0.0);
  magnitude = hp_format_duration_us (fabs (delta_us));
  return g_strconcat (delta_us > 0 ? "+" : "−", magnitude, NULL);
}

/**
 * hp_delta_row_format_delta_pct:
 * @delta_pct: a signed difference in percent, NaN when unknown
 *
 * Returns: (transfer full): e.g. "+32.1 %", "−13.3 %", "0.0 %" or "—"
 */
char *
hp_delta_row_format_delta_pct (double delta_pct)
{
  if (isnan (delta_pct))
    return g_strdup ("—");
  if (fabs (delta_pct) < 0.05)
    return g_strdup ("0.0 %");
  return g_strdup_printf ("%s%.1f %%", delta_pct > 0 ? "+" : "−", fabs (delta_pct));
}

static void
hp_delta_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HP_TYPE_DELTA_ROW);

  G_OBJECT_CLASS (hp_delta_row_parent_class)->dispose (object);
}

static void
hp_delta_row_class_init (HpDeltaRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_delta_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-delta-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HpDeltaRow, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, HpDeltaRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, HpDeltaRow, values_label);
  gtk_widget_class_bind_template_child (widget_class, HpDeltaRow, delta_label);
  gtk_widget_class_bind_template_child (widget_class, HpDeltaRow, pct_label);
  gtk_widget_class_bind_template_child (widget_class, HpDeltaRow, verdict_label);
}

static void
hp_delta_row_init (HpDeltaRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * hp_delta_row_new:
 * @delta: the figures; a %NULL node id stands for the whole run
 * @title: what the row is about (a node title, "Execution time")
 * @verdict: how the delta is judged
 *
 * Returns: (transfer floating): the row; node rows are activatable
 */
GtkWidget *
hp_delta_row_new (const HpNodeDelta *delta,
                  const char        *title,
                  HpDeltaVerdict     verdict)
{
  HpDeltaRow *self;
  g_autofree char *current = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *values = NULL;
  g_autofree char *delta_text = NULL;
  g_autofree char *pct_text = NULL;
  g_autofree char *accessible = NULL;
  const char *word = NULL;

  g_return_val_if_fail (delta != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (HP_TYPE_DELTA_ROW, NULL);
  self->node_id = delta->node_id != NULL ? g_intern_string (delta->node_id) : NULL;
  self->verdict = verdict;

  current = hp_format_duration_us (delta->current_us);
  reference = hp_format_duration_us (delta->reference_us);
  /* Translators: a run's time and the time it is compared with */
  values = g_strdup_printf (_("%s vs %s"), current, reference);
  delta_text = hp_delta_row_format_delta_us (delta->delta_us);
  pct_text = hp_delta_row_format_delta_pct (delta->delta_pct);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->values_label, values);
  gtk_label_set_text (self->delta_label, delta_text);
  gtk_label_set_text (self->pct_label, pct_text);

  switch (verdict)
    {
    case HP_DELTA_VERDICT_SLOWER:
      word = _("slower");
      gtk_image_set_from_icon_name (self->verdict_icon, "go-up-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self), "comparison-regression");
      break;
    case HP_DELTA_VERDICT_FASTER:
      word = _("faster");
      gtk_image_set_from_icon_name (self->verdict_icon, "go-down-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self), "comparison-improvement");
      break;
    case HP_DELTA_VERDICT_NEUTRAL:
    default:
      break;
    }
  gtk_label_set_text (self->verdict_label, word != NULL ? word : "");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), word != NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), self->node_id != NULL);

  /* Translators: title, "current vs reference", delta, percent, verdict */
  accessible = g_strdup_printf (_("%s: %s, %s (%s)%s%s"), title, values, delta_text, pct_text,
                                word != NULL ? ", " : "", word != NULL ? word : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return GTK_WIDGET (self);
}

/**
 * hp_delta_row_get_node_id:
 *
 * Returns: (nullable): the interned node id, %NULL for the whole run
 */
const char *
hp_delta_row_get_node_id (HpDeltaRow *self)
{
  g_return_val_if_fail (HP_IS_DELTA_ROW (self), NULL);
  return self->node_id;
}

HpDeltaVerdict
hp_delta_row_get_verdict (HpDeltaRow *self)
{
  g_return_val_if_fail (HP_IS_DELTA_ROW (self), HP_DELTA_VERDICT_NEUTRAL);
  return self->verdict;
}
