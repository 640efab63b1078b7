/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-session.h"

G_BEGIN_DECLS

/* The advisor's findings (hp_insights_compute()) about the session's
 * selected run and the whole history, most severe first; each names the
 * nodes it concerns (a click jumps to the node) and can be dismissed for
 * the profile (win.dismiss-insight, with Undo). A toggle shows the
 * dismissed ones again, to restore them.
 *
 * Actions: insights.jump-to-node (s: a node id). */
#define HP_TYPE_INSIGHTS_PANEL (hp_insights_panel_get_type ())
G_DECLARE_FINAL_TYPE (HpInsightsPanel, hp_insights_panel, HP, INSIGHTS_PANEL, GtkWidget)

GtkWidget  *hp_insights_panel_new                 (void);
HpSession  *hp_insights_panel_get_session         (HpInsightsPanel *self);
void        hp_insights_panel_set_session         (HpInsightsPanel *self,
                                                   HpSession       *session);
/* (transfer none): the insights listed, of HpInsight, in display order
 * (the dismissed ones last, when shown) */
GListModel *hp_insights_panel_get_model           (HpInsightsPanel *self);
guint       hp_insights_panel_get_n_dismissed     (HpInsightsPanel *self);
gboolean    hp_insights_panel_get_show_dismissed  (HpInsightsPanel *self);
void        hp_insights_panel_set_show_dismissed  (HpInsightsPanel *self,
                                                   gboolean         show);

G_END_DECLS
