/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Mann–Kendall test for a monotonic trend in a series taken in time
 * order: S = Σ_{i<j} sign(x_j − x_i); its variance under "no trend" with
 * the tie correction, n(n−1)(2n+5)/18 − Σ_ties t(t−1)(2t+5)/18; Z with the
 * continuity correction, (S − 1)/√Var for S > 0, (S + 1)/√Var for S < 0,
 * 0 for S = 0; and the two-sided p-value from the normal distribution,
 * erfc(|Z|/√2). With fewer than 2 values, or all values equal, the
 * variance is 0, Z is 0 and p is 1. */
typedef struct {
  guint  n;
  gint64 s;
  double variance;
  double z;
  double p_value;
} HpMannKendall;

void   hp_mann_kendall_compute (const double  *values,
                                guint          n,
                                HpMannKendall *out);

/* Sen's slope: the median of the slopes (y_j − y_i)/(x_j − x_i) over all
 * pairs i < j with x_i ≠ x_j, in units of y per unit of x. NaN when no
 * pair has distinct x. */
double hp_sen_slope            (const double  *x,
                                const double  *y,
                                guint          n);

G_END_DECLS
