/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-live-controller.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hp-window-private.h"

/* One profile of the capture and what is held back of it. */
typedef struct
{
  HpLiveController *controller;      /* not owned */
  HpProfile        *profile;
  GFile            *autosave_file;   /* nullable */
  gulong            changed_id;
  gboolean          changed_pending; /* a "changed" was held back */
  gboolean          passing;         /* re-emitting: let it through */
} Watch;

struct _HpLiveController
{
  GObject         parent_instance;

  HpLiveCapture  *capture;
  char           *address;
  char           *server_label;
  GWeakRef        origin;            /* GtkWindow */
  GWeakRef        app;               /* GtkApplication */
  gboolean        origin_used;
  GHashTable     *watches;           /* HpProfile* → Watch* */
  GHashTable     *dirty;             /* Watch* set: something to pass on */
  guint           flush_id;
  guint           n_runs;
  GCancellable   *runs_cancellable;  /* nullable: no runs of ours */
  GArray         *error_kinds;       /* ErrorKind: when each kind was last passed on */
};

/* One kind of capture error (its domain and code) and when it was last
 * passed on as "error". */
typedef struct
{
  GQuark domain;
  int    code;
  gint64 shown_us;   /* monotonic */
} ErrorKind;

G_DEFINE_FINAL_TYPE (HpLiveController, hp_live_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_N_RUNS,
  PROP_RUNNING,
  N_PROPS
};

enum {
  PROFILE_ADDED,
  PROFILE_UPDATED,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
watch_free (Watch *watch)
{
  g_clear_signal_handler (&watch->changed_id, watch->profile);
  g_clear_object (&watch->profile);
  g_clear_object (&watch->autosave_file);
  g_free (watch);
}

/* ---- coalescing ---------------------------------------------------------- */

static gboolean
flush_cb (gpointer data)
{
  HpLiveController *self = data;

  self->flush_id = 0;
  hp_live_controller_flush (self);
  return G_SOURCE_REMOVE;
}

static void
mark_dirty (HpLiveController *self,
            Watch            *watch)
{
  g_assert (HP_IS_LIVE_CONTROLLER (self));

  g_hash_table_add (self->dirty, watch);
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add (HP_LIVE_UPDATE_INTERVAL_MS, flush_cb, self);
}

/* Connected before anything else listens to the profile, so it can stop
 * the emission before the session and the panels see it. */
static void
profile_changed_cb (HpProfile *profile,
                    Watch     *watch)
{
  if (watch->passing)
    return;
  g_signal_stop_emission_by_name (profile, "changed");
  watch->changed_pending = TRUE;
  mark_dirty (watch->controller, watch);
}

/**
 * hp_live_controller_flush:
 * @self: a controller
 *
 * Passes on the held-back "changed" of each profile (once each) and
 * emits "profile-updated" for every profile that changed since the last
 * flush.
 */
void
hp_live_controller_flush (HpLiveController *self)
{
  g_autoptr(GPtrArray) dirty = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (HP_IS_LIVE_CONTROLLER (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  dirty = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (dirty, key);
  g_hash_table_remove_all (self->dirty);

  g_object_ref (self);
  for (guint i = 0; i < dirty->len; i++)
    {
      Watch *watch = g_ptr_array_index (dirty, i);
      g_autoptr(HpProfile) profile = g_object_ref (watch->profile);


      if (watch->changed_pending)
        {
          watch->changed_pending = FALSE;
          watch->passing = TRUE;
          g_signal_emit_by_name (profile, "changed");
          watch->passing = FALSE;
        }
      g_signal_emit (self, signals[PROFILE_UPDATED], 0, profile);
    }
  g_object_unref (self);
}

/* ---- capture signals ----------------------------------------------------- */

static Watch *
lookup_watch (HpLiveController *self,
              HpProfile        *profile)
{
  return g_hash_table_lookup (self->watches, profile);
}

static void
profile_added_cb (HpLiveController *self,
                  HpProfile        *profile)
{
  g_autoptr(GtkWindow) origin = NULL;
  g_autoptr(GtkApplication) app = NULL;
  Watch *watch;

  g_assert (HP_IS_LIVE_CONTROLLER (self));
  g_assert (HP_IS_PROFILE (profile));

  if (lookup_watch (self, profile) != NULL)
    return;
  watch = g_new0 (Watch, 1);
  watch->controller = self;
  watch->profile = g_object_ref (profile);
  watch->changed_id = g_signal_connect (profile, "changed", G_CALLBACK (profile_changed_cb), watch);
  g_hash_table_insert (self->watches, profile, watch);

  g_signal_emit (self, signals[PROFILE_ADDED], 0, profile);

  /* The first profile goes to the window that connected, if it is still
   * empty; every other one (a new graph) gets a window of its own. */
  origin = g_weak_ref_get (&self->origin);
  app = g_weak_ref_get (&self->app);
  if (origin != NULL && !self->origin_used && HP_IS_WINDOW (origin) &&
      hp_window_get_profile (HP_WINDOW (origin)) == NULL && !hp_window_get_loading (HP_WINDOW (origin)))
    {
      self->origin_used = TRUE;
      _hp_window_live_show_profile (HP_WINDOW (origin), self, profile);
    }
  else if (app != NULL)
    {
      _hp_window_live_open_profile (app, self, profile);
    }
}

static void
run_updated_cb (HpLiveController *self,
                HpProfile        *profile)
{
  Watch *watch = lookup_watch (self, profile);

  if (watch != NULL)
    mark_dirty (self, watch);
}

static void
run_started_cb (HpLiveController *self,
                HpProfile        *profile,
                HpRun            *run)
{
  g_autoptr(GtkApplication) app = g_weak_ref_get (&self->app);

  g_assert (HP_IS_LIVE_CONTROLLER (self));

  run_updated_cb (self, profile);
  /* A workflow whose window was closed comes back with its next run. */
  if (app != NULL && _hp_window_live_find_window (app, profile) == NULL)
    _hp_window_live_open_profile (app, self, profile);
}

static void
run_finished_cb (HpLiveController *self,
                 HpProfile        *profile,
                 HpRun            *run)
{
  g_assert (HP_IS_LIVE_CONTROLLER (self));

  run_updated_cb (self, profile);
  self->n_runs++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNS]);
}

static void
run_saved_cb (HpLiveController *self,
              HpProfile        *profile,
              GFile            *file)
{
  Watch *watch = lookup_watch (self, profile);

  if (watch != NULL && file != NULL)
    g_set_object (&watch->autosave_file, file);
}

/* Whether @error is passed on: not when an error of its kind was passed
 * on less than HP_LIVE_ERROR_QUIET_US ago. Each "error" becomes a message
 * in the window, and a server that sends garbage, or drops every new
 * socket, would otherwise queue one per frame or per attempt (hundreds a
 * second; the indicator already says "Reconnecting…"). */
static gboolean
error_is_news (HpLiveController *self,
               const GError     *error)
{
  gint64 now = g_get_monotonic_time ();
  ErrorKind kind = { error->domain, error->code, now };

  for (guint i = 0; i < self->error_kinds->len; i++)
    {
      ErrorKind *seen = &g_array_index (self->error_kinds, ErrorKind, i);

      if (seen->domain != error->domain || seen->code != error->code)
        continue;
      if (now - seen->shown_us < HP_LIVE_ERROR_QUIET_US)
        return FALSE;
      seen->shown_us = now;
      return TRUE;
    }
  g_array_append_val (self->error_kinds, kind);
  return TRUE;
}

static void
capture_error_cb (HpLiveController *self,
                  GError           *error)
{
  g_assert (HP_IS_LIVE_CONTROLLER (self));

  if (error == NULL)
    return;
  if (!error_is_news (self, error))
    {
      g_debug ("live: not shown again so soon: %s", error->message);
      return;
    }
  g_signal_emit (self, signals[ERROR], 0, error->message);
}

static void
state_changed_cb (HpLiveController *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  /* Runs cut off by a lost connection show as interrupted at once. */
  hp_live_controller_flush (self);
}

/* ---- GObject ------------------------------------------------------------- */

static void
hp_live_controller_dispose (GObject *object)
{
  HpLiveController *self = HP_LIVE_CONTROLLER (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->runs_cancellable != NULL)
    g_cancellable_cancel (self->runs_cancellable);
  g_clear_object (&self->runs_cancellable);
  if (self->capture != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->capture, self);
      hp_live_capture_stop (self->capture);
    }
  g_clear_object (&self->capture);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->watches, g_hash_table_unref);

  G_OBJECT_CLASS (hp_live_controller_parent_class)->dispose (object);
}

static void
hp_live_controller_finalize (GObject *object)
{
  HpLiveController *self = HP_LIVE_CONTROLLER (object);

  g_weak_ref_clear (&self->origin);
  g_weak_ref_clear (&self->app);
  g_free (self->address);
  g_free (self->server_label);
  g_array_unref (self->error_kinds);

  G_OBJECT_CLASS (hp_live_controller_parent_class)->finalize (object);
}

static void
hp_live_controller_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HpLiveController *self = HP_LIVE_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, hp_live_controller_get_state (self));
      break;
    case PROP_N_RUNS:
      g_value_set_uint (value, self->n_runs);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->runs_cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_live_controller_class_init (HpLiveControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hp_live_controller_dispose;
  object_class->finalize = hp_live_controller_finalize;
  object_class->get_property = hp_live_controller_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HP_TYPE_COMFY_CLIENT_STATE, HP_COMFY_CLIENT_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_RUNS] =
    g_param_spec_uint ("n-runs", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROFILE_ADDED] =
    g_signal_new ("profile-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HP_TYPE_PROFILE);
  signals[PROFILE_UPDATED] =
    g_signal_new ("profile-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HP_TYPE_PROFILE);
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hp_live_controller_init (HpLiveController *self)
{
  g_weak_ref_init (&self->origin, NULL);
  g_weak_ref_init (&self->app, NULL);
  self->watches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) watch_free);
  self->dirty = g_hash_table_new (NULL, NULL);
  self->error_kinds = g_array_new (FALSE, FALSE, sizeof (ErrorKind));
}

/* "host:port" of the parsed address, as people say it. */
static char *
make_server_label (const HpComfyAddress *address,
                   const char           *fallback)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;

  if (address == NULL)
    return g_strdup (fallback);
  uri = g_uri_parse (hp_comfy_address_get_http_uri (address), G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (fallback);
  host = strchr (g_uri_get_host (uri), ':') != NULL ? g_strdup_printf ("[%s]", g_uri_get_host (uri))
                                                     : g_strdup (g_uri_get_host (uri));
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));
  return g_steal_pointer (&host);
}

/**
 * hp_live_controller_new:
 * @address: the server as the user wrote it
 * @error: HP_COMFY_ERROR_ADDRESS when it is not a server address
 *
 * Returns: (transfer full) (nullable): a controller, not yet connected
 */
HpLiveController *
hp_live_controller_new (const char  *address,
                        GError     **error)
{
  g_autoptr(HpLiveController) self = NULL;
  HpLiveCapture *capture;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  capture = hp_live_capture_new (address, error);
  if (capture == NULL)
    return NULL;

  self = g_object_new (HP_TYPE_LIVE_CONTROLLER, NULL);
  self->capture = capture;
  self->address = g_strdup (address);
  self->server_label = make_server_label (hp_comfy_client_get_parsed_address (hp_live_capture_get_client (capture)),
                                          address);

  g_signal_connect_object (capture, "profile-added", G_CALLBACK (profile_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (capture, "run-started", G_CALLBACK (run_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (capture, "run-updated", G_CALLBACK (run_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (capture, "run-finished", G_CALLBACK (run_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (capture, "run-saved", G_CALLBACK (run_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (capture, "error", G_CALLBACK (capture_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (capture, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  return g_steal_pointer (&self);
}

void
hp_live_controller_set_token (HpLiveController *self,
                              const char       *token)
{
  HpComfyClient *client;

  g_return_if_fail (HP_IS_LIVE_CONTROLLER (self));

  client = hp_live_capture_get_client (self->capture);
  if (token == NULL || *token == '\0')
    hp_comfy_client_set_auth (client, HP_COMFY_AUTH_NONE, NULL);
  else
    hp_comfy_client_set_auth (client, strchr (token, ':') != NULL ? HP_COMFY_AUTH_BASIC : HP_COMFY_AUTH_BEARER,
                              token);
}

void
hp_live_controller_set_autosave_dir (HpLiveController *self,
                                     GFile            *dir)
{
  g_return_if_fail (HP_IS_LIVE_CONTROLLER (self));
  g_return_if_fail (dir == NULL || G_IS_FILE (dir));

  if (dir != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!g_file_make_directory_with_parents (dir, NULL, &error) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_warning ("Cannot create the autosave folder: %s", error->message);
    }
  hp_live_capture_set_autosave_dir (self->capture, dir);
}

void
hp_live_controller_set_origin (HpLiveController *self,
                               GtkWindow        *window)
{
  g_return_if_fail (HP_IS_LIVE_CONTROLLER (self));
  g_return_if_fail (window == NULL || GTK_IS_WINDOW (window));

  g_weak_ref_set (&self->origin, window);
  if (window != NULL)
    g_weak_ref_set (&self->app, gtk_window_get_application (window));
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!hp_live_capture_start_finish (HP_LIVE_CAPTURE (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hp_live_controller_start_async:
 *
 * Connects (hp_live_capture_start_async()); completes once the server
 * answered or could not be reached.
 */
void
hp_live_controller_start_async (HpLiveController    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HP_IS_LIVE_CONTROLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hp_live_controller_start_async);
  hp_live_capture_start_async (self->capture, cancellable, start_cb, task);
}

gboolean
hp_live_controller_start_finish (HpLiveController  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_prompt_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HpLiveController) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hp_live_capture_run_prompt_finish (HP_LIVE_CAPTURE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[ERROR], 0, error->message);

  g_clear_object (&self->runs_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
hp_live_controller_run_prompt (HpLiveController *self,
                               JsonNode         *prompt,
                               JsonNode         *workflow,
                               guint             n_runs,
                               gboolean          vary_seed)
{
  g_return_if_fail (HP_IS_LIVE_CONTROLLER (self));
  g_return_if_fail (prompt != NULL);
  g_return_if_fail (n_runs > 0);

  if (self->runs_cancellable != NULL)
    {
      g_signal_emit (self, signals[ERROR], 0, _("Runs are already in progress; stop them first"));
      return;
    }
  self->runs_cancellable = g_cancellable_new ();
  hp_live_capture_run_prompt_async (self->capture, prompt, workflow, n_runs, vary_seed,
                                    self->runs_cancellable, run_prompt_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
hp_live_controller_stop_runs (HpLiveController *self)
{
  g_return_if_fail (HP_IS_LIVE_CONTROLLER (self));

  if (self->runs_cancellable != NULL)
    g_cancellable_cancel (self->runs_cancellable);
}

void
hp_live_controller_disconnect (HpLiveController *self)
{
  g_return_if_fail (HP_IS_LIVE_CONTROLLER (self));

  hp_live_controller_stop_runs (self);
  hp_live_capture_stop (self->capture);
  hp_live_controller_flush (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

HpLiveCapture *
hp_live_controller_get_capture (HpLiveController *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CONTROLLER (self), NULL);
  return self->capture;
}

const char *
hp_live_controller_get_address (HpLiveController *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CONTROLLER (self), NULL);
  return self->address;
}

const char *
hp_live_controller_get_server_label (HpLiveController *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CONTROLLER (self), NULL);
  return self->server_label;
}

HpComfyClientState
hp_live_controller_get_state (HpLiveController *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CONTROLLER (self), HP_COMFY_CLIENT_DISCONNECTED);
  return hp_comfy_client_get_state (hp_live_capture_get_client (self->capture));
}

guint
hp_live_controller_get_n_runs (HpLiveController *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CONTROLLER (self), 0);
  return self->n_runs;
}

gboolean
hp_live_controller_get_running (HpLiveController *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CONTROLLER (self), FALSE);
  return self->runs_cancellable != NULL;
}

GFile *
hp_live_controller_get_autosave_file (HpLiveController *self,
                                      HpProfile        *profile)
{
  Watch *watch;

  g_return_val_if_fail (HP_IS_LIVE_CONTROLLER (self), NULL);

  watch = lookup_watch (self, profile);
  if (watch == NULL)
    return NULL;
  /* In the app the file is written in a thread: "run-saved" comes once
   * it is on disk, but the file is already the one being written. */
  if (watch->autosave_file == NULL && hp_live_capture_get_n_runs_finished (self->capture) > 0)
    return hp_live_capture_get_autosave_file (self->capture, profile);
  return watch->autosave_file;
}

GFile *
hp_live_autosave_dir (void)
{
  return g_file_new_build_filename (g_get_user_data_dir (), "hotpath", "autosave", NULL);
}
