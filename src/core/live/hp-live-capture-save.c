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

/* "Could not save the recorded runs to FILE: why" */
static void
report_save_error (HpLiveCapture *self,
                   GFile         *file,
                   const GError  *error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GError) failed = g_error_new (error->domain, error->code,
                                          _("Could not save the recorded runs to %s: %s"),
                                          name, error->message);

  _hp_live_capture_emit_error (self, failed);
}

/* ---- writing in a thread (in the app) ---- */

typedef struct
{
  HpLiveCapture *capture;     /* every ref is dropped in save_done_cb(), */
  HpProfile     *profile;     /* on the capture's thread */
  GFile         *file;
  GApplication  *app;         /* held while the file is written */
  GMainContext  *context;
  char          *path;
  GBytes        *bytes;
  GError        *error;
} SaveJob;

static gboolean
save_done_cb (gpointer data)
{
  SaveJob *job = data;

  if (job->error != NULL)
    report_save_error (job->capture, job->file, job->error);
  else
    _hp_live_capture_emit_saved (job->capture, job->profile, job->file);

  g_application_release (job->app);
  g_object_unref (job->app);
  g_main_context_unref (job->context);
  g_object_unref (job->capture);
  g_object_unref (job->profile);
  g_object_unref (job->file);
  g_clear_error (&job->error);
  g_bytes_unref (job->bytes);
  g_free (job->path);
  g_free (job);
  return G_SOURCE_REMOVE;
}

/* In the writer thread: only the path, the bytes and the error. */
static void
save_job_run (gpointer data,
              gpointer pool_data)
{
  SaveJob *job = data;

  hp_profile_save_bytes (job->bytes, job->path, &job->error);
  g_main_context_invoke (job->context, save_done_cb, job);
}

/* One writer thread for every capture: the saves of a file happen in the
 * order the runs finished, so the newest always lands last. */
static GThreadPool *
get_writer (void)
{
  static GThreadPool *writer;

  if (g_once_init_enter (&writer))
    g_once_init_leave (&writer, g_thread_pool_new (save_job_run, NULL, 1, FALSE, NULL));
  return writer;
}

/* Saves @profile to its autosave file (atomically: hp_profile_save_file()),
 * then emits "run-saved". In an application (the window) the profile is
 * serialised here and written and flushed to disk in a thread, with the
 * application held until the file is written: a live flood then does not
 * stall the window on fsync(). Elsewhere (hotpath-cli record, tests) the
 * file is written before this returns, so a handler of "run-finished"
 * finds the run on disk. */
void
_hp_live_capture_autosave (HpLiveCapture *self,
                           HpProfile     *profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *path = NULL;
  GFile *file = hp_live_capture_get_autosave_file (self, profile);
  GApplication *app = g_application_get_default ();

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  parent = g_file_get_parent (file);
  if (path == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("not a local file"));
  else if (parent != NULL && !g_file_make_directory_with_parents (parent, NULL, &error) &&
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);

  if (error == NULL && app != NULL)
    {
      g_autoptr(GBytes) bytes = hp_profile_serialize (profile, HP_FORMAT_HOTPATH, &error);
      SaveJob *job;

      if (bytes == NULL)
        {
          g_prefix_error (&error, "%s: ", path);
          report_save_error (self, file, error);
          return;
        }
      job = g_new0 (SaveJob, 1);
      job->capture = g_object_ref (self);
      job->profile = g_object_ref (profile);
      job->file = g_object_ref (file);
      job->app = g_object_ref (app);
      job->context = g_main_context_ref_thread_default ();
      job->path = g_steal_pointer (&path);
      job->bytes = g_steal_pointer (&bytes);
      g_application_hold (app);
      g_thread_pool_push (get_writer (), job, NULL);
      return;
    }

  if (error == NULL)
    hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, &error);
  if (error != NULL)
    {
      report_save_error (self, file, error);
      return;
    }
  _hp_live_capture_emit_saved (self, profile, file);
}
