/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where a workflow to run comes from: an API-format prompt read from a
 * file (the prompt itself, a POST /prompt body, a ComfyUI history or a
 * Hotpath event log), or one of the prompts of a server's /history. The
 * Connect dialog offers these; the live capture queues the result. */

/* One prompt of a /history body, for a person to pick. */
typedef struct {
  char     *prompt_id;
  double    number;       /* its place in the server's queue */
  gint64    started_us;   /* execution_start (server clock), HP_TIME_UNKNOWN if absent */
  guint     n_nodes;
  JsonNode *graph;        /* the API-format prompt */
  JsonNode *workflow;     /* the editor workflow, nullable */
} HpPromptChoice;

void        hp_prompt_choice_free           (HpPromptChoice *choice);

/* Whether @node is an API-format prompt: a non-empty object whose
 * members are all objects with a "class_type" string. */
gboolean    hp_prompt_is_api_format         (JsonNode       *node);

/* (element-type HpPromptChoice) (transfer full): the prompts of a
 * GET /history body, newest first (by queue number); entries that are
 * malformed are skipped. Never NULL. */
GPtrArray  *hp_prompt_choices_from_history  (JsonNode       *history);

/* Reads the prompt to run from @file. Returns the API-format prompt and
 * (optional) the editor workflow when the file carries one (else NULL);
 * HP_FORMAT_ERROR with the file's name when the file has no prompt. */
JsonNode   *hp_prompt_source_load_file      (GFile          *file,
                                             JsonNode      **workflow,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpPromptChoice, hp_prompt_choice_free)

G_END_DECLS
