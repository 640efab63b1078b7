/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-comparison.h"

G_BEGIN_DECLS

/* How a delta is judged against the session's threshold and noise floor. */
typedef enum {
  HP_DELTA_VERDICT_NEUTRAL,
  HP_DELTA_VERDICT_SLOWER,   /* a regression */
  HP_DELTA_VERDICT_FASTER,   /* an improvement beyond the same limits */
} HpDeltaVerdict;

/* One line of the comparison panel: a node (or the whole run) with its
 * current and reference time, the delta in time and percent, and, when
 * it is judged slower or faster, a colour, an icon and the word. */
#define HP_TYPE_DELTA_ROW (hp_delta_row_get_type ())
G_DECLARE_FINAL_TYPE (HpDeltaRow, hp_delta_row, HP, DELTA_ROW, GtkListBoxRow)

GtkWidget      *hp_delta_row_new              (const HpNodeDelta *delta,
                                               const char        *title,
                                               HpDeltaVerdict     verdict);
const char     *hp_delta_row_get_node_id      (HpDeltaRow        *self);
HpDeltaVerdict  hp_delta_row_get_verdict      (HpDeltaRow        *self);

char           *hp_delta_row_format_delta_us  (double             delta_us);
char           *hp_delta_row_format_delta_pct (double             delta_pct);

G_END_DECLS
