/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-connection-indicator.h"

#include <glib/gi18n.h>

#include "hp-config.h"

struct _HpConnectionIndicator
{
  GtkWidget         parent_instance;

  HpLiveController *controller;
  GSignalGroup     *signals;

  GtkMenuButton    *button;
  GtkImage         *icon;
  GtkLabel         *label;
  GtkLabel         *server_label;
  GtkLabel         *state_label;
  GtkLabel         *runs_label;
  GtkWidget        *stop_button;
  GtkWidget        *disconnect_button;
};

G_DEFINE_FINAL_TYPE (HpConnectionIndicator, hp_connection_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (HpConnectionIndicator *self)
{
  g_autofree char *text = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *runs = NULL;
  g_autofree char *accessible = NULL;
  HpComfyClientState state;
  const char *server;
  const char *icon_name;
  const char *css_class = NULL;
  guint n_runs;

  g_assert (HP_IS_CONNECTION_INDICATOR (self));

  gtk_widget_set_visible (GTK_WIDGET (self), self->controller != NULL);
  if (self->controller == NULL)
    return;

  state = hp_live_controller_get_state (self->controller);
  server = hp_live_controller_get_server_label (self->controller);
  n_runs = hp_live_controller_get_n_runs (self->controller);

  switch (state)
    {
    case HP_COMFY_CLIENT_CONNECTED:
      /* Translators: %s is a server, "127.0.0.1:8188" */
      text = g_strdup_printf (_("Connected to %s"), server);
      state_text = g_strdup (hp_live_controller_get_running (self->controller)
                             ? _("Connected; running the workflow")
                             : _("Connected; recording every run the server reports"));
      icon_name = "network-transmit-receive-symbolic";
      css_class = "success";
      break;
    case HP_COMFY_CLIENT_CONNECTING:
      text = g_strdup (_("Connecting…"));
      state_text = g_strdup (_("Connecting to the server"));
      icon_name = "emblem-synchronizing-symbolic";
      break;
    case HP_COMFY_CLIENT_RECONNECTING:
      text = g_strdup (_("Reconnecting…"));
      state_text = g_strdup (_("The connection was lost; trying again. Everything recorded is kept."));
      icon_name = "emblem-synchronizing-symbolic";
      css_class = "warning";
      break;
    case HP_COMFY_CLIENT_DISCONNECTED:
    default:
      text = g_strdup (_("Disconnected"));
      state_text = g_strdup (_("Not connected; the runs recorded stay in their windows"));
      icon_name = "network-wired-disconnected-symbolic";
      break;
    }

  gtk_label_set_text (self->label, text);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), css_class);

  gtk_label_set_text (self->server_label, hp_live_controller_get_address (self->controller));
  gtk_label_set_text (self->state_label, state_text);
  runs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run recorded", "%u runs recorded", n_runs), n_runs);
  gtk_label_set_text (self->runs_label, runs);
  gtk_widget_set_visible (self->stop_button, hp_live_controller_get_running (self->controller));
  gtk_widget_set_sensitive (self->disconnect_button, state != HP_COMFY_CLIENT_DISCONNECTED);

  /* Translators: the tooltip of the connection button: its text, then
   * how many runs were recorded */
  accessible = g_strdup_printf (_("%s — %s"), text, runs);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, state_text,
                                  -1);
}

static void
hp_connection_indicator_dispose (GObject *object)
{
  HpConnectionIndicator *self = HP_CONNECTION_INDICATOR (object);

  g_clear_object (&self->signals);
  g_clear_object (&self->controller);
  gtk_widget_dispose_template (GTK_WIDGET (self), HP_TYPE_CONNECTION_INDICATOR);

  G_OBJECT_CLASS (hp_connection_indicator_parent_class)->dispose (object);
}

static void
hp_connection_indicator_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  HpConnectionIndicator *self = HP_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_connection_indicator_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  HpConnectionIndicator *self = HP_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      hp_connection_indicator_set_controller (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_connection_indicator_class_init (HpConnectionIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_connection_indicator_dispose;
  object_class->get_property = hp_connection_indicator_get_property;
  object_class->set_property = hp_connection_indicator_set_property;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, HP_TYPE_LIVE_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hotpath/Hotpath/hp-connection-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, HpConnectionIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, HpConnectionIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, HpConnectionIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, HpConnectionIndicator, server_label);
  gtk_widget_class_bind_template_child (widget_class, HpConnectionIndicator, state_label);
  gtk_widget_class_bind_template_child (widget_class, HpConnectionIndicator, runs_label);
  gtk_widget_class_bind_template_child (widget_class, HpConnectionIndicator, stop_button);
  gtk_widget_class_bind_template_child (widget_class, HpConnectionIndicator, disconnect_button);
  gtk_widget_class_set_css_name (widget_class, "connection-indicator");
}

static void
hp_connection_indicator_init (HpConnectionIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (HP_TYPE_LIVE_CONTROLLER);
  g_signal_group_connect_swapped (self->signals, "notify::state", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->signals, "notify::n-runs", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->signals, "notify::running", G_CALLBACK (update), self);
  update (self);
}

GtkWidget *
hp_connection_indicator_new (void)
{
  return g_object_new (HP_TYPE_CONNECTION_INDICATOR, NULL);
}

HpLiveController *
hp_connection_indicator_get_controller (HpConnectionIndicator *self)
{
  g_return_val_if_fail (HP_IS_CONNECTION_INDICATOR (self), NULL);
  return self->controller;
}

void
hp_connection_indicator_set_controller (HpConnectionIndicator *self,
                                        HpLiveController      *controller)
{
  g_return_if_fail (HP_IS_CONNECTION_INDICATOR (self));
  g_return_if_fail (controller == NULL || HP_IS_LIVE_CONTROLLER (controller));

  if (!g_set_object (&self->controller, controller))
    return;
  g_signal_group_set_target (self->signals, controller);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLLER]);
}

const char *
hp_connection_indicator_get_text (HpConnectionIndicator *self)
{
  g_return_val_if_fail (HP_IS_CONNECTION_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}
