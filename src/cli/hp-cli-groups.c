/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-groups.h"
#include "hp-cli-output.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-group-totals.h"
#include "hp-time-format.h"

struct _HpCliGroups
{
  HpProfile         *profile;
  HpRun             *latest;
  GPtrArray         *totals;     /* of HpGroupTotals */
  HpDurationSummary *summaries;  /* one per totals entry */
};

/**
 * hp_cli_groups_compute:
 *
 * Returns: (transfer full): the totals of every group and subgraph
 */
HpCliGroups *
hp_cli_groups_compute (HpProfile *profile,
                       HpRun     *latest)
{
  HpCliGroups *groups = g_new0 (HpCliGroups, 1);

  g_return_val_if_fail (HP_IS_PROFILE (profile), groups);

  groups->profile = g_object_ref (profile);
  groups->latest = latest != NULL ? g_object_ref (latest) : NULL;
  groups->totals = hp_group_totals_compute (profile, latest);
  groups->summaries = g_new0 (HpDurationSummary, MAX (groups->totals->len, 1));
  for (guint i = 0; i < groups->totals->len; i++)
    hp_group_totals_summarize (profile, hp_group_totals_get_group (g_ptr_array_index (groups->totals, i)),
                               &groups->summaries[i]);
  return groups;
}

void
hp_cli_groups_free (HpCliGroups *groups)
{
  if (groups == NULL)
    return;
  g_clear_object (&groups->profile);
  g_clear_object (&groups->latest);
  g_clear_pointer (&groups->totals, g_ptr_array_unref);
  g_free (groups->summaries);
  g_free (groups);
}

/**
 * hp_cli_groups_build_json:
 *
 * Adds "groups": [{id, title, kind, parent, nodes, node_count, executed,
 * cached, wall_ms, sum_ms, intervals, share, runs, mean_ms, p95_ms}] for
 * the latest run (docs/analysis.md, Groups and subgraphs).
 */
void
hp_cli_groups_build_json (HpCliGroups *groups,
                          JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->totals->len; i++)
    {
      HpGroupTotals *t = g_ptr_array_index (groups->totals, i);
      const HpDurationSummary *s = &groups->summaries[i];
      GPtrArray *nodes = hp_group_totals_get_nodes (t);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, hp_group_totals_get_id (t));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, hp_group_totals_get_title (t));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, hp_graph_group_kind_to_string (hp_group_totals_get_kind (t)));
      json_builder_set_member_name (builder, "parent");
      if (hp_group_totals_get_parent_id (t) != NULL)
        json_builder_add_string_value (builder, hp_group_totals_get_parent_id (t));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint k = 0; k < nodes->len; k++)
        json_builder_add_string_value (builder, g_ptr_array_index (nodes, k));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "node_count");
      json_builder_add_int_value (builder, hp_group_totals_get_n_nodes (t));
      json_builder_set_member_name (builder, "executed");
      json_builder_add_int_value (builder, hp_group_totals_get_n_executed (t));
      json_builder_set_member_name (builder, "cached");
      json_builder_add_int_value (builder, hp_group_totals_get_n_cached (t));
      hp_cli_json_add_number (builder, "wall_ms", groups->latest != NULL ? hp_group_totals_get_wall_us (t) / 1000.0 : NAN);
      hp_cli_json_add_number (builder, "sum_ms", groups->latest != NULL ? hp_group_totals_get_sum_us (t) / 1000.0 : NAN);
      /* false: some node had only a duration, and wall_ms is the sum */
      json_builder_set_member_name (builder, "intervals");
      json_builder_add_boolean_value (builder, hp_group_totals_has_intervals (t));
      hp_cli_json_add_number (builder, "share", hp_group_totals_get_share (t));
      json_builder_set_member_name (builder, "runs");
      json_builder_add_int_value (builder, s->count);
      hp_cli_json_add_number (builder, "mean_ms", s->mean / 1000.0);
      hp_cli_json_add_number (builder, "p95_ms", s->p95 / 1000.0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_entry (HpCliGroups   *groups,
             HpGroupTotals *t,
             guint          depth,
             GString       *out)
{
  GListModel *children = hp_group_totals_get_children (t);
  g_autofree char *wall = hp_format_duration_us (hp_group_totals_get_wall_us (t));
  g_autofree char *sum = hp_format_duration_us (hp_group_totals_get_sum_us (t));
  g_autofree char *title = NULL;
  double share = hp_group_totals_get_share (t);
  guint n = hp_group_totals_get_n_nodes (t);

  if (hp_group_totals_get_kind (t) == HP_GRAPH_GROUP_KIND_SUBGRAPH)
    /* Translators: a subgraph's title in the report's Groups section */
    title = g_strdup_printf (_("%s (subgraph)"), hp_group_totals_get_title (t));
  else
    title = g_strdup (hp_group_totals_get_title (t));

  for (guint i = 0; i <= depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, title);
  g_string_append (out, ": ");
  if (hp_group_totals_get_n_executed (t) == 0)
    g_string_append (out, _("nothing executed"));
  else if (hp_group_totals_has_intervals (t))
    /* Translators: "1.20 s wall, 1.45 s summed" */
    g_string_append_printf (out, _("%s wall, %s summed"), wall, sum);
  else
    /* Translators: the nodes have no start and end times, only durations */
    g_string_append_printf (out, _("%s (no interval data: sum of durations)"), sum);
  if (!isnan (share) && hp_group_totals_get_n_executed (t) > 0)
    g_string_append_printf (out, ", %.0f %%", share * 100.0);
  g_string_append (out, ", ");
  g_string_append_printf (out, ngettext ("%u node", "%u nodes", n), n);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(HpGroupTotals) child = g_list_model_get_item (children, i);

      print_entry (groups, child, depth + 1, out);
    }
}

/**
 * hp_cli_groups_print:
 *
 * Appends a "Groups" section, nested, when the workflow has any.
 */
void
hp_cli_groups_print (HpCliGroups *groups,
                     GString     *out)
{
  g_autoptr(GListModel) roots = NULL;

  if (groups->totals->len == 0)
    return;
  roots = hp_group_totals_get_roots (groups->totals);
  g_string_append_c (out, '\n');
  if (groups->latest != NULL)
    /* Translators: heading; %s is a run id */
    g_string_append_printf (out, _("Groups and subgraphs in run %s (wall time counts parallel nodes once):"),
                            hp_run_get_id (groups->latest));
  else
    g_string_append (out, _("Groups and subgraphs:"));
  g_string_append_c (out, '\n');
  for (guint i = 0; i < g_list_model_get_n_items (roots); i++)
    {
      g_autoptr(HpGroupTotals) t = g_list_model_get_item (roots, i);

      print_entry (groups, t, 0, out);
    }
}
