/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-common.h"
#include "hp-cli-groups.h"
#include "hp-cli-trends.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hp-bottlenecks.h"
#include "hp-comparison.h"
#include "hp-critical-path.h"
#include "hp-insights.h"
#include "hp-metric.h"

typedef struct {
  HpProfile       *profile;
  char           **files;
  HpMetric         metric;
  guint            top_n;
  double           threshold_pct;
  double           noise_floor_us;
  HpReferenceKind  against;
  HpRun           *latest;
  GArray          *bottlenecks;   /* of HpBottleneck */
  HpComparison    *comparison;    /* nullable */
  GArray          *regressions;   /* of HpRegression */
  HpCriticalPath  *critical_path; /* of the latest run; nullable */
  char            *critical_path_error;
  GPtrArray       *insights;      /* of HpInsight */
  GPtrArray       *trends;        /* of HpTrend: whole run, then nodes */
  HpCliGroups     *groups;        /* group and subgraph totals */
} Report;

static void
report_clear (Report *report)
{
  g_clear_pointer (&report->bottlenecks, g_array_unref);
  g_clear_pointer (&report->comparison, hp_comparison_unref);
  g_clear_pointer (&report->regressions, g_array_unref);
  g_clear_pointer (&report->critical_path, hp_critical_path_unref);
  g_clear_pointer (&report->critical_path_error, g_free);
  g_clear_pointer (&report->insights, g_ptr_array_unref);
  g_clear_pointer (&report->trends, g_ptr_array_unref);
  g_clear_pointer (&report->groups, hp_cli_groups_free);
}

static void
add_ms (JsonBuilder *builder,
        const char  *name,
        double       us)
{
  json_builder_set_member_name (builder, name);
  if (isnan (us) || us == (double) HP_TIME_UNKNOWN)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, us / 1000.0);
}

static void
add_pct (JsonBuilder *builder,
         const char  *name,
         double       pct)
{
  json_builder_set_member_name (builder, name);
  if (isnan (pct) || isinf (pct))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, pct);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static double
time_or_nan (gint64 us)
{
  return us == HP_TIME_UNKNOWN ? NAN : (double) us;
}

static void
build_nodes_json (Report      *report,
                  JsonBuilder *builder)
{
  GListModel *stats = hp_profile_get_node_stats (report->profile);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (stats); i++)
    {
      g_autoptr(HpNodeStats) s = g_list_model_get_item (stats, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", hp_node_stats_get_node_id (s));
      add_string (builder, "type", hp_node_stats_get_node_type (s));
      add_string (builder, "title", hp_node_stats_get_title (s));
      add_int (builder, "executed", hp_node_stats_get_executed_count (s));
      add_int (builder, "cached", hp_node_stats_get_cached_count (s));
      add_int (builder, "failed", hp_node_stats_get_failed_count (s));
      add_ms (builder, "mean_ms", hp_node_stats_get_mean_us (s));
      add_ms (builder, "min_ms", hp_node_stats_get_min_us (s));
      add_ms (builder, "max_ms", hp_node_stats_get_max_us (s));
      add_ms (builder, "median_ms", hp_node_stats_get_median_us (s));
      add_ms (builder, "p95_ms", hp_node_stats_get_p95_us (s));
      add_ms (builder, "p99_ms", hp_node_stats_get_p99_us (s));
      add_ms (builder, "stddev_ms", hp_node_stats_get_stddev_us (s));
      add_ms (builder, "last_ms", hp_node_stats_get_last_us (s));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_latest_json (Report      *report,
                   JsonBuilder *builder)
{
  HpRun *run = report->latest;
  g_autofree char *started = NULL;

  json_builder_set_member_name (builder, "latest_run");
  if (run == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  started = hp_format_timestamp_us (hp_run_get_started_us (run));
  json_builder_begin_object (builder);
  add_string (builder, "id", hp_run_get_id (run));
  add_string (builder, "status", hp_run_status_to_string (hp_run_get_status (run)));
  add_string (builder, "started_at", started);
  add_ms (builder, "total_ms", time_or_nan (hp_run_get_total_us (run)));
  add_ms (builder, "queue_ms", time_or_nan (hp_run_get_queue_us (run)));
  add_ms (builder, "execution_ms", time_or_nan (hp_run_get_execution_us (run)));
  add_int (builder, "executed", hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED));
  add_int (builder, "cached", hp_run_count_nodes (run, HP_NODE_STATUS_CACHED));
  add_int (builder, "failed", hp_run_count_nodes (run, HP_NODE_STATUS_FAILED));
  json_builder_end_object (builder);
}

static void
build_comparison_json (Report      *report,
                       JsonBuilder *builder)
{
  HpComparison *comparison = report->comparison;
  HpRun *reference;
  double current, ref, delta, pct;

  json_builder_set_member_name (builder, "comparison");
  if (comparison == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  reference = hp_comparison_get_reference_run (comparison);
  json_builder_begin_object (builder);
  add_string (builder, "against", hp_reference_kind_to_string (hp_comparison_get_kind (comparison)));
  add_string (builder, "reference_run", reference ? hp_run_get_id (reference) : NULL);
  if (!hp_comparison_get_total (comparison, &current, &ref, &delta, &pct))
    current = ref = delta = pct = NAN;
  add_ms (builder, "total_ms", current);
  add_ms (builder, "reference_total_ms", ref);
  add_ms (builder, "total_delta_ms", delta);
  add_pct (builder, "total_delta_pct", pct);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hp_comparison_get_n_nodes (comparison); i++)
    {
      const HpNodeDelta *d = hp_comparison_get_node (comparison, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", d->node_id);
      add_ms (builder, "current_ms", d->has_delta ? d->current_us : NAN);
      add_ms (builder, "reference_ms", d->has_delta ? d->reference_us : NAN);
      add_ms (builder, "delta_ms", d->has_delta ? d->delta_us : NAN);
      add_pct (builder, "delta_pct", d->has_delta ? d->delta_pct : NAN);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
build_critical_path_json (Report      *report,
                          JsonBuilder *builder)
{
  HpCriticalPath *path = report->critical_path;

  add_string (builder, "critical_path_error", report->critical_path_error);
  json_builder_set_member_name (builder, "critical_path");
  if (path == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_string (builder, "run", hp_run_get_id (hp_critical_path_get_run (path)));
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hp_critical_path_get_n_nodes (path); i++)
    json_builder_add_string_value (builder, hp_critical_path_get_node (path, i));
  json_builder_end_array (builder);
  add_ms (builder, "ms", hp_critical_path_get_length_us (path));
  add_ms (builder, "execution_ms", hp_critical_path_get_execution_us (path));
  add_pct (builder, "efficiency", hp_critical_path_get_efficiency (path));
  add_ms (builder, "saving_ms", hp_critical_path_get_saving_us (path));
  json_builder_set_member_name (builder, "serial_pairs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hp_critical_path_get_n_serial_pairs (path); i++)
    {
      const HpSerialPair *pair = hp_critical_path_get_serial_pair (path, i);

      json_builder_begin_object (builder);
      add_string (builder, "first", pair->first);
      add_string (builder, "second", pair->second);
      add_ms (builder, "first_ms", pair->first_us);
      add_ms (builder, "second_ms", pair->second_us);
      add_ms (builder, "saving_ms", pair->saving_us);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
build_insights_json (Report      *report,
                     JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "insights");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->insights->len; i++)
    {
      HpInsight *insight = g_ptr_array_index (report->insights, i);

      json_builder_begin_object (builder);
      add_string (builder, "kind", hp_insight_kind_to_string (hp_insight_get_kind (insight)));
      add_string (builder, "severity", hp_insight_severity_to_string (hp_insight_get_severity (insight)));
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint k = 0; k < hp_insight_get_n_nodes (insight); k++)
        json_builder_add_string_value (builder, hp_insight_get_node (insight, k));
      json_builder_end_array (builder);
      add_string (builder, "message", hp_insight_get_message (insight));
      json_builder_set_member_name (builder, "figures");
      json_builder_begin_object (builder);
      for (guint k = 0; k < hp_insight_get_n_figures (insight); k++)
        {
          const HpInsightFigure *f = hp_insight_get_figure (insight, k);

          /* Figures are already in their output units (the name says). */
          add_pct (builder, f->name, f->value);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
report_to_json (Report *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  HpWorkflowGraph *graph = hp_profile_get_graph (report->profile);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "workflow");
  json_builder_begin_object (builder);
  add_string (builder, "id", hp_workflow_graph_get_id (graph));
  add_string (builder, "name", hp_workflow_graph_get_name (graph));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; report->files[i] != NULL; i++)
    json_builder_add_string_value (builder, report->files[i]);
  json_builder_end_array (builder);

  add_int (builder, "run_count", hp_profile_get_n_runs (report->profile));
  add_string (builder, "metric", hp_metric_to_string (report->metric));
  add_pct (builder, "threshold_pct", report->threshold_pct);
  add_ms (builder, "noise_floor_ms", report->noise_floor_us);

  build_nodes_json (report, builder);

  json_builder_set_member_name (builder, "bottlenecks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->bottlenecks->len; i++)
    {
      const HpBottleneck *b = &g_array_index (report->bottlenecks, HpBottleneck, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", b->node_id);
      add_string (builder, "title", hp_node_stats_get_title (b->stats));
      add_int (builder, "rank", b->rank);
      add_ms (builder, "value_ms", b->value_us);
      json_builder_set_member_name (builder, "share");
      json_builder_add_double_value (builder, b->share);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  build_latest_json (report, builder);
  build_comparison_json (report, builder);

  json_builder_set_member_name (builder, "regressions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->regressions->len; i++)
    {
      const HpRegression *r = &g_array_index (report->regressions, HpRegression, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", r->node_id);
      add_ms (builder, "delta_ms", r->delta_us);
      add_pct (builder, "delta_pct", r->delta_pct);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  build_critical_path_json (report, builder);
  build_insights_json (report, builder);
  hp_cli_trends_build_json (report->trends, builder);
  hp_cli_groups_build_json (report->groups, builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static const char *
node_title (HpProfile  *profile,
            const char *node_id)
{
  HpNodeStats *stats = hp_profile_lookup_node_stats (profile, node_id);

  return stats != NULL ? hp_node_stats_get_title (stats) : node_id;
}

/* printf pads by bytes; titles and "−" are UTF-8, so pad by characters.
 * A negative @width left-aligns and truncates to fit. */
static void
append_cell (GString    *out,
             const char *text,
             int         width)
{
  glong length = g_utf8_strlen (text, -1);
  glong target = ABS (width);

  if (width < 0 && length > target)
    {
      const char *end = g_utf8_offset_to_pointer (text, target - 1);

      g_string_append_len (out, text, end - text);
      g_string_append (out, "…");
      return;
    }
  if (width > 0)
    for (glong i = length; i < target; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (width < 0)
    for (glong i = length; i < target; i++)
      g_string_append_c (out, ' ');
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

static const char *
run_status_label (HpRunStatus status)
{
  switch (status)
    {
    case HP_RUN_STATUS_SUCCEEDED: return _("succeeded");
    case HP_RUN_STATUS_FAILED: return _("failed");
    case HP_RUN_STATUS_INTERRUPTED: return _("interrupted");
    case HP_RUN_STATUS_RUNNING: return _("running");
    default: return hp_run_status_to_string (status);
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
print_runs_summary (Report  *report,
                    GString *out)
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
print_latest (Report  *report,
              GString *out)
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
  total = hp_format_duration_us (time_or_nan (hp_run_get_total_us (run)));
  queue = hp_format_duration_us (time_or_nan (hp_run_get_queue_us (run)));
  execution = hp_format_duration_us (time_or_nan (hp_run_get_execution_us (run)));

  n_executed = hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED);
  n_cached = hp_run_count_nodes (run, HP_NODE_STATUS_CACHED);
  n_failed = hp_run_count_nodes (run, HP_NODE_STATUS_FAILED);
  executed = g_strdup_printf (ngettext ("%u executed", "%u executed", n_executed), n_executed);
  cached = g_strdup_printf (ngettext ("%u cached", "%u cached", n_cached), n_cached);
  failed = g_strdup_printf (ngettext ("%u failed", "%u failed", n_failed), n_failed);

  g_string_append_c (out, '\n');
  /* Translators: "Latest run r4: succeeded, started 2026-11-16T09:00:00.000Z" */
  g_string_append_printf (out, _("Latest run %s: %s, started %s"), hp_run_get_id (run),
                          run_status_label (hp_run_get_status (run)),
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
print_bottlenecks (Report  *report,
                   GString *out)
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
      append_cell (out, hp_node_stats_get_title (b->stats), -32);
      append_cell (out, value, 12);
          g_string_append_c (out, ' ');
      /* Translators: a node's share of the time, "62.9 %", right-aligned */
      g_string_append_printf (out, _("%6.1f %%"), b->share * 100.0);
      g_string_append_c (out, '\n');
    }
}

static void
print_nodes (Report  *report,
             GString *out)
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
      append_cell (out, columns[k].heading, columns[k].width);
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
      append_cell (out, hp_node_stats_get_node_id (s), -6);
      g_string_append_c (out, ' ');
      append_cell (out, hp_node_stats_get_title (s), -28);
      g_string_append_printf (out, " %5u %6u %6u",
                              hp_node_stats_get_executed_count (s),
                              hp_node_stats_get_cached_count (s),
                              hp_node_stats_get_failed_count (s));
      for (guint k = 0; k < 5; k++)
        {
          const char *cells[] = { mean, median, p95, max, last };

          g_string_append_c (out, ' ');
          append_cell (out, cells[k], 11);
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
  append_cell (out, label, -35);
  append_cell (out, current, 11);
  /* Translators: between the latest run's time and the reference time,
   * "2.60 s vs 2.10 s"; keep the spaces */
  g_string_append (out, C_("comparison", " vs "));
  append_cell (out, reference, 11);
  append_cell (out, delta, 14);
  append_cell (out, pct, 10);
  g_string_append_c (out, '\n');
}

static void
print_comparison (Report  *report,
                  GString *out)
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
print_regressions (Report  *report,
                   GString *out)
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
      append_cell (out, r->node_id ? node_title (report->profile, r->node_id) : _("whole run"), -35);
      append_cell (out, d, 12);
      append_cell (out, p, 10);
      g_string_append_c (out, '\n');
    }
}

static void
print_critical_path (Report  *report,
                     GString *out)
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
print_insights (Report  *report,
                GString *out)
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

static char *
report_to_text (Report *report)
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

static gboolean
parse_against (const char      *name,
               HpReferenceKind *kind)
{
  for (HpReferenceKind k = HP_REFERENCE_PREVIOUS; k <= HP_REFERENCE_BASELINE; k++)
    {
      if (g_strcmp0 (name, hp_reference_kind_to_string (k)) == 0)
        {
          *kind = k;
          return TRUE;
        }
    }
  return FALSE;
}

int
hp_cli_report (int    argc,
               char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *metric = NULL;
  g_autofree char *against = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  gboolean fail_on_regression = FALSE;
  int top_n = HP_BOTTLENECKS_DEFAULT_TOP;
  double threshold = HP_REGRESSION_DEFAULT_THRESHOLD_PCT;
  double noise_floor_ms = HP_REGRESSION_DEFAULT_NOISE_FLOOR_US / 1000.0;
  Report report = { 0 };
  HpInsightOptions insight_options;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output: text (default) or json"), N_("FORMAT") },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric,
      N_("Rank bottlenecks by mean (default), last, median, p95 or max"), N_("METRIC") },
    { "top", 'n', 0, G_OPTION_ARG_INT, &top_n, N_("How many bottlenecks to list (default 5)"), N_("N") },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold,
      N_("A regression is slower by more than PCT percent (default 20)"), N_("PCT") },
    { "noise-floor", 0, 0, G_OPTION_ARG_DOUBLE, &noise_floor_ms,
      N_("… and by more than MS milliseconds (default 50)"), N_("MS") },
    { "against", 0, 0, G_OPTION_ARG_STRING, &against,
      N_("Compare the latest run with: previous (successful run, default), mean or baseline"), N_("REF") },
    { "fail-on-regression", 0, 0, G_OPTION_ARG_NONE, &fail_on_regression,
      N_("Exit with status 1 when the latest run regressed"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };
  g_autofree char *text = NULL;
  int status;

  /* Translators: after "Usage: report [OPTION…] FILE…" */
  context = g_option_context_new (_("— report on profiles"));
  g_option_context_set_summary (context,
                                _("Reads one or more profiles (any supported format; their runs are merged)\n"
                                  "and prints statistics, bottlenecks, a comparison of the latest run, its\n"
                                  "regressions, its critical path and insights."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hp_cli_fail (_("report: %s"), error->message);

  /* Translators: in these messages the option names (--format), their
   * values (text, json, mean…) and "report" stay as they are */
  if (files == NULL || files[0] == NULL)
    return hp_cli_fail (_("report: no input file given (see hotpath-cli report --help)"));
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "json") != 0)
    return hp_cli_fail (_("report: unknown --format “%s”: use text or json"), format);
  report.metric = HP_METRIC_MEAN;
  if (metric != NULL && !hp_metric_from_string (metric, &report.metric))
    return hp_cli_fail (_("report: unknown --metric “%s”: use mean, last, median, p95 or max"), metric);
  if (top_n < 1)
    return hp_cli_fail (_("report: --top must be at least 1"));
  if (!isfinite (threshold) || threshold < 0 || !isfinite (noise_floor_ms) || noise_floor_ms < 0)
    return hp_cli_fail (_("report: --threshold and --noise-floor must be zero or more"));
  report.against = HP_REFERENCE_PREVIOUS;
  if (against != NULL && !parse_against (against, &report.against))
    return hp_cli_fail (_("report: unknown --against “%s”: use previous, mean or baseline"), against);

  /* JSON is for programs: json-glib writes numbers the C way, and the
   * sentences inside it (insight messages) keep C numbers as well, so
   * the output is the same bytes in every locale. */
  if (g_strcmp0 (format, "json") == 0)
    setlocale (LC_NUMERIC, "C");

  profile = hp_cli_load_profiles ((const char * const *) files, &error);
  if (profile == NULL)
    return hp_cli_fail ("%s", error->message);

  report.profile = profile;
  report.files = files;
  report.top_n = (guint) top_n;
  report.threshold_pct = threshold;
  report.noise_floor_us = noise_floor_ms * 1000.0;
  report.latest = hp_profile_get_latest_run (profile);
  report.bottlenecks = hp_bottlenecks_compute (profile, report.metric, report.top_n);
  report.comparison = report.latest ? hp_comparison_compute (profile, report.latest, report.against) : NULL;
  if (report.comparison != NULL)
    report.regressions = hp_comparison_find_regressions (report.comparison, report.threshold_pct,
                                                         report.noise_floor_us);
  else
    report.regressions = g_array_new (FALSE, FALSE, sizeof (HpRegression));
  if (report.latest != NULL)
    {
      g_autoptr(GError) path_error = NULL;

      report.critical_path = hp_critical_path_compute (hp_profile_get_graph (profile), report.latest,
                                                       &path_error);
      if (path_error != NULL)
        report.critical_path_error = g_strdup (path_error->message);
    }
  hp_insight_options_init (&insight_options);
  insight_options.threshold_pct = report.threshold_pct;
  insight_options.noise_floor_us = report.noise_floor_us;
  report.insights = hp_insights_compute (profile, report.latest, &insight_options);
  report.trends = hp_cli_trends_compute (profile, report.noise_floor_us);
  report.groups = hp_cli_groups_compute (profile, report.latest);

  if (g_strcmp0 (format, "json") == 0)
    text = report_to_json (&report);
  else
    text = report_to_text (&report);
  fputs (text, stdout);
  if (!g_str_has_suffix (text, "\n"))
    fputc ('\n', stdout);

  status = fail_on_regression && report.regressions->len > 0 ? HP_CLI_EXIT_REGRESSION : HP_CLI_EXIT_OK;
  report_clear (&report);
  return status;
}
