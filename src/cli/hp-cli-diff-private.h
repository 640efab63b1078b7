/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hp-comparison.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* Shared by hp-cli-diff.c (arguments, loading) and hp-cli-diff-output.c
 * (JSON and text). */

/* One side of the diff: a run and the file it came from. */
typedef struct {
  char      *file;
  char      *run_id;    /* NULL: the latest run */
  HpProfile *profile;
  HpRun     *run;       /* owned by profile */
} HpCliDiffSide;

typedef struct {
  HpCliDiffSide  a;
  HpCliDiffSide  b;
  double         threshold_pct;
  double         noise_floor_us;
  HpComparison  *comparison;   /* B against A */
  GPtrArray     *order;        /* of const HpNodeDelta *, as printed */
} HpCliDiff;

char *hp_cli_diff_to_json (HpCliDiff *diff);
char *hp_cli_diff_to_text (HpCliDiff *diff);

G_END_DECLS
