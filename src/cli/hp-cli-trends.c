/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-trends.h"
#include "hp-cli-output.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-time-format.h"
#include "hp-trend.h"

/**
 * hp_cli_trends_compute:
 * @noise_floor_us: the change a trend must exceed over the history
 *
 * Tests the whole run and every node for a trend, with automatic
 * buckets in UTC (the buckets only place "since").
 *
 * Returns: (transfer full) (element-type HpTrend): the whole run's trend,
 *   then those of the nodes that have enough runs, in node order
 */
GPtrArray *
hp_cli_trends_compute (HpProfile *profile,
                       double     noise_floor_us)
{
  GPtrArray *trends = g_ptr_array_new_with_free_func ((GDestroyNotify) hp_trend_unref);
  GListModel *stats = hp_profile_get_node_stats (profile);
  HpTrendOptions options;

  g_return_val_if_fail (HP_IS_PROFILE (profile), trends);

  hp_trend_options_init (&options);
  options.noise_floor_us = noise_floor_us;
  g_ptr_array_add (trends, hp_trend_compute (profile, NULL, HP_TREND_BUCKET_AUTOMATIC, NULL, &options));
  for (guint i = 0; i < g_list_model_get_n_items (stats); i++)
    {
      g_autoptr(HpNodeStats) s = g_list_model_get_item (stats, i);
      HpTrend *trend = hp_trend_compute (profile, hp_node_stats_get_node_id (s),
                                         HP_TREND_BUCKET_AUTOMATIC, NULL, &options);

      if (hp_trend_get_verdict (trend) == HP_TREND_VERDICT_NOT_ENOUGH_RUNS)
        hp_trend_unref (trend);
      else
        g_ptr_array_add (trends, trend);
    }
  return trends;
}

/**
 * hp_cli_trends_build_json:
 *
 * Adds the member "trends": [{node, verdict, runs, p_value,
 * slope_ms_per_day, since}] (docs/analysis.md, Trends).
 */
void
hp_cli_trends_build_json (GPtrArray   *trends,
                          JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "trends");
  json_builder_begin_array (builder);
  for (guint i = 0; i < trends->len; i++)
    {
      HpTrend *trend = g_ptr_array_index (trends, i);
      const char *node_id = hp_trend_get_node_id (trend);
      g_autofree char *since = hp_format_timestamp_us (hp_trend_get_since_us (trend));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "node");
      if (node_id != NULL)
        json_builder_add_string_value (builder, node_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "verdict");
      json_builder_add_string_value (builder, hp_trend_verdict_to_string (hp_trend_get_verdict (trend)));
      json_builder_set_member_name (builder, "runs");
      json_builder_add_int_value (builder, hp_trend_get_n_points (trend));
      hp_cli_json_add_number (builder, "p_value", hp_trend_get_p_value (trend));
      hp_cli_json_add_number (builder, "slope_ms_per_day", hp_trend_get_slope_us_per_day (trend) / 1000.0);
      json_builder_set_member_name (builder, "since");
      if (since != NULL)
        json_builder_add_string_value (builder, since);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
format_p (double p)
{
  if (p < 0.001)
    return g_strdup ("p < 0.001");
  return g_strdup_printf ("p = %.2g", p);
}

/**
 * hp_cli_trends_print:
 *
 * Appends one line on the whole run's trend to the text report.
 */
void
hp_cli_trends_print (GPtrArray *trends,
                     GString   *out)
{
  HpTrend *trend;
  g_autofree char *p = NULL;
  g_autofree char *slope = NULL;
  g_autofree char *since = NULL;
  double slope_us;

  g_return_if_fail (trends != NULL && trends->len > 0);

  trend = g_ptr_array_index (trends, 0);
  g_string_append_c (out, '\n');
  switch (hp_trend_get_verdict (trend))
    {
    case HP_TREND_VERDICT_NOT_ENOUGH_RUNS:
      g_string_append_printf (out, ngettext ("Trend of the whole run: not enough runs (%u successful run)",
                                             "Trend of the whole run: not enough runs (%u successful runs)",
                                             hp_trend_get_n_points (trend)),
                              hp_trend_get_n_points (trend));
      break;
    case HP_TREND_VERDICT_NONE:
      p = format_p (hp_trend_get_p_value (trend));
      /* Translators: %s is "p = 0.41" */
      g_string_append_printf (out, _("Trend of the whole run: no significant trend (%s)"), p);
      break;
    case HP_TREND_VERDICT_SLOWER:
    case HP_TREND_VERDICT_FASTER:
    default:
      {
        g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (hp_trend_get_since_us (trend) / G_USEC_PER_SEC);

        p = format_p (hp_trend_get_p_value (trend));
        slope_us = hp_trend_get_slope_us_per_day (trend);
        slope = hp_format_duration_us (slope_us);
        since = day != NULL ? g_date_time_format (day, "%Y-%m-%d") : g_strdup ("?");
        if (hp_trend_get_verdict (trend) == HP_TREND_VERDICT_SLOWER)
          /* Translators: "…: getting slower since 2023-11-02: +100.0 ms/day (p < 0.001)" */
          g_string_append_printf (out, _("Trend of the whole run: getting slower since %s: +%s/day (%s)"),
                                  since, slope, p);
        else
          /* Translators: "…: getting faster since 2023-11-02: −100.0 ms/day (p < 0.001)" */
          g_string_append_printf (out, _("Trend of the whole run: getting faster since %s: %s/day (%s)"),
                                  since, slope, p);
      }
      break;
    }
  g_string_append_c (out, '\n');
}
