/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of the run timeline in the real window, headless under
 * Xvfb (environment in tests/meson.build). Each test opens a document,
 * switches the lower panel to "Timeline" and drives the view.
 *
 * tests/fixtures/cli-small.hotpath, the latest run r4 worked by hand:
 * queued at …299.980 s, started …300.000 s (20 ms queue), finished after
 * 2600 ms; 1 Load cached at 0, 2 Sample 0–2400 ms, 3 Save 2400–2600 ms.
 * Rows by first start, ties in the run's order: Load, Sample, Save. */
#include <adwaita.h>
#include <math.h>

#include "hp-application.h"
#include "hp-test-utils.h"
#include "hp-timeline-view.h"
#include "hp-window.h"
#include "hp-window-private.h"

#define MS 1000.0

static HpApplication *app;

typedef struct {
  HpWindow       *window;
  HpTimelineView *timeline;
  HpSession      *session;
} Shown;

static gboolean
timeline_drawn (gpointer data)
{
  Shown *shown = data;

  return gtk_widget_get_mapped (GTK_WIDGET (shown->timeline)) &&
         gtk_widget_get_width (GTK_WIDGET (shown->timeline)) > 0 &&
         gtk_widget_get_height (GTK_WIDGET (shown->timeline)) > 0;
}

static void
show_timeline (Shown      *shown,
               const char *dir,
               const char *name)
{
  g_autofree char *path = g_strcmp0 (dir, "demo") == 0
                          ? g_test_build_filename (G_TEST_DIST, "..", "data", "demo", name, NULL)
                          : hp_test_fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) views = NULL;
  GtkWidget *stack;

  shown->window = hp_test_open_window (app, file, 1280, 800);
  shown->session = hp_window_get_session (shown->window);

  views = hp_test_collect_widgets (GTK_WIDGET (shown->window), HP_TYPE_TIMELINE_VIEW);
  g_assert_cmpuint (views->len, ==, 1);
  shown->timeline = g_ptr_array_index (views, 0);
  /* The page of the lower stack, after "nodes". */
  stack = gtk_widget_get_parent (GTK_WIDGET (shown->timeline));
  g_assert_true (GTK_IS_STACK (stack));
  g_assert_true (gtk_stack_get_child_by_name (GTK_STACK (stack), "timeline") == GTK_WIDGET (shown->timeline));
  g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (GTK_STACK (stack), GTK_WIDGET (shown->timeline))),
                   ==, "Timeline");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "timeline");
  hp_test_wait_for (timeline_drawn, shown);
  hp_test_settle ();
  g_assert_true (hp_timeline_view_get_session (shown->timeline) == shown->session);
}

static void
close_window (Shown *shown)
{
  /* The view goes with its window: nothing keeps it (and its run) alive. */
  hp_test_destroy_window (GTK_WINDOW (shown->window), (gpointer *) &shown->timeline);
}

static gpointer
find_controller (HpTimelineView *view,
                 GType           type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

static void
click_at (HpTimelineView *view,
          double          x,
          double          y)
{
  GtkGesture *click = find_controller (view, GTK_TYPE_GESTURE_CLICK);

  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, x, y);
}

static gboolean
press_key (HpTimelineView *view,
           guint           keyval)
{
  GtkEventController *keys = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, 0, &handled);
  return handled;
}

static void
count_jump (guint      *count,
            const char *node_id)
{
  (*count)++;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_rows_and_axis (void)
{
  Shown shown = { 0 };
  HpTimeline *timeline;
  HpTimelineAxis axis;
  double width, gutter, plot, ppu, start;

  show_timeline (&shown, "fixtures", "cli-small.hotpath");
  timeline = hp_timeline_view_get_timeline (shown.timeline);
  g_assert_nonnull (timeline);
  g_assert_null (hp_timeline_view_get_empty_message (shown.timeline));
  g_assert_cmpuint (hp_timeline_get_n_rows (timeline), ==, 3);
  g_assert_cmpstr (hp_timeline_get_row (timeline, 0)->label, ==, "Load");
  g_assert_cmpstr (hp_timeline_get_row (timeline, 1)->label, ==, "Sample");
  g_assert_cmpstr (hp_timeline_get_row (timeline, 2)->label, ==, "Save");
  g_assert_cmpint (hp_timeline_get_queue_us (timeline), ==, 20 * MS);

  /* Fitted: the range −min(20, 2600 / 4) = −20 ms … 2600 ms fills the
   * plot less 16 px each side. The gutter is 28 % of the width within
   * 100…220 px; three rows need no scrollbar. */
  width = gtk_widget_get_width (GTK_WIDGET (shown.timeline));
  gutter = round (CLAMP (width * 0.28, 100, 220));
  plot = width - gutter;
  ppu = (plot - 32) / (2620 * MS);
  start = -20 * MS - 16 / ppu;
  axis = hp_timeline_view_get_axis (shown.timeline);
  g_assert_cmpfloat_with_epsilon (axis.px_per_us, ppu, 1e-12);
  g_assert_cmpfloat_with_epsilon (axis.start_us, start, 1e-3);

  /* The actions zoom by 1.25 and fit again. */
  gtk_widget_activate_action (GTK_WIDGET (shown.timeline), "timeline.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (hp_timeline_view_get_axis (shown.timeline).px_per_us, ppu * 1.25, 1e-12);
  gtk_widget_activate_action (GTK_WIDGET (shown.timeline), "timeline.zoom-fit", NULL);
  g_assert_cmpfloat_with_epsilon (hp_timeline_view_get_axis (shown.timeline).px_per_us, ppu, 1e-12);

  close_window (&shown);
}

static void
test_click_selects (void)
{
  Shown shown = { 0 };
  HpTimelineAxis axis;
  graphene_rect_t area;
  double gutter, x, y;

  show_timeline (&shown, "fixtures", "cli-small.hotpath");
  axis = hp_timeline_view_get_axis (shown.timeline);
  gutter = round (CLAMP (gtk_widget_get_width (GTK_WIDGET (shown.timeline)) * 0.28, 100, 220));

  /* Save (bar 2, row 2) runs 2400–2600 ms: its middle, 2500 ms, is at
   * gutter + (2500 ms − start) × scale; row 2 is 36 (axis) + 2 × 24 + 12
   * = 96 px down. */
  x = gutter + (2500 * MS - axis.start_us) * axis.px_per_us;
  y = 36 + 2 * 24 + 12;
  g_assert_true (hp_timeline_view_get_bar_area (shown.timeline, 2, &area));
  g_assert_true (graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (x, y)));
  click_at (shown.timeline, x, y);
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "3");
  g_assert_cmpint (hp_timeline_view_get_selected_row (shown.timeline), ==, 2);
  /* …and the window's other views follow through the session. */
  g_assert_cmpstr (hp_window_get_selected_node_id (shown.window), ==, "3");

  /* Load's cached marker at 0 ms, row 0 (y = 36 + 12): a point, hit
   * within a few pixels. */
  x = gutter + (0 - axis.start_us) * axis.px_per_us + 3;
  click_at (shown.timeline, x, 36 + 12);
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "1");

  /* A row's label in the gutter selects it too: Sample. */
  click_at (shown.timeline, 20, 36 + 24 + 12);
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "2");

  close_window (&shown);
}

static void
test_follows_session_and_keys (void)
{
  Shown shown = { 0 };
  guint jumps = 0;

  show_timeline (&shown, "fixtures", "cli-small.hotpath");
  g_signal_connect_swapped (shown.session, "jump-to-node", G_CALLBACK (count_jump), &jumps);

  /* Selected elsewhere (the canvas, the list): the row follows. */
  hp_session_set_selected_node_id (shown.session, "2");
  g_assert_cmpint (hp_timeline_view_get_selected_row (shown.timeline), ==, 1);
  hp_window_set_selected_node_id (shown.window, "3");
  g_assert_cmpint (hp_timeline_view_get_selected_row (shown.timeline), ==, 2);
  hp_session_set_selected_node_id (shown.session, NULL);
  g_assert_cmpint (hp_timeline_view_get_selected_row (shown.timeline), ==, -1);

  /* Down from nothing: the first row; then the next; past the end it
   * stays. Up goes back. */
  g_assert_true (press_key (shown.timeline, GDK_KEY_Down));
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "1");
  g_assert_true (press_key (shown.timeline, GDK_KEY_Down));
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "2");
  g_assert_true (press_key (shown.timeline, GDK_KEY_Down));
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "3");
  g_assert_true (press_key (shown.timeline, GDK_KEY_Down));
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "3");
  g_assert_true (press_key (shown.timeline, GDK_KEY_Up));
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "2");

  /* Enter jumps to the node (hp_window_set_selected_node_id() above was
   * the first jump). */
  g_assert_cmpuint (jumps, ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (shown.timeline), "timeline.activate-node", NULL);
  g_assert_cmpuint (jumps, ==, 2);
  g_assert_cmpstr (hp_session_get_selected_node_id (shown.session), ==, "2");

  g_assert_true (press_key (shown.timeline, GDK_KEY_Escape));
  g_assert_null (hp_session_get_selected_node_id (shown.session));

  g_signal_handlers_disconnect_by_func (shown.session, count_jump, &jumps);
  close_window (&shown);
}

static void
test_scrolls_selection_into_view (void)
{
  Shown shown = { 0 };
  HpTimeline *timeline;
  int row;
  graphene_rect_t area;

  /* product-shots: 35 nodes, more rows than the lower panel shows. */
  show_timeline (&shown, "demo", "product-shots.hotpath");
  timeline = hp_timeline_view_get_timeline (shown.timeline);
  g_assert_cmpuint (hp_timeline_get_n_rows (timeline), ==, 35);
  row = hp_timeline_find_row (timeline, "35");
  g_assert_cmpint (row, ==, 34);
  g_assert_false (hp_timeline_view_get_bar_area (shown.timeline,
                                                 hp_timeline_get_row (timeline, row)->first_bar, &area));

  hp_session_set_selected_node_id (shown.session, "35");
  g_assert_true (hp_timeline_view_get_bar_area (shown.timeline,
                                                hp_timeline_get_row (timeline, row)->first_bar, &area));
  /* And back up to the first row. */
  hp_session_set_selected_node_id (shown.session, hp_timeline_get_row (timeline, 0)->node_id);
  g_assert_true (hp_timeline_view_get_bar_area (shown.timeline,
                                                hp_timeline_get_row (timeline, 0)->first_bar, &area));

  close_window (&shown);
}

static void
test_empty_without_timing (void)
{
  Shown shown = { 0 };

  /* ComfyUI's /history has node totals but no start times. */
  show_timeline (&shown, "fixtures", "comfyui-history-txt2img.json");
  g_assert_nonnull (hp_timeline_view_get_timeline (shown.timeline));
  g_assert_false (hp_timeline_has_timing (hp_timeline_view_get_timeline (shown.timeline)));
  g_assert_cmpstr (hp_timeline_view_get_empty_message (shown.timeline), ==,
                   "This run has no per-node timing");
  /* Nothing to click, nothing to move to. */
  click_at (shown.timeline, 300, 60);
  g_assert_null (hp_session_get_selected_node_id (shown.session));
  g_assert_false (press_key (shown.timeline, GDK_KEY_Down));

  close_window (&shown);
}

static void
test_accessible (void)
{
  Shown shown = { 0 };

  show_timeline (&shown, "fixtures", "cli-small.hotpath");
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (shown.timeline)));
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (shown.timeline), GTK_ACCESSIBLE_ROLE_IMG));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (shown.timeline),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  hp_session_set_selected_node_id (shown.session, "3");
  /* Save, row 3 of 3: starts at 2400 ms, took 200 ms. */
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (shown.timeline),
                                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                     "Row 3 of 3: Save, starts at 2.40 s, took 200.0 ms"));
  close_window (&shown);
}

/* ---- screenshots (HP_SCREENSHOT_DIR=… only) ----------------------------- */

static void
test_screenshots (void)
{
  const char *dir = hp_test_screenshot_dir ();
  const char *demo = g_getenv ("HP_SCREENSHOT_DEMO");
  AdwStyleManager *style = adw_style_manager_get_default ();
  Shown shown = { 0 };

  if (dir == NULL)
    return;
  show_timeline (&shown, "demo", demo != NULL ? demo : "product-shots.hotpath");
  /* A taller lower panel, as someone reading the timeline would drag it. */
  gtk_paned_set_position (GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (shown.timeline), GTK_TYPE_PANED)),
                          330);
  hp_test_settle ();
  /* The upscaler selected (as after a click): its row is scrolled to the middle. */
  hp_session_set_selected_node_id (shown.session, "18");
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("timeline-%s.png", dark ? "dark" : "light");

      hp_test_set_dark (dark);
      hp_test_settle ();
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (shown.window), dir, name);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  close_window (&shown);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* GTK's test accessibility backend: it keeps what the widgets set for
   * gtk_test_accessible_*() to read, and talks to no bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  app = hp_test_app_new ();

  g_test_add_func ("/timeline/window/rows-and-axis", test_rows_and_axis);
  g_test_add_func ("/timeline/window/click-selects", test_click_selects);
  g_test_add_func ("/timeline/window/follows-session-and-keys", test_follows_session_and_keys);
  g_test_add_func ("/timeline/window/scrolls-selection-into-view", test_scrolls_selection_into_view);
  g_test_add_func ("/timeline/window/empty-without-timing", test_empty_without_timing);
  g_test_add_func ("/timeline/window/accessible", test_accessible);
  g_test_add_func ("/timeline/window/screenshots", test_screenshots);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
