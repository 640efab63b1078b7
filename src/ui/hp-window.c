/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-window.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hp-config.h"
#include "hp-bottleneck-row.h"
#include "hp-bottlenecks.h"
#include "hp-format-utils.h"
#include "hp-time-format.h"
#include "hp-node-row.h"
#include "hp-profile-loader.h"

/* Name recorded with our entries in the recent-files list. */
#define RECENT_APP_NAME "Hotpath"
#define RECENT_MAX 5

struct _HpWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;       /* nullable: schema not installed */
  HpProfile            *profile;
  GFile                *file;
  const char           *selected_node_id; /* interned */
  GCancellable         *cancellable;
  guint                 n_loading;
  gulong                profile_changed_handler;
  gulong                recent_changed_handler;

  /* Share of the mean total per node id (interned → double*), from
   * hp_bottlenecks_compute() over every node. */
  GHashTable           *shares;
  GPtrArray            *node_rows;      /* live HpNodeRow widgets, unowned */
  GtkCustomSorter      *sorter;
  GtkSortListModel     *sort_model;
  GtkSingleSelection   *selection;

  AdwToastOverlay      *toast_overlay;
  GtkSpinner           *spinner;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkWidget            *recent_box;
  GtkListBox           *recent_list;
  GtkListView          *node_list;
  GtkLabel             *bottleneck_caption;
  GtkListBox           *bottleneck_list;
  GtkLabel             *summary_label;
};

G_DEFINE_FINAL_TYPE (HpWindow, hp_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_FILE,
  PROP_LOADING,
  PROP_SELECTED_NODE_ID,
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

static double
setting_double (HpWindow   *self,
                const char *key,
                double      fallback)
{
  g_assert (HP_IS_WINDOW (self));

  return self->settings != NULL ? g_settings_get_double (self->settings, key) : fallback;
}

static HpHeatLevel
heat_level (HpWindow *self,
            double    share)
{
  g_assert (HP_IS_WINDOW (self));

  return hp_heat_level_for_share (share,
                                  setting_double (self, "heatmap-low", 5.0),
                                  setting_double (self, "heatmap-high", 20.0));
}

static double
share_for_node (HpWindow   *self,
                const char *node_id)
{
  double *share;

  g_assert (HP_IS_WINDOW (self));

  share = self->shares != NULL ? g_hash_table_lookup (self->shares, node_id) : NULL;
  return share != NULL ? *share : NAN;
}

static void
update_row_share (HpWindow  *self,
                  HpNodeRow *row)
{
  HpNodeStats *stats = hp_node_row_get_stats (row);
  double share;

  g_assert (HP_IS_WINDOW (self));

  if (stats == NULL)
    return;
  share = share_for_node (self, hp_node_stats_get_node_id (stats));
  hp_node_row_set_share (row, share, heat_level (self, share));
}

/* Node list */

static int
compare_node_stats (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  HpNodeStats *sa = HP_NODE_STATS ((gpointer) a);
  HpNodeStats *sb = HP_NODE_STATS ((gpointer) b);
  double ma = hp_node_stats_get_mean_us (sa);
  double mb = hp_node_stats_get_mean_us (sb);

  /* Slowest first, nodes that never ran last, ties by id like the core's
   * bottleneck ranking so the two lists agree. */
  if (isnan (ma) != isnan (mb))
    return isnan (ma) ? GTK_ORDERING_LARGER : GTK_ORDERING_SMALLER;
  if (!isnan (ma) && ma != mb)
    return ma > mb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return gtk_ordering_from_cmpfunc (hp_bottleneck_compare_node_ids (hp_node_stats_get_node_id (sa),
                                                                    hp_node_stats_get_node_id (sb)));
}

static void
node_row_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   HpWindow                 *self)
{
  GtkWidget *row = hp_node_row_new ();

  g_assert (HP_IS_WINDOW (self));

  gtk_list_item_set_child (item, row);
  g_ptr_array_add (self->node_rows, row);
}

static void
node_row_teardown_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      HpWindow                 *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  g_assert (HP_IS_WINDOW (self));

  if (self->node_rows != NULL && row != NULL)
    g_ptr_array_remove_fast (self->node_rows, row);
}

static void
node_row_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  HpWindow                 *self)
{
  HpNodeRow *row = HP_NODE_ROW (gtk_list_item_get_child (item));

  g_assert (HP_IS_WINDOW (self));

  hp_node_row_set_stats (row, gtk_list_item_get_item (item));
  update_row_share (self, row);
}

static void
node_row_unbind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    HpWindow                 *self)
{
  g_assert (HP_IS_WINDOW (self));

  hp_node_row_set_stats (HP_NODE_ROW (gtk_list_item_get_child (item)), NULL);
}

static int
find_node_position (HpWindow   *self,
                    const char *node_id)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);
  guint n = g_list_model_get_n_items (model);

  g_assert (HP_IS_WINDOW (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HpNodeStats) stats = g_list_model_get_item (model, i);

      if (hp_node_stats_get_node_id (stats) == node_id)
        return (int) i;
    }
  return -1;
}

/* Makes the list and the bottleneck panel show the selected node. */
static void
sync_selection (HpWindow *self)
{
  int position = -1;
  GtkListBoxRow *match = NULL;

  g_assert (HP_IS_WINDOW (self));

  if (self->selected_node_id != NULL)
    position = find_node_position (self, self->selected_node_id);

  if (position < 0)
    {
      gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
    }
  else if (gtk_single_selection_get_selected (self->selection) != (guint) position)
    {
      gtk_single_selection_set_selected (self->selection, (guint) position);
      gtk_widget_activate_action (GTK_WIDGET (self->node_list), "list.scroll-to-item",
                                  "u", (guint) position);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->bottleneck_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (HP_IS_BOTTLENECK_ROW (child) &&
          hp_bottleneck_row_get_node_id (HP_BOTTLENECK_ROW (child)) == self->selected_node_id)
        match = GTK_LIST_BOX_ROW (child);
    }
  if (match != NULL)
    gtk_list_box_select_row (self->bottleneck_list, match);
  else
    gtk_list_box_unselect_all (self->bottleneck_list);
}

static void
selection_changed_cb (HpWindow           *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  HpNodeStats *stats;

  g_assert (HP_IS_WINDOW (self));

  stats = gtk_single_selection_get_selected_item (selection);
  hp_window_set_selected_node_id (self, stats != NULL ? hp_node_stats_get_node_id (stats) : NULL);
}

/* Bottlenecks, shares, summary */

static void
update_analysis (HpWindow *self)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) top = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *child;
  guint top_n = HP_BOTTLENECKS_DEFAULT_TOP;
  guint n_nodes;

  g_assert (HP_IS_WINDOW (self));
  g_assert (HP_IS_PROFILE (self->profile));

  if (self->settings != NULL)
    top_n = g_settings_get_uint (self->settings, "top-n");

  /* Shares of every node, for the bars; the panel shows the top N. */
  n_nodes = g_list_model_get_n_items (hp_profile_get_node_stats (self->profile));
  all = hp_bottlenecks_compute (self->profile, HP_METRIC_MEAN, MAX (n_nodes, 1));
  g_hash_table_remove_all (self->shares);
  for (guint i = 0; i < all->len; i++)
    {
      const HpBottleneck *b = &g_array_index (all, HpBottleneck, i);

      g_hash_table_insert (self->shares, (gpointer) b->node_id, g_memdup2 (&b->share, sizeof b->share));
    }
  for (guint i = 0; i < self->node_rows->len; i++)
    update_row_share (self, g_ptr_array_index (self->node_rows, i));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bottleneck_list))) != NULL)
    gtk_list_box_remove (self->bottleneck_list, child);

  top = hp_bottlenecks_compute (self->profile, HP_METRIC_MEAN, top_n);
  for (guint i = 0; i < top->len; i++)
    {
      const HpBottleneck *b = &g_array_index (top, HpBottleneck, i);

      gtk_list_box_append (self->bottleneck_list, hp_bottleneck_row_new (b, heat_level (self, b->share)));
    }

  if (top->len == 0)
    caption = g_strdup (_("No node has executed yet."));
  else
    caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The slowest node by mean duration and its share of the mean total.",
                                            "The %u slowest nodes by mean duration and their share of the mean total.",
                                            top->len),
                               top->len);
  gtk_label_set_text (self->bottleneck_caption, caption);
}

static void
update_summary (HpWindow *self)
{
  g_autofree char *text = NULL;
  HpRun *latest;
  guint n_runs;

  g_assert (HP_IS_WINDOW (self));

  n_runs = hp_profile_get_n_runs (self->profile);
  latest = hp_profile_get_latest_run (self->profile);
  if (latest == NULL)
    {
      text = g_strdup (_("No runs recorded."));
    }
  else
    {
      gint64 total = hp_run_get_total_us (latest);
      g_autofree char *duration = hp_format_duration_us (total == HP_TIME_UNKNOWN ? NAN : (double) total);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u run recorded. Latest run: %s, %s in total.",
                                           "%u runs recorded. Latest run: %s, %s in total.",
                                           n_runs),
                              n_runs, hp_run_status_to_string (hp_run_get_status (latest)), duration);
    }
  gtk_label_set_text (self->summary_label, text);
}

static void
profile_changed_cb (HpWindow  *self,
                    HpProfile *profile)
{
  g_assert (HP_IS_WINDOW (self));
  g_assert (HP_IS_PROFILE (profile));

  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  update_analysis (self);
  update_summary (self);
  sync_selection (self);
}

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
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, basename);
  title = basename != NULL ? g_strdup_printf ("%s — %s", name, basename) : g_strdup (name);
  gtk_window_set_title (GTK_WINDOW (self), title);
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
  g_set_object (&self->file, file);
  self->profile_changed_handler =
    g_signal_connect_object (profile, "changed", G_CALLBACK (profile_changed_cb),
                             self, G_CONNECT_SWAPPED);

  update_analysis (self);
  gtk_sort_list_model_set_model (self->sort_model, hp_profile_get_node_stats (profile));
  update_summary (self);
  update_title (self);
  gtk_stack_set_visible_child_name (self->stack, "document");
  gtk_widget_grab_focus (GTK_WIDGET (self->node_list));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/* Loading */

static void
show_toast (HpWindow   *self,
            const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_assert (HP_IS_WINDOW (self));

  /* Toast titles are Pango markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
add_to_recent (GFile *file)
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

      show_toast (self, message);
      return;
    }

  add_to_recent (file);

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

static void
bottleneck_row_activated_cb (GtkListBox    *list,
                             GtkListBoxRow *row,
                             HpWindow      *self)
{
  g_assert (HP_IS_WINDOW (self));

  if (HP_IS_BOTTLENECK_ROW (row))
    hp_window_set_selected_node_id (self, hp_bottleneck_row_get_node_id (HP_BOTTLENECK_ROW (row)));
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
            gboolean        json)
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
  add_filter (GTK_FILE_CHOOSER (native), _("All profiles"), TRUE, TRUE);
  add_filter (GTK_FILE_CHOOSER (native), _("Hotpath profiles"), TRUE, FALSE);
  add_filter (GTK_FILE_CHOOSER (native), _("JSON"), FALSE, TRUE);

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
      show_toast (self, _("The demo profile is not installed"));
      return;
    }
  hp_window_open_file (self, demo);
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
  if (self->profile != NULL)
    g_clear_signal_handler (&self->profile_changed_handler, self->profile);
  g_clear_pointer (&self->node_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->sorter);
  g_clear_object (&self->profile);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->shares, g_hash_table_unref);

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
      g_value_set_static_string (value, self->selected_node_id);
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, node_list);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, bottleneck_caption);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, bottleneck_list);
  gtk_widget_class_bind_template_child (widget_class, HpWindow, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, bottleneck_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);

  g_type_ensure (HP_TYPE_NODE_ROW);
  g_type_ensure (HP_TYPE_BOTTLENECK_ROW);
}

static void
hp_window_init (HpWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_size (GTK_WINDOW (self), 1180, 760);

  self->cancellable = g_cancellable_new ();
  self->shares = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->node_rows = g_ptr_array_new ();

  self->sorter = gtk_custom_sorter_new (compare_node_stats, NULL, NULL);
  self->sort_model = gtk_sort_list_model_new (NULL, GTK_SORTER (g_object_ref (self->sorter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (node_row_setup_cb), self, 0);
  g_signal_connect_object (factory, "teardown", G_CALLBACK (node_row_teardown_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (node_row_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (node_row_unbind_cb), self, 0);
  gtk_list_view_set_factory (self->node_list, factory);
  gtk_list_view_set_model (self->node_list, GTK_SELECTION_MODEL (self->selection));

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
  return self->selected_node_id;
}

/**
 * hp_window_set_selected_node_id:
 * @self: a window
 * @node_id: (nullable): a node id, %NULL for none
 *
 * Selects a node in every view of the window.
 */
void
hp_window_set_selected_node_id (HpWindow   *self,
                                const char *node_id)
{
  const char *interned;

  g_return_if_fail (HP_IS_WINDOW (self));

  interned = g_intern_string (node_id);
  if (self->selected_node_id == interned)
    return;

  self->selected_node_id = interned;
  sync_selection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE_ID]);
}

/**
 * hp_window_get_node_selection:
 * @self: a window
 *
 * Returns: (transfer none): the node list's model, in display order
 */
GtkSelectionModel *
hp_window_get_node_selection (HpWindow *self)
{
  g_return_val_if_fail (HP_IS_WINDOW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}
