/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hp-run.h"
#include "hp-workflow-graph.h"

G_BEGIN_DECLS

/* How long a pair of serial independent nodes may stay listed. */
#define HP_CRITICAL_PATH_MAX_SERIAL_PAIRS 100

#define HP_CRITICAL_PATH_ERROR (hp_critical_path_error_quark ())

typedef enum {
  HP_CRITICAL_PATH_ERROR_CYCLE,
} HpCriticalPathError;

/* Two nodes of one run with no path between them in the graph (either
 * could have run while the other did) that ran one after the other: the
 * time intervals [start, end) do not overlap. @first ran first.
 * Running them side by side would have saved at most @saving_us, the
 * shorter of the two durations. */
typedef struct {
  const char *first;        /* interned */
  const char *second;       /* interned */
  double      first_us;
  double      second_us;
  double      saving_us;
} HpSerialPair;

/* An immutable, reference-counted critical-path analysis of one run. */
typedef struct _HpCriticalPath HpCriticalPath;

#define HP_TYPE_CRITICAL_PATH (hp_critical_path_get_type ())
GType                hp_critical_path_get_type          (void) G_GNUC_CONST;
GQuark               hp_critical_path_error_quark       (void);

gint64               hp_critical_path_node_weight_us    (HpNodeRun       *node_run);

HpCriticalPath      *hp_critical_path_compute           (HpWorkflowGraph *graph,
                                                         HpRun           *run,
                                                         GError         **error);
HpCriticalPath      *hp_critical_path_ref               (HpCriticalPath  *self);
void                 hp_critical_path_unref             (HpCriticalPath  *self);

HpRun               *hp_critical_path_get_run           (HpCriticalPath  *self);
double               hp_critical_path_get_length_us     (HpCriticalPath  *self);
double               hp_critical_path_get_execution_us  (HpCriticalPath  *self);
double               hp_critical_path_get_efficiency    (HpCriticalPath  *self);
double               hp_critical_path_get_saving_us     (HpCriticalPath  *self);

guint                hp_critical_path_get_n_nodes       (HpCriticalPath  *self);
const char          *hp_critical_path_get_node          (HpCriticalPath  *self,
                                                         guint            i);
gboolean             hp_critical_path_contains          (HpCriticalPath  *self,
                                                         const char      *node_id);

guint                hp_critical_path_get_n_serial_pairs (HpCriticalPath *self);
const HpSerialPair  *hp_critical_path_get_serial_pair   (HpCriticalPath  *self,
                                                         guint            i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpCriticalPath, hp_critical_path_unref)

G_END_DECLS
