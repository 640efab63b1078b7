/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-enums.h"

G_BEGIN_DECLS

/* One progress report of a node (a sampler step: value of max). */
typedef struct {
  gint64 time_us;
  double value;
  double max;
} HpProgressEvent;

/* Memory in use while a node ran, sampled (a few times a second, e.g.
 * ComfyUI's GET /system_stats), not measured continuously: the peak of
 * the samples and the change from the first sample to the last, in
 * bytes. -1 peaks (and their changes) mean not sampled. */
typedef struct {
  guint  n_samples;
  gint64 vram_peak;
  gint64 vram_change;
  gint64 ram_peak;
  gint64 ram_change;
} HpMemorySamples;

#define HP_TYPE_NODE_RUN (hp_node_run_get_type ())
G_DECLARE_FINAL_TYPE (HpNodeRun, hp_node_run, HP, NODE_RUN, GObject)

HpNodeRun             *hp_node_run_new                (const char   *node_id,
                                                       HpNodeStatus  status);

const char            *hp_node_run_get_node_id        (HpNodeRun    *self);
HpNodeStatus           hp_node_run_get_status         (HpNodeRun    *self);
void                   hp_node_run_set_status         (HpNodeRun    *self,
                                                       HpNodeStatus  status);
gint64                 hp_node_run_get_start_us       (HpNodeRun    *self);
gint64                 hp_node_run_get_end_us         (HpNodeRun    *self);
void                   hp_node_run_set_times          (HpNodeRun    *self,
                                                       gint64        start_us,
                                                       gint64        end_us);
gint64                 hp_node_run_get_duration_us    (HpNodeRun    *self);
void                   hp_node_run_set_duration_us    (HpNodeRun    *self,
                                                       gint64        duration_us);
gboolean               hp_node_run_is_executed        (HpNodeRun    *self);

const char            *hp_node_run_get_error          (HpNodeRun    *self);
void                   hp_node_run_set_error          (HpNodeRun    *self,
                                                       const char   *error);

void                   hp_node_run_add_progress       (HpNodeRun    *self,
                                                       gint64        time_us,
                                                       double        value,
                                                       double        max);
const HpProgressEvent *hp_node_run_get_progress       (HpNodeRun    *self,
                                                       guint        *n_events);

/* Optional figures; -1 (or NaN for cost) means the source did not give them. */
gint64                 hp_node_run_get_tokens         (HpNodeRun    *self);
void                   hp_node_run_set_tokens         (HpNodeRun    *self,
                                                       gint64        tokens);
double                 hp_node_run_get_cost           (HpNodeRun    *self);
const char            *hp_node_run_get_currency       (HpNodeRun    *self);
void                   hp_node_run_set_cost           (HpNodeRun    *self,
                                                       double        cost,
                                                       const char   *currency);
gint64                 hp_node_run_get_peak_memory    (HpNodeRun    *self);
void                   hp_node_run_set_peak_memory    (HpNodeRun    *self,
                                                       gint64        bytes);
gint64                 hp_node_run_get_output_size    (HpNodeRun    *self);
void                   hp_node_run_set_output_size    (HpNodeRun    *self,
                                                       gint64        bytes);
/* FALSE (and @samples untouched) when the node run has none. */
gboolean               hp_node_run_get_memory_samples (HpNodeRun    *self,
                                                       HpMemorySamples *samples);
void                   hp_node_run_set_memory_samples (HpNodeRun    *self,
                                                       const HpMemorySamples *samples);
int                    hp_node_run_get_retries        (HpNodeRun    *self);
void                   hp_node_run_set_retries        (HpNodeRun    *self,
                                                       int           retries);

G_END_DECLS
