/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of groups and subgraphs in the real window, headless under
 * Xvfb: the Groups page of the lower panel, framing a group on the canvas
 * and the boxes drawn behind the nodes.
 *
 * tests/fixtures/groups-profile.hotpath, latest run r2 (1900 ms), worked
 * by hand in tests/test-groups.c: Prompts 200 ms wall / 250 ms summed,
 * Negative prompt 150 / 150, Sampling 1200 / 1200, Upscale (subgraph)
 * 350 / 400, Refine (subgraph) 150 / 150. */
#include <adwaita.h>

#include "hp-application.h"
#include "hp-graph-canvas.h"
#include "hp-graph-groups.h"
#include "hp-group-totals.h"
#include "hp-groups-panel.h"
#include "hp-test-utils.h"
#include "hp-window.h"
#include "hp-window-private.h"

static HpApplication *app;

typedef struct {
  HpWindow       *window;
  HpSession      *session;
  HpGroupsPanel  *panel;
  HpGraphCanvas  *canvas;
  GtkColumnView  *view;
} Shown;

static gboolean
panel_drawn (gpointer data)
{
  Shown *shown = data;

  return gtk_widget_get_mapped (GTK_WIDGET (shown->view)) &&
         gtk_widget_get_height (GTK_WIDGET (shown->view)) > 0 &&
         gtk_widget_get_width (GTK_WIDGET (shown->canvas)) > 0;
}

static void
show_groups (Shown *shown)
{
  g_autofree char *path = hp_test_fixture_path ("groups-profile.hotpath");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) panels = NULL;
  g_autoptr(GPtrArray) canvases = NULL;
  g_autoptr(GPtrArray) views = NULL;
  GtkWidget *stack;

  shown->window = hp_test_open_window (app, file, 1280, 800);
  shown->session = hp_window_get_session (shown->window);

  panels = hp_test_collect_widgets (GTK_WIDGET (shown->window), HP_TYPE_GROUPS_PANEL);
  g_assert_cmpuint (panels->len, ==, 1);
  shown->panel = g_ptr_array_index (panels, 0);
  canvases = hp_test_collect_widgets (GTK_WIDGET (shown->window), HP_TYPE_GRAPH_CANVAS);
  g_assert_cmpuint (canvases->len, ==, 1);
  shown->canvas = g_ptr_array_index (canvases, 0);
  g_assert_true (hp_groups_panel_get_canvas (shown->panel) == shown->canvas);
  g_assert_true (hp_groups_panel_get_session (shown->panel) == shown->session);
  views = hp_test_collect_widgets (GTK_WIDGET (shown->panel), GTK_TYPE_COLUMN_VIEW);
  g_assert_cmpuint (views->len, ==, 1);
  shown->view = g_ptr_array_index (views, 0);

  /* A page of the lower stack named "groups", titled "Groups". */
  stack = gtk_widget_get_parent (GTK_WIDGET (shown->panel));
  g_assert_true (GTK_IS_STACK (stack));
  g_assert_true (gtk_stack_get_child_by_name (GTK_STACK (stack), "groups") == GTK_WIDGET (shown->panel));
  g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (GTK_STACK (stack), GTK_WIDGET (shown->panel))),
                   ==, "Groups");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "groups");
  /* Room for all five rows. */
  gtk_paned_set_position (GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (shown->panel), GTK_TYPE_PANED)), 380);
  hp_test_wait_for (panel_drawn, shown);
  hp_test_settle ();
}

static void
close_window (Shown *shown)
{
  hp_test_destroy_window (GTK_WINDOW (shown->window), (gpointer *) &shown->panel);
}

static void
test_lists_groups (void)
{
  Shown shown = { 0 };
  GListModel *model;
  static const struct {
    const char *row;
    const char *wall;
    const char *sum;
    guint       depth;
  } expected[] = {
    /* Prompts: [100, 200) ∪ [150, 300) = 200 ms, 100 + 150 = 250 ms */
    { "Prompts", "200.0 ms", "250.0 ms", 0 },
    /* Negative prompt, nested: [150, 300) */
    { "Negative prompt", "150.0 ms", "150.0 ms", 1 },
    /* Sampling: [300, 1300) ∪ [1300, 1500) */
    { "Sampling", "1.20 s", "1.20 s", 0 },
    /* Upscale: [1500, 1600) ∪ [1550, 1700) ∪ [1700, 1800) ∪ [1800, 1850) */
    { "Upscale (subgraph)", "350.0 ms", "400.0 ms", 0 },
    /* Refine, nested: [1700, 1800) ∪ [1800, 1850) */
    { "Refine (subgraph)", "150.0 ms", "150.0 ms", 1 },
  };

  show_groups (&shown);
  model = G_LIST_MODEL (gtk_column_view_get_model (shown.view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(HpGroupTotals) totals = gtk_tree_list_row_get_item (row);
      g_autofree char *wall = g_strdup_printf ("%.1f ms", hp_group_totals_get_wall_us (totals) / 1000.0);

      g_assert_cmpuint (gtk_tree_list_row_get_depth (row), ==, expected[i].depth);
      /* What the row shows: title, wall time and sum as labels. */
      g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (shown.view), expected[i].row));
      g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (shown.view), expected[i].wall));
      g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (shown.view), expected[i].sum));
      g_test_message ("%s: %s", expected[i].row, wall);
    }
  /* Share of Sampling: 1200 of 1900 ms = 63.16 %, shown to one decimal */
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (shown.view), "63.2 %"));

  /* Another run: r1 has Prompts side by side [0, 100): 100 ms wall, 200 summed. */
  hp_session_set_selected_run (shown.session, hp_profile_lookup_run (hp_session_get_profile (shown.session), "r1"));
  hp_test_settle ();
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (shown.view), "100.0 ms"));
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (shown.view), "200.0 ms"));

  close_window (&shown);
}

static gboolean
rect_inside (const HpRect *outer,
             const HpRect *inner)
{
  return inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->width <= outer->x + outer->width &&
         inner->y + inner->height <= outer->y + outer->height;
}

static void
test_select_frames (void)
{
  Shown shown = { 0 };
  HpViewTransform away = { 1.0, -1900.0, 0.0 };
  HpViewTransform t;
  HpRect visible;
  /* Sampling's box in the editor: [760, 40, 700, 300] */
  HpRect sampling = { 760, 40, 700, 300 };

  show_groups (&shown);
  /* Look at Save Image only: Sampling is out of view. */
  hp_graph_canvas_set_transform (shown.canvas, &away);
  t = hp_graph_canvas_get_transform (shown.canvas);
  visible = hp_graph_scene_visible_area (&t, gtk_widget_get_width (GTK_WIDGET (shown.canvas)),
                                         gtk_widget_get_height (GTK_WIDGET (shown.canvas)), 0);
  g_assert_false (rect_inside (&visible, &sampling));

  /* Selecting the row frames the group. */
  gtk_selection_model_select_item (gtk_column_view_get_model (shown.view), 2, TRUE);
  hp_test_settle ();
  t = hp_graph_canvas_get_transform (shown.canvas);
  visible = hp_graph_scene_visible_area (&t, gtk_widget_get_width (GTK_WIDGET (shown.canvas)),
                                         gtk_widget_get_height (GTK_WIDGET (shown.canvas)), 0);
  g_test_message ("visible %g %g %g × %g, zoom %g", visible.x, visible.y, visible.width, visible.height, t.zoom);
  g_assert_true (rect_inside (&visible, &sampling));
  /* Framed, not the whole graph (2400 units wide): less than twice the box's width in view */
  g_assert_cmpfloat (visible.width, <, 2 * sampling.width + 200);

  /* A subgraph frames the box around its nodes: 12:1 … 12:3:2 span
   * x 1650–2100, y 0–250. */
  gtk_selection_model_select_item (gtk_column_view_get_model (shown.view), 3, TRUE);
  hp_test_settle ();
  t = hp_graph_canvas_get_transform (shown.canvas);
  visible = hp_graph_scene_visible_area (&t, gtk_widget_get_width (GTK_WIDGET (shown.canvas)),
                                         gtk_widget_get_height (GTK_WIDGET (shown.canvas)), 0);
  g_assert_true (rect_inside (&visible, &(HpRect) { 1650, 0, 450, 250 }));

  close_window (&shown);
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(guint32 *) (gpointer) (data + y * stride + x * 4) & 0xffffff;
}

static void
test_drawn (void)
{
  Shown shown = { 0 };
  HpViewTransform one = { 1.0, 0.0, 100.0 };
  cairo_surface_t *surface;
  cairo_t *cr;
  guint32 in_group, in_nested, outside;

  show_groups (&shown);
  hp_graph_canvas_set_transform (shown.canvas, &one);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 600);
  cr = cairo_create (surface);
  hp_graph_canvas_draw (shown.canvas, cr, 1200, 600);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* View = graph + (0, 100). Inside Sampling ([760, 1460] × [40, 340]) left
   * of KSampler (x from 800): graph (780, 200) → view (780, 300).
   * Inside "Negative prompt" ([380, 730] × [160, 330]) below Negative
   * (y to 300): graph (500, 320) → view (500, 420). In no group: graph
   * (200, 300) → view (200, 400). */
  in_group = pixel_at (surface, 780, 300);
  in_nested = pixel_at (surface, 500, 420);
  outside = pixel_at (surface, 200, 400);
  g_test_message ("group %06x nested %06x outside %06x", in_group, in_nested, outside);
  g_assert_cmpuint (in_group, !=, outside);
  g_assert_cmpuint (in_nested, !=, outside);
  cairo_surface_destroy (surface);

  close_window (&shown);
}

/* ---- screenshots (HP_SCREENSHOT_DIR=… only) ------------------------------- */

static void
test_screenshots (void)
{
  const char *dir = hp_test_screenshot_dir ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  Shown shown = { 0 };

  if (dir == NULL)
    return;
  show_groups (&shown);
  gtk_paned_set_position (GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (shown.panel), GTK_TYPE_PANED)), 300);
  hp_test_settle ();
  hp_graph_canvas_zoom_to_fit (shown.canvas);
  hp_session_set_selected_node_id (shown.session, "4");
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("groups-%s.png", dark ? "dark" : "light");

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

  gtk_test_init (&argc, &argv, NULL);

  app = hp_test_app_new ();

  g_test_add_func ("/groups-view/window/lists-groups", test_lists_groups);
  g_test_add_func ("/groups-view/window/select-frames", test_select_frames);
  g_test_add_func ("/groups-view/window/drawn", test_drawn);
  g_test_add_func ("/groups-view/window/screenshots", test_screenshots);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
