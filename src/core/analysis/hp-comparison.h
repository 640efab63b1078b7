/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-profile.h"
#include "hp-run.h"

G_BEGIN_DECLS

#define HP_REGRESSION_DEFAULT_THRESHOLD_PCT 20.0
#define HP_REGRESSION_DEFAULT_NOISE_FLOOR_US 50000

/* What a run is compared against:
 * PREVIOUS: the nearest earlier run (in the profile's start-time order)
 *   whose status is succeeded;
 * MEAN: the historical mean over the runs before it: per node, the mean of
 *   that node's executed durations in those runs; for the total, the mean
 *   execution time of the succeeded runs among them;
 * BASELINE: the profile's pinned baseline run;
 * RUN: any other run, chosen by the user (hp_comparison_compute_between(),
 *   possibly from another profile). */
typedef enum {
  HP_REFERENCE_PREVIOUS,
  HP_REFERENCE_MEAN,
  HP_REFERENCE_BASELINE,
  HP_REFERENCE_RUN,
} HpReferenceKind;

/* The run times a comparison has totals for (see hp-run.h). */
typedef enum {
  HP_RUN_TIME_EXECUTION,
  HP_RUN_TIME_QUEUE,
  HP_RUN_TIME_TOTAL,
} HpRunTime;

/* One node of a comparison. A node's value in a run is its duration when
 * it executed there (status completed); @has_delta is FALSE when either
 * side has no such value, and the missing side is NaN.
 * delta_us = current_us − reference_us; delta_pct = delta_us /
 * reference_us × 100, NaN when reference_us is 0.
 * @in_current / @in_reference say whether that side has the node at all
 * (a node run for it); the statuses are meaningful only then. A mean
 * reference "has" a node that executed in an earlier run, as completed. */
typedef struct {
  const char   *node_id;      /* interned */
  gboolean      has_delta;
  double        current_us;
  double        reference_us;
  double        delta_us;
  double        delta_pct;
  gboolean      in_current;
  gboolean      in_reference;
  HpNodeStatus  current_status;
  HpNodeStatus  reference_status;
} HpNodeDelta;

/* A delta above both the threshold percentage and the noise floor. */
typedef struct {
  const char *node_id;      /* NULL for the whole run */
  double      delta_us;
  double      delta_pct;
} HpRegression;

/* An immutable, reference-counted comparison of one run with a reference. */
typedef struct _HpComparison HpComparison;

#define HP_TYPE_COMPARISON (hp_comparison_get_type ())
GType               hp_comparison_get_type          (void) G_GNUC_CONST;

const char         *hp_reference_kind_to_string     (HpReferenceKind  kind);
gboolean            hp_reference_kind_from_string   (const char      *name,
                                                     HpReferenceKind *out);

HpComparison       *hp_comparison_compute           (HpProfile       *profile,
                                                     HpRun           *run,
                                                     HpReferenceKind  kind);
HpComparison       *hp_comparison_compute_between   (HpRun           *run,
                                                     HpRun           *reference);
HpComparison       *hp_comparison_ref               (HpComparison    *self);
void                hp_comparison_unref             (HpComparison    *self);

HpReferenceKind     hp_comparison_get_kind          (HpComparison    *self);
HpRun              *hp_comparison_get_run           (HpComparison    *self);
HpRun              *hp_comparison_get_reference_run (HpComparison    *self);
gboolean            hp_comparison_get_total         (HpComparison    *self,
                                                     double          *current_us,
                                                     double          *reference_us,
                                                     double          *delta_us,
                                                     double          *delta_pct);
gboolean            hp_comparison_get_run_time      (HpComparison    *self,
                                                     HpRunTime        which,
                                                     double          *current_us,
                                                     double          *reference_us,
                                                     double          *delta_us,
                                                     double          *delta_pct);
guint               hp_comparison_get_n_nodes       (HpComparison    *self);
const HpNodeDelta  *hp_comparison_get_node          (HpComparison    *self,
                                                     guint            i);
const HpNodeDelta  *hp_comparison_lookup_node       (HpComparison    *self,
                                                     const char      *node_id);

/* How a delta reads against the regression rules: SLOWER is a regression
 * (above both the threshold percentage and the noise floor), FASTER the
 * same mirrored, SAME anything in between or unknown (NaN). */
typedef enum {
  HP_CHANGE_SAME,
  HP_CHANGE_SLOWER,
  HP_CHANGE_FASTER,
} HpChange;

HpChange hp_change_classify (double delta_us,
                             double delta_pct,
                             double threshold_pct,
                             double noise_floor_us);


GArray             *hp_comparison_find_regressions  (HpComparison    *self,
                                                     double           threshold_pct,
                                                     double           noise_floor_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpComparison, hp_comparison_unref)

G_END_DECLS
