/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpCoalesce, the panels' "when to recompute": a hidden panel waits for
 * its next map, a shown one updates at once, and during a live run at
 * most once per interval with the last change always shown. Driven with a
 * plain label in a window under Xvfb and a counting update function. */
#include <adwaita.h>

#include "hp-coalesce.h"
#include "hp-test-utils.h"

typedef struct
{
  guint n_updates;
} Counter;

static void
count_cb (gpointer data)
{
  Counter *counter = data;

  counter->n_updates++;
}

typedef struct
{
  Counter *counter;
  guint    n;
} CountWait;

static gboolean
counted (gpointer data)
{
  CountWait *wait = data;

  return wait->counter->n_updates >= wait->n;
}

/* A stack with two pages; the label is on the second (hidden) one. */
static GtkWindow *
new_window (GtkStack  **stack_out,
            GtkWidget **label_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *label = gtk_label_new ("panel");

  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("first"), "first");
  gtk_stack_add_named (GTK_STACK (stack), label, "second");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "first");
  gtk_window_set_child (window, stack);
  gtk_window_present (window);
  hp_test_wait_for (hp_test_widget_mapped, stack);
  *stack_out = GTK_STACK (stack);
  *label_out = label;
  return window;
}

static void
test_hidden_waits_for_map (void)
{
  Counter counter = { 0 };
  GtkStack *stack;
  GtkWidget *label;
  GtkWindow *window = new_window (&stack, &label);
  HpCoalesce *coalesce = hp_coalesce_new (label, 300, HP_COALESCE_NOW, count_cb, &counter);
  CountWait wait = { &counter, 1 };
  gpointer watched;

  /* Hidden: three changes, no update, one pending. */
  g_assert_false (gtk_widget_get_mapped (label));
  hp_coalesce_queue (coalesce, FALSE);
  hp_coalesce_queue (coalesce, TRUE);
  hp_coalesce_queue (coalesce, FALSE);
  hp_test_settle ();
  g_assert_cmpuint (counter.n_updates, ==, 0);
  g_assert_true (hp_coalesce_is_pending (coalesce));

  /* Shown: one update for the three, before the next frame. */
  gtk_stack_set_visible_child_name (stack, "second");
  hp_test_wait_for (counted, &wait);
  hp_test_settle ();
  g_assert_cmpuint (counter.n_updates, ==, 1);
  g_assert_false (hp_coalesce_is_pending (coalesce));

  /* Shown, not live: at once, each time. */
  hp_coalesce_queue (coalesce, FALSE);
  g_assert_cmpuint (counter.n_updates, ==, 2);
  hp_coalesce_queue (coalesce, FALSE);
  g_assert_cmpuint (counter.n_updates, ==, 3);

  /* Hidden again, then a getter: flush does the pending update now. */
  gtk_stack_set_visible_child_name (stack, "first");
  hp_coalesce_queue (coalesce, FALSE);
  g_assert_cmpuint (counter.n_updates, ==, 3);
  g_assert_true (hp_coalesce_flush (coalesce));
  g_assert_cmpuint (counter.n_updates, ==, 4);
  g_assert_false (hp_coalesce_flush (coalesce));
  g_assert_cmpuint (counter.n_updates, ==, 4);

  /* A direct update clears what was pending: nothing on the next map. */
  hp_coalesce_queue (coalesce, FALSE);
  hp_coalesce_done (coalesce);
  gtk_stack_set_visible_child_name (stack, "second");
  hp_test_settle ();
  g_assert_cmpuint (counter.n_updates, ==, 4);

  hp_coalesce_free (coalesce);
  watched = window;
  hp_test_destroy_window (window, &watched);
}

static void
test_live_throttled (void)
{
  Counter counter = { 0 };
  GtkStack *stack;
  GtkWidget *label;
  GtkWindow *window = new_window (&stack, &label);
  HpCoalesce *coalesce = hp_coalesce_new (label, 300, HP_COALESCE_NOW, count_cb, &counter);
  CountWait wait = { &counter, 2 };
  gpointer watched;
  gint64 start;

  gtk_stack_set_visible_child_name (stack, "second");
  hp_test_wait_for (hp_test_widget_mapped, label);

  /* The first live change updates at once; 50 more within the interval
   * wait and make one update together, at least 300 ms after the first. */
  start = g_get_monotonic_time ();
  hp_coalesce_queue (coalesce, TRUE);
  g_assert_cmpuint (counter.n_updates, ==, 1);
  for (guint i = 0; i < 50; i++)
    hp_coalesce_queue (coalesce, TRUE);
  g_assert_cmpuint (counter.n_updates, ==, 1);
  g_assert_true (hp_coalesce_is_pending (coalesce));
  hp_test_wait_for (counted, &wait);
  /* 300 ms less a millisecond of timer rounding; no upper bound (a loaded
   * machine may be late). */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 299 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (counter.n_updates, ==, 2);
  g_assert_false (hp_coalesce_is_pending (coalesce));

  /* Freed with an update pending: its timeout goes too (no call later). */
  hp_coalesce_queue (coalesce, TRUE);
  g_assert_true (hp_coalesce_is_pending (coalesce));
  hp_coalesce_free (coalesce);
  g_usleep (350 * G_TIME_SPAN_MILLISECOND);
  hp_test_settle ();
  g_assert_cmpuint (counter.n_updates, ==, 2);

  watched = window;
  hp_test_destroy_window (window, &watched);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/coalesce/hidden-waits-for-map", test_hidden_waits_for_map);
  g_test_add_func ("/coalesce/live-throttled", test_live_throttled);
  return g_test_run ();
}
