/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-run-row.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-time-format.h"

struct _HpRunRow
{
  GtkWidget  parent_instance;

  HpRun     *run;
  HpProfile *profile;
  gboolean   stale;      /* changed while not shown */

  GtkImage  *status_icon;
  GtkLabel  *time_label;
  GtkLabel  *total_label;
  GtkLabel  *status_label;
  GtkWidget *baseline_tag;
  GtkLabel  *counts_label;
  GtkLabel  *times_label;
  GtkLabel  *note_label;
};

G_DEFINE_FINAL_TYPE (HpRunRow, hp_run_row, GTK_TYPE_WIDGET)

static const char *status_classes[] = { "success", "error", "warning", "accent" };

/**
 * hp_run_row_status_label:
 * @status: a run status
 *
 * Returns: the word shown for @status, translated
 */
const char *
hp_run_row_status_label (HpRunStatus status)
{
  switch (status)
    {
    case HP_RUN_STATUS_SUCCEEDED:
      return _("succeeded");
    case HP_RUN_STATUS_FAILED:
      return _("failed");
    case HP_RUN_STATUS_INTERRUPTED:
      return _("interrupted");
    case HP_RUN_STATUS_RUNNING:
      return _("running");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * hp_run_row_status_icon_name:
 * @status: a run status
 *
 * Returns: the symbolic icon shown beside the status word
 */
const char *
hp_run_row_status_icon_name (HpRunStatus status)
{
  switch (status)
    {
    case HP_RUN_STATUS_SUCCEEDED:
      return "emblem-ok-symbolic";
    case HP_RUN_STATUS_FAILED:
      return "dialog-error-symbolic";
    case HP_RUN_STATUS_INTERRUPTED:
      return "media-playback-stop-symbolic";
    case HP_RUN_STATUS_RUNNING:
      return "media-playback-start-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * hp_run_row_format_start:
 * @run: a run
 *
 * Returns: (transfer full): when @run started (or was queued), in local
 *   time, e.g. "Nov 16, 09:00:03"; "unknown time" when the source did not say
 */
char *
hp_run_row_format_start (HpRun *run)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 us;

  g_return_val_if_fail (HP_IS_RUN (run), NULL);

  us = hp_run_get_started_us (run);
  if (us == HP_TIME_UNKNOWN)
    us = hp_run_get_queued_us (run);
  if (us != HP_TIME_UNKNOWN)
    dt = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);
  if (dt == NULL)
    return g_strdup (_("unknown time"));
  /* Translators: the start of a run, see g_date_time_format();
   * e.g. "Nov 16, 09:00:03" */
  return g_date_time_format (dt, _("%b %-d, %H:%M:%S"));
}

static void
set_status_class (GtkWidget  *widget,
                  const char *css_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (widget, status_classes[i]);
  gtk_widget_add_css_class (widget, css_class);
}

static void
update (HpRunRow *self)
{
  g_autofree char *start = NULL;
  g_autofree char *total = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *execution = NULL;
  g_autofree char *times = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *accessible = NULL;
  const char *css_class;
  const char *status;
  const char *note;
  gint64 us;
  guint cached;
  guint failed;
  gboolean is_baseline;

  g_assert (HP_IS_RUN_ROW (self));

  self->stale = FALSE;

  if (self->run == NULL)
    return;

  switch (hp_run_get_status (self->run))
    {
    case HP_RUN_STATUS_SUCCEEDED:
      css_class = "success";
      break;
    case HP_RUN_STATUS_FAILED:
      css_class = "error";
      break;
    case HP_RUN_STATUS_INTERRUPTED:
      css_class = "warning";
      break;
    case HP_RUN_STATUS_RUNNING:
    default:
      css_class = "accent";
      break;
    }
  status = hp_run_row_status_label (hp_run_get_status (self->run));
  gtk_image_set_from_icon_name (self->status_icon,
                                hp_run_row_status_icon_name (hp_run_get_status (self->run)));
  set_status_class (GTK_WIDGET (self->status_icon), css_class);
  gtk_label_set_text (self->status_label, status);
  set_status_class (GTK_WIDGET (self->status_label), css_class);

  start = hp_run_row_format_start (self->run);
  gtk_label_set_text (self->time_label, start);

  us = hp_run_get_total_us (self->run);
  total = hp_format_duration_us (us == HP_TIME_UNKNOWN ? NAN : (double) us);
  gtk_label_set_text (self->total_label, total);

  us = hp_run_get_queue_us (self->run);
  queue = hp_format_duration_us (us == HP_TIME_UNKNOWN ? NAN : (double) us);
  us = hp_run_get_execution_us (self->run);
  execution = hp_format_duration_us (us == HP_TIME_UNKNOWN ? NAN : (double) us);
  times = g_strdup_printf (_("queue %s · execution %s"), queue, execution);
  gtk_label_set_text (self->times_label, times);

  cached = hp_run_count_nodes (self->run, HP_NODE_STATUS_CACHED);
  failed = hp_run_count_nodes (self->run, HP_NODE_STATUS_FAILED);
  counts = g_strdup_printf (_("%u cached · %u failed"), cached, failed);
  gtk_label_set_text (self->counts_label, counts);
  if (failed > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->counts_label), "failed-count");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counts_label), "failed-count");

  note = hp_run_get_note (self->run);
  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && *note != '\0');

  is_baseline = self->profile != NULL && hp_profile_get_baseline (self->profile) == self->run;
  gtk_widget_set_visible (self->baseline_tag, is_baseline);

  /* The run id and the exact time, for telling runs apart. */
  iso = hp_format_timestamp_us (hp_run_get_started_us (self->run));
  tooltip = g_strdup_printf (_("Run %s, started %s"), hp_run_get_id (self->run),
                             iso != NULL ? iso : _("at an unknown time"));
  /* Only when it changed: GTK re-queries the pointer (an X round trip)
   * on every call, and a live run updates its row per message. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self)), tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  /* One sentence for screen readers; the tooltip stays the description. */
  /* Translators: what a screen reader says for a row of the run list:
   * start time, status, total time, "baseline, " or nothing, queue and
   * execution, cached and failed counts. */
  accessible = g_strdup_printf (_("Run of %s, %s, %s in total, %s%s, %s"),
                                start, status, total,
                                is_baseline ? _("pinned baseline, ") : "",
                                times, counts);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* A live run changes many times a second; a row not shown (the Runs page
 * hidden, a closed drop-down) catches up when it is shown again. */
static void
changed_cb (HpRunRow *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  update (self);
}

static void
hp_run_row_map (GtkWidget *widget)
{
  HpRunRow *self = HP_RUN_ROW (widget);

  GTK_WIDGET_CLASS (hp_run_row_parent_class)->map (widget);
  if (self->stale)
    update (self);
}

static void
hp_run_row_dispose (GObject *object)
{
  HpRunRow *self = HP_RUN_ROW (object);
  GtkWidget *child;

  hp_run_row_set_run (self, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HP_TYPE_RUN_ROW);
  /* The template's unnamed boxes are our children too (plain GtkWidget). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hp_run_row_parent_class)->dispose (object);
}

static void
hp_run_row_class_init (HpRunRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_run_row_dispose;
  widget_class->map = hp_run_row_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-run-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HpRunRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, HpRunRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, HpRunRow, total_label);
  gtk_widget_class_bind_template_child (widget_class, HpRunRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, HpRunRow, baseline_tag);
  gtk_widget_class_bind_template_child (widget_class, HpRunRow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, HpRunRow, times_label);
  gtk_widget_class_bind_template_child (widget_class, HpRunRow, note_label);
}

static void
hp_run_row_init (HpRunRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * hp_run_row_new:
 *
 * Returns: (transfer floating): an empty row; give it a run with
 *   hp_run_row_set_run()
 */
GtkWidget *
hp_run_row_new (void)
{
  return g_object_new (HP_TYPE_RUN_ROW, NULL);
}

/**
 * hp_run_row_get_run:
 *
 * Returns: (transfer none) (nullable): the run shown
 */
HpRun *
hp_run_row_get_run (HpRunRow *self)
{
  g_return_val_if_fail (HP_IS_RUN_ROW (self), NULL);
  return self->run;
}

/**
 * hp_run_row_set_run:
 * @run: (nullable): the run to show, %NULL to unbind
 * @profile: (nullable): the profile @run belongs to, for its baseline
 *
 * The row follows later changes of @run (live runs) and of the profile's
 * baseline until it is given another run.
 */
void
hp_run_row_set_run (HpRunRow  *self,
                    HpRun     *run,
                    HpProfile *profile)
{
  g_return_if_fail (HP_IS_RUN_ROW (self));
  g_return_if_fail (run == NULL || HP_IS_RUN (run));
  g_return_if_fail (profile == NULL || HP_IS_PROFILE (profile));

  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_set_object (&self->run, run);
  g_set_object (&self->profile, profile);

  if (self->run != NULL)
    g_signal_connect_swapped (self->run, "notify", G_CALLBACK (changed_cb), self);
  if (self->profile != NULL)
    {
      g_signal_connect_swapped (self->profile, "notify::baseline", G_CALLBACK (changed_cb), self);
      /* Node runs change without a notify of the run; the profile says so. */
      g_signal_connect_swapped (self->profile, "changed", G_CALLBACK (changed_cb), self);
    }
  update (self);
}
