/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-metric.h"
#include "hp-profile.h"
#include "hp-run.h"

G_BEGIN_DECLS

/* What the graph colours show:
 * SHARE: a node's share of the time. With the metric LAST, its duration in
 *   the selected run over that run's execution time; with any other metric,
 *   that figure of its history over the sum of the figure across all nodes
 *   (the same share the bottleneck list shows).
 * CHANGE: its duration in the selected run against its historical mean
 *   (the mean over every run where it executed), classified with the
 *   regression threshold and noise floor. */
typedef enum {
  HP_HEATMAP_SHARE,
  HP_HEATMAP_CHANGE,
} HpHeatmapMode;

/* The colour class of one node. NONE: there is no figure to colour by
 * (the node did not execute, or has no history to compare with). */
typedef enum {
  HP_HEAT_CLASS_NONE,
  HP_HEAT_CLASS_LOW,
  HP_HEAT_CLASS_MEDIUM,
  HP_HEAT_CLASS_HIGH,
  HP_HEAT_CLASS_FASTER,
  HP_HEAT_CLASS_SAME,
  HP_HEAT_CLASS_SLOWER,
  HP_HEAT_CLASS_CACHED,
} HpHeatClass;

typedef struct {
  HpHeatmapMode mode;
  HpMetric      metric;
  double        low_pct;         /* share classes */
  double        high_pct;
  double        threshold_pct;   /* change classes */
  double        noise_floor_us;
  guint         top_n;           /* bottleneck ranks by @metric */
} HpHeatmapOptions;

/* One node. Figures are in µs and NaN when unknown. */
typedef struct {
  const char   *node_id;         /* interned */
  gboolean      in_run;          /* the selected run has a record of it */
  HpNodeStatus  status;          /* its status there, when @in_run */
  gboolean      did_run;         /* in_run and completed, cached, failed or running */
  double        run_us;          /* its duration in the selected run */
  double        value_us;        /* the figure coloured: run_us (LAST) or the metric */
  double        share;           /* SHARE: value_us / total, 0..1 */
  double        reference_us;    /* CHANGE: the historical mean */
  double        delta_us;        /* CHANGE: run_us − reference_us */
  double        delta_pct;       /* CHANGE: delta_us / reference_us × 100 */
  HpHeatClass   heat_class;
  guint         bottleneck_rank; /* 1-based, 0 when not among the top N */
} HpHeatmapCell;

typedef struct _HpHeatmap HpHeatmap;

#define HP_TYPE_HEATMAP (hp_heatmap_get_type ())
GType                hp_heatmap_get_type          (void) G_GNUC_CONST;

void                 hp_heatmap_options_init      (HpHeatmapOptions *options);

const char          *hp_heatmap_mode_to_string    (HpHeatmapMode     mode);
gboolean             hp_heatmap_mode_from_string  (const char       *name,
                                                   HpHeatmapMode    *out);
/* A word for a class, shown beside its colour ("high", "slower", "cached"). */
const char          *hp_heat_class_label          (HpHeatClass       heat_class);

HpHeatmap           *hp_heatmap_compute           (HpProfile              *profile,
                                                   HpRun                  *run,
                                                   const HpHeatmapOptions *options);
HpHeatmap           *hp_heatmap_ref               (HpHeatmap        *self);
void                 hp_heatmap_unref             (HpHeatmap        *self);

const HpHeatmapOptions *
                     hp_heatmap_get_options       (HpHeatmap        *self);
HpRun               *hp_heatmap_get_run           (HpHeatmap        *self);
/* The denominator of the shares (µs); NaN in CHANGE mode. */
double               hp_heatmap_get_total_us      (HpHeatmap        *self);
guint                hp_heatmap_get_n_cells       (HpHeatmap        *self);
const HpHeatmapCell *hp_heatmap_get_cell          (HpHeatmap        *self,
                                                   guint             index);
const HpHeatmapCell *hp_heatmap_lookup            (HpHeatmap        *self,
                                                   const char       *node_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpHeatmap, hp_heatmap_unref)

G_END_DECLS
