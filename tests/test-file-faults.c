/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Faults of profile files (issue 9, "Files"): huge files, millions of
 * node runs, deep nesting, invalid UTF-8, read-only and full disks while
 * saving, two writers at once; and CSV formula escaping. The window's
 * side (a file changed on disk) is in test-file-faults-window.c. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hp-chrome-trace-reader.h"
#include "hp-comfyui-history-reader.h"
#include "hp-comfyui-node-reader.h"
#include "hp-comfyui-workflow-reader.h"
#include "hp-csv-writer.h"
#include "hp-dify-reader.h"
#include "hp-event-log-reader.h"
#include "hp-format-limits.h"
#include "hp-native-reader.h"
#include "hp-native-writer.h"
#include "hp-nodetool-log-reader.h"
#include "hp-nodetool-reader.h"
#include "hp-nodetool-workflow-reader.h"
#include "hp-profile-io-private.h"
#include "hp-profile-io.h"

#define T0 G_GINT64_CONSTANT (1700000000000000)

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hp-file-faults-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_chmod (dir, 0755);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* @n_nodes nodes "n0"…, @n_runs runs "r0"… each running every node. */
static HpProfile *
make_profile (guint n_nodes,
              guint n_runs)
{
  HpProfile *profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_nodes; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);

      hp_workflow_graph_add_node (graph, id, "Type", NULL, NULL);
    }
  for (guint r = 0; r < n_runs; r++)
    {
      g_autofree char *run_id = g_strdup_printf ("r%u", r);
      HpRun *run = hp_run_new (run_id);
      gint64 start = T0 + (gint64) r * 1000000;

      hp_run_set_started_us (run, start);
      hp_run_set_finished_us (run, start + 1000 * n_nodes);
      hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
      for (guint i = 0; i < n_nodes; i++)
        {
          g_autofree char *id = g_strdup_printf ("n%u", i);
          g_autoptr(HpNodeRun) node_run = hp_node_run_new (id, HP_NODE_STATUS_COMPLETED);

          hp_node_run_set_times (node_run, start + 1000 * i, start + 1000 * (i + 1));
          hp_run_add_node_run (run, node_run);
        }
      g_ptr_array_add (runs, run);
    }
  hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, &error);
  g_assert_no_error (error);
  return profile;
}

static char *
write_profile_text (HpProfile *profile)
{
  g_autoptr(GString) text = hp_native_write (profile);

  return g_strdup (text->str);
}

/* ------------------------------------------------------------------ */
/* Size                                                                */
/* ------------------------------------------------------------------ */

static void
test_size_sparse_2gb (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.hotpath", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  int fd;

  /* A sparse file: 2 GiB long, no blocks written, made in a moment. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "{", 1), ==, 1);
  if (ftruncate (fd, G_GINT64_CONSTANT (2147483648)) != 0)
    {
      close (fd);
      remove_dir (dir);
      g_test_skip ("the temporary folder cannot hold a sparse 2 GiB file");
      return;
    }
  close (fd);

  profile = hp_profile_load_file (path, &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  /* 2,147,483,648 bytes = 2.147 GB → "2.1 GB"; the limit 10⁹ → "1.0 GB"
   * (g_format_size() puts a no-break space before the unit) */
  expected = g_strdup_printf ("%s is 2.1\u00a0GB; Hotpath opens profiles up to 1.0\u00a0GB", path);
  g_assert_cmpstr (error->message, ==, expected);
  remove_dir (dir);
}

static void
test_size_hook (void)
{
  g_autoptr(HpProfile) small = make_profile (3, 2);
  g_autofree char *text = write_profile_text (small);
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "small.hotpath", NULL);
  g_autofree char *workflow_path = g_test_build_filename (G_TEST_DIST, "fixtures",
                                                           "comfyui_ui_workflow_default.json", NULL);
  g_autofree char *workflow = NULL;
  gsize workflow_length;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) loaded = NULL;
  HpFormatLimits limits = *_hp_format_limits ();

  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  /* Loads under the defaults, */
  loaded = hp_profile_load_file (path, &error);
  g_assert_no_error (error);
  g_clear_object (&loaded);

  /* is refused past a limit of 100 bytes, before it is read. */
  limits.max_file_bytes = 100;
  _hp_format_limits_set_for_testing (&limits);
  loaded = hp_profile_load_file (path, &error);
  g_assert_null (loaded);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "; Hotpath opens profiles up to 100 bytes"));
  g_clear_error (&error);

  /* The same through hp_profile_load_data (remote files, drops). */
  loaded = hp_profile_load_data (text, strlen (text), "mem.hotpath", &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Formats read through a json-glib tree have their own, lower limit. */
  g_assert_true (g_file_get_contents (workflow_path, &workflow, &workflow_length, NULL));
  limits = *_hp_format_limits ();
  limits.max_file_bytes = HP_FORMAT_MAX_FILE_BYTES;
  limits.max_tree_bytes = 200;
  _hp_format_limits_set_for_testing (&limits);
  g_assert_cmpuint (workflow_length, >, 200);
  loaded = hp_profile_load_data (workflow, workflow_length, "wf.json", &error);
  g_assert_null (loaded);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "; Hotpath opens ComfyUI editor workflow files up to 200 bytes"));
  g_clear_error (&error);
  /* … while our own format, streamed, still loads. */
  loaded = hp_profile_load_data (text, strlen (text), "mem.hotpath", &error);
  g_assert_no_error (error);

  _hp_format_limits_set_for_testing (NULL);
  remove_dir (dir);
}

/* ------------------------------------------------------------------ */
/* Node counts                                                         */
/* ------------------------------------------------------------------ */

static void
test_nodes_limit (void)
{
  /* 4 nodes × 3 runs = 12 node runs */
  g_autoptr(HpProfile) profile = make_profile (4, 3);
  g_autofree char *text = write_profile_text (profile);
  HpFormatLimits limits = *_hp_format_limits ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) loaded = NULL;

  limits.max_node_runs = 12;
  _hp_format_limits_set_for_testing (&limits);
  loaded = hp_native_read (text, strlen (text), "x.hotpath", &error);
  g_assert_no_error (error);
  g_clear_object (&loaded);

  limits.max_node_runs = 11;
  _hp_format_limits_set_for_testing (&limits);
  loaded = hp_native_read (text, strlen (text), "x.hotpath", &error);
  g_assert_null (loaded);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  /* The 12th node run is the last one of run r2: $.runs[2].nodes[3] */
  g_assert_nonnull (strstr (error->message, "$.runs[2].nodes[3]"));
  g_assert_nonnull (strstr (error->message,
                            "more than 11 node runs; Hotpath opens profiles with up to 11 node runs"));
  g_clear_error (&error);

  limits.max_node_runs = HP_FORMAT_MAX_NODE_RUNS;
  limits.max_graph_nodes = 3;
  _hp_format_limits_set_for_testing (&limits);
  loaded = hp_native_read (text, strlen (text), "x.hotpath", &error);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
  /* the 4th node, $.workflow.nodes[3] */
  g_assert_nonnull (strstr (error->message, "$.workflow.nodes[3]"));
  g_assert_nonnull (strstr (error->message, "more than 3 workflow nodes"));

  _hp_format_limits_set_for_testing (NULL);
}

/* 200,000 node runs (the limit is 5,000,000) load in well under a second. */
static void
test_nodes_many (void)
{
  g_autoptr(HpProfile) profile = make_profile (200, 1000);
  g_autofree char *text = write_profile_text (profile);
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) loaded = NULL;

  loaded = hp_native_read (text, strlen (text), "many.hotpath", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hp_profile_get_n_runs (loaded), ==, 1000);
  g_assert_cmpuint (hp_workflow_graph_get_n_nodes (hp_profile_get_graph (loaded)), ==, 200);
}

/* ------------------------------------------------------------------ */
/* Nesting                                                             */
/* ------------------------------------------------------------------ */

typedef HpProfile *(*ReadFunc) (const char *, gsize, const char *, GError **);

/* @prefix, then 100,000 '[', then as many ']', then @suffix */
static char *
deep (const char *prefix,
      const char *suffix)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, ']');
  g_string_append (s, suffix);
  return g_string_free (s, FALSE);
}

static void
test_nesting (void)
{
  static const struct {
    const char *name;
    ReadFunc    read;
    const char *prefix;
    const char *suffix;
    gboolean    tree;     /* json-glib: HP_FORMAT_ERROR_TOO_LARGE at 513 levels */
  } readers[] = {
    { "native", hp_native_read, "{\"format\":\"hotpath\",\"version\":1,\"x\":", "}", FALSE },
    { "chrome-trace", hp_chrome_trace_read, "{\"traceEvents\":[{\"name\":\"n\",\"ph\":\"X\",\"args\":", "}]}", FALSE },
    { "comfyui-node", hp_comfyui_node_read, "{\"prompt_id\":\"p\",\"x\":", "}", TRUE },
    { "comfyui-workflow", hp_comfyui_workflow_read, "{\"nodes\":", "}", TRUE },
    { "comfyui-history", hp_comfyui_history_read, "{\"p\":{\"x\":", "}}", TRUE },
    { "dify", hp_dify_read, "{\"data\":", "}", FALSE },
    { "nodetool", hp_nodetool_read, "{\"x\":", "}", TRUE },
    { "nodetool-workflow", hp_nodetool_workflow_read, "{\"graph\":", "}", TRUE },
    { "nodetool-log", hp_nodetool_log_read, "{\"type\":\"job_update\",\"x\":", "}\n", FALSE },
    { "comfyui-events", hp_event_log_read, "{\"type\":\"status\",\"data\":", "}\n", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      g_autofree char *text = deep (readers[i].prefix, readers[i].suffix);
      g_autoptr(GError) error = NULL;
      g_autoptr(HpProfile) profile = NULL;

      g_test_message ("%s", readers[i].name);
      /* Before the fix, json-glib overflowed the stack here (SIGSEGV). */
      profile = readers[i].read (text, strlen (text), "deep.json", &error);
      g_assert_null (profile);
      g_assert_nonnull (error);
      g_test_message ("  %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "deep.json"));
      g_assert_nonnull (strstr (error->message, "nested"));
      if (readers[i].tree)
        {
          g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TOO_LARGE);
          g_assert_nonnull (strstr (error->message,
                                    "values are nested too deeply (more than 512 levels)"));
        }
    }

  /* And through the format detection of hp_profile_load_data. */
  {
    g_autofree char *text = deep ("", "");
    g_autoptr(GError) error = NULL;
    g_autoptr(HpProfile) profile = hp_profile_load_data (text, strlen (text), "deep.json", &error);

    g_assert_null (profile);
    g_assert_nonnull (error);
  }
}

/* 512 levels are accepted by the json-glib path, 513 are not: the check
 * counts objects and arrays alike and skips brackets inside strings. */
static void
test_nesting_edge (void)
{
  GString *ok = g_string_new ("{\"nodes\":[],\"x\":\"[[[[{{{{\",\"y\":");
  gsize offset = 0;

  /* the outer object is level 1; 511 arrays more make 512 */
  for (guint i = 0; i < 511; i++)
    g_string_append_c (ok, '[');
  for (guint i = 0; i < 511; i++)
    g_string_append_c (ok, ']');
  g_string_append_c (ok, '}');
  g_assert_false (_hp_json_find_deep_nesting (ok->str, ok->len, 512, &offset));
  /* one level more: the 513th bracket, at 31 + 512 − 1 = offset 542 of
   * {"nodes":[],"x":"[[[[{{{{","y": (31 bytes) + 512 '[' … */
  g_string_insert_c (ok, 31, '[');
  g_string_insert_c (ok, ok->len - 1, ']');
  g_assert_true (_hp_json_find_deep_nesting (ok->str, ok->len, 512, &offset));
  g_assert_cmpuint (offset, ==, 31 + 511);
  g_string_free (ok, TRUE);
}

/* ------------------------------------------------------------------ */
/* Invalid UTF-8                                                       */
/* ------------------------------------------------------------------ */

static void
test_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HpProfile) profile = NULL;
  /* line 1 col 38 is the bad byte 0xFF inside the title string:
   * {"format":"hotpath","version":1,"x":" is 37 characters */
  static const char in_value[] = "{\"format\":\"hotpath\",\"version\":1,\"x\":\"\xff\"}";
  static const char in_key[] = "{\"format\":\"hotpath\",\"version\":1,\"\xc3\x28\":1}";
  static const char outside[] = "{\"format\":\"hotpath\",\"version\":1}\xfe";
  static const char workflow[] = "{\"nodes\":[{\"id\":1,\"type\":\"\xff\"}],\"links\":[]}";

  profile = hp_native_read (in_value, strlen (in_value), "u.hotpath", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "u.hotpath:1:38:"));
  g_assert_nonnull (strstr (error->message, "invalid UTF-8"));
  g_clear_error (&error);

  profile = hp_native_read (in_key, strlen (in_key), "u.hotpath", &error);
  g_assert_null (profile);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "u.hotpath:1:"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  profile = hp_native_read (outside, strlen (outside), "u.hotpath", &error);
  g_assert_null (profile);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "u.hotpath:1:"));
  g_clear_error (&error);

  /* json-glib readers: refused with a position, not a crash. */
  profile = hp_comfyui_workflow_read (workflow, strlen (workflow), "w.json", &error);
  g_assert_null (profile);
  g_assert_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "w.json:1:"));
}

/* ------------------------------------------------------------------ */
/* Saving                                                              */
/* ------------------------------------------------------------------ */

static void
assert_file_is (const char *path,
                const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
}

static void
test_save_read_only_file (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "ro.hotpath", NULL);
  g_autoptr(HpProfile) profile = make_profile (2, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  /* Refused even for root, who could rename over it. */
  g_assert_false (hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "cannot save: the file is read-only; it is unchanged"));
  assert_file_is (path, "old");
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_dir (dir);
}

static void
test_save_read_only_dir (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "p.hotpath", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(HpProfile) profile = make_profile (2, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  /* Root writes in a 0555 folder: simulate the refusal with the hook;
   * others also get the real thing below. */
  _hp_profile_io_set_save_fault (EACCES, -1);
  g_assert_false (hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, &error));
  _hp_profile_io_set_save_fault (0, 0);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  expected = g_strdup_printf ("%s: cannot save: the folder %s cannot be written to "
                              "(Permission denied); the file on disk is unchanged", path, dir);
  g_assert_cmpstr (error->message, ==, expected);
  assert_file_is (path, "old");
  g_clear_error (&error);

  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      g_assert_false (hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
      g_assert_cmpstr (error->message, ==, expected);
      assert_file_is (path, "old");
      g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
    }
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_dir (dir);
}

static void
test_save_disk_full (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "p.hotpath", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(HpProfile) profile = make_profile (5, 5);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  /* The disk fills after 100 bytes of the new file. */
  _hp_profile_io_set_save_fault (ENOSPC, 100);
  g_assert_false (hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, &error));
  _hp_profile_io_set_save_fault (0, 0);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  expected = g_strdup_printf ("%s: cannot save: the disk is full (No space left on device); "
                              "the file on disk is unchanged", path);
  g_assert_cmpstr (error->message, ==, expected);
  assert_file_is (path, "old");
  /* the partial temporary file is gone */
  g_assert_cmpuint (count_files (dir), ==, 1);
  g_clear_error (&error);

  /* A new file: nothing is left behind at all. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  _hp_profile_io_set_save_fault (ENOSPC, 0);
  g_assert_false (hp_profile_save_file (profile, path, HP_FORMAT_CSV, &error));
  _hp_profile_io_set_save_fault (0, 0);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_null (strstr (error->message, "unchanged"));
  g_assert_cmpuint (count_files (dir), ==, 0);
  remove_dir (dir);
}

typedef struct {
  HpProfile  *profile;
  const char *path;
} SaveJob;

static gpointer
save_thread (gpointer data)
{
  SaveJob *job = data;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!hp_profile_save_file (job->profile, job->path, HP_FORMAT_HOTPATH, &error))
        g_error ("save: %s", error->message);
    }
  return NULL;
}

/* Two writers (two windows) save the same file at once: the last rename
 * wins; the file is always one whole version, never a mix. */
static void
test_save_concurrent (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "p.hotpath", NULL);
  g_autoptr(HpProfile) a = make_profile (30, 20);
  g_autoptr(HpProfile) b = make_profile (7, 3);
  g_autofree char *text_a = write_profile_text (a);
  g_autofree char *text_b = write_profile_text (b);
  g_autofree char *contents = NULL;
  SaveJob job_a = { a, path };
  SaveJob job_b = { b, path };
  GThread *ta, *tb;

  ta = g_thread_new ("save-a", save_thread, &job_a);
  tb = g_thread_new ("save-b", save_thread, &job_b);
  g_thread_join (ta);
  g_thread_join (tb);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_strcmp0 (contents, text_a) == 0 || g_strcmp0 (contents, text_b) == 0);
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_dir (dir);
}

/* ------------------------------------------------------------------ */
/* Security                                                            */
/* ------------------------------------------------------------------ */

/* Titles with URLs and paths are kept as text; cells a spreadsheet would
 * run (= + - @ tab CR at the start) get an apostrophe. */
static void
test_csv_formulas (void)
{
  g_autoptr(HpProfile) profile = hp_profile_new ();
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autoptr(HpRun) run = hp_run_new ("r");
  g_autoptr(GString) text = NULL;
  g_autoptr(HpNodeRun) a = hp_node_run_new ("a", HP_NODE_STATUS_COMPLETED);
  g_autoptr(HpNodeRun) b = hp_node_run_new ("b", HP_NODE_STATUS_COMPLETED);

  hp_workflow_graph_add_node (graph, "a", "\rcmd|' /C calc'!A0", "=HYPERLINK(\"http://x.test\")", NULL);
  hp_workflow_graph_add_node (graph, "b", "file:///etc/passwd", "-2+3", NULL);
  hp_run_set_started_us (run, T0);
  hp_run_set_status (run, HP_RUN_STATUS_SUCCEEDED);
  hp_run_add_node_run (run, a);
  hp_run_add_node_run (run, b);
  hp_profile_add_run (profile, run, NULL);

  text = hp_csv_write (profile);
  /* type "\rcmd|…": formula start and a CR → quoted, apostrophe inside;
   * title =HYPERLINK("http://x.test") → quoted (quotes doubled), apostrophe;
   * a URL that is not a formula stays as it is; "-2+3" → '-2+3 */
  g_assert_cmpstr (strchr (text->str, '\n') + 1, ==,
                   "r,succeeded,2023-11-14T22:13:20.000Z,a,\"'\rcmd|' /C calc'!A0\","
                   "\"'=HYPERLINK(\"\"http://x.test\"\")\",completed,,,,,,,,,,\n"
                   "r,succeeded,2023-11-14T22:13:20.000Z,b,file:///etc/passwd,'-2+3,completed,,,,,,,,,,\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file-faults/size/sparse-2gb", test_size_sparse_2gb);
  g_test_add_func ("/file-faults/size/limit-hook", test_size_hook);
  g_test_add_func ("/file-faults/nodes/limit-hook", test_nodes_limit);
  g_test_add_func ("/file-faults/nodes/many", test_nodes_many);
  g_test_add_func ("/file-faults/nesting/100000-levels", test_nesting);
  g_test_add_func ("/file-faults/nesting/edge", test_nesting_edge);
  g_test_add_func ("/file-faults/utf8", test_utf8);
  g_test_add_func ("/file-faults/save/read-only-file", test_save_read_only_file);
  g_test_add_func ("/file-faults/save/read-only-dir", test_save_read_only_dir);
  g_test_add_func ("/file-faults/save/disk-full", test_save_disk_full);
  g_test_add_func ("/file-faults/save/concurrent", test_save_concurrent);
  g_test_add_func ("/file-faults/security/csv-formulas", test_csv_formulas);

  return g_test_run ();
}
