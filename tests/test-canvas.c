/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of the graph canvas, headless under Xvfb (environment in
 * tests/meson.build): a plain GtkWindow holding an HpGraphCanvas over a
 * session, fresh for every test.
 *
 * tests/fixtures/cli-small.hotpath (3 nodes, 1 → 2 → 3, no positions, so
 * the layout is computed left to right), worked by hand (ms):
 *   r1 exec 3000   1 Load: 1000     2 Sample: 1800   3 Save: 200
 *   r2 exec 2100   1: cached        2: 1900          3: 200
 *   r3 exec  500   1: cached        2: failed (500)  3: skipped
 *   r4 exec 2600   1: cached        2: 2400          3: 200     (latest)
 *   Sample's mean: (1800 + 1900 + 2400) / 3 = 2033.33
 * data/demo/txt2img.hotpath: 7 ComfyUI nodes with editor positions, e.g.
 * KSampler "3" at (863, 186), 315 × 262. */
#include <adwaita.h>
#include <math.h>

#include "hp-graph-canvas.h"
#include "hp-profile-io.h"

#define TIMEOUT_MS 10000

typedef struct {
  GtkWindow     *window;
  HpGraphCanvas *canvas;
  HpSession     *session;
  HpProfile     *profile;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_for (Fixture   *fixture,
          Condition  cond)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (!cond (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static gboolean
canvas_shown (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->canvas)) &&
         gtk_widget_get_width (GTK_WIDGET (fixture->canvas)) > 0;
}

static HpProfile *
load (const char *dir,
      const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  HpProfile *profile;

  if (g_strcmp0 (dir, "demo") == 0)
    path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", name, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  profile = hp_profile_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static void
fixture_show (Fixture    *fixture,
              const char *dir,
              const char *name)
{
  fixture->profile = load (dir, name);
  fixture->session = hp_session_new (fixture->profile);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 600);
  fixture->canvas = HP_GRAPH_CANVAS (hp_graph_canvas_new ());
  g_object_set (fixture->canvas, "session", fixture->session, NULL);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->canvas));
  gtk_window_present (fixture->window);
  wait_for (fixture, canvas_shown);
  settle (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (fixture->canvas);

  g_object_add_weak_pointer (G_OBJECT (canvas), (gpointer *) &fixture->canvas);
  gtk_window_destroy (fixture->window);
  settle (20);
  /* The canvas holds no reference past its window. */
  g_assert_null (fixture->canvas);
  g_assert_finalize_object (fixture->session);
  g_assert_finalize_object (fixture->profile);
}

static gpointer
find_controller (Fixture *fixture,
                 GType    type,
                 guint    button)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->canvas));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type) &&
          (button == 0 || gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == button))
        return controller;   /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

/* The node's rectangle in view pixels. */
static HpRect
node_view_rect (Fixture    *fixture,
                const char *node_id)
{
  HpGraphLayout *layout = hp_graph_canvas_get_layout (fixture->canvas);
  HpViewTransform t = hp_graph_canvas_get_transform (fixture->canvas);
  int index = hp_graph_layout_find_node (layout, node_id);
  const HpRect *r;
  HpRect v;

  g_assert_cmpint (index, >=, 0);
  r = hp_graph_layout_get_node_rect (layout, index);
  hp_view_transform_to_view (&t, r->x, r->y, &v.x, &v.y);
  v.width = r->width * t.zoom;
  v.height = r->height * t.zoom;
  return v;
}

static void
assert_all_nodes_visible (Fixture *fixture)
{
  HpGraphLayout *layout = hp_graph_canvas_get_layout (fixture->canvas);
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->canvas));

  g_assert_cmpuint (hp_graph_layout_get_n_nodes (layout), >, 0);
  for (guint i = 0; i < hp_graph_layout_get_n_nodes (layout); i++)
    {
      HpRect v = node_view_rect (fixture, hp_graph_layout_get_node_id (layout, i));

      g_assert_cmpfloat (v.x, >=, 0);
      g_assert_cmpfloat (v.y, >=, 0);
      g_assert_cmpfloat (v.x + v.width, <=, width);
      g_assert_cmpfloat (v.y + v.height, <=, height);
    }
}

static void
click_at (Fixture *fixture,
          double   x,
          double   y)
{
  GtkGesture *click = find_controller (fixture, GTK_TYPE_GESTURE_CLICK, GDK_BUTTON_PRIMARY);

  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, x, y);
}

static gboolean
press_key (Fixture *fixture,
           guint    keyval)
{
  GtkEventController *keys = find_controller (fixture, GTK_TYPE_EVENT_CONTROLLER_KEY, 0);
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, 0, &handled);
  return handled;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_fit_computed_layout (Fixture       *fixture,
                          gconstpointer  data)
{
  fixture_show (fixture, "fixtures", "cli-small.hotpath");

  g_assert_false (hp_graph_layout_uses_source_positions (hp_graph_canvas_get_layout (fixture->canvas)));
  /* First show: zoomed to fit, never above 1:1. */
  g_assert_cmpfloat (hp_graph_canvas_get_zoom (fixture->canvas), <=, 1.0);
  assert_all_nodes_visible (fixture);

  /* Zoom in far, then fit again. */
  for (int i = 0; i < 6; i++)
    gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-in", NULL);
  g_assert_cmpfloat (hp_graph_canvas_get_zoom (fixture->canvas), >, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-fit", NULL);
  assert_all_nodes_visible (fixture);
  /* Computed layout: 1 → 2 → 3 left to right. */
  g_assert_cmpfloat (node_view_rect (fixture, "1").x, <, node_view_rect (fixture, "2").x);
  g_assert_cmpfloat (node_view_rect (fixture, "2").x, <, node_view_rect (fixture, "3").x);
}

static void
test_fit_source_positions (Fixture       *fixture,
                           gconstpointer  data)
{
  HpGraphLayout *layout;
  const HpRect *r;

  fixture_show (fixture, "demo", "txt2img.hotpath");
  layout = hp_graph_canvas_get_layout (fixture->canvas);
  g_assert_true (hp_graph_layout_uses_source_positions (layout));
  g_assert_cmpuint (hp_graph_layout_get_n_nodes (layout), ==, 7);
  /* KSampler as the editor placed it. */
  r = hp_graph_layout_get_node_rect (layout, hp_graph_layout_find_node (layout, "3"));
  g_assert_cmpfloat (r->x, ==, 863);
  g_assert_cmpfloat (r->y, ==, 186);
  g_assert_cmpfloat (r->width, ==, 315);
  g_assert_cmpfloat (r->height, ==, 262);
  assert_all_nodes_visible (fixture);

  /* A resize before the user moved anything keeps the graph fitted. */
  gtk_window_set_default_size (fixture->window, 500, 400);
  settle (200);
  assert_all_nodes_visible (fixture);
}

static void
test_click_selects (Fixture       *fixture,
                    gconstpointer  data)
{
  HpRect v;
  double gx, gy;
  HpViewTransform t;

  fixture_show (fixture, "fixtures", "cli-small.hotpath");

  v = node_view_rect (fixture, "2");
  click_at (fixture, v.x + v.width / 2, v.y + v.height / 2);
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "2");

  v = node_view_rect (fixture, "3");
  click_at (fixture, v.x + v.width / 2, v.y + v.height / 2);
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "3");

  /* The top-left corner of the view is empty space: a fitted 3-node graph
   * leaves a margin there. */
  t = hp_graph_canvas_get_transform (fixture->canvas);
  hp_view_transform_to_graph (&t, 2, 2, &gx, &gy);
  g_assert_cmpint (hp_graph_layout_hit_test (hp_graph_canvas_get_layout (fixture->canvas), gx, gy), ==, -1);
  click_at (fixture, 2, 2);
  g_assert_null (hp_session_get_selected_node_id (fixture->session));
}

static void
test_jump_to_node (Fixture       *fixture,
                   gconstpointer  data)
{
  HpRect v;
  int width, height;

  fixture_show (fixture, "demo", "txt2img.hotpath");
  width = gtk_widget_get_width (GTK_WIDGET (fixture->canvas));
  height = gtk_widget_get_height (GTK_WIDGET (fixture->canvas));

  /* Save Image "9" is at the right edge of the fitted graph. */
  v = node_view_rect (fixture, "9");
  g_assert_cmpfloat (fabs (v.x + v.width / 2 - width / 2.0), >, 50);
  hp_session_jump_to_node (fixture->session, "9");
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "9");
  /* Animated: nothing has moved before the first frame. */
  g_assert_cmpfloat (fabs (node_view_rect (fixture, "9").x - v.x), <, 1e-9);

  settle (600);
  v = node_view_rect (fixture, "9");
  g_assert_cmpfloat_with_epsilon (v.x + v.width / 2, width / 2.0, 1.0);
  g_assert_cmpfloat_with_epsilon (v.y + v.height / 2, height / 2.0, 1.0);

  /* Without animation, at once. */
  hp_graph_canvas_center_on_node (fixture->canvas, "4", FALSE);
  v = node_view_rect (fixture, "4");
  g_assert_cmpfloat_with_epsilon (v.x + v.width / 2, width / 2.0, 1.0);
  g_assert_cmpfloat_with_epsilon (v.y + v.height / 2, height / 2.0, 1.0);
}

static void
test_zoom_at_pointer (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkEventController *motion;
  HpViewTransform t;
  double gx0, gy0, gx1, gy1;
  double zoom;

  fixture_show (fixture, "demo", "txt2img.hotpath");
  motion = find_controller (fixture, GTK_TYPE_EVENT_CONTROLLER_MOTION, 0);
  g_signal_emit_by_name (motion, "motion", 200.0, 150.0);

  t = hp_graph_canvas_get_transform (fixture->canvas);
  zoom = t.zoom;
  hp_view_transform_to_graph (&t, 200, 150, &gx0, &gy0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-in", NULL);
  t = hp_graph_canvas_get_transform (fixture->canvas);
  /* One step is × 1.25, and the graph point under the pointer stays put. */
  g_assert_cmpfloat_with_epsilon (t.zoom, zoom * 1.25, 1e-9);
  hp_view_transform_to_graph (&t, 200, 150, &gx1, &gy1);
  g_assert_cmpfloat_with_epsilon (gx1, gx0, 1e-6);
  g_assert_cmpfloat_with_epsilon (gy1, gy0, 1e-6);

  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-out", NULL);
  t = hp_graph_canvas_get_transform (fixture->canvas);
  g_assert_cmpfloat_with_epsilon (t.zoom, zoom, 1e-9);
  hp_view_transform_to_graph (&t, 200, 150, &gx1, &gy1);
  g_assert_cmpfloat_with_epsilon (gx1, gx0, 1e-6);

  /* Clamped to [0.05, 4]. */
  for (int i = 0; i < 40; i++)
    gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-in", NULL);
  g_assert_cmpfloat (hp_graph_canvas_get_zoom (fixture->canvas), ==, 4.0);
  for (int i = 0; i < 60; i++)
    gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-out", NULL);
  g_assert_cmpfloat (hp_graph_canvas_get_zoom (fixture->canvas), ==, 0.05);
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-reset", NULL);
  g_assert_cmpfloat (hp_graph_canvas_get_zoom (fixture->canvas), ==, 1.0);
}

static void
node_activated_cb (HpGraphCanvas *canvas,
                   const char    *node_id,
                   char         **out)
{
  g_free (*out);
  *out = g_strdup (node_id);
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *activated = NULL;

  fixture_show (fixture, "fixtures", "cli-small.hotpath");
  g_signal_connect (fixture->canvas, "node-activated", G_CALLBACK (node_activated_cb), &activated);

  hp_session_set_selected_node_id (fixture->session, "1");
  /* 1 → 2 → 3 lie left to right: Right goes to the right neighbour. */
  g_assert_true (press_key (fixture, GDK_KEY_Right));
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "2");
  g_assert_true (press_key (fixture, GDK_KEY_Right));
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "3");
  /* Nothing further right: the selection stays. */
  g_assert_true (press_key (fixture, GDK_KEY_Right));
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "3");
  g_assert_true (press_key (fixture, GDK_KEY_Left));
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "2");

  /* Tab walks in reading order and leaves the canvas after the last node. */
  g_assert_true (press_key (fixture, GDK_KEY_Tab));
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "3");
  g_assert_false (press_key (fixture, GDK_KEY_Tab));
  g_assert_true (press_key (fixture, GDK_KEY_ISO_Left_Tab));
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "2");

  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.activate-node", NULL);
  g_assert_cmpstr (activated, ==, "2");

  g_assert_true (press_key (fixture, GDK_KEY_Escape));
  g_assert_null (hp_session_get_selected_node_id (fixture->session));
  /* With nothing selected, an arrow picks the node nearest the centre:
   * the middle one of three. */
  g_assert_true (press_key (fixture, GDK_KEY_Down));
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "2");
}

static void
test_heatmap_classes (Fixture       *fixture,
                      gconstpointer  data)
{
  HpHeatmap *map;
  g_autofree char *mode = NULL;

  fixture_show (fixture, "fixtures", "cli-small.hotpath");
  /* The selected run follows the latest, r4. */
  g_assert_cmpstr (hp_run_get_id (hp_session_get_selected_run (fixture->session)), ==, "r4");
  hp_session_set_metric (fixture->session, HP_METRIC_LAST);

  map = hp_graph_canvas_get_heatmap (fixture->canvas);
  /* r4 ran 2600 ms: Sample 2400 → 92.3 % (≥ 20 %) high; Save 200 → 7.7 %
   * (5–20 %) medium; Load cached. */
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_HIGH);
  g_assert_cmpint (hp_heatmap_lookup (map, "3")->heat_class, ==, HP_HEAT_CLASS_MEDIUM);
  g_assert_cmpint (hp_heatmap_lookup (map, "1")->heat_class, ==, HP_HEAT_CLASS_CACHED);

  g_object_set (fixture->canvas, "heatmap-mode", "change", NULL);
  g_object_get (fixture->canvas, "heatmap-mode", &mode, NULL);
  g_assert_cmpstr (mode, ==, "change");
  map = hp_graph_canvas_get_heatmap (fixture->canvas);
  /* Sample 2400 vs the mean of its earlier runs (1800, 1900 → 1850):
   * +29.7 %, over the 20 % threshold and 50 ms → slower. */
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_SLOWER);
  g_assert_cmpint (hp_heatmap_lookup (map, "1")->heat_class, ==, HP_HEAT_CLASS_CACHED);

  /* The session's threshold follows through: at 30 % Sample is the same. */
  g_object_set (fixture->session, "threshold-pct", 30.0, NULL);
  map = hp_graph_canvas_get_heatmap (fixture->canvas);
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->heat_class, ==, HP_HEAT_CLASS_SAME);

  /* Another run: r3, where Save was skipped (drawn dimmed). */
  hp_session_set_selected_run (fixture->session, hp_profile_lookup_run (fixture->profile, "r3"));
  map = hp_graph_canvas_get_heatmap (fixture->canvas);
  g_assert_false (hp_heatmap_lookup (map, "3")->did_run);
  g_assert_cmpint (hp_heatmap_lookup (map, "2")->status, ==, HP_NODE_STATUS_FAILED);
}

/* Reads the pixel at (x, y) of an ARGB32 surface as 0..255 r, g, b. */
static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          int             *r,
          int             *g,
          int             *b)
{
  guint32 p;

  cairo_surface_flush (surface);
  p = *(guint32 *) (cairo_image_surface_get_data (surface) +
                    y * cairo_image_surface_get_stride (surface) + x * 4);
  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}

static void
test_draw_colours (Fixture       *fixture,
                   gconstpointer  data)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;
  int r, g, b;
  HpRect v;

  fixture_show (fixture, "fixtures", "cli-small.hotpath");
  hp_session_set_metric (fixture->session, HP_METRIC_LAST);
  width = gtk_widget_get_width (GTK_WIDGET (fixture->canvas));
  height = gtk_widget_get_height (GTK_WIDGET (fixture->canvas));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  hp_graph_canvas_draw (fixture->canvas, cr, width, height);
  cairo_destroy (cr);

  /* The heat stripe down the left side of a node: Sample is red (high),
   * Save yellow (medium). */
  v = node_view_rect (fixture, "2");
  pixel_at (surface, (int) v.x + 3, (int) (v.y + v.height / 2), &r, &g, &b);
  g_assert_cmpint (r, >, 150);
  g_assert_cmpint (g, <, 100);
  g_assert_cmpint (b, <, 100);
  v = node_view_rect (fixture, "3");
  pixel_at (surface, (int) v.x + 3, (int) (v.y + v.height / 2), &r, &g, &b);
  g_assert_cmpint (r, >, 150);
  g_assert_cmpint (g, >, 100);
  g_assert_cmpint (b, <, 80);

  cairo_surface_destroy (surface);
}

static void
test_minimap (Fixture       *fixture,
              gconstpointer  data)
{
  GtkGesture *drag;
  HpViewTransform before, after;
  int width, height;

  fixture_show (fixture, "demo", "product-shots.hotpath");
  width = gtk_widget_get_width (GTK_WIDGET (fixture->canvas));
  height = gtk_widget_get_height (GTK_WIDGET (fixture->canvas));

  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-reset", NULL);
  before = hp_graph_canvas_get_transform (fixture->canvas);
  /* At 1:1 the 35-node graph is larger than the view: the minimap sits in
   * the bottom-right corner; pressing its bottom-right end pans the view
   * towards the end of the graph. */
  drag = find_controller (fixture, GTK_TYPE_GESTURE_DRAG, GDK_BUTTON_PRIMARY);
  g_signal_emit_by_name (drag, "drag-begin", width - 14.0, height - 14.0);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  after = hp_graph_canvas_get_transform (fixture->canvas);
  g_assert_cmpfloat (after.zoom, ==, 1.0);
  g_assert_cmpfloat (after.offset_x, <, before.offset_x);
  g_assert_cmpfloat (after.offset_y, <, before.offset_y);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/canvas/fit/computed-layout", Fixture, NULL, NULL, test_fit_computed_layout, fixture_tear_down);
  g_test_add ("/canvas/fit/source-positions", Fixture, NULL, NULL, test_fit_source_positions, fixture_tear_down);
  g_test_add ("/canvas/click/selects", Fixture, NULL, NULL, test_click_selects, fixture_tear_down);
  g_test_add ("/canvas/jump-to-node", Fixture, NULL, NULL, test_jump_to_node, fixture_tear_down);
  g_test_add ("/canvas/zoom/at-pointer", Fixture, NULL, NULL, test_zoom_at_pointer, fixture_tear_down);
  g_test_add ("/canvas/keyboard", Fixture, NULL, NULL, test_keyboard, fixture_tear_down);
  g_test_add ("/canvas/heatmap/classes", Fixture, NULL, NULL, test_heatmap_classes, fixture_tear_down);
  g_test_add ("/canvas/draw/colours", Fixture, NULL, NULL, test_draw_colours, fixture_tear_down);
  g_test_add ("/canvas/minimap", Fixture, NULL, NULL, test_minimap, fixture_tear_down);

  return g_test_run ();
}
