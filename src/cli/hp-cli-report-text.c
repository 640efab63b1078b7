/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotpath-cli report, the text for people: sections in the order of
 * hp_cli_report_to_text(), tables padded by characters. */
#include "hp-config.h"

#include "hp-cli-report-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-cli-output.h"
#include "hp-cli-trends.h"
#include "hp-insights.h"
#include "hp-time-format.h"

static const char *
node_title (HpProfile  *profile,
            const char *node_id)
{
  HpNodeStats *stats = hp_profile_lookup_node_stats (profile, node_id);

  return stats != NULL ? hp_node_stats_get_title (stats) : node_id;
}

static char *
format_pct (double pct)
{
  if (isnan (pct) || isinf (pct))
    return g_strdup ("—");
  return g_strdup_printf ("%s%.1f %%", pct < 0 ? "−" : "+", fabs (pct));
}

static char *
format_delta (double us)
{
  g_autofree char *magnitude = hp_format_duration_us (fabs (us));

  if (isnan (us))
    return g_strdup ("—");
  return g_strdup_printf ("%s%s", us < 0 ? "−" : "+", magnitude);
}

/* Words for people in the text report; the JSON keeps the stable names. */
static const char *
metric_label (HpMetric metric)
{
  switch (metric)
    {
    /* Translators: "Bottlenecks (top 5 by mean)" */
    case HP_METRIC_MEAN: return C_("metric", "mean");
    /* Translators: "Bottlenecks (top 5 by last)", the duration in the latest run */
    case HP_METRIC_LAST: return C_("metric", "last");
    case HP_METRIC_MEDIAN: return C_("metric", "median");
    case HP_METRIC_P95: return C_("metric", "p95");
    case HP_METRIC_MAX: return C_("metric", "max");
    default: return hp_metric_to_string (metric);
    }
}

/* "3 succeeded", in the runs summary */
static char *
format_run_status_count (HpRunStatus status,
                         guint       n)
{
  switch (status)
    {
    case HP_RUN_STATUS_SUCCEEDED:
      return g_strdup_printf (ngettext ("%u succeeded", "%u succeeded", n), n);
    case HP_RUN_STATUS_FAILED:
      return g_strdup_printf (ngettext ("%u failed", "%u failed", n), n);
    case HP_RUN_STATUS_INTERRUPTED:
      return g_strdup_printf (ngettext ("%u interrupted", "%u interrupted", n), n);
    case HP_RUN_STATUS_RUNNING:
      return g_strdup_printf (ngettext ("%u running", "%u running", n), n);
    default:
      return g_strdup_printf ("%u %s", n, hp_run_status_to_string (status));
    }
}

static const char *
severity_label (HpInsightSeverity severity)
{
  switch (severity)
    {
    /* Translators: an insight's severity, "[medium] The run took longer…" */
    case HP_INSIGHT_SEVERITY_INFO: return C_("severity", "info");
    case HP_INSIGHT_SEVERITY_LOW: return C_("severity", "low");
    case HP_INSIGHT_SEVERITY_MEDIUM: return C_("severity", "medium");
    case HP_INSIGHT_SEVERITY_HIGH: return C_("severity", "high");
    default: return hp_insight_severity_to_string (severity);
    }
}

static void
print_runs_summary (HpCliReport *report,
                    GString     *out)
{
  guint counts[HP_RUN_STATUS_RUNNING + 1] = { 0 };
  guint n = hp_profile_get_n_runs (report->profile);
  gboolean first = TRUE;

  for (guint i = 0; i < n; i++)
    counts[hp_run_get_status (hp_profile_get_run (report->profile, i))]++;

  /* Translators: the number of runs in the report, followed by
   * " (3 succeeded, 1 failed)" */
  g_string_append_printf (out, ngettext ("Runs: %u", "Runs: %u", n), n);
  for (guint s = 0; s < G_N_ELEMENTS (counts); s++)
    {
      g_autofree char *count = NULL;

      if (counts[s] == 0)
        continue;
      count = format_run_status_count ((HpRunStatus) s, counts[s]);
      g_string_append_printf (out, "%s%s", first ? " (" : ", ", count);
      first = FALSE;
    }
  g_string_append (out, first ? "\n" : ")\n");
}

static void
print_latest (HpCliReport *report,
              GString     *out)
{
  HpRun *run = report->latest;
  g_autofree char *started = NULL;
  g_autofree char *total = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *execution = NULL;
  g_autofree char *executed = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *failed = NULL;
  guint n_executed, n_cached, n_failed;

  if (run == NULL)
    return;

  started = hp_format_timestamp_us (hp_run_get_started_us (run));
  total = hp_format_duration_us (hp_cli_time_or_nan (hp_run_get_total_us (run)));
  queue = hp_format_duration_us (hp_cli_time_or_nan (hp_run_get_queue_us (run)));
  execution = hp_format_duration_us (hp_cli_time_or_nan (hp_run_get_execution_us (run)));

  n_executed = hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED);
  n_cached = hp_run_count_nodes (run, HP_NODE_STATUS_CACHED);
  n_failed = hp_run_count_nodes (run, HP_NODE_STATUS_FAILED);
  executed = g_strdup_printf (ngettext ("%u executed", "%u executed", n_executed), n_executed);
  cached = g_strdup_printf (ngettext ("%u cached", "%u cached", n_cached), n_cached);
  failed = g_strdup_printf (ngettext ("%u failed", "%u failed", n_failed), n_failed);

  g_string_append_c (out, '\n');
  /* Translators: "Latest run r4: succeeded, started 2026-11-16T09:00:00.000Z" */
  g_string_append_printf (out, _("Latest run %s: %s, started %s"), hp_run_get_id (run),
                          hp_cli_run_status_label (hp_run_get_status (run)),
                          started ? started : _("at an unknown time"));
  g_string_append (out, "\n  ");
  g_string_append_printf (out, _("total %s = queue %s + execution %s"), total, queue, execution);
  g_string_append (out, "\n  ");
  /* Translators: "nodes: 2 executed, 1 cached, 0 failed" */
  g_string_append_printf (out, _("nodes: %s, %s, %s"), executed, cached, failed);
  g_string_append_c (out, '\n');
  if (hp_run_get_note (run) != NULL)
    {
      g_string_append (out, "  ");
      g_string_append_printf (out, _("note: %s"), hp_run_get_note (run));
      g_string_append_c (out, '\n');
    }
}

static void
print_bottlenecks (HpCliReport *report,
                   GString     *out)
{
  g_string_append_c (out, '\n');
  /* Translators: "Bottlenecks (top 5 by mean)"; the second %s is a metric */
  g_string_append_printf (out, ngettext ("Bottleneck (top %u by %s)", "Bottlenecks (top %u by %s)",
                                         report->top_n),
                          report->top_n, metric_label (report->metric));
  g_string_append_c (out, '\n');
  if (report->bottlenecks->len == 0)
    {
      g_string_append (out, "  ");
      g_string_append (out, _("none: no node has executed yet"));
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < report->bottlenecks->len; i++)
    {
      const HpBottleneck *b = &g_array_index (report->bottlenecks, HpBottleneck, i);
      g_autofree char *value = hp_format_duration_us (b->value_us);

      g_string_append_printf (out, "  %2u. ", b->rank);
      hp_cli_append_cell (out, hp_node_stats_get_title (b->stats), -32);
      hp_cli_append_cell (out, value, 12);
          g_string_append_c (out, ' ');
      /* Translators: a node's share of the time, "62.9 %", right-aligned */
      g_string_append_printf (out, _("%6.1f %%"), b->share * 100.0);
      g_string_append_c (out, '\n');
    }
}

static void
print_nodes (HpCliReport *report,
             GString     *out)
{
  GListModel *stats = hp_profile_get_node_stats (report->profile);

  /* Column headings and widths (in characters) of the node table */
  const struct { const char *heading; int width; } columns[] = {
    /* Translators: node table column headings; each fits the width given
     * (a negative width is left-aligned): id at most 6 characters */
    { C_("column", "id"), -6 },
    { C_("column", "title"), -28 },
    /* Translators: how often the node executed; at most 5 characters */
    { C_("column", "exec"), 5 },
    /* Translators: at most 6 characters */
    { C_("column", "cached"), 6 },
    /* Translators: at most 6 characters */
    { C_("column", "failed"), 6 },
    /* Translators: at most 11 characters, as are median, p95, max and last */
    { C_("column", "mean"), 11 },
    { C_("column", "median"), 11 },
    { C_("column", "p95"), 11 },
    { C_("column", "max"), 11 },
    { C_("column", "last"), 11 },
  };

  g_string_append_printf (out, "\n%s\n ", C_("report heading", "Nodes"));
  for (guint k = 0; k < G_N_ELEMENTS (columns); k++)
    {
      g_string_append_c (out, ' ');
      hp_cli_append_cell (out, columns[k].heading, columns[k].width);
    }
  g_string_append_c (out, '\n');
  for (guint i = 0; i < g_list_model_get_n_items (stats); i++)
    {
      g_autoptr(HpNodeStats) s = g_list_model_get_item (stats, i);
      g_autofree char *mean = hp_format_duration_us (hp_node_stats_get_mean_us (s));
      g_autofree char *median = hp_format_duration_us (hp_node_stats_get_median_us (s));
      g_autofree char *p95 = hp_format_duration_us (hp_node_stats_get_p95_us (s));
      g_autofree char *max = hp_format_duration_us (hp_node_stats_get_max_us (s));
      g_autofree char *last = hp_format_duration_us (hp_node_stats_get_last_us (s));

      g_string_append (out, "  ");
      hp_cli_append_cell (out, hp_node_stats_get_node_id (s), -6);
      g_string_append_c (out, ' ');
      hp_cli_append_cell (out, hp_node_stats_get_title (s), -28);
      g_string_append_printf (out, " %5u %6u %6u",
                              hp_node_stats_get_executed_count (s),
                              hp_node_stats_get_cached_count (s),
                              hp_node_stats_get_failed_count (s));
      for (guint k = 0; k < 5; k++)
        {
          const char *cells[] = { mean, median, p95, max, last };

          g_string_append_c (out, ' ');
          hp_cli_append_cell (out, cells[k], 11);
        }
      g_string_append_c (out, '\n');
    }
}

static void
append_comparison_line (GString    *out,
                        const char *label,
                        const char *current,
                        const char *reference,
                        const char *delta,
                        const char *pct)
{
  g_string_append (out, "  ");
  hp_cli_append_cell (out, label, -35);
  hp_cli_append_cell (out, current, 11);
  /* Translators: between the latest run's time and the reference time,
   * "2.60 s vs 2.10 s"; keep the spaces */
  g_string_append (out, C_("comparison", " vs "));
  hp_cli_append_cell (out, reference, 11);
  hp_cli_append_cell (out, delta, 14);
  hp_cli_append_cell (out, pct, 10);
  g_string_append_c (out, '\n');
}

static void
print_comparison (HpCliReport *report,
                  GString     *out)
{
  HpComparison *comparison = report->comparison;
  HpRun *reference;
  double current, ref, delta, pct;

  g_string_append_c (out, '\n');
  if (comparison == NULL)
    {
      /* Translators: %s says why, "no baseline pinned" */
      g_string_append_printf (out, _("Comparison: nothing to compare the latest run with (%s)"),
                              report->against == HP_REFERENCE_BASELINE ? _("no baseline pinned") :
                              _("no earlier successful run"));
      g_string_append_c (out, '\n');
      return;
    }

  reference = hp_comparison_get_reference_run (comparison);
  if (reference != NULL && report->against == HP_REFERENCE_BASELINE)
    g_string_append_printf (out, _("Comparison with the baseline run %s"), hp_run_get_id (reference));
  else if (reference != NULL)
    g_string_append_printf (out, _("Comparison with the previous successful run %s"),
                            hp_run_get_id (reference));
  else
    g_string_append (out, _("Comparison with the historical mean"));
  g_string_append_c (out, '\n');

  if (hp_comparison_get_total (comparison, &current, &ref, &delta, &pct))
    {
      g_autofree char *c = hp_format_duration_us (current);
      g_autofree char *r = hp_format_duration_us (ref);
      g_autofree char *d = format_delta (delta);
      g_autofree char *p = format_pct (pct);

      append_comparison_line (out, _("execution time"), c, r, d, p);
    }

  for (guint i = 0; i < hp_comparison_get_n_nodes (comparison); i++)
    {
      const HpNodeDelta *nd = hp_comparison_get_node (comparison, i);
      g_autofree char *c = NULL;
      g_autofree char *r = NULL;
      g_autofree char *d = NULL;
      g_autofree char *p = NULL;

      if (!nd->has_delta)
        continue;
      c = hp_format_duration_us (nd->current_us);
      r = hp_format_duration_us (nd->reference_us);
      d = format_delta (nd->delta_us);
      p = format_pct (nd->delta_pct);
      append_comparison_line (out, node_title (report->profile, nd->node_id), c, r, d, p);
    }
}

static void
print_regressions (HpCliReport *report,
                   GString     *out)
{
  g_autofree char *floor = hp_format_duration_us (report->noise_floor_us);

  g_string_append_c (out, '\n');
  /* Translators: "Regressions (slower by more than 20 % and more than 50.0 ms)" */
  g_string_append_printf (out, _("Regressions (slower by more than %.0f %% and more than %s)"),
                          report->threshold_pct, floor);
  g_string_append_c (out, '\n');
  if (report->regressions->len == 0)
    g_string_append_printf (out, "  %s\n", C_("report", "none"));

  for (guint i = 0; i < report->regressions->len; i++)
    {
      const HpRegression *r = &g_array_index (report->regressions, HpRegression, i);
      g_autofree char *d = format_delta (r->delta_us);
      g_autofree char *p = format_pct (r->delta_pct);

      /* Translators: marks a regression line of the report, in capitals */
      g_string_append_printf (out, "  %s ", _("REGRESSION"));
      hp_cli_append_cell (out, r->node_id ? node_title (report->profile, r->node_id) : _("whole run"), -35);
      hp_cli_append_cell (out, d, 12);
      hp_cli_append_cell (out, p, 10);
      g_string_append_c (out, '\n');
    }
}

static void
print_critical_path (HpCliReport *report,
                     GString     *out)
{
  HpCriticalPath *path = report->critical_path;
  g_autofree char *length = NULL;
  g_autofree char *execution = NULL;
  g_autofree char *saving = NULL;
  double efficiency;
  guint n_pairs;

  if (report->critical_path_error != NULL)
    {
      g_string_append_c (out, '\n');
      /* Translators: %s says why, e.g. the graph has a cycle */
      g_string_append_printf (out, _("Critical path: none, %s"), report->critical_path_error);
      g_string_append_c (out, '\n');
      return;
    }
  if (path == NULL)
    return;

  length = hp_format_duration_us (hp_critical_path_get_length_us (path));
  g_string_append_c (out, '\n');
  /* Translators: "Critical path of run r4: 2.60 s" */
  g_string_append_printf (out, _("Critical path of run %s: %s"),
                          hp_run_get_id (hp_critical_path_get_run (path)), length);
  g_string_append (out, "\n  ");
  for (guint i = 0; i < hp_critical_path_get_n_nodes (path); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " → " : "",
                            node_title (report->profile, hp_critical_path_get_node (path, i)));
  g_string_append_c (out, '\n');

  efficiency = hp_critical_path_get_efficiency (path);
  if (!isnan (efficiency))
    {
      execution = hp_format_duration_us (hp_critical_path_get_execution_us (path));
      saving = hp_format_duration_us (hp_critical_path_get_saving_us (path));
      g_string_append (out, "  ");
      g_string_append_printf (out, _("execution %s, efficiency %.0f %%; "
                                     "unlimited parallelism would save at most %s"),
                              execution, efficiency * 100.0, saving);
      g_string_append_c (out, '\n');
    }

  n_pairs = hp_critical_path_get_n_serial_pairs (path);
  for (guint i = 0; i < n_pairs && i < 3; i++)
    {
      const HpSerialPair *pair = hp_critical_path_get_serial_pair (path, i);
      g_autofree char *pair_saving = hp_format_duration_us (pair->saving_us);

      g_string_append (out, "  ");
      /* Translators: two nodes that could have run in parallel; the last
       * %s is the time that would save */
      g_string_append_printf (out, _("independent, ran one after the other: %s, then %s (up to %s)"),
                              node_title (report->profile, pair->first),
                              node_title (report->profile, pair->second), pair_saving);
      g_string_append_c (out, '\n');
    }
  if (n_pairs > 3)
    {
      g_string_append (out, "  ");
      g_string_append_printf (out, ngettext ("… and %u more such pair", "… and %u more such pairs",
                                             n_pairs - 3),
                              n_pairs - 3);
      g_string_append_c (out, '\n');
    }
}

static void
print_insights (HpCliReport *report,
                GString     *out)
{
  g_string_append_printf (out, "\n%s\n", C_("report heading", "Insights"));
  if (report->insights->len == 0)
    g_string_append_printf (out, "  %s\n", C_("report", "none"));

  for (guint i = 0; i < report->insights->len; i++)
    {
      HpInsight *insight = g_ptr_array_index (report->insights, i);

      g_string_append_printf (out, "  [%s] %s\n",
                              severity_label (hp_insight_get_severity (insight)),
                              hp_insight_get_message (insight));
    }
}

/**
 * hp_cli_report_to_text:
 * @report: the worked-out report
 *
 * Returns: (transfer full): the report for people, in the user's language
 */
char *
hp_cli_report_to_text (HpCliReport *report)
{
  HpWorkflowGraph *graph = hp_profile_get_graph (report->profile);
  const char *name = hp_workflow_graph_get_name (graph);
  const char *id = hp_workflow_graph_get_id (graph);
  GString *out = g_string_new (NULL);

  /* Translators: the report's first line, "Hotpath report: Small workflow" */
  g_string_append_printf (out, _("Hotpath report: %s"), name ? name : id ? id : _("unnamed workflow"));
  if (name != NULL && id != NULL)
    g_string_append_printf (out, " (%s)", id);
  g_string_append_c (out, '\n');
  print_runs_summary (report, out);
  print_latest (report, out);
  print_bottlenecks (report, out);
  print_nodes (report, out);
  print_comparison (report, out);
  print_regressions (report, out);
  print_critical_path (report, out);
  print_insights (report, out);
  hp_cli_trends_print (report->trends, out);
  hp_cli_groups_print (report->groups, out);
  return g_string_free (out, FALSE);
}
