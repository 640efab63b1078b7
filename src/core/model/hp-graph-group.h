/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A named set of nodes of a workflow graph:
 *
 * - a group (HP_GRAPH_GROUP_KIND_GROUP): a titled box the editor draws
 *   (ComfyUI's groups, NodeTool's Group nodes), with a bounding box in
 *   graph coordinates and an optional colour. Its nodes are decided by
 *   geometry (see hp_workflow_graph_add_group()) unless the source names
 *   them (hp_graph_group_add_member());
 * - a subgraph (HP_GRAPH_GROUP_KIND_SUBGRAPH): ComfyUI's subgraphs, whose
 *   nodes run under colon paths: "12:5" and "12:5:3" belong to subgraph
 *   "12", "12:5:3" also to subgraph "12:5".
 *
 * The graph owning a group fills in its parent and nodes; they count
 * nested members too (a node of an inner group is a node of the outer
 * one). */

typedef enum {
  HP_GRAPH_GROUP_KIND_GROUP,
  HP_GRAPH_GROUP_KIND_SUBGRAPH,
} HpGraphGroupKind;

#define HP_TYPE_GRAPH_GROUP (hp_graph_group_get_type ())
G_DECLARE_FINAL_TYPE (HpGraphGroup, hp_graph_group, HP, GRAPH_GROUP, GObject)

HpGraphGroup     *hp_graph_group_new            (HpGraphGroupKind  kind,
                                                 const char       *id,
                                                 const char       *title);

/* A new group with what the source said (not the parent and nodes). */
HpGraphGroup     *hp_graph_group_copy           (HpGraphGroup     *self);

HpGraphGroupKind  hp_graph_group_get_kind       (HpGraphGroup     *self);
const char       *hp_graph_group_kind_to_string (HpGraphGroupKind  kind);
const char       *hp_graph_group_get_id         (HpGraphGroup     *self);
const char       *hp_graph_group_get_title      (HpGraphGroup     *self);
void              hp_graph_group_set_title      (HpGraphGroup     *self,
                                                 const char       *title);

/* The editor's box [x, y, width, height] in graph coordinates. */
gboolean          hp_graph_group_get_bounds     (HpGraphGroup     *self,
                                                 double           *x,
                                                 double           *y,
                                                 double           *width,
                                                 double           *height);
void              hp_graph_group_set_bounds     (HpGraphGroup     *self,
                                                 double            x,
                                                 double            y,
                                                 double            width,
                                                 double            height);
/* The source's colour as written ("#3f789e"), or NULL. */
const char       *hp_graph_group_get_color      (HpGraphGroup     *self);
void              hp_graph_group_set_color      (HpGraphGroup     *self,
                                                 const char       *color);

/* Members named by the source instead of found by geometry. */
void              hp_graph_group_add_member     (HpGraphGroup     *self,
                                                 const char       *node_id);
gboolean          hp_graph_group_has_explicit_members (HpGraphGroup *self);
guint             hp_graph_group_get_n_explicit_members (HpGraphGroup *self);
const char       *hp_graph_group_get_explicit_member (HpGraphGroup  *self,
                                                      guint          position);

/* Filled in by the graph (nullable: a top-level group). */
const char       *hp_graph_group_get_parent_id  (HpGraphGroup     *self);
/* The nodes inside, nested ones included, in graph order (interned). */
guint             hp_graph_group_get_n_nodes    (HpGraphGroup     *self);
const char       *hp_graph_group_get_node       (HpGraphGroup     *self,
                                                 guint             position);
gboolean          hp_graph_group_contains_node  (HpGraphGroup     *self,
                                                 const char       *node_id);

/* For HpWorkflowGraph only: @owner (not referenced, nullable) is asked
 * to bring parent and nodes up to date before they are read. */
void              _hp_graph_group_set_owner     (HpGraphGroup     *self,
                                                 gpointer          owner);
void              _hp_graph_group_set_parent_id (HpGraphGroup     *self,
                                                 const char       *parent_id);
void              _hp_graph_group_set_nodes     (HpGraphGroup     *self,
                                                 GPtrArray        *node_ids);

G_END_DECLS
