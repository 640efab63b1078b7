/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hp-profile.h"
#include "hp-recorder.h"

G_BEGIN_DECLS

/* Reads a ComfyUI event log (the JSON Lines of HpEventLogWriter) through
 * an HpRecorder, one line at a time: a big log is never one JSON tree.
 * Errors are HP_FORMAT_ERROR "SOURCE:LINE:COL: JSONPATH: what", or
 * G_IO_ERROR when the file cannot be read. */

/* The profile of the graph with the most runs; when the log holds more
 * graphs, each of its runs' notes says so. */
HpProfile *hp_event_log_read           (const char    *data,
                                        gsize          length,
                                        const char    *source_name,
                                        GError       **error);
/* (element-type HpProfile) (transfer full): every graph's profile. */
GPtrArray *hp_event_log_read_all       (const char    *data,
                                        gsize          length,
                                        const char    *source_name,
                                        GError       **error);
HpProfile *hp_event_log_read_file      (GFile         *file,
                                        GCancellable  *cancellable,
                                        GError       **error);
GPtrArray *hp_event_log_read_file_all  (GFile         *file,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* Feeds every line of @stream into @recorder (which the caller then
 * finishes); for callers that keep the recorder. */
gboolean   hp_event_log_feed_stream    (HpRecorder    *recorder,
                                        GInputStream  *stream,
                                        const char    *source_name,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS
