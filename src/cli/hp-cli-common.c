/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-cli-common.h"

#include <math.h>
#include <stdio.h>

#include "hp-profile-io.h"

/**
 * hp_cli_load_profiles:
 * @paths: %NULL-terminated file names, in any supported format
 *
 * Loads every file and merges their runs into one profile. Runs present
 * in several files are kept once (with a warning on stderr).
 *
 * Returns: (transfer full): the merged profile, or %NULL at the first
 *   file that cannot be read
 */
HpProfile *
hp_cli_load_profiles (const char * const  *paths,
                      GError             **error)
{
  g_autoptr(HpProfile) merged = NULL;

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(HpProfile) profile = hp_profile_load_file (paths[i], error);
      guint skipped;

      if (profile == NULL)
        return NULL;
      if (merged == NULL)
        {
          merged = g_steal_pointer (&profile);
          continue;
        }
      skipped = hp_profile_merge (merged, profile);
      if (skipped > 0)
        g_printerr ("hotpath-cli: %s: %u run(s) already loaded from an earlier file, kept once\n",
                    paths[i], skipped);
    }
  return g_steal_pointer (&merged);
}

/**
 * hp_cli_format_duration:
 * @us: microseconds, NaN for unknown
 *
 * Returns: (transfer full): "0.4 ms", "123.4 ms", "4.33 s", "2 min 05 s" or "—"
 */
char *
hp_cli_format_duration (double us)
{
  double ms = us / 1000.0;
  double abs_ms = fabs (ms);
  const char *sign = ms < 0 ? "-" : "";

  if (isnan (us))
    return g_strdup ("—");
  if (abs_ms < 1000.0)
    return g_strdup_printf ("%s%.1f ms", sign, abs_ms);
  if (abs_ms < 60000.0)
    return g_strdup_printf ("%s%.2f s", sign, abs_ms / 1000.0);
  else
    {
      gint64 seconds = (gint64) llround (abs_ms / 1000.0);
      return g_strdup_printf ("%s%" G_GINT64_FORMAT " min %02d s", sign, seconds / 60, (int) (seconds % 60));
    }
}

/**
 * hp_cli_format_time:
 * @us: µs since the epoch, or %HP_TIME_UNKNOWN
 *
 * Returns: (transfer full): ISO 8601 in UTC with milliseconds, or %NULL
 */
char *
hp_cli_format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *base = NULL;

  if (us == HP_TIME_UNKNOWN)
    return NULL;
  dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  if (dt == NULL)
    return NULL;
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) ((us % G_USEC_PER_SEC) / 1000));
}

/* Prints one line on stderr and gives the bad-input exit status. */
int
hp_cli_fail (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("hotpath-cli: %s\n", message);
  return HP_CLI_EXIT_BAD_INPUT;
}
