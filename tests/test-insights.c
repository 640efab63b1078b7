/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The insight rules, one by one, on small profiles worked by hand. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "hp-insights.h"

#define MS 1000.0     /* µs per millisecond */
#define S  1000000.0  /* µs per second */

/* ---- building profiles -------------------------------------------------- */

/* Each node's type is its id: a node without a title is named by its
 * type in messages (title, else type, else id), so by its id here. */
static HpProfile *
new_profile (const char * const *ids,
             const char * const *titles)
{
  HpProfile *profile = hp_profile_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_nonnull (hp_workflow_graph_add_node (hp_profile_get_graph (profile), ids[i], ids[i],
                                                  titles ? titles[i] : NULL, NULL));
  return profile;
}

static void
add_edge (HpProfile  *profile,
          const char *from,
          const char *to)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hp_workflow_graph_add_edge (hp_profile_get_graph (profile), from, 0, to, 0, &error));
  g_assert_no_error (error);
}

/* A run starting @start_s seconds after the epoch, lasting @execution_s */
static HpRun *
new_run (const char *id,
         double      start_s,
         double      execution_s)
{
  HpRun *run = hp_run_new (id);

  hp_run_set_started_us (run, llround (start_s * S));
  hp_run_set_finished_us (run, llround ((start_s + execution_s) * S));
  hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
  return run;
}

/* A node run with a duration but no times; @duration_ms < 0: none */
static HpNodeRun *
add_node (HpRun        *run,
          const char   *id,
          HpNodeStatus  status,
          double        duration_ms)
{
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (id, status);

  if (duration_ms >= 0)
    hp_node_run_set_duration_us (node_run, llround (duration_ms * MS));
  hp_run_add_node_run (run, node_run);
  return node_run;   /* the run holds it */
}

/* A node run from @start_s to @end_s after the start of @run */
static void
add_timed (HpRun      *run,
           const char *id,
           double      start_s,
           double      end_s)
{
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (id, HP_NODE_STATUS_COMPLETED);
  gint64 t0 = hp_run_get_started_us (run);

  hp_node_run_set_times (node_run, t0 + llround (start_s * S), t0 + llround (end_s * S));
  hp_run_add_node_run (run, node_run);
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

static GPtrArray *
insights_for (HpProfile  *profile,
              const char *run_id)
{
  HpRun *run = run_id ? hp_profile_lookup_run (profile, run_id) : NULL;

  g_assert_true (run_id == NULL || run != NULL);
  return hp_insights_compute (profile, run, NULL);
}

/* The insight of @kind about @node_id (NULL: about the whole run), or NULL */
static HpInsight *
find (GPtrArray     *insights,
      HpInsightKind  kind,
      const char    *node_id)
{
  for (guint i = 0; i < insights->len; i++)
    {
      HpInsight *insight = g_ptr_array_index (insights, i);
      const char *first;

      if (hp_insight_get_kind (insight) != kind)
        continue;
      first = hp_insight_get_n_nodes (insight) > 0 ? hp_insight_get_node (insight, 0) : NULL;
      if (g_strcmp0 (first, node_id) == 0)
        return insight;
    }
  return NULL;
}

static guint
count_kind (GPtrArray     *insights,
            HpInsightKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < insights->len; i++)
    if (hp_insight_get_kind (g_ptr_array_index (insights, i)) == kind)
      n++;
  return n;
}

static void
assert_figure (HpInsight  *insight,
               const char *name,
               double      expected)
{
  double value = hp_insight_lookup_figure (insight, name);

  if (isnan (value))
    g_error ("insight “%s” has no figure %s", hp_insight_get_message (insight), name);
  g_assert_cmpfloat_with_epsilon (value, expected, 1e-6 * MAX (1.0, fabs (expected)));
}

/* ---- regressions -------------------------------------------------------- */

/* Runs (ms):         exec   s (“Sample”)   t (“Tiny”)
 *   r1 (baseline)    1200   1000           200
 *   r2               1200   1000           200
 *   r3               1800   1600           230
 * r3 against previous r2, the mean of r1, r2 and the baseline r1 alike:
 *   run: 1800 − 1200 = +600 ms = +50 % → regression; worst +50 % → medium
 *   s:   1600 − 1000 = +600 ms = +60 % → regression, medium (from 50 %)
 *   t:   +30 ms, +15 % → neither limit: nothing
 * Also s dominates r3: 1600 / 1800 = 0.889 ≥ 0.8 → medium.
 * Nothing else: 3 runs are too few for the history rules; no edges and
 * no node times, so no serial pairs. Order: medium first, regression
 * before dominant, the whole run before nodes. */
static HpProfile *
regression_profile (void)
{
  const char * const ids[] = { "s", "t", NULL };
  const char * const titles[] = { "Sample", "Tiny", NULL };
  HpProfile *profile = new_profile (ids, titles);
  HpRun *r1 = new_run ("r1", 100, 1.2);
  HpRun *r2 = new_run ("r2", 200, 1.2);
  HpRun *r3 = new_run ("r3", 300, 1.8);

  add_node (r1, "s", HP_NODE_STATUS_COMPLETED, 1000);
  add_node (r1, "t", HP_NODE_STATUS_COMPLETED, 200);
  add_node (r2, "s", HP_NODE_STATUS_COMPLETED, 1000);
  add_node (r2, "t", HP_NODE_STATUS_COMPLETED, 200);
  add_node (r3, "s", HP_NODE_STATUS_COMPLETED, 1600);
  add_node (r3, "t", HP_NODE_STATUS_COMPLETED, 230);
  add_run (profile, r1);
  add_run (profile, r2);
  add_run (profile, r3);
  hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, "r1"));
  return profile;
}

static void
test_regression (void)
{
  g_autoptr(HpProfile) profile = regression_profile ();
  g_autoptr(GPtrArray) insights = insights_for (profile, "r3");
  HpInsight *run, *s, *dominant;

  g_assert_cmpuint (insights->len, ==, 3);
  run = g_ptr_array_index (insights, 0);
  s = g_ptr_array_index (insights, 1);
  dominant = g_ptr_array_index (insights, 2);

  g_assert_true (run == find (insights, HP_INSIGHT_REGRESSION, NULL));
  g_assert_cmpint (hp_insight_get_severity (run), ==, HP_INSIGHT_SEVERITY_MEDIUM);
  g_assert_cmpuint (hp_insight_get_n_nodes (run), ==, 0);
  g_assert_cmpstr (hp_insight_get_message (run), ==,
                   "The run took longer than the previous run r2 (+600.0 ms, +50.0 %), "
                   "the historical mean (+600.0 ms, +50.0 %) and the baseline r1 (+600.0 ms, +50.0 %)");
  assert_figure (run, "current_ms", 1800);
  assert_figure (run, "previous_ms", 1200);
  assert_figure (run, "previous_delta_ms", 600);
  assert_figure (run, "mean_delta_pct", 50);
  assert_figure (run, "baseline_delta_ms", 600);

  g_assert_true (s == find (insights, HP_INSIGHT_REGRESSION, "s"));
  g_assert_cmpint (hp_insight_get_severity (s), ==, HP_INSIGHT_SEVERITY_MEDIUM);
  g_assert_cmpstr (hp_insight_get_message (s), ==,
                   "“Sample” is slower than the previous run r2 (+600.0 ms, +60.0 %), "
                   "the historical mean (+600.0 ms, +60.0 %) and the baseline r1 (+600.0 ms, +60.0 %)");
  assert_figure (s, "current_ms", 1600);
  assert_figure (s, "mean_ms", 1000);
  assert_figure (s, "previous_delta_pct", 60);
  g_assert_null (find (insights, HP_INSIGHT_REGRESSION, "t"));

  g_assert_cmpint (hp_insight_get_kind (dominant), ==, HP_INSIGHT_DOMINANT_NODE);
  g_assert_cmpint (hp_insight_get_severity (dominant), ==, HP_INSIGHT_SEVERITY_MEDIUM);
  assert_figure (dominant, "share", 1600.0 / 1800.0);
}

/* Severity follows the worst percentage:
 *   A: s 100 → 250 ms (runs 0.1 → 0.25 s): +150 ms, +150 % → high, run high
 *   B: s 1000 → 1300 ms (runs 1.0 → 1.3 s): +300 ms, +30 % → low; the
 *      whole run, +30 % too, is raised to medium
 * Only previous and mean compare (no baseline), each giving the same. */
static void
test_regression_severity (void)
{
  const double before[] = { 100, 1000 };
  const double after[] = { 250, 1300 };
  const HpInsightSeverity node_severity[] = { HP_INSIGHT_SEVERITY_HIGH, HP_INSIGHT_SEVERITY_LOW };
  const HpInsightSeverity run_severity[] = { HP_INSIGHT_SEVERITY_HIGH, HP_INSIGHT_SEVERITY_MEDIUM };

  for (guint i = 0; i < G_N_ELEMENTS (before); i++)
    {
      const char * const ids[] = { "s", NULL };
      g_autoptr(HpProfile) profile = new_profile (ids, NULL);
      g_autoptr(GPtrArray) insights = NULL;
      HpRun *r1 = new_run ("r1", 100, before[i] / 1000);
      HpRun *r2 = new_run ("r2", 200, after[i] / 1000);
      HpInsight *node;

      add_node (r1, "s", HP_NODE_STATUS_COMPLETED, before[i]);
      add_node (r2, "s", HP_NODE_STATUS_COMPLETED, after[i]);
      add_run (profile, r1);
      add_run (profile, r2);
      insights = insights_for (profile, "r2");

      node = find (insights, HP_INSIGHT_REGRESSION, "s");
      g_assert_nonnull (node);
      g_assert_cmpint (hp_insight_get_severity (node), ==, node_severity[i]);
      g_assert_cmpint (hp_insight_get_severity (find (insights, HP_INSIGHT_REGRESSION, NULL)),
                       ==, run_severity[i]);
      g_assert_true (isnan (hp_insight_lookup_figure (node, "baseline_delta_ms")));
      /* the node (title unknown) is named by its id */
      g_assert_true (g_str_has_prefix (hp_insight_get_message (node), "“s” is slower than"));

      /* The first run has nothing to compare with. */
      g_clear_pointer (&insights, g_ptr_array_unref);
      insights = insights_for (profile, "r1");
      g_assert_cmpuint (count_kind (insights, HP_INSIGHT_REGRESSION), ==, 0);
    }
}

/* ---- a node that dominates the run -------------------------------------- */

/* One 1 s run, two nodes (ms) → shares:
 *   600 / 400 → 0.6: a low, b nothing
 *   500 / 500 → 0.5 each: both low (the rule includes 0.5)
 *   800 / 200 → 0.8: a medium
 *   1000 / cached → one executed node: nothing to say */
static void
test_dominant (void)
{
  const double a_ms[] = { 600, 500, 800, 1000 };
  const double b_ms[] = { 400, 500, 200, -1 };
  const int expected_a[] = { HP_INSIGHT_SEVERITY_LOW, HP_INSIGHT_SEVERITY_LOW,
                             HP_INSIGHT_SEVERITY_MEDIUM, -1 };
  const int expected_b[] = { -1, HP_INSIGHT_SEVERITY_LOW, -1, -1 };

  for (guint i = 0; i < G_N_ELEMENTS (a_ms); i++)
    {
      const char * const ids[] = { "a", "b", NULL };
      g_autoptr(HpProfile) profile = new_profile (ids, NULL);
      g_autoptr(GPtrArray) insights = NULL;
      HpRun *r1 = new_run ("r1", 100, 1.0);
      HpInsight *a, *b;

      add_node (r1, "a", HP_NODE_STATUS_COMPLETED, a_ms[i]);
      add_node (r1, "b", b_ms[i] < 0 ? HP_NODE_STATUS_CACHED : HP_NODE_STATUS_COMPLETED,
                b_ms[i] < 0 ? 0 : b_ms[i]);
      add_run (profile, r1);
      insights = insights_for (profile, "r1");

      a = find (insights, HP_INSIGHT_DOMINANT_NODE, "a");
      b = find (insights, HP_INSIGHT_DOMINANT_NODE, "b");
      g_assert_cmpint (a ? (int) hp_insight_get_severity (a) : -1, ==, expected_a[i]);
      g_assert_cmpint (b ? (int) hp_insight_get_severity (b) : -1, ==, expected_b[i]);
      if (i == 0)
        {
          g_assert_cmpstr (hp_insight_get_message (a), ==, "“a” took 60 % of the run (600.0 ms of 1.00 s)");
          assert_figure (a, "duration_ms", 600);
          assert_figure (a, "run_ms", 1000);
          assert_figure (a, "share", 0.6);
        }
    }
}

/* ---- cache-rate drop ---------------------------------------------------- */

/* Node L (“Load”) per run; the judged run is the last one:
 *   A: done 1000, cached, cached, done 800 → cached in 2 of 3 earlier
 *      runs: 2/3 > 1/2 → drop; 800 ms > 50 ms → medium
 *   B: done, cached, done 30 → 1 of 2: not more than half → nothing
 *   C: cached, cached, done 30 → 2 of 2 → drop; 30 ms ≤ 50 ms → low
 *   D: cached, done 30 → only 1 earlier run (2 needed) → nothing
 *   E: done, cached, cached, cached (judged run cached itself) → nothing */
static void
test_cache_drop (void)
{
  const char *patterns[] = { "DCCD", "DCD", "CCD", "CD", "DCCC" };
  const double last_ms[] = { 800, 30, 30, 30, 0 };
  const int expected[] = { HP_INSIGHT_SEVERITY_MEDIUM, -1, HP_INSIGHT_SEVERITY_LOW, -1, -1 };

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      const char * const ids[] = { "L", "S", NULL };
      const char * const titles[] = { "Load", "Save", NULL };
      g_autoptr(HpProfile) profile = new_profile (ids, titles);
      g_autoptr(GPtrArray) insights = NULL;
      guint n = strlen (patterns[i]);
      g_autofree char *last_id = g_strdup_printf ("r%u", n);
      HpInsight *insight;

      for (guint r = 0; r < n; r++)
        {
          g_autofree char *id = g_strdup_printf ("r%u", r + 1);
          HpRun *run = new_run (id, 100 * (r + 1), 2);
          gboolean cached = patterns[i][r] == 'C';

          add_node (run, "L", cached ? HP_NODE_STATUS_CACHED : HP_NODE_STATUS_COMPLETED,
                    cached ? 0 : r + 1 == n ? last_ms[i] : 1000);
          add_node (run, "S", HP_NODE_STATUS_COMPLETED, 500);
          add_run (profile, run);
        }
      insights = insights_for (profile, last_id);
      insight = find (insights, HP_INSIGHT_CACHE_DROP, "L");
      g_assert_cmpint (insight ? (int) hp_insight_get_severity (insight) : -1, ==, expected[i]);
      g_assert_cmpuint (count_kind (insights, HP_INSIGHT_CACHE_DROP), ==, insight ? 1 : 0);
      if (i == 0)
        {
          g_assert_cmpstr (hp_insight_get_message (insight), ==,
                           "“Load” ran again (800.0 ms) although it was cached in 2 of the 3 earlier runs");
          assert_figure (insight, "cached_rate", 2.0 / 3.0);
          assert_figure (insight, "cached_runs", 2);
          assert_figure (insight, "earlier_runs", 3);
          assert_figure (insight, "duration_ms", 800);
        }
    }
}

/* ---- error-prone nodes -------------------------------------------------- */

/* Node f's status per run (F failed, D done):
 *   FDDDD: 1 of 5 = 0.2 ≥ 0.2 over 5 runs → medium
 *   FDDD:  1 of 4 = 0.25 but only 4 runs → nothing
 *   FFFDD: 3 of 5 = 0.6 ≥ 0.5 → high
 *   DDDDD: 0 → nothing
 * A history rule: it holds with no run to judge (NULL) too. */
static void
test_error_prone (void)
{
  const char *patterns[] = { "FDDDD", "FDDD", "FFFDD", "DDDDD" };
  const int expected[] = { HP_INSIGHT_SEVERITY_MEDIUM, -1, HP_INSIGHT_SEVERITY_HIGH, -1 };

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      const char * const ids[] = { "f", NULL };
      g_autoptr(HpProfile) profile = new_profile (ids, NULL);
      g_autoptr(GPtrArray) insights = NULL;
      HpInsight *insight;

      for (guint r = 0; patterns[i][r] != '\0'; r++)
        {
          g_autofree char *id = g_strdup_printf ("r%u", r + 1);
          HpRun *run = new_run (id, 100 * (r + 1), 0.1);

          add_node (run, "f", patterns[i][r] == 'F' ? HP_NODE_STATUS_FAILED : HP_NODE_STATUS_COMPLETED, 100);
          add_run (profile, run);
        }
      insights = insights_for (profile, NULL);
      insight = find (insights, HP_INSIGHT_ERROR_PRONE, "f");
      g_assert_cmpint (insight ? (int) hp_insight_get_severity (insight) : -1, ==, expected[i]);
      if (i == 0)
        {
          g_assert_cmpstr (hp_insight_get_message (insight), ==, "“f” failed in 1 of 5 runs (20 %)");
          assert_figure (insight, "failure_rate", 0.2);
          assert_figure (insight, "failed", 1);
          assert_figure (insight, "runs", 5);
        }
    }
}

/* ---- retries ------------------------------------------------------------ */

/* a retried 2× → low, b 3× → medium, c 0×, d unknown (−1) → nothing. */
static void
test_retries (void)
{
  const char * const ids[] = { "a", "b", "c", "d", NULL };
  g_autoptr(HpProfile) profile = new_profile (ids, NULL);
  g_autoptr(GPtrArray) insights = NULL;
  HpRun *r1 = new_run ("r1", 100, 1);
  HpInsight *a, *b;

  hp_node_run_set_retries (add_node (r1, "a", HP_NODE_STATUS_COMPLETED, 100), 2);
  hp_node_run_set_retries (add_node (r1, "b", HP_NODE_STATUS_COMPLETED, 100), 3);
  hp_node_run_set_retries (add_node (r1, "c", HP_NODE_STATUS_COMPLETED, 100), 0);
  add_node (r1, "d", HP_NODE_STATUS_COMPLETED, 100);
  add_run (profile, r1);
  insights = insights_for (profile, "r1");

  g_assert_cmpuint (count_kind (insights, HP_INSIGHT_RETRIES), ==, 2);
  a = find (insights, HP_INSIGHT_RETRIES, "a");
  b = find (insights, HP_INSIGHT_RETRIES, "b");
  g_assert_cmpint (hp_insight_get_severity (a), ==, HP_INSIGHT_SEVERITY_LOW);
  g_assert_cmpint (hp_insight_get_severity (b), ==, HP_INSIGHT_SEVERITY_MEDIUM);
  g_assert_cmpstr (hp_insight_get_message (a), ==, "“a” was retried 2 times in this run");
  assert_figure (b, "retries", 3);
}

/* ---- token and cost hot spots ------------------------------------------- */

/* Tokens: a 9000, b 3000, c none → total 12000; a 0.75 ≥ 0.5 → info.
 * Cost: a 0.02, b 0.06 USD → total 0.08; b 0.75 → info.
 * With b's cost in EUR the sum means nothing: no cost insight. */
static void
test_hot_spots (void)
{
  for (guint mixed = 0; mixed < 2; mixed++)
    {
      const char * const ids[] = { "a", "b", "c", NULL };
      g_autoptr(HpProfile) profile = new_profile (ids, NULL);
      g_autoptr(GPtrArray) insights = NULL;
      HpRun *r1 = new_run ("r1", 100, 1);
      HpNodeRun *a = add_node (r1, "a", HP_NODE_STATUS_COMPLETED, 300);
      HpNodeRun *b = add_node (r1, "b", HP_NODE_STATUS_COMPLETED, 300);
      HpInsight *tokens, *cost;

      add_node (r1, "c", HP_NODE_STATUS_COMPLETED, 300);
      hp_node_run_set_tokens (a, 9000);
      hp_node_run_set_tokens (b, 3000);
      hp_node_run_set_cost (a, 0.02, "USD");
      hp_node_run_set_cost (b, 0.06, mixed ? "EUR" : "USD");
      add_run (profile, r1);
      insights = insights_for (profile, "r1");

      g_assert_cmpuint (count_kind (insights, HP_INSIGHT_TOKEN_HOT_SPOT), ==, 1);
      tokens = find (insights, HP_INSIGHT_TOKEN_HOT_SPOT, "a");
      g_assert_cmpint (hp_insight_get_severity (tokens), ==, HP_INSIGHT_SEVERITY_INFO);
      g_assert_cmpstr (hp_insight_get_message (tokens), ==, "“a” used 9000 of the run’s 12000 tokens (75 %)");
      assert_figure (tokens, "tokens", 9000);
      assert_figure (tokens, "total_tokens", 12000);
      assert_figure (tokens, "share", 0.75);

      cost = find (insights, HP_INSIGHT_COST_HOT_SPOT, "b");
      if (mixed)
        {
          g_assert_cmpuint (count_kind (insights, HP_INSIGHT_COST_HOT_SPOT), ==, 0);
          continue;
        }
      g_assert_cmpuint (count_kind (insights, HP_INSIGHT_COST_HOT_SPOT), ==, 1);
      g_assert_cmpint (hp_insight_get_severity (cost), ==, HP_INSIGHT_SEVERITY_INFO);
      g_assert_cmpstr (hp_insight_get_message (cost), ==, "“b” cost 0.06 USD of the run’s 0.08 USD (75 %)");
      assert_figure (cost, "share", 0.75);
    }
}

/* ---- parallelization ---------------------------------------------------- */

/* The diamond a→b, a→c, b→d, c→d (1, 5, 3, 1 s) run serially in 10 s:
 * critical path 7 s, efficiency 0.7 < 0.8, saving 3 s ≥ 50 ms, b and c
 * ran one after the other → low (efficiency ≥ 0.5); nodes b, c. */
static void
test_parallelization_diamond (void)
{
  const char * const ids[] = { "a", "b", "c", "d", NULL };
  g_autoptr(HpProfile) profile = new_profile (ids, NULL);
  g_autoptr(GPtrArray) insights = NULL;
  HpRun *r1 = new_run ("r1", 100, 10);
  HpInsight *insight;

  add_edge (profile, "a", "b");
  add_edge (profile, "a", "c");
  add_edge (profile, "b", "d");
  add_edge (profile, "c", "d");
  add_timed (r1, "a", 0, 1);
  add_timed (r1, "b", 1, 6);
  add_timed (r1, "c", 6, 9);
  add_timed (r1, "d", 9, 10);
  add_run (profile, r1);
  insights = insights_for (profile, "r1");

  g_assert_cmpuint (count_kind (insights, HP_INSIGHT_PARALLELIZATION), ==, 1);
  insight = find (insights, HP_INSIGHT_PARALLELIZATION, "b");
  g_assert_nonnull (insight);
  g_assert_cmpint (hp_insight_get_severity (insight), ==, HP_INSIGHT_SEVERITY_LOW);
  g_assert_cmpuint (hp_insight_get_n_nodes (insight), ==, 2);
  g_assert_cmpstr (hp_insight_get_node (insight, 1), ==, "c");
  g_assert_cmpstr (hp_insight_get_message (insight), ==,
                   "The run took 10.00 s; with its independent branches side by side it could take "
                   "7.00 s (efficiency 70 %). “b” and “c” ran one after the other.");
  assert_figure (insight, "execution_ms", 10000);
  assert_figure (insight, "critical_path_ms", 7000);
  assert_figure (insight, "efficiency", 0.7);
  assert_figure (insight, "saving_ms", 3000);
  assert_figure (insight, "serial_pairs", 1);
  assert_figure (insight, "best_pair_saving_ms", 3000);
}

/* Four unconnected 1 s nodes one after another, 4 s: critical path 1 s,
 * efficiency 0.25 < 0.5 → medium. Six pairs, all saving 1 s; the first
 * three by id are (a,b), (a,c), (a,d): nodes a, b, c, d. */
static void
test_parallelization_medium (void)
{
  const char * const ids[] = { "a", "b", "c", "d", NULL };
  g_autoptr(HpProfile) profile = new_profile (ids, NULL);
  g_autoptr(GPtrArray) insights = NULL;
  HpRun *r1 = new_run ("r1", 100, 4);
  HpInsight *insight;

  for (guint i = 0; i < 4; i++)
    add_timed (r1, ids[i], i, i + 1);
  add_run (profile, r1);
  insights = insights_for (profile, "r1");

  insight = find (insights, HP_INSIGHT_PARALLELIZATION, "a");
  g_assert_nonnull (insight);
  g_assert_cmpint (hp_insight_get_severity (insight), ==, HP_INSIGHT_SEVERITY_MEDIUM);
  g_assert_cmpuint (hp_insight_get_n_nodes (insight), ==, 4);
  assert_figure (insight, "efficiency", 0.25);
  assert_figure (insight, "serial_pairs", 6);
}

/* No opportunity:
 *   a chain a [0,1) → b [2,3) in 3 s: efficiency 2/3 but the idle second
 *     is not a parallelization matter (no independent pair);
 *   the diamond run in parallel (7 s of 7): efficiency 1;
 *   two independent 30 ms nodes run serially in 0.06 s: efficiency 0.5
 *     but a saving of 30 ms, under the 50 ms noise floor;
 *   a graph with a cycle: no critical path, no insight (and no crash). */
static void
test_parallelization_none (void)
{
  const char * const ids[] = { "a", "b", "c", "d", NULL };
  g_autoptr(HpProfile) chain = new_profile (ids, NULL);
  g_autoptr(HpProfile) diamond = new_profile (ids, NULL);
  g_autoptr(HpProfile) small = new_profile (ids, NULL);
  g_autoptr(HpProfile) cycle = new_profile (ids, NULL);
  g_autoptr(GPtrArray) i1 = NULL;
  g_autoptr(GPtrArray) i2 = NULL;
  g_autoptr(GPtrArray) i3 = NULL;
  g_autoptr(GPtrArray) i4 = NULL;
  HpRun *run;

  add_edge (chain, "a", "b");
  run = new_run ("r1", 100, 3);
  add_timed (run, "a", 0, 1);
  add_timed (run, "b", 2, 3);
  add_run (chain, run);
  i1 = insights_for (chain, "r1");
  g_assert_cmpuint (count_kind (i1, HP_INSIGHT_PARALLELIZATION), ==, 0);

  add_edge (diamond, "a", "b");
  add_edge (diamond, "a", "c");
  add_edge (diamond, "b", "d");
  add_edge (diamond, "c", "d");
  run = new_run ("r1", 100, 7);
  add_timed (run, "a", 0, 1);
  add_timed (run, "b", 1, 6);
  add_timed (run, "c", 1, 4);
  add_timed (run, "d", 6, 7);
  add_run (diamond, run);
  i2 = insights_for (diamond, "r1");
  g_assert_cmpuint (count_kind (i2, HP_INSIGHT_PARALLELIZATION), ==, 0);

  run = new_run ("r1", 100, 0.06);
  add_timed (run, "a", 0, 0.03);
  add_timed (run, "b", 0.03, 0.06);
  add_run (small, run);
  i3 = insights_for (small, "r1");
  g_assert_cmpuint (count_kind (i3, HP_INSIGHT_PARALLELIZATION), ==, 0);

  add_edge (cycle, "a", "b");
  add_edge (cycle, "b", "a");
  run = new_run ("r1", 100, 4);
  for (guint i = 0; i < 4; i++)
    add_timed (run, ids[i], i, i + 1);
  add_run (cycle, run);
  i4 = insights_for (cycle, "r1");
  g_assert_cmpuint (count_kind (i4, HP_INSIGHT_PARALLELIZATION), ==, 0);
}

/* ---- high variance ------------------------------------------------------ */

/* Five runs (ms); sample standard deviation (n − 1):
 *   v: 100 100 100 100 600  mean 200, squares 4·100² + 400² = 200000,
 *      /4 = 50000, sd 223.607, cv 1.118 ≥ 1 → medium
 *   w: 100 100 100 300 300  mean 180, squares 3·80² + 2·120² = 48000,
 *      /4 = 12000, sd 109.545, cv 0.6086 → low
 *   x: 100 100 100 100 200  mean 120, squares 4·20² + 80² = 8000, /4 =
 *      2000, sd 44.72, cv 0.373 → nothing
 *   y: 1 1 1 1 6            cv 1.118 but sd 2.236 ms < 50 ms → nothing
 *   z: 100 100 100 600 and cached once: only 4 executed → nothing */
static void
test_high_variance (void)
{
  const char * const ids[] = { "v", "w", "x", "y", "z", NULL };
  const double v[] = { 100, 100, 100, 100, 600 };
  const double w[] = { 100, 100, 100, 300, 300 };
  const double x[] = { 100, 100, 100, 100, 200 };
  const double y[] = { 1, 1, 1, 1, 6 };
  const double z[] = { 100, 100, 100, 600, -1 };
  g_autoptr(HpProfile) profile = new_profile (ids, NULL);
  g_autoptr(GPtrArray) insights = NULL;
  HpInsight *iv, *iw;

  for (guint r = 0; r < 5; r++)
    {
      g_autofree char *id = g_strdup_printf ("r%u", r + 1);
      HpRun *run = new_run (id, 100 * (r + 1), 5);

      add_node (run, "v", HP_NODE_STATUS_COMPLETED, v[r]);
      add_node (run, "w", HP_NODE_STATUS_COMPLETED, w[r]);
      add_node (run, "x", HP_NODE_STATUS_COMPLETED, x[r]);
      add_node (run, "y", HP_NODE_STATUS_COMPLETED, y[r]);
      add_node (run, "z", z[r] < 0 ? HP_NODE_STATUS_CACHED : HP_NODE_STATUS_COMPLETED, MAX (z[r], 0));
      add_run (profile, run);
    }
  insights = insights_for (profile, NULL);

  g_assert_cmpuint (count_kind (insights, HP_INSIGHT_HIGH_VARIANCE), ==, 2);
  iv = find (insights, HP_INSIGHT_HIGH_VARIANCE, "v");
  iw = find (insights, HP_INSIGHT_HIGH_VARIANCE, "w");
  g_assert_cmpint (hp_insight_get_severity (iv), ==, HP_INSIGHT_SEVERITY_MEDIUM);
  g_assert_cmpint (hp_insight_get_severity (iw), ==, HP_INSIGHT_SEVERITY_LOW);
  assert_figure (iv, "cv", sqrt (50000.0) / 200.0);
  assert_figure (iv, "mean_ms", 200);
  assert_figure (iv, "stddev_ms", sqrt (50000.0));
  assert_figure (iv, "executed", 5);
  assert_figure (iw, "cv", sqrt (12000.0) / 180.0);
  g_assert_cmpstr (hp_insight_get_message (iw), ==,
                   "“w” varies a lot: mean 180.0 ms, standard deviation 109.5 ms "
                   "(coefficient of variation 0.61) over 5 runs");
  /* medium before low */
  g_assert_true (g_ptr_array_index (insights, 0) == iv);
}

/* ---- names, empty profiles, lifetime ------------------------------------ */

static void
test_names_and_empty (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(GPtrArray) insights = hp_insights_compute (profile, NULL, NULL);
  HpInsight *insight;

  g_assert_cmpuint (insights->len, ==, 0);

  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_REGRESSION), ==, "regression");
  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_DOMINANT_NODE), ==, "dominant_node");
  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_CACHE_DROP), ==, "cache_drop");
  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_ERROR_PRONE), ==, "error_prone");
  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_RETRIES), ==, "retries");
  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_TOKEN_HOT_SPOT), ==, "token_hot_spot");
  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_COST_HOT_SPOT), ==, "cost_hot_spot");
  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_PARALLELIZATION), ==, "parallelization");
  g_assert_cmpstr (hp_insight_kind_to_string (HP_INSIGHT_HIGH_VARIANCE), ==, "high_variance");
  g_assert_cmpstr (hp_insight_severity_to_string (HP_INSIGHT_SEVERITY_INFO), ==, "info");
  g_assert_cmpstr (hp_insight_severity_to_string (HP_INSIGHT_SEVERITY_HIGH), ==, "high");

  insight = hp_insight_new (HP_INSIGHT_RETRIES, HP_INSIGHT_SEVERITY_LOW, "m");
  hp_insight_add_node (insight, "n1");
  hp_insight_add_figure (insight, "retries", 1);
  g_assert_cmpuint (hp_insight_get_n_figures (insight), ==, 1);
  g_assert_cmpstr (hp_insight_get_figure (insight, 0)->name, ==, "retries");
  g_assert_true (hp_insight_get_node (insight, 0) == g_intern_string ("n1"));
  g_assert_true (isnan (hp_insight_lookup_figure (insight, "missing")));
  g_assert_finalize_object (insight);
}

/* The profile of the regression test: the array holds the only
 * references to its insights. */
static void
test_no_leak (void)
{
  g_autoptr(HpProfile) profile = regression_profile ();
  GPtrArray *insights = insights_for (profile, "r3");
  HpInsight *first = g_object_ref (g_ptr_array_index (insights, 0));

  g_ptr_array_unref (insights);
  g_assert_finalize_object (first);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/insights/regression/references", test_regression);
  g_test_add_func ("/insights/regression/severity", test_regression_severity);
  g_test_add_func ("/insights/dominant", test_dominant);
  g_test_add_func ("/insights/cache-drop", test_cache_drop);
  g_test_add_func ("/insights/error-prone", test_error_prone);
  g_test_add_func ("/insights/retries", test_retries);
  g_test_add_func ("/insights/hot-spots", test_hot_spots);
  g_test_add_func ("/insights/parallelization/diamond", test_parallelization_diamond);
  g_test_add_func ("/insights/parallelization/medium", test_parallelization_medium);
  g_test_add_func ("/insights/parallelization/none", test_parallelization_none);
  g_test_add_func ("/insights/high-variance", test_high_variance);
  g_test_add_func ("/insights/names-and-empty", test_names_and_empty);
  g_test_add_func ("/insights/no-leak", test_no_leak);

  return g_test_run ();
}
