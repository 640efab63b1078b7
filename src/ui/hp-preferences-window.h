/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The Preferences window: regression threshold and noise floor, how many
 * bottlenecks to list and the heatmap's mode and thresholds. Every control
 * is bound to the app's GSettings, so a change applies at once to every
 * open window (they bind the same keys). */
#define HP_TYPE_PREFERENCES_WINDOW (hp_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (HpPreferencesWindow, hp_preferences_window, HP, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

HpPreferencesWindow *hp_preferences_window_new          (GSettings           *settings);
GSettings           *hp_preferences_window_get_settings (HpPreferencesWindow *self);
/* Puts every key the window shows back to its default. */
void                 hp_preferences_window_reset        (HpPreferencesWindow *self);

G_END_DECLS
