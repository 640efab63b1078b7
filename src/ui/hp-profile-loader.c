/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-profile-loader.h"

#include <glib/gi18n.h>

#include "hp-format-limits.h"
#include "hp-profile-io.h"

struct _HpProfileLoader
{
  GObject  parent_instance;

  GFile   *file;
  char    *message;
  guint    loading : 1;
};

G_DEFINE_FINAL_TYPE (HpProfileLoader, hp_profile_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_MESSAGE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_message (HpProfileLoader *self,
             const char      *message)
{
  g_assert (HP_IS_PROFILE_LOADER (self));

  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
set_loading (HpProfileLoader *self,
             gboolean         loading)
{
  g_assert (HP_IS_PROFILE_LOADER (self));

  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
hp_profile_loader_finalize (GObject *object)
{
  HpProfileLoader *self = HP_PROFILE_LOADER (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (hp_profile_loader_parent_class)->finalize (object);
}

static void
hp_profile_loader_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HpProfileLoader *self = HP_PROFILE_LOADER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_profile_loader_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HpProfileLoader *self = HP_PROFILE_LOADER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_profile_loader_class_init (HpProfileLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hp_profile_loader_finalize;
  object_class->get_property = hp_profile_loader_get_property;
  object_class->set_property = hp_profile_loader_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hp_profile_loader_init (HpProfileLoader *self)
{
}

/**
 * hp_profile_loader_new:
 * @file: the profile file to read
 *
 * Returns: (transfer full): a loader for @file
 */
HpProfileLoader *
hp_profile_loader_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (HP_TYPE_PROFILE_LOADER, "file", file, NULL);
}

/**
 * hp_profile_loader_get_file:
 * @self: a loader
 *
 * Returns: (transfer none): the file it reads
 */
GFile *
hp_profile_loader_get_file (HpProfileLoader *self)
{
  g_return_val_if_fail (HP_IS_PROFILE_LOADER (self), NULL);
  return self->file;
}

/**
 * hp_profile_loader_get_message:
 * @self: a loader
 *
 * Returns: (nullable): what the loader is doing, for people
 */
const char *
hp_profile_loader_get_message (HpProfileLoader *self)
{
  g_return_val_if_fail (HP_IS_PROFILE_LOADER (self), NULL);
  return self->message;
}

/**
 * hp_profile_loader_get_loading:
 * @self: a loader
 *
 * Returns: whether a load is under way
 */
gboolean
hp_profile_loader_get_loading (HpProfileLoader *self)
{
  g_return_val_if_fail (HP_IS_PROFILE_LOADER (self), FALSE);
  return self->loading;
}

/* Runs in a worker thread: only the core reader, no widgets. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path != NULL)
    {
      profile = hp_profile_load_file (path, &error);
    }
  else
    {
      /* Not a local file (a portal or remote URI): read it whole. */
      g_autofree char *contents = NULL;
      g_autofree char *name = g_file_get_parse_name (file);
      gsize length = 0;
      g_autoptr(GFileInfo) info = NULL;

      /* Read whole, so the size limit is checked before, not after. */
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                cancellable, NULL);
      if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
          !_hp_format_check_size (name, (guint64) g_file_info_get_size (info),
                                  _hp_format_limits ()->max_file_bytes, "profiles", &error))
        ;
      else if (g_file_load_contents (file, cancellable, &contents, &length, NULL, &error))
        profile = hp_profile_load_data (contents, length, name, &error);
    }

  if (profile == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&profile), g_object_unref);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HpProfileLoader *self = HP_PROFILE_LOADER (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  HpProfile *profile;

  g_assert (HP_IS_PROFILE_LOADER (self));
  g_assert (G_IS_TASK (task));

  profile = g_task_propagate_pointer (G_TASK (result), &error);
  set_loading (self, FALSE);
  if (profile == NULL)
    {
      set_message (self, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      set_message (self, NULL);
      g_task_return_pointer (task, profile, g_object_unref);
    }
}

/**
 * hp_profile_loader_load_async:
 * @self: a loader
 * @cancellable: (nullable): cancels the hand-over
 * @callback: called in the calling thread when done
 * @user_data: for @callback
 *
 * Reads the file in a worker thread with hp_profile_load_file().
 */
void
hp_profile_loader_load_async (HpProfileLoader     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (HP_IS_PROFILE_LOADER (self));
  g_return_if_fail (!self->loading);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hp_profile_loader_load_async);

  name = g_file_get_basename (self->file);
  message = g_strdup_printf (_("Loading %s…"), name);
  set_message (self, message);
  set_loading (self, TRUE);

  /* The worker task updates our properties when it finishes, in this
   * thread, before the caller's callback runs. */
  worker = g_task_new (self, cancellable, load_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, load_thread);
  g_task_set_task_data (worker, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (worker, load_thread);
}

/**
 * hp_profile_loader_load_finish:
 * @self: a loader
 * @result: the result given to the callback
 * @error: return location for the reader's error
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (messages name the file and the place in it)
 */
HpProfile *
hp_profile_loader_load_finish (HpProfileLoader  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (HP_IS_PROFILE_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
