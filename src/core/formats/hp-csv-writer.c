/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-csv-writer.h"

#include <math.h>
#include <string.h>

#include "hp-format-util.h"

/* RFC 4180 CSV with LF line ends (every spreadsheet and pandas read
 * them). Cells holding a comma, a quote or a line break are quoted with
 * quotes doubled; free-text cells that a spreadsheet could take for a
 * formula (= + - @ tab CR first) get a leading apostrophe. Numbers use
 * "." whatever the locale; an unknown value is an empty cell. */

static const char header[] =
  "run_id,run_status,run_started_at,node_id,node_type,node_title,status,"
  "start_offset_ms,duration_ms,progress_steps,tokens,cost,currency,"
  "peak_memory_bytes,output_bytes,retries,error\n";

static void
append_cell (GString    *out,
             const char *text)
{
  gboolean formula;

  if (text == NULL || *text == '\0')
    return;

  formula = strchr ("=+-@\t\r", *text) != NULL;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      if (formula)
        g_string_append_c (out, '\'');
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_text (GString    *out,
             const char *text)
{
  g_string_append_c (out, ',');
  append_cell (out, text);
}

/* µs as milliseconds, exact: 1500 → "1.5", 2000 → "2", -250 → "-0.25". */
static void
append_ms (GString *out,
           gint64   us)
{
  guint64 magnitude;
  char fraction[4];
  int digits = 3;

  g_string_append_c (out, ',');
  if (us == HP_TIME_UNKNOWN)
    return;

  magnitude = us < 0 ? (guint64) -(us + 1) + 1 : (guint64) us;
  if (us < 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, magnitude / 1000);
  if (magnitude % 1000 == 0)
    return;

  g_snprintf (fraction, sizeof fraction, "%03u", (guint) (magnitude % 1000));
  while (fraction[digits - 1] == '0')
    digits--;
  g_string_append_printf (out, ".%.*s", digits, fraction);
}

static void
append_count (GString *out,
              gint64   value)
{
  g_string_append_c (out, ',');
  if (value >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

/* ISO 8601 UTC with milliseconds: 2024-05-01T11:00:00.008Z */
static void
append_timestamp (GString *out,
                  gint64   us)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;
  gint64 seconds;
  gint64 rest;

  g_string_append_c (out, ',');
  if (us == HP_TIME_UNKNOWN)
    return;

  seconds = us / G_USEC_PER_SEC;
  rest = us % G_USEC_PER_SEC;
  if (rest < 0)
    {
      seconds--;
      rest += G_USEC_PER_SEC;
    }
  time = g_date_time_new_from_unix_utc (seconds);
  if (time == NULL)
    return;
  text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  g_string_append_printf (out, "%s.%03dZ", text, (int) (rest / 1000));
}

static void
append_row (GString         *out,
            HpWorkflowGraph *graph,
            HpRun           *run,
            const char      *run_cells,
            HpNodeRun       *node_run)
{
  const char *node_id = hp_node_run_get_node_id (node_run);
  HpGraphNode *node = hp_workflow_graph_lookup_node (graph, node_id);
  gint64 run_start = hp_run_get_started_us (run);
  gint64 start = hp_node_run_get_start_us (node_run);
  double cost = hp_node_run_get_cost (node_run);
  int retries = hp_node_run_get_retries (node_run);
  guint n_progress;

  g_string_append (out, run_cells);
  append_text (out, node_id);
  append_text (out, node != NULL ? node->type : NULL);
  append_text (out, node != NULL ? node->title : NULL);
  g_string_append_printf (out, ",%s", hp_node_status_to_string (hp_node_run_get_status (node_run)));
  append_ms (out, start != HP_TIME_UNKNOWN && run_start != HP_TIME_UNKNOWN ?
                  start - run_start : HP_TIME_UNKNOWN);
  append_ms (out, hp_node_run_get_duration_us (node_run));
  hp_node_run_get_progress (node_run, &n_progress);
  append_count (out, n_progress > 0 ? (gint64) n_progress : -1);
  append_count (out, hp_node_run_get_tokens (node_run));
  g_string_append_c (out, ',');
  if (isfinite (cost))
    _hp_append_double (out, cost);
  append_text (out, isfinite (cost) ? hp_node_run_get_currency (node_run) : NULL);
  append_count (out, hp_node_run_get_peak_memory (node_run));
  append_count (out, hp_node_run_get_output_size (node_run));
  append_count (out, retries > 0 ? retries : -1);
  append_text (out, hp_node_run_get_error (node_run));
  g_string_append_c (out, '\n');
}

/**
 * hp_csv_write:
 * @profile: the profile to export
 *
 * Writes one row per node run, runs in profile order (by start time),
 * node runs in run order, after a header row naming the columns:
 * run_id, run_status, run_started_at (ISO 8601 UTC, ms), node_id,
 * node_type, node_title, status, start_offset_ms (from the run's start),
 * duration_ms, progress_steps, tokens, cost, currency, peak_memory_bytes,
 * output_bytes, retries (empty when none), error. Lines end with LF.
 *
 * Returns: (transfer full): the CSV text
 */
GString *
hp_csv_write (HpProfile *profile)
{
  HpWorkflowGraph *graph;
  GString *out;
  guint n_runs;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);

  graph = hp_profile_get_graph (profile);
  out = g_string_new (header);
  n_runs = hp_profile_get_n_runs (profile);
  for (guint r = 0; r < n_runs; r++)
    {
      HpRun *run = hp_profile_get_run (profile, r);
      GPtrArray *node_runs = hp_run_get_node_runs (run);
      g_autoptr(GString) run_cells = g_string_new (NULL);

      /* The run's cells are the same on each of its rows. */
      append_cell (run_cells, hp_run_get_id (run));
      g_string_append_printf (run_cells, ",%s", hp_run_status_to_string (hp_run_get_status (run)));
      append_timestamp (run_cells, hp_run_get_started_us (run));

      for (guint i = 0; i < node_runs->len; i++)
        append_row (out, graph, run, run_cells->str, g_ptr_array_index (node_runs, i));
    }
  return out;
}
