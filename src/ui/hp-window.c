/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-window.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hp-config.h"
#include "hp-bottleneck-panel.h"
#include "hp-comparison-panel.h"
#include "hp-graph-canvas.h"
#include "hp-groups-panel.h"
#include "hp-insights-panel.h"
#include "hp-node-list.h"
#include "hp-run-list.h"
#include "hp-timeline-view.h"
#include "hp-toast-overlay.h"
#include "hp-profile-loader.h"
#include "hp-trend-chart.h"
#include "hp-window-private.h"

/* Name recorded with our entries in the recent-files list. */
#define RECENT_APP_NAME "Hotpath"
#define RECENT_MAX 5

struct _HpWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;       /* nullable: schema not installed */
  HpProfile            *profile;
  HpSession            *session;        /* with the profile */
  GFile                *file;
  GCancellable         *cancellable;
  guint                 n_loading;
  gboolean              modified;
  gulong                recent_changed_handler;

  HpToastOverlay       *toast_overlay;
  GtkSpinner           *spinner;
  GtkSpinner           *loading_spinner;
  GtkLabel             *loading_label;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkWidget            *recent_box;
  GtkListBox           *recent_list;
  HpGraphCanvas        *canvas;
  GtkToggleButton      *share_mode_button;
  GtkToggleButton      *change_mode_button;
  HpNodeList           *node_list_view;
  GtkStack             *side_stack;
  GtkStack             *lower_stack;
  HpTrendChart         *trend_chart;
  HpBottleneckPanel    *bottleneck_panel;
  HpInsightsPanel      *insights_panel;
  HpRunList            *run_list;
  HpComparisonPanel    *comparison_panel;
};

G_DEFINE_FINAL_TYPE (HpWindow, hp_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_FILE,
  PROP_LOADING,
  PROP_SELECTED_NODE_ID,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  HpWindow     *window;
  GApplication *app;    /* held while the load runs */
} LoadData;

static void
load_data_free (LoadData *data)
{
  if (data->app != NULL)
    g_application_release (data->app);
  g_clear_object (&data->app);
  g_clear_object (&data->window);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
update_title (HpWindow *self)
{
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;
  const char *name = NULL;

  g_assert (HP_IS_WINDOW (self));

  if (self->profile == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Hotpath"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Hotpath"));
      return;
    }

  name = hp_workflow_graph_get_name (hp_profile_get_graph (self->profile));
  if (name == NULL || name[0] == '\0')
    name = _("Untitled workflow");
  basename = self->file != NULL ? g_file_get_basename (self->file) : NULL;
  /* A bullet marks unsaved changes, as in other GNOME apps. */
  if (self->modified)
    {
      g_autofree char *marked = g_strconcat ("• ", name, NULL);

      adw_window_title_set_title (self->window_title, marked);
    }
  else
    {
      adw_window_title_set_title (self->window_title, name);
    }
  adw_window_title_set_subtitle (self->window_title, basename);
  title = basename != NULL ? g_strdup_printf ("%s — %s", name, basename) : g_strdup (name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
session_selected_node_cb (HpWindow *self)
{
  g_assert (HP_IS_WINDOW (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE_ID]);
}

static void
set_document (HpWindow  *self,
              HpProfile *profile,
              GFile     *file)
{
  g_assert (HP_IS_WINDOW (self));
  g_assert (HP_IS_PROFILE (profile));
  g_assert (self->profile == NULL);

  self->profile = g_object_ref (profile);
  self->session = hp_session_new (profile);
  g_set_object (&self->file, file);
  _hp_window_file_watch_set_file (self, file);

  /* Preferences apply to every window at once. */
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "top-n", self->session, "top-n", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "regression-threshold", self->session, "threshold-pct",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "noise-floor-ms", self->session, "noise-floor-ms",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "heatmap-low", self->session, "heat-low-pct", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "heatmap-high", self->session, "heat-high-pct", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "heatmap-mode", self->canvas, "heatmap-mode", G_SETTINGS_BIND_GET);
      /* Both ways: win.show-critical-path changes the canvas, the setting
       * follows, and every window with it. */
      g_settings_bind (self->settings, "show-critical-path", self->canvas, "show-critical-path",
                       G_SETTINGS_BIND_DEFAULT);
    }
  g_signal_connect_object (self->session, "notify::selected-node-id",
                           G_CALLBACK (session_selected_node_cb), self, G_CONNECT_SWAPPED);

  hp_graph_canvas_set_session (self->canvas, self->session);
  hp_node_list_set_session (self->node_list_view, self->session);
  hp_trend_chart_set_session (self->trend_chart, self->session);
  hp_groups_panel_set_session (HP_GROUPS_PANEL (gtk_stack_get_child_by_name (self->lower_stack, "groups")),
                               self->session);
  hp_timeline_view_set_session (HP_TIMELINE_VIEW (gtk_stack_get_child_by_name (self->lower_stack, "timeline")),
                                self->session);
  hp_bottleneck_panel_set_session (self->bottleneck_panel, self->session);
  hp_insights_panel_set_session (self->insights_panel, self->session);
  hp_run_list_set_session (self->run_list, self->session);
  hp_comparison_panel_set_session (self->comparison_panel, self->session);
  update_title (self);
  gtk_stack_set_visible_child_name (self->stack, "document");
  gtk_widget_grab_focus (GTK_WIDGET (self->node_list_view));
  _hp_window_actions_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

void
_hp_window_show_profile (HpWindow  *self,
                         HpProfile *profile)
{
  g_return_if_fail (HP_IS_WINDOW (self));
  g_return_if_fail (HP_IS_PROFILE (profile));
  g_return_if_fail (self->profile == NULL);

  set_document (self, profile, NULL);
}

void
_hp_window_replace_profile (HpWindow  *self,
                            HpProfile *profile)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (HP_IS_WINDOW (self));
  g_return_if_fail (HP_IS_PROFILE (profile));

  /* The views take the new session in set_document(); the settings
   * bindings on the canvas are replaced, those on the old session go
   * with it. */
  file = self->file != NULL ? g_object_ref (self->file) : NULL;
  g_clear_object (&self->session);
  g_clear_object (&self->profile);
  set_document (self, profile, file);
  hp_window_set_modified (self, FALSE);
}

/* Loading */

/**
 * hp_window_add_toast:
 * @toast: (transfer full): the toast
 */
void
hp_window_add_toast (HpWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (HP_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  /* Not AdwToastOverlay: see hp-toast-overlay.h. */
  hp_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * hp_window_show_message:
 * @message: plain text (not markup)
 */
void
hp_window_show_message (HpWindow   *self,
                        const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (HP_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* Toast titles are Pango markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  hp_window_add_toast (self, toast);
}

/* Readers name the file by its full path; the file's name is enough in
 * the window and keeps the toast short. */
static char *
shorten_error (GFile      *file,
               const char *message)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *basename = g_file_get_basename (file);

  if (path != NULL && basename != NULL && g_str_has_prefix (message, path))
    return g_strconcat (basename, message + strlen (path), NULL);
  return g_strdup (message);
}

static void
update_loading (HpWindow *self)
{
  gboolean loading;

  g_assert (HP_IS_WINDOW (self));

  loading = self->n_loading > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);

  /* An empty window shows the first document's progress in full. */
  if (self->profile == NULL)
    {
      gtk_spinner_set_spinning (self->loading_spinner, loading);
      gtk_stack_set_visible_child_name (self->stack, loading ? "loading" : "empty");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
_hp_window_add_to_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *basename = g_file_get_basename (file);
  GtkRecentData data = {
    .display_name = basename,
    .mime_type = (char *) "application/json",
    .app_name = (char *) RECENT_APP_NAME,
    .app_exec = (char *) "hotpath %u",
  };

  g_assert (G_IS_FILE (file));

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HpProfileLoader *loader = HP_PROFILE_LOADER (object);
  g_autoptr(LoadData) data = user_data;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  HpWindow *self = data->window;
  GFile *file;

  g_assert (HP_IS_PROFILE_LOADER (loader));
  g_assert (HP_IS_WINDOW (self));

  profile = hp_profile_loader_load_finish (loader, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the window was closed */

  self->n_loading--;
  update_loading (self);

  file = hp_profile_loader_get_file (loader);
  if (profile == NULL)
    {
      g_autofree char *message = shorten_error (file, error->message);

      hp_window_show_message (self, message);
      return;
    }

  _hp_window_add_to_recent (file);

  if (self->profile == NULL)
    {
      set_document (self, profile, file);
    }
  else
    {
      /* One window per document. */
      HpWindow *window;

      if (data->app == NULL)
        {
          g_warning ("Cannot open a second document without an application");
          return;
        }
      window = hp_window_new (HP_APPLICATION (data->app));
      set_document (window, profile, file);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/**
 * hp_window_open_file:
 * @self: a window
 * @file: a profile file
 *
 * Loads @file off the main thread. When it loads, an empty window shows it
 * and a window that already shows a document opens a new window for it;
 * when it fails, a toast shows the reader's message and nothing changes.
 */
void
hp_window_open_file (HpWindow *self,
                     GFile    *file)
{
  g_autoptr(HpProfileLoader) loader = NULL;
  LoadData *data;
  GtkApplication *app;

  g_return_if_fail (HP_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  loader = hp_profile_loader_new (file);
  g_object_bind_property (loader, "message", self->spinner, "tooltip-text", G_BINDING_SYNC_CREATE);
  g_object_bind_property (loader, "message", self->loading_label, "label", G_BINDING_SYNC_CREATE);

  data = g_new0 (LoadData, 1);
  data->window = g_object_ref (self);
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL)
    {
      /* Keep the app alive until the profile has a window. */
      data->app = g_object_ref (G_APPLICATION (app));
      g_application_hold (data->app);
    }

  self->n_loading++;
  update_loading (self);
  hp_profile_loader_load_async (loader, self->cancellable, load_cb, data);
}

/* Recent files */

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a;
  GtkRecentInfo *ib = *(GtkRecentInfo **) b;

  /* Newest first. */
  return g_date_time_compare (gtk_recent_info_get_modified (ib),
                              gtk_recent_info_get_modified (ia));
}

static void
update_recent (HpWindow *self)
{
  g_autoptr(GPtrArray) infos = NULL;
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items;
  GtkWidget *child;
  guint shown = 0;

  g_assert (HP_IS_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  items = gtk_recent_manager_get_items (manager);
  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, RECENT_APP_NAME) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent);

  for (guint i = 0; i < infos->len && shown < RECENT_MAX; i++, shown++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *location = parent != NULL ? g_file_get_parse_name (parent) : NULL;
      g_autofree char *title = g_markup_escape_text (gtk_recent_info_get_display_name (info), -1);
      g_autofree char *subtitle = location != NULL ? g_markup_escape_text (location, -1) : NULL;
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "file", g_steal_pointer (&file), g_object_unref);
      gtk_list_box_append (self->recent_list, row);
    }

  gtk_widget_set_visible (self->recent_box, shown > 0);
}

static void
recent_row_activated_cb (GtkListBox    *list,
                         GtkListBoxRow *row,
                         HpWindow      *self)
{
  GFile *file = g_object_get_data (G_OBJECT (row), "file");

  g_assert (HP_IS_WINDOW (self));

  if (file != NULL)
    hp_window_open_file (self, file);
}

/* Actions */

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  HpWindow        *self)
{
  g_assert (HP_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      guint n = g_list_model_get_n_items (files);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          hp_window_open_file (self, file);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            gboolean        hotpath,
            gboolean        json,
            gboolean        jsonl)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (hotpath)
    gtk_file_filter_add_pattern (filter, "*.hotpath");
  if (json)
    {
      gtk_file_filter_add_pattern (filter, "*.json");
      gtk_file_filter_add_mime_type (filter, "application/json");
    }
  /* Dify event logs, saved as JSON Lines */
  if (jsonl)
    {
      gtk_file_filter_add_pattern (filter, "*.jsonl");
      gtk_file_filter_add_mime_type (filter, "application/jsonl");
      gtk_file_filter_add_mime_type (filter, "application/x-ndjson");
    }
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open a Profile"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  add_filter (GTK_FILE_CHOOSER (native), _("All supported files"), TRUE, TRUE, TRUE);
  add_filter (GTK_FILE_CHOOSER (native), _("Hotpath profiles"), TRUE, FALSE, FALSE);
  add_filter (GTK_FILE_CHOOSER (native),
              _("JSON (ComfyUI, comfyui-node, Dify, NodeTool, Chrome trace)"), FALSE, TRUE, FALSE);
  add_filter (GTK_FILE_CHOOSER (native), _("JSON Lines event logs (*.jsonl)"), FALSE, FALSE, TRUE);

  /* The reference is dropped in the response handler. */
  g_signal_connect_object (native, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);
  g_autoptr(GFile) demo = hp_application_get_demo_file ();

  if (demo == NULL)
    {
      hp_window_show_message (self, _("The demo profile is not installed"));
      return;
    }
  hp_window_open_file (self, demo);
}

/* The zoom buttons sit beside the canvas, not inside it, so the window
 * forwards to the canvas's own actions. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    hp_graph_canvas_zoom_in (self->canvas);
  else if (g_str_equal (action_name, "win.zoom-out"))
    hp_graph_canvas_zoom_out (self->canvas);
  else
    hp_graph_canvas_zoom_to_fit (self->canvas);
}

static void
mode_toggled_cb (HpWindow *self)
{
  const char *mode;

  g_assert (HP_IS_WINDOW (self));

  mode = gtk_toggle_button_get_active (self->change_mode_button) ? "change" : "share";
  /* The key is bound to every window's canvas, so all of them follow. */
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "heatmap-mode", mode);
  else
    g_object_set (self->canvas, "heatmap-mode", mode, NULL);
}

static void
heatmap_mode_changed_cb (HpWindow *self)
{
  g_autofree char *mode = NULL;
  gboolean change;

  g_assert (HP_IS_WINDOW (self));

  g_object_get (self->canvas, "heatmap-mode", &mode, NULL);
  change = g_strcmp0 (mode, "change") == 0;
  if (gtk_toggle_button_get_active (self->change_mode_button) != change)
    gtk_toggle_button_set_active (change ? self->change_mode_button : self->share_mode_button, TRUE);
}

/* Enter (or a double click) on a canvas node opens its details. */
static void
node_activated_cb (HpWindow   *self,
                   const char *node_id)
{
  g_assert (HP_IS_WINDOW (self));

  hp_node_list_set_node_expanded (self->node_list_view, node_id, TRUE);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HpWindow *self = HP_WINDOW (widget);

  /* Ctrl+F anywhere in the window searches the node list. */
  if (self->profile != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->node_list_view), "node-list.find", NULL);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         HpWindow      *self)
{
  GSList *files;

  g_assert (HP_IS_WINDOW (self));

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    hp_window_open_file (self, l->data);
  g_slist_free (files);
  return TRUE;
}

/* GObject */

static gboolean
hp_window_close_request (GtkWindow *window)
{
  HpWindow *self = HP_WINDOW (window);

  if (_hp_window_actions_close_request (self))
    return TRUE;

  if (self->settings != NULL)
    {
      gboolean maximized = gtk_window_is_maximized (window);

      g_settings_set_boolean (self->settings, "window-maximized", maximized);
      if (!maximized)
        {
          int width;
          int height;

          gtk_window_get_default_size (window, &width, &height);
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (hp_window_parent_class)->close_request (window);
}

/* Restores the size of the window closed last. Called once the window
 * has its application (GObject sets "application" after constructed()). */
static void
restore_settings (HpWindow *self)
{
  GtkApplication *app;

  g_assert (HP_IS_WINDOW (self));

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (!HP_IS_APPLICATION (app) || hp_application_get_settings (HP_APPLICATION (app)) == NULL)
    return;

  self->settings = g_object_ref (hp_application_get_settings (HP_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
hp_window_dispose (GObject *object)
{
  HpWindow *self = HP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->recent_changed_handler, gtk_recent_manager_get_default ());
  /* The property action holds the canvas, and so the document. */
  g_action_map_remove_action (G_ACTION_MAP (self), "show-critical-path");
  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_WINDOW);

  g_clear_object (&self->session);
  g_clear_object (&self->profile);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hp_window_parent_class)->dispose (object);
}

static void
hp_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HpWindow *self = HP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loading > 0);
      break;
    case PROP_SELECTED_NODE_ID:
      g_value_set_static_string (value, hp_window_get_selected_node_id (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HpWindow *self = HP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_NODE_ID:
      hp_window_set_selected_node_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_window_class_init (HpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hp_window_dispose;
  object_class->get_property = hp_window_get_property;
  object_class->set_property = hp_window_set_property;
  window_class->close_request = hp_window_close_request;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, HP_TYPE_PROFILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_NODE_ID] =
    g_param_spec_string ("selected-node-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, share_mode_button);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, change_mode_button);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, node_list_view);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, lower_stack);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, trend_chart);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, bottleneck_panel);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, insights_panel);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, run_list);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, comparison_panel);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  /* Zoom from anywhere in the window, not only with the canvas focused
   * (there, its own keys also work without Ctrl). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-fit", NULL);

  _hp_window_class_actions_init (widget_class);
  _hp_window_class_live_init (widget_class);

  g_type_ensure (HP_TYPE_GRAPH_CANVAS);
  g_type_ensure (HP_TYPE_TOAST_OVERLAY);
  g_type_ensure (HP_TYPE_NODE_LIST);
  g_type_ensure (HP_TYPE_TREND_CHART);
  g_type_ensure (HP_TYPE_TIMELINE_VIEW);
  g_type_ensure (HP_TYPE_GROUPS_PANEL);
  g_type_ensure (HP_TYPE_BOTTLENECK_PANEL);
  g_type_ensure (HP_TYPE_INSIGHTS_PANEL);
  g_type_ensure (HP_TYPE_RUN_LIST);
  g_type_ensure (HP_TYPE_COMPARISON_PANEL);
}

static void
hp_window_init (HpWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_size (GTK_WINDOW (self), 1180, 760);

  self->cancellable = g_cancellable_new ();
  /* Nothing to save or export until a document is open. */
  _hp_window_actions_update (self);

  g_signal_connect_object (self->canvas, "notify::heatmap-mode",
                           G_CALLBACK (heatmap_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "node-activated",
                           G_CALLBACK (node_activated_cb), self, G_CONNECT_SWAPPED);

  /* win.show-critical-path: a stateful boolean action on the canvas's
   * property (the toggle over the canvas, Ctrl+Shift+C). */
  {
    g_autoptr(GPropertyAction) critical_path = g_property_action_new ("show-critical-path", self->canvas,
                                                                      "show-critical-path");

    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (critical_path));
  }

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->recent_changed_handler =
    g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                             G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);
}

/**
 * hp_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new empty window, owned by @application
 */
HpWindow *
hp_window_new (HpApplication *application)
{
  HpWindow *self;

  g_return_val_if_fail (application == NULL || HP_IS_APPLICATION (application), NULL);

  self = g_object_new (HP_TYPE_WINDOW, "application", application, NULL);
  restore_settings (self);
  _hp_window_live_init (self);
  return self;
}

/**
 * hp_window_get_profile:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the document, %NULL while empty
 */
HpProfile *
hp_window_get_profile (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), NULL);
  return self->profile;
}

/**
 * hp_window_get_file:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the file the document came from
 */
GFile *
hp_window_get_file (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), NULL);
  return self->file;
}

/**
 * hp_window_get_loading:
 * @self: a window
 *
 * Returns: whether a file is being loaded for this window
 */
gboolean
hp_window_get_loading (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), FALSE);
  return self->n_loading > 0;
}

/**
 * hp_window_get_selected_node_id:
 * @self: a window
 *
 * Returns: (nullable): the interned id of the selected node
 */
const char *
hp_window_get_selected_node_id (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), NULL);
  return self->session != NULL ? hp_session_get_selected_node_id (self->session) : NULL;
}

/**
 * hp_window_set_selected_node_id:
 * @self: a window
 * @node_id: (nullable): a node id, %NULL for none
 *
 * Selects a node in every view of the window (through its session) and
 * brings it into sight.
 */
void
hp_window_set_selected_node_id (HpWindow   *self,
                                const char *node_id)
{
  g_return_if_fail (HP_IS_WINDOW (self));

  if (self->session == NULL)
    return;
  if (node_id != NULL)
    hp_session_jump_to_node (self->session, node_id);
  else
    hp_session_set_selected_node_id (self->session, NULL);
}

/**
 * hp_window_get_node_selection:
 * @self: a window
 *
 * Returns: (transfer none): the node list's selection, in display order;
 *   its items are #GtkTreeListRow (a node, then its details when expanded)
 */
GtkSelectionModel *
hp_window_get_node_selection (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), NULL);
  return hp_node_list_get_selection (self->node_list_view);
}

/**
 * hp_window_get_session:
 *
 * Returns: (transfer none) (nullable): the document's view-model
 */
HpSession *
hp_window_get_session (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), NULL);
  return self->session;
}

void
hp_window_set_file (HpWindow *self,
                    GFile    *file)
{
  g_return_if_fail (HP_IS_WINDOW (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (!g_set_object (&self->file, file))
    return;
  _hp_window_file_watch_set_file (self, file);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

gboolean
hp_window_get_modified (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), FALSE);
  return self->modified;
}

void
hp_window_set_modified (HpWindow *self,
                        gboolean  modified)
{
  g_return_if_fail (HP_IS_WINDOW (self));

  modified = !!modified;
  if (self->modified == modified)
    return;
  self->modified = modified;
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}
