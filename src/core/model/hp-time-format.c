/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-time-format.h"

#include <math.h>

#include "hp-enums.h"

/**
 * hp_format_duration_us:
 * @us: a duration in microseconds, NaN when unknown
 *
 * Returns: (transfer full): the duration for people, "—" when unknown
 */
char *
hp_format_duration_us (double us)
{
  double ms = us / 1000.0;
  double abs_ms = fabs (ms);
  const char *sign = ms < 0 ? "−" : "";

  if (isnan (us))
    return g_strdup ("—");
  if (abs_ms < 1000.0)
    return g_strdup_printf ("%s%.1f ms", sign, abs_ms);
  if (abs_ms < 60000.0)
    return g_strdup_printf ("%s%.2f s", sign, abs_ms / 1000.0);
  else
    {
      gint64 seconds = (gint64) llround (abs_ms / 1000.0);

      return g_strdup_printf ("%s%" G_GINT64_FORMAT " min %02d s",
                              sign, seconds / 60, (int) (seconds % 60));
    }
}

/**
 * hp_format_timestamp_us:
 * @us: µs since the epoch, or %HP_TIME_UNKNOWN
 *
 * Returns: (transfer full) (nullable): e.g. "2026-11-16T09:00:00.000Z"
 */
char *
hp_format_timestamp_us (gint64 us)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *base = NULL;

  if (us == HP_TIME_UNKNOWN || us < 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  if (dt == NULL)
    return NULL;
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) ((us % G_USEC_PER_SEC) / 1000));
}
