/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the trend's buckets start and end, in a time zone. */
#include "hp-trend.h"

#define USEC_PER_HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))
#define USEC_PER_DAY  (USEC_PER_HOUR * 24)

/* Floor division, so times before 1970 fall into the right second. */
static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static GDateTime *
local_time (gint64     time_us,
            GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (floor_div (time_us, G_USEC_PER_SEC));

  if (utc == NULL)
    return NULL;
  return g_date_time_to_timezone (utc, tz);
}

/* Midnight of @date in @tz, moved by @days. */
static gint64
midnight_us (GDateTime *date,
             int        days,
             GTimeZone *tz)
{
  g_autoptr(GDateTime) moved = g_date_time_add_days (date, days);
  g_autoptr(GDateTime) midnight = NULL;

  if (moved == NULL)
    return HP_TIME_UNKNOWN;
  midnight = g_date_time_new (tz, g_date_time_get_year (moved), g_date_time_get_month (moved),
                              g_date_time_get_day_of_month (moved), 0, 0, 0);
  if (midnight == NULL)
    return HP_TIME_UNKNOWN;
  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/**
 * hp_trend_bucket_start:
 * @time_us: µs since the epoch
 * @size: the bucket size
 * @tz: (nullable): the time zone the buckets follow, %NULL for UTC
 *
 * Returns: the start of the bucket @time_us falls into: the hour, the
 *   midnight, or the Monday midnight before it, in @tz
 */
gint64
hp_trend_bucket_start (gint64             time_us,
                       HpTrendBucketSize  size,
                       GTimeZone         *tz)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 start = HP_TIME_UNKNOWN;

  g_return_val_if_fail (time_us != HP_TIME_UNKNOWN, HP_TIME_UNKNOWN);
  g_return_val_if_fail (size <= HP_TREND_BUCKET_WEEK, HP_TIME_UNKNOWN);

  if (tz == NULL)
    tz = utc = g_time_zone_new_utc ();
  local = local_time (time_us, tz);
  if (local != NULL)
    {
      switch (size)
        {
        case HP_TREND_BUCKET_HOUR:
          /* By the local minutes, so zones half an hour off UTC and
           * repeated hours when clocks go back both work. */
          start = floor_div (time_us, G_USEC_PER_SEC) * G_USEC_PER_SEC
                  - (g_date_time_get_minute (local) * G_GINT64_CONSTANT (60)
                     + g_date_time_get_second (local)) * G_USEC_PER_SEC;
          break;
        case HP_TREND_BUCKET_DAY:
          start = midnight_us (local, 0, tz);
          break;
        case HP_TREND_BUCKET_WEEK:
        default:
          start = midnight_us (local, 1 - g_date_time_get_day_of_week (local), tz);
          break;
        }
    }

  /* Outside what GDateTime handles (years 1–9999): plain UTC periods. */
  if (start == HP_TIME_UNKNOWN || start > time_us)
    {
      gint64 period = size == HP_TREND_BUCKET_HOUR ? USEC_PER_HOUR
                      : size == HP_TREND_BUCKET_DAY ? USEC_PER_DAY : 7 * USEC_PER_DAY;

      start = floor_div (time_us, period) * period;
    }
  return start;
}

/**
 * hp_trend_bucket_next:
 * @start_us: a bucket's start (from hp_trend_bucket_start())
 * @tz: (nullable): its time zone, %NULL for UTC
 *
 * Returns: the start of the following bucket (the end of this one); a
 *   day is 23 or 25 hours long when the clocks change
 */
gint64
hp_trend_bucket_next (gint64             start_us,
                      HpTrendBucketSize  size,
                      GTimeZone         *tz)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 next = HP_TIME_UNKNOWN;

  g_return_val_if_fail (start_us != HP_TIME_UNKNOWN, HP_TIME_UNKNOWN);
  g_return_val_if_fail (size <= HP_TREND_BUCKET_WEEK, HP_TIME_UNKNOWN);

  if (size == HP_TREND_BUCKET_HOUR)
    return start_us + USEC_PER_HOUR;

  if (tz == NULL)
    tz = utc = g_time_zone_new_utc ();
  local = local_time (start_us, tz);
  if (local != NULL)
    next = midnight_us (local, size == HP_TREND_BUCKET_DAY ? 1 : 7, tz);
  if (next == HP_TIME_UNKNOWN || next <= start_us)
    next = start_us + (size == HP_TREND_BUCKET_DAY ? 1 : 7) * USEC_PER_DAY;
  return next;
}

/* How many periods of @size from the one holding @first_us to the one
 * holding @last_us, both included; stops counting above @limit. */
static guint
count_periods (gint64             first_us,
               gint64             last_us,
               HpTrendBucketSize  size,
               GTimeZone         *tz,
               guint              limit)
{
  gint64 start = hp_trend_bucket_start (first_us, size, tz);
  guint n = 1;

  if (size == HP_TREND_BUCKET_HOUR)
    return (guint) MIN ((gint64) limit + 1, (last_us - start) / USEC_PER_HOUR + 1);

  for (gint64 next = hp_trend_bucket_next (start, size, tz);
       next <= last_us && n <= limit;
       next = hp_trend_bucket_next (next, size, tz))
    n++;
  return n;
}

/**
 * hp_trend_choose_bucket_size:
 * @first_us: the earliest run's time
 * @last_us: the latest run's time
 * @tz: (nullable): the time zone, %NULL for UTC
 *
 * Returns: the finest size that spans the runs in 8 to 60 periods;
 *   failing that, the finest with at most 60; failing that, weeks
 */
HpTrendBucketSize
hp_trend_choose_bucket_size (gint64     first_us,
                             gint64     last_us,
                             GTimeZone *tz)
{
  g_return_val_if_fail (first_us != HP_TIME_UNKNOWN && last_us != HP_TIME_UNKNOWN,
                        HP_TREND_BUCKET_DAY);

  if (last_us < first_us)
    {
      gint64 tmp = first_us;

      first_us = last_us;
      last_us = tmp;
    }

  for (HpTrendBucketSize size = HP_TREND_BUCKET_HOUR; size <= HP_TREND_BUCKET_WEEK; size++)
    {
      guint n = count_periods (first_us, last_us, size, tz, HP_TREND_AUTO_MAX_BUCKETS);

      if (n >= HP_TREND_AUTO_MIN_BUCKETS && n <= HP_TREND_AUTO_MAX_BUCKETS)
        return size;
    }
  for (HpTrendBucketSize size = HP_TREND_BUCKET_HOUR; size < HP_TREND_BUCKET_WEEK; size++)
    if (count_periods (first_us, last_us, size, tz, HP_TREND_AUTO_MAX_BUCKETS) <= HP_TREND_AUTO_MAX_BUCKETS)
      return size;
  return HP_TREND_BUCKET_WEEK;
}
