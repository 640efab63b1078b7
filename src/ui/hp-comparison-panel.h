/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-comparison.h"
#include "hp-session.h"

G_BEGIN_DECLS

/* Compares the session's selected run with a reference chosen in its
 * header (previous successful run, historical mean, pinned baseline, or
 * any other run picked from a drop-down): the
 * execution time in total and every node with a delta, largest change
 * first, regressions and improvements called out in colour, icon and
 * word. Activating a node row jumps to that node. */
#define HP_TYPE_COMPARISON_PANEL (hp_comparison_panel_get_type ())
G_DECLARE_FINAL_TYPE (HpComparisonPanel, hp_comparison_panel, HP, COMPARISON_PANEL, GtkWidget)

GtkWidget       *hp_comparison_panel_new            (void);
HpSession       *hp_comparison_panel_get_session    (HpComparisonPanel *self);
void             hp_comparison_panel_set_session    (HpComparisonPanel *self,
                                                     HpSession         *session);
HpReferenceKind  hp_comparison_panel_get_reference  (HpComparisonPanel *self);
void             hp_comparison_panel_set_reference  (HpComparisonPanel *self,
                                                     HpReferenceKind    reference);
HpRun           *hp_comparison_panel_get_reference_run (HpComparisonPanel *self);
void             hp_comparison_panel_set_reference_run (HpComparisonPanel *self,
                                                        HpRun             *run);
/* What is shown; %NULL while a message explains why there is nothing. */
HpComparison    *hp_comparison_panel_get_comparison (HpComparisonPanel *self);

G_END_DECLS
