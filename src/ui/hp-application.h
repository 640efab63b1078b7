/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HP_APPLICATION_ID "io.github.hotpath.Hotpath"

/* The Hotpath application: one HpWindow per document; files given on the
 * command line open each in its own window. */
#define HP_TYPE_APPLICATION (hp_application_get_type ())
G_DECLARE_FINAL_TYPE (HpApplication, hp_application, HP, APPLICATION, AdwApplication)

HpApplication *hp_application_new          (void);
GSettings     *hp_application_get_settings (HpApplication *self);
GtkWindow     *hp_application_new_window   (HpApplication *self);
GFile         *hp_application_get_demo_file (void);
void           hp_application_init_i18n    (void);
const char    *hp_application_get_server_url (HpApplication *self);
void           hp_application_add_recent_server (HpApplication *self,
                                                 const char    *url);

G_END_DECLS
