/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-coalesce.h"

struct _HpCoalesce
{
  GtkWidget       *widget;        /* not owned: the owner frees us first */
  HpCoalesceFunc   func;
  gpointer         user_data;
  HpCoalesceFlags  flags;
  guint            interval_ms;
  gulong           map_id;
  guint            source_id;     /* idle or timeout; at most one */
  gint64           last_run_us;   /* monotonic; 0: never */
  gboolean         pending;
};

static void
run (HpCoalesce *self)
{
  g_clear_handle_id (&self->source_id, g_source_remove);
  self->pending = FALSE;
  self->last_run_us = g_get_monotonic_time ();
  self->func (self->user_data);
}

static gboolean
fire_cb (gpointer data)
{
  HpCoalesce *self = data;

  self->source_id = 0;
  /* Hidden in the meantime: the next map catches up. */
  if (self->pending && gtk_widget_get_mapped (self->widget))
    run (self);
  return G_SOURCE_REMOVE;
}

/* Shown again: catch up before the next frame is drawn. */
static void
map_cb (GtkWidget  *widget,
        HpCoalesce *self)
{
  if (self->pending && self->source_id == 0)
    self->source_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fire_cb, self, NULL);
}

/**
 * hp_coalesce_new:
 * @widget: the panel; whether it is mapped decides
 * @interval_ms: the least time between two updates during a live run
 * @flags: how a change outside a live run is handled
 * @func: redoes the panel's work
 * @user_data: for @func
 *
 * Free it with hp_coalesce_free() in the panel's dispose.
 *
 * Returns: (transfer full): a coalescer, with nothing pending
 */
HpCoalesce *
hp_coalesce_new (GtkWidget       *widget,
                 guint            interval_ms,
                 HpCoalesceFlags  flags,
                 HpCoalesceFunc   func,
                 gpointer         user_data)
{
  HpCoalesce *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (HpCoalesce, 1);
  self->widget = widget;
  self->func = func;
  self->user_data = user_data;
  self->flags = flags;
  self->interval_ms = interval_ms;
  self->map_id = g_signal_connect (widget, "map", G_CALLBACK (map_cb), self);
  return self;
}

void
hp_coalesce_free (HpCoalesce *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source_id, g_source_remove);
  g_clear_signal_handler (&self->map_id, self->widget);
  g_free (self);
}

/**
 * hp_coalesce_queue:
 * @self: a coalescer
 * @live: whether the change is part of a live run's stream of changes
 *
 * Something the panel shows changed: update now, later, or when the
 * panel is shown again (see the file's comment).
 */
void
hp_coalesce_queue (HpCoalesce *self,
                   gboolean    live)
{
  gint64 now;
  gint64 next;

  g_return_if_fail (self != NULL);

  self->pending = TRUE;
  if (!gtk_widget_get_mapped (self->widget) || self->source_id != 0)
    return;

  now = g_get_monotonic_time ();
  next = self->last_run_us + (gint64) self->interval_ms * 1000;
  if (live && self->last_run_us != 0 && now < next)
    self->source_id = g_timeout_add ((guint) ((next - now + 999) / 1000), fire_cb, self);
  else if (self->flags & HP_COALESCE_IDLE)
    self->source_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fire_cb, self, NULL);
  else
    run (self);
}

/**
 * hp_coalesce_queue_for:
 * @profile: (nullable): the profile that changed
 *
 * hp_coalesce_queue(), live while @profile's latest run executes.
 */
void
hp_coalesce_queue_for (HpCoalesce *self,
                       HpProfile  *profile)
{
  hp_coalesce_queue (self, profile != NULL && hp_coalesce_profile_is_live (profile));
}

/**
 * hp_coalesce_flush:
 * @self: (nullable): a coalescer (%NULL once the panel is disposed)
 *
 * Does a pending update now, whether the panel is shown or not: for the
 * panel's getters, so what they return is never out of date.
 *
 * Returns: whether an update was done
 */
gboolean
hp_coalesce_flush (HpCoalesce *self)
{
  if (self == NULL || !self->pending)
    return FALSE;
  run (self);
  return TRUE;
}

/**
 * hp_coalesce_done:
 * @self: (nullable): a coalescer (%NULL once the panel is disposed)
 *
 * The panel just updated by itself (a direct call): nothing is pending
 * any more.
 */
void
hp_coalesce_done (HpCoalesce *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->source_id, g_source_remove);
  self->pending = FALSE;
  self->last_run_us = g_get_monotonic_time ();
}

gboolean
hp_coalesce_is_pending (HpCoalesce *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->pending;
}

/**
 * hp_coalesce_profile_is_live:
 *
 * Returns: whether @profile's latest run is executing (changes then come
 *   many times a second)
 */
gboolean
hp_coalesce_profile_is_live (HpProfile *profile)
{
  HpRun *latest;

  g_return_val_if_fail (HP_IS_PROFILE (profile), FALSE);

  latest = hp_profile_get_latest_run (profile);
  return latest != NULL && hp_run_get_status (latest) == HP_RUN_STATUS_RUNNING;
}
