/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Which clock a time was read on. The server's clock is not this
 * computer's (a remote server can be seconds off), so the two are never
 * subtracted from each other directly: see HpClockOffset. */
typedef enum {
  HP_CLOCK_LOCAL,   /* when Hotpath received the message (this computer) */
  HP_CLOCK_SERVER,  /* a timestamp the server put in the message */
} HpClock;

typedef enum {
  HP_RUN_EVENT_RUN_QUEUED,      /* a prompt was queued (by us, or the server's create_time) */
  HP_RUN_EVENT_RUN_STARTED,     /* execution_start */
  HP_RUN_EVENT_NODES_CACHED,    /* execution_cached: node_ids will not run */
  HP_RUN_EVENT_NODE_STARTED,    /* executing {node} */
  HP_RUN_EVENT_NODE_PROGRESS,   /* progress {value, max, node} */
  HP_RUN_EVENT_NODE_STATE,      /* one node of a progress_state snapshot */
  HP_RUN_EVENT_NODE_OUTPUT,     /* executed: the node has output (also sent for cached nodes) */
  HP_RUN_EVENT_NODE_FAILED,     /* execution_error: node_id failed; ends the run unless blocked */
  HP_RUN_EVENT_RUN_FINISHED,    /* execution_success */
  HP_RUN_EVENT_RUN_INTERRUPTED, /* execution_interrupted */
  HP_RUN_EVENT_RUN_ENDED,       /* executing {node: null}: the prompt is done */
  HP_RUN_EVENT_QUEUE_STATUS,    /* status: value = queue_remaining */
  HP_RUN_EVENT_SYSTEM_STATS,    /* a GET /system_stats sample: vram_used, ram_used */
} HpRunEventKind;

/* One fact about a prompt, from a websocket message (or an HTTP fetch).
 * Fields a kind does not use stay NULL / HP_TIME_UNKNOWN / -1. */
typedef struct {
  HpRunEventKind kind;
  char    *prompt_id;        /* NULL when the message named none (older servers) */
  char    *node_id;          /* the node (NODE_*, and the node_id of error/interrupt) */
  char    *display_node_id;
  GStrv    node_ids;         /* NODES_CACHED: nodes; NODE_FAILED/RUN_INTERRUPTED: executed */
  double   value;            /* NODE_PROGRESS/NODE_STATE: value; QUEUE_STATUS: queue_remaining */
  double   max;
  char    *state;            /* NODE_STATE: "pending", "running", "finished" or "error" */
  char    *error_message;    /* NODE_FAILED: exception_message */
  char    *error_type;       /* NODE_FAILED: exception_type */
  gint64   time_us;          /* the best time of the event: server time when given */
  HpClock  clock;            /* the clock time_us was read on */
  gint64   received_us;      /* always local: when the message arrived */
  gint64   server_us;        /* the server's timestamp, HP_TIME_UNKNOWN when none */
  gint64   vram_used;        /* SYSTEM_STATS: bytes in use, -1 when unknown */
  gint64   ram_used;
} HpRunEvent;

#define HP_TYPE_RUN_EVENT (hp_run_event_get_type ())

GType        hp_run_event_get_type        (void) G_GNUC_CONST;

HpRunEvent  *hp_run_event_new             (HpRunEventKind    kind,
                                           const char       *prompt_id,
                                           gint64            received_us);
HpRunEvent  *hp_run_event_copy            (const HpRunEvent *event);
void         hp_run_event_free            (HpRunEvent       *event);

/* Sets the server timestamp; time_us/clock then follow it. */
void         hp_run_event_set_server_time (HpRunEvent       *event,
                                           gint64            server_us);

/* "run-started", "node-progress", …: for logs and tests. */
const char  *hp_run_event_kind_to_string  (HpRunEventKind    kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpRunEvent, hp_run_event_free)

G_END_DECLS
