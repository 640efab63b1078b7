/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-common.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "hp-replay-server.h"

/* How long a client may stay quiet before it is shown the whole log. */
#define WATCH_DELAY_MS 1000
#define DEFAULT_PORT 8188

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

int
hp_cli_replay (int    argc,
               char **argv)
{
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HpReplayLog) log = NULL;
  g_autoptr(HpReplayServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  gint port = DEFAULT_PORT;
  double speed = 1;
  gboolean repeat = FALSE;
  guint sigint_id, sigterm_id, drain_id;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("TCP port on 127.0.0.1, 0 for any free one (default: 8188)"),
      N_("N") },
    { "speed", 's', 0, G_OPTION_ARG_DOUBLE, &speed, N_("Divide the pauses between messages by X "
                                                      "(2: twice as fast, 0: as fast as possible)"), N_("X") },
    { "loop", 'l', 0, G_OPTION_ARG_NONE, &repeat, N_("Start over at the end of the log"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("LOG.jsonl") },
    { NULL }
  };

  /* Translators: after "Usage: replay [OPTION…] LOG.jsonl" */
  context = g_option_context_new (_("— serve an event log as a ComfyUI server"));
  /* Translators: POST /prompt, /ws, --speed and --loop stay as they are */
  g_option_context_set_summary (context,
                                _("Serves a recorded event log (JSON Lines) on 127.0.0.1 over the ComfyUI\n"
                                  "protocol, so the live view can be shown and tested without a GPU.\n"
                                  "\n"
                                  "A client that sends POST /prompt gets the log’s next prompt replayed to its\n"
                                  "websocket. A client that connects to /ws and sends no prompt within 1 s\n"
                                  "watches: the whole log is broadcast to every socket, prompt after prompt.\n"
                                  "Messages keep their original pauses, divided by --speed; --loop starts\n"
                                  "over at the end (otherwise POST /prompt fails once every prompt was played)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hp_cli_fail (_("replay: %s"), error->message);
  /* Translators: in these messages "replay" and the options stay as they are */
  if (files == NULL || files[0] == NULL)
    return hp_cli_fail (_("replay: no event log given (see hotpath-cli replay --help)"));
  if (files[1] != NULL)
    return hp_cli_fail (_("replay: one event log at a time, got “%s” too"), files[1]);
  if (port < 0 || port > G_MAXUINT16)
    return hp_cli_fail (_("replay: --port %d is not a TCP port: use 0 to 65535"), port);
  if (!isfinite (speed) || speed < 0)
    return hp_cli_fail (_("replay: --speed must be 0 or more (0: as fast as possible)"));

  log = hp_replay_log_load_path (files[0], &error);
  if (log == NULL)
    return hp_cli_fail ("%s", error->message);

  server = hp_replay_server_new (log);
  hp_replay_server_set_speed (server, speed);
  hp_replay_server_set_loop (server, repeat);
  hp_replay_server_set_watch_delay (server, WATCH_DELAY_MS);
  if (!hp_replay_server_listen (server, (guint) port, &error))
    return hp_cli_fail (_("replay: cannot listen on 127.0.0.1:%d: %s"), port, error->message);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, loop);

  /* Translators: the first %s is the log's file name, the second a URL */
  g_print (_("Serving %s at %s (Ctrl+C to stop)\n"), files[0], hp_replay_server_get_uri (server));
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  hp_replay_server_stop (server);

  /* A moment for the sockets' closing handshakes */
  drain_id = g_timeout_add (100, on_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (drain_id);
  return HP_CLI_EXIT_OK;
}
