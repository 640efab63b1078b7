/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trends: the Mann–Kendall test, Sen's slope, buckets per hour, day and
 * week in UTC and in a fixed-offset zone, the verdict and its "since",
 * all worked by hand. Normal-distribution tails come from printed tables
 * (Φ to 5 places), so p-values are checked to about 1e-3. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hp-cli-test-utils.h"
#include "hp-trend.h"

#define EPS   1e-9
#define MS    1000.0                             /* µs per millisecond */
#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR  (60 * MINUTE)
#define DAY   (24 * HOUR)
/* 2023-11-14 00:00:00 UTC, a Tuesday (1700000000 s is 22:13:20 that day:
 * 1700000000 − 80000 = 1699920000). */
#define T     (G_GINT64_CONSTANT (1699920000) * G_USEC_PER_SEC)
#define MONDAY_13_NOV (T - DAY)                  /* 1699833600 s */

/* ---- Mann–Kendall ------------------------------------------------------- */

static void
test_mk_rising (void)
{
  const double x[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  HpMannKendall mk;

  hp_mann_kendall_compute (x, 10, &mk);
  /* every one of the 10·9/2 = 45 pairs rises */
  g_assert_cmpuint (mk.n, ==, 10);
  g_assert_cmpint (mk.s, ==, 45);
  /* n(n−1)(2n+5)/18 = 10·9·25/18 = 125, no ties */
  g_assert_cmpfloat_with_epsilon (mk.variance, 125.0, EPS);
  /* Z = (45 − 1)/√125 = 44/11.18034 = 3.93548 */
  g_assert_cmpfloat_with_epsilon (mk.z, 3.93548, 1e-5);
  /* p = 2(1 − Φ(3.9355)); tail ≈ φ(z)/z·(1 − 1/z² + 3/z⁴),
   * φ = e^−7.744/√(2π) = 1.7288e-4 → tail 4.164e-5 → p ≈ 8.33e-5 */
  g_assert_cmpfloat (mk.p_value, >, 8.2e-5);
  g_assert_cmpfloat (mk.p_value, <, 8.45e-5);
}

static void
test_mk_falling (void)
{
  const double x[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
  HpMannKendall mk;

  hp_mann_kendall_compute (x, 10, &mk);
  /* the mirror image: S = −45, Z = (−45 + 1)/√125 */
  g_assert_cmpint (mk.s, ==, -45);
  g_assert_cmpfloat_with_epsilon (mk.z, -3.93548, 1e-5);
  g_assert_cmpfloat (mk.p_value, >, 8.2e-5);
  g_assert_cmpfloat (mk.p_value, <, 8.45e-5);
}

static void
test_mk_flat (void)
{
  const double x[] = { 5, 5, 5, 5, 5, 5 };
  HpMannKendall mk;

  hp_mann_kendall_compute (x, 6, &mk);
  /* no pair differs: S = 0. Var: n(n−1)(2n+5) = 6·5·17 = 510, less the
   * one tie group of t = 6: 6·5·17 = 510 → 0. Z = 0, p = 1. */
  g_assert_cmpint (mk.s, ==, 0);
  g_assert_cmpfloat (mk.variance, ==, 0.0);
  g_assert_cmpfloat (mk.z, ==, 0.0);
  g_assert_cmpfloat (mk.p_value, ==, 1.0);
}

static void
test_mk_noisy (void)
{
  const double x[] = { 5, 3, 8, 6, 9, 7 };
  HpMannKendall mk;

  hp_mann_kendall_compute (x, 6, &mk);
  /* S by rows i: 5 → (3−, 8+, 6+, 9+, 7+) = 3; 3 → 4 rises = 4;
   * 8 → (6−, 9+, 7−) = −1; 6 → (9+, 7+) = 2; 9 → (7−) = −1.
   * S = 3 + 4 − 1 + 2 − 1 = 7 */
  g_assert_cmpint (mk.s, ==, 7);
  /* Var = 6·5·17/18 = 510/18 = 28.3333 */
  g_assert_cmpfloat_with_epsilon (mk.variance, 510.0 / 18.0, EPS);
  /* Z = 6/√28.3333 = 6/5.32291 = 1.12720 */
  g_assert_cmpfloat_with_epsilon (mk.z, 1.12720, 1e-5);
  /* Φ(1.12) = 0.86864, Φ(1.13) = 0.87076 → Φ(1.1272) = 0.87017;
   * p = 2·0.12983 = 0.2597 */
  g_assert_cmpfloat_with_epsilon (mk.p_value, 0.2597, 1e-3);
}

static void
test_mk_ties (void)
{
  const double x[] = { 1, 2, 2, 4, 3, 3 };
  const double three[] = { 1, 1, 1, 2 };
  HpMannKendall mk;

  hp_mann_kendall_compute (x, 6, &mk);
  /* rows: 1 → 5 rises = 5; 2 → (2 tie, 4+, 3+, 3+) = 3; 2 → 3 rises = 3;
   * 4 → (3−, 3−) = −2; 3 → (3 tie) = 0. S = 9 */
  g_assert_cmpint (mk.s, ==, 9);
  /* 510 less two groups of t = 2, each 2·1·9 = 18: (510 − 36)/18 = 474/18 */
  g_assert_cmpfloat_with_epsilon (mk.variance, 474.0 / 18.0, EPS);
  /* Z = 8/√26.3333 = 8/5.13160 = 1.55897 */
  g_assert_cmpfloat_with_epsilon (mk.z, 1.55897, 1e-5);
  /* Φ(1.55) = 0.93943, Φ(1.56) = 0.94062 → Φ(1.55897) = 0.94050; p = 0.1190 */
  g_assert_cmpfloat_with_epsilon (mk.p_value, 0.1190, 1e-3);

  hp_mann_kendall_compute (three, 4, &mk);
  /* rows: 1 → (0, 0, +) = 1; 1 → (0, +) = 1; 1 → (+) = 1. S = 3.
   * Var: 4·3·13 = 156 less t = 3: 3·2·11 = 66 → 90/18 = 5 */
  g_assert_cmpint (mk.s, ==, 3);
  g_assert_cmpfloat_with_epsilon (mk.variance, 5.0, EPS);
  /* Z = 2/√5 = 0.894427; Φ(0.89) = 0.81327, Φ(0.90) = 0.81594 →
   * Φ(0.8944) = 0.81444; p = 0.3711 */
  g_assert_cmpfloat_with_epsilon (mk.z, 0.894427, 1e-6);
  g_assert_cmpfloat_with_epsilon (mk.p_value, 0.3711, 1e-3);
}

static void
test_mk_short (void)
{
  const double one[] = { 3 };
  HpMannKendall mk;

  hp_mann_kendall_compute (NULL, 0, &mk);
  g_assert_cmpuint (mk.n, ==, 0);
  g_assert_cmpfloat (mk.p_value, ==, 1.0);
  hp_mann_kendall_compute (one, 1, &mk);
  g_assert_cmpint (mk.s, ==, 0);
  g_assert_cmpfloat (mk.variance, ==, 0.0);
  g_assert_cmpfloat (mk.p_value, ==, 1.0);
}

/* ---- Sen's slope -------------------------------------------------------- */

static void
test_sen_even (void)
{
  const double x[] = { 0, 1, 2, 3 };
  const double y[] = { 1, 3, 2, 6 };

  /* slopes: (0,1) 2; (0,2) 1/2; (0,3) 5/3; (1,2) −1; (1,3) 3/2; (2,3) 4.
   * sorted −1, 0.5, 1.5, 1.6667, 2, 4 → median (1.5 + 5/3)/2 = 1.58333 */
  g_assert_cmpfloat_with_epsilon (hp_sen_slope (x, y, 4), (1.5 + 5.0 / 3.0) / 2.0, EPS);
}

static void
test_sen_odd_and_ties (void)
{
  const double x3[] = { 0, 1, 2 };
  const double y3[] = { 0, 2, 1 };
  const double same_x[] = { 0, 0, 1 };
  const double y_same[] = { 0, 5, 1 };
  const double all_same[] = { 2, 2, 2 };
  const double tied_x[] = { 0, 1, 2, 3, 4, 5 };
  const double tied_y[] = { 1, 2, 2, 4, 3, 3 };

  /* slopes 2, 1/2, −1 → median 0.5 */
  g_assert_cmpfloat_with_epsilon (hp_sen_slope (x3, y3, 3), 0.5, EPS);
  /* the pair with equal x is left out: (0,2) 1, (1,2) −4 → −1.5 */
  g_assert_cmpfloat_with_epsilon (hp_sen_slope (same_x, y_same, 3), -1.5, EPS);
  /* no pair with distinct x */
  g_assert_true (isnan (hp_sen_slope (all_same, y3, 3)));
  g_assert_true (isnan (hp_sen_slope (x3, y3, 1)));
  /* the tied series of test_mk_ties at x = 0…5; the 15 slopes sorted:
   * −1, −.5, 0, 0, .25, 1/3, 1/3, .4, .5, .5, .5, 1, 1, 1, 2 → 8th = 0.4 */
  g_assert_cmpfloat_with_epsilon (hp_sen_slope (tied_x, tied_y, 6), 0.4, EPS);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The selection inside hp_sen_slope() against a plain sort of the same
 * slopes, on pseudo-random series with many repeated values. */
static void
test_sen_matches_sort (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 20; round++)
    {
      guint n = 2 + g_rand_int_range (rand, 0, 60);
      g_autofree double *x = g_new (double, n);
      g_autofree double *y = g_new (double, n);
      g_autofree double *slopes = g_new (double, n * n);
      guint m = 0;
      double expected;

      for (guint i = 0; i < n; i++)
        {
          x[i] = g_rand_int_range (rand, 0, 10);
          y[i] = g_rand_int_range (rand, 0, 5);
        }
      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          if (x[i] != x[j])
            slopes[m++] = (y[j] - y[i]) / (x[j] - x[i]);
      if (m == 0)
        continue;
      qsort (slopes, m, sizeof (double), compare_doubles);
      expected = m % 2 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2.0;
      g_assert_cmpfloat_with_epsilon (hp_sen_slope (x, y, n), expected, EPS);
    }
}

/* ---- buckets ------------------------------------------------------------ */

/* Six runs around hour, day and week boundaries (values in ms):
 *   a 13 Nov 23:30 UTC  100      b 14 Nov 00:10  200
 *   c 14 Nov 00:50      400      d 14 Nov 01:00  300
 *   e 19 Nov 23:59:59   500 (Sunday)   f 20 Nov 00:00  600 (Monday) */
static const HpTrendPoint boundary_points[] = {
  { T - 30 * MINUTE, 100 * MS },
  { T + 10 * MINUTE, 200 * MS },
  { T + 50 * MINUTE, 400 * MS },
  { T + HOUR, 300 * MS },
  { T + 6 * DAY - G_USEC_PER_SEC, 500 * MS },
  { T + 6 * DAY, 600 * MS },
};

static void
assert_bucket (HpTrend *trend,
               guint    i,
               gint64   start_us,
               guint    count,
               double   mean_ms,
               double   p95_ms)
{
  const HpTrendBucket *b = hp_trend_get_bucket (trend, i);

  g_assert_cmpint (b->start_us, ==, start_us);
  g_assert_cmpuint (b->summary.count, ==, count);
  g_assert_cmpfloat_with_epsilon (b->summary.mean, mean_ms * MS, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->summary.p95, p95_ms * MS, 1e-6);
}

static void
test_buckets_utc (void)
{
  g_autoptr(HpTrend) hours = hp_trend_compute_points (boundary_points, 6, HP_TREND_BUCKET_HOUR, NULL, NULL);
  g_autoptr(HpTrend) days = hp_trend_compute_points (boundary_points, 6, HP_TREND_BUCKET_DAY, NULL, NULL);
  g_autoptr(HpTrend) weeks = hp_trend_compute_points (boundary_points, 6, HP_TREND_BUCKET_WEEK, NULL, NULL);
  const HpTrendBucket *b;

  /* hours: [23:00) a; [00:00) b, c; [01:00) d (01:00 starts a new hour);
   * [19 Nov 23:00) e; [20 Nov 00:00) f */
  g_assert_cmpuint (hp_trend_get_n_buckets (hours), ==, 5);
  assert_bucket (hours, 0, T - HOUR, 1, 100, 100);
  /* b, c: mean 300; p95: h = 0.95 → 200 + 0.95·200 = 390 */
  assert_bucket (hours, 1, T, 2, 300, 390);
  assert_bucket (hours, 2, T + HOUR, 1, 300, 300);
  assert_bucket (hours, 3, T + 6 * DAY - HOUR, 1, 500, 500);
  assert_bucket (hours, 4, T + 6 * DAY, 1, 600, 600);
  g_assert_cmpint (hp_trend_get_bucket (hours, 1)->end_us, ==, T + HOUR);

  /* days: 13 Nov a; 14 Nov b, c, d; 19 Nov e; 20 Nov f */
  g_assert_cmpuint (hp_trend_get_n_buckets (days), ==, 4);
  assert_bucket (days, 0, T - DAY, 1, 100, 100);
  /* 200, 300, 400: mean 300; p95 h = 2·0.95 = 1.9 → 300 + 0.9·100 = 390;
   * σ = √((100² + 0 + 100²)/2) = 100 */
  assert_bucket (days, 1, T, 3, 300, 390);
  b = hp_trend_get_bucket (days, 1);
  g_assert_cmpfloat_with_epsilon (b->summary.stddev, 100 * MS, 1e-6);
  g_assert_cmpint (b->end_us, ==, T + DAY);
  g_assert_cmpuint (b->first_point, ==, 1);
  assert_bucket (days, 2, T + 5 * DAY, 1, 500, 500);
  assert_bucket (days, 3, T + 6 * DAY, 1, 600, 600);

  /* weeks from Monday 13 Nov: a–e (Sunday 23:59:59 still in it); f */
  g_assert_cmpuint (hp_trend_get_n_buckets (weeks), ==, 2);
  /* 100, 200, 400, 300, 500: mean 300; sorted p95 h = 3.8 → 400 + 80 = 480 */
  assert_bucket (weeks, 0, MONDAY_13_NOV, 5, 300, 480);
  b = hp_trend_get_bucket (weeks, 0);
  /* p99 h = 3.96 → 496; σ = √((200² + 100² + 0 + 100² + 200²)/4) = √25000 = 158.114 */
  g_assert_cmpfloat_with_epsilon (b->summary.p99, 496 * MS, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->summary.stddev, 158.113883 * MS, 1e-3);
  g_assert_cmpint (b->end_us, ==, MONDAY_13_NOV + 7 * DAY);
  assert_bucket (weeks, 1, MONDAY_13_NOV + 7 * DAY, 1, 600, 600);
}

static void
test_buckets_offset_zone (void)
{
  /* UTC+05:30: a 14 Nov 05:00, b 05:40, c 06:20, d 06:30 local;
   * e 20 Nov 05:29:59 (Monday now), f 20 Nov 05:30 */
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (5 * 3600 + 30 * 60);
  g_autoptr(HpTrend) hours = hp_trend_compute_points (boundary_points, 6, HP_TREND_BUCKET_HOUR, tz, NULL);
  g_autoptr(HpTrend) days = hp_trend_compute_points (boundary_points, 6, HP_TREND_BUCKET_DAY, tz, NULL);
  g_autoptr(HpTrend) weeks = hp_trend_compute_points (boundary_points, 6, HP_TREND_BUCKET_WEEK, tz, NULL);
  gint64 half = 30 * MINUTE;
  gint64 offset = 5 * HOUR + half;

  /* local hours start at :30 UTC: [05:00 = 23:30 UTC) a, b; [06:00) c, d;
   * [20 Nov 05:00 = 19 Nov 23:30 UTC) e, f */
  g_assert_cmpuint (hp_trend_get_n_buckets (hours), ==, 3);
  assert_bucket (hours, 0, T - half, 2, 150, 195);        /* 100, 200: 100 + 0.95·100 */
  assert_bucket (hours, 1, T + half, 2, 350, 395);        /* 300, 400 */
  assert_bucket (hours, 2, T + 6 * DAY - half, 2, 550, 595);

  /* local days: 14 Nov (from 13 Nov 18:30 UTC) a–d; 20 Nov e, f */
  g_assert_cmpuint (hp_trend_get_n_buckets (days), ==, 2);
  /* 100, 200, 300, 400: mean 250; p95 h = 2.85 → 300 + 85 = 385 */
  assert_bucket (days, 0, T - offset, 4, 250, 385);
  assert_bucket (days, 1, T + 6 * DAY - offset, 2, 550, 595);

  /* local weeks: Monday 13 Nov 00:00 local = 12 Nov 18:30 UTC: a–d;
   * Monday 20 Nov local: e, f (e is Sunday in UTC but Monday here) */
  g_assert_cmpuint (hp_trend_get_n_buckets (weeks), ==, 2);
  assert_bucket (weeks, 0, MONDAY_13_NOV - offset, 4, 250, 385);
  assert_bucket (weeks, 1, MONDAY_13_NOV + 7 * DAY - offset, 2, 550, 595);
}

static void
test_bucket_edges (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (-8 * 3600);
  /* a year GDateTime cannot hold (56000): plain UTC days, no crash */
  gint64 far = G_GINT64_CONSTANT (1705000000000000000);
  const HpTrendPoint bad[] = {
    { HP_TIME_UNKNOWN, 5 * MS },        /* no time: left out */
    { T, NAN },                         /* no value: left out */
    { T + HOUR, 7 * MS },
  };
  g_autoptr(HpTrend) trend = hp_trend_compute_points (bad, 3, HP_TREND_BUCKET_DAY, NULL, NULL);

  g_assert_cmpint (hp_trend_bucket_start (far, HP_TREND_BUCKET_DAY, NULL), ==, far - far % DAY);
  g_assert_cmpint (hp_trend_bucket_next (far - far % DAY, HP_TREND_BUCKET_DAY, NULL), ==,
                   far - far % DAY + DAY);
  /* UTC−8: 14 Nov 00:00 UTC is 13 Nov 16:00 local; the day began at 08:00 UTC
   * on 13 Nov and the next at 08:00 UTC on 14 Nov */
  g_assert_cmpint (hp_trend_bucket_start (T, HP_TREND_BUCKET_DAY, tz), ==, T - 16 * HOUR);
  g_assert_cmpint (hp_trend_bucket_next (T - 16 * HOUR, HP_TREND_BUCKET_DAY, tz), ==, T + 8 * HOUR);

  g_assert_cmpuint (hp_trend_get_n_points (trend), ==, 1);
  g_assert_cmpuint (hp_trend_get_n_buckets (trend), ==, 1);
  g_assert_cmpint (hp_trend_get_point (trend, 0)->time_us, ==, T + HOUR);
}

static void
test_choose_bucket_size (void)
{
  /* 5 hours: 6 hour periods (< 8), but the finest with ≤ 60 */
  g_assert_cmpint (hp_trend_choose_bucket_size (T, T + 5 * HOUR, NULL), ==, HP_TREND_BUCKET_HOUR);
  /* 30 hours: 31 hour periods */
  g_assert_cmpint (hp_trend_choose_bucket_size (T, T + 30 * HOUR, NULL), ==, HP_TREND_BUCKET_HOUR);
  /* 59 h 59 min from 00:00: hours 0…59 = 60 periods, still hours */
  g_assert_cmpint (hp_trend_choose_bucket_size (T, T + 60 * HOUR - 1, NULL), ==, HP_TREND_BUCKET_HOUR);
  /* 3 days: 73 hours (> 60), 4 days (< 8): days, the finest with ≤ 60 */
  g_assert_cmpint (hp_trend_choose_bucket_size (T, T + 3 * DAY, NULL), ==, HP_TREND_BUCKET_DAY);
  /* 11 days: 12 days */
  g_assert_cmpint (hp_trend_choose_bucket_size (T, T + 11 * DAY, NULL), ==, HP_TREND_BUCKET_DAY);
  /* 200 days: 201 days (> 60), weeks 13 Nov … 1 Jun = 29 */
  g_assert_cmpint (hp_trend_choose_bucket_size (T, T + 200 * DAY, NULL), ==, HP_TREND_BUCKET_WEEK);
  /* ten years: 522 weeks, still weeks */
  g_assert_cmpint (hp_trend_choose_bucket_size (T, T + 3650 * DAY, NULL), ==, HP_TREND_BUCKET_WEEK);
  /* one moment: 1 hour period */
  g_assert_cmpint (hp_trend_choose_bucket_size (T, T, NULL), ==, HP_TREND_BUCKET_HOUR);
}

/* ---- verdict and "since" ------------------------------------------------ */

/* One run a day at noon UTC from 14 Nov on, @values in ms. */
static HpTrend *
daily_trend (const double         *values,
             guint                 n,
             const HpTrendOptions *options)
{
  g_autofree HpTrendPoint *points = g_new (HpTrendPoint, n);

  for (guint i = 0; i < n; i++)
    points[i] = (HpTrendPoint) { T + i * DAY + 12 * HOUR, values[i] * MS };
  return hp_trend_compute_points (points, n, HP_TREND_BUCKET_DAY, NULL, options);
}

static void
test_verdict_rising (void)
{
  /* six days at 100 ms, then 200 rising by 10 a day */
  const double v[] = { 100, 100, 100, 100, 100, 100, 200, 210, 220, 230, 240, 250 };
  g_autoptr(HpTrend) trend = daily_trend (v, 12, NULL);
  const HpMannKendall *mk = hp_trend_get_mann_kendall (trend);

  /* S: flat pairs 15 × 0, pairs in the rise 15 × +1, across 6·6 = 36 × +1 → 51.
   * Var: 12·11·29 = 3828 less the six ties 6·5·17 = 510 → 3318/18 = 184.333.
   * Z = 50/√184.333 = 50/13.5769 = 3.6827, p ≈ 2.3e-4 */
  g_assert_cmpint (mk->s, ==, 51);
  g_assert_cmpfloat_with_epsilon (mk->variance, 3318.0 / 18.0, EPS);
  g_assert_cmpfloat_with_epsilon (mk->z, 3.6827, 1e-4);
  g_assert_cmpfloat (hp_trend_get_p_value (trend), <, 0.001);
  /* Sen: 66 slopes (ms/day): 15 zeros, 15 tens, 36 across, each
   * (100 + 10k)/(6 + k − i) for k = 0…5 in the rise and i = 0…5 before;
   * the smallest across: 150/11 = 13.64, 140/10 = 14, 130/9 = 14.44,
   * 120/8 = 15 (and 150/10 = 15). Median = mean of the 33rd and 34th,
   * the 3rd and 4th across: (130/9 + 15)/2 = 14.7222 ms/day */
  g_assert_cmpfloat_with_epsilon (hp_trend_get_slope_us_per_day (trend), (130.0 / 9.0 + 15.0) / 2.0 * MS, 1e-6);
  /* over 11 days: 161.94 ms > the 50 ms noise floor */
  g_assert_cmpfloat_with_epsilon (hp_trend_get_change_us (trend), 11 * (130.0 / 9.0 + 15.0) / 2.0 * MS, 1e-6);
  g_assert_cmpint (hp_trend_get_verdict (trend), ==, HP_TREND_VERDICT_SLOWER);
  /* since: for k = 1…5 the lowest later mean is 100, not above the earlier
   * median 100; k = 6: the lowest mean from day 6 on is 200 > 100 →
   * day 6 (20 Nov) 00:00 */
  g_assert_cmpint (hp_trend_get_since_us (trend), ==, T + 6 * DAY);
  g_assert_cmpstr (hp_trend_verdict_to_string (hp_trend_get_verdict (trend)), ==, "slower");
}

static void
test_verdict_automatic_buckets (void)
{
  const double v[] = { 100, 100, 100, 100, 100, 100, 200, 210, 220, 230, 240, 250 };
  g_autofree HpTrendPoint *points = g_new (HpTrendPoint, 12);
  g_autoptr(HpTrend) trend = NULL;

  for (guint i = 0; i < 12; i++)
    points[i] = (HpTrendPoint) { T + i * DAY + 12 * HOUR, v[i] * MS };
  trend = hp_trend_compute_points (points, 12, HP_TREND_BUCKET_AUTOMATIC, NULL, NULL);
  /* 11 days apart: 265 hours (> 60), 12 days → days */
  g_assert_cmpint (hp_trend_get_bucket_size (trend), ==, HP_TREND_BUCKET_DAY);
  g_assert_cmpuint (hp_trend_get_n_buckets (trend), ==, 12);
  g_assert_cmpint (hp_trend_get_since_us (trend), ==, T + 6 * DAY);
  g_assert_cmpstr (hp_trend_bucket_size_to_string (HP_TREND_BUCKET_AUTOMATIC), ==, "automatic");
}

static void
test_verdict_falling (void)
{
  /* the mirror image 400 − v: 300 for six days, then 200 falling by 10 */
  const double v[] = { 300, 300, 300, 300, 300, 300, 200, 190, 180, 170, 160, 150 };
  g_autoptr(HpTrend) trend = daily_trend (v, 12, NULL);

  g_assert_cmpint (hp_trend_get_mann_kendall (trend)->s, ==, -51);
  g_assert_cmpfloat_with_epsilon (hp_trend_get_slope_us_per_day (trend), -(130.0 / 9.0 + 15.0) / 2.0 * MS, 1e-6);
  g_assert_cmpint (hp_trend_get_verdict (trend), ==, HP_TREND_VERDICT_FASTER);
  /* the highest mean from day 6 on is 200 < the earlier median 300 */
  g_assert_cmpint (hp_trend_get_since_us (trend), ==, T + 6 * DAY);
  g_assert_cmpstr (hp_trend_verdict_to_string (HP_TREND_VERDICT_FASTER), ==, "faster");
}

static void
test_verdict_flat_and_noisy (void)
{
  const double flat[] = { 80, 80, 80, 80, 80, 80 };
  const double noisy[] = { 500, 300, 800, 600, 900, 700 };
  g_autoptr(HpTrend) t_flat = daily_trend (flat, 6, NULL);
  g_autoptr(HpTrend) t_noisy = daily_trend (noisy, 6, NULL);

  /* S = 0, variance 0 (one tie group), p = 1, slope 0 */
  g_assert_cmpint (hp_trend_get_verdict (t_flat), ==, HP_TREND_VERDICT_NONE);
  g_assert_cmpfloat (hp_trend_get_p_value (t_flat), ==, 1.0);
  g_assert_cmpfloat (hp_trend_get_slope_us_per_day (t_flat), ==, 0.0);
  g_assert_cmpint (hp_trend_get_since_us (t_flat), ==, HP_TIME_UNKNOWN);
  /* test_mk_noisy × 100: p = 0.26, not significant */
  g_assert_cmpint (hp_trend_get_verdict (t_noisy), ==, HP_TREND_VERDICT_NONE);
  g_assert_cmpfloat_with_epsilon (hp_trend_get_p_value (t_noisy), 0.2597, 1e-3);
  g_assert_cmpstr (hp_trend_verdict_to_string (HP_TREND_VERDICT_NONE), ==, "none");
}

static void
test_verdict_noise_floor (void)
{
  const double slow_creep[] = { 100, 101, 102, 103, 104, 105, 106, 107, 108, 109 };
  const double fast_creep[] = { 100, 110, 120, 130, 140, 150, 160, 170, 180, 190 };
  g_autoptr(HpTrend) small = daily_trend (slow_creep, 10, NULL);
  g_autoptr(HpTrend) large = daily_trend (fast_creep, 10, NULL);

  /* both strictly rising: p ≈ 8.3e-5. +1 ms/day over 9 days = 9 ms, under
   * the 50 ms floor: no trend worth reporting */
  g_assert_cmpfloat (hp_trend_get_p_value (small), <, 1e-4);
  g_assert_cmpfloat_with_epsilon (hp_trend_get_slope_us_per_day (small), 1 * MS, 1e-6);
  g_assert_cmpfloat_with_epsilon (hp_trend_get_change_us (small), 9 * MS, 1e-6);
  g_assert_cmpint (hp_trend_get_verdict (small), ==, HP_TREND_VERDICT_NONE);
  /* +10 ms/day → 90 ms: slower, since day 1 (day 0's median 100 < 110) */
  g_assert_cmpint (hp_trend_get_verdict (large), ==, HP_TREND_VERDICT_SLOWER);
  g_assert_cmpint (hp_trend_get_since_us (large), ==, T + DAY);
}

static void
test_verdict_alpha (void)
{
  /* the tied series ×100 ms: p = 0.119 (test_mk_ties), Sen 0.4 → 40 ms/day,
   * over 5 days 200 ms */
  const double v[] = { 100, 200, 200, 400, 300, 300 };
  g_autoptr(HpTrend) strict = daily_trend (v, 6, NULL);
  g_autoptr(HpTrend) lenient = NULL;
  HpTrendOptions options;

  g_assert_cmpint (hp_trend_get_verdict (strict), ==, HP_TREND_VERDICT_NONE);
  g_assert_cmpfloat_with_epsilon (hp_trend_get_slope_us_per_day (strict), 40 * MS, 1e-6);

  hp_trend_options_init (&options);
  g_assert_cmpfloat (options.alpha, ==, 0.05);
  g_assert_cmpfloat (options.noise_floor_us, ==, 50 * MS);
  g_assert_cmpuint (options.min_runs, ==, 4);
  options.alpha = 0.2;
  lenient = daily_trend (v, 6, &options);
  g_assert_cmpint (hp_trend_get_verdict (lenient), ==, HP_TREND_VERDICT_SLOWER);
  /* since: k = 1: later means 200, 200, 400, 300, 300, lowest 200 > 100 →
   * day 1 */
  g_assert_cmpint (hp_trend_get_since_us (lenient), ==, T + DAY);
}

static void
test_since_whole_history (void)
{
  /* rising but starting high and ending low: no day from which every
   * later mean stays above the earlier median (the last, 120, is below
   * all but one earlier value), so "since" is the first day */
  const double v[] = { 150, 100, 200, 300, 400, 500, 600, 700, 800, 120 };
  g_autoptr(HpTrend) trend = daily_trend (v, 10, NULL);

  /* S by rows: 5 + 8 + 5 + 4 + 3 + 2 + 1 + 0 − 1 = 27; Z = 26/√125 = 2.3255;
   * Φ(2.32) = 0.98983, Φ(2.33) = 0.99010 → p = 2·0.01002 = 0.0200 */
  g_assert_cmpint (hp_trend_get_mann_kendall (trend)->s, ==, 27);
  g_assert_cmpfloat_with_epsilon (hp_trend_get_p_value (trend), 0.0200, 1e-3);
  g_assert_cmpint (hp_trend_get_verdict (trend), ==, HP_TREND_VERDICT_SLOWER);
  g_assert_cmpint (hp_trend_get_since_us (trend), ==, T);
}

static void
test_not_enough_runs (void)
{
  const double three[] = { 100, 200, 300 };
  const double four[] = { 100, 200, 300, 400 };
  g_autoptr(HpTrend) t3 = daily_trend (three, 3, NULL);
  g_autoptr(HpTrend) t4 = daily_trend (four, 4, NULL);
  g_autoptr(HpTrend) empty = hp_trend_compute_points (NULL, 0, HP_TREND_BUCKET_HOUR, NULL, NULL);

  /* 3 runs: buckets, but no test and no verdict */
  g_assert_cmpint (hp_trend_get_verdict (t3), ==, HP_TREND_VERDICT_NOT_ENOUGH_RUNS);
  g_assert_cmpuint (hp_trend_get_n_buckets (t3), ==, 3);
  g_assert_true (isnan (hp_trend_get_p_value (t3)));
  g_assert_true (isnan (hp_trend_get_slope_us_per_day (t3)));
  g_assert_cmpint (hp_trend_get_since_us (t3), ==, HP_TIME_UNKNOWN);
  g_assert_cmpstr (hp_trend_verdict_to_string (HP_TREND_VERDICT_NOT_ENOUGH_RUNS), ==, "not_enough_runs");
  /* 4 rising runs are tested: S = 6, Var = 4·3·13/18 = 8.667,
   * Z = 5/2.9439 = 1.6984, p = 2(1 − Φ(1.698)) ≈ 0.0894: no trend */
  g_assert_cmpint (hp_trend_get_verdict (t4), ==, HP_TREND_VERDICT_NONE);
  g_assert_cmpfloat_with_epsilon (hp_trend_get_p_value (t4), 0.0894, 1e-3);
  /* nothing at all */
  g_assert_cmpuint (hp_trend_get_n_points (empty), ==, 0);
  g_assert_cmpuint (hp_trend_get_n_buckets (empty), ==, 0);
  g_assert_cmpint (hp_trend_get_verdict (empty), ==, HP_TREND_VERDICT_NOT_ENOUGH_RUNS);
}

/* ---- from a profile ----------------------------------------------------- */

static void
add_run (HpProfile   *profile,
         const char  *id,
         int          day,
         HpRunStatus  status,
         double       execution_ms,
         HpNodeStatus a_status,
         double       a_ms)
{
  g_autoptr(HpRun) run = hp_run_new (id);
  g_autoptr(HpNodeRun) a = hp_node_run_new ("a", a_status);
  g_autoptr(GError) error = NULL;
  gint64 start = T + day * DAY;

  hp_run_set_status (run, status);
  hp_run_set_started_us (run, start);
  hp_run_set_finished_us (run, start + (gint64) (execution_ms * MS));
  hp_node_run_set_times (a, start, start + (gint64) (a_ms * MS));
  hp_run_add_node_run (run, a);
  g_assert_true (hp_profile_add_run (profile, run, &error));
  g_assert_no_error (error);
}

static void
test_from_profile (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(HpTrend) whole = NULL;
  g_autoptr(HpTrend) node = NULL;
  g_autoptr(HpTrend) unknown = NULL;

  /* r3 failed (left out of the whole run, its completed node counts);
   * r4 has "a" cached (left out for "a", the run counts) */
  add_run (profile, "r1", 0, HP_RUN_STATUS_SUCCEEDED, 1000, HP_NODE_STATUS_COMPLETED, 400);
  add_run (profile, "r2", 1, HP_RUN_STATUS_SUCCEEDED, 1100, HP_NODE_STATUS_COMPLETED, 500);
  add_run (profile, "r3", 2, HP_RUN_STATUS_FAILED, 300, HP_NODE_STATUS_COMPLETED, 600);
  add_run (profile, "r4", 3, HP_RUN_STATUS_SUCCEEDED, 1200, HP_NODE_STATUS_CACHED, 0);
  add_run (profile, "r5", 4, HP_RUN_STATUS_SUCCEEDED, 1300, HP_NODE_STATUS_COMPLETED, 700);

  whole = hp_trend_compute (profile, NULL, HP_TREND_BUCKET_DAY, NULL, NULL);
  g_assert_null (hp_trend_get_node_id (whole));
  g_assert_cmpuint (hp_trend_get_n_points (whole), ==, 4);   /* r1, r2, r4, r5 */
  g_assert_cmpfloat (hp_trend_get_point (whole, 2)->value_us, ==, 1200 * MS);
  g_assert_cmpint (hp_trend_get_point (whole, 2)->time_us, ==, T + 3 * DAY);
  /* 4 rising: S = 6, p ≈ 0.089 → none */
  g_assert_cmpint (hp_trend_get_verdict (whole), ==, HP_TREND_VERDICT_NONE);

  node = hp_trend_compute (profile, "a", HP_TREND_BUCKET_WEEK, NULL, NULL);
  g_assert_cmpstr (hp_trend_get_node_id (node), ==, "a");
  g_assert_cmpint (hp_trend_get_bucket_size (node), ==, HP_TREND_BUCKET_WEEK);
  g_assert_cmpuint (hp_trend_get_n_points (node), ==, 4);    /* r1, r2, r3, r5 */
  g_assert_cmpfloat (hp_trend_get_point (node, 2)->value_us, ==, 600 * MS);
  /* 14–18 Nov: one week, mean (400 + 500 + 600 + 700)/4 = 550 */
  g_assert_cmpuint (hp_trend_get_n_buckets (node), ==, 1);
  g_assert_cmpfloat_with_epsilon (hp_trend_get_bucket (node, 0)->summary.mean, 550 * MS, 1e-6);

  g_assert_true (isnan (hp_trend_run_value_us (hp_profile_get_run (profile, 2), NULL)));
  g_assert_true (isnan (hp_trend_run_value_us (hp_profile_get_run (profile, 3), "a")));
  g_assert_cmpfloat (hp_trend_run_value_us (hp_profile_get_run (profile, 0), "a"), ==, 400 * MS);

  /* an unknown node: an empty series */
  unknown = hp_trend_compute (profile, "nope", HP_TREND_BUCKET_DAY, NULL, NULL);
  g_assert_cmpuint (hp_trend_get_n_points (unknown), ==, 0);
  g_assert_cmpint (hp_trend_get_verdict (unknown), ==, HP_TREND_VERDICT_NOT_ENOUGH_RUNS);
}

/* ---- hotpath-cli report ------------------------------------------------- */

static char *
run_report (const char *fixture,
            const char *format)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", fixture, NULL);
  g_auto(HpCliResult) result = { 0 };

  hp_cli_run (&result, "report", "--format", format, path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  return g_steal_pointer (&result.out);
}

static JsonObject *
trend_member (JsonArray *trends,
              guint      i)
{
  return json_array_get_object_element (trends, i);
}

/* trend-rising.hotpath (worked in tests/test-trend-chart.c): Sample rises
 * 100 ms/day from 2 Nov with p < 0.001; Load repeats 1000, 1010, 990
 * (p = 0.87); Save is always 200 ms (all ties: S = 0, p = 1). */
static void
test_cli_report (void)
{
  g_autofree char *json = run_report ("trend-rising.hotpath", "json");
  g_autofree char *text = run_report ("trend-rising.hotpath", "text");
  g_autofree char *small = run_report ("cli-small.hotpath", "text");
  g_autofree char *small_json = run_report ("cli-small.hotpath", "json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *trends;
  JsonObject *t;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  trends = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "trends");
  /* the whole run, then the three nodes (36 runs each: all have enough) */
  g_assert_cmpuint (json_array_get_length (trends), ==, 4);

  t = trend_member (trends, 0);
  g_assert_true (json_object_get_null_member (t, "node"));
  g_assert_cmpstr (json_object_get_string_member (t, "verdict"), ==, "slower");
  g_assert_cmpint (json_object_get_int_member (t, "runs"), ==, 36);
  g_assert_cmpfloat (json_object_get_double_member (t, "p_value"), <, 0.001);
  g_assert_cmpstr (json_object_get_string_member (t, "since"), ==, "2023-11-02T00:00:00.000Z");

  t = trend_member (trends, 1);
  g_assert_cmpstr (json_object_get_string_member (t, "node"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (t, "verdict"), ==, "none");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t, "p_value"), 0.8732, 1e-3);
  g_assert_true (json_object_get_null_member (t, "since"));

  t = trend_member (trends, 2);
  g_assert_cmpstr (json_object_get_string_member (t, "node"), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (t, "verdict"), ==, "slower");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t, "slope_ms_per_day"), 100.0, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (t, "since"), ==, "2023-11-02T00:00:00.000Z");

  t = trend_member (trends, 3);
  g_assert_cmpstr (json_object_get_string_member (t, "node"), ==, "3");
  g_assert_cmpstr (json_object_get_string_member (t, "verdict"), ==, "none");
  g_assert_cmpfloat (json_object_get_double_member (t, "p_value"), ==, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (t, "slope_ms_per_day"), ==, 0.0);

  g_assert_nonnull (strstr (text, "\nTrend of the whole run: getting slower since 2023-11-02: +"));
  g_assert_nonnull (strstr (text, "/day (p < 0.001)\n"));

  /* cli-small.hotpath: 3 succeeded runs (r3 failed), nodes with at most 3
   * executed runs: only the whole run is listed, without a verdict */
  g_assert_nonnull (strstr (small, "\nTrend of the whole run: not enough runs (3 successful runs)\n"));
  g_assert_true (json_parser_load_from_data (parser, small_json, -1, &error));
  g_assert_no_error (error);
  trends = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "trends");
  g_assert_cmpuint (json_array_get_length (trends), ==, 1);
  t = trend_member (trends, 0);
  g_assert_cmpstr (json_object_get_string_member (t, "verdict"), ==, "not_enough_runs");
  g_assert_true (json_object_get_null_member (t, "p_value"));
  g_assert_true (json_object_get_null_member (t, "slope_ms_per_day"));
  g_assert_true (json_object_get_null_member (t, "since"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trends/mann-kendall/rising", test_mk_rising);
  g_test_add_func ("/trends/mann-kendall/falling", test_mk_falling);
  g_test_add_func ("/trends/mann-kendall/flat", test_mk_flat);
  g_test_add_func ("/trends/mann-kendall/noisy", test_mk_noisy);
  g_test_add_func ("/trends/mann-kendall/ties", test_mk_ties);
  g_test_add_func ("/trends/mann-kendall/short", test_mk_short);
  g_test_add_func ("/trends/sen/even", test_sen_even);
  g_test_add_func ("/trends/sen/odd-and-ties", test_sen_odd_and_ties);
  g_test_add_func ("/trends/sen/matches-sort", test_sen_matches_sort);
  g_test_add_func ("/trends/buckets/utc", test_buckets_utc);
  g_test_add_func ("/trends/buckets/offset-zone", test_buckets_offset_zone);
  g_test_add_func ("/trends/buckets/edges", test_bucket_edges);
  g_test_add_func ("/trends/buckets/automatic", test_choose_bucket_size);
  g_test_add_func ("/trends/verdict/rising", test_verdict_rising);
  g_test_add_func ("/trends/verdict/automatic-buckets", test_verdict_automatic_buckets);
  g_test_add_func ("/trends/verdict/falling", test_verdict_falling);
  g_test_add_func ("/trends/verdict/flat-and-noisy", test_verdict_flat_and_noisy);
  g_test_add_func ("/trends/verdict/noise-floor", test_verdict_noise_floor);
  g_test_add_func ("/trends/verdict/alpha", test_verdict_alpha);
  g_test_add_func ("/trends/verdict/since-whole-history", test_since_whole_history);
  g_test_add_func ("/trends/verdict/not-enough-runs", test_not_enough_runs);
  g_test_add_func ("/trends/profile", test_from_profile);
  g_test_add_func ("/trends/cli-report", test_cli_report);

  return g_test_run ();
}
