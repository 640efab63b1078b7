/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's side of file faults (issue 9): the document's file changed
 * on disk (Reload / Keep Mine, asking before overwriting), two windows
 * saving one file, a save that fails (full disk) keeping the document
 * modified and the old file intact, and a title with markup shown as text.
 * Run under Xvfb. The core side is in test-file-faults.c. */
#include <errno.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "hp-application.h"
#include "hp-node-row.h"
#include "hp-profile-io-private.h"
#include "hp-profile-io.h"
#include "hp-test-utils.h"
#include "hp-window-private.h"
#include "hp-tmp-test-utils.h"

static HpApplication *app;

/* A copy of @fixture in a new temporary folder. */
static GFile *
copy_fixture (const char *fixture,
              char      **dir)
{
  g_autofree char *source = hp_test_fixture_path (fixture);
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  gsize length;

  *dir = g_dir_make_tmp ("hp-ffw-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  path = g_build_filename (*dir, "doc.hotpath", NULL);
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  return g_file_new_for_path (path);
}

/* Another program replaces the file (atomically, as editors do) with
 * the content of @fixture. */
static void
replace_on_disk (GFile      *file,
                 const char *fixture)
{
  g_autofree char *source = hp_test_fixture_path (fixture);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(HpProfile) other = hp_profile_load_file (source, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (other);
  g_assert_true (hp_profile_save_file (other, path, HP_FORMAT_HOTPATH, &error));
  g_assert_no_error (error);
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} LabelWait;

/* The message may come after a toast still on screen (slow under the
 * sanitizers): wait for it rather than look once. */
static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return hp_test_find_label_with_text (wait->root, wait->text) != NULL;
}

static gboolean
has_dialog (gpointer window)
{
  return _hp_window_file_watch_get_dialog (window) != NULL;
}

static const char *
dialog_heading (HpWindow *window)
{
  return adw_message_dialog_get_heading (_hp_window_file_watch_get_dialog (window));
}

static char *
read_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_changed_keep_mine (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = copy_fixture ("cli-small.hotpath", &dir);
  g_autofree char *theirs = NULL;
  g_autofree char *now = NULL;
  HpWindow *window = hp_test_open_window (app, file, 900, 600);
  HpProfile *mine = hp_window_get_profile (window);
  guint my_runs = hp_profile_get_n_runs (mine);

  g_assert_false (hp_window_get_modified (window));
  replace_on_disk (file, "native-small.hotpath");
  theirs = read_file (file);

  /* The monitor notices; nothing is reloaded until the user chooses. */
  hp_test_wait_for (has_dialog, window);
  g_assert_cmpstr (dialog_heading (window), ==, "The File Changed on Disk");
  g_assert_true (hp_window_get_profile (window) == mine);
  g_assert_cmpuint (hp_profile_get_n_runs (mine), ==, my_runs);

  /* Keep Mine: the shown profile is no longer on disk, so it is unsaved. */
  adw_message_dialog_response (_hp_window_file_watch_get_dialog (window), "keep");
  hp_test_flush ();
  g_assert_true (hp_window_get_modified (window));
  g_assert_true (hp_window_get_profile (window) == mine);

  /* Save asks before overwriting their version; Cancel keeps it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  g_assert_true (has_dialog (window));
  g_assert_cmpstr (dialog_heading (window), ==, "Overwrite the Changed File?");
  adw_message_dialog_response (_hp_window_file_watch_get_dialog (window), "cancel");
  hp_test_flush ();
  now = read_file (file);
  g_assert_cmpstr (now, ==, theirs);
  g_assert_true (hp_window_get_modified (window));
  g_clear_pointer (&now, g_free);

  /* Overwrite: ours is on disk, the document is saved. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  adw_message_dialog_response (_hp_window_file_watch_get_dialog (window), "overwrite");
  hp_test_flush ();
  g_assert_false (hp_window_get_modified (window));
  now = read_file (file);
  g_assert_cmpstr (now, !=, theirs);
  {
    g_autofree char *path = g_file_get_path (file);
    g_autoptr(HpProfile) back = hp_profile_load_file (path, NULL);

    g_assert_cmpuint (hp_profile_get_n_runs (back), ==, my_runs);
  }
  /* Our own save is not news: no question comes up. */
  g_usleep (400000);
  hp_test_settle ();
  g_assert_false (has_dialog (window));

  gtk_window_destroy (GTK_WINDOW (window));
  hp_test_flush ();
  hp_test_remove_tree (dir);
}

static gboolean
profile_replaced (gpointer data)
{
  HpWindow **window = data;

  return hp_window_get_profile (window[0]) != (HpProfile *) window[1];
}

static void
test_changed_reload (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = copy_fixture ("cli-small.hotpath", &dir);
  g_autofree char *other_path = hp_test_fixture_path ("native-small.hotpath");
  g_autoptr(HpProfile) other = hp_profile_load_file (other_path, NULL);
  HpWindow *window = hp_test_open_window (app, file, 900, 600);
  gpointer pair[2] = { window, hp_window_get_profile (window) };

  hp_window_set_modified (window, TRUE);
  replace_on_disk (file, "native-small.hotpath");
  hp_test_wait_for (has_dialog, window);
  adw_message_dialog_response (_hp_window_file_watch_get_dialog (window), "reload");
  hp_test_wait_for (profile_replaced, pair);

  /* Their version is shown, unmodified; the file is still the document's. */
  g_assert_cmpuint (hp_profile_get_n_runs (hp_window_get_profile (window)), ==,
                    hp_profile_get_n_runs (other));
  g_assert_false (hp_window_get_modified (window));
  g_assert_true (g_file_equal (hp_window_get_file (window), file));
  g_assert_false (_hp_window_file_watch_changed_on_disk (window));

  gtk_window_destroy (GTK_WINDOW (window));
  hp_test_flush ();
  hp_test_remove_tree (dir);
}

/* Two windows on one file: each save is whole (atomic rename), the last
 * one wins, and the other window hears of it. */
static void
test_two_windows (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = copy_fixture ("cli-small.hotpath", &dir);
  HpWindow *a = hp_test_open_window (app, file, 800, 500);
  HpWindow *b = hp_test_open_window (app, file, 800, 500);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(HpProfile) on_disk = NULL;

  g_assert_true (a != b);
  /* A deletes a run and saves. */
  gtk_widget_activate_action (GTK_WIDGET (a), "win.delete-run", "s", "r1");
  g_assert_true (hp_window_get_modified (a));
  gtk_widget_activate_action (GTK_WIDGET (a), "win.save", NULL);
  g_assert_false (hp_window_get_modified (a));
  g_assert_false (has_dialog (a));

  /* B is told, keeps its own, and saving asks before overwriting A's. */
  hp_test_wait_for (has_dialog, b);
  g_assert_cmpstr (dialog_heading (b), ==, "The File Changed on Disk");
  adw_message_dialog_response (_hp_window_file_watch_get_dialog (b), "keep");
  gtk_widget_activate_action (GTK_WIDGET (b), "win.save", NULL);
  g_assert_cmpstr (dialog_heading (b), ==, "Overwrite the Changed File?");
  adw_message_dialog_response (_hp_window_file_watch_get_dialog (b), "overwrite");
  hp_test_flush ();

  /* B's version (all runs) is on disk, whole; now A is told. */
  on_disk = hp_profile_load_file (path, NULL);
  g_assert_nonnull (on_disk);
  g_assert_cmpuint (hp_profile_get_n_runs (on_disk), ==,
                    hp_profile_get_n_runs (hp_window_get_profile (b)));
  g_assert_cmpuint (hp_profile_get_n_runs (on_disk), ==,
                    hp_profile_get_n_runs (hp_window_get_profile (a)) + 1);
  hp_test_wait_for (has_dialog, a);
  g_assert_cmpstr (dialog_heading (a), ==, "The File Changed on Disk");
  g_assert_false (has_dialog (b));

  gtk_window_destroy (GTK_WINDOW (a));
  gtk_window_destroy (GTK_WINDOW (b));
  hp_test_flush ();
  hp_test_remove_tree (dir);
}

/* A full disk while saving: the old file stays, the window says why and
 * the document stays modified. */
static void
test_save_disk_full (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = copy_fixture ("cli-small.hotpath", &dir);
  g_autofree char *before = read_file (file);
  g_autofree char *after = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *message = NULL;
  HpWindow *window = hp_test_open_window (app, file, 900, 600);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-run", "s", "r1");
  g_assert_true (hp_window_get_modified (window));

  _hp_profile_io_set_save_fault (ENOSPC, 64);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  _hp_profile_io_set_save_fault (0, 0);
  hp_test_flush ();

  after = read_file (file);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (hp_window_get_modified (window));
  message = g_strdup_printf ("%s: cannot save: the disk is full (No space left on device); "
                             "the file on disk is unchanged", path);
  hp_test_wait_for (label_shown, &(LabelWait) { GTK_WIDGET (window), message });

  /* Once there is room again, saving works. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  g_assert_false (hp_window_get_modified (window));

  gtk_window_destroy (GTK_WINDOW (window));
  hp_test_flush ();
  hp_test_remove_tree (dir);
}

static gboolean
has_node_rows (gpointer window)
{
  g_autoptr(GPtrArray) rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_NODE_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (hp_test_label_text (g_ptr_array_index (rows, i), "title-label"), "") != 0)
      return TRUE;
  return FALSE;
}

/* Titles from a file are text, never markup, and URLs in them are only
 * shown. */
static void
test_markup_title (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hp-ffw-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "markup.hotpath", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HpProfile) profile = hp_profile_new ();
  g_autoptr(HpRun) run = hp_run_new ("r1");
  g_autoptr(HpNodeRun) node_run = hp_node_run_new ("a", HP_NODE_STATUS_COMPLETED);
  g_autoptr(GPtrArray) rows = NULL;
  HpWindow *window;

  hp_workflow_graph_add_node (hp_profile_get_graph (profile), "a", "T",
                              "<b>Bold</b> & <a href=\"http://127.0.0.1:9/x\">file:///etc/passwd</a>",
                              NULL);
  hp_run_set_started_us (run, G_GINT64_CONSTANT (1700000000000000));
  hp_node_run_set_times (node_run, G_GINT64_CONSTANT (1700000000000000),
                         G_GINT64_CONSTANT (1700000001000000));
  hp_run_add_node_run (run, node_run);
  hp_profile_add_run (profile, run, NULL);
  g_assert_true (hp_profile_save_file (profile, path, HP_FORMAT_HOTPATH, NULL));

  window = hp_test_open_window (app, file, 900, 600);
  hp_test_wait_for (has_node_rows, window);
  rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_NODE_ROW);
  g_assert_cmpuint (rows->len, >=, 1);
  /* Literally, tags and ampersand included. */
  g_assert_nonnull (hp_test_find_label_with_text (GTK_WIDGET (window),
                    "<b>Bold</b> & <a href=\"http://127.0.0.1:9/x\">file:///etc/passwd</a>"));

  gtk_window_destroy (GTK_WINDOW (window));
  hp_test_flush ();
  hp_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  app = hp_test_app_new ();

  g_test_add_func ("/file-faults-window/changed/keep-mine", test_changed_keep_mine);
  g_test_add_func ("/file-faults-window/changed/reload", test_changed_reload);
  g_test_add_func ("/file-faults-window/two-windows", test_two_windows);
  g_test_add_func ("/file-faults-window/save/disk-full", test_save_disk_full);
  g_test_add_func ("/file-faults-window/markup-title", test_markup_title);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
