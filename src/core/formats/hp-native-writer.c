/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-native-writer.h"

#include <math.h>
#include <string.h>

#include "hp-format-util.h"
#include "hp-native-groups.h"

/* The document is built by hand in a GString: a profile of half a million
 * node runs is written in well under a second. Numbers never go through
 * the C locale's printf, so a decimal comma cannot leak in. */

static void
append_string (GString    *out,
               const char *str)
{
  static const char hex[] = "0123456789abcdef";
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  /* Strings in the model should be UTF-8 already; never write a file we
   * could not read back. */
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');
  for (run = p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      char escape;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  escape = '"'; break;
        case '\\': escape = '\\'; break;
        case '\b': escape = 'b'; break;
        case '\f': escape = 'f'; break;
        case '\n': escape = 'n'; break;
        case '\r': escape = 'r'; break;
        case '\t': escape = 't'; break;
        default:   escape = 0; break;
        }
      if (escape != 0)
        {
          char pair[2] = { '\\', escape };
          g_string_append_len (out, pair, 2);
        }
      else
        {
          char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF] };
          g_string_append_len (out, u, 6);
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_nullable_string (GString    *out,
                        const char *str)
{
  if (str == NULL)
    g_string_append_len (out, "null", 4);
  else
    append_string (out, str);
}

static void
append_int (GString *out,
            gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = '0' + v % 10;
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

/* Microseconds as milliseconds, exactly: at most three decimals, no
 * trailing zeros ("1520", "1520.5", "0.001"). */
static void
append_ms (GString *out,
           gint64   us)
{
  guint64 magnitude = us < 0 ? -(guint64) us : (guint64) us;
  guint fraction = magnitude % 1000;

  if (us < 0)
    g_string_append_c (out, '-');
  append_int (out, (gint64) (magnitude / 1000));
  if (fraction != 0)
    {
      char digits[4] = { '.', '0' + fraction / 100, '0' + fraction / 10 % 10, '0' + fraction % 10 };
      guint n = 4;

      while (digits[n - 1] == '0')
        n--;
      g_string_append_len (out, digits, n);
    }
}

static void
append_ms_or_null (GString *out,
                   gint64   us)
{
  if (us == HP_TIME_UNKNOWN)
    g_string_append_len (out, "null", 4);
  else
    append_ms (out, us);
}

/* The shortest decimal that reads back as the same double; null for NaN
 * and infinities, which JSON cannot hold. */
static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  if (value == floor (value) && fabs (value) < 1e15)
    {
      append_int (out, (gint64) value);
      return;
    }
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (precision == 17 || g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

#define APPEND_LITERAL(out, literal) g_string_append_len ((out), (literal), sizeof (literal) - 1)

static void
write_workflow (GString         *out,
                HpWorkflowGraph *graph)
{
  guint n_nodes = hp_workflow_graph_get_n_nodes (graph);
  guint n_edges = hp_workflow_graph_get_n_edges (graph);

  APPEND_LITERAL (out, "  \"workflow\": {\n    \"id\": ");
  append_nullable_string (out, hp_workflow_graph_get_id (graph));
  APPEND_LITERAL (out, ",\n    \"name\": ");
  append_nullable_string (out, hp_workflow_graph_get_name (graph));

  APPEND_LITERAL (out, ",\n    \"nodes\": [");
  for (guint i = 0; i < n_nodes; i++)
    {
      const HpGraphNode *node = hp_workflow_graph_get_node (graph, i);

      g_string_append (out, i == 0 ? "\n      {\"id\":" : ",\n      {\"id\":");
      append_string (out, node->id);
      if (node->type != NULL)
        {
          APPEND_LITERAL (out, ",\"type\":");
          append_string (out, node->type);
        }
      if (node->title != NULL)
        {
          APPEND_LITERAL (out, ",\"title\":");
          append_string (out, node->title);
        }
      if (node->has_position)
        {
          APPEND_LITERAL (out, ",\"pos\":[");
          append_double (out, node->x);
          g_string_append_c (out, ',');
          append_double (out, node->y);
          g_string_append_c (out, ']');
          if (node->width != 0 || node->height != 0)
            {
              APPEND_LITERAL (out, ",\"size\":[");
              append_double (out, node->width);
              g_string_append_c (out, ',');
              append_double (out, node->height);
              g_string_append_c (out, ']');
            }
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, n_nodes > 0 ? "\n    ],\n" : "],\n");

  APPEND_LITERAL (out, "    \"edges\": [");
  for (guint i = 0; i < n_edges; i++)
    {
      const HpGraphEdge *edge = hp_workflow_graph_get_edge (graph, i);

      g_string_append (out, i == 0 ? "\n      {\"from\":" : ",\n      {\"from\":");
      append_string (out, edge->from_node);
      APPEND_LITERAL (out, ",\"from_slot\":");
      append_int (out, edge->from_slot);
      APPEND_LITERAL (out, ",\"to\":");
      append_string (out, edge->to_node);
      APPEND_LITERAL (out, ",\"to_slot\":");
      append_int (out, edge->to_slot);
      g_string_append_c (out, '}');
    }
  g_string_append (out, n_edges > 0 ? "\n    ]" : "]");
  _hp_native_write_groups (out, graph);
  g_string_append (out, "\n  },\n");
}

static inline gint64
offset_from (gint64 time_us,
             gint64 base_us)
{
  return time_us == HP_TIME_UNKNOWN ? HP_TIME_UNKNOWN : time_us - base_us;
}

static void
write_node_run (GString   *out,
                HpNodeRun *node_run,
                gint64     base_us)
{
  gint64 start = hp_node_run_get_start_us (node_run);
  gint64 end = hp_node_run_get_end_us (node_run);
  gint64 duration = hp_node_run_get_duration_us (node_run);
  gboolean start_known = start != HP_TIME_UNKNOWN;
  gboolean end_known = end != HP_TIME_UNKNOWN;
  gboolean duration_known = duration != HP_TIME_UNKNOWN;
  const HpProgressEvent *progress;
  guint n_progress;
  const char *error;
  const char *currency;
  double cost;
  HpMemorySamples memory;

  APPEND_LITERAL (out, "{\"id\":");
  append_string (out, hp_node_run_get_node_id (node_run));
  APPEND_LITERAL (out, ",\"status\":\"");
  g_string_append (out, hp_node_status_to_string (hp_node_run_get_status (node_run)));
  g_string_append_c (out, '"');

  /* Reading derives what is left out: end = start + duration, duration =
   * end − start. Write null where that derivation would be wrong. */
  if (start_known)
    {
      APPEND_LITERAL (out, ",\"start_ms\":");
      append_ms (out, start - base_us);
    }
  if (duration_known)
    {
      APPEND_LITERAL (out, ",\"duration_ms\":");
      append_ms (out, duration);
    }
  else if (start_known && end_known)
    {
      APPEND_LITERAL (out, ",\"duration_ms\":null");
    }
  if (end_known ? !(start_known && duration_known && end == start + duration)
                : (start_known && duration_known))
    {
      APPEND_LITERAL (out, ",\"end_ms\":");
      append_ms_or_null (out, offset_from (end, base_us));
    }

  progress = hp_node_run_get_progress (node_run, &n_progress);
  if (n_progress > 0)
    {
      APPEND_LITERAL (out, ",\"progress\":[");
      for (guint i = 0; i < n_progress; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '[');
          append_ms_or_null (out, offset_from (progress[i].time_us, base_us));
          g_string_append_c (out, ',');
          append_double (out, progress[i].value);
          g_string_append_c (out, ',');
          append_double (out, progress[i].max);
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, ']');
    }

  error = hp_node_run_get_error (node_run);
  if (error != NULL)
    {
      APPEND_LITERAL (out, ",\"error\":");
      append_string (out, error);
    }
  if (hp_node_run_get_tokens (node_run) >= 0)
    {
      APPEND_LITERAL (out, ",\"tokens\":");
      append_int (out, hp_node_run_get_tokens (node_run));
    }
  cost = hp_node_run_get_cost (node_run);
  if (isfinite (cost))
    {
      APPEND_LITERAL (out, ",\"cost\":");
      append_double (out, cost);
    }
  currency = hp_node_run_get_currency (node_run);
  if (currency != NULL)
    {
      APPEND_LITERAL (out, ",\"currency\":");
      append_string (out, currency);
    }
  if (hp_node_run_get_peak_memory (node_run) >= 0)
    {
      APPEND_LITERAL (out, ",\"peak_memory_bytes\":");
      append_int (out, hp_node_run_get_peak_memory (node_run));
    }
  if (hp_node_run_get_output_size (node_run) >= 0)
    {
      APPEND_LITERAL (out, ",\"output_bytes\":");
      append_int (out, hp_node_run_get_output_size (node_run));
    }
  if (hp_node_run_get_retries (node_run) > 0)
    {
      APPEND_LITERAL (out, ",\"retries\":");
      append_int (out, hp_node_run_get_retries (node_run));
    }
  if (hp_node_run_get_memory_samples (node_run, &memory))
    {
      APPEND_LITERAL (out, ",\"memory\":{\"samples\":");
      append_int (out, memory.n_samples);
      if (memory.vram_peak >= 0)
        {
          APPEND_LITERAL (out, ",\"vram_peak_bytes\":");
          append_int (out, memory.vram_peak);
          APPEND_LITERAL (out, ",\"vram_change_bytes\":");
          append_int (out, memory.vram_change);
        }
      if (memory.ram_peak >= 0)
        {
          APPEND_LITERAL (out, ",\"ram_peak_bytes\":");
          append_int (out, memory.ram_peak);
          APPEND_LITERAL (out, ",\"ram_change_bytes\":");
          append_int (out, memory.ram_change);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
}

static void
write_run (GString *out,
           HpRun   *run)
{
  GPtrArray *node_runs = hp_run_get_node_runs (run);
  gint64 started = hp_run_get_started_us (run);
  /* Node times are offsets from the start, or from 1970 when unknown. */
  gint64 base_us = started == HP_TIME_UNKNOWN ? 0 : started;

  APPEND_LITERAL (out, "    {\"id\":");
  append_string (out, hp_run_get_id (run));
  APPEND_LITERAL (out, ",\"status\":\"");
  g_string_append (out, hp_run_status_to_string (hp_run_get_status (run)));
  APPEND_LITERAL (out, "\",\"queued_at\":");
  append_ms_or_null (out, hp_run_get_queued_us (run));
  APPEND_LITERAL (out, ",\"started_at\":");
  append_ms_or_null (out, started);
  APPEND_LITERAL (out, ",\"finished_at\":");
  append_ms_or_null (out, hp_run_get_finished_us (run));
  if (hp_run_get_note (run) != NULL)
    {
      APPEND_LITERAL (out, ",\"note\":");
      append_string (out, hp_run_get_note (run));
    }
  APPEND_LITERAL (out, ",\"nodes\":[");
  for (guint i = 0; i < node_runs->len; i++)
    {
      g_string_append (out, i == 0 ? "\n      " : ",\n      ");
      write_node_run (out, g_ptr_array_index (node_runs, i), base_us);
    }
  g_string_append (out, node_runs->len > 0 ? "\n    ]}" : "]}");
}

/**
 * hp_native_write:
 * @profile: the profile to save
 *
 * Serialises @profile in Hotpath's own format, version 1 (docs/format.md):
 * graph, runs with all node runs and their extras, the baseline and the
 * dismissed insights.
 * Reading the result with hp_native_read() gives back the same profile.
 *
 * Returns: (transfer full): the JSON text
 */
GString *
hp_native_write (HpProfile *profile)
{
  GListModel *runs;
  HpRun *baseline;
  GString *out;
  guint n_runs;
  gsize estimate = 4096;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);

  runs = hp_profile_get_runs (profile);
  n_runs = g_list_model_get_n_items (runs);
  for (guint i = 0; i < n_runs; i++)
    estimate += 128 + 96 * hp_run_get_node_runs (hp_profile_get_run (profile, i))->len;
  out = g_string_sized_new (estimate);

  APPEND_LITERAL (out, "{\n  \"format\": \"hotpath\",\n  \"version\": ");
  append_int (out, HP_NATIVE_FORMAT_VERSION);
  APPEND_LITERAL (out, ",\n");
  write_workflow (out, hp_profile_get_graph (profile));

  baseline = hp_profile_get_baseline (profile);
  APPEND_LITERAL (out, "  \"baseline\": ");
  append_nullable_string (out, baseline != NULL ? hp_run_get_id (baseline) : NULL);

  /* Optional: files without dismissals look as they always did. */
  {
    const char * const *dismissed = hp_profile_get_dismissed_insights (profile);

    if (dismissed[0] != NULL)
      {
        APPEND_LITERAL (out, ",\n  \"dismissed_insights\": [");
        for (guint i = 0; dismissed[i] != NULL; i++)
          {
            if (i > 0)
              APPEND_LITERAL (out, ", ");
            append_string (out, dismissed[i]);
          }
        g_string_append_c (out, ']');
      }
  }

  APPEND_LITERAL (out, ",\n  \"runs\": [");
  for (guint i = 0; i < n_runs; i++)
    {
      g_string_append (out, i == 0 ? "\n" : ",\n");
      write_run (out, hp_profile_get_run (profile, i));
    }
  g_string_append (out, n_runs > 0 ? "\n  ]\n}\n" : "]\n}\n");
  return out;
}
