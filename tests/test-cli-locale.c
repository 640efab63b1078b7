/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotpath-cli in a real German locale (de_DE.UTF-8): text for people uses
 * decimal commas, the JSON and CSV files stay byte for byte the same as in
 * English. The locale is compiled into a scratch folder with localedef
 * (libc-bin; its sources come with Debian's "locales" package), so the
 * test needs no system locale; it is skipped where localedef is missing.
 *
 * Values of tests/fixtures/cli-small.hotpath (see tests/test-cli.c): the
 * latest run r4 took queue 20 ms + execution 2600 ms = 2620 ms in total;
 * node "Sample" ran 1800, 1900 and 2400 ms: mean 6100 / 3 = 2033.3 ms. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hp-cli-test-utils.h"
#include "hp-tmp-test-utils.h"

static char *locale_dir;

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/* Compiles de_DE.UTF-8 into a scratch folder once; NULL when it cannot. */
static const char *
german_locale_dir (void)
{
  static gboolean tried;
  g_autofree char *localedef = NULL;
  g_autofree char *target = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (tried)
    return locale_dir;
  tried = TRUE;

  localedef = g_find_program_in_path ("localedef");
  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales/de_DE", G_FILE_TEST_EXISTS))
    return NULL;
  locale_dir = g_dir_make_tmp ("hotpath-locale-XXXXXX", &error);
  g_assert_no_error (error);
  target = g_build_filename (locale_dir, "de_DE.UTF-8", NULL);
  {
    const char *argv[] = { localedef, "-i", "de_DE", "-f", "UTF-8", target, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                       NULL, NULL, NULL, &err, &status, &error) ||
        !g_spawn_check_wait_status (status, NULL))
      {
        g_test_message ("localedef failed: %s", error ? error->message : err);
        g_clear_pointer (&locale_dir, g_free);
      }
  }
  return locale_dir;
}

static char **
environment (gboolean german)
{
  char **env = g_get_environ ();

  env = g_environ_unsetenv (env, "LANGUAGE");
  if (!german)
    return env;
  env = g_environ_setenv (env, "LOCPATH", german_locale_dir (), TRUE);
  env = g_environ_setenv (env, "LC_ALL", "de_DE.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "de", TRUE);
  return env;
}

static void
test_text_uses_commas (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(GStrv) env = NULL;
  const char *args[] = { "report", path, NULL };
  g_auto(HpCliResult) result = { 0 };

  if (german_locale_dir () == NULL)
    {
      g_test_skip ("localedef or the de_DE locale source is not installed");
      return;
    }
  env = environment (TRUE);
  hp_cli_run_in_env (&result, (const char * const *) env, args);
  g_assert_cmpint (result.status, ==, 0);
  /* r4: 2620 ms = 20 ms queue + 2600 ms execution, with decimal commas */
  g_assert_nonnull (strstr (result.out, "gesamt 2,62 s = Warteschlange 20,0 ms + Ausführung 2,60 s"));
  /* Sample's mean: 6100 / 3 = 2033.3 ms, shown as 2,03 s */
  g_assert_nonnull (strstr (result.out, "2,03 s"));
  g_assert_null (strstr (result.out, "2.03 s"));
}

static void
test_files_stay_the_same (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_autofree char *dir = g_dir_make_tmp ("hotpath-locale-out-XXXXXX", NULL);
  g_autofree char *csv_de = g_build_filename (dir, "de.csv", NULL);
  g_autofree char *csv_en = g_build_filename (dir, "en.csv", NULL);
  g_auto(GStrv) german = NULL;
  g_auto(GStrv) english = environment (FALSE);
  const char *json_args[] = { "report", "--format", "json", path, NULL };
  const char *csv_de_args[] = { "convert", path, "-o", csv_de, NULL };
  const char *csv_en_args[] = { "convert", path, "-o", csv_en, NULL };
  g_auto(HpCliResult) json_de = { 0 };
  g_auto(HpCliResult) json_en = { 0 };
  g_auto(HpCliResult) conv_de = { 0 };
  g_auto(HpCliResult) conv_en = { 0 };
  g_autofree char *text_de = NULL;
  g_autofree char *text_en = NULL;

  if (german_locale_dir () == NULL)
    {
      g_test_skip ("localedef or the de_DE locale source is not installed");
      return;
    }
  german = environment (TRUE);
  hp_cli_run_in_env (&json_de, (const char * const *) german, json_args);
  hp_cli_run_in_env (&json_en, (const char * const *) english, json_args);
  g_assert_cmpint (json_de.status, ==, 0);
  g_assert_cmpint (json_en.status, ==, 0);
  /* Load ran once, for 1000 ms: a JSON number with a point */
  g_assert_nonnull (strstr (json_de.out, "\"mean_ms\" : 1000.0"));
  g_assert_cmpstr (json_de.out, ==, json_en.out);

  hp_cli_run_in_env (&conv_de, (const char * const *) german, csv_de_args);
  hp_cli_run_in_env (&conv_en, (const char * const *) english, csv_en_args);
  g_assert_cmpint (conv_de.status, ==, 0);
  g_assert_cmpint (conv_en.status, ==, 0);
  g_assert_true (g_file_get_contents (csv_de, &text_de, NULL, NULL));
  g_assert_true (g_file_get_contents (csv_en, &text_en, NULL, NULL));
  g_assert_cmpstr (text_de, ==, text_en);
  g_unlink (csv_de);
  g_unlink (csv_en);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/locale/german/text-uses-commas", test_text_uses_commas);
  g_test_add_func ("/cli/locale/german/files-stay-the-same", test_files_stay_the_same);

  status = g_test_run ();
  if (locale_dir != NULL)
    hp_test_remove_tree (locale_dir);
  g_free (locale_dir);
  return status;
}
