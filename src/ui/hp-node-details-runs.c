/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The node details' "recorded runs" grid: one row per run of the node,
 * newest first, with its error and memory track below it. */
#include "hp-config.h"

#include "hp-node-details-private.h"

#include <glib/gi18n.h>

#include "hp-format-utils.h"
#include "hp-time-format.h"

static const char *
status_icon_name (HpNodeStatus status)
{
  switch (status)
    {
    case HP_NODE_STATUS_COMPLETED:
      return "object-select-symbolic";
    case HP_NODE_STATUS_CACHED:
      return "document-save-symbolic";
    case HP_NODE_STATUS_FAILED:
      return "dialog-error-symbolic";
    case HP_NODE_STATUS_SKIPPED:
      return "media-skip-forward-symbolic";
    case HP_NODE_STATUS_RUNNING:
      return "media-playback-start-symbolic";
    case HP_NODE_STATUS_PENDING:
    default:
      return "content-loading-symbolic";
    }
}

static GtkWidget *
run_label (const char *name,
           const char *text,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

static char *
format_run_time (HpRun *run)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 started = hp_run_get_started_us (run);

  if (started == HP_TIME_UNKNOWN)
    started = hp_run_get_queued_us (run);
  if (started == HP_TIME_UNKNOWN || started < 0)
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (started / G_USEC_PER_SEC);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
format_progress (HpNodeRun *node_run)
{
  const HpProgressEvent *events;
  const HpProgressEvent *last;
  guint n_events = 0;

  events = hp_node_run_get_progress (node_run, &n_events);
  if (n_events == 0)
    return g_strdup ("");
  last = &events[n_events - 1];
  return g_strdup_printf ("%.0f/%.0f", last->value, last->max);
}

/* The memory track of a live run under its row; returns the rows used. */
static int
attach_memory_row (GtkGrid   *grid,
                   HpNodeRun *node_run,
                   int        row)
{
  HpMemorySamples samples;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *label;

  if (!hp_node_run_get_memory_samples (node_run, &samples) ||
      (text = hp_format_memory_samples (&samples)) == NULL)
    return 0;
  label = gtk_label_new (text);
  gtk_widget_set_name (label, "run-memory");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Memory in use, sampled %u time while the node ran: a short peak between samples is not seen",
                                          "Memory in use, sampled %u times while the node ran: a short peak between samples is not seen",
                                          samples.n_samples),
                             samples.n_samples);
  gtk_widget_set_tooltip_text (label, tooltip);
  gtk_grid_attach (grid, label, COL_TIME, row, N_COLS + 1 - COL_TIME, 1);
  return 1;
}

/**
 * _hp_node_details_attach_run:
 * @grid: the details' runs grid (columns %COL_RUN … %N_COLS, the last one
 *   expanding)
 * @run: a run of the node
 * @node_run: the node in @run
 * @row: the first free row of @grid
 *
 * Attaches @node_run's row: run id, start time, status, duration and
 * progress; then its error and its memory track (live runs), each on a
 * row of its own spanning from the time column.
 *
 * Returns: the number of rows used
 */
int
_hp_node_details_attach_run (GtkGrid   *grid,
                             HpRun     *run,
                             HpNodeRun *node_run,
                             int        row)
{
  g_autofree char *time = format_run_time (run);
  g_autofree char *duration = NULL;
  g_autofree char *progress = format_progress (node_run);
  g_autofree char *accessible = NULL;
  HpNodeStatus status = hp_node_run_get_status (node_run);
  const char *error = hp_node_run_get_error (node_run);
  const char *status_word = hp_node_status_to_string (status);
  gint64 duration_us = hp_node_run_get_duration_us (node_run);
  GtkWidget *status_box;
  GtkWidget *icon;
  GtkWidget *label;
  int used = 1;

  g_return_val_if_fail (GTK_IS_GRID (grid), 0);
  g_return_val_if_fail (run != NULL && node_run != NULL, 0);

  /* Cached, skipped and pending nodes did no work of their own. */
  if (status == HP_NODE_STATUS_CACHED || status == HP_NODE_STATUS_SKIPPED ||
      status == HP_NODE_STATUS_PENDING || duration_us == HP_TIME_UNKNOWN || duration_us < 0)
    duration = g_strdup ("—");
  else
    duration = hp_format_duration_us ((double) duration_us);

  gtk_grid_attach (grid, run_label ("run-id", hp_run_get_id (run), 0.0f),
                   COL_RUN, row, 1, 1);
  label = run_label ("run-time", time, 0.0f);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (grid, label, COL_TIME, row, 1, 1);

  status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  icon = gtk_image_new_from_icon_name (status_icon_name (status));
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (status_box), icon);
  gtk_box_append (GTK_BOX (status_box), run_label ("run-status", status_word, 0.0f));
  gtk_widget_add_css_class (status_box, "run-status");
  gtk_widget_add_css_class (status_box, status_word);
  gtk_grid_attach (grid, status_box, COL_STATUS, row, 1, 1);

  gtk_grid_attach (grid, run_label ("run-duration", duration, 1.0f),
                   COL_DURATION, row, 1, 1);
  label = run_label ("run-progress", progress, 1.0f);
  gtk_widget_set_tooltip_text (label, *progress != '\0' ? _("Progress steps reached") : NULL);
  gtk_grid_attach (grid, label, COL_PROGRESS, row, 1, 1);

  if (error != NULL && *error != '\0')
    {
      label = gtk_label_new (error);
      gtk_widget_set_name (label, "run-error");
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_lines (GTK_LABEL (label), 3);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_tooltip_text (label, error);
      gtk_widget_add_css_class (label, "run-error");
      /* Spans into the expanding last column, so a long message wraps
       * there instead of widening the columns above it. */
      gtk_grid_attach (grid, label, COL_TIME, row + 1, N_COLS + 1 - COL_TIME, 1);
      used++;
    }
  return used + attach_memory_row (grid, node_run, row + used);
}
