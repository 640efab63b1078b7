/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Watching the document's file: another program (or another window)
 * replacing it while it is open is noticed with a GFileMonitor and the
 * user chooses between Reload and Keep Mine; saving over a file that
 * changed since it was loaded asks first. Nothing is reloaded or
 * overwritten without the user's say, so no change is silently lost. */
#include "hp-window-private.h"

#include <glib/gi18n.h>

#include "hp-profile-loader.h"

/* Changes come in bursts (a rename, then attribute changes): look once
 * they have settled. */
#define CHECK_DELAY_MS 150

typedef struct
{
  GFile            *file;
  GFileMonitor     *monitor;
  char             *stamp;        /* the file as loaded or saved; NULL: it did not exist */
  char             *answered;     /* the change the user already chose Keep Mine for */
  AdwMessageDialog *dialog;       /* weak: "The file changed on disk" */
  guint             check_id;
  GCancellable     *reload;       /* a reload under way */
} FileWatch;

typedef struct
{
  HpWindow             *window;
  HpWindowSaveDecision  decide;
} AskData;

static GQuark
file_watch_quark (void)
{
  return g_quark_from_static_string ("hp-window-file-watch");
}

static void
file_watch_free (FileWatch *watch)
{
  if (watch->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (watch->dialog), (gpointer *) &watch->dialog);
  g_clear_handle_id (&watch->check_id, g_source_remove);
  if (watch->reload != NULL)
    g_cancellable_cancel (watch->reload);
  g_clear_object (&watch->reload);
  if (watch->monitor != NULL)
    g_file_monitor_cancel (watch->monitor);
  g_clear_object (&watch->monitor);
  g_clear_object (&watch->file);
  g_free (watch->stamp);
  g_free (watch->answered);
  g_free (watch);
}

static FileWatch *
get_watch (HpWindow *self)
{
  FileWatch *watch = g_object_get_qdata (G_OBJECT (self), file_watch_quark ());

  if (watch == NULL)
    {
      watch = g_new0 (FileWatch, 1);
      g_object_set_qdata_full (G_OBJECT (self), file_watch_quark (), watch,
                               (GDestroyNotify) file_watch_free);
    }
  return watch;
}

/* What identifies one version of the file: an atomic save (ours or an
 * editor's) gives a new inode, an in-place write a new time or size. */
static char *
query_stamp (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_UNIX_INODE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%06u:%" G_GOFFSET_FORMAT ":%" G_GUINT64_FORMAT,
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                          g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC),
                          g_file_info_get_size (info),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HpWindow) self = user_data;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = hp_profile_loader_load_finish (HP_PROFILE_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&get_watch (self)->reload);
  if (profile == NULL)
    {
      /* The document shown stays as it was. */
      hp_window_show_message (self, error->message);
      return;
    }
  _hp_window_replace_profile (self, profile);
}

static void
reload (HpWindow *self)
{
  FileWatch *watch = get_watch (self);
  g_autoptr(HpProfileLoader) loader = NULL;

  if (watch->file == NULL || watch->reload != NULL)
    return;
  /* The version about to be read becomes the one the document is from. */
  g_free (watch->stamp);
  watch->stamp = query_stamp (watch->file);
  loader = hp_profile_loader_new (watch->file);
  watch->reload = g_cancellable_new ();
  hp_profile_loader_load_async (loader, watch->reload, reload_cb, g_object_ref (self));
}

static void
changed_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     HpWindow         *self)
{
  FileWatch *watch = get_watch (self);

  if (g_strcmp0 (response, "reload") == 0)
    {
      reload (self);
      return;
    }
  /* Keep Mine: what the window shows is no longer what is on disk, so it
   * counts as unsaved (closing asks), and Save asks before overwriting. */
  g_free (watch->answered);
  watch->answered = query_stamp (watch->file);
  hp_window_set_modified (self, TRUE);
}

static void
show_changed_dialog (HpWindow *self)
{
  FileWatch *watch = get_watch (self);
  g_autofree char *name = g_file_get_basename (watch->file);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (watch->dialog != NULL)
    return;
  if (hp_window_get_modified (self))
    body = g_strdup_printf (_("“%s” was changed by another program or window. Reload it and "
                              "discard your unsaved changes, or keep the profile shown here?"), name);
  else
    body = g_strdup_printf (_("“%s” was changed by another program or window. Reload it, or "
                              "keep the profile shown here?"), name);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("The File Changed on Disk"), body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Mine"),
                                    "reload", _("_Reload"),
                                    NULL);
  if (hp_window_get_modified (self))
    adw_message_dialog_set_response_appearance (dialog, "reload", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (changed_response_cb), self, 0);
  watch->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &watch->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
check_cb (gpointer data)
{
  HpWindow *self = data;
  FileWatch *watch = get_watch (self);
  g_autofree char *now = NULL;

  watch->check_id = 0;
  if (watch->file == NULL || watch->reload != NULL)
    return G_SOURCE_REMOVE;

  now = query_stamp (watch->file);
  if (g_strcmp0 (now, watch->stamp) == 0 || g_strcmp0 (now, watch->answered) == 0)
    return G_SOURCE_REMOVE;

  if (now == NULL)
    {
      /* Deleted or moved away: the document still holds everything; say
       * so once, and Save writes the file again. */
      g_autofree char *name = g_file_get_basename (watch->file);
      g_autofree char *message = g_strdup_printf (_("%s was deleted or moved on disk; "
                                                    "Save writes it again"), name);

      g_clear_pointer (&watch->answered, g_free);
      g_clear_pointer (&watch->stamp, g_free);
      hp_window_set_modified (self, TRUE);
      hp_window_show_message (self, message);
      return G_SOURCE_REMOVE;
    }
  show_changed_dialog (self);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    HpWindow          *self)
{
  FileWatch *watch = get_watch (self);

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || watch->check_id != 0)
    return;
  watch->check_id = g_timeout_add (CHECK_DELAY_MS, check_cb, self);
}

/**
 * _hp_window_file_watch_set_file:
 * @file: (nullable): the document's file
 *
 * Remembers the version of @file the document is from and watches it.
 */
void
_hp_window_file_watch_set_file (HpWindow *self,
                                GFile    *file)
{
  FileWatch *watch;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HP_IS_WINDOW (self));

  watch = get_watch (self);
  if (watch->file != NULL && file != NULL && g_file_equal (watch->file, file))
    {
      _hp_window_file_watch_saved (self);
      return;
    }
  if (watch->monitor != NULL)
    g_file_monitor_cancel (watch->monitor);
  g_clear_object (&watch->monitor);
  g_clear_handle_id (&watch->check_id, g_source_remove);
  g_clear_pointer (&watch->stamp, g_free);
  g_clear_pointer (&watch->answered, g_free);
  g_set_object (&watch->file, file);
  if (file == NULL)
    return;

  watch->stamp = query_stamp (file);
  watch->monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (watch->monitor == NULL)
    {
      g_debug ("Not watching the document's file: %s", error->message);
      return;
    }
  g_signal_connect_object (watch->monitor, "changed", G_CALLBACK (monitor_changed_cb), self, 0);
}

/**
 * _hp_window_file_watch_saved:
 *
 * The window has just written its file: that version is its own, so the
 * monitor's news of it is not a change by someone else.
 */
void
_hp_window_file_watch_saved (HpWindow *self)
{
  FileWatch *watch;

  g_return_if_fail (HP_IS_WINDOW (self));

  watch = get_watch (self);
  if (watch->file == NULL)
    return;
  g_free (watch->stamp);
  watch->stamp = query_stamp (watch->file);
  g_clear_pointer (&watch->answered, g_free);
  if (watch->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (watch->dialog));
}

/**
 * _hp_window_file_watch_changed_on_disk:
 *
 * Returns: whether the file on disk is no longer the version the
 *   document was loaded from or last saved to
 */
gboolean
_hp_window_file_watch_changed_on_disk (HpWindow *self)
{
  FileWatch *watch;
  g_autofree char *now = NULL;

  g_return_val_if_fail (HP_IS_WINDOW (self), FALSE);

  watch = get_watch (self);
  if (watch->file == NULL)
    return FALSE;
  now = query_stamp (watch->file);
  return now != NULL && g_strcmp0 (now, watch->stamp) != 0;
}

/**
 * _hp_window_file_watch_get_dialog:
 *
 * Returns: (transfer none) (nullable): the open "The File Changed on
 *   Disk" question, for tests
 */
AdwMessageDialog *
_hp_window_file_watch_get_dialog (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), NULL);
  return get_watch (self)->dialog;
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 AskData          *data)
{
  gboolean overwrite = g_strcmp0 (response, "overwrite") == 0;

  data->decide (data->window, overwrite);
}

static void
ask_data_free (gpointer  data,
               GClosure *closure)
{
  AskData *ask = data;

  g_object_unref (ask->window);
  g_free (ask);
}

/**
 * _hp_window_file_watch_ask_before_save:
 * @decide: called with %TRUE (overwrite) or %FALSE (cancel)
 *
 * When the file changed on disk since the document was loaded or saved,
 * asks before overwriting it and returns %TRUE (@decide is called with
 * the answer). Returns %FALSE, without asking, when saving is safe.
 */
gboolean
_hp_window_file_watch_ask_before_save (HpWindow             *self,
                                       HpWindowSaveDecision  decide)
{
  FileWatch *watch;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  AskData *data;

  g_return_val_if_fail (HP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (decide != NULL, FALSE);

  if (!_hp_window_file_watch_changed_on_disk (self))
    return FALSE;

  watch = get_watch (self);
  if (watch->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (watch->dialog));
  name = g_file_get_basename (watch->file);
  body = g_strdup_printf (_("“%s” was changed by another program or window since it was "
                            "opened. Saving replaces those changes with this profile."), name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Overwrite the Changed File?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "overwrite", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  data = g_new0 (AskData, 1);
  data->window = g_object_ref (self);
  data->decide = decide;
  g_signal_connect_data (dialog, "response", G_CALLBACK (ask_response_cb), data,
                         ask_data_free, 0);
  watch->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &watch->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}
