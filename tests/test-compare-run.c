/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The comparison panel against a run the user chooses ("Run…" and its
 * drop-down), headless under Xvfb, beside a run list on one session.
 *
 * tests/fixtures/cli-small.hotpath, worked by hand (times in ms, TZ=UTC):
 *   run  status     started    exec   1 Load   2 Sample  3 Save
 *   r1   succeeded  22:13:20   3000   1000     1800      200
 *   r2   succeeded  22:15:00   2100   cached   1900      200
 *   r3   failed     22:16:40    500   cached   failed    skipped
 *   r4   succeeded  22:18:20   2600   cached   2400      200
 * (all on Nov 14, 2023). The drop-down lists the runs newest first:
 * r4, r3, r2, r1 at positions 0 to 3. */
#include <adwaita.h>

#include "hp-comparison-panel.h"
#include "hp-delta-row.h"
#include "hp-profile-io.h"
#include "hp-run-chooser.h"
#include "hp-run-list.h"
#include "hp-test-utils.h"

static HpProfile *profile;
static HpSession *session;
static GtkWindow *window;
static HpComparisonPanel *panel;

static GtkWidget *
chooser (void)
{
  return hp_test_get_named (GTK_WIDGET (panel), "run-chooser");
}

static GtkDropDown *
dropdown (void)
{
  return GTK_DROP_DOWN (hp_test_get_named (GTK_WIDGET (panel), "run-chooser-dropdown"));
}

static GPtrArray *
delta_rows (void)
{
  return hp_test_collect_widgets (hp_test_get_named (GTK_WIDGET (panel), "node-delta-list"),
                                  HP_TYPE_DELTA_ROW);
}

static GtkWidget *
total_row (void)
{
  return hp_test_get_named (GTK_WIDGET (panel), "total-row");
}

static const char *
panel_page (void)
{
  GtkWidget *stack = hp_test_get_named (GTK_WIDGET (panel), "comparison-stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* What the user picks in the drop-down's list. */
static void
choose (guint position)
{
  gtk_drop_down_set_selected (dropdown (), position);
  hp_test_flush ();
}

static const char *
chosen_id (void)
{
  HpRun *run = hp_comparison_panel_get_reference_run (panel);

  return run != NULL ? hp_run_get_id (run) : NULL;
}

static void
assert_delta_row (GtkWidget      *row,
                  const char     *title,
                  const char     *values,
                  const char     *delta,
                  const char     *pct,
                  HpDeltaVerdict  verdict)
{
  g_assert_cmpstr (hp_test_label_text (row, "title-label"), ==, title);
  g_assert_cmpstr (hp_test_label_text (row, "values-label"), ==, values);
  g_assert_cmpstr (hp_test_label_text (row, "delta-label"), ==, delta);
  g_assert_cmpstr (hp_test_label_text (row, "pct-label"), ==, pct);
  g_assert_cmpint (hp_delta_row_get_verdict (HP_DELTA_ROW (row)), ==, verdict);
}

static gboolean
panel_drawn (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (panel)) && gtk_widget_get_width (GTK_WIDGET (panel)) > 0;
}

static void
test_default_choice (void)
{
  GListModel *model;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpstr (hp_run_get_id (hp_session_get_selected_run (session)), ==, "r4");
  g_assert_false (gtk_widget_get_visible (chooser ()));

  hp_test_click (GTK_WIDGET (panel), "run-button");
  g_assert_cmpint (hp_comparison_panel_get_reference (panel), ==, HP_REFERENCE_RUN);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (hp_test_get_named (GTK_WIDGET (panel),
                                                                                    "run-button"))));
  g_assert_true (gtk_widget_get_visible (chooser ()));

  /* Newest first, labelled by start time and id (status when not succeeded). */
  model = gtk_drop_down_get_model (dropdown ());
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  {
    static const char *labels[] = {
      "Nov 14, 22:18:20 · r4", "Nov 14, 22:16:40 · r3 · failed",
      "Nov 14, 22:15:00 · r2", "Nov 14, 22:13:20 · r1",
    };

    for (guint i = 0; i < 4; i++)
      {
        g_autoptr(HpRun) run = g_list_model_get_item (model, i);
        g_autofree char *label = hp_run_chooser_format_run (run);

        g_assert_cmpstr (label, ==, labels[i]);
      }
  }

  /* Nothing chosen yet: the run just before r4, r3, shown in the list. */
  g_assert_cmpstr (chosen_id (), ==, "r3");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown ()), ==, 1);
  g_assert_cmpstr (panel_page (), ==, "comparison");
  /* Execution 2600 vs 500: +2100 ms = +2.10 s, 2100 / 500 = +420.0 % → slower */
  assert_delta_row (total_row (), "Execution time", "2.60 s vs 500.0 ms", "+2.10 s", "+420.0 %",
                    HP_DELTA_VERDICT_SLOWER);
  /* In r3 Load was cached, Sample failed, Save skipped: nothing compares. */
  rows = delta_rows ();
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "uncompared-label"), ==,
                   "3 nodes not compared: cached, failed or not run on one side.");
}

static void
test_choose_r1 (void)
{
  g_autoptr(GPtrArray) rows = NULL;

  choose (3);
  g_assert_cmpstr (chosen_id (), ==, "r1");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "reference-label"), ==,
                   "Run of Nov 14, 22:18:20 (r4) vs the run of Nov 14, 22:13:20 (r1)");
  /* Execution 2600 vs 3000: −400 ms, −400 / 3000 = −13.3 %: within 20 %. */
  assert_delta_row (total_row (), "Execution time", "2.60 s vs 3.00 s", "−400.0 ms", "−13.3 %",
                    HP_DELTA_VERDICT_NEUTRAL);
  /* Sample 2400 vs 1800: +600 ms, 600 / 1800 = +33.3 % → slower;
   * Save 200 vs 200: 0; Load 1000 in r1 but cached in r4: not compared. */
  rows = delta_rows ();
  g_assert_cmpuint (rows->len, ==, 2);
  assert_delta_row (g_ptr_array_index (rows, 0), "Sample", "2.40 s vs 1.80 s", "+600.0 ms", "+33.3 %",
                    HP_DELTA_VERDICT_SLOWER);
  assert_delta_row (g_ptr_array_index (rows, 1), "Save", "200.0 ms vs 200.0 ms", "0.0 ms", "0.0 %",
                    HP_DELTA_VERDICT_NEUTRAL);
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "uncompared-label"), ==,
                   "1 node not compared: cached, failed or not run on one side.");
}

static void
test_selected_run_moves (void)
{
  g_autoptr(GPtrArray) rows = NULL;

  /* The chosen run is kept while the selected run changes. r2 vs r1:
   * execution 2100 vs 3000 = −900 ms, −30.0 % → faster (beyond 20 % and
   * 50 ms); Sample 1900 vs 1800 = +100 ms, 100 / 1800 = +5.6 % → neutral. */
  hp_session_set_selected_run (session, hp_profile_lookup_run (profile, "r2"));
  hp_test_flush ();
  g_assert_cmpstr (chosen_id (), ==, "r1");
  assert_delta_row (total_row (), "Execution time", "2.10 s vs 3.00 s", "−900.0 ms", "−30.0 %",
                    HP_DELTA_VERDICT_FASTER);
  rows = delta_rows ();
  g_assert_cmpuint (rows->len, ==, 2);
  assert_delta_row (g_ptr_array_index (rows, 0), "Sample", "1.90 s vs 1.80 s", "+100.0 ms", "+5.6 %",
                    HP_DELTA_VERDICT_NEUTRAL);

  /* The chosen run itself: nothing to compare. */
  hp_session_set_selected_run (session, hp_profile_lookup_run (profile, "r1"));
  hp_test_flush ();
  g_assert_null (hp_comparison_panel_get_comparison (panel));
  g_assert_cmpstr (panel_page (), ==, "message");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "message-title"), ==, "Same Run");
  g_assert_true (gtk_widget_get_visible (chooser ()));

  /* The other way round: r1 against r4 chosen (position 0). Execution
   * 3000 vs 2600 = +400 ms, +15.4 %; Sample 1800 vs 2400 = −600 ms,
   * −600 / 2400 = −25.0 % → faster. */
  choose (0);
  g_assert_cmpstr (chosen_id (), ==, "r4");
  assert_delta_row (total_row (), "Execution time", "3.00 s vs 2.60 s", "+400.0 ms", "+15.4 %",
                    HP_DELTA_VERDICT_NEUTRAL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = delta_rows ();
  assert_delta_row (g_ptr_array_index (rows, 0), "Sample", "1.80 s vs 2.40 s", "−600.0 ms", "−25.0 %",
                    HP_DELTA_VERDICT_FASTER);
}

static void
test_other_references_and_back (void)
{
  /* Previous hides the drop-down and compares as before: r1 has no
   * earlier successful run. */
  hp_test_click (GTK_WIDGET (panel), "previous-button");
  g_assert_cmpint (hp_comparison_panel_get_reference (panel), ==, HP_REFERENCE_PREVIOUS);
  g_assert_false (gtk_widget_get_visible (chooser ()));
  g_assert_cmpstr (panel_page (), ==, "message");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "message-title"), ==, "Nothing to Compare With");

  /* Back to Run…: the choice (r4) is remembered. */
  hp_test_click (GTK_WIDGET (panel), "run-button");
  g_assert_cmpstr (chosen_id (), ==, "r4");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown ()), ==, 0);
  g_assert_cmpstr (panel_page (), ==, "comparison");

  /* The same through the API and the property, as the keyboard would
   * through the drop-down: r2 at position 2. */
  g_object_set (panel, "reference-run", hp_profile_lookup_run (profile, "r2"), NULL);
  hp_test_flush ();
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown ()), ==, 2);
  /* r1 vs r2: execution 3000 vs 2100 = +900 ms, +42.9 % → slower */
  assert_delta_row (total_row (), "Execution time", "3.00 s vs 2.10 s", "+900.0 ms", "+42.9 %",
                    HP_DELTA_VERDICT_SLOWER);
}

static void
test_keyboard_reaches_dropdown (void)
{
  /* The drop-down takes focus (Tab order) and its button opens the list. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (dropdown ())));
  hp_test_flush ();
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (dropdown ())) ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (window), GTK_WIDGET (dropdown ())));
}

/* ---- screenshots (HP_SCREENSHOT_DIR=… only) ------------------------------- */

static void
test_screenshots (void)
{
  const char *dir = hp_test_screenshot_dir ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (dir == NULL)
    return;

  /* The app's style sheet (AdwApplication loads it in the app). */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/hotpath/Hotpath/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* r4 against r1 */
  hp_session_set_selected_run (session, hp_profile_lookup_run (profile, "r4"));
  hp_comparison_panel_set_reference_run (panel, hp_profile_lookup_run (profile, "r1"));
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("compare-run-%s.png", dark ? "dark" : "light");

      hp_test_set_dark (dark);
      hp_test_settle ();
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (window), dir, name);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
}

static void
test_close_releases_session (void)
{
  gtk_window_destroy (window);
  window = NULL;
  panel = NULL;
  hp_test_flush ();
  g_assert_finalize_object (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&profile));
}

static void
build_window (void)
{
  g_autofree char *path = hp_test_fixture_path ("cli-small.hotpath");
  g_autoptr(GError) error = NULL;
  HpRunList *run_list;
  GtkWidget *box;

  profile = hp_profile_load_file (path, &error);
  g_assert_no_error (error);
  session = hp_session_new (profile);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 820, 560);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  run_list = HP_RUN_LIST (hp_run_list_new ());
  panel = HP_COMPARISON_PANEL (hp_comparison_panel_new ());
  gtk_widget_set_size_request (GTK_WIDGET (run_list), 380, -1);
  gtk_widget_set_hexpand (GTK_WIDGET (panel), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (run_list));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (panel));
  gtk_window_set_child (window, box);

  hp_run_list_set_session (run_list, session);
  hp_comparison_panel_set_session (panel, session);

  gtk_window_present (window);
  hp_test_wait_for (panel_drawn, NULL);
  hp_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  build_window ();

  g_test_add_func ("/compare-run/default-choice", test_default_choice);
  g_test_add_func ("/compare-run/choose/r1", test_choose_r1);
  g_test_add_func ("/compare-run/selected-run/moves", test_selected_run_moves);
  g_test_add_func ("/compare-run/references/back-and-forth", test_other_references_and_back);
  g_test_add_func ("/compare-run/keyboard/reaches-dropdown", test_keyboard_reaches_dropdown);
  g_test_add_func ("/compare-run/screenshots", test_screenshots);
  g_test_add_func ("/compare-run/close/releases-session", test_close_releases_session);

  return g_test_run ();
}
