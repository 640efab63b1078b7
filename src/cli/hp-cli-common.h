/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-profile.h"
#include "hp-time-format.h"

G_BEGIN_DECLS

/* Exit statuses shared by every command. */
enum {
  HP_CLI_EXIT_OK = 0,
  HP_CLI_EXIT_REGRESSION = 1,
  HP_CLI_EXIT_BAD_INPUT = 2,
};

HpProfile *hp_cli_load_profiles   (const char * const *paths,
                                   GError            **error);
int        hp_cli_fail            (const char         *format,
                                   ...) G_GNUC_PRINTF (1, 2);

int        hp_cli_report          (int                 argc,
                                   char              **argv);
int        hp_cli_convert         (int                 argc,
                                   char              **argv);
int        hp_cli_replay          (int                 argc,
                                   char              **argv);
int        hp_cli_record          (int                 argc,
                                   char              **argv);
int        hp_cli_diff            (int                 argc,
                                   char              **argv);

G_END_DECLS
