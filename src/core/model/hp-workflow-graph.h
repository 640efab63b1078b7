/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-graph-group.h"

G_BEGIN_DECLS

/* A node of the workflow. @id is interned, so it can be compared with
 * `==` against HpNodeRun ids. */
typedef struct {
  const char *id;
  char       *type;
  char       *title;
  gboolean    has_position;
  double      x;
  double      y;
  double      width;
  double      height;
} HpGraphNode;

/* A link from an output slot of one node to an input slot of another. */
typedef struct {
  const char *from_node;   /* interned */
  int         from_slot;
  const char *to_node;     /* interned */
  int         to_slot;
} HpGraphEdge;

#define HP_WORKFLOW_GRAPH_ERROR (hp_workflow_graph_error_quark ())

typedef enum {
  HP_WORKFLOW_GRAPH_ERROR_DUPLICATE_NODE,
  HP_WORKFLOW_GRAPH_ERROR_UNKNOWN_NODE,
  HP_WORKFLOW_GRAPH_ERROR_DUPLICATE_GROUP,
} HpWorkflowGraphError;

#define HP_TYPE_WORKFLOW_GRAPH (hp_workflow_graph_get_type ())
G_DECLARE_FINAL_TYPE (HpWorkflowGraph, hp_workflow_graph, HP, WORKFLOW_GRAPH, GObject)

GQuark              hp_workflow_graph_error_quark  (void);

HpWorkflowGraph    *hp_workflow_graph_new          (void);

const char         *hp_workflow_graph_get_id       (HpWorkflowGraph  *self);
void                hp_workflow_graph_set_id       (HpWorkflowGraph  *self,
                                                    const char       *id);
const char         *hp_workflow_graph_get_name     (HpWorkflowGraph  *self);
void                hp_workflow_graph_set_name     (HpWorkflowGraph  *self,
                                                    const char       *name);

HpGraphNode        *hp_workflow_graph_add_node     (HpWorkflowGraph  *self,
                                                    const char       *id,
                                                    const char       *type,
                                                    const char       *title,
                                                    GError          **error);
HpGraphNode        *hp_workflow_graph_lookup_node  (HpWorkflowGraph  *self,
                                                    const char       *id);
guint               hp_workflow_graph_get_n_nodes  (HpWorkflowGraph  *self);
HpGraphNode        *hp_workflow_graph_get_node     (HpWorkflowGraph  *self,
                                                    guint             position);
void                hp_graph_node_set_position     (HpGraphNode      *node,
                                                    double            x,
                                                    double            y,
                                                    double            width,
                                                    double            height);

gboolean            hp_workflow_graph_add_edge     (HpWorkflowGraph  *self,
                                                    const char       *from_node,
                                                    int               from_slot,
                                                    const char       *to_node,
                                                    int               to_slot,
                                                    GError          **error);
guint               hp_workflow_graph_get_n_edges  (HpWorkflowGraph  *self);
const HpGraphEdge  *hp_workflow_graph_get_edge     (HpWorkflowGraph  *self,
                                                    guint             position);

/* Groups and subgraphs (hp-graph-group.h): the groups in the order they
 * were added, then the subgraphs in the order their first node appears.
 * Parents and nodes are worked out when first asked after a change made
 * through this API (docs/analysis.md, "Groups and subgraphs"). */
gboolean            hp_workflow_graph_add_group    (HpWorkflowGraph  *self,
                                                    HpGraphGroup     *group,
                                                    GError          **error);
guint               hp_workflow_graph_get_n_groups (HpWorkflowGraph  *self);
HpGraphGroup       *hp_workflow_graph_get_group    (HpWorkflowGraph  *self,
                                                    guint             position);
HpGraphGroup       *hp_workflow_graph_lookup_group (HpWorkflowGraph  *self,
                                                    HpGraphGroupKind  kind,
                                                    const char       *id);
GPtrArray          *hp_workflow_graph_get_groups_of_node (HpWorkflowGraph *self,
                                                          const char      *node_id);
/* The name of subgraph @path ("12", "12:5") from the editor's
 * definitions; without one a subgraph takes its host node's title. */
void                hp_workflow_graph_set_subgraph_title (HpWorkflowGraph *self,
                                                          const char      *path,
                                                          const char      *title);
const char         *hp_workflow_graph_get_subgraph_title (HpWorkflowGraph *self,
                                                          const char      *path);
/* (transfer full): the paths of the subgraphs that have a name, sorted. */
char              **hp_workflow_graph_dup_subgraph_paths (HpWorkflowGraph *self);
/* Copies the groups (by id) and subgraph titles of @other this graph lacks. */
void                hp_workflow_graph_merge_groups (HpWorkflowGraph  *self,
                                                    HpWorkflowGraph  *other);

/* Adds the nodes and edges of @other that this graph lacks; fills in
 * positions, types and titles this graph does not know. */
void                hp_workflow_graph_merge        (HpWorkflowGraph  *self,
                                                    HpWorkflowGraph  *other);

G_END_DECLS
