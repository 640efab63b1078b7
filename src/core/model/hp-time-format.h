/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How Hotpath writes times for people, the same in the window and in
 * hotpath-cli: "0.4 ms", "158.2 ms", "4.33 s", "2 min 05 s", "—". */
char *hp_format_duration_us  (double us);
/* ISO 8601 in UTC with milliseconds, NULL for HP_TIME_UNKNOWN. */
char *hp_format_timestamp_us (gint64 us);

G_END_DECLS
