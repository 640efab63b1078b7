/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpLiveCapture: the object, the client → recorder wiring, the event log
 * and autosave. Run and profile and the /history follow-up of watch mode
 * are in hp-live-capture-run.c. */
#include "hp-live-capture-private.h"

#include <glib/gi18n.h>
#include <string.h>

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  SIGNAL_PROFILE_ADDED,
  SIGNAL_RUN_STARTED,
  SIGNAL_RUN_UPDATED,
  SIGNAL_RUN_FINISHED,
  SIGNAL_RUN_SAVED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HpLiveCapture, hp_live_capture, G_TYPE_OBJECT)

void
_hp_live_capture_emit_error (HpLiveCapture *self,
                             const GError  *error)
{
  g_debug ("live capture: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

void
_hp_live_capture_emit_saved (HpLiveCapture *self,
                             HpProfile     *profile,
                             GFile         *file)
{
  g_signal_emit (self, signals[SIGNAL_RUN_SAVED], 0, profile, file);
}

/* ---- the recorder's signals ---------------------------------------------- */

static void
on_profile_added (HpRecorder    *recorder,
                  HpProfile     *profile,
                  HpLiveCapture *self)
{
  g_signal_emit (self, signals[SIGNAL_PROFILE_ADDED], 0, profile);
}

static void
on_run_started (HpRecorder    *recorder,
                HpProfile     *profile,
                HpRun         *run,
                HpLiveCapture *self)
{
  g_signal_emit (self, signals[SIGNAL_RUN_STARTED], 0, profile, run);
}

static void
on_run_updated (HpRecorder    *recorder,
                HpProfile     *profile,
                HpRun         *run,
                const char    *node_id,
                HpLiveCapture *self)
{
  g_signal_emit (self, signals[SIGNAL_RUN_UPDATED], 0, profile, run, node_id);
}

/* Saved first: a handler that quits (hotpath-cli record after N runs)
 * finds the run on disk. */
static void
on_run_finished (HpRecorder    *recorder,
                 HpProfile     *profile,
                 HpRun         *run,
                 HpLiveCapture *self)
{
  g_autoptr(HpLiveCapture) hold = g_object_ref (self);

  self->n_runs_finished++;
  _hp_live_capture_autosave (self, profile);
  g_signal_emit (self, signals[SIGNAL_RUN_FINISHED], 0, profile, run);
  _hp_live_capture_run_finished (self, run);
}

/* ---- the client's signals ----------------------------------------------- */

static void
on_message (HpComfyClient *client,
            JsonNode      *message,
            gint64         received_us,
            HpLiveCapture *self)
{
  g_autoptr(GError) error = NULL;
  const char *type;

  if (self->log != NULL &&
      !hp_event_log_writer_append_message (self->log, message, received_us, &error))
    _hp_live_capture_log_failed (self, g_steal_pointer (&error));
  if (!hp_recorder_feed_message (self->recorder, message, received_us, &error))
    _hp_live_capture_emit_error (self, error);

  /* The client only passes on objects with a "type" string. */
  type = json_object_get_string_member (json_node_get_object (message), "type");
  if (strcmp (type, "status") == 0)
    _hp_live_capture_check_history (self);
}

static void
on_prompt (HpComfyClient *client,
           const char    *prompt_id,
           double         number,
           JsonNode      *graph,
           JsonNode      *workflow,
           gint64         received_us,
           gint64         create_time_us,
           HpLiveCapture *self)
{
  g_autoptr(GError) error = NULL;
  gint64 queued_us = HP_TIME_UNKNOWN;

  /* The client hands back the very graph we POSTed: it is ours. */
  if (self->posting_graph != NULL && graph == self->posting_graph)
    {
      queued_us = self->posting_us;
      g_hash_table_add (self->own_prompts, g_strdup (prompt_id));
    }

  if (self->log != NULL &&
      !hp_event_log_writer_append_prompt_full (self->log, prompt_id, number, graph, workflow,
                                               queued_us, create_time_us, received_us, &error))
    _hp_live_capture_log_failed (self, g_steal_pointer (&error));
  if (!hp_recorder_add_prompt (self->recorder, prompt_id, number, graph, workflow, received_us, &error))
    {
      _hp_live_capture_emit_error (self, error);
      return;
    }
  if (queued_us != HP_TIME_UNKNOWN || create_time_us != HP_TIME_UNKNOWN)
    hp_recorder_prompt_queued (self->recorder, prompt_id, queued_us, create_time_us);
}

static void
on_system_stats (HpComfyClient *client,
                 JsonNode      *stats,
                 gint64         received_us,
                 HpLiveCapture *self)
{
  g_autoptr(GError) error = NULL;

  if (self->log != NULL &&
      !hp_event_log_writer_append_system_stats (self->log, stats, received_us, &error))
    _hp_live_capture_log_failed (self, g_steal_pointer (&error));
  if (!hp_recorder_add_system_stats (self->recorder, stats, received_us, &error))
    _hp_live_capture_emit_error (self, error);
}

static void
on_protocol_error (HpComfyClient *client,
                   const GError  *error,
                   HpLiveCapture *self)
{
  _hp_live_capture_emit_error (self, error);
}

static void
on_connection_lost (HpComfyClient *client,
                    gint64         when_us,
                    HpLiveCapture *self)
{
  hp_recorder_connection_lost (self->recorder, when_us);
}

static void
on_state_changed (HpComfyClient *client,
                  GParamSpec    *pspec,
                  HpLiveCapture *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (hp_comfy_client_get_state (client) == HP_COMFY_CLIENT_CONNECTED)
    _hp_live_capture_connected (self);
}

/* ---- object ----------------------------------------------------------- */

static void
hp_live_capture_dispose (GObject *object)
{
  HpLiveCapture *self = HP_LIVE_CAPTURE (object);

  _hp_live_capture_abort_run (self, NULL);
  g_clear_handle_id (&self->history_timer_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      hp_comfy_client_disconnect (self->client);
      g_clear_object (&self->client);
    }
  if (self->recorder != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recorder, self);
      g_clear_object (&self->recorder);
    }
  g_clear_object (&self->log);
  g_clear_object (&self->autosave_dir);
  g_clear_pointer (&self->posting_graph, json_node_unref);

  G_OBJECT_CLASS (hp_live_capture_parent_class)->dispose (object);
}

static void
hp_live_capture_finalize (GObject *object)
{
  HpLiveCapture *self = HP_LIVE_CAPTURE (object);

  g_hash_table_unref (self->autosave_files);
  g_hash_table_unref (self->own_prompts);
  g_hash_table_unref (self->history_known);
  g_free (self->session_stamp);

  G_OBJECT_CLASS (hp_live_capture_parent_class)->finalize (object);
}

static void
hp_live_capture_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HpLiveCapture *self = HP_LIVE_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->client != NULL ? hp_comfy_client_get_state (self->client)
                                                    : HP_COMFY_CLIENT_DISCONNECTED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_live_capture_class_init (HpLiveCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hp_live_capture_dispose;
  object_class->finalize = hp_live_capture_finalize;
  object_class->get_property = hp_live_capture_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HP_TYPE_COMFY_CLIENT_STATE,
                       HP_COMFY_CLIENT_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROFILE_ADDED] =
    g_signal_new ("profile-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, HP_TYPE_PROFILE);
  signals[SIGNAL_RUN_STARTED] =
    g_signal_new ("run-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, HP_TYPE_PROFILE, HP_TYPE_RUN);
  signals[SIGNAL_RUN_UPDATED] =
    g_signal_new ("run-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, HP_TYPE_PROFILE, HP_TYPE_RUN,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, HP_TYPE_PROFILE, HP_TYPE_RUN);
  signals[SIGNAL_RUN_SAVED] =
    g_signal_new ("run-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, HP_TYPE_PROFILE, G_TYPE_FILE);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
hp_live_capture_init (HpLiveCapture *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->cancellable = g_cancellable_new ();
  self->recorder = hp_recorder_new ();
  self->autosave_files = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->own_prompts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->history_known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->history_interval_ms = HP_LIVE_HISTORY_INTERVAL_MS;
  self->session_stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  g_signal_connect (self->recorder, "profile-added", G_CALLBACK (on_profile_added), self);
  g_signal_connect (self->recorder, "run-started", G_CALLBACK (on_run_started), self);
  g_signal_connect (self->recorder, "run-updated", G_CALLBACK (on_run_updated), self);
  g_signal_connect (self->recorder, "run-finished", G_CALLBACK (on_run_finished), self);
}

/**
 * hp_live_capture_new:
 * @address: the server as users write it ("127.0.0.1:8188", "https://…")
 *
 * Returns: (transfer full) (nullable): a capture, not connected yet, or
 *   %NULL with HP_COMFY_ERROR_ADDRESS when @address is not a server
 */
HpLiveCapture *
hp_live_capture_new (const char  *address,
                     GError     **error)
{
  g_autoptr(HpLiveCapture) self = NULL;
  HpComfyClient *client;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  client = hp_comfy_client_new (address, error);
  if (client == NULL)
    return NULL;

  self = g_object_new (HP_TYPE_LIVE_CAPTURE, NULL);
  self->client = client;
  g_signal_connect (client, "message", G_CALLBACK (on_message), self);
  g_signal_connect (client, "prompt", G_CALLBACK (on_prompt), self);
  g_signal_connect (client, "system-stats", G_CALLBACK (on_system_stats), self);
  g_signal_connect (client, "protocol-error", G_CALLBACK (on_protocol_error), self);
  g_signal_connect (client, "connection-lost", G_CALLBACK (on_connection_lost), self);
  g_signal_connect (client, "notify::state", G_CALLBACK (on_state_changed), self);
  return g_steal_pointer (&self);
}

/**
 * hp_live_capture_get_client:
 *
 * Returns: (transfer none): the client, for its settings (auth, sampling
 *   interval) and its history
 */
HpComfyClient *
hp_live_capture_get_client (HpLiveCapture *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), NULL);
  return self->client;
}

/**
 * hp_live_capture_get_recorder:
 *
 * Returns: (transfer none): the recorder every run comes from
 */
HpRecorder *
hp_live_capture_get_recorder (HpLiveCapture *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), NULL);
  return self->recorder;
}

HpComfyClientState
hp_live_capture_get_state (HpLiveCapture *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), HP_COMFY_CLIENT_DISCONNECTED);
  return hp_comfy_client_get_state (self->client);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!hp_comfy_client_connect_finish (HP_COMFY_CLIENT (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hp_live_capture_start_async:
 *
 * Connects (HP_COMFY_ERROR_UNREACHABLE, _AUTH, _NOT_COMFYUI when it
 * cannot); from then on everything the server sends is recorded, and a
 * lost connection is reopened with backoff until hp_live_capture_stop().
 */
void
hp_live_capture_start_async (HpLiveCapture       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HP_IS_LIVE_CAPTURE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hp_live_capture_start_async);
  hp_comfy_client_connect_async (self->client, cancellable, on_connected, task);
}

gboolean
hp_live_capture_start_finish (HpLiveCapture  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * hp_live_capture_stop:
 *
 * Disconnects on purpose. Runs in progress end as interrupted (kept,
 * with a note) and are autosaved; prompts whose graph never came are
 * recorded with node ids only; a run_prompt in progress ends with
 * G_IO_ERROR_CANCELLED (the server is not asked to stop it).
 */
void
hp_live_capture_stop (HpLiveCapture *self)
{
  g_autoptr(HpLiveCapture) hold = NULL;

  g_return_if_fail (HP_IS_LIVE_CAPTURE (self));

  hold = g_object_ref (self);
  hp_comfy_client_disconnect (self->client);
  g_clear_handle_id (&self->history_timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->history_in_flight = FALSE;
  self->history_again = FALSE;
  hp_recorder_finish (self->recorder);
  _hp_live_capture_abort_run (self, _("The capture was stopped"));
}

/**
 * hp_live_capture_get_profiles:
 *
 * Returns: (transfer none) (element-type HpProfile): one profile per
 *   workflow graph, in the order they appeared
 */
GPtrArray *
hp_live_capture_get_profiles (HpLiveCapture *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), NULL);
  return hp_recorder_get_profiles (self->recorder);
}

/* Runs that ended (any status, ours or not) since the capture was made. */
guint
hp_live_capture_get_n_runs_finished (HpLiveCapture *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), 0);
  return self->n_runs_finished;
}

guint
hp_live_capture_get_n_runs_done (HpLiveCapture *self)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), 0);
  return self->n_runs_done;
}

/* TRUE for a prompt this capture queued (run and profile): its node
 * events come to us; others' may not. */
gboolean
hp_live_capture_is_own_prompt (HpLiveCapture *self,
                               const char    *prompt_id)
{
  g_return_val_if_fail (HP_IS_LIVE_CAPTURE (self), FALSE);
  g_return_val_if_fail (prompt_id != NULL, FALSE);
  return g_hash_table_contains (self->own_prompts, prompt_id);
}

/* How often to look at /history for prompts other clients ran, besides
 * each status message (servers behind some proxies send none); 0: only
 * on status messages. */
void
hp_live_capture_set_history_interval_ms (HpLiveCapture *self,
                                         guint          interval_ms)
{
  g_return_if_fail (HP_IS_LIVE_CAPTURE (self));

  self->history_interval_ms = interval_ms;
  _hp_live_capture_restart_history_timer (self);
}
