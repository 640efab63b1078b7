/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-node-row.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-config.h"
#include "hp-sparkline.h"
#include "hp-time-format.h"

struct _HpNodeRow
{
  GtkWidget    parent_instance;

  HpNodeStats *stats;
  gulong       notify_handler;
  double       share;
  HpHeatLevel  level;

  GtkLabel    *title_label;
  GtkLabel    *type_label;
  GtkLevelBar *share_bar;
  GtkLabel    *share_label;
  HpSparkline *sparkline;
  GtkLabel    *mean_label;
  GtkLabel    *detail_label;
  GtkLabel    *runs_label;
  GtkLabel    *status_label;
  gboolean     live;          /* the selected run is going on */
  HpNodeStatus live_status;   /* the node's status in the selected run */
};

G_DEFINE_FINAL_TYPE (HpNodeRow, hp_node_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *heat_classes[] = { "heat-low", "heat-medium", "heat-high" };

static void
set_heat_class (GtkWidget   *widget,
                HpHeatLevel  level)
{
  g_assert (GTK_IS_WIDGET (widget));

  for (guint i = 0; i < G_N_ELEMENTS (heat_classes); i++)
    gtk_widget_remove_css_class (widget, heat_classes[i]);
  gtk_widget_add_css_class (widget, hp_heat_level_css_class (level));
}

/* What the row says, in one sentence for screen readers: the expander
 * around the row is labelled by it, and the list item takes its focus. */
static void
update_accessible_label (HpNodeRow *self)
{
  g_autofree char *text = NULL;

  g_assert (HP_IS_NODE_ROW (self));

  if (self->stats == NULL)
    return;
  /* Translators: what a screen reader says for a row of the node list:
   * node title, node type, share of the time, mean, last and p95,
   * number of runs, cached and failed counts. */
  text = g_strdup_printf (_("%s, %s: %s; mean %s, %s; %s, %s"),
                          gtk_label_get_text (self->title_label),
                          gtk_label_get_text (self->type_label),
                          gtk_label_get_text (self->share_label),
                          gtk_label_get_text (self->mean_label),
                          gtk_label_get_text (self->detail_label),
                          gtk_label_get_text (self->runs_label),
                          gtk_label_get_text (self->status_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
update_share (HpNodeRow *self)
{
  g_autofree char *share = NULL;
  g_autofree char *text = NULL;
  gboolean executed;
  gboolean live;

  g_assert (HP_IS_NODE_ROW (self));

  executed = self->stats != NULL && hp_node_stats_has_durations (self->stats);
  live = self->live && (self->live_status == HP_NODE_STATUS_RUNNING ||
                        self->live_status == HP_NODE_STATUS_PENDING);
  /* Never NaN: the bar passes its value on to assistive technologies,
   * which GTK refuses (with a critical) when it is not a number. */
  gtk_level_bar_set_value (self->share_bar,
                           executed && !live && !isnan (self->share) ? CLAMP (self->share, 0.0, 1.0) : 0.0);
  set_heat_class (GTK_WIDGET (self->share_bar), self->level);

  if (live && self->live_status == HP_NODE_STATUS_RUNNING)
    gtk_label_set_text (self->share_label, _("running…"));
  else if (live)
    gtk_label_set_text (self->share_label, _("waiting"));
  else if (!executed && self->live)
    {
      /* Done in the run going on; its statistics follow shortly. */
      const char *words[] = {
        [HP_NODE_STATUS_COMPLETED] = N_("done"),
        [HP_NODE_STATUS_CACHED] = N_("cached"),
        [HP_NODE_STATUS_FAILED] = N_("failed"),
        [HP_NODE_STATUS_SKIPPED] = N_("skipped"),
      };

      gtk_label_set_text (self->share_label,
                          self->live_status < G_N_ELEMENTS (words) && words[self->live_status] != NULL
                          ? _(words[self->live_status]) : _("never executed"));
    }
  else if (!executed)
    gtk_label_set_text (self->share_label, _("never executed"));
  else
    {
      share = hp_format_share (self->share);
      /* The word says what the colour says, for people who cannot see it. */
      /* No share: say why, in a word that fits the column. */
      if (isnan (self->share) && self->live_status == HP_NODE_STATUS_CACHED)
        text = g_strdup (_("cached in this run"));
      else if (isnan (self->share) && self->live_status == HP_NODE_STATUS_SKIPPED)
        text = g_strdup (_("skipped in this run"));
      else if (isnan (self->share) && self->live_status == HP_NODE_STATUS_PENDING)
        text = g_strdup (_("not in this run"));
      else if (isnan (self->share))
        text = g_strdup (_("no time in this run"));
      else
        text = g_strdup_printf ("%s · %s", share, hp_heat_level_label (self->level));
      gtk_label_set_text (self->share_label, text);
    }
  /* The bar is drawn; it reads out the same words as the label below it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->share_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                  gtk_label_get_text (self->share_label),
                                  -1);
  update_accessible_label (self);
}

static void
update_labels (HpNodeRow *self)
{
  g_autofree char *mean = NULL;
  g_autofree char *last = NULL;
  g_autofree char *p95 = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *runs = NULL;
  g_autofree char *status = NULL;
  const double *recent;
  guint n_recent = 0;
  guint executed;
  guint cached;
  guint failed;

  g_assert (HP_IS_NODE_ROW (self));

  if (self->stats == NULL)
    return;

  gtk_label_set_text (self->title_label, hp_node_stats_get_title (self->stats));
  gtk_label_set_text (self->type_label, hp_node_stats_get_node_type (self->stats));

  mean = hp_format_duration_us (hp_node_stats_get_mean_us (self->stats));
  last = hp_format_duration_us (hp_node_stats_get_last_us (self->stats));
  p95 = hp_format_duration_us (hp_node_stats_get_p95_us (self->stats));
  detail = g_strdup_printf (_("last %s · p95 %s"), last, p95);
  recent = hp_node_stats_get_recent_us (self->stats, &n_recent);
  hp_sparkline_set_values (self->sparkline, recent, n_recent);
  gtk_label_set_text (self->mean_label, mean);
  gtk_label_set_text (self->detail_label, detail);

  executed = hp_node_stats_get_executed_count (self->stats);
  cached = hp_node_stats_get_cached_count (self->stats);
  failed = hp_node_stats_get_failed_count (self->stats);
  runs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", executed), executed);
  status = g_strdup_printf (_("%u cached · %u failed"), cached, failed);
  gtk_label_set_text (self->runs_label, runs);
  gtk_label_set_text (self->status_label, status);
  if (failed > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "failed-count");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "failed-count");

  update_share (self);
}

static void
stats_notify_cb (HpNodeRow  *self,
                 GParamSpec *pspec,
                 HpNodeStats *stats)
{
  g_assert (HP_IS_NODE_ROW (self));
  g_assert (HP_IS_NODE_STATS (stats));

  update_labels (self);
}

static void
hp_node_row_dispose (GObject *object)
{
  HpNodeRow *self = HP_NODE_ROW (object);
  GtkWidget *child;

  hp_node_row_set_stats (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_NODE_ROW);
  /* The template's unnamed boxes are our children too (plain GtkWidget). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hp_node_row_parent_class)->dispose (object);
}

static void
hp_node_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HpNodeRow *self = HP_NODE_ROW (object);

  switch (prop_id)
    {
    case PROP_STATS:
      g_value_set_object (value, self->stats);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_node_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HpNodeRow *self = HP_NODE_ROW (object);

  switch (prop_id)
    {
    case PROP_STATS:
      hp_node_row_set_stats (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_node_row_class_init (HpNodeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_node_row_dispose;
  object_class->get_property = hp_node_row_get_property;
  object_class->set_property = hp_node_row_set_property;

  properties[PROP_STATS] =
    g_param_spec_object ("stats", NULL, NULL, HP_TYPE_NODE_STATS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-node-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, type_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, share_bar);
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, share_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, sparkline);
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, mean_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, runs_label);
  gtk_widget_class_bind_template_child (widget_class, HpNodeRow, status_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (HP_TYPE_SPARKLINE);
}

static void
hp_node_row_init (HpNodeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Only our heat classes colour the bar, not GtkLevelBar's offsets. */
  gtk_level_bar_remove_offset_value (self->share_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->share_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->share_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  /* Set here, not in the template: this file is the row's translation
   * source (the template has no other text). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->share_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Share of time"),
                                  -1);
}

/**
 * hp_node_row_new:
 *
 * Returns: (transfer floating): an empty row
 */
GtkWidget *
hp_node_row_new (void)
{
  return g_object_new (HP_TYPE_NODE_ROW, NULL);
}

/**
 * hp_node_row_get_stats:
 * @self: a node row
 *
 * Returns: (transfer none) (nullable): the statistics the row shows
 */
HpNodeStats *
hp_node_row_get_stats (HpNodeRow *self)
{
  g_return_val_if_fail (HP_IS_NODE_ROW (self), NULL);
  return self->stats;
}

/**
 * hp_node_row_set_stats:
 * @self: a node row
 * @stats: (nullable): the statistics to show and follow
 */
void
hp_node_row_set_stats (HpNodeRow   *self,
                       HpNodeStats *stats)
{
  g_return_if_fail (HP_IS_NODE_ROW (self));
  g_return_if_fail (stats == NULL || HP_IS_NODE_STATS (stats));

  if (self->stats == stats)
    return;

  if (self->stats != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->stats);
      g_clear_object (&self->stats);
    }
  if (stats != NULL)
    {
      self->stats = g_object_ref (stats);
      self->notify_handler = g_signal_connect_object (stats, "notify",
                                                      G_CALLBACK (stats_notify_cb),
                                                      self, G_CONNECT_SWAPPED);
      update_labels (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATS]);
}

/**
 * hp_node_row_set_share:
 * @self: a node row
 * @share: the node's share of the time the session ranks by (the
 *   selected run, or a metric over all runs), 0..1; NaN when it has none
 * @level: the heatmap class of @share
 */
void
hp_node_row_set_share (HpNodeRow   *self,
                       double       share,
                       HpHeatLevel  level)
{
  g_return_if_fail (HP_IS_NODE_ROW (self));

  self->share = share;
  self->level = level;
  update_share (self);
}

/**
 * hp_node_row_set_live_status:
 * @self: a node row
 * @live: whether the selected run is going on
 * @status: the node's status in the selected run (%HP_NODE_STATUS_PENDING
 *   when it is not in it, or not reached yet)
 *
 * A node that runs for the first time has no durations yet: without
 * this it would read "never executed" while it runs.
 */
void
hp_node_row_set_live_status (HpNodeRow    *self,
                             gboolean      live,
                             HpNodeStatus  status)
{
  g_return_if_fail (HP_IS_NODE_ROW (self));

  live = !!live;
  if (self->live == live && self->live_status == status)
    return;
  self->live = live;
  self->live_status = status;
  update_share (self);
}
