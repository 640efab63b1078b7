/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-test-utils.h"

#include "hp-window.h"

/**
 * hp_test_wait_for:
 * @cond: the state to wait for
 * @data: passed to @cond
 *
 * Spins the default main context until @cond holds; fails the test when
 * it still does not after %HP_TEST_TIMEOUT_MS.
 */
void
hp_test_wait_for (HpTestCondition cond,
                  gpointer        data)
{
  gint64 deadline;

  g_return_if_fail (cond != NULL);

  deadline = g_get_monotonic_time () + HP_TEST_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  while (!cond (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/**
 * hp_test_flush:
 *
 * Runs what is pending on the default main context now (idles, signals
 * queued by widgets), without waiting for more.
 */
void
hp_test_flush (void)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/**
 * hp_test_settle:
 *
 * Spins the default main context for 50 ms so that pending layout,
 * drawing and finalization happen.
 */
void
hp_test_settle (void)
{
  gint64 until = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* Depth-first below @root (not @root itself); each criterion is ignored
 * when it is G_TYPE_INVALID or NULL. */
static void
collect (GtkWidget  *root,
         GType       type,
         const char *type_name,
         const char *name,
         GPtrArray  *out)
{
  g_assert (GTK_IS_WIDGET (root));
  g_assert (out != NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if ((type == G_TYPE_INVALID || G_TYPE_CHECK_INSTANCE_TYPE (child, type)) &&
          (type_name == NULL || g_strcmp0 (G_OBJECT_TYPE_NAME (child), type_name) == 0) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (child), name) == 0))
        g_ptr_array_add (out, child);
      collect (child, type, type_name, name, out);
    }
}

/**
 * hp_test_collect_widgets:
 * @root: where to look
 * @type: the type the widgets are instances of
 *
 * Returns: (transfer container) (element-type GtkWidget): the widgets of
 *   @type below @root, in depth-first order; the widgets are not referenced
 */
GPtrArray *
hp_test_collect_widgets (GtkWidget *root,
                         GType      type)
{
  return hp_test_collect_named (root, type, NULL);
}

/**
 * hp_test_collect_named:
 * @root: where to look
 * @type: the type the widgets are instances of, or %G_TYPE_INVALID for any
 * @name: (nullable): the widgets' name (gtk_widget_get_name()), or %NULL
 *   for any
 *
 * Returns: (transfer container) (element-type GtkWidget): the widgets
 *   below @root that match both, in depth-first order
 */
GPtrArray *
hp_test_collect_named (GtkWidget  *root,
                       GType       type,
                       const char *name)
{
  GPtrArray *out;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  out = g_ptr_array_new ();
  collect (root, type, NULL, name, out);
  return out;
}

/**
 * hp_test_collect_by_type_name:
 * @root: where to look
 * @type_name: a type name, for private types such as "AdwToastWidget"
 *   (which may not even be registered yet)
 *
 * Returns: (transfer container) (element-type GtkWidget): the widgets
 *   below @root whose type is exactly @type_name, in depth-first order
 */
GPtrArray *
hp_test_collect_by_type_name (GtkWidget  *root,
                              const char *type_name)
{
  GPtrArray *out;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);
  g_return_val_if_fail (type_name != NULL, NULL);

  out = g_ptr_array_new ();
  collect (root, G_TYPE_INVALID, type_name, NULL, out);
  return out;
}

/**
 * hp_test_find_named:
 * @root: where to look
 * @name: a widget name (gtk_widget_get_name())
 *
 * Returns: (transfer none) (nullable): the first widget below @root, depth
 *   first, called @name
 */
GtkWidget *
hp_test_find_named (GtkWidget  *root,
                    const char *name)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = hp_test_find_named (child, name)) != NULL)
        return found;
    }
  return NULL;
}

/**
 * hp_test_get_named:
 * @root: where to look
 * @name: a widget name
 *
 * Like hp_test_find_named(), but fails the test when there is none.
 *
 * Returns: (transfer none): the widget
 */
GtkWidget *
hp_test_get_named (GtkWidget  *root,
                   const char *name)
{
  GtkWidget *widget = hp_test_find_named (root, name);

  g_assert_nonnull (widget);
  return widget;
}

/**
 * hp_test_label_text:
 * @root: where to look
 * @name: the label's widget name
 *
 * Fails the test unless exactly one widget below @root is called @name
 * and it is a #GtkLabel.
 *
 * Returns: (transfer none): that label's text
 */
const char *
hp_test_label_text (GtkWidget  *root,
                    const char *name)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  found = hp_test_collect_named (root, G_TYPE_INVALID, name);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (GTK_IS_LABEL (g_ptr_array_index (found, 0)));
  return gtk_label_get_text (g_ptr_array_index (found, 0));
}

static double
widget_y (GtkWidget *widget,
          GtkWidget *relative_to)
{
  graphene_point_t in = GRAPHENE_POINT_INIT (0, 0);
  graphene_point_t out;

  g_assert (GTK_IS_WIDGET (widget));

  g_assert_true (gtk_widget_compute_point (widget, relative_to, &in, &out));
  return out.y;
}

static int
compare_by_y (gconstpointer a,
              gconstpointer b,
              gpointer      relative_to)
{
  double ya = widget_y (*(GtkWidget **) a, relative_to);
  double yb = widget_y (*(GtkWidget **) b, relative_to);

  return ya < yb ? -1 : ya > yb;
}

/**
 * hp_test_sort_by_y:
 * @widgets: (element-type GtkWidget): widgets inside @relative_to
 * @relative_to: a common ancestor, usually the window
 *
 * Sorts @widgets top to bottom as drawn; widgets at the same height keep
 * their order. Fails the test when a widget is not inside @relative_to.
 */
void
hp_test_sort_by_y (GPtrArray *widgets,
                   GtkWidget *relative_to)
{
  g_return_if_fail (widgets != NULL);
  g_return_if_fail (GTK_IS_WIDGET (relative_to));

  g_ptr_array_sort_with_data (widgets, compare_by_y, relative_to);
}

/**
 * hp_test_find_toplevel:
 * @type: a #GtkWindow type
 *
 * Returns: (transfer none) (nullable): the last visible toplevel of @type
 */
GtkWindow *
hp_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = w;
    }
  return found;
}

/**
 * hp_test_widget_mapped:
 * @widget: a #GtkWidget
 *
 * An #HpTestCondition: whether @widget is mapped.
 */
gboolean
hp_test_widget_mapped (gpointer widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/**
 * hp_test_window_has_profile:
 * @window: an #HpWindow
 *
 * An #HpTestCondition: whether @window has a document loaded.
 */
gboolean
hp_test_window_has_profile (gpointer window)
{
  g_return_val_if_fail (HP_IS_WINDOW (window), FALSE);

  return hp_window_get_profile (HP_WINDOW (window)) != NULL;
}

/**
 * hp_test_fixture_path:
 * @name: a file name under tests/fixtures/
 *
 * Returns: (transfer full): the fixture's path
 */
char *
hp_test_fixture_path (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/**
 * hp_test_fixture_file:
 * @name: a file name under tests/fixtures/
 *
 * Returns: (transfer full): the fixture
 */
GFile *
hp_test_fixture_file (const char *name)
{
  g_autofree char *path = hp_test_fixture_path (name);

  return g_file_new_for_path (path);
}

/**
 * hp_test_assert_accel:
 * @app: the application
 * @accel: an accelerator, as gtk_accelerator_parse() reads it
 * @action: a detailed action name such as "win.open"
 *
 * Fails the test unless @accel triggers @action (among others) in @app.
 */
void
hp_test_assert_accel (GtkApplication *app,
                      const char     *accel,
                      const char     *action)
{
  g_auto(GStrv) actions = NULL;

  g_return_if_fail (GTK_IS_APPLICATION (app));
  g_return_if_fail (accel != NULL);
  g_return_if_fail (action != NULL);

  actions = gtk_application_get_actions_for_accel (app, accel);
  g_assert_nonnull (actions);
  g_assert_true (g_strv_contains ((const char * const *) actions, action));
}

/**
 * hp_test_find_label_with_text:
 * @root: where to look (the widget and its descendants)
 * @text: the exact text
 *
 * Returns: (transfer none) (nullable): the first label showing @text
 */
GtkLabel *
hp_test_find_label_with_text (GtkWidget  *root,
                              const char *text)
{
  g_autoptr(GPtrArray) labels = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  labels = hp_test_collect_widgets (root, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return g_ptr_array_index (labels, i);
  return NULL;
}

/**
 * hp_test_click:
 * @root: where to look
 * @name: the widget name of a button below @root
 *
 * Clicks the button as the user would and runs what the click queued;
 * fails the test unless it is a sensitive #GtkButton.
 */
void
hp_test_click (GtkWidget  *root,
               const char *name)
{
  GtkWidget *button;

  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (name != NULL);

  button = hp_test_get_named (root, name);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  hp_test_flush ();
}

/**
 * hp_test_open_window:
 * @app: the application
 * @file: the document to open
 * @width: the window's default width, or 0 to keep the one it restores
 * @height: the window's default height, or 0 likewise
 *
 * Opens @file in a new, presented window and waits until it is loaded
 * (as File ▸ Open does), so that a test starts from a full window.
 *
 * Returns: (transfer none): the window; gtk_window_destroy() it
 */
HpWindow *
hp_test_open_window (HpApplication *app,
                     GFile         *file,
                     int            width,
                     int            height)
{
  HpWindow *window;

  g_return_val_if_fail (HP_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  window = hp_window_new (app);
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  hp_window_open_file (window, file);
  hp_test_wait_for (hp_test_window_has_profile, window);
  return window;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/**
 * hp_test_destroy_window:
 * @window: a window
 * @watched: (not nullable): where a test keeps an object inside @window
 *
 * Destroys @window and waits until the object at @watched is finalized
 * (the location is cleared then): nothing else may keep it alive.
 */
void
hp_test_destroy_window (GtkWindow *window,
                        gpointer  *watched)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (watched != NULL && G_IS_OBJECT (*watched));

  g_object_add_weak_pointer (G_OBJECT (*watched), watched);
  gtk_window_destroy (window);
  hp_test_wait_for (pointer_cleared, watched);
}

/**
 * hp_test_screenshot_dir:
 *
 * Screenshots are taken only when HP_SCREENSHOT_DIR names a folder for
 * them; otherwise the running test is skipped.
 *
 * Returns: (nullable): the folder, or %NULL when the test is to return
 */
const char *
hp_test_screenshot_dir (void)
{
  const char *dir = g_getenv ("HP_SCREENSHOT_DIR");

  if (dir == NULL)
    g_test_skip ("set HP_SCREENSHOT_DIR to take screenshots");
  return dir;
}

/**
 * hp_test_set_dark:
 * @dark: whether to force the dark style
 *
 * Forces the light or the dark style for a screenshot; the test sets
 * %ADW_COLOR_SCHEME_DEFAULT again when it is done.
 */
void
hp_test_set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/**
 * hp_test_save_png:
 * @widget: a drawn widget, usually a window
 * @dir: the folder (hp_test_screenshot_dir())
 * @name: the file name
 *
 * Renders @widget as it is drawn now to @dir/@name, for a person to look at.
 */
void
hp_test_save_png (GtkWidget  *widget,
                  const char *dir,
                  const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width;
  int height;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (dir != NULL);
  g_return_if_fail (name != NULL);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  path = g_build_filename (dir, name, NULL);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/**
 * hp_test_app_new:
 *
 * The application a widget test opens its windows in. There is no session
 * bus in the test environment (DBUS_SESSION_BUS_ADDRESS points nowhere), so
 * it registers as a private instance.
 *
 * Returns: (transfer full): the registered application
 */
HpApplication *
hp_test_app_new (void)
{
  g_autoptr(GError) error = NULL;
  HpApplication *app = hp_application_new ();

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}
