/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "hp-chrome-trace-writer.h"
#include "hp-csv-writer.h"
#include "hp-profile-io.h"
#include "hp-tmp-test-utils.h"

/* 1700000000 s is 2023-11-14T22:13:20Z. */
#define T0 G_GINT64_CONSTANT (1700000000000000)
#define MS G_GINT64_CONSTANT (1000)

static HpNodeRun *
add_node_run (HpRun        *run,
              const char   *node_id,
              HpNodeStatus  status,
              gint64        start_us,
              gint64        end_us)
{
  g_autoptr(HpNodeRun) node_run = hp_node_run_new (node_id, status);

  hp_node_run_set_times (node_run, start_us, end_us);
  hp_run_add_node_run (run, node_run);
  return node_run;   /* the run holds it */
}

/* Workflow "Demo": 1 Loader "Load", 2 Sampler "Sample, fast", 3 Save.
 * r1 succeeded: queued T0, started T0 + 2 ms, finished T0 + 1502 ms;
 *   1 completed +1 … +501 ms, 2 completed +501 … +1401.5 ms (3 progress
 *   events, 1200 tokens, 0.25 USD, 2 GiB peak, 1 KiB out, 2 retries),
 *   3 cached at +1401.5 ms.
 * r2 failed: no queue time, started T0 + 60 s, finished + 300 ms;
 *   1 cached at the start, 2 failed after 250 ms with a two-line error
 *   containing quotes, 3 pending. */
static HpProfile *
make_profile (void)
{
  HpProfile *profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(HpRun) r1 = hp_run_new ("r1");
  g_autoptr(HpRun) r2 = hp_run_new ("r2");
  g_autoptr(GError) error = NULL;
  gint64 s1 = T0 + 2 * MS;
  gint64 s2 = T0 + 60000 * MS;
  HpNodeRun *node_run;

  hp_workflow_graph_set_id (graph, "wf-demo");
  hp_workflow_graph_set_name (graph, "Demo");
  hp_workflow_graph_add_node (graph, "1", "Loader", "Load", &error);
  hp_workflow_graph_add_node (graph, "2", "Sampler", "Sample, fast", &error);
  hp_workflow_graph_add_node (graph, "3", "Save", NULL, &error);
  g_assert_no_error (error);

  hp_run_set_status (r1, HP_RUN_STATUS_SUCCEEDED);
  hp_run_set_queued_us (r1, T0);
  hp_run_set_started_us (r1, s1);
  hp_run_set_finished_us (r1, T0 + 1502 * MS);
  add_node_run (r1, "1", HP_NODE_STATUS_COMPLETED, s1 + 1 * MS, s1 + 501 * MS);
  node_run = add_node_run (r1, "2", HP_NODE_STATUS_COMPLETED, s1 + 501 * MS, s1 + 1401500);
  hp_node_run_add_progress (node_run, s1 + 600 * MS, 1, 3);
  hp_node_run_add_progress (node_run, s1 + 900 * MS, 2, 3);
  hp_node_run_add_progress (node_run, s1 + 1400 * MS, 3, 3);
  hp_node_run_set_tokens (node_run, 1200);
  hp_node_run_set_cost (node_run, 0.25, "USD");
  hp_node_run_set_peak_memory (node_run, G_GINT64_CONSTANT (2147483648));
  hp_node_run_set_output_size (node_run, 1024);
  hp_node_run_set_retries (node_run, 2);
  add_node_run (r1, "3", HP_NODE_STATUS_CACHED, s1 + 1401500, s1 + 1401500);

  hp_run_set_status (r2, HP_RUN_STATUS_FAILED);
  hp_run_set_started_us (r2, s2);
  hp_run_set_finished_us (r2, s2 + 300 * MS);
  add_node_run (r2, "1", HP_NODE_STATUS_CACHED, s2, s2);
  node_run = add_node_run (r2, "2", HP_NODE_STATUS_FAILED, s2, s2 + 250 * MS);
  hp_node_run_set_error (node_run, "Out of \"memory\"\nat step 3");
  add_node_run (r2, "3", HP_NODE_STATUS_PENDING, HP_TIME_UNKNOWN, HP_TIME_UNKNOWN);

  /* Added in reverse: the profile orders them by start. */
  g_assert_true (hp_profile_add_run (profile, r2, &error));
  g_assert_true (hp_profile_add_run (profile, r1, &error));
  g_assert_no_error (error);
  return profile;
}

/* ------------------------------------------------------------------ */
/* Chrome trace                                                        */

static JsonObject *
find_event (JsonArray  *events,
            const char *ph,
            guint       pid,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (event, "ph"), ph) == 0 &&
          json_object_get_int_member (event, "pid") == pid &&
          g_strcmp0 (json_object_get_string_member (event, "name"), name) == 0)
        return event;
    }
  g_error ("no %s event “%s” in pid %u", ph, name, pid);
  return NULL;
}

static guint
count_events (JsonArray  *events,
              const char *ph,
              guint       pid)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (event, "ph"), ph) == 0 &&
          json_object_get_int_member (event, "pid") == pid)
        n++;
    }
  return n;
}

static void
test_chrome_trace (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autoptr(GString) text = hp_chrome_trace_write (profile);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *event, *args;
  JsonArray *events;

  json_parser_load_from_data (parser, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "displayTimeUnit"), ==, "ms");
  events = json_object_get_array_member (root, "traceEvents");

  /* pid 1 = r1: process_name, process_sort_index, thread_name ×2 (nodes,
   *   queue), queued, node 1, node 2, cached node 3 = 8;
   * pid 2 = r2: process_name, process_sort_index, thread_name (nodes;
   *   no queue time), cached node 1, failed node 2 = 5; pending node 3
   *   has no time and is left out. 8 + 5 = 13. */
  g_assert_cmpuint (json_array_get_length (events), ==, 13);
  g_assert_cmpuint (count_events (events, "M", 1), ==, 4);
  g_assert_cmpuint (count_events (events, "X", 1), ==, 3);
  g_assert_cmpuint (count_events (events, "i", 1), ==, 1);
  g_assert_cmpuint (count_events (events, "M", 2), ==, 3);
  g_assert_cmpuint (count_events (events, "X", 2), ==, 1);
  g_assert_cmpuint (count_events (events, "i", 2), ==, 1);

  event = find_event (events, "M", 1, "process_name");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "args"), "name"),
                   ==, "Demo — run r1 (succeeded)");
  event = find_event (events, "M", 2, "process_name");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "args"), "name"),
                   ==, "Demo — run r2 (failed)");
  event = find_event (events, "M", 2, "process_sort_index");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "args"), "sort_index"), ==, 2);

  /* Queue: T0 for 2 ms on thread 2. */
  event = find_event (events, "X", 1, "queued");
  g_assert_cmpint (json_object_get_int_member (event, "tid"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (event, "ts"), ==, T0);
  g_assert_cmpint (json_object_get_int_member (event, "dur"), ==, 2000);

  /* Node 2 of r1: starts at T0 + 2 ms + 501 ms, lasts 1401.5 − 501 = 900.5 ms. */
  event = find_event (events, "X", 1, "Sample, fast");
  g_assert_cmpint (json_object_get_int_member (event, "tid"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (event, "cat"), ==, "Sampler");
  g_assert_cmpint (json_object_get_int_member (event, "ts"), ==, T0 + 503000);
  g_assert_cmpint (json_object_get_int_member (event, "dur"), ==, 900500);
  args = json_object_get_object_member (event, "args");
  g_assert_cmpstr (json_object_get_string_member (args, "node_id"), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (args, "type"), ==, "Sampler");
  g_assert_cmpstr (json_object_get_string_member (args, "title"), ==, "Sample, fast");
  g_assert_cmpstr (json_object_get_string_member (args, "status"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (args, "progress_steps"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (args, "tokens"), ==, 1200);
  g_assert_cmpfloat (json_object_get_double_member (args, "cost"), ==, 0.25);
  g_assert_false (json_object_has_member (args, "error"));

  /* Node 3 has no title: named by its type; cached → instant event. */
  event = find_event (events, "i", 1, "Save");
  g_assert_cmpstr (json_object_get_string_member (event, "s"), ==, "t");
  g_assert_cmpint (json_object_get_int_member (event, "ts"), ==, T0 + 2000 + 1401500);
  g_assert_false (json_object_has_member (event, "dur"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "args"), "status"),
                   ==, "cached");

  /* r2's failed node: 250 ms from T0 + 60 s, with its error. */
  event = find_event (events, "X", 2, "Sample, fast");
  g_assert_cmpint (json_object_get_int_member (event, "ts"), ==, T0 + 60000000);
  g_assert_cmpint (json_object_get_int_member (event, "dur"), ==, 250000);
  args = json_object_get_object_member (event, "args");
  g_assert_cmpstr (json_object_get_string_member (args, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (args, "error"), ==, "Out of \"memory\"\nat step 3");
  g_assert_false (json_object_has_member (args, "tokens"));
}

static void
test_chrome_trace_empty (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(GString) text = hp_chrome_trace_write (profile);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "traceEvents")), ==, 0);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */

static void
test_csv_exact (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autoptr(GString) text = hp_csv_write (profile);
  /* Worked out by hand from make_profile():
   * r1 started T0 + 2 ms = 2023-11-14T22:13:20.002Z; node offsets from
   * that start: 1 ms, 501 ms, 1401.5 ms; durations 500, 900.5, 0.
   * r2 started T0 + 60 s = 22:14:20.000Z; offsets 0, 0, unknown. */
  static const char expected[] =
    "run_id,run_status,run_started_at,node_id,node_type,node_title,status,start_offset_ms,duration_ms,"
    "progress_steps,tokens,cost,currency,peak_memory_bytes,output_bytes,retries,error\n"
    "r1,succeeded,2023-11-14T22:13:20.002Z,1,Loader,Load,completed,1,500,,,,,,,,\n"
    "r1,succeeded,2023-11-14T22:13:20.002Z,2,Sampler,\"Sample, fast\",completed,501,900.5,"
    "3,1200,0.25,USD,2147483648,1024,2,\n"
    "r1,succeeded,2023-11-14T22:13:20.002Z,3,Save,,cached,1401.5,0,,,,,,,,\n"
    "r2,failed,2023-11-14T22:14:20.000Z,1,Loader,Load,cached,0,0,,,,,,,,\n"
    "r2,failed,2023-11-14T22:14:20.000Z,2,Sampler,\"Sample, fast\",failed,0,250,,,,,,,,"
    "\"Out of \"\"memory\"\"\nat step 3\"\n"
    "r2,failed,2023-11-14T22:14:20.000Z,3,Save,,pending,,,,,,,,,,\n";

  g_assert_cmpstr (text->str, ==, expected);
}

static void
test_csv_escaping (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(HpRun) run = hp_run_new ("=r");
  g_autoptr(GString) text = NULL;
  HpNodeRun *node_run;

  hp_workflow_graph_add_node (graph, "a", "=SUM(A1:A9)", "+1", NULL);
  hp_workflow_graph_add_node (graph, "b", "-x", "@y", NULL);
  hp_workflow_graph_add_node (graph, "c", "\tz", "=1,2", NULL);
  hp_workflow_graph_add_node (graph, "d", "Plain", "say \"hi\"", NULL);
  hp_run_set_started_us (run, T0);
  hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
  /* a starts 0.25 ms before the run: offset −0.25; 1.234 ms long */
  add_node_run (run, "a", HP_NODE_STATUS_COMPLETED, T0 - 250, T0 + 984);
  add_node_run (run, "b", HP_NODE_STATUS_COMPLETED, T0 + 1, T0 + 11);
  node_run = add_node_run (run, "c", HP_NODE_STATUS_COMPLETED, HP_TIME_UNKNOWN, HP_TIME_UNKNOWN);
  hp_node_run_set_cost (node_run, 0.1, "@EUR");
  add_node_run (run, "d", HP_NODE_STATUS_SKIPPED, HP_TIME_UNKNOWN, HP_TIME_UNKNOWN);
  hp_profile_add_run (profile, run, NULL);

  text = hp_csv_write (profile);
  /* Formula starts get an apostrophe (inside the quotes when quoted);
   * numbers never do (−0.25 stays a number); 1 µs = 0.001 ms; 10 µs =
   * 0.01 ms; 0.1 prints as 0.1, not 0.10000000000000001. */
  g_assert_cmpstr (strchr (text->str, '\n') + 1, ==,
                   "'=r,succeeded,2023-11-14T22:13:20.000Z,a,'=SUM(A1:A9),'+1,completed,-0.25,1.234,,,,,,,,\n"
                   "'=r,succeeded,2023-11-14T22:13:20.000Z,b,'-x,'@y,completed,0.001,0.01,,,,,,,,\n"
                   "'=r,succeeded,2023-11-14T22:13:20.000Z,c,'\tz,\"'=1,2\",completed,,,,,0.1,'@EUR,,,,\n"
                   "'=r,succeeded,2023-11-14T22:13:20.000Z,d,Plain,\"say \"\"hi\"\"\",skipped,,,,,,,,,,\n");
}

/* ------------------------------------------------------------------ */
/* Saving                                                              */

static guint
count_dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_save_replaces (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-export-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "runs.csv", NULL);
  g_autoptr(GString) expected = hp_csv_write (profile);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old content", -1, &error));
  g_assert_true (hp_profile_save_file (profile, path, HP_FORMAT_CSV, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, expected->str);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);   /* no temporary file left */

  remove_tmp_dir (dir);
}

static void
test_save_failures (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-export-XXXXXX");
  g_autofree char *file = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *below_file = g_build_filename (file, "out.csv", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "missing", "out.csv", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "x", -1, &error));

  /* A folder that is a file, a folder that does not exist, a folder as
   * the target: each fails naming the path, and nothing is left. */
  g_assert_false (hp_profile_save_file (profile, below_file, HP_FORMAT_CSV, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_true (g_str_has_prefix (error->message, below_file));
  g_clear_error (&error);

  g_assert_false (hp_profile_save_file (profile, missing_dir, HP_FORMAT_CSV, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (error->message, missing_dir));
  g_clear_error (&error);

  g_assert_false (hp_profile_save_file (profile, dir, HP_FORMAT_CSV, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_true (g_str_has_prefix (error->message, dir));
  g_clear_error (&error);

  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  remove_tmp_dir (dir);
}

static void
test_save_read_only_dir (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-export-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "runs.json", NULL);
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      /* root writes into read-only folders anyway */
      g_rmdir (dir);
      g_test_skip ("running as root: permissions do not stop writes");
      return;
    }

  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_assert_false (hp_profile_save_file (profile, path, HP_FORMAT_CHROME_TRACE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_cmpuint (count_dir_entries (dir), ==, 0);
  g_chmod (dir, 0755);
  remove_tmp_dir (dir);
}

/* The temporary file exists when writing fails (here: a file size limit,
 * which stops root too): it must be removed and the old file kept. */
static void
test_save_write_fails (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-export-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  struct rlimit old_limit, limit;
  gboolean saved;

  g_assert_true (g_file_set_contents (path, "keep me", -1, &error));

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 100;   /* bytes; the trace is longer */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  saved = hp_profile_save_file (profile, path, HP_FORMAT_CHROME_TRACE, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);

  g_assert_false (saved);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);   /* EFBIG has no code of its own */
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "cannot save"));
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");

  remove_tmp_dir (dir);
}

static void
test_serialize_unsupported (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-export-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "x.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = hp_profile_serialize (profile, HP_FORMAT_COMFYUI_NODE, &error);
  g_assert_null (bytes);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  bytes = hp_profile_serialize (profile, HP_FORMAT_UNKNOWN, &error);
  g_assert_null (bytes);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  g_assert_false (hp_profile_save_file (profile, path, HP_FORMAT_COMFYUI_NODE, &error));
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_UNSUPPORTED);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_cmpuint (count_dir_entries (dir), ==, 0);
  g_clear_error (&error);

  bytes = hp_profile_serialize (profile, HP_FORMAT_CSV, &error);
  g_assert_nonnull (bytes);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = hp_profile_serialize (profile, HP_FORMAT_CHROME_TRACE, &error);
  g_assert_nonnull (bytes);

  remove_tmp_dir (dir);
}

/* ------------------------------------------------------------------ */
/* Native round trip                                                   */

static void
assert_same_node_run (HpNodeRun *a,
                      HpNodeRun *b)
{
  const HpProgressEvent *pa, *pb;
  guint na, nb;

  g_assert_cmpstr (hp_node_run_get_node_id (a), ==, hp_node_run_get_node_id (b));
  g_assert_cmpint (hp_node_run_get_status (a), ==, hp_node_run_get_status (b));
  g_assert_cmpint (hp_node_run_get_start_us (a), ==, hp_node_run_get_start_us (b));
  g_assert_cmpint (hp_node_run_get_end_us (a), ==, hp_node_run_get_end_us (b));
  g_assert_cmpint (hp_node_run_get_duration_us (a), ==, hp_node_run_get_duration_us (b));
  g_assert_cmpstr (hp_node_run_get_error (a), ==, hp_node_run_get_error (b));
  g_assert_cmpint (hp_node_run_get_tokens (a), ==, hp_node_run_get_tokens (b));
  g_assert_cmpint (hp_node_run_get_peak_memory (a), ==, hp_node_run_get_peak_memory (b));
  g_assert_cmpint (hp_node_run_get_output_size (a), ==, hp_node_run_get_output_size (b));
  g_assert_cmpint (hp_node_run_get_retries (a), ==, hp_node_run_get_retries (b));
  g_assert_cmpstr (hp_node_run_get_currency (a), ==, hp_node_run_get_currency (b));
  if (hp_node_run_get_currency (a) != NULL)
    g_assert_cmpfloat (hp_node_run_get_cost (a), ==, hp_node_run_get_cost (b));

  pa = hp_node_run_get_progress (a, &na);
  pb = hp_node_run_get_progress (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpint (pa[i].time_us, ==, pb[i].time_us);
      g_assert_cmpfloat (pa[i].value, ==, pb[i].value);
      g_assert_cmpfloat (pa[i].max, ==, pb[i].max);
    }
}

static void
test_native_round_trip (void)
{
  g_autoptr(HpProfile) profile = make_profile ();
  g_autoptr(HpProfile) loaded = NULL;
  g_autofree char *dir = hp_test_make_tmp_dir ("hotpath-export-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "demo.hotpath", NULL);
  g_autoptr(GError) error = NULL;
  HpWorkflowGraph *graph;

  g_assert_true (hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, &error));
  g_assert_no_error (error);
  loaded = hp_profile_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  graph = hp_profile_get_graph (loaded);
  g_assert_cmpstr (hp_workflow_graph_get_id (graph), ==, "wf-demo");
  g_assert_cmpstr (hp_workflow_graph_get_name (graph), ==, "Demo");
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (graph), ==, 3);
  g_assert_cmpstr (hp_workflow_graph_lookup_node (graph, "2")->title, ==, "Sample, fast");
  g_assert_null (hp_workflow_graph_lookup_node (graph, "3")->title);

  g_assert_cmpuint (hp_profile_get_n_runs (loaded), ==, 2);
  for (guint r = 0; r < 2; r++)
    {
      HpRun *a = hp_profile_get_run (profile, r);
      HpRun *b = hp_profile_get_run (loaded, r);
      GPtrArray *na = hp_run_get_node_runs (a);
      GPtrArray *nb = hp_run_get_node_runs (b);

      g_assert_cmpstr (hp_run_get_id (a), ==, hp_run_get_id (b));
      g_assert_cmpint (hp_run_get_status (a), ==, hp_run_get_status (b));
      g_assert_cmpint (hp_run_get_queued_us (a), ==, hp_run_get_queued_us (b));
      g_assert_cmpint (hp_run_get_started_us (a), ==, hp_run_get_started_us (b));
      g_assert_cmpint (hp_run_get_finished_us (a), ==, hp_run_get_finished_us (b));
      g_assert_cmpuint (na->len, ==, nb->len);
      for (guint i = 0; i < na->len; i++)
        assert_same_node_run (g_ptr_array_index (na, i), g_ptr_array_index (nb, i));
    }

  /* And the CSV of both is the same text. */
  {
    g_autoptr(GString) csv_a = hp_csv_write (profile);
    g_autoptr(GString) csv_b = hp_csv_write (loaded);

    g_assert_cmpstr (csv_a->str, ==, csv_b->str);
  }

  remove_tmp_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/chrome-trace/events", test_chrome_trace);
  g_test_add_func ("/export/chrome-trace/empty", test_chrome_trace_empty);
  g_test_add_func ("/export/csv/exact", test_csv_exact);
  g_test_add_func ("/export/csv/escaping", test_csv_escaping);
  g_test_add_func ("/export/save/replaces", test_save_replaces);
  g_test_add_func ("/export/save/failures", test_save_failures);
  g_test_add_func ("/export/save/read-only-dir", test_save_read_only_dir);
  g_test_add_func ("/export/save/write-fails", test_save_write_fails);
  g_test_add_func ("/export/serialize/unsupported", test_serialize_unsupported);
  g_test_add_func ("/export/native/round-trip", test_native_round_trip);

  return g_test_run ();
}
