/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The app's command line, handled in the primary instance: --connect
 * keeps the address and connects (a server that cannot be reached opens
 * the Connect dialog with the reason); a bad address fails; files open a
 * window each. Headless under Xvfb,
 * a private (non-unique) instance per case since there is no session bus. */
#include <adwaita.h>

#include "hp-application.h"
#include "hp-connect-dialog.h"
#include "hp-test-utils.h"
#include "hp-window.h"

typedef struct
{
  HpApplication *app;
  const char    *expect_label;   /* waited for in the first window */
  gboolean       expect_dialog;  /* the Connect dialog, with an error */
  guint          n_windows;      /* windows seen when the check ran */
  gboolean       checked;
} RunData;

static HpApplication *
new_private_app (void)
{
  HpApplication *app = hp_application_new ();

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN |
                           G_APPLICATION_HANDLES_COMMAND_LINE |
                           G_APPLICATION_NON_UNIQUE);
  return app;
}

static gboolean
has_window (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (data)) != NULL;
}

static gboolean
has_expected_label (gpointer data)
{
  RunData *run = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (run->app));

  for (GList *l = windows; l != NULL; l = l->next)
    if (hp_test_find_label_with_text (l->data, run->expect_label) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
connect_dialog_has_error (gpointer data)
{
  GtkWindow *dialog = hp_test_find_toplevel (HP_TYPE_CONNECT_DIALOG);
  const char *error = dialog != NULL ? hp_connect_dialog_get_error (HP_CONNECT_DIALOG (dialog)) : NULL;

  return error != NULL && g_str_has_prefix (error, "Could not reach");
}

/* Runs inside g_application_run(): waits for what the command line should
 * have produced, then closes every window so that the run returns. */
static gboolean
check_and_quit_cb (gpointer data)
{
  RunData *run = data;
  g_autoptr(GList) windows = NULL;

  hp_test_wait_for (has_window, run->app);
  if (run->expect_label != NULL)
    hp_test_wait_for (has_expected_label, run);
  if (run->expect_dialog)
    hp_test_wait_for (connect_dialog_has_error, NULL);
  run->n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (run->app)));
  run->checked = TRUE;

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (run->app)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  return G_SOURCE_REMOVE;
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

static void
test_connect_kept (void)
{
  HpApplication *app = new_private_app ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  const char *argv[] = { "hotpath", "--connect", url, NULL };
  RunData run = { app, NULL, TRUE, 0, FALSE };
  g_auto(GStrv) servers = NULL;
  int status;

  g_idle_add (check_and_quit_cb, &run);
  status = g_application_run (G_APPLICATION (app), 3, (char **) argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
  /* No file given: activate opens one empty window; nothing listens on
   * the port, so the Connect dialog says why over it. */
  g_assert_cmpuint (run.n_windows, ==, 1);
  g_assert_cmpstr (hp_application_get_server_url (app), ==, url);
  /* Memory settings backend: the list starts empty, so the address is the
   * only entry. */
  servers = g_settings_get_strv (hp_application_get_settings (app), "recent-servers");
  g_assert_cmpuint (g_strv_length (servers), ==, 1);
  g_assert_cmpstr (servers[0], ==, url);

  g_assert_finalize_object (app);
}

static void
test_connect_bad_url (void)
{
  HpApplication *app = new_private_app ();
  const char *argv[] = { "hotpath", "--connect", "not a url", NULL };
  int status;

  /* Fails before any window opens; the message goes to stderr. */
  status = g_application_run (G_APPLICATION (app), 3, (char **) argv);
  g_assert_cmpint (status, ==, 1);
  g_assert_null (hp_application_get_server_url (app));
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_assert_finalize_object (app);
}

static void
test_files_open_windows (void)
{
  HpApplication *app = new_private_app ();
  g_autofree char *path = hp_test_fixture_path ("cli-small.hotpath");
  const char *argv[] = { "hotpath", path, path, NULL };
  RunData run = { app, NULL, FALSE, 0, FALSE };
  int status;

  g_idle_add (check_and_quit_cb, &run);
  status = g_application_run (G_APPLICATION (app), 3, (char **) argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
  /* Two FILE arguments: one window per document. */
  g_assert_cmpuint (run.n_windows, ==, 2);
  g_assert_finalize_object (app);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app-cli/connect/kept", test_connect_kept);
  g_test_add_func ("/app-cli/connect/bad-url", test_connect_bad_url);
  g_test_add_func ("/app-cli/files/open-windows", test_files_open_windows);

  return g_test_run ();
}
