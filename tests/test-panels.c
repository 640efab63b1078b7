/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of the run list and the comparison panel, each bound to
 * one session, side by side in a plain window, headless under Xvfb (see
 * tests/meson.build for the environment). The tests share the window and
 * run in the order they are added.
 *
 * tests/fixtures/cli-small.hotpath, worked by hand (times in ms, TZ=UTC):
 *   run  status     started (s since epoch)   queue exec   1 Load   2 Sample  3 Save
 *   r1   succeeded  1700000000 22:13:20       100   3000   1000     1800      200
 *   r2   succeeded  1700000100 22:15:00        50   2100   cached   1900      200
 *   r3   failed     1700000200 22:16:40        10    500   cached   failed    skipped
 *   r4   succeeded  1700000300 22:18:20        20   2600   cached   2400      200
 * (1700000000 s is 2023-11-14 22:13:20 UTC.) The file lists them r3, r1,
 * r4, r2; the profile orders them by start, the run list newest first. */
#include <adwaita.h>

#include "hp-comparison-panel.h"
#include "hp-delta-row.h"
#include "hp-profile-io.h"
#include "hp-run-list.h"
#include "hp-run-row.h"
#include "hp-test-utils.h"

static HpProfile *profile;
static HpSession *session;
static GtkWindow *window;
static HpRunList *run_list;
static HpComparisonPanel *panel;
static char *deleted_run_id;

/* Run rows bound to a run, top to bottom as drawn. */
static GPtrArray *
visible_run_rows (void)
{
  g_autoptr(GPtrArray) all = hp_test_collect_widgets (GTK_WIDGET (run_list), HP_TYPE_RUN_ROW);
  GPtrArray *bound = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (all, i);

      if (hp_run_row_get_run (HP_RUN_ROW (row)) != NULL && gtk_widget_get_mapped (row))
        g_ptr_array_add (bound, row);
    }
  hp_test_sort_by_y (bound, GTK_WIDGET (window));
  return bound;
}

static GtkWidget *
run_row_for (const char *run_id)
{
  g_autoptr(GPtrArray) rows = visible_run_rows ();

  for (guint i = 0; i < rows->len; i++)
    {
      HpRunRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (hp_run_get_id (hp_run_row_get_run (row)), run_id) == 0)
        return GTK_WIDGET (row);
    }
  g_assert_not_reached ();
}

static gboolean
four_rows_drawn (gpointer data)
{
  g_autoptr(GPtrArray) rows = visible_run_rows ();

  return rows->len == 4;
}

/* The node rows of the comparison, in list order (largest change first). */
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

static gboolean
toggle_active (GtkWidget  *root,
               const char *name)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (hp_test_get_named (root, name)));
}

static const char *
pin_label (void)
{
  GtkWidget *button = hp_test_get_named (GTK_WIDGET (run_list), "pin-button");

  GtkWidget *content = gtk_button_get_child (GTK_BUTTON (button));

  return adw_button_content_get_label (ADW_BUTTON_CONTENT (content));
}

static void
select_in_list (const char *run_id)
{
  GListModel *model = G_LIST_MODEL (hp_run_list_get_selection (run_list));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HpRun) run = g_list_model_get_item (model, i);

      if (g_strcmp0 (hp_run_get_id (run), run_id) == 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, TRUE);
          hp_test_flush ();
          return;
        }
    }
  g_assert_not_reached ();
}

static void
assert_delta_row (GtkWidget      *row,
                  const char     *title,
                  const char     *values,
                  const char     *delta,
                  const char     *pct,
                  HpDeltaVerdict  verdict)
{
  static const char *words[] = { "", "slower", "faster" };
  GtkImage *icon;

  g_assert_cmpstr (hp_test_label_text (row, "title-label"), ==, title);
  g_assert_cmpstr (hp_test_label_text (row, "values-label"), ==, values);
  g_assert_cmpstr (hp_test_label_text (row, "delta-label"), ==, delta);
  g_assert_cmpstr (hp_test_label_text (row, "pct-label"), ==, pct);
  g_assert_cmpint (hp_delta_row_get_verdict (HP_DELTA_ROW (row)), ==, verdict);
  /* Colour, icon and word together, never the colour alone. */
  g_assert_cmpint (gtk_widget_has_css_class (row, "comparison-regression"), ==,
                   verdict == HP_DELTA_VERDICT_SLOWER);
  g_assert_cmpint (gtk_widget_has_css_class (row, "comparison-improvement"), ==,
                   verdict == HP_DELTA_VERDICT_FASTER);
  g_assert_cmpint (gtk_widget_get_visible (hp_test_get_named (row, "verdict-label")), ==,
                   verdict != HP_DELTA_VERDICT_NEUTRAL);
  g_assert_cmpstr (hp_test_label_text (row, "verdict-label"), ==, words[verdict]);
  icon = GTK_IMAGE (hp_test_get_named (row, "verdict-icon"));
  if (verdict == HP_DELTA_VERDICT_NEUTRAL)
    g_assert_null (gtk_image_get_icon_name (icon));
  else
    g_assert_nonnull (gtk_image_get_icon_name (icon));
}

/* Run list */

static void
test_runs_newest_first (void)
{
  GListModel *model = G_LIST_MODEL (hp_run_list_get_selection (run_list));
  g_autoptr(GPtrArray) rows = visible_run_rows ();
  static const char *ids[] = { "r4", "r3", "r2", "r1" };
  static const char *statuses[] = { "succeeded", "failed", "succeeded", "succeeded" };
  static const char *icons[] = {
    "emblem-ok-symbolic", "dialog-error-symbolic", "emblem-ok-symbolic", "emblem-ok-symbolic"
  };
  /* Start times in UTC (table above). */
  static const char *times[] = {
    "Nov 14, 22:18:20", "Nov 14, 22:16:40", "Nov 14, 22:15:00", "Nov 14, 22:13:20"
  };
  /* Totals: queue + execution. r4 20 + 2600 = 2620 ms; r3 10 + 500 = 510 ms;
   * r2 50 + 2100 = 2150 ms; r1 100 + 3000 = 3100 ms. */
  static const char *totals[] = { "2.62 s", "510.0 ms", "2.15 s", "3.10 s" };
  static const char *split[] = {
    "queue 20.0 ms · execution 2.60 s", "queue 10.0 ms · execution 500.0 ms",
    "queue 50.0 ms · execution 2.10 s", "queue 100.0 ms · execution 3.00 s"
  };
  /* r4, r2: Load cached; r3: Load cached, Sample failed (Save skipped is
   * neither); r1: nothing cached or failed. */
  static const char *counts[] = {
    "1 cached · 0 failed", "1 cached · 1 failed", "1 cached · 0 failed", "0 cached · 0 failed"
  };

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (run_list), "count-label"), ==, "4 runs");
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(HpRun) run = g_list_model_get_item (model, i);
      GtkWidget *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (hp_run_get_id (run), ==, ids[i]);
      g_assert_cmpstr (hp_run_get_id (hp_run_row_get_run (HP_RUN_ROW (row))), ==, ids[i]);
      g_assert_cmpstr (hp_test_label_text (row, "status-label"), ==, statuses[i]);
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (hp_test_get_named (row, "status-icon"))),
                       ==, icons[i]);
      g_assert_cmpstr (hp_test_label_text (row, "time-label"), ==, times[i]);
      g_assert_cmpstr (hp_test_label_text (row, "total-label"), ==, totals[i]);
      g_assert_cmpstr (hp_test_label_text (row, "times-label"), ==, split[i]);
      g_assert_cmpstr (hp_test_label_text (row, "counts-label"), ==, counts[i]);
      /* No baseline pinned, no notes in the fixture. */
      g_assert_false (gtk_widget_get_visible (hp_test_get_named (row, "baseline-tag")));
      g_assert_false (gtk_widget_get_visible (hp_test_get_named (row, "note-label")));
    }
  g_assert_true (gtk_widget_has_css_class (hp_test_get_named (g_ptr_array_index (rows, 1),
                                                              "counts-label"),
                                           "failed-count"));

  /* The session follows the latest run, r4, shown first. */
  g_assert_cmpstr (hp_run_get_id (hp_session_get_selected_run (session)), ==, "r4");
  g_assert_cmpuint (gtk_single_selection_get_selected (hp_run_list_get_selection (run_list)),
                    ==, 0);
}

static void
test_runs_selection_follows_session (void)
{
  GtkSingleSelection *selection = hp_run_list_get_selection (run_list);

  /* List → session: r2 is third, newest first. */
  select_in_list ("r2");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 2);
  g_assert_cmpstr (hp_run_get_id (hp_session_get_selected_run (session)), ==, "r2");

  /* Session → list: r3 is second. */
  hp_session_set_selected_run (session, hp_profile_lookup_run (profile, "r3"));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
  g_assert_cmpstr (hp_run_get_id (gtk_single_selection_get_selected_item (selection)), ==, "r3");

  /* Back to following the latest. */
  hp_session_set_selected_run (session, NULL);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
}

static void
test_runs_pin_baseline (void)
{
  GtkWidget *list = GTK_WIDGET (run_list);

  g_assert_null (hp_profile_get_baseline (profile));
  select_in_list ("r1");
  g_assert_false (toggle_active (list, "pin-button"));

  /* Pin: the profile's baseline, the toggle and the tag on r1's row. */
  hp_test_click (list, "pin-button");
  g_assert_true (hp_profile_get_baseline (profile) == hp_profile_lookup_run (profile, "r1"));
  g_assert_true (hp_run_list_get_selected_is_baseline (run_list));
  g_assert_true (toggle_active (list, "pin-button"));
  g_assert_cmpstr (pin_label (), ==, "_Pinned as Baseline");
  g_assert_true (gtk_widget_get_visible (hp_test_get_named (run_row_for ("r1"), "baseline-tag")));
  g_assert_false (gtk_widget_get_visible (hp_test_get_named (run_row_for ("r2"), "baseline-tag")));

  /* Another run selected: the toggle shows that it is not the baseline. */
  select_in_list ("r2");
  g_assert_false (toggle_active (list, "pin-button"));
  g_assert_false (hp_run_list_get_selected_is_baseline (run_list));

  /* Unpin r1 again; the comparison tests start with no baseline. */
  select_in_list ("r1");
  g_assert_true (toggle_active (list, "pin-button"));
  hp_test_click (list, "pin-button");
  g_assert_null (hp_profile_get_baseline (profile));
  g_assert_false (toggle_active (list, "pin-button"));
  g_assert_cmpstr (pin_label (), ==, "_Pin as Baseline");
  g_assert_false (gtk_widget_get_visible (hp_test_get_named (run_row_for ("r1"), "baseline-tag")));
}

static void
test_runs_delete_activates_window_action (void)
{
  g_clear_pointer (&deleted_run_id, g_free);
  select_in_list ("r3");
  hp_test_click (GTK_WIDGET (run_list), "delete-button");
  /* The window's action gets the id; deleting is its business (the stub
   * keeps the run). */
  g_assert_cmpstr (deleted_run_id, ==, "r3");
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 4);
}

/* Comparison panel */

static void
test_comparison_previous (void)
{
  g_autoptr(GPtrArray) rows = NULL;

  hp_session_set_selected_run (session, NULL);
  hp_test_flush ();
  g_assert_cmpstr (hp_run_get_id (hp_session_get_selected_run (session)), ==, "r4");
  g_assert_cmpint (hp_comparison_panel_get_reference (panel), ==, HP_REFERENCE_PREVIOUS);
  g_assert_true (toggle_active (GTK_WIDGET (panel), "previous-button"));
  g_assert_false (toggle_active (GTK_WIDGET (panel), "mean-button"));
  g_assert_cmpstr (panel_page (), ==, "comparison");

  /* r4 vs the previous successful run r2 (r3 failed). */
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "reference-label"), ==,
                   "Run of Nov 14, 22:18:20 vs the previous successful run, Nov 14, 22:15:00");
  /* Execution 2600 vs 2100 ms: +500 ms, 500 / 2100 = +23.8 %; above 20 %
   * and 50 ms → slower. */
  assert_delta_row (total_row (), "Execution time", "2.60 s vs 2.10 s",
                    "+500.0 ms", "+23.8 %", HP_DELTA_VERDICT_SLOWER);

  /* Sample 2400 vs 1900: +500 ms, 500 / 1900 = +26.3 % → slower.
   * Save 200 vs 200: 0 → neutral. Load cached in both: not compared. */
  rows = delta_rows ();
  g_assert_cmpuint (rows->len, ==, 2);
  assert_delta_row (g_ptr_array_index (rows, 0), "Sample", "2.40 s vs 1.90 s",
                    "+500.0 ms", "+26.3 %", HP_DELTA_VERDICT_SLOWER);
  assert_delta_row (g_ptr_array_index (rows, 1), "Save", "200.0 ms vs 200.0 ms",
                    "0.0 ms", "0.0 %", HP_DELTA_VERDICT_NEUTRAL);
  g_assert_cmpstr (hp_delta_row_get_node_id (g_ptr_array_index (rows, 0)), ==, "2");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "uncompared-label"), ==,
                   "1 node not compared: cached, failed or not run on one side.");
}

static void
test_comparison_mean (void)
{
  g_autoptr(GPtrArray) rows = NULL;

  hp_test_click (GTK_WIDGET (panel), "mean-button");
  g_assert_cmpint (hp_comparison_panel_get_reference (panel), ==, HP_REFERENCE_MEAN);
  g_assert_true (toggle_active (GTK_WIDGET (panel), "mean-button"));
  g_assert_false (toggle_active (GTK_WIDGET (panel), "previous-button"));

  /* Total: mean execution of the succeeded runs before r4, r1 and r2:
   * (3000 + 2100) / 2 = 2550; 2600 − 2550 = +50 ms, 50 / 2550 = +2.0 %
   * → neutral. */
  assert_delta_row (total_row (), "Execution time", "2.60 s vs 2.55 s",
                    "+50.0 ms", "+2.0 %", HP_DELTA_VERDICT_NEUTRAL);
  /* Sample: executed before r4 in r1 (1800) and r2 (1900), mean 1850;
   * 2400 − 1850 = +550 ms, 550 / 1850 = +29.7 % → slower.
   * Save: r1, r2 200 → mean 200, delta 0. */
  rows = delta_rows ();
  g_assert_cmpuint (rows->len, ==, 2);
  assert_delta_row (g_ptr_array_index (rows, 0), "Sample", "2.40 s vs 1.85 s",
                    "+550.0 ms", "+29.7 %", HP_DELTA_VERDICT_SLOWER);
  assert_delta_row (g_ptr_array_index (rows, 1), "Save", "200.0 ms vs 200.0 ms",
                    "0.0 ms", "0.0 %", HP_DELTA_VERDICT_NEUTRAL);
}

static void
test_comparison_baseline_missing (void)
{
  g_assert_null (hp_profile_get_baseline (profile));

  hp_test_click (GTK_WIDGET (panel), "baseline-button");
  g_assert_cmpint (hp_comparison_panel_get_reference (panel), ==, HP_REFERENCE_BASELINE);
  g_assert_true (toggle_active (GTK_WIDGET (panel), "baseline-button"));
  g_assert_null (hp_comparison_panel_get_comparison (panel));
  g_assert_cmpstr (panel_page (), ==, "message");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "message-label"), ==,
                   "No baseline pinned. Pin a run in the Runs panel to compare against it.");
}

static void
test_comparison_baseline_pinned (void)
{
  g_autoptr(GPtrArray) rows = NULL;

  /* Pin r1 from the run list, then look at r4 again. */
  select_in_list ("r1");
  hp_test_click (GTK_WIDGET (run_list), "pin-button");
  g_assert_true (hp_profile_get_baseline (profile) == hp_profile_lookup_run (profile, "r1"));

  /* r1 itself: it is the baseline, nothing to compare. */
  g_assert_cmpstr (panel_page (), ==, "message");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "message-title"), ==,
                   "This Run Is the Baseline");

  select_in_list ("r4");
  g_assert_cmpstr (panel_page (), ==, "comparison");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "reference-label"), ==,
                   "Run of Nov 14, 22:18:20 vs the baseline, Nov 14, 22:13:20");
  /* Total: 2600 vs 3000 = −400 ms, −400 / 3000 = −13.3 %: faster, but
   * not by more than 20 % → neutral. */
  assert_delta_row (total_row (), "Execution time", "2.60 s vs 3.00 s",
                    "−400.0 ms", "−13.3 %", HP_DELTA_VERDICT_NEUTRAL);
  /* Sample 2400 vs 1800: +600 ms, 600 / 1800 = +33.3 % → slower.
   * Save 200 vs 200 → 0. Load cached in r4: not compared. */
  rows = delta_rows ();
  g_assert_cmpuint (rows->len, ==, 2);
  assert_delta_row (g_ptr_array_index (rows, 0), "Sample", "2.40 s vs 1.80 s",
                    "+600.0 ms", "+33.3 %", HP_DELTA_VERDICT_SLOWER);
  assert_delta_row (g_ptr_array_index (rows, 1), "Save", "200.0 ms vs 200.0 ms",
                    "0.0 ms", "0.0 %", HP_DELTA_VERDICT_NEUTRAL);
}

static void
test_comparison_threshold_and_improvement (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rows_after = NULL;
  g_autoptr(GPtrArray) rows_faster = NULL;

  /* r4 vs baseline r1, Sample +33.3 %: still slower at 30 %, not at 40 %. */
  g_object_set (session, "threshold-pct", 30.0, NULL);
  hp_test_flush ();
  rows = delta_rows ();
  g_assert_cmpint (hp_delta_row_get_verdict (g_ptr_array_index (rows, 0)), ==,
                   HP_DELTA_VERDICT_SLOWER);
  g_object_set (session, "threshold-pct", 40.0, NULL);
  hp_test_flush ();
  rows_after = delta_rows ();
  assert_delta_row (g_ptr_array_index (rows_after, 0), "Sample", "2.40 s vs 1.80 s",
                    "+600.0 ms", "+33.3 %", HP_DELTA_VERDICT_NEUTRAL);
  /* The noise floor too: +600 ms is not above 700 ms. */
  g_object_set (session, "threshold-pct", 20.0, "noise-floor-ms", 700.0, NULL);
  hp_test_flush ();
  g_assert_cmpint (hp_delta_row_get_verdict (HP_DELTA_ROW (total_row ())), ==,
                   HP_DELTA_VERDICT_NEUTRAL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = delta_rows ();
  g_assert_cmpint (hp_delta_row_get_verdict (g_ptr_array_index (rows, 0)), ==,
                   HP_DELTA_VERDICT_NEUTRAL);
  g_object_set (session, "noise-floor-ms", 50.0, NULL);

  /* An improvement: r1 against baseline r4. Sample 1800 vs 2400: −600 ms,
   * −600 / 2400 = −25.0 % → faster. Total 3000 vs 2600 = +400 ms,
   * 400 / 2600 = +15.4 % → neutral. */
  hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, "r4"));
  hp_session_set_selected_run (session, hp_profile_lookup_run (profile, "r1"));
  hp_test_flush ();
  assert_delta_row (total_row (), "Execution time", "3.00 s vs 2.60 s",
                    "+400.0 ms", "+15.4 %", HP_DELTA_VERDICT_NEUTRAL);
  rows_faster = delta_rows ();
  /* Load ran in r1 only (cached in r4): 2 rows, Load not compared. */
  g_assert_cmpuint (rows_faster->len, ==, 2);
  assert_delta_row (g_ptr_array_index (rows_faster, 0), "Sample", "1.80 s vs 2.40 s",
                    "−600.0 ms", "−25.0 %", HP_DELTA_VERDICT_FASTER);

  /* Back to r4 vs baseline r1. */
  hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, "r1"));
  hp_session_set_selected_run (session, NULL);
  hp_test_flush ();
}

static void
jump_cb (HpSession  *emitter,
         const char *node_id,
         char      **out)
{
  g_free (*out);
  *out = g_strdup (node_id);
}

static void
test_comparison_row_jumps_to_node (void)
{
  g_autoptr(GPtrArray) rows = delta_rows ();
  g_autofree char *jumped = NULL;
  GtkWidget *sample = g_ptr_array_index (rows, 0);
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_parent (sample));
  gulong handler;

  g_assert_cmpstr (hp_delta_row_get_node_id (HP_DELTA_ROW (sample)), ==, "2");
  handler = g_signal_connect (session, "jump-to-node", G_CALLBACK (jump_cb), &jumped);

  /* Activate it as a click or Enter would. */
  g_signal_emit_by_name (sample, "activate");
  hp_test_flush ();
  g_assert_cmpstr (jumped, ==, "2");
  g_assert_cmpstr (hp_session_get_selected_node_id (session), ==, "2");
  g_assert_true (gtk_list_box_get_selected_row (list) == GTK_LIST_BOX_ROW (sample));

  /* Selecting a node elsewhere moves the row selection along. */
  hp_session_set_selected_node_id (session, "3");
  g_assert_true (gtk_list_box_get_selected_row (list) == g_ptr_array_index (rows, 1));

  /* The total is not a node: not activatable. */
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (total_row ())));
  g_signal_handler_disconnect (session, handler);
}

static void
test_close_releases_session (void)
{
  gtk_window_destroy (window);
  window = NULL;
  run_list = NULL;
  panel = NULL;
  hp_test_flush ();
  /* The widgets held the session, the session the profile; once the
   * window is gone only the test's own references are left. */
  g_assert_finalize_object (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&profile));
}

static void
delete_run_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  g_free (deleted_run_id);
  deleted_run_id = g_variant_dup_string (parameter, NULL);
}

static void
build_window (void)
{
  static const GActionEntry entries[] = {
    { "delete-run", delete_run_cb, "s", NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) win_actions = g_simple_action_group_new ();
  g_autofree char *path = hp_test_fixture_path ("cli-small.hotpath");
  g_autoptr(GError) error = NULL;
  GtkWidget *box;

  profile = hp_profile_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  session = hp_session_new (profile);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 900, 700);
  /* A stand-in for the window's "win.delete-run". */
  g_action_map_add_action_entries (G_ACTION_MAP (win_actions), entries,
                                   G_N_ELEMENTS (entries), NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (win_actions));

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
  g_assert_true (hp_run_list_get_session (run_list) == session);
  g_assert_true (hp_comparison_panel_get_session (panel) == session);

  gtk_window_present (window);
  hp_test_wait_for (four_rows_drawn, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  build_window ();

  g_test_add_func ("/panels/runs/newest-first", test_runs_newest_first);
  g_test_add_func ("/panels/runs-selection/follows-session", test_runs_selection_follows_session);
  g_test_add_func ("/panels/runs-baseline/pin-and-unpin", test_runs_pin_baseline);
  g_test_add_func ("/panels/runs-delete/activates-window-action",
                   test_runs_delete_activates_window_action);
  g_test_add_func ("/panels/comparison/previous", test_comparison_previous);
  g_test_add_func ("/panels/comparison-mean/deltas", test_comparison_mean);
  g_test_add_func ("/panels/comparison-baseline/missing", test_comparison_baseline_missing);
  g_test_add_func ("/panels/comparison-baseline2/pinned", test_comparison_baseline_pinned);
  g_test_add_func ("/panels/comparison-limits/threshold-and-improvement",
                   test_comparison_threshold_and_improvement);
  g_test_add_func ("/panels/comparison-row/jumps-to-node", test_comparison_row_jumps_to_node);
  g_test_add_func ("/panels/close/releases-session", test_close_releases_session);

  ret = g_test_run ();

  g_clear_pointer (&deleted_run_id, g_free);
  return ret;
}
