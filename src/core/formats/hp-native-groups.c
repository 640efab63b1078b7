/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-native-groups.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hp-format-util.h"

#define KEY_IS(key, len, literal) \
  ((len) == sizeof (literal) - 1 && memcmp ((key), (literal), sizeof (literal) - 1) == 0)

static gboolean
check_once (HpJsonScanner *s,
            guint         *seen,
            guint          bit,
            const char    *key)
{
  if (*seen & bit)
    {
      hp_json_scanner_peek (s);
      return hp_json_scanner_fail (s, HP_FORMAT_ERROR_DUPLICATE,
                                   /* Translators: a JSON member name */
                                   _("member “%s” appears twice in this object"), key);
    }
  *seen |= bit;
  return TRUE;
}

/* [x, y, width, height]: four finite numbers, the size not negative. */
static gboolean
read_bounding (HpJsonScanner *s,
               double         v[4])
{
  gsize offset;
  guint index, n = 0;

  if (!hp_json_scanner_begin_array (s))
    return FALSE;
  offset = hp_json_scanner_get_offset (s);
  while (hp_json_scanner_next_element (s, &index))
    {
      if (index >= 4)
        return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                     _("expected four numbers [x, y, width, height], found more"));
      if (hp_json_scanner_peek (s) != HP_JSON_VALUE_NUMBER)
        return hp_json_scanner_fail_type (s, N_("a number"));
      if (!hp_json_scanner_read_double (s, &v[index]))
        return FALSE;
      if (!isfinite (v[index]) || fabs (v[index]) > 1e9)
        return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE, _("the coordinate is absurd, expected a number within ±1e9"));
      if (index >= 2 && v[index] < 0)
        return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE, _("negative size, expected 0 or more"));
      n++;
    }
  if (hp_json_scanner_failed (s))
    return FALSE;
  if (n != 4)
    return hp_json_scanner_fail_at (s, offset, NULL, HP_FORMAT_ERROR_VALUE,
                                    /* Translators: how many numbers the array holds */
                                    _("expected four numbers [x, y, width, height], found %u"), n);
  return TRUE;
}

static gboolean
read_group (HpJsonScanner   *s,
            HpWorkflowGraph *graph)
{
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *color = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(HpGraphGroup) group = NULL;
  HpGraphGroupKind kind = HP_GRAPH_GROUP_KIND_GROUP;
  gboolean has_bounds = FALSE;
  double v[4] = { 0, 0, 0, 0 };
  gsize object_offset, id_offset = 0;
  const char *key;
  gsize key_length;
  guint seen = 0;

  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  object_offset = hp_json_scanner_get_offset (s);

  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      const char *str;

      if (KEY_IS (key, key_length, "id"))
        {
          if (!check_once (s, &seen, 1 << 0, "id") || !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          id_offset = hp_json_scanner_get_offset (s);
          if (*str == '\0')
            return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE, _("empty group id, expected an id"));
          id = g_strdup (str);
        }
      else if (KEY_IS (key, key_length, "kind"))
        {
          if (!check_once (s, &seen, 1 << 1, "kind") || !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          if (strcmp (str, "group") == 0)
            kind = HP_GRAPH_GROUP_KIND_GROUP;
          else if (strcmp (str, "subgraph") == 0)
            kind = HP_GRAPH_GROUP_KIND_SUBGRAPH;
          else
            return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                         /* Translators: the kind from the file; “group” and “subgraph” are kept in English */
                                         _("unknown kind “%s”, expected “group” or “subgraph”"), str);
        }
      else if (KEY_IS (key, key_length, "title"))
        {
          if (!check_once (s, &seen, 1 << 2, "title") || !hp_json_scanner_read_string_or_null (s, &str))
            return FALSE;
          title = g_strdup (str);
        }
      else if (KEY_IS (key, key_length, "color"))
        {
          if (!check_once (s, &seen, 1 << 3, "color") || !hp_json_scanner_read_string_or_null (s, &str))
            return FALSE;
          color = g_strdup (str);
        }
      else if (KEY_IS (key, key_length, "bounding"))
        {
          if (!check_once (s, &seen, 1 << 4, "bounding") || !read_bounding (s, v))
            return FALSE;
          has_bounds = TRUE;
        }
      else if (KEY_IS (key, key_length, "nodes"))
        {
          if (!check_once (s, &seen, 1 << 5, "nodes") || !hp_json_scanner_begin_array (s))
            return FALSE;
          members = g_ptr_array_new_with_free_func (g_free);
          while (hp_json_scanner_next_element (s, NULL))
            {
              if (!hp_json_scanner_read_string (s, &str, NULL))
                return FALSE;
              g_ptr_array_add (members, g_strdup (str));
            }
        }
      else if (!hp_json_scanner_skip_value (s))
        {
          return FALSE;
        }
      if (hp_json_scanner_failed (s))
        return FALSE;
    }
  if (hp_json_scanner_failed (s))
    return FALSE;

  if (id == NULL)
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the group has no “id”; every group needs a string id"));

  if (kind == HP_GRAPH_GROUP_KIND_SUBGRAPH)
    {
      if (hp_workflow_graph_get_subgraph_title (graph, id) != NULL)
        return hp_json_scanner_fail_at (s, id_offset, "id", HP_FORMAT_ERROR_DUPLICATE,
                                        /* Translators: a subgraph id */
                                        _("subgraph “%s” appears more than once in workflow.groups"), id);
      if (title != NULL)
        hp_workflow_graph_set_subgraph_title (graph, id, title);
      return TRUE;
    }

  group = hp_graph_group_new (kind, id, title);
  if (has_bounds)
    hp_graph_group_set_bounds (group, v[0], v[1], v[2], v[3]);
  hp_graph_group_set_color (group, color);
  for (guint i = 0; members != NULL && i < members->len; i++)
    hp_graph_group_add_member (group, g_ptr_array_index (members, i));
  if (!hp_workflow_graph_add_group (graph, group, NULL))
    return hp_json_scanner_fail_at (s, id_offset, "id", HP_FORMAT_ERROR_DUPLICATE,
                                    /* Translators: a group id */
                                    _("group “%s” appears more than once in workflow.groups"), id);
  return TRUE;
}

gboolean
_hp_native_read_groups (HpJsonScanner   *s,
                        HpWorkflowGraph *graph)
{
  if (!hp_json_scanner_begin_array (s))
    return FALSE;
  while (hp_json_scanner_next_element (s, NULL))
    if (!read_group (s, graph))
      return FALSE;
  return !hp_json_scanner_failed (s);
}

static void
append_bounding (GString      *out,
                 HpGraphGroup *group)
{
  double v[4];

  if (!hp_graph_group_get_bounds (group, &v[0], &v[1], &v[2], &v[3]))
    return;
  g_string_append (out, ",\"bounding\":[");
  for (guint i = 0; i < 4; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      _hp_append_double (out, v[i]);
    }
  g_string_append_c (out, ']');
}

void
_hp_native_write_groups (GString         *out,
                         HpWorkflowGraph *graph)
{
  g_auto(GStrv) paths = hp_workflow_graph_dup_subgraph_paths (graph);
  guint n = 0;

  for (guint i = 0; i < hp_workflow_graph_get_n_groups (graph); i++)
    {
      HpGraphGroup *group = hp_workflow_graph_get_group (graph, i);
      const char *title = hp_graph_group_get_title (group);

      /* Subgraphs follow from the node ids; only their names are saved. */
      if (hp_graph_group_get_kind (group) != HP_GRAPH_GROUP_KIND_GROUP)
        continue;
      g_string_append (out, n++ == 0 ? ",\n    \"groups\": [\n      {\"id\":" : ",\n      {\"id\":");
      _hp_json_append_string (out, hp_graph_group_get_id (group));
      if (strcmp (title, hp_graph_group_get_id (group)) != 0)
        {
          g_string_append (out, ",\"title\":");
          _hp_json_append_string (out, title);
        }
      append_bounding (out, group);
      if (hp_graph_group_get_color (group) != NULL)
        {
          g_string_append (out, ",\"color\":");
          _hp_json_append_string (out, hp_graph_group_get_color (group));
        }
      if (hp_graph_group_has_explicit_members (group))
        {
          g_string_append (out, ",\"nodes\":[");
          for (guint k = 0; k < hp_graph_group_get_n_explicit_members (group); k++)
            {
              if (k > 0)
                g_string_append_c (out, ',');
              _hp_json_append_string (out, hp_graph_group_get_explicit_member (group, k));
            }
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '}');
    }
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_string_append (out, n++ == 0 ? ",\n    \"groups\": [\n      {\"id\":" : ",\n      {\"id\":");
      _hp_json_append_string (out, paths[i]);
      g_string_append (out, ",\"kind\":\"subgraph\",\"title\":");
      _hp_json_append_string (out, hp_workflow_graph_get_subgraph_title (graph, paths[i]));
      g_string_append_c (out, '}');
    }
  if (n > 0)
    g_string_append (out, "\n    ]");
}
