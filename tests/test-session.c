/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpSession, the window's view-model: which run the panels show, which
 * node is selected, and the jump-to-node request. No display needed. */
#include <glib.h>

#include "hp-session.h"

/* Three runs started at 1, 2 and 3 s (µs below); ids a, b, c. */
static HpProfile *
make_profile (void)
{
  HpProfile *profile = hp_profile_new ();
  const char *ids[] = { "a", "b", "c" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(HpRun) run = hp_run_new (ids[i]);

      hp_run_set_started_us (run, (gint64) (i + 1) * G_USEC_PER_SEC);
      hp_run_set_finished_us (run, (gint64) (i + 1) * G_USEC_PER_SEC + 500000);
      g_assert_true (hp_profile_add_run (profile, run, NULL));
    }
  return profile;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_follows_latest (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autoptr(HpSession) session = hp_session_new (profile);
  g_autoptr(HpRun) later = hp_run_new ("d");
  guint notified = 0;

  /* With no choice made, the panels show the latest run. */
  g_assert_cmpstr (hp_run_get_id (hp_session_get_selected_run (session)), ==, "c");

  g_signal_connect (session, "notify::selected-run", G_CALLBACK (count_notify), &notified);
  hp_run_set_started_us (later, 4 * G_USEC_PER_SEC);
  hp_profile_add_run (profile, later, NULL);
  /* A new run (a live run finishing) becomes the selected one. */
  g_assert_true (hp_session_get_selected_run (session) == later);
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_user_choice_sticks (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autoptr(HpSession) session = hp_session_new (profile);
  g_autoptr(HpRun) later = hp_run_new ("d");
  HpRun *b = hp_profile_lookup_run (profile, "b");

  hp_session_set_selected_run (session, b);
  g_assert_true (hp_session_get_selected_run (session) == b);

  /* A new run does not take the user's choice away … */
  hp_run_set_started_us (later, 4 * G_USEC_PER_SEC);
  hp_profile_add_run (profile, later, NULL);
  g_assert_true (hp_session_get_selected_run (session) == b);

  /* … but deleting the chosen run falls back to the latest, d. */
  hp_profile_remove_run (profile, b);
  g_assert_cmpstr (hp_run_get_id (hp_session_get_selected_run (session)), ==, "d");

  /* NULL means "follow the latest" again. */
  hp_session_set_selected_run (session, hp_profile_lookup_run (profile, "a"));
  hp_session_set_selected_run (session, NULL);
  g_assert_cmpstr (hp_run_get_id (hp_session_get_selected_run (session)), ==, "d");

  /* Clearing the history leaves nothing to show. */
  hp_profile_clear_runs (profile);
  g_assert_null (hp_session_get_selected_run (session));
}

static void
test_foreign_run_rejected (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(HpProfile) profile = make_profile ();
      g_autoptr(HpSession) session = hp_session_new (profile);
      g_autoptr(HpRun) stranger = hp_run_new ("x");

      hp_session_set_selected_run (session, stranger);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*not in this session's profile*");
}

static void
record_jump (HpSession  *session,
             const char *node_id,
             GString    *log)
{
  g_string_append_printf (log, "%s;", node_id);
}

static void
test_jump_to_node (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autoptr(HpSession) session = hp_session_new (profile);
  g_autoptr(GString) log = g_string_new (NULL);
  guint notified = 0;

  g_signal_connect (session, "jump-to-node", G_CALLBACK (record_jump), log);
  g_signal_connect (session, "notify::selected-node-id", G_CALLBACK (count_notify), &notified);

  hp_session_set_selected_node_id (session, "7");
  g_assert_cmpstr (hp_session_get_selected_node_id (session), ==, "7");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (log->str, ==, "");     /* selecting alone asks no view to move */

  /* Jumping selects and asks the views to bring the node into sight,
   * even when it is already selected (the user clicked it again). */
  hp_session_jump_to_node (session, "7");
  hp_session_jump_to_node (session, "12");
  g_assert_cmpstr (log->str, ==, "7;12;");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (hp_session_get_selected_node_id (session), ==, "12");

  hp_session_set_selected_node_id (session, NULL);
  g_assert_null (hp_session_get_selected_node_id (session));
}

static void
test_defaults (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(HpSession) session = hp_session_new (profile);

  /* The window's defaults: the selected run's nodes (DESIGN.md's heatmap),
   * top 5, 20 % and 50 ms, heat 5 % / 20 %. */
  g_assert_cmpint (hp_session_get_metric (session), ==, HP_METRIC_LAST);
  g_assert_cmpuint (hp_session_get_top_n (session), ==, 5);
  g_assert_cmpfloat (hp_session_get_threshold_pct (session), ==, 20.0);
  g_assert_cmpfloat (hp_session_get_noise_floor_us (session), ==, 50000.0);
  g_assert_cmpfloat (hp_session_get_heat_low_pct (session), ==, 5.0);
  g_assert_cmpfloat (hp_session_get_heat_high_pct (session), ==, 20.0);
  g_assert_null (hp_session_get_selected_run (session));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/run/follows-latest", test_follows_latest);
  g_test_add_func ("/session/run/user-choice-sticks", test_user_choice_sticks);
  g_test_add_func ("/session/run/foreign-rejected", test_foreign_run_rejected);
  g_test_add_func ("/session/node/jump", test_jump_to_node);
  g_test_add_func ("/session/defaults", test_defaults);

  return g_test_run ();
}
