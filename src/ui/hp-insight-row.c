/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-insight-row.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hp-time-format.h"

struct _HpInsightRow
{
  GtkWidget   parent_instance;

  HpInsight  *insight;
  char       *key;
  gboolean    dismissed;

  GtkImage   *severity_icon;
  GtkLabel   *severity_label;
  GtkButton  *dismiss_button;
  GtkLabel   *message_label;
  GtkLabel   *figures_label;
  GtkFlowBox *nodes_box;
};

G_DEFINE_FINAL_TYPE (HpInsightRow, hp_insight_row, GTK_TYPE_WIDGET)

static const char *severity_classes[] = { "dim-label", "accent", "warning", "error" };

/**
 * hp_insight_severity_label:
 * @severity: a severity
 *
 * Returns: the word shown for @severity, translated
 */
const char *
hp_insight_severity_label (HpInsightSeverity severity)
{
  switch (severity)
    {
    case HP_INSIGHT_SEVERITY_INFO:
      return C_("insight severity", "Info");
    case HP_INSIGHT_SEVERITY_LOW:
      return C_("insight severity", "Low");
    case HP_INSIGHT_SEVERITY_MEDIUM:
      return C_("insight severity", "Medium");
    case HP_INSIGHT_SEVERITY_HIGH:
      return C_("insight severity", "High");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * hp_insight_severity_icon_name:
 * @severity: a severity
 *
 * Returns: a symbolic icon that differs per severity (the colour is never
 *   the only signal)
 */
const char *
hp_insight_severity_icon_name (HpInsightSeverity severity)
{
  switch (severity)
    {
    case HP_INSIGHT_SEVERITY_HIGH:
      return "dialog-error-symbolic";
    case HP_INSIGHT_SEVERITY_MEDIUM:
      return "dialog-warning-symbolic";
    case HP_INSIGHT_SEVERITY_LOW:
      return "dialog-information-symbolic";
    case HP_INSIGHT_SEVERITY_INFO:
    default:
      return "help-about-symbolic";
    }
}

/**
 * hp_insight_kind_label:
 * @kind: a kind of insight
 *
 * Returns: a short name for @kind, translated
 */
const char *
hp_insight_kind_label (HpInsightKind kind)
{
  switch (kind)
    {
    case HP_INSIGHT_REGRESSION:
      return _("Regression");
    case HP_INSIGHT_DOMINANT_NODE:
      return _("Dominant node");
    case HP_INSIGHT_CACHE_DROP:
      return _("Cache miss");
    case HP_INSIGHT_ERROR_PRONE:
      return _("Error-prone node");
    case HP_INSIGHT_RETRIES:
      return _("Retries");
    case HP_INSIGHT_TOKEN_HOT_SPOT:
      return _("Token hot spot");
    case HP_INSIGHT_COST_HOT_SPOT:
      return _("Cost hot spot");
    case HP_INSIGHT_PARALLELIZATION:
      return _("Parallelization");
    case HP_INSIGHT_HIGH_VARIANCE:
      return _("High variance");
    default:
      g_return_val_if_reached ("");
    }
}

/* ---- figures ------------------------------------------------------------ */

static const char *
figure_label (const char *name)
{
  static const struct {
    const char *name;
    const char *label;
  } labels[] = {
    { "current_ms", N_("this run") },
    { "previous_ms", N_("previous") },
    { "mean_ms", N_("mean") },
    { "baseline_ms", N_("baseline") },
    { "duration_ms", N_("duration") },
    { "run_ms", N_("run") },
    { "share", N_("share") },
    { "cached_rate", N_("cached rate") },
    { "cached_runs", N_("cached runs") },
    { "earlier_runs", N_("earlier runs") },
    { "failure_rate", N_("failure rate") },
    { "failed", N_("failed") },
    { "runs", N_("runs") },
    { "retries", N_("retries") },
    { "tokens", N_("tokens") },
    { "total_tokens", N_("run total") },
    { "cost", N_("cost") },
    { "total_cost", N_("run total") },
    { "execution_ms", N_("execution") },
    { "critical_path_ms", N_("critical path") },
    { "efficiency", N_("efficiency") },
    { "saving_ms", N_("possible saving") },
    { "serial_pairs", N_("serial pairs") },
    { "best_pair_saving_ms", N_("best pair saves") },
    { "cv", N_("CV") },
    { "stddev_ms", N_("std. dev.") },
    { "executed", N_("executed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].name, name) == 0)
      return _(labels[i].label);
  return NULL;
}

static char *
format_value (const char *name,
              double      value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (g_str_has_suffix (name, "_ms"))
    return hp_format_duration_us (value * 1000.0);
  if (g_str_has_suffix (name, "_pct"))
    return g_strdup_printf ("%s%.1f %%", value < 0 ? "−" : "+", fabs (value));
  if (strcmp (name, "share") == 0 || strcmp (name, "efficiency") == 0 ||
      g_str_has_suffix (name, "_rate"))
    return g_strdup_printf ("%.1f %%", value * 100.0);
  if (strcmp (name, "cv") == 0)
    return g_strdup_printf ("%.2f", value);
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%g", value);
}

static char *
signed_duration (double ms)
{
  g_autofree char *magnitude = NULL;

  if (isnan (ms))
    return g_strdup ("—");
  magnitude = hp_format_duration_us (fabs (ms) * 1000.0);
  return g_strdup_printf ("%s%s", ms < 0 ? "−" : "+", magnitude);
}

/**
 * hp_insight_format_figures:
 * @insight: an insight
 *
 * The numbers behind @insight for people: "this run 4.20 s · previous
 * 2.00 s (+2.20 s, +110.0 %) · …". A regression's reference value, delta
 * and percentage are shown together.
 *
 * Returns: (transfer full): the text, empty when there are no figures
 */
char *
hp_insight_format_figures (HpInsight *insight)
{
  static const char * const references[] = { "previous", "mean", "baseline" };
  g_autoptr(GString) out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (HP_IS_INSIGHT (insight), NULL);

  n = hp_insight_get_n_figures (insight);
  for (guint i = 0; i < n; i++)
    {
      const HpInsightFigure *figure = hp_insight_get_figure (insight, i);
      g_autofree char *text = NULL;
      g_autofree char *value = NULL;
      const char *label;
      gboolean grouped = FALSE;

      /* A regression's "<ref>_delta_ms" and "<ref>_delta_pct" go with
       * "<ref>_ms". */
      if (strstr (figure->name, "_delta_") != NULL)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (references) && !grouped; k++)
        {
          g_autofree char *base = g_strconcat (references[k], "_ms", NULL);
          g_autofree char *delta_name = g_strconcat (references[k], "_delta_ms", NULL);
          g_autofree char *pct_name = g_strconcat (references[k], "_delta_pct", NULL);
          double delta = hp_insight_lookup_figure (insight, delta_name);
          double pct = hp_insight_lookup_figure (insight, pct_name);
          g_autofree char *d = NULL;
          g_autofree char *p = NULL;

          if (strcmp (figure->name, base) != 0 || isnan (delta))
            continue;
          grouped = TRUE;
          value = format_value (figure->name, figure->value);
          d = signed_duration (delta);
          p = format_value (pct_name, pct);
          /* Translators: a regression's reference, e.g. "previous 2.00 s (+2.20 s, +110.0 %)" */
          text = g_strdup_printf (C_("insight figure", "%s %s (%s, %s)"),
                                  figure_label (figure->name), value, d, p);
        }
      if (!grouped)
        {
          g_autofree char *fallback = NULL;

          label = figure_label (figure->name);
          if (label == NULL)
            label = fallback = g_strdelimit (g_strdup (figure->name), "_", ' ');
          value = format_value (figure->name, figure->value);
          /* Translators: a figure's name and value, e.g. "share 82.4 %" */
          text = g_strdup_printf (C_("insight figure", "%s %s"), label, value);
        }
      /* Lines break between figures, not inside one. */
      if (out->len > 0)
        g_string_append (out, " · ");
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == ' ')
            g_string_append (out, "\u00a0");
          else
            g_string_append_c (out, *p);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- the row ------------------------------------------------------------ */

static void
clear_nodes (HpInsightRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->nodes_box))) != NULL)
    gtk_flow_box_remove (self->nodes_box, child);
}

static GtkWidget *
node_button (HpProfile  *profile,
             const char *node_id)
{
  HpNodeStats *stats = profile != NULL ? hp_profile_lookup_node_stats (profile, node_id) : NULL;
  const char *title = stats != NULL ? hp_node_stats_get_title (stats) : NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *button;
  GtkWidget *content;

  if (title == NULL || *title == '\0')
    title = node_id;
  tooltip = g_strdup_printf (_("Show “%s” (node %s) on the graph"), title, node_id);

  content = g_object_new (ADW_TYPE_BUTTON_CONTENT,
                          "icon-name", "find-location-symbolic",
                          "label", title,
                          NULL);
  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_name (button, "node-button");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "insight-node");
  /* The target first: the name alone would be checked against no target. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", node_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "insights.jump-to-node");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

/**
 * hp_insight_row_set_insight:
 * @insight: (nullable): the insight to show, %NULL to clear the row
 * @profile: (nullable): where node titles come from
 * @dismissed: whether the user dismissed it (shown dimmed, with Restore)
 */
void
hp_insight_row_set_insight (HpInsightRow *self,
                            HpInsight    *insight,
                            HpProfile    *profile,
                            gboolean      dismissed)
{
  g_autofree char *heading = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *accessible = NULL;
  HpInsightSeverity severity;

  g_return_if_fail (HP_IS_INSIGHT_ROW (self));
  g_return_if_fail (insight == NULL || HP_IS_INSIGHT (insight));

  g_set_object (&self->insight, insight);
  g_clear_pointer (&self->key, g_free);
  self->dismissed = insight != NULL && dismissed;
  clear_nodes (self);
  for (guint i = 0; i < G_N_ELEMENTS (severity_classes); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->severity_icon), severity_classes[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->severity_label), severity_classes[i]);
    }
  if (insight == NULL)
    return;

  self->key = hp_insight_dup_key (insight);
  severity = hp_insight_get_severity (insight);
  /* Translators: an insight's severity and kind, e.g. "High · Regression" */
  heading = g_strdup_printf (C_("insight heading", "%s · %s"),
                             hp_insight_severity_label (severity),
                             hp_insight_kind_label (hp_insight_get_kind (insight)));
  figures = hp_insight_format_figures (insight);

  gtk_image_set_from_icon_name (self->severity_icon, hp_insight_severity_icon_name (severity));
  gtk_widget_add_css_class (GTK_WIDGET (self->severity_icon), severity_classes[severity]);
  gtk_widget_add_css_class (GTK_WIDGET (self->severity_label), severity_classes[severity]);
  gtk_label_set_text (self->severity_label, heading);
  gtk_label_set_text (self->message_label, hp_insight_get_message (insight));
  gtk_label_set_text (self->figures_label, figures);
  gtk_widget_set_visible (GTK_WIDGET (self->figures_label), *figures != '\0');

  for (guint i = 0; i < hp_insight_get_n_nodes (insight); i++)
    {
      GtkWidget *button = node_button (profile, hp_insight_get_node (insight, i));

      gtk_flow_box_append (self->nodes_box, button);
      /* Tab goes to the button, not first to its flow box child. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->nodes_box), hp_insight_get_n_nodes (insight) > 0);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->dismiss_button), "s", self->key);
  if (self->dismissed)
    {
      gtk_button_set_icon_name (self->dismiss_button, "edit-undo-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->dismiss_button), _("Restore this insight"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->dismiss_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Restore"),
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->dismiss_button), "win.restore-insight");
    }
  else
    {
      gtk_button_set_icon_name (self->dismiss_button, "window-close-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->dismiss_button),
                                   _("Dismiss: do not show this insight again for this profile"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->dismiss_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"),
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->dismiss_button), "win.dismiss-insight");
    }
  gtk_widget_set_opacity (GTK_WIDGET (self), self->dismissed ? 0.6 : 1.0);

  accessible = g_strdup_printf ("%s: %s", heading, hp_insight_get_message (insight));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

HpInsight *
hp_insight_row_get_insight (HpInsightRow *self)
{
  g_return_val_if_fail (HP_IS_INSIGHT_ROW (self), NULL);
  return self->insight;
}

/**
 * hp_insight_row_get_key:
 *
 * Returns: (nullable): the key of the insight shown (hp_insight_dup_key())
 */
const char *
hp_insight_row_get_key (HpInsightRow *self)
{
  g_return_val_if_fail (HP_IS_INSIGHT_ROW (self), NULL);
  return self->key;
}

gboolean
hp_insight_row_get_dismissed (HpInsightRow *self)
{
  g_return_val_if_fail (HP_IS_INSIGHT_ROW (self), FALSE);
  return self->dismissed;
}

static void
hp_insight_row_dispose (GObject *object)
{
  HpInsightRow *self = HP_INSIGHT_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_INSIGHT_ROW);
  /* The template's top box has no id, so GTK 4.8 leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->insight);
  g_clear_pointer (&self->key, g_free);

  G_OBJECT_CLASS (hp_insight_row_parent_class)->dispose (object);
}

static void
hp_insight_row_class_init (HpInsightRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_insight_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-insight-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HpInsightRow, severity_icon);
  gtk_widget_class_bind_template_child (widget_class, HpInsightRow, severity_label);
  gtk_widget_class_bind_template_child (widget_class, HpInsightRow, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, HpInsightRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, HpInsightRow, figures_label);
  gtk_widget_class_bind_template_child (widget_class, HpInsightRow, nodes_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hp_insight_row_init (HpInsightRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hp_insight_row_new (void)
{
  return g_object_new (HP_TYPE_INSIGHT_ROW, NULL);
}
