/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-toast-overlay.h"

#include "hp-toast-widget.h"

struct _HpToastOverlay
{
  GtkWidget      parent_instance;

  GtkOverlay    *overlay;
  GtkRevealer   *revealer;
  HpToastWidget *toast_widget;

  AdwToast      *current;   /* owned; NULL while none shows */
  GQueue         queue;     /* owned AdwToasts waiting, next first */
  GtkEventController *motion;  /* on the toast widget */
  guint          timeout_id;
};

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void hp_toast_overlay_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HpToastOverlay, hp_toast_overlay, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      hp_toast_overlay_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

static void toast_dismissed_cb (AdwToast       *toast,
                                HpToastOverlay *self);

/**
 * hp_toast_overlay_dismiss:
 * @toast: a toast given to hp_toast_overlay_add_toast()
 *
 * Takes @toast away (or out of the queue) and emits its "dismissed".
 * Use it instead of adw_toast_dismiss(), which in libadwaita 1.2 does
 * nothing for a toast that was not added to an AdwToastOverlay.
 */
void
hp_toast_overlay_dismiss (AdwToast *toast)
{
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_signal_emit_by_name (toast, "dismissed");
}

static void
stop_timeout (HpToastOverlay *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static gboolean
timeout_cb (gpointer data)
{
  HpToastOverlay *self = data;

  self->timeout_id = 0;
  if (self->current != NULL)
    hp_toast_overlay_dismiss (self->current);
  return G_SOURCE_REMOVE;
}

/* The toast's timeout counts while the pointer is elsewhere; a toast the
 * user is reaching for stays. */
static void
start_timeout (HpToastOverlay *self)
{
  guint seconds;

  stop_timeout (self);
  if (self->current == NULL
      || gtk_event_controller_motion_contains_pointer (GTK_EVENT_CONTROLLER_MOTION (self->motion)))
    return;
  seconds = adw_toast_get_timeout (self->current);
  if (seconds > 0)
    /* Not g_timeout_add_seconds(): that one may fire up to a second early. */
    self->timeout_id = g_timeout_add (seconds * 1000, timeout_cb, self);
}

static void
show_toast (HpToastOverlay *self,
            AdwToast       *toast)
{
  self->current = toast;
  hp_toast_widget_set_toast (self->toast_widget, toast);
  gtk_widget_set_can_target (GTK_WIDGET (self->toast_widget), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  start_timeout (self);
}

static void
show_next (HpToastOverlay *self)
{
  AdwToast *next = g_queue_pop_head (&self->queue);

  if (next != NULL)
    {
      show_toast (self, next);
      return;
    }

  /* The last toast slides out as it was; clicks on it do nothing more. */
  gtk_widget_set_can_target (GTK_WIDGET (self->toast_widget), FALSE);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

/* Dismissed by its close button, its button, the timeout, Escape or the
 * caller (adw_toast_dismiss()): forgotten here, once. */
static void
toast_dismissed_cb (AdwToast       *toast,
                    HpToastOverlay *self)
{
  g_signal_handlers_disconnect_by_func (toast, toast_dismissed_cb, self);

  if (toast == self->current)
    {
      stop_timeout (self);
      self->current = NULL;
      show_next (self);
      g_object_unref (toast);
    }
  else if (g_queue_remove (&self->queue, toast))
    {
      g_object_unref (toast);
    }
}

static void
child_revealed_cb (HpToastOverlay *self)
{
  /* Hidden: the last toast's widget lets go of it. */
  if (!gtk_revealer_get_child_revealed (self->revealer) && self->current == NULL)
    hp_toast_widget_set_toast (self->toast_widget, NULL);
}

/* The pointer came onto the toast (the timeout waits) or left it (it
 * starts again). */
static void
contains_pointer_cb (HpToastOverlay *self)
{
  start_timeout (self);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  HpToastOverlay *self = HP_TOAST_OVERLAY (widget);

  if (self->current == NULL)
    return FALSE;
  hp_toast_overlay_dismiss (self->current);
  return TRUE;
}

/**
 * hp_toast_overlay_add_toast:
 * @toast: (transfer full): a toast not shown anywhere yet
 *
 * Shows @toast now when nothing shows or when it has high priority (the
 * one showing waits in front of the queue then), otherwise after the
 * toasts already waiting, as adw_toast_overlay_add_toast() does.
 */
void
hp_toast_overlay_add_toast (HpToastOverlay *self,
                            AdwToast       *toast)
{
  g_return_if_fail (HP_IS_TOAST_OVERLAY (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (toast == self->current || g_queue_find (&self->queue, toast) != NULL)
    {
      g_critical ("Toast “%s” is already shown", adw_toast_get_title (toast));
      return;
    }

  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);

  if (self->current == NULL)
    show_toast (self, toast);
  else if (adw_toast_get_priority (toast) == ADW_TOAST_PRIORITY_HIGH)
    {
      g_queue_push_head (&self->queue, self->current);
      show_toast (self, toast);
    }
  else
    g_queue_push_tail (&self->queue, toast);
}

/**
 * hp_toast_overlay_get_current:
 *
 * Returns: (transfer none) (nullable): the toast showing, for tests and
 *   for callers that update it
 */
AdwToast *
hp_toast_overlay_get_current (HpToastOverlay *self)
{
  g_return_val_if_fail (HP_IS_TOAST_OVERLAY (self), NULL);

  return self->current;
}

/**
 * hp_toast_overlay_get_n_queued:
 *
 * Returns: how many toasts wait behind the one showing
 */
guint
hp_toast_overlay_get_n_queued (HpToastOverlay *self)
{
  g_return_val_if_fail (HP_IS_TOAST_OVERLAY (self), 0);

  return g_queue_get_length (&self->queue);
}

/**
 * hp_toast_overlay_get_child:
 *
 * Returns: (transfer none) (nullable): the content under the toasts
 */
GtkWidget *
hp_toast_overlay_get_child (HpToastOverlay *self)
{
  g_return_val_if_fail (HP_IS_TOAST_OVERLAY (self), NULL);

  return gtk_overlay_get_child (self->overlay);
}

/**
 * hp_toast_overlay_set_child:
 * @child: (nullable): the content under the toasts
 */
void
hp_toast_overlay_set_child (HpToastOverlay *self,
                            GtkWidget      *child)
{
  g_return_if_fail (HP_IS_TOAST_OVERLAY (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (gtk_overlay_get_child (self->overlay) == child)
    return;
  gtk_overlay_set_child (self->overlay, child);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

static void
drop_toast (gpointer data,
            gpointer user_data)
{
  AdwToast *toast = data;

  /* As AdwToastOverlay does when it goes: every toast still there is
   * dismissed, so that its owner knows. */
  g_signal_handlers_disconnect_by_func (toast, toast_dismissed_cb, user_data);
  hp_toast_overlay_dismiss (toast);
  g_object_unref (toast);
}

static void
hp_toast_overlay_dispose (GObject *object)
{
  HpToastOverlay *self = HP_TOAST_OVERLAY (object);
  AdwToast *current = g_steal_pointer (&self->current);

  stop_timeout (self);
  if (current != NULL)
    drop_toast (current, self);
  while (!g_queue_is_empty (&self->queue))
    drop_toast (g_queue_pop_head (&self->queue), self);

  if (self->overlay != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->overlay));
      self->overlay = NULL;
      self->revealer = NULL;
      self->toast_widget = NULL;
      self->motion = NULL;
    }

  G_OBJECT_CLASS (hp_toast_overlay_parent_class)->dispose (object);
}

static void
hp_toast_overlay_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HpToastOverlay *self = HP_TOAST_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, hp_toast_overlay_get_child (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_toast_overlay_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HpToastOverlay *self = HP_TOAST_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      hp_toast_overlay_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hp_toast_overlay_class_init (HpToastOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hp_toast_overlay_dispose;
  object_class->get_property = hp_toast_overlay_get_property;
  object_class->set_property = hp_toast_overlay_set_property;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "toastoverlay");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  g_type_ensure (HP_TYPE_TOAST_WIDGET);
}

static void
hp_toast_overlay_init (HpToastOverlay *self)
{
  g_queue_init (&self->queue);

  self->overlay = GTK_OVERLAY (gtk_overlay_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->overlay), GTK_WIDGET (self));

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_widget_set_halign (GTK_WIDGET (self->revealer), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->revealer), GTK_ALIGN_END);
  g_signal_connect_swapped (self->revealer, "notify::child-revealed",
                            G_CALLBACK (child_revealed_cb), self);
  gtk_overlay_add_overlay (self->overlay, GTK_WIDGET (self->revealer));

  self->toast_widget = HP_TOAST_WIDGET (hp_toast_widget_new ());
  /* libadwaita's toasts are 450 px wide unless the window is narrower
   * (HpWindow is at least 640 px wide). */
  gtk_widget_set_size_request (GTK_WIDGET (self->toast_widget), 450, -1);
  gtk_revealer_set_child (self->revealer, GTK_WIDGET (self->toast_widget));

  self->motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (self->motion, "notify::contains-pointer",
                            G_CALLBACK (contains_pointer_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_widget), self->motion);
}

static void
hp_toast_overlay_buildable_add_child (GtkBuildable *buildable,
                                      GtkBuilder   *builder,
                                      GObject      *child,
                                      const char   *type)
{
  if (type == NULL && GTK_IS_WIDGET (child))
    hp_toast_overlay_set_child (HP_TOAST_OVERLAY (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
hp_toast_overlay_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = hp_toast_overlay_buildable_add_child;
}

/**
 * hp_toast_overlay_new:
 *
 * Returns: (transfer floating): an overlay with no child and no toast
 */
GtkWidget *
hp_toast_overlay_new (void)
{
  return g_object_new (HP_TYPE_TOAST_OVERLAY, NULL);
}
