/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "hp-cli-common.h"

static const char usage[] =
  /* Translators: the command words (report, convert, diff, record, replay), the options (-o,
   * --help, --fail-on-regression) and hotpath-cli stay as they are. */
  N_("Usage: hotpath-cli COMMAND [OPTION…]\n"
  "\n"
  "Profile AI workflow runs (ComfyUI, comfyui-node, Hotpath files) headless.\n"
  "\n"
  "Commands:\n"
  "  report FILE…         statistics, bottlenecks, comparison and regressions\n"
  "  convert FILE… -o OUT write the runs as Hotpath JSON, Chrome trace or CSV\n"
  "  record URL           record runs from a ComfyUI server (watch, or --run a\n"
  "                       workflow N times) into a profile\n"
  "  replay LOG.jsonl     serve an event log as a ComfyUI server (live demo)\n"
  "  diff A B             per-node deltas between two runs (B − A); A and B are\n"
  "                       FILE (its latest run) or FILE#RUN_ID; or FILE RUN_A RUN_B\n"
  "\n"
  "Run “hotpath-cli COMMAND --help” for the options of a command.\n"
  "Exit status: 0 success, 1 regression (report --fail-on-regression), 2 bad input.\n");

/* Messages follow the user's locale; $HOTPATH_LOCALEDIR, when set, points
 * at other catalogues (the tests use the build tree's). Numbers in the text
 * report follow LC_NUMERIC; JSON and the written files never do. */
static void
init_i18n (void)
{
  const char *localedir = g_getenv ("HOTPATH_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  init_i18n ();

  if (argc < 2)
    {
      g_printerr ("%s", _(usage));
      return HP_CLI_EXIT_BAD_INPUT;
    }

  command = argv[1];
  if (strcmp (command, "report") == 0)
    return hp_cli_report (argc - 1, argv + 1);
  if (strcmp (command, "convert") == 0)
    return hp_cli_convert (argc - 1, argv + 1);
  if (strcmp (command, "record") == 0)
    return hp_cli_record (argc - 1, argv + 1);
  if (strcmp (command, "replay") == 0)
    return hp_cli_replay (argc - 1, argv + 1);
  if (strcmp (command, "diff") == 0)
    return hp_cli_diff (argc - 1, argv + 1);
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 || strcmp (command, "help") == 0)
    {
      g_print ("%s", _(usage));
      return HP_CLI_EXIT_OK;
    }
  if (strcmp (command, "--version") == 0)
    {
      g_print ("hotpath-cli %s\n", PACKAGE_VERSION);
      return HP_CLI_EXIT_OK;
    }

  g_printerr (_("hotpath-cli: unknown command “%s”\n\n%s"), command, _(usage));
  return HP_CLI_EXIT_BAD_INPUT;
}
