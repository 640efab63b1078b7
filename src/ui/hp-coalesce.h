/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HpCoalesce: when a panel redoes its work after a change.
 *
 * A panel that is not shown (a hidden stack page) only remembers that it
 * is out of date and catches up when it is mapped again. A shown panel
 * updates at once, except while a live run streams changes in: then at
 * most once per interval (the first change at once, the others held back
 * and done together when the interval ends, so the last state is always
 * shown). One timeout per panel, never one per change. */
#pragma once

#include <gtk/gtk.h>

#include "hp-profile.h"

G_BEGIN_DECLS

/* How often a shown panel recomputes while a live run changes. */
#define HP_COALESCE_LIVE_INTERVAL_MS 300

typedef struct _HpCoalesce HpCoalesce;

typedef void (*HpCoalesceFunc) (gpointer user_data);

/**
 * HpCoalesceFlags:
 * @HP_COALESCE_NOW: a change outside a live run updates at once
 * @HP_COALESCE_IDLE: a change outside a live run updates in a
 *   high-priority idle, before the next frame (several changes that come
 *   together then cost one update)
 */
typedef enum {
  HP_COALESCE_NOW  = 0,
  HP_COALESCE_IDLE = 1 << 0,
} HpCoalesceFlags;

HpCoalesce *hp_coalesce_new        (GtkWidget       *widget,
                                    guint            interval_ms,
                                    HpCoalesceFlags  flags,
                                    HpCoalesceFunc   func,
                                    gpointer         user_data);
void        hp_coalesce_free       (HpCoalesce      *self);
void        hp_coalesce_queue      (HpCoalesce      *self,
                                    gboolean         live);
void        hp_coalesce_queue_for  (HpCoalesce      *self,
                                    HpProfile       *profile);
gboolean    hp_coalesce_flush      (HpCoalesce      *self);
void        hp_coalesce_done       (HpCoalesce      *self);
gboolean    hp_coalesce_is_pending (HpCoalesce      *self);

gboolean    hp_coalesce_profile_is_live (HpProfile *profile);

G_END_DECLS
