/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How fast a large profile reaches a drawn window, and whether the window
 * stays responsive on it. Needs a display (run under xvfb-run).
 *
 *   bench-window FILE
 *
 * Prints: time from hp_window_open_file() to the profile being in the
 * window (load in a thread + model), to the first frame drawn with node
 * rows, and the frame times of jumping to 20 nodes spread over the list
 * and of scrolling it from top to bottom. */
#include <adwaita.h>
#include <stdio.h>

#include "hp-application.h"
#include "hp-node-list.h"
#include "hp-node-row.h"
#include "hp-window.h"

typedef gboolean (*Condition) (gpointer data);

static HpWindow *window;
static guint frames_painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  frames_painted++;
}

static void
wait_for (Condition cond,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out");
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
}

static gboolean
has_profile (gpointer data)
{
  return hp_window_get_profile (window) != NULL;
}

static gboolean
painted_since (gpointer data)
{
  return frames_painted > GPOINTER_TO_UINT (data);
}

static gboolean
row_drawn (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (HP_IS_NODE_ROW (child) && hp_node_row_get_stats (HP_NODE_ROW (child)) != NULL &&
          gtk_widget_get_mapped (child))
        return TRUE;
      if (row_drawn (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
rows_drawn (gpointer data)
{
  return row_drawn (GTK_WIDGET (window)) && frames_painted > GPOINTER_TO_UINT (data);
}

/* Runs @step, then waits for the next painted frame; returns ms. */
static double
timed_frame (void (*step) (gpointer), gpointer data)
{
  guint before = frames_painted;
  gint64 start = g_get_monotonic_time ();

  step (data);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  wait_for (painted_since, GUINT_TO_POINTER (before));
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
jump_step (gpointer data)
{
  hp_window_set_selected_node_id (window, data);
}

static void
redraw_step (gpointer data)
{
}

static GtkAdjustment *
find_vadjustment (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *adj;

      if (GTK_IS_LIST_VIEW (child) && gtk_widget_get_mapped (child) &&
          gtk_widget_get_ancestor (child, HP_TYPE_NODE_LIST) != NULL)
        return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child));
      if ((adj = find_vadjustment (child)) != NULL)
        return adj;
    }
  return NULL;
}

static void
scroll_step (gpointer data)
{
  GtkAdjustment *adj = data;

  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(HpApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *stats;
  GtkAdjustment *adj;
  gint64 start, loaded, drawn;
  double worst = 0, total = 0;
  guint n_frames = 0, n_nodes;

  if (argc != 2)
    {
      g_printerr ("usage: %s FILE (under a display, e.g. xvfb-run)\n", argv[0]);
      return 2;
    }

  gtk_init ();
  adw_init ();
  app = hp_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  window = hp_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);

  file = g_file_new_for_commandline_arg (argv[1]);
  start = g_get_monotonic_time ();
  hp_window_open_file (window, file);
  wait_for (has_profile, NULL);
  loaded = g_get_monotonic_time ();
  {
    guint before = frames_painted;

    wait_for (rows_drawn, GUINT_TO_POINTER (before));
  }
  drawn = g_get_monotonic_time ();

  for (guint i = 0; i < 20; i++)
    {
      double ms = timed_frame (redraw_step, NULL);

      worst = MAX (worst, ms);
      total += ms;
      n_frames++;
    }
  printf ("plain redraw:        mean %.1f ms, worst %.1f ms per frame (the renderer alone)\n",
          total / n_frames, worst);
  worst = total = 0;
  n_frames = 0;

  stats = hp_profile_get_node_stats (hp_window_get_profile (window));
  n_nodes = g_list_model_get_n_items (stats);
  for (guint i = 0; i < 20 && n_nodes > 0; i++)
    {
      g_autoptr(HpNodeStats) s = g_list_model_get_item (stats, (i * 37) % n_nodes);
      double ms = timed_frame (jump_step, (gpointer) hp_node_stats_get_node_id (s));

      worst = MAX (worst, ms);
      total += ms;
      n_frames++;
    }
  printf ("file:                %s\n", argv[1]);
  printf ("nodes:               %u, runs: %u\n", n_nodes, hp_profile_get_n_runs (hp_window_get_profile (window)));
  printf ("open → profile set:  %.0f ms (load in a thread + statistics)\n", (loaded - start) / 1000.0);
  printf ("open → rows drawn:   %.0f ms\n", (drawn - start) / 1000.0);
  printf ("jump to node:        mean %.1f ms, worst %.1f ms per frame (%u jumps)\n",
          total / MAX (n_frames, 1), worst, n_frames);

  adj = find_vadjustment (GTK_WIDGET (window));
  if (adj != NULL)
    {
      worst = total = 0;
      n_frames = 0;
      gtk_adjustment_set_value (adj, 0);
      while (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) < gtk_adjustment_get_upper (adj) &&
             n_frames < 400)
        {
          double ms = timed_frame (scroll_step, adj);

          worst = MAX (worst, ms);
          total += ms;
          n_frames++;
        }
      printf ("scroll a page:       mean %.1f ms, worst %.1f ms per frame (%u pages)\n",
              total / MAX (n_frames, 1), worst, n_frames);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
