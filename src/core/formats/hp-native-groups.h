/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-json-scanner.h"
#include "hp-workflow-graph.h"

G_BEGIN_DECLS

/* Private to the native reader and writer: the optional "groups" member
 * of "workflow" (docs/format.md). Reads the array the scanner is at. */
gboolean  _hp_native_read_groups  (HpJsonScanner   *scanner,
                                   HpWorkflowGraph *graph);
/* Appends ",\n    \"groups\": [...]" when @graph has groups or named
 * subgraphs; nothing otherwise, so files without groups stay as they were. */
void      _hp_native_write_groups (GString         *out,
                                   HpWorkflowGraph *graph);

G_END_DECLS
