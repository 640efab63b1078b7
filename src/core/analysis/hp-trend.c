/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-trend.h"

#include <math.h>
#include <string.h>

#define USEC_PER_HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))
#define USEC_PER_DAY  (USEC_PER_HOUR * 24)

struct _HpTrend
{
  gatomicrefcount    ref_count;
  char              *node_id;      /* nullable: the whole run */
  HpTrendBucketSize  size;
  GArray            *points;       /* of HpTrendPoint, by time */
  GArray            *buckets;      /* of HpTrendBucket, by time, none empty */
  HpTrendVerdict     verdict;
  HpMannKendall      mann_kendall;
  double             slope_us_per_day;
  double             change_us;
  gint64             since_us;
};

G_DEFINE_BOXED_TYPE (HpTrend, hp_trend, hp_trend_ref, hp_trend_unref)

/**
 * hp_trend_options_init:
 * @options: (out caller-allocates): the limits to fill in
 *
 * Sets the default limits: α = 0.05, a 50 ms noise floor, 4 runs.
 */
void
hp_trend_options_init (HpTrendOptions *options)
{
  g_return_if_fail (options != NULL);

  options->alpha = 0.05;
  options->noise_floor_us = 50000.0;
  options->min_runs = 4;
}

/**
 * hp_trend_verdict_to_string:
 *
 * Returns: the stable name used in reports: "slower", "faster", "none",
 *   "not_enough_runs"
 */
const char *
hp_trend_verdict_to_string (HpTrendVerdict verdict)
{
  switch (verdict)
    {
    case HP_TREND_VERDICT_SLOWER:
      return "slower";
    case HP_TREND_VERDICT_FASTER:
      return "faster";
    case HP_TREND_VERDICT_NONE:
      return "none";
    case HP_TREND_VERDICT_NOT_ENOUGH_RUNS:
    default:
      return "not_enough_runs";
    }
}

/**
 * hp_trend_bucket_size_to_string:
 *
 * Returns: "hour", "day", "week" or "automatic"
 */
const char *
hp_trend_bucket_size_to_string (HpTrendBucketSize size)
{
  switch (size)
    {
    case HP_TREND_BUCKET_HOUR:
      return "hour";
    case HP_TREND_BUCKET_DAY:
      return "day";
    case HP_TREND_BUCKET_AUTOMATIC:
      return "automatic";
    case HP_TREND_BUCKET_WEEK:
    default:
      return "week";
    }
}

/* When a run happened: its start, else when it was queued. */
static gint64
run_time_us (HpRun *run)
{
  gint64 t = hp_run_get_started_us (run);

  return t != HP_TIME_UNKNOWN ? t : hp_run_get_queued_us (run);
}

/**
 * hp_trend_run_value_us:
 * @run: a run
 * @node_id: (nullable): a node, %NULL for the whole run
 *
 * Returns: what the trend of @node_id takes from @run: the node's
 *   duration when it executed (completed), or for the whole run the
 *   execution time of a succeeded run; NaN otherwise
 */
double
hp_trend_run_value_us (HpRun      *run,
                       const char *node_id)
{
  g_return_val_if_fail (HP_IS_RUN (run), NAN);

  if (node_id == NULL)
    {
      gint64 execution = hp_run_get_execution_us (run);

      if (hp_run_get_status (run) != HP_RUN_STATUS_SUCCEEDED || execution == HP_TIME_UNKNOWN)
        return NAN;
      return (double) execution;
    }
  else
    {
      HpNodeRun *node_run = hp_run_lookup_node_run (run, node_id);

      if (node_run == NULL || !hp_node_run_is_executed (node_run))
        return NAN;
      return (double) hp_node_run_get_duration_us (node_run);
    }
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const HpTrendPoint *x = a;
  const HpTrendPoint *y = b;

  return (x->time_us > y->time_us) - (x->time_us < y->time_us);
}

static void
compute_buckets (HpTrend   *self,
                 GTimeZone *tz)
{
  g_autofree double *values = g_new (double, MAX (self->points->len, 1));
  guint i = 0;

  while (i < self->points->len)
    {
      HpTrendBucket bucket = { 0 };
      guint n = 0;

      bucket.start_us = hp_trend_bucket_start (g_array_index (self->points, HpTrendPoint, i).time_us,
                                               self->size, tz);
      bucket.end_us = hp_trend_bucket_next (bucket.start_us, self->size, tz);
      bucket.first_point = i;
      while (i < self->points->len && g_array_index (self->points, HpTrendPoint, i).time_us < bucket.end_us)
        values[n++] = g_array_index (self->points, HpTrendPoint, i++).value_us;
      hp_duration_summary_compute (values, n, &bucket.summary);
      g_array_append_val (self->buckets, bucket);
    }
}

/* Inserts @value into the ascending @sorted of @n values. */
static void
insert_sorted (double *sorted,
               guint   n,
               double  value)
{
  guint lo = 0;
  guint hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (sorted[mid] <= value)
        lo = mid + 1;
      else
        hi = mid;
    }
  memmove (sorted + lo + 1, sorted + lo, (n - lo) * sizeof (double));
  sorted[lo] = value;
}

/* The start of the earliest bucket k ≥ 1 such that the mean of bucket k
 * and of every later bucket is above (slower) or below (faster) the
 * median of all runs before bucket k; the first bucket's start when no
 * bucket qualifies (the change spans the whole history). */
static gint64
find_since (HpTrend *self,
            gboolean slower)
{
  guint n_buckets = self->buckets->len;
  g_autofree double *suffix = g_new (double, n_buckets + 1);
  g_autofree double *sorted = g_new (double, MAX (self->points->len, 1));
  guint n_sorted = 0;

  g_assert (n_buckets > 0);

  /* suffix[k]: the lowest (slower) or highest (faster) mean from k on. */
  suffix[n_buckets] = slower ? INFINITY : -INFINITY;
  for (guint k = n_buckets; k-- > 0;)
    {
      double mean = g_array_index (self->buckets, HpTrendBucket, k).summary.mean;

      suffix[k] = slower ? MIN (mean, suffix[k + 1]) : MAX (mean, suffix[k + 1]);
    }

  for (guint k = 1; k < n_buckets; k++)
    {
      const HpTrendBucket *before = &g_array_index (self->buckets, HpTrendBucket, k - 1);
      double median;

      for (guint i = 0; i < before->summary.count; i++)
        insert_sorted (sorted, n_sorted++,
                       g_array_index (self->points, HpTrendPoint, before->first_point + i).value_us);
      median = hp_percentile_sorted (sorted, n_sorted, 0.5);
      if (slower ? suffix[k] > median : suffix[k] < median)
        return g_array_index (self->buckets, HpTrendBucket, k).start_us;
    }
  return g_array_index (self->buckets, HpTrendBucket, 0).start_us;
}

static void
compute_verdict (HpTrend              *self,
                 const HpTrendOptions *options)
{
  guint first = self->points->len > HP_TREND_MAX_TEST_RUNS ? self->points->len - HP_TREND_MAX_TEST_RUNS : 0;
  guint n = self->points->len - first;
  g_autofree double *days = NULL;
  g_autofree double *values = NULL;
  const HpTrendPoint *points;
  double span_days;

  self->verdict = HP_TREND_VERDICT_NOT_ENOUGH_RUNS;
  self->mann_kendall = (HpMannKendall) { n, 0, 0.0, NAN, NAN };
  self->slope_us_per_day = NAN;
  self->change_us = NAN;
  self->since_us = HP_TIME_UNKNOWN;
  if (n < MAX (options->min_runs, 2))
    return;

  points = &g_array_index (self->points, HpTrendPoint, first);
  days = g_new (double, n);
  values = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      days[i] = (double) (points[i].time_us - points[0].time_us) / USEC_PER_DAY;
      values[i] = points[i].value_us;
    }

  hp_mann_kendall_compute (values, n, &self->mann_kendall);
  self->slope_us_per_day = hp_sen_slope (days, values, n);
  span_days = days[n - 1];
  self->change_us = isnan (self->slope_us_per_day) ? NAN : self->slope_us_per_day * span_days;

  self->verdict = HP_TREND_VERDICT_NONE;
  if (!(self->mann_kendall.p_value < options->alpha) || isnan (self->change_us))
    return;
  if (self->mann_kendall.s > 0 && self->slope_us_per_day > 0 && self->change_us > options->noise_floor_us)
    self->verdict = HP_TREND_VERDICT_SLOWER;
  else if (self->mann_kendall.s < 0 && self->slope_us_per_day < 0 && -self->change_us > options->noise_floor_us)
    self->verdict = HP_TREND_VERDICT_FASTER;

  if (self->verdict != HP_TREND_VERDICT_NONE)
    self->since_us = find_since (self, self->verdict == HP_TREND_VERDICT_SLOWER);
}

/**
 * hp_trend_compute_points:
 * @points: (array length=n_points): the series, in any order; points
 *   with an unknown time or a NaN value are left out
 * @size: the bucket size, or automatic (chosen from the points' span)
 * @tz: (nullable): the time zone of the buckets, %NULL for UTC
 * @options: (nullable): the verdict's limits, %NULL for the defaults
 *
 * Aggregates a series into buckets and tests it for a trend.
 *
 * Returns: (transfer full): the trend, with no node id
 */
HpTrend *
hp_trend_compute_points (const HpTrendPoint   *points,
                         guint                 n_points,
                         HpTrendBucketSize     size,
                         GTimeZone            *tz,
                         const HpTrendOptions *options)
{
  HpTrendOptions defaults;
  HpTrend *self;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (size <= HP_TREND_BUCKET_AUTOMATIC, NULL);

  if (options == NULL)
    {
      hp_trend_options_init (&defaults);
      options = &defaults;
    }

  self = g_new0 (HpTrend, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->size = size;
  self->points = g_array_sized_new (FALSE, FALSE, sizeof (HpTrendPoint), n_points);
  self->buckets = g_array_new (FALSE, FALSE, sizeof (HpTrendBucket));
  for (guint i = 0; i < n_points; i++)
    if (points[i].time_us != HP_TIME_UNKNOWN && !isnan (points[i].value_us))
      g_array_append_val (self->points, points[i]);
  /* Stable: runs at the same moment keep their order. */
  g_array_sort (self->points, compare_points);
  if (size == HP_TREND_BUCKET_AUTOMATIC)
    self->size = self->points->len == 0 ? HP_TREND_BUCKET_DAY
      : hp_trend_choose_bucket_size (g_array_index (self->points, HpTrendPoint, 0).time_us,
                                     g_array_index (self->points, HpTrendPoint, self->points->len - 1).time_us,
                                     tz);

  compute_buckets (self, tz);
  compute_verdict (self, options);
  return self;
}

/**
 * hp_trend_compute:
 * @profile: the profile
 * @node_id: (nullable): a node, %NULL for the whole run
 * @size: the bucket size, or automatic
 * @tz: (nullable): the time zone of the buckets, %NULL for UTC
 * @options: (nullable): the verdict's limits, %NULL for the defaults
 *
 * The trend of one node's executed durations, or of the execution time
 * of the succeeded runs, over the profile's history (each run at its
 * start time).
 *
 * Returns: (transfer full): the trend
 */
HpTrend *
hp_trend_compute (HpProfile            *profile,
                  const char           *node_id,
                  HpTrendBucketSize     size,
                  GTimeZone            *tz,
                  const HpTrendOptions *options)
{
  g_autoptr(GArray) points = NULL;
  guint n_runs;
  HpTrend *self;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (size <= HP_TREND_BUCKET_AUTOMATIC, NULL);

  n_runs = hp_profile_get_n_runs (profile);
  points = g_array_sized_new (FALSE, FALSE, sizeof (HpTrendPoint), n_runs);
  for (guint i = 0; i < n_runs; i++)
    {
      HpRun *run = hp_profile_get_run (profile, i);
      HpTrendPoint point = { run_time_us (run), hp_trend_run_value_us (run, node_id) };

      g_array_append_val (points, point);
    }

  self = hp_trend_compute_points ((const HpTrendPoint *) (gpointer) points->data, points->len,
                                  size, tz, options);
  self->node_id = g_strdup (node_id);
  return self;
}

HpTrend *
hp_trend_ref (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hp_trend_unref (HpTrend *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->node_id);
  g_array_unref (self->points);
  g_array_unref (self->buckets);
  g_free (self);
}

/**
 * hp_trend_get_node_id:
 *
 * Returns: (nullable): the node, %NULL for the whole run
 */
const char *
hp_trend_get_node_id (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->node_id;
}

/**
 * hp_trend_get_bucket_size:
 *
 * Returns: the size of the buckets (never automatic: the size chosen)
 */
HpTrendBucketSize
hp_trend_get_bucket_size (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, HP_TREND_BUCKET_DAY);
  return self->size;
}

guint
hp_trend_get_n_points (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->points->len;
}

/**
 * hp_trend_get_point:
 *
 * Returns: (transfer none): the @i-th run of the series, oldest first
 */
const HpTrendPoint *
hp_trend_get_point (HpTrend *self,
                    guint    i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->points->len, NULL);
  return &g_array_index (self->points, HpTrendPoint, i);
}

guint
hp_trend_get_n_buckets (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->buckets->len;
}

/**
 * hp_trend_get_bucket:
 *
 * Returns: (transfer none): the @i-th bucket holding runs, oldest first
 *   (periods without runs have no bucket)
 */
const HpTrendBucket *
hp_trend_get_bucket (HpTrend *self,
                     guint    i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->buckets->len, NULL);
  return &g_array_index (self->buckets, HpTrendBucket, i);
}

HpTrendVerdict
hp_trend_get_verdict (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, HP_TREND_VERDICT_NOT_ENOUGH_RUNS);
  return self->verdict;
}

/**
 * hp_trend_get_mann_kendall:
 *
 * Returns: (transfer none): the test's figures; Z and p are NaN when
 *   there are not enough runs
 */
const HpMannKendall *
hp_trend_get_mann_kendall (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->mann_kendall;
}

/**
 * hp_trend_get_p_value:
 *
 * Returns: the two-sided p-value of the Mann–Kendall test, NaN when there
 *   are not enough runs
 */
double
hp_trend_get_p_value (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->mann_kendall.p_value;
}

/**
 * hp_trend_get_slope_us_per_day:
 *
 * Returns: Sen's slope in µs per day, NaN when there are not enough runs
 *   or they all happened at the same moment
 */
double
hp_trend_get_slope_us_per_day (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->slope_us_per_day;
}

/**
 * hp_trend_get_change_us:
 *
 * Returns: the slope times the time from the first to the last tested
 *   run: how much the trend changed the duration over the history
 */
double
hp_trend_get_change_us (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->change_us;
}

/**
 * hp_trend_get_since_us:
 *
 * Returns: since when it got slower or faster (a bucket start, see
 *   docs/analysis.md), %HP_TIME_UNKNOWN without such a verdict
 */
gint64
hp_trend_get_since_us (HpTrend *self)
{
  g_return_val_if_fail (self != NULL, HP_TIME_UNKNOWN);
  return self->since_us;
}
