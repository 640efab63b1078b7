/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live side of HpWindow: connecting (win.connect, win.connect-to),
 * the connection indicator, a window per recorded workflow, following the
 * live run, and the autosaved recordings (recovery on the next start, and
 * removal once the user saved or discarded them). */
#include "hp-window-private.h"

#include <glib/gi18n.h>

#include "hp-config.h"
#include "hp-connect-dialog.h"
#include "hp-connection-indicator.h"
#include "hp-graph-canvas.h"
#include "hp-live-controller.h"
#include "hp-node-list.h"

typedef struct
{
  HpLiveController *controller;   /* the connection the indicator shows */
  GFile            *autosave;     /* a recovered document's autosave file */
  guint             n_runs_seen;  /* runs of the document at the last update */
} LiveState;

static GQuark
live_state_quark (void)
{
  return g_quark_from_static_string ("hp-window-live-state");
}

static void
live_state_free (LiveState *state)
{
  /* Its handlers were connected with g_signal_connect_object(): they go
   * with the window. */
  g_clear_object (&state->controller);
  g_clear_object (&state->autosave);
  g_free (state);
}

static LiveState *
get_state (HpWindow *self)
{
  LiveState *state = g_object_get_qdata (G_OBJECT (self), live_state_quark ());

  if (state == NULL)
    {
      state = g_new0 (LiveState, 1);
      g_object_set_qdata_full (G_OBJECT (self), live_state_quark (), state,
                               (GDestroyNotify) live_state_free);
    }
  return state;
}

static GtkWidget *
template_child (HpWindow   *self,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), HP_TYPE_WINDOW, name));
}

static HpGraphCanvas *
get_canvas (HpWindow *self)
{
  return HP_GRAPH_CANVAS (template_child (self, "canvas"));
}

/* ---- the app's live state ------------------------------------------------- */

/* Connections stay alive with the app (windows may come and go), and the
 * recordings left from last time are found once, at the first window. */
typedef struct
{
  GPtrArray *controllers;   /* HpLiveController */
  GPtrArray *recovered;     /* GFile: autosave files from an earlier session */
} AppLive;

static void
app_live_free (AppLive *live)
{
  for (guint i = 0; i < live->controllers->len; i++)
    hp_live_controller_disconnect (g_ptr_array_index (live->controllers, i));
  g_ptr_array_unref (live->controllers);
  g_ptr_array_unref (live->recovered);
  g_free (live);
}

static GPtrArray *
scan_autosaved (void)
{
  g_autoptr(GFile) dir = hp_live_autosave_dir ();
  g_autoptr(GFileEnumerator) children = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE,
                                        NULL, NULL);
  if (children == NULL)
    return files;
  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_str_has_suffix (name, ".hotpath"))
        g_ptr_array_add (files, g_file_get_child (dir, name));
      g_object_unref (info);
    }
  return files;
}

static AppLive *
get_app_live (GtkApplication *app)
{
  AppLive *live;

  if (app == NULL)
    return NULL;
  live = g_object_get_data (G_OBJECT (app), "hp-live");
  if (live == NULL)
    {
      live = g_new0 (AppLive, 1);
      live->controllers = g_ptr_array_new_with_free_func (g_object_unref);
      live->recovered = scan_autosaved ();
      g_object_set_data_full (G_OBJECT (app), "hp-live", live, (GDestroyNotify) app_live_free);
    }
  return live;
}

/* ---- following the live run ---------------------------------------------- */

static HpRun *
find_running_run (HpProfile *profile)
{
  for (guint i = hp_profile_get_n_runs (profile); i > 0; i--)
    {
      HpRun *run = hp_profile_get_run (profile, i - 1);

      if (hp_run_get_status (run) == HP_RUN_STATUS_RUNNING)
        return run;
    }
  return NULL;
}

static void
update_live_view (HpWindow *self)
{
  LiveState *state = get_state (self);
  HpSession *session = hp_window_get_session (self);
  HpProfile *profile = hp_window_get_profile (self);
  GtkWidget *button = template_child (self, "live_run_button");
  HpRun *running = NULL;
  guint n_runs;

  g_assert (HP_IS_WINDOW (self));

  if (session != NULL && state->controller != NULL)
    running = find_running_run (profile);
  /* The user looks at another run while one executes: offer the way back. */
  gtk_widget_set_visible (button, running != NULL && hp_session_get_selected_run (session) != running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.follow-live-run", running != NULL);
  if (session != NULL)
    {
      hp_graph_canvas_live_changed (get_canvas (self));
      hp_node_list_live_changed (HP_NODE_LIST (template_child (self, "node_list_view")));
    }

  /* New recordings are unsaved changes. */
  n_runs = profile != NULL ? hp_profile_get_n_runs (profile) : 0;
  if (state->controller != NULL && n_runs != state->n_runs_seen)
    {
      state->n_runs_seen = n_runs;
      if (n_runs > 0)
        hp_window_set_modified (self, TRUE);
    }
}

static void
profile_updated_cb (HpWindow  *self,
                    HpProfile *profile)
{
  if (profile == hp_window_get_profile (self))
    update_live_view (self);
}

static void
controller_error_cb (HpWindow   *self,
                     const char *message)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* Once, in the window the user is in (or this one, without an app). */
  if (app == NULL || gtk_application_get_active_window (app) == GTK_WINDOW (self))
    hp_window_show_message (self, message);
}

static void
update_actions (HpWindow *self)
{
  LiveState *state = get_state (self);
  HpLiveController *c = state->controller;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.disconnect",
                                 c != NULL && hp_live_controller_get_state (c) != HP_COMFY_CLIENT_DISCONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-runs",
                                 c != NULL && hp_live_controller_get_running (c));
}

static void
attach (HpWindow         *self,
        HpLiveController *controller)
{
  LiveState *state = get_state (self);

  g_assert (HP_IS_WINDOW (self));

  if (state->controller == controller)
    return;
  if (state->controller != NULL)
    g_signal_handlers_disconnect_matched (state->controller, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_set_object (&state->controller, controller);
  hp_connection_indicator_set_controller (HP_CONNECTION_INDICATOR (template_child (self, "connection_indicator")),
                                          controller);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "profile-updated", G_CALLBACK (profile_updated_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "error", G_CALLBACK (controller_error_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::state", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::running", G_CALLBACK (update_actions), self,
                               G_CONNECT_SWAPPED);
    }
  update_actions (self);
}

/**
 * _hp_window_live_show_profile:
 *
 * Shows @profile, a workflow @controller records, in the empty @self.
 */
void
_hp_window_live_show_profile (HpWindow         *self,
                              HpLiveController *controller,
                              HpProfile        *profile)
{
  g_return_if_fail (HP_IS_WINDOW (self));
  g_return_if_fail (HP_IS_LIVE_CONTROLLER (controller));
  g_return_if_fail (hp_window_get_profile (self) == NULL);

  attach (self, controller);
  _hp_window_show_profile (self, profile);
  g_signal_connect_object (hp_window_get_session (self), "notify::selected-run",
                           G_CALLBACK (update_live_view), self, G_CONNECT_SWAPPED);
  update_live_view (self);
  _hp_window_live_update_recovery (self);
}

HpWindow *
_hp_window_live_find_window (GtkApplication *app,
                             HpProfile      *profile)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (HP_IS_WINDOW (l->data) && hp_window_get_profile (l->data) == profile)
      return l->data;
  return NULL;
}

/**
 * _hp_window_live_open_profile:
 *
 * Opens a new window for @profile (a new workflow graph, or one whose
 * window was closed).
 */
HpWindow *
_hp_window_live_open_profile (GtkApplication   *app,
                              HpLiveController *controller,
                              HpProfile        *profile)
{
  HpWindow *window;

  g_return_val_if_fail (HP_IS_APPLICATION (app), NULL);

  window = HP_WINDOW (hp_application_new_window (HP_APPLICATION (app)));
  _hp_window_live_show_profile (window, controller, profile);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

HpLiveController *
_hp_window_get_live (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), NULL);
  return get_state (self)->controller;
}

/* ---- connecting ----------------------------------------------------------- */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HpLiveController *controller = HP_LIVE_CONTROLLER (object);
  g_autoptr(GTask) task = user_data;
  HpWindow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkApplication *app;
  AdwToast *toast;
  AppLive *live;

  if (!hp_live_controller_start_finish (controller, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  live = get_app_live (app);
  if (live != NULL)
    g_ptr_array_add (live->controllers, g_object_ref (controller));
  if (HP_IS_APPLICATION (app))
    hp_application_add_recent_server (HP_APPLICATION (app), hp_live_controller_get_address (controller));

  /* The indicator goes where the user connected, unless this window
   * already shows another live connection that still runs. */
  if (_hp_window_get_live (self) == NULL || hp_window_get_profile (self) == NULL ||
      hp_live_controller_get_state (_hp_window_get_live (self)) == HP_COMFY_CLIENT_DISCONNECTED)
    attach (self, controller);

  /* Short: the indicator keeps saying it. */
  message = g_markup_printf_escaped (_("Connected to %s"), hp_live_controller_get_server_label (controller));
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 3);
  hp_window_add_toast (self, toast);
  g_task_return_pointer (task, g_object_ref (controller), g_object_unref);
}

/**
 * _hp_window_live_connect_async:
 * @self: the window the user connects from
 * @controller: a new controller (hp_live_controller_new(), token set)
 *
 * What the Connect dialog and win.connect-to do: connects @controller,
 * recording into the autosave folder; once connected, the window shows
 * the indicator and the first workflow recorded (if it is empty).
 */
void
_hp_window_live_connect_async (HpWindow            *self,
                               HpLiveController    *controller,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GFile) dir = hp_live_autosave_dir ();
  GTask *task;

  g_return_if_fail (HP_IS_WINDOW (self));
  g_return_if_fail (HP_IS_LIVE_CONTROLLER (controller));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _hp_window_live_connect_async);
  hp_live_controller_set_origin (controller, GTK_WINDOW (self));
  hp_live_controller_set_autosave_dir (controller, dir);
  hp_live_controller_start_async (controller, cancellable, connect_cb, task);
}

/* Returns: (transfer full): the connected controller, or %NULL */
HpLiveController *
_hp_window_live_connect_finish (HpWindow      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
show_connect_dialog (HpWindow   *self,
                     const char *address,
                     const char *error_message)
{
  HpConnectDialog *dialog = hp_connect_dialog_new (self);

  if (address != NULL)
    hp_connect_dialog_set_address (dialog, address);
  if (error_message != NULL)
    hp_connect_dialog_show_error (dialog, error_message);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  show_connect_dialog (HP_WINDOW (widget), NULL, NULL);
}

static void
connect_to_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HpWindow *self = HP_WINDOW (object);
  g_autofree char *address = user_data;
  g_autoptr(HpLiveController) controller = NULL;
  g_autoptr(GError) error = NULL;

  controller = _hp_window_live_connect_finish (self, result, &error);
  /* The dialog says what went wrong and lets the user try again. */
  if (controller == NULL)
    show_connect_dialog (self, address, error->message);
}

/* win.connect-to (s): watch a server without asking (`hotpath --connect`). */
static void
connect_to_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  const char *address = g_variant_get_string (parameter, NULL);
  g_autoptr(HpLiveController) controller = NULL;
  g_autoptr(GError) error = NULL;

  controller = hp_live_controller_new (address, &error);
  if (controller == NULL)
    {
      show_connect_dialog (self, address, error->message);
      return;
    }
  _hp_window_live_connect_async (self, controller, NULL, connect_to_cb, g_strdup (address));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HpLiveController *controller = _hp_window_get_live (HP_WINDOW (widget));

  if (controller != NULL)
    hp_live_controller_disconnect (controller);
}

static void
stop_runs_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HpLiveController *controller = _hp_window_get_live (HP_WINDOW (widget));

  if (controller != NULL)
    hp_live_controller_stop_runs (controller);
}

static void
follow_live_run_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  HpSession *session = hp_window_get_session (self);
  HpRun *running = session != NULL ? find_running_run (hp_session_get_profile (session)) : NULL;

  if (running != NULL)
    hp_session_set_selected_run (session, running);
}

/* ---- autosave and recovery ------------------------------------------------ */

static GFile *
document_autosave (HpWindow *self)
{
  LiveState *state = get_state (self);

  if (state->autosave != NULL)
    return state->autosave;
  if (state->controller != NULL && hp_window_get_profile (self) != NULL)
    return hp_live_controller_get_autosave_file (state->controller, hp_window_get_profile (self));
  return NULL;
}

static void
delete_autosave (HpWindow *self,
                 GFile    *keep)
{
  LiveState *state = get_state (self);
  GFile *autosave = document_autosave (self);
  g_autoptr(GError) error = NULL;

  if (autosave == NULL || (keep != NULL && g_file_equal (autosave, keep)))
    return;
  if (!g_file_delete (autosave, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Could not remove the autosaved recording: %s", error->message);
  g_clear_object (&state->autosave);
}

/**
 * _hp_window_live_saved:
 * @file: where the document was saved
 *
 * The recording is safe elsewhere now: its autosave file goes.
 */
void
_hp_window_live_saved (HpWindow *self,
                       GFile    *file)
{
  g_return_if_fail (HP_IS_WINDOW (self));
  delete_autosave (self, file);
}

/* The user closed the document choosing Discard. */
void
_hp_window_live_discarded (HpWindow *self)
{
  g_return_if_fail (HP_IS_WINDOW (self));
  delete_autosave (self, NULL);
}

void
_hp_window_live_update_recovery (HpWindow *self)
{
  AppLive *live = get_app_live (gtk_window_get_application (GTK_WINDOW (self)));
  guint n = live != NULL ? live->recovered->len : 0;
  g_autofree char *text = NULL;

  g_return_if_fail (HP_IS_WINDOW (self));

  gtk_widget_set_visible (template_child (self, "recovery_box"), n > 0 && hp_window_get_profile (self) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.recover-autosaved", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-autosaved", n > 0);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Recovered %u recording from last time",
                                       "Recovered %u recordings from last time", n), n);
  gtk_label_set_text (GTK_LABEL (template_child (self, "recovery_label")), text);
}

static void
update_all_recovery (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (HP_IS_WINDOW (l->data))
      _hp_window_live_update_recovery (l->data);
}

/* A recovered recording is an unsaved document: no file, modified. */
static void
recovered_loaded_cb (HpWindow *self)
{
  if (hp_window_get_profile (self) == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self, recovered_loaded_cb, NULL);
  hp_window_set_file (self, NULL);
  hp_window_set_modified (self, TRUE);
}

static void
recover_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  AppLive *live = get_app_live (app);
  g_autoptr(GPtrArray) files = NULL;

  if (live == NULL || live->recovered->len == 0)
    return;
  files = g_steal_pointer (&live->recovered);
  live->recovered = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      HpWindow *window = self;

      if (i > 0 || hp_window_get_profile (self) != NULL || hp_window_get_loading (self))
        window = HP_WINDOW (hp_application_new_window (HP_APPLICATION (app)));
      g_set_object (&get_state (window)->autosave, file);
      g_signal_connect (window, "notify::profile", G_CALLBACK (recovered_loaded_cb), NULL);
      hp_window_open_file (window, file);
      gtk_window_present (GTK_WINDOW (window));
    }
  update_all_recovery (app);
}

static void
discard_recovered_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  AppLive *live = get_app_live (app);

  if (live == NULL)
    return;
  for (guint i = 0; i < live->recovered->len; i++)
    g_file_delete (g_ptr_array_index (live->recovered, i), NULL, NULL);
  g_ptr_array_set_size (live->recovered, 0);
  update_all_recovery (app);
}

/* ---- setup ---------------------------------------------------------------- */

void
_hp_window_class_live_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (HP_TYPE_CONNECTION_INDICATOR);
  /* Found with gtk_widget_get_template_child(); no field in HpWindow. */
  gtk_widget_class_bind_template_child_full (widget_class, "connection_indicator", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "live_run_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recovery_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recovery_label", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.connect-to", "s", connect_to_action);
  gtk_widget_class_install_action (widget_class, "win.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "win.stop-runs", NULL, stop_runs_action);
  gtk_widget_class_install_action (widget_class, "win.follow-live-run", NULL, follow_live_run_action);
  gtk_widget_class_install_action (widget_class, "win.recover-autosaved", NULL, recover_action);
  gtk_widget_class_install_action (widget_class, "win.discard-autosaved", NULL, discard_recovered_action);
}

/* Called once the window has its application (recovery is the app's). */
void
_hp_window_live_init (HpWindow *self)
{
  g_return_if_fail (HP_IS_WINDOW (self));

  update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.follow-live-run", FALSE);
  _hp_window_live_update_recovery (self);
}
