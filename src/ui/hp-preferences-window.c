/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-preferences-window.h"

#include <glib/gi18n.h>

#include "hp-config.h"

struct _HpPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  /* What Reset replaced, for its toast's Undo (one value per reset_keys
   * entry); NULL when there is nothing to undo. */
  GVariant            **saved_values;
  AdwToast             *toast;         /* shown and not dismissed, or NULL */
  /* Set while Reset or Undo write the keys one by one: the heat
   * thresholds may cross on the way, which is no reason to move them. */
  gboolean              resetting;

  GtkSpinButton        *threshold_spin;
  GtkSpinButton        *noise_floor_spin;
  GtkSpinButton        *top_n_spin;
  AdwComboRow          *heat_mode_row;
  GtkSpinButton        *heat_low_spin;
  GtkSpinButton        *heat_high_spin;
  AdwActionRow         *reset_row;
};

G_DEFINE_FINAL_TYPE (HpPreferencesWindow, hp_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The keys this window shows, which Reset puts back. */
static const char * const reset_keys[] = {
  "regression-threshold",
  "noise-floor-ms",
  "top-n",
  "heatmap-mode",
  "heatmap-low",
  "heatmap-high",
};

/* heatmap-mode's choices, in the order of the combo row's items. */
static const char * const heat_modes[] = { "share", "change" };

/* The heat thresholds are kept at least this far apart (percentage points). */
#define HEAT_GAP 1.0

static gboolean
heat_mode_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  const char *mode = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (heat_modes); i++)
    if (g_str_equal (mode, heat_modes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
heat_mode_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (heat_modes))
    return NULL;
  return g_variant_new_string (heat_modes[selected]);
}

/* top-n is unsigned; a spin button's value is a double. */
static gboolean
uint_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
uint_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  double number = g_value_get_double (value);

  if (number < 1.0)
    number = 1.0;
  return g_variant_new_uint32 ((guint32) (number + 0.5));
}

static void
update_reset_enabled (HpPreferencesWindow *self)
{
  gboolean changed = FALSE;

  g_assert (HP_IS_PREFERENCES_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (reset_keys) && !changed; i++)
    {
      g_autoptr(GVariant) current = g_settings_get_value (self->settings, reset_keys[i]);
      g_autoptr(GVariant) fallback = g_settings_get_default_value (self->settings, reset_keys[i]);

      changed = fallback != NULL && !g_variant_equal (current, fallback);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.reset", changed);
}

static void
clear_saved_values (HpPreferencesWindow *self)
{
  g_assert (HP_IS_PREFERENCES_WINDOW (self));

  if (self->saved_values == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (reset_keys); i++)
    g_clear_pointer (&self->saved_values[i], g_variant_unref);
  g_clear_pointer (&self->saved_values, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.undo-reset", FALSE);
}

static void
toast_dismissed_cb (AdwToast            *toast,
                    HpPreferencesWindow *self)
{
  if (self->toast == toast)
    {
      g_object_remove_weak_pointer (G_OBJECT (toast), (gpointer *) &self->toast);
      self->toast = NULL;
    }
}

/* The window's one toast: a new message replaces the text (and the
 * button) of the toast on screen instead of queueing another. Besides
 * being calmer, this avoids a libadwaita 1.2 bug: a toast added while
 * another slides out, then closed quickly, makes AdwToastOverlay write
 * to freed memory (docs/reliability.md, "Toasts"). */
static void
show_toast (HpPreferencesWindow *self,
            const char          *title,
            const char          *undo_action)
{
  g_assert (HP_IS_PREFERENCES_WINDOW (self));

  if (self->toast == NULL)
    {
      self->toast = adw_toast_new (title);
      g_object_add_weak_pointer (G_OBJECT (self->toast), (gpointer *) &self->toast);
      g_signal_connect_object (self->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), self->toast);
    }
  adw_toast_set_title (self->toast, title);
  adw_toast_set_button_label (self->toast, undo_action != NULL ? _("_Undo") : NULL);
  adw_toast_set_action_name (self->toast, undo_action);
}

static void
heat_low_changed_cb (HpPreferencesWindow *self)
{
  g_autofree char *title = NULL;
  double low;
  double high;

  g_assert (HP_IS_PREFERENCES_WINDOW (self));

  if (self->resetting)
    return;
  low = gtk_spin_button_get_value (self->heat_low_spin);
  high = gtk_spin_button_get_value (self->heat_high_spin);
  if (low + HEAT_GAP <= high)
    return;

  /* Yellow may go up to 99 % and red from 1 % (the adjustments), so there
   * is always room for the other one. */
  high = MIN (low + HEAT_GAP, 100.0);
  gtk_spin_button_set_value (self->heat_high_spin, high);
  title = g_strdup_printf (_("Red now starts at %.1f %%, above yellow"), high);
  show_toast (self, title, NULL);
}

static void
heat_high_changed_cb (HpPreferencesWindow *self)
{
  g_autofree char *title = NULL;
  double low;
  double high;

  g_assert (HP_IS_PREFERENCES_WINDOW (self));

  if (self->resetting)
    return;
  low = gtk_spin_button_get_value (self->heat_low_spin);
  high = gtk_spin_button_get_value (self->heat_high_spin);
  if (low + HEAT_GAP <= high)
    return;

  low = MAX (high - HEAT_GAP, 0.0);
  gtk_spin_button_set_value (self->heat_low_spin, low);
  title = g_strdup_printf (_("Yellow now starts at %.1f %%, below red"), low);
  show_toast (self, title, NULL);
}

/**
 * hp_preferences_window_reset:
 * @self: the preferences window
 *
 * Puts every setting the window shows back to its default; a toast
 * offers to undo it.
 */
void
hp_preferences_window_reset (HpPreferencesWindow *self)
{
  g_return_if_fail (HP_IS_PREFERENCES_WINDOW (self));

  clear_saved_values (self);
  self->saved_values = g_new0 (GVariant *, G_N_ELEMENTS (reset_keys));
  for (guint i = 0; i < G_N_ELEMENTS (reset_keys); i++)
    self->saved_values[i] = g_settings_get_value (self->settings, reset_keys[i]);

  self->resetting = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (reset_keys); i++)
    g_settings_reset (self->settings, reset_keys[i]);
  self->resetting = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.undo-reset", TRUE);
  /* Replaces a note about the heat thresholds (stale now); Undo undoes
   * this latest reset. */
  show_toast (self, _("Preferences reset to their defaults"), "preferences.undo-reset");
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  hp_preferences_window_reset (HP_PREFERENCES_WINDOW (widget));
}

static void
undo_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HpPreferencesWindow *self = HP_PREFERENCES_WINDOW (widget);

  if (self->saved_values == NULL)
    return;
  self->resetting = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (reset_keys); i++)
    g_settings_set_value (self->settings, reset_keys[i], self->saved_values[i]);
  self->resetting = FALSE;
  clear_saved_values (self);
}

static void
hp_preferences_window_constructed (GObject *object)
{
  HpPreferencesWindow *self = HP_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (hp_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  g_settings_bind (self->settings, "regression-threshold", self->threshold_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "noise-floor-ms", self->noise_floor_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "top-n", self->top_n_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, uint_get_mapping, uint_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "heatmap-mode", self->heat_mode_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, heat_mode_get_mapping,
                                heat_mode_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "heatmap-low", self->heat_low_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "heatmap-high", self->heat_high_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  /* Only now: while the bindings load the stored values one by one, the
   * thresholds may cross for a moment. */
  g_signal_connect_object (self->heat_low_spin, "value-changed",
                           G_CALLBACK (heat_low_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->heat_high_spin, "value-changed",
                           G_CALLBACK (heat_high_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (update_reset_enabled), self, G_CONNECT_SWAPPED);
  update_reset_enabled (self);
}

static void
hp_preferences_window_dispose (GObject *object)
{
  HpPreferencesWindow *self = HP_PREFERENCES_WINDOW (object);

  /* Bindings live until the widgets are finalised; stop them now. */
  if (self->threshold_spin != NULL)
    {
      g_settings_unbind (self->threshold_spin, "value");
      g_settings_unbind (self->noise_floor_spin, "value");
      g_settings_unbind (self->top_n_spin, "value");
      g_settings_unbind (self->heat_mode_row, "selected");
      g_settings_unbind (self->heat_low_spin, "value");
      g_settings_unbind (self->heat_high_spin, "value");
    }
  clear_saved_values (self);
  if (self->toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->toast), (gpointer *) &self->toast);
  self->toast = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hp_preferences_window_parent_class)->dispose (object);
}

static void
hp_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HpPreferencesWindow *self = HP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HpPreferencesWindow *self = HP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_preferences_window_class_init (HpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hp_preferences_window_constructed;
  object_class->dispose = hp_preferences_window_dispose;
  object_class->get_property = hp_preferences_window_get_property;
  object_class->set_property = hp_preferences_window_set_property;

  /**
   * HpPreferencesWindow:settings:
   *
   * The app's settings (schema io.github.hotpath.Hotpath) the window edits.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HpPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, HpPreferencesWindow, noise_floor_spin);
  gtk_widget_class_bind_template_child (widget_class, HpPreferencesWindow, top_n_spin);
  gtk_widget_class_bind_template_child (widget_class, HpPreferencesWindow, heat_mode_row);
  gtk_widget_class_bind_template_child (widget_class, HpPreferencesWindow, heat_low_spin);
  gtk_widget_class_bind_template_child (widget_class, HpPreferencesWindow, heat_high_spin);
  gtk_widget_class_bind_template_child (widget_class, HpPreferencesWindow, reset_row);

  gtk_widget_class_install_action (widget_class, "preferences.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "preferences.undo-reset", NULL, undo_reset_action);
}

/* The first list view below @widget, depth first. */
static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_LIST_VIEW (child) ? child : find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
hp_preferences_window_init (HpPreferencesWindow *self)
{
  GtkWidget *reset_list;
  GtkWidget *current_list;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.undo-reset", FALSE);

  /* The Reset group has no title, so the list libadwaita puts its row in
   * is labelled by an empty heading; the row names it instead. */
  reset_list = gtk_widget_get_parent (GTK_WIDGET (self->reset_row));
  if (GTK_IS_LIST_BOX (reset_list))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (reset_list),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->reset_row, NULL,
                                    -1);
  /* libadwaita 1.2 shows a combo row's value in an unnamed list of its
   * own; it reads as the row. */
  current_list = find_list_view (GTK_WIDGET (self->heat_mode_row));
  if (current_list != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (current_list),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->heat_mode_row, NULL,
                                    -1);
}

/**
 * hp_preferences_window_new:
 * @settings: the app's settings
 *
 * Returns: (transfer none): a new preferences window (not yet shown; the
 *   caller sets its parent and presents it)
 */
HpPreferencesWindow *
hp_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (HP_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}

/**
 * hp_preferences_window_get_settings:
 * @self: the preferences window
 *
 * Returns: (transfer none): the settings the window edits
 */
GSettings *
hp_preferences_window_get_settings (HpPreferencesWindow *self)
{
  g_return_val_if_fail (HP_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}
