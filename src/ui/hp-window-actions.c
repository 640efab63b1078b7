/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The document actions of HpWindow: save, save as, export, clear history,
 * delete a run, and the question about unsaved changes on close. */
#include "hp-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hp-config.h"
#include "hp-profile-io.h"

/* Per-window state of this file, kept as qdata on the window so that
 * hp-window.c does not need to know about it. */
typedef struct
{
  GWeakRef          profile;          /* the profile our handlers are on */
  AdwMessageDialog *close_dialog;     /* weak: the "Save changes?" question */
  gboolean          close_confirmed;  /* close without asking again */
  gboolean          close_after_save; /* the user chose Save on close */
} ActionsState;

/* What an "Undo" toast puts back. */
typedef struct
{
  GPtrArray *runs;       /* of HpRun, owned */
  HpRun     *baseline;   /* nullable, owned */
} UndoData;

static GQuark
actions_state_quark (void)
{
  return g_quark_from_static_string ("hp-window-actions-state");
}

static void
actions_state_free (ActionsState *state)
{
  if (state->close_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (state->close_dialog),
                                  (gpointer *) &state->close_dialog);
  g_weak_ref_clear (&state->profile);
  g_free (state);
}

static ActionsState *
get_state (HpWindow *self)
{
  ActionsState *state;

  g_assert (HP_IS_WINDOW (self));

  state = g_object_get_qdata (G_OBJECT (self), actions_state_quark ());
  if (state == NULL)
    {
      state = g_new0 (ActionsState, 1);
      g_weak_ref_init (&state->profile, NULL);
      g_object_set_qdata_full (G_OBJECT (self), actions_state_quark (), state,
                               (GDestroyNotify) actions_state_free);
    }
  return state;
}

static void
undo_data_free (UndoData *undo)
{
  g_clear_pointer (&undo->runs, g_ptr_array_unref);
  g_clear_object (&undo->baseline);
  g_free (undo);
}

static HpProfile *
get_profile (HpWindow *self)
{
  HpSession *session;

  g_assert (HP_IS_WINDOW (self));

  session = hp_window_get_session (self);
  return session != NULL ? hp_session_get_profile (session) : NULL;
}

static gboolean
is_hotpath_file (GFile *file)
{
  g_autofree char *basename = NULL;

  if (file == NULL)
    return FALSE;
  basename = g_file_get_basename (file);
  return basename != NULL && g_str_has_suffix (basename, ".hotpath");
}

/* A name for the document, without extension and safe as a file name:
 * the current file's name, else the workflow's id or name. */
static char *
document_stem (HpWindow *self)
{
  static const char *suffixes[] = { ".hotpath", ".trace.json", ".json", ".csv" };
  HpProfile *profile = get_profile (self);
  GFile *file = hp_window_get_file (self);
  char *stem = NULL;

  g_assert (HP_IS_WINDOW (self));

  if (file != NULL)
    {
      stem = g_file_get_basename (file);
      for (guint i = 0; stem != NULL && i < G_N_ELEMENTS (suffixes); i++)
        if (g_str_has_suffix (stem, suffixes[i]))
          {
            stem[strlen (stem) - strlen (suffixes[i])] = '\0';
            break;
          }
    }

  if ((stem == NULL || stem[0] == '\0') && profile != NULL)
    {
      HpWorkflowGraph *graph = hp_profile_get_graph (profile);
      const char *id = hp_workflow_graph_get_id (graph);
      const char *name = hp_workflow_graph_get_name (graph);

      g_free (stem);
      stem = g_strdup (id != NULL && id[0] != '\0' ? id : name);
    }

  if (stem != NULL)
    {
      /* No folders, no hidden files, no control characters. */
      g_strdelimit (stem, "/\\\n\r\t", '-');
      g_strstrip (stem);
      while (stem[0] == '.')
        memmove (stem, stem + 1, strlen (stem));
    }

  if (stem == NULL || stem[0] == '\0')
    {
      g_free (stem);
      stem = g_strdup (_("profile"));
    }
  return stem;
}

/* The name the user knows the document by: its file, else the workflow. */
static char *
document_display_name (HpWindow *self)
{
  GFile *file = hp_window_get_file (self);
  HpProfile *profile = get_profile (self);
  const char *name = NULL;

  g_assert (HP_IS_WINDOW (self));

  if (file != NULL)
    return g_file_get_basename (file);
  if (profile != NULL)
    name = hp_workflow_graph_get_name (hp_profile_get_graph (profile));
  return g_strdup (name != NULL && name[0] != '\0' ? name : _("Untitled workflow"));
}

static const char *
kind_extension (HpFormatKind kind)
{
  switch (kind)
    {
    case HP_FORMAT_CHROME_TRACE:
      return ".trace.json";
    case HP_FORMAT_CSV:
      return ".csv";
    case HP_FORMAT_HOTPATH:
    case HP_FORMAT_UNKNOWN:
    case HP_FORMAT_COMFYUI_NODE:
    default:
      return ".hotpath";
    }
}

static gboolean
write_profile (HpWindow      *self,
               GFile         *file,
               HpFormatKind   kind,
               GError       **error)
{
  HpProfile *profile = get_profile (self);
  g_autofree char *path = NULL;

  g_assert (HP_IS_WINDOW (self));
  g_assert (G_IS_FILE (file));

  if (profile == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("There is no document to save"));
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s: only files on this computer can be written"), name);
      return FALSE;
    }

  return hp_profile_save_file (profile, path, kind, error);
}

static gboolean
close_window_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* Closes the window without asking, once the current signal emission
 * (a dialog's response) is over. */
static void
close_confirmed (HpWindow *self)
{
  ActionsState *state = get_state (self);

  state->close_confirmed = TRUE;
  state->close_after_save = FALSE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_window_cb,
                   g_object_ref (self), g_object_unref);
}

/* Writes the document as Hotpath JSON to @file and makes it the
 * document's file; no toast. */
static gboolean
save_document (HpWindow  *self,
               GFile     *file,
               GError   **error)
{
  GFile *current;

  g_assert (HP_IS_WINDOW (self));

  if (!write_profile (self, file, HP_FORMAT_HOTPATH, error))
    return FALSE;

  current = hp_window_get_file (self);
  if (current == NULL || !g_file_equal (current, file))
    hp_window_set_file (self, file);
  else
    _hp_window_file_watch_saved (self);
  hp_window_set_modified (self, FALSE);
  _hp_window_live_saved (self, file);
  _hp_window_add_to_recent (file);
  return TRUE;
}

/* After a save attempt: closes the window when the save was asked for by
 * the close question, or forgets about closing when it failed. */
static void
after_save (HpWindow *self,
            gboolean  saved)
{
  ActionsState *state = get_state (self);

  if (!state->close_after_save)
    return;
  if (saved)
    close_confirmed (self);
  else
    state->close_after_save = FALSE;
}

/**
 * _hp_window_save_to_file:
 * @self: a window with a document
 * @file: where to save
 * @error: return location for an error
 *
 * What the Save As dialog does with the chosen file: writes the document
 * as Hotpath JSON, makes @file the document's file, clears the modified
 * flag and confirms with a toast.
 *
 * Returns: %TRUE when saved
 */
gboolean
_hp_window_save_to_file (HpWindow  *self,
                         GFile     *file,
                         GError   **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (HP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!save_document (self, file, error))
    return FALSE;

  basename = g_file_get_basename (file);
  title = g_markup_printf_escaped (_("Saved as %s"), basename);
  hp_window_add_toast (self, adw_toast_new (title));
  return TRUE;
}

/* Open Folder */

typedef struct
{
  GWeakRef  window;
  GFile    *file;
} ShowItemData;

static void
show_item_data_free (ShowItemData *data)
{
  g_weak_ref_clear (&data->window);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShowItemData, show_item_data_free)

static void
show_folder_uri (GtkWindow *parent,
                 GFile     *file)
{
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *uri = NULL;

  if (folder == NULL)
    return;
  uri = g_file_get_uri (folder);
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}

static void
show_items_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ShowItemData) data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_autoptr(GtkWindow) window = g_weak_ref_get (&data->window);

      /* No file manager service (or not allowed to talk to it, as in a
       * sandbox): open the folder itself. */
      g_debug ("FileManager1.ShowItems failed: %s", error->message);
      show_folder_uri (window, data->file);
    }
}

/* Shows @file selected in the file manager, or at least its folder. */
static void
open_containing_folder (HpWindow *self,
                        GFile    *file)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GDBusConnection *connection = app != NULL ? g_application_get_dbus_connection (app) : NULL;
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, NULL };
  ShowItemData *data;

  g_assert (HP_IS_WINDOW (self));

  if (connection == NULL)
    {
      show_folder_uri (GTK_WINDOW (self), file);
      return;
    }

  data = g_new0 (ShowItemData, 1);
  g_weak_ref_init (&data->window, self);
  data->file = g_object_ref (file);
  g_dbus_connection_call (connection,
                          "org.freedesktop.FileManager1",
                          "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1",
                          "ShowItems",
                          g_variant_new ("(^ass)", uris, ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          show_items_cb, data);
}

static void
open_folder_clicked_cb (AdwToast *toast,
                        HpWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (toast), "hp-file");

  g_assert (ADW_IS_TOAST (toast));
  g_assert (HP_IS_WINDOW (self));

  if (file != NULL)
    open_containing_folder (self, file);
}

/**
 * _hp_window_export_to_file:
 * @self: a window with a document
 * @file: where to write
 * @kind: %HP_FORMAT_HOTPATH, %HP_FORMAT_CHROME_TRACE or %HP_FORMAT_CSV
 * @error: return location for an error
 *
 * What the Export dialog does with the chosen file: writes the document
 * as @kind (the document keeps its own file and modified state) and shows
 * a toast that can open the containing folder.
 *
 * Returns: %TRUE when written
 */
gboolean
_hp_window_export_to_file (HpWindow      *self,
                           GFile         *file,
                           HpFormatKind   kind,
                           GError       **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_val_if_fail (HP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_profile (self, file, kind, error))
    return FALSE;

  basename = g_file_get_basename (file);
  title = g_markup_printf_escaped (_("Exported to %s"), basename);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("Open Folder"));
  g_object_set_data_full (G_OBJECT (toast), "hp-file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_folder_clicked_cb), self, 0);
  hp_window_add_toast (self, toast);
  return TRUE;
}

/* Save dialogs */

static void
add_filter (GtkFileChooser *chooser,
            HpFormatKind    kind)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  switch (kind)
    {
    case HP_FORMAT_CHROME_TRACE:
      gtk_file_filter_set_name (filter, _("Chrome trace files"));
      gtk_file_filter_add_pattern (filter, "*.json");
      gtk_file_filter_add_mime_type (filter, "application/json");
      break;
    case HP_FORMAT_CSV:
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_pattern (filter, "*.csv");
      gtk_file_filter_add_mime_type (filter, "text/csv");
      break;
    case HP_FORMAT_HOTPATH:
    case HP_FORMAT_UNKNOWN:
    case HP_FORMAT_COMFYUI_NODE:
    default:
      gtk_file_filter_set_name (filter, _("Hotpath profiles"));
      gtk_file_filter_add_pattern (filter, "*.hotpath");
      break;
    }
  gtk_file_chooser_add_filter (chooser, filter);
  gtk_file_chooser_set_filter (chooser, filter);
}

/* A Save dialog suggesting "<document>.<extension of kind>" in the
 * document's folder. The caller connects "response" and shows it; the
 * response handler destroys and unrefs it. */
static GtkFileChooserNative *
create_save_dialog (HpWindow     *self,
                    const char   *title,
                    const char   *accept_label,
                    HpFormatKind  kind)
{
  GtkFileChooserNative *native;
  GtkFileChooser *chooser;
  GFile *file = hp_window_get_file (self);
  g_autofree char *stem = document_stem (self);
  g_autofree char *name = g_strconcat (stem, kind_extension (kind), NULL);

  g_assert (HP_IS_WINDOW (self));

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        accept_label, _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (native);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* GTK 4 always asks before overwriting an existing file. */
  add_filter (chooser, kind);
  if (file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, folder, NULL);
    }
  gtk_file_chooser_set_current_name (chooser, name);
  g_object_set_data (G_OBJECT (native), "hp-kind", GINT_TO_POINTER (kind));
  return native;
}

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     HpWindow        *self)
{
  gboolean saved = FALSE;

  g_assert (HP_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (file != NULL)
        {
          saved = _hp_window_save_to_file (self, file, &error);
          if (!saved)
            hp_window_show_message (self, error->message);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  after_save (self, saved);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  GtkFileChooserNative *native;

  if (get_profile (self) == NULL)
    return;

  native = create_save_dialog (self, _("Save Profile As"), _("_Save"), HP_FORMAT_HOTPATH);
  g_signal_connect_object (native, "response", G_CALLBACK (save_as_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Save over the document's file, once it is clear that may be done. A
 * failure leaves the old file intact (atomic save), says why, and keeps
 * the document modified. */
static void
save_decided (HpWindow *self,
              gboolean  overwrite)
{
  g_autoptr(GError) error = NULL;
  gboolean saved = FALSE;

  if (overwrite && get_profile (self) != NULL)
    {
      saved = save_document (self, hp_window_get_file (self), &error);
      if (!saved)
        hp_window_show_message (self, error->message);
    }
  after_save (self, saved);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  GFile *file = hp_window_get_file (self);

  if (get_profile (self) == NULL)
    return;

  /* A profile read from another format is never overwritten with ours. */
  if (!is_hotpath_file (file))
    {
      save_as_action (widget, "win.save-as", NULL);
      return;
    }

  /* Someone else replaced the file since we read or wrote it: ask. */
  if (_hp_window_file_watch_ask_before_save (self, save_decided))
    return;
  save_decided (self, TRUE);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    HpWindow        *self)
{
  g_assert (HP_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      HpFormatKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "hp-kind"));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !_hp_window_export_to_file (self, file, kind, &error))
        hp_window_show_message (self, error->message);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  HpFormatKind kind = hp_format_kind_from_string (name);
  GtkFileChooserNative *native;
  const char *title;

  if (get_profile (self) == NULL)
    return;

  switch (kind)
    {
    case HP_FORMAT_HOTPATH:
      title = _("Export as Hotpath Profile");
      break;
    case HP_FORMAT_CHROME_TRACE:
      title = _("Export as Chrome Trace");
      break;
    case HP_FORMAT_CSV:
      title = _("Export as CSV");
      break;
    case HP_FORMAT_UNKNOWN:
    case HP_FORMAT_COMFYUI_NODE:
    default:
      g_warning ("win.export: cannot export as “%s”", name);
      return;
    }

  native = create_save_dialog (self, title, _("_Export"), kind);
  g_signal_connect_object (native, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Clear history, delete a run, undo */

static void
undo_clicked_cb (AdwToast *toast,
                 HpWindow *self)
{
  UndoData *undo = g_object_get_data (G_OBJECT (toast), "hp-undo");
  HpProfile *profile = get_profile (self);
  g_autoptr(GError) error = NULL;

  g_assert (ADW_IS_TOAST (toast));
  g_assert (HP_IS_WINDOW (self));

  if (undo == NULL || undo->runs->len == 0 || profile == NULL)
    return;

  if (!hp_profile_add_runs (profile, (HpRun **) undo->runs->pdata, undo->runs->len, &error))
    {
      /* A run with the same id has arrived since (a live run). */
      hp_window_show_message (self, error->message);
      return;
    }

  /* Unless the user has pinned another run since. */
  if (undo->baseline != NULL && hp_profile_get_baseline (profile) == NULL)
    hp_profile_set_baseline (profile, undo->baseline);

  /* Once only. */
  g_ptr_array_set_size (undo->runs, 0);
  g_clear_object (&undo->baseline);

  hp_window_set_modified (self, TRUE);
}

/* Shows @title (markup) with an Undo button that puts back @runs and
 * @baseline. */
static void
add_undo_toast (HpWindow   *self,
                const char *title,
                GPtrArray  *runs,
                HpRun      *baseline)
{
  AdwToast *toast = adw_toast_new (title);
  UndoData *undo = g_new0 (UndoData, 1);

  g_assert (HP_IS_WINDOW (self));

  undo->runs = g_ptr_array_ref (runs);
  undo->baseline = baseline != NULL ? g_object_ref (baseline) : NULL;

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "hp-undo", undo, (GDestroyNotify) undo_data_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, 0);
  hp_window_add_toast (self, toast);
}

static void
clear_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  HpProfile *profile = get_profile (self);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(HpRun) baseline = NULL;
  guint n_runs;

  if (profile == NULL || (n_runs = hp_profile_get_n_runs (profile)) == 0)
    return;

  runs = g_ptr_array_new_full (n_runs, g_object_unref);
  for (guint i = 0; i < n_runs; i++)
    g_ptr_array_add (runs, g_object_ref (hp_profile_get_run (profile, i)));
  if (hp_profile_get_baseline (profile) != NULL)
    baseline = g_object_ref (hp_profile_get_baseline (profile));

  hp_profile_clear_runs (profile);
  hp_window_set_modified (self, TRUE);

  add_undo_toast (self, _("History cleared"), runs, baseline);
}

static void
delete_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  HpProfile *profile = get_profile (self);
  const char *run_id = g_variant_get_string (parameter, NULL);
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *title = NULL;
  HpRun *run;
  gboolean was_baseline;

  if (profile == NULL)
    return;

  run = hp_profile_lookup_run (profile, run_id);
  if (run == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is no run “%s” to delete"), run_id);

      hp_window_show_message (self, message);
      return;
    }

  runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (runs, g_object_ref (run));
  was_baseline = hp_profile_get_baseline (profile) == run;

  hp_profile_remove_run (profile, run);
  hp_window_set_modified (self, TRUE);

  title = g_markup_printf_escaped (_("Run %s deleted"), run_id);
  add_undo_toast (self, title, runs, was_baseline ? run : NULL);
}

/* Insights: dismiss with undo, restore */

static void
undo_dismiss_clicked_cb (AdwToast *toast,
                         HpWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (toast), "hp-insight-key");
  HpProfile *profile = get_profile (self);

  g_assert (ADW_IS_TOAST (toast));
  g_assert (HP_IS_WINDOW (self));

  /* The profile's notification marks the document modified. */
  if (key != NULL && profile != NULL)
    hp_profile_set_dismissed_insight (profile, key, FALSE);
}

static void
dismiss_insight_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  HpProfile *profile = get_profile (self);
  const char *key = g_variant_get_string (parameter, NULL);
  AdwToast *toast;

  if (profile == NULL || *key == '\0' || hp_profile_is_insight_dismissed (profile, key))
    return;

  hp_profile_set_dismissed_insight (profile, key, TRUE);

  toast = adw_toast_new (_("Insight dismissed"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "hp-insight-key", g_strdup (key), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_dismiss_clicked_cb), self, 0);
  hp_window_add_toast (self, toast);
}

static void
restore_insight_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HpProfile *profile = get_profile (HP_WINDOW (widget));

  if (profile != NULL)
    hp_profile_set_dismissed_insight (profile, g_variant_get_string (parameter, NULL), FALSE);
}

/* Close */

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HpWindow         *self)
{
  ActionsState *state = get_state (self);

  g_assert (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert (HP_IS_WINDOW (self));

  if (g_strcmp0 (response, "discard") == 0)
    {
      _hp_window_live_discarded (self);
      close_confirmed (self);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      state->close_after_save = TRUE;
      save_action (GTK_WIDGET (self), "win.save", NULL);
    }
}

/**
 * _hp_window_actions_close_request:
 * @self: a window being closed
 *
 * Asks about unsaved changes: Cancel keeps the window, Discard closes it,
 * Save saves (asking for a file when needed) and then closes it.
 *
 * Returns: %TRUE when the window must stay open for now
 */
gboolean
_hp_window_actions_close_request (HpWindow *self)
{
  ActionsState *state;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (HP_IS_WINDOW (self), FALSE);

  state = get_state (self);
  if (state->close_confirmed || get_profile (self) == NULL || !hp_window_get_modified (self))
    return FALSE;

  if (state->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (state->close_dialog));
      return TRUE;
    }

  name = document_display_name (self);
  heading = g_strdup_printf (_("Save changes to %s?"), name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("Changes that are not saved will be lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);

  state->close_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &state->close_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* State */

static void
profile_changed_cb (HpWindow  *self,
                    HpProfile *profile)
{
  g_assert (HP_IS_WINDOW (self));

  _hp_window_actions_update (self);
}

static void
baseline_changed_cb (HpWindow   *self,
                     GParamSpec *pspec,
                     HpProfile  *profile)
{
  g_assert (HP_IS_WINDOW (self));

  hp_window_set_modified (self, TRUE);
}

/**
 * _hp_window_actions_update:
 * @self: a window
 *
 * Enables the document actions when there is a document (and Clear
 * History when it has runs), and follows the document's changes.
 */
void
_hp_window_actions_update (HpWindow *self)
{
  ActionsState *state;
  HpProfile *profile;
  g_autoptr(HpProfile) watched = NULL;
  gboolean has_document;

  g_return_if_fail (HP_IS_WINDOW (self));

  state = get_state (self);
  profile = get_profile (self);
  watched = g_weak_ref_get (&state->profile);

  if (profile != watched)
    {
      if (watched != NULL)
        g_signal_handlers_disconnect_by_data (watched, self);
      if (profile != NULL)
        {
          g_signal_connect_object (profile, "notify::baseline",
                                   G_CALLBACK (baseline_changed_cb), self, G_CONNECT_SWAPPED);
          /* Dismissed insights are saved with the document too. */
          g_signal_connect_object (profile, "notify::dismissed-insights",
                                   G_CALLBACK (baseline_changed_cb), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (profile, "changed",
                                   G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
        }
      g_weak_ref_set (&state->profile, profile);
    }

  has_document = profile != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-run", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dismiss-insight", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-insight", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-history",
                                 has_document && hp_profile_get_n_runs (profile) > 0);
}

/**
 * _hp_window_class_actions_init:
 * @widget_class: HpWindow's class
 *
 * Installs win.save, win.save-as, win.export (s: "hotpath",
 * "chrome-trace" or "csv"), win.clear-history, win.delete-run (s: a
 * run id), win.dismiss-insight and win.restore-insight (s: an insight's
 * key, hp_insight_dup_key()).
 */
void
_hp_window_class_actions_init (GtkWidgetClass *widget_class)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.clear-history", NULL, clear_history_action);
  gtk_widget_class_install_action (widget_class, "win.delete-run", "s", delete_run_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-insight", "s", dismiss_insight_action);
  gtk_widget_class_install_action (widget_class, "win.restore-insight", "s", restore_insight_action);
}
