/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hp-format.h"
#include "hp-live-controller.h"
#include "hp-session.h"
#include "hp-window.h"

G_BEGIN_DECLS

/* Shared by hp-window.c and hp-window-actions.c only. */

/* The view-model of the open document; NULL while the window is empty. */
HpSession *hp_window_get_session          (HpWindow   *self);
/* Shows @toast over the window's content (takes ownership). */
void       hp_window_add_toast            (HpWindow   *self,
                                           AdwToast   *toast);
/* A plain message toast; @message is text, not markup. */
void       hp_window_show_message         (HpWindow   *self,
                                           const char *message);
/* The file the document is saved in (after Save As); updates the title. */
void       hp_window_set_file             (HpWindow   *self,
                                           GFile      *file);
/* Unsaved changes: shown in the title, asked about on close. */
gboolean   hp_window_get_modified         (HpWindow   *self);
void       hp_window_set_modified         (HpWindow   *self,
                                           gboolean    modified);

/* Lists @file among the recent profiles (GtkRecentManager). */
void       _hp_window_add_to_recent       (GFile      *file);

/* hp-window-actions.c: installs the document actions (save, save as,
 * export, clear history, delete run…) on the class. */
void       _hp_window_class_actions_init  (GtkWidgetClass *widget_class);
/* Enables or disables them for the window's current state. */
void       _hp_window_actions_update      (HpWindow   *self);
/* Called on close: returns TRUE when closing must wait (the user is
 * asked about unsaved changes first). */
gboolean   _hp_window_actions_close_request (HpWindow *self);

/* What the Save As and Export dialogs do with the chosen file (also the
 * tests' way in, since a native dialog cannot be driven headless). */
gboolean   _hp_window_save_to_file        (HpWindow      *self,
                                           GFile         *file,
                                           GError       **error);
gboolean   _hp_window_export_to_file      (HpWindow      *self,
                                           GFile         *file,
                                           HpFormatKind   kind,
                                           GError       **error);

/* hp-window-file-watch.c: the document's file changing on disk. */
typedef void (*HpWindowSaveDecision) (HpWindow *self,
                                      gboolean  overwrite);
void       _hp_window_file_watch_set_file (HpWindow   *self,
                                           GFile      *file);
void       _hp_window_file_watch_saved    (HpWindow   *self);
gboolean   _hp_window_file_watch_changed_on_disk (HpWindow *self);
gboolean   _hp_window_file_watch_ask_before_save (HpWindow             *self,
                                                  HpWindowSaveDecision  decide);
AdwMessageDialog *
           _hp_window_file_watch_get_dialog (HpWindow *self);
/* Shows @profile instead of the current document (Reload), unmodified. */
void       _hp_window_replace_profile     (HpWindow   *self,
                                           HpProfile  *profile);

/* Shows @profile in the empty window (a live recording: no file yet). */
void       _hp_window_show_profile        (HpWindow   *self,
                                           HpProfile  *profile);

/* hp-window-live.c: connecting, the indicator, live windows, autosave. */
void       _hp_window_class_live_init     (GtkWidgetClass *widget_class);
void       _hp_window_live_init           (HpWindow   *self);
HpLiveController *
           _hp_window_get_live            (HpWindow   *self);
void       _hp_window_live_connect_async  (HpWindow            *self,
                                           HpLiveController    *controller,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
HpLiveController *
           _hp_window_live_connect_finish (HpWindow      *self,
                                           GAsyncResult  *result,
                                           GError       **error);
void       _hp_window_live_show_profile   (HpWindow         *self,
                                           HpLiveController *controller,
                                           HpProfile        *profile);
HpWindow  *_hp_window_live_open_profile   (GtkApplication   *app,
                                           HpLiveController *controller,
                                           HpProfile        *profile);
HpWindow  *_hp_window_live_find_window    (GtkApplication   *app,
                                           HpProfile        *profile);
/* The document was saved to @file / discarded on close: its autosaved
 * recording is not needed any more. */
void       _hp_window_live_saved          (HpWindow   *self,
                                           GFile      *file);
void       _hp_window_live_discarded      (HpWindow   *self);
void       _hp_window_live_update_recovery (HpWindow  *self);

G_END_DECLS
