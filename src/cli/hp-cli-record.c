/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-common.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "hp-live-capture.h"
#include "hp-prompt-source.h"

/* Exit statuses of record (0 and 2 as every command). */
#define EXIT_NOTHING_RECORDED 1
/* After Ctrl+C, how long POST /interrupt may take before we leave. */
#define INTERRUPT_GRACE_MS 2000

typedef struct {
  GMainLoop     *loop;
  HpLiveCapture *capture;
  GCancellable  *run_cancellable;
  gboolean       run_mode;
  gboolean       running;         /* run_prompt in progress */
  guint          n_wanted;        /* 0: until Ctrl+C */
  guint          n_recorded;      /* runs that ended, any status */
  guint          n_own;           /* of them, prompts we queued */
  char          *out_path;
  gboolean       out_explicit;
  guint          n_profiles;
  GPtrArray     *files;           /* saved paths, in order */
  double         timeout_s;
  guint          timeout_id;
  guint          grace_id;
  HpComfyClientState last_state;
  gboolean       stopping;
  int            status;
} Record;

static void
stop (Record *rec,
      int     status)
{
  if (rec->stopping)
    return;
  rec->stopping = TRUE;
  rec->status = status;
  g_main_loop_quit (rec->loop);
}

/* ---- file names ------------------------------------------------------- */

/* "out.hotpath" → "out-2.hotpath"; "out" → "out-2". */
static char *
suffixed (const char *path,
          guint       n)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  gsize stem = dot != NULL && dot != base ? (gsize) (dot - base) : strlen (base);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_strdup_printf ("%.*s-%u%s", (int) stem, base, n, base + stem);

  return strcmp (dir, ".") == 0 && !g_path_is_absolute (path) && strchr (path, '/') == NULL
         ? g_steal_pointer (&name) : g_build_filename (dir, name, NULL);
}

/* A name that is not taken: @path, else @path-2, -3… */
static char *
free_name (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_strdup (path);
  for (guint n = 2;; n++)
    {
      char *candidate = suffixed (path, n);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return candidate;
      g_free (candidate);
    }
}

/* Without -o: the prompt file's name ("txt2img.json" → "txt2img.hotpath"),
 * or "comfyui-record-DATE-TIME.hotpath" when watching; never an existing
 * file. */
static char *
default_out_path (const char *prompt_path)
{
  g_autofree char *wanted = NULL;

  if (prompt_path != NULL)
    {
      g_autofree char *base = g_path_get_basename (prompt_path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      wanted = g_strconcat (base, ".hotpath", NULL);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

      wanted = g_strdup_printf ("comfyui-record-%s.hotpath", stamp);
    }
  return free_name (wanted);
}

/* ---- the capture's signals ---------------------------------------------- */

static void
on_profile_added (HpLiveCapture *capture,
                  HpProfile     *profile,
                  Record        *rec)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  /* The first workflow gets -o, the others -o with -2, -3… */
  rec->n_profiles++;
  if (rec->n_profiles == 1)
    path = g_strdup (rec->out_path);
  else if (rec->out_explicit)
    path = suffixed (rec->out_path, rec->n_profiles);
  else
    {
      g_autofree char *wanted = suffixed (rec->out_path, rec->n_profiles);

      path = free_name (wanted);
    }
  file = g_file_new_for_path (path);
  hp_live_capture_set_autosave_file (capture, profile, file);
}

static void
on_run_saved (HpLiveCapture *capture,
              HpProfile     *profile,
              GFile         *file,
              Record        *rec)
{
  g_autofree char *path = g_file_get_path (file);

  for (guint i = 0; i < rec->files->len; i++)
    if (g_strcmp0 (g_ptr_array_index (rec->files, i), path) == 0)
      return;
  g_ptr_array_add (rec->files, g_steal_pointer (&path));
}

static const char *
node_name (HpProfile  *profile,
           const char *node_id)
{
  HpGraphNode *node = hp_workflow_graph_lookup_node (hp_profile_get_graph (profile), node_id);

  if (node != NULL && node->title != NULL && *node->title != '\0')
    return node->title;
  if (node != NULL && node->type != NULL && *node->type != '\0')
    return node->type;
  return node_id;
}

/* "4.21 s (KSampler 2.10 s)", "failed after 1.20 s in KSampler: …" */
static char *
describe_run (HpProfile *profile,
              HpRun     *run)
{
  GPtrArray *nodes = hp_run_get_node_runs (run);
  gint64 execution = hp_run_get_execution_us (run);
  g_autofree char *took = NULL;
  HpNodeRun *slowest = NULL, *failed = NULL;

  /* Cut off when the recording stopped: it ran until now at least. */
  if (execution == HP_TIME_UNKNOWN && hp_run_get_started_us (run) != HP_TIME_UNKNOWN)
    execution = MAX (g_get_real_time () - hp_run_get_started_us (run), 0);
  took = hp_format_duration_us (execution != HP_TIME_UNKNOWN ? (double) execution : NAN);

  for (guint i = 0; i < nodes->len; i++)
    {
      HpNodeRun *node = g_ptr_array_index (nodes, i);
      gint64 duration = hp_node_run_get_duration_us (node);

      if (hp_node_run_get_status (node) == HP_NODE_STATUS_FAILED && failed == NULL)
        failed = node;
      if (duration != HP_TIME_UNKNOWN && duration > 0 &&
          (slowest == NULL || duration > hp_node_run_get_duration_us (slowest)))
        slowest = node;
    }

  switch (hp_run_get_status (run))
    {
    case HP_RUN_STATUS_FAILED:
      if (failed != NULL)
        /* Translators: "failed after 1.20 s in KSampler: CUDA out of memory" */
        return g_strdup_printf (_("failed after %s in %s: %s"), took,
                                node_name (profile, hp_node_run_get_node_id (failed)),
                                hp_node_run_get_error (failed) != NULL ? hp_node_run_get_error (failed) : "");
      return g_strdup_printf (_("failed after %s"), took);
    case HP_RUN_STATUS_INTERRUPTED:
      return g_strdup_printf (_("interrupted after %s"), took);
    case HP_RUN_STATUS_SUCCEEDED:
    case HP_RUN_STATUS_RUNNING:
    default:
      break;
    }
  if (slowest == NULL)
    /* Translators: a run queued by another client: no node events reach us */
    return g_strdup_printf (_("%s (no per-node timing)"), took);
  {
    g_autofree char *node_took = hp_format_duration_us ((double) hp_node_run_get_duration_us (slowest));

    /* Translators: "4.21 s (KSampler 2.10 s)": the run, its slowest node */
    return g_strdup_printf (_("%s (%s %s)"), took,
                            node_name (profile, hp_node_run_get_node_id (slowest)), node_took);
  }
}

static gboolean
on_timeout (gpointer data)
{
  Record *rec = data;

  rec->timeout_id = 0;
  /* Translators: %g is a number of seconds */
  g_printerr (_("hotpath-cli: record: no run finished within %g s (--timeout)\n"), rec->timeout_s);
  stop (rec, EXIT_NOTHING_RECORDED);
  return G_SOURCE_REMOVE;
}

static void
restart_timeout (Record *rec)
{
  g_clear_handle_id (&rec->timeout_id, g_source_remove);
  if (rec->timeout_s > 0 && !rec->stopping)
    rec->timeout_id = g_timeout_add ((guint) MIN (rec->timeout_s * 1000.0, (double) G_MAXUINT),
                                     on_timeout, rec);
}

static void
on_run_finished (HpLiveCapture *capture,
                 HpProfile     *profile,
                 HpRun         *run,
                 Record        *rec)
{
  g_autofree char *text = describe_run (profile, run);
  gboolean own = hp_live_capture_is_own_prompt (capture, hp_run_get_id (run));

  rec->n_recorded++;
  if (own)
    rec->n_own++;
  if (rec->run_mode && !own)
    /* Translators: a prompt some other client queued; %s: its id, then what it did */
    g_print (_("other prompt %s: %s\n"), hp_run_get_id (run), text);
  else if (rec->n_wanted > 0)
    g_print (_("run %u/%u: %s\n"), rec->run_mode ? rec->n_own : rec->n_recorded, rec->n_wanted, text);
  else
    g_print (_("run %u: %s\n"), rec->n_recorded, text);
  fflush (stdout);
  restart_timeout (rec);

  if (!rec->run_mode && rec->n_wanted > 0 && rec->n_recorded >= rec->n_wanted)
    stop (rec, HP_CLI_EXIT_OK);
}

static void
on_error (HpLiveCapture *capture,
          const GError  *error,
          Record        *rec)
{
  /* Translators: something skipped that does not stop the recording */
  g_printerr (_("hotpath-cli: record: warning: %s\n"), error->message);
}

static void
on_state (HpLiveCapture *capture,
          GParamSpec    *pspec,
          Record        *rec)
{
  HpComfyClientState state = hp_live_capture_get_state (capture);

  if (state == HP_COMFY_CLIENT_RECONNECTING && rec->last_state == HP_COMFY_CLIENT_CONNECTED)
    g_printerr (_("hotpath-cli: record: connection lost, reconnecting…\n"));
  else if (state == HP_COMFY_CLIENT_CONNECTED && rec->last_state == HP_COMFY_CLIENT_RECONNECTING)
    g_printerr (_("hotpath-cli: record: reconnected\n"));
  rec->last_state = state;
}

/* ---- running ----------------------------------------------------------- */

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Record *rec = data;
  g_autoptr(GError) error = NULL;

  rec->running = FALSE;
  if (hp_live_capture_run_prompt_finish (HP_LIVE_CAPTURE (source), result, &error))
    stop (rec, HP_CLI_EXIT_OK);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_main_loop_quit (rec->loop);   /* Ctrl+C: the status is set already */
  else
    {
      g_printerr ("hotpath-cli: record: %s\n", error->message);
      stop (rec, HP_CLI_EXIT_BAD_INPUT);
    }
}

typedef struct {
  Record   *rec;
  JsonNode *prompt;
  JsonNode *workflow;
  gboolean  vary_seed;
  const char *url;
} StartData;

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  StartData *start = data;
  Record *rec = start->rec;
  g_autoptr(GError) error = NULL;

  if (!hp_live_capture_start_finish (HP_LIVE_CAPTURE (source), result, &error))
    {
      g_printerr ("hotpath-cli: record: %s\n", error->message);
      stop (rec, HP_CLI_EXIT_BAD_INPUT);
      return;
    }
  if (rec->stopping)
    return;

  /* Translators: %s is the server's address */
  g_print (_("Recording from %s (Ctrl+C to stop)\n"), start->url);
  fflush (stdout);
  if (start->prompt != NULL)
    {
      rec->running = TRUE;
      hp_live_capture_run_prompt_async (rec->capture, start->prompt, start->workflow,
                                        rec->n_wanted, start->vary_seed, rec->run_cancellable,
                                        on_run_done, rec);
    }
}

static void
on_grace_over (gpointer data)
{
  Record *rec = data;

  rec->grace_id = 0;
  g_main_loop_quit (rec->loop);
}

static gboolean
on_signal (gpointer data)
{
  Record *rec = data;

  if (rec->stopping)
    return G_SOURCE_CONTINUE;
  rec->stopping = TRUE;
  rec->status = -1;   /* decided once the capture has stopped */
  if (rec->running)
    {
      /* POST /interrupt goes out; on_run_done quits (or the grace time). */
      g_cancellable_cancel (rec->run_cancellable);
      rec->grace_id = g_timeout_add_once (INTERRUPT_GRACE_MS, on_grace_over, rec);
    }
  else
    g_main_loop_quit (rec->loop);
  return G_SOURCE_CONTINUE;
}

static const char summary[] =
  /* Translators: keep the option names and HOTPATH_TOKEN as they are */
  N_("Records runs from a ComfyUI server into a Hotpath profile.\n"
     "\n"
     "Without --run it watches: every prompt the server runs is recorded (per-node\n"
     "times for prompts queued without a client id; run-level facts from /history for\n"
     "prompts other clients queued). With --run it queues PROMPT.json (an API-format\n"
     "prompt, a POST /prompt body, a history or an event log) N times, one after the\n"
     "other, and records each run.\n"
     "\n"
     "The profile is saved (atomically) after every run that ends: to -o FILE, or\n"
     "by default to the prompt file’s name with .hotpath in the current directory\n"
     "(txt2img.json → txt2img.hotpath), or comfyui-record-DATE-TIME.hotpath when\n"
     "watching; a default name never replaces an existing file (-2, -3… is added).\n"
     "Runs of other workflow graphs go to FILE-2.hotpath, FILE-3.hotpath…\n"
     "\n"
     "A line is printed for each run that ends (“run 3/10: 4.21 s (KSampler 2.10 s)”).\n"
     "A lost connection is reopened; the run it cut off is kept as interrupted.\n"
     "The token (or HOTPATH_TOKEN) is sent to the server only, never saved.\n"
     "\n"
     "Exit status: 0 when N runs are recorded (or on Ctrl+C once at least one run\n"
     "was recorded: it is saved, a run in progress as interrupted); 1 when --timeout\n"
     "passed without a run ending, or on Ctrl+C before any run was recorded; 2 for\n"
     "bad options, a server that cannot be reached, or a prompt it rejects.");

int
hp_cli_record (int    argc,
               char **argv)
{
  g_auto(GStrv) urls = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *run_path = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *events_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(JsonNode) prompt = NULL;
  g_autoptr(JsonNode) workflow = NULL;
  g_autoptr(HpLiveCapture) capture = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) run_cancellable = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  gboolean vary_seed = FALSE;
  gint runs = -1;
  double timeout_s = 0;
  Record rec = { 0 };
  StartData start = { 0 };
  HpComfyAuthKind auth_kind = HP_COMFY_AUTH_BEARER;
  guint sigint_id, sigterm_id;
  GOptionEntry entries[] = {
    { "run", 'r', 0, G_OPTION_ARG_FILENAME, &run_path, N_("Queue this workflow (API format) and record its runs"),
      N_("PROMPT.json") },
    { "vary-seed", 0, 0, G_OPTION_ARG_NONE, &vary_seed, N_("Give every run a new seed, so none comes from the cache"),
      NULL },
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, N_("Stop after N runs (with --run: queue it N times; default 1)"),
      N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Save the profile to FILE (see above for the default)"),
      N_("FILE") },
    { "events-out", 0, 0, G_OPTION_ARG_FILENAME, &events_path,
      N_("Also write every message received to LOG.jsonl (replaced if it exists)"), N_("LOG.jsonl") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout_s,
      N_("Give up (exit 1) after S seconds without a run ending"), N_("S") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token,
      N_("Token for a server behind a proxy (default: $HOTPATH_TOKEN)"), N_("TOKEN") },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &auth,
      N_("How to send the token: bearer (default) or basic (TOKEN is user:password)"), N_("KIND") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &urls, NULL, N_("URL") },
    { NULL }
  };

  /* Translators: after "Usage: record [OPTION…] URL" */
  context = g_option_context_new (_("— record runs from a ComfyUI server"));
  g_option_context_set_summary (context, _(summary));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hp_cli_fail (_("record: %s"), error->message);
  /* Translators: in these messages "record" and the options stay as they are */
  if (urls == NULL || urls[0] == NULL)
    return hp_cli_fail (_("record: no server given (see hotpath-cli record --help)"));
  if (urls[1] != NULL)
    return hp_cli_fail (_("record: one server at a time, got “%s” too"), urls[1]);
  if (runs == 0 || runs < -1)
    return hp_cli_fail (_("record: --runs must be 1 or more"));
  if (!isfinite (timeout_s) || timeout_s < 0)
    return hp_cli_fail (_("record: --timeout must be 0 or more seconds (0: no limit)"));
  if (vary_seed && run_path == NULL)
    return hp_cli_fail (_("record: --vary-seed needs --run"));
  if (auth != NULL && strcmp (auth, "basic") == 0)
    auth_kind = HP_COMFY_AUTH_BASIC;
  else if (auth != NULL && strcmp (auth, "bearer") != 0)
    return hp_cli_fail (_("record: --auth is bearer or basic, not “%s”"), auth);
  if (token == NULL && g_getenv ("HOTPATH_TOKEN") != NULL && *g_getenv ("HOTPATH_TOKEN") != '\0')
    token = g_strdup (g_getenv ("HOTPATH_TOKEN"));

  if (run_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (run_path);

      prompt = hp_prompt_source_load_file (file, &workflow, &error);
      if (prompt == NULL)
        return hp_cli_fail (_("record: %s"), error->message);
    }

  /* The recorder's run notes go into the saved profile in the user's
   * language, like convert's and the window's: a note is document text,
   * shown as written when the file is opened later. */
  capture = hp_live_capture_new (urls[0], &error);
  if (capture == NULL)
    return hp_cli_fail (_("record: %s"), error->message);
  if (token != NULL)
    hp_comfy_client_set_auth (hp_live_capture_get_client (capture), auth_kind, token);
  if (events_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (events_path);

      if (!g_file_delete (file, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return hp_cli_fail (_("record: %s: %s"), events_path, error->message);
      g_clear_error (&error);
      if (!hp_live_capture_set_event_log (capture, file, &error))
        return hp_cli_fail (_("record: %s"), error->message);
    }

  loop = g_main_loop_new (NULL, FALSE);
  run_cancellable = g_cancellable_new ();
  rec.loop = loop;
  rec.capture = capture;
  rec.run_cancellable = run_cancellable;
  rec.run_mode = prompt != NULL;
  rec.n_wanted = runs > 0 ? (guint) runs : (prompt != NULL ? 1 : 0);
  rec.out_explicit = out_path != NULL;
  rec.out_path = out_path != NULL ? g_strdup (out_path) : default_out_path (run_path);
  rec.files = files;
  rec.timeout_s = timeout_s;
  rec.status = HP_CLI_EXIT_OK;

  g_signal_connect (capture, "profile-added", G_CALLBACK (on_profile_added), &rec);
  g_signal_connect (capture, "run-saved", G_CALLBACK (on_run_saved), &rec);
  g_signal_connect (capture, "run-finished", G_CALLBACK (on_run_finished), &rec);
  g_signal_connect (capture, "error", G_CALLBACK (on_error), &rec);
  g_signal_connect (capture, "notify::state", G_CALLBACK (on_state), &rec);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &rec);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &rec);

  start.rec = &rec;
  start.prompt = prompt;
  start.workflow = workflow;
  start.vary_seed = vary_seed;
  start.url = urls[0];
  restart_timeout (&rec);
  hp_live_capture_start_async (capture, NULL, on_started, &start);
  g_main_loop_run (loop);

  g_clear_handle_id (&rec.timeout_id, g_source_remove);
  g_clear_handle_id (&rec.grace_id, g_source_remove);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  /* A run in progress ends as interrupted and is saved too. */
  g_signal_handlers_disconnect_by_func (capture, on_state, &rec);
  hp_live_capture_stop (capture);
  hp_live_capture_set_event_log (capture, NULL, NULL);

  for (guint i = 0; i < files->len; i++)
    /* Translators: %s is a file name */
    g_print (_("Saved %s\n"), (const char *) g_ptr_array_index (files, i));
  if (rec.status == -1)
    {
      if (rec.n_recorded == 0)
        g_printerr (_("hotpath-cli: record: stopped before any run was recorded\n"));
      rec.status = rec.n_recorded > 0 ? HP_CLI_EXIT_OK : EXIT_NOTHING_RECORDED;
    }
  g_free (rec.out_path);
  return rec.status;
}
