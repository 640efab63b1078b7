/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpLiveCapture: the event log and autosave. */
#include "hp-live-capture-private.h"

#include <glib/gi18n.h>

#include "hp-profile-io.h"

/* ---- the event log ----------------------------------------------------- */

/* A log that cannot be written is dropped after one error: a full disk
 * must not turn every message into an error. */
void
_hp_live_capture_log_failed (HpLiveCapture *self,
            GError        *error)
{
  _hp_live_capture_emit_error (self, error);
  g_error_free (error);
  g_clear_object (&self->log);
}

/**
 * hp_live_capture_set_event_log:
 * @file: (nullable): the log to append to, %NULL to stop logging
 *
 * Keeps the raw material: the log replays (hotpath-cli replay) and
 * opens like a profile, so a capture can be looked at again or shared.
 */
gboolean
hp_live_capture_set_event_log (HpLiveCapture  *self,
                               GFile          *file,
                               GError        **error)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), FALSE);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->log != NULL)
    {
      g_autoptr(GError) close_error = NULL;

      if (!hp_event_log_writer_close (self->log, &close_error))
        g_debug ("live capture: %s", close_error->message);
      g_clear_object (&self->log);
    }
  if (file == NULL)
    return TRUE;
  self->log = hp_event_log_writer_new (file, error);
  return self->log != NULL;
}

/* ---- autosave ------------------------------------------------------------ */

/* "ComfyUI workflow" → "comfyui-workflow": safe in any file system. */
static char *
slugify (const char *name)
{
  GString *slug = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *c = name != NULL ? name : ""; *c != '\0' && slug->len < 40; c++)
    {
      if (g_ascii_isalnum (*c))
        {
          if (dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (*c));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  if (slug->len == 0)
    g_string_append (slug, "workflow");
  return g_string_free (slug, FALSE);
}

static gboolean
file_taken (HpLiveCapture *self,
            GFile         *file)
{
  GHashTableIter iter;
  gpointer value;

  if (g_file_query_exists (file, NULL))
    return TRUE;
  g_hash_table_iter_init (&iter, self->autosave_files);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_file_equal (value, file))
      return TRUE;
  return FALSE;
}

/* The workflow's name, a short hash of its graph (two workflows never
 * share a file) and the time the capture began (two captures neither). */
static GFile *
new_autosave_file (HpLiveCapture *self,
                   HpProfile     *profile)
{
  HpWorkflowGraph *graph = hp_profile_get_graph (profile);
  g_autofree char *slug = slugify (hp_workflow_graph_get_name (graph));
  const char *id = hp_workflow_graph_get_id (graph);
  guint hash = g_str_hash (id != NULL ? id : "") & 0xffffff;

  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1
        ? g_strdup_printf ("%s-%06x-%s.hotpath", slug, hash, self->session_stamp)
        : g_strdup_printf ("%s-%06x-%s-%u.hotpath", slug, hash, self->session_stamp, n);
      g_autoptr(GFile) file = g_file_get_child (self->autosave_dir, name);

      if (!file_taken (self, file))
        return g_steal_pointer (&file);
    }
}

/**
 * hp_live_capture_get_autosave_file:
 *
 * Returns: (transfer none) (nullable): where @profile's runs are saved,
 *   %NULL when autosave is off and no file was given for it
 */
GFile *
hp_live_capture_get_autosave_file (HpLiveCapture *self,
                                   HpProfile     *profile)
{
  GFile *file;

  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), NULL);
  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);

  file = g_hash_table_lookup (self->autosave_files, profile);
  if (file == NULL && self->autosave_dir != NULL)
    {
      file = new_autosave_file (self, profile);
      g_hash_table_insert (self->autosave_files, g_object_ref (profile), file);
    }
  return file;
}

void
hp_live_capture_set_autosave_dir (HpLiveCapture *self,
                                  GFile         *dir)
{
  g_return_if_fail (HP_IS_LIVE_CAPTURE (self));
  g_return_if_fail (dir == NULL || G_IS_FILE (dir));

  g_set_object (&self->autosave_dir, dir);
}

/**
 * hp_live_capture_set_autosave_file:
 * @file: (nullable): where to save @profile's runs, %NULL to forget it
 *
 * A file of the caller's choosing for one profile (hotpath-cli record's
 * -o), saved after every run like the autosave directory's files, even
 * when that directory is not set. Call it from "profile-added".
 */
void
hp_live_capture_set_autosave_file (HpLiveCapture *self,
                                   HpProfile     *profile,
                                   GFile         *file)
{
  g_return_if_fail (HP_IS_LIVE_CAPTURE (self));
  g_return_if_fail (HP_IS_PROFILE (profile));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (file == NULL)
    g_hash_table_remove (self->autosave_files, profile);
  else
    g_hash_table_insert (self->autosave_files, g_object_ref (profile), g_object_ref (file));
}

void
_hp_live_capture_autosave (HpLiveCapture *self,
          HpProfile     *profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *path = NULL;
  GFile *file = hp_live_capture_get_autosave_file (self, profile);

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  parent = g_file_get_parent (file);
  if (path == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("not a local file"));
  else if (parent != NULL && !g_file_make_directory_with_parents (parent, NULL, &error) &&
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  if (error == NULL)
    hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, &error);

  if (error != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autoptr(GError) failed = g_error_new (error->domain, error->code,
                                              _("Could not save the recorded runs to %s: %s"),
                                              name, error->message);

      _hp_live_capture_emit_error (self, failed);
      return;
    }
  _hp_live_capture_emit_saved (self, profile, file);
}
