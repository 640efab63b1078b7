/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What Hotpath agrees to read, so that a huge or hostile file gets a
 * clear refusal instead of exhausting memory or the stack. The figures
 * behind each default are in docs/reliability.md ("Files"). */
typedef struct {
  guint64 max_file_bytes;   /* any file (1 GB): the native reader needs ~2.7 MB of memory per MB */
  guint64 max_tree_bytes;   /* formats read through a json-glib tree (64 MB): ~15 MB per MB */
  guint   max_graph_nodes;  /* nodes in one workflow graph (100,000) */
  guint   max_node_runs;    /* node runs in one profile (5,000,000: ~1 GB of model) */
  guint   max_depth;        /* nesting of arrays and objects for json-glib (512) */
} HpFormatLimits;

#define HP_FORMAT_MAX_FILE_BYTES   G_GUINT64_CONSTANT (1000000000)
#define HP_FORMAT_MAX_TREE_BYTES   G_GUINT64_CONSTANT (64000000)
#define HP_FORMAT_MAX_GRAPH_NODES  100000
#define HP_FORMAT_MAX_NODE_RUNS    5000000
#define HP_FORMAT_MAX_JSON_DEPTH   512

/* The limits in force (the defaults above unless a test changed them). */
const HpFormatLimits *_hp_format_limits                 (void);
/* Tests only: smaller limits, so a quick test reaches them; NULL
 * restores the defaults. Not thread-safe: set before loading. */
void                  _hp_format_limits_set_for_testing (const HpFormatLimits *limits);

/* Refuses a file of @size bytes past @max: "NAME is 2.1 GB; Hotpath opens
 * WHAT up to 1.0 GB" (HP_FORMAT_ERROR_TOO_LARGE). */
gboolean              _hp_format_check_size             (const char  *name,
                                                         guint64      size,
                                                         guint64      max,
                                                         const char  *what,
                                                         GError     **error);

/* Where the nesting of arrays and objects in @data first goes past
 * @max_depth (strings skipped, no recursion); FALSE when it never does. */
gboolean              _hp_json_find_deep_nesting        (const char  *data,
                                                         gsize        length,
                                                         guint        max_depth,
                                                         gsize       *offset);

/* FALSE with an HP_FORMAT_ERROR_TOO_LARGE error "SOURCE:LINE:COL: values
 * are nested too deeply (more than 512 levels)" when @data nests deeper
 * than the limit: json-glib 1.6 recurses once per level and overflows the
 * stack near 100,000 levels. */
gboolean              _hp_json_check_nesting            (const char  *data,
                                                         gsize        length,
                                                         const char  *source,
                                                         GError     **error);
/* FALSE with an HP_FORMAT_ERROR_SYNTAX error "SOURCE:LINE:COL: invalid
 * UTF-8 (byte 0xFF); the file must be UTF-8": json-glib only says the
 * data is not UTF-8, not where. */
gboolean              _hp_json_check_utf8               (const char  *data,
                                                         gsize        length,
                                                         const char  *source,
                                                         GError     **error);
/* The same as a json-glib parse error ("<data>:LINE:COL: Parse error:
 * …", JSON_PARSER_ERROR_INVALID_DATA), for _hp_json_load_data(). */
gboolean              _hp_json_check_nesting_parser     (const char  *data,
                                                         gsize        length,
                                                         GError     **error);

G_END_DECLS
