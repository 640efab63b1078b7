/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hp-format.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* Detects the format from the content (never from the name). When the
 * data is JSON of no known kind, @description (if not NULL) gets a short
 * guess of what it looks like ("an array of numbers", "a ComfyUI API
 * prompt", …) for the error message. */
HpFormatKind  hp_format_detect      (const char    *data,
                                     gsize          length,
                                     char         **description);

/* Reads any supported format. Errors are HP_FORMAT_ERROR (or G_FILE_ERROR
 * when the file cannot be read) and their messages start with @path. */
HpProfile    *hp_profile_load_file  (const char    *path,
                                     GError       **error);
HpProfile    *hp_profile_load_data  (const char    *data,
                                     gsize          length,
                                     const char    *source_name,
                                     GError       **error);

/* Serialises @profile as @kind (HOTPATH, CHROME_TRACE or CSV). */
GBytes       *hp_profile_serialize  (HpProfile     *profile,
                                     HpFormatKind   kind,
                                     GError       **error);
/* Writes atomically: a temporary file beside @path, then rename, so a
 * failed save leaves the old file intact and no partial file behind. */
gboolean      hp_profile_save_file  (HpProfile     *profile,
                                     const char    *path,
                                     HpFormatKind   kind,
                                     GError       **error);
/* The same for bytes from hp_profile_serialize(); it touches no
 * profile, so it may run in another thread (the app's autosave). */
gboolean      hp_profile_save_bytes (GBytes        *bytes,
                                     const char    *path,
                                     GError       **error);

G_END_DECLS
