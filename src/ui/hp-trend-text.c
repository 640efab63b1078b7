/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trend chart's sentences: its verdict, its subject, a bucket's
 * figures. */
#include "hp-trend-text.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-config.h"
#include "hp-time-format.h"

/* "p = 0.003", "p = 0.41", "p < 0.001" */
static char *
format_p (double p)
{
  if (p < 0.001)
    return g_strdup (_("p < 0.001"));
  return g_strdup_printf (_("p = %.2g"), p);
}

/* "+120.0 ms/day", "−4.20 s/day" */
static char *
format_slope (double slope_us_per_day)
{
  g_autofree char *amount = hp_format_duration_us (slope_us_per_day);

  /* Translators: a rate of change, %s is a duration with its sign ("+120.0 ms") */
  return g_strdup_printf (_("%s/day"), amount);
}

static char *
format_day (gint64     time_us,
            GTimeZone *tz,
            gint64     reference_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
  g_autoptr(GDateTime) ref_utc = g_date_time_new_from_unix_utc (reference_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) ref = ref_utc != NULL ? g_date_time_to_timezone (ref_utc, tz) : NULL;

  if (local == NULL)
    return g_strdup ("—");
  if (ref != NULL && g_date_time_get_year (ref) == g_date_time_get_year (local))
    /* Translators: a day in g_date_time_format()'s notation ("3 Nov"). xgettext:no-c-format */
    return g_date_time_format (local, C_("trend date", "%-d %b"));
  /* Translators: a day of another year ("3 Nov 2023"). xgettext:no-c-format */
  return g_date_time_format (local, C_("trend date", "%-d %b %Y"));
}

/**
 * hp_trend_text_verdict:
 * @tz: the time zone of the dates
 *
 * Returns: (transfer full): the sentence above the chart: "Getting slower
 *   since 3 Nov: +120.0 ms/day, p = 0.003", "No significant trend
 *   (p = 0.41)", "Not enough runs for a trend"
 */
char *
hp_trend_text_verdict (HpTrend   *trend,
                       GTimeZone *tz)
{
  g_autofree char *p = NULL;
  g_autofree char *slope = NULL;
  g_autofree char *since = NULL;
  HpTrendOptions defaults;
  double slope_us;
  guint n;

  hp_trend_options_init (&defaults);
  switch (hp_trend_get_verdict (trend))
    {
    case HP_TREND_VERDICT_NOT_ENOUGH_RUNS:
      return g_strdup (_("Not enough runs for a trend"));
    case HP_TREND_VERDICT_NONE:
      p = format_p (hp_trend_get_p_value (trend));
      slope_us = hp_trend_get_slope_us_per_day (trend);
      /* Significant, but the change over the history is under the noise
       * floor (the chart tests with the default α). */
      if (hp_trend_get_p_value (trend) < defaults.alpha && !isnan (slope_us) && slope_us != 0)
        {
          slope = format_slope (slope_us);
          /* Translators: "No trend above the noise floor (+0.4 ms/day, p < 0.001)" */
          return g_strdup_printf (_("No trend above the noise floor (%s%s, %s)"),
                                  slope_us > 0 ? "+" : "", slope, p);
        }
      /* Translators: %s is "p = 0.41" */
      return g_strdup_printf (_("No significant trend (%s)"), p);
    case HP_TREND_VERDICT_SLOWER:
    case HP_TREND_VERDICT_FASTER:
    default:
      break;
    }

  n = hp_trend_get_n_points (trend);
  p = format_p (hp_trend_get_p_value (trend));
  slope_us = hp_trend_get_slope_us_per_day (trend);
  slope = format_slope (slope_us);
  since = format_day (hp_trend_get_since_us (trend), tz,
                      hp_trend_get_point (trend, n - 1)->time_us);
  if (hp_trend_get_verdict (trend) == HP_TREND_VERDICT_SLOWER)
    /* Translators: "Getting slower since 3 Nov: +120.0 ms/day, p = 0.003" */
    return g_strdup_printf (_("Getting slower since %s: +%s, %s"), since, slope, p);
  /* Translators: "Getting faster since 3 Nov: −120.0 ms/day, p = 0.003" */
  return g_strdup_printf (_("Getting faster since %s: %s, %s"), since, slope, p);
}

/**
 * hp_trend_text_subject:
 *
 * Returns: (transfer full): what the chart shows: "“KSampler” (node 3),
 *   12 runs" or "Whole run, 12 runs"
 */
char *
hp_trend_text_subject (HpTrend   *trend,
                       HpProfile *profile)
{
  const char *node_id = hp_trend_get_node_id (trend);
  guint n = hp_trend_get_n_points (trend);
  g_autofree char *runs = g_strdup_printf (ngettext ("%u run", "%u runs", n), n);

  if (node_id == NULL)
    /* Translators: the whole run's execution time; %s is "12 runs" */
    return g_strdup_printf (_("Whole run, %s"), runs);
  else
    {
      HpNodeStats *stats = hp_profile_lookup_node_stats (profile, node_id);
      const char *title = stats != NULL ? hp_node_stats_get_title (stats) : NULL;

      /* Translators: "“KSampler” (node 3), 12 runs" */
      return g_strdup_printf (_("“%s” (node %s), %s"), title != NULL ? title : node_id, node_id, runs);
    }
}

/**
 * hp_trend_text_bucket:
 * @bucket: one of @trend's buckets
 * @tz: the time zone of the dates
 *
 * Returns: (transfer full): the bucket's figures, one a line, for the
 *   hover box
 */
char *
hp_trend_text_bucket (HpTrend             *trend,
                      const HpTrendBucket *bucket,
                      GTimeZone           *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (bucket->start_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *mean = hp_format_duration_us (bucket->summary.mean);
  g_autofree char *p95 = hp_format_duration_us (bucket->summary.p95);
  g_autofree char *p99 = hp_format_duration_us (bucket->summary.p99);
  g_autofree char *sigma = hp_format_duration_us (bucket->summary.stddev);

  switch (hp_trend_get_bucket_size (trend))
    {
    case HP_TREND_BUCKET_HOUR:
      /* Translators: an hour bucket in g_date_time_format()'s notation. xgettext:no-c-format */
      when = local ? g_date_time_format (local, C_("trend bucket", "%a %-d %b, %H:00")) : NULL;
      break;
    case HP_TREND_BUCKET_DAY:
      /* Translators: a day bucket. xgettext:no-c-format */
      when = local ? g_date_time_format (local, C_("trend bucket", "%a %-d %b %Y")) : NULL;
      break;
    case HP_TREND_BUCKET_WEEK:
    case HP_TREND_BUCKET_AUTOMATIC:
    default:
      {
        /* Translators: a week bucket, from its Monday. xgettext:no-c-format */
        g_autofree char *monday = local ? g_date_time_format (local, C_("trend bucket", "%-d %b %Y")) : NULL;

        /* Translators: %s is the week's Monday, "13 Nov 2023" */
        when = g_strdup_printf (_("Week of %s"), monday ? monday : "—");
      }
      break;
    }

  /* Translators: the values of one bucket of the trend chart, shown on
   * hover; σ is the standard deviation */
  return g_strdup_printf (ngettext ("%s\n%u run\nmean %s\np95 %s\np99 %s\nσ %s",
                                    "%s\n%u runs\nmean %s\np95 %s\np99 %s\nσ %s",
                                    bucket->summary.count),
                          when ? when : "—", bucket->summary.count, mean, p95, p99, sigma);
}
