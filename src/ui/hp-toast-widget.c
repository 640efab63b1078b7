/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-toast-widget.h"

#include <glib/gi18n.h>

#include "hp-toast-overlay.h"

struct _HpToastWidget
{
  GtkWidget  parent_instance;

  AdwBin    *title_bin;   /* the "widget" node libadwaita's CSS spaces */
  GtkLabel  *title_label;
  GtkButton *action_button;
  GtkButton *close_button;

  AdwToast  *toast;
  GBinding  *title_binding;
};

enum {
  PROP_0,
  PROP_TOAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HpToastWidget, hp_toast_widget, GTK_TYPE_WIDGET)

static void
update_title (HpToastWidget *self)
{
  GtkWidget *custom = self->toast != NULL ? adw_toast_get_custom_title (self->toast) : NULL;

  /* A custom title widget belongs to its toast; it is only shown here. */
  if (custom != NULL && gtk_widget_get_parent (custom) != NULL
      && gtk_widget_get_parent (custom) != GTK_WIDGET (self->title_bin))
    custom = NULL;
  adw_bin_set_child (self->title_bin, custom != NULL ? custom : GTK_WIDGET (self->title_label));
}

static void
update_button (HpToastWidget *self)
{
  const char *label = self->toast != NULL ? adw_toast_get_button_label (self->toast) : NULL;
  const char *action = self->toast != NULL ? adw_toast_get_action_name (self->toast) : NULL;
  GVariant *target = self->toast != NULL ? adw_toast_get_action_target_value (self->toast) : NULL;

  gtk_button_set_label (self->action_button, label != NULL ? label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action_button), label != NULL && *label != '\0');
  /* No name while the target changes: GTK checks the pair at each step. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->action_button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->action_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->action_button), action);
}

/* As in AdwToastWidget: the button's action (if any) runs first, then
 * "button-clicked", then the toast goes. The overlay only swaps what this
 * widget shows, so nothing here is freed under the click. */
static void
action_clicked_cb (HpToastWidget *self)
{
  g_autoptr(AdwToast) toast = NULL;

  if (self->toast == NULL)
    return;

  toast = g_object_ref (self->toast);
  g_object_ref (self);
  g_signal_emit_by_name (toast, "button-clicked");
  hp_toast_overlay_dismiss (toast);
  g_object_unref (self);
}

static void
close_clicked_cb (HpToastWidget *self)
{
  if (self->toast != NULL)
    hp_toast_overlay_dismiss (self->toast);
}

/**
 * hp_toast_widget_set_toast:
 * @toast: (nullable): the toast to show
 *
 * Shows @toast's title and button; follows later changes to them (a
 * toast that is updated while it shows, as the preferences' is).
 */
void
hp_toast_widget_set_toast (HpToastWidget *self,
                           AdwToast      *toast)
{
  g_return_if_fail (HP_IS_TOAST_WIDGET (self));
  g_return_if_fail (toast == NULL || ADW_IS_TOAST (toast));

  if (self->toast == toast)
    return;

  if (self->toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->toast, self);
      g_clear_pointer (&self->title_binding, g_binding_unbind);
    }
  g_set_object (&self->toast, toast);

  if (toast == NULL)
    gtk_label_set_label (self->title_label, "");
  else
    {
      self->title_binding = g_object_bind_property (toast, "title", self->title_label, "label",
                                                    G_BINDING_SYNC_CREATE);
      g_signal_connect_swapped (toast, "notify::custom-title", G_CALLBACK (update_title), self);
      g_signal_connect_swapped (toast, "notify::button-label", G_CALLBACK (update_button), self);
      g_signal_connect_swapped (toast, "notify::action-name", G_CALLBACK (update_button), self);
      g_signal_connect_swapped (toast, "notify::action-target", G_CALLBACK (update_button), self);
    }
  update_title (self);
  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOAST]);
}

/**
 * hp_toast_widget_get_toast:
 *
 * Returns: (transfer none) (nullable): the toast shown
 */
AdwToast *
hp_toast_widget_get_toast (HpToastWidget *self)
{
  g_return_val_if_fail (HP_IS_TOAST_WIDGET (self), NULL);

  return self->toast;
}

static void
hp_toast_widget_dispose (GObject *object)
{
  HpToastWidget *self = HP_TOAST_WIDGET (object);
  GtkWidget *child;

  hp_toast_widget_set_toast (self, NULL);
  g_clear_object (&self->title_label);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hp_toast_widget_parent_class)->dispose (object);
}

static void
hp_toast_widget_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HpToastWidget *self = HP_TOAST_WIDGET (object);

  switch (prop_id)
    {
    case PROP_TOAST:
      g_value_set_object (value, self->toast);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_toast_widget_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HpToastWidget *self = HP_TOAST_WIDGET (object);

  switch (prop_id)
    {
    case PROP_TOAST:
      hp_toast_widget_set_toast (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_toast_widget_class_init (HpToastWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_toast_widget_dispose;
  object_class->get_property = hp_toast_widget_get_property;
  object_class->set_property = hp_toast_widget_set_property;

  properties[PROP_TOAST] =
    g_param_spec_object ("toast", NULL, NULL, ADW_TYPE_TOAST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  /* libadwaita's stylesheet styles "toast" nodes: the same look as its
   * own toasts, light and dark. */
  gtk_widget_class_set_css_name (widget_class, "toast");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
hp_toast_widget_init (HpToastWidget *self)
{
  self->title_bin = ADW_BIN (adw_bin_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_bin), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->title_bin), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->title_bin), GTK_WIDGET (self));

  /* Kept while a custom title shows instead. */
  self->title_label = GTK_LABEL (g_object_ref_sink (gtk_label_new (NULL)));
  gtk_label_set_use_markup (self->title_label, TRUE);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (self->title_label, TRUE);
  gtk_label_set_xalign (self->title_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  adw_bin_set_child (self->title_bin, GTK_WIDGET (self->title_label));

  self->action_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->action_button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->action_button), GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self->action_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->action_button), FALSE);
  g_signal_connect_swapped (self->action_button, "clicked", G_CALLBACK (action_clicked_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (self->action_button), GTK_WIDGET (self));

  self->close_button = GTK_BUTTON (gtk_button_new_from_icon_name ("window-close-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->close_button), GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self->close_button), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->close_button), "circular");
  gtk_widget_add_css_class (GTK_WIDGET (self->close_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->close_button), _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->close_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"), -1);
  g_signal_connect_swapped (self->close_button, "clicked", G_CALLBACK (close_clicked_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (self->close_button), GTK_WIDGET (self));
}

/**
 * hp_toast_widget_new:
 *
 * Returns: (transfer floating): an empty toast widget
 */
GtkWidget *
hp_toast_widget_new (void)
{
  return g_object_new (HP_TYPE_TOAST_WIDGET, NULL);
}
