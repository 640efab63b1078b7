/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Descriptive statistics of a set of durations (microseconds).
 * Percentiles interpolate linearly between closest ranks, h = (n − 1)·p
 * (numpy's default); stddev is the sample standard deviation (n − 1),
 * 0 for a single value. With count == 0 every figure is NaN. */
typedef struct {
  guint  count;
  double mean;
  double min;
  double max;
  double median;
  double p95;
  double p99;
  double stddev;
} HpDurationSummary;

double hp_percentile_sorted       (const double      *sorted,
                                   guint              n,
                                   double             p);
void   hp_duration_summary_compute (double            *values,
                                    guint              n,
                                    HpDurationSummary *out);

G_END_DECLS
