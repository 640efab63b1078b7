/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of the Insights panel and the critical-path highlight, in
 * the real window under Xvfb. The tests share one window on
 * tests/fixtures/insights-diamond.hotpath and run in the order they are
 * added: rows, jump, dismiss with undo, a new run, save and reopen,
 * critical path, screenshots (only with HP_SCREENSHOT_DIR set).
 *
 * The fixture by hand (docs/analysis.md): the diamond 1 Load → 2 Encode,
 * 1 → 3 Sampler, 2 → 4 Decode, 3 → 4.
 *   r1 (succeeded, 3000 ms): Load 100, Encode 400, Sampler 2000, Decode 500
 *   r2 (succeeded, 5100 ms, the latest): Load cached, Encode 400,
 *      Sampler 4200, Decode 500
 * Judged run r2, references: previous = r1; mean = r1 alone (the only
 * earlier run); no baseline.
 *   - Sampler 4200 vs 2000: +2200 ms, +110 % (> 20 % and > 50 ms) →
 *     regression, ≥ +100 % → high
 *   - the run 5100 vs 3000: +2100 ms, +70 % → regression, ≥ +50 % → medium
 *     (and a whole run is at least medium)
 *   - Encode 400 = 400, Decode 500 = 500: no change; Load cached: no delta
 *   - dominant node: 3 executed nodes (≥ 2); Sampler 4200 / 5100 = 82.35 %
 *     ≥ 50 % → dominant, ≥ 80 % → medium; Encode 7.8 %, Decode 9.8 %: no
 *   - cache drop: only 1 earlier run (< 2); error-prone, high variance:
 *     fewer than 5 runs; no retries, tokens or cost
 *   - parallelization: critical path below, 4700 / 5100 = 92 % ≥ 80 %: no
 * Order: high first; among the medium ones regression before
 * dominant_node. So: regression:3 (high), regression (medium),
 * dominant_node:3 (medium).
 * Critical path of r2: weights Load 0 (cached), Encode 400, Sampler 4200,
 * Decode 500; 1→3→4 = 4700 ms beats 1→2→4 = 900 ms. */
#include <adwaita.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "hp-application.h"
#include "hp-graph-canvas.h"
#include "hp-insight-row.h"
#include "hp-insights-panel.h"
#include "hp-test-utils.h"
#include "hp-window.h"
#include "hp-window-private.h"

static HpApplication *app;
static HpWindow *window;
static char *tmp_dir;

static HpInsightsPanel *
get_panel (HpWindow *w)
{
  g_autoptr(GPtrArray) panels = hp_test_collect_widgets (GTK_WIDGET (w), HP_TYPE_INSIGHTS_PANEL);

  g_assert_cmpuint (panels->len, ==, 1);
  return g_ptr_array_index (panels, 0);
}

static HpGraphCanvas *
get_canvas (HpWindow *w)
{
  g_autoptr(GPtrArray) canvases = hp_test_collect_widgets (GTK_WIDGET (w), HP_TYPE_GRAPH_CANVAS);

  g_assert_cmpuint (canvases->len, ==, 1);
  return g_ptr_array_index (canvases, 0);
}

/* The side stack: the one with an "insights" page. */
static GtkStack *
get_side_stack (HpWindow *w)
{
  g_autoptr(GPtrArray) stacks = hp_test_collect_widgets (GTK_WIDGET (w), GTK_TYPE_STACK);

  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_child_by_name (g_ptr_array_index (stacks, i), "insights") != NULL)
      return g_ptr_array_index (stacks, i);
  g_assert_not_reached ();
  return NULL;
}

/* Insight rows showing an insight, top to bottom. */
static GPtrArray *
visible_rows (HpWindow *w)
{
  g_autoptr(GPtrArray) all = hp_test_collect_widgets (GTK_WIDGET (get_panel (w)), HP_TYPE_INSIGHT_ROW);
  GPtrArray *rows = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (all, i);

      if (hp_insight_row_get_insight (HP_INSIGHT_ROW (row)) != NULL && gtk_widget_get_mapped (row))
        g_ptr_array_add (rows, row);
    }
  hp_test_sort_by_y (rows, GTK_WIDGET (w));
  return rows;
}

typedef struct {
  HpWindow *window;
  guint     n;
} RowsWait;

static gboolean
rows_drawn (gpointer data)
{
  RowsWait *wait = data;
  g_autoptr(GPtrArray) rows = visible_rows (wait->window);

  return rows->len == wait->n;
}

static void
wait_for_rows (HpWindow *w,
               guint     n)
{
  RowsWait wait = { w, n };

  hp_test_wait_for (rows_drawn, &wait);
}

static GtkWidget *
row_with_key (HpWindow   *w,
              const char *key)
{
  g_autoptr(GPtrArray) rows = visible_rows (w);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (hp_insight_row_get_key (g_ptr_array_index (rows, i)), key) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static GPtrArray *
model_keys (HpInsightsPanel *panel)
{
  GListModel *model = hp_insights_panel_get_model (panel);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HpInsight) insight = g_list_model_get_item (model, i);

      g_ptr_array_add (keys, hp_insight_dup_key (insight));
    }
  return keys;
}

static HpWindow *
open_window (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HpWindow *w = hp_test_open_window (app, file, 0, 0);

  gtk_stack_set_visible_child_name (get_side_stack (w), "insights");
  return w;
}

/* ---- toasts (as in test-actions.c) ---------------------------------------- */

static GtkWidget *
find_toast (const char *title)
{
  g_autoptr(GPtrArray) toasts = hp_test_collect_by_type_name (GTK_WIDGET (window), "HpToastWidget");

  for (guint i = 0; i < toasts->len; i++)
    if (hp_test_find_label_with_text (g_ptr_array_index (toasts, i), title) != NULL)
      return g_ptr_array_index (toasts, i);
  return NULL;
}

static gboolean
toast_shown (gpointer data)
{
  return find_toast (data) != NULL;
}

static gboolean
toast_hidden (gpointer data)
{
  return find_toast (data) == NULL;
}

/* Waits for the toast @title and clicks its button @label; then waits
 * until it has gone. */
static void
click_toast (const char *title,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = NULL;
  GtkWidget *toast;
  GtkWidget *button = NULL;

  hp_test_wait_for (toast_shown, (gpointer) title);
  toast = find_toast (title);
  buttons = hp_test_collect_widgets (toast, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  hp_test_wait_for (toast_hidden, (gpointer) title);
  /* Let libadwaita 1.2 finish the hide animation before the next toast. */
  hp_test_settle ();
  hp_test_settle ();
}

/* ---- tests ------------------------------------------------------------------ */

/* The figures keep each one on a line with no-break spaces; the plain
 * text with ordinary spaces. */
static char *
plain_figures (GtkWidget *row)
{
  g_auto(GStrv) parts = g_strsplit (hp_test_label_text (row, "figures-label"), "\u00a0", -1);

  return g_strjoinv (" ", parts);
}

static void
test_rows (void)
{
  g_autofree char *path = hp_test_fixture_path ("insights-diamond.hotpath");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  HpInsightsPanel *panel;
  GtkWidget *toggle;
  static const char *expected_keys[] = { "regression:3", "regression", "dominant_node:3" };
  static const char *expected_headings[] = {
    "High · Regression", "Medium · Regression", "Medium · Dominant node",
  };
  /* Durations as hp_format_duration_us writes them: 2 200 000 µs "2.20 s". */
  static const char *expected_messages[] = {
    "“Sampler” is slower than the previous run r1 (+2.20 s, +110.0 %) "
    "and the historical mean (+2.20 s, +110.0 %)",
    "The run took longer than the previous run r1 (+2.10 s, +70.0 %) "
    "and the historical mean (+2.10 s, +70.0 %)",
    /* 4200 / 5100 = 82.35 % → "82 %" */
    "“Sampler” took 82 % of the run (4.20 s of 5.10 s)",
  };
  static const char *expected_figures[] = {
    "this run 4.20 s · previous 2.00 s (+2.20 s, +110.0 %) · mean 2.00 s (+2.20 s, +110.0 %)",
    "this run 5.10 s · previous 3.00 s (+2.10 s, +70.0 %) · mean 3.00 s (+2.10 s, +70.0 %)",
    /* share 0.8235… → "82.4 %" */
    "duration 4.20 s · run 5.10 s · share 82.4 %",
  };
  static const HpInsightSeverity expected_severities[] = {
    HP_INSIGHT_SEVERITY_HIGH, HP_INSIGHT_SEVERITY_MEDIUM, HP_INSIGHT_SEVERITY_MEDIUM,
  };
  /* Severity is never colour only: each has its own icon and word. */
  static const char *expected_icons[] = {
    "dialog-error-symbolic", "dialog-warning-symbolic", "dialog-warning-symbolic",
  };

  window = open_window (path);
  panel = get_panel (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_side_stack (window)), ==, "insights");

  keys = model_keys (panel);
  g_assert_cmpuint (keys->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (g_ptr_array_index (keys, i), ==, expected_keys[i]);

  wait_for_rows (window, 3);
  rows = visible_rows (window);
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      HpInsight *insight = hp_insight_row_get_insight (HP_INSIGHT_ROW (row));
      g_autoptr(GPtrArray) images = hp_test_collect_widgets (row, GTK_TYPE_IMAGE);
      g_autofree char *figures = plain_figures (row);
      gboolean icon_found = FALSE;

      g_assert_cmpstr (hp_insight_row_get_key (HP_INSIGHT_ROW (row)), ==, expected_keys[i]);
      g_assert_cmpint (hp_insight_get_severity (insight), ==, expected_severities[i]);
      g_assert_false (hp_insight_row_get_dismissed (HP_INSIGHT_ROW (row)));
      g_assert_cmpstr (hp_test_label_text (row, "severity-label"), ==, expected_headings[i]);
      g_assert_cmpstr (hp_test_label_text (row, "message-label"), ==, expected_messages[i]);
      g_assert_cmpstr (figures, ==, expected_figures[i]);
      for (guint j = 0; j < images->len; j++)
        if (g_strcmp0 (gtk_image_get_icon_name (g_ptr_array_index (images, j)), expected_icons[i]) == 0)
          icon_found = TRUE;
      g_assert_true (icon_found);
    }
  /* No line break inside a figure: "this run 4.20 s" is one piece. */
  g_assert_true (g_str_has_prefix (hp_test_label_text (g_ptr_array_index (rows, 0), "figures-label"),
                                   "this\u00a0run\u00a04.20\u00a0s · "));
  /* The whole-run regression names no node: no node buttons. */
  g_assert_nonnull (hp_test_find_named (g_ptr_array_index (rows, 0), "node-button"));
  g_assert_null (hp_test_find_named (g_ptr_array_index (rows, 1), "node-button"));

  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "caption-label"), ==,
                   "Findings about run r2 and the whole history.");
  toggle = hp_test_get_named (GTK_WIDGET (panel), "show-dismissed-button");
  g_assert_false (gtk_widget_get_visible (toggle));
  g_assert_cmpuint (hp_insights_panel_get_n_dismissed (panel), ==, 0);
}

typedef struct {
  HpGraphCanvas *canvas;
  const char    *node_id;
} CentreWait;

static gboolean
node_is_centred (gpointer data)
{
  CentreWait *wait = data;
  HpGraphLayout *layout = hp_graph_canvas_get_layout (wait->canvas);
  HpViewTransform t = hp_graph_canvas_get_transform (wait->canvas);
  int index = hp_graph_layout_find_node (layout, wait->node_id);
  const HpRect *r;
  double x, y;

  g_assert_cmpint (index, >=, 0);
  r = hp_graph_layout_get_node_rect (layout, (guint) index);
  hp_view_transform_to_view (&t, r->x + r->width / 2, r->y + r->height / 2, &x, &y);
  return fabs (x - gtk_widget_get_width (GTK_WIDGET (wait->canvas)) / 2.0) <= 1.0 &&
         fabs (y - gtk_widget_get_height (GTK_WIDGET (wait->canvas)) / 2.0) <= 1.0;
}

/* A click on a node link selects the node everywhere and centres the
 * canvas on it, as a bottleneck row does. */
static void
test_jump_to_node (void)
{
  GtkWidget *row = row_with_key (window, "dominant_node:3");
  GtkWidget *button;
  CentreWait wait = { get_canvas (window), "3" };

  g_assert_nonnull (row);
  g_assert_null (hp_window_get_selected_node_id (window));
  button = hp_test_get_named (row, "node-button");
  /* The link names the node by its title. */
  g_assert_nonnull (hp_test_find_label_with_text (button, "Sampler"));

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (hp_window_get_selected_node_id (window), ==, "3");
  hp_test_wait_for (node_is_centred, &wait);

  /* Enter on a row jumps to its first node too. */
  hp_window_set_selected_node_id (window, NULL);
  g_signal_emit_by_name (hp_test_get_named (GTK_WIDGET (get_panel (window)), "insights-list-view"),
                         "activate", 0);
  g_assert_cmpstr (hp_window_get_selected_node_id (window), ==, "3");
}

/* Dismiss: the row goes, the document is modified, Undo brings it back;
 * "Show Dismissed" lists it dimmed with a Restore button. */
static void
test_dismiss_undo (void)
{
  HpInsightsPanel *panel = get_panel (window);
  HpProfile *profile = hp_window_get_profile (window);
  GtkWidget *toggle = hp_test_get_named (GTK_WIDGET (panel), "show-dismissed-button");
  GtkWidget *row;
  g_autoptr(GPtrArray) keys = NULL;

  g_assert_false (hp_window_get_modified (window));

  row = row_with_key (window, "dominant_node:3");
  g_signal_emit_by_name (hp_test_get_named (row, "dismiss-button"), "clicked");
  g_assert_true (hp_profile_is_insight_dismissed (profile, "dominant_node:3"));
  g_assert_true (hp_window_get_modified (window));
  g_assert_cmpuint (g_list_model_get_n_items (hp_insights_panel_get_model (panel)), ==, 2);
  wait_for_rows (window, 2);
  g_assert_null (row_with_key (window, "dominant_node:3"));
  g_assert_true (gtk_widget_get_visible (toggle));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (toggle)), ==, "Show Dismissed (1)");

  hp_window_set_modified (window, FALSE);
  click_toast ("Insight dismissed", "_Undo");
  g_assert_false (hp_profile_is_insight_dismissed (profile, "dominant_node:3"));
  g_assert_true (hp_window_get_modified (window));
  wait_for_rows (window, 3);
  g_assert_nonnull (row_with_key (window, "dominant_node:3"));
  g_assert_false (gtk_widget_get_visible (toggle));

  /* Dismiss again, then show the dismissed ones: listed last, dimmed,
   * and its button restores it. The document's own call this time: the
   * button's way shows a toast, and closing one by its close button
   * writes to freed memory inside libadwaita 1.2 (valgrind), which made
   * this test crash now and then. */
  hp_profile_set_dismissed_insight (profile, "dominant_node:3", TRUE);
  g_assert_true (gtk_widget_get_visible (toggle));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (hp_insights_panel_get_show_dismissed (panel));
  keys = model_keys (panel);
  g_assert_cmpuint (keys->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (keys, 2), ==, "dominant_node:3");
  wait_for_rows (window, 3);
  row = row_with_key (window, "dominant_node:3");
  g_assert_true (hp_insight_row_get_dismissed (HP_INSIGHT_ROW (row)));
  g_assert_cmpfloat (gtk_widget_get_opacity (row), <, 1.0);
  g_signal_emit_by_name (hp_test_get_named (row, "dismiss-button"), "clicked");
  g_assert_false (hp_profile_is_insight_dismissed (profile, "dominant_node:3"));
  g_assert_cmpuint (hp_insights_panel_get_n_dismissed (panel), ==, 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (gtk_widget_get_visible (toggle));

  /* Leave it dismissed for the tests after this one. */
  hp_profile_set_dismissed_insight (profile, "dominant_node:3", TRUE);
  wait_for_rows (window, 2);
}

/* A run arriving (as in a live session) recomputes the insights. r3:
 * Load cached, Encode 400 ms, Sampler 2100 ms, Decode 500 ms, 3000 ms in
 * all. Against r2 (previous) and the mean of r1, r2 it is faster
 * everywhere; Sampler takes 2100 / 3000 = 70 % of it: a dominant node
 * (low), whose key dominant_node:3 is dismissed, so nothing is listed and
 * the empty state shows. Removing r3 brings r2's insights back. */
static void
test_new_run (void)
{
  HpInsightsPanel *panel = get_panel (window);
  HpProfile *profile = hp_window_get_profile (window);
  g_autoptr(HpRun) run = hp_run_new ("r3");
  g_autoptr(GError) error = NULL;
  const struct { const char *id; HpNodeStatus status; gint64 start_ms; gint64 duration_ms; } nodes[] = {
    { "1", HP_NODE_STATUS_CACHED, 0, 0 },
    { "2", HP_NODE_STATUS_COMPLETED, 0, 400 },
    { "3", HP_NODE_STATUS_COMPLETED, 400, 2100 },
    { "4", HP_NODE_STATUS_COMPLETED, 2500, 500 },
  };
  gint64 start_us = G_GINT64_CONSTANT (1700000200000) * 1000;
  GtkStack *stack;

  hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
  hp_run_set_started_us (run, start_us);
  hp_run_set_finished_us (run, start_us + 3000 * 1000);
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      g_autoptr(HpNodeRun) node_run = hp_node_run_new (nodes[i].id, nodes[i].status);
      gint64 node_start = start_us + nodes[i].start_ms * 1000;

      hp_node_run_set_times (node_run, node_start, node_start + nodes[i].duration_ms * 1000);
      hp_node_run_set_duration_us (node_run, nodes[i].duration_ms * 1000);
      hp_run_add_node_run (run, node_run);
    }
  g_assert_true (hp_profile_add_run (profile, run, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (hp_insights_panel_get_model (panel)), ==, 0);
  g_assert_cmpuint (hp_insights_panel_get_n_dismissed (panel), ==, 1);
  stack = GTK_STACK (gtk_widget_get_parent (hp_test_get_named (GTK_WIDGET (panel), "insights-empty")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_true (gtk_widget_get_visible (hp_test_get_named (GTK_WIDGET (panel), "show-dismissed-button")));
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (panel), "caption-label"), ==,
                   "Findings about run r3 and the whole history.");

  g_assert_true (hp_profile_remove_run (profile, run));
  g_assert_cmpuint (g_list_model_get_n_items (hp_insights_panel_get_model (panel)), ==, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  wait_for_rows (window, 2);
}

/* The dismissal is saved in the file and still there when it is opened
 * again. */
static void
test_save_reopen (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "dismissed.hotpath", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  HpWindow *reopened;
  HpInsightsPanel *panel;

  g_assert_true (_hp_window_save_to_file (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (hp_window_get_modified (window));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "\"dismissed_insights\": [\"dominant_node:3\"]"));

  reopened = open_window (path);
  panel = get_panel (reopened);
  g_assert_true (hp_profile_is_insight_dismissed (hp_window_get_profile (reopened), "dominant_node:3"));
  keys = model_keys (panel);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "regression:3");
  g_assert_cmpstr (g_ptr_array_index (keys, 1), ==, "regression");
  g_assert_cmpuint (hp_insights_panel_get_n_dismissed (panel), ==, 1);
  g_assert_false (hp_window_get_modified (reopened));
  gtk_window_destroy (GTK_WINDOW (reopened));
  hp_test_settle ();
}

static void
assert_path (HpCriticalPath *path,
             double          length_ms,
             double          execution_ms)
{
  static const char *expected[] = { "1", "3", "4" };

  g_assert_nonnull (path);
  g_assert_cmpuint (hp_critical_path_get_n_nodes (path), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (hp_critical_path_get_node (path, i), ==, expected[i]);
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_length_us (path), length_ms * 1000, 0.5);
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_execution_us (path), execution_ms * 1000, 0.5);
  g_assert_cmpfloat_with_epsilon (hp_critical_path_get_efficiency (path), length_ms / execution_ms, 1e-9);
}

/* win.show-critical-path (the toggle over the canvas, Ctrl+Shift+C) makes
 * the canvas highlight the selected run's critical path; the setting
 * follows. */
static void
test_critical_path (void)
{
  HpGraphCanvas *canvas = get_canvas (window);
  GSettings *settings = hp_application_get_settings (app);
  GtkToggleButton *toggle = GTK_TOGGLE_BUTTON (hp_test_get_named (GTK_WIDGET (window), "critical-path-button"));
  HpSession *session = hp_window_get_session (window);
  HpProfile *profile = hp_window_get_profile (window);

  hp_test_assert_accel (GTK_APPLICATION (app), "<Shift><Control>c", "win.show-critical-path");
  g_assert_false (g_settings_get_boolean (settings, "show-critical-path"));
  g_assert_null (hp_graph_canvas_get_critical_path (canvas));
  g_assert_false (gtk_toggle_button_get_active (toggle));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-critical-path", NULL));
  g_assert_true (hp_graph_canvas_get_show_critical_path (canvas));
  g_assert_true (g_settings_get_boolean (settings, "show-critical-path"));
  g_assert_true (gtk_toggle_button_get_active (toggle));
  /* r2: Load (0, cached), Sampler 4200, Decode 500 = 4700 of 5100 ms */
  assert_path (hp_graph_canvas_get_critical_path (canvas), 4700, 5100);

  /* It follows the selected run. r1: Load 100 + Sampler 2000 + Decode 500
   * = 2600 ms (against 100 + 400 + 500 via Encode) of 3000 ms. */
  hp_session_set_selected_run (session, hp_profile_lookup_run (profile, "r1"));
  assert_path (hp_graph_canvas_get_critical_path (canvas), 2600, 3000);
  hp_session_set_selected_run (session, hp_profile_lookup_run (profile, "r2"));
  assert_path (hp_graph_canvas_get_critical_path (canvas), 4700, 5100);

  /* A click on the toggle turns it off again. */
  g_signal_emit_by_name (toggle, "clicked");
  hp_test_flush ();
  g_assert_false (gtk_toggle_button_get_active (toggle));
  g_assert_false (hp_graph_canvas_get_show_critical_path (canvas));
  g_assert_null (hp_graph_canvas_get_critical_path (canvas));
  g_assert_false (g_settings_get_boolean (settings, "show-critical-path"));
}

/* ---- screenshots (HP_SCREENSHOT_DIR=… only) ------------------------------- */

static void
test_screenshots (void)
{
  const char *dir = hp_test_screenshot_dir ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  HpGraphCanvas *canvas = get_canvas (window);

  if (dir == NULL)
    return;

  /* All three insights in the pictures; dismissed again afterwards. */
  hp_profile_set_dismissed_insight (hp_window_get_profile (window), "dominant_node:3", FALSE);
  hp_window_set_modified (window, FALSE);

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *insights_name = g_strdup_printf ("insights-%s.png", dark ? "dark" : "light");
      g_autofree char *path_name = g_strdup_printf ("critical-path-%s.png", dark ? "dark" : "light");

      hp_test_set_dark (dark);
      hp_window_set_selected_node_id (window, NULL);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-critical-path", NULL);
      g_assert_true (hp_graph_canvas_get_show_critical_path (canvas));
      hp_graph_canvas_zoom_to_fit (canvas);
      hp_test_settle ();
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (window), dir, path_name);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-critical-path", NULL);
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (window), dir, insights_name);
    }

  /* The side pane at its narrowest (360 px): the four page titles fit. */
  {
    g_autoptr(GPtrArray) paneds = hp_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_PANED);

    for (guint i = 0; i < paneds->len; i++)
      {
        GtkPaned *paned = g_ptr_array_index (paneds, i);

        if (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == GTK_ORIENTATION_HORIZONTAL)
          gtk_paned_set_position (paned, gtk_widget_get_width (GTK_WIDGET (paned)));
      }
    hp_test_settle ();
    hp_test_settle ();
    hp_test_save_png (GTK_WIDGET (window), dir, "insights-narrow-dark.png");
  }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  hp_profile_set_dismissed_insight (hp_window_get_profile (window), "dominant_node:3", TRUE);
  hp_window_set_modified (window, FALSE);
}

static void
test_close (void)
{
  /* Nothing unsaved since the save: closing asks nothing. */
  g_assert_false (hp_window_get_modified (window));
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  hp_test_settle ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  app = hp_test_app_new ();
  tmp_dir = g_dir_make_tmp ("hotpath-insights-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/insights/rows/listed", test_rows);
  g_test_add_func ("/insights/jump/selects-and-centres", test_jump_to_node);
  g_test_add_func ("/insights/dismiss/undo-and-restore", test_dismiss_undo);
  g_test_add_func ("/insights/live/new-run", test_new_run);
  g_test_add_func ("/insights/save/reopen-keeps-dismissed", test_save_reopen);
  g_test_add_func ("/insights/critical-path/toggle", test_critical_path);
  g_test_add_func ("/insights/screenshots/light-dark", test_screenshots);
  g_test_add_func ("/insights/close/window", test_close);

  ret = g_test_run ();

  {
    g_autofree char *path = g_build_filename (tmp_dir, "dismissed.hotpath", NULL);

    g_remove (path);
    g_rmdir (tmp_dir);
  }
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_object (&app);
  return ret;
}
