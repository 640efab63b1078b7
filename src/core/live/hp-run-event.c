/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-run-event.h"

#include "hp-enums.h"

G_DEFINE_BOXED_TYPE (HpRunEvent, hp_run_event, hp_run_event_copy, hp_run_event_free)

/**
 * hp_run_event_new:
 * @kind: what happened
 * @prompt_id: (nullable): the prompt it happened to
 * @received_us: when Hotpath received it (µs since the epoch, local clock)
 *
 * Returns: (transfer full): an event timed by its receive time until
 *   hp_run_event_set_server_time() gives it the server's timestamp
 */
HpRunEvent *
hp_run_event_new (HpRunEventKind  kind,
                  const char     *prompt_id,
                  gint64          received_us)
{
  HpRunEvent *event = g_new0 (HpRunEvent, 1);

  event->kind = kind;
  event->prompt_id = g_strdup (prompt_id);
  event->time_us = received_us;
  event->clock = HP_CLOCK_LOCAL;
  event->received_us = received_us;
  event->server_us = HP_TIME_UNKNOWN;
  event->vram_used = -1;
  event->ram_used = -1;
  return event;
}

HpRunEvent *
hp_run_event_copy (const HpRunEvent *event)
{
  HpRunEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->prompt_id = g_strdup (event->prompt_id);
  copy->node_id = g_strdup (event->node_id);
  copy->display_node_id = g_strdup (event->display_node_id);
  copy->node_ids = g_strdupv (event->node_ids);
  copy->state = g_strdup (event->state);
  copy->error_message = g_strdup (event->error_message);
  copy->error_type = g_strdup (event->error_type);
  return copy;
}

void
hp_run_event_free (HpRunEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->prompt_id);
  g_free (event->node_id);
  g_free (event->display_node_id);
  g_strfreev (event->node_ids);
  g_free (event->state);
  g_free (event->error_message);
  g_free (event->error_type);
  g_free (event);
}

/**
 * hp_run_event_set_server_time:
 * @server_us: the server's timestamp (µs since the epoch on the server's
 *   clock), or %HP_TIME_UNKNOWN
 */
void
hp_run_event_set_server_time (HpRunEvent *event,
                              gint64      server_us)
{
  g_return_if_fail (event != NULL);

  event->server_us = server_us;
  if (server_us != HP_TIME_UNKNOWN)
    {
      event->time_us = server_us;
      event->clock = HP_CLOCK_SERVER;
    }
  else
    {
      event->time_us = event->received_us;
      event->clock = HP_CLOCK_LOCAL;
    }
}

const char *
hp_run_event_kind_to_string (HpRunEventKind kind)
{
  static const char * const names[] = {
    [HP_RUN_EVENT_RUN_QUEUED] = "run-queued",
    [HP_RUN_EVENT_RUN_STARTED] = "run-started",
    [HP_RUN_EVENT_NODES_CACHED] = "nodes-cached",
    [HP_RUN_EVENT_NODE_STARTED] = "node-started",
    [HP_RUN_EVENT_NODE_PROGRESS] = "node-progress",
    [HP_RUN_EVENT_NODE_STATE] = "node-state",
    [HP_RUN_EVENT_NODE_OUTPUT] = "node-output",
    [HP_RUN_EVENT_NODE_FAILED] = "node-failed",
    [HP_RUN_EVENT_RUN_FINISHED] = "run-finished",
    [HP_RUN_EVENT_RUN_INTERRUPTED] = "run-interrupted",
    [HP_RUN_EVENT_RUN_ENDED] = "run-ended",
    [HP_RUN_EVENT_QUEUE_STATUS] = "queue-status",
    [HP_RUN_EVENT_SYSTEM_STATS] = "system-stats",
  };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}
