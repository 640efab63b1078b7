/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-duration-summary.h"

#include <math.h>
#include <stdlib.h>

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * hp_percentile_sorted:
 * @sorted: values in ascending order
 * @n: number of values
 * @p: the quantile, from 0 to 1
 *
 * Returns: the linearly interpolated percentile, NaN when @n is 0.
 */
double
hp_percentile_sorted (const double *sorted,
                      guint         n,
                      double        p)
{
  double h;
  guint lo;

  if (n == 0)
    return NAN;
  if (n == 1)
    return sorted[0];

  p = CLAMP (p, 0.0, 1.0);
  h = (n - 1) * p;
  lo = (guint) floor (h);
  if (lo >= n - 1)
    return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/**
 * hp_duration_summary_compute:
 * @values: (inout): the durations; sorted in place
 * @n: number of values
 * @out: (out): the summary
 */
void
hp_duration_summary_compute (double            *values,
                             guint              n,
                             HpDurationSummary *out)
{
  double sum = 0.0;
  double mean;
  double squares = 0.0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n == 0 || values != NULL);

  out->count = n;
  if (n == 0)
    {
      out->mean = out->min = out->max = out->median = NAN;
      out->p95 = out->p99 = out->stddev = NAN;
      return;
    }

  qsort (values, n, sizeof (double), compare_doubles);

  for (guint i = 0; i < n; i++)
    sum += values[i];
  mean = sum / n;

  /* Two passes: the one-pass formula loses precision on long runs. */
  for (guint i = 0; i < n; i++)
    squares += (values[i] - mean) * (values[i] - mean);

  out->mean = mean;
  out->min = values[0];
  out->max = values[n - 1];
  out->median = hp_percentile_sorted (values, n, 0.5);
  out->p95 = hp_percentile_sorted (values, n, 0.95);
  out->p99 = hp_percentile_sorted (values, n, 0.99);
  out->stddev = n > 1 ? sqrt (squares / (n - 1)) : 0.0;
}
