/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-duration-summary.h"
#include "hp-profile.h"
#include "hp-trend-test.h"

G_BEGIN_DECLS

/* How long one bucket of the trend is, in the time zone given. Hours
 * start on the hour, days at midnight, weeks on Monday at midnight.
 * Automatic picks one of them from the span of the runs (see
 * hp_trend_choose_bucket_size()). */
typedef enum {
  HP_TREND_BUCKET_HOUR,
  HP_TREND_BUCKET_DAY,
  HP_TREND_BUCKET_WEEK,
  HP_TREND_BUCKET_AUTOMATIC,
} HpTrendBucketSize;

typedef enum {
  HP_TREND_VERDICT_NOT_ENOUGH_RUNS,
  HP_TREND_VERDICT_NONE,
  HP_TREND_VERDICT_SLOWER,
  HP_TREND_VERDICT_FASTER,
} HpTrendVerdict;

/* The limits of the verdict; docs/analysis.md explains each one. */
typedef struct {
  double alpha;           /* significant when p is below this        (0.05) */
  double noise_floor_us;  /* the change over the span must exceed it (50 ms) */
  guint  min_runs;        /* fewer runs give no verdict              (4) */
} HpTrendOptions;

/* Buckets with fewer or more periods than these are avoided by
 * hp_trend_choose_bucket_size(). */
#define HP_TREND_AUTO_MIN_BUCKETS 8
#define HP_TREND_AUTO_MAX_BUCKETS 60
/* Only the latest runs take part in the test (it compares every pair). */
#define HP_TREND_MAX_TEST_RUNS 2000

/* One run of the series: when it started and its duration (µs). */
typedef struct {
  gint64 time_us;
  double value_us;
} HpTrendPoint;

/* The runs of one period: [start_us, end_us) and their summary. Points
 * first_point … first_point + summary.count − 1 fall into it. */
typedef struct {
  gint64            start_us;
  gint64            end_us;
  guint             first_point;
  HpDurationSummary summary;
} HpTrendBucket;

/* An immutable, reference-counted trend of one node (its executed
 * durations) or of the whole run (execution times of succeeded runs). */
typedef struct _HpTrend HpTrend;

#define HP_TYPE_TREND (hp_trend_get_type ())
GType                hp_trend_get_type              (void) G_GNUC_CONST;

void                 hp_trend_options_init          (HpTrendOptions       *options);

const char          *hp_trend_verdict_to_string     (HpTrendVerdict        verdict);
const char          *hp_trend_bucket_size_to_string (HpTrendBucketSize     size);

gint64               hp_trend_bucket_start          (gint64                time_us,
                                                     HpTrendBucketSize     size,
                                                     GTimeZone            *tz);
gint64               hp_trend_bucket_next           (gint64                start_us,
                                                     HpTrendBucketSize     size,
                                                     GTimeZone            *tz);
HpTrendBucketSize    hp_trend_choose_bucket_size    (gint64                first_us,
                                                     gint64                last_us,
                                                     GTimeZone            *tz);

double               hp_trend_run_value_us          (HpRun                *run,
                                                     const char           *node_id);

HpTrend             *hp_trend_compute               (HpProfile            *profile,
                                                     const char           *node_id,
                                                     HpTrendBucketSize     size,
                                                     GTimeZone            *tz,
                                                     const HpTrendOptions *options);
HpTrend             *hp_trend_compute_points        (const HpTrendPoint   *points,
                                                     guint                 n_points,
                                                     HpTrendBucketSize     size,
                                                     GTimeZone            *tz,
                                                     const HpTrendOptions *options);
HpTrend             *hp_trend_ref                   (HpTrend              *self);
void                 hp_trend_unref                 (HpTrend              *self);

const char          *hp_trend_get_node_id           (HpTrend              *self);
HpTrendBucketSize    hp_trend_get_bucket_size       (HpTrend              *self);

guint                hp_trend_get_n_points          (HpTrend              *self);
const HpTrendPoint  *hp_trend_get_point             (HpTrend              *self,
                                                     guint                 i);
guint                hp_trend_get_n_buckets         (HpTrend              *self);
const HpTrendBucket *hp_trend_get_bucket            (HpTrend              *self,
                                                     guint                 i);

HpTrendVerdict       hp_trend_get_verdict           (HpTrend              *self);
const HpMannKendall *hp_trend_get_mann_kendall      (HpTrend              *self);
double               hp_trend_get_p_value           (HpTrend              *self);
double               hp_trend_get_slope_us_per_day  (HpTrend              *self);
double               hp_trend_get_change_us         (HpTrend              *self);
gint64               hp_trend_get_since_us          (HpTrend              *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpTrend, hp_trend_unref)

G_END_DECLS
