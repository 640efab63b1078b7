/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-cli-test-utils.h"

#include <sys/wait.h>

/**
 * hp_cli_result_clear:
 * @result: a result
 *
 * Frees what @result holds (not @result itself).
 */
void
hp_cli_result_clear (HpCliResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

/**
 * hp_cli_path:
 *
 * Fails the test when $HOTPATH_CLI is not set: the tests run the CLI that
 * was just built, never one found on $PATH.
 *
 * Returns: the path of hotpath-cli
 */
const char *
hp_cli_path (void)
{
  const char *cli = g_getenv ("HOTPATH_CLI");

  g_assert_nonnull (cli);
  return cli;
}

/* argv: the CLI, then @command when not NULL, then @args up to NULL. */
static GPtrArray *
build_argv (const char         *command,
            const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) hp_cli_path ());
  if (command != NULL)
    g_ptr_array_add (argv, (gpointer) command);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* @first_arg and what follows up to NULL, as a NULL-terminated array. */
static GPtrArray *
collect_args (const char *first_arg,
              va_list     rest)
{
  GPtrArray *args = g_ptr_array_new ();

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (rest, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);
  return args;
}

/**
 * hp_cli_run_in_env:
 * @result: (out caller-allocates): where the outcome goes
 * @envp: (nullable): the environment, or %NULL for the test's own
 * @args: (array zero-terminated=1): the arguments after the program name
 *
 * Runs hotpath-cli to the end. Fails the test unless it exited (a crash
 * is never an outcome a test expects).
 */
void
hp_cli_run_in_env (HpCliResult        *result,
                   const char * const *envp,
                   const char * const *args)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_return_if_fail (result != NULL);

  argv = build_argv (NULL, args);
  g_spawn_sync (NULL, (char **) argv->pdata, (char **) envp, G_SPAWN_DEFAULT, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

/**
 * hp_cli_run:
 * @result: (out caller-allocates): where the outcome goes
 * @first_arg: (nullable): the first argument after the program name
 * @...: more arguments, then %NULL
 *
 * Like hp_cli_run_in_env() in the test's environment.
 */
void
hp_cli_run (HpCliResult *result,
            const char  *first_arg,
            ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list rest;

  g_return_if_fail (result != NULL);

  va_start (rest, first_arg);
  args = collect_args (first_arg, rest);
  va_end (rest);
  hp_cli_run_in_env (result, NULL, (const char * const *) args->pdata);
}

/**
 * hp_cli_spawnv:
 * @flags: what to do with its standard streams
 * @command: (nullable): the subcommand ("record", "replay"), or %NULL
 * @args: (array zero-terminated=1) (nullable): the arguments after it
 *
 * Starts hotpath-cli, for a test that reads from it or stops it while it
 * runs.
 *
 * Returns: (transfer full): the process
 */
GSubprocess *
hp_cli_spawnv (GSubprocessFlags    flags,
               const char         *command,
               const char * const *args)
{
  g_autoptr(GPtrArray) argv = build_argv (command, args);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  return process;
}

/**
 * hp_cli_spawn:
 * @flags: what to do with its standard streams
 * @first_arg: (nullable): the first argument after the program name
 * @...: more arguments, then %NULL
 *
 * Like hp_cli_spawnv() with the arguments listed.
 *
 * Returns: (transfer full): the process
 */
GSubprocess *
hp_cli_spawn (GSubprocessFlags  flags,
              const char       *first_arg,
              ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list rest;

  va_start (rest, first_arg);
  args = collect_args (first_arg, rest);
  va_end (rest);
  return hp_cli_spawnv (flags, NULL, (const char * const *) args->pdata);
}
