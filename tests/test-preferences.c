/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of the Preferences window, run headless under Xvfb (see
 * tests/meson.build for the environment; GSETTINGS_BACKEND=memory, so
 * every run starts from the schema's defaults). The tests share one
 * document window showing tests/fixtures/cli-small.hotpath and one
 * Preferences window, and run in the order they are added.
 *
 * cli-small.hotpath: nodes 1 Load, 2 Sample, 3 Save, each executed in
 * at least one of its four runs. */
#include <adwaita.h>

#include "hp-application.h"
#include "hp-bottleneck-row.h"
#include "hp-preferences-window.h"
#include "hp-test-utils.h"
#include "hp-window-private.h"

static HpApplication *app;
static GSettings *settings;
static HpWindow *window;
static HpPreferencesWindow *prefs;   /* weak */

static GtkSpinButton *
spin (const char *name)
{
  GtkWidget *widget;

  g_assert_nonnull (prefs);
  widget = hp_test_get_named (GTK_WIDGET (prefs), name);
  g_assert_true (GTK_IS_SPIN_BUTTON (widget));
  return GTK_SPIN_BUTTON (widget);
}

static AdwComboRow *
mode_row (void)
{
  GtkWidget *widget = hp_test_get_named (GTK_WIDGET (prefs), "heat-mode-row");

  g_assert_true (ADW_IS_COMBO_ROW (widget));
  return ADW_COMBO_ROW (widget);
}

/* The preferences windows the app has open. */
static GPtrArray *
preferences_windows (void)
{
  GPtrArray *found = g_ptr_array_new ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (HP_IS_PREFERENCES_WINDOW (l->data))
      g_ptr_array_add (found, l->data);
  return found;
}

static guint
n_bottleneck_rows (void)
{
  g_autoptr(GPtrArray) rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_BOTTLENECK_ROW);

  return rows->len;
}

static gboolean
three_bottleneck_rows (gpointer data)
{
  return n_bottleneck_rows () == 3;
}

static gboolean
two_bottleneck_rows (gpointer data)
{
  return n_bottleneck_rows () == 2;
}

/* The reset button follows the preferences.reset action's enabled state. */
static gboolean
reset_enabled (void)
{
  GtkWidget *button = hp_test_get_named (GTK_WIDGET (prefs), "reset-button");

  return gtk_widget_get_sensitive (button);
}

static void
assert_defaults (void)
{
  /* The schema's defaults, data/io.github.hotpath.Hotpath.gschema.xml. */
  g_assert_cmpfloat (g_settings_get_double (settings, "regression-threshold"), ==, 20.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "noise-floor-ms"), ==, 50.0);
  g_assert_cmpuint (g_settings_get_uint (settings, "top-n"), ==, 5);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-low"), ==, 5.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-high"), ==, 20.0);
  {
    g_autofree char *mode = g_settings_get_string (settings, "heatmap-mode");

    g_assert_cmpstr (mode, ==, "share");
  }
  /* …and the window shows them. */
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("threshold-spin")), ==, 20.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("noise-floor-spin")), ==, 50.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("top-n-spin")), ==, 5.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("heat-low-spin")), ==, 5.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("heat-high-spin")), ==, 20.0);
  g_assert_cmpuint (adw_combo_row_get_selected (mode_row ()), ==, 0);
}

static void
test_app_action (void)
{
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>comma", "app.preferences");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "preferences"));
}

static void
test_open_document (void)
{
  g_autoptr(GFile) file = hp_test_fixture_file ("cli-small.hotpath");
  HpSession *session;

  window = hp_test_open_window (app, file, 0, 0);

  session = hp_window_get_session (window);
  g_assert_nonnull (session);
  /* The session starts from the (default) settings. */
  g_assert_cmpuint (hp_session_get_top_n (session), ==, 5);
  g_assert_cmpfloat (hp_session_get_threshold_pct (session), ==, 20.0);
}

static void
test_open_single_instance (void)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) again = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  found = preferences_windows ();
  g_assert_cmpuint (found->len, ==, 1);
  prefs = g_ptr_array_index (found, 0);
  g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &prefs);
  hp_test_wait_for (hp_test_widget_mapped, prefs);

  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (prefs)));
  g_assert_true (hp_preferences_window_get_settings (prefs) == settings);
  assert_defaults ();
  /* Everything is at its default: nothing to reset. */
  g_assert_false (reset_enabled ());

  /* Asking again (Ctrl+, from another window, say) brings the same one. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  again = preferences_windows ();
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_true (g_ptr_array_index (again, 0) == prefs);
}

static void
test_controls_write_settings (void)
{
  g_autofree char *mode = NULL;

  gtk_spin_button_set_value (spin ("threshold-spin"), 35.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "regression-threshold"), ==, 35.0);

  gtk_spin_button_set_value (spin ("noise-floor-spin"), 120.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "noise-floor-ms"), ==, 120.0);

  /* top-n is unsigned in the schema; the spin button's value is a double. */
  gtk_spin_button_set_value (spin ("top-n-spin"), 3.0);
  g_assert_cmpuint (g_settings_get_uint (settings, "top-n"), ==, 3);
  /* Out of range: the adjustment (1..50, as the schema) keeps it in. */
  gtk_spin_button_set_value (spin ("top-n-spin"), 500.0);
  g_assert_cmpuint (g_settings_get_uint (settings, "top-n"), ==, 50);

  /* Item 1 is "Change against the reference". */
  adw_combo_row_set_selected (mode_row (), 1);
  mode = g_settings_get_string (settings, "heatmap-mode");
  g_assert_cmpstr (mode, ==, "change");

  gtk_spin_button_set_value (spin ("heat-low-spin"), 7.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-low"), ==, 7.5);
  gtk_spin_button_set_value (spin ("heat-high-spin"), 30.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-high"), ==, 30.0);

  g_assert_true (reset_enabled ());
}

static void
test_settings_move_controls (void)
{
  g_settings_set_double (settings, "regression-threshold", 12.5);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("threshold-spin")), ==, 12.5);

  g_settings_set_double (settings, "noise-floor-ms", 250.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("noise-floor-spin")), ==, 250.0);

  g_settings_set_uint (settings, "top-n", 7);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("top-n-spin")), ==, 7.0);

  g_settings_set_string (settings, "heatmap-mode", "share");
  g_assert_cmpuint (adw_combo_row_get_selected (mode_row ()), ==, 0);

  g_settings_set_double (settings, "heatmap-high", 40.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("heat-high-spin")), ==, 40.0);
  g_settings_set_double (settings, "heatmap-low", 10.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("heat-low-spin")), ==, 10.0);
}

static void
test_document_window_follows (void)
{
  HpSession *session = hp_window_get_session (window);

  gtk_spin_button_set_value (spin ("threshold-spin"), 42.0);
  g_assert_cmpfloat (hp_session_get_threshold_pct (session), ==, 42.0);

  /* The session keeps the floor in µs: 75 ms = 75 000 µs. */
  gtk_spin_button_set_value (spin ("noise-floor-spin"), 75.0);
  g_assert_cmpfloat (hp_session_get_noise_floor_us (session), ==, 75000.0);

  gtk_spin_button_set_value (spin ("heat-low-spin"), 8.0);
  gtk_spin_button_set_value (spin ("heat-high-spin"), 33.0);
  g_assert_cmpfloat (hp_session_get_heat_low_pct (session), ==, 8.0);
  g_assert_cmpfloat (hp_session_get_heat_high_pct (session), ==, 33.0);

  /* Ranked by mean over all runs, where all three nodes of the fixture
   * executed (the selected run, the default, has only two). */
  hp_session_set_metric (session, HP_METRIC_MEAN);
  gtk_spin_button_set_value (spin ("top-n-spin"), 2.0);
  g_assert_cmpuint (hp_session_get_top_n (session), ==, 2);
  hp_test_wait_for (two_bottleneck_rows, NULL);
  /* …top 3 → all three. */
  gtk_spin_button_set_value (spin ("top-n-spin"), 3.0);
  g_assert_cmpuint (hp_session_get_top_n (session), ==, 3);
  hp_test_wait_for (three_bottleneck_rows, NULL);
}

static void
test_heat_thresholds_stay_apart (void)
{
  HpSession *session = hp_window_get_session (window);

  g_settings_set_double (settings, "heatmap-low", 5.0);
  g_settings_set_double (settings, "heatmap-high", 20.0);

  /* Yellow raised past red (20): red moves to 30 + 1 = 31. */
  gtk_spin_button_set_value (spin ("heat-low-spin"), 30.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-low"), ==, 30.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-high"), ==, 31.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("heat-high-spin")), ==, 31.0);
  g_assert_cmpfloat (hp_session_get_heat_high_pct (session), ==, 31.0);

  /* Equal counts as crossing: yellow 31 = red 31 → red 32. */
  gtk_spin_button_set_value (spin ("heat-low-spin"), 31.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-high"), ==, 32.0);

  /* Red lowered below yellow (31): yellow moves to 10 − 1 = 9. */
  gtk_spin_button_set_value (spin ("heat-high-spin"), 10.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-high"), ==, 10.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-low"), ==, 9.0);
  g_assert_cmpfloat (hp_session_get_heat_low_pct (session), ==, 9.0);

  /* The ends: red can go no lower than 1 (yellow then 0), yellow no
   * higher than 99 (red then 100), so one always fits beside the other. */
  gtk_spin_button_set_value (spin ("heat-high-spin"), 0.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-high"), ==, 1.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-low"), ==, 0.0);
  gtk_spin_button_set_value (spin ("heat-low-spin"), 150.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-low"), ==, 99.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-high"), ==, 100.0);
}

/* The button labelled @label in one of the window's toasts, if any. */
static GtkWidget *
toast_button (const char *label)
{
  g_autoptr(GPtrArray) toasts = hp_test_collect_by_type_name (GTK_WIDGET (prefs), "AdwToastWidget");

  for (guint i = 0; i < toasts->len; i++)
    {
      g_autoptr(GPtrArray) buttons = hp_test_collect_widgets (g_ptr_array_index (toasts, i),
                                                              GTK_TYPE_BUTTON);

      for (guint j = 0; j < buttons->len; j++)
        if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, j)), label) == 0)
          return g_ptr_array_index (buttons, j);
    }
  return NULL;
}

static gboolean
has_toast (gpointer data)
{
  g_autoptr(GPtrArray) toasts = hp_test_collect_by_type_name (GTK_WIDGET (prefs), "AdwToastWidget");

  return toasts->len > 0;
}

static gboolean
has_undo_toast (gpointer data)
{
  return toast_button ("_Undo") != NULL;
}

static void
test_reset_and_undo (void)
{
  HpSession *session = hp_window_get_session (window);
  g_autofree char *mode = NULL;
  GtkWidget *undo;

  /* Red (3) below the default yellow (5) on purpose: Reset puts yellow
   * back before red, so the two cross on the way; they must still end at
   * the defaults, and Undo must bring back exactly these values. */
  g_settings_set_double (settings, "regression-threshold", 60.0);
  g_settings_set_double (settings, "noise-floor-ms", 10.0);
  g_settings_set_uint (settings, "top-n", 9);
  g_settings_set_string (settings, "heatmap-mode", "change");
  g_settings_set_double (settings, "heatmap-high", 3.0);
  g_settings_set_double (settings, "heatmap-low", 1.0);
  g_assert_true (reset_enabled ());
  /* A note about clamped thresholds is on screen (yellow pushed past red
   * in the spin button); Reset reuses that toast rather than queueing a
   * second one (hp-preferences-window.c, show_toast). */
  gtk_spin_button_set_value (spin ("heat-low-spin"), 3.5);
  hp_test_wait_for (has_toast, NULL);
  g_assert_null (toast_button ("_Undo"));
  g_settings_set_double (settings, "heatmap-high", 3.0);
  g_settings_set_double (settings, "heatmap-low", 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "preferences.reset", NULL));
  assert_defaults ();
  g_assert_cmpfloat (hp_session_get_threshold_pct (session), ==, 20.0);
  g_assert_cmpuint (hp_session_get_top_n (session), ==, 5);
  g_assert_false (reset_enabled ());
  /* A toast says so and offers Undo: the same one, so one toast. */
  hp_test_wait_for (has_undo_toast, NULL);
  {
    g_autoptr(GPtrArray) toasts = hp_test_collect_by_type_name (GTK_WIDGET (prefs), "AdwToastWidget");

    g_assert_cmpuint (toasts->len, ==, 1);
    g_assert_nonnull (hp_test_find_label_with_text (g_ptr_array_index (toasts, 0),
                                                    "Preferences reset to their defaults"));
  }

  /* Its button is enabled (the undo-reset action is) and undoes it. */
  undo = toast_button ("_Undo");
  g_assert_true (gtk_widget_get_sensitive (undo));
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpfloat (g_settings_get_double (settings, "regression-threshold"), ==, 60.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "noise-floor-ms"), ==, 10.0);
  g_assert_cmpuint (g_settings_get_uint (settings, "top-n"), ==, 9);
  mode = g_settings_get_string (settings, "heatmap-mode");
  g_assert_cmpstr (mode, ==, "change");
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-low"), ==, 1.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "heatmap-high"), ==, 3.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("heat-low-spin")), ==, 1.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("heat-high-spin")), ==, 3.0);

  /* The reset button runs the same action. */
  g_signal_emit_by_name (hp_test_get_named (GTK_WIDGET (prefs), "reset-button"), "clicked");
  assert_defaults ();
}

static gboolean
prefs_gone (gpointer data)
{
  return prefs == NULL;
}

static void
test_close_releases (void)
{
  g_autoptr(GPtrArray) found = NULL;

  g_assert_nonnull (prefs);
  gtk_window_close (GTK_WINDOW (prefs));
  /* Nothing keeps the closed window alive. */
  hp_test_wait_for (prefs_gone, NULL);
  found = preferences_windows ();
  g_assert_cmpuint (found->len, ==, 0);

  /* Settings changed while it is closed still reach the document window
   * (the binding is the window's own, not the preferences'). */
  g_settings_set_uint (settings, "top-n", 4);
  g_assert_cmpuint (hp_session_get_top_n (hp_window_get_session (window)), ==, 4);

  /* And the action opens a new one, showing the current values. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = preferences_windows ();
  g_assert_cmpuint (found->len, ==, 1);
  prefs = g_ptr_array_index (found, 0);
  g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &prefs);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin ("top-n-spin")), ==, 4.0);

  /* Closing the document window takes its preferences along. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  hp_test_wait_for (prefs_gone, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  app = hp_test_app_new ();
  settings = hp_application_get_settings (app);
  g_assert_nonnull (settings);

  g_test_add_func ("/preferences/app/action", test_app_action);
  g_test_add_func ("/preferences/document/open", test_open_document);
  g_test_add_func ("/preferences/open/single-instance", test_open_single_instance);
  g_test_add_func ("/preferences/controls/write-settings", test_controls_write_settings);
  g_test_add_func ("/preferences/settings/move-controls", test_settings_move_controls);
  g_test_add_func ("/preferences/window/follows", test_document_window_follows);
  g_test_add_func ("/preferences/heat/stay-apart", test_heat_thresholds_stay_apart);
  g_test_add_func ("/preferences/reset/defaults-and-undo", test_reset_and_undo);
  g_test_add_func ("/preferences/close/releases", test_close_releases);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
