/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* An event log (JSON Lines, see notes on the live layer) loaded for
 * replay: the prompts in the order they first appear, each with its
 * timeline of websocket messages and system_stats samples. Read-only
 * once loaded; nodes are immutable and shared. */

typedef enum {
  HP_REPLAY_ITEM_MESSAGE,      /* a websocket text message, sent as it was */
  HP_REPLAY_ITEM_SYSTEM_STATS, /* a GET /system_stats body, served from then on */
} HpReplayItemKind;

typedef struct {
  HpReplayItemKind  kind;
  guint             line;        /* 1-based line in the log */
  double            received_ms; /* as logged, ms since the epoch */
  double            offset_ms;   /* since the prompt's first item; never decreasing */
  const char       *type;        /* the message's "type"; NULL for system_stats */
  JsonNode         *node;        /* the message or the stats body (an object) */
} HpReplayItem;

typedef struct {
  char       *prompt_id;   /* as logged; NULL when the log names none */
  double      number;      /* from the prompt line, else its index */
  JsonNode   *graph;       /* API-format prompt (object), NULL when unknown */
  JsonNode   *workflow;    /* editor workflow, NULL when absent */
  GPtrArray  *items;       /* of HpReplayItem*, in log order */
  guint       n_messages;  /* items that are messages */
  double      duration_ms; /* offset of the last item */
} HpReplayPrompt;

#define HP_TYPE_REPLAY_LOG (hp_replay_log_get_type ())
G_DECLARE_FINAL_TYPE (HpReplayLog, hp_replay_log, HP, REPLAY_LOG, GObject)

HpReplayLog          *hp_replay_log_load              (GFile        *file,
                                                       GError      **error);
HpReplayLog          *hp_replay_log_load_path         (const char   *path,
                                                       GError      **error);
HpReplayLog          *hp_replay_log_load_data         (const char   *data,
                                                       gsize         length,
                                                       const char   *source_name,
                                                       GError      **error);

const char           *hp_replay_log_get_source        (HpReplayLog  *self);
guint                 hp_replay_log_get_n_prompts     (HpReplayLog  *self);
const HpReplayPrompt *hp_replay_log_get_prompt        (HpReplayLog  *self,
                                                       guint         index);
guint                 hp_replay_log_get_n_messages    (HpReplayLog  *self);
JsonNode             *hp_replay_log_get_first_system_stats (HpReplayLog *self);
GStrv                 hp_replay_log_dup_class_types   (HpReplayLog  *self);

G_END_DECLS
