/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-cli-common.h"

#include <glib/gi18n.h>
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
        g_printerr (ngettext ("hotpath-cli: %s: %u run already loaded from an earlier file, kept once\n",
                              "hotpath-cli: %s: %u runs already loaded from an earlier file, kept once\n",
                              skipped),
                    paths[i], skipped);
    }
  return g_steal_pointer (&merged);
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
