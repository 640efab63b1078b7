/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotpath-cli diff end to end: two runs of one file, two files, text and
 * JSON, unknown run ids and broken files.
 *
 * tests/fixtures/cli-small.hotpath, worked by hand (times in ms):
 *   run  status     queue  exec  total   1 Load    2 Sample  3 Save
 *   r1   succeeded   100   3000  3100    1000      1800      200
 *   r2   succeeded    50   2100  2150    cached    1900      200
 *   r3   failed       10    500   510    cached    failed    skipped
 *   r4   succeeded    20   2600  2620    cached    2400      200
 * (the latest run is r4). A second file, written by the tests, has one run
 * x1: no queue time, execution 2500, node 2 Sample 2000 and node 4
 * Upscale 300; its name holds a '#'. */
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

static void
assert_one_line_error (const HpCliResult *result,
                       const char      *must_contain)
{
  g_assert_cmpint (result->status, ==, 2);
  g_assert_true (g_str_has_prefix (result->err, "hotpath-cli: "));
  g_assert_nonnull (strstr (result->err, must_contain));
  g_assert_true (g_str_has_suffix (result->err, "\n"));
  g_assert_true (strchr (result->err, '\n') == result->err + strlen (result->err) - 1);
  g_assert_cmpstr (result->out, ==, "");
}

static void
assert_ms (JsonObject *o,
           const char *member,
           double      expected)
{
  g_assert_true (json_object_has_member (o, member));
  g_assert_false (json_object_get_null_member (o, member));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, member), expected, 1e-9);
}

static void
assert_null (JsonObject *o,
             const char *member)
{
  g_assert_true (json_object_has_member (o, member));
  g_assert_true (json_object_get_null_member (o, member));
}

static void
assert_node (JsonObject *node,
             const char *id,
             const char *change)
{
  g_assert_cmpstr (json_object_get_string_member (node, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (node, "change"), ==, change);
}

/* A scratch folder with the second profile, "x#1.hotpath". */
static char *
write_second_file (char **dir)
{
  static const char content[] =
    "{\"format\": \"hotpath\", \"version\": 1,\n"
    " \"workflow\": {\"id\": \"wf-other\", \"nodes\": [\n"
    "   {\"id\": \"2\", \"type\": \"Sampler\", \"title\": \"Sample\"},\n"
    "   {\"id\": \"4\", \"type\": \"Upscaler\", \"title\": \"Upscale\"}]},\n"
    " \"runs\": [\n"
    "  {\"id\": \"x1\", \"status\": \"succeeded\", \"started_at\": 1700000400000, \"finished_at\": 1700000402500,\n"
    "   \"nodes\": [\n"
    "    {\"id\": \"2\", \"status\": \"completed\", \"start_ms\": 0, \"duration_ms\": 2000},\n"
    "    {\"id\": \"4\", \"status\": \"completed\", \"start_ms\": 2000, \"duration_ms\": 300}]}]}\n";
  g_autoptr(GError) error = NULL;
  char *path;

  *dir = g_dir_make_tmp ("hotpath-diff-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "x#1.hotpath", NULL);
  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_json_one_file (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *a, *b, *totals, *queue, *total, *node;
  JsonArray *nodes;

  hp_cli_run (&r, "diff", "--format", "json", path, "r1", "r4", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  root = parse_object (parser, r.out);

  a = json_object_get_object_member (root, "a");
  b = json_object_get_object_member (root, "b");
  g_assert_cmpstr (json_object_get_string_member (a, "file"), ==, path);
  g_assert_cmpstr (json_object_get_string_member (a, "run_id"), ==, "r1");
  g_assert_cmpstr (json_object_get_string_member (b, "run_id"), ==, "r4");
  g_assert_cmpstr (json_object_get_string_member (b, "status"), ==, "succeeded");
  /* r4 started 1700000300 s = 2023-11-14 22:18:20 UTC */
  g_assert_cmpstr (json_object_get_string_member (b, "started_at"), ==, "2023-11-14T22:18:20.000Z");

  /* Execution 2600 − 3000 = −400 ms, −400 / 3000 = −13.33 %: not beyond
   * 20 %, so "same". */
  totals = json_object_get_object_member (root, "totals");
  assert_ms (totals, "a_ms", 3000);
  assert_ms (totals, "b_ms", 2600);
  assert_ms (totals, "delta_ms", -400);
  assert_ms (totals, "delta_pct", -400.0 / 3000 * 100);
  g_assert_cmpstr (json_object_get_string_member (totals, "change"), ==, "same");
  /* Queue 20 − 100 = −80 ms, −80 %; total 2620 − 3100 = −480 ms,
   * −480 / 3100 = −15.48 %. */
  queue = json_object_get_object_member (totals, "queue");
  assert_ms (queue, "a_ms", 100);
  assert_ms (queue, "b_ms", 20);
  assert_ms (queue, "delta_ms", -80);
  assert_ms (queue, "delta_pct", -80);
  total = json_object_get_object_member (totals, "total");
  assert_ms (total, "delta_ms", -480);
  assert_ms (total, "delta_pct", -480.0 / 3100 * 100);

  /* Largest change first: Sample +600, Save 0, then Load without delta. */
  nodes = json_object_get_array_member (root, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 3);

  /* Sample 2400 − 1800 = +600 ms, 600 / 1800 = +33.3 % → slower */
  node = json_array_get_object_element (nodes, 0);
  assert_node (node, "2", "slower");
  g_assert_cmpstr (json_object_get_string_member (node, "title"), ==, "Sample");
  g_assert_cmpstr (json_object_get_string_member (node, "type"), ==, "Sampler");
  assert_ms (node, "a_ms", 1800);
  assert_ms (node, "b_ms", 2400);
  assert_ms (node, "delta_ms", 600);
  assert_ms (node, "delta_pct", 600.0 / 1800 * 100);

  /* Save 200 − 200 = 0 → same */
  node = json_array_get_object_element (nodes, 1);
  assert_node (node, "3", "same");
  assert_ms (node, "delta_ms", 0);
  assert_ms (node, "delta_pct", 0);

  /* Load 1000 in r1, cached in r4: B has no time (null, not 0). */
  node = json_array_get_object_element (nodes, 2);
  assert_node (node, "1", "not_compared");
  assert_ms (node, "a_ms", 1000);
  assert_null (node, "b_ms");
  assert_null (node, "delta_ms");
  assert_null (node, "delta_pct");
  g_assert_cmpstr (json_object_get_string_member (node, "a_status"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (node, "b_status"), ==, "cached");
}

/* "FILE#r1 FILE": r1 against the latest run, r4, as text. */
static void
test_text_latest (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_autofree char *spec = g_strconcat (path, "#r1", NULL);
  g_auto(HpCliResult) r = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *sample = NULL, *save = NULL, *load = NULL, *execution = NULL;
  guint sample_line = 0, save_line = 0, load_line = 0;

  hp_cli_run (&r, "diff", spec, path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "Run diff, B − A");
  g_assert_true (g_str_has_prefix (lines[1], "  A  run r1 of "));
  g_assert_true (g_str_has_prefix (lines[2], "  B  run r4 of "));
  g_assert_nonnull (strstr (lines[2], "succeeded, started 2023-11-14T22:18:20.000Z"));

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "  2 "))
        sample = lines[sample_line = i];
      else if (g_str_has_prefix (lines[i], "  3 "))
        save = lines[save_line = i];
      else if (g_str_has_prefix (lines[i], "  1 "))
        load = lines[load_line = i];
      else if (g_str_has_prefix (lines[i], "  execution time"))
        execution = lines[i];
      /* no trailing blanks anywhere */
      g_assert_false (g_str_has_suffix (lines[i], " "));
    }
  g_assert_nonnull (sample);
  g_assert_nonnull (load);
  /* Largest change first: Sample, Save, Load. */
  g_assert_cmpuint (sample_line, <, save_line);
  g_assert_cmpuint (save_line, <, load_line);
  /* Same values as the JSON test, written for people. */
  g_assert_nonnull (strstr (sample, "Sample"));
  g_assert_nonnull (g_strrstr (sample, "1.80 s     2.40 s   +600.0 ms   +33.3 %  slower"));
  g_assert_nonnull (g_strrstr (save, "200.0 ms   200.0 ms      0.0 ms     0.0 %  same"));
  g_assert_nonnull (g_strrstr (load, "1.00 s     cached           —         —  not compared"));
  g_assert_nonnull (g_strrstr (execution, "3.00 s     2.60 s   −400.0 ms   −13.3 %"));
  /* Aligned: the columns end at the same character in every node row. */
  g_assert_cmpint (g_utf8_strlen (sample, -1) - (glong) strlen ("  slower"), ==,
                   g_utf8_strlen (load, -1) - (glong) strlen ("  not compared"));
}

/* Two files: r4 of cli-small against x1 of the scratch file. */
static void
test_two_files (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_autofree char *dir = NULL;
  g_autofree char *other = write_second_file (&dir);
  g_autofree char *other_spec = g_strconcat (other, "#x1", NULL);
  g_auto(HpCliResult) r = { 0 };
  g_auto(HpCliResult) by_id = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *root, *totals, *node;
  JsonArray *nodes;

  /* "x#1.hotpath" exists as it is: a file, not run "1.hotpath" of "x". */
  hp_cli_run (&r, "diff", "--format=json", path, other, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_object (parser, r.out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "a"), "run_id"),
                   ==, "r4");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "b"), "file"),
                   ==, other);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "b"), "workflow_id"),
                   ==, "wf-other");

  /* Execution 2500 − 2600 = −100 ms, −100 / 2600 = −3.85 %; x1 has no
   * queue time: null, not 0. */
  totals = json_object_get_object_member (root, "totals");
  assert_ms (totals, "delta_ms", -100);
  assert_ms (totals, "delta_pct", -100.0 / 2600 * 100);
  assert_ms (json_object_get_object_member (totals, "queue"), "a_ms", 20);
  assert_null (json_object_get_object_member (totals, "queue"), "b_ms");
  assert_null (json_object_get_object_member (totals, "queue"), "delta_ms");

  /* Sample 2000 − 2400 = −400 ms, −16.7 %: same. Then, without delta, in
   * r4's order: Load (cached in r4, absent in x1), Save (absent in x1),
   * then Upscale, only in x1. */
  nodes = json_object_get_array_member (root, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 4);
  node = json_array_get_object_element (nodes, 0);
  assert_node (node, "2", "same");
  assert_ms (node, "delta_ms", -400);
  assert_ms (node, "delta_pct", -400.0 / 2400 * 100);

  node = json_array_get_object_element (nodes, 1);
  assert_node (node, "1", "only_in_a");
  g_assert_cmpstr (json_object_get_string_member (node, "a_status"), ==, "cached");
  assert_null (node, "b_status");
  assert_null (node, "a_ms");
  assert_null (node, "b_ms");

  node = json_array_get_object_element (nodes, 2);
  assert_node (node, "3", "only_in_a");
  assert_ms (node, "a_ms", 200);
  assert_null (node, "b_ms");
  assert_null (node, "delta_ms");

  node = json_array_get_object_element (nodes, 3);
  assert_node (node, "4", "only_in_b");
  g_assert_cmpstr (json_object_get_string_member (node, "title"), ==, "Upscale");
  assert_null (node, "a_ms");
  assert_null (node, "a_status");
  assert_ms (node, "b_ms", 300);
  assert_null (node, "delta_pct");

  /* "FILE#RUN_ID" splits at the last '#': the same run by id. */
  hp_cli_run (&by_id, "diff", "--format", "json", path, other_spec, NULL);
  g_assert_cmpint (by_id.status, ==, 0);
  root = parse_object (parser2, by_id.out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "b"), "run_id"),
                   ==, "x1");

  g_unlink (other);
  g_rmdir (dir);
}

static void
test_output_file (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hotpath-diff-XXXXXX", &error);
  g_autofree char *out = g_build_filename (dir, "diff.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "folder", "diff.json", NULL);
  g_autofree char *written = NULL;
  g_auto(HpCliResult) r = { 0 };
  g_auto(HpCliResult) bad = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  hp_cli_run (&r, "diff", "--format", "json", "-o", out, path, "r2", "r4", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_file_get_contents (out, &written, NULL, &error);
  g_assert_no_error (error);
  root = parse_object (parser, written);
  /* r4 against r2: execution 2600 − 2100 = +500 ms, +23.8 % → slower */
  assert_ms (json_object_get_object_member (root, "totals"), "delta_ms", 500);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "totals"), "change"),
                   ==, "slower");

  hp_cli_run (&bad, "diff", "-o", missing, path, "r2", "r4", NULL);
  assert_one_line_error (&bad, missing);

  g_unlink (out);
  g_rmdir (dir);
}

static void
test_unknown_run (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_autofree char *spec = g_strconcat (path, "#r7", NULL);
  g_autofree char *expected = g_strdup_printf ("%s: no run with id r9 (runs: r1, r2, r3, r4)", path);
  g_autofree char *expected_spec = g_strdup_printf ("%s: no run with id r7 (runs: r1, r2, r3, r4)", path);
  g_auto(HpCliResult) r = { 0 };
  g_auto(HpCliResult) by_spec = { 0 };

  hp_cli_run (&r, "diff", path, "r1", "r9", NULL);
  assert_one_line_error (&r, expected);

  hp_cli_run (&by_spec, "diff", path, spec, NULL);
  assert_one_line_error (&by_spec, expected_spec);
}

static void
test_bad_files (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_autofree char *truncated = fixture ("native-bad-truncated.hotpath");
  g_autofree char *truncated_spec = g_strconcat (truncated, "#r1", NULL);
  g_auto(HpCliResult) bad_a = { 0 };
  g_auto(HpCliResult) bad_b = { 0 };
  g_auto(HpCliResult) one_file = { 0 };
  g_auto(HpCliResult) missing = { 0 };

  /* The reader's own message, naming the file, on either side. */
  hp_cli_run (&bad_a, "diff", truncated, path, NULL);
  assert_one_line_error (&bad_a, truncated);
  hp_cli_run (&bad_b, "diff", path, truncated_spec, NULL);
  assert_one_line_error (&bad_b, truncated);
  hp_cli_run (&one_file, "diff", truncated, "r1", "r2", NULL);
  assert_one_line_error (&one_file, truncated);
  hp_cli_run (&missing, "diff", "/nonexistent/a.hotpath", path, NULL);
  assert_one_line_error (&missing, "/nonexistent/a.hotpath");
}

static void
test_bad_arguments (void)
{
  g_autofree char *path = fixture ("cli-small.hotpath");
  g_auto(HpCliResult) none = { 0 };
  g_auto(HpCliResult) one = { 0 };
  g_auto(HpCliResult) four = { 0 };
  g_auto(HpCliResult) format = { 0 };
  g_auto(HpCliResult) threshold = { 0 };
  g_auto(HpCliResult) help = { 0 };

  hp_cli_run (&none, "diff", NULL);
  assert_one_line_error (&none, "FILE RUN_A RUN_B");
  hp_cli_run (&one, "diff", path, NULL);
  assert_one_line_error (&one, "two runs");
  hp_cli_run (&four, "diff", path, "r1", "r2", "r3", NULL);
  assert_one_line_error (&four, "two runs");
  hp_cli_run (&format, "diff", "--format", "yaml", path, path, NULL);
  assert_one_line_error (&format, "yaml");
  hp_cli_run (&threshold, "diff", "--threshold", "-5", path, path, NULL);
  assert_one_line_error (&threshold, "--threshold");

  /* The help names both forms. */
  hp_cli_run (&help, "diff", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "FILE#RUN_ID"));
  g_assert_nonnull (strstr (help.out, "FILE RUN_A RUN_B"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/diff/json-one-file", test_json_one_file);
  g_test_add_func ("/cli/diff/text-latest", test_text_latest);
  g_test_add_func ("/cli/diff/two-files", test_two_files);
  g_test_add_func ("/cli/diff/output-file", test_output_file);
  g_test_add_func ("/cli/diff/unknown-run", test_unknown_run);
  g_test_add_func ("/cli/diff/bad-files", test_bad_files);
  g_test_add_func ("/cli/diff/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
