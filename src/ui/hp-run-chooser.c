/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-run-chooser.h"

#include <glib/gi18n.h>

#include "hp-run-row.h"

struct _HpRunChooser
{
  GtkWidget    parent_instance;

  HpProfile   *profile;
  HpRun       *run;        /* nullable: the chosen run */
  GtkDropDown *dropdown;
  guint        syncing;    /* > 0 while the code, not the user, moves the selection */
};

G_DEFINE_FINAL_TYPE (HpRunChooser, hp_run_chooser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * hp_run_chooser_format_run:
 * @run: a run
 *
 * Returns: (transfer full): how the chooser names @run, e.g.
 *   "Nov 14, 22:13:20 · r1", with the status when it did not succeed:
 *   "Nov 14, 22:16:40 · r3 · failed"
 */
char *
hp_run_chooser_format_run (HpRun *run)
{
  g_autofree char *start = NULL;
  HpRunStatus status;

  g_return_val_if_fail (HP_IS_RUN (run), NULL);

  start = hp_run_row_format_start (run);
  status = hp_run_get_status (run);
  if (status == HP_RUN_STATUS_SUCCEEDED)
    /* Translators: a run in the Compare panel's list: "<start time> · <run id>" */
    return g_strdup_printf (_("%s · %s"), start, hp_run_get_id (run));
  /* Translators: "<start time> · <run id> · <status>", e.g. "… · r3 · failed" */
  return g_strdup_printf (_("%s · %s · %s"), start, hp_run_get_id (run), hp_run_row_status_label (status));
}

static gint64
sort_time (HpRun *run)
{
  gint64 t = hp_run_get_started_us (run);

  return t != HP_TIME_UNKNOWN ? t : hp_run_get_queued_us (run);
}

/* Newest first, as in the Runs panel: the profile's order reversed. */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  HpRun *ra = HP_RUN ((gpointer) a);
  HpRun *rb = HP_RUN ((gpointer) b);
  gint64 ta = sort_time (ra);
  gint64 tb = sort_time (rb);

  if (ta != tb)
    return ta > tb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return -g_strcmp0 (hp_run_get_id (ra), hp_run_get_id (rb));
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  HpRun *run = gtk_list_item_get_item (item);
  g_autofree char *text = hp_run_chooser_format_run (run);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* Shows self->run in the drop-down, without taking it for a choice. */
static void
sync_dropdown (HpRunChooser *self)
{
  GListModel *model = gtk_drop_down_get_model (self->dropdown);
  guint position = GTK_INVALID_LIST_POSITION;

  g_assert (HP_IS_RUN_CHOOSER (self));

  if (model == NULL || self->run == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HpRun) run = g_list_model_get_item (model, i);

      if (run == self->run)
        {
          position = i;
          break;
        }
    }
  if (position == GTK_INVALID_LIST_POSITION || gtk_drop_down_get_selected (self->dropdown) == position)
    return;
  self->syncing++;
  gtk_drop_down_set_selected (self->dropdown, position);
  self->syncing--;
}

static void
set_run_internal (HpRunChooser *self,
                  HpRun        *run)
{
  g_assert (HP_IS_RUN_CHOOSER (self));

  if (!g_set_object (&self->run, run))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

static void
selected_cb (HpRunChooser *self)
{
  g_assert (HP_IS_RUN_CHOOSER (self));

  if (self->syncing > 0)
    return;
  set_run_internal (self, gtk_drop_down_get_selected_item (self->dropdown));
}

static void
hp_run_chooser_dispose (GObject *object)
{
  HpRunChooser *self = HP_RUN_CHOOSER (object);

  if (self->dropdown != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dropdown, self);
      gtk_widget_unparent (GTK_WIDGET (self->dropdown));
      self->dropdown = NULL;
    }
  g_clear_object (&self->run);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (hp_run_chooser_parent_class)->dispose (object);
}

static void
hp_run_chooser_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HpRunChooser *self = HP_RUN_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_RUN:
      g_value_set_object (value, self->run);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_run_chooser_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HpRunChooser *self = HP_RUN_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      hp_run_chooser_set_profile (self, g_value_get_object (value));
      break;
    case PROP_RUN:
      hp_run_chooser_set_run (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_run_chooser_class_init (HpRunChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_run_chooser_dispose;
  object_class->get_property = hp_run_chooser_get_property;
  object_class->set_property = hp_run_chooser_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, HP_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUN] =
    g_param_spec_object ("run", NULL, NULL, HP_TYPE_RUN,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hp_run_chooser_init (HpRunChooser *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *inner;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), NULL);

  self->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->dropdown), "run-chooser-dropdown");
  gtk_drop_down_set_factory (self->dropdown, factory);
  gtk_widget_set_hexpand (GTK_WIDGET (self->dropdown), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Run to compare with"),
                                  -1);
  /* GTK 4.8 gives the focus to an unnamed inner toggle button: name it
   * after the drop-down, as the node list does. */
  inner = gtk_widget_get_first_child (GTK_WIDGET (self->dropdown));
  if (GTK_IS_TOGGLE_BUTTON (inner))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (inner),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->dropdown, NULL,
                                    -1);
  gtk_widget_set_parent (GTK_WIDGET (self->dropdown), GTK_WIDGET (self));
  g_signal_connect_swapped (self->dropdown, "notify::selected", G_CALLBACK (selected_cb), self);
}

/**
 * hp_run_chooser_new:
 *
 * Returns: (transfer floating): a chooser without runs; give it a profile
 */
GtkWidget *
hp_run_chooser_new (void)
{
  return g_object_new (HP_TYPE_RUN_CHOOSER, NULL);
}

/**
 * hp_run_chooser_get_profile:
 *
 * Returns: (transfer none) (nullable): the profile whose runs are listed
 */
HpProfile *
hp_run_chooser_get_profile (HpRunChooser *self)
{
  g_return_val_if_fail (HP_IS_RUN_CHOOSER (self), NULL);
  return self->profile;
}

/**
 * hp_run_chooser_set_profile:
 * @profile: (nullable): whose runs to list
 *
 * Lists @profile's runs and forgets the chosen run.
 */
void
hp_run_chooser_set_profile (HpRunChooser *self,
                            HpProfile    *profile)
{
  g_autoptr(GtkSortListModel) sorted = NULL;

  g_return_if_fail (HP_IS_RUN_CHOOSER (self));
  g_return_if_fail (profile == NULL || HP_IS_PROFILE (profile));

  if (self->profile == profile)
    return;
  g_set_object (&self->profile, profile);

  if (profile != NULL)
    {
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_newest_first, NULL, NULL));

      sorted = gtk_sort_list_model_new (g_object_ref (hp_profile_get_runs (profile)), sorter);
    }
  self->syncing++;
  gtk_drop_down_set_model (self->dropdown, G_LIST_MODEL (sorted));
  self->syncing--;
  set_run_internal (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/**
 * hp_run_chooser_get_run:
 *
 * Returns: (transfer none) (nullable): the chosen run
 */
HpRun *
hp_run_chooser_get_run (HpRunChooser *self)
{
  g_return_val_if_fail (HP_IS_RUN_CHOOSER (self), NULL);
  return self->run;
}

/**
 * hp_run_chooser_set_run:
 * @run: (nullable): a run of the profile to show as chosen
 */
void
hp_run_chooser_set_run (HpRunChooser *self,
                        HpRun        *run)
{
  g_return_if_fail (HP_IS_RUN_CHOOSER (self));
  g_return_if_fail (run == NULL || HP_IS_RUN (run));

  set_run_internal (self, run);
  sync_dropdown (self);
}

/**
 * hp_run_chooser_ensure_run:
 * @near: the run that will be compared with the chosen one
 *
 * Keeps the chosen run while the profile still has it; otherwise chooses
 * the run just before @near in the profile (just after it when @near is
 * the first), or none when there is no other run.
 *
 * Returns: (transfer none) (nullable): the chosen run
 */
HpRun *
hp_run_chooser_ensure_run (HpRunChooser *self,
                           HpRun        *near)
{
  int position;
  guint n;

  g_return_val_if_fail (HP_IS_RUN_CHOOSER (self), NULL);
  g_return_val_if_fail (HP_IS_RUN (near), NULL);

  if (self->profile == NULL)
    return NULL;
  if (self->run != NULL && hp_profile_get_run_position (self->profile, self->run) >= 0)
    return self->run;

  position = hp_profile_get_run_position (self->profile, near);
  n = hp_profile_get_n_runs (self->profile);
  if (position > 0)
    hp_run_chooser_set_run (self, hp_profile_get_run (self->profile, (guint) position - 1));
  else
    hp_run_chooser_set_run (self, n > 1 ? hp_profile_get_run (self->profile, 1) : NULL);
  return self->run;
}
