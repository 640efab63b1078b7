/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the tests that run hotpath-cli ($HOTPATH_CLI, set by
 * tests/meson.build): run it to the end and keep what it printed, or start
 * it for a test that talks to it while it runs. GLib only, no GTK. Every
 * helper fails the running test when the binary cannot be started. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * HpCliResult:
 * @status: the exit status
 * @out: (nullable): what it wrote to stdout
 * @err: (nullable): what it wrote to stderr
 *
 * What one finished run of hotpath-cli left; clear it with
 * hp_cli_result_clear() or declare it g_auto(HpCliResult).
 */
typedef struct {
  int   status;
  char *out;
  char *err;
} HpCliResult;

void         hp_cli_result_clear (HpCliResult       *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HpCliResult, hp_cli_result_clear)

const char  *hp_cli_path         (void);
void         hp_cli_run          (HpCliResult       *result,
                                  const char        *first_arg,
                                  ...);
void         hp_cli_run_in_env   (HpCliResult       *result,
                                  const char * const *envp,
                                  const char * const *args);
GSubprocess *hp_cli_spawn        (GSubprocessFlags   flags,
                                  const char        *first_arg,
                                  ...);
GSubprocess *hp_cli_spawnv       (GSubprocessFlags   flags,
                                  const char        *command,
                                  const char * const *args);

G_END_DECLS
