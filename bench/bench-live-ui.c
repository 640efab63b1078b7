/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-live-ui: does the window stay responsive while a server floods
 * it with ComfyUI messages? Needs a display (run under xvfb-run).
 *
 *   bench-live-ui [--rate R] [--prompts N] [--nodes N] [--steps N]
 *
 * The flood server of bench-live (its own thread) sends N prompts
 * (default 40) of a chain of N nodes (50), each node one `executing` and
 * N `progress` messages (20), paced at R messages/s (5,000); a real
 * HpWindow watches it through win.connect-to, as `hotpath --connect`.
 * A tick callback keeps the window's frame clock running (as an
 * animation would), so every main-loop stall shows as a long frame.
 *
 * Prints, while flooding: the main thread's CPU time (the share of a core
 * it needed, whatever else the machine runs), the interval between
 * painted frames (p50, p99,
 * max: 16.7 ms at 60 Hz when nothing stalls), the live updates passed on
 * to the window per second (budget ≤ 60), and the latency from the
 * server's send of an `executing` message to the first frame painted
 * after the canvas was told about that node (p50, p99, max). */
#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hp-application.h"
#include "hp-bench-flood.h"
#include "hp-graph-canvas.h"
#include "hp-live-controller.h"
#include "hp-window.h"
#include "hp-window-private.h"

static HpWindow *window;
static Flood *flood;
static const char **exec_node;       /* per frame: the node of an `executing`, else NULL */
static GArray *frame_gaps;           /* double ms */
static GArray *latencies;            /* double ms */
static gint64 last_paint_us;
static gint64 pending_sent_us;       /* send time of the node the canvas was told about */
static guint n_updates;
static gboolean flooding;

static gboolean
keep_ticking (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (flooding && last_paint_us != 0)
    {
      double gap = (now - last_paint_us) / 1000.0;

      g_array_append_val (frame_gaps, gap);
    }
  last_paint_us = now;
  if (pending_sent_us != 0)
    {
      double latency = (now - pending_sent_us) / 1000.0;

      g_array_append_val (latencies, latency);
      pending_sent_us = 0;
    }
}

static HpGraphCanvas *
find_canvas (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      HpGraphCanvas *canvas;

      if (HP_IS_GRAPH_CANVAS (child))
        return HP_GRAPH_CANVAS (child);
      if ((canvas = find_canvas (child)) != NULL)
        return canvas;
    }
  return NULL;
}

/* After the window's own handler: the canvas now knows the live node;
 * the latency runs from the send of its `executing` to the next paint. */
static void
profile_updated_cb (HpLiveController *controller,
                    HpProfile        *profile,
                    gpointer          data)
{
  HpGraphCanvas *canvas = find_canvas (GTK_WIDGET (window));
  const char *live = canvas != NULL ? hp_graph_canvas_get_live_node_id (canvas) : NULL;
  guint n = g_atomic_int_get (&flood->n_sent);

  n_updates += flooding;
  if (live == NULL || pending_sent_us != 0)
    return;
  for (guint k = n; k > 0 && k + 20000 > n; k--)
    if (exec_node[k - 1] != NULL && strcmp (exec_node[k - 1], live) == 0)
      {
        pending_sent_us = flood->sent_us[k - 1];
        return;
      }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_summary (const char *what,
               GArray     *values)
{
  double *v = (double *) values->data;
  guint n = values->len;

  if (n == 0)
    {
      printf ("%s: none\n", what);
      return;
    }
  qsort (v, n, sizeof (double), compare_doubles);
  printf ("%s: %u, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
          what, n, v[n / 2], v[MIN (n - 1, (guint) (n * 0.99))], v[n - 1]);
}

int
main (int    argc,
      char **argv)
{
  gint n_prompts = 40, n_nodes = 50, n_steps = 20;
  double rate = 5000;
  g_autoptr(GOptionContext) context = g_option_context_new ("— the window under a flood of live messages");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) frames = NULL;
  g_autofree char *graph = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(HpApplication) app = NULL;
  HpLiveController *controller = NULL;
  gint64 start, deadline, end;
  gint64 cpu_start = 0, cpu_end;
  GOptionEntry entries[] = {
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Messages per second (5000)", "R" },
    { "prompts", 0, 0, G_OPTION_ARG_INT, &n_prompts, "Prompts (40)", "N" },
    { "nodes", 0, 0, G_OPTION_ARG_INT, &n_nodes, "Nodes per prompt (50)", "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &n_steps, "Progress messages per node (20)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_prompts < 1 || n_nodes < 1 ||
      n_steps < 0 || rate <= 0)
    {
      g_printerr ("bench-live-ui: %s\n", error != NULL ? error->message : "bad numbers");
      return 2;
    }

  graph = hp_bench_make_graph ((guint) n_nodes);
  frames = hp_bench_make_frames ((guint) n_prompts, (guint) n_nodes, (guint) n_steps);
  exec_node = g_new0 (const char *, frames->len);
  for (guint i = 0; i < frames->len; i++)
    {
      const char *prefix = "{\"type\":\"executing\",\"data\":{\"node\":\"";
      const char *frame = g_ptr_array_index (frames, i);

      if (g_str_has_prefix (frame, prefix))
        {
          g_autofree char *id = g_strndup (frame + strlen (prefix), strcspn (frame + strlen (prefix), "\""));

          exec_node[i] = g_intern_string (id);
        }
    }
  frame_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  latencies = g_array_new (FALSE, FALSE, sizeof (double));

  /* No autosave of the flood into the user's data dir. */
  g_setenv ("XDG_DATA_HOME", g_get_tmp_dir (), TRUE);
  adw_init ();
  app = hp_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  window = hp_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), keep_ticking, NULL, NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);

  flood = hp_bench_flood_start (frames, graph, rate);
  uri = g_strdup_printf ("http://127.0.0.1:%u", flood->port);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.connect-to", "s", uri);

  start = g_get_monotonic_time ();
  deadline = start + 600 * G_USEC_PER_SEC;
  while ((guint) g_atomic_int_get (&flood->n_sent) < frames->len && g_get_monotonic_time () < deadline)
    {
      if (controller == NULL && (controller = _hp_window_get_live (window)) != NULL)
        g_signal_connect_after (controller, "profile-updated", G_CALLBACK (profile_updated_cb), NULL);
      flooding = g_atomic_int_get (&flood->n_sent) > 0;
      if (flooding && start == 0)
        {
          start = g_get_monotonic_time ();
          cpu_start = hp_bench_thread_cpu_us ();
        }
      g_main_context_iteration (NULL, TRUE);
      if (!flooding)
        start = 0;
    }
  end = g_get_monotonic_time ();
  cpu_end = hp_bench_thread_cpu_us ();
  flooding = FALSE;

  printf ("flood: %u messages (%d prompts x %d nodes x %d progress) at %.0f messages/s for %.1f s\n",
          frames->len, n_prompts, n_nodes, n_steps, rate, (end - start) / 1e6);
  /* Whatever else the machine runs, this is the share of a core the
   * window's main thread needed: near 100 % it cannot keep up. */
  printf ("main thread CPU while flooding: %.2f s of %.2f s (%.0f %%)\n",
          (cpu_end - cpu_start) / 1e6, (end - start) / 1e6, 100.0 * (cpu_end - cpu_start) / (end - start));
  print_summary ("frame interval while flooding", frame_gaps);
  printf ("live updates passed on: %u, %.1f a second\n", n_updates, n_updates / ((end - start) / 1e6));
  print_summary ("executing sent -> frame painted with it", latencies);
  if (hp_window_get_profile (window) != NULL)
    printf ("runs recorded in the window: %u\n", hp_profile_get_n_runs (hp_window_get_profile (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  hp_bench_flood_stop (flood);
  g_array_unref (frame_gaps);
  g_array_unref (latencies);
  g_free (exec_node);
  return 0;
}
