/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotpath-cli end to end: run the installed-to-be binary on fixtures and
 * on broken files, check exit statuses, stderr and the numbers it prints.
 *
 * tests/fixtures/cli-small.hotpath, worked by hand (times in ms):
 *   r1 succeeded  queue 100  exec 3000   1: 1000      2: 1800     3: 200
 *   r2 succeeded  queue  50  exec 2100   1: cached    2: 1900     3: 200
 *   r3 failed     queue  10  exec  500   1: cached    2: failed   3: skipped
 *   r4 succeeded  queue  20  exec 2600   1: cached    2: 2400     3: 200
 * The file lists them r3, r1, r4, r2: the report must order by start. */
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hp-cli-test-utils.h"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
find_by_id (JsonArray  *array,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (!json_object_get_null_member (o, "id") &&
          g_strcmp0 (json_object_get_string_member (o, "id"), id) == 0)
        return o;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
assert_one_line_error (const HpCliResult *result,
                       const char      *must_contain)
{
  g_assert_cmpint (result->status, ==, 2);
  g_assert_true (g_str_has_prefix (result->err, "hotpath-cli: "));
  g_assert_nonnull (strstr (result->err, must_contain));
  /* one line, ending in a newline */
  g_assert_true (g_str_has_suffix (result->err, "\n"));
  g_assert_true (strchr (result->err, '\n') == result->err + strlen (result->err) - 1);
  g_assert_cmpstr (result->out, ==, "");
}

static void
test_report_json_values (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *node, *latest, *comparison, *b;
  JsonArray *nodes, *bottlenecks, *regressions;

  hp_cli_run (&r, "report", "--format", "json", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_object (parser, r.out);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "workflow"), "id"),
                   ==, "wf-small");
  g_assert_cmpint (json_object_get_int_member (root, "run_count"), ==, 4);

  nodes = json_object_get_array_member (root, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 3);

  /* Node 2 executed in r1, r2, r4 (1800, 1900, 2400) and failed in r3. */
  node = find_by_id (nodes, "2");
  g_assert_cmpint (json_object_get_int_member (node, "executed"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (node, "cached"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (node, "failed"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "mean_ms"), 6100.0 / 3, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "min_ms"), 1800, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "max_ms"), 2400, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "median_ms"), 1900, 1e-9);
  /* h = 2·0.95 = 1.9 → 1900 + 0.9·500 = 2350; h = 1.98 → 1900 + 0.98·500 = 2390 */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "p95_ms"), 2350, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "p99_ms"), 2390, 1e-6);
  /* squares about the mean: 54444.4 + 17777.8 + 134444.4 = 206666.7; /2; sqrt = 321.4550 */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "stddev_ms"), 321.455025, 1e-5);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "last_ms"), 2400, 1e-9);

  /* Node 1 ran once (1000 ms) and was cached three times. */
  node = find_by_id (nodes, "1");
  g_assert_cmpint (json_object_get_int_member (node, "executed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (node, "cached"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "stddev_ms"), 0, 1e-9);

  /* Means 2033.33 + 1000 + 200 = 3233.33; shares 0.62887, 0.30928, 0.06186 */
  bottlenecks = json_object_get_array_member (root, "bottlenecks");
  g_assert_cmpuint (json_array_get_length (bottlenecks), ==, 3);
  b = json_array_get_object_element (bottlenecks, 0);
  g_assert_cmpstr (json_object_get_string_member (b, "id"), ==, "2");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "value_ms"), 6100.0 / 3, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "share"), (6100.0 / 3) / (9700.0 / 3), 1e-9);
  b = json_array_get_object_element (bottlenecks, 1);
  g_assert_cmpstr (json_object_get_string_member (b, "id"), ==, "1");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "share"), 1000.0 / (9700.0 / 3), 1e-9);

  latest = json_object_get_object_member (root, "latest_run");
  g_assert_cmpstr (json_object_get_string_member (latest, "id"), ==, "r4");
  g_assert_cmpstr (json_object_get_string_member (latest, "status"), ==, "succeeded");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (latest, "queue_ms"), 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (latest, "execution_ms"), 2600, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (latest, "total_ms"), 2620, 1e-9);
  g_assert_cmpint (json_object_get_int_member (latest, "executed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (latest, "cached"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (latest, "failed"), ==, 0);

  /* Previous successful run before r4 is r2 (r3 failed): 2600 vs 2100. */
  comparison = json_object_get_object_member (root, "comparison");
  g_assert_cmpstr (json_object_get_string_member (comparison, "against"), ==, "previous");
  g_assert_cmpstr (json_object_get_string_member (comparison, "reference_run"), ==, "r2");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (comparison, "total_delta_ms"), 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (comparison, "total_delta_pct"),
                                  500.0 / 2100 * 100, 1e-9);
  node = find_by_id (json_object_get_array_member (comparison, "nodes"), "2");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "delta_ms"), 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "delta_pct"), 500.0 / 1900 * 100, 1e-9);
  /* Node 1 was cached on both sides: nothing to compare. */
  node = find_by_id (json_object_get_array_member (comparison, "nodes"), "1");
  g_assert_true (json_object_get_null_member (node, "delta_ms"));

  /* +23.8 % and +26.3 %, both over 20 % and 50 ms: the run first. */
  regressions = json_object_get_array_member (root, "regressions");
  g_assert_cmpuint (json_array_get_length (regressions), ==, 2);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (regressions, 0), "id"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regressions, 1), "id"),
                   ==, "2");
}

static void
test_report_against_mean (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *comparison, *node;

  hp_cli_run (&r, "report", "--format=json", "--against", "mean", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_object (parser, r.out);
  comparison = json_object_get_object_member (root, "comparison");
  g_assert_cmpstr (json_object_get_string_member (comparison, "against"), ==, "mean");
  /* Succeeded runs before r4: r1 3000, r2 2100 → mean 2550; 2600 − 2550 = 50 */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (comparison, "total_delta_ms"), 50, 1e-9);
  /* Node 2 before r4: 1800, 1900 → 1850; 2400 − 1850 = 550 = 29.73 % */
  node = find_by_id (json_object_get_array_member (comparison, "nodes"), "2");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "delta_ms"), 550, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "delta_pct"), 550.0 / 1850 * 100, 1e-9);
}

static void
test_report_no_baseline (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  hp_cli_run (&r, "report", "--format", "json", "--against", "baseline", "--fail-on-regression", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_object (parser, r.out);
  g_assert_true (json_object_get_null_member (root, "comparison"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "regressions")), ==, 0);
}

static void
test_report_fail_on_regression (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) flagged = { 0 };
  g_auto(HpCliResult) plain = { 0 };
  g_auto(HpCliResult) lenient = { 0 };
  g_auto(HpCliResult) floor = { 0 };

  hp_cli_run (&flagged, "report", "--fail-on-regression", path, NULL);
  g_assert_cmpint (flagged.status, ==, 1);
  g_assert_nonnull (strstr (flagged.out, "REGRESSION"));
  g_assert_nonnull (strstr (flagged.out, "whole run"));
  g_assert_nonnull (strstr (flagged.out, "Sample"));

  hp_cli_run (&plain, "report", path, NULL);
  g_assert_cmpint (plain.status, ==, 0);

  /* +26.3 % is below a 30 % threshold */
  hp_cli_run (&lenient, "report", "--threshold", "30", "--fail-on-regression", path, NULL);
  g_assert_cmpint (lenient.status, ==, 0);
  g_assert_nonnull (strstr (lenient.out, "none"));

  /* +500 ms is not above a 500 ms noise floor */
  hp_cli_run (&floor, "report", "--noise-floor", "500", "--fail-on-regression", path, NULL);
  g_assert_cmpint (floor.status, ==, 0);
}

static void
test_report_text (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) r = { 0 };

  hp_cli_run (&r, "report", "--top", "2", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "Hotpath report: Small workflow (wf-small)\n"));
  g_assert_nonnull (strstr (r.out, "Runs: 4 (3 succeeded, 1 failed)"));
  g_assert_nonnull (strstr (r.out, "Latest run r4: succeeded"));
  g_assert_nonnull (strstr (r.out, "Bottlenecks (top 2 by mean)"));
  /* top 2: Sample (2.03 s, 62.9 %) and Load (1000.0 ms, 30.9 %), not Save */
  g_assert_nonnull (strstr (r.out, "62.9 %"));
  g_assert_nonnull (strstr (r.out, "30.9 %"));
  g_assert_null (strstr (r.out, "6.2 %"));
  g_assert_nonnull (strstr (r.out, "previous successful run r2"));
}

static void
test_report_merge_duplicates (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  hp_cli_run (&r, "report", "--format", "json", path, path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "4 runs already loaded"));
  g_assert_cmpint (json_object_get_int_member (parse_object (parser, r.out), "run_count"), ==, 4);
}

/* Critical path of the latest run r4 (edges 1 → 2 → 3, a chain):
 *   weights: Load cached 0, Sample 2400, Save 200 → 2600 ms
 *   the cached Load stays on the path (the path runs source to sink), so
 *   nodes 1, 2, 3; execution 2600 ms → efficiency 2600/2600 = 1, saving 0;
 *   in a chain every pair depends on another: no serial pair.
 * Insights for r4 (default limits 20 %, 50 ms):
 *   run vs previous r2: 2600 − 2100 = +500 ms = +23.8 % → regression;
 *     vs mean of r1, r2 (2550): +50 ms, +1.96 % → no; no baseline.
 *     Worst +23.8 % is low, the whole run is raised to medium.
 *   Sample 2400 / 2600 = 0.923 of the run ≥ 0.8 → dominant, medium.
 *   Sample vs r2 1900: +500, +26.3 %; vs mean 1850: +550, +29.7 % → low.
 *   Nothing else: Load is cached in r4 (no cache drop), 4 runs < 5 for the
 *   history rules, no retries/tokens/cost, efficiency 1.
 *   Order: medium (regression, then dominant), then low. */
static void
test_report_critical_path_and_insights (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) r = { 0 };
  g_auto(HpCliResult) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *critical, *insight, *figures;
  JsonArray *nodes, *insights;

  hp_cli_run (&r, "report", "--format", "json", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_object (parser, r.out);

  critical = json_object_get_object_member (root, "critical_path");
  g_assert_nonnull (critical);
  g_assert_true (json_object_get_null_member (root, "critical_path_error"));
  g_assert_cmpstr (json_object_get_string_member (critical, "run"), ==, "r4");
  nodes = json_object_get_array_member (critical, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (nodes, 0), ==, "1");
  g_assert_cmpstr (json_array_get_string_element (nodes, 1), ==, "2");
  g_assert_cmpstr (json_array_get_string_element (nodes, 2), ==, "3");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (critical, "ms"), 2600, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (critical, "efficiency"), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (critical, "saving_ms"), 0, 1e-9);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (critical, "serial_pairs")), ==, 0);

  insights = json_object_get_array_member (root, "insights");
  g_assert_cmpuint (json_array_get_length (insights), ==, 3);

  insight = json_array_get_object_element (insights, 0);
  g_assert_cmpstr (json_object_get_string_member (insight, "kind"), ==, "regression");
  g_assert_cmpstr (json_object_get_string_member (insight, "severity"), ==, "medium");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (insight, "nodes")), ==, 0);
  figures = json_object_get_object_member (insight, "figures");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "previous_delta_ms"), 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "previous_delta_pct"),
                                  500.0 / 2100 * 100, 1e-9);
  g_assert_false (json_object_has_member (figures, "mean_delta_ms"));

  insight = json_array_get_object_element (insights, 1);
  g_assert_cmpstr (json_object_get_string_member (insight, "kind"), ==, "dominant_node");
  g_assert_cmpstr (json_object_get_string_member (insight, "severity"), ==, "medium");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (insight, "nodes"), 0), ==, "2");
  g_assert_nonnull (strstr (json_object_get_string_member (insight, "message"), "Sample"));
  figures = json_object_get_object_member (insight, "figures");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "share"), 2400.0 / 2600, 1e-9);

  insight = json_array_get_object_element (insights, 2);
  g_assert_cmpstr (json_object_get_string_member (insight, "kind"), ==, "regression");
  g_assert_cmpstr (json_object_get_string_member (insight, "severity"), ==, "low");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (insight, "nodes"), 0), ==, "2");
  figures = json_object_get_object_member (insight, "figures");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "mean_ms"), 1850, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "mean_delta_pct"),
                                  550.0 / 1850 * 100, 1e-9);

  /* The same in the text report */
  hp_cli_run (&text, "report", path, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Critical path of run r4: 2.60 s\n  Load → Sample → Save\n"));
  g_assert_nonnull (strstr (text.out, "efficiency 100 %"));
  g_assert_nonnull (strstr (text.out, "\nInsights\n  [medium] The run took longer than the previous run r2"));
  g_assert_nonnull (strstr (text.out, "  [low] “Sample” is slower than"));
}

/* A graph with a cycle (1 → 2 → 1) has no critical path: the report says
 * why and still gives everything else. One run, so no regressions; node
 * 1 takes 300 of 400 ms = 0.75 → dominant (low). */
static void
test_report_critical_path_cycle (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hotpath-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cycle.hotpath", NULL);
  g_auto(HpCliResult) r = { 0 };
  g_auto(HpCliResult) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *insight;
  const char *content =
    "{\"format\": \"hotpath\", \"version\": 1, \"workflow\": {\"nodes\": [{\"id\": \"1\"}, {\"id\": \"2\"}],\n"
    " \"edges\": [{\"from\": \"1\", \"from_slot\": 0, \"to\": \"2\", \"to_slot\": 0},\n"
    "           {\"from\": \"2\", \"from_slot\": 0, \"to\": \"1\", \"to_slot\": 0}]},\n"
    " \"runs\": [{\"id\": \"a\", \"status\": \"succeeded\", \"started_at\": 1700000000000,\n"
    "  \"finished_at\": 1700000000400, \"nodes\": [\n"
    "  {\"id\": \"1\", \"status\": \"completed\", \"start_ms\": 0, \"duration_ms\": 300},\n"
    "  {\"id\": \"2\", \"status\": \"completed\", \"start_ms\": 300, \"duration_ms\": 100}]}]}\n";

  g_assert_no_error (error);
  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);

  hp_cli_run (&r, "report", "--format", "json", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_object (parser, r.out);
  g_assert_true (json_object_get_null_member (root, "critical_path"));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "critical_path_error"), "cycle"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "insights")), ==, 1);
  insight = json_array_get_object_element (json_object_get_array_member (root, "insights"), 0);
  g_assert_cmpstr (json_object_get_string_member (insight, "kind"), ==, "dominant_node");
  g_assert_cmpstr (json_object_get_string_member (insight, "severity"), ==, "low");

  hp_cli_run (&text, "report", path, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Critical path: none, the workflow graph has a cycle through nodes “1”, “2”"));

  g_unlink (path);
  g_rmdir (dir);
}

typedef struct {
  const char *name;
  const char *content;
  const char *expect;   /* in the one-line message */
} BadInput;

static const BadInput bad_inputs[] = {
  { "empty.hotpath", "", "empty" },
  { "not-json.hotpath", "run,node,duration\n1,2,3\n", "not-json.hotpath" },
  { "truncated.hotpath", "{\"format\": \"hotpath\", \"version\": 1, \"workflow\": {\"id\": \"x\", \"nodes\": [", "truncated.hotpath" },
  { "wrong-type.hotpath",
    "{\"format\": \"hotpath\", \"version\": 1, \"workflow\": {\"nodes\": []}, \"runs\": [\n"
    "{\"id\": \"a\", \"status\": \"succeeded\", \"started_at\": \"yesterday\", \"nodes\": []}]}",
    "$.runs[0].started_at" },
  { "negative.hotpath",
    "{\"format\": \"hotpath\", \"version\": 1, \"workflow\": {\"nodes\": []}, \"runs\": [\n"
    "{\"id\": \"a\", \"status\": \"succeeded\", \"started_at\": 1700000000000, \"nodes\": [\n"
    "{\"id\": \"1\", \"status\": \"completed\", \"start_ms\": 0, \"duration_ms\": -5}]}]}",
    "duration_ms" },
  { "absurd.hotpath",
    "{\"format\": \"hotpath\", \"version\": 1, \"workflow\": {\"nodes\": []}, \"runs\": [\n"
    "{\"id\": \"a\", \"status\": \"succeeded\", \"started_at\": 1e300, \"nodes\": []}]}",
    "$.runs[0].started_at" },
  { "duplicate.hotpath",
    "{\"format\": \"hotpath\", \"version\": 1, \"workflow\": {\"nodes\": [\n"
    "{\"id\": \"7\"}, {\"id\": \"7\"}]}, \"runs\": []}",
    "7" },
  { "unknown.json", "{\"hello\": \"world\", \"answer\": 42}", "not a profile Hotpath knows" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hotpath-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, bad->name, NULL);
  g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
  g_auto(HpCliResult) report = { 0 };
  g_auto(HpCliResult) convert = { 0 };
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_no_error (error);
  g_file_set_contents (path, bad->content, -1, &error);
  g_assert_no_error (error);

  hp_cli_run (&report, "report", path, NULL);
  assert_one_line_error (&report, path);
  g_assert_nonnull (strstr (report.err, bad->expect));

  /* convert fails the same way and leaves no output, not even a temporary */
  hp_cli_run (&convert, "convert", path, "-o", out, NULL);
  assert_one_line_error (&convert, path);
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_auto(HpCliResult) r = { 0 };

  hp_cli_run (&r, "report", "/nonexistent/profile.hotpath", NULL);
  assert_one_line_error (&r, "/nonexistent/profile.hotpath");
}

static void
test_usage_errors (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) none = { 0 };
  g_auto(HpCliResult) unknown = { 0 };
  g_auto(HpCliResult) metric = { 0 };
  g_auto(HpCliResult) no_files = { 0 };
  g_auto(HpCliResult) no_output = { 0 };
  g_auto(HpCliResult) bad_to = { 0 };

  hp_cli_run (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);
  hp_cli_run (&unknown, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));
  hp_cli_run (&metric, "report", "--metric", "average", path, NULL);
  assert_one_line_error (&metric, "average");
  hp_cli_run (&no_files, "report", NULL);
  assert_one_line_error (&no_files, "no input file");
  hp_cli_run (&no_output, "convert", path, NULL);
  assert_one_line_error (&no_output, "-o");
  hp_cli_run (&bad_to, "convert", path, "-o", "/tmp/x.out", NULL);
  assert_one_line_error (&bad_to, "--to");
}

static void
test_convert_formats (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hotpath-cli-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "runs.csv", NULL);
  g_autofree char *trace = g_build_filename (dir, "runs.trace.json", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.hotpath", NULL);
  g_autofree char *csv_text = NULL;
  g_autofree char *trace_text = NULL;
  g_auto(HpCliResult) r1 = { 0 };
  g_auto(HpCliResult) r2 = { 0 };
  g_auto(HpCliResult) r3 = { 0 };
  g_auto(HpCliResult) original = { 0 };
  g_auto(HpCliResult) converted = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_no_error (error);

  hp_cli_run (&r1, "convert", path, "-o", csv, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_file_get_contents (csv, &csv_text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (csv_text, "\n", -1);
  /* header + 4 runs × 3 node runs, then the empty string after the last \n */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 12 + 1);
  g_assert_true (g_str_has_prefix (lines[0], "run_id,"));
  /* runs in start order: r1 first */
  g_assert_true (g_str_has_prefix (lines[1], "r1,"));

  hp_cli_run (&r2, "convert", "--to", "chrome-trace", path, "-o", trace, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_file_get_contents (trace, &trace_text, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, trace_text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "traceEvents"));

  /* Our own format round-trips: the converted file reports the same. */
  hp_cli_run (&r3, "convert", path, "-o", copy, NULL);
  g_assert_cmpint (r3.status, ==, 0);
  hp_cli_run (&original, "report", "--format", "json", path, NULL);
  hp_cli_run (&converted, "report", "--format", "json", copy, NULL);
  g_assert_cmpint (converted.status, ==, 0);
  /* identical but for the file name */
  {
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    g_auto(GStrv) pa = g_strsplit (original.out, path, -1);
    g_auto(GStrv) pb = g_strsplit (converted.out, copy, -1);

    a = g_strjoinv ("FILE", pa);
    b = g_strjoinv ("FILE", pb);
    g_assert_cmpstr (a, ==, b);
  }

  g_unlink (csv);
  g_unlink (trace);
  g_unlink (copy);
  g_rmdir (dir);
}

/* tests/fixtures/dify-node-executions-runs.json: two Dify runs (B
 * succeeded, C failed at the web search). Knowledge retrieval
 * (1718000000101) took elapsed_time 0.766 s in B and 0.9 s in C:
 * mean (766 + 900) / 2 = 833 ms. */
static void
test_report_dify (void)
{
  g_autofree char *path = fixture ("dify-node-executions-runs.json");
  g_auto(HpCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *node;

  hp_cli_run (&r, "report", "--format", "json", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_object (parser, r.out);
  g_assert_cmpint (json_object_get_int_member (root, "run_count"), ==, 2);
  node = find_by_id (json_object_get_array_member (root, "nodes"), "1718000000101");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "mean_ms"), 833.0, 1e-9);
}

/* With LANGUAGE=de and the build tree's catalogues the text report is
 * German; the JSON report is the same bytes as in English. (LANGUAGE is
 * honoured in C.UTF-8; the decimal point stays a point there.) */
static void
test_report_german (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  const char *localedir = g_getenv ("HOTPATH_LOCALEDIR");
  g_auto(GStrv) english = g_environ_unsetenv (g_get_environ (), "LANGUAGE");
  g_auto(GStrv) german = g_environ_setenv (g_strdupv (english), "LANGUAGE", "de", TRUE);
  const char *text_args[] = { "report", path, NULL };
  const char *json_args[] = { "report", "--format", "json", path, NULL };
  g_auto(HpCliResult) text_de = { 0 };
  g_auto(HpCliResult) json_de = { 0 };
  g_auto(HpCliResult) json_en = { 0 };

  g_assert_nonnull (localedir);

  hp_cli_run_in_env (&text_de, (const char * const *) german, text_args);
  g_assert_cmpint (text_de.status, ==, 0);
  g_assert_true (g_str_has_prefix (text_de.out, "Hotpath-Bericht: Small workflow (wf-small)\n"));
  /* 4 runs: r1, r2, r4 succeeded, r3 failed */
  g_assert_nonnull (strstr (text_de.out, "Läufe: 4 (3 erfolgreich, 1 fehlgeschlagen)"));
  /* latest r4 against the previous successful r2 */
  g_assert_nonnull (strstr (text_de.out, "Vergleich mit dem vorherigen erfolgreichen Lauf r2"));
  g_assert_null (strstr (text_de.out, "Bottlenecks"));
  /* the insights come from the core library and are translated too:
   * r4 (2.6 s) against r2 (2.1 s) is +500 ms; LANGUAGE alone leaves
   * numbers in the C locale, so "+500.0 ms" */
  g_assert_nonnull (strstr (text_de.out, "Der Lauf dauerte länger als der vorherige Lauf r2 (+500.0 ms"));
  g_assert_nonnull (strstr (text_de.out, "„Sample“ ist langsamer als der vorherige Lauf r2"));
  g_assert_null (strstr (text_de.out, "The run took longer"));

  hp_cli_run_in_env (&json_de, (const char * const *) german, json_args);
  g_assert_cmpint (json_de.status, ==, 0);
  hp_cli_run_in_env (&json_en, (const char * const *) english, json_args);
  g_assert_cmpint (json_en.status, ==, 0);
  g_assert_cmpstr (json_de.out, ==, json_en.out);
  /* … and in JSON they stay English in every locale */
  g_assert_nonnull (strstr (json_de.out, "The run took longer than the previous run r2"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/report/json-values", test_report_json_values);
  g_test_add_func ("/cli/report/against-mean", test_report_against_mean);
  g_test_add_func ("/cli/report/no-baseline", test_report_no_baseline);
  g_test_add_func ("/cli/report/fail-on-regression", test_report_fail_on_regression);
  g_test_add_func ("/cli/report/text", test_report_text);
  g_test_add_func ("/cli/report/merge-duplicates", test_report_merge_duplicates);
  g_test_add_func ("/cli/report/critical-path-and-insights", test_report_critical_path_and_insights);
  g_test_add_func ("/cli/report/critical-path-cycle", test_report_critical_path_cycle);
  g_test_add_func ("/cli/bad-input/missing-file", test_missing_file);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *name = g_strdup_printf ("/cli/bad-input/%s", bad_inputs[i].name);
      g_test_add_data_func (name, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/convert/formats", test_convert_formats);
  g_test_add_func ("/cli/report/dify", test_report_dify);
  g_test_add_func ("/cli/report/german", test_report_german);

  return g_test_run ();
}
