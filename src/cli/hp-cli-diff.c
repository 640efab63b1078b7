/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-common.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hp-cli-diff-private.h"
#include "hp-profile-io.h"

/* How many run ids an "unknown run" message lists before "…". */
#define MAX_LISTED_RUNS 12

static void
diff_clear (HpCliDiff *diff)
{
  g_clear_pointer (&diff->a.file, g_free);
  g_clear_pointer (&diff->a.run_id, g_free);
  g_clear_object (&diff->a.profile);
  g_clear_pointer (&diff->b.file, g_free);
  g_clear_pointer (&diff->b.run_id, g_free);
  g_clear_object (&diff->b.profile);
  g_clear_pointer (&diff->comparison, hp_comparison_unref);
  g_clear_pointer (&diff->order, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HpCliDiff, diff_clear)

/* "FILE" or "FILE#RUN_ID"; a name that exists as it is stays a file name
 * even when it holds a '#'. */
static void
parse_spec (const char    *spec,
            HpCliDiffSide *side)
{
  const char *hash = strrchr (spec, '#');

  if (hash == NULL || hash == spec || g_file_test (spec, G_FILE_TEST_EXISTS))
    {
      side->file = g_strdup (spec);
      return;
    }
  side->file = g_strndup (spec, hash - spec);
  side->run_id = g_strdup (hash + 1);
}

static char *
list_run_ids (HpProfile *profile)
{
  GString *out = g_string_new (NULL);
  guint n = hp_profile_get_n_runs (profile);

  for (guint i = 0; i < n && i < MAX_LISTED_RUNS; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", hp_run_get_id (hp_profile_get_run (profile, i)));
  if (n > MAX_LISTED_RUNS)
    g_string_append (out, ", …");
  return g_string_free (out, FALSE);
}

/* Loads the side's file (reusing @other's profile for the same file) and
 * finds its run; prints the error and returns FALSE otherwise. */
static gboolean
resolve_side (HpCliDiffSide       *side,
              const HpCliDiffSide *other)
{
  g_autoptr(GError) error = NULL;

  if (other != NULL && other->profile != NULL && g_strcmp0 (other->file, side->file) == 0)
    side->profile = g_object_ref (other->profile);
  else
    side->profile = hp_profile_load_file (side->file, &error);
  if (side->profile == NULL)
    {
      hp_cli_fail ("%s", error->message);
      return FALSE;
    }

  if (side->run_id == NULL)
    {
      side->run = hp_profile_get_latest_run (side->profile);
      if (side->run == NULL)
        {
          /* Translators: %s is a file name */
          hp_cli_fail (_("%s: no runs to compare"), side->file);
          return FALSE;
        }
      return TRUE;
    }

  side->run = hp_profile_lookup_run (side->profile, side->run_id);
  if (side->run == NULL)
    {
      g_autofree char *ids = list_run_ids (side->profile);

      if (hp_profile_get_n_runs (side->profile) == 0)
        hp_cli_fail (_("%s: no run with id %s (the file has no runs)"), side->file, side->run_id);
      else
        /* Translators: "FILE: no run with id r9 (runs: r1, r2, r3)" */
        hp_cli_fail (_("%s: no run with id %s (runs: %s)"), side->file, side->run_id, ids);
      return FALSE;
    }
  return TRUE;
}
/* Largest change first; nodes without a delta after, in the comparison's
 * order (A's nodes, then those only B has). */
static int
compare_by_abs_delta (gconstpointer a,
                      gconstpointer b)
{
  const HpNodeDelta *da = *(const HpNodeDelta * const *) a;
  const HpNodeDelta *db = *(const HpNodeDelta * const *) b;

  if (da->has_delta != db->has_delta)
    return da->has_delta ? -1 : 1;
  if (da->has_delta && fabs (da->delta_us) != fabs (db->delta_us))
    return fabs (da->delta_us) > fabs (db->delta_us) ? -1 : 1;
  /* The array is in the comparison's order. */
  return da < db ? -1 : da > db;
}
/* ---- the command -------------------------------------------------------- */

int
hp_cli_diff (int    argc,
             char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(HpCliDiff) diff = { { 0 } };
  double threshold = HP_REGRESSION_DEFAULT_THRESHOLD_PCT;
  double noise_floor_ms = HP_REGRESSION_DEFAULT_NOISE_FLOOR_US / 1000.0;
  guint n_args;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output: text (default) or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of the standard output"),
      N_("FILE") },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold,
      N_("A node is slower or faster by more than PCT percent (default 20)"), N_("PCT") },
    { "noise-floor", 0, 0, G_OPTION_ARG_DOUBLE, &noise_floor_ms,
      N_("… and by more than MS milliseconds (default 50)"), N_("MS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  /* Translators: after "Usage: diff [OPTION…]"; A, B, FILE, RUN_A and
   * RUN_B are placeholders the description explains */
  context = g_option_context_new (_("A B | FILE RUN_A RUN_B — compare two runs"));
  g_option_context_set_summary (context,
                                _("Compares two runs node by node: B − A, largest change first, and the\n"
                                  "execution, queue and total time."));
  /* Translators: keep the layout; FILE#RUN_ID is typed as shown */
  g_option_context_set_description (context,
                                    _("A and B each name a run:\n"
                                      "  FILE             the latest run of FILE (any supported format)\n"
                                      "  FILE#RUN_ID      the run with that id in FILE\n"
                                      "With one file and two run ids, “diff FILE RUN_A RUN_B” compares\n"
                                      "two runs of that file. The runs may come from different files;\n"
                                      "nodes are matched by id. A node that did not execute on one side\n"
                                      "(cached, failed, skipped) or that only one run has gets no delta.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hp_cli_fail (_("diff: %s"), error->message);

  /* Translators: in these messages "diff", the options and their values
   * (text, json) stay as they are */
  n_args = args != NULL ? g_strv_length (args) : 0;
  if (n_args != 2 && n_args != 3)
    return hp_cli_fail (_("diff: give two runs, A B (each FILE or FILE#RUN_ID), or FILE RUN_A RUN_B "
                          "(see hotpath-cli diff --help)"));
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "json") != 0)
    return hp_cli_fail (_("diff: unknown --format “%s”: use text or json"), format);
  if (!isfinite (threshold) || threshold < 0 || !isfinite (noise_floor_ms) || noise_floor_ms < 0)
    return hp_cli_fail (_("diff: --threshold and --noise-floor must be zero or more"));

  /* JSON is for programs: the same bytes in every locale. */
  if (g_strcmp0 (format, "json") == 0)
    setlocale (LC_NUMERIC, "C");

  if (n_args == 2)
    {
      parse_spec (args[0], &diff.a);
      parse_spec (args[1], &diff.b);
    }
  else
    {
      diff.a.file = g_strdup (args[0]);
      diff.a.run_id = g_strdup (args[1]);
      diff.b.file = g_strdup (args[0]);
      diff.b.run_id = g_strdup (args[2]);
    }
  if (!resolve_side (&diff.a, NULL) || !resolve_side (&diff.b, &diff.a))
    return HP_CLI_EXIT_BAD_INPUT;

  diff.threshold_pct = threshold;
  diff.noise_floor_us = noise_floor_ms * 1000.0;
  diff.comparison = hp_comparison_compute_between (diff.b.run, diff.a.run);
  diff.order = g_ptr_array_new ();
  for (guint i = 0; i < hp_comparison_get_n_nodes (diff.comparison); i++)
    g_ptr_array_add (diff.order, (gpointer) hp_comparison_get_node (diff.comparison, i));
  g_ptr_array_sort (diff.order, compare_by_abs_delta);

  if (g_strcmp0 (format, "json") == 0)
    text = hp_cli_diff_to_json (&diff);
  else
    text = hp_cli_diff_to_text (&diff);
  if (!g_str_has_suffix (text, "\n"))
    {
      char *terminated = g_strconcat (text, "\n", NULL);

      g_free (text);
      text = terminated;
    }

  if (output != NULL && strcmp (output, "-") != 0)
    {
      if (!g_file_set_contents (output, text, -1, &error))
        return hp_cli_fail ("%s", error->message);
    }
  else
    {
      fputs (text, stdout);
    }
  return HP_CLI_EXIT_OK;
}
