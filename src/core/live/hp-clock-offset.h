/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The estimated difference between this computer's clock and a server's,
 * for one connection (or one event log). Each message that carries a
 * server timestamp and was stamped on receipt is a sample of
 * (received − server) = offset + network and queueing delay ≥ offset, so
 * the smallest sample is the best estimate: it has the least delay in it.
 * Server times convert to local ones as server + offset, which keeps a
 * converted time at or before the receipt of its own message. */
typedef struct _HpClockOffset HpClockOffset;

#define HP_TYPE_CLOCK_OFFSET (hp_clock_offset_get_type ())

GType           hp_clock_offset_get_type      (void) G_GNUC_CONST;

HpClockOffset  *hp_clock_offset_new           (void);
HpClockOffset  *hp_clock_offset_copy          (const HpClockOffset *self);
void            hp_clock_offset_free          (HpClockOffset       *self);

/* One message that had both times (µs since the epoch). */
void            hp_clock_offset_add_sample    (HpClockOffset       *self,
                                               gint64               server_us,
                                               gint64               received_us);
guint           hp_clock_offset_get_n_samples (const HpClockOffset *self);
/* local − server in µs; 0 before any sample. */
gint64          hp_clock_offset_get_offset_us (const HpClockOffset *self);
/* @server_us on the local clock; HP_TIME_UNKNOWN stays unknown, and so
 * does every time before the first sample. */
gint64          hp_clock_offset_to_local      (const HpClockOffset *self,
                                               gint64               server_us);
/* "offset +1.250 s estimated from 4 messages" for run notes. */
char           *hp_clock_offset_describe      (const HpClockOffset *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpClockOffset, hp_clock_offset_free)

G_END_DECLS
