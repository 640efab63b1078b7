/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-enums.h"

#include <string.h>

static const char *run_status_names[] = {
  [HP_RUN_STATUS_SUCCEEDED] = "succeeded",
  [HP_RUN_STATUS_FAILED] = "failed",
  [HP_RUN_STATUS_INTERRUPTED] = "interrupted",
  [HP_RUN_STATUS_RUNNING] = "running",
};

static const char *node_status_names[] = {
  [HP_NODE_STATUS_COMPLETED] = "completed",
  [HP_NODE_STATUS_CACHED] = "cached",
  [HP_NODE_STATUS_FAILED] = "failed",
  [HP_NODE_STATUS_SKIPPED] = "skipped",
  [HP_NODE_STATUS_RUNNING] = "running",
  [HP_NODE_STATUS_PENDING] = "pending",
};

const char *
hp_run_status_to_string (HpRunStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (run_status_names), NULL);
  return run_status_names[status];
}

gboolean
hp_run_status_from_string (const char  *name,
                           HpRunStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (run_status_names); i++)
    {
      if (strcmp (name, run_status_names[i]) == 0)
        {
          *status = (HpRunStatus) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
hp_node_status_to_string (HpNodeStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (node_status_names), NULL);
  return node_status_names[status];
}

gboolean
hp_node_status_from_string (const char   *name,
                            HpNodeStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (node_status_names); i++)
    {
      if (strcmp (name, node_status_names[i]) == 0)
        {
          *status = (HpNodeStatus) i;
          return TRUE;
        }
    }
  return FALSE;
}
