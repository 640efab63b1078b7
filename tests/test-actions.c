/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of the window's document actions (hp-window-actions.c),
 * run headless under Xvfb (see tests/meson.build for the environment):
 * export, clear history and delete a run with undo, save, and the
 * question about unsaved changes on close. The tests share one window
 * showing a copy of tests/fixtures/cli-small.hotpath and run in order.
 *
 * cli-small.hotpath: workflow "Small workflow" (id wf-small), nodes
 * 1 Load, 2 Sample, 3 Save; runs by start time r1 (succeeded),
 * r2 (succeeded), r3 (failed: 2 failed, 3 skipped), r4 (succeeded);
 * node 1 runs in r1 only and is cached in r2, r3 and r4. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hp-application.h"
#include "hp-profile-io.h"
#include "hp-test-utils.h"
#include "hp-window-private.h"

static HpApplication *app;
static HpWindow *window;
static HpProfile *profile;       /* weak: the window's document */
static char *tmp_dir;

/* The toast widget shown in the window whose title is @title, or NULL. */
static GtkWidget *
find_toast (const char *title)
{
  g_autoptr(GPtrArray) toasts = hp_test_collect_by_type_name (GTK_WIDGET (window),
                                                              "HpToastWidget");

  for (guint i = 0; i < toasts->len; i++)
    {
      g_autoptr(GPtrArray) labels = hp_test_collect_widgets (g_ptr_array_index (toasts, i),
                                                             GTK_TYPE_LABEL);

      for (guint j = 0; j < labels->len; j++)
        if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, j)), title) == 0)
          return g_ptr_array_index (toasts, i);
    }
  return NULL;
}

static gboolean
toast_shown (gpointer data)
{
  return find_toast (data) != NULL;
}

static gboolean
toast_hidden (gpointer data)
{
  return find_toast (data) == NULL;
}

/* The toast's button labelled @label; NULL for its close button. */
static GtkWidget *
toast_button (GtkWidget  *toast,
              const char *label)
{
  g_autoptr(GPtrArray) buttons = hp_test_collect_widgets (toast, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkButton *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_button_get_label (button), label) == 0)
        return GTK_WIDGET (button);
    }
  return NULL;
}

/* Waits for the toast titled @title, checks its button and clicks
 * @click ("Undo") or closes it (NULL), so that the next toast shows. */
static void
expect_toast (const char *title,
              const char *button_label,
              const char *click)
{
  GtkWidget *toast;
  GtkWidget *button;

  hp_test_wait_for (toast_shown, (gpointer) title);
  toast = find_toast (title);
  if (button_label != NULL)
    g_assert_nonnull (toast_button (toast, button_label));
  button = toast_button (toast, click);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  /* Let it go completely: libadwaita 1.2 aborts when a toast pushed back
   * by a newer one is shown again before its hide animation ended. */
  hp_test_wait_for (toast_hidden, (gpointer) title);
}

static GFile *
tmp_file (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  return g_file_new_for_path (path);
}

static HpRun *
run_at (guint position)
{
  return hp_profile_get_run (hp_window_get_profile (window), position);
}

static void
assert_run_ids (const char *expected)
{
  HpProfile *p = hp_window_get_profile (window);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < hp_profile_get_n_runs (p); i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", hp_run_get_id (hp_profile_get_run (p, i)));
  g_assert_cmpstr (ids->str, ==, expected);
}

/* Node statistics of cli-small.hotpath, worked out by hand:
 *   1 Load:   completed in r1 (1000 ms), cached in r2, r3, r4
 *             → mean 1000 ms, 1 executed, 3 cached, 0 failed
 *   2 Sample: completed r1 1800, r2 1900, r4 2400; failed in r3 (500)
 *             → mean over completed (1800 + 1900 + 2400) / 3 = 2033.333 ms,
 *               1 failed, 0 cached
 *   3 Save:   completed r1, r2, r4 200 ms each, skipped in r3
 *             → mean 200 ms, 0 cached, 0 failed */
static void
assert_small_stats (HpProfile *p)
{
  HpNodeStats *load = hp_profile_lookup_node_stats (p, "1");
  HpNodeStats *sample = hp_profile_lookup_node_stats (p, "2");
  HpNodeStats *save = hp_profile_lookup_node_stats (p, "3");

  g_assert_nonnull (load);
  g_assert_nonnull (sample);
  g_assert_nonnull (save);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (load), 1000000.0, 0.5);
  g_assert_cmpuint (hp_node_stats_get_cached_count (load), ==, 3);
  g_assert_cmpuint (hp_node_stats_get_failed_count (load), ==, 0);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (sample), 6100000.0 / 3.0, 0.5);
  g_assert_cmpuint (hp_node_stats_get_cached_count (sample), ==, 0);
  g_assert_cmpuint (hp_node_stats_get_failed_count (sample), ==, 1);
  g_assert_cmpfloat_with_epsilon (hp_node_stats_get_mean_us (save), 200000.0, 0.5);
  g_assert_cmpuint (hp_node_stats_get_cached_count (save), ==, 0);
  g_assert_cmpuint (hp_node_stats_get_failed_count (save), ==, 0);
}

static HpProfile *
load (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  HpProfile *loaded = hp_profile_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  return loaded;
}

/* Tests */

/* Whether @action is enabled on @w: a button using it inside @w is
 * sensitive exactly when it is (GTK 4.8 has no getter for widget
 * actions, and activating a disabled one still returns TRUE). */
static gboolean
action_enabled (HpWindow   *w,
                const char *action)
{
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (g_str_equal (action, "win.export") || g_str_equal (action, "win.delete-run"))
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "x");
  gtk_widget_set_parent (button, GTK_WIDGET (w));
  enabled = gtk_widget_get_sensitive (button);
  gtk_widget_unparent (button);
  return enabled;
}

static void
test_empty_window (void)
{
  HpWindow *empty = hp_window_new (app);
  static const char *actions[] = {
    "win.save", "win.save-as", "win.export", "win.clear-history", "win.delete-run",
  };

  /* What hp-window.c does for a window without a document. */
  _hp_window_actions_update (empty);

  /* No document: nothing to save, export, clear or delete. */
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_false (action_enabled (empty, actions[i]));
  g_assert_true (action_enabled (empty, "win.open"));
  g_assert_false (_hp_window_actions_close_request (empty));
  gtk_window_destroy (GTK_WINDOW (empty));
}

static void
test_open (void)
{
  g_autoptr(GFile) source = hp_test_fixture_file ("cli-small.hotpath");
  g_autoptr(GFile) copy = tmp_file ("cli-small.hotpath");
  g_autoptr(GError) error = NULL;

  /* Work on a copy: win.save writes to the document's file. */
  g_assert_true (g_file_copy (source, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  window = hp_test_open_window (app, copy, 0, 0);
  hp_test_wait_for (hp_test_widget_mapped, window);

  profile = hp_window_get_profile (window);
  g_object_add_weak_pointer (G_OBJECT (profile), (gpointer *) &profile);
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 4);
  g_assert_false (hp_window_get_modified (window));
  assert_run_ids ("r1 r2 r3 r4");
  g_assert_true (action_enabled (window, "win.save"));
  g_assert_true (action_enabled (window, "win.save-as"));
  g_assert_true (action_enabled (window, "win.export"));
  g_assert_true (action_enabled (window, "win.clear-history"));
  g_assert_true (action_enabled (window, "win.delete-run"));
}

static void
test_export (void)
{
  g_autoptr(GFile) hotpath = tmp_file ("export.hotpath");
  g_autoptr(GFile) trace = tmp_file ("export.trace.json");
  g_autoptr(GFile) csv = tmp_file ("export.csv");
  g_autoptr(GFile) nowhere = tmp_file ("missing-folder/export.csv");
  g_autoptr(HpProfile) loaded = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GFile *document_file = hp_window_get_file (window);
  JsonObject *root;
  JsonArray *events;
  guint n_complete = 0;
  guint n_instant = 0;
  guint n_metadata = 0;

  /* Hotpath JSON reads back with the same runs and statistics. */
  g_assert_true (_hp_window_export_to_file (window, hotpath, HP_FORMAT_HOTPATH, &error));
  g_assert_no_error (error);
  expect_toast ("Exported to export.hotpath", "Open Folder", NULL);
  loaded = load (hotpath);
  g_assert_cmpuint (hp_profile_get_n_runs (loaded), ==, 4);
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (loaded, 0)), ==, "r1");
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_run (loaded, 3)), ==, "r4");
  assert_small_stats (loaded);

  /* Chrome trace: per run 4 metadata events (process name, sort index,
   * 2 thread names) → 16; complete events: the 4 queue waits plus the
   * node runs with a duration, r1 3 + r2 2 (1 cached) + r3 1 (Sample
   * failed; Save skipped has no time) + r4 2 → 12; instant events for
   * the 3 cached Loads (r2, r3, r4) → 3. */
  g_assert_true (_hp_window_export_to_file (window, trace, HP_FORMAT_CHROME_TRACE, &error));
  g_assert_no_error (error);
  expect_toast ("Exported to export.trace.json", "Open Folder", NULL);
  path = g_file_get_path (trace);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "traceEvents"));
  events = json_object_get_array_member (root, "traceEvents");
  g_assert_nonnull (events);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      const char *ph = json_object_get_string_member (json_array_get_object_element (events, i), "ph");

      n_complete += g_strcmp0 (ph, "X") == 0;
      n_instant += g_strcmp0 (ph, "i") == 0;
      n_metadata += g_strcmp0 (ph, "M") == 0;
    }
  g_assert_cmpuint (n_metadata, ==, 16);
  g_assert_cmpuint (n_complete, ==, 12);
  g_assert_cmpuint (n_instant, ==, 3);
  g_assert_cmpuint (json_array_get_length (events), ==, 31);

  /* CSV: a header and one line per node run, 4 runs × 3 nodes = 12. */
  g_assert_true (_hp_window_export_to_file (window, csv, HP_FORMAT_CSV, &error));
  g_assert_no_error (error);
  expect_toast ("Exported to export.csv", "Open Folder", NULL);
  g_clear_pointer (&path, g_free);
  path = g_file_get_path (csv);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  /* 13 lines and the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 14);
  g_assert_true (g_str_has_prefix (lines[0], "run_id,run_status,"));
  /* Rows in run order, nodes in run order: r1's first node is Load. */
  g_assert_true (g_str_has_prefix (lines[1], "r1,succeeded,"));
  g_assert_true (g_str_has_prefix (lines[12], "r4,succeeded,"));

  /* Exporting is not saving: the document keeps its file and state. */
  g_assert_true (hp_window_get_file (window) == document_file);
  g_assert_false (hp_window_get_modified (window));

  /* A core error names the path and leaves no file behind. */
  g_assert_false (_hp_window_export_to_file (window, nowhere, HP_FORMAT_CSV, &error));
  g_assert_nonnull (error);
  g_clear_pointer (&path, g_free);
  path = g_file_get_path (nowhere);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_query_exists (nowhere, NULL));
}

static void
test_baseline_marks_modified (void)
{
  g_assert_false (hp_window_get_modified (window));
  hp_profile_set_baseline (profile, run_at (1));   /* r2 */
  g_assert_true (hp_window_get_modified (window));
  hp_window_set_modified (window, FALSE);
}

static void
test_clear_history_undo (void)
{
  HpRun *r2 = run_at (1);
  HpRun *before[4];

  g_assert_true (hp_profile_get_baseline (profile) == r2);
  for (guint i = 0; i < 4; i++)
    before[i] = run_at (i);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-history", NULL));
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 0);
  g_assert_null (hp_profile_get_baseline (profile));
  g_assert_true (hp_window_get_modified (window));
  /* Nothing left to clear; the rest still make sense. */
  g_assert_false (action_enabled (window, "win.clear-history"));
  g_assert_true (action_enabled (window, "win.save"));
  g_assert_true (action_enabled (window, "win.export"));

  hp_window_set_modified (window, FALSE);
  expect_toast ("History cleared", "_Undo", "_Undo");

  /* Every run is back, the same objects in the same order, and the
   * baseline with them; putting them back is a change too. */
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_true (run_at (i) == before[i]);
  assert_run_ids ("r1 r2 r3 r4");
  g_assert_true (action_enabled (window, "win.clear-history"));
  g_assert_true (hp_profile_get_baseline (profile) == r2);
  g_assert_true (hp_window_get_modified (window));
  assert_small_stats (profile);
}

static void
test_delete_run_undo (void)
{
  HpRun *r3 = hp_profile_lookup_run (profile, "r3");

  hp_profile_set_baseline (profile, r3);
  hp_window_set_modified (window, FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-run", "s", "r3"));
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 3);
  assert_run_ids ("r1 r2 r4");
  g_assert_null (hp_profile_get_baseline (profile));
  g_assert_true (hp_window_get_modified (window));

  expect_toast ("Run r3 deleted", "_Undo", "_Undo");
  assert_run_ids ("r1 r2 r3 r4");
  g_assert_true (hp_profile_lookup_run (profile, "r3") == r3);
  g_assert_true (hp_profile_get_baseline (profile) == r3);

  /* An unknown id changes nothing and says so. */
  hp_window_set_modified (window, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-run", "s", "r9"));
  g_assert_cmpuint (hp_profile_get_n_runs (profile), ==, 4);
  g_assert_false (hp_window_get_modified (window));
  expect_toast ("There is no run “r9” to delete", NULL, NULL);
}

static void
test_save (void)
{
  g_autoptr(GFile) target = tmp_file ("saved.hotpath");
  g_autoptr(HpProfile) reloaded = NULL;
  g_autoptr(HpProfile) resaved = NULL;
  g_autoptr(GError) error = NULL;

  /* Save As (the dialog's response): the file becomes the document's. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-run", "s", "r1"));
  g_assert_true (hp_window_get_modified (window));
  expect_toast ("Run r1 deleted", "_Undo", NULL);
  g_assert_true (_hp_window_save_to_file (window, target, &error));
  g_assert_no_error (error);
  g_assert_false (hp_window_get_modified (window));
  g_assert_true (g_file_equal (hp_window_get_file (window), target));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Small workflow — saved.hotpath");
  hp_test_wait_for (toast_shown, "Saved as saved.hotpath");

  /* r1 deleted before saving; r3 is the baseline. */
  reloaded = load (target);
  g_assert_cmpuint (hp_profile_get_n_runs (reloaded), ==, 3);
  g_assert_null (hp_profile_lookup_run (reloaded, "r1"));
  g_assert_nonnull (hp_profile_get_baseline (reloaded));
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_baseline (reloaded)), ==, "r3");

  /* Ctrl+S on a .hotpath file writes it in place, without asking. */
  hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, "r2"));
  g_assert_true (hp_window_get_modified (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_false (hp_window_get_modified (window));
  resaved = load (target);
  g_assert_cmpstr (hp_run_get_id (hp_profile_get_baseline (resaved)), ==, "r2");
}

static gboolean
no_toplevel (gpointer data)
{
  return hp_test_find_toplevel ((GType) GPOINTER_TO_SIZE (data)) == NULL;
}

static gboolean
window_gone (gpointer data)
{
  return g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), data) == NULL;
}

static gboolean
object_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Answers @dialog as a click on its button labelled @label would. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  g_autoptr(GPtrArray) buttons = hp_test_collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);
  GtkWidget *found = NULL;

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      found = g_ptr_array_index (buttons, i);
  g_assert_nonnull (found);
  g_signal_emit_by_name (found, "clicked");
}

static AdwMessageDialog *
close_and_expect_question (HpWindow   *w,
                           const char *heading)
{
  AdwMessageDialog *dialog;

  gtk_window_close (GTK_WINDOW (w));
  dialog = ADW_MESSAGE_DIALOG (hp_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (w));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "cancel"), ==, "_Cancel");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "discard"), ==, "_Discard");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "save"), ==, "_Save");
  /* Still open until the user answers. */
  g_assert_nonnull (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), w));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (w)));
  return dialog;
}

static void
test_close_asks_then_saves (void)
{
  g_autoptr(GFile) target = tmp_file ("saved.hotpath");
  g_autoptr(HpProfile) saved = NULL;
  AdwMessageDialog *dialog;

  /* Unmodified: closes without a question is covered by test-window;
   * here the document has a deleted run (r2; left: r3 r4). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-run", "s", "r2"));
  g_assert_true (hp_window_get_modified (window));

  /* Cancel: nothing happens. */
  dialog = close_and_expect_question (window, "Save changes to saved.hotpath?");
  click_response (dialog, "_Cancel");
  hp_test_wait_for (no_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window));
  g_assert_true (hp_window_get_modified (window));

  /* A second close asks again; Save writes the file, then closes. */
  dialog = close_and_expect_question (window, "Save changes to saved.hotpath?");
  click_response (dialog, "_Save");
  hp_test_wait_for (window_gone, window);
  window = NULL;
  saved = load (target);
  g_assert_cmpuint (hp_profile_get_n_runs (saved), ==, 2);
  g_assert_null (hp_profile_lookup_run (saved, "r2"));

  /* Nothing (toasts, undo data, handlers) keeps the document alive. */
  hp_test_wait_for (object_gone, &profile);
}

static void
test_close_discard (void)
{
  g_autoptr(GFile) file = tmp_file ("saved.hotpath");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *path = g_file_get_path (file);
  AdwMessageDialog *dialog;

  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  window = hp_test_open_window (app, file, 0, 0);
  profile = hp_window_get_profile (window);
  g_object_add_weak_pointer (G_OBJECT (profile), (gpointer *) &profile);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-history", NULL));
  dialog = close_and_expect_question (window, "Save changes to saved.hotpath?");
  click_response (dialog, "_Discard");
  hp_test_wait_for (window_gone, window);
  window = NULL;
  hp_test_wait_for (object_gone, &profile);

  /* The file is untouched. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
}

static void
test_save_foreign_asks_for_file (void)
{
  g_autoptr(GFile) source = hp_test_fixture_file ("comfyui-node-txt2img-1.json");
  g_autoptr(GFile) copy = tmp_file ("job.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (copy);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *suggested = NULL;
  GtkWindow *chooser;
  HpWindow *w;

  g_assert_true (g_file_copy (source, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  w = hp_test_open_window (app, copy, 0, 0);

  /* Ctrl+S on a profile read from another format never writes ours over
   * it: it asks where to save (the native dialog falls back to a GTK
   * file chooser here, suggesting job.hotpath). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.save", NULL));
  chooser = hp_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  suggested = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (suggested, ==, "job.hotpath");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  hp_test_wait_for (no_toplevel, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG));

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_true (g_file_equal (hp_window_get_file (w), copy));

  gtk_window_destroy (GTK_WINDOW (w));
}

static void
test_accels_and_shortcuts (void)
{
  HpWindow *w = hp_window_new (app);
  GtkWidget *overlay;

  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>s", "win.save");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Shift><Control>s", "win.save-as");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>question", "win.show-help-overlay");

  /* The shortcuts window comes from gtk/help-overlay.ui in the resource. */
  overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (w)));
  g_assert_nonnull (overlay);
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (w));
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (tmp_dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  /* libadwaita 1.2 frees a toast in the frame where its hide animation
   * ends even when its show animation ends in the same frame (a toast
   * closed right after it appeared, as only a test does), then touches
   * it again. Without animations both end at once, in order. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  tmp_dir = g_dir_make_tmp ("hotpath-actions-XXXXXX", &error);
  g_assert_no_error (error);

  app = hp_test_app_new ();

  g_test_add_func ("/actions/accels/shortcuts-window", test_accels_and_shortcuts);
  g_test_add_func ("/actions/empty/disabled", test_empty_window);
  g_test_add_func ("/actions/open/fixture", test_open);
  g_test_add_func ("/actions/export/read-back", test_export);
  g_test_add_func ("/actions/baseline/marks-modified", test_baseline_marks_modified);
  g_test_add_func ("/actions/clear-history/undo", test_clear_history_undo);
  g_test_add_func ("/actions/delete-run/undo", test_delete_run_undo);
  g_test_add_func ("/actions/save/as-and-in-place", test_save);
  g_test_add_func ("/actions/close/asks-then-saves", test_close_asks_then_saves);
  g_test_add_func ("/actions/close/discard", test_close_discard);
  g_test_add_func ("/actions/foreign/save-asks-for-file", test_save_foreign_asks_for_file);

  ret = g_test_run ();

  remove_tmp_dir ();
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_object (&app);
  return ret;
}
