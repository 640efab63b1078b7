/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-load: how long a large profile takes to load, and how much memory.
 *
 *   bench-load FILE              hp_native_read, then statistics alone
 *   bench-load --json-glib FILE  json-glib's tree parser, for comparison
 *   bench-load --yajl FILE       yajl's streaming parser, tokens only
 *   bench-load --scan FILE       our scanner alone, skipping every value
 *   bench-load --write FILE      as the first, then time hp_native_write
 *
 * Each mode is its own process so peak memory (VmHWM) is measured apart. */

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_YAJL
#include <yajl/yajl_parse.h>
#endif

#include "hp-json-scanner.h"
#include "hp-native-reader.h"
#include "hp-native-writer.h"
#include "hp-profile.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* Peak resident set size in MB, from /proc/self/status. */
static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
bench_native (const char *path,
              gboolean    write)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *name = g_path_get_basename (path);
  double stats[5];
  double changed[5];
  double t0, t1;
  guint n_runs;
  guint n_node_runs = 0;

  t0 = now ();
  file = g_mapped_file_new (path, FALSE, &error);
  if (file == NULL)
    {
      g_printerr ("bench-load: %s\n", error->message);
      return 1;
    }
  profile = hp_native_read (g_mapped_file_get_contents (file), g_mapped_file_get_length (file),
                            name, &error);
  t1 = now ();
  if (profile == NULL)
    {
      g_printerr ("bench-load: %s\n", error->message);
      return 1;
    }

  n_runs = hp_profile_get_n_runs (profile);
  runs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_runs; i++)
    {
      HpRun *run = hp_profile_get_run (profile, i);

      n_node_runs += hp_run_get_node_runs (run)->len;
      g_ptr_array_add (runs, g_object_ref (run));
    }

  g_print ("file:            %s (%.1f MB)\n", path, g_mapped_file_get_length (file) / 1e6);
  g_print ("profile:         %u nodes, %u runs, %u node runs\n",
           hp_workflow_graph_get_n_nodes (hp_profile_get_graph (profile)), n_runs, n_node_runs);
  g_print ("load:            %.3f s (map + parse + build model + statistics)\n", t1 - t0);

  /* Statistics alone: a full recomputation over every node run, done
   * five times; the median is reported. */
  for (guint k = 0; k < G_N_ELEMENTS (stats); k++)
    {
      g_autoptr(HpProfile) copy = hp_profile_new ();

      hp_workflow_graph_merge (hp_profile_get_graph (copy), hp_profile_get_graph (profile));
      t0 = now ();
      hp_profile_add_runs (copy, (HpRun **) runs->pdata, runs->len, NULL);
      stats[k] = now () - t0;

      t0 = now ();
      hp_profile_run_changed (profile, hp_profile_get_latest_run (profile));
      changed[k] = now () - t0;
    }
  qsort (stats, G_N_ELEMENTS (stats), sizeof (double), compare_doubles);
  qsort (changed, G_N_ELEMENTS (changed), sizeof (double), compare_doubles);
  g_print ("statistics:      %.1f ms (hp_profile_add_runs of all runs into a new profile; median of 5, min %.1f ms)\n",
           stats[2] * 1e3, stats[0] * 1e3);
  g_print ("run changed:     %.1f ms (hp_profile_run_changed on the latest run; median of 5)\n",
           changed[2] * 1e3);
  g_print ("peak RSS:        %.0f MB\n", peak_rss_mb ());

  if (write)
    {
      g_autoptr(GString) json = NULL;

      t0 = now ();
      json = hp_native_write (profile);
      t1 = now ();
      g_print ("write:           %.3f s (%.1f MB, %s)\n", t1 - t0, json->len / 1e6,
               json->len == g_mapped_file_get_length (file) &&
               memcmp (json->str, g_mapped_file_get_contents (file), json->len) == 0
               ? "identical bytes" : "bytes differ");
    }
  return 0;
}

static int
bench_json_glib (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  double t0 = now ();

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_printerr ("bench-load: %s\n", error->message);
      return 1;
    }
  g_print ("json-glib load:  %.3f s (JsonParser tree only, no model)\n", now () - t0);
  g_print ("peak RSS:        %.0f MB\n", peak_rss_mb ());
  return 0;
}

static int
bench_scan (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(HpJsonScanner) scanner = NULL;
  double t0 = now ();

  file = g_mapped_file_new (path, FALSE, &error);
  if (file == NULL)
    {
      g_printerr ("bench-load: %s\n", error->message);
      return 1;
    }
  scanner = hp_json_scanner_new (g_mapped_file_get_contents (file), g_mapped_file_get_length (file), path);
  if (!hp_json_scanner_start (scanner) || !hp_json_scanner_skip_value (scanner) ||
      !hp_json_scanner_finish (scanner))
    {
      error = hp_json_scanner_take_error (scanner);
      g_printerr ("bench-load: %s\n", error->message);
      return 1;
    }
  g_print ("scanner only:    %.3f s (hp_json_scanner_skip_value over the document, no model)\n", now () - t0);
  g_print ("peak RSS:        %.0f MB\n", peak_rss_mb ());
  return 0;
}

#ifdef HAVE_YAJL
static int
count_value (void *ctx)
{
  (*(guint64 *) ctx)++;
  return 1;
}

static int
count_string (void                *ctx,
              const unsigned char *s,
              size_t               len)
{
  (*(guint64 *) ctx)++;
  return 1;
}

static int
count_number (void       *ctx,
              const char *s,
              size_t      len)
{
  (*(guint64 *) ctx)++;
  return 1;
}

static int
bench_yajl (const char *path)
{
  static const yajl_callbacks callbacks = {
    .yajl_null = count_value,
    .yajl_number = count_number,
    .yajl_string = count_string,
    .yajl_start_map = count_value,
    .yajl_map_key = count_string,
    .yajl_end_map = count_value,
    .yajl_start_array = count_value,
    .yajl_end_array = count_value,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  guint64 tokens = 0;
  yajl_handle handle;
  yajl_status status;
  double t0 = now ();

  file = g_mapped_file_new (path, FALSE, &error);
  if (file == NULL)
    {
      g_printerr ("bench-load: %s\n", error->message);
      return 1;
    }
  handle = yajl_alloc (&callbacks, NULL, &tokens);
  status = yajl_parse (handle, (const unsigned char *) g_mapped_file_get_contents (file),
                       g_mapped_file_get_length (file));
  if (status == yajl_status_ok)
    status = yajl_complete_parse (handle);
  yajl_free (handle);
  if (status != yajl_status_ok)
    {
      g_printerr ("bench-load: yajl could not parse %s\n", path);
      return 1;
    }
  g_print ("yajl tokenize:   %.3f s (%" G_GUINT64_FORMAT " tokens, callbacks only, no model)\n",
           now () - t0, tokens);
  g_print ("peak RSS:        %.0f MB\n", peak_rss_mb ());
  return 0;
}
#endif

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--json-glib") == 0)
    return bench_json_glib (argv[2]);
#ifdef HAVE_YAJL
  if (argc == 3 && strcmp (argv[1], "--yajl") == 0)
    return bench_yajl (argv[2]);
#endif
  if (argc == 3 && strcmp (argv[1], "--scan") == 0)
    return bench_scan (argv[2]);
  if (argc == 3 && strcmp (argv[1], "--write") == 0)
    return bench_native (argv[2], TRUE);
  if (argc == 2 && argv[1][0] != '-')
    return bench_native (argv[1], FALSE);

  g_printerr ("usage: bench-load [--json-glib | --yajl | --scan | --write] FILE\n");
  return 2;
}
