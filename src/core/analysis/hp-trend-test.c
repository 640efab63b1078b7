/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-trend-test.h"

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
 * hp_mann_kendall_compute:
 * @values: (array length=n): the series in time order (no NaN)
 * @n: how many values
 * @out: (out caller-allocates): the test's figures
 *
 * Tests @values for a monotonic trend (see #HpMannKendall).
 */
void
hp_mann_kendall_compute (const double  *values,
                         guint          n,
                         HpMannKendall *out)
{
  g_autofree double *sorted = NULL;
  double variance;
  gint64 s = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n == 0 || values != NULL);

  out->n = n;
  out->s = 0;
  out->variance = 0.0;
  out->z = 0.0;
  out->p_value = 1.0;
  if (n < 2)
    return;

  for (guint i = 0; i + 1 < n; i++)
    for (guint j = i + 1; j < n; j++)
      s += (values[j] > values[i]) - (values[j] < values[i]);

  /* n(n−1)(2n+5) less the same term for every group of t equal values. */
  variance = (double) n * (n - 1) * (2.0 * n + 5);
  sorted = g_memdup2 (values, sizeof (double) * n);
  qsort (sorted, n, sizeof (double), compare_doubles);
  for (guint i = 0; i < n;)
    {
      guint t = 1;

      while (i + t < n && sorted[i + t] == sorted[i])
        t++;
      if (t > 1)
        variance -= (double) t * (t - 1) * (2.0 * t + 5);
      i += t;
    }
  variance /= 18.0;

  out->s = s;
  out->variance = variance;
  if (variance <= 0.0 || s == 0)
    return;

  out->z = (s > 0 ? s - 1 : s + 1) / sqrt (variance);
  out->p_value = erfc (fabs (out->z) / G_SQRT2);
}

/* Rearranges @a so that a[k] is the value a full sort would put there,
 * with nothing larger before it and nothing smaller after it (Wirth's
 * selection: linear on average, where sorting every slope would not be). */
static void
select_nth (double *a,
            gssize  n,
            gssize  k)
{
  gssize lo = 0;
  gssize hi = n - 1;

  g_assert (k >= 0 && k < n);

  while (lo < hi)
    {
      double pivot = a[k];
      gssize i = lo;
      gssize j = hi;

      do
        {
          while (a[i] < pivot)
            i++;
          while (pivot < a[j])
            j--;
          if (i <= j)
            {
              double tmp = a[i];

              a[i] = a[j];
              a[j] = tmp;
              i++;
              j--;
            }
        }
      while (i <= j);
      if (j < k)
        lo = i;
      if (k < i)
        hi = j;
    }
}

/**
 * hp_sen_slope:
 * @x: (array length=n): positions, e.g. days
 * @y: (array length=n): values at them
 * @n: how many points
 *
 * Returns: the median of the pairwise slopes (robust against outliers,
 *   unlike a least-squares fit), NaN when no two points differ in @x
 */
double
hp_sen_slope (const double *x,
              const double *y,
              guint         n)
{
  g_autofree double *slopes = NULL;
  gssize m = 0;
  gssize k;
  double upper;

  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NAN);

  if (n < 2)
    return NAN;

  slopes = g_new (double, (gsize) n * (n - 1) / 2);
  for (guint i = 0; i + 1 < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (x[j] != x[i])
        slopes[m++] = (y[j] - y[i]) / (x[j] - x[i]);
  if (m == 0)
    return NAN;

  k = m / 2;
  select_nth (slopes, m, k);
  if (m % 2 == 1)
    return slopes[k];

  /* Even count: the mean of the two middle slopes; the lower one is the
   * largest of those select_nth left below k. */
  upper = slopes[k];
  select_nth (slopes, k, k - 1);
  return (slopes[k - 1] + upper) / 2.0;
}
