/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-diff-private.h"
#include "hp-cli-output.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "hp-time-format.h"

/* Where a node stands: the JSON's "change". */
typedef enum {
  CHANGE_SLOWER,
  CHANGE_FASTER,
  CHANGE_SAME,
  CHANGE_ONLY_IN_A,
  CHANGE_ONLY_IN_B,
  CHANGE_NOT_COMPARED,
} Change;

static const char * const change_names[] = {
  "slower", "faster", "same", "only_in_a", "only_in_b", "not_compared",
};

static Change
classify (const HpCliDiff   *diff,
          const HpNodeDelta *d)
{
  if (!d->in_reference)
    return CHANGE_ONLY_IN_B;
  if (!d->in_current)
    return CHANGE_ONLY_IN_A;
  if (!d->has_delta)
    return CHANGE_NOT_COMPARED;
  switch (hp_change_classify (d->delta_us, d->delta_pct, diff->threshold_pct, diff->noise_floor_us))
    {
    case HP_CHANGE_SLOWER: return CHANGE_SLOWER;
    case HP_CHANGE_FASTER: return CHANGE_FASTER;
    case HP_CHANGE_SAME:
    default: return CHANGE_SAME;
    }
}

static const char *
change_label (Change change)
{
  switch (change)
    {
    /* Translators: the diff's last column, how a node changed from A to B */
    case CHANGE_SLOWER: return C_("diff change", "slower");
    case CHANGE_FASTER: return C_("diff change", "faster");
    case CHANGE_SAME: return C_("diff change", "same");
    case CHANGE_ONLY_IN_A: return C_("diff change", "only in A");
    case CHANGE_ONLY_IN_B: return C_("diff change", "only in B");
    case CHANGE_NOT_COMPARED:
    default: return C_("diff change", "not compared");
    }
}
/* A node's graph entry, from B's workflow first, else A's. */
static const HpGraphNode *
graph_node (const HpCliDiff *diff,
            const char      *node_id)
{
  const HpGraphNode *node = hp_workflow_graph_lookup_node (hp_profile_get_graph (diff->b.profile), node_id);

  if (node == NULL)
    node = hp_workflow_graph_lookup_node (hp_profile_get_graph (diff->a.profile), node_id);
  return node;
}

/* ---- JSON --------------------------------------------------------------- */

static void
build_side_json (JsonBuilder         *builder,
                 const char          *name,
                 const HpCliDiffSide *side)
{
  HpWorkflowGraph *graph = hp_profile_get_graph (side->profile);
  g_autofree char *started = hp_format_timestamp_us (hp_run_get_started_us (side->run));

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  hp_cli_json_add_string (builder, "file", side->file);
  hp_cli_json_add_string (builder, "run_id", hp_run_get_id (side->run));
  hp_cli_json_add_string (builder, "status", hp_run_status_to_string (hp_run_get_status (side->run)));
  hp_cli_json_add_string (builder, "started_at", started);
  hp_cli_json_add_string (builder, "workflow_id", hp_workflow_graph_get_id (graph));
  hp_cli_json_add_string (builder, "workflow_name", hp_workflow_graph_get_name (graph));
  json_builder_end_object (builder);
}

/* The four figures of one run time; the execution time's at the top of
 * "totals", queue and total in objects of their own. */
static void
add_time_figures (JsonBuilder *builder,
                  HpCliDiff   *diff,
                  HpRunTime    which)
{
  double a, b, delta, pct;

  hp_comparison_get_run_time (diff->comparison, which, &b, &a, &delta, &pct);
  hp_cli_json_add_ms (builder, "a_ms", a);
  hp_cli_json_add_ms (builder, "b_ms", b);
  hp_cli_json_add_ms (builder, "delta_ms", delta);
  hp_cli_json_add_number (builder, "delta_pct", pct);
}

/* The diff as JSON for programs (the caller sets LC_NUMERIC to C). */
char *
hp_cli_diff_to_json (HpCliDiff *diff)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  HpNodeDelta execution = { NULL };

  json_builder_begin_object (builder);
  build_side_json (builder, "a", &diff->a);
  build_side_json (builder, "b", &diff->b);
  hp_cli_json_add_number (builder, "threshold_pct", diff->threshold_pct);
  hp_cli_json_add_ms (builder, "noise_floor_ms", diff->noise_floor_us);

  json_builder_set_member_name (builder, "totals");
  json_builder_begin_object (builder);
  add_time_figures (builder, diff, HP_RUN_TIME_EXECUTION);
  execution.in_current = execution.in_reference = TRUE;
  execution.has_delta = hp_comparison_get_total (diff->comparison, NULL, NULL,
                                                 &execution.delta_us, &execution.delta_pct);
  hp_cli_json_add_string (builder, "change", change_names[classify (diff, &execution)]);
  json_builder_set_member_name (builder, "queue");
  json_builder_begin_object (builder);
  add_time_figures (builder, diff, HP_RUN_TIME_QUEUE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_begin_object (builder);
  add_time_figures (builder, diff, HP_RUN_TIME_TOTAL);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < diff->order->len; i++)
    {
      const HpNodeDelta *d = g_ptr_array_index (diff->order, i);
      const HpGraphNode *node = graph_node (diff, d->node_id);

      json_builder_begin_object (builder);
      hp_cli_json_add_string (builder, "id", d->node_id);
      hp_cli_json_add_string (builder, "title", node != NULL ? node->title : NULL);
      hp_cli_json_add_string (builder, "type", node != NULL ? node->type : NULL);
      hp_cli_json_add_ms (builder, "a_ms", d->reference_us);
      hp_cli_json_add_ms (builder, "b_ms", d->current_us);
      hp_cli_json_add_ms (builder, "delta_ms", d->delta_us);
      hp_cli_json_add_number (builder, "delta_pct", d->delta_pct);
      hp_cli_json_add_string (builder, "a_status", d->in_reference ? hp_node_status_to_string (d->reference_status) : NULL);
      hp_cli_json_add_string (builder, "b_status", d->in_current ? hp_node_status_to_string (d->current_status) : NULL);
      hp_cli_json_add_string (builder, "change", change_names[classify (diff, d)]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* ---- text --------------------------------------------------------------- */

static char *
format_delta (double us)
{
  g_autofree char *magnitude = NULL;

  if (isnan (us))
    return g_strdup ("—");
  magnitude = hp_format_duration_us (fabs (us));
  if (us == 0.0)
    return g_steal_pointer (&magnitude);
  return g_strdup_printf ("%s%s", us < 0 ? "−" : "+", magnitude);
}

static char *
format_pct (double pct)
{
  if (isnan (pct) || isinf (pct))
    return g_strdup ("—");
  if (pct == 0.0)
    return g_strdup_printf ("%.1f %%", 0.0);
  return g_strdup_printf ("%s%.1f %%", pct < 0 ? "−" : "+", fabs (pct));
}

static const char *
node_status_label (HpNodeStatus status)
{
  switch (status)
    {
    /* Translators: a node's status where the diff has no time for it */
    case HP_NODE_STATUS_COMPLETED: return C_("node status", "completed");
    case HP_NODE_STATUS_CACHED: return C_("node status", "cached");
    case HP_NODE_STATUS_FAILED: return C_("node status", "failed");
    case HP_NODE_STATUS_SKIPPED: return C_("node status", "skipped");
    case HP_NODE_STATUS_RUNNING: return C_("node status", "running");
    case HP_NODE_STATUS_PENDING: return C_("node status", "pending");
    default: return hp_node_status_to_string (status);
    }
}

/* A side's cell: its time, else its status word, "—" when absent. */
static char *
format_side (double       us,
             gboolean     present,
             HpNodeStatus status)
{
  if (!isnan (us))
    return hp_format_duration_us (us);
  if (!present)
    return g_strdup ("—");
  return g_strdup (node_status_label (status));
}

static void
print_side (GString             *out,
            const char          *letter,
            const HpCliDiffSide *side)
{
  g_autofree char *started = hp_format_timestamp_us (hp_run_get_started_us (side->run));

  g_string_append_printf (out, "  %s  ", letter);
  /* Translators: "run r4 of history.hotpath: succeeded, started 2026-…Z" */
  g_string_append_printf (out, _("run %s of %s: %s, started %s"), hp_run_get_id (side->run), side->file,
                          hp_cli_run_status_label (hp_run_get_status (side->run)),
                          started != NULL ? started : _("at an unknown time"));
  g_string_append_c (out, '\n');
}

/* Column widths in characters, negative: left-aligned. */
enum {
  W_ID = -6,
  W_NAME = -26,
  W_TIME = 11,
  W_DELTA = 12,
  W_PCT = 10,
};

static void
append_row (GString    *out,
            const char *id,
            const char *name,
            const char *a,
            const char *b,
            const char *delta,
            const char *pct,
            const char *change)
{
  g_string_append (out, "  ");
  if (id != NULL)
    {
      hp_cli_append_cell (out, id, W_ID);
      g_string_append_c (out, ' ');
      hp_cli_append_cell (out, name, W_NAME);
    }
  else
    {
      hp_cli_append_cell (out, name, W_ID + W_NAME - 1);
    }
  hp_cli_append_cell (out, a, W_TIME);
  hp_cli_append_cell (out, b, W_TIME);
  hp_cli_append_cell (out, delta, W_DELTA);
  hp_cli_append_cell (out, pct, W_PCT);
  if (change != NULL)
    g_string_append_printf (out, "  %s", change);
  /* No trailing blanks. */
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

static void
print_time (GString    *out,
            HpCliDiff  *diff,
            HpRunTime   which,
            const char *label)
{
  double a, b, delta, pct;
  g_autofree char *at = NULL;
  g_autofree char *bt = NULL;
  g_autofree char *dt = NULL;
  g_autofree char *pt = NULL;

  hp_comparison_get_run_time (diff->comparison, which, &b, &a, &delta, &pct);
  at = hp_format_duration_us (a);
  bt = hp_format_duration_us (b);
  dt = format_delta (delta);
  pt = format_pct (pct);
  append_row (out, NULL, label, at, bt, dt, pt, NULL);
}

/* The diff as an aligned table for people, in their language. */
char *
hp_cli_diff_to_text (HpCliDiff *diff)
{
  GString *out = g_string_new (NULL);

  /* Translators: the diff's first line; "B − A" says what the deltas are */
  g_string_append_printf (out, "%s\n", _("Run diff, B − A"));
  print_side (out, "A", &diff->a);
  print_side (out, "B", &diff->b);

  g_string_append_c (out, '\n');
  /* Translators: column headings of the diff: run A's time, run B's, the
   * difference and the difference in percent; at most 11, 11, 12 and 10
   * characters */
  append_row (out, NULL, "", C_("diff column", "A"), C_("diff column", "B"),
              C_("diff column", "Δ"), C_("diff column", "Δ %"), NULL);
  print_time (out, diff, HP_RUN_TIME_EXECUTION, _("execution time"));
  print_time (out, diff, HP_RUN_TIME_QUEUE, _("queue time"));
  print_time (out, diff, HP_RUN_TIME_TOTAL, _("total time"));

  g_string_append_c (out, '\n');
  /* Translators: node table headings of the diff; id at most 6, node at
   * most 26 characters */
  append_row (out, C_("column", "id"), C_("diff column", "node"), C_("diff column", "A"),
              C_("diff column", "B"), C_("diff column", "Δ"), C_("diff column", "Δ %"),
              C_("diff column", "change"));
  if (diff->order->len == 0)
    g_string_append_printf (out, "  %s\n", _("none: neither run has node times"));

  for (guint i = 0; i < diff->order->len; i++)
    {
      const HpNodeDelta *d = g_ptr_array_index (diff->order, i);
      const HpGraphNode *node = graph_node (diff, d->node_id);
      g_autofree char *a = format_side (d->reference_us, d->in_reference, d->reference_status);
      g_autofree char *b = format_side (d->current_us, d->in_current, d->current_status);
      g_autofree char *delta = format_delta (d->delta_us);
      g_autofree char *pct = format_pct (d->delta_pct);
      const char *title = node != NULL && node->title != NULL ? node->title : d->node_id;

      append_row (out, d->node_id, title, a, b, delta, pct, change_label (classify (diff, d)));
    }
  return g_string_free (out, FALSE);
}
