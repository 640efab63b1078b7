/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include <locale.h>
#include <string.h>

#include "hp-cli-common.h"

static const char usage[] =
  "Usage: hotpath-cli COMMAND [OPTION…]\n"
  "\n"
  "Profile AI workflow runs (ComfyUI, comfyui-node, Hotpath files) headless.\n"
  "\n"
  "Commands:\n"
  "  report FILE…         statistics, bottlenecks, comparison and regressions\n"
  "  convert FILE… -o OUT write the runs as Hotpath JSON, Chrome trace or CSV\n"
  "\n"
  "Run “hotpath-cli COMMAND --help” for the options of a command.\n"
  "Exit status: 0 success, 1 regression (report --fail-on-regression), 2 bad input.\n";

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return HP_CLI_EXIT_BAD_INPUT;
    }

  command = argv[1];
  if (strcmp (command, "report") == 0)
    return hp_cli_report (argc - 1, argv + 1);
  if (strcmp (command, "convert") == 0)
    return hp_cli_convert (argc - 1, argv + 1);
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 || strcmp (command, "help") == 0)
    {
      g_print ("%s", usage);
      return HP_CLI_EXIT_OK;
    }
  if (strcmp (command, "--version") == 0)
    {
      g_print ("hotpath-cli %s\n", PACKAGE_VERSION);
      return HP_CLI_EXIT_OK;
    }

  g_printerr ("hotpath-cli: unknown command “%s”\n\n%s", command, usage);
  return HP_CLI_EXIT_BAD_INPUT;
}
