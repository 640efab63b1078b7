/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-connect-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hp-comfy-address.h"
#include "hp-config.h"
#include "hp-live-controller.h"
#include "hp-prompt-source.h"
#include "hp-time-format.h"
#include "hp-token-memory.h"
#include "hp-window-private.h"

/* How many recent servers the dialog lists, and history prompts. */
#define MAX_RECENT   5
#define MAX_HISTORY  20

struct _HpConnectDialog
{
  AdwWindow             parent_instance;

  HpWindow             *parent;          /* weak */
  GFile                *prompt_file;     /* chosen with Choose… */
  GPtrArray            *choices;         /* HpPromptChoice of the loaded history */
  HpComfyClient        *history_client;  /* while loading the history */
  GCancellable         *cancellable;
  gboolean              busy;
  gboolean              error_shown;

  GtkWidget            *connect_button;
  GtkSpinner           *spinner;
  GtkWidget            *form;
  GtkLabel             *status_label;
  AdwEntryRow          *address_row;
  AdwEntryRow          *token_row;
  AdwActionRow         *remember_row;
  GtkSwitch            *remember_switch;
  HpTokenMemory        *token_memory;    /* the keyring */
  GtkLabel             *address_error;
  GtkWidget            *recent_group;
  GtkListBox           *recent_list;
  GtkCheckButton       *watch_check;
  GtkCheckButton       *run_check;
  GtkWidget            *run_group;
  AdwActionRow         *document_row;
  GtkCheckButton       *document_check;
  AdwActionRow         *file_row;
  GtkCheckButton       *file_check;
  GtkCheckButton       *history_check;
  GtkWidget            *history_button;
  GtkListBox           *history_list;
  GtkSpinButton        *runs_spin;
  GtkSwitch            *seed_switch;
};

G_DEFINE_FINAL_TYPE (HpConnectDialog, hp_connect_dialog, ADW_TYPE_WINDOW)

static void
set_status (HpConnectDialog *self,
            const char      *text,
            gboolean         error)
{
  g_assert (HP_IS_CONNECT_DIALOG (self));

  self->error_shown = error && text != NULL;
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
set_address_error (HpConnectDialog *self,
                   const char      *text)
{
  gtk_label_set_text (self->address_error, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->address_error), text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

static void
set_busy (HpConnectDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->connect_button, !busy);
  gtk_widget_set_sensitive (self->form, !busy);
}

static void
address_changed_cb (HpConnectDialog *self)
{
  set_address_error (self, NULL);
}

static void
mode_toggled_cb (HpConnectDialog *self)
{
  gboolean run = gtk_check_button_get_active (self->run_check);

  gtk_widget_set_visible (self->run_group, run);
  gtk_widget_set_visible (GTK_WIDGET (self->history_list),
                          run && self->choices != NULL && self->choices->len > 0);
}

static void
cancel_clicked_cb (HpConnectDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
}

static void
recent_activated_cb (HpConnectDialog *self,
                     GtkListBoxRow   *row)
{
  hp_connect_dialog_set_address (self, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

static void
fill_recent (HpConnectDialog *self)
{
  GtkApplication *app = self->parent != NULL ? gtk_window_get_application (GTK_WINDOW (self->parent)) : NULL;
  GSettings *settings = HP_IS_APPLICATION (app) ? hp_application_get_settings (HP_APPLICATION (app)) : NULL;
  g_auto(GStrv) servers = NULL;
  guint n;

  if (settings == NULL)
    return;
  servers = g_settings_get_strv (settings, "recent-servers");
  for (n = 0; servers[n] != NULL && n < MAX_RECENT; n++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), servers[n]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("document-open-recent-symbolic"));
      gtk_list_box_append (self->recent_list, row);
    }
  gtk_widget_set_visible (self->recent_group, n > 0);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                         servers[0] != NULL ? servers[0] : "http://127.0.0.1:8188");
}

/* ---- the workflow to run ------------------------------------------------- */

static void
choose_response_cb (GtkNativeDialog *native,
                    int              response,
                    HpConnectDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

      if (file != NULL)
        {
          g_set_object (&self->prompt_file, file);
          adw_action_row_set_subtitle (self->file_row, name);
          gtk_check_button_set_active (self->file_check, TRUE);
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_file_cb (HpConnectDialog *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Choose a Prompt"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("ComfyUI prompts and event logs"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.jsonl");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect_object (native, "response", G_CALLBACK (choose_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static GtkWidget *
history_row_new (const HpPromptChoice *choice)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;

  if (choice->started_us != HP_TIME_UNKNOWN)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (choice->started_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;
    }
  /* Translators: a prompt of the server's history: when it ran, how many nodes */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u node", "%s · %u nodes", choice->n_nodes),
                           when != NULL ? when : _("time unknown"), choice->n_nodes);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), choice->prompt_id);
  return row;
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HpConnectDialog) self = user_data;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  history = hp_comfy_client_fetch_history_finish (HP_COMFY_CLIENT (object), result, &error);
  g_clear_object (&self->history_client);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (history == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }

  g_clear_pointer (&self->choices, g_ptr_array_unref);
  self->choices = hp_prompt_choices_from_history (history);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);
  for (guint i = 0; i < self->choices->len; i++)
    gtk_list_box_append (self->history_list, history_row_new (g_ptr_array_index (self->choices, i)));
  if (self->choices->len > 0)
    {
      gtk_list_box_select_row (self->history_list, gtk_list_box_get_row_at_index (self->history_list, 0));
      set_status (self, NULL, FALSE);
    }
  else
    set_status (self, _("The server’s history has no prompts to run"), TRUE);
  gtk_check_button_set_active (self->history_check, TRUE);
  mode_toggled_cb (self);
}

static HpComfyClient *
make_client (HpConnectDialog *self)
{
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  g_autoptr(HpComfyClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = hp_comfy_client_new (address, &error);
  if (client == NULL)
    {
      set_address_error (self, error->message);
      return NULL;
    }
  if (token != NULL && *token != '\0')
    hp_comfy_client_set_auth (client, strchr (token, ':') != NULL ? HP_COMFY_AUTH_BASIC : HP_COMFY_AUTH_BEARER,
                              token);
  return g_steal_pointer (&client);
}

static void
load_history_cb (HpConnectDialog *self)
{
  set_status (self, NULL, FALSE);
  g_clear_object (&self->history_client);
  self->history_client = make_client (self);
  if (self->history_client == NULL)
    return;
  set_busy (self, TRUE);
  set_status (self, _("Loading the server’s history…"), FALSE);
  hp_comfy_client_fetch_history_async (self->history_client, MAX_HISTORY, self->cancellable,
                                       history_cb, g_object_ref (self));
}

/* The prompt to run, from the chosen source. */
static JsonNode *
get_prompt (HpConnectDialog  *self,
            JsonNode        **workflow,
            GError          **error)
{
  *workflow = NULL;
  if (gtk_check_button_get_active (self->document_check))
    {
      GFile *file = self->parent != NULL ? hp_window_get_file (self->parent) : NULL;

      if (file == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The open document has no workflow file; choose a prompt file instead"));
          return NULL;
        }
      return hp_prompt_source_load_file (file, workflow, error);
    }
  if (gtk_check_button_get_active (self->file_check))
    {
      if (self->prompt_file == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Choose a prompt file first"));
          return NULL;
        }
      return hp_prompt_source_load_file (self->prompt_file, workflow, error);
    }
  else
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->history_list);
      HpPromptChoice *choice;

      if (row == NULL || self->choices == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("Load the server’s history and pick a prompt first"));
          return NULL;
        }
      choice = g_ptr_array_index (self->choices, gtk_list_box_row_get_index (row));
      *workflow = choice->workflow != NULL ? json_node_ref (choice->workflow) : NULL;
      return json_node_ref (choice->graph);
    }
}

/* ---- connecting ----------------------------------------------------------- */

typedef struct
{
  HpConnectDialog *dialog;
  JsonNode        *prompt;     /* nullable: watch */
  JsonNode        *workflow;
  guint            n_runs;
  gboolean         vary_seed;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_clear_object (&data->dialog);
  g_clear_pointer (&data->prompt, json_node_unref);
  g_clear_pointer (&data->workflow, json_node_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConnectData, connect_data_free)

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ConnectData) data = user_data;
  HpConnectDialog *self = data->dialog;
  g_autoptr(HpLiveController) controller = NULL;
  g_autoptr(GError) error = NULL;

  controller = _hp_window_live_connect_finish (HP_WINDOW (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (controller == NULL)
    {
      /* Stay open: the user may fix the address and try again. */
      set_status (self, error->message, TRUE);
      return;
    }
  if (data->prompt != NULL)
    hp_live_controller_run_prompt (controller, data->prompt, data->workflow, data->n_runs, data->vary_seed);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
hp_connect_dialog_connect (HpConnectDialog *self)
{
  const char *address;
  g_autoptr(HpComfyAddress) parsed = NULL;
  g_autoptr(HpLiveController) controller = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  ConnectData *data;

  g_return_if_fail (HP_IS_CONNECT_DIALOG (self));

  if (self->busy || self->parent == NULL)
    return;
  set_status (self, NULL, FALSE);
  address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  parsed = hp_comfy_address_parse (address, &error);
  if (parsed == NULL)
    {
      set_address_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return;
    }

  data = g_new0 (ConnectData, 1);
  data->dialog = g_object_ref (self);
  if (gtk_check_button_get_active (self->run_check))
    {
      data->prompt = get_prompt (self, &data->workflow, &error);
      if (data->prompt == NULL)
        {
          set_status (self, error->message, TRUE);
          connect_data_free (data);
          return;
        }
      data->n_runs = (guint) gtk_spin_button_get_value_as_int (self->runs_spin);
      data->vary_seed = gtk_switch_get_active (self->seed_switch);
    }

  controller = hp_live_controller_new (address, &error);
  if (controller == NULL)
    {
      set_address_error (self, error->message);
      connect_data_free (data);
      return;
    }
  /* The token goes to the client, and to the keyring when it is to be
   * remembered: never to settings or files. */
  hp_live_controller_set_token (controller, gtk_editable_get_text (GTK_EDITABLE (self->token_row)));
  hp_token_memory_commit (self->token_memory);

  set_busy (self, TRUE);
  /* Translators: %s is a server address */
  status = g_strdup_printf (_("Connecting to %s…"), hp_live_controller_get_server_label (controller));
  set_status (self, status, FALSE);
  _hp_window_live_connect_async (self->parent, controller, self->cancellable, connected_cb, data);
}

static void
connect_clicked_cb (HpConnectDialog *self)
{
  hp_connect_dialog_connect (self);
}

/* ---- GObject -------------------------------------------------------------- */

static void
hp_connect_dialog_dispose (GObject *object)
{
  HpConnectDialog *self = HP_CONNECT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->parent != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->parent), (gpointer *) &self->parent);
  self->parent = NULL;
  g_clear_object (&self->prompt_file);
  g_clear_object (&self->history_client);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_object (&self->token_memory);
  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_CONNECT_DIALOG);

  G_OBJECT_CLASS (hp_connect_dialog_parent_class)->dispose (object);
}

static void
hp_connect_dialog_finalize (GObject *object)
{
  HpConnectDialog *self = HP_CONNECT_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hp_connect_dialog_parent_class)->finalize (object);
}

static void
hp_connect_dialog_class_init (HpConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_connect_dialog_dispose;
  object_class->finalize = hp_connect_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, form);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, remember_row);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, address_error);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, recent_group);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, watch_check);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, run_check);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, run_group);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, document_row);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, document_check);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, file_check);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, history_check);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, history_button);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, history_list);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, runs_spin);
  gtk_widget_class_bind_template_child (widget_class, HpConnectDialog, seed_switch);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_file_cb);
  gtk_widget_class_bind_template_callback (widget_class, load_history_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hp_connect_dialog_init (HpConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->token_memory = hp_token_memory_new (hp_token_store_get_default (), GTK_EDITABLE (self->address_row),
                                            GTK_EDITABLE (self->token_row), self->remember_row,
                                            self->remember_switch);
}

/**
 * hp_connect_dialog_new:
 * @parent: the window connecting: it shows the connection, and the
 *   first workflow recorded when it is empty
 *
 * Returns: (transfer none): the dialog, not shown yet
 */
HpConnectDialog *
hp_connect_dialog_new (HpWindow *parent)
{
  HpConnectDialog *self;
  GFile *file;

  g_return_val_if_fail (HP_IS_WINDOW (parent), NULL);

  self = g_object_new (HP_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);
  self->parent = parent;
  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &self->parent);
  fill_recent (self);

  /* The open document's workflow, when it has a file to read it from. */
  file = hp_window_get_file (parent);
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      adw_action_row_set_subtitle (self->document_row, name);
      gtk_check_button_set_active (self->document_check, TRUE);
    }
  else
    {
      adw_action_row_set_subtitle (self->document_row, _("No document with a ComfyUI workflow is open"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->document_row), FALSE);
      gtk_check_button_set_active (self->file_check, TRUE);
    }
  return self;
}

void
hp_connect_dialog_set_address (HpConnectDialog *self,
                               const char      *address)
{
  g_return_if_fail (HP_IS_CONNECT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address != NULL ? address : "");
}

void
hp_connect_dialog_show_error (HpConnectDialog *self,
                              const char      *message)
{
  g_return_if_fail (HP_IS_CONNECT_DIALOG (self));

  set_status (self, message, message != NULL);
}

const char *
hp_connect_dialog_get_error (HpConnectDialog *self)
{
  g_return_val_if_fail (HP_IS_CONNECT_DIALOG (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->address_error)))
    return gtk_label_get_text (self->address_error);
  if (self->error_shown)
    return gtk_label_get_text (self->status_label);
  return NULL;
}

gboolean
hp_connect_dialog_get_busy (HpConnectDialog *self)
{
  g_return_val_if_fail (HP_IS_CONNECT_DIALOG (self), FALSE);
  return self->busy;
}
