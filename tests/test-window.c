/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of the main window, run headless under Xvfb (see
 * tests/meson.build for the environment). The tests share one window and
 * run in order (each path has its own second component, so GTest keeps
 * the order they are added in): open, list, bottleneck click, bad file,
 * second document, close. */
#include <adwaita.h>
#include <math.h>
#include <glib/gstdio.h>

#include "hp-application.h"
#include "hp-bottleneck-row.h"
#include "hp-graph-canvas.h"
#include "hp-node-list.h"
#include "hp-node-row.h"
#include "hp-test-utils.h"
#include "hp-window.h"
#include "hp-window-private.h"

static HpApplication *app;
static HpWindow *window;
static HpProfile *first_profile;   /* weak */

/* Node rows bound to a node, top to bottom as drawn. */
static GPtrArray *
visible_node_rows (void)
{
  g_autoptr(GPtrArray) all = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_NODE_ROW);
  GPtrArray *bound = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (all, i);

      if (hp_node_row_get_stats (HP_NODE_ROW (row)) != NULL && gtk_widget_get_mapped (row))
        g_ptr_array_add (bound, row);
    }
  hp_test_sort_by_y (bound, GTK_WIDGET (window));
  return bound;
}

static gboolean
window_not_loading (gpointer data)
{
  return !hp_window_get_loading (HP_WINDOW (data));
}

static gboolean
three_rows_drawn (gpointer data)
{
  g_autoptr(GPtrArray) rows = visible_node_rows ();

  return rows->len == 3 && gtk_widget_get_mapped (GTK_WIDGET (window));
}

/* The node list's rows are GtkTreeListRows (a node, or its details when
 * expanded); this is the node of a row. */
static HpNodeStats *
node_stats_at (GListModel *model,
               guint       position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, position);

  g_assert_true (GTK_IS_TREE_LIST_ROW (row));
  return HP_NODE_STATS (gtk_tree_list_row_get_item (row));
}

static void
test_open_node_list (void)
{
  g_autoptr(GFile) file = hp_test_fixture_file ("cli-small.hotpath");
  g_autoptr(GPtrArray) rows = NULL;
  GListModel *model;
  static const char *expected_titles[] = { "Sample", "Load", "Save" };
  /* Means over completed runs only (cli-small.hotpath):
   *   Sample (2): r1 1800, r2 1900, r4 2400 (r3 failed) → 6100 / 3 = 2033.33 ms → "2.03 s"
   *   Load (1):   r1 1000 (cached in r2, r3, r4)        → 1000 ms            → "1.00 s"
   *   Save (3):   r1 200, r2 200, r4 200 (r3 skipped)   → 200 ms             → "200.0 ms" */
  static const char *expected_means[] = { "2.03 s", "1.00 s", "200.0 ms" };
  /* Bars show shares of the selected run, the latest (r4, 2600 ms):
   *   Sample 2400 / 2600 = 92.3 % (≥ 20 → high), Load was cached in r4
   *   (no time, and the row says why), Save 200 / 2600 = 7.7 % (5..20 → medium) */
  static const char *expected_shares[] = { "92.3 % · high", "cached in this run", "7.7 % · medium" };

  window = hp_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (hp_window_get_profile (window));

  hp_window_open_file (window, file);
  g_assert_true (hp_window_get_loading (window));
  hp_test_wait_for (hp_test_window_has_profile, window);
  g_assert_false (hp_window_get_loading (window));
  first_profile = hp_window_get_profile (window);
  g_object_add_weak_pointer (G_OBJECT (first_profile), (gpointer *) &first_profile);

  /* Title: the workflow name, the file name as subtitle. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Small workflow — cli-small.hotpath");

  model = G_LIST_MODEL (hp_window_get_node_selection (window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(HpNodeStats) stats = node_stats_at (model, i);

      g_assert_cmpstr (hp_node_stats_get_title (stats), ==, expected_titles[i]);
    }

  hp_test_wait_for (three_rows_drawn, NULL);
  rows = visible_node_rows ();
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (hp_test_label_text (row, "title-label"), ==, expected_titles[i]);
      g_assert_cmpstr (hp_test_label_text (row, "mean-label"), ==, expected_means[i]);
      g_assert_cmpstr (hp_test_label_text (row, "share-label"), ==, expected_shares[i]);
    }
  /* Sample: last run r4 2400 ms; p95 of {1800, 1900, 2400}: h = 2·0.95 = 1.9,
   * 1900 + 0.9·(2400 − 1900) = 2350 ms. */
  g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (rows, 0), "detail-label"), ==,
                   "last 2.40 s · p95 2.35 s");
  /* Sample ran 3 times, 0 cached, failed in r3; Load ran once, cached 3 times. */
  g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (rows, 0), "runs-label"), ==, "3 runs");
  g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (rows, 0), "status-label"), ==,
                   "0 cached · 1 failed");
  g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (rows, 1), "runs-label"), ==, "1 run");
  g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (rows, 1), "status-label"), ==,
                   "3 cached · 0 failed");
}

static void
test_bottleneck_selects_node (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkSelectionModel *selection = hp_window_get_node_selection (window);
  HpBottleneckRow *second;
  GtkWidget *list;
  g_autoptr(HpNodeStats) selected = NULL;

  g_assert_nonnull (hp_window_get_profile (window));
  /* The panel ranks the latest run by default; by mean over all runs the
   * fixture's three nodes all count (test_rank_by_selected_run covers the
   * default). */
  g_assert_cmpint (hp_session_get_metric (hp_window_get_session (window)), ==, HP_METRIC_LAST);
  hp_session_set_metric (hp_window_get_session (window), HP_METRIC_MEAN);
  rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_BOTTLENECK_ROW);
  /* Three executed nodes, top 5 → all three, by mean: 2 (Sample), 1 (Load), 3 (Save). */
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (hp_bottleneck_row_get_node_id (g_ptr_array_index (rows, 0)), ==, "2");
  g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (rows, 0), "share-label"), ==, "62.9 %");
  /* Means 2033.3 + 1000 + 200 = 3233.3 ms: Sample 62.9 % and Load 30.9 %
   * are high (≥ 20 %), Save 6.2 % is medium (5–20 %); the icon's shape
   * says so as well as its colour. */
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (hp_test_get_named (g_ptr_array_index (rows, 0),
                                                                          "level-icon"))),
                   ==, "dialog-warning-symbolic");
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (hp_test_get_named (g_ptr_array_index (rows, 2),
                                                                          "level-icon"))),
                   ==, "dialog-information-symbolic");

  second = g_ptr_array_index (rows, 1);
  g_assert_cmpuint (hp_bottleneck_row_get_rank (second), ==, 2);
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (second), "rank-label"), ==, "#2");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (second), "title-label"), ==, "Load");
  g_assert_null (hp_window_get_selected_node_id (window));

  /* Activate it as a click or Enter would. */
  g_signal_emit_by_name (second, "activate");

  g_assert_cmpstr (hp_window_get_selected_node_id (window), ==, "1");
  /* Load is second in the mean-sorted list. */
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 1);
  selected = node_stats_at (G_LIST_MODEL (selection), 1);
  g_assert_true (gtk_selection_model_is_selected (selection, 1));
  g_assert_cmpstr (hp_node_stats_get_node_id (selected), ==, "1");
  list = gtk_widget_get_parent (GTK_WIDGET (second));
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)) == GTK_LIST_BOX_ROW (second));

  /* And the other way: selecting in the list moves the window's node. */
  gtk_selection_model_select_item (selection, 2, TRUE);
  g_assert_cmpstr (hp_window_get_selected_node_id (window), ==, "3");
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)) ==
                 GTK_LIST_BOX_ROW (g_ptr_array_index (rows, 2)));
}

static void
test_malformed_file_keeps_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hotpath-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *good_path = hp_test_fixture_path ("cli-small.hotpath");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) toasts = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  HpProfile *before = hp_window_get_profile (window);
  gboolean found = FALSE;
  gsize length;

  g_assert_no_error (error);
  g_assert_nonnull (before);

  /* The fixture cut off in the middle: truncated JSON. */
  g_assert_true (g_file_get_contents (good_path, &contents, &length, &error));
  g_assert_no_error (error);
  path = g_build_filename (dir, "broken.hotpath", NULL);
  g_assert_true (g_file_set_contents (path, contents, length / 2, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  hp_window_open_file (window, file);
  hp_test_wait_for (window_not_loading, window);

  toasts = hp_test_collect_by_type_name (GTK_WIDGET (window), "HpToastWidget");
  g_assert_cmpuint (toasts->len, ==, 1);
  labels = hp_test_collect_widgets (g_ptr_array_index (toasts, 0), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      /* The reader's message, naming the file by its name. */
      if (g_str_has_prefix (text, "broken.hotpath:"))
        found = TRUE;
    }
  g_assert_true (found);

  /* The document is untouched and no window opened for the bad file. */
  g_assert_true (hp_window_get_profile (window) == before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hp_window_get_node_selection (window))), ==, 3);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Small workflow — cli-small.hotpath");
  g_assert_cmpstr (hp_window_get_selected_node_id (window), ==, "3");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
app_has_two_loaded_windows (gpointer data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  if (g_list_length (windows) != 2)
    return FALSE;
  for (GList *l = windows; l != NULL; l = l->next)
    if (hp_window_get_profile (l->data) == NULL)
      return FALSE;
  return TRUE;
}

static void
test_second_document_new_window (void)
{
  g_autoptr(GFile) file = hp_test_fixture_file ("cli-small.hotpath");
  HpProfile *before = hp_window_get_profile (window);
  GtkWidget *other = NULL;

  hp_window_open_file (window, file);
  hp_test_wait_for (app_has_two_loaded_windows, NULL);

  g_assert_true (hp_window_get_profile (window) == before);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (l->data != window)
      other = l->data;
  g_assert_nonnull (other);
  g_assert_true (hp_window_get_profile (HP_WINDOW (other)) != before);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (other)), ==, "Small workflow — cli-small.hotpath");
  gtk_window_destroy (GTK_WINDOW (other));
}

static gboolean
profile_gone (gpointer data)
{
  return first_profile == NULL;
}

static void
test_close_releases_document (void)
{
  g_assert_nonnull (first_profile);

  gtk_window_close (GTK_WINDOW (window));
  window = NULL;
  /* Once the window is gone, nothing holds on to its profile. */
  hp_test_wait_for (profile_gone, NULL);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static void
test_window_size_kept (void)
{
  GSettings *settings = hp_application_get_settings (app);
  HpWindow *closing = hp_window_new (app);
  HpWindow *restored;
  int width;
  int height;

  /* The size of the window closed last is kept… (GTK applies a default
   * size only when the window is shown; closing asks only mapped windows.) */
  gtk_window_set_default_size (GTK_WINDOW (closing), 1001, 702);
  gtk_window_present (GTK_WINDOW (closing));
  hp_test_wait_for (hp_test_widget_mapped, closing);
  gtk_window_close (GTK_WINDOW (closing));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1001);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 702);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* …and the next window starts with it. */
  restored = hp_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (restored), &width, &height);
  g_assert_cmpint (width, ==, 1001);
  g_assert_cmpint (height, ==, 702);
  gtk_window_destroy (GTK_WINDOW (restored));
}

static void
test_app_accels (void)
{
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>o", "win.open");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>n", "app.new-window");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>w", "window.close");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>q", "app.quit");
}

/* "Rank by: Selected run" ranks the nodes of the run the panels show. The
 * latest run, r4, took 2600 ms: Sample 2400 ms = 92.3 %, Save 200 ms =
 * 7.7 %, Load was cached (not a bottleneck). Ctrl+F opens the list's search. */
static void
test_rank_by_selected_run (void)
{
  g_autoptr(GPtrArray) dropdowns = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) search_bars = NULL;
  GtkDropDown *dropdown = NULL;

  dropdowns = hp_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN);
  for (guint i = 0; i < dropdowns->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (dropdowns, i)),
                   "What the bottlenecks are ranked by") == 0)
      dropdown = g_ptr_array_index (dropdowns, i);
  g_assert_nonnull (dropdown);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1);   /* Mean */

  gtk_drop_down_set_selected (dropdown, 0);   /* Selected run */
  rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_BOTTLENECK_ROW);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (hp_bottleneck_row_get_node_id (g_ptr_array_index (rows, 0)), ==, "2");
  g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (rows, 0), "share-label"), ==, "92.3 %");
  g_assert_cmpstr (hp_bottleneck_row_get_node_id (g_ptr_array_index (rows, 1)), ==, "3");
  g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (rows, 1), "share-label"), ==, "7.7 %");

  /* One bottleneck only: the caption's singular form names no count. */
  g_object_set (hp_window_get_session (window), "top-n", 1u, NULL);
  g_ptr_array_unref (rows);
  rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_BOTTLENECK_ROW);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (window),
                                                  "The slowest node of run r4 and its share of the run’s time."));
  g_object_set (hp_window_get_session (window), "top-n", 5u, NULL);

  gtk_drop_down_set_selected (dropdown, 1);   /* back to Mean for the tests after */
  /* The list's bars follow: Sample's share of the mean total 2033.33 of
   * 2033.33 + 1000 + 200 = 3233.33 ms is 62.9 %. */
  {
    g_autoptr(GPtrArray) node_rows = visible_node_rows ();

    g_assert_cmpstr (hp_test_label_text (g_ptr_array_index (node_rows, 0), "share-label"), ==,
                     "62.9 % · high");
  }
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_BOTTLENECK_ROW);
  g_assert_cmpuint (rows->len, ==, 3);

  /* Ctrl+F anywhere in the window: the node list's search bar opens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  search_bars = hp_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_SEARCH_BAR);
  g_assert_cmpuint (search_bars->len, ==, 1);
  g_assert_true (gtk_search_bar_get_search_mode (g_ptr_array_index (search_bars, 0)));
  gtk_search_bar_set_search_mode (g_ptr_array_index (search_bars, 0), FALSE);
}

/* Where a node's centre is drawn, in canvas (widget) coordinates. */
static void
node_centre_in_view (HpGraphCanvas *canvas,
                     const char    *node_id,
                     double        *x,
                     double        *y)
{
  HpGraphLayout *layout = hp_graph_canvas_get_layout (canvas);
  HpViewTransform t = hp_graph_canvas_get_transform (canvas);
  const HpRect *r;
  int index;

  index = hp_graph_layout_find_node (layout, node_id);
  g_assert_cmpint (index, >=, 0);
  r = hp_graph_layout_get_node_rect (layout, (guint) index);
  hp_view_transform_to_view (&t, r->x + r->width / 2, r->y + r->height / 2, x, y);
}

typedef struct {
  HpGraphCanvas *canvas;
  const char    *node_id;
} CentreWait;

static gboolean
node_is_centred (gpointer data)
{
  CentreWait *wait = data;
  double x, y;

  node_centre_in_view (wait->canvas, wait->node_id, &x, &y);
  return fabs (x - gtk_widget_get_width (GTK_WIDGET (wait->canvas)) / 2.0) <= 1.0 &&
         fabs (y - gtk_widget_get_height (GTK_WIDGET (wait->canvas)) / 2.0) <= 1.0;
}

static GtkGesture *
canvas_click_gesture (HpGraphCanvas *canvas)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (canvas));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_PRIMARY)
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
  return NULL;
}

/* One selection, three views: a bottleneck click centres the canvas on the
 * node; a click on a canvas node selects it in the list; choosing in the
 * list centres the canvas again. */
static void
test_selection_across_views (void)
{
  g_autoptr(GPtrArray) canvases = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_GRAPH_CANVAS);
  g_autoptr(GPtrArray) rows = NULL;
  HpGraphCanvas *canvas = g_ptr_array_index (canvases, 0);
  GtkSelectionModel *selection = hp_window_get_node_selection (window);
  GtkGesture *click = canvas_click_gesture (canvas);
  CentreWait wait = { canvas, NULL };
  g_autoptr(HpNodeStats) listed = NULL;
  double x, y;

  hp_session_set_metric (hp_window_get_session (window), HP_METRIC_MEAN);
  rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_BOTTLENECK_ROW);

  /* Bottleneck #3 by mean is Save ("3"): the canvas animates to it. */
  g_signal_emit_by_name (g_ptr_array_index (rows, 2), "activate");
  g_assert_cmpstr (hp_window_get_selected_node_id (window), ==, "3");
  wait.node_id = "3";
  hp_test_wait_for (node_is_centred, &wait);

  /* A click on Load's box on the canvas selects Load in the list. */
  node_centre_in_view (canvas, "1", &x, &y);
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, x, y);
  g_assert_cmpstr (hp_window_get_selected_node_id (window), ==, "1");
  listed = node_stats_at (G_LIST_MODEL (selection),
                          gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)));
  g_assert_cmpstr (hp_node_stats_get_node_id (listed), ==, "1");

  /* Choosing Sample in the list centres the canvas on it. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_cmpstr (hp_window_get_selected_node_id (window), ==, "2");
  wait.node_id = "2";
  hp_test_wait_for (node_is_centred, &wait);

  /* Leave Save selected, as the tests after this one expect. */
  hp_window_set_selected_node_id (window, "3");
}

/* The canvas shares the window's session; Enter on a canvas node opens its
 * details in the list; the Share/Change toggles set the heatmap mode of
 * every window through GSettings. */
static void
test_canvas_in_window (void)
{
  g_autoptr(GPtrArray) canvases = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) toggles = NULL;
  g_autofree char *mode = NULL;
  GSettings *settings = hp_application_get_settings (app);
  HpGraphCanvas *canvas;
  HpNodeList *list;
  GtkToggleButton *change = NULL;

  canvases = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_GRAPH_CANVAS);
  g_assert_cmpuint (canvases->len, ==, 1);
  canvas = g_ptr_array_index (canvases, 0);
  g_assert_true (hp_graph_canvas_get_session (canvas) == hp_window_get_session (window));

  lists = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_NODE_LIST);
  list = g_ptr_array_index (lists, 0);
  g_assert_false (hp_node_list_get_node_expanded (list, "2"));
  g_signal_emit_by_name (canvas, "node-activated", "2");
  g_assert_true (hp_node_list_get_node_expanded (list, "2"));
  hp_node_list_set_node_expanded (list, "2", FALSE);

  toggles = hp_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON);
  for (guint i = 0; i < toggles->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (toggles, i)), "Change") == 0)
      change = g_ptr_array_index (toggles, i);
  g_assert_nonnull (change);
  gtk_toggle_button_set_active (change, TRUE);
  mode = g_settings_get_string (settings, "heatmap-mode");
  g_assert_cmpstr (mode, ==, "change");
  g_assert_cmpint (hp_graph_canvas_get_heatmap_mode (canvas), ==, HP_HEATMAP_CHANGE);

  /* And back, from the settings side (the preferences window's way). */
  g_settings_set_string (settings, "heatmap-mode", "share");
  g_assert_cmpint (hp_graph_canvas_get_heatmap_mode (canvas), ==, HP_HEATMAP_SHARE);
  g_assert_false (gtk_toggle_button_get_active (change));
}

/* The README's first picture: the bundled demo (data/demo/txt2img.hotpath)
 * at 1280×800, light and dark (HP_SCREENSHOT_DIR=… only). */
static void
test_screenshots (void)
{
  const char *dir = hp_test_screenshot_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  HpWindow *shown;

  if (dir == NULL)
    return;
  path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "txt2img.hotpath", NULL);
  file = g_file_new_for_path (path);
  shown = hp_test_open_window (app, file, 1280, 800);
  /* Past the cross-fade from the empty page to the document. */
  for (guint i = 0; i < 20; i++)
    hp_test_settle ();
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("main-window-%s.png", dark ? "dark" : "light");

      hp_test_set_dark (dark);
      hp_test_settle ();
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (shown), dir, name);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (shown));
  hp_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  app = hp_test_app_new ();
  g_assert_nonnull (hp_application_get_settings (app));

  g_test_add_func ("/window/app/accels", test_app_accels);
  g_test_add_func ("/window/open/node-list", test_open_node_list);
  g_test_add_func ("/window/bottleneck/selects-node", test_bottleneck_selects_node);
  g_test_add_func ("/window/bottleneck/rank-by-selected-run", test_rank_by_selected_run);
  g_test_add_func ("/window/canvas/shares-session", test_canvas_in_window);
  g_test_add_func ("/window/canvas/selection-across-views", test_selection_across_views);
  g_test_add_func ("/window/bad-file/keeps-document", test_malformed_file_keeps_document);
  g_test_add_func ("/window/second-file/opens-new-window", test_second_document_new_window);
  g_test_add_func ("/window/close/releases-document", test_close_releases_document);
  g_test_add_func ("/window/settings/size-kept", test_window_size_kept);
  g_test_add_func ("/window/screenshots/demo", test_screenshots);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
