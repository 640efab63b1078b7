/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-application.h"

#include <glib/gi18n.h>

#include "hp-config.h"
#include "hp-preferences-window.h"
#include "hp-window.h"

struct _HpApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GtkWindow      *preferences;   /* weak: one at a time */
};

G_DEFINE_FINAL_TYPE (HpApplication, hp_application, ADW_TYPE_APPLICATION)

/* Installed schemas first; when running from the build tree, the schema
 * meson compiled beside the executable. NULL when neither exists, so an
 * uninstalled run still works (with default settings). */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, HP_APPLICATION_ID, TRUE);

  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) build_source = NULL;

      build_source = g_settings_schema_source_new_from_directory (HP_BUILD_SCHEMA_DIR, source,
                                                                  FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, HP_APPLICATION_ID, FALSE);
    }

  if (schema == NULL)
    {
      g_debug ("Schema %s not found; settings will not be kept", HP_APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  HpApplication *self = user_data;

  g_assert (HP_IS_APPLICATION (self));

  gtk_window_present (hp_application_new_window (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  g_autoptr(GList) windows = NULL;

  g_assert (G_IS_APPLICATION (app));

  /* Closing (not destroying) each window lets it save its size and ask
   * about unsaved changes; the app ends when the last window has gone. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Hotpath authors", NULL };

  g_assert (GTK_IS_APPLICATION (app));

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Hotpath"),
                         "application-icon", HP_APPLICATION_ID,
                         "developer-name", _("The Hotpath authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Find where the time of your AI workflow runs goes"),
                         "developers", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

/* One Preferences window at a time, in front of the window it was asked
 * from; changes apply to every window at once. */
static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HpApplication *self = user_data;
  GtkWindow *parent;

  g_assert (HP_IS_APPLICATION (self));

  if (self->settings == NULL)
    return;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (hp_preferences_window_new (self->settings));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      gtk_window_set_application (self->preferences, GTK_APPLICATION (self));
    }
  if (parent != NULL && parent != self->preferences)
    gtk_window_set_transient_for (self->preferences, parent);
  gtk_window_present (self->preferences);
}

static const GActionEntry app_actions[] = {
  { .name = "new-window", .activate = new_window_action },
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
};

static void
hp_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *save_accels[] = { "<Control>s", NULL };
  static const char *save_as_accels[] = { "<Shift><Control>s", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (hp_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  /* Without the schema there is nothing to edit. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (app),
                                                                            "preferences")),
                               HP_APPLICATION (app)->settings != NULL);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save-as", save_as_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
}

static void
hp_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = hp_application_new_window (HP_APPLICATION (app));
  gtk_window_present (window);
}

static void
hp_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      GtkWindow *window = hp_application_new_window (HP_APPLICATION (app));

      hp_window_open_file (HP_WINDOW (window), files[i]);
      gtk_window_present (window);
    }
}

static void
hp_application_dispose (GObject *object)
{
  HpApplication *self = HP_APPLICATION (object);

  if (self->preferences != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      self->preferences = NULL;
    }
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hp_application_parent_class)->dispose (object);
}

static void
hp_application_class_init (HpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hp_application_dispose;
  app_class->startup = hp_application_startup;
  app_class->activate = hp_application_activate;
  app_class->open = hp_application_open;
}

static void
hp_application_init (HpApplication *self)
{
  self->settings = create_settings ();
}

/**
 * hp_application_new:
 *
 * Returns: (transfer full): the application
 */
HpApplication *
hp_application_new (void)
{
  return g_object_new (HP_TYPE_APPLICATION,
                       "application-id", HP_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/hotpath/Hotpath",
                       NULL);
}

/**
 * hp_application_get_settings:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the app's settings, or %NULL when
 *   the schema is not installed (the callers then use the defaults)
 */
GSettings *
hp_application_get_settings (HpApplication *self)
{
  g_return_val_if_fail (HP_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * hp_application_new_window:
 * @self: the application
 *
 * Returns: (transfer none): a new empty document window (not yet shown)
 */
GtkWindow *
hp_application_new_window (HpApplication *self)
{
  g_return_val_if_fail (HP_IS_APPLICATION (self), NULL);

  return GTK_WINDOW (hp_window_new (self));
}

/**
 * hp_application_get_demo_file:
 *
 * Finds the bundled demo profile: installed data first, then the source
 * tree this build came from.
 *
 * Returns: (transfer full) (nullable): the demo file, %NULL if missing
 */
GFile *
hp_application_get_demo_file (void)
{
  static const char *dirs[] = { HP_INSTALLED_DEMO_DIR, HP_SOURCE_DEMO_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "txt2img.hotpath", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_file_new_for_path (path);
    }
  return NULL;
}
