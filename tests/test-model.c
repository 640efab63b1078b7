/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "hp-profile.h"
#include "hp-time-format.h"

#define S G_USEC_PER_SEC

/* A run with the given start and queue times in seconds (-1: unknown). */
static HpRun *
make_run (const char *id,
          gint64      start_s,
          gint64      queued_s)
{
  HpRun *run = hp_run_new (id);

  if (start_s >= 0)
    hp_run_set_started_us (run, start_s * S);
  if (queued_s >= 0)
    hp_run_set_queued_us (run, queued_s * S);
  return run;
}

static void
add_run (HpProfile *profile,
         HpRun     *run)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hp_profile_add_run (profile, run, &error));
  g_assert_no_error (error);
  g_object_unref (run);
}

static void
add_node_run (HpRun        *run,
              const char   *node_id,
              HpNodeStatus  status,
              gint64        duration_ms)
{
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (node_id, status);

  hp_node_run_set_duration_us (node_run, duration_ms * 1000);
  hp_run_add_node_run (run, node_run);
}

/* The run ids of @profile in model order, joined with spaces. */
static char *
run_order (HpProfile *profile)
{
  GString *s = g_string_new (NULL);
  GListModel *runs = hp_profile_get_runs (profile);

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(HpRun) run = g_list_model_get_item (runs, i);

      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, hp_run_get_id (run));
    }
  return g_string_free (s, FALSE);
}

/* ---- ordering ----------------------------------------------------------- */

static void
test_order_one_by_one (void)
{
  HpProfile *profile = hp_profile_new ();
  g_autofree char *order = NULL;

  add_run (profile, make_run ("a", 300, -1));
  add_run (profile, make_run ("b", 100, -1));
  add_run (profile, make_run ("c", 200, -1));

  order = run_order (profile);
  g_assert_cmpstr (order, ==, "b c a");   /* 100, 200, 300 */
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_latest_run (profile)), ==, "a");
  g_assert_cmpint (hp_profile_get_run_position (profile, hp_profile_lookup_run (profile, "c")), ==, 1);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 3);

  g_assert_finalize_object (profile);
}

static void
test_order_bulk (void)
{
  HpProfile *profile = hp_profile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;
  HpRun *batch[6];

  add_run (profile, make_run ("r-c", 200, -1));
  add_run (profile, make_run ("r-a", 300, -1));
  add_run (profile, make_run ("r-b", 100, -1));

  batch[0] = make_run ("r-g", -1, -1);    /* no times: last */
  batch[1] = make_run ("r-h", 200, -1);   /* same start as r-c: id decides */
  batch[2] = make_run ("r-e", -1, 250);   /* no start: its queue time 250 */
  batch[3] = make_run ("r-f", -1, -1);    /* no times: last, before r-g by id */
  batch[4] = make_run ("r-d", 150, 10);   /* start counts, not the queue time */
  batch[5] = make_run ("r-0", 100, -1);   /* same start as r-b: "r-0" < "r-b" */
  g_assert_true (hp_profile_add_runs (profile, batch, G_N_ELEMENTS (batch), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (batch); i++)
    g_object_unref (batch[i]);

  /* 100 (r-0, r-b), 150, 200 (r-c, r-h), 250 (queued), 300, unknown (r-f, r-g) */
  order = run_order (profile);
  g_assert_cmpstr (order, ==, "r-0 r-b r-d r-c r-h r-e r-a r-f r-g");
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_latest_run (profile)), ==, "r-g");

  g_assert_finalize_object (profile);
}

static void
test_order_run_changed (void)
{
  HpProfile *profile = hp_profile_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  HpRun *live;

  add_run (profile, make_run ("x", 100, -1));
  add_run (profile, make_run ("live", -1, -1));   /* not started yet: last */
  add_run (profile, make_run ("y", 300, -1));
  before = run_order (profile);
  g_assert_cmpstr (before, ==, "x y live");

  live = hp_profile_lookup_run (profile, "live");
  hp_run_set_started_us (live, 200 * S);
  hp_profile_run_changed (profile, live);
  after = run_order (profile);
  g_assert_cmpstr (after, ==, "x live y");   /* 100, 200, 300 */

  g_assert_finalize_object (profile);
}

/* ---- items-changed ------------------------------------------------------ */

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    user_data)
{
  GArray *changes = user_data;
  Change c = { position, removed, added };

  g_array_append_val (changes, c);
}

static void
assert_change (GArray *changes,
               guint   i,
               guint   position,
               guint   removed,
               guint   added)
{
  Change *c;

  g_assert_cmpuint (i, <, changes->len);
  c = &g_array_index (changes, Change, i);
  g_assert_cmpuint (c->position, ==, position);
  g_assert_cmpuint (c->removed, ==, removed);
  g_assert_cmpuint (c->added, ==, added);
}

static void
test_items_changed (void)
{
  HpProfile *profile = hp_profile_new ();
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GError) error = NULL;
  HpRun *batch[2];

  g_signal_connect (hp_profile_get_runs (profile), "items-changed",
                    G_CALLBACK (record_change), changes);

  add_run (profile, make_run ("b", 200, -1));   /* into an empty list: at 0 */
  add_run (profile, make_run ("a", 100, -1));   /* before b: at 0 */
  add_run (profile, make_run ("c", 300, -1));   /* after both: at 2 */
  g_assert_cmpuint (changes->len, ==, 3);
  assert_change (changes, 0, 0, 0, 1);
  assert_change (changes, 1, 0, 0, 1);
  assert_change (changes, 2, 2, 0, 1);

  /* A batch replaces the whole list once: 3 out, 3 + 2 in. */
  batch[0] = make_run ("d", 400, -1);
  batch[1] = make_run ("a0", 50, -1);
  g_assert_true (hp_profile_add_runs (profile, batch, 2, &error));
  g_assert_no_error (error);
  g_object_unref (batch[0]);
  g_object_unref (batch[1]);
  g_assert_cmpuint (changes->len, ==, 4);
  assert_change (changes, 3, 0, 3, 5);

  /* order now a0 a b c d: removing b is a removal at 2 */
  g_assert_true (hp_profile_remove_run (profile, hp_profile_lookup_run (profile, "b")));
  g_assert_cmpuint (changes->len, ==, 5);
  assert_change (changes, 4, 2, 1, 0);

  hp_profile_clear_runs (profile);
  g_assert_cmpuint (changes->len, ==, 6);
  assert_change (changes, 5, 0, 4, 0);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 0);

  /* Clearing an empty profile emits nothing. */
  hp_profile_clear_runs (profile);
  g_assert_cmpuint (changes->len, ==, 6);

  g_signal_handlers_disconnect_by_data (hp_profile_get_runs (profile), changes);
  g_assert_finalize_object (profile);
}

/* ---- duplicates --------------------------------------------------------- */

static void
test_duplicate_run (void)
{
  HpProfile *profile = hp_profile_new ();
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GError) error = NULL;
  g_autoptr(HpRun) again = make_run ("r1", 999, -1);
  g_autoptr(HpRun) fresh = make_run ("r2", 5, -1);
  g_autoptr(HpRun) twin = make_run ("r2", 6, -1);
  HpRun *batch[3];

  add_run (profile, make_run ("r1", 1, -1));
  g_signal_connect (hp_profile_get_runs (profile), "items-changed",
                    G_CALLBACK (record_change), changes);

  /* an id already in the profile */
  g_assert_false (hp_profile_add_run (profile, again, &error));
  g_assert_error (error, HP_PROFILE_ERROR, HP_PROFILE_ERROR_DUPLICATE_RUN);
  g_assert_nonnull (strstr (error->message, "r1"));
  g_clear_error (&error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  g_assert_true (hp_profile_lookup_run (profile, "r1") != again);

  /* an id repeated inside one batch: nothing of the batch is added */
  batch[0] = fresh;
  batch[1] = twin;
  g_assert_false (hp_profile_add_runs (profile, batch, 2, &error));
  g_assert_error (error, HP_PROFILE_ERROR, HP_PROFILE_ERROR_DUPLICATE_RUN);
  g_clear_error (&error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  g_assert_null (hp_profile_lookup_run (profile, "r2"));

  /* a batch whose last run clashes with the profile */
  batch[0] = fresh;
  batch[1] = again;
  g_assert_false (hp_profile_add_runs (profile, batch, 2, &error));
  g_assert_error (error, HP_PROFILE_ERROR, HP_PROFILE_ERROR_DUPLICATE_RUN);
  g_clear_error (&error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 1);
  g_assert_null (hp_profile_lookup_run (profile, "r2"));

  /* no failed attempt touched the list */
  g_assert_cmpuint (changes->len, ==, 0);

  /* after all that, r2 still goes in fine */
  batch[0] = fresh;
  g_assert_true (hp_profile_add_runs (profile, batch, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 2);

  g_signal_handlers_disconnect_by_data (hp_profile_get_runs (profile), changes);
  g_assert_finalize_object (profile);
}

/* ---- baseline ----------------------------------------------------------- */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_baseline (void)
{
  HpProfile *profile = hp_profile_new ();
  HpRun *r1;
  HpRun *r2;
  guint notifies = 0;

  add_run (profile, make_run ("r1", 1, -1));
  add_run (profile, make_run ("r2", 2, -1));
  add_run (profile, make_run ("r3", 3, -1));
  r1 = hp_profile_lookup_run (profile, "r1");
  r2 = hp_profile_lookup_run (profile, "r2");
  g_signal_connect (profile, "notify::baseline", G_CALLBACK (count_notify), &notifies);

  g_assert_null (hp_profile_get_baseline (profile));

  hp_profile_set_baseline (profile, r1);
  g_assert_true (hp_profile_get_baseline (profile) == r1);
  g_assert_cmpuint (notifies, ==, 1);

  hp_profile_set_baseline (profile, r1);   /* unchanged: no notify */
  g_assert_cmpuint (notifies, ==, 1);

  hp_profile_set_baseline (profile, NULL);  /* unpin */
  g_assert_null (hp_profile_get_baseline (profile));
  g_assert_cmpuint (notifies, ==, 2);

  /* removing another run keeps the pin; removing the baseline unpins it */
  hp_profile_set_baseline (profile, r2);
  g_assert_cmpuint (notifies, ==, 3);
  g_assert_true (hp_profile_remove_run (profile, r1));
  g_assert_true (hp_profile_get_baseline (profile) == r2);
  g_assert_cmpuint (notifies, ==, 3);
  g_assert_true (hp_profile_remove_run (profile, r2));
  g_assert_null (hp_profile_get_baseline (profile));
  g_assert_cmpuint (notifies, ==, 4);

  /* clearing unpins too */
  hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, "r3"));
  hp_profile_clear_runs (profile);
  g_assert_null (hp_profile_get_baseline (profile));
  g_assert_cmpuint (notifies, ==, 6);

  g_assert_finalize_object (profile);
}

/* ---- merge -------------------------------------------------------------- */

static void
test_merge (void)
{
  HpProfile *self = hp_profile_new ();
  HpProfile *other = hp_profile_new ();
  HpWorkflowGraph *graph;
  g_autofree char *order = NULL;
  HpRun *self_r2;
  guint skipped;

  graph = hp_profile_get_graph (self);
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "1", "CheckpointLoader", NULL, NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "2", "KSampler", NULL, NULL));
  add_run (self, make_run ("r1", 10, -1));
  add_run (self, make_run ("r2", 20, -1));
  self_r2 = hp_profile_lookup_run (self, "r2");

  graph = hp_profile_get_graph (other);
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "2", "KSampler", NULL, NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "3", "VAEDecode", NULL, NULL));
  g_assert_true (hp_workflow_graph_add_edge (graph, "2", 0, "3", 0, NULL));
  add_run (other, make_run ("r2", 20, -1));   /* same id: skipped */
  add_run (other, make_run ("r0", 5, -1));
  add_run (other, make_run ("r3", 30, -1));
  hp_profile_set_baseline (other, hp_profile_lookup_run (other, "r3"));

  skipped = hp_profile_merge (self, other);
  g_assert_cmpuint (skipped, ==, 1);

  order = run_order (self);
  g_assert_cmpstr (order, ==, "r0 r1 r2 r3");
  g_assert_true (hp_profile_lookup_run (self, "r2") == self_r2);   /* ours kept */

  /* graph union: 1, 2 (ours), then 3; the edge 2 → 3 */
  graph = hp_profile_get_graph (self);
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 3);
  g_assert_cmpstr (hp_workflow_graph_get_node (graph, 0)->id, ==, "1");
  g_assert_cmpstr (hp_workflow_graph_get_node (graph, 1)->id, ==, "2");
  g_assert_cmpstr (hp_workflow_graph_get_node (graph, 2)->id, ==, "3");
  g_assert_cmpuint (hp_workflow_graph_get_n_edges (graph), ==, 1);

  /* the other profile's baseline came along (we had none) */
  g_assert_nonnull (hp_profile_get_baseline (self));
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_baseline (self)), ==, "r3");

  /* merging again adds nothing: all three of other's runs are present */
  g_assert_cmpuint (hp_profile_merge (self, other), ==, 3);
  g_assert_cmpuint (hp_profile_get_n_runs (self), ==, 4);

  g_assert_finalize_object (other);
  g_assert_finalize_object (self);
}

/* ---- node statistics order ---------------------------------------------- */

static void
test_node_stats_order (void)
{
  HpProfile *profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(GError) error = NULL;
  GListModel *stats;
  HpRun *batch[2];
  const char *expected[] = { "5", "2", "9", "8", "7" };

  g_assert_nonnull (hp_workflow_graph_add_node (graph, "5", "A", NULL, NULL));
  g_assert_nonnull (hp_workflow_graph_add_node (graph, "2", "B", NULL, NULL));

  /* Given late first; in start order "early" (9, 8) comes before "late" (7, 9, 5). */
  batch[0] = make_run ("late", 20, -1);
  add_node_run (batch[0], "7", HP_NODE_STATUS_COMPLETED, 1);
  add_node_run (batch[0], "9", HP_NODE_STATUS_COMPLETED, 1);
  add_node_run (batch[0], "5", HP_NODE_STATUS_COMPLETED, 1);
  batch[1] = make_run ("early", 10, -1);
  add_node_run (batch[1], "9", HP_NODE_STATUS_CACHED, 0);
  add_node_run (batch[1], "8", HP_NODE_STATUS_COMPLETED, 1);
  g_assert_true (hp_profile_add_runs (profile, batch, 2, &error));
  g_assert_no_error (error);
  g_object_unref (batch[0]);
  g_object_unref (batch[1]);

  /* graph order (5, 2), then first seen in runs in start order (9, 8, 7) */
  stats = hp_profile_get_node_stats (profile);
  g_assert_cmpuint (g_list_model_get_n_items (stats), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(HpNodeStats) s = g_list_model_get_item (stats, i);

      g_assert_cmpstr (hp_node_stats_get_node_id (s), ==, expected[i]);
      g_assert_true (hp_profile_lookup_node_stats (profile, expected[i]) == s);
    }

  /* labels come from the graph; a node only seen in runs is named by its id */
  g_assert_cmpstr (hp_node_stats_get_node_type (hp_profile_lookup_node_stats (profile, "2")), ==, "B");
  g_assert_cmpstr (hp_node_stats_get_title (hp_profile_lookup_node_stats (profile, "2")), ==, "B");
  g_assert_cmpstr (hp_node_stats_get_title (hp_profile_lookup_node_stats (profile, "7")), ==, "7");
  g_assert_null (hp_profile_lookup_node_stats (profile, "hp-test-model-id-nobody-interned"));

  g_assert_finalize_object (profile);
}

/* ---- HpRun -------------------------------------------------------------- */

static void
test_run_totals (void)
{
  g_autoptr(HpRun) run = hp_run_new ("t");

  /* nothing known */
  g_assert_cmpint (hp_run_get_execution_us (run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_queue_us (run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_total_us (run), ==, HP_TIME_UNKNOWN);

  /* queued 1.000 s, started 1.500 s, finished 4.000 s */
  hp_run_set_queued_us (run, 1000000);
  hp_run_set_started_us (run, 1500000);
  hp_run_set_finished_us (run, 4000000);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 2500000);  /* 4.0 − 1.5 */
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 500000);       /* 1.5 − 1.0 */
  g_assert_cmpint (hp_run_get_total_us (run), ==, 3000000);      /* 0.5 + 2.5 */

  /* queue time unknown: the total is the execution alone */
  hp_run_set_queued_us (run, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_queue_us (run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_total_us (run), ==, 2500000);

  /* not finished: execution and total unknown, queue still known */
  hp_run_set_queued_us (run, 1000000);
  hp_run_set_finished_us (run, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_queue_us (run), ==, 500000);
  g_assert_cmpint (hp_run_get_total_us (run), ==, HP_TIME_UNKNOWN);

  /* not started: nothing derived */
  hp_run_set_finished_us (run, 4000000);
  hp_run_set_started_us (run, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_queue_us (run), ==, HP_TIME_UNKNOWN);
  g_assert_cmpint (hp_run_get_total_us (run), ==, HP_TIME_UNKNOWN);

  /* zero-length run */
  hp_run_set_started_us (run, 4000000);
  g_assert_cmpint (hp_run_get_execution_us (run), ==, 0);
  g_assert_cmpint (hp_run_get_total_us (run), ==, 3000000);      /* 3.0 queue + 0 */
}

static void
test_run_lookup_node (void)
{
  HpRun *run = hp_run_new ("lookup");
  g_autoptr(HpNodeRun) late = NULL;
  const char *never = "hp-test-model-never-interned-4f1c";

  add_node_run (run, "1", HP_NODE_STATUS_COMPLETED, 10);
  add_node_run (run, "2", HP_NODE_STATUS_CACHED, 0);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (run)), ==, 2);
  g_assert_cmpstr (hp_node_run_get_node_id (hp_run_lookup_node_run (run, "1")), ==, "1");
  g_assert_cmpint (hp_node_run_get_status (hp_run_lookup_node_run (run, "2")), ==, HP_NODE_STATUS_CACHED);
  /* a non-interned copy of an id still finds it */
  {
    g_autofree char *copy = g_strdup ("1");
    g_assert_nonnull (hp_run_lookup_node_run (run, copy));
  }
  /* interned elsewhere but not in this run */
  g_assert_null (hp_run_lookup_node_run (run, g_intern_static_string ("elsewhere")));
  /* an id nobody ever interned, and lookup does not intern it */
  g_assert_cmpuint (g_quark_try_string (never), ==, 0);
  g_assert_null (hp_run_lookup_node_run (run, never));
  g_assert_cmpuint (g_quark_try_string (never), ==, 0);

  /* added after the first lookup built the index */
  late = hp_node_run_new ("3", HP_NODE_STATUS_FAILED);
  hp_run_add_node_run (run, late);
  g_assert_true (hp_run_lookup_node_run (run, "3") == late);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED), ==, 1);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_CACHED), ==, 1);
  g_assert_cmpuint (hp_run_count_nodes (run, HP_NODE_STATUS_FAILED), ==, 1);

  g_clear_object (&late);
  g_assert_finalize_object (run);
}

/* ---- lifetime ----------------------------------------------------------- */

static void
test_finalize (void)
{
  HpProfile *profile = hp_profile_new ();
  HpRun *run = make_run ("r", 1, -1);
  HpNodeStats *stats;
  gpointer weak_run = run;
  gpointer weak_stats;

  add_node_run (run, "n", HP_NODE_STATUS_COMPLETED, 5);
  g_object_add_weak_pointer (G_OBJECT (run), &weak_run);
  add_run (profile, run);
  hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, "r"));

  stats = hp_profile_lookup_node_stats (profile, "n");
  weak_stats = stats;
  g_object_add_weak_pointer (G_OBJECT (stats), &weak_stats);

  g_assert_finalize_object (profile);
  /* the profile held the last references to its run and its statistics */
  g_assert_null (weak_run);
  g_assert_null (weak_stats);
}

static void
check_duration_text (double      us,
                     const char *expected)
{
  g_autofree char *text = hp_format_duration_us (us);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_duration (void)
{
  check_duration_text (400, "0.4 ms");             /* 0.4 ms */
  check_duration_text (158200, "158.2 ms");        /* under a second: ms, one decimal */
  check_duration_text (999949, "999.9 ms");
  check_duration_text (4330000, "4.33 s");         /* under a minute: s, two decimals */
  check_duration_text (125000000, "2 min 05 s");   /* 125 s = 2 min 5 s */
  check_duration_text (-1500, "−1.5 ms");          /* a negative delta */
  check_duration_text (NAN, "—");
}

static void
test_format_timestamp (void)
{
  g_autofree char *t = hp_format_timestamp_us (G_GINT64_CONSTANT (1794819600123456));
  g_autofree char *unknown = hp_format_timestamp_us (HP_TIME_UNKNOWN);

  /* 1794819600 s = 2026-11-16 09:00:00 UTC; .123456 s → .123 */
  g_assert_cmpstr (t, ==, "2026-11-16T09:00:00.123Z");
  g_assert_null (unknown);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/order/one-by-one", test_order_one_by_one);
  g_test_add_func ("/model/order/bulk", test_order_bulk);
  g_test_add_func ("/model/order/run-changed", test_order_run_changed);
  g_test_add_func ("/model/runs/items-changed", test_items_changed);
  g_test_add_func ("/model/runs/duplicate", test_duplicate_run);
  g_test_add_func ("/model/baseline", test_baseline);
  g_test_add_func ("/model/merge", test_merge);
  g_test_add_func ("/model/node-stats/order", test_node_stats_order);
  g_test_add_func ("/model/run/totals", test_run_totals);
  g_test_add_func ("/model/run/lookup-node", test_run_lookup_node);
  g_test_add_func ("/model/finalize", test_finalize);
  g_test_add_func ("/model/format/duration", test_format_duration);
  g_test_add_func ("/model/format/timestamp", test_format_timestamp);

  return g_test_run ();
}
