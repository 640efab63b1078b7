/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-recorder.h"

G_BEGIN_DECLS

/* Shared by hp-recorder.c (the object, graphs, profiles),
 * hp-recorder-apply.c (events → runs) and hp-recorder-wait.c (prompts
 * waiting for their graph). */

/* One node of one prompt: its run and the stretch it is in. */
typedef struct {
  HpNodeRun *node_run;
  gint64     stretch_start;   /* receive time of its executing, or unknown when not running */
  gint64     first_start;
  gint64     accumulated;     /* µs of its finished stretches */
  guint      n_stretches;
  const char *state;          /* last progress_state state (static string), or NULL */
  guint      n_samples;       /* memory samples while it ran */
  gint64     vram_first, vram_last, vram_peak;
  gint64     ram_first, ram_last, ram_peak;
} NodeTrack;

typedef enum {
  PHASE_WAITING,   /* nothing applied yet (maybe events pending a graph) */
  PHASE_RUNNING,
  PHASE_ENDED,
} PromptPhase;

typedef struct {
  char        *id;
  double       number;
  HpProfile   *profile;         /* NULL until the graph is known */
  gboolean     graph_unknown;   /* recorded with node ids only */
  GPtrArray   *pending;         /* HpRunEvent*, kept until the graph comes */
  gboolean     pending_ended;   /* an end event is among them */
  gint64       pending_end_us;  /* receive time of that end event */
  guint        later_ends;      /* prompts that ended since, while it waited */
  gpointer     last_ender;      /* the last of them (a Prompt*), counted once */
  HpRun       *run;
  PromptPhase  phase;
  gboolean     mid_run;         /* first seen after its execution_start */
  gboolean     cut_off;         /* the connection was lost while it ran */
  gboolean     log_ended;       /* hp_recorder_finish() while it ran */
  gboolean     used_progress_state;
  gint64       added_us;        /* when add_prompt gave its graph */
  gint64       queued_local;    /* we queued it (local clock) */
  gint64       create_server;   /* extra_data.create_time (server clock) */
  gint64       start_local, start_server;
  gint64       end_local, end_server;
  GHashTable  *tracks;          /* interned node id → NodeTrack* */
  NodeTrack   *current;         /* the node running now */
  guint        n_memory_samples;
  gboolean     stats_dirty;     /* node statistics wait for a refresh */
  gint64       stats_refreshed; /* monotonic µs of the last refresh */
} Prompt;

struct _HpRecorder
{
  GObject        parent_instance;

  GPtrArray     *profiles;      /* HpProfile*, in order of creation */
  GHashTable    *by_graph_id;   /* graph id → HpProfile* */
  GHashTable    *deferred_runs; /* HpProfile* → GPtrArray of HpRun* */
  HpProfile     *unknown_profile;
  GHashTable    *prompts;       /* id → Prompt* */
  GPtrArray     *order;         /* Prompt*, in order of first sight */
  GPtrArray     *waiting;       /* Prompt* with events kept for a graph */
  Prompt        *current;       /* the prompt running now */
  HpClockOffset *clock;
  int            queue_remaining;
  gboolean       deferred;
};

enum {
  SIGNAL_PROFILE_ADDED,
  SIGNAL_RUN_STARTED,
  SIGNAL_RUN_UPDATED,
  SIGNAL_RUN_FINISHED,
  N_RECORDER_SIGNALS
};

extern guint _hp_recorder_signals[N_RECORDER_SIGNALS];

/* hp-recorder-apply.c */
void  _hp_recorder_apply        (HpRecorder       *self,
                                 Prompt           *p,
                                 const HpRunEvent *event);
void  _hp_recorder_end_run      (HpRecorder       *self,
                                 Prompt           *p,
                                 HpRunStatus       status,
                                 gint64           local_us,
                                 gint64           server_us);
void  _hp_recorder_update_times (HpRecorder       *self,
                                 Prompt           *p);
void  _hp_recorder_update_note  (HpRecorder       *self,
                                 Prompt           *p);

/* hp-recorder-wait.c */
void  _hp_recorder_cut_off               (HpRecorder       *self,
                                          Prompt           *p,
                                          gint64            when_us);
void  _hp_recorder_replay_pending        (HpRecorder       *self,
                                          Prompt           *p,
                                          gint64            cut_off_us);
void  _hp_recorder_resolve_without_graph (HpRecorder       *self,
                                          Prompt           *p);
void  _hp_recorder_resolve_stale         (HpRecorder       *self,
                                          Prompt           *ended,
                                          gint64            ended_us);

/* hp-recorder.c */
Prompt    *_hp_recorder_lookup_prompt     (HpRecorder  *self,
                                          const char  *prompt_id,
                                          gboolean     create);

/* hp-recorder-graph.c */
HpProfile *_hp_recorder_add_profile       (HpRecorder  *self,
                                          HpProfile   *profile);
/* The profile of @graph (an API-format prompt), added when new. */
HpProfile *_hp_recorder_profile_for_graph (HpRecorder  *self,
                                          JsonNode    *graph,
                                          JsonNode    *workflow,
                                          const char  *source,
                                          const char  *path,
                                          GError     **error);

/* hp_recorder_add_prompt() with errors naming @source and @path (the
 * event-log reader: "FILE:LINE", "$.prompt.graph"). */
gboolean _hp_recorder_add_prompt_at (HpRecorder  *self,
                                     const char  *prompt_id,
                                     double       number,
                                     JsonNode    *graph,
                                     JsonNode    *workflow,
                                     gint64       received_us,
                                     const char  *source,
                                     const char  *path,
                                     GError     **error);
void  _hp_recorder_run_added    (HpRecorder       *self,
                                 Prompt           *p);
void  _hp_recorder_run_changed  (HpRecorder       *self,
                                 Prompt           *p,
                                 const char       *node_id,
                                 gboolean          stats);

G_END_DECLS
