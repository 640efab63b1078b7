/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Errors of every reader and writer. Messages name the file, the place
 * (line:column and/or JSON path such as $.runs[3].nodes[0].duration_ms)
 * and what was expected, in words a person can act on. */
#define HP_FORMAT_ERROR (hp_format_error_quark ())

typedef enum {
  HP_FORMAT_ERROR_EMPTY,            /* the file has no content */
  HP_FORMAT_ERROR_SYNTAX,           /* not well-formed JSON (or CSV) */
  HP_FORMAT_ERROR_TRUNCATED,        /* the document ends too early */
  HP_FORMAT_ERROR_TYPE,             /* a value has the wrong JSON type */
  HP_FORMAT_ERROR_MISSING,          /* a required member is absent */
  HP_FORMAT_ERROR_VALUE,            /* a value is out of range (negative or absurd times, …) */
  HP_FORMAT_ERROR_DUPLICATE,        /* a node or run id appears twice */
  HP_FORMAT_ERROR_UNKNOWN_NODE,     /* an edge or baseline names an id that does not exist */
  HP_FORMAT_ERROR_VERSION,          /* a newer version of our own format */
  HP_FORMAT_ERROR_UNKNOWN_FORMAT,   /* valid JSON, but not a profile we know */
  HP_FORMAT_ERROR_UNSUPPORTED,      /* a format we can only write, not read (or the reverse) */
  HP_FORMAT_ERROR_TOO_LARGE,        /* past what Hotpath opens: file size, nodes, nesting (hp-format-limits.h) */
} HpFormatError;

typedef enum {
  HP_FORMAT_UNKNOWN,
  HP_FORMAT_HOTPATH,        /* our own *.hotpath JSON */
  HP_FORMAT_COMFYUI_NODE,   /* comfyui-node SDK JobProfileStats */
  HP_FORMAT_CHROME_TRACE,   /* Chrome trace event JSON */
  HP_FORMAT_CSV,            /* one row per node run (export only) */
  HP_FORMAT_COMFYUI_PROMPT,   /* ComfyUI API-format prompt (a graph, no timings) */
  HP_FORMAT_COMFYUI_WORKFLOW, /* ComfyUI editor workflow (graph with positions) */
  HP_FORMAT_COMFYUI_HISTORY,  /* ComfyUI GET /history or /history/PROMPT_ID */
  HP_FORMAT_DIFY,             /* Dify node executions or streaming event log */
  HP_FORMAT_NODETOOL,         /* NodeTool performance profiler export */
  HP_FORMAT_NODETOOL_WORKFLOW, /* NodeTool workflow JSON (graph with positions, no timings) */
  HP_FORMAT_NODETOOL_LOG,     /* NodeTool job/node update messages as JSON Lines */
  HP_FORMAT_COMFYUI_EVENTS,   /* ComfyUI websocket messages and graphs as JSON Lines (event log) */
} HpFormatKind;

/* Largest accepted time or duration: about 317 years in µs. Anything past
 * it is a corrupt file, not a slow workflow. Timestamps must also lie
 * between 1970 and 2200. */
#define HP_FORMAT_MAX_DURATION_US  ((gint64) 10000000000000000)
#define HP_FORMAT_MAX_TIMESTAMP_US ((gint64) 7258118400000000)

GQuark        hp_format_error_quark        (void);

/* "hotpath", "comfyui-node", "chrome-trace", "csv", "comfyui-prompt",
 * "comfyui-workflow", "comfyui-history", "dify", "nodetool",
 * "nodetool-workflow", "nodetool-log", "comfyui-events"; NULL for unknown */
const char   *hp_format_kind_to_string     (HpFormatKind kind);
HpFormatKind  hp_format_kind_from_string   (const char  *name);
const char   *hp_format_kind_get_label     (HpFormatKind kind);

G_END_DECLS
