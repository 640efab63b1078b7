/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-json-tree.h"
#include "hp-profile.h"

G_BEGIN_DECLS

HpProfile *hp_comfyui_prompt_read   (const char  *data,
                                     gsize        length,
                                     const char  *source_name,
                                     GError     **error);
HpProfile *hp_comfyui_workflow_read (const char  *data,
                                     gsize        length,
                                     const char  *source_name,
                                     GError     **error);

/* Private to the formats folder (the history reader uses them): add the
 * nodes and edges of an API-format prompt or an editor workflow held in
 * @node (at JSON path @path) to @graph, and a "node_id\x1ftype" line per
 * node to @fingerprint (may be NULL). */
gboolean   _hp_comfyui_prompt_fill  (const HpTreeReader *r,
                                     JsonNode           *node,
                                     const char         *path,
                                     HpWorkflowGraph    *graph,
                                     GPtrArray          *fingerprint);
gboolean   _hp_comfyui_editor_fill  (const HpTreeReader *r,
                                     JsonNode           *node,
                                     const char         *path,
                                     HpWorkflowGraph    *graph,
                                     GPtrArray          *fingerprint);

/* hp-comfyui-groups.c: the editor workflow's groups and the names of its
 * subgraphs (definitions.subgraphs), into @graph. */
gboolean   _hp_comfyui_editor_groups_fill (const HpTreeReader *r,
                                           JsonObject         *workflow,
                                           const char         *path,
                                           HpWorkflowGraph    *graph);

/* "$.nodes" or "$[\"12:5\"]": @key appended to @parent as JSONPath. */
char      *_hp_json_path_member     (const char         *parent,
                                     const char         *key);

G_END_DECLS
