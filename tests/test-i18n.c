/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Translations: the German catalogue meson builds into the build tree
 * ($HOTPATH_LOCALEDIR, see tests/meson.build) is found by the app's own
 * i18n set-up and used by the window. Runs with LANGUAGE=de and
 * LC_ALL=C.UTF-8 (no German locale needs to be installed: glibc only
 * ignores LANGUAGE in the plain "C" locale). */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "hp-application.h"
#include "hp-format.h"
#include "hp-profile-io.h"
#include "hp-test-utils.h"
#include "hp-window.h"

static HpApplication *app;

static void
test_catalogue_found (void)
{
  const char *localedir = g_getenv ("HOTPATH_LOCALEDIR");
  g_autofree char *mo = NULL;

  g_assert_nonnull (localedir);
  mo = g_build_filename (localedir, "de", "LC_MESSAGES", "hotpath.mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));

  /* po/de.po: msgid "Open a Profile" → msgstr "Profil öffnen" */
  g_assert_cmpstr (_("Open a Profile"), ==, "Profil öffnen");
  /* Untranslated text comes back unchanged. */
  g_assert_cmpstr (_("no such message in the catalogue"), ==,
                   "no such message in the catalogue");
}

static void
test_plural_forms (void)
{
  /* German: Plural-Forms nplurals=2; plural=(n != 1): 1 → form 0 "Lauf",
   * 0 and 2 → form 1 "Läufe". */
  g_assert_cmpstr (ngettext ("%u run", "%u runs", 1), ==, "%u Lauf");
  g_assert_cmpstr (ngettext ("%u run", "%u runs", 2), ==, "%u Läufe");
  g_assert_cmpstr (ngettext ("%u run", "%u runs", 0), ==, "%u Läufe");
}

static void
test_window_in_german (void)
{
  GtkWindow *window = hp_application_new_window (app);
  GtkLabel *label;

  gtk_window_present (window);
  hp_test_wait_for (hp_test_widget_mapped, window);

  /* The empty window's status page (ui/hp-window.ui, translatable
   * "Open a Profile") and its button ("_Open a Profile…" →
   * "Profil ö_ffnen…", shown without the underline marker). */
  label = hp_test_find_label_with_text (GTK_WIDGET (window), "Profil öffnen");
  g_assert_nonnull (label);
  g_assert_null (hp_test_find_label_with_text (GTK_WIDGET (window), "Open a Profile"));

  gtk_window_destroy (window);
  hp_test_flush ();
}

/* Insight messages come from the core library (src/core/analysis): they
 * are translated there, so the Insights panel shows them in German. */
static void
test_insight_in_german (void)
{
  g_autoptr(GFile) file = hp_test_fixture_file ("cli-small.hotpath");
  HpWindow *window = hp_test_open_window (app, file, 0, 0);
  g_autoptr(GPtrArray) stacks = hp_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_STACK);

  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_child_by_name (g_ptr_array_index (stacks, i), "insights") != NULL)
      gtk_stack_set_visible_child_name (g_ptr_array_index (stacks, i), "insights");
  hp_test_settle ();

  /* The latest run r4 (2.6 s) against the previous r2 (2.1 s):
   * +500 ms, 500 / 2100 = +23.8 %; numbers stay C (LC_ALL=C.UTF-8). */
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (window),
                                                  "Der Lauf dauerte länger als der vorherige Lauf r2 "
                                                  "(+500.0 ms, +23.8 %)"));
  /* Sample took 2.4 s of the 2.6 s run: 92 %; node names in „…“ */
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (window),
                                                  "„Sample“ brauchte 92 % des Laufs (2.40 s von 2.60 s)"));

  gtk_window_destroy (GTK_WINDOW (window));
  hp_test_flush ();
}

/* The streaming JSON scanner (src/core/formats/hp-json-scanner.c) says
 * where a file is broken in the user's language; file:line:column and
 * the JSON path stay as they are. */
static void
test_json_syntax_in_german (void)
{
  /* 45 characters, cut off right after the "[" that opens the runs. */
  static const char cut[] = "{\"format\": \"hotpath\", \"version\": 1, \"runs\": [";
  /* The comma after the version is missing: ‘"’ of "runs" is character
   * 36 ({"format": "hotpath", "version": 1 is 34, then a space). */
  static const char no_comma[] = "{\"format\": \"hotpath\", \"version\": 1 \"runs\": []}";
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;

  g_assert_cmpuint (strlen (cut), ==, 45);
  profile = hp_profile_load_data (cut, strlen (cut), "cut.hotpath", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TRUNCATED);
  /* At the end: line 1, column 45 + 1; the path is the member holding the
   * empty array. po/de.po: "the document ends too early: expected %s" →
   * "das Dokument endet zu früh, erwartet: %s", "a value or ‘]’" →
   * "ein Wert oder ‚]‘". */
  g_assert_cmpstr (error->message, ==,
                   "cut.hotpath:1:46: $.runs: das Dokument endet zu früh, erwartet: ein Wert oder ‚]‘");
  g_clear_error (&error);

  profile = hp_profile_load_data (no_comma, strlen (no_comma), "no-comma.hotpath", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX);
  /* After the "version" member: "expected %s, found %s" → "erwartet: %s,
   * gefunden: %s", "‘,’ or ‘}’" → "‚,‘ oder ‚}‘", "‘%c’" → "‚%c‘". */
  g_assert_cmpstr (error->message, ==,
                   "no-comma.hotpath:1:36: $.version: erwartet: ‚,‘ oder ‚}‘, gefunden: ‚\"‘");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The app's own set-up: binds the domain to $HOTPATH_LOCALEDIR. */
  hp_application_init_i18n ();
  gtk_test_init (&argc, &argv, NULL);

  app = hp_test_app_new ();

  g_test_add_func ("/i18n/catalogue/found", test_catalogue_found);
  g_test_add_func ("/i18n/catalogue/plural-forms", test_plural_forms);
  g_test_add_func ("/i18n/window/status-page", test_window_in_german);
  g_test_add_func ("/i18n/window/insight", test_insight_in_german);
  g_test_add_func ("/i18n/core/json-syntax", test_json_syntax_in_german);

  ret = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);
  return ret;
}
