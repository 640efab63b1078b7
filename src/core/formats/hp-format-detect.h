/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-format.h"

G_BEGIN_DECLS

/* Private to the formats folder: the full result of a detection, so the
 * loader can say where an undetectable document breaks or ends. The
 * public entry point is hp_format_detect() in hp-profile-io.h. */

typedef enum {
  SNIFF_OK,
  SNIFF_TRUNCATED,
  SNIFF_MALFORMED,
} SniffStatus;

typedef struct {
  HpFormatKind  kind;
  char         *description;      /* owned: what the data looks like */
  SniffStatus   status;
  gsize         problem_offset;   /* where it breaks, when status != SNIFF_OK */
} HpDetection;

void _hp_format_detect_full (const char  *data,
                             gsize        length,
                             HpDetection *out);

G_END_DECLS
