/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-session.h"

G_BEGIN_DECLS

/* The history of runs of the session's profile, newest first. Selecting a
 * row sets the session's selected run and follows it back; the header pins
 * the selected run as the profile's baseline ("runs.pin-baseline") and
 * deletes it (activates "win.delete-run" with the run id). */
#define HP_TYPE_RUN_LIST (hp_run_list_get_type ())
G_DECLARE_FINAL_TYPE (HpRunList, hp_run_list, HP, RUN_LIST, GtkWidget)

GtkWidget          *hp_run_list_new                      (void);
HpSession          *hp_run_list_get_session              (HpRunList *self);
void                hp_run_list_set_session              (HpRunList *self,
                                                          HpSession *session);
/* The runs as shown (newest first) with their selection; for tests. */
GtkSingleSelection *hp_run_list_get_selection            (HpRunList *self);
gboolean            hp_run_list_get_selected_is_baseline (HpRunList *self);
void                hp_run_list_set_selected_is_baseline (HpRunList *self,
                                                          gboolean   pinned);

G_END_DECLS
