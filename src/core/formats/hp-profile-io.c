/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-profile-io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "hp-chrome-trace-writer.h"
#include "hp-comfyui-history-reader.h"
#include "hp-comfyui-node-reader.h"
#include "hp-comfyui-workflow-reader.h"
#include "hp-chrome-trace-reader.h"
#include "hp-csv-writer.h"
#include "hp-dify-reader.h"
#include "hp-event-log-reader.h"
#include "hp-nodetool-reader.h"
#include "hp-nodetool-log-reader.h"
#include "hp-nodetool-workflow-reader.h"
#include "hp-native-reader.h"
#include "hp-native-writer.h"
#include "hp-format-detect.h"
#include "hp-format-limits.h"
#include "hp-profile-io-private.h"
#include "hp-format-util.h"

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

/* Formats read through a json-glib tree, which needs about 15 times the
 * file's size in memory (docs/benchmarks.md); the others stream. */
static gboolean
is_tree_format (HpFormatKind kind)
{
  switch (kind)
    {
    case HP_FORMAT_COMFYUI_NODE:
    case HP_FORMAT_COMFYUI_PROMPT:
    case HP_FORMAT_COMFYUI_WORKFLOW:
    case HP_FORMAT_COMFYUI_HISTORY:
    case HP_FORMAT_NODETOOL:
    case HP_FORMAT_NODETOOL_WORKFLOW:
      return TRUE;
    case HP_FORMAT_UNKNOWN:
    case HP_FORMAT_HOTPATH:
    case HP_FORMAT_CHROME_TRACE:
    case HP_FORMAT_CSV:
    case HP_FORMAT_DIFY:
    case HP_FORMAT_NODETOOL_LOG:
    case HP_FORMAT_COMFYUI_EVENTS:
    default:
      return FALSE;
    }
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!_hp_json_is_space (data[i]))
      return FALSE;
  return TRUE;
}

/**
 * hp_profile_load_data:
 * @data: the content of a profile file
 * @length: its length in bytes
 * @source_name: the name used in error messages (usually the path)
 *
 * Detects the format of @data and reads it.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR) and a message that starts with @source_name
 */
HpProfile *
hp_profile_load_data (const char  *data,
                      gsize        length,
                      const char  *source_name,
                      GError     **error)
{
  HpDetection d;
  HpProfile *profile = NULL;
  gsize bom;
  guint line, column;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  bom = _hp_utf8_bom_length (data, length);
  if (is_blank (data + bom, length - bom))
    {
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_EMPTY,
                   /* Translators: a file name */
                   _("%s: the file is empty, expected a profile"), source_name);
      return NULL;
    }

  if (!_hp_format_check_size (source_name, length, _hp_format_limits ()->max_file_bytes,
                              N_("profiles"), error))
    return NULL;

  _hp_format_detect_full (data, length, &d);
  if (is_tree_format (d.kind))
    {
      /* Translators: a format name ("ComfyUI history"), completes "Hotpath opens … up to 64 MB" */
      g_autofree char *what = g_strdup_printf (_("%s files"), hp_format_kind_get_label (d.kind));

      if (!_hp_format_check_size (source_name, length, _hp_format_limits ()->max_tree_bytes,
                                  what, error))
        {
          g_free (d.description);
          return NULL;
        }
    }
  switch (d.kind)
    {
    case HP_FORMAT_HOTPATH:
      profile = hp_native_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_COMFYUI_NODE:
      profile = hp_comfyui_node_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_CHROME_TRACE:
      profile = hp_chrome_trace_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_COMFYUI_PROMPT:
      profile = hp_comfyui_prompt_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_COMFYUI_WORKFLOW:
      profile = hp_comfyui_workflow_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_COMFYUI_HISTORY:
      profile = hp_comfyui_history_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_DIFY:
      profile = hp_dify_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_NODETOOL:
      profile = hp_nodetool_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_NODETOOL_WORKFLOW:
      profile = hp_nodetool_workflow_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_NODETOOL_LOG:
      profile = hp_nodetool_log_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_COMFYUI_EVENTS:
      profile = hp_event_log_read (data + bom, length - bom, source_name, error);
      break;

    case HP_FORMAT_CSV:
    case HP_FORMAT_UNKNOWN:
    default:
      _hp_text_position (data, length, d.problem_offset, &line, &column);
      if (d.status == SNIFF_TRUNCATED)
        g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_TRUNCATED,
                     /* Translators: file:line:column */
                     _("%s:%u:%u: the JSON ends too early, before it shows what kind of profile it is"),
                     source_name, line, column);
      else if (d.status == SNIFF_MALFORMED)
        g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_SYNTAX,
                     /* Translators: file:line:column */
                     _("%s:%u:%u: not well-formed JSON, expected a profile"),
                     source_name, line, column);
      else
        g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_UNKNOWN_FORMAT,
                     /* Translators: a file name, then a guess at what the file holds */
                     _("%s: not a profile Hotpath knows: looks like %s"),
                     source_name, d.description);
      break;
    }

  g_free (d.description);
  return profile;
}

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path,
                 const char  *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s%s", path, what, g_strerror (saved_errno));
}

/**
 * hp_profile_load_file:
 * @path: a file in any format Hotpath reads
 *
 * Maps the file, detects its format from the content and reads it.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%G_FILE_ERROR when the file cannot be read, else
 *   %HP_FORMAT_ERROR); messages start with @path
 */
HpProfile *
hp_profile_load_file (const char  *path,
                      GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, path, "");
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      set_errno_error (error, saved_errno, path, "");
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   /* Translators: a file name */
                   _("%s: is a folder, expected a profile file"), path);
      return NULL;
    }
  /* Refused before a byte is read: a 2 GB file must not be mapped and
   * parsed only to run out of memory half-way. */
  if (!_hp_format_check_size (path, (guint64) st.st_size,
                              _hp_format_limits ()->max_file_bytes, N_("profiles"), error))
    {
      close (fd);
      return NULL;
    }

  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (mapped == NULL)
    {
      g_set_error (error, G_FILE_ERROR,
                   local_error->domain == G_FILE_ERROR ? local_error->code : G_FILE_ERROR_FAILED,
                   /* Translators: a file name, then the system's reason */
                   _("%s: cannot read the file: %s"), path, local_error->message);
      return NULL;
    }

  /* An empty file maps to NULL contents. */
  return hp_profile_load_data (g_mapped_file_get_contents (mapped),
                               g_mapped_file_get_length (mapped),
                               path, error);
}

/* ------------------------------------------------------------------ */
/* Saving                                                              */
/* ------------------------------------------------------------------ */

/**
 * hp_profile_serialize:
 * @kind: %HP_FORMAT_HOTPATH, %HP_FORMAT_CHROME_TRACE or %HP_FORMAT_CSV
 *
 * Returns: (transfer full) (nullable): the file content, or %NULL with
 *   %HP_FORMAT_ERROR_UNSUPPORTED for a format Hotpath cannot write
 */
GBytes *
hp_profile_serialize (HpProfile     *profile,
                      HpFormatKind   kind,
                      GError       **error)
{
  GString *out = NULL;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (kind)
    {
    case HP_FORMAT_HOTPATH:
      out = hp_native_write (profile);
      break;
    case HP_FORMAT_CHROME_TRACE:
      out = hp_chrome_trace_write (profile);
      break;
    case HP_FORMAT_CSV:
      out = hp_csv_write (profile);
      break;
    case HP_FORMAT_COMFYUI_NODE:
    case HP_FORMAT_COMFYUI_PROMPT:
    case HP_FORMAT_COMFYUI_WORKFLOW:
    case HP_FORMAT_COMFYUI_HISTORY:
    case HP_FORMAT_DIFY:
    case HP_FORMAT_NODETOOL:
    case HP_FORMAT_NODETOOL_WORKFLOW:
    case HP_FORMAT_NODETOOL_LOG:
    case HP_FORMAT_COMFYUI_EVENTS:
    case HP_FORMAT_UNKNOWN:
    default:
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_UNSUPPORTED,
                   /* Translators: a format name */
                   _("Hotpath cannot write %s files; it writes hotpath, chrome-trace and csv"),
                   hp_format_kind_get_label (kind));
      return NULL;
    }

  return g_string_free_to_bytes (out);
}

/* The test hook's fault (_hp_profile_io_set_save_fault); 0: none. */
static int save_fault_errno;
static gint64 save_fault_after = -1;

/**
 * _hp_profile_io_set_save_fault:
 * @error_number: the errno saving fails with, 0 for no fault
 * @after_bytes: -1: the temporary file cannot be created (a read-only
 *   folder, EACCES; a read-only disk, EROFS); else writing fails once
 *   this many bytes are written (a full disk, ENOSPC)
 *
 * For tests: a fault no test machine can be put in safely (a full disk)
 * or that root does not see (permissions).
 */
void
_hp_profile_io_set_save_fault (int    error_number,
                               gint64 after_bytes)
{
  save_fault_errno = error_number;
  save_fault_after = after_bytes;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  gint64 budget = save_fault_errno != 0 && save_fault_after >= 0 ? save_fault_after : -1;

  while (length > 0)
    {
      gsize chunk = MIN (length, (gsize) G_MAXSSIZE);
      gssize n;

      if (budget == 0)
        {
          errno = save_fault_errno;
          return FALSE;
        }
      if (budget > 0)
        chunk = MIN (chunk, (gsize) budget);
      n = write (fd, data, chunk);
      if (n > 0 && budget > 0)
        budget -= n;

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* "PATH: cannot save: the disk is full (No space left on device); the
 * file on disk is unchanged": the cause in words, then errno's text. */
static void
set_save_error (GError     **error,
                int          saved_errno,
                const char  *path,
                const char  *dir,
                gboolean     existed)
{
  g_autofree char *why = NULL;

  switch (saved_errno)
    {
    case ENOSPC:
      why = g_strdup (_("the disk is full"));
      break;
#ifdef EDQUOT
    case EDQUOT:
      why = g_strdup (_("the disk quota is used up"));
      break;
#endif
    case EROFS:
      why = g_strdup (_("the disk is read-only"));
      break;
    case EACCES:
    case EPERM:
      /* Translators: a folder name */
      why = g_strdup_printf (_("the folder %s cannot be written to"), dir);
      break;
    case ENOENT:
      /* Translators: a folder name */
      why = g_strdup_printf (_("the folder %s does not exist"), dir);
      break;
    default:
      break;
    }
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: a file name, then the reason, built from several parts */
               _("%s: cannot save: %s%s%s%s%s"), path,
               why != NULL ? why : "", why != NULL ? " (" : "",
               g_strerror (saved_errno), why != NULL ? ")" : "",
               existed ? _("; the file on disk is unchanged") : "");
}

/**
 * hp_profile_save_file:
 * @path: where to save
 * @kind: %HP_FORMAT_HOTPATH, %HP_FORMAT_CHROME_TRACE or %HP_FORMAT_CSV
 *
 * Writes a temporary file in the folder of @path, flushes it to disk and
 * renames it over @path, so readers see the old file or the new one,
 * never a part. On failure the temporary file is removed.
 *
 * Returns: %TRUE on success; else %FALSE with @error set and a message
 *   that starts with @path
 */
gboolean
hp_profile_save_file (HpProfile     *profile,
                      const char    *path,
                      HpFormatKind   kind,
                      GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (HP_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = hp_profile_serialize (profile, kind, error);
  if (bytes == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return hp_profile_save_bytes (bytes, path, error);
}

/**
 * hp_profile_save_bytes:
 * @bytes: a serialised profile (hp_profile_serialize())
 * @path: where to save
 *
 * Saves @bytes as hp_profile_save_file() does (a temporary file flushed
 * to disk, then renamed over @path). Thread-safe: it only touches the
 * file system, so a caller can serialise on its thread and write here
 * in another.
 *
 * Returns: %TRUE on success; else %FALSE with @error set and a message
 *   that starts with @path
 */
gboolean
hp_profile_save_bytes (GBytes      *bytes,
                       const char  *path,
                       GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  const guint8 *data;
  gsize length;
  struct stat st;
  gboolean existed;
  int saved_errno;
  int fd;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (bytes, &length);

  existed = g_stat (path, &st) == 0;
  if (existed && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   /* Translators: a file name */
                   _("%s: cannot save: is a folder"), path);
      return FALSE;
    }
  /* Renaming over a file only needs the folder to be writable, so a
   * read-only file would be replaced without this check (even by root,
   * hence the mode bits as well as access()). */
  if (existed && S_ISREG (st.st_mode) &&
      ((st.st_mode & 0222) == 0 || (access (path, W_OK) != 0 && errno == EACCES)))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                   /* Translators: a file name */
                   _("%s: cannot save: the file is read-only; it is unchanged "
                   "(save under another name, or make it writable)"), path);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);

  if (save_fault_errno != 0 && save_fault_after < 0)
    {
      fd = -1;
      errno = save_fault_errno;
    }
  else
    fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_save_error (error, errno, path, dir, existed);
      return FALSE;
    }

  /* The new file keeps the permissions of the one it replaces; a new
   * one gets 0666 less the umask from g_mkstemp_full(). */
  if (g_stat (path, &st) == 0 && fchmod (fd, st.st_mode & 07777) != 0)
    {
      saved_errno = errno;
      close (fd);
      goto failed;
    }

  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      goto failed;
    }
  if (close (fd) != 0)
    {
      saved_errno = errno;
      goto failed;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      goto failed;
    }
  return TRUE;

failed:
  g_unlink (tmp_path);
  set_save_error (error, saved_errno, path, dir, existed);
  return FALSE;
}
