/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-workflow-graph.h"

G_BEGIN_DECLS

/* hp-workflow-graph-groups.c: parents and nodes of the graph's groups
 * (geometry or explicit members) and the subgraphs its node ids imply. */
void  _hp_workflow_graph_update_groups    (HpWorkflowGraph *graph,
                                           GPtrArray       *groups);
void  _hp_workflow_graph_update_subgraphs (HpWorkflowGraph *graph,
                                           GPtrArray       *subgraphs,
                                           GHashTable      *titles);

/* hp-workflow-graph.c: brings the parents and nodes of the groups of
 * @graph up to date (the groups call it from their getters). */
void  _hp_workflow_graph_ensure_groups    (HpWorkflowGraph *graph);

G_END_DECLS
