/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-common.h"

#include <glib/gi18n.h>

#include "hp-profile-io.h"

/* The output kind from --to, else from the output name. */
static HpFormatKind
choose_kind (const char *to,
             const char *output)
{
  if (to != NULL)
    return hp_format_kind_from_string (to);
  if (g_str_has_suffix (output, ".hotpath"))
    return HP_FORMAT_HOTPATH;
  if (g_str_has_suffix (output, ".csv"))
    return HP_FORMAT_CSV;
  if (g_str_has_suffix (output, ".trace.json") || g_str_has_suffix (output, ".trace"))
    return HP_FORMAT_CHROME_TRACE;
  return HP_FORMAT_UNKNOWN;
}

int
hp_cli_convert (int    argc,
                char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *to = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  HpFormatKind kind;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write"), N_("OUT") },
    { "to", 't', 0, G_OPTION_ARG_STRING, &to, N_("Output format: hotpath, chrome-trace or csv "
                                                 "(default: from OUT’s name: .hotpath, .csv, .trace.json)"),
      N_("FORMAT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  /* Translators: after "Usage: convert [OPTION…] FILE…"; -o stays */
  context = g_option_context_new (_("-o OUT — convert profiles"));
  g_option_context_set_summary (context,
                                _("Reads one or more profiles (any supported format, merged into one)\n"
                                  "and writes them as Hotpath JSON, Chrome trace JSON or CSV."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hp_cli_fail (_("convert: %s"), error->message);
  /* Translators: in these messages "convert", the options (-o, --to) and
   * the format names (hotpath, chrome-trace, csv) stay as they are */
  if (files == NULL || files[0] == NULL)
    return hp_cli_fail (_("convert: no input file given (see hotpath-cli convert --help)"));
  if (output == NULL)
    return hp_cli_fail (_("convert: no output file given: add -o OUT"));

  kind = choose_kind (to, output);
  if (kind == HP_FORMAT_UNKNOWN)
    {
      if (to != NULL)
        return hp_cli_fail (_("convert: unknown output format “%s”: use hotpath, chrome-trace or csv"), to);
      return hp_cli_fail (_("convert: cannot tell the output format from “%s”: add --to hotpath, "
                            "chrome-trace or csv"), output);
    }

  /* Run notes are part of the document, like a title: the readers write
   * them in the user's language (LC_MESSAGES) and the file keeps them as
   * written, as when the window saves a profile. So no C locale here,
   * unlike `report --format json`; numbers in the file are C either way. */
  profile = hp_cli_load_profiles ((const char * const *) files, &error);
  if (profile == NULL)
    return hp_cli_fail ("%s", error->message);

  if (!hp_profile_save_file (profile, output, kind, &error))
    return hp_cli_fail ("%s", error->message);

  return HP_CLI_EXIT_OK;
}
