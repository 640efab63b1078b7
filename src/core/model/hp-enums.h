/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times are integer microseconds since the Unix epoch (or plain durations
 * in microseconds). HP_TIME_UNKNOWN marks a time the source did not give. */
#define HP_TIME_UNKNOWN G_MININT64

typedef enum {
  HP_RUN_STATUS_SUCCEEDED,
  HP_RUN_STATUS_FAILED,
  HP_RUN_STATUS_INTERRUPTED,
  HP_RUN_STATUS_RUNNING,
} HpRunStatus;

typedef enum {
  HP_NODE_STATUS_COMPLETED,
  HP_NODE_STATUS_CACHED,
  HP_NODE_STATUS_FAILED,
  HP_NODE_STATUS_SKIPPED,
  HP_NODE_STATUS_RUNNING,
  HP_NODE_STATUS_PENDING,
} HpNodeStatus;

/* Stable lowercase names, used in files and reports ("succeeded", "cached"). */
const char *hp_run_status_to_string   (HpRunStatus   status);
gboolean    hp_run_status_from_string (const char   *name,
                                       HpRunStatus  *status);
const char *hp_node_status_to_string  (HpNodeStatus  status);
gboolean    hp_node_status_from_string (const char   *name,
                                        HpNodeStatus *status);

G_END_DECLS
