/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-common.h"
#include "hp-cli-groups.h"
#include "hp-cli-output.h"
#include "hp-cli-report-private.h"
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

static void
report_clear (HpCliReport *report)
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
build_nodes_json (HpCliReport *report,
                  JsonBuilder *builder)
{
  GListModel *stats = hp_profile_get_node_stats (report->profile);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (stats); i++)
    {
      g_autoptr(HpNodeStats) s = g_list_model_get_item (stats, i);

      json_builder_begin_object (builder);
      hp_cli_json_add_string (builder, "id", hp_node_stats_get_node_id (s));
      hp_cli_json_add_string (builder, "type", hp_node_stats_get_node_type (s));
      hp_cli_json_add_string (builder, "title", hp_node_stats_get_title (s));
      hp_cli_json_add_int (builder, "executed", hp_node_stats_get_executed_count (s));
      hp_cli_json_add_int (builder, "cached", hp_node_stats_get_cached_count (s));
      hp_cli_json_add_int (builder, "failed", hp_node_stats_get_failed_count (s));
      hp_cli_json_add_ms (builder, "mean_ms", hp_node_stats_get_mean_us (s));
      hp_cli_json_add_ms (builder, "min_ms", hp_node_stats_get_min_us (s));
      hp_cli_json_add_ms (builder, "max_ms", hp_node_stats_get_max_us (s));
      hp_cli_json_add_ms (builder, "median_ms", hp_node_stats_get_median_us (s));
      hp_cli_json_add_ms (builder, "p95_ms", hp_node_stats_get_p95_us (s));
      hp_cli_json_add_ms (builder, "p99_ms", hp_node_stats_get_p99_us (s));
      hp_cli_json_add_ms (builder, "stddev_ms", hp_node_stats_get_stddev_us (s));
      hp_cli_json_add_ms (builder, "last_ms", hp_node_stats_get_last_us (s));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_latest_json (HpCliReport *report,
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
  hp_cli_json_add_string (builder, "id", hp_run_get_id (run));
  hp_cli_json_add_string (builder, "status", hp_run_status_to_string (hp_run_get_status (run)));
  hp_cli_json_add_string (builder, "started_at", started);
  hp_cli_json_add_ms (builder, "total_ms", hp_cli_time_or_nan (hp_run_get_total_us (run)));
  hp_cli_json_add_ms (builder, "queue_ms", hp_cli_time_or_nan (hp_run_get_queue_us (run)));
  hp_cli_json_add_ms (builder, "execution_ms", hp_cli_time_or_nan (hp_run_get_execution_us (run)));
  hp_cli_json_add_int (builder, "executed", hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED));
  hp_cli_json_add_int (builder, "cached", hp_run_count_nodes (run, HP_NODE_STATUS_CACHED));
  hp_cli_json_add_int (builder, "failed", hp_run_count_nodes (run, HP_NODE_STATUS_FAILED));
  json_builder_end_object (builder);
}

static void
build_comparison_json (HpCliReport *report,
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
  hp_cli_json_add_string (builder, "against", hp_reference_kind_to_string (hp_comparison_get_kind (comparison)));
  hp_cli_json_add_string (builder, "reference_run", reference ? hp_run_get_id (reference) : NULL);
  if (!hp_comparison_get_total (comparison, &current, &ref, &delta, &pct))
    current = ref = delta = pct = NAN;
  hp_cli_json_add_ms (builder, "total_ms", current);
  hp_cli_json_add_ms (builder, "reference_total_ms", ref);
  hp_cli_json_add_ms (builder, "total_delta_ms", delta);
  hp_cli_json_add_number (builder, "total_delta_pct", pct);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hp_comparison_get_n_nodes (comparison); i++)
    {
      const HpNodeDelta *d = hp_comparison_get_node (comparison, i);

      json_builder_begin_object (builder);
      hp_cli_json_add_string (builder, "id", d->node_id);
      hp_cli_json_add_ms (builder, "current_ms", d->has_delta ? d->current_us : NAN);
      hp_cli_json_add_ms (builder, "reference_ms", d->has_delta ? d->reference_us : NAN);
      hp_cli_json_add_ms (builder, "delta_ms", d->has_delta ? d->delta_us : NAN);
      hp_cli_json_add_number (builder, "delta_pct", d->has_delta ? d->delta_pct : NAN);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
build_critical_path_json (HpCliReport *report,
                          JsonBuilder *builder)
{
  HpCriticalPath *path = report->critical_path;

  hp_cli_json_add_string (builder, "critical_path_error", report->critical_path_error);
  json_builder_set_member_name (builder, "critical_path");
  if (path == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  hp_cli_json_add_string (builder, "run", hp_run_get_id (hp_critical_path_get_run (path)));
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hp_critical_path_get_n_nodes (path); i++)
    json_builder_add_string_value (builder, hp_critical_path_get_node (path, i));
  json_builder_end_array (builder);
  hp_cli_json_add_ms (builder, "ms", hp_critical_path_get_length_us (path));
  hp_cli_json_add_ms (builder, "execution_ms", hp_critical_path_get_execution_us (path));
  hp_cli_json_add_number (builder, "efficiency", hp_critical_path_get_efficiency (path));
  hp_cli_json_add_ms (builder, "saving_ms", hp_critical_path_get_saving_us (path));
  json_builder_set_member_name (builder, "serial_pairs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hp_critical_path_get_n_serial_pairs (path); i++)
    {
      const HpSerialPair *pair = hp_critical_path_get_serial_pair (path, i);

      json_builder_begin_object (builder);
      hp_cli_json_add_string (builder, "first", pair->first);
      hp_cli_json_add_string (builder, "second", pair->second);
      hp_cli_json_add_ms (builder, "first_ms", pair->first_us);
      hp_cli_json_add_ms (builder, "second_ms", pair->second_us);
      hp_cli_json_add_ms (builder, "saving_ms", pair->saving_us);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
build_insights_json (HpCliReport *report,
                     JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "insights");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->insights->len; i++)
    {
      HpInsight *insight = g_ptr_array_index (report->insights, i);

      json_builder_begin_object (builder);
      hp_cli_json_add_string (builder, "kind", hp_insight_kind_to_string (hp_insight_get_kind (insight)));
      hp_cli_json_add_string (builder, "severity", hp_insight_severity_to_string (hp_insight_get_severity (insight)));
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint k = 0; k < hp_insight_get_n_nodes (insight); k++)
        json_builder_add_string_value (builder, hp_insight_get_node (insight, k));
      json_builder_end_array (builder);
      hp_cli_json_add_string (builder, "message", hp_insight_get_message (insight));
      json_builder_set_member_name (builder, "figures");
      json_builder_begin_object (builder);
      for (guint k = 0; k < hp_insight_get_n_figures (insight); k++)
        {
          const HpInsightFigure *f = hp_insight_get_figure (insight, k);

          /* Figures are already in their output units (the name says). */
          hp_cli_json_add_number (builder, f->name, f->value);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
report_to_json (HpCliReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  HpWorkflowGraph *graph = hp_profile_get_graph (report->profile);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "workflow");
  json_builder_begin_object (builder);
  hp_cli_json_add_string (builder, "id", hp_workflow_graph_get_id (graph));
  hp_cli_json_add_string (builder, "name", hp_workflow_graph_get_name (graph));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; report->files[i] != NULL; i++)
    json_builder_add_string_value (builder, report->files[i]);
  json_builder_end_array (builder);

  hp_cli_json_add_int (builder, "run_count", hp_profile_get_n_runs (report->profile));
  hp_cli_json_add_string (builder, "metric", hp_metric_to_string (report->metric));
  hp_cli_json_add_number (builder, "threshold_pct", report->threshold_pct);
  hp_cli_json_add_ms (builder, "noise_floor_ms", report->noise_floor_us);

  build_nodes_json (report, builder);

  json_builder_set_member_name (builder, "bottlenecks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->bottlenecks->len; i++)
    {
      const HpBottleneck *b = &g_array_index (report->bottlenecks, HpBottleneck, i);

      json_builder_begin_object (builder);
      hp_cli_json_add_string (builder, "id", b->node_id);
      hp_cli_json_add_string (builder, "title", hp_node_stats_get_title (b->stats));
      hp_cli_json_add_int (builder, "rank", b->rank);
      hp_cli_json_add_ms (builder, "value_ms", b->value_us);
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
      hp_cli_json_add_string (builder, "id", r->node_id);
      hp_cli_json_add_ms (builder, "delta_ms", r->delta_us);
      hp_cli_json_add_number (builder, "delta_pct", r->delta_pct);
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
  HpCliReport report = { 0 };
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
   * sentences made here (insight messages, notes of formats read now)
   * keep C numbers and English words as well, so the output is the same
   * bytes in every locale. GNU gettext ignores $LANGUAGE when LC_MESSAGES
   * is "C". Notes stored in a .hotpath file come out as written: they are
   * document text, in the language of whoever saved it (see convert). */
  if (g_strcmp0 (format, "json") == 0)
    {
      setlocale (LC_NUMERIC, "C");
      setlocale (LC_MESSAGES, "C");
    }

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
    text = hp_cli_report_to_text (&report);
  fputs (text, stdout);
  if (!g_str_has_suffix (text, "\n"))
    fputc ('\n', stdout);

  status = fail_on_regression && report.regressions->len > 0 ? HP_CLI_EXIT_REGRESSION : HP_CLI_EXIT_OK;
  report_clear (&report);
  return status;
}
