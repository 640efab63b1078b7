/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-comparison.h"

G_BEGIN_DECLS

/* Shared by hp-comparison.c (the references within one profile) and
 * hp-comparison-between.c (any two runs). */
struct _HpComparison
{
  gatomicrefcount  ref_count;
  HpReferenceKind  kind;
  HpRun           *run;
  HpRun           *reference;     /* NULL for HP_REFERENCE_MEAN */
  HpNodeDelta      times[HP_RUN_TIME_TOTAL + 1];   /* node_id NULL */
  GArray          *nodes;         /* of HpNodeDelta */
  GHashTable      *index_by_id;   /* interned id → position + 1 */
};

HpComparison *_hp_comparison_new          (HpReferenceKind  kind,
                                           HpRun           *run,
                                           HpRun           *reference,
                                           guint            n_nodes_hint);
void          _hp_comparison_set_current  (HpNodeDelta       *delta,
                                           HpRun             *run);
void          _hp_comparison_set_reference (HpNodeDelta      *delta,
                                           HpRun             *reference);
void          _hp_comparison_finish_delta (HpNodeDelta       *delta);
void          _hp_comparison_append_node  (HpComparison      *self,
                                           const HpNodeDelta *delta);
double        _hp_comparison_run_time_us  (HpRun             *run,
                                           HpRunTime          which);

G_END_DECLS
