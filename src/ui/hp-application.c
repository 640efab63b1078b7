/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-application.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "hp-comfy-address.h"
#include "hp-config.h"
#include "hp-preferences-window.h"
#include "hp-window.h"
#include "hp-window-private.h"

/* How many server addresses "recent-servers" keeps. */
#define HP_RECENT_SERVERS_MAX 10

struct _HpApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GtkWindow      *preferences;   /* weak: one at a time */
  char           *server_url;    /* from --connect; NULL if none */
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

/* Options of `hotpath`: parsed in the instance that was started, then
 * (except --version and --help) handed to the primary instance. */
static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "connect", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to a workflow server (ComfyUI) for live runs"), N_("URL") },
  { "new-window", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a new window"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, N_("[FILE…]") },
  { NULL }
};

/* A server address as hp_comfy_address_parse() reads it. */
static gboolean
is_server_url (const char *url)
{
  g_autoptr(HpComfyAddress) address = hp_comfy_address_parse (url, NULL);

  return address != NULL;
}

/**
 * hp_application_add_recent_server:
 * @url: a server address as the user gave it (never with a token)
 *
 * Puts @url first in "recent-servers", without duplicates.
 */
void
hp_application_add_recent_server (HpApplication *self,
                                  const char    *url)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) servers = NULL;
  guint n = 1;

  g_return_if_fail (HP_IS_APPLICATION (self));
  g_return_if_fail (url != NULL);

  if (self->settings == NULL)
    return;

  old = g_settings_get_strv (self->settings, "recent-servers");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, url);
  for (guint i = 0; old[i] != NULL && n < HP_RECENT_SERVERS_MAX; i++)
    {
      if (g_strcmp0 (old[i], url) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  servers = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-servers", (const char * const *) servers);
}

/* --connect URL: the active window watches the server, as the Connect
 * dialog's "Watch the server" does; if it cannot be reached, the dialog
 * opens with the address and the reason. */
static void
connect_to_server (HpApplication *self,
                   const char    *url)
{
  GtkWindow *window;

  g_free (self->server_url);
  self->server_url = g_strdup (url);
  hp_application_add_recent_server (self, url);

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (HP_IS_WINDOW (window))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.connect-to", "s", url);
}

static int
hp_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("hotpath %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  /* Everything else is the primary instance's to handle. */
  return -1;
}

static int
hp_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  HpApplication *self = HP_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **names = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  const char *url = NULL;
  gboolean new_window = FALSE;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &names);
  g_variant_dict_lookup (options, "connect", "&s", &url);
  g_variant_dict_lookup (options, "new-window", "b", &new_window);

  if (url != NULL && !is_server_url (url))
    {
      /* Translators: %s is what the user gave after --connect */
      g_application_command_line_printerr (command_line,
                                           _("hotpath: “%s” is not a server address; expected a URL such as http://127.0.0.1:8188\n"),
                                           url);
      return EXIT_FAILURE;
    }

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_ptr_array_add (files, g_application_command_line_create_file_for_arg (command_line, names[i]));

  if (files->len > 0)
    g_application_open (app, (GFile **) files->pdata, (int) files->len, "");
  else if (new_window)
    gtk_window_present (hp_application_new_window (self));
  else
    g_application_activate (app);

  if (url != NULL)
    connect_to_server (self, url);

  return EXIT_SUCCESS;
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
  static const char *critical_path_accels[] = { "<Shift><Control>c", NULL };
  static const char *connect_accels[] = { "<Control>l", NULL };

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
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-critical-path", critical_path_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.connect", connect_accels);
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
  g_clear_pointer (&self->server_url, g_free);

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
  app_class->handle_local_options = hp_application_handle_local_options;
  app_class->command_line = hp_application_command_line;
}

static void
hp_application_init (HpApplication *self)
{
  self->settings = create_settings ();

  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Find where the time of your AI workflow runs goes."));
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
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/hotpath/Hotpath",
                       NULL);
}

/**
 * hp_application_init_i18n:
 *
 * Sets the locale from the environment and binds the "hotpath" text
 * domain to the installed locale directory, or to $HOTPATH_LOCALEDIR when
 * that is set (the tests point it at the build tree). Call before any
 * string is translated.
 */
void
hp_application_init_i18n (void)
{
  const char *localedir = g_getenv ("HOTPATH_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * hp_application_get_server_url:
 * @self: the application
 *
 * Returns: (nullable): the server given with --connect, %NULL if none
 */
const char *
hp_application_get_server_url (HpApplication *self)
{
  g_return_val_if_fail (HP_IS_APPLICATION (self), NULL);
  return self->server_url;
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
