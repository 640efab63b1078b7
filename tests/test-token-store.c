/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tokens in the keyring: HpTokenStore through libsecret against a real
 * gnome-keyring-daemon on a private D-Bus (never the developer's session
 * bus or keyring), and the Connect dialog's "Remember the token" row.
 *
 * The cases share one process and run in order: first with no bus at all
 * (the test environment's DBUS_SESSION_BUS_ADDRESS leads nowhere), then on
 * a private bus with no Secret Service, then with gnome-keyring started on
 * that bus. Run alone (-p), a case sets up what it needs, or skips. */
#include "hp-config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "hp-application.h"
#include "hp-comfy-address.h"
#include "hp-connect-dialog.h"
#include "hp-test-utils.h"
#include "hp-token-store.h"
#include "hp-window.h"
#include "hp-tmp-test-utils.h"

static HpApplication *app;
static char *scratch;          /* the keyring daemon's home, data and runtime dirs */
static GTestDBus *test_bus;    /* the private session bus, once up */
static GDBusConnection *bus;   /* our connection to it, kept */
static GSubprocess *keyring;   /* gnome-keyring-daemon on it, once started */
static gboolean keyring_up;

/* ---- the private bus and keyring ------------------------------------------ */

static void
ensure_bus (void)
{
  g_autoptr(GError) error = NULL;

  if (test_bus != NULL)
    return;
  /* No service files: nothing is D-Bus activated, not even a keyring. */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  g_test_message ("private bus: %s", g_test_dbus_get_bus_address (test_bus));
  /* The shared connection everyone (libsecret too) uses, kept open and
   * told not to end the test when the bus stops at the end. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_set_exit_on_close (bus, FALSE);
}

static void
secrets_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  keyring_up = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* gnome-keyring-daemon on the private bus, its files in the scratch
 * folder, the login keyring created and unlocked with a password on
 * stdin. FALSE (the test skipped) where it is not installed. */
static gboolean
ensure_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  const char *dirs[] = { "home", "data", "config", "cache", "run" };
  GOutputStream *in;
  guint watch;

#ifndef HAVE_LIBSECRET
  g_test_skip ("built without libsecret");
  return FALSE;
#endif
  if (keyring != NULL)
    return TRUE;
  if (daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed (build-aux/setup.sh installs it)");
      return FALSE;
    }
  ensure_bus ();

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (scratch, dirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    }
  {
    g_autofree char *home = g_build_filename (scratch, "home", NULL);
    g_autofree char *data = g_build_filename (scratch, "data", NULL);
    g_autofree char *config = g_build_filename (scratch, "config", NULL);
    g_autofree char *cache = g_build_filename (scratch, "cache", NULL);
    g_autofree char *run = g_build_filename (scratch, "run", NULL);

    g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
    g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
    g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
    g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", run, TRUE);
  }
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", g_test_dbus_get_bus_address (test_bus), TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GNOME_KEYRING_CONTROL");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_set_cwd (launcher, scratch);
  keyring = g_subprocess_launcher_spawn (launcher, &error, daemon, "--foreground", "--unlock",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);

  /* The password of the scratch login keyring, then end of input. */
  in = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_all (in, "hotpath-test", strlen ("hotpath-test"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, &error);
  g_assert_no_error (error);

  watch = g_bus_watch_name_on_connection (bus, "org.freedesktop.secrets", G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          secrets_appeared_cb, NULL, NULL, NULL);
  hp_test_wait_for (flag_set, &keyring_up);
  g_bus_unwatch_name (watch);
  return TRUE;
}

static void
stop_keyring (void)
{
  /* libsecret's shared SecretService stays: secret_service_disconnect()
   * would leave its proxies' reference cycles unreachable (LeakSanitizer). */
  if (keyring != NULL)
    {
      g_subprocess_send_signal (keyring, SIGTERM);
      g_subprocess_wait (keyring, NULL, NULL);
      g_clear_object (&keyring);
    }
  /* Not g_test_dbus_down(), nor the last unref that calls it: it waits
   * for every user of the bus to let go. The watcher GTestDBus started
   * ends the daemon if this process dies first. */
  if (test_bus != NULL)
    g_test_dbus_stop (test_bus);
}

/* ---- the store, waited for ------------------------------------------------ */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *token;
  GError   *error;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->token, g_free);
  g_clear_error (&answer->error);
  answer->done = FALSE;
}

static void
probe_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Answer *answer = user_data;

  answer->ok = hp_token_store_probe_finish (HP_TOKEN_STORE (object), result, &answer->error);
  answer->done = TRUE;
}

static void
lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Answer *answer = user_data;

  answer->token = hp_token_store_lookup_finish (HP_TOKEN_STORE (object), result, &answer->error);
  answer->ok = answer->error == NULL;
  answer->done = TRUE;
}

static void
store_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Answer *answer = user_data;

  answer->ok = hp_token_store_store_finish (HP_TOKEN_STORE (object), result, &answer->error);
  answer->done = TRUE;
}

static void
clear_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Answer *answer = user_data;

  answer->ok = hp_token_store_clear_finish (HP_TOKEN_STORE (object), result, &answer->error);
  answer->done = TRUE;
}

static void
probe (HpTokenStore *store, Answer *answer)
{
  answer_clear (answer);
  hp_token_store_probe_async (store, NULL, probe_cb, answer);
  hp_test_wait_for (flag_set, &answer->done);
}

static void
lookup (HpTokenStore *store, const char *address, Answer *answer)
{
  answer_clear (answer);
  hp_token_store_lookup_async (store, address, NULL, lookup_cb, answer);
  hp_test_wait_for (flag_set, &answer->done);
}

static void
store_token (HpTokenStore *store, const char *address, const char *token, Answer *answer)
{
  answer_clear (answer);
  hp_token_store_store_async (store, address, token, NULL, store_cb, answer);
  hp_test_wait_for (flag_set, &answer->done);
}

static void
clear_token (HpTokenStore *store, const char *address, Answer *answer)
{
  answer_clear (answer);
  hp_token_store_clear_async (store, address, NULL, clear_cb, answer);
  hp_test_wait_for (flag_set, &answer->done);
}

/* ---- the store ------------------------------------------------------------ */

static void
test_server_key (void)
{
  g_autoptr(GError) error = NULL;
  char *key;

  /* All of these are ComfyUI on 127.0.0.1:8188 (no scheme: http and 8188;
   * a trailing slash and ws://…/ws are the same server). */
  const char *same[] = { "127.0.0.1:8188", "http://127.0.0.1:8188/", "HTTP://127.0.0.1:8188",
                         "ws://127.0.0.1:8188/ws", " 127.0.0.1 " };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      key = hp_token_store_server_key (same[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, "http://127.0.0.1:8188");
      g_free (key);
    }
  /* Another port, https's own port left out, a proxy prefix kept. */
  key = hp_token_store_server_key ("127.0.0.1:9000", &error);
  g_assert_cmpstr (key, ==, "http://127.0.0.1:9000");
  g_free (key);
  key = hp_token_store_server_key ("https://Example.org:443/comfy/", &error);
  g_assert_cmpstr (key, ==, "https://example.org/comfy");
  g_free (key);
  g_assert_no_error (error);

  key = hp_token_store_server_key ("not a url", &error);
  g_assert_null (key);
  g_assert_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS);
  g_assert_nonnull (strstr (error->message, "“not a url”"));
}

/* The test environment's session bus address leads nowhere. */
static void
test_no_bus (void)
{
  g_autoptr(HpTokenStore) store = hp_token_store_new ();
  Answer answer = { 0, };

  if (test_bus != NULL)
    {
      g_test_skip ("runs before the private bus is up");
      return;
    }

  probe (store, &answer);
  g_assert_false (answer.ok);
  g_assert_error (answer.error, HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE);
#ifdef HAVE_LIBSECRET
  g_assert_cmpstr (answer.error->message, ==, "Not available: there is no session bus to reach a keyring");
#endif

  /* Every operation says the same, and nothing is kept anywhere else. */
  lookup (store, "127.0.0.1:8188", &answer);
  g_assert_null (answer.token);
  g_assert_error (answer.error, HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE);
  store_token (store, "127.0.0.1:8188", "secret-1", &answer);
  g_assert_false (answer.ok);
  g_assert_error (answer.error, HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE);
  clear_token (store, "127.0.0.1:8188", &answer);
  g_assert_error (answer.error, HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE);

  /* Not an address: said before any keyring is asked. */
  lookup (store, "http://", &answer);
  g_assert_error (answer.error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS);

  answer_clear (&answer);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_no_service (void)
{
  g_autoptr(HpTokenStore) store = hp_token_store_new ();
  Answer answer = { 0, };

#ifndef HAVE_LIBSECRET
  g_test_skip ("built without libsecret");
  return;
#endif
  if (keyring != NULL)
    {
      g_test_skip ("runs before the keyring is started");
      return;
    }
  ensure_bus ();

  /* A bus, but nothing owns org.freedesktop.secrets nor can be started. */
  probe (store, &answer);
  g_assert_false (answer.ok);
  g_assert_error (answer.error, HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE);
  g_assert_cmpstr (answer.error->message, ==, "Not available: no keyring (Secret Service) is running");
  store_token (store, "127.0.0.1:8188", "secret-1", &answer);
  g_assert_error (answer.error, HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE);

  answer_clear (&answer);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
count_changed_cb (HpTokenStore *store,
                  const char   *key,
                  GPtrArray    *keys)
{
  g_ptr_array_add (keys, g_strdup (key));
}

static void
test_round_trip (void)
{
  g_autoptr(HpTokenStore) store = hp_token_store_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  Answer answer = { 0, };

  if (!ensure_keyring ())
    return;
  g_signal_connect (store, "changed", G_CALLBACK (count_changed_cb), changed);

  /* The keyring started after a failed probe is found now. */
  probe (store, &answer);
  g_assert_no_error (answer.error);
  g_assert_true (answer.ok);

  /* Nothing stored yet: NULL, and no error. */
  lookup (store, "127.0.0.1:8188", &answer);
  g_assert_no_error (answer.error);
  g_assert_null (answer.token);

  /* Stored under one spelling, found under the others. */
  store_token (store, "127.0.0.1:8188", "secret-1", &answer);
  g_assert_no_error (answer.error);
  g_assert_true (answer.ok);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, "http://127.0.0.1:8188");
  lookup (store, "http://127.0.0.1:8188/", &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpstr (answer.token, ==, "secret-1");
  lookup (store, "ws://127.0.0.1:8188/ws", &answer);
  g_assert_cmpstr (answer.token, ==, "secret-1");

  /* Another port is another server; a basic-auth token keeps its colon
   * and a non-ASCII one its bytes. */
  lookup (store, "127.0.0.1:9000", &answer);
  g_assert_no_error (answer.error);
  g_assert_null (answer.token);
  store_token (store, "127.0.0.1:9000", "user:pässwörd", &answer);
  g_assert_true (answer.ok);
  lookup (store, "127.0.0.1:9000", &answer);
  g_assert_cmpstr (answer.token, ==, "user:pässwörd");
  lookup (store, "127.0.0.1:8188", &answer);
  g_assert_cmpstr (answer.token, ==, "secret-1");

  /* Storing again replaces: one item, the new token. */
  store_token (store, "http://127.0.0.1:8188", "secret-2", &answer);
  g_assert_true (answer.ok);
  lookup (store, "127.0.0.1:8188", &answer);
  g_assert_cmpstr (answer.token, ==, "secret-2");

#ifdef HAVE_LIBSECRET
  /* What Seahorse shows: the label, the schema and the attribute. */
  {
    g_autoptr(SecretService) service = NULL;
    g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    g_autofree char *label = NULL;
    GList *items;

    service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);
    g_assert_no_error (error);
    g_hash_table_insert (attributes, (gpointer) "xdg:schema", (gpointer) HP_TOKEN_STORE_SCHEMA_NAME);
    g_hash_table_insert (attributes, (gpointer) "server", (gpointer) "http://127.0.0.1:8188");
    items = secret_service_search_sync (service, NULL, attributes, SECRET_SEARCH_ALL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_length (items), ==, 1);
    label = secret_item_get_label (items->data);
    g_assert_cmpstr (label, ==, "Hotpath token for http://127.0.0.1:8188");
    g_list_free_full (items, g_object_unref);
  }
#endif

  /* Cleared under another spelling; clearing again is no error. */
  g_ptr_array_set_size (changed, 0);
  clear_token (store, "ws://127.0.0.1:8188/ws", &answer);
  g_assert_no_error (answer.error);
  g_assert_true (answer.ok);
  g_assert_cmpuint (changed->len, ==, 1);
  lookup (store, "127.0.0.1:8188", &answer);
  g_assert_no_error (answer.error);
  g_assert_null (answer.token);
  clear_token (store, "127.0.0.1:8188", &answer);
  g_assert_no_error (answer.error);
  g_assert_true (answer.ok);
  /* The other server's token is untouched. */
  lookup (store, "127.0.0.1:9000", &answer);
  g_assert_cmpstr (answer.token, ==, "user:pässwörd");
  clear_token (store, "127.0.0.1:9000", &answer);
  g_assert_true (answer.ok);

  /* A cancelled lookup says so. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    answer_clear (&answer);
    g_cancellable_cancel (cancellable);
    hp_token_store_lookup_async (store, "127.0.0.1:8188", cancellable, lookup_cb, &answer);
    hp_test_wait_for (flag_set, &answer.done);
    g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  answer_clear (&answer);
  g_signal_handlers_disconnect_by_data (store, changed);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* ---- the Connect dialog ---------------------------------------------------- */

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} TextWait;

static gboolean
text_is (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (wait->widget)), wait->text) == 0;
}

static gboolean
subtitle_is (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (wait->widget)), wait->text) == 0;
}

static gboolean
switch_on (gpointer data)
{
  return gtk_switch_get_active (GTK_SWITCH (data));
}

static gboolean
row_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (data));
}

static gboolean
dialog_idle (gpointer data)
{
  return !hp_connect_dialog_get_busy (data);
}

/* A port nothing listens on: bound, then let go. */
static guint16
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static HpConnectDialog *
open_dialog (HpWindow *window)
{
  HpConnectDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
  dialog = HP_CONNECT_DIALOG (hp_test_find_toplevel (HP_TYPE_CONNECT_DIALOG));
  g_assert_nonnull (dialog);
  hp_test_wait_for (hp_test_widget_mapped, dialog);
  return dialog;
}

static HpWindow *
new_window (void)
{
  HpWindow *window = HP_WINDOW (hp_application_new_window (app));

  gtk_window_present (GTK_WINDOW (window));
  hp_test_wait_for (hp_test_widget_mapped, window);
  return window;
}

static void
close_all (HpConnectDialog *dialog,
           HpWindow        *window)
{
  gpointer watched = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &watched);
  gtk_window_destroy (GTK_WINDOW (dialog));
  hp_test_flush ();
  g_assert_null (watched);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* No bus (the test environment's): the switch is greyed out and says why. */
static void
test_dialog_no_keyring (void)
{
  HpWindow *window;
  HpConnectDialog *dialog;
  GtkWidget *row;
  GtkWidget *toggle;
  TextWait wait;

  if (test_bus != NULL)
    {
      g_test_skip ("runs before the private bus is up");
      return;
    }
  window = new_window ();
  dialog = open_dialog (window);
  row = hp_test_get_named (GTK_WIDGET (dialog), "remember-token-row");
  toggle = hp_test_get_named (GTK_WIDGET (dialog), "remember-token-switch");

  wait.widget = row;
#ifdef HAVE_LIBSECRET
  wait.text = "Not available: there is no session bus to reach a keyring";
#else
  wait.text = "Not available: this build of Hotpath has no keyring support (libsecret)";
#endif
  hp_test_wait_for (subtitle_is, &wait);
  g_assert_false (gtk_widget_get_sensitive (row));
  g_assert_false (gtk_widget_is_sensitive (toggle));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));

  /* Connect with a token still works; the token is only handed over. */
  hp_connect_dialog_set_address (dialog, "127.0.0.1:1");
  gtk_editable_set_text (GTK_EDITABLE (hp_test_get_named (GTK_WIDGET (dialog), "token-row")), "secret-1");
  hp_connect_dialog_connect (dialog);
  hp_test_wait_for (dialog_idle, dialog);
  g_assert_nonnull (hp_connect_dialog_get_error (dialog));

  if (g_getenv ("HP_SCREENSHOT_DIR") != NULL)
    {
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (dialog), g_getenv ("HP_SCREENSHOT_DIR"), "connect-token-unavailable.png");
    }
  close_all (dialog, window);
}

static void
changed_cb (HpTokenStore *store,
            const char   *key,
            guint        *count)
{
  (*count)++;
}

static gboolean
count_reached (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_dialog_remember (void)
{
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  g_autofree char *server_url = g_strdup_printf ("http://%s/", server);
  const char *recent[] = { "http://127.0.0.1:8188", server, NULL };
  HpTokenStore *store = hp_token_store_get_default ();
  GSettings *settings = hp_application_get_settings (app);
  const char *shots = g_getenv ("HP_SCREENSHOT_DIR");
  Answer answer = { 0, };
  HpWindow *window;
  HpConnectDialog *dialog;
  GtkListBox *recent_list;
  GtkWidget *row;
  GtkWidget *toggle;
  GtkWidget *token_row;
  TextWait wait;
  guint changed = 0;

  if (!ensure_keyring ())
    return;
  /* The token of the second server was remembered before, under another
   * spelling of its address. */
  store_token (store, server_url, "secret-9", &answer);
  g_assert_true (answer.ok);
  g_settings_set_strv (settings, "recent-servers", recent);

  window = new_window ();
  dialog = open_dialog (window);
  row = hp_test_get_named (GTK_WIDGET (dialog), "remember-token-row");
  toggle = hp_test_get_named (GTK_WIDGET (dialog), "remember-token-switch");
  token_row = hp_test_get_named (GTK_WIDGET (dialog), "token-row");
  recent_list = GTK_LIST_BOX (hp_test_get_named (GTK_WIDGET (dialog), "recent-servers"));

  /* The keyring is found; the newest server has no token: nothing filled. */
  hp_test_wait_for (row_sensitive, row);
  g_assert_true (gtk_widget_is_sensitive (toggle));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Kept in your keyring, for this server only");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token_row)), ==, "");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));

  /* Picking the second server fills its token, masked, and turns the switch on. */
  g_signal_emit_by_name (recent_list, "row-activated", gtk_list_box_get_row_at_index (recent_list, 1));
  wait.widget = token_row;
  wait.text = "secret-9";
  hp_test_wait_for (text_is, &wait);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (token_row));
  if (shots != NULL)
    {
      hp_test_set_dark (FALSE);
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (dialog), shots, "connect-token-remembered.png");
      hp_test_set_dark (TRUE);
      hp_test_settle ();
      hp_test_save_png (GTK_WIDGET (dialog), shots, "connect-token-remembered-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
    }

  /* Back to the first: the filled-in token goes, the switch turns off. */
  g_signal_emit_by_name (recent_list, "row-activated", gtk_list_box_get_row_at_index (recent_list, 0));
  wait.text = "";
  hp_test_wait_for (text_is, &wait);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));

  /* Typed rather than picked, in yet another spelling: filled again. */
  {
    g_autofree char *ws = g_strdup_printf ("ws://%s/ws", server);

    hp_connect_dialog_set_address (dialog, ws);
  }
  wait.text = "secret-9";
  hp_test_wait_for (text_is, &wait);
  hp_test_wait_for (switch_on, toggle);

  /* Switch off, Connect: the server cannot be reached, but the stored
   * token is forgotten at once. */
  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &changed);
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  hp_connect_dialog_connect (dialog);
  hp_test_wait_for (count_reached, &changed);
  lookup (store, server, &answer);
  g_assert_no_error (answer.error);
  g_assert_null (answer.token);
  hp_test_wait_for (dialog_idle, dialog);
  g_assert_true (g_str_has_prefix (hp_connect_dialog_get_error (dialog), "Could not reach"));

  /* A token typed for the first server, switch on, Connect: stored. The
   * token the user typed stays when the address changes. */
  changed = 0;
  hp_connect_dialog_set_address (dialog, "http://127.0.0.1:8188");
  gtk_editable_set_text (GTK_EDITABLE (token_row), "typed-token");
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  hp_connect_dialog_set_address (dialog, "127.0.0.1:1");
  hp_test_flush ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token_row)), ==, "typed-token");
  hp_connect_dialog_connect (dialog);
  hp_test_wait_for (count_reached, &changed);
  lookup (store, "http://127.0.0.1:1", &answer);
  g_assert_cmpstr (answer.token, ==, "typed-token");
  hp_test_wait_for (dialog_idle, dialog);

  /* Switch on with an empty token means nothing to remember: cleared. */
  changed = 0;
  gtk_editable_set_text (GTK_EDITABLE (token_row), "");
  hp_connect_dialog_connect (dialog);
  hp_test_wait_for (count_reached, &changed);
  lookup (store, "127.0.0.1:1", &answer);
  g_assert_no_error (answer.error);
  g_assert_null (answer.token);
  hp_test_wait_for (dialog_idle, dialog);

  g_signal_handlers_disconnect_by_data (store, &changed);
  g_settings_reset (settings, "recent-servers");
  answer_clear (&answer);
  close_all (dialog, window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  scratch = g_dir_make_tmp ("hotpath-keyring-XXXXXX", &error);
  g_assert_no_error (error);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  app = hp_application_new ();
  /* Registered before any bus is up: a private instance. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/token-store/server-key", test_server_key);
  g_test_add_func ("/token-store/no-bus", test_no_bus);
  g_test_add_func ("/token-store/dialog-no-keyring", test_dialog_no_keyring);
  g_test_add_func ("/token-store/no-service", test_no_service);
  g_test_add_func ("/token-store/round-trip", test_round_trip);
  g_test_add_func ("/token-store/dialog-remember", test_dialog_remember);

  ret = g_test_run ();

  g_clear_object (&app);
  stop_keyring ();
  hp_test_remove_tree (scratch);
  g_free (scratch);
  return ret;
}
