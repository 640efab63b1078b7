/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-insight.h"
#include "hp-profile.h"

G_BEGIN_DECLS

/* One entry of the insights panel: a severity icon and word, the kind, the
 * message, the figures behind it, a button per node it concerns (the
 * insights.jump-to-node action) and a dismiss button (win.dismiss-insight,
 * or win.restore-insight when it is dismissed). */
#define HP_TYPE_INSIGHT_ROW (hp_insight_row_get_type ())
G_DECLARE_FINAL_TYPE (HpInsightRow, hp_insight_row, HP, INSIGHT_ROW, GtkWidget)

GtkWidget  *hp_insight_row_new                (void);
void        hp_insight_row_set_insight        (HpInsightRow      *self,
                                               HpInsight         *insight,
                                               HpProfile         *profile,
                                               gboolean           dismissed);
HpInsight  *hp_insight_row_get_insight        (HpInsightRow      *self);
const char *hp_insight_row_get_key            (HpInsightRow      *self);
gboolean    hp_insight_row_get_dismissed      (HpInsightRow      *self);

const char *hp_insight_severity_label         (HpInsightSeverity  severity);
const char *hp_insight_severity_icon_name     (HpInsightSeverity  severity);
const char *hp_insight_kind_label             (HpInsightKind      kind);
char       *hp_insight_format_figures         (HpInsight         *insight);

G_END_DECLS
