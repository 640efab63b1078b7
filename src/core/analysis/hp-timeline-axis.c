/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The timeline's time axis: the mapping between time and pixels under
 * zoom and pan, and the tick marks with their labels. */
#include "hp-timeline.h"

#include <math.h>
#include <string.h>

/* ---- axis --------------------------------------------------------------- */

double
hp_timeline_axis_to_x (const HpTimelineAxis *axis,
                       double                t_us)
{
  g_return_val_if_fail (axis != NULL, 0);
  return (t_us - axis->start_us) * axis->px_per_us;
}

double
hp_timeline_axis_to_time (const HpTimelineAxis *axis,
                          double                x)
{
  g_return_val_if_fail (axis != NULL, 0);
  g_return_val_if_fail (axis->px_per_us > 0, axis->start_us);
  return axis->start_us + x / axis->px_per_us;
}

/**
 * hp_timeline_axis_fit:
 *
 * Makes [@start_us, @end_us] fill @width_px.
 */
void
hp_timeline_axis_fit (HpTimelineAxis *axis,
                      double          start_us,
                      double          end_us,
                      double          width_px)
{
  g_return_if_fail (axis != NULL);

  if (!(end_us > start_us))
    end_us = start_us + 1.0;
  axis->start_us = start_us;
  axis->px_per_us = MAX (width_px, 1.0) / (end_us - start_us);
}

void
hp_timeline_axis_zoom_at (HpTimelineAxis *axis,
                          double          factor,
                          double          x,
                          double          min_px_per_us,
                          double          max_px_per_us)
{
  double t;

  g_return_if_fail (axis != NULL);
  g_return_if_fail (axis->px_per_us > 0 && factor > 0);

  t = hp_timeline_axis_to_time (axis, x);
  axis->px_per_us = CLAMP (axis->px_per_us * factor, min_px_per_us, max_px_per_us);
  axis->start_us = t - x / axis->px_per_us;
}

void
hp_timeline_axis_clamp (HpTimelineAxis *axis,
                        double          lo_us,
                        double          hi_us,
                        double          width_px)
{
  double half;

  g_return_if_fail (axis != NULL);
  g_return_if_fail (axis->px_per_us > 0);

  /* The left edge may go from half a view before @lo_us to half a view
   * before @hi_us. */
  half = MAX (width_px, 0) / axis->px_per_us / 2.0;
  axis->start_us = CLAMP (axis->start_us, lo_us - half, MAX (hi_us - half, lo_us - half));
}

/* ---- ticks -------------------------------------------------------------- */

#define SECOND (G_GINT64_CONSTANT (1000000))
#define MINUTE (60 * SECOND)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

gint64
hp_timeline_tick_step (double span_us,
                       double max_ticks)
{
  /* Past a second, steps people count time in. */
  static const gint64 coarse[] = {
    SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
    MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
    HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  };
  double need;
  gint64 step = 1;

  if (!(max_ticks >= 1))
    max_ticks = 1;
  if (!(span_us > 0))
    return 1;
  need = span_us / max_ticks;

  for (gint64 decade = 1; decade < SECOND; decade *= 10)
    for (guint m = 0; m < 3; m++)
      {
        step = decade * (m == 0 ? 1 : m == 1 ? 2 : 5);
        if (step >= need)
          return step;
      }
  for (guint i = 0; i < G_N_ELEMENTS (coarse); i++)
    if (coarse[i] >= need)
      return coarse[i];
  /* Days, 1, 2, 5 × 10ⁿ of them. */
  for (gint64 decade = DAY; decade < G_MAXINT64 / 50; decade *= 10)
    for (guint m = 0; m < 3; m++)
      {
        step = decade * (m == 0 ? 1 : m == 1 ? 2 : 5);
        if (step >= need)
          return step;
      }
  return step;
}

gint64
hp_timeline_first_tick (double start_us,
                        gint64 step_us)
{
  g_return_val_if_fail (step_us > 0, 0);
  return (gint64) ceil (start_us / (double) step_us) * step_us;
}

/* "1.5", "2", "0.25": @us as seconds with @decimals places, trailing
 * zeros dropped. */
static void
append_seconds (GString *out,
                gint64   us,
                int      decimals)
{
  g_autofree char *text = g_strdup_printf ("%.*f", decimals, (double) us / SECOND);
  gsize len = strlen (text);

  if (decimals > 0)
    {
      while (len > 0 && text[len - 1] == '0')
        len--;
      /* The decimal separator, whatever the locale makes it. */
      if (len > 0 && !g_ascii_isdigit (text[len - 1]))
        len--;
    }
  g_string_append_len (out, text, len);
}

/**
 * hp_timeline_format_tick:
 * @t_us: a multiple of @step_us
 * @step_us: the tick step, which sets how many decimals are shown
 *
 * Returns: (transfer full): e.g. "0 s", "0.25 s", "1 min 30 s", "1 h",
 *   "−0.5 s"; "0.25 ms" for steps under a millisecond (below 1 s)
 */
char *
hp_timeline_format_tick (gint64 t_us,
                         gint64 step_us)
{
  GString *out = g_string_new (NULL);
  gint64 abs_us = t_us < 0 ? -t_us : t_us;
  int decimals = 6;
  gint64 hours;
  gint64 minutes;
  gint64 rest;

  g_return_val_if_fail (step_us > 0, g_string_free (out, FALSE));

  /* As many decimals as the step has below a second: 0.2 s → 1, 50 ms → 2. */
  for (gint64 s = step_us; decimals > 0 && s % 10 == 0; s /= 10)
    decimals--;

  if (t_us < 0)
    g_string_append (out, "−");
  /* Steps below a millisecond read better in milliseconds: "0.25 ms". */
  if (step_us < 1000 && abs_us < SECOND)
    {
      append_seconds (out, abs_us * 1000, decimals - 3);
      g_string_append (out, " ms");
      return g_string_free (out, FALSE);
    }
  if (abs_us < MINUTE)
    {
      append_seconds (out, abs_us, decimals);
      g_string_append (out, " s");
      return g_string_free (out, FALSE);
    }
  hours = abs_us / HOUR;
  minutes = (abs_us % HOUR) / MINUTE;
  rest = abs_us % MINUTE;
  if (hours > 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT " h", hours);
  if (minutes > 0)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT " min", out->len > 0 && hours > 0 ? " " : "", minutes);
  if (rest > 0)
    {
      if (hours > 0 || minutes > 0)
        g_string_append_c (out, ' ');
      append_seconds (out, rest, decimals);
      g_string_append (out, " s");
    }
  return g_string_free (out, FALSE);
}
