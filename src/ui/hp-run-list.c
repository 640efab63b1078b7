/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-run-list.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hp-config.h"
#include "hp-run-row.h"

struct _HpRunList
{
  GtkWidget           parent_instance;

  HpSession          *session;
  HpProfile          *profile;
  GListModel         *runs;          /* the profile's, oldest first */
  GHashTable         *positions;     /* HpRun → position in runs + 1 */
  GtkSortListModel   *sorted;        /* newest first */
  GtkSingleSelection *selection;
  gboolean            syncing;       /* selection follows the session */
  gboolean            selected_is_baseline;
  guint               scroll_source;

  GtkLabel           *count_label;
  AdwButtonContent   *pin_content;
  GtkStack           *stack;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (HpRunList, hp_run_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SELECTED_IS_BASELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The sorter reverses the profile's own order (start time, then id), read
 * from this table rather than repeated, so both always agree. */
static void
rebuild_positions (HpRunList *self)
{
  guint n;

  g_assert (HP_IS_RUN_LIST (self));

  g_hash_table_remove_all (self->positions);
  if (self->runs == NULL)
    return;

  n = g_list_model_get_n_items (self->runs);
  for (guint i = 0; i < n; i++)
    {
      HpRun *run = g_list_model_get_item (self->runs, i);

      /* The table does not own the runs; the profile does. */
      g_hash_table_insert (self->positions, run, GUINT_TO_POINTER (i + 1));
      g_object_unref (run);
    }
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  HpRunList *self = user_data;
  guint pa = GPOINTER_TO_UINT (g_hash_table_lookup (self->positions, a));
  guint pb = GPOINTER_TO_UINT (g_hash_table_lookup (self->positions, b));

  return pa < pb ? 1 : pa > pb ? -1 : 0;
}

static HpRun *
selected_run (HpRunList *self)
{
  return self->session != NULL ? hp_session_get_selected_run (self->session) : NULL;
}

static void
update_pinned (HpRunList *self)
{
  HpRun *run = selected_run (self);
  gboolean pinned;

  g_assert (HP_IS_RUN_LIST (self));

  pinned = run != NULL && hp_profile_get_baseline (self->profile) == run;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.pin-baseline", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.delete", run != NULL);

  if (pinned == self->selected_is_baseline)
    return;
  self->selected_is_baseline = pinned;
  /* The pressed toggle says it in words too. */
  adw_button_content_set_label (self->pin_content,
                                pinned ? _("_Pinned as Baseline") : _("_Pin as Baseline"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_IS_BASELINE]);
}

static guint
find_position (HpRunList *self,
               HpRun     *run)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  guint n = g_list_model_get_n_items (model);

  if (run == NULL)
    return GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HpRun) item = g_list_model_get_item (model, i);

      if (item == run)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The session is the truth; the list shows its selected run. */
static void
sync_selection (HpRunList *self,
                gboolean   scroll)
{
  guint position;

  g_assert (HP_IS_RUN_LIST (self));

  position = find_position (self, selected_run (self));
  if (gtk_single_selection_get_selected (self->selection) != position)
    {
      self->syncing = TRUE;
      gtk_single_selection_set_selected (self->selection, position);
      self->syncing = FALSE;
      if (scroll && position != GTK_INVALID_LIST_POSITION)
        gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                    "u", position);
    }
  update_pinned (self);
}

static void
update_count (HpRunList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  g_autofree char *text = NULL;

  g_assert (HP_IS_RUN_LIST (self));

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n), n);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
runs_items_changed_cb (HpRunList  *self,
                       guint       position,
                       guint       removed,
                       guint       added,
                       GListModel *runs)
{
  g_assert (HP_IS_RUN_LIST (self));

  /* Connected before the sort model, so it sorts with fresh positions. */
  rebuild_positions (self);
}

static void
sorted_items_changed_cb (HpRunList  *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *sorted)
{
  g_assert (HP_IS_RUN_LIST (self));

  update_count (self);
  sync_selection (self, FALSE);
}

static void
selection_changed_cb (HpRunList          *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  HpRun *run;

  g_assert (HP_IS_RUN_LIST (self));

  if (self->syncing || self->session == NULL)
    return;

  /* Nothing selected only happens when the selected run went away; the
   * session picks the next one itself. */
  run = gtk_single_selection_get_selected_item (selection);
  if (run != NULL && run != hp_session_get_selected_run (self->session))
    hp_session_set_selected_run (self->session, run);
}

static void
session_selected_run_cb (HpRunList  *self,
                         GParamSpec *pspec,
                         HpSession  *session)
{
  sync_selection (self, TRUE);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              HpRunList                *self)
{
  gtk_list_item_set_child (item, hp_run_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             HpRunList                *self)
{
  g_assert (HP_IS_RUN_LIST (self));

  hp_run_row_set_run (HP_RUN_ROW (gtk_list_item_get_child (item)),
                      gtk_list_item_get_item (item), self->profile);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               HpRunList                *self)
{
  hp_run_row_set_run (HP_RUN_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HpRunList *self = HP_RUN_LIST (widget);
  HpRun *run = selected_run (self);

  if (run != NULL)
    gtk_widget_activate_action (widget, "win.delete-run", "s", hp_run_get_id (run));
}

static void
disconnect_session (HpRunList *self)
{
  g_assert (HP_IS_RUN_LIST (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_data (self->runs, self);
}

static void
hp_run_list_dispose (GObject *object)
{
  HpRunList *self = HP_RUN_LIST (object);
  GtkWidget *child;

  disconnect_session (self);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), HP_TYPE_RUN_LIST);
  /* The template's unnamed boxes are our children too (plain GtkWidget). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->runs);
  g_clear_object (&self->profile);
  g_clear_object (&self->session);
  g_clear_pointer (&self->positions, g_hash_table_unref);

  G_OBJECT_CLASS (hp_run_list_parent_class)->dispose (object);
}

static gboolean
scroll_to_selected_cb (gpointer data)
{
  HpRunList *self = data;
  guint position = gtk_single_selection_get_selected (self->selection);

  self->scroll_source = 0;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                "u", position);
  return G_SOURCE_REMOVE;
}

static void
hp_run_list_map (GtkWidget *widget)
{
  HpRunList *self = HP_RUN_LIST (widget);

  GTK_WIDGET_CLASS (hp_run_list_parent_class)->map (widget);

  /* A selection made before the list was shown is brought into sight once
   * the rows have a size (the default idle priority comes after layout). */
  if (self->scroll_source == 0)
    self->scroll_source = g_idle_add (scroll_to_selected_cb, self);
}

static void
hp_run_list_unmap (GtkWidget *widget)
{
  HpRunList *self = HP_RUN_LIST (widget);

  g_clear_handle_id (&self->scroll_source, g_source_remove);

  GTK_WIDGET_CLASS (hp_run_list_parent_class)->unmap (widget);
}

static void
hp_run_list_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HpRunList *self = HP_RUN_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SELECTED_IS_BASELINE:
      g_value_set_boolean (value, self->selected_is_baseline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_run_list_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HpRunList *self = HP_RUN_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hp_run_list_set_session (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_IS_BASELINE:
      hp_run_list_set_selected_is_baseline (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_run_list_class_init (HpRunListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_run_list_dispose;
  object_class->get_property = hp_run_list_get_property;
  object_class->set_property = hp_run_list_set_property;
  widget_class->map = hp_run_list_map;
  widget_class->unmap = hp_run_list_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HpRunList:selected-is-baseline:
   *
   * Whether the selected run is the profile's baseline; setting it pins or
   * unpins that run. The header's pin toggle is bound to it.
   */
  properties[PROP_SELECTED_IS_BASELINE] =
    g_param_spec_boolean ("selected-is-baseline", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-run-list.ui");
  gtk_widget_class_bind_template_child (widget_class, HpRunList, count_label);
  gtk_widget_class_bind_template_child (widget_class, HpRunList, pin_content);
  gtk_widget_class_bind_template_child (widget_class, HpRunList, stack);
  gtk_widget_class_bind_template_child (widget_class, HpRunList, list_view);

  gtk_widget_class_install_property_action (widget_class, "runs.pin-baseline",
                                            "selected-is-baseline");
  gtk_widget_class_install_action (widget_class, "runs.delete", NULL, delete_action);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hp_run_list_init (HpRunList *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->positions = g_hash_table_new (NULL, NULL);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_newest_first, self, NULL));
  self->sorted = gtk_sort_list_model_new (NULL, sorter);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* After the selection's own handler, so it has caught up. */
  g_signal_connect_swapped (self->sorted, "items-changed",
                            G_CALLBACK (sorted_items_changed_cb), self);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_count (self);
  update_pinned (self);
}

/**
 * hp_run_list_new:
 *
 * Returns: (transfer floating): a run list; give it a session with
 *   hp_run_list_set_session()
 */
GtkWidget *
hp_run_list_new (void)
{
  return g_object_new (HP_TYPE_RUN_LIST, NULL);
}

/**
 * hp_run_list_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HpSession *
hp_run_list_get_session (HpRunList *self)
{
  g_return_val_if_fail (HP_IS_RUN_LIST (self), NULL);
  return self->session;
}

/**
 * hp_run_list_set_session:
 * @session: (nullable): the window's session
 */
void
hp_run_list_set_session (HpRunList *self,
                         HpSession *session)
{
  GListModel *runs;

  g_return_if_fail (HP_IS_RUN_LIST (self));
  g_return_if_fail (session == NULL || HP_IS_SESSION (session));

  if (self->session == session)
    return;

  disconnect_session (self);
  g_set_object (&self->session, session);
  g_set_object (&self->profile, (session != NULL ? hp_session_get_profile (session) : NULL));
  runs = self->profile != NULL ? hp_profile_get_runs (self->profile) : NULL;
  g_set_object (&self->runs, runs);

  rebuild_positions (self);
  if (self->runs != NULL)
    g_signal_connect_swapped (self->runs, "items-changed",
                              G_CALLBACK (runs_items_changed_cb), self);
  self->syncing = TRUE;
  gtk_sort_list_model_set_model (self->sorted, self->runs);
  self->syncing = FALSE;

  if (self->session != NULL)
    {
      g_signal_connect_swapped (self->session, "notify::selected-run",
                                G_CALLBACK (session_selected_run_cb), self);
      g_signal_connect_swapped (self->profile, "notify::baseline",
                                G_CALLBACK (update_pinned), self);
    }

  update_count (self);
  sync_selection (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * hp_run_list_get_selection:
 *
 * Returns: (transfer none): the runs as shown, newest first, and which one
 *   is selected
 */
GtkSingleSelection *
hp_run_list_get_selection (HpRunList *self)
{
  g_return_val_if_fail (HP_IS_RUN_LIST (self), NULL);
  return self->selection;
}

/**
 * hp_run_list_get_selected_is_baseline:
 *
 * Returns: whether the selected run is the profile's pinned baseline
 */
gboolean
hp_run_list_get_selected_is_baseline (HpRunList *self)
{
  g_return_val_if_fail (HP_IS_RUN_LIST (self), FALSE);
  return self->selected_is_baseline;
}

/**
 * hp_run_list_set_selected_is_baseline:
 * @pinned: %TRUE to pin the selected run as the baseline, %FALSE to unpin it
 */
void
hp_run_list_set_selected_is_baseline (HpRunList *self,
                                      gboolean   pinned)
{
  HpRun *run;

  g_return_if_fail (HP_IS_RUN_LIST (self));

  run = selected_run (self);
  if (run == NULL)
    return;
  if (pinned)
    hp_profile_set_baseline (self->profile, run);
  else if (hp_profile_get_baseline (self->profile) == run)
    hp_profile_set_baseline (self->profile, NULL);
  /* notify::baseline updates the property. */
}
