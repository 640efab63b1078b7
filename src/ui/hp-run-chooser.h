/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hp-profile.h"

G_BEGIN_DECLS

/* A drop-down of a profile's runs, newest first, each labelled by its
 * start time and id (and its status when it did not succeed). Its "run"
 * is the run the user chose; it changes only when the user picks one or
 * hp_run_chooser_set_run() is called. */
#define HP_TYPE_RUN_CHOOSER (hp_run_chooser_get_type ())
G_DECLARE_FINAL_TYPE (HpRunChooser, hp_run_chooser, HP, RUN_CHOOSER, GtkWidget)

GtkWidget *hp_run_chooser_new          (void);
HpProfile *hp_run_chooser_get_profile  (HpRunChooser *self);
void       hp_run_chooser_set_profile  (HpRunChooser *self,
                                        HpProfile    *profile);
HpRun     *hp_run_chooser_get_run      (HpRunChooser *self);
void       hp_run_chooser_set_run      (HpRunChooser *self,
                                        HpRun        *run);
HpRun     *hp_run_chooser_ensure_run   (HpRunChooser *self,
                                        HpRun        *near);
char      *hp_run_chooser_format_run   (HpRun        *run);

G_END_DECLS
