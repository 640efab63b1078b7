/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trend chart in the window's lower panel ("Trends"), headless under
 * Xvfb (environment in tests/meson.build, TZ=UTC). The tests share one
 * window and run in the order they are added.
 *
 * tests/fixtures/trend-rising.hotpath, worked by hand: 36 succeeded runs,
 * three a day from Wed 1 Nov 2023 to Sun 12 Nov, at 09:00, 15:00 and
 * 21:00 UTC (day d = 0…11, slot j = 0, 1, 2; t = d + j/4 days).
 *   Load (1):   1000, 1010, 990 ms by slot, every day
 *   Sample (2): 2000 + 100·t ms = 2000 + 100d + 25j, plus noise in 8 runs:
 *               (d, j) (2,1) +300, (3,2) −150, (5,0) +400, (6,1) −200,
 *               (8,2) +350, (9,0) −150, (10,1) +300, (11,2) +250
 *   Save (3):   200 ms; execution = Load + Sample + Save + 50 ms
 * Baseline: r01 (day 0, 09:00): Sample 2000 ms.
 *
 * Sample: the 28 runs without noise lie on one line of 100 ms/day, so
 * C(28, 2) = 378 of the C(36, 2) = 630 pairwise slopes are exactly
 * 100 ms/day: more than half, so both middle slopes are, and Sen's slope
 * is 100 ms/day. Mann–Kendall: a noisy run disagrees at most with the runs
 * within |noise|/25 ms slots of it (2100/25 = 84) and with the other 7
 * noisy runs (28 pairs), so S ≥ 630 − 2·112 = 406; Var = 36·35·77/18 =
 * 5390, Z ≥ 405/73.4 = 5.5: p < 0.001. */
#include <adwaita.h>
#include <string.h>

#include "hp-application.h"
#include "hp-test-utils.h"
#include "hp-trend-chart.h"
#include "hp-trend-text.h"
#include "hp-window-private.h"

static HpApplication *app;
static HpWindow *window;
static HpTrendChart *chart;

static GtkStack *
lower_stack (void)
{
  g_autoptr(GPtrArray) stacks = hp_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_STACK);

  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_child_by_name (g_ptr_array_index (stacks, i), "trends") != NULL)
      return g_ptr_array_index (stacks, i);
  g_assert_not_reached ();
}

static const char *
verdict (void)
{
  return hp_test_label_text (GTK_WIDGET (chart), "trend-verdict");
}

static const char *
subject (void)
{
  return hp_test_label_text (GTK_WIDGET (chart), "trend-subject");
}

static void
select_node (const char *node_id)
{
  hp_window_set_selected_node_id (window, node_id);
  hp_test_flush ();
}

static void
choose_buckets (guint position)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (hp_test_get_named (GTK_WIDGET (chart), "trend-buckets"));

  gtk_drop_down_set_selected (dropdown, position);
  hp_test_flush ();
}

static gboolean
chart_drawn (gpointer data)
{
  GtkWidget *area = hp_test_get_named (GTK_WIDGET (chart), "trend-area");

  return gtk_widget_get_mapped (area) && gtk_widget_get_width (area) > 200;
}

static void
test_open_and_switch (void)
{
  g_autoptr(GFile) file = hp_test_fixture_file ("trend-rising.hotpath");
  GtkStack *stack;

  window = hp_test_open_window (app, file, 1200, 760);

  stack = lower_stack ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "nodes");
  chart = HP_TREND_CHART (gtk_stack_get_child_by_name (stack, "trends"));
  g_assert_true (hp_trend_chart_get_session (chart) == hp_window_get_session (window));
  g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (stack, GTK_WIDGET (chart))), ==, "Trends");

  gtk_stack_set_visible_child_name (stack, "trends");
  hp_test_wait_for (chart_drawn, NULL);
  g_assert_cmpint (hp_trend_chart_get_buckets (chart), ==, HP_TREND_BUCKET_AUTOMATIC);
}

static void
test_rising_node (void)
{
  HpTrend *trend;

  select_node ("2");
  trend = hp_trend_chart_get_trend (chart);
  g_assert_cmpstr (hp_trend_get_node_id (trend), ==, "2");
  g_assert_cmpuint (hp_trend_get_n_points (trend), ==, 36);
  /* automatic: 11.5 days = 277 hours (> 60), 12 days → days */
  g_assert_cmpint (hp_trend_get_bucket_size (trend), ==, HP_TREND_BUCKET_DAY);
  g_assert_cmpuint (hp_trend_get_n_buckets (trend), ==, 12);
  /* since: day 0's runs 2000, 2025, 2050 have the median 2025; every later
   * day's mean is above it (the lowest, day 1: 2100, 2125, 2150 → 2125),
   * so the rise starts on day 1, 2 Nov */
  g_assert_cmpstr (verdict (), ==, "Getting slower since 2 Nov: +100.0 ms/day, p < 0.001");
  g_assert_nonnull (strstr (verdict (), "slower"));
  g_assert_cmpstr (subject (), ==, "“Sample” (node 2), 36 runs");
  g_assert_cmpstr (hp_trend_chart_get_verdict (chart), ==, verdict ());
}

static GtkEventController *
motion_controller (GtkWidget *area)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (area);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        return controller;   /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

static void
test_hover (void)
{
  GtkWidget *area = hp_test_get_named (GTK_WIDGET (chart), "trend-area");
  GtkWidget *hover = hp_test_get_named (GTK_WIDGET (chart), "trend-hover");
  GtkEventController *motion = motion_controller (area);
  int width = gtk_widget_get_width (area);

  hp_test_settle ();
  g_assert_false (gtk_widget_get_visible (hover));
  /* Near the right edge: the last day, Sun 12 Nov (d = 11): Sample 3100,
   * 3125 and 3150 + 250 = 3400. mean 9625/3 = 3208.3 ms; p95 h = 1.9 →
   * 3125 + 0.9·275 = 3372.5; p99 h = 1.98 → 3125 + 0.98·275 = 3394.5;
   * σ: deviations −108.3, −83.3, 191.7 → (11736.1 + 6944.4 + 36736.1)/2 =
   * 27708.3 → 166.5 ms */
  g_signal_emit_by_name (motion, "motion", (double) width - 20, 60.0);
  hp_test_flush ();
  g_assert_true (gtk_widget_get_visible (hover));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hover)), ==,
                   "Sun 12 Nov 2023\n3 runs\nmean 3.21 s\np95 3.37 s\np99 3.39 s\nσ 166.5 ms");
  /* Far left, beyond the axis labels: nothing */
  g_signal_emit_by_name (motion, "motion", 2.0, 60.0);
  hp_test_flush ();
  g_assert_false (gtk_widget_get_visible (hover));
  g_signal_emit_by_name (motion, "motion", (double) width - 20, 60.0);
  g_signal_emit_by_name (motion, "leave");
  hp_test_flush ();
  g_assert_false (gtk_widget_get_visible (hover));
}

static void
test_bucket_sizes (void)
{
  HpTrend *trend;

  /* Week: Mon 30 Oct holds 1–5 Nov (days 0–4, 15 runs), Mon 6 Nov holds
   * 6–12 Nov (21 runs). Week 0's median is below week 1's mean → since
   * 6 Nov. The slope does not depend on buckets. */
  choose_buckets (2);
  g_assert_cmpint (hp_trend_chart_get_buckets (chart), ==, HP_TREND_BUCKET_WEEK);
  trend = hp_trend_chart_get_trend (chart);
  g_assert_cmpuint (hp_trend_get_n_buckets (trend), ==, 2);
  g_assert_cmpuint (hp_trend_get_bucket (trend, 0)->summary.count, ==, 15);
  g_assert_cmpuint (hp_trend_get_bucket (trend, 1)->summary.count, ==, 21);
  g_assert_cmpstr (verdict (), ==, "Getting slower since 6 Nov: +100.0 ms/day, p < 0.001");

  /* Hour: one run each, 36 buckets; every run after the first is above
   * 2000 (the lowest, (3,2): 2350 − 150 = 2200) → since the second run's
   * hour, 1 Nov 15:00 */
  choose_buckets (0);
  trend = hp_trend_chart_get_trend (chart);
  g_assert_cmpint (hp_trend_get_bucket_size (trend), ==, HP_TREND_BUCKET_HOUR);
  g_assert_cmpuint (hp_trend_get_n_buckets (trend), ==, 36);
  g_assert_cmpstr (verdict (), ==, "Getting slower since 1 Nov: +100.0 ms/day, p < 0.001");

  choose_buckets (1);
  g_assert_cmpint (hp_trend_get_bucket_size (hp_trend_chart_get_trend (chart)), ==, HP_TREND_BUCKET_DAY);
  choose_buckets (3);
  g_assert_cmpint (hp_trend_chart_get_buckets (chart), ==, HP_TREND_BUCKET_AUTOMATIC);
  g_assert_cmpint (hp_trend_get_bucket_size (hp_trend_chart_get_trend (chart)), ==, HP_TREND_BUCKET_DAY);
}

static void
test_flat_node (void)
{
  /* Load repeats 1000, 1010, 990: S over residues = 78 − 78 − 78 − 66 + 66
   * + 66 = −12 (78 ordered pairs per residue pair r < s, 66 for r > s);
   * Var = (97020 − 3·3828)/18 = 4752 (three groups of 12 ties);
   * Z = −11/68.93 = −0.160; p = 2(1 − Φ(0.1596)) = 2(1 − 0.5634) = 0.87 */
  select_node ("1");
  g_assert_cmpstr (verdict (), ==, "No significant trend (p = 0.87)");
}

static void
test_whole_run (void)
{
  HpTrend *trend;

  /* No node: the execution times. Day 0: 3250, 3285, 3290 (median 3285);
   * the lowest later day mean is day 1's, 1000 + 2125 + 250 = 3375 → 2 Nov */
  select_node (NULL);
  trend = hp_trend_chart_get_trend (chart);
  g_assert_null (hp_trend_get_node_id (trend));
  g_assert_cmpuint (hp_trend_get_n_points (trend), ==, 36);
  g_assert_cmpstr (subject (), ==, "Whole run, 36 runs");
  g_assert_true (g_str_has_prefix (verdict (), "Getting slower since 2 Nov: +"));
}

static void
test_follows_profile (void)
{
  HpProfile *profile = hp_window_get_profile (window);
  g_autoptr(HpRun) run = hp_run_new ("r37");
  g_autoptr(GError) error = NULL;
  /* 13 Nov 09:00 UTC */
  gint64 start = (G_GINT64_CONSTANT (1698796800) + 12 * 86400 + 9 * 3600) * G_USEC_PER_SEC;

  /* the whole run: r37 has no node runs, only its execution time */
  select_node (NULL);
  hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
  hp_run_set_started_us (run, start);
  hp_run_set_finished_us (run, start + 4500 * 1000);
  g_assert_true (hp_profile_add_run (profile, run, &error));
  g_assert_no_error (error);
  hp_test_flush ();
  g_assert_cmpuint (hp_trend_get_n_points (hp_trend_chart_get_trend (chart)), ==, 37);

  /* No baseline: the line goes, the chart stays */
  hp_profile_set_baseline (profile, NULL);
  hp_test_flush ();
  hp_profile_remove_run (profile, run);
  hp_test_flush ();
  g_assert_cmpuint (hp_trend_get_n_points (hp_trend_chart_get_trend (chart)), ==, 36);
  hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, "r01"));
}

/* One run a day at noon UTC from Tue 14 Nov 2023, @values in ms. */
static HpTrend *
daily_trend (const double *values,
             guint         n)
{
  gint64 t0 = (G_GINT64_CONSTANT (1699920000) + 12 * 3600) * G_USEC_PER_SEC;
  g_autofree HpTrendPoint *points = g_new (HpTrendPoint, n);

  for (guint i = 0; i < n; i++)
    points[i] = (HpTrendPoint) { t0 + i * G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC, values[i] * 1000 };
  return hp_trend_compute_points (points, n, HP_TREND_BUCKET_DAY, NULL, NULL);
}

static void
test_texts (void)
{
  const double creep[] = { 100, 101, 102, 103, 104, 105, 106, 107, 108, 109 };
  const double falling[] = { 300, 300, 300, 300, 300, 300, 200, 190, 180, 170, 160, 150 };
  const double few[] = { 100, 200, 300 };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(HpTrend) t_creep = daily_trend (creep, 10);
  g_autoptr(HpTrend) t_falling = daily_trend (falling, 12);
  g_autoptr(HpTrend) t_few = daily_trend (few, 3);
  g_autofree char *s_creep = hp_trend_text_verdict (t_creep, utc);
  g_autofree char *s_falling = hp_trend_text_verdict (t_falling, utc);
  g_autofree char *s_few = hp_trend_text_verdict (t_few, utc);
  g_autofree char *subject = hp_trend_text_subject (t_few, NULL);

  /* strictly rising (p ≈ 8.3e-5) by 1 ms/day: 9 ms over 9 days, under
   * the 50 ms noise floor */
  g_assert_cmpstr (s_creep, ==, "No trend above the noise floor (+1.0 ms/day, p < 0.001)");
  /* S = −51, Z = −3.68 (p ≈ 2.3e-4); Sen −(130/9 + 15)/2 = −14.72 ms/day;
   * from day 6 (20 Nov) every mean is below the earlier median 300 */
  g_assert_cmpstr (s_falling, ==, "Getting faster since 20 Nov: −14.7 ms/day, p < 0.001");
  g_assert_cmpstr (s_few, ==, "Not enough runs for a trend");
  g_assert_cmpstr (subject, ==, "Whole run, 3 runs");
}

/* ---- screenshots (HP_SCREENSHOT_DIR=… only) ------------------------------- */

static void
test_screenshots (void)
{
  const char *dir = hp_test_screenshot_dir ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *area = hp_test_get_named (GTK_WIDGET (chart), "trend-area");

  if (dir == NULL)
    return;

  /* A taller lower panel than the default, so the chart reads well. */
  {
    g_autoptr(GPtrArray) paneds = hp_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_PANED);

    for (guint i = 0; i < paneds->len; i++)
      if (gtk_orientable_get_orientation (g_ptr_array_index (paneds, i)) == GTK_ORIENTATION_VERTICAL)
        gtk_paned_set_position (g_ptr_array_index (paneds, i), 300);
    hp_test_settle ();
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-fit", NULL);
  }
  select_node ("2");
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("trends-%s.png", dark ? "dark" : "light");

      hp_test_set_dark (dark);
      hp_test_settle ();
      g_signal_emit_by_name (motion_controller (area), "motion",
                             (double) gtk_widget_get_width (area) * 0.62, 40.0);
      hp_test_settle ();
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (window), dir, name);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
chart_released (gpointer data)
{
  return chart == NULL;
}

static void
test_close (void)
{
  g_object_add_weak_pointer (G_OBJECT (chart), (gpointer *) &chart);
  /* Destroyed, not closed: test_follows_profile left unsaved changes,
   * and closing would ask about them first. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  /* Once the window is gone, nothing holds on to the chart (and the chart
   * let go of its session and profile in dispose). */
  hp_test_wait_for (chart_released, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  app = hp_test_app_new ();

  g_test_add_func ("/trend-chart/texts", test_texts);
  g_test_add_func ("/trend-chart/open-and-switch", test_open_and_switch);
  g_test_add_func ("/trend-chart/rising-node", test_rising_node);
  g_test_add_func ("/trend-chart/hover", test_hover);
  g_test_add_func ("/trend-chart/bucket-sizes", test_bucket_sizes);
  g_test_add_func ("/trend-chart/flat-node", test_flat_node);
  g_test_add_func ("/trend-chart/whole-run", test_whole_run);
  g_test_add_func ("/trend-chart/screenshots", test_screenshots);
  g_test_add_func ("/trend-chart/follows-profile", test_follows_profile);
  g_test_add_func ("/trend-chart/close", test_close);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
