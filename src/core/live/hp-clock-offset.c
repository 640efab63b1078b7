/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-clock-offset.h"
#include <glib/gi18n.h>

#include "hp-enums.h"
#include "hp-format.h"

/* A time a file or server may give: 1970 to 2200 (HP_FORMAT_MAX_TIMESTAMP_US). */
static gboolean
plausible (gint64 time_us)
{
  return time_us >= 0 && time_us <= HP_FORMAT_MAX_TIMESTAMP_US;
}

struct _HpClockOffset
{
  guint  n_samples;
  gint64 offset_us;
};

G_DEFINE_BOXED_TYPE (HpClockOffset, hp_clock_offset, hp_clock_offset_copy, hp_clock_offset_free)

HpClockOffset *
hp_clock_offset_new (void)
{
  return g_new0 (HpClockOffset, 1);
}

HpClockOffset *
hp_clock_offset_copy (const HpClockOffset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_memdup2 (self, sizeof *self);
}

void
hp_clock_offset_free (HpClockOffset *self)
{
  g_free (self);
}

/**
 * hp_clock_offset_add_sample:
 * @server_us: the timestamp the server put in a message (server clock)
 * @received_us: when that message arrived (local clock)
 *
 * Keeps the smallest received − server seen so far.
 */
void
hp_clock_offset_add_sample (HpClockOffset *self,
                            gint64         server_us,
                            gint64         received_us)
{
  gint64 sample;

  g_return_if_fail (self != NULL);

  /* a garbled timestamp must not drag the estimate (and every converted
   * time) out of range */
  if (!plausible (server_us) || !plausible (received_us))
    return;
  sample = received_us - server_us;
  if (self->n_samples == 0 || sample < self->offset_us)
    self->offset_us = sample;
  self->n_samples++;
}

guint
hp_clock_offset_get_n_samples (const HpClockOffset *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_samples;
}

gint64
hp_clock_offset_get_offset_us (const HpClockOffset *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_samples > 0 ? self->offset_us : 0;
}

gint64
hp_clock_offset_to_local (const HpClockOffset *self,
                          gint64               server_us)
{
  gint64 local_us;

  g_return_val_if_fail (self != NULL, HP_TIME_UNKNOWN);

  if (!plausible (server_us) || self->n_samples == 0)
    return HP_TIME_UNKNOWN;
  /* both terms lie within ±HP_FORMAT_MAX_TIMESTAMP_US: no overflow; a
   * server clock that jumped can still land out of range, and then the
   * caller keeps its local receive time */
  local_us = server_us + self->offset_us;
  return plausible (local_us) ? local_us : HP_TIME_UNKNOWN;
}

char *
hp_clock_offset_describe (const HpClockOffset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->n_samples == 0)
    return g_strdup (_("no server timestamps"));
  /* Translators: the offset in seconds, then the number of messages */
  return g_strdup_printf (ngettext ("server clock offset %+.3f s estimated from %u message",
                                    "server clock offset %+.3f s estimated from %u messages",
                                    self->n_samples),
                          (double) self->offset_us / G_USEC_PER_SEC, self->n_samples);
}
