/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's messages (toasts), driven as a user would: closed with ×,
 * closed again as the next one slides in, pushed back by an urgent one,
 * Undo, timeouts, the window closed while they show.
 *
 * Two of these crashed with libadwaita 1.2's AdwToastOverlay, which the
 * window used before HpToastOverlay (both with animations on, as users
 * have them):
 * - /toast/close/next-one-quickly: a toast that slides in while the one
 *   before is still sliding out gets a 500 ms show animation; closed less
 *   than 200 ms later, its 300 ms hide animation ends first and frees the
 *   overlay's record of it, and the show animation's end then writes
 *   NULL into the freed record (valgrind: "Invalid write of size 8" in
 *   show_done_cb, block of 56 bytes alloc'd in
 *   adw_toast_overlay_add_toast). ASan cannot see it: the write is in
 *   uninstrumented libadwaita code.
 * - /toast/close/urgent-one-quickly: an urgent (high priority) toast
 *   closed less than 300 ms after it pushed another back aborts in
 *   libadwaita ("show_toast: assertion failed: (!info->widget)").
 */
#include <adwaita.h>

#include "hp-test-utils.h"
#include "hp-toast-overlay.h"
#include "hp-toast-widget.h"
#include "hp-window-private.h"

static HpApplication *app;

typedef struct
{
  HpWindow       *window;
  HpToastOverlay *overlay;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) overlays = NULL;

  fixture->window = hp_window_new (app);
  /* The toast sits at the bottom middle, away from where Xvfb keeps the
   * pointer (the screen's middle, 640,400): the timeouts run. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 380);
  gtk_window_present (GTK_WINDOW (fixture->window));
  hp_test_wait_for (hp_test_widget_mapped, fixture->window);

  overlays = hp_test_collect_widgets (GTK_WIDGET (fixture->window), HP_TYPE_TOAST_OVERLAY);
  g_assert_cmpuint (overlays->len, ==, 1);
  fixture->overlay = g_ptr_array_index (overlays, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    hp_test_destroy_window (GTK_WINDOW (fixture->window), (gpointer *) &fixture->window);
}

/* Spins the main loop for @ms: long enough for every animation started
 * before to end (libadwaita's were 300 and 500 ms). */
static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static HpToastWidget *
toast_widget (Fixture *fixture)
{
  g_autoptr(GPtrArray) widgets = hp_test_collect_widgets (GTK_WIDGET (fixture->overlay),
                                                          HP_TYPE_TOAST_WIDGET);

  g_assert_cmpuint (widgets->len, ==, 1);
  return g_ptr_array_index (widgets, 0);
}

/* The toast's close button (an icon, no label), or the button labelled
 * @label. */
static GtkWidget *
toast_button (Fixture    *fixture,
              const char *label)
{
  g_autoptr(GPtrArray) buttons = hp_test_collect_widgets (GTK_WIDGET (toast_widget (fixture)),
                                                          GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkButton *button = g_ptr_array_index (buttons, i);

      if (label == NULL && g_strcmp0 (gtk_button_get_icon_name (button), "window-close-symbolic") == 0)
        return GTK_WIDGET (button);
      if (label != NULL && g_strcmp0 (gtk_button_get_label (button), label) == 0)
        return GTK_WIDGET (button);
    }
  g_assert_not_reached ();
}

/* Clicks as the pointer would: only a button the pointer can reach. */
static void
click (GtkWidget *button)
{
  for (GtkWidget *w = button; w != NULL; w = gtk_widget_get_parent (w))
    g_assert_true (gtk_widget_get_can_target (w));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
toast_revealed (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *revealer = gtk_widget_get_parent (GTK_WIDGET (toast_widget (fixture)));

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static gboolean
toast_gone (gpointer data)
{
  Fixture *fixture = data;

  return !toast_revealed (data) && hp_toast_widget_get_toast (toast_widget (fixture)) == NULL;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Watches @toast: the location is cleared when it is finalized. */
static AdwToast *
watch (AdwToast  *toast,
       AdwToast **location)
{
  *location = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) location);
  return toast;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
test_close_button (Fixture       *fixture,
                   gconstpointer  data)
{
  AdwToast *toast = NULL;
  GtkLabel *label;

  /* Messages are text: what a file says is never markup. */
  hp_window_show_message (fixture->window, "cannot read <b>x.json</b> & more");
  toast = watch (hp_toast_overlay_get_current (fixture->overlay), &toast);
  g_assert_nonnull (toast);
  /* g_markup_escape_text by hand: < → &lt;, > → &gt;, & → &amp; */
  g_assert_cmpstr (adw_toast_get_title (toast), ==,
                   "cannot read &lt;b&gt;x.json&lt;/b&gt; &amp; more");
  g_assert_cmpint (adw_toast_get_priority (toast), ==, ADW_TOAST_PRIORITY_HIGH);
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 10);
  hp_test_wait_for (toast_revealed, fixture);
  label = hp_test_find_label_with_text (GTK_WIDGET (toast_widget (fixture)),
                                        "cannot read <b>x.json</b> & more");
  g_assert_nonnull (label);
  g_assert_true (gtk_label_get_use_markup (label));
  /* No button label: only the close button shows. */
  g_assert_false (gtk_widget_get_visible (toast_button (fixture, "")));

  click (toast_button (fixture, NULL));
  g_assert_null (hp_toast_overlay_get_current (fixture->overlay));
  hp_test_wait_for (toast_gone, fixture);
  /* Nothing keeps the closed toast. */
  hp_test_wait_for (pointer_cleared, &toast);
}

/* The case that wrote to freed memory with AdwToastOverlay: × on the
 * first message, then at once × on the next one as it slides in where
 * the first was (a double click on ×). */
static void
test_close_next_quickly (Fixture       *fixture,
                         gconstpointer  data)
{
  AdwToast *first = NULL;
  AdwToast *second = NULL;
  guint dismissed = 0;

  hp_window_add_toast (fixture->window, watch (adw_toast_new ("first"), &first));
  hp_window_add_toast (fixture->window, watch (adw_toast_new ("second"), &second));
  g_signal_connect (first, "dismissed", G_CALLBACK (count_cb), &dismissed);
  g_signal_connect (second, "dismissed", G_CALLBACK (count_cb), &dismissed);
  g_assert_true (hp_toast_overlay_get_current (fixture->overlay) == first);
  g_assert_cmpuint (hp_toast_overlay_get_n_queued (fixture->overlay), ==, 1);
  hp_test_wait_for (toast_revealed, fixture);

  click (toast_button (fixture, NULL));
  g_assert_true (hp_toast_overlay_get_current (fixture->overlay) == second);
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (toast_widget (fixture)), "second"));
  spin (50);
  click (toast_button (fixture, NULL));
  /* Each dismissed once: first, second. */
  g_assert_cmpuint (dismissed, ==, 2);
  g_assert_null (hp_toast_overlay_get_current (fixture->overlay));

  /* Past every animation either overlay would run (500 ms at most). */
  spin (1000);
  hp_test_wait_for (toast_gone, fixture);
  hp_test_wait_for (pointer_cleared, &first);
  hp_test_wait_for (pointer_cleared, &second);
}

/* The case that aborted with AdwToastOverlay: an urgent message pushes
 * the one showing back and is closed at once; the first one comes back,
 * unchanged, and is closed too. */
static void
test_close_urgent_quickly (Fixture       *fixture,
                           gconstpointer  data)
{
  AdwToast *first = NULL;
  AdwToast *urgent;

  hp_window_add_toast (fixture->window, watch (adw_toast_new ("first"), &first));
  hp_test_wait_for (toast_revealed, fixture);

  hp_window_show_message (fixture->window, "urgent");
  urgent = hp_toast_overlay_get_current (fixture->overlay);
  g_assert_cmpstr (adw_toast_get_title (urgent), ==, "urgent");
  g_assert_cmpuint (hp_toast_overlay_get_n_queued (fixture->overlay), ==, 1);
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (toast_widget (fixture)), "urgent"));
  spin (50);
  click (toast_button (fixture, NULL));

  g_assert_true (hp_toast_overlay_get_current (fixture->overlay) == first);
  g_assert_cmpuint (hp_toast_overlay_get_n_queued (fixture->overlay), ==, 0);
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (toast_widget (fixture)), "first"));
  spin (1000);
  g_assert_true (toast_revealed (fixture));
  click (toast_button (fixture, NULL));
  hp_test_wait_for (toast_gone, fixture);
  hp_test_wait_for (pointer_cleared, &first);
}

static void
action_cb (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  guint *count = user_data;

  g_assert_cmpstr (g_variant_get_string (parameter, NULL), ==, "r3");
  (*count)++;
}

/* An Undo toast as hp-window-actions.c makes them: its button runs the
 * toast's action and "button-clicked" once, then the toast goes; a second
 * click as it slides out reaches nothing. */
static void
test_undo_button (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("toast-test", G_VARIANT_TYPE_STRING);
  AdwToast *toast = NULL;
  guint activated = 0;
  guint clicked = 0;
  guint dismissed = 0;
  GtkWidget *button;

  g_signal_connect (action, "activate", G_CALLBACK (action_cb), &activated);
  g_action_map_add_action (G_ACTION_MAP (fixture->window), G_ACTION (action));

  toast = watch (adw_toast_new ("Run r3 deleted"), &toast);
  adw_toast_set_button_label (toast, "_Undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_detailed_action_name (toast, "win.toast-test::r3");
  g_signal_connect (toast, "button-clicked", G_CALLBACK (count_cb), &clicked);
  g_signal_connect (toast, "dismissed", G_CALLBACK (count_cb), &dismissed);
  hp_window_add_toast (fixture->window, toast);
  hp_test_wait_for (toast_revealed, fixture);

  button = toast_button (fixture, "_Undo");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (button)));
  click (button);
  g_assert_cmpuint (activated, ==, 1);
  g_assert_cmpuint (clicked, ==, 1);
  g_assert_cmpuint (dismissed, ==, 1);
  g_assert_null (hp_toast_overlay_get_current (fixture->overlay));

  /* Sliding out, it cannot be clicked any more. */
  g_assert_false (gtk_widget_get_can_target (GTK_WIDGET (toast_widget (fixture))));
  hp_test_wait_for (toast_gone, fixture);
  hp_test_wait_for (pointer_cleared, &toast);
  g_assert_cmpuint (activated, ==, 1);
  g_action_map_remove_action (G_ACTION_MAP (fixture->window), "toast-test");
}

/* Normal toasts wait their turn; one dismissed by its owner while it
 * waits never shows; a title changed while a toast shows is shown. */
static void
test_queue_and_owner_dismiss (Fixture       *fixture,
                              gconstpointer  data)
{
  AdwToast *a = adw_toast_new ("a");
  AdwToast *b = NULL;
  AdwToast *c = adw_toast_new ("c");

  hp_window_add_toast (fixture->window, a);
  hp_window_add_toast (fixture->window, watch (adw_toast_new ("b"), &b));
  hp_window_add_toast (fixture->window, c);
  g_assert_true (hp_toast_overlay_get_current (fixture->overlay) == a);
  g_assert_cmpuint (hp_toast_overlay_get_n_queued (fixture->overlay), ==, 2);

  g_object_ref (b);
  hp_toast_overlay_dismiss (b);
  g_assert_cmpuint (hp_toast_overlay_get_n_queued (fixture->overlay), ==, 1);
  g_object_unref (b);
  g_assert_null (b);   /* only the queue held it */

  adw_toast_set_title (a, "a, updated");
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (toast_widget (fixture)), "a, updated"));

  click (toast_button (fixture, NULL));
  g_assert_true (hp_toast_overlay_get_current (fixture->overlay) == c);
  click (toast_button (fixture, NULL));
  hp_test_wait_for (toast_gone, fixture);
}

static gboolean
no_current (gpointer data)
{
  return hp_toast_overlay_get_current (data) == NULL;
}

/* A 1 s toast goes by itself (the guard is generous; nothing asserts
 * that it took exactly 1 s), then the next one shows. */
static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  AdwToast *quick = adw_toast_new ("quick");
  AdwToast *next = adw_toast_new ("next");
  gint64 start = g_get_monotonic_time ();

  adw_toast_set_timeout (quick, 1);
  adw_toast_set_timeout (next, 1);
  hp_window_add_toast (fixture->window, quick);
  hp_window_add_toast (fixture->window, next);
  hp_test_wait_for (toast_revealed, fixture);

  while (hp_toast_overlay_get_current (fixture->overlay) == quick)
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, HP_TEST_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  /* Not before its second was up. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1 * G_TIME_SPAN_SECOND);
  g_assert_true (hp_toast_overlay_get_current (fixture->overlay) == next);
  hp_test_wait_for (no_current, fixture->overlay);
  hp_test_wait_for (toast_gone, fixture);
}

/* The window closed while an Undo toast shows and another waits: both
 * are dismissed (their owners hear of it) and freed with the window. */
static void
test_window_closed (Fixture       *fixture,
                    gconstpointer  data)
{
  AdwToast *showing = NULL;
  AdwToast *waiting = NULL;
  guint dismissed = 0;

  showing = watch (adw_toast_new ("History cleared"), &showing);
  adw_toast_set_button_label (showing, "_Undo");
  waiting = watch (adw_toast_new ("waiting"), &waiting);
  g_signal_connect (showing, "dismissed", G_CALLBACK (count_cb), &dismissed);
  g_signal_connect (waiting, "dismissed", G_CALLBACK (count_cb), &dismissed);
  hp_window_add_toast (fixture->window, showing);
  hp_window_add_toast (fixture->window, waiting);
  spin (50);   /* still sliding in */

  hp_test_destroy_window (GTK_WINDOW (fixture->window), (gpointer *) &fixture->window);
  g_assert_cmpuint (dismissed, ==, 2);
  g_assert_null (showing);
  g_assert_null (waiting);
}

/* For a person to look at (HP_SCREENSHOT_DIR): a message with an Undo
 * button at the bottom of the window, light and dark. */
static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *dir = hp_test_screenshot_dir ();
  AdwToast *toast;

  if (dir == NULL)
    return;

  toast = adw_toast_new ("Run r3 deleted");
  adw_toast_set_button_label (toast, "_Undo");
  adw_toast_set_timeout (toast, 0);
  hp_window_add_toast (fixture->window, toast);
  hp_test_wait_for (toast_revealed, fixture);
  for (int dark = 0; dark <= 1; dark++)
    {
      hp_test_set_dark (dark);
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (fixture->window), dir, dark ? "toast-dark.png" : "toast-light.png");
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  /* Animations on, as users have them: the crashes needed them. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);

  app = hp_test_app_new ();

  g_test_add ("/toast/close/button", Fixture, NULL,
              fixture_set_up, test_close_button, fixture_tear_down);
  g_test_add ("/toast/close/next-one-quickly", Fixture, NULL,
              fixture_set_up, test_close_next_quickly, fixture_tear_down);
  g_test_add ("/toast/close/urgent-one-quickly", Fixture, NULL,
              fixture_set_up, test_close_urgent_quickly, fixture_tear_down);
  g_test_add ("/toast/undo/button", Fixture, NULL,
              fixture_set_up, test_undo_button, fixture_tear_down);
  g_test_add ("/toast/queue/owner-dismisses", Fixture, NULL,
              fixture_set_up, test_queue_and_owner_dismiss, fixture_tear_down);
  g_test_add ("/toast/timeout/next", Fixture, NULL,
              fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add ("/toast/window/closed-while-showing", Fixture, NULL,
              fixture_set_up, test_window_closed, fixture_tear_down);

  g_test_add ("/toast/screenshot", Fixture, NULL,
              fixture_set_up, test_screenshot, fixture_tear_down);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
